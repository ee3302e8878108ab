//! Incremental rebuilds for `pufa serve`. A full build leaves a `Session`: the parsed and rendered
//! site, the page summaries, the compiled templates, the anonymization report and its prepared
//! audit. When an editor saves a page whose front matter is unchanged (the common edit: the
//! text), the session re-reads that page, anonymizes and renders it again, and re-renders only
//! the files that show it, each with its traditional copy and through the same audit as a full
//! build, in two steps: `update` renders the page and its neighbours (which show its summary),
//! so the browser can reload at once; `follow_up` then renders the section, home, taxonomy,
//! facet and law pages listing it, the feeds and the search index.
//!
//! A front-matter edit (title, date, tags, parties, kind fields) is incremental too: the site's
//! structure (section order, neighbours, taxonomies, facets) is derived again from the pages in
//! memory, the page and every page whose neighbours or series changed are rendered first, and
//! every list page follows. It falls back to a full rebuild when the edit changes the page's URL,
//! kind, template, statute citations or draft, render, search-index or anonymize switches, or
//! makes a list page disappear (its last tag removed, one pager fewer) or adds a name or number
//! a case section's text holds (that page is anonymized with its cases'); so do new, removed or
//! renamed files, section files, assets, templates and config.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::anon::{self, Audit, Report};
use crate::build::{BuildOptions, Failure};
use crate::config::Config;
use crate::diag::Diagnostic;
use crate::emit::{Dest, Emitter};
use crate::load::{self, SourceFile};
use crate::markdown::MarkdownOptions;
use crate::output::OutputFile;
use crate::render::{Dirty, Renderer};
use crate::site::Site;

/// What a full build keeps for the next incremental one.
pub struct Session {
    pub(crate) opts: BuildOptions,
    pub(crate) config: Config,
    pub(crate) renderer: Renderer,
    pub(crate) site: Site,
    pub(crate) sums: Vec<crate::summary::Summary>,
    pub(crate) report: Report,
    pub(crate) audit: Option<Arc<Audit>>,
    pub(crate) law_table: pufa_statute::LawTable,
    pub(crate) law_index: crate::laws::LawIndex,
    pub(crate) md: MarkdownOptions,
    pub(crate) law_base: String,
    /// Front-matter text of every page file, by its path from the site root.
    pub(crate) headers: HashMap<PathBuf, String>,
    /// Warnings of the build other than the anonymizer's, by file (a rebuilt page's are redone).
    pub(crate) warnings: Vec<Diagnostic>,
    /// Pages whose last incremental render failed: rendered again with the next edit.
    pub(crate) pending: HashSet<usize>,
    /// Pages whose lists `follow_up` has to render.
    pub(crate) lists_dirty: HashSet<usize>,
    /// `follow_up` renders every list page (after a front-matter edit).
    pub(crate) all_lists: bool,
}

/// The structure a front-matter edit may change, from before the edit.
struct Before {
    neighbours: Vec<(Option<usize>, Option<usize>)>,
    lists: HashSet<String>,
    /// (taxonomy, term name) → the term's URL path (other pages' summaries link to it).
    terms: HashMap<(String, String), String>,
    paths: Vec<String>,
}

fn term_paths(site: &Site) -> HashMap<(String, String), String> {
    site.taxonomies
        .iter()
        .flat_map(|t| {
            t.terms.iter().map(|term| {
                (
                    (t.config.name.clone(), term.name.clone()),
                    term.path.clone(),
                )
            })
        })
        .collect()
}

/// What an incremental rebuild did.
#[derive(Debug)]
pub enum Update {
    /// This change needs a full rebuild; the reason is for the terminal.
    Full(String),
    /// Only temporary files came and went.
    Nothing,
    /// Files to replace in the served site (all audited), and the report's warnings now.
    Done {
        files: Vec<OutputFile>,
        pages: usize,
        warnings: Vec<Diagnostic>,
    },
    Failed(Failure),
}

/// Front-matter text of each page file, to tell a text edit from a front-matter edit.
pub fn headers(content: &load::Content) -> HashMap<PathBuf, String> {
    content
        .markdown
        .iter()
        .filter(|f| !f.rel.ends_with("_index.md"))
        .filter_map(|f| {
            let split = crate::front_matter::split(&f.text, &f.shown).ok()?;
            Some((f.shown.clone(), split.header.to_string()))
        })
        .collect()
}

/// With `PUFA_TRACE` set, the time of each step of an incremental rebuild (for tuning).
fn trace(step: &str, since: std::time::Instant) {
    if std::env::var_os("PUFA_TRACE").is_some() {
        eprintln!(
            "pufa serve: {step} done after {} ms",
            since.elapsed().as_millis()
        );
    }
}

fn full(reason: impl Into<String>) -> Update {
    Update::Full(reason.into())
}

impl Session {
    /// Rebuild what `changed` (absolute or root-relative paths) affects, when that is possible.
    pub fn update(&mut self, changed: &[PathBuf]) -> Update {
        let start = std::time::Instant::now();
        let mut seen = HashSet::new();
        let mut fresh = Vec::new();
        // The edited pages' own warnings (unknown keys of a plain page), from their new text.
        let mut page_warnings = Vec::new();
        let mut report: Option<Report> = None;
        for path in changed {
            if !seen.insert(path.clone()) {
                continue;
            }
            let shown = load::shown(path, &self.opts.root);
            // A file that came and went (an editor's temporary file) changes nothing.
            if !self.opts.root.join(&shown).exists() && !self.known(&shown) {
                continue;
            }
            match self.reread(&shown, report.as_ref()) {
                Ok((i, page, r, header, warnings)) => {
                    fresh.push((i, page, header));
                    page_warnings.extend(warnings);
                    if r.is_some() {
                        report = r;
                    }
                }
                Err(u) => return u,
            }
        }
        if fresh.is_empty() {
            return Update::Nothing;
        }
        if report
            .as_ref()
            .is_some_and(|r| anon::sections_need_redo(&self.site, &self.report, r))
        {
            return full("a case section's text names what the edit adds");
        }
        let structural: Vec<(usize, String)> = fresh
            .iter()
            // A new front matter, or the same one anonymized differently (a new undeclared
            // namesake turns 张某 into 张某甲 in the title): lists may order or show it anew.
            .filter(|(i, page, header)| {
                let old = &self.site.pages[*i];
                self.headers.get(&old.file) != Some(header) || page.meta != old.meta
            })
            .map(|(i, _, header)| (*i, header.clone()))
            .collect();
        // Commit the new pages; from here on only rendering can fail (or the structure check,
        // which hands over to a full rebuild that starts from scratch).
        let mut dirty: HashSet<usize> = std::mem::take(&mut self.pending);
        let before = (!structural.is_empty()).then(|| self.snapshot());
        let edited: HashSet<PathBuf> = fresh.iter().map(|(_, p, _)| p.file.clone()).collect();
        for (i, page, _) in fresh {
            self.site.pages[i] = page;
            dirty.insert(i);
        }
        // The edited pages' build warnings are made again from their new text.
        let mine = |w: &Diagnostic| w.path.as_ref().is_some_and(|p| edited.contains(p));
        self.warnings.retain(|w| !mine(w));
        self.warnings.extend(page_warnings);
        let pages = &self.site.pages;
        self.warnings.extend(
            pages
                .iter()
                .filter(|p| edited.contains(&p.file))
                .filter_map(crate::build::dispute_warning),
        );
        self.warnings.extend(
            crate::convention::lint(&self.site)
                .into_iter()
                .filter(|w| mine(w)),
        );
        if let Some(before) = before {
            match self.restructure(&before, &structural) {
                Ok(moved) => dirty.extend(moved),
                Err(u) => return u,
            }
            for (i, header) in structural {
                self.headers.insert(self.site.pages[i].file.clone(), header);
            }
            self.all_lists = true;
            trace("structure", start);
        }
        if let Some(r) = report {
            // New names or numbers to look for: prepare the audit again.
            // Same count is not same terms: a phone number edited into another.
            let changed = r.terms != self.report.terms || r.scoped != self.report.scoped;
            self.report = r;
            if changed {
                self.audit =
                    Audit::new(&self.report, crate::anon::page_sources(&self.site)).map(Arc::new);
            }
            trace("anonymize and audit", start);
        }
        // A summary shows its own page only (term URLs are checked unchanged by `restructure`).
        let ids: Vec<usize> = dirty.iter().copied().collect();
        let fresh = crate::summary::summaries_of(&self.site, &self.config, &ids);
        for (i, s) in ids.into_iter().zip(fresh) {
            self.sums[i] = s;
        }
        trace("summaries", start);
        let (emitter, mut errors) = self.render(Dirty::Pages(&dirty));
        let emitted = emitter.finish();
        errors.extend(emitted.errors);
        trace("pages", start);
        self.lists_dirty.extend(dirty.iter().copied());
        if !errors.is_empty() {
            self.pending = dirty;
            return Update::Failed(Failure {
                errors,
                warnings: Vec::new(),
            });
        }
        let mut warnings = self.warnings.clone();
        warnings.extend(self.report.warnings.iter().cloned());
        Update::Done {
            files: emitted.files,
            pages: dirty.len(),
            warnings,
        }
    }

    /// After `update`: the list, law and feed pages showing the changed pages, and the search
    /// index, all audited.
    pub fn follow_up(&mut self) -> Result<Vec<OutputFile>, Vec<Diagnostic>> {
        let start = std::time::Instant::now();
        let dirty = std::mem::take(&mut self.lists_dirty);
        let all = std::mem::take(&mut self.all_lists);
        let (emitter, mut errors) = self.render(if all {
            Dirty::AllLists
        } else {
            Dirty::Lists(&dirty)
        });
        errors.extend(crate::laws::render(
            &self.law_index,
            &self.law_table,
            &self.config,
            &self.renderer,
            &self.sums,
            &emitter,
            Some(&dirty),
        ));
        emitter.put_all(crate::feeds::write(&self.site, &self.sums, &self.config));
        trace("lists", start);
        if self.config.build_search_index {
            emitter.put_all(crate::search::build_index(crate::build::search_docs(
                &mut self.site,
                true,
            )));
            trace("search", start);
        }
        let emitted = emitter.finish();
        errors.extend(emitted.errors);
        if errors.is_empty() {
            Ok(emitted.files)
        } else {
            self.pending.extend(dirty);
            self.all_lists |= all;
            Err(errors)
        }
    }

    /// Re-read one changed page file: its index, the new page (anonymized, rendered) and the
    /// updated report when the page is anonymized. `Err` when a full rebuild is needed.
    #[allow(clippy::type_complexity)]
    fn reread(
        &self,
        shown: &Path,
        report: Option<&Report>,
    ) -> Result<
        (
            usize,
            crate::site::Page,
            Option<Report>,
            String,
            Vec<Diagnostic>,
        ),
        Update,
    > {
        let Ok(rel) = shown.strip_prefix("content") else {
            return Err(full(format!("{} is not a page", shown.display())));
        };
        let rel = rel.to_string_lossy().replace('\\', "/");
        if !rel.ends_with(".md") || rel.ends_with("_index.md") {
            return Err(full(format!("{} is not a page", shown.display())));
        }
        let Some(i) = self.site.pages.iter().position(|p| p.file == shown) else {
            return Err(full(format!("{} is new or a draft", shown.display())));
        };
        let Ok(bytes) = std::fs::read(self.opts.root.join(shown)) else {
            return Err(full(format!("{} was removed", shown.display())));
        };
        let Ok(text) = load::decode(bytes, shown) else {
            return Err(full(format!("{} cannot be decoded", shown.display())));
        };
        let Ok(header) = crate::front_matter::split(&text, shown).map(|s| s.header.to_string())
        else {
            return Err(full(format!(
                "the front matter of {} does not parse",
                shown.display()
            )));
        };
        let src = SourceFile {
            rel,
            shown: shown.to_path_buf(),
            text,
        };
        let Ok((Some(mut page), warnings)) =
            self.site.reparse_page(src, &self.config, self.opts.drafts)
        else {
            return Err(full(format!("{} does not parse", shown.display())));
        };
        let old = &self.site.pages[i];
        // Set by later stages of a full build from the front matter, which is unchanged.
        page.slug = old.slug.clone();
        page.path = old.path.clone();
        page.assets = old.assets.clone();
        page.lower = old.lower;
        page.higher = old.higher;
        page.statute_links = old.statute_links.clone();
        let mut new_report = None;
        if page.meta.anon.enabled {
            let (r, errors) =
                anon::run_one(&mut page, report.unwrap_or(&self.report), &self.config);
            if !errors.is_empty() {
                return Err(Update::Failed(Failure {
                    errors,
                    warnings: Vec::new(),
                }));
            }
            new_report = Some(r);
        }
        if self.config.hant() {
            crate::script::simplify_if_traditional(&mut page);
        }
        let same_switches = page.meta.render == old.meta.render
            && page.meta.in_search_index == old.meta.in_search_index
            && page.meta.slug == old.meta.slug
            && page.meta.path == old.meta.path
            && page.meta.aliases == old.meta.aliases
            && page.meta.template == old.meta.template
            && page.traditional_source == old.traditional_source
            && page.kind == old.kind
            && page.meta.anon.enabled == old.meta.anon.enabled;
        if !same_switches {
            return Err(full(format!(
                "the URL, template, kind or switches of {} changed",
                shown.display()
            )));
        }
        let statutes = |m: &crate::meta::PageMeta| match &m.kind {
            Some(crate::meta::KindMeta::Case(c)) => c.statutes.clone(),
            Some(crate::meta::KindMeta::Article(a)) => a.statutes.clone(),
            _ => Vec::new(),
        };
        if statutes(&page.meta) != statutes(&old.meta) {
            return Err(full(format!("the statutes of {} changed", shown.display())));
        }
        let links = self.site.links(&self.config);
        let stage = crate::expand::Stage {
            config: &self.config,
            root: &self.opts.root,
            md: &self.md,
            laws: &self.law_table,
            law_base: &self.law_base,
            links: &links,
            renderer: Some(&self.renderer),
            guessed: &self.report.guessed,
        };
        let (rendered, errors) = stage.render(crate::expand::Body {
            anonymized: page.meta.anon.enabled.then_some(&page),
            case_section: false,
            text: &page.body,
            file: &page.file,
            body_line: page.body_line,
            context: ("page", crate::expand::page_context(&page, &self.config)),
            convention: page.kind == Some(crate::meta::Kind::Convention),
            case: page.kind == Some(crate::meta::Kind::Case),
            linkable: None,
            anchors: self.site.sections[page.section].meta.insert_anchor_links,
        });
        if !errors.is_empty() {
            return Err(Update::Failed(Failure {
                errors,
                warnings: Vec::new(),
            }));
        }
        page.rendered = rendered;
        page.body = String::new();
        if page.rendered.citations != old.rendered.citations {
            return Err(full(format!(
                "the statute citations of {} changed",
                shown.display()
            )));
        }
        Ok((i, page, new_report, header, warnings))
    }

    /// What a front-matter edit may change, taken before it.
    fn snapshot(&self) -> Before {
        Before {
            neighbours: self
                .site
                .pages
                .iter()
                .map(|p| (p.lower, p.higher))
                .collect(),
            lists: crate::render::list_paths(&self.site),
            terms: term_paths(&self.site),
            paths: self.site.pages.iter().map(|p| p.path.clone()).collect(),
        }
    }

    /// Derive sections' order, neighbours, taxonomies and facets again after a front-matter edit.
    /// Returns the pages whose own rendering changed besides the edited ones: new or old
    /// neighbours, and the other pages of an article series.
    fn restructure(
        &mut self,
        before: &Before,
        edited: &[(usize, String)],
    ) -> Result<Vec<usize>, Update> {
        for s in &mut self.site.sections {
            s.pages.clear();
        }
        if !self.site.assign_paths(&self.config).is_empty() {
            return Err(full("the edit makes two files claim one URL"));
        }
        let paths_same = self
            .site
            .pages
            .iter()
            .zip(&before.paths)
            .all(|(p, old)| &p.path == old);
        if !paths_same {
            return Err(full("the edit changes a page's URL"));
        }
        let lists = crate::render::list_paths(&self.site);
        if let Some(gone) = before.lists.difference(&lists).next() {
            return Err(full(format!("the edit empties the list page {gone}")));
        }
        let terms = term_paths(&self.site);
        if before.terms.iter().any(|(k, v)| terms.get(k) != Some(v)) {
            return Err(full("the edit renames a term's URL"));
        }
        crate::laws::link_statutes(&mut self.site, &self.law_table, &self.config);
        let mut moved: Vec<usize> = self
            .site
            .pages
            .iter()
            .zip(&before.neighbours)
            .enumerate()
            .filter(|(_, (p, old))| (p.lower, p.higher) != **old)
            .map(|(j, _)| j)
            .collect();
        // An article's series lists its members' titles: all of them show the edit.
        for (i, _) in edited {
            if let Some(crate::meta::KindMeta::Article(a)) = &self.site.pages[*i].meta.kind
                && !a.series.is_empty()
            {
                moved.extend(self.site.pages.iter().enumerate().filter_map(|(j, p)| {
                    matches!(&p.meta.kind, Some(crate::meta::KindMeta::Article(b)) if b.series == a.series)
                        .then_some(j)
                }));
            }
        }
        Ok(moved)
    }

    /// Render the files `dirty` selects into memory, each with its traditional copy and audited;
    /// the emitter stays open for more.
    fn render(&self, dirty: Dirty) -> (Emitter, Vec<Diagnostic>) {
        let emitter = Emitter::with_audit(self.audit.clone(), self.hant_base(), Dest::Memory);
        let errors = crate::render::render_site(
            &self.site,
            &self.config,
            &self.renderer,
            &self.sums,
            &emitter,
            Some(dirty),
            None,
        );
        (emitter, errors)
    }

    /// Whether the build read this file (page, section, asset, statute text, template or config).
    fn known(&self, shown: &Path) -> bool {
        let root = &self.opts.root;
        self.site
            .pages
            .iter()
            .any(|p| p.file == shown || p.assets.iter().any(|a| a.abs == root.join(shown)))
            || self.site.sections.iter().any(|s| s.file == shown)
            || self
                .site
                .loose_assets
                .iter()
                .any(|a| a.abs == root.join(shown))
            || !shown.starts_with("content")
    }

    fn hant_base(&self) -> Option<String> {
        self.config.hant().then(|| self.config.base().to_string())
    }

    /// The review entries of the anonymized pages (serve's `/_review/`).
    pub fn review(&self) -> &[anon::ReviewPage] {
        &self.report.review
    }

    /// The build's warnings about these files (root-relative), as their last edit left them:
    /// unknown keys, dispute categories, convention lint (the anonymizer's are on `/_review/`).
    pub fn warnings_for(&self, files: &[PathBuf]) -> Vec<&Diagnostic> {
        self.warnings
            .iter()
            .filter(|w| w.path.as_ref().is_some_and(|p| files.contains(p)))
            .collect()
    }
}
