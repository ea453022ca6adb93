//! HTML text: the one escaper of text and attribute values, used by Markdown,
//! templates (Tera's escape function), the security meta tags, the sitemap
//! and `serve`'s error page.

/// Escape text for an HTML attribute or text node.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}
