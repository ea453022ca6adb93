//! The command line: one clap struct per command, each with `run()` that
//! returns the exit code (0 success, 1 the site has errors; clap itself exits
//! 2 when the command line is wrong). The library never prints; this does.

use crate::dates::Date;
use crate::diagnostics::Diagnostics;
use crate::{build_into, output, BuildOptions, BuildReport};
use clap::{Parser, Subcommand, ValueEnum};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

#[derive(Debug, Parser)]
#[command(
    name = "signpost",
    version,
    about = "Build support-content sites that are safe to visit"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into SITE/public (or -o DIR)
    Build(BuildArgs),
    /// Do everything build does, write nothing, and report every problem
    Check(CheckArgs),
    /// Print the security headers of the site for a host
    Headers(HeadersArgs),
    /// Build into memory and serve on loopback; rebuild and reload the browser on every change
    Serve(ServeArgs),
    /// Run the privacy and safety audit on any folder of built HTML
    #[command(long_about = AUDIT_ABOUT)]
    Audit(AuditArgs),
    /// Write a working starter site (the example site) into a new folder
    Init(InitArgs),
    /// Print JSON Schema for site.yaml, page front matter or data/services.yaml
    Schema(SchemaArgs),
    /// Write the content's health (reviews, owners, services, numbers, links, reading grades) as one HTML page or JSON
    Report(ReportArgs),
}

#[derive(Debug, clap::Args)]
pub struct ReportArgs {
    /// The site folder (with site.yaml)
    #[arg(default_value = ".")]
    pub site: PathBuf,
    /// Write the report to FILE (default: print it)
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// html (one self-contained page) or json (the same data)
    #[arg(long, value_enum, default_value = "html")]
    pub format: crate::report::Format,
    /// Only the pages this owner keeps (their `owner:`)
    #[arg(long, value_name = "NAME")]
    pub owner: Option<String>,
}

#[derive(Debug, clap::Args)]
pub struct SchemaArgs {
    /// Which file the schema describes
    #[arg(value_enum, default_value = "site")]
    pub file: crate::schema::SchemaKind,
}

#[derive(Debug, clap::Args)]
pub struct InitArgs {
    /// The new folder (must not exist, or be empty)
    pub dir: PathBuf,
    /// The site's languages, the default first: `en,cy` writes each page's
    /// Welsh translation beside it (`en` is British English, en-GB)
    #[arg(long, value_name = "CODES", value_delimiter = ',')]
    pub languages: Vec<String>,
}

const AUDIT_ABOUT: &str = "\
Run the privacy and safety audit on any folder of built HTML, also one made by another tool.

Every .html page, .css and .js file under DIR is checked: nothing is loaded from another site \
(scripts, images, styles, fonts, frames, media, prefetches, CSS url() and @import, form actions, \
redirects) unless --allow names the host; no javascript: URLs, inline scripts, on* event handler \
attributes, <style> elements or style attributes; a Content-Security-Policy <meta> tag on every \
page; rel=\"noreferrer\" on links to other sites; no cookies or web storage in scripts; the quick \
exit link (data-signpost=\"quick-exit\") is the first thing Tab reaches on every page but redirects.

The emergency notice (data-signpost=\"emergency\") is required only with --require-emergency, as a \
folder of HTML does not say whether its site lists emergency services; `signpost build` requires \
it whenever site.yaml lists `emergency`.

Exit status: 0 no findings, 1 findings, 2 DIR is not a folder or the command line is wrong.";

#[derive(Debug, clap::Args)]
pub struct AuditArgs {
    /// The folder of built HTML
    pub dir: PathBuf,
    /// A third-party host pages may load from (exact host name; repeat for more)
    #[arg(long, value_name = "HOST")]
    pub allow: Vec<String>,
    /// The site's own address: URLs to its host are not another site's
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// Require the emergency notice (data-signpost="emergency") on every page
    #[arg(long)]
    pub require_emergency: bool,
}

#[derive(Debug, clap::Args)]
pub struct BuildArgs {
    /// The site folder (with site.yaml)
    #[arg(default_value = ".")]
    pub site: PathBuf,
    /// Where to write the site (default: SITE/public)
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// Use this base URL instead of site.yaml's
    #[arg(long)]
    pub base_url: Option<String>,
    /// Include pages marked `draft: true`
    #[arg(long)]
    pub drafts: bool,
    /// Treat warnings as errors
    #[arg(long)]
    pub strict: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    Human,
    Json,
}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// The site folder (with site.yaml)
    #[arg(default_value = ".")]
    pub site: PathBuf,
    /// Treat warnings as errors
    #[arg(long)]
    pub strict: bool,
    /// human (default) or json, for pipelines and dashboards
    #[arg(long, value_enum, default_value = "human")]
    pub format: ReportFormat,
    /// Also check the site's links to other sites (the only use of the network; results cached in SITE/.signpost/links.json)
    #[arg(long)]
    pub external: bool,
}

#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// The site folder (with site.yaml)
    #[arg(default_value = ".")]
    pub site: PathBuf,
    /// The port to listen on (0 picks a free one)
    #[arg(long, default_value_t = 1111)]
    pub port: u16,
    /// The address to listen on; anything but loopback shows the site to the network
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: std::net::IpAddr,
    /// Show pages marked `draft: true` too
    #[arg(long)]
    pub drafts: bool,
}

#[derive(Debug, clap::Args)]
pub struct HeadersArgs {
    /// The host's format
    #[arg(value_enum, default_value = "netlify")]
    pub host: crate::headers::HostFormat,
    /// The site folder (with site.yaml), for privacy.allow
    #[arg(default_value = ".")]
    pub site: PathBuf,
}

impl Cli {
    pub fn run(self) -> i32 {
        match self.command {
            Command::Build(args) => args.run(),
            Command::Check(args) => args.run(),
            Command::Headers(args) => args.run(),
            Command::Serve(args) => args.run(),
            Command::Audit(args) => args.run(),
            Command::Init(args) => args.run(),
            Command::Report(args) => args.run(),
            Command::Schema(args) => {
                print!("{}", crate::schema::render(args.file));
                0
            }
        }
    }
}

/// Run a build with a spinner on a terminal (none in CI or pipes), writing
/// into `staging` as it renders when given.
fn build_with_progress(options: &BuildOptions, staging: Option<&output::Staging>) -> BuildReport {
    let spinner = std::io::stderr().is_terminal().then(|| {
        let bar = indicatif::ProgressBar::new_spinner();
        bar.set_message(format!("building {}", options.site_dir.display()));
        bar.enable_steady_tick(std::time::Duration::from_millis(120));
        bar
    });
    let report = build_into(options, staging);
    if let Some(bar) = spinner {
        bar.finish_and_clear();
    }
    report
}

fn summary(verb: &str, report: &BuildReport, strict: bool, extra: &str) -> String {
    let d = &report.diagnostics;
    format!(
        "{verb} {} pages in {:.2} s: {} errors, {} warnings{extra}",
        report.pages,
        report.elapsed.as_secs_f64(),
        d.errors(strict),
        d.warnings(strict)
    )
}

fn print_diagnostics(d: &Diagnostics, strict: bool) {
    eprint!("{}", d.render_human(strict));
}

/// The date review dates are checked against: `SIGNPOST_TODAY=YYYY-MM-DD`
/// (tests, or a look ahead), else the system clock. None (reported) if unreadable.
fn today() -> Option<Date> {
    let Ok(text) = std::env::var("SIGNPOST_TODAY") else {
        return Some(Date::today());
    };
    Date::parse(&text)
        .map_err(|why| {
            eprintln!("error: SIGNPOST_TODAY: {why}\n  help: or unset it to use today's date")
        })
        .ok()
}

/// What `check` and `report` build: the site as it is, on today's date (None
/// when SIGNPOST_TODAY is not a date; the error is printed).
fn check_options(site: &Path) -> Option<BuildOptions> {
    Some(BuildOptions {
        site_dir: site.to_path_buf(),
        today: today()?,
        page_details: true,
        ..BuildOptions::default()
    })
}

impl BuildArgs {
    fn run(self) -> i32 {
        let Some(today) = today() else { return 2 };
        let interrupt = crate::interrupt::Interrupt::install();
        let target = self
            .output
            .unwrap_or_else(|| tidy(self.site.join("public")));
        // Checked and locked before the build, so a folder that cannot be
        // written is said at once, and no other build writes it meanwhile.
        let output = match output::Output::open(&target, &self.site) {
            Ok(output) => output,
            Err(e) => return print_output_error(&e),
        };
        let options = BuildOptions {
            site_dir: self.site.clone(),
            base_url: self.base_url,
            include_drafts: self.drafts,
            today,
            page_details: false,
        };
        // Pages are written into the staging folder as they are rendered:
        // from here a signal asks the writers to stop and clean up.
        let writing = interrupt.writing();
        let staging = match output.stage(&interrupt) {
            Ok(staging) => staging,
            Err(e) => return print_output_error(&e),
        };
        let report = build_with_progress(&options, Some(&staging));
        print_diagnostics(&report.diagnostics, self.strict);
        let failed = report.diagnostics.has_errors(self.strict);
        let tree = match (&report.output, failed) {
            (Some(tree), false) => tree,
            _ => {
                eprintln!(
                    "{}",
                    summary(
                        "failed:",
                        &report,
                        self.strict,
                        &format!("; {} left as it was", target.display())
                    )
                );
                return 1;
            }
        };
        let written = output.write(staging, tree);
        drop(writing);
        match written {
            Ok(Some(kept)) => eprintln!(
                "warning: {} was added to {} during the build; it is kept in {}\n  \
                 help: move it to static/ so signpost copies it into every build",
                kept.files.join(", "),
                show(&kept.output),
                show(&kept.now_in)
            ),
            Ok(None) => {}
            Err(e) => return print_output_error(&e),
        }
        let linked = output
            .link_target()
            .map(|to| format!(" (a link to {})", show(to)))
            .unwrap_or_default();
        eprintln!(
            "{}",
            summary(
                "built",
                &report,
                self.strict,
                &format!(" → {}{linked}", show(&target))
            )
        );
        if interrupt.stop_requested() {
            eprintln!("interrupted after the new build was in place");
            return crate::interrupt::EXIT_CODE;
        }
        // The process ends here: freeing the site in memory page by page
        // would only delay the exit.
        std::mem::forget(report);
        0
    }
}

fn print_output_error(e: &output::OutputError) -> i32 {
    eprintln!("error: {e}\n  help: {}", e.hint());
    e.exit_code()
}

/// `./public` → `public`, as the user would write it.
fn tidy(path: PathBuf) -> PathBuf {
    match path.strip_prefix(".") {
        Ok(rest) if !rest.as_os_str().is_empty() => rest.to_path_buf(),
        _ => path,
    }
}

fn show(path: &Path) -> String {
    path.display().to_string()
}

impl CheckArgs {
    fn run(self) -> i32 {
        let Some(options) = check_options(&self.site) else {
            return 2;
        };
        let mut report = build_with_progress(&options, None);
        let links = self
            .external
            .then(|| check_external(&self.site, &mut report));
        let failed = report.diagnostics.has_errors(self.strict);
        match self.format {
            ReportFormat::Human => {
                print_diagnostics(&report.diagnostics, self.strict);
                let extra = links.flatten().map(|done| {
                    format!(
                        "; links to other sites: {} checked, {} from the cache, {} not asked (privacy.allow)",
                        done.asked, done.cached, done.skipped
                    )
                });
                let extra = extra.unwrap_or_default();
                for language in &report.coverage {
                    eprintln!("{}", language.line());
                }
                eprintln!("{}", summary("checked", &report, self.strict, &extra));
            }
            ReportFormat::Json => {
                let summary = serde_json::json!({
                    "pages": report.pages,
                    "seconds": report.elapsed.as_secs_f64(),
                    "ok": !failed,
                    "reviews": report.reviews,
                    "readings": report.readings,
                    "languages": report.coverage,
                });
                println!("{}", report.diagnostics.render_json(self.strict, &summary));
            }
        }
        i32::from(failed)
    }
}

/// `check --external`: the site's links to other sites, checked or from
/// the cache, their findings added to the report. None when the build
/// stopped before its links were known (said in a note).
fn check_external(site: &Path, report: &mut BuildReport) -> Option<crate::external::LinkCheck> {
    let allow = crate::load_config(site)
        .map(|c| c.privacy.allow)
        .unwrap_or_default();
    match crate::external::check_site(site, report, &allow) {
        Some((done, problems)) => {
            report.diagnostics.extend(problems);
            Some(done)
        }
        None => {
            report.diagnostics.push(
                crate::diagnostics::Diagnostic::note(
                    "external-link",
                    "links to other sites were not checked: the build has errors",
                )
                .with_hint("fix the errors above, then run `signpost check --external` again"),
            );
            None
        }
    }
}

impl ReportArgs {
    fn run(self) -> i32 {
        let Some(options) = check_options(&self.site) else {
            return 2;
        };
        let report = build_with_progress(&options, None);
        let written = crate::report::write(
            &report,
            &self.site,
            options.today,
            self.owner.as_deref(),
            self.format,
        );
        let (text, health) = match written {
            Ok(written) => written,
            Err(e) => {
                eprintln!("error: {e}\n  help: {}", e.hint());
                return 1;
            }
        };
        let to = match &self.output {
            None => {
                print!("{text}");
                "standard output".to_string()
            }
            Some(file) => match crate::report::save(file, &text) {
                Ok(()) => show(file),
                Err(e) => {
                    eprintln!("error: {e}\n  help: {}", e.hint());
                    return 1;
                }
            },
        };
        let t = &health.tiles;
        eprintln!(
            "reported {} pages to {to}: {} overdue, {} due within 90 days, {} services not verified, {} unknown numbers; the build {}",
            health.pages.len(),
            t.overdue,
            t.due_90_days,
            t.services_not_verified,
            t.unknown_numbers,
            if health.build.passes { "passes" } else { "fails" }
        );
        0
    }
}

impl AuditArgs {
    fn run(self) -> i32 {
        use crate::audit::folder::{audit_folder, AuditError};
        use crate::audit::AuditOptions;
        let started = std::time::Instant::now();
        let options = AuditOptions {
            allow: self.allow,
            base_url: self.base_url,
            require_emergency: self.require_emergency,
        };
        let audit = match audit_folder(&self.dir, &options) {
            Ok(audit) => audit,
            Err(e) => {
                eprintln!("error: {e}\n  help: {}", e.hint());
                return if matches!(e, AuditError::NotAFolder(_)) {
                    2
                } else {
                    1
                };
            }
        };
        let mut diagnostics = Diagnostics::default();
        diagnostics.extend(audit.findings.iter().map(|f| f.diagnostic("audit", None)));
        diagnostics.extend(audit.warnings.iter().map(|f| {
            crate::diagnostics::Diagnostic::warning("audit", f.message.clone())
                .in_file(&f.page)
                .with_hint(f.hint.clone())
        }));
        if audit.pages == 0 {
            diagnostics.push(
                crate::diagnostics::Diagnostic::warning(
                    "audit",
                    format!("{} has no HTML pages", show(&self.dir)),
                )
                .with_hint("is it the folder the site was built into (e.g. public)?"),
            );
        }
        print_diagnostics(&diagnostics, false);
        eprintln!(
            "audited {} pages and {} stylesheets, scripts and SVG images in {:.2} s: {} errors, {} warnings",
            audit.pages,
            audit.other_files,
            started.elapsed().as_secs_f64(),
            diagnostics.errors(false),
            diagnostics.warnings(false)
        );
        i32::from(diagnostics.has_errors(false))
    }
}

impl ServeArgs {
    fn run(self) -> i32 {
        use crate::serve::{ServeEvent, ServeOptions};
        let Some(today) = today() else { return 2 };
        let bind = self.bind;
        let options = ServeOptions {
            site_dir: self.site,
            bind,
            port: self.port,
            today,
            include_drafts: self.drafts,
        };
        let result = crate::serve::run(&options, &mut |event| match event {
            ServeEvent::Built {
                report,
                last_good,
                rendered,
            } => {
                print_diagnostics(&report.diagnostics, false);
                let ok = !report.diagnostics.has_errors(false);
                let line = match (ok, last_good, rendered) {
                    (true, _, None) => summary("built", report, false, ""),
                    (true, _, Some(n)) => format!(
                        "updated {n} of {} pages in {:.0} ms: {} errors, {} warnings",
                        report.pages,
                        report.elapsed.as_secs_f64() * 1000.0,
                        report.diagnostics.errors(false),
                        report.diagnostics.warnings(false)
                    ),
                    (false, true, _) => summary(
                        "failed:",
                        report,
                        false,
                        "; still serving the last good build, with the errors on every page",
                    ),
                    (false, false, _) => summary(
                        "failed:",
                        report,
                        false,
                        "; the browser shows the errors until they are fixed",
                    ),
                };
                eprintln!("{line}");
            }
            ServeEvent::Listening { url, loopback } => {
                if !loopback {
                    eprintln!(
                        "warning: --bind {bind}: the site is visible to others on the network"
                    );
                }
                eprintln!("serving {url} (Ctrl+C to stop)");
            }
            ServeEvent::Changed(what) => eprintln!("{what}: rebuilding"),
            ServeEvent::WatchProblem(problem) => eprintln!(
                "warning: {problem}\n  help: changes there are not noticed until serve is restarted"
            ),
        });
        match result {
            Ok(()) => 0,
            Err(e) => {
                eprintln!("error: {e}\n  help: {}", e.hint());
                1
            }
        }
    }
}

impl HeadersArgs {
    fn run(self) -> i32 {
        let allow = crate::load_config(&self.site)
            .map(|c| c.privacy.allow)
            .unwrap_or_default();
        print!("{}", crate::headers::render(self.host, &allow));
        0
    }
}

impl InitArgs {
    fn run(self) -> i32 {
        let written = crate::init::parse_languages(&self.languages)
            .and_then(|languages| crate::init::write_starter(&self.dir, &languages));
        match written {
            Ok(written) => {
                let dir = self.dir.display();
                eprintln!(
                    "wrote a starter site to {dir} ({} files) in {}",
                    written.files,
                    written.languages.join(", ")
                );
                for code in &written.needs_strings {
                    eprintln!(
                        "note: the theme has no interface strings in {code}: write each one under \
                         `languages:` → `{code}:` → `strings:` in {dir}/site.yaml (they are listed \
                         there in English); until then the build stops and names them"
                    );
                }
                for code in &written.needs_pages {
                    eprintln!(
                        "note: the starter has no pages in {code}: write each page's translation \
                         beside it (content/about/signs.{code}.md for content/about/signs.md)"
                    );
                }
                eprintln!("next: signpost build {dir}   (or: signpost serve {dir})");
                0
            }
            Err(e) => {
                eprintln!("error: {e}\n  help: {}", e.hint());
                1
            }
        }
    }
}
