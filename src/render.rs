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

#[derive(Serialize)]
struct SiteContext<'a> {
    title: &'a str,
    description: &'a str,
    base_url: String,
    language: &'a str,
    brand: BrandContext<'a>,
    quick_exit: &'a crate::config::QuickExit,
    emergency: Vec<&'a ServiceView>,
    home_url: String,
    /// The accessibility statement's URL, when the site has one.
    accessibility_url: Option<String>,
    /// The search page's URL, unless `search: false`.
    search_url: Option<String>,
}

/// `site` as one page sees it: the shared part plus its own navigation.
#[derive(Serialize)]
struct SiteWithNav<'a> {
    #[serde(flatten)]
    site: &'a SiteContext<'a>,
    nav: &'a [NavItem<'a>],
}

#[derive(Serialize)]
struct BrandContext<'a> {
    name: &'a str,
    logo: Option<String>,
}

#[derive(Serialize, Clone)]
struct NavItem<'a> {
    title: &'a str,
    url: String,
    active: bool,
}

#[derive(Serialize, Clone)]
struct PageLink<'a> {
    title: &'a str,
    url: String,
    description: &'a str,
    weight: i64,
}

#[derive(Serialize)]
struct PageContext<'a> {
    kind: &'static str,
    title: &'a str,
    description: &'a str,
    url: String,
    permalink: String,
    content: String,
    toc: Vec<TocEntry>,
    reviewed: Option<DisplayDate>,
    review_due: Option<DisplayDate>,
    owner: Option<&'a str>,
    services: Vec<&'a ServiceView>,
    section: Option<PageLink<'a>>,
    pages: Vec<PageLink<'a>>,
    subsections: Vec<PageLink<'a>>,
    ancestors: Vec<PageLink<'a>>,
    noindex: bool,
    /// The page in each other language it exists in, for the switcher.
    translations: Vec<TranslationLink<'a>>,
    /// Every language's version (itself too) and `x-default`, absolute,
    /// for `<link rel="alternate" hreflang>`; empty in a site in one language.
    alternates: Vec<Alternate<'a>>,
}

#[derive(Serialize)]
struct TranslationLink<'a> {
    code: &'a str,
    /// The language's own name ("Cymraeg").
    name: String,
    url: String,
}

#[derive(Serialize)]
struct Alternate<'a> {
    hreflang: &'a str,
    url: String,
}

/// One language's view of the site, made once per build: what its pages
/// are rendered with.
struct LanguageView<'a> {
    /// None for the default language.
    translation: Option<&'a str>,
    code: &'a str,
    /// The language's own name, its `language.name` string.
    name: String,
    dir: Direction,
    config: &'a SiteConfig,
    services: &'a ServiceRegistry,
    /// Dates and sorting in the language; None in a site in one language
    /// (dates as signpost has always written them, services in file order).
    locale: Option<&'a Locale>,
    strings: BTreeMap<String, String>,
    site_ctx: SiteContext<'a>,
    nav_sections: Vec<usize>,
    /// The templates with `t()` in this language; None: the shared ones.
    tera: Option<tera::Tera>,
}

impl LanguageView<'_> {
    fn long(&self, date: Date) -> DisplayDate {
        self.locale
            .map_or_else(|| DisplayDate::long(date), |l| l.display_long(date))
    }

    fn month(&self, date: Date) -> DisplayDate {
        self.locale
            .map_or_else(|| DisplayDate::month(date), |l| l.display_month(date))
    }

    /// An interface string of the language: the site's, else the theme's.
    fn string(&self, key: &str) -> String {
        self.strings.get(key).cloned().unwrap_or_default()
    }
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

    /// Render pages from their Markdown `bodies` (page index, body), in
    /// parallel, each passed through `finish` (minifying, scanning) on the
    /// thread that rendered it. A body is dropped once its page is rendered,
    /// and the unminified HTML of the whole site is never held at once.
    pub fn pages<T: Send>(
        &self,
        bodies: Vec<(usize, String)>,
        finish: impl Fn(RenderedPage) -> T + Sync,
    ) -> Vec<PageResult<T>> {
        bodies
            .into_par_iter()
            .map(|(index, body)| {
                let page = &self.input.site.pages[index];
                let (page, problems) = self.page(index, page, body);
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

/// The 404 page's message in one language (`not_found` in its template).
#[derive(Serialize)]
struct NotFoundBlock<'a> {
    lang: &'a str,
    dir: Direction,
    home_url: &'a str,
    nav: Vec<NavItem<'a>>,
    /// Its `not_found.*` strings, without the prefix (`title`, `intro`, ...).
    strings: BTreeMap<&'static str, String>,
}

/// A page generated from a template alone (no Markdown).
struct Special {
    kind: &'static str,
    template: &'static str,
    /// Its address below the site root (`accessibility/`, `cy/accessibility/`, `404.html`).
    path: String,
    output_file: String,
    /// The interface string that is its title.
    title_key: &'static str,
}

impl<'a> Renderer<'a> {
    /// Render a generated page; the statement's page also sees `statement`.
    fn special(
        &self,
        view: &LanguageView<'a>,
        special: &Special,
        statement: Option<crate::statement::StatementContext>,
    ) -> Result<RenderedPage, Diagnostic> {
        let input = self.input;
        let title = view.string(special.title_key);
        let mut ctx = synthetic_page(input, special.kind, &title, &special.path);
        let mut extra = tera::Context::new();
        if let Some(statement) = &statement {
            ctx.noindex = false;
            ctx.reviewed = Some(statement.tested.clone());
            ctx.review_due = Some(statement.review_due.clone());
            extra.insert("statement", statement);
            self.everywhere(&mut ctx, |v| crate::statement::path(v.translation));
        }
        if special.kind == "404" && self.views.len() > 1 {
            extra.insert("not_found", &self.not_found_blocks());
        }
        let nav = nav_items(input, &view.nav_sections, None);
        self.render_template(view, special.template, &nav, &ctx, extra)
            .map(|html| RenderedPage {
                output_file: special.output_file.clone(),
                html,
                source: statement.is_some().then(|| PathBuf::from("site.yaml")),
                registry_use: RegistryUse::default(),
                search: None,
            })
            .map_err(|m| {
                Diagnostic::error("template", m)
                    .in_file(special.template)
                    .with_hint(format!("check the theme's {}", special.template))
            })
    }

    /// The 404 message of every language.
    fn not_found_blocks(&self) -> Vec<NotFoundBlock<'_>> {
        self.views
            .iter()
            .map(|v| NotFoundBlock {
                lang: v.code,
                dir: v.dir,
                home_url: &v.site_ctx.home_url,
                nav: nav_items(self.input, &v.nav_sections, None),
                strings: ["title", "intro", "check", "home", "sections", "emergency"]
                    .into_iter()
                    .map(|k| (k, v.string(&format!("not_found.{k}"))))
                    .collect(),
            })
            .collect()
    }

    /// The switcher and alternates of a page every language has, at `path` in each.
    fn everywhere<'p>(&self, ctx: &mut PageContext<'p>, path: impl Fn(&LanguageView) -> String)
    where
        'a: 'p,
    {
        if self.views.len() < 2 {
            return;
        }
        let config = self.input.config;
        let (base, absolute) = (config.base_path(), config.base_url_normalised());
        let own = ctx.url.clone();
        for view in &self.views {
            let at = path(view);
            ctx.alternates.push(Alternate {
                hreflang: view.code,
                url: format!("{absolute}{at}"),
            });
            if format!("{base}{at}") != own {
                ctx.translations.push(TranslationLink {
                    code: view.code,
                    name: view.name.clone(),
                    url: format!("{base}{at}"),
                });
            }
        }
        let first = path(&self.views[0]);
        ctx.alternates.push(Alternate {
            hreflang: "x-default",
            url: format!("{absolute}{first}"),
        });
    }
}

impl<'a> Renderer<'a> {
    /// The search page of a language: the search box, and the A–Z list of
    /// its pages for visitors without JavaScript.
    fn search_page(&self, view: &LanguageView<'a>) -> Result<RenderedPage, Diagnostic> {
        let input = self.input;
        let title = view.string("search.title");
        let folder = crate::search::folder(view.translation);
        let mut ctx = synthetic_page(input, "search", &title, &folder);
        ctx.noindex = false;
        self.everywhere(&mut ctx, |v| crate::search::folder(v.translation));
        let mut extra = tera::Context::new();
        extra.insert(
            "search",
            &crate::search::page_context(view.config, input.site, view.translation, view.locale),
        );
        let nav = nav_items(input, &view.nav_sections, None);
        let template = crate::search::TEMPLATE;
        self.render_template(view, template, &nav, &ctx, extra)
            .map(|html| RenderedPage {
                output_file: format!("{folder}index.html"),
                html,
                source: None,
                registry_use: RegistryUse::default(),
                search: None,
            })
            .map_err(|m| {
                Diagnostic::error("template", m)
                    .in_file(template)
                    .with_hint(format!("check the theme's {template}"))
            })
    }
}

/// A language's view of the site: its configuration, strings, templates
/// (their `t()` in the language, for a site in more than one), direction,
/// and the `site` its templates see.
fn language_view<'a>(
    input: &'a RenderInput,
    tera: &tera::Tera,
    translation: Option<&'a str>,
    config: &'a SiteConfig,
    services: &'a ServiceRegistry,
) -> LanguageView<'a> {
    let code = config.language.as_str();
    let multilingual = input.languages.is_multilingual();
    let strings = crate::languages::strings(input.theme, input.config, code);
    let locale = input.languages.locales.of(translation);
    let dir = locale
        .map(Locale::direction)
        .or_else(|| Locale::new(code).ok().map(|l| l.direction()))
        .unwrap_or(Direction::Ltr);
    let tera = multilingual.then(|| {
        let mut own = tera.clone();
        crate::templates::register_strings(&mut own, strings.clone());
        own
    });
    let home = input.site.home_of(translation);
    LanguageView {
        translation,
        code,
        name: strings
            .get("language.name")
            .cloned()
            .unwrap_or_else(|| code.to_string()),
        dir,
        config,
        services,
        locale: locale.filter(|_| multilingual),
        strings,
        site_ctx: site_context(input, config, services, translation),
        nav_sections: home
            .map(|h| input.site.pages[h].subsections.clone())
            .unwrap_or_default(),
        tera,
    }
}

fn site_context<'a>(
    input: &'a RenderInput,
    config: &'a SiteConfig,
    services: &'a ServiceRegistry,
    translation: Option<&str>,
) -> SiteContext<'a> {
    let base = config.base_path();
    // A language with no home page of its own (`translations: optional`) has the default's.
    let home = input
        .site
        .home_of(translation)
        .map_or("", |h| input.site.pages[h].path.as_str());
    SiteContext {
        title: &config.title,
        description: &config.description,
        base_url: config.base_url_normalised(),
        language: &config.language,
        brand: BrandContext {
            name: &config.brand.name,
            logo: config.brand.logo.as_deref().map(|l| {
                let rel = l.trim_start_matches("static/");
                input
                    .assets
                    .get(rel)
                    .cloned()
                    .unwrap_or_else(|| format!("{base}{rel}"))
            }),
        },
        quick_exit: &config.quick_exit,
        emergency: config
            .emergency
            .iter()
            .filter_map(|id| services.get(id))
            .collect(),
        accessibility_url: crate::statement::url(config, input.site, translation),
        search_url: config
            .search
            .then(|| format!("{base}{}", crate::search::folder(translation))),
        home_url: format!("{base}{home}"),
    }
}

fn link<'a>(input: &RenderInput, page: &'a Page) -> PageLink<'a> {
    PageLink {
        title: page.title(),
        url: format!("{}{}", input.config.base_path(), page.path),
        description: page.source.front.description.as_deref().unwrap_or(""),
        weight: page.source.front.weight,
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
        let mut content = md.html;
        for (i, html) in expansions.iter().enumerate() {
            content = content.replace(&placeholder(i), html);
        }
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

/// The top-level sections, with the one holding page `index` marked active.
fn nav_items<'a>(
    input: &'a RenderInput,
    sections: &[usize],
    index: Option<usize>,
) -> Vec<NavItem<'a>> {
    let mut active_chain = Vec::new();
    let mut up = index;
    while let Some(i) = up {
        active_chain.push(i);
        up = input.site.pages[i].parent;
    }
    sections
        .iter()
        .map(|&s| {
            let page = &input.site.pages[s];
            NavItem {
                title: page.title(),
                url: format!("{}{}", input.config.base_path(), page.path),
                active: active_chain.contains(&s),
            }
        })
        .collect()
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

fn placeholder(i: usize) -> String {
    format!("<!--signpost-shortcode-{i}-->")
}

/// Replace each shortcode with a placeholder and render it through its
/// partial; the services the shortcodes show are noted in `uses`.
impl Renderer<'_> {
    fn expand_shortcodes(
        &self,
        view: &LanguageView,
        page: &Page,
        body: String,
        uses: &mut RegistryUse,
    ) -> (String, Vec<String>, Vec<Diagnostic>) {
        let found = shortcodes::find(&body);
        if found.is_empty() {
            return (body, Vec::new(), Vec::new());
        }
        let display = &page.source.file.display;
        let mut text = String::with_capacity(body.len());
        let mut expansions = Vec::new();
        let mut problems = Vec::new();
        let mut last = 0;
        for code in found {
            let line = page.source.body_first_line + code.line - 1;
            let at = |(message, hint): (String, String)| {
                Diagnostic::error("shortcode", message)
                    .in_file(display)
                    .at(Some(line), Some(code.column))
                    .with_hint(hint)
            };
            text.push_str(&body[last..code.start]);
            last = code.end;
            match code.name.as_str() {
                "service" => uses.services.extend(code.args.get("id").cloned()),
                "services" => {
                    uses.selects = true;
                    let chosen = select_services(view, &code.args).unwrap_or_default();
                    uses.services
                        .extend(chosen.into_iter().map(|s| s.id.clone()));
                }
                _ => {}
            }
            match self.shortcode_html(view, &code) {
                Ok(html) => {
                    text.push_str(&placeholder(expansions.len()));
                    expansions.push(html);
                }
                Err(e) => problems.push(at(e)),
            }
        }
        text.push_str(&body[last..]);
        (text, expansions, problems)
    }

    fn shortcode_html(
        &self,
        view: &LanguageView,
        code: &shortcodes::Shortcode,
    ) -> Result<String, (String, String)> {
        let tera = view.tera.as_ref().unwrap_or(self.tera);
        shortcodes::check(code)?;
        let mut ctx = tera::Context::new();
        ctx.insert("site", &view.site_ctx);
        ctx.insert("lang", view.code);
        ctx.insert("dir", &view.dir);
        let render = |name: &str, ctx: &tera::Context| {
            tera.render(name, ctx)
                .map_err(|e| (error_chain(&e), format!("check the theme's {name}")))
        };
        match code.name.as_str() {
            "service" => {
                let id = code.args.get("id").ok_or((
                    "`service` needs an id".to_string(),
                    "write {{ service(id=\"...\") }}".to_string(),
                ))?;
                let service = view.services.get(id).ok_or_else(|| {
                    let d = view.services.unknown_id(id);
                    (d.message, d.hint.unwrap_or_default())
                })?;
                ctx.insert("service", service);
                render("partials/service-card.html", &ctx)
            }
            "services" => select_services(view, &code.args)?
                .into_iter()
                .map(|service| {
                    ctx.insert("service", service);
                    render("partials/service-card.html", &ctx)
                })
                .collect(),
            "emergency" => render("partials/emergency.html", &ctx),
            "quick_exit_history" => render("partials/quick-exit-history.html", &ctx),
            _ => render("partials/diary.html", &ctx),
        }
    }
}

/// The services a `services(...)` shortcode lists: in the registry's order,
/// or in a site in more than one language by name in the page's alphabet.
fn select_services<'a>(
    view: &LanguageView<'a>,
    args: &BTreeMap<String, String>,
) -> Result<Vec<&'a ServiceView>, (String, String)> {
    let registry = view.services;
    let kind: Option<ServiceKind> = match args.get("kind") {
        Some(k) => Some(
            serde_json::from_value(serde_json::Value::from(k.as_str())).map_err(|_| {
                (
                    format!("unknown service kind `{k}`"),
                    "use one of: emergency, helpline, organisation, reporting, app".into(),
                )
            })?,
        ),
        None => None,
    };
    let tag = args.get("tag");
    if kind.is_none() && tag.is_none() {
        return Err((
            "`services` needs kind=\"...\" or tag=\"...\"".into(),
            "e.g. {{ services(kind=\"reporting\") }}".into(),
        ));
    }
    let mut chosen: Vec<&ServiceView> = registry
        .views()
        .iter()
        .filter(|s| kind.is_none_or(|k| s.kind == k) && tag.is_none_or(|t| s.tags.contains(t)))
        .collect();
    if let Some(locale) = view.locale {
        locale.sort_by_key(&mut chosen, |s| &s.name);
    }
    if chosen.is_empty() {
        return Err((
            "no service matches this shortcode".into(),
            "check the kind or tag against data/services.yaml".into(),
        ));
    }
    Ok(chosen)
}

impl Renderer<'_> {
    fn redirect(&self, alias: &str, target: &Page) -> Result<RenderedPage, Diagnostic> {
        let input = self.input;
        let view = self.view(target.translation.as_deref());
        let mut ctx = synthetic_page(input, "redirect", target.title(), alias);
        ctx.url = format!("{}{}", input.config.base_path(), target.path);
        ctx.noindex = true;
        self.render_template(view, "redirect.html", &[], &ctx, tera::Context::new())
            .map(|html| RenderedPage {
                output_file: format!("{alias}index.html"),
                html,
                source: Some(target.source.file.display.clone()),
                registry_use: RegistryUse::default(),
                search: None,
            })
            .map_err(|m| {
                Diagnostic::error("template", m)
                    .in_file(&target.source.file.display)
                    .with_hint("check the theme's redirect.html")
            })
    }
}

fn synthetic_page<'a>(
    input: &RenderInput,
    kind: &'static str,
    title: &'a str,
    path: &str,
) -> PageContext<'a> {
    PageContext {
        kind,
        title,
        description: "",
        url: format!("{}{path}", input.config.base_path()),
        permalink: format!("{}{path}", input.config.base_url_normalised()),
        content: String::new(),
        toc: Vec::new(),
        reviewed: None,
        review_due: None,
        owner: None,
        services: Vec::new(),
        section: None,
        pages: Vec::new(),
        subsections: Vec::new(),
        ancestors: Vec::new(),
        noindex: true,
        translations: Vec::new(),
        alternates: Vec::new(),
    }
}
