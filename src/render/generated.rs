//! The pages made from a template alone: 404, the accessibility
//! statement, the search page of each language, and redirects for aliases.

use super::*;

/// The 404 page's message in one language (`not_found` in its template).
#[derive(Serialize)]
pub(super) struct NotFoundBlock<'a> {
    pub(super) lang: &'a str,
    pub(super) dir: Direction,
    pub(super) home_url: &'a str,
    pub(super) nav: Vec<NavItem<'a>>,
    /// Its `not_found.*` strings, without the prefix (`title`, `intro`, ...).
    pub(super) strings: BTreeMap<&'static str, String>,
}

/// A page generated from a template alone (no Markdown).
pub(super) struct Special {
    pub(super) kind: &'static str,
    pub(super) template: &'static str,
    /// Its address below the site root (`accessibility/`, `cy/accessibility/`, `404.html`).
    pub(super) path: String,
    pub(super) output_file: String,
    /// The interface string that is its title.
    pub(super) title_key: &'static str,
}

impl<'a> Renderer<'a> {
    /// Render a generated page; the statement's page also sees `statement`.
    pub(super) fn special(
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
    pub(super) fn not_found_blocks(&self) -> Vec<NotFoundBlock<'_>> {
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
    pub(super) fn everywhere<'p>(
        &self,
        ctx: &mut PageContext<'p>,
        path: impl Fn(&LanguageView) -> String,
    ) where
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
    pub(super) fn search_page(&self, view: &LanguageView<'a>) -> Result<RenderedPage, Diagnostic> {
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

impl Renderer<'_> {
    pub(super) fn redirect(&self, alias: &str, target: &Page) -> Result<RenderedPage, Diagnostic> {
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
