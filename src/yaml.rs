//! The one place that knows the YAML library: parsing with file line numbers
//! and "did you mean" for unknown keys. Swapping serde_yaml touches this file only.

use crate::diagnostics::{nearest, Diagnostic};
use serde::de::DeserializeOwned;

/// A YAML value, for merging a content pack's configuration with a partner's.
pub type Value = serde_yaml::Value;

#[derive(Debug, thiserror::Error, Clone, PartialEq, Eq)]
#[error("{message}")]
pub struct YamlError {
    /// Line of the file (not of the YAML block), 1-based.
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
    pub hint: Option<String>,
}

impl YamlError {
    /// The error as a diagnostic of `code` in `file` (as the editor sees it),
    /// at its line and column, with its hint.
    pub fn diagnostic(self, code: &'static str, file: impl AsRef<std::path::Path>) -> Diagnostic {
        Diagnostic::error(code, self.message)
            .in_file(file)
            .at(self.line, self.column)
            .with_hint_opt(self.hint)
    }
}

/// How deep `[` and `{` may nest. The YAML reader's time grows with the
/// square of the nesting (40,000 `[` took 5 s); no real file comes close.
const MAX_FLOW_DEPTH: usize = 64;

/// Parse `text`, which starts on line `first_line` of its file.
pub fn parse<T: DeserializeOwned>(text: &str, first_line: usize) -> Result<T, YamlError> {
    check_flow_depth(text, first_line)?;
    serde_yaml::from_str(text).map_err(|e| convert(&e, text, first_line))
}

/// An error at the line where brackets outside quotes nest too deep.
fn check_flow_depth(text: &str, first_line: usize) -> Result<(), YamlError> {
    let mut depth = 0usize;
    for (index, line) in text.lines().enumerate() {
        // Quotes are followed within a line only: a stray apostrophe
        // (`It's free`) can then hide brackets on its own line at most.
        let mut quote = None;
        for c in line.chars() {
            match (quote, c) {
                (Some(q), c) if c == q => quote = None,
                (Some(_), _) => {}
                (None, '"' | '\'') => quote = Some(c),
                (None, '#') => break,
                (None, '[' | '{') => depth += 1,
                (None, ']' | '}') => depth = depth.saturating_sub(1),
                (None, _) => {}
            }
            if depth > MAX_FLOW_DEPTH {
                return Err(YamlError {
                    line: Some(first_line + index),
                    column: None,
                    message: format!(
                        "brackets `[` and `{{` are nested more than {MAX_FLOW_DEPTH} deep"
                    ),
                    hint: Some(
                        "close each list `[...]` and map `{...}` where it ends, or write the \
                         list one item a line (`- item`)"
                            .into(),
                    ),
                });
            }
        }
    }
    Ok(())
}

/// Parse `text` like [`parse`], but read past unknown top-level keys: the
/// value without them, and an error for each, so everything else in the
/// file can still be checked. Any other problem is the one error.
pub fn parse_lenient<T: DeserializeOwned>(
    text: &str,
    first_line: usize,
) -> Result<(T, Vec<YamlError>), YamlError> {
    let first = match parse::<T>(text, first_line) {
        Ok(value) => return Ok((value, Vec::new())),
        Err(e) => e,
    };
    let Some(known) = first
        .message
        .strip_prefix("unknown key `")
        .and_then(|m| m.split_once(", expected "))
        .map(|(_, list)| list.split('`').skip(1).step_by(2).collect::<Vec<_>>())
    else {
        return Err(first);
    };
    let Ok(Value::Mapping(mut map)) = serde_yaml::from_str::<Value>(text) else {
        return Err(first);
    };
    let mut unknown = Vec::new();
    map.retain(|key, _| {
        let Some(key) = key.as_str() else { return true };
        if known.contains(&key) {
            return true;
        }
        unknown.push(YamlError {
            line: key_line(text, key, first_line),
            column: Some(1),
            message: format!("unknown key `{key}`"),
            hint: unknown_key_hint(&format!(
                "unknown field `{key}`, expected one of `{}`",
                known.join("`, `")
            )),
        });
        false
    });
    match serde_yaml::from_value(Value::Mapping(map)) {
        Ok(value) => Ok((value, unknown)),
        Err(_) => Err(first),
    }
}

/// Parse into an untyped value (for merging before typed parsing).
pub fn parse_value(text: &str, first_line: usize) -> Result<Value, YamlError> {
    parse(text, first_line)
}

/// Turn a merged value into a typed struct. Line numbers are lost by merging,
/// so errors name the key instead.
pub fn from_value<T: DeserializeOwned>(value: Value) -> Result<T, YamlError> {
    serde_yaml::from_value(value).map_err(|e| convert(&e, "", 1))
}

/// Merge `over` into `base`: mappings key by key (recursively), anything else replaced.
pub fn merge(base: &mut Value, over: Value) {
    match (base, over) {
        (Value::Mapping(base), Value::Mapping(over)) => {
            for (key, value) in over {
                match base.get_mut(&key) {
                    Some(existing) => merge(existing, value),
                    None => {
                        base.insert(key, value);
                    }
                }
            }
        }
        (base, over) => *base = over,
    }
}

/// 1-based file line of `key:` at the start of a line in a YAML block, for
/// problems found after parsing (an unknown service id, a bad date).
pub fn key_line(text: &str, key: &str, first_line: usize) -> Option<usize> {
    text.lines()
        .position(|l| {
            let l = l.trim_start_matches([' ', '-']);
            l.strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with(':'))
        })
        .map(|i| i + first_line)
}

/// 1-based line of a nested key, e.g. `["languages", "cy", "title"]`: each
/// key searched for inside the block of the one before it, the first at the
/// start of a line. When an inner key is not found (it is written inline, `{ ... }`),
/// the line of the deepest key found; None when the first is not found.
pub fn key_path_line(text: &str, path: &[&str]) -> Option<usize> {
    let lines: Vec<&str> = text.lines().collect();
    let (mut start, mut parent, mut line) = (0, None, None);
    for key in path {
        let mut hit = None;
        for (i, l) in lines.iter().enumerate().skip(start) {
            let body = l.trim_start();
            if body.is_empty() || body.starts_with('#') {
                continue;
            }
            let indent = l.len() - body.len();
            match parent {
                Some(p) if indent <= p => break,
                None if indent > 0 => continue,
                _ => {}
            }
            let unquoted = [*key, &format!("\"{key}\""), &format!("'{key}'")]
                .into_iter()
                .find_map(|k| body.strip_prefix(k));
            if unquoted.is_some_and(|rest| rest.trim_start().starts_with(':')) {
                hit = Some((i, indent));
                break;
            }
        }
        let Some((i, indent)) = hit else {
            return line;
        };
        (start, parent, line) = (i + 1, Some(indent), Some(i + 1));
    }
    line
}

fn convert(error: &serde_yaml::Error, text: &str, first_line: usize) -> YamlError {
    let full = error.to_string();
    // serde_yaml appends " at line L column C"; we print our own location.
    let message = match full.find(" at line ") {
        Some(i) => full[..i].to_string(),
        None => full.clone(),
    };
    let (line, column) = match error.location() {
        // A value rejected after parsing (a bad date) is reported at the start of
        // its mapping; the line that holds the quoted value is the useful one.
        Some(loc) if loc.line() == 1 && loc.column() == 1 => match quoted_line(text, &message) {
            Some(l) => (Some(l + first_line - 1), None),
            None => (Some(first_line), Some(1)),
        },
        Some(loc) => (Some(loc.line() + first_line - 1), Some(loc.column())),
        None => (None, None),
    };
    if let Some((message, hint)) = type_error(&message) {
        return YamlError {
            line,
            column,
            message,
            hint: Some(hint),
        };
    }
    if let Some((at, hint)) = syntax_hint(&message, text) {
        let (line, column, message) = match at {
            Some(at) => (
                Some(at + first_line - 1),
                None,
                "this value's quote is never closed".to_string(),
            ),
            None => (line, column, message),
        };
        return YamlError {
            line,
            column,
            message,
            hint: Some(hint),
        };
    }
    let hint = unknown_key_hint(&message)
        .or_else(|| missing_key_hint(&message))
        .or_else(|| tab_hint(text));
    YamlError {
        line,
        column,
        message: tidy(&message),
        hint,
    }
}

/// What to do about a YAML syntax error (the reader's own words are kept
/// as the message), and the 1-based line of `text` to look at when the
/// reader's is not it (a quote never closed, said so there). These are what editors meet: a `: ` inside a value, a value that
/// starts with `@` or a backtick, text after a closing quote, and a quote
/// never closed, which the reader notices only at the end of the block.
fn syntax_hint(message: &str, text: &str) -> Option<(Option<usize>, String)> {
    if message.contains("unexpected end of stream") {
        return Some((
            unclosed_quote_line(text),
            "a value opens a quote (\" or ') and does not close it: end it with the same quote on its line, e.g. `title: \"Signs of stalking\"`".into(),
        ));
    }
    let hint = if message.contains("mapping values are not allowed") {
        "a value holds `: `, which YAML reads as a new key: put the whole value in double quotes, e.g. `title: \"Stalking: the signs\"`"
    } else if message.contains("cannot start any token") {
        "a value cannot start with `@`, `%` or a backtick: put the whole value in double quotes, e.g. `owner: \"@support\"`"
    } else if message.contains("did not find expected") {
        "keep any text after a closing quote inside the quotes, and indent each line of a list or group like the line before it"
    } else if message.contains("more than one document") {
        "start each top-level key at the beginning of its line, with no spaces before it, and no line of only `---` or `...` inside the block"
    } else {
        return None;
    };
    Some((None, hint.into()))
}

/// The 1-based line of the first value that opens a quote and does not
/// close it on its line (a quote may go on to the next line in YAML, but
/// an editor's rarely does).
fn unclosed_quote_line(text: &str) -> Option<usize> {
    text.lines()
        .position(|line| {
            let item = line.trim_start();
            let item = item.strip_prefix("- ").unwrap_or(item);
            let value = item.split_once(": ").map_or(item, |(_, value)| value);
            let value = value.trim_start();
            match value.chars().next() {
                // Inside double quotes `\"` is a quote written, not the end.
                Some('"') => !value[1..]
                    .replace("\\\\", "")
                    .replace("\\\"", "")
                    .contains('"'),
                // Inside single quotes `''` is a quote written, not the end.
                Some('\'') => !value[1..].replace("''", "").contains('\''),
                _ => false,
            }
        })
        .map(|i| i + 1)
}

/// "weight: invalid type: sequence, expected i64" → "`weight` must be a
/// whole number, not a list", with an example of the key written right.
fn type_error(message: &str) -> Option<(String, String)> {
    let (key, rest) = match message.split_once(": invalid type: ") {
        Some((key, rest)) => (Some(key), rest),
        None => (None, message.strip_prefix("invalid type: ")?),
    };
    let (found, expected) = rest.split_once(", expected ")?;
    let found = match found.split([' ', '`']).next().unwrap_or(found) {
        "sequence" => "a list",
        "map" => "a group of `key: value` lines",
        "string" => "text",
        "integer" | "floating" => "a number",
        "boolean" => "true or false",
        "unit" => "empty",
        _ => "something else",
    };
    const WHOLE: [&str; 12] = [
        "i8", "i16", "i32", "i64", "i128", "isize", "u8", "u16", "u32", "u64", "u128", "usize",
    ];
    let expected = expected.trim_start_matches("a ");
    let (wanted, example) = match expected {
        e if WHOLE.contains(&e) => ("a whole number", Some("10")),
        "f32" | "f64" => ("a number", Some("1.5")),
        "string" | "borrowed string" => ("text", Some("your text")),
        "boolean" => ("true or false", Some("true")),
        "sequence" => ("a list", Some("[first, second]")),
        _ => ("a group of `key: value` lines", None),
    };
    let Some(key) = key else {
        return Some((
            format!("the file must be {wanted}, not {found}"),
            match wanted {
                "a list" => "start each entry with `- `, e.g. `- id: national-stalking-helpline`",
                _ => "write one `key: value` per line, e.g. `title: Signs of stalking`",
            }
            .into(),
        ));
    };
    let name = key.rsplit('.').next().unwrap_or(key);
    let name = name.split('[').next().unwrap_or(name);
    let example = match name {
        "reviewed" | "review_due" | "verified" => Some("2026-09-14"),
        "aliases" => Some("[/old/page/]"),
        "services" | "emergency" => Some("[national-stalking-helpline]"),
        "hide" => Some("[law/scotland.md]"),
        _ => example,
    };
    let hint = match example {
        Some(example) => format!("write it like `{name}: {example}`"),
        None => format!("write `{name}:` alone on its line, with its own keys indented below it"),
    };
    Some((format!("`{key}` must be {wanted}, not {found}"), hint))
}

/// 1-based line of the block holding the first `quoted` part of a message.
fn quoted_line(text: &str, message: &str) -> Option<usize> {
    let quoted = message.split('`').nth(1).filter(|q| !q.is_empty())?;
    text.lines().position(|l| l.contains(quoted)).map(|i| i + 1)
}

/// "unknown field `titel`, expected one of `title`, ..." → did you mean "title"?
/// (A nested key's message starts with its path: "accessibility: unknown field ...".)
fn unknown_key_hint(message: &str) -> Option<String> {
    let rest = message.split_once("unknown field `")?.1;
    let (field, expected) = rest.split_once('`')?;
    let known: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
    match nearest(field, known.iter().copied()) {
        Some(k) => Some(format!("did you mean `{k}`?")),
        None => Some(format!("known keys are: {}", known.join(", "))),
    }
}

fn missing_key_hint(message: &str) -> Option<String> {
    let rest = message.split_once("missing field `")?.1;
    let field = rest.split('`').next()?;
    Some(format!("add a line `{field}: ...`"))
}

fn tab_hint(text: &str) -> Option<String> {
    text.contains('\t')
        .then(|| "YAML does not allow tabs for indentation; use spaces".to_string())
}

fn tidy(message: &str) -> String {
    message
        .replace("unknown field", "unknown key")
        .replace("missing field", "missing key")
}

#[cfg(test)]
mod tests {
    #[test]
    fn deeply_nested_brackets_are_refused_quickly_at_their_line() {
        let deep = format!("- id: x\n  tags: {}", "[".repeat(40_000));
        let started = std::time::Instant::now();
        let error = super::parse::<Value>(&deep, 1).unwrap_err();
        assert!(started.elapsed() < std::time::Duration::from_secs(1));
        assert_eq!(error.line, Some(2));
        assert!(
            error.message.contains("nested more than 64 deep"),
            "{}",
            error.message
        );
        let fine = "a: [[1, 2], {b: \"[[[[\"}]  # [[[[\nc: It's [free]\n";
        assert!(super::parse::<Value>(fine, 1).is_ok());
    }

    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Page {
        title: String,
        #[serde(default)]
        weight: i64,
    }

    #[test]
    fn a_wrong_type_names_the_key_and_gives_an_example() {
        let e = parse::<Page>("title: A\nweight: [1]\n", 2).unwrap_err();
        assert_eq!(e.message, "`weight` must be a whole number, not a list");
        assert_eq!(e.hint.as_deref(), Some("write it like `weight: 10`"));
        assert_eq!(e.line, Some(3));
        let e = parse::<Page>("- title: A\n", 1).unwrap_err();
        assert_eq!(
            e.message,
            "the file must be a group of `key: value` lines, not a list"
        );
    }

    #[test]
    fn a_syntax_error_says_what_to_do_at_the_line_to_mend() {
        let error = |text: &str| {
            let e = parse::<Value>(text, 2).unwrap_err();
            (e.line, e.message, e.hint.unwrap_or_default())
        };
        // The reader notices an open quote only at the end of the block:
        // the line given is the one whose quote is open.
        for text in [
            "title: \"Signs of stalking\nweight: 2\nowner: Team\n",
            "title: 'Signs of stalking\nweight: 2\nowner: Team\n",
        ] {
            let (line, message, hint) = error(text);
            assert_eq!(line, Some(2), "{text}");
            assert_eq!(message, "this value's quote is never closed");
            assert!(hint.contains("does not close it"), "{hint}");
        }
        let (line, _, hint) =
            error("- id: a\n  name: \"It\\\"s \\\\ fine\"\n- id: b\n  name: 'It''s open\n");
        assert_eq!(
            line,
            Some(5),
            "the list item's open quote, not the escaped ones"
        );
        assert!(hint.contains("does not close it"), "{hint}");
        let (line, _, hint) = error("owner: Team\ntitle: Stalking: the signs\n");
        assert_eq!(line, Some(3));
        assert!(
            hint.contains("put the whole value in double quotes"),
            "{hint}"
        );
        let (_, _, hint) = error("title: @support\n");
        assert!(hint.contains("cannot start with `@`"), "{hint}");
        let (_, _, hint) = error("title: \"Signs\" of stalking\n");
        assert!(hint.contains("after a closing quote"), "{hint}");
        let (_, _, hint) = error("  title: x\nowner: y\n");
        assert!(hint.contains("beginning of its line"), "{hint}");
    }

    #[test]
    fn a_nested_key_is_found_inside_its_own_block() {
        let text = "title: x\nlanguages:\n  cy:\n    title: y\n    strings:\n      nav.home: z\n\n  # Arabic\n  'ar': { title: w }\nstrings:\n  a: b\n";
        let at = |path: &[&str]| key_path_line(text, path);
        assert_eq!(at(&["languages", "cy", "title"]), Some(4));
        assert_eq!(
            at(&["strings"]),
            Some(10),
            "the top-level key, not the one under cy"
        );
        assert_eq!(at(&["languages", "cy", "strings", "nav.home"]), Some(6));
        assert_eq!(
            at(&["languages", "ar", "title"]),
            Some(9),
            "written inline: its block's line"
        );
        assert_eq!(at(&["languages", "fr"]), Some(2));
        assert_eq!(at(&["title"]), Some(1));
        assert_eq!(at(&["nope"]), None);
    }

    #[test]
    fn unknown_keys_are_each_reported_and_the_rest_is_read() {
        let (page, unknown) = parse_lenient::<Page>("titel: x\ntitle: A\nwieght: 2\n", 2).unwrap();
        assert_eq!(page.title, "A");
        let shown: Vec<(Option<usize>, &str, Option<&str>)> = unknown
            .iter()
            .map(|e| (e.line, e.message.as_str(), e.hint.as_deref()))
            .collect();
        assert_eq!(
            shown,
            [
                (
                    Some(2),
                    "unknown key `titel`",
                    Some("did you mean `title`?")
                ),
                (
                    Some(4),
                    "unknown key `wieght`",
                    Some("did you mean `weight`?")
                ),
            ]
        );
    }
}
