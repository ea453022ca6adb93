//! Validation: the checks of a loaded site that need no rendering. The
//! front matter of each page (unknown keys, description) and its review
//! dates, which `serve` redoes for a page when it is edited; and for the
//! whole site the review dates of services and the accessibility statement.

use crate::config::SiteConfig;
use crate::dates::Date;
use crate::diagnostics::Diagnostic;
use crate::frontmatter::ParsedPage;
use crate::load::LoadedSite;
use crate::reviews::{self, ReviewEntry};
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

/// Where every page and service stands with its review, and the
/// accessibility statement's; the problems of those reviews.
pub fn site(site: &LoadedSite, today: Date) -> (Vec<ReviewEntry>, Vec<Diagnostic>) {
    let (mut entries, mut problems) =
        reviews::check(&site.model, &site.services, &site.config, today);
    let (entry, more) = statement::check(&site.config, &site.config_text, &site.model, today);
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
