//! Plain English, measured: the Flesch–Kincaid grade of each English page,
//! its sentences over 25 words, and its long words that have a plainer
//! everyday word. Text is read as a visitor reads it: headings, list items
//! and table cells are sentences of their own, links count as their text;
//! code, block quotes, HTML and shortcodes are left out. Pages in another
//! language are not measured (the formula and the syllable count are
//! English ones). The README's "Plain English" section gives the method.

use crate::config::SiteConfig;
use crate::diagnostics::{Diagnostic, LineIndex};
use crate::frontmatter::ParsedPage;
use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use serde::Serialize;
use std::borrow::Cow;
use std::path::PathBuf;

/// Sentences longer than this many words are pointed out.
pub const LONG_SENTENCE: usize = 25;

/// A page with fewer words than this gets no grade: the formula says
/// little about a few headings and a list of links.
pub const MIN_WORDS: usize = 20;

/// Words of five or more syllables with a plainer everyday word (the
/// README lists them). Plurals and `-ly` forms are matched by their stem here.
pub const PLAINER: [(&str, &str); 20] = [
    ("accommodation", "home, housing"),
    ("additionally", "also"),
    ("alternatively", "or"),
    ("approximately", "about"),
    ("authorisation", "permission"),
    ("characteristic", "sign, feature"),
    ("communication", "message, call"),
    ("confidentiality", "privacy"),
    ("consideration", "thought"),
    ("considerably", "much"),
    ("documentation", "papers, records"),
    ("identification", "ID"),
    ("immediately", "now, at once"),
    ("individual", "person"),
    ("notification", "notice, message"),
    ("opportunity", "chance"),
    ("particularly", "mainly, above all"),
    ("predominantly", "mostly"),
    ("responsibility", "duty, job"),
    ("unfortunately", "sadly"),
];

/// One sentence, where it starts in the page's file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Sentence {
    pub line: usize,
    pub words: usize,
    pub text: String,
}

/// A long word with a plainer one, where it is first used.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlainerWord {
    pub line: usize,
    pub word: String,
    pub plainer: &'static str,
}

/// How one page reads.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reading {
    pub file: PathBuf,
    pub title: String,
    pub language: String,
    /// The Flesch–Kincaid grade, one decimal; None when not measured
    /// (another language, or fewer than [`MIN_WORDS`] words).
    pub grade: Option<f64>,
    pub words: usize,
    pub sentences: usize,
    pub syllables: usize,
    /// The three longest sentences, longest first.
    pub longest: Vec<Sentence>,
    /// Every sentence over [`LONG_SENTENCE`] words, in page order.
    pub long_sentences: Vec<Sentence>,
    pub plainer_words: Vec<PlainerWord>,
}

/// How one page reads (its Markdown `body`, in its language: `translation`
/// or the site's), and a diagnostic for each finding: a warning when its
/// grade is over `content.reading_grade`, a note for each long sentence and
/// each word with a plainer one.
pub fn page(
    page: &ParsedPage,
    body: &str,
    translation: Option<&str>,
    config: &SiteConfig,
) -> (Reading, Vec<Diagnostic>) {
    let language = translation.unwrap_or(&config.language);
    let reading = measure(page, body, language);
    let problems = findings(&reading, page, config.content.reading_grade);
    (reading, problems)
}

/// Whether a language code is English (`en`, `en-GB`, ...).
fn is_english(language: &str) -> bool {
    let primary = language.split(['-', '_']).next().unwrap_or("");
    primary.eq_ignore_ascii_case("en")
}

/// How `page` (its Markdown `body`) reads (nothing measured unless `language` is English).
pub fn measure(page: &ParsedPage, body: &str, language: &str) -> Reading {
    let mut reading = Reading {
        file: page.file.display.clone(),
        title: page.front.title.clone(),
        language: language.to_string(),
        grade: None,
        words: 0,
        sentences: 0,
        syllables: 0,
        longest: Vec::new(),
        long_sentences: Vec::new(),
        plainer_words: Vec::new(),
    };
    if !is_english(language) {
        return reading;
    }
    let lines = LineIndex::new(body);
    let line_of = |offset: usize| page.body_first_line + lines.newlines_before(offset);
    // Sentences are counted as they are read; only the few a reading
    // keeps (the long ones and the three longest) are copied, tidied.
    let sentence = |line, words, text: &str| Sentence {
        line,
        words,
        text: text.split_whitespace().collect::<Vec<_>>().join(" "),
    };
    for_each_sentence(body, |text, offset| {
        let line = line_of(offset);
        let mut words = 0;
        for word in words_of(text) {
            words += 1;
            reading.syllables += syllables(word);
            let Some((bare, plainer)) = plainer_word(word) else {
                continue;
            };
            if !reading.plainer_words.iter().any(|p| p.word == bare) {
                reading.plainer_words.push(PlainerWord {
                    line,
                    word: bare,
                    plainer,
                });
            }
        }
        if words == 0 {
            return;
        }
        reading.sentences += 1;
        reading.words += words;
        if words > LONG_SENTENCE {
            reading.long_sentences.push(sentence(line, words, text));
        }
        // The longest first; of equal length, the earlier line, then the
        // one read first.
        let place = reading.longest.partition_point(|kept| {
            kept.words > words || (kept.words == words && kept.line <= line)
        });
        if place < 3 {
            reading.longest.insert(place, sentence(line, words, text));
            reading.longest.truncate(3);
        }
    });
    if reading.words >= MIN_WORDS {
        reading.grade = Some(grade(reading.words, reading.sentences, reading.syllables));
    }
    reading
}

/// Flesch–Kincaid grade: 0.39 × words per sentence + 11.8 × syllables per
/// word − 15.59, rounded to one decimal.
pub fn grade(words: usize, sentences: usize, syllables: usize) -> f64 {
    let (w, s, y) = (words as f64, sentences.max(1) as f64, syllables as f64);
    let raw = 0.39 * (w / s) + 11.8 * (y / w.max(1.0)) - 15.59;
    (raw * 10.0).round() / 10.0
}

/// The diagnostics of one page's reading.
fn findings(reading: &Reading, page: &ParsedPage, limit: u32) -> Vec<Diagnostic> {
    let file = &page.file.display;
    let mut out = Vec::new();
    if let Some(grade) = reading.grade.filter(|g| *g > f64::from(limit)) {
        out.push(
            Diagnostic::warning(
                "reading-grade",
                format!("the page reads at grade {grade:.1}, above the site's limit of {limit} (content.reading_grade)"),
            )
            .in_file(file)
            .at_line(Some(page.body_first_line))
            .with_hint("use shorter sentences and everyday words; `signpost report` lists the page's longest sentences"),
        );
    }
    for sentence in &reading.long_sentences {
        out.push(
            Diagnostic::note(
                "long-sentence",
                format!(
                    "a sentence of {} words (over {LONG_SENTENCE}): \"{}\"",
                    sentence.words,
                    opening(&sentence.text)
                ),
            )
            .in_file(file)
            .at_line(Some(sentence.line))
            .with_hint("split it into two or three sentences"),
        );
    }
    for word in &reading.plainer_words {
        out.push(
            Diagnostic::note(
                "plainer-word",
                format!("\"{}\" has a plainer word: {}", word.word, word.plainer),
            )
            .in_file(file)
            .at_line(Some(word.line))
            .with_hint("everyday words are quicker to read, above all on a phone"),
        );
    }
    out
}

/// The first eight words of a sentence, for a message.
fn opening(text: &str) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.len() <= 8 {
        return text.to_string();
    }
    format!("{} …", words[..8].join(" "))
}

/// Each sentence of a Markdown body as a visitor reads it, given to `each`
/// with the byte offset in the body where it starts.
fn for_each_sentence(body: &str, mut each: impl FnMut(&str, usize)) {
    let blanked = without_shortcodes(body);
    let mut block = Block::default();
    let mut skip = 0usize;
    for (event, range) in Parser::new_ext(&blanked, crate::markdown::options()).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(_) | Tag::BlockQuote(_) | Tag::HtmlBlock) => skip += 1,
            Event::End(TagEnd::CodeBlock | TagEnd::BlockQuote(_) | TagEnd::HtmlBlock) => {
                skip = skip.saturating_sub(1)
            }
            Event::Text(text) if skip == 0 => block.push(&text, range.start),
            Event::SoftBreak | Event::HardBreak => block.push(" ", range.start),
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::TableCell
                | TagEnd::FootnoteDefinition,
            ) => block.split_into(&mut each),
            _ => {}
        }
    }
    block.split_into(&mut each);
}

/// The text of one block (a paragraph, heading, list item or table cell)
/// as it is gathered, with where each piece came from.
#[derive(Default)]
struct Block {
    text: String,
    /// (offset in `text`, offset in the body) of each piece.
    pieces: Vec<(usize, usize)>,
}

impl Block {
    fn push(&mut self, piece: &str, from: usize) {
        self.pieces.push((self.text.len(), from));
        self.text.push_str(piece);
    }

    /// Its sentences, each given to `each` with its offset in the body; the
    /// end of a block ends a sentence. The block is then empty (its buffers
    /// kept for the next).
    fn split_into(&mut self, each: &mut impl FnMut(&str, usize)) {
        let text = &self.text;
        // The piece a sentence starts in: sentences come in order, so it
        // only moves on (a paragraph of many lines is many pieces).
        let mut piece = 0;
        let mut start = 0;
        for end in sentence_ends(text) {
            let sentence = text[start..end].trim();
            if !sentence.is_empty() {
                let at = start + (text[start..end].len() - text[start..end].trim_start().len());
                while self
                    .pieces
                    .get(piece + 1)
                    .is_some_and(|(from, _)| *from <= at)
                {
                    piece += 1;
                }
                let source = self
                    .pieces
                    .get(piece)
                    .filter(|(from, _)| *from <= at)
                    .map_or(0, |(from, body)| body + (at - from));
                each(sentence, source);
            }
            start = end;
        }
        self.text.clear();
        self.pieces.clear();
    }
}

/// Where the sentences of a block end: after `.`, `!` or `?` (and any
/// closing quote or bracket) followed by a space and then anything but a
/// lower-case letter (so "e.g. this" goes on), and at the end of the block.
fn sentence_ends(text: &str) -> Vec<usize> {
    let mut ends = Vec::new();
    let mut at = 0;
    while let Some(found) = memchr::memchr3(b'.', b'!', b'?', &text.as_bytes()[at..]) {
        let rest = &text[at + found + 1..];
        let after = rest.trim_start_matches(['.', '!', '?', '"', '\'', '’', '”', ')']);
        let end = text.len() - after.len();
        let spaced = after.starts_with(char::is_whitespace);
        let next = after.trim_start().chars().next();
        if spaced && next.is_some_and(|c| !c.is_lowercase()) {
            ends.push(end);
        }
        at = end;
    }
    ends.push(text.len());
    ends
}

/// The body with every shortcode blanked out (same length, same lines);
/// most bodies have none and are not copied.
fn without_shortcodes(body: &str) -> Cow<'_, str> {
    let codes = crate::shortcodes::find(body);
    if codes.is_empty() {
        return Cow::Borrowed(body);
    }
    let mut text = body.to_string();
    for code in codes {
        if text.get(code.start..code.end).is_some() {
            text.replace_range(code.start..code.end, &" ".repeat(code.end - code.start));
        }
    }
    Cow::Owned(text)
}

/// The words of a sentence: its tokens between whitespace (as
/// `str::split_whitespace` reads it) that have a letter in them (numbers are
/// not words). Read byte by byte, as most of a page is ASCII: a character
/// beyond it is decoded only where one is met.
fn words_of(text: &str) -> impl Iterator<Item = &str> {
    let mut at = 0;
    std::iter::from_fn(move || loop {
        let start = space_boundary(text, at, true);
        if start == text.len() {
            return None;
        }
        at = space_boundary(text, start, false);
        let word = &text[start..at];
        if word.bytes().any(|b| b.is_ascii_alphabetic())
            || !word.is_ascii() && word.chars().any(char::is_alphabetic)
        {
            return Some(word);
        }
    })
}

/// The first position from `at` (a character boundary) where a character
/// is whitespace no longer (`space`) or is (`!space`), or the end.
fn space_boundary(text: &str, mut at: usize, space: bool) -> usize {
    let bytes = text.as_bytes();
    while at < bytes.len() {
        let (white, len) = match bytes[at] {
            b if b.is_ascii() => (is_ascii_space(b), 1),
            _ => {
                let c = text[at..].chars().next().unwrap_or(' ');
                (c.is_whitespace(), c.len_utf8())
            }
        };
        if white != space {
            break;
        }
        at += len;
    }
    at
}

/// The ASCII characters `char::is_whitespace` counts (with the vertical
/// tab, which `u8::is_ascii_whitespace` leaves out).
fn is_ascii_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\x0B' | b'\x0C' | b'\r')
}

/// The word in lower case without the punctuation around it, and its
/// plainer word, if it is in [`PLAINER`] (or its plural).
fn plainer_word(token: &str) -> Option<(String, &'static str)> {
    // Every word in the list is longer than this: most words stop here,
    // before they are trimmed or copied in lower case.
    const SHORTEST: usize = 10;
    if token.len() < SHORTEST {
        return None;
    }
    let word = token.trim_matches(|c: char| !c.is_alphanumeric());
    if word.len() < SHORTEST {
        return None;
    }
    let word = word.to_lowercase();
    let stems = [word.as_str(), word.strip_suffix('s').unwrap_or(&word)];
    let (_, plainer) = PLAINER.iter().find(|(long, _)| {
        stems.contains(long)
            || word
                .strip_suffix("ies")
                .is_some_and(|s| long.strip_suffix('y') == Some(s))
    })?;
    Some((word, plainer))
}

/// The syllables of a word, by the rule the README gives: each part of a
/// hyphenated word counted on its own; in each, the groups of vowels
/// (a, e, i, o, u, y), less a silent final `e` (not in `-le` after a
/// consonant, nor `-ee`), less the `e` of a final `-ed` (not after t or d)
/// and of a final `-es` (not after s, x, z, c, g, or ch and sh); at least one.
pub fn syllables(token: &str) -> usize {
    // One pass over the bytes, with no buffer: a part ends at `-`, `/` or
    // an en dash (E2 80 93 in UTF-8); its ASCII letters are counted as read.
    const EN_DASH: &[u8] = "–".as_bytes();
    let bytes = token.as_bytes();
    let mut total = 0;
    let mut part = Part::default();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        // Letters first: nearly every byte of a word is one.
        if b.is_ascii_alphabetic() {
            part.push(b.to_ascii_lowercase());
        } else if matches!(b, b'-' | b'/') {
            total += std::mem::take(&mut part).syllables();
        } else if b == EN_DASH[0] && bytes[i..].starts_with(EN_DASH) {
            total += std::mem::take(&mut part).syllables();
            i += EN_DASH.len() - 1;
        }
        i += 1;
    }
    (total + part.syllables()).max(1)
}

fn is_vowel(b: u8) -> bool {
    // One bit for each of a, e, i, o, u and y, by its place from `a`.
    const VOWELS: u32 = 1 | 1 << 4 | 1 << 8 | 1 << 14 | 1 << 20 | 1 << 24;
    b.is_ascii_lowercase() && VOWELS & (1 << (b - b'a')) != 0
}

/// One part of a word as its letters (ASCII, lower case) are read: its
/// groups of vowels, and its last four letters for the endings the rule
/// looks at.
#[derive(Default)]
struct Part {
    groups: usize,
    previous_vowel: bool,
    letters: usize,
    /// The last four letters, the latest last; zero before the fourth.
    last: [u8; 4],
}

impl Part {
    fn push(&mut self, letter: u8) {
        let vowel = is_vowel(letter);
        if vowel && !self.previous_vowel {
            self.groups += 1;
        }
        self.previous_vowel = vowel;
        self.letters += 1;
        self.last = [self.last[1], self.last[2], self.last[3], letter];
    }

    /// Its syllables: the vowel groups less a silent ending, at least one
    /// (none for a part with no letters).
    fn syllables(&self) -> usize {
        if self.letters == 0 {
            return 0;
        }
        let tail = &self.last[4 - self.letters.min(4)..];
        // The third letter from the end, before an ending of two.
        let before = (self.letters >= 3).then_some(self.last[1]);
        let silent = if tail.ends_with(b"le") {
            before.is_some_and(is_vowel)
        } else if tail.ends_with(b"ee") {
            false
        } else if tail.ends_with(b"e") {
            true
        } else if tail.ends_with(b"ed") {
            !matches!(before, Some(b't' | b'd')) && before.is_some_and(|b| !is_vowel(b))
        } else if tail.ends_with(b"es") {
            let sibilant = matches!(before, Some(b's' | b'x' | b'z' | b'c' | b'g'))
                || tail.ends_with(b"ches")
                || tail.ends_with(b"shes");
            !sibilant && before.is_some_and(|b| !is_vowel(b))
        } else {
            false
        };
        if silent && self.groups > 1 {
            self.groups - 1
        } else {
            self.groups.max(1)
        }
    }
}

#[cfg(test)]
#[path = "readability_tests.rs"]
mod tests;
