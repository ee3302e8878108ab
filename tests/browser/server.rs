//! A tiny static HTTP server for the browser tests: serves one folder on a listener the caller
//! bound (so the port is known before the site is built with it as base URL). GET and HEAD only,
//! one request per connection, percent-decoded paths (Chinese paths work), `/dir/` serves
//! `dir/index.html`, `..` is refused.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Serve `root` on `listener` from a background thread for the rest of the process.
pub fn serve(listener: TcpListener, root: PathBuf) {
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let root = root.clone();
            std::thread::spawn(move || {
                let _ = handle(stream, &root);
            });
        }
    });
}

fn handle(mut stream: TcpStream, root: &Path) -> std::io::Result<()> {
    // A silent client must not hold a thread forever.
    stream.set_read_timeout(Some(Duration::from_secs(5)))?;
    let mut head = Vec::new();
    let mut buf = [0u8; 4096];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        let n = stream.read(&mut buf)?;
        if n == 0 || head.len() > 64 * 1024 {
            return Ok(());
        }
        head.extend_from_slice(&buf[..n]);
    }
    let head = String::from_utf8_lossy(&head);
    let mut words = head.lines().next().unwrap_or("").split(' ');
    let (method, target) = (words.next().unwrap_or(""), words.next().unwrap_or(""));
    let resp = if method != "GET" && method != "HEAD" {
        Response::text(405, "method not allowed")
    } else {
        respond(root, target)
    };
    let mut out = format!(
        "HTTP/1.1 {} {}\r\nContent-Type: {}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n",
        resp.status,
        reason(resp.status),
        resp.content_type,
        resp.body.len()
    );
    if let Some(loc) = &resp.location {
        out.push_str(&format!("Location: {loc}\r\n"));
    }
    out.push_str("\r\n");
    stream.write_all(out.as_bytes())?;
    if method != "HEAD" {
        stream.write_all(&resp.body)?;
    }
    stream.flush()
}

struct Response {
    status: u16,
    content_type: &'static str,
    body: Vec<u8>,
    location: Option<String>,
}

impl Response {
    fn text(status: u16, msg: &str) -> Response {
        Response {
            status,
            content_type: "text/plain; charset=utf-8",
            body: msg.as_bytes().to_vec(),
            location: None,
        }
    }
}

fn respond(root: &Path, target: &str) -> Response {
    let raw = target.split(['?', '#']).next().unwrap_or("");
    let Some(path) = percent_decode(raw) else {
        return Response::text(400, "bad percent-encoding");
    };
    if !path.starts_with('/') {
        return Response::text(400, "bad request target");
    }
    if path
        .split('/')
        .any(|seg| seg == ".." || seg.contains('\\') || seg.contains('\0'))
    {
        return Response::text(403, "forbidden");
    }
    let mut file = root.join(path.trim_start_matches('/'));
    if file.is_dir() {
        if !path.ends_with('/') {
            // As a real server: relative links in the page resolve against the folder.
            return Response {
                location: Some(format!("{raw}/")),
                ..Response::text(301, "moved")
            };
        }
        file.push("index.html");
    }
    match std::fs::read(&file) {
        Ok(body) => Response {
            status: 200,
            content_type: content_type(&file),
            body,
            location: None,
        },
        Err(_) => match std::fs::read(root.join("404.html")) {
            Ok(body) => Response {
                status: 404,
                content_type: "text/html; charset=utf-8",
                body,
                location: None,
            },
            Err(_) => Response::text(404, "not found"),
        },
    }
}

fn content_type(file: &Path) -> &'static str {
    match file.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        _ => "application/octet-stream",
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        _ => "",
    }
}

/// `%E8%B0%83` → 调; None for a broken escape or bytes that are not UTF-8.
pub fn percent_decode(s: &str) -> Option<String> {
    pufa::slug::percent_decode(s)
}

/// Percent-encode everything but unreserved ASCII (for query values in test URLs).
pub fn percent_encode(s: &str) -> String {
    s.bytes()
        .map(|c| match c {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (c as char).to_string()
            }
            _ => format!("%{c:02X}"),
        })
        .collect()
}

#[test]
fn paths_decode_and_stay_inside() {
    assert_eq!(
        percent_decode("/tags/%E6%BC%8F%E6%B0%B4/").as_deref(),
        Some("/tags/漏水/")
    );
    assert_eq!(percent_decode("/a%2"), None);
    assert_eq!(percent_encode("调解 a"), "%E8%B0%83%E8%A7%A3%20a");
    let root = Path::new("/nonexistent-root");
    assert_eq!(respond(root, "/../etc/passwd").status, 403);
    assert_eq!(respond(root, "/%2e%2e/etc/passwd").status, 403);
}
