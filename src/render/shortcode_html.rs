//! Shortcodes in a page's Markdown, rendered through the theme's partials.

use super::*;

/// What a shortcode's place in the Markdown starts with; its number and
/// `-->` follow.
const PLACEHOLDER: &str = "<!--signpost-shortcode-";

pub(super) fn placeholder(i: usize) -> String {
    format!("{PLACEHOLDER}{i}-->")
}

/// The rendered Markdown `html` with each shortcode's placeholder replaced by
/// its HTML, in one pass: replacing one placeholder after another read the
/// whole page once for each shortcode. An expansion is not read again.
pub(super) fn put_expansions(html: String, expansions: &[String]) -> String {
    if expansions.is_empty() {
        return html;
    }
    let added: usize = expansions.iter().map(String::len).sum();
    let mut out = String::with_capacity(html.len() + added);
    let mut rest = html.as_str();
    while let Some(at) = rest.find(PLACEHOLDER) {
        let after = &rest[at + PLACEHOLDER.len()..];
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        let number = &after[..digits];
        // Written as `placeholder` writes it: `-->` after, no leading zero.
        let written =
            after[digits..].starts_with("-->") && (number == "0" || !number.starts_with('0'));
        match number
            .parse::<usize>()
            .ok()
            .filter(|_| written)
            .and_then(|i| expansions.get(i))
        {
            Some(expansion) => {
                out.push_str(&rest[..at]);
                out.push_str(expansion);
                rest = &after[digits + "-->".len()..];
            }
            None => {
                out.push_str(&rest[..at + PLACEHOLDER.len()]);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_placeholder_is_replaced_once_and_nothing_else_is() {
        let expansions: Vec<String> = (0..11).map(|i| format!("[{i}]")).collect();
        let html = format!(
            "<p>a</p>{}{}<p>{}</p>{}x{}",
            placeholder(0),
            placeholder(10),
            placeholder(1),
            placeholder(1),
            placeholder(11)
        );
        assert_eq!(
            put_expansions(html, &expansions),
            "<p>a</p>[0][10]<p>[1]</p>[1]x<!--signpost-shortcode-11-->"
        );
        // Not as `placeholder` writes them: left as they are.
        let odd = "<!--signpost-shortcode-01--><!--signpost-shortcode-2 --><!--signpost-shortcode-";
        assert_eq!(put_expansions(odd.to_string(), &expansions), odd);
        // An expansion that looks like a placeholder is not expanded again.
        let tricky = vec![placeholder(1), "[1]".to_string()];
        assert_eq!(put_expansions(placeholder(0), &tricky), placeholder(1));
    }
}
