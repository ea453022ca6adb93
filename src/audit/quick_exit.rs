//! Safety rules: the quick exit link is the first thing Tab reaches on every
//! page, and the emergency notice is on every page when the site lists
//! emergency services, and a page that tells visitors what the quick exit
//! does to the history says what its quick exit script is set to do.
//! Redirect pages (a `<meta http-equiv="refresh">` to the site itself, after
//! 0 seconds) are exempt: nobody reads them.

use super::urls::Origins;
use super::{Finding, PageScan};

/// A page that only sends the visitor on to another page of the site, at
/// once (not after a delay, nor only with JavaScript off).
pub fn is_redirect(scan: &PageScan, origins: &Origins) -> bool {
    scan.redirects
        .iter()
        .any(|url| origins.foreign_host(url).is_none())
}

/// The quick exit and emergency rules over one page.
pub fn check_page(
    page: &str,
    scan: &PageScan,
    origins: &Origins,
    require_emergency: bool,
) -> Vec<Finding> {
    if is_redirect(scan, origins) {
        return Vec::new();
    }
    let mut findings = Vec::new();
    let mut push = |message: String, hint: &str| {
        findings.push(Finding {
            page: page.to_string(),
            message,
            hint: hint.to_string(),
            ..Finding::default()
        })
    };
    let first = scan.first_focusable.as_ref();
    if !scan.has_quick_exit {
        push(
            "the page has no quick exit link (an <a href> with data-signpost=\"quick-exit\")"
                .into(),
            "include partials/quick-exit.html first thing in <body> (base.html of the theme)",
        );
    } else if !first.is_some_and(|f| f.quick_exit) {
        let reached = first.map_or("nothing".to_string(), |f| f.element.clone());
        let when = if first.is_some_and(|f| f.without_js) {
            "with JavaScript off (inside <noscript>), "
        } else {
            ""
        };
        push(
            format!("{when}the first element Tab reaches is {reached}, not the quick exit link"),
            "put the quick exit (partials/quick-exit.html) before every other link, button and form field, \
             and give it no tabindex=\"-1\" or hidden",
        );
    }
    if let Some(note) = &scan.history_note {
        if scan.history_bar.as_ref() != Some(note) {
            let bar = scan
                .history_bar
                .as_ref()
                .map_or("no data-history".to_string(), |b| {
                    format!("data-history=\"{b}\"")
                });
            push(
                format!(
                    "the page tells visitors what the quick exit does to the history for \
                     `history: {note}`, but its quick exit bar has {bar}"
                ),
                "keep data-history=\"{{ site.quick_exit.history }}\" on the quick exit bar \
                 (partials/quick-exit.html), so the script does what the page says",
            );
        }
    }
    if require_emergency && !scan.has_emergency {
        push(
            "the page has no emergency notice (an element with data-signpost=\"emergency\")".into(),
            "include partials/emergency.html on every page: site.yaml lists emergency services",
        );
    }
    findings
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::scan;

    fn messages(html: &str, require_emergency: bool) -> Vec<String> {
        let origins = Origins::new(Some("https://example.org/"), &[]);
        check_page(
            "index.html",
            &scan(html.as_bytes()),
            &origins,
            require_emergency,
        )
        .into_iter()
        .map(|f| f.message)
        .collect()
    }

    const EXIT: &str = "<a rel=\"nofollow noreferrer\" href=https://www.bbc.co.uk/weather data-signpost=quick-exit>Leave</a>";

    #[test]
    fn the_quick_exit_comes_first() {
        assert!(messages(&format!("<body>{EXIT}<a href=/>Home</a>"), false).is_empty());
        assert_eq!(
            messages(&format!("<body><a class=logo href=/>Home</a>{EXIT}"), false),
            ["the first element Tab reaches is <a href=\"/\">, not the quick exit link"]
        );
        assert_eq!(
            messages("<body><p>text", false),
            ["the page has no quick exit link (an <a href> with data-signpost=\"quick-exit\")"]
        );
        let unreachable = EXIT.replace("<a ", "<a tabindex=-1 ");
        assert_eq!(
            messages(&format!("<body>{unreachable}"), false),
            ["the first element Tab reaches is nothing, not the quick exit link"]
        );
        let button = "<button data-signpost=quick-exit>Leave</button>";
        assert_eq!(
            messages(&format!("<body>{button}{EXIT}"), false),
            ["the first element Tab reaches is <button data-signpost=\"quick-exit\">, not the quick exit link"]
        );
    }

    #[test]
    fn the_emergency_notice_when_required() {
        let page = format!("<body>{EXIT}<p>text");
        assert!(messages(&page, false).is_empty());
        assert_eq!(
            messages(&page, true),
            ["the page has no emergency notice (an element with data-signpost=\"emergency\")"]
        );
        let with = format!("<body>{EXIT}<aside data-signpost=emergency>999</aside>");
        assert!(messages(&with, true).is_empty());
    }

    #[test]
    fn the_history_note_matches_the_quick_exit_bar() {
        let note = "<ul data-signpost=history-note data-history=single><li>Back leaves</ul>";
        let bar = |h: &str| format!("<body><div class=quick-exit data-history={h}>{EXIT}</div>");
        assert!(messages(&format!("{}{note}", bar("single")), false).is_empty());
        assert!(messages(&bar("normal"), false).is_empty());
        assert_eq!(
            messages(&format!("{}{note}", bar("normal")), false),
            [
                "the page tells visitors what the quick exit does to the history for \
              `history: single`, but its quick exit bar has data-history=\"normal\""
            ]
        );
        assert_eq!(
            messages(&format!("<body>{EXIT}{note}"), false),
            [
                "the page tells visitors what the quick exit does to the history for \
              `history: single`, but its quick exit bar has no data-history"
            ]
        );
    }

    #[test]
    fn redirect_pages_within_the_site_are_exempt() {
        let internal = "<meta http-equiv=refresh content=\"0; url=/law/\"><p>moved";
        assert!(messages(internal, true).is_empty());
        let own = "<meta http-equiv=refresh content=\"0; url=https://example.org/law/\">";
        assert!(messages(own, true).is_empty());
        let away = "<meta http-equiv=refresh content=\"0; url=https://away.net/\">";
        assert_eq!(messages(away, true).len(), 2);
    }
}
