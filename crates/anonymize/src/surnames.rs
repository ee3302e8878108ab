//! Chinese surname table (百家姓 plus common modern surnames, and the compound surnames of
//! ANONYMIZATION.md §5) and the rule that splits a name into surname and given name.
//!
//! Lookups fold traditional characters to simplified first, so 張 and 歐陽 are found too.

use std::sync::LazyLock;

use crate::lexicon::{CharSet, WordList, WordSet};
use crate::script::fold_char;

/// Single-character surnames: 百家姓 order, then common surnames missing from it.
const SINGLE: &str = "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许何吕施张孔曹严华金魏陶姜戚谢邹喻柏水窦章\
云苏潘葛奚范彭郎鲁韦昌马苗凤花方俞任袁柳酆鲍史唐费廉岑薛雷贺倪汤滕殷罗毕郝邬安常乐于时傅皮卞齐康\
伍余元卜顾孟平黄和穆萧尹姚邵湛汪祁毛禹狄米贝明臧计伏成戴谈宋茅庞熊纪舒屈项祝董梁杜阮蓝闵席季麻强\
贾路娄危江童颜郭梅盛林刁钟徐邱骆高夏蔡田樊胡凌霍虞万支柯昝管卢莫经房裘缪干解应宗丁宣贲邓郁单杭洪\
包诸左石崔吉钮龚程嵇邢滑裴陆荣翁荀羊於惠甄麴封芮羿储靳汲邴糜松井段富巫乌焦巴弓牧隗山谷车侯宓蓬\
全郗班仰秋仲伊宫宁仇栾暴甘钭厉戎祖武符刘景詹束龙叶幸司韶郜黎蓟薄印宿白怀蒲邰从鄂索咸籍赖卓蔺屠蒙\
池乔阴郁胥能苍双闻莘党翟谭贡劳逄姬申扶堵冉宰郦雍郤璩桑桂濮牛寿通边扈燕冀郏浦尚农温别庄晏柴瞿阎充\
慕连茹习宦艾鱼容向古易慎戈廖庾终暨居衡步都耿满弘匡国文寇广禄阙东欧殳沃利蔚越夔隆师巩厍聂晁勾敖融\
冷訾辛阚那简饶空曾毋沙乜养鞠须丰巢关蒯相查后荆红游竺权逯盖益桓公仉督晋楚闫法汝鄢涂钦归海岳帅缑亢\
况郈有琴商佘佴伯赏墨哈谯笪年爱阳佟言福\
付肖覃邝冼揭粟庹仝兰苟隋迟栗谌郇卿麦禤植敬练尉旷邸奉凃靖贠\
芦铁翦苑闪茆鲜肇檀鹿丘续禚战綦亓郄";

/// Compound surnames (复姓). Kept whole in pseudonyms: 欧阳娜娜 → 欧阳某.
pub const COMPOUND: &[&str] = &[
    "欧阳",
    "太史",
    "端木",
    "上官",
    "司马",
    "东方",
    "独孤",
    "南宫",
    "万俟",
    "闻人",
    "夏侯",
    "诸葛",
    "尉迟",
    "公羊",
    "赫连",
    "澹台",
    "皇甫",
    "宗政",
    "濮阳",
    "公冶",
    "太叔",
    "申屠",
    "公孙",
    "仲孙",
    "钟离",
    "长孙",
    "慕容",
    "宇文",
    "鲜于",
    "司空",
    "闾丘",
    "子车",
    "亓官",
    "司寇",
    "巫马",
    "公西",
    "颛孙",
    "壤驷",
    "公良",
    "漆雕",
    "乐正",
    "宰父",
    "谷梁",
    "拓跋",
    "夹谷",
    "轩辕",
    "令狐",
    "段干",
    "百里",
    "呼延",
    "东郭",
    "南门",
    "羊舌",
    "微生",
    "西门",
    "第五",
    "司徒",
    "淳于",
    "单于",
    "梁丘",
    "左丘",
    "东门",
    "商牟",
    "伯赏",
    "公叔",
    "公门",
    "沮渠",
    "完颜",
    "耶律",
    "纳兰",
    "爱新觉罗",
];

/// Compound surnames that are also everyday words (第五条, 东方红, 百里挑一, 西门口): they still
/// split declared names correctly, but the undeclared-name detector does not start a candidate on them.
const COMPOUND_WORDLIKE: &[&str] = &[
    "第五", "东方", "百里", "东门", "西门", "南门", "上官", "长孙", "公孙", "单于", "司空", "太史",
    "公门",
];

static SINGLE_SET: LazyLock<CharSet> = LazyLock::new(|| CharSet::new(SINGLE.chars()));
static COMPOUND_LIST: LazyLock<WordList> = LazyLock::new(|| WordList::new(COMPOUND));
/// First characters of compound surnames (simplified).
pub(crate) static COMPOUND_FIRST_CHARS: LazyLock<CharSet> =
    LazyLock::new(|| CharSet::new(COMPOUND.iter().filter_map(|s| s.chars().next())));

/// Is `c` (simplified or traditional) a single-character surname?
pub fn is_single_surname(c: char) -> bool {
    SINGLE_SET.contains(fold_char(c))
}

/// Compound surname starting at `chars[0..]` (folded to simplified), as its length in chars.
pub fn compound_at(chars: &[char]) -> Option<usize> {
    let list = &*COMPOUND_LIST;
    if !COMPOUND_FIRST_CHARS.contains(fold_char(*chars.first()?)) {
        return None;
    }
    let folded: Vec<char> = chars
        .iter()
        .take(list.max_len)
        .map(|&c| fold_char(c))
        .collect();
    list.prefix(&folded).map(|w| w.chars().count())
}

/// Is `alias` a surname and a title or honorific (鲁师傅, 王阿姨, 欧阳老师): a way people are
/// called that many people share, so it is audited where its case is, like a given name.
pub fn surname_and_title(alias: &str) -> bool {
    let chars: Vec<char> = alias.chars().collect();
    let skip = match compound_at(&chars) {
        Some(n) => n,
        None if chars.first().is_some_and(|&c| is_single_surname(c)) => 1,
        None => return false,
    };
    let rest: String = chars[skip..].iter().collect();
    !rest.is_empty()
        && (crate::lexicon::TITLES.iter().any(|t| *t == rest)
            || crate::lexicon::KIN_HONORIFICS.contains(&rest.as_str()))
}

/// Like [`compound_at`], but ignoring compound surnames that are ordinary words.
#[cfg(test)]
pub(crate) fn compound_at_for_detection(chars: &[char]) -> Option<usize> {
    compound_at_wordlike(chars).and_then(|(n, wordlike)| (!wordlike).then_some(n))
}

/// [`compound_at`] on characters already folded to simplified, and whether the compound
/// surname is also an everyday word (第五, 东方, 上官). No allocation.
pub(crate) fn compound_at_wordlike(folded: &[char]) -> Option<(usize, bool)> {
    static WORDLIKE: LazyLock<WordSet> =
        LazyLock::new(|| WordSet::new(COMPOUND_WORDLIKE.iter().copied()));
    let first = *folded.first()?;
    if !COMPOUND_FIRST_CHARS.contains(first) {
        return None;
    }
    let list = &*COMPOUND_LIST;
    let w = list.prefix(&folded[..folded.len().min(list.max_len)])?;
    let n = w.chars().count();
    Some((n, WORDLIKE.contains(&folded[..n])))
}

/// [`is_single_surname`] for a character already folded to simplified.
#[inline]
pub(crate) fn is_single_surname_folded(c: char) -> bool {
    SINGLE_SET.contains(c)
}

/// Split a Han name into (surname, given name). Compound surnames win when the name has at
/// least three characters (司马光 → 司马 + 光; 司马 alone is 司 + 马). A name whose first character
/// is not a known surname is still split after its first character (rare surnames exist).
pub fn split_name(name: &str) -> Option<(String, String)> {
    let chars: Vec<char> = name.chars().collect();
    if chars.len() < 2 {
        return None;
    }
    let n = match compound_at(&chars) {
        Some(n) if chars.len() > n => n,
        _ => 1,
    };
    Some((chars[..n].iter().collect(), chars[n..].iter().collect()))
}

/// Does the name start with a known surname (single or compound)?
pub fn starts_with_known_surname(name: &str) -> bool {
    let chars: Vec<char> = name.chars().collect();
    compound_at(&chars).is_some() || chars.first().is_some_and(|&c| is_single_surname(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn single_and_compound() {
        assert!(is_single_surname('张'));
        assert!(is_single_surname('張'));
        assert!(!is_single_surname('的'));
        assert_eq!(split_name("欧阳娜娜"), Some(("欧阳".into(), "娜娜".into())));
        assert_eq!(split_name("歐陽娜娜"), Some(("歐陽".into(), "娜娜".into())));
        assert_eq!(split_name("诸葛明"), Some(("诸葛".into(), "明".into())));
        assert_eq!(split_name("张建国"), Some(("张".into(), "建国".into())));
        assert_eq!(split_name("司马"), Some(("司".into(), "马".into())));
        assert_eq!(split_name("张"), None);
        assert!(COMPOUND.len() >= 60);
        let n = SINGLE
            .chars()
            .collect::<std::collections::HashSet<_>>()
            .len();
        assert!(n >= 480, "{n}");
        // Surnames that are also words or rare characters are still surnames.
        for c in "闫简詹伏宗薄甄芦付鄢佘阚晁".chars() {
            assert!(is_single_surname(c), "{c}");
        }
        assert_eq!(split_name("宇文思远"), Some(("宇文".into(), "思远".into())));
    }

    #[test]
    fn wordlike_compounds_do_not_start_candidates() {
        let c: Vec<char> = "第五条".chars().collect();
        assert_eq!(compound_at(&c), Some(2));
        assert_eq!(compound_at_for_detection(&c), None);
        let c: Vec<char> = "慕容复".chars().collect();
        assert_eq!(compound_at_for_detection(&c), Some(2));
    }
}
