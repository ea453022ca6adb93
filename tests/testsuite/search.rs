//! Site search as a build writes it: the search page (its box, and the A–Z
//! list of every page for visitors without JavaScript), the header link, the
//! index of each language (same input, same bytes; split by first letter on
//! a large site), and `search: false` turning all of it off.

use crate::support::{attr_values, count, texts, SiteTest};

/// The index of the default language of the basic fixture (en-GB), as JSON.
fn index(site: &SiteTest) -> serde_json::Value {
    serde_json::from_str(&site.read_output("search/index.en-gb.json")).expect("the index is JSON")
}

/// The titles of the index's pages, in their order (their numbers).
fn titles(index: &serde_json::Value) -> Vec<String> {
    index["pages"]
        .as_array()
        .expect("pages")
        .iter()
        .map(|p| p[1].as_str().unwrap_or_default().to_string())
        .collect()
}

/// The pages of `term`, decoded as the search script decodes them:
/// (page number, field: 0 body, 1 description or service, 2 heading, 3 title).
fn postings(terms: &serde_json::Value, term: &str) -> Vec<(usize, u32)> {
    let words: Vec<&str> = terms["terms"]
        .as_str()
        .unwrap_or_default()
        .split(' ')
        .collect();
    let Some(at) = words.iter().position(|w| *w == term) else {
        return Vec::new();
    };
    let text = terms["postings"][at].as_str().unwrap_or_default();
    let (last, more) = (
        "abcdefghijklmnopqrstuvwxyz012345",
        "ABCDEFGHIJKLMNOPQRSTUVWXYZ6789+/",
    );
    let mut found = Vec::new();
    let (mut page, mut value, mut shift) = (0, 0, 1);
    for c in text.chars() {
        if let Some(d) = more.find(c) {
            value += d * shift;
            shift *= 32;
            continue;
        }
        value += last.find(c).expect("a digit") * shift;
        page += value / 4;
        found.push((page, (value % 4) as u32));
        page += 1;
        value = 0;
        shift = 1;
    }
    found
}

#[test]
fn the_index_lists_every_page_in_a_to_z_order_with_its_terms_ranked_by_field() {
    let site = SiteTest::from_fixture("basic");
    site.build();
    let index = index(&site);
    assert_eq!(
        titles(&index),
        ["England and Wales", "Home", "Scotland", "The law"]
    );
    assert_eq!(index["normaliser"], "en");
    assert_eq!(index["base"], "/");
    // Scotland: address, title, section (The law), description, headings.
    assert_eq!(
        index["pages"][2],
        serde_json::json!([
            "law/scotland/",
            "Scotland",
            0,
            "The law in Scotland.",
            ["What the law says", "What the law says"]
        ])
    );
    assert_eq!(index["sections"], serde_json::json!(["The law"]));
    // "scotland": Scotland's title (3), and links in the bodies of Home and
    // The law (0); England's page does not have it.
    assert_eq!(postings(&index, "scotland"), [(1, 0), (2, 3), (3, 0)]);
    // "law": the description of England and Wales (1), Home's body (0), a
    // heading of Scotland (2), the title of The law (3).
    assert_eq!(postings(&index, "law"), [(0, 1), (1, 0), (2, 2), (3, 3)]);
    // Body text, folded: "Stalking is a crime".
    assert_eq!(postings(&index, "crime"), [(2, 0)]);
    // Plurals become singular: "Act" and "Acts" are one term.
    assert_eq!(postings(&index, "act"), [(0, 0), (2, 0)]);
}

#[test]
fn the_index_folds_accents_and_names_the_services_a_page_shows() {
    let site = SiteTest::from_fixture("basic");
    site.write(
        "content/law/england.md",
        "---\ntitle: England and Wales\ndescription: The law.\nservices: [national-stalking-helpline]\n---\nA CAFÉ near Ŵyr. Two Orders.\n",
    );
    site.build();
    let index = index(&site);
    let england = 0;
    assert_eq!(postings(&index, "cafe"), [(england, 0)]);
    assert_eq!(postings(&index, "wyr"), [(england, 0)]);
    // English plurals are indexed as the singular.
    assert_eq!(postings(&index, "order"), [(england, 0)]);
    assert!(postings(&index, "orders").is_empty());
    // The service's name and summary (field 1), though the body does not name it.
    assert_eq!(postings(&index, "helpline"), [(england, 1)]);
    assert_eq!(postings(&index, "advice"), [(england, 1)]);
}

#[test]
fn the_same_site_gives_the_same_index_bytes() {
    let site = SiteTest::from_fixture("basic");
    site.build();
    let first = site.read_output("search/index.en-gb.json");
    site.run(&["build"]).expect_success();
    assert_eq!(first, site.read_output("search/index.en-gb.json"));
}

#[test]
fn the_search_page_lists_every_page_a_to_z_by_section_without_a_form() {
    let site = SiteTest::from_fixture("basic");
    site.build();
    let main = site.main_of("search/index.html");
    // The box: labelled, in no form, nothing loaded until it is used.
    assert_eq!(
        attr_values(&main, "label.search__label", "for"),
        ["signpost-search-input"],
        "{main}"
    );
    assert_eq!(texts(&main, "label.search__label"), ["Search this site"]);
    assert_eq!(
        attr_values(&main, "#signpost-search-input", "type"),
        ["search"],
        "{main}"
    );
    assert_eq!(count(&main, "form"), 0, "{main}");
    let html = site.read_output("search/index.html");
    let starts = |values: Vec<String>, start: &str| values.iter().any(|v| v.starts_with(start));
    assert!(
        !starts(attr_values(&html, "script", "src"), "/js/search."),
        "{html}"
    );
    assert!(
        starts(
            attr_values(&html, "[data-signpost-script]", "data-signpost-script"),
            "/js/search."
        ),
        "{html}"
    );
    assert_eq!(
        attr_values(&html, "[data-index]", "data-index"),
        ["index.en-gb.json"],
        "{html}"
    );
    // The A–Z: the home page's own pages, then each section, each A–Z.
    assert_eq!(
        texts(&main, "#signpost-search-az h3"),
        ["General", "The law"]
    );
    assert_eq!(
        attr_values(&main, "#signpost-search-az a", "href"),
        ["/", "/law/england/", "/law/scotland/", "/law/"]
    );
    // One list under each heading: the home page's own, then the section's.
    assert_eq!(
        texts(&main, "#signpost-search-az ul"),
        ["Home", "England and WalesScotlandThe law"],
        "{main}"
    );
}

#[test]
fn every_page_links_to_the_search_page_in_its_header() {
    let site = SiteTest::from_fixture("basic");
    site.build();
    for page in ["index.html", "law/scotland/index.html", "404.html"] {
        let html = site.read_output(page);
        assert_eq!(
            attr_values(&html, "a.site-header__search", "href"),
            ["/search/"],
            "{page}: {html}"
        );
        assert_eq!(texts(&html, "a.site-header__search"), ["Search"], "{page}");
    }
    let search = site.read_output("search/index.html");
    assert_eq!(
        attr_values(&search, "a.site-header__search", "aria-current"),
        ["page"]
    );
}

#[test]
fn search_false_turns_off_the_page_the_link_the_index_and_the_script() {
    let site = SiteTest::from_fixture("basic");
    let config = std::fs::read_to_string(site.site().join("site.yaml")).unwrap();
    site.write("site.yaml", format!("{config}search: false\n"));
    site.build();
    let public = site.site().join("public");
    assert!(!public.join("search").exists());
    let scripts: Vec<String> = std::fs::read_dir(public.join("js"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        scripts.iter().all(|s| !s.starts_with("search")),
        "{scripts:?}"
    );
    assert!(!site
        .read_output("index.html")
        .contains("site-header__search"));
}

#[test]
fn a_page_at_the_search_page_address_is_an_error_naming_it() {
    let site = SiteTest::from_fixture("basic");
    site.write(
        "content/search.md",
        "---\ntitle: Search\ndescription: Mine.\n---\nMine.\n",
    );
    site.run(&["build"]).expect_failure().expect_stderr(&[
        "content/search.md",
        "/search/",
        "search: false",
    ]);
}

#[test]
fn relative_urls_give_relative_addresses_in_the_index_and_the_page() {
    let site = SiteTest::from_fixture("basic");
    let config = std::fs::read_to_string(site.site().join("site.yaml")).unwrap();
    site.write("site.yaml", format!("{config}relative_urls: true\n"));
    site.build();
    let index = index(&site);
    assert_eq!(index["base"], "../");
    assert_eq!(index["suffix"], "index.html");
    let html = site.read_output("search/index.html");
    assert!(
        attr_values(&html, "[data-signpost-script]", "data-signpost-script")
            .iter()
            .any(|v| v.starts_with("../js/search.")),
        "{html}"
    );
    assert!(
        attr_values(&site.read_output("law/index.html"), "a", "href")
            .contains(&"../search/index.html".to_string())
    );
}

#[test]
fn each_language_has_its_own_index() {
    let site = SiteTest::from_fixture("basic");
    site.write(
        "content/law/scotland.cy.md",
        "---\ntitle: Yr Alban\ndescription: Y gyfraith yn yr Alban.\n---\nMae stelcian yn drosedd.\n",
    );
    site.build();
    assert!(!titles(&index(&site)).contains(&"Yr Alban".to_string()));
    let welsh: serde_json::Value =
        serde_json::from_str(&site.read_output("cy/search/index.cy.json")).unwrap();
    assert_eq!(titles(&welsh), ["Yr Alban"]);
    assert_eq!(welsh["normaliser"], "cy");
    // "gyfraith" is found as itself and as its radical "cyfraith".
    assert_eq!(postings(&welsh, "gyfraith"), [(0, 1)]);
    assert_eq!(postings(&welsh, "cyfraith"), [(0, 1)]);
    // Welsh pages are not in the default language's A–Z.
    assert!(!site.main_of("search/index.html").contains("Yr Alban"));
}

#[test]
fn a_large_site_splits_its_terms_by_first_letter() {
    let site = SiteTest::from_fixture("basic");
    // 300 pages with words of their own: more terms than one file should hold.
    for n in 0..300 {
        let words: Vec<String> = (0..40)
            .map(|w| format!("word{n}x{w} zeta{n}y{w}"))
            .collect();
        site.write(
            &format!("content/law/p{n}.md"),
            format!(
                "---\ntitle: Page {n}\ndescription: Page {n}.\n---\n{}\n",
                words.join(" ")
            ),
        );
    }
    site.build();
    let index = index(&site);
    assert!(index.get("terms").is_none());
    let shards: Vec<&str> = index["shards"]
        .as_array()
        .expect("shards")
        .iter()
        .filter_map(|s| s.as_str())
        .collect();
    assert!(shards.contains(&"w") && shards.contains(&"z"), "{shards:?}");
    let w: serde_json::Value =
        serde_json::from_str(&site.read_output("search/index.en-gb.w.json")).unwrap();
    let page_7 = titles(&index).iter().position(|t| t == "Page 7").unwrap();
    assert_eq!(postings(&w, "word7x3"), [(page_7, 0)]);
    assert!(
        postings(&w, "zeta7y3").is_empty(),
        "z terms are in the z file"
    );
}

#[test]
fn the_audit_checks_that_every_page_the_index_lists_is_a_page_of_the_site() {
    let site = SiteTest::from_fixture("basic");
    site.build();
    let index = site.read_output("search/index.en-gb.json");
    site.write(
        "public/search/index.en-gb.json",
        index.replace("\"law/scotland/\"", "\"law/gone/\""),
    );
    site.run(&["audit", "public", "--base-url", "https://example.org/"])
        .expect_failure()
        .expect_stderr(&[
            "search/index.en-gb.json",
            "the search index lists `law/gone/`, which is no page of the site",
        ]);
}

/// Welsh has `dd` and `ll` as letters of their own, after `d` and `l`: the
/// A–Z list and the index's page numbers follow the Welsh alphabet, where
/// sorting by letters alone would put "Ddeddf" before "Dod".
#[test]
fn the_a_to_z_follows_the_alphabet_of_the_sites_language() {
    let site = SiteTest::from_fixture("basic");
    let config = std::fs::read_to_string(site.site().join("site.yaml")).unwrap();
    site.write(
        "site.yaml",
        config.replace("language: en-GB", "language: cy"),
    );
    for (slug, title) in [
        ("llinell", "Llinell"),
        ("lori", "Lori"),
        ("dod", "Dod"),
        ("ddeddf", "Ddeddf"),
    ] {
        site.write(
            &format!("content/law/{slug}.md"),
            format!("---\ntitle: {title}\ndescription: Tudalen {title}.\n---\nGwybodaeth.\n"),
        );
    }
    site.build();
    let main = site.main_of("search/index.html");
    let at = |title: &str| {
        main.find(&format!(">{title}</a>"))
            .unwrap_or_else(|| panic!("{title} in {main}"))
    };
    assert!(at("Dod") < at("Ddeddf"), "Dod before Ddeddf: {main}");
    assert!(at("Ddeddf") < at("Lori"), "{main}");
    assert!(at("Lori") < at("Llinell"), "Lori before Llinell: {main}");
    let index: serde_json::Value =
        serde_json::from_str(&site.read_output("search/index.cy.json")).unwrap();
    let order: Vec<String> = titles(&index)
        .into_iter()
        .filter(|t| ["Llinell", "Lori", "Dod", "Ddeddf"].contains(&t.as_str()))
        .collect();
    assert_eq!(order, ["Dod", "Ddeddf", "Lori", "Llinell"]);
}
