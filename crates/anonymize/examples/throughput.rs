//! Throughput benchmark: generates ~20 MB of synthetic Chinese case text with planted PII
//! (deterministic, no randomness source), then measures `CaseAnonymizer::new`, `anonymize()` and
//! `Auditor::scan` (on HTML pages wrapping the anonymized text) in MB/s.
//!
//! Run: `cargo run --release -p pufa-anonymize --example throughput [MB]`

use std::time::Instant;

use pufa_anonymize::detect::id18_check_char;
use pufa_anonymize::{Auditor, CaseAnonymizer, Party, Policy};

/// Small deterministic generator (64-bit LCG).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick(&mut self, v: &[&'static str]) -> &'static str {
        v[self.below(v.len())]
    }
}

const SURNAMES: &[&str] = &[
    "张", "王", "李", "赵", "刘", "陈", "杨", "黄", "周", "吴", "徐", "孙", "马", "朱", "胡", "郭",
    "何", "林", "罗", "高", "欧阳", "诸葛",
];
const GIVEN: &[&str] = &[
    "建国", "秀英", "伟", "芳", "娜娜", "敏", "静", "丽华", "强", "磊", "志军", "洋", "勇", "艳",
    "杰", "桂兰", "玉梅", "海燕", "鹏飞", "浩然",
];
const SENTENCES: &[&str] = &[
    "经社区人民调解委员会多次上门走访，双方最终达成一致意见。",
    "调解员耐心倾听双方诉求，释法明理，引导当事人换位思考。",
    "依据《中华人民共和国民法典》第二百八十八条，不动产的相邻权利人应当按照有利生产、方便生活、团结互助、公平合理的原则，正确处理相邻关系。",
    "本案的典型意义在于，基层调解组织及时介入，把矛盾化解在萌芽状态。",
    "双方对维修费用的分担存在较大分歧，一度情绪激动。",
    "物业公司工作人员到场查看，确认漏水点位于卫生间防水层。",
    "案号（2023）京0105民初1234号，赔偿金额12000元，于2023年6月12日履行完毕。",
    "居民们纷纷表示，这样的调解方式高效、便民，值得推广。",
];

fn id_number(r: &mut Lcg) -> String {
    let first = format!(
        "110105{}{:02}{:02}{:03}",
        1950 + r.below(60),
        1 + r.below(12),
        1 + r.below(28),
        r.below(1000)
    );
    let check = id18_check_char(&first).unwrap_or('0');
    format!("{first}{check}")
}

fn mobile(r: &mut Lcg) -> String {
    format!("13{}{:08}", 3 + r.below(7), r.below(100_000_000))
}

fn card(r: &mut Lcg) -> String {
    let body = format!("622609{:09}", r.below(1_000_000_000));
    // Luhn check digit.
    let mut sum = 0;
    for (i, c) in body.bytes().rev().enumerate() {
        let mut d = u32::from(c - b'0');
        if i % 2 == 0 {
            d *= 2;
            if d > 9 {
                d -= 9;
            }
        }
        sum += d;
    }
    format!("{body}{}", (10 - sum % 10) % 10)
}

struct Case {
    parties: Vec<Party>,
    text: String,
}

fn make_case(r: &mut Lcg, target: usize) -> Case {
    let n = 2 + r.below(3);
    let mut parties = Vec::new();
    for k in 0..n {
        let name = format!("{}{}", r.pick(SURNAMES), r.pick(GIVEN));
        if parties.iter().any(|p: &Party| p.name == name) {
            continue;
        }
        let role = if k == 0 { "申请人" } else { "被申请人" };
        parties.push(Party::new(name, role));
    }
    let mut text = String::from("## 基本案情\n\n");
    while text.len() < target {
        let p = &parties[r.below(parties.len())].name;
        match r.below(10) {
            0 => text.push_str(&format!(
                "申请人{p}（身份证号：{}，电话：{}）称，",
                id_number(r),
                mobile(r)
            )),
            1 => text.push_str(&format!("**{}**{}表示不同意。", &p[..3], &p[3..])),
            2 => text.push_str(&format!("{p}将款项转入银行卡{}。", card(r))),
            3 => text.push_str(&format!(
                "证人{}{}说，当晚听到了争吵。",
                r.pick(SURNAMES),
                r.pick(GIVEN)
            )),
            4 => text.push_str(&format!(
                "{p}家住幸福社区建设路{}号{}栋{}单元{}室。",
                1 + r.below(200),
                1 + r.below(30),
                1 + r.below(6),
                101 + r.below(1800)
            )),
            _ => text.push_str(r.pick(SENTENCES)),
        }
        if r.below(6) == 0 {
            text.push_str("\n\n");
        }
    }
    Case { parties, text }
}

fn html_page(body: &str) -> String {
    format!(
        "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>典型案例</title>\
         <link rel=\"stylesheet\" href=\"/style.css\"></head><body><nav><a href=\"/\">首页</a> \
         <a href=\"/cases/\">典型案例</a> <a href=\"/articles/\">普法文章</a></nav><main><article>{}\
         </article></main><footer>向阳社区人民调解委员会 · 公共法律服务热线 12348</footer></body></html>",
        body.split("\n\n")
            .map(|p| format!("<p>{p}</p>\n"))
            .collect::<String>()
    )
}

fn mbps(bytes: usize, secs: f64) -> f64 {
    bytes as f64 / 1e6 / secs.max(1e-9)
}

fn main() {
    let mb: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(20);
    let mut r = Lcg(0x5eed_2024);
    let mut cases = Vec::new();
    let mut total = 0;
    while total < mb * 1_000_000 {
        let size = 8_000 + r.below(16_000);
        let c = make_case(&mut r, size);
        total += c.text.len();
        cases.push(c);
    }
    println!(
        "generated {} cases, {:.1} MB of text",
        cases.len(),
        total as f64 / 1e6
    );

    let t = Instant::now();
    let anonymizers: Vec<CaseAnonymizer> = cases
        .iter()
        .filter_map(|c| CaseAnonymizer::new(&c.parties, &[], &Policy::default(), &[&c.text]).ok())
        .collect();
    let setup = t.elapsed().as_secs_f64();
    println!(
        "CaseAnonymizer::new (incl. undeclared-name scan): {:.1} MB/s ({:.2} s)",
        mbps(total, setup),
        setup
    );

    let t = Instant::now();
    let mut outputs = Vec::with_capacity(cases.len());
    let mut replaced = 0;
    for (c, a) in cases.iter().zip(&anonymizers) {
        let out = a.anonymize(&c.text);
        replaced += out.replacements.len();
        outputs.push(out.text);
    }
    let anon = t.elapsed().as_secs_f64();
    println!(
        "anonymize(): {:.1} MB/s ({:.2} s, {} replacements)",
        mbps(total, anon),
        anon,
        replaced
    );

    let mut terms = Vec::new();
    for a in &anonymizers {
        terms.extend(a.audit_terms());
    }
    let t = Instant::now();
    let auditor = Auditor::new(terms);
    println!(
        "Auditor::new: {} terms in {:.2} s",
        auditor.term_count(),
        t.elapsed().as_secs_f64()
    );
    let pages: Vec<String> = outputs.iter().map(|o| html_page(o)).collect();
    // Leaks in anonymized output: terms of one case found in another case's page (a given name
    // of one case that is an ordinary name part elsewhere). Show a few, masked.
    for l in pages
        .iter()
        .flat_map(|p| auditor.scan(p.as_bytes(), false))
        .take(5)
    {
        println!("  e.g. {l}");
    }
    let page_bytes: usize = pages.iter().map(String::len).sum();
    for detect_numbers in [false, true] {
        let t = Instant::now();
        let mut leaks = 0;
        for p in &pages {
            leaks += auditor.scan(p.as_bytes(), detect_numbers).len();
        }
        let s = t.elapsed().as_secs_f64();
        println!(
            "Auditor::scan(detect_numbers={detect_numbers}) on anonymized HTML: {:.1} MB/s ({:.1} MB, {} leaks)",
            mbps(page_bytes, s),
            page_bytes as f64 / 1e6,
            leaks
        );
    }
    let originals: Vec<String> = cases.iter().map(|c| html_page(&c.text)).collect();
    let orig_bytes: usize = originals.iter().map(String::len).sum();
    let t = Instant::now();
    let leaks: usize = originals
        .iter()
        .map(|p| auditor.scan(p.as_bytes(), true).len())
        .sum();
    let s = t.elapsed().as_secs_f64();
    println!(
        "Auditor::scan(detect_numbers=true) on UN-anonymized HTML: {:.1} MB/s ({} leaks found)",
        mbps(orig_bytes, s),
        leaks
    );
}
