//! An element's attributes as the audit reads them: each name in lower
//! case, each value with character references decoded on first use; and an
//! element written out for a message.

use lol_html::html_content::{Attribute, Element};
use std::cell::OnceCell;

/// One attribute of an element: its name in lower case and its value with
/// character references (`&amp;`, `&#104;`) decoded, read from lol_html on
/// first use (most values, e.g. `class`, are never needed).
pub(crate) struct Attr<'a> {
    pub(crate) name: String,
    attribute: &'a Attribute<'a>,
    value: OnceCell<String>,
}

impl Attr<'_> {
    pub(crate) fn value(&self) -> &str {
        // lol_html gives the value as written; browsers decode it.
        self.value
            .get_or_init(|| htmlize::unescape_attribute(self.attribute.value()).into_owned())
    }
}

/// An element's attributes, read once. lol_html's `get_attribute` lowercases
/// the name, searches and copies the value anew on every call, and the scan
/// asks about fifteen names per element.
pub(crate) struct Attrs<'a>(pub(crate) Vec<Attr<'a>>);

impl<'a> Attrs<'a> {
    pub(crate) fn read(el: &'a Element<'_, '_>) -> Self {
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
    pub(crate) fn get(&self, name: &str) -> Option<&str> {
        self.0.iter().find(|a| a.name == name).map(Attr::value)
    }

    pub(crate) fn has(&self, name: &str) -> bool {
        self.0.iter().any(|a| a.name == name)
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
