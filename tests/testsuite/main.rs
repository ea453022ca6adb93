// To add a test file: move it to tests/testsuite/NAME.rs, add `mod NAME;` below, and use `crate::support::...` instead of `mod support;`.
//! The integration tests, one test binary (linking the crate once, not once
//! per file): each module is a former `tests/NAME.rs`, run alone with
//! `cargo test --test testsuite NAME::`.

mod support;

mod audit;
mod bad_input;
mod build;
mod ci_examples;
mod cli;
mod init_and_hosting;
mod languages;
mod live;
mod output_safety;
mod packs;
mod plain_english;
mod report;
mod robustness;
mod search;
mod serve;
mod services;
mod snapshots;
mod statement;
mod themes;
