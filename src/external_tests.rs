//! `check --external` against a local server on 127.0.0.1 (an ephemeral
//! port) that answers 200, 301, 404, 405 to HEAD, 429 with Retry-After, and slowly.

use super::*;
use std::time::Instant;

#[path = "../tests/testsuite/support/link_server.rs"]
mod link_server;
use link_server::server;

fn options() -> LinkOptions {
    LinkOptions {
        timeout: Duration::from_millis(800),
        delay: Duration::from_millis(50),
        ..LinkOptions::default()
    }
}

#[test]
fn every_kind_of_answer_is_recorded() {
    let (base, seen) = server();
    let links: BTreeSet<String> = ["ok", "moved", "gone", "no-head", "busy", "slow"]
        .iter()
        .map(|p| format!("{base}/{p}"))
        .collect();
    let mut cache = LinkCache::default();
    let started = Instant::now();
    let done = check(&links, &mut cache, &options());
    assert_eq!(done.asked, 6);
    let result = |p: &str| cache.links[&format!("{base}/{p}")].clone();
    assert_eq!(result("ok").summary(), "200");
    assert!(!result("ok").broken());
    assert_eq!(result("moved").summary(), "301 → 200");
    assert_eq!(
        result("moved").moved_to(),
        Some(format!("{base}/ok").as_str())
    );
    assert!(!result("moved").broken());
    assert_eq!(result("gone").summary(), "404");
    assert!(result("gone").broken());
    assert_eq!(
        (result("no-head").summary(), result("no-head").method),
        ("200".into(), "GET".into())
    );
    assert_eq!(
        result("busy").summary(),
        "200",
        "after waiting as Retry-After asks"
    );
    assert_eq!(result("slow").summary(), "timed out");
    assert!(result("slow").broken());
    // Retry-After: 1 was waited for.
    assert!(started.elapsed() >= Duration::from_secs(1));
    let seen = seen.lock().unwrap();
    assert!(
        seen.iter()
            .all(|(_, _, agent)| agent.starts_with("signpost/")),
        "{seen:?}"
    );
    let busy: Vec<&str> = seen
        .iter()
        .filter(|(_, p, _)| p == "/busy")
        .map(|(m, _, _)| m.as_str())
        .collect();
    assert_eq!(busy, ["HEAD", "HEAD"]);
}

#[test]
fn one_request_at_a_time_per_host_with_a_pause() {
    let (base, _) = server();
    let links: BTreeSet<String> = (0..4).map(|i| format!("{base}/ok?{i}")).collect();
    let mut cache = LinkCache::default();
    let started = Instant::now();
    check(
        &links,
        &mut cache,
        &LinkOptions {
            delay: Duration::from_millis(200),
            ..options()
        },
    );
    assert!(
        started.elapsed() >= Duration::from_millis(600),
        "{:?}",
        started.elapsed()
    );
}

#[test]
fn fresh_results_come_from_the_cache_and_allowed_hosts_are_not_asked() {
    let (base, seen) = server();
    let dir = tempfile::tempdir().unwrap();
    let links: BTreeSet<String> =
        [format!("{base}/ok"), "https://fonts.example.net/x".into()].into();
    let opts = LinkOptions {
        skip_hosts: vec!["fonts.example.net".into()],
        ..options()
    };
    let mut cache = LinkCache::load(dir.path());
    let first = check(&links, &mut cache, &opts);
    assert_eq!((first.asked, first.cached, first.skipped), (1, 0, 1));
    cache.save(dir.path()).unwrap();
    let mut again = LinkCache::load(dir.path());
    let second = check(&links, &mut again, &opts);
    assert_eq!((second.asked, second.cached), (0, 1));
    assert_eq!(seen.lock().unwrap().len(), 1);
    // An old result is asked again.
    let stale = LinkOptions {
        ttl: Duration::ZERO,
        ..opts
    };
    assert_eq!(check(&links, &mut again, &stale).asked, 1);
}
