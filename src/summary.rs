//! Summaries: what lists, feeds, neighbours and statute pages show of a page, built once per page
//! after Markdown and shared by every list. Kept as plain typed data (about a quarter of the memory
//! of the same data as `serde_json` maps, which matters at 100,000 pages) and turned into a template
//! value each time a list shows the page.

use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;
use serde_json::Value;

use crate::config::Config;
use crate::markdown::reading_minutes;
use crate::meta::{ArticleMeta, CaseMeta, KindMeta};
use crate::site::{Page, Site};

/// One page's summary. Its template value (`value`) has exactly these fields, plus `case`,
/// `convention` or `article` for pages of a kind.
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    pub title: String,
    pub description: String,
    pub permalink: String,
    pub path: String,
    pub slug: String,
    pub date: Option<String>,
    pub updated: Option<String>,
    pub date_zh: Option<String>,
    pub kind: Option<&'static str>,
    pub summary: String,
    pub excerpt: String,
    pub char_count: usize,
    pub word_count: usize,
    pub reading_minutes: usize,
    /// Taxonomy name → its terms on this page (written as a map; a list is smaller than a map).
    #[serde(serialize_with = "as_map")]
    pub taxonomies: Vec<(String, Vec<Arc<TermRef>>)>,
    pub extra: toml::Table,
    pub authors: Vec<String>,
    pub weight: Option<i64>,
    pub section: Arc<SectionRef>,
    #[serde(flatten)]
    pub view: Option<KindView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TermRef {
    pub name: String,
    pub slug: String,
    pub permalink: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct SectionRef {
    pub title: String,
    pub permalink: String,
    pub path: String,
}

/// What a page of a kind adds, under the kind's name.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum KindView {
    Case(CaseView),
    /// Conventions are few; their view (vote, procedure, versions) stays a template value.
    Convention(Value),
    Article(ArticleMeta),
}

/// A case's front-matter fields and its parties, by role and pseudonym only.
#[derive(Debug, Clone, Serialize)]
pub struct CaseView {
    #[serde(flatten)]
    pub meta: CaseMeta,
    pub parties: Vec<PartyRef>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PartyRef {
    pub role: String,
    pub pseudonym: String,
}

impl Summary {
    /// The summary as templates see it (a fresh value: templates may add to it).
    pub fn value(&self) -> Value {
        // Serializing plain strings, numbers and maps with string keys cannot fail.
        serde_json::to_value(self).unwrap_or(Value::Null)
    }
}

fn as_map<S: serde::Serializer>(
    v: &[(String, Vec<Arc<TermRef>>)],
    s: S,
) -> Result<S::Ok, S::Error> {
    s.collect_map(v.iter().map(|(k, terms)| (k, terms)))
}

/// What every summary of a section or a term shares, built once.
pub struct Shared {
    sections: Vec<Arc<SectionRef>>,
    /// Per taxonomy, per term.
    terms: Vec<Vec<Arc<TermRef>>>,
}

impl Shared {
    pub fn new(site: &Site, config: &Config) -> Self {
        Shared {
            sections: site
                .sections
                .iter()
                .map(|s| {
                    Arc::new(SectionRef {
                        title: s.meta.title.clone(),
                        permalink: config.url(&s.path),
                        path: s.path.clone(),
                    })
                })
                .collect(),
            terms: site
                .taxonomies
                .iter()
                .map(|t| {
                    t.terms
                        .iter()
                        .map(|x| {
                            Arc::new(TermRef {
                                name: x.name.clone(),
                                slug: x.slug.clone(),
                                permalink: config.url(&x.path),
                            })
                        })
                        .collect()
                })
                .collect(),
        }
    }
}

/// The summary of every page, in page order. With `take`, the pages' summary HTML and excerpt
/// move into the summaries instead of being copied (the build reads them only from there; `serve`
/// keeps the pages whole to rebuild summaries after an edit).
pub fn summaries(site: &mut Site, config: &Config, take: bool) -> Vec<Summary> {
    let shared = Shared::new(site, config);
    let mut sums: Vec<Summary> = (0..site.pages.len())
        .into_par_iter()
        .map(|i| summary_with(site, config, &shared, i, !take))
        .collect();
    if take {
        sums.par_iter_mut()
            .zip(site.pages.par_iter_mut())
            .for_each(|(s, p)| {
                s.summary = std::mem::take(&mut p.rendered.summary);
                s.excerpt = std::mem::take(&mut p.rendered.excerpt);
            });
    }
    sums
}

/// The summaries of some pages (serve, after edits), copying what they show.
pub fn summaries_of(site: &Site, config: &Config, pages: &[usize]) -> Vec<Summary> {
    let shared = Shared::new(site, config);
    pages
        .iter()
        .map(|&i| summary_with(site, config, &shared, i, true))
        .collect()
}

fn summary_with(site: &Site, config: &Config, shared: &Shared, i: usize, copy: bool) -> Summary {
    let p = &site.pages[i];
    let (kind, view) = kind_view(p);
    Summary {
        title: p.meta.title.clone(),
        description: p.meta.description.clone(),
        permalink: config.url(&p.path),
        path: p.path.clone(),
        slug: p.slug.clone(),
        date: p.meta.date.map(|d| d.iso()),
        updated: p.meta.updated.map(|d| d.iso()),
        date_zh: p.meta.date.map(|d| d.zh()),
        kind,
        summary: if copy {
            p.rendered.summary.clone()
        } else {
            String::new()
        },
        excerpt: if copy {
            p.rendered.excerpt.clone()
        } else {
            String::new()
        },
        char_count: p.rendered.char_count,
        word_count: p.rendered.char_count + p.rendered.latin_words,
        reading_minutes: reading_minutes(
            p.rendered.char_count,
            p.rendered.latin_words,
            config.reading_speed,
        ),
        taxonomies: term_refs(site, shared, p),
        extra: p.meta.extra.clone(),
        authors: p.meta.authors.clone(),
        weight: p.meta.weight,
        section: shared.sections[p.section].clone(),
        view,
    }
}

fn term_refs(site: &Site, shared: &Shared, p: &Page) -> Vec<(String, Vec<Arc<TermRef>>)> {
    let mut out = Vec::new();
    for (name, terms) in &p.meta.taxonomies {
        let Some(ti) = site.taxonomies.iter().position(|t| &t.config.name == name) else {
            continue;
        };
        let tax = &site.taxonomies[ti];
        let list = terms
            .iter()
            .filter_map(|t| tax.terms.iter().position(|x| &x.name == t))
            .map(|k| shared.terms[ti][k].clone())
            .collect();
        out.push((name.clone(), list));
    }
    out
}

fn kind_view(p: &Page) -> (Option<&'static str>, Option<KindView>) {
    match &p.meta.kind {
        Some(KindMeta::Case(c)) => (
            Some("case"),
            Some(KindView::Case(CaseView {
                meta: c.clone(),
                parties: p
                    .party_pseudonyms
                    .iter()
                    .map(|(role, name)| PartyRef {
                        role: role.clone(),
                        pseudonym: name.clone(),
                    })
                    .collect(),
            })),
        ),
        Some(KindMeta::Convention(c)) => (
            Some("convention"),
            Some(KindView::Convention(serde_json::json!({
                "community": c.community, "status": c.status,
                "adopted": c.adopted.map(|d| d.iso()), "adopted_zh": c.adopted.map(|d| d.zh()),
                "vote": c.vote.map(|v| serde_json::json!({"for": v.for_, "against": v.against, "abstain": v.abstain, "total": v.for_ + v.against + v.abstain})),
                "filed_with": c.filed_with,
                "procedure": crate::convention::procedure_value(c), "version": c.version,
            }))),
        ),
        Some(KindMeta::Article(a)) => (Some("article"), Some(KindView::Article(a.clone()))),
        None => (None, None),
    }
}
