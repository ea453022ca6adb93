//! The staging folder of a build, written while the site renders: each page
//! is handed over as soon as it is finished and written by a pool of writer
//! threads, so the build never holds the whole site in memory and the disk
//! works while the processors render. The writers make each folder once,
//! list each file in the folder's manifest before they make it (a folder
//! left by a killed build is known as signpost's), and link a file that is
//! unchanged from the previous output (see [`super::write`]). A staging
//! folder that is dropped before its build is in place is removed.

use super::write::{make_folder, put_file, remove_ours};
use super::{manifest, OutputError};
use crate::interrupt::Interrupt;
use std::collections::{BTreeSet, HashSet};
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, SyncSender};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread::JoinHandle;

/// Writer threads: many, as they mostly wait for the disk.
const WRITERS: usize = 8;
/// Files handed over and not yet written, at most: a renderer that is ahead
/// of the disk waits, so memory stays bounded.
const QUEUED: usize = 64;

/// A staging folder being written (see the module comment).
pub struct Staging {
    shared: Arc<Shared>,
    /// The files the spare folder taken as this staging folder held.
    spare: Option<BTreeSet<String>>,
    sender: Option<SyncSender<(String, Vec<u8>)>>,
    writers: Vec<JoinHandle<()>>,
    /// Set once the folder is in place: it is then no longer removed.
    placed: bool,
}

/// What the writer threads share.
struct Shared {
    dir: PathBuf,
    /// The previous output, whose unchanged files are linked.
    previous: Option<PathBuf>,
    /// The output as the user named it, for messages.
    shown: PathBuf,
    interrupt: Arc<Interrupt>,
    folders: Mutex<HashSet<String>>,
    manifest: Mutex<fs::File>,
    /// The files linked from the previous output.
    same: Mutex<Vec<String>>,
    /// The first error while writing.
    error: Mutex<Option<OutputError>>,
}

fn locked<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Staging {
    /// Start writing into `dir`: `spare` names the files already there when
    /// it is a spare folder taken as it, else `dir` is made new.
    pub(super) fn start(
        dir: PathBuf,
        spare: Option<BTreeSet<String>>,
        previous: Option<PathBuf>,
        shown: &Path,
        interrupt: Arc<Interrupt>,
    ) -> Result<Staging, OutputError> {
        let parent = dir.parent().unwrap_or(Path::new(".")).to_path_buf();
        let failed = |source| OutputError::Io {
            doing: "write the new build into a new folder in",
            path: parent.clone(),
            source,
        };
        let manifest_path = dir.join(manifest::FILE);
        let manifest = if spare.is_some() {
            // The spare's own list stays until the end: it lists what is there.
            fs::OpenOptions::new().append(true).open(&manifest_path)
        } else {
            if fs::symlink_metadata(&dir).is_ok() {
                remove_ours(&dir);
            }
            fs::create_dir(&dir)
                .and_then(|()| fs::write(&manifest_path, manifest::render(std::iter::empty())))
                .and_then(|()| fs::OpenOptions::new().append(true).open(&manifest_path))
        }
        .map_err(failed)?;
        let shared = Arc::new(Shared {
            dir,
            previous,
            shown: shown.to_path_buf(),
            interrupt,
            folders: Mutex::new(HashSet::new()),
            manifest: Mutex::new(manifest),
            same: Mutex::new(Vec::new()),
            error: Mutex::new(None),
        });
        let (sender, receiver) = mpsc::sync_channel(QUEUED);
        let receiver = Arc::new(Mutex::new(receiver));
        let writers = (0..WRITERS)
            .map(|_| {
                let (shared, receiver) = (Arc::clone(&shared), Arc::clone(&receiver));
                std::thread::spawn(move || shared.write_from(&receiver))
            })
            .collect();
        Ok(Staging {
            shared,
            spare,
            sender: Some(sender),
            writers,
            placed: false,
        })
    }

    /// Hand over a finished file (`path` below the output root) to be written.
    pub fn put(&self, path: String, bytes: Vec<u8>) {
        if let Some(sender) = &self.sender {
            // Only fails when every writer has stopped; the error is kept.
            let _ = sender.send((path, bytes));
        }
    }

    pub(super) fn dir(&self) -> &Path {
        &self.shared.dir
    }

    /// Wait for every file handed over to be written, and make the manifest
    /// list exactly `names`, the files of the build, after removing what the
    /// spare held that the build does not have. Returns the files linked
    /// from the previous output.
    pub(super) fn close(
        &mut self,
        names: &BTreeSet<&str>,
    ) -> Result<BTreeSet<String>, OutputError> {
        self.wait_for_writers();
        if let Some(error) = locked(&self.shared.error).take() {
            return Err(error);
        }
        let dir = &self.shared.dir;
        if let Some(spare) = &self.spare {
            let stale: Vec<&String> = spare
                .iter()
                .filter(|f| !names.contains(f.as_str()))
                .collect();
            super::write::remove_stale(dir, &stale, names);
        }
        let failed = |source| OutputError::Io {
            doing: "write the new build into a new folder in",
            path: self.shared.shown.clone(),
            source,
        };
        let temporary = dir.join(format!("{}.new", manifest::FILE));
        fs::write(&temporary, manifest::render(names.iter().copied()))
            .and_then(|()| fs::rename(&temporary, dir.join(manifest::FILE)))
            .map_err(failed)?;
        Ok(locked(&self.shared.same).drain(..).collect())
    }

    /// The folder is in place: it is the output now, and is kept.
    pub(super) fn placed(&mut self) {
        self.placed = true;
    }

    /// Hand over nothing more, and wait until every file handed over is written.
    fn wait_for_writers(&mut self) {
        self.sender = None;
        for writer in self.writers.drain(..) {
            let _ = writer.join();
        }
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        self.wait_for_writers();
        if !self.placed {
            remove_ours(&self.shared.dir);
        }
    }
}

impl Shared {
    /// A writer thread: write what comes until the build has handed over all.
    fn write_from(&self, receiver: &Mutex<Receiver<(String, Vec<u8>)>>) {
        loop {
            let Ok((path, bytes)) = locked(receiver).recv() else {
                return;
            };
            if locked(&self.error).is_some() {
                continue;
            }
            if let Err(e) = self.write(&path, &bytes) {
                locked(&self.error).get_or_insert(e);
            }
        }
    }

    fn write(&self, path: &str, bytes: &[u8]) -> Result<(), OutputError> {
        if self.interrupt.stop_requested() {
            return Err(OutputError::Interrupted(self.shown.clone()));
        }
        let io = |doing, rel: &str| {
            let path = self.shown.join(rel);
            move |source| OutputError::Io {
                doing,
                path,
                source,
            }
        };
        for (i, _) in path.match_indices('/') {
            let folder = &path[..i];
            if locked(&self.folders).contains(folder) {
                continue;
            }
            make_folder(&self.dir.join(folder)).map_err(io("create the folder", folder))?;
            locked(&self.folders).insert(folder.to_string());
        }
        writeln!(locked(&self.manifest), "{path}").map_err(io("write", path))?;
        let old = self.previous.as_ref().map(|p| p.join(path));
        let target = self.dir.join(path);
        if put_file(&target, bytes, old.as_deref()).map_err(io("write", path))? {
            locked(&self.same).push(path.to_string());
        }
        Ok(())
    }
}
