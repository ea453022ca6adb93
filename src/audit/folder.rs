//! `signpost audit DIR`: read a folder of built HTML, made by signpost or any
//! other tool, and run the same audit a build runs.

use super::{
    check, kind, locate, scan_all, AuditOptions, FileKind, Finding, OutputIndex, PageScan,
};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// A folder the audit cannot read.
#[derive(Debug, thiserror::Error)]
pub enum AuditError {
    #[error("{0} is not a folder")]
    NotAFolder(PathBuf),
    #[error("cannot read {0}: {1}")]
    Read(PathBuf, std::io::Error),
}

impl AuditError {
    pub fn hint(&self) -> &'static str {
        match self {
            AuditError::NotAFolder(_) => {
                "name the folder the site was built into, e.g. `signpost audit public`"
            }
            AuditError::Read(..) => "check the file exists and is readable",
        }
    }
}

/// The audit of a folder of built HTML.
#[derive(Debug, Clone, Default)]
pub struct FolderAudit {
    /// The breaches, and the files that are published but could not be read.
    pub findings: Vec<Finding>,
    /// What was left out and publishes nothing (symbolic link loops and
    /// links to nothing).
    pub warnings: Vec<Finding>,
    pub pages: usize,
    /// Stylesheets, scripts and SVG images.
    pub other_files: usize,
}

/// Read a folder of built HTML (from signpost or any other tool) and audit it.
pub fn audit_folder(dir: &Path, options: &AuditOptions) -> Result<FolderAudit, AuditError> {
    let read = read_folder(dir)?;
    let scans = scan_all(&read.files);
    let mut findings = read.errors;
    let pages: Vec<(&str, &PageScan)> = scans.iter().map(|(p, s)| (p.as_str(), s)).collect();
    let outputs: OutputIndex = (read.files.keys())
        .map(|name| (name.as_str(), scans.get(name)))
        .collect();
    let mut found = check(&pages, Some(&read.files), &outputs, options);
    locate(
        &mut found,
        |f| Some(f.page.clone()),
        |page| Some(String::from_utf8_lossy(read.files.get(page)?).into_owned()),
    );
    findings.extend(found);
    Ok(FolderAudit {
        findings,
        warnings: read.warnings,
        pages: scans.len(),
        other_files: read.files.len() - scans.len() - indexes(&read.files),
    })
}

/// The files of a folder the audit reads, and what it could not read.
#[derive(Debug, Default)]
pub struct ReadFolder {
    /// Pages, stylesheets, scripts and SVG images, by path below the folder
    /// with `/` separators.
    pub files: BTreeMap<String, Vec<u8>>,
    /// Files a host would publish that were not read: unreadable, or behind
    /// a symbolic link that leads out of the folder.
    pub errors: Vec<Finding>,
    /// Symbolic links that lead nowhere or back into a folder above them.
    pub warnings: Vec<Finding>,
}

/// How many of `files` are search index files (neither pages nor the
/// stylesheets, scripts and images the summary counts).
fn indexes(files: &BTreeMap<String, Vec<u8>>) -> usize {
    files.keys().filter(|p| super::search::is_index(p)).count()
}

/// Read the files of a folder of built HTML the audit checks (by extension,
/// in any case). Symbolic links are followed inside the folder; one that
/// leads out of it is reported and not read, and a loop or a broken link is
/// reported and the rest read.
pub fn read_folder(dir: &Path) -> Result<ReadFolder, AuditError> {
    if !dir.is_dir() {
        return Err(AuditError::NotAFolder(dir.to_path_buf()));
    }
    let root = dir
        .canonicalize()
        .map_err(|e| AuditError::Read(dir.to_path_buf(), e))?;
    let relative = |path: &Path| {
        path.strip_prefix(dir)
            .unwrap_or(path)
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/")
    };
    let problem = |path: &Path, message: String, hint: &str| Finding {
        page: relative(path),
        message,
        hint: hint.to_string(),
        ..Finding::default()
    };
    let mut read = ReadFolder::default();
    let mut entries = walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter();
    while let Some(entry) = entries.next() {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                let path = e.path().unwrap_or(dir).to_path_buf();
                let (message, hint, warning) = unreadable(&e, &path);
                let list = if warning {
                    &mut read.warnings
                } else {
                    &mut read.errors
                };
                list.push(problem(&path, message, hint));
                continue;
            }
        };
        if entry.path_is_symlink() {
            let outside = entry
                .path()
                .canonicalize()
                .map_or(true, |target| !target.starts_with(&root));
            if outside {
                if entry.file_type().is_dir() {
                    entries.skip_current_dir();
                }
                read.errors.push(problem(
                    entry.path(),
                    "is a symbolic link that leads out of the folder: not read, so not checked"
                        .into(),
                    "copy the file into the folder instead of linking to it",
                ));
                continue;
            }
        }
        let rel = relative(entry.path());
        // The search index is read too: the results it lists are checked.
        let audited = kind(&rel) != FileKind::Other || super::search::is_index(&rel);
        if entry.file_type().is_file() && audited {
            match std::fs::read(entry.path()) {
                Ok(bytes) => {
                    read.files.insert(rel, bytes);
                }
                Err(e) => read.errors.push(problem(
                    entry.path(),
                    format!("cannot be read: {e}"),
                    "check the file is readable",
                )),
            }
        }
    }
    Ok(read)
}

/// Why the entry at `path` could not be read (`e`): what to say, what to do,
/// and whether it is only a warning (a link that is a loop or leads nowhere).
fn unreadable(e: &walkdir::Error, path: &Path) -> (String, &'static str, bool) {
    if e.loop_ancestor().is_some() {
        (
            "is a symbolic link to a folder that holds it (a loop): not read again".into(),
            "remove the link: hosts copy a loop over and over or refuse it",
            true,
        )
    } else if std::fs::symlink_metadata(path).is_ok_and(|m| m.is_symlink()) && !path.exists() {
        (
            "is a symbolic link to nothing: not read".into(),
            "remove the link, or make it point to a file of the folder",
            true,
        )
    } else {
        (
            format!("cannot be read: {e}"),
            "check the file exists and is readable",
            false,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn read_folder_reads_pages_styles_and_scripts() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("a/b")).unwrap();
        for file in [
            "index.html",
            "a/b/p.htm",
            "a/s.css",
            "a/x.js",
            "a/logo.png",
            "a/logo.svg",
            "B.HTML",
            "c.xhtml",
        ] {
            std::fs::write(dir.path().join(file), "x").unwrap();
        }
        let read = read_folder(dir.path()).unwrap();
        let names: Vec<&str> = read.files.keys().map(String::as_str).collect();
        assert_eq!(
            names,
            [
                "B.HTML",
                "a/b/p.htm",
                "a/logo.svg",
                "a/s.css",
                "a/x.js",
                "c.xhtml",
                "index.html"
            ]
        );
        assert!(matches!(
            read_folder(&dir.path().join("missing")),
            Err(AuditError::NotAFolder(_))
        ));
    }
}
