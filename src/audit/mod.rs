//! The audit: checks over the final HTML of a built site (or any folder of
//! HTML), with a real HTML parser. Each page is scanned once (see
//! [`page_scan`]); the checks read the scans. Findings name the page and the
//! element.

pub mod attributes;
pub mod css;
pub mod folder;
pub mod found_urls;
pub mod js;
pub mod links;
pub mod page_ids;
pub mod page_scan;
pub mod privacy;
pub mod quick_exit;
pub mod search;
pub mod svg;
pub mod urls;

pub use attributes::describe;
pub use found_urls::{FoundUrl, FoundUrls};
pub use page_scan::{scan, scan_all, Breach, Focusable, InlineCss, PageScan};

use crate::diagnostics::{Diagnostic, LineIndex};
use std::collections::{BTreeMap, HashMap};
use std::hash::Hash;
use std::path::Path;

/// A problem the audit found in the built output.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Finding {
    /// Output file, e.g. `law/index.html`.
    pub page: String,
    pub message: String,
    pub hint: String,
    /// Text as the source may hold it, to find its line: the URL at fault,
    /// then words near it (`srcdoc`, `noscript`, the attribute's name).
    pub evidence: Vec<String>,
    /// The line of the evidence in the page's source, or in the page itself.
    pub line: Option<usize>,
}

impl Finding {
    /// The finding as an error: located in the page's source file when that
    /// is known (the message then names the page), else in the page itself;
    /// at its line when that was found.
    pub fn diagnostic(&self, code: &'static str, source: Option<&Path>) -> Diagnostic {
        match source {
            Some(file) => Diagnostic::error(code, format!("{} (in {})", self.message, self.page))
                .in_file(file),
            None => Diagnostic::error(code, self.message.clone()).in_file(&self.page),
        }
        .at_line(self.line)
        .with_hint(self.hint.clone())
    }
}

/// Put each finding at its line: the first line of its text (the page's
/// source, or the page; `text_of` names it, `read` reads it) that holds all
/// its evidence, else the first that holds the URL at fault; None when no
/// line does or the text cannot be read. Findings without a text are left as
/// they are. Each text is read once for all its findings (a page of
/// thousands of broken links had each finding read its file again).
pub fn locate<K: Eq + Hash>(
    findings: &mut [Finding],
    text_of: impl Fn(&Finding) -> Option<K>,
    read: impl Fn(&K) -> Option<String>,
) {
    let mut texts: HashMap<K, Option<(String, LineIndex)>> = HashMap::new();
    for finding in findings {
        let Some(key) = text_of(finding) else {
            continue;
        };
        let text = texts.entry(key).or_insert_with_key(|key| {
            let text = read(key)?;
            let lines = LineIndex::new(&text);
            Some((text, lines))
        });
        finding.line = text.as_ref().and_then(|(text, lines)| {
            let start = evidence_line(text, &finding.evidence)?;
            Some(lines.newlines_before(start) + 1)
        });
    }
}

/// Where the line of `text` (as `str::lines` splits it) starts that holds
/// all of `evidence`, else the first that holds its first (the URL at
/// fault), in one pass over the places that first is found: each line
/// that holds it is tested, the rest of it skipped.
fn evidence_line(text: &str, evidence: &[String]) -> Option<usize> {
    let needle = evidence.first().filter(|e| !e.trim().is_empty())?;
    let finder = memchr::memmem::Finder::new(needle);
    let mut first = None;
    let mut from = 0;
    while let Some(found) = text
        .get(from..)
        .and_then(|rest| finder.find(rest.as_bytes()))
    {
        // UTF-8 needle in UTF-8 text: a match starts at a character.
        let at = from + found;
        let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
        let (end, line) = match text[at..].find('\n') {
            // `str::lines` drops the `\r` of a `\r\n` only.
            Some(i) => {
                let line = &text[start..at + i];
                (at + i, line.strip_suffix('\r').unwrap_or(line))
            }
            None => (text.len(), &text[start..]),
        };
        if line.contains(needle.as_str()) {
            if evidence.iter().all(|e| line.contains(e.as_str())) {
                return Some(start);
            }
            first.get_or_insert(start);
        }
        from = end + 1;
    }
    first
}

/// What the privacy and quick exit checks need to know about the site.
#[derive(Debug, Clone, Default)]
pub struct AuditOptions {
    /// Third-party hosts pages may load from (`privacy.allow`): exact hosts.
    pub allow: Vec<String>,
    /// The site's address; URLs to its host are the site's own. Without it,
    /// every absolute URL is another site's.
    pub base_url: Option<String>,
    /// Every page must carry the emergency notice (the site lists emergency services).
    pub require_emergency: bool,
}

/// The privacy and safety audit of `pages` (output file and scan) and, with
/// `files`, of every stylesheet, script, SVG image and search index among
/// them, in parallel; findings come in the order of `pages`, then of the
/// files, then as found. `files`: the output files held in memory (every one
/// but the pages, at least); `outputs`: every output file, for the search
/// index's results.
pub fn check(
    pages: &[(&str, &PageScan)],
    files: Option<&BTreeMap<String, Vec<u8>>>,
    outputs: &dyn OutputFiles,
    options: &AuditOptions,
) -> Vec<Finding> {
    use rayon::prelude::*;
    let origins = urls::Origins::new(options.base_url.as_deref(), &options.allow);
    let pages = pages.par_iter().flat_map_iter(|&(page, scan)| {
        if scan.elements == 0 && scan.unreadable.is_none() {
            return Vec::new();
        }
        let mut findings = privacy::check_page(page, scan, &origins);
        findings.extend(quick_exit::check_page(
            page,
            scan,
            &origins,
            options.require_emergency,
        ));
        findings
    });
    let others = files
        .into_par_iter()
        .flatten()
        .flat_map_iter(|(path, bytes)| {
            let text = || String::from_utf8_lossy(bytes);
            match kind(path) {
                FileKind::Stylesheet => privacy::check_stylesheet(path, &text(), &origins),
                FileKind::Script => privacy::check_script(path, &text(), &origins),
                FileKind::Svg => svg::check(path, bytes, &origins),
                FileKind::Other if search::is_index(path) => search::check(path, bytes, outputs),
                FileKind::Page | FileKind::Other => Vec::new(),
            }
        });
    // `collect` keeps the order of the sequence: pages, then other files.
    pages.chain(others).collect()
}

/// The files of an output as the link check and the search index check look
/// them up by name.
pub trait OutputFiles: Sync {
    /// None: no file of that name; else the file's scan when it is a page.
    fn find(&self, name: &str) -> Option<Option<&PageScan>>;
}

/// Every file of an output by name, with its scan when it is a page: for
/// checks over a whole output, which look names up more often than the
/// index takes to make (hashing beats comparing long paths down a BTreeMap).
pub struct OutputIndex<'a>(HashMap<&'a str, Option<&'a PageScan>>);

impl<'a> FromIterator<(&'a str, Option<&'a PageScan>)> for OutputIndex<'a> {
    fn from_iter<I: IntoIterator<Item = (&'a str, Option<&'a PageScan>)>>(files: I) -> Self {
        OutputIndex(files.into_iter().collect())
    }
}

impl OutputFiles for OutputIndex<'_> {
    fn find(&self, name: &str) -> Option<Option<&PageScan>> {
        self.0.get(name).copied()
    }
}

/// What an output file is to the audit, by its extension in any case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FileKind {
    Page,
    Stylesheet,
    Script,
    Svg,
    Other,
}

pub(crate) fn kind(path: &str) -> FileKind {
    let name = path.rsplit('/').next().unwrap_or(path);
    let extension = name.rsplit_once('.').map_or("", |(_, e)| e);
    match extension.to_ascii_lowercase().as_str() {
        "html" | "htm" | "xhtml" | "xht" => FileKind::Page,
        "css" => FileKind::Stylesheet,
        "js" | "mjs" | "cjs" => FileKind::Script,
        "svg" => FileKind::Svg,
        _ => FileKind::Other,
    }
}

/// Is this output file an HTML page?
pub(crate) fn is_page(path: &str) -> bool {
    kind(path) == FileKind::Page
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(evidence: &[&str], text: &str) -> Option<usize> {
        let mut findings = [Finding {
            evidence: evidence.iter().map(|e| e.to_string()).collect(),
            ..Finding::default()
        }];
        locate(&mut findings, |_| Some(()), |_| Some(text.to_string()));
        findings[0].line
    }

    #[test]
    fn a_finding_is_at_the_first_line_with_all_its_evidence_else_its_url() {
        let text = "intro\r\n<img src=x.png>\r\nsee x.png in srcdoc\n\nx.png";
        assert_eq!(line(&["x.png", "srcdoc"], text), Some(3));
        assert_eq!(line(&["x.png", "noscript"], text), Some(2));
        assert_eq!(line(&["x.png"], text), Some(2));
        assert_eq!(line(&["y.png"], text), None);
        assert_eq!(line(&["  "], text), None);
        assert_eq!(line(&[], text), None);
        // No line holds what spans two, nor a `\r` that `\r\n` ends.
        assert_eq!(line(&["intro\r\n<img"], text), None);
        assert_eq!(line(&["intro\r"], text), None);
        // A last line keeps a `\r` of its own, as `str::lines` keeps it.
        assert_eq!(line(&["end\r"], "a\nend\r"), Some(2));
        assert_eq!(line(&["é"], "ab\ncé"), Some(2));
    }
}
