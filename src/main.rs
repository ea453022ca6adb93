//! The `signpost` binary: parse the command line, run, exit with its code.

use clap::Parser;

// Minifying and auditing build and drop many small trees per page on every
// thread; glibc's allocator spent a third of the build on that (docs/performance.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    // mimalloc asks for transparent huge pages where the system gives them
    // on request (Debian's default), and a 2 MiB page stays in memory whole
    // while any of it is used: a 10,000-page build peaked 60 MiB higher
    // with them, and was no faster (docs/performance.md). Where the call
    // is refused the build only uses more memory, so that is no error.
    #[cfg(target_os = "linux")]
    let _ = rustix::thread::disable_transparent_huge_pages(true);
    let cli = signpost::cli::Cli::parse();
    std::process::exit(cli.run());
}
