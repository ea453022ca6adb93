//! Sites in more than one language (tests/fixtures/bilingual: English and
//! Welsh): each page in its language, the switcher and alternates, links,
//! services, dates and order in the page's language, and the checks of
//! missing and out-of-date translations.

use crate::support::{attr_values, links, texts, SiteTest};

/// The bilingual fixture, built.
fn built() -> SiteTest {
    let site = SiteTest::from_fixture("bilingual");
    site.build();
    site
}

const WELSH_HELP: &str = "cy/y-gyfraith/chwilio-am-help/index.html";
const ENGLISH_HELP: &str = "law/help/index.html";

#[test]
fn each_page_is_written_in_its_language_at_its_address() {
    let site = built();
    let home = site.read_output("cy/index.html");
    assert_eq!(attr_values(&home, "html", "lang"), ["cy"]);
    assert_eq!(attr_values(&home, "html", "dir"), ["ltr"]);
    assert_eq!(
        texts(&home, "title"),
        ["Cymorth stelcian ac aflonyddu"],
        "the Welsh site title"
    );
    assert_eq!(texts(&home, ".site-header__org"), ["Prifysgol Northbridge"]);
    let page = site.read_output(WELSH_HELP);
    assert_eq!(texts(&page, ".skip-link"), ["Neidio i'r prif gynnwys"]);
    assert_eq!(
        texts(&page, ".breadcrumbs__item"),
        ["Cymorth stelcian ac aflonyddu", "Y gyfraith"],
        "its section is the Welsh one, and so are its breadcrumbs"
    );
    assert_eq!(
        attr_values(&page, ".breadcrumbs__item a", "href"),
        ["/support/cy/", "/support/cy/y-gyfraith/"]
    );
    assert_eq!(
        attr_values(&page, ".quick-exit__link", "href"),
        ["https://www.bbc.co.uk/cymrufyw"]
    );
    assert_eq!(texts(&page, ".quick-exit__link"), ["Gadael y wefan hon"]);
    // The section's slug renames its folder for the pages below it.
    site.read_output("cy/y-gyfraith/advice/index.html");
    let english = site.read_output(ENGLISH_HELP);
    assert_eq!(attr_values(&english, "html", "lang"), ["en-GB"]);
    assert_eq!(texts(&english, ".skip-link"), ["Skip to main content"]);
}

#[test]
fn every_page_links_to_itself_in_the_other_language() {
    let site = built();
    let welsh = site.read_output(WELSH_HELP);
    let switcher = ".language-switcher a";
    assert_eq!(
        links(&welsh)
            .into_iter()
            .filter(|(href, _)| href == "/support/law/help/")
            .map(|(_, text)| text)
            .collect::<Vec<_>>(),
        ["English"]
    );
    assert_eq!(attr_values(&welsh, switcher, "hreflang"), ["en-GB"]);
    assert_eq!(attr_values(&welsh, switcher, "lang"), ["en-GB"]);
    assert_eq!(texts(&welsh, switcher), ["English"]);
    assert_eq!(
        attr_values(&welsh, ".language-switcher", "aria-label"),
        ["Ieithoedd"]
    );
    let english = site.read_output(ENGLISH_HELP);
    assert_eq!(
        attr_values(&english, switcher, "href"),
        ["/support/cy/y-gyfraith/chwilio-am-help/"]
    );
    assert_eq!(texts(&english, switcher), ["Cymraeg"]);
    assert_eq!(attr_values(&english, switcher, "lang"), ["cy"]);
    for page in [&welsh, &english] {
        let alternate = "link[rel=alternate]";
        assert_eq!(
            attr_values(page, alternate, "hreflang"),
            ["en-GB", "cy", "x-default"]
        );
        assert_eq!(
            attr_values(page, alternate, "href"),
            [
                "https://www.example.ac.uk/support/law/help/",
                "https://www.example.ac.uk/support/cy/y-gyfraith/chwilio-am-help/",
                "https://www.example.ac.uk/support/law/help/",
            ]
        );
    }
    let sitemap = site.read_output("sitemap.xml");
    assert!(
        sitemap.contains("xmlns:xhtml=\"http://www.w3.org/1999/xhtml\""),
        "{sitemap}"
    );
    assert!(
        sitemap.contains("<loc>https://www.example.ac.uk/support/cy/y-gyfraith/chwilio-am-help/</loc><lastmod>2026-10-01</lastmod><xhtml:link rel=\"alternate\" hreflang=\"en-GB\" href=\"https://www.example.ac.uk/support/law/help/\"/><xhtml:link rel=\"alternate\" hreflang=\"cy\" href=\"https://www.example.ac.uk/support/cy/y-gyfraith/chwilio-am-help/\"/><xhtml:link rel=\"alternate\" hreflang=\"x-default\""),
        "{sitemap}"
    );
}

#[test]
fn links_stay_in_the_page_language_and_anchors_are_checked_there() {
    let site = built();
    let welsh = site.main_of(WELSH_HELP);
    assert!(
        links(&welsh).contains(&(
            "/support/cy/y-gyfraith/advice/#ble-i-gael-cyngor".into(),
            "ble i gael cyngor".into()
        )),
        "{welsh}"
    );
    let home = site.main_of("cy/index.html");
    assert!(links(&home)
        .iter()
        .any(|(h, _)| h == "/support/cy/y-gyfraith/"));

    // An anchor of the English page only is broken from the Welsh page.
    site.write(
        "content/law/help.cy.md",
        "---\ntitle: Chwilio am help\nslug: chwilio-am-help\nreviewed: 2026-10-01\n---\nDarllenwch [hwn](advice.md#where-to-get-advice).\n",
    );
    site.run(&["build"])
        .expect_failure()
        .expect_stderr(&["content/law/help.cy.md", "#where-to-get-advice"]);

    // Naming the Welsh file works too; a page with no Welsh version is a warning.
    site.write(
        "content/law/help.cy.md",
        "---\ntitle: Chwilio am help\nslug: chwilio-am-help\nreviewed: 2026-10-01\n---\n[Cyngor](advice.cy.md) a [hwn](only-english.md).\n",
    );
    site.write(
        "site.yaml",
        std::fs::read_to_string(site.site().join("site.yaml"))
            .unwrap()
            .replace("translations: required", "translations: optional"),
    );
    site.write(
        "content/law/only-english.md",
        "---\ntitle: Only English\ndescription: x\n---\nText.\n",
    );
    let run = site.run(&["build"]).expect_success().expect_stderr(&[
        "warning: content/law/help.cy.md:6: link `only-english.md` goes to content/law/only-english.md: the page has no `cy` translation",
    ]);
    assert_eq!(
        run.stderr()
            .matches("a `cy` page links to another language's page")
            .count(),
        1,
        "{}",
        run.stderr()
    );
    let welsh = site.main_of(WELSH_HELP);
    assert_eq!(
        attr_values(&welsh, ".prose a", "href"),
        [
            "/support/cy/y-gyfraith/advice/",
            "/support/law/only-english/"
        ]
    );
}

#[test]
fn services_dates_and_lists_are_in_the_page_language() {
    let site = built();
    let welsh = site.main_of(WELSH_HELP);
    assert_eq!(
        texts(&welsh, ".service-card__name"),
        ["Llinell Gymorth Genedlaethol Stelcian"]
    );
    assert!(
        welsh.contains("0808 802 0300"),
        "what Welsh does not give is English's"
    );
    assert!(
        welsh.contains("Yn ystod yr wythnos, 9:30am i 4pm"),
        "{welsh}"
    );
    assert!(welsh.contains("1 Hydref 2026"), "{welsh}");
    assert!(!welsh.contains("October"), "{welsh}");
    assert!(site.main_of(ENGLISH_HELP).contains("1 October 2026"));

    // Welsh `ch` is a letter after every other `c`: Cyngor before Chwilio.
    let section = site.main_of("cy/y-gyfraith/index.html");
    assert_eq!(
        texts(&section, ".card-list__link"),
        ["Cyngor", "Chwilio am help"]
    );
    let english = site.main_of("law/index.html");
    assert_eq!(
        texts(&english, ".card-list__link"),
        ["Getting advice", "Looking for help"]
    );
    let advice = site.main_of("cy/y-gyfraith/advice/index.html");
    assert_eq!(
        texts(&advice, ".service-card__name"),
        ["Cyngor ar Bopeth", "Childline"],
        "by the Welsh alphabet"
    );
    let advice = site.main_of("law/advice/index.html");
    assert_eq!(
        texts(&advice, ".service-card__name"),
        ["Childline", "Citizens Advice"]
    );
    let emergency = site.read_output("cy/index.html");
    assert!(emergency.contains("Gwasanaethau brys"), "{emergency}");
}

#[test]
fn generated_pages_exist_in_each_language() {
    let site = built();
    let statement = site.read_output("cy/accessibility/index.html");
    assert_eq!(attr_values(&statement, "html", "lang"), ["cy"]);
    assert!(statement.contains("5 diwrnod gwaith"), "{statement}");
    assert!(statement.contains("1 Hydref 2026"), "{statement}");
    assert_eq!(
        attr_values(&statement, ".language-switcher a", "href"),
        ["/support/accessibility/"]
    );
    let home = site.read_output("cy/index.html");
    assert!(links(&home)
        .iter()
        .any(|(h, _)| h == "/support/cy/accessibility/"));
    let search = site.read_output("cy/search/index.html");
    assert_eq!(attr_values(&search, "html", "lang"), ["cy"]);
    assert_eq!(
        texts(&search, ".search__az-list a"),
        [
            "Cymorth stelcian ac aflonyddu",
            "Cyngor",
            "Chwilio am help",
            "Y gyfraith"
        ],
        "the A–Z list in the Welsh alphabet"
    );

    // One 404 page, its message in each language.
    let not_found = site.read_output("404.html");
    assert_eq!(
        attr_values(&not_found, ".not-found", "lang"),
        ["en-GB", "cy"]
    );
    assert_eq!(
        texts(&not_found, ".not-found .page-title"),
        ["Page not found", "Tudalen heb ei chanfod"]
    );
    assert!(links(&not_found).iter().any(|(h, _)| h == "/support/cy/"));

    // A translation's alias goes to the translation.
    let alias = site.read_output("cy/hen-help/index.html");
    assert_eq!(attr_values(&alias, "html", "lang"), ["cy"]);
    assert!(
        alias.contains("/support/cy/y-gyfraith/chwilio-am-help/"),
        "{alias}"
    );
    assert!(site
        .read_output("old-help/index.html")
        .contains("/support/law/help/"));
}

#[test]
fn check_prints_how_far_each_language_is_translated() {
    let site = SiteTest::from_fixture("bilingual");
    let run = site.run(&["check"]).expect_success();
    assert!(
        run.stderr().contains("cy: 4 of 4 pages, 0 out of date"),
        "{}",
        run.stderr()
    );
    let run = site.run(&["check", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&run.stdout()).unwrap();
    let languages = &json["summary"]["languages"];
    assert_eq!(languages[0]["language"], "cy", "{json}");
    assert_eq!(languages[0]["pages"], 4);
    assert_eq!(languages[0]["of"], 4);
}

#[test]
fn a_missing_translation_fails_the_build_when_translations_are_required() {
    let site = SiteTest::from_fixture("bilingual");
    site.remove("content/law/advice.cy.md");
    site.write(
        "content/law/help.cy.md",
        "---\ntitle: Chwilio am help\nslug: chwilio-am-help\nreviewed: 2026-10-01\n---\nTestun.\n",
    );
    site.run(&["build"]).expect_failure().expect_stderr(&[
        "error: content/law/advice.md:1: this page has no `cy` version: content/law/advice.cy.md does not exist",
    ]);
    assert!(!site.site().join("public").exists());

    let text = std::fs::read_to_string(site.site().join("site.yaml")).unwrap();
    site.write(
        "site.yaml",
        text.replace("translations: required", "translations: optional"),
    );
    site.run(&["build"])
        .expect_success()
        .expect_stderr(&["warning: content/law/advice.md:1: this page has no `cy` version"]);
    let english = site.read_output("law/advice/index.html");
    assert_eq!(
        texts(&english, ".language-switcher a"),
        Vec::<String>::new()
    );
    assert_eq!(
        attr_values(&english, "link[rel=alternate]", "hreflang"),
        ["en-GB", "x-default"]
    );
    let run = site.run(&["check"]);
    assert!(
        run.stderr().contains("cy: 3 of 4 pages, 0 out of date"),
        "{}",
        run.stderr()
    );
}

#[test]
fn a_translation_reviewed_before_its_page_is_out_of_date() {
    let site = SiteTest::from_fixture("bilingual");
    let page = std::fs::read_to_string(site.site().join("content/law/advice.md")).unwrap();
    site.write(
        "content/law/advice.md",
        page.replace("reviewed: 2026-10-01", "reviewed: 2026-11-02"),
    );
    let run = site.run(&["check"]).expect_success().expect_stderr(&[
        "warning: content/law/advice.cy.md:4: this translation was reviewed on 2026-10-01, before content/law/advice.md was (on 2026-11-02)",
        "cy: 4 of 4 pages, 1 out of date",
    ]);
    drop(run);
    site.run(&["check", "--strict"]).expect_failure();
    let json = site.run(&["check", "--format", "json"]).stdout();
    assert!(json.contains("stale-translation"), "{json}");
    // The report's translations tile counts it.
    let report: serde_json::Value =
        serde_json::from_str(&site.run(&["report", "--format", "json"]).stdout()).unwrap();
    let languages = &report["languages"];
    assert_eq!(
        (
            &languages["others"][0],
            &languages["missing"],
            &languages["out_of_date"]
        ),
        (&"cy".into(), &0.into(), &1.into()),
        "{languages}"
    );
}

#[test]
fn a_welsh_services_file_names_only_services_of_the_registry() {
    let site = SiteTest::from_fixture("bilingual");
    let text = std::fs::read_to_string(site.site().join("data/services.cy.yaml")).unwrap();
    site.write(
        "data/services.cy.yaml",
        format!("{text}- id: no-such-service\n  name: Dim\n"),
    );
    site.run(&["build"]).expect_failure().expect_stderr(&[
        "error: data/services.cy.yaml:17: ",
        "service `no-such-service` is not in data/services.yaml",
    ]);
}

#[test]
fn a_language_without_theme_strings_needs_them_all_in_site_yaml() {
    let site = SiteTest::from_fixture("bilingual");
    let text = std::fs::read_to_string(site.site().join("site.yaml")).unwrap();
    site.write(
        "site.yaml",
        text.replace(
            "translations: required",
            "  pl:\n    title: Wsparcie\n    strings: { nav.home: Strona główna }\ntranslations: optional",
        ),
    );
    // Every string of the theme but the one given.
    let theme = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/strings.yaml"),
    )
    .unwrap();
    let keys = theme
        .lines()
        .filter(|l| !l.starts_with('#') && l.contains(": "))
        .count();
    let run = site.run(&["build"]).expect_failure().expect_stderr(&[&format!(
        "error: site.yaml:26: {} interface strings have no `pl` text: accessibility.checks.contrast,",
        keys - 1
    )]);
    assert!(
        !run.stderr().contains("Failed to render"),
        "no template error follows: {}",
        run.stderr()
    );
}

#[test]
fn an_arabic_page_runs_right_to_left() {
    let site = SiteTest::from_fixture("bilingual");
    let text = std::fs::read_to_string(site.site().join("site.yaml")).unwrap();
    let mut strings = String::new();
    let theme = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/strings.yaml"),
    )
    .unwrap();
    for line in theme
        .lines()
        .filter(|l| !l.starts_with('#') && l.contains(": "))
    {
        let (key, _) = line.split_once(": ").unwrap();
        strings.push_str(&format!("      {key}: \"نص {key}\"\n"));
    }
    site.write(
        "site.yaml",
        text.replace(
            "translations: required",
            &format!("  ar:\n    title: الدعم\n    strings:\n{strings}translations: optional"),
        ),
    );
    site.write(
        "content/law/help.ar.md",
        "---\ntitle: المساعدة\nreviewed: 2026-10-01\n---\nنص.\n",
    );
    site.build();
    let page = site.read_output("ar/law/help/index.html");
    assert_eq!(attr_values(&page, "html", "lang"), ["ar"]);
    assert_eq!(attr_values(&page, "html", "dir"), ["rtl"]);
    assert_eq!(
        attr_values(
            &site.read_output(ENGLISH_HELP),
            ".language-switcher a",
            "hreflang"
        ),
        ["ar", "cy"]
    );
}

/// A pack carries its translations: a partner inherits its Welsh pages and
/// Welsh services, replaces one page, and hiding a page hides its translation.
#[test]
fn a_partner_inherits_the_packs_translations_and_replaces_one() {
    let site = SiteTest::with_pack("pack", "partner");
    let pack = site.dir.path().join("pack");
    let write = |rel: &str, text: &str| std::fs::write(pack.join(rel), text).unwrap();
    let config = std::fs::read_to_string(pack.join("site.yaml")).unwrap();
    write(
        "site.yaml",
        &format!("{config}languages:\n  cy:\n    title: Cymorth stelcian\n    accessibility: {{ reply_within: 5 diwrnod gwaith }}\ntranslations: optional\n"),
    );
    let page = |title: &str, body: &str| {
        format!(
            "---\ntitle: {title}\ndescription: Disgrifiad.\nreviewed: 2026-09-14\n---\n{body}\n"
        )
    };
    write("content/_index.cy.md", &page("Cymorth", "Croeso."));
    write(
        "content/law/_index.cy.md",
        &page(
            "Y gyfraith",
            "{{ service(id=\"national-stalking-helpline\") }}",
        ),
    );
    write(
        "content/law/england.cy.md",
        &page("Cymru a Lloegr", "Geiriau'r pecyn."),
    );
    write(
        "content/law/scotland.cy.md",
        &page("Yr Alban", "Geiriau'r pecyn."),
    );
    write(
        "data/services.cy.yaml",
        "- id: national-stalking-helpline\n  name: Llinell Gymorth Genedlaethol Stelcian\n",
    );
    site.write(
        "content/law/england.cy.md",
        page("Cymru a Lloegr", "Geiriau Northbridge ei hun."),
    );
    site.build();
    assert!(site.main_of("cy/index.html").contains("Croeso."));
    let england = site.main_of("cy/law/england/index.html");
    assert!(england.contains("Geiriau Northbridge ei hun."), "{england}");
    assert!(!england.contains("pecyn"), "{england}");
    assert_eq!(
        texts(&site.main_of("cy/law/index.html"), ".service-card__name"),
        ["Llinell Gymorth Genedlaethol Stelcian"]
    );
    assert!(!site.site().join("public/cy/law/scotland").exists());
    assert_eq!(
        attr_values(
            &site.read_output("law/england/index.html"),
            ".language-switcher a",
            "href"
        ),
        ["/support/cy/law/england/"]
    );
}

/// The calm theme shows the switcher and the alternates too.
#[test]
fn the_calm_theme_has_the_switcher_and_the_alternates() {
    let site = SiteTest::from_fixture("bilingual");
    let text = std::fs::read_to_string(site.site().join("site.yaml")).unwrap();
    site.write("site.yaml", format!("theme: calm\n{text}"));
    site.build();
    let welsh = site.read_output(WELSH_HELP);
    assert_eq!(texts(&welsh, ".language-switcher a"), ["English"]);
    assert_eq!(
        attr_values(&welsh, "link[rel=alternate]", "hreflang"),
        ["en-GB", "cy", "x-default"]
    );
    assert!(welsh.contains("calm."), "the calm stylesheet: {welsh}");
}

#[test]
fn a_page_at_the_address_of_a_languages_search_page_is_an_error() {
    let site = SiteTest::from_fixture("bilingual");
    site.write(
        "content/chwilio.cy.md",
        "---\ntitle: Chwilio\nslug: search\n---\nGeiriau.\n",
    );
    site.run(&["build"]).expect_failure().expect_stderr(&[
        "content/chwilio.cy.md:1: this page would be written to /cy/search/, where the site's search page is",
    ]);
}

#[test]
fn a_file_named_for_a_language_the_site_does_not_have_is_only_warned_about() {
    let site = SiteTest::from_fixture("bilingual");
    site.write(
        "content/law/extra.fr.md",
        "---\ntitle: Extra\ndescription: A page.\n---\nWords.\n",
    );
    let run = site.run(&["build"]).expect_success().expect_stderr(&[
        "warning: content/law/extra.fr.md:1: this file's name says it is in `fr`, which is not a language of the site",
    ]);
    assert!(
        !run.stderr().contains("has no `en-GB` version"),
        "no missing page is claimed for a language the site does not have: {}",
        run.stderr()
    );
}
