//! Validation: the checks of a loaded site that need no rendering. For each
//! page, its front matter (unknown keys, description), its review dates and
//! how it reads, which `serve` redoes for a page when it is edited; for the
//! whole site, the review dates of services and the accessibility statement.

use crate::config::SiteConfig;
use crate::dates::Date;
use crate::diagnostics::Diagnostic;
use crate::frontmatter::ParsedPage;
use crate::page::SiteModel;
use crate::readability::{self, Reading};
use crate::reviews::{self, ReviewEntry};
use crate::services::ServiceRegistry;
use crate::statement;
use rayon::prelude::*;

/// The problems of a page's front matter: unknown keys, no description.
/// Every page file read has them, drafts too.
pub fn front_matter(page: &ParsedPage) -> impl Iterator<Item = Diagnostic> + '_ {
    page.problems
        .iter()
        .cloned()
        .chain(description_warning(page))
}

/// What validation finds of one page of the site.
pub struct PageChecks {
    /// Where the page stands with its review.
    pub review: ReviewEntry,
    /// Its front matter's problems and its review dates'.
    pub problems: Vec<Diagnostic>,
    /// How it reads, measured from its Markdown `body` (see [`readability`]);
    /// None when the body could not be read.
    pub reading: Option<Reading>,
    pub readability: Vec<Diagnostic>,
}

/// Every check of one page of the site that needs no rendering: its front
/// matter, its review dates against `today`, and how its `body` reads (in
/// its language, `translation` or the site's), or why it could not be read.
pub fn page(
    page: &ParsedPage,
    body: Result<String, Diagnostic>,
    translation: Option<&str>,
    config: &SiteConfig,
    today: Date,
) -> PageChecks {
    let (review, problems) = reviews::page_review(page, config, today);
    let (reading, readability) = match body {
        Ok(body) => {
            let (reading, problems) = readability::page(page, &body, translation, config);
            (Some(reading), problems)
        }
        Err(unread) => (None, vec![unread]),
    };
    PageChecks {
        review,
        problems: front_matter(page).chain(problems).collect(),
        reading,
        readability,
    }
}

/// The site's own text and what it is made of, as validation reads them.
pub struct SiteParts<'a> {
    pub config: &'a SiteConfig,
    /// site.yaml as written, for the line of a key.
    pub config_text: &'a str,
    pub model: &'a SiteModel,
    pub services: &'a ServiceRegistry,
}

/// What validation finds of a whole site.
pub struct Validated {
    /// By page (index in the model).
    pub pages: Vec<PageChecks>,
    /// Where every service stands with its review, and the warnings.
    pub services: (Vec<ReviewEntry>, Vec<Diagnostic>),
    /// The accessibility statement's entry, and its problems.
    pub statement: (Option<ReviewEntry>, Vec<Diagnostic>),
}

/// The checks of every page of `site` (each Markdown body read by `body`
/// from the page's index in the model), of its services and of its
/// accessibility statement.
pub fn site(
    site: SiteParts,
    body: impl Fn(usize) -> Result<String, Diagnostic> + Sync,
    today: Date,
) -> Validated {
    let config = site.config;
    // Measuring how pages read is most of this stage: one page per task.
    let pages = site.model.pages.par_iter().enumerate().map(|(i, known)| {
        let translation = known.translation.as_deref();
        page(&known.source, body(i), translation, config, today)
    });
    Validated {
        pages: pages.collect(),
        services: reviews::check_services(site.services, config, today),
        statement: statement::check(config, site.config_text, site.model, today),
    }
}

/// A warning when a page has no description.
fn description_warning(page: &ParsedPage) -> Option<Diagnostic> {
    let missing = page
        .front
        .description
        .as_deref()
        .is_none_or(|d| d.trim().is_empty());
    missing.then(|| {
        Diagnostic::warning("no-description", "the page has no description")
            .in_file(&page.file.display)
            .at_line(Some(1))
            .with_hint(
                "add `description: ...` (one sentence; search engines and link previews show it)",
            )
    })
}
