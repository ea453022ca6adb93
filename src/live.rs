//! The site as `serve` keeps it between rebuilds: the site state of a whole
//! build (see [`crate::site_state`]), and the rebuild of only the pages an
//! edit affects, through the same methods of the state the build uses.
//! Editing a page renders that page again; changing its title, description
//! or weight also renders the pages that list it (its section, its own
//! pages, and every page when it is in the site navigation). Editing
//! services.yaml renders the pages that show a changed service or write a
//! changed number; editing a template, the pages rendered with it (all of
//! them when other templates use it). Anything else (a new, deleted or moved
//! page, an emergency service, theme strings, static files, site.yaml) needs
//! a whole build. The search index is written again from the pages' records
//! after every update.

use crate::content::read_text;
use crate::diagnostics::Diagnostic;
use crate::frontmatter::{self, PageFile};
use crate::lint::NumberIndex;
use crate::output::OutputTree;
use crate::services::ServiceRegistry;
use crate::site_state::{Reaudit, SiteState};
use crate::theme::{self, Theme};
use crate::watch::{real_path, Batch, ChangeKind};
use crate::{build_kept, pack, reviews, validate};
use crate::{BuildOptions, BuildReport};
use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;
use std::time::Duration;

/// A site state kept in memory, and what rebuilding part of it needs.
pub struct LiveSite {
    options: BuildOptions,
    state: SiteState,
    /// Each Markdown file of the site (as the watcher names it) → its path under content/.
    files: HashMap<PathBuf, String>,
}

impl LiveSite {
    /// A whole build. The site is kept when the build has no errors.
    pub fn build(options: &BuildOptions) -> (Option<LiveSite>, BuildReport) {
        let (state, report) = build_kept(options, None);
        let live = state.map(|state| LiveSite {
            files: state
                .site()
                .page_files
                .iter()
                .map(|(rel, found)| (real_path(&found.abs), rel.clone()))
                .collect(),
            options: options.clone(),
            state,
        });
        (live, report)
    }

    /// The output files as they are now.
    pub fn tree(&self) -> &OutputTree {
        self.state.tree()
    }

    /// Rebuild after the changes of `batch` (see [`crate::watch::classify`]),
    /// when they are all edits of pages that did not move, all of
    /// services.yaml files or all of templates: how many pages it rendered
    /// again. None when a whole build is needed (this site may then be out
    /// of date: build it anew). A page whose new version has errors keeps its
    /// last good output; its errors are in the report.
    /// The report, the search index and the sitemap are not made here (an
    /// update is served sooner without them): see [`LiveSite::report`] and
    /// [`LiveSite::lists`].
    pub fn update(&mut self, batch: &Batch) -> Option<usize> {
        match batch.kind()? {
            ChangeKind::Services => self.update_services(),
            ChangeKind::Templates => self.update_templates(),
            ChangeKind::Content => {
                let changed: Vec<&PathBuf> = batch.changes.keys().collect();
                self.update_pages(&changed)
            }
            _ => None,
        }
    }

    /// The report of the site as it now is; `elapsed`: the time its update took.
    pub fn report(&self, elapsed: Duration) -> BuildReport {
        self.state.report(elapsed)
    }

    /// The search index and the sitemap from the pages as they now are, for
    /// after an update: made without changing the site (so that it may be
    /// served meanwhile), then put in with `put_lists`.
    pub fn lists(&self) -> Vec<(String, Vec<u8>)> {
        self.state.lists()
    }

    /// Put in the files [`LiveSite::lists`] made.
    pub fn put_lists(&mut self, lists: Vec<(String, Vec<u8>)>) {
        self.state.put_lists(lists);
    }

    /// Rebuild after templates were edited: the pages rendered with a changed
    /// template, or every page when another template includes or extends it.
    /// None when the templates do not compile: a whole build says where.
    fn update_templates(&mut self) -> Option<usize> {
        let site = self.state.site();
        let theme = theme::load(&site.config.theme, &site.layers, &self.options.site_dir).ok()?;
        if theme.strings != site.theme.strings {
            return None;
        }
        let changed = changed_templates(&site.theme, &theme);
        // Named in another template: extended, included or imported there.
        let everywhere = theme.templates.values().any(|(text, _)| {
            changed.iter().any(|name| {
                text.contains(&format!("\"{name}\"")) || text.contains(&format!("'{name}'"))
            })
        });
        let pages = &site.model.pages;
        let affected: Vec<usize> = (0..pages.len())
            .filter(|&i| everywhere || changed.contains(crate::templates::template_name(&pages[i])))
            .collect();
        let generated = everywhere
            || ["404.html", "redirect.html", crate::statement::TEMPLATE]
                .iter()
                .any(|t| changed.contains(*t));
        if !self.state.set_theme(theme) {
            return None;
        }
        Some(self.render_again(affected, generated))
    }

    /// Rebuild after pages were edited (see [`LiveSite::update`]).
    fn update_pages(&mut self, changed: &[&PathBuf]) -> Option<usize> {
        let model = &self.state.site().model;
        let mut edited: Vec<(usize, Result<PageFile, Diagnostic>)> = Vec::new();
        for path in changed {
            let rel = self.files.get(*path)?;
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
        let mut unreadable = BTreeSet::new();
        for (index, parsed) in edited {
            match parsed {
                Ok(PageFile { page, body }) => {
                    let site = self.state.site();
                    let language = site.model.pages[index].translation.as_deref();
                    let checks =
                        validate::page(&page, Ok(body), language, &site.config, self.options.today);
                    self.state.replace_source(index, page, checks);
                }
                Err(problem) => {
                    self.state.set_unreadable(index, problem);
                    unreadable.insert(index);
                }
            }
        }
        if relisted {
            self.state.relist();
        }
        let listing: Vec<usize> = affected.difference(&unreadable).copied().collect();
        Some(self.render_again(listing, relisted))
    }

    /// Render the pages `indices` again and audit them: how many pages were
    /// rendered. `generated`: the 404, accessibility and redirect pages too.
    fn render_again(&mut self, indices: Vec<usize>, generated: bool) -> usize {
        let rendered = self.state.render(indices.clone(), generated, None);
        self.state.reaudit(if rendered.ids_changed {
            Reaudit::All
        } else {
            Reaudit::Pages(&indices)
        });
        rendered.pages
    }

    /// Rebuild after services.yaml (the site's or a pack's) was edited: the
    /// pages that show a changed service or write a changed number. None
    /// when an emergency service changed (every page shows them) or the
    /// services cannot be read: a whole build says why.
    fn update_services(&mut self) -> Option<usize> {
        let show = &self.options.site_dir;
        let chain = pack::resolve(show).ok()?;
        let services = pack::services(&chain, show).ok()?;
        let site = self.state.site();
        let changed = changed_services(&site.services, &services);
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
            .zip(self.state.pages())
            .enumerate()
            .filter(|(_, (page, known))| {
                let uses = known.registry_use();
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
        let reviews = reviews::check_services(&services, &site.config, self.options.today);
        self.state.set_services(services, reviews);
        Some(self.render_again(affected, false))
    }

    /// Read and parse the page file at `rel` (under content/); None when it is gone.
    fn read(&self, rel: &str) -> Option<Result<PageFile, Diagnostic>> {
        let found = self.state.site().page_files.get(rel)?;
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
        let model = &self.state.site().model;
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
}

/// The names of the templates whose text differs between `old` and `new`.
fn changed_templates<'a>(old: &'a Theme, new: &'a Theme) -> BTreeSet<&'a str> {
    let text = |t: &Theme, name: &str| t.templates.get(name).map(|(text, _)| text.clone());
    let names: BTreeSet<&String> = old.templates.keys().chain(new.templates.keys()).collect();
    names
        .into_iter()
        .filter(|name| text(old, name) != text(new, name))
        .map(String::as_str)
        .collect()
}

/// The ids of the services that templates would see differently in `new`.
fn changed_services<'a>(old: &'a ServiceRegistry, new: &'a ServiceRegistry) -> BTreeSet<&'a str> {
    let view = |r: &ServiceRegistry, id: &str| r.get(id).and_then(|v| serde_json::to_value(v).ok());
    let ids: BTreeSet<&str> = old.ids().chain(new.ids()).collect();
    ids.into_iter()
        .filter(|id| view(old, id) != view(new, id))
        .collect()
}
