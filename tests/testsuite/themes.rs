//! Themes and rebranding: the theme chain, a site-local theme that extends a
//! built-in one and overrides one block, the second built-in theme, and brand
//! colours checked for contrast.

use crate::support::{copy_dir, count, SiteTest};

/// The basic site with the site-local theme `northbridge` (extends default).
fn with_local_theme() -> SiteTest {
    let site = SiteTest::from_fixture("basic");
    let fixture =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/local-theme");
    copy_dir(&fixture, &site.site());
    let config = std::fs::read_to_string(site.site().join("site.yaml")).unwrap();
    site.write("site.yaml", format!("{config}theme: northbridge\n"));
    site
}

#[test]
fn a_local_theme_overrides_one_block_of_the_theme_it_extends() {
    let site = with_local_theme();
    site.build();
    let main = site.main_of("law/scotland/index.html");
    // The overridden block, with its own string...
    assert!(
        main.contains("Questions about this page? Write to the Student Wellbeing team."),
        "{main}"
    );
    // ...and the parent's block content kept through super().
    assert!(main.contains("Last reviewed"), "{main}");
    // Everything else comes from the parent theme.
    assert!(
        count(
            &site.read_output("law/scotland/index.html"),
            "[data-signpost=quick-exit]"
        ) > 0
    );
    // Static files of the local theme are published beside the parent's.
    let css: Vec<String> = std::fs::read_dir(site.site().join("public/css"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(css.iter().any(|n| n.starts_with("extra.")), "{css:?}");
}

#[test]
fn the_sites_own_templates_win_over_any_theme() {
    let site = with_local_theme();
    site.write(
        "templates/partials/review.html",
        "<p class=\"own-review\">{{ t(key=\"review.last_reviewed\") }} by our own team</p>",
    );
    site.build();
    assert!(site
        .main_of("law/scotland/index.html")
        .contains("by our own team"));
}

#[test]
fn a_missing_parent_theme_is_an_error_naming_both() {
    let site = with_local_theme();
    site.write("themes/northbridge/theme.yaml", "extends: nosuchtheme\n");
    site.run(&["build"])
        .expect_failure()
        .expect_stderr(&["theme `northbridge` extends `nosuchtheme`, which is not a theme"]);
}

#[test]
fn themes_extending_each_other_in_a_circle_is_an_error() {
    let site = with_local_theme();
    site.write("themes/northbridge/theme.yaml", "extends: loop\n");
    site.write("themes/loop/theme.yaml", "extends: northbridge\n");
    site.run(&["build"])
        .expect_failure()
        .expect_stderr(&["themes extend each other in a circle: northbridge → loop → northbridge"]);
}

#[test]
fn an_unknown_theme_lists_the_built_in_ones() {
    let site = SiteTest::from_fixture("basic");
    let config = std::fs::read_to_string(site.site().join("site.yaml")).unwrap();
    site.write("site.yaml", format!("{config}theme: fancy\n"));
    site.run(&["build"]).expect_failure().expect_stderr(&[
        "there is no theme called `fancy`",
        "calm",
        "default",
    ]);
}

#[test]
fn the_calm_theme_builds_the_same_content_differently() {
    let site = SiteTest::from_fixture("basic");
    let config = std::fs::read_to_string(site.site().join("site.yaml")).unwrap();
    site.write("site.yaml", format!("{config}theme: calm\n"));
    site.build();
    let page = site.read_output("law/scotland/index.html");
    assert!(page.contains("/css/calm."), "calm's stylesheet is linked");
    assert!(
        count(&page, "[data-signpost=quick-exit]") > 0
            && count(&page, "[data-signpost=emergency]") > 0
    );
}

#[test]
fn brand_colours_become_css_custom_properties() {
    let site = SiteTest::from_fixture("basic");
    let config = std::fs::read_to_string(site.site().join("site.yaml")).unwrap();
    site.write("site.yaml", format!("{config}brand:\n  name: Northbridge\n  colours: {{ primary: \"#5b2a86\", accent: \"#ffd23f\" }}\n"));
    site.build();
    let css_dir = site.site().join("public/css");
    let brand = std::fs::read_dir(&css_dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("brand.")
        })
        .expect("brand.css");
    let css = std::fs::read_to_string(brand).unwrap();
    assert!(
        css.contains("--brand-primary: #5b2a86") && css.contains("--brand-accent: #ffd23f"),
        "{css}"
    );
}

#[test]
fn a_brand_colour_without_enough_contrast_fails_naming_both_colours_and_the_ratio() {
    let site = SiteTest::from_fixture("basic");
    let config = std::fs::read_to_string(site.site().join("site.yaml")).unwrap();
    site.write(
        "site.yaml",
        format!("{config}brand:\n  colours:\n    primary: \"#7fa7d9\"\n    accent: \"#333333\"\n"),
    );
    site.run(&["build"]).expect_failure().expect_stderr(&[
        "site.yaml:15: brand colour primary #7fa7d9 against #ffffff has contrast 2.4:1, needs 4.5:1",
        "site.yaml:16: brand colour accent #333333 against #0b0c0c has contrast 1.5:1, needs 4.5:1",
    ]);
}

/// The sentences of `{{ quick_exit_history() }}` for each setting.
const BACK_LEAVES: &str = "not to a page of this site";
const BACK_RETURNS: &str = "can bring you back to the page of this site you read before";

#[test]
fn quick_exit_history_sets_the_bar_and_the_sentences_visitors_read() {
    let site = SiteTest::example();
    site.build();
    for page in [
        "staying-safe/quick-exit/index.html",
        "staying-safe/online/index.html",
    ] {
        let html = site.read_output(page);
        assert!(count(&html, "[data-history=single]") > 0, "{page}: {html}");
        let main = site.main_of(page);
        assert!(main.contains(BACK_LEAVES), "{page}: {main}");
        assert!(main.contains("JavaScript is turned off"), "{page}: {main}");
        assert!(main.contains("Ctrl+H"), "{page}: {main}");
        assert!(!main.contains(BACK_RETURNS), "{page}: {main}");
    }

    let config = std::fs::read_to_string(site.site().join("site.yaml")).unwrap();
    site.write(
        "site.yaml",
        config.replace("quick_exit:\n", "quick_exit:\n  history: normal\n"),
    );
    site.build();
    for page in [
        "staying-safe/quick-exit/index.html",
        "staying-safe/online/index.html",
    ] {
        let html = site.read_output(page);
        assert!(count(&html, "[data-history=normal]") > 0, "{page}: {html}");
        assert!(!count(&html, "[data-history=single]") > 0, "{page}: {html}");
        let main = site.main_of(page);
        assert!(main.contains(BACK_RETURNS), "{page}: {main}");
        assert!(!main.contains(BACK_LEAVES), "{page}: {main}");
    }
}

#[test]
fn a_bad_quick_exit_history_names_the_line_and_the_values() {
    let site = SiteTest::from_fixture("basic");
    let config = std::fs::read_to_string(site.site().join("site.yaml")).unwrap();
    site.write(
        "site.yaml",
        config.replace("quick_exit:\n", "quick_exit:\n  history: once\n"),
    );
    site.run(&["build"]).expect_failure().expect_stderr(&[
        "site.yaml:6:12: quick_exit.history: unknown variant `once`, expected `single` or `normal`",
    ]);
    assert!(!site.site().join("public").exists());
}

/// Every string the built-in themes' templates ask for (`t(key="...")`) is in
/// the theme's English and Welsh strings: calm extends default and has none
/// of its own, so both themes are complete in both languages.
#[test]
fn every_string_the_built_in_templates_use_is_in_english_and_in_welsh() {
    let themes = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes");
    let strings = |file: &str| -> std::collections::BTreeMap<String, String> {
        serde_yaml::from_str(&std::fs::read_to_string(themes.join("default").join(file)).unwrap())
            .unwrap()
    };
    let (english, welsh) = (strings("strings.yaml"), strings("strings.cy.yaml"));
    let mut used = std::collections::BTreeSet::new();
    for entry in walkdir::WalkDir::new(&themes) {
        let entry = entry.unwrap();
        if entry.path().extension().is_some_and(|e| e == "html") {
            let text = std::fs::read_to_string(entry.path()).unwrap();
            for (at, m) in text.match_indices("t(key=\"") {
                let rest = &text[at + m.len()..];
                if let Some(end) = rest.find('"') {
                    used.insert(rest[..end].to_string());
                }
            }
        }
    }
    assert!(used.len() > 100, "{used:?}");
    let missing = |strings: &std::collections::BTreeMap<String, String>| {
        used.iter()
            .filter(|k| !strings.contains_key(*k))
            .cloned()
            .collect::<Vec<_>>()
    };
    assert_eq!(
        missing(&english),
        Vec::<String>::new(),
        "keys with no English"
    );
    assert_eq!(missing(&welsh), Vec::<String>::new(), "keys with no Welsh");
}
