//! The build pipeline end to end: a site folder becomes a static site.

use crate::support::{attr_values, links, SiteTest};

#[test]
fn pages_get_pretty_urls_heading_ids_and_resolved_links() {
    let site = SiteTest::from_fixture("law");
    // The home page, the law section and the Scotland page.
    site.build().expect_stderr(&["built 3 pages", "0 errors"]);
    let main = site.main_of("law/scotland/index.html");
    assert!(main.contains("<h1"), "{main}");
    // Stable, unique heading ids.
    assert_eq!(
        attr_values(&main, ".prose h2", "id"),
        ["what-the-law-says", "what-the-law-says-2"]
    );
    // Links to a Markdown file become the page's URL, with the anchor kept;
    // links to other sites never leak the referrer.
    assert_eq!(
        links(&main)[2..],
        [
            link("/law/#overview", "the overview"),
            link("https://www.example.com/", "an outside site")
        ]
    );
    assert_eq!(
        attr_values(&main, "a[href^='https:']", "rel"),
        ["noopener noreferrer"]
    );
    // Tables and smart punctuation.
    assert!(
        main.contains("<table>") && main.contains("a crime – it is “serious”"),
        "{main}"
    );
    let home = site.main_of("index.html");
    assert_eq!(
        links(&home)[..2],
        [link("/law/", "the law"), link("/law/scotland/", "Scotland")]
    );
}

/// A link as [`links`] gives it: its `href` and its text.
fn link(href: &str, text: &str) -> (String, String) {
    (href.to_string(), text.to_string())
}

#[test]
fn sections_list_their_pages_by_weight_then_title() {
    let site = SiteTest::from_fixture("basic");
    site.build();
    let main = site.main_of("law/index.html");
    let england = main.find("England and Wales").expect("England listed");
    let scotland = main.rfind("Scotland</a>").expect("Scotland listed");
    assert!(england < scotland, "weight 1 before weight 2:\n{main}");
}

#[test]
fn generated_files_sitemap_robots_404_and_alias_redirects() {
    let site = SiteTest::from_fixture("basic");
    site.build();
    let sitemap = site.read_output("sitemap.xml");
    assert!(
        sitemap
            .contains("<loc>https://example.org/law/scotland/</loc><lastmod>2026-09-14</lastmod>"),
        "{sitemap}"
    );
    assert!(site
        .read_output("robots.txt")
        .contains("Sitemap: https://example.org/sitemap.xml"));
    assert!(site.read_output("404.html").contains("noindex"));
    let redirect = site.read_output("old/scotland/index.html");
    assert_eq!(
        attr_values(&redirect, "meta[http-equiv=refresh]", "content"),
        ["0; url=/law/scotland/"],
        "{redirect}"
    );
}

#[test]
fn base_url_with_a_path_prefixes_every_internal_url() {
    let site = SiteTest::from_fixture("basic");
    site.run(&[
        "build",
        "--base-url",
        "https://www.example.ac.uk/support/stalking/",
    ])
    .expect_success();
    let main = site.main_of("law/scotland/index.html");
    assert!(
        links(&main).contains(&link("/support/stalking/law/#overview", "the overview")),
        "{main}"
    );
    let page = site.read_output("index.html");
    let stylesheets = attr_values(&page, "link[rel=stylesheet]", "href");
    assert!(
        stylesheets
            .iter()
            .any(|h| h.starts_with("/support/stalking/css/site.")),
        "stylesheet under the base path: {stylesheets:?}"
    );
    assert!(site
        .read_output("sitemap.xml")
        .contains("https://www.example.ac.uk/support/stalking/law/"));
}

#[test]
fn the_same_input_gives_byte_identical_output() {
    let site = SiteTest::from_fixture("basic");
    site.build();
    let first = snapshot(&site.site().join("public"));
    site.build();
    assert_eq!(first, snapshot(&site.site().join("public")));
}

#[test]
fn drafts_are_left_out_unless_asked_for() {
    let site = SiteTest::from_fixture("basic");
    site.write(
        "content/law/draft.md",
        "---\ntitle: Not yet\ndescription: d\ndraft: true\n---\nSoon.\n",
    );
    site.build();
    assert!(!site.site().join("public/law/draft/index.html").exists());
    site.run(&["build", "--drafts"]).expect_success();
    assert!(site.read_output("law/draft/index.html").contains("Not yet"));
}

#[test]
fn a_draft_section_leaves_out_every_page_in_it() {
    let site = SiteTest::from_fixture("basic");
    site.write(
        "content/plans/_index.md",
        "---\ntitle: Plans\ndescription: d\ndraft: true\n---\nSoon.\n",
    )
    .write(
        "content/plans/next/step.md",
        "---\ntitle: Next step\ndescription: d\n---\nNEXT-STEP-TEXT\n",
    );
    site.build();
    let public = site.site().join("public");
    assert!(
        !public.join("plans").exists(),
        "the draft section's folder is written"
    );
    let sitemap = site.read_output("sitemap.xml");
    assert!(!sitemap.contains("plans"), "{sitemap}");
    site.run(&["build", "--drafts"]).expect_success();
    assert!(site
        .read_output("plans/next/step/index.html")
        .contains("NEXT-STEP-TEXT"));
}

#[test]
fn a_failed_build_leaves_the_previous_output_byte_for_byte() {
    let site = SiteTest::from_fixture("basic");
    site.build();
    let before = snapshot(&site.site().join("public"));
    site.write("content/law/england.md", "---\ntitle: [unclosed\n---\n");
    site.run(&["build"])
        .expect_failure()
        .expect_stderr(&["left as it was"]);
    assert_eq!(before, snapshot(&site.site().join("public")));
    let leftovers: Vec<_> = std::fs::read_dir(site.site())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("signpost-"))
        .collect();
    assert!(
        leftovers.is_empty(),
        "staging folders left behind: {leftovers:?}"
    );
}

#[test]
fn a_rebuild_leaves_unchanged_files_untouched_and_replaces_the_rest() {
    let site = SiteTest::from_fixture("basic");
    site.build();
    let public = site.site().join("public");
    let modified = |rel: &str| {
        std::fs::metadata(public.join(rel))
            .unwrap()
            .modified()
            .unwrap()
    };
    let england = modified("law/england/index.html");
    std::thread::sleep(std::time::Duration::from_millis(50));
    site.write(
        "content/law/scotland.md",
        "---\ntitle: Scotland\ndescription: The law in Scotland.\nweight: 2\nreviewed: 2026-09-14\n\
         aliases: [/old/scotland/]\n---\n## What the law says\n\nRewritten for this test.\n",
    );
    site.build();
    assert!(site
        .read_output("law/scotland/index.html")
        .contains("Rewritten for this test."));
    assert_eq!(
        england,
        modified("law/england/index.html"),
        "an unchanged page keeps its time, so a sync to the host skips it"
    );
    assert!(modified("law/scotland/index.html") > england);
}

#[test]
fn check_writes_nothing_and_reports_every_problem_grouped_by_file() {
    let site = SiteTest::from_fixture("basic");
    site.write(
        "content/a.md",
        "---\ntitle: A\ndescription: d\nreviewd: 2026-01-01\n---\n",
    );
    site.write(
        "content/b.md",
        "---\ntitle: B\ndescription: d\nreviewed: 2026-02-30\n---\n",
    );
    let run = site.run(&["check"]).expect_failure();
    let err = run.stderr();
    let a = err
        .find("content/a.md:4:1: unknown key `reviewd`")
        .expect(&err);
    let b = err.find("content/b.md:4:").expect(&err);
    assert!(a < b, "grouped by file in order:\n{err}");
    assert!(err.contains("help: did you mean `reviewed`?"), "{err}");
    assert!(!site.site().join("public").exists(), "check wrote files");
}

#[test]
fn check_json_report_for_pipelines() {
    let site = SiteTest::from_fixture("basic");
    site.write(
        "content/a.md",
        "---\ntitle: A\nreviewed: 2026-09-14\n---\nNo description.\n",
    );
    let run = site.run(&["check", "--format", "json"]);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    let report: serde_json::Value = serde_json::from_str(&run.stdout()).expect("JSON on stdout");
    assert_eq!(report["errors"], 0);
    assert_eq!(report["warnings"], 1);
    let d = &report["diagnostics"][0];
    assert_eq!(d["file"], "content/a.md");
    assert_eq!(d["code"], "no-description");
    assert_eq!(d["severity"], "warning");
    let strict = site.run(&["check", "--format", "json", "--strict"]);
    assert_eq!(strict.code(), 1);
}

#[test]
fn a_wrong_command_line_exits_2() {
    let site = SiteTest::from_fixture("basic");
    assert_eq!(site.run(&["build", "--no-such-flag"]).code(), 2);
    assert_eq!(site.run(&["frobnicate"]).code(), 2);
}

/// Every file of a folder with its bytes, for before/after comparisons.
fn snapshot(dir: &std::path::Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().strip_prefix(dir).unwrap().display().to_string(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    files.sort();
    files
}
