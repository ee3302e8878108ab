//! Undeclared person-name detection (a son, a witness, a neighbour nobody declared).
//!
//! Candidate = surname (single or compound) + 1–2 Han characters, on the markup projection folded to
//! simplified; or a transliterated name with a middle dot (艾力·买买提). Evidence: a left cue right
//! before it (a person noun from `data/left_cues.txt`: 证人, 妻子, 老伴, 村医, 接手的…, any word
//! ending in 员 such as 保洁员; or "、/和/与" after another name), a right cue right after it
//! (说/称/表示… strong; 与/和/的/punctuation weak; a title such as 师傅), and the pattern
//! "X诉Y" / "X与Y发生…" between two candidates. Vetoes: common words (高兴, 文明, and the frequent
//! words of `data/common_words.txt` that start with a surname character: 查明, 卫生, 公约, and a
//! few jieba lacks: 尚欠, 包片),
//! place/organisation suffixes (王家村, 李庄), titles after a bare surname (张主任), already-anonymized
//! tokens (王某, 王某某), text inside 《》, declared names and keep-list spans.
//!
//! A surname character that completes a frequent word with the character before it
//! (`data/bond_words.txt`: 调解, 公平, 权益) starts no name unless a person noun ends right before
//! it; a person noun whose last character forms a word with the next one (维修工程, 物业主任) is no
//! cue. A few stop characters are common in given names and allowed where they fit (滕家齐, 秦可欣,
//! 仇万山 as the first of two given characters, 邢福来 as the last).
//!
//! High confidence (replaced) = no veto, not a function-word surname, and one of: a strong left cue
//! (a person noun); a left cue and a right cue; the 诉/与/和 pattern; a three-character name opening
//! a clause and followed by a title (夏侯淑芬老人); a name label and a colon before a name that ends
//! the field (经手人：何平；, 甲方：李建国（签字）), or a cell under a name column of a Markdown table
//! of people (| 姓名 |); a preposition before and a verb of dealing or speaking after (与滕建新协商,
//! 据卜文涛介绍). After a relative or a witness (女儿, 其子, 证人) a full name whose first two
//! characters are a word (女儿王国芳、) is one when the clause ends or a cue follows; after a
//! collective noun (居民黄金周出游) it is not. A unit after a number (2023年国庆节后, 3周年) starts no
//! name. Low confidence (reported only) = one cue only, or a vetoed word with both cues. Kinship
//! honorifics after a bare surname (王阿姨) are low-confidence, and only when no declared or kept
//! name has that surname (they reveal no more than 王某).
//!
//! jieba-rs is a weak signal on top (`segment`): a low-confidence find with one real cue (a left
//! cue, or a strong right cue such as 说) is high after all when jieba's part-of-speech tags call
//! exactly it a person name (他对聂美霞说), or, with a strong cue, when jieba splits it exactly into
//! surname and given name and tags one of them a name (童/nr 海波/n 称: its tags favour frequent
//! surnames); a high-confidence find inside a longer dictionary word (敬老爱幼) is only reported.

use std::cell::Cell;
use std::collections::HashSet;
use std::sync::LazyLock;

use crate::lexicon::{
    BOND_SET, CharSet, ENDING_SET, KIN_CUES, KIN_HONORIFICS, NAME_LIKE_SET, SOFT_LAST_NEXT,
    SOFT_STOP_FIRST, SOFT_STOP_LAST, SOFT_STOP_NEXT, VETO_SET, W_DEAL_VERBS, W_FOLLOW_WORDS,
    W_KIN_RIGHT, W_LEFT_CUES, W_NAME_LABELS, W_NOT_PLACE_WORDS, W_PLACE_SUFFIXES, W_RIGHT_SPEECH,
    W_RIGHT_WEAK, W_TITLES, W_WEAK_LEFT_CUES, WORD_SET, WordList, is_place_suffix_char,
    is_stop_char, is_strong_place_char,
};
use crate::project::Projection;
use crate::script::is_han;
use crate::surnames::{COMPOUND_FIRST_CHARS, compound_at_wordlike, is_single_surname_folded};
use crate::types::Confidence;

/// Surnames that are also function words: a candidate starting with one is at most low confidence.
const WEAK_SURNAMES: &str = "和于从向能那有全相时都后应及同双国过别";
/// Connectors that chain names: 张三、李四 / 张三和李四.
const CHAIN: &str = "、和与及同跟";
/// Units after a number that are surname characters too (2023年国庆节后, 3周年, 5万元, 两张借条).
const UNITS: &str = "年时周万百元米包支项路席班单张方双宗封成连章段";

/// Is `c` a digit or a Chinese numeral (a unit after it is no surname)?
fn is_numeral(c: char) -> bool {
    c.is_ascii_digit() || "〇零一二三四五六七八九十百千万两几半数每".contains(c)
}
/// Connectors between two names in "X诉Y" (a case title) and "X与Y发生…" / "X和Y因…".
const PAIR: &str = "诉与和";

/// Character sets of the constants above and of the soft stop characters, for fast membership.
struct Sets {
    weak_surnames: CharSet,
    chain: CharSet,
    units: CharSet,
    pair: CharSet,
    closers: CharSet,
    dotted_stop: CharSet,
    soft_first: CharSet,
    soft_next: CharSet,
    soft_last: CharSet,
    soft_last_next: CharSet,
}

static SETS: LazyLock<Sets> = LazyLock::new(|| Sets {
    weak_surnames: CharSet::new(WEAK_SURNAMES.chars()),
    chain: CharSet::new(CHAIN.chars()),
    units: CharSet::new(UNITS.chars()),
    pair: CharSet::new(PAIR.chars()),
    closers: CharSet::new(CLOSERS.chars()),
    dotted_stop: CharSet::new(DOTTED_STOP.chars()),
    soft_first: CharSet::new(SOFT_STOP_FIRST.chars()),
    soft_next: CharSet::new(SOFT_STOP_NEXT.chars()),
    soft_last: CharSet::new(SOFT_STOP_LAST.chars()),
    soft_last_next: CharSet::new(SOFT_LAST_NEXT.chars()),
});

/// One detected candidate, in projected character indices.
#[derive(Debug, Clone)]
pub(crate) struct Candidate {
    pub ci: usize,
    pub cj: usize,
    /// Number of surname characters (for a dotted name: the characters before the first dot).
    pub surname_len: usize,
    /// Folded (simplified) name.
    pub key: String,
    pub confidence: Confidence,
    pub reason: String,
    /// Surname-only honorific (王阿姨): never replaced.
    pub honorific: bool,
    /// Transliterated name with a middle dot (艾力·买买提).
    pub dotted: bool,
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

/// A left-context cue and how much it says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Left {
    /// A person noun (证人, 妻子, 保洁员): enough on its own.
    Strong(&'static str),
    /// A weaker word (本人, 对方) or a connector after another name (、和与): needs a right cue.
    Weak(&'static str),
    Chain(char),
    /// A label and a colon (经手人：, 甲方：): enough when the name ends the field.
    Label(&'static str),
}

impl Left {
    fn text(self) -> String {
        match self {
            Left::Strong(w) | Left::Weak(w) => w.to_string(),
            Left::Chain(c) => c.to_string(),
            Left::Label(MENTION) => "@".to_string(),
            Left::Label(SPEAKER) => "聊天记录的发言人".to_string(),
            Left::Label(w) if w.ends_with("名单") => format!("“{w}”下的列表"),
            Left::Label(w) => format!("{w}："),
        }
    }
}

/// The label of a name after `@` in a chat (`@刘桂英 你评评理`).
const MENTION: &str = "@";
/// The label of a chat line's speaker (`> 刘桂英 21:35：…`, `刘桂英 2024/1/12 20:15`).
const SPEAKER: &str = "发言人";

/// Closing quotes and brackets a left cue may stand behind (“爱猫志愿者”上官婷婷).
const CLOSERS: &str = "”」』》）)\"'";

/// The longest left cue ending right before a position, looked up on demand and remembered for
/// the last position asked (the scan asks for `i + 1` and then, one step on, for `i` again).
struct CueEnds<'a> {
    f: &'a [char],
    memo: Cell<Option<(usize, Option<&'static str>)>>,
}

impl<'a> CueEnds<'a> {
    fn new(f: &'a [char]) -> Self {
        CueEnds {
            f,
            memo: Cell::new(None),
        }
    }

    #[inline]
    fn at(&self, k: usize) -> Option<&'static str> {
        if let Some((mk, w)) = self.memo.get()
            && mk == k
        {
            return w;
        }
        let k = k.min(self.f.len());
        let w = W_LEFT_CUES.suffix(&self.f[k.saturating_sub(W_LEFT_CUES.max_len)..k]);
        self.memo.set(Some((k, w)));
        w
    }
}

/// Left cue ending right before `i`.
fn left_cue(f: &[char], cues: &CueEnds, i: usize, chain_ends: &HashSet<usize>) -> Option<Left> {
    let i = i.min(f.len());
    // 维修工程, 物业主任: the cue's last character and the candidate's first form a word.
    let bond = i >= 1 && i < f.len() && BOND_SET.contains(&f[i - 1..=i]);
    let person = |k: usize| -> Option<Left> {
        if let Some(w) = cues.at(k) {
            return Some(Left::Strong(w));
        }
        // Any word ending in 员 names a person (保洁员, 测绘员, 工作人员).
        (k >= 2 && f[k - 1] == '员' && is_han(f[k - 2])).then_some(Left::Strong("员"))
    };
    if !bond && let Some(l) = person(i) {
        return Some(l);
    }
    if i >= 2
        && SETS.closers.contains(f[i - 1])
        && let Some(l) = person(i - 1)
    {
        return Some(l);
    }
    let before = &f[i.saturating_sub(W_LEFT_CUES.max_len)..i];
    if let Some(w) = W_WEAK_LEFT_CUES.suffix(before) {
        return Some(Left::Weak(w));
    }
    if i >= 1 && SETS.chain.contains(f[i - 1]) && chain_ends.contains(&(i - 1)) {
        return Some(Left::Chain(f[i - 1]));
    }
    None
}

/// Does a multi-character left cue end right before `i` (the character before `i` is not the
/// start of a name: 邻居赵敏, 居 is a surname)?
fn cue_word_ends(cues: &CueEnds, i: usize) -> bool {
    cues.at(i).is_some_and(|w| w.chars().nth(1).is_some())
}

/// The label of a field whose value starts at `i` (经手人：何平, 甲方： 李建国): a name label, then
/// a colon, then spaces. Not any person noun: 母亲：何必呢？ is a line of dialogue.
fn colon_label(f: &[char], i: usize) -> Option<&'static str> {
    let mut k = i.min(f.len());
    while k > 0 && matches!(f[k - 1], ' ' | '\t' | '\u{3000}') {
        k -= 1;
    }
    // 见证人：（签名）董桂香: the note of a signature between the colon and the name.
    if k >= 4 && matches!(f[k - 1], '）' | ')') {
        let note = &f[k.saturating_sub(8)..k - 1];
        if let Some(open) = note.iter().rposition(|&c| matches!(c, '（' | '('))
            && SIGN_NOTES
                .iter()
                .any(|w| w.chars().eq(note[open + 1..].iter().copied()))
        {
            k = k.saturating_sub(8) + open;
            while k > 0 && matches!(f[k - 1], ' ' | '\t' | '\u{3000}') {
                k -= 1;
            }
        }
    }
    // 记录人：村文书罗晓梅: a job title between the label's colon and the name.
    if k >= 1 && !matches!(f[k - 1], '：' | ':') {
        let before = &f[k.saturating_sub(JOB_TITLES.max_len)..k];
        let title = JOB_TITLES.suffix(before).or_else(|| {
            W_TITLES
                .suffix(before)
                .filter(|t| t.chars().nth(1).is_some())
        })?;
        k -= title.chars().count();
        // 村文书, 社区会计: the place of the job.
        if k >= 1 && f[k - 1] == '村' {
            k -= 1;
        } else if k >= 2 && f[k - 2..k] == ['社', '区'] {
            k -= 2;
        }
    }
    if k == 0 || !matches!(f[k - 1], '：' | ':') {
        return None;
    }
    let mut k = k - 1;
    // 甲方（出租人）：王建国: the label may carry a short note in brackets.
    if k >= 1 && matches!(f[k - 1], '）' | ')') {
        let open = f[k.saturating_sub(10)..k - 1]
            .iter()
            .rposition(|&c| matches!(c, '（' | '('))?;
        k = k.saturating_sub(10) + open;
    }
    W_NAME_LABELS.suffix(&f[k.saturating_sub(W_NAME_LABELS.max_len)..k])
}

/// Notes in brackets between a label's colon and a signed name (见证人：（签名）董桂香).
const SIGN_NOTES: &[&str] = &[
    "签名",
    "签字",
    "签章",
    "手写",
    "本人签名",
    "签名捺印",
    "手印",
];

/// Job titles between a label's colon and a name (记录人：村文书罗晓梅, 经手人：会计李丽), besides
/// the titles of `data/titles.txt` of two or more characters.
static JOB_TITLES: LazyLock<WordList> = LazyLock::new(|| {
    WordList::new(&[
        "文书",
        "会计",
        "出纳",
        "保管员",
        "记录员",
        "网格员",
        "保安",
        "保洁",
        "司机",
        "电工",
        "单元长",
        "楼栋长",
        "楼道长",
        "组长",
        "村医",
        "社工",
        "工人",
    ])
});

/// Where the text after a name at `end` goes on: past the rest of a Markdown link whose text is
/// the name (`[俞宏亮](url)说`: the `](url)`), so a cue after the link counts as it does after
/// emphasis; else `end`.
fn past_link(f: &[char], end: usize) -> usize {
    if f.get(end) != Some(&']') {
        return end;
    }
    match f.get(end + 1) {
        Some('(') => f[end + 2..f.len().min(end + 2 + 512)]
            .iter()
            .position(|&c| c == ')' || c.is_whitespace())
            .filter(|&k| f[end + 2 + k] == ')')
            .map_or(end, |k| end + 3 + k),
        Some('[') => f[end + 2..f.len().min(end + 2 + 64)]
            .iter()
            .position(|&c| c == ']' || c == '\n')
            .filter(|&k| f[end + 2 + k] == ']')
            .map_or(end, |k| end + 3 + k),
        _ => end,
    }
}

/// Does a name end at `end`: the text or the clause ends, whitespace the projection skipped
/// follows (甲方：李建国 乙方：…), or a signature (赵大勇签字, 李建国（签字）)?
fn field_ends(f: &[char], m: &Marks, end: usize) -> bool {
    let Some(&c) = f.get(end) else {
        return true;
    };
    if m.spaced[end] {
        return true;
    }
    // （盖章） after a field is a company's seal: 乙方：申通（盖章） names no person.
    let rest = &f[end..];
    if matches!(c, '（' | '(') && rest.get(1..3) == Some(&['盖', '章'][..]) {
        return false;
    }
    // 收款人：万晓东收⏎见证人：…: the receipt's 收 ends its line.
    let received_at_line_end = c == '收' && m.spaced.get(end + 1) == Some(&true);
    (!is_han(c) && !c.is_ascii_alphanumeric()) || signed(f, end) || received_at_line_end
}

/// Does a signature follow at `end` (赵大勇签字, 何平签收, 收款人：万晓东收)?
fn signed(f: &[char], end: usize) -> bool {
    const SIGNS: [[char; 2]; 7] = [
        ['签', '字'],
        ['签', '名'],
        ['签', '章'],
        ['签', '收'],
        ['收', '讫'],
        ['捺', '印'],
        ['按', '印'],
    ];
    let rest = &f[end.min(f.len())..];
    // 收款人：万晓东收, a receipt's last word (not the 收 of 签收).
    let received = rest.first() == Some(&'收')
        && rest.get(1).is_none_or(|&x| !is_han(x))
        && !(end >= 1 && f[end - 1] == '签');
    received || SIGNS.iter().any(|w| rest.starts_with(w))
}

struct Right {
    strong: Option<&'static str>,
    weak: bool,
    title: Option<&'static str>,
}

impl Right {
    fn any(&self) -> bool {
        self.strong.is_some() || self.weak || self.title.is_some()
    }
}

fn right_cue(f: &[char], end: usize) -> Right {
    let end = past_link(f, end.min(f.len()));
    let rest = &f[end..];
    let weak = rest.is_empty()
        || W_RIGHT_WEAK.prefix(rest).is_some()
        || rest
            .first()
            .is_some_and(|&c| !is_han(c) && !c.is_ascii_alphanumeric());
    // One adverb may stand between the name and the verb (彭晓东也证实, 贾志刚却推脱).
    let after_adverb = || {
        rest.first()
            .filter(|c| "也都又还曾已便就却仍再".contains(**c))
            .and_then(|_| W_RIGHT_SPEECH.prefix(&rest[1..]))
    };
    Right {
        strong: W_RIGHT_SPEECH.prefix(rest).or_else(after_adverb),
        weak,
        title: W_TITLES.prefix(rest).filter(|t| *t != "某"),
    }
}

/// The deal or speech verb after a name at `end` (协商, 介绍), for a report.
fn right_word(f: &[char], end: usize) -> &'static str {
    let rest = &f[end.min(f.len())..];
    W_DEAL_VERBS
        .prefix(rest)
        .or_else(|| W_RIGHT_SPEECH.prefix(rest))
        .unwrap_or("")
}

fn place_follows(f: &[char], end: usize) -> bool {
    let rest = &f[end.min(f.len())..];
    if W_NOT_PLACE_WORDS.prefix(rest).is_some() {
        return false;
    }
    f.get(end).is_some_and(|&c| is_place_suffix_char(c)) || W_PLACE_SUFFIXES.prefix(rest).is_some()
}

/// Per-position flags of one text.
struct Marks {
    covered: Vec<bool>,
    in_book: Vec<bool>,
    /// Whitespace the projection skipped comes before this character (李建国 乙方).
    spaced: Vec<bool>,
}

/// The shape of a possible name starting at `i` (before weighing the evidence).
struct Span {
    slen: usize,
    /// End of the name (exclusive).
    end: usize,
    right: Right,
    veto: bool,
    /// Vetoed only because its first two characters are a word (刘海|燕, 王国|庆): after a
    /// collective person noun (村民刘海燕到场) still worth a report, never a replacement
    /// (居民黄金周出游). After a relative, a witness or a label it is no veto
    /// ([`word_shaped_name`]).
    first_two_only: bool,
    /// After a label and a colon, and the field ends after it (甲方：李建国（签字）).
    labelled: bool,
    /// Vetoed only as two characters after a person noun that are a dictionary word, which
    /// jieba's dictionary tags a name (保安金秋说): worth a report with a speech cue.
    dictionary_name: bool,
    place: bool,
    weak_surname: bool,
}

/// Does `f[i]` complete a frequent word with `f[i - 1]` (调解, 公平, 权益)?
fn inside_word(f: &[char], i: usize) -> bool {
    i >= 1 && i < f.len() && ENDING_SET.contains(&f[i - 1..=i])
}

/// Surname length of a candidate starting at `i`. A compound surname that is also a word (东方,
/// 上官) counts only when `strong` (a person noun right before it: 母亲东方桂兰).
fn surname_at(f: &[char], i: usize, strong: bool) -> Option<usize> {
    let c = f[i];
    if let Some((k, wordlike)) = compound_at_wordlike(&f[i..])
        && (!wordlike || strong)
    {
        return Some(k);
    }
    is_single_surname_folded(c).then_some(1)
}

/// Is the three-character candidate `i..end`, whose first two characters are a word, a name all
/// the same? After a relative or a witness (女儿王国芳、, 其子林业强, 证人高尚武到场) when the
/// clause ends there or a cue follows; after a label (甲方：王国芳（签字）) when the field ends. Not
/// when it is a dictionary word (母亲金黄色的) or its last character starts a word with the next
/// one (儿子周末回来): 居民黄金周出游 has the same shape after a collective noun.
fn word_shaped_name(
    f: &[char],
    m: &Marks,
    i: usize,
    end: usize,
    left: Option<Left>,
    right: &Right,
) -> bool {
    let rest = &f[end.min(f.len())..];
    let cue = match left {
        // Not the clause's end alone: 孙女成绩好，, 儿子车贷多。 have the same shape.
        Some(Left::Strong(w)) if KIN_CUES.contains(&w) => {
            right.strong.is_some()
                || W_KIN_RIGHT.prefix(rest).is_some()
                || rest.first().is_some_and(|&c| "、和与及等".contains(c))
        }
        Some(Left::Label(_)) => field_ends(f, m, end),
        _ => false,
    };
    // 何必呢, 是不是啊: a sentence-final particle ends no name.
    if !cue
        || "呢吗吧啊呀啦嘛哦哇".contains(f[end - 1])
        || crate::segment::is_dictionary_word(&f[i..end])
    {
        return false;
    }
    // 儿子周末回来: the last character starts a word with the next one.
    !f.get(end)
        .is_some_and(|&c| is_han(c) && crate::segment::is_dictionary_word(&f[end - 1..=end]))
}

/// Extent, right context and vetoes of a name starting at `i` whose given name starts at `g0`.
fn span_at(f: &[char], m: &Marks, i: usize, slen: usize, left: Option<Left>) -> Option<Span> {
    let n = f.len();
    let plain = |k: usize| k < n && !m.covered[k] && is_han(f[k]);
    let usable = |k: usize| plain(k) && !is_stop_char(f[k]);
    let g0 = i + slen;
    // 滕家齐, 秦可欣: a soft stop character opens a two-character given name.
    let soft_first = plain(g0)
        && SETS.soft_first.contains(f[g0])
        && plain(g0 + 1)
        && !is_stop_char(f[g0 + 1])
        && !SETS.soft_next.contains(f[g0 + 1]);
    // 妻子钱多多: a doubled character is a given name after a person noun or a label, where the
    // name ends the clause, even a stop character.
    let doubled = matches!(left, Some(Left::Strong(_) | Left::Label(_)))
        && plain(g0)
        && f.get(g0 + 1) == Some(&f[g0])
        && field_ends(f, m, g0 + 2);
    if !usable(g0) && !soft_first && !doubled {
        return None;
    }
    // A given name does not start with a word that follows names (漏水纠纷调解: no 水纠纷).
    if W_FOLLOW_WORDS.prefix(&f[g0..]).is_some() {
        return None;
    }
    // An age (母亲年逾八旬, 年近九十, 年仅三十): no 年逾八 after a relation word.
    if "逾近仅约过满届".contains(f[g0])
        && f.get(g0 + 1)
            .is_some_and(|&c| "一二三四五六七八九十两".contains(c))
    {
        return None;
    }
    // 邢福来: a soft stop character closes one.
    let soft_last = plain(g0 + 1)
        && SETS.soft_last.contains(f[g0 + 1])
        && f.get(g0 + 2)
            .is_none_or(|&c| !SETS.soft_last_next.contains(c));
    let two = usable(g0 + 1) || soft_last;
    let r2 = two.then(|| right_cue(f, g0 + 2));
    let r1 = right_cue(f, g0 + 1);
    // 王芳协商: a verb of dealing with somebody also ends a one-character given name.
    let follow = W_FOLLOW_WORDS.prefix(&f[g0 + 1..]).is_some()
        || W_DEAL_VERBS.prefix(&f[g0 + 1..]).is_some();
    // After a compound surname a one-character given name is common (诸葛芳): a second character
    // that starts a dictionary word with the next one (诸葛芳|担心) is not part of the name.
    let compound_then_word =
        || slen == 2 && g0 + 3 <= n && crate::segment::is_dictionary_word(&f[g0 + 1..g0 + 3]);
    let g = match &r2 {
        // The cue after two characters is inside the word that follows (王浩|正在).
        Some(_) if follow => 1,
        Some(r) if r.any() => 2,
        Some(_) if r1.strong.is_some() || r1.title.is_some() || follow => 1,
        Some(_) if compound_then_word() => 1,
        Some(_) => 2,
        None => 1,
    };
    let g = if soft_first || doubled { 2 } else { g };
    // A field after a label ends at a line break (收款人：何平⏎日期：…): the next line's first
    // character is not the name's.
    let g = if g == 2 && matches!(left, Some(Left::Label(_))) && m.spaced.get(g0 + 1) == Some(&true)
    {
        1
    } else {
        g
    };
    let end = g0 + g;
    let mut right = match r2 {
        Some(r) if g == 2 => r,
        _ => r1,
    };
    if g == 1 && follow {
        right.weak = true;
    }
    // A three-character name whose first two characters are a word (王国庆, 刘海燕) is still a
    // name when both cues are present; the whole candidate being a word (高兴) never is. For the
    // generated frequent words the right cue must be strong (说, 师傅) or the name be in a list of
    // names (、宁海龙等): 孩子干活实在 is no name.
    // One-character titles (律, 工, 姐) say little: 居民法律 is no 居民法 with a title.
    let strong_right =
        right.strong.is_some() || right.title.is_some_and(|t| t.chars().nth(1).is_some());
    let label = matches!(left, Some(Left::Label(_)));
    let first_two_veto = WORD_SET.contains(&f[i..=g0])
        && !(g == 2 && left.is_some() && (strong_right || left == Some(Left::Chain('、'))))
        && !(g == 2 && word_shaped_name(f, m, i, end, left, &right));
    // After a label a two-character dictionary word is a company or a word (甲方：万科, 母亲：何必).
    let word_veto = WORD_SET.contains(&f[i..end])
        || (VETO_SET.contains(&f[g0..end]) && g == 2 && left.is_none())
        || (label && end - i == 2 && crate::segment::is_dictionary_word(&f[i..end]));
    // After a person noun, two characters that are a dictionary word and no name to jieba
    // (女儿金秋时节结婚, 儿子车贷多) are the word.
    let dictionary_veto = matches!(left, Some(Left::Strong(_)))
        && end - i == 2
        && crate::segment::is_dictionary_word(&f[i..end])
        && !crate::segment::tagged_as_name(f, i, end, slen);
    let hard_veto = word_veto || dictionary_veto;
    // A company's seal or name follows (乙方：申通（盖章）, 融创集团): no person.
    let company = (matches!(f.get(end), Some('（' | '('))
        && f.get(end + 1..end + 3) == Some(&['盖', '章'][..]))
        || ["公司", "集团", "有限", "股份", "置业", "地产", "控股"]
            .iter()
            .any(|w| w.chars().eq(f[end..].iter().take(2).copied()));
    let veto = hard_veto || first_two_veto || company;
    let place = place_follows(f, end) || is_strong_place_char(f[end - 1]);
    Some(Span {
        slen,
        end,
        right,
        veto,
        first_two_only: first_two_veto && !hard_veto && g == 2,
        // Two characters after a label name a person when jieba reads them as a name or a
        // signature follows (经手人：何平签收); else they are as often a company (被告：融创).
        labelled: label
            && field_ends(f, m, end)
            && (end - i > 2 || signed(f, end) || crate::segment::tagged_as_name(f, i, end, slen)),
        place,
        weak_surname: slen == 1 && SETS.weak_surnames.contains(f[i]),
        dictionary_name: dictionary_veto
            && !word_veto
            && !first_two_veto
            && !company
            && crate::segment::dictionary_name(f, i, end),
    })
}

/// A transliterated name with a middle dot around `d` (艾力·买买提, 努尔兰·吐尔逊): the Han run
/// before the dot (after any left cue, 2–4 characters) and after it (2–6 characters, up to a stop
/// character). Returns (start, end) in projected characters.
fn dotted_at(f: &[char], m: &Marks, d: usize) -> Option<(usize, usize)> {
    let n = f.len();
    let ok = |k: usize| k < n && is_han(f[k]) && !m.covered[k] && !m.in_book[k];
    if d == 0 || !ok(d - 1) || !ok(d + 1) {
        return None;
    }
    let mut a = d;
    while a > 0 && ok(a - 1) && d - (a - 1) <= 6 {
        a -= 1;
    }
    // Start after the latest left cue or stop character inside the run.
    for k in (a..d - 1).rev() {
        if SETS.dotted_stop.contains(f[k])
            || W_LEFT_CUES.suffix(&f[a..=k]).is_some()
            || f[k] == '员'
        {
            a = k + 1;
            break;
        }
    }
    let mut b = d + 1;
    loop {
        while b < n && ok(b) && !SETS.dotted_stop.contains(f[b]) && b - d <= 6 {
            b += 1;
        }
        // Further parts: 阿卜杜·热合曼·买买提.
        if b + 1 < n && is_dot(f[b]) && ok(b + 1) {
            b += 1;
            continue;
        }
        break;
    }
    let first = d - a;
    let last = b - d - 1;
    ((2..=4).contains(&first) && (2..=6).contains(&last)).then_some((a, b))
}

/// The candidate for a transliterated name at `a..b`: high confidence with a left cue or a strong
/// right cue (说, 师傅) unless a place suffix follows.
fn dotted_candidate(
    f: &[char],
    cues: &CueEnds,
    a: usize,
    b: usize,
    chain_ends: &HashSet<usize>,
) -> Candidate {
    let left = left_cue(f, cues, a, chain_ends);
    let right = right_cue(f, b);
    let place = place_follows(f, b) || is_strong_place_char(f[b - 1]);
    let evidence = left.is_some() || right.strong.is_some() || right.title.is_some();
    let confidence = if evidence && !place {
        Confidence::High
    } else {
        Confidence::Low
    };
    let reason = match left {
        Some(l) => format!("带间隔号的译名，左侧线索“{}”", l.text()),
        None => "带间隔号的译名".to_string(),
    };
    let first = f[a..b].iter().position(|&c| is_dot(c)).unwrap_or(1);
    Candidate {
        ci: a,
        cj: b,
        surname_len: first,
        key: f[a..b].iter().collect(),
        confidence,
        reason,
        honorific: false,
        dotted: true,
    }
}

/// Characters that end a transliterated name (fewer than [`is_stop_char`]: 买买提, 艾力 use 提, 力).
const DOTTED_STOP: &str = "的了在是和与及或等说称也都就又还再才已曾将把被向从到对为以因于这那其并而但却则即便们着\
过得很太更最每各另此该些找让给叫带一二三四五六七八九十两几";

/// Column headers of a table of people whose cells are names (| 姓名 | 关系 | 联系电话 |); the
/// number detectors read the same tables (`detect::labelled_cells`).
const NAME_HEADERS: &[&str] = &[
    "姓名",
    "名字",
    "当事人",
    "被申请人",
    "申请人",
    "联系人",
    "户主",
    "见证人",
    "证人",
    "经手人",
    "经办人",
    "业主",
    "住户",
    "租客",
    "租户",
    "房东",
    "承租人",
    "出租人",
    "借款人",
    "出借人",
    "欠款人",
    "收款人",
    "签收人",
    "记录人",
    "验收人",
    "负责人",
    "参会人员",
    "在场人员",
    "到场人员",
    "工人",
    "监护人",
    "家属",
    "代表",
    "村民代表",
    "成员",
    "家庭成员",
    "受访者",
    "被访者",
    "被走访人",
    "签字",
    "签名",
    "签收",
];

/// The header's label when a column of a Markdown table names people: one of [`NAME_HEADERS`],
/// or a header ending in 姓名 (学生姓名, 业主姓名; up to eight characters).
fn name_header(h: &[char]) -> Option<&'static str> {
    NAME_HEADERS
        .iter()
        .copied()
        .find(|w| w.chars().eq(h.iter().copied()))
        .or_else(|| (h.len() <= 8 && h.ends_with(&['姓', '名'])).then_some("姓名"))
}

/// Can a table cell be a person's name: two to four characters, none a numeral of an amount
/// (伍仟元, 陆佰元) and the last no office's or title's (包片民警, 单元长, 安监站, 平安办, 安居客)?
fn person_cell(cell: &[char]) -> bool {
    // The first character may be a surname that is also a numeral (陆建华, 伍丽娟, 万晓东).
    (2..=4).contains(&cell.len())
        && !cell[1..]
            .iter()
            .any(|c| "壹贰叁肆伍陆柒捌玖拾佰仟万亿元角整损费".contains(*c))
        && !cell
            .last()
            .is_some_and(|c| "警长站办处所科部队员任司局客通委会组厂店院".contains(*c))
}

/// The names in a cell of a name column: the cell itself, or its parts around a note in brackets
/// (王建军（户主）), a list (韦晓红、韦晓东) or a link's text ([苗卫东](#a)).
fn cell_names(f: &[char], x: usize, y: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut a = x;
    let mut k = x;
    let mut depth = 0usize;
    let flush = |a: usize, b: usize, out: &mut Vec<(usize, usize)>| {
        let (mut a, mut b) = (a, b);
        while a < b && (f[a].is_whitespace() || f[a] == '[') {
            a += 1;
        }
        while b > a && (f[b - 1].is_whitespace() || f[b - 1] == ']') {
            b -= 1;
        }
        if b > a && person_cell(&f[a..b]) {
            out.push((a, b));
        }
    };
    while k < y {
        match f[k] {
            '（' | '(' => {
                if depth == 0 {
                    flush(a, k, &mut out);
                }
                depth += 1;
            }
            '）' | ')' => {
                depth = depth.saturating_sub(1);
                a = k + 1;
            }
            '、' | '，' | ',' | '/' | ';' | '；' if depth == 0 => {
                flush(a, k, &mut out);
                a = k + 1;
            }
            _ => {}
        }
        k += 1;
    }
    if depth == 0 && a < y {
        flush(a, y, &mut out);
    }
    out
}

/// The body cells of Markdown tables under a name column: (cell start, cell end, the header's
/// label), cells trimmed of spaces, in text order.
fn name_cells(f: &[char]) -> Vec<(usize, usize, &'static str)> {
    let mut out = Vec::new();
    for t in crate::detect::markdown_tables(f) {
        // The header cell is the label itself (| 姓名 |, | 申请人 |), not a longer text holding it
        // (| 申请人电话 |).
        let labels: Vec<Option<&'static str>> = t
            .header
            .iter()
            .map(|&(x, y)| name_header(&f[x..y]))
            .collect();
        for row in &t.rows {
            for (col, &(x, y)) in row.iter().enumerate() {
                if let Some(Some(h)) = labels.get(col)
                    && y > x
                {
                    out.extend(cell_names(f, x, y).into_iter().map(|(a, b)| (a, b, *h)));
                }
            }
        }
    }
    out
}

/// Words that end the line before a list of people (工人名单：, 参会人员如下：).
const LIST_HEADS: &[&str] = &["名单", "人员", "名单如下", "人员如下", "人员名单"];

/// A list item's marker at `k` (`1. `, `2、`, `(3)`, `- `, `• `): where the item's text starts.
fn list_marker(f: &[char], k: usize) -> Option<usize> {
    let mut j = k;
    while j < f.len() && matches!(f[j], ' ' | '\t') {
        j += 1;
    }
    let d = f[j..]
        .iter()
        .take(3)
        .take_while(|c| c.is_ascii_digit())
        .count();
    let after = if d > 0 {
        match f.get(j + d) {
            Some('.' | '、' | ')' | '）') => j + d + 1,
            _ => return None,
        }
    } else if matches!(f.get(j), Some('-' | '+' | '•' | '·' | '*')) {
        j + 1
    } else {
        return None;
    };
    let mut a = after;
    while a < f.len() && matches!(f[a], ' ' | '\t' | '\u{3000}') {
        a += 1;
    }
    // `1.5万元`, `-3`: a number, no marker (a marker is followed by a space or the item's text).
    (a > after || f.get(after).is_some_and(|&c| is_han(c))).then_some(a)
}

/// The items of lists under a line ending in 名单 or 人员 (工人名单：⏎⏎1. 石磊⏎2. 聂美霞): each
/// item that may be a name (see [`cell_names`]), with the heading's word as its label.
fn list_names(f: &[char], m: &Marks) -> Vec<(usize, usize, &'static str)> {
    let mut out = Vec::new();
    let n = f.len();
    for (at, _) in f.iter().enumerate().filter(|&(_, &c)| c == '\n') {
        // The heading: a word of LIST_HEADS and a colon, if any, right before the line break.
        let mut k = at;
        while k > 0 && matches!(f[k - 1], ' ' | '\t' | ':' | '：') {
            k -= 1;
        }
        let before = &f[k.saturating_sub(4)..k];
        let Some(head) = LIST_HEADS.iter().copied().find(|w| {
            let len = w.chars().count();
            before.len() >= len && w.chars().eq(before[before.len() - len..].iter().copied())
        }) else {
            continue;
        };
        let label = if head.starts_with("名单") || head.ends_with("名单") {
            "名单"
        } else {
            "人员名单"
        };
        // The items: one per line (or after a line break the projection skipped, 石磊⏎2.).
        let mut k = at;
        while k < n && f[k] == '\n' {
            k += 1;
        }
        while let Some(a) = list_marker(f, k) {
            let mut b = a;
            while b < n && f[b] != '\n' && !(b > a && m.spaced[b]) {
                b += 1;
            }
            out.extend(cell_names(f, a, b).into_iter().map(|(x, y)| (x, y, label)));
            k = b;
            while k < n && f[k] == '\n' {
                k += 1;
            }
            if k >= n {
                break;
            }
        }
    }
    out
}

/// Names in chat transcripts: a line's speaker before a time and a colon (`> 刘桂英 21:35：…`,
/// `刘桂英（21:35）：…`),
/// the speaker of an exported WeChat line before a date and a time that end the line (`刘桂英
/// 2024/1/12 20:15`), and a name after `@` that ends at a space or punctuation (`@刘桂英 你好`).
fn chat_names(f: &[char], m: &Marks) -> Vec<(usize, usize, &'static str)> {
    let n = f.len();
    let mut out = Vec::new();
    let mut turns: Vec<(usize, usize)> = Vec::new();
    let digits = |k: usize, lo: usize, hi: usize| -> Option<usize> {
        let d = f[k.min(n)..]
            .iter()
            .take(hi)
            .take_while(|c| c.is_ascii_digit())
            .count();
        (d >= lo).then_some(k + d)
    };
    // h:mm or hh:mm, seconds optional.
    let time = |k: usize| -> Option<usize> {
        let k = digits(k, 1, 2)?;
        (f.get(k) == Some(&':')).then_some(())?;
        let k = digits(k + 1, 2, 2)?;
        if f.get(k) == Some(&':')
            && let Some(s) = digits(k + 1, 2, 2)
        {
            return Some(s);
        }
        Some(k)
    };
    // 2024/1/12, 2024-01-12, 2024年1月12日.
    let date = |k: usize| -> Option<usize> {
        let k = digits(k, 4, 4)?;
        let sep = *f.get(k)?;
        let (s2, tail) = match sep {
            '/' => ('/', None),
            '-' => ('-', None),
            '年' => ('月', Some('日')),
            _ => return None,
        };
        let k = digits(k + 1, 1, 2)?;
        (f.get(k) == Some(&s2)).then_some(())?;
        let k = digits(k + 1, 1, 2)?;
        match tail {
            Some(t) if f.get(k) == Some(&t) => Some(k + 1),
            Some(_) => None,
            None => Some(k),
        }
    };
    // At a line's start, after a blockquote's `> ` if any.
    let line_start = |i: usize| {
        let mut k = i;
        while k > 0 && matches!(f[k - 1], ' ' | '>' | '\t') {
            k -= 1;
        }
        k == 0 || f[k - 1] == '\n' || m.spaced[i]
    };
    let line_end = |k: usize| k >= n || f[k] == '\n' || m.spaced[k];
    let mut i = 0;
    while i < n {
        if !is_han(f[i]) {
            i += 1;
            continue;
        }
        let mut j = i;
        while j < n && is_han(f[j]) && !(j > i && m.spaced[j]) {
            j += 1;
        }
        let len = j - i;
        // The cheap tests first: most runs of two to four characters are words mid-line.
        let mention = i >= 1 && f[i - 1] == '@';
        if (2..=4).contains(&len) && (mention || line_start(i)) && person_cell(&f[i..j]) {
            if mention && (j >= n || m.spaced[j] || !is_han(f[j])) {
                out.push((i, j, MENTION));
            } else if line_start(i) {
                let mut k = j;
                while k < n && f[k] == ' ' {
                    k += 1;
                }
                // 刘桂英 21:35：, 刘桂英（21:35）：
                let bracketed = || {
                    matches!(f.get(k), Some('(' | '（'))
                        .then(|| time(k + 1))
                        .flatten()
                        .filter(|&e| matches!(f.get(e), Some(')' | '）')))
                        .map(|e| e + 1)
                };
                let spoken = time(k)
                    .or_else(bracketed)
                    .is_some_and(|e| matches!(f.get(e), Some(':' | '：')));
                let exported = date(k)
                    .filter(|&e| f.get(e) == Some(&' '))
                    .and_then(|e| time(e + 1))
                    .is_some_and(line_end);
                if spoken || exported {
                    out.push((i, j, SPEAKER));
                } else if matches!(f.get(k), Some(':' | '：'))
                    && !line_end(k + 1)
                    && !crate::segment::is_word_not_name(&f[i..j].iter().collect::<String>())
                {
                    // 唐桂英：我嫁过来三十年了。 A turn of a dialogue without a time.
                    turns.push((i, j));
                }
            }
        }
        i = j.max(i + 1);
    }
    // Two turns or more make a transcript (唐桂英：…⏎曹德荣：…); a single `X：` line of two
    // characters may be a field of a form (方案：, 要求：) that reads like a name, one of three
    // (surname and given name, no dictionary word) is a speaker.
    let transcript = turns.len() >= 2;
    let before = out.len();
    out.extend(
        turns
            .into_iter()
            .filter(|&(a, b)| transcript || b - a == 3)
            .map(|(a, b)| (a, b, SPEAKER)),
    );
    if out.len() > before {
        out.sort_unstable_by_key(|&(a, _, _)| a);
    }
    out
}

/// Middle dots used in transliterated names.
fn is_dot(c: char) -> bool {
    matches!(c, '·' | '•' | '・' | '‧')
}

/// Detect candidates in one text (its markup projection).
pub(crate) fn detect(p: &Projection, ctx: &DetectCtx<'_>) -> Vec<Candidate> {
    let f: &[char] = &p.fchars;
    let n = f.len();
    let cues = CueEnds::new(f);
    let mut marks = Marks {
        covered: vec![false; n],
        in_book: vec![false; n],
        spaced: vec![false; n],
    };
    for &k in &p.space_before {
        if let Some(s) = marks.spaced.get_mut(k) {
            *s = true;
        }
    }
    let mut chain_ends: HashSet<usize> = HashSet::new();
    for &(a, b) in ctx.covered {
        for c in marks.covered.iter_mut().take(b.min(n)).skip(a) {
            *c = true;
        }
        chain_ends.insert(b);
    }
    // Inside 《…》 (titles of statutes, books) nothing is a person.
    let mut depth = 0u32;
    for (k, &c) in f.iter().enumerate() {
        match c {
            '《' | '〈' => depth += 1,
            '》' | '〉' => depth = depth.saturating_sub(1),
            _ => {}
        }
        marks.in_book[k] = depth > 0;
    }
    // Transliterated names (艾力·买买提) first; their characters are then off limits to others.
    let mut dotted: Vec<(usize, usize)> = Vec::new();
    let mut k = 0;
    while k < n {
        if is_dot(f[k])
            && let Some((a, b)) = dotted_at(f, &marks, k)
            && dotted.last().is_none_or(|&(_, e)| e <= a)
        {
            dotted.push((a, b));
            k = b;
            continue;
        }
        k += 1;
    }
    for &(a, b) in &dotted {
        for c in &mut marks.covered[a..b] {
            *c = true;
        }
    }
    let m = &marks;
    let mut out = Vec::new();
    let mut cells = name_cells(f);
    cells.extend(list_names(f, m));
    cells.extend(chat_names(f, m));
    cells.sort_unstable_by_key(|&(a, _, _)| a);
    let mut next_dotted = dotted.iter().peekable();
    // Starts of names that follow "X诉" / "X与" where X is a name.
    let mut paired: Vec<usize> = Vec::new();
    let mut i = 0;
    while i < n {
        let c = f[i];
        if let Some(&&(a, b)) = next_dotted.peek()
            && a <= i
        {
            next_dotted.next();
            if a == i {
                out.push(dotted_candidate(f, &cues, a, b, &chain_ends));
                if out.last().is_some_and(|c| c.confidence == Confidence::High) {
                    chain_ends.insert(b);
                }
                i = b;
                continue;
            }
        }
        if !is_han(c) || m.covered[i] || m.in_book[i] {
            i += 1;
            continue;
        }
        // Cheap test first: most characters cannot start a name.
        if !is_single_surname_folded(c) && !COMPOUND_FIRST_CHARS.contains(c) {
            i += 1;
            continue;
        }
        // 2023年国庆节后, 3周年, 5万元: a unit after a number is no surname.
        if i >= 1 && is_numeral(f[i - 1]) && SETS.units.contains(c) {
            i += 1;
            continue;
        }
        // A label and a colon (被告：, 乙方：) make a field, read as one: what fills it may be a
        // company, which the field's end and jieba tell apart.
        let left = colon_label(f, i)
            .map(Left::Label)
            .or_else(|| left_cue(f, &cues, i, &chain_ends))
            // 邻居[俞宏亮](url): the bracket of a link is markup, no break, like `**`.
            .or_else(|| {
                (i >= 1 && f[i - 1] == '[')
                    .then(|| {
                        colon_label(f, i - 1)
                            .map(Left::Label)
                            .or_else(|| left_cue(f, &cues, i - 1, &chain_ends))
                    })
                    .flatten()
            })
            .or_else(|| {
                let k = cells.partition_point(|&(a, _, _)| a < i);
                cells
                    .get(k)
                    .filter(|&&(a, _, _)| a == i)
                    .map(|&(_, _, h)| Left::Label(h))
            });
        let strong_left = matches!(left, Some(Left::Strong(_)));
        // 调解员, 公平合理: the character completes a word with the one before it.
        if !strong_left && inside_word(f, i) {
            i += 1;
            continue;
        }
        let Some(slen) = surname_at(f, i, strong_left) else {
            i += 1;
            continue;
        };
        // The character ends a cue word (邻居赵敏: 居 is not a surname here).
        if cue_word_ends(&cues, i + 1) {
            i += 1;
            continue;
        }
        let g0 = i + slen;
        if g0 >= n {
            break;
        }
        // A well-known figure (毛泽东说, 正如费孝通所言): no undeclared name, unless a name runs on
        // past it (雷锋华). A name of two characters (张英) after a person noun or a label is the
        // person's (邻居张英说).
        let figure = crate::figures::figure_at(f, i)
            .filter(|&e| e - i >= 3 || !matches!(left, Some(Left::Strong(_) | Left::Label(_))));
        // Surname + a declared party's given name: another person (李建国 next to party 张建国),
        // but for a well-known figure's name (毛泽东 beside a party 王泽东).
        if let Some(&(_, gend)) = ctx.given.iter().find(|&&(a, _)| a == g0)
            && !(slen == 1 && SETS.weak_surnames.contains(c))
            && figure != Some(gend)
        {
            out.push(Candidate {
                ci: i,
                cj: gend,
                surname_len: slen,
                key: f[i..gend].iter().collect(),
                confidence: Confidence::High,
                reason: "姓氏加当事人的名字，疑似另一人".to_string(),
                honorific: false,
                dotted: false,
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
        // Title or honorific right after the surname: 张主任, 王阿姨; but 老村长滕家齐 (家 opening a
        // given name after a person noun) is a full name.
        let given_jia = strong_left
            && f[g0] == '家'
            && f.get(g0 + 1).is_some_and(|&c| {
                is_han(c)
                    && !is_stop_char(c)
                    && !SETS.soft_next.contains(c)
                    && !is_place_suffix_char(c)
            });
        if !given_jia && let Some(t) = W_TITLES.prefix(&f[g0..]) {
            let tend = g0 + t.chars().count();
            let standalone =
                i == 0 || !is_han(f[i - 1]) || left_cue(f, &cues, i, &chain_ends).is_some();
            let surname: String = f[i..g0].iter().collect();
            if KIN_HONORIFICS.contains(&t) && standalone && !ctx.known_surnames.contains(&surname) {
                out.push(Candidate {
                    ci: i,
                    cj: tend,
                    surname_len: slen,
                    key: f[i..tend].iter().collect(),
                    confidence: Confidence::Low,
                    reason: format!("仅含姓氏的称呼（姓+“{t}”），风险低"),
                    honorific: true,
                    dotted: false,
                });
            }
            i = tend;
            continue;
        }
        let has_left = left.is_some();
        // Without a left cue a candidate starting with a common word (公平, 和解) is vetoed
        // whatever follows: skip the right-context work.
        if !has_left && g0 < n && WORD_SET.contains(&f[i..=g0]) {
            i += 1;
            continue;
        }
        let Some(span) = span_at(f, m, i, slen, left) else {
            i += 1;
            continue;
        };
        if span.place {
            i += 1;
            continue;
        }
        if let Some(e) = figure
            && span.end <= e
        {
            i = e;
            continue;
        }
        let end = span.end;
        // 单元长严国平: the candidate is (the end of) a person noun, the cue of the next name.
        if cues
            .at(end)
            .is_some_and(|w| w.chars().count() >= end - i && w.chars().count() >= 2)
        {
            i += 1;
            continue;
        }
        let right = &span.right;
        let has_right = right.any();
        let veto = span.veto;
        let weak_surname = span.weak_surname;
        // "X诉Y", "X与Y发生…": two names around a connector.
        let mut pair = paired.contains(&i);
        if !veto
            && !weak_surname
            && let Some(&conn) = f.get(end)
            && SETS.pair.contains(conn)
            && let Some(y) = end
                .checked_add(1)
                .filter(|&y| y < n && !m.covered[y] && !inside_word(f, y))
            && let Some(yslen) = surname_at(f, y, false)
            && f.get(y + yslen) != Some(&'某')
            && W_TITLES.prefix(&f[(y + yslen).min(n)..]).is_none()
            && let Some(ys) = span_at(f, m, y, yslen, Some(Left::Chain(conn)))
            && !ys.veto
            && !ys.place
            && !ys.weak_surname
            && (conn == '诉' || ys.right.any() || W_FOLLOW_WORDS.prefix(&f[ys.end..]).is_some())
        {
            pair = true;
            paired.push(y);
        }
        // A token standing alone (a table cell, a list item: | 李四海 |) may be a name.
        let boundary = |c: char| !is_han(c) && !c.is_ascii_alphanumeric();
        // One-character titles (律, 工) after a non-name are common (赡养法律): not evidence alone.
        let long_title = right.title.is_some_and(|t| t.chars().nth(1).is_some());
        let starts_clause = i == 0 || boundary(f[i - 1]);
        let standalone = starts_clause && (end == n || boundary(f[end]));
        // A full name opening a clause and followed by a title (夏侯淑芬老人, 王建国师傅).
        let titled = starts_clause && long_title && end - i - span.slen >= 2;
        // The particulars that follow a party in legal writing (唐志远，男，1975年出生; 冯玉兰（女，
        // 62岁）): only a person is described so.
        let born = |k: usize| {
            f.get(k..k + 6).is_some_and(|w| {
                w[..4].iter().all(char::is_ascii_digit)
                    && w[4] == '年'
                    && matches!(w[5], '生' | '出')
            })
        };
        let profile = matches!(f.get(end), Some(',' | '，' | '(' | '（'))
            && (matches!(f.get(end + 1), Some('男' | '女'))
                && matches!(f.get(end + 2), Some(',' | '，' | ')' | '）' | '、'))
                || born(end + 1));
        // 与滕建新协商, 据卜文涛介绍: a preposition before and a verb of dealing with somebody or of
        // speaking after (not 与华为协商, 据史书介绍: two-character dictionary words).
        let dealt = left.is_none()
            && i >= 1
            && (("与跟同和".contains(f[i - 1]) && W_DEAL_VERBS.prefix(&f[end..]).is_some())
                || (f[i - 1] == '据' && right.strong.is_some_and(|w| !matches!(w, "向" | "家"))))
            // Two characters only when jieba reads them as a name (与房客协商, 与车企协商).
            && !(end - i == 2
                && (crate::segment::is_dictionary_word(&f[i..end])
                    || !crate::segment::tagged_as_name(f, i, end, 1)));
        let confidence = if !veto
            && !weak_surname
            && (strong_left
                || pair
                || titled
                || profile
                || span.labelled
                || dealt
                || (has_left && has_right))
        {
            Some(Confidence::High)
        } else if veto {
            // Only a name-like word (村民江山说) is worth a report, not 当事人双方; and a full
            // name between a person noun and a right cue whose first two characters are a word
            // (村民刘海燕到场; not 成员经常看望, 妹妹支付折价款); and a word listed after a
            // name (姜淑华、龚志明、常青也反映).
            ((has_left && has_right && NAME_LIKE_SET.contains(&f[i..end]))
                || (strong_left && has_right && span.first_two_only && !weak_surname)
                || (matches!(left, Some(Left::Chain('、'))) && has_right && !weak_surname)
                // 保安金秋说: a name-like dictionary word between a person noun and a verb of
                // speaking (the same shape as 女儿金秋时节结婚 without the verb).
                || (span.dictionary_name && right.strong.is_some() && !weak_surname))
                .then_some(Confidence::Low)
        } else if has_left || right.strong.is_some() || long_title || standalone {
            Some(Confidence::Low)
        } else {
            None
        };
        // A function-word surname (和, 于, 别…) needs a left cue to be considered at all.
        let confidence = confidence.filter(|_| !weak_surname || has_left);
        let Some(mut confidence) = confidence else {
            i += 1;
            continue;
        };
        // jieba's part-of-speech tags as a weak signal: they only tip a find that has one real
        // cue (a left cue or a strong right cue such as 说, 向; not a lone title, a table cell or
        // a vetoed word) from low to high, when jieba tags exactly it as a person name and it sits
        // inside no longer dictionary word. They never make a find on their own or demote one.
        // jieba tags a frequent surname as nr more readily than a rare one (王海波/nr but 童/nr
        // 海波/n, 苗/n 卫东/nr): after a strong cue (称, 介绍, 拒不; not 向 or 家) a full name that
        // jieba splits exactly into surname and given name, one of them tagged a name, is one.
        let strong_cue = strong_left || right.strong.is_some_and(|w| !matches!(w, "向" | "家"));
        let pos_name = confidence == Confidence::Low
            && !veto
            && !weak_surname
            && (has_left || right.strong.is_some())
            && !crate::segment::looks_like_word(f, i, end)
            && (crate::segment::tagged_as_name(f, i, end, span.slen)
                || (strong_cue && crate::segment::split_as_name(f, i, end, span.slen)));
        if pos_name {
            confidence = Confidence::High;
        }
        // 儿子钟爱足球, 女儿戴眼镜, 业主费尽口舌: the surname character starts an ordinary word to
        // jieba (a word and the start of the next, a verb and its object). Not before a verb of
        // speaking or a list (王国明说, 邻居盖建军、), nor a name a label or a profile makes.
        let starts_word = confidence == Confidence::High
            && !span.labelled
            && !profile
            && right.strong.is_none()
            && !f
                .get(past_link(f, end))
                .is_some_and(|&c| "、和与及等".contains(c))
            && W_KIN_RIGHT.prefix(&f[past_link(f, end)..]).is_none()
            && crate::segment::surname_starts_word(f, i, end);
        if starts_word {
            confidence = Confidence::Low;
        }
        let right_desc = right
            .strong
            .or(right.title)
            .map(|s| format!("“{s}”"))
            .or_else(|| right.weak.then(|| "标点或虚词".to_string()));
        let mut reason = match (left, &right_desc) {
            (Some(l), Some(r)) => format!("左侧线索“{}”，右侧线索{r}", l.text()),
            (Some(l), None) => format!("左侧线索“{}”", l.text()),
            (None, Some(_)) if standalone && right.strong.is_none() && right.title.is_none() => {
                "独立成词（如表格单元格、列表项）".to_string()
            }
            (None, Some(r)) => format!("右侧线索{r}"),
            (None, None) => String::new(),
        };
        if pair && !(strong_left || (has_left && has_right)) {
            if !reason.is_empty() {
                reason.push('；');
            }
            reason.push_str("“甲诉乙”“甲与乙”句式");
        }
        if dealt && !(strong_left || (has_left && has_right)) {
            if !reason.is_empty() {
                reason.push('；');
            }
            reason.push_str(&format!("“{}…{}”句式", f[i - 1], right_word(f, end)));
        }
        if pos_name {
            reason.push_str("；词性标注为人名");
        }
        if starts_word {
            reason.push_str("；分词显示姓氏字是普通词语的开头");
        }
        if veto {
            reason.push_str("；疑似常用词");
        } else if weak_surname {
            reason.push_str("；姓氏同时是常用虚词");
        }
        out.push(Candidate {
            ci: i,
            cj: end,
            surname_len: span.slen,
            key: f[i..end].iter().collect(),
            confidence,
            reason,
            honorific: false,
            dotted: false,
        });
        // A list goes on after a name (刘强、李四海), not after a vetoed word (劳务、文明).
        if (has_left && !veto) || confidence == Confidence::High {
            chain_ends.insert(end);
        }
        i = end;
    }
    // jieba's segmentation as a weak signal: a high-confidence candidate that sits inside a longer
    // dictionary word (敬老爱幼) is only reported, not replaced.
    for c in out.iter_mut() {
        if c.confidence == Confidence::High
            && !c.dotted
            && crate::segment::looks_like_word(f, c.ci, c.cj)
        {
            c.confidence = Confidence::Low;
            c.reason.push_str("；分词显示可能是普通词语");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str) -> Vec<(String, Confidence)> {
        reasons(text).into_iter().map(|(k, c, _)| (k, c)).collect()
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
        // A word after the name that begins with a place character is no place (黄志强组).
        assert_eq!(high("邻居黄志强组织了协商。"), ["黄志强"]);
        assert_eq!(high("邻居黄志强站在门口。"), ["黄志强"]);
        assert_eq!(high("居民王丽所说属实。"), ["王丽"]);
        assert_eq!(high("证人李明委托律师到场。"), ["李明"]);
        assert_eq!(high("邻居王强出面调解。"), ["王强"]);
        // 之女, 其侄, 乘客, 车商 are person nouns; 从X处购得 is no place.
        assert_eq!(high("双方之女冯小雨随母亲生活。"), ["冯小雨"]);
        assert_eq!(high("其侄刘志军到场后表示同意。"), ["刘志军"]);
        assert_eq!(high("同车乘客欧阳晓峰也证实。"), ["欧阳晓峰"]);
        assert_eq!(high("从车商熊志华处购得。"), ["熊志华"]);
        assert_eq!(high("租客麦振华所为。"), ["麦振华"]);
        assert!(high("总之女方同意。").is_empty());
        // A one-character given name after a compound surname, before a word.
        assert_eq!(high("之女诸葛芳担心房产。"), ["诸葛芳"]);
        // Verbs of a party's conduct, also after an adverb, with jieba naming the span.
        assert_eq!(high("彭晓东也证实了这一点。"), ["彭晓东"]);
        assert_eq!(high("吕秋菊作为见证人签了字。"), ["吕秋菊"]);
        assert_eq!(high("曹明辉拒不到场。"), ["曹明辉"]);
        assert!(high("双方也证实了。").is_empty());
        // Other names of a person, naming verbs, lists of those present.
        assert_eq!(high("李秀英曾用名李秀兰。"), ["李秀兰"]);
        assert_eq!(high("王平（又名王小平）也来了。"), ["王小平"]);
        assert_eq!(high("她的丈夫叫赵大勇。"), ["赵大勇"]);
        assert_eq!(high("到场人员：孙大勇、钱小红。"), ["孙大勇", "钱小红"]);
        assert_eq!(high("证人孙大勇、钱小红三人到场。"), ["孙大勇", "钱小红"]);
        assert!(high("他叫了一辆车，大家叫好。").is_empty());
        // An age is no name.
        for t in [
            "高建华的母亲年逾八旬，患有高血压。",
            "其父年近九旬。",
            "申请人年仅三十岁。",
        ] {
            assert!(run(t).is_empty(), "{t}: {:?}", run(t));
        }
        // The particulars of legal writing.
        assert_eq!(high("唐志远，男，1975年出生，住本区。"), ["唐志远"]);
        assert_eq!(high("冯玉兰（女，62岁）称其不知情。"), ["冯玉兰"]);
        assert_eq!(high("赵大勇，1975年生，住本区。"), ["赵大勇"]);
        // A clause-opening adverb or time word after a two-character name is not part of it.
        assert_eq!(high("邻居王军经常在楼道堆放纸箱。"), ["王军"]);
        assert_eq!(high("其子王浩正在上学。"), ["王浩"]);
        assert_eq!(high("邻居刘强今天又来了。"), ["刘强"]);
        assert_eq!(high("儿子李明现在外地。"), ["李明"]);
        assert_eq!(high("邻居赵刚一直不同意。"), ["赵刚"]);
        assert_eq!(high("其子王小军经常回家。"), ["王小军"]);
    }

    /// A full name after a collective person noun whose first two characters are a word: reported
    /// for an editor, not replaced (the same shape is 居民黄金周出游). After a relative or a witness
    /// it is replaced (see `word_shaped_names_after_relatives_and_witnesses`).
    #[test]
    fn a_word_shaped_full_name_after_a_person_noun_is_reported() {
        assert_eq!(
            run("村民刘海燕到场。"),
            [("刘海燕".to_string(), Confidence::Low)]
        );
        assert!(high("居民黄金周出游。").is_empty());
        assert!(high("业主方便时可以来。").is_empty() && run("业主方便时可以来。").is_empty());
        assert_eq!(
            run("邻居姜淑华、龚志明、常青也反映。"),
            [
                ("姜淑华".to_string(), Confidence::High),
                ("龚志明".to_string(), Confidence::High),
                ("常青".to_string(), Confidence::Low)
            ]
        );
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

    /// Candidates with their reasons.
    fn reasons(text: &str) -> Vec<(String, Confidence, String)> {
        let p = Projection::new(text, true);
        let known = HashSet::new();
        let ctx = DetectCtx {
            covered: &[],
            given: &[],
            known_surnames: &known,
        };
        detect(&p, &ctx)
            .into_iter()
            .map(|c| (c.key, c.confidence, c.reason))
            .collect()
    }

    #[test]
    fn low_confidence() {
        // One cue only, and jieba neither tags the span as a name nor splits it into a surname and
        // a given name one of which it tags so (孙/zg 大海/ns).
        let r = run("孙大海说过这件事");
        assert_eq!(r, vec![("孙大海".to_string(), Confidence::Low)]);
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

    #[test]
    fn strong_left_cues_alone() {
        // Kinship and role nouns are enough without a right-context cue.
        for (t, name) in [
            ("老人的女儿闫丽萍回家时发现了", "闫丽萍"),
            ("温志成的妻子简丽娟端出一壶热茶", "简丽娟"),
            ("谷雨晴的丈夫詹国栋气得报了警", "詹国栋"),
            ("晏丽华的老伴伏建华患有哮喘", "伏建华"),
            ("天天都被老人的兒子方建軍打爆", "方建军"),
            ("是村醫黎志勇墊付了費用", "黎志勇"),
            ("物业保安莫志强提供了录像", "莫志强"),
            ("同楼的住户阮志豪反映", "阮志豪"),
            ("业主汤慧敏作证说", "汤慧敏"),
            ("另一位老会员付晓丽也带着卡赶来", "付晓丽"),
            ("尉迟振宇的上级宗海涛在电话里同意", "宗海涛"),
            ("邻居薄玉珍作证说", "薄玉珍"),
            ("转店时已经和接手的甄美玲讲好", "甄美玲"),
            ("保洁员甘秋菊补充说明", "甘秋菊"),
            ("邀请物业维修工郑海波一起上门", "郑海波"),
            ("东方晓明的母亲东方桂兰说", "东方桂兰"),
            ("的“爱猫志愿者”上官婷婷。", "上官婷婷"),
            ("证人马建国说，当晚听到了争吵", "马建国"),
            ("村长江海涛来到现场", "江海涛"),
            ("司机关志军表示", "关志军"),
            ("证人文小红说", "文小红"),
        ] {
            assert_eq!(high(t), [name], "{t}");
        }
    }

    #[test]
    fn frequent_words_are_vetoed() {
        for t in [
            "经查明原因，是管道老化",
            "邻居卫生间漏水",
            "业主公约规定",
            "孩子干活实在，我认",
            "双方和解了",
            "父亲花白的头发",
            "老人曾当着她的面说过",
            "厂房维修工程完工后",
            "接单记录和劳务合同",
            "女儿高兴地说",
            // Inside words: 调解, 公平, 权益, 和解.
            "双方当事人调解协议老人和谐走访",
            "调解协议和解保护，化解",
            "楼上，工资，公平合理签字调解员。",
            "合法权益维护和解协商。",
            "规定居民劳务法律，依法过错",
            "网格员居民法律当事人回访",
            "权益维护居民劳务、文明合同村委会",
            "漏水纠纷调解案例",
        ] {
            assert_eq!(high(t), Vec::<String>::new(), "{t}");
        }
    }

    #[test]
    fn pos_tags_tip_a_single_cue() {
        // One cue (说, 向 on the right; 对方 on the left) and jieba tags exactly the span as a
        // person name (one token, or 甄/nr 美玲/nr): replaced, and the report says why.
        for (text, name) in [
            ("王小明说过这件事", "王小明"),
            ("他趁机对聂美霞说：“推人这事不对。”", "聂美霞"),
            ("后来韩秋萍向他讲明了规定", "韩秋萍"),
            ("对方雷晓丽坚决不同意", "雷晓丽"),
            ("对方甄美玲这几天不在家", "甄美玲"),
        ] {
            let r = reasons(text);
            assert_eq!(r.len(), 1, "{text}: {r:?}");
            assert_eq!(
                (r[0].0.as_str(), r[0].1),
                (name, Confidence::High),
                "{text}"
            );
            assert!(r[0].2.ends_with("；词性标注为人名"), "{text}: {}", r[0].2);
        }
    }

    #[test]
    fn pos_tags_alone_decide_nothing() {
        for (text, word) in [
            // jieba tags these nr, but they are two-character dictionary words.
            ("一朵云彩向东飘去", "云彩"),
            ("大家看到严冬来到", "严冬"),
            // A common word vetoed by the cue rules (田野/nr).
            ("对方田野不同意", "田野"),
            // Only a table cell or a title as evidence, no cue (聂美霞/nr, 韩秋萍/nr).
            ("| 聂美霞 |", "聂美霞"),
            ("这就是韩秋萍老师", "韩秋萍"),
            // A surname with an honorific (王/nr 阿姨/nr).
            ("邻居王阿姨说", "王阿姨"),
        ] {
            let r = reasons(text);
            assert!(
                r.iter()
                    .all(|(_, c, why)| *c == Confidence::Low && !why.contains("词性")),
                "{text}: {r:?}"
            );
            assert!(r.iter().any(|(k, _, _)| k == word), "{text}: {r:?}");
        }
        // Inside an idiom jieba tags nr (经人介绍): never replaced.
        assert_eq!(high("与邹小燕经人介绍相识"), Vec::<String>::new());
        // No cue at all: jieba's tag makes no find.
        assert_eq!(run("孙国强这几天一直在外地"), vec![]);
    }

    #[test]
    fn pairs_around_su_yu_he() {
        assert_eq!(high("张建国诉李秀英漏水纠纷"), ["张建国", "李秀英"]);
        assert_eq!(high("王小明与赵大海发生争执。"), ["王小明", "赵大海"]);
        assert_eq!(high("张建国诉李秀英。"), ["张建国", "李秀英"]);
        // Words around 与/和 are no pair.
        assert_eq!(high("安全与卫生同样重要"), Vec::<String>::new());
        assert_eq!(high("方法和步骤"), Vec::<String>::new());
    }

    #[test]
    fn soft_stops_titles_and_dotted_names() {
        assert_eq!(high("老村长滕家齐回忆"), ["滕家齐"]);
        assert_eq!(high("帮着带孙女秦可欣。"), ["秦可欣"]);
        assert_eq!(high("这棵树是父亲仇万山当年栽的"), ["仇万山"]);
        assert_eq!(high("村里的老人邢福来也劝道"), ["邢福来"]);
        assert_eq!(high("邻居王家人说"), Vec::<String>::new());
        assert_eq!(high("【案情简介】\n\n夏侯淑芬老人晚年独居"), ["夏侯淑芬"]);
        assert_eq!(high("同乡艾力·买买提等四人来到果园"), ["艾力·买买提"]);
        assert_eq!(
            run("中国·北京"),
            vec![("中国·北京".to_string(), Confidence::Low)]
        );
        // Frequent words after a cue are not even reported; name-like ones are.
        assert_eq!(run("业主相邻关系，"), vec![]);
        assert_eq!(run("当事人双方，"), vec![]);
        assert_eq!(run("依照赡养法律规定"), vec![]);
        assert_eq!(
            run("村民江山说"),
            vec![("江山".to_string(), Confidence::Low)]
        );
    }

    /// A name after a label and a colon that ends the field (经手人：何平；).
    #[test]
    fn labelled_fields_name_people() {
        for (t, names) in [
            (
                "经手人：何平；收款人：陈丽；见证人：赵大勇",
                &["何平", "陈丽", "赵大勇"][..],
            ),
            (
                "甲方：李建国（签字） 乙方：王美华（签字）",
                &["李建国", "王美华"],
            ),
            ("甲方：李建国 乙方：王美华", &["李建国", "王美华"]),
            ("法定代表人：李国栋", &["李国栋"]),
            ("委托代理人：邱敏", &["邱敏"]),
            ("1. 证人：龚四海", &["龚四海"]),
            ("（出具人：童海波）", &["童海波"]),
            ("借款人: 王国芳\n出借人: 蔡文静", &["王国芳", "蔡文静"]),
            ("担保人： 卢志豪签字", &["卢志豪"]),
            ("经手人：何平签收。", &["何平"]),
            ("收款人：万晓东收", &["万晓东"]),
            (
                "收款人：万晓东收\n见证人：孙静怡\n日期：2024年1月5日",
                &["万晓东", "孙静怡"],
            ),
            ("经手人：何平\n日期：2024年1月5日", &["何平"]),
            ("户主:  钟海\n", &["钟海"]),
            ("甲方（出租人）：谭建国", &["谭建国"]),
            ("申请人：韦小宝，被申请人：苗卫东。", &["韦小宝", "苗卫东"]),
            ("当事人：毛建华、联系人：覃丽", &["毛建华", "覃丽"]),
            ("签字人：鲍勇 姓名：闵敏", &["鲍勇", "闵敏"]),
        ] {
            assert_eq!(high(t), names, "{t}");
        }
    }

    #[test]
    fn labels_before_words_and_placeholders_stay() {
        for t in [
            "甲方：物业公司",
            "乙方：某某小区业主委员会",
            "联系人：社区居委会",
            "申请人：张某",
            "申请人：王某某",
            "当事人：双方",
            "证人：无",
            "见证人：社区网格员",
            // A company or a word that jieba's dictionary knows, a title after a surname.
            "甲方：万科",
            "联系人：何主任",
            "当事人：同上",
            // A person noun and a colon open a line of dialogue, no field.
            "母亲：何必呢？",
            "父亲：周末回来",
            // Companies: a seal, two characters jieba does not read as a name.
            "乙方：申通（盖章）",
            "一直与房客协商退租",
            "后来与花农协商",
            "与车企协商",
        ] {
            assert_eq!(high(t), Vec::<String>::new(), "{t}");
        }
    }

    /// The cells under a name column of a table of people (| 姓名 | 关系 | 联系电话 |).
    #[test]
    fn name_columns_of_a_table_of_people() {
        // Surnames that are numerals, notes, lists and links in a cell.
        let people = "| 姓名 | 楼号 |\n|---|---|\n| 陆建华 | 3 |\n| 王建军（户主） | 4 |\n| 韦晓红、韦晓东 | 5 |\n| [苗卫东](#a) | 6 |\n";
        let found = high(people);
        for name in ["陆建华", "王建军", "韦晓红", "韦晓东", "苗卫东"] {
            assert!(found.iter().any(|f| f == name), "{name}: {found:?}");
        }
        // Offices, titles and amounts in a column of people stay.
        let offices = "| 单位 | 联系人 | 电话 |\n|---|---|---|\n| 街道 | 包片民警 | 110 |\n| 社区 | 单元长 | 12345 |\n| 镇 | 安监站 | 12345 |\n| 区 | 平安办 | 12345 |\n";
        assert_eq!(high(offices), Vec::<String>::new(), "{offices}");
        let costs =
            "| 费用项目 | 申请人 | 被申请人 |\n|---|---|---|\n| 修理费 | 伍仟元 | 陆佰元 |\n";
        assert_eq!(high(costs), Vec::<String>::new(), "{costs}");
        let t = "| 姓名 | 关系 | 联系电话 |\n|---|---|---|\n| 李春梅 | 妻子 | 0571-88776655 |\n\
                 | 张某 | 丈夫 | 无 |\n| 王国芳 | 女儿 | 无 |\n| 何平 | 邻居 | 无 |";
        assert_eq!(high(t), ["李春梅", "王国芳", "何平"]);
        let t = "|申请人|被申请人|\n|:-:|:-:|\n|闫丽萍|童海波|";
        assert_eq!(high(t), ["闫丽萍", "童海波"]);
        // No name column: a table of figures, a header holding a name word in a longer text.
        for t in [
            "| 项目 | 金额 |\n|---|---|\n| 高明 | 300 |",
            "| 申请人电话 | 备注 |\n|---|---|\n| 高明 | 无 |",
            "| 姓名 | 关系 |\n| 李春梅 | 妻子 |",
        ] {
            assert_eq!(high(t), Vec::<String>::new(), "{t}");
        }
        assert_eq!(
            name_cells(&"| 姓名 |\n|---|\n| 张某 |".chars().collect::<Vec<_>>()),
            [(15, 17, "姓名")]
        );
    }

    /// A unit after a number is no surname (2023年国庆节后 is no 年国庆).
    #[test]
    fn a_unit_after_a_number_is_no_surname() {
        for t in [
            "2023年国庆节后，邻居说",
            "2023年国庆说",
            "2023年国庆来到北京",
            "3月王某说",
            "十周年庆典上，邻居说",
            "三方协商一致",
            "5万元钱某说",
        ] {
            assert!(
                run(t)
                    .iter()
                    .all(|(k, _)| !k.starts_with(['年', '周', '方', '万'])),
                "{t}: {:?}",
                run(t)
            );
        }
        assert_eq!(high("邻居年建国说"), ["年建国"]);
        assert_eq!(high("2023年3月，邻居年建国说"), ["年建国"]);
    }

    /// After a relative or a witness a full name whose first two characters are a word is a
    /// name when the clause ends there or a cue follows; not after a collective noun.
    #[test]
    fn word_shaped_names_after_relatives_and_witnesses() {
        for (t, name) in [
            ("女儿王国芳、儿子王国强都在外地。", "王国芳"),
            ("小女儿王国芳远嫁外省。", "王国芳"),
            ("其子林业强说", "林业强"),
            ("妻子钱多多", "钱多多"),
            ("证人高尚武到场。", "高尚武"),
            ("证人刘海燕到场。", "刘海燕"),
            ("其女金秋菊说", "金秋菊"),
        ] {
            assert_eq!(high(t).first().map(String::as_str), Some(name), "{t}");
        }
        for t in [
            "女儿金榜题名。",
            "儿子高兴地说",
            "妻子方便时再来。",
            "母亲节快乐。",
            "父亲节那天",
            "儿子周末回来。",
            "母亲金黄色的头发。",
            "女儿高中毕业后在外打工。",
            "哥哥林业局上班。",
            "居民黄金周出游。",
            "证人黄金周到场。",
            // The clause's end alone is no cue: the same shape is a sentence.
            "孙女成绩好，",
            "女儿经常来。",
            "其子林业强。",
            "女儿金秋时节结婚。",
        ] {
            assert_eq!(high(t), Vec::<String>::new(), "{t}");
        }
    }

    /// Lists and testimony after a found name (工友刘二牛、孙大海可以证明).
    #[test]
    fn lists_and_testimony_after_a_found_name() {
        assert_eq!(high("工友刘二牛、孙大海可以证明。"), ["刘二牛", "孙大海"]);
        assert_eq!(
            high("工友刘二牛、孙大海和钱小红等人到场。"),
            ["刘二牛", "孙大海", "钱小红"]
        );
        assert_eq!(high("室友、合租人邓佳佳证明。"), ["邓佳佳"]);
        assert_eq!(high("退休教师蒋玉梅作证说"), ["蒋玉梅"]);
        // Not the end of the name and the start of the verb (梅作证).
        assert!(
            run("退休教师蒋玉梅作证说")
                .iter()
                .all(|(k, _)| k != "梅作证")
        );
        // A list of words after a word is no list of names.
        assert_eq!(high("劳务、文明证明"), Vec::<String>::new());
    }

    /// A rare surname with a strong cue, where jieba tags a frequent one as a name.
    #[test]
    fn rare_surnames_with_a_strong_cue() {
        for (t, name) in [
            ("童海波称，钱已经还了。", "童海波"),
            ("据卜文涛介绍，", "卜文涛"),
            ("与滕建新协商", "滕建新"),
            ("苗卫东拒不还款。", "苗卫东"),
            ("据李文涛介绍，", "李文涛"),
            ("与王建新协商", "王建新"),
            ("多次与王芳协商未果。", "王芳"),
        ] {
            assert_eq!(high(t), [name], "{t}");
        }
        for t in [
            "童年时他说",
            "苗头不对，他称",
            "滕王阁介绍",
            "滕王阁位于南昌。",
            "与房东协商",
            "与单位协商",
            "与施工方协商",
            "与华为协商",
            "与双方协商",
            "和平协商",
            "据史书介绍",
            "据了解",
            "据周边居民反映",
            "各项工作表示",
        ] {
            assert_eq!(high(t), Vec::<String>::new(), "{t}");
        }
    }

    /// Representatives and job titles as cues, also between a label and the name (村民代表唐桂英,
    /// 村文书罗晓梅, 记录人：村文书罗晓梅, 单元长严国平).
    #[test]
    fn representatives_and_job_titles_before_a_name() {
        for (t, names) in [
            ("村民代表唐桂英参加了会议。", &["唐桂英"][..]),
            ("参会人员：唐桂英、罗晓梅。", &["唐桂英", "罗晓梅"]),
            ("会议由村文书罗晓梅记录。", &["罗晓梅"]),
            ("记录人：村文书罗晓梅", &["罗晓梅"]),
            ("经手人：会计邵丽", &["邵丽"]),
            ("单元长严国平参加了调解。", &["严国平"]),
        ] {
            assert_eq!(high(t), names, "{t}");
        }
        // The person noun itself is no name (单元长 was reported as one).
        assert!(
            run("单元长严国平参加了调解。")
                .iter()
                .all(|(k, _)| k != "单元长")
        );
        for t in [
            "村民代表大会通过了决议。",
            "居民代表会议决定。",
            "记录人员到场。",
            "业主委员会同意。",
            "业主代表方案通过了。",
            "单元长参加了调解。",
            "会议记录人：见上",
        ] {
            assert_eq!(high(t), Vec::<String>::new(), "{t}");
        }
    }

    /// Labels of the parties' documents at a line's end (记录人：蒋卫国, 欠款人：蒋文杰), a field
    /// followed by another line, a signature's note between the colon and the name.
    #[test]
    fn document_labels_at_a_lines_end() {
        for (t, names) in [
            ("记录人：蒋卫国", &["蒋卫国"][..]),
            ("欠款人：蒋文杰", &["蒋文杰"]),
            (
                "今欠张某人民币五千元。\n欠款人：蒋卫国\n2024年1月1日",
                &["蒋卫国"],
            ),
            ("见证人：（签名）董桂香", &["董桂香"]),
            ("在场人：覃长海\n验收人：苟春燕", &["覃长海", "苟春燕"]),
            ("房东：滕金花", &["滕金花"]),
        ] {
            assert_eq!(high(t), names, "{t}");
        }
        for t in [
            "记录人：见上",
            "经手人：本人",
            "房东：何必呢？",
            "房东：周末再说吧。",
            "欠款人：某公司",
            "见证人：（签名）",
            "验收人：（盖章）万科",
        ] {
            assert_eq!(high(t), Vec::<String>::new(), "{t}");
        }
    }

    /// More columns of a table of people (经手人, 业主, 学生姓名…); amounts and offices stay.
    #[test]
    fn more_name_columns() {
        for (t, name) in [
            (
                "| 日期 | 经手人 |\n|---|---|\n| 8月3日 | 蒋文涛 |",
                "蒋文涛",
            ),
            (
                "| 房号 | 业主 | 欠费 |\n|---|---|---|\n| 6-1-101 | 柴永刚 | 4120 |",
                "柴永刚",
            ),
            (
                "| 学生姓名 | 班级 |\n|---|---|\n| 冯思雨 | 三班 |",
                "冯思雨",
            ),
            ("| 序号 | 受访者 |\n|---|---|\n| 1 | 逯建英 |", "逯建英"),
            ("| 序号 | 签字 |\n|---|---|\n| 9 | 殷红霞 |", "殷红霞"),
        ] {
            assert_eq!(high(t), [name], "{t}");
        }
        for t in [
            "| 借款人 | 金额 |\n|---|---|\n| 伍仟元 | 5000 |\n| 单元长 | 1 |",
            "| 业主 | 房号 |\n|---|---|\n| 业主委员会 | 1 |\n| 物业公司 | 2 |",
            "| 成员 | 关系 |\n|---|---|\n| 长子 | 儿子 |",
            "| 姓名拼音 | 备注 |\n|---|---|\n| 高明 | 无 |",
        ] {
            assert_eq!(high(t), Vec::<String>::new(), "{t}");
        }
    }

    /// A list under a line ending in 名单 or 人员 is a list of people.
    #[test]
    fn lists_under_a_heading_of_people() {
        assert_eq!(high("工人名单：\n\n1. 石磊\n2. 聂美霞"), ["石磊", "聂美霞"]);
        assert_eq!(
            high("参会人员如下：\n- 唐桂英（村民代表）\n- 曹文斌"),
            ["唐桂英", "曹文斌"]
        );
        for t in [
            "工作人员：\n\n1. 社区网格员\n2. 司法所\n3. 包片民警",
            "参与单位名单：\n1. 物业公司\n2. 业主委员会",
            "处理结果如下：\n\n1. 石磊\n2. 聂美霞",
            "本名单共五人。",
        ] {
            assert_eq!(high(t), Vec::<String>::new(), "{t}");
        }
    }

    /// Chat transcripts: a speaker before a time and a colon, an exported WeChat line, `@name`.
    #[test]
    fn chat_speakers_and_mentions() {
        for (t, name) in [
            (
                "> 张某 21:31：我已经报给物业了\n> 刘桂英 21:35：大家都是邻居，少说两句",
                "刘桂英",
            ),
            ("刘桂英（21:35）：大家都是邻居", "刘桂英"),
            ("刘桂英 2024/1/12 20:15\n大家都是邻居，少说两句", "刘桂英"),
            ("> 张某 21:31：@刘桂英 你评评理", "刘桂英"),
        ] {
            assert_eq!(high(t), [name], "{t}");
        }
        // A dialogue without times: two turns or more.
        assert_eq!(
            high("唐桂英：我嫁过来三十年了。\n曹德荣：那也不能占路。\n唐桂英：路是大家的。"),
            ["唐桂英", "曹德荣", "唐桂英"]
        );
        for t in [
            "时间：2024年5月\n地点：社区\n结果：调解成功",
            "方案：先修后赔\n要求：三日内完成",
            "方案：先修后赔",
            "温馨提示：请勿占道。",
        ] {
            assert_eq!(high(t), Vec::<String>::new(), "{t}");
        }
        assert_eq!(high("唐桂英：我嫁过来那年就有这棵树了。"), ["唐桂英"]);
        for t in [
            "@所有人 明天停水。",
            "@物业管家 请处理。",
            "@管理员 请处理。",
            "时间 2024/1/12 20:15\n地点：社区",
            "周会 10:00：讨论漏水。",
            "邮箱zjg@163.com",
            "他在21:35说刘桂英不在。",
        ] {
            assert_eq!(high(t), Vec::<String>::new(), "{t}");
        }
    }

    /// Relations and other names of a person as cues (老伴儿, 对象, 亲家, 真名…).
    #[test]
    fn more_relations_and_naming_words() {
        for (t, name) in [
            ("也可以打我老伴儿万秀兰的电话。", "万秀兰"),
            ("对象孙丽娜说不同意。", "孙丽娜"),
            ("亲家冯德全到场。", "冯德全"),
            ("干爹郑长河说。", "郑长河"),
            ("孩子他爸纪明辉表示支持妻子。", "纪明辉"),
            ("她还有一个非婚生女覃小雨，随外婆生活。", "覃小雨"),
            ("其租客麦晓峰开的门。", "麦晓峰"),
            ("发小曹文斌说。", "曹文斌"),
            ("真名苟文静。", "苟文静"),
            ("网名周晓光。", "周晓光"),
            ("他的大名叫何文斌。", "何文斌"),
        ] {
            assert_eq!(high(t), [name], "{t}");
        }
        for t in [
            "对象是谁？",
            "真名实姓。",
            "服务对象包括老人。",
            "对象关系复杂。",
            "本名单共五人。",
            "久闻大名。",
            "亲家公说",
            "老伴儿常年卧病在床。",
            "头发小时候很黄。",
        ] {
            assert_eq!(high(t), Vec::<String>::new(), "{t}");
        }
    }

    /// Link markup is no break between a cue and a name (邻居[俞宏亮](url)说).
    #[test]
    fn links_do_not_break_cues() {
        assert_eq!(
            high("证人[俞宏亮的证言](https://example.org/z.html)。"),
            ["俞宏亮"]
        );
        assert_eq!(
            high("邻居[俞宏亮](https://example.org/a.html)说他看见了。"),
            ["俞宏亮"]
        );
        assert_eq!(high("见证人：[董桂香](#a)"), ["董桂香"]);
        for t in [
            "详见[文明城市](https://example.org/a.html)建设方案。",
            "邻居[高兴地说](#a)。",
        ] {
            assert_eq!(high(t), Vec::<String>::new(), "{t}");
        }
    }

    /// A name-like dictionary word between a person noun and a verb of speaking (保安金秋说) is
    /// reported, not replaced; without the verb (女儿金秋时节结婚) not even reported.
    #[test]
    fn a_dictionary_name_with_a_speech_cue_is_reported() {
        assert_eq!(
            run("保安金秋说他看见了。"),
            [("金秋".to_string(), Confidence::Low)]
        );
        assert!(run("女儿金秋时节结婚。").is_empty());
        assert!(run("老人平时说。").is_empty());
        assert!(run("孩子高兴地说。").is_empty());
    }
}
