//! What `serve` keeps between rebuilds: after every update, the site held in
//! memory must be exactly what a whole build of the same files gives, and so
//! must its report.

use crate::support::SiteTest;
use signpost::dates::Date;
use signpost::live::LiveSite;
use signpost::watch::Batch;
use signpost::{build, BuildOptions, BuildReport};
use std::time::Duration;

fn options(site: &SiteTest) -> BuildOptions {
    BuildOptions {
        site_dir: site.site(),
        today: Date::parse("2026-11-21").expect("a date"),
        // Readings too, to compare them.
        page_details: true,
        ..BuildOptions::default()
    }
}

/// Update `live` after the files `changed` (under the site) changed, as
/// `serve` does: the changes classified as the watcher classifies them.
/// The number of pages rendered again, and the report after.
fn update(site: &SiteTest, live: &mut LiveSite, changed: &[&str]) -> Option<(usize, BuildReport)> {
    let paths = changed.iter().map(|rel| site.site().join(rel));
    let rendered = live.update(&Batch::classified(paths, &[site.site()]))?;
    let lists = live.lists();
    live.put_lists(lists);
    Some((rendered, live.report(Duration::ZERO)))
}

/// Write `edits`, update `live` with them, and compare it with a whole build.
/// Returns how many pages the update rendered.
fn edit(site: &SiteTest, live: &mut LiveSite, edits: &[(&str, String)]) -> usize {
    for (rel, text) in edits {
        site.write(rel, text);
    }
    let changed: Vec<&str> = edits.iter().map(|(rel, _)| *rel).collect();
    let (rendered, report) = update(site, live, &changed).expect("an update, not a whole build");
    let whole = build(&options(site));
    let shown = |d: &signpost::diagnostics::Diagnostics| {
        let mut all: Vec<String> = d.items().iter().map(|d| format!("{d:?}")).collect();
        all.sort();
        all
    };
    assert_eq!(
        shown(&report.diagnostics),
        shown(&whole.diagnostics),
        "the same problems as a whole build"
    );
    assert_eq!(
        report.reviews, whole.reviews,
        "the same reviews as a whole build"
    );
    assert_eq!(
        report.readings, whole.readings,
        "the same readings as a whole build"
    );
    assert_eq!(
        report.coverage, whole.coverage,
        "the same coverage of translations as a whole build"
    );
    // A failed build writes nothing; the kept site keeps the last good pages.
    let Some(whole) = whole.output else {
        return rendered;
    };
    for (path, bytes) in &whole.files {
        assert_eq!(
            live.tree()
                .files
                .get(path)
                .map(|b| String::from_utf8_lossy(b)),
            Some(String::from_utf8_lossy(bytes)),
            "{path} differs from a whole build"
        );
    }
    assert_eq!(
        live.tree().files.keys().collect::<Vec<_>>(),
        whole.files.keys().collect::<Vec<_>>()
    );
    rendered
}

fn page(title: &str, weight: i64, extra_front: &str, body: &str) -> String {
    format!(
        "---\ntitle: {title}\ndescription: The law in {title}.\nweight: {weight}\nreviewed: 2026-09-14\n\
         aliases: [/old/scotland/]\n{extra_front}---\n## What the law says\n\n{body}\n"
    )
}

#[test]
fn every_update_gives_what_a_whole_build_gives() {
    let site = SiteTest::from_fixture("basic");
    let (live, report) = LiveSite::build(&options(&site));
    assert!(!report.diagnostics.has_errors(false));
    let mut live = live.expect("the first build works");

    // The body of one page.
    let scotland = |title: &str, weight, extra: &str, body: &str| {
        ("content/law/scotland.md", page(title, weight, extra, body))
    };
    let rendered = edit(
        &site,
        &mut live,
        &[scotland("Scotland", 2, "", "New words, call 999.")],
    );
    assert_eq!(rendered, 1);

    // Links from the page alone: one to a page that is missing, one to a
    // heading another page lacks, one that holds. Each found as a whole
    // build finds it (`edit` compares), then all mended.
    let links = "[Gone](/law/gone/), [no heading](/law/england/#nowhere), [fine](/law/)";
    let rendered = edit(&site, &mut live, &[scotland("Scotland", 2, "", links)]);
    assert_eq!(rendered, 1, "only the page: its ids are the same");
    let broken: Vec<String> = (live.report(Duration::ZERO).diagnostics.items())
        .iter()
        .filter(|d| d.code == "broken-link")
        .map(|d| d.message.clone())
        .collect();
    assert_eq!(broken.len(), 2, "{broken:?}");
    assert!(broken[0].contains("/law/gone/") || broken[1].contains("/law/gone/"));
    edit(&site, &mut live, &[scotland("Scotland", 2, "", "Mended.")]);
    assert!(!live.report(Duration::ZERO).diagnostics.has_errors(false));

    // Its title and weight: the section lists it, first now.
    let rendered = edit(&site, &mut live, &[scotland("Alba", 0, "", "Same.")]);
    assert_eq!(rendered, 2);

    // The section's title: in the navigation of every page.
    let law = std::fs::read_to_string(site.site().join("content/law/_index.md")).unwrap();
    let rendered = edit(
        &site,
        &mut live,
        &[(
            "content/law/_index.md",
            law.replace("title: The law", "title: Laws"),
        )],
    );
    assert_eq!(rendered, 4);

    // A service the page shows, and a number its text has.
    let rendered = edit(
        &site,
        &mut live,
        &[scotland(
            "Alba",
            0,
            "services: [national-stalking-helpline]\n",
            "Call 0808 802 0300.",
        )],
    );
    assert_eq!(rendered, 1);
    let services = std::fs::read_to_string(site.site().join("data/services.yaml")).unwrap();
    let rendered = edit(
        &site,
        &mut live,
        &[(
            "data/services.yaml",
            services.replace("Weekdays 9:30am to 4pm", "Every day"),
        )],
    );
    assert_eq!(rendered, 1);
    let rendered = edit(
        &site,
        &mut live,
        &[(
            "data/services.yaml",
            services.replace("0808 802 0300", "0808 802 0301"),
        )],
    );
    assert_eq!(
        rendered, 1,
        "the one page that shows it and wrote its number"
    );

    // A template of the site's own.
    let theme = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates");
    let section = std::fs::read_to_string(theme.join("section.html")).unwrap();
    let rendered = edit(
        &site,
        &mut live,
        &[(
            "templates/section.html",
            section.replace("{% block content %}", "{% block content %}<p>Ours.</p>"),
        )],
    );
    assert_eq!(rendered, 1, "the one section");

    // A heading renamed: the section's link to it breaks, then mends.
    let renamed = page("Alba", 0, "", "x").replace("## What the law says", "## The law");
    edit(&site, &mut live, &[("content/law/scotland.md", renamed)]);
    assert!(
        build(&options(&site)).diagnostics.has_errors(false),
        "the broken link is an error, in both"
    );
    edit(&site, &mut live, &[scotland("Alba", 0, "", "x")]);
}

#[test]
fn moving_a_page_needs_a_whole_build() {
    let site = SiteTest::from_fixture("basic");
    let mut live = LiveSite::build(&options(&site)).0.expect("a build");
    site.write(
        "content/law/scotland.md",
        page("Scotland", 2, "slug: alba\n", "x"),
    );
    assert!(update(&site, &mut live, &["content/law/scotland.md"]).is_none());
}

#[test]
fn an_html_file_among_the_pages_is_not_a_template() {
    let site = SiteTest::from_fixture("basic");
    // A page of its own, safe as the audit wants every page.
    let letter = |words: &str| {
        format!(
            "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
             <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'\">\
             <meta name=\"referrer\" content=\"no-referrer\"><title>Letter</title></head><body>\
             <a href=\"https://www.bbc.co.uk/weather\" rel=\"noreferrer\" data-signpost=\"quick-exit\">Leave</a>\
             <p data-signpost=\"emergency\">In an emergency call 999.</p><p>{words}</p></body></html>"
        )
    };
    site.write("content/templates/letter.html", letter("A letter to copy."));
    let mut live = LiveSite::build(&options(&site)).0.expect("a build");
    site.write("content/templates/letter.html", letter("A new letter."));
    assert!(
        update(&site, &mut live, &["content/templates/letter.html"]).is_none(),
        "a file copied as it is: a whole build copies it"
    );
}

#[test]
fn a_service_edit_renders_the_pages_whose_shortcodes_show_it() {
    let site = SiteTest::from_fixture("basic");
    site.write(
        "content/law/england.md",
        "---\ntitle: England and Wales\ndescription: The law in England and Wales.\nweight: 1\n\
         reviewed: 2026-09-14\n---\n{{ service(id=\"national-stalking-helpline\") }}\n",
    );
    let law = std::fs::read_to_string(site.site().join("content/law/_index.md")).unwrap();
    site.write(
        "content/law/_index.md",
        format!("{law}\n{{{{ services(kind=\"helpline\") }}}}\n"),
    );
    let mut live = LiveSite::build(&options(&site)).0.expect("a build");
    let services = std::fs::read_to_string(site.site().join("data/services.yaml")).unwrap();

    let hours = services.replace("Weekdays 9:30am to 4pm", "Every day");
    let rendered = edit(&site, &mut live, &[("data/services.yaml", hours.clone())]);
    assert_eq!(
        rendered, 2,
        "the page naming it, the section listing helplines"
    );

    let added = format!(
        "{hours}- id: a-new-charity\n  name: A new charity\n  kind: organisation\n  \
         summary: Help.\n  website: https://charity.example/\n  verified: 2026-10-01\n"
    );
    let rendered = edit(&site, &mut live, &[("data/services.yaml", added)]);
    assert_eq!(rendered, 1, "only the section that lists services by kind");
}

#[test]
fn a_services_edit_then_a_page_edit_give_what_a_whole_build_gives() {
    let site = SiteTest::from_fixture("basic");
    let mut live = LiveSite::build(&options(&site)).0.expect("a build");
    let services = std::fs::read_to_string(site.site().join("data/services.yaml")).unwrap();
    // Verified too long ago: the service's review warning and entry change.
    let stale = services.replace(
        "  tags: [stalking, advice]\n  verified: 2026-10-01",
        "  tags: [stalking, advice]\n  verified: 2024-01-01",
    );
    assert_ne!(stale, services);
    edit(&site, &mut live, &[("data/services.yaml", stale)]);
    let has = |code: &str| {
        let whole = build(&options(&site));
        whole.diagnostics.items().iter().any(|d| d.code == code)
    };
    assert!(
        has("service-stale"),
        "the stale service is reported, in both"
    );
    // A page whose review is overdue and whose text reads hard, then mended.
    let hard = "Unfortunately, an individual experiencing harassment should immediately \
                contact the appropriate organisation, particularly when communication \
                continues despite explicit requests to stop, because documentation of every \
                occurrence considerably strengthens any subsequent investigation.";
    let overdue =
        page("Scotland", 2, "", hard).replace("reviewed: 2026-09-14", "reviewed: 2024-01-01");
    edit(&site, &mut live, &[("content/law/scotland.md", overdue)]);
    assert!(has("review-overdue") && has("reading-grade"), "in both");
    edit(
        &site,
        &mut live,
        &[(
            "content/law/scotland.md",
            page("Scotland", 2, "", "Plain words."),
        )],
    );
    // And the services as they were.
    edit(&site, &mut live, &[("data/services.yaml", services)]);
}

#[test]
fn a_page_that_fails_to_render_then_is_mended_gives_what_a_whole_build_gives() {
    let site = SiteTest::from_fixture("basic");
    let mut live = LiveSite::build(&options(&site)).0.expect("a build");
    let unknown = page("Scotland", 2, "", "{{ service(id=\"no-such-service\") }}");
    edit(&site, &mut live, &[("content/law/scotland.md", unknown)]);
    assert!(
        build(&options(&site)).diagnostics.has_errors(false),
        "an unknown service is an error, in both"
    );
    edit(
        &site,
        &mut live,
        &[("content/law/scotland.md", page("Scotland", 2, "", "x"))],
    );
}

#[test]
fn a_template_that_fails_to_compile_leaves_the_site_as_it_was() {
    let site = SiteTest::from_fixture("basic");
    let mut live = LiveSite::build(&options(&site)).0.expect("a build");
    let theme = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates");
    let section = std::fs::read_to_string(theme.join("section.html")).unwrap();
    site.write(
        "templates/section.html",
        section.replace("{% block content %}", "{% block content %}{% if %}"),
    );
    assert!(
        update(&site, &mut live, &["templates/section.html"]).is_none(),
        "a template that does not compile needs a whole build, which says where"
    );
    // Mended: the kept site updates from where it was.
    let rendered = edit(
        &site,
        &mut live,
        &[(
            "templates/section.html",
            section.replace("{% block content %}", "{% block content %}<p>Ours.</p>"),
        )],
    );
    assert_eq!(rendered, 1, "the one section");
}

#[test]
fn a_renamed_heading_breaks_and_mends_a_link_from_a_file_that_is_no_page() {
    let site = SiteTest::from_fixture("basic");
    // A page of its own among the content files, safe as the audit wants
    // every page, linking to a heading of a page.
    site.write(
        "content/letter.html",
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'\">\
         <meta name=\"referrer\" content=\"no-referrer\"><title>Letter</title></head><body>\
         <a href=\"https://www.bbc.co.uk/weather\" rel=\"noreferrer\" data-signpost=\"quick-exit\">Leave</a>\
         <p data-signpost=\"emergency\">In an emergency call 999.</p>\
         <p><a href=\"/law/scotland/#what-the-law-says\">The law</a></p></body></html>",
    );
    let mut live = LiveSite::build(&options(&site)).0.expect("a build");
    let renamed = page("Scotland", 2, "", "x").replace("## What the law says", "## The law");
    edit(&site, &mut live, &[("content/law/scotland.md", renamed)]);
    let whole = build(&options(&site));
    assert!(
        whole
            .diagnostics
            .items()
            .iter()
            .any(|d| d.code == "broken-link" && d.message.contains("what-the-law-says")),
        "the letter's link is broken, in both"
    );
    edit(
        &site,
        &mut live,
        &[("content/law/scotland.md", page("Scotland", 2, "", "x"))],
    );
}

#[test]
fn updates_of_a_site_in_two_languages_give_what_a_whole_build_gives() {
    let site = SiteTest::from_fixture("bilingual");
    let (live, report) = LiveSite::build(&options(&site));
    assert!(
        !report.diagnostics.has_errors(false),
        "{:?}",
        report.diagnostics
    );
    let mut live = live.expect("the first build works");
    let read = |rel: &str| std::fs::read_to_string(site.site().join(rel)).unwrap();
    let advice_cy = read("content/law/advice.cy.md");

    // The body of a Welsh page renders that page only.
    let rendered = edit(
        &site,
        &mut live,
        &[(
            "content/law/advice.cy.md",
            advice_cy.replace("{{ services", "Geiriau newydd.\n\n{{ services"),
        )],
    );
    assert_eq!(rendered, 1);

    // Its heading, which a Welsh page links to: the link breaks, as in a whole build.
    edit(
        &site,
        &mut live,
        &[(
            "content/law/advice.cy.md",
            advice_cy.replace("## Ble i gael cyngor", "## Cyngor am ddim"),
        )],
    );
    // Its title: the Welsh section lists it, in the Welsh alphabet.
    edit(
        &site,
        &mut live,
        &[(
            "content/law/advice.cy.md",
            advice_cy.replace("title: Cyngor", "title: Llinell gyngor"),
        )],
    );

    // The English page reviewed later: its translation is now out of date.
    let help = read("content/law/help.md");
    edit(
        &site,
        &mut live,
        &[(
            "content/law/help.md",
            help.replace("reviewed: 2026-10-01", "reviewed: 2026-11-01"),
        )],
    );
    let (_, report) = LiveSite::build(&options(&site));
    assert!(
        report
            .coverage
            .iter()
            .any(|c| c.language == "cy" && c.out_of_date == 1),
        "the Welsh help page is out of date: {:?}",
        report.coverage
    );
}
