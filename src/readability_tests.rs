//! Tests of the reading measures, on pages counted by hand.

use super::*;
use crate::content::SourceFile;

fn page(body: &str) -> crate::frontmatter::PageFile {
    crate::frontmatter::parse(SourceFile {
        display: PathBuf::from("content/a.md"),
        rel: "a.md".into(),
        text: format!("---\ntitle: A\n---\n{body}"),
    })
    .unwrap()
}

/// How a page of `body` reads in `language`.
fn read(body: &str, language: &str) -> Reading {
    let p = page(body);
    measure(&p.page, &p.body, language)
}

fn config(extra: &str) -> SiteConfig {
    crate::yaml::parse(
        &format!("title: T\nbase_url: https://example.org/\n{extra}"),
        1,
    )
    .unwrap()
}

/// A short page, counted by hand with the README's syllable rule:
///
/// | sentence                        | words | syllables                          |
/// |---------------------------------|-------|------------------------------------|
/// | Get help (heading)              | 2     | 1+1 = 2                            |
/// | You can call the helpline.      | 5     | 1+1+1+1+2 (help-line, silent e) = 6 |
/// | It is free and open every day.  | 7     | 1+1+1+1+2+3 (e,e,y)+1 = 10         |
/// | Tell them what happened to you. | 6     | 1+1+1+2 (silent -ed)+1+1 = 7       |
/// | Keep a diary (list item)        | 3     | 1+1+2 (ia, y) = 4                  |
/// | Save your messages (list item)  | 3     | 1+1+3 (-es after g) = 5            |
///
/// 6 sentences, 26 words, 34 syllables:
/// 0.39 × 26/6 + 11.8 × 34/26 − 15.59 = 1.690 + 15.431 − 15.59 = 1.531 → grade 1.5.
/// The code block and the block quote are not read.
const COUNTED: &str = "# Get help\n\nYou can call the helpline. It is free and open every day. Tell them what happened to you.\n\n- Keep a diary\n- Save your messages\n\n```\nsudo rm --everything --at-once\n```\n\n> A quote that is long and not counted at all.\n\n{{ service(id=\"national-stalking-helpline\") }}\n";

#[test]
fn a_page_counted_by_hand() {
    let reading = read(COUNTED, "en-GB");
    assert_eq!(
        (reading.sentences, reading.words, reading.syllables),
        (6, 26, 34)
    );
    assert_eq!(reading.grade, Some(1.5));
    assert_eq!(reading.longest[0].text, "It is free and open every day.");
    assert_eq!(reading.longest[0].line, 6);
    assert_eq!(reading.longest.len(), 3);
    assert!(reading.long_sentences.is_empty());
}

#[test]
fn syllables_follow_the_written_rule() {
    let counted: Vec<(&str, usize)> = [
        "table",
        "whole",
        "wanted",
        "called",
        "agreed",
        "times",
        "uses",
        "people",
        "ex-partner",
        "the",
        "free",
        "messages",
        "goes",
        "999",
        "2020–2021",
        "police/council",
        "Monday–Friday",
        "café",
        "--",
    ]
    .into_iter()
    .map(|w| (w, syllables(w)))
    .collect();
    assert_eq!(
        counted,
        [
            ("table", 2),
            ("whole", 1),
            ("wanted", 2),
            ("called", 1),
            ("agreed", 2),
            ("times", 1),
            ("uses", 2),
            ("people", 2),
            ("ex-partner", 3),
            ("the", 1),
            ("free", 1),
            ("messages", 3),
            ("goes", 1),
            ("999", 1),
            ("2020–2021", 1),
            ("police/council", 4),
            ("Monday–Friday", 4),
            ("café", 1),
            ("--", 1),
        ]
    );
}

/// One sentence of 33 words: 0.39 × 33 = 12.87 from its length alone,
/// so with any syllable count of 1.3 or more a word it is over grade 9.
const HARD: &str = "Unfortunately, an individual experiencing harassment should immediately contact the appropriate organisation, particularly when communication continues despite explicit requests to stop, because documentation of every occurrence considerably strengthens any subsequent investigation by the police.\n";

#[test]
fn a_hard_page_warns_and_names_its_long_sentence_and_words() {
    let p = page(HARD);
    let (reading, problems) = crate::readability::page(&p.page, p.body.as_str(), None, &config(""));
    let grade = reading.grade.unwrap();
    assert!(grade > 9.0, "{grade}");
    let shown: Vec<String> = problems
        .iter()
        .map(|d| format!("{:?} {}:{:?}: {}", d.severity, d.code, d.line, d.message))
        .collect();
    assert_eq!(
        shown[..2],
        [
            format!("Warning reading-grade:Some(4): the page reads at grade {grade:.1}, above the site's limit of 9 (content.reading_grade)"),
            "Note long-sentence:Some(4): a sentence of 33 words (over 25): \"Unfortunately, an individual experiencing harassment should immediately contact …\"".to_string(),
        ]
    );
    let words: Vec<&str> = reading
        .plainer_words
        .iter()
        .map(|w| w.word.as_str())
        .collect();
    assert_eq!(
        words,
        [
            "unfortunately",
            "individual",
            "immediately",
            "particularly",
            "communication",
            "documentation",
            "considerably"
        ]
    );
}

#[test]
fn the_limit_comes_from_site_yaml() {
    let p = page(HARD);
    let (_, problems) = crate::readability::page(
        &p.page,
        p.body.as_str(),
        None,
        &config("content:\n  reading_grade: 31\n"),
    );
    assert!(
        problems.iter().all(|d| d.code != "reading-grade"),
        "{problems:?}"
    );
}

#[test]
fn other_languages_and_short_pages_are_not_measured() {
    let welsh = read(HARD, "cy");
    assert_eq!((welsh.grade, welsh.words), (None, 0));
    let p = page(HARD);
    let (_, problems) = crate::readability::page(&p.page, p.body.as_str(), Some("cy"), &config(""));
    assert!(problems.is_empty(), "{problems:?}");
    let short = read("# Get help\n\nCall us.\n", "en");
    assert_eq!((short.grade, short.words), (None, 4));
}

#[test]
fn abbreviations_do_not_end_a_sentence() {
    let reading = read("Keep proof, e.g. texts and emails. Then call.\n", "en");
    assert_eq!(reading.sentences, 2);
}

#[test]
fn words_are_split_at_any_whitespace_and_need_a_letter() {
    let text = "Call\u{a0}us on 999,\tor\u{0B}text \u{3000}“help”\u{2028}now 2024 – 😀 — café\r\n";
    let expected: Vec<&str> = text
        .split_whitespace()
        .filter(|t| t.chars().any(char::is_alphabetic))
        .collect();
    assert_eq!(
        expected,
        ["Call", "us", "on", "or", "text", "“help”", "now", "café"]
    );
    assert_eq!(words_of(text).collect::<Vec<_>>(), expected);
    assert_eq!(words_of("").count(), 0);
    assert_eq!(words_of(" \u{a0} 12 ").count(), 0);
}

#[test]
fn a_sentence_has_the_line_it_starts_on_in_a_paragraph_of_many_lines() {
    // The link's address is not text: after it, a sentence's place in the
    // text and in the file differ by more than a line.
    let p = page(
        "First one here.\nSecond [link](https://example.org/a/very/long/address/indeed) wraps.\nThird *starts* here.\n",
    );
    let reading = measure(&p.page, &p.body, "en");
    let first = p.page.body_first_line;
    let lines: Vec<(usize, &str)> = reading
        .longest
        .iter()
        .map(|s| (s.line - first, s.text.as_str()))
        .collect();
    assert_eq!(
        lines,
        [
            (0, "First one here."),
            (1, "Second link wraps."),
            (2, "Third starts here.")
        ]
    );
}
