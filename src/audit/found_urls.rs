//! The URLs a page scan finds, packed: a page has dozens, and a `String`
//! for each part of each was most of a large site's memory (every page's
//! scan is kept for the link check and the audit).

/// A URL found in a page, with where it was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct FoundUrl<'a> {
    /// `a`, `img`, `link`, ...
    pub tag: &'a str,
    /// `href`, `src`, `srcset` (one candidate each), ...
    pub attribute: &'static str,
    pub url: &'a str,
    /// The element's `rel`, lower case; empty when it has none.
    pub rel: &'a str,
    /// What the element is inside, for a message: empty in the page itself,
    /// `<noscript>` (read as a browser with JavaScript off reads it) or
    /// `<iframe srcdoc>` (the document written in the attribute).
    pub within: &'a str,
}

/// The URLs of one page, in the order found: their parts one after the
/// other in one text, and where each part ends.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FoundUrls {
    text: String,
    entries: Vec<Entry>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Entry {
    attribute: &'static str,
    /// Where the tag, URL, rel and `within` end in the text; the tag starts
    /// where the entry before ends.
    ends: [usize; 4],
}

impl FoundUrls {
    pub fn push(&mut self, found: FoundUrl<'_>) {
        let mut ends = [0; 4];
        for (end, part) in ends
            .iter_mut()
            .zip([found.tag, found.url, found.rel, found.within])
        {
            self.text.push_str(part);
            *end = self.text.len();
        }
        self.entries.push(Entry {
            attribute: found.attribute,
            ends,
        });
    }

    pub fn iter(&self) -> impl Iterator<Item = FoundUrl<'_>> + '_ {
        let starts = std::iter::once(0).chain(self.entries.iter().map(|e| e.ends[3]));
        self.entries.iter().zip(starts).map(|(entry, start)| {
            let [tag, url, rel, within] = entry.ends;
            FoundUrl {
                tag: &self.text[start..tag],
                attribute: entry.attribute,
                url: &self.text[tag..url],
                rel: &self.text[url..rel],
                within: &self.text[rel..within],
            }
        })
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Give back what the scan reserved beyond what it found.
    pub fn shrink_to_fit(&mut self) {
        self.text.shrink_to_fit();
        self.entries.shrink_to_fit();
    }
}

impl<'a> FromIterator<FoundUrl<'a>> for FoundUrls {
    fn from_iter<I: IntoIterator<Item = FoundUrl<'a>>>(found: I) -> Self {
        let mut urls = FoundUrls::default();
        for url in found {
            urls.push(url);
        }
        urls
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_part_comes_back_as_pushed_even_when_empty() {
        let found = [
            FoundUrl {
                tag: "link",
                attribute: "href",
                url: "/style.css",
                rel: "stylesheet",
                within: "",
            },
            FoundUrl {
                tag: "a",
                attribute: "href",
                url: "",
                rel: "",
                within: "<noscript>",
            },
            FoundUrl {
                tag: "img",
                attribute: "srcset",
                url: "/é.png",
                rel: "",
                within: "<iframe srcdoc>: <noscript>",
            },
        ];
        let urls: FoundUrls = found.iter().copied().collect();
        assert_eq!(urls.len(), 3);
        assert_eq!(urls.iter().collect::<Vec<_>>(), found);
        assert!(FoundUrls::default().iter().next().is_none());
    }
}
