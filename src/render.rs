//! Templates: compiles the theme's Tera templates once, builds the view data templates see (light
//! page summaries shared by every list; full bodies only on the page itself), and renders pages,
//! sections with pagination, taxonomy pages and the 404 page in parallel.

use std::collections::{HashMap, HashSet};

use rayon::prelude::*;
use serde_json::{Map, Value, json};
use tera::{Context, Tera};

use crate::config::Config;
use crate::diag::Diagnostic;
use crate::meta::KindMeta;
use crate::output::OutputFile;
use crate::site::Site;
use crate::slug::output_file;
use crate::summary::Summary;
use crate::theme::Theme;

/// Compiled templates plus the values every template gets.
pub struct Renderer {
    tera: Tera,
    globals: Map<String, Value>,
    /// Some template reads `pagers` (every listing page's link): only then is it built, since it
    /// makes each listing page cost as much as the number of listing pages.
    uses_pagers: bool,
    /// Cards rendered by the `page_cards` filter, reused by every list until the next pass.
    cards: std::sync::Arc<crate::cards::CardCache>,
}

/// Flatten an error and its sources into one line.
pub fn error_chain(e: &dyn std::error::Error) -> String {
    let mut parts = vec![e.to_string()];
    let mut src = e.source();
    while let Some(s) = src {
        let text = s.to_string();
        if !parts.iter().any(|p| p.contains(text.trim())) {
            parts.push(text);
        }
        src = s.source();
    }
    parts.join(": ")
}

/// Tera's escape function. Copies the runs between special bytes whole: the text is mostly Han
/// characters, which a push per character would re-encode one by one.
fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    let mut at = 0;
    for (i, b) in s.bytes().enumerate() {
        let entity = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&s[at..i]);
        out.push_str(entity);
        at = i + 1;
    }
    out.push_str(&s[at..]);
    out
}

struct GetUrl {
    base: String,
    links: std::sync::Arc<crate::markdown::Links>,
}

impl tera::Function for GetUrl {
    fn call(&self, args: &HashMap<String, Value>) -> tera::Result<Value> {
        let path = args
            .get("path")
            .and_then(Value::as_str)
            .ok_or("get_url needs `path=\"…\"`")?;
        if path.starts_with("http://") || path.starts_with("https://") {
            return Ok(Value::String(path.to_string()));
        }
        // Zola's internal path: `@/cases/a.md` is that page's permalink.
        if let Some(target) = path.strip_prefix("@/") {
            let (file, anchor) = target.split_once('#').unwrap_or((target, ""));
            let url = self
                .links
                .get(file)
                .ok_or_else(|| format!("get_url: `{path}` is no page or section under content/"))?;
            return Ok(Value::String(if anchor.is_empty() {
                url.clone()
            } else {
                format!("{url}#{anchor}")
            }));
        }
        Ok(Value::String(format!(
            "{}/{}",
            self.base,
            path.trim_start_matches('/')
        )))
    }

    fn is_safe(&self) -> bool {
        true
    }
}

/// `page_exists(path="/about/")`: whether the site has a page or section at that path.
struct PageExists {
    paths: std::collections::HashSet<String>,
}

impl tera::Function for PageExists {
    fn call(&self, args: &HashMap<String, Value>) -> tera::Result<Value> {
        let path = args
            .get("path")
            .and_then(Value::as_str)
            .ok_or("page_exists needs `path=\"…\"`")?;
        Ok(Value::Bool(
            self.paths.contains(&crate::slug::normalize_path(path)),
        ))
    }

    fn is_safe(&self) -> bool {
        true
    }
}

/// Zola's `markdown` filter: `{{ body | markdown | safe }}`, `inline=true` without the `<p>`
/// around a single paragraph.
struct MarkdownFilter(
    crate::markdown::MarkdownOptions,
    std::sync::Arc<crate::markdown::Links>,
);

impl tera::Filter for MarkdownFilter {
    fn filter(&self, value: &Value, args: &HashMap<String, Value>) -> tera::Result<Value> {
        let text = value.as_str().ok_or("the markdown filter takes a string")?;
        let extras = crate::markdown::Extras {
            links: Some(&self.1),
            ..Default::default()
        };
        let rendered = crate::markdown::render_with(text, &self.0, &extras);
        // An internal link left as written would publish its source path (a case's file name).
        if let Some(link) = rendered.broken_links.first() {
            return Err(format!(
                "markdown filter: internal link `{link}` leads to no page or section under content/"
            )
            .into());
        }
        let mut html = rendered.html;
        if args.get("inline").and_then(Value::as_bool) == Some(true) {
            let t = html.trim_end();
            if let Some(inner) = t.strip_prefix("<p>").and_then(|t| t.strip_suffix("</p>"))
                && !inner.contains("<p>")
            {
                html = inner.to_string();
            }
        }
        Ok(Value::String(html))
    }
}

fn date_zh(value: &Value, _: &HashMap<String, Value>) -> tera::Result<Value> {
    let s = value.as_str().unwrap_or_default();
    Ok(Value::String(
        crate::meta::Date::parse(s)
            .map(|d| d.zh())
            .unwrap_or_else(|| s.to_string()),
    ))
}

/// What the renderer needs of a site: its page and section paths (for `page_exists`), the
/// navigation and the page count. Taken once paths are assigned, so the templates can be compiled
/// while the pages' Markdown is rendered.
pub struct SiteShape {
    paths: std::collections::HashSet<String>,
    nav: Value,
    pages: usize,
    links: std::sync::Arc<crate::markdown::Links>,
    /// The site root for `load_data` (none: the function is not offered).
    root: Option<std::path::PathBuf>,
    /// Folders (root-relative) holding anonymized pages: `load_data` reads nothing there.
    protected: Vec<String>,
}

impl SiteShape {
    pub fn of(
        site: &Site,
        config: &Config,
        links: std::sync::Arc<crate::markdown::Links>,
    ) -> SiteShape {
        let paths = site
            .pages
            .iter()
            .map(|p| p.path.clone())
            .chain(site.sections.iter().map(|s| s.path.clone()))
            .collect();
        let root = &site.sections[0];
        let mut nav: Vec<&usize> = root
            .subsections
            .iter()
            .filter(|&&i| site.sections[i].meta.render)
            .collect();
        nav.sort_by_key(|&&i| (site.sections[i].meta.weight, site.sections[i].dir.clone()));
        let nav = Value::Array(
            nav.into_iter()
                .map(|&i| {
                    let s = &site.sections[i];
                    json!({"title": s.meta.title, "permalink": config.url(&s.path), "path": s.path, "kind": s.kind.map(|k| k.name())})
                })
                .collect(),
        );
        let folder = |f: &std::path::Path| {
            f.parent()
                .map(|d| d.to_string_lossy().replace('\\', "/"))
                .unwrap_or_default()
        };
        let mut protected: Vec<String> = site
            .pages
            .iter()
            .filter(|p| p.meta.anon.enabled)
            .map(|p| folder(&p.file))
            .chain(
                site.sections
                    .iter()
                    .filter(|s| s.kind == Some(crate::meta::Kind::Case))
                    .map(|s| folder(&s.file)),
            )
            .collect();
        protected.sort();
        protected.dedup();
        SiteShape {
            paths,
            nav,
            pages: site.pages.len(),
            links,
            root: None,
            protected,
        }
    }

    /// Offer `load_data` with files of the site at `root`.
    pub fn with_root(mut self, root: &std::path::Path) -> SiteShape {
        self.root = Some(root.to_path_buf());
        self
    }
}

impl Renderer {
    pub fn new(theme: &Theme, config: &Config, site: &Site) -> Result<Renderer, Vec<Diagnostic>> {
        let links = std::sync::Arc::new(site.links(config));
        Self::for_shape(theme, config, SiteShape::of(site, config, links))
    }

    /// The renderer of a site of `shape`.
    pub fn for_shape(
        theme: &Theme,
        config: &Config,
        shape: SiteShape,
    ) -> Result<Renderer, Vec<Diagnostic>> {
        let mut tera = Tera::default();
        let sources: Vec<(String, String)> = theme
            .templates
            .iter()
            .map(|(name, (text, _))| (name.clone(), text.clone()))
            .collect();
        if let Err(e) = tera.add_raw_templates(sources) {
            let msg = error_chain(&e);
            // Name the file the failing template came from.
            let file = theme
                .templates
                .iter()
                .find(|(name, _)| msg.contains(&format!("'{name}'")))
                .map(|(_, (_, f))| f.clone());
            let mut d = Diagnostic::error(format!("template error: {msg}"))
                .help("fix the template syntax at the line shown (Tera/Jinja2 syntax)");
            if let Some(f) = file {
                d = d.at(f);
            }
            return Err(vec![d]);
        }
        tera.autoescape_on(vec![".html", ".xml"]);
        // Tera's default also escapes `/`, which makes every URL `https:&#x2F;&#x2F;…`.
        tera.set_escape_fn(escape_html);
        tera.register_function(
            "get_url",
            GetUrl {
                base: config.base().to_string(),
                links: shape.links.clone(),
            },
        );
        tera.register_filter("date_zh", date_zh);
        tera.register_filter(
            "markdown",
            MarkdownFilter(config.markdown_options(), shape.links.clone()),
        );
        tera.register_function("page_exists", PageExists { paths: shape.paths });
        if let Some(root) = &shape.root {
            tera.register_function(
                "load_data",
                crate::data::LoadData::new(root, shape.protected.clone()),
            );
        }

        let mut globals = Map::new();
        globals.insert(
            "config".into(),
            json!({
                "title": config.title,
                "base_url": config.base(),
                "description": config.description,
                "default_language": config.default_language,
                "build_search_index": config.build_search_index,
                "extra": config.extra,
                "taxonomies": config.taxonomies.iter().map(|t| json!({"name": t.name, "slug": crate::slug::slugify(&t.name)})).collect::<Vec<_>>(),
            }),
        );
        globals.insert("lang".into(), json!(config.default_language));
        globals.insert("pufa".into(), json!({"version": env!("CARGO_PKG_VERSION")}));
        globals.insert("nav".into(), shape.nav);
        let uses_pagers = theme
            .templates
            .values()
            .any(|(text, _)| text.contains("pagers"));
        // Cards render with a copy of the templates made before the filter is added: the copy
        // cannot hold the cache that holds it.
        let cards = std::sync::Arc::new(crate::cards::CardCache::for_pages(
            shape.pages,
            config.hant(),
        ));
        cards.set_templates(tera.clone(), globals.clone());
        tera.register_filter("page_cards", crate::cards::PageCards(cards.clone()));
        Ok(Renderer {
            tera,
            globals,
            uses_pagers,
            cards,
        })
    }

    /// Start a rendering pass: cards rendered before (from older summaries) are forgotten.
    pub fn begin_pass(&self) {
        self.cards.clear();
    }

    /// Whether list contexts need `paginator.pagers`.
    pub(crate) fn uses_pagers(&self) -> bool {
        self.uses_pagers
    }

    pub fn has(&self, name: &str) -> bool {
        self.tera.get_template_names().any(|n| n == name)
    }

    /// The template of shortcode `name`: `shortcodes/name.md` (its output is Markdown) before
    /// `shortcodes/name.html`.
    pub fn shortcode_template(&self, name: &str) -> Option<String> {
        [".md", ".html"]
            .iter()
            .map(|ext| format!("shortcodes/{name}{ext}"))
            .find(|t| self.tera.get_template(t).is_ok())
    }

    /// Render one shortcode call as Zola does: its arguments, `body` (right-trimmed) and `nth`,
    /// then the values every template gets and `page` (or `section`), which win over arguments
    /// of the same name.
    pub fn render_shortcode(
        &self,
        template: &str,
        call: &crate::shortcode::Call,
        body: Option<&str>,
        outer: &Map<String, Value>,
    ) -> Result<String, String> {
        let mut ctx = call.args.clone();
        if let Some(body) = body {
            ctx.insert("body".into(), json!(body.trim_end()));
        }
        ctx.insert("nth".into(), json!(call.nth));
        for (k, v) in self.globals.iter().chain(outer) {
            ctx.insert(k.clone(), v.clone());
        }
        let context = Context::from_value(Value::Object(ctx)).map_err(|e| e.to_string())?;
        render_string(&self.tera, template, &context)
            .map(|s| s.replace("\r\n", "\n"))
            .map_err(|e| error_chain(&e))
    }

    pub fn render(
        &self,
        template: &str,
        path: &str,
        config: &Config,
        mut extra: Map<String, Value>,
    ) -> Result<Rendered, Diagnostic> {
        let mut ctx = self.globals.clone();
        ctx.insert("current_path".into(), json!(path));
        ctx.insert("current_url".into(), json!(config.url(path)));
        if config.hant() {
            ctx.insert(
                "script_urls".into(),
                json!({"hans": config.url(path), "hant": config.url(&crate::script::hant_path(path))}),
            );
        }
        ctx.append(&mut extra);
        let context = Context::from_value(Value::Object(ctx))
            .map_err(|e| Diagnostic::error(format!("cannot build the template context: {e}")))?;
        // With a traditional copy, the page's cards are noted and found in its HTML.
        let copy = config.hant();
        if copy {
            crate::cards::start_noting();
        }
        let html = render_string(&self.tera, template, &context);
        let shown = if copy {
            crate::cards::take_noted()
        } else {
            Vec::new()
        };
        let html = html.map_err(|e| {
            let msg = error_chain(&e);
            let help = if matches!(e.kind, tera::ErrorKind::TemplateNotFound(_)) {
                format!("add the template to templates/ (a Zola theme's templates are not pufa's: see docs/templates.md), or remove the `template` / `page_template` naming `{template}`")
            } else {
                format!("check template `{template}` for variables that do not exist (see docs/templates.md)")
            };
            Diagnostic::error(format!("rendering {path} failed: {msg}")).help(help)
        })?;
        let cards = if shown.is_empty() {
            Vec::new()
        } else {
            crate::cards::locate(&html, shown)
        };
        Ok(Rendered { html, cards })
    }
}

/// Render `template` into a string. Tera's own `render` checks its output is UTF-8 with the
/// standard library, about 1 GB/s on Han text (2% of a build); simdutf8 checks it several times
/// faster, and copying the checked text into a string costs less than the check it replaces.
pub(crate) fn render_string(
    tera: &Tera,
    template: &str,
    context: &Context,
) -> tera::Result<String> {
    let mut out = Vec::with_capacity(16 << 10);
    tera.render_to(template, context, &mut out)?;
    match simdutf8::basic::from_utf8(&out) {
        Ok(text) => Ok(text.to_owned()),
        // Tera writes strings only; should it not, the standard check names the bad byte.
        Err(_) => String::from_utf8(out).map_err(|e| tera::Error::msg(e.to_string())),
    }
}

/// A rendered page: its HTML and, when the site has a traditional copy, the cards found in it.
#[derive(Debug)]
pub struct Rendered {
    pub html: String,
    pub cards: Vec<crate::cards::Span>,
}

fn pick(summaries: &[Summary], ids: &[usize]) -> Value {
    Value::Array(ids.iter().map(|&i| summaries[i].value()).collect())
}

/// One listing page of a paginated list.
pub(crate) struct Pager {
    pub index: usize,
    pub path: String,
    pub range: std::ops::Range<usize>,
}

pub(crate) fn pagers(
    total: usize,
    by: Option<usize>,
    base: &str,
    paginate_path: &str,
) -> Vec<Pager> {
    let by = by.unwrap_or(total.max(1));
    let count = total.div_ceil(by).max(1);
    (0..count)
        .map(|i| Pager {
            index: i + 1,
            path: if i == 0 {
                base.to_string()
            } else {
                format!("{base}{paginate_path}/{}/", i + 1)
            },
            range: (i * by)..((i + 1) * by).min(total),
        })
        .collect()
}

/// The `paginator` of listing page `i`. `all_pagers`: include `pagers`, the link of every listing
/// page (only when a template reads it: with thousands of listing pages it would be most of the
/// build's work, growing with the square of the list's length).
pub(crate) fn paginator_value(
    pagers: &[Pager],
    i: usize,
    by: Option<usize>,
    items: Value,
    config: &Config,
    all_pagers: bool,
) -> Value {
    let p = &pagers[i];
    // `items` is moved in afterwards: inside `json!` it would be serialized again, a deep copy
    // of every summary of the list.
    let mut v = json!({
        "current_index": p.index,
        "number_pagers": pagers.len(),
        "total_pages": pagers.len(),
        "paginate_by": by,
        "first": config.url(&pagers[0].path),
        "last": config.url(&pagers[pagers.len() - 1].path),
        "previous": if i > 0 { Some(config.url(&pagers[i - 1].path)) } else { None },
        "next": pagers.get(i + 1).map(|n| config.url(&n.path)),
    });
    let Value::Object(m) = &mut v else {
        return v;
    };
    m.insert("pages".into(), items);
    if all_pagers {
        m.insert(
            "pagers".into(),
            json!(
                pagers
                    .iter()
                    .map(|x| json!({"index": x.index, "permalink": config.url(&x.path)}))
                    .collect::<Vec<_>>()
            ),
        );
    }
    v
}

/// A redirect page (aliases, `/page/1/`).
pub fn redirect_html(to: &str) -> String {
    let to = to.replace('"', "%22");
    format!(
        "<!doctype html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>跳转中</title><link rel=\"canonical\" href=\"{to}\"><meta http-equiv=\"refresh\" content=\"0; url={to}\"><meta name=\"robots\" content=\"noindex\"></head><body><p>本页已移至 <a href=\"{to}\">{to}</a>。</p></body></html>\n"
    )
}

enum Job {
    Page(usize),
    Section(usize, usize),
    TaxonomyList(usize),
    Facet(usize, usize, usize),
    Print(usize),
    Term(usize, usize, usize),
    NotFound,
    Search,
}

/// Render every HTML page of the site.
/// Which files of a site an incremental rebuild renders after body-only edits of some pages.
#[derive(Debug, Clone, Copy)]
pub enum Dirty<'a> {
    /// The pages themselves and their neighbours (which show their summaries).
    Pages(&'a HashSet<usize>),
    /// The section, home, taxonomy and facet pages listing them.
    Lists(&'a HashSet<usize>),
    /// Every section, taxonomy and facet page (after a front-matter edit moved pages around).
    AllLists,
}

/// Output paths of every list page (sections, taxonomy terms, facet values, with their pagers):
/// serve compares them before and after a front-matter edit to find list pages that vanish.
pub fn list_paths(site: &Site) -> HashSet<String> {
    let mut lists: Vec<(usize, Option<usize>, &str, &str)> = Vec::new();
    for s in site
        .sections
        .iter()
        .filter(|s| s.meta.render && s.meta.redirect_to.is_none())
    {
        lists.push((
            s.pages.len(),
            s.meta.paginate_by,
            &s.path,
            &s.meta.paginate_path,
        ));
    }
    for t in site.taxonomies.iter().filter(|t| t.config.render) {
        for term in &t.terms {
            lists.push((
                term.pages.len(),
                t.config.paginate_by,
                &term.path,
                &t.config.paginate_path,
            ));
        }
    }
    for f in &site.facets {
        let s = &site.sections[f.section];
        for v in &f.values {
            lists.push((
                v.pages.len(),
                s.meta.paginate_by,
                &v.path,
                &s.meta.paginate_path,
            ));
        }
    }
    lists
        .into_iter()
        .flat_map(|(total, by, base, pp)| pagers(total, by, base, pp))
        .map(|pg| pg.path)
        .collect()
}

/// Each file goes to `emit` as soon as it is rendered; the errors are returned. With `dirty`
/// (serve's incremental rebuild), only the files that show one of those pages are rendered.
/// Page bodies handed to the page templates in a one-off build: each page's HTML is moved out of
/// the site before the templates and into the context of the last job that shows it (the page,
/// or its print view), so it is freed once those are written instead of after the feeds. At
/// 100,000 pages the bodies are about 380 MB, held through the templates, statute pages and
/// feeds before, when the build's memory peaks.
pub struct Bodies {
    slots: Vec<std::sync::Mutex<Body>>,
}

#[derive(Default)]
struct Body {
    /// Jobs still to show it.
    uses: u8,
    html: Option<String>,
}

impl Bodies {
    /// Move out the HTML of every page but those `kept` (read after the templates: pages in
    /// feeds, versions shown on their section's pages).
    pub fn take(site: &mut Site, kept: &[bool]) -> Self {
        let slots = site
            .pages
            .iter_mut()
            .zip(kept)
            .map(|(p, &k)| {
                std::sync::Mutex::new(Body {
                    uses: 0,
                    html: (!k).then(|| std::mem::take(&mut p.rendered.html)),
                })
            })
            .collect();
        Bodies { slots }
    }

    fn lock(&self, i: usize) -> Option<std::sync::MutexGuard<'_, Body>> {
        self.slots
            .get(i)
            .map(|m| m.lock().unwrap_or_else(|e| e.into_inner()))
    }

    /// The HTML of page `i` for one of its jobs, moved out for the last; `None` when kept in the
    /// site.
    fn html(&self, i: usize) -> Option<String> {
        let mut b = self.lock(i)?;
        b.uses = b.uses.saturating_sub(1);
        if b.uses == 0 {
            b.html.take()
        } else {
            b.html.clone()
        }
    }
}

pub fn render_site(
    site: &Site,
    config: &Config,
    r: &Renderer,
    sums: &[Summary],
    emit: &crate::emit::Emitter,
    dirty: Option<Dirty>,
    bodies: Option<&Bodies>,
) -> Vec<Diagnostic> {
    r.begin_pass();
    let mut jobs = Vec::new();
    let mut files = Vec::new();
    for (i, p) in site.pages.iter().enumerate() {
        if p.meta.render {
            jobs.push(Job::Page(i));
            if p.kind == Some(crate::meta::Kind::Convention) && r.has("convention_print.html") {
                jobs.push(Job::Print(i));
            }
        }
    }
    let section_pagers: Vec<Vec<Pager>> = site
        .sections
        .iter()
        .map(|s| {
            pagers(
                s.pages.len(),
                s.meta.paginate_by,
                &s.path,
                &s.meta.paginate_path,
            )
        })
        .collect();
    for (i, s) in site.sections.iter().enumerate() {
        if !s.meta.render {
            continue;
        }
        if let Some(to) = &s.meta.redirect_to {
            files.push(OutputFile::bytes(
                output_file(&s.path),
                redirect_html(&config.url(to)),
            ));
            continue;
        }
        for k in 0..section_pagers[i].len() {
            jobs.push(Job::Section(i, k));
        }
        if section_pagers[i].len() > 1 {
            let p1 = format!("{}{}/1/", s.path, s.meta.paginate_path);
            files.push(OutputFile::bytes(
                output_file(&p1),
                redirect_html(&config.url(&s.path)),
            ));
        }
    }
    let term_pagers: Vec<Vec<Vec<Pager>>> = site
        .taxonomies
        .iter()
        .map(|t| {
            t.terms
                .iter()
                .map(|term| {
                    pagers(
                        term.pages.len(),
                        t.config.paginate_by,
                        &term.path,
                        &t.config.paginate_path,
                    )
                })
                .collect()
        })
        .collect();
    for (ti, t) in site.taxonomies.iter().enumerate() {
        if !t.config.render {
            continue;
        }
        jobs.push(Job::TaxonomyList(ti));
        for (k, _) in t.terms.iter().enumerate() {
            for n in 0..term_pagers[ti][k].len() {
                jobs.push(Job::Term(ti, k, n));
            }
        }
    }
    if r.has("404.html") {
        jobs.push(Job::NotFound);
    }
    // The search page, unless the site has its own page at /search/.
    if config.build_search_index
        && r.has("search.html")
        && !site.pages.iter().any(|p| p.path == "/search/")
        && !site.sections.iter().any(|s| s.path == "/search/")
    {
        jobs.push(Job::Search);
    }
    let facet_pagers: Vec<Vec<Vec<Pager>>> = site
        .facets
        .iter()
        .map(|f| {
            let s = &site.sections[f.section];
            f.values
                .iter()
                .map(|v| {
                    pagers(
                        v.pages.len(),
                        s.meta.paginate_by,
                        &v.path,
                        &s.meta.paginate_path,
                    )
                })
                .collect()
        })
        .collect();
    if r.has("facet.html") {
        for (fi, values) in facet_pagers.iter().enumerate() {
            for (vi, pg) in values.iter().enumerate() {
                for n in 0..pg.len() {
                    jobs.push(Job::Facet(fi, vi, n));
                }
            }
        }
    }

    // Longest jobs first (lists of many pages: terms, facets, sections), so no core is left
    // with one big list while the other has run out of pages.
    let weight = |job: &Job| match *job {
        Job::Term(ti, k, n) => term_pagers[ti][k][n].range.len(),
        Job::Facet(fi, vi, n) => facet_pagers[fi][vi][n].range.len(),
        Job::Section(i, k) => section_pagers[i][k].range.len(),
        _ => 0,
    };
    jobs.sort_by_key(|j| std::cmp::Reverse(weight(j)));

    let series = series_index(site);
    let histories: HashMap<usize, Value> = crate::convention::histories(site)
        .into_iter()
        .map(|(s, versions)| (s, crate::convention::history_value(site, config, &versions)))
        .collect();
    let page_ctx = PageCtx {
        series: &series,
        histories: &histories,
        bodies,
    };
    if let Some(Dirty::AllLists) = dirty {
        jobs.retain(|job| {
            !matches!(
                job,
                Job::Page(_) | Job::Print(_) | Job::NotFound | Job::Search
            )
        });
    } else if let Some(part) = dirty {
        let empty = HashSet::new();
        let d = match part {
            Dirty::Pages(d) | Dirty::Lists(d) => d,
            Dirty::AllLists => &empty,
        };
        let pages = matches!(part, Dirty::Pages(_));
        let hit = |ids: &[usize]| ids.iter().any(|i| d.contains(i));
        // A versions section shows every version's text on all its pages.
        let history_hit = |s: usize| histories.contains_key(&s) && hit(&site.sections[s].pages);
        jobs.retain(|job| match *job {
            Job::Page(j) | Job::Print(j) => {
                let p = &site.pages[j];
                pages
                    && (d.contains(&j)
                        || p.lower.is_some_and(|x| d.contains(&x))
                        || p.higher.is_some_and(|x| d.contains(&x))
                        || history_hit(p.section))
            }
            Job::Section(i, k) => {
                let s = &site.sections[i];
                !pages
                    && (i == 0
                        || hit(&paginated(s)[section_pagers[i][k].range.clone()])
                        || history_hit(i))
            }
            Job::Term(ti, k, n) => {
                !pages
                    && hit(&site.taxonomies[ti].terms[k].pages[term_pagers[ti][k][n].range.clone()])
            }
            Job::Facet(fi, vi, n) => {
                !pages
                    && hit(&site.facets[fi].values[vi].pages[facet_pagers[fi][vi][n].range.clone()])
            }
            Job::TaxonomyList(_) | Job::NotFound | Job::Search => false,
        });
        files.clear();
    }
    if let Some(b) = bodies {
        for job in &jobs {
            if let Job::Page(i) | Job::Print(i) = *job
                && let Some(mut slot) = b.lock(i)
            {
                slot.uses += 1;
            }
        }
    }
    let errors: Vec<Diagnostic> = jobs
        .par_iter()
        .map(|job| match *job {
            Job::Page(i) => render_page(site, config, r, sums, &page_ctx, i, false),
            Job::Print(i) => render_page(site, config, r, sums, &page_ctx, i, true),
            Job::Section(i, k) => {
                let s = &site.sections[i];
                let pg = &section_pagers[i];
                let mut ctx = Map::new();
                let section = section_value(site, config, sums, i);
                if s.meta.paginate_by.is_some() {
                    let ids = &paginated(s)[pg[k].range.clone()];
                    ctx.insert("paginator".into(), paginator_value(pg, k, s.meta.paginate_by, pick(sums, ids), config, r.uses_pagers()));
                }
                if let Some(h) = histories.get(&i) {
                    // The current version is one of the section's own pages: look there, not in the site.
                    let current = h["current_path"].as_str().and_then(|cp| s.pages.iter().copied().find(|&j| site.pages[j].path == cp));
                    if let Some(c) = current {
                        let mut cur = sums[c].value();
                        if let Value::Object(m) = &mut cur {
                            m.insert("content".into(), json!(site.pages[c].rendered.html));
                        }
                        ctx.insert("current".into(), cur);
                    }
                    ctx.insert("history".into(), h.clone());
                }
                ctx.insert("section".into(), section);
                let template = if i == 0 {
                    ctx.insert("latest".into(), latest(site, sums));
                    "index.html".to_string()
                } else {
                    s.meta.template.clone().unwrap_or_else(|| {
                        if s.meta.versions && r.has("convention_history.html") { "convention_history.html".into() } else { "section.html".into() }
                    })
                };
                let html = r.render(&template, &pg[k].path, config, ctx).map_err(|d| d.at(&s.file))?;
                Ok(OutputFile::page(output_file(&pg[k].path), html))
            }
            Job::TaxonomyList(ti) => {
                let t = &site.taxonomies[ti];
                let mut ctx = Map::new();
                ctx.insert("taxonomy".into(), json!({"name": t.config.name, "slug": t.slug, "permalink": config.url(&t.path)}));
                ctx.insert(
                    "terms".into(),
                    Value::Array(t.terms.iter().map(|x| json!({"name": x.name, "slug": x.slug, "permalink": config.url(&x.path), "page_count": x.pages.len()})).collect()),
                );
                let own = format!("{}/list.html", t.config.name);
                let template = if r.has(&own) { own } else { "taxonomy_list.html".into() };
                let html = r.render(&template, &t.path, config, ctx)?;
                Ok(OutputFile::page(output_file(&t.path), html))
            }
            Job::Term(ti, k, n) => {
                let t = &site.taxonomies[ti];
                let term = &t.terms[k];
                let pg = &term_pagers[ti][k];
                let mut ctx = Map::new();
                ctx.insert("taxonomy".into(), json!({"name": t.config.name, "slug": t.slug, "permalink": config.url(&t.path)}));
                ctx.insert("term".into(), json!({"name": term.name, "slug": term.slug, "permalink": config.url(&term.path), "page_count": term.pages.len()}));
                let ids = &term.pages[pg[n].range.clone()];
                ctx.insert("paginator".into(), paginator_value(pg, n, t.config.paginate_by, pick(sums, ids), config, r.uses_pagers()));
                let own = format!("{}/single.html", t.config.name);
                let template = if r.has(&own) { own } else { "taxonomy_single.html".into() };
                let html = r.render(&template, &pg[n].path, config, ctx)?;
                Ok(OutputFile::page(output_file(&pg[n].path), html))
            }
            Job::Facet(fi, vi, n) => {
                let f = &site.facets[fi];
                let v = &f.values[vi];
                let s = &site.sections[f.section];
                let pg = &facet_pagers[fi][vi];
                let mut ctx = Map::new();
                ctx.insert("section".into(), json!({"title": s.meta.title, "permalink": config.url(&s.path), "path": s.path, "kind": s.kind.map(|k| k.name())}));
                ctx.insert("facet".into(), json!({"key": f.key, "label": f.label}));
                ctx.insert("value".into(), json!({"name": v.name, "permalink": config.url(&v.path), "page_count": v.pages.len()}));
                ctx.insert("facets".into(), facets_value(site, config, f.section));
                let ids = &v.pages[pg[n].range.clone()];
                ctx.insert("paginator".into(), paginator_value(pg, n, s.meta.paginate_by, pick(sums, ids), config, r.uses_pagers()));
                let html = r.render("facet.html", &pg[n].path, config, ctx)?;
                Ok(OutputFile::page(output_file(&pg[n].path), html))
            }
            Job::NotFound => {
                let html = r.render("404.html", "/404.html", config, Map::new())?;
                Ok(OutputFile::page("404.html", html))
            }
            Job::Search => {
                let html = r.render("search.html", "/search/", config, Map::new())?;
                Ok(OutputFile::page("search/index.html", html))
            }
        })
        .filter_map(|res| match res {
            Ok(f) => {
                emit.put(f);
                None
            }
            Err(e) => Some(e),
        })
        .collect();
    emit.put_all(files);
    errors
}

fn latest(site: &Site, sums: &[Summary]) -> Value {
    let mut out = Map::new();
    for (kind, key) in [
        ("case", "cases"),
        ("convention", "conventions"),
        ("article", "articles"),
    ] {
        let mut ids: Vec<usize> = (0..site.pages.len())
            .filter(|&i| {
                site.pages[i].kind.map(|k| k.name()) == Some(kind) && site.pages[i].meta.render
            })
            .collect();
        ids.sort_by(|&a, &b| {
            site.pages[b]
                .meta
                .date
                .cmp(&site.pages[a].meta.date)
                .then(a.cmp(&b))
        });
        ids.truncate(6);
        out.insert(key.into(), pick(sums, &ids));
    }
    Value::Object(out)
}

/// The facets of a section for templates: `[{key, label, values: [{name, permalink, count}]}]`.
fn facets_value(site: &Site, config: &Config, section: usize) -> Value {
    Value::Array(
        site.facets
            .iter()
            .filter(|f| f.section == section)
            .map(|f| {
                json!({"key": f.key, "label": f.label, "values": f.values.iter().map(|v| json!({"name": v.name, "permalink": config.url(&v.path), "count": v.pages.len()})).collect::<Vec<_>>()})
            })
            .collect(),
    )
}

fn section_value(site: &Site, config: &Config, sums: &[Summary], i: usize) -> Value {
    let s = &site.sections[i];
    json!({
        "title": s.meta.title,
        "description": s.meta.description,
        "content": s.rendered.html,
        "permalink": config.url(&s.path),
        "path": s.path,
        "extra": s.meta.extra,
        "kind": s.kind.map(|k| k.name()),
        // A paginated section lists its pages through `paginator` only: copying every page into
        // each listing page is what makes Zola's paginated builds quadratic.
        "pages": if s.meta.paginate_by.is_some() { Value::Array(Vec::new()) } else { pick(sums, &s.pages) },
        "page_count": s.pages.len(),
        "toc": s.rendered.toc,
        "facets": facets_value(site, config, i),
        "ancestors": site.section_chain(i).into_iter().filter(|&a| a != i && site.sections[a].meta.render).map(|a| json!({"title": site.sections[a].meta.title, "permalink": config.url(&site.sections[a].path)})).collect::<Vec<_>>(),
        "subsections": s.subsections.iter().filter(|&&c| site.sections[c].meta.render).map(|&c| {
            let c = &site.sections[c];
            json!({"title": c.meta.title, "permalink": config.url(&c.path), "path": c.path, "page_count": c.pages.len()})
        }).collect::<Vec<_>>(),
    })
}

/// Pages of each article series, in reading order (weight, then date).
fn series_index(site: &Site) -> HashMap<&str, Vec<usize>> {
    let mut map: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, p) in site.pages.iter().enumerate() {
        if let Some(KindMeta::Article(a)) = &p.meta.kind
            && !a.series.is_empty()
        {
            map.entry(a.series.as_str()).or_default().push(i);
        }
    }
    for list in map.values_mut() {
        list.sort_by(|&a, &b| {
            let (pa, pb) = (&site.pages[a].meta, &site.pages[b].meta);
            pa.weight
                .unwrap_or(i64::MAX)
                .cmp(&pb.weight.unwrap_or(i64::MAX))
                .then(pa.date.cmp(&pb.date))
                .then(a.cmp(&b))
        });
    }
    map
}

/// Derived data page templates may show.
struct PageCtx<'a> {
    series: &'a HashMap<&'a str, Vec<usize>>,
    /// Convention histories by section.
    histories: &'a HashMap<usize, Value>,
    bodies: Option<&'a Bodies>,
}

/// A section's pages in the order its paginator shows them: reversed with Zola's
/// `paginate_reversed`.
fn paginated(s: &crate::site::Section) -> std::borrow::Cow<'_, [usize]> {
    if s.meta.paginate_reversed {
        s.pages.iter().rev().copied().collect::<Vec<_>>().into()
    } else {
        s.pages.as_slice().into()
    }
}

fn render_page(
    site: &Site,
    config: &Config,
    r: &Renderer,
    sums: &[Summary],
    ctx: &PageCtx,
    i: usize,
    print: bool,
) -> Result<OutputFile, Diagnostic> {
    let series = ctx.series;
    let p = &site.pages[i];
    let html: std::borrow::Cow<str> = match ctx.bodies.and_then(|b| b.html(i)) {
        Some(h) => h.into(),
        None => p.rendered.html.as_str().into(),
    };
    let mut page = sums[i].value();
    if let Value::Object(m) = &mut page {
        if let Some(h) = ctx.histories.get(&p.section) {
            m.insert("history".into(), h.clone());
        }
        if p.kind == Some(crate::meta::Kind::Convention) && r.has("convention_print.html") {
            m.insert(
                "print_permalink".into(),
                json!(config.url(&format!("{}print/", p.path))),
            );
        }
        if let Some(KindMeta::Article(a)) = &p.meta.kind
            && let Some(list) = series.get(a.series.as_str())
        {
            let items: Vec<Value> = list
                .iter()
                .enumerate()
                .map(|(n, &j)| json!({"index": n + 1, "title": site.pages[j].meta.title, "permalink": config.url(&site.pages[j].path), "current": j == i}))
                .collect();
            m.insert("series_pages".into(), Value::Array(items));
        }
        m.insert("updated_zh".into(), json!(p.meta.updated.map(|d| d.zh())));
        m.insert(
            "case_sections".into(),
            Value::Array(
                p.rendered
                    .sections
                    .iter()
                    .map(|s| json!({"role": s.role, "title": s.title, "id": s.id, "html": s.html(&html)}))
                    .collect(),
            ),
        );
        // Only pages with highlighted code load the highlighting stylesheet.
        m.insert(
            "has_code".into(),
            json!(memchr::memmem::find(html.as_bytes(), b"class=\"hl-code\"").is_some()),
        );
        m.insert(
            "statute_links".into(),
            Value::Array(
                p.statute_links
                    .iter()
                    .map(|(t, u)| json!({"text": t, "permalink": u}))
                    .collect(),
            ),
        );
        if !p.rendered.clauses.is_empty() {
            m.insert("clauses".into(), json!(p.rendered.clauses));
        }
        m.insert("content".into(), Value::String(html.into_owned()));
        m.insert("toc".into(), json!(p.rendered.toc));
        m.insert(
            "lower".into(),
            p.lower.map_or(Value::Null, |j| sums[j].value()),
        );
        m.insert(
            "higher".into(),
            p.higher.map_or(Value::Null, |j| sums[j].value()),
        );
        m.insert(
            "assets".into(),
            json!(
                p.assets
                    .iter()
                    .map(|a| p.asset_name(a).to_string())
                    .collect::<Vec<_>>()
            ),
        );
        m.insert(
            "ancestors".into(),
            Value::Array(
                site.section_chain(p.section)
                    .into_iter()
                    // Sections that are not rendered have no page to link to.
                    .filter(|&s| site.sections[s].meta.render)
                    .map(|s| json!({"title": site.sections[s].meta.title, "permalink": config.url(&site.sections[s].path)}))
                    .collect(),
            ),
        );
    }
    let template = if print {
        Some("convention_print.html".to_string())
    } else {
        p.meta.template.clone()
    };
    // As in Zola, the closest section above the page that names a `page_template`.
    let template = template
        .or_else(|| {
            site.section_chain(p.section)
                .into_iter()
                .rev()
                .find_map(|s| site.sections[s].meta.page_template.clone())
        })
        .or_else(|| {
            p.kind
                .map(|k| format!("{}.html", k.name()))
                .filter(|t| r.has(t))
        })
        .unwrap_or_else(|| "page.html".into());
    if !r.has(&template) {
        let shown = if p.meta.anon.enabled {
            crate::diag::masked(&template)
        } else {
            template
        };
        return Err(Diagnostic::error(format!("template `{shown}` does not exist"))
            .at(&p.file)
            .help("create it in templates/, or remove `template` from the front matter to use the theme's page template"));
    }
    let path = if print {
        format!("{}print/", p.path)
    } else {
        p.path.clone()
    };
    let mut tctx = Map::new();
    tctx.insert("page".into(), page);
    let html = r
        .render(&template, &path, config, tctx)
        .map_err(|d| d.at(&p.file))?;
    Ok(OutputFile::page(output_file(&path), html))
}

#[cfg(test)]
mod tests {
    use super::escape_html;

    #[test]
    fn a_template_renders_as_with_teras_own_render() {
        let mut tera = tera::Tera::default();
        tera.add_raw_template("t", "<p>{{ a }}调解𠀀{{ b | default(value=\"\") }}</p>")
            .expect("template");
        let mut ctx = tera::Context::new();
        ctx.insert("a", "民法典第二百八十八条");
        assert_eq!(
            super::render_string(&tera, "t", &ctx).expect("rendered"),
            tera.render("t", &ctx).expect("rendered")
        );
        // Errors are Tera's: a missing variable, a missing template.
        let empty = tera::Context::new();
        assert!(super::render_string(&tera, "t", &empty).is_err());
        assert!(super::render_string(&tera, "none", &ctx).is_err());
    }

    #[test]
    fn escapes_the_five_special_characters_and_keeps_the_rest() {
        assert_eq!(
            escape_html(r#"张某<b>"调解"</b> & '协议'"#),
            "张某&lt;b&gt;&quot;调解&quot;&lt;/b&gt; &amp; &#39;协议&#39;"
        );
        assert_eq!(escape_html(""), "");
        assert_eq!(escape_html("<"), "&lt;");
        assert_eq!(escape_html("纠纷&"), "纠纷&amp;");
    }

    proptest::proptest! {
        #[test]
        fn same_as_escaping_character_by_character(s in "[a-z<>&\"'调解纠纷 ]{0,40}") {
            let mut want = String::new();
            for c in s.chars() {
                match c {
                    '&' => want.push_str("&amp;"),
                    '<' => want.push_str("&lt;"),
                    '>' => want.push_str("&gt;"),
                    '"' => want.push_str("&quot;"),
                    '\'' => want.push_str("&#39;"),
                    c => want.push(c),
                }
            }
            proptest::prop_assert_eq!(escape_html(&s), want);
        }
    }
}
