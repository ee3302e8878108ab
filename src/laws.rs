//! The statute index: which pages cite which article of which law. Built from the citations the
//! markdown stage found in bodies plus the `statutes` lists of front matter, with optional law
//! texts from the site's `statutes/` folder, and rendered as `/laws/`, `/laws/{law}/` and
//! `/laws/{law}/{article}/` pages.

use std::collections::BTreeMap;
use std::path::Path;

use pufa_statute::{LawEntry, LawTable, int_to_cn, parse_citations};
use rayon::prelude::*;
use serde_json::{Map, Value, json};

use crate::config::Config;
use crate::diag::Diagnostic;
use crate::markdown::Cite;
use crate::meta::KindMeta;
use crate::output::OutputFile;
use crate::render::Renderer;
use crate::site::Site;
use crate::slug::output_file;

/// A law of the site's table as config declares it (`[[laws]]`).
#[derive(Debug, Clone, serde::Deserialize)]
pub struct LawConfig {
    pub name: String,
    pub short: String,
    pub slug: String,
    #[serde(default)]
    pub aliases: Vec<String>,
}

/// The built-in law table extended by config.
pub fn table(config: &Config) -> LawTable {
    let mut t = LawTable::builtin();
    t.extend(config.laws.iter().map(|l| {
        let aliases: Vec<&str> = l.aliases.iter().map(String::as_str).collect();
        LawEntry::new(&l.name, &l.short, &l.slug, &aliases)
    }));
    t
}

/// One cited article and the pages citing it.
#[derive(Debug, Clone, Default)]
pub struct Article {
    pub article: u32,
    pub zhi: Option<u32>,
    pub pages: Vec<usize>,
    /// Text of the article from `statutes/{slug}.md`, when the site provides it.
    pub text: Option<String>,
}

impl Article {
    pub fn key(&self) -> String {
        match self.zhi {
            Some(z) => format!("{}-{z}", self.article),
            None => self.article.to_string(),
        }
    }

    /// 第二百八十八条, 第一百二十条之一
    pub fn label(&self) -> String {
        match self.zhi {
            Some(z) => format!("第{}条之{}", int_to_cn(self.article), int_to_cn(z)),
            None => format!("第{}条", int_to_cn(self.article)),
        }
    }
}

/// Link each front-matter statute of every page to its law page (first article cited).
pub fn link_statutes(site: &mut Site, table: &LawTable, config: &Config) {
    site.pages.par_iter_mut().for_each(|p| {
        let listed: &[String] = match &p.meta.kind {
            Some(KindMeta::Case(c)) => &c.statutes,
            Some(KindMeta::Article(a)) => &a.statutes,
            _ => &[],
        };
        p.statute_links = listed
            .iter()
            .map(|s| {
                let url = parse_citations(s, table).into_iter().find_map(|c| {
                    let law = c.law?;
                    let a = Article {
                        article: c.article,
                        zhi: c.zhi,
                        ..Default::default()
                    };
                    Some(config.url(&format!("/laws/{}/{}/", law.slug, a.key())))
                });
                (s.clone(), url)
            })
            .collect();
    });
}

/// The articles (law slug, article key) the rendered pages cite in their text or `statutes`:
/// those that get a law page.
pub fn cited(site: &Site, table: &LawTable) -> std::collections::HashSet<(String, String)> {
    let mut out = std::collections::HashSet::new();
    for p in site.pages.iter().filter(|p| p.meta.render) {
        for c in &p.rendered.citations {
            out.insert((c.slug.clone(), c.key()));
        }
        let listed: &[String] = match &p.meta.kind {
            Some(KindMeta::Case(c)) => &c.statutes,
            Some(KindMeta::Article(a)) => &a.statutes,
            _ => &[],
        };
        for s in listed {
            for c in parse_citations(s, table) {
                if let Some(law) = c.law {
                    let a = Article {
                        article: c.article,
                        zhi: c.zhi,
                        ..Default::default()
                    };
                    out.insert((law.slug, a.key()));
                }
            }
        }
    }
    out
}

/// Every cited law with its cited articles.
/// The cited articles of one law, keyed by (article, zhi; 0 when none).
pub type Articles = BTreeMap<(u32, u32), Article>;

#[derive(Debug, Clone, Default)]
pub struct LawIndex {
    /// slug → (entry, its cited articles)
    pub laws: BTreeMap<String, (LawEntry, Articles)>,
}

/// Build the index from rendered pages (body citations) and front matter `statutes`.
pub fn index(site: &Site, table: &LawTable, root: &Path) -> (LawIndex, Vec<Diagnostic>) {
    let mut idx = LawIndex::default();
    let mut notes = Vec::new();
    for (i, p) in site.pages.iter().enumerate() {
        if !p.meta.render {
            continue;
        }
        let mut cites: Vec<Cite> = p.rendered.citations.clone();
        let listed: &[String] = match &p.meta.kind {
            Some(KindMeta::Case(c)) => &c.statutes,
            Some(KindMeta::Article(a)) => &a.statutes,
            _ => &[],
        };
        for s in listed {
            let found = parse_citations(s, table);
            if found.is_empty() {
                notes.push(Diagnostic::warning(format!("`statutes` entry `{s}` names no article of a known law")).at(&p.file).help("write it like 《中华人民共和国民法典》第二百八十八条, or add the law to [[laws]] in config.toml"));
            }
            for c in found {
                match c.law {
                    Some(law) => cites.push(Cite {
                        slug: law.slug,
                        short: law.short,
                        article: c.article,
                        zhi: c.zhi,
                    }),
                    None => notes.push(
                        Diagnostic::warning(format!(
                            "unknown law {} in `statutes`",
                            c.unknown_law.unwrap_or_default()
                        ))
                        .at(&p.file)
                        .help("add it to [[laws]] in config.toml to give it a page"),
                    ),
                }
            }
        }
        for name in &p.rendered.unknown_laws {
            notes.push(
                Diagnostic::warning(format!("unknown law 《{name}》 cited"))
                    .at(&p.file)
                    .help("add it to [[laws]] in config.toml (name, short, slug) to index it"),
            );
        }
        for c in cites {
            let Some(entry) = table.by_slug(&c.slug) else {
                continue;
            };
            let (_, arts) = idx
                .laws
                .entry(c.slug.clone())
                .or_insert_with(|| (entry.clone(), BTreeMap::new()));
            let a = arts
                .entry((c.article, c.zhi.unwrap_or(0)))
                .or_insert_with(|| Article {
                    article: c.article,
                    zhi: c.zhi,
                    ..Default::default()
                });
            // Pages come in order, so a repeated citation of this page is the last entry.
            if a.pages.last() != Some(&i) {
                a.pages.push(i);
            }
        }
    }
    // Law texts, when provided.
    for (slug, (_, arts)) in idx.laws.iter_mut() {
        let path = root.join("statutes").join(format!("{slug}.md"));
        if !path.is_file() {
            continue;
        }
        let shown = crate::load::shown(&path, root);
        let read = std::fs::read(&path)
            .map_err(|e| Diagnostic::error(format!("cannot read: {e}")).at(&shown))
            .and_then(|b| crate::load::decode(b, &shown));
        let text = match read {
            Ok(t) => t,
            Err(mut d) => {
                // A law text is optional: the index is still built, without this law's texts.
                d.severity = crate::diag::Severity::Warning;
                notes.push(d);
                continue;
            }
        };
        let texts = article_texts(&text);
        for a in arts.values_mut() {
            if a.zhi.is_none() {
                a.text = texts.get(&a.article).cloned();
            }
        }
    }
    for (_, arts) in idx.laws.values_mut() {
        for a in arts.values_mut() {
            a.pages.sort_by(|&x, &y| {
                site.pages[y]
                    .meta
                    .date
                    .cmp(&site.pages[x].meta.date)
                    .then(x.cmp(&y))
            });
        }
    }
    (idx, notes)
}

/// Article texts of a law file: each line starting with 第X条 opens an article.
pub fn article_texts(text: &str) -> BTreeMap<u32, String> {
    let mut out: BTreeMap<u32, String> = BTreeMap::new();
    let mut current: Option<u32> = None;
    for line in text.lines() {
        let t = line.trim().trim_start_matches('#').trim();
        if let Some(n) = pufa_statute::clause_number(t) {
            current = Some(n);
            out.insert(n, t.to_string());
        } else if let Some(n) = current
            && !t.is_empty()
        {
            if t.starts_with("第")
                && (t.contains('章') || t.contains('编') || t.contains('节'))
                && t.chars().count() < 30
            {
                current = None;
                continue;
            }
            if let Some(s) = out.get_mut(&n) {
                s.push('\n');
                s.push_str(t);
            }
        }
    }
    out
}

fn law_value(config: &Config, e: &LawEntry, table: &LawTable) -> Value {
    json!({
        "slug": e.slug, "name": e.name, "short": e.short,
        "permalink": config.url(&format!("/laws/{}/", e.slug)),
        "repealed": e.repealed,
        "successor": e.successor.as_ref().and_then(|s| table.by_slug(s)).map(|s| json!({"name": s.name, "short": s.short, "permalink": config.url(&format!("/laws/{}/", s.slug))})),
    })
}

/// The cases and articles citing one statute article, and the pages listing them.
struct ArticleList<'a> {
    slug: &'a String,
    entry: &'a LawEntry,
    article: &'a Article,
    path: String,
    cases: Vec<usize>,
    articles: Vec<usize>,
    pagers: Vec<crate::render::Pager>,
}

/// Render the law pages (when the theme has the templates), in parallel, each handed to `emit`
/// as soon as it is rendered; the errors are returned. With `dirty` (serve's incremental rebuild
/// after an edit that kept every citation), only the article pages listing those pages.
pub fn render(
    idx: &LawIndex,
    table: &LawTable,
    config: &Config,
    r: &Renderer,
    sums: &[crate::summary::Summary],
    emit: &crate::emit::Emitter,
    dirty: Option<&std::collections::HashSet<usize>>,
) -> Vec<Diagnostic> {
    if idx.laws.is_empty() || !r.has("laws.html") {
        return Vec::new();
    }
    // A pass of its own: the cards of the page lists are made from these summaries.
    r.begin_pass();
    let done = |res: Result<crate::render::Rendered, Diagnostic>, path: &str| match res {
        Ok(html) => {
            emit.put(OutputFile::page(output_file(path), html));
            None
        }
        Err(e) => Some(e),
    };
    let laws: Vec<Value> = idx
        .laws
        .values()
        .map(|(e, arts)| {
            let mut v = law_value(config, e, table);
            if let Value::Object(m) = &mut v {
                m.insert("article_count".into(), json!(arts.len()));
                m.insert(
                    "citation_count".into(),
                    json!(arts.values().map(|a| a.pages.len()).sum::<usize>()),
                );
            }
            v
        })
        .collect();
    let mut ctx = Map::new();
    ctx.insert("laws".into(), Value::Array(laws));
    let mut errors: Vec<Diagnostic> = Vec::new();
    if dirty.is_none() {
        errors.extend(done(r.render("laws.html", "/laws/", config, ctx), "/laws/"));
    }
    // One job per law page, and one per page of each article's list.
    let by = config.law_paginate_by;
    let lists: Vec<ArticleList> = idx
        .laws
        .iter()
        .flat_map(|(slug, (e, arts))| arts.values().map(move |a| (slug, e, a)))
        .filter(|(_, _, a)| dirty.is_none_or(|d| a.pages.iter().any(|i| d.contains(i))))
        .map(|(slug, e, a)| {
            let of_kind = |kind: &str| -> Vec<usize> {
                a.pages
                    .iter()
                    .copied()
                    .filter(|&i| sums[i].kind == Some(kind))
                    .collect()
            };
            let (cases, articles) = (of_kind("case"), of_kind("article"));
            let path = format!("/laws/{slug}/{}/", a.key());
            // Cases and articles are paged side by side: page n lists the n-th slice of each, so
            // a statute cited by thousands of cases never makes one huge page (or context).
            let pagers =
                crate::render::pagers(cases.len().max(articles.len()), Some(by), &path, "page");
            ArticleList {
                slug,
                entry: e,
                article: a,
                path,
                cases,
                articles,
                pagers,
            }
        })
        .collect();
    // (law slug, law, the article list and its page number, for article pages)
    type Job<'a> = (
        &'a String,
        &'a LawEntry,
        Option<(&'a ArticleList<'a>, usize)>,
    );
    let mut jobs: Vec<Job> = Vec::new();
    if dirty.is_none() {
        jobs.extend(idx.laws.iter().map(|(slug, (e, _))| (slug, e, None)));
    }
    // Page by page across the articles: the n-th pages of two articles cited by the same pages
    // list the same cards. Taken article by article, the two halves of the job list that rayon's
    // threads start on would walk the same cards in step, each rendering every card itself
    // before the other's was cached; in this order the halves show different cards.
    let counts: Vec<usize> = lists.iter().map(|l| l.pagers.len()).collect();
    for (k, n) in page_major(&counts) {
        let l = &lists[k];
        jobs.push((l.slug, l.entry, Some((l, n))));
    }
    errors.par_extend(jobs.into_par_iter().filter_map(|(slug, e, list)| {
        let law = law_value(config, e, table);
        let mut ctx = Map::new();
        ctx.insert("law".into(), law);
        let Some((l, n)) = list else {
            let arts = &idx.laws[slug].1;
            let articles: Vec<Value> = arts
                .values()
                .map(|a| json!({"key": a.key(), "article": a.article, "zhi": a.zhi, "label": a.label(), "permalink": config.url(&format!("/laws/{slug}/{}/", a.key())), "page_count": a.pages.len(), "has_text": a.text.is_some()}))
                .collect();
            let path = format!("/laws/{slug}/");
            ctx.insert("articles".into(), Value::Array(articles));
            return done(r.render("law.html", &path, config, ctx), &path);
        };
        let a = l.article;
        let slice = |ids: &[usize]| -> Value {
            let end = ((n + 1) * by).min(ids.len());
            let ids = ids.get(n * by..end).unwrap_or_default();
            Value::Array(ids.iter().map(|&i| sums[i].value()).collect())
        };
        ctx.insert("article".into(), json!({"key": a.key(), "label": a.label(), "text": a.text, "permalink": config.url(&l.path)}));
        ctx.insert("case_count".into(), json!(l.cases.len()));
        ctx.insert("article_count".into(), json!(l.articles.len()));
        ctx.insert("cases".into(), slice(&l.cases));
        ctx.insert("articles".into(), slice(&l.articles));
        let no_items = Value::Array(Vec::new());
        ctx.insert("paginator".into(), crate::render::paginator_value(&l.pagers, n, Some(by), no_items, config, r.uses_pagers()));
        let path = &l.pagers[n].path;
        done(r.render("law_article.html", path, config, ctx), path)
    }));
    errors
}

/// `(list, page)` for lists of `counts[list]` pages: every list's first page, then every list's
/// second page, and so on.
fn page_major(counts: &[usize]) -> Vec<(usize, usize)> {
    let most = counts.iter().copied().max().unwrap_or(0);
    (0..most)
        .flat_map(|n| {
            counts
                .iter()
                .enumerate()
                .filter(move |&(_, &c)| n < c)
                .map(move |(k, _)| (k, n))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn article_pages_are_rendered_page_by_page_across_the_articles() {
        assert_eq!(
            super::page_major(&[3, 1, 0, 2]),
            [(0, 0), (1, 0), (3, 0), (0, 1), (3, 1), (0, 2)]
        );
        assert!(super::page_major(&[]).is_empty());
    }

    use super::*;

    #[test]
    fn law_texts_by_article() {
        let t = article_texts(
            "# 民法典\n\n第二编 物权\n\n第二百八十八条　不动产的相邻权利人应当……\n\n第二百八十九条　法律、法规对处理相邻关系有规定的……\n没有规定的，可以按照当地习惯。\n",
        );
        assert_eq!(t.len(), 2);
        assert!(t[&289].ends_with("可以按照当地习惯。"));
    }

    #[test]
    fn labels_and_keys() {
        let a = Article {
            article: 120,
            zhi: Some(1),
            ..Default::default()
        };
        assert_eq!(a.label(), "第一百二十条之一");
        assert_eq!(a.key(), "120-1");
    }
}
