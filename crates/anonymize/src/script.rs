//! Script handling: Han character classes, simplified ↔ traditional per-character variants
//! (OpenCC character tables shipped by `hanconv`, MIT / Apache-2.0 data), folding to simplified
//! for detection, and expansion of a term into every script variant for matching and auditing.

use std::collections::{BTreeSet, HashMap};
use std::sync::LazyLock;

use hanconv::RawDictionary;

/// Upper bound on the number of variants generated for one term.
const MAX_VARIANTS: usize = 256;
/// Components of the variant graph larger than this are cut down to direct neighbours.
const MAX_COMPONENT: usize = 6;

/// Is `c` a Han ideograph (CJK Unified Ideographs incl. extensions A–H and compatibility forms)?
pub fn is_han(c: char) -> bool {
    matches!(c as u32,
        0x3400..=0x4DBF
        | 0x4E00..=0x9FFF
        | 0xF900..=0xFAFF
        | 0x20000..=0x2EBEF
        | 0x2F800..=0x2FA1F
        | 0x30000..=0x323AF)
}

fn single(s: &str) -> Option<char> {
    let mut it = s.chars();
    let c = it.next()?;
    it.next().is_none().then_some(c)
}

fn dict_pairs(d: &RawDictionary) -> impl Iterator<Item = (char, Vec<char>)> + '_ {
    d.lines().filter_map(|line| {
        let mut it = line.split_whitespace();
        let k = single(it.next()?)?;
        Some((k, it.filter_map(single).collect()))
    })
}

struct Tables {
    /// char → every script variant of it (including itself), sorted.
    variants: HashMap<char, Vec<char>>,
    /// traditional / regional variant → simplified, dense for the BMP.
    fold_bmp: Vec<char>,
    /// traditional / regional variant → simplified, beyond the BMP.
    fold: HashMap<char, char>,
}

static TABLES: LazyLock<Tables> = LazyLock::new(build_tables);

fn build_tables() -> Tables {
    let mut adj: HashMap<char, BTreeSet<char>> = HashMap::new();
    let dicts = [
        RawDictionary::STCharacters,
        RawDictionary::TSCharacters,
        RawDictionary::TWVariants,
        RawDictionary::HKVariants,
    ];
    for d in &dicts {
        for (k, vs) in dict_pairs(d) {
            for v in vs {
                if v != k {
                    adj.entry(k).or_default().insert(v);
                    adj.entry(v).or_default().insert(k);
                }
            }
        }
    }
    // Fold: traditional → first simplified value; regional variants → standard traditional → simplified.
    let mut fold: HashMap<char, char> = HashMap::new();
    for (k, vs) in dict_pairs(&RawDictionary::TSCharacters) {
        if let Some(&v) = vs.first()
            && v != k
        {
            fold.insert(k, v);
        }
    }
    for d in [&RawDictionary::TWVariants, &RawDictionary::HKVariants] {
        for (standard, vs) in dict_pairs(d) {
            let target = fold.get(&standard).copied().unwrap_or(standard);
            for v in vs {
                if v != standard && v != target {
                    fold.entry(v).or_insert(target);
                }
            }
        }
    }
    // Variant sets: connected component in the variant graph, or direct neighbours when large.
    let mut variants: HashMap<char, Vec<char>> = HashMap::new();
    for &c in adj.keys() {
        let mut seen: BTreeSet<char> = BTreeSet::new();
        let mut stack = vec![c];
        while let Some(x) = stack.pop() {
            if seen.len() > MAX_COMPONENT {
                break;
            }
            if seen.insert(x)
                && let Some(ns) = adj.get(&x)
            {
                stack.extend(ns.iter().copied());
            }
        }
        if seen.len() > MAX_COMPONENT {
            seen = adj.get(&c).cloned().unwrap_or_default();
            seen.insert(c);
        }
        variants.insert(c, seen.into_iter().collect());
    }
    let mut fold_bmp: Vec<char> = (0..0x10000u32)
        .map(|v| char::from_u32(v).unwrap_or('\u{FFFD}'))
        .collect();
    fold.retain(|&k, &mut v| {
        if (k as u32) < 0x10000 {
            fold_bmp[k as usize] = v;
            false
        } else {
            true
        }
    });
    Tables {
        variants,
        fold_bmp,
        fold,
    }
}

/// Fold one character to simplified (identity for characters without a mapping).
#[inline]
pub fn fold_char(c: char) -> char {
    if c.is_ascii() {
        return c;
    }
    let t = &*TABLES;
    match t.fold_bmp.get(c as usize) {
        Some(&f) => f,
        None => t.fold.get(&c).copied().unwrap_or(c),
    }
}

/// Fold one character to simplified when that keeps its UTF-8 length (so byte offsets of a
/// folded text equal those of the original; the few characters whose simplified form has another
/// length stay as they are, in texts and in patterns alike).
#[inline]
pub(crate) fn fold_same_len(c: char) -> char {
    let f = fold_char(c);
    if f.len_utf8() == c.len_utf8() { f } else { c }
}

/// [`fold_same_len`] over a string, ASCII lower-cased: same byte length, same character
/// boundaries. This is how [`crate::project::Projection::ftext`] is folded.
pub(crate) fn fold_str_same_len(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii() {
                c.to_ascii_lowercase()
            } else {
                fold_same_len(c)
            }
        })
        .collect()
}

/// Fold a string to simplified, character by character (length-preserving in chars).
pub fn fold_str(s: &str) -> String {
    s.chars().map(fold_char).collect()
}

/// Every script variant of one character, including itself.
pub fn char_variants(c: char) -> Vec<char> {
    TABLES.variants.get(&c).cloned().unwrap_or_else(|| vec![c])
}

/// Does this text contain a character that is traditional (folds to something else)?
pub fn looks_traditional(s: &str) -> bool {
    s.chars().any(|c| fold_char(c) != c)
}

/// Convert simplified text to traditional (phrase-aware, OpenCC s2t).
pub fn to_traditional(s: &str) -> String {
    hanconv::s2t(s)
}

/// All script variants of a term: per-character cartesian product of variant sets (capped), plus
/// phrase-level s2t / t2s / Taiwan / Hong Kong conversions. Always contains the term itself.
pub fn expand(term: &str) -> Vec<String> {
    let mut out: BTreeSet<String> = BTreeSet::new();
    out.insert(term.to_string());
    let sets: Vec<Vec<char>> = term.chars().map(char_variants).collect();
    let total = sets
        .iter()
        .try_fold(1usize, |acc, s| acc.checked_mul(s.len()))
        .unwrap_or(usize::MAX);
    if total <= MAX_VARIANTS {
        let mut acc: Vec<String> = vec![String::new()];
        for set in &sets {
            let mut next = Vec::with_capacity(acc.len() * set.len());
            for prefix in &acc {
                for &c in set {
                    let mut s = prefix.clone();
                    s.push(c);
                    next.push(s);
                }
            }
            acc = next;
        }
        out.extend(acc);
    } else {
        // Too many combinations: each single-position substitution, plus all-folded.
        let chars: Vec<char> = term.chars().collect();
        for (i, set) in sets.iter().enumerate() {
            for &c in set {
                let mut v = chars.clone();
                v[i] = c;
                out.insert(v.into_iter().collect());
            }
        }
        out.insert(fold_str(term));
    }
    for conv in [
        hanconv::s2t(term),
        hanconv::t2s(term),
        hanconv::s2tw(term),
        hanconv::s2hk(term),
        fold_str(term),
    ] {
        out.insert(conv);
    }
    out.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn han_class() {
        assert!(is_han('张'));
        assert!(is_han('䶮'));
        assert!(is_han('𠈌'));
        assert!(!is_han('a'));
        assert!(!is_han('，'));
    }

    #[test]
    fn fold_and_expand() {
        assert_eq!(fold_str("張建國"), "张建国");
        assert_eq!(fold_char('於'), '于');
        let v = expand("张建国");
        assert!(v.contains(&"張建國".to_string()), "{v:?}");
        assert!(v.contains(&"张建国".to_string()));
        assert!(v.contains(&"張建国".to_string()));
        let v = expand("張建國");
        assert!(v.contains(&"张建国".to_string()));
        assert!(looks_traditional("張某說"));
        assert!(!looks_traditional("张某说"));
        assert_eq!(to_traditional("张某"), "張某");
    }

    #[test]
    fn variant_sets_are_small() {
        for c in "干后于发国张里着台".chars() {
            assert!(char_variants(c).len() <= MAX_COMPONENT + 2, "{c}");
        }
    }
}
