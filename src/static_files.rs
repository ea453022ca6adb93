//! The files of a site that are copied, not rendered: the static files of
//! the theme chain and the site, brand.css, and the files beside the pages
//! in content/ (CSS and JS fingerprinted); with the checks that no two
//! outputs take the same path and that the brand logo is among them.

use crate::diagnostics::Diagnostic;
use crate::load::LoadedSite;
use crate::output::OutputTree;
use crate::page::SiteModel;
use crate::{brand, content, output, search, theme, yaml};
use std::collections::BTreeMap;

/// The output files the pages, aliases and signpost itself write, each
/// with the file it is made from as the editor sees it.
fn generated_files(model: &SiteModel) -> BTreeMap<String, String> {
    let mut made: BTreeMap<String, String> = ["404.html", "sitemap.xml", "robots.txt"]
        .into_iter()
        .map(|name| (name.to_string(), format!("signpost's own {name}")))
        .collect();
    for page in &model.pages {
        made.insert(
            page.output_file(),
            page.source.file.display.display().to_string(),
        );
    }
    for (alias, &target) in &model.aliases {
        let source = model.pages[target].source.file.display.display();
        made.insert(
            format!("{alias}index.html"),
            format!("the alias /{alias} of {source}"),
        );
    }
    made
}

/// Static files of the theme chain and the site, brand.css, and files beside
/// the pages in content/; CSS and JS fingerprinted. Returns the asset URL map.
/// A file written at the same output path as a page, an alias or another
/// file is an error naming both.
pub fn static_files(site: &LoadedSite) -> (OutputTree, BTreeMap<String, String>, Vec<Diagnostic>) {
    let show = site.site_dir.as_path();
    let mut diagnostics = Vec::new();
    let mut tree = OutputTree::default();
    let mut assets = BTreeMap::new();
    let mut made = generated_files(&site.model);
    if site.config.search {
        let translations =
            || std::iter::once(None).chain(site.config.languages.keys().map(|c| Some(c.as_str())));
        diagnostics.extend(search::collisions(&site.model, translations()));
        for translation in translations() {
            made.insert(
                format!("{}index.html", search::folder(translation)),
                "signpost's search page".into(),
            );
        }
    }
    let base = site.config.base_path();
    let line = |key: &str| yaml::key_line(&site.config_text, key, 1);
    let mut add = |rel: &str, bytes: Vec<u8>, from: String, tree: &mut OutputTree| {
        let out = if rel.ends_with(".css") || rel.ends_with(".js") {
            output::fingerprinted(rel, &bytes)
        } else {
            rel.to_string()
        };
        if let Some(other) = made.get(&out) {
            return Some(
                Diagnostic::error(
                    "duplicate-path",
                    format!("this file would be written to /{out}, where {other} is written"),
                )
                .in_file(&from)
                .with_hint("rename or remove one of the two files"),
            );
        }
        made.insert(out.clone(), from);
        assets.insert(rel.to_string(), format!("{base}{out}"));
        tree.insert(out, bytes);
        None
    };
    match brand::stylesheet(&site.config.brand, &line) {
        Ok(css) => diagnostics.extend(add(
            "css/brand.css",
            css.into_bytes(),
            "site.yaml".into(),
            &mut tree,
        )),
        Err(problems) => diagnostics.extend(problems),
    }
    for (rel, source) in &site.theme.static_files {
        let unused = (rel == search::SCRIPT && !site.config.search)
            || (rel == crate::languages::STYLESHEET && site.config.languages.is_empty());
        if unused {
            continue;
        }
        let from = match source {
            theme::StaticSource::Disk(abs) => content::shown(abs, show).display().to_string(),
            theme::StaticSource::BuiltIn(_) => format!("the theme's static/{rel}"),
        };
        match source.read() {
            Ok(bytes) => diagnostics.extend(add(rel, bytes, from, &mut tree)),
            Err(e) => diagnostics.push(
                Diagnostic::error("io", format!("cannot read static file {rel}: {e}"))
                    .in_file(from),
            ),
        }
    }
    for found in &site.content_assets {
        let from = content::shown(&found.abs, show).display().to_string();
        match std::fs::read(&found.abs) {
            Ok(bytes) => diagnostics.extend(add(&found.rel, bytes, from, &mut tree)),
            Err(e) => diagnostics.push(
                Diagnostic::error("io", format!("cannot read {}: {e}", found.rel)).in_file(from),
            ),
        }
    }
    diagnostics.extend(taken_addresses(site, &made, &assets));
    (tree, assets, diagnostics)
}

/// An error for each alias whose folder is the address of a file, and for a
/// brand logo that is not among the static files.
fn taken_addresses(
    site: &LoadedSite,
    made: &BTreeMap<String, String>,
    assets: &BTreeMap<String, String>,
) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    // An alias is a folder: a file of the same name leaves no room for it.
    for (alias, &target) in &site.model.aliases {
        if let Some(file) = made.get(alias.trim_end_matches('/')) {
            let page = &site.model.pages[target].source;
            problems.push(
                Diagnostic::error(
                    "alias",
                    format!("alias `/{alias}` is the address of {file}"),
                )
                .in_file(&page.file.display)
                .at_line(page.key_line("aliases"))
                .with_hint("remove the alias, or rename the file"),
            );
        }
    }
    if let Some(logo) = &site.config.brand.logo {
        if !assets.contains_key(logo.trim_start_matches("static/")) {
            problems.push(
                Diagnostic::error("brand", format!("brand.logo `{logo}` does not exist"))
                    .in_file("site.yaml")
                    .at_line(yaml::key_line(&site.config_text, "logo", 1))
                    .with_hint("put the logo in static/ and write its path, e.g. static/logo.svg"),
            );
        }
    }
    problems
}
