//! The services registry in use: numbers in page text checked against it,
//! service shortcodes, review dates of pages and services, and the schemas.

use crate::support::SiteTest;

/// A date on which nothing in the basic fixture is due for review.
const FRESH: &str = "2026-11-21";
/// A date after every page (reviewed 2026-09-14) and service (verified 2026-10-01) is due.
const LATER: &str = "2027-10-15";

#[test]
fn a_mistyped_number_is_a_warning_naming_the_registered_number() {
    let site =
        SiteTest::england("Call the helpline on 0808 202 0300.\n\n```\n0808 202 0300\n```\n");
    let run = site.run_on(FRESH, &["check"]).expect_success();
    let run = run.expect_stderr(&[
        "warning: content/law/england.md:7:22: number 0808 202 0300 is not in data/services.yaml",
        "help: did you mean 0808 802 0300 (National Stalking Helpline)?",
        "1 warnings",
    ]);
    assert_eq!(
        run.stderr().matches("is not in data/services.yaml").count(),
        1,
        "code blocks are skipped"
    );
    site.run_on(FRESH, &["check", "--strict"])
        .expect_failure()
        .expect_stderr(&["error: content/law/england.md:7:22: number 0808 202 0300"]);
    site.run_on(FRESH, &["build"]).expect_success();
    let main = site.main_of("law/england/index.html");
    assert!(
        main.contains("0808 202 0300") && !main.contains("tel:"),
        "{main}"
    );
}

#[test]
fn a_number_not_like_any_registered_one_asks_to_be_registered() {
    let site = SiteTest::england("Campus security: 0113 496 0000.\n");
    site.run_on(FRESH, &["check"])
        .expect_success()
        .expect_stderr(&[
        "warning: content/law/england.md:7:18: number 0113 496 0000 is not in data/services.yaml",
        "help: add it to data/services.yaml",
    ]);
}

#[test]
fn registered_numbers_in_prose_become_tel_links() {
    let site = SiteTest::england(
        "Call 0808 802 0300, or +44 808 802 0300 from abroad.\n\n| In danger | Call |\n|---|---|\n| Now | 999 |\n\nThe Act of 1997, section 2A, in 2012.\n",
    );
    site.run_on(FRESH, &["build"])
        .expect_success()
        .expect_stderr(&["0 warnings"]);
    let main = site.main_of("law/england/index.html");
    assert!(
        main.contains("tel:+448088020300>0808 802 0300</a>"),
        "{main}"
    );
    assert!(
        main.contains("tel:+448088020300>+44 808 802 0300</a>"),
        "{main}"
    );
    assert!(main.contains("tel:999>999</a>"), "{main}");
    assert!(
        main.contains("The Act of 1997, section 2A, in 2012."),
        "{main}"
    );
}

#[test]
fn the_service_shortcode_renders_the_card() {
    let site = SiteTest::england(
        "Get advice:\n\n{{ service(id=\"national-stalking-helpline\") }}\n\n{{ service(id=\"emergency-services\") }}\n",
    );
    site.run_on(FRESH, &["build"]).expect_success();
    let main = site.main_of("law/england/index.html");
    assert!(main.contains("National Stalking Helpline"), "{main}");
    assert!(main.contains("tel:+448088020300"), "{main}");
    assert!(main.contains("suzylamplugh.org"), "{main}");
    // Short codes stay as they are.
    assert!(
        main.contains("tel:999") && main.contains("tel:18000"),
        "{main}"
    );
    assert!(!main.contains("{{"), "{main}");
}

#[test]
fn an_unknown_service_id_is_an_error_with_its_line() {
    let site = SiteTest::england("Intro.\n\n{{ service(id=\"national-stalking-helpln\") }}\n");
    site.run_on(FRESH, &["build"])
        .expect_failure()
        .expect_stderr(&[
            "error: content/law/england.md:9:1: unknown service id \"national-stalking-helpln\"",
            "help: did you mean \"national-stalking-helpline\"?",
        ]);
}

#[test]
fn an_unknown_shortcode_is_an_error() {
    let site = SiteTest::england("{{ helpline() }}\n");
    site.run_on(FRESH, &["check"])
        .expect_failure()
        .expect_stderr(&["error: content/law/england.md:7:1: unknown shortcode `helpline`"]);
}

#[test]
fn text_that_merely_contains_braces_is_kept() {
    let site = SiteTest::england("Templates write {{ not a shortcode }} like this.\n");
    site.run_on(FRESH, &["build"]).expect_success();
    let main = site.main_of("law/england/index.html");
    assert!(main.contains("{{ not a shortcode }}"), "{main}");
}

#[test]
fn overdue_pages_and_stale_services_are_warnings() {
    let site = SiteTest::from_fixture("basic");
    site.write(
        "content/new.md",
        "---\ntitle: New\ndescription: d\n---\nText.\n",
    );
    site.run_on(FRESH, &["check"])
        .expect_success()
        .expect_stderr(&[
            "warning: content/new.md:2: the page has no `reviewed` date (no owner)",
            "1 warnings",
        ]);
    let run = site.run_on(LATER, &["check"]).expect_success();
    let run = run.expect_stderr(&[
        "warning: content/_index.md:4: review overdue since 14 September 2027 (owner: Test Team)",
        "warning: content/law/_index.md:5: review overdue since 14 September 2027 (no owner)",
        "warning: data/services.yaml:9: service `national-stalking-helpline` was last verified on 1 October 2026, more than 12 months ago",
        "help: check the numbers, hours and website with the service",
    ]);
    assert!(run
        .stderr()
        .contains("data/services.yaml:1: service `emergency-services`"));
    site.run_on(LATER, &["check", "--strict"])
        .expect_failure()
        .expect_stderr(&["error: content/_index.md:4: review overdue since"]);
    site.run_on(LATER, &["build", "--strict"]).expect_failure();
}

#[test]
fn review_due_in_front_matter_wins() {
    let site = SiteTest::from_fixture("basic");
    site.write(
        "content/law/england.md",
        "---\ntitle: E\ndescription: d\nreviewed: 2026-09-14\nreview_due: 2026-10-01\nowner: Student Wellbeing\n---\nText.\n",
    );
    site.run_on(FRESH, &["check"]).expect_stderr(&[
        "warning: content/law/england.md:5: review overdue since 1 October 2026 (owner: Student Wellbeing)",
    ]);
}

#[test]
fn check_json_lists_every_review_for_dashboards() {
    let site = SiteTest::from_fixture("services-page");
    let run = site.run_on(LATER, &["check", "--format", "json"]);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    let report: serde_json::Value = serde_json::from_str(&run.stdout()).expect("JSON");
    let reviews = report["summary"]["reviews"].as_array().expect("reviews");
    let home = reviews
        .iter()
        .find(|r| r["file"] == "content/_index.md")
        .expect("home page");
    assert_eq!(
        *home,
        serde_json::json!({
            "kind": "page", "file": "content/_index.md", "title": "Home", "owner": "Test Team",
            "reviewed": "2026-09-14", "review_due": "2027-09-14", "overdue": true
        })
    );
    let helpline = reviews
        .iter()
        .find(|r| r["id"] == "national-stalking-helpline")
        .expect("service");
    assert_eq!(helpline["kind"], "service");
    assert_eq!(helpline["verified"], "2026-10-01");
    assert_eq!(helpline["overdue"], true);
    assert_eq!(helpline["file"], "data/services.yaml");
    assert_eq!(helpline["line"], 9);
    // One page, two services and the accessibility statement.
    assert_eq!(reviews.len(), 1 + 2 + 1);
    let codes: Vec<&str> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|d| d["code"].as_str())
        .collect();
    assert!(
        codes.contains(&"review-overdue") && codes.contains(&"service-stale"),
        "{codes:?}"
    );

    let fresh = site.run_on(FRESH, &["check", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&fresh.stdout()).expect("JSON");
    let overdue = report["summary"]["reviews"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["overdue"] == true)
        .count();
    assert_eq!(overdue, 0);
    assert_eq!(report["warnings"], 0);
}

#[test]
fn an_unreadable_signpost_today_is_a_usage_error() {
    let site = SiteTest::from_fixture("basic");
    let run = site.run_on("next week", &["check"]);
    assert_eq!(run.code(), 2);
    let run = run.expect_stderr(&["SIGNPOST_TODAY", "YYYY-MM-DD"]);
    assert!(run.stdout().is_empty());
}

#[test]
fn bad_fields_in_services_yaml_name_the_file_line_and_service() {
    let site = SiteTest::from_fixture("basic");
    site.write(
        "data/services.yaml",
        "\
- id: emergency-services
  name: Emergency services
  kind: emergency
  phone: \"999\"
- id: helpline
  name: A helpline
  kind: helpline
  phon: 0808 802 0300
- id: charity
  name: A charity
  kind: organisation
  website: http://example.org/
  email: charity at example.org
",
    );
    site.run_on(FRESH, &["check"])
        .expect_failure()
        .expect_stderr(&[
            "error: data/services.yaml:8:3: service `helpline`: unknown key `phon`",
            "help: did you mean `phone`?",
            "error: data/services.yaml:9: service `charity`: website `http://example.org/` must start with https://",
            "error: data/services.yaml:9: service `charity`: email `charity at example.org` is not an email address",
        ]);
}

#[test]
fn schemas_come_from_the_parsers_structs() {
    let site = SiteTest::from_fixture("basic");
    let page = site.run(&["schema", "page"]).expect_success().stdout();
    assert!(page.contains("\"additionalProperties\": false"), "{page}");
    assert!(page.contains("\"title\""), "{page}");
    let schema: serde_json::Value = serde_json::from_str(&page).expect("JSON");
    assert_eq!(schema["required"], serde_json::json!(["title"]));
    let services: serde_json::Value =
        serde_json::from_str(&site.run(&["schema", "services"]).expect_success().stdout())
            .expect("JSON");
    assert_eq!(services["type"], "array");
    let site_schema = site.run(&["schema", "site"]).expect_success().stdout();
    assert!(site_schema.contains("\"every_months\""), "{site_schema}");
    assert_eq!(site.run(&["schema", "theme"]).code(), 2);
}
