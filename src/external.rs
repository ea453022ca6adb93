//! `check --external`: the only part of signpost that touches the network.
//! Every link of the built site to another site is asked for, politely: HEAD
//! first and GET when a server refuses HEAD, redirects followed one by one
//! and reported, one request at a time per host with a pause between them,
//! a timeout, `Retry-After` respected, and a User-Agent naming signpost.
//! Results are kept in `SITE/.signpost/links.json` for [`TTL`], so a daily
//! run asks again at most once a day; `signpost report` shows them. Hosts
//! in `privacy.allow` are not asked (they are the site's own suppliers), and
//! `mailto:`, `tel:` and `sms:` links never reach this module.

use crate::diagnostics::Diagnostic;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Where the results are kept, under the site folder.
pub const CACHE_FILE: &str = ".signpost/links.json";

/// How long a result is kept before the link is asked for again.
pub const TTL: Duration = Duration::from_secs(20 * 60 * 60);

/// The most redirects followed for one link.
const MAX_REDIRECTS: usize = 10;

/// The longest `Retry-After` waited for; a server asking for more is
/// reported as busy rather than holding up the check.
const MAX_RETRY_AFTER: Duration = Duration::from_secs(120);

/// How the links are asked for.
#[derive(Debug, Clone)]
pub struct LinkOptions {
    /// The longest wait for one answer.
    pub timeout: Duration,
    /// The pause between two requests to the same host.
    pub delay: Duration,
    /// Results younger than this are used as they are.
    pub ttl: Duration,
    /// Hosts not asked (privacy.allow).
    pub skip_hosts: Vec<String>,
}

impl Default for LinkOptions {
    fn default() -> Self {
        LinkOptions {
            timeout: Duration::from_secs(15),
            delay: Duration::from_millis(500),
            ttl: TTL,
            skip_hosts: Vec::new(),
        }
    }
}

/// One hop of a redirect: its status and where it pointed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Redirect {
    pub status: u16,
    pub to: String,
}

/// What asking for one link gave.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkResult {
    /// When it was asked (seconds since 1970, UTC).
    pub checked: u64,
    /// The status of the last answer; None when there was none.
    pub status: Option<u16>,
    /// HEAD, or GET when the server refused HEAD.
    pub method: String,
    pub redirects: Vec<Redirect>,
    /// Why there was no answer (timeout, no such host, ...).
    pub error: Option<String>,
}

impl LinkResult {
    /// The link does not lead to a page: no answer, or an error status.
    pub fn broken(&self) -> bool {
        !self.status.is_some_and(|s| (200..300).contains(&s))
    }

    /// Where the link ends up when it was redirected.
    pub fn moved_to(&self) -> Option<&str> {
        self.redirects.last().map(|r| r.to.as_str())
    }

    /// The result in a few words: `200`, `404`, `301 → 200`, `timed out`.
    pub fn summary(&self) -> String {
        let mut parts: Vec<String> = self
            .redirects
            .iter()
            .map(|r| r.status.to_string())
            .collect();
        match (self.status, &self.error) {
            (_, Some(error)) => parts.push(error.clone()),
            (Some(status), None) => parts.push(status.to_string()),
            (None, None) => parts.push("no answer".into()),
        }
        parts.join(" → ")
    }
}

/// The results kept between runs, by URL.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct LinkCache {
    pub links: BTreeMap<String, LinkResult>,
}

impl LinkCache {
    pub fn path(site_dir: &Path) -> PathBuf {
        site_dir.join(CACHE_FILE)
    }

    /// The cache of a site; empty when there is none or it cannot be read
    /// (then every link is simply asked again).
    pub fn load(site_dir: &Path) -> LinkCache {
        std::fs::read(Self::path(site_dir))
            .ok()
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .unwrap_or_default()
    }

    /// Write the cache (to a temporary file, then renamed into place).
    pub fn save(&self, site_dir: &Path) -> std::io::Result<()> {
        let path = Self::path(site_dir);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let text = serde_json::to_string_pretty(self).map_err(std::io::Error::other)?;
        let staging = path.with_extension("json.tmp");
        std::fs::write(&staging, text + "\n")?;
        std::fs::rename(&staging, &path)
    }
}

/// What one check did.
#[derive(Debug, Default)]
pub struct LinkCheck {
    /// Links asked for in this run.
    pub asked: usize,
    /// Links whose result came from the cache.
    pub cached: usize,
    /// Links not asked for: their host is in privacy.allow.
    pub skipped: usize,
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// The host of a URL, lower case; None for anything that is not http(s).
pub fn host_of(url: &str) -> Option<String> {
    let parsed = url::Url::parse(url).ok()?;
    matches!(parsed.scheme(), "http" | "https")
        .then(|| parsed.host_str().map(str::to_ascii_lowercase))
        .flatten()
}

/// Check `links` (each http(s) URL once), using and updating `cache`.
pub fn check(links: &BTreeSet<String>, cache: &mut LinkCache, options: &LinkOptions) -> LinkCheck {
    let mut done = LinkCheck::default();
    let fresh = |r: &LinkResult| now().saturating_sub(r.checked) < options.ttl.as_secs();
    let mut by_host: BTreeMap<String, Vec<&String>> = BTreeMap::new();
    for url in links {
        let Some(host) = host_of(url) else { continue };
        if options
            .skip_hosts
            .iter()
            .any(|h| h.eq_ignore_ascii_case(&host))
        {
            done.skipped += 1;
        } else if cache.links.get(url).is_some_and(fresh) {
            done.cached += 1;
        } else {
            by_host.entry(host).or_default().push(url);
        }
    }
    let agent = agent(options);
    // Hosts are asked at the same time; the links of one host one by one.
    let results: Vec<(String, LinkResult)> = std::thread::scope(|scope| {
        let workers: Vec<_> = by_host
            .values()
            .map(|urls| {
                let agent = &agent;
                scope.spawn(move || {
                    let mut out = Vec::new();
                    for (i, url) in urls.iter().enumerate() {
                        if i > 0 {
                            std::thread::sleep(options.delay);
                        }
                        out.push(((*url).clone(), ask(agent, url, options)));
                    }
                    out
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().unwrap_or_default())
            .collect()
    });
    done.asked = results.len();
    cache.links.extend(results);
    done
}

fn agent(options: &LinkOptions) -> ureq::Agent {
    ureq::Agent::config_builder()
        .timeout_global(Some(options.timeout))
        .max_redirects(0)
        .http_status_as_error(false)
        .user_agent(concat!(
            "signpost/",
            env!("CARGO_PKG_VERSION"),
            " (link check of a support site; one request at a time)"
        ))
        .build()
        .new_agent()
}

/// One answer: its status and headers that matter here.
struct Answer {
    status: u16,
    location: Option<String>,
    retry_after: Option<Duration>,
}

fn request(agent: &ureq::Agent, method: &str, url: &str) -> Result<Answer, String> {
    let response = match method {
        "HEAD" => agent.head(url).call(),
        _ => agent.get(url).call(),
    }
    .map_err(|e| describe(&e))?;
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    Ok(Answer {
        status: response.status().as_u16(),
        location: header("location"),
        retry_after: header("retry-after")
            .and_then(|v| v.trim().parse().ok())
            .map(Duration::from_secs),
    })
}

/// A transport error in a few words.
fn describe(e: &ureq::Error) -> String {
    match e {
        ureq::Error::Timeout(_) => "timed out".into(),
        ureq::Error::HostNotFound => "no such host".into(),
        ureq::Error::Io(io) => format!("no connection ({})", io.kind()),
        other => other.to_string(),
    }
}

/// Ask for one link: HEAD (GET when HEAD is refused), waiting once as
/// `Retry-After` asks, following redirects hop by hop.
fn ask(agent: &ureq::Agent, url: &str, options: &LinkOptions) -> LinkResult {
    let mut result = LinkResult {
        checked: now(),
        status: None,
        method: "HEAD".into(),
        redirects: Vec::new(),
        error: None,
    };
    let mut current = url.to_string();
    loop {
        let answer = match answer_of(agent, &current, &mut result.method, options) {
            Ok(answer) => answer,
            Err(error) => {
                result.error = Some(error);
                return result;
            }
        };
        let next = answer
            .location
            .filter(|_| (300..400).contains(&answer.status))
            .and_then(|to| url::Url::parse(&current).ok()?.join(&to).ok());
        match next {
            Some(to) if result.redirects.len() < MAX_REDIRECTS => {
                result.redirects.push(Redirect {
                    status: answer.status,
                    to: to.to_string(),
                });
                current = to.to_string();
                std::thread::sleep(options.delay);
            }
            Some(_) => {
                result.error = Some(format!("more than {MAX_REDIRECTS} redirects"));
                return result;
            }
            None => {
                result.status = Some(answer.status);
                return result;
            }
        }
    }
}

/// One URL's answer, with the GET fallback and one wait for `Retry-After`.
fn answer_of(
    agent: &ureq::Agent,
    url: &str,
    method: &mut String,
    options: &LinkOptions,
) -> Result<Answer, String> {
    let mut answer = request(agent, method, url)?;
    if answer.status == 429 || answer.status == 503 {
        if let Some(wait) = answer.retry_after {
            if wait > MAX_RETRY_AFTER {
                return Err(format!("busy: asks to wait {} s", wait.as_secs()));
            }
            std::thread::sleep(wait.max(options.delay));
            answer = request(agent, method, url)?;
        }
    }
    // Some servers refuse HEAD, or answer it wrongly: GET is the real test.
    if method == "HEAD" && answer.status >= 400 && answer.status != 429 {
        std::thread::sleep(options.delay);
        *method = "GET".into();
        answer = request(agent, method, url)?;
    }
    Ok(answer)
}

/// `check --external` of a built site: its links to other sites checked
/// (hosts of `privacy.allow` left out), the cache updated, and a
/// diagnostic for each broken or moved link. None when the build stopped
/// before its output was complete (its links are not known).
pub fn check_site(
    site_dir: &Path,
    report: &crate::BuildReport,
    allow: &[String],
) -> Option<(LinkCheck, Vec<Diagnostic>)> {
    let usage = report.usage.as_ref()?;
    let mut pages: BTreeMap<String, BTreeSet<PathBuf>> = BTreeMap::new();
    for page in &usage.pages {
        for url in &page.external {
            pages
                .entry(url.clone())
                .or_default()
                .insert(page.file.clone());
        }
    }
    let links: BTreeSet<String> = pages.keys().cloned().collect();
    let mut cache = LinkCache::load(site_dir);
    let options = LinkOptions {
        skip_hosts: allow.to_vec(),
        ..LinkOptions::default()
    };
    let done = check(&links, &mut cache, &options);
    let mut problems = diagnostics(&pages, usage.pages.len(), &cache);
    if let Err(e) = cache.save(site_dir) {
        problems.push(
            Diagnostic::warning("external-cache", format!("cannot write {CACHE_FILE}: {e}"))
                .with_hint(
                    "make the site folder writable; every run asks for every link again until then",
                ),
        );
    }
    Some((done, problems))
}

/// The diagnostics of a check: a warning for each broken link and a note
/// for each redirect, in every page that has the link; once for a link on
/// every one of the `total` pages (the theme's, such as the quick exit).
pub fn diagnostics(
    pages: &BTreeMap<String, BTreeSet<PathBuf>>,
    total: usize,
    cache: &LinkCache,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (url, files) in pages {
        let Some(result) = cache.links.get(url) else {
            continue;
        };
        let everywhere = total > 1 && files.len() == total;
        let shown = if everywhere {
            format!("{url} (on every page)")
        } else {
            url.clone()
        };
        let problem =
            if result.broken() {
                Diagnostic::warning(
                    "external-link",
                    format!("the link to {shown} is broken ({})", result.summary()),
                )
                .with_hint("check the address on the other site; fix the link or remove it")
            } else if let Some(to) = result.moved_to() {
                Diagnostic::note(
                "external-redirect",
                format!("the link to {shown} now leads to {to} ({})", result.summary()),
            )
            .with_hint(
                "link to the new address; a service that moved may have changed its details too",
            )
            } else {
                continue;
            };
        if everywhere {
            out.push(problem);
        } else {
            out.extend(files.iter().map(|f| problem.clone().in_file(f)));
        }
    }
    out
}

#[cfg(test)]
#[path = "external_tests.rs"]
mod tests;
