//! Phone numbers: validated for the site's country with the `phonenumber`
//! library and written in international form for `tel:` links; short codes
//! (999, 101, 18000, 111) stay as they are.

use phonenumber::{country, Mode};

/// The target of a `tel:`/`sms:` link for a number as written, or why it is not valid.
pub fn link_target(written: &str, country_code: &str) -> Result<String, String> {
    let digits: String = written.chars().filter(|c| c.is_ascii_digit()).collect();
    if is_short_code(written, &digits) {
        return Ok(digits);
    }
    let region: Option<country::Id> = country_code.parse().ok();
    let number =
        phonenumber::parse(region, written).map_err(|_| "is not a phone number".to_string())?;
    if !phonenumber::is_valid(&number) {
        return Err(format!("is not a valid number in {country_code}"));
    }
    Ok(number.format().mode(Mode::E164).to_string())
}

/// Short codes: three to five digits, no leading plus (999, 101, 111, 18000).
fn is_short_code(written: &str, digits: &str) -> bool {
    (3..=5).contains(&digits.len()) && !written.trim_start().starts_with('+')
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
        assert_eq!(link_target("999", "GB").unwrap(), "999");
        assert_eq!(link_target("18000", "GB").unwrap(), "18000");
        assert!(link_target("0808 802 030", "GB").is_err());
    }
}
