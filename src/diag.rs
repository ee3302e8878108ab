//! Diagnostics: every problem a build finds, with the file, line and column it is about and a hint
//! for fixing it. Stages return `Vec<Diagnostic>` instead of stopping at the first problem, so one
//! run reports everything wrong with a site.

use std::fmt;
use std::path::{Path, PathBuf};

/// How serious a diagnostic is: errors fail the build, warnings are reported only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// One problem, located as precisely as the stage that found it can.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub path: Option<PathBuf>,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn error(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            path: None,
            line: None,
            column: None,
            message: message.into(),
            help: None,
        }
    }

    pub fn warning(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(message)
        }
    }

    pub fn at(mut self, path: impl AsRef<Path>) -> Self {
        self.path = Some(path.as_ref().to_path_buf());
        self
    }

    pub fn line(mut self, line: usize, column: usize) -> Self {
        self.line = Some(line);
        self.column = Some(column);
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{label}: {}", self.message)?;
        if let Some(path) = &self.path {
            write!(f, "\n  --> {}", path.display())?;
            if let Some(line) = self.line {
                write!(f, ":{line}")?;
                if let Some(col) = self.column {
                    write!(f, ":{col}")?;
                }
            }
        }
        if let Some(help) = &self.help {
            write!(f, "\n  = help: {help}")?;
        }
        Ok(())
    }
}

/// A front-matter value of a case as an error may quote it: Han characters as □, letters and
/// digits as * (it is read before anonymization and may hold a name or a phone number; the
/// error's line and column point at it).
pub fn masked(value: &str) -> String {
    value
        .chars()
        .map(|c| {
            if c.is_alphanumeric() && !c.is_ascii() {
                '□'
            } else if c.is_ascii_alphanumeric() {
                '*'
            } else {
                c
            }
        })
        .collect()
}

/// 1-based line and column (in characters) of a byte offset in `text`.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..floor_char_boundary(text, offset)];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// The closest candidate to `word` (for "did you mean" hints), if any is close enough.
pub fn nearest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::damerau_levenshtein(word, c), c))
        .filter(|(d, c)| *d <= 2.max(c.chars().count() / 3))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters_not_bytes() {
        let text = "第一行\n标题 = 1\n";
        let off = text.find('=').unwrap();
        assert_eq!(line_col(text, off), (2, 4));
    }

    #[test]
    fn nearest_suggests_typos() {
        assert_eq!(
            nearest("dispte", ["dispute", "region", "outcome"]),
            Some("dispute")
        );
        assert_eq!(nearest("zzzzzz", ["dispute", "region"]), None);
    }

    #[test]
    fn display_has_location_and_help() {
        let d = Diagnostic::error("bad")
            .at("content/a.md")
            .line(3, 9)
            .help("fix it");
        assert_eq!(
            d.to_string(),
            "error: bad\n  --> content/a.md:3:9\n  = help: fix it"
        );
    }
}
