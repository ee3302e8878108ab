//! Edit-to-reload latency of `pufa serve`: builds a synthetic site of N pages (the generator of the
//! build benchmark), starts the server, edits one page K times and measures the time from the
//! write to the reload event on the server-sent events stream, printing the median.
//!
//! Run: `cargo bench --bench serve -- --pages 10000 --edits 9`

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
    let get = |flag: &str| {
        args.iter()
            .position(|a| a == flag)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    let pages: usize = get("--pages").and_then(|s| s.parse().ok()).unwrap_or(1000);
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
        .stderr(Stdio::null())
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
    let page = dir.join("content/articles/p000005.md");
    let original = std::fs::read_to_string(&page).unwrap_or_default();
    let mut times = Vec::new();
    for k in 0..edits {
        let start = Instant::now();
        if std::fs::write(&page, format!("{original}\n\n第{k}次修改。\n")).is_err() {
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
        let ms = start.elapsed().as_secs_f64() * 1000.0;
        println!("edit {}: reload after {ms:.0} ms", k + 1);
        times.push(ms);
        std::thread::sleep(Duration::from_millis(200));
    }
    let _ = child.kill();
    let _ = child.wait();
    times.sort_by(f64::total_cmp);
    if let Some(m) = times.get(times.len() / 2) {
        println!(
            "pufa serve, {pages} pages: median edit-to-reload {m:.0} ms over {} edits",
            times.len()
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}
