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
/// boundaries: the form of patterns matched on [`crate::project::Projection::fchars`].
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

/// Every script variant of `term` folded with [`fold_str_same_len`]: what a matcher over folded
/// text needs. The product of each character's folded variants (capped like [`expand`]), which
/// covers the folded phrase-level conversions too (checked by a test over many names), without
/// running them.
pub(crate) fn folded_variants(term: &str) -> Vec<String> {
    let sets: Vec<Vec<char>> = term
        .chars()
        .map(|c| {
            if c.is_ascii() {
                return vec![c.to_ascii_lowercase()];
            }
            let mut v: Vec<char> = char_variants(c).into_iter().map(fold_same_len).collect();
            v.sort_unstable();
            v.dedup();
            v
        })
        .collect();
    let total = sets
        .iter()
        .try_fold(1usize, |acc, s| acc.checked_mul(s.len()))
        .unwrap_or(usize::MAX);
    if total <= MAX_VARIANTS {
        return cartesian(&sets);
    }
    // Too many combinations: the folded term and each single-position substitution.
    let base: Vec<char> = fold_str_same_len(term).chars().collect();
    let mut out: BTreeSet<String> = BTreeSet::new();
    out.insert(base.iter().collect());
    for (i, set) in sets.iter().enumerate() {
        for &c in set {
            let mut v = base.clone();
            if let Some(slot) = v.get_mut(i) {
                *slot = c;
            }
            out.insert(v.into_iter().collect());
        }
    }
    out.into_iter().collect()
}

/// Every string taking one character from each set, in order (the caller caps the count).
fn cartesian(sets: &[Vec<char>]) -> Vec<String> {
    let mut acc: Vec<String> = vec![String::new()];
    for set in sets {
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
    acc
}

/// Convert simplified text to traditional (phrase-aware, OpenCC s2t).
pub fn to_traditional(s: &str) -> String {
    crate::s2t::convert(s)
}

/// All script variants of a term: per-character cartesian product of variant sets (capped), plus
/// phrase-level s2t / t2s / Taiwan / Hong Kong conversions. Always contains the term itself.
pub fn expand(term: &str) -> Vec<String> {
    // No character with a variant: every conversion gives the term back.
    if term.chars().all(|c| !TABLES.variants.contains_key(&c)) {
        return vec![term.to_string()];
    }
    let mut out: BTreeSet<String> = BTreeSet::new();
    out.insert(term.to_string());
    let sets: Vec<Vec<char>> = term.chars().map(char_variants).collect();
    let total = sets
        .iter()
        .try_fold(1usize, |acc, s| acc.checked_mul(s.len()))
        .unwrap_or(usize::MAX);
    if total <= MAX_VARIANTS {
        out.extend(cartesian(&sets));
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
    // Taiwan and Hong Kong forms are the traditional form's variants (hanconv's s2tw and s2hk
    // are s2t followed by these), so hanconv's own s2t tables are never built.
    let traditional = to_traditional(term);
    for conv in [
        hanconv::t2tw(&traditional),
        hanconv::t2hk(&traditional),
        traditional,
        hanconv::t2s(term),
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
    fn taiwan_and_hong_kong_forms_are_variants_of_the_traditional_form() {
        // `expand` relies on hanconv's s2tw and s2hk being s2t followed by t2tw and t2hk.
        let chars = hanconv::Dictionary::STCharacters.iter().map(|(k, _)| k);
        let phrases = hanconv::Dictionary::STPhrases
            .iter()
            .map(|(k, _)| k)
            .step_by(7);
        for term in chars
            .chain(phrases)
            .chain(["张建国", "台湾发后里面", "欧阳秀英"])
        {
            let t = to_traditional(term);
            assert_eq!(hanconv::t2tw(&t), hanconv::s2tw(term), "{term}");
            assert_eq!(hanconv::t2hk(&t), hanconv::s2hk(term), "{term}");
        }
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
        assert_eq!(expand("Tony"), ["Tony"]);
        assert!(looks_traditional("張某說"));
        assert!(!looks_traditional("张某说"));
        assert_eq!(to_traditional("张某"), "張某");
    }

    #[test]
    fn folded_variants_cover_every_conversion() {
        // Names from common surnames and given-name characters, in both scripts: the folded
        // product of character variants holds every folded form `expand` produces (phrase-level
        // conversions included).
        let surnames = "张王李赵刘陈杨黄周吴徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘\
            于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙\
            史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤欧阳诸葛干後於乾發張劉陳楊黃";
        let given = "建国秀英伟芳娜敏静丽华强磊军洋勇艳杰娟涛明超霞平刚桂兰玉梅志海晓春红德福发\
            后干里台云松面谷系复制历范冲凶姜几了只准才向余斗丑卜于志勇鹏飞浩然";
        for s in surnames.chars() {
            for g in given.chars() {
                for term in [format!("{s}{g}"), format!("{s}{g}{g}"), format!("{s}某{g}")] {
                    let ours: std::collections::HashSet<String> =
                        folded_variants(&term).into_iter().collect();
                    for v in expand(&term) {
                        let f = fold_str_same_len(&v);
                        assert!(ours.contains(&f), "{term}: {v} → {f}");
                    }
                }
            }
        }
        assert_eq!(folded_variants("Tony"), ["tony"]);
        assert!(folded_variants("張建國").contains(&"张建国".to_string()));
    }

    #[test]
    fn variant_sets_are_small() {
        for c in "干后于发国张里着台".chars() {
            assert!(char_variants(c).len() <= MAX_COMPONENT + 2, "{c}");
        }
    }
}
