//! Alphanumeric detectors: e-mail addresses (Han local parts allowed), labelled WeChat IDs,
//! labelled alphanumeric certificate numbers (passport, VIN…) and unified social credit codes of
//! individual businesses (prefix 92, GB 32100 check character, or labelled).

use std::sync::LazyLock;

use super::Hit;
use super::checksum::uscc_valid;
use crate::category::Category;
use crate::lexicon::{CERT_LABELS, CharSet, NUMBER_LABELS, WECHAT_LABELS, WordList};
use crate::script::is_han;

fn is_local(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '%' | '+' | '-') || is_han(c)
}

fn is_domain(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '-' || c == '.'
}

/// `word` in brackets at `i` (`(at)`, `[DOT]`, `（at）`): its length.
fn bracketed(cs: &[char], i: usize, word: &str) -> Option<usize> {
    let close = match cs.get(i)? {
        '(' => ')',
        '[' => ']',
        '（' => '）',
        _ => return None,
    };
    let n = word.len();
    let inner = cs.get(i + 1..i + 1 + n)?;
    (inner.iter().map(char::to_ascii_lowercase).eq(word.chars())
        && cs.get(i + 1 + n) == Some(&close))
    .then_some(n + 2)
}

/// `word` in capitals between spaces at `i` (` AT `, ` DOT `): its length with the spaces.
fn spaced_capitals(cs: &[char], i: usize, word: &str) -> Option<usize> {
    let n = word.len();
    (cs.get(i) == Some(&' ')
        && cs.get(i + 1..i + 1 + n)?.iter().copied().eq(word.chars())
        && cs.get(i + 1 + n) == Some(&' '))
    .then_some(n + 2)
}

/// `word` in any case between spaces at `i` (` at `, ` dot `): its length with the spaces.
fn spaced_word(cs: &[char], i: usize, word: &str) -> Option<usize> {
    let n = word.len();
    (cs.get(i) == Some(&' ')
        && cs
            .get(i + 1..i + 1 + n)?
            .iter()
            .map(char::to_ascii_lowercase)
            .eq(word.chars())
        && cs.get(i + 1 + n) == Some(&' '))
    .then_some(n + 2)
}

/// The at sign at `i` and its length: `@` (also with a space either side), or written out
/// against harvesters (`(at)`, `[at]`, `（at）`, ` AT `).
fn at_sign(cs: &[char], i: usize) -> Option<usize> {
    if matches!(cs[i], '@' | '＠') {
        return Some(1 + usize::from(cs.get(i + 1) == Some(&' ')));
    }
    if cs[i] == ' ' && matches!(cs.get(i + 1), Some('@' | '＠')) {
        return Some(2 + usize::from(cs.get(i + 2) == Some(&' ')));
    }
    bracketed(cs, i, "at").or_else(|| spaced_capitals(cs, i, "AT"))
}

/// A dot of a domain at `i` and its length: `.`, or written out (`(dot)`, `[dot]`, ` DOT `,
/// ` . `).
fn dot_sign(cs: &[char], i: usize) -> Option<usize> {
    match cs.get(i)? {
        // An input method's full stop or a full-width one between labels (163。com).
        '.' | '。' | '．' | '｡' => Some(1),
        ' ' if cs.get(i + 1) == Some(&'.') && cs.get(i + 2) == Some(&' ') => Some(3),
        // A stray space before the dot (163 .com).
        ' ' if cs.get(i + 1) == Some(&'.')
            && cs.get(i + 2).is_some_and(char::is_ascii_alphabetic) =>
        {
            Some(2)
        }
        _ => bracketed(cs, i, "dot").or_else(|| spaced_word(cs, i, "dot")),
    }
}

fn emails(cs: &[char], hits: &mut Vec<Hit>) {
    // ` at ` in lower case is an English word too: an address only with a ` dot ` after it
    // (zht1988 at 163 dot com).
    let at_signs = (0..cs.len()).filter_map(|i| {
        at_sign(cs, i)
            .map(|l| (i, l, false))
            .or_else(|| spaced_word(cs, i, "at").map(|l| (i, l, true)))
    });
    for (at, len, weak) in at_signs {
        // ASCII local part; a Han local part (张三@…) only when there is no ASCII one.
        let mut s = at;
        while s > 0 && is_local(cs[s - 1]) && !is_han(cs[s - 1]) && at - s < 64 {
            s -= 1;
        }
        if s == at {
            while s > 0 && is_han(cs[s - 1]) && at - s < 8 {
                s -= 1;
            }
        }
        while s < at && matches!(cs[s], '.' | '-' | '+') {
            s += 1;
        }
        if s == at {
            continue;
        }
        // ` at ` in lower case: a local part with a digit or . _ - (zht1988 at 163 dot com, not
        // look at google dot com).
        if weak
            && !cs[s..at]
                .iter()
                .any(|c| c.is_ascii_digit() || matches!(c, '.' | '_' | '-'))
        {
            continue;
        }
        let d = at + len;
        // The domain, its dots possibly written out (163(dot)com, 163 DOT com).
        let mut e = d;
        let mut domain = String::new();
        let mut written_dot = false;
        while e < cs.len() && e - d < 255 {
            if cs[e] != '.'
                && let Some(n) = dot_sign(cs, e)
                && cs.get(e + n).is_some_and(char::is_ascii_alphanumeric)
            {
                domain.push('.');
                written_dot |= n > 2;
                e += n;
            } else if is_domain(cs[e]) {
                domain.push(cs[e]);
                e += 1;
            } else {
                break;
            }
        }
        while e > d && matches!(cs[e - 1], '.' | '-') {
            e -= 1;
            domain.pop();
        }
        let labels: Vec<&str> = domain.split('.').collect();
        // A file's name is no address (photo@2x.png: a high-density image's usual name).
        let file = labels.len() == 2
            && labels.last().is_some_and(|t| {
                [
                    "png", "jpg", "jpeg", "gif", "webp", "svg", "pdf", "txt", "html",
                ]
                .contains(&t.to_ascii_lowercase().as_str())
            });
        let tld_ok = labels.len() >= 2
            && !file
            && labels.iter().all(|l| !l.is_empty())
            && labels
                .last()
                .is_some_and(|t| t.len() >= 2 && t.chars().all(|c| c.is_ascii_alphabetic()));
        if tld_ok && (!weak || written_dot) {
            hits.push(Hit {
                ci: s,
                cj: e,
                category: Category::Email,
                // The address as mailed to, however it was written.
                value: format!(
                    "{}@{domain}",
                    cs[s..at].iter().collect::<String>().trim_end()
                )
                .to_lowercase(),
            });
        }
    }
}

/// Position after a label and its filler (号, 码, 是, 为, colon, spaces, 第), or `None`.
fn after_label(cs: &[char], i: usize, labels: &WordList) -> Option<usize> {
    let label = labels.prefix(&cs[i..])?;
    let mut j = i + label.chars().count();
    let mut k = 0;
    // Also the cell border of a table row (| 微信号 | kwj_2024ab |), 账号/账户 after an app's
    // name, an ID (微信ID是…, 抖音（ID：…）), quotes (微信号为“zhtao1988”) and a line break.
    while j < cs.len() && k < 8 {
        if matches!(
            cs[j],
            '号' | '码'
                | '是'
                | '为'
                | ':'
                | '：'
                | ' '
                | '\t'
                | '|'
                | '｜'
                | '第'
                | '('
                | ')'
                | '（'
                | '）'
                | '账'
                | '帐'
                | '户'
                | '“'
                | '"'
                | '「'
                | '『'
                | '\n'
        ) {
            j += 1;
        } else if cs[j..].len() >= 2
            && cs[j].eq_ignore_ascii_case(&'i')
            && cs[j + 1].eq_ignore_ascii_case(&'d')
            && !cs.get(j + 2).is_some_and(char::is_ascii_alphanumeric)
        {
            j += 2;
        } else {
            break;
        }
        k += 1;
    }
    Some(j)
}

fn token_end(cs: &[char], j: usize, extra: &[char]) -> usize {
    let mut e = j;
    while e < cs.len() && (cs[e].is_ascii_alphanumeric() || extra.contains(&cs[e])) {
        e += 1;
    }
    e
}

/// Accounts on other apps: a resident's handle names them as a WeChat ID does.
const APP_LABELS: &[&str] = &[
    "抖音号",
    "抖音",
    "快手号",
    "快手",
    "微博号",
    "微博账号",
    "微博",
    "小红书号",
    "小红书",
    "B站账号",
    "支付宝账号",
    "支付宝",
    "钉钉号",
    "淘宝账号",
    "淘宝",
    // A game's or any site's account name (游戏账号：zjg1968).
    "游戏账号",
    "游戏ID",
    "账号",
    "帐号",
    "用户名",
];

static LABEL_FIRST: LazyLock<CharSet> = LazyLock::new(|| {
    CharSet::new(
        WECHAT_LABELS
            .iter()
            .chain(CERT_LABELS)
            .chain(NUMBER_LABELS)
            .chain(APP_LABELS)
            .filter_map(|l| l.chars().next()),
    )
});

static W_APPS: LazyLock<WordList> = LazyLock::new(|| WordList::new(APP_LABELS));

static W_WECHAT: LazyLock<WordList> = LazyLock::new(|| WordList::new(WECHAT_LABELS));
static W_CERT: LazyLock<WordList> = LazyLock::new(|| WordList::new(CERT_LABELS));
static W_NUMBER: LazyLock<WordList> = LazyLock::new(|| WordList::new(NUMBER_LABELS));

fn labelled(cs: &[char], hits: &mut Vec<Hit>) {
    for i in 0..cs.len() {
        if !LABEL_FIRST.contains(cs[i]) {
            continue;
        }
        // WeChat IDs: a letter, then 5–19 of [-_a-zA-Z0-9].
        if let Some(j) = after_label(cs, i, &W_WECHAT) {
            // The label itself must not be the tail of a longer ASCII word ("xwx").
            let glued = i > 0 && cs[i].is_ascii_alphabetic() && cs[i - 1].is_ascii_alphanumeric();
            if !glued && j < cs.len() && cs[j].is_ascii_alphabetic() {
                let e = token_end(cs, j, &['-', '_']);
                if (6..=20).contains(&(e - j)) {
                    hits.push(Hit {
                        ci: j,
                        cj: e,
                        category: Category::Wechat,
                        value: cs[j..e].iter().collect(),
                    });
                }
            }
        }
        // App handles: 4–30 of [-_.a-zA-Z0-9] with a letter (digit-only ones are left to the
        // digit detector, which knows phone numbers from amounts).
        if let Some(j) = after_label(cs, i, &W_APPS) {
            // A profile path goes with its domain (weibo.com/zht_1988).
            let e = token_end(cs, j, &['-', '_', '.', '/']);
            let e = (j..e)
                .rev()
                .find(|&k| !matches!(cs[k], '.' | '/'))
                .map_or(j, |k| k + 1);
            let tok = &cs[j..e];
            // A digit or a joiner in it (zjg1988live, kwj_2024), or a label that says it is an
            // account (抖音号：kewenjie): an app's own name (淘宝 Taobao) or a link (微博
            // https://…) is none.
            let says_account = cs[i..j].contains(&'号');
            let handle = tok.iter().any(char::is_ascii_alphabetic)
                && (says_account
                    || tok
                        .iter()
                        .any(|c| c.is_ascii_digit() || matches!(c, '_' | '-' | '.')))
                && cs.get(e) != Some(&':');
            // 账号 of 微信账号 names the WeChat ID found just above, not another account.
            let found = hits.iter().any(|h| h.ci == j && h.cj == e);
            if (4..=40).contains(&tok.len()) && handle && !found {
                hits.push(Hit {
                    ci: j,
                    cj: e,
                    category: Category::Account,
                    value: tok.iter().collect(),
                });
            }
        }
        // A person's numbers with letters (工号：A1023456; digit-only ones are the digit
        // detector's).
        if let Some(j) = after_label(cs, i, &W_NUMBER) {
            let e = token_end(cs, j, &['-', '_']);
            let tok = &cs[j..e];
            let digits = tok.iter().filter(|c| c.is_ascii_digit()).count();
            let letters = tok.iter().filter(|c| c.is_ascii_alphabetic()).count();
            if (4..=24).contains(&tok.len()) && digits >= 4 && letters >= 1 {
                hits.push(Hit {
                    ci: j,
                    cj: e,
                    category: Category::Number,
                    value: tok.iter().collect(),
                });
            }
        }
        // Certificates with letters (digit-only ones are found by the digit detector).
        if let Some(j) = after_label(cs, i, &W_CERT) {
            let e = token_end(cs, j, &['-']);
            let tok = &cs[j..e];
            let digits = tok.iter().filter(|c| c.is_ascii_digit()).count();
            let letters = tok.iter().filter(|c| c.is_ascii_alphabetic()).count();
            if tok.len() >= 5 && digits >= 4 && letters >= 1 {
                hits.push(Hit {
                    ci: j,
                    cj: e,
                    category: Category::Certificate,
                    value: tok.iter().collect::<String>().to_ascii_uppercase(),
                });
            }
        }
    }
}

/// Handles named by a label in brackets after them (`wgl_1968（微信）`, `kwj_2024 (抖音号)`): the
/// bracket holds the label alone, or with 号/ID.
fn labelled_after(cs: &[char], hits: &mut Vec<Hit>) {
    for i in 1..cs.len() {
        if !matches!(cs[i], '（' | '(') {
            continue;
        }
        let rest = &cs[i + 1..cs.len().min(i + 16)];
        let closes = |n: usize| {
            let tail = &rest[n..];
            let k = tail.iter().position(|c| matches!(c, '）' | ')'));
            k.is_some_and(|k| {
                let inner: String = tail[..k].iter().collect();
                matches!(inner.as_str(), "" | "号" | "ID" | "id" | "账号" | "帐号")
            })
        };
        let wechat = W_WECHAT.prefix(rest).filter(|w| closes(w.chars().count()));
        let app = W_APPS.prefix(rest).filter(|w| closes(w.chars().count()));
        if wechat.is_none() && app.is_none() {
            continue;
        }
        let e = if cs[i - 1] == ' ' { i - 1 } else { i };
        let j = (0..e)
            .rev()
            .take_while(|&k| cs[k].is_ascii_alphanumeric() || matches!(cs[k], '-' | '_'))
            .last()
            .unwrap_or(e);
        // A domain (weixin.qq.com（微信）) or a file's name is no handle; the last part of a
        // profile's address is (douyin.com/user/kwj_2024（抖音）).
        let tok = &cs[j..e];
        if tok.is_empty() || j > 0 && matches!(cs[j - 1], '.' | '@' | ':') {
            continue;
        }
        // A digit or a joiner in it, as after a label in front (an English word before the
        // bracket, wechat（微信）, glosses the label).
        let joined = tok
            .iter()
            .any(|c| c.is_ascii_digit() || matches!(c, '_' | '-'));
        if wechat.is_some()
            && joined
            && tok[0].is_ascii_alphabetic()
            && (6..=20).contains(&tok.len())
        {
            hits.push(Hit {
                ci: j,
                cj: e,
                category: Category::Wechat,
                value: tok.iter().collect(),
            });
        } else if app.is_some()
            && (4..=40).contains(&tok.len())
            && tok.iter().any(char::is_ascii_alphabetic)
            && joined
        {
            hits.push(Hit {
                ci: j,
                cj: e,
                category: Category::Account,
                value: tok.iter().collect(),
            });
        }
    }
}

fn credit_codes(cs: &[char], hits: &mut Vec<Hit>) {
    let mut i = 0;
    while i < cs.len() {
        if !cs[i].is_ascii_alphanumeric() {
            i += 1;
            continue;
        }
        let e = token_end(cs, i, &[]);
        if e - i == 18 {
            let tok: String = cs[i..e].iter().collect::<String>().to_ascii_uppercase();
            let has_letter = tok.chars().any(|c| c.is_ascii_alphabetic());
            let window: String = cs[i.saturating_sub(12)..i].iter().collect();
            let labelled = window.contains("信用代码") || window.contains("营业执照");
            if has_letter && tok.starts_with("92") && (uscc_valid(&tok) || labelled) {
                hits.push(Hit {
                    ci: i,
                    cj: e,
                    category: Category::CreditCode,
                    value: tok,
                });
            }
        }
        i = e;
    }
}

/// Is `tw` (a letter, then 1 or 2, then eight digits) a Taiwan identity card number with a valid
/// check digit?
fn taiwan_id_valid(tw: &[char]) -> bool {
    const CODES: &str = "ABCDEFGHJKLMNPQRSTUVXYWZIO";
    let Some(k) = CODES.find(tw[0]) else {
        return false;
    };
    let code = 10 + k as u32;
    let d: Vec<u32> = tw[1..].iter().filter_map(|c| c.to_digit(10)).collect();
    if d.len() != 9 {
        return false;
    }
    let sum =
        code / 10 + (code % 10) * 9 + (1..9).map(|i| d[i - 1] * (9 - i as u32)).sum::<u32>() + d[8];
    sum.is_multiple_of(10)
}

/// Does the clause before `i` (at most 16 characters) name an identity card or its holder's
/// place (身份证, 证件, 香港, 澳门, 台湾…)? Model and drawing numbers and figures with a footnote
/// mark take the same shapes.
fn identity_context(cs: &[char], i: usize) -> bool {
    let before: String = cs[i.saturating_sub(16)..i]
        .iter()
        .rev()
        .take_while(|&&c| !matches!(c, '。' | '；' | ';' | '\n'))
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    [
        "身份证",
        "证件",
        "香港",
        "澳门",
        "台湾",
        "台胞",
        "居民证",
        "身分证",
    ]
    .iter()
    .any(|w| before.contains(w))
}

/// Identity cards of Hong Kong and Macao (A123456(7), 1234567(8)) and Taiwan (A123456789 with
/// its check digit), by their shape after a word naming them (香港身份证, 证件号码, 台湾…).
fn other_identity_cards(cs: &[char], hits: &mut Vec<Hit>) {
    let n = cs.len();
    for i in 0..n {
        if i > 0 && cs[i - 1].is_ascii_alphanumeric() {
            continue;
        }
        if !(cs[i].is_ascii_uppercase() || cs[i].is_ascii_digit()) {
            continue;
        }
        let letters = cs[i..]
            .iter()
            .take(2)
            .take_while(|c| c.is_ascii_uppercase())
            .count();
        // Hong Kong: one or two letters, six digits, the check character in brackets; Macao:
        // seven digits and one in brackets.
        let digits_from = |k: usize| {
            cs[k.min(n)..]
                .iter()
                .take_while(|c| c.is_ascii_digit())
                .count()
        };
        let bracketed = |k: usize| {
            matches!(cs.get(k), Some('(' | '（'))
                && cs
                    .get(k + 1)
                    .is_some_and(|c| c.is_ascii_digit() || *c == 'A')
                && matches!(cs.get(k + 2), Some(')' | '）'))
        };
        let hk = (1..=2).contains(&letters)
            && digits_from(i + letters) == 6
            && bracketed(i + letters + 6);
        let mo = letters == 0
            && matches!(cs[i], '1' | '5' | '7')
            && digits_from(i) == 7
            && bracketed(i + 7);
        let tw = letters >= 1
            && matches!(cs.get(i + 1), Some('1' | '2'))
            && digits_from(i + 1) == 9
            && !cs.get(i + 10).is_some_and(char::is_ascii_alphanumeric);
        // The shape first (rare), then the words before it.
        if !(hk || mo || tw) || !identity_context(cs, i) {
            continue;
        }
        if hk || mo {
            let e = i + if hk { letters + 6 } else { 7 } + 3;
            hits.push(Hit {
                ci: i,
                cj: e,
                category: Category::IdNumber,
                value: cs[i..e].iter().collect(),
            });
            continue;
        }
        // Taiwan: a letter, 1 or 2, eight digits, a valid check digit.
        if tw && taiwan_id_valid(&cs[i..i + 10]) {
            hits.push(Hit {
                ci: i,
                cj: i + 10,
                category: Category::IdNumber,
                value: cs[i..i + 10].iter().collect(),
            });
        }
    }
}

/// IP addresses after an IP label (登录IP：183.129.55.12, IP地址为2408:8207::1).
fn ip_addresses(cs: &[char], hits: &mut Vec<Hit>) {
    let n = cs.len();
    for i in 0..n.saturating_sub(2) {
        if !(cs[i].eq_ignore_ascii_case(&'i') && cs[i + 1].eq_ignore_ascii_case(&'p'))
            || (i > 0 && cs[i - 1].is_ascii_alphabetic())
            || cs[i + 2].is_ascii_alphabetic()
        {
            continue;
        }
        let mut j = i + 2;
        while j < n
            && j - i < 10
            && matches!(
                cs[j],
                '地' | '址' | '为' | '是' | ':' | '：' | ' ' | '（' | '('
            )
        {
            j += 1;
        }
        let e = token_end(cs, j, &['.', ':']);
        let e = (j..e).rev().find(|&k| cs[k] != '.').map_or(j, |k| k + 1);
        let tok = &cs[j..e];
        let v4 = {
            let parts: Vec<&[char]> = tok.split(|&c| c == '.').collect();
            parts.len() == 4
                && parts.iter().all(|p| {
                    (1..=3).contains(&p.len())
                        && p.iter().all(char::is_ascii_digit)
                        && p.iter()
                            .collect::<String>()
                            .parse::<u16>()
                            .is_ok_and(|v| v <= 255)
                })
        };
        let v6 = tok.iter().filter(|&&c| c == ':').count() >= 2
            && tok.iter().all(|c| c.is_ascii_hexdigit() || *c == ':')
            && tok.len() >= 6;
        // A private or loopback address, or a server's, names no resident.
        let private = v4 && {
            let p: Vec<u16> = tok
                .split(|&c| c == '.')
                .map(|p| p.iter().collect::<String>().parse().unwrap_or(0))
                .collect();
            p[0] == 10
                || p[0] == 127
                || (p[0] == 192 && p[1] == 168)
                || (p[0] == 172 && (16..=31).contains(&p[1]))
        };
        let clause: String = cs[i.saturating_sub(12)..i].iter().collect();
        let server = ["服务器", "网站", "路由器", "主机", "网关"]
            .iter()
            .any(|w| clause.contains(w));
        if (v4 || v6) && !private && !server {
            hits.push(Hit {
                ci: j,
                cj: e,
                category: Category::Ip,
                value: tok.iter().collect(),
            });
        }
    }
}

/// Scan projected characters for alphanumeric PII.
pub(crate) fn scan(cs: &[char], hits: &mut Vec<Hit>) {
    emails(cs, hits);
    other_identity_cards(cs, hits);
    ip_addresses(cs, hits);
    // WeChat IDs and lettered certificates need an ASCII letter somewhere.
    if cs.iter().any(char::is_ascii_alphabetic) {
        labelled(cs, hits);
        labelled_after(cs, hits);
    }
    credit_codes(cs, hits);
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

    #[test]
    fn image_names_are_no_addresses() {
        assert!(run("photo@2x.png p@3x.jpg").is_empty());
        assert_eq!(run("zht@163.com").len(), 1);
    }

    #[test]
    fn email() {
        assert_eq!(
            run("邮箱zhang.san@example.com。"),
            vec![(Category::Email, "zhang.san@example.com".into())]
        );
        assert_eq!(
            run("发到123456@qq.com"),
            vec![(Category::Email, "123456@qq.com".into())]
        );
        assert_eq!(run("张三@某公司"), vec![]);
        // Written out against address harvesters.
        for (written, address) in [
            ("zjg(at)163.com", "zjg@163.com"),
            ("zjg[AT]163.com", "zjg@163.com"),
            ("zjg（at）163.com", "zjg@163.com"),
            ("zhang.jg(at)163(dot)com", "zhang.jg@163.com"),
            ("zhangjg AT 163 DOT com", "zhangjg@163.com"),
            ("zheng@163。com", "zheng@163.com"),
            ("kewenjie @ 163 . com", "kewenjie@163.com"),
            ("kewenjie@163 . com", "kewenjie@163.com"),
        ] {
            assert_eq!(
                run(written),
                vec![(Category::Email, address.to_string())],
                "{written}"
            );
        }
        assert_eq!(
            run("邮箱 zheng@163.com。他说"),
            vec![(Category::Email, "zheng@163.com".to_string())]
        );
        assert_eq!(run("look at example.com"), vec![]);
        assert_eq!(run("见(at)附件"), vec![]);
        assert_eq!(run("a@b"), vec![]);
    }

    #[test]
    fn app_handles() {
        assert_eq!(
            run("抖音号：zjg1988live，快手 kwj_2024。"),
            vec![
                (Category::Account, "zjg1988live".into()),
                (Category::Account, "kwj_2024".into())
            ]
        );
        assert!(run("在抖音上看到").is_empty());
        assert!(run("淘宝 Taobao 上买的，微博 https://weibo.com/x").is_empty());
        // A profile path with its domain; a label that says it is an account.
        assert_eq!(
            run("微博 weibo.com/zht_1988，抖音 douyin.com/user/zht1988。"),
            vec![
                (Category::Account, "weibo.com/zht_1988".into()),
                (Category::Account, "douyin.com/user/zht1988".into())
            ]
        );
        assert_eq!(
            run("抖音号：kewenjie。"),
            vec![(Category::Account, "kewenjie".into())]
        );
        assert!(run("微博：2023年").is_empty());
    }

    #[test]
    fn wechat_in_a_table_row() {
        let cs: Vec<char> = "| 微信号 | kwj_2024ab |".chars().collect();
        let mut hits = Vec::new();
        scan(&cs, &mut hits);
        assert_eq!(
            hits.iter()
                .map(|h| (h.category, h.value.clone()))
                .collect::<Vec<_>>(),
            vec![(Category::Wechat, "kwj_2024ab".into())]
        );
    }

    #[test]
    fn wechat() {
        assert_eq!(
            run("微信号：zhang_jg88，"),
            vec![(Category::Wechat, "zhang_jg88".into())]
        );
        assert_eq!(
            run("VX abcdef12"),
            vec![(Category::Wechat, "abcdef12".into())]
        );
        assert_eq!(run("微信转账"), vec![]);
        assert_eq!(run("微信：ab"), vec![]);
    }

    #[test]
    fn certificates() {
        assert_eq!(
            run("护照号E12345678"),
            vec![(Category::Certificate, "E12345678".into())]
        );
        for (text, value) in [
            ("证件类型：护照，证件号码：E12345678", "E12345678"),
            ("持有中国护照E23456789", "E23456789"),
            ("港澳居民来往内地通行证（H34567890）", "H34567890"),
            ("车辆识别代号：LSVAU2180N2183294", "LSVAU2180N2183294"),
            ("VIN码LFV2A21K6C3456781", "LFV2A21K6C3456781"),
            ("医保号：A87654321", "A87654321"),
        ] {
            assert_eq!(
                run(text),
                vec![(Category::Certificate, value.into())],
                "{text}"
            );
        }
    }

    /// Hong Kong, Macao and Taiwan identity cards by their shape (Taiwan's with its check digit).
    #[test]
    fn other_identity_cards_by_shape() {
        for (text, value) in [
            ("香港身份证：A123456(7)", "A123456(7)"),
            ("香港身份证AB987654（A）", "AB987654（A）"),
            ("澳门身份证1234567(8)", "1234567(8)"),
            ("台湾身份证A123456789。", "A123456789"),
        ] {
            assert_eq!(
                run(text),
                vec![(Category::IdNumber, value.into())],
                "{text}"
            );
        }
        // A check digit that does not fit, a longer token, or no word naming a card: nothing.
        assert_eq!(run("台湾身份证A123456788"), vec![]);
        assert_eq!(run("身份证编号XA123456789"), vec![]);
        assert_eq!(run("型号A123456(7)的电表"), vec![]);
        assert_eq!(run("涉案金额合计1234567(1)"), vec![]);
        assert_eq!(run("调解登记号A123456789"), vec![]);
    }

    #[test]
    fn ip_addresses_after_a_label() {
        assert_eq!(
            run("登录IP：183.129.55.12。"),
            vec![(Category::Ip, "183.129.55.12".into())]
        );
        assert_eq!(
            run("IP地址为2408:8207:1234:5678::1"),
            vec![(Category::Ip, "2408:8207:1234:5678::1".into())]
        );
        assert_eq!(run("版本1.2.3.4"), vec![]);
        assert_eq!(run("IP：300.1.1.1"), vec![]);
        assert_eq!(run("登录路由器IP 192.168.1.1修改密码"), vec![]);
        assert_eq!(run("社区网站IP地址为202.96.128.86"), vec![]);
    }

    #[test]
    fn handles_after_longer_labels() {
        for (text, cat, value) in [
            ("微信账号：zht_1988", Category::Wechat, "zht_1988"),
            ("微信号为“zhtao1988”", Category::Wechat, "zhtao1988"),
            ("微信ID是zhtao_1988", Category::Wechat, "zhtao_1988"),
            ("支付宝账户：lihua_2020", Category::Account, "lihua_2020"),
            ("抖音（ID：zht_live88）", Category::Account, "zht_live88"),
            ("微信号：\nzht_1999", Category::Wechat, "zht_1999"),
            ("联系方式：wgl_1968（微信）", Category::Wechat, "wgl_1968"),
            ("wgl_1968 (微信号)", Category::Wechat, "wgl_1968"),
            ("她的kwj_2024（抖音号）", Category::Account, "kwj_2024"),
            (
                "douyin.com/user/kwj_2024（抖音）",
                Category::Account,
                "kwj_2024",
            ),
        ] {
            assert_eq!(run(text), vec![(cat, value.into())], "{text}");
        }
    }

    /// A bracket after a word that is no handle, or holding more than the label, names nothing.
    #[test]
    fn a_label_in_brackets_after_a_word_that_is_no_handle() {
        for text in [
            "Windows（微信电脑版）",
            "打开app（微信）",
            "版本v8.0.49（微信的）",
            "wgl_1968（微信好友）",
            "wechat（微信）",
            "weixin.qq.com（微信）",
        ] {
            assert_eq!(run(text), vec![], "{text}");
        }
    }

    #[test]
    fn e_mail_written_out_in_lower_case() {
        assert_eq!(
            run("邮箱zht1988 at 163 dot com"),
            vec![(Category::Email, "zht1988@163.com".into())]
        );
        assert_eq!(
            run("邮箱lihua2020@163 .com"),
            vec![(Category::Email, "lihua2020@163.com".into())]
        );
        assert_eq!(run("look at 163.com"), vec![]);
        assert_eq!(run("look at google dot com"), vec![]);
    }

    #[test]
    fn uscc() {
        assert_eq!(run("代码91510100MA0000000H"), vec![]);
        assert_eq!(
            run("统一社会信用代码92110105MA01ABCD1X"),
            vec![(Category::CreditCode, "92110105MA01ABCD1X".into())]
        );
    }
}
