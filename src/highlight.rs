//! Code highlighting with syntect, emitting CSS classes (`hl-…`) instead of inline styles so one
//! stylesheet (`css/syntax.css`, written once per build) serves every page. The syntax set is
//! loaded lazily, once, and only if a page has a code block.

use std::sync::LazyLock;

use syntect::highlighting::ThemeSet;
use syntect::html::{ClassStyle, ClassedHTMLGenerator, css_for_theme_with_class_style};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

static SYNTAXES: LazyLock<SyntaxSet> = LazyLock::new(SyntaxSet::load_defaults_newlines);
const STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Zola's options after a fence's language (```` ```rust,linenos,hl_lines=2 4-5 ````).
#[derive(Debug, Default, Clone, PartialEq)]
pub struct FenceOptions {
    /// `linenos`: each line shows its number.
    pub linenos: bool,
    /// `linenostart=N`: the first line's number.
    pub start: usize,
    /// `hl_lines=…`: line ranges shown highlighted (1-based, inclusive).
    pub highlight: Vec<(usize, usize)>,
    /// `hide_lines=…`: line ranges left out.
    pub hide: Vec<(usize, usize)>,
}

impl FenceOptions {
    /// The language and the options of a fence's info string; unknown options are ignored, as
    /// Zola ignores them.
    pub fn parse(info: &str) -> (String, FenceOptions) {
        let mut parts = info.split(',').map(str::trim);
        let lang = parts
            .next()
            .unwrap_or("")
            .split_whitespace()
            .next()
            .unwrap_or("")
            .to_string();
        let mut o = FenceOptions {
            start: 1,
            ..FenceOptions::default()
        };
        let ranges = |v: &str| -> Vec<(usize, usize)> {
            v.split_whitespace()
                .filter_map(|r| match r.split_once('-') {
                    Some((a, b)) => Some((a.trim().parse().ok()?, b.trim().parse().ok()?)),
                    None => r.parse().ok().map(|n| (n, n)),
                })
                .filter(|&(a, b): &(usize, usize)| a >= 1 && a <= b)
                .collect()
        };
        for p in parts {
            match p.split_once('=') {
                None if p == "linenos" => o.linenos = true,
                Some(("linenostart", v)) => o.start = v.trim().parse().unwrap_or(1),
                Some(("hl_lines", v)) => o.highlight = ranges(v),
                Some(("hide_lines", v)) => o.hide = ranges(v),
                _ => {}
            }
        }
        (lang, o)
    }

    fn lined(&self) -> bool {
        self.linenos || !self.highlight.is_empty() || !self.hide.is_empty()
    }
}

/// Bytes of `html` outside its tags.
fn visible_len(html: &str) -> usize {
    let mut inside = false;
    html.bytes()
        .filter(|&b| {
            match b {
                b'<' => inside = true,
                b'>' if inside => {
                    inside = false;
                    return false;
                }
                _ => {}
            }
            !inside
        })
        .count()
}

fn in_ranges(ranges: &[(usize, usize)], n: usize) -> bool {
    ranges.iter().any(|&(a, b)| a <= n && n <= b)
}

/// The block's HTML line by line: the spans open at a line's end are closed there and opened
/// again on the next line, so each line stands alone; then numbered, highlighted or hidden.
fn lines(html: &str, o: &FenceOptions) -> String {
    let mut out = String::with_capacity(html.len() + html.len() / 4);
    let mut open: Vec<&str> = Vec::new();
    let mut n = 0;
    for line in html.split_inclusive('\n') {
        // After the last line break only the closing tags of the block are left: each line
        // closed its own spans already.
        if !line.ends_with('\n') && visible_len(line) == 0 {
            break;
        }
        n += 1;
        let text = line.strip_suffix('\n').unwrap_or(line);
        let mut body = String::new();
        for tag in &open {
            body.push_str(tag);
        }
        // Track the spans this line opens and closes (the generator writes no other tags).
        let mut rest = text;
        while let Some(i) = rest.find('<') {
            let Some(j) = rest[i..].find('>') else { break };
            let tag = &rest[i..i + j + 1];
            if tag.starts_with("</") {
                open.pop();
            } else if !tag.ends_with("/>") {
                open.push(tag);
            }
            rest = &rest[i + j + 1..];
        }
        body.push_str(text);
        for _ in &open {
            body.push_str("</span>");
        }
        if in_ranges(&o.hide, n) {
            continue;
        }
        let number = if o.linenos {
            format!(
                "<span class=\"ln\" aria-hidden=\"true\">{}</span>",
                n + o.start.max(1) - 1
            )
        } else {
            String::new()
        };
        if in_ranges(&o.highlight, n) {
            out.push_str(&format!("<mark class=\"hl-line\">{number}{body}</mark>\n"));
        } else {
            out.push_str(&format!("{number}{body}\n"));
        }
    }
    out
}

/// HTML for one fenced code block.
pub fn code_block(code: &str, lang: &str, enabled: bool) -> String {
    code_block_with(code, lang, enabled, &FenceOptions::default())
}

/// HTML for one fenced code block with Zola's fence options (line numbers, highlighted and
/// hidden lines).
pub fn code_block_with(code: &str, lang: &str, enabled: bool, o: &FenceOptions) -> String {
    let html = code_html(code, lang, enabled);
    if !o.lined() {
        return html;
    }
    // Between `<code>` and `</code>`: the lines.
    let (Some(a), Some(b)) = (html.find("<code>"), html.rfind("</code>")) else {
        return html;
    };
    let mark = if o.linenos {
        "<pre data-lines=\"numbered\""
    } else {
        "<pre data-lines"
    };
    let pre = html[..a].replacen("<pre", mark, 1);
    format!("{pre}<code>{}{}", lines(&html[a + 6..b], o), &html[b..])
}

fn code_html(code: &str, lang: &str, enabled: bool) -> String {
    let lang_attr = if lang.is_empty() {
        String::new()
    } else {
        format!(" data-lang=\"{}\"", escape(lang).replace('"', ""))
    };
    if !enabled || lang.is_empty() {
        return format!("<pre{lang_attr}><code>{}</code></pre>\n", escape(code));
    }
    let ss = &*SYNTAXES;
    let Some(syntax) = ss.find_syntax_by_token(lang) else {
        return format!("<pre{lang_attr}><code>{}</code></pre>\n", escape(code));
    };
    let mut generator = ClassedHTMLGenerator::new_with_class_style(syntax, ss, STYLE);
    for line in LinesWithEndings::from(code) {
        if generator
            .parse_html_for_line_which_includes_newline(line)
            .is_err()
        {
            return format!("<pre{lang_attr}><code>{}</code></pre>\n", escape(code));
        }
    }
    format!(
        "<pre class=\"hl-code\"{lang_attr}><code>{}</code></pre>\n",
        generator.finalize()
    )
}

/// The stylesheet for highlighted code (light theme, with a dark variant for dark-mode readers).
pub fn stylesheet() -> String {
    let themes = ThemeSet::load_defaults();
    let mut css = String::from("/* generated by pufa from syntect's InspiredGitHub theme */\n");
    if let Some(theme) = themes.themes.get("InspiredGitHub")
        && let Ok(s) = css_for_theme_with_class_style(theme, STYLE)
    {
        css.push_str(&s);
    }
    css
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fence_options_parse_as_zola_writes_them() {
        let (lang, o) =
            FenceOptions::parse("rust,linenos,linenostart=20,hl_lines=1 3-4,hide_lines=2");
        assert_eq!(lang, "rust");
        assert!(o.linenos);
        assert_eq!(o.start, 20);
        assert_eq!(o.highlight, vec![(1, 1), (3, 4)]);
        assert_eq!(o.hide, vec![(2, 2)]);
        let (lang, o) = FenceOptions::parse("toml");
        assert_eq!(lang, "toml");
        assert!(!o.lined());
    }

    /// Each line stands alone (the spans a highlighted line leaves open are closed and opened
    /// again), so numbers and highlights wrap whole lines; hidden lines are gone.
    #[test]
    fn lines_are_numbered_highlighted_and_hidden() {
        let code = "fn main() {\n    let a = \"x\";\n    println!(\"{a}\");\n}\n";
        let (lang, o) = FenceOptions::parse("rust,linenos,linenostart=7,hl_lines=3,hide_lines=2");
        let html = code_block_with(code, &lang, true, &o);
        assert!(
            html.starts_with("<pre data-lines=\"numbered\" class=\"hl-code\""),
            "{html}"
        );
        let lines: Vec<&str> = html.lines().collect();
        assert_eq!(lines.len(), 4, "{html}");
        assert_eq!(lines[3], "</code></pre>");
        assert!(lines[0].contains("<span class=\"ln\" aria-hidden=\"true\">7</span>"));
        assert!(lines[1].starts_with(
            "<mark class=\"hl-line\"><span class=\"ln\" aria-hidden=\"true\">9</span>"
        ));
        assert!(lines[1].contains("println!"), "{html}");
        assert!(!html.contains("let a"), "{html}");
        // Every line's tags balance.
        for l in &lines[..3] {
            assert_eq!(
                l.matches("<span").count(),
                l.matches("</span>").count(),
                "{l}"
            );
        }
        // Without highlighting, the escaped text is split the same way.
        let plain = code_block_with("a < b\nc\n", "", true, &FenceOptions::parse(",linenos").1);
        assert!(
            plain.contains("<span class=\"ln\" aria-hidden=\"true\">2</span>c\n"),
            "{plain}"
        );
    }
}
