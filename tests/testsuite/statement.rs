//! The accessibility statement generated from `accessibility:` in site.yaml,
//! and the example site's content a safeguarding lead signs off.

use crate::support::{attr_values, count, links, texts, SiteTest};

/// site.yaml of the basic fixture with its `accessibility:` block replaced.
fn with_accessibility(site: &SiteTest, block: &str) {
    let config = std::fs::read_to_string(site.site().join("site.yaml")).unwrap();
    let start = config
        .find("accessibility:")
        .expect("fixture configures it");
    site.write("site.yaml", format!("{}{block}", &config[..start]));
}

/// Every HTML page of the output, by path.
fn pages(site: &SiteTest) -> Vec<(String, String)> {
    let public = site.site().join("public");
    walkdir::WalkDir::new(&public)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(&public)
                .unwrap()
                .display()
                .to_string();
            (rel, std::fs::read_to_string(e.path()).unwrap())
        })
        .collect()
}

#[test]
fn the_statement_has_its_sections_and_a_tel_link_and_every_page_links_to_it() {
    let site = SiteTest::from_fixture("basic");
    site.build();
    let main = site.main_of("accessibility/index.html");
    for part in [
        "Accessibility statement</h1>",
        "Web Content Accessibility Guidelines (WCAG) version 2.2 at level AA",
        "This website is fully compliant with the Web Content Accessibility Guidelines version 2.2 AA standard.",
        "What is checked every time the site is built",
        "the brand colours have enough contrast",
        "the quick exit link is on every page, and it is the first thing the Tab key reaches",
        "What an automatic check cannot find",
        "using a screen reader",
        "using voice control",
        "zooming in to 400 %",
        "Test Team last tested this website on 1 October 2026.",
        "We will reply within 5 working days.",
        "The Equality and Human Rights Commission (EHRC) enforces these regulations in England, Scotland and Wales.",
        "the Equality Commission for Northern Ireland (ECNI)",
        "contact the Equality Advisory and Support Service (EASS)",
        "This statement was prepared on 1 October 2026. It was last reviewed on 1 October 2026.",
        "Next review due <time",
    ] {
        assert!(main.contains(part), "statement lacks {part:?}:\n{main}");
    }
    assert!(
        attr_values(&main, "time", "datetime").contains(&"2027-10-01".to_string()),
        "{main}"
    );
    assert!(!main.contains("What does not work well yet"), "{main}");
    let contacts = links(&main);
    for contact in [
        ("tel:+441134960000", "0113 496 0000"),
        ("mailto:web@example.org", "web@example.org"),
    ] {
        assert!(
            contacts.contains(&(contact.0.to_string(), contact.1.to_string())),
            "statement lacks {contact:?}: {contacts:?}"
        );
    }
    // Every page but the redirects of old addresses, which show no page.
    let all: Vec<(String, String)> = pages(&site)
        .into_iter()
        .filter(|(_, html)| count(html, "meta[http-equiv=refresh]") == 0)
        .collect();
    assert!(all.len() >= 6, "{all:?}");
    for (rel, html) in &all {
        assert!(
            attr_values(html, "footer a", "href").contains(&"/accessibility/".to_string()),
            "{rel} has no footer link to the statement"
        );
    }
    let sitemap = site.read_output("sitemap.xml");
    assert!(
        sitemap
            .contains("<loc>https://example.org/accessibility/</loc><lastmod>2026-10-01</lastmod>"),
        "{sitemap}"
    );
}

#[test]
fn known_issues_make_the_site_partially_compliant() {
    let site = SiteTest::from_fixture("basic");
    with_accessibility(
        &site,
        "accessibility:\n  contact: { phone: 0113 496 0000 }\n  reply_within: 10 working days\n  tested: { date: 2026-10-01, by: Test Team }\n  prepared: 2025-03-01\n  known_issues:\n    - The incident diary cannot be filled in on screen.\n    - { issue: Some headings skip a level., fix_by: 2027-03-31 }\n",
    );
    site.build();
    let main = site.main_of("accessibility/index.html");
    for part in [
        "This website is partially compliant with the Web Content Accessibility Guidelines version 2.2 AA standard",
        "What does not work well yet</h2>",
        "<li>The incident diary cannot be filled in on screen.",
        "<li>Some headings skip a level. We plan to fix this by <time",
        ">31 March 2027</time>.",
        "We will reply within 10 working days.",
        "prepared on 1 March 2025. It was last reviewed on 1 October 2026.",
    ] {
        assert!(main.contains(part), "statement lacks {part:?}:\n{main}");
    }
    assert!(
        attr_values(&main, "h2", "id").contains(&"known-issues".to_string()),
        "{main}"
    );
    assert_eq!(attr_values(&main, "li time", "datetime"), ["2027-03-31"]);
    assert!(!main.contains("fully compliant"), "{main}");
    assert!(!main.contains("mailto:"), "no email configured:\n{main}");
}

#[test]
fn a_site_without_a_statement_is_warned_and_gets_no_page_or_link() {
    let site = SiteTest::from_fixture("basic");
    with_accessibility(&site, "");
    site.run(&["build"]).expect_success().expect_stderr(&[
        "warning: site.yaml: the site has no accessibility statement: site.yaml has no `accessibility:`",
        "accessibility: { contact: { email: web@example.ac.uk, phone: 0113 496 0000 }",
        "1 warnings",
    ]);
    assert!(!site.site().join("public/accessibility").exists());
    for (rel, html) in pages(&site) {
        assert!(!html.contains("Accessibility statement"), "{rel}");
    }
    site.run(&["check", "--strict"]).expect_failure();
}

#[test]
fn the_sites_own_accessibility_page_wins_with_a_note() {
    let site = SiteTest::from_fixture("basic");
    site.write(
        "content/accessibility.md",
        "---\ntitle: Our accessibility statement\ndescription: d\nreviewed: 2026-11-01\n---\nWritten by us.\n",
    );
    site.build().expect_stderr(&[
        "note: site.yaml:9: the site's own page at /accessibility/ is published instead of the statement generated from `accessibility:`",
        "0 warnings",
    ]);
    let main = site.main_of("accessibility/index.html");
    assert!(main.contains("Written by us."), "{main}");
    assert!(!main.contains("Equality Advisory"), "{main}");
    assert!(links(&site.read_output("index.html")).contains(&(
        "/accessibility/".to_string(),
        "Accessibility statement".to_string()
    )));
}

#[test]
fn unknown_keys_and_bad_contacts_in_the_block_are_errors_with_their_line() {
    let site = SiteTest::from_fixture("basic");
    with_accessibility(
        &site,
        "accessibility:\n  contact: { email: web@example.org }\n  reply_in: 5 working days\n  tested: { date: 2026-10-01, by: Test Team }\n",
    );
    site.run(&["check"]).expect_failure().expect_stderr(&[
        "error: site.yaml:11:3: accessibility: unknown key `reply_in`",
        "help: did you mean `reply_within`?",
    ]);
    with_accessibility(
        &site,
        "accessibility:\n  contact:\n    email: web@example.org\n    phone: 0113 496 000\n  reply_within: 5 working days\n  tested: { date: 2026-10-01, by: Test Team }\n",
    );
    site.run(&["build"]).expect_failure().expect_stderr(&[
        "error: site.yaml:12: accessibility.contact.phone `0113 496 000` is not a valid number in GB",
    ]);
    assert!(
        !site.site().join("public").exists(),
        "a failed build wrote files"
    );
    with_accessibility(
        &site,
        "accessibility:\n  contact: {}\n  reply_within: 5 working days\n  tested: { date: 2026-10-01, by: Test Team }\n",
    );
    site.run(&["check"]).expect_failure().expect_stderr(&[
        "error: site.yaml:10: accessibility.contact has neither an email nor a phone number",
    ]);
}

/// `signpost ARGS` in the site folder with "today" set to `today`: (exit code, stderr).
fn run_at(site: &SiteTest, today: &str, args: &[&str]) -> (Option<i32>, String) {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_signpost"))
        .args(args)
        .current_dir(site.site())
        .env("NO_COLOR", "1")
        .env("SIGNPOST_TODAY", today)
        .output()
        .unwrap();
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn the_statement_falls_due_for_review_like_a_page() {
    let site = SiteTest::from_fixture("basic");
    // Tested on 1 October 2026, reviewed every 12 months: due on 1 October 2027.
    let (code, err) = run_at(&site, "2027-10-01", &["check"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(
        !err.contains("accessibility statement"),
        "due today is not overdue:\n{err}"
    );
    let (code, err) = run_at(&site, "2027-10-02", &["check"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(
        err.contains("warning: site.yaml:12: the accessibility statement's review is overdue since 1 October 2027"),
        "{err}"
    );
    let (code, err) = run_at(&site, "2027-10-02", &["check", "--strict"]);
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains("error: site.yaml:12: the accessibility statement's review is overdue"),
        "{err}"
    );
}

#[test]
fn the_example_site_carries_the_right_numbers_and_each_nations_services() {
    let example = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("example-content");
    for entry in walkdir::WalkDir::new(&example) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let text = std::fs::read_to_string(entry.path()).unwrap_or_default();
            let digits: String = text.chars().filter(|c| !c.is_whitespace()).collect();
            assert!(
                !digits.contains("02078408960"),
                "{} carries Paladin's old number",
                entry.path().display()
            );
        }
    }
    let site = SiteTest::example();
    site.build().expect_stderr(&["0 errors, 0 warnings"]);
    let crisis = site.main_of("about/effects/index.html");
    for part in ["Samaritans", "Shout", "NHS 111"] {
        assert!(crisis.contains(part), "effects page lacks {part:?}");
    }
    let hrefs = attr_values(&crisis, "a", "href");
    for href in ["tel:116123", "sms:85258", "tel:111"] {
        assert!(hrefs.iter().any(|h| h == href), "effects page lacks {href}");
    }
    let help = site.main_of("get-help/index.html");
    for part in [
        "press 55",
        "Silent Solution",
        "put 18001 in front of it",
        "call 18000",
    ] {
        assert!(help.contains(part), "get help page lacks {part:?}");
    }
    let hrefs = attr_values(&help, "a", "href");
    for href in ["tel:116123", "sms:85258", "tel:+448082000247"] {
        assert!(
            hrefs.iter().any(|h| h == href),
            "get help page lacks {href}"
        );
    }
    let paladin = site.main_of("law/orders/index.html");
    assert!(
        attr_values(&paladin, "a", "href").contains(&"tel:+442038664107".to_string()),
        "{paladin}"
    );
    for (page, services) in [
        (
            "law/scotland/index.html",
            &[
                "Victim Support Scotland",
                "Scotland's Domestic Abuse and Forced Marriage Helpline",
            ][..],
        ),
        (
            "law/northern-ireland/index.html",
            &["Domestic and Sexual Abuse Helpline"][..],
        ),
        (
            "law/england-and-wales/index.html",
            &["Live Fear Free", "Victim Support Supportline"][..],
        ),
    ] {
        let main = site.main_of(page);
        for name in services {
            assert!(
                texts(&main, "h3.service-card__name")
                    .iter()
                    .any(|n| n == name),
                "{page} lacks the card of {name}"
            );
        }
    }
    assert!(site
        .main_of("law/northern-ireland/index.html")
        .contains("fear, alarm or substantial distress"));
    assert!(site
        .main_of("accessibility/index.html")
        .contains("Northbridge Digital Team"));
}
