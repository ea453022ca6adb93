//! Content packs: a site may extend another site folder (`extends:` in
//! site.yaml) and inherit its content, data, static files and templates. This
//! module resolves the chain of folders and merges what each kind of file
//! needs: site.yaml key by key, services by id field by field, pages by path
//! (with `hide:`), reporting what was replaced or hidden.

use crate::config::SiteConfig;
use crate::content::{check_inside, read_text, shown, walk, FoundFile, LinkUse, SourceFile};
use crate::diagnostics::Diagnostic;
use crate::layers;
use crate::services::{Service, ServiceRegistry, ServiceSource};
use crate::yaml::{self, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The site and the packs it extends, root pack first, the site itself last.
#[derive(Debug, Clone)]
pub struct SiteChain {
    pub layers: Vec<PathBuf>,
    pub config: SiteConfig,
    /// The site's own site.yaml, for finding the line of a key.
    pub config_text: String,
}

/// Read site.yaml of the site and of every pack it extends, and merge them.
pub fn resolve(site_dir: &Path) -> Result<SiteChain, Vec<Diagnostic>> {
    let mut layers: Vec<(PathBuf, SourceFile, Value)> = Vec::new();
    let mut dir = site_dir.to_path_buf();
    loop {
        let config_path = dir.join(layers::CONFIG);
        check_inside(&config_path, &dir, site_dir, LinkUse::File).map_err(|d| vec![d])?;
        if !config_path.is_file() {
            let message = match layers.last() {
                None => format!("{} has no site.yaml", site_dir.display()),
                Some((_, file, _)) => format!(
                    "`extends:` in {} names {}, which has no site.yaml",
                    file.display.display(),
                    dir.display()
                ),
            };
            return Err(vec![Diagnostic::error("no-site", message).with_hint(
                "run signpost in a site folder, name one (`signpost build my-site`), or create one with `signpost init my-site`; `extends:` is a path to another site folder",
            )]);
        }
        let (file, value) = read_config(config_path, site_dir)?;
        let extends = value
            .get("extends")
            .and_then(Value::as_str)
            .map(|p| dir.join(p));
        let real = dir.canonicalize().unwrap_or_else(|_| dir.clone());
        if layers
            .iter()
            .any(|(d, _, _)| d.canonicalize().ok().as_ref() == Some(&real))
        {
            return Err(vec![Diagnostic::error(
                "pack",
                format!("packs extend each other in a circle at {}", dir.display()),
            )
            .in_file(&file.display)
            .with_hint("remove `extends:` from one of the site.yaml files")]);
        }
        layers.push((dir.clone(), file, value));
        match extends {
            Some(next) => dir = next,
            None => break,
        }
    }
    layers.reverse();
    let site_text = layers
        .last()
        .map(|(_, f, _)| f.text.clone())
        .unwrap_or_default();
    let config = if layers.len() == 1 {
        yaml::parse::<SiteConfig>(&site_text, 1).map_err(|e| config_error(e, &site_text))?
    } else {
        let mut merged = Value::Null;
        for (_, _, value) in &layers {
            merge_config(&mut merged, value.clone());
        }
        yaml::from_value::<SiteConfig>(merged).map_err(|e| config_error(e, &site_text))?
    };
    Ok(SiteChain {
        layers: layers.into_iter().map(|(d, _, _)| d).collect(),
        config,
        config_text: site_text,
    })
}

/// One site.yaml of the chain, read and parsed: it must be a group of keys.
fn read_config(path: PathBuf, site_dir: &Path) -> Result<(SourceFile, Value), Vec<Diagnostic>> {
    let file = read_text(
        &FoundFile {
            rel: "site.yaml".into(),
            abs: path,
        },
        site_dir,
    )
    .map_err(|d| vec![d])?;
    let value = yaml::parse_value(&file.text, 1)
        .map_err(|e| vec![e.diagnostic("config", &file.display)])?;
    if !value.is_mapping() {
        let what = match &value {
            Value::Null => "is empty",
            Value::Sequence(_) => "is a list",
            _ => "is a single value",
        };
        return Err(vec![Diagnostic::error(
            "config",
            format!("site.yaml {what}, not a group of `key: value` lines"),
        )
        .in_file(&file.display)
        .at_line(Some(1))
        .with_hint("write one key per line, without `- ` in front, e.g.\n  title: Stalking and harassment support\n  base_url: https://www.example.ac.uk/support/")]);
    }
    Ok((file, value))
}

/// Merge one layer's site.yaml over the keys so far. `hide` lists add up;
/// everything else is the later layer's.
fn merge_config(merged: &mut Value, mut layer: Value) {
    let hidden: Vec<Value> = match (merged.get("hide"), layer.get("hide")) {
        (Some(Value::Sequence(a)), Some(Value::Sequence(b))) => {
            a.iter().chain(b).cloned().collect()
        }
        _ => Vec::new(),
    };
    if let Value::Mapping(map) = &mut layer {
        if !hidden.is_empty() {
            map.insert(Value::from("hide"), Value::Sequence(hidden));
        }
    }
    if merged.is_null() {
        *merged = layer;
    } else {
        yaml::merge(merged, layer);
    }
}

fn config_error(e: yaml::YamlError, site_text: &str) -> Vec<Diagnostic> {
    // After merging, errors lose their line; find the key they name instead.
    let line = e.line.or_else(|| {
        let key = e.message.split('`').nth(1)?;
        yaml::key_line(site_text, key, 1)
    });
    vec![yaml::YamlError { line, ..e }.diagnostic("config", "site.yaml")]
}

/// The files under `content/` of every layer, later layers replacing earlier
/// ones by path, hidden pages left out; notes say what was replaced or hidden.
pub fn content_files(chain: &SiteChain, show_root: &Path) -> (Vec<FoundFile>, Vec<Diagnostic>) {
    let mut files: BTreeMap<String, FoundFile> = BTreeMap::new();
    let mut problems = Vec::new();
    let last = chain.layers.len() - 1;
    for (index, (dir, content)) in layers::folders(&chain.layers, layers::CONTENT).enumerate() {
        let (found, p) = walk(&content, dir, show_root);
        problems.extend(p);
        for file in found {
            if let Some(old) = files.get(&file.rel) {
                if index == last && file.rel.ends_with(".md") {
                    problems.push(
                        Diagnostic::note(
                            "pack-replaced",
                            format!(
                                "replaces the pack's {}",
                                shown(&old.abs, show_root).display()
                            ),
                        )
                        .in_file(shown(&file.abs, show_root)),
                    );
                }
            }
            files.insert(file.rel.clone(), file);
        }
    }
    let line = |key: &str| yaml::key_line(&chain.config_text, key, 1);
    for hidden in &chain.config.hide {
        let rel = hidden
            .trim_start_matches("content/")
            .trim_start_matches('/');
        // Hiding a page hides its translations too (`signs.cy.md` with `signs.md`).
        let translations: Vec<String> = files
            .keys()
            .filter(|k| {
                k.ends_with(".md") && k.as_str() != rel && crate::page::original_of(k) == rel
            })
            .cloned()
            .collect();
        for translation in translations {
            files.remove(&translation);
        }
        match files.remove(rel) {
            Some(file) => problems.push(
                Diagnostic::note(
                    "pack-hidden",
                    format!("hides the pack's {}", shown(&file.abs, show_root).display()),
                )
                .in_file("site.yaml")
                .at_line(line("hide")),
            ),
            None => problems.push(
                Diagnostic::error(
                    "pack",
                    format!("`hide` names {hidden}, which is not a page of the pack"),
                )
                .in_file("site.yaml")
                .at_line(line("hide"))
                .with_hint("write the page's path under content/, e.g. law/scotland.md"),
            ),
        }
    }
    (files.into_values().collect(), problems)
}

/// The pages `hide:` removed, by path under content/, so links to them can
/// say why they fail (their translations are removed with them, but a
/// link names the page).
pub fn hidden_pages(chain: &SiteChain) -> BTreeSet<String> {
    chain
        .config
        .hide
        .iter()
        .map(|h| {
            h.trim_start_matches("content/")
                .trim_start_matches('/')
                .to_string()
        })
        .collect()
}

/// data/services.yaml of every layer, merged by id, the later layer winning field by field.
pub fn services(chain: &SiteChain, show_root: &Path) -> Result<ServiceRegistry, Vec<Diagnostic>> {
    services_in(chain, show_root, None)
}

/// The registry of one language of the site: [`services`], and for another
/// language (`Some(code)`) each layer's `data/services.CODE.yaml` merged onto
/// it the same way, by id, field by field. A translation names only
/// services the registry has: an id it adds is an error at its line.
pub fn services_in(
    chain: &SiteChain,
    show_root: &Path,
    language: Option<&str>,
) -> Result<ServiceRegistry, Vec<Diagnostic>> {
    let country = &chain.config.country;
    let mut names = vec![(layers::SERVICES.to_string(), true)];
    names.extend(language.map(|code| (layers::services_translation(code), false)));
    let mut files = Vec::new();
    for (name, adds) in names {
        for (dir, data) in layers::folders(&chain.layers, layers::DATA) {
            let path = data.join(&name);
            check_inside(&path, dir, show_root, LinkUse::File).map_err(|d| vec![d])?;
            if path.is_file() {
                let found = FoundFile {
                    rel: name.clone(),
                    abs: path,
                };
                files.push((read_text(&found, show_root).map_err(|d| vec![d])?, adds));
            }
        }
    }
    match files.as_slice() {
        [] => Ok(ServiceRegistry::default()),
        [(only, true)] => ServiceRegistry::parse(&only.text, &only.display, country),
        _ => merged_services(&files, country),
    }
}

/// The line of a file where the service `id` starts.
fn id_line(text: &str, id: &str) -> Option<usize> {
    text.lines()
        .position(|l| l.trim_start_matches(['-', ' ']).trim_end() == format!("id: {id}"))
        .map(|i| i + 1)
}

/// Services files merged in order by id, each file's fields winning over
/// the files before; a file that may not add services (`false`: a
/// translation) names only ids of the files before it.
fn merged_services(
    files: &[(SourceFile, bool)],
    country: &str,
) -> Result<ServiceRegistry, Vec<Diagnostic>> {
    let mut order: Vec<String> = Vec::new();
    let mut by_id: BTreeMap<String, (Value, usize)> = BTreeMap::new();
    let mut problems = Vec::new();
    for (index, (file, adds)) in files.iter().enumerate() {
        let list: Vec<Value> = yaml::parse(&file.text, 1)
            .map_err(|e| vec![e.diagnostic("services", &file.display)])?;
        for entry in list {
            let Some(id) = entry.get("id").and_then(Value::as_str).map(str::to_string) else {
                return Err(vec![Diagnostic::error("services", "a service has no `id`")
                    .in_file(&file.display)
                    .with_hint("start each service with `- id: ...`")]);
            };
            match by_id.get_mut(&id) {
                Some((existing, from)) => {
                    yaml::merge(existing, entry);
                    *from = index;
                }
                None if *adds => {
                    order.push(id.clone());
                    by_id.insert(id, (entry, index));
                }
                None => problems.push(
                    Diagnostic::error(
                        "services",
                        format!("service `{id}` is not in data/services.yaml"),
                    )
                    .in_file(&file.display)
                    .at_line(id_line(&file.text, &id))
                    .with_hint("a translation gives the text of a service of data/services.yaml: check the id, or add the service there first"),
                ),
            }
        }
    }
    let mut services = Vec::new();
    let mut sources = Vec::new();
    for id in &order {
        let (value, from) = by_id[id].clone();
        let file = &files[from].0;
        let line = id_line(&file.text, id);
        match yaml::from_value::<Service>(value) {
            Ok(s) => {
                services.push(s);
                sources.push(ServiceSource {
                    file: file.display.clone(),
                    line,
                });
            }
            Err(e) => problems.push(
                yaml::YamlError {
                    message: format!("service `{id}`: {}", e.message),
                    line,
                    column: None,
                    hint: e.hint,
                }
                .diagnostic("services", &file.display),
            ),
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    ServiceRegistry::from_services(services, sources, country)
}
