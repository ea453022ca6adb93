//! The site state: one site rendered in memory and all that is known of it,
//! made by the whole build and kept by `serve` between edits. It owns one
//! [`PageState`] per page of the model (its output's scan and source file,
//! what it shows of the services registry, its search record, review and
//! reading, and its diagnostics by stage: validation, readability, render,
//! audit), the outputs that are no page of the model (generated pages, static
//! HTML), the output tree, what rendering again needs (the loaded site, the
//! compiled templates, the asset URLs), and the site's own diagnostics by
//! stage. Every change goes through its methods, which the build and `serve`
//! share; a change replaces a stage's diagnostics as a whole, never picks
//! some out of a list. No field is written from outside this module.

use crate::audit::{self, PageScan};
use crate::diagnostics::{Diagnostic, Diagnostics, Severity};
use crate::finish::{finish_page, FinishedPage};
use crate::frontmatter::ParsedPage;
use crate::load::LoadedSite;
use crate::output::{OutputTree, Staging};
use crate::readability::Reading;
use crate::render::{self, PageResult, RegistryUse};
use crate::reviews::ReviewEntry;
use crate::services::ServiceRegistry;
use crate::theme::Theme;
use crate::translations::{self, Coverage};
use crate::validate::{PageChecks, Validated};
use crate::{headers, layers, search, site_files, static_files, templates, BuildReport};
use std::collections::btree_map::Entry;
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

/// An output file's scan for the audit, and the source file it was made from.
struct Output {
    scan: PageScan,
    source: Option<PathBuf>,
}

/// How many pages [`SiteState::render`] renders before it puts them in.
const RENDERED_AT_ONCE: usize = 4096;

/// One page of the model, and all that is known of it.
pub struct PageState {
    /// Where it is written.
    output_file: String,
    /// Its last output without errors; None until it has one.
    output: Option<Output>,
    registry_use: RegistryUse,
    search: Option<search::Record>,
    review: Option<ReviewEntry>,
    /// Shared with the reports made of the site, not copied into each.
    reading: Option<Arc<Reading>>,
    /// Its front matter's and review dates' problems (see [`crate::validate`]).
    validate: Vec<Diagnostic>,
    readability: Vec<Diagnostic>,
    /// Rendering it (or reading its file, when an edit made it unreadable).
    render: Vec<Diagnostic>,
    /// The audit and link check of its output.
    audit: Vec<Diagnostic>,
}

impl PageState {
    /// What it shows of the services registry, as last rendered.
    pub fn registry_use(&self) -> &RegistryUse {
        &self.registry_use
    }

    /// The scan of its last output, once it has one.
    pub fn scan(&self) -> Option<&PageScan> {
        self.output.as_ref().map(|o| &o.scan)
    }

    /// Put its new rendering in: its problems, and its output (into `tree`)
    /// unless they include errors. Whether its ids changed.
    fn replace(&mut self, result: PageResult<FinishedPage>, tree: &mut OutputTree) -> bool {
        let failed = result.problems.iter().any(is_error);
        self.render = result.problems;
        let (Some(finished), false) = (result.page, failed) else {
            return false;
        };
        let old_ids = self.output.as_ref().map(|o| &o.scan.ids);
        let ids_changed = old_ids != Some(&finished.scan.ids);
        // What is kept of a page is copied here, on the one thread that
        // puts pages in, and the rendering thread's copy dropped: made
        // there, among the page's short-lived buffers, it kept each of
        // their allocator pages from being returned (a 100,000-page build
        // peaked 70 MiB higher; docs/performance.md).
        self.registry_use = finished.registry_use.clone();
        self.search = finished.search.clone();
        self.output = Some(Output {
            scan: finished.scan.clone(),
            source: finished.source.clone(),
        });
        tree.keep(finished.output_file, finished.html);
        ids_changed
    }

    /// Its output file and the scan of its last output, once it has one.
    fn scanned(&self) -> Option<(&str, &PageScan)> {
        Some((self.output_file.as_str(), self.scan()?))
    }

    fn check(&mut self, checks: PageChecks, reading: bool) {
        self.review = Some(checks.review);
        self.reading = checks.reading.filter(|_| reading).map(Arc::new);
        self.validate = checks.problems;
        self.readability = checks.readability;
    }

    fn diagnostics(&self) -> impl Iterator<Item = &Diagnostic> {
        [&self.validate, &self.readability, &self.render, &self.audit]
            .into_iter()
            .flatten()
    }
}

/// The site's diagnostics that belong to no one page, by the stage that finds them.
#[derive(Default)]
struct SiteDiagnostics {
    /// Loading: site.yaml, the services, the content files, the theme.
    load: Vec<Diagnostic>,
    /// The services' review dates.
    services: Vec<Diagnostic>,
    /// The accessibility statement.
    statement: Vec<Diagnostic>,
    /// Translations missing or out of date (see [`translations`]).
    translations: Vec<Diagnostic>,
    /// The static files: a path written twice, a logo missing.
    files: Vec<Diagnostic>,
    /// Compiling the templates.
    templates: Vec<Diagnostic>,
    /// Rendering the generated pages (404, redirects, statement, search).
    generated: Vec<Diagnostic>,
    /// The host header files.
    site_files: Vec<Diagnostic>,
    /// The audit of the outputs that are no page of the model.
    audit: Vec<Diagnostic>,
}

impl SiteDiagnostics {
    fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        [
            &self.load,
            &self.services,
            &self.statement,
            &self.translations,
            &self.files,
            &self.templates,
            &self.generated,
            &self.site_files,
            &self.audit,
        ]
        .into_iter()
        .flatten()
    }
}

/// Which outputs [`SiteState::reaudit`] audits again.
#[derive(Clone, Copy)]
pub enum Reaudit<'a> {
    /// Every file: ids that links point to may have changed.
    All,
    /// These pages (indices in the model), those that rendered without errors.
    Pages(&'a [usize]),
}

/// What [`SiteState::render`] did.
pub struct Rendered {
    /// Pages rendered.
    pub pages: usize,
    /// A page rendered without errors has other ids (headings) than before,
    /// which may mend or break links from other pages.
    pub ids_changed: bool,
}

/// A site rendered in memory (see the module comment).
pub struct SiteState {
    site: LoadedSite,
    /// Each page's reading is kept (for the report).
    readings: bool,
    templates: tera::Tera,
    /// Static file → its fingerprinted URL.
    assets: BTreeMap<String, String>,
    security_meta: String,
    tree: OutputTree,
    /// By page, in the model's order.
    pages: Vec<PageState>,
    /// The outputs that are no page of the model, by output file.
    others: BTreeMap<String, Output>,
    service_reviews: Vec<ReviewEntry>,
    statement_review: Option<ReviewEntry>,
    /// How far each other language is translated.
    coverage: Vec<Coverage>,
    diagnostics: SiteDiagnostics,
}

impl SiteState {
    /// The state of a loaded and validated site, with nothing rendered yet.
    /// `readings`: keep each page's reading (see [`crate::BuildOptions::page_details`]).
    pub fn new(
        site: LoadedSite,
        load: Vec<Diagnostic>,
        validated: Validated,
        readings: bool,
    ) -> SiteState {
        let pages = site.model.pages.iter().zip(validated.pages);
        let pages = pages
            .map(|(page, checks)| {
                let mut state = PageState {
                    output_file: page.output_file(),
                    output: None,
                    registry_use: RegistryUse::default(),
                    search: None,
                    review: None,
                    reading: None,
                    validate: Vec::new(),
                    readability: Vec::new(),
                    render: Vec::new(),
                    audit: Vec::new(),
                };
                state.check(checks, readings);
                state
            })
            .collect();
        let (service_reviews, services) = validated.services;
        let (statement_review, statement) = validated.statement;
        let mut state = SiteState {
            security_meta: headers::meta_tags(&site.config.privacy.allow),
            site,
            templates: tera::Tera::default(),
            assets: BTreeMap::new(),
            tree: OutputTree::default(),
            pages,
            others: BTreeMap::new(),
            service_reviews,
            statement_review,
            diagnostics: SiteDiagnostics {
                load,
                services,
                statement,
                ..SiteDiagnostics::default()
            },
            coverage: Vec::new(),
            readings,
        };
        state.check_translations();
        state
    }

    /// Which translations are missing or out of date, from the pages as they now are.
    fn check_translations(&mut self) {
        let (coverage, problems) = translations::check(&self.site.config, &self.site.model);
        self.coverage = coverage;
        self.diagnostics.translations = problems;
    }

    /// The loaded site, as it now is.
    pub fn site(&self) -> &LoadedSite {
        &self.site
    }

    /// The output files, as they now are.
    pub fn tree(&self) -> &OutputTree {
        &self.tree
    }

    /// The output files, for writing them.
    pub fn into_tree(self) -> OutputTree {
        self.tree
    }

    /// The pages, in the model's order.
    pub fn pages(&self) -> &[PageState] {
        &self.pages
    }

    /// Every diagnostic of the site as it now is: the site's, then the pages'.
    pub fn diagnostics(&self) -> impl Iterator<Item = &Diagnostic> {
        let pages = self.pages.iter().flat_map(PageState::diagnostics);
        self.diagnostics.iter().chain(pages)
    }

    /// Whether any diagnostic of the site as it now is is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics().any(is_error)
    }

    /// The report of the site as it now is (without its usage, see `report`).
    pub fn report(&self, elapsed: Duration) -> BuildReport {
        let pages = self.pages.iter();
        BuildReport {
            diagnostics: Diagnostics::from(self.diagnostics().cloned().collect::<Vec<_>>()),
            output: None,
            pages: self.pages.len(),
            elapsed,
            reviews: (pages.clone().filter_map(|p| p.review.clone()))
                .chain(self.service_reviews.iter().cloned())
                .chain(self.statement_review.clone())
                .collect(),
            readings: pages.filter_map(|p| p.reading.clone()).collect(),
            usage: None,
            coverage: self.coverage.clone(),
        }
    }

    /// Copy in the static files, and compile the templates with their URLs:
    /// false when the templates do not compile (their errors are reported).
    pub fn prepare(&mut self) -> bool {
        let (tree, assets, problems) = static_files::static_files(&self.site);
        self.tree = tree;
        self.assets = assets;
        self.diagnostics.files = problems;
        match templates::compile_templates(&self.site.theme, &self.site.config, &self.assets) {
            Ok(compiled) => self.templates = compiled,
            Err(problems) => self.diagnostics.templates = problems,
        }
        self.diagnostics.templates.is_empty()
    }

    /// Render with the templates of `theme` from now on; false (and nothing
    /// changed) when they do not compile.
    pub fn set_theme(&mut self, theme: Theme) -> bool {
        let compiled = templates::compile_templates(&theme, &self.site.config, &self.assets);
        let Ok(compiled) = compiled else {
            return false;
        };
        self.site.theme = theme;
        self.templates = compiled;
        true
    }

    /// Take a new services registry, with the reviews of its services.
    pub fn set_services(
        &mut self,
        services: ServiceRegistry,
        (reviews, problems): (Vec<ReviewEntry>, Vec<Diagnostic>),
    ) {
        self.site.set_services(services);
        self.service_reviews = reviews;
        self.diagnostics.services = problems;
    }

    /// Take a new version of page `index`'s file (in the same place), and its checks.
    pub fn replace_source(&mut self, index: usize, page: ParsedPage, checks: PageChecks) {
        self.site.model.pages[index].source = page;
        self.pages[index].check(checks, self.readings);
        // Its `reviewed` date may make it, or its translations, out of date.
        self.check_translations();
    }

    /// Page `index`'s file can no longer be read (`problem`): it keeps its
    /// last good output, and has that problem only.
    pub fn set_unreadable(&mut self, index: usize, problem: Diagnostic) {
        let page = &mut self.pages[index];
        page.validate.clear();
        page.readability.clear();
        page.audit.clear();
        page.render = vec![problem];
    }

    /// Sort the pages' lists again, after a title or weight changed.
    pub fn relist(&mut self) {
        self.site.model.sort_children();
    }

    /// Render the pages `indices` (in the model), each body read again from
    /// its file, and the generated pages too when asked. A page with errors keeps its last good
    /// output. The search index and the sitemap are left as they were: see
    /// [`SiteState::lists`].
    /// With `staging`, each finished page is written into it at once and
    /// only its name is kept.
    pub fn render(
        &mut self,
        indices: Vec<usize>,
        generated: bool,
        staging: Option<&Staging>,
    ) -> Rendered {
        let input = self.site.input(&self.assets, &self.security_meta);
        let renderer = render::Renderer::new(&input, &self.templates);
        let finish = |p| finish_page(input.config, p, staging);
        let mut ids_changed = false;
        // A few thousand at a time, each put in before the next are
        // rendered: the results of every page are never held at once.
        for chunk in indices.chunks(RENDERED_AT_ONCE) {
            let results = renderer.pages(chunk.to_vec(), |i| self.site.body(i), finish);
            for result in results {
                let page = &mut self.pages[result.index];
                ids_changed |= page.replace(result, &mut self.tree);
            }
        }
        if generated {
            let (pages, problems) = renderer.generated(finish);
            self.replace_generated(pages, problems);
        }
        Rendered {
            pages: indices.len(),
            ids_changed,
        }
    }

    /// The search index files of every language (see [`search`]) and the
    /// sitemap, from the pages as they are now, to be put in with
    /// [`SiteState::put_lists`]. Apart from [`SiteState::render`] because
    /// they list every page: `serve` serves an edited page first, and makes
    /// its lists after.
    pub fn lists(&self) -> Vec<(String, Vec<u8>)> {
        let config = &self.site.config;
        let mut files = if config.search {
            let records: Vec<Option<&search::Record>> =
                self.pages.iter().map(|p| p.search.as_ref()).collect();
            search::index_files(config, &self.site.model, &records)
        } else {
            Vec::new()
        };
        let sitemap = site_files::sitemap(config, &self.site.model);
        files.push(("sitemap.xml".to_string(), sitemap.into_bytes()));
        files
    }

    /// Put in the files [`SiteState::lists`] made.
    pub fn put_lists(&mut self, lists: Vec<(String, Vec<u8>)>) {
        for (path, bytes) in lists {
            self.tree.insert(path, bytes);
        }
    }

    /// Put the generated pages' new rendering in, with their problems.
    fn replace_generated(&mut self, pages: Vec<FinishedPage>, problems: Vec<Diagnostic>) {
        self.diagnostics.generated = problems;
        for page in pages {
            let output = Output {
                scan: page.scan,
                source: page.source,
            };
            self.others.insert(page.output_file.clone(), output);
            self.tree.keep(page.output_file, page.html);
        }
    }

    /// Complete the site with the files signpost writes for it besides its
    /// pages (robots, host headers); HTML files that were not rendered
    /// (static files of the site) are scanned for the audit.
    pub fn add_site_files(&mut self) {
        let config = &self.site.config;
        self.tree.insert("robots.txt", site_files::robots(config));
        self.diagnostics.site_files = site_files::host_header_files(config, &mut self.tree);
        let rendered: BTreeSet<&str> = self.pages.iter().map(|p| p.output_file.as_str()).collect();
        for (path, bytes) in &self.tree.files {
            if audit::is_page(path) && !rendered.contains(path.as_str()) {
                if let Entry::Vacant(entry) = self.others.entry(path.clone()) {
                    entry.insert(Output {
                        scan: audit::scan(bytes),
                        source: None,
                    });
                }
            }
        }
    }

    /// Audit (and check the links of) the outputs `scope` names again: each
    /// page's findings replace its last, and with [`Reaudit::All`] the site's.
    pub fn reaudit(&mut self, scope: Reaudit) {
        let findings = self.audit(scope);
        match scope {
            Reaudit::All => {
                self.pages.iter_mut().for_each(|p| p.audit.clear());
                self.diagnostics.audit.clear();
            }
            Reaudit::Pages(indices) => indices.iter().for_each(|&i| self.pages[i].audit.clear()),
        }
        for (page, finding) in findings {
            match (page, &scope) {
                (Some(index), _) => self.pages[index].audit.push(finding),
                (None, Reaudit::All) => self.diagnostics.audit.push(finding),
                // Only pages of the model were audited.
                (None, Reaudit::Pages(_)) => {}
            }
        }
    }

    /// The audit and link check of the outputs `scope` names, as diagnostics
    /// with the page (index in the model) each belongs to. A few pages'
    /// links are looked up in the site state as it is; the whole site's in
    /// an index of every output file made for them.
    fn audit(&self, scope: Reaudit) -> Vec<(Option<usize>, Diagnostic)> {
        let config = &self.site.config;
        let options = audit::AuditOptions {
            allow: config.privacy.allow.clone(),
            base_url: Some(config.base_url.clone()),
            require_emergency: !config.emergency.is_empty(),
        };
        let (findings_of_links, findings) = match scope {
            Reaudit::All => {
                let mut outputs: Vec<(&str, &PageScan)> = (self.pages.iter())
                    .filter_map(PageState::scanned)
                    .chain(self.others.iter().map(|(file, o)| (file.as_str(), &o.scan)))
                    .collect();
                outputs.sort_unstable_by_key(|(file, _)| *file);
                let index: audit::OutputIndex = (self.tree.names().into_iter())
                    .map(|name| (name, self.scan_of(name)))
                    .collect();
                let links = audit::links::check(&outputs, &index, &config.base_path());
                let files = Some(&self.tree.files);
                (links, audit::check(&outputs, files, &index, &options))
            }
            Reaudit::Pages(indices) => {
                let outputs: Vec<(&str, &PageScan)> = (indices.iter())
                    .map(|&i| &self.pages[i])
                    .filter(|p| !p.render.iter().any(is_error))
                    .filter_map(PageState::scanned)
                    .collect();
                let links = audit::links::check(&outputs, self, &config.base_path());
                (links, audit::check(&outputs, None, self, &options))
            }
        };
        let codes = std::iter::repeat_n("broken-link", findings_of_links.len())
            .chain(std::iter::repeat_n("audit", findings.len()));
        let mut findings: Vec<audit::Finding> =
            findings_of_links.into_iter().chain(findings).collect();
        let source_of = |finding: &audit::Finding| self.output_of(&finding.page)?.source.clone();
        // Sources are named relative to the site's folder, the last layer.
        let site_dir = layers::site(&self.site.layers);
        audit::locate(
            &mut findings,
            |finding| Some(site_dir.as_ref()?.join(source_of(finding)?)),
            |path| std::fs::read_to_string(path).ok(),
        );
        codes
            .zip(findings)
            .map(|(code, finding)| {
                let source = source_of(&finding);
                (
                    self.page_of(&finding.page),
                    finding.diagnostic(code, source.as_deref()),
                )
            })
            .collect()
    }

    /// The last output of a page, or an output that is no page of the
    /// model, by its file.
    fn output_of(&self, output_file: &str) -> Option<&Output> {
        match self.page_of(output_file) {
            Some(index) => self.pages[index].output.as_ref(),
            None => self.others.get(output_file),
        }
    }

    /// The scan of an output file that is a page.
    fn scan_of(&self, output_file: &str) -> Option<&PageScan> {
        self.output_of(output_file).map(|o| &o.scan)
    }

    /// The page (index in the model) an output file belongs to, if any.
    fn page_of(&self, output_file: &str) -> Option<usize> {
        let path = output_file.strip_suffix("index.html")?;
        let index = self.site.model.by_path(path)?;
        (self.pages[index].output_file == output_file).then_some(index)
    }
}

impl audit::OutputFiles for SiteState {
    fn find(&self, name: &str) -> Option<Option<&PageScan>> {
        self.tree.contains(name).then(|| self.scan_of(name))
    }
}

fn is_error(d: &Diagnostic) -> bool {
    d.severity == Severity::Error
}
