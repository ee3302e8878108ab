//! Simplified and traditional script. With `scripts = ["hans", "hant"]` in config, pages written
//! in traditional characters are converted to simplified before rendering (the root site is
//! simplified), and after rendering every HTML page gets a traditional copy under `/zh-hant/`:
//! text and readable attributes are converted phrase by phrase (OpenCC tables, see `s2t`),
//! never scripts, styles or code; internal page links point into the copy; the copy is made
//! per file by `emit`, right after the page is rendered, and audited like everything else.

use std::sync::LazyLock;

use crate::markdown::is_han;
use crate::meta::KindMeta;
use crate::site::{Page, Site};

/// Folder of the traditional copy.
pub const HANT: &str = "zh-hant";

/// Whether a text is written in traditional script: enough of its first Han characters are
/// traditional-only forms (characters OpenCC's traditional → simplified table changes).
pub fn looks_traditional(text: &str) -> bool {
    looks_traditional_parts(&[text])
}

/// [`looks_traditional`] over several texts read as one, without joining them.
fn looks_traditional_parts(parts: &[&str]) -> bool {
    // One bit per BMP code point: is it a traditional-only form?
    static TRADITIONAL: LazyLock<Vec<u64>> = LazyLock::new(|| {
        let mut bits = vec![0u64; 0x10000 / 64];
        let changed = hanconv::Dictionary::TSCharacters
            .iter()
            .filter(|(k, v)| k != v)
            .filter_map(|(k, _)| k.chars().next());
        for c in changed.filter(|&c| (c as u32) < 0x10000) {
            bits[c as usize / 64] |= 1 << (c as usize % 64);
        }
        bits
    });
    let traditional = |c: char| {
        let i = c as usize;
        i < 0x10000 && TRADITIONAL[i / 64] & (1 << (i % 64)) != 0
    };
    let (mut total, mut changed) = (0usize, 0usize);
    let chars = parts.iter().flat_map(|t| t.chars());
    for c in chars.filter(|&c| is_han(c)).take(4000) {
        total += 1;
        changed += usize::from(traditional(c));
    }
    total >= 20 && changed * 100 >= total * 4
}

fn simplify_page(p: &mut Page) {
    let conv = |s: &mut String| *s = hanconv::t2s(s.as_str());
    conv(&mut p.body);
    conv(&mut p.meta.title);
    conv(&mut p.meta.description);
    for terms in p.meta.taxonomies.values_mut() {
        terms.iter_mut().for_each(conv);
    }
    match p.meta.kind.as_mut() {
        Some(KindMeta::Case(c)) => {
            for s in [
                &mut c.dispute,
                &mut c.region,
                &mut c.outcome,
                &mut c.mediator,
                &mut c.organization,
            ] {
                conv(s);
            }
            c.statutes.iter_mut().for_each(conv);
        }
        Some(KindMeta::Article(a)) => {
            for s in [&mut a.topic, &mut a.audience, &mut a.series] {
                conv(s);
            }
            a.statutes.iter_mut().for_each(conv);
        }
        Some(KindMeta::Convention(c)) => {
            for s in [&mut c.community, &mut c.filed_with] {
                conv(s);
            }
        }
        None => {}
    }
    p.traditional_source = true;
}

/// Convert pages written in traditional script to simplified (after anonymization, before
/// rendering, so slugs and terms of the root site are simplified too).
pub fn simplify_traditional_pages(site: &mut Site) {
    use rayon::prelude::*;
    site.pages.par_iter_mut().for_each(simplify_if_traditional);
}

/// Convert one page to simplified when it is written in traditional script.
pub fn simplify_if_traditional(p: &mut Page) {
    if looks_traditional_parts(&[&p.meta.title, &p.body]) {
        simplify_page(p);
    }
}

/// The URL of a site path in the traditional copy.
pub fn hant_path(path: &str) -> String {
    format!("/{HANT}/{}", path.trim_start_matches('/'))
}

/// Whether a URL path names a page (which has a traditional copy) rather than a file.
fn is_page(path: &str) -> bool {
    let last = path.rsplit('/').next().unwrap_or("");
    path.ends_with('/') || last.ends_with(".html") || !last.contains('.')
}

/// Where a page's traditional copy is made: the site's base URL and the simplified page's folder
/// (`/cases/a/`), which relative links to files resolve against.
#[derive(Clone, Copy)]
struct Here<'a> {
    base: &'a str,
    dir: Option<&'a str>,
}

/// A relative URL (`photo.png`, `./img/a.jpg`, `../b/?x#y`) resolved against the site folder `dir`
/// (`/cases/a/`): the site path (ending in `/` when the URL's path does) and the URL's query and
/// fragment; `None` for an absolute path, an anchor, a query alone, a URL with a scheme
/// (`https:`, `mailto:`, `data:`) or one leaving the site.
pub(crate) fn resolve_relative<'u>(dir: &str, url: &'u str) -> Option<(String, &'u str)> {
    if url.is_empty() || url.starts_with(['/', '#', '?']) {
        return None;
    }
    let first = url.find(['/', '?', '#']).unwrap_or(url.len());
    if url[..first].contains(':') {
        return None;
    }
    let (path, suffix) = url.split_at(url.find(['?', '#']).unwrap_or(url.len()));
    let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    let trailing = if path.ends_with('/') && !parts.is_empty() {
        "/"
    } else {
        ""
    };
    Some((format!("/{}{trailing}", parts.join("/")), suffix))
}

/// A relative URL to a file (not a page) resolved against `dir` ([`resolve_relative`]).
fn relative_file(dir: &str, url: &str) -> Option<String> {
    let (path, suffix) = resolve_relative(dir, url)?;
    (!is_page(&path)).then(|| format!("{path}{suffix}"))
}

/// Append `url`, rewritten into the traditional copy when it is an internal page URL.
fn rewrite_url(out: &mut String, url: &str, here: Here<'_>) {
    let base = here.base;
    if let Some(dir) = here.dir
        && let Some(path) = relative_file(dir, url)
    {
        // A relative link to a file (a bundle's photo.png) would point into the copy, which
        // holds pages only: it points at the file itself.
        out.push_str(base);
        out.push_str(&path);
        return;
    }
    let (path, abs) = if let Some(rest) = url.strip_prefix(base) {
        (rest, true)
    } else if url.starts_with('/') && !url.starts_with("//") {
        (url, false)
    } else {
        out.push_str(url);
        return;
    };
    let (p, suffix) = match path.find(['?', '#']) {
        Some(i) => (&path[..i], &path[i..]),
        None => (path, ""),
    };
    let p = if p.is_empty() { "/" } else { p };
    let in_copy = p
        .strip_prefix('/')
        .and_then(|r| r.strip_prefix(HANT))
        .is_some_and(|r| r.starts_with('/'));
    if !p.starts_with('/')
        || in_copy
        || !is_page(p)
        || p.starts_with("/search/") && !p.ends_with('/')
    {
        out.push_str(url);
        return;
    }
    if abs {
        out.push_str(base);
    }
    out.push('/');
    out.push_str(HANT);
    out.push_str(p);
    out.push_str(suffix);
}

/// Append `text` converted to traditional when it may hold Han characters (any character of
/// three or more UTF-8 bytes; ASCII-only text is copied as is).
fn push_converted(out: &mut String, text: &str) {
    if text.bytes().any(|b| b >= 0xE0) {
        crate::s2t::convert_into(out, text);
    } else {
        out.push_str(text);
    }
}

/// The element name at the start of a tag (`<pre class…>`, `</code>`), as written.
fn tag_name(tag: &str) -> &str {
    let s = tag.trim_start_matches(['<', '/']);
    let n = s
        .bytes()
        .position(|b| !b.is_ascii_alphanumeric())
        .unwrap_or(s.len());
    &s[..n]
}

/// Elements whose content is never converted.
const RAW: [&str; 4] = ["script", "style", "pre", "code"];

/// Convert one HTML document to traditional script with links into the copy. One pass, written
/// into one buffer: text nodes and readable attributes are converted as they are met.
pub fn convert_html(html: &str, base: &str) -> String {
    convert_page(html, base, None, &[])
}

/// [`convert_html`] of a rendered page with the `cards` found in it (in order): where a card
/// starts outside `<pre>`, `<code>`, `<script>` and `<style>`, its converted form, made once per
/// card, is copied instead of converting its text again. The result is the same: a card is
/// only taken whole when converting it alone ends where it began (outside any tag, comment or
/// raw element) and its first and last bytes are ASCII, across which no phrase of the tables
/// runs.
pub fn convert_page(
    html: &str,
    base: &str,
    dir: Option<&str>,
    cards: &[crate::cards::Span],
) -> String {
    let mut out = String::with_capacity(html.len() + html.len() / 16);
    convert_into(html, Here { base, dir }, cards, &mut out);
    out
}

/// One card converted on its own, or `None` when its converted form could differ from the same
/// bytes converted inside a page (see [`convert_page`]).
fn convert_card(html: &str, base: &str) -> Option<String> {
    // Shown on many pages: a relative link in it is left as written.
    let here = Here { base, dir: None };
    let b = html.as_bytes();
    if !(b.first().is_some_and(u8::is_ascii) && b.last().is_some_and(u8::is_ascii)) {
        return None;
    }
    let mut out = String::with_capacity(html.len() + html.len() / 16);
    convert_into(html, here, &[], &mut out).then_some(out)
}

/// Append the conversion of `html` to `out`; whether it ended outside any tag, comment and raw
/// element.
fn convert_into(
    html: &str,
    here: Here<'_>,
    cards: &[crate::cards::Span],
    out: &mut String,
) -> bool {
    let b = html.as_bytes();
    let mut pos = 0;
    let mut raw_until: Option<&'static str> = None;
    let mut open_end = false;
    // The cards not looked at yet start at `next`; `pending` is the next one to take whole
    // (where it starts, its length, its converted form), made once.
    let mut next = 0;
    let mut pending: Option<(usize, usize, std::borrow::Cow<'_, str>)> = None;
    while pos < b.len() {
        if pending.as_ref().is_some_and(|p| p.0 < pos) {
            pending = None;
        }
        if pending.is_none() && raw_until.is_none() {
            // A card that cannot stand alone is read like any text.
            while let Some(c) = cards.get(next) {
                next += 1;
                if c.start < pos {
                    continue;
                }
                if let Some(converted) = c.card.converted(|h| convert_card(h, here.base)) {
                    pending = Some((c.start, c.card.html().len(), converted));
                    break;
                }
            }
        }
        // A text node stops where the next card starts.
        let stop = match &pending {
            Some(p) if raw_until.is_none() => p.0,
            _ => b.len(),
        };
        if stop == pos
            && let Some((_, len, converted)) = pending.take()
        {
            out.push_str(&converted);
            pos += len;
            continue;
        }
        let lt = memchr::memchr(b'<', &b[pos..stop]).map_or(stop, |k| pos + k);
        let text = &html[pos..lt];
        if raw_until.is_some() {
            out.push_str(text)
        } else {
            push_converted(out, text)
        }
        pos = lt;
        if pos == b.len() {
            break;
        }
        if pos == stop {
            continue;
        }
        if b[pos..].starts_with(b"<!--") {
            let end = memchr::memmem::find(&b[pos..], b"-->").map_or(b.len(), |i| pos + i + 3);
            open_end = end == b.len() && !html.ends_with("-->");
            out.push_str(&html[pos..end]);
            pos = end;
            continue;
        }
        let (len, closed) = tag_end(&b[pos..]);
        open_end = !closed;
        let end = pos + len;
        let tag = &html[pos..end];
        pos = end;
        let name = tag_name(tag);
        if let Some(close) = raw_until {
            out.push_str(tag);
            if tag.starts_with("</") && name.eq_ignore_ascii_case(close) {
                raw_until = None;
            }
            continue;
        }
        if !tag.starts_with("</") {
            raw_until = RAW.into_iter().find(|r| name.eq_ignore_ascii_case(r));
        }
        convert_tag(tag, name, here, out);
    }
    raw_until.is_none() && !open_end
}

/// Length of the tag at the start of `s` (up to and including `>`, quotes respected), and
/// whether it is closed (else it runs to the end of `s`).
fn tag_end(s: &[u8]) -> (usize, bool) {
    let mut i = 0;
    while let Some(k) = memchr::memchr3(b'>', b'"', b'\'', &s[i..]) {
        let j = i + k;
        if s[j] == b'>' {
            return (j + 1, true);
        }
        // A quoted value: its closing quote, then on.
        match memchr::memchr(s[j], &s[j + 1..]) {
            Some(m) => i = j + 1 + m + 1,
            None => return (s.len(), false),
        }
    }
    (s.len(), false)
}

/// The quoted attributes of a tag, `name="value"` or `name='value'`: (name, value start, value
/// end), byte offsets.
fn attributes(tag: &str) -> impl Iterator<Item = (&str, usize, usize)> {
    let b = tag.as_bytes();
    let mut at = 0;
    std::iter::from_fn(move || {
        loop {
            let q = at + memchr::memchr2(b'"', b'\'', &b[at..])?;
            if q == 0 || b[q - 1] != b'=' {
                at = q + 1;
                continue;
            }
            let end = q + 1 + memchr::memchr(b[q], &b[q + 1..])?;
            let name_start = b[..q - 1]
                .iter()
                .rposition(|&c| !(c.is_ascii_alphanumeric() || c == b'-'))
                .map_or(0, |i| i + 1);
            at = end + 1;
            return Some((&tag[name_start..q - 1], q + 1, end));
        }
    })
}

/// How `convert_tag` treats an attribute's value.
#[derive(Clone, Copy, PartialEq)]
enum Treat {
    Url,
    /// `srcset`: URLs, each with its size.
    Srcset,
    Text,
    Lang,
    /// `content`: text, or a redirect's URL in `<meta http-equiv="refresh">`.
    Content,
    /// `hreflang`, `http-equiv`: change how `href` and `content` read.
    Special,
    Keep,
}

fn treat(attr: &str) -> Treat {
    match attr {
        "href" | "src" | "action" | "poster" | "data" => Treat::Url,
        "srcset" => Treat::Srcset,
        "alt" | "title" | "aria-label" | "placeholder" | "value" | "data-title" => Treat::Text,
        "lang" => Treat::Lang,
        "content" => Treat::Content,
        "hreflang" | "http-equiv" => Treat::Special,
        _ => Treat::Keep,
    }
}

fn convert_tag(tag: &str, name: &str, here: Here<'_>, out: &mut String) {
    if tag.starts_with("</") || !tag.bytes().any(|b| b == b'"' || b == b'\'') {
        out.push_str(tag);
        return;
    }
    let start = out.len();
    if !convert_attributes(tag, here, None, out) {
        // Two attributes change how others read, wherever they stand in the tag: a link with
        // `hreflang` (the counterpart link) keeps its URL, a refresh's `content` holds a URL.
        // Rare: the tag is done again knowing them.
        out.truncate(start);
        let (mut has_hreflang, mut refresh) = (false, false);
        for (attr, s, e) in attributes(tag) {
            has_hreflang |= attr == "hreflang";
            refresh |= attr == "http-equiv" && &tag[s..e] == "refresh";
        }
        let refresh = refresh && name.eq_ignore_ascii_case("meta");
        convert_attributes(tag, here, Some((has_hreflang, refresh)), out);
    }
}

/// Write `tag` with its readable attributes converted and its URLs rewritten. `special`:
/// (has `hreflang`, is a refresh) once known; `None` stops at either attribute, returning false.
fn convert_attributes(
    tag: &str,
    here: Here<'_>,
    special: Option<(bool, bool)>,
    out: &mut String,
) -> bool {
    let (has_hreflang, refresh) = special.unwrap_or_default();
    // Copied up to `at`; most tags (`<p class="meta">`, `<time datetime="…">`) change nothing
    // and are copied whole at the end.
    let mut at = 0;
    for (attr, s, e) in attributes(tag) {
        // `SRC=` as `src=`; lower-cased only when it has capitals (no allocation per attribute).
        let how = if attr.bytes().any(|b| b.is_ascii_uppercase()) {
            treat(&attr.to_ascii_lowercase())
        } else {
            treat(attr)
        };
        if how == Treat::Special && special.is_none() {
            return false;
        }
        if matches!(how, Treat::Keep | Treat::Special) || (how == Treat::Url && has_hreflang) {
            continue;
        }
        let value = &tag[s..e];
        out.push_str(&tag[at..s]);
        at = e;
        match how {
            Treat::Url => rewrite_url(out, value, here),
            Treat::Srcset => {
                for (k, candidate) in value.split(',').enumerate() {
                    if k > 0 {
                        out.push(',');
                    }
                    let lead = candidate.len() - candidate.trim_start().len();
                    let body = candidate.trim_start();
                    let url_end = body.find(char::is_whitespace).unwrap_or(body.len());
                    out.push_str(&candidate[..lead]);
                    rewrite_url(out, &body[..url_end], here);
                    out.push_str(&body[url_end..]);
                }
            }
            Treat::Content if refresh => match value.find("url=") {
                Some(i) => {
                    out.push_str(&value[..i + 4]);
                    rewrite_url(out, &value[i + 4..], here);
                }
                None => out.push_str(value),
            },
            Treat::Lang if value.starts_with("zh") => out.push_str("zh-Hant"),
            Treat::Text | Treat::Content => push_converted(out, value),
            Treat::Lang | Treat::Keep | Treat::Special => out.push_str(value),
        }
    }
    out.push_str(&tag[at..]);
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cards::{Card, locate};
    use std::sync::Arc;

    const BASE: &str = "https://a.org";

    /// A piece of a test page: its text, and the card it is, if it is one.
    type Piece<'a> = (&'a str, Option<&'a Arc<Card>>);

    /// A card with text before and after it.
    fn around<'a>(before: &'a str, card: &'a Arc<Card>, after: &'a str) -> Vec<Piece<'a>> {
        vec![(before, None), (card.html(), Some(card)), (after, None)]
    }

    /// `pieces` joined into a page, the pieces that are cards noted as one list each, as the
    /// `page_cards` filter notes them; the page converted with the cards found in it.
    fn with_cards(pieces: &[Piece<'_>]) -> (String, String, usize) {
        let page: String = pieces.iter().map(|(s, _)| *s).collect();
        let shown = pieces
            .iter()
            .filter_map(|(_, c)| c.map(|c| vec![(0, c.clone())]))
            .collect();
        let spans = locate(&page, shown);
        (convert_page(&page, BASE, None, &spans), page, spans.len())
    }

    #[test]
    fn a_page_with_cards_converts_as_without() {
        let li = Card::alone("\n  <li><a href=\"/c/\" title=\"后台\">头发</a>发布了</li>");
        let raw = Card::alone("<li>干部</li>");
        let open_code = Card::alone("<li><code>发</li>");
        let han_first = Card::alone("发展<b>里</b>");
        let han_last = Card::alone("<b>里</b>干");
        let open_tag = Card::alone("<li>发</li><a href=\"/d/");
        let cases: Vec<Vec<Piece<'_>>> = vec![
            // Whole cards in a list, the same card twice.
            vec![
                ("<ul>", None),
                (li.html(), Some(&li)),
                (li.html(), Some(&li)),
                ("</ul>头", None),
            ],
            // Inside a raw element: not converted, card or not.
            vec![
                ("<pre>", None),
                (raw.html(), Some(&raw)),
                ("</pre>", None),
                (raw.html(), Some(&raw)),
            ],
            // Cards whose conversion alone could differ from their conversion in the page.
            around("<p>", &open_code, "干</code></p>"),
            around("头", &han_first, "<p>"),
            around("<p>", &han_last, "部发"),
            around("<p>", &open_tag, "\">后台</a>"),
            // Found inside a tag's attribute or a comment: passed over.
            around("<p title=\"", &raw, "\">干部</p>"),
            around("<!--", &raw, "-->干部"),
        ];
        for pieces in &cases {
            let (out, page, _) = with_cards(pieces);
            assert_eq!(out, convert_html(&page, BASE), "{page}");
        }
        // The whole cards were taken from their converted forms, made once.
        let (_, _, found) = with_cards(&cases[0]);
        assert_eq!(found, 2);
        assert_eq!(
            li.converted(|_| None).as_deref(),
            Some("\n  <li><a href=\"/zh-hant/c/\" title=\"後臺\">頭髮</a>發佈了</li>")
        );
        for c in [&open_code, &han_first, &han_last, &open_tag] {
            assert_eq!(c.converted(|_| Some("x".into())), None, "{}", c.html());
        }
    }

    proptest::proptest! {
        /// Pages made of text, tags, raw elements, comments and cards (some reused, some that
        /// cannot stand alone) convert with their cards exactly as without.
        #[test]
        fn cards_never_change_the_copy(picks in proptest::collection::vec(0usize..14, 0..40)) {
            const BITS: [&str; 8] = ["头", "发", "干部", " a ", "<p title=\"后\">", "</p>", "<pre>", "</pre>"];
            const CARDS: [&str; 6] = [
                "<li>发后</li>", "\n<li title=\"里\">头</li>\n", "<li><code>干</li>", "发<i>后</i>",
                "<i>台</i>发", "<!-- 后",
            ];
            let cards: Vec<Arc<Card>> = CARDS.iter().map(|c| Card::alone(c)).collect();
            let pieces: Vec<Piece<'_>> = picks
                .iter()
                .map(|&k| if k < BITS.len() { (BITS[k], None) } else {
                    let c = &cards[k - BITS.len()];
                    (c.html(), Some(c))
                })
                .collect();
            let (out, page, _) = with_cards(&pieces);
            proptest::prop_assert_eq!(out, convert_html(&page, BASE));
        }
    }

    #[test]
    fn uppercase_raw_elements_and_single_quotes() {
        let out = convert_html(
            "<PRE>调解</PRE><p title='调解'>调解</p><Code>发</Code>",
            BASE,
        );
        assert_eq!(
            out,
            "<PRE>调解</PRE><p title='調解'>調解</p><Code>发</Code>"
        );
    }

    #[test]
    fn every_changed_attribute_is_treated_and_others_are_copied() {
        let out = convert_html(
            r#"<p class="调解" data-x="调解"><img alt="调解" title="调解" aria-label="调解" data-title="调解"><input placeholder="调解" value="调解"><a href="/a/"><img src="/b/"><form action="/c/"><meta content="调解"><div lang="zh-CN"></div>"#,
            BASE,
        );
        assert_eq!(
            out,
            r#"<p class="调解" data-x="调解"><img alt="調解" title="調解" aria-label="調解" data-title="調解"><input placeholder="調解" value="調解"><a href="/zh-hant/a/"><img src="/zh-hant/b/"><form action="/zh-hant/c/"><meta content="調解"><div lang="zh-Hant"></div>"#
        );
    }

    #[test]
    fn converts_text_and_attributes_not_code_or_urls() {
        let html = r#"<html lang="zh-CN"><head><title>人民调解委员会</title><meta name="description" content="调解纠纷"><script>var s = "调解";</script></head><body><a href="https://a.org/cases/漏水/" title="发布">典型案例</a><img src="https://a.org/cases/a/图.jpg" alt="调解现场"><pre><code>// 调解</code></pre><a hreflang="zh-Hans" href="https://a.org/x/">简体</a><a href="https://other.org/x/">外</a><a href="/about/#联系">关于</a></body></html>"#;
        let out = convert_html(html, BASE);
        assert!(out.contains("<html lang=\"zh-Hant\">"));
        assert!(out.contains("<title>人民調解委員會</title>"));
        assert!(out.contains("content=\"調解糾紛\""));
        assert!(out.contains("var s = \"调解\";"), "scripts untouched");
        assert!(out.contains("// 调解"), "code untouched");
        assert!(
            out.contains("href=\"https://a.org/zh-hant/cases/漏水/\" title=\"發佈\">典型案例</a>"),
            "{out}"
        );
        assert!(
            out.contains("src=\"https://a.org/cases/a/图.jpg\" alt=\"調解現場\""),
            "files stay at the root"
        );
        assert!(
            out.contains("hreflang=\"zh-Hans\" href=\"https://a.org/x/\""),
            "counterpart link kept"
        );
        assert!(out.contains("href=\"https://other.org/x/\""));
        assert!(out.contains("href=\"/zh-hant/about/#联系\""));
    }

    proptest::proptest! {
        /// Any input, well-formed or not, converts without panicking; text outside tags
        /// converts exactly as the engine converts it; ASCII-only text without markup is kept.
        #[test]
        fn never_panics_and_converts_plain_text(s in "[<>\"'= /a-zA-Z0-9\u{4e00}-\u{4e2f}调解发后里]{0,80}") {
            let out = convert_html(&s, BASE);
            if !s.contains('<') {
                proptest::prop_assert_eq!(&out, &crate::s2t::convert(&s));
            }
            if s.is_ascii() && !s.contains('<') {
                proptest::prop_assert_eq!(out, s);
            }
        }
    }

    #[test]
    fn hreflang_and_refresh_count_wherever_they_stand_in_the_tag() {
        // After the attribute they change, as before it.
        let out = convert_html(
            r#"<a href="https://a.org/x/" title="简体" hreflang="zh-Hans">简体</a><a hreflang="zh-Hans" href="/y/">简体</a><link rel="alternate" href="/z/">"#,
            BASE,
        );
        assert_eq!(
            out,
            r#"<a href="https://a.org/x/" title="簡體" hreflang="zh-Hans">簡體</a><a hreflang="zh-Hans" href="/y/">簡體</a><link rel="alternate" href="/zh-hant/z/">"#
        );
        let out = convert_html(
            r#"<meta content="0; url=/cases/a/" http-equiv="refresh"><meta http-equiv="content-type" content="发布"><p content="发布"></p>"#,
            BASE,
        );
        assert_eq!(
            out,
            r#"<meta content="0; url=/zh-hant/cases/a/" http-equiv="refresh"><meta http-equiv="content-type" content="發佈"><p content="發佈"></p>"#
        );
        // Quotes of the other kind inside a value, a `>` inside quotes, a tag left open.
        let out = convert_html(r#"<img alt='他说"发"' title="a>b 发"><p title="发"#, BASE);
        assert_eq!(out, r#"<img alt='他說"發"' title="a>b 發"><p title="发"#);
    }

    #[test]
    fn relative_links_to_files_point_at_the_files() {
        let page = r##"<img src="photo.png"><a href="./docs/协议.pdf?v=1#p2">协议</a><a href="../b/">乙</a><a href="#x">锚</a><img src="../../../x.png"><a href="mailto:a@b.c">信</a>"##;
        let out = convert_page(page, BASE, Some("/cases/a/"), &[]);
        assert!(
            out.contains(&format!(r#"<img src="{BASE}/cases/a/photo.png">"#)),
            "{out}"
        );
        assert!(
            out.contains(&format!(r##"href="{BASE}/cases/a/docs/协议.pdf?v=1#p2""##)),
            "{out}"
        );
        // A page link stays relative, inside the copy; an anchor, a link leaving the site and a
        // scheme stay as written.
        for kept in [
            r#"href="../b/""#,
            r##"href="#x""##,
            r#"src="../../../x.png""#,
            r#"href="mailto:a@b.c""#,
        ] {
            assert!(out.contains(kept), "{kept}: {out}");
        }
        let media = r#"<img srcset="a.jpg 1x, b.jpg 2x"><video poster="p.jpg"></video><object data="d.svg"></object><IMG SRC="u.png">"#;
        let out = convert_page(media, BASE, Some("/cases/a/"), &[]);
        for url in ["a.jpg 1x", "b.jpg 2x", "p.jpg", "d.svg", "u.png"] {
            assert!(
                out.contains(&format!("{BASE}/cases/a/{url}")),
                "{url}: {out}"
            );
        }
        // A card shown on many pages is converted without a folder: as written.
        assert_eq!(
            convert_html(r#"<img src="p.png">"#, BASE),
            r#"<img src="p.png">"#
        );
    }

    #[test]
    fn redirects_point_into_the_copy() {
        let out = convert_html(
            r#"<meta http-equiv="refresh" content="0; url=https://a.org/cases/a/">"#,
            BASE,
        );
        assert!(out.contains("url=https://a.org/zh-hant/cases/a/"), "{out}");
    }

    #[test]
    fn detects_traditional_text() {
        assert!(looks_traditional(
            "《中華人民共和國民法典》婚姻家庭編規定，結婚應當男女雙方完全自願，禁止任何一方對另一方加以強迫。"
        ));
        assert!(!looks_traditional(
            "《中华人民共和国民法典》婚姻家庭编规定，结婚应当男女双方完全自愿，禁止任何一方对另一方加以强迫。"
        ));
    }
}
