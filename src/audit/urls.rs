//! URL syntax the audit needs, read the way browsers read it: the scheme and
//! host a URL reaches, which hosts count as the site's own or as allowed,
//! `srcset` candidates, and the target of `<meta http-equiv="refresh">`.

use std::borrow::Cow;

/// A URL as a browser sees it: surrounding spaces and control characters
/// trimmed, tabs and newlines inside removed, `\` read as `/`. Borrowed when
/// nothing inside changes, as for almost every URL.
fn cleaned(url: &str) -> Cow<'_, str> {
    let url = url.trim_matches(|c: char| c <= ' ');
    if !url.contains(['\t', '\n', '\r', '\\']) {
        return Cow::Borrowed(url);
    }
    url.chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .map(|c| if c == '\\' { '/' } else { c })
        .collect()
}

/// The scheme of an absolute URL, lower case (`https`, `data`, `javascript`).
pub fn scheme(url: &str) -> Option<String> {
    let url = cleaned(url);
    let (scheme, _) = url.split_once(':')?;
    let valid = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    valid.then(|| scheme.to_ascii_lowercase())
}

/// A URL that runs code when followed (`javascript:`, `vbscript:`).
pub fn runs_code(url: &str) -> bool {
    matches!(scheme(url).as_deref(), Some("javascript" | "vbscript"))
}

/// The host an absolute web URL (http, https, ws, wss, ftp) or a
/// protocol-relative one (`//cdn.example.com/x`) reaches: lower case, without
/// port, user or trailing dot. None for relative URLs and other schemes.
pub fn host(url: &str) -> Option<String> {
    // Only the host is lowercased: the characters that delimit it have no case.
    let url = cleaned(url);
    let rest = match url.strip_prefix("//") {
        Some(rest) => rest,
        None => {
            let scheme = scheme(&url)?;
            if !matches!(scheme.as_str(), "http" | "https" | "ws" | "wss" | "ftp") {
                return None;
            }
            &url[scheme.len() + 1..]
        }
    };
    let rest = rest.trim_start_matches('/');
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let host = if host_port.starts_with('[') {
        host_port.split_inclusive(']').next().unwrap_or(host_port)
    } else {
        host_port.split(':').next().unwrap_or("")
    };
    let host = host.trim_end_matches('.');
    (!host.is_empty()).then(|| host.to_ascii_lowercase())
}

/// The site's own host and the hosts `privacy.allow` (or `--allow`) admits.
#[derive(Debug, Clone, Default)]
pub struct Origins {
    own: Option<String>,
    allowed: Vec<String>,
}

impl Origins {
    /// `base_url` names the site's own host; `allow` lists exact hosts.
    pub fn new(base_url: Option<&str>, allow: &[String]) -> Origins {
        Origins {
            own: base_url.and_then(host),
            allowed: allow
                .iter()
                .map(|h| h.trim().trim_end_matches('.').to_ascii_lowercase())
                .collect(),
        }
    }

    /// The host of `url` when it is another site's (not relative, not the site's own).
    pub fn foreign_host(&self, url: &str) -> Option<String> {
        host(url).filter(|h| Some(h) != self.own.as_ref())
    }

    /// `privacy.allow` names this host exactly.
    pub fn allows(&self, host: &str) -> bool {
        self.allowed.iter().any(|a| a == host)
    }
}

/// The URLs of a `srcset` attribute (`a.png 1x, b.png 2x`), read as the HTML
/// standard reads it, so a URL may itself contain commas (data: URLs).
pub fn srcset(value: &str) -> Vec<String> {
    let mut urls = Vec::new();
    let mut rest = value;
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_ascii_whitespace() || c == ',');
        if rest.is_empty() {
            return urls;
        }
        let end = rest
            .find(|c: char| c.is_ascii_whitespace())
            .unwrap_or(rest.len());
        let (url, after) = rest.split_at(end);
        let trimmed = url.trim_end_matches(',');
        urls.push(trimmed.to_string());
        rest = if trimmed.len() < url.len() {
            after
        } else {
            skip_descriptors(after)
        };
    }
}

/// What follows a candidate's descriptors (`2x`, `100w`): the text after the
/// comma that ends them (commas inside parentheses do not).
fn skip_descriptors(text: &str) -> &str {
    let mut depth = 0usize;
    for (i, c) in text.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => return &text[i + 1..],
            _ => {}
        }
    }
    ""
}

/// A `<meta http-equiv="refresh">` that goes at once (after 0 seconds; the
/// fraction of a second is ignored, as browsers ignore it).
pub fn refresh_is_immediate(content: &str) -> bool {
    let rest = content.trim_start_matches(|c: char| c.is_ascii_whitespace());
    let digits = rest
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(rest.len());
    rest[..digits].bytes().all(|b| b == b'0') && refresh_target(content).is_some()
}

/// The media type of a `data:` URL, lower case (`image/png`); empty when it
/// names none (then it is text/plain).
pub fn data_type(url: &str) -> Option<String> {
    let url = cleaned(url);
    let rest = url
        .get(5..)
        .filter(|_| scheme(&url).as_deref() == Some("data"))?;
    let end = rest.find([',', ';']).unwrap_or(rest.len());
    Some(rest[..end].trim().to_ascii_lowercase())
}

/// The URL a `<meta http-equiv="refresh" content="…">` goes to
/// (`0; url=/new/`), or None when it only reloads the page.
pub fn refresh_target(content: &str) -> Option<String> {
    let rest = content.trim_start_matches(|c: char| c.is_ascii_whitespace());
    let time = rest
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(rest.len());
    if time == 0 {
        return None;
    }
    let rest = rest[time..].trim_start_matches(|c: char| c.is_ascii_whitespace());
    let rest = rest.strip_prefix([';', ',']).unwrap_or(rest).trim_start();
    let rest = match rest.get(..3) {
        Some(word) if word.eq_ignore_ascii_case("url") => rest[3..]
            .trim_start()
            .strip_prefix('=')
            .map_or(rest, str::trim_start),
        _ => rest,
    };
    let url = match rest.chars().next() {
        Some(quote @ ('\'' | '"')) => rest[1..].split(quote).next().unwrap_or(""),
        _ => rest,
    };
    let url = url.trim_end();
    (!url.is_empty()).then(|| url.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_are_read_as_browsers_read_them() {
        let host = |u: &str| host(u);
        assert_eq!(
            host("https://CDN.example.com/x.png").as_deref(),
            Some("cdn.example.com")
        );
        assert_eq!(
            host("//cdn.example.com/x").as_deref(),
            Some("cdn.example.com")
        );
        assert_eq!(
            host(" http://user:pw@a.org:8080/").as_deref(),
            Some("a.org")
        );
        assert_eq!(host("https:\\\\evil.org\\x").as_deref(), Some("evil.org"));
        assert_eq!(host("/\\evil.org/x").as_deref(), Some("evil.org"));
        assert_eq!(host("\\\\evil.org/x").as_deref(), Some("evil.org"));
        assert_eq!(host("ht\ttps://tab.org/").as_deref(), Some("tab.org"));
        assert_eq!(
            host("https://example.org./").as_deref(),
            Some("example.org")
        );
        assert_eq!(host("https://[::1]:80/").as_deref(), Some("[::1]"));
        assert_eq!(host("/css/site.css"), None);
        assert_eq!(host("img/a.png"), None);
        assert_eq!(host("mailto:a@b.org"), None);
        assert_eq!(host("data:image/png;base64,AAAA"), None);
        assert_eq!(host("https://"), None);
    }

    #[test]
    fn schemes_and_code_urls() {
        assert_eq!(scheme("DATA:image/png,x").as_deref(), Some("data"));
        assert_eq!(scheme("a/b:c"), None);
        assert!(runs_code(" JavaScript:alert(1)"));
        assert!(runs_code("java\nscript:alert(1)"));
        assert!(!runs_code("/javascript:x"));
    }

    #[test]
    fn own_and_allowed_hosts() {
        let origins = Origins::new(
            Some("https://www.Example.ac.uk/support/"),
            &["Fonts.example.net".into()],
        );
        assert_eq!(origins.foreign_host("https://www.example.ac.uk/x"), None);
        assert_eq!(origins.foreign_host("/x"), None);
        assert_eq!(
            origins.foreign_host("https://example.ac.uk/").as_deref(),
            Some("example.ac.uk")
        );
        assert!(origins.allows("fonts.example.net"));
        assert!(!origins.allows("x.fonts.example.net"));
        assert!(!origins.allows("example.net"));
    }

    #[test]
    fn srcset_candidates() {
        assert_eq!(
            srcset("a.png 1x, https://c.org/b.png 2x"),
            ["a.png", "https://c.org/b.png"]
        );
        // A comma inside a URL belongs to it; one after it ends the candidate.
        assert_eq!(srcset("a.png,b.png"), ["a.png,b.png"]);
        assert_eq!(srcset("a.png, b.png"), ["a.png", "b.png"]);
        assert_eq!(
            srcset("data:image/png;base64,AA,BB 1x, c.png 2x"),
            ["data:image/png;base64,AA,BB", "c.png"]
        );
        assert_eq!(srcset("a.png 100w (odd, thing), b.png"), ["a.png", "b.png"]);
        assert!(srcset("  ").is_empty());
    }

    #[test]
    fn refresh_targets() {
        assert_eq!(refresh_target("0; url=/law/").as_deref(), Some("/law/"));
        assert_eq!(
            refresh_target("0;URL='https://a.org/x'").as_deref(),
            Some("https://a.org/x")
        );
        assert_eq!(
            refresh_target("5, https://a.org/").as_deref(),
            Some("https://a.org/")
        );
        assert_eq!(refresh_target("30"), None);
        assert_eq!(refresh_target("url=/x"), None);
        assert_eq!(refresh_target("0; ü"), Some("ü".into()));
        assert!(refresh_is_immediate("0; url=/law/"));
        assert!(refresh_is_immediate(" 0.5;url=/law/"));
        assert!(!refresh_is_immediate("3600; url=/law/"));
        assert!(!refresh_is_immediate("0"));
    }

    #[test]
    fn data_types() {
        assert_eq!(
            data_type("DATA:Image/PNG;base64,AA").as_deref(),
            Some("image/png")
        );
        assert_eq!(data_type("data:,hello").as_deref(), Some(""));
        assert_eq!(
            data_type(" data:text/html,<p>").as_deref(),
            Some("text/html")
        );
        assert_eq!(data_type("/data:x"), None);
    }
}
