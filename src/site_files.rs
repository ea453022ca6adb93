//! The files signpost writes beside a site's pages: sitemap.xml, robots.txt,
//! and the security headers in the files hosts read (`_headers`, `.htaccess`).

use crate::config::SiteConfig;
use crate::dates::Date;
use crate::diagnostics::Diagnostic;
use crate::output::OutputTree;
use crate::page::SiteModel;
use crate::{headers, statement};

/// sitemap.xml: every page not marked noindex and the generated accessibility
/// statement, with their review dates.
pub fn sitemap(config: &SiteConfig, site: &SiteModel) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    let base = config.base_url_normalised();
    let mut entries: Vec<(&str, Option<Date>)> = site
        .pages
        .iter()
        .filter(|p| !p.source.front.noindex)
        .map(|p| (p.path.as_str(), p.source.front.reviewed))
        .collect();
    if statement::generated(config, site).is_some() {
        let tested = config.accessibility.as_ref().map(|a| a.tested.date);
        entries.push((statement::PATH, tested));
    }
    entries.sort_by(|a, b| a.0.cmp(b.0));
    for (path, reviewed) in entries {
        out.push_str(&format!(
            "  <url><loc>{}</loc>",
            crate::html::escape_html(&format!("{base}{path}"))
        ));
        if let Some(date) = reviewed {
            out.push_str(&format!("<lastmod>{}</lastmod>", Date::iso(date)));
        }
        out.push_str("</url>\n");
    }
    out.push_str("</urlset>\n");
    out
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
