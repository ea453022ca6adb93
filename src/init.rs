//! `signpost init DIR`: write the example site, compiled into the binary, as a
//! starter that builds as it is. Never overwrites anything.

use include_dir::{include_dir, Dir};
use std::fs;
use std::path::Path;

static CONTENT: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/example-content/content");
static DATA: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/example-content/data");
static STATIC: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/example-content/static");
const SITE_YAML: &str = include_str!("../example-content/site.yaml");

#[derive(Debug, thiserror::Error)]
pub enum InitError {
    #[error("{0} already exists and is not empty")]
    NotEmpty(String),
    #[error("cannot write {0}: {1}")]
    Io(String, std::io::Error),
}

impl InitError {
    pub fn hint(&self) -> &'static str {
        match self {
            InitError::NotEmpty(_) => {
                "name a new or empty folder; signpost init never overwrites files"
            }
            InitError::Io(..) => "check that the folder can be written and the disk has space",
        }
    }
}

/// Write the starter site into `dir`, which must be new or empty. Returns the files written.
pub fn write_starter(dir: &Path) -> Result<usize, InitError> {
    let shown = dir.display().to_string();
    if dir.exists() && fs::read_dir(dir).map_or(true, |mut d| d.next().is_some()) {
        return Err(InitError::NotEmpty(shown));
    }
    fs::create_dir_all(dir).map_err(|e| InitError::Io(shown.clone(), e))?;
    write_file(&dir.join("site.yaml"), SITE_YAML.as_bytes())?;
    let mut written = 1;
    for (name, tree) in [("content", &CONTENT), ("data", &DATA), ("static", &STATIC)] {
        written += write_tree(tree, &dir.join(name))?;
    }
    Ok(written)
}

fn write_file(target: &Path, bytes: &[u8]) -> Result<(), InitError> {
    let io = |e| InitError::Io(target.display().to_string(), e);
    if let Some(parent) = target.parent() {
        fs::create_dir_all(parent).map_err(io)?;
    }
    fs::write(target, bytes).map_err(io)
}

fn write_tree(tree: &Dir<'static>, root: &Path) -> Result<usize, InitError> {
    let mut written = 0;
    for file in tree.files() {
        write_file(&root.join(file.path()), file.contents())?;
        written += 1;
    }
    for sub in tree.dirs() {
        written += write_tree(sub, root)?;
    }
    Ok(written)
}
