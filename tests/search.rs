//! Search: builds a small site with pages in simplified and traditional script, checks the index
//! files and the search page, that no case name reaches the index, and runs the real search.js
//! (with node, through tests/search/query.mjs) on the built files: either script finds the other,
//! every Han substring finds its page, title matches rank first, filters narrow the results.

mod common;
use common::TestSite;

use serde_json::{Value, json};

const SECRETS: &[&str] = &["张建国", "建国", "李秀英", "秀英", "張建國"];

/// Page bodies whose every Han substring must find the page (no names in them).
const ARTICLE: &str = "## 什么是人民调解\n\n人民调解委员会是依法设立的调解民间纠纷的群众性组织。调解不收费，当事人可以随时申请。\n\n## 调解协议\n\n经人民调解委员会调解达成的调解协议，具有法律约束力。\n";
const TRAD: &str = "## 基本案情\n\n樓上住戶夜間噪音擾民，鄰里多次協商未果。\n\n## 調解過程\n\n本案經人民調解委員會依法調解，雙方簽訂調解協議，約定晚上十點後保持安靜。\n";

fn site() -> TestSite {
    let s = TestSite::new();
    s.file("content/_index.md", "+++\ntitle = \"首页\"\n+++\n")
        .file("content/cases/_index.md", "+++\ntitle = \"典型案例\"\nkind = \"case\"\n+++\n")
        .file(
            "content/cases/loushui.md",
            "+++\ntitle = \"楼上漏水引发的相邻关系纠纷\"\ndate = 2024-05-01\ndispute = \"相邻关系纠纷\"\nregion = \"某区\"\noutcome = \"调解成功\"\n[[parties]]\nname = \"张建国\"\nrole = \"被申请人\"\n[[parties]]\nname = \"李秀英\"\nrole = \"申请人\"\n+++\n\n## 基本案情\n\n张建国家卫生间漏水，李秀英家天花板受损。\n\n## 调解结果\n\n经调解，张建国赔偿维修费3200元，李秀英表示满意。\n",
        )
        .file(
            "content/cases/zaoyin.md",
            &format!("+++\ntitle = \"鄰里噪音糾紛調解案\"\ndate = 2023-03-01\ndispute = \"噪音纠纷\"\nregion = \"某市\"\noutcome = \"调解成功\"\n+++\n\n{TRAD}"),
        )
        .file("content/articles/_index.md", "+++\ntitle = \"普法文章\"\nkind = \"article\"\n+++\n")
        .file(
            "content/articles/tiaojie.md",
            &format!("+++\ntitle = \"什么是人民调解\"\ndate = 2024-01-01\ntopic = \"人民调解\"\n+++\n\n{ARTICLE}"),
        )
        .file(
            "content/articles/xieyi.md",
            "+++\ntitle = \"调解协议的效力\"\ndate = 2022-01-01\ntopic = \"人民调解\"\n+++\n\n双方应当按照约定履行，一方不履行的，另一方可以申请司法确认。Civil Code 第1165条。\n",
        )
        .file(
            "content/articles/hidden.md",
            "+++\ntitle = \"不进入索引的页面\"\ndate = 2022-01-01\nin_search_index = false\n+++\n\n独一无二的句子。\n",
        );
    s.build_ok();
    s
}

/// Run queries through the real search.js; one result object per query.
fn query(s: &TestSite, queries: &Value) -> Vec<Value> {
    let harness = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/search/query.mjs");
    let js = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/themes/default/static/js/search.js"
    );
    let mut child = match std::process::Command::new("node")
        .args([harness, js])
        .arg(s.public())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
    {
        Ok(c) => c,
        Err(e) => panic!("these tests run search.js with node (v18+), which failed to start: {e}"),
    };
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().expect("stdin");
        stdin
            .write_all(queries.to_string().as_bytes())
            .expect("write queries");
    }
    let out = child.wait_with_output().expect("node runs");
    assert!(
        out.status.success(),
        "node failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice::<Vec<Value>>(&out.stdout).expect("harness prints JSON")
}

fn urls(r: &Value) -> Vec<String> {
    r["results"]
        .as_array()
        .expect("results")
        .iter()
        .map(|x| {
            x["url"]
                .as_str()
                .unwrap_or_default()
                .split('#')
                .next()
                .unwrap_or_default()
                .to_string()
        })
        .collect()
}

#[test]
fn builds_index_files_and_search_page() {
    let s = site();
    for f in [
        "search/meta.json",
        "search/fold.txt",
        "search/f/0.json",
        "search/v/kind-0.bin",
        "js/search.js",
    ] {
        assert!(s.exists(f), "{f} missing: {:?}", s.outputs());
    }
    let meta: Value = serde_json::from_str(&s.read("search/meta.json")).expect("meta is JSON");
    assert_eq!(
        meta["pages"], 4,
        "the in_search_index = false page is left out"
    );
    let chunks = meta["chunks"].as_u64().expect("chunks");
    assert!(s.exists(&format!("search/c/{}.bin", chunks - 1)));
    let page = s.read("search/index.html");
    for want in [
        "role=\"search\"",
        "name=\"q\"",
        "data-base=\"https://t.example.org/\"",
        "action=\"https://t.example.org/search/\"",
        "<noscript>",
        "aria-live=\"polite\"",
        "js/search.js",
    ] {
        assert!(page.contains(want), "search page lacks {want}:\n{page}");
    }
    assert!(
        s.read("index.html")
            .contains("action=\"https://t.example.org/search/\""),
        "every page has the search box in its header"
    );
    // Nothing is loaded from outside the site.
    let js = s.read("js/search.js");
    assert!(!js.contains("http://") && !js.contains("https://") && !js.contains("import "));
}

#[test]
fn no_case_name_reaches_the_index() {
    let s = site();
    for (path, bytes) in common::all_output(&s.public()) {
        if !path.starts_with("search") {
            continue;
        }
        for secret in SECRETS {
            assert!(
                !bytes.windows(secret.len()).any(|w| w == secret.as_bytes()),
                "{path} leaks {secret}"
            );
        }
    }
    // The pseudonyms are what is searchable.
    let r = query(&s, &json!([{"q": "张某"}]));
    assert_eq!(urls(&r[0]), ["cases/loushui/"], "{r:?}");
}

#[test]
fn either_script_finds_the_other() {
    let s = site();
    let r = query(
        &s,
        &json!([
            {"q": "人民调解委员会"},
            {"q": "人民調解委員會"},
            {"q": "调解协议"},
            {"q": "噪音纠纷"},
            {"q": "ＣＩＶＩＬ"},
            {"q": "1165"},
        ]),
    );
    for res in &r[..2] {
        let u = urls(res);
        assert!(
            u.contains(&"cases/zaoyin/".to_string())
                && u.contains(&"articles/tiaojie/".to_string()),
            "{}: {u:?}",
            res["q"]
        );
        assert_eq!(res["total"], 2);
    }
    // Title match first; the traditional page's snippet highlights in its own script.
    let u = urls(&r[2]);
    assert_eq!(u[0], "articles/xieyi/", "{:?}", r[2]);
    let trad = r[2]["results"]
        .as_array()
        .expect("results")
        .iter()
        .find(|x| x["url"].as_str().unwrap_or("").starts_with("cases/zaoyin/"))
        .expect("traditional page found");
    assert!(
        trad["snippet"]
            .as_str()
            .unwrap_or("")
            .contains("[調解協議]"),
        "{trad}"
    );
    assert_eq!(
        trad["section"], "調解過程",
        "the snippet's section is named"
    );
    assert!(trad["url"].as_str().unwrap_or("").ends_with("#調解過程"));
    assert!(
        r[2]["results"][0]["title"]
            .as_str()
            .unwrap_or("")
            .contains("[调解协议]")
    );
    assert_eq!(urls(&r[3]), ["cases/zaoyin/"], "the dispute is searchable");
    assert_eq!(urls(&r[4]), ["articles/xieyi/"], "full-width, upper case");
    assert_eq!(urls(&r[5]), ["articles/xieyi/"]);
}

/// Every run of two to six consecutive Han characters of a page finds that page.
#[test]
fn every_han_substring_finds_its_page() {
    let s = site();
    let mut queries = Vec::new();
    let mut expect = Vec::new();
    for (url, title, body) in [
        ("articles/tiaojie/", "什么是人民调解", ARTICLE),
        ("cases/zaoyin/", "鄰里噪音糾紛調解案", TRAD),
    ] {
        let text = format!("{title}\n{body}");
        for run in text.split(|c: char| !pufa::search::is_han(c)) {
            let cs: Vec<char> = run.chars().collect();
            for i in 0..cs.len() {
                for j in i + 2..=cs.len().min(i + 6) {
                    queries.push(json!({"q": cs[i..j].iter().collect::<String>(), "limit": 50}));
                    expect.push(url);
                }
            }
        }
    }
    assert!(queries.len() > 200);
    let r = query(&s, &Value::Array(queries));
    for (res, url) in r.iter().zip(expect) {
        assert!(
            urls(res).iter().any(|u| u == url),
            "{} should find {url}: {res}",
            res["q"]
        );
        let hit = res["results"].as_array().and_then(|a| {
            a.iter()
                .find(|x| x["url"].as_str().unwrap_or("").starts_with(url))
        });
        assert_eq!(hit.map(|h| &h["exact"]), Some(&json!(true)), "{res}");
    }
}

#[test]
fn filters_narrow_and_short_queries_are_explained() {
    let s = site();
    let meta: Value = serde_json::from_str(&s.read("search/meta.json")).expect("meta");
    assert!(
        meta["filters"]["dispute"]
            .as_array()
            .expect("disputes")
            .iter()
            .any(|v| v[0] == "相邻关系纠纷")
    );
    let r = query(
        &s,
        &json!([
            {"q": "调解"},
            {"q": "调解", "filters": {"kind": "case"}},
            {"q": "调解", "filters": {"kind": "case", "dispute": "噪音纠纷"}},
            {"q": "", "filters": {"kind": "article"}},
            {"q": "法"},
            {"q": "调解", "filters": {"region": "某区"}},
            {"q": "独一无二"},
        ]),
    );
    assert_eq!(r[0]["total"], 4, "{}", r[0]);
    let cases = urls(&r[1]);
    assert_eq!(cases.len(), 2);
    assert!(cases.iter().all(|u| u.starts_with("cases/")));
    assert_eq!(urls(&r[2]), ["cases/zaoyin/"]);
    assert_eq!(r[3]["total"], 2, "a filter alone lists its pages");
    assert_eq!(
        urls(&r[3]),
        ["articles/tiaojie/", "articles/xieyi/"],
        "newest first"
    );
    assert_eq!(r[4]["short"], true);
    assert_eq!(urls(&r[5]), ["cases/loushui/"]);
    assert_eq!(r[6]["total"], 0);
    // The first query loads the metadata, the fold table, chunks and fragments; a repeat loads
    // nothing new.
    let again = query(&s, &json!([{"q": "调解"}, {"q": "调解"}]));
    assert!(again[0]["bytes"].as_u64().unwrap_or(0) > 0);
    assert_eq!(again[1]["bytes"], 0);
}

/// The browser folds, tokenizes and hashes exactly as the indexer: every BMP character, and
/// mixed text with astral Han, full-width forms, radicals, long words.
#[test]
fn browser_and_indexer_fold_and_tokenize_alike() {
    let s = site();
    let all: String = (0u32..0x10000).filter_map(char::from_u32).collect();
    let mixed = "臺灣的調解協議 ＡＢＣ Ｄéjà-vu ⼈⺠ 𠀀𠀁𠀂 丽 第1165條×2 〇一 ".to_string()
        + &"Ｘ".repeat(40);
    let r = query(&s, &json!([{"text": all}, {"text": mixed}]));
    assert!(
        r[0]["fold"].as_str() == Some(pufa::search::fold(&all).as_str()),
        "the fold of some BMP character differs"
    );
    for (k, text) in [(0, &all), (1, &mixed)] {
        let tokens = pufa::search::tokens(text);
        assert_eq!(r[k]["tokens"], json!(tokens), "{text}");
        let hashes: Vec<u32> = tokens
            .iter()
            .map(|t| pufa::search::fnv1a(t.as_bytes()))
            .collect();
        assert_eq!(r[k]["hashes"], json!(hashes));
    }
}
