//! Internal links and `#anchors`: every one must reach a file of the output
//! and, where it names an anchor, an element with that id.

use super::{Finding, OutputFiles, PageScan};
use std::borrow::Cow;

/// Check every internal link of `pages` (output file and scan) against the
/// output files, pages in parallel; findings come in the order of the pages,
/// then as found.
pub fn check(
    pages: &[(&str, &PageScan)],
    outputs: &dyn OutputFiles,
    base_path: &str,
) -> Vec<Finding> {
    use rayon::prelude::*;
    pages
        .par_iter()
        .flat_map_iter(|&(page, scan)| check_page(page, scan, outputs, base_path))
        .collect()
}

/// The internal links of one page.
fn check_page(
    page: &str,
    scan: &PageScan,
    outputs: &dyn OutputFiles,
    base_path: &str,
) -> Vec<Finding> {
    let mut findings = Vec::new();
    for found in scan.urls.iter() {
        // A ping address is told of clicks, not shown: the privacy rules refuse it.
        if !matches!(
            found.tag,
            "a" | "area" | "link" | "img" | "script" | "source"
        ) || found.attribute == "ping"
        {
            continue;
        }
        let Some((target, anchor)) = internal_target(page, found.url, base_path) else {
            continue;
        };
        let Some(target_scan) = resolve_file(target, outputs) else {
            findings.push(Finding {
                page: page.to_string(),
                message: format!(
                    "<{}> links to {}, which does not exist",
                    found.tag, found.url
                ),
                hint: "fix the link, or create the page it points to".into(),
                evidence: vec![as_written(found.url, base_path).to_string()],
                line: None,
            });
            continue;
        };
        if let Some(anchor) = anchor.filter(|a| !a.is_empty() && *a != "top") {
            let has_anchor = target_scan.is_some_and(|s| s.ids.contains(anchor));
            if !has_anchor {
                findings.push(Finding {
                    page: page.to_string(),
                    message: format!("<{}> links to {}, but that page has no heading or element with id `{anchor}`", found.tag, found.url),
                    hint: "headings get ids from their text in lower case with hyphens, e.g. `## What to do` → #what-to-do".into(),
                    // The page may be named as its file (`law.md#...`): the anchor is as written.
                    evidence: vec![format!("#{anchor}"), as_written(found.url, base_path).to_string()],
                    line: None,
                });
            }
        }
    }
    findings
}

/// A link as a page's source may hold it, to find its line: without the
/// base path the build puts before a root-relative link (`/support/law/`
/// is written `/law/`).
fn as_written<'a>(url: &'a str, base_path: &str) -> &'a str {
    match base_path.trim_end_matches('/') {
        "" => url,
        base => url
            .strip_prefix(base)
            .filter(|rest| rest.starts_with('/'))
            .unwrap_or(url),
    }
}

/// For a URL inside the site: the output path it points to (below the output
/// root, without the anchor) and the anchor. None for other sites and schemes.
fn internal_target<'a>(
    page: &str,
    url: &'a str,
    base_path: &str,
) -> Option<(String, Option<&'a str>)> {
    // The characters looked for have no case, so the URL is not lowercased.
    if url.starts_with("//")
        || url
            .split_once(':')
            .is_some_and(|(s, _)| !s.contains('/') && !s.contains('#') && !s.contains('?'))
    {
        return None;
    }
    let (path, anchor) = match url.split_once('#') {
        Some((p, a)) => (p, Some(a)),
        None => (url, None),
    };
    let path = path.split('?').next().unwrap_or("");
    let joined: Cow<str> = if path.is_empty() {
        page.into()
    } else if let Some(rooted) = path.strip_prefix('/') {
        let base = base_path.trim_start_matches('/');
        match rooted.strip_prefix(base) {
            Some(inside) => inside.into(),
            // A root-relative link outside the base path leaves the site's folder.
            None => return Some((format!("../{rooted}"), anchor)),
        }
    } else {
        let dir = page.rsplit_once('/').map_or("", |(d, _)| d);
        format!("{dir}/{path}").into()
    };
    let mut parts: Vec<&str> = Vec::new();
    for segment in joined.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                if parts.pop().is_none() {
                    return Some(("../".into(), anchor));
                }
            }
            s => parts.push(s),
        }
    }
    let mut target = parts.join("/");
    if joined.ends_with('/') && !target.is_empty() {
        target.push('/');
    }
    Some((percent_decode(target), anchor))
}

/// Whether a target names an output file (itself, or its `index.html`), and
/// that file's scan when it is a page.
fn resolve_file(mut target: String, outputs: &dyn OutputFiles) -> Option<Option<&PageScan>> {
    let file = |name: &str| outputs.find(name);
    if target.is_empty() || target.ends_with('/') {
        target.push_str("index.html");
        return file(&target);
    }
    file(&target).or_else(|| {
        target.push_str("/index.html");
        file(&target)
    })
}

fn percent_decode(text: String) -> String {
    // Most links have no escapes: keep the text as it is.
    if !text.contains('%') {
        return text;
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            // `get`: the two bytes after `%` may end inside a character (`%aé`).
            let hex = text.get(i + 1..i + 3);
            if let Some(b) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_resolve_against_page_and_base() {
        assert_eq!(
            internal_target("law/index.html", "/s/law/#x", "/s/"),
            Some(("law/".into(), Some("x")))
        );
        assert_eq!(
            internal_target("law/index.html", "../about/", "/"),
            Some(("about/".into(), None))
        );
        assert_eq!(
            internal_target("law/index.html", "#a", "/"),
            Some(("law/index.html".into(), Some("a")))
        );
        assert_eq!(internal_target("a/index.html", "https://x.org/", "/"), None);
        assert_eq!(internal_target("a/index.html", "tel:999", "/"), None);
        assert_eq!(percent_decode("a%20b".into()), "a b");
        assert_eq!(percent_decode("%aé".into()), "%aé");
    }
}
