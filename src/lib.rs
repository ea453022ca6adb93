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
pub mod frontmatter;
pub mod headers;
pub mod html;
pub mod http;
pub mod init;
pub mod interrupt;
pub mod languages;
pub mod lint;
pub mod live;
pub mod load;
pub mod locale;
pub mod manifest;
pub mod markdown;
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
pub mod statement;
pub mod templates;
pub mod theme;
pub mod translations;
pub mod validate;
pub mod watch;
pub mod yaml;

use config::SiteConfig;
use diagnostics::{Diagnostic, Diagnostics, Severity};
use load::{Loaded, LoadedSite};
use output::OutputTree;
use page::SiteModel;
use std::collections::{BTreeMap, BTreeSet};
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
    pub readings: Vec<readability::Reading>,
    /// What each page shows (services, numbers, links out), when the build
    /// got as far as auditing its output; for `signpost report`.
    pub usage: Option<report::usage::SiteUse>,
    /// How far each other language is translated (none in a site in one language).
    pub coverage: Vec<translations::Coverage>,
}

/// Run the pipeline up to (not including) writing files.
pub fn build(options: &BuildOptions) -> BuildReport {
    let (built, report) = build_kept(options);
    BuildReport {
        output: built.map(|b| b.tree),
        ..report
    }
}

/// [`build`], keeping what rebuilding part of the site needs (for `serve`):
/// the build when it has no errors, and the report (its `output` left
/// empty). The stages: load → validate → render → audit.
fn build_kept(options: &BuildOptions) -> (Option<Built>, BuildReport) {
    let started = Instant::now();
    let report = |diagnostics: Vec<Diagnostic>, pages, (reviews, readings, coverage)| BuildReport {
        diagnostics: Diagnostics::from(diagnostics),
        output: None,
        pages,
        elapsed: started.elapsed(),
        reviews,
        readings,
        usage: None,
        coverage,
    };
    let (loaded, mut diagnostics) = load::load(options);
    let Some(Loaded { site, bodies }) = loaded else {
        return (None, report(diagnostics, 0, Default::default()));
    };
    let (reviews, problems) = validate::site(site.parts(), options.today);
    diagnostics.extend(problems);
    let (readings, problems) = readability::check(
        bodies.iter().map(|(i, body)| {
            let page = &site.model.pages[*i];
            (&page.source, body.as_str(), page.translation.as_deref())
        }),
        &site.config,
    );
    diagnostics.extend(problems);
    let (coverage, problems) = translations::check(&site.config, &site.model);
    diagnostics.extend(problems);
    let reviews = (reviews, readings, coverage);
    let pages = site.model.pages.len();
    let (rendered, problems) = render_site(site, bodies);
    diagnostics.extend(problems);
    let Some(rendered) = rendered else {
        return (None, report(diagnostics, pages, reviews));
    };
    if diagnostics.iter().any(is_error) || rendered.page_diagnostics().any(|d| is_error(&d)) {
        diagnostics.extend(rendered.page_diagnostics());
        return (None, report(diagnostics, pages, reviews));
    }
    let (mut built, problems) = audit_site(rendered);
    diagnostics.extend(problems);
    let all: Vec<Diagnostic> = diagnostics
        .iter()
        .cloned()
        .chain(built.page_diagnostics())
        .collect();
    let failed = all.iter().any(is_error);
    built.site_diagnostics = diagnostics;
    let report = BuildReport {
        usage: Some(report::usage::of(&built)),
        ..report(all, pages, reviews)
    };
    (Some(built).filter(|_| !failed), report)
}

fn is_error(d: &Diagnostic) -> bool {
    d.severity == Severity::Error
}

/// A finished build in memory: its output, and what rebuilding some of its
/// pages needs (see [`live`]).
pub struct Built {
    site: LoadedSite,
    templates: tera::Tera,
    assets: BTreeMap<String, String>,
    security_meta: String,
    pub tree: OutputTree,
    scans: BTreeMap<String, audit::PageScan>,
    /// Output page → the source file it was made from.
    sources: BTreeMap<String, Option<PathBuf>>,
    /// By page (index in the model): the problems rendering it found, and
    /// the findings of the audit and link check in its output.
    render_problems: Vec<Vec<Diagnostic>>,
    audit_findings: Vec<Vec<Diagnostic>>,
    /// Every other diagnostic of the build.
    site_diagnostics: Vec<Diagnostic>,
    /// By page: what it shows of the services registry.
    registry_use: Vec<render::RegistryUse>,
    /// By page: what it gives the search index.
    search: Vec<Option<search::Record>>,
}

/// A page ready for output: minified (URLs made relative if asked) and
/// scanned for the audit, on the thread that rendered it.
struct FinishedPage {
    output_file: String,
    source: Option<PathBuf>,
    html: Vec<u8>,
    scan: audit::PageScan,
    registry_use: render::RegistryUse,
    search: Option<search::Record>,
}

fn finish_page(config: &SiteConfig, page: render::RenderedPage) -> FinishedPage {
    let stack = stack_for(&page.html);
    stacker::maybe_grow(stack, stack, || finish_on_stack(config, page))
}

/// The stack a page's HTML may need. The minifier parses and writes a page
/// recursively, about 1 KiB of stack for each element inside another; every
/// element starts with a `<`, so twice that for each `<` is always enough.
/// A thread's own stack is used when it has that much left, else a larger one.
fn stack_for(html: &str) -> usize {
    const PER_TAG: usize = 2 * 1024;
    const BASE: usize = 256 * 1024;
    html.matches('<')
        .count()
        .saturating_mul(PER_TAG)
        .saturating_add(BASE)
}

fn finish_on_stack(config: &SiteConfig, page: render::RenderedPage) -> FinishedPage {
    let html = output::minify(&page.html);
    // 404.html is served at any depth, so its URLs stay root-relative.
    let html = if config.relative_urls && page.output_file != "404.html" {
        let text = String::from_utf8_lossy(&html);
        output::relativise(&text, &page.output_file, &config.base_path()).into_bytes()
    } else {
        html
    };
    FinishedPage {
        scan: audit::scan(&html),
        output_file: page.output_file,
        source: page.source,
        registry_use: page.registry_use,
        search: page.search,
        html,
    }
}

impl Built {
    fn input(&self) -> render::RenderInput<'_> {
        self.site.input(&self.assets, &self.security_meta)
    }

    /// Put a finished page into the output; page `index` of the model, if it is one.
    fn insert(&mut self, index: Option<usize>, page: FinishedPage) {
        if let Some(index) = index {
            self.registry_use[index] = page.registry_use;
            self.search[index] = page.search;
        }
        self.sources.insert(page.output_file.clone(), page.source);
        self.scans.insert(page.output_file.clone(), page.scan);
        self.tree.insert(page.output_file, page.html);
    }

    /// Write the search index files of every language, from the pages'
    /// records as they are now (see [`search`]).
    fn index_search(&mut self) {
        let config = &self.site.config;
        if !config.search {
            return;
        }
        for (path, bytes) in search::index_files(config, &self.site.model, &self.search) {
            self.tree.insert(path, bytes);
        }
    }

    /// The diagnostics of the pages, in page order.
    fn page_diagnostics(&self) -> impl Iterator<Item = Diagnostic> + '_ {
        self.render_problems
            .iter()
            .zip(&self.audit_findings)
            .flat_map(|(r, a)| r.iter().chain(a))
            .cloned()
    }

    /// The page (index in the model) an output file belongs to, if any.
    fn page_of(&self, output_file: &str) -> Option<usize> {
        let path = output_file.strip_suffix("index.html")?;
        let index = self.site.model.by_path(path)?;
        (self.site.model.pages[index].output_file() == output_file).then_some(index)
    }

    /// The audit and link check of the output pages `pages` (all: None), as
    /// diagnostics with the page (index in the model) each belongs to.
    fn audit(&self, pages: Option<&BTreeSet<String>>) -> Vec<(Option<usize>, Diagnostic)> {
        let config = &self.site.config;
        let options = audit::AuditOptions {
            allow: config.privacy.allow.clone(),
            base_url: Some(config.base_url.clone()),
            require_emergency: !config.emergency.is_empty(),
        };
        let links = audit::links::check(&self.scans, &self.tree.files, &config.base_path(), pages);
        let audit = audit::check(&self.scans, &self.tree.files, &options, pages);
        links
            .into_iter()
            .map(|f| ("broken-link", f))
            .chain(audit.into_iter().map(|f| ("audit", f)))
            .map(|(code, finding)| {
                let source = self.sources.get(&finding.page).cloned().flatten();
                // Sources are named relative to the site's folder, the last layer.
                let finding = match (&source, self.site.layers.last()) {
                    (Some(file), Some(dir)) => finding.located(&dir.join(file)),
                    _ => finding,
                };
                (
                    self.page_of(&finding.page),
                    finding.diagnostic(code, source.as_deref()),
                )
            })
            .collect()
    }
}

/// Render the site: its static files, then every page (taking its body)
/// and the generated pages. None when the templates do not compile.
fn render_site(site: LoadedSite, bodies: Vec<(usize, String)>) -> (Option<Built>, Vec<Diagnostic>) {
    let security_meta = headers::meta_tags(&site.config.privacy.allow);
    let (tree, assets, mut problems) = static_files(&site);
    let templates = match templates::compile_templates(&site.theme, &site.config, &assets) {
        Ok(templates) => templates,
        Err(more) => {
            problems.extend(more);
            return (None, problems);
        }
    };
    let (finished, (generated, more)) = {
        let input = site.input(&assets, &security_meta);
        let renderer = render::Renderer::new(&input, &templates);
        let finish = |p| finish_page(&site.config, p);
        (renderer.pages(bodies, finish), renderer.generated(finish))
    };
    problems.extend(more);
    let pages = site.model.pages.len();
    let mut built = Built {
        site,
        templates,
        assets,
        security_meta,
        tree,
        scans: BTreeMap::new(),
        sources: BTreeMap::new(),
        render_problems: vec![Vec::new(); pages],
        audit_findings: vec![Vec::new(); pages],
        site_diagnostics: Vec::new(),
        registry_use: vec![render::RegistryUse::default(); pages],
        search: vec![None; pages],
    };
    for result in finished {
        built.render_problems[result.index] = result.problems;
        if let Some(page) = result.page {
            built.insert(Some(result.index), page);
        }
    }
    for page in generated {
        built.insert(None, page);
    }
    built.index_search();
    (Some(built), problems)
}

/// Complete a rendered site with the files signpost writes for it (sitemap,
/// robots, host headers), and audit it: the site-wide findings.
fn audit_site(mut built: Built) -> (Built, Vec<Diagnostic>) {
    let config = &built.site.config;
    built.tree.insert(
        "sitemap.xml",
        site_files::sitemap(config, &built.site.model),
    );
    built.tree.insert("robots.txt", site_files::robots(config));
    let mut problems = site_files::host_header_files(config, &mut built.tree);
    // HTML files that were not rendered (static files of the site) are audited too.
    for (path, bytes) in &built.tree.files {
        if audit::is_page(path) && !built.scans.contains_key(path) {
            built.scans.insert(path.clone(), audit::scan(bytes));
        }
    }
    for (page, finding) in built.audit(None) {
        match page {
            Some(index) => built.audit_findings[index].push(finding),
            None => problems.push(finding),
        }
    }
    (built, problems)
}

/// The output files the pages, aliases and signpost itself write, each
/// with the file it is made from as the editor sees it.
fn generated_files(model: &SiteModel) -> BTreeMap<String, String> {
    let mut made: BTreeMap<String, String> = ["404.html", "sitemap.xml", "robots.txt"]
        .into_iter()
        .map(|name| (name.to_string(), format!("signpost's own {name}")))
        .collect();
    for page in &model.pages {
        made.insert(
            page.output_file(),
            page.source.file.display.display().to_string(),
        );
    }
    for (alias, &target) in &model.aliases {
        let source = model.pages[target].source.file.display.display();
        made.insert(
            format!("{alias}index.html"),
            format!("the alias /{alias} of {source}"),
        );
    }
    made
}

/// Static files of the theme chain and the site, brand.css, and files beside
/// the pages in content/; CSS and JS fingerprinted. Returns the asset URL map.
/// A file written at the same output path as a page, an alias or another
/// file is an error naming both.
fn static_files(site: &LoadedSite) -> (OutputTree, BTreeMap<String, String>, Vec<Diagnostic>) {
    let show = site.site_dir.as_path();
    let mut diagnostics = Vec::new();
    let mut tree = OutputTree::default();
    let mut assets = BTreeMap::new();
    let mut made = generated_files(&site.model);
    if site.config.search {
        diagnostics.extend(search::collisions(&site.model));
        made.insert(
            format!("{}index.html", search::FOLDER),
            "signpost's search page".into(),
        );
    }
    let base = site.config.base_path();
    let line = |key: &str| yaml::key_line(&site.config_text, key, 1);
    let mut add = |rel: &str, bytes: Vec<u8>, from: String, tree: &mut OutputTree| {
        let out = if rel.ends_with(".css") || rel.ends_with(".js") {
            output::fingerprinted(rel, &bytes)
        } else {
            rel.to_string()
        };
        if let Some(other) = made.get(&out) {
            return Some(
                Diagnostic::error(
                    "duplicate-path",
                    format!("this file would be written to /{out}, where {other} is written"),
                )
                .in_file(&from)
                .with_hint("rename or remove one of the two files"),
            );
        }
        made.insert(out.clone(), from);
        assets.insert(rel.to_string(), format!("{base}{out}"));
        tree.insert(out, bytes);
        None
    };
    match brand::stylesheet(&site.config.brand, &line) {
        Ok(css) => diagnostics.extend(add(
            "css/brand.css",
            css.into_bytes(),
            "site.yaml".into(),
            &mut tree,
        )),
        Err(problems) => diagnostics.extend(problems),
    }
    for (rel, source) in &site.theme.static_files {
        let unused = (rel == search::SCRIPT && !site.config.search)
            || (rel == languages::STYLESHEET && site.config.languages.is_empty());
        if unused {
            continue;
        }
        let from = match source {
            theme::StaticSource::Disk(abs) => content::shown(abs, show).display().to_string(),
            theme::StaticSource::BuiltIn(_) => format!("the theme's static/{rel}"),
        };
        match source.read() {
            Ok(bytes) => diagnostics.extend(add(rel, bytes, from, &mut tree)),
            Err(e) => diagnostics.push(
                Diagnostic::error("io", format!("cannot read static file {rel}: {e}"))
                    .in_file(from),
            ),
        }
    }
    for found in &site.content_assets {
        let from = content::shown(&found.abs, show).display().to_string();
        match std::fs::read(&found.abs) {
            Ok(bytes) => diagnostics.extend(add(&found.rel, bytes, from, &mut tree)),
            Err(e) => diagnostics.push(
                Diagnostic::error("io", format!("cannot read {}: {e}", found.rel)).in_file(from),
            ),
        }
    }
    diagnostics.extend(taken_addresses(site, &made, &assets));
    (tree, assets, diagnostics)
}

/// Just the site's configuration (for commands that need no build).
pub fn load_config(site_dir: &Path) -> Option<SiteConfig> {
    // The same reading as a build, so a partner inherits its pack's privacy.allow.
    pack::resolve(site_dir).ok().map(|chain| chain.config)
}

/// An error for each alias whose folder is the address of a file, and for a
/// brand logo that is not among the static files.
fn taken_addresses(
    site: &LoadedSite,
    made: &BTreeMap<String, String>,
    assets: &BTreeMap<String, String>,
) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    // An alias is a folder: a file of the same name leaves no room for it.
    for (alias, &target) in &site.model.aliases {
        if let Some(file) = made.get(alias.trim_end_matches('/')) {
            let page = &site.model.pages[target].source;
            problems.push(
                Diagnostic::error(
                    "alias",
                    format!("alias `/{alias}` is the address of {file}"),
                )
                .in_file(&page.file.display)
                .at_line(page.key_line("aliases"))
                .with_hint("remove the alias, or rename the file"),
            );
        }
    }
    if let Some(logo) = &site.config.brand.logo {
        if !assets.contains_key(logo.trim_start_matches("static/")) {
            problems.push(
                Diagnostic::error("brand", format!("brand.logo `{logo}` does not exist"))
                    .in_file("site.yaml")
                    .at_line(yaml::key_line(&site.config_text, "logo", 1))
                    .with_hint("put the logo in static/ and write its path, e.g. static/logo.svg"),
            );
        }
    }
    problems
}
