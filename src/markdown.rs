//! Markdown to HTML with pulldown-cmark: links rewritten to page URLs (a link
//! to a missing page is an error with its line), stable unique heading ids, a
//! table of contents, and `rel="noopener noreferrer"` on links to other sites.
//! Text nested deeper than anyone can read, or with a page's worth of HTML
//! tags of its own, is an error at its line rather than a page to render.

use crate::diagnostics::{Diagnostic, LineIndex};
use crate::html::escape_html;
use crate::lint::{NumberIndex, NumbersWritten, PageText};
use crate::page::{original_of, slugify, SiteModel};
use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Tag, TagEnd};
use serde::Serialize;
use std::collections::{HashMap, HashSet};

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    pub title: String,
}

#[derive(Debug, Clone, Default)]
pub struct RenderedMarkdown {
    pub html: String,
    pub toc: Vec<TocEntry>,
    pub problems: Vec<Diagnostic>,
    pub numbers: NumbersWritten,
}

/// What a page's links are resolved against.
pub struct LinkContext<'a> {
    pub site: &'a SiteModel,
    /// The page's source path below content/ (`law/scotland.md`).
    pub source_rel: &'a str,
    /// The file as shown to the editor, for diagnostics.
    pub display: &'a std::path::Path,
    /// The site's base path, `/` or `/support/stalking/`.
    pub base_path: &'a str,
    /// Line of the file on which the Markdown body starts.
    pub first_line: usize,
    /// Registered phone numbers: linked in the text, others reported.
    pub numbers: &'a NumberIndex,
    /// The page's language in a site in more than one (`Some(None)`: the
    /// default's), whose pages its links go to; None in a site in one language.
    pub language: Option<Option<&'a str>>,
}

/// The deepest Markdown nesting rendered: block quotes, lists, emphasis and
/// links inside each other (a list and its items count once). Browsers stop
/// nesting elements at 512; no reader follows 100.
pub const MAX_NESTING: usize = 100;

/// The most HTML tags a page's Markdown may hold of its own. Each could open
/// an element inside the one before: the HTML minifier needs stack for every
/// level (`crate::finish_page` gives it), so a page has a bound.
pub const MAX_HTML_TAGS: usize = 50_000;

pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
}

pub fn render(body: &str, links: &LinkContext) -> RenderedMarkdown {
    let place = PageText {
        display: links.display,
        first_line: links.first_line,
    };
    let linked = links.numbers.link(body, options(), &place);
    let mut out = RenderedMarkdown {
        problems: linked.problems,
        numbers: linked.written,
        ..RenderedMarkdown::default()
    };
    let parsed = linked.events;
    if let Some((problem, offset)) = beyond_bounds(&parsed) {
        let line = links.first_line + body[..offset].matches('\n').count();
        out.problems
            .push(problem.in_file(links.display).at_line(Some(line)));
        return out;
    }
    // Ids the themes use themselves; a heading never takes them.
    let mut used_ids = HeadingIds::reserving(&["main", "top"]);
    let mut events: Vec<Event> = Vec::new();
    let mut heading: Option<Vec<Event>> = None;
    let mut external_link_stack: Vec<bool> = Vec::new();
    // Made at the first problem: most pages have none.
    let lines = std::cell::OnceCell::new();
    for (event, range) in parsed {
        let line = || {
            let lines = lines.get_or_init(|| LineIndex::new(body));
            links.first_line + lines.newlines_before(range.start)
        };
        let mut report = |problem: Diagnostic| out.problems.push(problem.at_line(Some(line())));
        let event = rewrite_link(event, links, &mut external_link_stack, &mut report);
        match (&mut heading, event) {
            (None, Event::Start(Tag::Heading { .. })) => heading = Some(Vec::new()),
            (Some(inner), Event::End(TagEnd::Heading(level))) => {
                let inner = std::mem::take(inner);
                heading = None;
                close_heading(&mut events, inner, level, &mut used_ids, &mut out.toc);
            }
            (Some(inner), event) => inner.push(event),
            (None, event) => events.push(event),
        }
    }
    pulldown_cmark::html::push_html(&mut out.html, events.into_iter());
    out
}

/// A link or image with its target resolved (see [`resolve`]); a link to
/// another site opened with `rel="noopener noreferrer"` (`external` keeps
/// which open links are, to close them alike). Problems go to `report`.
fn rewrite_link<'a>(
    event: Event<'a>,
    links: &LinkContext,
    external: &mut Vec<bool>,
    report: &mut dyn FnMut(Diagnostic),
) -> Event<'a> {
    let mut target = |dest_url: &CowStr| match resolve(dest_url, links) {
        Ok(found) => {
            found.warning.into_iter().for_each(&mut *report);
            (found.url, found.external)
        }
        Err(problem) => {
            report(problem);
            (dest_url.to_string(), false)
        }
    };
    match event {
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => {
            let (dest, leaves) = target(&dest_url);
            external.push(leaves);
            if leaves {
                Event::InlineHtml(CowStr::from(external_open_tag(&dest, &title)))
            } else {
                Event::Start(Tag::Link {
                    link_type,
                    dest_url: dest.into(),
                    title,
                    id,
                })
            }
        }
        Event::End(TagEnd::Link) if external.pop().unwrap_or(false) => {
            Event::InlineHtml("</a>".into())
        }
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Image {
            link_type,
            dest_url: target(&dest_url).0.into(),
            title,
            id,
        }),
        other => other,
    }
}

/// The first place where the Markdown is nested deeper than [`MAX_NESTING`],
/// or holds more than [`MAX_HTML_TAGS`] HTML tags: the problem, and the byte
/// offset of the event in the body.
fn beyond_bounds(parsed: &[(Event, std::ops::Range<usize>)]) -> Option<(Diagnostic, usize)> {
    let (mut depth, mut deepest, mut tags) = (0usize, 0usize, 0usize);
    let mut too_deep_at = None;
    for (event, range) in parsed {
        match event {
            Event::Start(Tag::Item) | Event::End(TagEnd::Item) => {}
            Event::Start(_) => depth += 1,
            Event::End(_) => depth = depth.saturating_sub(1),
            Event::Html(html) | Event::InlineHtml(html) => {
                tags += html
                    .as_bytes()
                    .windows(2)
                    .filter(|w| w[0] == b'<' && w[1].is_ascii_alphabetic())
                    .count();
                if tags > MAX_HTML_TAGS {
                    let problem = Diagnostic::error(
                        "too-much-html",
                        format!("the page holds more than {MAX_HTML_TAGS} HTML tags (its own, and the links signpost makes of its phone numbers); signpost renders at most {MAX_HTML_TAGS} in one page"),
                    )
                    .with_hint("split the page into several, or write it in Markdown");
                    return Some((problem, range.start));
                }
            }
            _ => {}
        }
        if depth > MAX_NESTING && too_deep_at.is_none() {
            too_deep_at = Some(range.start);
        }
        deepest = deepest.max(depth);
    }
    let offset = too_deep_at?;
    let problem = Diagnostic::error(
        "too-deep",
        format!("the text is nested {deepest} levels deep (block quotes, lists, emphasis or links inside each other); signpost renders at most {MAX_NESTING}"),
    )
    .with_hint("flatten it: end a quote or list before the next one starts, and check that every `>`, `-` and `*` is meant");
    Some((problem, offset))
}

/// The ids a page's headings have taken, and for each slug the next number
/// to try after it (`slug-2`, `slug-3`, ...): a page of thousands of headings
/// of one title took each id after trying every one before it.
struct HeadingIds {
    used: HashSet<String>,
    next: HashMap<String, usize>,
}

impl HeadingIds {
    fn reserving(ids: &[&str]) -> HeadingIds {
        HeadingIds {
            used: ids.iter().map(|id| id.to_string()).collect(),
            next: HashMap::new(),
        }
    }

    /// `base` if it is free, else the first of `base-2`, `base-3`, ... that is.
    fn unique(&mut self, base: String) -> String {
        if self.used.insert(base.clone()) {
            return base;
        }
        // Ids are only ever added: a number tried before is taken still.
        let n = self.next.entry(base.clone()).or_insert(2);
        loop {
            let id = format!("{base}-{n}");
            *n += 1;
            if self.used.insert(id.clone()) {
                return id;
            }
        }
    }
}

/// Emit a heading with a unique id (its explicit `{#id}` or its slugged text).
fn close_heading<'a>(
    events: &mut Vec<Event<'a>>,
    inner: Vec<Event<'a>>,
    level: HeadingLevel,
    used_ids: &mut HeadingIds,
    toc: &mut Vec<TocEntry>,
) {
    let text: String = inner
        .iter()
        .filter_map(|e| match e {
            Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
            _ => None,
        })
        .collect();
    let base = slugify(&text);
    let base = if base.is_empty() {
        "section".to_string()
    } else {
        base
    };
    let id = used_ids.unique(base);
    let depth = level as u8;
    if depth == 2 || depth == 3 {
        toc.push(TocEntry {
            level: depth,
            id: id.clone(),
            title: text.trim().to_string(),
        });
    }
    events.push(Event::Start(Tag::Heading {
        level,
        id: Some(id.into()),
        classes: vec![],
        attrs: vec![],
    }));
    events.extend(inner);
    events.push(Event::End(TagEnd::Heading(level)));
}

/// A link's target resolved.
struct Resolved {
    /// The URL to write.
    url: String,
    /// Whether it leaves the site.
    external: bool,
    /// A problem that does not stop the link working.
    warning: Option<Diagnostic>,
}

/// Resolve a link target.
fn resolve(dest: &str, links: &LinkContext) -> Result<Resolved, Diagnostic> {
    let found = |url: String, external| Resolved {
        url,
        external,
        warning: None,
    };
    let lower = dest.to_ascii_lowercase();
    if lower.starts_with("http://") || lower.starts_with("https://") || dest.starts_with("//") {
        return Ok(found(dest.to_string(), true));
    }
    if dest.starts_with('#') || dest.is_empty() || has_scheme(dest) {
        return Ok(found(dest.to_string(), false));
    }
    let (path, fragment) = match dest.find(['#', '?']) {
        Some(i) => (&dest[..i], &dest[i..]),
        None => (dest, ""),
    };
    let target = if let Some(rooted) = path.strip_prefix('/') {
        let rooted = links
            .base_path
            .strip_prefix('/')
            .and_then(|b| rooted.strip_prefix(b))
            .filter(|_| links.base_path != "/")
            .unwrap_or(rooted);
        normalise(rooted)
    } else {
        let dir = links.source_rel.rsplit_once('/').map_or("", |(d, _)| d);
        normalise(&format!("{dir}/{path}"))
    };
    let target = target.ok_or_else(|| {
        Diagnostic::error(
            "broken-link",
            format!("link `{dest}` goes above the site's root"),
        )
        .in_file(links.display)
        .with_hint("remove a `../` from the link")
    })?;
    if target.ends_with(".md") {
        return page_link(dest, &target, fragment, links);
    }
    let keep_slash = path.ends_with('/') && !target.is_empty();
    Ok(found(
        format!(
            "{}{target}{}{fragment}",
            links.base_path,
            if keep_slash { "/" } else { "" }
        ),
        false,
    ))
}

/// A link to a page's file (`target`, under content/): the page's URL. In a
/// site in more than one language a link to a page's file goes to the page
/// in the linking page's language; when it has none, it goes to the other
/// language's page with a warning. A file named with its language
/// (`signs.cy.md`) is linked as it is.
fn page_link(
    dest: &str,
    target: &str,
    fragment: &str,
    links: &LinkContext,
) -> Result<Resolved, Diagnostic> {
    let site = links.site;
    let own_language = links
        .language
        .flatten()
        .filter(|_| original_of(target) == target);
    let translated = own_language.and_then(|code| {
        let file = format!("{}.{code}.md", target.strip_suffix(".md").unwrap_or(target));
        site.by_source(&file)
    });
    let page = match translated.map(Ok).or_else(|| site.missing_page(target)) {
        // The target's own error is reported; a second one here would only confuse.
        None => {
            return Ok(Resolved {
                url: dest.to_string(),
                external: false,
                warning: None,
            })
        }
        Some(Ok(page)) => page,
        Some(Err(missing)) => {
            return Err(Diagnostic::error(
                missing.code,
                format!(
                    "link `{dest}` points to content/{target}, which {}",
                    missing.why
                ),
            )
            .in_file(links.display)
            .with_hint(missing.hint))
        }
    };
    let warning = match own_language {
        Some(code) if translated.is_none() => Some(
            Diagnostic::warning(
                "other-language-link",
                format!("link `{dest}` goes to content/{target}: the page has no `{code}` translation, so a `{code}` page links to another language's page"),
            )
            .in_file(links.display)
            .with_hint(format!(
                "translate the page (add content/{}.{code}.md), or link to a page that is translated",
                target.strip_suffix(".md").unwrap_or(target)
            )),
        ),
        _ => None,
    };
    Ok(Resolved {
        url: format!("{}{}{fragment}", links.base_path, site.pages[page].path),
        external: false,
        warning,
    })
}

/// `tel:`, `mailto:`, `sms:` and the like.
fn has_scheme(dest: &str) -> bool {
    match dest.split_once(':') {
        Some((scheme, _)) => {
            !scheme.is_empty()
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '+' || c == '-' || c == '.')
                && !scheme.contains('/')
        }
        None => false,
    }
}

/// Join `..` and `.` segments; None if the path climbs above the root.
fn normalise(path: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

fn external_open_tag(href: &str, title: &str) -> String {
    let title = if title.is_empty() {
        String::new()
    } else {
        format!(" title=\"{}\"", escape_html(title))
    };
    format!(
        "<a href=\"{}\" rel=\"noopener noreferrer\"{title}>",
        escape_html(href)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalise_refuses_climbing_out() {
        assert_eq!(
            normalise("about/../law/_index.md").as_deref(),
            Some("law/_index.md")
        );
        assert_eq!(normalise("../x"), None);
        assert!(has_scheme("tel:+448088020300"));
        assert!(!has_scheme("law/a:b/"));
    }

    #[test]
    fn each_heading_takes_the_first_free_id_of_its_slug() {
        let mut ids = HeadingIds::reserving(&["main", "top"]);
        let taken: Vec<String> = ["a-3", "a", "a", "a-2", "a", "main", "main", "a"]
            .map(|base| ids.unique(base.to_string()))
            .into();
        assert_eq!(
            taken,
            ["a-3", "a", "a-2", "a-2-2", "a-4", "main-2", "main-3", "a-5"]
        );
    }
}
