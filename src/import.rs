//! Importing pasted web articles (`pufa import`): pure functions from a file's bytes to a Markdown
//! page and a report of everything that was converted, removed or flagged. Nothing here touches
//! the file system; `cmd::import` reads the input and writes the page.
//!
//! The stages, in order:
//! 1. [`decode`]: UTF-8 (BOM stripped), else GBK/GB18030, else the file is refused.
//! 2. [`html_to_markdown`] for HTML (a small converter of common tags; navigation, scripts, forms,
//!    headers and footers are dropped) or [`text_to_markdown`] for plain text and Markdown.
//! 3. [`clean`]: removes site boilerplate line by line (copyright notices, 上一篇/下一篇,
//!    相关推荐 lists, 责任编辑, 来源 kept as front matter, 分享到, page controls, breadcrumbs, the
//!    headline repeated at the start), removes pinyin annotations (當(dāng) → 當) when a file has
//!    at least three, and flags mojibake it cannot repair (kept as is; the page becomes a draft).
//!
//! The cleaning rules follow CONTENT-MODEL.md §7 and are deliberately conservative: a rule removes
//! a line only when the whole line is boilerplate, and every removed line is listed in the report
//! so an editor can put back what should stay.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::sync::LazyLock;

use chrono::NaiveDate;
use regex::Regex;

// ---------------------------------------------------------------------------------------------
// Decoding
// ---------------------------------------------------------------------------------------------

/// Text decoded from a file's bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// The text, without a BOM and with LF line ends.
    pub text: String,
    /// The encoding the text was converted from, when it was not UTF-8.
    pub converted_from: Option<&'static str>,
}

/// Decode a file: valid UTF-8 (a BOM is stripped), UTF-16 with a BOM, else GBK/GB18030. Bytes
/// that decode cleanly as none of them are refused with a message saying where the first bad
/// byte is; nothing is guessed.
pub fn decode(bytes: &[u8]) -> Result<Decoded, String> {
    let (text, converted_from) = if let Some((enc, bom_len)) = encoding_rs::Encoding::for_bom(bytes)
        && enc != encoding_rs::UTF_8
    {
        let text = enc
            .decode_without_bom_handling_and_without_replacement(&bytes[bom_len..])
            .ok_or_else(|| format!("starts with a {} byte-order mark but is not valid {0}; save it as UTF-8 and import again", enc.name()))?;
        (text.into_owned(), Some(enc.name()))
    } else if let Ok(s) = std::str::from_utf8(bytes) {
        (s.strip_prefix('\u{feff}').unwrap_or(s).to_string(), None)
    } else if bytes.contains(&0) {
        return Err(
            "is a binary file (it contains NUL bytes), not text or HTML; save it as text or HTML first"
                .into(),
        );
    } else if let Some(text) =
        encoding_rs::GB18030.decode_without_bom_handling_and_without_replacement(bytes)
    {
        (text.into_owned(), Some("GB18030"))
    } else {
        let valid = std::str::from_utf8(bytes)
            .err()
            .map_or(0, |e| e.valid_up_to());
        let line = bytes[..valid].iter().filter(|&&b| b == b'\n').count() + 1;
        return Err(format!(
            "is neither UTF-8 nor GBK/GB18030 (the first byte that is not UTF-8 is on line {line}); \
             convert it to UTF-8 first, e.g. `iconv -f BIG5 -t UTF-8` for traditional-script files"
        ));
    };
    let text = if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text
    };
    Ok(Decoded {
        text,
        converted_from,
    })
}

// ---------------------------------------------------------------------------------------------
// HTML → Markdown
// ---------------------------------------------------------------------------------------------

/// Markdown converted from HTML or text, before cleaning.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Converted {
    /// The page title, if the input names one (`<h1>`, `<title>`, a `# ` heading).
    pub title: Option<String>,
    /// Where the title came from (for the report).
    pub title_from: &'static str,
    pub markdown: String,
    /// A publication date from `<meta>` tags.
    pub meta_date: Option<NaiveDate>,
    /// What the conversion did, for the report.
    pub notes: Vec<String>,
}

#[derive(Debug)]
enum Node {
    Text(String),
    Elem(Elem),
}

#[derive(Debug)]
struct Elem {
    name: String,
    attrs: Vec<(String, String)>,
    children: Vec<Node>,
}

impl Elem {
    fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Elements dropped with everything inside them.
const DROP: &[&str] = &[
    "script", "style", "nav", "header", "footer", "aside", "form", "noscript", "iframe", "svg",
    "button", "select", "textarea", "template", "object", "embed", "canvas", "audio", "video",
    "map", "head", "input", "rp", "menu", "dialog",
];
/// Elements whose content is raw text up to their end tag.
const RAW: &[&str] = &["script", "style", "textarea", "title", "xmp", "noscript"];
const VOID: &[&str] = &[
    "br", "hr", "img", "meta", "link", "input", "wbr", "area", "base", "col", "embed", "source",
    "track", "param", "keygen",
];
const BLOCK: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "body",
    "caption",
    "center",
    "dd",
    "details",
    "dialog",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "html",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
];
/// Start tags that close an open `<p>`.
const CLOSES_P: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "center",
    "details",
    "div",
    "dl",
    "fieldset",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "table",
    "ul",
];

struct Doc {
    root: Vec<Node>,
    title: Option<String>,
    metas: Vec<Vec<(String, String)>>,
}

/// Parse HTML into a tree, forgivingly: unclosed `<p>`, `<li>`, `<td>` are closed where HTML
/// closes them implicitly, stray end tags are ignored, `<script>`/`<style>` bodies are skipped.
fn parse_html(s: &str) -> Doc {
    let lower = s.to_ascii_lowercase();
    let b = s.as_bytes();
    let mut stack: Vec<Elem> = vec![Elem {
        name: "#root".into(),
        attrs: Vec::new(),
        children: Vec::new(),
    }];
    let mut title = None;
    let mut metas = Vec::new();
    let mut i = 0;
    let mut text_start = 0;
    fn add_text(stack: &mut [Elem], raw: &str) {
        if !raw.is_empty()
            && let Some(top) = stack.last_mut()
        {
            top.children.push(Node::Text(decode_entities(raw)));
        }
    }
    fn pop(stack: &mut Vec<Elem>) {
        if stack.len() > 1
            && let Some(e) = stack.pop()
            && let Some(parent) = stack.last_mut()
        {
            parent.children.push(Node::Elem(e));
        }
    }
    /// Close the nearest open `name` if found before any of `stop`.
    fn close_open(stack: &mut Vec<Elem>, names: &[&str], stop: &[&str]) {
        for j in (1..stack.len()).rev() {
            let n = stack[j].name.as_str();
            if names.contains(&n) {
                while stack.len() > j {
                    pop(stack);
                }
                return;
            }
            if stop.contains(&n) {
                return;
            }
        }
    }
    while i < b.len() {
        if b[i] != b'<' {
            i += 1;
            continue;
        }
        let next = b.get(i + 1).copied().unwrap_or(b' ');
        if lower[i..].starts_with("<!--") {
            add_text(&mut stack, &s[text_start..i]);
            i = lower[i + 4..]
                .find("-->")
                .map_or(b.len(), |e| i + 4 + e + 3);
            text_start = i;
        } else if next == b'!' || next == b'?' {
            add_text(&mut stack, &s[text_start..i]);
            i = lower[i..].find('>').map_or(b.len(), |e| i + e + 1);
            text_start = i;
        } else if next == b'/' && b.get(i + 2).is_some_and(u8::is_ascii_alphabetic) {
            add_text(&mut stack, &s[text_start..i]);
            let name_end = (i + 2..b.len())
                .find(|&j| !b[j].is_ascii_alphanumeric())
                .unwrap_or(b.len());
            let name = &lower[i + 2..name_end];
            i = lower[name_end..]
                .find('>')
                .map_or(b.len(), |e| name_end + e + 1);
            text_start = i;
            if name == "br" {
                if let Some(top) = stack.last_mut() {
                    top.children.push(Node::Elem(Elem {
                        name: "br".into(),
                        attrs: Vec::new(),
                        children: Vec::new(),
                    }));
                }
            } else {
                close_open(&mut stack, &[name], &[]);
            }
        } else if next.is_ascii_alphabetic() {
            add_text(&mut stack, &s[text_start..i]);
            let (name, attrs, end) = parse_tag(s, &lower, i + 1);
            i = end;
            text_start = i;
            if RAW.contains(&name.as_str()) {
                let close = format!("</{name}");
                let (content_end, after) = match lower[i..].find(&close) {
                    Some(e) => {
                        let ce = i + e;
                        (ce, lower[ce..].find('>').map_or(b.len(), |g| ce + g + 1))
                    }
                    None => (b.len(), b.len()),
                };
                let content = &s[i..content_end];
                i = after;
                text_start = i;
                match name.as_str() {
                    "title" if title.is_none() => {
                        title = Some(collapse_plain(&decode_entities(content)));
                    }
                    "script" | "style" | "noscript" => {
                        // Recorded (empty) so the report can say what was dropped.
                        if let Some(top) = stack.last_mut() {
                            top.children.push(Node::Elem(Elem {
                                name,
                                attrs: Vec::new(),
                                children: Vec::new(),
                            }));
                        }
                    }
                    "textarea" | "xmp" => {
                        if let Some(top) = stack.last_mut() {
                            top.children.push(Node::Elem(Elem {
                                name,
                                attrs,
                                children: vec![Node::Text(decode_entities(content))],
                            }));
                        }
                    }
                    _ => {}
                }
                continue;
            }
            if name == "meta" {
                metas.push(attrs.clone());
            }
            if !matches!(
                name.as_str(),
                "meta" | "link" | "base" | "title" | "style" | "script"
            ) {
                // Content outside <head> even when `</head>` is missing.
                close_open(&mut stack, &["head"], &[]);
            }
            if CLOSES_P.contains(&name.as_str()) {
                close_open(
                    &mut stack,
                    &["p"],
                    &[
                        "div",
                        "td",
                        "th",
                        "li",
                        "blockquote",
                        "section",
                        "article",
                        "table",
                        "body",
                    ],
                );
            }
            match name.as_str() {
                "li" => close_open(&mut stack, &["li"], &["ul", "ol", "table", "div"]),
                "dt" | "dd" => close_open(&mut stack, &["dt", "dd"], &["dl", "table"]),
                "tr" => close_open(&mut stack, &["tr", "td", "th"], &["table"]),
                "td" | "th" => close_open(&mut stack, &["td", "th"], &["tr", "table"]),
                "thead" | "tbody" | "tfoot" => close_open(
                    &mut stack,
                    &["thead", "tbody", "tfoot", "tr", "td", "th"],
                    &["table"],
                ),
                _ => {}
            }
            let elem = Elem {
                name,
                attrs,
                children: Vec::new(),
            };
            if VOID.contains(&elem.name.as_str()) {
                if let Some(top) = stack.last_mut() {
                    top.children.push(Node::Elem(elem));
                }
            } else {
                stack.push(elem);
            }
        } else {
            // A literal `<` in text.
            i += 1;
        }
    }
    add_text(&mut stack, &s[text_start.min(b.len())..]);
    while stack.len() > 1 {
        pop(&mut stack);
    }
    let root = stack.pop().map(|e| e.children).unwrap_or_default();
    Doc { root, title, metas }
}

/// Parse a start tag from just after `<`: its lower-case name, attributes and the index after `>`.
fn parse_tag(s: &str, lower: &str, start: usize) -> (String, Vec<(String, String)>, usize) {
    let b = s.as_bytes();
    let mut i = start;
    while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'-' || b[i] == b':') {
        i += 1;
    }
    let name = lower[start..i].to_string();
    let mut attrs = Vec::new();
    loop {
        while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
            i += 1;
        }
        if i >= b.len() {
            return (name, attrs, b.len());
        }
        if b[i] == b'>' {
            return (name, attrs, i + 1);
        }
        let key_start = i;
        while i < b.len() && !b[i].is_ascii_whitespace() && !matches!(b[i], b'=' | b'>' | b'/') {
            i += 1;
        }
        // An attribute name can never be empty here, but guard against stalling.
        if i == key_start {
            i += 1;
            continue;
        }
        let key = lower[key_start..i].to_string();
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        let mut value = String::new();
        if i < b.len() && b[i] == b'=' {
            i += 1;
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            if i < b.len() && (b[i] == b'"' || b[i] == b'\'') {
                let q = b[i];
                let vs = i + 1;
                let ve = (vs..b.len()).find(|&j| b[j] == q).unwrap_or(b.len());
                value = decode_entities(&s[vs..ve]);
                i = (ve + 1).min(b.len());
            } else {
                let vs = i;
                while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' {
                    i += 1;
                }
                value = decode_entities(&s[vs..i]);
            }
        }
        attrs.push((key, value));
    }
}

/// Decode HTML character references: numeric ones and the named ones common in Chinese pages.
/// Unknown names stay as written.
pub fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        let end = after
            .char_indices()
            .take(12)
            .find(|&(_, c)| c == ';' || !(c.is_ascii_alphanumeric() || c == '#'))
            .map(|(i, c)| (i, c == ';'));
        let decoded = match end {
            Some((e, true)) => entity(&after[..e]).map(|c| (c, e + 1)),
            // `&nbsp` without its semicolon is common in hand-written pages.
            Some((e, false)) if matches!(&after[..e], "nbsp" | "amp" | "lt" | "gt" | "quot") => {
                entity(&after[..e]).map(|c| (c, e))
            }
            _ => None,
        };
        match decoded {
            Some((c, used)) => {
                out.push(c);
                rest = &after[used..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

fn entity(name: &str) -> Option<char> {
    if let Some(num) = name.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse().ok()?,
        };
        return char::from_u32(code).filter(|&c| c != '\0');
    }
    Some(match name {
        "nbsp" => '\u{a0}',
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "copy" => '©',
        "reg" => '®',
        "trade" => '™',
        "hellip" => '…',
        "mdash" => '—',
        "ndash" => '–',
        "lsquo" => '‘',
        "rsquo" => '’',
        "ldquo" => '“',
        "rdquo" => '”',
        "middot" => '·',
        "bull" => '•',
        "laquo" => '«',
        "raquo" => '»',
        "times" => '×',
        "divide" => '÷',
        "ensp" => '\u{2002}',
        "emsp" => '\u{2003}',
        "thinsp" => '\u{2009}',
        "yen" => '¥',
        "deg" => '°',
        "plusmn" => '±',
        "sect" => '§',
        "para" => '¶',
        "shy" => '\u{ad}',
        "zwsp" => '\u{200b}',
        "zwnj" => '\u{200c}',
        "zwj" => '\u{200d}',
        _ => return None,
    })
}

/// Collapse whitespace to single spaces and trim (for titles and attribute text).
fn collapse_plain(s: &str) -> String {
    s.split(|c: char| c.is_whitespace())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Marks whitespace that came from a line break in the HTML source: dropped between two CJK
/// characters (Chinese has no spaces between words), a space elsewhere.
const SOFT: char = '\u{1}';

fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x2E80..=0x9FFF | 0xA960..=0xA97F | 0xAC00..=0xD7FF | 0xF900..=0xFAFF | 0xFE30..=0xFE4F
        | 0xFF00..=0xFFEF | 0x20000..=0x3FFFF)
}

struct Renderer {
    images: usize,
    dropped: BTreeSet<String>,
    headings: usize,
    paragraphs: usize,
    lists: usize,
    tables: usize,
}

fn is_block(name: &str) -> bool {
    BLOCK.contains(&name)
}

fn contains_block(e: &Elem) -> bool {
    e.children.iter().any(|n| match n {
        Node::Elem(c) => {
            (is_block(&c.name) && !DROP.contains(&c.name.as_str())) || contains_block(c)
        }
        Node::Text(_) => false,
    })
}

/// Append text with HTML whitespace collapsing and Markdown escaping.
fn push_text(buf: &mut String, text: &str, pre: bool) {
    if pre {
        buf.push_str(text);
        return;
    }
    let mut pending: Option<bool> = None; // Some(had_newline)
    for c in text.chars() {
        if c.is_ascii_whitespace() || c == '\u{a0}' || c == '\u{2002}' || c == '\u{2003}' {
            let nl = c == '\n' || c == '\r';
            pending = Some(pending.unwrap_or(false) || nl);
            continue;
        }
        if let Some(nl) = pending.take() {
            push_space(buf, nl);
        }
        match c {
            '\\' | '*' | '_' | '`' | '[' | ']' | '<' => {
                buf.push('\\');
                buf.push(c);
            }
            '\u{ad}' | '\u{200b}' | '\u{feff}' => {}
            _ => buf.push(c),
        }
    }
    if let Some(nl) = pending {
        push_space(buf, nl);
    }
}

fn push_space(buf: &mut String, newline: bool) {
    match buf.chars().last() {
        None | Some('\n') | Some(' ') => {}
        Some(SOFT) if !newline => {
            buf.pop();
            buf.push(' ');
        }
        Some(SOFT) => {}
        Some(_) => buf.push(if newline { SOFT } else { ' ' }),
    }
}

/// Resolve [`SOFT`] markers: removed between wide characters, a space elsewhere.
fn resolve_soft(s: &str) -> String {
    if !s.contains(SOFT) {
        return s.to_string();
    }
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    for (i, &c) in chars.iter().enumerate() {
        if c != SOFT {
            out.push(c);
            continue;
        }
        let prev = out.chars().last();
        let next = chars[i + 1..].iter().copied().find(|&n| n != SOFT);
        let (Some(p), Some(n)) = (prev, next) else {
            continue;
        };
        if !(is_wide(p) && is_wide(n)) && p != ' ' && p != '\n' {
            out.push(' ');
        }
    }
    out
}

fn trim_para(s: &str) -> &str {
    s.trim_matches(|c: char| c.is_whitespace() || c == SOFT)
}

impl Renderer {
    /// Record a dropped element and the dropped elements inside it, for the report.
    fn drop(&mut self, e: &Elem) {
        self.dropped.insert(e.name.clone());
        for c in &e.children {
            if let Node::Elem(c) = c
                && DROP.contains(&c.name.as_str())
            {
                self.drop(c);
            }
        }
    }

    fn flush(&mut self, inline: &mut String, out: &mut Vec<String>) {
        let text = resolve_soft(inline);
        inline.clear();
        for line in text.split('\n') {
            let line = trim_para(line);
            if !line.is_empty() {
                self.paragraphs += 1;
                out.push(line.to_string());
            }
        }
    }

    fn blocks(&mut self, nodes: &[Node], out: &mut Vec<String>) {
        let mut inline = String::new();
        for n in nodes {
            match n {
                Node::Text(t) => push_text(&mut inline, t, false),
                Node::Elem(e) if DROP.contains(&e.name.as_str()) && !page_form(e) => {
                    self.drop(e);
                }
                Node::Elem(e) if is_block(&e.name) || contains_block(e) || page_form(e) => {
                    self.flush(&mut inline, out);
                    self.block(e, out);
                }
                Node::Elem(e) => self.inline(e, &mut inline),
            }
        }
        self.flush(&mut inline, out);
    }

    fn block(&mut self, e: &Elem, out: &mut Vec<String>) {
        match e.name.as_str() {
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                let text = self.inline_text(&e.children);
                if !text.is_empty() {
                    self.headings += 1;
                    let level = match e.name.as_str() {
                        "h1" | "h2" => "##",
                        "h3" => "###",
                        _ => "####",
                    };
                    out.push(format!("{level} {text}"));
                }
            }
            "ul" | "ol" => {
                let mut lines = Vec::new();
                self.list(e, 0, &mut lines);
                if !lines.is_empty() {
                    self.lists += 1;
                    out.push(lines.join("\n"));
                }
            }
            "blockquote" => {
                let mut inner = Vec::new();
                self.blocks(&e.children, &mut inner);
                if !inner.is_empty() {
                    let quoted = inner
                        .join("\n\n")
                        .lines()
                        .map(|l| {
                            if l.is_empty() {
                                ">".to_string()
                            } else {
                                format!("> {l}")
                            }
                        })
                        .collect::<Vec<_>>()
                        .join("\n");
                    out.push(quoted);
                }
            }
            "pre" | "textarea" | "xmp" => {
                let mut raw = String::new();
                raw_text(&e.children, &mut raw);
                let raw = raw.trim_matches('\n');
                if !raw.trim().is_empty() {
                    let fence = if raw.contains("```") { "~~~~" } else { "```" };
                    out.push(format!("{fence}\n{raw}\n{fence}"));
                }
            }
            "table" => self.table(e, out),
            "hr" => out.push("---".into()),
            "form" => {
                // Only a page-wrapping form gets here (see `page_form`).
                self.blocks(&e.children, out);
            }
            _ => self.blocks(&e.children, out),
        }
    }

    /// Inline Markdown of `nodes` on one line (line breaks become spaces).
    fn inline_text(&mut self, nodes: &[Node]) -> String {
        let mut buf = String::new();
        for n in nodes {
            match n {
                Node::Text(t) => push_text(&mut buf, t, false),
                Node::Elem(e) => self.inline(e, &mut buf),
            }
        }
        let s = resolve_soft(&buf).replace('\n', " ");
        trim_para(&s).to_string()
    }

    fn inline(&mut self, e: &Elem, buf: &mut String) {
        let name = e.name.as_str();
        if DROP.contains(&name) {
            self.drop(e);
            return;
        }
        match name {
            "br" => buf.push('\n'),
            "img" => self.images += 1,
            "strong" | "b" | "em" | "i" | "code" => {
                let inner = self.inline_text(&e.children);
                if inner.is_empty() {
                    return;
                }
                let mark = match name {
                    "strong" | "b" => "**",
                    "code" => "`",
                    _ => "*",
                };
                let lead = e.children.first().is_some_and(starts_with_space);
                if lead {
                    push_space(buf, false);
                }
                let _ = write!(buf, "{mark}{inner}{mark}");
                if e.children.last().is_some_and(ends_with_space) {
                    push_space(buf, false);
                }
            }
            "a" => {
                let inner = self.inline_text(&e.children);
                let href = e.attr("href").unwrap_or("").trim();
                if inner.is_empty() {
                    return;
                }
                if (href.starts_with("http://") || href.starts_with("https://")) && inner != href {
                    let target = if href.contains([' ', '(', ')', '<', '>']) {
                        format!("<{}>", href.replace(['<', '>'], ""))
                    } else {
                        href.to_string()
                    };
                    let _ = write!(buf, "[{inner}]({target})");
                } else {
                    buf.push_str(&inner);
                }
            }
            "rt" => {
                // Ruby annotations become `字(zì)`, which the pinyin rule then handles.
                let inner = self.inline_text(&e.children);
                if !inner.is_empty() {
                    let _ = write!(buf, "({inner})");
                }
            }
            _ if is_block(name) => {
                // A block inside inline context (a <p> in an <li>, a heading in a cell).
                push_space(buf, false);
                for n in &e.children {
                    match n {
                        Node::Text(t) => push_text(buf, t, false),
                        Node::Elem(c) => self.inline(c, buf),
                    }
                }
                push_space(buf, false);
            }
            _ => {
                for n in &e.children {
                    match n {
                        Node::Text(t) => push_text(buf, t, false),
                        Node::Elem(c) => self.inline(c, buf),
                    }
                }
            }
        }
    }

    fn list(&mut self, e: &Elem, indent: usize, lines: &mut Vec<String>) {
        let ordered = e.name == "ol";
        let mut n = e
            .attr("start")
            .and_then(|s| s.trim().parse::<usize>().ok())
            .unwrap_or(1);
        for child in &e.children {
            let Node::Elem(li) = child else { continue };
            if li.name != "li" {
                if li.name == "ul" || li.name == "ol" {
                    self.list(li, indent, lines);
                }
                continue;
            }
            let marker = if ordered {
                format!("{n}. ")
            } else {
                "- ".to_string()
            };
            n += 1;
            let mut buf = String::new();
            let mut nested = Vec::new();
            for c in &li.children {
                match c {
                    Node::Text(t) => push_text(&mut buf, t, false),
                    Node::Elem(sub) if sub.name == "ul" || sub.name == "ol" => {
                        self.list(sub, indent + marker.chars().count(), &mut nested);
                    }
                    Node::Elem(sub) => self.inline(sub, &mut buf),
                }
            }
            let text = resolve_soft(&buf).replace('\n', " ");
            let text = trim_para(&text);
            if text.is_empty() && nested.is_empty() {
                continue;
            }
            lines.push(format!("{}{marker}{text}", " ".repeat(indent)));
            lines.extend(nested);
        }
    }

    fn table(&mut self, e: &Elem, out: &mut Vec<String>) {
        let mut rows: Vec<&Elem> = Vec::new();
        collect_rows(e, &mut rows);
        let cells: Vec<Vec<&Elem>> = rows
            .iter()
            .map(|r| {
                r.children
                    .iter()
                    .filter_map(|c| match c {
                        Node::Elem(c) if c.name == "td" || c.name == "th" => Some(c),
                        _ => None,
                    })
                    .collect()
            })
            .collect();
        let cols = cells.iter().map(Vec::len).max().unwrap_or(0);
        let layout =
            rows.len() < 2 || cols < 2 || cells.iter().flatten().any(|c| contains_block(c));
        if layout {
            // A layout table (old sites put whole pages in tables): its cells are blocks.
            if rows.is_empty() {
                self.blocks(&e.children, out);
            }
            for cell in cells.iter().flatten() {
                self.blocks(&cell.children, out);
            }
            return;
        }
        self.tables += 1;
        let mut lines = Vec::new();
        for (i, row) in cells.iter().enumerate() {
            let mut texts: Vec<String> = row
                .iter()
                .map(|c| self.inline_text(&c.children).replace('|', "\\|"))
                .collect();
            texts.resize(cols, String::new());
            lines.push(format!("| {} |", texts.join(" | ")));
            if i == 0 {
                lines.push(format!("|{}", " --- |".repeat(cols)));
            }
        }
        out.push(lines.join("\n"));
    }
}

/// A `<form>` wrapping the whole page (ASP.NET sites do this) is kept; search boxes and login
/// forms, with little text, are dropped.
fn page_form(e: &Elem) -> bool {
    if e.name != "form" {
        return false;
    }
    let mut text = String::new();
    raw_text(&e.children, &mut text);
    text.chars().filter(|c| !c.is_whitespace()).count() >= 200
}

fn starts_with_space(n: &Node) -> bool {
    matches!(n, Node::Text(t) if t.starts_with(|c: char| c.is_whitespace()))
}

fn ends_with_space(n: &Node) -> bool {
    matches!(n, Node::Text(t) if t.ends_with(|c: char| c.is_whitespace()))
}

fn raw_text(nodes: &[Node], out: &mut String) {
    for n in nodes {
        match n {
            Node::Text(t) => out.push_str(t),
            Node::Elem(e) if e.name == "br" => out.push('\n'),
            Node::Elem(e) => raw_text(&e.children, out),
        }
    }
}

fn collect_rows<'a>(e: &'a Elem, rows: &mut Vec<&'a Elem>) {
    for c in &e.children {
        if let Node::Elem(c) = c {
            match c.name.as_str() {
                "tr" => rows.push(c),
                "thead" | "tbody" | "tfoot" => collect_rows(c, rows),
                _ => {}
            }
        }
    }
}

/// Plain text of headings `h1`/`h2` outside dropped elements, in document order.
fn headings<'a>(nodes: &'a [Node], out: &mut Vec<(&'a str, String)>) {
    for n in nodes {
        if let Node::Elem(e) = n {
            if DROP.contains(&e.name.as_str()) {
                continue;
            }
            if e.name == "h1" || e.name == "h2" {
                let mut t = String::new();
                raw_text(&e.children, &mut t);
                let t = collapse_plain(&t);
                if !t.is_empty() {
                    out.push((if e.name == "h1" { "h1" } else { "h2" }, t));
                }
            } else {
                headings(&e.children, out);
            }
        }
    }
}

/// The first part of a `<title>` like `标题_栏目_某某网` or `标题 - 某某网`.
fn title_head(title: &str) -> &str {
    let mut head = title;
    for sep in [
        " - ", " – ", " — ", "--", "——", "－－", "—", "_", "|", "｜", " :: ",
    ] {
        if let Some((first, _)) = head.split_once(sep)
            && first.trim().chars().count() >= 2
        {
            head = first;
        }
    }
    head.trim()
}

/// True when the text looks like HTML: a `.htm(l)` file, or markup from the first character.
pub fn looks_like_html(file_name: &str, text: &str) -> bool {
    let lower = file_name.to_ascii_lowercase();
    if [".html", ".htm", ".shtml", ".xhtml", ".mhtml"]
        .iter()
        .any(|e| lower.ends_with(e))
    {
        return true;
    }
    let head: String = text
        .trim_start()
        .chars()
        .take(512)
        .collect::<String>()
        .to_ascii_lowercase();
    head.starts_with("<!doctype html")
        || head.starts_with("<html")
        || (head.starts_with('<')
            && ["<p", "<div", "<body", "<h1", "<br", "<table", "<article"]
                .iter()
                .any(|t| head.contains(t)))
}

/// Convert an HTML page to Markdown: headings, paragraphs, lists, quotes, tables, links, bold
/// and italics. Scripts, styles, navigation, headers, footers, asides and forms are dropped; the
/// title comes from the `<h1>`/`<h2>` that the `<title>` starts with, else the first `<h1>`, else
/// the `<title>` without its site suffix.
pub fn html_to_markdown(html: &str) -> Converted {
    let doc = parse_html(html);
    let mut r = Renderer {
        images: 0,
        dropped: BTreeSet::new(),
        headings: 0,
        paragraphs: 0,
        lists: 0,
        tables: 0,
    };
    let mut blocks = Vec::new();
    r.blocks(&doc.root, &mut blocks);

    let mut heads = Vec::new();
    headings(&doc.root, &mut heads);
    let page_title = doc.title.as_deref().map(collapse_plain).unwrap_or_default();
    let whole = compact(&page_title);
    let head = compact(title_head(&page_title));
    // How well a heading matches the <title>: equal to its head, its start, inside it (a site
    // logo in an <h1> is inside the title too, so the better matches win).
    let score = |h: &str| {
        let n = compact(h);
        if n.chars().count() < 2 {
            0
        } else if n == head {
            3
        } else if whole.starts_with(&n) {
            2
        } else if whole.contains(&n) {
            1
        } else {
            0
        }
    };
    let best = heads
        .iter()
        .map(|(tag, h)| (score(h), tag, h))
        .filter(|(s, _, _)| *s > 0)
        .max_by_key(|(s, _, _)| *s);
    let best = best.and_then(|(s, _, _)| heads.iter().find(|(_, h)| score(h) == s));
    let (title, title_from) = if let Some((tag, h)) = best {
        (Some(h.clone()), if *tag == "h1" { "<h1>" } else { "<h2>" })
    } else if let Some((_, h)) = heads.iter().find(|(tag, _)| *tag == "h1") {
        (Some(h.clone()), "<h1>")
    } else if !page_title.is_empty() {
        (Some(title_head(&page_title).to_string()), "<title>")
    } else {
        (None, "")
    };

    let meta_date = doc.metas.iter().find_map(|attrs| {
        let get = |k: &str| attrs.iter().find(|(a, _)| a == k).map(|(_, v)| v.as_str());
        let key = get("name")
            .or_else(|| get("property"))
            .or_else(|| get("itemprop"))?
            .to_ascii_lowercase();
        const DATE_KEYS: &[&str] = &[
            "pubdate",
            "publishdate",
            "publish_date",
            "publishtime",
            "article:published_time",
            "datepublished",
            "og:release_date",
            "dc.date",
            "dc.date.issued",
            "date",
        ];
        DATE_KEYS
            .contains(&key.as_str())
            .then(|| find_date(get("content")?))
            .flatten()
    });

    let mut notes = vec![format!(
        "HTML → Markdown ({} paragraphs, {} headings, {} lists, {} tables)",
        r.paragraphs, r.headings, r.lists, r.tables
    )];
    let dropped: Vec<&str> = r
        .dropped
        .iter()
        .map(String::as_str)
        .filter(|d| !matches!(*d, "head" | "rp"))
        .collect();
    if !dropped.is_empty() {
        notes.push(format!(
            "dropped page parts: {}",
            dropped
                .iter()
                .map(|d| format!("<{d}>"))
                .collect::<Vec<_>>()
                .join(" ")
        ));
    }
    if r.images > 0 {
        notes.push(format!(
            "left out {} image(s): add them to a page bundle if they are needed",
            r.images
        ));
    }
    Converted {
        title,
        title_from,
        markdown: blocks.join("\n\n"),
        meta_date,
        notes,
    }
}

/// Plain text or Markdown to Markdown. Plain text (any file not named `.md`/`.markdown`) puts
/// each non-empty line in its own paragraph, as pasted web text has one paragraph per line, and
/// drops the indentation (full-width spaces) Chinese text starts paragraphs with. Markdown is
/// kept as written; a leading `# ` heading becomes the title.
pub fn text_to_markdown(file_name: &str, text: &str) -> Converted {
    let lower = file_name.to_ascii_lowercase();
    let markdown = lower.ends_with(".md") || lower.ends_with(".markdown");
    if markdown {
        let mut lines: Vec<&str> = text.lines().collect();
        let first = lines.iter().position(|l| !l.trim().is_empty());
        let mut title = None;
        if let Some(i) = first
            && let Some(h) = lines[i].trim().strip_prefix("# ")
        {
            title = Some(h.trim().to_string());
            lines.remove(i);
        }
        return Converted {
            title_from: if title.is_some() { "the # heading" } else { "" },
            title,
            markdown: lines.join("\n").trim().to_string(),
            meta_date: None,
            notes: Vec::new(),
        };
    }
    let paragraphs: Vec<&str> = text
        .lines()
        .map(|l| l.trim_matches(|c: char| c.is_whitespace()))
        .filter(|l| !l.is_empty())
        .collect();
    Converted {
        title: None,
        title_from: "",
        markdown: paragraphs.join("\n\n"),
        meta_date: None,
        notes: Vec::new(),
    }
}

// ---------------------------------------------------------------------------------------------
// Cleaning
// ---------------------------------------------------------------------------------------------

/// Why a line was removed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Removal {
    Chrome,
    Headline,
    Breadcrumb,
    Info,
    Source,
    Editor,
    Share,
    PageControls,
    PrevNext,
    Recommend,
    Copyright,
}

impl Removal {
    pub fn label(self) -> &'static str {
        match self {
            Removal::Chrome => "site name or navigation before the headline",
            Removal::Headline => "headline repeated in the body",
            Removal::Breadcrumb => "breadcrumb (当前位置)",
            Removal::Info => "article info line (作者/发布时间/浏览次数)",
            Removal::Source => "来源 line (kept as [extra] source)",
            Removal::Editor => "责任编辑",
            Removal::Share => "分享到",
            Removal::PageControls => "page controls (打印/关闭/字号)",
            Removal::PrevNext => "上一篇/下一篇",
            Removal::Recommend => "相关推荐 list",
            Removal::Copyright => "copyright notice (版权/转载/ICP备)",
        }
    }
}

/// A line the importer could not repair, kept as is for an editor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flag {
    /// 1-based line in the body, or `None` for the title.
    pub line: Option<usize>,
    pub what: String,
    pub excerpt: String,
}

/// Everything an import did, for the editor.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// Conversions (encoding, HTML → Markdown, where the title and date came from).
    pub converted: Vec<String>,
    /// Removed lines with the reason, in document order.
    pub removed: Vec<(Removal, String)>,
    /// Pinyin annotations removed: count and up to three examples (`當(dāng) → 當`).
    pub pinyin_removed: usize,
    pub pinyin_examples: Vec<String>,
    /// Other things worth knowing that need no action.
    pub notes: Vec<String>,
    /// Problems left for an editor; any flag makes the page a draft.
    pub flags: Vec<Flag>,
}

/// The result of cleaning.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cleaned {
    pub title: Option<String>,
    pub markdown: String,
    pub source: Option<String>,
    pub author: Option<String>,
    /// A date from an article info line (发布时间：…).
    pub info_date: Option<NaiveDate>,
    pub report: Report,
}

fn re(s: &str) -> Regex {
    Regex::new(s).unwrap_or_else(|e| panic!("invalid built-in pattern {s}: {e}"))
}

static PINYIN: LazyLock<Regex> =
    LazyLock::new(|| re(r"(\p{Han})[(（]([A-Za-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ]{1,7})[)）]"));
static SYLLABLE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"^(?:[zcs]h|[bpmfdtnlgkhjqxrzcsyw])?[aeiouüāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ]{1,3}(?:ng|n|r)?$|^(?:ń|ň|ǹ|ḿ)g?$",
    )
});
static DATE_ZH: LazyLock<Regex> =
    LazyLock::new(|| re(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日"));
static DATE_ISO: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?:^|[^\d])(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[^\d]|$)"));
static PREV_NEXT: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"^(?:上一篇|下一篇|上一条|下一条|上一页|下一页|上篇|下篇|前一篇|后一篇)(?:文章)?\s*(?:[:：]|$|\s)",
    )
});
static RECOMMEND: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"^(?:相关推荐|精彩专题|为您推荐|为你推荐|热点排行|相关阅读|相关新闻|相关文章|推荐阅读|猜你喜欢|热门推荐|热门文章|热门排行|热点推荐|热点新闻|点击排行|阅读排行|精彩推荐|更多推荐|专题推荐|热点专题|最新文章|最新推荐|排行榜)\s*(?:[:：]\s*)?",
    )
});
/// Copyright signals that are never part of an article's own sentences.
static COPYRIGHT_STRONG: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)ICP备|ICP证|公网安备|copyright|©|\(c\)\s*\d{4}|all rights reserved|^(?:版权所有|版权声明|本文版权|本网声明|转载请|凡本网注明)",
    )
});
/// Copyright wording an article about copyright law may use too: removed only in short lines or
/// lines that are not sentences.
static COPYRIGHT_WEAK: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"版权所有|转载请注明|转载请联系|禁止转载|不得转载|谢绝转载|未经(?:书面)?(?:授权|许可|同意).{0,12}(?:转载|复制|使用|摘编|镜像)",
    )
});
static EDITOR: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"^(?:责任编辑|责编|值班编辑|编辑|审核|审校|校对|终审|初审|复审|二审|三审|监制|主编|美编)\s*[:：]",
    )
});
static SHARE: LazyLock<Regex> = LazyLock::new(|| re(r"^分享(?:到|至)|^分享\s*[:：]|^一键分享"));
static PAGE_CONTROLS: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"^(?:[【\[(（]?\s*(?:打印本页|打印此页|打印正文|打印|关闭窗口|关闭本页|关闭|返回顶部|回到顶部|返回|收藏本页|收藏|加入收藏|字号\s*[:：]?\s*(?:[大中小]\s*)*|[大中小]|扫一扫在手机(?:上)?(?:打开|查看)当前页(?:面)?)\s*[】\])）]?[\s|｜/·]*)+$",
    )
});
static BREADCRUMB: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"^(?:当前位置|您的位置|您现在的位置|你现在的位置|你的位置|所在位置|位置)\s*[:：]|^首页\s*[>›»/＞]",
    )
});
/// Labels of an article info line; the value runs to the next label.
static INFO_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(本文来源|文章来源|信息来源|稿件来源|新闻来源|内容来源|来源于|来源|作者|发布时间|发布日期|发表时间|发稿时间|更新时间|时间|日期|浏览次数|浏览量|阅读次数|阅读量|阅读|点击数|点击量|点击|访问量|责任编辑|编辑|字号|供稿)\s*[:：]",
    )
});
static MOJIBAKE_RUN: LazyLock<Regex> = LazyLock::new(|| re(r"锟斤拷|烫烫烫|屯屯屯|锘\?"));
static QUESTION_IN_HAN: LazyLock<Regex> = LazyLock::new(|| re(r"(\p{Han})(\?+)\p{Han}"));
/// UTF-8 read as Latin-1/Windows-1252: a lead byte's character followed by continuation bytes'
/// characters (one for Â/Ã, two for the three-byte leads of CJK and punctuation).
static LATIN1: LazyLock<Regex> = LazyLock::new(|| {
    const CONT: &str = "[\\u{80}-\\u{BF}€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ]";
    re(&format!("[ÂÃ]{CONT}|[âäåæçèéï]{CONT}{{2}}"))
});

/// A line's text for matching: Markdown markers, escapes and a wrapping bracket removed.
fn normalize(line: &str) -> String {
    static LIST: LazyLock<Regex> =
        LazyLock::new(|| re(r"^\s*(?:#{1,6}\s+|>\s?|[-*+]\s+|\d{1,3}[.)、]\s*)+"));
    static LINK: LazyLock<Regex> = LazyLock::new(|| re(r"\[([^\]]*)\]\([^)]*\)"));
    let s = LIST.replace(line, "");
    let s = LINK.replace_all(&s, "$1");
    let s: String = s
        .chars()
        .filter(|&c| !matches!(c, '*' | '_' | '\\' | '`'))
        .collect();
    let s = s.trim_matches(|c: char| c.is_whitespace());
    let s = match (s.chars().next(), s.chars().last()) {
        (Some('【'), Some('】'))
        | (Some('['), Some(']'))
        | (Some('('), Some(')'))
        | (Some('（'), Some('）'))
        | (Some('〔'), Some('〕'))
            if s.chars().count() > 2 =>
        {
            let inner: String = s.chars().skip(1).collect();
            let mut inner: Vec<char> = inner.chars().collect();
            inner.pop();
            inner.into_iter().collect::<String>()
        }
        _ => s.to_string(),
    };
    s.trim().to_string()
}

/// Compact form for comparing headlines: no whitespace or Markdown markers.
fn compact(s: &str) -> String {
    normalize(s)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// A date written `2024年5月1日`, `2024-05-01`, `2024/5/1` or `2024.05.01`.
pub fn find_date(s: &str) -> Option<NaiveDate> {
    let zh = DATE_ZH
        .captures(s)
        .map(|c| (c.get(0).map_or(0, |m| m.start()), c));
    let iso = DATE_ISO
        .captures(s)
        .map(|c| (c.get(0).map_or(0, |m| m.start()), c));
    let mut found: Vec<_> = zh.into_iter().chain(iso).collect();
    found.sort_by_key(|(pos, _)| *pos);
    found.into_iter().find_map(|(_, c)| {
        let n = |i: usize| c.get(i)?.as_str().parse::<u32>().ok();
        NaiveDate::from_ymd_opt(i32::try_from(n(1)?).ok()?, n(2)?, n(3)?)
    })
}

/// Parse an article info line (`来源：某某网  作者：王五  发布时间：2024-05-01  浏览次数：12`)
/// into label/value pairs, or `None` when the line is not made only of such pairs.
fn info_pairs(t: &str) -> Option<Vec<(String, String)>> {
    let labels: Vec<_> = INFO_LABEL.captures_iter(t).collect();
    let first = labels.first()?.get(0)?;
    // Anything before the first label must be punctuation or space.
    if t[..first.start()]
        .chars()
        .any(|c| !(c.is_whitespace() || "【[(（|｜".contains(c)))
    {
        return None;
    }
    let mut pairs = Vec::new();
    for (i, c) in labels.iter().enumerate() {
        let whole = c.get(0)?;
        let end = labels
            .get(i + 1)
            .and_then(|n| n.get(0))
            .map_or(t.len(), |m| m.start());
        let value = t[whole.end()..end]
            .trim_matches(|c: char| c.is_whitespace() || "|｜/】]）)".contains(c))
            .to_string();
        pairs.push((c.get(1)?.as_str().to_string(), value));
    }
    Some(pairs)
}

const INFO_STRONG: &[&str] = &[
    "本文来源",
    "文章来源",
    "信息来源",
    "稿件来源",
    "新闻来源",
    "内容来源",
    "来源于",
    "来源",
    "作者",
    "发布时间",
    "发布日期",
    "发表时间",
    "发稿时间",
    "浏览次数",
    "浏览量",
    "阅读次数",
    "阅读量",
    "点击数",
    "点击量",
    "访问量",
    "责任编辑",
];

fn is_copyright(t: &str) -> bool {
    let n = t.chars().count();
    (n <= 150 && COPYRIGHT_STRONG.is_match(t))
        || (COPYRIGHT_WEAK.is_match(t) && (n <= 40 || (n <= 120 && !t.ends_with('。'))))
}

/// Boilerplate of another kind: ends a 相关推荐 list.
fn other_boilerplate(t: &str) -> bool {
    PREV_NEXT.is_match(t)
        || EDITOR.is_match(t)
        || SHARE.is_match(t)
        || PAGE_CONTROLS.is_match(t)
        || is_copyright(t)
        || info_pairs(t).is_some_and(|p| p.iter().any(|(k, _)| INFO_STRONG.contains(&k.as_str())))
}

/// A short line without sentence punctuation: a site name, a menu, a date stamp.
fn is_chrome(line: &str) -> bool {
    let t = normalize(line);
    t.chars().count() <= 30 && !t.ends_with(['。', '！', '？', '；', '：', '，', '…'])
}

/// True when a short line without sentence punctuation could be an item of a link list.
fn list_like(line: &str) -> bool {
    let t = line.trim();
    if t.is_empty() {
        return true;
    }
    if t.starts_with("- ")
        || t.starts_with("* ")
        || t.starts_with("+ ")
        || t.split_once(". ")
            .is_some_and(|(n, _)| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
    {
        return true;
    }
    let n = normalize(t);
    n.chars().count() <= 40 && !n.ends_with(['。', '！', '；', '：', ':'])
}

fn excerpt(line: &str, at: usize) -> String {
    let chars: Vec<char> = line.chars().collect();
    let pos = line[..at.min(line.len())].chars().count();
    let start = pos.saturating_sub(10);
    let end = (pos + 12).min(chars.len());
    let mut s: String = chars[start..end].iter().collect();
    if start > 0 {
        s.insert(0, '…');
    }
    if end < chars.len() {
        s.push('…');
    }
    s
}

/// Mojibake signals in one line: what, and where (byte offset) for the excerpt.
fn mojibake(line: &str) -> Vec<(String, usize)> {
    let mut out = Vec::new();
    if let Some(i) = line.find('\u{fffd}') {
        out.push((
            "replacement character U+FFFD (bytes lost in a conversion)".into(),
            i,
        ));
    }
    if let Some((i, c)) = line
        .char_indices()
        .find(|&(_, c)| ('\u{e000}'..='\u{f8ff}').contains(&c))
    {
        out.push((
            format!(
                "private-use character U+{:04X} (a font-specific or lost character)",
                c as u32
            ),
            i,
        ));
    }
    if let Some(m) = MOJIBAKE_RUN.find(line) {
        out.push((
            format!("“{}” (text decoded with the wrong encoding)", m.as_str()),
            m.start(),
        ));
    }
    for c in QUESTION_IN_HAN.captures_iter(line) {
        let (Some(before), Some(q)) = (c.get(1), c.get(2)) else {
            continue;
        };
        // `吗?我` is a half-width question mark used as punctuation, not a lost character.
        let particle = "吗呢么吧啊嘛呀".contains(before.as_str());
        if !(particle && q.as_str().len() == 1) {
            out.push((
                "'?' between Han characters (characters lost in a conversion)".into(),
                q.start(),
            ));
            break;
        }
    }
    if let Some(m) = LATIN1.find(line) {
        out.push((
            format!(
                "“{}”: UTF-8 read as Latin-1/Windows-1252",
                &line[m.start()..m.end()]
            ),
            m.start(),
        ));
    }
    out
}

fn remove_pinyin(text: &str, examples: &mut Vec<String>) -> (String, usize) {
    let mut count = 0;
    let out = PINYIN.replace_all(text, |c: &regex::Captures| {
        let whole = c.get(0).map_or("", |m| m.as_str());
        let han = c.get(1).map_or("", |m| m.as_str());
        if is_annotation(c.get(2).map_or("", |m| m.as_str())) {
            count += 1;
            if examples.len() < 3 {
                examples.push(format!("{whole} → {han}"));
            }
            han.to_string()
        } else {
            whole.to_string()
        }
    });
    (out.into_owned(), count)
}

/// One pinyin syllable with exactly one tone mark (`dāng`, `Zhōng`).
fn is_annotation(s: &str) -> bool {
    let marked = s
        .chars()
        .filter(|c| "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ".contains(*c))
        .count();
    let mut chars = s.chars();
    let lower: String = match chars.next() {
        Some(f) => f.to_lowercase().chain(chars).collect(),
        None => return false,
    };
    marked == 1 && lower.chars().skip(1).all(|c| !c.is_uppercase()) && SYLLABLE.is_match(&lower)
}

fn count_pinyin(text: &str) -> usize {
    PINYIN
        .captures_iter(text)
        .filter(|c| is_annotation(c.get(2).map_or("", |m| m.as_str())))
        .count()
}

/// Clean converted Markdown. `title` is the title found by the converter, if any; without one,
/// the first remaining short line becomes the title. Returns the cleaned Markdown and a report
/// of every removal, and flags for what could not be repaired.
pub fn clean(title: Option<&str>, markdown: &str) -> Cleaned {
    let mut report = Report::default();
    let mut title = title.map(str::to_string);
    let mut text = markdown.to_string();

    // 1. Pinyin annotations, only in a file that has several (a text teaching pronunciation once
    //    is left alone).
    let found = count_pinyin(&text) + title.as_deref().map_or(0, count_pinyin);
    if found >= 3 {
        let mut examples = Vec::new();
        let (t, n) = remove_pinyin(&text, &mut examples);
        text = t;
        let mut removed = n;
        if let Some(tt) = &title {
            let (t, n) = remove_pinyin(tt, &mut examples);
            title = Some(t);
            removed += n;
        }
        report.pinyin_removed = removed;
        report.pinyin_examples = examples;
    } else if found > 0 {
        report.notes.push(format!(
            "kept {found} parenthesised pinyin (fewer than 3: likely teaching pronunciation)"
        ));
    }

    // 2. Boilerplate lines.
    let lines: Vec<&str> = text.lines().collect();
    let mut keep = vec![true; lines.len()];
    let mut source = None;
    let mut author = None;
    let mut info_date = None;
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        let t = normalize(line);
        let n = t.chars().count();
        let mut removal = None;
        if t.is_empty() {
            i += 1;
            continue;
        }
        if n <= 120 && PREV_NEXT.is_match(&t) {
            removal = Some(Removal::PrevNext);
        } else if n <= 60 && BREADCRUMB.is_match(&t) {
            removal = Some(Removal::Breadcrumb);
        } else if n <= 60 && SHARE.is_match(&t) {
            removal = Some(Removal::Share);
        } else if n <= 60 && PAGE_CONTROLS.is_match(&t) {
            removal = Some(Removal::PageControls);
        } else if let Some(m) = RECOMMEND.find(&t).filter(|_| n <= 60) {
            keep[i] = false;
            report.removed.push((Removal::Recommend, line.to_string()));
            // The heading alone: remove the list after it (blank lines, list items, short
            // link-like lines), up to the first real paragraph.
            if t[m.end()..].trim().is_empty() {
                let mut j = i + 1;
                while j < lines.len() && list_like(lines[j]) {
                    // A section heading or other boilerplate ends the list.
                    if lines[j].trim_start().starts_with("## ")
                        || other_boilerplate(&normalize(lines[j]))
                    {
                        break;
                    }
                    if !lines[j].trim().is_empty() {
                        report
                            .removed
                            .push((Removal::Recommend, lines[j].to_string()));
                    }
                    keep[j] = false;
                    j += 1;
                }
                i = j;
                continue;
            }
        } else if n <= 150
            && let Some(pairs) = info_pairs(&t)
            && pairs.iter().any(|(k, _)| INFO_STRONG.contains(&k.as_str()))
            && pairs.iter().all(|(_, v)| v.chars().count() <= 40)
        {
            let mut kind = Removal::Info;
            for (k, v) in &pairs {
                if k.contains("来源") && !v.is_empty() {
                    source.get_or_insert_with(|| v.clone());
                    if pairs.len() == 1 {
                        kind = Removal::Source;
                    }
                } else if k == "作者" && !v.is_empty() {
                    author.get_or_insert_with(|| v.clone());
                } else if k.contains("时间") || k.contains("日期") {
                    info_date = info_date.or_else(|| find_date(v));
                } else if pairs.len() == 1 && (k.contains("编辑")) {
                    kind = Removal::Editor;
                }
            }
            removal = Some(kind);
        } else if n <= 60 && EDITOR.is_match(&t) {
            removal = Some(Removal::Editor);
        } else if is_copyright(&t) {
            removal = Some(Removal::Copyright);
        }
        if let Some(r) = removal {
            keep[i] = false;
            report.removed.push((r, line.to_string()));
        }
        i += 1;
    }
    let mut body: Vec<&str> = lines
        .iter()
        .zip(&keep)
        .filter(|(_, k)| **k)
        .map(|(l, _)| *l)
        .collect();

    // 3. Without a title, the first short line is the headline.
    let first = |body: &[&str]| body.iter().position(|l| !l.trim().is_empty());
    if title.is_none()
        && let Some(i) = first(&body)
    {
        let t = normalize(body[i]);
        if (1..=60).contains(&t.chars().count()) && !t.ends_with(['。', '；', '，', '、', '：'])
        {
            report.converted.push("title from the first line".into());
            title = Some(t);
            body.remove(i);
        }
    }

    // 4. The headline repeated near the start of the body (the <h1>, an image caption, …):
    //    copies among the first lines are removed. Short lines before the first copy are the
    //    site's name or navigation left in the page.
    if let Some(t) = &title {
        let want = compact(t);
        let (mut i, mut other, mut found) = (0, 0, false);
        while i < body.len() && other < 6 && !want.is_empty() {
            if body[i].trim().is_empty() {
                i += 1;
            } else if compact(body[i]) == want {
                if !found {
                    found = true;
                    let before: Vec<usize> =
                        (0..i).filter(|&j| !body[j].trim().is_empty()).collect();
                    if before.iter().all(|&j| is_chrome(body[j])) {
                        for &j in &before {
                            report.removed.push((Removal::Chrome, body[j].to_string()));
                        }
                        for &j in before.iter().rev() {
                            body.remove(j);
                            i -= 1;
                        }
                    }
                }
                report
                    .removed
                    .push((Removal::Headline, body[i].to_string()));
                body.remove(i);
            } else {
                other += 1;
                i += 1;
            }
        }
    }

    // 5. Tidy: no runs of blank lines, no blank lines at either end.
    let mut out = String::new();
    let mut blank = 0;
    for l in body {
        if l.trim().is_empty() {
            blank += 1;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank > 0 { "\n\n" } else { "\n" });
        }
        blank = 0;
        out.push_str(l.trim_end());
    }

    // 6. Mojibake: flagged, never repaired.
    if let Some(t) = &title {
        for (what, at) in mojibake(t) {
            report.flags.push(Flag {
                line: None,
                what,
                excerpt: excerpt(t, at),
            });
        }
    }
    for (n, line) in out.lines().enumerate() {
        for (what, at) in mojibake(line) {
            report.flags.push(Flag {
                line: Some(n + 1),
                what,
                excerpt: excerpt(line, at),
            });
        }
    }

    Cleaned {
        title,
        markdown: out,
        source,
        author,
        info_date,
        report,
    }
}

// ---------------------------------------------------------------------------------------------
// The whole import
// ---------------------------------------------------------------------------------------------

/// An imported article, ready to be written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Imported {
    pub title: String,
    pub date: NaiveDate,
    pub source: Option<String>,
    pub author: Option<String>,
    /// The Markdown body.
    pub body: String,
    pub report: Report,
}

impl Imported {
    /// An editor must look before the page is published.
    pub fn draft(&self) -> bool {
        !self.report.flags.is_empty()
    }
}

/// Import one file: decode, convert, clean, find the title and date. `today` is the date used
/// when the text names none. Errors (the file is refused) say why.
pub fn import(file_name: &str, bytes: &[u8], today: NaiveDate) -> Result<Imported, String> {
    let decoded = decode(bytes)?;
    let mut converted_notes = Vec::new();
    if let Some(enc) = decoded.converted_from {
        converted_notes.push(format!("{enc} → UTF-8"));
    }
    let html = looks_like_html(file_name, &decoded.text);
    let conv = if html {
        html_to_markdown(&decoded.text)
    } else {
        text_to_markdown(file_name, &decoded.text)
    };
    let cleaned = clean(conv.title.as_deref(), &conv.markdown);
    let mut report = cleaned.report;
    let mut notes = converted_notes;
    notes.extend(conv.notes);
    if conv.title.is_some() && !conv.title_from.is_empty() {
        notes.push(format!("title from {}", conv.title_from));
    }
    notes.append(&mut report.converted);
    report.converted = notes;

    let title = match cleaned.title {
        Some(t) if !t.trim().is_empty() => t,
        _ => {
            let stem = std::path::Path::new(file_name)
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            report.flags.push(Flag {
                line: None,
                what: "no title found in the text: the file name was used".into(),
                excerpt: stem.clone(),
            });
            if stem.trim().is_empty() {
                "未命名文章".into()
            } else {
                stem
            }
        }
    };

    // The date: a <meta> date, an info line (发布时间), else the first date near the top.
    let top: String = conv
        .markdown
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(10)
        .collect::<Vec<_>>()
        .join("\n");
    let candidates = [
        (conv.meta_date, "<meta>"),
        (cleaned.info_date, "the article info line"),
        (find_date(&top), "the text"),
    ];
    let found = candidates
        .into_iter()
        .find_map(|(d, from)| d.filter(|d| *d <= today).map(|d| (d, from)));
    let date = match found {
        Some((d, from)) => {
            report.converted.push(format!("date {d} from {from}"));
            d
        }
        None => {
            report
                .notes
                .push(format!("no date found near the top: used today ({today})"));
            today
        }
    };
    Ok(Imported {
        title,
        date,
        source: cleaned.source,
        author: cleaned.author,
        body: cleaned.markdown,
        report,
    })
}

fn toml_str(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// The page file for an imported article, and the number of lines before the body (so that body
/// line N is line `offset + N` of the file).
/// `declare_kind` adds `kind = "article"` for a folder whose section declares no kind.
pub fn page(imp: &Imported, from: &str, declare_kind: bool) -> (String, usize) {
    let mut s = String::from("+++\n");
    let _ = writeln!(s, "title = {}", toml_str(&imp.title));
    if declare_kind {
        s.push_str("kind = \"article\"\n");
    }
    let _ = writeln!(s, "date = {}", imp.date.format("%Y-%m-%d"));
    if imp.draft() {
        s.push_str(
            "# pufa import flagged lines an editor must check; delete this line to publish\n",
        );
        s.push_str("draft = true\n");
    }
    s.push_str("# 主题，如 \"邻里关系\"、\"婚姻家庭\"、\"劳动权益\"、\"反诈\"\ntopic = \"\"\n");
    s.push_str("# 读者，如 \"老年人\"、\"青少年\"、\"新市民\"、\"全体居民\"\naudience = \"\"\n");
    let _ = writeln!(
        s,
        "# imported by pufa import from {}",
        from.replace('\n', " ")
    );
    if imp.source.is_some() || imp.author.is_some() {
        s.push_str("\n[extra]\n");
        if let Some(src) = &imp.source {
            let _ = writeln!(s, "source = {}", toml_str(src));
        }
        if let Some(a) = &imp.author {
            let _ = writeln!(s, "author = {}", toml_str(a));
        }
    }
    s.push_str("+++\n\n");
    let offset = s.lines().count();
    s.push_str(&imp.body);
    s.push('\n');
    (s, offset)
}

/// The report for one file: `input → output`, then what was converted, removed and flagged.
/// Flags name `output:line` (or the title line) so the editor can open the line.
pub fn format_report(input: &str, output: &str, imp: &Imported, offset: usize) -> String {
    let r = &imp.report;
    let mut s = format!("{input} → {output}\n");
    if !r.converted.is_empty() {
        let _ = writeln!(s, "  converted: {}", r.converted.join("; "));
    }
    if !r.removed.is_empty() {
        let mut kinds: Vec<Removal> = r.removed.iter().map(|(k, _)| *k).collect();
        kinds.sort();
        kinds.dedup();
        let _ = writeln!(
            s,
            "  removed {} boilerplate line{}: {}",
            r.removed.len(),
            if r.removed.len() == 1 { "" } else { "s" },
            kinds
                .iter()
                .map(|k| k.label())
                .collect::<Vec<_>>()
                .join(", ")
        );
        for (k, line) in &r.removed {
            let shown: String = line.trim().chars().take(60).collect();
            let more = if line.trim().chars().count() > 60 {
                "…"
            } else {
                ""
            };
            let _ = writeln!(s, "    - [{}] {shown}{more}", k.label());
        }
    }
    if let Some(src) = &imp.source {
        let _ = writeln!(s, "  source: {src} → [extra] source");
    }
    if let Some(a) = &imp.author {
        let _ = writeln!(s, "  author: {a} → [extra] author");
    }
    if r.pinyin_removed > 0 {
        let _ = writeln!(
            s,
            "  removed {} pinyin annotation{} after characters: {}",
            r.pinyin_removed,
            if r.pinyin_removed == 1 { "" } else { "s" },
            r.pinyin_examples.join(", ")
        );
    }
    for n in &r.notes {
        let _ = writeln!(s, "  note: {n}");
    }
    for f in &r.flags {
        let line = f.line.map_or(2, |l| l + offset);
        let _ = writeln!(s, "  flagged {output}:{line}: {}: {}", f.what, f.excerpt);
    }
    if imp.draft() {
        let _ = writeln!(
            s,
            "  draft = true: check the flagged lines (the text is kept as it was), then delete `draft = true`"
        );
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 1, 15).unwrap()
    }

    #[test]
    fn decodes_utf8_bom_and_gbk() {
        let d = decode("\u{feff}调解\r\n".as_bytes()).unwrap();
        assert_eq!(d.text, "调解\n");
        assert_eq!(d.converted_from, None);
        let (gbk, _, _) = encoding_rs::GBK.encode("人民调解委员会");
        let d = decode(&gbk).unwrap();
        assert_eq!(d.text, "人民调解委员会");
        assert_eq!(d.converted_from, Some("GB18030"));
        // 0xFF is invalid in both UTF-8 and GB18030.
        let e = decode(b"abc\n\xff\xff").unwrap_err();
        assert!(
            e.contains("neither UTF-8 nor GBK") && e.contains("line 2"),
            "{e}"
        );
        assert!(decode(b"a\0b\xff").unwrap_err().contains("binary"));
    }

    #[test]
    fn entities() {
        assert_eq!(
            decode_entities("a&nbsp;b&amp;&#20154;&#x6C11;&copy;&bogus;&"),
            "a\u{a0}b&人民©&bogus;&"
        );
    }

    #[test]
    fn html_blocks_inline_and_dropped_parts() {
        let html = r#"<!DOCTYPE html><html><head><title>邻里纠纷怎么办_普法园地_某某网</title>
<meta name="PubDate" content="2024-05-01 09:00"><style>p{color:red}</style></head>
<body><header><h1>某某网</h1></header><nav><a href="/">首页</a></nav>
<div class="content"><h1>邻里纠纷怎么办</h1>
<p>　　第一段，<strong>重点</strong>在这里。<br>第二行
另起</p>
<p>见<a href="https://flk.npc.gov.cn/x">国家法律法规数据库</a>和<a href="/local">本站</a>。
<h2>法律依据</h2>
<ul><li>民法典<li>人民调解法<ul><li>第十七条</li></ul></ul>
<ol><li>一</li><li>二</li></ol>
<blockquote><p>引文</p></blockquote>
<table><tr><th>项目</th><th>金额</th></tr><tr><td>维修</td><td>1200 | 元</td></tr></table>
<script>alert(1)</script><img src="a.jpg"></div>
<footer>版权所有</footer></body></html>"#;
        let c = html_to_markdown(html);
        assert_eq!(c.title.as_deref(), Some("邻里纠纷怎么办"));
        assert_eq!(c.title_from, "<h1>");
        assert_eq!(c.meta_date, NaiveDate::from_ymd_opt(2024, 5, 1));
        let md = &c.markdown;
        assert!(!md.contains("某某网") && !md.contains("首页") && !md.contains("alert"));
        assert!(!md.contains("版权所有") && !md.contains("color"), "{md}");
        assert!(
            md.contains("## 邻里纠纷怎么办\n\n第一段，**重点**在这里。\n\n第二行另起"),
            "{md}"
        );
        assert!(
            md.contains("[国家法律法规数据库](https://flk.npc.gov.cn/x)和本站。"),
            "{md}"
        );
        assert!(
            md.contains("## 法律依据\n\n- 民法典\n- 人民调解法\n  - 第十七条\n\n1. 一\n2. 二"),
            "{md}"
        );
        assert!(md.contains("> 引文"), "{md}");
        assert!(
            md.contains("| 项目 | 金额 |\n| --- | --- |\n| 维修 | 1200 \\| 元 |"),
            "{md}"
        );
        assert!(
            c.notes
                .iter()
                .any(|n| n.contains("<script>") && n.contains("<nav>"))
        );
        assert!(c.notes.iter().any(|n| n.contains("1 image")));
    }

    #[test]
    fn layout_tables_and_font_wrappers_are_blocks() {
        let html = "<table><tr><td><font size=3><p>甲段</p><p>乙段</p></font></td></tr></table>";
        assert_eq!(html_to_markdown(html).markdown, "甲段\n\n乙段");
    }

    #[test]
    fn text_is_escaped_and_whitespace_collapsed() {
        let c = html_to_markdown("<p>a  *b*   &lt;script&gt; c\n d</p>");
        assert_eq!(c.markdown, "a \\*b\\* \\<script> c d");
        assert_eq!(html_to_markdown("<p>中文\n换行</p>").markdown, "中文换行");
    }

    #[test]
    fn old_site_page_with_a_page_form_layout_tables_and_no_head_end() {
        let long =
            "近年来，土地承包、宅基地等纠纷时有发生，村民可以先找村人民调解委员会调解。".repeat(6);
        let html = format!(
            "<html><head><title>村民如何依法维权--某县司法局</title><body><form id=f>\
             <table><tr><td>某县司法局</td></tr></table>\
             <table><tr><td><b>村民如何依法维权</b></td></tr>\
             <tr><td>&nbsp;&nbsp;{long}<br><br>&nbsp;&nbsp;第二段。</td></tr></table>\
             <input name=q></form></body></html>"
        );
        let imp = import("a.htm", html.as_bytes(), today()).unwrap();
        assert_eq!(imp.title, "村民如何依法维权");
        assert_eq!(imp.body, format!("{long}\n\n第二段。"));
        let kinds: Vec<Removal> = imp.report.removed.iter().map(|(k, _)| *k).collect();
        assert_eq!(kinds, vec![Removal::Chrome, Removal::Headline]);
    }

    proptest::proptest! {
        #[test]
        fn never_panics_on_markup_soup(s in "[<>&;#/!=\"' a-z0-9\n\\-]{0,60}|(<(p|br|li|ul|td|tr|table|h1|title|script|b|a href=x|!--|/p|/li|/ul|/table|/td)>|[甲乙當(（)）dāng?。：来源上一篇相关推荐\n ])*") {
            let _ = import("x.html", s.as_bytes(), today());
            let _ = import("x.txt", s.as_bytes(), today());
        }

        #[test]
        fn never_panics_on_bytes(b in proptest::collection::vec(proptest::num::u8::ANY, 0..200)) {
            let _ = import("x.htm", &b, today());
        }
    }

    #[test]
    fn ruby_becomes_parenthesised_pinyin() {
        let c = html_to_markdown("<p><ruby>當<rp>(</rp><rt>dāng</rt><rp>)</rp></ruby>前</p>");
        assert_eq!(c.markdown, "當(dāng)前");
    }

    #[test]
    fn title_falls_back_to_title_tag_head() {
        let c = html_to_markdown("<title>遗嘱怎么立 - 某某普法网</title><p>正文。</p>");
        assert_eq!(c.title.as_deref(), Some("遗嘱怎么立"));
        assert_eq!(c.title_from, "<title>");
    }

    #[test]
    fn boilerplate_is_removed_and_reported() {
        let md = "## 遗嘱怎么立\n\n遗嘱怎么立\n\n来源：某某区司法局\n\n作者：王五　发布时间：2024-05-01　浏览次数：123\n\n正文第一段。\n\n版权所有 © 2024 某某网 京ICP备12345678号\n\n上一篇：物业费\n\n下一篇：彩礼\n\n## 相关推荐\n\n- [第一篇](https://x.cn/1)\n- [第二篇](https://x.cn/2)\n\n责任编辑：李四\n\n分享到：微信 微博\n\n【打印本页】【关闭窗口】";
        let c = clean(Some("遗嘱怎么立"), md);
        assert_eq!(c.markdown, "正文第一段。");
        assert_eq!(c.source.as_deref(), Some("某某区司法局"));
        assert_eq!(c.author.as_deref(), Some("王五"));
        assert_eq!(c.info_date, NaiveDate::from_ymd_opt(2024, 5, 1));
        let kinds: Vec<Removal> = c.report.removed.iter().map(|(k, _)| *k).collect();
        assert_eq!(
            kinds,
            vec![
                Removal::Source,
                Removal::Info,
                Removal::Copyright,
                Removal::PrevNext,
                Removal::PrevNext,
                Removal::Recommend,
                Removal::Recommend,
                Removal::Recommend,
                Removal::Editor,
                Removal::Share,
                Removal::PageControls,
                Removal::Headline,
                Removal::Headline,
            ]
        );
        assert!(c.report.flags.is_empty());
    }

    #[test]
    fn legitimate_lines_stay() {
        let md = "著作权法规定，作品上是否标注“版权所有”并不影响作者依法享有的著作权，任何人未经许可不得擅自复制、发行他人作品，否则应当承担相应的民事责任。\n\n时间：2024年5月1日上午九时\n\n地点：社区活动室\n\n上一篇文章里我们讲了彩礼，这一篇讲嫁妆。编辑部收到很多来信。";
        let c = clean(Some("标题"), md);
        assert_eq!(c.markdown, md, "{:?}", c.report.removed);
    }

    #[test]
    fn recommend_list_stops_at_a_paragraph() {
        let md = "正文。\n\n相关推荐：\n\n[甲](https://a)\n\n[乙](https://b)\n\n这是另一段很长的正文内容，讲的是邻里之间应当互相体谅，遇到纠纷可以申请人民调解。";
        let c = clean(Some("标题"), md);
        assert_eq!(
            c.markdown,
            "正文。\n\n这是另一段很长的正文内容，讲的是邻里之间应当互相体谅，遇到纠纷可以申请人民调解。"
        );
        assert_eq!(c.report.removed.len(), 3);
    }

    #[test]
    fn pinyin_annotations_need_three() {
        let md = "當(dāng)前社區(qū)調(tiáo)解工作。";
        let c = clean(Some("標題"), md);
        assert_eq!(c.markdown, "當前社區調解工作。");
        assert_eq!(c.report.pinyin_removed, 3);
        assert_eq!(c.report.pinyin_examples[0], "當(dāng) → 當");

        let once = "“调解”的“调”读作调(tiáo)，不读diào。";
        let c = clean(Some("标题"), once);
        assert_eq!(c.markdown, once);
        assert_eq!(c.report.pinyin_removed, 0);
        assert!(c.report.notes[0].contains("kept 1"));

        // Not a syllable, no tone mark, not after a Han character, or with a space: untouched.
        let other = "當（dang）當(abc)當(ābā) x(dāng) 當 (dāng) 當(dāng)當(dāng)";
        assert_eq!(count_pinyin(other), 2);
    }

    #[test]
    fn full_width_parentheses_and_capitals() {
        let c = clean(None, "中（Zhōng）華（huá）國（guó）\n\n正文。");
        assert_eq!(c.title.as_deref(), Some("中華國"));
        assert_eq!(c.report.pinyin_removed, 3);
    }

    #[test]
    fn mojibake_is_flagged_not_repaired() {
        let md = "第一段正常。\n\n这里有锟斤拷乱码。\n\n调解?委员会\n\n你去吗?我去。\n\nå…¬å¸ and \u{e0ed}字 and \u{fffd}";
        let c = clean(Some("标题"), md);
        assert_eq!(c.markdown, md);
        let lines: Vec<Option<usize>> = c.report.flags.iter().map(|f| f.line).collect();
        assert_eq!(lines, vec![Some(3), Some(5), Some(9), Some(9), Some(9)]);
        assert!(c.report.flags[0].what.contains("锟斤拷"));
        assert!(c.report.flags[1].what.contains("'?'"));
    }

    #[test]
    fn dates() {
        assert_eq!(
            find_date("发布于2024年5月1日"),
            NaiveDate::from_ymd_opt(2024, 5, 1)
        );
        assert_eq!(
            find_date("2023-12-31 10:00"),
            NaiveDate::from_ymd_opt(2023, 12, 31)
        );
        assert_eq!(find_date("2023/2/30"), None);
        assert_eq!(find_date("电话 12345-678"), None);
    }

    #[test]
    fn plain_text_import() {
        let text = "当前位置：首页 > 普法\n　　遗嘱怎么立\n　　遗嘱怎么立\n2024年5月1日\n　　第一段。\n第二段。\n";
        let imp = import("a.txt", text.as_bytes(), today()).unwrap();
        assert_eq!(imp.title, "遗嘱怎么立");
        assert_eq!(imp.date, NaiveDate::from_ymd_opt(2024, 5, 1).unwrap());
        assert_eq!(imp.body, "2024年5月1日\n\n第一段。\n\n第二段。");
        assert!(!imp.draft());
        let (page, offset) = page(&imp, "a.txt", false);
        assert!(page.starts_with("+++\ntitle = \"遗嘱怎么立\"\ndate = 2024-05-01\n"));
        assert_eq!(page.lines().nth(offset), Some("2024年5月1日"));
    }

    #[test]
    fn future_dates_are_not_publication_dates() {
        let imp = import(
            "a.txt",
            "标题\n\n截止日期2099年1月1日。".as_bytes(),
            today(),
        )
        .unwrap();
        assert_eq!(imp.date, today());
        assert!(imp.report.notes.iter().any(|n| n.contains("no date")));
    }

    #[test]
    fn flagged_import_is_a_draft_with_lines() {
        let imp = import("x.txt", "标题\n\n正文\u{fffd}坏了。".as_bytes(), today()).unwrap();
        assert!(imp.draft());
        let (page, offset) = page(&imp, "x.txt", false);
        assert!(page.contains("\ndraft = true\n"));
        let rep = format_report("x.txt", "content/articles/x.md", &imp, offset);
        let line = offset + 1;
        assert!(
            rep.contains(&format!(
                "flagged content/articles/x.md:{line}: replacement character"
            )),
            "{rep}"
        );
        assert_eq!(page.lines().nth(line - 1), Some("正文\u{fffd}坏了。"));
    }

    #[test]
    fn toml_strings_are_escaped() {
        let imp = Imported {
            title: "他说\"好\"\\".into(),
            date: today(),
            source: Some("某\"网".into()),
            author: None,
            body: String::new(),
            report: Report::default(),
        };
        let (page, _) = page(&imp, "a", true);
        let fm = page.split("+++").nth(1).unwrap();
        let t: toml::Table = toml::from_str(fm).unwrap();
        assert_eq!(t["title"].as_str(), Some("他说\"好\"\\"));
        assert_eq!(t["extra"]["source"].as_str(), Some("某\"网"));
    }
}
