//! Simplified → traditional conversion engine behind the `/zh-hant/` copy. OpenCC's phrase and
//! character tables (as shipped by hanconv, Apache-2.0 data) are compiled once into a
//! character-wise double-array Aho–Corasick automaton (daachorse) matched leftmost-longest, which
//! is exactly OpenCC's forward maximum matching: the output equals `hanconv::s2t`, at about twice
//! its speed, and is appended to the caller's buffer instead of allocated per call.

use std::collections::HashMap;
use std::sync::LazyLock;

use daachorse::{CharwiseDoubleArrayAhoCorasick, CharwiseDoubleArrayAhoCorasickBuilder, MatchKind};

struct Table {
    automaton: CharwiseDoubleArrayAhoCorasick<u32>,
    /// Replacement of each pattern, by pattern value.
    values: Vec<&'static str>,
}

/// `None` only if the automaton could not be built (it cannot with these tables); conversion then
/// falls back to hanconv.
static TABLE: LazyLock<Option<Table>> = LazyLock::new(build);

fn build() -> Option<Table> {
    // Phrases first, characters after: a character entry wins over a one-character phrase, as in
    // hanconv's trie, where the later insert wins.
    let mut map: HashMap<&'static str, &'static str> = HashMap::new();
    let dicts = hanconv::Dictionary::STPhrases
        .iter()
        .chain(hanconv::Dictionary::STCharacters.iter());
    for (k, v) in dicts {
        if !k.is_empty() {
            map.insert(k, v);
        }
    }
    let mut pairs: Vec<(&str, &str)> = map.into_iter().collect();
    pairs.sort_unstable();
    let automaton = CharwiseDoubleArrayAhoCorasickBuilder::new()
        .match_kind(MatchKind::LeftmostLongest)
        .build_with_values(pairs.iter().enumerate().map(|(i, (k, _))| (*k, i as u32)))
        .ok()?;
    Some(Table {
        automaton,
        values: pairs.into_iter().map(|(_, v)| v).collect(),
    })
}

/// Build the automaton now (about 0.15 s on one core), e.g. on a spare thread while the build
/// reads its files, instead of when the first page is converted.
pub fn warm_up() {
    LazyLock::force(&TABLE);
}

/// Append the traditional form of `text` to `out`.
pub fn convert_into(out: &mut String, text: &str) {
    let Some(table) = TABLE.as_ref() else {
        out.push_str(&hanconv::s2t(text));
        return;
    };
    let mut at = 0;
    for m in table.automaton.leftmost_find_iter(text) {
        out.push_str(&text[at..m.start()]);
        out.push_str(table.values[m.value() as usize]);
        at = m.end();
    }
    out.push_str(&text[at..]);
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
        // The automaton was built (else every comparison would be hanconv against itself).
        assert!(TABLE.is_some());
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
            prop_assert_eq!(convert(&s), hanconv::s2t(&s));
        }
    }
}
