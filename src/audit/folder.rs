//! `signpost audit DIR`: read a folder of built HTML, made by signpost or any
//! other tool, and run the same audit a build runs.

use super::{check, is_page, scan_all, AuditOptions, Finding};
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
    pub findings: Vec<Finding>,
    pub pages: usize,
    /// Stylesheets and scripts.
    pub other_files: usize,
}

/// Read a folder of built HTML (from signpost or any other tool) and audit it.
pub fn audit_folder(dir: &Path, options: &AuditOptions) -> Result<FolderAudit, AuditError> {
    let files = read_folder(dir)?;
    let scans = scan_all(&files);
    Ok(FolderAudit {
        findings: check(&scans, &files, options, None),
        pages: scans.len(),
        other_files: files.len() - scans.len(),
    })
}

/// The files of a folder of built HTML the audit reads (pages, stylesheets,
/// scripts), by path below it with `/` separators. Symbolic links are followed.
pub fn read_folder(dir: &Path) -> Result<BTreeMap<String, Vec<u8>>, AuditError> {
    if !dir.is_dir() {
        return Err(AuditError::NotAFolder(dir.to_path_buf()));
    }
    let mut files = BTreeMap::new();
    for entry in walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
    {
        let entry = entry.map_err(|e| {
            let path = e.path().unwrap_or(dir).to_path_buf();
            AuditError::Read(path, e.into())
        })?;
        let rel = entry
            .path()
            .strip_prefix(dir)
            .unwrap_or(entry.path())
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        let wanted = is_page(&rel) || [".css", ".js", ".mjs"].iter().any(|e| rel.ends_with(e));
        if entry.file_type().is_file() && wanted {
            let bytes = std::fs::read(entry.path())
                .map_err(|e| AuditError::Read(entry.path().to_path_buf(), e))?;
            files.insert(rel, bytes);
        }
    }
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn read_folder_reads_pages_styles_and_scripts() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("a/b")).unwrap();
        for file in ["index.html", "a/b/p.htm", "a/s.css", "a/x.js", "a/logo.png"] {
            std::fs::write(dir.path().join(file), "x").unwrap();
        }
        let files = read_folder(dir.path()).unwrap();
        let names: Vec<&str> = files.keys().map(String::as_str).collect();
        assert_eq!(names, ["a/b/p.htm", "a/s.css", "a/x.js", "index.html"]);
        assert!(matches!(
            read_folder(&dir.path().join("missing")),
            Err(AuditError::NotAFolder(_))
        ));
    }
}
