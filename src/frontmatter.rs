//! Front matter: split the `---` block from the Markdown body (keeping the
//! body's line offset) and parse it into the typed `FrontMatter`.

use crate::content::SourceFile;
use crate::dates::Date;
use crate::diagnostics::Diagnostic;
use crate::yaml;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Page front matter exactly as written. Unknown keys are errors.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    /// The page title (required).
    pub title: String,
    /// The meta description; a warning if missing.
    #[serde(default)]
    pub description: Option<String>,
    /// Order within its section (lower first; then by title).
    #[serde(default)]
    pub weight: i64,
    /// A template of the theme to use instead of page.html / section.html.
    #[serde(default)]
    pub template: Option<String>,
    /// Drafts are left out unless built with --drafts.
    #[serde(default)]
    pub draft: bool,
    /// The last part of the page's URL, instead of the file name.
    #[serde(default)]
    pub slug: Option<String>,
    /// When the content was last checked (YYYY-MM-DD).
    #[serde(default)]
    pub reviewed: Option<Date>,
    /// When it must next be checked; default: reviewed + review.every_months.
    #[serde(default)]
    pub review_due: Option<Date>,
    /// Who keeps the page accurate.
    #[serde(default)]
    pub owner: Option<String>,
    /// Service ids shown as support cards after the content.
    #[serde(default)]
    pub services: Vec<String>,
    /// Old URLs that must keep working (redirect pages are written for them).
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Keep search engines away from this page.
    #[serde(default)]
    pub noindex: bool,
}

/// A page file split and parsed: front matter, body, and where each starts.
#[derive(Debug, Clone)]
pub struct ParsedPage {
    pub file: SourceFile,
    pub front: FrontMatter,
    /// The YAML text, for finding the line of a key after parsing.
    pub front_text: String,
    pub front_first_line: usize,
    /// File line on which the body starts.
    pub body_first_line: usize,
    /// Unknown keys, each an error; the page is read without them so that
    /// everything else in it is still checked.
    pub problems: Vec<Diagnostic>,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum FrontMatterError {
    #[error("the file is empty")]
    Empty,
    #[error("the page has no front matter")]
    Missing,
    #[error("the front matter that starts on line 1 is never closed")]
    Unclosed,
    #[error("the front matter is {} KiB long; signpost reads at most {} KiB", .0 / 1024, MAX_BYTES / 1024)]
    TooLong(usize),
    #[error("the front matter has more than {MAX_FLOWS} `[` and `{{`; signpost reads at most {MAX_FLOWS}")]
    TooManyBrackets {
        /// File line of the one that passes the bound.
        line: usize,
    },
}

/// The longest front matter read. Page front matter is a few short keys;
/// the YAML reader's time grows with the length times the nesting.
pub const MAX_BYTES: usize = 64 * 1024;

/// The most `[` and `{` (YAML's lists and mappings in brackets) a front
/// matter may hold. Each may nest in the one before, and the YAML reader's
/// time grows with the square of that nesting: 100,000 took half a minute.
pub const MAX_FLOWS: usize = 256;

impl FrontMatterError {
    fn hint(&self) -> &'static str {
        match self {
            FrontMatterError::Empty | FrontMatterError::Missing => {
                "start the file with a front matter block:\n  ---\n  title: Your page title\n  ---"
            }
            FrontMatterError::Unclosed => {
                "add a line with only `---` after the last front matter key"
            }
            FrontMatterError::TooLong(_) => {
                "keep only the keys in the front matter; the text goes in the page, after the closing `---`"
            }
            FrontMatterError::TooManyBrackets { .. } => {
                "write each list one item a line (`- item`) and check the `[` are meant"
            }
        }
    }

    /// The file line the problem is on.
    fn line(&self) -> usize {
        match self {
            FrontMatterError::TooManyBrackets { line } => *line,
            _ => 1,
        }
    }
}

/// Front matter the YAML reader can read quickly: at most [`MAX_BYTES`] long,
/// with at most [`MAX_FLOWS`] brackets. `yaml` starts on line 2 of its file.
fn bounded(yaml: &str) -> Result<&str, FrontMatterError> {
    if yaml.len() > MAX_BYTES {
        return Err(FrontMatterError::TooLong(yaml.len()));
    }
    match yaml.match_indices(['[', '{']).nth(MAX_FLOWS) {
        Some((offset, _)) => Err(FrontMatterError::TooManyBrackets {
            line: 2 + yaml[..offset].matches('\n').count(),
        }),
        None => Ok(yaml),
    }
}

/// Split `---\nyaml\n---\nbody` into (yaml, body, body's first line).
pub fn split(text: &str) -> Result<(&str, &str, usize), FrontMatterError> {
    if text.trim().is_empty() {
        return Err(FrontMatterError::Empty);
    }
    let rest = text
        .strip_prefix("---\n")
        .or_else(|| (text.trim_end() == "---").then_some(""))
        .ok_or(FrontMatterError::Missing)?;
    let mut offset = 0;
    for (i, line) in rest.split_inclusive('\n').enumerate() {
        if line.trim_end() == "---" {
            let body = &rest[offset + line.len()..];
            return Ok((&rest[..offset], body, i + 3));
        }
        offset += line.len();
    }
    Err(FrontMatterError::Unclosed)
}

/// A page file read: its front matter, kept in the site model, and its
/// Markdown body, rendered and then dropped.
#[derive(Debug, Clone)]
pub struct PageFile {
    pub page: ParsedPage,
    pub body: String,
}

pub fn parse(file: SourceFile) -> Result<PageFile, Diagnostic> {
    let SourceFile { display, rel, text } = file;
    let (page, body_start) = front_matter(display, rel, &text)?;
    // The body is the end of the text: the text keeps its buffer.
    let mut body = text;
    body.drain(..body_start);
    Ok(PageFile { page, body })
}

/// The body of a page file's `text` when its front matter is still the
/// one `known` was parsed from (its YAML is not parsed again); None when
/// it is not.
pub fn body_of(mut text: String, known: &ParsedPage) -> Option<String> {
    let (front, body, line) = split(&text).ok()?;
    let same = front == known.front_text && line == known.body_first_line;
    let start = text.len() - body.len();
    same.then(|| {
        text.drain(..start);
        text
    })
}

/// A page file's front matter only, for a stage that reads its body later.
pub fn parse_front(file: SourceFile) -> Result<ParsedPage, Diagnostic> {
    let SourceFile { display, rel, text } = file;
    front_matter(display, rel, &text).map(|(page, _)| page)
}

/// The front matter of `text`, the file at `rel` shown as `display`, and
/// where its body starts in `text`.
fn front_matter(
    display: std::path::PathBuf,
    rel: String,
    text: &str,
) -> Result<(ParsedPage, usize), Diagnostic> {
    let (front_text, body, body_first_line) = split(text)
        .and_then(|(yaml, body, line)| Ok((bounded(yaml)?, body, line)))
        .map_err(|e| {
            Diagnostic::error("front-matter", e.to_string())
                .in_file(&display)
                .at_line(Some(e.line()))
                .with_hint(e.hint())
        })?;
    let problem = |e: yaml::YamlError| e.diagnostic("front-matter", &display);
    let (front, unknown) = yaml::parse_lenient::<FrontMatter>(front_text, 2).map_err(problem)?;
    let problems = unknown.into_iter().map(problem).collect();
    let page = ParsedPage {
        front_text: front_text.to_string(),
        front_first_line: 2,
        body_first_line,
        front,
        problems,
        // Front matter and body are kept apart: the whole text as well would
        // hold every page twice while the site builds.
        file: SourceFile {
            display,
            rel,
            text: String::new(),
        },
    };
    Ok((page, text.len() - body.len()))
}

impl ParsedPage {
    /// File line of a front matter key, for problems found after parsing.
    pub fn key_line(&self, key: &str) -> Option<usize> {
        yaml::key_line(&self.front_text, key, self.front_first_line)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_keeps_body_line() {
        let (yaml, body, line) = split("---\ntitle: A\n---\n# Hi\n").unwrap();
        assert_eq!(yaml, "title: A\n");
        assert_eq!(body, "# Hi\n");
        assert_eq!(line, 4);
        assert_eq!(
            split("---\ntitle: A\n").unwrap_err(),
            FrontMatterError::Unclosed
        );
        assert_eq!(
            split("# no front matter").unwrap_err(),
            FrontMatterError::Missing
        );
        assert_eq!(split(" \n").unwrap_err(), FrontMatterError::Empty);
    }
}
