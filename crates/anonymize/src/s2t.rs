//! Simplified → traditional conversion engine behind the `/zh-hant/` copy and the anonymizer's
//! traditional forms (pseudonyms, placeholders, a term's script variants): OpenCC's phrase and
//! character tables (as shipped by hanconv, Apache-2.0 data) applied by forward maximum matching,
//! as OpenCC does (the output equals `hanconv::s2t`), appended to the caller's buffer. One
//! converter for the whole build: hanconv's own s2t tables (about 20 ms to build) are not used.
//!
//! Nearly every Han character begins some phrase of the table, but only about one position in
//! five begins a phrase's first *two* characters. So each position looks its two characters up in
//! a hash map (to the phrases beginning with them, longest first) and otherwise converts its
//! character through a dense table. This matches as fast as a double-array Aho–Corasick automaton
//! over the 49,000 phrases did (daachorse, charwise, leftmost-longest), and the tables build in
//! about 13 ms instead of the automaton's 130 ms, a cost every build with a traditional copy paid.

use std::sync::LazyLock;

use rustc_hash::FxHashMap;

/// Every character of the tables is at least U+3007, so three or four bytes in UTF-8 with a
/// first byte of at least this: smaller bytes (ASCII, two-byte characters, continuation bytes)
/// are stepped over one at a time.
const FIRST_BYTE: u8 = 0xE3;

struct Table {
    /// Replacement of each character below U+10000, as an index into `values` (0: unchanged).
    bmp: Vec<u16>,
    /// Replacements of characters beyond the BMP.
    astral: FxHashMap<char, u16>,
    values: Vec<&'static str>,
    /// A phrase's first two characters → its range in `phrases`.
    pairs: FxHashMap<u64, (u32, u32)>,
    /// The phrases grouped by first two characters, longest first in each group.
    phrases: Vec<Phrase>,
    /// The phrases' bytes after their first two characters, one after another.
    tails: Vec<u8>,
    /// Replacements of whole phrases, by `Phrase::value`.
    replacements: Vec<&'static str>,
}

/// A phrase of two or more characters, without its first two.
struct Phrase {
    /// Its third character (0 for a phrase of two).
    third: u32,
    /// Where its bytes after the first two start in `tails`, and how many there are.
    tail: u32,
    tail_len: u32,
    value: u32,
}

/// Surnames whose character OpenCC converts as the common word it also is (范 → 範 as in 模範,
/// 于 → 於), written as the pseudonym they start: the traditional copy shows 范某, 于某甲.
pub(crate) const SURNAME_PHRASES: &[(&str, &str)] = &[
    ("范某", "范某"),
    ("于某", "于某"),
    ("余某", "余某"),
    ("郁某", "郁某"),
    ("党某", "党某"),
    ("钟某", "鍾某"),
    ("谷某", "谷某"),
    ("卜某", "卜某"),
    ("丑某", "丑某"),
    ("佘某", "佘某"),
    ("朴某", "朴某"),
];

fn pair_key(a: u32, b: u32) -> u64 {
    ((a as u64) << 21) | b as u64
}

static TABLE: LazyLock<Table> = LazyLock::new(build);

fn build() -> Table {
    // Phrases first, characters after: a character entry wins over a one-character phrase, as in
    // hanconv's trie, where the later insert wins.
    let mut map: FxHashMap<&'static str, &'static str> = FxHashMap::default();
    let dicts = hanconv::Dictionary::STPhrases
        .iter()
        .chain(hanconv::Dictionary::STCharacters.iter());
    for (k, v) in dicts {
        if !k.is_empty() {
            map.insert(k, v);
        }
    }
    // Pseudonyms: a surname keeps its own form (范某, not 範某; 于某, not 於某).
    for (k, v) in SURNAME_PHRASES {
        map.insert(k, v);
    }
    let mut t = Table {
        bmp: vec![0; 0x10000],
        astral: FxHashMap::default(),
        values: vec![""],
        pairs: FxHashMap::default(),
        phrases: Vec::new(),
        tails: Vec::new(),
        replacements: Vec::new(),
    };
    let mut long: Vec<(u64, &str, &str)> = Vec::new();
    for (k, v) in map {
        let mut cs = k.chars();
        let (Some(a), second) = (cs.next(), cs.next()) else {
            continue;
        };
        debug_assert!(a.len_utf8() >= 3 && k.as_bytes()[0] >= FIRST_BYTE);
        match second {
            None => {
                let i = t.values.len() as u16;
                t.values.push(v);
                if (a as u32) < 0x10000 {
                    t.bmp[a as usize] = i;
                } else {
                    t.astral.insert(a, i);
                }
            }
            Some(b) => long.push((pair_key(a as u32, b as u32), k, v)),
        }
    }
    // Grouped by pair, longest first: the first phrase that matches is the longest.
    long.sort_unstable_by(|x, y| (x.0, y.1.len(), x.1).cmp(&(y.0, x.1.len(), y.1)));
    for (key, k, v) in long {
        let at = t.phrases.len() as u32;
        let range = t.pairs.entry(key).or_insert((at, at));
        range.1 = at + 1;
        let head: usize = k.chars().take(2).map(char::len_utf8).sum();
        let tail = &k.as_bytes()[head..];
        t.phrases.push(Phrase {
            third: k.chars().nth(2).map_or(0, |c| c as u32),
            tail: t.tails.len() as u32,
            tail_len: tail.len() as u32,
            value: t.replacements.len() as u32,
        });
        t.tails.extend_from_slice(tail);
        t.replacements.push(v);
    }
    t
}

/// The character of three or four UTF-8 bytes at `b[i]` (`b[i] >= FIRST_BYTE`) and its length.
#[inline(always)]
fn wide_at(b: &[u8], i: usize) -> (u32, usize) {
    let x = b[i] as u32;
    let cont = |k: usize| (b[i + k] & 0x3F) as u32;
    if x < 0xF0 {
        (((x & 0x0F) << 12) | (cont(1) << 6) | cont(2), 3)
    } else {
        (
            ((x & 0x07) << 18) | (cont(1) << 12) | (cont(2) << 6) | cont(3),
            4,
        )
    }
}

impl Table {
    /// The longest phrase of two or more characters that begins with `a` then `b` and goes on
    /// with `rest`: (its length after `a` and `b`, its replacement).
    #[inline(always)]
    fn phrase(&self, a: u32, b: u32, rest: &[u8]) -> Option<(usize, &'static str)> {
        let &(s, e) = self.pairs.get(&pair_key(a, b))?;
        // The character after the pair, when it could go on a phrase (0 matches none).
        let third = match rest.first() {
            Some(&x) if x >= FIRST_BYTE => wide_at(rest, 0).0,
            _ => 0,
        };
        self.phrases[s as usize..e as usize]
            .iter()
            .find(|p| {
                if p.third == 0 {
                    return true;
                }
                let (at, len) = (p.tail as usize, p.tail_len as usize);
                p.third == third && rest.get(..len) == Some(&self.tails[at..at + len])
            })
            .map(|p| (p.tail_len as usize, self.replacements[p.value as usize]))
    }

    #[inline(always)]
    fn single(&self, c: u32) -> Option<&'static str> {
        let i = if c < 0x10000 {
            self.bmp[c as usize]
        } else {
            *self.astral.get(&char::from_u32(c)?)?
        };
        (i != 0).then(|| self.values[i as usize])
    }
}

/// Build the tables now (a few milliseconds), e.g. on a spare thread while the build reads its
/// files, instead of when the first page is converted.
pub fn warm_up() {
    LazyLock::force(&TABLE);
}

/// Append the traditional form of `text` to `out`.
pub fn convert_into(out: &mut String, text: &str) {
    let table = &*TABLE;
    let b = text.as_bytes();
    // Copied up to `copied`; only replaced spans are written piecewise. `i` is always at the
    // start of a character or inside one below U+3007 (stepped over byte by byte).
    let mut copied = 0;
    let mut i = 0;
    while i < b.len() {
        if b[i] < FIRST_BYTE {
            i += 1;
            continue;
        }
        let (c, len) = wide_at(b, i);
        let next = i + len;
        if next < b.len() && b[next] >= FIRST_BYTE {
            let (d, len2) = wide_at(b, next);
            if let Some((tail, v)) = table.phrase(c, d, &b[next + len2..]) {
                out.push_str(&text[copied..i]);
                out.push_str(v);
                i = next + len2 + tail;
                copied = i;
                continue;
            }
        }
        if let Some(v) = table.single(c) {
            out.push_str(&text[copied..i]);
            out.push_str(v);
            copied = next;
        }
        i = next;
    }
    out.push_str(&text[copied..]);
}

/// The traditional form of `text`.
pub fn convert(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    convert_into(&mut out, text);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn surname_pseudonyms_keep_their_surname() {
        assert_eq!(convert("范某与于某甲、钟某说"), "范某與于某甲、鍾某說");
        // The words stay what OpenCC makes them.
        assert_eq!(convert("模范，于是"), hanconv::s2t("模范，于是"));
    }

    #[test]
    fn matches_hanconv_on_phrases_and_mixed_text() {
        for s in [
            "人民调解委员会依法调解民间纠纷，双方签订调解协议。",
            "发布了头发，干部干净，一分钟后出发",
            "Hello 世界 <b>后台</b> 123 里面",
            "",
            "ａｂｃ　只有",
        ] {
            assert_eq!(convert(s), hanconv::s2t(s), "{s}");
        }
        // Every phrase of the table, run together and separated, converts as hanconv does; so
        // does every character, those beyond the BMP included.
        for dict in [
            hanconv::Dictionary::STPhrases,
            hanconv::Dictionary::STCharacters,
        ] {
            let keys: Vec<&str> = dict.iter().map(|(k, _)| k).collect();
            for sep in ["", "，a"] {
                let all = keys.join(sep);
                assert_eq!(convert(&all), hanconv::s2t(&all));
            }
        }
    }

    proptest! {
        #[test]
        fn same_as_hanconv(picks in proptest::collection::vec((0usize..60000, 0usize..4), 0..40)) {
            // Text built from pieces of real phrases and characters so long matches and their
            // overlaps are exercised, with some ASCII and punctuation between.
            let phrases: Vec<&str> = hanconv::Dictionary::STPhrases.iter().map(|(k, _)| k).collect();
            let mut s = String::new();
            for (i, how) in picks {
                let p = phrases[i % phrases.len()];
                match how {
                    0 => s.push_str(p),
                    1 => s.extend(p.chars().skip(1)),
                    2 => { s.extend(p.chars().take(1)); s.push('，'); }
                    _ => { s.push_str(p); s.push_str(" a<"); }
                }
            }
            // The surname pseudonyms are pufa's own phrases.
            prop_assume!(!SURNAME_PHRASES.iter().any(|(k, _)| s.contains(k)));
            prop_assert_eq!(convert(&s), hanconv::s2t(&s));
        }
    }
}
