//! `signpost report` (the content's health as one HTML page or JSON) and
//! `signpost check --external` (links to other sites, against a local
//! server on 127.0.0.1, with the cache the report shows).

use crate::support::link_server;
use crate::support::{Run, SiteTest};

fn json(run: &Run) -> serde_json::Value {
    serde_json::from_str(&run.stdout()).unwrap_or_else(|e| panic!("{e}: {}", run.stdout()))
}

#[test]
fn the_example_site_report_is_one_self_contained_page() {
    let site = SiteTest::example();
    // 2027-09-20: five pages past 2027-09-14, the rest due in October and November.
    site.run_on("2027-09-20", &["report", "-o", "health.html"])
        .expect_success()
        .expect_stderr(&["reported 21 pages to health.html: 5 overdue, 16 due within 90 days, 2 services not verified, 0 unknown numbers; the build passes"]);
    let html = std::fs::read_to_string(site.site().join("health.html")).unwrap();
    for part in [
        "<strong>5</strong><span>pages overdue for review</span>",
        "<strong>8</strong><span>pages due within 30 days</span>",
        "<strong>2</strong><span>services not verified in 12 months</span>",
        "The site has one language (en-GB): nothing to translate",
        "links to other sites not checked yet",
        "<strong>Passes</strong><span>the build and its privacy and safety audit</span>",
        "<svg class=\"calendar-chart\" role=\"img\"",
        "<caption>Reviews due per month, by owner</caption>",
        "<th scope=\"row\">October 2027</th><td class=\"num\">1</td><td class=\"num\">8</td><td class=\"num\">9</td>",
        // Tera writes `/` in attributes as `&#x2F;`, which browsers read as `/`.
        "<a href=\"https:&#x2F;&#x2F;www.example.ac.uk&#x2F;support&#x2F;stalking&#x2F;law&#x2F;\">Stalking and the law</a>",
        "every page (emergency notice)",
        "<td>999</td>",
        "<h3>www.suzylamplugh.org</h3>",
    ] {
        assert!(html.contains(part), "the report lacks {part:?}");
    }
    // Nothing to load: no scripts, stylesheets, images or frames, and a policy that forbids them.
    for tag in [
        "<script", "<link", "<img", "<iframe", "src=", "@import", "url(",
    ] {
        assert!(!html.contains(tag), "the report has {tag:?}");
    }
    assert!(html.contains("content=\"default-src 'none'; style-src 'sha256-"));
    // The JSON is the same data.
    let run = site
        .run_on("2027-09-20", &["report", "--format", "json"])
        .expect_success();
    let data = json(&run);
    assert_eq!(data["tiles"]["overdue"], 5);
    assert_eq!(data["tiles"]["due_30_days"], 8);
    assert_eq!(data["build"]["passes"], true);
    assert_eq!(data["pages"].as_array().unwrap().len(), 21);
    assert_eq!(data["pages"][0]["status"], "overdue");
    assert_eq!(data["pages"][0]["longest"].as_array().unwrap().len(), 3);
    // A build writes no report.
    site.run(&["build"]).expect_success();
    assert!(!site.site().join("public/_signpost").exists());
}

#[test]
fn one_owner_gets_their_own_list() {
    let site = SiteTest::from_fixture("basic");
    site.write(
        "content/law/scotland.md",
        "---\ntitle: Scotland\ndescription: The law.\nreviewed: 2026-01-10\nowner: Legal Team\n---\nThe law in Scotland.\n",
    );
    let data = json(
        &site
            .run_on(
                "2026-11-21",
                &["report", "--format", "json", "--owner", "legal team"],
            )
            .expect_success(),
    );
    let titles: Vec<&str> = data["pages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles, ["Scotland"]);
    assert_eq!(data["owner"], "legal team");
    assert_eq!(data["tiles"]["due_90_days"], 1, "due 2027-01-10");
    let all = json(
        &site
            .run_on("2026-11-21", &["report", "--format", "json"])
            .expect_success(),
    );
    assert!(all["pages"].as_array().unwrap().len() > 1);
    site.run_on("2026-11-21", &["report", "--owner", "Legal"])
        .expect_failure()
        .expect_stderr(&[
            "error: no page has the owner `Legal`",
            "help: the owners are: Legal Team",
        ]);
}

#[test]
fn numbers_in_text_show_the_entry_they_match_or_resemble() {
    let site = SiteTest::from_fixture("basic");
    site.write(
        "content/law/england.md",
        "---\ntitle: England and Wales\ndescription: The law.\nreviewed: 2026-09-14\n---\nCall 0808 202 0300 or 0808 802 0300.\n",
    );
    let data = json(
        &site
            .run_on("2026-11-21", &["report", "--format", "json"])
            .expect_success(),
    );
    assert_eq!(data["tiles"]["unknown_numbers"], 1);
    let rows: Vec<String> = data["numbers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| format!("{} {} {}", n["written"], n["registered"], n["entry"]))
        .collect();
    assert_eq!(
        rows,
        [
            "\"0808 202 0300\" false [\"0808 802 0300\",\"National Stalking Helpline\"]",
            "\"0808 802 0300\" true [\"0808 802 0300\",\"National Stalking Helpline\"]",
        ]
    );
}

#[test]
fn check_external_checks_links_caches_them_and_the_report_shows_them() {
    let (base, seen) = link_server::server();
    let site = SiteTest::from_fixture("basic");
    site.write(
        "content/law/england.md",
        format!("---\ntitle: England and Wales\ndescription: The law.\nreviewed: 2026-09-14\n---\nSee [the guide]({base}/ok), [the old guide]({base}/moved), [the lost guide]({base}/gone), [write to us](mailto:help@example.org) or [call](tel:+448088020300).\n"),
    );
    // Every link out goes to the local server. The quick exit and service
    // websites must be https: the server speaks plain HTTP, so the quick
    // exit (on every page) is broken, reported once.
    let local = |rel: &str, from: &str, to: &str| {
        let text = std::fs::read_to_string(site.site().join(rel)).unwrap();
        assert!(text.contains(from));
        site.write(rel, text.replace(from, to));
    };
    local(
        "content/law/scotland.md",
        "https://www.example.com/",
        &format!("{base}/ok"),
    );
    let https = base.replace("http://", "https://");
    local(
        "site.yaml",
        "https://www.bbc.co.uk/weather",
        &format!("{https}/ok?exit"),
    );
    local(
        "data/services.yaml",
        "  website: https://www.suzylamplugh.org/\n",
        "",
    );
    let host = base
        .trim_start_matches("http://")
        .split(':')
        .next()
        .unwrap()
        .to_string();
    // A build and a plain check never touch the network.
    site.run(&["build"]).expect_success();
    site.run(&["check"]).expect_success();
    site.run(&["report", "-o", "r.html"]).expect_success();
    assert!(
        seen.lock().unwrap().is_empty(),
        "{:?}",
        seen.lock().unwrap()
    );

    let run = site.run(&["check", "--external"]).expect_success();
    let run = run.expect_stderr(&[
        &format!("warning: content/law/england.md: the link to {base}/gone is broken (404)"),
        &format!("note: content/law/england.md: the link to {base}/moved now leads to {base}/ok (301 → 200)"),
        &format!("warning: the link to {https}/ok?exit (on every page) is broken ("),
        "0 errors, 2 warnings; links to other sites: 4 checked, 0 from the cache",
    ]);
    let asked = seen.lock().unwrap().len();
    assert!(asked >= 4, "{asked}");
    assert!(
        // (The quick exit's TLS hello is not an HTTP request: it has no method.)
        seen.lock()
            .unwrap()
            .iter()
            .all(|(method, _, agent)| method.is_empty() || agent.starts_with("signpost/")),
        "{:?}",
        seen.lock().unwrap()
    );
    assert!(!run.stderr().contains("mailto"), "{}", run.stderr());
    // Broken links fail a strict run, for a scheduled pipeline.
    site.run(&["check", "--external", "--strict"])
        .expect_failure();
    assert_eq!(
        seen.lock().unwrap().len(),
        asked,
        "the second run uses the cache"
    );
    let cache: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(site.site().join(".signpost/links.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(cache["links"][format!("{base}/gone")]["status"], 404);

    let data = json(&site.run(&["report", "--format", "json"]).expect_success());
    assert_eq!(data["tiles"]["links_broken"], 2);
    let hosts: Vec<&str> = data["links"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["host"].as_str().unwrap())
        .collect();
    assert!(hosts.contains(&host.as_str()), "{hosts:?}");
    site.run(&["report", "-o", "r.html"]).expect_success();
    let html = std::fs::read_to_string(site.site().join("r.html")).unwrap();
    assert!(html.contains(&format!("<h3>{host}</h3>")), "{html}");
    assert!(html.contains("Broken: 404"));
    assert!(html.contains("Moved: 301 → 200"));
}

#[test]
fn a_report_never_replaces_a_file_it_did_not_write() {
    let site = SiteTest::from_fixture("basic");
    let config = std::fs::read(site.site().join("site.yaml")).unwrap();
    // `-o site.yaml` by mistake: refused, and the configuration is untouched.
    site.run(&["report", "-o", "site.yaml"])
        .expect_failure()
        .expect_stderr(&[
        "error: site.yaml exists and is not a report: signpost leaves it as it is",
        "help: give `-o` a new file name (for example report.html), or move that file away first",
    ]);
    assert_eq!(
        std::fs::read(site.site().join("site.yaml")).unwrap(),
        config
    );
    // An earlier report, HTML or JSON, is replaced; nothing is left beside it.
    for format in ["html", "json"] {
        for _ in 0..2 {
            site.run(&["report", "--format", format, "-o", "health.out"])
                .expect_success();
        }
        std::fs::remove_file(site.site().join("health.out")).unwrap();
    }
    let left: Vec<_> = std::fs::read_dir(site.site())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".tmp") || n.ends_with(".tmp"))
        .collect();
    assert!(left.is_empty(), "temporary files left: {left:?}");
}
