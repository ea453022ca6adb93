//! Shortcodes in Markdown: find `{{ name(key="value") }}` with its line, leave
//! anything else that merely contains `{{` as text, and skip code blocks and
//! code spans so pages can show the syntax.

use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shortcode {
    pub name: String,
    pub args: BTreeMap<String, String>,
    /// Byte range in the text.
    pub start: usize,
    pub end: usize,
    /// 1-based line and column within the text.
    pub line: usize,
    pub column: usize,
}

/// The shortcodes signpost knows, with the arguments each takes.
pub const KNOWN: [(&str, &[&str]); 5] = [
    ("service", &["id"]),
    ("services", &["kind", "tag"]),
    ("emergency", &[]),
    ("diary", &[]),
    ("quick_exit_history", &[]),
];

/// Every shortcode-shaped `{{ … }}` outside code, in order.
pub fn find(text: &str) -> Vec<Shortcode> {
    let mut found = Vec::new();
    let mut offset = 0;
    let mut fence: Option<&str> = None;
    for (line_index, line) in text.split_inclusive('\n').enumerate() {
        let trimmed = line.trim_start();
        let marker = ["```", "~~~"].into_iter().find(|m| trimmed.starts_with(m));
        match (fence, marker) {
            (None, Some(m)) => fence = Some(m),
            (Some(f), Some(m)) if f == m => fence = None,
            (None, None) => found.extend(find_in_line(line, offset, line_index + 1)),
            _ => {}
        }
        offset += line.len();
    }
    found
}

fn find_in_line(line: &str, offset: usize, line_no: usize) -> Vec<Shortcode> {
    let mut found = Vec::new();
    let mut search_from = 0;
    while let Some(pos) = line[search_from..].find("{{") {
        let start = search_from + pos;
        let in_code = line[..start].matches('`').count() % 2 == 1;
        match (!in_code).then(|| parse_at(&line[start..])).flatten() {
            Some((name, args, len)) => {
                found.push(Shortcode {
                    name,
                    args,
                    start: offset + start,
                    end: offset + start + len,
                    line: line_no,
                    column: line[..start].chars().count() + 1,
                });
                search_from = start + len;
            }
            None => search_from = start + 2,
        }
    }
    found
}

/// Parse `{{ name(args) }}` at the start of `s`: (name, args, length in bytes).
fn parse_at(s: &str) -> Option<(String, BTreeMap<String, String>, usize)> {
    let rest = s.strip_prefix("{{")?;
    let body_end = rest.find("}}")?;
    let inner = rest[..body_end].trim();
    let open = inner.find('(')?;
    let name = inner[..open].trim();
    if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return None;
    }
    let args_text = inner[open + 1..].strip_suffix(')')?;
    let args = parse_args(args_text)?;
    Some((name.to_string(), args, 2 + body_end + 2))
}

/// `id="x", kind='y'` → map; None when it is not of that form.
fn parse_args(text: &str) -> Option<BTreeMap<String, String>> {
    let mut args = BTreeMap::new();
    let mut rest = text.trim();
    while !rest.is_empty() {
        let (key, after) = rest.split_once('=')?;
        let key = key.trim();
        if key.is_empty() || !key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return None;
        }
        let after = after.trim_start();
        let quote = after.chars().next().filter(|c| *c == '"' || *c == '\'')?;
        let close = after[1..].find(quote)?;
        args.insert(key.to_string(), after[1..1 + close].to_string());
        rest = after[close + 2..].trim_start();
        rest = rest.strip_prefix(',').unwrap_or(rest).trim_start();
    }
    Some(args)
}

/// Check a shortcode's name and arguments against `KNOWN`.
pub fn check(code: &Shortcode) -> Result<(), (String, String)> {
    let Some((_, allowed)) = KNOWN.iter().find(|(n, _)| *n == code.name) else {
        let names: Vec<&str> = KNOWN.iter().map(|(n, _)| *n).collect();
        let hint = match crate::diagnostics::nearest(&code.name, names.iter().copied()) {
            Some(n) => format!("did you mean `{n}`?"),
            None => format!("the shortcodes are: {}", names.join(", ")),
        };
        return Err((format!("unknown shortcode `{}`", code.name), hint));
    };
    if let Some(bad) = code.args.keys().find(|k| !allowed.contains(&k.as_str())) {
        return Err((
            format!("shortcode `{}` has no argument `{bad}`", code.name),
            format!(
                "`{}` takes: {}",
                code.name,
                if allowed.is_empty() {
                    "no arguments".into()
                } else {
                    allowed.join(", ")
                }
            ),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_shortcodes_and_leaves_other_braces() {
        let text = "Hi\n{{ service(id=\"crimestoppers\") }}\nA {{ not a shortcode }} and `{{ diary() }}`\n```\n{{ diary() }}\n```\n{{diary()}}";
        let found = find(text);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].name, "service");
        assert_eq!(found[0].args["id"], "crimestoppers");
        assert_eq!((found[0].line, found[0].column), (2, 1));
        assert_eq!(found[1].name, "diary");
        assert_eq!(found[1].line, 7);
        assert_eq!(&text[found[1].start..found[1].end], "{{diary()}}");
    }
}
