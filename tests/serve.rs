//! `pufa serve` end to end: pages from memory with the right content types, Chinese paths,
//! traversal refused, the review page, a reload event after an edit, the error overlay while the
//! last good build is still served, recovery, and nothing written to the site folder.

mod common;
use common::TestSite;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

struct Server {
    child: Child,
    addr: String,
    /// What the server printed on stdout so far.
    log: std::sync::Arc<std::sync::Mutex<Vec<String>>>,
}

impl Server {
    fn log(&self) -> String {
        self.log.lock().map(|l| l.join("\n")).unwrap_or_default()
    }

    /// The log once it holds `line` (the thread reading the server's output may lag behind the
    /// reload event under load), or as it is after ten seconds.
    fn log_with(&self, line: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let log = self.log();
            if log.contains(line) || Instant::now() > deadline {
                return log;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(site: &TestSite) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_pufa"))
        .args(["serve", "--port", "0", "--root"])
        .arg(site.root())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start pufa serve");
    let stdout = child.stdout.take().expect("stdout");
    let stderr = child.stderr.take().expect("stderr");
    let mut lines = BufReader::new(stdout).lines();
    let deadline = Instant::now() + Duration::from_secs(30);
    let mut addr = String::new();
    while Instant::now() < deadline {
        let Some(Ok(line)) = lines.next() else { break };
        if let Some(rest) = line.split("http://").nth(1) {
            addr = rest.split('/').next().unwrap_or("").to_string();
            break;
        }
    }
    assert!(!addr.is_empty(), "pufa serve did not print its address");
    // Keep reading stdout so the server never blocks on a full pipe.
    let log = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let sink = log.clone();
    std::thread::spawn(move || {
        for line in lines.map_while(Result::ok) {
            if let Ok(mut l) = sink.lock() {
                l.push(line);
            }
        }
    });
    // Warnings and errors go to stderr: into the same log.
    let sink = log.clone();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if let Ok(mut l) = sink.lock() {
                l.push(line);
            }
        }
    });
    Server { child, addr, log }
}

fn get(addr: &str, path: &str) -> (u16, String, String) {
    get_as(addr, path, addr)
}

/// [`get`] with the given Host header.
fn get_as(addr: &str, path: &str, host: &str) -> (u16, String, String) {
    let mut s = TcpStream::connect(addr).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(10))).ok();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )
    .expect("send");
    let mut buf = Vec::new();
    let _ = s.read_to_end(&mut buf);
    let text = String::from_utf8_lossy(&buf).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let ctype = head
        .lines()
        .find_map(|l| l.strip_prefix("Content-Type: "))
        .unwrap_or("")
        .to_string();
    (status, ctype, body.to_string())
}

/// Wait for an event name on the server-sent events stream.
fn wait_event(events: &mut BufReader<TcpStream>, name: &str) -> bool {
    let deadline = Instant::now() + Duration::from_secs(30);
    let mut line = String::new();
    while Instant::now() < deadline {
        line.clear();
        match events.read_line(&mut line) {
            Ok(0) => return false,
            Ok(_) if line.trim() == format!("event: {name}") => return true,
            Ok(_) => {}
            Err(_) => {}
        }
    }
    false
}

/// The data line of the next `name` event, if one comes within 30 seconds.
fn event_data(events: &mut BufReader<TcpStream>, name: &str) -> Option<String> {
    if !wait_event(events, name) {
        return None;
    }
    let mut line = String::new();
    events.read_line(&mut line).ok()?;
    Some(line)
}

/// Open the server-sent events stream and give the server a moment to register it.
fn subscribe(addr: &str) -> BufReader<TcpStream> {
    subscribe_as(addr, "x")
}

/// [`subscribe`] with the given Host header.
fn subscribe_as(addr: &str, host: &str) -> BufReader<TcpStream> {
    let mut events = TcpStream::connect(addr).expect("connect");
    events.set_read_timeout(Some(Duration::from_secs(1))).ok();
    write!(
        events,
        "GET /__pufa/events HTTP/1.1\r\nHost: {host}\r\n\r\n"
    )
    .expect("send");
    std::thread::sleep(Duration::from_millis(300));
    BufReader::new(events)
}

fn site() -> TestSite {
    let s = TestSite::new();
    s.file("content/_index.md", "+++\ntitle = \"首页\"\n+++\n欢迎。\n")
        .file("content/cases/_index.md", "+++\ntitle = \"案例\"\nkind = \"case\"\n+++\n")
        .file("content/cases/a.md", "+++\ntitle = \"漏水\"\ndate = 2024-01-01\ndispute = \"相邻关系纠纷\"\ntags = [\"漏水\"]\n[[parties]]\nname = \"张建国\"\nrole = \"申请人\"\n+++\n张建国家漏水，电话13812345678。\n");
    s
}

#[test]
fn serves_pages_types_and_refuses_traversal() {
    let s = site();
    let srv = start(&s);
    let (st, ct, body) = get(&srv.addr, "/cases/a/");
    assert_eq!(st, 200);
    assert!(ct.starts_with("text/html"), "{ct}");
    assert!(
        body.contains("张某") && !body.contains("张建国"),
        "anonymized in serve mode too"
    );
    assert!(
        body.contains("/__pufa/events"),
        "live reload script injected"
    );
    assert_eq!(
        get(&srv.addr, "/tags/%E6%BC%8F%E6%B0%B4/").0,
        200,
        "Chinese paths"
    );
    assert!(get(&srv.addr, "/css/pufa.css").1.starts_with("text/css"));
    assert_eq!(get(&srv.addr, "/../../etc/passwd").0, 400);
    assert_eq!(get(&srv.addr, "/a/%2e%2e/%2e%2e/etc/passwd").0, 400);
    assert_eq!(get(&srv.addr, "/nope/").0, 404);
    let (st, _, review) = get(&srv.addr, "/_review/");
    assert_eq!(st, 200);
    assert!(
        review.contains("title=\"当事人姓名 → 张某\">张建国</mark>"),
        "{review}"
    );
    let port = srv.addr.rsplit(':').next().unwrap_or_default();
    assert_eq!(
        get_as(&srv.addr, "/_review/", &format!("localhost:{port}")).0,
        200
    );
    // A page of another site whose name was made to resolve to this machine (DNS rebinding)
    // sends its own name: no original names for it.
    let (st, _, body) = get_as(
        &srv.addr,
        "/_review/",
        &format!("rebind.attacker.example:{port}"),
    );
    assert_eq!(st, 403);
    assert!(!body.contains("张建国"), "{body}");
    assert_eq!(
        get_as(&srv.addr, "/", &format!("rebind.attacker.example:{port}")).0,
        200
    );
    assert!(!s.public().exists(), "serve writes nothing");
}

#[test]
fn reloads_after_edit_shows_errors_and_recovers() {
    let s = site();
    let srv = start(&s);
    let mut events = subscribe(&srv.addr);
    let mut trusted = subscribe_as(&srv.addr, &srv.addr);
    let mut rebound = subscribe_as(&srv.addr, "evil.example:80");

    s.file("content/b.md", "+++\ntitle = \"新页面\"\n+++\n新内容。\n");
    assert!(
        wait_event(&mut events, "reload"),
        "reload event after an edit"
    );
    assert!(get(&srv.addr, "/b/").2.contains("新内容"));

    s.file("content/b.md", "+++\ntitle = \n+++\n");
    assert!(
        wait_event(&mut events, "failed"),
        "failed event after a bad edit"
    );
    let (st, _, body) = get(&srv.addr, "/b/");
    assert_eq!(st, 200, "last good build still served");
    assert!(
        body.contains("新内容")
            && body.contains("<div id=\"pufa-overlay\"")
            && body.contains("invalid TOML"),
        "overlay with the error"
    );
    // A page whose domain was made to resolve to this machine (DNS rebinding) gets no message,
    // neither in the page nor on the event stream: a parser's message may quote a case's text.
    let data = event_data(&mut trusted, "failed").unwrap_or_default();
    assert!(data.contains("invalid TOML"), "{data}");
    let data = event_data(&mut rebound, "failed").unwrap_or_default();
    assert!(
        data.starts_with("data:") && !data.contains("invalid TOML"),
        "{data}"
    );
    let (_, _, rebound) = get_as(&srv.addr, "/b/", "evil.example:80");
    assert!(
        rebound.contains("<div id=\"pufa-overlay\"") && !rebound.contains("invalid TOML"),
        "{rebound}"
    );

    s.file("content/b.md", "+++\ntitle = \"修好了\"\n+++\n好了。\n");
    assert!(wait_event(&mut events, "reload"), "recovers");
    let body = get(&srv.addr, "/b/").2;
    assert!(body.contains("好了") && !body.contains("<div id=\"pufa-overlay\""));
}

/// Poll `path` until its body satisfies `ok` (lists follow an incremental edit a moment later).
fn eventually(addr: &str, path: &str, ok: impl Fn(&str) -> bool) -> String {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let body = get(addr, path).2;
        if ok(&body) || Instant::now() > deadline {
            return body;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn edits_rerender_the_page_then_its_lists_anonymized_without_a_full_rebuild() {
    let s = site();
    s.file("config.toml", &format!("{}scripts = [\"hans\", \"hant\"]\n", common::CONFIG))
        .file("content/cases/b.md", "+++\ntitle = \"噪音\"\ndate = 2024-02-01\ndispute = \"相邻关系纠纷\"\n[[parties]]\nname = \"李秀英\"\nrole = \"申请人\"\n+++\n李秀英家楼上吵闹。\n");
    let srv = start(&s);
    let mut events = subscribe(&srv.addr);

    // Same front matter, new text with the party's name, a new phone and an ID number.
    let header = "+++\ntitle = \"漏水\"\ndate = 2024-01-01\ndispute = \"相邻关系纠纷\"\ntags = [\"漏水\"]\n[[parties]]\nname = \"张建国\"\nrole = \"申请人\"\n+++\n";
    s.file(
        "content/cases/a.md",
        &format!("{header}张建国家又漏水了，新电话13900001111，身份证11010519491231002X。\n\n补充：楼上已经修好。\n"),
    );
    assert!(wait_event(&mut events, "reload"), "reload after the edit");
    let page = get(&srv.addr, "/cases/a/").2;
    assert!(
        page.contains("又漏水") && page.contains("楼上已经修好"),
        "{page}"
    );
    let secrets = ["张建国", "13900001111", "11010519491231002X", "13812345678"];
    // The page, its traditional copy, and the lists and feeds that follow the reload.
    let list = eventually(&srv.addr, "/cases/", |b| b.contains("又漏水"));
    let tag = eventually(&srv.addr, "/tags/%E6%BC%8F%E6%B0%B4/", |b| {
        b.contains("又漏水")
    });
    let home = eventually(&srv.addr, "/", |b| b.contains("又漏水"));
    // Newest first: case a (2024-01-01) is the second page of the index.
    let search = eventually(&srv.addr, "/search/f/1.json", |b| b.contains("又漏水"));
    let hant = get(&srv.addr, "/zh-hant/cases/a/").2;
    for (what, body) in [
        ("page", &page),
        ("section", &list),
        ("tag", &tag),
        ("home", &home),
        ("search", &search),
        ("traditional", &hant),
    ] {
        assert!(body.contains("又漏水"), "{what} shows the edit: {body}");
        for secret in secrets {
            assert!(!body.contains(secret), "{what} leaks {secret}");
        }
    }
    assert!(page.contains("张某"), "{page}");
    assert!(
        hant.contains("修好"),
        "the traditional copy follows: {hant}"
    );
    let feed = get(&srv.addr, "/atom.xml").2;
    for secret in secrets {
        assert!(!feed.contains(secret), "feed leaks {secret}");
    }
    let log = srv.log_with("1 changed page(s)");
    assert!(
        log.contains("1 changed page(s)"),
        "incremental, not a full rebuild:\n{log}"
    );
    assert!(!log.contains("full rebuild"), "{log}");
    // The other case was not touched, and the review page shows the new text.
    assert!(get(&srv.addr, "/cases/b/").2.contains("李某"));
    let review = get(&srv.addr, "/_review/").2;
    assert!(review.contains("楼上已经修好"), "{review}");

    // An edit that would publish a party's name on an ordinary page fails the audit: the page
    // keeps its last good version, the overlay explains.
    s.file("content/c.md", "+++\ntitle = \"说明\"\n+++\n第一版说明。\n");
    assert!(
        wait_event(&mut events, "reload"),
        "a new page: full rebuild"
    );
    s.file(
        "content/c.md",
        "+++\ntitle = \"说明\"\n+++\n联系人张建国。\n",
    );
    assert!(
        wait_event(&mut events, "failed"),
        "the audit stops the incremental edit"
    );
    let c = get(&srv.addr, "/c/").2;
    assert!(
        c.contains("第一版说明") && c.contains("privacy audit") && !c.contains("联系人张建国"),
        "{c}"
    );
    s.file("content/c.md", "+++\ntitle = \"说明\"\n+++\n第二版说明。\n");
    assert!(wait_event(&mut events, "reload"), "recovers");
    assert!(get(&srv.addr, "/c/").2.contains("第二版说明"));

    // A front-matter edit: a new title and date (case a becomes the newest) and a new tag. The
    // page, its neighbours and then every list follow without a full rebuild.
    let full_rebuilds = |log: &str| log.matches("full rebuild").count();
    let before = full_rebuilds(&srv.log());
    let edited = header
        .replace("漏水\"\ndate = 2024-01-01", "渗水\"\ndate = 2024-03-01")
        .replace("tags = [\"漏水\"]", "tags = [\"漏水\", \"渗水\"]");
    s.file(
        "content/cases/a.md",
        &format!("{edited}补充：楼上已经修好。\n"),
    );
    assert!(
        wait_event(&mut events, "reload"),
        "reload after the front-matter edit"
    );
    let page = get(&srv.addr, "/cases/a/").2;
    assert!(page.contains("渗水") && !page.contains("张建国"), "{page}");
    let list = eventually(&srv.addr, "/cases/", |b| b.contains("渗水"));
    let (a, b) = (list.find("渗水"), list.find("噪音"));
    assert!(
        a.is_some() && b.is_some() && a < b,
        "the newest case comes first now: {list}"
    );
    let new_tag = eventually(&srv.addr, "/tags/%E6%B8%97%E6%B0%B4/", |b| {
        b.contains("渗水")
    });
    assert!(new_tag.contains("/cases/a/"), "{new_tag}");
    let b_page = eventually(&srv.addr, "/cases/b/", |b| b.contains("渗水"));
    assert!(
        b_page.contains("渗水"),
        "its neighbour links to the new title: {b_page}"
    );
    assert_eq!(full_rebuilds(&srv.log()), before, "{}", srv.log());

    // An editor's temporary file that comes and goes (vim's 4913) changes nothing by itself.
    let tmp = s.root().join("content/cases/4913");
    std::fs::write(&tmp, "").expect("temp file");
    std::fs::remove_file(&tmp).expect("remove temp file");
    s.file(
        "content/cases/a.md",
        &format!("{edited}补充：楼上已经修好。再补充。\n"),
    );
    assert!(wait_event(&mut events, "reload"), "reload after the edit");
    assert!(get(&srv.addr, "/cases/a/").2.contains("再补充"));
    assert_eq!(full_rebuilds(&srv.log()), before, "{}", srv.log());

    // A typo in a case's dispute category is reported after an incremental rebuild too.
    s.file("content/cases/b.md", "+++\ntitle = \"噪音\"\ndate = 2024-02-01\ndispute = \"相邻关系纠份\"\n[[parties]]\nname = \"李秀英\"\nrole = \"申请人\"\n+++\n李秀英家楼上吵闹。\n");
    assert!(wait_event(&mut events, "reload"), "reload after the typo");
    let review = get(&srv.addr, "/_review/").2;
    assert!(review.contains("unknown dispute category"), "{review}");
    assert_eq!(full_rebuilds(&srv.log()), before, "{}", srv.log());

    // Removing the only page of a tag would leave its page behind: a full rebuild.
    s.file(
        "content/cases/a.md",
        &format!("{}补充：楼上已经修好。\n", edited.replace(", \"渗水\"", "")),
    );
    assert!(
        wait_event(&mut events, "reload"),
        "reload after removing the tag"
    );
    assert!(srv.log().contains("empties the list page"), "{}", srv.log());
    assert_eq!(get(&srv.addr, "/tags/%E6%B8%97%E6%B0%B4/").0, 404);
}

/// An edit that puts a name another case found (邻居柯文杰 in case c) bare into case a: the
/// incremental rebuild replaces it as the full build does.
#[test]
fn an_edit_with_a_name_another_case_found_is_anonymized() {
    let s = site();
    s.file("content/cases/c.md", "+++\ntitle = \"琴声\"\ndate = 2024-02-01\ndispute = \"相邻关系纠纷\"\n[[parties]]\nname = \"李秀英\"\nrole = \"申请人\"\n+++\n李秀英称，邻居柯文杰经常深夜弹琴。\n");
    let srv = start(&s);
    let mut events = subscribe(&srv.addr);
    s.file("content/cases/a.md", "+++\ntitle = \"漏水\"\ndate = 2024-01-01\ndispute = \"相邻关系纠纷\"\ntags = [\"漏水\"]\n[[parties]]\nname = \"张建国\"\nrole = \"申请人\"\n+++\n张建国家漏水，柯文杰也来看了。\n");
    assert!(wait_event(&mut events, "reload"), "reload after the edit");
    let page = eventually(&srv.addr, "/cases/a/", |b| b.contains("也来看了"));
    assert!(page.contains("张某家漏水，柯某也来看了"), "{page}");
    assert!(
        srv.log_with("1 changed page(s)")
            .contains("1 changed page(s)"),
        "incremental: {}",
        srv.log()
    );
}

/// A case section's introduction is anonymized with the parties of its cases: an edit that makes
/// a name it mentions a party (柯文杰, declared in case a) rebuilds it too, instead of leaving the
/// section page as it was (which the audit would then stop).
#[test]
fn a_new_party_named_in_a_case_sections_introduction_is_anonymized_there() {
    let s = site();
    s.file(
        "content/cases/_index.md",
        "+++\ntitle = \"案例\"\nkind = \"case\"\n+++\n本栏收录柯文杰一家的几起纠纷。\n",
    );
    let srv = start(&s);
    let mut events = subscribe(&srv.addr);
    assert!(
        get(&srv.addr, "/cases/").2.contains("柯文杰一家"),
        "not a party yet"
    );
    s.file("content/cases/a.md", "+++\ntitle = \"漏水\"\ndate = 2024-01-01\ndispute = \"相邻关系纠纷\"\ntags = [\"漏水\"]\n[[parties]]\nname = \"张建国\"\nrole = \"申请人\"\n[[parties]]\nname = \"柯文杰\"\nrole = \"被申请人\"\n+++\n张建国家漏水，柯文杰家在楼上。\n");
    assert!(
        wait_event(&mut events, "reload"),
        "reload after the edit: {}",
        srv.log()
    );
    let list = eventually(&srv.addr, "/cases/", |b| b.contains("柯某一家"));
    assert!(!list.contains("柯文杰"), "{list}");
    assert!(get(&srv.addr, "/cases/a/").2.contains("柯某家在楼上"));
}

/// A case's phone number edited into another (as many terms as before): the audit looks for the
/// new one on the other pages from then on.
#[test]
fn a_changed_number_is_audited_on_other_pages_after_an_edit() {
    let s = site();
    s.file("content/c.md", "+++\ntitle = \"说明\"\n+++\n第一版说明。\n");
    let srv = start(&s);
    let mut events = subscribe(&srv.addr);
    let case = |phone: &str| {
        format!(
            "+++\ntitle = \"漏水\"\ndate = 2024-01-01\ndispute = \"相邻关系纠纷\"\ntags = [\"漏水\"]\n[[parties]]\nname = \"张建国\"\nrole = \"申请人\"\n+++\n张建国家漏水，电话{phone}。\n"
        )
    };
    s.file("content/cases/a.md", &case("13900002222"));
    assert!(wait_event(&mut events, "reload"), "reload after the edit");
    s.file("content/cases/a.md", &case("13900003333"));
    assert!(
        wait_event(&mut events, "reload"),
        "reload after the second edit"
    );
    s.file(
        "content/c.md",
        "+++\ntitle = \"说明\"\n+++\n联系电话13900003333。\n",
    );
    assert!(
        wait_event(&mut events, "failed"),
        "the audit knows the new number: {}",
        srv.log()
    );
    let c = get(&srv.addr, "/c/").2;
    assert!(
        !c.contains("13900003333") && c.contains("第一版说明"),
        "{c}"
    );
}

/// A static file edited so that it would leak: the rebuild fails the audit, and the file the
/// server keeps serving is the one the last good build audited, not the file on disk.
#[test]
fn a_static_file_that_fails_the_audit_is_not_served() {
    let s = site();
    s.file("static/info.txt", "办公时间：周一至周五。\n");
    let srv = start(&s);
    let mut events = subscribe(&srv.addr);
    assert!(get(&srv.addr, "/info.txt").2.contains("办公时间"));
    s.file("static/info.txt", "联系人张建国，电话13812345678。\n");
    assert!(wait_event(&mut events, "failed"), "{}", srv.log());
    let (_, _, body) = get(&srv.addr, "/info.txt");
    assert!(
        body.contains("办公时间") && !body.contains("13812345678"),
        "{body}"
    );
}

/// An alias added to a party (柯老板; 阿杰, a nickname of 柯文杰, is replaced without one) that a case section's introduction uses: the section is
/// anonymized again too.
#[test]
fn a_new_alias_named_in_a_case_sections_introduction_is_anonymized_there() {
    let s = site();
    s.file(
        "content/cases/_index.md",
        "+++\ntitle = \"案例\"\nkind = \"case\"\n+++\n本栏收录柯老板一家的几起纠纷。\n",
    )
    .file("content/cases/a.md", "+++\ntitle = \"漏水\"\ndate = 2024-01-01\ndispute = \"相邻关系纠纷\"\ntags = [\"漏水\"]\n[[parties]]\nname = \"张建国\"\nrole = \"申请人\"\n[[parties]]\nname = \"柯文杰\"\nrole = \"被申请人\"\n+++\n张建国家漏水，柯文杰家在楼上。\n");
    let srv = start(&s);
    let mut events = subscribe(&srv.addr);
    assert!(
        get(&srv.addr, "/cases/").2.contains("柯老板一家"),
        "no alias yet"
    );
    s.file("content/cases/a.md", "+++\ntitle = \"漏水\"\ndate = 2024-01-01\ndispute = \"相邻关系纠纷\"\ntags = [\"漏水\"]\n[[parties]]\nname = \"张建国\"\nrole = \"申请人\"\n[[parties]]\nname = \"柯文杰\"\nrole = \"被申请人\"\naliases = [\"柯老板\"]\n+++\n张建国家漏水，柯文杰家在楼上。\n");
    assert!(
        wait_event(&mut events, "reload"),
        "reload after the edit: {}",
        srv.log()
    );
    let list = eventually(&srv.addr, "/cases/", |b| b.contains("柯某一家"));
    assert!(!list.contains("柯老板"), "{list}");
}

/// A page edit that adds shortcodes and internal links is rendered without a full rebuild, its
/// calls anonymized; an unknown shortcode is an error shown over the last good page.
#[test]
fn an_edit_with_shortcodes_is_rendered_anonymized_and_a_bad_call_is_reported() {
    let s = site();
    let srv = start(&s);
    let mut events = subscribe(&srv.addr);
    let header = "+++\ntitle = \"漏水\"\ndate = 2024-01-01\ndispute = \"相邻关系纠纷\"\ntags = [\"漏水\"]\n[[parties]]\nname = \"张建国\"\nrole = \"申请人\"\n+++\n";
    s.file(
        "content/cases/a.md",
        &format!("{header}{{% tip(title=\"张建国的说明\") %}}\n张建国的电话是13900001111。\n{{% end %}}\n\n[回首页](@/_index.md)\n"),
    );
    assert!(wait_event(&mut events, "reload"), "reload after the edit");
    let page = get(&srv.addr, "/cases/a/").2;
    assert!(
        page.contains("<p class=\"tip-title\">张某的说明</p>"),
        "{page}"
    );
    assert!(page.contains("张某的电话是〔"), "{page}");
    assert!(
        !page.contains("张建国") && !page.contains("13900001111"),
        "{page}"
    );
    assert!(
        page.contains("<a href=\"http"),
        "internal link resolved: {page}"
    );
    assert!(!page.contains("@/_index.md"), "{page}");
    let log = srv.log_with("1 changed page(s)");
    assert!(!log.contains("full rebuild"), "{log}");

    s.file("content/cases/a.md", &format!("{header}{{{{ nope() }}}}\n"));
    assert!(wait_event(&mut events, "failed"), "failed after a bad call");
    let (st, _, body) = get(&srv.addr, "/cases/a/");
    assert_eq!(st, 200);
    assert!(
        body.contains("张某的说明") && body.contains("unknown shortcode `nope`"),
        "last good page with the error: {body}"
    );
}

/// The build's warnings are printed as `pufa build` prints them, and an edit of a page prints
/// its warnings from its new text at once (an unknown key just typed).
#[test]
fn an_edit_prints_the_warnings_of_the_edited_page() {
    let s = site();
    s.file(
        "content/p.md",
        "+++\ntitle = \"说明\"\nauthr = \"甲\"\n+++\n第一版。\n",
    );
    let srv = start(&s);
    let mut events = subscribe(&srv.addr);
    let log = srv.log_with("unknown key `authr`");
    assert!(log.contains("unknown key `authr`"), "{log}");
    s.file(
        "content/p.md",
        "+++\ntitle = \"说明\"\nauthr = \"甲\"\nsumary = \"乙\"\n+++\n第二版。\n",
    );
    assert!(wait_event(&mut events, "reload"), "reload after the edit");
    let log = srv.log_with("unknown key `sumary`");
    assert!(log.contains("unknown key `sumary`"), "{log}");
    assert!(log.contains("content/p.md"), "{log}");
    // Printed by the incremental rebuild, which read the page anew.
    let log = srv.log_with("1 changed page(s)");
    assert!(
        log.contains("1 changed page(s)") && !log.contains("full rebuild"),
        "{log}"
    );
}
