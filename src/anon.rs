//! The anonymize stage and the output audit, wiring the pure `pufa-anonymize` crate into the
//! build. Every text of an anonymized page (title, description, body, file stem, tags, kind
//! fields, extra strings) is replaced in place before anything derives from it, so slugs, TOC,
//! summaries, feeds, sitemap and search all see only anonymized text. The audit then scans every
//! output file and file name for what was removed; one hit fails the build.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use pufa_anonymize as pa;
use rayon::prelude::*;

use crate::config::{Collision, Config};
use crate::diag::Diagnostic;
use crate::meta::KindMeta;
use crate::output::{Body, OutputFile};
use crate::site::{Page, Site};

/// One replacement, for the editor's report.
#[derive(Debug, Clone)]
pub struct Entry {
    pub file: PathBuf,
    /// 1-based line in the source file, when the text came from the body.
    pub line: Option<usize>,
    /// `body`, `title`, `tags`, …
    pub field: String,
    pub category: String,
    pub original: String,
    pub replacement: String,
}

/// One anonymized page as the review page shows it (serve only; never written).
#[derive(Debug, Clone)]
pub struct ReviewPage {
    pub file: PathBuf,
    /// The anonymized title.
    pub title: String,
    pub original: String,
    pub anonymized: String,
    /// Replacements in the original body: byte range, category, replacement.
    pub marks: Vec<(usize, usize, String, String)>,
    /// 0-based line of the body in the file.
    pub body_line: usize,
}

/// Given names and aliases of one page, and the markers (the longest piece of its anonymized
/// title that no output format escapes, in both scripts) that show an output file carries the
/// page's content. No marker (a title of single characters between quotes or spaces): the terms
/// are audited in every file.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Scoped {
    pub markers: Vec<String>,
    pub terms: Vec<String>,
    /// The page's source: its own files carry it whole.
    pub file: PathBuf,
}

/// The markers of a page titled `title`: its longest run of characters that HTML, XML and JSON
/// write as they are (a title `漏水"纠纷"` is `漏水&quot;纠纷&quot;` in a page and `漏水\"纠纷\"`
/// in the search index, so the whole title would be found in neither), in simplified and
/// traditional script; empty when no run has two characters.
pub fn title_markers(title: &str) -> Vec<String> {
    let piece = title
        .split(|c: char| {
            matches!(c, '&' | '<' | '>' | '"' | '\'' | '/' | '\\' | '`' | '=')
                || c.is_whitespace()
                || c.is_control()
        })
        .max_by_key(|p| p.chars().count())
        .unwrap_or_default();
    if piece.chars().count() < 2 {
        return Vec::new();
    }
    // A case written in traditional script is published simplified after this (and its copy
    // converted back from that): its title in every form it is published in.
    let hans = hanconv::t2s(piece);
    let mut out = vec![
        crate::s2t::convert(piece),
        crate::s2t::convert(&hans),
        hans,
        piece.to_string(),
    ];
    out.sort();
    out.dedup();
    out
}

/// What the anonymize stage did, and what the audit must look for.
#[derive(Debug, Clone, Default)]
pub struct Report {
    pub entries: Vec<Entry>,
    pub warnings: Vec<Diagnostic>,
    pub terms: Vec<pa::AuditTerm>,
    /// Every keep list of the build: a term inside a kept name (志刚 in 严志刚) is not a leak.
    pub allowed: Vec<String>,
    /// Original and anonymized bodies, for the review page of `pufa serve`.
    pub review: Vec<ReviewPage>,
    /// Per anonymized page: its given names and aliases (words that may occur innocently on other
    /// pages, 建国 in 建国七十周年), checked only in files that carry the page's content.
    pub scoped: Vec<Scoped>,
    pub cases: usize,
    /// The names the anonymizer found without their being declared, and the case that has each:
    /// replaced in every other case too.
    pub guessed: Vec<(String, PathBuf)>,
    /// Number of replacements (`entries` may have been released).
    pub replacements: usize,
    /// Site paths (`uploads/建国家漏水.jpg`) the cases link to as written, before anonymization:
    /// a file there published as it is may not hold a case's given name in its name.
    pub linked: Vec<String>,
}

impl Report {
    /// Drop what only the report file and `serve` read again: the replacements, and the terms the
    /// audit was prepared from (it holds its own copy). About 200 MB at 40,000 cases.
    /// Their memory is freed on a thread of its own (tens of thousands of small allocations, about
    /// 12 ms at 4,000 cases), beside the rendering that follows, instead of before it.
    pub fn release_details(&mut self) {
        let details = (
            std::mem::take(&mut self.entries),
            std::mem::take(&mut self.terms),
            std::mem::take(&mut self.scoped),
        );
        std::thread::spawn(move || drop(details));
    }
}

fn policy(config: &Config) -> pa::Policy {
    pa::Policy {
        collision: match config.anonymize.collision {
            Collision::Tiangan => pa::CollisionStyle::Tiangan,
            Collision::Numeric => pa::CollisionStyle::Numeric,
        },
        strict: config.anonymize.strict,
        keep: config.anonymize.keep.clone(),
    }
}

/// Where an internal XML entity holding text is declared (`<!ENTITY a "郑海">` in an SVG: the
/// file reads 郑海涛 where `&a;涛` stands). An editor's namespace entities
/// (`<!ENTITY ns_svg "http://www.w3.org/2000/svg">`) hold none: ASCII without a run of digits
/// beyond a URL's.
fn text_entity(t: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(k) = t[from..].find("<!ENTITY") {
        let at = from + k;
        let decl = &t[at..t[at..].find('>').map_or(t.len(), |e| at + e)];
        let value = decl.split(['"', '\'']).nth(1).unwrap_or("");
        let url = value.starts_with("http://") || value.starts_with("https://");
        let digits = value
            .split(|c: char| !c.is_ascii_digit())
            .any(|run| run.len() >= 3);
        if !value.is_ascii() || value.contains('&') || (digits && !url) {
            return Some(at);
        }
        from = at + 8;
    }
    None
}

/// 1-based line numbers of byte offsets in a text, each counted from the previous one, so offsets
/// in increasing order cost one pass over the text.
struct LineCounter<'a> {
    text: &'a str,
    at: usize,
    line: usize,
}

impl<'a> LineCounter<'a> {
    /// `first`: the file line before the text's first line.
    fn new(text: &'a str, first: usize) -> Self {
        LineCounter {
            text,
            at: 0,
            line: first + 1,
        }
    }

    fn line_at(&mut self, offset: usize) -> usize {
        let offset = offset.min(self.text.len());
        if offset < self.at {
            self.line -= self.text.as_bytes()[offset..self.at]
                .iter()
                .filter(|&&b| b == b'\n')
                .count();
        } else {
            self.line += self.text.as_bytes()[self.at..offset]
                .iter()
                .filter(|&&b| b == b'\n')
                .count();
        }
        self.at = offset;
        self.line
    }
}

/// Mutable references to every text field of a page that is published or repeated.
fn fields(p: &mut Page) -> Vec<(&'static str, &mut String)> {
    let m = &mut p.meta;
    let mut out: Vec<(&'static str, &mut String)> = vec![
        ("body", &mut p.body),
        ("title", &mut m.title),
        ("description", &mut m.description),
        ("file name", &mut p.stem),
    ];
    if let Some(s) = m.slug.as_mut() {
        out.push(("slug", s));
    }
    if let Some(s) = m.path.as_mut() {
        out.push(("path", s));
    }
    for a in m.aliases.iter_mut() {
        out.push(("aliases", a));
    }
    // Shown in feeds and on the page beside the pseudonyms: free text, anonymized like the rest.
    for a in m.authors.iter_mut() {
        out.push(("authors", a));
    }
    for party in m.anon.parties.iter_mut() {
        out.push(("role", &mut party.role));
    }
    // Bundle files are published under their (anonymized) names: 张建国.jpg would leak.
    for a in p.assets.iter_mut() {
        let crate::load::Asset { rel, text, .. } = a;
        out.push(("asset file name", rel));
        // The bundle's text files are part of the case: anonymized like its body.
        if let Some(t) = text.as_mut() {
            out.push(("attachment", t));
        }
    }
    for terms in m.taxonomies.values_mut() {
        for t in terms.iter_mut() {
            out.push(("taxonomies", t));
        }
    }
    match m.kind.as_mut() {
        Some(KindMeta::Case(c)) => {
            for (k, v) in [
                ("dispute", &mut c.dispute),
                ("region", &mut c.region),
                ("outcome", &mut c.outcome),
                ("mediator", &mut c.mediator),
                ("organization", &mut c.organization),
            ] {
                out.push((k, v));
            }
            for s in c.statutes.iter_mut() {
                out.push(("statutes", s));
            }
        }
        // Every free text of the kind, as for cases: a convention or article may be anonymized
        // too (`anonymize = true`, declared parties).
        Some(KindMeta::Convention(c)) => {
            out.push(("community", &mut c.community));
            out.push(("filed_with", &mut c.filed_with));
            out.push(("status", &mut c.status));
            out.push(("version", &mut c.version));
            for step in c.procedure.iter_mut() {
                for (_, v) in step.details.iter_mut() {
                    out.push(("procedure", v));
                }
            }
        }
        Some(KindMeta::Article(a)) => {
            out.push(("topic", &mut a.topic));
            out.push(("audience", &mut a.audience));
            out.push(("series", &mut a.series));
            for s in a.statutes.iter_mut() {
                out.push(("statutes", s));
            }
        }
        None => {}
    }
    extra_strings(&mut m.extra, &mut out);
    out
}

fn extra_strings<'a>(t: &'a mut toml::Table, out: &mut Vec<(&'static str, &'a mut String)>) {
    fn walk<'a>(v: &'a mut toml::Value, out: &mut Vec<(&'static str, &'a mut String)>) {
        match v {
            toml::Value::String(s) => out.push(("extra", s)),
            toml::Value::Array(a) => a.iter_mut().for_each(|x| walk(x, out)),
            toml::Value::Table(t) => t.iter_mut().for_each(|(_, x)| walk(x, out)),
            _ => {}
        }
    }
    t.iter_mut().for_each(|(_, v)| walk(v, out));
}

/// The label an `[extra]` key gives its value (`qq = "987654321"` is a QQ number as much as
/// `QQ号：987654321` in the body is), for the anonymizer to read it by.
fn extra_label(key: &str) -> Option<&'static str> {
    const WORDS: &[(&str, &str)] = &[
        ("telephone", "联系电话"),
        ("cellphone", "联系电话"),
        ("phone", "联系电话"),
        ("mobile", "联系电话"),
        ("landline", "联系电话"),
        ("contact", "联系电话"),
        ("passport", "护照"),
        ("wechat", "微信号"),
        ("weixin", "微信号"),
        ("email", "邮箱"),
        ("idcard", "身份证号"),
        ("identity", "身份证号"),
        ("bankcard", "银行账号"),
        ("alipay", "支付宝账号"),
        ("account", "账号"),
        ("address", "住址"),
        ("plate", "车牌号"),
        ("license", "车牌号"),
        ("douyin", "抖音号"),
        ("weibo", "微博"),
    ];
    // Short words count only as a whole part of the key (`qq`, `tel_2`, `wx`), not inside
    // another word (`video`, `hotel`).
    const SHORT: &[(&str, &str)] = &[
        ("qq", "QQ号"),
        ("wx", "微信号"),
        ("wxid", "微信号"),
        ("tel", "联系电话"),
        ("fax", "联系电话"),
        ("mail", "邮箱"),
        ("sfz", "身份证号"),
        ("card", "银行账号"),
        ("bank", "银行账号"),
        ("addr", "住址"),
        ("car", "车牌号"),
    ];
    let lower = key.to_ascii_lowercase();
    let joined: String = lower.chars().filter(char::is_ascii_alphanumeric).collect();
    // An office's contact (tel_office, hotline, court_phone) is public: read as an office's
    // phone, which stays. Whole parts of the key only: an organizer's phone is a person's.
    if lower
        .split(|c: char| !c.is_ascii_alphabetic())
        .any(|part| ["office", "hotline", "court"].contains(&part))
    {
        return Some("街道办事处电话");
    }
    if let Some((_, l)) = WORDS.iter().find(|(w, _)| joined.contains(w)) {
        return Some(l);
    }
    // Parts split at non-letters and at camelCase humps (homeTel, faxNumber).
    let mut parts: Vec<String> = Vec::new();
    let mut cur = String::new();
    for c in key.chars() {
        if !c.is_ascii_alphabetic() || (c.is_ascii_uppercase() && !cur.is_empty()) {
            parts.extend((!cur.is_empty()).then(|| std::mem::take(&mut cur)));
        }
        if c.is_ascii_alphabetic() {
            cur.push(c.to_ascii_lowercase());
        }
    }
    parts.extend((!cur.is_empty()).then_some(cur));
    parts
        .iter()
        .find_map(|part| SHORT.iter().find(|(w, _)| w == part).map(|(_, l)| *l))
}

/// Before anonymization (`on`), prefix each `[extra]` string under a labelling key with its label
/// (`QQ号：987654321`); after it, take the labels off again.
fn label_extras(t: &mut toml::Table, on: bool) {
    fn walk(v: &mut toml::Value, label: Option<&str>, on: bool) {
        match v {
            toml::Value::String(s) => {
                if let Some(l) = label {
                    let prefix = format!("{l}：");
                    if on {
                        s.insert_str(0, &prefix);
                    } else if let Some(rest) = s.strip_prefix(&prefix) {
                        *s = rest.to_string();
                    }
                }
            }
            toml::Value::Array(a) => a.iter_mut().for_each(|x| walk(x, label, on)),
            toml::Value::Table(t) => t
                .iter_mut()
                .for_each(|(k, x)| walk(x, extra_label(k).or(label), on)),
            _ => {}
        }
    }
    t.iter_mut().for_each(|(k, v)| walk(v, extra_label(k), on));
}

/// The keys of `[extra]` numbers that read as personal information (`qq = 987654321`,
/// `tel = 88886666.0`, `mobile = 13912345678`): a number is printed as written and stays a
/// number for templates' arithmetic, so such a one is an error instead of being replaced.
fn personal_extra_numbers(t: &toml::Table) -> Vec<String> {
    fn walk(v: &toml::Value, key: &str, label: Option<&str>, out: &mut Vec<String>) {
        let digits = match v {
            toml::Value::Integer(n) => n.to_string(),
            toml::Value::Float(f) => f.to_string(),
            toml::Value::Array(a) => {
                a.iter().for_each(|x| walk(x, key, label, out));
                return;
            }
            toml::Value::Table(t) => {
                t.iter()
                    .for_each(|(k, x)| walk(x, k, extra_label(k).or(label), out));
                return;
            }
            _ => return,
        };
        let n = digits.bytes().filter(u8::is_ascii_digit).count();
        if (label.is_some() && n >= 5) || n >= 7 {
            let text = format!(
                "{}{digits}",
                label.map(|l| format!("{l}：")).unwrap_or_default()
            );
            if !pa::detect::find_all(&text).is_empty() {
                out.push(key.to_string());
            }
        }
    }
    let mut out = Vec::new();
    t.iter()
        .for_each(|(k, v)| walk(v, k, extra_label(k), &mut out));
    out
}

/// Every key of an `[extra]` table, nested tables' included.
fn extra_keys(t: &toml::Table) -> Vec<String> {
    fn walk(v: &toml::Value, out: &mut Vec<String>) {
        match v {
            toml::Value::Array(a) => a.iter().for_each(|x| walk(x, out)),
            toml::Value::Table(t) => t.iter().for_each(|(k, x)| {
                out.push(k.clone());
                walk(x, out);
            }),
            _ => {}
        }
    }
    let mut out = Vec::new();
    t.iter().for_each(|(k, v)| {
        out.push(k.clone());
        walk(v, &mut out);
    });
    out
}

#[derive(Default)]
struct PageResult {
    /// The names the anonymizer found and replaced without their being declared.
    guessed: Vec<String>,
    /// The page's texts before anonymization (in the order of `fields`), when asked for.
    originals: Vec<String>,
    scoped: Option<Scoped>,
    review: Option<ReviewPage>,
    entries: Vec<Entry>,
    diags: Vec<Diagnostic>,
    quiet: Vec<Diagnostic>,
    terms: Vec<pa::AuditTerm>,
    /// Site-absolute link targets of the body as written (see [`Report::linked`]).
    linked: Vec<String>,
}

/// The other ways a declared Latin alias of two or more words is written (`Tony Zheng`: TonyZheng,
/// Tony_Zheng, Tony-Zheng, Tony.Zheng, two spaces, a line break between), as accounts, file
/// names and wrapped lines spell it.
fn latin_alias_forms(alias: &str) -> Vec<String> {
    let words: Vec<&str> = alias.split_whitespace().collect();
    if words.len() < 2 || !alias.is_ascii() {
        return Vec::new();
    }
    ["", "_", "-", ".", "  ", "\n"]
        .iter()
        .map(|sep| words.join(sep))
        .collect()
}

/// Site-absolute link and image targets in `body` (`](/uploads/x.jpg)`, `src="/uploads/x.jpg"`),
/// percent-decoded, without the leading `/`.
fn site_links(body: &str, dir: &str) -> Vec<String> {
    let mut out = Vec::new();
    // Relative ones (`../img/建国.png`) too, resolved against the page's folder under content/.
    for open in [
        "](../",
        "](./",
        "src=\"../",
        "src=\"./",
        "href=\"../",
        "href=\"./",
    ] {
        for (at, _) in body.match_indices(open) {
            let start = at + open.len() - if open.ends_with("../") { 3 } else { 2 };
            let rest = &body[start..];
            let end = rest
                .find([')', '"', ' ', '\n', '#', '?'])
                .unwrap_or(rest.len());
            let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
            for seg in rest[..end].split('/') {
                match seg {
                    "" | "." => {}
                    ".." => {
                        parts.pop();
                    }
                    s => parts.push(s),
                }
            }
            out.push(parts.join("/"));
        }
    }
    for open in ["](/", "src=\"/", "href=\"/"] {
        for (at, _) in body.match_indices(open) {
            let rest = &body[at + open.len()..];
            let end = rest
                .find([')', '"', ' ', '\n', '#', '?'])
                .unwrap_or(rest.len());
            let target = &rest[..end];
            let bytes = target.as_bytes();
            let mut dec = Vec::with_capacity(bytes.len());
            let mut i = 0;
            while i < bytes.len() {
                if bytes[i] == b'%'
                    && let Some(v) = target
                        .get(i + 1..i + 3)
                        .and_then(|h| u8::from_str_radix(h, 16).ok())
                {
                    dec.push(v);
                    i += 3;
                } else {
                    dec.push(bytes[i]);
                    i += 1;
                }
            }
            out.push(String::from_utf8_lossy(&dec).into_owned());
        }
    }
    out
}

/// Anonymize one case in place. `cross`: names other cases found, with where (see
/// [`cross_case`]); `originals`: keep the texts as they were, for a second pass.
/// The targets of internal links (`](@/cases/zhangjianguo.md)`, `]: @/…`) in `body`, each
/// replaced by as many `~` as it has characters (columns of findings stay right): they are source
/// paths, never published (the link becomes the target's anonymized URL), and anonymizing one
/// (`@/cases/张某.md`) would break the link.
fn mask_internal_links(body: &mut String) -> Vec<String> {
    if !body.contains("@/") {
        return Vec::new();
    }
    let mut targets = Vec::new();
    let mut out = String::with_capacity(body.len());
    let mut rest = body.as_str();
    while let Some(i) = rest.find("@/") {
        let before = &rest[..i];
        out.push_str(before);
        out.push_str("@/");
        let after = &rest[i + 2..];
        let link = before.ends_with("](") || before.ends_with("]: ") || before.ends_with("]:");
        let len = after
            .find(|c: char| c.is_whitespace() || c == ')' || c == '>' || c == '"')
            .unwrap_or(after.len());
        if link && len > 0 && !after[..len].contains('~') {
            targets.push(after[..len].to_string());
            out.extend(std::iter::repeat_n('~', after[..len].chars().count()));
            rest = &after[len..];
        } else {
            rest = after;
        }
    }
    out.push_str(rest);
    *body = out;
    targets
}

/// Put the targets `mask_internal_links` took back, in order; where the anonymizer changed the
/// text so that they cannot be found, the masked links stay (and fail as links to nothing).
fn unmask_internal_links(body: &mut String, targets: Vec<String>) {
    if targets.is_empty() {
        return;
    }
    let mut out = String::with_capacity(body.len());
    let mut rest = body.as_str();
    let mut targets = targets.into_iter().peekable();
    while let Some(t) = targets.peek() {
        let masked = format!("@/{}", "~".repeat(t.chars().count()));
        let Some(i) = rest.find(&masked) else { break };
        out.push_str(&rest[..i]);
        out.push_str("@/");
        out.push_str(t);
        rest = &rest[i + masked.len()..];
        targets.next();
    }
    out.push_str(rest);
    *body = out;
}

fn anonymize_page(
    p: &mut Page,
    policy: &pa::Policy,
    strict: bool,
    review: bool,
    cross: &[(String, PathBuf)],
    originals: bool,
) -> PageResult {
    let targets = mask_internal_links(&mut p.body);
    let mut res = anonymize_page_masked(p, policy, strict, review, cross, originals);
    // The body as it was (the first of the originals), for a second pass: with its links.
    if let Some(body) = res.originals.first_mut() {
        unmask_internal_links(body, targets.clone());
    }
    unmask_internal_links(&mut p.body, targets);
    res
}

fn anonymize_page_masked(
    p: &mut Page,
    policy: &pa::Policy,
    strict: bool,
    review: bool,
    cross: &[(String, PathBuf)],
    originals: bool,
) -> PageResult {
    let file = p.file.clone();
    let body_line = p.body_line;
    let linked = site_links(&p.body, p.rel.rsplit_once('/').map_or("", |(d, _)| d));
    let mut unreadable = Vec::new();
    for a in p.assets.iter_mut() {
        if !TEXT_EXT.contains(&ext(&a.rel).as_str()) {
            continue;
        }
        match std::fs::read(&a.abs).map(String::from_utf8) {
            Ok(Ok(t)) if let Some(at) = text_entity(&t) => {
                let (line, column) = crate::diag::line_col(&t, at);
                unreadable.push(
                    Diagnostic::error("an XML entity declaration that holds text: a reader of the file puts it wherever the entity is used, where the anonymizer cannot see it")
                        .at(&a.abs)
                        .line(line, column)
                        .help("write the text out where the entity is used and remove the declaration"),
                );
            }
            Ok(Ok(t)) => a.text = Some(t),
            Ok(Err(_)) => unreadable.push(
                Diagnostic::error("a text file of an anonymized case is not UTF-8: it cannot be anonymized")
                    .at(&a.abs)
                    .help("save it as UTF-8 (e.g. iconv -f GBK -t UTF-8), or remove it from the case folder"),
            ),
            Err(e) => unreadable.push(Diagnostic::error(format!("cannot read: {e}")).at(&a.abs)),
        }
    }
    // Pasted images (base64 data: URIs) lose their metadata before anything reads the text.
    for (field, text) in fields(p) {
        match clean_data_uris(text) {
            Ok(Some(clean)) => *text = clean,
            Ok(None) => {}
            Err((at, what)) => {
                let mut d = Diagnostic::error(format!("{what} (in the {field})")).at(&file);
                if field == "body" {
                    let (line, column) = crate::diag::line_col(text, at);
                    d = d.line(body_line + line, column);
                }
                unreadable.push(d.help(
                    "put the file in the case's folder instead: images there are published without metadata, text files are anonymized",
                ));
            }
        }
    }
    // `[extra]` keys are not anonymized (templates look values up by them): one holding text or a
    // party's spelling ("幸福路18号3栋402室" = "住所", zhenghaitao1988 = "微信") is refused.
    let spellings: Vec<String> = p
        .meta
        .anon
        .parties
        .iter()
        .flat_map(|x| {
            let mut v = pinyin_variants(&x.name);
            v.extend(given_pinyin(&x.name));
            v
        })
        .filter(|v| v.len() >= 6)
        .collect();
    for key in personal_extra_numbers(&p.meta.extra) {
        unreadable.push(
            Diagnostic::error(format!(
                "an [extra] number of an anonymized page reads as personal information: `{key}`"
            ))
            .at(&file)
            .help("numbers are published as written: remove it, or write it as text (qq = \"…\"), which is anonymized with the case"),
        );
    }
    for key in extra_keys(&p.meta.extra) {
        let lower = key.to_lowercase();
        // An e-mail address or a long number as a key is published as written too.
        let digits = key
            .split(|c: char| !c.is_ascii_digit())
            .any(|run| run.len() >= 5);
        if !key.is_ascii()
            || key.contains('@')
            || digits
            || spellings.iter().any(|v| lower.contains(v.as_str()))
        {
            unreadable.push(
                Diagnostic::error(format!(
                    "an [extra] key of an anonymized page holds text or a name: `{}`",
                    pa::mask(&key)
                ))
                .at(&file)
                .help("keys are not anonymized: use a plain key (address = \"…\") and put the text in its value, which is anonymized"),
            );
        }
    }
    // The pinyin spellings of each party's name are aliases of the party: an account or a link
    // (weibo.com/zhangjianguo, Zhang Jianguo) names the person as much as the characters do.
    // A spelling two parties share (张伟, 章伟) is left to the audit.
    // Only spelled out when a text holds the surname's spelling (most cases hold none).
    // Looked for in place, ignoring case: no lower-cased copy of every case's texts.
    // The surname's spelling, or a given name's spelled alone (HaiTao).
    let surnames: Vec<Vec<String>> = p
        .meta
        .anon
        .parties
        .iter()
        .map(|x| {
            let mut v = surname_pinyin(&x.name);
            v.extend(given_pinyin(&x.name));
            v
        })
        .collect();
    let present: Vec<bool> = {
        let fs = fields(p);
        surnames
            .iter()
            .map(|readings| {
                readings.iter().any(|s| {
                    fs.iter().any(|(_, t)| {
                        holds_ignoring_case(t.as_bytes(), s.as_bytes())
                            // Pinyin with tone marks (Zhèng).
                            || t.chars().any(|c| matches!(c as u32, 0xC0..=0x24F))
                    })
                })
            })
            .collect()
    };
    let spellings: Vec<Vec<String>> = {
        let names: Vec<(String, Vec<String>)> = p
            .meta
            .anon
            .parties
            .iter()
            .map(|x| (x.name.clone(), x.aliases.clone()))
            .collect();
        let fs = fields(p);
        let texts: Vec<&str> = fs.iter().map(|(_, t)| t.as_str()).collect();
        names
            .iter()
            .zip(present)
            .map(|((name, aliases), yes)| {
                if yes {
                    let mut v = pinyin_aliases(name);
                    let mut targets = name_pinyin_targets(name);
                    targets.extend(given_pinyin(name));
                    // An alias in pinyin too (老郑: laozheng, in an image's path or an id).
                    targets.extend(aliases.iter().filter_map(|a| {
                        let t = plain_pinyin(a)?;
                        (t.len() >= 6).then_some(t)
                    }));
                    v.extend(pinyin_spellings_in(&targets, &texts));
                    v.sort();
                    v.dedup();
                    v
                } else {
                    Vec::new()
                }
            })
            .collect()
    };
    let mut shared: HashMap<&str, usize> = HashMap::new();
    for v in spellings.iter().flatten() {
        *shared.entry(v.as_str()).or_default() += 1;
    }
    let parties: Vec<pa::Party> = p
        .meta
        .anon
        .parties
        .iter()
        .zip(&spellings)
        .map(|(x, sp)| pa::Party {
            name: x.name.clone(),
            role: x.role.clone(),
            aliases: x
                .aliases
                .iter()
                .cloned()
                .chain(x.aliases.iter().flat_map(|a| latin_alias_forms(a)))
                .chain(sp.iter().filter(|v| shared[v.as_str()] == 1).cloned())
                .collect(),
        })
        .collect();
    let keep = p.meta.anon.keep.clone();
    let mut res = PageResult {
        diags: unreadable,
        linked,
        ..PageResult::default()
    };
    let known: Vec<String> = cross.iter().map(|(n, _)| n.clone()).collect();
    label_extras(&mut p.meta.extra, true);
    let anonymizer = {
        let fs = fields(p);
        let texts: Vec<&str> = fs.iter().map(|(_, s)| s.as_str()).collect();
        pa::CaseAnonymizer::with_known(&parties, &keep, policy, &texts, &known)
    };
    let anonymizer = match anonymizer {
        Ok(a) => a,
        Err(errs) => {
            let spec = &p.meta.anon;
            res.diags.extend(errs.into_iter().map(|e| {
                let d = Diagnostic::error(format!("cannot anonymize this page: {}", e.message))
                    .at(&file);
                // The party's `[[parties]]` entry, or the page's keep list.
                let line = match e.party {
                    Some(k) => spec.parties.get(k).map(|x| x.line),
                    None if e.keep => spec.keep_line,
                    None => None,
                };
                match line {
                    Some(l) if l > 0 => d.line(l, 1),
                    _ => d,
                }
                .help(if e.keep {
                    "fix the keep list ([anonymize] keep here or in config.toml); nothing is published until it can be anonymized"
                } else {
                    "fix the [[parties]] declaration; nothing is published until it can be anonymized"
                })
            }));
            return res;
        }
    };
    apply(&anonymizer, p, strict, review, cross, originals, &mut res);
    label_extras(&mut p.meta.extra, false);
    if let Some(r) = res.review.as_mut() {
        r.title = p.meta.title.clone();
    }
    // The roles as anonymized (a role is free text: 王小军之母 names someone too).
    p.party_pseudonyms = anonymizer
        .party_pseudonyms()
        .into_iter()
        .zip(&p.meta.anon.parties)
        .map(|((_, pseudonym), party)| (party.role.clone(), pseudonym))
        .collect();
    let terms = anonymizer.audit_terms();
    // Names the anonymizer guessed and replaced are checked here, against the page's own
    // anonymized texts from which every output about it derives (declared names and numbers are
    // checked in every output byte by the audit). A plain search: building an automaton per page
    // costs more than the few guessed names need.
    res.guessed = terms
        .iter()
        .filter(|t| t.category == pa::Category::UndeclaredName)
        .map(|t| t.text.clone())
        .collect();
    check_left(p, &res.guessed, cross, policy, &mut res.diags);
    // Names the anonymizer only guessed at are not audited site-wide: a wrong guess (a word that
    // looks like a name) would otherwise block every page that uses the word.
    // Nor are the pinyin spellings (ASCII aliases): thousands of ASCII patterns would slow the
    // scan of every byte of markup; file names are checked for them (`path_auditor`).
    let (weak, strong): (Vec<pa::AuditTerm>, Vec<pa::AuditTerm>) = terms
        .into_iter()
        .filter(|t| t.category != pa::Category::UndeclaredName)
        .filter(|t| !(t.category == pa::Category::Alias && t.text.is_ascii()))
        .partition(|t| {
            (matches!(t.category, pa::Category::GivenName | pa::Category::Alias)
                && t.text.chars().count() < 3)
                // 鲁师傅 beside a party 鲁某: the handyman on another page may be anyone.
                || (t.category == pa::Category::Alias
                    && pa::surnames::surname_and_title(&t.text))
                // A full name of two characters that is a dictionary word (高明, 方圆): an article's
                // 手段越来越高明 is not the party.
                || (t.category == pa::Category::Party
                    && t.text.chars().count() == 2
                    && pa::in_dictionary(&t.text))
        });
    res.terms = strong;
    let mut terms: Vec<String> = weak
        .iter()
        .flat_map(|t| pa::script_variants(&t.text))
        .collect();
    terms.sort();
    terms.dedup();
    // Also without terms of its own: its title marks its card on the pages beside it (a
    // neighbour's given name in its title there is not this page's).
    let markers = title_markers(&p.meta.title);
    if !terms.is_empty() || !markers.is_empty() {
        res.scoped = Some(Scoped {
            markers,
            terms,
            file: p.file.clone(),
        });
    }
    res
}

/// An error for each of `names` (replaced names) still in the page's texts other than inside a
/// kept string (王军 inside the kept 王军华).
fn check_left(
    p: &mut Page,
    names: &[String],
    cross: &[(String, PathBuf)],
    policy: &pa::Policy,
    diags: &mut Vec<Diagnostic>,
) {
    if names.is_empty() {
        return;
    }
    let file = p.file.clone();
    let keep: Vec<String> = p
        .meta
        .anon
        .keep
        .iter()
        .chain(&policy.keep)
        .map(|k| pa::to_simplified(k))
        .collect();
    for (field, text) in fields(p) {
        let forms = searchable_forms(text);
        // Another case's two-character name starting a longer one here is left on purpose.
        let left = |g: &str| {
            let longer =
                g.chars().count() == 2 && cross.iter().any(|(n, _)| pa::to_simplified(n) == g);
            forms.iter().any(|t| {
                stands_alone(t, g, &keep)
                    && (!longer
                        || t.match_indices(g).any(|(i, _)| {
                            !pa::continues_name(
                                &t[i + g.len()..].chars().take(4).collect::<Vec<_>>(),
                            )
                        }))
            })
        };
        for g in names.iter().filter(|g| left(&pa::to_simplified(g))) {
            diags.push(
                Diagnostic::error(format!("anonymization left {} ({}) in the {field}", pa::mask(g), pa::Category::UndeclaredName.label_zh()))
                    .at(&file)
                    .help("this is a bug in pufa's anonymizer; nothing was written. Rephrase the sentence and report it"),
            );
        }
    }
}

/// `text` as names are read in it ([`pa::searchable`]), and with its tags kept when it has any,
/// so a name in an attribute (<span title="柯文杰">) is there too.
fn searchable_forms(text: &str) -> Vec<String> {
    let mut forms = vec![pa::searchable(text)];
    if text.contains('<') {
        forms.push(pa::searchable_with_tags(text));
    }
    forms
}

/// Does `name` occur in `text` other than inside an occurrence of a kept string?
fn stands_alone(text: &str, name: &str, keep: &[String]) -> bool {
    text.match_indices(name).any(|(i, _)| {
        !keep.iter().any(|k| {
            k.match_indices(name).any(|(off, _)| {
                i >= off
                    && text
                        .get(i - off..)
                        .is_some_and(|t| t.starts_with(k.as_str()))
            })
        })
    })
}

/// Names the anonymizer of one case found and replaced (邻居王小军), with the first case that
/// found each, matched in every script variant.
struct CrossNames {
    names: Vec<(String, PathBuf)>,
    /// Pattern → index into `names`.
    of: Vec<usize>,
    ac: aho_corasick::AhoCorasick,
}

impl CrossNames {
    fn new(found: impl IntoIterator<Item = (String, PathBuf)>) -> Option<Self> {
        let mut names: Vec<(String, PathBuf)> = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for (n, f) in found {
            // A guess that reads as words (韩国人 after 邻居) would spread a mistake.
            if seen.insert(n.clone()) && !pa::is_word_not_name(&n) {
                names.push((n, f));
            }
        }
        let mut patterns = Vec::new();
        let mut of = Vec::new();
        for (k, (n, _)) in names.iter().enumerate() {
            for v in pa::script_variants(n) {
                patterns.push(v);
                of.push(k);
            }
        }
        let ac = aho_corasick::AhoCorasick::new(&patterns).ok()?;
        (!names.is_empty()).then_some(CrossNames { names, of, ac })
    }

    /// The names another case found that occur in `p`'s (anonymized) texts, also split by
    /// markup or a line break, escaped or in the other script.
    fn in_page(&self, p: &mut Page) -> Vec<(String, PathBuf)> {
        let file = p.file.clone();
        let mut hit = std::collections::BTreeSet::new();
        for (_, text) in fields(p) {
            for plain in searchable_forms(text) {
                for m in self.ac.find_overlapping_iter(plain.as_str()) {
                    hit.insert(self.of[m.pattern().as_usize()]);
                }
            }
        }
        hit.into_iter()
            .map(|k| self.names[k].clone())
            .filter(|(_, f)| *f != file)
            .collect()
    }
}

/// The second pass over a case in which names other cases found stand bare (王小军又来了,
/// with nothing here to cue it): the case is anonymized again from its original texts with those
/// names known, so they get pseudonyms of this case and are reported like its own guesses, with
/// where each was found.
fn cross_case(
    p: &mut Page,
    first: PageResult,
    hits: &[(String, PathBuf)],
    policy: &pa::Policy,
    strict: bool,
    review: bool,
) -> PageResult {
    for ((_, text), original) in fields(p).into_iter().zip(first.originals) {
        *text = original;
    }
    anonymize_page(p, policy, strict, review, hits, false)
}

/// Turn the anonymizer's findings into diagnostics and anonymize the page's fields with it,
/// recording each replacement in `res`. `cross`: names other cases found, and where;
/// `originals`: keep the texts replaced in `res.originals` (moved, not copied: a copy made here
/// would be new memory in the middle of the build's, a move keeps what loading allocated).
fn apply(
    anonymizer: &pa::CaseAnonymizer,
    p: &mut Page,
    strict: bool,
    review: bool,
    cross: &[(String, PathBuf)],
    originals: bool,
    res: &mut PageResult,
) {
    let file = p.file.clone();
    let body_line = p.body_line;
    // Line and column (in characters, as editors count them) of a finding in the body.
    let line_of = |field: &str, text: &str, offset: usize| -> Option<(usize, usize)> {
        (field == "body").then(|| {
            let (line, column) = crate::diag::line_col(text, offset);
            (body_line + line, column)
        })
    };
    {
        let fs = fields(p);
        for (i, f) in anonymizer.findings() {
            let (field, text) = fs.get(*i).map_or(("body", ""), |(n, s)| (*n, s.as_str()));
            let line = line_of(field, text, f.start);
            // A party's name replaced inside a longer word (文明 in 文明城市): a note for the
            // editor, shown like the low-confidence names; never an error, nothing leaked.
            if let Some(word) = &f.word {
                let shown = word.replace(&f.candidate, &"*".repeat(f.candidate.chars().count()));
                let mut d = Diagnostic::warning(format!(
                    "a party's name {} in {field} was replaced inside the word {shown}, which may not be about the person",
                    f.masked
                ))
                .at(&file);
                if let Some((l, c)) = line {
                    d = d.line(l, c);
                }
                res.quiet.push(d.help(
                    "if the word is not the person, add the whole word to [anonymize] keep and it stays as written",
                ));
                continue;
            }
            let what = if f.reason == pa::CROSS_REASON {
                let from = cross
                    .iter()
                    .find(|(n, _)| pa::to_simplified(n) == pa::to_simplified(&f.candidate))
                    .map_or(String::new(), |(_, f)| format!(" ({})", f.display()));
                format!(
                    "undeclared name {} in {field} was replaced: another case found it to be a person's name{from}",
                    f.masked
                )
            } else if f.replaced {
                format!("undeclared name {} in {field} was replaced", f.masked)
            } else {
                format!(
                    "possible undeclared name {} in {field} ({})",
                    f.masked, f.reason
                )
            };
            let mut d = if strict {
                Diagnostic::error(what)
            } else {
                Diagnostic::warning(what)
            }
            .at(&file);
            if let Some((l, c)) = line {
                d = d.line(l, c);
            }
            let d = d.help(
                "declare the person in [[parties]] (name, role), or add the name to [anonymize] keep if it may be published",
            );
            // Low-confidence guesses go to the report (and `-v`); replaced names are always shown.
            if f.replaced || strict {
                res.diags.push(d)
            } else {
                res.quiet.push(d)
            }
        }
        for (field, text) in fs {
            let out = anonymizer.anonymize(text);
            if field == "body" && review {
                res.review = Some(ReviewPage {
                    file: file.clone(),
                    title: String::new(),
                    original: text.clone(),
                    anonymized: out.text.clone(),
                    marks: out
                        .replacements
                        .iter()
                        .map(|r| {
                            (
                                r.start,
                                r.end,
                                r.category.label_zh().to_string(),
                                r.replacement.clone(),
                            )
                        })
                        .collect(),
                    body_line,
                });
            }
            // Replacements come in text order: count their lines in one pass over the text.
            let mut lines = (field == "body").then(|| LineCounter::new(text, body_line));
            for r in &out.replacements {
                res.entries.push(Entry {
                    file: file.clone(),
                    line: lines.as_mut().map(|l| l.line_at(r.start)),
                    field: field.to_string(),
                    category: r.category.label_zh().to_string(),
                    original: r.original.clone(),
                    replacement: r.replacement.clone(),
                });
            }
            let original = std::mem::replace(text, out.text);
            if originals {
                res.originals.push(original);
            }
        }
    }
}

/// Anonymize every page that asks for it (cases always). Returns the report and diagnostics.
/// `review`: keep each case's original and anonymized body for `serve`'s review page.
pub fn run(site: &mut Site, config: &Config, review: bool) -> (Report, Vec<Diagnostic>) {
    let policy = policy(config);
    let strict = config.anonymize.strict;
    let mut cases: Vec<&mut Page> = site
        .pages
        .iter_mut()
        .filter(|p| p.meta.anon.enabled)
        .collect();
    // With one case there is no other to take names from: no copy of the originals.
    let originals = cases.len() > 1;
    let mut results: Vec<PageResult> = cases
        .par_iter_mut()
        .map(|p| anonymize_page(p, &policy, strict, review, &[], originals))
        .collect();
    let guessed: Vec<(String, PathBuf)> = cases
        .iter()
        .zip(&results)
        .flat_map(|(p, r)| r.guessed.iter().map(|n| (n.clone(), p.file.clone())))
        .collect();
    // A name one case's anonymizer found, standing bare in another case: that case again.
    if let Some(cross) = CrossNames::new(guessed.iter().cloned()) {
        results = cases
            .par_iter_mut()
            .zip(results)
            .map(|(p, mut r)| {
                let hits = cross.in_page(p);
                if hits.is_empty() {
                    r.originals = Vec::new();
                    r
                } else {
                    cross_case(p, r, &hits, &policy, strict, review)
                }
            })
            .collect();
    }
    drop(cases);
    let cases = results.len();
    let mut sections = anonymize_sections(site, &policy, strict, &guessed, &results);
    if let Some(first) = sections.first_mut() {
        first
            .diags
            .extend(section_paths(site, &policy, strict, &guessed));
    } else {
        let diags = section_paths(site, &policy, strict, &guessed);
        if !diags.is_empty() {
            sections.push(PageResult {
                diags,
                ..PageResult::default()
            });
        }
    }
    results.extend(sections);
    let mut report = Report {
        cases,
        guessed,
        ..Report::default()
    };
    report.allowed = config.anonymize.keep.clone();
    for p in site.pages.iter().filter(|p| p.meta.anon.enabled) {
        report.allowed.extend(p.meta.anon.keep.iter().cloned());
    }
    // A kept string is kept in the traditional copy too (老吴调解室 there is 老吳調解室).
    let forms: Vec<String> = report
        .allowed
        .iter()
        .flat_map(|a| [crate::s2t::convert(a), hanconv::t2s(a)])
        .collect();
    report.allowed.extend(forms);
    report.allowed.sort();
    report.allowed.dedup();
    let mut diags = Vec::new();
    // Reserved at once: grown by doubling, the copies alone took about 10 ms on one core at
    // 4,000 cases while the other waited.
    report
        .entries
        .reserve_exact(results.iter().map(|r| r.entries.len()).sum());
    report
        .terms
        .reserve_exact(results.iter().map(|r| r.terms.len()).sum());
    for r in results {
        report.scoped.extend(r.scoped);
        report.review.extend(r.review);
        report.entries.extend(r.entries);
        report.terms.extend(r.terms);
        report.linked.extend(r.linked);
        report.warnings.extend(r.quiet);
        for d in r.diags {
            if !d.is_error() {
                report.warnings.push(d.clone());
            }
            diags.push(d);
        }
    }
    report.replacements = report.entries.len();
    (report, diags)
}

/// A party's given name when it has two characters or more (海涛 of 郑海涛, 丽华 of 欧阳丽华).
fn given_name(name: &str) -> Option<&str> {
    let chars: Vec<char> = name.chars().collect();
    let skip = pa::surnames::compound_at(&chars).unwrap_or(1);
    let at = name.char_indices().nth(skip).map(|(i, _)| i)?;
    (chars.len() >= skip + 2).then(|| &name[at..])
}

/// Everything of a section's own page the anonymizer reads, in simplified script.
fn section_texts(sec: &crate::site::Section) -> String {
    pa::to_simplified(&format!(
        "{}\n{}\n{}\n{}\n{}\n{:?}\n{:?}",
        sec.dir,
        sec.meta.title,
        sec.meta.description,
        sec.body,
        sec.meta.aliases.join("\n"),
        sec.meta.redirect_to,
        sec.meta.extra
    ))
}

/// Whether a case section's page, anonymized with `old`, must be anonymized again now that its
/// cases give `new` (`pufa serve` after a case edit): a name or number `new` adds stands in the
/// section's text as published (a number in any grouping, a name also by its given name).
pub fn sections_need_redo(site: &Site, old: &Report, new: &Report) -> bool {
    // Given names and short aliases (阿杰) are scoped terms, checked apart: new ones count too.
    let before: HashSet<&str> = old
        .terms
        .iter()
        .map(|t| t.text.as_str())
        .chain(old.guessed.iter().map(|(n, _)| n.as_str()))
        .chain(
            old.scoped
                .iter()
                .flat_map(|s| s.terms.iter().map(String::as_str)),
        )
        .collect();
    let mut words: Vec<String> = Vec::new();
    let added = new
        .terms
        .iter()
        .map(|t| (t.text.as_str(), t.category.is_name()))
        .chain(new.guessed.iter().map(|(n, _)| (n.as_str(), true)))
        .chain(
            new.scoped
                .iter()
                .flat_map(|s| s.terms.iter().map(|t| (t.as_str(), false))),
        );
    for (text, name) in added {
        if before.contains(text) {
            continue;
        }
        words.push(pa::to_simplified(text));
        if name && let Some(g) = given_name(text) {
            words.push(pa::to_simplified(g));
        }
    }
    if words.is_empty() {
        return false;
    }
    let digits = |s: &str| s.chars().filter(char::is_ascii_digit).collect::<String>();
    site.sections
        .iter()
        .filter(|s| s.kind == Some(crate::meta::Kind::Case))
        .any(|sec| {
            let texts = section_texts(sec);
            let texts_digits = digits(&texts);
            words.iter().any(|w| {
                let d = digits(w);
                texts.contains(w.as_str()) || (d.len() >= 5 && texts_digits.contains(&d))
            })
        })
}

/// Whether `path` (a folder under `content/`, or a file's path below a section) holds what the
/// anonymizer removes for `page`'s parties: each part, and all of them run together (a name split
/// over folders, 张/建/国).
fn path_holds(
    page: &Page,
    path: &str,
    policy: &pa::Policy,
    strict: bool,
    guessed: &[(String, PathBuf)],
) -> bool {
    let parts: Vec<&str> = path.split('/').filter(|p| !p.is_empty()).collect();
    let mut names: Vec<String> = parts.iter().map(|p| p.to_string()).collect();
    // Every run of neighbouring parts (li/xiu/lan in stories/li/xiu/lan/sub), the deepest 8.
    let tail = &parts[parts.len().saturating_sub(8)..];
    for a in 0..tail.len() {
        for b in a + 2..=tail.len() {
            names.push(tail[a..b].concat());
        }
    }
    names.iter().any(|name| {
        let mut probe = page.clone();
        probe.body.clear();
        probe.meta.title.clear();
        probe.meta.description.clear();
        probe.meta.aliases.clear();
        probe.meta.authors.clear();
        probe.meta.extra = Default::default();
        probe.assets.clear();
        probe.stem = name.clone();
        // A given name inside a place's name (建国 in 建国门街道) counts too: the folder is in
        // the case's own URL, where its given names are audited.
        anonymize_page(&mut probe, policy, strict, false, guessed, false);
        probe.stem != *name
    })
}

/// The folders above an anonymized page are its URL (its section's path, every folder up to
/// `content/`): where they hold what its parties' anonymization removes, an error. Checked once
/// a section, with the parties of every anonymized page in it; a case section's own folders
/// are checked with its page (`anonymize_sections`).
fn section_paths(
    site: &Site,
    policy: &pa::Policy,
    strict: bool,
    guessed: &[(String, PathBuf)],
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (si, sec) in site.sections.iter().enumerate() {
        if sec.dir.is_empty() || sec.kind == Some(crate::meta::Kind::Case) {
            continue;
        }
        let mut pages = site
            .pages
            .iter()
            .filter(|p| p.meta.anon.enabled && p.section == si);
        let Some(first) = pages.next() else { continue };
        let mut probe = first.clone();
        for p in pages {
            for party in &p.meta.anon.parties {
                if !probe.meta.anon.parties.iter().any(|q| q.name == party.name) {
                    probe.meta.anon.parties.push(party.clone());
                }
            }
        }
        probe.body.clear();
        if path_holds(&probe, &sec.dir, policy, strict, guessed) {
            out.push(
                Diagnostic::error(format!(
                    "a folder above an anonymized page (content/{}) holds what the anonymizer removes from it (a name, given name, number or address)",
                    sec.dir
                ))
                .at(&sec.file)
                .help("the folders are the page's address, in every link, the sitemap and the feeds: rename the folder"),
            );
        }
    }
    out
}

/// A case section's own page (the section itself, or a subsection introducing a series of
/// cases) is published beside its cases: its title, description, body, aliases, redirect and
/// `[extra]` are anonymized like a case, with the parties of every case under it and the names
/// other cases found. Of what it finds, only names and what its cases removed are audited on
/// other pages: a number found only there (the office's phone, removed unless kept) is no
/// reason to fail the office's 联系我们 page.
/// `results`: the cases' own results, in the order of the anonymized pages.
fn anonymize_sections(
    site: &mut Site,
    policy: &pa::Policy,
    strict: bool,
    guessed: &[(String, PathBuf)],
    results: &[PageResult],
) -> Vec<PageResult> {
    let cross = CrossNames::new(guessed.iter().cloned());
    let mut out = Vec::new();
    for si in 0..site.sections.len() {
        if site.sections[si].kind != Some(crate::meta::Kind::Case) {
            continue;
        }
        // Images lying in the section's folder or a folder below it (no case's bundle), published
        // under their paths: the path below the section is checked (its folders' names too).
        let dir = &site.sections[si].dir;
        let loose: Vec<(String, PathBuf)> =
            site.loose_assets
                .iter()
                .filter_map(|a| {
                    let below = if dir.is_empty() {
                        Some(a.rel.as_str())
                    } else {
                        a.rel.strip_prefix(dir.as_str())?.strip_prefix('/')
                    };
                    // A deeper section checks its own.
                    let deeper = site.sections.iter().any(|s| {
                        s.dir.len() > dir.len() && a.rel.starts_with(&format!("{}/", s.dir))
                    });
                    below
                        .filter(|_| !deeper)
                        .map(|b| (b.to_string(), a.abs.clone()))
                })
                .collect();
        let mut parties: Vec<crate::meta::Party> = Vec::new();
        let mut keep: Vec<String> = Vec::new();
        let mut values: Vec<pa::AuditTerm> = Vec::new();
        for (p, r) in site
            .pages
            .iter()
            .filter(|p| p.meta.anon.enabled)
            .zip(results)
        {
            let mut up = Some(p.section);
            while let Some(x) = up.filter(|&x| x != si) {
                up = site.sections[x].parent;
            }
            if up.is_none() {
                continue;
            }
            for party in &p.meta.anon.parties {
                if !parties.iter().any(|q| q.name == party.name) {
                    parties.push(party.clone());
                }
            }
            keep.extend(p.meta.anon.keep.iter().cloned());
            values.extend(r.terms.iter().filter(|t| !t.category.is_name()).cloned());
        }
        values.sort();
        values.dedup();
        // Only the parties the section's own texts name (its text is short, its cases may be
        // thousands): by full name, alias or given name; all of them where it has Latin words,
        // which may spell one.
        {
            let mut texts = section_texts(&site.sections[si]);
            for (name, _) in &loose {
                texts.push('\n');
                texts.push_str(&pa::to_simplified(name));
            }
            let latin = texts
                .as_bytes()
                .windows(4)
                .any(|w| w.iter().all(u8::is_ascii_alphabetic));
            if !latin {
                parties.retain(|party| {
                    let named = |w: &str| !w.is_empty() && texts.contains(&pa::to_simplified(w));
                    named(&party.name)
                        || given_name(&party.name).is_some_and(named)
                        || party.aliases.iter().any(|a| named(a))
                });
            }
        }
        // One case's kept mediator may hold another case's party's given name (严志刚 beside a
        // party 方志刚): such a string is not kept here, where both cases' parties are.
        keep.retain(|k| {
            !parties.iter().any(|party| {
                k.contains(&party.name) || given_name(&party.name).is_some_and(|g| k.contains(g))
            })
        });
        keep.sort();
        keep.dedup();
        let s = &mut site.sections[si];
        let folder = s.dir.rsplit('/').next().unwrap_or_default().to_string();
        let had_redirect = s.meta.redirect_to.is_some();
        use std::mem::take;
        let mut page = Page {
            file: s.file.clone(),
            rel: format!("{}/_index.md", s.dir),
            meta: crate::meta::PageMeta {
                title: take(&mut s.meta.title),
                description: take(&mut s.meta.description),
                // The redirect rides with the aliases (it is a path or URL like them).
                aliases: {
                    let mut a = take(&mut s.meta.aliases);
                    a.extend(s.meta.redirect_to.take());
                    a
                },
                extra: take(&mut s.meta.extra),
                anon: crate::meta::AnonSpec {
                    enabled: true,
                    parties,
                    keep,
                    keep_line: None,
                },
                ..Default::default()
            },
            kind: Some(crate::meta::Kind::Case),
            body: take(&mut s.body),
            body_line: s.body_line,
            section: si,
            // The folder's name is the section's URL: anonymized only to see whether it holds
            // anything to remove (below).
            stem: folder.clone(),
            slug: String::new(),
            path: s.path.clone(),
            assets: Vec::new(),
            rendered: Default::default(),
            party_pseudonyms: Vec::new(),
            traditional_source: false,
            statute_links: Vec::new(),
            lower: None,
            higher: None,
        };
        let mut r = anonymize_page(&mut page, policy, strict, false, &[], cross.is_some());
        if let Some(c) = &cross {
            let hits = c.in_page(&mut page);
            r = if hits.is_empty() {
                PageResult {
                    originals: Vec::new(),
                    ..r
                }
            } else {
                cross_case(&mut page, r, &hits, policy, strict, false)
            };
        }
        // A party declaration this page cannot use is an error of the case that declares it,
        // reported there with its line (here it would point into the section's file).
        r.diags
            .retain(|d| !d.message.starts_with("cannot anonymize this page"));
        // The given names' audit is scoped by a page's title: a section's title is in every
        // page's navigation (典型案例), which would audit them in every file; its own text was
        // anonymized above, and its cases' cards carry their own titles.
        r.scoped = None;
        if page.stem != folder || path_holds(&page, &s.dir, policy, strict, guessed) {
            r.diags.push(
                Diagnostic::error(format!(
                    "the folders of this case section (content/{}) hold what the anonymizer removes (a name, given name, number or address)",
                    s.dir
                ))
                .at(&s.file)
                .help("the folder's name is the section's address, in every link, the sitemap and the feeds: rename the folder (e.g. by the community or the year)"),
            );
        }
        for (path, abs) in &loose {
            // With the names the cases found too (王力.png beside 物业经理王力说).
            let changed = path_holds(&page, path, policy, strict, guessed);
            if changed {
                r.diags.push(
                    Diagnostic::error(
                        "the name of this file in a case section holds what the anonymizer removes (a name, number or address)",
                    )
                    .at(abs)
                    .help("the file is published under its name: rename it (e.g. photo-1.jpg), or put it in the folder of the case it belongs to, whose files' names are anonymized"),
                );
            }
        }
        r.terms
            .retain(|t| t.category.is_name() || values.binary_search(t).is_ok());
        s.meta.title = page.meta.title;
        s.meta.description = page.meta.description;
        s.meta.aliases = page.meta.aliases;
        if had_redirect {
            s.meta.redirect_to = s.meta.aliases.pop();
        }
        s.meta.extra = page.meta.extra;
        s.body = page.body;
        out.push(r);
    }
    out
}

/// Anonymize `text` as the body of `page` (already anonymized): what a shortcode's template made
/// of the page's arguments and body, which may join pieces the first pass saw apart (two
/// arguments printed side by side). Only errors are returned (strict mode); replacements are
/// not reported again.
pub fn anonymize_text(
    page: &Page,
    before: &str,
    text: &str,
    config: &Config,
    guessed: &[(String, PathBuf)],
) -> Result<String, String> {
    // Read after the text before the call (a label there, 微信号：, names the value the
    // output holds); the output is what follows the mark, a comment (read as markup: the
    // label stays next to the value) with the process's key, which no page can write.
    let mark = format!("<!--pufa-{}-->", crate::shortcode::key());
    let mut p = page.clone();
    p.body = format!("{before}\n\n{mark}{text}");
    p.assets.clear();
    let r = anonymize_page(
        &mut p,
        &policy(config),
        config.anonymize.strict,
        false,
        // With the names the other cases found (柯 and 文杰 printed side by side).
        guessed,
        false,
    );
    let Some(at) = p.body.find(&mark) else {
        return Err("its output could not be anonymized apart from the text before it".into());
    };
    p.body = p.body[at + mark.len()..].to_string();
    let errors: Vec<String> = r
        .diags
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.message.clone())
        .collect();
    if errors.is_empty() {
        Ok(p.body)
    } else {
        Err(errors.join("; "))
    }
}

/// Anonymize one re-read page for `serve`'s incremental rebuild and fold the result into a copy of
/// `report`: its review entry and warnings are replaced, its audit terms added to the earlier
/// ones (a term the edit removed stays audited: stricter, never weaker). Returns the new report
/// and the page's errors (strict mode).
pub fn run_one(page: &mut Page, report: &Report, config: &Config) -> (Report, Vec<Diagnostic>) {
    let policy = policy(config);
    let mut r = anonymize_page(page, &policy, config.anonymize.strict, true, &[], true);
    let file = page.file.clone();
    // Names the other cases found (as of the last full build: an edit here that finds a new name
    // does not re-anonymize the others until the next full build).
    let mut guessed: Vec<(String, PathBuf)> = report
        .guessed
        .iter()
        .filter(|(_, f)| *f != file)
        .cloned()
        .collect();
    if let Some(cross) = CrossNames::new(guessed.iter().cloned()) {
        let hits = cross.in_page(page);
        if !hits.is_empty() {
            r = cross_case(page, r, &hits, &policy, config.anonymize.strict, true);
        }
    }
    guessed.extend(r.guessed.iter().map(|n| (n.clone(), file.clone())));
    let mut out = Report {
        guessed,
        entries: report
            .entries
            .iter()
            .filter(|e| e.file != file)
            .cloned()
            .collect(),
        warnings: report
            .warnings
            .iter()
            .filter(|w| w.path.as_deref() != Some(file.as_path()))
            .cloned()
            .collect(),
        terms: report.terms.clone(),
        allowed: report.allowed.clone(),
        review: report
            .review
            .iter()
            .filter(|v| v.file != file)
            .cloned()
            .collect(),
        scoped: report.scoped.clone(),
        cases: report.cases,
        replacements: 0,
        linked: report
            .linked
            .iter()
            .cloned()
            .chain(r.linked.iter().cloned())
            .collect(),
    };
    // The page's given names stay scoped to its (unchanged) title; add them only when new.
    if let Some(sc) = r.scoped
        && !out
            .scoped
            .iter()
            .any(|o| o.markers == sc.markers && o.terms == sc.terms)
    {
        out.scoped.push(sc);
    }
    out.review.extend(r.review);
    out.entries.extend(r.entries);
    out.replacements = out.entries.len();
    // Only terms not audited yet, so an edit that adds no name keeps the prepared audit.
    let known: std::collections::HashSet<&str> =
        report.terms.iter().map(|t| t.text.as_str()).collect();
    let new_terms: Vec<pa::AuditTerm> = r
        .terms
        .into_iter()
        .filter(|t| !known.contains(t.text.as_str()))
        .collect();
    out.terms.extend(new_terms);
    out.warnings.extend(r.quiet);
    let mut errors = Vec::new();
    for d in r.diags {
        if d.is_error() {
            errors.push(d);
        } else {
            out.warnings.push(d);
        }
    }
    (out, errors)
}

/// Base64 `data:` URIs in a case's text: an image (JPEG, PNG, WebP) is re-encoded without its
/// metadata, like the case's image files (a pasted phone photo carries where it was taken); any
/// other type is refused, since what it holds (an SVG's text, a PDF) cannot be anonymized in
/// place. Returns the cleaned text when anything changed, or the byte offset and what is wrong.
fn clean_data_uris(text: &str) -> Result<Option<String>, (usize, String)> {
    use base64::Engine as _;
    let marks = pa::base64_marks(text.as_bytes());
    if marks.is_empty() {
        return Ok(None);
    }
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for (i, start) in marks {
        // `data:` and the media type right before, with nothing that ends a URL in between.
        let Some(d) = text[..i].rfind("data:") else {
            continue;
        };
        let media = &text[d + 5..i];
        if media.contains(|c: char| c.is_whitespace() || "\"'()<>".contains(c)) {
            continue;
        }
        // Nothing after the comma (a text about such URIs: 以 data:image/png;base64, 开头): no
        // data to clean or refuse.
        let holds = text[start..]
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphanumeric() || "+/-_".contains(c));
        if !holds {
            continue;
        }
        let mime = media.split(';').next().unwrap_or("").to_ascii_lowercase();
        let ext = match mime.as_str() {
            "image/jpeg" | "image/jpg" => "jpg",
            "image/png" => "png",
            "image/webp" => "webp",
            _ => {
                return Err((
                    d,
                    format!("a base64 data: URI of type `{mime}` cannot be anonymized"),
                ));
            }
        };
        let len = text[start..]
            .find(|c: char| !(c.is_ascii_alphanumeric() || "+/=-_\r\n".contains(c)))
            .unwrap_or(text.len() - start);
        let payload: Vec<u8> = text.as_bytes()[start..start + len]
            .iter()
            .filter(|b| !matches!(b, b'\r' | b'\n' | b'='))
            .map(|&b| match b {
                b'-' => b'+',
                b'_' => b'/',
                b => b,
            })
            .collect();
        let engine = base64::engine::general_purpose::STANDARD_NO_PAD_INDIFFERENT;
        let clean = engine
            .decode(&payload)
            .map_err(|e| (d, format!("a base64 data: URI does not decode ({e})")))
            .and_then(|bytes| {
                strip_metadata(bytes, ext).map_err(|e| {
                    (
                        d,
                        format!("a base64 data: URI is not a readable {mime} ({e})"),
                    )
                })
            })?;
        out.push_str(&text[last..start]);
        out.push_str(&base64::engine::general_purpose::STANDARD.encode(clean));
        last = start + len;
    }
    out.push_str(&text[last..]);
    Ok(Some(out))
}

const IMAGE_EXT: &[&str] = &["jpg", "jpeg", "png", "webp"];
const TEXT_EXT: &[&str] = &["txt", "md", "svg", "csv", "json", "html", "xml"];

fn ext(path: &str) -> String {
    path.rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default()
}

/// Keep only what an image needs to be shown, without re-encoding it: every metadata block goes
/// (EXIF, XMP, IPTC, comments, ICC profiles, maker and vendor blocks, unknown chunks, and in a
/// JPEG anything after its end, such as a phone's appended motion-photo video). A list of what
/// stays rather than of what goes, so a block nobody thought of is removed too.
pub fn strip_metadata(bytes: Vec<u8>, ext: &str) -> Result<Vec<u8>, String> {
    use img_parts::{Bytes, ImageEXIF, ImageICC};
    let input = Bytes::from(bytes);
    match ext {
        "jpg" | "jpeg" => {
            let mut img = img_parts::jpeg::Jpeg::from_bytes(input).map_err(|e| e.to_string())?;
            img.set_exif(None);
            img.set_icc_profile(None);
            // APP0 (JFIF), APP14 (Adobe: colour transform), tables, frame headers, restart
            // interval and the scan.
            // APP0 and APP14 only in their standard form: a JFIF header of 14 bytes without a
            // thumbnail, an Adobe header of 12 (either could otherwise carry any text).
            img.segments_mut().retain(|s| {
                let c = s.contents();
                match s.marker() {
                    0xE0 => c.len() == 14 && c.starts_with(b"JFIF\0"),
                    0xEE => c.len() == 12 && c.starts_with(b"Adobe"),
                    m => matches!(m, 0xDB | 0xC4 | 0xDD | 0xDA | 0xC0..=0xCF),
                }
            });
            let out = img.encoder().bytes().to_vec();
            Ok(jpeg_cut_after_end(out))
        }
        "png" => {
            let mut img = img_parts::png::Png::from_bytes(input).map_err(|e| e.to_string())?;
            img.set_exif(None);
            img.set_icc_profile(None);
            img.chunks_mut().retain(|c| {
                matches!(
                    &c.kind(),
                    b"IHDR"
                        | b"PLTE"
                        | b"IDAT"
                        | b"IEND"
                        | b"tRNS"
                        | b"gAMA"
                        | b"cHRM"
                        | b"sRGB"
                        | b"sBIT"
                        | b"pHYs"
                        | b"bKGD"
                        | b"acTL"
                        | b"fcTL"
                        | b"fdAT"
                )
            });
            Ok(img.encoder().bytes().to_vec())
        }
        "webp" => {
            let mut img = img_parts::webp::WebP::from_bytes(input).map_err(|e| e.to_string())?;
            img.set_exif(None);
            img.set_icc_profile(None);
            img.chunks_mut().retain(|c| {
                matches!(
                    &c.id(),
                    b"VP8 " | b"VP8L" | b"VP8X" | b"ALPH" | b"ANIM" | b"ANMF"
                )
            });
            Ok(img.encoder().bytes().to_vec())
        }
        _ => Err(format!("unsupported image type .{ext}")),
    }
}

/// A JPEG cut right after its end marker, and without metadata blocks between its scans: walks
/// the markers after the first scan (entropy-coded bytes hold 0xFF only as 0xFF00 or a restart
/// marker). Left whole when the walk does not find the end.
fn jpeg_cut_after_end(b: Vec<u8>) -> Vec<u8> {
    let Some(sos) = b.windows(2).position(|w| w == [0xFF, 0xDA]) else {
        return b;
    };
    let mut out = b[..sos].to_vec();
    let mut i = sos;
    while i + 1 < b.len() {
        if b[i] != 0xFF {
            out.push(b[i]);
            i += 1;
            continue;
        }
        let m = b[i + 1];
        match m {
            0x00 | 0xD0..=0xD7 | 0xFF => {
                out.push(b[i]);
                i += 1;
            }
            0xD9 => {
                out.extend_from_slice(&[0xFF, 0xD9]);
                return out;
            }
            _ => {
                let Some(len) = b
                    .get(i + 2..i + 4)
                    .map(|l| u16::from_be_bytes([l[0], l[1]]) as usize)
                else {
                    return b;
                };
                let end = (i + 2 + len).min(b.len());
                // Between scans: keep tables and scan headers, drop application blocks and comments.
                if !matches!(m, 0xE0..=0xEF | 0xFE) {
                    out.extend_from_slice(&b[i..end]);
                }
                i = end;
            }
        }
    }
    b
}

/// Assets of anonymized pages: images are loaded and stripped of metadata, text files are loaded so
/// the audit reads them, anything else is refused (its metadata cannot be checked).
pub fn publish_assets(site: &Site, assets: &mut [OutputFile]) -> Vec<Diagnostic> {
    let anon_dirs: Vec<String> = site
        .pages
        .iter()
        .filter(|p| p.meta.anon.enabled && !p.assets.is_empty())
        .map(|p| p.path.trim_start_matches('/').to_string())
        .filter(|d| !d.is_empty())
        .collect();
    // Files lying in a case section outside any case's bundle: no case's parties apply to
    // them, so they cannot be anonymized (a whole case saved as .markdown, notes.txt).
    let loose: HashSet<&str> = site
        .loose_assets
        .iter()
        .filter(|a| in_case_section(site, &a.rel))
        .map(|a| a.rel.as_str())
        .collect();
    // Files in a folder (below a section that is not of cases) that holds an anonymized page
    // outside a bundle: the folder may be named after a party, and no case's parties apply.
    let case_folders = crate::site::with_ancestors(
        site.pages
            .iter()
            .filter(|p| p.meta.anon.enabled && !p.rel.ends_with("/index.md"))
            .filter_map(|p| p.rel.rsplit_once('/').map(|(d, _)| d.to_string()))
            .filter(|d| site.sections.iter().all(|s| &s.dir != d)),
    );
    let beside: HashSet<&str> = site
        .loose_assets
        .iter()
        .filter(|a| !in_case_section(site, &a.rel))
        .filter(|a| {
            let parent = a.rel.rsplit_once('/').map_or("", |(d, _)| d);
            !parent.is_empty()
                && case_folders.contains(parent)
                && site.sections.iter().all(|s| s.dir != parent)
        })
        .map(|a| a.rel.as_str())
        .collect();
    let results: Vec<Option<Diagnostic>> = assets
        .par_iter_mut()
        .map(|f| {
            let in_anon = anon_dirs.iter().any(|d| f.path.starts_with(d.as_str()));
            let Body::Copy(src) = &f.body else { return None };
            if !in_anon && beside.contains(f.path.as_str()) {
                return Some(Diagnostic::error("this file lies in a folder with a case but in no case's bundle: its name and its folder's are published as they are, and no case's parties apply to them")
                    .at(src)
                    .help("make the case a bundle (its folder with index.md) and put the file there, where it is anonymized with the case; or move the file out of the case's folder"));
            }
            let stray = !in_anon && loose.contains(f.path.as_str());
            if !in_anon && !stray {
                return None;
            }
            let e = ext(&f.path);
            if stray && !IMAGE_EXT.contains(&e.as_str()) {
                let help = if e.starts_with("md") || e == "markdown" || e == "mkd" {
                    "pufa reads pages only from files ending in `.md`: rename it so, or remove it"
                } else {
                    "put it in the folder of the case it belongs to (a bundle: cases/name/index.md beside it), where it is anonymized with that case, or remove it from the case section"
                };
                return Some(Diagnostic::error("this file lies in a case section but belongs to no case: it cannot be anonymized, so it is not published")
                    .at(src)
                    .help(help));
            }
            let bytes = match std::fs::read(src) {
                Ok(b) => b,
                Err(err) => return Some(Diagnostic::error(format!("cannot read: {err}")).at(src)),
            };
            if IMAGE_EXT.contains(&e.as_str()) {
                match strip_metadata(bytes, &e) {
                    Ok(b) => f.body = Body::Bytes(b),
                    Err(err) => {
                        return Some(Diagnostic::error(format!("cannot remove metadata from this image: {err}"))
                            .at(src)
                            .help("re-save the image as JPEG or PNG; images of anonymized cases are published only without EXIF/XMP"));
                    }
                }
            } else if TEXT_EXT.contains(&e.as_str()) {
                f.body = Body::Bytes(bytes);
            } else {
                return Some(Diagnostic::error(format!("a .{e} file cannot be checked for personal information"))
                    .at(src)
                    .help("anonymized cases may carry images (jpg, png, webp) and text files only; publish other documents after removing their metadata by hand, outside the case folder"));
            }
            None
        })
        .collect();
    results.into_iter().flatten().collect()
}

/// Is content file `rel` in a section of cases (the deepest section folder holding it)?
fn in_case_section(site: &Site, rel: &str) -> bool {
    site.sections
        .iter()
        .filter(|s| s.dir.is_empty() || rel.starts_with(&format!("{}/", s.dir)))
        .max_by_key(|s| s.dir.len())
        .is_some_and(|s| s.kind == Some(crate::meta::Kind::Case))
}

/// Pinyin spellings of a name (`zhangjianguo`, `zhang-jian-guo`, `zhang-jianguo`, `jianguozhang`,
/// `zhangjg`), which must not appear in URLs.
/// Does `hay` hold `needle` (ASCII, not empty), ignoring ASCII case? Only where its first letter
/// stands is the rest compared.
fn holds_ignoring_case(hay: &[u8], needle: &[u8]) -> bool {
    let Some(&first) = needle.first() else {
        return false;
    };
    memchr::memchr2_iter(first.to_ascii_lowercase(), first.to_ascii_uppercase(), hay).any(|i| {
        hay.get(i..i + needle.len())
            .is_some_and(|w| w.eq_ignore_ascii_case(needle))
    })
}

/// Surnames read otherwise than their first dictionary reading (曾 is zeng as a surname, not
/// ceng; 翟 zhai, not di).
const SURNAME_READINGS: &[(&str, &str)] = &[
    ("曾", "zeng"),
    ("翟", "zhai"),
    ("单", "shan"),
    ("解", "xie"),
    ("仇", "qiu"),
    ("区", "ou"),
    ("朴", "piao"),
    ("查", "zha"),
    ("缪", "miao"),
    ("覃", "qin"),
    ("盖", "ge"),
    ("乐", "yue"),
    ("尉", "yu"),
    ("召", "shao"),
    ("种", "chong"),
    ("秘", "bi"),
    ("员", "yun"),
    ("繁", "po"),
    ("折", "she"),
    ("黑", "he"),
    ("薄", "bo"),
    ("柏", "bai"),
    ("句", "gou"),
    ("万俟", "moqi"),
    ("尉迟", "yuchi"),
];

/// The ways people spell a Han name in pinyin, as syllables with the number of the surname's:
/// each reading of the surname (曾海涛: zeng-hai-tao, and the dictionary's ceng) and ü as v, u or
/// yu (吕丽华: lv, lu, lyu). Empty for a name with a character that has no pinyin.
fn name_readings(name: &str) -> Vec<(Vec<String>, usize)> {
    use pinyin::ToPinyin;
    let syllables: Vec<String> = name
        .to_pinyin()
        .flatten()
        .map(|p| p.plain().to_string())
        .collect();
    if syllables.len() < 2 || syllables.len() != name.chars().count() {
        return Vec::new();
    }
    let k = pa::surnames::split_name(name).map_or(0, |(s, _)| s.chars().count());
    let mut out = vec![(syllables.clone(), k)];
    if k > 0 {
        let surname: String = name.chars().take(k).collect();
        if let Some(&(_, r)) = SURNAME_READINGS.iter().find(|(s, _)| *s == surname) {
            let mut v = vec![r.to_string()];
            v.extend(std::iter::repeat_n(String::new(), k - 1));
            v.extend(syllables[k..].iter().cloned());
            out.insert(0, (v, k));
        }
    }
    // ü, as keyboards cannot type it.
    let with_u: Vec<(Vec<String>, usize)> = out
        .iter()
        .filter(|(v, _)| v.iter().any(|x| x.contains('ü')))
        .flat_map(|(v, k)| {
            ["v", "u", "yu"].map(|r| (v.iter().map(|x| x.replace('ü', r)).collect(), *k))
        })
        .collect();
    out.extend(with_u);
    // The surname's syllables as one (a compound surname of the table is one entry).
    out.into_iter()
        .map(|(v, k)| {
            let k = v[..k].iter().filter(|x| !x.is_empty()).count();
            (v.into_iter().filter(|x| !x.is_empty()).collect(), k)
        })
        .collect()
}

/// The pinyin of a Han name's surname in each of its readings (zhang for 张建国, ouyang for
/// 欧阳娜娜, zeng and ceng for 曾海涛).
fn surname_pinyin(name: &str) -> Vec<String> {
    let mut out: Vec<String> = name_readings(name)
        .into_iter()
        .filter(|(_, k)| *k > 0)
        .map(|(v, k)| v[..k].concat())
        .collect();
    out.sort();
    out.dedup();
    out
}

/// The pinyin spellings of a name as written in text and links: [`pinyin_variants`] of six
/// letters or more, each with its parts capitalized (Zhang-Jianguo), and the surname and given
/// name as words (Zhang Jianguo, Jianguo Zhang, ZHANG Jianguo, ZhangJianguo).
fn pinyin_aliases(name: &str) -> Vec<String> {
    let cap = |w: &str| {
        let mut c = w.chars();
        c.next()
            .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
            .unwrap_or_default()
    };
    let mut out: Vec<String> = Vec::new();
    for v in pinyin_variants(name).into_iter().filter(|v| v.len() >= 6) {
        let capitalized: String = v.split_inclusive(['-', '_']).map(&cap).collect();
        out.push(capitalized);
        out.push(v);
    }
    for (syllables, k) in name_readings(name) {
        if k == 0 || k >= syllables.len() || syllables.concat().len() < 6 {
            continue;
        }
        let (s, g) = (syllables[..k].concat(), syllables[k..].concat());
        out.extend([
            format!("{} {}", cap(&s), cap(&g)),
            format!("{} {}", cap(&g), cap(&s)),
            format!("{} {}", s.to_ascii_uppercase(), cap(&g)),
            format!("{}{}", cap(&s), cap(&g)),
            format!("{s} {g}"),
        ]);
    }
    out.sort();
    out.dedup();
    out
}

/// A Han text's pinyin without tones or separators (老郑: laozheng), if every character has one.
fn plain_pinyin(text: &str) -> Option<String> {
    use pinyin::ToPinyin;
    let syllables: Vec<&str> = text.to_pinyin().flatten().map(|p| p.plain()).collect();
    (syllables.len() >= 2 && syllables.len() == text.chars().count()).then(|| syllables.concat())
}

/// The pinyin of a given name of two syllables or more and six letters or more (haitao of 郑海涛,
/// jianguo; not ming or lina): an account or a tag (HaiTao, haitao1988) names the person too.
fn given_pinyin(name: &str) -> Vec<String> {
    let mut out: Vec<String> = name_readings(name)
        .into_iter()
        .filter(|(v, k)| *k > 0 && v.len() - *k >= 2)
        .map(|(v, k)| v[k..].concat())
        .filter(|g| g.len() >= 6)
        .collect();
    out.sort();
    out.dedup();
    out
}

/// What [`pinyin_spellings_in`] looks for of a full name: surname and given name, either way
/// round (zhenghaitao, haitaozheng); none when shorter than five letters.
fn name_pinyin_targets(name: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (syllables, k) in name_readings(name) {
        if k == 0 || k >= syllables.len() {
            continue;
        }
        let (s, g) = (syllables[..k].concat(), syllables[k..].concat());
        if s.len() + g.len() >= 5 {
            out.extend([format!("{s}{g}"), format!("{g}{s}")]);
        }
    }
    out.sort();
    out.dedup();
    out
}

/// The pinyin spellings of `targets` (letters only, lower case) as they stand in `texts`, however written: either order
/// (zhenghaitao, hai-tao-zheng), up to four separators between syllables (zheng.haitao, Zheng
/// Hai-tao, zheng_hai_tao, `Zheng, Haitao`, zheng+haitao, ZHENG/HAITAO, a line break), tone marks or tone numbers (Zhèng Hǎitāo, zheng4 hai3 tao1), any case, with
/// the digits or letters of the word around it (zhenghaitao1988). Each is the text's own
/// spelling, from the first letter of the word to its last, so it is replaced as written. A
/// spelling must begin and end a word or a syllable written apart (carolina does not hold lina).
fn pinyin_spellings_in(targets: &[String], texts: &[&str]) -> Vec<String> {
    use unicode_normalization::UnicodeNormalization;
    let Some(shortest) = targets.iter().map(String::len).min() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for text in texts {
        if !text.bytes().any(|b| b.is_ascii_alphabetic()) {
            continue;
        }
        // The text's Latin letters, lower case and without tone marks, with where each is.
        let mut letters: Vec<u8> = Vec::new();
        let mut at: Vec<(usize, usize)> = Vec::new();
        for (i, c) in text.char_indices() {
            let base = if c.is_ascii_alphabetic() {
                Some(c)
            } else if c.is_alphabetic() && !c.is_ascii() && (c as u32) < 0x250 {
                c.nfd().next().filter(char::is_ascii_alphabetic)
            } else {
                None
            };
            if let Some(b) = base {
                letters.push(b.to_ascii_lowercase() as u8);
                at.push((i, i + c.len_utf8()));
            }
        }
        if letters.len() < shortest {
            continue;
        }
        let upper = |i: usize| text[i..].chars().next().is_some_and(char::is_uppercase);
        for t in targets {
            for m in memchr::memmem::find_iter(&letters, t.as_bytes()) {
                let (first, last) = (m, m + t.len() - 1);
                // Consecutive letters of the spelling: at most two separators or tone digits
                // between them.
                let joined = (first..last).all(|j| {
                    let gap = &text[at[j].1..at[j + 1].0];
                    gap.len() <= 4
                        && gap.chars().all(|c| {
                            matches!(c, '-' | '_' | '.' | '\'' | ',' | '+' | '/' | '1'..='5')
                                || c.is_whitespace()
                                || c.is_control()
                        })
                });
                // A word or a syllable written apart (ZhengHaitao) starts and ends there.
                // A Latin letter goes on the word; a Han character (网名haitao1988) does not.
                let latin = |c: char| c.is_alphabetic() && !pa::is_han(c);
                let starts = at[first].0 == 0
                    || !text[..at[first].0].chars().next_back().is_some_and(latin)
                    || (upper(at[first].0) && !upper(at[first - 1].0));
                let ends = !text[at[last].1..].chars().next().is_some_and(latin)
                    || (last + 1 < at.len()
                        && at[last + 1].0 == at[last].1
                        && upper(at[last + 1].0));
                if !(joined && starts && ends) {
                    continue;
                }
                // The word's letters and digits around it go too (zhenghaitao1988).
                let word = |c: char| c.is_ascii_alphanumeric();
                let mut a = at[first].0;
                while let Some(c) = text[..a].chars().next_back().filter(|&c| word(c)) {
                    a -= c.len_utf8();
                }
                let mut b = at[last].1;
                while let Some(c) = text[b..].chars().next().filter(|&c| word(c)) {
                    b += c.len_utf8();
                }
                out.push(text[a..b].to_string());
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

fn pinyin_variants(name: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (syllables, k) in name_readings(name) {
        out.extend([syllables.concat(), syllables.join("-"), syllables.join("_")]);
        // Surname and given name apart, either way round (zhang-jianguo, jianguo_zhang), and the
        // given name's initials (zhangjg): the spellings people use for accounts and file names.
        if k > 0 && k < syllables.len() {
            let (s, g) = (syllables[..k].concat(), syllables[k..].concat());
            for sep in ["-", "_"] {
                out.push(format!("{s}{sep}{g}"));
                out.push(format!("{g}{sep}{s}"));
            }
            out.push(format!("{g}{s}"));
            if syllables.len() - k >= 2 {
                let initials: String = syllables[k..]
                    .iter()
                    .filter_map(|x| x.chars().next())
                    .collect();
                out.push(format!("{s}{initials}"));
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

/// The output audit, prepared once per build from the anonymize stage's report and then applied
/// to each file as it is produced (so the bytes are scanned once, right before they are written).
pub struct Audit {
    /// Files the cases link to as written ([`Report::linked`]).
    linked: HashSet<String>,
    auditor: pa::Auditor,
    path_auditor: pa::Auditor,
    scoped: ScopedAudit,
    /// A page's output folder (`cases/a/`) → its source file, so an audit error says which page
    /// to fix.
    sources: HashMap<String, PathBuf>,
}

impl Audit {
    /// `None` when the build anonymized nothing, so there is nothing to look for.
    pub fn new(report: &Report, sources: HashMap<String, PathBuf>) -> Option<Self> {
        if report.cases == 0 {
            return None;
        }
        let path_terms: Vec<pa::AuditTerm> = report
            .terms
            .iter()
            .filter(|t| {
                !matches!(
                    t.category,
                    pa::Category::IdNumber | pa::Category::Mobile | pa::Category::BankCard
                )
            })
            .flat_map(|t| {
                pinyin_variants(&t.text).into_iter().map(|v| pa::AuditTerm {
                    text: v,
                    category: t.category,
                })
            })
            .collect();
        Some(Audit {
            linked: report.linked.iter().cloned().collect(),
            auditor: pa::Auditor::with_allowed(report.terms.clone(), &report.allowed),
            path_auditor: pa::Auditor::new(path_terms).digits_split_words(),
            scoped: ScopedAudit::new(&report.scoped, &report.allowed),
            sources,
        })
    }

    /// Every leak in one file's name and (when held in memory) its bytes; empty when clean.
    pub fn file(&self, f: &OutputFile) -> Vec<Diagnostic> {
        self.file_read(f, None)
    }

    /// [`Self::file`], with the bytes of a copied file already read (`serve` keeps exactly the
    /// bytes it audited).
    pub fn file_read(&self, f: &OutputFile, read: Option<&[u8]>) -> Vec<Diagnostic> {
        let mut leaks = Vec::new();
        let path = f.path.to_lowercase();
        // A name split over folders (张/建/国.png) is read run together too.
        let joined: String = path.chars().filter(|&c| c != '/').collect();
        let mut found = self.auditor.scan(f.path.as_bytes(), false);
        found.extend(self.path_auditor.scan(path.as_bytes(), false));
        if joined.len() < path.len() {
            for l in self
                .auditor
                .scan(joined.as_bytes(), false)
                .into_iter()
                .chain(self.path_auditor.scan(joined.as_bytes(), false))
            {
                if !found.iter().any(|x| x.masked_term == l.masked_term) {
                    found.push(l);
                }
            }
        }
        for l in found {
            leaks.push((
                format!(
                    "its file name contains {} ({})",
                    l.masked_term,
                    l.category.label_zh()
                ),
                Some(l.category),
            ));
        }
        // A file published as it is names nobody either: its name is not in any page's text,
        // whose given names are audited where the page shows.
        if let Body::Copy(_) = &f.body
            && self.linked.contains(&f.path)
        {
            for t in self.scoped.in_file_name(&f.path) {
                leaks.push((
                    format!("its file name contains {} (当事人名字或别称)", pa::mask(&t)),
                    Some(pa::Category::GivenName),
                ));
            }
        }
        // A copied file (static/, a loose asset) is read for the audit like any other: the
        // build publishes its bytes, so they are checked too.
        let copied;
        let bytes = match &f.body {
            Body::Copy(_) if read.is_some() => read,
            Body::Copy(src) => match std::fs::read(src) {
                Ok(b) => {
                    copied = b;
                    Some(&copied[..])
                }
                Err(e) => {
                    leaks.push((
                        format!("nothing: it cannot be read for the audit ({e})"),
                        None,
                    ));
                    None
                }
            },
            body => body.bytes(),
        };
        // The page the file belongs to (its copy under zh-hant/ too, its print view and its
        // bundle's files): the deepest folder of its path that is a page's.
        let rel = f.path.strip_prefix("zh-hant/").unwrap_or(&f.path);
        let page = rel
            .char_indices()
            .filter(|&(_, c)| c == '/')
            .rev()
            .find_map(|(i, _)| self.sources.get(&rel[..=i]))
            .cloned();
        if let Some(b) = bytes {
            // One read of the file for the terms and the given names.
            let (found, given) = self.auditor.scan_also(b, true, self.scoped.terms());
            for l in found {
                leaks.push((
                    format!(
                        "{} ({}) at byte {}: …{}…",
                        l.masked_term,
                        l.category.label_zh(),
                        l.offset,
                        l.context
                    ),
                    Some(l.category),
                ));
            }
            for (term, at) in self.scoped.scan(b, given, page.as_deref()) {
                leaks.push((
                    format!("{} (当事人名字或别称) at byte {at}", pa::mask(&term)),
                    Some(pa::Category::GivenName),
                ));
            }
            // Percent escapes of GBK bytes (weibo.com/%D6%A3%BA%A3%CC%CE, a data: URI with
            // charset=gbk) read as the characters they are in that encoding.
            if let Some(text) = gbk_percent_text(b) {
                for l in self.auditor.scan(text.as_bytes(), true) {
                    leaks.push((
                        format!(
                            "{} ({}) in a percent-escaped link read as GBK",
                            l.masked_term,
                            l.category.label_zh()
                        ),
                        Some(l.category),
                    ));
                }
            }
            // A file published as it is may be text in another encoding (UTF-16 with its
            // byte-order mark, as Windows Notepad saves; GBK): read as the browser would.
            if let Body::Copy(_) = &f.body
                && let Some((text, encoding)) = legacy_text(b)
            {
                for l in self.auditor.scan(text.as_bytes(), true) {
                    leaks.push((
                        format!(
                            "{} ({}) in its text read as {encoding}",
                            l.masked_term,
                            l.category.label_zh()
                        ),
                        Some(l.category),
                    ));
                }
            }
        }
        let source = match &f.body {
            Body::Copy(src) => Some(src.clone()),
            _ => None,
        };
        // The output path is made from the page's text: it may hold the name too, so its Han
        // characters are not shown (the source to fix is named below).
        let shown: String = f
            .path
            .chars()
            .map(|c| if pa::is_han(c) { '□' } else { c })
            .collect();
        leaks
            .into_iter()
            .map(|(msg, category)| {
                let d = Diagnostic::error(format!(
                    "privacy audit: output file {shown} would leak {msg}"
                ));
                match &source {
                    // Copied as it is: only the file itself can be fixed.
                    Some(src) => d.at(src).help(
                        "nothing was written. This file is published as it is: remove the personal information from it (rename it when its name holds it; for an image, clear its metadata too), then build again",
                    ),
                    None => match &page {
                        Some(src) => d.at(src),
                        None => d,
                    }
                    .help(audit_help(category)),
                }
            })
            .collect()
    }
}

/// `b` as text in an encoding other than UTF-8: UTF-16 with a byte-order mark, or GBK/GB18030
/// for bytes that are not UTF-8 and hold no NUL (binary files hold them); `None` otherwise.
/// The runs of percent escapes in `b` that are not UTF-8 but GBK (two or more escaped bytes,
/// one beyond ASCII), decoded and joined by line breaks; `None` when there are none.
fn gbk_percent_text(b: &[u8]) -> Option<String> {
    let hex = |x: Option<&u8>| x.and_then(|&x| (x as char).to_digit(16));
    let mut out = String::new();
    let mut i = 0;
    while let Some(k) = memchr::memchr(b'%', &b[i..]) {
        let start = i + k;
        let mut run = Vec::new();
        let mut j = start;
        while b.get(j) == Some(&b'%')
            && let (Some(h), Some(l)) = (hex(b.get(j + 1)), hex(b.get(j + 2)))
        {
            run.push((h * 16 + l) as u8);
            j += 3;
        }
        if run.len() >= 2 && run.iter().any(|&x| x >= 0x80) && std::str::from_utf8(&run).is_err() {
            let (text, bad) = encoding_rs::GBK.decode_without_bom_handling(&run);
            if !bad {
                out.push_str(&text);
                out.push('\n');
            }
        }
        i = j.max(start + 1);
    }
    (!out.is_empty()).then_some(out)
}

fn legacy_text(b: &[u8]) -> Option<(String, &'static str)> {
    if let Some((enc, bom)) = encoding_rs::Encoding::for_bom(b)
        && enc != encoding_rs::UTF_8
    {
        let (text, _) = enc.decode_without_bom_handling(&b[bom..]);
        return Some((text.into_owned(), enc.name()));
    }
    if std::str::from_utf8(b).is_ok() || memchr::memchr(0, b).is_some() {
        return None;
    }
    encoding_rs::GB18030
        .decode_without_bom_handling_and_without_replacement(b)
        .map(|t| (t.into_owned(), "GB18030"))
}

/// What to do about a leak of this category outside the case that replaced it.
fn audit_help(category: Option<pa::Category>) -> &'static str {
    use pa::Category as C;
    match category {
        Some(C::Party | C::Alias) => {
            "nothing was written. A case declares this name and replaced it there: rewrite this text too (e.g. 张某), or, where it is another person's or no name, put the words around it in [anonymize] keep; then build again"
        }
        Some(C::GivenName) => {
            "nothing was written. A case replaced this given name or alias of its party, and this file shows it beside that case (a list, term or feed page, or the case itself): rewrite the text that holds it, or, where it is an ordinary word here (文明 in 讲文明), put the word around it in [anonymize] keep; then build again"
        }
        Some(C::UndeclaredName) => {
            "nothing was written. A case found this name and replaced it there: rewrite this text too, or declare the person in that case's [[parties]] or [anonymize] keep; then build again"
        }
        Some(C::Address) => {
            "nothing was written. A case removed this address: remove it from this text too; then build again"
        }
        Some(_) => {
            "nothing was written. A case removed this number or account (or it is a valid ID, mobile or card number): remove it from this text too; then build again"
        }
        None => "nothing was written. Fix what the message says, then build again",
    }
}

/// Is byte `hit` in the card that holds byte `marker` (a case's title): the innermost `<article>`,
/// `<li>` or `<nav>` element open there, so a neighbour's title in the page's previous/next
/// links (`<nav><ul><li>`) is its own card, not the whole page around it. Where the marker is in
/// none of them (a theme without them, a title in the page's header), the whole file is its card.
fn same_card(bytes: &[u8], marker: usize, hit: usize) -> bool {
    match card_of(bytes, marker) {
        Some((open, close)) => open <= hit && hit < close,
        None => true,
    }
}

/// The innermost `<article>`, `<li>` or `<nav>` element open at byte `marker`, as a byte range
/// (see [`same_card`]); `None` where there is none.
fn card_of(bytes: &[u8], marker: usize) -> Option<(usize, usize)> {
    const ELEMENTS: [(&[u8], &[u8]); 3] = [
        (b"<article", b"</article>"),
        (b"<li", b"</li>"),
        (b"<nav", b"</nav>"),
    ];
    let mut card: Option<(usize, usize)> = None;
    for (open_tag, close_tag) in ELEMENTS {
        let mut end = marker;
        // The nearest start tag before the marker (`<li` is not `<link`).
        let open = loop {
            let Some(o) = memchr::memmem::rfind(&bytes[..end], open_tag) else {
                break None;
            };
            match bytes.get(o + open_tag.len()) {
                Some(b'>' | b' ' | b'\t' | b'\n' | b'\r' | b'/') => break Some(o),
                _ => end = o,
            }
        };
        let Some(open) = open else { continue };
        if let Some(close) = memchr::memmem::find(&bytes[open..], close_tag).map(|k| open + k)
            && close > marker
            && card.is_none_or(|(o, _)| open > o)
        {
            card = Some((open, close));
        }
    }
    card
}

/// The audit of given names and aliases, scoped to files that carry their page's content: one
/// automaton over every page's markers (its title) and one over every page's terms, so each file
/// is scanned twice in all, whatever the number of pages.
struct ScopedAudit {
    /// Markers of every page; pattern index → page index.
    markers: Option<pa::OverlapScanner>,
    marker_owner: Vec<usize>,
    /// Pages without markers, whose terms are audited in every file (sorted).
    everywhere: Vec<usize>,
    /// Terms of every page (deduplicated); pattern index → the pages it belongs to.
    terms: Option<pa::OverlapScanner>,
    term_text: Vec<String>,
    term_owners: Vec<Vec<usize>>,
    allowed: Vec<String>,
    /// Each page's source file.
    owner_file: Vec<PathBuf>,
}

impl ScopedAudit {
    fn new(scoped: &[Scoped], allowed: &[String]) -> Self {
        let mut pats = Vec::new();
        let mut marker_owner = Vec::new();
        let mut everywhere = Vec::new();
        let mut owners: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for (i, s) in scoped.iter().enumerate() {
            if s.markers.is_empty() {
                everywhere.push(i);
            }
            for m in &s.markers {
                pats.push(m.clone());
                marker_owner.push(i);
            }
            for t in &s.terms {
                owners.entry(t.as_str()).or_default().push(i);
            }
        }
        let build = |p: &[&str]| {
            if p.is_empty() {
                None
            } else {
                Some(pa::OverlapScanner::new(p))
            }
        };
        let marker_refs: Vec<&str> = pats.iter().map(String::as_str).collect();
        let term_refs: Vec<&str> = owners.keys().copied().collect();
        ScopedAudit {
            markers: build(&marker_refs),
            marker_owner,
            everywhere,
            terms: build(&term_refs),
            term_text: term_refs.iter().map(|t| t.to_string()).collect(),
            term_owners: owners.into_values().collect(),
            allowed: allowed.to_vec(),
            owner_file: scoped.iter().map(|s| s.file.clone()).collect(),
        }
    }

    /// The scanner of the given names and aliases, when there is anything to audit (terms and
    /// the markers that scope them): the auditor reads it along with its own terms.
    fn terms(&self) -> Option<&pa::OverlapScanner> {
        if self.markers.is_none() && self.everywhere.is_empty() {
            return None;
        }
        self.terms.as_ref()
    }

    /// `(term, offset)` of every given name or alias of a page whose content is in `bytes`;
    /// `hits`: where [`Self::terms`] occur in `bytes`. Terms first: they are rare in
    /// anonymized output, so most files need no marker scan.
    /// The given names and short aliases in the name of a file published as it is (a static
    /// file: 海涛家漏水.jpg), unless inside a kept string.
    fn in_file_name(&self, path: &str) -> Vec<String> {
        self.term_text
            .iter()
            .filter(|t| {
                path.contains(t.as_str())
                    && !self
                        .allowed
                        .iter()
                        .any(|a| a.contains(t.as_str()) && path.contains(a.as_str()))
            })
            .cloned()
            .collect()
    }

    /// `own`: the source of the page whose output this file is (its page, traditional copy and
    /// bundle files), which carries that page's given names anywhere in it.
    fn scan(&self, bytes: &[u8], hits: Vec<pa::Hit>, own: Option<&Path>) -> Vec<(String, usize)> {
        if hits.is_empty() {
            return Vec::new();
        }
        let found: Vec<(usize, usize)> = self
            .markers
            .as_ref()
            .map(|m| {
                m.find_all(bytes)
                    .into_iter()
                    .map(|(at, _, k)| (at, self.marker_owner[k as usize]))
                    .collect()
            })
            .unwrap_or_default();
        if found.is_empty() && self.everywhere.is_empty() {
            return Vec::new();
        }
        let mut present: Vec<usize> = found.iter().map(|&(_, o)| o).collect();
        present.extend_from_slice(&self.everywhere);
        present.sort_unstable();
        present.dedup();
        // In a feed each entry is its own page: a given name in another entry (an article on
        // 建国七十周年 beside the case of 张建国) is not that case's.
        let entries = feed_entries(bytes);
        let mut out = Vec::new();
        for (start, end, k) in hits {
            let k = k as usize;
            let owners = &self.term_owners[k];
            let carried = match entries.iter().find(|&&(a, b)| a <= start && start < b) {
                Some(&(a, b)) => {
                    found
                        .iter()
                        .any(|&(at, o)| a <= at && at < b && owners.contains(&o))
                        || owners
                            .iter()
                            .any(|o| self.everywhere.binary_search(o).is_ok())
                }
                // On a page of its own the case is everywhere but in another page's card (a
                // neighbour's title 国庆节后… in its previous/next links); elsewhere (lists, term
                // pages, another page's related cards) only in the card its title is in.
                None => owners.iter().any(|&o| {
                    let in_other_card = || {
                        found.iter().any(|&(at, w)| {
                            w != o
                                && card_of(bytes, at).is_some_and(|(a, b)| {
                                    a <= start
                                        && start < b
                                        && !found.iter().any(|&(m, v)| v == o && a <= m && m < b)
                                })
                        })
                    };
                    self.everywhere.binary_search(&o).is_ok()
                        || ((own.is_some_and(|f| self.owner_file.get(o).is_some_and(|x| x == f))
                            || found
                                .iter()
                                .any(|&(at, w)| w == o && same_card(bytes, at, start)))
                            && !in_other_card())
                }),
            };
            if !carried {
                continue;
            }
            let term = self.term_text[k].as_str();
            // Inside a statute's title (中华 of 王中华 in 《中华人民共和国民法典》) it is not the
            // person: the anonymizer leaves it there too.
            if pa::in_statute_title(bytes, start, end) || pa::in_figure_name(bytes, start, end) {
                continue;
            }
            // Inside a kept name (志刚 in the kept 严志刚) it is not a leak.
            let kept = self.allowed.iter().filter(|a| a.contains(term)).any(|a| {
                let from = start.saturating_sub(a.len());
                let to = (end + a.len()).min(bytes.len());
                bytes[from..to].windows(a.len()).any(|w| w == a.as_bytes())
            });
            if !kept {
                out.push((term.to_string(), start));
            }
        }
        out
    }
}

/// Each anonymized page's output folder (`cases/a/`) and source file, for the audit's errors.
pub fn page_sources(site: &Site) -> HashMap<String, PathBuf> {
    site.pages
        .iter()
        .filter(|p| p.meta.anon.enabled)
        .map(|p| (p.path.trim_start_matches('/').to_string(), p.file.clone()))
        .collect()
}

/// Byte ranges of a feed's entries (`<entry>…</entry>` in Atom, `<item>…</item>` in RSS); none
/// for any other file.
fn feed_entries(bytes: &[u8]) -> Vec<(usize, usize)> {
    let head = &bytes[..bytes.len().min(512)];
    let (open, close): (&[u8], &[u8]) = if memchr::memmem::find(head, b"<feed").is_some() {
        (b"<entry", b"</entry>")
    } else if memchr::memmem::find(head, b"<rss").is_some() {
        (b"<item", b"</item>")
    } else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(a) = memchr::memmem::find(&bytes[from..], open).map(|i| from + i) {
        let Some(b) = memchr::memmem::find(&bytes[a..], close).map(|i| a + i + close.len()) else {
            break;
        };
        out.push((a, b));
        from = b;
    }
    out
}

/// Is `path` inside a folder pufa built (its `index.html` names pufa as its generator)?
fn built_site_around(path: &Path) -> bool {
    path.ancestors().skip(1).take(12).any(|dir| {
        let mut head = [0u8; 4096];
        std::fs::File::open(dir.join("index.html"))
            .and_then(|mut f| std::io::Read::read(&mut f, &mut head))
            .is_ok_and(|n| {
                memchr::memmem::find(&head[..n], b"<meta name=\"generator\" content=\"pufa")
                    .is_some()
            })
    })
}

/// Write the editor's report (never inside the output folder).
pub fn write_report(
    report: &Report,
    path: &Path,
    out: &Path,
    root: &Path,
) -> Result<(), Diagnostic> {
    let abs = |p: &Path| {
        let p = if p.is_absolute() {
            p.to_path_buf()
        } else {
            std::env::current_dir().unwrap_or_default().join(p)
        };
        p.parent()
            .and_then(|d| std::fs::canonicalize(d).ok())
            .map(|d| d.join(p.file_name().unwrap_or_default()))
            .unwrap_or(p)
    };
    let out_abs = std::fs::canonicalize(out).unwrap_or_else(|_| abs(out));
    // The staging folder becomes the output at the swap; another folder holding a built site
    // (`-o dist` of an earlier build) is published too.
    let staging = ["pufa-staging", "pufa-old"]
        .map(|s| crate::output::sibling(&out_abs, s))
        .into_iter()
        .any(|d| abs(path).starts_with(&d));
    if abs(path).starts_with(&out_abs) || staging || built_site_around(&abs(path)) {
        return Err(Diagnostic::error(format!("the report {} would be inside the output folder", path.display()))
            .help("the report holds the original names: write it outside the published folder, e.g. --report anonymization-report.txt"));
    }
    // Nor where the next build would publish it.
    for dir in ["content", "static", "templates", "themes"] {
        let d = root.join(dir);
        let d = std::fs::canonicalize(&d).unwrap_or_else(|_| abs(&d));
        if abs(path).starts_with(&d) {
            return Err(Diagnostic::error(format!("the report {} would be inside the site's {dir}/ folder, which the next build publishes", path.display()))
                .help("the report holds the original names: write it outside content/, static/, templates/ and themes/, e.g. --report anonymization-report.txt"));
        }
    }
    std::fs::write(path, format_report(report))
        .map_err(|e| Diagnostic::error(format!("cannot write the report: {e}")).at(path))
}

/// The report as text: one line per replacement, then the warnings.
pub fn format_report(report: &Report) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "# pufa anonymization report (contains original names: do not publish)"
    );
    let _ = writeln!(
        s,
        "# {} anonymized pages, {} replacements, {} warnings",
        report.cases,
        report.entries.len(),
        report.warnings.len()
    );
    let mut by_file: BTreeMap<&Path, Vec<&Entry>> = BTreeMap::new();
    for e in &report.entries {
        by_file.entry(&e.file).or_default().push(e);
    }
    for (file, entries) in by_file {
        let _ = writeln!(s, "\n## {}", file.display());
        for e in entries {
            let loc = e
                .line
                .map(|l| format!("{}:{l}", file.display()))
                .unwrap_or_else(|| format!("{} [{}]", file.display(), e.field));
            let _ = writeln!(
                s,
                "{loc}\t{}\t{} → {}",
                e.category, e.original, e.replacement
            );
        }
    }
    if !report.warnings.is_empty() {
        let _ = writeln!(s, "\n## warnings");
        for w in &report.warnings {
            let _ = writeln!(s, "{w}");
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The label an `[extra]` key gives: its parts, camelCase too; an office's keys; not a part
    /// of another word.
    #[test]
    fn extra_keys_label_their_values() {
        for (key, label) in [
            ("qq", Some("QQ号")),
            ("homeTel", Some("联系电话")),
            ("faxNumber", Some("联系电话")),
            ("organizer_phone", Some("联系电话")),
            ("passportNo", Some("护照")),
            ("alipay_account", Some("支付宝账号")),
            ("tel_office", Some("街道办事处电话")),
            ("video_id", None),
            ("hotel", None),
            ("card_style", Some("银行账号")),
        ] {
            assert_eq!(extra_label(key), label, "{key}");
        }
    }

    /// In a feed a given name counts only in the entry that carries its case.
    #[test]
    fn given_names_in_a_feed_are_scoped_to_the_cases_entry() {
        let audit = ScopedAudit::new(
            &[Scoped {
                markers: vec!["张某漏水纠纷".into()],
                terms: vec!["建国".into()],
                file: "content/cases/a.md".into(),
            }],
            &[],
        );
        let scan = |doc: &str| {
            let terms = audit.terms().expect("terms");
            let hits = terms.find_all(doc.as_bytes());
            audit.scan(doc.as_bytes(), hits, None).len()
        };
        let feed = |second: &str| {
            format!(
                "<?xml version=\"1.0\"?><feed xmlns=\"http://www.w3.org/2005/Atom\"><title>站</title>\
                 <entry><title>张某漏水纠纷</title><summary>张某家漏水。</summary></entry>\
                 <entry><title>{second}</title></entry></feed>"
            )
        };
        assert_eq!(scan(&feed("庆祝建国七十周年")), 0, "another entry");
        let leaking = feed("x").replace("张某家漏水", "建国家漏水");
        assert_eq!(scan(&leaking), 1, "the case's own entry");
        // Any other file without cards: the whole file is the case's.
        assert_eq!(scan("<p>张某漏水纠纷</p><p>庆祝建国七十周年</p>"), 1);
        // A list of cards: only the case's own card.
        let cards = |a: &str, b: &str| {
            format!(
                "<main><ul><li><article class=\"card\"><h3>张某漏水纠纷</h3><p>{a}</p></article></li>\
                 <li><article class=\"card\"><h3>国庆</h3><p>{b}</p></article></li></ul></main>"
            )
        };
        assert_eq!(
            scan(&cards("张某家漏水。", "庆祝建国七十周年")),
            0,
            "another card"
        );
        assert_eq!(
            scan(&cards("建国家漏水。", "国庆")),
            1,
            "the case's own card"
        );
        // A neighbour's title in a page's previous/next links: that link is its card.
        let page = |body: &str| {
            format!(
                "<link rel=\"stylesheet\" href=\"/a.css\"><main><article class=\"page\"><h1>国庆长假的噪音</h1>\
                 <p>{body}</p><nav class=\"prev-next\"><ul><li class=\"prev\"><a href=\"/cases/a/\">\
                 张某漏水纠纷</a></li><li class=\"next\"><a href=\"/cases/c/\">别的</a></li></ul></nav>\
                 </article></main>"
            )
        };
        assert_eq!(scan(&page("2023年国庆长假")), 0, "a neighbour's link");
        let leaking = page("x").replace("张某漏水纠纷</a>", "张某漏水纠纷（建国）</a>");
        assert_eq!(scan(&leaking), 1, "in the link itself");
        // The case's own page carries it whole, cards or not.
        let doc = cards("张某家漏水。", "庆祝建国七十周年");
        let terms = audit.terms().expect("terms");
        let hits = terms.find_all(doc.as_bytes());
        assert_eq!(
            audit
                .scan(doc.as_bytes(), hits, Some(Path::new("content/cases/a.md")))
                .len(),
            1
        );
    }
}
