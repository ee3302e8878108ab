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
use crate::structure;

/// What a page's kind asks of rendering beyond plain Markdown.
#[derive(Clone, Copy, Default)]
pub struct Extras<'a> {
    /// Link statute citations to law pages (`/laws/{slug}/{article}/` under `law_base`).
    pub laws: Option<&'a pufa_statute::LawTable>,
    pub law_base: &'a str,
    /// A resident convention: each 第X条 paragraph gets an anchor; lines starting with 第X条 are
    /// clauses, not citations.
    pub convention: bool,
    /// A typical case: split the body into sections by role (facts, process, result, …).
    pub case: bool,
    /// Zola's internal links: `@/cases/a.md` (a source path under `content/`) → its permalink.
    pub links: Option<&'a Links>,
    /// The HTML of the page's HTML shortcodes, by placeholder index (see `shortcode`).
    pub shortcodes: &'a [String],
    /// Link only these articles (law slug, article key): a section's text is rendered with the
    /// articles that have a page, which are those the pages cite.
    pub linkable: Option<&'a std::collections::HashSet<(String, String)>>,
    /// Zola's `insert_anchor_links` of the page's section.
    pub anchors: crate::meta::AnchorLinks,
    /// An anonymized page or a case section's own text: a shortcode's output that is a
    /// paragraph of its own is kept in a block (`<div class="shortcode">`), so the outputs of
    /// calls in a row never run together on screen (`138`, `1234`, `5678` as one number the
    /// anonymizer never read); emoji that spell a digit (`:one:` → 1️⃣) stay as written.
    pub anonymized: bool,
}

/// Source path under `content/` (`cases/a.md`, `cases/_index.md`) → permalink.
pub type Links = HashMap<String, String>;

/// A statute article cited by the page.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Cite {
    pub slug: String,
    pub short: String,
    pub article: u32,
    pub zhi: Option<u32>,
}

impl Cite {
    /// `288`, or `120-1` for 第一百二十条之一.
    pub fn key(&self) -> String {
        match self.zhi {
            Some(z) => format!("{}-{z}", self.article),
            None => self.article.to_string(),
        }
    }
}

/// A section of a case body with its recognised role.
#[derive(Debug, Clone, PartialEq)]
pub struct CaseSection {
    /// `facts`, `process`, `result`, `significance`, `statutes`, …, or `""` (text before the first
    /// heading, or a heading with no known role).
    pub role: String,
    pub title: String,
    pub id: String,
    /// Its part of the page's HTML (the sections partition it, so no HTML is held twice).
    pub range: std::ops::Range<usize>,
}

impl CaseSection {
    /// The section's HTML, cut from the page's.
    pub fn html<'a>(&self, page_html: &'a str) -> &'a str {
        page_html.get(self.range.clone()).unwrap_or_default()
    }
}

/// A numbered clause of a convention.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Clause {
    pub number: u32,
    pub anchor: String,
    pub text: String,
}

/// Markdown switches (from config `[markdown]`).
#[derive(Debug, Clone, Copy, Default)]
pub struct MarkdownOptions {
    pub highlight_code: bool,
    pub smart_punctuation: bool,
    pub external_links_target_blank: bool,
    pub external_links_no_follow: bool,
    pub external_links_no_referrer: bool,
    pub bottom_footnotes: bool,
    pub render_emoji: bool,
    pub lazy_async_image: bool,
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
    /// Statute articles cited in the body (known laws), in order of first mention.
    pub citations: Vec<Cite>,
    /// Titles in 《…》 cited but not in the law table.
    pub unknown_laws: Vec<String>,
    /// Case sections (cases only, when at least one heading names a role).
    pub sections: Vec<CaseSection>,
    /// Numbered clauses (conventions only).
    pub clauses: Vec<Clause>,
    /// Internal links (`@/…`) to no page or section, as written.
    pub broken_links: Vec<String>,
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
    if memchr::memmem::find(text.as_bytes(), b"**").is_none() {
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
    render_with(text, o, &Extras::default())
}

/// Render with the kind-specific extras.
pub fn render_with(text: &str, o: &MarkdownOptions, extras: &Extras) -> Rendered {
    let text = structure::bracket_headings(text);
    let text = cjk_strong(&text);
    let text = text.as_ref();
    let parser = Parser::new_ext(text, options(o));
    let mut events: Vec<Event> = Vec::new();
    let mut flat_headings: Vec<(u32, String, String)> = Vec::new();
    let mut used_ids: HashMap<String, usize> = HashMap::new();
    // Footnote definitions take their label as id (`[^a]:` → id="a"): a heading does not take
    // it too (after anonymization `[^zheng]` and `{#zheng}` may both have become 郑某).
    if text.contains("[^") {
        for line in text.lines() {
            if let Some(rest) = line.trim_start().strip_prefix("[^")
                && let Some(end) = rest.find("]:")
            {
                used_ids.insert(rest[..end].to_string(), 1);
            }
        }
    }
    let mut plain = String::new();
    let mut more_at: Option<usize> = None;
    let mut first_para: Option<(usize, usize)> = None;
    let mut para_start = None;
    let mut depth = 0usize;
    // Byte ranges of `plain` that are heading text, left out of the excerpt.
    let mut prose_mark: Vec<(usize, usize)> = Vec::new();

    let has_sc = !extras.shortcodes.is_empty();
    let mut broken_links = Vec::new();
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
                        Event::Text(t) | Event::Code(t) if has_sc => {
                            title.push_str(&crate::shortcode::strip(t))
                        }
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
                use crate::meta::AnchorLinks;
                let anchor = || {
                    Event::InlineHtml(CowStr::from(format!(
                        "<a class=\"zola-anchor\" href=\"#{}\" aria-label=\"本节链接：{}\">#</a>",
                        escape_attr(&final_id),
                        escape_attr(title.trim())
                    )))
                };
                let (before, after) = match extras.anchors {
                    AnchorLinks::None => (None, None),
                    AnchorLinks::Left => (Some(anchor()), None),
                    AnchorLinks::Right => (None, Some(anchor())),
                    AnchorLinks::Heading => (
                        Some(Event::InlineHtml(CowStr::from(format!(
                            "<a class=\"zola-anchor\" href=\"#{}\">",
                            escape_attr(&final_id)
                        )))),
                        Some(Event::InlineHtml(CowStr::Borrowed("</a>"))),
                    ),
                };
                events.push(Event::Start(Tag::Heading {
                    level,
                    id: Some(CowStr::from(final_id)),
                    classes,
                    attrs,
                }));
                events.extend(before);
                events.extend(inner);
                events.extend(after);
                events.push(Event::End(TagEnd::Heading(level)));
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                let (lang, fence) = match &kind {
                    CodeBlockKind::Fenced(l) => highlight::FenceOptions::parse(l),
                    CodeBlockKind::Indented => Default::default(),
                };
                let mut code = String::new();
                for e in iter.by_ref() {
                    match e {
                        Event::End(TagEnd::CodeBlock) => break,
                        Event::Text(t) => code.push_str(&t),
                        _ => {}
                    }
                }
                if has_sc {
                    code = crate::shortcode::fill(&code, extras.shortcodes);
                }
                let html = highlight::code_block_with(&code, &lang, o.highlight_code, &fence);
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
                    // Where Zola's "continue reading" links lead (`{{ page.permalink }}#continue-reading`).
                    events.push(Event::Html(CowStr::Borrowed(
                        "<span id=\"continue-reading\"></span>\n",
                    )));
                }
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                // An internal link is never external, whatever URL it becomes.
                let internal = dest_url.starts_with("@/");
                let dest_url = match dest_url.strip_prefix("@/") {
                    Some(target) => internal_link(target, extras.links)
                        .map(CowStr::from)
                        .unwrap_or_else(|| {
                            broken_links.push(dest_url.to_string());
                            dest_url
                        }),
                    None => dest_url,
                };
                let external = !internal
                    && (dest_url.starts_with("http://") || dest_url.starts_with("https://"));
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
            Event::Text(t) if o.render_emoji && t.contains(':') => {
                let t = match emoji(&t, extras.anonymized) {
                    Some(e) => CowStr::from(e),
                    None => t,
                };
                if has_sc {
                    plain.push_str(&crate::shortcode::strip(&t));
                } else {
                    plain.push_str(&t);
                }
                events.push(Event::Text(t));
            }
            Event::Text(ref t) if has_sc => {
                plain.push_str(&crate::shortcode::strip(t));
                events.push(ev);
            }
            Event::Text(ref t) => {
                plain.push_str(t);
                events.push(ev);
            }
            Event::Start(Tag::Image {
                dest_url, title, ..
            }) if o.lazy_async_image => {
                // pulldown-cmark writes no attributes of its own: the image as it would, plus
                // Zola's two. The alt text is the plain text of the image's description.
                let mut alt = String::new();
                for e in iter.by_ref() {
                    match e {
                        Event::End(TagEnd::Image) => break,
                        Event::Text(t) | Event::Code(t) => alt.push_str(&t),
                        _ => {}
                    }
                }
                let alt = if has_sc {
                    crate::shortcode::strip(&alt)
                } else {
                    alt
                };
                plain.push_str(&alt);
                // A call as the URL or title gives it its output, as without this switch.
                let (dest_url, title) = if has_sc {
                    let f = |s: &str| {
                        crate::shortcode::fill(s, extras.shortcodes)
                            .trim()
                            .to_string()
                    };
                    (CowStr::from(f(&dest_url)), CowStr::from(f(&title)))
                } else {
                    (dest_url, title)
                };
                let mut img = format!(
                    "<img src=\"{}\" alt=\"{}\"",
                    escape_attr(&dest_url),
                    escape_html_attr(&alt)
                );
                if !title.is_empty() {
                    img.push_str(&format!(" title=\"{}\"", escape_html_attr(&title)));
                }
                img.push_str(" loading=\"lazy\" decoding=\"async\" />");
                events.push(Event::InlineHtml(CowStr::from(img)));
            }
            // A call inside inline code shows its output as code, as in a code block.
            Event::Code(ref t) if has_sc && t.contains(crate::shortcode::PH_OPEN) => {
                let code = crate::shortcode::fill(t, extras.shortcodes);
                plain.push_str(&code);
                events.push(Event::Code(CowStr::from(code)));
            }
            Event::Code(ref t) => {
                plain.push_str(t);
                events.push(ev);
            }
            Event::SoftBreak | Event::HardBreak => {
                events.push(ev);
            }
            // List items and table cells are apart in the plain text too (descriptions, feeds,
            // search): `- 大海⏎- 涛声` is not 大海涛声.
            Event::End(TagEnd::Item | TagEnd::TableCell) => {
                if !plain.ends_with(['\n', ' ']) {
                    plain.push(if matches!(ev, Event::End(TagEnd::Item)) {
                        '\n'
                    } else {
                        ' '
                    });
                }
                events.push(ev);
            }
            other => events.push(other),
        }
    }

    let mut citations = Vec::new();
    let mut unknown_laws = Vec::new();
    let mut clauses = Vec::new();
    let mut events = decorate(
        events,
        extras,
        &mut citations,
        &mut unknown_laws,
        &mut clauses,
    );
    if has_sc {
        fill_shortcodes(&mut events, extras.shortcodes, extras.anonymized);
    }
    let mut body = String::with_capacity(text.len() + text.len() / 2);
    if o.bottom_footnotes && text.contains("[^") {
        html::push_html(
            &mut body,
            bottom_footnotes(events.iter().cloned()).into_iter(),
        );
    } else {
        html::push_html(&mut body, events.iter().cloned());
    }
    // A placeholder anywhere else (a link's URL or title, an image's alt text) is dropped: no
    // noncharacter reaches the output.
    if has_sc && body.contains(crate::shortcode::PH_OPEN) {
        body = crate::shortcode::strip(&body);
    }
    // A vectorized search (`str::contains` is a scalar two-way search over every page).
    if memchr::memmem::find(body.as_bytes(), b"<table>").is_some() {
        // A wide table scrolls inside its own box instead of widening the page on phones.
        body = body
            .replace("<table>", "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"表格\"><table>")
            .replace("</table>", "</table></div>");
    }
    let sections = if extras.case {
        case_sections(&body, &flat_headings)
    } else {
        Vec::new()
    };
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
    let summary = if has_sc && summary.contains(crate::shortcode::PH_OPEN) {
        crate::shortcode::strip(&summary)
    } else {
        summary
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
        citations,
        unknown_laws,
        sections,
        clauses,
        broken_links,
    }
}

/// `:name:` GitHub emoji shortcodes as emoji (Zola's `render_emoji`); `None` when there are
/// none. In an anonymized text a keycap (`:one:`, `:hash:`) stays as written: it spells a
/// digit the anonymizer never read as one (`138:one:2345678`).
fn emoji(text: &str, anonymized: bool) -> Option<String> {
    let mut out = String::new();
    let mut rest = text;
    let mut changed = false;
    while let Some(i) = rest.find(':') {
        let after = &rest[i + 1..];
        let Some(j) = after.find(':') else { break };
        let name = &after[..j];
        let found = (!name.is_empty()
            && name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'+' | b'-')))
        .then(|| emojis::get_by_shortcode(name))
        .flatten()
        .filter(|e| !(anonymized && e.as_str().bytes().any(|b| b.is_ascii_graphic())));
        match found {
            Some(e) => {
                out.push_str(&rest[..i]);
                out.push_str(e.as_str());
                rest = &after[j + 1..];
                changed = true;
            }
            None => {
                // The closing colon may open the next shortcode (`12:30:smile:`).
                out.push_str(&rest[..=i]);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    changed.then_some(out)
}

/// Zola's `bottom_footnotes`: the notes gathered after the body in the order they are first
/// cited, numbered from 1, each citation linked to its note (`#fn-N`) and the note back to each
/// citation (`#fr-N-K`). A note never cited comes last, without a way back; a citation of no
/// note stays text (`[^x]`). Ids are numbers, never the labels (which a case's anonymized text
/// may have named).
fn bottom_footnotes<'a>(events: impl Iterator<Item = Event<'a>>) -> Vec<Event<'a>> {
    let mut body = Vec::new();
    let mut notes: Vec<(String, Vec<Event<'a>>)> = Vec::new();
    let mut open: Option<(String, Vec<Event<'a>>)> = None;
    for e in events {
        match e {
            Event::Start(Tag::FootnoteDefinition(label)) => {
                open = Some((label.to_string(), Vec::new()))
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                if let Some((label, inner)) = open.take()
                    && !notes.iter().any(|(l, _)| *l == label)
                {
                    notes.push((label, inner));
                }
            }
            e => match &mut open {
                Some((_, inner)) => inner.push(e),
                None => body.push(e),
            },
        }
    }
    // How often each note is cited, to give each citation its way back.
    let mut cited: HashMap<String, usize> = HashMap::new();
    for e in body
        .iter()
        .chain(notes.iter().flat_map(|(_, inner)| inner.iter()))
    {
        if let Event::FootnoteReference(label) = e
            && notes.iter().any(|(l, _)| **l == **label)
        {
            *cited.entry(label.to_string()).or_insert(0) += 1;
        }
    }
    let mut number: HashMap<String, usize> = HashMap::new();
    let mut order: Vec<String> = Vec::new();
    let mut uses: HashMap<String, usize> = HashMap::new();
    let mut cite = |e: Event<'a>,
                    number: &mut HashMap<String, usize>,
                    order: &mut Vec<String>|
     -> Event<'a> {
        let Event::FootnoteReference(label) = e else {
            return e;
        };
        if !cited.contains_key(label.as_ref()) {
            return Event::Text(CowStr::from(format!("[^{label}]")));
        }
        let n = *number.entry(label.to_string()).or_insert_with(|| {
            order.push(label.to_string());
            order.len()
        });
        let k = uses.entry(label.to_string()).or_insert(0);
        *k += 1;
        Event::InlineHtml(CowStr::from(format!(
            "<sup class=\"footnote-reference\" id=\"fr-{n}-{k}\"><a href=\"#fn-{n}\">{n}</a></sup>"
        )))
    };
    let mut out: Vec<Event<'a>> = body
        .into_iter()
        .map(|e| cite(e, &mut number, &mut order))
        .collect();
    if notes.is_empty() {
        return out;
    }
    // Notes never cited go last, in the order written.
    let mut unused: Vec<String> = notes
        .iter()
        .filter(|(l, _)| !cited.contains_key(l))
        .map(|(l, _)| l.clone())
        .collect();
    out.push(Event::Html(CowStr::Borrowed(
        "<footer class=\"footnotes\">\n<ol class=\"footnotes-list\">\n",
    )));
    let mut i = 0;
    let mut numbered_unused = false;
    loop {
        if i == order.len() {
            // Cited notes all written (a note may cite one not yet numbered): the rest.
            if numbered_unused || unused.is_empty() {
                break;
            }
            order.append(&mut unused);
            numbered_unused = true;
        }
        let label = order[i].clone();
        i += 1;
        let n = i;
        let Some(pos) = notes.iter().position(|(l, _)| *l == label) else {
            continue;
        };
        let inner = std::mem::take(&mut notes[pos].1);
        let mut inner: Vec<Event<'a>> = inner
            .into_iter()
            .map(|e| cite(e, &mut number, &mut order))
            .collect();
        let backs: String = (1..=cited.get(&label).copied().unwrap_or(0))
            .map(|k| {
                let (mark, label) = if k == 1 {
                    (String::new(), "回到正文引用处".to_string())
                } else {
                    (k.to_string(), format!("回到正文第{k}处引用"))
                };
                format!(
                    " <a href=\"#fr-{n}-{k}\" class=\"footnote-backref\" aria-label=\"{label}\">↩{mark}</a>"
                )
            })
            .collect();
        if !backs.is_empty() {
            let back = Event::InlineHtml(CowStr::from(backs));
            match inner.last() {
                Some(Event::End(TagEnd::Paragraph)) => {
                    let at = inner.len() - 1;
                    inner.insert(at, back);
                }
                _ => {
                    inner.push(Event::Start(Tag::Paragraph));
                    inner.push(back);
                    inner.push(Event::End(TagEnd::Paragraph));
                }
            }
        }
        out.push(Event::Html(CowStr::from(format!("<li id=\"fn-{n}\">\n"))));
        out.extend(inner);
        out.push(Event::Html(CowStr::Borrowed("</li>\n")));
    }
    out.push(Event::Html(CowStr::Borrowed("</ol>\n</footer>\n")));
    out
}

/// The permalink of an internal link's target (`cases/a.md#fact` → `https://…/cases/a/#fact`).
fn internal_link(target: &str, links: Option<&Links>) -> Option<String> {
    let (file, anchor) = match target.split_once('#') {
        Some((f, a)) => (f, Some(a)),
        None => (target, None),
    };
    let url = links?.get(file.trim_start_matches('/'))?;
    Some(match anchor {
        Some(a) => format!("{url}#{a}"),
        None => url.clone(),
    })
}

/// Put the HTML shortcodes' output where their placeholders are, one event for one, so the
/// indices of the summary's events hold. A placeholder that is a paragraph of its own is not
/// wrapped in `<p>` (its output is usually a block).
fn fill_shortcodes(events: &mut [Event], html: &[String], blocks: bool) {
    use crate::shortcode::{PH_OPEN, fill, only_placeholder};
    for i in 0..events.len() {
        if let (
            Some(Event::Start(Tag::Paragraph)),
            Some(Event::Text(t)),
            Some(Event::End(TagEnd::Paragraph)),
        ) = (events.get(i), events.get(i + 1), events.get(i + 2))
            && let Some(out) = only_placeholder(t).and_then(|k| html.get(k))
        {
            let out = CowStr::from(out.clone());
            let (open, close) = if blocks {
                ("<div class=\"shortcode\">", "</div>\n")
            } else {
                ("", "")
            };
            events[i] = Event::Html(CowStr::Borrowed(open));
            events[i + 1] = Event::Html(out);
            events[i + 2] = Event::Html(CowStr::Borrowed(close));
            continue;
        }
        let filled = match &events[i] {
            Event::Text(t) if t.contains(PH_OPEN) || t.contains(crate::shortcode::PH_CLOSE) => {
                // The text around the placeholders is text: escaped as pulldown-cmark would.
                Event::InlineHtml(CowStr::from(crate::shortcode::fill_text(t, html)))
            }
            // A call as a link's or an image's URL gives it the output (as a Markdown
            // shortcode's would be), trimmed.
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) if dest_url.contains(PH_OPEN) || title.contains(PH_OPEN) => {
                Event::Start(Tag::Link {
                    link_type: *link_type,
                    dest_url: CowStr::from(fill(dest_url, html).trim().to_string()),
                    title: CowStr::from(fill(title, html).trim().to_string()),
                    id: id.clone(),
                })
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) if dest_url.contains(PH_OPEN) || title.contains(PH_OPEN) => {
                Event::Start(Tag::Image {
                    link_type: *link_type,
                    dest_url: CowStr::from(fill(dest_url, html).trim().to_string()),
                    title: CowStr::from(fill(title, html).trim().to_string()),
                    id: id.clone(),
                })
            }
            Event::Html(h) if h.contains(PH_OPEN) => Event::Html(CowStr::from(fill(h, html))),
            Event::InlineHtml(h) if h.contains(PH_OPEN) => {
                Event::InlineHtml(CowStr::from(fill(h, html)))
            }
            _ => continue,
        };
        events[i] = filled;
    }
}

fn is_inline(e: &Event) -> bool {
    matches!(
        e,
        Event::Text(_)
            | Event::Code(_)
            | Event::SoftBreak
            | Event::HardBreak
            | Event::InlineHtml(_)
            | Event::Start(Tag::Emphasis | Tag::Strong | Tag::Strikethrough)
            | Event::End(TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough)
    )
}

/// Paragraph decorations (clause anchors, 问/答 blocks) and statute links, in one pass.
fn decorate<'a>(
    events: Vec<Event<'a>>,
    extras: &Extras,
    citations: &mut Vec<Cite>,
    unknown: &mut Vec<String>,
    clauses: &mut Vec<Clause>,
) -> Vec<Event<'a>> {
    let mut out = Vec::with_capacity(events.len() + 16);
    let mut i = 0;
    let mut skip_depth = 0usize; // inside headings and links: no citation links
    let mut para_n = 0u32;
    while i < events.len() {
        let e = &events[i];
        match e {
            Event::Start(Tag::Heading { .. } | Tag::Link { .. } | Tag::Image { .. }) => {
                skip_depth += 1
            }
            Event::End(TagEnd::Heading(_) | TagEnd::Link | TagEnd::Image) => {
                skip_depth = skip_depth.saturating_sub(1)
            }
            _ => {}
        }
        if skip_depth == 0 && is_inline(e) {
            let start = i;
            while i < events.len() && is_inline(&events[i]) {
                i += 1;
            }
            let run = &events[start..i];
            // A paragraph start just emitted: decorate it by its text.
            let joined: String = run
                .iter()
                .filter_map(|e| {
                    if let Event::Text(t) = e {
                        Some(t.as_ref())
                    } else {
                        None
                    }
                })
                .collect();
            if matches!(out.last(), Some(Event::Start(Tag::Paragraph))) {
                let open = paragraph_open(&joined, extras, &mut para_n, clauses);
                if let Some(open) = open {
                    out.pop();
                    out.push(Event::Html(CowStr::from(open)));
                    out.extend(link_citations(run, &joined, extras, citations, unknown));
                    if matches!(events.get(i), Some(Event::End(TagEnd::Paragraph))) {
                        out.push(Event::Html(CowStr::from("</p>\n")));
                        i += 1;
                    }
                    continue;
                }
            }
            out.extend(link_citations(run, &joined, extras, citations, unknown));
            continue;
        }
        out.push(e.clone());
        i += 1;
    }
    out
}

/// The opening tag for a paragraph that needs one (`None`: a plain `<p>`).
fn paragraph_open(
    text: &str,
    extras: &Extras,
    n: &mut u32,
    clauses: &mut Vec<Clause>,
) -> Option<String> {
    let t = text.trim_start();
    if extras.convention {
        *n += 1;
        if let Some(num) = pufa_statute::clause_number(t) {
            let anchor = pufa_statute::clause_anchor(num);
            let open = format!("<p id=\"{anchor}\" class=\"clause\">");
            clauses.push(Clause {
                number: num,
                anchor,
                text: t.to_string(),
            });
            return Some(open);
        }
        return Some(format!("<p id=\"duan-{n}\">"));
    }
    if t.starts_with("问：") || t.starts_with("问:") || t.starts_with("問：") {
        return Some("<p class=\"qa qa-q\">".into());
    }
    if t.starts_with("答：") || t.starts_with("答:") {
        return Some("<p class=\"qa qa-a\">".into());
    }
    None
}

/// Split the run's text events around statute citations of known laws and wrap them in links.
fn link_citations<'a>(
    run: &[Event<'a>],
    joined: &str,
    extras: &Extras,
    citations: &mut Vec<Cite>,
    unknown: &mut Vec<String>,
) -> Vec<Event<'a>> {
    let Some(table) = extras.laws else {
        return run.to_vec();
    };
    if !joined.contains('第') && !joined.contains('條') {
        return run.to_vec();
    }
    let opts = pufa_statute::Options {
        lines_are_articles: extras.convention,
    };
    let found = pufa_statute::parse_citations_with(joined, table, opts);
    if found.is_empty() {
        return run.to_vec();
    }
    // Spans to link: one per distinct span, pointing at its first article.
    let mut spans: Vec<(usize, usize, String)> = Vec::new();
    for c in &found {
        match &c.law {
            Some(law) => {
                let cite = Cite {
                    slug: law.slug.clone(),
                    short: law.short.clone(),
                    article: c.article,
                    zhi: c.zhi,
                };
                let has_page = extras
                    .linkable
                    .is_none_or(|l| l.contains(&(cite.slug.clone(), cite.key())));
                if has_page && !spans.iter().any(|(s, e, _)| *s == c.start && *e == c.end) {
                    spans.push((
                        c.start,
                        c.end,
                        format!("{}{}/{}/", extras.law_base, law.slug, cite.key()),
                    ));
                }
                if !citations.contains(&cite) {
                    citations.push(cite);
                }
            }
            None => {
                if let Some(name) = &c.unknown_law
                    && !unknown.contains(name)
                {
                    unknown.push(name.clone());
                }
            }
        }
    }
    let mut out = Vec::with_capacity(run.len() + spans.len() * 4);
    let mut offset = 0usize;
    for e in run {
        let Event::Text(t) = e else {
            out.push(e.clone());
            continue;
        };
        let (a, b) = (offset, offset + t.len());
        offset = b;
        let mut cursor = 0usize;
        for (s, end, href) in spans.iter().filter(|(s, end, _)| *s >= a && *end <= b) {
            let (ls, le) = (s - a, end - a);
            if ls < cursor || !t.is_char_boundary(ls) || !t.is_char_boundary(le) {
                continue;
            }
            if ls > cursor {
                out.push(Event::Text(CowStr::from(t[cursor..ls].to_string())));
            }
            out.push(Event::InlineHtml(CowStr::from(format!(
                "<a class=\"cite\" href=\"{}\">",
                escape_attr(href)
            ))));
            out.push(Event::Text(CowStr::from(t[ls..le].to_string())));
            out.push(Event::InlineHtml(CowStr::from("</a>")));
            cursor = le;
        }
        if cursor == 0 {
            out.push(e.clone());
        } else if cursor < t.len() {
            out.push(Event::Text(CowStr::from(t[cursor..].to_string())));
        }
    }
    out
}

/// Split a case body's HTML at its top-level headings, naming each part's role. The parts are
/// found by the headings' tags (`<h2 id="…"`, in order), so they are cut from the page's HTML as
/// written, tables wrapped and footnotes numbered as in the whole page.
fn case_sections(body: &str, headings: &[(u32, String, String)]) -> Vec<CaseSection> {
    let Some(level) = headings.iter().map(|h| h.0).filter(|&l| l >= 2).min() else {
        return Vec::new();
    };
    if !headings
        .iter()
        .any(|h| h.0 == level && structure::role_of(&h.2).is_some())
    {
        return Vec::new();
    }
    let mut starts = Vec::new();
    let mut from = 0;
    let tops: Vec<&(u32, String, String)> = headings.iter().filter(|h| h.0 == level).collect();
    for (_, id, _) in &tops {
        let tag = format!("<h{level} id=\"{}\"", escape_html_attr(id));
        // Not found cannot happen for HTML pulldown-cmark wrote; the page then shows whole.
        let Some(at) = body
            .get(from..)
            .and_then(|rest| memchr::memmem::find(rest.as_bytes(), tag.as_bytes()))
        else {
            return Vec::new();
        };
        starts.push(from + at);
        from += at + tag.len();
    }
    let mut sections = Vec::new();
    let mut push = |range: std::ops::Range<usize>, role: &str, title: &str, id: &str| {
        if !body[range.clone()].trim().is_empty() {
            sections.push(CaseSection {
                role: role.to_string(),
                title: title.to_string(),
                id: id.to_string(),
                range,
            });
        }
    };
    push(0..starts.first().copied().unwrap_or(body.len()), "", "", "");
    for (k, (_, id, title)) in tops.iter().enumerate() {
        let end = starts.get(k + 1).copied().unwrap_or(body.len());
        push(
            starts[k]..end,
            structure::role_of(title).unwrap_or(""),
            title,
            id,
        );
    }
    sections
}

/// An attribute value as pulldown-cmark writes it.
fn escape_html_attr(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
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
        } else if is_word_char(c) {
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

/// `char::is_alphanumeric`, answering ASCII and the common Chinese punctuation without the
/// Unicode tables (their lookup was 1% of a build: Chinese text is about a sixth punctuation).
fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    !matches!(
        c,
        '，' | '。'
            | '、'
            | '；'
            | '：'
            | '？'
            | '！'
            | '“'
            | '”'
            | '‘'
            | '’'
            | '（'
            | '）'
            | '《'
            | '》'
            | '〈'
            | '〉'
            | '【'
            | '】'
            | '「'
            | '」'
            | '『'
            | '』'
            | '—'
            | '…'
            | '·'
            | '　'
    ) && c.is_alphanumeric()
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

    #[test]
    fn word_chars_agree_with_the_standard_library() {
        for c in "，。、；：？！“”‘’（）《》〈〉【】「」『』—…·　〇々〆a1Zé٣ⅫＡ１-_ \n".chars()
        {
            assert_eq!(is_word_char(c), c.is_alphanumeric(), "{c:?}");
        }
        assert_eq!(count("调解，Mediation 2024年。"), (3, 2));
    }

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

    /// List items and table cells stay apart in the plain text (descriptions, feeds, search).
    #[test]
    fn list_items_and_cells_are_apart_in_the_plain_text() {
        let out = r("- 大海\n- 涛声\n\n| 面朝大海 | 涛声依旧 |\n|---|---|\n| 甲 | 乙 |\n");
        for t in [&out.text, &out.excerpt] {
            assert!(
                !t.contains("大海涛声") && !t.contains("面朝大海涛声"),
                "{t:?}"
            );
        }
    }

    /// A heading does not take a footnote's id (the two would be one anchor twice on the page).
    #[test]
    fn heading_ids_leave_footnote_ids_alone() {
        let out = r("## 说明 {#郑某}\n\n正文[^郑某]。\n\n[^郑某]: 注释。\n");
        assert!(out.html.contains("<h2 id=\"郑某-1\">"), "{}", out.html);
        assert_eq!(out.html.matches("id=\"郑某\"").count(), 1, "{}", out.html);
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

    fn laws() -> pufa_statute::LawTable {
        pufa_statute::LawTable::builtin()
    }

    #[test]
    fn citations_are_linked_and_collected() {
        let table = laws();
        let x = Extras {
            laws: Some(&table),
            law_base: "/laws/",
            ..Default::default()
        };
        let out = render_with(
            "依据《民法典》第二百八十八条、第二百九十条，以及劳动合同法第30条。\n\n`第二百八十八条`\n",
            &MarkdownOptions::default(),
            &x,
        );
        assert!(
            out.html.contains(
                "<a class=\"cite\" href=\"/laws/minfadian/288/\">《民法典》第二百八十八条</a>"
            ),
            "{}",
            out.html
        );
        assert!(out.html.contains("href=\"/laws/minfadian/290/\""));
        assert!(out.html.contains("href=\"/laws/laodonghetongfa/30/\""));
        let keys: Vec<String> = out
            .citations
            .iter()
            .map(|c| format!("{}:{}", c.slug, c.key()))
            .collect();
        assert_eq!(
            keys,
            vec!["minfadian:288", "minfadian:290", "laodonghetongfa:30"]
        );
    }

    #[test]
    fn convention_clauses_get_anchors_not_links() {
        let table = laws();
        let x = Extras {
            laws: Some(&table),
            law_base: "/laws/",
            convention: true,
            ..Default::default()
        };
        let out = render_with(
            "根据《民法典》制定本公约。\n\n第一条 邻里和睦。\n\n第十二条 本公约自通过之日起施行。\n",
            &MarkdownOptions::default(),
            &x,
        );
        assert!(
            out.html
                .contains("<p id=\"tiao-1\" class=\"clause\">第一条 邻里和睦。</p>"),
            "{}",
            out.html
        );
        assert!(out.html.contains("id=\"tiao-12\""));
        assert_eq!(out.clauses.len(), 2);
        assert!(out.citations.is_empty(), "clause numbers are not citations");
    }

    #[test]
    fn qa_blocks_are_marked() {
        let out = r("**问：**可以吗？\n\n答：可以。\n");
        assert!(
            out.html
                .contains("<p class=\"qa qa-q\"><strong>问：</strong>可以吗？</p>"),
            "{}",
            out.html
        );
        assert!(out.html.contains("<p class=\"qa qa-a\">答：可以。</p>"));
    }

    #[test]
    fn case_sections_by_role_with_bracket_headings() {
        let x = Extras {
            case: true,
            ..Default::default()
        };
        let out = render_with(
            "导语。\n\n【案情简介】\n楼上漏水。\n\n## 二、调解过程\n\n上门三次。\n\n### 第一次\n\n谈。\n\n## 案例点评\n\n意义。\n",
            &MarkdownOptions::default(),
            &x,
        );
        let roles: Vec<&str> = out.sections.iter().map(|s| s.role.as_str()).collect();
        assert_eq!(roles, vec!["", "facts", "process", "significance"]);
        assert!(
            out.sections[2].html(&out.html).contains("第一次"),
            "subheadings stay in their section"
        );
        assert_eq!(out.toc.len(), 3);
        // The sections partition the page's HTML: nothing is lost or shown twice.
        let joined: String = out.sections.iter().map(|s| s.html(&out.html)).collect();
        assert_eq!(joined.trim(), out.html.trim());
        assert!(out.sections[1].html(&out.html).starts_with("<h2 id="));
    }

    #[test]
    fn case_sections_are_cut_from_the_page_html_with_wrapped_tables_and_one_footnote_count() {
        let x = Extras {
            case: true,
            ..Default::default()
        };
        let out = render_with(
            "## 基本案情\n\n见注[^a]。\n\n| 项 | 额 |\n|---|---|\n| 工资 | 3000 |\n\n## 调解结果\n\n再见注[^b]。\n\n[^a]: 甲。\n[^b]: 乙。\n",
            &MarkdownOptions::default(),
            &x,
        );
        let roles: Vec<&str> = out.sections.iter().map(|s| s.role.as_str()).collect();
        assert_eq!(roles, vec!["facts", "result"]);
        let facts = out.sections[0].html(&out.html);
        assert!(facts.contains("class=\"table-wrap\""), "{facts}");
        let result = out.sections[1].html(&out.html);
        // Numbered as in the whole page: the second footnote is 2, not a fresh 1.
        assert!(result.contains(">2</a>"), "{result}");
        assert!(!facts.contains("调解结果") && result.contains("调解结果"));
    }

    #[test]
    fn emoji_shortcodes_and_colons_that_are_none() {
        assert_eq!(emoji("好 :+1:", false).as_deref(), Some("好 👍"));
        assert_eq!(emoji("12:30:smile:", false).as_deref(), Some("12:30😄"));
        assert_eq!(emoji("时间 12:30:00", false), None);
        assert_eq!(emoji(":no_such_name: a:b", false), None);
        assert_eq!(emoji(":one:", false).as_deref(), Some("1\u{fe0f}\u{20e3}"));
        assert_eq!(emoji("138:one:2345678", true), None);
    }

    #[test]
    fn bottom_footnotes_number_by_first_citation() {
        let o = MarkdownOptions {
            bottom_footnotes: true,
            ..Default::default()
        };
        let out = render(
            "甲[^x]乙[^y]丙[^x]丁[^none]\n\n[^y]: 注y\n[^x]: 注x\n[^z]: 注z\n",
            &o,
        );
        let h = &out.html;
        assert!(h.contains("id=\"fr-1-1\"><a href=\"#fn-1\">1</a>"), "{h}");
        assert!(h.contains("id=\"fr-1-2\""), "{h}");
        assert!(h.contains("丁[^none]"), "{h}");
        let x = h.find("注x").unwrap();
        let y = h.find("注y").unwrap();
        let z = h.find("注z").unwrap();
        assert!(x < y && y < z, "{h}");
        assert!(h.contains("<li id=\"fn-3\">\n<p>注z</p>"), "{h}");
    }

    #[test]
    fn excerpt_is_cut_with_ellipsis() {
        assert_eq!(excerpt("一二三四五", 3), "一二三…");
        assert_eq!(excerpt("  a \n b ", 10), "a b");
    }
}
