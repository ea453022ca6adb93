//! A small harness for integration tests: copy a fixture to a temporary
//! folder, change files in it, run the real binary, and read what it did.

pub mod link_server;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub struct SiteTest {
    pub dir: tempfile::TempDir,
}

pub struct Run {
    pub output: Output,
}

impl SiteTest {
    /// A copy of `tests/fixtures/NAME` in a fresh temporary folder.
    pub fn from_fixture(name: &str) -> SiteTest {
        let dir = tempfile::tempdir().expect("temp dir");
        let from = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name);
        copy_dir(&from, &dir.path().join("site"));
        SiteTest { dir }
    }

    /// A content pack and a partner site that extends it (`extends: ../pack`).
    pub fn with_pack(pack: &str, partner: &str) -> SiteTest {
        let test = SiteTest::from_fixture(partner);
        let from = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(pack);
        copy_dir(&from, &test.dir.path().join("pack"));
        test
    }

    /// The example site of the repository, copied.
    pub fn example() -> SiteTest {
        let dir = tempfile::tempdir().expect("temp dir");
        let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("example-content");
        copy_dir(&from, &dir.path().join("site"));
        let _ = std::fs::remove_dir_all(dir.path().join("site/public"));
        SiteTest { dir }
    }

    pub fn site(&self) -> PathBuf {
        self.dir.path().join("site")
    }

    /// Write (or replace) a file of the site.
    pub fn write(&self, rel: &str, text: impl AsRef<[u8]>) -> &Self {
        let path = self.site().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
        self
    }

    pub fn remove(&self, rel: &str) -> &Self {
        std::fs::remove_file(self.site().join(rel)).unwrap();
        self
    }

    /// Run `signpost ARGS` in the site folder.
    pub fn run(&self, args: &[&str]) -> Run {
        // A fixed "today", so review dates in fixtures never fall due.
        self.run_on("2026-11-21", args)
    }

    /// Run `signpost ARGS` in the site with the clock set to `today`.
    pub fn run_on(&self, today: &str, args: &[&str]) -> Run {
        let output = Command::new(env!("CARGO_BIN_EXE_signpost"))
            .args(args)
            .current_dir(self.site())
            .env("NO_COLOR", "1")
            .env("SIGNPOST_TODAY", today)
            .output()
            .expect("run signpost");
        Run { output }
    }

    /// The basic fixture with content/law/england.md's body replaced (it starts on line 7).
    pub fn england(body: &str) -> SiteTest {
        let site = SiteTest::from_fixture("basic");
        site.write(
            "content/law/england.md",
            format!("---\ntitle: England and Wales\ndescription: The law.\nweight: 1\nreviewed: 2026-09-14\n---\n{body}"),
        );
        site
    }

    pub fn build(&self) -> Run {
        self.run(&["build"]).expect_success()
    }

    /// A file of the built output, as text.
    pub fn read_output(&self, rel: &str) -> String {
        let path = self.site().join("public").join(rel);
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }

    /// The `<main>` element of a built page: what the page is about, without the theme around it.
    pub fn main_of(&self, rel: &str) -> String {
        let html = self.read_output(rel);
        let start = html
            .find("<main")
            .unwrap_or_else(|| panic!("no <main> in {rel}"));
        let end = html.rfind("</main>").map(|e| e + 7).unwrap_or(html.len());
        html[start..end].to_string()
    }
}

impl Run {
    pub fn code(&self) -> i32 {
        self.output.status.code().unwrap_or(-1)
    }

    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.output.stderr).into_owned()
    }

    pub fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.output.stdout).into_owned()
    }

    pub fn expect_success(self) -> Self {
        assert_eq!(
            self.code(),
            0,
            "expected success\nstderr:\n{}",
            self.stderr()
        );
        self
    }

    pub fn expect_failure(self) -> Self {
        assert_eq!(
            self.code(),
            1,
            "expected exit code 1\nstderr:\n{}",
            self.stderr()
        );
        self
    }

    /// The run's error output contains every one of `parts`.
    pub fn expect_stderr(self, parts: &[&str]) -> Self {
        let err = self.stderr();
        for part in parts {
            assert!(err.contains(part), "stderr lacks {part:?}\nstderr:\n{err}");
        }
        self
    }
}

pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// The values of attribute `attr` of every element `selector` matches, in
/// document order. Parsed, so the minifier's choice of quoting does not matter.
pub fn attr_values(html: &str, selector: &str, attr: &str) -> Vec<String> {
    let mut values = Vec::new();
    lol_html::rewrite_str(
        html,
        lol_html::RewriteStrSettings {
            element_content_handlers: vec![lol_html::element!(selector, |el| {
                values.extend(el.get_attribute(attr));
                Ok(())
            })],
            ..lol_html::RewriteStrSettings::new()
        },
    )
    .expect("parse HTML");
    values
}

/// Every link of `html`: its `href` and its text, tags inside left out.
pub fn links(html: &str) -> Vec<(String, String)> {
    attr_and_text(html, "a", "href")
}

/// The text of every element `selector` matches, tags inside left out.
pub fn texts(html: &str, selector: &str) -> Vec<String> {
    attr_and_text(html, selector, "")
        .into_iter()
        .map(|(_, text)| text)
        .collect()
}

/// How many elements of `html` `selector` matches.
pub fn count(html: &str, selector: &str) -> usize {
    attr_and_text(html, selector, "").len()
}

/// Each element `selector` matches: its attribute `attr` (empty when it has
/// none) and its text.
fn attr_and_text(html: &str, selector: &str, attr: &str) -> Vec<(String, String)> {
    let found = std::cell::RefCell::new(Vec::<(String, String)>::new());
    lol_html::rewrite_str(
        html,
        lol_html::RewriteStrSettings {
            element_content_handlers: vec![
                lol_html::element!(selector, |el| {
                    let value = el.get_attribute(attr).unwrap_or_default();
                    found.borrow_mut().push((value, String::new()));
                    Ok(())
                }),
                lol_html::text!(selector, |text| {
                    if let Some((_, t)) = found.borrow_mut().last_mut() {
                        t.push_str(text.as_str());
                    }
                    Ok(())
                }),
            ],
            ..lol_html::RewriteStrSettings::new()
        },
    )
    .expect("parse HTML");
    found.into_inner()
}

/// `html` with a line break between adjacent tags, so that a snapshot of
/// minified HTML reads (and diffs) a line per element.
pub fn one_tag_a_line(html: &str) -> String {
    html.replace("><", ">\n<")
}
