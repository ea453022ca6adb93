//! The theme's Tera templates: compiled once per build with signpost's
//! functions (`t()`, `asset()`), which template a page is rendered with, and
//! template errors as diagnostics naming the template's file and line.

use crate::config::SiteConfig;
use crate::diagnostics::Diagnostic;
use crate::page::{Page, PageKind};
use crate::theme::Theme;
use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

/// The theme's templates compiled, with the `t()` and `asset()` functions.
pub fn compile_templates(
    theme: &Theme,
    config: &SiteConfig,
    assets: &BTreeMap<String, String>,
) -> Result<tera::Tera, Vec<Diagnostic>> {
    let mut tera = tera::Tera::default();
    tera.autoescape_on(vec![".html", ".xml"]);
    // Tera's own escaper also writes every `/` as `&#x2F;`, which HTML does not
    // need: it only makes pages longer for the minifier and the audit to read.
    tera.set_escape_fn(crate::html::escape_html);
    let templates: Vec<(&str, &str)> = theme
        .templates
        .iter()
        .map(|(n, (t, _))| (n.as_str(), t.as_str()))
        .collect();
    if let Err(e) = tera.add_raw_templates(templates) {
        let origin = template_named_in(&e, theme);
        let message = error_chain(&e);
        return Err(vec![Diagnostic::error("template", message.clone())
            .in_file(origin.unwrap_or_else(|| PathBuf::from("templates")))
            .at_line(tera_line(&message))
            .with_hint(
                "fix the template syntax; see https://keats.github.io/tera/docs/ for Tera's syntax",
            )]);
    }
    let mut strings = theme.strings.clone();
    strings.extend(config.strings.clone());
    register_strings(&mut tera, strings);
    let assets = assets.clone();
    tera.register_function("asset", move |args: &HashMap<String, tera::Value>| {
        let path = args
            .get("path")
            .and_then(|k| k.as_str())
            .ok_or_else(|| tera::Error::msg("asset() needs path=\"...\""))?;
        assets
            .get(path.trim_start_matches('/'))
            .map(|u| tera::Value::from(u.as_str()))
            .ok_or_else(|| {
                tera::Error::msg(format!(
                    "no static file `{path}`: add it to static/ or fix the path"
                ))
            })
    });
    Ok(tera)
}

/// `t(key=...)`: the interface string `key` of `strings` (one language's).
pub fn register_strings(tera: &mut tera::Tera, strings: BTreeMap<String, String>) {
    tera.register_function("t", move |args: &HashMap<String, tera::Value>| {
        let key = args.get("key").and_then(|k| k.as_str()).ok_or_else(|| tera::Error::msg("t() needs key=\"...\""))?;
        strings
            .get(key)
            .map(|s| tera::Value::from(s.as_str()))
            .ok_or_else(|| tera::Error::msg(format!("no interface string `{key}`: add it to the theme's strings.yaml or to `strings:` in site.yaml")))
    });
}

/// A page's template failed: reported in the template's own file (the
/// site's templates/ or the theme's), at its line when Tera gives one, so
/// every page it fails on gives the same diagnostic, printed once. A
/// template that does not exist is reported at the page's `template:`.
pub fn template_error(
    theme: &Theme,
    template: &str,
    message: String,
    source: &crate::frontmatter::ParsedPage,
) -> Diagnostic {
    match theme.templates.get(template) {
        Some((_, origin)) => Diagnostic::error("template", message.clone())
            .in_file(origin)
            .at_line(tera_line(&message))
            .with_hint(format!(
                "fix {}; Tera's syntax is at https://keats.github.io/tera/docs/",
                origin.display()
            )),
        None => Diagnostic::error("template", message)
            .in_file(&source.file.display)
            .at_line(source.key_line("template"))
            .with_hint(format!(
                "name a template of theme `{}` or of the site's templates/",
                theme.chain.first().map_or("", |s| s.as_str())
            )),
    }
}

/// The line Tera names in an error (` --> 3:5`), if it names one.
fn tera_line(message: &str) -> Option<usize> {
    let after = message.split("--> ").nth(1)?;
    after.split(':').next()?.trim().parse().ok()
}

/// The template a page is rendered with: its own `template:`, else by kind.
pub fn template_name(page: &Page) -> &str {
    page.source
        .front
        .template
        .as_deref()
        .unwrap_or(match page.kind {
            PageKind::Home => "index.html",
            PageKind::Section => "section.html",
            PageKind::Page => "page.html",
        })
}

/// Tera errors nest their cause; editors need the whole chain on one line.
pub fn error_chain(e: &tera::Error) -> String {
    let mut parts = vec![e.to_string()];
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        parts.push(s.to_string());
        source = s.source();
    }
    parts.join(": ")
}

/// The file of the template an error names, if it names one we loaded.
fn template_named_in(e: &tera::Error, theme: &Theme) -> Option<PathBuf> {
    let text = error_chain(e);
    theme
        .templates
        .iter()
        .filter(|(name, _)| {
            text.contains(&format!("'{name}'")) || text.contains(&format!("`{name}`"))
        })
        .map(|(_, (_, origin))| origin.clone())
        .next()
}
