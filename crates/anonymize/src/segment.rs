//! jieba-rs as a weak signal for undeclared names. A candidate the cue rules rated high is demoted
//! to a low-confidence finding (reported, not replaced) when jieba's dictionary segmentation puts
//! its first character inside a longer dictionary word that runs past it (家庭成员敬老爱幼: 敬老爱
//! is part of 敬老爱幼, not a person). jieba's part-of-speech tags are not used to decide: its
//! dictionary tags idioms and phrases as names (nr) too often. Segmentation never promotes a
//! candidate, and it runs only on a short window around each candidate, so its cost stays small.

use std::sync::LazyLock;

use jieba_rs::Jieba;

static JIEBA: LazyLock<Jieba> = LazyLock::new(Jieba::new);

/// Characters of context on each side of a candidate given to the segmenter.
const WINDOW: usize = 6;

/// Whether segmentation says the name candidate at chars `start..end` of `f` is not a name.
pub(crate) fn looks_like_word(f: &[char], start: usize, end: usize) -> bool {
    if start >= end || end > f.len() {
        return false;
    }
    let from = start.saturating_sub(WINDOW);
    let to = (end + WINDOW).min(f.len());
    let window: String = f[from..to].iter().collect();
    let (s, e) = (start - from, end - from);
    let mut at = 0usize;
    for word in JIEBA.cut(&window, false) {
        let len = word.word.chars().count();
        let (ts, te) = (at, at + len);
        at = te;
        // A dictionary word holding the surname and running past the candidate.
        if ts <= s && te > e && len >= 3 && s < te {
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    #[test]
    fn idioms_and_words_are_not_names() {
        let f = chars("提倡家庭成员敬老爱幼、互相帮助");
        assert!(looks_like_word(&f, 6, 9), "敬老爱 is inside 敬老爱幼");
        let f = chars("大家要同心协力渡过难关");
        assert!(looks_like_word(&f, 3, 5), "心协 is inside 同心协力");
    }

    #[test]
    fn names_stay_names() {
        let f = chars("证人王小明说当晚听到争吵");
        assert!(!looks_like_word(&f, 2, 5));
        let f = chars("证人马建国说当晚听到了争吵");
        assert!(!looks_like_word(&f, 2, 5));
        let f = chars("邻居李秀英语气很冲");
        assert!(
            !looks_like_word(&f, 2, 5),
            "英语 starts inside the name: not a veto"
        );
    }
}
