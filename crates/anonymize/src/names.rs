//! Undeclared person-name detection (a son, a witness, a neighbour nobody declared).
//!
//! Candidate = surname (single or compound) + 1–2 Han characters, on the markup projection folded to
//! simplified; or a transliterated name with a middle dot (艾力·买买提). Evidence: a left cue right
//! before it (a person noun from `data/left_cues.txt`: 证人, 妻子, 老伴, 村医, 接手的…, any word
//! ending in 员 such as 保洁员; or "、/和/与" after another name), a right cue right after it
//! (说/称/表示… strong; 与/和/的/punctuation weak; a title such as 师傅), and the pattern
//! "X诉Y" / "X与Y发生…" between two candidates. Vetoes: common words (高兴, 文明, and the frequent
//! words of `data/common_words.txt` that start with a surname character: 查明, 卫生, 公约),
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
//! a clause and followed by a title (夏侯淑芬老人). Low confidence (reported only) = one cue only,
//! or a vetoed word with both cues. Kinship honorifics after a bare surname (王阿姨) are
//! low-confidence, and only when no declared or kept name has that surname (they reveal no more
//! than 王某).
//!
//! jieba-rs is a weak signal on top (`segment`): a low-confidence find with one real cue (a left
//! cue, or a strong right cue such as 说) is high after all when jieba's part-of-speech tags call
//! exactly it a person name (他对聂美霞说); a high-confidence find inside a longer dictionary word
//! (敬老爱幼) is only reported.

use std::cell::Cell;
use std::collections::HashSet;
use std::sync::LazyLock;

use crate::lexicon::{
    BOND_SET, CharSet, ENDING_SET, KIN_HONORIFICS, NAME_LIKE_SET, SOFT_LAST_NEXT, SOFT_STOP_FIRST,
    SOFT_STOP_LAST, SOFT_STOP_NEXT, VETO_SET, W_FOLLOW_WORDS, W_LEFT_CUES, W_NOT_PLACE_WORDS,
    W_PLACE_SUFFIXES, W_RIGHT_SPEECH, W_RIGHT_WEAK, W_TITLES, W_WEAK_LEFT_CUES, WORD_SET,
    is_place_suffix_char, is_stop_char, is_strong_place_char,
};
use crate::project::Projection;
use crate::script::is_han;
use crate::surnames::{COMPOUND_FIRST_CHARS, compound_at_wordlike, is_single_surname_folded};
use crate::types::Confidence;

/// Surnames that are also function words: a candidate starting with one is at most low confidence.
const WEAK_SURNAMES: &str = "和于从向能那有全相时都后应及同双国过别";
/// Connectors that chain names: 张三、李四 / 张三和李四.
const CHAIN: &str = "、和与及同跟";
/// Connectors between two names in "X诉Y" (a case title) and "X与Y发生…" / "X和Y因…".
const PAIR: &str = "诉与和";

/// Character sets of the constants above and of the soft stop characters, for fast membership.
struct Sets {
    weak_surnames: CharSet,
    chain: CharSet,
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
}

impl Left {
    fn text(self) -> String {
        match self {
            Left::Strong(w) | Left::Weak(w) => w.to_string(),
            Left::Chain(c) => c.to_string(),
        }
    }
}

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
    let rest = &f[end.min(f.len())..];
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
}

/// The shape of a possible name starting at `i` (before weighing the evidence).
struct Span {
    slen: usize,
    /// End of the name (exclusive).
    end: usize,
    right: Right,
    veto: bool,
    /// Vetoed only because its first two characters are a word (刘海|燕, 王国|庆): after a person
    /// noun (证人刘海燕到场) still worth a report, never a replacement (居民黄金周出游).
    first_two_only: bool,
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
    if !usable(g0) && !soft_first {
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
    let follow = W_FOLLOW_WORDS.prefix(&f[g0 + 1..]).is_some();
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
    let g = if soft_first { 2 } else { g };
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
    let first_two_veto = WORD_SET.contains(&f[i..=g0])
        && !(g == 2 && left.is_some() && (strong_right || left == Some(Left::Chain('、'))));
    let hard_veto = WORD_SET.contains(&f[i..end])
        || (VETO_SET.contains(&f[g0..end]) && g == 2 && left.is_none());
    let veto = hard_veto || first_two_veto;
    let place = place_follows(f, end) || is_strong_place_char(f[end - 1]);
    Some(Span {
        slen,
        end,
        right,
        veto,
        first_two_only: first_two_veto && !hard_veto && g == 2,
        place,
        weak_surname: slen == 1 && SETS.weak_surnames.contains(f[i]),
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
    };
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
        let left = left_cue(f, &cues, i, &chain_ends);
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
        // Surname + a declared party's given name: another person (李建国 next to party 张建国).
        if let Some(&(_, gend)) = ctx.given.iter().find(|&&(a, _)| a == g0)
            && !(slen == 1 && SETS.weak_surnames.contains(c))
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
        let end = span.end;
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
        let confidence = if !veto
            && !weak_surname
            && (strong_left || pair || titled || profile || (has_left && has_right))
        {
            Some(Confidence::High)
        } else if veto {
            // Only a name-like word (村民江山说) is worth a report, not 当事人双方; and a full
            // name between a person noun and a right cue whose first two characters are a word
            // (证人刘海燕到场; not 成员经常看望, 妹妹支付折价款); and a word listed after a
            // name (姜淑华、龚志明、常青也反映).
            ((has_left && has_right && NAME_LIKE_SET.contains(&f[i..end]))
                || (strong_left && has_right && span.first_two_only && !weak_surname)
                || (matches!(left, Some(Left::Chain('、'))) && has_right && !weak_surname))
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
        let pos_name = confidence == Confidence::Low
            && !veto
            && !weak_surname
            && (has_left || right.strong.is_some())
            && !crate::segment::looks_like_word(f, i, end)
            && crate::segment::tagged_as_name(f, i, end, span.slen);
        if pos_name {
            confidence = Confidence::High;
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
        if pos_name {
            reason.push_str("；词性标注为人名");
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

    /// A full name after a person noun whose first two characters are a word: reported for an
    /// editor, not replaced (the same shape is 居民黄金周出游).
    #[test]
    fn a_word_shaped_full_name_after_a_person_noun_is_reported() {
        assert_eq!(
            run("证人刘海燕到场。"),
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
        // One cue only, and jieba does not tag the span as a name (柯/nr 建平/n).
        let r = run("柯建平说过这件事");
        assert_eq!(r, vec![("柯建平".to_string(), Confidence::Low)]);
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
}
