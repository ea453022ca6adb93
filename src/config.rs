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

    /// Checks serde cannot express; each problem names the key.
    pub fn validate(&self, yaml_text: &str) -> Vec<Diagnostic> {
        let line = |key: &str| crate::yaml::key_line(yaml_text, key, 1);
        let mut out = Vec::new();
        if !(self.base_url.starts_with("https://") || self.base_url.starts_with("http://")) {
            out.push(
                Diagnostic::error(
                    "config",
                    format!("base_url `{}` is not a web address", self.base_url),
                )
                .at_line(line("base_url"))
                .with_hint("write the full address, e.g. https://www.example.ac.uk/support/"),
            );
        }
        if !self.quick_exit.url.starts_with("https://") {
            out.push(
                Diagnostic::error(
                    "config",
                    format!(
                        "quick_exit.url `{}` must start with https://",
                        self.quick_exit.url
                    ),
                )
                .at_line(line("url"))
                .with_hint("use a neutral, busy site such as https://www.bbc.co.uk/weather"),
            );
        }
        if self.title.trim().is_empty() {
            out.push(
                Diagnostic::error("config", "title is empty")
                    .at_line(line("title"))
                    .with_hint("give the site a name"),
            );
        }
        out
    }
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
