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
    /// The text between `{% name(…) %}` and `{% end %}`, trimmed, with its own calls (inline
    /// shortcodes in a body run first, as in Zola; the first `{% end %}` ends the body).
    pub body: Option<Box<Parsed>>,
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
#[derive(Debug, Clone, Default, PartialEq)]
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

/// A random key in every placeholder of this process: a page cannot write one (a character
/// reference such as `&#xFDD0;1&#xFDD1;` decodes to the noncharacters but not to the key), so no
/// text of it can be taken for a placeholder and removed.
pub(crate) fn key() -> &'static str {
    static KEY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    KEY.get_or_init(|| {
        use std::hash::{BuildHasher, Hasher};
        let mut h = std::collections::hash_map::RandomState::new().build_hasher();
        h.write_u64(std::process::id() as u64);
        // Greek letters, not hex: digits in it could read as a phone number to the anonymizer,
        // which reads the key in `anon::anonymize_text`'s marker.
        let n = h.finish();
        let mut k: String = (0..16)
            .map(|i| char::from_u32(0x3B1 + ((n >> (4 * i)) & 0xF) as u32).unwrap_or('α'))
            .collect();
        k.push(':');
        k
    })
}

pub fn placeholder(i: usize) -> String {
    format!("{PH_OPEN}{}{i}{PH_CLOSE}", key())
}

/// The index of the placeholder `rest` starts with (after its `PH_OPEN`), and its length.
fn placeholder_at(rest: &str) -> Option<(usize, usize)> {
    let k = key();
    let digits = rest.strip_prefix(k)?;
    let n = digits.bytes().take_while(u8::is_ascii_digit).count();
    if n == 0 || !digits[n..].starts_with(PH_CLOSE) {
        return None;
    }
    let i = digits[..n].parse().ok()?;
    Some((i, k.len() + n + PH_CLOSE.len_utf8()))
}

/// Find the calls in `text`. Text that is not a well-formed call stays text, as in Zola; a body
/// shortcode without its `{% end %}` is an error (it would be published as written) and stays
/// text too, so the other calls are still checked.
///
/// `standalone` (anonymized pages): every call must be a block of its own — its lines hold
/// nothing else and blank lines (or the start or end of the text) are around it, `{% end %}`
/// likewise. The anonymizer read the text with the calls in it; a call between two pieces of
/// text would join them when it runs (`0571-8888{{ e() }}6666`, 老{{ e() }}张) into something
/// it never saw.
pub fn parse(text: &str, standalone: bool) -> (Parsed, Vec<CallError>) {
    let mut errors = Vec::new();
    let mut nths = std::collections::HashMap::new();
    let parsed = parse_with(text, standalone, &mut nths, &mut errors);
    (parsed, errors)
}

/// Whether the bytes before `at` on its line are blanks, and the line before (if any) is blank.
fn alone_before(b: &[u8], at: usize) -> bool {
    let ls = b[..at]
        .iter()
        .rposition(|&c| c == b'\n')
        .map_or(0, |i| i + 1);
    if !b[ls..at].iter().all(|c| matches!(c, b' ' | b'\t')) {
        return false;
    }
    if ls == 0 {
        return true;
    }
    let prev = b[..ls - 1]
        .iter()
        .rposition(|&c| c == b'\n')
        .map_or(0, |i| i + 1);
    let line = &b[prev..ls - 1];
    // A heading ends its own block: a call right under `## 法官提示` joins nothing.
    let t = line.trim_ascii_start();
    let hashes = t.iter().take_while(|&&c| c == b'#').count();
    line.iter().all(|c| c.is_ascii_whitespace())
        || ((1..=6).contains(&hashes)
            && t.get(hashes)
                .is_none_or(|c| matches!(c, b' ' | b'\t' | b'\r')))
}

/// Whether the bytes from `end` to the end of its line are blanks, and the next line (if any)
/// is blank.
fn alone_after(b: &[u8], end: usize) -> bool {
    let le = memchr::memchr(b'\n', &b[end..]).map_or(b.len(), |i| end + i);
    if !b[end..le].iter().all(|c| c.is_ascii_whitespace()) {
        return false;
    }
    if le >= b.len() {
        return true;
    }
    let next_end = memchr::memchr(b'\n', &b[le + 1..]).map_or(b.len(), |i| le + 1 + i);
    b[le + 1..next_end].iter().all(|c| c.is_ascii_whitespace())
}

/// Whether nothing but blanks is before `at` on its line.
fn starts_line(b: &[u8], at: usize) -> bool {
    let ls = b[..at]
        .iter()
        .rposition(|&c| c == b'\n')
        .map_or(0, |i| i + 1);
    b[ls..at].iter().all(|c| matches!(c, b' ' | b'\t'))
}

/// Whether nothing but blanks follows `end` on its line.
fn rest_of_line_blank(b: &[u8], end: usize) -> bool {
    let le = memchr::memchr(b'\n', &b[end..]).map_or(b.len(), |i| end + i);
    b[end..le].iter().all(|c| c.is_ascii_whitespace())
}

/// `parse`, numbering the calls of each name on from `nths` (a body's calls count with the page's).
fn parse_with(
    text: &str,
    standalone: bool,
    nths: &mut std::collections::HashMap<String, usize>,
    errors: &mut Vec<CallError>,
) -> Parsed {
    let mut out = Parsed {
        text: String::with_capacity(text.len()),
        ..Parsed::default()
    };
    // A noncharacter in the text itself would read as a placeholder: it becomes U+FFFD (removing
    // it would join what the anonymizer saw apart).
    let cleaned;
    let text = if text.contains([PH_OPEN, PH_CLOSE]) {
        cleaned = text.replace([PH_OPEN, PH_CLOSE], "\u{FFFD}");
        cleaned.as_str()
    } else {
        text
    };
    let b = text.as_bytes();
    // Where each `{% end %}` is, found once: a page of many calls without one would otherwise be
    // scanned to its end for each.
    let ends = end_tags(b);
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
        let call = s.call();
        s.ws();
        let close: &[u8] = match (next, ignored) {
            (b'{', false) => b"}}",
            (b'{', true) => b"*/}}",
            (_, false) => b"%}",
            (_, true) => b"*/%}",
        };
        let Some((name, args)) = call.filter(|_| b[s.at..].starts_with(close)) else {
            // In an anonymized page a call the anonymizer made unreadable (a number argument
            // replaced by 〔手机号码已隐去〕) would be published as written: an error.
            if standalone && !ignored {
                let mut t = Scan { b, at: at + 2 };
                if let Some(name) = t.ident()
                    && t.eat(b'(')
                {
                    let nth = {
                        let n = nths.entry(name.clone()).or_insert(0);
                        *n += 1;
                        *n
                    };
                    errors.push(CallError {
                        message: format!("shortcode `{name}`: the call does not parse (after anonymization)"),
                        help: "write every value of a case's call in quotes (phone=\"…\"): a number or name the anonymizer replaces must stay inside a string".into(),
                        name,
                        nth,
                    });
                }
            }
            continue;
        };
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
            let first = ends.partition_point(|&(e, _)| e < end);
            match ends.get(first).copied() {
                Some((body_end, after)) => {
                    if standalone
                        && !(alone_before(b, at)
                            && rest_of_line_blank(b, end)
                            && starts_line(b, body_end)
                            && alone_after(b, after))
                    {
                        errors.push(apart(&name, nth));
                    }
                    let body = parse_with(text[end..body_end].trim(), standalone, nths, errors);
                    i = after;
                    Some(Box::new(body))
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
            if standalone && !(alone_before(b, at) && alone_after(b, end)) {
                errors.push(apart(&name, nth));
            }
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
    out
}

fn apart(name: &str, nth: usize) -> CallError {
    CallError {
        name: name.to_string(),
        nth,
        message: format!("shortcode `{name}` is not a block of its own in an anonymized page"),
        help: "in a case, put each call (and its {% end %}) on lines of its own with a blank line before and after: the anonymizer read the text around it as written, and the call's output would join it into text it never saw".into(),
    }
}

/// Every `{% end %}`: (where it starts, where it ends), in order.
fn end_tags(b: &[u8]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(off) = memchr::memmem::find(&b[i..], b"{%") {
        let at = i + off;
        let mut s = Scan { b, at: at + 2 };
        s.ws();
        if b[s.at..].starts_with(b"end") {
            s.at += 3;
            s.ws();
            if b[s.at..].starts_with(b"%}") {
                out.push((at, s.at + 2));
            }
        }
        i = at + 2;
    }
    out
}

/// A cursor over the bytes of a call: `name(key=literal, …)` with whitespace between tokens.
struct Scan<'a> {
    b: &'a [u8],
    at: usize,
}

/// Bytes of text before a call given to its render function.
const CONTEXT: usize = 300;

/// Arrays nested deeper than this are no call (the parser recurses once per level).
const MAX_DEPTH: usize = 32;

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
            let value = self.literal(0)?;
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

    fn literal(&mut self, depth: usize) -> Option<Value> {
        if depth > MAX_DEPTH {
            return None;
        }
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
                    items.push(self.literal(depth + 1)?);
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

/// What a render function gets besides the call: its body (calls in it run) and the text
/// before the call (up to a few hundred bytes, for reading its output in context).
pub struct Around<'a> {
    pub body: Option<&'a str>,
    pub before: &'a str,
}

/// Run the calls of a parsed page. `template(name)` gives the template a shortcode renders
/// with (`shortcodes/name.md` or `.html`), `render(template, call, around)` its output.
pub fn expand(
    parsed: Parsed,
    template: impl Fn(&str) -> Option<String>,
    render: impl Fn(&str, &Call, Around) -> Result<String, String>,
) -> Result<Expanded, Vec<CallError>> {
    let mut errors = Vec::new();
    let out = run(parsed, &template, &render, &mut errors);
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

fn run(
    parsed: Parsed,
    template: &impl Fn(&str) -> Option<String>,
    render: &impl Fn(&str, &Call, Around) -> Result<String, String>,
    errors: &mut Vec<CallError>,
) -> Expanded {
    let mut html = vec![String::new(); parsed.calls.len()];
    let mut markdown: Vec<Option<String>> = vec![None; parsed.calls.len()];
    for (i, call) in parsed.calls.iter().enumerate() {
        // The body's own calls first: their output, HTML or Markdown, is put into the body.
        let body = call.body.as_ref().map(|b| {
            let inner = run(b.as_ref().clone(), template, render, errors);
            fill(&inner.text, &inner.html)
        });
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
        let at = parsed.at[i];
        let mut from = at.saturating_sub(CONTEXT);
        while !parsed.text.is_char_boundary(from) {
            from += 1;
        }
        let around = Around {
            body: body.as_deref(),
            before: &parsed.text[from..at],
        };
        match render(&tpl, call, around) {
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
    Expanded { text, html }
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
    fill_with(text, html, |s, out| out.push_str(s))
}

/// `fill` for text that becomes HTML: the text around the placeholders is escaped.
pub fn fill_text(text: &str, html: &[String]) -> String {
    fill_with(text, html, |s, out| {
        for c in s.chars() {
            match c {
                '&' => out.push_str("&amp;"),
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                c => out.push(c),
            }
        }
    })
}

fn fill_with(text: &str, html: &[String], put: impl Fn(&str, &mut String)) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find(PH_OPEN) {
        put(&rest[..start], &mut out);
        let after = &rest[start + PH_OPEN.len_utf8()..];
        match placeholder_at(after) {
            Some((i, len)) => {
                if let Some(h) = html.get(i) {
                    out.push_str(h);
                }
                rest = &after[len..];
            }
            // Not one of ours: the character is shown as U+FFFD, the text after it kept.
            None => {
                out.push('\u{FFFD}');
                rest = after;
            }
        }
    }
    put(rest, &mut out);
    // A lone closing noncharacter (from a character reference) is no placeholder either.
    if out.contains(PH_CLOSE) {
        out = out.replace(PH_CLOSE, "\u{FFFD}");
    }
    out
}

/// `text` without placeholders (for plain text, headings and ids).
pub fn strip(text: &str) -> String {
    fill(text, &[])
}

/// The single placeholder `text` consists of (spaces aside), if that is all it is.
pub fn only_placeholder(text: &str) -> Option<usize> {
    let t = text.trim();
    let (i, len) = placeholder_at(t.strip_prefix(PH_OPEN)?)?;
    (PH_OPEN.len_utf8() + len == t.len()).then_some(i)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn parse_all(t: &str) -> (Parsed, Vec<CallError>) {
        parse(t, false)
    }

    #[test]
    fn in_anonymized_pages_a_call_must_be_a_block_of_its_own() {
        for ok in [
            "{{ a() }}",
            "## 法官提示\n{% b() %}\n正文\n{% end %}\n\n后文。",
            "前文。\n\n{{ a() }}\n\n后文。",
            "前文。\n\n{% b() %}\n正文\n{% end %}\n\n后文。",
            "  {{ a() }}  \n",
        ] {
            let (_, e) = parse(ok, true);
            assert!(e.is_empty(), "{ok}: {e:?}");
        }
        let (_, e) = parse("{{ a(phone=〔手机号码已隐去〕) }}", true);
        assert!(e[0].message.contains("does not parse"), "{e:?}");
        assert!(
            parse("{{ a(phone=〔手机号码已隐去〕) }}", false)
                .1
                .is_empty()
        );
        for bad in [
            "#话题\n{{ a() }}\n",
            "0571-8888{{ a() }}6666",
            "老{{ a() }}张",
            "前文 {{ a() }}",
            "前文。\n{{ a() }}\n\n后文。",
            "前文。\n\n{{ a() }}\n后文。",
            "{% b() %}正文{% end %}",
            "\n{% b() %}\n正文{% end %}\n",
            "\n{% b() %}\n正文\n{% end %}后\n",
            "{% b() %}\n正文\n\n老{{ a() }}张\n{% end %}",
        ] {
            let (_, e) = parse(bad, true);
            assert!(!e.is_empty(), "{bad}");
            assert!(e[0].message.contains("not a block of its own"), "{bad}");
            let (_, e) = parse(bad, false);
            assert!(e.is_empty(), "allowed elsewhere: {bad}");
        }
    }

    /// The key is read by the anonymizer in `anon::anonymize_text`'s marker: a run of digits in
    /// it could read as a phone number and be removed (a random build failed so).
    #[test]
    fn the_key_holds_no_digit_or_latin_letter() {
        assert!(
            key().chars().all(|c| !c.is_ascii_alphanumeric()),
            "{}",
            key()
        );
        assert_eq!(key().chars().count(), 17);
    }

    #[test]
    fn noncharacters_never_vanish() {
        let (p, _) = parse_all("0571-8888\u{FDD0}6666 {{ a() }}");
        assert!(p.text.starts_with("0571-8888\u{FFFD}6666"), "{}", p.text);
        assert_eq!(fill("a\u{FDD0}b\u{FDD1}c", &[]), "a\u{FFFD}b\u{FFFD}c");
        // A placeholder without the process's key is text, even with an index.
        let html = vec![String::new(), String::new()];
        assert_eq!(
            fill("8888\u{FDD0}1\u{FDD1}6666", &html),
            "8888\u{FFFD}1\u{FFFD}6666"
        );
        assert_eq!(
            fill(&format!("8888{}6666", placeholder(1)), &html),
            "88886666"
        );
    }

    #[test]
    fn deep_arrays_and_many_unclosed_bodies_stay_cheap() {
        let deep = format!("{{{{ a(b={}) }}}}", "[".repeat(100_000));
        assert!(parse_all(&deep).0.calls.is_empty());
        // Each call once looked for its `{% end %}` to the end of the page: minutes for this.
        let many = "{% a() %}".repeat(50_000);
        let (_, e) = parse_all(&many);
        assert_eq!(e.len(), 50_000);
    }

    #[test]
    fn finds_inline_and_body_calls_with_every_literal() {
        let p = parse_all("前 {{ figure(src=\"a.jpg\", n=3, f=-1.5, ok=true, no=false, list=['x', `y`, 2,], ) }} 中\n{% tip(title=\"法官提示\") %}\n正文 **粗**\n{% end %} 后").0;
        assert_eq!(p.calls.len(), 2);
        assert_eq!(p.calls[0].name, "figure");
        assert_eq!(
            Value::Object(p.calls[0].args.clone()),
            json!({"src": "a.jpg", "n": 3, "f": -1.5, "ok": true, "no": false, "list": ["x", "y", 2]})
        );
        assert_eq!(
            p.calls[1].body.as_ref().map(|b| b.text.as_str()),
            Some("正文 **粗**")
        );
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
        let p = parse_all("{{ a() }}{{ b() }}{{ a() }}").0;
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
            let p = parse_all(t).0;
            assert!(p.calls.is_empty(), "{t}");
            assert_eq!(p.text, t);
        }
    }

    #[test]
    fn ignored_calls_are_written_out() {
        let p = parse_all("`{{/* youtube(id=1) */}}` 和 {%/* tip() */%}x{%/* end */%}").0;
        assert!(p.calls.is_empty());
        assert_eq!(p.text, "`{{ youtube(id=1) }}` 和 {% tip() %}x{% end %}");
    }

    #[test]
    fn a_body_without_end_is_an_error() {
        let (p, e) = parse_all("{% tip() %}\n没有结尾 {{ a() }}");
        assert_eq!(p.calls.len(), 1, "the other call is still found");
        assert_eq!(e[0].name, "tip");
        assert!(e[0].message.contains("{% end %}"), "{}", e[0].message);
    }

    #[test]
    fn expands_markdown_in_place_and_keeps_html_placeholders() {
        let p = parse_all("甲{{ md(x=1) }}乙{{ h() }}丙").0;
        let out = expand(
            p,
            |n| {
                Some(format!(
                    "shortcodes/{n}.{}",
                    if n == "md" { "md" } else { "html" }
                ))
            },
            |t, c, _| Ok(format!("<{t}:{}>", c.nth)),
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
        let p = parse_all("{{ a() }}{{ b() }}").0;
        let e = expand(
            p,
            |n| (n == "b").then(|| "shortcodes/b.html".to_string()),
            |_, _, _| Err("boom".into()),
        )
        .unwrap_err();
        assert_eq!(e.len(), 2);
        assert!(e[0].message.contains("unknown shortcode `a`"));
        assert!(e[1].message.contains("boom"));
    }

    #[test]
    fn calls_in_a_body_run_first_and_count_in_page_order() {
        let (p, e) = parse_all("{{ a() }}{% box() %}前{{ a(x=1) }}后{% end %}{{ a() }}");
        assert!(e.is_empty());
        let nths: Vec<_> = p.calls.iter().map(|c| (c.name.as_str(), c.nth)).collect();
        assert_eq!(nths, vec![("a", 1), ("box", 1), ("a", 3)]);
        let out = expand(
            p,
            |n| Some(format!("shortcodes/{n}.html")),
            |_, c, around| match around.body {
                Some(b) => Ok(format!("[{b}]")),
                None => Ok(format!("<a{}>", c.nth)),
            },
        )
        .unwrap();
        assert_eq!(fill(&out.text, &out.html), "<a1>[前<a2>后]<a3>");
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
