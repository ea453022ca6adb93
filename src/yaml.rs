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
