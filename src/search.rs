//! Static full-text search: folds and tokenizes the (already anonymized) pages at build time and
//! writes a chunked index that `themes/default/static/js/search.js` queries in the browser. Pure:
//! pages in, [`OutputFile`]s under `search/` out.
//!
//! Text is folded one character at a time by a table (NFKC for full-width and compatibility forms,
//! OpenCC traditional → simplified, lower case), so 調解 and 调解 index alike and every offset in
//! the folded text is an offset in the original. The table is shipped to the browser as
//! `fold.txt`, so the query is folded by the very same function. Tokens are overlapping Han
//! character bigrams plus lower-cased Latin/digit words; a query of two or more consecutive Han
//! characters therefore finds every page that contains it.
//!
//! Files (all paths under `search/`):
//! - `meta.json`: `{version, id, pages, chunks, filters: {kind|dispute|region: [[value, count]]}}`.
//! - `fold.txt`: the fold table as a string of (from, to) character pairs, all in the BMP.
//! - `c/N.bin`: the postings of every token whose FNV-1a 32 hash of its UTF-8 bytes is N modulo
//!   `chunks` (a power of two). A chunk is a sequence of entries, each
//!   `varint len, token (UTF-8), flags, varint count, varint data_len, data[, classes]`: flags
//!   bit 0 = data is a bitset of page ids (else varint gaps), bit 1 = `classes` follow, two bits per
//!   posting (0 body, 1 body three times or more, 2 heading, 3 title) packed four to a byte.
//! - `v/DIM-I.bin`: the pages of the I-th value of a filter, one entry with an empty token.
//! - `f/ID.json`: one page's fragment, fetched only for displayed results:
//!   `{u, t, k?, d?, r?, a?, h: [[offset, id?]], x, c?}`: each heading is the line of `x` at a
//!   UTF-16 offset, with its id when that differs from its text; `c`: the text was cut.
//!
//! Page ids number pages newest first, so ties in ranking favour recent pages.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde_json::{Map, Value, json};
use unicode_normalization::UnicodeNormalization;

use crate::output::OutputFile;

/// One page as the search index sees it (anonymized text only).
#[derive(Debug, Clone, Default)]
pub struct SearchDoc {
    /// Site path like `/cases/a/`.
    pub path: String,
    pub title: String,
    /// `(id, text)` of every heading, in document order.
    pub headings: Vec<(String, String)>,
    /// Plain text of the body (headings included, one per line).
    pub text: String,
    pub kind: Option<String>,
    pub dispute: Option<String>,
    pub region: Option<String>,
    /// ISO date.
    pub date: Option<String>,
}

/// Format version, checked by search.js.
pub const VERSION: u32 = 1;
/// Words longer than this many characters are cut (same in search.js).
pub const MAX_WORD: usize = 32;
/// Fragment text is cut after this many characters to bound the bytes a result costs.
pub const MAX_FRAGMENT_CHARS: usize = 5000;
/// Average chunk size aimed at; the chunk count is the power of two nearest above total/target.
/// Small chunks: a query loads one per token, so what else shares its chunk is pure overhead.
const TARGET_CHUNK_BYTES: usize = 1024;
const MAX_CHUNKS: usize = 4096;

/// Ranking classes of a posting (two bits).
const CLASS_BODY: u8 = 0;
const CLASS_FREQUENT: u8 = 1;
const CLASS_HEADING: u8 = 2;
const CLASS_TITLE: u8 = 3;

/// Code points whose fold is computed: ASCII and Latin letters (lower case), Kangxi and CJK
/// radicals, the ideographic space, CJK Unified Ideographs with Ext A, compatibility ideographs,
/// full-width and half-width forms.
const FOLD_RANGES: &[(u32, u32)] = &[
    (0x41, 0x5A),
    (0xC0, 0x24F),
    (0x2E80, 0x2FDF),
    (0x3000, 0x3000),
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xF900, 0xFAFF),
    (0xFF00, 0xFFEF),
];

struct FoldTable {
    /// BMP code unit → folded code unit.
    map: Vec<u16>,
    /// The same table as a string of pairs, for the browser.
    pairs: String,
}

fn single(s: &str) -> Option<char> {
    let mut it = s.chars();
    let c = it.next()?;
    it.next().is_none().then_some(c)
}

/// NFKC → t2s → lower case of one character, or the character itself when a step would not give
/// exactly one character (so the fold never changes lengths).
fn fold_one(c: char) -> char {
    let x = single(&c.to_string().nfkc().collect::<String>()).unwrap_or(c);
    let y = single(&hanconv::t2s(x.to_string())).unwrap_or(x);
    let mut lower = y.to_lowercase();
    match (lower.next(), lower.next()) {
        (Some(l), None) => l,
        _ => y,
    }
}

fn table() -> &'static FoldTable {
    static TABLE: OnceLock<FoldTable> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut map: Vec<u16> = (0..=u16::MAX).collect();
        let mut pairs = String::new();
        for &(lo, hi) in FOLD_RANGES {
            for cp in lo..=hi {
                let Some(c) = char::from_u32(cp) else {
                    continue;
                };
                let f = fold_one(c);
                // Both ends in the BMP: UTF-16 offsets in the browser carry over too.
                if f != c
                    && let Ok(to) = u16::try_from(f as u32)
                {
                    map[cp as usize] = to;
                    pairs.push(c);
                    pairs.push(f);
                }
            }
        }
        FoldTable { map, pairs }
    })
}

fn fold_char(map: &[u16], c: char) -> char {
    let cp = c as u32;
    if cp < 0x10000 {
        // The table only maps to BMP scalar values, never to surrogates.
        char::from_u32(map[cp as usize] as u32).unwrap_or(c)
    } else {
        c
    }
}

/// The shared fold: per character NFKC (full-width forms), traditional → simplified, lower case.
/// Same length in characters (and UTF-16 units) as the input.
pub fn fold(s: &str) -> String {
    let map = &table().map;
    s.chars().map(|c| fold_char(map, c)).collect()
}

/// The fold table as shipped in `search/fold.txt`.
pub fn fold_pairs() -> &'static str {
    &table().pairs
}

/// Han characters that form bigrams (same ranges in search.js).
pub fn is_han(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x323AF | 0x3007)
}

/// Characters of Latin/digit words, after folding (same in search.js).
pub fn is_word(c: char) -> bool {
    matches!(c as u32, 0x30..=0x39 | 0x61..=0x7A | 0xC0..=0x24F) && c != '×' && c != '÷'
}

/// A token of folded text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Token<'a> {
    Bigram(char, char),
    Word(&'a str),
}

/// Call `f` for every token of already folded text, in order: overlapping bigrams of each Han
/// run and every word.
pub fn tokenize(folded: &str, f: impl FnMut(Token<'_>)) {
    fold_tokenize(folded, |c| c, f);
}

/// [`tokenize`] of `text` folded with `fold` character by character on the way, without
/// building the folded text: only a word's characters are gathered (its token is a string).
fn fold_tokenize(text: &str, fold: impl Fn(char) -> char, mut f: impl FnMut(Token<'_>)) {
    // A run of eleven digits or more is no word of the index: out of its text (15000000000元)
    // it reads as a phone or card number, which the privacy audit stops in any output file.
    let mut f = |t: Token<'_>| match t {
        Token::Word(w) if w.len() >= 11 && w.bytes().all(|b| b.is_ascii_digit()) => {}
        t => f(t),
    };
    let mut prev: Option<char> = None;
    let mut word = String::new();
    // Characters in `word` (a word token keeps at most MAX_WORD).
    let mut word_chars = 0;
    for c in text.chars().map(fold) {
        if is_word(c) {
            prev = None;
            if word_chars < MAX_WORD {
                word.push(c);
            }
            word_chars += 1;
            continue;
        }
        if word_chars > 0 {
            f(Token::Word(&word));
            word.clear();
            word_chars = 0;
        }
        if is_han(c) {
            if let Some(p) = prev {
                f(Token::Bigram(p, c));
            }
            prev = Some(c);
        } else {
            prev = None;
        }
    }
    if word_chars > 0 {
        f(Token::Word(&word));
    }
}

/// The tokens of `s` (folded first) as strings: for tests and tools.
pub fn tokens(s: &str) -> Vec<String> {
    let folded = fold(s);
    let mut out = Vec::new();
    tokenize(&folded, |t| {
        out.push(match t {
            Token::Bigram(a, b) => [a, b].iter().collect(),
            Token::Word(w) => w.to_string(),
        })
    });
    out
}

/// FNV-1a, 32 bits: picks a token's chunk (same in search.js).
pub fn fnv1a(bytes: &[u8]) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for &b in bytes {
        h ^= b as u32;
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

fn fnv64(bytes: &[u8], mut h: u64) -> u64 {
    for &b in bytes {
        h ^= b as u64;
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

const WORD_FLAG: u64 = 1 << 63;

/// A token as a number, so postings need no string per occurrence: bigrams pack both code
/// points; words are a 63-bit hash (their text is kept once per page in a side table).
fn bigram_key(a: char, b: char) -> u64 {
    ((a as u64) << 21) | b as u64
}

fn word_key(w: &str) -> u64 {
    WORD_FLAG | (fnv64(w.as_bytes(), 0xcbf2_9ce4_8422_2325) >> 1)
}

pub fn put_varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

fn varint_len(v: u64) -> usize {
    (64 - (v | 1).leading_zeros() as usize).div_ceil(7)
}

/// Read a varint at `*at`, advancing it; `None` when the data ends early.
pub fn get_varint(data: &[u8], at: &mut usize) -> Option<u64> {
    let mut v = 0u64;
    let mut shift = 0;
    loop {
        let b = *data.get(*at)?;
        *at += 1;
        if shift >= 64 {
            return None;
        }
        v |= ((b & 0x7f) as u64) << shift;
        if b < 0x80 {
            return Some(v);
        }
        shift += 7;
    }
}

const FLAG_BITSET: u8 = 1;
const FLAG_CLASSES: u8 = 2;

/// Append one entry: the token, then page ids (sorted, distinct) as varint gaps or a bitset,
/// whichever is smaller, then the classes unless all are 0.
pub fn encode_entry(out: &mut Vec<u8>, token: &[u8], pages: &[u32], classes: &[u8]) {
    put_varint(out, token.len() as u64);
    out.extend_from_slice(token);
    let mut gaps = 0;
    let mut prev = 0u32;
    for (k, &p) in pages.iter().enumerate() {
        gaps += varint_len(if k == 0 { p } else { p - prev } as u64);
        prev = p;
    }
    let bitset = pages.last().map_or(0, |&m| m as usize / 8 + 1);
    let with_classes = classes.iter().any(|&c| c != 0);
    let mut flags = 0;
    if bitset < gaps {
        flags |= FLAG_BITSET;
    }
    if with_classes {
        flags |= FLAG_CLASSES;
    }
    // The flags byte (< 0x30) also keeps the token's digits apart from any following bytes.
    out.push(flags);
    put_varint(out, pages.len() as u64);
    if flags & FLAG_BITSET != 0 {
        put_varint(out, bitset as u64);
        let start = out.len();
        out.resize(start + bitset, 0);
        for &p in pages {
            out[start + p as usize / 8] |= 1 << (p % 8);
        }
    } else {
        put_varint(out, gaps as u64);
        let mut prev = 0u32;
        for (k, &p) in pages.iter().enumerate() {
            put_varint(out, if k == 0 { p } else { p - prev } as u64);
            prev = p;
        }
    }
    if with_classes {
        for group in classes.chunks(4) {
            let mut b = 0u8;
            for (j, &c) in group.iter().enumerate() {
                b |= (c & 3) << (2 * j);
            }
            out.push(b);
        }
    }
}

/// One decoded entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub token: String,
    pub pages: Vec<u32>,
    pub classes: Vec<u8>,
}

/// Decode every entry of a chunk or filter file; `None` when it is malformed.
pub fn decode_entries(data: &[u8]) -> Option<Vec<Entry>> {
    let mut out = Vec::new();
    let mut at = 0;
    while at < data.len() {
        let len = get_varint(data, &mut at)? as usize;
        let token = std::str::from_utf8(data.get(at..at.checked_add(len)?)?)
            .ok()?
            .to_string();
        at += len;
        let flags = *data.get(at)?;
        at += 1;
        let n = get_varint(data, &mut at)? as usize;
        let dlen = get_varint(data, &mut at)? as usize;
        let body = data.get(at..at.checked_add(dlen)?)?;
        at += dlen;
        let mut pages = Vec::with_capacity(n.min(body.len() * 8));
        if flags & FLAG_BITSET != 0 {
            for (i, &b) in body.iter().enumerate() {
                for j in 0..8 {
                    if b & (1 << j) != 0 {
                        pages.push((i * 8 + j) as u32);
                    }
                }
            }
        } else {
            let mut p = 0u64;
            let mut k = 0;
            while k < body.len() {
                let g = get_varint(body, &mut k)?;
                p = if pages.is_empty() { g } else { p + g };
                pages.push(u32::try_from(p).ok()?);
            }
        }
        if pages.len() != n {
            return None;
        }
        let mut classes = vec![0u8; n];
        if flags & FLAG_CLASSES != 0 {
            let packed = data.get(at..at.checked_add(n.div_ceil(4))?)?;
            at += packed.len();
            for (k, c) in classes.iter_mut().enumerate() {
                *c = (packed[k / 4] >> (2 * (k % 4))) & 3;
            }
        }
        out.push(Entry {
            token,
            pages,
            classes,
        });
    }
    Some(out)
}

/// What one page contributes: `(token key, page id << 2 | class)` and the text of its words.
struct PageTokens {
    postings: Vec<(u64, u32)>,
    words: Vec<(u64, String)>,
    fragment: Vec<u8>,
}

fn page_tokens(doc: &SearchDoc, id: u32) -> PageTokens {
    let map = &table().map;
    // Token → (highest class met, occurrences in the body). Aggregated as met: a page has a few
    // thousand occurrences of a few hundred tokens, and sorting the occurrences cost a quarter of
    // the index.
    let mut occ: FxHashMap<u64, (u8, u32)> = FxHashMap::default();
    occ.reserve(doc.text.len() / 8 + 64);
    let mut words: Vec<(u64, String)> = Vec::new();
    let mut seen_words: HashSet<u64> = HashSet::new();
    let mut add = |s: &str, class: u8| {
        fold_tokenize(
            s,
            |c| fold_char(map, c),
            |t| {
                let key = match t {
                    Token::Bigram(a, b) => bigram_key(a, b),
                    Token::Word(w) => {
                        let k = word_key(w);
                        if seen_words.insert(k) {
                            words.push((k, w.to_string()));
                        }
                        k
                    }
                };
                let e = occ.entry(key).or_insert((CLASS_BODY, 0));
                e.0 = e.0.max(class);
                e.1 += u32::from(class == CLASS_BODY);
            },
        );
    };
    add(&doc.title, CLASS_TITLE);
    for (_, h) in &doc.headings {
        add(h, CLASS_HEADING);
    }
    add(&doc.text, CLASS_BODY);
    for s in [&doc.dispute, &doc.region].into_iter().flatten() {
        add(s, CLASS_BODY);
    }
    let postings: Vec<(u64, u32)> = occ
        .into_iter()
        .map(|(key, (top, body))| {
            let class = if top == CLASS_BODY && body >= 3 {
                CLASS_FREQUENT
            } else {
                top
            };
            (key, (id << 2) | class as u32)
        })
        .collect();
    PageTokens {
        postings,
        words,
        fragment: fragment(doc),
    }
}

/// The per-page JSON fetched for displayed results.
fn fragment(doc: &SearchDoc) -> Vec<u8> {
    let text = doc.text.trim();
    let (text, cut) = match text.char_indices().nth(MAX_FRAGMENT_CHARS) {
        Some((i, _)) => (&text[..i], true),
        None => (text, false),
    };
    // Where each heading's line starts, in UTF-16 units (what the browser indexes by).
    let mut heads = Vec::new();
    let (mut byte, mut unit) = (0usize, 0usize);
    for (id, h) in &doc.headings {
        let h = h.trim();
        let Some(found) = text
            .get(byte..)
            .and_then(|t| t.find(h))
            .filter(|_| !h.is_empty())
        else {
            continue;
        };
        unit += text[byte..byte + found].encode_utf16().count();
        // The heading's text is the line at `unit`; its id is stored only when it differs.
        heads.push(if id == h {
            json!([unit])
        } else {
            json!([unit, id])
        });
        // Past this heading, so a repeated title finds its own later line.
        byte += found + h.len();
        unit += h.encode_utf16().count();
    }
    let mut m = Map::new();
    m.insert("u".into(), json!(doc.path.trim_start_matches('/')));
    m.insert("t".into(), json!(doc.title));
    for (k, v) in [
        ("k", &doc.kind),
        ("d", &doc.dispute),
        ("r", &doc.region),
        ("a", &doc.date),
    ] {
        if let Some(v) = v.as_deref().filter(|v| !v.is_empty()) {
            m.insert(k.into(), json!(v));
        }
    }
    m.insert("h".into(), Value::Array(heads));
    m.insert("x".into(), json!(text));
    if cut {
        m.insert("c".into(), json!(1));
    }
    serde_json::to_vec(&Value::Object(m)).unwrap_or_default()
}

fn token_bytes(key: u64, words: &HashMap<u64, String>) -> Vec<u8> {
    if key & WORD_FLAG != 0 {
        words
            .get(&key)
            .map(|w| w.as_bytes().to_vec())
            .unwrap_or_default()
    } else {
        let a = char::from_u32((key >> 21) as u32).unwrap_or('\u{fffd}');
        let b = char::from_u32((key & 0x1f_ffff) as u32).unwrap_or('\u{fffd}');
        let mut s = String::with_capacity(8);
        s.push(a);
        s.push(b);
        s.into_bytes()
    }
}

/// Filter dimensions, in the order of `meta.json`.
const DIMS: [&str; 3] = ["kind", "dispute", "region"];

fn dim_value(doc: &SearchDoc, dim: usize) -> Option<&str> {
    match dim {
        0 => doc.kind.as_deref(),
        1 => doc.dispute.as_deref(),
        _ => doc.region.as_deref(),
    }
    .filter(|v| !v.is_empty())
}

/// One posting: a token's key and `page id << 2 | class`, ordered by both. Packed into 12 bytes
/// instead of a tuple's 16: at 100,000 pages the postings are the build's largest structure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
#[repr(C, packed(4))]
struct Posting {
    key: u64,
    val: u32,
}

/// Build every search file for `docs` (see [`build_index_into`]).
pub fn build_index(docs: Vec<SearchDoc>) -> Vec<OutputFile> {
    let fragments = std::sync::Mutex::new(Vec::new());
    let mut files = build_index_into(docs, &|f| {
        fragments.lock().unwrap_or_else(|e| e.into_inner()).push(f)
    });
    let mut all = fragments.into_inner().unwrap_or_else(|e| e.into_inner());
    all.sort_by(|a, b| a.path.cmp(&b.path));
    all.append(&mut files);
    all
}

/// Build every search file for `docs`, which it consumes: each page's text is dropped once
/// tokenized and its result fragment goes to `put` at once, so neither the text nor the
/// fragments are held whole beside the postings. Returns the other files.
pub fn build_index_into(
    mut docs: Vec<SearchDoc>,
    put: &(dyn Fn(OutputFile) + Sync),
) -> Vec<OutputFile> {
    // Newest first; undated pages last; path breaks ties so ids are stable. A page's id is its
    // place in this order.
    docs.par_sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.path.cmp(&b.path)));
    let pages = docs.len();

    // The filters need only three short fields of each page: built before the pages go.
    let mut filter_files = Vec::new();
    let mut filters = Map::new();
    for (d, dim) in DIMS.iter().enumerate() {
        let mut values: HashMap<&str, Vec<u32>> = HashMap::new();
        for (id, doc) in docs.iter().enumerate() {
            if let Some(v) = dim_value(doc, d) {
                values.entry(v).or_default().push(id as u32);
            }
        }
        let mut values: Vec<(&str, Vec<u32>)> = values.into_iter().collect();
        values.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then(a.0.cmp(b.0)));
        let mut list = Vec::new();
        for (n, (v, ids)) in values.iter().enumerate() {
            let mut out = Vec::new();
            encode_entry(&mut out, b"", ids, &[]);
            filter_files.push(OutputFile::bytes(format!("search/v/{dim}-{n}.bin"), out));
            list.push(json!([v, ids.len()]));
        }
        filters.insert((*dim).into(), Value::Array(list));
    }

    // Postings are gathered per rayon split, not per page, and never concatenated into one
    // vector: at 100,000 pages they are the largest structure of the build.
    #[derive(Default)]
    struct Split {
        postings: Vec<Posting>,
        words: Vec<(u64, String)>,
        /// (page id, digest of its fragment), for the index's version id.
        fragments: Vec<(u32, u64)>,
    }
    let mut splits: Vec<Split> = docs
        .into_par_iter()
        .enumerate()
        .fold(Split::default, |mut acc, (id, doc)| {
            let p = page_tokens(&doc, id as u32);
            drop(doc);
            acc.postings.extend(
                p.postings
                    .into_iter()
                    .map(|(key, val)| Posting { key, val }),
            );
            acc.words.extend(p.words);
            let digest = fnv64(&p.fragment, 0xcbf2_9ce4_8422_2325);
            acc.fragments.push((id as u32, digest));
            put(OutputFile::bytes(format!("search/f/{id}.json"), p.fragment));
            acc
        })
        .collect();
    splits.par_iter_mut().for_each(|s| {
        s.postings.sort_unstable();
        // Grown by doubling: give back the slack before the merge needs memory.
        s.postings.shrink_to_fit();
    });

    let mut files = Vec::new();
    let mut words: HashMap<u64, String> = HashMap::new();
    let mut fragments: Vec<(u32, u64)> = Vec::with_capacity(pages);
    for s in &mut splits {
        for (k, w) in s.words.drain(..) {
            words.entry(k).or_insert(w);
        }
        fragments.append(&mut s.fragments);
    }
    fragments.sort_unstable_by_key(|f| f.0);

    // The key space is cut at quantiles of the largest split; each part merges its slice of
    // every split and encodes its tokens, in parallel and in key order.
    let sample = splits
        .iter()
        .max_by_key(|s| s.postings.len())
        .map(|s| s.postings.as_slice())
        .unwrap_or_default();
    let parts = 256.min(sample.len().max(1));
    let mut cuts: Vec<u64> = (1..parts)
        .map(|k| sample[k * sample.len() / parts].key)
        .collect();
    cuts.dedup();
    let ranges: Vec<(u64, Option<u64>)> = std::iter::once(0)
        .chain(cuts.iter().copied())
        .zip(cuts.iter().copied().map(Some).chain(std::iter::once(None)))
        .collect();
    let entries: Vec<(u32, Vec<u8>)> = ranges
        .par_iter()
        .flat_map_iter(|&(from, to)| {
            let mut run: Vec<Posting> = Vec::new();
            for s in &splits {
                let p = &s.postings;
                let a = p.partition_point(|x| { x.key } < from);
                let b = to.map_or(p.len(), |t| p.partition_point(|x| { x.key } < t));
                run.extend_from_slice(&p[a..b]);
            }
            // One sorted run per split: the stable sort finds the runs and merges them.
            run.sort();
            let mut out = Vec::new();
            let mut i = 0;
            while i < run.len() {
                let mut j = i + 1;
                while j < run.len() && { run[j].key } == { run[i].key } {
                    j += 1;
                }
                let token = token_bytes(run[i].key, &words);
                let pages: Vec<u32> = run[i..j].iter().map(|p| p.val >> 2).collect();
                let classes: Vec<u8> = run[i..j].iter().map(|p| (p.val & 3) as u8).collect();
                let mut e = Vec::with_capacity(token.len() + 8 + pages.len() * 2);
                encode_entry(&mut e, &token, &pages, &classes);
                out.push((fnv1a(&token), e));
                i = j;
            }
            out
        })
        .collect();
    drop(splits);

    let total: usize = entries.iter().map(|(_, e)| e.len()).sum();
    let chunks = total
        .div_ceil(TARGET_CHUNK_BYTES)
        .next_power_of_two()
        .clamp(1, MAX_CHUNKS);
    let mut buckets: Vec<Vec<u8>> = vec![Vec::new(); chunks];
    for (h, e) in entries {
        buckets[h as usize & (chunks - 1)].extend_from_slice(&e);
    }

    files.extend(filter_files);

    let pairs = fold_pairs();
    // A version id over the whole index: search.js adds it to every URL, so a browser never mixes
    // files of two builds.
    let mut id = fnv64(pairs.as_bytes(), 0xcbf2_9ce4_8422_2325);
    for b in &buckets {
        id = fnv64(b, id);
    }
    // The fragments went out already: their digests, in page order, stand for them.
    for (_, digest) in &fragments {
        id = fnv64(&digest.to_le_bytes(), id);
    }
    for f in &files {
        if let Some(b) = f.body.bytes() {
            id = fnv64(b, id);
        }
    }
    for (n, b) in buckets.into_iter().enumerate() {
        files.push(OutputFile::bytes(format!("search/c/{n}.bin"), b));
    }
    files.push(OutputFile::bytes(
        "search/fold.txt",
        pairs.as_bytes().to_vec(),
    ));
    let meta = json!({
        "version": VERSION,
        "id": format!("{:012x}", id >> 16),
        "pages": pages,
        "chunks": chunks,
        "filters": filters,
    });
    files.push(OutputFile::bytes(
        "search/meta.json",
        serde_json::to_vec(&meta).unwrap_or_default(),
    ));
    files
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::Body;

    fn bytes(files: &[OutputFile], path: &str) -> Vec<u8> {
        match files.iter().find(|f| f.path == path).map(|f| &f.body) {
            Some(Body::Bytes(b)) => b.clone(),
            _ => panic!("no file {path}"),
        }
    }

    proptest::proptest! {
        /// Folding on the way gives the tokens of the folded text: traditional and full-width
        /// forms, upper case, long words (cut at MAX_WORD characters), Han runs of any length.
        #[test]
        fn folding_on_the_way_tokenizes_as_the_folded_text(s in "[a-zA-Z0-9ＡＢ１２調解调解發发 ，。·é]{0,80}") {
            let own = |t: Token<'_>| match t {
                Token::Bigram(a, b) => [a, b].iter().collect::<String>(),
                Token::Word(w) => w.to_string(),
            };
            let mut on_the_way = Vec::new();
            let map = &table().map;
            fold_tokenize(&s, |c| fold_char(map, c), |t| on_the_way.push(own(t)));
            let mut folded_first = Vec::new();
            tokenize(&fold(&s), |t| folded_first.push(own(t)));
            proptest::prop_assert_eq!(on_the_way, folded_first);
        }
    }

    fn doc(path: &str, title: &str, text: &str) -> SearchDoc {
        SearchDoc {
            path: path.into(),
            title: title.into(),
            text: text.into(),
            ..Default::default()
        }
    }

    /// Eleven digits or more are no word (out of context they read as a phone or card number,
    /// which the audit stops); shorter numbers are.
    #[test]
    fn long_digit_runs_are_not_indexed() {
        assert_eq!(
            tokens("金额15000000000元整"),
            ["金额", "元整"].map(String::from)
        );
        assert_eq!(
            tokens("拨打12348热线"),
            ["拨打", "12348", "热线"].map(String::from)
        );
        assert!(tokens("编号A1500000000012").contains(&"a1500000000012".to_string()));
    }

    #[test]
    fn folds_scripts_width_and_case() {
        assert_eq!(fold("調解"), "调解");
        assert_eq!(fold("ＡＢＣ"), "abc");
        assert_eq!(fold("臺"), "台");
        assert_eq!(fold("行政複議"), "行政复议");
        assert_eq!(fold("著作權法 Civil"), "著作权法 civil");
        assert_eq!(fold("⼈民"), "人民", "Kangxi radicals from PDF text");
        assert_eq!(fold("１２３４８"), "12348");
        // Simplified text is a fixed point, and lengths never change.
        let s = "人民调解委员会依法调解民间纠纷";
        assert_eq!(fold(s), s);
        for s in ["乾隆年間，臺灣與大陸", "Ｈｅｌｌｏ　世界", "ﬁ ㈱ ①"] {
            assert_eq!(fold(s).chars().count(), s.chars().count(), "{s}");
            assert_eq!(
                fold(s).encode_utf16().count(),
                s.encode_utf16().count(),
                "{s}"
            );
        }
    }

    #[test]
    fn fold_table_is_pairs_of_bmp_characters() {
        let pairs: Vec<char> = fold_pairs().chars().collect();
        assert!(pairs.len() > 8000 && pairs.len().is_multiple_of(2));
        for p in pairs.chunks(2) {
            assert!((p[0] as u32) < 0x10000 && (p[1] as u32) < 0x10000);
            assert_eq!(fold(&p[0].to_string()), p[1].to_string());
        }
        assert!(fold_pairs().len() < 32 * 1024, "{}", fold_pairs().len());
    }

    #[test]
    fn bigrams_and_words() {
        assert_eq!(
            tokens("民法典第1165條 App"),
            ["民法", "法典", "典第", "1165", "app"]
        );
        assert_eq!(tokens("调解，协议"), ["调解", "协议"]);
        assert_eq!(tokens("法"), Vec::<String>::new());
        assert_eq!(tokens(&"x".repeat(40)), ["x".repeat(MAX_WORD)]);
        assert_eq!(tokens("調解"), tokens("调解"));
    }

    #[test]
    fn entries_round_trip_in_both_encodings() {
        let sparse: Vec<u32> = vec![3, 200, 201, 90_000];
        let dense: Vec<u32> = (0..1000).filter(|i| i % 3 != 0).collect();
        let mut out = Vec::new();
        encode_entry(&mut out, "调解".as_bytes(), &sparse, &[0, 3, 1, 2]);
        encode_entry(&mut out, b"abc", &dense, &vec![0; dense.len()]);
        encode_entry(&mut out, b"", &[7], &[0]);
        assert_eq!(out[7] & FLAG_BITSET, 0, "sparse list stays a list");
        let got = decode_entries(&out).expect("decodes");
        assert_eq!(got.len(), 3);
        assert_eq!(
            (got[0].token.as_str(), &got[0].pages, &got[0].classes),
            ("调解", &sparse, &vec![0, 3, 1, 2])
        );
        assert_eq!(got[1].pages, dense);
        assert!(got[1].classes.iter().all(|&c| c == 0));
        assert_eq!(got[2].pages, [7]);
        assert!(decode_entries(&out[..out.len() - 1]).is_none());
        let mut v = Vec::new();
        for n in [0u64, 127, 128, 300, u32::MAX as u64, u64::MAX] {
            v.clear();
            put_varint(&mut v, n);
            assert_eq!(v.len(), varint_len(n));
            assert_eq!(get_varint(&v, &mut 0), Some(n));
        }
    }

    /// The candidate step of search.js in Rust: pages holding every bigram of the query.
    fn candidates(files: &[OutputFile], query: &str) -> Vec<(u32, u32)> {
        let meta: Value = serde_json::from_slice(&bytes(files, "search/meta.json")).unwrap();
        let chunks = meta["chunks"].as_u64().unwrap() as u32;
        let mut sets: Option<HashMap<u32, u32>> = None;
        for t in tokens(query) {
            let data = bytes(
                files,
                &format!("search/c/{}.bin", fnv1a(t.as_bytes()) % chunks),
            );
            let entries = decode_entries(&data).unwrap();
            let mut here = HashMap::new();
            if let Some(e) = entries.iter().find(|e| e.token == t) {
                for (p, c) in e.pages.iter().zip(&e.classes) {
                    here.insert(*p, *c as u32);
                }
            }
            sets = Some(match sets {
                None => here,
                Some(s) => s
                    .into_iter()
                    .filter_map(|(p, c)| here.get(&p).map(|d| (p, c + d)))
                    .collect(),
            });
        }
        let mut out: Vec<(u32, u32)> = sets.unwrap_or_default().into_iter().collect();
        out.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        out
    }

    fn path_of(files: &[OutputFile], id: u32) -> String {
        let f: Value =
            serde_json::from_slice(&bytes(files, &format!("search/f/{id}.json"))).unwrap();
        f["u"].as_str().unwrap().to_string()
    }

    #[test]
    fn postings_of_many_pages_are_complete_and_ordered() {
        // Enough pages that the postings come from several rayon splits and key ranges.
        let words = [
            "调解", "邻里", "漏水", "物业", "赔偿", "协商", "合同", "工资", "继承", "赡养", "噪音",
            "停车",
        ];
        let docs: Vec<SearchDoc> = (0..600)
            .map(|i| {
                let text: Vec<&str> = (0..6)
                    .map(|k| words[(i * 7 + k * k + i / 5) % words.len()])
                    .collect();
                doc(&format!("/p{i}/"), &format!("第{i}页"), &text.join("，"))
            })
            .collect();
        let files = build_index(docs.clone());
        let mut seen = HashSet::new();
        for f in files.iter().filter(|f| f.path.starts_with("search/c/")) {
            let Body::Bytes(b) = &f.body else {
                panic!("chunk in memory")
            };
            for e in decode_entries(b).expect("chunk decodes") {
                assert!(seen.insert(e.token.clone()), "one entry per token");
                assert!(e.pages.windows(2).all(|w| w[0] < w[1]), "ids ascending");
            }
        }
        for w in words {
            let expected = docs.iter().filter(|d| d.text.contains(w)).count();
            assert!(expected > 0);
            assert_eq!(candidates(&files, w).len(), expected, "{w}");
        }
    }

    #[test]
    fn every_substring_finds_its_page_in_either_script() {
        let docs = vec![
            doc(
                "/a/",
                "楼上漏水怎么办",
                "楼上漏水，双方经人民调解委员会调解达成协议。",
            ),
            doc(
                "/b/",
                "鄰里糾紛",
                "本案經人民調解委員會依法調解，雙方和解。",
            ),
            doc(
                "/c/",
                "普法问答",
                "民法典规定，不动产权利人应当为相邻权利人提供必要的便利。",
            ),
        ];
        let files = build_index(docs.clone());
        for d in &docs {
            let text: Vec<char> = format!("{}。{}", d.title, d.text).chars().collect();
            for i in 0..text.len() {
                for j in i + 2..=text.len().min(i + 8) {
                    let q: String = text[i..j].iter().collect();
                    if !q.chars().all(is_han) {
                        continue;
                    }
                    let found = candidates(&files, &q);
                    assert!(
                        found
                            .iter()
                            .any(|(id, _)| path_of(&files, *id) == d.path.trim_start_matches('/')),
                        "{q} should find {}",
                        d.path
                    );
                }
            }
        }
        let both = candidates(&files, "人民调解委员会");
        assert_eq!(
            both.len(),
            2,
            "simplified query finds the traditional page too"
        );
        let trad = candidates(&files, "鄰里");
        assert_eq!(path_of(&files, trad[0].0), "b/");
        let title_first = candidates(&files, "漏水");
        assert_eq!(path_of(&files, title_first[0].0), "a/");
    }

    #[test]
    fn files_meta_filters_and_fragments() {
        let mut a = doc("/cases/a/", "案例", "## 基本案情\n楼上漏水。\n");
        a.headings = vec![("基本案情".into(), "基本案情".into())];
        a.text = "基本案情\n楼上漏水。\n".into();
        a.kind = Some("case".into());
        a.dispute = Some("相邻关系纠纷".into());
        a.date = Some("2024-01-02".into());
        let mut b = doc("/articles/b/", "问答", "问：怎么办？");
        b.kind = Some("article".into());
        b.date = Some("2024-06-01".into());
        let files = build_index(vec![a, b]);
        let meta: Value = serde_json::from_slice(&bytes(&files, "search/meta.json")).unwrap();
        assert_eq!(meta["pages"], 2);
        assert_eq!(meta["filters"]["kind"].as_array().unwrap().len(), 2);
        assert_eq!(meta["filters"]["dispute"][0], json!(["相邻关系纠纷", 1]));
        // Newest first: the article is page 0.
        assert_eq!(path_of(&files, 0), "articles/b/");
        let f: Value = serde_json::from_slice(&bytes(&files, "search/f/1.json")).unwrap();
        assert_eq!(f["h"], json!([[0]]));
        assert_eq!(f["k"], "case");
        assert!(f.get("r").is_none());
        let kinds = &meta["filters"]["kind"];
        let case_idx = kinds
            .as_array()
            .unwrap()
            .iter()
            .position(|v| v[0] == "case")
            .unwrap();
        let set = decode_entries(&bytes(&files, &format!("search/v/kind-{case_idx}.bin"))).unwrap();
        assert_eq!(set[0].pages, [1]);
        let chunks = meta["chunks"].as_u64().unwrap() as usize;
        assert!(chunks.is_power_of_two());
        for n in 0..chunks {
            assert!(decode_entries(&bytes(&files, &format!("search/c/{n}.bin"))).is_some());
        }
    }
}
