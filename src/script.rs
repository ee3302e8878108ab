//! Simplified and traditional script. With `scripts = ["hans", "hant"]` in config, pages written
//! in traditional characters are converted to simplified before rendering (the root site is
//! simplified), and after rendering every HTML page gets a traditional copy under `/zh-hant/`:
//! text and readable attributes are converted phrase by phrase (OpenCC tables via hanconv),
//! never scripts, styles or code; internal page links point into the copy; the copy is made
//! per file by `emit`, right after the page is rendered, and audited like everything else.

use crate::markdown::is_han;
use crate::meta::KindMeta;
use crate::site::{Page, Site};

/// Folder of the traditional copy.
pub const HANT: &str = "zh-hant";

/// Whether a text is written in traditional script: enough of its Han characters change under
/// traditional → simplified conversion.
pub fn looks_traditional(text: &str) -> bool {
    let han: String = text.chars().filter(|&c| is_han(c)).take(4000).collect();
    let total = han.chars().count();
    if total < 20 {
        return false;
    }
    let simplified = hanconv::t2s(&han);
    let changed = han
        .chars()
        .zip(simplified.chars())
        .filter(|(a, b)| a != b)
        .count();
    changed * 100 >= total * 4
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
    if looks_traditional(&format!("{}{}", p.meta.title, p.body)) {
        simplify_page(p);
    }
}

/// The URL of a site path in the traditional copy.
pub fn hant_path(path: &str) -> String {
    format!("/{HANT}/{}", path.trim_start_matches('/'))
}

fn has_han(s: &str) -> bool {
    s.chars().any(is_han)
}

/// Whether a URL path names a page (which has a traditional copy) rather than a file.
fn is_page(path: &str) -> bool {
    let last = path.rsplit('/').next().unwrap_or("");
    path.ends_with('/') || last.ends_with(".html") || !last.contains('.')
}

/// Rewrite an internal page URL into the traditional copy; other URLs stay.
fn rewrite_url(url: &str, base: &str) -> String {
    let (path, abs) = if let Some(rest) = url.strip_prefix(base) {
        (rest, true)
    } else if url.starts_with('/') && !url.starts_with("//") {
        (url, false)
    } else {
        return url.to_string();
    };
    let (p, suffix) = match path.find(['?', '#']) {
        Some(i) => (&path[..i], &path[i..]),
        None => (path, ""),
    };
    let p = if p.is_empty() { "/" } else { p };
    if !p.starts_with('/')
        || p.starts_with(&format!("/{HANT}/"))
        || !is_page(p)
        || p.starts_with("/search/") && !p.ends_with('/')
    {
        return url.to_string();
    }
    let new = format!("{}{suffix}", hant_path(p));
    if abs { format!("{base}{new}") } else { new }
}

/// Text pieces to convert are collected and converted in one call per document, joined by a
/// private-use character that no OpenCC phrase contains (so no phrase spans two pieces).
const SEP: char = '\u{E000}';

/// Output being assembled: literal text, with `SEP`-free placeholders for pieces to convert.
struct Batch {
    out: String,
    /// (byte offset in `out` where the converted piece goes, piece)
    pieces: Vec<(usize, String)>,
}

impl Batch {
    fn push_converted(&mut self, s: &str) {
        if has_han(s) && !s.contains(SEP) {
            self.pieces.push((self.out.len(), s.to_string()));
        } else {
            self.out.push_str(s);
        }
    }

    fn finish(self) -> String {
        if self.pieces.is_empty() {
            return self.out;
        }
        let joined: String = self
            .pieces
            .iter()
            .map(|(_, s)| s.as_str())
            .collect::<Vec<_>>()
            .join(&SEP.to_string());
        let converted = hanconv::s2t(&joined);
        let parts: Vec<&str> = converted.split(SEP).collect();
        if parts.len() != self.pieces.len() {
            // Cannot happen with a separator the tables never touch; fall back piece by piece.
            return self.finish_each();
        }
        let mut out = String::with_capacity(self.out.len() + converted.len());
        let mut at = 0;
        for ((pos, _), part) in self.pieces.iter().zip(parts) {
            out.push_str(&self.out[at..*pos]);
            out.push_str(part);
            at = *pos;
        }
        out.push_str(&self.out[at..]);
        out
    }

    fn finish_each(self) -> String {
        let mut out = String::with_capacity(self.out.len() * 2);
        let mut at = 0;
        for (pos, piece) in &self.pieces {
            out.push_str(&self.out[at..*pos]);
            out.push_str(&hanconv::s2t(piece));
            at = *pos;
        }
        out.push_str(&self.out[at..]);
        out
    }
}

/// Convert one HTML document to traditional script with links into the copy.
pub fn convert_html(html: &str, base: &str) -> String {
    let mut batch = Batch {
        out: String::with_capacity(html.len() + html.len() / 8),
        pieces: Vec::new(),
    };
    let out = &mut batch;
    let mut rest = html;
    let mut raw_until: Option<&'static str> = None;
    while !rest.is_empty() {
        let Some(lt) = rest.find('<') else {
            if raw_until.is_some() {
                out.out.push_str(rest)
            } else {
                out.push_converted(rest)
            }
            break;
        };
        let text = &rest[..lt];
        if raw_until.is_some() {
            out.out.push_str(text)
        } else {
            out.push_converted(text)
        }
        rest = &rest[lt..];
        if rest.starts_with("<!--") {
            let end = rest.find("-->").map_or(rest.len(), |i| i + 3);
            out.out.push_str(&rest[..end]);
            rest = &rest[end..];
            continue;
        }
        let end = tag_end(rest);
        let tag = &rest[..end];
        rest = &rest[end..];
        let name: String = tag
            .trim_start_matches(['<', '/'])
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        if let Some(close) = raw_until {
            out.out.push_str(tag);
            if tag.starts_with("</") && name == close {
                raw_until = None;
            }
            continue;
        }
        if !tag.starts_with("</") {
            raw_until = match name.as_str() {
                "script" => Some("script"),
                "style" => Some("style"),
                "pre" => Some("pre"),
                "code" => Some("code"),
                _ => None,
            };
        }
        convert_tag(tag, &name, base, out);
    }
    batch.finish()
}

/// Length of the tag at the start of `s` (up to and including `>`, quotes respected).
fn tag_end(s: &str) -> usize {
    let mut quote: Option<u8> = None;
    for (i, b) in s.bytes().enumerate() {
        match (quote, b) {
            (Some(q), c) if c == q => quote = None,
            (None, b'"' | b'\'') => quote = Some(b),
            (None, b'>') => return i + 1,
            _ => {}
        }
    }
    s.len()
}

fn convert_tag(tag: &str, name: &str, base: &str, batch: &mut Batch) {
    if tag.starts_with("</") || !tag.contains('=') {
        batch.out.push_str(tag);
        return;
    }
    let has_hreflang = tag.contains("hreflang=");
    let refresh = name == "meta" && tag.contains("http-equiv=\"refresh\"");
    let mut rest = tag;
    // Walk attribute values `name="value"`.
    while let Some(eq) = rest.find("=\"") {
        let before = &rest[..eq];
        let attr: String = before
            .chars()
            .rev()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        let value_start = eq + 2;
        let Some(len) = rest[value_start..].find('"') else {
            break;
        };
        let value = &rest[value_start..value_start + len];
        batch.out.push_str(&rest[..value_start]);
        let new = match attr.as_str() {
            "href" | "src" | "action" if !has_hreflang => rewrite_url(value, base),
            "content" if refresh => match value.find("url=") {
                Some(i) => format!("{}{}", &value[..i + 4], rewrite_url(&value[i + 4..], base)),
                None => value.to_string(),
            },
            "lang" if value.starts_with("zh") => "zh-Hant".to_string(),
            "alt" | "title" | "aria-label" | "placeholder" | "content" | "value" | "data-title" => {
                batch.push_converted(value);
                String::new()
            }
            _ => value.to_string(),
        };
        batch.out.push_str(&new);
        batch.out.push('"');
        rest = &rest[value_start + len + 1..];
    }
    batch.out.push_str(rest);
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: &str = "https://a.org";

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
