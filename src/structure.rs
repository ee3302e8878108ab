//! Legal structure of a page's text: the section roles of a typical case recognised from their
//! headings (基本案情 → facts, 调解结果 → result, …, with synonyms, ordinal prefixes and 【…】
//! bracket headings), and the justice bureaus' dispute categories with a nearest-match hint.

/// Canonical section roles of a case.
pub const ROLES: &[(&str, &str, &[&str])] = &[
    (
        "facts",
        "基本案情",
        &[
            "基本案情",
            "案情简介",
            "简要案情",
            "案情回顾",
            "案情",
            "案件事实",
            "事件经过",
        ],
    ),
    (
        "claims",
        "当事人请求",
        &[
            "申请人请求",
            "原告诉讼请求",
            "诉讼请求",
            "当事人请求",
            "双方诉求",
        ],
    ),
    (
        "process",
        "调解过程",
        &["调解过程", "调处过程", "处理过程", "化解过程", "调解经过"],
    ),
    (
        "result",
        "调解结果",
        &[
            "调解结果",
            "处理结果",
            "裁判结果",
            "判决结果",
            "法院裁判",
            "调解协议",
            "调处结果",
        ],
    ),
    (
        "reasoning",
        "法律分析",
        &[
            "裁判理由",
            "判决理由",
            "案例分析",
            "适用解析",
            "法律分析",
            "以案释法",
        ],
    ),
    ("rule", "裁判要点", &["裁判要点", "裁判要旨"]),
    (
        "significance",
        "典型意义",
        &[
            "典型意义",
            "案例点评",
            "案例评析",
            "法官解读",
            "法官说法",
            "专家点评",
            "调解员说法",
            "调解心得",
            "经验启示",
        ],
    ),
    (
        "statutes",
        "相关法条",
        &[
            "相关法条",
            "法条链接",
            "关联索引",
            "司法解释相关法条",
            "法律依据",
            "民法典条文指引",
            "相关法律规定",
            "法律链接",
        ],
    ),
    ("keywords", "关键词", &["关键词"]),
];

/// Strip an ordinal prefix (一、 （一） (1) 1. 第一部分) and brackets from a heading.
pub fn heading_label(title: &str) -> &str {
    let mut t = title.trim();
    t = t
        .trim_start_matches(['【', '['])
        .trim_end_matches(['】', ']']);
    let ordinal = |c: char| "一二三四五六七八九十0123456789０１２３４５６７８９".contains(c);
    let mut chars = t.char_indices().peekable();
    let mut cut = 0;
    // （一） or (1)
    if t.starts_with('（') || t.starts_with('(') {
        if let Some(close) = t.find(['）', ')'])
            && t[..close].chars().skip(1).all(ordinal)
        {
            cut = close + t[close..].chars().next().map_or(1, char::len_utf8);
        }
    } else {
        let mut saw_ordinal = false;
        while let Some(&(i, c)) = chars.peek() {
            if ordinal(c) {
                saw_ordinal = true;
                chars.next();
                cut = i + c.len_utf8();
            } else {
                break;
            }
        }
        if saw_ordinal {
            match t[cut..].chars().next() {
                Some(c @ ('、' | '.' | '．' | ' ' | '　')) => cut += c.len_utf8(),
                _ => cut = 0,
            }
        }
    }
    t[cut..]
        .trim()
        .trim_start_matches(['【', '['])
        .trim_end_matches(['】', ']'])
        .trim_end_matches(['：', ':'])
        .trim()
}

/// The role of a heading, if it names one.
pub fn role_of(title: &str) -> Option<&'static str> {
    let label = heading_label(title);
    // A case written in traditional script names its sections so too (調解過程).
    let simplified = pufa_anonymize::to_simplified(label);
    ROLES
        .iter()
        .find(|(_, _, names)| names.contains(&label) || names.contains(&simplified.as_str()))
        .map(|(role, _, _)| *role)
}

/// Turn lines that are only a known 【…】 label (optionally with an ordinal, or followed by text)
/// into Markdown headings, so bracket-style cases get headings, ids and a TOC too.
pub fn bracket_headings(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains('【') {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 32);
    let mut changed = false;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim();
        let open = trimmed.find('【');
        let close = trimmed.find('】');
        if let (Some(o), Some(c)) = (open, close)
            && o < c
            && !trimmed.starts_with('#')
        {
            let head = &trimmed[..c + '】'.len_utf8()];
            let rest = trimmed[c + '】'.len_utf8()..].trim();
            let prefix_ok = heading_label(&trimmed[..o]).is_empty();
            if prefix_ok && role_of(head).is_some() {
                out.push_str("## ");
                out.push_str(heading_label(head));
                out.push_str("\n\n");
                if !rest.is_empty() {
                    out.push_str(rest);
                    out.push('\n');
                }
                changed = true;
                continue;
            }
        }
        out.push_str(line);
    }
    if changed {
        std::borrow::Cow::Owned(out)
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

/// Dispute categories of people's-mediation statistics, plus the residents' own words.
pub const DISPUTES: &[&str] = &[
    "婚姻家庭纠纷",
    "邻里纠纷",
    "相邻关系纠纷",
    "房屋宅基地纠纷",
    "合同纠纷",
    "民间借贷纠纷",
    "生产经营纠纷",
    "损害赔偿纠纷",
    "道路交通事故纠纷",
    "山林土地纠纷",
    "征地拆迁纠纷",
    "环境污染纠纷",
    "劳动争议纠纷",
    "劳务纠纷",
    "消费纠纷",
    "医疗纠纷",
    "物业纠纷",
    "继承纠纷",
    "赡养纠纷",
    "抚养纠纷",
    "村务管理纠纷",
    "其他纠纷",
];

/// `None` when `dispute` is a known category, else the nearest known one (if any is close).
pub fn unknown_dispute(dispute: &str) -> Option<Option<&'static str>> {
    let d = dispute.trim();
    if d.is_empty() || DISPUTES.contains(&d) {
        return None;
    }
    let best = DISPUTES
        .iter()
        .map(|k| (strsim::levenshtein(d, k), *k))
        .min_by_key(|(dist, _)| *dist)
        .filter(|(dist, k)| *dist <= k.chars().count() / 2)
        .map(|(_, k)| k);
    Some(best)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_with_synonyms_and_prefixes() {
        assert_eq!(role_of("基本案情"), Some("facts"));
        assert_eq!(role_of("一、案情简介"), Some("facts"));
        assert_eq!(role_of("（二）调解过程"), Some("process"));
        assert_eq!(role_of("【处理结果】"), Some("result"));
        assert_eq!(role_of("【調解過程】"), Some("process"));
        assert_eq!(role_of("二、調解結果"), Some("result"));
        assert_eq!(role_of("3. 案例点评"), Some("significance"));
        assert_eq!(role_of("法条链接："), Some("statutes"));
        assert_eq!(role_of("第三次上门"), None);
        assert_eq!(role_of("一是要冷静"), None);
    }

    #[test]
    fn bracket_lines_become_headings() {
        let t = bracket_headings(
            "【案情简介】\n张某……\n【调解过程】调解员上门。\n文中【注意】不变。\n",
        );
        assert_eq!(
            t,
            "## 案情简介\n\n张某……\n## 调解过程\n\n调解员上门。\n文中【注意】不变。\n"
        );
    }

    #[test]
    fn disputes_known_and_nearest() {
        assert_eq!(unknown_dispute("相邻关系纠纷"), None);
        assert_eq!(unknown_dispute("相邻纠纷"), Some(Some("邻里纠纷")));
        assert!(unknown_dispute("买菜").is_some());
    }
}
