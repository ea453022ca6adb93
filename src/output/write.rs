//! Writing the built site into a staging folder, and what happens to the
//! previous output once the new one is in place. A file byte for byte the
//! same as in the previous output is linked from there, not written again.
//! The previous output, once swapped out, is kept as the next build's staging
//! folder (the spare) with only the files the new output shares with it: the
//! next build then makes no folder and writes no file that has not changed.
//! On file systems such as ext4, making files and folders soon after removing
//! thousands is slow (the system skips the places of recently removed ones),
//! and a rebuild used to remove and make a folder per page.

use super::{manifest, os, OutputError, OutputTree};
use crate::interrupt::Interrupt;
use crate::manifest::Record;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io;
use std::path::Path;

/// Every folder that holds one of `files` (`a`, `a/b` for `a/b/c.html`).
fn folders_of<'a>(files: impl Iterator<Item = &'a String>) -> BTreeSet<&'a str> {
    files
        .flat_map(|f| f.match_indices('/').map(move |(i, _)| &f[..i]))
        .collect()
}

/// Remove `files` from `dir` in parallel, then `folders`, deepest first (a
/// folder that still holds anything stays).
fn remove_listed<'a>(
    dir: &Path,
    files: impl IntoParallelIterator<Item = &'a String> + Send,
    folders: BTreeSet<&str>,
) {
    io_pool().install(|| {
        files.into_par_iter().for_each(|file| {
            let _ = fs::remove_file(dir.join(file));
        });
        let mut by_depth: Vec<&str> = folders.into_iter().collect();
        by_depth.sort_by_key(|f| std::cmp::Reverse(f.matches('/').count()));
        for group in by_depth.chunk_by(|a, b| a.matches('/').count() == b.matches('/').count()) {
            group.par_iter().for_each(|folder| {
                let _ = fs::remove_dir(dir.join(folder));
            });
        }
    });
}

/// The files of a spare folder that is fit to be the next staging folder:
/// a real folder (no link), with signpost's list of files and nothing else
/// in it. Elsewhere than Unix a file's identity cannot be told, so there is
/// no spare.
pub(super) fn spare_files(spare: &Path) -> Option<BTreeSet<String>> {
    if !cfg!(unix) || !fs::symlink_metadata(spare).is_ok_and(|m| m.is_dir()) {
        return None;
    }
    let Some(Record::Files(files)) = manifest::read(spare) else {
        return None;
    };
    manifest::foreign(spare, Some(&files))
        .is_empty()
        .then_some(files)
}

/// Write every file of `tree` below `staging`, its manifest first, so that a
/// staging folder left by a killed build is known as signpost's. `spare`:
/// the files already in `staging` (a spare folder taken as it), None for a
/// new folder. Returns the files that are the same as in the `previous`
/// output, which are linked from there instead: nothing is written, they
/// keep their modification time (so a sync to the host skips them), and
/// removing the previous output then frees nothing on disk.
pub(super) fn write_all(
    tree: &OutputTree,
    staging: &Path,
    spare: Option<&BTreeSet<String>>,
    previous: Option<&Path>,
    shown: &Path,
    interrupt: &Interrupt,
) -> Result<BTreeSet<String>, OutputError> {
    let io = |doing, rel: &str| {
        let path = if rel.is_empty() {
            shown.to_path_buf()
        } else {
            shown.join(rel)
        };
        move |source| OutputError::Io {
            doing,
            path,
            source,
        }
    };
    let parent = staging.parent().unwrap_or(Path::new("."));
    let make_staging = |source| OutputError::Io {
        doing: "write the new build into a new folder in",
        path: parent.to_path_buf(),
        source,
    };
    let dirs = folders_of(tree.files.keys());
    match spare {
        Some(files) => {
            // What the new build does not have goes first, so the manifest
            // written next lists everything in the folder.
            let stale = files.iter().filter(|f| !tree.files.contains_key(*f));
            let stale: Vec<&String> = stale.collect();
            let gone = folders_of(stale.iter().copied());
            remove_listed(staging, stale, &gone - &dirs);
            let _ = fs::remove_file(staging.join(manifest::FILE));
        }
        None => {
            if fs::symlink_metadata(staging).is_ok() {
                remove_ours(staging);
            }
            fs::create_dir(staging).map_err(make_staging)?;
        }
    }
    fs::write(
        staging.join(manifest::FILE),
        manifest::render(tree.files.keys()),
    )
    .map_err(make_staging)?;
    // A site has a folder per page: made in parallel, a depth at a time so
    // that each folder's parent is there before it.
    let mut by_depth: BTreeMap<usize, Vec<&str>> = BTreeMap::new();
    for dir in dirs {
        by_depth
            .entry(dir.matches('/').count())
            .or_default()
            .push(dir);
    }
    let pool = io_pool();
    for level in by_depth.values() {
        pool.install(|| {
            level.par_iter().try_for_each(|dir| {
                make_folder(&staging.join(dir), spare.is_some())
                    .map_err(io("create the folder", dir))
            })
        })?;
    }
    let same: Vec<Option<&String>> = pool.install(|| {
        tree.files
            .par_iter()
            .map(|(path, bytes)| {
                if interrupt.stop_requested() {
                    return Err(OutputError::Interrupted(shown.to_path_buf()));
                }
                let target = staging.join(path);
                let old = previous.map(|p| p.join(path));
                let linked = put_file(&target, bytes, old.as_deref(), spare.is_some())
                    .map_err(io("write", path))?;
                Ok(linked.then_some(path))
            })
            .collect::<Result<_, _>>()
    })?;
    Ok(same.into_iter().flatten().cloned().collect())
}

/// Make the folder `dir`; in a spare folder, one that is there already is
/// kept if it is a real folder (a link in its place is removed first).
fn make_folder(dir: &Path, in_spare: bool) -> io::Result<()> {
    if in_spare {
        match fs::symlink_metadata(dir) {
            Ok(m) if m.is_dir() => return Ok(()),
            Ok(_) => fs::remove_file(dir)?,
            Err(_) => {}
        }
    }
    fs::create_dir(dir)
}

/// Put `bytes` at `target`: linked from `old` (the previous output's file)
/// when that is the same, else written. Returns whether it is linked. A file
/// already at `target` (in a spare folder) is kept when it is that same file
/// of the previous output, else removed first: never written through, as it
/// may be a link to a file of the output that is online.
fn put_file(target: &Path, bytes: &[u8], old: Option<&Path>, in_spare: bool) -> io::Result<bool> {
    // Only a plain file: never a link out of the folder, nor a pipe that would wait.
    let unchanged = old.and_then(|old| {
        let meta = fs::symlink_metadata(old).ok()?;
        (meta.is_file() && meta.len() == bytes.len() as u64 && fs::read(old).ok()? == bytes)
            .then_some((old, meta))
    });
    let here = in_spare
        .then(|| fs::symlink_metadata(target).ok())
        .flatten();
    if let Some(here) = here {
        if let Some((_, old)) = &unchanged {
            if here.is_file() && os::same_file(&here, old) {
                return Ok(true);
            }
        }
        fs::remove_file(target)?;
    }
    if let Some((old, _)) = unchanged {
        if fs::hard_link(old, target).is_ok() {
            return Ok(true);
        }
    }
    fs::write(target, bytes)?;
    Ok(false)
}

/// After the swap: the previous output, now at `old`, becomes the spare at
/// `spare` with only the files the new output linked from it (`same`), so
/// that it holds nothing the output online does not. When it holds files
/// signpost did not write (added during the build), or the spare's place is
/// taken, it is removed as before: signpost's files only. Returns what is
/// left, which signpost did not write.
pub(super) fn keep_as_spare(old: &Path, spare: &Path, same: &BTreeSet<String>) -> Vec<String> {
    let listed = match manifest::read(old) {
        Some(Record::Files(files)) if cfg!(unix) => files,
        _ => return remove_ours(old),
    };
    if fs::symlink_metadata(spare).is_ok() || !manifest::foreign(old, Some(&listed)).is_empty() {
        return remove_ours(old);
    }
    let changed: Vec<&String> = listed.iter().filter(|f| !same.contains(*f)).collect();
    let folders = &folders_of(changed.iter().copied()) - &folders_of(same.iter());
    remove_listed(old, changed, folders);
    if fs::rename(old, spare).is_err() {
        return remove_ours(old);
    }
    Vec::new()
}

/// Threads for writing and removing files: many, as they mostly wait for the
/// disk (on disks mounted with `discard` each removal waits for the device).
fn io_pool() -> rayon::ThreadPool {
    rayon::ThreadPoolBuilder::new()
        .num_threads(16)
        .build()
        .expect("a thread pool for file writes")
}

/// Remove signpost's files from `dir`: those its manifest lists (all of it
/// for a marker of signpost 0.1), files in parallel, then their folders
/// deepest first; then the manifest and `dir` itself if nothing else is left.
/// Returns what is left, which signpost did not write.
pub(super) fn remove_ours(dir: &Path) -> Vec<String> {
    let files = match manifest::read(dir) {
        Some(Record::Files(files)) => files,
        Some(Record::Legacy) => manifest::all_files(dir),
        None => BTreeSet::new(),
    };
    remove_listed(dir, &files, folders_of(files.iter()));
    let left = manifest::foreign(dir, Some(&BTreeSet::new()));
    if left.is_empty() {
        let _ = fs::remove_file(dir.join(manifest::FILE));
        let _ = fs::remove_dir(dir);
    }
    left
}
