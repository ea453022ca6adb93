//! Output: the built site as an in-memory tree of files, minified, then written
//! to a staging folder beside the target and swapped into place, so a failed
//! build leaves the previous output as it was. Refuses dangerous targets.

use rayon::prelude::*;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// Marks a folder as signpost's own output, so we only ever replace our own work.
pub const MARKER: &str = ".signpost-output";

/// Every file of the built site: path below the output root → bytes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OutputTree {
    pub files: BTreeMap<String, Vec<u8>>,
}

impl OutputTree {
    pub fn insert(&mut self, path: impl Into<String>, bytes: impl Into<Vec<u8>>) {
        self.files.insert(path.into(), bytes.into());
    }

    pub fn html_pages(&self) -> impl Iterator<Item = (&String, &Vec<u8>)> {
        self.files.iter().filter(|(p, _)| p.ends_with(".html"))
    }
}

/// Minify one HTML page. Inline CSS and JS are left alone (there is none).
pub fn minify(html: &str) -> Vec<u8> {
    let cfg = minify_html::Cfg {
        keep_closing_tags: true,
        keep_html_and_head_opening_tags: true,
        keep_comments: false,
        ..minify_html::Cfg::default()
    };
    minify_html::minify(html.as_bytes(), &cfg)
}

/// `css/site.css` → `css/site.1a2b3c4d5e.css`, so browsers may cache it for ever.
pub fn fingerprinted(path: &str, bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let hash: String = digest.iter().take(5).map(|b| format!("{b:02x}")).collect();
    match path.rsplit_once('.') {
        Some((stem, ext)) if !stem.ends_with('/') && !stem.is_empty() => {
            format!("{stem}.{hash}.{ext}")
        }
        _ => format!("{path}.{hash}"),
    }
}

/// Make every internal URL of a page relative to the page, so the site works
/// from `file://` and from any folder: `/support/law/` seen from
/// `law/scotland/index.html` becomes `../../law/index.html`. Run it on minified
/// HTML: the parser does not decode entities, and the minifier writes URLs plainly.
pub fn relativise(html: &str, page_file: &str, base_path: &str) -> String {
    let up = "../".repeat(page_file.matches('/').count());
    let base = base_path.to_string();
    let handler = lol_html::element!(
        "[href], [src], meta[http-equiv=refresh], form[action]",
        move |el| {
            for attribute in ["href", "src", "action"] {
                if let Some(new) = el
                    .get_attribute(attribute)
                    .and_then(|u| relative_url(&u, &base, &up))
                {
                    el.set_attribute(attribute, &new)?;
                }
            }
            if let Some(content) = el.get_attribute("content") {
                if let Some((delay, url)) = content.split_once("url=") {
                    if let Some(new) = relative_url(url, &base, &up) {
                        el.set_attribute("content", &format!("{delay}url={new}"))?;
                    }
                }
            }
            Ok(())
        }
    );
    lol_html::rewrite_str(
        html,
        lol_html::RewriteStrSettings {
            element_content_handlers: vec![handler],
            ..lol_html::RewriteStrSettings::new()
        },
    )
    // Rewriting fails only on memory limits we do not set; keep the page as it was.
    .unwrap_or_else(|_| html.to_string())
}

/// `/s/law/#x` (base `/s/`, page two folders down) → `../../law/index.html#x`.
fn relative_url(url: &str, base_path: &str, up: &str) -> Option<String> {
    if url.starts_with("//") {
        return None;
    }
    let inside = url.strip_prefix(base_path)?;
    let (path, rest) = inside
        .find(['#', '?'])
        .map_or((inside, ""), |i| inside.split_at(i));
    let file = if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path.to_string()
    };
    Some(format!("{up}{file}{rest}"))
}

#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    #[error("refusing to write the site into {0}: it is {1}")]
    Dangerous(PathBuf, &'static str),
    #[error("refusing to replace {0}: it is not empty and was not written by signpost")]
    NotOurs(PathBuf),
    #[error("cannot write {0}: {1}")]
    Io(PathBuf, io::Error),
}

impl OutputError {
    pub fn hint(&self) -> &'static str {
        match self {
            OutputError::Dangerous(..) => {
                "choose an output folder of its own, e.g. `-o public` (the default)"
            }
            OutputError::NotOurs(..) => {
                "choose an empty or new folder with -o, or empty this one yourself"
            }
            OutputError::Io(..) => "check the folder exists, is writable, and the disk has space",
        }
    }
}

/// Refuse to write where replacing the folder could destroy the editor's work.
pub fn check_target(output: &Path, site_dir: &Path) -> Result<(), OutputError> {
    let resolve = |p: &Path| -> PathBuf {
        // The output may not exist yet: resolve its nearest existing ancestor.
        let absolute = std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
        let mut existing = absolute.clone();
        let mut rest = Vec::new();
        while !existing.exists() {
            match (existing.parent(), existing.file_name()) {
                (Some(parent), Some(name)) => {
                    rest.push(name.to_os_string());
                    existing = parent.to_path_buf();
                }
                _ => break,
            }
        }
        let mut real = existing.canonicalize().unwrap_or(existing);
        real.extend(rest.iter().rev());
        real
    };
    let out = resolve(output);
    let site = resolve(site_dir);
    let danger = |why| Err(OutputError::Dangerous(output.to_path_buf(), why));
    if out == site {
        return danger("the site folder itself");
    }
    if site.starts_with(&out) {
        return danger("a folder that contains the site");
    }
    for source in ["content", "data", "static", "templates", "themes"] {
        if out.starts_with(site.join(source)) {
            return danger("inside one of the site's source folders");
        }
    }
    if let Some(home) = std::env::var_os("HOME")
        .map(PathBuf::from)
        .map(|h| resolve(&h))
    {
        if out == home {
            return danger("your home folder");
        }
    }
    if out.parent().is_none() {
        return danger("the root of the file system");
    }
    if out.is_dir()
        && !out.join(MARKER).exists()
        && fs::read_dir(&out).map_or(true, |mut d| d.next().is_some())
    {
        return Err(OutputError::NotOurs(output.to_path_buf()));
    }
    if out.exists() && !out.is_dir() {
        return danger("a file, not a folder");
    }
    Ok(())
}

/// Write `tree` to `output` through a staging folder beside it, then swap.
pub fn write(tree: &OutputTree, output: &Path, site_dir: &Path) -> Result<(), OutputError> {
    check_target(output, site_dir)?;
    let name = output
        .file_name()
        .map_or("public".into(), |n| n.to_string_lossy().into_owned());
    let parent = output
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let io_err = |p: &Path| {
        let p = p.to_path_buf();
        move |e| OutputError::Io(p, e)
    };
    fs::create_dir_all(parent).map_err(io_err(parent))?;
    let staging = parent.join(format!(".{name}.signpost-staging-{}", std::process::id()));
    let old = parent.join(format!(".{name}.signpost-old-{}", std::process::id()));
    let previous = output.join(MARKER).is_file().then_some(output);
    let result = write_all(tree, &staging, previous).and_then(|()| swap(&staging, output, &old));
    if result.is_err() {
        let _ = fs::remove_dir_all(&staging);
    }
    result
}

/// Write every file of `tree` below `staging`. A file that is byte for byte
/// the same in the `previous` output is linked from there instead: nothing
/// is written, it keeps its modification time (so a sync to the host skips
/// it), and removing the previous output then frees nothing on disk.
fn write_all(
    tree: &OutputTree,
    staging: &Path,
    previous: Option<&Path>,
) -> Result<(), OutputError> {
    if staging.exists() {
        fs::remove_dir_all(staging).map_err(|e| OutputError::Io(staging.to_path_buf(), e))?;
    }
    fs::create_dir_all(staging).map_err(|e| OutputError::Io(staging.to_path_buf(), e))?;
    fs::write(
        staging.join(MARKER),
        b"This folder is written by signpost and replaced on every build.\n",
    )
    .map_err(|e| OutputError::Io(staging.to_path_buf(), e))?;
    let dirs: std::collections::BTreeSet<PathBuf> = tree
        .files
        .keys()
        .filter_map(|path| staging.join(path).parent().map(Path::to_path_buf))
        .collect();
    for dir in &dirs {
        fs::create_dir_all(dir).map_err(|e| OutputError::Io(dir.clone(), e))?;
    }
    io_pool().install(|| {
        tree.files.par_iter().try_for_each(|(path, bytes)| {
            let target = staging.join(path);
            let unchanged = previous
                .map(|p| p.join(path))
                .filter(|old| fs::read(old).is_ok_and(|b| b == *bytes));
            if let Some(old) = unchanged {
                if fs::hard_link(&old, &target).is_ok() {
                    return Ok(());
                }
            }
            fs::write(&target, bytes).map_err(|e| OutputError::Io(target, e))
        })
    })
}

/// Threads for writing and removing files: many, as they mostly wait for the
/// disk (on disks mounted with `discard` each removal waits for the device).
fn io_pool() -> rayon::ThreadPool {
    rayon::ThreadPoolBuilder::new()
        .num_threads(16)
        .build()
        .expect("a thread pool for file writes")
}

/// `fs::remove_dir_all`, with files, then folders deepest first, removed in parallel.
fn remove_tree(root: &Path) {
    let entries: Vec<(usize, bool, PathBuf)> = walkdir::WalkDir::new(root)
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| (e.depth(), e.file_type().is_dir(), e.into_path()))
        .collect();
    io_pool().install(|| {
        entries
            .par_iter()
            .filter(|(_, dir, _)| !dir)
            .for_each(|(_, _, path)| {
                let _ = fs::remove_file(path);
            });
        let deepest = entries.iter().map(|(depth, ..)| *depth).max().unwrap_or(0);
        for depth in (1..=deepest).rev() {
            entries
                .par_iter()
                .filter(|(d, dir, _)| *dir && *d == depth)
                .for_each(|(_, _, path)| {
                    let _ = fs::remove_dir(path);
                });
        }
    });
    // Whatever is left (a file added meanwhile), the ordinary way.
    let _ = fs::remove_dir_all(root);
}

/// Put `staging` where `output` is; the previous output is removed only once
/// the new one is in place.
fn swap(staging: &Path, output: &Path, old: &Path) -> Result<(), OutputError> {
    let had_old = output.exists();
    if had_old {
        fs::rename(output, old).map_err(|e| OutputError::Io(output.to_path_buf(), e))?;
    }
    if let Err(e) = fs::rename(staging, output) {
        if had_old {
            let _ = fs::rename(old, output);
        }
        return Err(OutputError::Io(output.to_path_buf(), e));
    }
    if had_old {
        remove_tree(old);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_urls_work_from_any_folder() {
        let html =
            r#"<a href="/s/law/#x">a</a><img src="/s/logo.svg"><a href="https://x.org/s/">b</a>"#;
        let out = relativise(html, "law/scotland/index.html", "/s/");
        assert!(out.contains(r#"href="../../law/index.html#x""#), "{out}");
        assert!(out.contains(r#"src="../../logo.svg""#), "{out}");
        assert!(out.contains(r#"href="https://x.org/s/""#), "{out}");
        assert!(relativise(r#"<a href="/s/">h</a>"#, "index.html", "/s/")
            .contains(r#"href="index.html""#));
    }

    #[test]
    fn fingerprint_keeps_extension() {
        let name = fingerprinted("css/site.css", b"body{}");
        assert!(
            name.starts_with("css/site.")
                && name.ends_with(".css")
                && name.len() == "css/site..css".len() + 10,
            "{name}"
        );
    }
}
