//! The privacy and safety audit: every build fails on a breach, naming the
//! page and the element; `signpost audit DIR` checks any folder of HTML.

use crate::support::{Run, SiteTest};
use std::process::Command;

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
/// The England page named as the source, at a line or not.
const PAGE: &str = "error: content/law/england.md:";

#[test]
fn a_small_site_passes_and_gets_headers_files() {
    let site = SiteTest::from_fixture("law");
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
    // Three pages, a redirect, the 404 page, the accessibility statement and
    // the search page.
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
        &["error: content/law/england.md:9: <button onclick=\"leave()\"> has an inline event handler"],
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
            "error: content/law/england.md:9: <p style=\"color: red\"> is inline CSS, which the Content-Security-Policy blocks",
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
    <meta name=referrer content=no-referrer><title>Help</title><link rel=stylesheet href=/site.css></head><body>\
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
    folder.audit(&[]).expect_success().expect_stderr(&[
        "audited 2 pages and 2 stylesheets, scripts and SVG images",
        "0 errors",
    ]);
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
        "error: index.html:1: <img src=\"https://cdn.example.com/x.png\"> loads from cdn.example.com, another site",
        "  help: copy the file into the site",
        "error: css/site.css: url(https://cdn.example.com/f.woff2) at line 1 loads from cdn.example.com",
        "error: js/app.js: line 1 uses document.cookie",
        "error: other.htm: the page has no <meta http-equiv=\"Content-Security-Policy\">",
        "error: other.htm: the page has no quick exit link",
        "error: other.htm: the page has no <meta name=\"referrer\" content=\"no-referrer\">",
        "audited 2 pages and 2 stylesheets, scripts and SVG images",
        "6 errors",
    ]);
    assert!(!run.stderr().contains("emergency"), "{}", run.stderr());
    folder
        .audit(&["--allow", "cdn.example.com"])
        .expect_failure()
        .expect_stderr(&["4 errors"]);
    let run = folder.audit(&["--allow", "example.com"]);
    assert!(run.stderr().contains("6 errors"), "{}", run.stderr());
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

// Holes of issue #11: each is a breach, in a build and in `signpost audit`.

/// A hand-written page (the clean HEAD, then `body`) fails `signpost audit`
/// with exactly `errors` errors, each of `parts` in the output.
fn folder_breach(body: &str, errors: usize, parts: &[&str]) -> Run {
    let folder = Folder::new(&[("index.html", &format!("{HEAD}{body}"))]);
    let run = folder.audit(&[]).expect_failure().expect_stderr(parts);
    let count = format!(": {errors} errors");
    assert!(run.stderr().contains(&count), "{}", run.stderr());
    run
}

#[test]
fn a_refresh_inside_noscript_to_another_site() {
    breach(
        ENGLAND,
        &england_with("<noscript><meta http-equiv=refresh content=\"0;url=https://evil.example/\"></noscript>"),
        &[
            // At the line of the Markdown file that holds it.
            "error: content/law/england.md:9: <noscript>: <meta http-equiv=\"refresh\" content=\"https://evil.example/\"> redirects to evil.example, another site",
            "(in law/england/index.html)",
            "help: a page may send the visitor on only to a page of the site",
        ],
    );
}

#[test]
fn an_image_and_a_stylesheet_inside_noscript() {
    breach(
        ENGLAND,
        &england_with("<noscript><img src=https://evil.example/x alt=\"\"></noscript>"),
        &[
            PAGE,
            "<noscript>: <img src=\"https://evil.example/x\"> loads from evil.example",
        ],
    );
    folder_breach(
        "<noscript><link rel=stylesheet href=https://evil.example/s.css></noscript>\
         <noscript><!--</noscript><textarea>--><img src=https://hidden.example/y></textarea>",
        2,
        &[
            "error: index.html:1: <noscript>: <link rel=\"stylesheet\" href=\"https://evil.example/s.css\"> loads from evil.example",
            "error: index.html:1: <noscript>: <img src=\"https://hidden.example/y\"> loads from hidden.example",
        ],
    );
}

#[test]
fn a_link_inside_noscript_before_the_quick_exit() {
    let page = format!(
        "{}<noscript><a href=/>Home</a></noscript>{}",
        HEAD.split("<body>").next().unwrap(),
        HEAD.split("<body>").nth(1).unwrap()
    )
    .replacen("</head>", "</head><body>", 1);
    let folder = Folder::new(&[("index.html", &page)]);
    folder.audit(&[]).expect_failure().expect_stderr(&[
        "error: index.html: with JavaScript off (inside <noscript>), the first element Tab reaches is <a href=\"/\">, not the quick exit link",
    ]);
}

#[test]
fn a_referrer_policy_weaker_than_no_referrer() {
    breach(
        ENGLAND,
        &england_with("<meta name=\"referrer\" content=\"unsafe-url\">"),
        &[
            "error: content/law/england.md:9: <meta name=\"referrer\" content=\"unsafe-url\"> lets other sites learn which page the visitor came from",
        ],
    );
    folder_breach(
        "<a referrerpolicy=origin href=/>Home</a>",
        1,
        &["<a referrerpolicy=\"origin\"> lets other sites learn which page the visitor came from"],
    );
    // Without the meta tag at all.
    let folder = Folder::new(&[(
        "index.html",
        &HEAD.replace("<meta name=referrer content=no-referrer>", ""),
    )]);
    folder.audit(&[]).expect_failure().expect_stderr(&[
        "error: index.html: the page has no <meta name=\"referrer\" content=\"no-referrer\">",
        "1 errors",
    ]);
}

#[test]
fn a_ping_attribute() {
    let run = breach(
        "templates/partials/quick-exit.html",
        "<a href=\"{{ site.quick_exit.url }}\" data-signpost=\"quick-exit\" rel=\"nofollow noreferrer\" ping=\"/count\">Leave</a>\n",
        &[
            "error: content/law/england.md: <a rel=\"nofollow noreferrer\" ping=\"/count\"> tells the site of every click on the link, which tracks the visitor (in law/england/index.html)",
            "help: remove the ping attribute",
        ],
    );
    assert!(
        !run.stderr().contains("/count, which does not exist"),
        "{}",
        run.stderr()
    );
}

#[test]
fn every_url_bearing_attribute() {
    folder_breach(
        "<link rel=preload as=image imagesrcset=\"https://evil.example/x.png 2x\">\
         <img src=/a.png srcset=\"/a.png 1x,https://evil.example/b.png 2x\" sizes=\"100vw\" alt=\"\">\
         <video poster=https://evil.example/p.jpg></video><table background=https://evil.example/t.png></table>\
         <object data=https://evil.example/o></object><embed src=https://evil.example/e>\
         <svg><image href=https://evil.example/i.png /><use xlink:href=https://evil.example/u.svg#a /></svg>\
         <form action=https://evil.example/f><button formaction=https://evil.example/g>Go</button></form>\
         <base href=https://evil.example/>",
        11,
        &[
            "<link rel=\"preload\" imagesrcset=\"https://evil.example/x.png\"> loads from evil.example",
            "<img srcset=\"https://evil.example/b.png\"> loads from evil.example",
            "<video poster=\"https://evil.example/p.jpg\"> loads from evil.example",
            "<table background=\"https://evil.example/t.png\"> loads from evil.example",
            "<object data=\"https://evil.example/o\"> loads from evil.example",
            "<embed src=\"https://evil.example/e\"> loads from evil.example",
            "<image href=\"https://evil.example/i.png\"> loads from evil.example",
            "<use xlink:href=\"https://evil.example/u.svg#a\"> loads from evil.example",
            "<form action=\"https://evil.example/f\"> sends the form to evil.example",
            "<button formaction=\"https://evil.example/g\"> sends the form to evil.example",
            "<base href=\"https://evil.example/\"> makes every relative URL of the page load from evil.example",
        ],
    );
}

#[test]
fn a_frame_written_in_srcdoc() {
    breach(
        ENGLAND,
        &england_with("<iframe title=\"x\" srcdoc=\"<img src=https://evil.example/x>\"></iframe>"),
        &[
            PAGE,
            "<iframe srcdoc>: <img src=\"https://evil.example/x\"> loads from evil.example",
        ],
    );
    folder_breach(
        "<iframe srcdoc=\"&lt;iframe srcdoc='&amp;lt;a href=https://evil.example/&amp;gt;x'&gt;&lt;/iframe&gt;\"></iframe>",
        1,
        &["error: index.html:1: <iframe srcdoc>: <iframe srcdoc>: <a href=\"https://evil.example/\"> links to evil.example without rel=\"noreferrer\""],
    );
}

#[test]
fn data_urls_in_links_and_frames() {
    breach(
        ENGLAND,
        &england_with("<a href=\"data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;\">Open</a>"),
        &[
            PAGE,
            "<a href=\"data:text/html,<script>alert(1)</script>\"> uses a data: URL; only images may",
        ],
    );
    folder_breach(
        "<a href=\"data:image/svg+xml,<svg onload=alert(1)>\">x</a><iframe src=\"data:text/html,x\"></iframe>\
         <img src=\"data:image/png;base64,AA\" alt=\"\">",
        2,
        &[
            "<a href=\"data:image/svg+xml,<svg onload=alert(1)>\"> uses a data: URL",
            "<iframe src=\"data:text/html,x\"> uses a data: URL",
        ],
    );
}

#[test]
fn a_script_sending_to_another_site() {
    breach(
        "static/js/track.js",
        "// counts visits\nfetch('https://evil.example/collect', { method: 'POST' });\nnavigator.sendBeacon(\"//beacon.example/b\");\n",
        &[
            "error: js/track.",
            "line 2 names https://evil.example/collect, an address on evil.example, another site",
            "line 3 names //beacon.example/b, an address on beacon.example, another site",
        ],
    );
    // privacy.allow admits the host.
    let site = SiteTest::from_fixture("basic");
    let config = std::fs::read_to_string(site.site().join("site.yaml")).unwrap();
    site.write(
        "site.yaml",
        format!("{config}privacy:\n  allow: [api.example.net]\n"),
    );
    site.write("static/js/api.js", "fetch('https://api.example.net/x');\n");
    site.build();
}

#[test]
fn an_svg_with_script_or_outside_loads() {
    breach(
        "static/img/logo.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\">\n\
         <script>fetch('/x')</script>\n<rect onclick=\"go()\" width=\"4\" height=\"4\"/>\n\
         <a xlink:href=\"javascript:alert(1)\"><text>x</text></a>\n\
         <image href=\"https://evil.example/x.png\"/><use href=\"https://evil.example/u.svg#a\"/>\n\
         <foreignObject><p>hi</p></foreignObject></svg>\n",
        &[
            "error: img/logo.svg: the SVG image has 1 <script> element(s), which run as the site when the file is opened by itself",
            "error: img/logo.svg: <rect onclick=\"go()\"> is an event handler",
            "error: img/logo.svg: <a xlink:href=\"javascript:alert(1)\"> runs a javascript: URL",
            "error: img/logo.svg: <image href=\"https://evil.example/x.png\"> loads from evil.example",
            "error: img/logo.svg: <use href=\"https://evil.example/u.svg#a\"> loads from evil.example",
            "error: img/logo.svg: the SVG image has a <foreignObject>",
        ],
    );
    // In any case of extension, in `signpost audit` too.
    let folder = Folder::new(&[
        ("index.html", HEAD),
        (
            "img/Logo.SVG",
            "<svg xmlns=\"http://www.w3.org/2000/svg\"><script href=\"/x.js\"/></svg>",
        ),
    ]);
    folder.audit(&[]).expect_failure().expect_stderr(&[
        "error: img/Logo.SVG: the SVG image has 1 <script> element(s)",
        "audited 1 pages and 1 stylesheets, scripts and SVG images",
    ]);
}

#[test]
fn audit_reads_pages_with_any_html_extension() {
    let bad = "<p>no policy, no quick exit";
    let folder = Folder::new(&[
        ("index.html", HEAD),
        ("A.HTML", bad),
        (
            "b.xhtml",
            "<?xml-stylesheet type=\"text/css\" href=\"https://evil.example/s.css\"?><p>no policy",
        ),
        ("c.htm", bad),
        ("d.Htm", bad),
    ]);
    folder.audit(&[]).expect_failure().expect_stderr(&[
        "error: A.HTML: the page has no <meta http-equiv=\"Content-Security-Policy\">",
        "error: b.xhtml: the page has no quick exit link",
        "error: b.xhtml:1: <?xml-stylesheet href=\"https://evil.example/s.css\"> loads from evil.example",
        "error: c.htm: the page has no quick exit link",
        "error: d.Htm: the page has no quick exit link",
        "audited 5 pages",
    ]);
}

#[cfg(unix)]
#[test]
fn audit_reports_symbolic_link_loops_and_links_out_of_the_folder() {
    use std::os::unix::fs::symlink;
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(
        outside.path().join("secret.html"),
        "<img src=https://evil.example/x>",
    )
    .unwrap();
    let folder = Folder::new(&[("index.html", HEAD), ("sub/page.html", HEAD)]);
    let dir = folder.dir.path();
    symlink(dir, dir.join("sub/loop")).unwrap();
    symlink(outside.path().join("secret.html"), dir.join("linked.html")).unwrap();
    symlink(outside.path(), dir.join("linked-folder")).unwrap();
    symlink(dir.join("index.html"), dir.join("same.html")).unwrap();
    symlink(dir.join("missing.html"), dir.join("broken.html")).unwrap();
    let run = folder.audit(&[]).expect_failure().expect_stderr(&[
        "error: linked.html: is a symbolic link that leads out of the folder: not read, so not checked",
        "error: linked-folder: is a symbolic link that leads out of the folder",
        "warning: sub/loop: is a symbolic link to a folder that holds it (a loop): not read again",
        "warning: broken.html: is a symbolic link to nothing",
        // The rest is read: a link inside the folder too.
        "audited 3 pages",
        "2 errors, 2 warnings",
    ]);
    assert!(!run.stderr().contains("evil.example"), "{}", run.stderr());
}

#[test]
fn addresses_written_to_slip_past_a_reader() {
    folder_breach(
        "<img src=\"HTTPS://EVIL.EXAMPLE/a\" alt=\"\"><img src=\" //evil.example/b\" alt=\"\">\
         <img src=\"\\/\\/evil.example/c\" alt=\"\"><img src=\"&#104;ttps://evil.example/d\" alt=\"\">\
         <img src=\"ht&#x09;tps://evil.example/e\" alt=\"\"><img src=\"https:evil.example/f\" alt=\"\">\
         <a href=\"&#106;avascript:alert(1)\">x</a>",
        7,
        &[
            "<img src=\"HTTPS://EVIL.EXAMPLE/a\"> loads from evil.example",
            "<img src=\" //evil.example/b\"> loads from evil.example",
            "<img src=\"\\/\\/evil.example/c\"> loads from evil.example",
            "<img src=\"https://evil.example/d\"> loads from evil.example",
            "loads from evil.example, another site",
            "<img src=\"https:evil.example/f\"> loads from evil.example",
            "<a href=\"javascript:alert(1)\"> runs a javascript: URL",
        ],
    );
}

#[test]
fn a_weakened_or_misplaced_content_security_policy() {
    breach(
        "templates/partials/head-security.html",
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'self'; img-src *; script-src 'self' https://cdn.example.net\">\n<meta name=\"referrer\" content=\"no-referrer\">",
        &[
            "error: content/law/england.md: the page's Content-Security-Policy allows any site (*) in img-src (in law/england/index.html)",
            "the page's Content-Security-Policy allows cdn.example.net in script-src, another site",
        ],
    );
    folder_breach(
        "<meta http-equiv=Content-Security-Policy content=\"default-src *\">",
        1,
        &[
            "<meta http-equiv=\"content-security-policy\" content=\"default-src *\"> is outside <head>, where browsers ignore it",
        ],
    );
}

#[test]
fn a_slow_refresh_does_not_excuse_a_page_from_the_quick_exit() {
    let folder = Folder::new(&[
        (
            "index.html",
            &HEAD
                .replace(
                    "<title>",
                    "<meta http-equiv=refresh content=\"3600; url=/\"><title>",
                )
                .replace("data-signpost=\"quick-exit\"", ""),
        ),
        (
            "moved/index.html",
            &HEAD
                .replace(
                    "<title>",
                    "<meta http-equiv=refresh content=\"0; url=/\"><title>",
                )
                .replace("data-signpost=\"quick-exit\"", ""),
        ),
    ]);
    let run = folder.audit(&[]).expect_failure().expect_stderr(&[
        "error: index.html: the page has no quick exit link",
        "1 errors",
    ]);
    assert!(!run.stderr().contains("moved/"), "{}", run.stderr());
}

#[test]
fn the_example_site_passes_with_both_themes() {
    for theme in ["default", "calm"] {
        let site = SiteTest::example();
        let config = std::fs::read_to_string(site.site().join("site.yaml")).unwrap();
        site.write(
            "site.yaml",
            config.replace("theme: default", &format!("theme: {theme}")),
        );
        site.build().expect_stderr(&["0 errors"]);
        site.run(&["audit", "public"])
            .expect_success()
            .expect_stderr(&["0 errors"]);
    }
}
