//! The build: the only place that knows the order of the stages. Load → front matter → anonymize →
//! paths → markdown → templates → feeds → audit → write. Everything is rendered in memory and
//! audited before a single byte is written; errors from every stage are collected and reported
//! together, and the previous output is left untouched when anything fails.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::config::Config;
use crate::diag::Diagnostic;
use std::sync::Arc;

use crate::anon::Audit;
use crate::emit::{Dest, Emitter};
use crate::incremental::Session;
use crate::output::{Body, OutputFile, abandon, prepare_staging, swap_in};
use crate::site::{self, Site};
use crate::{anon, feeds, highlight, load, render as tpl, theme};

/// What `pufa build` was asked to do.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    pub root: PathBuf,
    pub output_dir: Option<PathBuf>,
    pub base_url: Option<String>,
    pub drafts: bool,
    /// Undeclared-name findings become errors.
    pub strict: bool,
    /// Where to write the anonymization report (never inside the output folder).
    pub report: Option<PathBuf>,
    /// Keep original and anonymized case bodies for `serve`'s `/_review/` page.
    pub review: bool,
}

/// A built site held in memory.
#[derive(Debug)]
pub struct Built {
    /// The files, when built in memory (`build_in_memory`); empty after `build`, which wrote them.
    pub files: Vec<OutputFile>,
    /// Number of output files.
    pub count: usize,
    pub pages: usize,
    pub sections: usize,
    pub warnings: Vec<Diagnostic>,
    /// Stages in order; names ending in `*` are thread-summed times that overlap the others.
    pub timings: Vec<Stage>,
    pub report: anon::Report,
    /// Details shown with `-v` only (unknown laws, low-confidence findings).
    pub notes: Vec<Diagnostic>,
    /// Output HTML file → the content file it was made from (pages and sections).
    pub sources: std::collections::HashMap<String, PathBuf>,
}

/// A failed build: every error found, plus warnings.
#[derive(Debug)]
pub struct Failure {
    pub errors: Vec<Diagnostic>,
    pub warnings: Vec<Diagnostic>,
}

struct Timer {
    last: Instant,
    timings: Vec<Stage>,
}

/// How long one stage took, and the resident memory after it (Linux only).
#[derive(Debug, Clone)]
pub struct Stage {
    pub name: &'static str,
    pub time: Duration,
    pub resident_mb: Option<u64>,
}

/// Resident set size of this process, from /proc (None elsewhere).
fn resident_mb() -> Option<u64> {
    let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
    let pages: u64 = statm.split_whitespace().nth(1)?.parse().ok()?;
    Some(pages * 4096 / 1_000_000)
}

impl Timer {
    fn lap(&mut self, name: &'static str) {
        let now = Instant::now();
        self.timings.push(Stage {
            name,
            time: now - self.last,
            resident_mb: resident_mb(),
        });
        self.last = now;
    }
}

fn split(diags: Vec<Diagnostic>, errors: &mut Vec<Diagnostic>, warnings: &mut Vec<Diagnostic>) {
    for d in diags {
        if d.is_error() {
            errors.push(d)
        } else {
            warnings.push(d)
        }
    }
}

/// A case whose dispute category is not one of the known ones, with the nearest one.
pub(crate) fn dispute_warning(p: &crate::site::Page) -> Option<Diagnostic> {
    let Some(crate::meta::KindMeta::Case(c)) = &p.meta.kind else {
        return None;
    };
    let near = crate::structure::unknown_dispute(&c.dispute)?;
    let d = Diagnostic::warning(format!("unknown dispute category `{}`", c.dispute)).at(&p.file);
    Some(match near {
        Some(n) => d.help(format!("did you mean `{n}`? categories follow the justice bureaus' statistics (docs/content.md)")),
        None => d.help("use a category from docs/content.md so the case appears under the right facet"),
    })
}

/// Read and check `config.toml` under `root`, applying command-line overrides.
pub fn load_config(
    root: &Path,
    base_url: Option<&str>,
) -> Result<(Config, Vec<Diagnostic>), Vec<Diagnostic>> {
    let path = root.join("config.toml");
    let text = std::fs::read(&path).map_err(|e| {
        vec![
            Diagnostic::error(format!("cannot read config.toml: {e}"))
                .at(&path)
                .help(format!(
                    "is {} a pufa site? create one with `pufa init <folder>`",
                    root.display()
                )),
        ]
    })?;
    let text = load::decode(text, Path::new("config.toml")).map_err(|e| vec![e])?;
    Config::parse_with(&text, Path::new("config.toml"), base_url)
}

/// Render the whole site into memory (no writes).
pub fn build_in_memory(opts: &BuildOptions) -> Result<Built, Failure> {
    build_to(opts, Dest::Memory, false).map(|(b, _)| b)
}

/// Render the whole site into memory and keep what an incremental rebuild needs (`serve`).
pub fn build_session(opts: &BuildOptions) -> Result<(Built, Session), Failure> {
    let (built, session) = build_to(opts, Dest::Memory, true)?;
    let session = session.ok_or_else(|| Failure {
        errors: vec![Diagnostic::error("internal error: no session kept")],
        warnings: vec![],
    })?;
    Ok((built, session))
}

/// Render the whole site, each file going to `dest` once audited; with `keep`, also return the
/// state for incremental rebuilds.
fn build_to(
    opts: &BuildOptions,
    dest: Dest,
    keep: bool,
) -> Result<(Built, Option<Session>), Failure> {
    let mut timer = Timer {
        last: Instant::now(),
        timings: Vec::new(),
    };
    let mut errors = Vec::new();
    let mut warnings = Vec::new();
    let (mut config, w) =
        load_config(&opts.root, opts.base_url.as_deref()).map_err(|errors| Failure {
            errors,
            warnings: vec![],
        })?;
    warnings.extend(w);
    if opts.strict {
        config.anonymize.strict = true;
    }

    if config.hant() {
        // The traditional copy's automaton, built on a spare thread while files are read.
        std::thread::spawn(crate::s2t::warm_up);
    }
    // A site with cases will need jieba's dictionary (about 0.25 s of one core to load): the
    // first file read that names `case` (kind = "case", kind: case) or `anonymize` starts loading
    // it on a spare thread while the other files are read and parsed. A false guess only costs
    // the spare thread's work.
    let warm: std::sync::Mutex<Option<std::thread::JoinHandle<()>>> = Default::default();
    let (content, diags) = load::load_content_seeing(&opts.root, &|text| {
        if (text.contains("case") || text.contains("anonymize"))
            && let Ok(mut w) = warm.lock()
            && w.is_none()
        {
            *w = Some(std::thread::spawn(pufa_anonymize::warm_up));
        }
    });
    let warm = warm.into_inner().unwrap_or_else(|e| e.into_inner());
    split(diags, &mut errors, &mut warnings);
    let headers = keep.then(|| crate::incremental::headers(&content));
    let theme = match theme::load(&opts.root, &config) {
        Ok(t) => Some(t),
        Err(e) => {
            errors.extend(e);
            None
        }
    };
    timer.lap("load");

    let (mut site, diags) = site::assemble(content, &config, opts.drafts);
    split(diags, &mut errors, &mut warnings);
    timer.lap("parse");

    if let Some(w) = warm {
        let _ = w.join();
    }
    let (mut report, diags) = anon::run(&mut site, &config, opts.review);
    split(diags, &mut errors, &mut warnings);
    // Shortcodes of anonymized pages have their output anonymized in the Markdown stage.
    let anonymized_shortcodes = site
        .pages
        .iter()
        .any(|p| p.meta.anon.enabled && crate::shortcode::may_hold(&p.body));
    if !keep && !anonymized_shortcodes {
        // No case is anonymized after this in a one-off build: Jieba's dictionary can go before
        // the pages are rendered, when the build's memory peaks.
        pufa_anonymize::release();
    }
    timer.lap("anonymize");
    if config.hant() {
        crate::script::simplify_traditional_pages(&mut site);
    }

    let diags = site.assign_paths(&config);
    split(diags, &mut errors, &mut warnings);
    warnings.extend(site.pages.iter().filter_map(dispute_warning));
    let law_table = crate::laws::table(&config);

    let md = config.markdown_options();
    let law_base = config.url("/laws/");
    // The plain text feeds the search index and the history of convention versions only.
    let keep_text = config.build_search_index || keep;
    // The audit's scanners need only the anonymization report: built beside the Markdown, whose
    // pages keep the other core busy, instead of alone on one core before the templates.
    // So are the templates, which need only the site's paths and navigation.
    let links = Arc::new(site.links(&config));
    let guessed = report.guessed.clone();
    let shape = (theme.is_some() && errors.is_empty())
        .then(|| tpl::SiteShape::of(&site, &config, links.clone()).with_root(&opts.root));
    let sources = crate::anon::page_sources(&site);
    let make_renderer = |shape: Option<tpl::SiteShape>| match (&theme, shape) {
        (Some(t), Some(shape)) => Some(tpl::Renderer::for_shape(t, &config, shape)),
        _ => None,
    };
    let mut stage = crate::expand::Stage {
        config: &config,
        root: &opts.root,
        md: &md,
        laws: &law_table,
        law_base: &law_base,
        links: &links,
        renderer: None,
        guessed: &guessed,
    };
    let (audit, renderer, diags) = if calls_shortcodes(&site) {
        // Shortcodes render with the templates: compiled first, then the Markdown.
        let renderer = make_renderer(shape);
        stage.renderer = renderer.as_ref().and_then(|r| r.as_ref().ok());
        let (audit, diags) = rayon::join(
            || Audit::new(&report, sources).map(Arc::new),
            || render_markdown(&mut site, &stage, keep_text),
        );
        (audit, renderer, diags)
    } else {
        let ((audit, renderer), diags) = rayon::join(
            || {
                (
                    Audit::new(&report, sources).map(Arc::new),
                    make_renderer(shape),
                )
            },
            || render_markdown(&mut site, &stage, keep_text),
        );
        (audit, renderer, diags)
    };
    errors.extend(diags);
    crate::laws::link_statutes(&mut site, &law_table, &config);
    warnings.extend(crate::convention::lint(&site));
    timer.lap("markdown");

    let renderer = match renderer {
        Some(Ok(r)) => Some(r),
        Some(Err(e)) => {
            errors.extend(e);
            None
        }
        None => None,
    };
    let (Some(theme), Some(renderer)) = (theme, renderer) else {
        return Err(Failure { errors, warnings });
    };
    let sums = crate::summary::summaries(&mut site, &config, !keep);
    timer.lap("summaries");
    // From here on every file is converted, audited and written (or kept) as soon as it exists.
    let hant_base = config.hant().then(|| config.base().to_string());
    if !keep && opts.report.is_none() {
        report.release_details();
    }
    let emitter = Emitter::with_audit(audit.clone(), hant_base, dest);
    timer.lap("audit prep");
    // A one-off build hands each page's HTML to its page template, which frees it; the feeds and
    // the version histories of convention sections read theirs later.
    let bodies = (!keep).then(|| {
        let mut kept = feeds::in_feeds(&site, &config);
        for (_, versions) in crate::convention::histories(&site) {
            for v in versions {
                kept[v] = true;
            }
        }
        tpl::Bodies::take(&mut site, &kept)
    });
    let diags = tpl::render_site(
        &site,
        &config,
        &renderer,
        &sums,
        &emitter,
        None,
        bodies.as_ref(),
    );
    drop(bodies);
    split(diags, &mut errors, &mut warnings);
    timer.lap("templates");

    // The feeds are made on one thread while the statute index (one thread too) and then its
    // pages are made on the other.
    let ((law_index, notes, diags), feed_files) = rayon::join(
        || {
            let (law_index, notes) = crate::laws::index(&site, &law_table, &opts.root);
            let diags = crate::laws::render(
                &law_index, &law_table, &config, &renderer, &sums, &emitter, None,
            );
            (law_index, notes, diags)
        },
        || feeds::write(&site, &sums, &config),
    );
    split(diags, &mut errors, &mut warnings);
    // No list is rendered after this: the cards' memory goes back before the search index.
    renderer.begin_pass();
    timer.lap("laws");

    emitter.put_all(feed_files);
    timer.lap("feeds");
    let sums = if config.build_search_index {
        release_rendered(&mut site, sums, keep)
    } else {
        sums
    };
    // Built from the anonymized pages and audited like any page.
    if config.build_search_index {
        let rest =
            crate::search::build_index_into(search_docs(&mut site, keep), &|f| emitter.put(f));
        emitter.put_all(rest);
        timer.lap("search");
    }
    emitter.put(OutputFile::bytes("css/syntax.css", highlight::stylesheet()));
    let mut assets = theme.statics;
    for p in &site.pages {
        // Two files of a case can have one name once anonymized (海涛.txt and 郑海涛.txt are both
        // 郑某.txt): one would silently replace the other, and links to both show it.
        let mut names: std::collections::HashMap<String, &std::path::Path> =
            std::collections::HashMap::new();
        for a in &p.assets {
            let name = p.asset_name(a);
            if let Some(first) = names.insert(name.to_string(), &a.abs) {
                errors.push(
                    Diagnostic::error(format!(
                        "this file and {} are both published as `{name}` once their names are anonymized",
                        crate::load::shown(first, &opts.root).display()
                    ))
                    .at(crate::load::shown(&a.abs, &opts.root))
                    .help("rename one of them so that no name of a person is in either file name"),
                );
                continue;
            }
            let path = format!("{}{name}", p.path.trim_start_matches('/'));
            assets.push(match &a.text {
                // Anonymized with its case.
                Some(t) => OutputFile::bytes(path, t.clone().into_bytes()),
                None => OutputFile {
                    path,
                    body: Body::Copy(a.abs.clone()),
                },
            });
        }
    }
    for a in &site.loose_assets {
        assets.push(OutputFile {
            path: a.rel.clone(),
            body: Body::Copy(a.abs.clone()),
        });
    }
    let diags = anon::publish_assets(&site, &mut assets);
    split(diags, &mut errors, &mut warnings);
    // Static files last: a generated page wins a clash.
    emitter.put_statics(assets);
    timer.lap("assets");
    let emitted = emitter.finish();
    errors.extend(emitted.errors);
    timer
        .timings
        .extend(emitted.timings.into_iter().map(|(name, time)| Stage {
            name,
            time,
            resident_mb: None,
        }));
    if !errors.is_empty() {
        return Err(Failure { errors, warnings });
    }
    let sources = site
        .pages
        .iter()
        .filter(|p| p.meta.render)
        .map(|p| (crate::slug::output_file(&p.path), p.file.clone()))
        .chain(
            site.sections
                .iter()
                .filter(|s| s.meta.render && s.meta.redirect_to.is_none())
                .map(|s| (crate::slug::output_file(&s.path), s.file.clone())),
        )
        .collect();
    let (pages, sections) = (site.pages.len(), site.sections.len());
    let session = match headers {
        None => {
            // Freeing 100,000 pages' strings and maps one by one takes a noticeable part of a
            // second: free them on every core.
            site.pages.into_par_iter().for_each(drop);
            sums.into_par_iter().for_each(drop);
            None
        }
        Some(headers) => Some(Session {
            opts: opts.clone(),
            config,
            renderer,
            site,
            sums,
            report: report.clone(),
            audit,
            law_table,
            law_index,
            md,
            law_base,
            headers,
            // The report's warnings are kept apart: incremental rebuilds replace them per page.
            warnings: warnings
                .iter()
                .filter(|w| !report.warnings.contains(w))
                .cloned()
                .collect(),
            pending: Default::default(),
            lists_dirty: Default::default(),
            all_lists: false,
        }),
    };
    let built = Built {
        files: emitted.files,
        count: emitted.count,
        pages,
        sections,
        warnings,
        timings: timer.timings,
        report,
        notes,
        sources,
    };
    Ok((built, session))
}

/// What the search index sees of each rendered page that is in the index. The pages' plain text
/// moves into the index (nothing reads it after the index is built).
/// With `keep_text`, the text is copied instead (serve rebuilds the index after each edit).
pub(crate) fn search_docs(site: &mut Site, keep_text: bool) -> Vec<crate::search::SearchDoc> {
    fn flatten(toc: &[crate::markdown::Heading], out: &mut Vec<(String, String)>) {
        for h in toc {
            out.push((h.id.clone(), h.title.clone()));
            flatten(&h.children, out);
        }
    }
    // As in Zola, a section with `in_search_index = false` keeps its pages out too.
    let indexed: Vec<bool> = (0..site.sections.len())
        .map(|i| {
            site.section_chain(i)
                .into_iter()
                .all(|s| site.sections[s].meta.in_search_index)
        })
        .collect();
    site.pages
        .par_iter_mut()
        .filter(|p| p.meta.render && p.meta.in_search_index && indexed[p.section])
        .map(|p| {
            let mut headings = Vec::new();
            flatten(&p.rendered.toc, &mut headings);
            let case = match &p.meta.kind {
                Some(crate::meta::KindMeta::Case(c)) => Some(c),
                _ => None,
            };
            crate::search::SearchDoc {
                path: p.path.clone(),
                title: p.meta.title.clone(),
                headings,
                text: if keep_text {
                    p.rendered.text.clone()
                } else {
                    std::mem::take(&mut p.rendered.text)
                },
                kind: p.kind.map(|k| k.name().to_string()),
                dispute: case.map(|c| c.dispute.clone()),
                region: case.map(|c| c.region.clone()),
                date: p.meta.date.map(|d| d.iso()),
            }
        })
        .collect()
}

/// Once the pages, lists and feeds are out, nothing but `serve` reads the rendered HTML and the
/// summaries again: release them before the search index, the build's last large structure.
fn release_rendered(
    site: &mut Site,
    sums: Vec<crate::summary::Summary>,
    keep: bool,
) -> Vec<crate::summary::Summary> {
    if keep {
        return sums;
    }
    sums.into_par_iter().for_each(drop);
    site.pages.par_iter_mut().for_each(|p| {
        let r = &mut p.rendered;
        r.html = String::new();
        r.excerpt = String::new();
        r.sections = Vec::new();
        r.clauses = Vec::new();
    });
    Vec::new()
}

/// Whether some page or section may call a shortcode (then the templates are needed before the
/// Markdown is rendered).
fn calls_shortcodes(site: &Site) -> bool {
    site.pages
        .par_iter()
        .any(|p| crate::shortcode::may_hold(&p.body))
        || site
            .sections
            .iter()
            .any(|s| crate::shortcode::may_hold(&s.body))
}

fn render_markdown(
    site: &mut Site,
    stage: &crate::expand::Stage,
    keep_text: bool,
) -> Vec<Diagnostic> {
    use crate::meta::Kind;
    let versioned: Vec<bool> = site.sections.iter().map(|s| s.meta.versions).collect();
    let anchors: Vec<crate::meta::AnchorLinks> = site
        .sections
        .iter()
        .map(|s| s.meta.insert_anchor_links)
        .collect();
    let config = stage.config;
    let mut errors: Vec<Diagnostic> = site
        .pages
        .par_iter_mut()
        .flat_map_iter(|p| {
            let page: &crate::site::Page = p;
            let body = crate::expand::Body {
                anonymized: page.meta.anon.enabled.then_some(page),
                case_section: false,
                text: &p.body,
                file: &p.file,
                body_line: p.body_line,
                context: if crate::shortcode::may_hold(&p.body) {
                    ("page", crate::expand::page_context(p, config))
                } else {
                    ("page", serde_json::Value::Null)
                },
                convention: p.kind == Some(Kind::Convention),
                case: p.kind == Some(Kind::Case),
                linkable: None,
                anchors: anchors[p.section],
            };
            let (rendered, errors) = stage.render(body);
            p.rendered = rendered;
            if !keep_text && !versioned[p.section] {
                p.rendered.text = String::new();
            }
            // Strings grown by pushing hold up to twice their length, and shrinking one in place
            // keeps its block when at least half is used (mimalloc): copy them into blocks of their
            // size, they live until the end of the build. The grown blocks go back to this thread
            // for the next page.
            for s in [
                &mut p.rendered.html,
                &mut p.rendered.text,
                &mut p.rendered.summary,
                &mut p.rendered.excerpt,
            ] {
                if s.capacity() > s.len() {
                    *s = s.as_str().to_owned();
                }
            }
            // Nothing reads the Markdown source after this; the output never holds it.
            p.body = String::new();
            errors
        })
        .collect();
    // Law pages are made for the articles pages cite: a section's citation of another article
    // stays text (it would link to no page).
    let cited = crate::laws::cited(site, stage.laws);
    let contexts: Vec<serde_json::Value> = site
        .sections
        .iter()
        .map(|s| {
            if crate::shortcode::may_hold(&s.body) {
                crate::expand::section_context(s, config)
            } else {
                serde_json::Value::Null
            }
        })
        .collect();
    let section_errors: Vec<Diagnostic> = site
        .sections
        .par_iter_mut()
        .zip(contexts)
        .flat_map_iter(|(s, context)| {
            let (rendered, errors) = stage.render(crate::expand::Body {
                anonymized: None,
                case_section: s.kind == Some(Kind::Case),
                text: &s.body,
                file: &s.file,
                body_line: s.body_line,
                context: ("section", context),
                convention: false,
                case: false,
                linkable: Some(&cited),
                anchors: s.meta.insert_anchor_links,
            });
            s.rendered = rendered;
            errors
        })
        .collect();
    errors.extend(section_errors);
    errors
}

/// The output folder for these options.
pub fn output_dir(opts: &BuildOptions) -> PathBuf {
    opts.output_dir
        .clone()
        .unwrap_or_else(|| opts.root.join("public"))
}

/// Refuse output folders whose replacement would destroy something that is not a build.
fn check_output_dir(root: &Path, out: &Path) -> Result<(), Diagnostic> {
    let abs = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
    let (root_abs, out_abs) = (abs(root), abs(out));
    let danger = root_abs.starts_with(&out_abs)
        || out.join("config.toml").exists()
        || out.join(".git").exists()
        || out.join("content").is_dir()
        || out_abs == abs(&root.join("content"))
        || out_abs == abs(&root.join("static"));
    if danger {
        return Err(Diagnostic::error(format!(
            "refusing to replace {}: it holds a site or a repository, not a build",
            out.display()
        ))
        .help("choose an output folder that only pufa writes to, e.g. --output-dir public"));
    }
    Ok(())
}

/// The folder a build replaces when the output folder is a symbolic link: the link's target, so
/// the link stays and the site is replaced where it points (a web server's folder, say). Moving
/// the link aside instead would leave a real folder in its place and empty the target.
fn follow_links(out: &Path) -> Result<PathBuf, Diagnostic> {
    let mut at = out.to_path_buf();
    // The limit Linux puts on links followed in one path.
    for _ in 0..40 {
        match std::fs::read_link(&at) {
            Ok(target) => {
                at = at
                    .parent()
                    .map_or_else(|| target.clone(), |p| p.join(&target))
            }
            Err(_) => return Ok(at),
        }
    }
    Err(Diagnostic::error(format!(
        "the output folder {} is a loop of symbolic links",
        out.display()
    ))
    .help("point the link at a folder, or remove it and let pufa create the folder"))
}

/// Build and write the site atomically.
pub fn build(opts: &BuildOptions) -> Result<Built, Failure> {
    let failed = |e: Diagnostic| Failure {
        errors: vec![e],
        warnings: vec![],
    };
    let out = follow_links(&output_dir(opts)).map_err(failed)?;
    check_output_dir(&opts.root, &out).map_err(failed)?;
    let staging = prepare_staging(&out).map_err(failed)?;
    let dest = Dest::Dir {
        staging: staging.clone(),
        previous: out
            .is_dir()
            .then(|| Arc::new(crate::output::Previous::new(out.clone()))),
    };
    let (mut built, _) = build_to(opts, dest, false).inspect_err(|_| abandon(&staging))?;
    if let Some(report) = &opts.report
        && let Err(e) = anon::write_report(&built.report, report, &out, &opts.root)
    {
        abandon(&staging);
        return Err(Failure {
            errors: vec![e],
            warnings: built.warnings,
        });
    }
    let t = Instant::now();
    swap_in(&out, &staging).map_err(|e| Failure {
        errors: vec![e],
        warnings: built.warnings.clone(),
    })?;
    built.timings.push(Stage {
        name: "swap",
        time: t.elapsed(),
        resident_mb: resident_mb(),
    });
    Ok(built)
}
