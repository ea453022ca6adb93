//! The site model: which pages exist, their URLs and output paths, sections
//! and their order, aliases, and collisions between any of them. Pure data.

use crate::diagnostics::Diagnostic;
use crate::frontmatter::ParsedPage;
use crate::locale::Locales;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageKind {
    Home,
    Section,
    Page,
}

impl PageKind {
    pub fn name(self) -> &'static str {
        match self {
            PageKind::Home => "home",
            PageKind::Section => "section",
            PageKind::Page => "page",
        }
    }
}

/// A page with its place in the site; its Markdown is not rendered yet.
#[derive(Debug, Clone)]
pub struct Page {
    pub source: ParsedPage,
    pub kind: PageKind,
    /// Language of a translation (`signs.cy.md` → `cy`); None for the site's language.
    pub translation: Option<String>,
    /// Path below the site root, `""` for home, else ending in `/` (`law/scotland/`).
    pub path: String,
    pub parent: Option<usize>,
    /// Child pages and sections, in order (weight, then title).
    pub pages: Vec<usize>,
    pub subsections: Vec<usize>,
}

impl Page {
    pub fn output_file(&self) -> String {
        format!("{}index.html", self.path)
    }

    pub fn title(&self) -> &str {
        &self.source.front.title
    }

    /// The source path of the default language's page this page is, or
    /// translates: `law/signs.cy.md` → `law/signs.md`. Its counterparts in
    /// the other languages share it.
    pub fn original(&self) -> String {
        original_of(&self.source.file.rel)
    }
}

/// `law/signs.cy.md` → `law/signs.md`; `law/signs.md` stays.
pub fn original_of(rel: &str) -> String {
    let (dir, file) = rel.rsplit_once('/').map_or(("", rel), |(d, f)| (d, f));
    let stem = file.strip_suffix(".md").unwrap_or(file);
    let (stem, _) = split_translation(stem);
    match dir {
        "" => format!("{stem}.md"),
        dir => format!("{dir}/{stem}.md"),
    }
}

/// Why a link to a page's file finds no page: the diagnostic's code, the
/// end of the sentence "points to content/REL, which ...", and a hint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MissingPage {
    pub code: &'static str,
    pub why: String,
    pub hint: String,
}

#[derive(Debug, Clone, Default)]
pub struct SiteModel {
    pub pages: Vec<Page>,
    by_source: HashMap<String, usize>,
    by_path: HashMap<String, usize>,
    /// Alias path (below the site root, ending `/`) → page it redirects to.
    pub aliases: BTreeMap<String, usize>,
    /// Pages of the content folders left out before the model was built.
    left_out: LeftOut,
    /// Drafts left out of this build, by path under content/.
    drafts: BTreeSet<String>,
    /// Pages left out because another page has their URL: path under
    /// content/ → the file shown for the page that has it.
    shadowed: BTreeMap<String, String>,
    /// The slug of each translated section that sets one, by (language,
    /// folder under content/): it renames the folder for the translation's
    /// pages below it (`law/_index.cy.md` with `slug: cyfraith` → `cy/cyfraith/...`).
    section_slugs: SectionSlugs,
    /// The pages of each original (see [`Page::original`]), in every language.
    counterparts: HashMap<String, Vec<usize>>,
    /// The alphabetical order of each language of a site in more than one
    /// (titles of pages and sections are sorted by it); None: a site in one
    /// language, sorted by lower-cased title.
    collation: Option<Arc<Locales>>,
}

type SectionSlugs = HashMap<(String, String), String>;

/// Pages of the content folders that are not in the model for a reason
/// known before it is built, so that links to them can say why they fail.
#[derive(Debug, Clone, Default)]
pub struct LeftOut {
    /// Pack pages this site hides, by path under content/.
    pub hidden: BTreeSet<String>,
    /// Pages whose front matter could not be read (already reported), by path under content/.
    pub unreadable: BTreeSet<String>,
}

impl SiteModel {
    /// Place every parsed page; report drafts left out, collisions and bad slugs.
    pub fn build(
        parsed: Vec<ParsedPage>,
        include_drafts: bool,
        left_out: LeftOut,
    ) -> (SiteModel, Vec<Diagnostic>) {
        let mut problems = Vec::new();
        let mut model = SiteModel {
            left_out,
            ..SiteModel::default()
        };
        let draft_folders = if include_drafts {
            Vec::new()
        } else {
            draft_sections(&parsed)
        };
        model.section_slugs = section_slugs(&parsed);
        for source in parsed {
            if !include_drafts && (source.front.draft || in_draft_section(&source, &draft_folders))
            {
                model.drafts.insert(source.file.rel.clone());
                continue;
            }
            if source.front.title.trim().is_empty() {
                problems.push(
                    Diagnostic::error("no-title", "the page's title is empty")
                        .in_file(&source.file.display)
                        .at_line(source.key_line("title"))
                        .with_hint("give the page a title, e.g. `title: Signs of stalking`"),
                );
            }
            match place(&source, &model.section_slugs) {
                Ok((kind, path, translation)) => {
                    if let Some(&other) = model.by_path.get(&path) {
                        let other = &model.pages[other].source;
                        problems.push(collision(&source, other, &path));
                        model.shadowed.insert(
                            source.file.rel.clone(),
                            other.file.display.display().to_string(),
                        );
                        continue;
                    }
                    let index = model.pages.len();
                    model.by_source.insert(source.file.rel.clone(), index);
                    model.by_path.insert(path.clone(), index);
                    model
                        .counterparts
                        .entry(original_of(&source.file.rel))
                        .or_default()
                        .push(index);
                    model.pages.push(Page {
                        source,
                        kind,
                        translation,
                        path,
                        parent: None,
                        pages: Vec::new(),
                        subsections: Vec::new(),
                    });
                }
                Err(d) => problems.push(d),
            }
        }
        if !model.pages.iter().any(|p| p.kind == PageKind::Home) {
            problems.push(
                Diagnostic::error("no-home", "the site has no home page")
                    .in_file("content/_index.md")
                    .with_hint("create content/_index.md with a title; it becomes the home page"),
            );
        }
        model.link_parents();
        problems.extend(model.collect_aliases());
        (model, problems)
    }

    pub fn by_source(&self, rel: &str) -> Option<usize> {
        self.by_source.get(rel).copied()
    }

    /// The page made from `rel` (a path under content/ ending `.md`), or why
    /// there is none; None when its own error is already reported.
    pub fn missing_page(&self, rel: &str) -> Option<Result<usize, MissingPage>> {
        if let Some(index) = self.by_source(rel) {
            return Some(Ok(index));
        }
        if self.left_out.unreadable.contains(rel) {
            return None;
        }
        let (code, why, hint) = if self.left_out.hidden.contains(rel) {
            (
                "hidden-link",
                "this site hides (`hide:` in site.yaml)".into(),
                "remove the link, replace this page with your own version, or stop hiding the page"
                    .into(),
            )
        } else if self.drafts.contains(rel) {
            (
                "broken-link",
                "is a draft: it is left out unless built with --drafts".into(),
                "publish the page (remove `draft: true`), or remove the link until it is".into(),
            )
        } else if let Some(other) = self.shadowed.get(rel) {
            (
                "broken-link",
                format!("is left out: {other} has the same address"),
                "give one of the two pages a different `slug:` or file name".into(),
            )
        } else if let Some(near) = self.by_source.keys().find(|k| k.eq_ignore_ascii_case(rel)) {
            let name = near.rsplit('/').next().unwrap_or(near);
            (
                "broken-link",
                "does not exist".into(),
                format!("did you mean `{name}`? Names of files must match in upper and lower case"),
            )
        } else {
            (
                "broken-link",
                "does not exist".into(),
                match rel.rsplit_once('/') {
                    Some(_) => "check the file name and the `../` steps; paths are relative to this file's folder",
                    None => "check the file name; paths are relative to this file's folder",
                }
                .into(),
            )
        };
        Some(Err(MissingPage { code, why, hint }))
    }

    pub fn by_path(&self, path: &str) -> Option<usize> {
        self.by_path.get(path).copied()
    }

    pub fn home(&self) -> Option<usize> {
        self.by_path("")
    }

    /// The home page of a language (None: the default language's, at the root).
    pub fn home_of(&self, translation: Option<&str>) -> Option<usize> {
        match translation {
            None => self.home(),
            Some(code) => self.by_path(&format!("{code}/")),
        }
    }

    /// Page `index` in every language it exists in, itself included, in the
    /// order of the model.
    pub fn counterparts(&self, index: usize) -> &[usize] {
        self.counterparts
            .get(&self.pages[index].original())
            .map_or(&[], Vec::as_slice)
    }

    /// The counterpart of page `index` in language `translation` (None: the default's).
    pub fn counterpart_in(&self, index: usize, translation: Option<&str>) -> Option<usize> {
        self.counterparts(index)
            .iter()
            .copied()
            .find(|&i| self.pages[i].translation.as_deref() == translation)
    }

    /// Every original (see [`Page::original`]) with the pages made from it, in path order.
    pub fn originals(&self) -> BTreeMap<&str, &[usize]> {
        self.counterparts
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_slice()))
            .collect()
    }

    /// Sort the children of every section by the alphabet of each language
    /// of a site in more than one (see [`SiteModel::sort_children`]).
    pub fn set_collation(&mut self, locales: Arc<Locales>) {
        self.collation = Some(locales);
        self.sort_children();
    }

    /// Sections and home first in path order, so templates and tests see a stable order.
    fn link_parents(&mut self) {
        for index in 0..self.pages.len() {
            let parent = self.parent_of(&self.pages[index]);
            self.pages[index].parent = parent;
            if let Some(p) = parent {
                if self.pages[index].kind == PageKind::Section {
                    self.pages[p].subsections.push(index);
                } else {
                    self.pages[p].pages.push(index);
                }
            }
        }
        self.sort_children();
    }

    /// Put every section's pages and subsections in order: weight, then
    /// title (in the alphabet of the section's language, when set).
    pub fn sort_children(&mut self) {
        let Some(locales) = self.collation.clone() else {
            let order: Vec<(i64, String)> = self
                .pages
                .iter()
                .map(|p| (p.source.front.weight, p.title().to_lowercase()))
                .collect();
            for page in &mut self.pages {
                page.pages.sort_by(|a, b| order[*a].cmp(&order[*b]));
                page.subsections.sort_by(|a, b| order[*a].cmp(&order[*b]));
            }
            return;
        };
        let pages = &self.pages;
        let sorted: Vec<(Vec<usize>, Vec<usize>)> = pages
            .iter()
            .map(|page| {
                let locale = locales.of(page.translation.as_deref());
                let order = |a: &usize, b: &usize| {
                    let (a, b) = (&pages[*a], &pages[*b]);
                    a.source
                        .front
                        .weight
                        .cmp(&b.source.front.weight)
                        .then_with(|| {
                            locale.map_or_else(
                                || a.title().to_lowercase().cmp(&b.title().to_lowercase()),
                                |l| l.compare(a.title(), b.title()),
                            )
                        })
                };
                let mut children = (page.pages.clone(), page.subsections.clone());
                children.0.sort_by(order);
                children.1.sort_by(order);
                children
            })
            .collect();
        for (page, (pages, subsections)) in self.pages.iter_mut().zip(sorted) {
            page.pages = pages;
            page.subsections = subsections;
        }
    }

    /// Whether `source` would be placed where page `index` is now: same kind,
    /// URL and language, and the same aliases and draft state.
    pub fn same_place(&self, index: usize, source: &ParsedPage) -> bool {
        let page = &self.pages[index];
        let old = &page.source.front;
        place(source, &self.section_slugs).is_ok_and(|(kind, path, translation)| {
            (kind, path, translation) == (page.kind, page.path.clone(), page.translation.clone())
        }) && source.front.aliases == old.aliases
            && source.front.draft == old.draft
    }

    /// The nearest section above a page (home for top-level pages), in the
    /// page's own language: a translation whose section is not translated
    /// is placed in the nearest translated one above it (the language's home
    /// at the top), so its breadcrumbs and lists never mix languages.
    fn parent_of(&self, page: &Page) -> Option<usize> {
        let index_file = match &page.translation {
            Some(code) => format!("_index.{code}.md"),
            None => "_index.md".to_string(),
        };
        if page.kind == PageKind::Home {
            return None;
        }
        let rel = &page.source.file.rel;
        let mut dir = match rel.rsplit_once('/') {
            Some((d, _)) => d.to_string(),
            None => String::new(),
        };
        if page.kind == PageKind::Section {
            dir = dir
                .rsplit_once('/')
                .map_or(String::new(), |(d, _)| d.to_string());
            if !rel.contains('/') {
                return None;
            }
        }
        loop {
            let candidate = if dir.is_empty() {
                index_file.clone()
            } else {
                format!("{dir}/{index_file}")
            };
            if let Some(i) = self.by_source(&candidate) {
                return Some(i);
            }
            if dir.is_empty() {
                return None;
            }
            dir = dir
                .rsplit_once('/')
                .map_or(String::new(), |(d, _)| d.to_string());
        }
    }

    fn collect_aliases(&mut self) -> Vec<Diagnostic> {
        let mut problems = Vec::new();
        for (index, page) in self.pages.iter().enumerate() {
            for alias in &page.source.front.aliases {
                let line = page.source.key_line("aliases");
                match alias_path(alias) {
                    Err(why) => problems.push(
                        Diagnostic::error("alias", format!("alias `{alias}` {why}"))
                            .in_file(&page.source.file.display)
                            .at_line(line)
                            .with_hint("write an old address of this site as a path, e.g. /old/stalking-advice/"),
                    ),
                    Ok(path) => {
                        let taken_by_page = self.by_path.get(&path).map(|&i| &self.pages[i]);
                        let taken_by_alias = self.aliases.get(&path).map(|&i| &self.pages[i]);
                        if let Some(other) = taken_by_page.or(taken_by_alias) {
                            problems.push(collision(&page.source, &other.source, &path));
                        } else {
                            self.aliases.insert(path, index);
                        }
                    }
                }
            }
        }
        problems
    }
}

fn collision(source: &ParsedPage, other: &ParsedPage, path: &str) -> Diagnostic {
    Diagnostic::error(
        "duplicate-path",
        format!(
            "this page would be written to /{path}, which {} already uses",
            other.file.display.display()
        ),
    )
    .in_file(&source.file.display)
    .at_line(Some(1))
    .with_hint("rename one of the files, or give one a different `slug:` or alias")
}

/// Where a source file goes: `law/_index.md` → section `law/`; `law/scotland.md` →
/// page `law/scotland/`; `signs.cy.md` → translation `cy/signs/`, its folders
/// renamed by the slugs of their translated sections.
fn place(
    source: &ParsedPage,
    section_slugs: &SectionSlugs,
) -> Result<(PageKind, String, Option<String>), Diagnostic> {
    let rel = &source.file.rel;
    let (dir, file) = rel
        .rsplit_once('/')
        .map_or(("", rel.as_str()), |(d, f)| (d, f));
    let stem = file.strip_suffix(".md").unwrap_or(file);
    let (stem, translation) = split_translation(stem);
    let mut segments: Vec<String> = dir
        .split('/')
        .filter(|s| !s.is_empty())
        .map(slugify)
        .collect();
    if let Some(lang) = &translation {
        let mut folder = String::new();
        for (segment, name) in segments.iter_mut().zip(dir.split('/')) {
            folder.push_str(name);
            if let Some(slug) = section_slugs.get(&(lang.clone(), folder.clone())) {
                *segment = slugify(slug);
            }
            folder.push('/');
        }
    }
    let kind = if stem == "_index" {
        if segments.is_empty() {
            PageKind::Home
        } else {
            PageKind::Section
        }
    } else {
        segments.push(slugify(stem));
        PageKind::Page
    };
    if let Some(slug) = &source.front.slug {
        if !usable_slug(slug) || kind == PageKind::Home {
            return Err(Diagnostic::error("slug", format!("slug `{slug}` cannot be used"))
                .in_file(&source.file.display)
                .at_line(source.key_line("slug"))
                .with_hint("a slug is one word or words joined by hyphens, without `/` or `..`, e.g. `signs-of-stalking`"));
        }
        if let Some(last) = segments.last_mut() {
            *last = slugify(slug);
        }
    }
    if let Some(lang) = &translation {
        segments.insert(0, lang.clone());
    }
    let path: String = segments.iter().map(|s| format!("{s}/")).collect();
    Ok((kind, path, translation))
}

/// A slug is one segment of an address: no `/`, no `..`, not empty.
fn usable_slug(slug: &str) -> bool {
    !(slug.contains('/') || slug.contains("..") || slugify(slug).is_empty())
}

/// The slugs of translated sections, by (language, folder under content/).
fn section_slugs(parsed: &[ParsedPage]) -> SectionSlugs {
    parsed
        .iter()
        .filter_map(|p| {
            let slug = p.front.slug.as_ref().filter(|s| usable_slug(s))?;
            let (dir, file) = p.file.rel.rsplit_once('/')?;
            let (stem, language) = split_translation(file.strip_suffix(".md")?);
            let language = language.filter(|_| stem == "_index")?;
            Some(((language, dir.to_string()), slug.clone()))
        })
        .collect()
}

/// The folders (`law/`) and languages of sections marked `draft: true`: an
/// editor who drafts a section means everything in it, not only its own page.
fn draft_sections(parsed: &[ParsedPage]) -> Vec<(String, Option<String>)> {
    parsed
        .iter()
        .filter(|p| p.front.draft)
        .filter_map(|p| {
            let (dir, file) = p.file.rel.rsplit_once('/')?;
            let (stem, language) = split_translation(file.strip_suffix(".md")?);
            (stem == "_index").then(|| (format!("{dir}/"), language))
        })
        .collect()
}

/// Whether a page lies in a draft section of its own language.
fn in_draft_section(page: &ParsedPage, draft_folders: &[(String, Option<String>)]) -> bool {
    let rel = &page.file.rel;
    let file = rel.rsplit_once('/').map_or(rel.as_str(), |(_, f)| f);
    let (_, language) = split_translation(file.strip_suffix(".md").unwrap_or(file));
    draft_folders
        .iter()
        .any(|(folder, lang)| rel.starts_with(folder.as_str()) && *lang == language)
}

/// `signs.cy` → (`signs`, Some("cy")): a two- or three-letter language suffix.
fn split_translation(stem: &str) -> (&str, Option<String>) {
    match stem.rsplit_once('.') {
        Some((base, lang))
            if (2..=3).contains(&lang.len()) && lang.chars().all(|c| c.is_ascii_lowercase()) =>
        {
            (base, Some(lang.to_string()))
        }
        _ => (stem, None),
    }
}

/// Files every build writes at the root of the output.
const GENERATED: [&str; 3] = ["sitemap.xml", "robots.txt", "404.html"];

/// `/old/stalking-advice/` → `old/stalking-advice/`, refusing `..`, other
/// sites, and addresses of files a build writes.
fn alias_path(alias: &str) -> Result<String, &'static str> {
    if alias.contains("://") || alias.starts_with("//") {
        return Err("points to another site");
    }
    let segments: Vec<&str> = alias.split('/').filter(|s| !s.is_empty()).collect();
    if segments.iter().any(|s| *s == ".." || *s == ".") {
        return Err("contains `..` or `.`");
    }
    if segments.is_empty() {
        return Err("is the home page itself");
    }
    if segments.iter().any(|s| s.contains(['?', '#', '\\'])) {
        return Err("contains `?`, `#` or `\\`");
    }
    if alias.contains(|c: char| c.is_whitespace() || matches!(c, '"' | '\'' | '<' | '>' | '`')) {
        return Err("contains spaces, quotes or `<`");
    }
    let first = segments[0];
    if segments.iter().any(|s| s.starts_with('.')) || first.starts_with('_') {
        return Err("names a hidden or host file (`.htaccess`, `_headers`, ...)");
    }
    if GENERATED.contains(&first) || segments.contains(&"index.html") {
        return Err("names a file that signpost writes");
    }
    Ok(segments.iter().map(|s| format!("{s}/")).collect())
}

/// A URL- and id-safe form of a name: lower case, words joined by hyphens.
/// Used for file names in URLs and for heading ids alike.
pub fn slugify(text: &str) -> String {
    let mut out = String::new();
    let mut gap = false;
    for c in text.chars() {
        if c.is_alphanumeric() {
            if gap && !out.is_empty() {
                out.push('-');
            }
            gap = false;
            out.extend(c.to_lowercase());
        } else if c.is_whitespace() || c == '-' || c == '_' {
            gap = true;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A model of pages (path under content/, front matter lines after the title).
    fn model(pages: &[(&str, &str)]) -> SiteModel {
        let parsed = pages
            .iter()
            .map(|(rel, front)| {
                crate::frontmatter::parse(crate::content::SourceFile {
                    display: std::path::Path::new("content").join(rel),
                    rel: rel.to_string(),
                    text: format!("---\ntitle: {rel}\n{front}---\nText.\n"),
                })
                .expect("a page")
                .page
            })
            .collect();
        SiteModel::build(parsed, false, LeftOut::default()).0
    }

    #[test]
    fn translations_have_their_own_sections_homes_and_counterparts() {
        let site = model(&[
            ("_index.md", ""),
            ("_index.cy.md", ""),
            ("law/_index.md", ""),
            ("law/_index.cy.md", "slug: cyfraith\n"),
            ("law/scotland.md", ""),
            ("law/scotland.cy.md", "slug: yr-alban\n"),
            ("law/england.cy.md", ""),
            ("help/a.md", ""),
            ("help/a.cy.md", ""),
        ]);
        let at = |rel: &str| site.by_source(rel).unwrap();
        let path = |rel: &str| site.pages[at(rel)].path.as_str();
        assert_eq!(path("law/_index.cy.md"), "cy/cyfraith/");
        assert_eq!(path("law/scotland.cy.md"), "cy/cyfraith/yr-alban/");
        assert_eq!(path("law/england.cy.md"), "cy/cyfraith/england/");
        assert_eq!(path("law/scotland.md"), "law/scotland/");
        let parent = |rel: &str| site.pages[at(rel)].parent;
        assert_eq!(parent("law/scotland.cy.md"), Some(at("law/_index.cy.md")));
        assert_eq!(parent("law/_index.cy.md"), Some(at("_index.cy.md")));
        // `help/` has no Welsh section: the nearest Welsh one above, the Welsh home.
        assert_eq!(parent("help/a.cy.md"), Some(at("_index.cy.md")));
        assert_eq!(site.home_of(Some("cy")), Some(at("_index.cy.md")));
        assert_eq!(site.home_of(None), Some(at("_index.md")));
        assert_eq!(
            site.counterpart_in(at("law/scotland.md"), Some("cy")),
            Some(at("law/scotland.cy.md"))
        );
        assert_eq!(site.counterpart_in(at("law/england.cy.md"), None), None);
        assert_eq!(original_of("law/scotland.cy.md"), "law/scotland.md");
        assert_eq!(original_of("_index.cy.md"), "_index.md");
    }

    #[test]
    fn slugs_and_aliases() {
        assert_eq!(slugify("Signs of Stalking!"), "signs-of-stalking");
        assert_eq!(
            slugify("What the quick exit can't do"),
            "what-the-quick-exit-cant-do"
        );
        assert_eq!(slugify("Section 2A: stalking"), "section-2a-stalking");
        assert_eq!(alias_path("/old/advice/"), Ok("old/advice/".into()));
        assert!(alias_path("/old/../x").is_err());
        assert!(alias_path("https://evil.example/").is_err());
        for refused in [
            "/sitemap.xml",
            "/index.html",
            "/law/index.html",
            "/_headers",
            "/.htaccess",
            "/robots.txt",
            "/404.html",
            "/old page/",
            "/old\"/",
            "/<script>/",
        ] {
            assert!(alias_path(refused).is_err(), "{refused}");
        }
        assert_eq!(
            alias_path("/old/advice.html"),
            Ok("old/advice.html/".into())
        );
        assert_eq!(split_translation("signs.cy"), ("signs", Some("cy".into())));
        assert_eq!(split_translation("v1.2"), ("v1.2", None));
    }
}
