//! Digit-run detector: ID numbers, mobiles, landlines, bank cards, labelled accounts, QQ numbers,
//! numeric WeChat IDs and labelled certificate numbers.
//!
//! Works on NFKC-projected characters. A run is a maximal sequence of digit groups joined by short
//! separators (space, `-`, `.`, `/`, dashes); masked digits (`*`, `×`) count as digits. Each run is
//! classified by length, prefix, checksum and the nearest label before it; when the whole run is
//! nothing, its longest classifiable sub-ranges of groups are tried left to right, so
//! "13812345678 13987654321" yields two mobiles. Case numbers, amounts, dates, years and statute
//! numbers are never hit.

use super::checksum::{
    card_prefix_ok, id18_valid, is_service_number, luhn_valid, mobile_valid, uscc_valid,
    valid_date, valid_yyyymmdd,
};
use super::{Hit, Label, label_after, nearest_label};
use crate::category::Category;
use crate::lexicon::W_AMOUNT_UNITS;

#[derive(Debug, Clone, Copy)]
struct Group {
    start: usize,
    end: usize,
}

fn is_mask(c: char) -> bool {
    matches!(c, '*' | '×' | '＊')
}

/// Separators inside a number; a line break counts too (a number wrapped in the source reads as
/// one in the page, where a single line break is a space). Middle dots and underscores too
/// (138·1234·5678, 110105_19880712_3458), the plus of a URL's query (tel=138+1234+5678) and the
/// brackets of an area code ((0571) 8888-6666):
/// nobody writes an amount or a date that way.
pub(crate) fn is_sep(c: char) -> bool {
    matches!(
        c,
        ' ' | '-'
            | '.'
            | '/'
            | '+'
            | '('
            | ')'
            | '（'
            | '）'
            | '—'
            | '–'
            | '‐'
            | '−'
            | '\u{a0}'
            | '\n'
            | '\r'
            | '·'
            | '•'
            | '・'
            | '‧'
            | '_'
    )
}

/// The digit a Chinese numeral stands for when a number is read out digit by digit (一三九…,
/// 幺 for 1, 〇 and 零 for 0 and the circles typed for 〇 (○ ◯), the financial forms 壹贰叁…,
/// and the radio readings police reports use: 洞 0, 幺 1, 两 2, 拐 7, 勾 9).
fn spelled(c: char) -> Option<char> {
    Some(match c {
        '〇' | '零' | '○' | '◯' | '洞' => '0',
        '一' | '幺' | '壹' => '1',
        '二' | '贰' | '两' => '2',
        '三' | '叁' => '3',
        '四' | '肆' => '4',
        '五' | '伍' => '5',
        '六' | '陆' => '6',
        '七' | '柒' | '拐' => '7',
        '八' | '捌' => '8',
        '九' | '玖' | '勾' => '9',
        _ => return None,
    })
}

/// `cs` with numbers spelled in Chinese numerals (手机一三九一二三四〇〇〇一, 139一二三四0003) as
/// ASCII digits, one character for one, so the digit detector reads them; `None` when there are
/// none. A run needs seven or more digits, one of them Chinese: shorter ones are words and
/// years (一一, 三五成群, 一九九八年), and a numeral with 十 or 百 is a quantity, not a number read
/// out.
pub(crate) fn spelled_numbers(cs: &[char]) -> Option<Vec<char>> {
    let digit = |c: char| c.is_ascii_digit() || spelled(c).is_some();
    let joins = |k: usize| is_sep(cs[k]) && cs.get(k + 1).is_some_and(|&c| digit(c));
    let mut out: Option<Vec<char>> = None;
    // A run of seven digits or more covers seven consecutive positions, so one of every seventh
    // position: only the runs through those are looked at.
    let mut probe = 6;
    while probe < cs.len() {
        if !(digit(cs[probe]) || joins(probe)) {
            probe += 7;
            continue;
        }
        let mut s = probe;
        while s > 0 && (digit(cs[s - 1]) || (s >= 2 && joins(s - 1) && digit(cs[s - 2]))) {
            s -= 1;
        }
        let mut e = probe;
        while e < cs.len() && (digit(cs[e]) || joins(e)) {
            e += 1;
        }
        let run = &cs[s..e];
        let count = run.iter().filter(|&&c| digit(c)).count();
        // Four numerals at least: a number followed by a word starting with one (5678一直,
        // 0047一并, 1234三次) is the number alone.
        let numerals = run.iter().filter(|&&c| spelled(c).is_some()).count();
        if count >= 7 && numerals >= 4 {
            let o = out.get_or_insert_with(|| cs.to_vec());
            for k in s..e {
                if let Some(d) = spelled(cs[k]) {
                    o[k] = d;
                }
            }
        }
        probe = (probe + 7).max(e + 6);
    }
    out
}

fn group_char(c: char, in_group: bool) -> bool {
    c.is_ascii_digit() || is_mask(c) || (in_group && matches!(c, 'X' | 'x'))
}

/// Collect the groups of the run starting at `i` (a digit). Returns the groups and the run end.
fn collect_groups(cs: &[char], i: usize) -> (Vec<Group>, usize) {
    let n = cs.len();
    let mut groups = Vec::new();
    let mut j = i;
    loop {
        let gs = j;
        while j < n && group_char(cs[j], j > gs) {
            j += 1;
        }
        let mut ge = j;
        while ge > gs && is_mask(cs[ge - 1]) {
            ge -= 1;
        }
        if ge == gs {
            break;
        }
        groups.push(Group { start: gs, end: ge });
        if ge < j || groups.len() >= 16 {
            j = ge;
            break;
        }
        // "(0571)88888888": a closing parenthesis after an area code opened before the run.
        // "(+86)138…" likewise.
        let opened = (i > 0 && cs[i - 1] == '(') || (i > 1 && cs[i - 1] == '+' && cs[i - 2] == '(');
        if groups.len() == 1 && j < n && cs[j] == ')' && opened {
            let mut k = j + 1;
            while k < n && cs[k] == ' ' {
                k += 1;
            }
            if k < n && cs[k].is_ascii_digit() {
                j = k;
                continue;
            }
        }
        let mut k = j;
        let mut non_space = 0;
        let mut breaks = 0;
        while k < n && k - j < 3 && is_sep(cs[k]) {
            match cs[k] {
                ' ' | '\r' => {}
                '\n' => breaks += 1,
                _ => non_space += 1,
            }
            k += 1;
        }
        // One line break at most: a blank line ends the paragraph, and the number.
        if k == j || non_space > 1 || breaks > 1 || k >= n || !cs[k].is_ascii_digit() {
            break;
        }
        // A line opening with a list item's number (⏎2. 刘丽华的电话) starts no continuation.
        if breaks == 1 {
            let mut m = k;
            while m < n && cs[m].is_ascii_digit() && m - k < 3 {
                m += 1;
            }
            if m < n && matches!(cs[m], '.' | ')' | '、' | '）') {
                break;
            }
        }
        // A decimal point followed by 1–2 final digits ends the run: 1380013.80 is an amount.
        if cs[j..k] == ['.'] {
            let mut m = k;
            while m < n && cs[m].is_ascii_digit() {
                m += 1;
            }
            let more = m < n && is_sep(cs[m]) && cs.get(m + 1).is_some_and(char::is_ascii_digit);
            if m - k <= 2 && !more {
                break;
            }
        }
        j = k;
    }
    (groups, j)
}

fn group_str(cs: &[char], g: &[Group]) -> String {
    g.iter()
        .flat_map(|g| cs[g.start..g.end].iter())
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

fn date_like(cs: &[char], g: &[Group]) -> bool {
    if g.len() < 3 {
        return false;
    }
    let s: Vec<String> = g[..3]
        .iter()
        .map(|g| cs[g.start..g.end].iter().collect())
        .collect();
    if s[0].len() != 4 || s[1].is_empty() || s[1].len() > 2 || s[2].is_empty() || s[2].len() > 2 {
        return false;
    }
    match (s[0].parse(), s[1].parse(), s[2].parse()) {
        (Ok(y), Ok(m), Ok(d)) => valid_date(y, m, d),
        _ => false,
    }
}

/// Is the run at `start..end` an amount (¥…, …元) or a quantity (…年, …条)?
fn amount_context(cs: &[char], start: usize, end: usize) -> bool {
    let mut l = start;
    while l > 0 && cs[l - 1] == ' ' {
        l -= 1;
    }
    if l > 0 && matches!(cs[l - 1], '¥' | '$' | '€' | '£' | '￥') {
        return true;
    }
    let before = &cs[l.saturating_sub(3)..l];
    if before.ends_with(&['人', '民', '币']) || before.ends_with(&['R', 'M', 'B']) {
        return true;
    }
    let mut r = end;
    // The decimals of an amount (36800.00元).
    if cs.get(r) == Some(&'.') && cs.get(r + 1).is_some_and(char::is_ascii_digit) {
        r += 1;
        while r < cs.len() && cs[r].is_ascii_digit() {
            r += 1;
        }
    }
    while r < cs.len() && cs[r] == ' ' {
        r += 1;
    }
    // A unit character that begins another word is no unit: 座机88886666天天打来, QQ号12345678个人
    // 空间, 以身份证号…名义, 账号…名下, 电话…分三次联系.
    let rest = &cs[r..];
    if NOT_UNITS
        .iter()
        .any(|w| w.chars().count() <= rest.len() && w.chars().zip(rest).all(|(a, &b)| a == b))
    {
        return false;
    }
    W_AMOUNT_UNITS.prefix(&cs[r..]).is_some()
}

/// Words beginning with a character of [`W_AMOUNT_UNITS`] that say nothing of a quantity before
/// them.
const NOT_UNITS: &[&str] = &[
    "天天", "日夜", "日常", "个人", "个体", "名义", "名下", "分别", "分期", "分次", "分成", "分头",
    "分两", "分三", "分几", "分多", "次日", "户名", "户主", "户籍", "户口",
];

fn landline_ok(g: &[Group], s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() < 10 || b[0] != b'0' || !b.iter().all(u8::is_ascii_digit) {
        return false;
    }
    let area = if s.starts_with("010") || s.starts_with("02") {
        3
    } else if (b'3'..=b'9').contains(&b[1]) {
        4
    } else {
        return false;
    };
    if g.len() > 1 && g[0].end - g[0].start != area {
        return false;
    }
    let local = &b[area..];
    (7..=8).contains(&local.len()) && !matches!(local[0], b'0' | b'1')
}

/// A 7–8 digit local number (no area code), not a service number and not a date.
fn local_landline(s: &str) -> bool {
    let len = s.len();
    let date = len == 8 && valid_yyyymmdd(s);
    (7..=8).contains(&len) && !s.starts_with(['0', '1']) && !is_service_number(s) && !date
}

fn classify(cs: &[char], g: &[Group], label: Option<Label>) -> Option<(Category, String)> {
    let (start, end) = (g.first()?.start, g.last()?.end);
    let s = group_str(cs, g);
    let len = s.len();
    let has_mask = s.chars().any(is_mask) || s[..len.saturating_sub(1)].contains('X');
    // An amount never starts with 0: 0571-88886666 before 元 is still a number.
    let zero_led = len >= 10 && s.starts_with('0');
    // A bank card is never an amount, whatever follows it (…1590 832 户名).
    let card = (16..=19).contains(&len)
        && s.bytes().all(|c| c.is_ascii_digit())
        && luhn_valid(&s)
        && card_prefix_ok(&s);
    if !zero_led && !card && amount_context(cs, start, end) {
        return None;
    }
    if has_mask {
        let lead = s.bytes().take_while(u8::is_ascii_digit).count();
        let cat = if len == 18 && lead >= 6 {
            Category::IdNumber
        } else if len == 11
            && s.starts_with('1')
            && s.as_bytes()[1].is_ascii_digit()
            && s.as_bytes()[1] >= b'3'
        {
            Category::Mobile
        } else if (16..=19).contains(&len) && lead >= 4 {
            Category::BankCard
        } else if label == Some(Label::Id) && len >= 15 {
            Category::IdNumber
        } else {
            return None;
        };
        return Some((cat, s));
    }
    let digits_only = s.bytes().all(|c| c.is_ascii_digit());
    if len == 18 && s[..17].bytes().all(|c| c.is_ascii_digit()) {
        if s.starts_with("92") && uscc_valid(&s) {
            return Some((Category::CreditCode, s));
        }
        if id18_valid(&s) || label == Some(Label::Id) {
            return Some((Category::IdNumber, s));
        }
        if super::checksum::organization_code(&s) {
            return None;
        }
    }
    if !digits_only {
        return None;
    }
    if len == 15 && label == Some(Label::Id) {
        return Some((Category::IdNumber, s));
    }
    if mobile_valid(&s) {
        return Some((Category::Mobile, s));
    }
    if len == 13 && s.starts_with("86") && mobile_valid(&s[2..]) {
        return Some((Category::Mobile, s));
    }
    if len == 15 && s.starts_with("0086") && mobile_valid(&s[4..]) {
        return Some((Category::Mobile, s));
    }
    // 013912345678: a mobile written with the long-distance prefix.
    if len == 12 && s.starts_with('0') && mobile_valid(&s[1..]) {
        return Some((Category::Mobile, s));
    }
    // Taiwan mobile: 09xx-xxx-xxx.
    if len == 10 && s.starts_with("09") {
        return Some((Category::Mobile, s));
    }
    // Hong Kong, Macao and Taiwan numbers with their country codes, whole (+852 9123 4567,
    // 00853-6612-3456, (853) 6612-3456, +886 912 345 678): read without it, a part of one looked
    // like a local number and the rest stayed.
    let plus = start > 0 && cs[start - 1] == '+';
    let code_group = g.len() >= 3 && g[0].end - g[0].start == 3;
    let intl = if plus || code_group {
        Some(s.as_str())
    } else {
        s.strip_prefix("00")
    };
    if let Some(n) = intl.filter(|_| g.len() >= 2) {
        let mobile = |first: u8, set: &[u8]| {
            if set.contains(&first) {
                Category::Mobile
            } else {
                Category::Landline
            }
        };
        if let Some(rest) = n.strip_prefix("852").or_else(|| n.strip_prefix("853"))
            && rest.len() == 8
        {
            return Some((mobile(rest.as_bytes()[0], b"569"), s));
        }
        if let Some(rest) = n.strip_prefix("886")
            && (8..=9).contains(&rest.len())
        {
            return Some((mobile(rest.as_bytes()[0], b"9"), s));
        }
    }
    if landline_ok(g, &s) {
        return Some((Category::Landline, s));
    }
    // "+86 10 62345678", "0086-571-88886666": a landline with the country code (in groups, so a
    // bare 86… run stays what it is).
    // "86-10-62345678": 86 as a group of its own is the country code too.
    let own_group = g.len() >= 3 && g[0].end - g[0].start == 2;
    let international = s.strip_prefix("0086").or_else(|| {
        ((start > 0 && cs[start - 1] == '+') || own_group)
            .then(|| s.strip_prefix("86"))
            .flatten()
    });
    if let Some(rest) = international
        && g.len() >= 2
        && !rest.starts_with('0')
        && landline_ok(&[], &format!("0{rest}"))
    {
        return Some((Category::Landline, s));
    }
    if (16..=19).contains(&len) && luhn_valid(&s) && card_prefix_ok(&s) {
        return Some((Category::BankCard, s));
    }
    match label {
        Some(Label::Account) if (10..=30).contains(&len) => Some((Category::Account, s)),
        Some(Label::Qq) if (5..=11).contains(&len) && !s.starts_with('0') => {
            Some((Category::Qq, s))
        }
        Some(Label::Wechat) if (5..=20).contains(&len) => Some((Category::Wechat, s)),
        Some(Label::Cert) if len >= 4 => Some((Category::Certificate, s)),
        Some(Label::Number)
            if (4..=20).contains(&len)
                && label_adjacent(cs, start, crate::lexicon::NUMBER_LABELS) =>
        {
            Some((Category::Number, s))
        }
        Some(Label::Tail)
            if (3..=6).contains(&len) && label_adjacent(cs, start, crate::lexicon::TAIL_LABELS) =>
        {
            Some((Category::Number, s))
        }
        // Right after the label (小红书号：93284756), not 小红书号称有300000000用户.
        Some(Label::App)
            if (5..=20).contains(&len)
                && label_adjacent(cs, start, crate::lexicon::APP_NUMBER_LABELS) =>
        {
            Some((Category::Account, s))
        }
        Some(Label::Id) if len >= 15 => Some((Category::IdNumber, s)),
        Some(Label::Phone) if local_landline(&s) => Some((Category::Landline, s)),
        _ => None,
    }
}

/// Does one of `labels` end right before `start`, but for a colon, spaces, 是 or 为?
fn label_adjacent(cs: &[char], start: usize, labels: &[&str]) -> bool {
    let mut e = start;
    while e > 0 && matches!(cs[e - 1], '：' | ':' | ' ' | '是' | '为') {
        e -= 1;
    }
    labels.iter().any(|l| {
        let n = l.chars().count();
        e >= n && cs[e - n..e].iter().copied().eq(l.chars())
    })
}

/// Scan projected characters for digit-run PII.
pub(crate) fn scan(cs: &[char], hits: &mut Vec<Hit>) {
    let n = cs.len();
    let mut i = 0;
    while i < n {
        if !cs[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let (groups, end) = collect_groups(cs, i);
        let next = end.max(i + 1);
        // Digits glued to ASCII letters (hashes, CSS values) are part of a token, not a number.
        let all: String = group_str(cs, &groups);
        if is_service_number(&all)
            || (all.len() == 10 && (all.starts_with("400") || all.starts_with("800")))
        {
            i = next;
            continue;
        }
        classify_groups(cs, &groups, hits);
        i = next;
    }
}

fn classify_groups(cs: &[char], groups: &[Group], hits: &mut Vec<Hit>) {
    let mut a = 0;
    while a < groups.len() {
        if date_like(cs, &groups[a..]) {
            a += 3;
            continue;
        }
        // Do not let a range run into a date that starts later.
        let limit = (a + 1..groups.len())
            .find(|&k| date_like(cs, &groups[k..]))
            .unwrap_or(groups.len());
        let mut found = None;
        let label = nearest_label(cs, groups[a].start);
        for b in (a..limit).rev() {
            // A label in brackets right after the number says what it is, before one ahead.
            let label = label_after(cs, groups[b].end).or(label);
            if let Some(h) = classify(cs, &groups[a..=b], label) {
                found = Some((b, h));
                break;
            }
        }
        match found {
            Some((b, (category, value))) => {
                let mut ci = groups[a].start;
                // "+86 138…": the plus of an international number goes with it.
                if ci > 0
                    && cs[ci - 1] == '+'
                    && matches!(category, Category::Mobile | Category::Landline)
                {
                    ci -= 1;
                }
                // "(0571)88888888", "(+86)138…": the opening parenthesis with the closing one.
                if ci > 0 && cs[ci - 1] == '(' && cs[ci..groups[b].end].contains(&')') {
                    ci -= 1;
                }
                // "010-62345678转8001": the extension goes with the number.
                let mut cj = groups[b].end;
                if category == Category::Landline && cs.get(cj) == Some(&'转') {
                    let digits = cs[cj + 1..]
                        .iter()
                        .take_while(|c| c.is_ascii_digit())
                        .count();
                    if (1..=6).contains(&digits) {
                        cj += 1 + digits;
                    }
                }
                hits.push(Hit {
                    ci,
                    cj,
                    category,
                    value,
                });
                a = b + 1;
            }
            None => a += 1,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(s: &str) -> Vec<(Category, String)> {
        let cs: Vec<char> = s.chars().collect();
        let mut hits = Vec::new();
        scan(&cs, &mut hits);
        hits.into_iter().map(|h| (h.category, h.value)).collect()
    }

    /// The replaced range of each hit.
    fn spans(s: &str) -> Vec<String> {
        let cs: Vec<char> = s.chars().collect();
        let mut hits = Vec::new();
        scan(&cs, &mut hits);
        hits.into_iter()
            .map(|h| cs[h.ci..h.cj].iter().collect())
            .collect()
    }

    fn cats(s: &str) -> Vec<Category> {
        run(s).into_iter().map(|h| h.0).collect()
    }

    #[test]
    fn ids() {
        assert_eq!(cats("号码11010519491231002X。"), vec![Category::IdNumber]);
        assert_eq!(cats("110101202311012176"), vec![Category::IdNumber]);
        assert_eq!(cats("110101202311012171"), vec![]);
        assert_eq!(cats("身份证号110101202311012171"), vec![Category::IdNumber]);
        assert_eq!(
            cats("身份证号码：110105491231002"),
            vec![Category::IdNumber]
        );
        assert_eq!(cats("编号110105491231002"), vec![]);
        assert_eq!(cats("110105 19491231 002X"), vec![Category::IdNumber]);
        assert_eq!(cats("110105********002X"), vec![Category::IdNumber]);
    }

    #[test]
    fn mobiles() {
        assert_eq!(cats("电话13812345678"), vec![Category::Mobile]);
        assert_eq!(cats("138 1234 5678"), vec![Category::Mobile]);
        assert_eq!(cats("138-1234-5678"), vec![Category::Mobile]);
        assert_eq!(cats("+86 138 1234 5678"), vec![Category::Mobile]);
        assert_eq!(cats("0086 13812345678"), vec![Category::Mobile]);
        assert_eq!(spans("号码+86 139-8765-4321。"), vec!["+86 139-8765-4321"]);
        assert_eq!(spans("电话(0571)88886666"), vec!["(0571)88886666"]);
        assert_eq!(spans("电话+86-10-62345678"), vec!["+86-10-62345678"]);
        assert_eq!(spans("0086 571 88886666"), vec!["0086 571 88886666"]);
        assert_eq!(cats("+86 571 88886666"), vec![Category::Landline]);
        assert_eq!(spans("电话：86-10-62345678。"), vec!["86-10-62345678"]);
        assert_eq!(spans("电话(+86)13812345678。"), vec!["(+86)13812345678"]);
        assert_eq!(spans("联系电话013912345678。"), vec!["013912345678"]);
        assert_eq!(
            spans("电话010-62345678转8001。"),
            vec!["010-62345678转8001"]
        );
        // Wrapped across a line in the source.
        assert_eq!(spans("手机\n138 1234\n5678"), vec!["138 1234\n5678"]);
        assert_eq!(spans("电话138-\n1234-5678"), vec!["138-\n1234-5678"]);
        assert_eq!(
            cats("身份证号码110105 19491231\n002X"),
            vec![Category::IdNumber]
        );
        assert_eq!(
            cats("银行卡6222 0212\n3456 7890 128"),
            vec![Category::BankCard]
        );
        // Not across a blank line.
        assert_eq!(cats("手机138\n\n12345678"), vec![]);
        // Not a number of this kind: a 12-digit run starting with 0 that is no mobile.
        assert_eq!(cats("编号012345678901"), vec![]);
        assert_eq!(cats("138****5678"), vec![Category::Mobile]);
        assert_eq!(
            cats("13812345678 13987654321"),
            vec![Category::Mobile, Category::Mobile]
        );
        assert_eq!(cats("2023138123456789"), vec![]);
        assert_eq!(cats("0912-345-678"), vec![Category::Mobile]);
        assert_eq!(cats("12812345678"), vec![]);
    }

    #[test]
    fn landlines_and_services() {
        assert_eq!(cats("0571-88888888"), vec![Category::Landline]);
        assert_eq!(cats("(0571)88888888"), vec![Category::Landline]);
        assert_eq!(cats("010-62345678转801"), vec![Category::Landline]);
        assert_eq!(cats("电话：88886666"), vec![Category::Landline]);
        for s in [
            "拨打110",
            "电话12345",
            "电话12348",
            "12368",
            "95588",
            "96110",
            "400-820-8820",
            "800-810-8888",
        ] {
            assert_eq!(cats(s), vec![], "{s}");
        }
    }

    #[test]
    fn cards_accounts() {
        assert_eq!(cats("6226095711989751"), vec![Category::BankCard]);
        assert_eq!(cats("6226 0957 1198 9751"), vec![Category::BankCard]);
        assert_eq!(cats("6226095711989752"), vec![]);
        assert_eq!(cats("账号：1234567890123"), vec![Category::Account]);
        assert_eq!(cats("QQ：123456789"), vec![Category::Qq]);
        assert_eq!(cats("微信：123456789"), vec![Category::Wechat]);
        assert_eq!(cats("不动产权第0012345号"), vec![Category::Certificate]);
    }

    #[test]
    fn numbers_read_out_in_chinese_numerals() {
        let spans = |s: &str| {
            let cs: Vec<char> = s.chars().collect();
            let mapped = spelled_numbers(&cs).unwrap_or(cs);
            let mut hits = Vec::new();
            scan(&mapped, &mut hits);
            hits.into_iter()
                .map(|h| (h.category, h.value))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            spans("手机号是一三九一二三四〇〇〇一"),
            [(Category::Mobile, "13912340001".to_string())]
        );
        assert_eq!(
            spans("电话幺三八 幺二三四 五六七八"),
            [(Category::Mobile, "13812345678".to_string())]
        );
        assert_eq!(
            spans("手机139一二三四0003"),
            [(Category::Mobile, "13912340003".to_string())]
        );
        assert_eq!(
            spans("手机壹叁捌壹贰叁肆伍陆柒捌"),
            [(Category::Mobile, "13812345678".to_string())]
        );
        assert_eq!(
            spans("手机号码一三九一二三四○○○一"),
            [(Category::Mobile, "13912340001".to_string())]
        );
        assert_eq!(
            spans("身份证号码：三三○一○二一九九○○五○三○○二九"),
            [(Category::IdNumber, "330102199005030029".to_string())]
        );
        assert_eq!(
            spans("报警人电话幺三八幺两三四洞洞洞九"),
            [(Category::Mobile, "13812340009".to_string())]
        );
        for s in [
            "一九九八年",
            "二〇二三年十二月",
            "三五成群，一一对应",
            "三三两两，一两个人",
            "一二三四五六",
        ] {
            assert_eq!(spans(s), [], "{s}");
        }
        // A number followed by a word that starts with a numeral is the number alone.
        assert_eq!(
            spans("手机138-1234-5678一直打不通"),
            [(Category::Mobile, "13812345678".to_string())]
        );
        assert_eq!(
            spans("身份证号码130602194609270047一并登记"),
            [(Category::IdNumber, "130602194609270047".to_string())]
        );
    }

    #[test]
    fn another_ending_after_a_slash_goes_with_the_number() {
        let found = crate::detect::find_numbers("电话0571-88886666/7777，手机13812345678/79。");
        let texts: Vec<&str> = found.iter().map(|h| h.text.as_str()).collect();
        assert_eq!(texts, ["0571-88886666/7777", "13812345678/79"]);
        let dates = crate::detect::find_numbers("2023/06/12");
        assert!(dates.is_empty());
    }

    #[test]
    fn middle_dots_and_underscores_join_a_number() {
        assert_eq!(cats("手机138·1234·5619"), [Category::Mobile]);
        assert_eq!(cats("手机138_1234_5607"), [Category::Mobile]);
        assert_eq!(cats("身份证号110105·19880712·3458"), [Category::IdNumber]);
    }

    #[test]
    fn never_hit() {
        for s in [
            "(2023)京0105民初1234号",
            "¥1380013.80",
            "¥13812345678",
            "12000元",
            "13812345678元",
            "2023年6月12日",
            "2023-06-12",
            "第1254条",
            "1995年",
            "20230612",
            "电话回访日期20230612",
            "账户余额12000000元",
            "通过微信向欧阳某支付36800.00元",
            "通过支付宝账户退还36800.00元",
            "小红书号称有300000000用户",
            "分12000000次",
        ] {
            assert_eq!(cats(s), vec![], "{s}");
        }
    }

    /// Hong Kong, Macao and Taiwan numbers go whole with their country codes.
    #[test]
    fn numbers_of_hong_kong_macao_and_taiwan() {
        for (s, cat) in [
            ("香港手机：+852 9123 4567", Category::Mobile),
            ("澳门手机：+853 6612 3456", Category::Mobile),
            ("电话+852-2345-6789", Category::Landline),
            ("电话(853) 6612-3456", Category::Mobile),
            ("台湾手机：+886 912 345 678", Category::Mobile),
            ("电话00852 9123 4567", Category::Mobile),
        ] {
            let cs: Vec<char> = s.chars().collect();
            let mut hits = Vec::new();
            scan(&cs, &mut hits);
            assert_eq!(hits.len(), 1, "{s}");
            assert_eq!(hits[0].category, cat, "{s}");
            let after: String = cs[hits[0].cj..].iter().collect();
            assert!(after.is_empty(), "{s}: {after} left");
        }
    }

    /// A unit character that begins another word (天天, 个人, 名义, 分三次) does not make the number
    /// before it an amount; nor does any unit make one of a number led by 0.
    #[test]
    fn a_word_after_a_number_is_no_unit() {
        for (s, cat) in [
            ("座机0571-88886666天天打来", Category::Landline),
            ("座机88886677日夜拨打", Category::Landline),
            ("QQ号12345678个人空间", Category::Qq),
            ("以身份证号330102880712001名义办理", Category::IdNumber),
            ("电话0571-88886688分三次联系", Category::Landline),
            ("电话0571-88886688元", Category::Landline),
        ] {
            assert_eq!(cats(s), [cat], "{s}");
        }
    }
}
