//! Incremental rebuilds for `pufa serve`. A full build leaves a `Session`: the parsed and rendered
//! site, the page summaries, the compiled templates, the anonymization report and its prepared
//! audit. When an editor saves a page whose front matter is unchanged (the common edit: the
//! text), the session re-reads that page, anonymizes and renders it again, and re-renders only
//! the files that show it, each with its traditional copy and through the same audit as a full
//! build, in two steps: `update` renders the page and its neighbours (which show its summary),
//! so the browser can reload at once; `follow_up` then renders the section, home, taxonomy,
//! facet and law pages listing it, the feeds and the search index.
//!
//! Anything else falls back to a full rebuild: a changed front matter (title, date, tags and
//! parties move pages between lists), new, removed or renamed files, section files, assets,
//! templates, config, a changed set of statute citations, or a page whose anonymization now
//! names its parties differently.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde_json::Value;

use crate::anon::{self, Audit, Report};
use crate::build::{BuildOptions, Failure};
use crate::config::Config;
use crate::diag::Diagnostic;
use crate::emit::{Dest, Emitter};
use crate::load::{self, SourceFile};
use crate::markdown::{Extras, MarkdownOptions};
use crate::output::OutputFile;
use crate::render::{Dirty, Renderer};
use crate::site::Site;

/// What a full build keeps for the next incremental one.
pub struct Session {
    pub(crate) opts: BuildOptions,
    pub(crate) config: Config,
    pub(crate) renderer: Renderer,
    pub(crate) site: Site,
    pub(crate) sums: Vec<Value>,
    pub(crate) report: Report,
    pub(crate) audit: Option<Arc<Audit>>,
    pub(crate) law_table: pufa_statute::LawTable,
    pub(crate) law_index: crate::laws::LawIndex,
    pub(crate) md: MarkdownOptions,
    pub(crate) law_base: String,
    /// Front-matter text of every page file, by its path from the site root.
    pub(crate) headers: HashMap<PathBuf, String>,
    /// Pages whose last incremental render failed: rendered again with the next edit.
    pub(crate) pending: HashSet<usize>,
    /// Pages whose lists `follow_up` has to render.
    pub(crate) lists_dirty: HashSet<usize>,
}

/// What an incremental rebuild did.
#[derive(Debug)]
pub enum Update {
    /// This change needs a full rebuild; the reason is for the terminal.
    Full(String),
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
        let mut report: Option<Report> = None;
        for path in changed {
            if !seen.insert(path.clone()) {
                continue;
            }
            let shown = load::shown(path, &self.opts.root);
            match self.reread(&shown, report.as_ref()) {
                Ok((i, page, r)) => {
                    fresh.push((i, page));
                    if r.is_some() {
                        report = r;
                    }
                }
                Err(u) => return u,
            }
        }
        if fresh.is_empty() {
            return full("nothing to update incrementally");
        }
        // Commit the new pages; from here on only rendering can fail.
        let mut dirty: HashSet<usize> = std::mem::take(&mut self.pending);
        for (i, page) in fresh {
            self.site.pages[i] = page;
            dirty.insert(i);
        }
        if let Some(r) = report {
            // New names or numbers to look for: prepare the audit again.
            let grew = r.terms.len() != self.report.terms.len()
                || r.scoped.len() != self.report.scoped.len();
            self.report = r;
            if grew {
                self.audit = Audit::new(&self.report).map(Arc::new);
            }
            trace("anonymize and audit", start);
        }
        for &i in &dirty {
            self.sums[i] = crate::render::summary(&self.site, &self.config, i);
        }
        trace("summaries", start);
        let emitter = Emitter::with_audit(self.audit.clone(), self.hant_base(), Dest::Memory);
        let mut errors = crate::render::render_site(
            &self.site,
            &self.config,
            &self.renderer,
            &self.sums,
            &emitter,
            Some(Dirty::Pages(&dirty)),
        );
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
        Update::Done {
            files: emitted.files,
            pages: dirty.len(),
            warnings: self.report.warnings.clone(),
        }
    }

    /// After `update`: the list, law and feed pages showing the changed pages, and the search
    /// index, all audited.
    pub fn follow_up(&mut self) -> Result<Vec<OutputFile>, Vec<Diagnostic>> {
        let start = std::time::Instant::now();
        let dirty = std::mem::take(&mut self.lists_dirty);
        let emitter = Emitter::with_audit(self.audit.clone(), self.hant_base(), Dest::Memory);
        let mut errors = crate::render::render_site(
            &self.site,
            &self.config,
            &self.renderer,
            &self.sums,
            &emitter,
            Some(Dirty::Lists(&dirty)),
        );
        errors.extend(crate::laws::render(
            &self.law_index,
            &self.law_table,
            &self.config,
            &self.renderer,
            &self.sums,
            &emitter,
            Some(&dirty),
        ));
        emitter.put_all(crate::feeds::write(&self.site, &self.config));
        trace("lists", start);
        if self.config.build_search_index {
            emitter.put_all(crate::search::build_index(&crate::build::search_docs(
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
    ) -> Result<(usize, crate::site::Page, Option<Report>), Update> {
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
        let header = crate::front_matter::split(&text, shown)
            .map(|s| s.header.to_string())
            .ok();
        if header.as_ref() != self.headers.get(shown) {
            return Err(full(format!(
                "the front matter of {} changed",
                shown.display()
            )));
        }
        let src = SourceFile {
            rel,
            shown: shown.to_path_buf(),
            text,
        };
        let Ok(Some(mut page)) = self.site.reparse_page(src, &self.config, self.opts.drafts) else {
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
        if page.meta != old.meta
            || page.party_pseudonyms != old.party_pseudonyms
            || page.traditional_source != old.traditional_source
        {
            return Err(full(format!(
                "the anonymized or converted front matter of {} changed",
                shown.display()
            )));
        }
        let extras = Extras {
            laws: Some(&self.law_table),
            law_base: &self.law_base,
            convention: page.kind == Some(crate::meta::Kind::Convention),
            case: page.kind == Some(crate::meta::Kind::Case),
        };
        page.rendered = crate::markdown::render_with(&page.body, &self.md, &extras);
        page.body = String::new();
        if page.rendered.citations != old.rendered.citations {
            return Err(full(format!(
                "the statute citations of {} changed",
                shown.display()
            )));
        }
        Ok((i, page, new_report))
    }

    fn hant_base(&self) -> Option<String> {
        self.config.hant().then(|| self.config.base().to_string())
    }

    /// The review entries of the anonymized pages (serve's `/_review/`).
    pub fn review(&self) -> &[anon::ReviewPage] {
        &self.report.review
    }
}
