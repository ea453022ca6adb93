//! The bare floor of a build (docs/performance.md, benches/floor.sh): read
//! each page, split off its front matter, pulldown-cmark (the build's
//! options), wrap it in a fixed page shell, minify-html, write, on all
//! cores. No templates, no checks, no audit: what no build
//! of the same pages can go below.
//!
//!   floor CONTENT_DIR OUT_DIR [SHELL_HTML]
//!
//! SHELL_HTML is a page with `@@` where the body goes (benches/floor.sh
//! cuts one from a real signpost page); without it, a bare shell is used.
use anyhow::{Context, Result};
use rayon::prelude::*;
use std::path::{Path, PathBuf};

const BARE_SHELL: &str = "<!DOCTYPE html><html><body><main>@@</main></body></html>";

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (src, out, shell) = match args.as_slice() {
        [src, out] => (src, out, BARE_SHELL.to_string()),
        [src, out, shell] => (
            src,
            out,
            std::fs::read_to_string(shell).with_context(|| format!("reading {shell}"))?,
        ),
        _ => anyhow::bail!("usage: floor CONTENT_DIR OUT_DIR [SHELL_HTML]"),
    };
    let (head, tail) = shell
        .split_once("@@")
        .context("the shell has no `@@` where the body goes")?;
    let files: Vec<PathBuf> = walkdir::WalkDir::new(src)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .map(walkdir::DirEntry::into_path)
        .collect();
    let cfg = minify_html::Cfg::new();
    files.par_iter().enumerate().try_for_each(|(i, file)| {
        let text =
            std::fs::read_to_string(file).with_context(|| format!("reading {}", file.display()))?;
        // The front matter split off as a build does, and the body parsed
        // with the build's Markdown options (tables, footnotes, smart
        // punctuation), so that the floor does the same Markdown work.
        let (_, body, _) =
            signpost::frontmatter::split(&text).with_context(|| format!("{}", file.display()))?;
        let mut html = String::from(head);
        let parser = pulldown_cmark::Parser::new_ext(body, signpost::markdown::options());
        pulldown_cmark::html::push_html(&mut html, parser);
        html.push_str(tail);
        let dir = Path::new(out).join(i.to_string());
        std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
        std::fs::write(
            dir.join("index.html"),
            minify_html::minify(html.as_bytes(), &cfg),
        )
        .with_context(|| format!("writing into {}", dir.display()))
    })
}
