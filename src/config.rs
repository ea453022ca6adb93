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
}

impl Default for QuickExit {
    fn default() -> Self {
        QuickExit {
            url: default_exit_url(),
            label: default_exit_label(),
        }
    }
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

/// Why a quick exit address will not take a visitor away from the site, if it will not.
fn quick_exit_problem(exit: &str, base: Option<&url::Url>) -> Result<(), String> {
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
