//! The `pufa` command line: parses arguments with clap and hands off to `pufa::cmd`.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = pufa::cmd::Cli::parse();
    pufa::cmd::run(cli)
}
