//! Minifying a rendered page: minify-html-onepass in one pass, in place,
//! several times quicker than minify-html's tree, with the spaces between
//! attributes put back; minify-html for a page onepass refuses.

/// Minify one HTML page. Inline CSS and JS are left alone (there is none).
/// onepass refuses HTML that is not well formed (a closing tag that matches
/// nothing, which a raw HTML block may bring); minify-html reads any HTML.
pub fn minify(html: &str) -> Vec<u8> {
    let mut code = html.as_bytes().to_vec();
    match minify_html_onepass::in_place(&mut code, &minify_html_onepass::Cfg::new()) {
        Ok(length) => {
            code.truncate(length);
            space_attributes(&code)
        }
        Err(_) => {
            let cfg = minify_html::Cfg {
                keep_closing_tags: true,
                keep_html_and_head_opening_tags: true,
                keep_comments: false,
                ..minify_html::Cfg::default()
            };
            minify_html::minify(html.as_bytes(), &cfg)
        }
    }
}

/// Elements whose content is text up to their closing tag, never tags.
const RAW_TEXT: [&[u8]; 8] = [
    b"script",
    b"style",
    b"textarea",
    b"title",
    b"xmp",
    b"iframe",
    b"noembed",
    b"noframes",
];

/// onepass, which only ever shortens in place, writes no space after a
/// quoted attribute value (`class="a b"id=c`): every browser reads that, but
/// it is a parse error, and a page of ours is valid HTML. This puts the
/// space back, and changes nothing else: outside tags, and inside the
/// elements of [`RAW_TEXT`], every byte is copied as it is.
fn space_attributes(html: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(html.len() + html.len() / 64);
    let mut at = 0;
    while let Some(lt) = memchr::memchr(b'<', &html[at..]).map(|i| at + i) {
        out.extend_from_slice(&html[at..lt]);
        match html.get(lt + 1) {
            Some(b) if b.is_ascii_alphabetic() => {}
            // A closing tag, a doctype: copied up to its `>`.
            Some(b'/' | b'!' | b'?') => {
                let end = memchr::memchr(b'>', &html[lt..]).map_or(html.len(), |i| lt + i + 1);
                out.extend_from_slice(&html[lt..end]);
                at = end;
                continue;
            }
            // A `<` in text.
            _ => {
                out.push(b'<');
                at = lt + 1;
                continue;
            }
        }
        let name_end = html[lt + 1..]
            .iter()
            .position(|b| b.is_ascii_whitespace() || matches!(b, b'/' | b'>'))
            .map_or(html.len(), |i| lt + 1 + i);
        let name = &html[lt + 1..name_end];
        at = copy_tag(html, lt, name_end, &mut out);
        if let Some(raw) = RAW_TEXT.iter().find(|r| name.eq_ignore_ascii_case(r)) {
            let end = closing_tag(html, at, raw);
            out.extend_from_slice(&html[at..end]);
            at = end;
        }
    }
    out.extend_from_slice(&html[at..]);
    out
}

/// Copy the start tag from `<` at `lt` (its name ends at `name_end`) into
/// `out`, with a space after each quoted value that another attribute
/// follows; where the tag ends.
fn copy_tag(html: &[u8], lt: usize, name_end: usize, out: &mut Vec<u8>) -> usize {
    out.extend_from_slice(&html[lt..name_end]);
    let mut i = name_end;
    while i < html.len() {
        let byte = html[i];
        out.push(byte);
        i += 1;
        match byte {
            b'>' => return i,
            b'"' | b'\'' if html[i - 2] == b'=' => {
                let close = memchr::memchr(byte, &html[i..]).map_or(html.len(), |j| i + j);
                let end = (close + 1).min(html.len());
                out.extend_from_slice(&html[i..end]);
                i = end;
                if html
                    .get(i)
                    .is_some_and(|b| !b.is_ascii_whitespace() && !matches!(b, b'>' | b'/'))
                {
                    out.push(b' ');
                }
            }
            _ => {}
        }
    }
    i
}

/// Where the text of a raw text element that starts at `from` ends: at its
/// closing tag `</name` in any case, or at the end of the page.
fn closing_tag(html: &[u8], from: usize, name: &[u8]) -> usize {
    let mut at = from;
    while let Some(i) = memchr::memmem::find(&html[at..], b"</").map(|i| at + i) {
        let candidate = html.get(i + 2..i + 2 + name.len());
        if candidate.is_some_and(|c| c.eq_ignore_ascii_case(name)) {
            return i;
        }
        at = i + 2;
    }
    html.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spaced(html: &str) -> String {
        String::from_utf8(space_attributes(html.as_bytes())).unwrap()
    }

    #[test]
    fn a_space_goes_back_after_each_quoted_value_another_attribute_follows() {
        assert_eq!(
            spaced(r#"<a class="a b"id=c title='x y'href=/z>t</a>"#),
            r#"<a class="a b" id=c title='x y' href=/z>t</a>"#
        );
        assert_eq!(spaced(r#"<img alt="a b"/>"#), r#"<img alt="a b"/>"#);
        assert_eq!(spaced(r#"<p class="a b">x</p>"#), r#"<p class="a b">x</p>"#);
    }

    #[test]
    fn quotes_and_angle_brackets_inside_values_do_not_end_them() {
        assert_eq!(
            spaced(r#"<a title="1 > 0 'so'"href=/>x</a>"#),
            r#"<a title="1 > 0 'so'" href=/>x</a>"#
        );
    }

    #[test]
    fn text_and_raw_text_are_copied_as_they_are() {
        let text = r#"<p>He said ="yes"then left</p><title>a ="b"c</title><script>x="<a b="c"d>"</script><STYLE>a="b"c</style><p a="b"c>"#;
        assert_eq!(
            spaced(text),
            r#"<p>He said ="yes"then left</p><title>a ="b"c</title><script>x="<a b="c"d>"</script><STYLE>a="b"c</style><p a="b" c>"#
        );
    }

    #[test]
    fn doctype_closing_tags_and_a_lone_angle_bracket_are_left_alone() {
        let page = r#"<!doctype html><p>1 < 2 ="x"y <a b="c"d>e</a></p><br class="a"id=b>"#;
        assert_eq!(
            spaced(page),
            r#"<!doctype html><p>1 < 2 ="x"y <a b="c" d>e</a></p><br class="a" id=b>"#
        );
    }

    #[test]
    fn a_page_onepass_refuses_is_minified_all_the_same() {
        let minified = minify("<div>\n  <p>one</p>\n</span></div>");
        assert!(
            minified.len() < 30,
            "{}",
            String::from_utf8_lossy(&minified)
        );
    }

    #[test]
    fn a_truncated_tag_ends_the_page_without_a_panic() {
        assert_eq!(spaced(r#"<a href="x"#), r#"<a href="x"#);
        assert_eq!(spaced(r#"<a b="c"#), r#"<a b="c"#);
        assert_eq!(spaced("<a"), "<a");
        assert_eq!(spaced("<"), "<");
    }
}
