//! Loading: walk the site folder (content, data, static, templates) without
//! following links out of it, read text safely (UTF-8, BOM, CRLF), and hand
//! back plain data. Nothing here interprets the files.

use crate::diagnostics::{line_col, Diagnostic};
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

/// A text file of the site, read and normalised.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path as shown to the editor, relative to the folder the command was given.
    pub display: PathBuf,
    /// Path below its root (`content/`, `static/`, ...), with `/` separators.
    pub rel: String,
    pub text: String,
}

/// A file found by a walk: where it is on disk and its path below the root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundFile {
    pub rel: String,
    pub abs: PathBuf,
}

/// Every file below `root` (sorted, hidden and editor-temporary files skipped).
/// A link leaving `site_root`, or a folder link, is an error naming it.
pub fn walk(root: &Path, site_root: &Path, show_root: &Path) -> (Vec<FoundFile>, Vec<Diagnostic>) {
    let mut files = Vec::new();
    let mut problems = Vec::new();
    if !root.is_dir() {
        return (files, problems);
    }
    if let Err(d) = check_inside(root, site_root, show_root, LinkUse::Folder) {
        problems.push(d);
        return (files, problems);
    }
    let walker = WalkDir::new(root)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_ignored(&e.file_name().to_string_lossy()));
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                problems.push(
                    Diagnostic::error(
                        "io",
                        format!(
                            "cannot read {}: {e}",
                            shown(e.path().unwrap_or(root), show_root).display()
                        ),
                    )
                    .with_hint("check the folder's permissions"),
                );
                continue;
            }
        };
        let path = entry.path();
        let file_type = entry.file_type();
        if file_type.is_symlink() {
            if let Err(d) = check_inside(path, site_root, show_root, LinkUse::File) {
                problems.push(d);
                continue;
            }
        } else if !file_type.is_file() {
            continue;
        }
        let rel = path
            .strip_prefix(root)
            .unwrap_or(path)
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/");
        files.push(FoundFile {
            rel,
            abs: path.to_path_buf(),
        });
    }
    (files, problems)
}

/// What a checked path is used as: a file, or a folder signpost reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkUse {
    File,
    Folder,
}

/// Refuse `path` when it is, or lies below, a link (symlink) that leaves
/// the site folder `site_root`, or a link to nothing; for a `LinkUse::File`,
/// a link to a folder too. The one check for content/, static/, templates/,
/// site.yaml, data/ and themes/. A path that does not exist is not refused.
pub fn check_inside(
    path: &Path,
    site_root: &Path,
    show_root: &Path,
    used_as: LinkUse,
) -> Result<(), Diagnostic> {
    if std::fs::symlink_metadata(path).is_err() {
        return Ok(());
    }
    let what = match path.canonicalize() {
        Err(_) => "which does not exist",
        Ok(target) if !target.starts_with(real_root(site_root)) => "outside the site folder",
        Ok(target) if used_as == LinkUse::File && path.is_symlink() && target.is_dir() => {
            "a folder, which signpost does not follow"
        }
        Ok(_) => return Ok(()),
    };
    // The link to name: the one nearest the site folder, on the way to `path`.
    let link = path
        .ancestors()
        .take_while(|p| p.starts_with(site_root) && *p != site_root)
        .filter(|p| p.is_symlink())
        .last()
        .unwrap_or(path);
    let points_to = std::fs::read_link(link)
        .map(|t| t.display().to_string())
        .unwrap_or_default();
    Err(Diagnostic::error(
        "symlink",
        format!(
            "{} is a link to `{points_to}`, {what}",
            shown(link, show_root).display()
        ),
    )
    .in_file(shown(link, show_root))
    .with_hint("signpost reads only files inside the site folder: copy the file or folder there instead of linking to it"))
}

/// The canonical form of a site folder.
fn real_root(site_root: &Path) -> PathBuf {
    site_root
        .canonicalize()
        .unwrap_or_else(|_| site_root.to_path_buf())
}

/// Why a file under content/ that is not a page must not be published as it
/// is, if it is a source file: Markdown not named `.md`, a backup of a page,
/// or a YAML file. None for assets (images, PDFs) and pages.
pub fn source_like(rel: &str) -> Option<String> {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    let lower = name.to_ascii_lowercase();
    let (stem, ext) = lower.rsplit_once('.')?;
    const MARKDOWN: [&str; 8] = [
        "md", "markdown", "mdown", "mkd", "mkdn", "mdwn", "mdtxt", "mdtext",
    ];
    if MARKDOWN.contains(&ext) && !name.ends_with(".md") {
        let stem = &name[..stem.len()];
        return Some(format!(
            "a page must be named `.md` in lower case: rename it to `{stem}.md` (or move it out of content/)"
        ));
    }
    let backup = stem
        .rsplit_once('.')
        .is_some_and(|(_, inner)| MARKDOWN.contains(&inner));
    if backup && !name.ends_with(".md") {
        return Some(
            "it looks like a copy of a page (front matter and drafts included): move it out of the site folder"
                .into(),
        );
    }
    if ext == "yaml" || ext == "yml" {
        return Some(
            "YAML belongs in site.yaml or data/, not content/: move it out of content/".into(),
        );
    }
    None
}

/// Hidden files, editor backups and swap files never belong to the site.
pub fn is_ignored(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || (name.starts_with('#') && name.ends_with('#'))
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
}

/// `path` as the editor should see it: relative to where they pointed us.
pub fn shown(path: &Path, show_root: &Path) -> PathBuf {
    path.strip_prefix(show_root).unwrap_or(path).to_path_buf()
}

/// Read a text file: strip a byte-order mark, turn CRLF into LF, and refuse
/// bytes that are not UTF-8 with the line where they start.
pub fn read_text(found: &FoundFile, show_root: &Path) -> Result<SourceFile, Diagnostic> {
    let display = shown(&found.abs, show_root);
    let bytes = std::fs::read(&found.abs).map_err(|e| {
        Diagnostic::error("io", format!("cannot read the file: {e}"))
            .in_file(&display)
            .with_hint("check that the file exists and can be read")
    })?;
    let text = decode(&bytes).map_err(|(line, col)| {
        Diagnostic::error("encoding", "the file is not UTF-8 text")
            .in_file(&display)
            .at(Some(line), Some(col))
            .with_hint("save the file as UTF-8 in your editor (\"Save with encoding\" → UTF-8)")
    })?;
    Ok(SourceFile {
        display,
        rel: found.rel.clone(),
        text,
    })
}

/// Decode UTF-8 text; on failure, the line and column of the first bad byte.
pub fn decode(bytes: &[u8]) -> Result<String, (usize, usize)> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(if text.contains('\r') {
            text.replace("\r\n", "\n")
        } else {
            text.to_string()
        }),
        Err(e) => {
            let good = String::from_utf8_lossy(&bytes[..e.valid_up_to()]).into_owned();
            Err(line_col(&good, good.len()))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decode_handles_bom_crlf_and_bad_bytes() {
        assert_eq!(decode(b"\xEF\xBB\xBFa\r\nb").unwrap(), "a\nb");
        assert_eq!(decode(b"ok\nab\xff").unwrap_err(), (2, 3));
    }

    #[test]
    fn editor_files_are_ignored() {
        for name in [".git", "a.md~", "#a.md#", ".a.md.swp", "x.tmp"] {
            assert!(is_ignored(name), "{name}");
        }
        assert!(!is_ignored("signs.md"));
    }
}
