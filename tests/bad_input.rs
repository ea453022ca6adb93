//! Bad input: each gets a clear error naming the file and line, never a
//! panic, never a half-written site, never a deleted file signpost did not write.

mod support;
use support::SiteTest;

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
    assert!(site
        .main_of("law/england/index.html")
        .contains("id=crlf-heading>Crlf heading</h2>"));
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
            "content/law/wales.md: <a> links to /law/scotland/#no-such-heading, but that page has no heading or element with id `no-such-heading`",
            // At the line of the Markdown that holds the link.
            "content/law/wales.md:5: <a> links to /nowhere/, which does not exist",
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
        &["content/secret.md is a link that leaves the site folder"],
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
