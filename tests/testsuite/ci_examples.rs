//! The CI examples under examples/ci/ are valid YAML, and every `signpost`
//! command they run is one the command line accepts (parsed by signpost's
//! own clap definitions, flags and all). Each publishes with `--strict`,
//! keeps the report, and has a scheduled `check --external`.

use clap::Parser;
use signpost::cli::{Cli, Command};
use std::path::{Path, PathBuf};

fn examples() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/ci");
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .map(|e| e.into_path())
        .filter(|p| p.extension().is_some_and(|e| e == "yml" || e == "yaml"))
        .collect();
    files.sort();
    files
}

/// Every shell line of a GitHub `run:` or a GitLab `script`, `before_script`, `after_script`.
fn shell_lines(value: &serde_yaml::Value, out: &mut Vec<String>) {
    match value {
        serde_yaml::Value::Mapping(map) => {
            for (key, v) in map {
                let key = key.as_str().unwrap_or("");
                if matches!(key, "run" | "script" | "before_script" | "after_script") {
                    match v {
                        serde_yaml::Value::String(s) => out.extend(s.lines().map(str::to_string)),
                        serde_yaml::Value::Sequence(items) => {
                            out.extend(items.iter().filter_map(|i| i.as_str()).map(str::to_string))
                        }
                        _ => {}
                    }
                } else {
                    shell_lines(v, out);
                }
            }
        }
        serde_yaml::Value::Sequence(items) => items.iter().for_each(|i| shell_lines(i, out)),
        _ => {}
    }
}

/// The `signpost` commands of a file, each parsed by the CLI's definitions.
fn commands(file: &Path) -> Vec<(String, Command)> {
    let text = std::fs::read_to_string(file).unwrap();
    let yaml: serde_yaml::Value = serde_yaml::from_str(&text)
        .unwrap_or_else(|e| panic!("{}: not valid YAML: {e}", file.display()));
    let mut lines = Vec::new();
    shell_lines(&yaml, &mut lines);
    lines
        .iter()
        .map(|l| l.trim())
        .filter(|l| l.starts_with("signpost "))
        .map(|line| {
            let words = line.split_whitespace();
            let cli = Cli::try_parse_from(words).unwrap_or_else(|e| {
                panic!(
                    "{}: `{line}` is not a signpost command:\n{e}",
                    file.display()
                )
            });
            (line.to_string(), cli.command)
        })
        .collect()
}

#[test]
fn the_ci_examples_are_yaml_and_run_real_commands() {
    let files = examples();
    let names: Vec<String> = files
        .iter()
        .map(|f| {
            f.strip_prefix(env!("CARGO_MANIFEST_DIR"))
                .unwrap()
                .display()
                .to_string()
        })
        .collect();
    assert_eq!(
        names,
        [
            "examples/ci/github/links.yml",
            "examples/ci/github/publish.yml",
            "examples/ci/gitlab/.gitlab-ci.yml"
        ]
    );
    let all: Vec<(String, Command)> = files.iter().flat_map(|f| commands(f)).collect();
    assert!(
        all.len() >= 6,
        "{:?}",
        all.iter().map(|c| &c.0).collect::<Vec<_>>()
    );
    for provider in ["github", "gitlab"] {
        let mine: Vec<Command> = files
            .iter()
            .filter(|f| f.to_string_lossy().contains(provider))
            .flat_map(|f| commands(f).into_iter().map(|c| c.1))
            .collect();
        assert!(
            mine.iter()
                .any(|c| matches!(c, Command::Build(b) if b.strict)),
            "{provider}: a strict build"
        );
        assert!(
            mine.iter()
                .any(|c| matches!(c, Command::Report(r) if r.output.is_some())),
            "{provider}: a report written to a file"
        );
        assert!(
            mine.iter()
                .any(|c| matches!(c, Command::Check(c) if c.external && c.strict)),
            "{provider}: check --external --strict"
        );
    }
}

#[test]
fn a_command_that_does_not_exist_is_caught() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bad.yml");
    std::fs::write(
        &file,
        "jobs:\n  x:\n    steps:\n      - run: signpost check . --externals\n",
    )
    .unwrap();
    let caught = std::panic::catch_unwind(|| commands(&file));
    assert!(caught.is_err(), "a misspelt flag must fail the test");
}

#[test]
fn the_links_are_checked_on_a_schedule() {
    let text = |rel: &str| {
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)).unwrap()
    };
    let github: serde_yaml::Value =
        serde_yaml::from_str(&text("examples/ci/github/links.yml")).unwrap();
    assert!(github["on"]["schedule"][0]["cron"].is_string());
    let gitlab: serde_yaml::Value =
        serde_yaml::from_str(&text("examples/ci/gitlab/.gitlab-ci.yml")).unwrap();
    assert_eq!(
        gitlab["links"]["rules"][0]["if"].as_str(),
        Some("$CI_PIPELINE_SOURCE == \"schedule\"")
    );
    assert_eq!(
        gitlab["pages"]["artifacts"]["paths"][0].as_str(),
        Some("public")
    );
}
