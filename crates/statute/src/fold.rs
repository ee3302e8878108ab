//! Per-character folding used before matching: traditional → simplified for the
//! characters of the built-in law names and citation keywords (條→条, 華→华,
//! 國→国, 編→编, 項→项, 萬→万, 兩→两 …), full-width digits → ASCII, full-width
//! parentheses → ASCII. One char in, one char out, so char offsets are kept.
//!
//! This is a small table, not a general converter: a site adding laws whose
//! traditional forms use other characters should convert its text first.

use std::sync::OnceLock;

/// Traditional characters, sorted, paired index by index with [`SIMP`].
const TRAD: &str = "個傷價億償兩則動務勞叄員問國婦審師幹廢廣復憲損擔據於書會條業權殘汙為爭爲環產當稱競節簡約組絡網編總織繼罰義聲與華萬處號複規訂訟訴詐該認調議護責貳費資賠質辦農進遊適釋關陸險電項預題養騙";
const SIMP: &str = "个伤价亿偿两则动务劳叁员问国妇审师干废广复宪损担据于书会条业权残污为争为环产当称竞节简约组络网编总织继罚义声与华万处号复规订讼诉诈该认调议护责贰费资赔质办农进游适释关陆险电项预题养骗";

/// Fold one character (see the module doc).
pub fn fold_char(c: char) -> char {
    match c {
        '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
        '（' => '(',
        '）' => ')',
        c if (c as u32) < 0x4e00 => c,
        c => {
            static MAP: OnceLock<Vec<(char, char)>> = OnceLock::new();
            let map = MAP.get_or_init(|| TRAD.chars().zip(SIMP.chars()).collect());
            map.binary_search_by_key(&c, |p| p.0)
                .map_or(c, |i| map[i].1)
        }
    }
}

/// Fold every character of `s`.
pub fn fold_str(s: &str) -> String {
    s.chars().map(fold_char).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_paired() {
        assert_eq!(TRAD.chars().count(), SIMP.chars().count());
        let t: Vec<char> = TRAD.chars().collect();
        assert!(t.windows(2).all(|w| w[0] < w[1]), "TRAD must stay sorted");
    }

    #[test]
    fn folds() {
        assert_eq!(
            fold_str("中華人民共和國民法典第１２５４條（一）"),
            "中华人民共和国民法典第1254条(一)"
        );
        assert_eq!(fold_str("abc 第五款"), "abc 第五款");
    }
}
