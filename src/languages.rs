//! A site in more than one language: `languages:` and `translations:` in
//! site.yaml, the configuration each language's pages are built with, and
//! the interface strings of each language, complete or an error.
//!
//! Text that is a language's own (interface strings, the quick exit's label)
//! is never taken from another language; names and addresses (brand name,
//! quick exit URL, contact) are the default language's unless a language
//! gives its own.

pub use crate::config::Translations;
use crate::config::{quick_exit_problem, LanguageText, SiteConfig};
use crate::diagnostics::{nearest, Diagnostic};
use crate::locale::Locales;
use crate::services::ServiceRegistry;
use crate::theme::Theme;
use std::collections::{BTreeMap, BTreeSet};

/// The themes' stylesheet of the language switcher, written only for a site
/// in more than one language.
pub const STYLESHEET: &str = "css/languages.css";

/// What the pages of each language are built with, made once per build.
/// A site in one language has no other languages and no locales: it is
/// built as before languages existed.
#[derive(Debug, Default)]
pub struct SiteLanguages {
    pub locales: std::sync::Arc<Locales>,
    /// Each other language of the site, by code.
    pub others: BTreeMap<String, Language>,
}

/// One other language: its configuration (see [`SiteConfig::for_language`])
/// and its services registry (with `data/services.CODE.yaml`).
#[derive(Debug)]
pub struct Language {
    pub config: SiteConfig,
    pub services: ServiceRegistry,
}

impl SiteLanguages {
    /// Whether the site is in more than one language.
    pub fn is_multilingual(&self) -> bool {
        !self.others.is_empty()
    }
}

impl SiteConfig {
    /// Every language of the site, the default first.
    pub fn language_codes(&self) -> Vec<&str> {
        std::iter::once(self.language.as_str())
            .chain(self.languages.keys().map(String::as_str))
            .collect()
    }

    /// The configuration the pages in language `code` are built with: the
    /// default's, with the language's own values field by field. Its
    /// `strings` are the language's only, and its quick exit label is the
    /// language's or empty (the templates then use the theme's string in the
    /// language). None when `code` is not a language of the site.
    pub fn for_language(&self, code: &str) -> Option<SiteConfig> {
        if code == self.language {
            return Some(self.clone());
        }
        let text = self.languages.get(code)?;
        let mut config = self.clone();
        config.language = code.to_string();
        let own = |value: &Option<String>, default: &mut String| {
            if let Some(v) = value {
                *default = v.clone();
            }
        };
        own(&text.title, &mut config.title);
        own(&text.description, &mut config.description);
        if let Some(brand) = &text.brand {
            own(&brand.name, &mut config.brand.name);
        }
        let exit = text.quick_exit.clone().unwrap_or_default();
        config.quick_exit.label = exit.label.unwrap_or_default();
        own(&exit.url, &mut config.quick_exit.url);
        config.strings = text.strings.clone();
        if let (Some(statement), Some(t)) = (&mut config.accessibility, &text.accessibility) {
            if let Some(contact) = &t.contact {
                own(&contact.email, &mut statement.contact.email);
                own(&contact.phone, &mut statement.contact.phone);
            }
            own(&t.reply_within, &mut statement.reply_within);
            if let Some(tested) = &t.tested {
                own(&tested.by, &mut statement.tested.by);
            }
            if let Some(issues) = &t.known_issues {
                statement.known_issues = issues.clone();
            }
        }
        Some(config)
    }
}

/// The checks of `language:`, `languages:` and `translations:` that serde
/// cannot make, each at its line of site.yaml.
pub fn validate(config: &SiteConfig, yaml_text: &str) -> Vec<Diagnostic> {
    let at = |path: &[&str]| crate::yaml::key_path_line(yaml_text, path);
    let diagnostic = |d: Diagnostic, path: &[&str]| d.in_file("site.yaml").at_line(at(path));
    let mut out = Vec::new();
    if let Err(e) = crate::locale::parse_code(&config.language) {
        out.push(diagnostic(
            Diagnostic::error("config", format!("language: {e}")).with_hint(e.hint()),
            &["language"],
        ));
    }
    let default = crate::locale::parse_code(&config.language).ok();
    for (code, text) in &config.languages {
        let path = |rest: &[&'static str]| -> Vec<&str> {
            [&["languages", code.as_str()][..], rest].concat()
        };
        let error = |message: String, rest: &[&'static str], hint: String| {
            diagnostic(
                Diagnostic::error("config", message).with_hint(hint),
                &path(rest),
            )
        };
        match crate::locale::Locale::new(code) {
            Err(e) => {
                out.push(error(format!("languages: {e}"), &[], e.hint()));
                continue;
            }
            Ok(locale) if !locale.is_known() => {
                out.push(diagnostic(unknown_language(code), &path(&[])));
            }
            Ok(_) => {}
        }
        if crate::locale::parse_code(code).ok() == default {
            out.push(error(
                format!("languages: `{code}` is the site's default language (`language: {}`)", config.language),
                &[],
                "list only the other languages under `languages:`; the default language's text is the rest of site.yaml".into(),
            ));
        }
        if let Some(url) = text.quick_exit.as_ref().and_then(|e| e.url.as_ref()) {
            let base = url::Url::parse(&config.base_url).ok();
            if let Err(why) = quick_exit_problem(url, base.as_ref()) {
                out.push(error(
                    format!("languages.{code}.quick_exit.url `{url}` {why}"),
                    &["quick_exit", "url"],
                    "use the full address of a neutral, busy site in this language, e.g. url: https://www.bbc.co.uk/cymrufyw".into(),
                ));
            }
        }
        for (key, value) in [("title", &text.title), ("description", &text.description)] {
            if value.as_deref().is_some_and(|v| v.trim().is_empty()) {
                out.push(error(
                    format!("languages.{code}.{key} is empty"),
                    &[match key {
                        "title" => "title",
                        _ => "description",
                    }],
                    format!("write the site's {key} in this language, or leave the key out"),
                ));
            }
        }
        if text.title.is_none() {
            out.push(diagnostic(
                Diagnostic::warning(
                    "language-untranslated",
                    format!(
                        "languages.{code} has no `title`: its pages show the default language's title `{}`",
                        config.title
                    ),
                ),
                &path(&[]),
            ).with_hint(format!("add `title:` under `languages:` → `{code}:` with the site's name in this language")));
        }
        out.extend(statement_problems(config, code, text, &at));
    }
    out
}

/// A language's accessibility statement text: only where the site has a statement,
/// contacts that work, and its own words where the default's would be another language.
/// The warning for a language code CLDR has no data for.
fn unknown_language(code: &str) -> Diagnostic {
    Diagnostic::warning(
        "language-unknown",
        format!(
            "languages: `{code}` is a language Unicode's CLDR data does not know: \
             its pages are laid out left to right, and dates and sorting use \
             CLDR's neutral forms"
        ),
    )
    .with_hint("check the code; e.g. `cy` is Welsh, `ur` Urdu, `pa-Arab` Panjabi in Shahmukhi")
}

/// A language's accessibility text where the site has no statement.
fn no_statement(code: &str) -> Diagnostic {
    Diagnostic::error(
        "config",
        format!("languages.{code}.accessibility is given, but the site has no accessibility statement"),
    )
    .in_file("site.yaml")
    .with_hint("add `accessibility:` at the top level of site.yaml (see the README's \"Accessibility statement\"), or remove this block")
}

fn statement_problems(
    config: &SiteConfig,
    code: &str,
    text: &LanguageText,
    at: &dyn Fn(&[&str]) -> Option<usize>,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let path = |rest: &[&str]| -> Option<usize> {
        at(&[&["languages", code, "accessibility"][..], rest].concat())
    };
    let own = text.accessibility.clone().unwrap_or_default();
    let Some(statement) = &config.accessibility else {
        if text.accessibility.is_some() {
            out.push(no_statement(code).at_line(path(&[])));
        }
        return out;
    };
    let contact = own.contact.unwrap_or_default();
    for (key, problem) in crate::config::contact_problems(
        contact.email.as_deref().unwrap_or_default(),
        contact.phone.as_deref().unwrap_or_default(),
        &config.country,
    ) {
        let (message, hint) = problem;
        out.push(
            Diagnostic::error(
                "accessibility",
                format!("languages.{code}.accessibility.contact.{message}"),
            )
            .in_file("site.yaml")
            .at_line(path(&["contact", key]).or_else(|| path(&["contact"])))
            .with_hint(hint),
        );
    }
    let warn = |message: String, key: &str| {
        Diagnostic::warning("language-untranslated", message)
            .in_file("site.yaml")
            .at_line(path(&[key]).or_else(|| at(&["languages", code])))
    };
    if own.reply_within.is_none() {
        out.push(
            warn(
                format!(
                    "languages.{code} gives no accessibility `reply_within`: its statement says `{}`",
                    statement.reply_within
                ),
                "reply_within",
            )
            .with_hint(format!("add `accessibility: {{ reply_within: ... }}` under `languages:` → `{code}:`")),
        );
    }
    match &own.known_issues {
        None if !statement.known_issues.is_empty() => out.push(
            warn(
                format!("languages.{code} gives no accessibility `known_issues`: its statement lists them in the default language"),
                "known_issues",
            )
            .with_hint("give the same list, in the same order, in this language"),
        ),
        Some(issues) if issues.len() != statement.known_issues.len() => out.push(
            warn(
                format!(
                    "languages.{code}.accessibility.known_issues lists {} problems, the default language {}",
                    issues.len(),
                    statement.known_issues.len()
                ),
                "known_issues",
            )
            .with_hint("every language's statement lists the same problems: translate each one"),
        ),
        _ => {}
    }
    out
}

/// The interface strings of the pages in language `code`: the theme's in
/// that language with the site's own on top (`strings:` for the default
/// language, `languages.CODE.strings` for another). A site in one language
/// keeps today's strings: the theme's `strings.yaml` with `strings:` on top.
pub fn strings(theme: &Theme, config: &SiteConfig, code: &str) -> BTreeMap<String, String> {
    let (base, own) = if config.languages.is_empty() {
        (Some(&theme.strings), Some(&config.strings))
    } else if code == config.language {
        (theme.strings_for(code), Some(&config.strings))
    } else {
        let own = config.languages.get(code).map(|t| &t.strings);
        (theme.strings_for(code), own)
    };
    let mut strings = base.cloned().unwrap_or_default();
    strings.extend(
        own.into_iter()
            .flatten()
            .map(|(k, v)| (k.clone(), v.clone())),
    );
    strings
}

/// Every key the pages may ask for: the theme's, in any language, and the site's own.
fn string_keys<'a>(theme: &'a Theme, config: &'a SiteConfig) -> BTreeSet<&'a str> {
    theme
        .strings
        .keys()
        .chain(theme.strings_by_language.values().flat_map(|s| s.keys()))
        .chain(config.strings.keys())
        .map(String::as_str)
        .collect()
}

/// How many missing keys are named one by one before they are summed up.
const MISSING_NAMED: usize = 8;

/// Each language's strings are complete: a key missing in a language is an
/// error naming the key and the language, at the language's `strings:` in
/// site.yaml (a page never mixes languages). A key no template knows in
/// `languages.CODE.strings` is a warning with the nearest known key. Sites in
/// one language are not checked: they keep today's strings.
pub fn check_strings(theme: &Theme, config: &SiteConfig, yaml_text: &str) -> Vec<Diagnostic> {
    if config.languages.is_empty() {
        return Vec::new();
    }
    let keys = string_keys(theme, config);
    let mut out = Vec::new();
    for code in config.language_codes() {
        let is_default = code == config.language;
        let place: Vec<&str> = if is_default {
            vec!["strings"]
        } else {
            vec!["languages", code, "strings"]
        };
        let line = crate::yaml::key_path_line(yaml_text, &place).or_else(|| {
            crate::yaml::key_path_line(yaml_text, &place[..place.len().saturating_sub(1)])
        });
        let shown = place.join(".");
        let have = strings(theme, config, code);
        let missing: Vec<&str> = keys
            .iter()
            .copied()
            .filter(|k| !have.contains_key(*k))
            .collect();
        let theme_has = theme.strings_for(code).is_some();
        let hint = if theme_has {
            format!("add the key to `{shown}` in site.yaml")
        } else {
            format!(
                "the theme `{}` has no strings in `{code}`: give every key under `{shown}` in site.yaml \
                 (the English ones are in the default theme's strings.yaml), or add a strings.{code}.yaml to the theme",
                theme.chain.first().map(String::as_str).unwrap_or("default")
            )
        };
        let error = |message: String| {
            Diagnostic::error("strings-missing", message)
                .in_file("site.yaml")
                .at_line(line)
                .with_hint(hint.clone())
        };
        if missing.len() <= MISSING_NAMED {
            for key in &missing {
                out.push(error(format!(
                    "interface string `{key}` has no `{code}` text"
                )));
            }
        } else {
            out.push(error(format!(
                "{} interface strings have no `{code}` text: {}, and {} more",
                missing.len(),
                missing[..MISSING_NAMED].join(", "),
                missing.len() - MISSING_NAMED
            )));
        }
        if !is_default {
            let own = config.languages.get(code).map(|t| &t.strings);
            for key in own.into_iter().flat_map(|s| s.keys()) {
                if !keys.contains(key.as_str()) {
                    let known = keys.iter().copied();
                    out.push(
                        Diagnostic::warning(
                            "strings-unknown",
                            format!("`{shown}` gives `{key}`, which no template uses"),
                        )
                        .in_file("site.yaml")
                        .at_line(
                            crate::yaml::key_path_line(yaml_text, &[&place[..], &[key]].concat())
                                .or(line),
                        )
                        .with_hint(match nearest(key, known) {
                            Some(k) => format!("did you mean `{k}`?"),
                            None => "check the key against the theme's strings.yaml".into(),
                        }),
                    );
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Severity;
    use std::path::{Path, PathBuf};

    const SITE: &str = "\
title: Stalking and harassment support
base_url: https://www.example.ac.uk/support/
brand: { name: Northbridge University }
quick_exit:
  url: https://www.bbc.co.uk/weather
  label: Leave now
strings:
  nav.home: Home page
accessibility:
  contact: { email: web@example.ac.uk, phone: 0113 496 0000 }
  reply_within: 5 working days
  tested: { date: 2026-10-01, by: Northbridge Digital Team }
languages:
  cy:
    title: Cymorth stelcian ac aflonyddu
    brand: { name: Prifysgol Northbridge }
    quick_exit: { url: https://www.bbc.co.uk/cymrufyw }
    strings:
      nav.home: Tudalen hafan
    accessibility:
      reply_within: 5 diwrnod gwaith
      contact: { email: gwe@example.ac.uk }
translations: optional
";

    fn config(text: &str) -> SiteConfig {
        crate::yaml::parse(text, 1).unwrap()
    }

    fn theme(name: &str) -> Theme {
        crate::theme::load(name, &[] as &[PathBuf], Path::new(".")).unwrap()
    }

    fn shown(diagnostics: &[Diagnostic]) -> Vec<String> {
        diagnostics
            .iter()
            .map(|d| {
                let line = d.line.map_or("-".into(), |l| l.to_string());
                format!("{line}: {}", d.message)
            })
            .collect()
    }

    #[test]
    fn a_language_takes_the_default_field_by_field() {
        let site = config(SITE);
        assert_eq!(site.translations, Translations::Optional);
        assert_eq!(site.language_codes(), ["en-GB", "cy"]);
        let cy = site.for_language("cy").unwrap();
        assert_eq!(cy.language, "cy");
        assert_eq!(cy.title, "Cymorth stelcian ac aflonyddu");
        assert_eq!(cy.brand.name, "Prifysgol Northbridge");
        assert_eq!(cy.brand.logo, site.brand.logo);
        assert_eq!(cy.quick_exit.url, "https://www.bbc.co.uk/cymrufyw");
        assert_eq!(
            cy.quick_exit.label, "",
            "never the English label: the theme's Welsh one"
        );
        assert_eq!(cy.quick_exit.history, site.quick_exit.history);
        assert_eq!(
            cy.strings,
            BTreeMap::from([("nav.home".into(), "Tudalen hafan".into())])
        );
        let statement = cy.accessibility.unwrap();
        assert_eq!(statement.reply_within, "5 diwrnod gwaith");
        assert_eq!(statement.contact.email, "gwe@example.ac.uk");
        assert_eq!(
            statement.contact.phone, "0113 496 0000",
            "not given: the default's"
        );
        assert_eq!(statement.tested.by, "Northbridge Digital Team");
        assert_eq!(cy.base_url, site.base_url);
        let en = site.for_language("en-GB").unwrap();
        assert_eq!(
            (en.title.as_str(), en.quick_exit.label.as_str()),
            (site.title.as_str(), "Leave now")
        );
        assert!(site.for_language("fr").is_none());
    }

    #[test]
    fn the_site_schema_describes_languages_and_refuses_unknown_keys() {
        let site: serde_json::Value =
            serde_json::from_str(&crate::schema::render(crate::schema::SchemaKind::Site)).unwrap();
        let languages = &site["properties"]["languages"];
        assert_eq!(languages["type"], "object");
        assert_eq!(
            languages["additionalProperties"]["$ref"],
            "#/definitions/LanguageText"
        );
        let text = &site["definitions"]["LanguageText"];
        assert_eq!(text["additionalProperties"], false);
        for key in [
            "title",
            "description",
            "brand",
            "quick_exit",
            "strings",
            "accessibility",
        ] {
            assert!(text["properties"].get(key).is_some(), "{key}");
        }
        for def in [
            "BrandText",
            "QuickExitText",
            "AccessibilityText",
            "ContactText",
            "TestedText",
        ] {
            assert_eq!(
                site["definitions"][def]["additionalProperties"], false,
                "{def}"
            );
        }
        let translations = serde_json::to_string(&site["definitions"]["Translations"]).unwrap();
        assert!(
            translations.contains("\"required\"") && translations.contains("\"optional\""),
            "{translations}"
        );
        assert_eq!(site["properties"]["translations"]["default"], "required");
    }

    #[test]
    fn a_site_in_one_language_is_unchanged() {
        let site = config("title: T\nbase_url: https://example.org/\n");
        assert!(site.languages.is_empty());
        assert_eq!(site.translations, Translations::Required);
        assert_eq!(site.language_codes(), ["en-GB"]);
        assert!(validate(&site, "").is_empty());
        let default = theme("default");
        assert_eq!(strings(&default, &site, "en-GB"), default.strings);
        assert!(check_strings(&default, &site, "").is_empty());
    }

    #[test]
    fn an_unknown_key_in_a_language_names_its_line_and_the_nearest_key() {
        let text = SITE.replace("    title: Cymorth", "    titel: Cymorth");
        let e = crate::yaml::parse::<SiteConfig>(&text, 1).unwrap_err();
        assert_eq!(e.line, Some(15), "{e:?}");
        assert!(e.message.contains("unknown key `titel`"), "{}", e.message);
        assert_eq!(e.hint.as_deref(), Some("did you mean `title`?"));
        let text = SITE.replace("quick_exit: { url:", "quick_exit: { history: normal, url:");
        let e = crate::yaml::parse::<SiteConfig>(&text, 1).unwrap_err();
        assert!(e.message.contains("unknown key `history`"), "{}", e.message);
        let e = crate::yaml::parse::<SiteConfig>(
            "title: T\nbase_url: https://e.org/\ntranslations: always\n",
            1,
        )
        .unwrap_err();
        assert_eq!(e.line, Some(3));
        assert!(
            e.message.contains("`required`, `optional`") || e.message.contains("required"),
            "{}",
            e.message
        );
    }

    #[test]
    fn a_bad_language_code_is_an_error_at_its_line() {
        let text = SITE
            .replace("  cy:\n", "  CY:\n")
            .replace("translations:", "  'Welsh language': {}\ntranslations:");
        let found = validate(&config(&text), &text);
        let errors: Vec<&Diagnostic> = found
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .collect();
        assert_eq!(
            shown(&errors.iter().map(|d| (*d).clone()).collect::<Vec<_>>()),
            [
                "14: languages: `CY` is not written as a language code is",
                "23: languages: `Welsh language` is not a language code",
            ]
        );
        assert_eq!(errors[0].hint.as_deref(), Some("write it as `cy`"));
        assert!(errors[1]
            .hint
            .as_deref()
            .is_some_and(|h| h.contains("`cy` for Welsh")));
        let text = SITE.replace("  cy:\n", "  en-GB:\n");
        let found = validate(&config(&text), &text);
        assert_eq!(
            shown(&found)[0],
            "14: languages: `en-GB` is the site's default language (`language: en-GB`)"
        );
        let text = format!("language: English\n{SITE}");
        assert_eq!(
            shown(&validate(&config(&text), &text))[0],
            "1: language: `English` is not a language code"
        );
    }

    #[test]
    fn a_language_is_checked_where_it_differs() {
        let text = SITE
            .replace(
                "https://www.bbc.co.uk/cymrufyw",
                "https://www.example.ac.uk/cy/",
            )
            .replace("gwe@example.ac.uk", "gwe at example")
            .replace("    title: Cymorth stelcian ac aflonyddu\n", "")
            .replace(
                "  reply_within: 5 working days\n",
                "  reply_within: 5 working days\n  known_issues: [Some PDFs are not tagged.]\n",
            );
        let found = validate(&config(&text), &text);
        assert_eq!(
            shown(&found),
            [
                "17: languages.cy.quick_exit.url `https://www.example.ac.uk/cy/` points back at this site (www.example.ac.uk): the quick exit must leave it",
                "15: languages.cy has no `title`: its pages show the default language's title `Stalking and harassment support`",
                "22: languages.cy.accessibility.contact.email `gwe at example` is not an email address",
                "20: languages.cy gives no accessibility `known_issues`: its statement lists them in the default language",
            ]
        );
        let no_statement = "title: T\nbase_url: https://e.org/\nlanguages:\n  cy:\n    title: T\n    accessibility: { reply_within: 5 diwrnod }\n";
        assert_eq!(
            shown(&validate(&config(no_statement), no_statement)),
            ["6: languages.cy.accessibility is given, but the site has no accessibility statement"]
        );
    }

    /// Every key in one language is in the other, and each keeps the same
    /// `{placeholders}`: both built-in themes, in English and in Welsh.
    #[test]
    fn the_built_in_themes_have_complete_welsh_strings() {
        for name in ["default", "calm"] {
            let t = theme(name);
            let en = t.strings_for("en-GB").unwrap();
            let cy = t.strings_for("cy").unwrap();
            assert_eq!(t.strings_for("cy-GB"), Some(cy));
            let only = |a: &BTreeMap<String, String>, b: &BTreeMap<String, String>| {
                a.keys()
                    .filter(|k| !b.contains_key(*k))
                    .cloned()
                    .collect::<Vec<_>>()
            };
            assert_eq!(
                only(en, cy),
                Vec::<String>::new(),
                "{name}: English keys with no Welsh"
            );
            assert_eq!(
                only(cy, en),
                Vec::<String>::new(),
                "{name}: Welsh keys with no English"
            );
            assert!(en.len() > 100, "{name}");
            let placeholders = |text: &str| {
                text.split('{')
                    .skip(1)
                    .filter_map(|s| s.split_once('}'))
                    .map(|(p, _)| p.to_string())
                    .collect::<Vec<_>>()
            };
            for (key, english) in en {
                let welsh = &cy[key];
                assert!(!welsh.trim().is_empty(), "{name}: {key}");
                assert_eq!(placeholders(english), placeholders(welsh), "{name}: {key}");
            }
            let same: Vec<&String> = en
                .keys()
                .filter(|k| en[*k] == cy[*k] && !["service.cost"].contains(&k.as_str()))
                .collect();
            assert!(
                same.is_empty(),
                "{name}: Welsh strings left in English: {same:?}"
            );
        }
    }

    #[test]
    fn a_welsh_site_is_complete_with_the_built_in_strings() {
        let site = config(SITE);
        for name in ["default", "calm"] {
            let t = theme(name);
            assert!(
                check_strings(&t, &site, SITE).is_empty(),
                "{name}: {:?}",
                shown(&check_strings(&t, &site, SITE))
            );
            let cy = strings(&t, &site, "cy");
            assert_eq!(cy["nav.home"], "Tudalen hafan", "the site's own on top");
            assert_eq!(cy["skip_to_content"], "Neidio i'r prif gynnwys");
            assert_eq!(strings(&t, &site, "en-GB")["nav.home"], "Home page");
        }
    }

    #[test]
    fn a_language_without_theme_strings_needs_every_key_in_site_yaml() {
        let t = theme("default");
        let all: BTreeMap<String, String> = t
            .strings
            .keys()
            .map(|k| (k.clone(), format!("pl {k}")))
            .collect();
        let site_with = |strings: &BTreeMap<String, String>| {
            let mut site = config("title: T\nbase_url: https://e.org/\nlanguages:\n  pl:\n    title: T\n    strings: {}\n");
            site.languages.get_mut("pl").unwrap().strings = strings.clone();
            site
        };
        let text = "title: T\nbase_url: https://e.org/\nlanguages:\n  pl:\n    title: T\n    strings: {}\n";
        assert!(check_strings(&t, &site_with(&all), text).is_empty());

        let mut short = all.clone();
        short.remove("diary.caption");
        short.remove("quick_exit.leaving");
        short.insert("nav.hom".into(), "Strona główna".into());
        let found = check_strings(&t, &site_with(&short), text);
        assert_eq!(
            shown(&found),
            [
                "6: interface string `diary.caption` has no `pl` text",
                "6: interface string `quick_exit.leaving` has no `pl` text",
                "6: `languages.pl.strings` gives `nav.hom`, which no template uses",
            ]
        );
        assert_eq!(found[0].severity, Severity::Error);
        assert!(
            found[0]
                .hint
                .as_deref()
                .is_some_and(|h| h.contains("has no strings in `pl`")),
            "{:?}",
            found[0].hint
        );
        assert_eq!(found[2].severity, Severity::Warning);
        assert_eq!(found[2].hint.as_deref(), Some("did you mean `nav.home`?"));

        let none = check_strings(&t, &site_with(&BTreeMap::new()), text);
        assert_eq!(none.len(), 1, "{:?}", shown(&none));
        assert!(
            none[0].message.starts_with(&format!(
                "{} interface strings have no `pl` text: ",
                t.strings.len()
            )),
            "{}",
            none[0].message
        );

        // A key the site adds for its own templates is needed in every language.
        let mut site = site_with(&all);
        site.strings
            .insert("footer.charity".into(), "Registered charity 123".into());
        assert_eq!(
            shown(&check_strings(&t, &site, text)),
            ["6: interface string `footer.charity` has no `pl` text"]
        );
    }

    #[test]
    fn a_default_language_the_theme_does_not_speak_needs_its_strings_too() {
        let text =
            "title: T\nbase_url: https://e.org/\nlanguage: pl\nlanguages:\n  en-GB: { title: T }\n";
        let found = check_strings(&theme("default"), &config(text), text);
        assert_eq!(found.len(), 1, "{:?}", shown(&found));
        assert!(
            found[0].message.contains("have no `pl` text"),
            "{}",
            found[0].message
        );
        assert_eq!(
            found[0].line, None,
            "no `strings:` in site.yaml to point at"
        );
    }
}
