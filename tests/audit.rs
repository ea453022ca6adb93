//! The privacy and safety audit: every build fails on a breach, naming the
//! page and the element; `signpost audit DIR` checks any folder of HTML.

mod support;
use std::process::Command;
use support::{Run, SiteTest};

/// The basic fixture with one file added or replaced fails its build, and the
/// error output names every one of `parts`.
fn breach(rel: &str, text: &str, parts: &[&str]) -> Run {
    let site = SiteTest::from_fixture("basic");
    site.write(rel, text);
    let run = site.run(&["build"]).expect_failure().expect_stderr(parts);
    assert!(!run.stderr().contains("panicked"), "{}", run.stderr());
    assert!(
        !site.site().join("public").exists(),
        "a failed build wrote output"
    );
    run
}

/// The England page of the basic fixture with `html` written into its body.
fn england_with(html: &str) -> String {
    format!("---\ntitle: England and Wales\ndescription: The law.\nweight: 1\nreviewed: 2026-09-14\n---\nThe law.\n\n{html}\n")
}

const ENGLAND: &str = "content/law/england.md";
const PAGE: &str = "error: content/law/england.md: ";

#[test]
fn the_basic_fixture_passes_and_gets_headers_files() {
    let site = SiteTest::from_fixture("basic");
    site.build();
    let netlify = site.read_output("_headers");
    assert!(netlify.starts_with("/*\n"), "{netlify}");
    assert!(
        netlify.contains("  Content-Security-Policy: default-src 'none';"),
        "{netlify}"
    );
    let apache = site.read_output(".htaccess");
    assert!(
        apache.contains("Header always set Referrer-Policy \"no-referrer\""),
        "{apache}"
    );
    site.run(&[
        "audit",
        "public",
        "--base-url",
        "https://example.org/",
        "--require-emergency",
    ])
    .expect_success()
    // Four pages, a redirect, the 404 page and the accessibility statement.
    .expect_stderr(&["audited 7 pages", "0 errors"]);
}

#[test]
fn an_image_from_another_site() {
    breach(
        ENGLAND,
        &england_with("<img src=\"https://cdn.example.com/x.png\" alt=\"\">"),
        &[
            PAGE,
            "<img src=\"https://cdn.example.com/x.png\"> loads from cdn.example.com, another site",
            "(in law/england/index.html)",
            "help: copy the file into the site (static/)",
        ],
    );
}

#[test]
fn privacy_allow_admits_exactly_the_named_host() {
    let site = SiteTest::from_fixture("basic");
    let config = std::fs::read_to_string(site.site().join("site.yaml")).unwrap();
    site.write(
        "site.yaml",
        format!("{config}privacy:\n  allow: [cdn.example.com]\n"),
    );
    site.write(
        ENGLAND,
        england_with("<img src=\"https://cdn.example.com/x.png\" alt=\"\">"),
    );
    site.build();
    assert!(site
        .read_output("_headers")
        .contains("img-src 'self' data: https://cdn.example.com"));
    site.write(
        ENGLAND,
        england_with("<img src=\"https://img.cdn.example.com/x.png\" alt=\"\">"),
    );
    site.run(&["build"])
        .expect_failure()
        .expect_stderr(&["loads from img.cdn.example.com"]);
}

#[test]
fn a_script_from_another_site() {
    breach(
        ENGLAND,
        &england_with("<script src=\"//cdn.example.net/track.js\"></script>"),
        &[
            PAGE,
            "<script src=\"//cdn.example.net/track.js\"> loads from cdn.example.net",
        ],
    );
}

#[test]
fn a_srcset_candidate_from_another_site() {
    breach(
        ENGLAND,
        &england_with("<picture><source srcset=\"/a.png 1x, https://img.example.net/b.png 2x\"><img src=\"data:image/png;base64,AA\" alt=\"\"></picture>"),
        &[PAGE, "<source srcset=\"https://img.example.net/b.png\"> loads from img.example.net"],
    );
}

#[test]
fn a_web_font_stylesheet_from_another_site() {
    breach(
        ENGLAND,
        &england_with("<link rel=\"stylesheet\" href=\"https://fonts.googleapis.com/css2?family=Inter\">"),
        &[
            PAGE,
            "<link rel=\"stylesheet\" href=\"https://fonts.googleapis.com/css2?family=Inter\"> loads from fonts.googleapis.com",
        ],
    );
}

#[test]
fn a_frame_from_another_site() {
    breach(
        ENGLAND,
        &england_with("<iframe src=\"https://www.youtube.com/embed/x\" title=\"v\"></iframe>"),
        &[
            PAGE,
            "<iframe src=\"https://www.youtube.com/embed/x\"> loads from www.youtube.com",
        ],
    );
}

#[test]
fn a_form_sending_to_another_site() {
    breach(
        ENGLAND,
        &england_with("<form action=\"https://forms.example.net/submit\"><button>Send</button></form>"),
        &[PAGE, "<form action=\"https://forms.example.net/submit\"> sends the form to forms.example.net"],
    );
}

#[test]
fn a_refresh_to_another_site() {
    breach(
        ENGLAND,
        &england_with("<meta http-equiv=\"refresh\" content=\"5; url=https://away.example.net/\">"),
        &[PAGE, "redirects to away.example.net, another site"],
    );
}

#[test]
fn a_stylesheet_importing_from_another_site() {
    breach(
        "static/css/extra.css",
        "body { color: black }\n@import url(\"https://fonts.googleapis.com/css2?family=Inter\");\n",
        &[
            "error: css/extra.",
            "@import \"https://fonts.googleapis.com/css2?family=Inter\" at line 2 loads from fonts.googleapis.com",
        ],
    );
}

#[test]
fn a_javascript_url() {
    breach(
        ENGLAND,
        &england_with("<a href=\"javascript:history.back()\">Back</a>"),
        &[
            PAGE,
            "<a href=\"javascript:history.back()\"> runs a javascript: URL",
        ],
    );
}

#[test]
fn an_inline_event_handler() {
    breach(
        ENGLAND,
        &england_with("<button onclick=\"leave()\">Leave</button>"),
        &[
            PAGE,
            "<button onclick=\"leave()\"> has an inline event handler",
        ],
    );
}

#[test]
fn an_inline_script() {
    breach(
        ENGLAND,
        &england_with("<script>var seen = true;</script>"),
        &[PAGE, "the page has 1 inline <script> element(s) with code"],
    );
}

#[test]
fn inline_css() {
    breach(
        ENGLAND,
        &england_with("<p style=\"color: red\">Red</p>\n\n<style>p { color: blue }</style>"),
        &[
            PAGE,
            "<p style=\"color: red\"> is inline CSS, which the Content-Security-Policy blocks",
            "<style> is inline CSS",
        ],
    );
}

#[test]
fn web_storage_in_a_shipped_script() {
    breach(
        "static/js/remember.js",
        "// remembers the last page\nwindow.localStorage.setItem('last', location.href);\n",
        &[
            "error: js/remember.",
            "line 2 uses localStorage, which leaves a trace on the visitor's device",
        ],
    );
}

#[test]
fn an_outbound_link_without_noreferrer() {
    breach(
        ENGLAND,
        &england_with("<a href=\"https://www.example.net/\">Elsewhere</a>"),
        &[
            PAGE,
            "<a href=\"https://www.example.net/\"> links to www.example.net without rel=\"noreferrer\"",
        ],
    );
}

#[test]
fn a_link_before_the_quick_exit() {
    let run = breach(
        "templates/partials/quick-exit.html",
        "<a href=\"/\">Home</a>\n<a href=\"{{ site.quick_exit.url }}\" data-signpost=\"quick-exit\" rel=\"nofollow noreferrer\">Leave</a>\n",
        &[
            "error: content/law/england.md: the first element Tab reaches is <a href=\"/\">, not the quick exit link (in law/england/index.html)",
            "error: 404.html: the first element Tab reaches is <a href=\"/\">",
        ],
    );
    // Redirect pages are exempt from the quick exit rules.
    assert!(!run.stderr().contains("old/scotland"), "{}", run.stderr());
}

#[test]
fn no_quick_exit() {
    breach(
        "templates/partials/quick-exit.html",
        "",
        &["error: content/law/england.md: the page has no quick exit link"],
    );
}

#[test]
fn no_emergency_notice_when_the_site_lists_emergency_services() {
    breach(
        "templates/partials/emergency.html",
        "",
        &[
            "error: content/law/england.md: the page has no emergency notice",
            "help: include partials/emergency.html on every page",
        ],
    );
    let site = SiteTest::from_fixture("basic");
    let config = std::fs::read_to_string(site.site().join("site.yaml")).unwrap();
    site.write(
        "site.yaml",
        config.replace("emergency: [emergency-services]\n", ""),
    );
    site.write("templates/partials/emergency.html", "");
    site.build();
}

#[test]
fn no_content_security_policy() {
    breach(
        "templates/partials/head-security.html",
        "<meta name=\"referrer\" content=\"no-referrer\">",
        &[
            "error: content/law/england.md: the page has no <meta http-equiv=\"Content-Security-Policy\">",
            // Redirect pages too.
            "the page has no <meta http-equiv=\"Content-Security-Policy\"> (in old/scotland/index.html)",
        ],
    );
}

/// A hand-written folder of HTML (no signpost site), audited.
struct Folder {
    dir: tempfile::TempDir,
}

const HEAD: &str = "<!doctype html><html lang=en><head><meta charset=utf-8>\
    <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src 'self'\">\
    <title>Help</title><link rel=stylesheet href=/site.css></head><body>\
    <a href=\"https://www.bbc.co.uk/weather\" rel=\"nofollow noreferrer\" data-signpost=\"quick-exit\">Leave this site</a>";

impl Folder {
    fn new(files: &[(&str, &str)]) -> Folder {
        let dir = tempfile::tempdir().expect("temp dir");
        for (rel, text) in files {
            let path = dir.path().join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        Folder { dir }
    }

    fn audit(&self, args: &[&str]) -> Run {
        let output = Command::new(env!("CARGO_BIN_EXE_signpost"))
            .arg("audit")
            .arg(self.dir.path())
            .args(args)
            .env("NO_COLOR", "1")
            .output()
            .expect("run signpost");
        Run { output }
    }
}

#[test]
fn audit_a_clean_hand_written_folder() {
    let folder = Folder::new(&[
        (
            "index.html",
            &format!("{HEAD}<main><h1>Help</h1><a href=help/>More</a></main>"),
        ),
        (
            "help/index.html",
            &format!("{HEAD}<p>Call <a href=tel:999>999</a>"),
        ),
        ("site.css", "body { background: url(/bg.png) }"),
        ("app.js", "document.title = 'x';"),
        ("logo.png", "not read"),
    ]);
    folder
        .audit(&[])
        .expect_success()
        .expect_stderr(&["audited 2 pages and 2 stylesheets and scripts", "0 errors"]);
    // The emergency notice only when asked for.
    folder
        .audit(&["--require-emergency"])
        .expect_failure()
        .expect_stderr(&["error: help/index.html: the page has no emergency notice"]);
}

#[test]
fn audit_a_folder_with_breaches_and_allow_a_host() {
    let folder = Folder::new(&[
        (
            "index.html",
            &format!("{HEAD}<img src=\"https://cdn.example.com/x.png\" alt=\"\">"),
        ),
        (
            "css/site.css",
            "@font-face { src: url(https://cdn.example.com/f.woff2) }",
        ),
        ("js/app.js", "if (document.cookie) {}"),
        ("other.htm", "<p>No policy, <a href=/>no quick exit</a>"),
    ]);
    let run = folder.audit(&[]).expect_failure().expect_stderr(&[
        "error: index.html: <img src=\"https://cdn.example.com/x.png\"> loads from cdn.example.com, another site",
        "  help: copy the file into the site",
        "error: css/site.css: url(https://cdn.example.com/f.woff2) at line 1 loads from cdn.example.com",
        "error: js/app.js: line 1 uses document.cookie",
        "error: other.htm: the page has no <meta http-equiv=\"Content-Security-Policy\">",
        "error: other.htm: the page has no quick exit link",
        "audited 2 pages and 2 stylesheets and scripts",
        "5 errors",
    ]);
    assert!(!run.stderr().contains("emergency"), "{}", run.stderr());
    folder
        .audit(&["--allow", "cdn.example.com"])
        .expect_failure()
        .expect_stderr(&["3 errors"]);
    let run = folder.audit(&["--allow", "example.com"]);
    assert!(run.stderr().contains("5 errors"), "{}", run.stderr());
}

#[test]
fn audit_base_url_makes_the_sites_own_host_its_own() {
    let folder = Folder::new(&[(
        "index.html",
        &format!("{HEAD}<img src=\"https://www.example.ac.uk/support/a.png\" alt=\"\"><a href=\"https://www.example.ac.uk/other/\">Other</a>"),
    )]);
    folder.audit(&[]).expect_failure().expect_stderr(&[
        "loads from www.example.ac.uk",
        "links to www.example.ac.uk without",
    ]);
    folder
        .audit(&["--base-url", "https://www.example.ac.uk/support/"])
        .expect_success();
}

#[test]
fn audit_of_a_missing_folder_exits_2() {
    let folder = Folder::new(&[]);
    let output = Command::new(env!("CARGO_BIN_EXE_signpost"))
        .arg("audit")
        .arg(folder.dir.path().join("missing"))
        .output()
        .expect("run signpost");
    let run = Run { output };
    assert_eq!(run.code(), 2, "{}", run.stderr());
    assert!(run.stderr().contains("is not a folder"), "{}", run.stderr());
    let usage = Command::new(env!("CARGO_BIN_EXE_signpost"))
        .arg("audit")
        .output()
        .expect("run signpost");
    assert_eq!(usage.status.code(), Some(2));
}
