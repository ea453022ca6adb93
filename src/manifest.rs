//! The manifest: `.signpost-output` in an output folder lists every file
//! signpost wrote there. It is how signpost tells its own files from the
//! user's: it replaces a folder only if everything in it is listed, and it
//! deletes only listed files. The first line says what the file is, comment
//! lines (`#`) say what to do, and the files follow, one a line, in order.
//! A folder written by signpost 0.1, whose `.signpost-output` was a one-line
//! marker without a list, counts as signpost's own as a whole.

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

/// The manifest's name, in the output folder (and in a staging folder).
pub const FILE: &str = ".signpost-output";
const HEADER: &str = "signpost output, version 2";
/// All that signpost 0.1 wrote into its marker.
const LEGACY: &str = "This folder is written by signpost and replaced on every build.";

/// What the manifest of a folder says is signpost's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Record {
    /// These files (paths below the folder, `/` between folders).
    Files(BTreeSet<String>),
    /// The whole folder: a marker of signpost 0.1.
    Legacy,
}

/// The manifest of a folder holding `files`.
pub fn render<'a>(files: impl Iterator<Item = &'a str>) -> String {
    let mut text = format!(
        "{HEADER}\n\
         # signpost writes this folder and replaces it on every build; these are its files.\n\
         # Put files of your own in the site's static/ folder: signpost copies them into every build.\n"
    );
    for file in files {
        text.push_str(file);
        text.push('\n');
    }
    text
}

/// The record of `dir`; None if it has no manifest, or one signpost did not write.
pub fn read(dir: &Path) -> Option<Record> {
    let path = dir.join(FILE);
    if !fs::symlink_metadata(&path).is_ok_and(|m| m.is_file()) {
        return None;
    }
    let text = fs::read_to_string(path).ok()?;
    let mut lines = text.lines();
    match lines.next()? {
        HEADER => Some(Record::Files(
            lines
                .filter(|l| !l.is_empty() && !l.starts_with('#'))
                .map(str::to_string)
                .collect(),
        )),
        first if first.trim() == LEGACY => Some(Record::Legacy),
        _ => None,
    }
}

/// Every folder that holds one of `files` (`a`, `a/b` for `a/b/c.html`).
pub fn folders_of<'a>(files: impl Iterator<Item = &'a str>) -> BTreeSet<&'a str> {
    files
        .flat_map(|f| f.match_indices('/').map(move |(i, _)| &f[..i]))
        .collect()
}

/// Everything in `dir` that `own` does not list, in order: a folder once
/// (`name/`), not its contents. With `own`, the manifest itself is not listed.
pub fn foreign(dir: &Path, own: Option<&BTreeSet<String>>) -> Vec<String> {
    let empty = BTreeSet::new();
    let files = own.unwrap_or(&empty);
    let folders = folders_of(files.iter().map(String::as_str));
    let mut found = Vec::new();
    let mut walk = walkdir::WalkDir::new(dir)
        .min_depth(1)
        .sort_by_file_name()
        .into_iter();
    while let Some(entry) = walk.next() {
        let entry = match entry {
            Ok(entry) => entry,
            // Unreadable: it cannot be shown to be signpost's.
            Err(e) => {
                found.push(relative(dir, e.path().unwrap_or(dir)));
                continue;
            }
        };
        let rel = relative(dir, entry.path());
        if entry.file_type().is_dir() {
            if !folders.contains(rel.as_str()) {
                found.push(format!("{rel}/"));
                walk.skip_current_dir();
            }
        } else if !(files.contains(&rel) || own.is_some() && rel == FILE) {
            found.push(rel);
        }
    }
    found
}

/// Every file below `dir` (not folders), as the manifest would list them.
pub fn all_files(dir: &Path) -> BTreeSet<String> {
    walkdir::WalkDir::new(dir)
        .min_depth(1)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| !e.file_type().is_dir())
        .map(|e| relative(dir, e.path()))
        .collect()
}

fn relative(dir: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(dir).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_what_is_not_signposts_folders_once() {
        let dir = tempfile::tempdir().unwrap();
        for file in [
            "index.html",
            "law/index.html",
            "google123.html",
            "extra/a/b.txt",
        ] {
            let path = dir.path().join(file);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, "x").unwrap();
        }
        let own: BTreeSet<String> = ["index.html", "law/index.html"].map(String::from).into();
        fs::write(
            dir.path().join(FILE),
            render(own.iter().map(String::as_str)),
        )
        .unwrap();
        assert_eq!(read(dir.path()), Some(Record::Files(own.clone())));
        assert_eq!(
            foreign(dir.path(), Some(&own)),
            ["extra/", "google123.html"]
        );
    }
}
