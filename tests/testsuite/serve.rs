//! `signpost serve`: the real binary on a free port, fetched over plain HTTP.
//! Every wait is bounded, and the server is killed when a test ends or fails.

use crate::support::SiteTest;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Long enough for a build on a busy CI machine, short enough that nothing hangs.
const PATIENCE: Duration = Duration::from_secs(30);

/// A running `signpost serve`, killed on drop.
struct Server {
    child: Child,
    /// `127.0.0.1:PORT`
    address: String,
    /// The URL path it printed (the site's base path).
    base: String,
    /// Everything it printed so far.
    log: Arc<Mutex<String>>,
}

impl Server {
    fn start(site: &SiteTest, args: &[&str]) -> Server {
        Server::start_on(site, args, "2026-11-21")
    }

    /// Started as if it were `today` (`SIGNPOST_TODAY`).
    fn start_on(site: &SiteTest, args: &[&str], today: &str) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_signpost"))
            .arg("serve")
            .args(["--port", "0"])
            .args(args)
            .current_dir(site.site())
            .env("NO_COLOR", "1")
            .env("SIGNPOST_TODAY", today)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start signpost serve");
        let log = Arc::new(Mutex::new(String::new()));
        let (lines, url) = mpsc::channel();
        for pipe in [
            child
                .stdout
                .take()
                .map(|p| Box::new(p) as Box<dyn Read + Send>),
            child
                .stderr
                .take()
                .map(|p| Box::new(p) as Box<dyn Read + Send>),
        ]
        .into_iter()
        .flatten()
        {
            let (log, lines) = (Arc::clone(&log), lines.clone());
            std::thread::spawn(move || {
                for line in BufReader::new(pipe).lines().map_while(Result::ok) {
                    log.lock().unwrap().push_str(&format!("{line}\n"));
                    let _ = lines.send(line);
                }
            });
        }
        let mut server = Server {
            child,
            address: String::new(),
            base: String::new(),
            log,
        };
        let url = server.printed_url(&url);
        let rest = url.strip_prefix("http://").expect("http URL");
        let slash = rest.find('/').unwrap_or(rest.len());
        server.address = rest[..slash].to_string();
        server.base = rest[slash..].to_string();
        server
    }

    /// The URL of `serving http://... (Ctrl+C to stop)`.
    fn printed_url(&self, lines: &Receiver<String>) -> String {
        let deadline = Instant::now() + PATIENCE;
        while let Some(left) = deadline.checked_duration_since(Instant::now()) {
            match lines.recv_timeout(left) {
                Ok(line) => {
                    if let Some(rest) = line.strip_prefix("serving ") {
                        assert!(line.ends_with("(Ctrl+C to stop)"), "{line}");
                        return rest.split(' ').next().unwrap_or_default().to_string();
                    }
                }
                Err(_) => break,
            }
        }
        panic!("no `serving http://...` line; output:\n{}", self.log());
    }

    fn log(&self) -> String {
        self.log.lock().unwrap().clone()
    }

    /// `GET path` over HTTP/1.0: status, headers (names lowercased), body.
    /// Assert that serve printed `text`, or prints it within a few seconds:
    /// it prints an update's line after the new pages are served.
    fn printed(&self, text: &str) {
        let deadline = Instant::now() + Duration::from_secs(10);
        while !self.log().contains(text) && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(50));
        }
        let log = self.log();
        assert!(
            log.contains(text),
            "expected {text:?} in what serve printed:\n{log}"
        );
    }

    /// Send `request` as written and read the reply; its status.
    fn raw(&self, request: &str) -> (u16, String) {
        let mut stream = TcpStream::connect(&self.address).expect("connect");
        stream.set_read_timeout(Some(PATIENCE)).unwrap();
        stream.write_all(request.as_bytes()).unwrap();
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).expect("read the response");
        let raw = String::from_utf8_lossy(&raw).into_owned();
        let status = raw
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| panic!("no status line in {raw:?}"));
        (status, raw)
    }

    /// The threads of the server process now.
    fn threads(&self) -> usize {
        std::fs::read_dir(format!("/proc/{}/task", self.child.id()))
            .map(|d| d.count())
            .unwrap_or_default()
    }

    fn get(&self, path: &str) -> Reply {
        let mut stream = TcpStream::connect(&self.address).expect("connect");
        stream.set_read_timeout(Some(PATIENCE)).unwrap();
        write!(
            stream,
            "GET {path} HTTP/1.0\r\nHost: {}\r\n\r\n",
            self.address
        )
        .unwrap();
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).expect("read the response");
        let raw = String::from_utf8_lossy(&raw).into_owned();
        let (head, body) = raw.split_once("\r\n\r\n").expect("a whole response");
        let mut lines = head.lines();
        let status = lines
            .next()
            .and_then(|l| l.split(' ').nth(1))
            .and_then(|s| s.parse().ok())
            .expect("a status line");
        let headers = lines
            .filter_map(|l| l.split_once(": "))
            .map(|(k, v)| (k.to_ascii_lowercase(), v.to_string()))
            .collect();
        Reply {
            status,
            headers,
            body: body.to_string(),
        }
    }

    /// GET `path` until `done` holds for the reply, or fail after a while.
    fn poll(&self, path: &str, what: &str, done: impl Fn(&Reply) -> bool) -> Reply {
        let deadline = Instant::now() + PATIENCE;
        loop {
            let reply = self.get(path);
            if done(&reply) {
                return reply;
            }
            assert!(
                Instant::now() < deadline,
                "{what}: not seen at {path}\nlast reply:\n{}\nserver output:\n{}",
                reply.body,
                self.log()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Open `/__signpost/events` (HTTP/1.1, kept open) and wait for its `hello`.
    fn events(&self) -> EventStream {
        let stream = TcpStream::connect(&self.address).expect("connect");
        stream.set_read_timeout(Some(PATIENCE)).unwrap();
        let mut events = EventStream {
            reader: BufReader::new(stream),
        };
        write!(
            events.reader.get_mut(),
            "GET /__signpost/events HTTP/1.1\r\nHost: {}\r\nAccept: text/event-stream\r\n\r\n",
            self.address
        )
        .unwrap();
        let status = events.line();
        assert!(status.starts_with("HTTP/1.1 200"), "{status}");
        let head = events.until("event: hello");
        assert!(head.contains("Content-Type: text/event-stream"), "{head}");
        events
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl Reply {
    fn header(&self, name: &str) -> &str {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map_or("", |(_, v)| v)
    }
}

struct EventStream {
    reader: BufReader<TcpStream>,
}

impl EventStream {
    fn line(&mut self) -> String {
        let mut line = String::new();
        self.reader
            .read_line(&mut line)
            .expect("the event stream stays open and answers in time");
        assert!(!line.is_empty(), "the event stream was closed");
        line
    }

    /// Read lines until one is `wanted`; everything read, for messages.
    fn until(&mut self, wanted: &str) -> String {
        let mut seen = String::new();
        loop {
            let line = self.line();
            seen.push_str(&line);
            if line.trim_end() == wanted {
                return seen;
            }
        }
    }
}

/// A template of the built-in default theme, as a site may copy it.
fn default_template(name: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates");
    std::fs::read_to_string(path.join(name)).unwrap()
}

fn scotland(extra: &str) -> String {
    format!(
        "---\ntitle: Scotland\ndescription: The law in Scotland.\nweight: 2\nreviewed: 2026-09-14\n\
         aliases: [/old/scotland/]\n---\n\
         ## What the law says\n\n{extra}\n"
    )
}

#[test]
fn pages_are_served_with_security_headers_and_the_reload_script() {
    let site = SiteTest::from_fixture("basic");
    let server = Server::start(&site, &[]);
    assert_eq!(server.base, "/");

    let home = server.get("/");
    assert_eq!(home.status, 200, "{}", home.body);
    assert_eq!(home.header("content-type"), "text/html; charset=utf-8");
    let csp = home.header("content-security-policy");
    assert!(
        csp.contains("default-src 'none'") && csp.contains("connect-src 'self'"),
        "{csp}"
    );
    assert!(
        !csp.contains("upgrade-insecure-requests"),
        "plain HTTP on loopback: {csp}"
    );
    assert_eq!(home.header("x-content-type-options"), "nosniff");
    assert_eq!(home.header("referrer-policy"), "no-referrer");
    assert_eq!(home.header("x-frame-options"), "DENY");
    let script = home
        .body
        .find("<script src=\"/__signpost/reload.js\"")
        .expect("reload script");
    // In the body: before `</body>`, or at the end where the minifier left
    // out that optional tag.
    let body = home.body.find("<body").expect("<body");
    let end = home.body.rfind("</body>").unwrap_or(home.body.len());
    assert!(body < script && script < end, "{}", home.body);

    let law = server.get("/law");
    assert_eq!((law.status, law.header("location")), (302, "/law/"));
    assert!(server.get("/law/").body.contains("England and Wales"));

    let missing = server.get("/no/such/page/");
    assert_eq!(missing.status, 404);
    assert!(
        missing.body.contains("noindex"),
        "the site's 404 page: {}",
        missing.body
    );
    assert!(missing
        .header("content-security-policy")
        .contains("default-src 'none'"));

    let js = server.get("/__signpost/reload.js");
    assert_eq!(js.header("content-type"), "text/javascript; charset=utf-8");
    assert!(js.body.contains("new EventSource(\"/__signpost/events\")"));
    let robots = server.get("/robots.txt");
    assert_eq!(robots.header("content-type"), "text/plain; charset=utf-8");
    assert!(!robots.body.contains("__signpost"));
}

#[test]
fn an_edit_is_served_and_announced_to_open_tabs() {
    let site = SiteTest::from_fixture("basic");
    let server = Server::start(&site, &[]);
    let mut events = server.events();

    site.write("content/law/scotland.md", scotland("Freshly edited words."));
    let reload = events.until("event: reload");
    assert!(reload.contains("event: reload"), "{reload}");
    server.poll("/law/scotland/", "the edit", |r| {
        r.body.contains("Freshly edited words.")
    });
    server.printed("content/law/scotland.md changed (content)");
}

#[test]
fn a_broken_edit_shows_its_errors_over_the_last_good_site_until_fixed() {
    let site = SiteTest::from_fixture("basic");
    let server = Server::start(&site, &[]);
    let before = server.get("/law/scotland/");
    assert!(
        before.body.contains("Stalking is a crime"),
        "{}",
        before.body
    );

    site.write(
        "content/law/scotland.md",
        "---\ntitel: Scotland\ndescription: x\n---\nHalf-saved text.\n",
    );
    let broken = server.poll("/law/scotland/", "the errors banner", |r| {
        r.body.contains("signpost-serve-errors")
    });
    assert_eq!(broken.status, 200);
    assert!(
        broken.body.contains("content/law/scotland.md:2"),
        "file and line: {}",
        broken.body
    );
    assert!(
        broken.body.contains("Stalking is a crime"),
        "the last good page: {}",
        broken.body
    );
    assert!(!broken.body.contains("Half-saved text."));
    assert!(broken
        .body
        .contains("<link rel=\"stylesheet\" href=\"/__signpost/serve.css\">"));
    let css = server.get("/__signpost/serve.css");
    assert_eq!(css.header("content-type"), "text/css; charset=utf-8");
    server.printed("content/law/scotland.md:2");

    site.write("content/law/scotland.md", scotland("Fixed again."));
    server.poll("/law/scotland/", "the fixed page", |r| {
        r.body.contains("Fixed again.") && !r.body.contains("signpost-serve-errors")
    });
}

#[test]
fn a_site_that_never_built_shows_an_error_page_until_it_builds() {
    let site = SiteTest::from_fixture("basic");
    site.write("content/law/scotland.md", "---\ntitle: [unclosed\n---\n");
    let server = Server::start(&site, &[]);
    let page = server.get("/law/scotland/");
    assert_eq!(page.status, 500);
    assert!(
        page.body.contains("content/law/scotland.md:"),
        "{}",
        page.body
    );
    assert!(page.body.contains("/__signpost/reload.js"), "{}", page.body);
    assert!(page
        .header("content-security-policy")
        .contains("default-src 'none'"));
    assert!(
        !page.body.contains("style="),
        "no inline styles under the CSP"
    );

    site.write("content/law/scotland.md", scotland("Now it builds."));
    server.poll("/law/scotland/", "the site", |r| {
        r.status == 200 && r.body.contains("Now it builds.")
    });
}

#[test]
fn a_base_path_is_served_below_it_and_the_root_redirects_there() {
    let site = SiteTest::from_fixture("basic");
    let config = std::fs::read_to_string(site.site().join("site.yaml")).unwrap();
    site.write(
        "site.yaml",
        config.replace(
            "https://example.org/",
            "https://example.org/support/stalking/",
        ),
    );
    let server = Server::start(&site, &[]);
    assert_eq!(server.base, "/support/stalking/");
    let root = server.get("/");
    assert_eq!(
        (root.status, root.header("location")),
        (302, "/support/stalking/")
    );
    assert_eq!(
        server.get("/support/stalking").header("location"),
        "/support/stalking/"
    );
    assert!(server
        .get("/support/stalking/law/scotland/")
        .body
        .contains("Stalking is a crime"));
    assert_eq!(server.get("/law/scotland/").status, 404);
}

#[test]
fn an_edit_to_one_page_renders_only_that_page() {
    let site = SiteTest::from_fixture("basic");
    let server = Server::start(&site, &[]);
    site.write(
        "content/law/scotland.md",
        scotland("Only this page changes."),
    );
    server.poll("/law/scotland/", "the edit", |r| {
        r.body.contains("Only this page changes.")
    });
    server.printed("updated 1 of 4 pages in");
    // The other pages are still served, as they were.
    assert!(server
        .get("/law/england/")
        .body
        .contains("Protection from Harassment Act"));
}

#[test]
fn the_search_index_follows_an_edit() {
    let site = SiteTest::from_fixture("basic");
    let server = Server::start(&site, &[]);
    assert!(!server
        .get("/search/index.en-gb.json")
        .body
        .contains("zanzibarish"));
    site.write("content/law/scotland.md", scotland("A zanzibarish word."));
    server.poll(
        "/search/index.en-gb.json",
        "the new word in the index",
        |r| r.body.contains("zanzibarish"),
    );
}

#[test]
fn a_new_title_is_shown_where_the_page_is_listed() {
    let site = SiteTest::from_fixture("basic");
    let server = Server::start(&site, &[]);
    site.write(
        "content/law/scotland.md",
        scotland("Same words.").replace("title: Scotland", "title: Scotland and the islands"),
    );
    let law = server.poll("/law/", "the section listing the new title", |r| {
        r.body.contains("Scotland and the islands")
    });
    assert!(!law.body.contains("signpost-serve-errors"), "{}", law.body);
    server.printed("updated 2 of 4 pages in");
}

#[test]
fn a_section_in_the_navigation_renamed_shows_on_every_page() {
    let site = SiteTest::from_fixture("basic");
    let server = Server::start(&site, &[]);
    site.write(
        "content/law/_index.md",
        "---\ntitle: What the law says\ndescription: What the law says.\nweight: 1\nreviewed: 2026-09-14\n---\n\
         ## Overview\n\nSee [Scotland](scotland.md#what-the-law-says) and [England](england.md).\n",
    );
    server.poll("/law/england/", "the new name in the navigation", |r| {
        r.body.contains(">What the law says<")
    });
    assert!(server.get("/").body.contains(">What the law says<"));
    server.printed("updated 4 of 4 pages in");
}

#[test]
fn a_renamed_heading_breaks_links_to_it_from_other_pages() {
    let site = SiteTest::from_fixture("basic");
    site.write(
        "content/law/england.md",
        "---\ntitle: England and Wales\ndescription: The law in England and Wales.\nreviewed: 2026-09-14\n---\n\
         See [the law in Scotland](scotland.md#what-the-law-says).\n",
    );
    let server = Server::start(&site, &[]);
    assert!(!server
        .get("/law/england/")
        .body
        .contains("signpost-serve-errors"));
    site.write(
        "content/law/scotland.md",
        scotland("x").replace("## What the law says", "## The law today"),
    );
    let england = server.poll("/law/england/", "the broken anchor reported", |r| {
        r.body.contains("signpost-serve-errors")
    });
    assert!(
        england.body.contains("content/law/england.md")
            && england.body.contains("what-the-law-says"),
        "{}",
        england.body
    );
    site.write("content/law/scotland.md", scotland("y"));
    server.poll("/law/england/", "the anchor mended", |r| {
        !r.body.contains("signpost-serve-errors")
    });
}

#[test]
fn a_service_edit_renders_the_pages_that_show_it_or_write_its_number() {
    let site = SiteTest::from_fixture("basic");
    site.write(
        "content/law/scotland.md",
        scotland("Support is there.").replace(
            "reviewed:",
            "services: [national-stalking-helpline]\nreviewed:",
        ),
    );
    site.write(
        "content/law/england.md",
        "---\ntitle: England and Wales\ndescription: The law in England and Wales.\nweight: 1\nreviewed: 2026-09-14\n---\n\
         Call 0808 802 0300 for advice.\n",
    );
    let services = std::fs::read_to_string(site.site().join("data/services.yaml")).unwrap();
    let server = Server::start(&site, &[]);
    assert!(server
        .get("/law/england/")
        .body
        .contains("tel:+448088020300"));

    site.write(
        "data/services.yaml",
        services.replace("Weekdays 9:30am to 4pm", "Every day 9am to 8pm"),
    );
    server.poll("/law/scotland/", "the new hours on the card", |r| {
        r.body.contains("Every day 9am to 8pm")
    });
    server.printed("updated 1 of 4 pages in");

    site.write(
        "data/services.yaml",
        services.replace("0808 802 0300", "0808 802 0301"),
    );
    let england = server.poll("/law/england/", "the old number no longer linked", |r| {
        !r.body.contains("tel:+448088020300")
    });
    assert!(
        england.body.contains("Call 0808 802 0300"),
        "{}",
        england.body
    );
    assert!(server
        .get("/law/scotland/")
        .body
        .contains("tel:+448088020301"));
    server.printed("updated 2 of 4 pages in");
    server.printed("number 0808 802 0300 is not in data/services.yaml");
}

#[test]
fn a_template_edit_renders_the_pages_that_use_it() {
    let site = SiteTest::from_fixture("basic");
    let page_template = default_template("page.html");
    site.write("templates/page.html", &page_template);
    let server = Server::start(&site, &[]);
    site.write(
        "templates/page.html",
        page_template.replace(
            "<div class=\"prose\">",
            "<div class=\"prose\"><p>From the site's own page template.</p>",
        ),
    );
    server.poll("/law/scotland/", "the edited template", |r| {
        r.body.contains("From the site&#39;s own page template.")
            || r.body.contains("From the site's own page template.")
    });
    assert!(server
        .get("/law/england/")
        .body
        .contains("own page template"));
    assert!(!server.get("/law/").body.contains("own page template"));
    server.printed("updated 2 of 4 pages in");

    // base.html is extended by every template: every page is rendered again.
    let base = default_template("base.html");
    site.write(
        "templates/base.html",
        base.replace("</footer>", "<p>Base edited.</p></footer>"),
    );
    server.poll("/law/", "the edited base template", |r| {
        r.body.contains("Base edited.")
    });
    server.printed("updated 4 of 4 pages in");
}

#[test]
fn review_dates_are_checked_against_signpost_today() {
    let site = SiteTest::from_fixture("basic");
    let server = Server::start_on(&site, &[], "2030-01-01");
    server.printed("review overdue since");
}

#[test]
fn drafts_are_served_only_with_drafts() {
    let site = SiteTest::from_fixture("basic");
    site.write(
        "content/law/wales.md",
        "---\ntitle: Wales draft\ndescription: Not yet.\ndraft: true\n---\nWork in progress.\n",
    );
    let server = Server::start(&site, &[]);
    assert_eq!(server.get("/law/wales/").status, 404);
    drop(server);
    let server = Server::start(&site, &["--drafts"]);
    assert!(server.get("/law/wales/").body.contains("Work in progress."));
}

#[test]
fn adding_a_page_builds_the_whole_site() {
    let site = SiteTest::from_fixture("law");
    let server = Server::start(&site, &[]);
    site.write(
        "content/law/northern-ireland.md",
        "---\ntitle: Northern Ireland\ndescription: The law there.\nreviewed: 2026-09-14\n---\nNew page.\n",
    );
    server.poll("/law/", "the new page listed", |r| {
        r.body.contains("Northern Ireland")
    });
    assert!(server
        .get("/law/northern-ireland/")
        .body
        .contains("New page."));
    // The fixture's three pages and the new one.
    server.printed("built 4 pages");
}

#[test]
fn deleting_a_page_is_just_another_change() {
    let site = SiteTest::from_fixture("basic");
    let server = Server::start(&site, &[]);
    site.remove("content/law/england.md");
    let law = server.poll("/law/", "the broken link reported", |r| {
        r.body.contains("signpost-serve-errors")
    });
    assert!(law.body.contains("content/law/_index.md"), "{}", law.body);
    site.write(
        "content/law/_index.md",
        "---\ntitle: The law\ndescription: What the law says.\n---\n## Overview\n\nSee [Scotland](scotland.md).\n",
    );
    server.poll("/law/england/", "the page gone", |r| r.status == 404);
    let law = server.get("/law/");
    assert!(!law.body.contains("signpost-serve-errors"), "{}", law.body);
}

#[test]
fn a_network_address_is_warned_about() {
    let site = SiteTest::from_fixture("basic");
    let server = Server::start(&site, &["--bind", "0.0.0.0"]);
    server.printed("visible to others on the network");
}

#[test]
fn built_output_never_contains_the_reload_script() {
    let site = SiteTest::from_fixture("basic");
    site.build();
    for entry in walkdir::WalkDir::new(site.site().join("public")) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let bytes = std::fs::read(entry.path()).unwrap();
            assert!(
                !String::from_utf8_lossy(&bytes).contains("__signpost"),
                "{}",
                entry.path().display()
            );
        }
    }
}

#[test]
fn only_requests_for_the_servers_own_address_are_answered() {
    let site = SiteTest::from_fixture("basic");
    let server = Server::start(&site, &[]);
    let port = server.address.rsplit(':').next().unwrap().to_string();
    let request = |host: &str| format!("GET / HTTP/1.1\r\n{host}Connection: close\r\n\r\n");
    for own in [
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        format!("LocalHost:{port}"),
        format!("[::1]:{port}"),
    ] {
        let (status, reply) = server.raw(&request(&format!("Host: {own}\r\n")));
        assert_eq!(status, 200, "Host: {own}\n{reply}");
    }
    // A page of another site whose name was made to point here (DNS rebinding).
    for other in [
        "evil.example".to_string(),
        format!("evil.example:{port}"),
        "127.0.0.1:1".to_string(),
        format!("localhost.evil.example:{port}"),
    ] {
        let (status, reply) = server.raw(&request(&format!("Host: {other}\r\n")));
        assert_eq!(status, 403, "Host: {other}\n{reply}");
        assert!(
            reply.contains(&format!("open http://127.0.0.1:{port}/")) && !reply.contains("<main"),
            "{reply}"
        );
        let (status, _) = server.raw(&format!(
            "GET /__signpost/events HTTP/1.1\r\nHost: {other}\r\n\r\n"
        ));
        assert_eq!(status, 403, "the event stream too, for Host: {other}");
    }
    let (status, _) = server.raw(&request(""));
    assert_eq!(status, 403, "HTTP/1.1 without Host");
    let (status, _) = server.raw("GET / HTTP/1.0\r\n\r\n");
    assert_eq!(status, 200, "HTTP/1.0 needs no Host");
}

#[test]
fn idle_connections_and_open_tabs_neither_block_requests_nor_add_threads() {
    let site = SiteTest::from_fixture("basic");
    let server = Server::start(&site, &[]);
    // Count once the server has settled: its workers and watcher start
    // while it begins to answer.
    assert_eq!(server.get("/").status, 200);
    let mut before = server.threads();
    for _ in 0..20 {
        std::thread::sleep(Duration::from_millis(50));
        let now = server.threads();
        if now == before {
            break;
        }
        before = now;
    }
    assert!(before > 0, "the thread count of the server is readable");
    let idle: Vec<TcpStream> = (0..200)
        .map(|_| TcpStream::connect(&server.address).expect("connect"))
        .collect();
    // Half a request each, too: a head never finished.
    for mut stream in idle.iter().take(100) {
        stream.write_all(b"GET / HTTP/1.1\r\nHost: x").unwrap();
    }
    let tabs: Vec<EventStream> = (0..8).map(|_| server.events()).collect();
    let started = Instant::now();
    let home = server.get("/");
    assert_eq!(home.status, 200, "{}", home.body);
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "answered in {:?}",
        started.elapsed()
    );
    let during = server.threads();
    // One thread for each open tab's event stream, none for an idle connection.
    assert!(
        during <= before + tabs.len() + 2,
        "{before} threads before, {during} with 200 idle connections and {} tabs",
        tabs.len()
    );
    drop(idle);
}

#[test]
fn the_report_is_served_at_its_own_path_and_follows_every_edit() {
    let site = SiteTest::from_fixture("basic");
    let server = Server::start(&site, &[]);
    let reply = server.get("/_signpost/report");
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert!(
        reply
            .body
            .contains("<h1>Content health: Basic test site</h1>"),
        "{}",
        reply.body
    );
    assert!(
        reply
            .body
            .contains("<strong>0</strong><span>pages overdue for review</span>"),
        "{}",
        reply.body
    );
    assert!(
        reply.body.contains("<strong>Passes</strong>"),
        "the report knows the site was audited: {}",
        reply.body
    );
    assert!(
        reply.body.contains("/__signpost/reload.js"),
        "the tab reloads after a rebuild"
    );
    assert!(reply
        .body
        .contains("script-src 'self'; connect-src 'self';"));
    let policy = reply
        .headers
        .iter()
        .find(|(k, _)| k == "content-security-policy");
    assert!(
        policy.is_none(),
        "the site's policy would block the report's style: {policy:?}"
    );
    // A page edited to be overdue shows in the report at once.
    site.write(
        "content/law/scotland.md",
        scotland("Old words.").replace("reviewed: 2026-09-14", "reviewed: 2024-01-10"),
    );
    server.poll("/_signpost/report", "the overdue page", |r| {
        r.body
            .contains("<strong>1</strong><span>pages overdue for review</span>")
    });
    // Only serve answers it: a build writes no report.
    site.run(&["build"]);
    assert!(!site.site().join("public/_signpost").exists());
}
