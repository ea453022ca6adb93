//! Validation: the checks of a loaded site that need no rendering. The
//! front matter of each page (unknown keys, description) and its review
//! dates, which `serve` redoes for a page when it is edited; and for the
//! whole site the review dates of services and the accessibility statement.

use crate::config::SiteConfig;
use crate::dates::Date;
use crate::diagnostics::Diagnostic;
use crate::frontmatter::ParsedPage;
use crate::page::SiteModel;
use crate::reviews::{self, ReviewEntry};
use crate::services::ServiceRegistry;
use crate::statement;

/// The problems of a page's front matter: unknown keys, no description.
/// Every page file read has them, drafts too.
pub fn front_matter(page: &ParsedPage) -> impl Iterator<Item = Diagnostic> + '_ {
    page.problems
        .iter()
        .cloned()
        .chain(description_warning(page))
}

/// Every problem of one page of the site that is found without rendering
/// it: its front matter, and its review dates against `today`.
pub fn page(page: &ParsedPage, config: &SiteConfig, today: Date) -> Vec<Diagnostic> {
    let review = reviews::page_review(page, config, today).1;
    front_matter(page).chain(review).collect()
}

/// The site's own text and what it is made of, as validation reads them.
pub struct SiteParts<'a> {
    pub config: &'a SiteConfig,
    /// site.yaml as written, for the line of a key.
    pub config_text: &'a str,
    pub model: &'a SiteModel,
    pub services: &'a ServiceRegistry,
}

/// Where every page and service stands with its review, and the
/// accessibility statement's; the problems of those reviews.
pub fn site(site: SiteParts, today: Date) -> (Vec<ReviewEntry>, Vec<Diagnostic>) {
    let (mut entries, mut problems) = reviews::check(site.model, site.services, site.config, today);
    let (entry, more) = statement::check(site.config, site.config_text, site.model, today);
    entries.extend(entry);
    problems.extend(more);
    (entries, problems)
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
