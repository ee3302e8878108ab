//! Markdown → HTML for one page: one place choosing pulldown-cmark options, stable heading ids for
//! Chinese headings, a table of contents, the summary (`<!-- more -->` or the first paragraph), a
//! plain-text excerpt, Chinese character counts, and highlighted code blocks. Pure: text in,
//! `Rendered` out; it is given already-anonymized text.

use std::collections::HashMap;

use pulldown_cmark::{
    CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd, html,
};
use serde::Serialize;

use crate::highlight;

/// Markdown switches (from config `[markdown]`).
#[derive(Debug, Clone, Copy, Default)]
pub struct MarkdownOptions {
    pub highlight_code: bool,
    pub smart_punctuation: bool,
    pub external_links_target_blank: bool,
    pub external_links_no_follow: bool,
    pub external_links_no_referrer: bool,
}

/// One heading of the table of contents.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Heading {
    pub level: u32,
    pub id: String,
    pub title: String,
    pub children: Vec<Heading>,
}

/// A rendered page body.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    pub html: String,
    pub summary: String,
    pub excerpt: String,
    pub toc: Vec<Heading>,
    pub char_count: usize,
    pub latin_words: usize,
    /// Plain text of the body, for search and the anonymization audit of derived text.
    pub text: String,
    /// Link targets found in the body (for the link checker).
    pub links: Vec<String>,
}

fn options(o: &MarkdownOptions) -> Options {
    let mut opts = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES;
    if o.smart_punctuation {
        opts |= Options::ENABLE_SMART_PUNCTUATION;
    }
    opts
}

/// An id for a heading: its text with spaces as `-` and punctuation removed, Han characters kept
/// (stable and readable for Chinese headings); `h-N` when nothing is left.
pub fn heading_id(text: &str, n: usize) -> String {
    let mut id = String::new();
    for c in text.trim().chars() {
        if c.is_alphanumeric() {
            id.extend(c.to_lowercase());
        } else if (c.is_whitespace() || c == '-' || c == '_')
            && !id.ends_with('-')
            && !id.is_empty()
        {
            id.push('-');
        }
    }
    let id = id.trim_end_matches('-').to_string();
    if id.is_empty() { format!("h-{n}") } else { id }
}

fn level_num(l: HeadingLevel) -> u32 {
    l as u32
}

fn is_cjk_punct(c: char) -> bool {
    matches!(c as u32, 0x3000..=0x303F | 0xFF00..=0xFF0F | 0xFF1A..=0xFF20 | 0xFF3B..=0xFF40 | 0xFF5B..=0xFF65 | 0x2018..=0x201F | 0x2026 | 0x2014)
}

/// CommonMark's flanking rules leave `**问：**答` and `说**“好”**。` unbolded because a CJK
/// punctuation mark sits between the delimiter and a Han character (no spaces in Chinese). Such
/// pairs on one line, outside code, become `<strong>` before parsing.
pub fn cjk_strong(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains("**") {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 64);
    let mut fence: Option<&str> = None;
    for line in text.split_inclusive('\n') {
        let t = line.trim_start();
        if let Some(f) = fence {
            if t.starts_with(f) {
                fence = None;
            }
            out.push_str(line);
            continue;
        }
        if t.starts_with("```") || t.starts_with("~~~") {
            fence = Some(&t[..3]);
            out.push_str(line);
            continue;
        }
        if !line.contains("**") || line.contains('`') || line.starts_with("    ") {
            out.push_str(line);
            continue;
        }
        out.push_str(&fix_line(line));
    }
    std::borrow::Cow::Owned(out)
}

fn fix_line(line: &str) -> String {
    let parts: Vec<&str> = line.split("**").collect();
    if parts.len() < 3 {
        return line.to_string();
    }
    let mut out = String::from(parts[0]);
    let mut i = 1;
    while i < parts.len() {
        if i + 1 < parts.len() {
            let inner = parts[i];
            let first = inner.chars().next();
            let last = inner.chars().last();
            let needs = !inner.is_empty()
                && !inner.starts_with(char::is_whitespace)
                && !inner.ends_with(char::is_whitespace)
                && (first.is_some_and(is_cjk_punct) || last.is_some_and(is_cjk_punct));
            if needs {
                out.push_str("<strong>");
                out.push_str(inner);
                out.push_str("</strong>");
            } else {
                out.push_str("**");
                out.push_str(inner);
                out.push_str("**");
            }
            out.push_str(parts[i + 1]);
            i += 2;
        } else {
            out.push_str("**");
            out.push_str(parts[i]);
            i += 1;
        }
    }
    out
}

/// Render `text` (Markdown, already anonymized where required).
pub fn render(text: &str, o: &MarkdownOptions) -> Rendered {
    let text = cjk_strong(text);
    let text = text.as_ref();
    let parser = Parser::new_ext(text, options(o));
    let mut events: Vec<Event> = Vec::new();
    let mut flat_headings: Vec<(u32, String, String)> = Vec::new();
    let mut used_ids: HashMap<String, usize> = HashMap::new();
    let mut plain = String::new();
    let mut links = Vec::new();
    let mut more_at: Option<usize> = None;
    let mut first_para: Option<(usize, usize)> = None;
    let mut para_start = None;
    let mut depth = 0usize;
    // Byte ranges of `plain` that are heading text, left out of the excerpt.
    let mut prose_mark: Vec<(usize, usize)> = Vec::new();

    let mut iter = parser.into_iter();
    while let Some(ev) = iter.next() {
        match ev {
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => {
                // Collect the heading's inner events to know its text before emitting the id.
                let mut inner = Vec::new();
                let mut title = String::new();
                for e in iter.by_ref() {
                    match &e {
                        Event::End(TagEnd::Heading(_)) => break,
                        Event::Text(t) | Event::Code(t) => title.push_str(t),
                        _ => {}
                    }
                    inner.push(e);
                }
                let n = flat_headings.len() + 1;
                let base = id
                    .map(|s| s.to_string())
                    .unwrap_or_else(|| heading_id(&title, n));
                let count = used_ids.entry(base.clone()).or_insert(0);
                let final_id = if *count == 0 {
                    base.clone()
                } else {
                    format!("{base}-{count}")
                };
                *count += 1;
                flat_headings.push((level_num(level), final_id.clone(), title.trim().to_string()));
                plain.push_str(title.trim());
                plain.push('\n');
                prose_mark.push((plain.len() - title.trim().len() - 1, plain.len()));
                events.push(Event::Start(Tag::Heading {
                    level,
                    id: Some(CowStr::from(final_id)),
                    classes,
                    attrs,
                }));
                events.extend(inner);
                events.push(Event::End(TagEnd::Heading(level)));
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match &kind {
                    CodeBlockKind::Fenced(l) => {
                        l.split([',', ' ']).next().unwrap_or("").to_string()
                    }
                    CodeBlockKind::Indented => String::new(),
                };
                let mut code = String::new();
                for e in iter.by_ref() {
                    match e {
                        Event::End(TagEnd::CodeBlock) => break,
                        Event::Text(t) => code.push_str(&t),
                        _ => {}
                    }
                }
                let html = highlight::code_block(&code, &lang, o.highlight_code);
                events.push(Event::Html(CowStr::from(html)));
            }
            Event::Start(Tag::Paragraph) => {
                if depth == 0 && para_start.is_none() && first_para.is_none() {
                    para_start = Some(events.len());
                }
                depth += 1;
                events.push(Event::Start(Tag::Paragraph));
            }
            Event::End(TagEnd::Paragraph) => {
                depth = depth.saturating_sub(1);
                events.push(Event::End(TagEnd::Paragraph));
                plain.push('\n');
                if depth == 0
                    && let Some(s) = para_start.take()
                    && first_para.is_none()
                {
                    first_para = Some((s, events.len()));
                }
            }
            Event::Html(ref h) | Event::InlineHtml(ref h) if h.contains("<!-- more -->") => {
                if more_at.is_none() {
                    more_at = Some(events.len());
                }
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                links.push(dest_url.to_string());
                let external = dest_url.starts_with("http://") || dest_url.starts_with("https://");
                if external
                    && (o.external_links_target_blank
                        || o.external_links_no_follow
                        || o.external_links_no_referrer)
                {
                    let mut rel = Vec::new();
                    if o.external_links_target_blank {
                        rel.push("noopener");
                    }
                    if o.external_links_no_follow {
                        rel.push("nofollow");
                    }
                    if o.external_links_no_referrer {
                        rel.push("noreferrer");
                    }
                    let target = if o.external_links_target_blank {
                        " target=\"_blank\""
                    } else {
                        ""
                    };
                    let mut open = format!("<a href=\"{}\"", escape_attr(&dest_url));
                    if !title.is_empty() {
                        open.push_str(&format!(" title=\"{}\"", escape_attr(&title)));
                    }
                    open.push_str(&format!("{target} rel=\"{}\">", rel.join(" ")));
                    events.push(Event::InlineHtml(CowStr::from(open)));
                    // Emit the link's content, then a plain closing tag.
                    for e in iter.by_ref() {
                        if matches!(e, Event::End(TagEnd::Link)) {
                            break;
                        }
                        if let Event::Text(t) = &e {
                            plain.push_str(t);
                        }
                        events.push(e);
                    }
                    events.push(Event::InlineHtml(CowStr::from("</a>")));
                } else {
                    events.push(Event::Start(Tag::Link {
                        link_type,
                        dest_url,
                        title,
                        id,
                    }));
                }
            }
            Event::Text(ref t) => {
                plain.push_str(t);
                events.push(ev);
            }
            Event::Code(ref t) => {
                plain.push_str(t);
                events.push(ev);
            }
            Event::SoftBreak | Event::HardBreak => {
                events.push(ev);
            }
            other => events.push(other),
        }
    }

    let mut body = String::with_capacity(text.len() + text.len() / 2);
    html::push_html(&mut body, events.iter().cloned());
    if body.contains("<table>") {
        // A wide table scrolls inside its own box instead of widening the page on phones.
        body = body
            .replace("<table>", "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"表格\"><table>")
            .replace("</table>", "</table></div>");
    }
    let summary = match (more_at, first_para) {
        (Some(end), _) => {
            let mut s = String::new();
            html::push_html(&mut s, events[..end].iter().cloned());
            s
        }
        (None, Some((a, b))) => {
            let mut s = String::new();
            html::push_html(&mut s, events[a..b].iter().cloned());
            s
        }
        _ => String::new(),
    };
    let (char_count, latin_words) = count(&plain);
    Rendered {
        html: body,
        summary,
        excerpt: {
            let mut prose = String::with_capacity(plain.len());
            let mut at = 0;
            for (a, b) in &prose_mark {
                prose.push_str(&plain[at..*a]);
                at = *b;
            }
            prose.push_str(&plain[at..]);
            excerpt(&prose, 120)
        },
        toc: nest(flat_headings),
        char_count,
        latin_words,
        text: plain,
        links,
    }
}

fn escape_attr(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
}

/// Whether `c` counts as one Chinese character (字).
pub fn is_han(c: char) -> bool {
    matches!(c as u32,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F | 0x3040..=0x30FF)
}

/// Han characters and Latin words in `text`.
pub fn count(text: &str) -> (usize, usize) {
    let mut han = 0;
    let mut words = 0;
    let mut in_word = false;
    for c in text.chars() {
        if is_han(c) {
            han += 1;
            in_word = false;
        } else if c.is_alphanumeric() {
            if !in_word {
                words += 1;
            }
            in_word = true;
        } else {
            in_word = false;
        }
    }
    (han, words)
}

/// Reading time in minutes: Han characters at `speed` a minute plus Latin words at 200 a minute.
pub fn reading_minutes(han: usize, latin_words: usize, speed: usize) -> usize {
    let minutes = han as f64 / speed.max(1) as f64 + latin_words as f64 / 200.0;
    (minutes.ceil() as usize).max(1)
}

/// The first `max` characters of `text` on one line, ending with … when cut.
pub fn excerpt(text: &str, max: usize) -> String {
    let mut out = String::new();
    let mut n = 0;
    let mut last_space = false;
    for c in text.chars() {
        let c = if c.is_whitespace() { ' ' } else { c };
        if c == ' ' && (last_space || out.is_empty()) {
            continue;
        }
        last_space = c == ' ';
        if n == max {
            return format!("{}…", out.trim_end());
        }
        out.push(c);
        n += 1;
    }
    out.trim_end().to_string()
}

/// Turn a flat heading list into a tree by level.
fn nest(flat: Vec<(u32, String, String)>) -> Vec<Heading> {
    fn insert(list: &mut Vec<Heading>, h: Heading) {
        if let Some(last) = list.last_mut()
            && h.level > last.level
        {
            insert(&mut last.children, h);
            return;
        }
        list.push(h);
    }
    let mut out = Vec::new();
    for (level, id, title) in flat {
        insert(
            &mut out,
            Heading {
                level,
                id,
                title,
                children: Vec::new(),
            },
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(text: &str) -> Rendered {
        render(
            text,
            &MarkdownOptions {
                highlight_code: true,
                ..Default::default()
            },
        )
    }

    #[test]
    fn chinese_heading_ids_are_stable_and_unique() {
        let out = r("## 基本案情\n\n文字\n\n## 基本案情\n\n### 调解 过程！\n");
        assert!(
            out.html.contains("<h2 id=\"基本案情\">基本案情</h2>"),
            "{}",
            out.html
        );
        assert!(out.html.contains("<h2 id=\"基本案情-1\">"));
        assert!(out.html.contains("<h3 id=\"调解-过程\">"));
        assert_eq!(out.toc.len(), 2);
        assert_eq!(out.toc[1].children[0].title, "调解 过程！");
    }

    #[test]
    fn custom_heading_id_is_kept() {
        let out = r("## 调解结果 {#result}\n");
        assert!(
            out.html.contains("<h2 id=\"result\">调解结果</h2>"),
            "{}",
            out.html
        );
    }

    #[test]
    fn summary_from_more_marker_or_first_paragraph() {
        let out = r("第一段。\n\n第二段。\n\n<!-- more -->\n\n第三段。\n");
        assert!(out.summary.contains("第二段") && !out.summary.contains("第三段"));
        let out = r("# 标题\n\n第一段。\n\n第二段。\n");
        assert_eq!(out.summary.trim(), "<p>第一段。</p>");
        assert_eq!(
            out.excerpt, "第一段。 第二段。",
            "headings stay out of the excerpt"
        );
    }

    #[test]
    fn tables_footnotes_tasks_strikethrough() {
        let out = r("|a|b|\n|-|-|\n|1|2|\n\n脚注[^1]\n\n[^1]: 说明\n\n- [x] 完成\n\n~~删~~\n");
        assert!(out.html.contains("<table>"));
        assert!(out.html.contains("footnote"));
        assert!(out.html.contains("checkbox"));
        assert!(out.html.contains("<del>删</del>"));
    }

    #[test]
    fn counts_han_characters_and_reading_time() {
        let out = r("人民调解 civic law 民间纠纷\n");
        assert_eq!(out.char_count, 8);
        assert_eq!(out.latin_words, 2);
        assert_eq!(reading_minutes(800, 0, 400), 2);
        assert_eq!(reading_minutes(0, 0, 400), 1);
        assert_eq!(reading_minutes(401, 0, 400), 2);
    }

    #[test]
    fn code_is_highlighted_with_classes() {
        let out = r("```rust\nfn main() {}\n```\n");
        assert!(out.html.contains("class=\"hl-"), "{}", out.html);
        assert!(!out.html.contains("style="));
    }

    #[test]
    fn cjk_punctuation_next_to_strong_still_bolds() {
        let out = r(
            "**第一次上门。**吴德明约上物业。\n\n**问：**可以吗？\n\n他说**“好”**。\n\n`**a。**b`\n",
        );
        assert!(
            out.html.contains("<strong>第一次上门。</strong>吴德明"),
            "{}",
            out.html
        );
        assert!(out.html.contains("<strong>问：</strong>可以"));
        assert!(out.html.contains("<strong>“好”</strong>"));
        assert!(
            out.html.contains("<code>**a。**b</code>"),
            "code untouched: {}",
            out.html
        );
        let plain = r("**普通**加粗\n");
        assert!(plain.html.contains("<strong>普通</strong>"));
    }

    #[test]
    fn excerpt_is_cut_with_ellipsis() {
        assert_eq!(excerpt("一二三四五", 3), "一二三…");
        assert_eq!(excerpt("  a \n b ", 10), "a b");
    }
}
