//! The audit: checks over the final HTML of a built site (or any folder of
//! HTML), with a real HTML parser. Each page is scanned once; the checks read
//! the scans. Findings name the page and the element.

pub mod links;

use lol_html::{element, HtmlRewriter, Settings};
use std::collections::{BTreeMap, HashSet};

/// A URL found in a page, with where it was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundUrl {
    /// `a`, `img`, `link`, ...
    pub tag: String,
    /// `href`, `src`, ...
    pub attribute: &'static str,
    pub url: String,
}

/// What one page contains that the checks need.
#[derive(Debug, Clone, Default)]
pub struct PageScan {
    pub ids: HashSet<String>,
    pub urls: Vec<FoundUrl>,
}

/// A problem the audit found in the built output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// Output file, e.g. `law/index.html`.
    pub page: String,
    pub message: String,
    pub hint: String,
}

/// Scan one page. Malformed HTML is read as browsers read it; it never fails.
pub fn scan(html: &[u8]) -> PageScan {
    let mut ids = HashSet::new();
    let mut urls = Vec::new();
    {
        let mut rewriter = HtmlRewriter::new(
            Settings {
                element_content_handlers: vec![element!("*", |el| {
                    if let Some(id) = el.get_attribute("id") {
                        ids.insert(id);
                    }
                    let tag = el.tag_name();
                    if tag == "a" {
                        if let Some(name) = el.get_attribute("name") {
                            ids.insert(name);
                        }
                    }
                    for attribute in ["href", "src"] {
                        if let Some(url) = el.get_attribute(attribute) {
                            urls.push(FoundUrl {
                                tag: tag.clone(),
                                attribute,
                                url,
                            });
                        }
                    }
                    Ok(())
                })],
                ..Settings::new()
            },
            |_: &[u8]| {},
        );
        // lol_html only fails on memory limits we do not set; a page that still
        // fails is scanned as far as it got.
        let _ = rewriter.write(html).and_then(|()| rewriter.end());
    }
    PageScan { ids, urls }
}

/// Scan every HTML page of a site, in parallel.
pub fn scan_all(files: &BTreeMap<String, Vec<u8>>) -> BTreeMap<String, PageScan> {
    use rayon::prelude::*;
    files
        .par_iter()
        .filter(|(path, _)| path.ends_with(".html"))
        .map(|(path, bytes)| (path.clone(), scan(bytes)))
        .collect()
}
