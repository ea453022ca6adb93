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
/// A folder that cannot be read is listed as it is (it cannot be shown to be
/// signpost's). The folders are read in parallel: an output has a folder per
/// page, and reading them one after another took a build's only serial
/// tenth of a second per 10,000 pages, three times a build.
pub fn foreign(dir: &Path, own: Option<&BTreeSet<String>>) -> Vec<String> {
    let empty = BTreeSet::new();
    let files = own.unwrap_or(&empty);
    let ours = Ours {
        files,
        folders: folders_of(files.iter().map(String::as_str)),
        manifest: own.is_some(),
    };
    foreign_below(dir, "", &ours)
}

/// The stack a folder's reading needs at least, and what is added when less is left.
const STACK_LEFT: usize = 64 * 1024;
const STACK_MORE: usize = 1024 * 1024;

/// What a folder may hold: signpost's files and the folders that hold them.
struct Ours<'a> {
    files: &'a BTreeSet<String>,
    folders: BTreeSet<&'a str>,
    /// Whether the manifest at the top is one of them.
    manifest: bool,
}

/// [`foreign`] for the folder `rel` below the output (`""` for the top) at `path`.
fn foreign_below(path: &Path, rel: &str, ours: &Ours) -> Vec<String> {
    use rayon::prelude::*;
    let Some(mut entries) = fs::read_dir(path)
        .and_then(|entries| entries.collect::<std::io::Result<Vec<_>>>())
        .ok()
    else {
        return vec![rel.to_string()];
    };
    entries.sort_by_key(fs::DirEntry::file_name);
    entries
        .par_iter()
        .map(|entry| {
            let name = entry.file_name();
            let name = name.to_string_lossy();
            let below = if rel.is_empty() {
                name.into_owned()
            } else {
                format!("{rel}/{name}")
            };
            // A link is never followed: it is a file here, signpost's or not.
            let folder = entry.file_type().is_ok_and(|t| t.is_dir());
            if folder && ours.folders.contains(below.as_str()) {
                // A folder per level: a deep tree (a manifest may list one)
                // goes on in a larger stack rather than overflow this one.
                stacker::maybe_grow(STACK_LEFT, STACK_MORE, || {
                    foreign_below(&entry.path(), &below, ours)
                })
            } else if folder {
                vec![format!("{below}/")]
            } else if ours.files.contains(&below) || ours.manifest && below == FILE {
                Vec::new()
            } else {
                vec![below]
            }
        })
        .flatten()
        .collect()
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

    #[test]
    fn deep_folders_are_read_in_order_and_a_link_is_never_followed() {
        let dir = tempfile::tempdir().unwrap();
        let own: BTreeSet<String> = [
            "a/index.html",
            "a/b/index.html",
            "a/b/c/index.html",
            "a/b/c/d/index.html",
            "z/index.html",
        ]
        .map(String::from)
        .into();
        let made = own
            .iter()
            .map(String::as_str)
            .filter(|f| !f.contains("/d/"));
        for file in made.chain(["a/b/c/extra.txt", "a/b/stray/x.txt", "a/zz.txt", "m.txt"]) {
            let path = dir.path().join(file);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, "x").unwrap();
        }
        // A link named as one of signpost's folders is not that folder.
        std::os::unix::fs::symlink(dir.path().join("a"), dir.path().join("a/b/c/d")).unwrap();
        assert_eq!(
            foreign(dir.path(), Some(&own)),
            [
                "a/b/c/d",
                "a/b/c/extra.txt",
                "a/b/stray/",
                "a/zz.txt",
                "m.txt"
            ]
        );
        // Without a manifest nothing is signpost's, the manifest's name neither.
        fs::write(dir.path().join(FILE), "").unwrap();
        assert_eq!(foreign(dir.path(), None), [FILE, "a/", "m.txt", "z/"]);
        assert_eq!(foreign(&dir.path().join("none"), None), [""]);
    }

    #[test]
    fn a_deep_tree_is_read_without_overflowing_the_stack() {
        let dir = tempfile::tempdir().unwrap();
        let deep = format!("{}index.html", "a/".repeat(400));
        fs::create_dir_all(dir.path().join(&deep).parent().unwrap()).unwrap();
        fs::write(dir.path().join(&deep), "x").unwrap();
        let own: BTreeSet<String> = [deep].into();
        // Threads with small stacks, so a level's frames would soon fill one.
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(2)
            .stack_size(256 * 1024)
            .build()
            .unwrap();
        assert!(pool.install(|| foreign(dir.path(), Some(&own))).is_empty());
    }
}
