//! The site as `serve` keeps it between rebuilds: a whole build held in
//! memory, and the rebuild of only the pages an edit affects. Editing a page
//! renders that page again; changing its title, description or weight also
//! renders the pages that list it (its section, its own pages, and every page
//! when it is in the site navigation). Editing services.yaml renders the
//! pages that show a changed service or write a changed number; editing a
//! template, the pages rendered with it (all of them when other templates use
//! it). Anything else (a new, deleted or moved page, an emergency service,
//! theme strings, static files, site.yaml) needs a whole build. The search
//! index is written again from the pages' records after every update.

use crate::content::read_text;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::frontmatter::{self, PageFile};
use crate::lint::NumberIndex;
use crate::output::OutputTree;
use crate::pack;
use crate::services::ServiceRegistry;
use crate::theme::{self, Theme};
use crate::watch::real_path;
use crate::{build_kept, finish_page, render, reviews, validate};
use crate::{BuildOptions, BuildReport, Built};
use std::collections::btree_map::Entry;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::PathBuf;
use std::time::Instant;

/// What an update did: the report of the whole site, and how many pages it rendered.
pub struct Updated {
    pub report: BuildReport,
    pub rendered: usize,
}

/// A build kept in memory with what rebuilding part of it needs.
pub struct LiveSite {
    options: BuildOptions,
    built: Built,
    /// Each Markdown file of the site (as the watcher names it) → its path under content/.
    files: HashMap<PathBuf, String>,
}

impl LiveSite {
    /// A whole build. The site is kept when the build has no errors.
    pub fn build(options: &BuildOptions) -> (Option<LiveSite>, BuildReport) {
        let (built, report) = build_kept(options);
        let live = built.map(|built| LiveSite {
            files: built
                .site
                .page_files
                .iter()
                .map(|(rel, found)| (real_path(&found.abs), rel.clone()))
                .collect(),
            options: options.clone(),
            built,
        });
        (live, report)
    }

    /// The output files as they are now.
    pub fn tree(&self) -> &OutputTree {
        &self.built.tree
    }

    /// Rebuild after the files `changed` were edited, when they are pages
    /// that did not move, services.yaml files or templates: the report of the
    /// site as it now is. None when a whole build is needed (this site may
    /// then be out of date: build it anew). A page whose new version has
    /// errors keeps its last good output; its errors are in the report.
    pub fn update(&mut self, changed: &[PathBuf]) -> Option<Updated> {
        let changed: Vec<PathBuf> = changed.iter().map(|p| real_path(p)).collect();
        let layers: Vec<PathBuf> = self
            .built
            .site
            .layers
            .iter()
            .map(|l| real_path(l))
            .collect();
        let services: Vec<PathBuf> = layers
            .iter()
            .map(|l| l.join("data").join("services.yaml"))
            .collect();
        // The site's templates/, or a site-local theme's themes/NAME/templates/.
        let template = |p: &PathBuf| {
            p.extension().is_some_and(|e| e == "html")
                && layers.iter().any(|layer| {
                    p.starts_with(layer.join("templates"))
                        || p.strip_prefix(layer.join("themes")).is_ok_and(|rest| {
                            rest.components()
                                .nth(1)
                                .is_some_and(|c| c.as_os_str() == "templates")
                        })
                })
        };
        if changed.iter().all(|p| services.contains(p)) {
            self.update_services()
        } else if changed.iter().all(template) {
            self.update_templates()
        } else {
            self.update_pages(&changed)
        }
    }

    /// Rebuild after templates were edited: the pages rendered with a changed
    /// template, or every page when another template includes or extends it.
    /// None when the templates do not compile: a whole build says where.
    fn update_templates(&mut self) -> Option<Updated> {
        let started = Instant::now();
        let show = self.options.site_dir.clone();
        let site = &self.built.site;
        let theme = theme::load(&site.config.theme, &site.layers, &show).ok()?;
        if theme.strings != site.theme.strings {
            return None;
        }
        let text = |t: &Theme, name: &str| t.templates.get(name).map(|(text, _)| text.clone());
        let names: BTreeSet<&String> = site
            .theme
            .templates
            .keys()
            .chain(theme.templates.keys())
            .collect();
        let changed: BTreeSet<&str> = names
            .into_iter()
            .filter(|name| text(&site.theme, name) != text(&theme, name))
            .map(String::as_str)
            .collect();
        // Named in another template: extended, included or imported there.
        let everywhere = theme.templates.values().any(|(text, _)| {
            changed.iter().any(|name| {
                text.contains(&format!("\"{name}\"")) || text.contains(&format!("'{name}'"))
            })
        });
        let affected: Vec<usize> = (0..site.model.pages.len())
            .filter(|&i| {
                everywhere
                    || changed.contains(crate::templates::template_name(&site.model.pages[i]))
            })
            .collect();
        let generated = everywhere
            || ["404.html", "redirect.html", crate::statement::TEMPLATE]
                .iter()
                .any(|t| changed.contains(t));
        let templates =
            crate::templates::compile_templates(&theme, &site.config, &self.built.assets).ok()?;
        self.built.site.theme = theme;
        self.built.templates = templates;
        self.render_again(BTreeMap::new(), affected, generated, started)
    }

    /// Rebuild after pages were edited (see [`LiveSite::update`]).
    fn update_pages(&mut self, changed: &[PathBuf]) -> Option<Updated> {
        let started = Instant::now();
        let model = &self.built.site.model;
        let mut edited: Vec<(usize, Result<PageFile, Diagnostic>)> = Vec::new();
        for path in changed {
            let rel = self.files.get(path)?;
            let index = model.by_source(rel)?;
            let parsed = self.read(rel)?;
            if parsed
                .as_ref()
                .is_ok_and(|p| !model.same_place(index, &p.page))
            {
                return None;
            }
            edited.push((index, parsed));
        }
        let (affected, relisted) = self.affected(&edited);
        let mut unreadable = Vec::new();
        let mut bodies: BTreeMap<usize, String> = BTreeMap::new();
        let today = self.options.today;
        for (index, parsed) in edited {
            let config = &self.built.site.config;
            let known = &self.built.site.model.pages[index];
            let old = validate::page(&known.source, config, today);
            let file = known.source.file.display.clone();
            // How the page reads is measured again from its new text.
            self.built
                .site_diagnostics
                .retain(|d| !old.contains(d) && !crate::readability::is_finding(d, &file));
            match parsed {
                Ok(PageFile { page, body }) => {
                    let language = known.translation.as_deref();
                    let (_, reading) =
                        crate::readability::check([(&page, body.as_str(), language)], config);
                    self.built.site_diagnostics.extend(reading);
                    bodies.insert(index, body);
                    let new = validate::page(&page, config, today);
                    self.built.site_diagnostics.extend(new);
                    self.built.site.model.pages[index].source = page;
                }
                Err(problem) => unreadable.push((index, problem)),
            }
        }
        if relisted {
            self.built.site.model.sort_children();
        }
        let unreadable_pages: BTreeSet<usize> = unreadable.iter().map(|(i, _)| *i).collect();
        for (index, problem) in unreadable {
            self.built.render_problems[index] = vec![problem];
            self.built.audit_findings[index].clear();
        }
        let listing: Vec<usize> = affected.difference(&unreadable_pages).copied().collect();
        self.render_again(bodies, listing, relisted, started)
    }

    /// Render the pages `indices` again, from the `known` bodies or else read
    /// from their files (which did not change), and report the site as it now
    /// is. `generated`: the 404, accessibility and redirect pages too.
    fn render_again(
        &mut self,
        mut known: BTreeMap<usize, String>,
        indices: Vec<usize>,
        generated: bool,
        started: Instant,
    ) -> Option<Updated> {
        for index in indices {
            if let Entry::Vacant(entry) = known.entry(index) {
                let rel = &self.built.site.model.pages[index].source.file.rel;
                entry.insert(self.read(rel)?.ok()?.body);
            }
        }
        let rendered = known.len();
        self.render(known.into_iter().collect(), generated);
        Some(Updated {
            report: self.report(started),
            rendered,
        })
    }

    /// Rebuild after services.yaml (the site's or a pack's) was edited: the
    /// pages that show a changed service or write a changed number. None
    /// when an emergency service changed (every page shows them) or the
    /// services cannot be read: a whole build says why.
    fn update_services(&mut self) -> Option<Updated> {
        let started = Instant::now();
        let show = self.options.site_dir.clone();
        let chain = pack::resolve(&show).ok()?;
        let services = pack::services(&chain, &show).ok()?;
        let site = &self.built.site;
        let old = &site.services;
        // A service changed if templates would see it differently.
        let view =
            |r: &ServiceRegistry, id: &str| r.get(id).and_then(|v| serde_json::to_value(v).ok());
        let ids: BTreeSet<&str> = old.ids().chain(services.ids()).collect();
        let changed: BTreeSet<&str> = ids
            .into_iter()
            .filter(|id| view(old, id) != view(&services, id))
            .collect();
        if chain.layers != site.layers
            || site
                .config
                .emergency
                .iter()
                .any(|id| changed.contains(id.as_str()))
        {
            return None;
        }
        let index = NumberIndex::new(services.views(), &site.config.country);
        let numbers = site.numbers.changed(&index);
        let affected: Vec<usize> = site
            .model
            .pages
            .iter()
            .zip(&self.built.registry_use)
            .enumerate()
            .filter(|(_, (page, uses))| {
                let named = page
                    .source
                    .front
                    .services
                    .iter()
                    .chain(&uses.services)
                    .any(|id| changed.contains(id.as_str()));
                let written = &uses.numbers;
                named
                    || (uses.selects && !changed.is_empty())
                    || written.registered.iter().any(|n| numbers.contains(n))
                    || (written.unknown && !numbers.is_empty())
            })
            .map(|(index, _)| index)
            .collect();
        let today = self.options.today;
        let old_reviews = reviews::check_services(old, &site.config, today).1;
        let new_reviews = reviews::check_services(&services, &site.config, today).1;
        self.built
            .site_diagnostics
            .retain(|d| !old_reviews.contains(d));
        self.built.site_diagnostics.extend(new_reviews);
        self.built.site.set_services(services);
        self.render_again(BTreeMap::new(), affected, false, started)
    }

    /// Read and parse the page file at `rel` (under content/); None when it is gone.
    fn read(&self, rel: &str) -> Option<Result<PageFile, Diagnostic>> {
        let found = self.built.site.page_files.get(rel)?;
        if !found.abs.is_file() {
            return None;
        }
        Some(read_text(found, &self.options.site_dir).and_then(frontmatter::parse))
    }

    /// The pages an edit of `edited` shows on, and whether any of them changed
    /// how it is listed (title, description, weight).
    fn affected(
        &self,
        edited: &[(usize, Result<PageFile, Diagnostic>)],
    ) -> (BTreeSet<usize>, bool) {
        let model = &self.built.site.model;
        let mut affected = BTreeSet::new();
        let mut relisted = false;
        for (index, parsed) in edited {
            affected.insert(*index);
            let Ok(new) = parsed else { continue };
            let old = &model.pages[*index].source.front;
            let listing =
                |f: &frontmatter::FrontMatter| (f.title.clone(), f.description.clone(), f.weight);
            if listing(old) == listing(&new.page.front) {
                continue;
            }
            relisted = true;
            let page = &model.pages[*index];
            // The site navigation lists the home page's sections on every page.
            let in_navigation = model
                .home()
                .is_some_and(|home| model.pages[home].subsections.contains(index));
            for (other, candidate) in model.pages.iter().enumerate() {
                let mut up = Some(other);
                let mut listed = in_navigation || Some(other) == page.parent;
                while let (Some(i), false) = (up, listed) {
                    listed = i == *index;
                    up = model.pages[i].parent;
                }
                if listed || candidate.pages.contains(index) {
                    affected.insert(other);
                }
            }
        }
        (affected, relisted)
    }

    /// Render, finish and audit pages from their `bodies` (page index, body),
    /// and the 404 and redirect pages when listings changed; a page with
    /// errors keeps its last good output.
    fn render(&mut self, bodies: Vec<(usize, String)>, generated_too: bool) {
        let indices: Vec<usize> = bodies.iter().map(|(i, _)| *i).collect();
        let built = &mut self.built;
        let (results, generated) = {
            let input = built.input();
            let renderer = render::Renderer::new(&input, &built.templates);
            let finish = |p| finish_page(input.config, p);
            let generated = generated_too.then(|| renderer.generated(finish));
            (renderer.pages(bodies, finish), generated)
        };
        let mut outputs = BTreeSet::new();
        // New or removed ids (headings) may mend or break links from other pages.
        let mut ids_changed = false;
        for result in results {
            let index = result.index;
            let failed = result.problems.iter().any(is_error);
            built.render_problems[index] = result.problems;
            if let (Some(page), false) = (result.page, failed) {
                let old_ids = built.scans.get(&page.output_file).map(|s| &s.ids);
                ids_changed |= old_ids != Some(&page.scan.ids);
                outputs.insert(page.output_file.clone());
                built.insert(Some(index), page);
            }
        }
        if let Some((pages, problems)) = generated {
            // A kept build had no template errors: any now are the new pages'.
            built.site_diagnostics.retain(|d| d.code != "template");
            built.site_diagnostics.extend(problems);
            for page in pages {
                built.insert(None, page);
            }
        }
        let audited = if ids_changed {
            built.audit_findings.iter_mut().for_each(Vec::clear);
            None
        } else {
            for &index in &indices {
                built.audit_findings[index].clear();
            }
            Some(&outputs)
        };
        for (page, finding) in built.audit(audited) {
            if let Some(index) = page {
                built.audit_findings[index].push(finding);
            }
        }
        built.index_search();
        let sitemap = crate::site_files::sitemap(&built.site.config, &built.site.model);
        built.tree.insert("sitemap.xml", sitemap);
    }

    /// The report of the site as it is now.
    fn report(&self, started: Instant) -> BuildReport {
        let mut diagnostics = Diagnostics::default();
        diagnostics.extend(self.built.site_diagnostics.iter().cloned());
        diagnostics.extend(self.built.page_diagnostics());
        BuildReport {
            diagnostics,
            output: None,
            pages: self.built.site.model.pages.len(),
            elapsed: started.elapsed(),
            reviews: validate::site(self.built.site.parts(), self.options.today).0,
            readings: Vec::new(),
            usage: None,
            coverage: crate::translations::check(&self.built.site.config, &self.built.site.model).0,
        }
    }
}

fn is_error(d: &Diagnostic) -> bool {
    d.severity == crate::diagnostics::Severity::Error
}
