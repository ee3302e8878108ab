//! Output audit: every audit term of the build, expanded to all script variants, looked for in
//! the raw output bytes by one walk over each file ([`TermScanner`]), which on its way also notes
//! rare characters, Han characters right before markup (a name split by inline tags) and the digit
//! runs the high-precision number detectors check. Only when a file holds a non-ASCII `&#` or `\u`
//! escape, an invisible character, or a Han character before markup that joins two characters of
//! a term, is a decoded copy (character references and escapes decoded, invisible characters and
//! tags removed) scanned too. Reports carry masked terms and masked context only.

use std::collections::HashSet;
use std::fmt;

use aho_corasick::AhoCorasick;
use memchr::memmem;

use crate::category::Category;
use crate::detect;
use crate::mask::{mask, mask_snippet_numbers};
use crate::project::entity_at;
use crate::script::{expand, is_han};
use crate::termscan::{FULLWIDTH_DIGITS, Hit, OverlapScanner, Rare, Side, TermScanner};
use crate::types::AuditTerm;

/// A term (or detected number) found in an output file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Leak {
    /// Byte offset in the scanned content.
    pub offset: usize,
    pub category: Category,
    /// Masked term (张**), safe to print.
    pub masked_term: String,
    /// Masked snippet around the leak, safe to print.
    pub context: String,
}

impl fmt::Display for Leak {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "字节 {}：{} {} 出现在输出中（…{}…）",
            self.offset,
            self.category.label_zh(),
            self.masked_term,
            self.context
        )
    }
}

/// Scans output files for audit terms. Build once per build; `Send + Sync`.
pub struct Auditor {
    scanner: Option<TermScanner>,
    /// Pairs of consecutive 3-byte characters in any pattern (张建, 建国…).
    joints: HashSet<[u8; 6]>,
    /// Pattern index → term index.
    pattern_term: Vec<usize>,
    /// (masked term, category) per term.
    terms: Vec<(String, Category)>,
    allow: Option<AhoCorasick>,
    /// Only letters glue a term to its neighbours (file names: `zhangjianguo1988.txt`).
    digits_split: bool,
}

impl fmt::Debug for Auditor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Auditor")
            .field("terms", &self.terms.len())
            .field("patterns", &self.pattern_term.len())
            .finish_non_exhaustive()
    }
}

/// Zero-width characters and the soft hyphen, UTF-8 encoded.
/// The invisible character of two UTF-8 bytes met most; the scan notes those of three and four
/// ([`crate::termscan::is_rare`]).
const SOFT_HYPHEN: &str = "\u{00AD}";

/// The byte behind a percent escape at `b` (`%E5`), if any.
fn pct_byte(b: &[u8]) -> Option<u8> {
    if b.first() != Some(&b'%') {
        return None;
    }
    let hex = |x: u8| (x as char).to_digit(16);
    Some((hex(*b.get(1)?)? * 16 + hex(*b.get(2)?)?) as u8)
}

/// A non-ASCII character written in percent escapes at `b` (`%E5%BC%A0` → 张, as in a link's
/// URL): the character and the bytes it takes.
pub(crate) fn pct_char(b: &[u8]) -> Option<(char, usize)> {
    let lead = pct_byte(b)?;
    let len = match lead {
        0xC2..=0xDF => 2,
        0xE0..=0xEF => 3,
        0xF0..=0xF4 => 4,
        _ => return None,
    };
    let mut bytes = [0u8; 4];
    for (k, slot) in bytes.iter_mut().enumerate().take(len) {
        *slot = pct_byte(b.get(3 * k..)?)?;
    }
    let ch = std::str::from_utf8(&bytes[..len]).ok()?.chars().next()?;
    Some((ch, 3 * len))
}

/// A percent-escaped digit, space, `&`, `#` or `;` at `b` (`%31`, `%20`): a phone number can be written so in a
/// link (`tel:%31%33%38…`, `?tel=137%201234%205678`).
pub(crate) fn pct_ascii(b: &[u8]) -> Option<(char, usize)> {
    let c = pct_byte(b)?;
    // `&`, `#` and `;` too: a data: URI's `%26%2337073%3B` is a character reference once read.
    (c.is_ascii_digit() || b" &#;".contains(&c)).then_some((c as char, 3))
}

/// JavaScript's `unescape` syntax for a character (`%u90D1`), as a script may hide a name.
pub(crate) fn pct_u(b: &[u8]) -> Option<(char, usize)> {
    if b.get(1) != Some(&b'u') {
        return None;
    }
    let v = hex4(b.get(2..6)?)?;
    char::from_u32(v).filter(|c| !c.is_ascii()).map(|c| (c, 6))
}

/// `fromCharCode(37073, 28023, 0x6D9B)` at `b`: the characters it makes, when one is beyond
/// ASCII, and the call's length up to its closing bracket.
fn from_char_code(b: &[u8]) -> Option<(String, usize)> {
    const CALL: &[u8] = b"fromCharCode(";
    if !b.starts_with(CALL) {
        return None;
    }
    let close = memchr::memchr(b')', &b[CALL.len()..b.len().min(CALL.len() + 512)])?;
    let args = std::str::from_utf8(&b[CALL.len()..CALL.len() + close]).ok()?;
    let mut text = String::new();
    for a in args.split(',') {
        let a = a.trim();
        let v = match a.strip_prefix("0x").or_else(|| a.strip_prefix("0X")) {
            Some(h) => u32::from_str_radix(h, 16).ok()?,
            None => a.parse().ok()?,
        };
        text.push(char::from_u32(v)?);
    }
    (!text.is_ascii()).then_some((text, CALL.len() + close + 1))
}

/// [`pct_ascii`], and letters and the punctuation of e-mail addresses and handles
/// (`mailto:zheng%40163.com`, `wang%5Flihua`): what the anonymizer reads a link as.
pub(crate) fn pct_ascii_text(b: &[u8]) -> Option<(char, usize)> {
    let c = pct_byte(b)?;
    (c.is_ascii_alphanumeric() || b" @._-+".contains(&c)).then_some((c as char, 3))
}

/// An ideograph or radical written with a compatibility code point (海 as U+FA45, 言 as the
/// Kangxi radical U+2F94): shown as the unified character, which NFKC gives.
pub(crate) fn compat_ideograph(c: char) -> Option<char> {
    let v = c as u32;
    if !matches!(v, 0x2E80..=0x2FDF | 0xF900..=0xFAFF | 0x2F800..=0x2FA1F) {
        return None;
    }
    use unicode_normalization::UnicodeNormalization;
    let mut n = std::iter::once(c).nfkc();
    match (n.next(), n.next()) {
        (Some(d), None) if d != c => Some(d),
        _ => None,
    }
}

/// A CSS escape (`\\90D1`, then one optional space) or a JavaScript code point escape
/// (`\\u{90D1}`) of a non-ASCII character at `b`, which holds the backslash: the character and
/// the escape's length. A stylesheet's `content: '\\90D1\\6D77'` shows the characters.
pub(crate) fn css_or_js_escape(b: &[u8]) -> Option<(char, usize)> {
    if b.first() != Some(&b'\\') {
        return None;
    }
    let (from, close) = if b.get(1..3) == Some(b"u{") {
        (3, true)
    } else {
        (1, false)
    };
    // CSS takes up to six digits; JavaScript's `\u{…}` any number, leading zeros and all.
    let digits = b[from.min(b.len())..]
        .iter()
        .take(if close { 64 } else { 6 })
        .take_while(|x| x.is_ascii_hexdigit())
        .count();
    if digits < 4 && !close {
        return None;
    }
    let v = b[from..from + digits].iter().try_fold(0u32, |v, &d| {
        Some(
            v.saturating_mul(16)
                .saturating_add((d as char).to_digit(16)?),
        )
    })?;
    let c = char::from_u32(v).filter(|c| !c.is_ascii())?;
    let mut len = from + digits;
    if close {
        if b.get(len) != Some(&b'}') {
            return None;
        }
        len += 1;
    } else if b.get(len) == Some(&b' ') {
        len += 1;
    }
    Some((c, len))
}

pub(crate) fn hex4(b: &[u8]) -> Option<u32> {
    let s = std::str::from_utf8(b.get(..4)?).ok()?;
    u32::from_str_radix(s, 16).ok()
}

/// Is `tag` (`<b>`, `</span>`, `<a href…>`) an inline HTML element: a name split by these still
/// reads as one word. Asked at every Han character before markup: the name is matched in place,
/// lower-cased into a small buffer, not compared with each element name.
pub(crate) fn inline_tag(tag: &[u8]) -> bool {
    let name_start = usize::from(tag.get(1) == Some(&b'/')) + 1;
    let name_end = tag[name_start.min(tag.len())..]
        .iter()
        .position(|c| !c.is_ascii_alphanumeric())
        .map_or(tag.len(), |k| name_start + k);
    let name = &tag[name_start.min(name_end)..name_end];
    let mut lower = [0u8; 8];
    if name.len() > lower.len() {
        return false;
    }
    for (l, c) in lower.iter_mut().zip(name) {
        *l = c.to_ascii_lowercase();
    }
    matches!(
        &lower[..name.len()],
        b"a" | b"abbr"
            | b"b"
            | b"bdi"
            | b"bdo"
            | b"big"
            | b"cite"
            | b"code"
            | b"del"
            | b"dfn"
            | b"em"
            | b"font"
            | b"i"
            | b"ins"
            | b"kbd"
            | b"mark"
            | b"q"
            | b"rp"
            | b"rt"
            | b"ruby"
            | b"s"
            | b"samp"
            | b"small"
            | b"span"
            | b"strong"
            | b"sub"
            | b"sup"
            | b"text"
            | b"textpath"
            | b"time"
            | b"tspan"
            | b"u"
            | b"var"
            | b"wbr"
    )
}

/// Does `b` need its decoded copy scanned: a non-ASCII character behind a numeric character
/// reference (`&#24352;`), a JSON escape (`\u5f20`) or percent escapes (`%E5%BC%A0`), or a soft hyphen (the one invisible
/// character of two bytes, which the term walk does not visit)? ASCII escapes (`&#x27;` from
/// template escaping, `\u003c`) do not matter. One byte search for the three.
/// Where a `data:` URI says its payload is base64, as browsers read it: `;base64,` in any case
/// (`;BASE64,`, `;Base64,`), spaces allowed around the word (`; base64 ,`). Each as (offset of
/// the `;`, offset of the payload).
pub fn base64_marks(b: &[u8]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for i in memmem::find_iter(b, b"64") {
        if i < 4 || !b[i - 4..i].eq_ignore_ascii_case(b"base") {
            continue;
        }
        let mut s = i - 4;
        while s > 0 && matches!(b[s - 1], b' ' | b'\t') {
            s -= 1;
        }
        if s == 0 || b[s - 1] != b';' {
            continue;
        }
        let mut e = i + 2;
        while e < b.len() && matches!(b[e], b' ' | b'\t') {
            e += 1;
        }
        if b.get(e) == Some(&b',') {
            out.push((s - 1, e + 1));
        }
    }
    out
}

/// The payloads of base64 `data:` URIs in `b` (`data:image/jpeg;base64,…`), decoded, with the
/// offset where each starts: an image's metadata or an SVG's text inside one is invisible to a
/// scan of the bytes as written. Line breaks inside a payload are skipped (wrapped base64 in an
/// attribute); the URL-safe alphabet is accepted too. A payload that does not decode is left out:
/// no reader can see what it holds either.
pub fn base64_payloads(b: &[u8]) -> Vec<(usize, Vec<u8>)> {
    use base64::Engine as _;
    let engine = base64::engine::general_purpose::STANDARD_NO_PAD_INDIFFERENT;
    let mut out = Vec::new();
    let mut buf = Vec::new();
    for (_, start) in base64_marks(b) {
        buf.clear();
        for &c in &b[start..] {
            match c {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'+' | b'/' => buf.push(c),
                b'-' => buf.push(b'+'),
                b'_' => buf.push(b'/'),
                b'\n' | b'\r' | b'=' => {}
                _ => break,
            }
        }
        // A length no encoder gives (one character over a group): the last one is not payload.
        if buf.len() % 4 == 1 {
            buf.pop();
        }
        if let Ok(d) = engine.decode(&buf) {
            out.push((start, d));
        }
    }
    out
}

fn needs_decode(b: &[u8]) -> bool {
    // A name percent-escaped in a URL (https://weibo.com/%E5%BC%A0…), or a number's digits.
    if memchr::memchr_iter(b'%', b).any(|i| {
        pct_char(&b[i..]).is_some()
            || pct_ascii(&b[i..]).is_some_and(|(c, _)| c != ' ')
            || pct_u(&b[i..]).is_some()
    }) {
        return true;
    }
    if memchr::memmem::find_iter(b, b"fromCharCode(").any(|i| from_char_code(&b[i..]).is_some()) {
        return true;
    }
    // The invisible characters of two bytes other than the soft hyphen (U+034F, U+061C).
    if memchr::memchr2_iter(0xCD, 0xD8, b).any(|i| {
        std::str::from_utf8(&b[i..b.len().min(i + 2)])
            .ok()
            .and_then(|t| t.chars().next())
            .is_some_and(crate::project::is_invisible)
    }) {
        return true;
    }
    memchr::memchr3_iter(b'&', b'\\', 0xC2, b).any(|i| match b[i] {
        // A reference to a character beyond ASCII (郑 as `&#37073;`, an invisible one as
        // `&ZeroWidthSpace;`); `&nbsp;` and `&amp;`, common in any page, do not count.
        // A digit or letter as a numeric reference (`&#49;`) may be part of a number or pinyin.
        b'&' => entity_at(b, i).is_some_and(|(c, n)| {
            if c == '&' {
                // `&amp;#37073;` is a reference once decoded (an iframe's srcdoc).
                b.get(i + n) == Some(&b'#')
            } else if b.get(i + 1) == Some(&b'#') {
                !c.is_ascii() || c.is_ascii_alphanumeric()
            } else {
                !c.is_ascii() && c != '\u{A0}'
            }
        }),
        b'\\' => {
            (b.get(i + 1) == Some(&b'u')
                && hex4(&b[(i + 2).min(b.len())..]).is_some_and(|v| v >= 0x80))
                || css_or_js_escape(&b[i..]).is_some()
        }
        _ => b[i..].starts_with(SOFT_HYPHEN.as_bytes()),
    })
}

/// Is byte `x` the first of a character in U+3000–U+9FFF (Han and CJK punctuation)?
fn han_lead(x: u8) -> bool {
    (0xE3..=0xE9).contains(&x)
}

/// Is the `<` (or the whitespace before a `<`) at `i`, right after a Han character, the start of
/// a run of inline tags, with whitespace between them allowed, whose `>` is (but for whitespace)
/// right before a Han character (`张<b>建</b>国`, `<text>张</text>\n<text>建</text>`), the two of
/// them adjacent in some audit term (`joins`)? Only then is a tag-stripped copy worth scanning:
/// a term split by markup is split between two of its own consecutive characters.
fn split_at(b: &[u8], i: usize, joins: impl Fn(&[u8], &[u8]) -> bool) -> bool {
    if i < 3 || !han_lead(b[i - 3]) {
        return false;
    }
    // Skip consecutive inline tags and the whitespace between them: </b></i><span>.
    let mut j = i;
    let mut tags = 0;
    loop {
        let ws = b[j..]
            .iter()
            .take(33)
            .take_while(|x| x.is_ascii_whitespace())
            .count();
        if ws > 32 {
            return false;
        }
        j += ws;
        if b.get(j) != Some(&b'<') {
            break;
        }
        let limit = b.len().min(j + 512);
        let Some(g) = b[j..limit].iter().position(|&x| x == b'>') else {
            return false;
        };
        if !inline_tag(&b[j..j + g + 1]) {
            return false;
        }
        j += g + 1;
        tags += 1;
    }
    tags > 0
        && b.get(j).is_some_and(|&x| han_lead(x))
        && j + 3 <= b.len()
        && joins(&b[i - 3..i], &b[j..j + 3])
}

/// [`split_at`] anywhere in `b` (the audit's walk asks at each Han character followed by `<`).
#[cfg(test)]
fn tag_between_han(b: &[u8], joins: impl Fn(&[u8], &[u8]) -> bool) -> bool {
    (0..b.len()).any(|i| (b[i] == b'<' || b[i].is_ascii_whitespace()) && split_at(b, i, &joins))
}

/// The audit's looks on its walk over a file: Han characters right before markup (a name split
/// by inline tags), and digit runs for the number detectors.
struct Looks<'a> {
    joints: &'a HashSet<[u8; 6]>,
    split: bool,
    /// `None`: numbers not wanted.
    numbers: Option<Vec<(usize, usize, Category, String)>>,
}

impl Looks<'_> {
    /// Out of line: met at a small share of the wide characters, while `at_wide` is at all.
    #[inline(never)]
    fn check_split(&mut self, hay: &[u8], i: usize) {
        self.split = split_at(hay, i, |a, b| self.joins(a, b));
    }

    fn joins(&self, a: &[u8], b: &[u8]) -> bool {
        let mut key = [0u8; 6];
        key[..3].copy_from_slice(a);
        key[3..].copy_from_slice(b);
        self.joints.contains(&key)
    }
}

impl Side for Looks<'_> {
    fn wants_digits(&self) -> bool {
        self.numbers.is_some()
    }

    #[inline]
    fn at_wide(&mut self, hay: &[u8], i: usize) {
        if !self.split
            && hay
                .get(i + 3)
                .is_some_and(|&x| x == b'<' || x.is_ascii_whitespace())
        {
            self.check_split(hay, i + 3);
        }
    }

    fn at_digits(&mut self, hay: &[u8], s: usize, e: usize) {
        if let Some(numbers) = &mut self.numbers {
            numbers.extend(detect::high_precision_run(hay, s, e));
        }
    }
}

/// Decoded copy of `b` plus checkpoints (decoded offset, source offset) for mapping back.
/// `strip_tags`: also drop HTML tags (names split by inline markup).
fn decode(b: &[u8], strip_tags: bool) -> (Vec<u8>, Vec<(usize, usize)>) {
    let mut out = Vec::with_capacity(b.len());
    let mut map = vec![(0usize, 0usize)];
    let mut i = 0;
    let mut plain_start = 0;
    let mut buf = [0u8; 4];
    // Where the last stripped tag ended, if it was an inline one.
    let mut tag_end = usize::MAX;
    while i < b.len() {
        let c = b[i];
        let mut emitted: Option<(Option<char>, usize)> = None;
        if c == b'&' {
            if let Some((ch, n)) = entity_at(b, i) {
                emitted = Some((Some(ch), n));
            }
        } else if c == b'\\'
            && let Some((ch, n)) = css_or_js_escape(&b[i..])
        {
            emitted = Some((Some(ch), n));
        } else if c == b'f'
            && let Some((text, n)) = from_char_code(&b[i..])
        {
            // String.fromCharCode(37073,28023,28059): its characters in place of the call.
            out.extend_from_slice(&b[plain_start..i]);
            map.push((out.len(), i));
            out.extend_from_slice(text.as_bytes());
            i += n;
            plain_start = i;
            map.push((out.len(), i));
            continue;
        } else if c == b'\\' && b.get(i + 1) == Some(&b'u') {
            if let Some(hi) = hex4(&b[i + 2..]) {
                if (0xD800..0xDC00).contains(&hi)
                    && b.get(i + 6) == Some(&b'\\')
                    && b.get(i + 7) == Some(&b'u')
                    && let Some(lo) = hex4(&b[i + 8..])
                    && (0xDC00..0xE000).contains(&lo)
                {
                    let cp = 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00);
                    emitted = Some((char::from_u32(cp), 12));
                } else {
                    emitted = Some((char::from_u32(hi), 6));
                }
            }
        } else if c == b'%' {
            if let Some((ch, n)) = pct_char(&b[i..])
                .or_else(|| pct_ascii(&b[i..]))
                .or_else(|| pct_u(&b[i..]))
            {
                emitted = Some((Some(ch), n));
            }
        } else if c == b'<' && strip_tags {
            // Strip a tag: <b>, </span>, <br/>.
            let next = b.get(i + 1).copied().unwrap_or(0);
            if next.is_ascii_alphabetic() || next == b'/' {
                let limit = b.len().min(i + 1024);
                if let Some(k) = b[i + 1..limit].iter().position(|&x| x == b'>' || x == b'<')
                    && b[i + 1 + k] == b'>'
                {
                    emitted = Some((None, k + 2));
                    if inline_tag(&b[i..i + k + 2]) {
                        tag_end = i + k + 2;
                    }
                }
            }
        } else if strip_tags && c.is_ascii_whitespace() {
            // Whitespace between elements with Han on both sides of the tags around it
            // (`<text>张</text>\n<text>建</text>`) shows no break in the text.
            let ws = b[i..]
                .iter()
                .take(33)
                .take_while(|x| x.is_ascii_whitespace())
                .count();
            let before: &[u8] = if plain_start < i {
                &b[plain_start..i]
            } else {
                &out
            };
            if ws <= 32
                && before.len() >= 3
                && han_lead(before[before.len() - 3])
                && (tag_end == i || b.get(i + ws) == Some(&b'<'))
                && crate::project::inline_tags_to_han(b, i)
            {
                emitted = Some((None, ws));
            }
        } else if c >= 0xC2
            && let Some(ch) =
                std::str::from_utf8(&b[i..b.len().min(i + crate::termscan::utf8_len(c))])
                    .ok()
                    .and_then(|t| t.chars().next())
        {
            if crate::project::is_invisible(ch) {
                emitted = Some((None, ch.len_utf8()));
            } else if let Some(d) = compat_ideograph(ch) {
                emitted = Some((Some(d), ch.len_utf8()));
            }
        }
        match emitted {
            Some((ch, n)) => {
                out.extend_from_slice(&b[plain_start..i]);
                if let Some(ch) = ch
                    .filter(|&ch| !crate::project::is_invisible(ch))
                    .map(|ch| compat_ideograph(ch).unwrap_or(ch))
                {
                    map.push((out.len(), i));
                    out.extend_from_slice(ch.encode_utf8(&mut buf).as_bytes());
                }
                i += n;
                plain_start = i;
                map.push((out.len(), i));
            }
            None => i += 1,
        }
    }
    out.extend_from_slice(&b[plain_start..]);
    (out, map)
}

fn map_back(map: &[(usize, usize)], d: usize) -> usize {
    let k = map.partition_point(|&(dec, _)| dec <= d).saturating_sub(1);
    map.get(k).map_or(d, |&(dec, src)| src + (d - dec))
}

fn digit_boundary_ok(b: &[u8], s: usize, e: usize) -> bool {
    let before = s.checked_sub(1).and_then(|k| b.get(k));
    !before.is_some_and(u8::is_ascii_digit) && !b.get(e).is_some_and(u8::is_ascii_digit)
}

/// A term that starts (ends) with an ASCII letter or digit only matches as a whole word there:
/// the name John is not in Johnson, the number 13812345678 is not in 913812345678.
fn word_boundary_ok(b: &[u8], s: usize, e: usize, digits_split: bool) -> bool {
    let alnum = |x: Option<&u8>| {
        x.is_some_and(|c| c.is_ascii_alphabetic() || (!digits_split && c.is_ascii_digit()))
    };
    let before = s.checked_sub(1).and_then(|k| b.get(k));
    let glued_start = alnum(b.get(s)) && alnum(before);
    let glued_end = alnum(e.checked_sub(1).and_then(|k| b.get(k))) && alnum(b.get(e));
    !glued_start && !glued_end
}

/// A name whose given name repeats its surname (张张) found where a character of it is left
/// before its own pseudonym (张 + 张某乙): the second character is the pseudonym's.
fn doubled_into_pseudonym(b: &[u8], s: usize, e: usize) -> bool {
    let Ok(t) = std::str::from_utf8(&b[s..e]) else {
        return false;
    };
    let mut chars = t.chars();
    let (Some(first), Some(last)) = (chars.next(), chars.next_back()) else {
        return false;
    };
    first == last && b[e..].starts_with("某".as_bytes())
}

/// Is an address found at `s..e` that address, not part of another (新解放路3号, 东和平街7号 hold
/// 解放路3号 and 和平街7号; 解放路3号出口 is a metro exit): no Han character before it but one that
/// introduces a place (住, 在, 于, 区, 镇, 村, 街道…), and no digit, exit or station after it.
fn address_boundary_ok(b: &[u8], s: usize, e: usize) -> bool {
    let before = std::str::from_utf8(&b[s.saturating_sub(3)..s])
        .ok()
        .and_then(|t| t.chars().next_back());
    if before
        .is_some_and(|c| crate::script::is_han(c) && !"住在于至到址区市县镇乡村道号：".contains(c))
    {
        return false;
    }
    let after = std::str::from_utf8(&b[e..b.len().min(e + 12)])
        .map(str::to_string)
        .unwrap_or_else(|err| String::from_utf8_lossy(&b[e..e + err.valid_up_to()]).into_owned());
    !(after.starts_with(|c: char| c.is_ascii_digit())
        || ["出口", "口", "站", "线", "線", "地铁", "地鐵", "公交"]
            .iter()
            .any(|w| after.starts_with(w)))
}

fn floor_char(s: &[u8], mut i: usize) -> usize {
    while i > 0 && i < s.len() && (s[i] & 0xC0) == 0x80 {
        i -= 1;
    }
    i.min(s.len())
}

impl Auditor {
    /// Build from all audit terms of the build.
    pub fn new(terms: Vec<AuditTerm>) -> Self {
        Self::with_allowed(terms, &[])
    }

    /// Build with allowed contexts: an occurrence of a term inside an occurrence of an allowed
    /// string (the keep lists: 老吴调解室, 吴德明) is not a leak.
    pub fn with_allowed(terms: Vec<AuditTerm>, allowed: &[String]) -> Self {
        let mut uniq: Vec<AuditTerm> = terms
            .into_iter()
            .filter(|t| t.text.chars().count() >= 2)
            .collect();
        uniq.sort_by(|a, b| a.text.cmp(&b.text).then(a.category.cmp(&b.category)));
        uniq.dedup_by(|a, b| a.text == b.text);
        let mut pats: Vec<Vec<u8>> = Vec::new();
        let mut pattern_term = Vec::new();
        let mut seen: HashSet<Vec<u8>> = HashSet::new();
        for (k, t) in uniq.iter().enumerate() {
            let variants = if t.text.chars().any(is_han) {
                expand(&t.text)
            } else {
                vec![t.text.clone()]
            };
            for v in variants {
                let bytes = v.into_bytes();
                if seen.insert(bytes.clone()) {
                    pats.push(bytes);
                    pattern_term.push(k);
                }
            }
        }
        let mut joints = HashSet::new();
        for p in &pats {
            let Ok(text) = std::str::from_utf8(p) else {
                continue;
            };
            let wide: Vec<(usize, char)> = text.char_indices().collect();
            for w in wide.windows(2) {
                let ((a, ca), (b, cb)) = (w[0], w[1]);
                if ca.len_utf8() == 3 && cb.len_utf8() == 3 {
                    let mut key = [0u8; 6];
                    key[..3].copy_from_slice(&p[a..a + 3]);
                    key[3..].copy_from_slice(&p[b..b + 3]);
                    joints.insert(key);
                }
            }
        }
        let scanner = (!pats.is_empty()).then(|| TermScanner::new(pats));
        let allow_pats: Vec<String> = allowed
            .iter()
            .filter(|a| !a.trim().is_empty())
            .flat_map(|a| expand(a.trim()))
            .collect();
        let allow = if allow_pats.is_empty() {
            None
        } else {
            AhoCorasick::builder().build(&allow_pats).ok()
        };
        Auditor {
            scanner,
            joints,
            pattern_term,
            terms: uniq.iter().map(|t| (mask(&t.text), t.category)).collect(),
            allow,
            digits_split: false,
        }
    }

    /// For file names: a term with digits right before or after it (`zhangjianguo1988`,
    /// `1988zhangjianguo`, as accounts and files are named) is found; only letters glue.
    pub fn digits_split_words(mut self) -> Self {
        self.digits_split = true;
        self
    }

    /// Number of distinct terms.
    pub fn term_count(&self) -> usize {
        self.terms.len()
    }

    fn allowed_at(&self, b: &[u8], s: usize, e: usize) -> bool {
        let Some(allow) = &self.allow else {
            return false;
        };
        let from = floor_char(b, s.saturating_sub(256));
        let to = b.len().min(e + 256);
        allow
            .find_overlapping_iter(&b[from..to])
            .any(|m| from + m.start() <= s && e <= from + m.end())
    }

    fn context(&self, b: &[u8], s: usize, e: usize) -> String {
        let from = floor_char(b, s.saturating_sub(30));
        let mut to = (e + 30).min(b.len());
        while to < b.len() && (b[to] & 0xC0) == 0x80 {
            to += 1;
        }
        let snippet = &b[from..to];
        // Terms are shown masked (张**); any other Han text as □, since it may hold a name the
        // build does not know (an undeclared one next to the leak): logs never show a name.
        let hide = |t: &[u8]| -> String {
            String::from_utf8_lossy(t)
                .chars()
                .map(|c| if is_han(c) { '□' } else { c })
                .collect()
        };
        let mut masked = String::with_capacity(snippet.len());
        let mut last = 0;
        if let Some(sc) = &self.scanner {
            for (s, e, _) in sc.find_all(snippet) {
                if s < last {
                    continue;
                }
                masked.push_str(&hide(&snippet[last..s]));
                masked.push_str(&mask(&String::from_utf8_lossy(&snippet[s..e])));
                last = e;
            }
        }
        masked.push_str(&hide(&snippet[last..]));
        mask_snippet_numbers(&masked.replace(['\n', '\r', '\t'], " "))
    }

    fn leak(&self, b: &[u8], s: usize, e: usize, term: usize) -> Option<Leak> {
        let (masked, category) = self.terms.get(term)?;
        Some(Leak {
            offset: s,
            category: *category,
            masked_term: masked.clone(),
            context: self.context(b, s, e.min(b.len())),
        })
    }

    /// Scan one output file (HTML/XML/JSON/text bytes, or a file path). `detect_numbers`: also rerun
    /// the high-precision number detectors (valid 18-digit IDs, mobiles, Luhn-valid cards).
    pub fn scan(&self, content: &[u8], detect_numbers: bool) -> Vec<Leak> {
        self.scan_also(content, detect_numbers, None).0
    }

    /// [`scan`](Self::scan), and every occurrence of `also`'s terms in the same read of the
    /// file ([`OverlapScanner::find_all`]; empty without `also`).
    pub fn scan_also(
        &self,
        content: &[u8],
        detect_numbers: bool,
        also: Option<&OverlapScanner>,
    ) -> (Vec<Leak>, Vec<Hit>) {
        let mut leaks: Vec<Leak> = Vec::new();
        let mut seen: HashSet<(usize, usize)> = HashSet::new();
        // Which rare characters the file holds: noted by the term scan, else looked for.
        let mut rare: Option<Rare> = None;
        let mut also_hits = Vec::new();
        // Numbers found on the term walk (`None`: not looked for there).
        let mut walked_numbers = None;
        if let Some(sc) = &self.scanner {
            // One walk over the file: the terms, `also`'s terms, the rare characters, Han
            // characters right before markup and the digit runs of the number detectors.
            let mut looks = Looks {
                joints: &self.joints,
                split: false,
                numbers: detect_numbers.then(Vec::new),
            };
            let (hits, noted, given) = sc.find_all_with(content, also, &mut looks);
            also_hits = given;
            walked_numbers = looks.numbers;
            rare = Some(noted);
            for (s, e, pid) in hits {
                let Some(&term) = self.pattern_term.get(pid as usize) else {
                    continue;
                };
                if !word_boundary_ok(content, s, e, self.digits_split)
                    || (self.terms[term].1.is_numeric() && !digit_boundary_ok(content, s, e))
                    || (self.terms[term].1 == Category::Address
                        && !address_boundary_ok(content, s, e))
                {
                    continue;
                }
                if self.allowed_at(content, s, e) || doubled_into_pseudonym(content, s, e) {
                    continue;
                }
                if seen.insert((s, term))
                    && let Some(l) = self.leak(content, s, e, term)
                {
                    leaks.push(l);
                }
            }
            let escaped = noted.invisible || needs_decode(content);
            let passes: &[bool] = match (escaped, looks.split) {
                (true, _) => &[false, true],
                (false, true) => &[true],
                (false, false) => &[],
            };
            for &strip in passes {
                let (mut dec, map) = decode(content, strip);
                // A reference inside a reference, as `srcdoc="&amp;#37073;"` or a data: URI's
                // `%26%2337073%3B` are read: decoded again, three layers at most.
                let mut maps = vec![map];
                while maps.len() < 3 && needs_decode(&dec) {
                    let (again, map) = decode(&dec, strip);
                    if again == dec {
                        break;
                    }
                    dec = again;
                    maps.push(map);
                }
                let back = |x: usize| maps.iter().rev().fold(x, |x, m| map_back(m, x));
                for (ds, de, pid) in sc.find_all(&dec) {
                    let Some(&term) = self.pattern_term.get(pid as usize) else {
                        continue;
                    };
                    if !word_boundary_ok(&dec, ds, de, self.digits_split)
                        || (self.terms[term].1.is_numeric() && !digit_boundary_ok(&dec, ds, de))
                        || (self.terms[term].1 == Category::Address
                            && !address_boundary_ok(&dec, ds, de))
                    {
                        continue;
                    }
                    if self.allowed_at(&dec, ds, de) || doubled_into_pseudonym(&dec, ds, de) {
                        continue;
                    }
                    let s = back(ds).min(content.len());
                    let e = back(de.saturating_sub(1))
                        .saturating_add(1)
                        .min(content.len())
                        .max(s);
                    if seen.insert((s, term))
                        && let Some(l) = self.leak(content, s, e, term)
                    {
                        leaks.push(l);
                    }
                }
            }
        }
        if detect_numbers {
            let mut numbers =
                walked_numbers.unwrap_or_else(|| detect::scan_bytes_high_precision(content));
            // Full-width digits (０–９) need the NFKC path. The term scan notes them on its way;
            // without terms, ten rare-needle searches (cheaper than visiting every full-width
            // comma, which shares the EF BC prefix).
            let fullwidth = rare.map_or_else(
                || {
                    FULLWIDTH_DIGITS.iter().any(|d| {
                        let mut buf = [0u8; 4];
                        memmem::find(content, d.encode_utf8(&mut buf).as_bytes()).is_some()
                    })
                },
                |r| r.fullwidth_digit,
            );
            if fullwidth {
                let text = String::from_utf8_lossy(content);
                if text.len() == content.len() {
                    for h in detect::find_numbers(&text) {
                        let hp = match h.category {
                            Category::IdNumber => detect::id18_valid(&h.value),
                            Category::Mobile | Category::BankCard => true,
                            _ => false,
                        };
                        if hp {
                            numbers.push((h.start, h.end - h.start, h.category, h.value));
                        }
                    }
                }
            }
            for (off, len, category, value) in numbers {
                if seen.insert((off, usize::MAX - category as usize)) {
                    leaks.push(Leak {
                        offset: off,
                        category,
                        masked_term: mask(&value),
                        context: self.context(content, off, off + len),
                    });
                }
            }
        }
        // What base64 `data:` URIs hold (an image's metadata, an SVG's text), scanned like the
        // file itself: each payload is shorter than what holds it, so the recursion ends.
        {
            for (at, dec) in base64_payloads(content) {
                for l in self.scan_also(&dec, detect_numbers, None).0 {
                    leaks.push(Leak {
                        offset: at,
                        context: format!("base64 data: URI: {}", l.context),
                        ..l
                    });
                }
            }
        }
        leaks.sort_by(|a, b| a.offset.cmp(&b.offset).then(a.category.cmp(&b.category)));
        leaks.dedup_by(|a, b| a.offset == b.offset && a.masked_term == b.masked_term);
        // No terms of its own to walk for: `also` reads the file alone.
        if self.scanner.is_none()
            && let Some(a) = also
        {
            also_hits = a.find_all(content);
        }
        (leaks, also_hits)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn term(t: &str, c: Category) -> AuditTerm {
        AuditTerm {
            text: t.into(),
            category: c,
        }
    }

    fn auditor() -> Auditor {
        Auditor::new(vec![
            term("张建国", Category::Party),
            term("建国", Category::GivenName),
            term("13812345678", Category::Mobile),
        ])
    }

    #[test]
    fn base64_is_found_as_browsers_read_it() {
        for (uri, at) in [
            ("data:image/svg+xml;base64,AAAA", 26),
            ("data:image/svg+xml;BASE64,AAAA", 26),
            ("data:image/jpeg;Base64,AAAA", 23),
            ("data:image/svg+xml; base64 ,AAAA", 28),
        ] {
            assert_eq!(
                base64_marks(uri.as_bytes())
                    .iter()
                    .map(|m| m.1)
                    .collect::<Vec<_>>(),
                [at],
                "{uri}"
            );
        }
        assert!(base64_marks(b"width 64, base 64,").is_empty());
        let a = auditor();
        use base64::Engine as _;
        let svg = base64::engine::general_purpose::STANDARD.encode("<text>张建国</text>");
        let page = format!("<img src=\"data:image/svg+xml;BASE64,{svg}\">");
        assert!(!a.scan(page.as_bytes(), true).is_empty());
    }

    #[test]
    fn what_base64_data_uris_hold_is_scanned() {
        use base64::Engine as _;
        let a = auditor();
        let svg = "<svg><text>张建国</text><desc>13812345678</desc></svg>";
        let std = base64::engine::general_purpose::STANDARD.encode(svg);
        let url = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(svg);
        // Wrapped at 20 characters, as some editors write it.
        let wrapped: String = std
            .as_bytes()
            .chunks(20)
            .map(|c| String::from_utf8_lossy(c).into_owned())
            .collect::<Vec<_>>()
            .join("\n");
        for payload in [&std, &url, &wrapped] {
            let page = format!("<img src=\"data:image/svg+xml;base64,{payload}\" alt=\"图\">");
            let leaks = a.scan(page.as_bytes(), true);
            let cats: Vec<Category> = leaks.iter().map(|l| l.category).collect();
            assert!(
                cats.contains(&Category::Party) && cats.contains(&Category::Mobile),
                "{payload}: {leaks:?}"
            );
            assert!(
                leaks
                    .iter()
                    .all(|l| l.context.starts_with("base64 data: URI"))
            );
        }
        // Nothing decodes to a name: nothing found, and text that merely says base64 is no URI.
        let clean = base64::engine::general_purpose::STANDARD.encode("<svg>张某</svg>");
        let page = format!("<img src=\"data:image/svg+xml;base64,{clean}\"> 格式;base64,说明");
        assert!(a.scan(page.as_bytes(), true).is_empty());
    }

    /// References as a browser reads them: leading zeros, no semicolon, HTML5's names of
    /// invisible characters, JavaScript's `\u{…}` with zeros.
    #[test]
    fn references_are_read_as_browsers_read_them() {
        let a = auditor();
        let digits = |pad: &str| {
            "13812345678"
                .chars()
                .map(|c| format!("&#{pad}{};", c as u32))
                .collect::<String>()
        };
        for page in [
            "<p title=\"&#0000024352;&#0000024314;&#0000022269;\">x</p>".to_string(),
            "<p>&#x000000005F20;&#x5EFA;&#x56FD;说</p>".to_string(),
            "<p>甲&#24352&#24314&#22269乙</p>".to_string(),
            "<p>张&ZeroWidthSpace;建&NoBreak;国</p>".to_string(),
            "<p>张&InvisibleTimes;建&it;国</p>".to_string(),
            "<iframe srcdoc=\"&lt;p&gt;&amp;#24352;&amp;#24314;&amp;#22269;&lt;/p&gt;\"></iframe>".to_string(),
            "<script>document.write(String.fromCharCode(24352, 24314,0x56FD))</script>".to_string(),
            "<script>document.write(unescape('%u5F20%u5EFA%u56FD'))</script>".to_string(),
            "<img src=\"data:image/svg+xml;charset=utf-8,%3Ctext%3E%26%2324352;%26%2324314;%26%2322269;%3C/text%3E\">".to_string(),
            "<script>document.write(\"\\u{000000005F20}\\u{5EFA}\\u{00000056FD}\")</script>".to_string(),
            format!("<p>电话{}</p>", digits("000000000")),
            format!("<p>电话{}</p>", digits("").replace(';', "")),
        ] {
            assert!(!a.scan(page.as_bytes(), false).is_empty(), "{page}");
        }
        for (src, want) in [
            ("&#0000037073;", Some(('郑', 13))),
            ("&#37073&#", Some(('郑', 7))),
            ("&#x0;", Some(('\u{FFFD}', 5))),
            ("&#99999999999;", Some(('\u{FFFD}', 14))),
            ("&nbspx", Some(('\u{A0}', 5))),
            ("&ZeroWidthSpace;", Some(('\u{200B}', 16))),
            ("&#;", None),
            ("&unknown;", None),
            ("& 1", None),
        ] {
            assert_eq!(entity_at(src.as_bytes(), 0), want, "{src}");
        }
        assert!(
            a.scan("<p>&nbsp;&amp;&#160;张某</p>".as_bytes(), false)
                .is_empty()
        );
    }

    #[test]
    fn raw_traditional_entities_json() {
        let a = auditor();
        let leaks = a.scan("<p>申请人張建國说</p>".as_bytes(), false);
        assert_eq!(leaks.len(), 1, "{leaks:?}");
        assert_eq!(leaks[0].masked_term, "张**");
        assert!(!leaks[0].context.contains("張建國"), "{}", leaks[0].context);
        let html = "<p>&#24352;&#x5EFA;&#22269;说</p>";
        let leaks = a.scan(html.as_bytes(), false);
        assert_eq!(leaks.len(), 1, "{leaks:?}");
        assert_eq!(leaks[0].offset, 3);
        assert!(!leaks[0].context.contains("24352"));
        let json = r#"{"t":"\u5f20\u5efa\u56fd"}"#;
        assert_eq!(a.scan(json.as_bytes(), false).len(), 1);
        // Percent-escaped in a URL, in a link or an image.
        let url = r#"<a href="https://weibo.com/%E5%BC%A0%E5%BB%BA%E5%9B%BD">微博</a>"#;
        assert_eq!(a.scan(url.as_bytes(), false).len(), 1);
        let img = r#"<img src="/a/%e5%bc%a0%e5%bb%ba%e5%9b%bd.jpg">"#;
        assert_eq!(a.scan(img.as_bytes(), false).len(), 1);
        assert!(a.scan(b"width: 100%; %E5 %ZZ", false).is_empty());
        let split = "张<b>建</b>\u{200B}国 &amp;";
        assert_eq!(a.scan(split.as_bytes(), false).len(), 1);
        // Split by inline markup only, in either script, among unrelated links.
        for split in [
            "<p>读了<a href=\"/x\">标题</a>的张<b>建</b>国说</p>",
            "<p>張<i>建國</i>说</p>",
            "<p>张建<span class=\"x\"><em>国</em></span></p>",
        ] {
            let leaks = a.scan(split.as_bytes(), false);
            assert!(
                leaks.iter().any(|l| l.masked_term == "张**"),
                "{split}: {leaks:?}"
            );
        }
        assert!(
            a.scan("<p>读了<a href=\"/x\">标题</a>的报道</p>".as_bytes(), false)
                .is_empty()
        );
    }

    #[test]
    fn the_scan_notes_every_invisible_character_but_those_of_two_bytes() {
        // The walk visits the lead bytes of characters of three and four bytes; the three
        // invisible characters of two bytes are found by a byte search instead.
        for cp in (0x80u32..0x800)
            .chain(0x800..0x30000)
            .chain(0xE0000..0xE1000)
        {
            let Some(c) = char::from_u32(cp) else {
                continue;
            };
            if crate::project::is_invisible(c) && cp >= 0x800 {
                assert!(crate::termscan::is_rare(cp), "{cp:X}");
            }
            if crate::project::is_invisible(c) && cp < 0x800 {
                let text = format!("张{c}建国");
                assert!(needs_decode(text.as_bytes()), "{cp:X}");
            }
        }
    }

    #[test]
    fn names_and_numbers_hidden_by_invisible_or_compatibility_characters_are_found() {
        let a = Auditor::new(vec![
            term("郑海涛", Category::Party),
            term("13812345678", Category::Mobile),
        ]);
        for text in [
            "申请人郑\u{200E}海\u{200E}涛",
            "郑\u{FE0F}海\u{FE0F}涛",
            "郑\u{202A}海\u{202C}涛",
            "郑\u{E0101}海涛",
            "郑\u{034F}海涛",
            "郑<a href=\"x\">\u{FA45}</a>涛",
            "电话138\u{200E}1234\u{200E}5678",
            "tel:%31%33%38%31%32%33%34%35%36%37%38",
            "<style>.n::after{content:'\\90D1\\6D77\\6D9B'}</style>",
            "<script>x='\\u{90D1}\\u{6D77}\\u{6D9B}'</script>",
        ] {
            assert!(!a.scan(text.as_bytes(), true).is_empty(), "{text}");
        }
    }

    #[test]
    fn hidden_characters_anywhere_in_a_file_are_decoded() {
        // An invisible character inside a name, first, last, or inside a matched term; a
        // full-width phone number at the very end.
        let a = Auditor::new(vec![
            term("张建国", Category::Party),
            term("幸福路１３８１２３４５６７８号", Category::Address),
        ]);
        for hay in [
            "x张\u{200B}建国y",
            "张\u{FEFF}建国",
            "\u{2060}张建\u{200D}国",
            "张建\u{200C}国",
            "张建\u{00AD}国。",
        ] {
            assert_eq!(a.scan(hay.as_bytes(), false).len(), 1, "{hay:?}");
        }
        let leaks = a.scan("电话：１３８１２３４５６７８".as_bytes(), true);
        assert!(
            leaks.iter().any(|l| l.category == Category::Mobile),
            "{leaks:?}"
        );
        // Full-width digits inside a matched term are noted too: the number is still checked.
        let leaks = a.scan("幸福路１３８１２３４５６７８号".as_bytes(), true);
        let found: Vec<Category> = leaks.iter().map(|l| l.category).collect();
        assert!(found.contains(&Category::Address), "{leaks:?}");
        assert!(found.contains(&Category::Mobile), "{leaks:?}");
    }

    #[test]
    fn hidden_characters_are_noted_when_no_term_starts_with_han() {
        // Only a number to look for: the scan still notes invisible and full-width characters.
        let a = Auditor::new(vec![term("13812345678", Category::Mobile)]);
        assert_eq!(a.scan("电话1381234\u{200B}5678".as_bytes(), false).len(), 1);
        let leaks = a.scan("电话：１３９１２３４５６７８".as_bytes(), true);
        assert!(
            leaks.iter().any(|l| l.category == Category::Mobile),
            "{leaks:?}"
        );
    }

    /// A removed number repeated elsewhere in groups (as people write it) is the number.
    #[test]
    fn numbers_written_in_groups_are_found() {
        let a = Auditor::new(vec![
            term("13812345678", Category::Mobile),
            term("11010519491231002X", Category::IdNumber),
            term("057188886666", Category::Landline),
            term("6222021234567890128", Category::BankCard),
        ]);
        for text in [
            "可拨打138 1234 5678。",
            "或138-1234-5678",
            "身份证110105 19491231 002X，",
            "座机0571-88886666",
            "卡号6222 0212 3456 7890 128",
            "电话138.1234.5678",
            "电话138\n1234\n5678",
        ] {
            assert_eq!(a.scan(text.as_bytes(), false).len(), 1, "{text}");
        }
        for text in [
            "138 1234 56789",
            "2138 1234 5678",
            "0571-888866661",
            "138 1234",
        ] {
            assert!(a.scan(text.as_bytes(), false).is_empty(), "{text}");
        }
        // A removed number that reads as a date or a decimal elsewhere is that date.
        let a = Auditor::new(vec![
            term("20240301", Category::Qq),
            term("2345678", Category::Qq),
        ]);
        for text in [
            "<time datetime=\"2024-03-01\">",
            "2024.03.01",
            "共234.5678万人次",
        ] {
            assert!(a.scan(text.as_bytes(), false).is_empty(), "{text}");
        }
    }

    #[test]
    fn numbers_need_digit_boundaries() {
        let a = auditor();
        assert_eq!(a.scan(b"tel 13812345678.", false).len(), 1);
        assert_eq!(a.scan(b"id 9138123456789", false).len(), 0);
        let leaks = a.scan(
            "身份证11010519491231002X，卡6226095711989751".as_bytes(),
            true,
        );
        assert_eq!(leaks.len(), 2, "{leaks:?}");
        assert!(
            leaks
                .iter()
                .all(|l| !l.context.contains("6226095711989751"))
        );
        let fw = "电话１３９１２３４５６７８";
        assert_eq!(a.scan(fw.as_bytes(), true).len(), 1);
    }

    #[test]
    fn inline_tags_by_name_in_any_case() {
        for t in [
            "<b>",
            "</B>",
            "<a href=\"/x\">",
            "<Strong>",
            "<wbr/>",
            "</span>",
            "<time datetime=\"x\">",
        ] {
            assert!(inline_tag(t.as_bytes()), "{t}");
        }
        for t in [
            "<p>",
            "</h1>",
            "<li>",
            "<strongest>",
            "<br>",
            "<>",
            "</>",
            "<",
            "<div class=\"b\">",
        ] {
            assert!(!inline_tag(t.as_bytes()), "{t}");
        }
    }

    /// A name drawn one character per SVG `<text>` element, one element per line (a family tree
    /// in an inheritance case), reads as the name: found, and only where the elements join it.
    #[test]
    fn names_across_elements_with_whitespace_between() {
        let a = Auditor::new(vec![term("张建国", Category::Party)]);
        for svg in [
            "<svg>\n<text x=\"0\">张</text>\n<text x=\"20\">建</text>\n  <text>国</text>\n</svg>",
            "<p><span>张</span> <span>建国</span></p>",
            "<text>张</text>\n<text><tspan>建</tspan>\n<tspan>国</tspan></text>",
        ] {
            assert_eq!(a.scan(svg.as_bytes(), false).len(), 1, "{svg}");
        }
        for apart in [
            "<text>张</text>\n<text>李</text>\n<text>建国</text>",
            "<text>张</text>\n\n\n<desc>建国</desc>",
            "<ul><li>张</li>\n<li>建国</li></ul>&#20013;",
        ] {
            assert!(a.scan(apart.as_bytes(), false).is_empty(), "{apart}");
        }
    }

    #[test]
    fn decode_triggers() {
        assert!(!needs_decode(b"it&#x27;s &amp; \\u003c \\n # \xC2\xA0"));
        assert!(needs_decode("x&#24352;".as_bytes()));
        assert!(needs_decode(b"\\u5f20"));
        assert!(needs_decode("张\u{AD}建国".as_bytes()));
        assert!(!needs_decode(b"&\\"));
        let any = |_: &[u8], _: &[u8]| true;
        assert!(tag_between_han("张<b>建</b>国".as_bytes(), any));
        assert!(tag_between_han(
            "张</span><a href=\"/x\">建".as_bytes(),
            any
        ));
        assert!(!tag_between_han("标题</h1><p>正文".as_bytes(), any));
        assert!(!tag_between_han("<p>正文</p>\n<p>".as_bytes(), any));
        // SVG text elements, with whitespace between them.
        assert!(tag_between_han(
            "<text>张</text>\n  <text x=\"1\">建</text>".as_bytes(),
            any
        ));
        assert!(tag_between_han("<span>张</span> <span>建".as_bytes(), any));
        assert!(tag_between_han("张 <b>建</b>".as_bytes(), any));
        assert!(!tag_between_han("张 建".as_bytes(), any));
        let far = format!("<text>张</text>{}<text>建</text>", " ".repeat(40));
        assert!(!tag_between_han(far.as_bytes(), any));
        // Only joints of audit terms count: 的<a>标题</a> cannot hide 张建国.
        let name = |a: &[u8], b: &[u8]| {
            (a, b) == ("张".as_bytes(), "建".as_bytes())
                || (a, b) == ("建".as_bytes(), "国".as_bytes())
        };
        assert!(!tag_between_han(
            "读了<a href=\"/x\">标题</a>的".as_bytes(),
            name
        ));
        assert!(tag_between_han(
            "读了<a href=\"/x\">标题</a>的张<b>建</b>国".as_bytes(),
            name
        ));
        // A `<` that opens no tag does not end the search: the split after it still counts.
        let unclosed = format!("张<{}张<b>建</b>国", "x".repeat(600));
        assert!(tag_between_han(unclosed.as_bytes(), name));
        let a = auditor();
        assert_eq!(a.scan(unclosed.as_bytes(), false).len(), 1);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(512))]

        /// The audit's one walk sees the numbers and the names split by markup that a scan of
        /// its own for each finds, with or without the given names read on the same walk, in
        /// text where terms (some holding digits) sit right before markup and digit runs.
        #[test]
        fn the_walk_sees_what_separate_scans_see(
            picks in proptest::collection::vec(0usize..24, 0..48),
            with_also: bool,
        ) {
            let pieces = [
                "张建国", "张", "建", "国", "<b>", "</b>", "<p>", "<", ">", "13812345678",
                "11010519491231002", "X", "1", "0", "京A12345", "6226095711989751", "a", " ",
                "，", "&#24352;", "\u{AD}", "0086", "王张建", "345678",
            ];
            let hay: String = picks.iter().map(|&k| pieces[k]).collect();
            let a = Auditor::new(vec![
                term("张建国", Category::Party),
                term("王张建", Category::Party),
                term("京A12345", Category::Plate),
                term("京A13812", Category::Plate),
                term("13812345678", Category::Mobile),
            ]);
            let sc = a.scanner.as_ref().expect("terms");
            let given = OverlapScanner::new(&["建国", "国华"]);
            let mut looks = Looks {
                joints: &a.joints,
                split: false,
                numbers: Some(Vec::new()),
            };
            let (_, _, hits) = sc.find_all_with(hay.as_bytes(), with_also.then_some(&given), &mut looks);
            if with_also {
                proptest::prop_assert_eq!(hits, given.find_all(hay.as_bytes()));
            }
            proptest::prop_assert_eq!(
                looks.numbers.clone().unwrap_or_default(),
                detect::scan_bytes_high_precision(hay.as_bytes())
            );
            let split = tag_between_han(hay.as_bytes(), |x, y| looks.joins(x, y));
            proptest::prop_assert_eq!(looks.split, split);
        }
    }

    #[test]
    fn allowed_contexts() {
        let a = Auditor::with_allowed(
            vec![term("建国", Category::GivenName)],
            &["建国路社区".to_string()],
        );
        assert!(a.scan("欢迎来到建国路社区".as_bytes(), false).is_empty());
        assert_eq!(a.scan("建国说".as_bytes(), false).len(), 1);
    }

    #[test]
    fn display_is_masked() {
        let a = auditor();
        let leaks = a.scan("张建国".as_bytes(), false);
        let s = leaks.iter().map(ToString::to_string).collect::<String>();
        assert!(!s.contains("张建国") && !s.contains("建国"), "{s}");
        // A name the build does not know, beside the leak, is hidden too; markup stays.
        let leaks = a.scan("<p>柯文杰和张建国在<b>楼道</b></p>".as_bytes(), false);
        assert_eq!(leaks.len(), 1, "{leaks:?}");
        assert_eq!(leaks[0].context, "<p>□□□□张**□<b>□□</b></p>");
    }
}
