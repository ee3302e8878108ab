//! Vehicle plate detector: province character + authority letter + 5-character serial (last may be
//! 挂学警港澳领试超), or new-energy 6-character serial (D/F + 5, or 5 digits + D/F). A separator
//! (`·`, `•`, `・`, `.`, `-`, spaces) may follow the authority letter. Letters I and O never occur.

use std::sync::LazyLock;

use super::Hit;
use crate::category::Category;
use crate::lexicon::CharSet;
use crate::script::{fold_char, is_han};

static PROVINCES: LazyLock<CharSet> = LazyLock::new(|| {
    CharSet::new("京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼".chars())
});
const SPECIAL_LAST: &str = "挂学警港澳领试超";

fn letter(c: char) -> bool {
    c.is_ascii_alphabetic() && !matches!(c.to_ascii_uppercase(), 'I' | 'O')
}

fn serial(c: char) -> bool {
    c.is_ascii_digit() || letter(c)
}

fn is_sep(c: char) -> bool {
    matches!(
        c,
        '·' | '•' | '・' | '.' | '-' | ' ' | '\u{a0}' | '\u{2027}' | '\n' | '—' | '–' | '∙' | '⋅'
    )
}

fn new_energy(s: &[char]) -> bool {
    s.len() == 6
        && ((matches!(s[0].to_ascii_uppercase(), 'D' | 'F')
            && serial(s[1])
            && s[2..].iter().all(char::is_ascii_digit))
            || (s[..5].iter().all(char::is_ascii_digit)
                && matches!(s[5].to_ascii_uppercase(), 'D' | 'F')))
}

fn ordinary(s: &[char]) -> bool {
    s.len() == 5
        && s[..4].iter().all(|&c| serial(c))
        && (serial(s[4]) || SPECIAL_LAST.contains(s[4]))
        && s.iter().filter(|c| c.is_ascii_digit()).count() >= 2
}

/// A serial written with one space between every character, as after a spaced province
/// (`浙 A 1 2 3 4 5`, `粤 B 1 2 3 4 5 D`): its characters and where it ends.
fn spaced_serial(cs: &[char], k: usize) -> Option<(Vec<char>, usize)> {
    let space = |c: char| matches!(c, ' ' | '\u{a0}');
    let mut got = Vec::new();
    let mut j = k;
    while got.len() < 6 && j < cs.len() && (serial(cs[j]) || SPECIAL_LAST.contains(cs[j])) {
        got.push(cs[j]);
        if j + 2 < cs.len()
            && space(cs[j + 1])
            && (cs[j + 2].is_ascii_alphanumeric() || SPECIAL_LAST.contains(cs[j + 2]))
        {
            j += 2;
        } else {
            j += 1;
            break;
        }
    }
    // Nor a count after it (等级 苏 A 1 2 3 4 5 名).
    const COUNT: &str = "名人个分次元件台辆位";
    let boundary = j >= cs.len()
        || !(cs[j].is_ascii_alphanumeric()
            || COUNT.contains(cs[j])
            || (cs[j] == ' ' && cs.get(j + 1).is_some_and(|&c| COUNT.contains(c))));
    if !boundary {
        return None;
    }
    if got.len() == 6 && new_energy(&got) || got.len() == 5 && ordinary(&got) {
        Some((got, j))
    } else {
        None
    }
}

/// Electric-bike plates, written with the city (浙杭州A12345, 杭州X35796) after a plate label
/// (车牌, 牌照, 号牌) in the clause: city, letter and five or six digits.
fn city_plates(cs: &[char], hits: &mut Vec<Hit>) {
    let n = cs.len();
    for i in 0..n {
        if !(cs[i].is_ascii_uppercase() && i >= 2 && is_han(cs[i - 1]) && is_han(cs[i - 2])) {
            continue;
        }
        let d = cs[i + 1..]
            .iter()
            .take(7)
            .take_while(|c| c.is_ascii_digit())
            .count();
        if !(5..=6).contains(&d) || cs.get(i + 1 + d).is_some_and(char::is_ascii_alphanumeric) {
            continue;
        }
        // The city: the two or three Han characters before the letter (a province before it).
        let mut s = i - 2;
        if s >= 1 && is_han(cs[s - 1]) && PROVINCES.contains(fold_char(cs[s - 1])) {
            s -= 1;
        }
        // Right after a plate label (牌照为, 车牌号：), fillers aside: not 招牌, 品牌, 门牌.
        let mut e0 = s;
        while e0 > 0 && matches!(cs[e0 - 1], '：' | ':' | ' ' | '是' | '为' | '号' | '码') {
            e0 -= 1;
        }
        let label = ["车牌", "牌照", "号牌"]
            .iter()
            .any(|l| e0 >= 2 && cs[e0 - 2..e0].iter().copied().eq(l.chars()));
        if !label {
            continue;
        }
        let e = i + 1 + d;
        hits.push(Hit {
            ci: s,
            cj: e,
            category: Category::Plate,
            value: cs[s..e].iter().collect(),
        });
    }
}

/// Is `s` a plate (separators allowed), e.g. "京A·12345", "沪AD12345", "粤B 1234D"?
pub fn plate_valid(s: &str) -> bool {
    let cs: Vec<char> = s.chars().collect();
    let mut hits = Vec::new();
    scan(&cs, &mut hits);
    hits.first().is_some_and(|h| h.ci == 0 && h.cj == cs.len())
}

/// Scan projected characters for plates.
pub(crate) fn scan(cs: &[char], hits: &mut Vec<Hit>) {
    city_plates(cs, hits);
    let n = cs.len();
    let mut i = 0;
    while i + 6 < n + 1 {
        // 京 A·12345: a space may follow the province too.
        let l = if i + 2 < n && matches!(cs[i + 1], ' ' | '\u{a0}') && letter(cs[i + 2]) {
            i + 2
        } else {
            i + 1
        };
        if l >= n || !letter(cs[l]) || !PROVINCES.contains(fold_char(cs[i])) {
            i += 1;
            continue;
        }
        let p = fold_char(cs[i]);
        let mut k = l + 1;
        let mut seps = 0;
        while k < n && is_sep(cs[k]) && seps < 2 {
            k += 1;
            seps += 1;
        }
        let mut e = k;
        while e < n && e - k < 6 && (serial(cs[e]) || (e - k == 4 && SPECIAL_LAST.contains(cs[e])))
        {
            e += 1;
        }
        let boundary = |end: usize| end >= n || !cs[end].is_ascii_alphanumeric();
        // The serial's characters, and where it ends.
        let mut found = if e - k == 6 && new_energy(&cs[k..e]) && boundary(e) {
            Some((cs[k..e].to_vec(), e))
        } else if e - k >= 5 && ordinary(&cs[k..k + 5]) && boundary(k + 5) {
            Some((cs[k..k + 5].to_vec(), k + 5))
        } else {
            None
        };
        // A new-energy plate with the separator after its D or F (浙AD·35792).
        if found.is_none()
            && k == l + 1
            && cs
                .get(k)
                .is_some_and(|c| matches!(c.to_ascii_uppercase(), 'D' | 'F'))
            && cs.get(k + 1).is_some_and(|&c| is_sep(c))
        {
            let d = cs[(k + 2).min(n)..]
                .iter()
                .take(6)
                .take_while(|c| c.is_ascii_digit())
                .count();
            if d == 5 && boundary(k + 7) {
                let mut chars = vec![cs[k]];
                chars.extend_from_slice(&cs[k + 2..k + 7]);
                found = Some((chars, k + 7));
            }
        }
        // Spaced after the province or the letter: perhaps after every character.
        if found.is_none() && (l == i + 2 || k == l + 2 && matches!(cs[l + 1], ' ' | '\u{a0}')) {
            found = spaced_serial(cs, k);
        }
        match found {
            Some((chars, end)) => {
                let mut value = String::new();
                value.push(p);
                value.push(cs[l].to_ascii_uppercase());
                value.extend(chars.iter().map(|c| c.to_ascii_uppercase()));
                hits.push(Hit {
                    ci: i,
                    cj: end,
                    category: Category::Plate,
                    value,
                });
                i = end;
            }
            None => i += 1,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plates() {
        for s in [
            "京A·12345",
            "京A12345",
            "沪AD12345",
            "粤B 1234D",
            "粤B12345D",
            "苏E·1A2B3",
            "浙A1234学",
            "滬A12345",
            "京 A·12345",
            "京A·\n12345",
            "浙 A 1 2 3 4 5",
            "粤 B 1 2 3 4 5 D",
            "浙 A 1 2 3 4 学",
            "京A 1 2 3 4 5",
            "浙A—35791",
            "浙A–24601",
            "浙A∙24603",
            "浙A⋅24604",
            "浙AD·35792",
        ] {
            assert!(plate_valid(s), "{s}");
        }
        for s in [
            "京A1234",
            "京I12345",
            "京AO1234",
            "京A123456",
            "京AABCDE",
            "京A12345X",
            "京  A12345",
            "京 A 1 2 3 4",
            "京 A 1 2 3 4 5 6",
            "苏 A 1 2 3 4 5 名",
        ] {
            assert!(!plate_valid(s), "{s}");
        }
    }

    #[test]
    fn in_text() {
        let cs: Vec<char> = "车牌号为粤B 1234D的轿车".chars().collect();
        let mut hits = Vec::new();
        scan(&cs, &mut hits);
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].value, "粤B1234D");
        for (text, value) in [
            ("电动车牌照为浙杭州A12345。", "浙杭州A12345"),
            ("电瓶车牌照为杭州X35796", "杭州X35796"),
        ] {
            let cs: Vec<char> = text.chars().collect();
            let mut hits = Vec::new();
            scan(&cs, &mut hits);
            assert_eq!(hits.len(), 1, "{text}");
            assert_eq!(hits[0].value, value);
        }
        for text in [
            "型号为杭州X35796",
            "这块招牌是在杭州A12345广告公司做的",
            "该品牌的上海B12345型号",
            "门牌号码统一换新，新的K12345号楼",
        ] {
            let cs: Vec<char> = text.chars().collect();
            let mut hits = Vec::new();
            scan(&cs, &mut hits);
            assert!(hits.is_empty(), "{text}");
        }
    }
}
