//! Brand colours: checked for WCAG AA contrast against the colours they are
//! used with, and written as CSS custom properties in `css/brand.css`.

use crate::config::Brand;
use crate::diagnostics::Diagnostic;

const WHITE: Rgb = Rgb(0xff, 0xff, 0xff);
const DARK: Rgb = Rgb(0x0b, 0x0c, 0x0c);
/// WCAG 2.2 AA for normal text.
const AA: f64 = 4.5;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Rgb(u8, u8, u8);

impl Rgb {
    fn parse(text: &str) -> Option<Rgb> {
        let hex = text.trim().strip_prefix('#')?;
        let hex: String = match hex.len() {
            3 => hex.chars().flat_map(|c| [c, c]).collect(),
            6 => hex.to_string(),
            _ => return None,
        };
        let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
        Some(Rgb(byte(0)?, byte(2)?, byte(4)?))
    }

    fn luminance(self) -> f64 {
        let channel = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.03928 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(self.0) + 0.7152 * channel(self.1) + 0.0722 * channel(self.2)
    }

    fn hex(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }
}

fn contrast(a: Rgb, b: Rgb) -> f64 {
    let (la, lb) = (a.luminance(), b.luminance());
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// The brand stylesheet, or every colour problem. `line` finds a key's line in site.yaml.
pub fn stylesheet(
    brand: &Brand,
    line: &dyn Fn(&str) -> Option<usize>,
) -> Result<String, Vec<Diagnostic>> {
    // Primary fills buttons and bars behind white text and colours links on white;
    // accent sits behind dark text (the quick exit bar, highlights).
    let roles = [
        (
            "primary",
            brand.colours.primary.as_deref(),
            "#1d4f91",
            WHITE,
            "white text and the white page",
        ),
        (
            "accent",
            brand.colours.accent.as_deref(),
            "#ffdd00",
            DARK,
            "dark text",
        ),
    ];
    let mut css = String::from(":root {\n");
    let mut problems = Vec::new();
    for (name, given, fallback, against, used_with) in roles {
        let text = given.unwrap_or(fallback);
        let Some(colour) = Rgb::parse(text) else {
            problems.push(
                Diagnostic::error(
                    "brand",
                    format!("brand colour {name} `{text}` is not a colour"),
                )
                .in_file("site.yaml")
                .at_line(line(name))
                .with_hint("write it as #rrggbb, e.g. #1d4f91"),
            );
            continue;
        };
        let ratio = contrast(colour, against);
        if ratio < AA {
            problems.push(
                Diagnostic::error(
                    "brand-contrast",
                    format!(
                        "brand colour {name} {} against {} has contrast {:.1}:1, needs {AA}:1",
                        colour.hex(),
                        against.hex(),
                        (ratio * 10.0).floor() / 10.0
                    ),
                )
                .in_file("site.yaml")
                .at_line(line(name))
                .with_hint(format!(
                    "the {name} colour is used with {used_with}; choose a {} shade",
                    if against == WHITE {
                        "darker"
                    } else {
                        "lighter"
                    }
                )),
            );
        }
        css.push_str(&format!(
            "  --brand-{name}: {};\n  --brand-on-{name}: {};\n",
            colour.hex(),
            against.hex()
        ));
    }
    css.push_str("}\n");
    if problems.is_empty() {
        Ok(css)
    } else {
        Err(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contrast_matches_wcag_examples() {
        assert!((contrast(WHITE, Rgb(0, 0, 0)) - 21.0).abs() < 0.01);
        let ratio = contrast(Rgb::parse("#777777").unwrap(), WHITE);
        assert!((ratio - 4.48).abs() < 0.01, "{ratio}");
        assert_eq!(Rgb::parse("#fd0"), Some(Rgb(0xff, 0xdd, 0x00)));
    }
}
