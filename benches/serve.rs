//! Edit-to-visible latency of `pufa serve`: builds a synthetic site of N pages (the generator of the
//! build benchmark, everything on), starts the server, edits the body of a page K times, turn by
//! turn an anonymized case and an article, and measures the time from the write until the reload
//! event has arrived on the server-sent events stream and the page, fetched over HTTP, shows the
//! edit. Prints each edit and the median.
//!
//! Run: `cargo bench --bench serve -- --pages 10000 --edits 9 [--gap-ms 2000] [--front-matter]` (`PUFA_TRACE=1` prints
//! the server's step times).

use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

#[path = "build.rs"]
#[allow(dead_code)]
mod build_bench;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let get = |flag: &str| build_bench::arg(&args, flag);
    let pages: usize = get("--pages").and_then(|s| s.parse().ok()).unwrap_or(1000);
    let front_matter = args.iter().any(|a| a == "--front-matter");
    let gap: u64 = get("--gap-ms").and_then(|s| s.parse().ok()).unwrap_or(2000);
    let edits: usize = get("--edits")
        .and_then(|s| s.parse().ok())
        .unwrap_or(9)
        .max(1);
    let base = if Path::new("/dev/shm").is_dir() {
        PathBuf::from("/dev/shm")
    } else {
        std::env::temp_dir()
    };
    let dir = base.join(format!("pufa-serve-bench-{pages}"));
    if let Err(e) = build_bench::generate(&dir, pages, 7, build_bench::Mode::Full, None) {
        eprintln!("cannot generate the corpus: {e}");
        std::process::exit(2);
    }
    let mut child = match Command::new(env!("CARGO_BIN_EXE_pufa"))
        .args(["serve", "--port", "0", "--root"])
        .arg(&dir)
        .stdout(Stdio::piped())
        // PUFA_TRACE=1 shows the server's step times.
        .stderr(if std::env::var_os("PUFA_TRACE").is_some() {
            Stdio::inherit()
        } else {
            Stdio::null()
        })
        .spawn()
    {
        Ok(c) => c,
        Err(e) => {
            eprintln!("cannot start pufa serve: {e}");
            std::process::exit(2);
        }
    };
    let mut lines = BufReader::new(child.stdout.take().expect("piped stdout")).lines();
    let mut addr = String::new();
    for line in lines.by_ref() {
        let Ok(line) = line else { break };
        if let Some(rest) = line.split("http://").nth(1) {
            addr = rest.split('/').next().unwrap_or("").to_string();
            break;
        }
    }
    std::thread::spawn(move || for _ in lines {});
    let Ok(mut sse) = TcpStream::connect(&addr) else {
        eprintln!("cannot connect to pufa serve at {addr}");
        let _ = child.kill();
        std::process::exit(1);
    };
    let _ = write!(sse, "GET /__pufa/events HTTP/1.1\r\nHost: x\r\n\r\n");
    sse.set_read_timeout(Some(Duration::from_secs(120))).ok();
    let mut sse = BufReader::new(sse);
    std::thread::sleep(Duration::from_millis(500));
    // The first case and the first article of the corpus (pages are dealt to sections in turn).
    let first = |section: &str| -> Option<(PathBuf, String)> {
        let mut names: Vec<String> = std::fs::read_dir(dir.join("content").join(section))
            .ok()?
            .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
            .filter(|n| n.starts_with('p'))
            .collect();
        names.sort();
        let name = names.into_iter().next()?;
        let url = format!("/{section}/{}/", name.trim_end_matches(".md"));
        Some((dir.join("content").join(section).join(name), url))
    };
    let targets: Vec<(PathBuf, String, String)> = ["cases", "articles"]
        .into_iter()
        .filter_map(first)
        .map(|(p, url)| {
            let text = std::fs::read_to_string(&p).unwrap_or_default();
            (p, url, text)
        })
        .collect();
    if targets.is_empty() {
        eprintln!("the corpus has no case or article");
        std::process::exit(1);
    }
    let mut times = Vec::new();
    for k in 0..edits {
        let (page, url, original) = &targets[k % targets.len()];
        let marker = format!("第{k}次修改（基准）");
        let start = Instant::now();
        // `--front-matter`: put the marker in the title instead (lists and neighbours move too).
        let edited = if front_matter {
            original.replacen("title = \"", &format!("title = \"{marker}"), 1)
        } else {
            format!("{original}\n\n{marker}。\n")
        };
        if std::fs::write(page, edited).is_err() {
            break;
        }
        let mut line = String::new();
        loop {
            line.clear();
            match sse.read_line(&mut line) {
                Ok(0) | Err(_) => break,
                Ok(_) if line.trim() == "event: reload" => break,
                Ok(_) => {}
            }
        }
        let shown = fetch(&addr, url).contains(&marker);
        let ms = start.elapsed().as_secs_f64() * 1000.0;
        if !shown {
            eprintln!(
                "edit {}: {url} does not show the edit after the reload",
                k + 1
            );
            let _ = child.kill();
            std::process::exit(1);
        }
        println!("edit {} ({url}): visible after {ms:.0} ms", k + 1);
        times.push(ms);
        // Let the follow-up (lists, feeds, search index) finish: one edit is measured at a time.
        std::thread::sleep(Duration::from_millis(gap));
    }
    let _ = child.kill();
    let _ = child.wait();
    times.sort_by(f64::total_cmp);
    if let Some(m) = times.get(times.len() / 2) {
        println!(
            "pufa serve, {pages} pages: median edit-to-visible {m:.0} ms over {} edits",
            times.len()
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// GET `path` from the server; the response body (empty on error).
fn fetch(addr: &str, path: &str) -> String {
    use std::io::Read;
    let Ok(mut s) = TcpStream::connect(addr) else {
        return String::new();
    };
    let _ = write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    );
    let mut out = Vec::new();
    let _ = s.read_to_end(&mut out);
    String::from_utf8_lossy(&out).into_owned()
}
