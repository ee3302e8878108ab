//! The site tree: sections, pages and taxonomies assembled from parsed files. Owns kind
//! inheritance, drafts, URL paths (with collision and escape checks), section order with
//! previous/next links, and taxonomy terms. Plain data; rendering happens elsewhere.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::PathBuf;

use crate::config::{Config, TaxonomyConfig};
use crate::diag::Diagnostic;
use crate::front_matter;
use crate::load::{Asset, Content, SourceFile};
use crate::markdown::Rendered;
use crate::meta::{self, Kind, PageMeta, SectionMeta, SortBy};
use crate::slug::{normalize_path, slugify, unsafe_path};

#[derive(Debug, Clone)]
pub struct Page {
    /// Source path for messages (`content/cases/a.md`).
    pub file: PathBuf,
    /// Path relative to `content/`.
    pub rel: String,
    pub meta: PageMeta,
    pub kind: Option<Kind>,
    /// Markdown body (anonymized in place by the anonymize stage for anonymized pages).
    pub body: String,
    /// 0-based line of the body's first line in the file.
    pub body_line: usize,
    pub section: usize,
    /// File stem or bundle folder name (without a leading date), the default slug source;
    /// after the folders between the section and the page when there are any (`2023/a`),
    /// which are part of the page's URL.
    pub stem: String,
    pub slug: String,
    pub path: String,
    /// Assets of a bundle (relative to `content/`).
    pub assets: Vec<Asset>,
    pub rendered: Rendered,
    /// `(role, pseudonym)` of each declared party, filled by the anonymize stage.
    pub party_pseudonyms: Vec<(String, String)>,
    /// The page was written in traditional script and converted to simplified.
    pub traditional_source: bool,
    /// Front-matter `statutes` with the URL of their law page when the law is known.
    pub statute_links: Vec<(String, Option<String>)>,
    /// Index in the section's order of the previous/next page.
    pub lower: Option<usize>,
    pub higher: Option<usize>,
}

impl Page {
    /// Where bundle file `a` goes under the page's folder: its path inside the bundle
    /// (`photo.jpg`, `attachments/photo.jpg`), from its (possibly anonymized) `rel`.
    pub fn asset_name<'a>(&self, a: &'a crate::load::Asset) -> &'a str {
        let depth = parent_dir(&self.rel)
            .split('/')
            .filter(|c| !c.is_empty())
            .count();
        a.rel.splitn(depth + 1, '/').last().unwrap_or(&a.rel)
    }
}

#[derive(Debug, Clone)]
pub struct Section {
    pub file: PathBuf,
    /// Folder relative to `content/` (`""` for the root).
    pub dir: String,
    pub meta: SectionMeta,
    pub kind: Option<Kind>,
    pub body: String,
    pub body_line: usize,
    pub path: String,
    pub parent: Option<usize>,
    pub pages: Vec<usize>,
    pub subsections: Vec<usize>,
    pub rendered: Rendered,
}

#[derive(Debug, Clone)]
pub struct Term {
    pub name: String,
    pub slug: String,
    pub path: String,
    pub pages: Vec<usize>,
}

#[derive(Debug, Clone)]
pub struct Taxonomy {
    pub config: TaxonomyConfig,
    pub slug: String,
    pub path: String,
    pub terms: Vec<Term>,
}

#[derive(Debug, Clone, Default)]
pub struct Site {
    pub sections: Vec<Section>,
    pub pages: Vec<Page>,
    pub taxonomies: Vec<Taxonomy>,
    /// Assets outside bundles, copied to the same relative path.
    pub loose_assets: Vec<Asset>,
    /// Filter pages of kind sections (cases by dispute, region, year; articles by topic, audience).
    pub facets: Vec<crate::facets::Facet>,
}

fn parent_dir(rel: &str) -> &str {
    rel.rfind('/').map_or("", |i| &rel[..i])
}

fn depth(dir: &str) -> usize {
    if dir.is_empty() {
        0
    } else {
        dir.matches('/').count() + 1
    }
}

/// Parse every file and assemble the tree. Paths are not assigned yet (see `assign_paths`), since
/// anonymized pages get their slugs only after anonymization.
pub fn assemble(content: Content, config: &Config, drafts: bool) -> (Site, Vec<Diagnostic>) {
    let mut errors = Vec::new();
    let content = leave_out(content, config, &mut errors);
    let (section_files, page_files): (Vec<SourceFile>, Vec<SourceFile>) = content
        .markdown
        .into_iter()
        .partition(|f| f.rel == "_index.md" || f.rel.ends_with("/_index.md"));

    // Sections, parents first.
    let mut section_files = section_files;
    section_files.sort_by(|a, b| {
        depth(parent_dir(&a.rel))
            .cmp(&depth(parent_dir(&b.rel)))
            .then(a.rel.cmp(&b.rel))
    });
    let mut site = Site::default();
    let mut by_dir: HashMap<String, usize> = HashMap::new();
    if section_files.first().is_none_or(|f| f.rel != "_index.md") {
        site.sections.push(Section {
            file: PathBuf::from("content/_index.md"),
            dir: String::new(),
            meta: SectionMeta::default(),
            kind: None,
            body: String::new(),
            body_line: 0,
            path: "/".into(),
            parent: None,
            pages: Vec::new(),
            subsections: Vec::new(),
            rendered: Rendered::default(),
        });
        by_dir.insert(String::new(), 0);
    }
    for f in section_files {
        let dir = parent_dir(&f.rel).to_string();
        let split = match front_matter::split(&f.text, &f.shown) {
            Ok(s) => s,
            Err(e) => {
                errors.push(e);
                continue;
            }
        };
        let meta = match SectionMeta::from_split(&split, &f.shown) {
            Ok(m) => m,
            Err(e) => {
                errors.extend(e);
                // The build fails, but the section stays with its kind, so its pages are read as
                // what they are (a case's `dispute` is no unknown key) and report only their own
                // errors.
                SectionMeta {
                    kind: crate::meta::declared_kind(&split, &f.shown, false)
                        .ok()
                        .flatten(),
                    ..SectionMeta::default()
                }
            }
        };
        if meta.draft && !drafts {
            continue;
        }
        let parent = nearest_section(&by_dir, &dir);
        let inherited = parent.and_then(|p| site.sections[p].kind);
        // As for pages: what lies below the cases is published as cases.
        if inherited == Some(Kind::Case)
            && let Some(k) = meta.kind.filter(|&k| k != Kind::Case)
        {
            errors.push(not_a_case(&split, &f.shown, "a section", k));
            continue;
        }
        let kind = meta.kind.or(inherited);
        let path = normalize_path(&dir.split('/').map(slugify).collect::<Vec<_>>().join("/"));
        let idx = site.sections.len();
        if let Some(p) = parent {
            site.sections[p].subsections.push(idx);
        }
        site.sections.push(Section {
            file: f.shown.clone(),
            dir: dir.clone(),
            kind,
            body: split.body.to_string(),
            body_line: split.body_line,
            path: if dir.is_empty() { "/".into() } else { path },
            parent,
            meta,
            pages: Vec::new(),
            subsections: Vec::new(),
            rendered: Rendered::default(),
        });
        by_dir.insert(dir, idx);
    }

    // Bundles: folders holding an index.md.
    let bundle_dirs: HashMap<String, ()> = page_files
        .iter()
        .filter(|f| f.rel == "index.md" || f.rel.ends_with("/index.md"))
        .map(|f| (parent_dir(&f.rel).to_string(), ()))
        .collect();
    for f in &page_files {
        let dir = parent_dir(&f.rel);
        if (f.rel == "index.md" || f.rel.ends_with("/index.md")) && by_dir.contains_key(dir) {
            errors.push(
                Diagnostic::error("a folder cannot hold both `_index.md` (a section) and `index.md` (a page bundle)")
                    .at(&f.shown)
                    .help("rename one of them: keep _index.md for a section, index.md for a page with its images"),
            );
        }
    }

    let parsed: Vec<Parsed> = {
        use rayon::prelude::*;
        page_files
            .into_par_iter()
            .map(|f| parse_page(f, &site, &by_dir, config, drafts))
            .collect()
    };
    for r in parsed {
        match r {
            Ok((page, warnings)) => {
                site.pages.extend(page);
                errors.extend(warnings);
            }
            Err(e) => errors.extend(e),
        }
    }
    site.pages.sort_by(|a, b| a.rel.cmp(&b.rel));
    drop_protected_folders(&mut site);

    // Assets: into their bundle, else copied as they lie.
    let mut bundle_page: HashMap<String, usize> = HashMap::new();
    for (i, p) in site.pages.iter().enumerate() {
        if p.rel == "index.md" || p.rel.ends_with("/index.md") {
            bundle_page.insert(parent_dir(&p.rel).to_string(), i);
        }
    }
    for a in content.assets {
        // A file in a subfolder of a bundle (cases/a/attachments/x.jpg) is the bundle's too: it
        // goes with the page, anonymized with it when the page is a case.
        let mut dir = parent_dir(&a.rel);
        let owner = loop {
            if let Some(&i) = bundle_page.get(dir) {
                break Some(Some(i));
            }
            // Assets of draft bundles stay out of the build too.
            if bundle_dirs.contains_key(dir) {
                break Some(None);
            }
            if dir.is_empty() || by_dir.contains_key(dir) {
                break None;
            }
            dir = parent_dir(dir);
        };
        match owner {
            Some(Some(i)) => site.pages[i].assets.push(a),
            Some(None) => {}
            None => site.loose_assets.push(a),
        }
    }
    (site, errors)
}

/// `content` without the files `ignored_content` matches and without translations
/// (`post.fr.md`, `_index.fr.md`), which pufa does not build: one warning counts those.
fn leave_out(mut content: Content, config: &Config, diags: &mut Vec<Diagnostic>) -> Content {
    // A section's `_index.md` that gives its pages a kind is never left out: its cases would be
    // published as plain pages, unanonymized.
    static KIND: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"(?m)^\s*kind\s*[=:]").expect("valid regex")
    });
    for f in &content.markdown {
        let name = f.rel.rsplit('/').next().unwrap_or(&f.rel);
        let dir = f.rel.rsplit_once('/').map_or("", |(d, _)| d);
        let keeps_pages = || {
            content.markdown.iter().any(|g| {
                g.rel != f.rel
                    && (dir.is_empty() || g.rel.starts_with(&format!("{dir}/")))
                    && !config.content_ignored(&g.rel)
            })
        };
        // Only an ignored `_index.md` is looked at (the scan over every file is for it alone).
        if name == "_index.md"
            && config.content_ignored(&f.rel)
            && keeps_pages()
            && front_matter::split(&f.text, &f.shown).is_ok_and(|sp| KIND.is_match(sp.header))
        {
            diags.push(
                Diagnostic::error(format!(
                    "ignored_content leaves out {}, which gives the pages of its section their kind",
                    f.shown.display()
                ))
                .at("config.toml")
                .help("its cases would be published as plain pages, unanonymized: change the pattern so it does not match this file"),
            );
        }
    }
    content.markdown.retain(|f| !config.content_ignored(&f.rel));
    content.assets.retain(|a| !config.content_ignored(&a.rel));
    if config.languages.is_empty() {
        return content;
    }
    let mut skipped: BTreeMap<String, usize> = BTreeMap::new();
    content
        .markdown
        .retain(|f| match translation_of(&f.rel, config) {
            Some(code) => {
                *skipped.entry(code.to_string()).or_default() += 1;
                false
            }
            None => true,
        });
    if !skipped.is_empty() {
        let n: usize = skipped.values().sum();
        let langs = skipped
            .iter()
            .map(|(code, k)| format!("{code}: {k}"))
            .collect::<Vec<_>>()
            .join(", ");
        diags.push(
            Diagnostic::warning(format!(
                "{n} translated file{} skipped ({langs}): pufa builds the default language only",
                if n == 1 { "" } else { "s" }
            ))
            .at("config.toml")
            .help("the translations (`name.CODE.md`) of the languages in [languages] are not published; remove [languages] to silence this"),
        );
    }
    content
}

/// The language code of a translated Markdown file (`blog/post.fr.md`, `_index.en-US.md`):
/// a language of config's `languages`, or any code that looks like one (`de`, `yue`, `pt-BR`),
/// but not the default language.
fn translation_of<'a>(rel: &'a str, config: &Config) -> Option<&'a str> {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    let stem = name.strip_suffix(".md")?;
    let (_, code) = stem.rsplit_once('.')?;
    if code.eq_ignore_ascii_case(&config.default_language) {
        return None;
    }
    // Only the languages the config lists: `node.js.md` is a page about Node.js.
    config.languages.contains_key(code).then_some(code)
}

/// Folders without `_index.md` are part of a page's URL (as in Zola), except where a case may
/// have named them: in a case section, and in any folder holding an anonymized page at any depth
/// (its name is then left out of every page's URL under it, the case's and its neighbours'). A
/// name split over folders (`张/建/国/a.md`) is anonymized folder by folder and would not be
/// found, and a plain page beside the case would publish the folder's name in its own URL.
fn drop_protected_folders(site: &mut Site) {
    let dir_of = |p: &Page, sections: &[Section], depth: usize| -> Option<String> {
        let (folders, _) = p.stem.rsplit_once('/')?;
        let parts: Vec<&str> = folders.split('/').take(depth.max(1)).collect();
        let base = &sections[p.section].dir;
        Some(if base.is_empty() {
            parts.join("/")
        } else {
            format!("{base}/{}", parts.join("/"))
        })
    };
    // Every folder (relative to content/) that holds an anonymized page at any depth.
    let protected = with_ancestors(
        site.pages
            .iter()
            .filter(|p| p.meta.anon.enabled)
            .filter_map(|p| dir_of(p, &site.sections, usize::MAX)),
    );
    if protected.is_empty() && !site.sections.iter().any(|s| s.kind == Some(Kind::Case)) {
        return;
    }
    for i in 0..site.pages.len() {
        let p = &site.pages[i];
        let Some((_, name)) = p.stem.rsplit_once('/') else {
            continue;
        };
        let Some(first) = dir_of(p, &site.sections, 1) else {
            continue;
        };
        let drop = p.meta.anon.enabled
            || site.sections[p.section].kind == Some(Kind::Case)
            || protected.contains(&first);
        if drop {
            let name = name.to_string();
            site.pages[i].stem = name;
        }
    }
}

/// The folders `dirs` (paths under `content/`) and every folder they lie in: a set to ask
/// "does this folder hold one of them at any depth" once per folder, not once per pair.
pub(crate) fn with_ancestors(dirs: impl IntoIterator<Item = String>) -> HashSet<String> {
    let mut out = HashSet::new();
    for d in dirs {
        let mut at = d.as_str();
        while !at.is_empty() && out.insert(at.to_string()) {
            at = parent_dir(at);
        }
    }
    out
}

/// A leading date in a file or bundle folder name, as Zola reads it: `2018-10-10-hello`,
/// `2018-10-10_hello`, `2018-10-10T10:00:00+08:00 hello`… → the date, and the name without it
/// when something follows.
fn dated_name(name: &str) -> Option<(meta::Date, Option<&str>)> {
    static RE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(
            r"^(?P<date>\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])(?:T(?:[01][0-9]|2[0-3]):[0-5][0-9]:(?:[0-5][0-9]|60)(?:\.[0-9]+)?(?:Z|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9]))?)(?:\s?[_-](?P<rest>.+))?",
        )
        .expect("valid regex")
    });
    let caps = RE.captures(name)?;
    let date = meta::Date::parse(caps.name("date")?.as_str())?;
    Some((date, caps.name("rest").map(|m| m.as_str())))
}

/// The error for `what` (a page, a section) inside a case section that declares kind `k`: it
/// would be published without anonymization.
fn not_a_case(
    split: &front_matter::Split,
    shown: &std::path::Path,
    what: &str,
    k: Kind,
) -> Diagnostic {
    let mut d = Diagnostic::error(format!(
        "{what} in a case section cannot be of kind `{}`: it would be published without anonymization",
        k.name()
    ))
    .at(shown);
    if let Some((l, c)) = crate::config::key_position(split.header, "kind") {
        d = d.line(l + split.header_line, c);
    }
    d.help(format!(
        "remove `kind = \"{}\"` to keep it a case, or move it out of the case section",
        k.name()
    ))
}

fn nearest_section(by_dir: &HashMap<String, usize>, dir: &str) -> Option<usize> {
    let mut d = dir;
    loop {
        let up = parent_dir(d);
        if d.is_empty() {
            return None;
        }
        if let Some(&i) = by_dir.get(up) {
            return Some(i);
        }
        d = up;
    }
}

/// A parsed page (`None`: a draft left out) with its warnings.
type Parsed = Result<(Option<Page>, Vec<Diagnostic>), Vec<Diagnostic>>;

fn parse_page(
    f: SourceFile,
    site: &Site,
    by_dir: &HashMap<String, usize>,
    config: &Config,
    drafts: bool,
) -> Parsed {
    let split = front_matter::split(&f.text, &f.shown).map_err(|e| vec![e])?;
    let is_bundle = f.rel == "index.md" || f.rel.ends_with("/index.md");
    let (container, stem) = if is_bundle {
        let dir = parent_dir(&f.rel);
        (
            parent_dir(dir).to_string(),
            dir.rsplit('/').next().unwrap_or(dir).to_string(),
        )
    } else {
        let name = f.rel.rsplit('/').next().unwrap_or(&f.rel);
        (
            parent_dir(&f.rel).to_string(),
            name.trim_end_matches(".md").to_string(),
        )
    };
    let section = by_dir
        .get(&container)
        .copied()
        .or_else(|| nearest_section(by_dir, &format!("{container}/x")))
        .unwrap_or(0);
    let declared = meta::declared_kind(
        &split,
        &f.shown,
        site.sections[section].kind == Some(Kind::Case),
    )
    .map_err(|e| vec![e])?;
    // A page among cases is published as one of them: another kind would switch anonymization
    // off for what editors put in the case section.
    if site.sections[section].kind == Some(Kind::Case)
        && let Some(k) = declared.filter(|&k| k != Kind::Case)
    {
        return Err(vec![not_a_case(&split, &f.shown, "a page", k)]);
    }
    let kind = declared.or(site.sections[section].kind);
    let (mut meta, warnings) = PageMeta::from_split_warn(&split, &f.shown, kind, config)?;
    if meta.draft && !drafts {
        return Ok((None, warnings));
    }
    // As in Zola: a date leading the name is the page's date unless the front matter has one,
    // and leaves the slug. A date and only a number (`2024-05-20-1.md`, as `pufa new` names
    // files) keeps its whole name: the slug `1` would clash with the next day's.
    let mut stem = stem;
    if let Some((date, rest)) = dated_name(&stem) {
        meta.date = meta.date.or(Some(date));
        if let Some(rest) = rest
            && !config.slugify.paths_keep_dates
            && !rest.bytes().all(|b| b.is_ascii_digit())
        {
            stem = rest.to_string();
        }
    }
    // The folders between the section and the page are part of its URL, as in Zola
    // (`content/a/b/y.md` without `_index.md` in a or b is /a/b/y/). They ride in the stem,
    // which is anonymized with the page: a case's folder may be named after a party.
    let section_dir = &site.sections[section].dir;
    let folders = container
        .strip_prefix(section_dir.as_str())
        .unwrap_or(&container)
        .trim_start_matches('/');
    if !folders.is_empty() {
        stem = format!("{folders}/{stem}");
    }
    // The body is the end of the file's text: cut the header off the text's buffer instead of
    // copying (at 100,000 pages the copies were a third of a gigabyte allocated while the files
    // were alive).
    let (body_start, body_line) = (split.body_start, split.body_line);
    drop(split);
    let mut body = f.text;
    body.drain(..body_start);
    let page = Page {
        file: f.shown,
        rel: f.rel.clone(),
        kind,
        body,
        body_line,
        section,
        stem,
        slug: String::new(),
        path: String::new(),
        assets: Vec::new(),
        rendered: Rendered::default(),
        party_pseudonyms: Vec::new(),
        statute_links: Vec::new(),
        traditional_source: false,
        lower: None,
        higher: None,
        meta,
    };
    Ok((Some(page), warnings))
}

impl Site {
    /// Parse one page file again (serve's incremental rebuild), as `assemble` would: the same
    /// section, kind and front-matter checks. `None` for a draft left out of the build.
    pub fn reparse_page(
        &self,
        f: SourceFile,
        config: &Config,
        drafts: bool,
    ) -> Result<(Option<Page>, Vec<Diagnostic>), Vec<Diagnostic>> {
        let by_dir: HashMap<String, usize> = self
            .sections
            .iter()
            .enumerate()
            .map(|(i, s)| (s.dir.clone(), i))
            .collect();
        // With its warnings (unknown keys of a plain page): they replace the page's old ones.
        parse_page(f, self, &by_dir, config, drafts)
    }

    /// Give every page its slug and path, checking for unsafe paths and for two sources claiming
    /// one output path. Also orders sections and builds taxonomies.
    /// Where Zola's internal links (`@/cases/a.md`, `@/cases/_index.md`) lead: every page's and
    /// section's source path under `content/` → its permalink. Pages not rendered have none.
    pub fn links(&self, config: &Config) -> crate::markdown::Links {
        let pages = self
            .pages
            .iter()
            .filter(|p| p.meta.render)
            .map(|p| (p.rel.clone(), config.url(&p.path)));
        let sections = self.sections.iter().filter(|s| s.meta.render).map(|s| {
            let rel = if s.dir.is_empty() {
                "_index.md".to_string()
            } else {
                format!("{}/_index.md", s.dir)
            };
            (rel, config.url(&s.path))
        });
        pages.chain(sections).collect()
    }

    pub fn assign_paths(&mut self, config: &Config) -> Vec<Diagnostic> {
        let mut errors = Vec::new();
        let mut claimed: HashMap<String, PathBuf> = HashMap::new();
        let mut claim = |path: &str, file: &PathBuf, what: &str, errors: &mut Vec<Diagnostic>| {
            if let Some(other) = claimed.get(path) {
                errors.push(
                    Diagnostic::error(format!(
                        "two files claim the output path `{path}`: {} and {}{what}",
                        other.display(),
                        file.display()
                    ))
                    .at(file)
                    .help("give one of them a different `slug` or `path` in its front matter"),
                );
            } else {
                claimed.insert(path.to_string(), file.clone());
            }
        };
        for s in &self.sections {
            claim(&s.path, &s.file, "", &mut errors);
        }
        for p in &mut self.pages {
            let bad = |key: &str, value: &str, why: &str| {
                Diagnostic::error(format!("`{key} = \"{value}\"` {why}"))
                    .at(&p.file)
                    .help("use a plain name such as `slug = \"loushui\"`; paths stay inside the output folder")
            };
            if let Some(s) = &p.meta.slug
                && let Some(why) = unsafe_path(s).or(if s.contains('/') {
                    Some("contains `/`")
                } else {
                    None
                })
            {
                errors.push(bad("slug", s, why));
                continue;
            }
            if let Some(path) = &p.meta.path
                && let Some(why) = unsafe_path(path)
            {
                errors.push(bad("path", path, why));
                continue;
            }
            // The stem is `folders/name` for a page in folders without `_index.md`.
            let (folders, name) = p.stem.rsplit_once('/').unwrap_or(("", &p.stem));
            p.slug = slugify(p.meta.slug.as_deref().unwrap_or(name));
            p.path = match &p.meta.path {
                Some(path) => normalize_path(path),
                None => {
                    let mut path = self.sections[p.section].path.clone();
                    for folder in folders.split('/').filter(|f| !f.is_empty()) {
                        path.push_str(&slugify(folder));
                        path.push('/');
                    }
                    format!("{path}{}/", p.slug)
                }
            };
            if config.hant() && in_hant_copy(&p.path) {
                errors.push(
                    Diagnostic::error(format!(
                        "the output path `{}` is inside /zh-hant/, where the traditional copy of the site goes: the copy of another page would replace it",
                        p.path
                    ))
                    .at(&p.file)
                    .help("give it another `path` or `slug`: the traditional copy of this page is made under /zh-hant/ by itself"),
                );
                continue;
            }
            // Folders the page lies in but its URL leaves out (they hold a case): say so, or two
            // pages colliding over it would not know why.
            let section_dir = &self.sections[p.section].dir;
            let below = parent_dir(&p.rel)
                .strip_prefix(section_dir.as_str())
                .unwrap_or_default()
                .trim_start_matches('/');
            let bundle = p.rel.ends_with("/index.md");
            let dropped = !p.stem.contains('/')
                && p.meta.path.is_none()
                && if bundle {
                    below.contains('/')
                } else {
                    !below.is_empty()
                };
            let what = if dropped {
                " (its folders are left out of its URL: a case lies in them, see \"Zola compatibility\" in docs/content.md)"
            } else {
                ""
            };
            claim(&p.path, &p.file, what, &mut errors);
        }
        for p in &self.pages {
            for alias in &p.meta.aliases {
                if let Some(why) = unsafe_path(alias) {
                    errors.push(Diagnostic::error(format!("alias `{alias}` {why}")).at(&p.file));
                } else if config.hant() && in_hant_copy(&normalize_path(alias)) {
                    errors.push(
                        Diagnostic::error(format!(
                            "alias `{alias}` is inside /zh-hant/, where the traditional copy of the site goes"
                        ))
                        .at(&p.file)
                        .help("write the alias without /zh-hant/: the traditional copy gets its own redirect"),
                    );
                } else {
                    claim(&normalize_path(alias), &p.file, " (alias)", &mut errors);
                }
            }
        }
        for s in &self.sections {
            for alias in &s.meta.aliases {
                if let Some(why) = unsafe_path(alias) {
                    errors.push(Diagnostic::error(format!("alias `{alias}` {why}")).at(&s.file));
                }
            }
        }
        self.order_sections();
        self.build_taxonomies(config);
        self.facets = crate::facets::build(self);
        for f in &self.facets {
            for v in &f.values {
                claim(
                    &v.path,
                    &self.sections[f.section].file,
                    " (facet page)",
                    &mut errors,
                );
            }
        }
        for t in &self.taxonomies {
            claim(
                &t.path,
                &PathBuf::from(format!("taxonomy `{}`", t.config.name)),
                "",
                &mut errors,
            );
        }
        errors
    }

    fn order_sections(&mut self) {
        for p in 0..self.pages.len() {
            let s = self.pages[p].section;
            self.sections[s].pages.push(p);
        }
        // Transparent sections also list their pages in the parent.
        for s in 0..self.sections.len() {
            if self.sections[s].meta.transparent
                && let Some(parent) = self.sections[s].parent
            {
                let pages = self.sections[s].pages.clone();
                self.sections[parent].pages.extend(pages);
            }
        }
        for s in 0..self.sections.len() {
            let mut list = std::mem::take(&mut self.sections[s].pages);
            let pages = &self.pages;
            match self.sections[s].meta.sort_by {
                SortBy::Date => list.sort_by(|&a, &b| {
                    pages[b]
                        .meta
                        .date
                        .cmp(&pages[a].meta.date)
                        .then(pages[a].rel.cmp(&pages[b].rel))
                }),
                SortBy::Weight => list.sort_by(|&a, &b| {
                    let w = |i: usize| pages[i].meta.weight.unwrap_or(i64::MAX);
                    w(a).cmp(&w(b)).then(pages[a].rel.cmp(&pages[b].rel))
                }),
                SortBy::UpdateDate => list.sort_by(|&a, &b| {
                    let d = |i: usize| pages[i].meta.updated.or(pages[i].meta.date);
                    d(b).cmp(&d(a)).then(pages[a].rel.cmp(&pages[b].rel))
                }),
                SortBy::Title => {
                    list.sort_by(|&a, &b| pages[a].meta.title.cmp(&pages[b].meta.title))
                }
                SortBy::Slug => list.sort_by(|&a, &b| {
                    pages[a]
                        .slug
                        .cmp(&pages[b].slug)
                        .then(pages[a].rel.cmp(&pages[b].rel))
                }),
                SortBy::None => list.sort_by(|&a, &b| pages[a].rel.cmp(&pages[b].rel)),
            }
            // Previous/next only among the section's own pages.
            let own: Vec<usize> = list
                .iter()
                .copied()
                .filter(|&p| self.pages[p].section == s)
                .collect();
            for (i, &p) in own.iter().enumerate() {
                self.pages[p].higher = if i > 0 { Some(own[i - 1]) } else { None };
                self.pages[p].lower = own.get(i + 1).copied();
            }
            self.sections[s].pages = list;
            let mut subs = std::mem::take(&mut self.sections[s].subsections);
            subs.sort_by_key(|&i| (self.sections[i].meta.weight, self.sections[i].dir.clone()));
            self.sections[s].subsections = subs;
        }
    }

    fn build_taxonomies(&mut self, config: &Config) {
        let mut out = Vec::new();
        for tc in &config.taxonomies {
            let mut terms: BTreeMap<String, Vec<usize>> = BTreeMap::new();
            for (i, p) in self.pages.iter().enumerate() {
                if !p.meta.render {
                    continue;
                }
                if let Some(list) = p.meta.taxonomies.get(&tc.name) {
                    for t in list {
                        terms.entry(t.clone()).or_default().push(i);
                    }
                }
            }
            let slug = slugify(&tc.name);
            let path = format!("/{slug}/");
            let mut used: HashMap<String, usize> = HashMap::new();
            let terms = terms
                .into_iter()
                .map(|(name, mut pages)| {
                    pages.sort_by(|&a, &b| {
                        self.pages[b]
                            .meta
                            .date
                            .cmp(&self.pages[a].meta.date)
                            .then(a.cmp(&b))
                    });
                    let base = slugify(&name);
                    let n = used.entry(base.clone()).or_insert(0);
                    *n += 1;
                    let term_slug = if *n == 1 { base } else { format!("{base}-{n}") };
                    Term {
                        path: format!("{path}{term_slug}/"),
                        slug: term_slug,
                        name,
                        pages,
                    }
                })
                .collect();
            out.push(Taxonomy {
                config: tc.clone(),
                slug,
                path,
                terms,
            });
        }
        self.taxonomies = out;
    }

    /// Ancestors of a section, root first, the section itself last.
    pub fn section_chain(&self, mut s: usize) -> Vec<usize> {
        let mut chain = vec![s];
        while let Some(p) = self.sections[s].parent {
            chain.push(p);
            s = p;
        }
        chain.reverse();
        chain
    }
}

/// Is `path` (`zh-hant/cases/x/`, `/zh-hant/`) inside the traditional copy's folder?
fn in_hant_copy(path: &str) -> bool {
    let p = path.trim_start_matches('/');
    p == "zh-hant" || p.starts_with("zh-hant/")
}
