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
    /// The summary as templates see it (a fresh value: templates may add to it). The same value
    /// as serializing the summary (a test checks it), built directly: lists, neighbours and
    /// statute pages make one for every page they show, tens of thousands per build, and serde's
    /// map serializer inserted each field into the map one by one.
    pub fn value(&self) -> Value {
        fn text(s: &str) -> Value {
            Value::String(s.to_owned())
        }
        fn maybe(s: &Option<String>) -> Value {
            s.as_deref().map_or(Value::Null, text)
        }
        fn texts(v: &[String]) -> Value {
            Value::Array(v.iter().map(|s| text(s)).collect())
        }
        /// An object of `fields` in key order.
        fn object<const N: usize>(fields: [(&str, Value); N]) -> Value {
            Value::Object(fields.into_iter().map(|(k, v)| (k.to_owned(), v)).collect())
        }
        let taxonomies = self
            .taxonomies
            .iter()
            .map(|(name, terms)| {
                let terms = terms.iter().map(|t| {
                    object([
                        ("name", text(&t.name)),
                        ("permalink", text(&t.permalink)),
                        ("slug", text(&t.slug)),
                    ])
                });
                (name.clone(), Value::Array(terms.collect()))
            })
            .collect();
        let s = &self.section;
        // In key order, so the map is built from them without sorting.
        let mut fields: Vec<(String, Value)> = [
            ("authors", texts(&self.authors)),
            ("char_count", Value::from(self.char_count)),
            ("date", maybe(&self.date)),
            ("date_zh", maybe(&self.date_zh)),
            ("description", text(&self.description)),
            ("excerpt", text(&self.excerpt)),
            // A front-matter table holds only TOML values, which always convert.
            (
                "extra",
                serde_json::to_value(&self.extra).unwrap_or(Value::Null),
            ),
            ("kind", self.kind.map_or(Value::Null, text)),
            ("path", text(&self.path)),
            ("permalink", text(&self.permalink)),
            ("reading_minutes", Value::from(self.reading_minutes)),
            (
                "section",
                object([
                    ("path", text(&s.path)),
                    ("permalink", text(&s.permalink)),
                    ("title", text(&s.title)),
                ]),
            ),
            ("slug", text(&self.slug)),
            ("summary", text(&self.summary)),
            ("taxonomies", Value::Object(taxonomies)),
            ("title", text(&self.title)),
            ("updated", maybe(&self.updated)),
            ("weight", self.weight.map_or(Value::Null, Value::from)),
            ("word_count", Value::from(self.word_count)),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v))
        .collect();
        match &self.view {
            Some(KindView::Case(c)) => {
                let m = &c.meta;
                let parties = c
                    .parties
                    .iter()
                    .map(|p| object([("pseudonym", text(&p.pseudonym)), ("role", text(&p.role))]));
                let view = object([
                    ("dispute", text(&m.dispute)),
                    ("mediator", text(&m.mediator)),
                    ("organization", text(&m.organization)),
                    ("outcome", text(&m.outcome)),
                    ("parties", Value::Array(parties.collect())),
                    ("region", text(&m.region)),
                    ("statutes", texts(&m.statutes)),
                ]);
                fields.push(("case".into(), view));
            }
            Some(KindView::Convention(v)) => fields.push(("convention".into(), v.clone())),
            Some(KindView::Article(a)) => {
                let view = object([
                    ("audience", text(&a.audience)),
                    ("series", text(&a.series)),
                    ("statutes", texts(&a.statutes)),
                    ("topic", text(&a.topic)),
                ]);
                fields.push(("article".into(), view));
            }
            None => {}
        }
        // Collected at once: the map is built from its sorted fields (the view's key sorts into
        // place), not by one insert each.
        Value::Object(fields.into_iter().collect())
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

#[cfg(test)]
mod tests {
    use super::*;

    fn summary(view: Option<KindView>) -> Summary {
        let term = |n: &str| {
            Arc::new(TermRef {
                name: n.into(),
                slug: n.into(),
                permalink: format!("https://a.org/tags/{n}/"),
            })
        };
        let mut extra = toml::Table::new();
        extra.insert("cover".into(), toml::Value::String("a.png".into()));
        extra.insert("n".into(), toml::Value::Integer(3));
        Summary {
            title: "邻里漏水纠纷".into(),
            description: "楼上漏水".into(),
            permalink: "https://a.org/cases/a/".into(),
            path: "/cases/a/".into(),
            slug: "a".into(),
            date: Some("2024-05-01".into()),
            updated: None,
            date_zh: Some("2024年5月1日".into()),
            kind: Some("case"),
            summary: "<p>摘要</p>".into(),
            excerpt: "摘要".into(),
            char_count: 535,
            word_count: 540,
            reading_minutes: 2,
            taxonomies: vec![("tags".into(), vec![term("漏水"), term("邻里")])],
            extra,
            authors: vec!["司法所".into()],
            weight: Some(-2),
            section: Arc::new(SectionRef {
                title: "典型案例".into(),
                permalink: "https://a.org/cases/".into(),
                path: "/cases/".into(),
            }),
            view,
        }
    }

    #[test]
    fn the_built_value_is_the_serialized_summary() {
        let case = KindView::Case(CaseView {
            meta: CaseMeta {
                dispute: "相邻关系纠纷".into(),
                region: "某区".into(),
                outcome: "调解成功".into(),
                statutes: vec!["《民法典》第二百八十八条".into()],
                mediator: "人民调解员".into(),
                organization: "某街道人民调解委员会".into(),
            },
            parties: vec![PartyRef {
                role: "申请人".into(),
                pseudonym: "张某".into(),
            }],
        });
        let article = KindView::Article(ArticleMeta {
            topic: "婚姻家庭".into(),
            audience: "老年人".into(),
            series: "每周一案".into(),
            statutes: vec![],
        });
        let convention = KindView::Convention(serde_json::json!({"status": "现行", "vote": null}));
        for view in [Some(case), Some(article), Some(convention), None] {
            let s = summary(view);
            let want = serde_json::to_value(&s).expect("summary serializes");
            assert_eq!(s.value(), want);
            // Empty and missing fields too.
            let mut bare = s.clone();
            (bare.date, bare.date_zh, bare.kind, bare.weight) = (None, None, None, None);
            (bare.taxonomies, bare.extra, bare.authors) = (vec![], toml::Table::new(), vec![]);
            let want = serde_json::to_value(&bare).expect("summary serializes");
            assert_eq!(bare.value(), want);
        }
    }
}
