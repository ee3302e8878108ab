//! Markup projection: a view of a source text in which names and numbers can be matched even when
//! markup splits them, with a map from every projected character back to its source byte range.
//!
//! Always: NFKC per character (full-width digits and letters become ASCII), HTML character
//! references decoded (`&#24352;` → 张), percent escapes of non-ASCII characters (`%E5%BC%A0` → 张)
//! and JSON `\u` escapes (`\u5f20` → 张) decoded, zero-width characters (U+200B/C/D, U+2060, U+FEFF) and the
//! soft hyphen (U+00AD) dropped. In markup mode also: HTML tags and comments, Markdown emphasis
//! characters (`* _ ~ \``) and short whitespace runs between two Han characters are skipped.
//! Skipped markup is remembered so a replacement can keep it (`**张**建国` → `**张某**`).
//!
//! The projection also carries its characters folded to simplified ([`Projection::fchars`]), built
//! in the same pass (a character whose simplified form has another UTF-8 length stays as it is):
//! names, keep-list strings, numbers and labels are all matched on them.

use std::sync::LazyLock;

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfkc_quick};

use crate::script::{fold_same_len, is_han};

/// Does markup `b` close `a` (`**` after `**`, `</b>` after `<b class="x">`)?
fn closes(a: &str, b: &str) -> bool {
    match (a.strip_prefix('<'), b.strip_prefix("</")) {
        (Some(open), Some(close)) => {
            let name = |t: &str| {
                t.trim_end_matches('>')
                    .split(|c: char| c.is_whitespace() || c == '/')
                    .next()
                    .unwrap_or("")
                    .to_ascii_lowercase()
            };
            !open.starts_with('/') && name(open) == name(close)
        }
        (None, None) => a == b,
        _ => false,
    }
}

/// One projected character and the source bytes it came from.
#[derive(Debug, Clone, Copy)]
pub(crate) struct PChar {
    pub ch: char,
    /// Source byte range.
    pub start: usize,
    pub end: usize,
}

/// A skipped source segment; `keep` marks markup that must survive a replacement around it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Skip {
    pub start: usize,
    pub end: usize,
    pub keep: bool,
}

/// The projection of one source text.
pub(crate) struct Projection {
    pub chars: Vec<PChar>,
    pub skips: Vec<Skip>,
    /// The projected characters folded to simplified (ASCII case kept: ID check characters,
    /// plates), one per [`Self::chars`] entry.
    pub fchars: Vec<char>,
    /// Han characters, and those among them that are traditional (fold to something else).
    pub han: usize,
    pub traditional: usize,
    /// Skipped tags, `*` and `_` (only the markup mode skips them).
    markup_skips: usize,
    /// Indices of the characters that follow skipped whitespace (吴德明 幸福路: 幸), where a
    /// road name cannot reach back across.
    pub space_before: Vec<usize>,
    /// Source ranges of ruby annotations (<rt>zhèng</rt>), in order: one right after a replaced
    /// name goes with it.
    annotations: Vec<(usize, usize)>,
    /// Was nothing skipped and no character reference decoded (NFKC may have changed characters:
    /// a number found in the source is found in the projection too)?
    pub identical: bool,
}

/// Is `c` unchanged by NFKC? A bitmap over the Basic Multilingual Plane, built once.
#[inline]
fn nfkc_stable(c: char) -> bool {
    static BMP: LazyLock<Vec<u64>> = LazyLock::new(|| {
        let mut bits = vec![0u64; 1024];
        for v in 0..0x10000u32 {
            if let Some(c) = char::from_u32(v)
                && is_nfkc_quick(std::iter::once(c)) == IsNormalized::Yes
            {
                bits[(v >> 6) as usize] |= 1 << (v & 63);
            }
        }
        bits
    });
    let v = c as u32;
    if v < 0x10000 {
        BMP[(v >> 6) as usize] & (1 << (v & 63)) != 0
    } else {
        is_nfkc_quick(std::iter::once(c)) == IsNormalized::Yes
    }
}

/// Characters that show nothing and can sit between the characters of a name or number
/// (郑\u{200E}海\u{200E}涛 shows as 郑海涛): Unicode's default-ignorable code points (zero-width
/// and bidirectional controls, variation selectors, fillers, tags, the soft hyphen), the
/// interlinear annotation controls, the blank braille pattern and the enclosing marks of emoji
/// keycap digits.
pub fn is_invisible(c: char) -> bool {
    matches!(
        c as u32,
        0x00AD
            | 0x034F
            | 0x061C
            | 0x115F..=0x1160
            | 0x17B4..=0x17B5
            | 0x180B..=0x180F
            | 0x200B..=0x200F
            | 0x202A..=0x202E
            | 0x2060..=0x206F
            // Enclosing marks (the keycap of 1️⃣3️⃣9️⃣…): the digit inside reads as it is.
            | 0x20DD..=0x20E4
            | 0x2800
            | 0x3164
            | 0xFE00..=0xFE0F
            | 0xFEFF
            | 0xFFA0
            | 0xFFF0..=0xFFFB
            | 0x1BCA0..=0x1BCA3
            | 0x1D173..=0x1D17A
            | 0xE0000..=0xE0FFF
    )
}

fn is_zero_width(c: char) -> bool {
    is_invisible(c)
}

/// Whitespace of any kind (no-break, em, thin, ideographic spaces and the rest of Unicode's
/// White_Space), which can stand between the characters of a name as well as an ASCII space.
fn is_ws(c: char) -> bool {
    c.is_whitespace()
}

/// The length of a pinyin reading in brackets starting at `i` (`(zhèng)`, `（hǎi）`, `(tao1)`):
/// one syllable of lower-case letters (tone marks and ü allowed), perhaps a tone digit, closed.
fn reading_len(src: &str, i: usize) -> Option<usize> {
    let rest = &src[i..];
    let open = rest.chars().next()?;
    let close = if open == '(' { ')' } else { '）' };
    let mut n = open.len_utf8();
    let mut letters = 0;
    let mut toned = false;
    for c in rest[n..].chars() {
        if c == close {
            n += c.len_utf8();
            // A tone (mark or digit) tells a reading from an English gloss (沿海(coast)).
            return ((1..=7).contains(&letters) && toned).then_some(n);
        }
        if "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ".contains(c) || ('1'..='5').contains(&c)
        {
            // One syllable, one tone (沧海(cānghǎi) reads two characters).
            if toned {
                return None;
            }
            toned = true;
        }
        let pinyin = c.is_ascii_lowercase() || "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü".contains(c);
        if pinyin && letters < 7 {
            letters += 1;
        } else if !(c.is_ascii_digit() && ('1'..='5').contains(&c) && letters > 0) {
            return None;
        }
        n += c.len_utf8();
    }
    None
}

/// The length of a ruby annotation element (`<rt>…</rt>`, `<rp>…</rp>`) starting at `i`.
fn ruby_annotation_len(b: &[u8], i: usize) -> Option<usize> {
    let rest = &b[i..];
    let name = if rest.len() > 4 && rest[..3].eq_ignore_ascii_case(b"<rt") {
        "rt"
    } else if rest.len() > 4 && rest[..3].eq_ignore_ascii_case(b"<rp") {
        "rp"
    } else {
        return None;
    };
    if !matches!(rest[3], b'>' | b' ') {
        return None;
    }
    let close = format!("</{name}>");
    let limit = rest.len().min(256);
    let at = memchr::memmem::find(&rest[..limit], close.as_bytes())?;
    Some(at + close.len())
}

/// Does a Han character follow at byte `j` of `src`, after at most four whitespace characters or
/// whitespace references?
fn han_follows(src: &str, mut j: usize) -> bool {
    for _ in 0..5 {
        let Some(c) = src.get(j..).and_then(|t| t.chars().next()) else {
            return false;
        };
        if is_han(c) {
            return true;
        }
        if is_ws(c) {
            j += c.len_utf8();
        } else if c == '&'
            && let Some((d, n)) = entity_at(src.as_bytes(), j)
            && is_ws(d)
        {
            j += n;
        } else {
            return false;
        }
    }
    false
}

/// Where the HTML tags and the whitespace between them that start at byte `j` end
/// (`</text>\n  <text x="10">海` → the offset of 海): at most eight tags, each whitespace run at
/// most 32 bytes. `j` itself when no tag or whitespace starts there.
pub(crate) fn past_tags(b: &[u8], mut j: usize) -> usize {
    for _ in 0..8 {
        let ws = b[j.min(b.len())..]
            .iter()
            .take(33)
            .take_while(|x| x.is_ascii_whitespace())
            .count();
        if ws > 32 {
            return j;
        }
        let k = j + ws;
        match (b.get(k), tag_len(b, k)) {
            (Some(b'<'), Some(n)) => j = k + n,
            _ => return k,
        }
    }
    j
}

/// From byte `j`: only inline tags and whitespace between them ([`past_tags`]), then a Han
/// character?
pub(crate) fn inline_tags_to_han(b: &[u8], j: usize) -> bool {
    let end = past_tags(b, j);
    let mut k = j;
    while k < end {
        if b[k] == b'<' {
            let Some(n) = tag_len(b, k) else {
                return false;
            };
            if !crate::audit::inline_tag(&b[k..k + n]) {
                return false;
            }
            k += n;
        } else {
            k += 1;
        }
    }
    // A Han character, as written or as a reference (`<b>&#24352;`).
    (1..=4)
        .filter_map(|l| b.get(end..end + l))
        .find_map(|t| std::str::from_utf8(t).ok())
        .and_then(|t| t.chars().next())
        .is_some_and(is_han)
        || (b.get(end) == Some(&b'&') && entity_at(b, end).is_some_and(|(c, _)| is_han(c)))
}

/// Is the run of `*` / `_` around byte `i` next to an ASCII letter or digit?
fn near_ascii_alnum(b: &[u8], i: usize) -> bool {
    let run = |x: u8| x == b'*' || x == b'_';
    let mut a = i;
    while a > 0 && run(b[a - 1]) {
        a -= 1;
    }
    let mut e = i;
    while e < b.len() && run(b[e]) {
        e += 1;
    }
    (a > 0 && b[a - 1].is_ascii_alphanumeric()) || b.get(e).is_some_and(u8::is_ascii_alphanumeric)
}

/// Length in bytes of an HTML tag or comment starting at `i` (which holds `<`).
fn tag_len(b: &[u8], i: usize) -> Option<usize> {
    let next = *b.get(i + 1)?;
    if b[i..].starts_with(b"<!--") {
        let end = memchr::memmem::find(&b[i + 4..b.len().min(i + 65536)], b"-->")?;
        return Some(end + 4 + 3);
    }
    if !(next.is_ascii_alphabetic() || next == b'/' || next == b'!' || next == b'?') {
        return None;
    }
    let limit = b.len().min(i + 2048);
    let mut j = i + 1;
    while j < limit {
        match b[j] {
            b'>' => return Some(j + 1 - i),
            b'<' => return None,
            b'\n' if b.get(j + 1) == Some(&b'\n') => return None,
            _ => {}
        }
        j += 1;
    }
    None
}

const NAMED_ENTITIES: &[(&str, char)] = &[
    ("amp", '&'),
    ("lt", '<'),
    ("gt", '>'),
    ("quot", '"'),
    ("apos", '\''),
    ("nbsp", '\u{a0}'),
    ("ensp", '\u{2002}'),
    ("emsp", '\u{2003}'),
    ("thinsp", '\u{2009}'),
    ("zwnj", '\u{200C}'),
    ("zwj", '\u{200D}'),
    ("shy", '\u{00AD}'),
    ("middot", '\u{00B7}'),
    ("bull", '\u{2022}'),
    ("ldquo", '\u{201C}'),
    ("rdquo", '\u{201D}'),
    ("lsquo", '\u{2018}'),
    ("rsquo", '\u{2019}'),
    ("mdash", '\u{2014}'),
    ("ndash", '\u{2013}'),
    ("hellip", '\u{2026}'),
    // HTML5 names of the punctuation numbers and addresses are written with (138&hyphen;1234…,
    // zheng&commat;163&period;com, 7&num;1101).
    ("hyphen", '\u{2010}'),
    ("dash", '\u{2010}'),
    ("minus", '\u{2212}'),
    ("sol", '/'),
    ("bsol", '\\'),
    ("commat", '@'),
    ("period", '.'),
    ("num", '#'),
    ("lowbar", '_'),
    ("UnderBar", '_'),
    ("colon", ':'),
    ("comma", ','),
    ("plus", '+'),
    ("lpar", '('),
    ("rpar", ')'),
    ("ast", '*'),
    ("midast", '*'),
    ("centerdot", '\u{00B7}'),
    ("emsp13", '\u{2004}'),
    ("emsp14", '\u{2005}'),
    ("numsp", '\u{2007}'),
    ("puncsp", '\u{2008}'),
    ("hairsp", '\u{200A}'),
    ("NewLine", '\n'),
    ("Tab", '\t'),
    // HTML5 names of invisible characters and spaces, which would split a name or a number
    // in an HTML block as their characters do (郑&ZeroWidthSpace;海涛, 139&NoBreak;1234…).
    ("ZeroWidthSpace", '\u{200B}'),
    ("NegativeVeryThinSpace", '\u{200B}'),
    ("NegativeThinSpace", '\u{200B}'),
    ("NegativeMediumSpace", '\u{200B}'),
    ("NegativeThickSpace", '\u{200B}'),
    ("NoBreak", '\u{2060}'),
    ("af", '\u{2061}'),
    ("ApplyFunction", '\u{2061}'),
    ("it", '\u{2062}'),
    ("InvisibleTimes", '\u{2062}'),
    ("ic", '\u{2063}'),
    ("InvisibleComma", '\u{2063}'),
    ("lrm", '\u{200E}'),
    ("rlm", '\u{200F}'),
    ("VeryThinSpace", '\u{200A}'),
    ("ThinSpace", '\u{2009}'),
    ("MediumSpace", '\u{205F}'),
    ("NonBreakingSpace", '\u{A0}'),
    ("horbar", '\u{2015}'),
    ("bullet", '\u{2022}'),
    ("CenterDot", '\u{B7}'),
    ("sdot", '\u{22C5}'),
    ("verbar", '|'),
    ("vert", '|'),
    ("lsqb", '['),
    ("rsqb", ']'),
    ("lbrack", '['),
    ("rbrack", ']'),
    ("semi", ';'),
    ("equals", '='),
];

/// Names a browser decodes without their semicolon too (HTML5's legacy references), among ours.
const LEGACY_NAMES: &[&str] = &["amp", "lt", "gt", "quot", "nbsp", "shy", "middot"];

/// Decode an HTML character reference starting at `i` (which holds `&`): (char, length in bytes).
/// As a browser does: numeric references with any number of leading zeros and without their
/// semicolon (`&#0000037073;`, `&#37073&#28023`), out-of-range ones as U+FFFD, legacy names
/// without a semicolon (`&nbsp`).
pub(crate) fn entity_at(b: &[u8], i: usize) -> Option<(char, usize)> {
    let rest = &b[i + 1..];
    if rest.first() == Some(&b'#') {
        let hex = matches!(rest.get(1), Some(b'x' | b'X'));
        let start = if hex { 2 } else { 1 };
        let radix = if hex { 16 } else { 10 };
        let digits = rest[start.min(rest.len())..]
            .iter()
            .take_while(|x| {
                if hex {
                    x.is_ascii_hexdigit()
                } else {
                    x.is_ascii_digit()
                }
            })
            .count();
        if digits == 0 {
            return None;
        }
        let mut v: u32 = 0;
        for &d in &rest[start..start + digits] {
            let d = (d as char).to_digit(radix)?;
            v = v.saturating_mul(radix).saturating_add(d);
        }
        let semi = rest.get(start + digits) == Some(&b';');
        let len = 1 + start + digits + usize::from(semi);
        let c = if v == 0 {
            '\u{FFFD}'
        } else {
            char::from_u32(v).unwrap_or('\u{FFFD}')
        };
        return Some((c, len));
    }
    let name_len = rest
        .iter()
        .take(32)
        .take_while(|x| x.is_ascii_alphanumeric())
        .count();
    let name = std::str::from_utf8(&rest[..name_len]).ok()?;
    if rest.get(name_len) == Some(&b';') {
        return NAMED_ENTITIES
            .iter()
            .find(|(n, _)| *n == name)
            .map(|&(_, c)| (c, name_len + 2));
    }
    // `&nbsp` without its semicolon; `&amplifier` is `&amp` + `lifier` to a browser in text.
    LEGACY_NAMES
        .iter()
        .filter(|n| name.starts_with(**n))
        .max_by_key(|n| n.len())
        .and_then(|n| NAMED_ENTITIES.iter().find(|(m, _)| m == n))
        .map(|&(n, c)| (c, n.len() + 1))
}

impl Projection {
    /// Project `src`. `markup`: also skip HTML tags, Markdown emphasis and whitespace between Han.
    pub fn new(src: &str, markup: bool) -> Self {
        let b = src.as_bytes();
        // One entry per character at most (NFKC expansions aside): count them, no regrowth.
        let n = b.iter().filter(|&&x| (x as i8) >= -0x40).count();
        let mut p = Projection {
            chars: Vec::with_capacity(n),
            skips: Vec::new(),
            fchars: Vec::with_capacity(n),
            han: 0,
            traditional: 0,
            markup_skips: 0,
            space_before: Vec::new(),
            annotations: Vec::new(),
            identical: true,
        };
        let mut i = 0;
        while i < src.len() {
            let Some(c) = src[i..].chars().next() else {
                break;
            };
            let clen = c.len_utf8();
            // Fast path: a CJK ideograph is never markup, an entity or invisible, and is
            // NFKC-stable.
            if matches!(c as u32, 0x4E00..=0x9FFF) {
                p.push(c, i, i + clen);
                i += clen;
                continue;
            }
            // A Markdown line prefix (`> ` of a blockquote, a continuation line's indentation)
            // shows nothing: a number wrapped inside a blockquote or list item reads on.
            if markup && i > 0 && b[i - 1] == b'\n' && matches!(c, ' ' | '\t' | '>') {
                let n = b[i..]
                    .iter()
                    .take(16)
                    .take_while(|&&x| matches!(x, b' ' | b'\t' | b'>'))
                    .count();
                if b.get(i + n).is_some_and(|&x| x != b'\n' && x != b'\r') {
                    p.skip(i, i + n, false);
                    i += n;
                    continue;
                }
            }
            // A ruby annotation (<rt>zhèng</rt>, <rp>(</rp>) is no part of the text it annotates:
            // skipped whole, and gone with a replaced name (its pinyin would tell the name).
            if markup
                && c == '<'
                && let Some(n) = ruby_annotation_len(b, i)
            {
                p.skip(i, i + n, false);
                p.annotations.push((i, i + n));
                p.markup_skips += 1;
                i += n;
                continue;
            }
            // A reading in brackets after a character (郑(zhèng)海(hǎi)涛, as pages for elders
            // annotate rare characters) is no part of the text it annotates either.
            if markup
                && matches!(c, '(' | '（')
                && p.chars.last().is_some_and(|pc| is_han(pc.ch))
                && let Some(n) = reading_len(src, i)
            {
                p.skip(i, i + n, false);
                p.annotations.push((i, i + n));
                i += n;
                continue;
            }
            if markup
                && c == '<'
                && let Some(n) = tag_len(b, i)
            {
                p.skip(i, i + n, true);
                p.markup_skips += 1;
                i += n;
                continue;
            }
            if c == '&'
                && let Some((d, n)) = entity_at(b, i)
            {
                // A space written as a reference between the characters of a name (郑&nbsp;海).
                let spaced = markup
                    && is_ws(d)
                    && p.chars.last().is_some_and(|pc| is_han(pc.ch))
                    && han_follows(src, i + n);
                if is_zero_width(d) || spaced {
                    p.skip(i, i + n, false);
                } else {
                    p.identical = false;
                    p.push_normalized(d, i, i + n);
                }
                i += n;
                continue;
            }
            // A name percent-escaped in a URL (https://weibo.com/%E6%9F%AF…) or \u-escaped in a
            // JSON attachment is the name: matched, and replaced whole.
            let escaped = match c {
                '%' => crate::audit::pct_char(&b[i..])
                    .or_else(|| crate::audit::pct_ascii_text(&b[i..])),
                '\\' => crate::audit::css_or_js_escape(&b[i..]).or_else(|| {
                    (b.get(i + 1) == Some(&b'u'))
                        .then(|| crate::audit::hex4(&b[(i + 2).min(b.len())..]))
                        .flatten()
                        .filter(|&v| v >= 0x80)
                        .and_then(char::from_u32)
                        .map(|d| (d, 6))
                }),
                _ => None,
            };
            if let Some((d, n)) = escaped {
                p.identical = false;
                p.push_normalized(d, i, i + n);
                i += n;
                continue;
            }
            if is_zero_width(c) {
                p.skip(i, i + clen, false);
                i += clen;
                continue;
            }
            // A Markdown escape (138\-1234\-5678, zheng\@163.com) shows the character alone.
            if markup
                && c == '\\'
                && b.get(i + 1).is_some_and(u8::is_ascii_punctuation)
                && b.get(i + 1) != Some(&b'\\')
            {
                p.skip(i, i + 1, false);
                i += 1;
                continue;
            }
            // A backslash before a Han character escapes nothing in Markdown and shows as
            // written (郑海\涛): the name is still readable, so it is no break in it.
            if markup
                && c == '\\'
                && p.chars.last().is_some_and(|pc| is_han(pc.ch))
                && src[i + 1..].chars().next().is_some_and(is_han)
            {
                p.skip(i, i + 1, false);
                i += 1;
                continue;
            }
            // An underscore inside a word (wx_camera_1717225812345, zht_1988) is no emphasis to
            // Markdown: it stays, or wx_camera would read as the WeChat label wx.
            let intraword = c == '_'
                && i > 0
                && b[i - 1].is_ascii_alphanumeric()
                && b.get(i + 1).is_some_and(u8::is_ascii_alphanumeric);
            if markup && matches!(c, '*' | '_' | '~' | '`') && !intraword {
                p.skip(i, i + clen, true);
                // `*` masks digits (138****5678) and `_` belongs to e-mail and WeChat IDs: next
                // to an ASCII letter or digit the plain projection must see them. Emphasis
                // around Han text, code fences and tildes hide nothing from this projection.
                if matches!(c, '*' | '_') && near_ascii_alnum(b, i) {
                    p.markup_skips += 1;
                }
                i += clen;
                continue;
            }
            let after = p.chars.last().map(|pc| pc.ch);
            if markup && is_ws(c) && after.is_some_and(|a| is_han(a) || a.is_ascii_digit()) {
                // A short whitespace run (at most one line break) between two Han characters,
                // or between Han and digits (幸福路 18 号 3 栋, spaced as some writers do).
                let mut j = i;
                let mut newlines = 0;
                let mut count = 0;
                let mut next = None;
                // Characters since the last line break: a Markdown line prefix (the `>` of a
                // blockquote, the indentation of a list item's or footnote's next line) is no
                // more of a break than the line break itself.
                let mut prefix = None;
                for (k, d) in src[i..].char_indices() {
                    if d == '\n' {
                        count += 1;
                        newlines += 1;
                        prefix = Some(0);
                        j = i + k + 1;
                    } else if let Some(n) =
                        prefix.filter(|&n| n < 16 && (d == '>' || d == ' ' || d == '\t'))
                    {
                        prefix = Some(n + 1);
                        j = i + k + 1;
                    } else if is_ws(d) {
                        count += 1;
                        prefix = None;
                        j = i + k + d.len_utf8();
                    } else {
                        next = Some(d);
                        break;
                    }
                    if count > 32 {
                        break;
                    }
                }
                let han_before = after.is_some_and(is_han);
                // Whitespace between elements, with Han on both sides of the tags around it
                // (`<text>郑</text>\n  <text>海</text>`: an SVG drawing one character per
                // element, or `<span>郑</span> <span>海涛</span>`), shows the name as one.
                // Inline elements only (span, b, SVG text…): between list items or table cells
                // (</li>⏎<li>) the text is apart.
                let last_tag = p.skips.last().filter(|s| s.end == i && b[i - 1] == b'>');
                let after_tag = last_tag.is_some();
                // Any number of line breaks in those 32 characters, as the audit reads them:
                // the two must agree (a page's HTML shows them as one space).
                let between_tags = han_before
                    && count <= 32
                    && (after_tag || next == Some('<'))
                    && last_tag.is_none_or(|s| crate::audit::inline_tag(&b[s.start..s.end]))
                    && inline_tags_to_han(b, j);
                let spaced = next.is_some_and(|d| {
                    if han_before {
                        d.is_ascii_digit()
                    } else {
                        is_han(d)
                    }
                });
                if between_tags
                    || count <= 4
                        && newlines <= 1
                        && (next.is_some_and(is_han) && han_before || spaced)
                {
                    p.skip(i, j, false);
                    p.space_before.push(p.chars.len());
                    // The plain projection keeps the spaces: numbers and addresses are looked
                    // for on this one as well.
                    if spaced {
                        p.markup_skips += 1;
                    }
                    i = j;
                    continue;
                }
            }
            p.push_normalized(c, i, i + clen);
            i += clen;
        }
        p
    }

    /// The plain projection of `src`, or `None` when `markup` (the markup projection of the same
    /// text) can stand in for it: it skipped no tag, `*` or `_`, only whitespace between Han
    /// characters, backticks and tildes, which hide no name and no number from it.
    pub fn new_unless_same(src: &str, markup: &Projection) -> Option<Self> {
        (markup.markup_skips > 0).then(|| Projection::new(src, false))
    }

    fn skip(&mut self, start: usize, end: usize, keep: bool) {
        self.identical = false;
        self.skips.push(Skip { start, end, keep });
    }

    fn push_normalized(&mut self, c: char, start: usize, end: usize) {
        // Fast path: ASCII and the CJK Unified Ideographs (incl. Ext. A) are NFKC-stable.
        if c.is_ascii() || matches!(c as u32, 0x3400..=0x9FFF) || nfkc_stable(c) {
            self.push(c, start, end);
        } else {
            let s: String = std::iter::once(c).nfkc().collect();
            for d in s.chars() {
                self.push(d, start, end);
            }
        }
    }

    #[inline]
    fn push(&mut self, ch: char, start: usize, end: usize) {
        self.chars.push(PChar { ch, start, end });
        if ch.is_ascii() {
            self.fchars.push(ch);
            return;
        }
        let f = fold_same_len(ch);
        self.fchars.push(f);
        if is_han(ch) {
            self.han += 1;
            if f != ch {
                self.traditional += 1;
            }
        }
    }

    /// Is the text written in traditional characters (at least 2 and 5% of its Han characters)?
    pub fn mostly_traditional(&self) -> bool {
        self.traditional >= 2 && self.traditional * 20 >= self.han
    }

    /// The projected text (unfolded).
    #[cfg(test)]
    pub fn text(&self) -> String {
        self.chars.iter().map(|c| c.ch).collect()
    }

    /// Source byte range of projected chars `ci..cj` (`cj > ci`).
    pub fn src_range(&self, ci: usize, cj: usize) -> (usize, usize) {
        let start = self.chars.get(ci).map_or(0, |c| c.start);
        let end = cj
            .checked_sub(1)
            .and_then(|k| self.chars.get(k))
            .map_or(start, |c| c.end);
        let mut end = end.max(start);
        while let Ok(k) = self.annotations.binary_search_by_key(&end, |a| a.0) {
            end = self.annotations[k].1;
        }
        (start, end)
    }

    /// The markup skipped inside source range `start..end` that must be kept, as what goes before
    /// the replacement and what goes after it: a marker that opens a pair closed after the range
    /// goes before (张`建国` → `张某`), one that closes a pair opened before it goes after
    /// (**张**建国 → **张某**), and a pair inside the range is dropped with what it held
    /// (张<b>建</b>国 → 张某).
    pub fn kept_markup(&self, src: &str, start: usize, end: usize) -> (String, String) {
        let first = self.skips.partition_point(|s| s.start < start);
        // Kept markers, a run of emphasis characters as one (`**` is skipped as two `*`).
        let mut runs: Vec<(usize, usize)> = Vec::new();
        for s in &self.skips[first..] {
            if s.end > end {
                break;
            }
            if !s.keep {
                continue;
            }
            let b = src.as_bytes();
            let first_byte = b.get(s.start).copied();
            // An underscore inside a word (zhang_jianguo) is no emphasis in Markdown: it goes
            // with the replaced text.
            let alnum = |k: Option<usize>| {
                k.and_then(|k| b.get(k))
                    .is_some_and(u8::is_ascii_alphanumeric)
            };
            if first_byte == Some(b'_') && alnum(s.start.checked_sub(1)) && alnum(Some(s.end)) {
                continue;
            }
            match runs.last_mut() {
                // The same emphasis character continued (`**`, `~~`); not `*_`, not tags.
                Some(r)
                    if r.1 == s.start
                        && first_byte != Some(b'<')
                        && b.get(r.0).copied() == first_byte =>
                {
                    r.1 = s.end
                }
                _ => runs.push((s.start, s.end)),
            }
        }
        let mut open: Vec<&str> = Vec::new();
        for t in runs.iter().filter_map(|&(a, b)| src.get(a..b)) {
            if open.last().is_some_and(|o| closes(o, t)) {
                open.pop();
            } else {
                open.push(t);
            }
        }
        let line = &src[src[..start].rfind('\n').map_or(0, |i| i + 1)..start];
        let opens = |t: &str| {
            if t.starts_with("</") {
                false
            } else if t.starts_with('<') {
                true
            } else {
                // A symmetric delimiter (`, **, ~~): it opens when those before it on its line pair up.
                line.matches(t).count().is_multiple_of(2)
            }
        };
        // The markers keep their order: the replacement goes before the first that closes a pair
        // opened before the range (<text>郑海</text><tspan>涛</tspan> → <text>郑某</text><tspan>
        // </tspan>, not <tspan>郑某</text>, which crosses the elements).
        let k = open.iter().position(|t| !opens(t)).unwrap_or(open.len());
        (open[..k].concat(), open[k..].concat())
    }

    /// Projected characters folded to simplified (labels and units are matched in simplified).
    pub fn folded_chars(&self) -> &[char] {
        &self.fchars
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn src_of(p: &Projection, src: &str, needle: &str) -> Option<(usize, usize)> {
        let text = p.text();
        let off = text.find(needle)?;
        let ci = text[..off].chars().count();
        let cj = ci + needle.chars().count();
        let r = p.src_range(ci, cj);
        assert!(src.get(r.0..r.1).is_some());
        Some(r)
    }

    #[test]
    fn markdown_and_html_split() {
        let src = "甲**张**建国乙";
        let p = Projection::new(src, true);
        assert_eq!(p.text(), "甲张建国乙");
        let (s, e) = src_of(&p, src, "张建国").unwrap_or_default();
        assert_eq!(&src[s..e], "张**建国");
        assert_eq!(p.kept_markup(src, s, e), (String::new(), "**".into()));

        let src = "张<b>建</b>国";
        let p = Projection::new(src, true);
        assert_eq!(p.text(), "张建国");
        assert_eq!(
            p.kept_markup(src, 0, src.len()),
            (String::new(), String::new())
        );
        // A code span opened inside the range and closed after it.
        let src = "张`建国`说";
        let p = Projection::new(src, true);
        let (s, e) = src_of(&p, src, "张建国").unwrap_or_default();
        assert_eq!(p.kept_markup(src, s, e), ("`".into(), String::new()));
        let src = "张<i>建国</i>说";
        let p = Projection::new(src, true);
        let (s, e) = src_of(&p, src, "张建国").unwrap_or_default();
        assert_eq!(p.kept_markup(src, s, e), ("<i>".into(), String::new()));
        let p = Projection::new(src, false);
        assert_eq!(p.text(), src);
    }

    #[test]
    fn zero_width_entities_nfkc() {
        let src = "张\u{200B}建\u{00AD}国 &#24352;&#x5EFA;国 １３８";
        let p = Projection::new(src, false);
        assert_eq!(p.text(), "张建国 张建国 138");
        let (s, e) = src_of(&p, src, "张建国 张").unwrap_or_default();
        assert_eq!(&src[s..e], "张\u{200B}建\u{00AD}国 &#24352;");
    }

    #[test]
    fn percent_and_json_escapes() {
        let src = "https://weibo.com/%E6%9F%AF%E6%96%87%E6%9D%B0?a=%20 {\"n\":\"\\u67ef\\u6587\\u6770\"} 100%";
        let p = Projection::new(src, false);
        assert_eq!(
            p.text(),
            // A space or digit escaped is one too (a phone number in a link's query).
            "https://weibo.com/柯文杰?a=  {\"n\":\"柯文杰\"} 100%"
        );
        let (s, e) = src_of(&p, src, "柯文杰").unwrap_or_default();
        assert_eq!(&src[s..e], "%E6%9F%AF%E6%96%87%E6%9D%B0");
    }

    /// The text a name is matched on: markup, escapes and line wraps gone, folded to simplified.
    #[test]
    fn searchable_text() {
        assert_eq!(
            crate::searchable("柯**文**\n傑 &#26480; 柯<b>文</b>杰"),
            "柯文杰 杰柯文杰"
        );
    }

    #[test]
    fn whitespace_between_han() {
        let p = Projection::new("王  伟说\n\n李", true);
        assert_eq!(p.text(), "王伟说\n\n李");
        let p = Projection::new("王\n伟", true);
        assert_eq!(p.text(), "王伟");
        let p = Projection::new("a b", true);
        assert_eq!(p.text(), "a b");
    }

    #[test]
    fn folded_text_keeps_offsets() {
        let p = Projection::new("張建國說：１３８", false);
        assert_eq!(p.text(), "張建國說:138");
        assert_eq!(p.fchars.iter().collect::<String>(), "张建国说:138");
        assert_eq!(p.fchars.len(), p.chars.len());
        assert!(p.mostly_traditional());
        assert!(p.identical);
        assert!(!Projection::new("张\u{200B}建国", false).identical);
        assert!(!Projection::new("&#24352;建国", false).identical);
        assert!(!Projection::new("张建国说", false).mostly_traditional());
        for c in ['，', '。', '“', '　', 'ｘ', '①'] {
            assert_eq!(
                nfkc_stable(c),
                is_nfkc_quick(std::iter::once(c)) == IsNormalized::Yes,
                "{c}"
            );
        }
    }

    #[test]
    fn plain_projection_only_when_different() {
        let src = "张建国说";
        let pa = Projection::new(src, true);
        assert!(Projection::new_unless_same(src, &pa).is_none());
        let src = "张\u{200B}建国&#x8bf4;";
        let pa = Projection::new(src, true);
        assert!(Projection::new_unless_same(src, &pa).is_none());
        // An underscore inside a word is no emphasis: both projections keep it.
        for src in [
            "张\n建国",
            "```toml\n张建国\n```",
            "**张**建国",
            "a_b@example.com",
        ] {
            let pa = Projection::new(src, true);
            assert!(Projection::new_unless_same(src, &pa).is_none());
        }
        for src in ["张<b>建</b>国", "138****5678", "**138**"] {
            let pa = Projection::new(src, true);
            let pb = Projection::new_unless_same(src, &pa);
            assert_eq!(
                pb.map(|p| p.text()),
                Some(Projection::new(src, false).text())
            );
        }
    }

    #[test]
    fn not_a_tag() {
        let p = Projection::new("a < b 和 c<d", true);
        assert_eq!(p.text(), "a < b 和 c<d");
        let p = Projection::new("x<!-- 注释 -->y", true);
        assert_eq!(p.text(), "xy");
    }
}
