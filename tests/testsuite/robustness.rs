//! No input crashes signpost or makes it crawl: deeply nested Markdown and
//! HTML, and front matter full of brackets, through the real binary; and
//! property tests over the front matter splitter, the shortcode scanner, the
//! link resolver and Markdown rendering. `cargo test` runs a few hundred
//! cases of each; `PROPTEST_CASES=100000 cargo test --test testsuite robustness::` more.

use crate::support::SiteTest;
use proptest::prelude::*;
use signpost::content::SourceFile;
use signpost::frontmatter::{self, FrontMatterError};
use signpost::lint::NumberIndex;
use signpost::markdown::{self, LinkContext, MAX_NESTING};
use signpost::page::SiteModel;
use signpost::shortcodes;
use std::path::Path;
use std::time::{Duration, Instant};

fn page(body: &str) -> String {
    format!("---\ntitle: Deep\ndescription: A deep page.\n---\n{body}\n")
}

/// Lists nested `levels` deep, one item a line.
fn nested_lists(levels: usize) -> String {
    (0..levels)
        .map(|i| format!("{}- a\n", "  ".repeat(i)))
        .collect()
}

#[test]
fn text_nested_too_deep_is_an_error_at_its_line_for_every_command() {
    let site = SiteTest::from_fixture("basic");
    let deep = [
        ("quotes.md", "> ".repeat(3000) + "x"),
        (
            "emphasis.md",
            format!("{}x{}", "*".repeat(5000), "*".repeat(5000)),
        ),
        ("lists.md", nested_lists(2000)),
        ("huge.md", ">".repeat(100_000)),
    ];
    for (file, body) in &deep {
        site.write(&format!("content/{file}"), page(body));
    }
    for command in ["build", "check"] {
        let run = site.run(&[command]).expect_failure().expect_stderr(&[
            "content/quotes.md:5: the text is nested 3001 levels deep",
            "content/emphasis.md:5: the text is nested",
            // The first list item deeper than the bound, not the first line.
            &format!(
                "content/lists.md:{}: the text is nested 2000 levels deep",
                5 + MAX_NESTING
            ),
            "content/huge.md:5: the text is nested 100000 levels deep",
            "signpost renders at most 100",
            "help: flatten it",
        ]);
        assert!(!run.stderr().contains("overflow"), "{}", run.stderr());
    }
    assert!(!site.site().join("public").exists(), "nothing is written");
}

#[test]
fn deep_html_and_long_dashes_build() {
    let site = SiteTest::from_fixture("basic");
    site.write("content/divs.md", page(&"<div>".repeat(3000)))
        .write("content/bold.md", page(&"<b>".repeat(20_000)))
        .write("content/dashes.md", page(&"- ".repeat(10_000)))
        .write("content/lists.md", page(&nested_lists(MAX_NESTING)));
    site.build();
    assert!(site
        .read_output("divs/index.html")
        .contains("<div><div><div>"));
    assert!(site.read_output("bold/index.html").contains("<b><b><b>"));
}

#[test]
fn a_page_with_too_much_html_of_its_own_is_an_error() {
    let site = SiteTest::from_fixture("basic");
    site.write("content/divs.md", page(&"<div>".repeat(60_000)));
    site.run(&["check"]).expect_failure().expect_stderr(&[
        "content/divs.md:5: the page holds more than 50000 HTML tags (its own, and the links signpost makes of its phone numbers)",
        "help: split the page into several, or write it in Markdown",
    ]);
}

#[test]
fn front_matter_full_of_brackets_is_refused_quickly() {
    let site = SiteTest::from_fixture("basic");
    let front =
        |extra: &str| format!("---\ntitle: X\ndescription: d\nservices: {extra}\n---\nhi\n");
    site.write("content/long.md", front(&"[".repeat(100_000)))
        .write("content/brackets.md", front(&"[".repeat(60_000)))
        .write("content/nested.md", front(&"[".repeat(257)));
    let started = Instant::now();
    let run = site.run(&["check"]);
    let took = started.elapsed();
    run.expect_failure().expect_stderr(&[
        "content/long.md:1: the front matter is 97 KiB long; signpost reads at most 64 KiB",
        "content/brackets.md:4: the front matter has more than 256 `[` and `{`",
        "content/nested.md:4: the front matter has more than 256",
        "help: write each list one item a line",
    ]);
    // It took 26 s in a release build before front matter was bounded.
    assert!(took < Duration::from_secs(5), "check took {took:?}");
}

// ---------------------------------------------------------------------------
// Properties

/// Text that is mostly the characters that matter to each parser.
fn texty(chars: &'static str, max: usize) -> impl Strategy<Value = String> {
    let alphabet: Vec<char> = chars.chars().collect();
    prop::collection::vec(prop::sample::select(alphabet), 0..max)
        .prop_map(|c| c.into_iter().collect())
}

fn config() -> ProptestConfig {
    ProptestConfig {
        // `PROPTEST_CASES` sets how many for a longer run.
        cases: std::env::var("PROPTEST_CASES")
            .ok()
            .and_then(|c| c.parse().ok())
            .unwrap_or(300),
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// A site of a few pages, for resolving links against.
fn site_model() -> SiteModel {
    let pages = [
        "_index.md",
        "law/_index.md",
        "law/scotland.md",
        "help/a b.md",
    ]
    .map(|rel| {
        frontmatter::parse(SourceFile {
            display: Path::new("content").join(rel),
            rel: rel.to_string(),
            text: format!("---\ntitle: {rel}\n---\n# Hi\n"),
        })
        .expect("a page")
        .page
    });
    SiteModel::build(pages.to_vec(), false, Default::default()).0
}

fn render(body: &str, site: &SiteModel, base_path: &str) -> markdown::RenderedMarkdown {
    let numbers = NumberIndex::default();
    let links = LinkContext {
        site,
        source_rel: "law/scotland.md",
        display: Path::new("content/law/scotland.md"),
        base_path,
        first_line: 5,
        numbers: &numbers,
        language: None,
    };
    markdown::render(body, &links)
}

/// The opening and closing tags of `name` in `html` are as many.
fn balanced(html: &str, name: &str) -> bool {
    let open =
        html.matches(&format!("<{name}>")).count() + html.matches(&format!("<{name} ")).count();
    open == html.matches(&format!("</{name}>")).count()
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn splitting_front_matter_round_trips_or_errors(text in texty("-\n \r\tabc:#", 60)) {
        match frontmatter::split(&text) {
            Ok((yaml, body, line)) => {
                let rest = text.strip_prefix("---\n").expect("opens with ---");
                let close = &rest[yaml.len()..rest.len() - body.len()];
                prop_assert_eq!(format!("---\n{yaml}{close}{body}"), text.clone());
                prop_assert_eq!(close.trim_end(), "---");
                prop_assert!(yaml.lines().all(|l| l.trim_end() != "---"));
                let before_body = &text[..text.len() - body.len()];
                prop_assert_eq!(line, before_body.matches('\n').count() + 1);
            }
            Err(FrontMatterError::Empty) => prop_assert!(text.trim().is_empty()),
            Err(FrontMatterError::Missing) => prop_assert!(!text.starts_with("---\n")),
            Err(FrontMatterError::Unclosed) => prop_assert!(text.starts_with("---\n")),
            Err(e) => prop_assert!(false, "split does not bound: {e}"),
        }
    }

    #[test]
    fn written_front_matter_comes_back_as_written(
        keys in prop::collection::vec("[a-z]{1,8}: [a-z0-9 ]{0,12}", 0..6),
        body in "[a-z#\n -]{0,40}",
    ) {
        let yaml: String = keys.iter().map(|k| format!("{k}\n")).collect();
        let text = format!("---\n{yaml}---\n{body}");
        let (got_yaml, got_body, line) = frontmatter::split(&text).expect("splits");
        prop_assert_eq!(got_yaml, yaml.as_str());
        prop_assert_eq!(got_body, body.as_str());
        prop_assert_eq!(line, keys.len() + 3);
    }

    #[test]
    fn parsing_any_front_matter_never_panics(yaml in texty("[]{}:,- \n\"'ab&*!|>", 200)) {
        let text = format!("---\ntitle: T\n{yaml}\n---\nbody\n");
        let parsed = frontmatter::parse(SourceFile {
            display: "content/x.md".into(),
            rel: "x.md".into(),
            text,
        });
        if let Err(problem) = parsed {
            prop_assert!(problem.line.is_some_and(|l| l >= 1), "{problem:?}");
        }
    }

    #[test]
    fn shortcodes_found_are_where_they_say(text in texty("{}()=\"'`~\n aid,_", 120)) {
        let mut last_end = 0;
        for code in shortcodes::find(&text) {
            let found = &text[code.start..code.end];
            prop_assert!(found.starts_with("{{") && found.ends_with("}}"), "{found}");
            prop_assert!(code.start >= last_end, "in order, not overlapping");
            last_end = code.end;
            let before = &text[..code.start];
            prop_assert_eq!(code.line, before.matches('\n').count() + 1);
            let line_start = before.rfind('\n').map_or(0, |i| i + 1);
            prop_assert_eq!(code.column, before[line_start..].chars().count() + 1);
        }
    }

    #[test]
    fn a_written_shortcode_is_found_with_its_arguments(
        name in "[a-z_]{1,10}",
        args in prop::collection::btree_map("[a-z]{1,6}", "[a-z0-9 -]{0,10}", 0..4),
        before in "[a-z .\n]{0,30}",
        after in "[a-z .\n]{0,30}",
    ) {
        let written: Vec<String> = args.iter().map(|(k, v)| format!("{k}=\"{v}\"")).collect();
        let code = format!("{{{{ {name}({}) }}}}", written.join(", "));
        let text = format!("{before}{code}{after}");
        let found = shortcodes::find(&text);
        prop_assert_eq!(found.len(), 1);
        prop_assert_eq!(&found[0].name, &name);
        prop_assert_eq!(&found[0].args, &args);
        prop_assert_eq!(&text[found[0].start..found[0].end], code.as_str());
    }

    #[test]
    fn links_resolve_inside_the_site_or_are_reported(
        dest in prop::collection::vec(
            prop::sample::select(vec!["..", ".", "law", "scotland.md", "_index.md", "a b.md", "help", "", "x", "#top", "?q=1"]),
            0..6,
        ).prop_map(|parts| parts.join("/")),
        rooted in any::<bool>(),
        base in prop::sample::select(vec!["/", "/support/"]),
    ) {
        let dest = if rooted { format!("/{dest}") } else { dest };
        let site = site_model();
        let out = render(&format!("[a](<{dest}>)\n"), &site, base);
        let href = out.html.split("href=\"").nth(1).and_then(|h| h.split('"').next());
        prop_assert!(href.is_some(), "{}", out.html);
        let href = href.unwrap_or_default();
        if dest.starts_with("//") {
            // Another site, named without its scheme.
            prop_assert_eq!(href, dest.as_str());
            prop_assert!(out.html.contains("rel=\"noopener noreferrer\""), "{}", out.html);
        } else if out.problems.is_empty() {
            prop_assert!(
                href.starts_with(base) || href.starts_with('#') || href.is_empty(),
                "{dest} -> {href}"
            );
            let path = href.split(['#', '?']).next().unwrap_or_default();
            prop_assert!(!path.contains("/../") && !path.ends_with(".md"), "{dest} -> {href}");
        } else {
            for problem in &out.problems {
                prop_assert_eq!(problem.code, "broken-link");
                prop_assert_eq!(problem.line, Some(5));
            }
        }
    }

    #[test]
    fn any_markdown_renders_without_panicking(body in texty("> -*_[]()!#`\n1.ab<>/&|~", 300)) {
        let out = render(&body, &SiteModel::default(), "/");
        let deep = out.problems.iter().any(|p| p.code == "too-deep");
        if deep {
            prop_assert!(out.html.is_empty(), "nothing rendered of a page too deep");
        }
        let lines = body.lines().count().max(1);
        for problem in &out.problems {
            let line = problem.line.unwrap_or(5);
            prop_assert!((5..5 + lines).contains(&line), "{problem:?}");
        }
    }

    #[test]
    fn markdown_without_html_renders_balanced_tags(body in texty("> -*_[]()`\n1.ab", 300)) {
        let out = render(&body, &SiteModel::default(), "/");
        for tag in ["p", "blockquote", "ul", "ol", "li", "em", "strong", "a", "code", "pre"] {
            prop_assert!(balanced(&out.html, tag), "<{tag}> unbalanced in {}", out.html);
        }
    }

    #[test]
    fn nesting_is_refused_exactly_beyond_the_bound(
        levels in 1usize..2 * MAX_NESTING,
        marker in prop::sample::select(vec!["> ", "* "]),
    ) {
        let out = render(&format!("{}x\n", marker.repeat(levels)), &SiteModel::default(), "/");
        let deep = out.problems.iter().any(|p| p.code == "too-deep");
        // A quote holds a paragraph, a list item a bare text: one level more or less.
        let bound = if marker == "> " { MAX_NESTING - 1 } else { MAX_NESTING };
        prop_assert_eq!(deep, levels > bound, "{} levels", levels);
    }
}
