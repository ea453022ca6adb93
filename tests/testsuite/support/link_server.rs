//! A local HTTP server for link checks, on 127.0.0.1 at an ephemeral port:
//! `/ok` 200, `/moved` 301 to `/ok`, `/gone` 404, `/no-head` 405 to HEAD
//! and 200 to GET, `/busy` 429 with `Retry-After: 1` the first time, `/slow`
//! after 3 s; anything else 500. Shared by the unit tests of `external` and
//! the CLI tests.

#![allow(dead_code)]

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// A request the server saw: method, path, User-Agent.
pub type Seen = Arc<Mutex<Vec<(String, String, String)>>>;

/// A server answering by path; returns its base URL and what it saw.
pub fn server() -> (String, Seen) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let seen: Seen = Arc::default();
    let log = seen.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let log = log.clone();
            std::thread::spawn(move || {
                // A TLS hello has no line end: give up on it soon.
                let _ = stream.set_read_timeout(Some(Duration::from_millis(300)));
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let mut line = String::new();
                let _ = reader.read_line(&mut line);
                let mut parts = line.split_whitespace();
                let method = parts.next().unwrap_or("").to_string();
                let path = parts.next().unwrap_or("").to_string();
                let mut agent = String::new();
                loop {
                    let mut header = String::new();
                    if reader.read_line(&mut header).unwrap_or(0) == 0 || header.trim().is_empty() {
                        break;
                    }
                    if let Some(v) = header.to_ascii_lowercase().strip_prefix("user-agent:") {
                        agent = v.trim().to_string();
                    }
                }
                let busy_before = {
                    let mut log = log.lock().unwrap();
                    let before = log.iter().any(|(_, p, _)| p == "/busy");
                    log.push((method.clone(), path.clone(), agent));
                    before
                };
                let answer = match (method.as_str(), path.as_str()) {
                    (_, "/ok") => "200 OK\r\n".to_string(),
                    (_, "/moved") => "301 Moved Permanently\r\nLocation: /ok\r\n".into(),
                    (_, "/gone") => "404 Not Found\r\n".into(),
                    ("HEAD", "/no-head") => "405 Method Not Allowed\r\n".into(),
                    ("GET", "/no-head") => "200 OK\r\n".into(),
                    (_, "/busy") if !busy_before => {
                        "429 Too Many Requests\r\nRetry-After: 1\r\n".into()
                    }
                    (_, "/busy") => "200 OK\r\n".into(),
                    (_, "/slow") => {
                        std::thread::sleep(Duration::from_secs(3));
                        "200 OK\r\n".into()
                    }
                    _ => "500 Internal Server Error\r\n".into(),
                };
                let mut stream = stream;
                let _ = write!(
                    stream,
                    "HTTP/1.1 {answer}Content-Length: 0\r\nConnection: close\r\n\r\n"
                );
            });
        }
    });
    (base, seen)
}
