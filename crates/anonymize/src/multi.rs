//! Leftmost-longest search for the handful of strings of one case (its names, its keep list, its
//! numbers) over projected characters. Building an Aho-Corasick automaton costs more than
//! searching a case's texts takes, so the patterns are bucketed by their first character instead:
//! a bitmap test rejects almost every position, and at the others the bucket's patterns are
//! compared longest first. The result is exactly `aho_corasick::MatchKind::LeftmostLongest`: the
//! leftmost start wins, then the longest pattern starting there, then the search goes on after it.
//! ASCII letters match case-insensitively.

use std::collections::HashMap;

use crate::lexicon::{CharSet, Fx};

/// One match: character range and pattern index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Hit {
    pub start: usize,
    pub end: usize,
    pub pattern: usize,
}

/// A compiled set of patterns (never empty).
pub(crate) struct Multi {
    /// Patterns as characters, ASCII lower-cased.
    pats: Vec<Vec<char>>,
    /// First characters (both cases of ASCII letters).
    first: CharSet,
    /// Pattern indices by lower-cased first character, longest first.
    buckets: HashMap<char, Vec<usize>, Fx>,
}

impl Multi {
    /// Compile `patterns` (empty ones never match). `None` when there is nothing to search for.
    pub fn new<S: AsRef<str>>(patterns: &[S]) -> Option<Self> {
        let pats: Vec<Vec<char>> = patterns
            .iter()
            .map(|p| p.as_ref().chars().map(|c| c.to_ascii_lowercase()).collect())
            .collect();
        let mut buckets: HashMap<char, Vec<usize>, Fx> = HashMap::default();
        let mut firsts = Vec::new();
        for (k, p) in pats.iter().enumerate() {
            if let Some(&c) = p.first() {
                buckets.entry(c).or_default().push(k);
                firsts.push(c);
                firsts.push(c.to_ascii_uppercase());
            }
        }
        if buckets.is_empty() {
            return None;
        }
        for b in buckets.values_mut() {
            b.sort_by(|&x, &y| pats[y].len().cmp(&pats[x].len()).then(x.cmp(&y)));
        }
        Some(Multi {
            first: CharSet::new(firsts),
            pats,
            buckets,
        })
    }

    /// Non-overlapping leftmost-longest matches in `hay`, in order.
    pub fn find_all(&self, hay: &[char]) -> Vec<Hit> {
        let n = hay.len();
        let mut out = Vec::new();
        let mut i = 0;
        while i < n {
            let c = hay[i];
            if !self.first.contains(c) {
                i += 1;
                continue;
            }
            let found = self.buckets.get(&c.to_ascii_lowercase()).and_then(|b| {
                b.iter().copied().find(|&k| {
                    let p = &self.pats[k];
                    hay.get(i..i + p.len())
                        .is_some_and(|w| w.iter().zip(p).all(|(a, b)| a.to_ascii_lowercase() == *b))
                })
            });
            match found {
                Some(k) => {
                    let end = i + self.pats[k].len();
                    out.push(Hit {
                        start: i,
                        end,
                        pattern: k,
                    });
                    i = end;
                }
                None => i += 1,
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aho_corasick::{AhoCorasick, MatchKind};
    use proptest::prelude::*;

    /// Aho-Corasick's leftmost-longest matches, converted to character indices.
    fn reference(pats: &[String], hay: &str) -> Vec<Hit> {
        let ac = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .ascii_case_insensitive(true)
            .build(pats)
            .map_err(|e| e.to_string());
        let ci = |b: usize| hay[..b].chars().count();
        match ac {
            Ok(ac) => ac
                .find_iter(hay)
                .map(|m| Hit {
                    start: ci(m.start()),
                    end: ci(m.end()),
                    pattern: m.pattern().as_usize(),
                })
                .collect(),
            Err(e) => panic!("{e}"),
        }
    }

    fn ours(pats: &[String], hay: &str) -> Vec<Hit> {
        let chars: Vec<char> = hay.chars().collect();
        Multi::new(pats).map_or_else(Vec::new, |m| m.find_all(&chars))
    }

    #[test]
    fn leftmost_longest_like_aho_corasick() {
        let pats: Vec<String> = ["张三", "张三丰", "三丰", "娜娜", "xa", "aa", "Tony"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        for hay in [
            "张三丰和张三",
            "娜娜娜娜娜",
            "xaaa",
            "",
            "无",
            "TONY老师tony",
        ] {
            assert_eq!(ours(&pats, hay), reference(&pats, hay), "{hay}");
        }
        assert!(Multi::new::<String>(&[]).is_none());
        assert!(Multi::new(&[""]).is_none());
    }

    proptest! {
        #[test]
        fn same_as_aho_corasick(
            pats in proptest::collection::vec("[张三丰aAb]{1,3}", 1..6),
            hay in "[张三丰aAbc]{0,40}",
        ) {
            let mut pats: Vec<String> = pats.into_iter().map(|p| p.to_ascii_lowercase()).collect();
            pats.sort();
            pats.dedup();
            prop_assert_eq!(ours(&pats, &hay), reference(&pats, &hay));
        }
    }
}
