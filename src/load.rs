//! Loading: the site folder and the packs it extends read into memory. The
//! chain of site.yaml files, the services registry, the page files (their
//! front matter parsed, in parallel), the files beside them, and the theme;
//! the site model built from the pages.

use crate::config::SiteConfig;
use crate::content::{self, read_text, FoundFile};
use crate::diagnostics::{Diagnostic, Severity};
use crate::frontmatter::{self, ParsedPage};
use crate::languages::{Language, SiteLanguages};
use crate::lint::NumberIndex;
use crate::page::{LeftOut, SiteModel};
use crate::services::ServiceRegistry;
use crate::{pack, render, theme, validate, yaml, BuildOptions};
use std::collections::BTreeMap;
use std::collections::BTreeSet;
use std::path::PathBuf;

/// The loaded, parsed site: everything rendering reads.
pub struct LoadedSite {
    /// The site's folder as the command was given it: files are shown relative to it.
    pub site_dir: PathBuf,
    pub config: SiteConfig,
    pub config_text: String,
    pub model: SiteModel,
    pub services: ServiceRegistry,
    /// The registry's phone numbers, for finding them in page text.
    pub numbers: NumberIndex,
    /// The site's other languages (none for a site in one).
    pub languages: SiteLanguages,
    pub theme: theme::Theme,
    /// The Markdown files of the site and its packs, by path under content/.
    pub page_files: BTreeMap<String, FoundFile>,
    /// The folders of the site and the packs it extends (see `pack`).
    pub layers: Vec<PathBuf>,
    pub content_assets: Vec<FoundFile>,
}

impl LoadedSite {
    /// What rendering reads, with the asset URLs and security tags of the build.
    pub fn input<'a>(
        &'a self,
        assets: &'a BTreeMap<String, String>,
        security_meta: &'a str,
    ) -> render::RenderInput<'a> {
        render::RenderInput {
            config: &self.config,
            site: &self.model,
            services: &self.services,
            numbers: &self.numbers,
            languages: &self.languages,
            theme: &self.theme,
            assets,
            security_meta,
        }
    }

    /// What validation reads of the site.
    pub fn parts(&self) -> validate::SiteParts<'_> {
        validate::SiteParts {
            config: &self.config,
            config_text: &self.config_text,
            model: &self.model,
            services: &self.services,
        }
    }

    /// Page `index`'s Markdown body, read again from its file. Bodies are
    /// not held from one stage to the next: at 100,000 pages they would be
    /// most of the build's memory, and a file read again comes from the
    /// system's cache. An error when the file cannot be read, or its front
    /// matter is no longer the one the site model was built from.
    pub fn body(&self, index: usize) -> Result<String, Diagnostic> {
        let known = &self.model.pages[index].source;
        let changed = || {
            Diagnostic::error(
                "changed-while-building",
                "the file changed while the site was being built",
            )
            .in_file(&known.file.display)
            .with_hint("build again once the file is saved")
        };
        let found = self.page_files.get(&known.file.rel).ok_or_else(changed)?;
        let file = read_text(found, &self.site_dir)?;
        frontmatter::body_of(file.text, known).ok_or_else(changed)
    }

    /// Set the services registry, and the numbers index built from it.
    pub fn set_services(&mut self, services: ServiceRegistry) {
        self.numbers = NumberIndex::new(services.views(), &self.config.country);
        self.services = services;
    }
}

/// Load and parse the site folder, and every problem found on the way; no
/// site when nothing further can be done.
pub fn load(options: &BuildOptions) -> (Option<LoadedSite>, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let loaded = load_into(options, &mut diagnostics);
    (loaded, diagnostics)
}

fn load_into(options: &BuildOptions, diagnostics: &mut Vec<Diagnostic>) -> Option<LoadedSite> {
    let show = options.site_dir.as_path();
    let chain = pack::resolve(show)
        .map_err(|p| diagnostics.extend(p))
        .ok()?;
    let mut config = chain.config.clone();
    if let Some(url) = &options.base_url {
        config.base_url = url.clone();
    }
    diagnostics.extend(config.validate(&chain.config_text));
    diagnostics.extend(crate::languages::validate(&config, &chain.config_text));

    // The first reading of a phone number loads the phone number library's
    // metadata (a fifth of a second on one core): the pages are read meanwhile.
    let (services, (found, parsed)) =
        rayon::join(|| pack::services(&chain, show), || read_pages(&chain, show));
    // Without its services the site is not rendered: every service a page
    // names would only be reported again as unknown.
    let services = services.map_err(|problems| diagnostics.extend(problems));
    if let Ok(services) = &services {
        diagnostics.extend(unknown_emergency(&config, &chain.config_text, services));
    }
    let (found, problems) = found;
    diagnostics.extend(problems);
    let (pages, assets): (Vec<FoundFile>, Vec<FoundFile>) =
        found.into_iter().partition(|f| f.rel.ends_with(".md"));
    let content_assets = publishable(assets, show, diagnostics);
    let mut model = site_model(&pages, parsed, &chain, options, diagnostics);
    let theme = theme::load(&config.theme, &chain.layers, show)
        .map_err(|problems| diagnostics.extend(problems));
    // Without every string of every language the site is not rendered: each
    // template would only fail again on the first string missing.
    let strings_complete = theme.as_ref().is_ok_and(|theme| {
        let strings = crate::languages::check_strings(theme, &config, &chain.config_text);
        let complete = !strings.iter().any(|d| d.severity == Severity::Error);
        diagnostics.extend(strings);
        complete
    });
    let languages = match &services {
        Ok(_) => other_languages(&config, &chain, show, diagnostics),
        Err(()) => None,
    };
    let (Ok(theme), Ok(services), Some(languages), true) =
        (theme, services, languages, strings_complete)
    else {
        // Not validated further: the front matter's problems are all there is to say.
        let pages = model.pages.iter();
        diagnostics.extend(pages.flat_map(|p| validate::front_matter(&p.source)));
        return None;
    };
    if languages.is_multilingual() {
        model.set_collation(languages.locales.clone());
    }
    let numbers = NumberIndex::new(services.views(), &config.country);
    Some(LoadedSite {
        site_dir: options.site_dir.clone(),
        config,
        config_text: chain.config_text,
        model,
        services,
        numbers,
        languages,
        theme,
        page_files: pages.into_iter().map(|f| (f.rel.clone(), f)).collect(),
        layers: chain.layers,
        content_assets,
    })
}

/// The configuration and services registry of each other language of the
/// site, and the locales of all; None when a registry has errors.
fn other_languages(
    config: &SiteConfig,
    chain: &pack::SiteChain,
    show: &std::path::Path,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<SiteLanguages> {
    if config.languages.is_empty() {
        return Some(SiteLanguages::default());
    }
    let mut others = BTreeMap::new();
    let mut failed = false;
    for code in config.languages.keys() {
        let Some(language_config) = config.for_language(code) else {
            continue;
        };
        match pack::services_in(chain, show, Some(code)) {
            Ok(services) => {
                others.insert(
                    code.clone(),
                    Language {
                        config: language_config,
                        services,
                    },
                );
            }
            Err(problems) => {
                failed = true;
                diagnostics.extend(problems);
            }
        }
    }
    let locales = crate::locale::Locales::new(
        &config.language,
        config.languages.keys().map(String::as_str),
    );
    (!failed).then(|| SiteLanguages {
        locales: std::sync::Arc::new(locales),
        others,
    })
}

/// Found files under content/ (and their problems), and every Markdown
/// file among them read and parsed, in parallel.
type ReadPages = (
    (Vec<FoundFile>, Vec<Diagnostic>),
    Vec<Result<ParsedPage, Diagnostic>>,
);

fn read_pages(chain: &pack::SiteChain, show: &std::path::Path) -> ReadPages {
    use rayon::prelude::*;
    let (found, problems) = pack::content_files(chain, show);
    let parsed = found
        .par_iter()
        .filter(|f| f.rel.ends_with(".md"))
        .map(|f| read_text(f, show).and_then(frontmatter::parse_front))
        .collect();
    ((found, problems), parsed)
}

/// An error for each emergency service of site.yaml that is not in the registry.
fn unknown_emergency(
    config: &SiteConfig,
    config_text: &str,
    services: &ServiceRegistry,
) -> Vec<Diagnostic> {
    config
        .emergency
        .iter()
        .filter(|id| services.get(id).is_none())
        .map(|id| {
            services
                .unknown_id(id)
                .in_file("site.yaml")
                .at_line(yaml::key_line(config_text, "emergency", 1))
        })
        .collect()
}

/// The files beside the pages that may be published: a source file is
/// never published as it is.
fn publishable(
    assets: Vec<FoundFile>,
    show: &std::path::Path,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<FoundFile> {
    let mut kept = Vec::new();
    for file in assets {
        match content::source_like(&file.rel) {
            None => kept.push(file),
            Some(why) => diagnostics.push(
                Diagnostic::error(
                    "source-file",
                    "this file is not a page, and would be published as it is",
                )
                .in_file(content::shown(&file.abs, show))
                .with_hint(why),
            ),
        }
    }
    kept
}

/// The site model of the pages read, built whole (their bodies are read
/// again when needed: see [`LoadedSite::body`]); the problems of the model,
/// and of the front matter of the pages left out of it (drafts).
fn site_model(
    pages: &[FoundFile],
    parsed: Vec<Result<ParsedPage, Diagnostic>>,
    chain: &pack::SiteChain,
    options: &BuildOptions,
    diagnostics: &mut Vec<Diagnostic>,
) -> SiteModel {
    let mut left_out = LeftOut {
        hidden: pack::hidden_pages(chain),
        ..LeftOut::default()
    };
    let mut fronts = Vec::new();
    // The front matter of the model's pages is validated with them; of the others here.
    let mut unchecked: BTreeMap<String, Vec<Diagnostic>> = BTreeMap::new();
    for (result, file) in parsed.into_iter().zip(pages) {
        match result {
            Ok(page) => {
                unchecked.insert(
                    page.file.rel.clone(),
                    validate::front_matter(&page).collect(),
                );
                fronts.push(page);
            }
            Err(d) => {
                left_out.unreadable.insert(file.rel.clone());
                diagnostics.push(d);
            }
        }
    }
    // A home page whose front matter is unreadable is reported as that.
    let home_unreadable = left_out.unreadable.contains("_index.md");
    let (model, problems) = SiteModel::build(fronts, options.include_drafts, left_out);
    diagnostics.extend(
        problems
            .into_iter()
            .filter(|d| !(home_unreadable && d.code == "no-home")),
    );
    let in_model: BTreeSet<&str> = model
        .pages
        .iter()
        .map(|p| p.source.file.rel.as_str())
        .collect();
    unchecked.retain(|rel, _| !in_model.contains(rel.as_str()));
    diagnostics.extend(unchecked.into_values().flatten());
    model
}
