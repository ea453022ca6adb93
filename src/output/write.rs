//! Writing the built site into a staging folder, and what happens to the
//! previous output once the new one is in place. A file byte for byte the
//! same as in the previous output is linked from there, not written again.
//! The previous output, once swapped out, is kept as the next build's staging
//! folder (the spare) with only the files the new output shares with it: the
//! next build then makes no folder and writes no file that has not changed.
//! On file systems such as ext4, making files and folders soon after removing
//! thousands is slow (the system skips the places of recently removed ones),
//! and a rebuild used to remove and make a folder per page.

use super::{manifest, os};
use crate::manifest::folders_of;
use crate::manifest::Record;
use rayon::prelude::*;
use std::collections::BTreeSet;
use std::fs;
use std::io;
use std::path::Path;

/// Whether a spare folder is kept: only where a file's identity (device and
/// inode) can be told, which is how a spare's file is known to be the one online.
const SPARES: bool = cfg!(unix);

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
/// in it.
pub(super) fn spare_files(spare: &Path) -> Option<BTreeSet<String>> {
    if !SPARES || !fs::symlink_metadata(spare).is_ok_and(|m| m.is_dir()) {
        return None;
    }
    let Some(Record::Files(files)) = manifest::read(spare) else {
        return None;
    };
    manifest::foreign(spare, Some(&files))
        .is_empty()
        .then_some(files)
}

/// Remove the files of a spare folder the new build does not have
/// (`stale`), and the folders that hold none of the build's files (`names`).
pub(super) fn remove_stale(dir: &Path, stale: &[&String], names: &BTreeSet<&str>) {
    let gone = folders_of(stale.iter().map(|f| f.as_str()));
    remove_listed(
        dir,
        stale.to_vec(),
        &gone - &folders_of(names.iter().copied()),
    );
}

/// Make the folder `dir`. One that is there already (a spare folder's, or
/// made by another writer meanwhile) is kept if it is a real folder; a link
/// or a file in its place is removed first.
pub(super) fn make_folder(dir: &Path) -> io::Result<()> {
    match fs::symlink_metadata(dir) {
        Ok(m) if m.is_dir() => return Ok(()),
        Ok(_) => fs::remove_file(dir)?,
        Err(_) => {}
    }
    match fs::create_dir(dir) {
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists && dir.is_dir() => Ok(()),
        done => done,
    }
}

/// Put `bytes` at `target`: linked from `old` (the previous output's file)
/// when that is the same, else written. Returns whether it is linked. A file
/// already at `target` (a spare folder's) is kept when it is that same file
/// of the previous output, else removed first: never written through, as it
/// may be a link to a file of the output that is online.
pub(super) fn put_file(target: &Path, bytes: &[u8], old: Option<&Path>) -> io::Result<bool> {
    // Only a plain file: never a link out of the folder, nor a pipe that would wait.
    let unchanged = old.and_then(|old| {
        let meta = fs::symlink_metadata(old).ok()?;
        (meta.is_file() && meta.len() == bytes.len() as u64 && fs::read(old).ok()? == bytes)
            .then_some((old, meta))
    });
    if let Ok(here) = fs::symlink_metadata(target) {
        let same = |(_, old): &(&Path, fs::Metadata)| SPARES && os::same_file(&here, old);
        if here.is_file() && unchanged.as_ref().is_some_and(same) {
            return Ok(true);
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
        Some(Record::Files(files)) if SPARES => files,
        _ => return remove_ours(old),
    };
    if fs::symlink_metadata(spare).is_ok() || !manifest::foreign(old, Some(&listed)).is_empty() {
        return remove_ours(old);
    }
    let changed: Vec<&String> = listed.iter().filter(|f| !same.contains(*f)).collect();
    let folders = &folders_of(changed.iter().map(|f| f.as_str()))
        - &folders_of(same.iter().map(String::as_str));
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
    remove_listed(dir, &files, folders_of(files.iter().map(String::as_str)));
    let left = manifest::foreign(dir, Some(&BTreeSet::new()));
    if left.is_empty() {
        let _ = fs::remove_file(dir.join(manifest::FILE));
        let _ = fs::remove_dir(dir);
    }
    left
}
