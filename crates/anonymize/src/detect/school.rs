//! School detector: the name of a school (西园小学, 县实验小学, 第二中学, 阳光幼儿园) with the grade and
//! class after it (四年级（3）班). The law on minors forbids publishing the school a child in a case
//! attends (未成年人保护法 第一百零三条: 就读学校 among what may identify the child), so in a case
//! the school goes whole, whoever attends it. A generic mention (到学校, 这所学校, 中小学生) has no
//! name and stays.
//!
//! Works on projected characters folded to simplified.

use super::Hit;
use crate::category::Category;
use crate::script::is_han;

/// What ends a school's name, longest first where one ends another.
const SUFFIXES: &[&str] = &[
    "幼儿园",
    "实验学校",
    "学校",
    "小学",
    "中学",
    "初中",
    "高中",
    "附小",
    "附中",
    "职高",
    "中专",
    "技校",
];

/// Characters a school's name never holds, which end it going leftwards: particles,
/// prepositions and verbs before a name (在, 到, 就读于, 转入), demonstratives (这所, 该, 本).
const STOPS: &str = "在到读上于的是和与及了从去往向把被给让叫回进入念就转这那该本各全此某所其每哪个也都又还称说他她我你们它";

/// People before a level of schooling (女儿高中毕业, 孩子小学三年级): no school's name.
const PERSONS: &[&str] = &[
    "女儿", "儿子", "孩子", "孙子", "孙女", "外孙", "学生", "本人", "自己", "子女", "长子", "次子",
    "长女", "次女", "小孩", "儿女", "妹妹", "弟弟", "哥哥", "姐姐",
];

/// Words a suffix begins that are no school (小学生, 中学生, 学校生活 keeps 学校 but 生活 follows).
fn word_follows(cs: &[char], at: usize) -> bool {
    matches!(
        cs.get(at),
        Some('生' | '部' | '阶' | '段' | '教' | '时' | '期')
    ) && !matches!(cs.get(at..at + 2), Some(['生', '活']))
}

/// Find school names (and the grade and class after them) in `cs`.
pub(crate) fn scan(cs: &[char], hits: &mut Vec<Hit>) {
    static SUFFIX_CHARS: std::sync::LazyLock<Vec<Vec<char>>> =
        std::sync::LazyLock::new(|| SUFFIXES.iter().map(|s| s.chars().collect()).collect());
    let n = cs.len();
    let mut i = 0;
    while i < n {
        // Most characters begin no suffix: one comparison each.
        if !matches!(
            cs[i],
            '幼' | '实' | '学' | '小' | '中' | '初' | '高' | '附' | '职' | '技'
        ) {
            i += 1;
            continue;
        }
        let Some(suffix) = SUFFIX_CHARS.iter().find(|s| cs[i..].starts_with(s)) else {
            i += 1;
            continue;
        };
        let end = i + suffix.len();
        // The name before the suffix: Han characters back to a stop.
        let mut start = i;
        while start > 0 && i - start < 12 && is_han(cs[start - 1]) && !STOPS.contains(cs[start - 1])
        {
            start -= 1;
        }
        let person = PERSONS.iter().any(|w| {
            let len = w.chars().count();
            i - start >= len && w.chars().eq(cs[i - len..i].iter().copied())
        });
        // 中小学: 中 and 小学 are one word; a name has two characters at least.
        if person || i - start < 2 || word_follows(cs, end) || cs[start..i].ends_with(&['中']) {
            i = end;
            continue;
        }
        let end = grade_and_class(cs, end);
        hits.push(Hit {
            ci: start,
            cj: end,
            category: Category::School,
            value: cs[start..end].iter().collect(),
        });
        i = end;
    }
}

/// The end of a grade and class right after `at` (四年级（3）班, 初二3班, 五年级), or `at`.
fn grade_and_class(cs: &[char], at: usize) -> usize {
    let numeral = |c: char| c.is_ascii_digit() || "一二三四五六七八九十".contains(c);
    let mut k = at;
    let digits = |k: usize| cs[k..].iter().take_while(|&&c| numeral(c)).count();
    // 四年级, 初二, 高三
    let d = digits(k);
    if d > 0 && cs.get(k + d) == Some(&'年') && cs.get(k + d + 1) == Some(&'级') {
        k += d + 2;
    } else if matches!(cs.get(k), Some('初' | '高'))
        && cs.get(k + 1).is_some_and(|&c| "一二三".contains(c))
    {
        k += 2;
    }
    // （3）班, 3班
    let open = matches!(cs.get(k), Some('（' | '('));
    let j = if open { k + 1 } else { k };
    let d = digits(j);
    let close = if open {
        matches!(cs.get(j + d), Some('）' | ')'))
    } else {
        true
    };
    let after = j + d + usize::from(open);
    if d > 0 && close && cs.get(after) == Some(&'班') {
        return after + 1;
    }
    k
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(s: &str) -> Vec<String> {
        let cs: Vec<char> = s.chars().collect();
        let mut hits = Vec::new();
        scan(&cs, &mut hits);
        hits.into_iter().map(|h| h.value).collect()
    }

    #[test]
    fn school_names_with_grade_and_class() {
        for (text, found) in [
            ("孩子在西园小学四年级（3）班读书", "西园小学四年级（3）班"),
            ("女儿就读于县实验小学", "县实验小学"),
            ("儿子转入市第二中学初二3班", "市第二中学初二3班"),
            ("孙子上阳光幼儿园", "阳光幼儿园"),
            ("他在红星村小学五年级", "红星村小学五年级"),
        ] {
            assert_eq!(run(text), vec![found], "{text}");
        }
        for text in [
            "放学后到学校接孩子",
            "这所学校离家很近",
            "中小学生要注意安全",
            "小学生放学后",
            "学校老师上门",
            "本村小学",
            "法治进校园",
            "女儿高中毕业后外出打工",
            "他初中没读完",
            "孩子小学三年级",
        ] {
            assert_eq!(run(text), Vec::<String>::new(), "{text}");
        }
    }
}
