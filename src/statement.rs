//! The accessibility statement that UK public sector bodies must publish:
//! a page at /accessibility/ generated from `accessibility:` in site.yaml,
//! its review date (like a page's), and what a site without one is told.
//! A site's own `content/accessibility.md` (or `accessibility/_index.md`)
//! wins over the generated page.

use crate::config::{Accessibility, SiteConfig};
use crate::dates::{Date, DisplayDate};
use crate::diagnostics::Diagnostic;
use crate::page::SiteModel;
use crate::reviews::ReviewEntry;
use crate::services::ContactLink;
use serde::Serialize;

/// Where the statement lives, under the site's base path.
pub const PATH: &str = "accessibility/";

/// Where a language's statement lives: `accessibility/`, `cy/accessibility/`.
pub fn path(translation: Option<&str>) -> String {
    match translation {
        Some(code) => format!("{code}/{PATH}"),
        None => PATH.to_string(),
    }
}
/// The template that renders the generated statement.
pub const TEMPLATE: &str = "accessibility.html";

/// The statement as its template sees it (`statement`; see "Template reference").
#[derive(Debug, Serialize)]
pub struct StatementContext<'a> {
    /// `full` without known issues, else `partial`.
    pub status: &'static str,
    pub email: Option<ContactLink>,
    pub phone: Option<ContactLink>,
    pub reply_within: &'a str,
    pub tested_by: &'a str,
    pub tested: DisplayDate,
    pub prepared: DisplayDate,
    pub review_due: DisplayDate,
    pub known_issues: Vec<IssueContext<'a>>,
}

#[derive(Debug, Serialize)]
pub struct IssueContext<'a> {
    pub issue: &'a str,
    pub fix_by: Option<DisplayDate>,
}

/// The site has its own page where a language's statement would be.
fn own_page(site: &SiteModel, translation: Option<&str>) -> bool {
    site.by_path(&path(translation)).is_some()
}

/// The statement signpost writes in a language (`config` is the language's,
/// see `SiteConfig::for_language`; `locale` writes its dates, None: as the
/// dates of a site in one language), when `accessibility:` is configured and
/// the site has no page of its own at its address.
pub fn generated<'a>(
    config: &'a SiteConfig,
    site: &SiteModel,
    translation: Option<&str>,
    locale: Option<&crate::locale::Locale>,
) -> Option<StatementContext<'a>> {
    let a = config
        .accessibility
        .as_ref()
        .filter(|_| !own_page(site, translation))?;
    let long =
        |date: Date| locale.map_or_else(|| DisplayDate::long(date), |l| l.display_long(date));
    let month =
        |date: Date| locale.map_or_else(|| DisplayDate::month(date), |l| l.display_month(date));
    let link = |href: Option<String>, written: &str| {
        href.map(|href| ContactLink {
            display: written.trim().to_string(),
            href,
        })
    };
    let email = a.contact.email.trim();
    Some(StatementContext {
        status: if a.known_issues.is_empty() {
            "full"
        } else {
            "partial"
        },
        email: link(
            (!email.is_empty()).then(|| format!("mailto:{email}")),
            email,
        ),
        phone: link(
            a.phone_target(&config.country).map(|t| format!("tel:{t}")),
            &a.contact.phone,
        ),
        reply_within: a.reply_within.trim(),
        tested_by: a.tested.by.trim(),
        tested: long(a.tested.date),
        prepared: long(a.prepared.unwrap_or(a.tested.date)),
        review_due: month(review_due(config, a)),
        known_issues: a
            .known_issues
            .iter()
            .map(|k| IssueContext {
                issue: k.issue.trim(),
                fix_by: k.fix_by.map(long),
            })
            .collect(),
    })
}

/// The URL of a language's statement (generated or its own page), for the footer link.
pub fn url(config: &SiteConfig, site: &SiteModel, translation: Option<&str>) -> Option<String> {
    (config.accessibility.is_some() || own_page(site, translation))
        .then(|| format!("{}{}", config.base_path(), path(translation)))
}

/// The statement is reviewed when the site is tested: due `review.every_months` later.
fn review_due(config: &SiteConfig, a: &Accessibility) -> Date {
    config.review_due(a.tested.date)
}

/// The statement's review entry (for dashboards) and its problems: not
/// configured, overdue for review, or replaced by the site's own page.
pub fn check(
    config: &SiteConfig,
    config_text: &str,
    site: &SiteModel,
    today: Date,
) -> (Option<ReviewEntry>, Vec<Diagnostic>) {
    let Some(a) = &config.accessibility else {
        let missing = (!own_page(site, None)).then(|| {
            Diagnostic::warning(
                "accessibility-missing",
                "the site has no accessibility statement: site.yaml has no `accessibility:`",
            )
            .in_file("site.yaml")
            .with_hint(
                "public sector sites must publish one; add e.g. `accessibility: { contact: { email: web@example.ac.uk, phone: 0113 496 0000 }, reply_within: 5 working days, tested: { date: 2026-10-01, by: Digital Team }, known_issues: [] }` (see \"Accessibility statement\" in the README)",
            )
        });
        return (None, missing.into_iter().collect());
    };
    let line = crate::yaml::key_line(config_text, "tested", 1);
    let due = review_due(config, a);
    let overdue = due < today;
    let mut problems = Vec::new();
    if own_page(site, None) {
        problems.push(
            Diagnostic::note(
                "accessibility-own-page",
                "the site's own page at /accessibility/ is published instead of the statement generated from `accessibility:`",
            )
            .in_file("site.yaml")
            .at_line(crate::yaml::key_line(config_text, "accessibility", 1))
            .with_hint("keep that page up to date yourself, or remove it to publish the generated statement"),
        );
    } else if overdue {
        problems.push(
            Diagnostic::warning(
                "review-overdue",
                format!(
                    "the accessibility statement's review is overdue since {}",
                    due.long()
                ),
            )
            .in_file("site.yaml")
            .at_line(line)
            .with_hint(
                "test the site again, then set `tested: { date: ... }` to the date of the test",
            ),
        );
    }
    let entry = (!own_page(site, None)).then(|| ReviewEntry::Page {
        file: "site.yaml".into(),
        title: "Accessibility statement".into(),
        owner: Some(a.tested.by.clone()).filter(|b| !b.trim().is_empty()),
        reviewed: Some(a.tested.date),
        review_due: Some(due),
        overdue,
    });
    (entry, problems)
}
