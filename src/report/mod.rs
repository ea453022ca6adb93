//! `signpost report`: the content's health on one page, for the person who
//! answers for it. Pages by review status and owner, services by the date
//! they were verified, every number written in page text against the
//! registry, links to other sites as the last `check --external` found
//! them, reading grades, and whether the site passes its build and audit.
//! Everything comes from one run of the same pipeline `check` runs (the
//! [`crate::BuildReport`]) and the link cache; nothing is computed twice.

mod calendar;
mod html;
pub mod usage;

pub use html::render as html;

use crate::config::SiteConfig;
use crate::dates::Date;
use crate::external::LinkCache;
use crate::readability::Sentence;
use crate::reviews::ReviewEntry;
use crate::BuildReport;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

/// Where a page stands with its review.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    Overdue,
    #[serde(rename = "due-30")]
    Due30,
    #[serde(rename = "due-90")]
    Due90,
    Later,
}

impl Status {
    fn of(due: Option<Date>, today: Date) -> Status {
        match due {
            None => Status::Overdue,
            Some(due) if due < today => Status::Overdue,
            Some(due) if due <= today.plus_days(30) => Status::Due30,
            Some(due) if due <= today.plus_days(90) => Status::Due90,
            Some(_) => Status::Later,
        }
    }
}

/// The whole report: what the HTML shows and `--format json` writes.
#[derive(Debug, Clone, Serialize)]
pub struct Health {
    /// Marks a file as a report, so that `save` may replace it (see [`save`]).
    pub generator: &'static str,
    pub site: String,
    pub today: Date,
    /// The owner the report is for (`--owner`); None: everyone's pages.
    pub owner: Option<String>,
    pub build: BuildStatus,
    pub tiles: Tiles,
    pub languages: Languages,
    pub pages: Vec<PageRow>,
    pub services: Vec<ServiceRow>,
    pub numbers: Vec<NumberRow>,
    pub links: Vec<HostRow>,
    pub calendar: calendar::Calendar,
}

/// Whether the site, as it is now, passes `signpost build` (audit included).
#[derive(Debug, Clone, Serialize)]
pub struct BuildStatus {
    /// The build went as far as auditing its output.
    pub audited: bool,
    pub passes: bool,
    pub passes_strict: bool,
    pub errors: usize,
    pub warnings: usize,
    /// Findings of the privacy and safety audit and the link check.
    pub audit_findings: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct Tiles {
    pub overdue: usize,
    pub due_30_days: usize,
    /// Due within 90 days, those within 30 included.
    pub due_90_days: usize,
    pub services_not_verified: usize,
    /// review.every_months: a service not verified in this many months is counted.
    pub service_months: u32,
    pub unknown_numbers: usize,
    /// None: `check --external` has not been run.
    pub links_broken: Option<usize>,
    pub pages_over_grade: usize,
    pub reading_grade: u32,
}

/// The site's languages: the default, the others, and how many pages are
/// translated, missing a translation, or translated before their last review.
#[derive(Debug, Clone, Serialize)]
pub struct Languages {
    pub site: String,
    pub others: Vec<String>,
    pub translations: usize,
    pub missing: usize,
    pub out_of_date: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct PageRow {
    pub file: PathBuf,
    pub title: String,
    pub url: Option<String>,
    pub owner: Option<String>,
    pub reviewed: Option<Date>,
    pub review_due: Option<Date>,
    pub status: Status,
    pub grade: Option<f64>,
    pub longest: Vec<Sentence>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PageLink {
    pub title: String,
    pub url: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ServiceRow {
    pub id: String,
    pub name: String,
    pub verified: Option<Date>,
    pub review_due: Option<Date>,
    pub overdue: bool,
    /// Shown on every page (the emergency notice).
    pub everywhere: bool,
    pub pages: Vec<PageLink>,
}

#[derive(Debug, Clone, Serialize)]
pub struct NumberRow {
    pub written: String,
    pub page: PageLink,
    pub registered: bool,
    /// The registry's number and service it matches, or most resembles.
    pub entry: Option<(std::sync::Arc<str>, std::sync::Arc<str>)>,
}

#[derive(Debug, Clone, Serialize)]
pub struct HostRow {
    pub host: String,
    pub links: Vec<LinkRow>,
}

#[derive(Debug, Clone, Serialize)]
pub struct LinkRow {
    pub url: String,
    /// `200`, `301 → 200`, `timed out`; None: not checked yet.
    pub status: Option<String>,
    pub broken: bool,
    pub moved_to: Option<String>,
    /// When it was checked, `2026-12-01 23:00 UTC`.
    pub checked: Option<String>,
    pub pages: usize,
}

/// Written into every report (HTML `<meta name="generator">`, JSON
/// `"generator"`): a file that carries it is one `save` may replace.
const GENERATOR: &str = "signpost report";

/// Why a report could not be saved to its file.
#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    #[error("{0} exists and is not a report: signpost leaves it as it is")]
    NotAReport(String),
    #[error("cannot write {file}: {source}")]
    Io {
        file: String,
        source: std::io::Error,
    },
}

impl SaveError {
    pub fn hint(&self) -> &'static str {
        match self {
            SaveError::NotAReport(_) => {
                "give `-o` a new file name (for example report.html), or move that file away first"
            }
            SaveError::Io { .. } => "choose a file in a folder you can write to",
        }
    }
}

/// Write a report to `file` whole (a temporary file beside it, then renamed
/// over it), but only over nothing or over an earlier report: `-o site.yaml`
/// by mistake must not cost the user their configuration.
pub fn save(file: &std::path::Path, text: &str) -> Result<(), SaveError> {
    use std::io::{Read, Write};
    let io = |source| SaveError::Io {
        file: file.display().to_string(),
        source,
    };
    match std::fs::File::open(file) {
        Ok(existing) => {
            let mut head = Vec::new();
            existing.take(4096).read_to_end(&mut head).map_err(io)?;
            let head = String::from_utf8_lossy(&head);
            let marked = head.contains(&format!("name=\"generator\" content=\"{GENERATOR}\""))
                || head.contains(&format!("\"generator\": \"{GENERATOR}\""));
            if !marked {
                return Err(SaveError::NotAReport(file.display().to_string()));
            }
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(io(e)),
    }
    let folder = match file.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => std::path::Path::new("."),
    };
    let mut staging = tempfile::NamedTempFile::new_in(folder).map_err(io)?;
    staging.write_all(text.as_bytes()).map_err(io)?;
    staging.persist(file).map_err(|e| io(e.error))?;
    Ok(())
}

/// What `signpost report` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Html,
    Json,
}

/// Why a report could not be made.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error("site.yaml cannot be read")]
    NoConfig,
    #[error("no page has the owner `{owner}`")]
    UnknownOwner { owner: String, known: Vec<String> },
    #[error("the report template failed: {0}")]
    Template(String),
}

impl ReportError {
    pub fn hint(&self) -> String {
        match self {
            ReportError::NoConfig => "`signpost check` says what is wrong with it".into(),
            ReportError::UnknownOwner { known, .. } if known.is_empty() => {
                "no page has `owner:` yet; add it to each page's front matter".into()
            }
            ReportError::UnknownOwner { known, .. } => {
                format!("the owners are: {}", known.join(", "))
            }
            ReportError::Template(_) => "this is a bug in signpost; please report it".into(),
        }
    }
}

/// The report of a build as text in `format`, with the health it shows.
pub fn write(
    report: &BuildReport,
    site_dir: &std::path::Path,
    today: Date,
    owner: Option<&str>,
    format: Format,
) -> Result<(String, Health), ReportError> {
    let config = crate::load_config(site_dir).ok_or(ReportError::NoConfig)?;
    if let Some(want) = owner {
        let known = owners(report);
        if !known.iter().any(|o| o.eq_ignore_ascii_case(want)) {
            return Err(ReportError::UnknownOwner {
                owner: want.to_string(),
                known: known.into_iter().collect(),
            });
        }
    }
    let cache = LinkCache::load(site_dir);
    let health = gather(report, &config, &cache, today, owner);
    let text = match format {
        Format::Html => html(&health).map_err(|e| ReportError::Template(e.to_string()))?,
        Format::Json => serde_json::to_string_pretty(&health)
            .map_err(|e| ReportError::Template(e.to_string()))?,
    };
    Ok((text, health))
}

/// The report as `serve` answers it at `/_signpost/report`: made from a
/// whole build of the site as it is now (so it is current on every
/// request), with the reload script `reload` (the tab reloads after every
/// rebuild) allowed by its policy, and the headers to send. Only `serve`
/// calls this; `build` never writes a report.
pub fn served(
    options: &crate::BuildOptions,
    reload: &str,
) -> (String, Vec<(&'static str, String)>) {
    let report = crate::build(&crate::BuildOptions {
        page_details: true,
        ..options.clone()
    });
    let page = match write(&report, &options.site_dir, options.today, None, Format::Html) {
        Ok((html, _)) => html
            .replacen(
                "default-src 'none';",
                "default-src 'none'; script-src 'self'; connect-src 'self';",
                1,
            )
            .replacen("</body>", &format!("{reload}</body>"), 1),
        Err(e) => format!(
            "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>No report</title></head><body><h1>No report</h1><p>{}</p><p>{}</p>{reload}</body></html>",
            htmlize::escape_text(e.to_string()),
            htmlize::escape_text(e.hint())
        ),
    };
    // Not the site's own policy: the report's meta policy allows its inline
    // style by hash, which the site's `style-src 'self'` would forbid.
    let headers = vec![
        ("Content-Type", "text/html; charset=utf-8".to_string()),
        ("Cache-Control", "no-store".into()),
        ("Referrer-Policy", "no-referrer".into()),
        ("X-Content-Type-Options", "nosniff".into()),
        ("X-Frame-Options", "DENY".into()),
    ];
    (page, headers)
}

/// The owners of the site's pages, in name order.
pub fn owners(report: &BuildReport) -> BTreeSet<String> {
    report
        .reviews
        .iter()
        .filter_map(|e| match e {
            ReviewEntry::Page { owner, .. } => owner.clone(),
            ReviewEntry::Service { .. } => None,
        })
        .collect()
}

/// The report of a build, for everyone or for one `owner`.
pub fn gather(
    report: &BuildReport,
    config: &SiteConfig,
    cache: &LinkCache,
    today: Date,
    owner: Option<&str>,
) -> Health {
    let usage = report.usage.clone().unwrap_or_default();
    let mine = |o: &Option<String>| {
        owner.is_none_or(|want| o.as_deref().is_some_and(|o| o.eq_ignore_ascii_case(want)))
    };
    let url_of: BTreeMap<&PathBuf, &usage::PageUse> =
        usage.pages.iter().map(|p| (&p.file, p)).collect();
    let pages = page_rows(report, today, &url_of, &mine);
    let shown: BTreeSet<&PathBuf> = pages.iter().map(|p| &p.file).collect();
    let my_pages: Vec<&usage::PageUse> = usage
        .pages
        .iter()
        .filter(|p| shown.contains(&p.file))
        .collect();
    let services = service_rows(report, &usage, &my_pages);
    let numbers: Vec<NumberRow> = my_pages
        .iter()
        .flat_map(|p| {
            p.numbers.iter().map(|n| NumberRow {
                written: n.written.clone(),
                page: PageLink {
                    title: p.title.clone(),
                    url: p.url.clone(),
                },
                registered: n.registered,
                entry: n.entry.clone(),
            })
        })
        .collect();
    let links = link_rows(&my_pages, cache);
    let tiles = tiles(config, &pages, &services, &numbers, &links);
    let build = build_status(report);
    let translations = usage
        .pages
        .iter()
        .filter(|p| p.translation.is_some())
        .count();
    Health {
        generator: GENERATOR,
        site: config.title.clone(),
        today,
        owner: owner.map(str::to_string),
        build,
        tiles,
        languages: Languages {
            site: config.language.clone(),
            others: report.coverage.iter().map(|c| c.language.clone()).collect(),
            translations,
            missing: report.coverage.iter().map(|c| c.missing()).sum(),
            out_of_date: report.coverage.iter().map(|c| c.out_of_date).sum(),
        },
        calendar: calendar::Calendar::of(&pages, today),
        pages,
        services,
        numbers,
        links,
    }
}

/// The counts at the top of the report.
fn tiles(
    config: &SiteConfig,
    pages: &[PageRow],
    services: &[ServiceRow],
    numbers: &[NumberRow],
    links: &[HostRow],
) -> Tiles {
    let checked_any = links
        .iter()
        .flat_map(|h| &h.links)
        .any(|l| l.status.is_some());
    let limit = config.content.reading_grade;
    Tiles {
        overdue: pages.iter().filter(|p| p.status == Status::Overdue).count(),
        due_30_days: pages.iter().filter(|p| p.status == Status::Due30).count(),
        due_90_days: pages
            .iter()
            .filter(|p| matches!(p.status, Status::Due30 | Status::Due90))
            .count(),
        services_not_verified: services.iter().filter(|s| s.overdue).count(),
        service_months: config.review.every_months,
        unknown_numbers: numbers.iter().filter(|n| !n.registered).count(),
        links_broken: checked_any.then(|| {
            links
                .iter()
                .flat_map(|h| &h.links)
                .filter(|l| l.broken)
                .count()
        }),
        pages_over_grade: pages
            .iter()
            .filter(|p| p.grade.is_some_and(|g| g > f64::from(limit)))
            .count(),
        reading_grade: limit,
    }
}

/// Whether the build passes, and its counts.
fn build_status(report: &BuildReport) -> BuildStatus {
    let d = &report.diagnostics;
    BuildStatus {
        audited: report.usage.is_some(),
        passes: !d.has_errors(false),
        passes_strict: !d.has_errors(true),
        errors: d.errors(false),
        warnings: d.warnings(false),
        audit_findings: d
            .items()
            .iter()
            .filter(|x| matches!(x.code, "audit" | "broken-link"))
            .count(),
    }
}

fn page_rows(
    report: &BuildReport,
    today: Date,
    usage: &BTreeMap<&PathBuf, &usage::PageUse>,
    mine: &dyn Fn(&Option<String>) -> bool,
) -> Vec<PageRow> {
    let mut rows: Vec<PageRow> = report
        .reviews
        .iter()
        .filter_map(|e| match e {
            ReviewEntry::Page {
                file,
                title,
                owner,
                reviewed,
                review_due,
                ..
            } if mine(owner) => {
                let reading = report.readings.iter().find(|r| &r.file == file);
                Some(PageRow {
                    file: file.clone(),
                    title: title.clone(),
                    url: usage.get(file).map(|u| u.url.clone()),
                    owner: owner.clone(),
                    reviewed: *reviewed,
                    review_due: *review_due,
                    status: Status::of(*review_due, today),
                    grade: reading.and_then(|r| r.grade),
                    longest: reading.map(|r| r.longest.clone()).unwrap_or_default(),
                })
            }
            _ => None,
        })
        .collect();
    rows.sort_by(|a, b| (a.status, a.review_due, &a.file).cmp(&(b.status, b.review_due, &b.file)));
    rows
}

fn service_rows(
    report: &BuildReport,
    usage: &usage::SiteUse,
    pages: &[&usage::PageUse],
) -> Vec<ServiceRow> {
    report
        .reviews
        .iter()
        .filter_map(|e| match e {
            ReviewEntry::Service {
                id,
                verified,
                review_due,
                overdue,
                ..
            } => Some(ServiceRow {
                id: id.clone(),
                name: usage
                    .service_names
                    .get(id)
                    .cloned()
                    .unwrap_or_else(|| id.clone()),
                verified: *verified,
                review_due: *review_due,
                overdue: *overdue,
                everywhere: usage.everywhere.contains(id),
                pages: pages
                    .iter()
                    .filter(|p| p.services.contains(id))
                    .map(|p| PageLink {
                        title: p.title.clone(),
                        url: p.url.clone(),
                    })
                    .collect(),
            }),
            ReviewEntry::Page { .. } => None,
        })
        .collect()
}

fn link_rows(pages: &[&usage::PageUse], cache: &LinkCache) -> Vec<HostRow> {
    let mut by_url: BTreeMap<&String, usize> = BTreeMap::new();
    for page in pages {
        for url in &page.external {
            *by_url.entry(url).or_default() += 1;
        }
    }
    let mut hosts: BTreeMap<String, Vec<LinkRow>> = BTreeMap::new();
    for (url, count) in by_url {
        let Some(host) = crate::external::host_of(url) else {
            continue;
        };
        let result = cache.links.get(url);
        hosts.entry(host).or_default().push(LinkRow {
            url: url.clone(),
            status: result.map(|r| r.summary()),
            broken: result.is_some_and(|r| r.broken()),
            moved_to: result.and_then(|r| r.moved_to().map(str::to_string)),
            checked: result.and_then(|r| {
                let secs = i64::try_from(r.checked).ok()?;
                Some(
                    chrono::DateTime::from_timestamp(secs, 0)?
                        .format("%Y-%m-%d %H:%M UTC")
                        .to_string(),
                )
            }),
            pages: count,
        });
    }
    hosts
        .into_iter()
        .map(|(host, links)| HostRow { host, links })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> Date {
        Date::parse(text).unwrap()
    }

    fn row(owner: Option<&str>, due: &str, today: Date) -> PageRow {
        let due = date(due);
        PageRow {
            file: PathBuf::from("content/a.md"),
            title: "A".into(),
            url: None,
            owner: owner.map(str::to_string),
            reviewed: None,
            review_due: Some(due),
            status: Status::of(Some(due), today),
            grade: None,
            longest: Vec::new(),
        }
    }

    #[test]
    fn review_status_boundaries() {
        let today = date("2026-11-21");
        let of = |d: &str| Status::of(Some(date(d)), today);
        assert_eq!(of("2026-11-20"), Status::Overdue);
        assert_eq!(of("2026-11-21"), Status::Due30, "due today is not overdue");
        assert_eq!(of("2026-12-21"), Status::Due30, "30 days ahead");
        assert_eq!(of("2026-12-22"), Status::Due90);
        assert_eq!(of("2027-02-19"), Status::Due90, "90 days ahead");
        assert_eq!(of("2027-02-20"), Status::Later);
        assert_eq!(Status::of(None, today), Status::Overdue, "never reviewed");
    }

    #[test]
    fn the_calendar_counts_twelve_months_by_owner() {
        let today = date("2026-11-21");
        let pages = [
            row(Some("Wellbeing"), "2026-11-30", today),
            row(Some("Wellbeing"), "2027-01-05", today),
            row(None, "2027-01-31", today),
            row(Some("Wellbeing"), "2026-11-01", today), // overdue: not in the calendar
            row(Some("Wellbeing"), "2027-11-01", today), // the 13th month
        ];
        let calendar = calendar::Calendar::of(&pages, today);
        let owners: Vec<&str> = calendar.owners.iter().map(|(o, _)| o.as_str()).collect();
        assert_eq!(owners, ["No owner", "Wellbeing"]);
        assert_eq!(calendar.months.len(), 12);
        let shown: Vec<(String, Vec<usize>)> = calendar
            .months
            .iter()
            .filter(|m| m.total > 0)
            .map(|m| (m.label.clone(), m.counts.clone()))
            .collect();
        assert_eq!(
            shown,
            [
                ("November 2026".to_string(), vec![0, 1]),
                ("January 2027".to_string(), vec![1, 1]),
            ]
        );
        assert_eq!(calendar.svg.matches("<rect").count(), 3);
        assert!(calendar
            .svg
            .contains("<title>No owner: 1 due in January 2027</title>"));
    }
}
