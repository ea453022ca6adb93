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
pub mod frontmatter;
pub mod headers;
pub mod init;
pub mod lint;
pub mod markdown;
pub mod output;
pub mod pack;
pub mod page;
pub mod phone;
pub mod render;
pub mod reviews;
pub mod schema;
pub mod serve;
pub mod services;
pub mod shortcodes;
pub mod theme;
pub mod watch;
pub mod yaml;

use config::SiteConfig;
use content::{read_text, FoundFile};
use diagnostics::{Diagnostic, Diagnostics};
use output::OutputTree;
use page::SiteModel;
use services::ServiceRegistry;
use std::collections::BTreeMap;
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
}

/// Run the pipeline up to (not including) writing files.
pub fn build(options: &BuildOptions) -> BuildReport {
    let started = Instant::now();
    let mut diagnostics = Diagnostics::default();
    let mut reviews = Vec::new();
    let (output, pages) = match run(options, &mut diagnostics, &mut reviews) {
        Some((tree, pages)) if !diagnostics.has_errors(false) => (Some(tree), pages),
        Some((_, pages)) => (None, pages),
        None => (None, 0),
    };
    BuildReport {
        diagnostics,
        output,
        pages,
        elapsed: started.elapsed(),
        reviews,
    }
}

/// The loaded, parsed site: everything rendering needs.
struct LoadedSite {
    config: SiteConfig,
    config_text: String,
    model: SiteModel,
    services: ServiceRegistry,
    theme: theme::Theme,
    content_assets: Vec<FoundFile>,
}

fn run(
    options: &BuildOptions,
    diagnostics: &mut Diagnostics,
    reviews: &mut Vec<reviews::ReviewEntry>,
) -> Option<(OutputTree, usize)> {
    let mut site = load(options, diagnostics)?;
    let (entries, problems) =
        reviews::check(&site.model, &site.services, &site.config, options.today);
    *reviews = entries;
    diagnostics.extend(problems);
    let pages = site.model.pages.len();
    let security_meta = headers::meta_tags(&site.config.privacy.allow);
    let (mut tree, assets) = static_files(&site, diagnostics)?;
    let input = render::RenderInput {
        config: &site.config,
        site: &site.model,
        services: &site.services,
        theme: &site.theme,
        assets: &assets,
        security_meta: &security_meta,
    };
    let base_path = site.config.base_path();
    let (rendered, problems) = render::render_site(&input, |p| {
        let html = output::minify(&p.html);
        // 404.html is served at any depth, so its URLs stay root-relative.
        let html = if site.config.relative_urls && p.output_file != "404.html" {
            output::relativise(&String::from_utf8_lossy(&html), &p.output_file, &base_path)
                .into_bytes()
        } else {
            html
        };
        (p.output_file, p.source, html)
    });
    diagnostics.extend(problems);
    if diagnostics.has_errors(false) {
        return Some((tree, pages));
    }
    // The Markdown is rendered; its text would only weigh on the audit's peak memory.
    for page in &mut site.model.pages {
        page.source.body = String::new();
    }
    let mut sources: BTreeMap<String, Option<PathBuf>> = BTreeMap::new();
    for (path, source, bytes) in rendered {
        sources.insert(path.clone(), source);
        tree.insert(path, bytes);
    }
    tree.insert("sitemap.xml", render::sitemap(&site.config, &site.model));
    tree.insert("robots.txt", render::robots(&site.config));
    host_header_files(&site.config, &mut tree, diagnostics);
    let scans = audit::scan_all(&tree.files);
    let audit_options = audit::AuditOptions {
        allow: site.config.privacy.allow.clone(),
        base_url: Some(site.config.base_url.clone()),
        require_emergency: !site.config.emergency.is_empty(),
    };
    let links = audit::links::check(&scans, &tree.files, &site.config.base_path());
    let audit = audit::check(&scans, &tree.files, &audit_options);
    let findings = links
        .into_iter()
        .map(|f| ("broken-link", f))
        .chain(audit.into_iter().map(|f| ("audit", f)));
    for (code, finding) in findings {
        let source = sources.get(&finding.page).cloned().flatten();
        diagnostics.push(finding.diagnostic(code, source.as_deref()));
    }
    Some((tree, pages))
}

/// `_headers` (Netlify, Cloudflare Pages) and `.htaccess` (Apache) with the
/// security headers, unless the site ships its own.
fn host_header_files(config: &SiteConfig, tree: &mut OutputTree, diagnostics: &mut Diagnostics) {
    for (name, text) in headers::host_files(&config.privacy.allow) {
        if tree.files.contains_key(name) {
            diagnostics.push(
                Diagnostic::note(
                    "headers",
                    format!("the site's own {name} is used instead of the one signpost writes"),
                )
                .with_hint(
                    "make sure it sends the security headers (`signpost headers` prints them)",
                ),
            );
        } else {
            tree.insert(name, text);
        }
    }
}

/// Load and parse the site folder; None when nothing further can be done.
fn load(options: &BuildOptions, diagnostics: &mut Diagnostics) -> Option<LoadedSite> {
    let site_dir = &options.site_dir;
    let show = site_dir.as_path();
    let chain = pack::resolve(site_dir)
        .map_err(|p| diagnostics.extend(p))
        .ok()?;
    let mut config = chain.config.clone();
    if let Some(url) = &options.base_url {
        config.base_url = url.clone();
    }
    diagnostics.extend(config.validate(&chain.config_text));

    let services = pack::services(&chain, show).unwrap_or_else(|problems| {
        diagnostics.extend(problems);
        ServiceRegistry::default()
    });
    for id in &config.emergency {
        if services.get(id).is_none() {
            diagnostics.push(
                services
                    .unknown_id(id)
                    .in_file("site.yaml")
                    .at_line(yaml::key_line(&chain.config_text, "emergency", 1)),
            );
        }
    }

    let (found, problems) = pack::content_files(&chain, show);
    diagnostics.extend(problems);
    let (pages, content_assets): (Vec<FoundFile>, Vec<FoundFile>) =
        found.into_iter().partition(|f| f.rel.ends_with(".md"));
    let mut unreadable = std::collections::BTreeSet::new();
    let parsed: Vec<frontmatter::ParsedPage> = {
        use rayon::prelude::*;
        let results: Vec<Result<frontmatter::ParsedPage, Diagnostic>> = pages
            .par_iter()
            .map(|f| read_text(f, show).and_then(frontmatter::parse))
            .collect();
        let mut parsed = Vec::new();
        for (result, file) in results.into_iter().zip(&pages) {
            match result {
                Ok(page) => parsed.push(page),
                Err(d) => {
                    unreadable.insert(file.rel.clone());
                    diagnostics.push(d);
                }
            }
        }
        parsed
    };
    for page in &parsed {
        if page
            .front
            .description
            .as_deref()
            .is_none_or(|d| d.trim().is_empty())
        {
            diagnostics.push(
                Diagnostic::warning("no-description", "the page has no description")
                    .in_file(&page.file.display)
                    .at_line(Some(1))
                    .with_hint("add `description: ...` (one sentence; search engines and link previews show it)"),
            );
        }
    }
    let (mut model, problems) = SiteModel::build(parsed, options.include_drafts);
    model.hidden = pack::hidden_pages(&chain);
    model.unreadable = unreadable;
    diagnostics.extend(problems);

    let theme = theme::load(&config.theme, &chain.layers, show)
        .map_err(|problems| diagnostics.extend(problems))
        .ok()?;
    Some(LoadedSite {
        config,
        config_text: chain.config_text,
        model,
        services,
        theme,
        content_assets,
    })
}

/// Static files of the theme chain and the site, brand.css, and files beside
/// the pages in content/; CSS and JS fingerprinted. Returns the asset URL map.
fn static_files(
    site: &LoadedSite,
    diagnostics: &mut Diagnostics,
) -> Option<(OutputTree, BTreeMap<String, String>)> {
    let mut tree = OutputTree::default();
    let mut assets = BTreeMap::new();
    let base = site.config.base_path();
    let line = |key: &str| yaml::key_line(&site.config_text, key, 1);
    let mut add = |rel: &str, bytes: Vec<u8>, tree: &mut OutputTree| {
        let out = if rel.ends_with(".css") || rel.ends_with(".js") {
            output::fingerprinted(rel, &bytes)
        } else {
            rel.to_string()
        };
        assets.insert(rel.to_string(), format!("{base}{out}"));
        tree.insert(out, bytes);
    };
    match brand::stylesheet(&site.config.brand, &line) {
        Ok(css) => add("css/brand.css", css.into_bytes(), &mut tree),
        Err(problems) => diagnostics.extend(problems),
    }
    for (rel, source) in &site.theme.static_files {
        match source.read() {
            Ok(bytes) => add(rel, bytes, &mut tree),
            Err(e) => diagnostics.push(
                Diagnostic::error("io", format!("cannot read static file {rel}: {e}"))
                    .in_file(format!("static/{rel}")),
            ),
        }
    }
    for found in &site.content_assets {
        match std::fs::read(&found.abs) {
            Ok(bytes) => tree.insert(found.rel.clone(), bytes),
            Err(e) => diagnostics.push(
                Diagnostic::error("io", format!("cannot read {}: {e}", found.rel))
                    .in_file(format!("content/{}", found.rel)),
            ),
        }
    }
    if let Some(logo) = &site.config.brand.logo {
        if !assets.contains_key(logo.trim_start_matches("static/")) {
            diagnostics.push(
                Diagnostic::error("brand", format!("brand.logo `{logo}` does not exist"))
                    .in_file("site.yaml")
                    .at_line(line("logo"))
                    .with_hint("put the logo in static/ and write its path, e.g. static/logo.svg"),
            );
        }
    }
    Some((tree, assets))
}

/// Just the site's configuration (for commands that need no build).
pub fn load_config(site_dir: &Path) -> Option<SiteConfig> {
    // The same reading as a build, so a partner inherits its pack's privacy.allow.
    pack::resolve(site_dir).ok().map(|chain| chain.config)
}
