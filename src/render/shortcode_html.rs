//! Shortcodes in a page's Markdown, rendered through the theme's partials.

use super::*;

pub(super) fn placeholder(i: usize) -> String {
    format!("<!--signpost-shortcode-{i}-->")
}

/// Replace each shortcode with a placeholder and render it through its
/// partial; the services the shortcodes show are noted in `uses`.
impl Renderer<'_> {
    pub(super) fn expand_shortcodes(
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

    pub(super) fn shortcode_html(
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
pub(super) fn select_services<'a>(
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
