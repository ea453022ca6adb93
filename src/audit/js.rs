//! The string literals of a script, found with a small JavaScript lexer: it
//! knows comments, strings, template literals and regular expression
//! literals, so a URL in a comment is no string and `//` inside a string
//! starts no comment. Escapes are decoded (`'https:\/\/'`, `'\x2f'`). A
//! heuristic: a slash is read as a regular expression where an expression
//! may start; a mistake there is over at the end of the line.

/// One string or template literal of a script.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsString {
    pub value: String,
    /// 1-based line where it starts.
    pub line: usize,
}

/// Words after which a `/` starts a regular expression, not a division.
const BEFORE_EXPRESSION: [&str; 13] = [
    "return",
    "typeof",
    "instanceof",
    "in",
    "of",
    "new",
    "delete",
    "void",
    "throw",
    "case",
    "do",
    "else",
    "yield",
];

/// Every string and template literal of the script, in order.
pub fn strings(js: &str) -> Vec<JsString> {
    let chars: Vec<char> = js.chars().collect();
    let at = |i: usize| chars.get(i).copied().unwrap_or('\0');
    let mut found = Vec::new();
    let mut line = 1;
    let mut regex_may_start = true;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '\n' => {
                line += 1;
                i += 1;
            }
            '/' if at(i + 1) == '/' => {
                while i < chars.len() && chars[i] != '\n' {
                    i += 1;
                }
            }
            '/' if at(i + 1) == '*' => {
                i += 2;
                while i < chars.len() && !(chars[i] == '*' && at(i + 1) == '/') {
                    line += usize::from(chars[i] == '\n');
                    i += 1;
                }
                i += 2;
            }
            '\'' | '"' | '`' => {
                let (value, end, lines) = read_string(&chars, i);
                found.push(JsString { value, line });
                line += lines;
                i = end;
                regex_may_start = false;
            }
            '/' if regex_may_start => {
                i = skip_regex(&chars, i);
                regex_may_start = false;
            }
            c if c.is_alphanumeric() || c == '_' || c == '$' => {
                let start = i;
                while i < chars.len()
                    && (chars[i].is_alphanumeric() || chars[i] == '_' || chars[i] == '$')
                {
                    i += 1;
                }
                let word: String = chars[start..i].iter().collect();
                regex_may_start = BEFORE_EXPRESSION.contains(&word.as_str());
            }
            c if c.is_whitespace() => i += 1,
            ')' | ']' => {
                regex_may_start = false;
                i += 1;
            }
            _ => {
                regex_may_start = true;
                i += 1;
            }
        }
    }
    found
}

/// The string starting at `start` (on its quote): its value, the index after
/// it and how many line breaks it holds. A quoted string ends at a line
/// break it does not escape; a template literal may span lines.
fn read_string(chars: &[char], start: usize) -> (String, usize, usize) {
    let quote = chars[start];
    let mut value = String::new();
    let mut lines = 0;
    let mut i = start + 1;
    while i < chars.len() {
        let c = chars[i];
        if c == quote {
            return (value, i + 1, lines);
        }
        if c == '\n' {
            if quote != '`' {
                return (value, i, lines);
            }
            lines += 1;
        }
        if c == '\\' {
            let (decoded, next) = escape(chars, i + 1);
            if chars.get(i + 1) == Some(&'\n') {
                lines += 1;
            }
            value.extend(decoded);
            i = next;
            continue;
        }
        value.push(c);
        i += 1;
    }
    (value, i, lines)
}

/// The character an escape after a backslash stands for (`x2f`, `u002f`,
/// `u{2f}`, `/`), and the index after it. A line continuation stands for none.
fn escape(chars: &[char], at: usize) -> (Option<char>, usize) {
    let hex = |from: usize, to: usize| -> Option<char> {
        let digits: String = chars.get(from..to)?.iter().collect();
        u32::from_str_radix(&digits, 16)
            .ok()
            .and_then(char::from_u32)
    };
    match chars.get(at) {
        None => (None, at),
        Some('\n') => (None, at + 1),
        Some('x') => match hex(at + 1, at + 3) {
            Some(c) => (Some(c), at + 3),
            None => (Some('x'), at + 1),
        },
        Some('u') if chars.get(at + 1) == Some(&'{') => {
            let close = chars[at..].iter().position(|&c| c == '}').map(|p| at + p);
            match close.and_then(|end| hex(at + 2, end).map(|c| (c, end))) {
                Some((c, end)) => (Some(c), end + 1),
                None => (Some('u'), at + 1),
            }
        }
        Some('u') => match hex(at + 1, at + 5) {
            Some(c) => (Some(c), at + 5),
            None => (Some('u'), at + 1),
        },
        Some('n') => (Some('\n'), at + 1),
        Some('t') => (Some('\t'), at + 1),
        Some(&c) => (Some(c), at + 1),
    }
}

/// The index after the regular expression literal starting at `start`.
fn skip_regex(chars: &[char], start: usize) -> usize {
    let mut in_class = false;
    let mut i = start + 1;
    while i < chars.len() {
        match chars[i] {
            '\n' => return i,
            '\\' => i += 1,
            '[' => in_class = true,
            ']' => in_class = false,
            '/' if !in_class => return i + 1,
            _ => {}
        }
        i += 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(js: &str) -> Vec<(String, usize)> {
        strings(js).into_iter().map(|s| (s.value, s.line)).collect()
    }

    #[test]
    fn strings_not_comments_or_regexes() {
        let js = "// 'not a string' https://a.org/\nvar a = 'https://b.org/x'; /* \"c\"\n */\n\
                  var re = /'[/']/g, d = 4 / 2 / 1, e = \"//e.org\";\nreturn /x'/.test(`t\n${a}`);";
        assert_eq!(
            values(js),
            [
                ("https://b.org/x".into(), 2),
                ("//e.org".into(), 4),
                ("t\n${a}".into(), 5),
            ]
        );
    }

    #[test]
    fn escapes_are_decoded() {
        assert_eq!(
            values(
                r"f('https:\/\/a.org', 'h\x74tps://b.org', '\u0068ttps://c.org', '\u{68}', 'it\'s')"
            ),
            [
                ("https://a.org".into(), 1),
                ("https://b.org".into(), 1),
                ("https://c.org".into(), 1),
                ("h".into(), 1),
                ("it's".into(), 1),
            ]
        );
        // An unterminated string ends at the end of its line.
        assert_eq!(
            values("'open\n'next'"),
            [("open".into(), 1), ("next".into(), 2)]
        );
    }
}
