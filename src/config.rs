//! `site.yaml`: the raw, strictly-typed configuration an editor writes, and the
//! validated `SiteConfig` the rest of the pipeline reads.

use crate::dates::Date;
use crate::diagnostics::Diagnostic;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// site.yaml exactly as written. Unknown keys are errors.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SiteConfig {
    /// The site's name, shown in every page title.
    pub title: String,
    /// A one-line description of the site, for the home page's meta description.
    #[serde(default)]
    pub description: String,
    /// Where the site will live, e.g. https://www.example.ac.uk/support/stalking/ (may carry a path).
    pub base_url: String,
    /// true: every internal URL is relative, so the site works from file:// or any folder.
    #[serde(default)]
    pub relative_urls: bool,
    /// The language of the pages, e.g. en-GB.
    #[serde(default = "default_language")]
    pub language: String,
    /// How phone numbers without a country code are read (ISO 3166 code, e.g. GB).
    #[serde(default = "default_country")]
    pub country: String,
    /// The theme: a built-in one (default, calm) or a folder under themes/.
    #[serde(default = "default_theme")]
    pub theme: String,
    #[serde(default)]
    pub brand: Brand,
    #[serde(default)]
    pub quick_exit: QuickExit,
    /// Service ids shown in the emergency notice on every page.
    #[serde(default)]
    pub emergency: Vec<String>,
    #[serde(default)]
    pub review: Review,
    /// Plain-English rules for the pages' text.
    #[serde(default)]
    pub content: ContentRules,
    #[serde(default)]
    pub privacy: Privacy,
    /// A content pack this site builds on: a path to another site folder.
    #[serde(default)]
    pub extends: Option<String>,
    /// Pages of the pack this site leaves out, by path under content/.
    #[serde(default)]
    pub hide: Vec<String>,
    /// Overrides of the theme's interface strings, by key (see the README).
    #[serde(default)]
    pub strings: BTreeMap<String, String>,
    /// The accessibility statement, published at /accessibility/.
    #[serde(default)]
    pub accessibility: Option<Accessibility>,
    /// The site's other languages, by code (e.g. `cy`): each one's pages live
    /// under /CODE/, and any text key above may be given in it.
    #[serde(default)]
    pub languages: BTreeMap<String, LanguageText>,
    /// `required`: every page in every language, or the build fails; `optional`: a missing one is a warning.
    #[serde(default)]
    pub translations: Translations,
    /// Site search: a search page at /search/ and a link to it in every
    /// page's header (see the README's "Search"). false turns it off.
    #[serde(default = "default_true")]
    pub search: bool,
}

/// What the generated accessibility statement says (see the README's
/// "Accessibility statement").
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Accessibility {
    /// How visitors report an accessibility problem: an email address, a phone number, or both.
    pub contact: AccessibilityContact,
    /// How soon you reply to a report, e.g. `5 working days`.
    pub reply_within: String,
    /// When the site was last tested for accessibility, and by whom.
    pub tested: Tested,
    /// When the statement was first prepared (default: `tested.date`).
    #[serde(default)]
    pub prepared: Option<Date>,
    /// Problems you know of: each a sentence, or `{ issue: ..., fix_by: YYYY-MM-DD }`.
    /// Any issue makes the site "partially compliant".
    #[serde(default)]
    pub known_issues: Vec<KnownIssue>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AccessibilityContact {
    /// e.g. web@example.ac.uk
    #[serde(default)]
    pub email: String,
    /// Validated for `country` and linked as tel:, e.g. 0113 496 0000.
    #[serde(default)]
    pub phone: String,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Tested {
    /// The date of the last test; the statement's review date follows from it.
    pub date: Date,
    /// Who tested it, e.g. `Northbridge Digital Team`.
    pub by: String,
}

/// A known accessibility problem, and when you plan to fix it.
#[derive(Debug, Clone, Serialize)]
pub struct KnownIssue {
    /// What does not meet the standard, and who it affects.
    pub issue: String,
    /// When you plan to fix it.
    pub fix_by: Option<Date>,
}

impl JsonSchema for KnownIssue {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "KnownIssue".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "A known accessibility problem: a sentence, or { issue, fix_by }.",
            "anyOf": [
                { "type": "string" },
                {
                    "type": "object",
                    "properties": {
                        "issue": { "type": "string", "description": "What does not meet the standard, and who it affects." },
                        "fix_by": { "type": "string", "format": "date", "description": "When you plan to fix it." }
                    },
                    "required": ["issue"],
                    "additionalProperties": false
                }
            ]
        })
    }
}

/// A known issue may be written as a plain sentence or as a mapping.
impl<'de> Deserialize<'de> for KnownIssue {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Full {
            issue: String,
            #[serde(default)]
            fix_by: Option<Date>,
        }
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = KnownIssue;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a sentence, or `{ issue: ..., fix_by: YYYY-MM-DD }`")
            }
            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<KnownIssue, E> {
                Ok(KnownIssue {
                    issue: text.to_string(),
                    fix_by: None,
                })
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                map: A,
            ) -> Result<KnownIssue, A::Error> {
                let full = Full::deserialize(serde::de::value::MapAccessDeserializer::new(map))?;
                Ok(KnownIssue {
                    issue: full.issue,
                    fix_by: full.fix_by,
                })
            }
        }
        d.deserialize_any(Visitor)
    }
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Brand {
    /// The organisation's name, shown in the header.
    #[serde(default)]
    pub name: String,
    /// Path of the logo inside the site folder, e.g. static/logo.svg.
    #[serde(default)]
    pub logo: Option<String>,
    #[serde(default)]
    pub colours: Colours,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Colours {
    /// Main brand colour (#rrggbb), used behind white text.
    #[serde(default)]
    pub primary: Option<String>,
    /// Accent colour (#rrggbb), used behind dark text.
    #[serde(default)]
    pub accent: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct QuickExit {
    /// The neutral site the quick exit goes to.
    #[serde(default = "default_exit_url")]
    pub url: String,
    /// The text of the quick exit button.
    #[serde(default = "default_exit_label")]
    pub label: String,
    /// What moving between pages of the site does to the tab's history.
    #[serde(default)]
    pub history: ExitHistory,
}

impl Default for QuickExit {
    fn default() -> Self {
        QuickExit {
            url: default_exit_url(),
            label: default_exit_label(),
            history: ExitHistory::default(),
        }
    }
}

/// `quick_exit.history`: whether a visit to the site leaves one entry in the
/// tab's Back list or one per page. Templates see it as `single` or `normal`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum ExitHistory {
    /// With JavaScript, moving between pages replaces the tab's history
    /// entry, so after the quick exit Back leaves the site altogether.
    #[default]
    Single,
    /// The browser's own behaviour: every page visited is an entry.
    Normal,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Review {
    /// A page is due for review this many months after `reviewed`.
    #[serde(default = "default_every_months")]
    pub every_months: u32,
}

impl Default for Review {
    fn default() -> Self {
        Review {
            every_months: default_every_months(),
        }
    }
}

/// `content:` in site.yaml: how plain the pages' English must be.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ContentRules {
    /// The highest Flesch–Kincaid grade an English page may read at (a
    /// warning above it, an error under --strict). 9 is a reading age of about 14.
    #[serde(default = "default_reading_grade")]
    pub reading_grade: u32,
}

impl Default for ContentRules {
    fn default() -> Self {
        ContentRules {
            reading_grade: default_reading_grade(),
        }
    }
}

fn default_reading_grade() -> u32 {
    9
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Privacy {
    /// Third-party hosts pages may load resources from (none by default).
    #[serde(default)]
    pub allow: Vec<String>,
}

fn default_language() -> String {
    "en-GB".into()
}
fn default_country() -> String {
    "GB".into()
}
fn default_true() -> bool {
    true
}
fn default_theme() -> String {
    "default".into()
}
fn default_exit_url() -> String {
    "https://www.bbc.co.uk/weather".into()
}
fn default_exit_label() -> String {
    "Leave this site".into()
}
fn default_every_months() -> u32 {
    12
}

impl SiteConfig {
    /// The path part of base_url, always starting and ending with `/`.
    pub fn base_path(&self) -> String {
        base_path_of(&self.base_url)
    }

    /// The base URL's origin and path with exactly one trailing slash.
    pub fn base_url_normalised(&self) -> String {
        format!("{}/", self.base_url.trim_end_matches('/'))
    }

    /// When a page reviewed on `reviewed` is next due.
    pub fn review_due(&self, reviewed: Date) -> Date {
        reviewed.plus_months(self.review.every_months)
    }

    /// Checks serde cannot express; each problem names the key and its line in site.yaml.
    pub fn validate(&self, yaml_text: &str) -> Vec<Diagnostic> {
        let line = |key: &str| crate::yaml::key_line(yaml_text, key, 1);
        let mut out = Vec::new();
        let error = |message: String, key: &str, hint: &str| {
            Diagnostic::error("config", message)
                .in_file("site.yaml")
                .at_line(line(key))
                .with_hint(hint)
        };
        let base = url::Url::parse(&self.base_url).ok().filter(|u| {
            matches!(u.scheme(), "https" | "http") && u.host_str().is_some_and(|h| !h.is_empty())
        });
        if base.is_none() {
            out.push(error(
                format!("base_url `{}` is not a web address", self.base_url),
                "base_url",
                "write the full address, e.g. base_url: https://www.example.ac.uk/support/",
            ));
        }
        if let Err(why) = quick_exit_problem(&self.quick_exit.url, base.as_ref()) {
            out.push(error(
                format!("quick_exit.url `{}` {why}", self.quick_exit.url),
                "url",
                "use the full address of a neutral, busy site, e.g. url: https://www.bbc.co.uk/weather",
            ));
        }
        if let Some(a) = &self.accessibility {
            out.extend(a.validate(yaml_text, &self.country));
        }
        if self.title.trim().is_empty() {
            out.push(error(
                "title is empty".into(),
                "title",
                "give the site a name, e.g. title: Stalking and harassment support",
            ));
        }
        out
    }
}

impl Accessibility {
    /// The contact's phone number as a `tel:` target, if it has one.
    pub fn phone_target(&self, country: &str) -> Option<String> {
        crate::phone::link_target(self.contact.phone.trim(), country).ok()
    }

    /// A contact to report problems to, a valid phone number and email, and a reply time.
    fn validate(&self, yaml_text: &str, country: &str) -> Vec<Diagnostic> {
        // The line of `key:` inside the accessibility block, else of its
        // `contact:`, else of the block (None: the block is a pack's).
        let block = crate::yaml::key_line(yaml_text, "accessibility", 1);
        let within: String = yaml_text
            .lines()
            .skip(block.unwrap_or(usize::MAX))
            .take_while(|l| l.starts_with([' ', '#']) || l.trim().is_empty())
            .collect::<Vec<_>>()
            .join("\n");
        let line = |key: &str| {
            let first = block? + 1;
            crate::yaml::key_line(&within, key, first)
                .or_else(|| crate::yaml::key_line(&within, "contact", first))
                .or(block)
        };
        let error = |key: &str, message: String, hint: &str| {
            Diagnostic::error("accessibility", message)
                .in_file("site.yaml")
                .at_line(line(key))
                .with_hint(hint)
        };
        let mut out = Vec::new();
        let (email, phone) = (self.contact.email.trim(), self.contact.phone.trim());
        if email.is_empty() && phone.is_empty() {
            out.push(error(
                "contact",
                "accessibility.contact has neither an email nor a phone number".into(),
                "say how visitors report a problem, e.g. `contact: { email: web@example.ac.uk, phone: 0113 496 0000 }`",
            ));
        }
        for (key, (message, hint)) in contact_problems(email, phone, country) {
            out.push(error(
                key,
                format!("accessibility.contact.{message}"),
                &hint,
            ));
        }
        if self.reply_within.trim().is_empty() {
            out.push(error(
                "reply_within",
                "accessibility.reply_within is empty".into(),
                "say how soon you reply to a report, e.g. `reply_within: 5 working days`",
            ));
        }
        out
    }
}

/// What is wrong with an accessibility contact's email and phone number (each
/// may be empty), by key: the message from the key's name on, and a hint.
pub(crate) fn contact_problems(
    email: &str,
    phone: &str,
    country: &str,
) -> Vec<(&'static str, (String, String))> {
    let mut out = Vec::new();
    let (email, phone) = (email.trim(), phone.trim());
    if !email.is_empty() && !crate::services::is_email(email) {
        out.push((
            "email",
            (
                format!("email `{email}` is not an email address"),
                "write it as name@example.ac.uk".into(),
            ),
        ));
    }
    if let Some(Err(why)) = (!phone.is_empty()).then(|| crate::phone::link_target(phone, country)) {
        out.push((
            "phone",
            (
                format!("phone `{phone}` {why}"),
                "write the number as it is dialled in the site's country, e.g. 0113 496 0000, or with its country code, e.g. +44 113 496 0000".into(),
            ),
        ));
    }
    out
}

/// Why a quick exit address will not take a visitor away from the site, if it will not.
pub(crate) fn quick_exit_problem(exit: &str, base: Option<&url::Url>) -> Result<(), String> {
    if exit.contains(|c: char| c.is_whitespace() || matches!(c, '"' | '\'' | '<' | '>' | '`')) {
        return Err("contains spaces or quotes".into());
    }
    if !exit.starts_with("https://") {
        return Err("must start with https://".into());
    }
    let host = url::Url::parse(exit)
        .ok()
        .and_then(|u| u.host_str().map(str::to_ascii_lowercase))
        .filter(|h| !h.is_empty())
        .ok_or("has no host name")?;
    let site_host = base.and_then(|b| b.host_str()).map(str::to_ascii_lowercase);
    let bare = |h: &str| h.trim_start_matches("www.").to_string();
    if site_host.is_some_and(|site| bare(&site) == bare(&host)) {
        return Err(format!(
            "points back at this site ({host}): the quick exit must leave it"
        ));
    }
    Ok(())
}

/// The path part of a URL: `https://a.b/x/y` → `/x/y/`.
pub fn base_path_of(url: &str) -> String {
    let after_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    let path = after_scheme.find('/').map_or("", |i| &after_scheme[i..]);
    let trimmed = path.trim_matches('/');
    if trimmed.is_empty() {
        "/".into()
    } else {
        format!("/{trimmed}/")
    }
}

// The site's other languages (`languages:`, `translations:`); what is made of
// them is the `languages` module's.

/// `translations:`: what a page missing in one of the languages does.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Translations {
    /// Every page exists in every language, or the build fails.
    #[default]
    Required,
    /// A missing translation is a warning; that page's language switcher leaves the language out.
    Optional,
}

/// `languages.CODE`: what the site says in one of its other languages. A key
/// left out is the default language's, except `strings` and `quick_exit.label`.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LanguageText {
    /// The site's name in this language.
    #[serde(default)]
    pub title: Option<String>,
    /// The home page's meta description in this language.
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub brand: Option<BrandText>,
    #[serde(default)]
    pub quick_exit: Option<QuickExitText>,
    /// The theme's interface strings in this language, by key: all of them
    /// when the theme has none in this language.
    #[serde(default)]
    pub strings: BTreeMap<String, String>,
    #[serde(default)]
    pub accessibility: Option<AccessibilityText>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BrandText {
    /// The organisation's name in this language, e.g. `Prifysgol Northbridge`.
    #[serde(default)]
    pub name: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct QuickExitText {
    /// The text of the quick exit button (default: the theme's string in this language).
    #[serde(default)]
    pub label: Option<String>,
    /// A neutral site in this language, e.g. https://www.bbc.co.uk/cymrufyw
    #[serde(default)]
    pub url: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AccessibilityText {
    #[serde(default)]
    pub contact: Option<ContactText>,
    /// e.g. `5 diwrnod gwaith`
    #[serde(default)]
    pub reply_within: Option<String>,
    #[serde(default)]
    pub tested: Option<TestedText>,
    /// The known problems in this language: the whole list, in the same order.
    #[serde(default)]
    pub known_issues: Option<Vec<KnownIssue>>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ContactText {
    /// An address that answers in this language.
    #[serde(default)]
    pub email: Option<String>,
    /// A number that answers in this language.
    #[serde(default)]
    pub phone: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TestedText {
    /// Who tested it, as named in this language.
    #[serde(default)]
    pub by: Option<String>,
}
