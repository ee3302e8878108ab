//! Throughput of the traditional copy's conversion on one thread: every HTML file of a built
//! site (outside `zh-hant/`) converted with `script::convert_html`, three rounds. Measures the
//! converter alone, without rendering, audit or writes.
//!
//! Run: `cargo bench --bench convert -- DIR` with DIR a built site, e.g. the output of
//! `cargo bench --bench build -- --pages 10000 --runs 1 --keep` (`/dev/shm/pufa-bench-10000-full/public`).

use std::time::Instant;

fn main() {
    let Some(dir) = std::env::args().skip(1).find(|a| !a.starts_with("--")) else {
        eprintln!("usage: cargo bench --bench convert -- DIR (a built site)");
        std::process::exit(2);
    };
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(&dir)
        .into_iter()
        .filter_map(Result::ok)
    {
        let p = entry.path();
        let html = p.extension().is_some_and(|x| x == "html");
        if html && !p.components().any(|c| c.as_os_str() == "zh-hant") {
            match std::fs::read_to_string(p) {
                Ok(text) => files.push(text),
                Err(e) => eprintln!("skipped {}: {e}", p.display()),
            }
        }
    }
    if files.is_empty() {
        eprintln!("no HTML files under {dir}");
        std::process::exit(2);
    }
    let bytes: usize = files.iter().map(String::len).sum();
    // The phrase automaton is built on first use: not part of the rounds.
    pufa::script::convert_html("调解", "https://example.org");
    for round in 1..=3 {
        let t = Instant::now();
        let out: usize = files
            .iter()
            .map(|f| pufa::script::convert_html(f, "https://bench.example.org").len())
            .sum();
        let s = t.elapsed().as_secs_f64();
        println!(
            "round {round}: {} files, {:.1} MB in {s:.3} s: {:.0} MB/s ({:.1} MB out)",
            files.len(),
            bytes as f64 / 1e6,
            bytes as f64 / 1e6 / s,
            out as f64 / 1e6
        );
    }
}
