//! The values templates see: the site, a page, links and the navigation.

use super::*;

#[derive(Serialize)]
pub(super) struct SiteContext<'a> {
    pub(super) title: &'a str,
    pub(super) description: &'a str,
    pub(super) base_url: String,
    pub(super) language: &'a str,
    pub(super) brand: BrandContext<'a>,
    pub(super) quick_exit: &'a crate::config::QuickExit,
    pub(super) emergency: Vec<&'a ServiceView>,
    pub(super) home_url: String,
    /// The accessibility statement's URL, when the site has one.
    pub(super) accessibility_url: Option<String>,
    /// The search page's URL, unless `search: false`.
    pub(super) search_url: Option<String>,
}

/// `site` as one page sees it: the shared part plus its own navigation.
#[derive(Serialize)]
pub(super) struct SiteWithNav<'a> {
    #[serde(flatten)]
    pub(super) site: &'a SiteContext<'a>,
    pub(super) nav: &'a [NavItem<'a>],
}

#[derive(Serialize)]
pub(super) struct BrandContext<'a> {
    pub(super) name: &'a str,
    pub(super) logo: Option<String>,
}

#[derive(Serialize, Clone)]
pub(super) struct NavItem<'a> {
    pub(super) title: &'a str,
    pub(super) url: String,
    pub(super) active: bool,
}

#[derive(Serialize, Clone)]
pub(super) struct PageLink<'a> {
    pub(super) title: &'a str,
    pub(super) url: String,
    pub(super) description: &'a str,
    pub(super) weight: i64,
}

#[derive(Serialize)]
pub(super) struct PageContext<'a> {
    pub(super) kind: &'static str,
    pub(super) title: &'a str,
    pub(super) description: &'a str,
    pub(super) url: String,
    pub(super) permalink: String,
    pub(super) content: String,
    pub(super) toc: Vec<TocEntry>,
    pub(super) reviewed: Option<DisplayDate>,
    pub(super) review_due: Option<DisplayDate>,
    pub(super) owner: Option<&'a str>,
    pub(super) services: Vec<&'a ServiceView>,
    pub(super) section: Option<PageLink<'a>>,
    pub(super) pages: Vec<PageLink<'a>>,
    pub(super) subsections: Vec<PageLink<'a>>,
    pub(super) ancestors: Vec<PageLink<'a>>,
    pub(super) noindex: bool,
    /// The page in each other language it exists in, for the switcher.
    pub(super) translations: Vec<TranslationLink<'a>>,
    /// Every language's version (itself too) and `x-default`, absolute,
    /// for `<link rel="alternate" hreflang>`; empty in a site in one language.
    pub(super) alternates: Vec<Alternate<'a>>,
}

#[derive(Serialize)]
pub(super) struct TranslationLink<'a> {
    pub(super) code: &'a str,
    /// The language's own name ("Cymraeg").
    pub(super) name: String,
    pub(super) url: String,
}

#[derive(Serialize)]
pub(super) struct Alternate<'a> {
    pub(super) hreflang: &'a str,
    pub(super) url: String,
}

pub(super) fn site_context<'a>(
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

pub(super) fn link<'a>(input: &RenderInput, page: &'a Page) -> PageLink<'a> {
    PageLink {
        title: page.title(),
        url: format!("{}{}", input.config.base_path(), page.path),
        description: page.source.front.description.as_deref().unwrap_or(""),
        weight: page.source.front.weight,
    }
}

/// The top-level sections, with the one holding page `index` marked active.
pub(super) fn nav_items<'a>(
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

pub(super) fn synthetic_page<'a>(
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
