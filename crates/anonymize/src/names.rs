//! Undeclared person-name detection (a son, a witness, a neighbour nobody declared).
//!
//! Candidate = surname (single or compound) + 1–2 Han characters, on the markup projection folded to
//! simplified. Evidence: a left cue right before it (证人, 其子, 邻居…, or "、/和/与" after another
//! name), a right cue right after it (说/称/表示… strong; 与/和/的/punctuation weak; a title such as
//! 师傅). Vetoes: common words (高兴, 文明, 双方…), place/organisation suffixes (王家村, 李庄),
//! titles after a bare surname (张主任), already-anonymized tokens (王某, 王某某), text inside 《》,
//! declared names and keep-list spans. High confidence = left cue and right cue, no veto, not a
//! function-word surname; low confidence = one cue only (or a vetoed word with both cues).
//! Kinship honorifics after a bare surname (王阿姨) are low-confidence, and only when no declared
//! or kept name has that surname (they reveal no more than 王某).

use std::collections::HashSet;

use crate::lexicon::{
    KIN_HONORIFICS, VETO_SET, W_FOLLOW_WORDS, W_LEFT_CUES, W_PLACE_SUFFIXES, W_RIGHT_SPEECH,
    W_RIGHT_WEAK, W_TITLES, is_place_suffix_char, is_stop_char, is_strong_place_char,
};
use crate::project::Projection;
use crate::script::{fold_char, is_han};
use crate::surnames::{compound_at_for_detection, is_single_surname};
use crate::types::Confidence;

/// Surnames that are also function words: a candidate starting with one is at most low confidence.
const WEAK_SURNAMES: &str = "和于从向能那有全相时都后应及同双国过别";
/// Connectors that chain names: 张三、李四 / 张三和李四.
const CHAIN: &str = "、和与及同跟";

/// One detected candidate, in projected character indices.
#[derive(Debug, Clone)]
pub(crate) struct Candidate {
    pub ci: usize,
    pub cj: usize,
    /// Number of surname characters.
    pub surname_len: usize,
    /// Folded (simplified) name.
    pub key: String,
    pub confidence: Confidence,
    pub reason: String,
    /// Surname-only honorific (王阿姨): never replaced.
    pub honorific: bool,
}

/// Context for detection in one text.
pub(crate) struct DetectCtx<'a> {
    /// Projected char ranges already covered by declared names or keep-list strings.
    pub covered: &'a [(usize, usize)],
    /// Projected char ranges of declared given names (建国): a surname right before one
    /// (李建国 when the party is 张建国) is another person's full name.
    pub given: &'a [(usize, usize)],
    /// Folded surnames of declared and kept people (honorifics with these are not reported).
    pub known_surnames: &'a HashSet<String>,
}

fn left_cue(f: &[char], i: usize, chain_ends: &HashSet<usize>) -> Option<String> {
    let i = i.min(f.len());
    if let Some(w) = W_LEFT_CUES.suffix(&f[i.saturating_sub(W_LEFT_CUES.max_len)..i]) {
        return Some(w.to_string());
    }
    if i >= 1 && CHAIN.contains(f[i - 1]) && chain_ends.contains(&(i - 1)) {
        return Some(f[i - 1].to_string());
    }
    None
}

struct Right {
    strong: Option<&'static str>,
    weak: bool,
    title: Option<&'static str>,
}

fn right_cue(f: &[char], end: usize) -> Right {
    let rest = &f[end.min(f.len())..];
    let weak = rest.is_empty()
        || W_RIGHT_WEAK.prefix(rest).is_some()
        || rest
            .first()
            .is_some_and(|&c| !is_han(c) && !c.is_ascii_alphanumeric());
    Right {
        strong: W_RIGHT_SPEECH.prefix(rest),
        weak,
        title: W_TITLES.prefix(rest).filter(|t| *t != "某"),
    }
}

fn place_follows(f: &[char], end: usize) -> bool {
    f.get(end).is_some_and(|&c| is_place_suffix_char(c))
        || W_PLACE_SUFFIXES.prefix(&f[end.min(f.len())..]).is_some()
}

/// Detect candidates in one projection.
pub(crate) fn detect(p: &Projection, ctx: &DetectCtx<'_>) -> Vec<Candidate> {
    let f: Vec<char> = p.chars.iter().map(|c| fold_char(c.ch)).collect();
    let n = f.len();
    let mut covered = vec![false; n];
    let mut chain_ends: HashSet<usize> = HashSet::new();
    for &(a, b) in ctx.covered {
        for c in covered.iter_mut().take(b.min(n)).skip(a) {
            *c = true;
        }
        chain_ends.insert(b);
    }
    // Inside 《…》 (titles of statutes, books) nothing is a person.
    let mut in_book = vec![false; n];
    let mut depth = 0u32;
    for (k, &c) in f.iter().enumerate() {
        match c {
            '《' | '〈' => depth += 1,
            '》' | '〉' => depth = depth.saturating_sub(1),
            _ => {}
        }
        in_book[k] = depth > 0;
    }
    let usable = |k: usize| k < n && !covered[k] && is_han(f[k]) && !is_stop_char(f[k]);
    let mut out = Vec::new();
    let mut i = 0;
    while i < n {
        if covered[i] || in_book[i] || !is_han(f[i]) {
            i += 1;
            continue;
        }
        // The character ends a cue word (邻居赵敏: 居 is not a surname here).
        if left_cue(&f, i + 1, &chain_ends).is_some_and(|c| c.chars().count() > 1) {
            i += 1;
            continue;
        }
        let slen = match compound_at_for_detection(&f[i..]) {
            Some(k) => k,
            None if is_single_surname(f[i]) => 1,
            None => {
                i += 1;
                continue;
            }
        };
        let g0 = i + slen;
        if g0 >= n {
            break;
        }
        // Surname + a declared party's given name: another person (李建国 next to party 张建国).
        if let Some(&(_, gend)) = ctx.given.iter().find(|&&(a, _)| a == g0)
            && !(slen == 1 && WEAK_SURNAMES.contains(f[i]))
        {
            out.push(Candidate {
                ci: i,
                cj: gend,
                surname_len: slen,
                key: f[i..gend].iter().collect(),
                confidence: Confidence::High,
                reason: "姓氏加当事人的名字，疑似另一人".to_string(),
                honorific: false,
            });
            chain_ends.insert(gend);
            i = gend;
            continue;
        }
        // Already anonymized: 王某, 王某某, 王某甲.
        if f[g0] == '某' {
            i = g0 + 1;
            continue;
        }
        let surname: String = f[i..g0].iter().collect();
        // Title or honorific right after the surname: 张主任, 王阿姨.
        if let Some(t) = W_TITLES.prefix(&f[g0..]) {
            let tend = g0 + t.chars().count();
            let standalone = i == 0 || !is_han(f[i - 1]) || left_cue(&f, i, &chain_ends).is_some();
            if KIN_HONORIFICS.contains(&t) && standalone && !ctx.known_surnames.contains(&surname) {
                out.push(Candidate {
                    ci: i,
                    cj: tend,
                    surname_len: slen,
                    key: f[i..tend].iter().collect(),
                    confidence: Confidence::Low,
                    reason: format!("仅含姓氏的称呼（姓+“{t}”），风险低"),
                    honorific: true,
                });
            }
            i = tend;
            continue;
        }
        if !usable(g0) {
            i += 1;
            continue;
        }
        let left = left_cue(&f, i, &chain_ends);
        let two = usable(g0 + 1);
        let r2 = two.then(|| right_cue(&f, g0 + 2));
        let r1 = right_cue(&f, g0 + 1);
        let has = |r: &Right| r.strong.is_some() || r.weak || r.title.is_some();
        let follow = W_FOLLOW_WORDS.prefix(&f[g0 + 1..]).is_some();
        let g = match &r2 {
            Some(r) if has(r) => 2,
            Some(_) if r1.strong.is_some() || r1.title.is_some() || follow => 1,
            Some(_) => 2,
            None => 1,
        };
        let end = g0 + g;
        let mut right = if g == 2 { r2.unwrap_or(r1) } else { r1 };
        if g == 1 && follow {
            right.weak = true;
        }
        let key: String = f[i..end].iter().collect();
        let first_two: String = f[i..g0 + 1].iter().collect();
        let given: String = f[g0..end].iter().collect();
        let place = place_follows(&f, end) || is_strong_place_char(f[end - 1]);
        let has_left = left.is_some();
        let has_right = right.strong.is_some() || right.title.is_some() || right.weak;
        // A three-character name whose first two characters are a word (王国庆, 刘海燕) is still a
        // name when both cues are present; the whole candidate being a word (高兴) never is.
        let veto = VETO_SET.contains(key.as_str())
            || (VETO_SET.contains(first_two.as_str()) && !(g == 2 && has_left && has_right))
            || (VETO_SET.contains(given.as_str()) && g == 2 && !has_left);
        let weak_surname = slen == 1 && WEAK_SURNAMES.contains(f[i]);
        let right_desc = right
            .strong
            .or(right.title)
            .map(|s| format!("“{s}”"))
            .or_else(|| right.weak.then(|| "标点或虚词".to_string()));
        if place {
            i += 1;
            continue;
        }
        // A token standing alone (a table cell, a list item: | 李四海 |) may be a name.
        let boundary = |c: char| !is_han(c) && !c.is_ascii_alphanumeric();
        let standalone = (i == 0 || boundary(f[i - 1])) && (end == n || boundary(f[end]));
        let confidence = if has_left && has_right && !veto && !weak_surname {
            Some(Confidence::High)
        } else if veto {
            (has_left && has_right).then_some(Confidence::Low)
        } else if has_left || right.strong.is_some() || right.title.is_some() || standalone {
            Some(Confidence::Low)
        } else {
            None
        };
        // A function-word surname (和, 于, 别…) needs a left cue to be considered at all.
        let confidence = confidence.filter(|_| !weak_surname || has_left);
        let Some(confidence) = confidence else {
            i += 1;
            continue;
        };
        let mut reason = match (&left, &right_desc) {
            (Some(l), Some(r)) => format!("左侧线索“{l}”，右侧线索{r}"),
            (Some(l), None) => format!("左侧线索“{l}”"),
            (None, Some(_)) if standalone && right.strong.is_none() && right.title.is_none() => {
                "独立成词（如表格单元格、列表项）".to_string()
            }
            (None, Some(r)) => format!("右侧线索{r}"),
            (None, None) => String::new(),
        };
        if veto {
            reason.push_str("；疑似常用词");
        } else if weak_surname {
            reason.push_str("；姓氏同时是常用虚词");
        }
        out.push(Candidate {
            ci: i,
            cj: end,
            surname_len: slen,
            key,
            confidence,
            reason,
            honorific: false,
        });
        if has_left {
            chain_ends.insert(end);
        }
        i = end;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str) -> Vec<(String, Confidence)> {
        let p = Projection::new(text, true);
        let known = HashSet::new();
        let ctx = DetectCtx {
            covered: &[],
            given: &[],
            known_surnames: &known,
        };
        detect(&p, &ctx)
            .into_iter()
            .map(|c| (c.key, c.confidence))
            .collect()
    }

    fn high(text: &str) -> Vec<String> {
        run(text)
            .into_iter()
            .filter(|c| c.1 == Confidence::High)
            .map(|c| c.0)
            .collect()
    }

    #[test]
    fn finds_witnesses_and_relatives() {
        assert_eq!(high("证人王小明说，当晚听到争吵。"), ["王小明"]);
        assert_eq!(high("其子张伟与邻居发生争执"), ["张伟"]);
        assert_eq!(high("邻居欧阳娜娜表示同意"), ["欧阳娜娜"]);
        assert_eq!(high("證人王小明說"), ["王小明"]);
        assert_eq!(
            high("村民刘强、李四海和赵敏到场"),
            ["刘强", "李四海", "赵敏"]
        );
        assert_eq!(high("证人**王**小明说"), ["王小明"]);
        assert_eq!(high("证人王国庆说"), ["王国庆"]);
        assert_eq!(high("被告赵六、钱七借款纠纷"), ["赵六", "钱七"]);
        assert_eq!(high("社区书记马文华来到现场"), ["马文华"]);
        assert_eq!(high("证人刘海燕说"), ["刘海燕"]);
    }

    #[test]
    fn skips_words_places_titles_anonymized() {
        for t in [
            "双方当事人高兴地说",
            "村民马上说",
            "当事人双方同意",
            "申请人王某称",
            "被申请人李某某表示",
            "邻居王家村的人说",
            "居民张主任说",
            "原告向法院起诉",
            "依据《中华人民共和国民法典》第二百八十八条",
            "居民文明出行",
            "在向阳社区调解",
            "申请人于当日",
            "业主方认为",
        ] {
            assert_eq!(high(t), Vec::<String>::new(), "{t}");
        }
    }

    #[test]
    fn low_confidence() {
        let r = run("王小明说过这件事");
        assert_eq!(r, vec![("王小明".to_string(), Confidence::Low)]);
        let r = run("村民江山说");
        assert_eq!(r, vec![("江山".to_string(), Confidence::Low)]);
        let r = run("| 李四海 |");
        assert_eq!(r, vec![("李四海".to_string(), Confidence::Low)]);
        let r = run("隔壁，王阿姨说");
        assert_eq!(r, vec![("王阿姨".to_string(), Confidence::Low)]);
        let r = run("王大爷和李阿姨在场");
        assert_eq!(r.len(), 1, "{r:?}");
        assert_eq!(high("邻居赵敏表示同意"), ["赵敏"]);
    }
}
