//! Rendering: Markdown and shortcodes to HTML, then every page through the
//! theme's Tera templates, in parallel, with typed contexts built once per site.
//! Also the generated pages: 404, the accessibility statement, redirects for
//! aliases.

use crate::config::SiteConfig;
use crate::dates::DisplayDate;
use crate::diagnostics::Diagnostic;
use crate::lint::{NumberIndex, NumbersWritten};
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
}

/// The compiled templates and what every page shares, ready to render any
/// page of the site: a whole build renders them all, `serve` only those a
/// change affects.
pub struct Renderer<'a> {
    input: &'a RenderInput<'a>,
    tera: &'a tera::Tera,
    site_ctx: SiteContext<'a>,
    nav_sections: Vec<usize>,
}

/// One page rendered (None when its template failed), with its problems.
pub struct PageResult<T> {
    pub index: usize,
    pub page: Option<T>,
    pub problems: Vec<Diagnostic>,
}

impl<'a> Renderer<'a> {
    pub fn new(input: &'a RenderInput<'a>, tera: &'a tera::Tera) -> Renderer<'a> {
        Renderer {
            input,
            tera,
            site_ctx: site_context(input),
            nav_sections: input
                .site
                .home()
                .map(|h| input.site.pages[h].subsections.clone())
                .unwrap_or_default(),
        }
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

    /// The 404 page, the accessibility statement and the redirect pages of
    /// aliases, each passed through `finish`.
    pub fn generated<T>(&self, finish: impl Fn(RenderedPage) -> T) -> (Vec<T>, Vec<Diagnostic>) {
        let input = self.input;
        let mut pages = Vec::new();
        let mut problems = Vec::new();
        let not_found = Special {
            kind: "404",
            template: "404.html",
            output_file: "404.html",
            title_key: "not_found.title",
        };
        let mut specials = vec![(not_found, None)];
        if let Some(statement) = crate::statement::generated(input.config, input.site) {
            let page = Special {
                kind: "accessibility",
                template: crate::statement::TEMPLATE,
                output_file: "accessibility/index.html",
                title_key: "accessibility.title",
            };
            specials.push((page, Some(statement)));
        }
        for (special, statement) in specials {
            match self.special(&special, statement) {
                Ok(page) => pages.push(finish(page)),
                Err(d) => problems.push(d),
            }
        }
        if input.config.search {
            match self.search_page() {
                Ok(page) => pages.push(finish(page)),
                Err(d) => problems.push(d),
            }
        }
        for (alias, &target) in &input.site.aliases {
            match self.redirect(alias, &input.site.pages[target]) {
                Ok(page) => pages.push(finish(page)),
                Err(d) => problems.push(d),
            }
        }
        (pages, problems)
    }
}

/// A page generated from a template alone (no Markdown).
struct Special {
    kind: &'static str,
    template: &'static str,
    output_file: &'static str,
    /// The interface string that is its title.
    title_key: &'static str,
}

impl Renderer<'_> {
    /// Render a generated page; the statement's page also sees `statement`.
    fn special(
        &self,
        special: &Special,
        statement: Option<crate::statement::StatementContext>,
    ) -> Result<RenderedPage, Diagnostic> {
        let input = self.input;
        let title = interface_string(input, special.title_key);
        let path = special.output_file.trim_end_matches("index.html");
        let mut ctx = synthetic_page(input, special.kind, &title, path);
        let mut extra = tera::Context::new();
        if let Some(statement) = &statement {
            ctx.noindex = false;
            ctx.reviewed = Some(statement.tested.clone());
            ctx.review_due = Some(statement.review_due.clone());
            extra.insert("statement", statement);
        }
        let nav = nav_items(input, &self.nav_sections, None);
        self.render_template(special.template, &nav, &ctx, extra)
            .map(|html| RenderedPage {
                output_file: special.output_file.into(),
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
}

impl Renderer<'_> {
    /// The search page of the site's language: the search box, and the A–Z
    /// list of its pages for visitors without JavaScript.
    fn search_page(&self) -> Result<RenderedPage, Diagnostic> {
        let input = self.input;
        let title = interface_string(input, "search.title");
        let mut ctx = synthetic_page(input, "search", &title, crate::search::FOLDER);
        ctx.noindex = false;
        let mut extra = tera::Context::new();
        extra.insert(
            "search",
            &crate::search::page_context(input.config, input.site),
        );
        let nav = nav_items(input, &self.nav_sections, None);
        let template = crate::search::TEMPLATE;
        self.render_template(template, &nav, &ctx, extra)
            .map(|html| RenderedPage {
                output_file: format!("{}index.html", crate::search::FOLDER),
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

/// An interface string: the site's `strings:`, else the theme's.
fn interface_string(input: &RenderInput, key: &str) -> String {
    input
        .config
        .strings
        .get(key)
        .or_else(|| input.theme.strings.get(key))
        .cloned()
        .unwrap_or_default()
}

fn site_context<'a>(input: &'a RenderInput) -> SiteContext<'a> {
    let config = input.config;
    let base = config.base_path();
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
            .filter_map(|id| input.services.get(id))
            .collect(),
        accessibility_url: crate::statement::url(config, input.site),
        search_url: config
            .search
            .then(|| format!("{base}{}", crate::search::FOLDER)),
        home_url: base,
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
        let source = &page.source;
        let display = &source.file.display;
        let base_path = input.config.base_path();
        let mut registry_use = RegistryUse::default();
        let (body, expansions, mut problems) =
            self.expand_shortcodes(page, body, &mut registry_use);
        let links = LinkContext {
            site: input.site,
            source_rel: &source.file.rel,
            display,
            base_path: &base_path,
            first_line: source.body_first_line,
            numbers: input.numbers,
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
            match input.services.get(id) {
                Some(s) => services.push(s),
                None => problems.push(
                    input
                        .services
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
        let ctx = self.page_context(page, content, md.toc, services);
        let template = template_name(page);
        let nav = nav_items(input, &self.nav_sections, Some(index));
        match self.render_template(template, &nav, &ctx, tera::Context::new()) {
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
        page: &'a Page,
        content: String,
        toc: Vec<TocEntry>,
        services: Vec<&'a ServiceView>,
    ) -> PageContext<'a> {
        let input = self.input;
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
        PageContext {
            kind: page.kind.name(),
            title: &front.title,
            description: front.description.as_deref().unwrap_or(""),
            url: format!("{base_path}{}", page.path),
            permalink: format!("{}{}", input.config.base_url_normalised(), page.path),
            content,
            toc,
            reviewed: front.reviewed.map(DisplayDate::long),
            review_due: review_due.map(DisplayDate::month),
            owner: front.owner.as_deref(),
            services,
            section: page.parent.map(|p| link(input, &input.site.pages[p])),
            pages: links(&page.pages),
            subsections: links(&page.subsections),
            ancestors,
            noindex: front.noindex,
        }
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
    /// Render `template` for `page`, with the variables every page sees and `extra`.
    fn render_template<T: Serialize>(
        &self,
        template: &str,
        nav: &[NavItem],
        page: &T,
        extra: tera::Context,
    ) -> Result<String, String> {
        let mut ctx = extra;
        ctx.insert(
            "site",
            &SiteWithNav {
                site: &self.site_ctx,
                nav,
            },
        );
        ctx.insert("page", page);
        ctx.insert("lang", &self.input.config.language);
        ctx.insert("security_meta", self.input.security_meta);
        self.tera
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
                    let chosen =
                        select_services(self.input.services, &code.args).unwrap_or_default();
                    uses.services
                        .extend(chosen.into_iter().map(|s| s.id.clone()));
                }
                _ => {}
            }
            match self.shortcode_html(&code) {
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

    fn shortcode_html(&self, code: &shortcodes::Shortcode) -> Result<String, (String, String)> {
        let (input, tera) = (self.input, self.tera);
        shortcodes::check(code)?;
        let mut ctx = tera::Context::new();
        ctx.insert("site", &self.site_ctx);
        ctx.insert("lang", &input.config.language);
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
                let service = input.services.get(id).ok_or_else(|| {
                    let d = input.services.unknown_id(id);
                    (d.message, d.hint.unwrap_or_default())
                })?;
                ctx.insert("service", service);
                render("partials/service-card.html", &ctx)
            }
            "services" => select_services(input.services, &code.args)?
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

fn select_services<'a>(
    registry: &'a ServiceRegistry,
    args: &BTreeMap<String, String>,
) -> Result<Vec<&'a ServiceView>, (String, String)> {
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
    let chosen: Vec<&ServiceView> = registry
        .views()
        .iter()
        .filter(|s| kind.is_none_or(|k| s.kind == k) && tag.is_none_or(|t| s.tags.contains(t)))
        .collect();
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
        let mut ctx = synthetic_page(input, "redirect", target.title(), alias);
        ctx.url = format!("{}{}", input.config.base_path(), target.path);
        ctx.noindex = true;
        self.render_template("redirect.html", &[], &ctx, tera::Context::new())
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
    }
}
