//! Snapshots of the `<main>` of a few representative pages of small fixtures:
//! what a visitor reads, pinned whole. After a deliberate change, run
//! `INSTA_UPDATE=always cargo test --test testsuite snapshots::` (or
//! `cargo insta review`) and read the diff of `snapshots/` before committing.

use crate::support::{one_tag_a_line, SiteTest};

/// The `<main>` of page `rel` of a fresh build of `fixture`, a tag a line.
fn main_of(fixture: &str, rel: &str) -> String {
    let site = SiteTest::from_fixture(fixture);
    site.build();
    one_tag_a_line(&site.main_of(rel))
}

#[test]
fn a_law_page_with_headings_a_table_and_links() {
    insta::assert_snapshot!(main_of("law", "law/scotland/index.html"));
}

#[test]
fn a_section_page_listing_its_pages() {
    insta::assert_snapshot!(main_of("law", "law/index.html"));
}

#[test]
fn a_page_with_service_cards() {
    insta::assert_snapshot!(main_of("services-page", "index.html"));
}

#[test]
fn the_not_found_page() {
    insta::assert_snapshot!(main_of("services-page", "404.html"));
}

#[test]
fn the_accessibility_statement() {
    insta::assert_snapshot!(main_of("services-page", "accessibility/index.html"));
}
