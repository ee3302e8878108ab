//! Masking for reports and logs: show the first character (both characters of a compound
//! surname), hide the rest, so CI logs never carry a real name or a whole number.

use crate::surnames::compound_at;

/// Mask a name or number for display: 张建国 → 张**, 欧阳娜娜 → 欧阳**, 13812345678 → 1**********.
pub fn mask(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    if chars.is_empty() {
        return String::new();
    }
    let keep = match compound_at(&chars) {
        Some(n) if chars.len() > n => n,
        _ => 1,
    };
    let mut out: String = chars[..keep].iter().collect();
    out.extend(std::iter::repeat_n('*', chars.len() - keep));
    out
}

/// Mask a snippet of text: every ASCII digit run of 5 or more digits becomes `*`s, and HTML numeric
/// entities / JSON `\u` escapes / percent escapes of non-ASCII bytes become `&#*;` / `\u****` /
/// `%**` (they may encode a name).
pub(crate) fn mask_snippet_numbers(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    let mut last = 0;
    while i < b.len() {
        if b[i] == b'&' && b.get(i + 1) == Some(&b'#') {
            let mut j = i + 2;
            if matches!(b.get(j), Some(b'x' | b'X')) {
                j += 1;
            }
            let digits_start = j;
            while j < b.len() && b[j].is_ascii_hexdigit() && j - digits_start < 8 {
                j += 1;
            }
            if j > digits_start {
                out.push_str(&s[last..i]);
                out.push_str("&#*");
                if b.get(j) == Some(&b';') {
                    j += 1;
                    out.push(';');
                }
                last = j;
                i = j;
                continue;
            }
        }
        // A percent-escaped byte of a non-ASCII character (a name in a URL: %E6%9D%8E…).
        if b[i] == b'%'
            && b.get(i + 1)
                .is_some_and(|c| matches!(c, b'8'..=b'9' | b'A'..=b'F' | b'a'..=b'f'))
            && b.get(i + 2).is_some_and(u8::is_ascii_hexdigit)
        {
            out.push_str(&s[last..i]);
            out.push_str("%**");
            last = i + 3;
            i += 3;
            continue;
        }
        if b[i] == b'\\' && b.get(i + 1) == Some(&b'u') {
            let j = i + 2;
            if b.len() >= j + 4 && b[j..j + 4].iter().all(u8::is_ascii_hexdigit) {
                out.push_str(&s[last..i]);
                out.push_str("\\u****");
                last = j + 4;
                i = j + 4;
                continue;
            }
        }
        if b[i].is_ascii_digit() {
            // The digits of a number written in groups count together (138 1234 5678).
            let mut j = i;
            let mut digits = 0;
            loop {
                while j < b.len() && b[j].is_ascii_digit() {
                    j += 1;
                    digits += 1;
                }
                if matches!(b.get(j), Some(b' ' | b'-' | b'.' | b'_'))
                    && b.get(j + 1).is_some_and(u8::is_ascii_digit)
                {
                    j += 1;
                } else {
                    break;
                }
            }
            if digits >= 5 {
                out.push_str(&s[last..i]);
                out.extend(
                    s[i..j]
                        .chars()
                        .map(|c| if c.is_ascii_digit() { '*' } else { c }),
                );
                last = j;
            }
            i = j;
            continue;
        }
        i += 1;
    }
    out.push_str(&s[last..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks() {
        assert_eq!(mask("张建国"), "张**");
        assert_eq!(mask("欧阳娜娜"), "欧阳**");
        assert_eq!(mask("张伟"), "张*");
        assert_eq!(mask("13812345678"), "1**********");
        assert_eq!(mask(""), "");
        assert_eq!(
            mask_snippet_numbers("weibo.com/%E6%9D%8E%E7%A7%80?a=%20"),
            "weibo.com/%**%**%**%**%**%**?a=%20"
        );
    }

    #[test]
    fn snippet_masking() {
        assert_eq!(
            mask_snippet_numbers("电话13812345678。"),
            "电话***********。"
        );
        assert_eq!(mask_snippet_numbers("&#24352;建&#x56FD;"), "&#*;建&#*;");
        assert_eq!(mask_snippet_numbers(r"\u5f20x"), r"\u****x");
        assert_eq!(mask_snippet_numbers("2023年"), "2023年");
        assert_eq!(
            mask_snippet_numbers("卡号6222 0212 3456 7890 128，"),
            "卡号**** **** **** **** ***，"
        );
        assert_eq!(mask_snippet_numbers("第3-5条"), "第3-5条");
    }
}
