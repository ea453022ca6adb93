//! How text becomes search terms, for each language: the same steps the
//! search script (themes/default/static/js/search.js) takes with a query, so
//! that a word written one way in a page and another way in a query meet.
//!
//! Every language: Unicode canonical decomposition with the accents dropped
//! (`café` → `cafe`, Welsh `ŵ` → `w`), lower case, and words split at spaces,
//! punctuation and apostrophes. Then, by the language's primary code:
//! - `en`: a light plural rule (`services` → `service`, `charities` →
//!   `charity`, `addresses` → `address`); no other stemming;
//! - `cy`: each word also stands for the radical forms its initial mutation
//!   may hide (`nghymorth`, `gymorth`, `chymorth` → `cymorth`); no plurals;
//! - any other language: folding and splitting only.

use icu_normalizer::DecomposingNormalizerBorrowed;
use std::borrow::Cow;

/// The normaliser of a language tag (`en-GB`, `cy`, `CY-gb`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Normaliser {
    English,
    Welsh,
    Plain,
}

impl Normaliser {
    pub fn for_language(tag: &str) -> Normaliser {
        let primary = tag.split(['-', '_']).next().unwrap_or("");
        match primary.to_ascii_lowercase().as_str() {
            "en" => Normaliser::English,
            "cy" => Normaliser::Welsh,
            _ => Normaliser::Plain,
        }
    }

    /// The name the search script knows this normaliser by.
    pub fn name(self) -> &'static str {
        match self {
            Normaliser::English => "en",
            Normaliser::Welsh => "cy",
            Normaliser::Plain => "",
        }
    }

    /// The index terms of one word of [`words`]. A term is a slice of the
    /// word unless the normaliser writes a new one (`charities` →
    /// `charity`, a Welsh radical), so most words cost no allocation.
    pub fn word_terms<'a>(self, word: &'a str, mut add: impl FnMut(Cow<'a, str>)) {
        match self {
            Normaliser::English => add(english_singular(word)),
            Normaliser::Welsh => {
                welsh_radicals(word).into_iter().for_each(|r| add(r.into()));
                add(word.into());
            }
            Normaliser::Plain => add(word.into()),
        }
    }
}

/// The words of `folded` text that are indexed: split at [`is_separator`],
/// words of one character left out.
pub fn words(folded: &str) -> impl Iterator<Item = &str> {
    let mut at = 0;
    std::iter::from_fn(move || loop {
        let start = boundary(folded, at, true);
        if start == folded.len() {
            return None;
        }
        at = boundary(folded, start, false);
        let word = &folded[start..at];
        if word.chars().nth(1).is_some() {
            return Some(word);
        }
    })
}

/// The first position from `at` (a character boundary) where a character
/// is a separator no longer (`separators`) or is one (`!separators`).
/// Byte by byte: most text is ASCII, whose answer is a table's.
fn boundary(text: &str, mut at: usize, separators: bool) -> usize {
    const ASCII: [bool; 128] = {
        let mut table = [false; 128];
        let mut b = 0;
        while b < 128 {
            table[b] = is_separator(b as u8 as char);
            b += 1;
        }
        table
    };
    let bytes = text.as_bytes();
    while at < bytes.len() {
        let byte = bytes[at];
        if byte < 128 {
            if ASCII[usize::from(byte)] != separators {
                break;
            }
            at += 1;
            continue;
        }
        let c = text[at..].chars().next().unwrap_or(' ');
        if is_separator(c) != separators {
            break;
        }
        at += c.len_utf8();
    }
    at
}

/// Canonical decomposition, combining accents (U+0300–U+036F) dropped, lower
/// case. Runs of ASCII (most text) are only lower-cased: ASCII letters are
/// starters that decompose to themselves, so no mark moves across them.
pub fn fold(text: &str) -> String {
    let nfd = DecomposingNormalizerBorrowed::new_nfd();
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while !rest.is_empty() {
        let ascii = rest
            .bytes()
            .position(|b| !b.is_ascii())
            .unwrap_or(rest.len());
        let start = out.len();
        out.push_str(&rest[..ascii]);
        out[start..].make_ascii_lowercase();
        rest = &rest[ascii..];
        let other = rest
            .bytes()
            .position(|b| b.is_ascii())
            .unwrap_or(rest.len());
        out.extend(
            nfd.normalize(&rest[..other])
                .chars()
                .filter(|c| !('\u{300}'..='\u{36f}').contains(c))
                .flat_map(char::to_lowercase),
        );
        rest = &rest[other..];
    }
    out
}

/// What splits words: white space, ASCII punctuation, Latin-1 punctuation
/// and symbols, general punctuation (’ – “ …) and CJK punctuation. The
/// search script splits a query at the same characters.
const fn is_separator(c: char) -> bool {
    c.is_whitespace()
        || c.is_ascii_punctuation()
        || matches!(
            c,
            '\u{a0}'..='\u{bf}'
                | '\u{2000}'..='\u{206f}'
                | '\u{3000}'..='\u{303f}'
                | '\u{d7}'
                | '\u{f7}'
                | '\u{feff}'
        )
}

/// English plural -s, lightly: `charities` → `charity`, `addresses` →
/// `address`, `matches` → `match`, `services` → `service`; words ending
/// in -ss, -us or -is, and words of three letters or fewer, stay as they are.
pub fn english_singular(word: &str) -> Cow<'_, str> {
    if !word.ends_with('s') || word.chars().count() <= 3 {
        return word.into();
    }
    if word.len() > 4 && word.ends_with("ies") {
        return format!("{}y", &word[..word.len() - 3]).into();
    }
    if ["sses", "xes", "ches", "shes"]
        .iter()
        .any(|e| word.ends_with(e))
    {
        return word[..word.len() - 2].into();
    }
    if ["ss", "us", "is"].iter().any(|e| word.ends_with(e)) {
        return word.into();
    }
    word[..word.len() - 1].into()
}

/// The radical forms a Welsh word may be the mutation of: soft (`g` ← `c`,
/// `f` ← `b`/`m`, a vowel ← `g` ...), nasal (`ngh` ← `c`, `mh` ← `p`, `nh` ←
/// `t`, `ng` ← `g`, `m` ← `b`, `n` ← `d`) and aspirate (`ch` ← `c`, `ph` ←
/// `p`, `th` ← `t`, `h` before a vowel). The word itself is not among them.
/// Only for words of three letters or more: short words are left alone.
pub fn welsh_radicals(word: &str) -> Vec<String> {
    const VOWELS: &[char] = &['a', 'e', 'i', 'o', 'u', 'w', 'y'];
    if word.chars().count() < 3 {
        return Vec::new();
    }
    // Longest mutated initial first: `ngh` before `ng` before `n`.
    const RULES: &[(&str, &[&str])] = &[
        ("ngh", &["c"]),
        ("mh", &["p"]),
        ("nh", &["t"]),
        ("ng", &["g"]),
        ("ch", &["c"]),
        ("ph", &["p"]),
        ("th", &["t"]),
        ("dd", &["d"]),
        ("ll", &[]),
        ("rh", &[]),
        ("g", &["c"]),
        ("b", &["p"]),
        ("d", &["t"]),
        ("f", &["b", "m"]),
        ("m", &["b"]),
        ("n", &["d"]),
        ("l", &["ll"]),
        ("r", &["rh"]),
    ];
    if let Some(rest) = word.strip_prefix('h').filter(|r| r.starts_with(VOWELS)) {
        return vec![rest.to_string()];
    }
    if word.starts_with(VOWELS) {
        return vec![format!("g{word}")];
    }
    RULES
        .iter()
        .find(|(initial, _)| word.starts_with(initial))
        .map(|(initial, radicals)| {
            let rest = &word[initial.len()..];
            radicals.iter().map(|r| format!("{r}{rest}")).collect()
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(language: &str, text: &str) -> Vec<String> {
        let mut out = Vec::new();
        let normaliser = Normaliser::for_language(language);
        let folded = fold(text);
        for word in words(&folded) {
            normaliser.word_terms(word, |t| out.push(t.into_owned()));
        }
        out
    }

    #[test]
    fn case_and_accents_fold_in_every_language() {
        assert_eq!(terms("fr", "Café CRÈME naïve"), ["cafe", "creme", "naive"]);
        assert_eq!(terms("cy", "Ŵyr"), ["gwyr", "wyr"]);
        assert_eq!(fold("ŵ ŷ â"), "w y a");
    }

    #[test]
    fn words_split_at_punctuation_and_apostrophes() {
        assert_eq!(
            terms("xx", "stalking—and (harassment); women’s “help” x"),
            ["stalking", "and", "harassment", "women", "help"]
        );
    }

    #[test]
    fn english_plurals_become_singular() {
        for (plural, singular) in [
            ("services", "service"),
            ("charities", "charity"),
            ("addresses", "address"),
            ("matches", "match"),
            ("boxes", "box"),
            ("helplines", "helpline"),
            ("address", "address"),
            ("status", "status"),
            ("crisis", "crisis"),
            ("yes", "yes"),
            ("police", "police"),
        ] {
            assert_eq!(english_singular(plural), singular, "{plural}");
        }
        assert_eq!(terms("en-GB", "Reports"), ["report"]);
    }

    #[test]
    fn welsh_mutations_find_the_radical() {
        for (mutated, radical) in [
            ("nghymorth", "cymorth"),
            ("gymorth", "cymorth"),
            ("chymorth", "cymorth"),
            ("mhlentyn", "plentyn"),
            ("blentyn", "plentyn"),
            ("phlentyn", "plentyn"),
            ("nhad", "tad"),
            ("dad", "tad"),
            ("thad", "tad"),
            ("fam", "mam"),
            ("fara", "bara"),
            ("mara", "bara"),
            ("ngardd", "gardd"),
            ("ardd", "gardd"),
            ("ddiogel", "diogel"),
            ("lyfr", "llyfr"),
            ("raglen", "rhaglen"),
            ("heglwys", "eglwys"),
        ] {
            assert!(
                welsh_radicals(mutated).contains(&radical.to_string()),
                "{mutated} → {radical}: {:?}",
                welsh_radicals(mutated)
            );
        }
        // A radical that no mutation writes, and short words, stay as they are.
        assert!(welsh_radicals("llyfr").is_empty());
        assert!(welsh_radicals("yn").is_empty());
        // Welsh words keep their plurals: `-s` is no Welsh plural.
        assert_eq!(terms("cy", "Cymorth"), ["cymorth"]);
        assert_eq!(
            terms("cy", "gwasanaethau"),
            ["cwasanaethau", "gwasanaethau"]
        );
    }

    #[test]
    fn words_split_where_the_separators_are_and_skip_single_letters() {
        let text = "a café—ŵyr\u{a0}llyfr…x 999 «help» naïve\u{3001}日本 i\u{feff}oed";
        let expected: Vec<&str> = text
            .split(is_separator)
            .filter(|w| w.chars().count() > 1)
            .collect();
        assert_eq!(
            expected,
            ["café", "ŵyr", "llyfr", "999", "help", "naïve", "日本", "oed"]
        );
        assert_eq!(words(text).collect::<Vec<_>>(), expected);
        assert_eq!(words("").count(), 0);
        assert_eq!(words(" \t—").count(), 0);
    }
}
