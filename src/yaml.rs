//! The one place that knows the YAML library: parsing with file line numbers
//! and "did you mean" for unknown keys. Swapping serde_yaml touches this file only.

use crate::diagnostics::nearest;
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

/// Parse `text`, which starts on line `first_line` of its file.
pub fn parse<T: DeserializeOwned>(text: &str, first_line: usize) -> Result<T, YamlError> {
    serde_yaml::from_str(text).map_err(|e| convert(&e, text, first_line))
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
