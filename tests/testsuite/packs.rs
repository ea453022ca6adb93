//! Content packs: a partner site extends a national pack, replaces and hides
//! pages, merges services by id, and sees what changed.

use crate::support::{attr_values, SiteTest};

#[test]
fn a_partner_inherits_replaces_and_hides_pack_pages() {
    let site = SiteTest::with_pack("pack", "partner");
    site.build();
    // Inherited from the pack, with the partner's site.yaml keys winning.
    let home = site.read_output("index.html");
    assert!(
        home.contains("Northbridge University stalking support"),
        "partner title"
    );
    assert!(home.contains("Northbridge University"), "partner brand");
    assert!(
        attr_values(&home, "a", "href").contains(&"/support/law/".to_string()),
        "partner base_url"
    );
    // Replaced by path.
    let england = site.main_of("law/england/index.html");
    assert!(
        england.contains("Northbridge&#39;s own words")
            || england.contains("Northbridge’s own words"),
        "{england}"
    );
    assert!(!england.contains("The pack"), "{england}");
    // Hidden.
    assert!(!site.site().join("public/law/scotland/index.html").exists());
    assert!(!site.read_output("sitemap.xml").contains("scotland"));
}

#[test]
fn services_merge_by_id_field_by_field() {
    let site = SiteTest::with_pack("pack", "partner");
    site.build();
    let law = site.main_of("law/index.html");
    // Hours from the partner, number from the pack.
    assert!(
        law.contains("Weekdays 10am to 2pm (partner&#39;s local note)")
            || law.contains("Weekdays 10am to 2pm (partner's local note)"),
        "{law}"
    );
    assert!(law.contains("tel:+448088020300"), "{law}");
    assert!(site
        .main_of("law/england/index.html")
        .contains("mailto:wellbeing@example.ac.uk"));
}

#[test]
fn a_pack_service_is_reported_in_the_pack_file_at_its_line() {
    let site = SiteTest::with_pack("pack", "partner");
    let pack = std::fs::read_to_string(site.site().join("../pack/data/services.yaml")).unwrap();
    let line = pack.lines().count() + 1;
    site.write(
        "../pack/data/services.yaml",
        format!(
            "{pack}- id: pack-only\n  name: Pack only\n  kind: organisation\n  \
             summary: Help.\n  website: https://pack.example/\n"
        ),
    );
    site.run(&["check"]).expect_stderr(&[&format!(
        "warning: ../pack/data/services.yaml:{line}: service `pack-only` has no `verified` date"
    )]);
}

#[test]
fn check_shows_what_was_replaced_or_hidden() {
    let site = SiteTest::with_pack("pack", "partner");
    let run = site.run(&["check"]).expect_success();
    run.expect_stderr(&[
        "note: content/law/england.md: replaces the pack's ../pack/content/law/england.md",
        "note: site.yaml:6: hides the pack's ../pack/content/law/scotland.md",
    ]);
    // Notes never fail a strict build.
    site.run(&["check", "--strict"]).expect_success();
}

#[test]
fn a_link_from_a_pack_page_to_a_hidden_page_names_both() {
    let site = SiteTest::with_pack("pack", "partner");
    std::fs::write(
        site.dir.path().join("pack/content/law/_index.md"),
        "---\ntitle: The law\ndescription: d\n---\nSee [Scotland](scotland.md).\n",
    )
    .unwrap();
    site.run(&["build"])
        .expect_failure()
        .expect_stderr(&["error: ../pack/content/law/_index.md:5: link `scotland.md` points to content/law/scotland.md, which this site hides"]);
}

#[test]
fn hiding_a_page_the_pack_does_not_have_is_an_error() {
    let site = SiteTest::with_pack("pack", "partner");
    let config = std::fs::read_to_string(site.site().join("site.yaml")).unwrap();
    site.write(
        "site.yaml",
        config.replace("law/scotland.md", "law/wales.md"),
    );
    site.run(&["build"]).expect_failure().expect_stderr(&[
        "site.yaml:6: `hide` names law/wales.md, which is not a page of the pack",
    ]);
}

#[test]
fn extending_a_missing_pack_is_an_error() {
    let site = SiteTest::from_fixture("partner");
    site.run(&["build"])
        .expect_failure()
        .expect_stderr(&["`extends:` in site.yaml names", "has no site.yaml"]);
}
