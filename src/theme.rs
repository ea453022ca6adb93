//! Themes: the chain site `templates/` → site-local `themes/NAME` → built-in
//! theme → what it extends, for templates, static files and interface strings.
//! Built-in themes are compiled into the binary.

use crate::content::{check_inside, read_text, walk, FoundFile, LinkUse};
use crate::diagnostics::Diagnostic;
use crate::layers;
use crate::yaml;
use include_dir::{include_dir, Dir};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

static BUILT_IN: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes");

/// Bytes of a static file: compiled in, or on disk in the site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StaticSource {
    BuiltIn(&'static [u8]),
    Disk(PathBuf),
}

impl StaticSource {
    pub fn read(&self) -> std::io::Result<Vec<u8>> {
        match self {
            StaticSource::BuiltIn(bytes) => Ok(bytes.to_vec()),
            StaticSource::Disk(path) => std::fs::read(path),
        }
    }
}

/// The resolved theme chain, merged: later layers win.
#[derive(Debug, Clone, Default)]
pub struct Theme {
    /// Names from the chosen theme up to the root of its chain.
    pub chain: Vec<String>,
    /// Template name → (text, where it came from, for error messages).
    pub templates: BTreeMap<String, (String, PathBuf)>,
    pub static_files: BTreeMap<String, StaticSource>,
    pub strings: BTreeMap<String, String>,
    /// The strings by language code: each layer's `strings.CODE.yaml`, and
    /// its `strings.yaml` under the layer's `language` (see [`Theme::strings_for`]).
    pub strings_by_language: BTreeMap<String, BTreeMap<String, String>>,
}

/// theme.yaml. `name` and `description` document the theme for people; only
/// `extends` changes what signpost does.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ThemeManifest {
    #[serde(default, rename = "name")]
    _name: Option<String>,
    #[serde(default, rename = "description")]
    _description: Option<String>,
    #[serde(default)]
    extends: Option<String>,
    /// The language of strings.yaml (default `en`); `strings.CODE.yaml` holds another's.
    #[serde(default)]
    language: Option<String>,
}

/// One theme's files, wherever they live.
struct ThemeLayer {
    name: String,
    manifest: ThemeManifest,
    templates: Vec<(String, String, PathBuf)>,
    static_files: Vec<(String, StaticSource)>,
    strings: BTreeMap<String, String>,
    /// `strings.CODE.yaml` files, by CODE.
    translated_strings: BTreeMap<String, BTreeMap<String, String>>,
}

/// The names of the themes compiled into the binary.
pub fn built_in_names() -> Vec<String> {
    BUILT_IN
        .dirs()
        .map(|d| d.path().display().to_string())
        .collect()
}

/// The theme `name` and the themes it extends, each loaded: `name` first.
fn theme_chain(
    name: &str,
    site_dirs: &[PathBuf],
    show_root: &Path,
) -> Result<Vec<ThemeLayer>, Vec<Diagnostic>> {
    let mut layers = Vec::new();
    let mut next = Some(name.to_string());
    while let Some(current) = next.take() {
        if layers.iter().any(|l: &ThemeLayer| l.name == current) {
            let cycle: Vec<&str> = layers
                .iter()
                .map(|l| l.name.as_str())
                .chain([current.as_str()])
                .collect();
            return Err(vec![Diagnostic::error(
                "theme",
                format!(
                    "themes extend each other in a circle: {}",
                    cycle.join(" → ")
                ),
            )
            .in_file("site.yaml")
            .with_hint("remove `extends:` from one of these themes' theme.yaml")]);
        }
        let layer = load_layer(&current, site_dirs, show_root).map_err(|mut d| {
            if let Some(child) = layers.last() {
                d[0].message = format!(
                    "theme `{}` extends `{current}`, which {}",
                    child.name, d[0].message
                );
            }
            d
        })?;
        next = layer.manifest.extends.clone();
        layers.push(layer);
    }
    Ok(layers)
}

/// Resolve `name` for the site at `site_dir` (shown to the editor relative to `show_root`),
/// with the site's own `templates/` and `static/` folders on top.
pub fn load(name: &str, site_dirs: &[PathBuf], show_root: &Path) -> Result<Theme, Vec<Diagnostic>> {
    let layers = theme_chain(name, site_dirs, show_root)?;
    let mut theme = Theme {
        chain: layers.iter().map(|l| l.name.clone()).collect(),
        ..Theme::default()
    };
    for layer in layers.iter().rev() {
        for (tpl, text, origin) in &layer.templates {
            theme.templates.insert(
                format!("{}/{tpl}", layer.name),
                (text.clone(), origin.clone()),
            );
            theme
                .templates
                .insert(tpl.clone(), (text.clone(), origin.clone()));
        }
        theme
            .static_files
            .extend(layer.static_files.iter().cloned());
        theme.strings.extend(layer.strings.clone());
        let own = layer.manifest.language.as_deref().unwrap_or("en");
        for (code, strings) in [(own, &layer.strings)].into_iter().chain(
            layer
                .translated_strings
                .iter()
                .map(|(c, s)| (c.as_str(), s)),
        ) {
            theme
                .strings_by_language
                .entry(code.to_string())
                .or_default()
                .extend(strings.clone());
        }
    }
    let mut problems = Vec::new();
    for dir in site_dirs {
        let (templates, p) = walk(&dir.join(layers::TEMPLATES), dir, show_root);
        problems.extend(p);
        for found in templates {
            match read_text(&found, show_root) {
                Ok(file) => {
                    theme
                        .templates
                        .insert(found.rel.clone(), (file.text, file.display));
                }
                Err(d) => problems.push(d),
            }
        }
        let (statics, p) = walk(&dir.join(layers::STATIC), dir, show_root);
        problems.extend(p);
        for FoundFile { rel, abs } in statics {
            theme.static_files.insert(rel, StaticSource::Disk(abs));
        }
    }
    if problems.is_empty() {
        Ok(theme)
    } else {
        Err(problems)
    }
}

/// A site-local theme (`themes/NAME` in the site or a pack it extends) or a built-in one.
fn load_layer(
    name: &str,
    site_dirs: &[PathBuf],
    show_root: &Path,
) -> Result<ThemeLayer, Vec<Diagnostic>> {
    if name.is_empty() || name.contains(['/', '\\']) || name.contains("..") {
        return Err(vec![Diagnostic::error(
            "theme",
            format!("`{name}` is not a theme name"),
        )
        .in_file("site.yaml")
        .with_hint("name a built-in theme or a folder under themes/")]);
    }
    if let Some((dir, root)) = layers::local_theme(site_dirs, name) {
        check_inside(&root, dir, show_root, LinkUse::Folder).map_err(|d| vec![d])?;
        return load_local_layer(name, &root, dir, show_root);
    }
    match BUILT_IN.get_dir(name) {
        Some(dir) => load_built_in_layer(name, dir),
        None => Err(vec![Diagnostic::error(
            "theme",
            format!("is not a theme: there is no theme called `{name}`"),
        )
        .in_file("site.yaml")
        .with_hint(format!(
            "use one of the built-in themes ({}) or create themes/{name}/ in the site folder",
            built_in_names().join(", ")
        ))]),
    }
}

fn load_local_layer(
    name: &str,
    root: &Path,
    site_dir: &Path,
    show_root: &Path,
) -> Result<ThemeLayer, Vec<Diagnostic>> {
    let mut problems = Vec::new();
    let manifest_path = root.join("theme.yaml");
    let manifest = if manifest_path.is_file() {
        let found = FoundFile {
            rel: "theme.yaml".into(),
            abs: manifest_path,
        };
        read_text(&found, show_root)
            .and_then(|f| parse_manifest(&f.text, &f.display))
            .map_err(|d| vec![d])?
    } else {
        ThemeManifest::default()
    };
    let mut templates = Vec::new();
    let (found, p) = walk(&root.join("templates"), site_dir, show_root);
    problems.extend(p);
    for f in found {
        match read_text(&f, show_root) {
            Ok(file) => templates.push((f.rel, file.text, file.display)),
            Err(d) => problems.push(d),
        }
    }
    let (found, p) = walk(&root.join("static"), site_dir, show_root);
    problems.extend(p);
    let static_files = found
        .into_iter()
        .map(|f| (f.rel, StaticSource::Disk(f.abs)))
        .collect();
    let strings_path = root.join("strings.yaml");
    let strings = if strings_path.is_file() {
        let found = FoundFile {
            rel: "strings.yaml".into(),
            abs: strings_path,
        };
        match read_text(&found, show_root).and_then(|f| parse_strings(&f.text, &f.display)) {
            Ok(s) => s,
            Err(d) => {
                problems.push(d);
                BTreeMap::new()
            }
        }
    } else {
        BTreeMap::new()
    };
    let translated_strings = read_translated_strings(root, show_root, &mut problems);
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(ThemeLayer {
        name: name.to_string(),
        manifest,
        templates,
        static_files,
        strings,
        translated_strings,
    })
}

/// The `strings.CODE.yaml` files of a site-local theme's folder `root`, by CODE.
fn read_translated_strings(
    root: &Path,
    show_root: &Path,
    problems: &mut Vec<Diagnostic>,
) -> BTreeMap<String, BTreeMap<String, String>> {
    let mut translated_strings = BTreeMap::new();
    let mut names: Vec<String> = std::fs::read_dir(root)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| e.file_name().into_string().ok())
        .collect();
    names.sort();
    for file_name in names {
        let Some(code) = strings_file_language(&file_name) else {
            continue;
        };
        let found = FoundFile {
            rel: file_name.clone(),
            abs: root.join(&file_name),
        };
        match read_text(&found, show_root)
            .and_then(|f| parse_translated_strings(code, &f.text, &f.display))
        {
            Ok(s) => {
                translated_strings.insert(code.to_string(), s);
            }
            Err(d) => problems.push(d),
        }
    }
    translated_strings
}

fn load_built_in_layer(
    name: &str,
    dir: &'static Dir<'static>,
) -> Result<ThemeLayer, Vec<Diagnostic>> {
    let text = |rel: &str| {
        dir.get_file(format!("{name}/{rel}"))
            .and_then(|f| f.contents_utf8())
    };
    let origin = |rel: &str| PathBuf::from(format!("(built-in theme {name})/{rel}"));
    let manifest = match text("theme.yaml") {
        Some(t) => parse_manifest(t, &origin("theme.yaml")).map_err(|d| vec![d])?,
        None => ThemeManifest::default(),
    };
    let strings = match text("strings.yaml") {
        Some(t) => parse_strings(t, &origin("strings.yaml")).map_err(|d| vec![d])?,
        None => BTreeMap::new(),
    };
    let mut translated_strings = BTreeMap::new();
    for file in dir.files() {
        let file_name = file.path().file_name().and_then(|n| n.to_str());
        if let (Some(code), Some(text)) = (
            file_name.and_then(strings_file_language),
            file.contents_utf8(),
        ) {
            let shown = origin(file_name.unwrap_or_default());
            let parsed = parse_translated_strings(code, text, &shown).map_err(|d| vec![d])?;
            translated_strings.insert(code.to_string(), parsed);
        }
    }
    let mut templates = Vec::new();
    let mut static_files = Vec::new();
    collect_embedded(dir, &mut |path, bytes| {
        let rel = path
            .strip_prefix(name)
            .unwrap_or(path)
            .to_string_lossy()
            .replace('\\', "/");
        if let Some(tpl) = rel.strip_prefix("templates/") {
            templates.push((
                tpl.to_string(),
                String::from_utf8_lossy(bytes).into_owned(),
                origin(&rel),
            ));
        } else if let Some(file) = rel.strip_prefix("static/") {
            static_files.push((file.to_string(), StaticSource::BuiltIn(bytes)));
        }
    });
    Ok(ThemeLayer {
        name: name.to_string(),
        manifest,
        templates,
        static_files,
        strings,
        translated_strings,
    })
}

fn collect_embedded(dir: &'static Dir<'static>, visit: &mut dyn FnMut(&Path, &'static [u8])) {
    for file in dir.files() {
        visit(file.path(), file.contents());
    }
    for sub in dir.dirs() {
        collect_embedded(sub, visit);
    }
}

fn parse_manifest(text: &str, display: &Path) -> Result<ThemeManifest, Diagnostic> {
    let manifest: ThemeManifest =
        yaml::parse(text, 1).map_err(|e| e.diagnostic("theme", display))?;
    match manifest.language.as_deref().map(crate::locale::parse_code) {
        Some(Err(e)) => Err(Diagnostic::error("theme", format!("language: {e}"))
            .in_file(display)
            .at_line(yaml::key_line(text, "language", 1))
            .with_hint(e.hint())),
        _ => Ok(manifest),
    }
}

impl Theme {
    /// The theme's own strings for the language `code`: those of
    /// `strings.CODE.yaml`, else of the code without its region (`cy-GB` →
    /// `cy`, `pa-Arab-PK` → `pa-Arab`, never `pa`: a script is kept). None
    /// when the theme has no strings in that language.
    pub fn strings_for(&self, code: &str) -> Option<&BTreeMap<String, String>> {
        self.strings_by_language.get(code).or_else(|| {
            let mut id = crate::locale::parse_code(code).ok()?;
            id.region = None;
            id.variants.clear();
            self.strings_by_language.get(&id.to_string())
        })
    }
}

/// `cy` for `strings.cy.yaml`.
fn strings_file_language(file_name: &str) -> Option<&str> {
    file_name
        .strip_prefix("strings.")?
        .strip_suffix(".yaml")
        .filter(|code| !code.is_empty())
}

/// `strings.CODE.yaml`: a language code the file name spells right, and `key: text` lines.
fn parse_translated_strings(
    code: &str,
    text: &str,
    display: &Path,
) -> Result<BTreeMap<String, String>, Diagnostic> {
    if let Err(e) = crate::locale::parse_code(code) {
        return Err(Diagnostic::error("theme", format!("in its file name, {e}"))
            .in_file(display)
            .with_hint(format!(
                "name the file strings.CODE.yaml with CODE the language's code: {}",
                e.hint()
            )));
    }
    parse_strings(text, display)
}

fn parse_strings(text: &str, display: &Path) -> Result<BTreeMap<String, String>, Diagnostic> {
    yaml::parse(text, 1).map_err(|e| {
        e.diagnostic("theme", display)
            .with_hint("strings.yaml is a list of `key: text` lines")
    })
}
