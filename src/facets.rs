//! Facets: static filter pages of a section's pages by a field — cases by dispute category,
//! region and year; articles by topic and audience — at `{section}/{facet}/{value}/`, with counts
//! for the section page. No JavaScript is needed to filter.

use std::collections::BTreeMap;

use crate::meta::{Kind, KindMeta};
use crate::site::{Page, Site};
use crate::slug::slugify;

#[derive(Debug, Clone)]
pub struct FacetValue {
    pub name: String,
    pub path: String,
    pub pages: Vec<usize>,
}

#[derive(Debug, Clone)]
pub struct Facet {
    pub section: usize,
    /// `dispute`, `region`, `year`, `topic`, `audience`
    pub key: &'static str,
    /// 纠纷类型, 地区, 年份, 主题, 读者
    pub label: &'static str,
    pub values: Vec<FacetValue>,
}

fn value(p: &Page, key: &str) -> Option<String> {
    let v = match (&p.meta.kind, key) {
        (Some(KindMeta::Case(c)), "dispute") => c.dispute.clone(),
        (Some(KindMeta::Case(c)), "region") => c.region.clone(),
        (Some(KindMeta::Article(a)), "topic") => a.topic.clone(),
        (Some(KindMeta::Article(a)), "audience") => a.audience.clone(),
        (_, "year") => p
            .meta
            .date
            .map(|d| d.year().to_string())
            .unwrap_or_default(),
        _ => String::new(),
    };
    let v = v.trim().to_string();
    (!v.is_empty()).then_some(v)
}

fn facets_of(kind: Kind) -> &'static [(&'static str, &'static str)] {
    match kind {
        Kind::Case => &[
            ("dispute", "纠纷类型"),
            ("region", "地区"),
            ("year", "年份"),
        ],
        Kind::Article => &[("topic", "主题"), ("audience", "读者")],
        Kind::Convention => &[],
    }
}

/// Facets of every section that declares a kind.
pub fn build(site: &Site) -> Vec<Facet> {
    let mut out = Vec::new();
    for (si, s) in site.sections.iter().enumerate() {
        let Some(kind) = s.meta.kind else { continue };
        for &(key, label) in facets_of(kind) {
            let mut values: BTreeMap<String, Vec<usize>> = BTreeMap::new();
            for &p in &s.pages {
                if site.pages[p].kind == Some(kind)
                    && let Some(v) = value(&site.pages[p], key)
                {
                    values.entry(v).or_default().push(p);
                }
            }
            if values.len() < 2 && key != "dispute" {
                // A facet with one value filters nothing.
                continue;
            }
            let mut values: Vec<FacetValue> = values
                .into_iter()
                .map(|(name, pages)| FacetValue {
                    path: format!("{}{key}/{}/", s.path, slugify(&name)),
                    name,
                    pages,
                })
                .collect();
            if key == "year" {
                values.reverse();
            } else {
                values.sort_by(|a, b| b.pages.len().cmp(&a.pages.len()).then(a.name.cmp(&b.name)));
            }
            out.push(Facet {
                section: si,
                key,
                label,
                values,
            });
        }
    }
    out
}
