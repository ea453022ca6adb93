//! Parity and freshness of a site's translations: every page in every
//! language (`translations: required` makes a gap an error, `optional` a
//! warning), no translation reviewed before the page it translates, and how
//! much of each language is done (`check` prints it, the report shows it).
//!
//! A page is matched with its translations by file name (`signs.md`,
//! `signs.cy.md`). A translation with no page in the default language is a
//! gap in the default language, reported like any other.

use crate::config::SiteConfig;
use crate::diagnostics::{Diagnostic, Severity};
use crate::languages::Translations;
use crate::page::{Page, SiteModel};
use serde::Serialize;
use std::collections::BTreeMap;

/// How far one other language of the site is translated.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Coverage {
    pub language: String,
    /// Pages of the default language with a translation in this one.
    pub pages: usize,
    /// Pages of the default language.
    pub of: usize,
    /// Translations reviewed before the page they translate.
    pub out_of_date: usize,
}

impl Coverage {
    /// `cy: 20 of 20 pages, 0 out of date`.
    pub fn line(&self) -> String {
        format!(
            "{}: {} of {} pages, {} out of date",
            self.language, self.pages, self.of, self.out_of_date
        )
    }

    /// Pages of the default language with no translation in this one.
    pub fn missing(&self) -> usize {
        self.of - self.pages
    }
}

/// The coverage of each other language, and the problems: missing and
/// out-of-date translations, and pages in a language the site does not have.
/// Nothing for a site in one language.
pub fn check(config: &SiteConfig, model: &SiteModel) -> (Vec<Coverage>, Vec<Diagnostic>) {
    if config.languages.is_empty() {
        return (Vec::new(), Vec::new());
    }
    let mut coverage: BTreeMap<&str, Coverage> = config
        .languages
        .keys()
        .map(|code| {
            let c = Coverage {
                language: code.clone(),
                ..Coverage::default()
            };
            (code.as_str(), c)
        })
        .collect();
    let severity = match config.translations {
        Translations::Required => Severity::Error,
        Translations::Optional => Severity::Warning,
    };
    let mut problems = Vec::new();
    for (original, indices) in model.originals() {
        // A file in a language the site does not have is only warned about (below).
        let pages: Vec<&Page> = indices
            .iter()
            .map(|&i| &model.pages[i])
            .filter(|p| {
                p.translation
                    .as_deref()
                    .is_none_or(|code| config.languages.contains_key(code))
            })
            .collect();
        if pages.is_empty() {
            continue;
        }
        let in_language = |code: Option<&str>| {
            pages
                .iter()
                .copied()
                .find(|p| p.translation.as_deref() == code)
        };
        let Some(source) = in_language(None) else {
            problems.push(missing(severity, pages[0], original, &config.language));
            continue;
        };
        for (code, done) in &mut coverage {
            done.of += 1;
            match in_language(Some(*code)) {
                Some(translation) => {
                    done.pages += 1;
                    if let Some(stale) = stale(source, translation) {
                        done.out_of_date += 1;
                        problems.push(stale);
                    }
                }
                None => problems.push(missing(severity, source, &translated(original, code), code)),
            }
        }
    }
    for page in &model.pages {
        if let Some(code) = page.translation.as_deref() {
            if !config.languages.contains_key(code) {
                problems.push(unknown_language(page, code));
            }
        }
    }
    (coverage.into_values().collect(), problems)
}

/// `law/signs.md` in `cy`: `law/signs.cy.md`.
fn translated(original: &str, code: &str) -> String {
    format!(
        "{}.{code}.md",
        original.strip_suffix(".md").unwrap_or(original)
    )
}

/// Page `page` has no version in `code`, which would be content/`file`.
fn missing(severity: Severity, page: &Page, file: &str, code: &str) -> Diagnostic {
    let message = format!("this page has no `{code}` version: content/{file} does not exist");
    let d = match severity {
        Severity::Error => Diagnostic::error("missing-translation", message),
        _ => Diagnostic::warning("missing-translation", message),
    };
    d.in_file(&page.source.file.display)
        .at_line(Some(1))
        .with_hint(match page.translation {
            Some(_) => format!("add content/{file}, or check this file's name: a translation sits beside its page and is named after it (signs.cy.md beside signs.md)"),
            None => format!("translate the page into content/{file}; with `translations: optional` in site.yaml a gap is a warning, and the page's language switcher leaves `{code}` out"),
        })
}

/// A warning when `translation` was reviewed before its `source` was.
fn stale(source: &Page, translation: &Page) -> Option<Diagnostic> {
    let (Some(of_source), Some(of_translation)) = (
        source.source.front.reviewed,
        translation.source.front.reviewed,
    ) else {
        return None;
    };
    (of_translation < of_source).then(|| {
        Diagnostic::warning(
            "stale-translation",
            format!(
                "this translation was reviewed on {}, before {} was (on {}): it may be out of date",
                of_translation.iso(),
                source.source.file.display.display(),
                of_source.iso()
            ),
        )
        .in_file(&translation.source.file.display)
        .at_line(translation.source.key_line("reviewed"))
        .with_hint(
            "bring the translation up to date with its page, then set its `reviewed:` to today",
        )
    })
}

fn unknown_language(page: &Page, code: &str) -> Diagnostic {
    Diagnostic::warning(
        "language-unknown",
        format!("this file's name says it is in `{code}`, which is not a language of the site: it is built as a page of the default language under /{code}/"),
    )
    .in_file(&page.source.file.display)
    .at_line(Some(1))
    .with_hint(format!("add `{code}` under `languages:` in site.yaml, or rename the file"))
}
