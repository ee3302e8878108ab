//! The `pufa` command line: parses arguments with clap and hands off to `pufa::cmd`.

use std::process::ExitCode;

use clap::Parser;

// mimalloc: the build allocates many short-lived strings on every thread; glibc's per-thread
// arenas kept about a fifth more memory and spent a tenth of the build in malloc and free.
// Built with `no_thp`: with transparent huge pages, every 2 MB region mimalloc reused after a
// purge was faulted in and zeroed whole (a tenth of a full build's CPU, +80 MB peak).
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = pufa::cmd::Cli::parse();
    // `pufa build 2>&1 | head` closes the pipe early: end quietly as other command-line tools do
    // instead of panicking on the next message. Not for `serve`, whose sockets may close.
    #[cfg(unix)]
    if !matches!(cli.command, pufa::cmd::Command::Serve { .. }) {
        // SAFETY: restores the default action of one signal before any thread is started.
        unsafe {
            libc::signal(libc::SIGPIPE, libc::SIG_DFL);
        }
    }
    pufa::cmd::run(cli)
}
