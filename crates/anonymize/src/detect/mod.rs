//! Structured-PII detectors, usable on their own: resident IDs (GB 11643 check digit), mobiles,
//! landlines, Luhn bank cards, labelled accounts, plates, e-mail, QQ / WeChat IDs, certificate
//! numbers, unified social credit codes of individual businesses (prefix 92) and the detailed part
//! of addresses.
//!
//! Every detector runs on an NFKC projection of the text (full-width digits, HTML character
//! references and zero-width characters handled) and reports byte ranges in the original text.

mod address;
mod alnum;
mod checksum;
mod digits;
mod plate;
mod school;

pub use checksum::{
    USCC_ALPHABET, card_prefix_ok, id15_plausible, id18_check_char, id18_checksum_ok, id18_valid,
    is_service_number, luhn_valid, mobile_valid, uscc_check_char, uscc_valid, valid_date,
    valid_yyyymmdd,
};
pub use plate::plate_valid;

use std::collections::HashMap;
use std::sync::LazyLock;

use crate::category::Category;
use crate::lexicon::{
    ACCOUNT_CONTEXT, APP_NUMBER_LABELS, CERT_LABELS, ID_CONTEXT, NUMBER_LABELS, PHONE_CONTEXT,
    QQ_CONTEXT, TAIL_LABELS, WECHAT_LABELS, WordList,
};
use crate::project::Projection;

/// One detected item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NumberHit {
    /// Byte range in the input text.
    pub start: usize,
    pub end: usize,
    pub category: Category,
    /// The source text of the range (as written, possibly with separators or markup).
    pub text: String,
    /// Normalized value: digits without separators (X upper-case), plate without separator,
    /// e-mail lower-cased, address as projected.
    pub value: String,
}

/// A hit in projected character indices.
#[derive(Debug, Clone)]
pub(crate) struct Hit {
    pub ci: usize,
    pub cj: usize,
    pub category: Category,
    pub value: String,
}

/// Label families that decide what an unchecked digit run is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Label {
    Id,
    Phone,
    Account,
    Qq,
    Wechat,
    Cert,
    /// An app account's number (小红书号, 抖音号).
    App,
    /// Another number naming a person (学号, 工号, 户号, UID).
    Number,
    /// The last digits of a number (尾号, 后四位).
    Tail,
}

/// The label closest before `start` within 16 characters of the same clause, if any.
pub(crate) fn nearest_label(cs: &[char], start: usize) -> Option<Label> {
    let from = start.saturating_sub(16);
    let mut win_start = from;
    for k in (from..start).rev() {
        // A label ending the previous line with a colon (QQ：⏎23456789) labels the number
        // opening this one, also across a blank line (QQ：⏎⏎23456789: the next paragraph);
        // without the colon it is a list (3. QQ⏎4. 12345678号案件).
        if cs[k] == '\n'
            && cs[k + 1..start].iter().all(|c| c.is_whitespace())
            && cs[..k]
                .iter()
                .rev()
                .find(|c| !c.is_whitespace())
                .is_some_and(|c| matches!(c, '：' | ':'))
        {
            continue;
        }
        if matches!(cs[k], '。' | '\n' | ';' | '；' | '!' | '?' | '！' | '？') {
            win_start = k + 1;
            break;
        }
    }
    let window = &cs[win_start..start];
    let (words, family) = &*LABELS;
    // The label ending closest to the number wins; at equal ends the longest one. A Latin label
    // inside a web address (v.qq.com/x/page/b3012345678) labels nothing.
    (1..=window.len())
        .rev()
        .find_map(|e| {
            let w = words.suffix(&window[..e])?;
            let n = w.chars().count();
            let dotted = |c: Option<&char>| matches!(c, Some('.' | '/'));
            // QQ空间's address holds the QQ number (user.qzone.qq.com/987654321).
            let qzone = w.eq_ignore_ascii_case("qq")
                && window[e..].iter().copied().eq(".com/".chars())
                && e >= n + 6
                && window[e - n - 6..e - n]
                    .iter()
                    .copied()
                    .eq("qzone.".chars());
            let in_url = !qzone
                && w.is_ascii()
                && (dotted(window.get(e)) || (e > n && dotted(window.get(e - n - 1))));
            // Part of a file's or a word's name (wx_camera_1717225812345.jpg, 微信图片_2024…):
            // what the app saved, not an account.
            let glued = w.is_ascii()
                && window
                    .get(e)
                    .is_some_and(|c| c.is_ascii_alphanumeric() || *c == '_');
            let app_thing = [
                "图片", "截图", "文件", "视频", "语音", "支付", "转账", "红包", "聊天",
            ]
            .iter()
            .any(|t| t.chars().eq(window[e..].iter().take(2).copied()));
            (!in_url && !glued && !app_thing).then_some(w)
        })
        .and_then(|w| family.get(w).copied())
}

/// The label in brackets right after `end` (`385926174（QQ）`, `88886666 (座机)`, `（QQ号）`): the
/// bracket holds the label alone, or with 号/码; `12000（电话费）` is no label.
pub(crate) fn label_after(cs: &[char], end: usize) -> Option<Label> {
    let mut i = end;
    if cs.get(i) == Some(&' ') {
        i += 1;
    }
    if !matches!(cs.get(i), Some('（' | '(')) {
        return None;
    }
    let rest = &cs[i + 1..cs.len().min(i + 14)];
    let (words, family) = &*LABELS;
    let w = words.prefix(rest)?;
    let n = w.chars().count();
    let close = rest[n..].iter().position(|c| matches!(c, '）' | ')'))?;
    let only_label = close <= 2 && rest[n..n + close].iter().all(|c| matches!(c, '号' | '码'));
    only_label.then(|| family.get(w).copied()).flatten()
}

static LABELS: LazyLock<(WordList, HashMap<&'static str, Label>)> = LazyLock::new(|| {
    let families: [(Label, &'static [&'static str]); 9] = [
        (Label::App, APP_NUMBER_LABELS),
        (Label::Id, ID_CONTEXT),
        (Label::Phone, PHONE_CONTEXT),
        (Label::Account, ACCOUNT_CONTEXT),
        (Label::Qq, QQ_CONTEXT),
        (Label::Wechat, WECHAT_LABELS),
        (Label::Cert, CERT_LABELS),
        (Label::Number, NUMBER_LABELS),
        (Label::Tail, TAIL_LABELS),
    ];
    let mut map = HashMap::new();
    let mut all: Vec<&'static str> = Vec::new();
    for (label, words) in families {
        for w in words {
            map.entry(*w).or_insert(label);
            all.push(w);
        }
    }
    (WordList::new(all.leak()), map)
});

/// Run every detector except addresses on a projection.
pub(crate) fn number_hits(p: &Projection) -> Vec<Hit> {
    let cs = p.folded_chars();
    let mut hits = Vec::new();
    match digits::spelled_numbers(cs) {
        Some(mapped) => digits::scan(&mapped, &mut hits),
        None => digits::scan(cs, &mut hits),
    }
    alnum::scan(cs, &mut hits);
    plate::scan(cs, &mut hits);
    // A table's column header labels its cells (| 身份证号 | QQ | 座机 | over the parties' rows).
    for (header, s, e) in labelled_cells(cs) {
        let mut virt: Vec<char> = header.to_vec();
        virt.push('：');
        let off = virt.len();
        virt.extend_from_slice(&cs[s..e]);
        let mut found = Vec::new();
        digits::scan(&virt, &mut found);
        alnum::scan(&virt, &mut found);
        hits.extend(found.into_iter().filter(|h| h.ci >= off).map(|mut h| {
            h.ci = h.ci - off + s;
            h.cj = h.cj - off + s;
            h
        }));
    }
    // An office's landline (街道城管科投诉电话, 调委会值班电话, 法律援助中心电话) is public, and so
    // are the landlines of a table of offices (| 单位 | 联系人 | 电话 |).
    let offices = office_table_cells(cs);
    hits.retain(|h| {
        !(h.category == Category::Landline
            && (office_phone(cs, h.ci) || offices.iter().any(|&(a, b)| a <= h.ci && h.cj <= b)))
    });
    // Another ending of the same number after a slash (0571-88886666/7777): it goes too.
    for h in hits
        .iter_mut()
        .filter(|h| matches!(h.category, Category::Mobile | Category::Landline))
    {
        if cs.get(h.cj) == Some(&'/') {
            let k = h.cj + 1;
            let n = cs[k.min(cs.len())..]
                .iter()
                .take_while(|c| c.is_ascii_digit())
                .count();
            if (2..=4).contains(&n) {
                h.cj = k + n;
            }
        }
    }
    resolve(hits)
}

/// Is the number at `at` an office's phone: `电话` or `热线` (and a colon, 为, 是) right before it,
/// the words before that ending with an office (街道城管科投诉电话, 法律援助中心电话：, 街道司法所的
/// 电话是, 司法所（电话：…）, 物业客服电话)? A person's (孙玉梅家电话, 住所电话, 其办公电话, 社区
/// 干部打孙玉梅家里电话) is not; nor a company's or shop's, which may be its owner's.
pub(crate) fn office_phone(cs: &[char], at: usize) -> bool {
    // Whole names of offices: a single 院, 庭, 站, 处 or 科 ends homes and names as well (3号院,
    // 家庭, 住处, 黄庭, 王振科), and a business may be its owner's (收购站, 律师事务所).
    const OFFICES: &[&str] = &[
        "中心",
        "委员会",
        "委会",
        "居委会",
        "村委会",
        "街道",
        "社区",
        "办事处",
        "派出所",
        "司法所",
        "法院",
        "检察院",
        "人民法庭",
        "法庭",
        "政府",
        "部门",
        "城管",
        "城管科",
        "物业科",
        "控申科",
        "服务台",
        "法律援助",
        "公证处",
        "管理处",
        "监管所",
        "税务所",
        "财政所",
        "卫生所",
        "供电所",
        "仲裁委",
        "消协",
        "协会",
        "工会",
        "妇联",
        "信访",
        "信访办",
        "信访局",
        "户籍室",
        "公安局",
        "司法局",
        "执行局",
        "民政局",
        "监管局",
        "住建局",
        "人社局",
        "分局",
        "大队",
        "中队",
        "服务站",
        "警务站",
        "警务室",
        "调解室",
        "监察",
        "卫健委",
        "市场监管",
        "消防",
        "医院",
        "学校",
        "物业",
        "供水",
        "供电",
        "燃气",
        "自来水",
        "热线",
        "调委会",
        "服务大厅",
        "供水公司",
        "供电公司",
        "燃气公司",
        "物业公司",
        "红十字会",
        "联合会",
        "残联",
        "立案庭",
        "登记处",
        "党政办",
        "急诊科",
    ];
    // Set aside before the office: a purpose, a time, a room (街道办公室电话 is the office's;
    // 车间办公室电话 and ，办公室电话 after a person are not: nothing is left before them).
    const PURPOSES: &[&str] = &[
        "投诉",
        "监督",
        "值班",
        "举报",
        "咨询",
        "服务",
        "客服",
        "抢修",
        "报修",
        "办公",
        "联系",
        "的",
        "来访接待",
        "接待",
        "24小时",
        "办公室",
        "报警",
        "维权",
    ];
    let mut k = at;
    // Back over a colon, 为 or 是, an opening bracket and spaces to the label.
    while k > 0 && matches!(cs[k - 1], '：' | ':' | ' ' | '为' | '是' | '（' | '(') {
        k -= 1;
    }
    // The label: 电话, 热线, 座机, 电话号码, 电话/传真.
    let ends = |w: &str| {
        let n = w.chars().count();
        k >= n && cs[k - n..k].iter().copied().eq(w.chars())
    };
    let Some(label) = ["电话/传真", "电话号码", "电话", "热线", "座机"]
        .iter()
        .find(|w| ends(w))
    else {
        return false;
    };
    let mut end = k - label.chars().count();
    // 司法所（电话：…）: the office stands before the bracket.
    if end > 0 && matches!(cs[end - 1], '（' | '(') {
        end -= 1;
    }
    // 司法所，电话…: the office ends the clause before a comma.
    // (The text is folded: full-width punctuation is ASCII here.)
    if end > 0 && matches!(cs[end - 1], '，' | ',') {
        end -= 1;
    }
    let from = cs[..end]
        .iter()
        .rposition(|c| "。；！？，、\n（(,;!?".contains(*c))
        .map_or(0, |p| p + 1);
    let mut owner: String = cs[from..end].iter().collect();
    // 法律援助中心 电话 0371-…: spaces between the office and the label.
    owner.truncate(owner.trim_end().len());
    while let Some(p) = PURPOSES.iter().find(|p| owner.ends_with(**p)) {
        owner.truncate(owner.len() - p.len());
    }
    // A bureau of a government (区教育局, 县应急管理局), not a word ending in 局 (骗局, 饭局).
    const NOT_BUREAUS: &[&str] = &[
        "骗局", "赌局", "饭局", "格局", "布局", "结局", "当局", "僵局", "残局", "大局", "全局",
        "开局", "出局", "变局", "迷局", "棋局", "牌局",
    ];
    let bureau = owner.ends_with('局')
        && owner.chars().count() >= 3
        && !NOT_BUREAUS.iter().any(|w| owner.ends_with(w));
    // The office, then where it is (法律援助中心地址在文化路，电话…).
    let located = OFFICES.iter().any(|o| {
        owner.find(o).is_some_and(|p| {
            let rest = &owner[p + o.len()..];
            ["地址", "位于", "设在", "办公地点"]
                .iter()
                .any(|w| rest.starts_with(w))
        })
    });
    // 住所 is a home, not an office; a bare 局/科/站 needs a name before it.
    owner.chars().count() >= 2
        && !owner.ends_with("住所")
        && (bureau || located || OFFICES.iter().any(|o| owner.ends_with(o)))
}

/// The body cells of the tables of offices (a column headed 单位, 部门 or 机构).
fn office_table_cells(cs: &[char]) -> Vec<(usize, usize)> {
    if !cs.contains(&'|') {
        return Vec::new();
    }
    let text = |(x, y): (usize, usize)| cs[x..y].iter().collect::<String>();
    let mut out = Vec::new();
    for t in markdown_tables(cs) {
        let col = t.header.iter().position(|&h| {
            let h = text(h);
            ["单位", "部门", "机构"].iter().any(|w| h.contains(w))
        });
        // A table of people (姓名, 负责人…) lists their own numbers, whatever else it has.
        let people = t.header.iter().any(|&h| {
            let h = text(h);
            ["姓名", "负责人", "联系人", "当事人", "住宅"]
                .iter()
                .any(|w| h.contains(w))
        });
        let Some(col) = col.filter(|_| !people) else {
            continue;
        };
        for row in t.rows {
            // The row's office, as a sentence would name it before its phone.
            let office = row.get(col).is_some_and(|&c| {
                let mut v: Vec<char> = text(c).chars().collect();
                v.extend("电话".chars());
                let at = v.len();
                office_phone(&v, at)
            });
            if office {
                out.extend(row);
            }
        }
    }
    out
}

/// A Markdown table: its header's cells and its rows' cells, as (start, end) character offsets,
/// trimmed of spaces.
pub(crate) struct Table {
    pub header: Vec<(usize, usize)>,
    pub rows: Vec<Vec<(usize, usize)>>,
}

/// The Markdown tables of `cs` (a header line, a delimiter line of `|`, `-`, `:`, then the rows).
pub(crate) fn markdown_tables(cs: &[char]) -> Vec<Table> {
    let mut out = Vec::new();
    if !cs.contains(&'|') {
        return out;
    }
    // Lines as (start, end) without the line break.
    let mut lines = Vec::new();
    let mut start = 0;
    for (i, &c) in cs.iter().enumerate() {
        if c == '\n' {
            lines.push((start, i));
            start = i + 1;
        }
    }
    lines.push((start, cs.len()));
    // A row's cells, between its pipes (leading and trailing pipe optional).
    let cells = |(a, b): (usize, usize)| -> Vec<(usize, usize)> {
        let mut v = Vec::new();
        let mut s = a;
        for (k, &c) in cs.iter().enumerate().take(b).skip(a) {
            if c == '|' {
                v.push((s, k));
                s = k + 1;
            }
        }
        v.push((s, b));
        let blank = |&(x, y): &(usize, usize)| cs[x..y].iter().all(|c| c.is_whitespace());
        if v.first().is_some_and(blank) {
            v.remove(0);
        }
        if v.last().is_some_and(blank) {
            v.pop();
        }
        v.into_iter()
            .map(|(mut x, mut y)| {
                while x < y && cs[x].is_whitespace() {
                    x += 1;
                }
                while y > x && cs[y - 1].is_whitespace() {
                    y -= 1;
                }
                (x, y)
            })
            .collect()
    };
    let delimiter = |(a, b): (usize, usize)| {
        b > a
            && cs[a..b].contains(&'-')
            && cs[a..b].contains(&'|')
            && cs[a..b]
                .iter()
                .all(|&c| matches!(c, '|' | '-' | ':' | ' ' | '\t'))
    };
    let mut k = 1;
    while k < lines.len() {
        if !(delimiter(lines[k]) && cs[lines[k - 1].0..lines[k - 1].1].contains(&'|')) {
            k += 1;
            continue;
        }
        let header = cells(lines[k - 1]);
        let mut rows = Vec::new();
        let mut r = k + 1;
        while r < lines.len() && cs[lines[r].0..lines[r].1].contains(&'|') {
            rows.push(cells(lines[r]));
            r += 1;
        }
        out.push(Table { header, rows });
        k = r;
    }
    out
}

/// The body cells of Markdown tables whose column header holds a label (身份证号, QQ, 座机,
/// 微信号, 开户账号…): (the header's text, cell start, cell end), cells trimmed of spaces.
fn labelled_cells(cs: &[char]) -> Vec<(&[char], usize, usize)> {
    let mut out = Vec::new();
    for t in markdown_tables(cs) {
        // Only a table of people (a column of names): a table of figures by channel (| 年度 |
        // 电话 | 微信 |) labels nothing.
        let people = t.header.iter().any(|&(x, y)| {
            let h: String = cs[x..y].iter().collect();
            [
                "姓名",
                "当事人",
                "申请人",
                "被申请人",
                "联系人",
                "户主",
                "住户",
                "名字",
                "人员",
            ]
            .iter()
            .any(|w| h.contains(w))
        });
        if !people {
            continue;
        }
        let labels: Vec<bool> = t
            .header
            .iter()
            .map(|&(x, y)| nearest_label(&cs[x..y], y - x).is_some())
            .collect();
        for row in &t.rows {
            for (col, &(x, y)) in row.iter().enumerate() {
                if labels.get(col) == Some(&true) && y > x {
                    let (hx, hy) = t.header[col];
                    out.push((&cs[hx..hy], x, y));
                }
            }
        }
    }
    out
}

/// Are digit groups of these lengths, joined by these separators (bytes), a date (2024-03-01,
/// 2019.3.15) or a decimal (234.5678)? Then they are no number written in groups.
pub(crate) fn date_or_decimal(lens: &[usize], seps: &[u8]) -> bool {
    let decimal = lens.len() == 2 && seps.first() == Some(&b'.');
    let date = lens.len() == 3
        && lens[0] == 4
        && (1..=2).contains(&lens[1])
        && (1..=2).contains(&lens[2])
        && seps
            .iter()
            .all(|&s| s == seps[0] && matches!(s, b'-' | b'.' | b'/'));
    decimal || date
}

/// Address detector on a projection.
pub(crate) fn address_hits(p: &Projection) -> Vec<Hit> {
    let cs = p.folded_chars();
    let mut hits = Vec::new();
    address::scan(cs, &p.space_before, &mut hits);
    school::scan(cs, &mut hits);
    resolve(hits)
}

/// Drop hits contained in a longer one; keep the earliest-longest on partial overlaps.
fn resolve(mut hits: Vec<Hit>) -> Vec<Hit> {
    hits.sort_by(|a, b| a.ci.cmp(&b.ci).then(b.cj.cmp(&a.cj)));
    let mut out: Vec<Hit> = Vec::with_capacity(hits.len());
    for h in hits {
        match out.last_mut() {
            Some(last) if h.ci < last.cj => {
                if h.cj > last.cj {
                    // Partial overlap: extend to cover both (fail safe, nothing leaks).
                    last.cj = h.cj;
                }
            }
            _ => out.push(h),
        }
    }
    out
}

fn to_public(text: &str, p: &Projection, hits: Vec<Hit>) -> Vec<NumberHit> {
    hits.into_iter()
        .filter(|h| h.cj > h.ci)
        .map(|h| {
            let (start, end) = p.src_range(h.ci, h.cj);
            NumberHit {
                start,
                end,
                category: h.category,
                text: text.get(start..end).unwrap_or_default().to_string(),
                value: h.value,
            }
        })
        .collect()
}

/// Find numbers and number-like identifiers (IDs, phones, cards, accounts, plates, e-mail, QQ,
/// WeChat, certificates, credit codes) in `text`.
pub fn find_numbers(text: &str) -> Vec<NumberHit> {
    let p = Projection::new(text, false);
    to_public(text, &p, number_hits(&p))
}

/// Find the detailed part of addresses (road + number, building, unit, room) in `text`.
pub fn find_addresses(text: &str) -> Vec<NumberHit> {
    let p = Projection::new(text, false);
    to_public(text, &p, address_hits(&p))
}

/// Both [`find_numbers`] and [`find_addresses`], sorted by position, overlaps merged.
pub fn find_all(text: &str) -> Vec<NumberHit> {
    let p = Projection::new(text, false);
    let mut hits = number_hits(&p);
    hits.extend(address_hits(&p));
    to_public(text, &p, resolve(hits))
}

/// Find e-mail addresses only.
pub fn find_emails(text: &str) -> Vec<NumberHit> {
    filter(find_numbers(text), Category::Email)
}

/// Find vehicle plates only.
pub fn find_plates(text: &str) -> Vec<NumberHit> {
    filter(find_numbers(text), Category::Plate)
}

fn filter(v: Vec<NumberHit>, c: Category) -> Vec<NumberHit> {
    v.into_iter().filter(|h| h.category == c).collect()
}

/// Does any byte of `x` hold an ASCII digit? (SWAR "has byte between '/' and ':'", exact.)
#[inline]
fn word_has_digit(x: u64) -> bool {
    const L: u64 = 0x0101_0101_0101_0101;
    let low7 = x & (L * 127);
    ((L * (127 + u64::from(b':')) - low7) & !x & (low7 + L * (127 - u64::from(b'/'))) & (L * 128))
        != 0
}

/// High-precision detectors over raw bytes, for the output audit: 18-digit IDs with a valid check
/// character and date, mobiles (11 digits, optional 86/0086 prefix, digit boundaries) and Luhn-valid
/// bank cards with a card prefix. ASCII digits only; separators are not joined. Returns
/// (byte offset, byte length, category, value).
pub fn scan_bytes_high_precision(b: &[u8]) -> Vec<(usize, usize, Category, String)> {
    let mut out = Vec::new();
    let n = b.len();
    let mut i = 0;
    while i < n {
        // Skip eight bytes at a time while they hold no ASCII digit.
        while i + 8 <= n {
            let mut w = [0u8; 8];
            w.copy_from_slice(&b[i..i + 8]);
            if word_has_digit(u64::from_le_bytes(w)) {
                break;
            }
            i += 8;
        }
        let Some(k) = b[i..].iter().position(u8::is_ascii_digit) else {
            break;
        };
        let start = i + k;
        let mut end = start;
        while end < n && b[end].is_ascii_digit() {
            end += 1;
        }
        out.extend(high_precision_run(b, start, end));
        i = end.max(start + 1);
    }
    out
}

/// [`scan_bytes_high_precision`] for one maximal run of ASCII digits, `b[start..end]` (the
/// audit's walk meets every run on its way and asks here).
pub fn high_precision_run(
    b: &[u8],
    start: usize,
    end: usize,
) -> Option<(usize, usize, Category, String)> {
    let n = b.len();
    let mut stop = end;
    if end < n && (b[end] == b'X' || b[end] == b'x') && end - start == 17 {
        stop = end + 1;
    }
    let letter_glued = (start > 0 && b[start - 1].is_ascii_alphabetic())
        || (stop < n && b[stop].is_ascii_alphanumeric());
    if letter_glued || !matches!(stop - start, 11 | 13 | 15..=19) {
        return None;
    }
    let s = String::from_utf8_lossy(&b[start..stop]).to_ascii_uppercase();
    // An amount of money (涉案金额15000000000元, ￥18600000000): no phone or card.
    let after = &b[stop..];
    let money = [
        "元".as_bytes(),
        "亿".as_bytes(),
        "万元".as_bytes(),
        "美元".as_bytes(),
    ]
    .iter()
    .any(|u| after.starts_with(u))
        && !after.starts_with("元旦".as_bytes())
        || b[..start].ends_with("¥".as_bytes())
        || b[..start].ends_with("￥".as_bytes());
    let cat = if s.len() == 18 && id18_valid(&s) {
        Category::IdNumber
    } else if money || (s.len() == 18 && checksum::organization_code(&s)) {
        return None;
    } else if mobile_valid(&s)
        || (s.len() == 13 && s.starts_with("86") && mobile_valid(&s[2..]))
        || (s.len() == 15 && s.starts_with("0086") && mobile_valid(&s[4..]))
    {
        Category::Mobile
    } else if (16..=19).contains(&s.len()) && luhn_valid(&s) && card_prefix_ok(&s) {
        Category::BankCard
    } else {
        return None;
    };
    Some((start, stop - start, cat, s))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Amounts of money and organizations' credit codes are no phones or cards, for the
    /// anonymizer nor for the audit's scan of every output byte.
    #[test]
    fn amounts_and_organization_codes_are_no_phones_or_cards() {
        for text in [
            "涉案金额15000000000元。",
            "全区生产总值18600000000元",
            "￥18600000000",
            "统一社会信用代码：914101058587868264。",
            "914101058587868264",
        ] {
            assert!(
                scan_bytes_high_precision(text.as_bytes()).is_empty(),
                "{text}: {:?}",
                scan_bytes_high_precision(text.as_bytes())
            );
            assert!(find_numbers(text).is_empty(), "{text}");
        }
        // A phone before 元旦 is a phone; a sole trader's code names its owner.
        assert_eq!(
            scan_bytes_high_precision("电话13912345678元旦打来".as_bytes()).len(),
            1
        );
        assert_eq!(
            find_numbers("个体户统一社会信用代码：92330106MA2H3XYZ0K").len(),
            1
        );
    }

    #[test]
    fn a_label_inside_a_web_address_labels_nothing() {
        for text in [
            "https://v.qq.com/x/page/b3012345678.html",
            "https://mp.weixin.qq.com/s/AbCdEfG1234567",
        ] {
            assert!(
                find_numbers(text).is_empty(),
                "{text}: {:?}",
                find_numbers(text)
            );
        }
        // What WeChat names the photos it saves.
        for text in ["微信图片_20240601123456.png", "wx_camera_1717225812345.jpg"] {
            assert!(
                find_numbers(text).is_empty(),
                "{text}: {:?}",
                find_numbers(text)
            );
        }
        assert_eq!(find_numbers("微信：zht_1988，微信号13912345678").len(), 2);
        assert_eq!(find_numbers("QQ：3012345678").len(), 1);
        // The label ends a paragraph, the number opens the next one.
        assert_eq!(find_numbers("他的QQ号：\n\n123456789").len(), 1);
        assert_eq!(find_numbers("本案涉及的数目如下：\n\n123456789").len(), 0);
        // The label after the number, in brackets.
        assert_eq!(find_numbers("联系方式：385926174（QQ）").len(), 1);
        assert_eq!(find_numbers("385926174 (QQ号)").len(), 1);
        assert_eq!(find_numbers("88886666（座机）").len(), 1);
        assert_eq!(find_numbers("共计12000（电话费）").len(), 0);
        assert_eq!(find_numbers("385926174（QQ群里的人数）").len(), 0);
        // Numbers that name a person or a household after their label, and tails.
        for (text, value) in [
            ("张某的B站UID：35827164。", "35827164"),
            ("学号：2021031507", "2021031507"),
            ("工号：A1023456", "A1023456"),
            ("户口簿户号：330106012345", "330106012345"),
            ("电费户号：3301234567", "3301234567"),
            ("短信发到他尾号0934的手机上", "0934"),
            ("卡号后四位是5678", "5678"),
            ("行驶证档案编号610100123456", "610100123456"),
            ("结婚证字号J610113-1978-004512", "J610113-1978-004512"),
            ("营业执照注册号：330106600123456", "330106600123456"),
            ("张某的游戏账号：zjg1968。", "zjg1968"),
        ] {
            let hits = find_numbers(text);
            assert_eq!(hits.len(), 1, "{text}: {hits:?}");
            assert_eq!(&text[hits[0].start..hits[0].end], value, "{text}");
        }
        for text in [
            "尾号为4和9的车辆限行",
            "尾号限行规定自2024年起",
            "共有学号2000个",
            "UID是什么",
        ] {
            assert!(
                find_numbers(text).is_empty(),
                "{text}: {:?}",
                find_numbers(text)
            );
        }
        // A bank card followed by 户名 is no quantity of households.
        let t = "卡号6222 0252 6018 1590 832 户名张某";
        let hits = find_numbers(t);
        assert_eq!(hits.len(), 1);
        assert_eq!(&t[hits[0].start..hits[0].end], "6222 0252 6018 1590 832");

        assert_eq!(
            find_numbers("QQ空间 https://user.qzone.qq.com/987654321").len(),
            1
        );
        assert_eq!(find_numbers("qq 3012345678").len(), 1);
    }

    #[test]
    fn labels() {
        let cs: Vec<char> = "身份证号码：".chars().collect();
        assert_eq!(nearest_label(&cs, cs.len()), Some(Label::Id));
        let cs: Vec<char> = "身份证号码：1，电话：".chars().collect();
        assert_eq!(nearest_label(&cs, cs.len()), Some(Label::Phone));
        let cs: Vec<char> = "电话。然后".chars().collect();
        assert_eq!(nearest_label(&cs, cs.len()), None);
        let cs: Vec<char> = "联系方式QQ：\n".chars().collect();
        assert_eq!(nearest_label(&cs, cs.len()), Some(Label::Qq));
        let cs: Vec<char> = "联系方式QQ：\n\n  ".chars().collect();
        assert_eq!(nearest_label(&cs, cs.len()), Some(Label::Qq));
        let cs: Vec<char> = "3. QQ\n".chars().collect();
        assert_eq!(nearest_label(&cs, cs.len()), None);
        let cs: Vec<char> = "3. QQ\n\n".chars().collect();
        assert_eq!(nearest_label(&cs, cs.len()), None);
        let cs: Vec<char> = "电话\n然后".chars().collect();
        assert_eq!(nearest_label(&cs, cs.len()), None);
    }

    /// An office's landline stays; a person's, a home's, a shop's and every mobile go.
    #[test]
    fn an_offices_landline_is_public() {
        for text in [
            "街道城管科投诉电话0571-87001234",
            "调委会值班电话：0571-87001234",
            "可拨打法律援助中心电话 0571-87001234 咨询",
            "住建部门监督电话为0571-87001234",
        ] {
            assert!(
                find_numbers(text).is_empty(),
                "{text}: {:?}",
                find_numbers(text)
            );
        }
        for text in [
            "街道司法所的电话是0571-87001234",
            "司法所（电话：0571-87001234）",
            "物业客服电话0571-87001234",
            "供水公司抢修热线0571-87001234",
            "| 单位 | 电话 |\n|---|---|\n| 街道司法所 | 0571-87001234 |\n",
            "向阳街道市场监管所电话0571-87001234",
            "物业服务中心24小时值班电话0571-87001234",
            "居委会电话号码0571-87001234",
            "街道司法所，电话0571-87001234",
            "街道司法所电话/传真：0571-87001234",
            "区信访局来访接待电话0571-87001234",
            "区住建局物业科电话0571-87001234",
            "街道司法所座机0571-87001234",
            "街道办公室电话0571-87001234",
            "区信访办电话0571-87001234",
            "派出所户籍室电话0571-87001234",
            "区城管执法中队电话0571-87001234",
            "区教育局电话0371-66212330",
            "县应急管理局电话0371-66212330",
            "区红十字会电话0371-66212330",
            "区残疾人联合会电话0371-66212330",
            "区法律援助中心电话（0371-66212330）",
            "区法律援助中心地址在文化路，电话0371-66212330",
            "区法律援助中心 电话 0371-66212330",
            "派出所报警电话0371-66212330",
            "区人民法院立案庭电话0371-66212330",
            "区婚姻登记处电话0371-66212330",
            "区妇联维权热线0371-66212330",
        ] {
            assert!(
                find_numbers(text).is_empty(),
                "{text}: {:?}",
                find_numbers(text)
            );
        }
        for text in [
            "张某的电话0571-87001234",
            "住所电话0571-87001234",
            "其家中座机0571-87001234",
            "五金店电话0571-87001234",
            "社区网格员的电话0571-87001234",
            "调委会值班电话13912345678",
            "张某称，中心电话打不通，他的电话是0571-87001234",
            "社区工作人员拨打了孙玉梅家电话0571-86003008",
            "居委会干部打孙玉梅家里电话0571-86003010",
            "社区网格员打了孙玉梅住所电话0571-86003010",
            "孙玉梅向司法所留下了住宅电话0571-86003010",
            "刘志远到街道司法所申请调解，登记电话0571-86003010",
            "调委会联系刘志远，其办公电话0571-86003010",
            "| 姓名 | 电话 |\n|---|---|\n| 刘志远 | 0571-87001234 |\n",
            "| 单位 | 电话 |\n|---|---|\n| 郑海涛 | 0571-87001234 |\n",
            "| 姓名 | 单位 | 电话 |\n|---|---|---|\n| 王建军 | 司法所 | 0571-87001234 |\n",
            "郑海涛在物业公司上班，办公室电话0571-87001234",
            "郑海涛所在车间办公室电话0571-87001234",
            "申请人黄庭电话0571-87001234",
            "证人王振科电话0571-87001234",
            "郑海涛家庭电话0571-87001234",
            "刘丽华家住幸福小区3号院电话0571-87001234",
            "租住处的电话0571-87001234",
            "郑海涛经营的废品收购站电话0571-87001234",
            "| 单位 | 电话 |\n|---|---|\n| 黄庭 | 0571-87001234 |\n",
            "他说这是骗局电话0571-87001234",
            "张某家住文化路，电话0571-87001234",
        ] {
            assert_eq!(find_numbers(text).len(), 1, "{text}");
        }
    }

    /// A table's column headers label its cells, as a label before a number does in a sentence.
    #[test]
    fn table_headers_label_their_cells() {
        let text = "| 姓名 | 身份证号 | QQ | 座机 | 微信号 | 开户账号 | 金额 |\n|---|---|:-:|---|---|---|---|\n| 郑海涛 | 330102880712001 | 12345678 | 88886666 | zht_1988 | 1202020209000012345 | 12000000 |\n";
        let found: Vec<(Category, String)> = find_numbers(text)
            .into_iter()
            .map(|h| (h.category, h.text))
            .collect();
        for (cat, value) in [
            (Category::IdNumber, "330102880712001"),
            (Category::Qq, "12345678"),
            (Category::Landline, "88886666"),
            (Category::Wechat, "zht_1988"),
            (Category::Account, "1202020209000012345"),
        ] {
            assert!(
                found.contains(&(cat, value.to_string())),
                "{value}: {found:?}"
            );
        }
        assert!(!found.iter().any(|(_, v)| v == "12000000"), "{found:?}");
        // A column without a label, and a header row without a delimiter row, label nothing.
        assert!(find_numbers("| 备注 | 数值 |\n|---|---|\n| 无 | 12345678 |\n").is_empty());
        assert!(find_numbers("| 座机 | 备注 |\n| 无 | 88886666 |\n").is_empty());
        // A table of figures by channel is no table of people.
        assert!(
            find_numbers("| 年度 | 微信 | QQ | 座机 |\n|---|---|---|---|\n| 2024 | 35600 | 102400 | 3456789 |\n")
                .is_empty()
        );
    }

    #[test]
    fn public_offsets_map_to_source() {
        let text = "电话：１３８ １２３４ ５６７８，邮箱a@b.cn";
        let hits = find_numbers(text);
        assert_eq!(hits.len(), 2, "{hits:?}");
        assert_eq!(hits[0].category, Category::Mobile);
        assert_eq!(hits[0].value, "13812345678");
        assert_eq!(hits[0].text, "１３８ １２３４ ５６７８");
        assert_eq!(hits[1].category, Category::Email);
    }

    #[test]
    fn swar_digit_test_is_exact() {
        for v in 0..=255u8 {
            for lane in 0..8 {
                for fill in [b'A', 0x2F, 0x3A, 0xB0, 0xFF, 0x00] {
                    let mut w = [fill; 8];
                    w[lane] = v;
                    let expected = w.iter().any(u8::is_ascii_digit);
                    assert_eq!(word_has_digit(u64::from_le_bytes(w)), expected, "{w:?}");
                }
            }
        }
    }

    #[test]
    fn byte_scan() {
        let b = "x 11010519491231002X y 13812345678 z 6226095711989751 w 2023138123456789 abc13812345678"
            .as_bytes();
        let cats: Vec<Category> = scan_bytes_high_precision(b)
            .into_iter()
            .map(|h| h.2)
            .collect();
        assert_eq!(
            cats,
            vec![Category::IdNumber, Category::Mobile, Category::BankCard]
        );
    }
}
