//! jieba-rs as a weak signal for undeclared names. It never finds a name on its own and runs only
//! on a short window (the candidate and six characters on each side) around a candidate the cue
//! rules already found, so its cost stays small.
//!
//! * Segmentation demotes: a candidate the cue rules rated high is only reported (low confidence)
//!   when jieba's dictionary segmentation puts its first character inside a longer dictionary word
//!   that runs past it (家庭成员敬老爱幼: 敬老爱 is part of 敬老爱幼, not a person).
//! * Part-of-speech tags promote: a low-confidence candidate with one real cue (a left cue such as
//!   对方 or “、” after a name, or a strong right cue such as 说, 向) is replaced after all when
//!   jieba tags exactly it as a person name (nr, nrfg, nrt) and segmentation does not demote it:
//!   one token spanning the candidate (聂美霞/nr, found by jieba's HMM for words outside its
//!   dictionary), or a surname token and a given-name token of two or more characters (甄/nr
//!   美玲/nr); after a strong cue (称, 介绍, 拒不; not 向, 家) also a surname token and a given-name
//!   token of two or more characters only one of which is tagged a name (童/nr 海波/n, 苗/n
//!   卫东/nr): jieba's tags favour frequent surnames. jieba's dictionary tags many ordinary
//!   two-character words as names (文明, 云彩, 严冬: nr) and idioms too (经人介绍: nr), so a
//!   two-character dictionary word never counts, and
//!   neither does a candidate without a cue, with only a title or a table cell as evidence, or
//!   vetoed as a common word. Known limit: jieba tags a few three-character dictionary words nr
//!   too (夏令营, 乌龙茶), so 夏令营来到 with its one right cue is replaced. The tags never demote a
//!   candidate: on the test corpus no name the cue rules rate high is tagged as another part of
//!   speech, so that rule would only add risk.

use std::sync::{Arc, RwLock};

use jieba_rs::{Jieba, Tag};

/// Jieba with its dictionary (about 35 MB), loaded when first needed and dropped by [`release`].
static JIEBA: RwLock<Option<Arc<Jieba>>> = RwLock::new(None);

fn jieba() -> Arc<Jieba> {
    if let Ok(j) = JIEBA.read()
        && let Some(j) = j.as_ref()
    {
        return j.clone();
    }
    let mut slot = JIEBA.write().unwrap_or_else(|e| e.into_inner());
    slot.get_or_insert_with(|| Arc::new(Jieba::new())).clone()
}

/// Load jieba's dictionary now (a few hundred milliseconds on one core), e.g. on a spare thread
/// while the build reads its files, instead of when the first case needs it; with it what else
/// the first case would build while the other threads wait: jieba's part-of-speech data (read
/// on its first tagging) and the traditional converter's tables.
pub fn warm_up() {
    let _ = jieba().tag("张建国说", true);
    crate::s2t::warm_up();
}

/// Drop jieba's dictionary once no more case is anonymized in this process (a build, after its
/// anonymize stage): its memory goes back before the pages are rendered, when the build's memory
/// peaks. A later use loads it again.
pub fn release() {
    if let Ok(mut slot) = JIEBA.write() {
        *slot = None;
    }
}

/// Characters of context on each side of a candidate given to the segmenter.
const WINDOW: usize = 6;

/// Part-of-speech tags jieba gives person names.
const NAME_TAGS: [&str; 3] = ["nr", "nrfg", "nrt"];

/// The window of `f` around chars `start..end`, and where the candidate lies in it.
fn window(f: &[char], start: usize, end: usize) -> (String, usize, usize) {
    let from = start.saturating_sub(WINDOW);
    let to = (end + WINDOW).min(f.len());
    (f[from..to].iter().collect(), start - from, end - from)
}

/// The dictionary word of three or more characters that holds the byte range `start..end` of
/// `text` and runs past it (文明 in 全国文明城市 → 文明城市), if segmentation finds one.
pub(crate) fn longer_word_around(text: &str, start: usize, end: usize) -> Option<String> {
    if start >= end
        || end > text.len()
        || !text.is_char_boundary(start)
        || !text.is_char_boundary(end)
    {
        return None;
    }
    let from = text[..start]
        .char_indices()
        .rev()
        .nth(WINDOW - 1)
        .map_or(0, |(i, _)| i);
    let to = text[end..]
        .char_indices()
        .nth(WINDOW)
        .map_or(text.len(), |(i, _)| end + i);
    let window = &text[from..to];
    let (s, e) = (start - from, end - from);
    let mut at = 0usize;
    for word in jieba().cut(window, false) {
        let (ts, te) = (at, at + word.word.len());
        at = te;
        if ts <= s && te >= e && te - ts > e - s && word.word.chars().count() >= 3 {
            return Some(word.word.to_string());
        }
    }
    None
}

/// Whether the characters `after` a name begin a word or a function word to jieba (明确, 亲自,
/// 平时; 刚 as an adverb), so they are not the rest of a longer name (宏 of 王力宏).
pub(crate) fn begins_word(after: &[char]) -> bool {
    let window: String = after.iter().take(4).collect();
    let j = jieba();
    let tags = j.tag(&window, true);
    let Some(first) = tags.first() else {
        return false;
    };
    first.word.chars().count() >= 2
        // Not adjectives: 伟, 强 end given names (王力伟, 王力强).
        || ["d", "p", "c", "v", "u", "r", "m", "q", "t", "f"].contains(&first.tag)
}

/// Whether `s` is a word of jieba's dictionary (高明, 方圆; names it knows too, 宋江).
pub fn in_dictionary(s: &str) -> bool {
    jieba().has_word(s)
}

/// Whether `chars` are a word of jieba's dictionary (担心, 表示).
pub(crate) fn is_dictionary_word(chars: &[char]) -> bool {
    let w: String = chars.iter().collect();
    jieba().has_word(&w)
}

/// A dictionary word seen fewer times than this in jieba's corpus is rare: as a given name it
/// is most likely a name (欣怡 2, 海峰 11, 红艳 14, 志强 15), while everyday words that are also
/// given names are seen more often (宏亮 21, 浩然 38, 卫国 445, 建国 3083).
const RARE_WORD: usize = 20;

/// Whether jieba reads `s` as words rather than a person's name: one token not tagged as a name and not rare in its dictionary,
/// or a first token longer than the surname tagged as a place (韩国/ns 人, 王国/ns 庆; not 柯文/nz
/// 杰: jieba's tags for unknown names vary).
/// A name guessed in one case that reads as words is not looked for in the others: the guess is
/// weak evidence there, and the words are common.
pub fn is_word_not_name(s: &str) -> bool {
    let j = jieba();
    let tags = j.tag(s, true);
    let name = |t: &Tag| NAME_TAGS.contains(&t.tag);
    let surname = crate::surnames::split_name(s).map_or(1, |(x, _)| x.chars().count());
    match tags.as_slice() {
        [] => false,
        // A rare dictionary word (欣怡/i, seen twice in jieba's corpus) is mostly a given name;
        // an everyday one (建国/ns, 卫国/ns, 宏亮/a, 浩然/a) is a word.
        [one] => !(name(one) || j.has_word(s) && j.suggest_freq(s) < RARE_WORD),
        [first, ..] => first.word.chars().count() > surname && first.tag.starts_with("ns"),
    }
}

/// Whether segmentation says the name candidate at chars `start..end` of `f` is not a name.
pub(crate) fn looks_like_word(f: &[char], start: usize, end: usize) -> bool {
    if start >= end || end > f.len() {
        return false;
    }
    let (window, s, e) = window(f, start, end);
    let mut at = 0usize;
    for word in jieba().cut(&window, false) {
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

/// Whether jieba's part-of-speech tags (with its HMM for words outside the dictionary) say the
/// candidate at chars `start..end` of `f`, whose first `surname_len` characters are the surname,
/// is a person name: one token spanning exactly the candidate, not a two-character dictionary
/// word, or exactly two tokens, the surname and a given name of two or more characters, all tagged
/// nr, nrfg or nrt.
pub(crate) fn tagged_as_name(f: &[char], start: usize, end: usize, surname_len: usize) -> bool {
    if start >= end || end > f.len() || surname_len == 0 {
        return false;
    }
    tokens_at(f, start, end, |first, next, s, e| {
        if first.end == e {
            return is_name(first) && (e - s >= 3 || !jieba().has_word(first.word));
        }
        first.end == s + surname_len
            && e - first.end >= 2
            && is_name(first)
            && next.is_some_and(|g| g.end == e && is_name(g))
    })
}

/// Whether jieba reads the two or more characters at `start..end` of `f` as one token it tags a
/// person name, a dictionary word included (金秋/nr in 保安金秋说, 文明/nr): weaker than
/// [`tagged_as_name`], for a report only.
pub(crate) fn dictionary_name(f: &[char], start: usize, end: usize) -> bool {
    start < end
        && end <= f.len()
        && tokens_at(f, start, end, |first, _, _, e| {
            first.end == e && is_name(first)
        })
}

fn is_name(t: &Tag) -> bool {
    NAME_TAGS.contains(&t.tag)
}

/// jieba's tokens of a window around chars `start..end` of `f`: `check` gets the token the
/// candidate starts with, the one after it, and the candidate's bounds in the window; `false`
/// when no token starts where the candidate does (tokens are contiguous).
fn tokens_at(
    f: &[char],
    start: usize,
    end: usize,
    check: impl FnOnce(&Tag, Option<&Tag>, usize, usize) -> bool,
) -> bool {
    let (window, s, e) = window(f, start, end);
    let jieba = jieba();
    let tags = jieba.tag(&window, true);
    let Some(k) = tags.iter().position(|t| t.start >= s) else {
        return false;
    };
    tags[k].start == s && check(&tags[k], tags.get(k + 1), s, e)
}

/// Whether jieba splits the candidate at chars `start..end` of `f` exactly into its surname (the
/// first `surname_len` characters) and one given-name token of two or more characters, at least
/// one of the two tagged as a name (童/nr 海波/n, 苗/n 卫东/nr, 滕/nr 建新/v): jieba's tags favour
/// frequent surnames, so with a strong cue this split is evidence enough for a rare one.
pub(crate) fn split_as_name(f: &[char], start: usize, end: usize, surname_len: usize) -> bool {
    if start >= end || end > f.len() || surname_len == 0 || end - start < surname_len + 2 {
        return false;
    }
    tokens_at(f, start, end, |first, given, s, e| {
        given.is_some_and(|given| {
            first.end == s + surname_len && given.end == e && (is_name(first) || is_name(given))
        })
    })
}

/// Whether jieba reads the surname character that starts the candidate at chars `start..end` of
/// `f` as the start of an ordinary word rather than of a name (钟爱足球, 戴眼镜), in one of
/// three shapes:
///
/// * the surname and the next character are one token, a dictionary word seen at least
///   [`RARE_WORD`] times (钟爱, 盖章, 费尽, 牛羊, 牛棚; not 尚志, seen 13 times), the candidate runs
///   one character past it, and that character continues a word: it starts a dictionary token
///   that runs past the candidate (钟爱|足球, 盖章|确认, 费尽|口舌, 牛棚|失火), or it is a verb
///   token of its own before an aspect particle (牛羊|啃|了). Names whose first two characters
///   are a word end at a token boundary or in a word jieba does not know (王国|庆说, 黄金|龙说);
/// * a verb and its object: the surname character alone is a verb to jieba's dictionary (戴, 盖,
///   包), and the rest of the candidate, or a dictionary token starting right after the surname
///   and running to the candidate's end or past it, is a dictionary word tagged a common noun
///   (戴眼镜, 盖房子, 包二奶, 戴|老花镜, 盖|棚子), or a dictionary word of three or more
///   characters the candidate cuts, whatever its tag (戴|红领巾); a given name jieba tags a name
///   or a place is no object (戴安娜, 盖红梅, 戴建国);
/// * the whole candidate of three or more characters is one token, a dictionary word not tagged a
///   name and not rare (司空见惯).
///
/// The caller decides when this may overrule its cues (not before a verb of speaking: 王国明说).
pub(crate) fn surname_starts_word(f: &[char], start: usize, end: usize) -> bool {
    if start + 2 > end || end > f.len() {
        return false;
    }
    let (window, s, e) = window(f, start, end);
    let j = jieba();
    let tags = j.tag(&window, true);
    let Some(k) = tags.iter().position(|t| t.start >= s) else {
        return false;
    };
    let first = &tags[k];
    if first.start != s {
        return false;
    }
    let frequent = |w: &str| j.has_word(w) && j.suggest_freq(w) >= RARE_WORD;
    let len = |t: &Tag| t.word.chars().count();
    // The whole candidate is one ordinary word (司空见惯).
    if first.end == e && e - s >= 3 && !is_name(first) && frequent(first.word) {
        return true;
    }
    // A word and one more character that continues a word.
    if len(first) == 2 && first.end + 1 == e && frequent(first.word) {
        let next = tags.get(k + 1);
        let after = tags.get(k + 2);
        if let Some(next) = next
            && next.start == first.end
        {
            if next.end > e && j.has_word(next.word) {
                return true;
            }
            if next.end == e
                && next.tag.starts_with('v')
                && after.is_some_and(|a| a.start == e && matches!(a.word, "了" | "着" | "过"))
            {
                return true;
            }
        }
    }
    // A verb and its object.
    let surname: String = f[start..=start].iter().collect();
    let verb = j.tag(&surname, false).first().is_some_and(|t| t.tag == "v");
    if !verb {
        return false;
    }
    let common_noun = |w: &str| {
        j.has_word(w)
            && j.tag(w, false)
                .first()
                .is_some_and(|t| t.tag == "n" && t.word == w)
    };
    if first.end == e && len(first) >= 3 && j.has_word(first.word) {
        let rest: String = f[start + 1..end].iter().collect();
        return common_noun(&rest);
    }
    if first.end == s + 1
        && let Some(next) = tags.get(k + 1)
        && next.start == first.end
        && next.end >= e
        && len(next) >= 2
    {
        // A longer word the candidate cuts (戴|红领巾: jieba tags 红领巾 nr) is an object whatever
        // its tag.
        return common_noun(next.word) || (next.end > e && len(next) >= 3 && j.has_word(next.word));
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_given_name_inside_a_longer_word() {
        let t = "调解员结合本市正在创建全国文明城市的契机。";
        let at = t.find("文明").expect("in text");
        assert_eq!(
            longer_word_around(t, at, at + "文明".len()).as_deref(),
            Some("文明城市")
        );
        let t = "文明，钱我不争了。";
        assert_eq!(longer_word_around(t, 0, "文明".len()), None);
        let t = "建国也签了字。";
        assert_eq!(longer_word_around(t, 0, "建国".len()), None);
    }

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    /// Char span of `part` in `text`.
    fn span(text: &str, part: &str) -> (usize, usize) {
        let at = text.find(part).expect("part of the text");
        let start = text[..at].chars().count();
        (start, start + part.chars().count())
    }

    #[test]
    fn a_released_dictionary_is_loaded_again_with_the_same_answers() {
        let word = chars("提倡家庭成员敬老爱幼、互相帮助");
        let (s, e) = span("证人王小明说当晚听到争吵", "王小明");
        let name = chars("证人王小明说当晚听到争吵");
        let before = (looks_like_word(&word, 6, 9), tagged_as_name(&name, s, e, 1));
        release();
        // Other tests of this process may load it meanwhile; either way it is there once used.
        let after = (looks_like_word(&word, 6, 9), tagged_as_name(&name, s, e, 1));
        assert_eq!(before, after);
        assert!(before.0, "敬老爱 is inside 敬老爱幼");
        assert!(JIEBA.read().is_ok_and(|j| j.is_some()));
    }

    #[test]
    fn dictionary_words_that_are_no_names() {
        assert!(is_word_not_name("韩国人"));
        assert!(is_word_not_name("王国庆"));
        for name in ["柯文杰", "王小军", "王军", "欧阳娜娜", "赵刚"] {
            assert!(!is_word_not_name(name), "{name}");
        }
        // Given names: a rare dictionary word is a name (欣怡/i, seen twice), an everyday one a
        // word (建国/ns, 卫国/ns, 宏亮/a, 浩然/a).
        for given in ["欣怡", "桂英", "志强"] {
            assert!(!is_word_not_name(given), "{given}");
        }
        for word in ["建国", "卫国", "宏亮", "浩然", "欣然"] {
            assert!(is_word_not_name(word), "{word}");
        }
    }

    /// 金秋/nr is a dictionary word jieba tags a name: for a report, not for a replacement.
    #[test]
    fn dictionary_names_are_reported_only() {
        let f = chars("保安金秋说他看见了。");
        assert!(dictionary_name(&f, 2, 4));
        assert!(!tagged_as_name(&f, 2, 4, 1));
        let f = chars("老人平时说。");
        assert!(!dictionary_name(&f, 2, 4));
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

    #[test]
    fn pos_tags_name_people() {
        for (text, name, slen) in [
            // One token, tagged nr by the HMM (not in jieba's dictionary).
            ("冯桂香趁机对聂美霞说：“推人这事不对。”", "聂美霞", 1),
            // One token from the dictionary, three characters long.
            ("王小明说过这件事", "王小明", 1),
            // Surname and given name as two tokens, both tagged nr.
            ("卢志豪与甄美玲之间的转让纠纷", "甄美玲", 1),
        ] {
            let (s, e) = span(text, name);
            assert!(tagged_as_name(&chars(text), s, e, slen), "{text}: {name}");
        }
    }

    /// jieba's tags favour frequent surnames: a rare one split from its given name, one of the two
    /// tagged a name, is a split name; words and single tokens are not.
    #[test]
    fn rare_surnames_split_from_their_given_names() {
        for (text, name) in [
            ("童海波称，钱还了", "童海波"),
            ("苗卫东拒不还款", "苗卫东"),
            ("柯建平说过这件事", "柯建平"),
        ] {
            let (s, e) = span(text, name);
            assert!(split_as_name(&chars(text), s, e, 1), "{text}: {name}");
        }
        for (text, word) in [
            ("孙大海说过这件事", "孙大海"),
            ("王小明说过这件事", "王小明"),
            ("童年时他说", "童年时"),
            ("各项工作表示", "项工作"),
        ] {
            let (s, e) = span(text, word);
            assert!(!split_as_name(&chars(text), s, e, 1), "{text}: {word}");
        }
    }

    #[test]
    fn pos_tags_do_not_name_words() {
        for (text, word, slen) in [
            // Two-character dictionary words jieba tags nr.
            ("一朵云彩向东飘去", "云彩", 1),
            ("对方田野不同意", "田野", 1),
            ("大家看到严冬来到", "严冬", 1),
            // The candidate is only the start of an idiom tagged nr (经人介绍/nr).
            ("与邹小燕经人介绍相识", "经人", 1),
            // Split as surname + given name, but the given name is not tagged nr (建平/n).
            ("柯建平说过这件事", "柯建平", 1),
            // Two tokens tagged nr, but split after 姜文, not after the surname.
            ("姜文博认为是大风造成的", "姜文博", 1),
        ] {
            let (s, e) = span(text, word);
            assert!(!tagged_as_name(&chars(text), s, e, slen), "{text}: {word}");
        }
    }
}
