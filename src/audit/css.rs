//! URLs inside CSS, found with a real CSS tokenizer: `url(…)`, `@import`,
//! `image-set("…")` and `src("…")`, at any depth (inside `@media`, rules and
//! functions). Comments and strings elsewhere are not URLs.

use cssparser::{ParseError, Parser, ParserInput, Token};

/// One URL of a stylesheet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CssUrl {
    pub url: String,
    /// Named by `@import` (a whole stylesheet), not `url()` in a property.
    pub import: bool,
    /// 1-based line in the CSS text.
    pub line: u32,
}

/// Every URL the CSS text loads.
pub fn urls(css: &str) -> Vec<CssUrl> {
    let mut input = ParserInput::new(css);
    let mut parser = Parser::new(&mut input);
    let mut found = Vec::new();
    walk(&mut parser, Inside::Other, false, &mut found);
    found
}

/// What kind of block the tokenizer is in: inside `url("…")`, `src("…")` and
/// `image-set("…" 1x)` a string is a URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Inside {
    UrlFunction,
    Other,
}

fn walk(parser: &mut Parser<'_, '_>, inside: Inside, import: bool, found: &mut Vec<CssUrl>) {
    // `@import` names its stylesheet in the token right after it.
    let mut after_import = import;
    while let Ok(token) = parser.next() {
        let token = token.clone();
        let line = parser.current_source_location().line + 1;
        let mut push = |url: &str| {
            found.push(CssUrl {
                url: url.to_string(),
                import: after_import,
                line,
            })
        };
        let nested = match &token {
            Token::UnquotedUrl(url) => {
                push(url);
                None
            }
            Token::QuotedString(url) if after_import || inside == Inside::UrlFunction => {
                push(url);
                None
            }
            Token::Function(name) => Some(if is_url_function(name) {
                Inside::UrlFunction
            } else {
                Inside::Other
            }),
            Token::ParenthesisBlock | Token::SquareBracketBlock | Token::CurlyBracketBlock => {
                Some(Inside::Other)
            }
            _ => None,
        };
        if let Some(kind) = nested {
            let import = after_import;
            let _ = parser.parse_nested_block(|p| {
                walk(p, kind, import, found);
                Ok::<(), ParseError<'_, ()>>(())
            });
        }
        after_import =
            matches!(&token, Token::AtKeyword(name) if name.eq_ignore_ascii_case("import"));
    }
}

fn is_url_function(name: &str) -> bool {
    ["url", "src", "image-set", "-webkit-image-set"]
        .iter()
        .any(|f| name.eq_ignore_ascii_case(f))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(css: &str) -> Vec<(String, bool, u32)> {
        urls(css)
            .into_iter()
            .map(|u| (u.url, u.import, u.line))
            .collect()
    }

    #[test]
    fn url_forms() {
        let css = "@import url(\"https://a.org/x.css\");\n@import 'https://b.org/y.css' screen;\n\
                   body { background: url(https://c.org/bg.png) }\n\
                   @media print { .x { background-image: URL( 'https://d.org/p.png' ) } }\n\
                   .y { background: image-set(\"https://e.org/1.png\" 1x, url(f.png) 2x) }\n\
                   @font-face { src: url(/fonts/a.woff2) format(\"woff2\") }";
        assert_eq!(
            found(css),
            [
                ("https://a.org/x.css".into(), true, 1),
                ("https://b.org/y.css".into(), true, 2),
                ("https://c.org/bg.png".into(), false, 3),
                ("https://d.org/p.png".into(), false, 4),
                ("https://e.org/1.png".into(), false, 5),
                ("f.png".into(), false, 5),
                ("/fonts/a.woff2".into(), false, 6),
            ]
        );
    }

    #[test]
    fn strings_and_comments_are_not_urls() {
        let css = "/* url(https://a.org/x.png) @import 'https://b.org/' */\n\
                   .q::before { content: \"https://c.org/\" }\n\
                   .r { font-family: \"url(https://d.org/)\" }";
        assert!(found(css).is_empty(), "{:?}", found(css));
    }

    #[test]
    fn broken_css_is_read_as_far_as_it_goes() {
        assert_eq!(
            found("a { background: url(https://a.org/x.png"),
            [("https://a.org/x.png".into(), false, 1)]
        );
        assert!(found("}}}{{{ ((( ").is_empty());
    }
}
