//! Leftmost-longest search for the handful of strings of one case (its names, its keep list, its
//! numbers). An Aho-Corasick automaton costs tens of microseconds to build, more than searching a
//! case's texts takes; so up to [`FEW`] patterns are searched one by one with `memchr::memmem`
//! (every occurrence, overlapping ones included) and the occurrences resolved exactly as
//! `aho_corasick::MatchKind::LeftmostLongest` would: the leftmost start wins, then the longest
//! pattern starting there, then the search goes on after it. More patterns get an automaton.

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use memchr::memmem;

/// Up to this many patterns are searched one by one.
const FEW: usize = 24;

/// One match: byte range and pattern index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Hit {
    pub start: usize,
    pub end: usize,
    pub pattern: usize,
}

/// A compiled set of patterns (never empty).
pub(crate) enum Multi {
    Few(Vec<memmem::Finder<'static>>),
    Many(AhoCorasick),
}

impl Multi {
    /// Compile `patterns` (empty ones never match). `None` when there is nothing to search for.
    pub fn new<S: AsRef<str>>(patterns: &[S]) -> Result<Option<Self>, String> {
        if patterns.is_empty() {
            return Ok(None);
        }
        if patterns.len() <= FEW {
            return Ok(Some(Multi::Few(
                patterns
                    .iter()
                    .map(|p| memmem::Finder::new(p.as_ref().as_bytes()).into_owned())
                    .collect(),
            )));
        }
        AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .kind(Some(AhoCorasickKind::ContiguousNFA))
            .build(patterns.iter().map(AsRef::as_ref))
            .map(|ac| Some(Multi::Many(ac)))
            .map_err(|e| e.to_string())
    }

    /// Non-overlapping leftmost-longest matches in `hay`, in order.
    pub fn find_all(&self, hay: &str) -> Vec<Hit> {
        match self {
            Multi::Many(ac) => ac
                .find_iter(hay)
                .map(|m| Hit {
                    start: m.start(),
                    end: m.end(),
                    pattern: m.pattern().as_usize(),
                })
                .collect(),
            Multi::Few(finders) => {
                let b = hay.as_bytes();
                let mut all: Vec<Hit> = Vec::new();
                for (pattern, f) in finders.iter().enumerate() {
                    let len = f.needle().len();
                    if len == 0 {
                        continue;
                    }
                    let mut pos = 0;
                    while let Some(k) = b.get(pos..).and_then(|rest| f.find(rest)) {
                        let start = pos + k;
                        all.push(Hit {
                            start,
                            end: start + len,
                            pattern,
                        });
                        pos = start + 1;
                    }
                }
                all.sort_unstable_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
                let mut out: Vec<Hit> = Vec::with_capacity(all.len());
                for h in all {
                    if out.last().is_none_or(|l| h.start >= l.end) {
                        out.push(h);
                    }
                }
                out
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn reference(pats: &[String], hay: &str) -> Vec<Hit> {
        let ac = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(pats)
            .map_err(|e| e.to_string());
        match ac {
            Ok(ac) => ac
                .find_iter(hay)
                .map(|m| Hit {
                    start: m.start(),
                    end: m.end(),
                    pattern: m.pattern().as_usize(),
                })
                .collect(),
            Err(e) => panic!("{e}"),
        }
    }

    fn few(pats: &[String], hay: &str) -> Vec<Hit> {
        match Multi::new(pats) {
            Ok(Some(m)) => m.find_all(hay),
            _ => Vec::new(),
        }
    }

    #[test]
    fn leftmost_longest_like_aho_corasick() {
        let pats: Vec<String> = ["张三", "张三丰", "三丰", "娜娜", "xa", "aa"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        for hay in ["张三丰和张三", "娜娜娜娜娜", "xaaa", "", "无"] {
            assert_eq!(few(&pats, hay), reference(&pats, hay), "{hay}");
        }
        assert!(matches!(Multi::new::<String>(&[]), Ok(None)));
    }

    proptest! {
        #[test]
        fn same_as_aho_corasick(
            pats in proptest::collection::vec("[张三丰ab]{1,3}", 1..6),
            hay in "[张三丰abc]{0,40}",
        ) {
            let mut pats = pats;
            pats.sort();
            pats.dedup();
            prop_assert_eq!(few(&pats, &hay), reference(&pats, &hay));
        }
    }
}
