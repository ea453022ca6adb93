//! Rendering: Markdown and shortcodes to HTML, then every page through the
//! theme's Tera templates, in parallel, with typed contexts built once per site.
//! Also the generated pages: 404, the accessibility statement, redirects for
//! aliases.

use crate::config::SiteConfig;
use crate::dates::{Date, DisplayDate};
use crate::diagnostics::Diagnostic;
use crate::languages::SiteLanguages;
use crate::lint::{NumberIndex, NumbersWritten};
use crate::locale::{Direction, Locale};
use crate::markdown::{self, LinkContext, TocEntry};
use crate::page::{Page, SiteModel};
use crate::services::{ServiceKind, ServiceRegistry, ServiceView};
use crate::shortcodes;
use crate::templates::{error_chain, template_error, template_name};
use crate::theme::Theme;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::PathBuf;

mod context;
mod generated;
mod language;
mod shortcode_html;

use context::*;
use generated::Special;
use language::*;
use shortcode_html::*;

/// Everything rendering reads; nothing here changes while pages render.
pub struct RenderInput<'a> {
    pub config: &'a SiteConfig,
    pub site: &'a SiteModel,
    pub services: &'a ServiceRegistry,
    /// The registry's phone numbers, for finding them in page text.
    pub numbers: &'a NumberIndex,
    /// The site's other languages, their configurations and registries.
    pub languages: &'a SiteLanguages,
    pub theme: &'a Theme,
    /// Static file path → URL (fingerprinted where that applies).
    pub assets: &'a BTreeMap<String, String>,
    pub security_meta: &'a str,
}

/// A rendered HTML page, not yet minified.
#[derive(Debug, Clone)]
pub struct RenderedPage {
    pub output_file: String,
    pub html: String,
    /// The source file, for diagnostics found later (audit, links).
    pub source: Option<PathBuf>,
    pub registry_use: RegistryUse,
    /// What the page gives the search index (None: not searched).
    pub search: Option<crate::search::Record>,
}

/// What a page shows of the services registry besides the services its front
/// matter names, so `serve` knows which pages a change to services.yaml shows on.
#[derive(Debug, Clone, Default)]
pub struct RegistryUse {
    pub numbers: NumbersWritten,
    /// Services its shortcodes name (`service(id="...")`), found or not, and those they list.
    pub services: std::collections::BTreeSet<String>,
    /// It lists services by kind or tag (`services(...)`): any change to the
    /// registry may change what it lists.
    pub selects: bool,
}

/// The compiled templates and what every page shares, ready to render any
/// page of the site: a whole build renders them all, `serve` only those a
/// change affects.
pub struct Renderer<'a> {
    input: &'a RenderInput<'a>,
    tera: &'a tera::Tera,
    /// Every language of the site, the default first.
    views: Vec<LanguageView<'a>>,
}

/// One page rendered (None when its template failed), with its problems.
pub struct PageResult<T> {
    pub index: usize,
    pub page: Option<T>,
    pub problems: Vec<Diagnostic>,
}

impl<'a> Renderer<'a> {
    pub fn new(input: &'a RenderInput<'a>, tera: &'a tera::Tera) -> Renderer<'a> {
        let default = (None, input.config, input.services);
        let others = input
            .languages
            .others
            .iter()
            .map(|(code, l)| (Some(code.as_str()), &l.config, &l.services));
        let views = std::iter::once(default)
            .chain(others)
            .map(|(translation, config, services)| {
                language_view(input, tera, translation, config, services)
            })
            .collect();
        Renderer { input, tera, views }
    }

    /// The view of a page's language (the default's for a language the site does not have).
    fn view(&self, translation: Option<&str>) -> &LanguageView<'a> {
        self.views
            .iter()
            .find(|v| v.translation == translation)
            .unwrap_or(&self.views[0])
    }

    /// Render the pages `indices` (in the model) in parallel, each from the
    /// Markdown `body` of its index and passed through `finish` (minifying,
    /// scanning) on the thread that rendered it. A body is dropped once its
    /// page is rendered, and the unminified HTML of the whole site is never
    /// held at once.
    pub fn pages<T: Send>(
        &self,
        indices: Vec<usize>,
        body: impl Fn(usize) -> Result<String, Diagnostic> + Sync,
        finish: impl Fn(RenderedPage) -> T + Sync,
    ) -> Vec<PageResult<T>> {
        indices
            .into_par_iter()
            .map(|index| {
                let page = &self.input.site.pages[index];
                let (page, problems) = match body(index) {
                    Ok(body) => self.page(index, page, body),
                    Err(unread) => (None, vec![unread]),
                };
                PageResult {
                    index,
                    page: page.map(&finish),
                    problems,
                }
            })
            .collect()
    }

    /// The 404 page, each language's accessibility statement and search
    /// page, and the redirect pages of aliases, each passed through `finish`.
    pub fn generated<T>(&self, finish: impl Fn(RenderedPage) -> T) -> (Vec<T>, Vec<Diagnostic>) {
        let input = self.input;
        let mut results = vec![self.not_found()];
        for view in &self.views {
            if let Some(statement) =
                crate::statement::generated(view.config, input.site, view.translation, view.locale)
            {
                let path = crate::statement::path(view.translation);
                let special = Special {
                    kind: "accessibility",
                    template: crate::statement::TEMPLATE,
                    output_file: format!("{path}index.html"),
                    path,
                    title_key: "accessibility.title",
                };
                results.push(self.special(view, &special, Some(statement)));
            }
            if input.config.search {
                results.push(self.search_page(view));
            }
        }
        for (alias, &target) in &input.site.aliases {
            results.push(self.redirect(alias, &input.site.pages[target]));
        }
        let mut pages = Vec::new();
        let mut problems = Vec::new();
        for result in results {
            match result {
                Ok(page) => pages.push(finish(page)),
                Err(d) => problems.push(d),
            }
        }
        (pages, problems)
    }

    /// The one 404 page: in a site in more than one language it gives its
    /// message in each (static hosts serve one 404 for any address).
    fn not_found(&self) -> Result<RenderedPage, Diagnostic> {
        let special = Special {
            kind: "404",
            template: "404.html",
            path: "404.html".into(),
            output_file: "404.html".into(),
            title_key: "not_found.title",
        };
        self.special(&self.views[0], &special, None)
    }
}

impl<'a> Renderer<'a> {
    /// Render page `index` of the model from its Markdown `body`: None when
    /// its template failed; its problems.
    fn page(
        &self,
        index: usize,
        page: &'a Page,
        body: String,
    ) -> (Option<RenderedPage>, Vec<Diagnostic>) {
        let input = self.input;
        let view = self.view(page.translation.as_deref());
        let source = &page.source;
        let display = &source.file.display;
        let base_path = input.config.base_path();
        let mut registry_use = RegistryUse::default();
        let (body, expansions, mut problems) =
            self.expand_shortcodes(view, page, body, &mut registry_use);
        let links = LinkContext {
            site: input.site,
            source_rel: &source.file.rel,
            display,
            base_path: &base_path,
            first_line: source.body_first_line,
            numbers: input.numbers,
            language: (self.views.len() > 1).then_some(view.translation),
        };
        let mut md = markdown::render(&body, &links);
        problems.append(&mut md.problems);
        registry_use.numbers = std::mem::take(&mut md.numbers);
        let content = put_expansions(md.html, &expansions);
        let mut services = Vec::new();
        for id in &source.front.services {
            match view.services.get(id) {
                Some(s) => services.push(s),
                None => problems.push(
                    view.services
                        .unknown_id(id)
                        .in_file(display)
                        .at_line(source.key_line("services")),
                ),
            }
        }
        let front = &source.front;
        let search = (input.config.search && !front.noindex).then(|| {
            let language = page
                .translation
                .as_deref()
                .unwrap_or(&input.config.language);
            let text = (
                front.title.as_str(),
                front.description.as_deref().unwrap_or(""),
            );
            crate::search::record(language, text, &content, &md.toc, &services)
        });
        let ctx = self.page_context(view, index, content, md.toc, services);
        let template = template_name(page);
        let nav = nav_items(input, &view.nav_sections, Some(index));
        match self.render_template(view, template, &nav, &ctx, tera::Context::new()) {
            Ok(html) => (
                Some(RenderedPage {
                    output_file: page.output_file(),
                    html,
                    source: Some(display.clone()),
                    registry_use,
                    search,
                }),
                problems,
            ),
            Err(message) => {
                problems.push(template_error(input.theme, template, message, source));
                (None, problems)
            }
        }
    }

    /// What a page's template sees of it.
    fn page_context(
        &self,
        view: &LanguageView<'a>,
        index: usize,
        content: String,
        toc: Vec<TocEntry>,
        services: Vec<&'a ServiceView>,
    ) -> PageContext<'a> {
        let input = self.input;
        let page = &input.site.pages[index];
        let base_path = input.config.base_path();
        let front = &page.source.front;
        let review_due = front
            .review_due
            .or_else(|| front.reviewed.map(|r| input.config.review_due(r)));
        let mut ancestors = Vec::new();
        let mut up = page.parent;
        while let Some(p) = up {
            ancestors.insert(0, link(input, &input.site.pages[p]));
            up = input.site.pages[p].parent;
        }
        let links = |indices: &[usize]| {
            indices
                .iter()
                .map(|&i| link(input, &input.site.pages[i]))
                .collect()
        };
        let (translations, alternates) = self.counterparts(index);
        PageContext {
            kind: page.kind.name(),
            title: &front.title,
            description: front.description.as_deref().unwrap_or(""),
            url: format!("{base_path}{}", page.path),
            permalink: format!("{}{}", input.config.base_url_normalised(), page.path),
            content,
            toc,
            reviewed: front.reviewed.map(|d| view.long(d)),
            review_due: review_due.map(|d| view.month(d)),
            owner: front.owner.as_deref(),
            services,
            section: page.parent.map(|p| link(input, &input.site.pages[p])),
            pages: links(&page.pages),
            subsections: links(&page.subsections),
            ancestors,
            noindex: front.noindex,
            translations,
            alternates,
        }
    }

    /// The switcher's links (page `index` in each other language it exists
    /// in) and its alternates (in every language, and `x-default`), in the
    /// order of the site's languages.
    fn counterparts(&self, index: usize) -> (Vec<TranslationLink<'a>>, Vec<Alternate<'a>>) {
        let (mut translations, mut alternates) = (Vec::new(), Vec::new());
        if self.views.len() < 2 {
            return (translations, alternates);
        }
        let (site, config) = (self.input.site, self.input.config);
        let (base, absolute) = (config.base_path(), config.base_url_normalised());
        for view in &self.views {
            let Some(other) = site.counterpart_in(index, view.translation) else {
                continue;
            };
            let path = &site.pages[other].path;
            alternates.push(Alternate {
                hreflang: view.code,
                url: format!("{absolute}{path}"),
            });
            if other != index {
                translations.push(TranslationLink {
                    code: view.code,
                    name: view.name.clone(),
                    url: format!("{base}{path}"),
                });
            }
        }
        if let Some(default) = site.counterpart_in(index, None) {
            alternates.push(Alternate {
                hreflang: "x-default",
                url: format!("{absolute}{}", site.pages[default].path),
            });
        }
        (translations, alternates)
    }
}

impl Renderer<'_> {
    /// Render `template` for `page` in the language of `view`, with the
    /// variables every page sees and `extra`.
    fn render_template<T: Serialize>(
        &self,
        view: &LanguageView,
        template: &str,
        nav: &[NavItem],
        page: &T,
        extra: tera::Context,
    ) -> Result<String, String> {
        let mut ctx = extra;
        ctx.insert(
            "site",
            &SiteWithNav {
                site: &view.site_ctx,
                nav,
            },
        );
        ctx.insert("page", page);
        ctx.insert("lang", view.code);
        ctx.insert("dir", &view.dir);
        ctx.insert("security_meta", self.input.security_meta);
        view.tera
            .as_ref()
            .unwrap_or(self.tera)
            .render(template, &ctx)
            .map_err(|e| error_chain(&e))
    }
}
