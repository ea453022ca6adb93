//! Privacy rules: a page may load nothing from another site (unless
//! `privacy.allow` names the host), run no inline code or CSS (the
//! Content-Security-Policy blocks it), carry that policy, link out without
//! sending the referrer, and its scripts may store nothing on the device.

use super::urls::{self, Origins};
use super::{css, describe, Finding, FoundUrl, PageScan};

/// How a page uses a URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Use {
    /// Fetched when the page loads; `image`: a data: URL is fine.
    Load { image: bool },
    /// Where a form sends what was typed.
    Submit,
    /// `<meta http-equiv="refresh">`.
    Redirect,
    /// A link the visitor may follow.
    Navigate,
    /// Named but never fetched (`<link rel="canonical">`).
    Mention,
}

/// `rel` values of `<link>` that make the browser fetch or connect.
const FETCHING_RELS: [&str; 8] = [
    "stylesheet",
    "preload",
    "prefetch",
    "preconnect",
    "dns-prefetch",
    "modulepreload",
    "manifest",
    "prerender",
];

fn use_of(found: &FoundUrl) -> Use {
    let rels = || found.rel.split_ascii_whitespace();
    match (found.tag.as_str(), found.attribute) {
        ("a" | "area", _) => Use::Navigate,
        ("form", _) | (_, "formaction") => Use::Submit,
        ("meta", _) => Use::Redirect,
        ("link", _) if rels().any(|r| r.ends_with("icon")) => Use::Load { image: true },
        ("link", _) if rels().any(|r| FETCHING_RELS.contains(&r)) => Use::Load { image: false },
        ("link", _) => Use::Mention,
        ("img" | "image" | "input", _) | ("source", "srcset") | (_, "poster" | "background") => {
            Use::Load { image: true }
        }
        _ => Use::Load { image: false },
    }
}

fn element_of(found: &FoundUrl) -> String {
    match found.tag.as_str() {
        "meta" => describe(
            "meta",
            &[("http-equiv", "refresh"), ("content", &found.url)],
        ),
        tag if !found.rel.is_empty() => {
            describe(tag, &[("rel", &found.rel), (found.attribute, &found.url)])
        }
        tag => describe(tag, &[(found.attribute, &found.url)]),
    }
}

fn finding(page: &str, message: String, hint: &str) -> Finding {
    Finding {
        page: page.to_string(),
        message,
        hint: hint.to_string(),
    }
}

const ALLOW_HINT: &str =
    "copy the file into the site (static/) and link to it there; if the host must stay, \
     name it in privacy.allow in site.yaml (`signpost audit --allow HOST`)";
const CSP_HINT: &str =
    "the Content-Security-Policy blocks inline code and CSS: move it into a .js or .css \
     file under static/ and load that with asset()";

/// Every privacy rule over one page.
pub fn check_page(page: &str, scan: &PageScan, origins: &Origins) -> Vec<Finding> {
    let mut findings: Vec<Finding> = scan
        .urls
        .iter()
        .filter_map(|found| check_url(page, found, origins))
        .collect();
    for element in &scan.event_handlers {
        findings.push(finding(
            page,
            format!(
                "{element} has an inline event handler, which the Content-Security-Policy blocks"
            ),
            CSP_HINT,
        ));
    }
    if scan.inline_scripts > 0 {
        findings.push(finding(
            page,
            format!(
                "the page has {} inline <script> element(s) with code, which the Content-Security-Policy blocks",
                scan.inline_scripts
            ),
            CSP_HINT,
        ));
    }
    for inline in &scan.inline_css {
        findings.push(finding(
            page,
            format!(
                "{} is inline CSS, which the Content-Security-Policy blocks",
                inline.element
            ),
            CSP_HINT,
        ));
        findings.extend(css_findings(
            page,
            Some(&inline.element),
            &inline.css,
            origins,
        ));
    }
    findings.extend(check_policy(page, scan));
    if let Some(why) = &scan.unreadable {
        findings.push(finding(
            page,
            format!(
                "the audit could not read the whole page: {}",
                why.lines().next().unwrap_or("")
            ),
            "fix the markup (e.g. no <style> inside <select>) so the page can be checked",
        ));
    }
    findings
}

/// One URL of a page against the rules for how it is used.
fn check_url(page: &str, found: &FoundUrl, origins: &Origins) -> Option<Finding> {
    // Described only for a finding: most URLs have none.
    let element = || element_of(found);
    if urls::runs_code(&found.url) {
        return Some(finding(
            page,
            format!(
                "{} runs a {}: URL",
                element(),
                urls::scheme(&found.url).unwrap_or_default()
            ),
            "use a plain link; code belongs in a .js file under static/",
        ));
    }
    let how = use_of(found);
    if how == Use::Mention {
        return None;
    }
    let host = origins.foreign_host(&found.url);
    if how == Use::Navigate {
        let noreferrer = found
            .rel
            .split_ascii_whitespace()
            .any(|r| r == "noreferrer");
        return host.filter(|_| !noreferrer).map(|host| {
            finding(
                page,
                format!("{} links to {host} without rel=\"noreferrer\", so {host} would learn which page the visitor came from", element()),
                "add rel=\"noopener noreferrer\" to the link (links in Markdown get it; templates must write it)",
            )
        });
    }
    if let Some(host) = host.filter(|h| !origins.allows(h)) {
        let what = match how {
            Use::Submit => format!("sends the form to {host}"),
            Use::Redirect => format!("redirects to {host}"),
            _ => format!("loads from {host}"),
        };
        return Some(finding(
            page,
            format!(
                "{} {what}, another site, which would learn of every visit",
                element()
            ),
            ALLOW_HINT,
        ));
    }
    let data = urls::scheme(&found.url).as_deref() == Some("data");
    (data && how != (Use::Load { image: true })).then(|| {
        finding(
            page,
            format!("{} uses a data: URL; only images may", element()),
            "put the file in static/ and link to it there",
        )
    })
}

/// The page carries a Content-Security-Policy, without `unsafe-` escapes.
fn check_policy(page: &str, scan: &PageScan) -> Option<Finding> {
    let hint =
        "include partials/head-security.html (it writes {{ security_meta | safe }}) inside <head>";
    match &scan.csp {
        None => Some(finding(
            page,
            "the page has no <meta http-equiv=\"Content-Security-Policy\">".into(),
            hint,
        )),
        Some(policy) => ["'unsafe-inline'", "'unsafe-eval'"]
            .into_iter()
            .find(|word| policy.to_ascii_lowercase().contains(word))
            .map(|word| {
                finding(
                    page,
                    format!("the page's Content-Security-Policy allows {word}"),
                    hint,
                )
            }),
    }
}

/// URLs of CSS that load from another site; `element` is the `<style>` or
/// `style` attribute of a page the CSS is in (None: a stylesheet file).
fn css_findings(file: &str, element: Option<&str>, css: &str, origins: &Origins) -> Vec<Finding> {
    let within = element.map_or(String::new(), |e| format!("{e}: "));
    css::urls(css)
        .into_iter()
        .filter_map(|u| {
            let what = if u.import {
                format!("{within}@import \"{}\"", u.url)
            } else {
                format!("{within}url({})", u.url)
            };
            if urls::runs_code(&u.url) {
                return Some(finding(file, format!("{what} at line {} runs code", u.line), CSP_HINT));
            }
            let host = origins.foreign_host(&u.url).filter(|h| !origins.allows(h))?;
            Some(finding(
                file,
                format!("{what} at line {} loads from {host}, another site, which would learn of every visit", u.line),
                ALLOW_HINT,
            ))
        })
        .collect()
}

/// A shipped stylesheet loads nothing from another site.
pub fn check_stylesheet(path: &str, css: &str, origins: &Origins) -> Vec<Finding> {
    css_findings(path, None, css, origins)
}

/// What scripts may not touch: each leaves a trace on the visitor's device.
const STORAGE: [&str; 5] = [
    "document.cookie",
    "localStorage",
    "sessionStorage",
    "indexedDB",
    "cookieStore",
];

/// A shipped script uses no cookie or web storage (a plain text search, line
/// by line; comments count too, so a script never mentions them).
pub fn check_script(path: &str, js: &str) -> Vec<Finding> {
    let word_char = |c: char| c.is_alphanumeric() || c == '_' || c == '$';
    let mut findings = Vec::new();
    for (number, line) in js.lines().enumerate() {
        for name in STORAGE {
            let used = line.match_indices(name).any(|(at, _)| {
                !line[..at].ends_with(word_char) && !line[at + name.len()..].starts_with(word_char)
            });
            if used {
                findings.push(finding(
                    path,
                    format!("line {} uses {name}, which leaves a trace on the visitor's device", number + 1),
                    "keep state in memory only: a signpost site stores nothing on the visitor's device",
                ));
            }
        }
    }
    findings
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::scan;

    fn messages(html: &str, allow: &[&str]) -> Vec<String> {
        let allow: Vec<String> = allow.iter().map(|h| h.to_string()).collect();
        let origins = Origins::new(Some("https://example.org/sub/"), &allow);
        let page = format!(
            "<meta http-equiv=Content-Security-Policy content=\"default-src 'none'\">{html}"
        );
        check_page("p/index.html", &scan(page.as_bytes()), &origins)
            .into_iter()
            .map(|f| f.message)
            .collect()
    }

    #[test]
    fn resources_from_other_sites() {
        let found = messages(
            "<script src=//cdn.example.com/x.js></script><img srcset=\"/a.png 1x, https://img.net/b.png 2x\">\
             <link rel=preconnect href=https://fonts.gstatic.com><link rel=canonical href=https://other.org/>\
             <iframe src=https://video.net/e></iframe><object data=https://obj.net/o></object>\
             <form action=https://forms.net/></form><meta http-equiv=refresh content=\"0;url=https://away.net/\">\
             <img src=https://example.org/own.png><img src=https://allowed.net/x.png>",
            &["allowed.net"],
        );
        assert_eq!(found.len(), 7, "{found:#?}");
        assert!(found[0]
            .starts_with("<script src=\"//cdn.example.com/x.js\"> loads from cdn.example.com"));
        assert!(found[1].starts_with("<img srcset=\"https://img.net/b.png\"> loads from img.net"));
        assert!(found[2].starts_with("<link rel=\"preconnect\" href=\"https://fonts.gstatic.com\"> loads from fonts.gstatic.com"));
        assert!(found[3].starts_with("<iframe src=\"https://video.net/e\"> loads from video.net"));
        assert!(found[4].starts_with("<object data=\"https://obj.net/o\"> loads from obj.net"));
        assert!(found[5]
            .starts_with("<form action=\"https://forms.net/\"> sends the form to forms.net"));
        assert_eq!(found[6], "<meta http-equiv=\"refresh\" content=\"https://away.net/\"> redirects to away.net, another site, which would learn of every visit");
    }

    #[test]
    fn code_urls_and_data_urls() {
        let found = messages(
            "<a href=\"javascript:alert(1)\">x</a><img src=\"data:image/png;base64,AA\">\
             <script src=\"data:text/javascript,alert(1)\"></script><link rel=icon href=data:image/svg+xml,x>",
            &[],
        );
        assert_eq!(
            found,
            [
                "<a href=\"javascript:alert(1)\"> runs a javascript: URL",
                "<script src=\"data:text/javascript,alert(1)\"> uses a data: URL; only images may",
            ]
        );
    }

    #[test]
    fn outbound_links_need_noreferrer() {
        let found = messages(
            "<a href=https://a.net/>a</a><a rel=\"noopener noreferrer\" href=https://b.net/>b</a>\
             <a href=https://example.org/x/>own</a><a href=/x/>rel</a><a rel=noopener href=//c.net/>c</a>",
            &["a.net"],
        );
        assert_eq!(found.len(), 2, "{found:#?}");
        assert!(found[0]
            .starts_with("<a href=\"https://a.net/\"> links to a.net without rel=\"noreferrer\""));
        assert!(found[1].starts_with("<a rel=\"noopener\" href=\"//c.net/\"> links to c.net"));
    }

    #[test]
    fn inline_code_and_css() {
        let found = messages(
            "<script>track()</script><body onload=go()><p style=\"background:url(https://bg.net/a.png)\">\
             <style>@import 'https://fonts.net/f.css';</style>",
            &[],
        );
        assert_eq!(
            found,
            [
                "<body onload=\"go()\"> has an inline event handler, which the Content-Security-Policy blocks",
                "the page has 1 inline <script> element(s) with code, which the Content-Security-Policy blocks",
                "<p style=\"background:url(https://bg.net/a.png)\"> is inline CSS, which the Content-Security-Policy blocks",
                "<p style=\"background:url(https://bg.net/a.png)\">: url(https://bg.net/a.png) at line 1 loads from bg.net, another site, which would learn of every visit",
                "<style> is inline CSS, which the Content-Security-Policy blocks",
                "<style>: @import \"https://fonts.net/f.css\" at line 1 loads from fonts.net, another site, which would learn of every visit",
            ]
        );
    }

    #[test]
    fn the_policy_must_be_there_and_strict() {
        let origins = Origins::default();
        let none = check_page("p.html", &scan(b"<p>x"), &origins);
        assert_eq!(
            none[0].message,
            "the page has no <meta http-equiv=\"Content-Security-Policy\">"
        );
        let weak = scan(b"<meta http-equiv=content-security-policy content=\"script-src 'self' 'UNSAFE-INLINE'\">");
        assert_eq!(
            check_page("p.html", &weak, &origins)[0].message,
            "the page's Content-Security-Policy allows 'unsafe-inline'"
        );
    }

    #[test]
    fn stylesheets_and_scripts() {
        let origins = Origins::new(Some("https://example.org/"), &[]);
        let css = "a{}\n.b { background: url(https://example.org/own.png) }\n.c { background: url(//x.net/c.png) }";
        let found = check_stylesheet("css/site.css", css, &origins);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].message, "url(//x.net/c.png) at line 3 loads from x.net, another site, which would learn of every visit");
        let js = "var a = 1;\nwindow.localStorage.setItem('x', 1);\nvar mylocalStorageShim;\ndocument.cookie = 'a=b';";
        let found: Vec<String> = check_script("js/a.js", js)
            .into_iter()
            .map(|f| f.message)
            .collect();
        assert_eq!(
            found,
            [
                "line 2 uses localStorage, which leaves a trace on the visitor's device",
                "line 4 uses document.cookie, which leaves a trace on the visitor's device",
            ]
        );
    }
}
