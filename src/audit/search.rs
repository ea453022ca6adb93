//! The site search's index files (`search/index.CODE.json`, see
//! `crate::search`): each page they list is a result the visitor may open,
//! so each must be a page of the site, at an address of the site itself.

use super::{Finding, OutputFiles};

/// A language's main index file: `index.CODE.json` in a `search/` folder
/// (its letter files, `index.CODE.L.json`, list no pages).
pub fn is_index(path: &str) -> bool {
    let (folder, name) = path.rsplit_once('/').unwrap_or(("", path));
    let folder_ok = folder == "search" || folder.ends_with("/search");
    let code = name
        .strip_prefix("index.")
        .and_then(|n| n.strip_suffix(".json"));
    folder_ok && code.is_some_and(|c| !c.is_empty() && !c.contains('.'))
}

fn finding(path: &str, message: String, hint: &str) -> Finding {
    Finding {
        page: path.to_string(),
        message,
        hint: hint.to_string(),
        ..Finding::default()
    }
}

const HINT: &str =
    "build the site again with signpost: it writes the index from the site's own pages";

/// The problems of the index file at `path` among the output files (`names`).
pub fn check(path: &str, bytes: &[u8], outputs: &dyn OutputFiles) -> Vec<Finding> {
    let index: serde_json::Value = match serde_json::from_slice(bytes) {
        Ok(index) => index,
        Err(e) => {
            return vec![finding(
                path,
                format!("the search index is not JSON: {e}"),
                HINT,
            )]
        }
    };
    let base = index["base"].as_str().unwrap_or_default();
    let mut findings = Vec::new();
    if base.contains(':') || base.starts_with("//") {
        findings.push(finding(
            path,
            format!("the search index sends results to `{base}`, another site"),
            HINT,
        ));
    }
    let pages = index["pages"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default();
    for page in pages {
        let address = page[0].as_str().unwrap_or_default();
        let foreign = address.contains(':') || address.starts_with('/');
        let missing = outputs.find(&format!("{address}index.html")).is_none();
        if foreign || missing {
            findings.push(finding(
                path,
                format!("the search index lists `{address}`, which is no page of the site"),
                HINT,
            ));
        }
    }
    findings
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::OutputIndex;

    #[test]
    fn index_files_are_known_by_name() {
        assert!(is_index("search/index.en-gb.json"));
        assert!(is_index("cy/search/index.cy.json"));
        assert!(!is_index("search/index.en-gb.r.json"));
        assert!(!is_index("data/index.en.json"));
    }

    #[test]
    fn every_listed_page_must_be_a_page_of_the_site() {
        let files: OutputIndex = [("law/index.html", None)].into_iter().collect();
        let index =
            br#"{"base":"/","pages":[["law/","Law"],["gone/","Gone"],["https://x.test/","X"]]}"#;
        let messages: Vec<String> = check("search/index.en.json", index, &files)
            .into_iter()
            .map(|f| f.message)
            .collect();
        assert_eq!(
            messages,
            [
                "the search index lists `gone/`, which is no page of the site",
                "the search index lists `https://x.test/`, which is no page of the site",
            ]
        );
        assert_eq!(check("search/index.en.json", b"{", &files).len(), 1);
    }
}
