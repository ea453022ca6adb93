//! The HTTP server under `signpost serve`, with a bounded number of threads:
//! one thread waits on every open connection at once (mio) until its request
//! head has arrived (parsed by httparse), and a fixed pool of workers answers
//! the requests. An idle connection costs no thread, and is closed after a
//! while. One request per connection (`Connection: close`).

use mio::net::{TcpListener, TcpStream};
use mio::{Events, Interest, Poll, Token};
use std::collections::HashMap;
use std::io::{self, Read, Write};
use std::net::SocketAddr;
use std::sync::mpsc::{self, Receiver, SyncSender, TrySendError};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

/// Workers answering requests. Requests from memory take microseconds; an
/// event stream is handed on to its own thread by the handler.
pub const WORKERS: usize = 4;
/// Connections waiting for a worker; more are answered 503.
const QUEUE: usize = 64;
/// Connections open at once (most idle); the oldest is closed for a new one.
pub const MAX_OPEN: usize = 512;
/// How long a connection may take to send its request head.
const HEAD_TIMEOUT: Duration = Duration::from_secs(10);
/// The longest request head read.
const MAX_HEAD: usize = 16 * 1024;
const LISTENER: Token = Token(usize::MAX);

/// A request whose head has arrived, with its connection (blocking again).
pub struct Request {
    pub method: String,
    /// The request target: the path and query.
    pub target: String,
    /// The `Host` header, if there is one.
    pub host: Option<String>,
    /// HTTP/1.1 (which requires `Host`), not HTTP/1.0.
    pub http11: bool,
    pub stream: std::net::TcpStream,
}

/// A listening socket, before [`serve`] runs on it.
pub struct Listener {
    listener: TcpListener,
}

impl Listener {
    pub fn bind(address: SocketAddr) -> io::Result<Listener> {
        Ok(Listener {
            listener: TcpListener::bind(address)?,
        })
    }

    pub fn local_addr(&self) -> io::Result<SocketAddr> {
        self.listener.local_addr()
    }
}

/// Serve for ever on background threads: `handle` is called on a worker for
/// every request head that arrives.
pub fn serve(
    listener: Listener,
    handle: impl Fn(Request) + Send + Sync + 'static,
) -> io::Result<()> {
    let poll = Poll::new()?;
    let (queue, requests) = mpsc::sync_channel(QUEUE);
    let requests = Arc::new(Mutex::new(requests));
    let handle = Arc::new(handle);
    for _ in 0..WORKERS {
        let (requests, handle) = (Arc::clone(&requests), Arc::clone(&handle));
        std::thread::spawn(move || work(&requests, &*handle));
    }
    std::thread::spawn(move || wait_for_heads(poll, listener.listener, &queue));
    Ok(())
}

fn work(requests: &Mutex<Receiver<Request>>, handle: &(dyn Fn(Request) + Send + Sync)) {
    loop {
        let next = requests
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .recv();
        match next {
            Ok(request) => handle(request),
            Err(_) => return,
        }
    }
}

/// A connection whose request head has not all arrived.
struct Pending {
    stream: TcpStream,
    head: Vec<u8>,
    since: Instant,
}

/// Accept connections and read their heads; hand each complete head to the workers.
fn wait_for_heads(mut poll: Poll, mut listener: TcpListener, queue: &SyncSender<Request>) {
    if poll
        .registry()
        .register(&mut listener, LISTENER, Interest::READABLE)
        .is_err()
    {
        return;
    }
    let mut events = Events::with_capacity(256);
    let mut pending: HashMap<Token, Pending> = HashMap::new();
    let mut next_token = 0usize;
    loop {
        if poll
            .poll(&mut events, Some(Duration::from_secs(1)))
            .is_err()
        {
            continue;
        }
        // Every time, not only on the listener's event: a connection left
        // waiting when no descriptor was free is taken once one is.
        accept(&poll, &mut listener, &mut pending, &mut next_token);
        for event in events.iter().filter(|e| e.token() != LISTENER) {
            if let Some(request) = read_head(&poll, &mut pending, event.token()) {
                match queue.try_send(request) {
                    Ok(()) => {}
                    Err(TrySendError::Full(mut request)) => {
                        let _ = respond(
                            &mut request.stream,
                            503,
                            &[("Content-Type", "text/plain; charset=utf-8".into())],
                            b"busy: try again",
                            false,
                        );
                    }
                    Err(TrySendError::Disconnected(_)) => return,
                }
            }
        }
        let now = Instant::now();
        pending.retain(|_, p| now.duration_since(p.since) < HEAD_TIMEOUT);
    }
}

fn accept(
    poll: &Poll,
    listener: &mut TcpListener,
    pending: &mut HashMap<Token, Pending>,
    next_token: &mut usize,
) {
    while let Ok((mut stream, _)) = listener.accept() {
        if pending.len() >= MAX_OPEN {
            let oldest = pending.iter().min_by_key(|(_, p)| p.since).map(|(t, _)| *t);
            if let Some(mut gone) = oldest.and_then(|t| pending.remove(&t)) {
                let _ = poll.registry().deregister(&mut gone.stream);
            }
        }
        let token = Token(*next_token);
        *next_token = (*next_token + 1) % LISTENER.0;
        if poll
            .registry()
            .register(&mut stream, token, Interest::READABLE)
            .is_ok()
        {
            pending.insert(
                token,
                Pending {
                    stream,
                    head: Vec::new(),
                    since: Instant::now(),
                },
            );
        }
    }
}

/// Read what has arrived on a connection: its request once the head is whole.
/// A connection closed, unreadable or with a head too long is dropped.
fn read_head(poll: &Poll, pending: &mut HashMap<Token, Pending>, token: Token) -> Option<Request> {
    let conn = pending.get_mut(&token)?;
    let mut buffer = [0u8; 4096];
    let complete = loop {
        match conn.stream.read(&mut buffer) {
            Ok(0) => break None,
            Ok(n) => {
                conn.head.extend_from_slice(&buffer[..n]);
                if conn.head.len() > MAX_HEAD {
                    break None;
                }
                if conn.head.windows(4).any(|w| w == b"\r\n\r\n") {
                    break Some(true);
                }
            }
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => return None,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(_) => break None,
        }
    };
    let mut conn = pending.remove(&token)?;
    let _ = poll.registry().deregister(&mut conn.stream);
    complete?;
    let mut stream = into_blocking(conn.stream)?;
    let mut headers = [httparse::EMPTY_HEADER; 64];
    let mut parsed = httparse::Request::new(&mut headers);
    let request = match parsed.parse(&conn.head) {
        Ok(httparse::Status::Complete(_)) => parsed,
        _ => {
            let _ = respond(&mut stream, 400, &[], b"", false);
            return None;
        }
    };
    let host = request
        .headers
        .iter()
        .find(|h| h.name.eq_ignore_ascii_case("host"))
        .map(|h| String::from_utf8_lossy(h.value).into_owned());
    Some(Request {
        method: request.method.unwrap_or_default().to_string(),
        target: request.path.unwrap_or_default().to_string(),
        host,
        http11: request.version == Some(1),
        stream,
    })
}

fn into_blocking(stream: TcpStream) -> Option<std::net::TcpStream> {
    let stream = std::net::TcpStream::from(stream);
    stream.set_nonblocking(false).ok()?;
    // A client that stops reading does not hold a worker for long.
    stream.set_write_timeout(Some(HEAD_TIMEOUT)).ok()?;
    Some(stream)
}

/// Write a whole response and end the connection (`head_only`: for HEAD).
pub fn respond(
    stream: &mut std::net::TcpStream,
    status: u16,
    headers: &[(&str, String)],
    body: &[u8],
    head_only: bool,
) -> io::Result<()> {
    let mut head = format!("HTTP/1.1 {status} {}\r\n", reason(status));
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str(&format!(
        "Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    ));
    stream.write_all(head.as_bytes())?;
    if !head_only {
        stream.write_all(body)?;
    }
    stream.flush()
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        302 => "Found",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "",
    }
}
