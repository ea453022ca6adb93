//! Bad input: each gets a clear error naming the file and line, never a
//! panic, never a half-written site, never a deleted file signpost did not write.

use crate::support::{attr_values, SiteTest};

fn fails_with(site: &SiteTest, parts: &[&str]) {
    let run = site.run(&["build"]).expect_failure().expect_stderr(parts);
    assert!(!run.stderr().contains("panicked"), "{}", run.stderr());
    assert!(
        !site.site().join("public").exists(),
        "a failed first build wrote output"
    );
}

#[test]
fn malformed_yaml_names_file_and_line() {
    let site = SiteTest::from_fixture("basic");
    site.write(
        "content/law/england.md",
        "---\ntitle: England\ndescription: [unclosed\n---\nText\n",
    );
    fails_with(&site, &["error: content/law/england.md:3:"]);
}

#[test]
fn an_unclosed_quote_is_reported_at_its_own_line_with_what_to_do() {
    let site = SiteTest::from_fixture("basic");
    site.write(
        "content/law/england.md",
        "---\ntitle: \"England\ndescription: d\nowner: Team\n---\nText\n",
    );
    fails_with(
        &site,
        &[
            "error: content/law/england.md:2: this value's quote is never closed",
            "help: a value opens a quote",
        ],
    );
    site.write(
        "content/law/england.md",
        "---\ntitle: England\ndescription: Stalking: the law\n---\nText\n",
    );
    fails_with(
        &site,
        &[
            "error: content/law/england.md:3:",
            "help: a value holds `: `",
        ],
    );
}

#[test]
fn a_broken_services_file_is_the_one_error_reported() {
    let site = SiteTest::from_fixture("basic");
    let services = std::fs::read_to_string(site.site().join("data/services.yaml")).unwrap();
    site.write("data/services.yaml", format!("{services}- id: [broken\n"));
    site.write(
        "content/law/scotland.md",
        "---\ntitle: Scotland\ndescription: d\nservices: [national-stalking-helpline]\n---\nText\n",
    );
    fails_with(&site, &["error: data/services.yaml:", "1 errors"]);
    let stderr = site.run(&["build"]).stderr();
    assert!(
        !stderr.contains("unknown service id"),
        "not every service named by a page or site.yaml again: {stderr}"
    );
}

#[test]
fn missing_closing_front_matter_line() {
    let site = SiteTest::from_fixture("basic");
    site.write("content/law/england.md", "---\ntitle: England\n\nText\n");
    fails_with(
        &site,
        &[
            "content/law/england.md:1: the front matter that starts on line 1 is never closed",
            "help: add a line with only `---`",
        ],
    );
}

#[test]
fn missing_title() {
    let site = SiteTest::from_fixture("basic");
    site.write("content/law/england.md", "---\ndescription: x\n---\nText\n");
    fails_with(
        &site,
        &[
            "content/law/england.md:2:",
            "missing key `title`",
            "help: add a line `title: ...`",
        ],
    );
}

#[test]
fn unknown_key_suggests_the_nearest() {
    let site = SiteTest::from_fixture("basic");
    site.write(
        "content/law/england.md",
        "---\ntitle: England\ndescription: d\nowner: Team\nwieght: 3\n---\n",
    );
    fails_with(
        &site,
        &[
            "content/law/england.md:5:1: unknown key `wieght`",
            "help: did you mean `weight`?",
        ],
    );
}

#[test]
fn unknown_site_yaml_key_suggests_the_nearest() {
    let site = SiteTest::from_fixture("basic");
    let config = std::fs::read_to_string(site.site().join("site.yaml")).unwrap();
    site.write("site.yaml", config.replace("country: GB", "contry: GB"));
    fails_with(
        &site,
        &[
            "site.yaml:4:1: unknown key `contry`",
            "did you mean `country`?",
        ],
    );
}

#[test]
fn bad_date() {
    let site = SiteTest::from_fixture("basic");
    site.write(
        "content/law/england.md",
        "---\ntitle: England\ndescription: d\nreviewed: 14/09/2026\n---\n",
    );
    fails_with(
        &site,
        &[
            "content/law/england.md:4:",
            "`14/09/2026` is not a date: write it as YYYY-MM-DD",
        ],
    );
}

#[test]
fn non_utf8_file() {
    let site = SiteTest::from_fixture("basic");
    site.write(
        "content/law/england.md",
        b"---\ntitle: Caf\xe9\n---\n".as_slice(),
    );
    fails_with(
        &site,
        &[
            "content/law/england.md:2:11: the file is not UTF-8 text",
            "help: save the file as UTF-8",
        ],
    );
}

#[test]
fn byte_order_mark_and_crlf_are_simply_handled() {
    let site = SiteTest::from_fixture("basic");
    site.write(
        "content/law/england.md",
        "\u{feff}---\r\ntitle: England\r\ndescription: d\r\n---\r\n## Crlf heading\r\n",
    );
    site.build();
    let main = site.main_of("law/england/index.html");
    assert_eq!(attr_values(&main, "h2", "id"), ["crlf-heading"], "{main}");
    assert!(main.contains(">Crlf heading</h2>"), "{main}");
}

#[test]
fn empty_file() {
    let site = SiteTest::from_fixture("basic");
    site.write("content/law/england.md", "");
    fails_with(
        &site,
        &[
            "content/law/england.md:1: the file is empty",
            "title: Your page title",
        ],
    );
}

#[test]
fn two_pages_with_the_same_output_path() {
    let site = SiteTest::from_fixture("basic");
    site.write(
        "content/law/wales.md",
        "---\ntitle: Wales\ndescription: d\nslug: england\n---\n",
    );
    fails_with(
        &site,
        &[
            "/law/england/, which content/law/",
            "already uses",
            "help: rename one of the files",
        ],
    );
}

#[test]
fn dot_dot_in_slug_or_alias() {
    let site = SiteTest::from_fixture("basic");
    site.write(
        "content/law/wales.md",
        "---\ntitle: Wales\ndescription: d\nslug: ../../etc\n---\n",
    );
    site.write(
        "content/law/ni.md",
        "---\ntitle: NI\ndescription: d\naliases: [/a/../../b/]\n---\n",
    );
    fails_with(
        &site,
        &[
            "content/law/wales.md:4: slug `../../etc` cannot be used",
            "content/law/ni.md:4: alias `/a/../../b/` contains `..`",
        ],
    );
}

#[test]
fn a_link_to_a_missing_markdown_file() {
    let site = SiteTest::from_fixture("basic");
    site.write(
        "content/law/wales.md",
        "---\ntitle: Wales\ndescription: d\n---\nSee [x](missing.md).\n",
    );
    fails_with(&site, &["content/law/wales.md:5: link `missing.md` points to content/law/missing.md, which does not exist"]);
}

#[test]
fn broken_links_and_anchors_in_the_final_html() {
    let site = SiteTest::from_fixture("basic");
    site.write(
        "content/law/wales.md",
        "---\ntitle: Wales\ndescription: d\n---\nSee [y](scotland.md#no-such-heading) and [z](/nowhere/).\n",
    );
    fails_with(
        &site,
        &[
            // At the line of the Markdown that holds the link, however it names the page.
            "content/law/wales.md:5: <a> links to /law/scotland/#no-such-heading, but that page has no heading or element with id `no-such-heading`",
            "content/law/wales.md:5: <a> links to /nowhere/, which does not exist",
        ],
    );
}

/// Under a base path the output's links are not as the editor wrote them
/// (`/nowhere/` becomes `/support/nowhere/`); the line is found all the same.
#[test]
fn broken_links_under_a_base_path_name_their_line() {
    let site = SiteTest::from_fixture("basic");
    let config = std::fs::read_to_string(site.site().join("site.yaml")).unwrap();
    site.write(
        "site.yaml",
        config.replace(
            "base_url: https://example.org/",
            "base_url: https://example.org/support/",
        ),
    );
    site.write(
        "content/law/wales.md",
        "---\ntitle: Wales\ndescription: d\n---\nIntro.\n\nSee [z](/nowhere/) and [y](/law/scotland/#no-such-heading).\n",
    );
    fails_with(
        &site,
        &[
            "content/law/wales.md:7: <a> links to /support/nowhere/, which does not exist",
            "content/law/wales.md:7: <a> links to /support/law/scotland/#no-such-heading",
        ],
    );
}

#[cfg(unix)]
#[test]
fn a_symlink_leaving_the_site_folder() {
    let site = SiteTest::from_fixture("basic");
    let outside = site.dir.path().join("secret.md");
    std::fs::write(&outside, "---\ntitle: Secret\n---\n").unwrap();
    std::os::unix::fs::symlink(&outside, site.site().join("content/secret.md")).unwrap();
    fails_with(
        &site,
        &[
            "content/secret.md is a link to `",
            "`, outside the site folder",
        ],
    );
}

#[test]
fn a_missing_site_yaml() {
    let site = SiteTest::from_fixture("basic");
    site.remove("site.yaml");
    fails_with(&site, &["has no site.yaml", "signpost init"]);
}

#[test]
fn template_errors_name_the_template() {
    let site = SiteTest::from_fixture("basic");
    site.write("templates/page.html", "{% extends \"base.html\" %}{% block content %}{{ page.title | nosuchfilter }}{% endblock content %}");
    fails_with(&site, &["page.html", "nosuchfilter"]);
}

#[test]
fn refuses_dangerous_output_folders() {
    let site = SiteTest::from_fixture("basic");
    for (target, why) in [
        (".", "the site folder itself"),
        ("content", "inside one of the site's source folders"),
        ("..", "a folder that contains the site"),
    ] {
        site.run(&["build", "-o", target])
            .expect_failure()
            .expect_stderr(&[why]);
    }
    assert!(site.site().join("content/_index.md").exists());
    assert!(site.site().join("site.yaml").exists());
}

#[test]
fn refuses_to_replace_a_folder_it_did_not_write() {
    let site = SiteTest::from_fixture("basic");
    site.write("elsewhere/precious.txt", "keep me");
    site.run(&["build", "-o", "elsewhere"])
        .expect_failure()
        .expect_stderr(&["not written by signpost"]);
    assert_eq!(
        std::fs::read_to_string(site.site().join("elsewhere/precious.txt")).unwrap(),
        "keep me"
    );
}

#[test]
fn refuses_to_write_into_the_home_folder() {
    let site = SiteTest::from_fixture("basic");
    let home = site.dir.path().join("home");
    std::fs::create_dir_all(&home).unwrap();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_signpost"))
        .args(["build", "-o"])
        .arg(&home)
        .current_dir(site.site())
        .env("HOME", &home)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("it is your home folder"));
}

/// Links out of the site are refused wherever signpost reads: site.yaml,
/// data/, data/services.yaml and themes/NAME/, as in content/.
#[cfg(unix)]
#[test]
fn every_link_out_of_the_site_is_refused() {
    use std::os::unix::fs::symlink;
    let cases: [(&str, &str); 4] = [
        ("site.yaml", "site.yaml"),
        ("data", "data"),
        ("data/services.yaml", "data/services.yaml"),
        ("themes/outside", "themes/outside"),
    ];
    for (link, shown) in cases {
        let site = SiteTest::from_fixture("basic");
        let outside = site.dir.path().join("outside");
        let from = site.site().join(link);
        if link == "themes/outside" {
            std::fs::create_dir_all(outside.join("templates")).unwrap();
            std::fs::create_dir_all(site.site().join("themes")).unwrap();
            let config = std::fs::read_to_string(site.site().join("site.yaml")).unwrap();
            site.write("site.yaml", format!("{config}theme: outside\n"));
        } else if std::fs::metadata(&from).is_ok_and(|m| m.is_dir()) {
            crate::support::copy_dir(&from, &outside);
            std::fs::remove_dir_all(&from).unwrap();
        } else {
            std::fs::copy(&from, &outside).unwrap();
            std::fs::remove_file(&from).unwrap();
        }
        symlink(&outside, &from).unwrap();
        fails_with(
            &site,
            &[
                &format!("error: {shown}: {shown} is a link to `"),
                "outside the site folder",
                "help: signpost reads only files inside the site folder",
            ],
        );
    }
}

#[test]
fn a_content_file_at_a_static_file_or_page_address() {
    let site = SiteTest::from_fixture("basic");
    site.write("static/law/guide.pdf", "one");
    site.write("content/law/guide.pdf", "two");
    site.write("content/index.html", "<p>not the home page</p>");
    fails_with(
        &site,
        &[
            "error: content/law/guide.pdf: this file would be written to /law/guide.pdf, where static/law/guide.pdf is written",
            "error: content/index.html: this file would be written to /index.html, where content/_index.md is written",
        ],
    );
}

#[test]
fn an_alias_at_a_static_file() {
    let site = SiteTest::from_fixture("basic");
    site.write("static/old/guide.pdf", "pdf");
    site.write(
        "content/law/england.md",
        "---\ntitle: England\ndescription: d\naliases: [/old/guide.pdf]\n---\nText\n",
    );
    fails_with(
        &site,
        &["error: content/law/england.md:4: alias `/old/guide.pdf/` is the address of static/old/guide.pdf"],
    );
}

#[test]
fn a_quick_exit_with_spaces_or_quotes() {
    for url in [
        "https://www.bbc.co.uk/we ather",
        "https://www.bbc.co.uk/\\\"x",
    ] {
        let site = SiteTest::from_fixture("basic");
        let config = std::fs::read_to_string(site.site().join("site.yaml")).unwrap();
        site.write(
            "site.yaml",
            config.replace(
                "url: https://www.bbc.co.uk/weather",
                &format!("url: \"{url}\""),
            ),
        );
        fails_with(
            &site,
            &[
                "error: site.yaml:6: quick_exit.url",
                "contains spaces or quotes",
            ],
        );
    }
}

#[test]
fn a_phone_extension_is_kept_in_the_link() {
    let site = SiteTest::from_fixture("basic");
    let services = std::fs::read_to_string(site.site().join("data/services.yaml")).unwrap();
    site.write(
        "data/services.yaml",
        services.replace("phone: 0808 802 0300", "phone: 0113 496 0000 ext 5"),
    );
    site.write(
        "content/law/england.md",
        "---\ntitle: England\ndescription: d\nservices: [national-stalking-helpline]\n---\nText\n",
    );
    site.build();
    let html = site.read_output("law/england/index.html");
    assert!(
        attr_values(&html, "a", "href").contains(&"tel:+441134960000;ext=5".to_string())
            && html.contains("0113 496 0000 ext 5"),
        "{html}"
    );
}

#[test]
fn a_markdown_copy_or_yaml_file_in_content_is_not_published() {
    let site = SiteTest::from_fixture("basic");
    site.write(
        "content/law/wales.Md",
        "---\ntitle: Wales\ndraft: true\n---\n",
    );
    site.write("content/law/wales.mdown", "---\ntitle: Wales\n---\n");
    site.write("content/law/england.md.orig", "---\ntitle: England\n---\n");
    site.write("content/law/notes.yml", "secret: yes\n");
    fails_with(
        &site,
        &[
            "error: content/law/wales.Md: this file is not a page, and would be published as it is",
            "help: a page must be named `.md` in lower case: rename it to `wales.md`",
            "error: content/law/wales.mdown:",
            "error: content/law/england.md.orig:",
            "help: it looks like a copy of a page",
            "error: content/law/notes.yml:",
        ],
    );
}

/// Page bodies are read again when they are needed (validation, rendering)
/// instead of held: a file whose front matter changed since the site model
/// was built from it is an error naming it, not a page built from two
/// versions; a changed body alone is read as it now is.
#[test]
fn a_page_that_changes_while_the_site_builds_is_an_error_naming_it() {
    let site = SiteTest::from_fixture("basic");
    let options = signpost::BuildOptions {
        site_dir: site.site(),
        ..signpost::BuildOptions::default()
    };
    let (loaded, _) = signpost::load::load(&options);
    let loaded = loaded.expect("the fixture loads");
    let index = (0..loaded.model.pages.len())
        .find(|&i| loaded.model.pages[i].source.file.rel == "law/england.md")
        .expect("the page is in the model");

    let original = loaded.model.pages[index].source.front_text.clone();
    site.write(
        "content/law/england.md",
        format!("---\n{original}---\nA new body.\n"),
    );
    assert_eq!(loaded.body(index).as_deref().ok(), Some("A new body.\n"));

    site.write(
        "content/law/england.md",
        format!(
            "---\n{}---\nText\n",
            original.replace("weight: 1", "weight: 7")
        ),
    );
    let changed = loaded.body(index).expect_err("the front matter changed");
    assert_eq!(changed.code, "changed-while-building");
    assert_eq!(
        changed.file.as_deref(),
        Some(std::path::Path::new("content/law/england.md"))
    );
    assert!(changed
        .hint
        .as_deref()
        .is_some_and(|h| h.contains("build again")));

    site.remove("content/law/england.md");
    let gone = loaded.body(index).expect_err("the file is gone");
    assert!(gone.message.contains("cannot read"), "{}", gone.message);
}
