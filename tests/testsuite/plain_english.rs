//! Plain English in `check`: each English page's reading grade against
//! `content.reading_grade`, long sentences and words with a plainer one.

use crate::support::SiteTest;

/// 33 words in one sentence, with long words: well over grade 9.
const HARD: &str = "Unfortunately, an individual experiencing harassment should immediately contact the appropriate organisation, particularly when communication continues despite explicit requests to stop, because documentation of every occurrence considerably strengthens any subsequent investigation by the police.\n";

#[test]
fn a_page_over_the_grade_is_a_warning_and_an_error_under_strict() {
    let site = SiteTest::england(HARD);
    let run = site.run(&["check"]).expect_success();
    let run = run.expect_stderr(&[
        "warning: content/law/england.md:7: the page reads at grade",
        "above the site's limit of 9 (content.reading_grade)",
        "note: content/law/england.md:7: a sentence of 33 words (over 25)",
        "note: content/law/england.md:7: \"individual\" has a plainer word: person",
    ]);
    assert!(
        run.stderr().contains("0 errors, 1 warnings"),
        "{}",
        run.stderr()
    );
    site.run(&["check", "--strict"])
        .expect_failure()
        .expect_stderr(&["error: content/law/england.md:7: the page reads at grade"]);
    site.run(&["build", "--strict"]).expect_failure();
}

#[test]
fn site_yaml_sets_the_grade() {
    let site = SiteTest::england(HARD);
    let yaml = std::fs::read_to_string(site.site().join("site.yaml")).unwrap();
    site.write(
        "site.yaml",
        format!("{yaml}content:\n  reading_grade: 40\n"),
    );
    let run = site.run(&["check", "--strict"]).expect_success();
    assert!(!run.stderr().contains("reads at grade"), "{}", run.stderr());
    site.write("site.yaml", format!("{yaml}content:\n  reading_grad: 40\n"));
    site.run(&["check"])
        .expect_failure()
        .expect_stderr(&["reading_grad", "reading_grade"]);
}

#[test]
fn the_example_site_reads_at_grade_9_or_under() {
    let site = SiteTest::example();
    let run = site.run(&["check", "--strict"]).expect_success();
    assert!(!run.stderr().contains("reads at grade"), "{}", run.stderr());
    let json = site.run(&["check", "--format", "json"]).stdout();
    let report: serde_json::Value = serde_json::from_str(&json).unwrap();
    let readings = report["summary"]["readings"].as_array().unwrap();
    assert_eq!(readings.len(), 20);
    for reading in readings {
        let grade = reading["grade"].as_f64().unwrap();
        assert!(grade <= 9.0, "{reading}");
        assert_eq!(reading["longest"].as_array().unwrap().len(), 3);
    }
}
