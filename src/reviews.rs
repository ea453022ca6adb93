//! Review dates: pages past their review date (or never reviewed) and services
//! whose details were last verified too long ago. Each is a warning (an error
//! under `--strict`) and an entry of the list `check --format json` gives to
//! dashboards. "Today" comes from the caller, so tests can set the clock.

use crate::config::SiteConfig;
use crate::dates::Date;
use crate::diagnostics::Diagnostic;
use crate::services::{Service, ServiceRegistry, ServiceSource};
use serde::Serialize;
use std::path::PathBuf;

/// One page or service and where it stands, for dashboards.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum ReviewEntry {
    Page {
        file: PathBuf,
        title: String,
        owner: Option<String>,
        reviewed: Option<Date>,
        review_due: Option<Date>,
        /// Past its review date, or never reviewed.
        overdue: bool,
    },
    Service {
        id: String,
        file: PathBuf,
        line: Option<usize>,
        verified: Option<Date>,
        /// `verified` + review.every_months.
        review_due: Option<Date>,
        /// Verified too long ago, or never.
        overdue: bool,
    },
}

/// Where every service stands with its review, and a warning for each that needs verifying.
pub fn check_services(
    services: &ServiceRegistry,
    config: &SiteConfig,
    today: Date,
) -> (Vec<ReviewEntry>, Vec<Diagnostic>) {
    gathered(service_reviews(services, config, today))
}

fn service_reviews<'a>(
    services: &'a ServiceRegistry,
    config: &'a SiteConfig,
    today: Date,
) -> impl Iterator<Item = (ReviewEntry, Vec<Diagnostic>)> + 'a {
    services
        .services
        .iter()
        .zip(&services.sources)
        .map(move |(service, source)| {
            let (entry, problem) = service_review(service, source, config, today);
            (entry, problem.into_iter().collect())
        })
}

/// The entries, and the warnings there are.
fn gathered(
    reviews: impl Iterator<Item = (ReviewEntry, Vec<Diagnostic>)>,
) -> (Vec<ReviewEntry>, Vec<Diagnostic>) {
    let mut entries = Vec::new();
    let mut problems = Vec::new();
    for (entry, problem) in reviews {
        entries.push(entry);
        problems.extend(problem);
    }
    (entries, problems)
}

/// One service's entry (it starts on `line`), and its warning if it needs verifying.
fn service_review(
    service: &Service,
    source: &ServiceSource,
    config: &SiteConfig,
    today: Date,
) -> (ReviewEntry, Option<Diagnostic>) {
    let every = config.review.every_months;
    let review_due = service.verified.map(|v| v.plus_months(every));
    let overdue = review_due.is_none_or(|due| due < today);
    let problem = match service.verified {
        None => Some(Diagnostic::warning(
            "service-unverified",
            format!("service `{}` has no `verified` date", service.id),
        )
        .with_hint("check its details with the service, then add `verified: YYYY-MM-DD` (the date you checked)")),
        Some(verified) if overdue => Some(Diagnostic::warning(
            "service-stale",
            format!(
                "service `{}` was last verified on {}, more than {every} months ago",
                service.id,
                verified.long(),
            ),
        )
        .with_hint("check the numbers, hours and website with the service, then set `verified:` to the date you checked")),
        Some(_) => None,
    };
    let entry = ReviewEntry::Service {
        id: service.id.clone(),
        file: source.file.clone(),
        line: source.line,
        verified: service.verified,
        review_due,
        overdue,
    };
    (
        entry,
        problem.map(|d| d.in_file(&source.file).at_line(source.line)),
    )
}

/// One page's entry, and its warnings: it needs review, or its dates
/// cannot be right (reviewed in the future, due before it was reviewed).
pub(crate) fn page_review(
    page: &crate::frontmatter::ParsedPage,
    config: &SiteConfig,
    today: Date,
) -> (ReviewEntry, Vec<Diagnostic>) {
    let front = &page.front;
    let review_due = front
        .review_due
        .or_else(|| front.reviewed.map(|r| config.review_due(r)));
    let overdue = review_due.is_none_or(|due| due < today);
    let owner = match &front.owner {
        Some(owner) => format!("owner: {owner}"),
        None => "no owner".into(),
    };
    let problem = match (front.reviewed, review_due) {
        (None, _) => Some(
            Diagnostic::warning("review-missing", format!("the page has no `reviewed` date ({owner})"))
                .at_line(Some(page.front_first_line))
                .with_hint("check the page is accurate, then add `reviewed: YYYY-MM-DD` (the date you checked) to its front matter"),
        ),
        (Some(_), Some(due)) if overdue => Some(
            Diagnostic::warning("review-overdue", format!("review overdue since {} ({owner})", due.long()))
                .at_line(page.key_line("review_due").or_else(|| page.key_line("reviewed")))
                .with_hint(if front.owner.is_some() {
                    "check the page is still accurate, then set `reviewed:` to the date you checked"
                } else {
                    "check the page is still accurate, set `reviewed:` to the date you checked, and add `owner:` (who keeps it accurate)"
                }),
        ),
        _ => None,
    };
    let reviewed_line = page.key_line("reviewed");
    let future = front.reviewed.filter(|r| *r > today).map(|r| {
        Diagnostic::warning(
            "review-date",
            format!("`reviewed: {r}` is in the future (today is {today})"),
        )
        .at_line(reviewed_line)
        .with_hint("set `reviewed:` to the day the page was last checked, e.g. today's date")
    });
    let backwards = front
        .reviewed
        .zip(front.review_due)
        .filter(|(r, due)| due < r)
        .map(|(r, due)| {
            Diagnostic::warning(
                "review-date",
                format!("`review_due: {due}` is before `reviewed: {r}`"),
            )
            .at_line(page.key_line("review_due"))
            .with_hint(format!(
                "set `review_due:` to a date after {r}, or remove it (the default is {} months after `reviewed`)",
                config.review.every_months
            ))
        });
    let problems = [problem, future, backwards]
        .into_iter()
        .flatten()
        .map(|d| d.in_file(&page.file.display))
        .collect();
    let entry = ReviewEntry::Page {
        file: page.file.display.clone(),
        title: front.title.clone(),
        owner: front.owner.clone(),
        reviewed: front.reviewed,
        review_due,
        overdue,
    };
    (entry, problems)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::SourceFile;
    use std::path::Path;

    fn page(front: &str) -> crate::frontmatter::ParsedPage {
        crate::frontmatter::parse(SourceFile {
            display: PathBuf::from("content/a.md"),
            rel: "a.md".into(),
            text: format!("---\ntitle: A\n{front}---\nText.\n"),
        })
        .unwrap()
        .page
    }

    fn config() -> SiteConfig {
        crate::yaml::parse("title: T\nbase_url: https://example.org/\n", 1).unwrap()
    }

    fn date(text: &str) -> Date {
        Date::parse(text).unwrap()
    }

    fn shown(d: &Diagnostic) -> String {
        format!("{}:{:?}: {}", d.code, d.line, d.message)
    }

    #[test]
    fn a_page_past_its_review_date_names_the_date_and_owner() {
        let p = page("reviewed: 2025-09-14\nowner: Student Wellbeing\n");
        let (entry, problem) = page_review(&p, &config(), date("2026-11-21"));
        assert_eq!(
            shown(&problem[0]),
            "review-overdue:Some(3): review overdue since 14 September 2026 (owner: Student Wellbeing)"
        );
        assert!(matches!(entry, ReviewEntry::Page { overdue: true, .. }));
        let (_, on_the_day) = page_review(&p, &config(), date("2026-09-14"));
        assert!(on_the_day.is_empty(), "due today is not overdue");
    }

    #[test]
    fn review_due_wins_over_reviewed_plus_months() {
        let p = page("reviewed: 2026-09-14\nreview_due: 2026-10-01\n");
        let (entry, problem) = page_review(&p, &config(), date("2026-11-21"));
        assert_eq!(
            shown(&problem[0]),
            "review-overdue:Some(4): review overdue since 1 October 2026 (no owner)"
        );
        let json = serde_json::to_value(&entry).unwrap();
        assert_eq!(json["kind"], "page");
        assert_eq!(json["review_due"], "2026-10-01");
        assert_eq!(json["owner"], serde_json::Value::Null);
        assert_eq!(json["file"], "content/a.md");
    }

    #[test]
    fn a_page_never_reviewed_is_a_warning() {
        let (entry, problem) = page_review(&page(""), &config(), date("2026-11-21"));
        assert_eq!(
            shown(&problem[0]),
            "review-missing:Some(2): the page has no `reviewed` date (no owner)"
        );
        assert!(matches!(
            entry,
            ReviewEntry::Page {
                overdue: true,
                reviewed: None,
                ..
            }
        ));
        let (_, fresh) = page_review(
            &page("reviewed: 2026-11-01\n"),
            &config(),
            date("2026-11-21"),
        );
        assert!(fresh.is_empty());
    }

    #[test]
    fn services_verified_too_long_ago_or_never() {
        let text = "- id: old\n  name: Old\n  kind: helpline\n  verified: 2025-10-01\n- id: new\n  name: New\n  kind: app\n  verified: 2026-10-01\n- id: never\n  name: Never\n  kind: app\n";
        let registry = ServiceRegistry::parse(text, Path::new("data/services.yaml"), "GB").unwrap();
        let (entries, problems) = check_services(&registry, &config(), date("2026-11-21"));
        let shown: Vec<String> = problems.iter().map(shown).collect();
        assert_eq!(
            shown,
            [
                "service-stale:Some(1): service `old` was last verified on 1 October 2025, more than 12 months ago",
                "service-unverified:Some(9): service `never` has no `verified` date",
            ]
        );
        assert_eq!(
            problems[0].file.as_deref(),
            Some(Path::new("data/services.yaml"))
        );
        let overdue: Vec<bool> = entries
            .iter()
            .map(|e| matches!(e, ReviewEntry::Service { overdue: true, .. }))
            .collect();
        assert_eq!(overdue, [true, false, true]);
    }
}
