//! The anonymization quality bar, measured on the synthetic corpus in
//! `tests/fixtures/anon-corpus/` (48 cases, 8 in traditional script, with a truth file):
//! zero leaks of declared names, given names, aliases and numbers in any output file; at least 95%
//! of undeclared names hidden; at most 3% of look-alike words, kept names, statute citations and
//! place names damaged; every party's pseudonym present. The figures are printed (run with
//! `cargo test --test anon_corpus -- --nocapture`).

mod common;

use std::path::Path;

use serde::Deserialize;

#[derive(Deserialize)]
struct Truth {
    case: Vec<Case>,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct Case {
    file: String,
    traditional: bool,
    declared: Vec<String>,
    given_names: Vec<String>,
    aliases: Vec<String>,
    undeclared: Vec<String>,
    numbers: Vec<String>,
    addresses: Vec<String>,
    keep: Vec<String>,
    lookalikes: Vec<String>,
    statutes: Vec<String>,
    places: Vec<String>,
    expected_pseudonyms: Vec<String>,
}

/// Text of an HTML page with tags removed and the entities the engine emits decoded.
fn visible_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&amp;", "&")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
}

fn digits(s: &str) -> String {
    s.chars()
        .filter_map(|c| match c {
            '0'..='9' => Some(c),
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32),
            _ => None,
        })
        .collect()
}

#[test]
fn corpus_meets_the_quality_bar() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/anon-corpus");
    let truth: Truth =
        toml::from_str(&std::fs::read_to_string(root.join("truth.toml")).expect("truth.toml"))
            .expect("valid truth");
    let out_dir = tempfile::tempdir().expect("temp");
    let out = assert_cmd::Command::cargo_bin("pufa")
        .expect("bin")
        .args(["build", "--root"])
        .arg(&root)
        .arg("--output-dir")
        .arg(out_dir.path().join("public"))
        .output()
        .expect("run");
    let log = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.status.success(),
        "the corpus must build (the audit found a leak or an error):\n{log}"
    );
    let files = common::all_output(&out_dir.path().join("public"));
    let texts: Vec<(String, String)> = files
        .iter()
        .map(|(n, b)| (n.clone(), String::from_utf8_lossy(b).into_owned()))
        .collect();
    let digit_texts: Vec<String> = texts.iter().map(|(_, t)| digits(t)).collect();

    let mut leaks = Vec::new();
    let (mut und_total, mut und_hidden) = (0usize, 0usize);
    let (mut keep_total, mut keep_ok) = (0usize, 0usize);
    let mut damaged = Vec::new();
    let mut missing_pseudonyms = Vec::new();
    for case in &truth.case {
        let page_name = format!("cases/{}/index.html", case.file.trim_end_matches(".md"));
        let page = texts
            .iter()
            .find(|(n, _)| *n == page_name)
            .map(|(_, t)| visible_text(t))
            .unwrap_or_else(|| panic!("no output page {page_name}"));
        // Zero leaks anywhere, in any file (including file names).
        for secret in case
            .declared
            .iter()
            .chain(&case.given_names)
            .chain(&case.aliases)
            .chain(&case.addresses)
        {
            for (name, text) in &texts {
                if name.contains(secret.as_str()) || text.contains(secret.as_str()) {
                    leaks.push(format!("{}: `{secret}` in {name}", case.file));
                }
            }
        }
        // Nor a piece of a road name left before the placeholder (位于和〔详细地址已隐去〕 from
        // 位于和平街7号); estate and village names before it stay by design (翠湖花园〔…〕).
        for a in &case.addresses {
            let chars: Vec<char> = a.chars().collect();
            for k in 1..chars.len() {
                let rest = chars[k..].iter().take_while(|c| !c.is_ascii_digit());
                if !rest.clone().any(|c| "路街巷弄".contains(*c)) {
                    continue;
                }
                // A kept level (街道, 镇, 村, 组, 小区, 社区) ends before the road.
                if "道镇村组区".contains(chars[k - 1]) {
                    continue;
                }
                let piece: String = chars[..k].iter().collect();
                for (name, text) in &texts {
                    if text.contains(&format!("{piece}〔详细地址"))
                        || text.contains(&format!("{}〔詳細地址", hanconv::s2t(&piece)))
                    {
                        leaks.push(format!("{}: `{piece}` of `{a}` in {name}", case.file));
                    }
                }
            }
        }
        for number in &case.numbers {
            let d = digits(number);
            let needle = if d.len() >= 7 { d } else { number.clone() };
            for ((name, text), dt) in texts.iter().zip(&digit_texts) {
                let hit = if needle.chars().all(|c| c.is_ascii_digit()) {
                    dt.contains(&needle)
                } else {
                    text.contains(&needle)
                };
                if hit {
                    leaks.push(format!("{}: number `{number}` in {name}", case.file));
                }
            }
        }
        for u in &case.undeclared {
            und_total += 1;
            if !page.contains(u.as_str()) {
                und_hidden += 1;
            }
        }
        for must in case
            .keep
            .iter()
            .chain(&case.lookalikes)
            .chain(&case.statutes)
            .chain(&case.places)
        {
            keep_total += 1;
            if page.contains(must.as_str()) {
                keep_ok += 1;
            } else {
                damaged.push(format!("{}: `{must}`", case.file));
            }
        }
        for p in &case.expected_pseudonyms {
            // In a traditional-script case the pseudonym may be written in traditional script.
            if !page.contains(p.as_str()) && !page.contains(&hanconv::s2t(p)) {
                missing_pseudonyms.push(format!("{}: `{p}`", case.file));
            }
        }
    }
    let recall = und_hidden as f64 / und_total.max(1) as f64;
    let over = 1.0 - keep_ok as f64 / keep_total.max(1) as f64;
    eprintln!("anonymization corpus: {} cases", truth.case.len());
    eprintln!(
        "  leaks of declared names, given names, aliases, addresses, numbers: {}",
        leaks.len()
    );
    eprintln!(
        "  undeclared names hidden: {und_hidden}/{und_total} = {:.1}%",
        recall * 100.0
    );
    eprintln!(
        "  over-redaction (look-alikes, kept names, statutes, places damaged): {}/{keep_total} = {:.2}%",
        keep_total - keep_ok,
        over * 100.0
    );
    eprintln!("  missing pseudonyms: {}", missing_pseudonyms.len());
    assert!(leaks.is_empty(), "leaks:\n{}", leaks.join("\n"));
    assert!(
        missing_pseudonyms.is_empty(),
        "pseudonyms missing:\n{}",
        missing_pseudonyms.join("\n")
    );
    assert!(
        recall >= 0.95,
        "undeclared-name recall {:.1}% < 95%",
        recall * 100.0
    );
    assert!(
        over <= 0.03,
        "over-redaction {:.2}% > 3%:\n{}",
        over * 100.0,
        damaged.join("\n")
    );
}
