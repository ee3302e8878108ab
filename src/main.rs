//! The `pufa` command line: parses arguments with clap and hands off to `pufa::cmd`.

use std::process::ExitCode;

use clap::Parser;

// mimalloc: the build allocates many short-lived strings on every thread; glibc's per-thread
// arenas kept about a fifth more memory and spent a tenth of the build in malloc and free.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = pufa::cmd::Cli::parse();
    pufa::cmd::run(cli)
}
