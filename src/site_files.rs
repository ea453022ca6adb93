//! The files signpost writes beside a site's pages: sitemap.xml, robots.txt,
//! and the security headers in the files hosts read (`_headers`, `.htaccess`).

use crate::config::SiteConfig;
use crate::dates::Date;
use crate::diagnostics::Diagnostic;
use crate::output::OutputTree;
use crate::page::SiteModel;
use crate::{headers, statement};

/// sitemap.xml: every page not marked noindex and the generated accessibility
/// statement, with their review dates; in a site in more than one language,
/// each with its alternates in every language and `x-default`.
pub fn sitemap(config: &SiteConfig, site: &SiteModel) -> String {
    let multilingual = !config.languages.is_empty();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"");
    if multilingual {
        out.push_str(" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\"");
    }
    out.push_str(">\n");
    let base = config.base_url_normalised();
    let codes: Vec<(Option<&str>, &str)> = std::iter::once((None, config.language.as_str()))
        .chain(
            config
                .languages
                .keys()
                .map(|c| (Some(c.as_str()), c.as_str())),
        )
        .collect();
    let mut entries: Vec<Entry> = site
        .pages
        .iter()
        .enumerate()
        .filter(|(_, p)| !p.source.front.noindex)
        .map(|(index, p)| {
            let alternates = if multilingual {
                let mut found: Vec<(&str, String)> = codes
                    .iter()
                    .filter_map(|(translation, code)| {
                        let other = site.counterpart_in(index, *translation)?;
                        Some((*code, site.pages[other].path.clone()))
                    })
                    .collect();
                if let Some(other) = site.counterpart_in(index, None) {
                    found.push(("x-default", site.pages[other].path.clone()));
                }
                found
            } else {
                Vec::new()
            };
            Entry {
                path: p.path.clone(),
                reviewed: p.source.front.reviewed,
                alternates,
            }
        })
        .collect();
    for (translation, _) in &codes {
        let translation = *translation;
        if statement::generated(config, site, translation, None).is_some() {
            let tested = config.accessibility.as_ref().map(|a| a.tested.date);
            let mut alternates: Vec<(&str, String)> = Vec::new();
            if multilingual {
                for (other, code) in &codes {
                    alternates.push((*code, statement::path(*other)));
                }
                alternates.push(("x-default", statement::path(None)));
            }
            entries.push(Entry {
                path: statement::path(translation),
                reviewed: tested,
                alternates,
            });
        }
    }
    entries.sort_by(|a, b| a.path.cmp(&b.path));
    let url = |path: &str| crate::html::escape_html(&format!("{base}{path}"));
    for entry in entries {
        out.push_str(&format!("  <url><loc>{}</loc>", url(&entry.path)));
        if let Some(date) = entry.reviewed {
            out.push_str(&format!("<lastmod>{}</lastmod>", Date::iso(date)));
        }
        for (hreflang, path) in entry.alternates {
            out.push_str(&format!(
                "<xhtml:link rel=\"alternate\" hreflang=\"{hreflang}\" href=\"{}\"/>",
                url(&path)
            ));
        }
        out.push_str("</url>\n");
    }
    out.push_str("</urlset>\n");
    out
}

/// One address of the sitemap: its review date, and its alternates (hreflang, path).
struct Entry<'a> {
    path: String,
    reviewed: Option<Date>,
    alternates: Vec<(&'a str, String)>,
}

pub fn robots(config: &SiteConfig) -> String {
    format!(
        "User-agent: *\nAllow: /\nSitemap: {}sitemap.xml\n",
        config.base_url_normalised()
    )
}

/// `_headers` (Netlify, Cloudflare Pages) and `.htaccess` (Apache) with the
/// security headers, unless the site ships its own.
pub fn host_header_files(config: &SiteConfig, tree: &mut OutputTree) -> Vec<Diagnostic> {
    let mut notes = Vec::new();
    for (name, text) in headers::host_files(&config.privacy.allow) {
        if tree.files.contains_key(name) {
            notes.push(
                Diagnostic::note(
                    "headers",
                    format!("the site's own {name} is used instead of the one signpost writes"),
                )
                .with_hint(
                    "make sure it sends the security headers (`signpost headers` prints them)",
                ),
            );
        } else {
            tree.insert(name, text);
        }
    }
    notes
}
