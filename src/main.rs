//! The `signpost` binary: parse the command line, run, exit with its code.

use clap::Parser;

fn main() {
    let cli = signpost::cli::Cli::parse();
    std::process::exit(cli.run());
}
