//! Clause anchors for resident conventions (居民公约/村规民约): each line that
//! starts with 第X条 (or 第X條) is a clause heading and gets a stable HTML id.

use crate::fold::fold_char;
use crate::numerals::{is_numeral, parse_chars};

/// The anchor id of clause `n`: 第5条 → `tiao-5`.
pub fn clause_anchor(n: u32) -> String {
    format!("tiao-{n}")
}

/// The clause number if `line` starts with 第X条 (after whitespace and the
/// Markdown markers `#`, `>`, `*`, `-`, `+`, so `**第五条**` counts).
pub fn clause_number(line: &str) -> Option<u32> {
    let f: Vec<char> = line.chars().map(fold_char).collect();
    let is_pad = |c: char| c.is_whitespace() || "#>*-+".contains(c);
    let s = f.iter().position(|&c| !is_pad(c))?;
    let rest = f.get(s..)?.strip_prefix(&['第'])?;
    let rest = trim_ws(rest);
    let n = rest
        .iter()
        .position(|&c| !is_numeral(c))
        .unwrap_or(rest.len());
    let v = parse_chars(&rest[..n]).filter(|&v| v > 0)?;
    (trim_ws(&rest[n..]).first() == Some(&'条')).then_some(v)
}

fn trim_ws(s: &[char]) -> &[char] {
    let k = s.iter().position(|c| !c.is_whitespace()).unwrap_or(s.len());
    &s[k..]
}

/// (line index, clause number) of every clause heading in `text`, lines
/// counted from 0 as by [`str::lines`].
pub fn find_clauses(text: &str) -> Vec<(usize, u32)> {
    text.lines()
        .enumerate()
        .filter_map(|(i, line)| clause_number(line).map(|n| (i, n)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anchors() {
        assert_eq!(clause_anchor(5), "tiao-5");
        assert_eq!(clause_anchor(1042), "tiao-1042");
    }

    #[test]
    fn clause_lines() {
        let text = "某某社区居民公约\n\n第一条 为了……\n　　第二条　居民应当……\n第 3 条 …\n**第十條** 附則\n## 第十一条\n第一章 总则\n第三节\n依照第五条\n第1号\n一是遵守法律";
        assert_eq!(
            find_clauses(text),
            vec![(2, 1), (3, 2), (4, 3), (5, 10), (6, 11)]
        );
    }

    #[test]
    fn clause_number_edge_cases() {
        assert_eq!(clause_number("第一千零四十二条"), Some(1042));
        assert_eq!(clause_number("第条"), None);
        assert_eq!(clause_number("第零条"), None);
        assert_eq!(clause_number(""), None);
        assert_eq!(clause_number("第"), None);
    }
}
