//! Watching a site for `serve`: notify events on the site folder and the packs
//! it extends (site-local themes live inside them), filtered (output folder,
//! hidden and editor-temporary files, reads), classified by what they change,
//! and debounced into one batch per burst of saves.

use crate::content::is_ignored;
use crate::layers::{CONFIG, CONTENT, DATA, SERVICES, STATIC, TEMPLATES, THEMES};
use notify::event::{EventKind, ModifyKind};
use notify::{RecursiveMode, Watcher as _};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

/// How long the folder must stay quiet before a burst of changes is handed on:
/// long enough for an editor's save (write, rename) to arrive as one burst,
/// short enough that an edit is served at once.
const QUIET: Duration = Duration::from_millis(25);
/// A burst that never goes quiet is still handed on after this long.
const LONGEST_BURST: Duration = Duration::from_secs(2);

#[derive(Debug, thiserror::Error)]
pub enum WatchError {
    #[error("cannot watch {0} for changes: {1}")]
    Watch(PathBuf, notify::Error),
    #[error("cannot watch for changes: {0}")]
    Start(notify::Error),
}

/// What part of the site a changed file belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ChangeKind {
    /// site.yaml: anything may change, including which packs are extended.
    Config,
    Content,
    /// data/services.yaml, the services registry.
    Services,
    /// Any other file under data/.
    Data,
    Static,
    /// A template (`.html`) under the site's templates/ or a site-local
    /// theme's themes/NAME/templates/.
    Templates,
    /// Any other file of a site-local theme, or under templates/.
    Theme,
}

impl ChangeKind {
    /// Whether the set of folders to watch may have changed (`extends:`).
    pub fn changes_layers(self) -> bool {
        self == ChangeKind::Config
    }
}

impl fmt::Display for ChangeKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ChangeKind::Config => "configuration",
            ChangeKind::Content => "content",
            ChangeKind::Services | ChangeKind::Data => "data",
            ChangeKind::Static => "static file",
            ChangeKind::Templates | ChangeKind::Theme => "theme",
        })
    }
}

/// Which part of the site `path` belongs to, given the watched site folders
/// (root pack first); None for anything a build does not read: the output
/// folder, hidden and editor-temporary files, stray files beside site.yaml.
pub fn classify(path: &Path, roots: &[PathBuf]) -> Option<ChangeKind> {
    let rel = roots
        .iter()
        .filter_map(|root| path.strip_prefix(root).ok())
        .min_by_key(|rel| rel.components().count())?;
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if parts.iter().any(|p| is_ignored(p)) {
        return None;
    }
    let parts: Vec<&str> = parts.iter().map(String::as_str).collect();
    let template = path.extension().is_some_and(|e| e == "html");
    Some(match parts.as_slice() {
        [CONFIG] => ChangeKind::Config,
        [CONTENT, ..] => ChangeKind::Content,
        [DATA, SERVICES] => ChangeKind::Services,
        [DATA, ..] => ChangeKind::Data,
        [STATIC, ..] => ChangeKind::Static,
        [TEMPLATES, ..] | [THEMES, _, TEMPLATES, ..] if template => ChangeKind::Templates,
        [TEMPLATES | THEMES, ..] => ChangeKind::Theme,
        _ => return None,
    })
}

/// One debounced burst of changes: each changed path and what it belongs to.
#[derive(Debug, Default)]
pub struct Batch {
    pub changes: BTreeMap<PathBuf, ChangeKind>,
}

impl Batch {
    /// The changes of `paths` to the site whose folders are `roots`, both
    /// named as notify names them (see [`real_path`]); the paths no build
    /// reads are left out.
    pub fn classified(paths: impl IntoIterator<Item = PathBuf>, roots: &[PathBuf]) -> Batch {
        let roots: Vec<PathBuf> = roots.iter().map(|r| real_path(r)).collect();
        let changes = paths.into_iter().filter_map(|path| {
            let path = real_path(&path);
            let kind = classify(&path, &roots)?;
            Some((path, kind))
        });
        Batch {
            changes: changes.collect(),
        }
    }

    /// What every change is, when they are all of one kind.
    pub fn kind(&self) -> Option<ChangeKind> {
        let mut kinds = self.changes.values();
        let first = *kinds.next()?;
        kinds.all(|k| *k == first).then_some(first)
    }

    /// Whether `extends:` may have changed, so the watched folders must be resolved again.
    pub fn changes_layers(&self) -> bool {
        self.changes.values().any(|k| k.changes_layers())
    }

    /// `content/law/scotland.md changed (content)`, or a count for many files;
    /// paths relative to `site_dir` where they are inside it.
    pub fn describe(&self, site_dir: &Path) -> String {
        let site = real_path(site_dir);
        match self.changes.iter().collect::<Vec<_>>().as_slice() {
            [(path, kind)] => {
                let shown = path.strip_prefix(&site).unwrap_or(path);
                format!("{} changed ({kind})", shown.display())
            }
            _ => {
                let kinds: BTreeSet<String> =
                    self.changes.values().map(ToString::to_string).collect();
                let kinds: Vec<String> = kinds.into_iter().collect();
                format!(
                    "{} files changed ({})",
                    self.changes.len(),
                    kinds.join(", ")
                )
            }
        }
    }
}

/// Watches the folders of a site (the site and every pack it extends).
pub struct SiteWatcher {
    watcher: notify::RecommendedWatcher,
    events: Receiver<notify::Result<notify::Event>>,
    roots: Vec<PathBuf>,
}

impl SiteWatcher {
    /// A watcher that watches nothing yet (see `set_layers`).
    pub fn new() -> Result<SiteWatcher, WatchError> {
        let (sender, events) = mpsc::channel();
        // Only changes are sent on: a build's own reads of 100,000 pages
        // would otherwise queue up 300,000 events while it runs.
        let changes = move |event: notify::Result<notify::Event>| {
            if event.as_ref().map_or(true, |e| is_change(&e.kind)) {
                // The receiver is gone only when the watcher is being dropped.
                let _ = sender.send(event);
            }
        };
        let watcher = notify::recommended_watcher(changes).map_err(WatchError::Start)?;
        Ok(SiteWatcher {
            watcher,
            events,
            roots: Vec::new(),
        })
    }

    /// Watch exactly `layers` (the site folders of `pack::resolve`) from now on.
    pub fn set_layers(&mut self, layers: &[PathBuf]) -> Result<(), WatchError> {
        let mut wanted: Vec<PathBuf> = layers.iter().map(|l| real_path(l)).collect();
        wanted.sort();
        wanted.dedup();
        for old in self.roots.iter().filter(|r| !wanted.contains(r)) {
            // The folder may be gone already; nothing is left to unwatch then.
            let _ = self.watcher.unwatch(old);
        }
        let mut result = Ok(());
        for new in wanted.iter().filter(|w| !self.roots.contains(w)) {
            if let Err(e) = self.watcher.watch(new, RecursiveMode::Recursive) {
                result = Err(WatchError::Watch(new.clone(), e));
            }
        }
        self.roots = wanted;
        result
    }

    /// Block until something the site is made of changes, wait for the burst
    /// of changes to settle, and return it. None when watching has stopped.
    pub fn next_batch(&self) -> Option<Batch> {
        let mut batch = Batch::default();
        while batch.changes.is_empty() {
            let event = self.events.recv().ok()?;
            self.add(&mut batch, event);
        }
        let started = Instant::now();
        let mut last = started;
        loop {
            let now = Instant::now();
            if now >= last + QUIET || now >= started + LONGEST_BURST {
                return Some(batch);
            }
            match self.events.recv_timeout(last + QUIET - now) {
                Ok(event) => {
                    if self.add(&mut batch, event) {
                        last = Instant::now();
                    }
                }
                Err(_) => return Some(batch),
            }
        }
    }

    /// Add the relevant paths of `event` to `batch`; whether there were any.
    fn add(&self, batch: &mut Batch, event: notify::Result<notify::Event>) -> bool {
        // An error of the watcher itself (a watched folder deleted, ...) is
        // not a change to build; the next real change is.
        let Ok(event) = event else { return false };
        let mut added = false;
        for path in event.paths {
            if let Some(kind) = classify(&path, &self.roots) {
                batch.changes.insert(path, kind);
                added = true;
            }
        }
        added
    }
}

/// Reads (including signpost's own) and permission or time changes do not
/// change what a build produces.
fn is_change(kind: &EventKind) -> bool {
    !matches!(
        kind,
        EventKind::Access(_) | EventKind::Modify(ModifyKind::Metadata(_))
    )
}

/// The path as notify reports it: absolute, links resolved where it exists
/// (so the watcher and a build name a file alike).
pub fn real_path(path: &Path) -> PathBuf {
    path.canonicalize()
        .or_else(|_| std::path::absolute(path))
        .unwrap_or_else(|_| path.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_are_classified_by_folder() {
        let roots = vec![PathBuf::from("/p/pack"), PathBuf::from("/p/site")];
        let kind = |p: &str| classify(Path::new(p), &roots);
        assert_eq!(kind("/p/site/site.yaml"), Some(ChangeKind::Config));
        assert_eq!(kind("/p/pack/content/law/a.md"), Some(ChangeKind::Content));
        assert_eq!(
            kind("/p/site/data/services.yaml"),
            Some(ChangeKind::Services)
        );
        assert_eq!(kind("/p/site/data/other.yaml"), Some(ChangeKind::Data));
        assert_eq!(kind("/p/site/static/logo.svg"), Some(ChangeKind::Static));
        assert_eq!(
            kind("/p/site/themes/calm/templates/base.html"),
            Some(ChangeKind::Templates)
        );
        assert_eq!(
            kind("/p/site/templates/page.html"),
            Some(ChangeKind::Templates)
        );
        assert_eq!(
            kind("/p/site/themes/calm/static/calm.css"),
            Some(ChangeKind::Theme)
        );
        assert_eq!(
            kind("/p/site/themes/calm/strings.yaml"),
            Some(ChangeKind::Theme)
        );
        assert_eq!(kind("/p/site/templates/notes.txt"), Some(ChangeKind::Theme));
    }

    #[test]
    fn output_editor_files_and_strangers_are_ignored() {
        let roots = vec![PathBuf::from("/p/site")];
        let kind = |p: &str| classify(Path::new(p), &roots);
        for path in [
            "/p/site/public/index.html",
            "/p/site/content/.signs.md.swp",
            "/p/site/content/signs.md~",
            "/p/site/content/#signs.md#",
            "/p/site/.git/index",
            "/p/site/README.md",
            "/p/site/content/sub/site.yaml.tmp",
            "/elsewhere/content/a.md",
        ] {
            assert_eq!(kind(path), None, "{path}");
        }
    }

    #[test]
    fn nested_layers_use_the_nearest_root() {
        // A pack kept inside the site folder: its files are the pack's content.
        let roots = vec![PathBuf::from("/s/packs/national"), PathBuf::from("/s")];
        assert_eq!(
            classify(Path::new("/s/packs/national/content/a.md"), &roots),
            Some(ChangeKind::Content)
        );
        assert_eq!(classify(Path::new("/s/packs/README.md"), &roots), None);
    }
}
