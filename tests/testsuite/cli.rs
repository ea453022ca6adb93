//! CLI transcripts: each `tests/cmd/NAME.toml` runs the real binary in the
//! small site `tests/cmd/NAME.in/` and pins its exit code and its whole
//! output. After a deliberate change of wording, `TRYCMD=overwrite cargo
//! test --test testsuite cli::` rewrites the transcripts; read the diff
//! before committing.

#[test]
fn cli_transcripts() {
    trycmd::TestCases::new()
        .env("NO_COLOR", "1")
        // A fixed "today", so review dates in the fixtures never fall due.
        .env("SIGNPOST_TODAY", "2026-11-21")
        .case("tests/cmd/*.toml");
}
