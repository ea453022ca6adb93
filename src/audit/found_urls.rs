//! The URLs a page scan finds, packed: a page has dozens, and a `String`
//! for each part of each was most of a large site's memory (every page's
//! scan is kept for the link check and the audit).

/// A URL found in a page, with where it was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct FoundUrl<'a> {
    /// `a`, `img`, `link`, ...
    pub tag: &'a str,
    /// `href`, `src`, `srcset` (one candidate each), ...
    pub attribute: &'a str,
    pub url: &'a str,
    /// The element's `rel`, lower case; empty when it has none.
    pub rel: &'a str,
    /// What the element is inside, for a message: empty in the page itself,
    /// `<noscript>` (read as a browser with JavaScript off reads it) or
    /// `<iframe srcdoc>` (the document written in the attribute).
    pub within: &'a str,
}

/// The URLs of one page, in the order found: their parts one after the
/// other in one text, and the length of each part in a few bytes (a page
/// has about fifty URLs of some twenty bytes each; the length of each
/// part as a number of its own took twice the space of the text).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FoundUrls {
    text: String,
    /// Each part's length in bytes, seven bits to a byte, the high bit set
    /// on every byte but a number's last: one byte for a part under 128.
    lengths: Vec<u8>,
    count: usize,
}

impl FoundUrls {
    pub fn push(&mut self, found: FoundUrl<'_>) {
        for part in [
            found.tag,
            found.attribute,
            found.url,
            found.rel,
            found.within,
        ] {
            self.text.push_str(part);
            let mut length = part.len();
            while length >= 0x80 {
                self.lengths.push(0x80 | (length & 0x7f) as u8);
                length >>= 7;
            }
            self.lengths.push(length as u8);
        }
        self.count += 1;
    }

    pub fn iter(&self) -> impl Iterator<Item = FoundUrl<'_>> + '_ {
        let mut lengths = self.lengths.iter();
        let mut start = 0;
        let mut part = move || {
            let mut length = 0;
            for (shift, byte) in (0..).step_by(7).zip(lengths.by_ref()) {
                length |= usize::from(byte & 0x7f) << shift;
                if byte & 0x80 == 0 {
                    break;
                }
            }
            let text = &self.text[start..start + length];
            start += length;
            text
        };
        (0..self.count).map(move |_| FoundUrl {
            tag: part(),
            attribute: part(),
            url: part(),
            rel: part(),
            within: part(),
        })
    }

    pub fn len(&self) -> usize {
        self.count
    }

    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// Give back what the scan reserved beyond what it found.
    pub fn shrink_to_fit(&mut self) {
        self.text.shrink_to_fit();
        self.lengths.shrink_to_fit();
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

    #[test]
    fn long_parts_come_back_whole() {
        // Lengths of one, two and three bytes: 127, 128, 16,384 and more.
        let (a, b, c) = ("a".repeat(127), "é".repeat(64), "x".repeat(20_000));
        let found = [
            FoundUrl {
                tag: "a",
                attribute: "href",
                url: &c,
                rel: &b,
                within: &a,
            },
            FoundUrl {
                tag: "img",
                attribute: "src",
                url: &b,
                rel: "",
                within: "",
            },
        ];
        let urls: FoundUrls = found.iter().copied().collect();
        assert_eq!(urls.iter().collect::<Vec<_>>(), found);
    }
}
