//! Finishing a rendered page for output, on the thread that rendered it:
//! minified, its URLs made relative when the site asks, and scanned for the
//! audit.

use crate::config::SiteConfig;
use crate::output::Staging;
use crate::{audit, minify, output, render, search};
use std::path::PathBuf;

/// A page ready for output.
pub struct FinishedPage {
    pub output_file: String,
    pub source: Option<PathBuf>,
    /// None once handed to the staging folder.
    pub html: Option<Vec<u8>>,
    pub scan: audit::PageScan,
    pub registry_use: render::RegistryUse,
    pub search: Option<search::Record>,
}

/// Finish `page` (see the module comment), on a larger stack when it needs
/// one; its HTML goes to `staging` when the build writes one as it renders.
pub fn finish_page(
    config: &SiteConfig,
    page: render::RenderedPage,
    staging: Option<&Staging>,
) -> FinishedPage {
    let stack = stack_for(&page.html);
    let mut finished = stacker::maybe_grow(stack, stack, || finish_on_stack(config, page));
    if let Some(staging) = staging {
        if let Some(html) = finished.html.take() {
            staging.put(finished.output_file.clone(), html);
        }
    }
    finished
}

/// The stack a page's HTML may need. The minifier parses and writes a page
/// recursively, about 1 KiB of stack for each element inside another; every
/// element starts with a `<`, so twice that for each `<` is always enough.
/// A thread's own stack is used when it has that much left, else a larger one.
fn stack_for(html: &str) -> usize {
    const PER_TAG: usize = 2 * 1024;
    const BASE: usize = 256 * 1024;
    html.matches('<')
        .count()
        .saturating_mul(PER_TAG)
        .saturating_add(BASE)
}

fn finish_on_stack(config: &SiteConfig, page: render::RenderedPage) -> FinishedPage {
    let html = minify::minify(&page.html);
    // 404.html is served at any depth, so its URLs stay root-relative.
    let html = if config.relative_urls && page.output_file != "404.html" {
        let text = String::from_utf8_lossy(&html);
        output::relativise(&text, &page.output_file, &config.base_path()).into_bytes()
    } else {
        html
    };
    FinishedPage {
        scan: audit::scan(&html),
        output_file: page.output_file,
        source: page.source,
        registry_use: page.registry_use,
        search: page.search,
        html: Some(html),
    }
}
