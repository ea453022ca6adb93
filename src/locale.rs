//! A language's conventions, from Unicode's CLDR data compiled into signpost
//! (ICU4X): whether its text runs right to left, how it writes a date
//! ("1 Hydref 2026"), and its alphabetical order. No network, no data files.

use crate::dates::{Date, DisplayDate};
use icu_calendar::Gregorian;
use icu_collator::options::CollatorOptions;
use icu_collator::{Collator, CollatorBorrowed};
use icu_datetime::fieldsets::{YM, YMD};
use icu_datetime::FixedCalendarDateTimeFormatter;
use icu_locale::{LanguageIdentifier, LocaleDirectionality};
use std::cmp::Ordering;

/// Which way a language's text runs: the value of `<html dir>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    Ltr,
    Rtl,
}

impl Direction {
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Ltr => "ltr",
            Direction::Rtl => "rtl",
        }
    }
}

/// Why a language code cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CodeError {
    #[error("`{code}` is not a language code")]
    Malformed { code: String },
    #[error("`{code}` is not written as a language code is")]
    NotCanonical { code: String, canonical: String },
}

impl CodeError {
    /// What to write instead.
    pub fn hint(&self) -> String {
        match self {
            CodeError::NotCanonical { canonical, .. } => format!("write it as `{canonical}`"),
            CodeError::Malformed { .. } => "use a language code (BCP 47), e.g. `cy` for Welsh, \
                `en-GB` for British English, `ar` for Arabic, `pa-Arab` for Panjabi in Shahmukhi"
                .into(),
        }
    }
}

/// A language code as site.yaml gives it (`cy`, `en-GB`, `zh-Hant`), in the
/// one spelling that `<html lang>`, `hreflang` and `/CODE/` paths will use.
pub fn parse_code(code: &str) -> Result<LanguageIdentifier, CodeError> {
    let parse = |text: &str| LanguageIdentifier::try_from_str(text).ok();
    match parse(code) {
        Some(id) if id.to_string() == code => Ok(id),
        Some(id) => Err(CodeError::NotCanonical {
            code: code.into(),
            canonical: id.to_string(),
        }),
        // `en_GB`: the separator of other systems' locale names.
        None => match parse(&code.replace('_', "-")) {
            Some(id) => Err(CodeError::NotCanonical {
                code: code.into(),
                canonical: id.to_string(),
            }),
            None => Err(CodeError::Malformed { code: code.into() }),
        },
    }
}

/// One language's direction, dates and sort order, made once per build and
/// shared by every page in it.
pub struct Locale {
    code: String,
    direction: Option<Direction>,
    long_date: FixedCalendarDateTimeFormatter<Gregorian, YMD>,
    month_year: FixedCalendarDateTimeFormatter<Gregorian, YM>,
    collator: CollatorBorrowed<'static>,
}

impl std::fmt::Debug for Locale {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Locale")
            .field("code", &self.code)
            .field("direction", &self.direction)
            .finish_non_exhaustive()
    }
}

impl Locale {
    /// The conventions of the language `code`. A language CLDR has no data
    /// for still gets a Locale (left to right, CLDR's neutral date forms and
    /// order); [`Locale::is_known`] says so, for a warning.
    pub fn new(code: &str) -> Result<Locale, CodeError> {
        let id = parse_code(code)?;
        let direction = LocaleDirectionality::new_extended()
            .get(&id)
            .map(|d| match d {
                icu_locale::Direction::RightToLeft => Direction::Rtl,
                _ => Direction::Ltr,
            });
        // The compiled data holds every calendar field set for every locale
        // it knows, falling back to the root locale: these cannot fail.
        let long_date = FixedCalendarDateTimeFormatter::try_new((&id).into(), YMD::long())
            .map_err(|_| CodeError::Malformed { code: code.into() })?;
        let month_year = FixedCalendarDateTimeFormatter::try_new((&id).into(), YM::long())
            .map_err(|_| CodeError::Malformed { code: code.into() })?;
        let collator = Collator::try_new((&id).into(), CollatorOptions::default())
            .map_err(|_| CodeError::Malformed { code: code.into() })?;
        Ok(Locale {
            code: code.into(),
            direction,
            long_date,
            month_year,
            collator,
        })
    }

    /// The code, as written in site.yaml.
    pub fn code(&self) -> &str {
        &self.code
    }

    /// Whether CLDR knows the language (its script, and so its direction).
    pub fn is_known(&self) -> bool {
        self.direction.is_some()
    }

    /// `rtl` for Arabic, Urdu, Persian, Hebrew, Panjabi in Shahmukhi, ...
    pub fn direction(&self) -> Direction {
        self.direction.unwrap_or(Direction::Ltr)
    }

    /// "1 Hydref 2026" (cy), "1 October 2026" (en-GB).
    pub fn long_date(&self, date: Date) -> String {
        gregorian(date).map_or_else(|| date.iso(), |d| self.long_date.format(&d).to_string())
    }

    /// "Hydref 2026" (cy), "October 2026" (en-GB).
    pub fn month_year(&self, date: Date) -> String {
        gregorian(date).map_or_else(|| date.iso(), |d| self.month_year.format(&d).to_string())
    }

    /// A date for a template, written as [`Locale::long_date`].
    pub fn display_long(&self, date: Date) -> DisplayDate {
        DisplayDate {
            iso: date.iso(),
            display: self.long_date(date),
        }
    }

    /// A date for a template, written as [`Locale::month_year`].
    pub fn display_month(&self, date: Date) -> DisplayDate {
        DisplayDate {
            iso: date.iso(),
            display: self.month_year(date),
        }
    }

    /// The language's alphabetical order (Welsh: `ll` after `l`, ...).
    pub fn compare(&self, a: &str, b: &str) -> Ordering {
        self.collator.compare(a, b)
    }

    /// The bytes of `text` whose byte order is [`Locale::compare`]'s, for
    /// sorting many items with one key each instead of a comparison of two
    /// texts at every step.
    pub fn sort_key(&self, text: &str) -> Vec<u8> {
        let mut key = Vec::with_capacity(text.len() * 2);
        let Ok(()) = self.collator.write_sort_key_to(text, &mut key);
        key
    }

    /// Sort `items` into the language's alphabetical order of `key`; items
    /// that compare equal keep their order.
    pub fn sort_by_key<T>(&self, items: &mut [T], key: impl Fn(&T) -> &str) {
        items.sort_by(|a, b| self.compare(key(a), key(b)));
    }
}

/// The locales of a site's languages, made once per build and shared by
/// every page: the default language's and each other's.
#[derive(Debug, Default)]
pub struct Locales {
    default: Option<Locale>,
    others: std::collections::BTreeMap<String, Locale>,
}

impl Locales {
    /// The locales of `default` and `others`; a code that is not one is
    /// left out (site.yaml's check reports it).
    pub fn new<'a>(default: &str, others: impl IntoIterator<Item = &'a str>) -> Locales {
        Locales {
            default: Locale::new(default).ok(),
            others: others
                .into_iter()
                .filter_map(|code| Some((code.to_string(), Locale::new(code).ok()?)))
                .collect(),
        }
    }

    /// The locale of a page's language (None: the site's default language).
    pub fn of(&self, translation: Option<&str>) -> Option<&Locale> {
        match translation {
            None => self.default.as_ref(),
            Some(code) => self.others.get(code),
        }
    }
}

fn gregorian(date: Date) -> Option<icu_calendar::Date<Gregorian>> {
    let (year, month, day) = date.year_month_day();
    icu_calendar::Date::try_new_gregorian(year, u8::try_from(month).ok()?, u8::try_from(day).ok()?)
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn locale(code: &str) -> Locale {
        Locale::new(code).unwrap()
    }

    fn date(text: &str) -> Date {
        Date::parse(text).unwrap()
    }

    #[test]
    fn right_to_left_languages_come_from_cldr() {
        for code in ["ar", "ur", "fa", "he", "ps", "ckb", "pa-Arab", "yi"] {
            assert_eq!(locale(code).direction(), Direction::Rtl, "{code}");
        }
        for code in ["en-GB", "cy", "pl", "ro", "pa", "so", "ti", "zh-Hant"] {
            assert_eq!(locale(code).direction(), Direction::Ltr, "{code}");
        }
        assert_eq!(Direction::Rtl.as_str(), "rtl");
    }

    #[test]
    fn dates_are_written_in_the_language() {
        let d = date("2026-10-01");
        assert_eq!(locale("cy").long_date(d), "1 Hydref 2026");
        assert_eq!(locale("en-GB").long_date(d), "1 October 2026");
        assert_eq!(locale("cy").month_year(d), "Hydref 2026");
        assert_eq!(locale("en-GB").month_year(d), "October 2026");
        assert_eq!(locale("pl").long_date(d), "1 października 2026");
        let shown = locale("en-GB").display_long(date("2026-09-14"));
        assert_eq!(
            (shown.iso.as_str(), shown.display.as_str()),
            ("2026-09-14", "14 September 2026")
        );
    }

    #[test]
    fn english_dates_match_the_ones_built_today() {
        let en = locale("en-GB");
        for text in ["2026-01-31", "2026-02-28", "2027-09-14", "2030-12-01"] {
            let d = date(text);
            assert_eq!(en.long_date(d), d.long());
            assert_eq!(en.month_year(d), d.month_year());
        }
    }

    #[test]
    fn codes_are_checked_and_spelled_one_way() {
        assert!(parse_code("cy").is_ok());
        assert!(parse_code("pa-Arab").is_ok());
        assert_eq!(
            parse_code("en_GB"),
            Err(CodeError::NotCanonical {
                code: "en_GB".into(),
                canonical: "en-GB".into()
            })
        );
        let upper = parse_code("CY").unwrap_err();
        assert_eq!(upper.hint(), "write it as `cy`");
        let bad = parse_code("Welsh language").unwrap_err();
        assert_eq!(bad.to_string(), "`Welsh language` is not a language code");
        assert!(bad.hint().contains("`cy` for Welsh"));
        assert!(!locale("qaa").is_known(), "a private-use code has no data");
        assert!(locale("cy").is_known());
    }

    #[test]
    fn english_sorts_case_and_accents_as_readers_expect() {
        let mut words = vec!["zebra", "Émile", "apple", "Apple", "eagle"];
        locale("en-GB").sort_by_key(&mut words, |w| w);
        assert_eq!(words, ["apple", "Apple", "eagle", "Émile", "zebra"]);
    }

    /// Welsh has ch, dd, ff, ng, ll, ph, rh and th as letters of their own:
    /// `ch` after every other `c`, `ng` between `g` and `h`, `ll` after `l`.
    /// CLDR's Welsh collation (tailoring `cy`) knows it; English does not.
    #[test]
    fn welsh_sorts_by_the_welsh_alphabet() {
        let words = [
            "thad", "llys", "ngwyn", "chwaer", "ddoe", "rhaff", "ffordd", "phen", "anadl", "angen",
            "cyw", "dyn", "fy", "gwyn", "hen", "lyfr", "pysgod", "rydw", "tyn",
        ];
        let mut welsh = words.to_vec();
        locale("cy").sort_by_key(&mut welsh, |w| w);
        assert_eq!(
            welsh,
            [
                "angen", "anadl", "cyw", "chwaer", "dyn", "ddoe", "fy", "ffordd", "gwyn", "ngwyn",
                "hen", "lyfr", "llys", "pysgod", "phen", "rydw", "rhaff", "tyn", "thad",
            ]
        );
        let cy = locale("cy-GB");
        assert_eq!(cy.compare("llys", "lyfr"), Ordering::Greater);
        assert_eq!(
            cy.compare("Llys", "lyfr"),
            Ordering::Greater,
            "capitals too"
        );
        assert_eq!(cy.compare("ch", "cy"), Ordering::Greater);
        let en = locale("en-GB");
        assert_eq!(en.compare("llys", "lyfr"), Ordering::Less);
        assert_eq!(en.compare("ch", "cy"), Ordering::Less);
    }

    /// Sort keys order texts as the comparison does, in every language:
    /// accents, capitals, digraphs, punctuation, ties.
    #[test]
    fn sort_keys_order_as_the_comparison_does() {
        let texts = [
            "llys",
            "Llys",
            "lyfr",
            "chwaer",
            "cyw",
            "Café",
            "cafe",
            "café",
            "ŵyr",
            "wyr",
            "If you are a friend (1.4)",
            "If you are a friend (1.10)",
            "",
            "a",
            "A",
            "999",
            "Ärger",
        ];
        for tag in ["cy", "en-GB", "ar"] {
            let l = locale(tag);
            for a in texts {
                for b in texts {
                    assert_eq!(
                        l.sort_key(a).cmp(&l.sort_key(b)),
                        l.compare(a, b),
                        "{tag}: {a:?} against {b:?}"
                    );
                }
            }
        }
    }

    /// Rendering runs on many threads; one Locale serves them all.
    #[test]
    fn a_locale_is_shared_between_threads() {
        fn shared<T: Send + Sync>() {}
        shared::<Locale>();
    }
}
