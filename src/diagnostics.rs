//! Diagnostics: every problem the pipeline finds, with file, line, column and a
//! hint, collected (never thrown) so `check` can report all of them at once.

use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Information an editor should see but that is not a problem (a pack page replaced).
    Note,
    Warning,
    Error,
}

/// One problem, located in a file of the site where that is known.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// A short stable name for the kind of problem, for scripts (`review-overdue`).
    pub code: &'static str,
    pub file: Option<PathBuf>,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
    pub hint: Option<String>,
}

impl Diagnostic {
    pub fn error(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, code, message)
    }

    pub fn warning(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, code, message)
    }

    pub fn note(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(Severity::Note, code, message)
    }

    fn new(severity: Severity, code: &'static str, message: impl Into<String>) -> Self {
        Diagnostic {
            severity,
            code,
            file: None,
            line: None,
            column: None,
            message: message.into(),
            hint: None,
        }
    }

    pub fn in_file(mut self, file: impl AsRef<Path>) -> Self {
        self.file = Some(file.as_ref().to_path_buf());
        self
    }

    pub fn at_line(mut self, line: Option<usize>) -> Self {
        self.line = line;
        self
    }

    pub fn at(mut self, line: Option<usize>, column: Option<usize>) -> Self {
        self.line = line;
        self.column = column;
        self
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn with_hint_opt(mut self, hint: Option<String>) -> Self {
        self.hint = hint;
        self
    }

    /// `hint`, unless the diagnostic has one.
    pub fn or_hint(mut self, hint: &str) -> Self {
        self.hint.get_or_insert_with(|| hint.to_string());
        self
    }

    fn location(&self) -> String {
        let mut out = String::new();
        if let Some(file) = &self.file {
            out.push_str(&file.display().to_string());
            if let Some(line) = self.line {
                let _ = write!(out, ":{line}");
                if let Some(col) = self.column {
                    let _ = write!(out, ":{col}");
                }
            }
            out.push_str(": ");
        }
        out
    }
}

/// Everything found in one run. Under `--strict`, warnings count as errors.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl From<Vec<Diagnostic>> for Diagnostics {
    fn from(items: Vec<Diagnostic>) -> Self {
        Diagnostics { items }
    }
}

impl Diagnostics {
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    pub fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(other);
    }

    pub fn items(&self) -> &[Diagnostic] {
        &self.items
    }

    /// Errors, each counted once however often it was found (a template
    /// that fails on every page is one error).
    pub fn errors(&self, strict: bool) -> usize {
        self.grouped()
            .values()
            .flatten()
            .filter(|d| {
                d.severity == Severity::Error || (strict && d.severity == Severity::Warning)
            })
            .count()
    }

    pub fn warnings(&self, strict: bool) -> usize {
        if strict {
            0
        } else {
            self.grouped()
                .values()
                .flatten()
                .filter(|d| d.severity == Severity::Warning)
                .count()
        }
    }

    pub fn has_errors(&self, strict: bool) -> bool {
        self.errors(strict) > 0
    }

    /// Diagnostics grouped by file (files in name order, site-wide ones first),
    /// each group in line order, so the same input always prints the same report.
    pub fn grouped(&self) -> BTreeMap<Option<&Path>, Vec<&Diagnostic>> {
        let mut groups: BTreeMap<Option<&Path>, Vec<&Diagnostic>> = BTreeMap::new();
        for d in &self.items {
            groups.entry(d.file.as_deref()).or_default().push(d);
        }
        for list in groups.values_mut() {
            list.sort_by_key(|d| (d.line, d.column, d.severity, d.message.clone()));
            list.dedup();
        }
        groups
    }

    /// The human report: `error: file:line:col: message` then `  help: hint`.
    pub fn render_human(&self, strict: bool) -> String {
        let mut out = String::new();
        for list in self.grouped().values() {
            for d in list {
                let label = match (d.severity, strict) {
                    (Severity::Error, _) | (Severity::Warning, true) => "error",
                    (Severity::Warning, false) => "warning",
                    (Severity::Note, _) => "note",
                };
                let _ = writeln!(out, "{label}: {}{}", d.location(), d.message);
                if let Some(hint) = &d.hint {
                    let _ = writeln!(out, "  help: {hint}");
                }
            }
        }
        out
    }

    /// The JSON report for pipelines and dashboards.
    pub fn render_json(&self, strict: bool, summary: &serde_json::Value) -> String {
        let list: Vec<serde_json::Value> = self
            .grouped()
            .values()
            .flatten()
            .map(|d| {
                let mut value = serde_json::to_value(d).unwrap_or_default();
                if strict && d.severity == Severity::Warning {
                    value["severity"] = serde_json::Value::from("error");
                }
                value
            })
            .collect();
        let report = serde_json::json!({
            "errors": self.errors(strict),
            "warnings": self.warnings(strict),
            "diagnostics": list,
            "summary": summary,
        });
        serde_json::to_string_pretty(&report).unwrap_or_default()
    }
}

/// The known name nearest to `word`, if it is close enough to be a likely typo.
pub fn nearest<'a>(word: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    known
        .into_iter()
        .map(|k| (strsim::damerau_levenshtein(word, k), k))
        .filter(|(distance, k)| *distance <= (k.len().max(word.len()) / 3).max(2))
        .min()
        .map(|(_, k)| k)
}

/// Where each line of a text starts, so that the line of a byte offset is a
/// binary search, not a count of every newline before it: a page with
/// thousands of findings (a long list of broken links) took seconds, as each
/// counted from the top.
pub struct LineIndex(Vec<usize>);

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        LineIndex(text.match_indices('\n').map(|(at, _)| at + 1).collect())
    }

    /// How many newlines come before `offset`: its line, counted from 0.
    pub fn newlines_before(&self, offset: usize) -> usize {
        self.0.partition_point(|start| *start <= offset)
    }
}

/// 1-based line and column of a byte offset in `text`.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let col = before.len() - before.rfind('\n').map_or(0, |i| i + 1) + 1;
    (line, col)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_index_counts_the_newlines_before_any_offset() {
        for text in ["", "one", "\n", "a\nb\n\nc", "\n\nx\n"] {
            let lines = LineIndex::new(text);
            for offset in 0..=text.len() + 2 {
                let counted = text[..offset.min(text.len())].matches('\n').count();
                assert_eq!(
                    lines.newlines_before(offset),
                    counted,
                    "{text:?} at {offset}"
                );
            }
        }
    }
}
