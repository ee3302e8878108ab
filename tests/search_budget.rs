//! The search transfer budget on a 10,000-page site: a first query may load at most 150 KB in all
//! (search.js, metadata, fold table, chunks, result fragments), each further distinct query at most
//! 60 KB. The corpus is the benchmark's (benches/build.rs), generated here as already rendered,
//! anonymized `SearchDoc`s and indexed with `search::build_index` directly; the real search.js
//! runs the queries with node and counts the bytes of every file it loads.

use std::fmt::Write as _;
use std::time::Instant;

use pufa::output::Body;
use pufa::search::{SearchDoc, build_index};
use serde_json::{Value, json};

/// The benchmark's generator (its xorshift, word lists and sentences), shared rather than copied.
#[path = "../benches/build.rs"]
#[allow(dead_code)]
mod bench;
use bench::{DISPUTES, Rng, TAGS, sentence};

const PSEUDONYMS: &[&str] = &[
    "张某",
    "王某",
    "李某",
    "赵某",
    "刘某",
    "陈某",
    "欧阳某",
    "司马某",
];
const HEADINGS: [&str; 6] = [
    "基本案情",
    "调解过程",
    "调解结果",
    "典型意义",
    "法律分析",
    "温馨提示",
];

/// Plain text as the Markdown stage renders the benchmark's bodies (headings on their own line).
fn body(
    r: &mut Rng,
    target: usize,
    parties: Option<(&str, &str)>,
) -> (String, Vec<(String, String)>) {
    let mut out = String::new();
    let mut heads = Vec::new();
    let mut chars = 0;
    let mut h = 0;
    while chars < target {
        if chars == 0 || r.below(5) == 0 {
            let title = HEADINGS[h % HEADINGS.len()];
            let id = if h < HEADINGS.len() {
                title.to_string()
            } else {
                format!("{title}-{}", h / HEADINGS.len())
            };
            heads.push((id, title.to_string()));
            let _ = writeln!(out, "{title}");
            h += 1;
        }
        for _ in 0..(2 + r.below(3)) {
            chars += sentence(r, &mut out);
        }
        if let Some((a, b)) = parties
            && r.below(3) == 0
        {
            let _ = write!(out, "{a}与{b}多次协商，{a}的电话是〔电话号码已隐去〕。");
        }
        out.push('\n');
        match r.below(12) {
            0 => out.push_str("第一项约定第二项约定第三项约定"),
            1 => out.push_str("项目金额维修费3200元误工费800元"),
            _ => {}
        }
    }
    out.push_str("依据《中华人民共和国民法典》第二百八十八条、第一千一百六十五条。\n");
    (out, heads)
}

fn corpus(pages: usize, seed: u64) -> Vec<SearchDoc> {
    let mut r = Rng(seed.max(1).wrapping_mul(0x9E37_79B9_7F4A_7C15));
    (0..pages)
        .map(|i| {
            let target = 300 + r.below(1200);
            let date = format!(
                "20{:02}-{:02}-{:02}",
                18 + r.below(8),
                1 + r.below(12),
                1 + r.below(28)
            );
            match i % 10 {
                0..=3 => {
                    let (a, b) = (r.pick(PSEUDONYMS), r.pick(PSEUDONYMS));
                    let title = format!("{}纠纷调解案例{i}", r.pick(TAGS));
                    let dispute = r.pick(DISPUTES).to_string();
                    let (text, headings) = body(&mut r, target, Some((a, b)));
                    SearchDoc {
                        path: format!("/cases/p{i:06}/"),
                        title,
                        headings,
                        text,
                        kind: Some("case".into()),
                        dispute: Some(dispute),
                        region: Some("某市某区".into()),
                        date: Some(date),
                    }
                }
                4 => {
                    let mut text = String::new();
                    for n in 1..=(8 + r.below(8)) {
                        let _ = write!(text, "第{n}条 ");
                        sentence(&mut r, &mut text);
                        text.push('\n');
                    }
                    SearchDoc {
                        path: format!("/conventions/p{i:06}/"),
                        title: format!("第{i}号居民公约"),
                        text,
                        kind: Some("convention".into()),
                        date: Some(date),
                        ..Default::default()
                    }
                }
                _ => {
                    let title = format!("普法问答第{i}期：{}", r.pick(TAGS));
                    let (text, headings) = body(&mut r, target, None);
                    SearchDoc {
                        path: format!("/articles/p{i:06}/"),
                        title,
                        headings,
                        text,
                        kind: Some("article".into()),
                        date: Some(date),
                        ..Default::default()
                    }
                }
            }
        })
        .collect()
}

#[test]
fn ten_thousand_pages_fit_the_transfer_budget() {
    let docs = corpus(10_000, 7);
    let t = Instant::now();
    let files = build_index(docs);
    let took = t.elapsed();
    let dir = tempfile::tempdir().expect("temp dir");
    let mut total = 0usize;
    for f in &files {
        let Body::Bytes(b) = &f.body else {
            panic!("search files are generated")
        };
        total += b.len();
        let path = dir.path().join(&f.path);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, b).expect("write");
    }
    let js_path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/themes/default/static/js/search.js"
    );
    let js = std::fs::metadata(js_path).expect("search.js").len() as usize;
    let queries = json!([
        {"q": "人民调解委员会"},
        {"q": "赡养老人"},
        {"q": "物业费纠纷"},
        {"q": "民法典第二百八十八条"},
        {"q": "宅基地", "filters": {"kind": "case"}},
        {"q": "公平合理地化解矛盾"},
    ]);
    let out = std::process::Command::new("node")
        .arg(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/search/query.mjs"
        ))
        .arg(js_path)
        .arg(dir.path())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut c| {
            use std::io::Write;
            c.stdin
                .take()
                .expect("stdin")
                .write_all(queries.to_string().as_bytes())?;
            c.wait_with_output()
        })
        .expect("these tests run search.js with node (v18+)");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let res: Vec<Value> = serde_json::from_slice(&out.stdout).expect("JSON");
    eprintln!(
        "10,000 pages: index {} files, {:.1} MB, built in {:.2} s ({} build); search.js {js} B",
        files.len(),
        total as f64 / 1e6,
        took.as_secs_f64(),
        if cfg!(debug_assertions) {
            "debug"
        } else {
            "release"
        }
    );
    for (k, r) in res.iter().enumerate() {
        let bytes = r["bytes"].as_u64().unwrap_or(0) as usize + if k == 0 { js } else { 0 };
        let kinds: Vec<String> = r["files"]
            .as_array()
            .map(|a| {
                a.iter()
                    .map(|f| format!("{}={}", f[0].as_str().unwrap_or(""), f[1]))
                    .collect()
            })
            .unwrap_or_default();
        let shown = r["results"].as_array().map_or(0, Vec::len);
        eprintln!(
            "{}: {} results, {shown} shown, {bytes} B: {}",
            r["q"],
            r["total"],
            kinds.join(" ")
        );
        let total = r["total"].as_u64().unwrap_or(0) as usize;
        assert!(total > 0, "{} finds pages", r["q"]);
        assert!(
            shown >= total.min(5),
            "{} shows only {shown} results within the budget",
            r["q"]
        );
        let limit = if k == 0 { 150_000 } else { 60_000 };
        assert!(bytes <= limit, "{} loads {bytes} B, over {limit} B", r["q"]);
    }
    assert!(
        res[2]["results"][0]["plainTitle"]
            .as_str()
            .unwrap_or("")
            .contains("物业费纠纷"),
        "title match first: {}",
        res[2]["results"][0]
    );
}
