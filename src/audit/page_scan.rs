//! Scanning a page: one pass of lol_html over its HTML (a second with
//! `<noscript>` read as markup, when it has one, and one per `srcdoc`
//! document inside it), recording what the audit's checks read: the URLs it
//! loads and where, its ids, scripts, styles and event handlers, its
//! policies, its quick exit and emergency notice, its first focusable
//! element, and what a browser would break on.

use super::attributes::{describe, Attrs};
use super::found_urls::{FoundUrl, FoundUrls};
use super::page_ids::PageIds;
use super::{css, is_page, urls};
use lol_html::html_content::Element;
use lol_html::{doc_comments, element, text, HtmlRewriter, Settings};
use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use std::hash::Hash;

/// The first element of a page that Tab reaches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Focusable {
    /// As written for a message, e.g. `<a href="/">`.
    pub element: String,
    /// It is the quick exit link.
    pub quick_exit: bool,
    /// Only with JavaScript off (it is inside `<noscript>`).
    pub without_js: bool,
}

/// CSS written into a page (which the Content-Security-Policy blocks).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct InlineCss {
    /// `<style>`, or the element with the `style` attribute.
    pub element: String,
    pub css: String,
}

/// An element that breaks a rule by itself, whatever URL it holds.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Breach {
    /// As a message shows it, e.g. `<meta name="referrer" content="unsafe-url">`,
    /// after what it is inside (`<noscript>: …`).
    pub element: String,
    /// The value at fault, to find the line in the source.
    pub evidence: String,
    /// What is wrong, said after the element.
    pub what: &'static str,
    pub hint: &'static str,
}

/// What one page contains that the checks need.
#[derive(Debug, Clone, Default)]
pub struct PageScan {
    pub ids: PageIds,
    pub urls: FoundUrls,
    /// Elements with `on…` event handler attributes, e.g. `<button onclick="go()">`.
    pub event_handlers: Vec<String>,
    /// `<script>` elements without `src` that have code in them.
    pub inline_scripts: usize,
    pub inline_css: Vec<InlineCss>,
    /// Elements that break a rule by themselves (a weak referrer policy, a
    /// `<meta http-equiv="set-cookie">`, ...).
    pub breaches: Vec<Breach>,
    pub first_focusable: Option<Focusable>,
    /// An `<a href data-signpost="quick-exit">` anywhere in the page.
    pub has_quick_exit: bool,
    /// An element with `data-signpost="emergency"`.
    pub has_emergency: bool,
    /// The contents of the `<meta http-equiv="Content-Security-Policy">` tags
    /// inside `<head>` (browsers ignore those elsewhere, which are breaches).
    pub policies: Vec<String>,
    /// A `<meta name="referrer" content="no-referrer">`.
    pub no_referrer: bool,
    /// The targets of `<meta http-equiv="refresh">` with no delay, in the
    /// page itself (not inside `<noscript>` or `srcdoc`).
    pub redirects: Vec<String>,
    /// `<foreignObject>` elements (HTML inside SVG).
    pub foreign_objects: usize,
    /// `data-history` of the sentences on what the quick exit does to the
    /// history (`data-signpost="history-note"`), and of the quick exit bar
    /// (any other element with `data-history`), which configures its script.
    pub history_note: Option<String>,
    pub history_bar: Option<String>,
    /// How many elements the page has. A file with none (a host's
    /// verification file, `google123.html`) is plain text to a browser: it
    /// loads and runs nothing, and is no page a visitor reads.
    pub elements: usize,
    /// Why the parser stopped before the end of the page, if it did.
    pub unreadable: Option<String>,
}

/// Attributes that hold one URL, and the element they belong to (None: any).
const URL_ATTRIBUTES: [(&str, Option<&str>); 16] = [
    ("href", None),
    ("src", None),
    ("xlink:href", None),
    ("background", None),
    ("poster", None),
    ("data", Some("object")),
    ("codebase", Some("object")),
    ("action", Some("form")),
    ("formaction", Some("button")),
    ("formaction", Some("input")),
    ("lowsrc", Some("img")),
    ("dynsrc", Some("img")),
    ("manifest", Some("html")),
    ("icon", Some("menuitem")),
    ("cite", None),
    ("longdesc", None),
];

/// Attributes that hold a `srcset` list of URLs with descriptors.
const SRCSET_ATTRIBUTES: [&str; 2] = ["srcset", "imagesrcset"];

/// SVG presentation attributes whose value may be `url(…)`.
const PAINT_ATTRIBUTES: [&str; 10] = [
    "fill",
    "stroke",
    "filter",
    "mask",
    "clip-path",
    "marker",
    "marker-start",
    "marker-mid",
    "marker-end",
    "cursor",
];

/// What `<noscript>` is renamed to for the scan without JavaScript.
const RENAMED_NOSCRIPT: &str = "signpost-noscript";

/// Elements that may stand in `<head>`: any other starts the body.
const HEAD_TAGS: [&str; 11] = [
    "html",
    "head",
    "meta",
    "link",
    "title",
    "style",
    "script",
    "base",
    "noscript",
    "template",
    RENAMED_NOSCRIPT,
];

/// How many `srcdoc` documents deep (one inside another) the scan reads.
const MAX_SRCDOC_DEPTH: usize = 3;

const REFERRER_HINT: &str = "use no-referrer: partials/head-security.html writes \
     <meta name=\"referrer\" content=\"no-referrer\">, and no element may set another referrerpolicy";

/// The state of one scan while lol_html walks the page.
#[derive(Default)]
struct Scanner {
    scan: PageScan,
    /// The `<script>` being read has no `src` and no code seen yet.
    script_inline: bool,
    /// An element that belongs in `<body>` has been seen: `<head>` is over.
    body_started: bool,
    /// How many `srcdoc` documents this one is inside.
    depth: usize,
    /// The page has a `<noscript>`, to read again as with JavaScript off.
    saw_noscript: bool,
}

/// A browser's referrer policy token that sends no referrer.
fn is_no_referrer(policy: &str) -> bool {
    let policy = policy.trim();
    policy.eq_ignore_ascii_case("no-referrer") || policy.eq_ignore_ascii_case("never")
}

impl Scanner {
    fn element(&mut self, el: &Element<'_, '_>) {
        let tag = el.tag_name();
        self.scan.elements += 1;
        self.body_started |= !HEAD_TAGS.contains(&tag.as_str());
        self.saw_noscript |= tag == "noscript";
        if tag == "foreignobject" {
            self.scan.foreign_objects += 1;
        }
        let attrs = Attrs::read(el);
        if let Some(id) = attrs.get("id") {
            self.scan.ids.insert(id);
        }
        if tag == "a" {
            if let Some(name) = attrs.get("name") {
                self.scan.ids.insert(name);
            }
        }
        self.record_urls(&attrs, &tag);
        self.record_inline_code(&attrs, &tag);
        self.record_referrer_policy(&attrs, &tag);
        match tag.as_str() {
            "meta" => self.record_meta(&attrs),
            "iframe" => {
                if let Some(doc) = attrs.get("srcdoc") {
                    self.record_srcdoc(doc);
                }
            }
            _ => {}
        }
        self.record_signposts(&attrs, &tag);
    }

    fn breach(&mut self, element: String, evidence: &str, what: &'static str, hint: &'static str) {
        self.scan.breaches.push(Breach {
            element,
            evidence: evidence.to_string(),
            what,
            hint,
        });
    }

    fn record_urls(&mut self, attrs: &Attrs<'_>, tag: &str) {
        // Lowercased only for an element that has a URL: most have none.
        let mut rel: Option<String> = None;
        let found = &mut self.scan.urls;
        let mut push = |attribute: &'static str, url: &str| {
            let rel = rel.get_or_insert_with(|| {
                attrs
                    .get("rel")
                    .map(str::to_ascii_lowercase)
                    .unwrap_or_default()
            });
            found.push(FoundUrl {
                tag,
                attribute,
                url,
                rel,
                within: "",
            })
        };
        for (attribute, only_on) in URL_ATTRIBUTES {
            if only_on.is_none_or(|t| t == tag) {
                if let Some(url) = attrs.get(attribute) {
                    push(attribute, url);
                }
            }
        }
        for attribute in SRCSET_ATTRIBUTES {
            if let Some(set) = attrs.get(attribute) {
                for url in urls::srcset(set) {
                    push(attribute, &url);
                }
            }
        }
        if let Some(list) = attrs.get("ping") {
            for url in list.split_ascii_whitespace() {
                push("ping", url);
            }
        }
        for attribute in PAINT_ATTRIBUTES {
            if let Some(value) = attrs.get(attribute) {
                for css_url in css::urls(value) {
                    push(attribute, &css_url.url);
                }
            }
        }
        // `<set attributeName="href" to="javascript:…">` changes a link as it animates.
        let animates_link = matches!(tag, "set" | "animate")
            && attrs
                .get("attributename")
                .is_some_and(|n| n.trim().to_ascii_lowercase().ends_with("href"));
        if animates_link {
            for attribute in ["to", "from", "by", "values"] {
                for url in attrs.get(attribute).unwrap_or_default().split(';') {
                    if !url.trim().is_empty() {
                        push(attribute, url.trim());
                    }
                }
            }
        }
    }

    fn record_inline_code(&mut self, attrs: &Attrs<'_>, tag: &str) {
        for attr in &attrs.0 {
            if attr.name.len() > 2 && attr.name.starts_with("on") {
                self.scan
                    .event_handlers
                    .push(describe(tag, &[(&attr.name, attr.value())]));
            }
        }
        if let Some(css) = attrs.get("style") {
            let element = describe(tag, &[("style", css)]);
            self.scan.inline_css.push(InlineCss {
                element,
                css: css.to_string(),
            });
        }
        match tag {
            "script" => self.script_inline = !attrs.has("src"),
            "style" => self.scan.inline_css.push(InlineCss {
                element: "<style>".into(),
                css: String::new(),
            }),
            _ => {}
        }
    }

    /// `referrerpolicy="unsafe-url"` on a link, image or frame overrides the page's policy.
    fn record_referrer_policy(&mut self, attrs: &Attrs<'_>, tag: &str) {
        if let Some(policy) = attrs.get("referrerpolicy") {
            if !policy.trim().is_empty() && !is_no_referrer(policy) {
                self.breach(
                    describe(tag, &[("referrerpolicy", policy)]),
                    policy,
                    "lets other sites learn which page the visitor came from",
                    REFERRER_HINT,
                );
            }
        }
    }

    fn record_meta(&mut self, attrs: &Attrs<'_>) {
        let equiv = attrs
            .get("http-equiv")
            .unwrap_or_default()
            .trim()
            .to_ascii_lowercase();
        let content = attrs.get("content").unwrap_or_default();
        let shown = || describe("meta", &[("http-equiv", &equiv), ("content", content)]);
        match equiv.as_str() {
            "content-security-policy" if self.body_started => self.breach(
                shown(),
                content,
                "is outside <head>, where browsers ignore it",
                "put partials/head-security.html inside <head>, before anything of the body",
            ),
            "content-security-policy" => self.scan.policies.push(content.to_string()),
            "refresh" => {
                if let Some(url) = urls::refresh_target(content) {
                    if urls::refresh_is_immediate(content) {
                        self.scan.redirects.push(url.clone());
                    }
                    self.scan.urls.push(FoundUrl {
                        tag: "meta",
                        attribute: "content",
                        url: &url,
                        rel: "",
                        within: "",
                    });
                }
            }
            "set-cookie" => self.breach(
                shown(),
                content,
                "sets a cookie, which leaves a trace on the visitor's device",
                "remove it: a signpost site stores nothing on the visitor's device",
            ),
            "x-dns-prefetch-control" if !content.trim().eq_ignore_ascii_case("off") => self.breach(
                shown(),
                content,
                "lets the browser look up the address of every site the page links to",
                "remove it: browsers do not look up linked sites in advance on HTTPS pages",
            ),
            _ => {}
        }
        let name = attrs.get("name").unwrap_or_default().trim();
        if name.eq_ignore_ascii_case("referrer") {
            if is_no_referrer(content) {
                self.scan.no_referrer = true;
            } else {
                self.breach(
                    describe("meta", &[("name", "referrer"), ("content", content)]),
                    content,
                    "lets other sites learn which page the visitor came from",
                    REFERRER_HINT,
                );
            }
        }
    }

    /// The document of `<iframe srcdoc="…">`, read as a page of its own.
    fn record_srcdoc(&mut self, doc: &str) {
        if self.depth >= MAX_SRCDOC_DEPTH {
            self.breach(
                "<iframe srcdoc>".into(),
                "srcdoc",
                "holds frames inside frames too deep to check",
                "make the framed page a page of the site and frame it with src",
            );
            return;
        }
        let inner = scan_at(doc.as_bytes(), self.depth + 1);
        self.scan.absorb(inner, "<iframe srcdoc>");
    }

    fn record_signposts(&mut self, attrs: &Attrs<'_>, tag: &str) {
        let signpost = attrs.get("data-signpost");
        let quick_exit = tag == "a" && attrs.has("href") && signpost == Some("quick-exit");
        self.scan.has_quick_exit |= quick_exit;
        self.scan.has_emergency |= signpost == Some("emergency");
        if let Some(history) = attrs.get("data-history") {
            let slot = if signpost == Some("history-note") {
                &mut self.scan.history_note
            } else {
                &mut self.scan.history_bar
            };
            slot.get_or_insert_with(|| history.to_string());
        }
        if self.scan.first_focusable.is_none() && focusable(attrs, tag) {
            let shown: Vec<(&str, &str)> = ["data-signpost", "href", "type", "id", "tabindex"]
                .into_iter()
                .filter_map(|a| attrs.get(a).map(|v| (a, v)))
                .take(2)
                .collect();
            self.scan.first_focusable = Some(Focusable {
                element: describe(tag, &shown),
                quick_exit,
                without_js: false,
            });
        }
    }

    /// An HTML parser reads `<?xml-stylesheet href="…"?>` as a comment; an
    /// XML one (SVG and XHTML files) loads the stylesheet.
    fn comment(&mut self, text: &str) {
        let Some(instruction) = text.strip_prefix("?xml-stylesheet") else {
            return;
        };
        let href = instruction.split_once("href").and_then(|(_, after)| {
            let after = after.trim_start().strip_prefix('=')?.trim_start();
            let quote = after.chars().next().filter(|q| matches!(q, '"' | '\''))?;
            after[1..].split(quote).next()
        });
        if let Some(url) = href {
            self.scan.urls.push(FoundUrl {
                tag: "?xml-stylesheet",
                attribute: "href",
                url: &htmlize::unescape_attribute(url),
                rel: "",
                within: "",
            });
        }
    }

    fn script_text(&mut self, text: &str) {
        if self.script_inline && !text.trim().is_empty() {
            self.scan.inline_scripts += 1;
            self.script_inline = false;
        }
    }

    fn style_text(&mut self, text: &str) {
        if let Some(style) = self.scan.inline_css.last_mut() {
            style.css.push_str(text);
        }
    }
}

impl PageScan {
    /// Take in what a document inside this one (`within`: `<iframe srcdoc>`,
    /// `<noscript>`) loads, runs and breaks; not its ids, quick exit or policy.
    fn absorb(&mut self, inner: PageScan, within: &str) {
        let inside = |element: String| format!("{within}: {element}");
        for url in inner.urls.iter() {
            let inside_within = match url.within {
                "" => within.to_string(),
                inner => inside(inner.to_string()),
            };
            self.urls.push(FoundUrl {
                within: &inside_within,
                ..url
            });
        }
        self.event_handlers
            .extend(inner.event_handlers.into_iter().map(inside));
        self.inline_scripts += inner.inline_scripts;
        self.inline_css
            .extend(inner.inline_css.into_iter().map(|c| InlineCss {
                element: inside(c.element),
                css: c.css,
            }));
        self.breaches
            .extend(inner.breaches.into_iter().map(|b| Breach {
                element: inside(b.element),
                ..b
            }));
        self.foreign_objects += inner.foreign_objects;
        if self.unreadable.is_none() {
            self.unreadable = inner.unreadable;
        }
    }

    /// Add what the page holds only for a browser with JavaScript off (the
    /// scan `off`, with `<noscript>` read as markup): what it loads and
    /// breaks there, and whether its quick exit, emergency notice and
    /// policies are still there and first.
    fn merge_without_js(&mut self, off: PageScan) {
        self.ids.extend(&off.ids);
        self.has_quick_exit &= off.has_quick_exit;
        self.has_emergency &= off.has_emergency;
        self.no_referrer &= off.no_referrer;
        if off.policies.is_empty() {
            self.policies.clear();
        } else {
            let more = extras(&self.policies, off.policies);
            self.policies.extend(more);
        }
        if self.first_focusable.as_ref().is_some_and(|f| f.quick_exit) {
            if let Some(first) = off.first_focusable.filter(|f| !f.quick_exit) {
                self.first_focusable = Some(Focusable {
                    without_js: true,
                    ..first
                });
            }
        }
        // Scripts do not run without JavaScript: their count is not taken in.
        let only_without_js = PageScan {
            urls: extras(&self.urls.iter().collect::<Vec<_>>(), off.urls.iter())
                .into_iter()
                .collect(),
            event_handlers: extras(&self.event_handlers, off.event_handlers),
            inline_css: extras(&self.inline_css, off.inline_css),
            breaches: extras(&self.breaches, off.breaches),
            foreign_objects: off.foreign_objects.saturating_sub(self.foreign_objects),
            unreadable: off.unreadable,
            ..PageScan::default()
        };
        self.absorb(only_without_js, "<noscript>");
    }
}

/// The items of `more` that `have` lacks, counting repeats.
fn extras<T: Eq + Hash>(have: &[T], more: impl IntoIterator<Item = T>) -> Vec<T> {
    let mut counts: HashMap<&T, usize> = HashMap::new();
    for item in have {
        *counts.entry(item).or_default() += 1;
    }
    more.into_iter()
        .filter(|item| match counts.get_mut(item) {
            Some(n) if *n > 0 => {
                *n -= 1;
                false
            }
            _ => true,
        })
        .collect()
}

/// Tab reaches the element: a link, a form field, `summary`, `iframe`, media
/// with controls, editable content or `tabindex` ≥ 0; not when it is `hidden`,
/// disabled or has a negative `tabindex`. (Hidden ancestors are not tracked:
/// an element inside one counts, which errs on the side of a finding.)
fn focusable(attrs: &Attrs<'_>, tag: &str) -> bool {
    let tabindex = attrs
        .get("tabindex")
        .and_then(|t| t.trim().parse::<i64>().ok());
    if tabindex.is_some_and(|t| t < 0) || attrs.has("hidden") {
        return false;
    }
    if tabindex.is_some() {
        return true;
    }
    let enabled = !attrs.has("disabled");
    match tag {
        "a" | "area" => attrs.has("href"),
        "button" | "select" | "textarea" => enabled,
        "input" => {
            enabled
                && !attrs
                    .get("type")
                    .is_some_and(|t| t.trim().eq_ignore_ascii_case("hidden"))
        }
        "summary" | "iframe" => true,
        "audio" | "video" => attrs.has("controls"),
        _ => attrs
            .get("contenteditable")
            .is_some_and(|v| !v.trim().eq_ignore_ascii_case("false")),
    }
}

/// Scan one page, as browsers read it with JavaScript on and, when it has
/// `<noscript>`, with JavaScript off. Malformed HTML is read as browsers
/// read it; markup the streaming parser cannot read unambiguously (a
/// `<style>` inside `<select>`) is recorded in `unreadable`, and the scan
/// holds what came before it.
pub fn scan(html: &[u8]) -> PageScan {
    let mut scan = scan_at(html, 0);
    // Kept for the whole build: only what was found.
    scan.urls.shrink_to_fit();
    scan.ids.seal();
    scan
}

/// Scan a document `depth` `srcdoc` documents deep.
fn scan_at(html: &[u8], depth: usize) -> PageScan {
    let (mut scan, saw_noscript) = parse(html, depth);
    if saw_noscript {
        let (off, _) = parse(&noscript_as_element(html), depth);
        scan.merge_without_js(off);
    }
    scan
}

/// One pass of lol_html over a document; whether it has `<noscript>`.
fn parse(html: &[u8], depth: usize) -> (PageScan, bool) {
    let scanner = RefCell::new(Scanner {
        depth,
        ..Scanner::default()
    });
    let result = {
        let mut rewriter = HtmlRewriter::new(
            Settings {
                element_content_handlers: vec![
                    element!("*", |el| {
                        scanner.borrow_mut().element(el);
                        Ok(())
                    }),
                    text!("script", |t| {
                        scanner.borrow_mut().script_text(t.as_str());
                        Ok(())
                    }),
                    text!("style", |t| {
                        scanner.borrow_mut().style_text(t.as_str());
                        Ok(())
                    }),
                ],
                document_content_handlers: vec![doc_comments!(|c| {
                    scanner.borrow_mut().comment(&c.text());
                    Ok(())
                })],
                ..Settings::new()
            },
            |_: &[u8]| {},
        );
        rewriter.write(html).and_then(|()| rewriter.end())
    };
    let scanner = scanner.into_inner();
    let mut scan = scanner.scan;
    scan.unreadable = result.err().map(|e| e.to_string());
    (scan, scanner.saw_noscript)
}

/// The page as a browser with JavaScript off parses it. lol_html reads the
/// inside of `<noscript>` as text, as a browser with JavaScript on does; with
/// it off, browsers read it as markup. Each `<noscript>` and `</noscript>` tag
/// is renamed to an element that holds markup; nothing else changes (a
/// rename inside an attribute or a comment changes no element).
fn noscript_as_element(html: &[u8]) -> Vec<u8> {
    const NAME: &[u8] = b"noscript";
    let mut out = Vec::with_capacity(html.len() + 64);
    let mut rest = html;
    while let Some(at) = rest.iter().position(|&b| b == b'<') {
        let (before, tag) = rest.split_at(at + 1);
        out.extend_from_slice(before);
        let slash = usize::from(tag.first() == Some(&b'/'));
        let name = &tag[slash..];
        let renamed = name.len() >= NAME.len()
            && name[..NAME.len()].eq_ignore_ascii_case(NAME)
            && name
                .get(NAME.len())
                .is_none_or(|&b| b.is_ascii_whitespace() || b == b'/' || b == b'>');
        if renamed {
            out.extend_from_slice(&tag[..slash]);
            out.extend_from_slice(RENAMED_NOSCRIPT.as_bytes());
            rest = &name[NAME.len()..];
        } else {
            rest = tag;
        }
    }
    out.extend_from_slice(rest);
    out
}

/// Scan every HTML page of a site, in parallel.
pub fn scan_all(files: &BTreeMap<String, Vec<u8>>) -> BTreeMap<String, PageScan> {
    use rayon::prelude::*;
    files
        .par_iter()
        .filter(|(path, _)| is_page(path))
        .map(|(path, bytes)| (path.clone(), scan(bytes)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scan_reads_urls_code_and_signposts() {
        let scan = scan(
            br#"<!doctype html><html><head>
            <meta http-equiv="Content-Security-Policy" content="default-src 'none'">
            <meta http-equiv=refresh content="0; url=/new/">
            <link rel="Stylesheet" href=/a.css><style>p { color: red }</style>
            <script>go()</script><script src=/x.js></script><script> </script>
            </head><body><input type=hidden name=x><a href=/ tabindex=-1>x</a>
            <a href=https://www.bbc.co.uk/ data-signpost=quick-exit>Leave</a>
            <div data-signpost=emergency onclick="x()" style="color: red"></div>
            <img srcset="a.png 1x, https://c.org/b.png 2x"><video poster=p.png></video>
            <form action=https://f.org/></form><div data=not-a-url action=nor-this></div>
            "#,
        );
        let urls: Vec<(&str, &str, &str)> = scan
            .urls
            .iter()
            .map(|u| (u.tag, u.attribute, u.url))
            .collect();
        assert_eq!(
            urls,
            [
                ("meta", "content", "/new/"),
                ("link", "href", "/a.css"),
                ("script", "src", "/x.js"),
                ("a", "href", "/"),
                ("a", "href", "https://www.bbc.co.uk/"),
                ("img", "srcset", "a.png"),
                ("img", "srcset", "https://c.org/b.png"),
                ("video", "poster", "p.png"),
                ("form", "action", "https://f.org/"),
            ]
        );
        assert_eq!(scan.urls.iter().nth(1).map(|u| u.rel), Some("stylesheet"));
        assert_eq!(scan.inline_scripts, 1);
        assert_eq!(scan.event_handlers, ["<div onclick=\"x()\">"]);
        let css: Vec<(&str, &str)> = scan
            .inline_css
            .iter()
            .map(|c| (c.element.as_str(), c.css.as_str()))
            .collect();
        assert_eq!(
            css,
            [
                ("<style>", "p { color: red }"),
                ("<div style=\"color: red\">", "color: red")
            ]
        );
        assert_eq!(
            scan.first_focusable,
            Some(Focusable {
                element: "<a data-signpost=\"quick-exit\" href=\"https://www.bbc.co.uk/\">".into(),
                quick_exit: true,
                without_js: false,
            })
        );
        assert!(scan.has_quick_exit && scan.has_emergency);
        assert_eq!(scan.policies, ["default-src 'none'"]);
        assert_eq!(scan.unreadable, None);
    }

    #[test]
    fn attributes_are_read_in_any_case_and_first_wins() {
        let scan = scan(
            br#"<A HREF=/first Href=/second REL="NoFollow" ID=top OnClick="a()" STYLE="color: red" onmouseover=b() data-signpost=quick-exit>x</A>
            <IMG SrcSet="a.png 1x" SRC=b.png><META HTTP-EQUIV=Refresh CONTENT="0; url=/moved/">
            <SCRIPT SRC=/x.js>go()</SCRIPT><INPUT TYPE=HIDDEN>"#,
        );
        let urls: Vec<(&str, &str, &str, &str)> = scan
            .urls
            .iter()
            .map(|u| (u.tag, u.attribute, u.url, u.rel))
            .collect();
        assert_eq!(
            urls,
            [
                ("a", "href", "/first", "nofollow"),
                ("img", "src", "b.png", ""),
                ("img", "srcset", "a.png", ""),
                ("meta", "content", "/moved/", ""),
                ("script", "src", "/x.js", ""),
            ]
        );
        assert!(scan.ids.contains("top"));
        assert_eq!(
            scan.event_handlers,
            ["<a onclick=\"a()\">", "<a onmouseover=\"b()\">"]
        );
        assert_eq!(scan.inline_css.len(), 1);
        assert_eq!(scan.inline_css[0].element, "<a style=\"color: red\">");
        assert_eq!(scan.inline_scripts, 0);
        assert!(scan.has_quick_exit);
        assert_eq!(
            scan.first_focusable,
            Some(Focusable {
                element: "<a data-signpost=\"quick-exit\" href=\"/first\">".into(),
                quick_exit: true,
                without_js: false,
            })
        );
    }

    #[test]
    fn first_focusable_skips_what_tab_skips() {
        let first = |body: &str| scan(body.as_bytes()).first_focusable.map(|f| f.element);
        assert_eq!(
            first("<a name=x>x</a><button disabled>b</button><div hidden tabindex=0></div><p>"),
            None
        );
        assert_eq!(
            first("<div tabindex=0>x</div>").as_deref(),
            Some("<div tabindex=\"0\">")
        );
        assert_eq!(
            first("<details><summary>x</summary></details>").as_deref(),
            Some("<summary>")
        );
        assert_eq!(
            first("<video controls></video>").as_deref(),
            Some("<video>")
        );
        assert_eq!(
            first("<input type=search id=q>").as_deref(),
            Some("<input type=\"search\" id=\"q\">")
        );
    }

    #[test]
    fn unreadable_markup_is_recorded() {
        let scan = scan(b"<select><style>p{}</style></select>");
        assert!(scan.unreadable.is_some());
    }

    #[test]
    fn describe_shortens_long_values() {
        let long = "x".repeat(100);
        let shown = describe("img", &[("src", &long)]);
        assert!(
            shown.ends_with("…\">") && shown.chars().count() < 100,
            "{shown}"
        );
        assert_eq!(
            describe("a", &[("title", "a\"b")]),
            "<a title=\"a&quot;b\">"
        );
    }
}
