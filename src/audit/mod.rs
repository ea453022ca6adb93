//! The audit: checks over the final HTML of a built site (or any folder of
//! HTML), with a real HTML parser. Each page is scanned once; the checks read
//! the scans. Findings name the page and the element.

pub mod css;
pub mod folder;
pub mod links;
pub mod privacy;
pub mod quick_exit;
pub mod urls;

use crate::diagnostics::Diagnostic;
use lol_html::html_content::{Attribute, Element};
use lol_html::{element, text, HtmlRewriter, Settings};
use std::cell::{OnceCell, RefCell};
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::Path;

/// A URL found in a page, with where it was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundUrl {
    /// `a`, `img`, `link`, ...
    pub tag: String,
    /// `href`, `src`, `srcset` (one candidate each), ...
    pub attribute: &'static str,
    pub url: String,
    /// The element's `rel`, lower case; empty when it has none.
    pub rel: String,
}

/// The first element of a page that Tab reaches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Focusable {
    /// As written for a message, e.g. `<a href="/">`.
    pub element: String,
    /// It is the quick exit link.
    pub quick_exit: bool,
}

/// CSS written into a page (which the Content-Security-Policy blocks).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InlineCss {
    /// `<style>`, or the element with the `style` attribute.
    pub element: String,
    pub css: String,
}

/// What one page contains that the checks need.
#[derive(Debug, Clone, Default)]
pub struct PageScan {
    pub ids: HashSet<String>,
    pub urls: Vec<FoundUrl>,
    /// Elements with `on…` event handler attributes, e.g. `<button onclick="go()">`.
    pub event_handlers: Vec<String>,
    /// `<script>` elements without `src` that have code in them.
    pub inline_scripts: usize,
    pub inline_css: Vec<InlineCss>,
    pub first_focusable: Option<Focusable>,
    /// An `<a href data-signpost="quick-exit">` anywhere in the page.
    pub has_quick_exit: bool,
    /// An element with `data-signpost="emergency"`.
    pub has_emergency: bool,
    /// `data-history` of the sentences on what the quick exit does to the
    /// history (`data-signpost="history-note"`), and of the quick exit bar
    /// (any other element with `data-history`), which configures its script.
    pub history_note: Option<String>,
    pub history_bar: Option<String>,
    /// The content of `<meta http-equiv="Content-Security-Policy">`.
    pub csp: Option<String>,
    /// Why the parser stopped before the end of the page, if it did.
    pub unreadable: Option<String>,
}

/// A problem the audit found in the built output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// Output file, e.g. `law/index.html`.
    pub page: String,
    pub message: String,
    pub hint: String,
}

impl Finding {
    /// The finding as an error: located in the page's source file when that
    /// is known (the message then names the page), else in the page itself.
    pub fn diagnostic(&self, code: &'static str, source: Option<&Path>) -> Diagnostic {
        match source {
            Some(file) => Diagnostic::error(code, format!("{} (in {})", self.message, self.page))
                .in_file(file),
            None => Diagnostic::error(code, self.message.clone()).in_file(&self.page),
        }
        .with_hint(self.hint.clone())
    }
}

/// What the privacy and quick exit checks need to know about the site.
#[derive(Debug, Clone, Default)]
pub struct AuditOptions {
    /// Third-party hosts pages may load from (`privacy.allow`): exact hosts.
    pub allow: Vec<String>,
    /// The site's address; URLs to its host are the site's own. Without it,
    /// every absolute URL is another site's.
    pub base_url: Option<String>,
    /// Every page must carry the emergency notice (the site lists emergency services).
    pub require_emergency: bool,
}

/// The privacy and safety audit of every page, stylesheet and script, in
/// parallel; findings come in the order of the files, then as found. With
/// `only`, just those pages (and no stylesheets or scripts).
pub fn check(
    scans: &BTreeMap<String, PageScan>,
    files: &BTreeMap<String, Vec<u8>>,
    options: &AuditOptions,
    only: Option<&BTreeSet<String>>,
) -> Vec<Finding> {
    use rayon::prelude::*;
    let origins = urls::Origins::new(options.base_url.as_deref(), &options.allow);
    let chosen = chosen(scans, only);
    let pages = chosen.par_iter().flat_map_iter(|&(page, scan)| {
        let mut findings = privacy::check_page(page, scan, &origins);
        findings.extend(quick_exit::check_page(
            page,
            scan,
            &origins,
            options.require_emergency,
        ));
        findings
    });
    let others = files
        .par_iter()
        .filter(|_| only.is_none())
        .flat_map_iter(|(path, bytes)| {
            let text = || String::from_utf8_lossy(bytes);
            if path.ends_with(".css") {
                privacy::check_stylesheet(path, &text(), &origins)
            } else if path.ends_with(".js") || path.ends_with(".mjs") {
                privacy::check_script(path, &text())
            } else {
                Vec::new()
            }
        });
    // `collect` keeps the order of the sequence: pages, then other files.
    pages.chain(others).collect()
}

/// The scans of the pages in `only` (all: None), in page order.
pub(crate) fn chosen<'a>(
    scans: &'a BTreeMap<String, PageScan>,
    only: Option<&BTreeSet<String>>,
) -> Vec<(&'a String, &'a PageScan)> {
    match only {
        None => scans.iter().collect(),
        Some(pages) => pages
            .iter()
            .filter_map(|p| scans.get_key_value(p))
            .collect(),
    }
}

/// Attributes that hold one URL, and the element they belong to (None: any).
const URL_ATTRIBUTES: [(&str, Option<&str>); 9] = [
    ("href", None),
    ("src", None),
    ("xlink:href", None),
    ("background", None),
    ("poster", Some("video")),
    ("data", Some("object")),
    ("action", Some("form")),
    ("formaction", Some("button")),
    ("formaction", Some("input")),
];

/// The state of one scan while lol_html walks the page.
#[derive(Default)]
struct Scanner {
    scan: PageScan,
    /// The `<script>` being read has no `src` and no code seen yet.
    script_inline: bool,
}

/// One attribute of an element: its name in lower case and its value, read
/// from lol_html on first use (most values, e.g. `class`, are never needed).
struct Attr<'a> {
    name: String,
    attribute: &'a Attribute<'a>,
    value: OnceCell<String>,
}

impl Attr<'_> {
    fn value(&self) -> &str {
        self.value.get_or_init(|| self.attribute.value())
    }
}

/// An element's attributes, read once. lol_html's `get_attribute` lowercases
/// the name, searches and copies the value anew on every call, and the scan
/// asks about fifteen names per element.
struct Attrs<'a>(Vec<Attr<'a>>);

impl<'a> Attrs<'a> {
    fn read(el: &'a Element<'_, '_>) -> Self {
        Attrs(
            el.attributes()
                .iter()
                .map(|attribute| Attr {
                    name: attribute.name(),
                    attribute,
                    value: OnceCell::new(),
                })
                .collect(),
        )
    }

    /// The value of the first attribute of that name, as `get_attribute` gives it.
    fn get(&self, name: &str) -> Option<&str> {
        self.0.iter().find(|a| a.name == name).map(Attr::value)
    }

    fn has(&self, name: &str) -> bool {
        self.0.iter().any(|a| a.name == name)
    }
}

impl Scanner {
    fn element(&mut self, el: &Element<'_, '_>) {
        let tag = el.tag_name();
        let attrs = Attrs::read(el);
        if let Some(id) = attrs.get("id") {
            self.scan.ids.insert(id.to_string());
        }
        if tag == "a" {
            if let Some(name) = attrs.get("name") {
                self.scan.ids.insert(name.to_string());
            }
        }
        self.record_urls(&attrs, &tag);
        self.record_inline_code(&attrs, &tag);
        if tag == "meta" {
            self.record_meta(&attrs);
        }
        self.record_signposts(&attrs, &tag);
    }

    fn record_urls(&mut self, attrs: &Attrs<'_>, tag: &str) {
        // Lowercased only for an element that has a URL: most have none.
        let mut rel: Option<String> = None;
        let mut push = |attribute: &'static str, url: String| {
            let rel = rel
                .get_or_insert_with(|| {
                    attrs
                        .get("rel")
                        .map(str::to_ascii_lowercase)
                        .unwrap_or_default()
                })
                .clone();
            self.scan.urls.push(FoundUrl {
                tag: tag.to_string(),
                attribute,
                url,
                rel,
            })
        };
        for (attribute, only_on) in URL_ATTRIBUTES {
            if only_on.is_none_or(|t| t == tag) {
                if let Some(url) = attrs.get(attribute) {
                    push(attribute, url.to_string());
                }
            }
        }
        if let Some(set) = attrs.get("srcset") {
            for url in urls::srcset(set) {
                push("srcset", url);
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

    fn record_meta(&mut self, attrs: &Attrs<'_>) {
        let equiv = attrs.get("http-equiv").unwrap_or_default();
        let content = attrs.get("content").unwrap_or_default();
        if equiv.trim().eq_ignore_ascii_case("content-security-policy") {
            self.scan.csp = Some(content.to_string());
        } else if equiv.trim().eq_ignore_ascii_case("refresh") {
            if let Some(url) = urls::refresh_target(content) {
                self.scan.urls.push(FoundUrl {
                    tag: "meta".into(),
                    attribute: "content",
                    url,
                    rel: String::new(),
                });
            }
        }
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

/// An element as a message shows it: `<img src="https://cdn.example.com/x.png">`,
/// long values shortened.
pub fn describe(tag: &str, attributes: &[(&str, &str)]) -> String {
    let mut out = format!("<{tag}");
    for (name, value) in attributes {
        let value: String = if value.chars().count() > 80 {
            value.chars().take(77).chain("…".chars()).collect()
        } else {
            value.to_string()
        };
        out.push_str(&format!(" {name}=\"{}\"", value.replace('"', "&quot;")));
    }
    out.push('>');
    out
}

/// Scan one page. Malformed HTML is read as browsers read it; markup the
/// streaming parser cannot read unambiguously (a `<style>` inside `<select>`)
/// is recorded in `unreadable`, and the scan holds what came before it.
pub fn scan(html: &[u8]) -> PageScan {
    let scanner = RefCell::new(Scanner::default());
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
                ..Settings::new()
            },
            |_: &[u8]| {},
        );
        rewriter.write(html).and_then(|()| rewriter.end())
    };
    let mut scan = scanner.into_inner().scan;
    scan.unreadable = result.err().map(|e| e.to_string());
    scan
}

/// Is this output file an HTML page?
pub(crate) fn is_page(path: &str) -> bool {
    path.ends_with(".html") || path.ends_with(".htm")
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
            .map(|u| (u.tag.as_str(), u.attribute, u.url.as_str()))
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
        assert_eq!(scan.urls[1].rel, "stylesheet");
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
                quick_exit: true
            })
        );
        assert!(scan.has_quick_exit && scan.has_emergency);
        assert_eq!(scan.csp.as_deref(), Some("default-src 'none'"));
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
            .map(|u| (u.tag.as_str(), u.attribute, u.url.as_str(), u.rel.as_str()))
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
                quick_exit: true
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
