//! Shortcodes, as in Zola: `{{ name(key=value, …) }}` and `{% name(…) %}body{% end %}` in a page's
//! Markdown call the template `shortcodes/name.md` or `shortcodes/name.html`. `{{/* … */}}` and
//! `{%/* … */%}` write the call out as text instead.
//!
//! Runs after anonymization, on the text the Markdown stage is given, so the arguments and bodies
//! a case passes are already anonymized and whatever a template adds is audited with the page. A
//! Markdown shortcode's output is put into the text before it is parsed; an HTML shortcode's stays
//! a placeholder (`PH_OPEN` index `PH_CLOSE`, two Unicode noncharacters no text holds) that the
//! Markdown stage replaces with the output, unwrapped when it is a paragraph of its own.

use serde_json::{Map, Value};

pub const PH_OPEN: char = '\u{FDD0}';
pub const PH_CLOSE: char = '\u{FDD1}';

/// One call found in a page.
#[derive(Debug, Clone, PartialEq)]
pub struct Call {
    pub name: String,
    pub args: Map<String, Value>,
    /// The text between `{% name(…) %}` and `{% end %}`, trimmed.
    pub body: Option<String>,
    /// 1 for the page's first call of this shortcode, 2 for the second, …
    pub nth: usize,
}

/// A problem with one call: which call (name and `nth`, found again in the source file for the
/// line and column, since the text parsed here may have been anonymized), what is wrong, the fix.
#[derive(Debug, Clone, PartialEq)]
pub struct CallError {
    pub name: String,
    pub nth: usize,
    pub message: String,
    pub help: String,
}

/// Text with placeholders where the calls were, and the calls in order (placeholder `i` is call `i`).
#[derive(Debug, Default, PartialEq)]
pub struct Parsed {
    pub text: String,
    pub calls: Vec<Call>,
    /// Byte offset in the parsed text of each call's `{{` or `{%`.
    pub at: Vec<usize>,
}

/// A page's text after its shortcodes ran: Markdown shortcodes' output in place, and the HTML of
/// each HTML shortcode by placeholder index (empty for the Markdown ones).
#[derive(Debug, Default, PartialEq)]
pub struct Expanded {
    pub text: String,
    pub html: Vec<String>,
}

/// Whether `text` may hold a shortcode (a cheap test before parsing).
pub fn may_hold(text: &str) -> bool {
    memchr::memmem::find(text.as_bytes(), b"{{").is_some()
        || memchr::memmem::find(text.as_bytes(), b"{%").is_some()
}

pub fn placeholder(i: usize) -> String {
    format!("{PH_OPEN}{i}{PH_CLOSE}")
}

/// Find the calls in `text`. Text that is not a well-formed call stays text, as in Zola; a body
/// shortcode without its `{% end %}` is an error (it would be published as written) and stays
/// text too, so the other calls are still checked.
pub fn parse(text: &str) -> (Parsed, Vec<CallError>) {
    let mut out = Parsed {
        text: String::with_capacity(text.len()),
        ..Parsed::default()
    };
    // A noncharacter in the text itself would read as a placeholder.
    let cleaned;
    let text = if text.contains([PH_OPEN, PH_CLOSE]) {
        cleaned = text.replace([PH_OPEN, PH_CLOSE], "");
        cleaned.as_str()
    } else {
        text
    };
    let mut errors = Vec::new();
    let mut nths: std::collections::HashMap<String, usize> = Default::default();
    let b = text.as_bytes();
    let mut copied = 0;
    let mut i = 0;
    while let Some(off) = memchr::memchr(b'{', &b[i..]) {
        let at = i + off;
        i = at + 1;
        let Some(&next) = b.get(at + 1) else { break };
        if next != b'{' && next != b'%' {
            continue;
        }
        let ignored = b.get(at + 2) == Some(&b'/') && b.get(at + 3) == Some(&b'*');
        // The end of an ignored body: `{%/* end */%}` → `{% end %}`.
        if ignored && next == b'%' {
            let mut s = Scan { b, at: at + 4 };
            s.ws();
            if b[s.at..].starts_with(b"end") {
                s.at += 3;
                s.ws();
                if b[s.at..].starts_with(b"*/%}") {
                    out.text.push_str(&text[copied..at]);
                    out.text.push_str("{%");
                    out.text.push_str(&text[at + 4..s.at]);
                    out.text.push_str("%}");
                    copied = s.at + 4;
                    i = copied;
                    continue;
                }
            }
        }
        let mut s = Scan {
            b,
            at: at + if ignored { 4 } else { 2 },
        };
        let Some((name, args)) = s.call() else {
            continue;
        };
        s.ws();
        let close: &[u8] = match (next, ignored) {
            (b'{', false) => b"}}",
            (b'{', true) => b"*/}}",
            (_, false) => b"%}",
            (_, true) => b"*/%}",
        };
        if !b[s.at..].starts_with(close) {
            continue;
        }
        let end = s.at + close.len();
        if ignored {
            // Written out as the call it shows: `{{/* x() */}}` → `{{ x() }}`.
            let (open_plain, close_plain) = if next == b'{' {
                ("{{", "}}")
            } else {
                ("{%", "%}")
            };
            out.text.push_str(&text[copied..at]);
            out.text.push_str(open_plain);
            out.text.push_str(&text[at + 4..s.at]);
            out.text.push_str(close_plain);
            copied = end;
            i = end;
            continue;
        }
        let nth = {
            let n = nths.entry(name.clone()).or_insert(0);
            *n += 1;
            *n
        };
        let body = if next == b'%' {
            match end_tag(b, end) {
                Some((body_end, after)) => {
                    let body = text[end..body_end].trim().to_string();
                    i = after;
                    Some(body)
                }
                None => {
                    errors.push(CallError {
                        message: format!("shortcode `{name}` has a body but no `{{% end %}}`"),
                        help: "close the body with {% end %}, or write {{ name(…) }} for a shortcode without one".into(),
                        name,
                        nth,
                    });
                    continue;
                }
            }
        } else {
            i = end;
            None
        };
        out.text.push_str(&text[copied..at]);
        out.at.push(out.text.len());
        out.text.push_str(&placeholder(out.calls.len()));
        copied = i;
        out.calls.push(Call {
            name,
            args,
            body,
            nth,
        });
    }
    out.text.push_str(&text[copied..]);
    (out, errors)
}

/// The first `{% end %}` at or after `from`: (where the body ends, where the tag ends).
fn end_tag(b: &[u8], from: usize) -> Option<(usize, usize)> {
    let mut i = from;
    while let Some(off) = memchr::memmem::find(&b[i..], b"{%") {
        let at = i + off;
        let mut s = Scan { b, at: at + 2 };
        s.ws();
        if b[s.at..].starts_with(b"end") {
            s.at += 3;
            s.ws();
            if b[s.at..].starts_with(b"%}") {
                return Some((at, s.at + 2));
            }
        }
        i = at + 2;
    }
    None
}

/// A cursor over the bytes of a call: `name(key=literal, …)` with whitespace between tokens.
struct Scan<'a> {
    b: &'a [u8],
    at: usize,
}

impl Scan<'_> {
    fn ws(&mut self) {
        while matches!(self.b.get(self.at), Some(b' ' | b'\t' | b'\r' | b'\n')) {
            self.at += 1;
        }
    }

    fn eat(&mut self, c: u8) -> bool {
        self.ws();
        if self.b.get(self.at) == Some(&c) {
            self.at += 1;
            true
        } else {
            false
        }
    }

    fn ident(&mut self) -> Option<String> {
        self.ws();
        let start = self.at;
        match self.b.get(self.at) {
            Some(c) if c.is_ascii_alphabetic() || *c == b'_' => self.at += 1,
            _ => return None,
        }
        while matches!(self.b.get(self.at), Some(c) if c.is_ascii_alphanumeric() || *c == b'_') {
            self.at += 1;
        }
        std::str::from_utf8(&self.b[start..self.at])
            .ok()
            .map(str::to_string)
    }

    fn call(&mut self) -> Option<(String, Map<String, Value>)> {
        let name = self.ident()?;
        if !self.eat(b'(') {
            return None;
        }
        let mut args = Map::new();
        if self.eat(b')') {
            return Some((name, args));
        }
        loop {
            let key = self.ident()?;
            if !self.eat(b'=') {
                return None;
            }
            let value = self.literal()?;
            args.insert(key, value);
            if self.eat(b',') {
                // A trailing comma before `)` is accepted.
                if self.eat(b')') {
                    return Some((name, args));
                }
                continue;
            }
            return self.eat(b')').then_some((name, args));
        }
    }

    fn literal(&mut self) -> Option<Value> {
        self.ws();
        let c = *self.b.get(self.at)?;
        match c {
            b'"' | b'\'' | b'`' => {
                let start = self.at + 1;
                let len = memchr::memchr(c, &self.b[start..])?;
                self.at = start + len + 1;
                let s = std::str::from_utf8(&self.b[start..start + len]).ok()?;
                Some(Value::String(s.to_string()))
            }
            b'[' => {
                self.at += 1;
                let mut items = Vec::new();
                loop {
                    if self.eat(b']') {
                        return Some(Value::Array(items));
                    }
                    items.push(self.literal()?);
                    if !self.eat(b',') {
                        return self.eat(b']').then_some(Value::Array(items));
                    }
                }
            }
            b't' if self.b[self.at..].starts_with(b"true") => {
                self.at += 4;
                Some(Value::Bool(true))
            }
            b'f' if self.b[self.at..].starts_with(b"false") => {
                self.at += 5;
                Some(Value::Bool(false))
            }
            b'-' | b'0'..=b'9' => {
                let start = self.at;
                self.at += 1;
                while matches!(self.b.get(self.at), Some(b'0'..=b'9' | b'.')) {
                    self.at += 1;
                }
                let s = std::str::from_utf8(&self.b[start..self.at]).ok()?;
                if s.contains('.') {
                    s.parse::<f64>()
                        .ok()
                        .and_then(serde_json::Number::from_f64)
                        .map(Value::Number)
                } else {
                    s.parse::<i64>().ok().map(Value::from)
                }
            }
            _ => None,
        }
    }
}

/// Run the calls of a parsed page. `template(name)` gives the template a shortcode renders
/// with (`shortcodes/name.md` or `.html`), `render(template, call)` its output.
pub fn expand(
    parsed: Parsed,
    template: impl Fn(&str) -> Option<String>,
    render: impl Fn(&str, &Call) -> Result<String, String>,
) -> Result<Expanded, Vec<CallError>> {
    let mut errors = Vec::new();
    let mut html = vec![String::new(); parsed.calls.len()];
    let mut markdown: Vec<Option<String>> = vec![None; parsed.calls.len()];
    for (i, call) in parsed.calls.iter().enumerate() {
        let Some(tpl) = template(&call.name) else {
            errors.push(CallError {
                name: call.name.clone(),
                nth: call.nth,
                message: format!("unknown shortcode `{}`", call.name),
                help: format!(
                    "add templates/shortcodes/{}.html (or .md) to the site or its theme, or write {{{{/* … */}}}} to show the call as text",
                    call.name
                ),
            });
            continue;
        };
        match render(&tpl, call) {
            Ok(out) if tpl.ends_with(".md") => markdown[i] = Some(out),
            Ok(out) => html[i] = out,
            Err(e) => errors.push(CallError {
                name: call.name.clone(),
                nth: call.nth,
                message: format!("shortcode `{}` failed: {e}", call.name),
                help: format!("check the call's arguments and the template {tpl}"),
            }),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let text = if markdown.iter().any(Option::is_some) {
        let mut text = String::with_capacity(parsed.text.len());
        let mut copied = 0;
        for (i, md) in markdown.iter().enumerate() {
            if let Some(md) = md {
                let at = parsed.at[i];
                text.push_str(&parsed.text[copied..at]);
                text.push_str(md);
                copied = at + placeholder(i).len();
            }
        }
        text.push_str(&parsed.text[copied..]);
        text
    } else {
        parsed.text
    };
    Ok(Expanded { text, html })
}

/// Byte offset in `source` (a page's Markdown as written) of the `nth` call of `name`, for
/// pointing an error at it.
pub fn locate(source: &str, name: &str, nth: usize) -> Option<usize> {
    let mut seen = 0;
    let b = source.as_bytes();
    let mut i = 0;
    while let Some(off) = memchr::memchr(b'{', &b[i..]) {
        let at = i + off;
        i = at + 1;
        if !matches!(b.get(at + 1), Some(b'{' | b'%')) || b.get(at + 2) == Some(&b'/') {
            continue;
        }
        let mut s = Scan { b, at: at + 2 };
        if s.ident().as_deref() == Some(name) && s.eat(b'(') {
            seen += 1;
            if seen == nth {
                return Some(at);
            }
        }
    }
    None
}

/// Replace the placeholders in `text` (HTML, or code) with the shortcodes' output.
pub fn fill(text: &str, html: &[String]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find(PH_OPEN) {
        out.push_str(&rest[..start]);
        let after = &rest[start + PH_OPEN.len_utf8()..];
        match after.find(PH_CLOSE) {
            Some(end) => {
                if let Some(h) = after[..end].parse::<usize>().ok().and_then(|i| html.get(i)) {
                    out.push_str(h);
                }
                rest = &after[end + PH_CLOSE.len_utf8()..];
            }
            None => {
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// `text` without placeholders (for plain text, headings and ids).
pub fn strip(text: &str) -> String {
    fill(text, &[])
}

/// The single placeholder `text` consists of (spaces aside), if that is all it is.
pub fn only_placeholder(text: &str) -> Option<usize> {
    let t = text.trim();
    let inner = t.strip_prefix(PH_OPEN)?.strip_suffix(PH_CLOSE)?;
    inner.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn finds_inline_and_body_calls_with_every_literal() {
        let p = parse("前 {{ figure(src=\"a.jpg\", n=3, f=-1.5, ok=true, no=false, list=['x', `y`, 2,], ) }} 中\n{% tip(title=\"法官提示\") %}\n正文 **粗**\n{% end %} 后").0;
        assert_eq!(p.calls.len(), 2);
        assert_eq!(p.calls[0].name, "figure");
        assert_eq!(
            Value::Object(p.calls[0].args.clone()),
            json!({"src": "a.jpg", "n": 3, "f": -1.5, "ok": true, "no": false, "list": ["x", "y", 2]})
        );
        assert_eq!(p.calls[1].body.as_deref(), Some("正文 **粗**"));
        assert_eq!(
            p.text,
            format!("前 {} 中\n{} 后", placeholder(0), placeholder(1))
        );
        for (i, &at) in p.at.iter().enumerate() {
            assert!(p.text[at..].starts_with(&placeholder(i)));
        }
    }

    #[test]
    fn counts_calls_of_each_name() {
        let p = parse("{{ a() }}{{ b() }}{{ a() }}").0;
        let nths: Vec<_> = p.calls.iter().map(|c| (c.name.as_str(), c.nth)).collect();
        assert_eq!(nths, vec![("a", 1), ("b", 1), ("a", 2)]);
    }

    #[test]
    fn text_that_is_no_call_stays() {
        for t in [
            "{{ 老张 }}",
            "{{name}}",
            "{{ a(b) }}",
            "{{ a(b=) }}",
            "{{ a(b=\"x) }}",
            "{% end %}",
            "{{ a() }",
            "集合 {1, 2}",
        ] {
            let p = parse(t).0;
            assert!(p.calls.is_empty(), "{t}");
            assert_eq!(p.text, t);
        }
    }

    #[test]
    fn ignored_calls_are_written_out() {
        let p = parse("`{{/* youtube(id=1) */}}` 和 {%/* tip() */%}x{%/* end */%}").0;
        assert!(p.calls.is_empty());
        assert_eq!(p.text, "`{{ youtube(id=1) }}` 和 {% tip() %}x{% end %}");
    }

    #[test]
    fn a_body_without_end_is_an_error() {
        let (p, e) = parse("{% tip() %}\n没有结尾 {{ a() }}");
        assert_eq!(p.calls.len(), 1, "the other call is still found");
        assert_eq!(e[0].name, "tip");
        assert!(e[0].message.contains("{% end %}"), "{}", e[0].message);
    }

    #[test]
    fn expands_markdown_in_place_and_keeps_html_placeholders() {
        let p = parse("甲{{ md(x=1) }}乙{{ h() }}丙").0;
        let out = expand(
            p,
            |n| {
                Some(format!(
                    "shortcodes/{n}.{}",
                    if n == "md" { "md" } else { "html" }
                ))
            },
            |t, c| Ok(format!("<{t}:{}>", c.nth)),
        )
        .unwrap();
        assert_eq!(
            out.text,
            format!("甲<shortcodes/md.md:1>乙{}丙", placeholder(1))
        );
        assert_eq!(out.html[1], "<shortcodes/h.html:1>");
        assert_eq!(
            fill(&out.text, &out.html),
            "甲<shortcodes/md.md:1>乙<shortcodes/h.html:1>丙"
        );
        assert_eq!(strip(&out.text), "甲<shortcodes/md.md:1>乙丙");
    }

    #[test]
    fn unknown_and_failing_shortcodes_are_errors() {
        let p = parse("{{ a() }}{{ b() }}").0;
        let e = expand(
            p,
            |n| (n == "b").then(|| "shortcodes/b.html".to_string()),
            |_, _| Err("boom".into()),
        )
        .unwrap_err();
        assert_eq!(e.len(), 2);
        assert!(e[0].message.contains("unknown shortcode `a`"));
        assert!(e[1].message.contains("boom"));
    }

    #[test]
    fn locates_the_nth_call() {
        let src = "x {{ a() }}\n{{/* a() */}} {% a(k=1) %}b{% end %}";
        assert_eq!(locate(src, "a", 1), Some(2));
        assert_eq!(locate(src, "a", 2), src.find("{% a"));
        assert_eq!(locate(src, "a", 3), None);
    }

    #[test]
    fn only_placeholder_reads_a_lone_call() {
        assert_eq!(
            only_placeholder(&format!(" {}\n", placeholder(12))),
            Some(12)
        );
        assert_eq!(only_placeholder(&format!("x{}", placeholder(1))), None);
    }
}
