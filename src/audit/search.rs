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

/// What the audit reads of an index file.
#[derive(serde::Deserialize)]
struct ListedIndex {
    #[serde(default)]
    base: String,
    #[serde(default)]
    pages: Vec<Listed>,
}

/// A page the index lists: its address, then what a result shows (not read).
struct Listed(String);

impl<'de> serde::Deserialize<'de> for Listed {
    fn deserialize<D: serde::Deserializer<'de>>(reader: D) -> Result<Self, D::Error> {
        struct Entry;
        impl<'de> serde::de::Visitor<'de> for Entry {
            type Value = Listed;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a page: its address, then what a result shows")
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<Listed, A::Error> {
                let address: String = seq.next_element()?.unwrap_or_default();
                while seq.next_element::<serde::de::IgnoredAny>()?.is_some() {}
                Ok(Listed(address))
            }
        }
        reader.deserialize_seq(Entry)
    }
}

/// The problems of the index file at `path` among the output files.
pub fn check(path: &str, bytes: &[u8], outputs: &dyn OutputFiles) -> Vec<Finding> {
    // Read as just what is checked: a value of every title and heading of
    // 100,000 pages took 100 MB.
    let index: ListedIndex = match serde_json::from_slice(bytes) {
        Ok(index) => index,
        Err(e) => {
            return vec![finding(
                path,
                format!("the search index cannot be read: {e}"),
                HINT,
            )]
        }
    };
    let base = index.base;
    let mut findings = Vec::new();
    if base.contains(':') || base.starts_with("//") {
        findings.push(finding(
            path,
            format!("the search index sends results to `{base}`, another site"),
            HINT,
        ));
    }
    let pages = index.pages.iter().map(|listed| listed.0.as_str());
    for address in pages {
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
        // A page's address that is no text, an escaped one, another site's base.
        let odd = check("search/index.en.json", br#"{"pages":[[1,"X"]]}"#, &files);
        assert!(
            odd[0]
                .message
                .starts_with("the search index cannot be read"),
            "{odd:?}"
        );
        let escaped = br#"{"base":"https://x.test/","pages":[["law\/","Law"]]}"#;
        let messages: Vec<String> = check("search/index.en.json", escaped, &files)
            .into_iter()
            .map(|f| f.message)
            .collect();
        assert_eq!(
            messages,
            ["the search index sends results to `https://x.test/`, another site"]
        );
    }
}
