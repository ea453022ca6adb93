//! The report as one self-contained HTML page: inline CSS (allowed by its
//! hash in the page's own Content-Security-Policy), an inline SVG chart, no
//! script, nothing loaded from anywhere. It reads offline and prints.

use super::Health;
use base64::Engine as _;
use sha2::{Digest, Sha256};

const TEMPLATE: &str = include_str!("report.html");
const CSS: &str = include_str!("report.css");

/// The page of a report.
pub fn render(health: &Health) -> Result<String, tera::Error> {
    let hash = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(CSS.as_bytes()));
    let mut ctx = tera::Context::new();
    ctx.insert("h", health);
    ctx.insert("css", CSS);
    ctx.insert("style_hash", &format!("sha256-{hash}"));
    ctx.insert("today_long", &health.today.long());
    tera::Tera::one_off(TEMPLATE, &ctx, true)
}
