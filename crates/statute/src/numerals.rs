//! Chinese numerals ↔ integers (CONTENT-MODEL §6): [`cn_to_int`] reads statute
//! numbers in any common script (一千零四十二, 一〇四二, 1042, １０４２, 兩/萬,
//! financial 壹贰叁); [`int_to_cn`] writes the canonical statute form.

use crate::fold::fold_char;

/// Value of one digit character (already folded).
pub(crate) fn digit(c: char) -> Option<u64> {
    Some(match c {
        '0'..='9' => u64::from(c) - u64::from('0'),
        '〇' | '零' => 0,
        '一' | '壹' => 1,
        '二' | '两' | '贰' => 2,
        '三' | '叁' => 3,
        '四' | '肆' => 4,
        '五' | '伍' => 5,
        '六' | '陆' => 6,
        '七' | '柒' => 7,
        '八' | '捌' => 8,
        '九' | '玖' => 9,
        _ => return None,
    })
}

fn unit(c: char) -> Option<u64> {
    Some(match c {
        '十' | '拾' => 10,
        '百' | '佰' => 100,
        '千' | '仟' => 1000,
        '万' => 10_000,
        '亿' => 100_000_000,
        _ => return None,
    })
}

/// Whether `c` (already folded) can be part of a numeral.
pub(crate) fn is_numeral(c: char) -> bool {
    digit(c).is_some() || unit(c).is_some()
}

/// Parse a numeral: 十二 = 12, 二百零五 = 205, 一千零四十二 = 1042, 一〇四二
/// (positional), 1042, １０４２, 两百, 一万零五, 萬/億/兩 in traditional script.
/// Colloquial shorthand is read as spoken (一千二 = 1200). Returns `None` for
/// anything that is not a well-formed numeral or does not fit in `u32`.
pub fn cn_to_int(s: &str) -> Option<u32> {
    let cs: Vec<char> = s.trim().chars().map(fold_char).collect();
    parse_chars(&cs)
}

/// [`cn_to_int`] on already folded chars.
pub(crate) fn parse_chars(cs: &[char]) -> Option<u32> {
    if cs.is_empty() {
        return None;
    }
    if cs.iter().all(|&c| digit(c).is_some()) {
        // Positional: 一〇四二, 1042.
        let v = cs.iter().try_fold(0u64, |v, &c| {
            Some(v * 10 + digit(c)?).filter(|v| *v <= u64::from(u32::MAX))
        })?;
        return u32::try_from(v).ok();
    }
    let (mut yi, mut wan, mut sec) = (0u64, 0u64, 0u64);
    let mut pending: Option<u64> = None;
    let mut small_unit = u64::MAX; // last 十/百/千 in this section
    let mut last_unit = 0u64; // last unit of any size, for 一千二 = 1200
    let mut zero = false; // a 零 since the last unit
    let mut prev_ascii = false;
    for &c in cs {
        if let Some(d) = digit(c) {
            let ascii = c.is_ascii_digit();
            if d == 0 && !ascii {
                zero = true;
            } else {
                pending = match pending {
                    None => Some(d),
                    Some(p) if ascii && prev_ascii => Some(p * 10 + d).filter(|v| *v < 10_000),
                    Some(_) => None,
                };
                pending?;
            }
            prev_ascii = ascii;
            continue;
        }
        let u = unit(c)?;
        prev_ascii = false;
        if u < 10_000 {
            if u >= small_unit {
                return None;
            }
            sec += pending.take().unwrap_or(1) * u;
            small_unit = u;
        } else {
            let v = sec + pending.take().unwrap_or(0);
            if v == 0 {
                return None;
            }
            if u == 10_000 {
                if wan != 0 {
                    return None;
                }
                wan = v * 10_000;
            } else {
                if yi != 0 {
                    return None;
                }
                yi = (wan + v) * 100_000_000;
                wan = 0;
            }
            sec = 0;
            small_unit = u64::MAX;
        }
        last_unit = u;
        zero = false;
    }
    if let Some(p) = pending {
        sec += if !zero && p < 10 && last_unit >= 100 {
            p * last_unit / 10
        } else {
            p
        };
    }
    u32::try_from(yi + wan + sec).ok()
}

const DIGITS: [char; 10] = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/// Write `n` in statute style: 10–19 without a leading 一 (十二), inner zeros
/// collapsed to one 零 (一千零四十二, 一千零一十, 一万零五), 110 = 一百一十.
pub fn int_to_cn(n: u32) -> String {
    if n == 0 {
        return "零".into();
    }
    let groups = [
        (n / 100_000_000, Some('亿')),
        ((n / 10_000) % 10_000, Some('万')),
        (n % 10_000, None),
    ];
    let mut out = String::new();
    let mut gap = false;
    for (g, big) in groups {
        if g == 0 {
            gap |= !out.is_empty();
            continue;
        }
        if !out.is_empty() && (gap || g < 1000) {
            out.push('零');
        }
        gap = false;
        write_group(g, out.is_empty(), &mut out);
        out.extend(big);
    }
    out
}

/// One group below 10 000; `leading` drops the 一 of a leading 十.
fn write_group(g: u32, leading: bool, out: &mut String) {
    let parts = [
        (g / 1000, Some('千')),
        (g / 100 % 10, Some('百')),
        (g / 10 % 10, Some('十')),
        (g % 10, None),
    ];
    let (mut started, mut zero) = (false, false);
    for (d, u) in parts {
        if d == 0 {
            zero |= started;
            continue;
        }
        if zero {
            out.push('零');
            zero = false;
        }
        if !(leading && !started && d == 1 && u == Some('十')) {
            out.push(DIGITS[d as usize]);
        }
        out.extend(u);
        started = true;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_1_to_9999() {
        for n in 1..=9999 {
            let s = int_to_cn(n);
            assert_eq!(cn_to_int(&s), Some(n), "{n} → {s}");
        }
    }

    #[test]
    fn round_trip_large() {
        for n in [
            10_000,
            10_005,
            100_000,
            110_000,
            1_000_100,
            20_304_050,
            100_000_100,
            u32::MAX,
        ] {
            assert_eq!(cn_to_int(&int_to_cn(n)), Some(n), "{n} → {}", int_to_cn(n));
        }
    }

    #[test]
    fn tricky_numerals() {
        let cases: &[(&str, Option<u32>)] = &[
            ("十", Some(10)),
            ("十二", Some(12)),
            ("一十二", Some(12)),
            ("二十", Some(20)),
            ("一百一十", Some(110)),
            ("一百零一", Some(101)),
            ("二百零五", Some(205)),
            ("二百八十八", Some(288)),
            ("一千零四十二", Some(1042)),
            ("一千零一十", Some(1010)),
            ("一千零十", Some(1010)),
            ("一千二百六十", Some(1260)),
            ("一千二", Some(1200)),
            ("三百五", Some(350)),
            ("一〇四二", Some(1042)),
            ("二〇二三", Some(2023)),
            ("二零二五", Some(2025)),
            ("1254", Some(1254)),
            ("１２５４", Some(1254)),
            (" 288 ", Some(288)),
            ("两百", Some(200)),
            ("兩百", Some(200)),
            ("一万", Some(10_000)),
            ("一萬零五", Some(10_005)),
            ("十万", Some(100_000)),
            ("三万二千", Some(32_000)),
            ("3万", Some(30_000)),
            ("一亿零一百", Some(100_000_100)),
            ("壹仟零肆拾贰", Some(1042)),
            ("零", Some(0)),
            ("〇", Some(0)),
            ("", None),
            ("十十", None),
            ("百千", None),
            ("一二百", None),
            ("万", None),
            ("一万一万", None),
            ("五条", None),
            ("abc", None),
            ("99999999999", None),
        ];
        for (s, want) in cases {
            assert_eq!(cn_to_int(s), *want, "{s:?}");
        }
    }

    #[test]
    fn canonical_forms() {
        let cases = [
            (1, "一"),
            (10, "十"),
            (12, "十二"),
            (20, "二十"),
            (101, "一百零一"),
            (110, "一百一十"),
            (205, "二百零五"),
            (1000, "一千"),
            (1010, "一千零一十"),
            (1042, "一千零四十二"),
            (1260, "一千二百六十"),
            (10_005, "一万零五"),
            (10_010, "一万零一十"),
            (110_000, "十一万"),
            (1_000_100, "一百万零一百"),
        ];
        for (n, s) in cases {
            assert_eq!(int_to_cn(n), s);
        }
    }
}
