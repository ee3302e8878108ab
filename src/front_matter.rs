//! Front matter: splits a content file into its `+++` TOML or `---` YAML header and its Markdown
//! body, and parses the header into a TOML table. Errors point at the line and column in the
//! file, not in the header substring (YAML is converted to the same table shape).

use std::path::Path;

use crate::config::toml_error;
use crate::diag::Diagnostic;

/// A content file split into its parsed header and its body.
#[derive(Debug, Clone)]
pub struct Split<'a> {
    pub table: toml::Table,
    /// The header text, for locating keys in error messages.
    pub header: &'a str,
    /// 0-based line in the file where `header` starts.
    pub header_line: usize,
    /// The rest of the text: `text[body_start..]`.
    pub body: &'a str,
    pub body_start: usize,
    /// 0-based line in the file where `body` starts.
    pub body_line: usize,
}

/// Split and parse the front matter of `text` (the content of `path`).
pub fn split<'a>(text: &'a str, path: &Path) -> Result<Split<'a>, Diagnostic> {
    let (fence, yaml) = if text.starts_with("+++") {
        ("+++", false)
    } else if text.starts_with("---") {
        ("---", true)
    } else {
        return Err(
            Diagnostic::error("no front matter: the file must start with a `+++` line")
                .at(path)
                .line(1, 1)
                .help("start the file with\n+++\ntitle = \"…\"\n+++"),
        );
    };
    let first_nl = match text.find('\n') {
        Some(i) => i,
        None => return Err(unclosed(path, fence)),
    };
    if !text[..first_nl].trim_end().eq(fence) {
        return Err(
            Diagnostic::error(format!("the first line must be exactly `{fence}`"))
                .at(path)
                .line(1, 1),
        );
    }
    let header_start = first_nl + 1;
    // Find the closing fence at the start of a line.
    let mut pos = header_start;
    let mut close = None;
    for line in text[header_start..].split_inclusive('\n') {
        if line.trim_end() == fence {
            close = Some((pos, pos + line.len()));
            break;
        }
        pos += line.len();
    }
    let (header_end, body_start) = close.ok_or_else(|| unclosed(path, fence))?;
    let header = &text[header_start..header_end];
    let body = &text[body_start..];
    let header_line = 1;
    let body_line = text[..body_start].matches('\n').count();
    let table = if yaml {
        parse_yaml(header, path, header_line)?
    } else {
        toml::from_str::<toml::Table>(header).map_err(|e| {
            let mut d = toml_error(&e, header, path);
            d.line = d.line.map(|l| l + header_line);
            d
        })?
    };
    Ok(Split {
        table,
        header,
        header_line,
        body,
        body_start,
        body_line,
    })
}

fn unclosed(path: &Path, fence: &str) -> Diagnostic {
    Diagnostic::error(format!(
        "front matter is not closed: no second `{fence}` line"
    ))
    .at(path)
    .line(1, 1)
    .help(format!(
        "end the front matter with a line containing only `{fence}`"
    ))
}

fn parse_yaml(header: &str, path: &Path, header_line: usize) -> Result<toml::Table, Diagnostic> {
    if header.trim().is_empty() {
        return Ok(toml::Table::new());
    }
    let value: serde_norway::Value = serde_norway::from_str(header).map_err(|e| {
        let mut d = Diagnostic::error(format!("invalid YAML: {e}")).at(path);
        if let Some(loc) = e.location() {
            d = d.line(loc.line() + header_line, loc.column());
        }
        d
    })?;
    match yaml_to_toml(value) {
        Some(toml::Value::Table(t)) => Ok(t),
        _ => Err(
            Diagnostic::error("YAML front matter must be a mapping of keys to values")
                .at(path)
                .line(header_line + 1, 1),
        ),
    }
}

/// YAML → TOML values. `null` becomes absent; dates stay strings and are parsed where a date is
/// expected.
fn yaml_to_toml(v: serde_norway::Value) -> Option<toml::Value> {
    use serde_norway::Value as Y;
    Some(match v {
        Y::Null => return None,
        Y::Bool(b) => toml::Value::Boolean(b),
        Y::Number(n) => {
            if let Some(i) = n.as_i64() {
                toml::Value::Integer(i)
            } else {
                toml::Value::Float(n.as_f64().unwrap_or(0.0))
            }
        }
        Y::String(s) => toml::Value::String(s),
        Y::Sequence(seq) => toml::Value::Array(seq.into_iter().filter_map(yaml_to_toml).collect()),
        Y::Mapping(map) => {
            let mut t = toml::Table::new();
            for (k, v) in map {
                let key = match k {
                    Y::String(s) => s,
                    Y::Number(n) => n.to_string(),
                    Y::Bool(b) => b.to_string(),
                    _ => continue,
                };
                if let Some(v) = yaml_to_toml(v) {
                    t.insert(key, v);
                }
            }
            toml::Value::Table(t)
        }
        Y::Tagged(t) => return yaml_to_toml(t.value),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_toml() {
        let text = "+++\ntitle = \"标题\"\n+++\n正文\n";
        let s = split(text, Path::new("a.md")).unwrap();
        assert_eq!(s.table["title"].as_str(), Some("标题"));
        assert_eq!(s.body, "正文\n");
        assert_eq!(&text[s.body_start..], s.body);
        assert_eq!(s.body_line, 3);
    }

    #[test]
    fn splits_yaml_with_lists() {
        let s = split(
            "---\ntitle: 标题\ntags: [a, b]\ndate: 2023-06-12\n---\nbody",
            Path::new("a.md"),
        )
        .unwrap();
        assert_eq!(s.table["tags"].as_array().map(|a| a.len()), Some(2));
        assert_eq!(s.table["date"].as_str(), Some("2023-06-12"));
    }

    #[test]
    fn toml_error_points_into_the_file() {
        let e = split("+++\ntitle = \"a\"\ndate = = 3\n+++\n", Path::new("a.md")).unwrap_err();
        assert_eq!(e.line, Some(3), "{e}");
    }

    #[test]
    fn yaml_error_points_into_the_file() {
        let e = split("---\ntitle: a\ntags: [a, b\n---\n", Path::new("a.md")).unwrap_err();
        assert!(e.line.unwrap_or(0) >= 3, "{e}");
    }

    #[test]
    fn missing_and_unclosed_front_matter() {
        assert!(
            split("# hi", Path::new("a.md"))
                .unwrap_err()
                .message
                .contains("no front matter")
        );
        assert!(
            split("+++\ntitle = 1\n", Path::new("a.md"))
                .unwrap_err()
                .message
                .contains("not closed")
        );
    }
}
