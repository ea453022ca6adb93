//! Site search: what each page gives the index (collected on the thread that
//! renders it), the index of each language written beside its search page in
//! the same pass, and the A–Z list the search page shows without JavaScript.
//!
//! The index of a language is `search/index.CODE.json` (another language's
//! under `CODE/search/`). It holds the pages (address, title, section,
//! description, headings) numbered in A–Z order, and each term with its
//! pages as a compact string: delta-encoded page numbers, each with the
//! best field the term is in (title > heading > description or service >
//! body). A large site's terms go to one file per first letter
//! (`index.CODE.LETTER.json`), named in the main file's `shards`.

pub mod normalise;

use crate::config::SiteConfig;
use crate::diagnostics::Diagnostic;
use crate::locale::Locale;
use crate::markdown::TocEntry;
use crate::page::{PageKind, SiteModel};
use crate::services::ServiceView;
use normalise::Normaliser;
use rustc_hash::FxHashMap;
use serde::Serialize;
use std::borrow::Cow;
use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// The folder of the default language's search page, below the site root.
pub const FOLDER: &str = "search/";

/// The theme's search script (a static file), left out under `search: false`.
pub const SCRIPT: &str = "js/search.js";

/// The template the search page is rendered with.
pub const TEMPLATE: &str = "search.html";

/// Where a word is found in a page, the best first (the order ranks results).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Field {
    Body = 0,
    /// The description and the names and summaries of the services it shows.
    Summary = 1,
    Heading = 2,
    Title = 3,
}

impl Field {
    /// The character written after a term of this field in a [`Record`]:
    /// white space, so never part of a term (words are split at it).
    fn mark(self) -> char {
        char::from(b'\t' + self as u8)
    }

    fn from_mark(byte: u8) -> Option<Field> {
        Some(match byte.checked_sub(b'\t')? {
            0 => Field::Body,
            1 => Field::Summary,
            2 => Field::Heading,
            3 => Field::Title,
            _ => return None,
        })
    }
}

/// What a page gives the index: its headings, and each term once with the
/// best field it is in. The terms are one string (sorted, each followed by
/// its field's mark), not a `String` each: a 10,000-page site holds about
/// two million of them until the index is written.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Record {
    pub headings: Vec<String>,
    terms: String,
}

impl Record {
    /// Each term, in order, with the best field it is in.
    pub fn terms(&self) -> impl Iterator<Item = (&str, Field)> {
        let mut rest = self.terms.as_str();
        std::iter::from_fn(move || {
            let (at, field) = rest
                .bytes()
                .enumerate()
                .find_map(|(i, b)| Field::from_mark(b).map(|f| (i, f)))?;
            let term = &rest[..at];
            rest = &rest[at + 1..];
            Some((term, field))
        })
    }
}

/// The terms of the terms files: above this many bytes (before compression)
/// they are split by first letter, so a first query fetches one letter's.
const SPLIT_ABOVE: usize = 64 * 1024;

/// The record of one rendered page: `content` is its body as HTML (with
/// what its shortcodes show), `services` those its front matter names.
pub fn record(
    language: &str,
    (title, description): (&str, &str),
    content: &str,
    toc: &[TocEntry],
    services: &[&ServiceView],
) -> Record {
    let normaliser = Normaliser::for_language(language);
    // Each text folded once; its words are slices of it.
    let mut texts = vec![
        (normalise::fold(&text_of(content)), Field::Body),
        (normalise::fold(description), Field::Summary),
        (normalise::fold(title), Field::Title),
    ];
    for service in services {
        texts.push((normalise::fold(&service.name), Field::Summary));
        texts.push((normalise::fold(&service.summary), Field::Summary));
    }
    for heading in toc {
        texts.push((normalise::fold(&heading.title), Field::Heading));
    }
    // The best field of each word: a page has about a thousand words and a
    // few hundred distinct ones, so each is normalised and sorted once.
    // Sized for the words of a page so that it is never grown (a word is
    // about eight bytes of text, each word of a text about a third distinct).
    let distinct = texts.iter().map(|(t, _)| t.len() / 24).sum();
    let mut best: FxHashMap<&str, Field> =
        FxHashMap::with_capacity_and_hasher(distinct, Default::default());
    for (text, field) in &texts {
        for word in normalise::words(text) {
            let kept = best.entry(word).or_insert(*field);
            *kept = (*kept).max(*field);
        }
    }
    let mut all: Vec<(Cow<str>, Field)> = Vec::with_capacity(best.len());
    for (word, field) in best {
        normaliser.word_terms(word, |term| all.push((term, field)));
    }
    // Two words may have one term (`service`, `services`): the best field kept.
    all.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
    all.dedup_by(|later, kept| later.0 == kept.0);
    let mut terms = String::with_capacity(all.iter().map(|(t, _)| t.len() + 1).sum());
    for (term, field) in &all {
        terms.push_str(term);
        terms.push(field.mark());
    }
    Record {
        headings: toc.iter().map(|h| h.title.clone()).collect(),
        terms,
    }
}

/// The text of an HTML fragment: tags dropped (each a word break), character
/// references decoded.
fn text_of(html: &str) -> String {
    let mut text = String::with_capacity(html.len() / 2);
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        text.push_str(&rest[..open]);
        text.push(' ');
        rest = rest[open..]
            .find('>')
            .map_or("", |close| &rest[open + close + 1..]);
    }
    text.push_str(rest);
    htmlize::unescape(text).into_owned()
}

/// The language a page is in: its translation's code, else the site's language.
fn language_of<'a>(config: &'a SiteConfig, translation: Option<&'a str>) -> &'a str {
    translation.unwrap_or(&config.language)
}

/// The folder of a language's search page: `search/`, or `CODE/search/`.
pub fn folder(translation: Option<&str>) -> String {
    match translation {
        Some(code) => format!("{code}/{FOLDER}"),
        None => FOLDER.to_string(),
    }
}

/// The name of a language's index file, beside its search page.
fn index_name(language: &str) -> String {
    format!("index.{}.json", language.to_ascii_lowercase())
}

/// The alphabetical order of a language (CLDR's, see [`Locale`]); the
/// order of Unicode's root collation for a code no build gets this far with.
fn locale(language: &str) -> Option<Locale> {
    Locale::new(language).or_else(|_| Locale::new("und")).ok()
}

/// `a` and `b` in the language's alphabetical order.
fn compare(locale: Option<&Locale>, a: &str, b: &str) -> Ordering {
    locale.map_or_else(|| a.cmp(b), |l| l.compare(a, b))
}

/// The pages of one language that search lists, in A–Z order: by title in
/// the language's alphabet (Welsh `ll` after `l`), then by address.
fn listed(model: &SiteModel, translation: Option<&str>, locale: Option<&Locale>) -> Vec<usize> {
    let mut pages: Vec<usize> = model
        .pages
        .iter()
        .enumerate()
        .filter(|(_, p)| p.translation.as_deref() == translation && !p.source.front.noindex)
        .map(|(i, _)| i)
        .collect();
    // A site may list thousands of pages: each title's sort key made once.
    pages.sort_by_cached_key(|&i| {
        let page = &model.pages[i];
        let title = page.title();
        let key = locale.map_or_else(|| title.as_bytes().to_vec(), |l| l.sort_key(title));
        (key, page.path.as_str())
    });
    pages
}

/// The section a page is listed under: its top-level section (itself when it
/// is one); None for the home page and pages directly under it.
fn section_of(model: &SiteModel, index: usize) -> Option<usize> {
    let mut at = index;
    loop {
        let parent = model.pages[at].parent?;
        if model.pages[parent].kind == PageKind::Home {
            return (model.pages[at].kind == PageKind::Section).then_some(at);
        }
        at = parent;
    }
}

/// The languages of the site's pages: None (the site's language) first.
fn languages(model: &SiteModel) -> BTreeSet<Option<&str>> {
    model
        .pages
        .iter()
        .map(|p| p.translation.as_deref())
        .collect()
}

/// An error for each page at the address of a language's search page
/// (`/search/`, `/cy/search/`, ...; `translations`: None for the default
/// language, else the code).
pub fn collisions<'a>(
    model: &SiteModel,
    translations: impl IntoIterator<Item = Option<&'a str>>,
) -> Vec<Diagnostic> {
    translations
        .into_iter()
        .filter_map(|translation| {
            let folder = folder(translation);
            let page = &model.pages[model.by_path(&folder)?].source;
            Some(
                Diagnostic::error(
                    "duplicate-path",
                    format!(
                        "this page would be written to /{folder}, where the site's search page is"
                    ),
                )
                .in_file(&page.file.display)
                .at_line(Some(1))
                .with_hint(
                    "rename the file (or give it a `slug:`), or set `search: false` in site.yaml",
                ),
            )
        })
        .collect()
}

/// One page in the index: address (below the site root), title, section
/// (a number in `sections`, or -1), description, headings.
type IndexPage<'a> = (&'a str, &'a str, i64, &'a str, &'a [String]);

#[derive(Serialize)]
struct IndexFile<'a> {
    /// What a page's address is written after, as the search page sees it.
    base: String,
    /// What it is written before: `index.html` for sites with relative URLs.
    suffix: &'static str,
    /// The normaliser of the language (see `normalise`).
    normaliser: &'static str,
    sections: Vec<&'a str>,
    pages: Vec<IndexPage<'a>>,
    #[serde(flatten)]
    terms: Option<Terms<'a>>,
    /// The first letters with a terms file of their own, when split.
    #[serde(skip_serializing_if = "Option::is_none")]
    shards: Option<Vec<String>>,
}

/// Terms, space-separated, and the postings of each, in the same order.
#[derive(Serialize)]
struct Terms<'a> {
    terms: String,
    postings: Vec<&'a str>,
}

/// The index files of every language, as (output path, bytes): the same
/// pages and records give the same bytes.
pub fn index_files(
    config: &SiteConfig,
    model: &SiteModel,
    records: &[Option<&Record>],
) -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    for translation in languages(model) {
        let language = language_of(config, translation);
        let dir = folder(translation);
        let order: Vec<usize> = listed(model, translation, locale(language).as_ref())
            .into_iter()
            .filter(|&i| records.get(i).is_some_and(Option::is_some))
            .collect();
        let (sections, pages, postings) = gather(model, records, &order);
        let depth = dir.matches('/').count();
        let (base, suffix) = if config.relative_urls {
            ("../".repeat(depth), "index.html")
        } else {
            (config.base_path(), "")
        };
        let size: usize = postings
            .iter()
            .map(|(t, p)| t.len() + p.text.len() + 4)
            .sum();
        let mut index = IndexFile {
            base,
            suffix,
            normaliser: Normaliser::for_language(language).name(),
            sections,
            pages,
            terms: None,
            shards: None,
        };
        let name = index_name(language);
        if size <= SPLIT_ABOVE {
            index.terms = Some(terms(postings.iter().map(|(t, p)| (t, p))));
        } else {
            let mut by_letter: BTreeMap<String, Vec<(&&str, &Postings)>> = BTreeMap::new();
            for (term, list) in &postings {
                by_letter
                    .entry(shard_key(term))
                    .or_default()
                    .push((term, list));
            }
            index.shards = Some(by_letter.keys().cloned().collect());
            for (key, entries) in by_letter {
                let shard = terms(entries.into_iter());
                let path = format!("{dir}{}", shard_name(&name, &key));
                files.push((path, json(&shard)));
            }
        }
        files.push((format!("{dir}{name}"), json(&index)));
    }
    files.sort();
    files
}

/// The sections, pages and postings (in term order) of the index of the
/// pages `order` (indices in the model, each with a record), numbered in that order.
type Gathered<'a> = (Vec<&'a str>, Vec<IndexPage<'a>>, Vec<(&'a str, Postings)>);

fn gather<'a>(
    model: &'a SiteModel,
    records: &[Option<&'a Record>],
    order: &[usize],
) -> Gathered<'a> {
    let mut sections: Vec<&str> = Vec::new();
    let mut section_numbers: BTreeMap<usize, i64> = BTreeMap::new();
    let mut postings: FxHashMap<&str, Postings> = FxHashMap::default();
    let mut pages = Vec::with_capacity(order.len());
    for (number, &index) in order.iter().enumerate() {
        let page = &model.pages[index];
        let Some(record) = &records[index] else {
            continue;
        };
        let section = section_of(model, index).map_or(-1, |s| {
            *section_numbers.entry(s).or_insert_with(|| {
                sections.push(model.pages[s].title());
                sections.len() as i64 - 1
            })
        });
        let description = page.source.front.description.as_deref().unwrap_or("");
        pages.push((
            page.path.as_str(),
            page.title(),
            section,
            description,
            record.headings.as_slice(),
        ));
        for (term, field) in record.terms() {
            postings.entry(term).or_default().push(number, field);
        }
    }
    // In term order, sorted once (pages were added in order, so each
    // term's postings already are).
    let mut postings: Vec<(&str, Postings)> = postings.into_iter().collect();
    postings.sort_unstable_by(|a, b| a.0.cmp(b.0));
    (sections, pages, postings)
}

fn json<T: Serialize>(value: &T) -> Vec<u8> {
    // Serialising strings, numbers and maps with string keys cannot fail.
    serde_json::to_vec(value).unwrap_or_default()
}

fn terms<'a>(entries: impl Iterator<Item = (&'a &'a str, &'a Postings)>) -> Terms<'a> {
    let mut terms = Terms {
        terms: String::new(),
        postings: Vec::new(),
    };
    for (term, list) in entries {
        if !terms.terms.is_empty() {
            terms.terms.push(' ');
        }
        terms.terms.push_str(term);
        terms.postings.push(&list.text);
    }
    terms
}

/// The terms file a term is in: its first letter when that is a-z or 0-9,
/// else `u` and the letter's code point in hex (`u3b1` for α).
pub fn shard_key(term: &str) -> String {
    match term.chars().next() {
        Some(c) if c.is_ascii_lowercase() || c.is_ascii_digit() => c.to_string(),
        Some(c) => format!("u{:x}", c as u32),
        None => String::new(),
    }
}

/// `index.en-gb.json` and `r` → `index.en-gb.r.json`.
fn shard_name(index_name: &str, key: &str) -> String {
    let stem = index_name.trim_end_matches(".json");
    format!("{stem}.{key}.json")
}

/// The pages of one term, as the search script reads them: per page one
/// number, (gap to the previous page − 1) × 4 + field, written in base 32
/// with the low five bits first, a capital-like digit for each five bits
/// that more follow (`MORE`), a small one for the last (`LAST`).
#[derive(Default)]
struct Postings {
    text: String,
    next: usize,
}

const LAST: &[u8; 32] = b"abcdefghijklmnopqrstuvwxyz012345";
const MORE: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ6789+/";

impl Postings {
    fn push(&mut self, page: usize, field: Field) {
        let mut n = (page - self.next) * 4 + field as usize;
        self.next = page + 1;
        while n >= 32 {
            self.text.push(MORE[n & 31] as char);
            n >>= 5;
        }
        self.text.push(LAST[n] as char);
    }
}

/// The search page's A–Z list: the pages of its language by section.
#[derive(Debug, Serialize)]
pub struct SearchPage {
    /// The index file, relative to the search page.
    pub index: String,
    /// Each section (the home page's own pages first), in A–Z order.
    pub groups: Vec<Group>,
    /// How many pages are listed.
    pub count: usize,
}

#[derive(Debug, Serialize)]
pub struct Group {
    /// The section's title; empty for the home page's own pages.
    pub title: String,
    pub pages: Vec<Entry>,
}

#[derive(Debug, Serialize)]
pub struct Entry {
    pub title: String,
    pub url: String,
}

/// The A–Z list of a language's search page (`config`: the language's): the
/// home page's own pages first, then each section, in the alphabet of
/// `locale` (the language's, made here when not given).
pub fn page_context(
    config: &SiteConfig,
    model: &SiteModel,
    translation: Option<&str>,
    locale: Option<&Locale>,
) -> SearchPage {
    let base = config.base_path();
    let own = locale
        .is_none()
        .then(|| self::locale(&config.language))
        .flatten();
    let locale = locale.or(own.as_ref());
    let order = listed(model, translation, locale);
    let mut groups: Vec<(Option<usize>, Group)> = Vec::new();
    let mut group_of: HashMap<Option<usize>, usize> = HashMap::new();
    for &index in &order {
        let page = &model.pages[index];
        let section = section_of(model, index);
        let at = *group_of.entry(section).or_insert_with(|| {
            let title = section.map_or("", |s| model.pages[s].title());
            groups.push((
                section,
                Group {
                    title: title.to_string(),
                    pages: Vec::new(),
                },
            ));
            groups.len() - 1
        });
        groups[at].1.pages.push(Entry {
            title: page.title().to_string(),
            url: format!("{base}{}", page.path),
        });
    }
    groups.sort_by(|(a, ga), (b, gb)| {
        a.is_some()
            .cmp(&b.is_some())
            .then_with(|| compare(locale, &ga.title, &gb.title))
            .then_with(|| {
                a.map(|s| &model.pages[s].path)
                    .cmp(&b.map(|s| &model.pages[s].path))
            })
    });
    SearchPage {
        index: index_name(&config.language),
        groups: groups.into_iter().map(|(_, g)| g).collect(),
        count: order.len(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postings_are_gaps_and_fields_in_base_32() {
        let mut p = Postings::default();
        p.push(0, Field::Title); // 0*4+3 = 3 → d
        p.push(1, Field::Body); // 0*4+0 → a
        p.push(10, Field::Heading); // 8*4+2 = 34 → C (2, more) b (1)
        assert_eq!(p.text, "daCb");
    }

    #[test]
    fn a_record_keeps_each_term_once_with_its_best_field_in_term_order() {
        let toc = [TocEntry {
            level: 2,
            id: "help".into(),
            title: "Getting help".into(),
        }];
        let record = record(
            "en-GB",
            ("Help now", "Advice and help."),
            "<p>Help, <em>advice</em> &amp; more help.</p>",
            &toc,
            &[],
        );
        assert_eq!(
            record.terms().collect::<Vec<_>>(),
            [
                ("advice", Field::Summary),
                ("and", Field::Summary),
                ("getting", Field::Heading),
                ("help", Field::Title),
                ("more", Field::Body),
                ("now", Field::Title),
            ]
        );
        assert_eq!(record.headings, ["Getting help"]);
    }

    #[test]
    fn text_of_html_drops_tags_and_decodes() {
        assert_eq!(
            text_of("<p>Call&nbsp;<a href=\"x\">us</a> &amp; Caf&eacute;<br>more</p>")
                .split_whitespace()
                .collect::<Vec<_>>(),
            ["Call", "us", "&", "Café", "more"]
        );
        assert_eq!(text_of("no tags, &lt;b&gt;"), "no tags, <b>");
        assert_eq!(text_of("<p>unclosed <a").trim(), "unclosed");
    }

    #[test]
    fn shard_keys() {
        assert_eq!(shard_key("report"), "r");
        assert_eq!(shard_key("999"), "9");
        assert_eq!(shard_key("αβ"), "u3b1");
    }
}
