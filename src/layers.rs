//! The site's layer chain: the site folder and the packs it extends
//! (`extends:` in site.yaml), root pack first, the site itself last, as
//! `pack::resolve` finds them once per build. This is the one place that
//! says where in a layer each kind of file lives, for loading, for themes
//! and for watching the folders.

use std::path::{Path, PathBuf};

/// Each layer's settings, merged key by key.
pub const CONFIG: &str = "site.yaml";
/// The pages and the files beside them.
pub const CONTENT: &str = "content";
/// Data files: the services registry.
pub const DATA: &str = "data";
/// The services registry, in [`DATA`].
pub const SERVICES: &str = "services.yaml";
/// Files copied as they are.
pub const STATIC: &str = "static";
/// Templates over the theme's.
pub const TEMPLATES: &str = "templates";
/// Site-local themes, one folder each.
pub const THEMES: &str = "themes";

/// Each layer's folder `name` (e.g. [`CONTENT`]) with the layer it is in, root pack first.
pub fn folders<'a>(
    layers: &'a [PathBuf],
    name: &'a str,
) -> impl Iterator<Item = (&'a Path, PathBuf)> + 'a {
    layers
        .iter()
        .map(move |dir| (dir.as_path(), dir.join(name)))
}

/// The file in [`DATA`] with the text of the services in the language `code`.
pub fn services_translation(code: &str) -> String {
    format!("services.{code}.yaml")
}

/// The folder of the site-local theme `name` with its layer: the site's
/// own, else that of the pack nearest to the site.
pub fn local_theme<'a>(layers: &'a [PathBuf], name: &str) -> Option<(&'a Path, PathBuf)> {
    layers.iter().rev().find_map(|dir| {
        let root = dir.join(THEMES).join(name);
        root.is_dir().then_some((dir.as_path(), root))
    })
}

/// The site's own folder: sources are named relative to it.
pub fn site(layers: &[PathBuf]) -> Option<&Path> {
    layers.last().map(PathBuf::as_path)
}
