//! Public data types: parties and policy going in; replacements, findings, setup errors and audit
//! terms coming out. Display and Debug output never shows a real name (only masked forms);
//! the `original` / `candidate` fields carry the real text for the editor's private report.

use std::fmt;

use crate::category::Category;
use crate::mask::mask;

/// A declared party of a case (front matter `[[parties]]`).
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Party {
    /// Real name (张建国, 欧阳娜娜, 买买提·艾力, or an organisation name ending in 公司 etc.).
    pub name: String,
    /// Role as written (申请人, 被申请人, 证人…); passed through to templates.
    pub role: String,
    /// Other names used in the text (老张, 李大姐, 阿珍, 建国…).
    pub aliases: Vec<String>,
}

impl Party {
    /// Convenience constructor.
    pub fn new(name: impl Into<String>, role: impl Into<String>) -> Self {
        Party {
            name: name.into(),
            role: role.into(),
            aliases: Vec::new(),
        }
    }

    /// Builder: add aliases.
    pub fn with_aliases<I, S>(mut self, aliases: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.aliases.extend(aliases.into_iter().map(Into::into));
        self
    }
}

impl fmt::Debug for Party {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Party")
            .field("name", &mask(&self.name))
            .field("role", &self.role)
            .field(
                "aliases",
                &self.aliases.iter().map(|a| mask(a)).collect::<Vec<_>>(),
            )
            .finish()
    }
}

/// How two people of one case who would share a pseudonym are told apart.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum CollisionStyle {
    /// 张某甲 / 张某乙 / 张某丙 … (default).
    #[default]
    Tiangan,
    /// 张某1 / 张某2 / 张某3 …
    Numeric,
}

/// Site-wide anonymization policy.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Policy {
    /// Collision style for pseudonyms.
    pub collision: CollisionStyle,
    /// Strict mode. Does not change replacement: the caller turns findings into errors.
    pub strict: bool,
    /// Site-wide keep list (names that stay as written, e.g. the mediator).
    pub keep: Vec<String>,
}

/// Result of anonymizing one text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Anonymized {
    /// The anonymized text.
    pub text: String,
    /// What was replaced, in input order (non-overlapping).
    pub replacements: Vec<Replacement>,
}

/// One replacement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Replacement {
    /// Byte range in the INPUT text.
    pub start: usize,
    pub end: usize,
    pub category: Category,
    /// The replaced input text (private: contains the real name or number).
    pub original: String,
    /// What it was replaced with.
    pub replacement: String,
}

/// Confidence of an undeclared-name finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Confidence {
    /// Replaced in the output and reported as a warning.
    High,
    /// Reported only.
    Low,
}

/// A possible undeclared person name.
#[derive(Clone, PartialEq, Eq)]
pub struct Finding {
    /// Byte range in the text it was found in.
    pub start: usize,
    pub end: usize,
    /// Masked form (张*), safe for logs.
    pub masked: String,
    /// The candidate name itself (private: for the editor's report only).
    pub candidate: String,
    pub confidence: Confidence,
    /// Was it replaced in the output?
    pub replaced: bool,
    /// Why it was flagged (context cues; never contains the name).
    pub reason: String,
    /// For a declared name replaced inside a longer dictionary word (文明 in 文明城市): that
    /// word, which an editor may want to keep (private, like `candidate`). `None` for an
    /// undeclared name.
    pub word: Option<String>,
}

impl fmt::Debug for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Finding")
            .field("start", &self.start)
            .field("end", &self.end)
            .field("masked", &self.masked)
            .field("confidence", &self.confidence)
            .field("replaced", &self.replaced)
            .field("reason", &self.reason)
            .finish_non_exhaustive()
    }
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let conf = match self.confidence {
            Confidence::High => "高置信度",
            Confidence::Low => "低置信度",
        };
        if self.word.is_some() {
            return write!(
                f,
                "当事人名字 {} 在较长的词语中被替换，请核对：{}",
                self.masked, self.reason
            );
        }
        let action = if self.replaced {
            "已替换"
        } else {
            "未替换，请核对"
        };
        write!(
            f,
            "疑似未登记人名 {}（{}，{}）：{}",
            self.masked, conf, action, self.reason
        )
    }
}

/// A problem with the declared parties or keep list; the case cannot be anonymized.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SetupError {
    /// Human-readable message (names masked).
    pub message: String,
    /// The party (index into the declared parties) the error is about, if one; `None` with
    /// `keep` false: the case as a whole.
    pub party: Option<usize>,
    /// The error is about a keep-list entry.
    pub keep: bool,
}

impl SetupError {
    pub(crate) fn new(message: impl Into<String>) -> Self {
        SetupError {
            message: message.into(),
            party: None,
            keep: false,
        }
    }

    pub(crate) fn party(mut self, k: usize) -> Self {
        self.party = Some(k);
        self
    }

    pub(crate) fn keep(mut self) -> Self {
        self.keep = true;
        self
    }
}

impl fmt::Display for SetupError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for SetupError {}

/// A string that must never appear in any output file.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct AuditTerm {
    pub text: String,
    pub category: Category,
}

impl fmt::Debug for AuditTerm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AuditTerm")
            .field("text", &mask(&self.text))
            .field("category", &self.category)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_and_display_mask_names() {
        let p = Party::new("张建国", "申请人").with_aliases(["老张"]);
        let d = format!("{p:?}");
        assert!(!d.contains("张建国") && d.contains("张**"), "{d}");
        let f = Finding {
            start: 0,
            end: 9,
            masked: mask("王小明"),
            candidate: "王小明".into(),
            confidence: Confidence::High,
            replaced: true,
            reason: "左侧线索“证人”".into(),
            word: None,
        };
        assert!(!format!("{f}").contains("王小明"));
        assert!(!format!("{f:?}").contains("王小明"));
        let t = AuditTerm {
            text: "王小明".into(),
            category: Category::UndeclaredName,
        };
        assert!(!format!("{t:?}").contains("王小明"));
    }
}
