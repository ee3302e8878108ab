//! The Markdown stage of one page or section: runs its shortcodes (`shortcode`), renders the
//! Markdown with the internal links resolved (`markdown`), and points every problem at the line
//! and column of the source file. Shared by the build and `pufa serve`'s page rebuilds.

use std::path::Path;

use serde_json::{Map, Value, json};

use crate::config::Config;
use crate::diag::Diagnostic;
use crate::markdown::{Extras, Links, MarkdownOptions, Rendered};
use crate::render::Renderer;
use crate::shortcode;

/// Shortcode errors reported for one file at most.
const MAX_ERRORS: usize = 20;

/// What the stage needs besides the page.
pub struct Stage<'a> {
    pub config: &'a Config,
    pub root: &'a Path,
    pub md: &'a MarkdownOptions,
    pub laws: &'a pufa_statute::LawTable,
    pub law_base: &'a str,
    pub links: &'a Links,
    /// The templates, when some page calls a shortcode (`None`: a call is an error).
    pub renderer: Option<&'a Renderer>,
    /// The names the anonymizer found in the cases (a shortcode may join one).
    pub guessed: &'a [(String, std::path::PathBuf)],
}

/// One body to render: where it comes from and what its shortcodes see as `page` or `section`.
pub struct Body<'a> {
    /// An anonymized page: its calls must stand apart from its text, and their output is
    /// anonymized as the page's text.
    pub anonymized: Option<&'a crate::site::Page>,
    /// The own text of a case section (anonymized with its cases' parties): no calls.
    pub case_section: bool,
    pub text: &'a str,
    pub file: &'a Path,
    /// 0-based line of the body's first line in the file.
    pub body_line: usize,
    /// `("page", …)` or `("section", …)`.
    pub context: (&'static str, Value),
    pub convention: bool,
    pub case: bool,
    /// The law articles a citation may link to (`None`: all).
    pub linkable: Option<&'a std::collections::HashSet<(String, String)>>,
    /// The section's `insert_anchor_links`.
    pub anchors: crate::meta::AnchorLinks,
}

impl Stage<'_> {
    /// Render `body`; with errors, the HTML is of the text as written (the build fails anyway).
    pub fn render(&self, body: Body) -> (Rendered, Vec<Diagnostic>) {
        let mut errors = Vec::new();
        // The source file, read once when an error needs its line and column.
        let source = std::cell::OnceCell::new();
        let expanded = if shortcode::may_hold(body.text) {
            match self.run_shortcodes(&body, &source) {
                Ok(x) => Some(x),
                Err(e) => {
                    errors.extend(e);
                    None
                }
            }
        } else {
            None
        };
        let (text, html): (&str, &[String]) = match &expanded {
            Some(x) => (&x.text, &x.html),
            None => (body.text, &[]),
        };
        let extras = Extras {
            laws: Some(self.laws),
            law_base: self.law_base,
            convention: body.convention,
            case: body.case,
            links: Some(self.links),
            shortcodes: html,
            linkable: body.linkable,
            anchors: body.anchors,
            anonymized: body.anonymized.is_some() || body.case_section,
        };
        let rendered = crate::markdown::render_with(text, self.md, &extras);
        for link in &rendered.broken_links {
            let mut d = Diagnostic::error(format!(
                "internal link `{link}` leads to no page or section under content/"
            ))
            .at(body.file)
            .help("write the path of a Markdown file under content/, e.g. @/cases/loushui.md or @/cases/_index.md (a bundle's is @/cases/loushui/index.md)");
            if let Some((line, col)) =
                self.find_in_source(&body, &source, |src| src.find(link.as_str()))
            {
                d = d.line(line, col);
            }
            errors.push(d);
        }
        (rendered, errors)
    }

    fn run_shortcodes(
        &self,
        body: &Body,
        source: &std::cell::OnceCell<Option<String>>,
    ) -> Result<shortcode::Expanded, Vec<Diagnostic>> {
        let located = |e: shortcode::CallError| {
            let mut d = Diagnostic::error(e.message).at(body.file).help(e.help);
            if let Some((line, col)) =
                self.find_in_source(body, source, |src| shortcode::locate(src, &e.name, e.nth))
            {
                d = d.line(line, col);
            }
            d
        };
        // A page of thousands of bad calls is reported by its first few.
        let all = |errs: Vec<shortcode::CallError>| -> Vec<Diagnostic> {
            let n = errs.len();
            let mut out: Vec<Diagnostic> = errs.into_iter().take(MAX_ERRORS).map(located).collect();
            if n > MAX_ERRORS {
                out.push(
                    Diagnostic::error(format!("…and {} more shortcode errors", n - MAX_ERRORS))
                        .at(body.file),
                );
            }
            out
        };
        let (parsed, unclosed) = shortcode::parse(body.text, body.anonymized.is_some());
        let mut errors: Vec<Diagnostic> = all(unclosed);
        if body.case_section {
            // Its text is anonymized with every case's parties; a call's output would not be.
            errors.extend(all(parsed
                .calls
                .iter()
                .map(|c| shortcode::CallError {
                    name: c.name.clone(),
                    nth: c.nth,
                    message: format!("shortcode `{}` in a case section's own text", c.name),
                    help: "a case section's text is anonymized with its cases' parties before shortcodes run, and their output would not be: write the text out, or put the call on a page that is not a case".into(),
                })
                .collect()));
            return Err(errors);
        }
        if parsed.calls.is_empty() && errors.is_empty() {
            return Ok(shortcode::Expanded {
                text: parsed.text,
                html: Vec::new(),
            });
        }
        let Some(r) = self.renderer else {
            // The theme failed to load: its errors are reported; calls cannot run.
            return Err(Vec::new());
        };
        let mut outer = Map::new();
        outer.insert(body.context.0.into(), body.context.1.clone());
        outer.insert("lang".into(), json!(self.config.default_language));
        let expanded = shortcode::expand(
            parsed,
            |name| r.shortcode_template(name),
            |tpl, call, around| {
                let out = r.render_shortcode(tpl, call, around.body, &outer)?;
                match body.anonymized {
                    // The template may print arguments side by side, joining what the
                    // anonymizer saw apart: its output is anonymized as the page's text, read
                    // after the text before the call (a label there: 微信号：, then the call).
                    Some(page) => crate::anon::anonymize_text(
                        page,
                        around.before,
                        &out,
                        self.config,
                        self.guessed,
                    ),
                    None => Ok(out),
                }
            },
        );
        match expanded {
            Ok(x) if errors.is_empty() => Ok(x),
            Ok(_) => Err(errors),
            Err(e) => {
                errors.extend(all(e));
                Err(errors)
            }
        }
    }

    /// Line and column in the source file of what `find` finds in its body as written (the text
    /// rendered may have been anonymized or converted to simplified script since).
    fn find_in_source(
        &self,
        body: &Body,
        source: &std::cell::OnceCell<Option<String>>,
        find: impl Fn(&str) -> Option<usize>,
    ) -> Option<(usize, usize)> {
        let text = source
            .get_or_init(|| std::fs::read_to_string(self.root.join(body.file)).ok())
            .as_ref()?;
        let start: usize = text
            .split_inclusive('\n')
            .take(body.body_line)
            .map(str::len)
            .sum();
        let src = text.get(start..)?;
        let at = find(src)?;
        let (line, col) = crate::diag::line_col(src, at);
        Some((body.body_line + line, col))
    }
}

/// What a page's shortcodes see as `page` (its content is not rendered yet).
pub fn page_context(p: &crate::site::Page, config: &Config) -> Value {
    json!({
        "title": p.meta.title,
        "description": p.meta.description,
        "date": p.meta.date.map(|d| d.iso()),
        "updated": p.meta.updated.map(|d| d.iso()),
        "slug": p.slug,
        "path": p.path,
        "permalink": config.url(&p.path),
        "authors": p.meta.authors,
        "taxonomies": p.meta.taxonomies,
        "extra": p.meta.extra,
        "kind": p.kind.map(|k| k.name()),
    })
}

/// What a section's shortcodes see as `section`.
pub fn section_context(s: &crate::site::Section, config: &Config) -> Value {
    json!({
        "title": s.meta.title,
        "description": s.meta.description,
        "path": s.path,
        "permalink": config.url(&s.path),
        "extra": s.meta.extra,
        "kind": s.kind.map(|k| k.name()),
    })
}
