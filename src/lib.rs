//! signpost: a static site generator for support content that is safe to visit.
//!
//! The pipeline, top to bottom:
//! load (site.yaml, content, data, theme) → parse (front matter, services) →
//! validate (site model, ids, review dates) → render (Markdown, shortcodes,
//! Tera, in parallel) → audit (links, privacy, quick exit) → write (staging
//! folder, then swap). `check` is the same without the last step.

// A `Diagnostic` is the error of every stage: it is built once per problem,
// never on a hot path, so its size does not matter.
#![allow(clippy::result_large_err)]

pub mod audit;
pub mod brand;
pub mod cli;
pub mod config;
pub mod content;
pub mod dates;
pub mod diagnostics;
pub mod external;
pub mod finish;
pub mod frontmatter;
pub mod headers;
pub mod html;
pub mod http;
pub mod init;
pub mod interrupt;
pub mod languages;
pub mod layers;
pub mod lint;
pub mod live;
pub mod load;
pub mod locale;
pub mod manifest;
pub mod markdown;
pub mod minify;
pub mod output;
pub mod pack;
pub mod page;
pub mod phone;
pub mod readability;
pub mod render;
pub mod report;
pub mod reviews;
pub mod schema;
pub mod search;
pub mod serve;
pub mod services;
pub mod shortcodes;
pub mod site_files;
pub mod site_state;
pub mod statement;
pub mod static_files;
pub mod templates;
pub mod theme;
pub mod translations;
pub mod validate;
pub mod watch;
pub mod yaml;

use config::SiteConfig;
use diagnostics::Diagnostics;
use output::OutputTree;
use site_state::{Reaudit, SiteState};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// What a build is asked to do.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    pub site_dir: PathBuf,
    /// Overrides `base_url` of site.yaml.
    pub base_url: Option<String>,
    pub include_drafts: bool,
    /// The date review dates are checked against (the CLI honours `SIGNPOST_TODAY`).
    pub today: dates::Date,
    /// Keep for the report what `check --format json` and `report` show of
    /// every page: what it shows (`usage`: services, numbers, links to
    /// other sites) and how it reads (`readings`, with its sentences).
    /// `build` and `serve` do without: for 100,000 pages they are 150 MB.
    pub page_details: bool,
}

/// What a build produced: the site in memory (when it has no errors) and every diagnostic.
#[derive(Debug, Default)]
pub struct BuildReport {
    pub diagnostics: Diagnostics,
    pub output: Option<OutputTree>,
    pub pages: usize,
    pub elapsed: Duration,
    /// Where every page and service stands with its review, for dashboards.
    pub reviews: Vec<reviews::ReviewEntry>,
    /// How every page reads (see [`readability`]).
    pub readings: Vec<std::sync::Arc<readability::Reading>>,
    /// What each page shows (services, numbers, links out), when the build
    /// got as far as auditing its output and [`BuildOptions::page_details`] asked
    /// for it; for `signpost report`.
    pub usage: Option<report::usage::SiteUse>,
    /// How far each other language is translated (none in a site in one language).
    pub coverage: Vec<translations::Coverage>,
}

/// Run the pipeline up to (not including) writing files: the site is held
/// in memory.
pub fn build(options: &BuildOptions) -> BuildReport {
    build_into(options, None)
}

/// Run the pipeline, each finished page written into `staging` as it comes
/// (then only its name is kept in the report's output), when given.
pub fn build_into(options: &BuildOptions, staging: Option<&output::Staging>) -> BuildReport {
    let (state, report) = build_kept(options, staging);
    BuildReport {
        output: state.map(SiteState::into_tree),
        ..report
    }
}

/// [`build`], keeping the site state (for `serve`) when the build has no
/// errors, and the report (its `output` left empty). The stages: load →
/// validate → render → audit, each adding to the one site state.
fn build_kept(
    options: &BuildOptions,
    staging: Option<&output::Staging>,
) -> (Option<SiteState>, BuildReport) {
    let started = Instant::now();
    let (loaded, problems) = load::load(options);
    let Some(site) = loaded else {
        let report = BuildReport {
            diagnostics: Diagnostics::from(problems),
            elapsed: started.elapsed(),
            ..BuildReport::default()
        };
        return (None, report);
    };
    let validated = validate::site(site.parts(), |i| site.body(i), options.today);
    let mut state = SiteState::new(site, problems, validated, options.page_details);
    let prepared = state.prepare();
    if prepared {
        let every_page = (0..state.site().model.pages.len()).collect();
        state.render(every_page, true, staging);
        let lists = state.lists();
        state.put_lists(lists);
    }
    // A site with errors is not audited: its output is not written.
    if !prepared || state.has_errors() {
        return (None, state.report(started.elapsed()));
    }
    state.add_site_files();
    state.reaudit(Reaudit::All);
    let report = BuildReport {
        usage: options.page_details.then(|| report::usage::of(&state)),
        ..state.report(started.elapsed())
    };
    (Some(state).filter(|s| !s.has_errors()), report)
}

/// Just the site's configuration (for commands that need no build).
pub fn load_config(site_dir: &Path) -> Option<SiteConfig> {
    // The same reading as a build, so a partner inherits its pack's privacy.allow.
    pack::resolve(site_dir).ok().map(|chain| chain.config)
}
