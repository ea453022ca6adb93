//! Calendar dates as editors write them (`2026-09-14`), review arithmetic and
//! the display forms visitors see ("14 September 2026", "September 2027").

use chrono::{Datelike, Months, NaiveDate};
use serde::{Deserialize, Deserializer, Serialize};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date(NaiveDate);

impl Date {
    pub fn parse(text: &str) -> Result<Date, String> {
        NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
            .map(Date)
            .map_err(|_| {
                format!("`{text}` is not a date: write it as YYYY-MM-DD, for example 2026-09-14")
            })
    }

    pub fn today() -> Date {
        Date(chrono::Local::now().date_naive())
    }

    pub fn plus_months(self, months: u32) -> Date {
        Date(
            self.0
                .checked_add_months(Months::new(months))
                .unwrap_or(NaiveDate::MAX),
        )
    }

    pub fn plus_days(self, days: u32) -> Date {
        Date(
            self.0
                .checked_add_days(chrono::Days::new(days.into()))
                .unwrap_or(NaiveDate::MAX),
        )
    }

    /// "14 September 2026"
    pub fn long(self) -> String {
        format!(
            "{} {} {}",
            self.0.day(),
            month_name(self.0.month()),
            self.0.year()
        )
    }

    /// "September 2027"
    pub fn month_year(self) -> String {
        format!("{} {}", month_name(self.0.month()), self.0.year())
    }

    /// Year, month (1-12) and day (1-31), for formatting in another language.
    pub fn year_month_day(self) -> (i32, u32, u32) {
        (self.0.year(), self.0.month(), self.0.day())
    }

    pub fn iso(self) -> String {
        self.0.format("%Y-%m-%d").to_string()
    }
}

fn month_name(month: u32) -> &'static str {
    const NAMES: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    NAMES[(month.clamp(1, 12) - 1) as usize]
}

/// The default date is today, by the system clock; builds that must not
/// depend on the clock (tests, `SIGNPOST_TODAY`) set the date they want.
impl Default for Date {
    fn default() -> Self {
        Date::today()
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.iso())
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Date::parse(&text).map_err(serde::de::Error::custom)
    }
}

impl Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.iso())
    }
}

impl schemars::JsonSchema for Date {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Date".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({ "type": "string", "format": "date" })
    }
}

/// A date as templates see it: machine form for `<time datetime>` and a display form.
#[derive(Debug, Clone, Serialize)]
pub struct DisplayDate {
    pub iso: String,
    pub display: String,
}

impl DisplayDate {
    pub fn long(date: Date) -> Self {
        DisplayDate {
            iso: date.iso(),
            display: date.long(),
        }
    }

    pub fn month(date: Date) -> Self {
        DisplayDate {
            iso: date.iso(),
            display: date.month_year(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn review_dates_display_and_add_months() {
        let d = Date::parse("2026-09-14").unwrap();
        assert_eq!(d.long(), "14 September 2026");
        assert_eq!(d.plus_months(12).month_year(), "September 2027");
        assert_eq!(
            Date::parse("2026-01-31").unwrap().plus_months(1).iso(),
            "2026-02-28"
        );
        assert!(Date::parse("2026-13-01")
            .unwrap_err()
            .contains("YYYY-MM-DD"));
    }
}
