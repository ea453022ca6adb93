//! Numbers in page text: the registry's phone numbers as an index
//! ([`NumberIndex`], built from the services), and the numbers written in a
//! page's Markdown checked against it. A registered number becomes a `tel:` link; any other
//! number is a warning that names the registered number it most resembles (a
//! likely typo). A plain scan finds number-shaped runs of text and the
//! `phonenumber` library decides which of them are numbers, so years and
//! section numbers are left alone.

use crate::diagnostics::{Diagnostic, LineIndex};
use crate::html::escape_html;
use crate::phone;
use crate::services::ServiceView;
use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd};
use std::collections::BTreeSet;
use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

/// Registered numbers differing from a written one in at most this many
/// digits are offered as "did you mean".
const TYPO_DISTANCE: usize = 2;

/// One number of the registry.
#[derive(Debug, Clone)]
struct Registered {
    /// International form, or the digits of a short code: what text is compared with.
    target: String,
    short_code: bool,
    /// The link a written copy becomes (`tel:+448088020300`, `sms:...`).
    href: String,
    /// As the registry writes it. Shared with every page that writes it.
    display: Arc<str>,
    service: Arc<str>,
}

/// Every phone, textphone and sms number of the registry, for finding them in text.
#[derive(Debug, Clone, Default)]
pub struct NumberIndex {
    country: String,
    registered: Vec<Registered>,
}

/// What a number-shaped run of text turned out to be.
#[derive(Debug, Clone, Copy)]
enum Found<'a> {
    Registered(&'a Registered),
    /// A number that is not in the registry, with the registered one it resembles.
    Unknown(Option<&'a Registered>),
}

impl NumberIndex {
    /// The numbers of `services`, read for `country`; the first service with a number wins.
    pub fn new(services: &[ServiceView], country: &str) -> NumberIndex {
        let mut registered: Vec<Registered> = Vec::new();
        for service in services {
            let links = [&service.phone, &service.textphone, &service.sms];
            for link in links.into_iter().flatten() {
                let Some((_, target)) = link.href.split_once(':') else {
                    continue;
                };
                if registered.iter().any(|r| r.target == target) {
                    continue;
                }
                registered.push(Registered {
                    target: target.to_string(),
                    short_code: !target.starts_with('+'),
                    href: link.href.clone(),
                    display: link.display.as_str().into(),
                    service: service.name.as_str().into(),
                });
            }
        }
        NumberIndex {
            country: country.to_string(),
            registered,
        }
    }

    /// The numbers registered differently in `other`: changed, added or
    /// removed (as the registry compares them).
    pub fn changed(&self, other: &NumberIndex) -> BTreeSet<String> {
        let entries = |index: &NumberIndex| -> BTreeSet<(String, String, Arc<str>, Arc<str>)> {
            index
                .registered
                .iter()
                .map(|r| {
                    (
                        r.target.clone(),
                        r.href.clone(),
                        r.display.clone(),
                        r.service.clone(),
                    )
                })
                .collect()
        };
        let (mine, theirs) = (entries(self), entries(other));
        mine.symmetric_difference(&theirs)
            .map(|(target, ..)| target.clone())
            .collect()
    }

    /// Decide what a candidate is; None for anything that is not a phone number.
    fn classify(&self, written: &str) -> Option<Found<'_>> {
        // Most numbers in text are written as the registry writes them: no
        // need to ask the phone number library.
        if let Some(known) = self.registered.iter().find(|r| &*r.display == written) {
            return Some(Found::Registered(known));
        }
        let digits = phone::digits(written);
        if let Some(short) = self.registered.iter().find(|r| {
            r.short_code && r.target == digits && (written == digits || written == &*r.display)
        }) {
            return Some(Found::Registered(short));
        }
        if phone::is_short_code(written, &digits) {
            return None;
        }
        let reading = phone::read(written, &self.country);
        let key = reading
            .as_ref()
            .map_or(digits.as_str(), |r| r.e164.as_str());
        if let Some(known) = self.registered.iter().find(|r| r.target == key) {
            return Some(Found::Registered(known));
        }
        let nearest = self
            .registered
            .iter()
            .filter(|r| !r.short_code)
            .map(|r| (strsim::damerau_levenshtein(key, &r.target), r))
            .filter(|(distance, _)| *distance <= TYPO_DISTANCE)
            .min_by_key(|(distance, _)| *distance)
            .map(|(_, r)| r);
        let written_as_number = written.starts_with(['0', '+', '(']) && digits.len() >= 7;
        match (reading.is_some_and(|r| r.valid), nearest) {
            (true, nearest) => Some(Found::Unknown(nearest)),
            (false, Some(near)) if written_as_number => Some(Found::Unknown(Some(near))),
            _ => None,
        }
    }
}

/// The phone numbers a page's text contains, so `serve` knows which pages a
/// change to the registry's numbers shows on.
#[derive(Debug, Clone, Default)]
pub struct NumbersWritten {
    /// Registered numbers written, as the registry compares them (`+448088020300`, `999`).
    pub registered: BTreeSet<String>,
    /// Some number is not in the registry (its "did you mean" depends on all of them).
    pub unknown: bool,
    /// Every number written, as written, in page order (for `signpost report`).
    pub found: Vec<NumberFound>,
}

/// A number written in a page's text and the registry entry it matches
/// or, when it is not registered, most resembles.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct NumberFound {
    pub written: String,
    pub registered: bool,
    /// The registry's number (as the registry writes it) and its service.
    pub entry: Option<(Arc<str>, Arc<str>)>,
}

/// Where a page's text is, for the warnings about its numbers.
pub struct PageText<'a> {
    /// The file as shown to the editor.
    pub display: &'a Path,
    /// Line of the file on which the Markdown body starts.
    pub first_line: usize,
}

/// A page body read for numbers: its Markdown events (with their byte
/// ranges), registered numbers in its text linked; a warning for each other
/// number; and what it was found to write.
pub struct Linked<'a> {
    pub events: Vec<(Event<'a>, Range<usize>)>,
    pub problems: Vec<Diagnostic>,
    pub written: NumbersWritten,
}

impl NumberIndex {
    /// Parse `body` (Markdown with `options`) and link or report the numbers
    /// in its text. Code blocks are skipped; text of links and images is
    /// checked but never linked again.
    pub fn link<'a>(&self, body: &'a str, options: Options, place: &PageText) -> Linked<'a> {
        let events = Parser::new_ext(body, options).into_offset_iter();
        let mut scan = Scan {
            body,
            index: self,
            place,
            out: Vec::new(),
            problems: Vec::new(),
            written: NumbersWritten::default(),
            lines: std::cell::OnceCell::new(),
        };
        // Text arrives in pieces (smart quotes, entities); most runs have no
        // number and go on uncopied.
        let mut pending: Vec<CowStr<'a>> = Vec::new();
        let mut span = 0..0;
        let (mut in_code, mut in_link) = (false, 0usize);
        for (event, range) in events {
            if let (Event::Text(text), false) = (&event, in_code) {
                if pending.is_empty() {
                    span = range.clone();
                }
                span.end = range.end;
                pending.push(text.clone());
                continue;
            }
            if !pending.is_empty() {
                scan.text(joined(&mut pending), span.clone(), in_link == 0);
            }
            match &event {
                Event::Start(Tag::CodeBlock(_)) => in_code = true,
                Event::End(TagEnd::CodeBlock) => in_code = false,
                Event::Start(Tag::Link { .. } | Tag::Image { .. }) => in_link += 1,
                Event::End(TagEnd::Link | TagEnd::Image) => in_link = in_link.saturating_sub(1),
                _ => {}
            }
            scan.out.push((event, range));
        }
        if !pending.is_empty() {
            scan.text(joined(&mut pending), span, in_link == 0);
        }
        Linked {
            events: scan.out,
            problems: scan.problems,
            written: scan.written,
        }
    }
}

/// The pieces of one run of text as one, emptying `pieces`.
fn joined<'a>(pieces: &mut Vec<CowStr<'a>>) -> CowStr<'a> {
    if pieces.len() == 1 {
        return pieces.pop().unwrap_or(CowStr::Borrowed(""));
    }
    let text: String = pieces.iter().map(|p| p.as_ref()).collect();
    pieces.clear();
    text.into()
}

/// The state of one page's scan.
struct Scan<'b, 'a> {
    body: &'b str,
    index: &'b NumberIndex,
    place: &'b PageText<'b>,
    out: Vec<(Event<'a>, Range<usize>)>,
    problems: Vec<Diagnostic>,
    written: NumbersWritten,
    /// The body's lines, made at the first unknown number.
    lines: std::cell::OnceCell<LineIndex>,
}

impl<'a> Scan<'_, 'a> {
    /// One run of text (`span` in the body): link or report the numbers in it.
    fn text(&mut self, text: CowStr<'a>, span: Range<usize>, linkable: bool) {
        let index = self.index;
        let mut pieces: Vec<Event<'a>> = Vec::new();
        let mut last = 0;
        let mut located = span.start;
        for candidate in candidates(&text) {
            let written = &text[candidate.clone()];
            let found = index.classify(written);
            let entry = |r: &Registered| (r.display.clone(), r.service.clone());
            let (registered, entry) = match found {
                Some(Found::Registered(known)) => {
                    self.written.registered.insert(known.target.clone());
                    (true, Some(entry(known)))
                }
                Some(Found::Unknown(near)) => {
                    self.written.unknown = true;
                    (false, near.map(entry))
                }
                None => (false, None),
            };
            if found.is_some() {
                self.written.found.push(NumberFound {
                    written: written.to_string(),
                    registered,
                    entry,
                });
            }
            match found {
                Some(Found::Registered(known)) if linkable => {
                    if last < candidate.start {
                        pieces.push(Event::Text(text[last..candidate.start].to_string().into()));
                    }
                    let open = format!("<a href=\"{}\">", escape_html(&known.href));
                    pieces.push(Event::InlineHtml(CowStr::from(open)));
                    pieces.push(Event::Text(written.to_string().into()));
                    pieces.push(Event::InlineHtml("</a>".into()));
                    last = candidate.end;
                }
                Some(Found::Unknown(nearest)) => {
                    let problem = self.unknown(written, &mut located, span.end, nearest);
                    self.problems.push(problem);
                }
                _ => {}
            }
        }
        if last == 0 {
            self.out.push((Event::Text(text), span));
            return;
        }
        if last < text.len() {
            pieces.push(Event::Text(text[last..].to_string().into()));
        }
        self.out
            .extend(pieces.into_iter().map(|event| (event, span.clone())));
    }

    /// The warning for `written`, found in the body at or after `from` (moved past it).
    fn unknown(
        &self,
        written: &str,
        from: &mut usize,
        end: usize,
        nearest: Option<&Registered>,
    ) -> Diagnostic {
        let source = self.body.get(*from..end).unwrap_or("");
        let offset = *from + source.find(written).unwrap_or(0);
        *from = (offset + written.len()).min(end);
        let before = self.body.get(..offset).unwrap_or(self.body);
        let lines = self.lines.get_or_init(|| LineIndex::new(self.body));
        let line = self.place.first_line + lines.newlines_before(offset);
        let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
        let hint = match nearest {
            Some(near) => format!("did you mean {} ({})?", near.display, near.service),
            None => "add it to data/services.yaml (as the phone, textphone or sms of its service), so it is written once and checked".into(),
        };
        Diagnostic::warning(
            "unknown-number",
            format!("number {written} is not in data/services.yaml"),
        )
        .in_file(self.place.display)
        .at(Some(line), Some(column))
        .with_hint(hint)
    }
}

/// Byte ranges of number-shaped runs in `text`: digits joined by single spaces,
/// hyphens or brackets, perhaps after a `+` or `(`, and not glued to words or to
/// other numbers (`2A`, `10am`, `1.5`, `9:30`, `10,000`).
fn candidates(text: &str) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let opens =
            matches!(bytes[i], b'+' | b'(') && bytes.get(i + 1).is_some_and(u8::is_ascii_digit);
        if !(bytes[i].is_ascii_digit() || opens) || glued_before(text, i) {
            i += 1;
            continue;
        }
        let end = run_end(bytes, i);
        if !glued_after(text, end) {
            found.push(unbracketed(bytes, i..end));
        }
        i = end.max(i + 1);
    }
    found
}

/// A run without the prose's brackets around it: `(0808 802 0300)` and
/// `999)` keep only the number; `(0113) 496 0000` stays whole.
fn unbracketed(bytes: &[u8], run: Range<usize>) -> Range<usize> {
    let inner = &bytes[run.clone()];
    let closes = inner.iter().filter(|&&b| b == b')').count();
    let opens = inner.iter().filter(|&&b| b == b'(').count();
    let enclosed = inner.first() == Some(&b'(')
        && inner.iter().position(|&b| b == b')') == Some(inner.len() - 1);
    match (enclosed, inner.last() == Some(&b')') && closes > opens) {
        (true, _) => run.start + 1..run.end - 1,
        (false, true) => run.start..run.end - 1,
        (false, false) if inner.first() == Some(&b'(') && opens > closes => run.start + 1..run.end,
        _ => run,
    }
}

/// Where a run starting at `start` ends: after its last digit or closing bracket.
fn run_end(bytes: &[u8], start: usize) -> usize {
    let mut end = start;
    let mut gap = 0;
    for (j, &b) in bytes.iter().enumerate().skip(start) {
        match b {
            b'0'..=b'9' | b')' => {
                end = j + 1;
                gap = 0;
            }
            b'+' if j == start => {}
            b' ' | b'-' | b'(' if gap < 2 => gap += 1,
            _ => break,
        }
    }
    end
}

/// The run at `start` continues a word or another number.
fn glued_before(text: &str, start: usize) -> bool {
    text[..start]
        .chars()
        .next_back()
        .is_some_and(|c| c.is_alphanumeric() || ".,/:£$€#_=&@".contains(c))
}

/// The run ending at `end` goes on as a word, a decimal, a time or a date.
fn glued_after(text: &str, end: usize) -> bool {
    let mut rest = text[end..].chars();
    match rest.next() {
        Some(c) if c.is_alphanumeric() => true,
        Some('.' | ',' | ':' | '/') => rest.next().is_some_and(|c| c.is_ascii_digit()),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::services::ServiceRegistry;

    const SERVICES: &str = "\
- id: emergency-services
  name: Emergency services
  kind: emergency
  phone: \"999\"
  textphone: \"18000\"
- id: national-stalking-helpline
  name: National Stalking Helpline
  kind: helpline
  phone: 0808 802 0300
";

    fn registry() -> ServiceRegistry {
        ServiceRegistry::parse(SERVICES, Path::new("data/services.yaml"), "GB").unwrap()
    }

    /// The HTML and the warnings of a Markdown body.
    fn lint(body: &str) -> (String, Vec<Diagnostic>) {
        let index = NumberIndex::new(registry().views(), "GB");
        let place = PageText {
            display: Path::new("content/a.md"),
            first_line: 5,
        };
        let linked = index.link(body, Options::ENABLE_TABLES, &place);
        let mut html = String::new();
        pulldown_cmark::html::push_html(&mut html, linked.events.into_iter().map(|(e, _)| e));
        (html, linked.problems)
    }

    fn found(text: &str) -> Vec<&str> {
        candidates(text).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn candidates_are_number_shaped_runs() {
        assert_eq!(
            found("Call 0808 802 0300 (free) or +44 (0)808 802 0300, or 999."),
            ["0808 802 0300", "+44 (0)808 802 0300", "999"]
        );
        assert_eq!(found("(0113) 496-0000"), ["(0113) 496-0000"]);
        assert_eq!(
            found("the helpline (0808 802 0300) or (999) or 101)"),
            ["0808 802 0300", "999", "101"]
        );
        assert_eq!(found("(0808 802 0300 or so"), ["0808 802 0300"]);
        assert!(found("Section 2A, 10am, 9:30, 1.5, £10,000, v2, 4th").is_empty());
        assert_eq!(found("1997–2012"), ["1997", "2012"]);
    }

    #[test]
    fn registered_numbers_become_links_in_prose_only() {
        let (html, problems) = lint(
            "Call 0808 802 0300 or 999 today.\n\n| Who | Number |\n|---|---|\n| Police | 999 |\n\n```\n0808 202 0300\n```\n\n[0808 802 0300](tel:+448088020300) and `0808 202 0300`\n",
        );
        assert!(problems.is_empty(), "{problems:?}");
        assert!(
            html.contains("Call <a href=\"tel:+448088020300\">0808 802 0300</a> or <a href=\"tel:999\">999</a> today."),
            "{html}"
        );
        assert!(
            html.contains("<td><a href=\"tel:999\">999</a></td>"),
            "{html}"
        );
        assert!(html.contains("<pre><code>0808 202 0300"), "{html}");
        assert!(
            html.contains("<a href=\"tel:+448088020300\">0808 802 0300</a> and"),
            "{html}"
        );
        assert!(!html.contains("tel:+448088020300\"><a"), "{html}");
    }

    #[test]
    fn a_typo_is_a_warning_naming_the_registered_number() {
        let (html, problems) = lint("Intro.\n\nRing 0808 202 0300 now, or 0808 802 030.\n\n*Again*: 0808 202 0300 or 0808 202 0300.\n");
        assert!(!html.contains("tel:"), "{html}");
        let shown: Vec<String> = problems[..2]
            .iter()
            .map(|d| format!("{:?}:{:?}: {} / {:?}", d.line, d.column, d.message, d.hint))
            .collect();
        assert_eq!(
            shown,
            [
                "Some(7):Some(6): number 0808 202 0300 is not in data/services.yaml / Some(\"did you mean 0808 802 0300 (National Stalking Helpline)?\")",
                "Some(7):Some(28): number 0808 802 030 is not in data/services.yaml / Some(\"did you mean 0808 802 0300 (National Stalking Helpline)?\")",
            ]
        );
        let again: Vec<_> = problems[2..].iter().map(|d| (d.line, d.column)).collect();
        assert_eq!(again, [(Some(9), Some(10)), (Some(9), Some(27))]);
        assert_eq!(problems[0].file.as_deref(), Some(Path::new("content/a.md")));
        assert_eq!(problems[0].severity, crate::diagnostics::Severity::Warning);
    }

    #[test]
    fn other_valid_numbers_ask_to_be_registered() {
        let (_, problems) = lint("Northbridge Police: 0113 496 0000.\n");
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0]
            .hint
            .as_deref()
            .is_some_and(|h| h.starts_with("add it to data/services.yaml")));
    }

    #[test]
    fn years_sections_and_unregistered_short_codes_are_not_numbers() {
        let (html, problems) = lint(
            "The Protection from Harassment Act 1997, section 2A and 4A, amended in 2012.\n\nSee 2026-09-14, call 101 or 111, page 20, 1 in 5 people, 0.5%.\n",
        );
        assert!(problems.is_empty(), "{problems:?}");
        assert!(!html.contains("<a"), "{html}");
    }
}
