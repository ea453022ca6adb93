//! The review calendar: reviews due in each of the next 12 months, stacked
//! by owner, as an inline SVG chart and the numbers for a text table.

use super::{PageRow, Status};
use crate::dates::Date;
use serde::Serialize;
use std::fmt::Write as _;

/// Bar colours, each at least 3:1 against white (WCAG non-text contrast),
/// with a white gap between the parts of a bar.
const COLOURS: [&str; 8] = [
    "#1d4f91", "#b3261e", "#2e7d32", "#6a1b9a", "#8a5a00", "#00695c", "#ad1457", "#455a64",
];

/// What pages without an owner are shown under.
pub const NO_OWNER: &str = "No owner";

#[derive(Debug, Clone, Serialize)]
pub struct Calendar {
    /// Owners with a review due in the 12 months, each with its colour.
    pub owners: Vec<(String, &'static str)>,
    pub months: Vec<Month>,
    /// The chart, as SVG markup.
    pub svg: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Month {
    /// "December 2026"
    pub label: String,
    /// By owner, in the order of `owners`.
    pub counts: Vec<usize>,
    pub total: usize,
}

impl Calendar {
    /// The calendar of `pages` (overdue ones are not in it: they are due now).
    pub fn of(pages: &[PageRow], today: Date) -> Calendar {
        let month_of = |d: Date| d.iso()[..7].to_string();
        let keys: Vec<Date> = (0..12).map(|i| today.plus_months(i)).collect();
        let due: Vec<(String, String)> = pages
            .iter()
            .filter(|p| p.status != Status::Overdue)
            .filter_map(|p| {
                let owner = p.owner.clone().unwrap_or_else(|| NO_OWNER.to_string());
                Some((month_of(p.review_due?), owner))
            })
            .filter(|(m, _)| keys.iter().any(|k| month_of(*k) == *m))
            .collect();
        let mut names: Vec<String> = due.iter().map(|(_, o)| o.clone()).collect();
        names.sort();
        names.dedup();
        let owners: Vec<(String, &'static str)> = names
            .into_iter()
            .enumerate()
            .map(|(i, o)| (o, COLOURS[i % COLOURS.len()]))
            .collect();
        let months: Vec<Month> = keys
            .iter()
            .map(|k| {
                let counts: Vec<usize> = owners
                    .iter()
                    .map(|(o, _)| {
                        due.iter()
                            .filter(|(m, w)| *m == month_of(*k) && w == o)
                            .count()
                    })
                    .collect();
                Month {
                    label: k.month_year(),
                    total: counts.iter().sum(),
                    counts,
                }
            })
            .collect();
        let svg = chart(&owners, &months);
        Calendar {
            owners,
            months,
            svg,
        }
    }
}

fn escape(text: &str) -> String {
    htmlize::escape_attribute(text).into_owned()
}

/// The stacked bar chart.
fn chart(owners: &[(String, &str)], months: &[Month]) -> String {
    const LEFT: usize = 40;
    const TOP: usize = 12;
    const HEIGHT: usize = 180;
    const STEP: usize = 56;
    const BAR: usize = 38;
    let width = LEFT + STEP * months.len() + 8;
    let max = months.iter().map(|m| m.total).max().unwrap_or(0).max(1);
    let tick = max.div_ceil(5).max(1);
    let scale = |n: usize| n * HEIGHT / (max.div_ceil(tick) * tick);
    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg class="calendar-chart" role="img" aria-labelledby="calendar-title calendar-desc" viewBox="0 0 {width} {}" width="{width}" height="{}" xmlns="http://www.w3.org/2000/svg"><title id="calendar-title">Reviews due per month</title><desc id="calendar-desc">A bar for each of the next 12 months, divided by owner. The table beside it gives the same numbers.</desc>"#,
        TOP + HEIGHT + 44,
        TOP + HEIGHT + 44
    );
    let mut value = 0;
    while value <= max.div_ceil(tick) * tick {
        let y = TOP + HEIGHT - scale(value);
        let _ = write!(
            svg,
            r##"<line x1="{LEFT}" x2="{}" y1="{y}" y2="{y}" stroke="#767676" stroke-width="{}"/><text x="{}" y="{}" text-anchor="end" font-size="12" fill="#1a1a1a">{value}</text>"##,
            width - 8,
            if value == 0 { 2 } else { 1 },
            LEFT - 6,
            y + 4
        );
        value += tick;
    }
    for (i, month) in months.iter().enumerate() {
        let x = LEFT + 10 + i * STEP;
        let mut bottom = TOP + HEIGHT;
        for ((owner, colour), &count) in owners.iter().zip(&month.counts) {
            if count == 0 {
                continue;
            }
            let h = scale(count);
            bottom -= h;
            let _ = write!(
                svg,
                r##"<rect x="{x}" y="{bottom}" width="{BAR}" height="{h}" fill="{colour}" stroke="#ffffff" stroke-width="1"><title>{}: {count} due in {}</title></rect>"##,
                escape(owner),
                escape(&month.label)
            );
        }
        let (name, year) = month.label.split_once(' ').unwrap_or((&month.label, ""));
        let _ = write!(
            svg,
            r##"<text x="{}" y="{}" text-anchor="middle" font-size="12" fill="#1a1a1a">{}</text><text x="{}" y="{}" text-anchor="middle" font-size="11" fill="#1a1a1a">{year}</text>"##,
            x + BAR / 2,
            TOP + HEIGHT + 18,
            escape(&name[..name.len().min(3)]),
            x + BAR / 2,
            TOP + HEIGHT + 33,
        );
    }
    svg.push_str("</svg>");
    svg
}
