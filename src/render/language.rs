//! Each language's view of the site, made once per build: its
//! configuration, strings, templates, direction and services.

use super::*;

/// One language's view of the site, made once per build: what its pages
/// are rendered with.
pub(super) struct LanguageView<'a> {
    /// None for the default language.
    pub(super) translation: Option<&'a str>,
    pub(super) code: &'a str,
    /// The language's own name, its `language.name` string.
    pub(super) name: String,
    pub(super) dir: Direction,
    pub(super) config: &'a SiteConfig,
    pub(super) services: &'a ServiceRegistry,
    /// Dates and sorting in the language; None in a site in one language
    /// (dates as signpost has always written them, services in file order).
    pub(super) locale: Option<&'a Locale>,
    pub(super) strings: BTreeMap<String, String>,
    pub(super) site_ctx: SiteContext<'a>,
    pub(super) nav_sections: Vec<usize>,
    /// The templates with `t()` in this language; None: the shared ones.
    pub(super) tera: Option<tera::Tera>,
}

impl LanguageView<'_> {
    pub(super) fn long(&self, date: Date) -> DisplayDate {
        self.locale
            .map_or_else(|| DisplayDate::long(date), |l| l.display_long(date))
    }

    pub(super) fn month(&self, date: Date) -> DisplayDate {
        self.locale
            .map_or_else(|| DisplayDate::month(date), |l| l.display_month(date))
    }

    /// An interface string of the language: the site's, else the theme's.
    pub(super) fn string(&self, key: &str) -> String {
        self.strings.get(key).cloned().unwrap_or_default()
    }
}

/// A language's view of the site: its configuration, strings, templates
/// (their `t()` in the language, for a site in more than one), direction,
/// and the `site` its templates see.
pub(super) fn language_view<'a>(
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
