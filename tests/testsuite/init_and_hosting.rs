//! `signpost init` from a lone binary, and hosting anywhere: a base path,
//! relative URLs for file:// and any folder, fingerprinted CSS and JS.

use crate::support::{attr_values, count, texts, Run, SiteTest};
use std::process::Command;

#[test]
fn init_from_a_lone_binary_writes_a_site_that_builds_as_it_is() {
    let dir = tempfile::tempdir().unwrap();
    // Only the binary: no repository, no themes folder beside it.
    let binary = dir.path().join("signpost");
    std::fs::copy(env!("CARGO_BIN_EXE_signpost"), &binary).unwrap();
    let run = |args: &[&str]| {
        // Another test thread that forks while the copy is being written
        // holds it open for writing until it execs: "text file busy" for a
        // moment, never for long.
        for _ in 0..50 {
            match Command::new(&binary)
                .args(args)
                .current_dir(dir.path())
                .output()
            {
                Err(e) if e.kind() == std::io::ErrorKind::ExecutableFileBusy => {
                    std::thread::sleep(std::time::Duration::from_millis(20));
                }
                ran => return ran.unwrap(),
            }
        }
        panic!("{} stayed busy for a second", binary.display())
    };
    let init = run(&["init", "my-site"]);
    assert!(
        init.status.success(),
        "{}",
        String::from_utf8_lossy(&init.stderr)
    );
    let build = run(&["build", "my-site"]);
    let stderr = String::from_utf8_lossy(&build.stderr);
    assert!(build.status.success(), "{stderr}");
    assert!(
        stderr.contains("0 errors, 0 warnings"),
        "the starter builds clean: {stderr}"
    );
    let page = std::fs::read_to_string(
        dir.path()
            .join("my-site/public/staying-safe/quick-exit/index.html"),
    )
    .unwrap();
    assert!(count(&page, "[data-signpost=quick-exit]") > 0);
}

#[test]
fn init_never_overwrites() {
    let site = SiteTest::from_fixture("basic");
    site.run(&["init", "."])
        .expect_failure()
        .expect_stderr(&["already exists and is not empty", "never overwrites"]);
    assert!(site.site().join("content/law/scotland.md").exists());
}

#[test]
fn relative_urls_make_every_internal_url_relative() {
    let site = SiteTest::from_fixture("basic");
    let config = std::fs::read_to_string(site.site().join("site.yaml")).unwrap();
    site.write(
        "site.yaml",
        format!("{config}relative_urls: true\n")
            .replace("https://example.org/", "https://example.org/support/"),
    );
    site.build();
    let page = site.read_output("law/scotland/index.html");
    let hrefs = attr_values(&page, "[href]", "href");
    assert!(
        hrefs.contains(&"../../law/index.html#overview".to_string()),
        "{page}"
    );
    assert!(
        attr_values(&page, "link[rel=stylesheet]", "href")
            .iter()
            .any(|h| h.starts_with("../../css/site.")),
        "stylesheet relative"
    );
    assert!(
        hrefs.iter().all(|h| !h.starts_with('/')),
        "no root-relative URL left:\n{page}"
    );
    let redirect = site.read_output("old/scotland/index.html");
    assert_eq!(
        attr_values(&redirect, "meta[http-equiv=refresh]", "content"),
        ["0; url=../../law/scotland/index.html"],
        "{redirect}"
    );
}

#[test]
fn css_and_js_are_fingerprinted_and_every_reference_follows() {
    let site = SiteTest::from_fixture("basic");
    site.build();
    let page = site.read_output("index.html");
    for prefix in ["css/site.", "css/brand.", "js/quick-exit."] {
        let at = page
            .find(&format!("/{prefix}"))
            .unwrap_or_else(|| panic!("{prefix} referenced"));
        let name: String = page[at + 1..]
            .chars()
            .take_while(|c| !matches!(c, ' ' | '>' | '"'))
            .collect();
        assert!(
            site.site().join("public").join(&name).is_file(),
            "{name} exists"
        );
        assert_eq!(name.matches('.').count(), 2, "{name} carries a hash");
    }
}

/// `signpost ARGS` run in `dir`.
fn signpost_in(dir: &std::path::Path, args: &[&str]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_signpost"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("SIGNPOST_TODAY", "2026-11-21")
        .output()
        .unwrap();
    Run { output }
}

#[test]
fn init_with_languages_writes_a_bilingual_starter_that_builds_clean() {
    let dir = tempfile::tempdir().unwrap();
    signpost_in(dir.path(), &["init", "my-site", "--languages", "en,cy"])
        .expect_success()
        .expect_stderr(&["files) in en-GB, cy"]);
    let site = dir.path().join("my-site");
    let check = signpost_in(&site, &["check"]).expect_success();
    let stderr = check.stderr();
    assert!(stderr.contains("0 errors, 0 warnings"), "{stderr}");
    assert!(
        stderr.contains("cy: 20 of 20 pages, 0 out of date"),
        "{stderr}"
    );
    signpost_in(&site, &["build"]).expect_success();
    let read = |rel: &str| std::fs::read_to_string(site.join("public").join(rel)).unwrap();
    let welsh = read("cy/beth-yw-stelcian/arwyddion/index.html");
    assert_eq!(attr_values(&welsh, "html", "lang"), ["cy"]);
    assert_eq!(texts(&welsh, "h1"), ["Arwyddion stelcian"]);
    assert_eq!(
        attr_values(&welsh, "nav.language-switcher a", "href"),
        ["/support/stalking/about/signs/"]
    );
    assert_eq!(texts(&welsh, "nav.language-switcher a"), ["English"]);
    let english = read("about/signs/index.html");
    assert_eq!(
        attr_values(&english, "nav.language-switcher a", "href"),
        ["/support/stalking/cy/beth-yw-stelcian/arwyddion/"]
    );
    assert_eq!(texts(&english, "nav.language-switcher a"), ["Cymraeg"]);
    // No English interface text on a Welsh page.
    for english in [
        "Leave this site",
        "Skip to main content",
        "If you are in danger now",
        "Last reviewed",
        "Where to get help",
    ] {
        assert!(!welsh.contains(english), "`{english}` on a Welsh page");
    }
    // The Welsh text of a service, and the number written once, in services.yaml.
    let help = read("cy/cael-help/index.html");
    assert!(
        help.contains("Llinell Gymorth Cymorth i Ddioddefwyr"),
        "{help}"
    );
    assert!(help.contains("08 08 16 89 111"));
}

#[test]
fn init_refuses_a_bad_language_list_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    for (list, expected) in [
        (
            "en,CY",
            &[
                "--languages: `CY` is not written as a language code is",
                "help: write it as `cy`",
            ][..],
        ),
        (
            "en,Welsh",
            &[
                "--languages: `Welsh` is not a language code",
                "`cy` for Welsh",
            ],
        ),
        ("cy,en", &["must be English, not `cy`", "--languages en,cy"]),
        ("en,cy,cy", &["--languages names `cy` twice"]),
    ] {
        signpost_in(dir.path(), &["init", "x", "--languages", list])
            .expect_failure()
            .expect_stderr(expected);
        assert!(!dir.path().join("x").exists(), "{list}: a folder was made");
    }
}

#[test]
fn init_for_a_language_without_strings_lists_each_and_the_build_names_those_missing() {
    let dir = tempfile::tempdir().unwrap();
    signpost_in(dir.path(), &["init", "x", "--languages", "en,pl"])
        .expect_success()
        .expect_stderr(&[
            "the theme has no interface strings in pl",
            "the starter has no pages in pl",
        ]);
    let site = dir.path().join("x");
    let yaml = std::fs::read_to_string(site.join("site.yaml")).unwrap();
    assert!(
        yaml.contains("      # quick_exit.label: \"Leave this site\"\n"),
        "{yaml}"
    );
    assert!(yaml.contains("translations: optional"), "{yaml}");
    // Until the strings are written the build stops, naming them: never an
    // English string on a Polish page.
    signpost_in(&site, &["check"])
        .expect_failure()
        .expect_stderr(&["interface strings have no `pl` text"]);
}
