//! A minimal Chrome DevTools Protocol client for the browser tests: starts headless Chromium with a
//! fresh profile, opens one tab (a flattened target session) and sends session-scoped commands over
//! one WebSocket. Every wait is bounded; the browser and its helper processes are killed on drop.

use std::io::{BufRead, BufReader, ErrorKind};
use std::net::TcpStream;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use tungstenite::{Message, WebSocket};

/// How long one command, navigation or condition may take.
pub const TIMEOUT: Duration = Duration::from_secs(10);
/// Chromium's first start on a cold machine is slower than any later step.
const LAUNCH_TIMEOUT: Duration = Duration::from_secs(30);
/// Events kept while nobody asks for them (a page makes a few dozen).
const MAX_EVENTS: usize = 20_000;

pub type Result<T> = std::result::Result<T, String>;

/// The Chromium binary: `PUFA_CHROMIUM` when set (another build, or a missing path to try the
/// skip), else /usr/bin/chromium, else `chromium` on PATH.
pub fn find_chromium() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("PUFA_CHROMIUM") {
        let p = PathBuf::from(p);
        return p.is_file().then_some(p);
    }
    let fixed = PathBuf::from("/usr/bin/chromium");
    if fixed.is_file() {
        return Some(fixed);
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join("chromium"))
        .find(|p| p.is_file())
}

/// One headless browser with one tab.
pub struct Tab {
    child: Child,
    ws: WebSocket<TcpStream>,
    session: String,
    next_id: u64,
    events: Vec<Value>,
    _profile: tempfile::TempDir,
}

impl Tab {
    /// Start Chromium and open a blank tab attached with a flattened session.
    pub fn launch(chromium: &Path) -> Result<Tab> {
        let profile = tempfile::tempdir().map_err(|e| format!("profile dir: {e}"))?;
        let mut cmd = Command::new(chromium);
        cmd.args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--no-default-browser-check",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-quic",
            "--mute-audio",
            "--window-size=1280,900",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(["--remote-debugging-port=0", "about:blank"])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        // Its own process group, so drop can end the renderers and zygote with it.
        .process_group(0);
        let mut child = cmd
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", chromium.display()))?;
        let stderr = child.stderr.take().ok_or("no stderr pipe")?;
        let (tx, rx) = mpsc::channel();
        // Keep draining stderr after the address line so Chromium never blocks on a full pipe.
        std::thread::spawn(move || {
            let mut tx = Some(tx);
            let mut seen = Vec::new();
            for line in BufReader::new(stderr).lines() {
                let Ok(line) = line else { break };
                if let Some(sender) = tx.take() {
                    if let Some(at) = line.find("ws://") {
                        let _ = sender.send(Ok(line[at..].trim().to_string()));
                    } else {
                        if seen.len() < 50 {
                            seen.push(line);
                        }
                        tx = Some(sender);
                    }
                }
            }
            if let Some(sender) = tx {
                let _ = sender.send(Err(seen.join("\n")));
            }
        });
        let url = match rx.recv_timeout(LAUNCH_TIMEOUT) {
            Ok(Ok(url)) => url,
            Ok(Err(stderr)) => {
                kill(&mut child);
                return Err(format!("Chromium exited before listening:\n{stderr}"));
            }
            Err(_) => {
                kill(&mut child);
                return Err(format!(
                    "Chromium printed no DevTools address within {LAUNCH_TIMEOUT:?}"
                ));
            }
        };
        let ws = match connect(&url) {
            Ok(ws) => ws,
            Err(e) => {
                kill(&mut child);
                return Err(e);
            }
        };
        let mut tab = Tab {
            child,
            ws,
            session: String::new(),
            next_id: 1,
            events: Vec::new(),
            _profile: profile,
        };
        let target = tab.send(None, "Target.createTarget", json!({"url": "about:blank"}))?;
        let target_id = target["targetId"]
            .as_str()
            .ok_or("no targetId")?
            .to_string();
        let attached = tab.send(
            None,
            "Target.attachToTarget",
            json!({"targetId": target_id, "flatten": true}),
        )?;
        tab.session = attached["sessionId"]
            .as_str()
            .ok_or("no sessionId")?
            .to_string();
        tab.call("Page.enable", json!({}))?;
        // Headless tabs are not focused; keyboard tests need focus and :focus-visible.
        tab.call(
            "Emulation.setFocusEmulationEnabled",
            json!({"enabled": true}),
        )?;
        Ok(tab)
    }

    /// A command in this tab's session; its result.
    pub fn call(&mut self, method: &str, params: Value) -> Result<Value> {
        let session = self.session.clone();
        self.send(Some(&session), method, params)
    }

    fn send(&mut self, session: Option<&str>, method: &str, params: Value) -> Result<Value> {
        let id = self.next_id;
        self.next_id += 1;
        let mut msg = json!({"id": id, "method": method, "params": params});
        if let Some(s) = session {
            msg["sessionId"] = s.into();
        }
        self.ws
            .send(Message::text(msg.to_string()))
            .map_err(|e| format!("{method}: send: {e}"))?;
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let Some(v) = self.read(deadline)? else {
                return Err(format!("{method}: no answer within {TIMEOUT:?}"));
            };
            if v["id"].as_u64() == Some(id) {
                return match v.get("error") {
                    Some(e) => Err(format!("{method}: {e}")),
                    None => Ok(v["result"].clone()),
                };
            }
            self.keep(v);
        }
    }

    fn keep(&mut self, v: Value) {
        if v.get("method").is_some() && self.events.len() < MAX_EVENTS {
            self.events.push(v);
        }
    }

    /// The next message, or None at the deadline.
    fn read(&mut self, deadline: Instant) -> Result<Option<Value>> {
        loop {
            match self.ws.read() {
                Ok(Message::Text(t)) => {
                    return serde_json::from_str(t.as_str())
                        .map(Some)
                        .map_err(|e| format!("bad DevTools message: {e}"));
                }
                Ok(Message::Close(_)) => return Err("DevTools connection closed".into()),
                Ok(_) => {}
                Err(tungstenite::Error::Io(e))
                    if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) =>
                {
                    if Instant::now() >= deadline {
                        return Ok(None);
                    }
                }
                Err(e) => return Err(format!("DevTools connection: {e}")),
            }
        }
    }

    /// Events of this session named `method` received so far (removed from the buffer).
    pub fn take_events(&mut self, method: &str) -> Vec<Value> {
        // Pick up what has arrived without waiting.
        while let Ok(Some(v)) = self.read(Instant::now()) {
            self.keep(v);
        }
        let session = self.session.clone();
        let (hit, rest) = std::mem::take(&mut self.events)
            .into_iter()
            .partition(|v| v["method"] == method && v["sessionId"] == session.as_str());
        self.events = rest;
        hit.into_iter().map(|mut v| v["params"].take()).collect()
    }

    /// Wait for the next event `method` of this session (buffered ones first).
    pub fn wait_event(&mut self, method: &str, timeout: Duration) -> Result<Value> {
        let mine = |v: &Value, s: &str| v["method"] == method && v["sessionId"] == s;
        if let Some(at) = self.events.iter().position(|v| mine(v, &self.session)) {
            return Ok(self.events.remove(at)["params"].take());
        }
        let deadline = Instant::now() + timeout;
        loop {
            let Some(v) = self.read(deadline)? else {
                return Err(format!("no {method} within {timeout:?}"));
            };
            if mine(&v, &self.session) {
                return Ok(v["params"].clone());
            }
            self.keep(v);
        }
    }

    /// Open `url` and wait for its load event.
    pub fn navigate(&mut self, url: &str) -> Result<()> {
        self.take_events("Page.loadEventFired");
        let r = self.call("Page.navigate", json!({"url": url}))?;
        if let Some(e) = r.get("errorText").and_then(Value::as_str) {
            return Err(format!("navigate {url}: {e}"));
        }
        self.wait_event("Page.loadEventFired", TIMEOUT)
            .map_err(|e| format!("navigate {url}: {e}"))?;
        Ok(())
    }

    /// Run `js` (which may trigger a navigation) and wait for the next page's load event.
    pub fn eval_and_wait_load(&mut self, js: &str) -> Result<()> {
        self.take_events("Page.loadEventFired");
        self.eval(js)?;
        self.wait_event("Page.loadEventFired", TIMEOUT)
            .map(|_| ())
            .map_err(|e| format!("after `{js}`: {e}"))
    }

    /// Evaluate an expression (promises awaited); its value as JSON.
    pub fn eval(&mut self, js: &str) -> Result<Value> {
        let r = self.call(
            "Runtime.evaluate",
            json!({"expression": js, "returnByValue": true, "awaitPromise": true}),
        )?;
        if let Some(e) = r.get("exceptionDetails") {
            let text = e["exception"]["description"]
                .as_str()
                .or(e["text"].as_str())
                .unwrap_or("exception");
            return Err(format!("`{js}` threw: {text}"));
        }
        Ok(r["result"]["value"].clone())
    }

    /// Poll `js` until it is truthy; its value.
    pub fn wait_for(&mut self, js: &str, timeout: Duration) -> Result<Value> {
        let deadline = Instant::now() + timeout;
        loop {
            let v = self.eval(js)?;
            if !matches!(v, Value::Null | Value::Bool(false)) && v != json!(0) && v != json!("") {
                return Ok(v);
            }
            if Instant::now() >= deadline {
                return Err(format!("`{js}` not true within {timeout:?}"));
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Emulate a screen `width` CSS pixels wide (a phone when `mobile`).
    pub fn set_viewport(&mut self, width: u32, height: u32, mobile: bool) -> Result<()> {
        self.call(
            "Emulation.setDeviceMetricsOverride",
            json!({"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile}),
        )
        .map(|_| ())
    }

    /// Press and release a key (`key` as in KeyboardEvent.key, e.g. "Tab", "Enter").
    pub fn press(&mut self, key: &str, code: u32) -> Result<()> {
        let text = if key == "Enter" { "\r" } else { "" };
        for kind in ["keyDown", "keyUp"] {
            let mut p = json!({"type": kind, "key": key, "code": key,
                "windowsVirtualKeyCode": code, "nativeVirtualKeyCode": code});
            if kind == "keyDown" && !text.is_empty() {
                p["text"] = text.into();
            }
            self.call("Input.dispatchKeyEvent", p)?;
        }
        Ok(())
    }

    /// A PNG of the whole page (not just the viewport), at most 10000 px tall.
    pub fn screenshot(&mut self) -> Result<Vec<u8>> {
        let m = self.call("Page.getLayoutMetrics", json!({}))?;
        let size = &m["cssContentSize"];
        let w = size["width"].as_f64().unwrap_or(800.0).ceil();
        let h = size["height"]
            .as_f64()
            .unwrap_or(600.0)
            .clamp(1.0, 10000.0)
            .ceil();
        let r = self.call(
            "Page.captureScreenshot",
            json!({"format": "png", "captureBeyondViewport": true,
                "clip": {"x": 0, "y": 0, "width": w, "height": h, "scale": 1}}),
        )?;
        base64_decode(r["data"].as_str().ok_or("no screenshot data")?)
    }

    /// The page's current DOM as HTML.
    pub fn html(&mut self) -> Result<String> {
        let v = self.eval("document.documentElement ? document.documentElement.outerHTML : ''")?;
        Ok(format!("<!DOCTYPE html>\n{}", v.as_str().unwrap_or("")))
    }
}

impl Drop for Tab {
    fn drop(&mut self) {
        // Ask politely (profile written out), then end the whole process group regardless.
        let _ = self.ws.send(Message::text(
            json!({"id": 0, "method": "Browser.close"}).to_string(),
        ));
        let deadline = Instant::now() + Duration::from_secs(3);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                break;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        kill(&mut self.child);
    }
}

/// SIGKILL Chromium's process group (it was started as its leader) and reap it.
fn kill(child: &mut Child) {
    if let Ok(pgid) = i32::try_from(child.id()) {
        // SAFETY: kill(2) on the group this test started; no memory is touched.
        unsafe {
            libc::kill(-pgid, libc::SIGKILL);
        }
    }
    let _ = child.kill();
    let _ = child.wait();
}

/// Open the WebSocket at `url` (ws://host:port/path); reads then time out every 100 ms so every
/// wait can check its deadline.
fn connect(url: &str) -> Result<WebSocket<TcpStream>> {
    let rest = url
        .strip_prefix("ws://")
        .ok_or_else(|| format!("not a ws:// URL: {url}"))?;
    let host = rest.split('/').next().unwrap_or(rest);
    let addr: std::net::SocketAddr = host
        .parse()
        .map_err(|e| format!("DevTools address {host}: {e}"))?;
    let stream =
        TcpStream::connect_timeout(&addr, TIMEOUT).map_err(|e| format!("connect {host}: {e}"))?;
    stream
        .set_read_timeout(Some(TIMEOUT))
        .map_err(|e| e.to_string())?;
    let (ws, _) = tungstenite::client(url, stream).map_err(|e| format!("handshake {url}: {e}"))?;
    ws.get_ref()
        .set_read_timeout(Some(Duration::from_millis(100)))
        .map_err(|e| e.to_string())?;
    Ok(ws)
}

/// Standard base64 (screenshots); no dependency for twenty lines.
fn base64_decode(s: &str) -> Result<Vec<u8>> {
    let mut out = Vec::with_capacity(s.len() / 4 * 3);
    let (mut acc, mut bits) = (0u32, 0u32);
    for c in s.bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            b'=' | b'\n' | b'\r' => continue,
            _ => return Err(format!("bad base64 byte {c}")),
        };
        acc = ((acc << 6) | u32::from(v)) & 0xff_ffff;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    Ok(out)
}

#[test]
fn base64_decodes() {
    assert_eq!(base64_decode("aGVsbG8=").expect("valid"), b"hello");
    assert_eq!(base64_decode("5pmu5rOV").expect("valid"), "普法".as_bytes());
}
