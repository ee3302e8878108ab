//! # pufa-anonymize
//!
//! Pure anonymization of Chinese typical cases (典型案例) for the pufa static site generator: no
//! filesystem, no clock, no randomness; the same input always gives the same output.
//!
//! * [`CaseAnonymizer`] — built once per case from its declared [`Party`]s, its keep list, the site
//!   [`Policy`] and all of its text fields. Replaces every declared name, alias, given name and
//!   script variant with a per-case pseudonym (张某, 欧阳某, 张某甲/张某乙), finds names split by
//!   markup, replaces high-confidence undeclared names and reports the rest as [`Finding`]s, and
//!   removes numbers (IDs, phones, cards, accounts, plates, e-mail, QQ/WeChat, certificates, credit
//!   codes) and the detailed part of addresses with readable placeholders.
//! * [`Auditor`] — built once per build from every case's [`AuditTerm`]s; scans every output byte
//!   for leaks, reporting masked terms only.
//! * [`detect`] — the structured-PII detectors on their own; [`mask`] — 张建国 → 张**.
//! * [`s2t`] — simplified → traditional conversion (OpenCC tables), shared with the site's
//!   traditional copy.
//!
//! ```
//! use pufa_anonymize::{CaseAnonymizer, Party, Policy};
//! let parties = [Party::new("张建国", "申请人"), Party::new("李秀英", "被申请人")];
//! let body = "申请人张建国（电话13812345678）与李秀英因漏水发生纠纷。";
//! let case = CaseAnonymizer::new(&parties, &[], &Policy::default(), &[body]).unwrap();
//! assert_eq!(case.anonymize(body).text, "申请人张某（电话〔手机号码已隐去〕）与李某因漏水发生纠纷。");
//! ```

#![forbid(unsafe_code)]

mod anonymizer;
mod audit;
mod category;
pub mod detect;
mod figures;
pub use figures::in_figure_name;
mod lexicon;
mod mask;
mod multi;
mod names;
mod project;
mod registry;
pub mod s2t;
mod script;
mod segment;
pub mod surnames;
mod termscan;
mod types;

pub use anonymizer::{CROSS_REASON, CaseAnonymizer, continues_name};

/// Is `bytes[start..end]` inside the title of a statute or official rule: between 《 and 》, in a
/// title of at most 40 characters that is a law of the built-in table (民法典, 人民调解法, 物业管理
/// 条例, in either script), or, with the name inside the issuing body's or place's name, starts
/// with 中华人民共和国 (or a national body) or ends like a law or rule (法, 条例, 规定, 办法,
/// 公约…) after a province, city or county name (浙江省, 杭州市西湖区)? Titles the parties made up
/// (《海涛的做法》) are none of these. A party's
/// given name there (中华 of 王中华) is a coincidence. Private documents the parties wrote
/// (《海涛丽华家庭财产约定办法》, 《关于海涛赡养问题的规定》) are not such titles.
pub fn in_statute_title(bytes: &[u8], start: usize, end: usize) -> bool {
    const OPEN: &[u8] = "《".as_bytes();
    const CLOSE: &[u8] = "》".as_bytes();
    let before = &bytes[..start.min(bytes.len())];
    let Some(open) = memchr::memmem::rfind(before, OPEN) else {
        return false;
    };
    if memchr::memmem::find(&before[open..], CLOSE).is_some() {
        return false;
    }
    let after = &bytes[end.min(bytes.len())..];
    let Some(close) = memchr::memmem::find(after, CLOSE) else {
        return false;
    };
    if memchr::memmem::find(&after[..close], OPEN).is_some() {
        return false;
    }
    let Ok(title) = std::str::from_utf8(&bytes[open + OPEN.len()..end + close]) else {
        return false;
    };
    // The traditional copy's titles (《北京市朝陽區…辦法》) read as their simplified forms; folded
    // character by character to forms of the same length, so the name's offsets stay.
    let folded: String = title.chars().map(script::fold_same_len).collect();
    let title = folded.as_str();
    const NATIONAL: [&str; 6] = [
        "中华人民共和国",
        "全国人民代表大会",
        "全国人大",
        "国务院",
        "最高人民法院",
        "最高人民检察院",
    ];
    const RULE_ENDS: [&str; 12] = [
        "法", "法典", "条例", "通则", "规定", "办法", "解释", "决定", "规则", "细则", "公约",
        "章程",
    ];
    static LAWS: std::sync::LazyLock<pufa_statute::LawTable> =
        std::sync::LazyLock::new(pufa_statute::LawTable::builtin);
    if title.chars().count() > 40 {
        return false;
    }
    if LAWS.lookup(title).is_some() {
        return true;
    }
    // Where the name is in the title: only a name inside the issuing body's or the place's name
    // (中华 of 中华人民共和国, 西湖 of 杭州市西湖区) is that body's; one after it (《最高人民法院
    // 关于海涛一案的批复》) is the person.
    let name_end = end - (open + OPEN.len());
    if let Some(n) = NATIONAL.iter().find(|n| title.starts_with(**n)) {
        return name_end <= n.len();
    }
    // A local rule: a place name and its level first (杭州市…条例, 杭州市西湖区…办法).
    let place_end = title
        .char_indices()
        .take(12)
        .skip(2)
        .filter(|&(_, c)| matches!(c, '省' | '市' | '县' | '区' | '州'))
        .map(|(i, c)| i + c.len_utf8())
        .last();
    RULE_ENDS.iter().any(|e| title.ends_with(e))
        && place_end.is_some_and(|p| p < title.len() && name_end <= p)
}

/// `text` as names are matched on it: HTML tags, Markdown emphasis, character references,
/// percent and `\u` escapes, invisible characters and line wraps between Han characters gone,
/// folded to simplified script. For a quick check whether a known name occurs in a text at all.
pub fn searchable(text: &str) -> String {
    project::Projection::new(text, true)
        .folded_chars()
        .iter()
        .collect()
}

/// [`searchable`] with HTML tags kept, so what attributes hold (`<span title="柯文杰">`) is there
/// too; markup between characters is not removed.
pub fn searchable_with_tags(text: &str) -> String {
    project::Projection::new(text, false)
        .folded_chars()
        .iter()
        .collect()
}
pub use audit::{Auditor, Leak, base64_marks};
pub use category::Category;
pub use mask::mask;
pub use script::{expand as script_variants, fold_str as to_simplified, is_han, to_traditional};
pub use segment::{in_dictionary, is_word_not_name, release, warm_up};
pub use termscan::{Hit, OverlapScanner};
pub use types::{
    Anonymized, AuditTerm, CollisionStyle, Confidence, Finding, Party, Policy, Replacement,
    SetupError,
};

#[cfg(test)]
mod tests;
