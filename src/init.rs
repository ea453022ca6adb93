//! `signpost init DIR [--languages en,cy]`: write the example site, compiled
//! into the binary, as a starter that builds as it is; with more than one
//! language, each page's translation beside it (`starter/CODE/`) and the
//! language's text in site.yaml. Never overwrites anything.

use crate::locale::{parse_code, CodeError};
use include_dir::{include_dir, Dir};
use std::fs;
use std::path::Path;

static CONTENT: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/example-content/content");
static DATA: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/example-content/data");
static STATIC: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/example-content/static");
const SITE_YAML: &str = include_str!("../example-content/site.yaml");
/// The starter in other languages: `starter/CODE/` holds `content/` (each
/// page's translation, at the page's path, named `NAME.CODE.md`),
/// `data/services.CODE.yaml` and `language.yaml` (its `languages.CODE` text).
static TRANSLATIONS: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/starter");
/// The line of the example's site.yaml that names its language.
const LANGUAGE_LINE: &str = "language: en-GB\n";
/// The built-in theme the starter uses (`theme:` in its site.yaml), and its
/// English strings, to be translated into a language it has none in.
const STARTER_THEME: &str = "default";
const ENGLISH_STRINGS: &str = include_str!("../themes/default/strings.yaml");

#[derive(Debug, thiserror::Error)]
pub enum InitError {
    #[error("{0} already exists and is not empty")]
    NotEmpty(String),
    #[error("cannot write {0}: {1}")]
    Io(String, std::io::Error),
    #[error("--languages: {0}")]
    Code(CodeError),
    #[error("--languages names `{0}` twice")]
    Repeated(String),
    #[error("--languages: the starter's pages are in English, so the first language (the site's default) must be English, not `{0}`")]
    DefaultNotEnglish(String),
}

impl InitError {
    pub fn hint(&self) -> String {
        match self {
            InitError::NotEmpty(_) => {
                "name a new or empty folder; signpost init never overwrites files".into()
            }
            InitError::Io(..) => "check that the folder can be written and the disk has space".into(),
            InitError::Code(e) => e.hint(),
            InitError::Repeated(_) => "name each language once, the default first, e.g. --languages en,cy".into(),
            InitError::DefaultNotEnglish(_) => "put English first, e.g. --languages en,cy: the other languages' pages are written beside the English ones".into(),
        }
    }
}

/// What a written starter still needs before it builds in every language.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Written {
    /// How many files were written.
    pub files: usize,
    /// Every language of the site, the default first.
    pub languages: Vec<String>,
    /// Languages the theme has no strings for: site.yaml lists each string,
    /// in English and commented out, to translate.
    pub needs_strings: Vec<String>,
    /// Languages the starter has no pages in.
    pub needs_pages: Vec<String>,
}

/// The languages `--languages` names, each checked and in the one spelling
/// site.yaml and file names use, the default first. The default must be
/// English, as the starter's pages are; plain `en` is `en-GB`, the English
/// the starter is written in (its dates are "1 October 2026").
pub fn parse_languages(codes: &[String]) -> Result<Vec<String>, InitError> {
    let mut out: Vec<String> = Vec::new();
    for code in codes {
        let id = parse_code(code.trim()).map_err(InitError::Code)?;
        let code = if out.is_empty() && id.to_string() == "en" {
            "en-GB".to_string()
        } else {
            id.to_string()
        };
        if out.is_empty() && id.language.as_str() != "en" {
            return Err(InitError::DefaultNotEnglish(code));
        }
        if out.contains(&code) {
            return Err(InitError::Repeated(code));
        }
        out.push(code);
    }
    if out.is_empty() {
        out.push("en-GB".into());
    }
    Ok(out)
}

/// Write the starter site into `dir`, which must be new or empty, in
/// `languages` (from [`parse_languages`]; the default first).
pub fn write_starter(dir: &Path, languages: &[String]) -> Result<Written, InitError> {
    let shown = dir.display().to_string();
    if dir.exists() && fs::read_dir(dir).map_or(true, |mut d| d.next().is_some()) {
        return Err(InitError::NotEmpty(shown));
    }
    let (default, others) = match languages.split_first() {
        Some((default, others)) => (default.as_str(), others),
        None => ("en-GB", &[][..]),
    };
    let theme = crate::theme::load(STARTER_THEME, &[], Path::new("")).ok();
    let mut written = Written {
        languages: std::iter::once(default.to_string())
            .chain(others.iter().cloned())
            .collect(),
        ..Written::default()
    };
    let mut site_yaml = SITE_YAML.replacen(LANGUAGE_LINE, &format!("language: {default}\n"), 1);
    if !others.is_empty() {
        site_yaml.push_str(LANGUAGES_HEADER);
    }
    for code in others {
        let has_strings = theme
            .as_ref()
            .is_some_and(|t| t.strings_for(code).is_some());
        let starter = starter_for(code);
        site_yaml.push_str(&language_block(code, starter, has_strings));
        if !has_strings {
            written.needs_strings.push(code.clone());
        }
        if starter.is_none() {
            written.needs_pages.push(code.clone());
        }
    }
    if !others.is_empty() {
        site_yaml.push_str(if written.needs_pages.is_empty() {
            TRANSLATIONS_REQUIRED
        } else {
            TRANSLATIONS_OPTIONAL
        });
    }

    fs::create_dir_all(dir).map_err(|e| InitError::Io(shown.clone(), e))?;
    write_file(&dir.join("site.yaml"), site_yaml.as_bytes())?;
    written.files = 1;
    for (name, tree) in [("content", &CONTENT), ("data", &DATA), ("static", &STATIC)] {
        written.files += write_tree(tree, &dir.join(name), &|name| name.to_string())?;
    }
    for code in others {
        let Some(starter) = starter_for(code) else {
            continue;
        };
        let from = starter.path().display().to_string();
        let rename = |name: &str| rename_for(name, &from, code);
        for name in ["content", "data"] {
            if let Some(tree) = starter.get_dir(starter.path().join(name)) {
                written.files += write_tree(tree, &dir.join(name), &rename)?;
            }
        }
    }
    Ok(written)
}

const LANGUAGES_HEADER: &str = "
# The site's other languages (README, \"Languages\"). Each page's translation
# sits beside it (content/about/signs.cy.md for content/about/signs.md) and is
# published under /CODE/; its `slug:` names its own address.
languages:
";

const TRANSLATIONS_REQUIRED: &str =
    "translations: required   # a page missing in a language fails the build\n";

const TRANSLATIONS_OPTIONAL: &str = "\
# optional while pages are being translated: a page with no translation is a
# warning, and its language switcher leaves that language out. Change it to
# `required` once every page has its translations.
translations: optional
";

/// The starter's files in language `code`: `starter/cy/` for `cy` and `cy-GB`.
fn starter_for(code: &str) -> Option<&'static Dir<'static>> {
    let language = code.split('-').next().unwrap_or(code);
    TRANSLATIONS
        .get_dir(code)
        .or_else(|| TRANSLATIONS.get_dir(language))
}

/// `signs.cy.md` as it is named for the code `code` (`signs.cy-GB.md`).
fn rename_for(name: &str, from: &str, code: &str) -> String {
    for ext in ["md", "yaml"] {
        if let Some(stem) = name.strip_suffix(&format!(".{from}.{ext}")) {
            return format!("{stem}.{code}.{ext}");
        }
    }
    name.to_string()
}

/// `languages.CODE` in site.yaml: the starter's text in that language, or,
/// for a language the starter is not written in, each key to write, commented
/// out; and, for a language the theme has no strings in, every string, in
/// English and commented out, to translate. Until they are written the build
/// stops and names the missing strings: a page never mixes languages.
fn language_block(code: &str, starter: Option<&'static Dir<'static>>, has_strings: bool) -> String {
    let indent = |text: &str| -> String {
        text.lines()
            .map(|l| {
                if l.is_empty() {
                    "\n".to_string()
                } else {
                    format!("    {l}\n")
                }
            })
            .collect()
    };
    let own = starter
        .and_then(|s| s.get_file(s.path().join("language.yaml")))
        .and_then(|f| f.contents_utf8());
    let mut block = format!("  {code}:\n");
    match own {
        Some(text) => block.push_str(&indent(text)),
        None => block.push_str(&indent(&format!(
            "# The site's text in `{code}`: write each line in this language, then remove its \"#\".\n\
             # title: Stalking and harassment support\n\
             # brand: {{ name: Northbridge University }}\n\
             # quick_exit: {{ label: Leave this site, url: https://www.bbc.co.uk/weather }}   # a busy, neutral site in this language\n\
             # accessibility: {{ reply_within: 5 working days, tested: {{ by: Northbridge Digital Team }} }}\n"
        ))),
    }
    if !has_strings {
        block.push_str(&indent(&format!(
            "# The theme has no interface strings in `{code}`, so each one is needed\n\
             # here. Until every one is written, the build stops and names those\n\
             # still missing: no `{code}` page ever shows an English word. Each line\n\
             # below is a key and its English text: remove the \"#\" and write the\n\
             # text in this language instead. Keep any {{placeholder}} as it is.\n\
             strings:\n"
        )));
        block.push_str(&commented_strings());
    }
    block
}

/// The starter theme's English strings as site.yaml lines under `strings:`,
/// in their file's order and groups: each `key: "text"` line commented out
/// with `# ` (to uncomment and translate), the file's own notes with `## `.
fn commented_strings() -> String {
    let mut out = String::new();
    // The file's first paragraph is about the file itself.
    let groups = ENGLISH_STRINGS
        .split_once("\n\n")
        .map_or("", |(_, rest)| rest);
    for line in groups.lines() {
        match line.strip_prefix('#') {
            _ if line.trim().is_empty() => out.push('\n'),
            Some(note) => out.push_str(&format!("      ##{note}\n")),
            None => out.push_str(&format!("      # {line}\n")),
        }
    }
    out
}

fn write_file(target: &Path, bytes: &[u8]) -> Result<(), InitError> {
    let io = |e| InitError::Io(target.display().to_string(), e);
    if let Some(parent) = target.parent() {
        fs::create_dir_all(parent).map_err(io)?;
    }
    fs::write(target, bytes).map_err(io)
}

/// Write every file of `tree` under `root`, at its path inside the tree
/// (relative to the tree's own folder), its file name passed through `rename`.
fn write_tree(
    tree: &Dir<'static>,
    root: &Path,
    rename: &dyn Fn(&str) -> String,
) -> Result<usize, InitError> {
    write_below(tree, tree.path(), root, rename)
}

fn write_below(
    tree: &Dir<'static>,
    top: &Path,
    root: &Path,
    rename: &dyn Fn(&str) -> String,
) -> Result<usize, InitError> {
    let mut written = 0;
    for file in tree.files() {
        let inside = file.path().strip_prefix(top).unwrap_or(file.path());
        let name = inside
            .file_name()
            .map(|n| rename(&n.to_string_lossy()))
            .unwrap_or_default();
        let target = root.join(inside).with_file_name(name);
        write_file(&target, file.contents())?;
        written += 1;
    }
    for sub in tree.dirs() {
        written += write_below(sub, top, root, rename)?;
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::SiteConfig;
    use std::collections::BTreeSet;

    fn codes(list: &str) -> Result<Vec<String>, InitError> {
        parse_languages(&list.split(',').map(String::from).collect::<Vec<_>>())
    }

    fn site_yaml(dir: &Path) -> (String, SiteConfig) {
        let text = fs::read_to_string(dir.join("site.yaml")).unwrap();
        let config = crate::yaml::parse(&text, 1).unwrap();
        (text, config)
    }

    /// Every file under `root`, as a path relative to it.
    fn files(root: &Path) -> BTreeSet<String> {
        let mut out = BTreeSet::new();
        let mut todo = vec![root.to_path_buf()];
        while let Some(dir) = todo.pop() {
            for entry in fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    todo.push(path);
                } else {
                    out.insert(path.strip_prefix(root).unwrap().display().to_string());
                }
            }
        }
        out
    }

    #[test]
    fn languages_are_checked_and_the_default_is_english() {
        assert_eq!(codes("en,cy").unwrap(), ["en-GB", "cy"]);
        assert_eq!(codes("en-GB,cy,ar").unwrap(), ["en-GB", "cy", "ar"]);
        assert_eq!(codes("en-US").unwrap(), ["en-US"]);
        assert_eq!(parse_languages(&[]).unwrap(), ["en-GB"]);
        let shown = |e: InitError| (e.to_string(), e.hint());
        let (message, hint) = shown(codes("en,CY").unwrap_err());
        assert_eq!(
            message,
            "--languages: `CY` is not written as a language code is"
        );
        assert_eq!(hint, "write it as `cy`");
        let (message, hint) = shown(codes("en,Welsh").unwrap_err());
        assert_eq!(message, "--languages: `Welsh` is not a language code");
        assert!(hint.contains("`cy` for Welsh"), "{hint}");
        let (message, hint) = shown(codes("cy,en").unwrap_err());
        assert!(message.contains("must be English, not `cy`"), "{message}");
        assert!(hint.contains("--languages en,cy"), "{hint}");
        assert_eq!(
            codes("en,cy,cy").unwrap_err().to_string(),
            "--languages names `cy` twice"
        );
        assert_eq!(
            codes("en,en-GB").unwrap_err().to_string(),
            "--languages names `en-GB` twice"
        );
        assert!(matches!(codes("en,,cy"), Err(InitError::Code(_))));
    }

    #[test]
    fn every_starter_page_has_its_welsh_translation_and_no_other() {
        let english: BTreeSet<String> = files_of(&CONTENT)
            .into_iter()
            .map(|p| p.replace(".md", ".cy.md"))
            .collect();
        let welsh = files_of(TRANSLATIONS.get_dir("cy/content").unwrap());
        let welsh: BTreeSet<String> = welsh
            .into_iter()
            .map(|p| p.trim_start_matches("cy/content/").to_string())
            .collect();
        assert_eq!(english, welsh);
        let services = TRANSLATIONS
            .get_file("cy/data/services.cy.yaml")
            .and_then(|f| f.contents_utf8())
            .unwrap();
        let ids = |text: &str| -> BTreeSet<String> {
            text.lines()
                .filter_map(|l| l.strip_prefix("- id: "))
                .map(String::from)
                .collect()
        };
        let english_ids = ids(DATA
            .get_file("services.yaml")
            .unwrap()
            .contents_utf8()
            .unwrap());
        assert_eq!(ids(services), english_ids, "a Welsh text for every service");
    }

    fn files_of(dir: &Dir<'static>) -> BTreeSet<String> {
        let mut out: BTreeSet<String> = dir
            .files()
            .map(|f| f.path().display().to_string())
            .collect();
        for sub in dir.dirs() {
            out.extend(files_of(sub));
        }
        out
    }

    #[test]
    fn a_bilingual_starter_writes_each_translation_and_the_welsh_text() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        let written = write_starter(&site, &codes("en,cy").unwrap()).unwrap();
        assert_eq!(
            (written.needs_strings.len(), written.needs_pages.len()),
            (0, 0)
        );
        let all = files(&site);
        assert_eq!(written.files, all.len());
        for page in [
            "content/_index.cy.md",
            "content/about/signs.cy.md",
            "content/law/_index.cy.md",
            "data/services.cy.yaml",
        ] {
            assert!(all.contains(page), "{page}: {all:?}");
        }
        let (text, config) = site_yaml(&site);
        assert_eq!(config.language, "en-GB");
        assert_eq!(
            config.translations,
            crate::languages::Translations::Required
        );
        let cy = config.for_language("cy").unwrap();
        assert_eq!(cy.title, "Cymorth stelcian ac aflonyddu");
        assert_eq!(cy.brand.name, "Prifysgol Northbridge");
        assert_eq!(cy.quick_exit.url, "https://www.bbc.co.uk/cymrufyw");
        assert_eq!(cy.quick_exit.label, "Gadael y wefan hon");
        assert!(
            cy.strings.is_empty(),
            "the theme's Welsh strings, none of its own"
        );
        assert!(
            crate::languages::validate(&config, &text).is_empty(),
            "{:?}",
            crate::languages::validate(&config, &text)
        );
        let theme = crate::theme::load(STARTER_THEME, &[], Path::new("")).unwrap();
        assert!(crate::languages::check_strings(&theme, &config, &text).is_empty());
        // The example's own text is unchanged above the languages.
        assert!(text.starts_with(SITE_YAML), "{text}");
    }

    #[test]
    fn a_language_without_strings_or_pages_gets_each_to_write_and_builds_nothing_mixed() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        let written = write_starter(&site, &codes("en,cy-GB,pl").unwrap()).unwrap();
        assert_eq!(written.needs_strings, ["pl"]);
        assert_eq!(written.needs_pages, ["pl"]);
        let all = files(&site);
        assert!(all.contains("content/about/signs.cy-GB.md"), "{all:?}");
        assert!(all.contains("data/services.cy-GB.yaml"), "{all:?}");
        assert!(
            !all.iter().any(|f| f.contains(".pl.")),
            "no Polish page: {all:?}"
        );
        let (text, config) = site_yaml(&site);
        assert_eq!(
            config.translations,
            crate::languages::Translations::Optional
        );
        let pl = &config.languages["pl"];
        assert!(
            pl.title.is_none() && pl.strings.is_empty(),
            "only comments: {pl:?}"
        );
        let theme = crate::theme::load(STARTER_THEME, &[], Path::new("")).unwrap();
        assert!(
            text.contains("      # quick_exit.label: \"Leave this site\"\n"),
            "{text}"
        );
        assert!(
            text.contains("      ## The search page"),
            "the file's notes kept: {text}"
        );
        // Each line, uncommented, is a string of the right key.
        let uncommented: String = text
            .lines()
            .map(|l| match l.strip_prefix("      # ") {
                Some(rest) => format!("      {rest}\n"),
                None => format!("{l}\n"),
            })
            .collect();
        let config: SiteConfig = crate::yaml::parse(&uncommented, 1).unwrap();
        assert_eq!(config.languages["pl"].strings, theme.strings);
        // As written, the build stops at the missing strings, in `pl` only.
        let (text, config) = site_yaml(&site);
        let missing = crate::languages::check_strings(&theme, &config, &text);
        assert_eq!(missing.len(), 1, "{missing:?}");
        assert!(
            missing[0].message.contains("have no `pl` text"),
            "{}",
            missing[0].message
        );
    }

    #[test]
    fn one_language_is_the_example_as_it_is() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        let written = write_starter(&site, &codes("en").unwrap()).unwrap();
        assert_eq!(written.languages, ["en-GB"]);
        assert_eq!(
            fs::read_to_string(site.join("site.yaml")).unwrap(),
            SITE_YAML
        );
        assert!(SITE_YAML.contains(LANGUAGE_LINE));
        assert!(!files(&site).iter().any(|f| f.contains(".cy.")));
    }

    #[test]
    fn file_names_follow_the_code() {
        assert_eq!(rename_for("signs.cy.md", "cy", "cy-GB"), "signs.cy-GB.md");
        assert_eq!(
            rename_for("services.cy.yaml", "cy", "cy"),
            "services.cy.yaml"
        );
        assert_eq!(rename_for("logo.svg", "cy", "cy-GB"), "logo.svg");
    }
}
