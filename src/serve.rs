//! `signpost serve`: build the site into memory and serve it from there with
//! the site's security headers, rebuild when a file of the site changes, and
//! tell open tabs to reload (server-sent events). The reload script is added
//! to HTML responses here and only here, never to a built site. While the
//! latest build has errors, the last good site stays up with the errors in a
//! banner on every page. Nothing is written to disk.
//!
//! Only requests that name the server's own address in `Host` are answered,
//! so a web page on another name that resolves to this machine (DNS
//! rebinding) cannot read the preview. Threads are bounded (see `http`):
//! each open tab's event stream holds one, up to [`MAX_STREAMS`].

use crate::diagnostics::{Diagnostic, Severity};
use crate::html::escape_html;
use crate::http;
use crate::live::LiveSite;
use crate::output::OutputTree;
use crate::pack::{self, SiteChain};
use crate::watch::{Batch, SiteWatcher, WatchError};
use crate::{BuildOptions, BuildReport};
use std::io::Write;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex, PoisonError, RwLock};
use std::time::{Duration, Instant};

/// Where the files of `serve` itself live; no site file is served from here.
const RELOAD_JS: &str = "/__signpost/reload.js";
const SERVE_CSS: &str = "/__signpost/serve.css";
const EVENTS: &str = "/__signpost/events";
/// The content health report (`signpost report`), made afresh for each request.
const REPORT: &str = "/_signpost/report";
/// A comment on the event stream this often notices tabs that were closed.
const KEEP_ALIVE: Duration = Duration::from_secs(15);
/// Event streams open at once (one per open tab); more are answered 503,
/// and their tabs try again a second later.
pub const MAX_STREAMS: usize = 32;

const RELOAD_SCRIPT: &str = r#"// Added by `signpost serve` only, never to a built site: reload the page
// when the site is rebuilt, or when it was rebuilt while this page loaded.
(function () {
  "use strict";
  var script = document.currentScript;
  var build = script ? script.getAttribute("data-build") : null;
  if (!window.EventSource) { return; }
  var events = new EventSource("/__signpost/events");
  events.addEventListener("hello", function (event) {
    if (build !== null && event.data !== build) { location.reload(); }
  });
  events.addEventListener("reload", function () { location.reload(); });
})();
"#;

const SERVE_STYLES: &str = "/* Added by `signpost serve` only: the build errors banner. */
.signpost-serve-errors{background:#fff;color:#1a1a1a;border:4px solid #b00020;margin:0;padding:1rem 1.25rem;font:1rem/1.5 system-ui,sans-serif}
.signpost-serve-errors h2{color:#b00020;font-size:1.25rem;margin:0 0 .5rem}
.signpost-serve-errors ul{margin:.5rem 0 0;padding-left:1.25rem}
.signpost-serve-errors li{margin:.5rem 0}
.signpost-serve-errors code{font:.95rem ui-monospace,monospace;background:#f3f3f3;padding:0 .25rem}
.signpost-serve-errors .help{display:block;color:#444}
";

/// What `signpost serve` is asked to do.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub site_dir: PathBuf,
    pub bind: IpAddr,
    /// 0 picks a free port.
    pub port: u16,
    /// The date review dates are checked against.
    pub today: crate::dates::Date,
    /// Pages marked `draft: true` are served too.
    pub include_drafts: bool,
}

/// What happened, for the command line to tell the editor.
pub enum ServeEvent<'a> {
    /// A build finished. `last_good`: an earlier good build is still served.
    /// `rendered`: the number of pages an update rendered again (None: a whole build).
    Built {
        report: &'a BuildReport,
        last_good: bool,
        rendered: Option<usize>,
    },
    /// The server is up at `url`; `loopback` is false when others on the network can reach it.
    Listening { url: &'a str, loopback: bool },
    /// Files changed (a short description); a rebuild follows.
    Changed(&'a str),
    /// Some folder cannot be watched; serving goes on.
    WatchProblem(&'a WatchError),
}

#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("cannot listen on {0}: {1}")]
    Bind(SocketAddr, String),
    #[error(transparent)]
    Watch(#[from] WatchError),
}

impl ServeError {
    pub fn hint(&self) -> &'static str {
        match self {
            ServeError::Bind(..) => {
                "another program may use the port: choose another with --port (--port 0 picks a free one)"
            }
            ServeError::Watch(..) => {
                "on Linux, raise the limit of watched folders (sysctl fs.inotify.max_user_watches)"
            }
        }
    }
}

/// The site as served: the last good build (edited pages rebuilt in place),
/// and the errors of the latest build.
struct ServedSite {
    live: Option<LiveSite>,
    /// The latest whole build failed, so `live` may be out of date: the next
    /// change needs a whole build too.
    stale: bool,
    errors: Vec<Diagnostic>,
    /// The path of base_url: the site is served below it.
    base_path: String,
    allow: Vec<String>,
    /// Counts builds, so a tab can tell whether it shows the latest.
    generation: u64,
}

impl Default for ServedSite {
    fn default() -> Self {
        ServedSite {
            live: None,
            stale: false,
            errors: Vec::new(),
            base_path: "/".into(),
            allow: Vec::new(),
            generation: 0,
        }
    }
}

impl ServedSite {
    /// Take in a whole build: a good one replaces the site; a failed one
    /// only replaces the errors. Configuration comes from a resolved chain.
    fn replace(&mut self, live: Option<LiveSite>, report: &BuildReport, chain: Option<&SiteChain>) {
        if let Some(chain) = chain {
            self.base_path = chain.config.base_path();
            self.allow = chain.config.privacy.allow.clone();
        }
        self.stale = live.is_none();
        if live.is_some() {
            self.live = live;
        }
        self.took(report);
    }

    /// Note the errors of the latest build, and that there was one.
    fn took(&mut self, report: &BuildReport) {
        self.errors = report
            .diagnostics
            .items()
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .cloned()
            .collect();
        self.generation += 1;
    }

    fn tree(&self) -> Option<&OutputTree> {
        self.live.as_ref().map(LiveSite::tree)
    }
}

/// What the HTTP threads and the rebuild loop share.
struct Shared {
    site: RwLock<ServedSite>,
    /// One sender per open event stream; a closed stream's is dropped on the next send.
    listeners: Mutex<Vec<Sender<u64>>>,
    /// Event streams open now.
    streams: AtomicUsize,
    /// The `Host` values requests may name: the server's own address.
    hosts: OwnHosts,
    /// What the report at [`REPORT`] is made from.
    build: BuildOptions,
}

impl Shared {
    fn read(&self) -> std::sync::RwLockReadGuard<'_, ServedSite> {
        self.site.read().unwrap_or_else(PoisonError::into_inner)
    }

    fn write(&self) -> std::sync::RwLockWriteGuard<'_, ServedSite> {
        self.site.write().unwrap_or_else(PoisonError::into_inner)
    }

    fn reload_all(&self, generation: u64) {
        self.listeners
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .retain(|listener| listener.send(generation).is_ok());
    }
}

/// Build, serve, and rebuild on every change until the process is stopped.
pub fn run(
    options: &ServeOptions,
    report: &mut dyn FnMut(ServeEvent<'_>),
) -> Result<(), ServeError> {
    let site_dir = options.site_dir.as_path();
    let build = BuildOptions {
        site_dir: site_dir.to_path_buf(),
        today: options.today,
        include_drafts: options.include_drafts,
        base_url: None,
        page_details: false,
    };
    let wanted = SocketAddr::new(options.bind, options.port);
    let listener =
        http::Listener::bind(wanted).map_err(|e| ServeError::Bind(wanted, e.to_string()))?;
    let address = listener.local_addr().unwrap_or(wanted);
    let shared = Arc::new(Shared {
        site: RwLock::default(),
        listeners: Mutex::default(),
        streams: AtomicUsize::new(0),
        hosts: OwnHosts::new(address),
        build: build.clone(),
    });
    let mut chain = pack::resolve(site_dir).ok();
    let mut watcher = SiteWatcher::new()?;
    let site_only = [site_dir.to_path_buf()];
    watch(
        &mut watcher,
        chain.as_ref().map_or(&site_only[..], |c| &c.layers),
        report,
    );
    rebuild(&shared, &build, chain.as_ref(), report);

    let base_path = shared.read().base_path.clone();
    report(ServeEvent::Listening {
        url: &format!("http://{address}{base_path}"),
        loopback: options.bind.is_loopback(),
    });
    let answering = Arc::clone(&shared);
    http::serve(listener, move |request| handle(request, &answering))
        .map_err(|e| ServeError::Bind(address, e.to_string()))?;

    while let Some(batch) = watcher.next_batch() {
        report(ServeEvent::Changed(&batch.describe(site_dir)));
        if batch.changes_layers() {
            // While site.yaml is broken, the folders watched so far stay watched.
            if let Ok(resolved) = pack::resolve(site_dir) {
                watch(&mut watcher, &resolved.layers, report);
                chain = Some(resolved);
            }
        }
        let generation = update(&shared, &batch, &build, chain.as_ref(), report)
            .unwrap_or_else(|| rebuild(&shared, &build, chain.as_ref(), report));
        shared.reload_all(generation);
    }
    Ok(())
}

/// Watch the site folders `layers`; a folder that cannot be watched is reported.
fn watch(watcher: &mut SiteWatcher, layers: &[PathBuf], report: &mut dyn FnMut(ServeEvent<'_>)) {
    if let Err(problem) = watcher.set_layers(layers) {
        report(ServeEvent::WatchProblem(&problem));
    }
}

/// Rebuild only what `batch` affects, when the site served is up to date and
/// the kept build can tell (see `live`); the new generation. None: build it all.
fn update(
    shared: &Shared,
    batch: &Batch,
    build: &BuildOptions,
    chain: Option<&SiteChain>,
    report: &mut dyn FnMut(ServeEvent<'_>),
) -> Option<u64> {
    let started = Instant::now();
    let mut site = shared.write();
    if site.stale {
        return None;
    }
    let Some(rendered) = site.live.as_mut().and_then(|live| live.update(batch)) else {
        // The kept site may be half updated: a whole build replaces it.
        drop(site);
        return Some(rebuild(shared, build, chain, report));
    };
    drop(site);
    // The edited page is served by now. The report, and the lists of every
    // page, are made while pages are served; browsers reload once the
    // report's errors are in.
    let site = shared.read();
    let built = site
        .live
        .as_ref()
        .map(|live| live.report(started.elapsed()));
    drop(site);
    let built = built?;
    let generation = {
        let mut site = shared.write();
        site.took(&built);
        site.generation
    };
    report(ServeEvent::Built {
        report: &built,
        last_good: true,
        rendered: Some(rendered),
    });
    let lists = shared.read().live.as_ref().map(LiveSite::lists);
    if let (Some(lists), Some(live)) = (lists, shared.write().live.as_mut()) {
        live.put_lists(lists);
    }
    Some(generation)
}

/// Build the whole site into memory, report it, and serve it (or its errors).
fn rebuild(
    shared: &Shared,
    build: &BuildOptions,
    chain: Option<&SiteChain>,
    report: &mut dyn FnMut(ServeEvent<'_>),
) -> u64 {
    let (live, built) = LiveSite::build(build);
    let last_good = shared.read().live.is_some();
    report(ServeEvent::Built {
        report: &built,
        last_good,
        rendered: None,
    });
    let mut site = shared.write();
    site.replace(live, &built, chain);
    site.generation
}

/// The `Host` values that name this server: its address and the loopback
/// names with its port. Listening on every address (`--bind 0.0.0.0`), any
/// IP address with the port too: no other site can make a browser send one,
/// as DNS rebinding needs a name.
struct OwnHosts {
    names: Vec<String>,
    any_ip: bool,
    port: u16,
}

impl OwnHosts {
    fn new(address: SocketAddr) -> OwnHosts {
        let port = address.port();
        let mut names = vec![
            format!("127.0.0.1:{port}"),
            format!("localhost:{port}"),
            format!("[::1]:{port}"),
        ];
        if !address.ip().is_loopback() && !address.ip().is_unspecified() {
            names.insert(0, address.to_string());
        }
        if port == 80 {
            // A browser leaves out the port it does not need.
            let bare: Vec<String> = names
                .iter()
                .filter_map(|n| n.strip_suffix(":80").map(str::to_string))
                .collect();
            names.extend(bare);
        }
        OwnHosts {
            names,
            any_ip: address.ip().is_unspecified(),
            port,
        }
    }

    fn allows(&self, host: &str) -> bool {
        let host = host.to_ascii_lowercase();
        self.names.contains(&host)
            || (self.any_ip
                && host
                    .parse::<SocketAddr>()
                    .is_ok_and(|a| a.port() == self.port))
    }

    /// The address to open, for a browser that asked for another.
    fn first(&self) -> &str {
        &self.names[0]
    }
}

/// Answer one request (on a worker of `http`).
fn handle(mut request: http::Request, shared: &Arc<Shared>) {
    let own = match &request.host {
        Some(host) => shared.hosts.allows(host),
        // HTTP/1.0 needs no Host; every browser sends one.
        None => !request.http11,
    };
    let method = request.method.as_str();
    let reply = if !own {
        Reply::text(
            403,
            &format!(
                "signpost serve answers only requests for its own address: open http://{}/",
                shared.hosts.first()
            ),
        )
    } else if method == "GET" && request.target.split('?').next() == Some(EVENTS) {
        return open_stream(request, shared);
    } else if matches!(method, "GET" | "HEAD") && request.target.split('?').next() == Some(REPORT) {
        let reload = reload_tag(shared.read().generation);
        let (html, headers) = crate::report::served(&shared.build, &reload);
        let _ = http::respond(
            &mut request.stream,
            200,
            &headers,
            html.as_bytes(),
            method == "HEAD",
        );
        return;
    } else if matches!(method, "GET" | "HEAD") {
        respond(&shared.read(), &request.target)
    } else {
        Reply::text(405, "only GET and HEAD are served")
    };
    let allow = shared.read().allow.clone();
    let mut headers = vec![("Content-Type", reply.content_type.to_string())];
    headers.extend(reply.location.map(|l| ("Location", l)));
    headers.extend(served_headers(&allow));
    // A client that went away needs no answer.
    let _ = http::respond(
        &mut request.stream,
        reply.status,
        &headers,
        &reply.body,
        method == "HEAD",
    );
}

/// Give an event stream a thread of its own, unless [`MAX_STREAMS`] are open.
fn open_stream(mut request: http::Request, shared: &Arc<Shared>) {
    let open = shared.streams.fetch_add(1, Ordering::SeqCst);
    if open >= MAX_STREAMS {
        shared.streams.fetch_sub(1, Ordering::SeqCst);
        let busy = Reply::text(503, "too many open tabs: close some");
        let headers = [("Content-Type", busy.content_type.to_string())];
        let _ = http::respond(&mut request.stream, 503, &headers, &busy.body, false);
        return;
    }
    let shared = Arc::clone(shared);
    std::thread::spawn(move || {
        stream_events(request.stream, &shared);
        shared.streams.fetch_sub(1, Ordering::SeqCst);
    });
}

/// The site's security headers, as a real host would send them, for a plain
/// HTTP server: without `upgrade-insecure-requests`, which would send the
/// browser to https:// on an address that has none. Nothing is cached, so a
/// reload always shows the latest build.
fn served_headers(allow: &[String]) -> Vec<(&'static str, String)> {
    let mut headers = crate::headers::headers(allow);
    for (name, value) in &mut headers {
        if *name == "Content-Security-Policy" {
            *value = value
                .split("; ")
                .filter(|d| *d != "upgrade-insecure-requests")
                .collect::<Vec<_>>()
                .join("; ");
        }
    }
    headers.push(("Cache-Control", "no-store".into()));
    headers
}

/// Keep an event stream open: `hello` with the current build, then `reload`
/// after every rebuild, written straight to the connection and flushed per event.
fn stream_events(mut writer: std::net::TcpStream, shared: &Shared) {
    let (sender, events) = mpsc::channel();
    shared
        .listeners
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .push(sender);
    let (generation, allow) = {
        let site = shared.read();
        (site.generation, site.allow.clone())
    };
    let mut head = String::from("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\nConnection: close\r\n");
    for (name, value) in served_headers(&allow) {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str(&format!(
        "\r\nretry: 1000\n\nevent: hello\ndata: {generation}\n\n"
    ));
    let mut message = head;
    loop {
        if writer
            .write_all(message.as_bytes())
            .and_then(|()| writer.flush())
            .is_err()
        {
            return;
        }
        message = match events.recv_timeout(KEEP_ALIVE) {
            Ok(generation) => format!("event: reload\ndata: {generation}\n\n"),
            Err(RecvTimeoutError::Timeout) => ": still here\n\n".into(),
            Err(RecvTimeoutError::Disconnected) => return,
        };
    }
}

/// A response, before it becomes HTTP.
#[derive(Debug)]
struct Reply {
    status: u16,
    content_type: &'static str,
    body: Vec<u8>,
    location: Option<String>,
}

impl Reply {
    fn new(status: u16, content_type: &'static str, body: impl Into<Vec<u8>>) -> Reply {
        Reply {
            status,
            content_type,
            body: body.into(),
            location: None,
        }
    }

    fn text(status: u16, text: &str) -> Reply {
        Reply::new(status, "text/plain; charset=utf-8", text)
    }

    fn redirect(to: String) -> Reply {
        Reply {
            location: Some(to),
            ..Reply::text(302, "moved")
        }
    }
}

/// The answer to `GET url` from the served site: pretty URLs below the base
/// path, a redirect to add the missing `/`, the site's 404 page otherwise.
fn respond(site: &ServedSite, url: &str) -> Reply {
    respond_from(site, site.tree(), url)
}

/// [`respond`] with the site's output `tree` (None: no build has worked yet).
fn respond_from(site: &ServedSite, tree: Option<&OutputTree>, url: &str) -> Reply {
    let (path, query) = url.find(['?', '#']).map_or((url, ""), |i| url.split_at(i));
    let query = query.split('#').next().unwrap_or("");
    let path = percent_decode(path);
    match path.as_str() {
        RELOAD_JS => return Reply::new(200, "text/javascript; charset=utf-8", RELOAD_SCRIPT),
        SERVE_CSS => return Reply::new(200, "text/css; charset=utf-8", SERVE_STYLES),
        _ => {}
    }
    let Some(tree) = tree else {
        return Reply::new(500, "text/html; charset=utf-8", error_page(site));
    };
    let base = site.base_path.as_str();
    let Some(rel) = path.strip_prefix(base) else {
        if path == "/" || format!("{path}/") == base {
            return Reply::redirect(format!("{base}{query}"));
        }
        return not_found(site, tree);
    };
    let file = if rel.is_empty() || rel.ends_with('/') {
        format!("{rel}index.html")
    } else {
        rel.to_string()
    };
    match tree.files.get(&file) {
        Some(bytes) => file_reply(site, 200, &file, bytes),
        None if !file.ends_with("index.html")
            && tree.files.contains_key(&format!("{rel}/index.html")) =>
        {
            Reply::redirect(format!("{path}/{query}"))
        }
        None => not_found(site, tree),
    }
}

fn not_found(site: &ServedSite, tree: &OutputTree) -> Reply {
    match tree.files.get("404.html") {
        Some(bytes) => file_reply(site, 404, "404.html", bytes),
        None => Reply::text(404, "not found"),
    }
}

fn file_reply(site: &ServedSite, status: u16, file: &str, bytes: &[u8]) -> Reply {
    let content_type = content_type(file);
    if content_type.starts_with("text/html") {
        Reply::new(
            status,
            content_type,
            decorate(&String::from_utf8_lossy(bytes), site),
        )
    } else {
        Reply::new(status, content_type, bytes)
    }
}

/// An HTML page as served: the reload script before `</body>` (or at the end,
/// where the minifier left out that optional tag) and, while the
/// latest build failed, the errors at the top of `<body>`.
fn decorate(html: &str, site: &ServedSite) -> String {
    let lower = html.to_ascii_lowercase();
    let script = reload_tag(site.generation);
    let end = lower.rfind("</body>").unwrap_or(html.len());
    let banner = if site.errors.is_empty() {
        String::new()
    } else {
        error_banner(&site.errors, LAST_GOOD)
    };
    let start = lower[..end]
        .find("<body")
        .and_then(|b| lower[b..end].find('>').map(|gt| b + gt + 1))
        .unwrap_or(end);
    let mut out = String::with_capacity(html.len() + script.len() + banner.len());
    out.push_str(&html[..start]);
    out.push_str(&banner);
    out.push_str(&html[start..end]);
    out.push_str(&script);
    out.push_str(&html[end..]);
    out
}

fn reload_tag(generation: u64) -> String {
    format!("<script src=\"{RELOAD_JS}\" data-build=\"{generation}\" defer></script>")
}

/// Said under the errors while the last good build is served.
const LAST_GOOD: &str = "Until they are fixed, this is the last build that worked.";

/// The errors of the latest build, each with its file, line and hint, after `lead`.
fn error_banner(errors: &[Diagnostic], lead: &str) -> String {
    let count = match errors.len() {
        1 => "1 error".to_string(),
        n => format!("{n} errors"),
    };
    let mut out = format!(
        "<link rel=\"stylesheet\" href=\"{SERVE_CSS}\"><section class=\"signpost-serve-errors\" role=\"alert\" aria-labelledby=\"signpost-serve-errors\">\
         <h2 id=\"signpost-serve-errors\">The site has {count}</h2>\
         <p>{lead} Save a fix and the page reloads.</p><ul>"
    );
    for d in errors {
        out.push_str("<li>");
        if let Some(file) = &d.file {
            let line = d.line.map(|l| format!(":{l}")).unwrap_or_default();
            let place = format!("{}{line}", file.display());
            out.push_str(&format!("<code>{}</code> ", escape_html(&place)));
        }
        out.push_str(&escape_html(&d.message));
        if let Some(hint) = &d.hint {
            out.push_str(&format!(
                "<span class=\"help\">help: {}</span>",
                escape_html(hint)
            ));
        }
        out.push_str("</li>");
    }
    out.push_str("</ul></section>");
    out
}

/// The page served in place of the site when no build has worked yet.
fn error_page(site: &ServedSite) -> String {
    let banner = error_banner(&site.errors, "No build of the site has worked yet.");
    format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>Build failed - signpost serve</title></head><body><main>{banner}</main>{}</body></html>",
        reload_tag(site.generation)
    )
}

fn content_type(file: &str) -> &'static str {
    let extension = file
        .rsplit_once('.')
        .map_or("", |(_, e)| e)
        .to_ascii_lowercase();
    match extension.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" | "map" => "application/json",
        "webmanifest" => "application/manifest+json",
        "xml" => "application/xml",
        "txt" | "md" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "pdf" => "application/pdf",
        _ => "application/octet-stream",
    }
}

/// `/law/h%C3%A4user/` → `/law/häuser/`; malformed escapes stay as they are.
fn percent_decode(path: &str) -> String {
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(base_path: &str, errors: Vec<Diagnostic>) -> (ServedSite, OutputTree) {
        let mut tree = OutputTree::default();
        tree.insert(
            "index.html",
            "<!doctype html><html><body class=x><p>home</p></body></html>",
        );
        tree.insert("law/index.html", "<html><body><p>law</p></body></html>");
        tree.insert("404.html", "<html><body><p>lost</p></body></html>");
        tree.insert("css/site.1a.css", "body{}");
        tree.insert("files/a b.pdf", "%PDF");
        let site = ServedSite {
            errors,
            base_path: base_path.into(),
            generation: 7,
            ..ServedSite::default()
        };
        (site, tree)
    }

    fn body(reply: &Reply) -> String {
        String::from_utf8_lossy(&reply.body).into_owned()
    }

    #[test]
    fn pretty_urls_redirects_and_404() {
        let (site, tree) = site("/", Vec::new());
        let home = respond_from(&site, Some(&tree), "/?utm=x");
        assert_eq!(
            (home.status, home.content_type),
            (200, "text/html; charset=utf-8")
        );
        assert!(body(&home).contains("<p>home</p>"));
        assert!(body(&respond_from(&site, Some(&tree), "/law/")).contains("<p>law</p>"));
        assert!(body(&respond_from(&site, Some(&tree), "/law/index.html")).contains("<p>law</p>"));
        let moved = respond_from(&site, Some(&tree), "/law?x=1");
        assert_eq!(
            (moved.status, moved.location.as_deref()),
            (302, Some("/law/?x=1"))
        );
        let lost = respond_from(&site, Some(&tree), "/nowhere/");
        assert_eq!(lost.status, 404);
        assert!(body(&lost).contains("<p>lost</p>"));
        assert_eq!(
            respond_from(&site, Some(&tree), "/css/site.1a.css").content_type,
            "text/css; charset=utf-8"
        );
        assert_eq!(
            respond_from(&site, Some(&tree), "/files/a%20b.pdf").content_type,
            "application/pdf"
        );
    }

    #[test]
    fn a_base_path_is_served_below_it() {
        let (site, tree) = site("/support/stalking/", Vec::new());
        for from in ["/", "/support/stalking"] {
            let reply = respond_from(&site, Some(&tree), from);
            assert_eq!(
                reply.location.as_deref(),
                Some("/support/stalking/"),
                "{from}"
            );
        }
        assert!(
            body(&respond_from(&site, Some(&tree), "/support/stalking/law/"))
                .contains("<p>law</p>")
        );
        assert_eq!(respond_from(&site, Some(&tree), "/law/").status, 404);
    }

    #[test]
    fn html_gets_the_reload_script_and_other_files_do_not() {
        let (site, tree) = site("/", Vec::new());
        let home = body(&respond_from(&site, Some(&tree), "/"));
        assert!(
            home.ends_with(
                "<p>home</p><script src=\"/__signpost/reload.js\" data-build=\"7\" defer></script></body></html>"
            ),
            "{home}"
        );
        assert!(!home.contains("signpost-serve-errors"));
        assert_eq!(
            body(&respond_from(&site, Some(&tree), "/css/site.1a.css")),
            "body{}"
        );
        let script = respond_from(&site, Some(&tree), "/__signpost/reload.js");
        assert_eq!(script.content_type, "text/javascript; charset=utf-8");
    }

    #[test]
    fn errors_show_over_the_last_good_site() {
        let error = Diagnostic::error("frontmatter", "unknown field `titel`")
            .in_file("content/law/<x>.md")
            .at_line(Some(2))
            .with_hint("did you mean `title`?");
        let (site, tree) = site("/", vec![error]);
        let home = body(&respond_from(&site, Some(&tree), "/"));
        let banner = home
            .find("<body class=x><link rel=\"stylesheet\" href=\"/__signpost/serve.css\"><section");
        assert!(banner.is_some(), "{home}");
        assert!(
            home.contains("<code>content/law/&lt;x&gt;.md:2</code> unknown field `titel`"),
            "{home}"
        );
        assert!(
            home.contains("help: did you mean `title`?") && home.contains("<p>home</p>"),
            "{home}"
        );
        assert!(!home.contains("style="), "no inline styles under the CSP");
    }

    #[test]
    fn without_a_good_build_every_page_is_the_error_page() {
        let (site, _) = site(
            "/",
            vec![Diagnostic::error("config", "bad").in_file("site.yaml")],
        );
        let reply = respond(&site, "/law/");
        assert_eq!(reply.status, 500);
        let page = body(&reply);
        assert!(
            page.contains("No build of the site has worked yet.")
                && page.contains("<code>site.yaml</code> bad"),
            "{page}"
        );
        assert!(page.contains("/__signpost/reload.js"), "{page}");
        assert_eq!(respond(&site, "/__signpost/serve.css").status, 200);
    }

    #[test]
    fn served_headers_keep_the_policy_but_not_the_https_upgrade() {
        let headers = served_headers(&["cdn.example".to_string()]);
        let csp = &headers
            .iter()
            .find(|(n, _)| *n == "Content-Security-Policy")
            .expect("CSP")
            .1;
        assert!(
            csp.contains("default-src 'none'") && csp.contains("https://cdn.example"),
            "{csp}"
        );
        assert!(csp.ends_with("frame-ancestors 'none'"), "{csp}");
        assert!(headers
            .iter()
            .any(|(n, v)| *n == "X-Content-Type-Options" && v == "nosniff"));
        assert!(headers
            .iter()
            .any(|(n, v)| *n == "Cache-Control" && v == "no-store"));
    }

    #[test]
    fn only_the_servers_own_host_names_are_allowed() {
        let loopback = OwnHosts::new("127.0.0.1:1111".parse().unwrap());
        for host in [
            "127.0.0.1:1111",
            "localhost:1111",
            "LOCALHOST:1111",
            "[::1]:1111",
        ] {
            assert!(loopback.allows(host), "{host}");
        }
        for host in [
            "evil.example",
            "evil.example:1111",
            "localhost",
            "10.0.0.2:1111",
            "",
        ] {
            assert!(!loopback.allows(host), "{host}");
        }
        let network = OwnHosts::new("192.168.1.5:8080".parse().unwrap());
        assert_eq!(network.first(), "192.168.1.5:8080");
        assert!(network.allows("192.168.1.5:8080") && network.allows("localhost:8080"));
        assert!(!network.allows("192.168.1.6:8080"));
        let everywhere = OwnHosts::new("0.0.0.0:8080".parse().unwrap());
        assert_eq!(everywhere.first(), "127.0.0.1:8080");
        assert!(everywhere.allows("192.168.1.6:8080") && everywhere.allows("[fe80::1]:8080"));
        assert!(!everywhere.allows("192.168.1.6:80") && !everywhere.allows("evil.example:8080"));
        let port_80 = OwnHosts::new("127.0.0.1:80".parse().unwrap());
        assert!(port_80.allows("localhost") && port_80.allows("127.0.0.1"));
    }

    #[test]
    fn percent_escapes_are_decoded() {
        assert_eq!(percent_decode("/h%C3%A4user/%2"), "/häuser/%2");
        assert_eq!(percent_decode("/a%zzb"), "/a%zzb");
    }
}
