//! Phone numbers: validated for the site's country with the `phonenumber`
//! library and written in international form for `tel:` links; short codes
//! (999, 101, 18000, 111, 116 123) stay as they are; an extension is kept
//! (`tel:+441134960000;ext=5`).

use phonenumber::{country, Mode};

/// A number as the library reads it for the site's country.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reading {
    /// International form, `+448088020300` (also for numbers that are not valid).
    pub e164: String,
    /// Whether the number can exist (right length and range for its country).
    pub valid: bool,
    /// An extension written after the number ("ext 5", "x5", "extension 5").
    pub extension: Option<String>,
}

/// The target of a `tel:`/`sms:` link for a number as written, or why it is not valid.
pub fn link_target(written: &str, country_code: &str) -> Result<String, String> {
    let digits = digits(written);
    if is_short_code(written, &digits) {
        return Ok(digits);
    }
    match read(written, country_code) {
        None => Err("is not a phone number".into()),
        Some(reading) if !reading.valid => Err(format!("is not a valid number in {country_code}")),
        // RFC 3966: the phone dials the extension after the call connects.
        Some(Reading {
            e164,
            extension: Some(ext),
            ..
        }) => Ok(format!("{e164};ext={ext}")),
        Some(reading) => Ok(reading.e164),
    }
}

/// Read a number as written, with `country_code` for numbers without a country code.
pub fn read(written: &str, country_code: &str) -> Option<Reading> {
    let region: Option<country::Id> = country_code.parse().ok();
    let number = phonenumber::parse(region, written).ok()?;
    Some(Reading {
        e164: number.format().mode(Mode::E164).to_string(),
        valid: phonenumber::is_valid(&number),
        extension: number.extension().map(|e| e.to_string()),
    })
}

/// The digits of a number as written.
pub fn digits(written: &str) -> String {
    written.chars().filter(|c| c.is_ascii_digit()).collect()
}

/// Short codes: three to five digits (999, 101, 111, 18000) or the European
/// 116 numbers (116 123), with no leading plus.
pub fn is_short_code(written: &str, digits: &str) -> bool {
    let european = digits.len() == 6 && digits.starts_with("116");
    ((3..=5).contains(&digits.len()) || european) && !written.trim_start().starts_with('+')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_become_international() {
        assert_eq!(link_target("0808 802 0300", "GB").unwrap(), "+448088020300");
        assert_eq!(
            link_target("08 08 16 89 111", "GB").unwrap(),
            "+448081689111"
        );
        assert_eq!(
            link_target("+44 (0)808 802 0300", "GB").unwrap(),
            "+448088020300"
        );
        assert_eq!(link_target("999", "GB").unwrap(), "999");
        assert_eq!(link_target("18000", "GB").unwrap(), "18000");
        assert_eq!(link_target("116 123", "GB").unwrap(), "116123");
        for with_extension in [
            "0113 496 0000 ext 5",
            "0113 496 0000 x5",
            "0113 496 0000 extension 5",
        ] {
            assert_eq!(
                link_target(with_extension, "GB").unwrap(),
                "+441134960000;ext=5",
                "{with_extension}"
            );
        }
        assert!(link_target("0808 802 030", "GB").is_err());
        assert!(link_target("call us", "GB").is_err());
    }

    #[test]
    fn reading_keeps_invalid_numbers_comparable() {
        let short = read("0808 802 030", "GB").unwrap();
        assert!(!short.valid);
        assert_eq!(short.e164, "+44808802030");
        assert!(read("0808 202 0300", "GB").unwrap().valid);
        for not_a_number in ["1997", "2012", "2026-09-14", "39", "1997-2012"] {
            assert!(
                !read(not_a_number, "GB").is_some_and(|r| r.valid),
                "{not_a_number}"
            );
        }
    }
}
