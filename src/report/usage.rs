//! What each page of a finished build shows: the services, the numbers
//! written in its text, and its links to other sites. Taken from the build
//! itself (the same data `check --format json` comes from), never computed
//! again.

use crate::lint::NumberFound;
use serde::Serialize;
use std::collections::BTreeSet;
use std::path::PathBuf;

/// One page of the site and what it shows.
#[derive(Debug, Clone, Serialize)]
pub struct PageUse {
    pub file: PathBuf,
    pub title: String,
    /// Its address on the published site.
    pub url: String,
    /// Its language when it is a translation (`cy`).
    pub translation: Option<String>,
    /// Services shown: named in its front matter and by its shortcodes.
    pub services: BTreeSet<String>,
    pub numbers: Vec<NumberFound>,
    /// Its links to other sites (http and https only).
    pub external: BTreeSet<String>,
}

/// The pages of a build whose output was audited.
#[derive(Debug, Clone, Default, Serialize)]
pub struct SiteUse {
    pub pages: Vec<PageUse>,
    /// Services shown on every page (the emergency notice).
    pub everywhere: Vec<String>,
    /// Every service's name, by id.
    pub service_names: std::collections::BTreeMap<String, String>,
}

/// What the pages of `built` show.
pub(crate) fn of(state: &crate::site_state::SiteState) -> SiteUse {
    let site = state.site();
    let own_host = crate::external::host_of(&site.config.base_url);
    let pages = site
        .model
        .pages
        .iter()
        .zip(state.pages())
        .map(|(page, known)| {
            let uses = known.registry_use();
            let external = known
                .scan()
                .map(|scan| {
                    scan.urls
                        .iter()
                        .filter(|u| u.tag == "a" && u.attribute == "href")
                        .filter(|u| {
                            let host = crate::external::host_of(u.url);
                            host.is_some() && host != own_host
                        })
                        .map(|u| u.url.to_string())
                        .collect()
                })
                .unwrap_or_default();
            PageUse {
                file: page.source.file.display.clone(),
                title: page.title().to_string(),
                url: format!("{}{}", site.config.base_url_normalised(), page.path),
                translation: page.translation.clone(),
                services: page
                    .source
                    .front
                    .services
                    .iter()
                    .chain(&uses.services)
                    .cloned()
                    .collect(),
                numbers: uses.numbers.found.clone(),
                external,
            }
        })
        .collect();
    SiteUse {
        pages,
        everywhere: site.config.emergency.clone(),
        service_names: site
            .services
            .services
            .iter()
            .map(|s| (s.id.clone(), s.name.clone()))
            .collect(),
    }
}
