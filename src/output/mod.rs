//! Output: the built site as a tree of files (in memory, or names only for
//! the pages `build` has already written), written into a staging folder
//! beside the target (`staging`, `write`) and swapped into place in one step,
//! so a failed or interrupted build leaves the previous output as it was.
//! Refuses dangerous targets and folders holding files signpost did not write
//! (the manifest, `manifest.rs`, records its own); locks out a second build.

use crate::interrupt::Interrupt;

mod staging;
mod write;

use crate::manifest::{self, Record};
use sha2::{Digest, Sha256};
pub use staging::Staging;
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Every file of the built site: path below the output root → bytes, and
/// the names of the files already handed to a staging folder (their bytes
/// are not kept).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OutputTree {
    pub files: BTreeMap<String, Vec<u8>>,
    pub staged: BTreeSet<String>,
}

impl OutputTree {
    pub fn insert(&mut self, path: impl Into<String>, bytes: impl Into<Vec<u8>>) {
        self.files.insert(path.into(), bytes.into());
    }

    /// A rendered page: its bytes, or None when they went to the staging folder.
    pub fn keep(&mut self, path: String, bytes: Option<Vec<u8>>) {
        match bytes {
            Some(bytes) => {
                self.staged.remove(&path);
                self.files.insert(path, bytes);
            }
            None => {
                self.files.remove(&path);
                self.staged.insert(path);
            }
        }
    }

    /// Whether there is a file `name`, held or staged.
    pub fn contains(&self, name: &str) -> bool {
        self.files.contains_key(name) || self.staged.contains(name)
    }

    /// Every file's name, held or staged.
    pub fn names(&self) -> BTreeSet<&str> {
        let held = self.files.keys();
        held.chain(&self.staged).map(String::as_str).collect()
    }

    pub fn html_pages(&self) -> impl Iterator<Item = (&String, &Vec<u8>)> {
        self.files.iter().filter(|(p, _)| p.ends_with(".html"))
    }
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
        "[href], [src], meta[http-equiv=refresh], form[action], [data-signpost-script]",
        move |el| {
            // data-signpost-script: a script loaded on first use (the search box's).
            for attribute in ["href", "src", "action", "data-signpost-script"] {
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
    #[error("refusing to write the site into {}: it is a link to {}, which does not exist", .0.display(), .1.display())]
    DanglingLink(PathBuf, PathBuf),
    #[error("refusing to build into {}: {}", .output.display(), describe_foreign(.foreign, *.manifest))]
    NotOurs {
        output: PathBuf,
        /// What is there that signpost did not write (folders end in `/`).
        foreign: Vec<String>,
        /// The folder has signpost's manifest (else another tool made it).
        manifest: bool,
    },
    #[error("another build is writing {}{}; wait for it to finish", .output.display(), .pid.map(|p| format!(" (PID {p})")).unwrap_or_default())]
    Busy { output: PathBuf, pid: Option<u32> },
    #[error("the site has both a file {file} and a folder {file}/ (with {inside}) at the same place in {}", .output.display())]
    FileAndFolder {
        output: PathBuf,
        file: String,
        inside: String,
    },
    #[error("cannot {doing} {}: {source}", .path.display())]
    Io {
        doing: &'static str,
        path: PathBuf,
        source: io::Error,
    },
    #[error("interrupted: {} left as it was", .0.display())]
    Interrupted(PathBuf),
}

/// "it holds 2 files signpost did not write: a.html, b/", at most five named.
fn describe_foreign(foreign: &[String], manifest: bool) -> String {
    const SHOWN: usize = 5;
    let mut names = foreign[..foreign.len().min(SHOWN)].join(", ");
    if foreign.len() > SHOWN {
        names.push_str(&format!(" and {} more", foreign.len() - SHOWN));
    }
    let (count, what) = match foreign.len() {
        1 => ("1".to_string(), "file"),
        n => (n.to_string(), "files"),
    };
    let whose = if manifest {
        "signpost did not write"
    } else {
        "not written by signpost (it has no .signpost-output manifest)"
    };
    format!("it holds {count} {what} {whose}: {names}")
}

impl OutputError {
    pub fn hint(&self) -> String {
        match self {
            OutputError::Dangerous(..) => {
                "choose an output folder of its own, e.g. `-o public` (the default)".into()
            }
            OutputError::DanglingLink(..) => {
                "create the folder the link points to, or remove the link".into()
            }
            OutputError::NotOurs { foreign, .. } => {
                let (it, they) = match foreign.len() {
                    1 => ("it", "it belongs"),
                    _ => ("them", "they belong"),
                };
                format!(
                    "if {they} on your site, move {it} to static/ so signpost copies {it} into \
                     every build; if not, move {it} elsewhere, or choose another output folder with -o"
                )
            }
            OutputError::Busy { .. } => {
                "the lock ends with the build that holds it, however that build ends: \
                 run this one again when the other is done"
                    .into()
            }
            OutputError::FileAndFolder { .. } => {
                "rename one of them: a static file, or the slug of a page".into()
            }
            OutputError::Io { source, .. } => match source.kind() {
                io::ErrorKind::PermissionDenied => {
                    "check that you may write there, or choose another output folder with -o"
                }
                io::ErrorKind::StorageFull | io::ErrorKind::QuotaExceeded => {
                    "free some disk space and build again; the previous output is as it was"
                }
                io::ErrorKind::ReadOnlyFilesystem => {
                    "the disk is read-only: choose another output folder with -o"
                }
                io::ErrorKind::NotADirectory => {
                    "a file stands where a folder should be on that path: move it, or choose \
                     another output folder with -o"
                }
                _ => "check that the folder exists and is writable and the disk has space",
            }
            .into(),
            OutputError::Interrupted(..) => "run the build again when you are ready".into(),
        }
    }

    /// The exit code of a build that ends with this error.
    pub fn exit_code(&self) -> i32 {
        match self {
            OutputError::Interrupted(..) => crate::interrupt::EXIT_CODE,
            _ => 1,
        }
    }
}

/// Refuse to write where replacing the folder could destroy the editor's work.
/// Returns where the output really is, links followed.
pub fn check_target(output: &Path, site_dir: &Path) -> Result<PathBuf, OutputError> {
    if fs::symlink_metadata(output).is_ok_and(|m| m.is_symlink()) && !output.exists() {
        let to = fs::read_link(output).unwrap_or_default();
        return Err(OutputError::DanglingLink(output.to_path_buf(), to));
    }
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
    if out.parent().is_none() || out.file_name().is_none() {
        return danger("the root of the file system");
    }
    if out.exists() && !out.is_dir() {
        return danger("a file, not a folder");
    }
    Ok(out)
}

/// The output folder of a build: checked, locked against other builds, and
/// cleared of what interrupted builds left beside it. `write` then puts the
/// new site in place. If the folder is a link (to a web root, say), the site
/// is built into the link's target, beside which the staging folder is made,
/// and the link is left as it is.
#[derive(Debug)]
pub struct Output {
    /// The folder as the user named it, for messages.
    shown: PathBuf,
    /// Where it is, links followed: staging, swap and lock happen beside it.
    real: PathBuf,
    /// The link's target, if `shown` is a link.
    link_target: Option<PathBuf>,
    /// What the folder holds now: None if it does not exist or is empty.
    previous: Option<Record>,
    _lock: Lock,
}

impl Output {
    pub fn open(output: &Path, site_dir: &Path) -> Result<Output, OutputError> {
        let real = check_target(output, site_dir)?;
        let parent = real.parent().unwrap_or(Path::new("/"));
        fs::create_dir_all(parent).map_err(|source| OutputError::Io {
            doing: "create the folder",
            path: parent.to_path_buf(),
            source,
        })?;
        let lock = Lock::take(&beside(&real, "lock"), output)?;
        remove_leftovers(&real);
        let previous = if real.is_dir() {
            let record = manifest::read(&real);
            let own = match &record {
                Some(Record::Legacy) => None,
                Some(Record::Files(files)) => Some(manifest::foreign(&real, Some(files))),
                None => Some(manifest::foreign(&real, None)),
            };
            if let Some(foreign) = own.filter(|f| !f.is_empty()) {
                return Err(OutputError::NotOurs {
                    output: output.to_path_buf(),
                    foreign,
                    manifest: record.is_some(),
                });
            }
            record
        } else {
            None
        };
        let link_target = fs::symlink_metadata(output)
            .is_ok_and(|m| m.is_symlink())
            .then(|| real.clone());
        Ok(Output {
            shown: output.to_path_buf(),
            real,
            link_target,
            previous,
            _lock: lock,
        })
    }

    /// The folder the site goes into when the output named is a link to it.
    pub fn link_target(&self) -> Option<&Path> {
        self.link_target.as_deref()
    }

    /// Start a staging folder beside the output, for the build to write into
    /// as it renders: the spare folder of the build before when there is a
    /// fit one (see [`write`]), else a new one. Removed again if dropped
    /// before [`Output::write`] has put it in place.
    pub fn stage(&self, interrupt: &Arc<Interrupt>) -> Result<Staging, OutputError> {
        let staging = beside(&self.real, "staging");
        let spare_folder = beside(&self.real, "spare");
        let spare = write::spare_files(&spare_folder)
            .filter(|_| fs::rename(&spare_folder, &staging).is_ok());
        let previous = self.previous.is_some().then(|| self.real.clone());
        Staging::start(staging, spare, previous, &self.shown, Arc::clone(interrupt))
    }

    /// Finish `staging` with the files of `tree` it does not have yet, then
    /// swap it into place. Returns the files that were added to the output
    /// while the site was being built: they are not deleted, and stay in the
    /// folder named.
    pub fn write(
        &self,
        mut staging: Staging,
        tree: &OutputTree,
    ) -> Result<Option<Kept>, OutputError> {
        let names = tree.names();
        check_files_and_folders(&names, &self.shown)?;
        for (path, bytes) in &tree.files {
            staging.put(path.clone(), bytes.clone());
        }
        let same = staging.close(&names)?;
        let old = self.swap(staging.dir())?;
        staging.placed();
        let Some(old) = old else { return Ok(None) };
        let left = write::keep_as_spare(&old, &beside(&self.real, "spare"), &same);
        Ok((!left.is_empty()).then(|| Kept {
            output: self.shown.clone(),
            files: left,
            now_in: old,
        }))
    }

    /// Put `staging` where the output is. Returns where the previous output
    /// now is, to be removed: with one atomic exchange where the system has
    /// one, so that the output is always either the old or the new site.
    fn swap(&self, staging: &Path) -> Result<Option<PathBuf>, OutputError> {
        let put = |source| OutputError::Io {
            doing: "put the new build in place at",
            path: self.shown.clone(),
            source,
        };
        if fs::symlink_metadata(&self.real).is_err() {
            fs::rename(staging, &self.real).map_err(put)?;
            return Ok(None);
        }
        if os::exchange(staging, &self.real).map_err(put)? {
            return Ok(Some(staging.to_path_buf()));
        }
        // Two renames. If the process is killed between them, the next build
        // puts the previous output back before anything else (`remove_leftovers`).
        let old = beside(&self.real, "old");
        fs::rename(&self.real, &old).map_err(put)?;
        if let Err(e) = fs::rename(staging, &self.real) {
            let _ = fs::rename(&old, &self.real);
            return Err(put(e));
        }
        Ok(Some(old))
    }
}

/// Files found in the previous output that signpost did not write, added
/// while the site was built: kept, in the folder the previous output was moved to.
#[derive(Debug)]
pub struct Kept {
    pub output: PathBuf,
    pub files: Vec<String>,
    pub now_in: PathBuf,
}

/// `.public.signpost-staging-PID` (or `-old-PID`, `-lock`, `-spare`) beside `public`.
fn beside(real: &Path, what: &str) -> PathBuf {
    let name = real.file_name().unwrap_or_default().to_string_lossy();
    let file = match what {
        "lock" | "spare" => format!(".{name}.signpost-{what}"),
        _ => format!(".{name}.signpost-{what}-{}", std::process::id()),
    };
    real.with_file_name(file)
}

/// Staging and swapped-out folders of earlier builds that ended without
/// cleaning up (killed, or the machine stopped). Only folders of exactly that
/// name, of a process that is not running, holding a signpost manifest (or
/// nothing) are touched, and of those only the files the manifest lists are
/// removed. A swapped-out output with no output in its place (a build killed
/// between two renames) is put back.
fn remove_leftovers(real: &Path) {
    let (Some(parent), Some(name)) = (real.parent(), real.file_name()) else {
        return;
    };
    let prefix = format!(".{}.signpost-", name.to_string_lossy());
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    for entry in entries.filter_map(Result::ok) {
        let file_name = entry.file_name();
        let Some((kind, pid)) = file_name
            .to_str()
            .and_then(|n| n.strip_prefix(&prefix))
            .and_then(|rest| rest.split_once('-'))
        else {
            continue;
        };
        let Ok(number) = pid.parse::<u32>() else {
            continue;
        };
        if !matches!(kind, "staging" | "old")
            || number.to_string() != pid
            || number == std::process::id()
            || os::alive(number)
            || !entry.file_type().is_ok_and(|t| t.is_dir())
        {
            continue;
        }
        let path = entry.path();
        let ours = manifest::read(&path).is_some();
        if kind == "old" && ours && fs::symlink_metadata(real).is_err() {
            let _ = fs::rename(&path, real);
        } else {
            write::remove_ours(&path);
        }
    }
}

/// A page or file at `a` and another at `a/b` cannot both be written.
fn check_files_and_folders(names: &BTreeSet<&str>, shown: &Path) -> Result<(), OutputError> {
    for path in names {
        // Sorted: the paths below `a/` come first of those from `a/` on.
        let folder = format!("{path}/");
        if let Some(inside) = names.range(folder.as_str()..).next() {
            if inside.starts_with(&folder) {
                return Err(OutputError::FileAndFolder {
                    output: shown.to_path_buf(),
                    file: path.to_string(),
                    inside: inside.to_string(),
                });
            }
        }
    }
    Ok(())
}

/// A lock file beside the output, held while a build uses it, so two builds
/// never write the same folder. The system releases it when the process
/// ends, however it ends; it holds the PID of its build, for the message.
#[derive(Debug)]
struct Lock {
    path: PathBuf,
    _file: fs::File,
}

impl Lock {
    fn take(path: &Path, output: &Path) -> Result<Lock, OutputError> {
        let io = |source| OutputError::Io {
            doing: "create the lock file",
            path: path.to_path_buf(),
            source,
        };
        loop {
            let mut file = fs::OpenOptions::new()
                .read(true)
                .write(true)
                .create(true)
                .truncate(false)
                .open(path)
                .map_err(io)?;
            match file.try_lock() {
                Ok(()) => {}
                Err(fs::TryLockError::WouldBlock) => {
                    let mut text = String::new();
                    let _ = file.read_to_string(&mut text);
                    return Err(OutputError::Busy {
                        output: output.to_path_buf(),
                        pid: text.trim().parse().ok(),
                    });
                }
                Err(fs::TryLockError::Error(e)) => return Err(io(e)),
            }
            // The build before may have removed the file after we opened it:
            // the lock counts only on the file that is at the path now.
            let current = fs::metadata(path).ok();
            let held = file.metadata().ok();
            if current
                .zip(held)
                .is_some_and(|(a, b)| os::same_file(&a, &b))
            {
                file.set_len(0).map_err(io)?;
                write!(file, "{}", std::process::id()).map_err(io)?;
                return Ok(Lock {
                    path: path.to_path_buf(),
                    _file: file,
                });
            }
        }
    }
}

impl Drop for Lock {
    /// Remove the file while still holding it; the lock ends when the file closes.
    fn drop(&mut self) {
        let _ = fs::remove_file(&self.path);
    }
}

/// What differs between operating systems.
mod os {
    use std::fs::Metadata;
    use std::io;
    use std::path::Path;

    /// Swap two paths in one step; Ok(false) where the system or the file
    /// system cannot (then the caller renames twice).
    #[cfg(any(target_os = "linux", target_os = "android", target_vendor = "apple"))]
    pub fn exchange(a: &Path, b: &Path) -> io::Result<bool> {
        use rustix::fs::{renameat_with, RenameFlags, CWD};
        use rustix::io::Errno;
        match renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE) {
            Ok(()) => Ok(true),
            Err(e) if [Errno::INVAL, Errno::NOSYS, Errno::NOTSUP].contains(&e) => Ok(false),
            Err(e) => Err(e.into()),
        }
    }

    #[cfg(not(any(target_os = "linux", target_os = "android", target_vendor = "apple")))]
    pub fn exchange(_: &Path, _: &Path) -> io::Result<bool> {
        Ok(false)
    }

    /// Whether a process with this id is running (any process: a reused id
    /// keeps a leftover folder until the next build, which is harmless).
    #[cfg(unix)]
    pub fn alive(pid: u32) -> bool {
        use rustix::process::{test_kill_process, Pid};
        let Some(pid) = i32::try_from(pid).ok().and_then(Pid::from_raw) else {
            return false;
        };
        test_kill_process(pid) != Err(rustix::io::Errno::SRCH)
    }

    /// Elsewhere the lock alone keeps builds apart.
    #[cfg(not(unix))]
    pub fn alive(_: u32) -> bool {
        false
    }

    #[cfg(unix)]
    pub fn same_file(a: &Metadata, b: &Metadata) -> bool {
        use std::os::unix::fs::MetadataExt;
        a.dev() == b.dev() && a.ino() == b.ino()
    }

    /// Files open cannot be removed there, so the file at the path is the one held.
    #[cfg(not(unix))]
    pub fn same_file(_: &Metadata, _: &Metadata) -> bool {
        true
    }
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

    #[cfg(any(target_os = "linux", target_os = "android", target_vendor = "apple"))]
    #[test]
    fn exchange_swaps_two_folders_in_one_step() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a"), dir.path().join("b"));
        fs::create_dir(&a).unwrap();
        fs::create_dir(&b).unwrap();
        fs::write(a.join("new.html"), "new").unwrap();
        fs::write(b.join("old.html"), "old").unwrap();
        assert!(os::exchange(&a, &b).unwrap(), "no exchange on this system");
        assert_eq!(fs::read_to_string(b.join("new.html")).unwrap(), "new");
        assert_eq!(fs::read_to_string(a.join("old.html")).unwrap(), "old");
        assert!(!a.join("new.html").exists() && !b.join("old.html").exists());
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
