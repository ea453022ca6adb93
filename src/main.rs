//! The `signpost` binary: parse the command line, run, exit with its code.

use clap::Parser;

// Minifying and auditing build and drop many small trees per page on every
// thread; glibc's allocator spent a third of the build on that (docs/performance.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let cli = signpost::cli::Cli::parse();
    std::process::exit(cli.run());
}
