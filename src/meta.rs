//! Typed front matter: turns a parsed header table into `PageMeta` / `SectionMeta`, checking every
//! key against the page's kind. Unknown keys, wrong types, bad dates and missing required fields
//! each become a diagnostic naming the key's line and the nearest valid key.

use std::collections::BTreeMap;
use std::path::Path;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeZone};

use crate::config::{Config, key_position};
use crate::diag::{Diagnostic, nearest};
use crate::front_matter::Split;

/// The three content kinds pufa knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    Case,
    Convention,
    Article,
}

impl Kind {
    pub const ALL: [Kind; 3] = [Kind::Case, Kind::Convention, Kind::Article];

    pub fn name(self) -> &'static str {
        match self {
            Kind::Case => "case",
            Kind::Convention => "convention",
            Kind::Article => "article",
        }
    }

    /// `case`, `convention`, `article` in any case, or the Chinese names `pufa new` accepts (案例,
    /// 公约, 文章) and the sections' usual titles (典型案例, 居民公约, 普法文章).
    pub(crate) fn parse(s: &str) -> Option<Kind> {
        let s = s.trim();
        Kind::ALL
            .into_iter()
            .find(|k| k.name().eq_ignore_ascii_case(s))
            .or(match s {
                "案例" | "典型案例" => Some(Kind::Case),
                "公约" | "居民公约" | "村规民约" => Some(Kind::Convention),
                "文章" | "普法文章" => Some(Kind::Article),
                _ => None,
            })
    }

    fn keys(self) -> &'static [&'static str] {
        match self {
            Kind::Case => CASE_KEYS,
            Kind::Convention => CONVENTION_KEYS,
            Kind::Article => ARTICLE_KEYS,
        }
    }
}

const PAGE_KEYS: &[&str] = &[
    "title",
    "description",
    "date",
    "updated",
    "draft",
    "slug",
    "path",
    "aliases",
    "weight",
    "template",
    "authors",
    "in_search_index",
    "taxonomies",
    "extra",
    "kind",
    "render",
    "anonymize",
    "parties",
];
const CASE_KEYS: &[&str] = &[
    "dispute",
    "region",
    "outcome",
    "statutes",
    "mediator",
    "organization",
];
const CONVENTION_KEYS: &[&str] = &[
    "community",
    "status",
    "adopted",
    "vote",
    "filed_with",
    "version",
    "procedure",
];

/// Steps of the procedure for adopting a convention (2018 guidance), in order, with labels.
pub const PROCEDURE_STEPS: &[(&str, &str)] = &[
    ("consultation", "征集民意"),
    ("draft", "拟订草案"),
    ("review", "审核"),
    ("vote", "表决"),
    ("filing", "备案"),
    ("published", "公布"),
];
const STEP_FIELDS: &[(&str, &str)] = &[
    ("date", "日期"),
    ("from", "开始"),
    ("to", "截止"),
    ("body", "机关"),
    ("meeting", "会议"),
    ("channels", "渠道"),
    ("opinions", "收到意见"),
    ("changes", "修改意见"),
    ("for", "赞成"),
    ("against", "反对"),
    ("abstain", "弃权"),
    ("attendees", "到会人数"),
    ("record_no", "备案号"),
    ("note", "说明"),
];
const ARTICLE_KEYS: &[&str] = &["topic", "audience", "series", "statutes"];
const SECTION_KEYS: &[&str] = &[
    "title",
    "description",
    "sort_by",
    "paginate_by",
    "paginate_path",
    "paginate_reversed",
    "template",
    "page_template",
    "weight",
    "transparent",
    "render",
    "redirect_to",
    "insert_anchor_links",
    "in_search_index",
    "generate_feeds",
    "generate_feed",
    "aliases",
    "extra",
    "kind",
    "draft",
    "versions",
];

/// Statuses a convention can be in.
pub const CONVENTION_STATUSES: &[&str] = &["草案", "征求意见", "表决通过", "已备案", "已废止"];

/// A front-matter date: a calendar day, optionally with a time and offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date(pub DateTime<FixedOffset>);

impl Date {
    /// China Standard Time, assumed for dates written without an offset.
    fn cst() -> FixedOffset {
        FixedOffset::east_opt(8 * 3600).expect("valid offset")
    }

    pub fn parse(s: &str) -> Option<Date> {
        let s = s.trim();
        if let Ok(dt) = DateTime::parse_from_rfc3339(s) {
            return Some(Date(dt));
        }
        for fmt in [
            "%Y-%m-%dT%H:%M:%S",
            "%Y-%m-%d %H:%M:%S",
            "%Y-%m-%dT%H:%M",
            "%Y-%m-%d %H:%M",
        ] {
            if let Ok(naive) = NaiveDateTime::parse_from_str(s, fmt) {
                return Self::cst().from_local_datetime(&naive).single().map(Date);
            }
        }
        let day = NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()?;
        Self::cst()
            .from_local_datetime(&day.and_time(NaiveTime::MIN))
            .single()
            .map(Date)
    }

    pub fn iso(&self) -> String {
        self.0.format("%Y-%m-%d").to_string()
    }

    pub fn rfc3339(&self) -> String {
        self.0.to_rfc3339()
    }

    /// `2023年6月12日`
    pub fn zh(&self) -> String {
        self.0.format("%Y年%-m月%-d日").to_string()
    }

    pub fn year(&self) -> i32 {
        use chrono::Datelike;
        self.0.year()
    }
}

/// A declared party of a case (the anonymization registry; never rendered).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Party {
    pub name: String,
    pub role: String,
    pub aliases: Vec<String>,
    /// Line of its `[[parties]]` entry in the file (for errors about it).
    pub line: usize,
}

/// What the anonymizer needs to know about a page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AnonSpec {
    pub enabled: bool,
    pub parties: Vec<Party>,
    pub keep: Vec<String>,
    /// Line of `keep` in the file, when the page has one.
    pub keep_line: Option<usize>,
}

/// Serialized as is into page summaries (it holds no party's name: those are in `AnonMeta`).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct CaseMeta {
    pub dispute: String,
    pub region: String,
    pub outcome: String,
    pub statutes: Vec<String>,
    pub mediator: String,
    pub organization: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Vote {
    pub for_: u32,
    pub against: u32,
    pub abstain: u32,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ConventionMeta {
    pub community: String,
    pub status: String,
    pub adopted: Option<Date>,
    pub vote: Option<Vote>,
    pub filed_with: String,
    pub version: String,
    pub procedure: Vec<Step>,
}

/// One step of a convention's procedure record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    pub key: &'static str,
    pub label: &'static str,
    /// The step's date (or the end of a period).
    pub date: Option<Date>,
    /// `(label, value)` details, e.g. (“机关”, “某街道办事处”).
    pub details: Vec<(&'static str, String)>,
}

/// Serialized as is into page summaries (it holds no party's name: those are in `AnonMeta`).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct ArticleMeta {
    pub topic: String,
    pub audience: String,
    pub series: String,
    pub statutes: Vec<String>,
}

/// Kind-specific fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KindMeta {
    Case(CaseMeta),
    Convention(ConventionMeta),
    Article(ArticleMeta),
}

/// A page's front matter, typed and validated.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PageMeta {
    pub title: String,
    pub description: String,
    pub date: Option<Date>,
    pub updated: Option<Date>,
    pub draft: bool,
    pub slug: Option<String>,
    pub path: Option<String>,
    pub aliases: Vec<String>,
    pub weight: Option<i64>,
    pub template: Option<String>,
    pub authors: Vec<String>,
    pub in_search_index: bool,
    pub render: bool,
    pub taxonomies: BTreeMap<String, Vec<String>>,
    pub extra: toml::Table,
    pub kind: Option<KindMeta>,
    pub anon: AnonSpec,
}

/// How a section orders its pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortBy {
    Date,
    /// By `updated`, else `date`, newest first.
    UpdateDate,
    Weight,
    Title,
    Slug,
    None,
}

/// Where a heading's own link goes (Zola's `insert_anchor_links`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum AnchorLinks {
    #[default]
    None,
    Left,
    Right,
    /// The heading's text is the link.
    Heading,
}

#[derive(Debug, Clone)]
pub struct SectionMeta {
    pub title: String,
    pub description: String,
    pub sort_by: SortBy,
    pub paginate_by: Option<usize>,
    pub paginate_path: String,
    pub paginate_reversed: bool,
    pub template: Option<String>,
    pub page_template: Option<String>,
    pub weight: i64,
    pub transparent: bool,
    pub render: bool,
    pub redirect_to: Option<String>,
    pub in_search_index: bool,
    pub generate_feeds: bool,
    pub aliases: Vec<String>,
    pub extra: toml::Table,
    /// The kind this section declares (`None`: inherited from the parent section).
    pub kind: Option<Kind>,
    pub draft: bool,
    /// The section's pages are the versions of one convention.
    pub versions: bool,
    /// Zola's links to each heading of the section's text and its pages.
    pub insert_anchor_links: AnchorLinks,
}

impl Default for SectionMeta {
    fn default() -> Self {
        SectionMeta {
            title: String::new(),
            description: String::new(),
            sort_by: SortBy::Date,
            paginate_by: None,
            paginate_path: "page".into(),
            paginate_reversed: false,
            template: None,
            page_template: None,
            weight: 0,
            transparent: false,
            render: true,
            redirect_to: None,
            in_search_index: true,
            generate_feeds: true,
            aliases: Vec::new(),
            extra: toml::Table::new(),
            kind: None,
            draft: false,
            versions: false,
            insert_anchor_links: AnchorLinks::None,
        }
    }
}

/// Reads typed values out of a header table, recording a located diagnostic for each bad one.
struct Reader<'a> {
    table: &'a toml::Table,
    header: &'a str,
    header_line: usize,
    path: &'a Path,
    errors: Vec<Diagnostic>,
    warnings: Vec<Diagnostic>,
    /// A case's (or anonymized page's) header: values quoted in errors are masked, since
    /// they are read before anonymization and may hold a name or number.
    private: bool,
}

impl<'a> Reader<'a> {
    fn new(split: &'a Split<'a>, path: &'a Path) -> Self {
        Reader {
            table: &split.table,
            header: split.header,
            header_line: split.header_line,
            path,
            errors: Vec::new(),
            warnings: Vec::new(),
            private: false,
        }
    }

    /// A key as an error may quote it: a key in Chinese is masked in a private header (YAML's
    /// `- 郑海涛: 申请人` makes the name a key); an English one (a misspelt `dipsute`) is shown.
    fn quoted_key(&self, key: &str) -> String {
        if key.is_ascii() {
            key.to_string()
        } else {
            self.quoted(key)
        }
    }

    /// `value` as an error may quote it: masked in a private header.
    fn quoted(&self, value: &str) -> String {
        if self.private {
            crate::diag::masked(value)
        } else {
            value.to_string()
        }
    }

    fn locate(&self, key: &str, d: Diagnostic) -> Diagnostic {
        match key_position(self.header, key) {
            Some((line, col)) => d.line(line + self.header_line, col),
            None => d.line(self.header_line, 1),
        }
        .at(self.path)
    }

    fn error(&mut self, key: &str, message: String, help: &str) {
        let d = self.locate(key, Diagnostic::error(message).help(help));
        self.errors.push(d);
    }

    fn wrong_type(&mut self, key: &str, want: &str, got: &toml::Value) {
        self.error(
            key,
            format!("`{key}` must be {want}, found {}", got.type_str()),
            &format!("write `{key}` as {want}"),
        );
    }

    fn string(&mut self, key: &str) -> Option<String> {
        match self.table.get(key)? {
            toml::Value::String(s) => Some(s.clone()),
            toml::Value::Integer(i) => Some(i.to_string()),
            other => {
                self.wrong_type(key, "a string", other);
                None
            }
        }
    }

    fn bool(&mut self, key: &str) -> Option<bool> {
        match self.table.get(key)? {
            toml::Value::Boolean(b) => Some(*b),
            other => {
                self.wrong_type(key, "true or false", other);
                None
            }
        }
    }

    fn int(&mut self, key: &str) -> Option<i64> {
        match self.table.get(key)? {
            toml::Value::Integer(i) => Some(*i),
            other => {
                self.wrong_type(key, "a whole number", other);
                None
            }
        }
    }

    fn strings(&mut self, key: &str) -> Vec<String> {
        match self.table.get(key) {
            None => Vec::new(),
            Some(v) => strings_of(v).unwrap_or_else(|| {
                self.wrong_type(key, "a list of strings like [\"a\", \"b\"]", v);
                Vec::new()
            }),
        }
    }

    fn date(&mut self, key: &str) -> Option<Date> {
        let value = self.table.get(key)?;
        let text = match value {
            toml::Value::Datetime(dt) => dt.to_string(),
            toml::Value::String(s) => s.clone(),
            other => {
                self.wrong_type(key, "a date like 2023-06-12", other);
                return None;
            }
        };
        let parsed = Date::parse(&text);
        if parsed.is_none() {
            self.error(
                key,
                format!("`{key}` is not a valid date: `{}`", self.quoted(&text)),
                "write dates as YYYY-MM-DD, e.g. 2023-06-12, or 2023-06-12T09:30:00+08:00",
            );
        }
        parsed
    }

    fn table(&mut self, key: &str) -> Option<toml::Table> {
        match self.table.get(key)? {
            toml::Value::Table(t) => Some(t.clone()),
            other => {
                self.wrong_type(key, "a table", other);
                None
            }
        }
    }

    /// Report keys not in `allowed`. `lenient`: as Zola does for pages, a key is only a warning
    /// (ignored) — except a key of a kind, which may be a case or convention that lost its `kind`.
    fn check_keys(
        &mut self,
        allowed: &[&str],
        what: &str,
        owner: &dyn Fn(&str) -> Option<&'static str>,
        lenient: bool,
    ) {
        for key in self.table.keys() {
            if allowed.contains(&key.as_str()) {
                continue;
            }
            let shown = self.quoted_key(key);
            let owned = owner(key);
            let mut help = match owned {
                Some(kind) => format!("`{shown}` belongs to {kind} pages; set `kind` or remove it"),
                None => "remove it, or put custom values under [extra]".to_string(),
            };
            if let Some(near) = nearest(key, allowed.iter().copied()) {
                help = format!("did you mean `{near}`?");
            }
            // A key that reads like one that protects a page (`Kind`, `anonymise`, `[[Parties]]`)
            // stays an error: ignored, it would publish a case unanonymized.
            let protective = {
                let k: String = key
                    .to_lowercase()
                    .chars()
                    .filter(|c| c.is_alphanumeric())
                    .collect();
                let near = |word: &str, most: usize| {
                    k == word || strsim::damerau_levenshtein(&k, word) <= most
                };
                near("kind", 1)
                    || near("kinds", 1)
                    || near("anonymize", 2)
                    || near("anonymise", 2)
                    || near("anonymized", 2)
                    || near("anonymous", 0)
                    || near("parties", 1)
                    || near("partys", 0)
                    || near("party", 0)
                    // Other words for the same.
                    || [
                        "litigant", "litigants", "people", "persons", "privacy", "redact",
                        "redaction", "desensitize", "desensitise", "pseudonymize",
                        "pseudonymise",
                    ]
                    .contains(&k.as_str())
                    // Hugo's `type = "case"`.
                    || (k == "type"
                        && self.table.get(key).and_then(|v| v.as_str()).is_some_and(|v| {
                            Kind::parse(v.trim()) == Some(Kind::Case)
                        }))
            };
            // A key of the case kind on a page without it (`dispute`): a case that lost its kind
            // would be published unanonymized. An article's or a convention's key (`series`,
            // `status`) is harmless: a warning, as any unknown key.
            let owned = owned.filter(|k| *k == Kind::Case.name());
            if lenient && owned.is_none() && !protective {
                let d = self.locate(
                    key,
                    Diagnostic::warning(format!(
                        "unknown key `{shown}` in the front matter of {what} is ignored"
                    ))
                    .help(help),
                );
                self.warnings.push(d);
                continue;
            }
            let d = self.locate(
                key,
                Diagnostic::error(format!(
                    "unknown key `{shown}` in the front matter of {what}"
                ))
                .help(help),
            );
            self.errors.push(d);
        }
    }
}

fn strings_of(v: &toml::Value) -> Option<Vec<String>> {
    match v {
        toml::Value::String(s) => Some(vec![s.clone()]),
        toml::Value::Array(a) => a
            .iter()
            .map(|x| match x {
                toml::Value::String(s) => Some(s.clone()),
                toml::Value::Integer(i) => Some(i.to_string()),
                _ => None,
            })
            .collect(),
        _ => None,
    }
}

fn kind_owning(key: &str) -> Option<&'static str> {
    Kind::ALL
        .into_iter()
        .find(|k| k.keys().contains(&key))
        .map(Kind::name)
}

/// The kind a page declares itself, if any (before inheritance), or an error for an unknown kind.
/// `private`: the page is in a case section, so the value is masked in the error.
pub fn declared_kind(
    split: &Split,
    path: &Path,
    private: bool,
) -> Result<Option<Kind>, Diagnostic> {
    let Some(v) = split.table.get("kind") else {
        return Ok(None);
    };
    let name = v.as_str().unwrap_or_default();
    Kind::parse(name).map(Some).ok_or_else(|| {
        let shown = if private {
            crate::diag::masked(name)
        } else {
            name.to_string()
        };
        let mut d = Diagnostic::error(format!("unknown kind `{shown}`")).at(path);
        if let Some((l, c)) = key_position(split.header, "kind") {
            d = d.line(l + split.header_line, c);
        }
        let near = nearest(name, Kind::ALL.iter().map(|k| k.name()));
        d.help(match near {
            Some(n) => format!(
                "did you mean `{n}`? kinds are case (案例), convention (公约) and article (文章)"
            ),
            None => "kinds are case (案例), convention (公约) and article (文章)".into(),
        })
    })
}

impl PageMeta {
    /// Type and validate a page header. `kind` is the page's own or inherited kind.
    pub fn from_split(
        split: &Split,
        path: &Path,
        kind: Option<Kind>,
        config: &Config,
    ) -> Result<PageMeta, Vec<Diagnostic>> {
        Self::from_split_warn(split, path, kind, config).map(|(meta, _)| meta)
    }

    /// [`PageMeta::from_split`] with its warnings: the unknown keys of a plain page. An error
    /// comes with the warnings too.
    pub fn from_split_warn(
        split: &Split,
        path: &Path,
        kind: Option<Kind>,
        config: &Config,
    ) -> Result<(PageMeta, Vec<Diagnostic>), Vec<Diagnostic>> {
        let mut r = Reader::new(split, path);
        r.private = kind == Some(Kind::Case)
            || split.table.contains_key("parties")
            || split.table.contains_key("anonymize");
        let tax_names: Vec<&str> = config.taxonomies.iter().map(|t| t.name.as_str()).collect();
        let mut allowed: Vec<&str> = PAGE_KEYS.to_vec();
        allowed.extend(&tax_names);
        if let Some(k) = kind {
            allowed.extend(k.keys());
        }
        let what = match kind {
            Some(k) => format!("a {} page", k.name()),
            None => "a page".to_string(),
        };
        // Zola ignores unknown keys of a page; so does pufa for a plain page. In a case, a
        // convention or an article, and on an anonymized page, a misspelt key (`partys`) could
        // leave something unanonymized or unchecked: an error there.
        let lenient = kind.is_none() && !r.private;
        r.check_keys(&allowed, &what, &kind_owning, lenient);
        // `[extra] kind = "case"` and the like protect nothing: templates read [extra], the
        // anonymizer does not.
        if let Some(toml::Value::Table(extra)) = split.table.get("extra") {
            for key in extra.keys() {
                let k = key.to_lowercase();
                if ["kind", "anonymize", "anonymise", "parties", "party"].contains(&k.as_str()) {
                    let d = r.locate(
                        "extra",
                        Diagnostic::error(format!(
                            "`{key}` under [extra] does not make the page anonymized"
                        ))
                        .help("move it above [extra] (kind = \"case\", anonymize = true, [[parties]]), or rename it"),
                    );
                    r.errors.push(d);
                }
            }
        }

        let mut meta = PageMeta {
            title: r.string("title").unwrap_or_default(),
            description: r.string("description").unwrap_or_default(),
            date: r.date("date"),
            updated: r.date("updated"),
            draft: r.bool("draft").unwrap_or(false),
            slug: r.string("slug"),
            path: r.string("path"),
            aliases: r.strings("aliases"),
            weight: r.int("weight"),
            template: r.string("template"),
            authors: r.strings("authors"),
            in_search_index: r.bool("in_search_index").unwrap_or(true),
            render: r.bool("render").unwrap_or(true),
            extra: r.table("extra").unwrap_or_default(),
            ..PageMeta::default()
        };
        if let Some(t) = r.table("taxonomies") {
            for (name, v) in &t {
                match strings_of(v) {
                    Some(terms) => meta
                        .taxonomies
                        .entry(name.clone())
                        .or_default()
                        .extend(terms),
                    None => r.wrong_type("taxonomies", "a table of string lists", v),
                }
            }
        }
        for name in &tax_names {
            let terms = r.strings(name);
            if !terms.is_empty() {
                meta.taxonomies
                    .entry(name.to_string())
                    .or_default()
                    .extend(terms);
            }
        }
        for name in meta.taxonomies.keys() {
            if !tax_names.contains(&name.as_str()) {
                let mut d =
                    Diagnostic::error(format!("taxonomy `{name}` is not declared in config.toml"));
                d = r.locate("taxonomies", d);
                d = d.help(match nearest(name, tax_names.iter().copied()) {
                    Some(n) => format!("did you mean `{n}`? or add {{ name = \"{name}\" }} to `taxonomies` in config.toml"),
                    None => format!("add {{ name = \"{name}\" }} to `taxonomies` in config.toml"),
                });
                r.errors.push(d);
            }
        }
        for terms in meta.taxonomies.values_mut() {
            terms.retain(|t| !t.trim().is_empty());
            let mut seen = std::collections::HashSet::new();
            terms.retain(|t| seen.insert(t.clone()));
        }

        meta.anon = read_anon(&mut r, kind == Some(Kind::Case));
        meta.kind = kind.map(|k| read_kind(&mut r, k));
        if meta.title.trim().is_empty() && kind.is_some() {
            r.error(
                "title",
                "missing required field `title`".into(),
                "add `title = \"…\"` to the front matter",
            );
        }
        if r.errors.is_empty() {
            Ok((meta, r.warnings))
        } else {
            r.errors.extend(r.warnings);
            Err(r.errors)
        }
    }
}

fn read_anon(r: &mut Reader, is_case: bool) -> AnonSpec {
    let mut spec = AnonSpec {
        enabled: is_case,
        ..AnonSpec::default()
    };
    match r.table.get("anonymize") {
        None => {}
        Some(toml::Value::Boolean(b)) => {
            if is_case && !b {
                r.error(
                    "anonymize",
                    "a case cannot turn anonymization off".into(),
                    "cases are always published anonymized; remove `anonymize = false`",
                );
            }
            spec.enabled |= *b;
        }
        Some(toml::Value::Table(t)) => {
            spec.enabled = true;
            for key in t.keys() {
                if key != "keep" {
                    let d = r.locate(
                        "anonymize",
                        Diagnostic::error(format!(
                            "unknown key `{}` in [anonymize]",
                            r.quoted_key(key)
                        ))
                        .help("[anonymize] accepts `keep = [\"name\", …]`"),
                    );
                    r.errors.push(d);
                }
            }
            match t.get("keep").map(strings_of) {
                None => {}
                Some(Some(keep)) => {
                    spec.keep = keep;
                    spec.keep_line =
                        key_position(r.header, "keep").map(|(line, _)| line + r.header_line);
                }
                Some(None) => {
                    let d = r.locate(
                        "keep",
                        Diagnostic::error("`keep` must be a list of names")
                            .help("write keep = [\"吴德明\"]"),
                    );
                    r.errors.push(d);
                }
            }
        }
        Some(other) => {
            let other = other.clone();
            r.wrong_type("anonymize", "true, or a table with `keep`", &other);
        }
    }
    if let Some(v) = r.table.get("parties") {
        let Some(list) = v.as_array() else {
            let v = v.clone();
            r.wrong_type("parties", "a list of [[parties]] tables", &v);
            return spec;
        };
        // The line of each `[[parties]]` header, in order (an inline array has only `parties`).
        let headers: Vec<usize> = r
            .header
            .lines()
            .enumerate()
            .filter(|(_, l)| l.replace([' ', '\t'], "") == "[[parties]]")
            .map(|(k, _)| k + 1 + r.header_line)
            .collect();
        let fallback =
            key_position(r.header, "parties").map_or(r.header_line, |(l, _)| l + r.header_line);
        for (k, item) in list.iter().enumerate() {
            let Some(t) = item.as_table() else {
                let d = r.locate(
                    "parties",
                    Diagnostic::error("each party must be a table with `name` and `role`")
                        .help("write [[parties]] then name = \"…\" on the next line"),
                );
                r.errors.push(d);
                continue;
            };
            for key in t.keys() {
                if !["name", "role", "aliases"].contains(&key.as_str()) {
                    let mut d = Diagnostic::error(format!(
                        "unknown key `{}` in [[parties]]",
                        r.quoted_key(key)
                    ));
                    d = r.locate(key, d);
                    d = d.help(match nearest(key, ["name", "role", "aliases"]) {
                        Some(n) => format!("did you mean `{n}`?"),
                        None => "a party has `name`, `role` and `aliases`".into(),
                    });
                    r.errors.push(d);
                }
            }
            let name = t
                .get("name")
                .and_then(|v| v.as_str())
                .unwrap_or("")
                .trim()
                .to_string();
            if name.is_empty() {
                let d = r.locate(
                    "parties",
                    Diagnostic::error("a party has no `name`")
                        .help("every [[parties]] entry needs name = \"…\""),
                );
                r.errors.push(d);
                continue;
            }
            spec.enabled = true;
            spec.parties.push(Party {
                name,
                role: t
                    .get("role")
                    .and_then(|v| v.as_str())
                    .unwrap_or("当事人")
                    .to_string(),
                aliases: t.get("aliases").and_then(strings_of).unwrap_or_default(),
                line: headers.get(k).copied().unwrap_or(fallback),
            });
        }
    }
    spec
}

fn read_kind(r: &mut Reader, kind: Kind) -> KindMeta {
    match kind {
        Kind::Case => {
            let m = CaseMeta {
                dispute: r.string("dispute").unwrap_or_default(),
                region: r.string("region").unwrap_or_default(),
                outcome: r.string("outcome").unwrap_or_default(),
                statutes: r.strings("statutes"),
                mediator: r.string("mediator").unwrap_or_default(),
                organization: r.string("organization").unwrap_or_default(),
            };
            if m.dispute.trim().is_empty() && !r.table.contains_key("dispute") {
                r.error(
                    "title",
                    "missing required field `dispute` for a case".into(),
                    "add e.g. `dispute = \"相邻关系纠纷\"`",
                );
            }
            KindMeta::Case(m)
        }
        Kind::Convention => {
            let vote = r.table("vote").and_then(|t| read_vote(r, &t));
            let mut m = ConventionMeta {
                community: r.string("community").unwrap_or_default(),
                status: r.string("status").unwrap_or_default(),
                adopted: r.date("adopted"),
                vote,
                filed_with: r.string("filed_with").unwrap_or_default(),
                version: r.string("version").unwrap_or_default(),
                procedure: read_procedure(r),
            };
            if !r.table.contains_key("community") {
                r.error(
                    "title",
                    "missing required field `community` for a convention".into(),
                    "add e.g. `community = \"向阳社区\"`",
                );
            }
            if !r.table.contains_key("status") {
                r.error(
                    "title",
                    "missing required field `status` for a convention".into(),
                    "add e.g. `status = \"表决通过\"`",
                );
            } else if !CONVENTION_STATUSES.contains(&m.status.as_str()) {
                // Written in traditional script (已備案): the same status.
                let folded = pufa_anonymize::to_simplified(&m.status);
                if CONVENTION_STATUSES.contains(&folded.as_str()) {
                    m.status = folded;
                }
            }
            if r.table.contains_key("status") && !CONVENTION_STATUSES.contains(&m.status.as_str()) {
                let help = format!("status is one of {}", CONVENTION_STATUSES.join(" / "));
                r.error(
                    "status",
                    format!("unknown convention status `{}`", m.status),
                    &help,
                );
            }
            KindMeta::Convention(m)
        }
        Kind::Article => KindMeta::Article(ArticleMeta {
            topic: r.string("topic").unwrap_or_default(),
            audience: r.string("audience").unwrap_or_default(),
            series: r.string("series").unwrap_or_default(),
            statutes: r.strings("statutes"),
        }),
    }
}

fn read_procedure(r: &mut Reader) -> Vec<Step> {
    let Some(table) = r.table("procedure") else {
        return Vec::new();
    };
    let mut steps = Vec::new();
    for key in table.keys() {
        if !PROCEDURE_STEPS.iter().any(|(k, _)| k == key) {
            let near = nearest(key, PROCEDURE_STEPS.iter().map(|(k, _)| *k));
            let d = r.locate(
                "procedure",
                Diagnostic::error(format!("unknown step `{key}` in [procedure]")),
            );
            r.errors.push(d.help(match near {
                Some(n) => format!("did you mean `{n}`?"),
                None => "steps are consultation, draft, review, vote, filing, published".into(),
            }));
        }
    }
    for &(key, label) in PROCEDURE_STEPS {
        let Some(v) = table.get(key) else { continue };
        let mut step = Step {
            key,
            label,
            date: None,
            details: Vec::new(),
        };
        let date_of = |v: &toml::Value| match v {
            toml::Value::Datetime(dt) => Date::parse(&dt.to_string()),
            toml::Value::String(s) => Date::parse(s),
            _ => None,
        };
        match v {
            toml::Value::Table(t) => {
                // Details in a fixed, readable order (the table itself is sorted by key).
                let mut fields: Vec<(&String, &toml::Value)> = t.iter().collect();
                fields.sort_by_key(|(f, _)| {
                    STEP_FIELDS
                        .iter()
                        .position(|(k, _)| k == f)
                        .unwrap_or(usize::MAX)
                });
                for (field, value) in fields {
                    let Some(&(f, flabel)) = STEP_FIELDS.iter().find(|(f, _)| f == field) else {
                        let near = nearest(field, STEP_FIELDS.iter().map(|(f, _)| *f));
                        let d = r.locate(
                            "procedure",
                            Diagnostic::error(format!(
                                "unknown field `{field}` in procedure step `{key}`"
                            )),
                        );
                        r.errors.push(d.help(match near {
                            Some(n) => format!("did you mean `{n}`?"),
                            None => "see docs/content.md for the fields of a procedure step".into(),
                        }));
                        continue;
                    };
                    if matches!(f, "date" | "from" | "to") {
                        match date_of(value) {
                            Some(d) => {
                                if f == "date" {
                                    step.date = Some(d);
                                } else {
                                    // A period: its end is the step's date.
                                    if f == "to" {
                                        step.date = Some(d);
                                    }
                                    step.details.push((flabel, d.zh()));
                                }
                            }
                            None => {
                                let d = r.locate(
                                    "procedure",
                                    Diagnostic::error(format!("`{key}.{f}` is not a valid date")),
                                );
                                r.errors.push(d.help("write dates as YYYY-MM-DD"));
                            }
                        }
                    } else {
                        let text = match value {
                            toml::Value::Array(a) => a
                                .iter()
                                .map(|x| {
                                    x.as_str()
                                        .map(str::to_string)
                                        .unwrap_or_else(|| x.to_string())
                                })
                                .collect::<Vec<_>>()
                                .join("、"),
                            toml::Value::String(s) => s.clone(),
                            other => other.to_string(),
                        };
                        step.details.push((flabel, text));
                    }
                }
            }
            other => match date_of(other) {
                Some(d) => step.date = Some(d),
                None => {
                    let d = r.locate(
                        "procedure",
                        Diagnostic::error(format!(
                            "procedure step `{key}` must be a date or a table"
                        )),
                    );
                    r.errors.push(d.help(format!("e.g. {key} = 2025-04-20, or {key} = {{ date = 2025-04-20, body = \"某街道办事处\" }}")));
                }
            },
        }
        steps.push(step);
    }
    steps
}

fn read_vote(r: &mut Reader, t: &toml::Table) -> Option<Vote> {
    let mut get = |k: &str| -> Option<u32> {
        match t.get(k) {
            None => Some(0),
            Some(toml::Value::Integer(i)) if *i >= 0 => u32::try_from(*i).ok(),
            Some(_) => {
                let d = r.locate(
                    "vote",
                    Diagnostic::error(format!("`vote.{k}` must be a whole number of votes"))
                        .help("write vote = { for = 312, against = 4, abstain = 9 }"),
                );
                r.errors.push(d);
                None
            }
        }
    };
    let v = Vote {
        for_: get("for")?,
        against: get("against")?,
        abstain: get("abstain")?,
    };
    for key in t.keys() {
        if !["for", "against", "abstain"].contains(&key.as_str()) {
            let d = r.locate(
                "vote",
                Diagnostic::error(format!("unknown key `{key}` in `vote`"))
                    .help("vote has `for`, `against` and `abstain`"),
            );
            r.errors.push(d);
        }
    }
    Some(v)
}

impl SectionMeta {
    pub fn from_split(split: &Split, path: &Path) -> Result<SectionMeta, Vec<Diagnostic>> {
        let mut r = Reader::new(split, path);
        r.check_keys(
            SECTION_KEYS,
            "a section (_index.md)",
            &|k| {
                kind_owning(k).or(if PAGE_KEYS.contains(&k) {
                    Some("individual")
                } else {
                    None
                })
            },
            false,
        );
        let d = SectionMeta::default();
        let sort_by = match r.string("sort_by").as_deref() {
            None | Some("date") => SortBy::Date,
            Some("weight") => SortBy::Weight,
            Some("update_date") => SortBy::UpdateDate,
            Some("title") | Some("title_bytes") => SortBy::Title,
            Some("slug") => SortBy::Slug,
            Some("none") => SortBy::None,
            Some(other) => {
                r.error(
                    "sort_by",
                    format!("unknown sort_by `{other}`"),
                    "use \"date\", \"update_date\", \"weight\", \"title\", \"title_bytes\", \"slug\" or \"none\"",
                );
                SortBy::Date
            }
        };
        let paginate_by = match r.int("paginate_by") {
            Some(n) if n > 0 => usize::try_from(n).ok(),
            Some(0) | None => None,
            Some(_) => {
                r.error(
                    "paginate_by",
                    "`paginate_by` must be a positive number".into(),
                    "e.g. paginate_by = 10",
                );
                None
            }
        };
        let kind = match declared_kind(split, path, false) {
            Ok(k) => k,
            Err(e) => {
                r.errors.push(e);
                None
            }
        };
        let meta = SectionMeta {
            title: r.string("title").unwrap_or_default(),
            description: r.string("description").unwrap_or_default(),
            sort_by,
            paginate_by,
            paginate_path: r.string("paginate_path").unwrap_or(d.paginate_path),
            paginate_reversed: r.bool("paginate_reversed").unwrap_or(false),
            template: r.string("template"),
            page_template: r.string("page_template"),
            weight: r.int("weight").unwrap_or(0),
            transparent: r.bool("transparent").unwrap_or(false),
            render: r.bool("render").unwrap_or(true),
            redirect_to: r.string("redirect_to"),
            in_search_index: r.bool("in_search_index").unwrap_or(true),
            generate_feeds: r
                .bool("generate_feeds")
                .or(r.bool("generate_feed"))
                .unwrap_or(true),
            aliases: r.strings("aliases"),
            extra: r.table("extra").unwrap_or_default(),
            kind,
            draft: r.bool("draft").unwrap_or(false),
            versions: r.bool("versions").unwrap_or(false),
            insert_anchor_links: AnchorLinks::None,
        };
        let mut meta = meta;
        meta.insert_anchor_links = match r.string("insert_anchor_links").as_deref() {
            None | Some("none") => AnchorLinks::None,
            Some("left") => AnchorLinks::Left,
            Some("right") => AnchorLinks::Right,
            Some("heading") => AnchorLinks::Heading,
            Some(other) => {
                r.error(
                    "insert_anchor_links",
                    format!("unknown insert_anchor_links `{other}`"),
                    "use \"left\", \"right\", \"heading\" or \"none\"",
                );
                AnchorLinks::None
            }
        };
        if r.errors.is_empty() {
            Ok(meta)
        } else {
            Err(r.errors)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::front_matter::split;

    fn config() -> Config {
        Config::parse("base_url = \"https://a.org\"", Path::new("c"))
            .unwrap()
            .0
    }

    fn page(text: &str, kind: Option<Kind>) -> Result<PageMeta, Vec<Diagnostic>> {
        let s = split(text, Path::new("p.md")).unwrap();
        PageMeta::from_split(&s, Path::new("p.md"), kind, &config())
    }

    #[test]
    fn case_fields_and_parties() {
        let m = page("+++\ntitle = \"t\"\ndate = 2023-06-12\ndispute = \"相邻关系纠纷\"\ntags = [\"漏水\"]\n[[parties]]\nname = \"张建国\"\nrole = \"申请人\"\n[anonymize]\nkeep = [\"吴德明\"]\n+++\n", Some(Kind::Case)).unwrap();
        assert!(m.anon.enabled);
        assert_eq!(m.anon.parties[0].name, "张建国");
        assert_eq!(m.anon.keep, vec!["吴德明"]);
        assert_eq!(m.taxonomies["tags"], vec!["漏水"]);
        assert_eq!(m.date.unwrap().zh(), "2023年6月12日");
        assert!(matches!(m.kind, Some(KindMeta::Case(ref c)) if c.dispute == "相邻关系纠纷"));
    }

    #[test]
    fn unknown_key_names_line_and_suggests() {
        let e = page(
            "+++\ntitle = \"t\"\ndispte = \"x\"\n+++\n",
            Some(Kind::Case),
        )
        .unwrap_err();
        let d = e.iter().find(|d| d.message.contains("dispte")).unwrap();
        assert_eq!(d.line, Some(3));
        assert_eq!(d.help.as_deref(), Some("did you mean `dispute`?"));
    }

    #[test]
    fn key_of_another_kind_is_reported() {
        let e = page(
            "+++\ntitle = \"t\"\ncommunity = \"x\"\n+++\n",
            Some(Kind::Article),
        )
        .unwrap_err();
        assert!(
            e[0].help.as_deref().unwrap().contains("convention"),
            "{:?}",
            e
        );
    }

    #[test]
    fn bad_date_is_an_error_with_line() {
        let e = page("+++\ntitle = \"t\"\ndate = \"2023-13-45\"\n+++\n", None).unwrap_err();
        assert!(e[0].message.contains("not a valid date"));
        assert_eq!(e[0].line, Some(3));
    }

    #[test]
    fn missing_required_fields() {
        let e = page("+++\ntitle = \"t\"\n+++\n", Some(Kind::Case)).unwrap_err();
        assert!(e.iter().any(|d| d.message.contains("dispute")));
        let e = page(
            "+++\ntitle = \"t\"\nstatus = \"通过\"\n+++\n",
            Some(Kind::Convention),
        )
        .unwrap_err();
        assert!(e.iter().any(|d| d.message.contains("community")));
        assert!(
            e.iter()
                .any(|d| d.message.contains("unknown convention status"))
        );
    }

    #[test]
    fn a_convention_status_in_traditional_script_is_the_same_status() {
        let p = page(
            "+++\ntitle = \"t\"\ncommunity = \"向陽社區\"\nstatus = \"已備案\"\n+++\n",
            Some(Kind::Convention),
        )
        .expect("valid");
        match p.kind {
            Some(KindMeta::Convention(c)) => assert_eq!(c.status, "已备案"),
            _ => panic!("a convention"),
        }
    }

    #[test]
    fn convention_vote() {
        let m = page("+++\ntitle = \"t\"\ncommunity = \"c\"\nstatus = \"已备案\"\nadopted = 2024-01-05\nvote = { for = 300, against = 2, abstain = 5 }\n+++\n", Some(Kind::Convention)).unwrap();
        let Some(KindMeta::Convention(c)) = m.kind else {
            panic!()
        };
        assert_eq!(
            c.vote,
            Some(Vote {
                for_: 300,
                against: 2,
                abstain: 5
            })
        );
    }

    #[test]
    fn undeclared_taxonomy_is_an_error() {
        let e = page(
            "+++\ntitle = \"t\"\n[taxonomies]\ntagz = [\"a\"]\n+++\n",
            None,
        )
        .unwrap_err();
        assert!(e[0].message.contains("tagz"));
    }

    #[test]
    fn plain_page_with_parties_is_anonymized() {
        let m = page(
            "+++\ntitle = \"t\"\n[[parties]]\nname = \"王小明\"\n+++\n",
            None,
        )
        .unwrap();
        assert!(m.anon.enabled);
    }

    #[test]
    fn dates_in_several_forms() {
        assert!(Date::parse("2023-06-12").is_some());
        assert!(Date::parse("2023-06-12T09:30:00+08:00").is_some());
        assert!(Date::parse("2023-06-12 09:30:00").is_some());
        assert!(Date::parse("2023-02-30").is_none());
        assert!(Date::parse("昨天").is_none());
    }
}
