//! `signpost init` from a lone binary, and hosting anywhere: a base path,
//! relative URLs for file:// and any folder, fingerprinted CSS and JS.

use crate::support::{attr_values, count, SiteTest};
use std::process::Command;

#[test]
fn init_from_a_lone_binary_writes_a_site_that_builds_as_it_is() {
    let dir = tempfile::tempdir().unwrap();
    // Only the binary: no repository, no themes folder beside it.
    let binary = dir.path().join("signpost");
    std::fs::copy(env!("CARGO_BIN_EXE_signpost"), &binary).unwrap();
    let run = |args: &[&str]| {
        Command::new(&binary)
            .args(args)
            .current_dir(dir.path())
            .output()
            .unwrap()
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
