//! `pufa serve`: builds the site in memory (audit included), serves it on loopback, watches the
//! site's folders and rebuilds after each change, and reloads open pages through server-sent
//! events. A failed rebuild shows its errors as an overlay in the browser and in the terminal while
//! the last good build keeps being served. `/_review/` shows every case's original and anonymized
//! text side by side; it exists only here, on a loopback address, and is never written anywhere.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{IpAddr, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

use notify::{RecursiveMode, Watcher};

use crate::anon::ReviewPage;
use crate::build::{BuildOptions, build_session};
use crate::diag::Diagnostic;
use crate::incremental::{Session, Update};
use crate::output::Body;

/// What is being served right now.
#[derive(Default)]
struct State {
    files: HashMap<String, Body>,
    /// Errors of the last rebuild when it failed (the files are the last good build).
    errors: Option<String>,
    review: Vec<ReviewPage>,
    /// Anonymization warnings of the last good build, for the review page.
    warnings: Vec<Diagnostic>,
    generation: u64,
}

type Clients = Arc<Mutex<Vec<Sender<String>>>>;

/// How long to wait for more events after the first of a save (editors write in several steps).
const DEBOUNCE_MS: u64 = 50;

/// Options of `pufa serve`.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub root: PathBuf,
    pub bind: IpAddr,
    pub port: u16,
    pub drafts: bool,
}

const RELOAD_SCRIPT: &str = r#"<script>/* pufa serve: live reload and build errors */(function(){var es=new EventSource("/__pufa/events");es.addEventListener("reload",function(){location.reload()});es.addEventListener("failed",function(e){var d=document.getElementById("pufa-overlay");if(!d){d=document.createElement("div");d.id="pufa-overlay";d.setAttribute("role","alert");d.style.cssText="position:fixed;inset:0;z-index:99999;background:rgba(20,0,0,.92);color:#fff;font:15px/1.6 monospace;white-space:pre-wrap;padding:2em;overflow:auto";document.body.appendChild(d)}d.textContent="pufa: 构建失败（仍显示上一次成功的结果）\n\n"+JSON.parse(e.data)})})();</script>"#;

fn content_type(path: &str) -> &'static str {
    match path
        .rsplit('.')
        .next()
        .unwrap_or("")
        .to_ascii_lowercase()
        .as_str()
    {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml; charset=utf-8",
        "txt" | "md" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "wasm" => "application/wasm",
        "pdf" => "application/pdf",
        "woff2" => "font/woff2",
        _ => "application/octet-stream",
    }
}

/// The output file a request path names, or `None` for a path that tries to leave the site.
pub fn resolve(raw: &str) -> Option<String> {
    let path = raw.split(['?', '#']).next().unwrap_or("");
    let decoded = crate::slug::percent_decode(path)?;
    if decoded.contains('\\')
        || decoded.contains('\0')
        || decoded.split('/').any(|c| c == ".." || c == ".")
    {
        return None;
    }
    let p = decoded.trim_start_matches('/');
    Some(if p.is_empty() || p.ends_with('/') {
        format!("{p}index.html")
    } else {
        p.to_string()
    })
}

fn respond(stream: &mut TcpStream, status: &str, ctype: &str, body: &[u8]) {
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {ctype}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(body);
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The review page: each case's original body with every replacement marked, the anonymized body,
/// and the warnings with how to resolve them.
pub fn review_html(pages: &[ReviewPage], warnings: &[Diagnostic]) -> String {
    let mut h = String::from(
        "<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><meta name=\"robots\" content=\"noindex\"><title>匿名化审阅</title><style>body{font:16px/1.8 system-ui,sans-serif;margin:0 auto;max-width:90em;padding:1em}.cols{display:grid;grid-template-columns:1fr 1fr;gap:1em}@media(max-width:50em){.cols{grid-template-columns:1fr}}pre{white-space:pre-wrap;background:#f6f6f3;padding:1em;border-radius:6px}mark{background:#ffe08a}mark.cat{outline:1px solid #c90}.warn{background:#fff3f0;border-left:4px solid #c33;padding:.4em .8em;margin:.4em 0}code{background:#eee;padding:0 .2em}</style></head><body><h1>匿名化审阅（仅本机可见，不会发布）</h1><p>左：原文，替换处高亮（悬停查看类别与替换结果）；右：发布的文本。</p>",
    );
    if pages.is_empty() {
        h.push_str("<p>本站没有需要匿名化的页面。</p>");
    }
    for p in pages {
        let file = p.file.display().to_string();
        h.push_str(&format!(
            "<section><h2>{}</h2><p><code>{}</code> · {} 处替换</p>",
            escape(&p.title),
            escape(&file),
            p.marks.len()
        ));
        for w in warnings
            .iter()
            .filter(|w| w.path.as_deref() == Some(p.file.as_path()))
        {
            let line = w.line.map(|l| format!(":{l}")).unwrap_or_default();
            h.push_str(&format!(
                "<div class=\"warn\"><strong>{}</strong> <code>{}{}</code><br>解决：在 front matter 中声明当事人 <code>[[parties]] name = \"…\" role = \"…\"</code>，或加入 <code>[anonymize] keep = [\"…\"]</code>（确属可公开的姓名）。</div>",
                escape(&w.message),
                escape(&file),
                line
            ));
        }
        let mut orig = String::new();
        let mut at = 0;
        let mut marks = p.marks.clone();
        marks.sort_by_key(|m| m.0);
        for (s, e, cat, rep) in marks {
            if s < at
                || e > p.original.len()
                || !p.original.is_char_boundary(s)
                || !p.original.is_char_boundary(e)
            {
                continue;
            }
            orig.push_str(&escape(&p.original[at..s]));
            orig.push_str(&format!(
                "<mark class=\"cat\" title=\"{} → {}\">{}</mark>",
                escape(&cat),
                escape(&rep),
                escape(&p.original[s..e])
            ));
            at = e;
        }
        orig.push_str(&escape(&p.original[at.min(p.original.len())..]));
        h.push_str(&format!("<div class=\"cols\"><div><h3>原文</h3><pre>{orig}</pre></div><div><h3>发布文本</h3><pre>{}</pre></div></div></section>", escape(&p.anonymized)));
    }
    h.push_str("</body></html>");
    h
}

fn inject(html: &[u8], errors: Option<&str>) -> Vec<u8> {
    let text = String::from_utf8_lossy(html);
    let mut script = RELOAD_SCRIPT.to_string();
    if let Some(e) = errors {
        script.push_str(&format!("<div id=\"pufa-overlay\" role=\"alert\" style=\"position:fixed;inset:0;z-index:99999;background:rgba(20,0,0,.92);color:#fff;font:15px/1.6 monospace;white-space:pre-wrap;padding:2em;overflow:auto\">pufa: 构建失败（仍显示上一次成功的结果）\n\n{}</div>", escape(e)));
    }
    match text.rfind("</body>") {
        Some(i) => format!("{}{script}{}", &text[..i], &text[i..]).into_bytes(),
        None => format!("{text}{script}").into_bytes(),
    }
}

/// Is an HTTP Host header value (`localhost:1111`, `127.0.0.1:1111`, `[::1]:1111`) this machine's
/// loopback name?
fn loopback_host(host: &str) -> bool {
    let name = host_name(host);
    name == "localhost"
        || name
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// What the overlay says on a page opened by another name than this machine's or an address.
const UNTRUSTED_OVERLAY: &str = "详见终端（错误信息只在本机名称或 IP 地址上显示）。";

/// Is a Host header value `localhost` or an IP address (a page on the LAN opened by the machine's
/// address), not a domain name?
fn address_host(host: &str) -> bool {
    let name = host_name(host);
    name == "localhost" || name.parse::<std::net::IpAddr>().is_ok()
}

/// The name or address of a Host header value, without its port (`[::1]:1111` → `::1`).
fn host_name(host: &str) -> &str {
    match host.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or(""),
        None => host.rsplit_once(':').map_or(host, |(n, _)| n),
    }
}

fn handle(mut stream: TcpStream, state: &RwLock<State>, clients: &Clients, loopback: bool) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let mut reader = BufReader::new(match stream.try_clone() {
        Ok(s) => s,
        Err(_) => return,
    });
    let mut line = String::new();
    if reader.read_line(&mut line).is_err() {
        return;
    }
    // Drain the headers, keeping the Host.
    let mut host = None;
    loop {
        let mut h = String::new();
        match reader.read_line(&mut h) {
            Ok(0) | Err(_) => break,
            Ok(_) if h == "\r\n" || h == "\n" => break,
            Ok(_) => {
                if let Some((name, value)) = h.split_once(':')
                    && name.trim().eq_ignore_ascii_case("host")
                {
                    host = Some(value.trim().to_ascii_lowercase());
                }
            }
        }
    }
    let mut parts = line.split_whitespace();
    let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or("/"));
    if method != "GET" && method != "HEAD" {
        respond(
            &mut stream,
            "405 Method Not Allowed",
            "text/plain; charset=utf-8",
            b"only GET\n",
        );
        return;
    }
    if target == "/__pufa/events" {
        let _ = stream.write_all(b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: keep-alive\r\n\r\n: pufa\n\n");
        let (tx, rx): (Sender<String>, Receiver<String>) = channel();
        if let Ok(mut c) = clients.lock() {
            c.push(tx);
        }
        // As for the overlay: the messages only for a page opened by localhost or an address.
        let trusted = host.as_deref().is_some_and(address_host);
        let untrusted_failed = format!(
            "event: failed\ndata: {}\n\n",
            serde_json::to_string(UNTRUSTED_OVERLAY).unwrap_or_default()
        );
        let shown = |msg: String| {
            if !trusted && msg.starts_with("event: failed") {
                untrusted_failed.clone()
            } else {
                msg
            }
        };
        if let Ok(s) = state.read()
            && let Some(e) = &s.errors
        {
            let msg = format!(
                "event: failed\ndata: {}\n\n",
                serde_json::to_string(e).unwrap_or_default()
            );
            let _ = stream.write_all(shown(msg).as_bytes());
        }
        while let Ok(msg) = rx.recv() {
            if stream.write_all(shown(msg).as_bytes()).is_err() {
                break;
            }
        }
        return;
    }
    if target.starts_with("/_review") {
        // Only pages the editor opened on this machine's own name: a page from elsewhere whose
        // domain is made to resolve to 127.0.0.1 (DNS rebinding) would send its own Host.
        if !loopback || !host.as_deref().is_some_and(loopback_host) {
            respond(
                &mut stream,
                "403 Forbidden",
                "text/plain; charset=utf-8",
                "审阅页面含原始姓名，只在本机地址（127.0.0.1）上提供。\n".as_bytes(),
            );
            return;
        }
        let html = state
            .read()
            .map(|s| review_html(&s.review, &s.warnings))
            .unwrap_or_default();
        respond(
            &mut stream,
            "200 OK",
            "text/html; charset=utf-8",
            &inject(html.as_bytes(), None),
        );
        return;
    }
    let Some(key) = resolve(target) else {
        respond(
            &mut stream,
            "400 Bad Request",
            "text/plain; charset=utf-8",
            b"bad path\n",
        );
        return;
    };
    let Ok(s) = state.read() else { return };
    let found = s.files.get(&key).map(|b| (key.clone(), b)).or_else(|| {
        // `/a` for the folder `/a/`
        let k = format!("{key}/index.html");
        s.files.get(&k).map(|b| (k, b))
    });
    let (status, key, body) = match found {
        Some((k, b)) => ("200 OK", k, b),
        None => match s.files.get("404.html") {
            Some(b) => ("404 Not Found", "404.html".to_string(), b),
            None => {
                respond(
                    &mut stream,
                    "404 Not Found",
                    "text/plain; charset=utf-8",
                    b"not found\n",
                );
                return;
            }
        },
    };
    let bytes = match body {
        Body::Bytes(b) => b.clone(),
        Body::Text(s, _) => s.clone().into_bytes(),
        Body::Copy(p) => std::fs::read(p).unwrap_or_default(),
    };
    let ctype = content_type(&key);
    let bytes = if ctype.starts_with("text/html") {
        // The build's messages may quote what a case file holds (a parser quotes the line it
        // could not read): shown only to a page opened by this machine's name or an address,
        // not to one whose domain was made to resolve here (DNS rebinding).
        let trusted = host.as_deref().is_some_and(address_host);
        let errors = s
            .errors
            .as_deref()
            .map(|e| if trusted { e } else { UNTRUSTED_OVERLAY });
        inject(&bytes, errors)
    } else {
        bytes
    };
    respond(
        &mut stream,
        status,
        ctype,
        if method == "HEAD" { &[] } else { &bytes },
    );
}

fn broadcast(clients: &Clients, msg: &str) {
    if let Ok(mut c) = clients.lock() {
        c.retain(|tx| tx.send(msg.to_string()).is_ok());
    }
}

/// Full rebuild into `state`; prints the outcome and returns the session for the next
/// incremental rebuild (None when the build failed).
fn rebuild(opts: &BuildOptions, state: &RwLock<State>, clients: &Clients) -> Option<Session> {
    let start = Instant::now();
    match build_session(opts) {
        Ok((built, session)) => {
            let files: HashMap<String, Body> =
                built.files.into_iter().map(|f| (f.path, f.body)).collect();
            // As `pufa build` prints them (the low-confidence names are on /_review/).
            for w in &built.warnings {
                eprintln!("{w}");
            }
            let mut warnings = built.warnings;
            warnings.extend(built.report.warnings.iter().cloned());
            if let Ok(mut s) = state.write() {
                s.files = files;
                s.errors = None;
                s.review = built.report.review;
                s.warnings = warnings;
                s.generation += 1;
            }
            println!(
                "pufa serve: rebuilt {} pages in {} ms",
                built.pages,
                start.elapsed().as_millis()
            );
            broadcast(clients, "event: reload\ndata: 1\n\n");
            Some(session)
        }
        Err(f) => {
            failed(&f.errors, state, clients);
            None
        }
    }
}

/// Show a failed rebuild in the terminal and as the browser overlay.
fn failed(errors: &[Diagnostic], state: &RwLock<State>, clients: &Clients) {
    let text: Vec<String> = errors.iter().map(|d| d.to_string()).collect();
    let text = text.join("\n");
    eprintln!("{text}\nerror: rebuild failed; still serving the last good build");
    if let Ok(mut s) = state.write() {
        s.errors = Some(text.clone());
    }
    broadcast(
        clients,
        &format!(
            "event: failed\ndata: {}\n\n",
            serde_json::to_string(&text).unwrap_or_default()
        ),
    );
}

/// Rebuild after `changed`: incrementally when the session allows it, else in full.
fn on_change(
    opts: &BuildOptions,
    session: Option<Session>,
    changed: &[PathBuf],
    state: &RwLock<State>,
    clients: &Clients,
) -> Option<Session> {
    let Some(mut session) = session else {
        return rebuild(opts, state, clients);
    };
    let start = Instant::now();
    match session.update(changed) {
        Update::Full(why) => {
            println!("pufa serve: {why}: full rebuild");
            rebuild(opts, state, clients)
        }
        Update::Failed(f) => {
            failed(&f.errors, state, clients);
            Some(session)
        }
        Update::Nothing => Some(session),
        Update::Done {
            files,
            pages,
            warnings,
        } => {
            let count = files.len();
            if let Ok(mut s) = state.write() {
                for f in files {
                    s.files.insert(f.path, f.body);
                }
                s.errors = None;
                s.review = session.review().to_vec();
                s.warnings = warnings;
                s.generation += 1;
            }
            broadcast(clients, "event: reload\ndata: 1\n\n");
            println!(
                "pufa serve: {pages} changed page(s), {count} files re-rendered in {} ms",
                start.elapsed().as_millis()
            );
            // What the edit left to warn about in the edited files (an unknown key just typed).
            let edited: Vec<PathBuf> = changed
                .iter()
                .map(|p| crate::load::shown(p, &opts.root))
                .collect();
            for w in session.warnings_for(&edited) {
                eprintln!("{w}");
            }
            // The lists, feeds and search index follow; the reload did not wait for them.
            match session.follow_up() {
                Ok(files) => {
                    if let Ok(mut s) = state.write() {
                        for f in files {
                            s.files.insert(f.path, f.body);
                        }
                    }
                }
                Err(errors) => failed(&errors, state, clients),
            }
            Some(session)
        }
    }
}

fn relevant(root: &Path, path: &Path) -> bool {
    let rel = path.strip_prefix(root).unwrap_or(path);
    let first = rel
        .components()
        .next()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .unwrap_or_default();
    let name = rel
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let ignored = name.starts_with('.') || name.ends_with('~') || name.ends_with(".swp");
    !ignored
        && (matches!(
            first.as_str(),
            "content" | "templates" | "themes" | "static" | "statutes" | "data"
        ) || rel == Path::new("config.toml"))
}

/// Run the server until the process is stopped.
pub fn serve(opts: &ServeOptions) -> Result<(), String> {
    let root = std::fs::canonicalize(&opts.root)
        .map_err(|e| format!("cannot open {}: {e}", opts.root.display()))?;
    let listener = TcpListener::bind(SocketAddr::new(opts.bind, opts.port))
        .map_err(|e| format!("cannot listen on {}:{}: {e}", opts.bind, opts.port))?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    let host = if addr.ip().is_unspecified() {
        "127.0.0.1".to_string()
    } else {
        addr.ip().to_string()
    };
    let url = format!("http://{host}:{}", addr.port());
    let build_opts = BuildOptions {
        root: root.clone(),
        base_url: Some(url.clone()),
        drafts: opts.drafts,
        review: true,
        ..Default::default()
    };
    let state = Arc::new(RwLock::new(State::default()));
    let clients: Clients = Arc::new(Mutex::new(Vec::new()));
    let session = rebuild(&build_opts, &state, &clients);
    let loopback = addr.ip().is_loopback();
    if !loopback {
        eprintln!(
            "warning: serving on {} — other machines can reach it; the review page stays off",
            addr.ip()
        );
    }
    println!("pufa serve: {url}/  (review: {url}/_review/, Ctrl+C to stop)");

    let (tx, rx) = channel();
    let mut watcher = notify::recommended_watcher(move |res: notify::Result<notify::Event>| {
        if let Ok(ev) = res {
            let _ = tx.send(ev);
        }
    })
    .map_err(|e| format!("cannot watch files: {e}"))?;
    for dir in [
        "content",
        "templates",
        "themes",
        "static",
        "statutes",
        "data",
    ] {
        let p = root.join(dir);
        if p.is_dir() {
            watcher
                .watch(&p, RecursiveMode::Recursive)
                .map_err(|e| format!("cannot watch {}: {e}", p.display()))?;
        }
    }
    watcher
        .watch(&root, RecursiveMode::NonRecursive)
        .map_err(|e| format!("cannot watch {}: {e}", root.display()))?;
    {
        let (state, clients, root) = (state.clone(), clients.clone(), root.clone());
        std::thread::spawn(move || {
            let _watcher = watcher;
            let mut session = session;
            // Reading the files during a build produces access events: only changes count.
            let changes = |ev: &notify::Event| -> Vec<PathBuf> {
                let change = ev.kind.is_create() || ev.kind.is_modify() || ev.kind.is_remove();
                if !change {
                    return Vec::new();
                }
                ev.paths
                    .iter()
                    .filter(|p| relevant(&root, p))
                    .cloned()
                    .collect()
            };
            while let Ok(ev) = rx.recv() {
                let mut changed = changes(&ev);
                if changed.is_empty() {
                    continue;
                }
                // Debounce: an editor's save is often several events.
                let deadline = Instant::now() + Duration::from_millis(DEBOUNCE_MS);
                while let Some(left) = deadline.checked_duration_since(Instant::now()) {
                    match rx.recv_timeout(left) {
                        Ok(ev) => changed.extend(changes(&ev)),
                        Err(_) => break,
                    }
                }
                session = on_change(&build_opts, session.take(), &changed, &state, &clients);
            }
        });
    }
    for stream in listener.incoming().flatten() {
        let (state, clients) = (state.clone(), clients.clone());
        std::thread::spawn(move || handle(stream, &state, &clients, loopback));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_resolved_and_traversal_refused() {
        assert_eq!(resolve("/").as_deref(), Some("index.html"));
        assert_eq!(
            resolve("/tags/%E6%BC%8F%E6%B0%B4/").as_deref(),
            Some("tags/漏水/index.html")
        );
        assert_eq!(
            resolve("/css/pufa.css?v=1").as_deref(),
            Some("css/pufa.css")
        );
        for bad in [
            "/../etc/passwd",
            "/a/%2e%2e/%2e%2e/x",
            "/a/..%2fb",
            "/a%5c..%5cb",
            "/%ZZ",
        ] {
            assert_eq!(resolve(bad), None, "{bad}");
        }
    }

    #[test]
    fn content_types() {
        assert_eq!(content_type("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("x.wasm"), "application/wasm");
        assert_eq!(content_type("图.SVG"), "image/svg+xml");
    }
}
