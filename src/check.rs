//! `pufa check`: what a build would publish, validated without writing anything. On top of every
//! build error and warning it finds broken internal links and anchors (law pages and convention
//! clause anchors included), missing images, and pages no other page links to.

use std::collections::{HashMap, HashSet};

use rayon::prelude::*;

use crate::build::Built;
use crate::config::Config;
use crate::diag::Diagnostic;
use crate::output::Body;

fn percent_decode(s: &str) -> String {
    crate::slug::percent_decode(s).unwrap_or_else(|| s.to_string())
}

/// `(attribute, value)` of every href/src in an HTML document.
fn links(html: &str) -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    for attr in ["href=\"", "src=\""] {
        let mut rest = html;
        while let Some(i) = rest.find(attr) {
            // Only real attributes: preceded by whitespace.
            let ok = i > 0 && rest.as_bytes()[i - 1].is_ascii_whitespace();
            rest = &rest[i + attr.len()..];
            let Some(end) = rest.find('"') else { break };
            if ok {
                out.push((
                    if attr.starts_with('h') {
                        "link"
                    } else {
                        "image"
                    },
                    rest[..end].replace("&amp;", "&"),
                ));
            }
            rest = &rest[end..];
        }
    }
    out
}

/// A relative link (`photo.jpg`, `../b/`) on the output file `from`, as a site path; `None` for
/// a link with a scheme (`https:`, `mailto:`, `tel:`, `data:`) or one leaving the site.
fn relative(from: &str, url: &str) -> Option<String> {
    if url.starts_with("//") {
        return None;
    }
    let dir = from.rsplit_once('/').map_or("", |(d, _)| d);
    let (path, suffix) = crate::script::resolve_relative(dir, url)?;
    Some(format!("{path}{suffix}"))
}

/// The output file a site path resolves to.
fn target_file(path: &str) -> String {
    let p = path.trim_start_matches('/');
    if p.is_empty() || p.ends_with('/') {
        format!("{p}index.html")
    } else if p.rsplit('/').next().is_some_and(|l| l.contains('.')) {
        p.to_string()
    } else {
        format!("{p}/index.html")
    }
}

/// Check links, anchors and reachability of a site built in memory.
pub fn check(built: &Built, config: &Config) -> Vec<Diagnostic> {
    let base = config.base();
    let html: HashMap<&str, &str> = built
        .files
        .iter()
        .filter(|f| f.path.ends_with(".html"))
        .filter_map(|f| match &f.body {
            Body::Bytes(b) => std::str::from_utf8(b).ok().map(|s| (f.path.as_str(), s)),
            Body::Text(s, _) => Some((f.path.as_str(), s.as_str())),
            Body::Copy(_) => None,
        })
        .collect();
    let files: HashSet<&str> = built.files.iter().map(|f| f.path.as_str()).collect();
    let ids: HashMap<&str, HashSet<String>> = html
        .par_iter()
        .map(|(path, text)| {
            let mut set = HashSet::new();
            let mut rest = *text;
            while let Some(i) = rest.find(" id=\"") {
                rest = &rest[i + 5..];
                if let Some(end) = rest.find('"') {
                    set.insert(rest[..end].to_string());
                    rest = &rest[end..];
                }
            }
            (*path, set)
        })
        .collect();
    let results: Vec<(Vec<Diagnostic>, Vec<String>)> = html
        .par_iter()
        .map(|(from, text)| {
            let mut diags = Vec::new();
            let mut targets = Vec::new();
            // The traditional copy's source is the page's.
            let source = built
                .sources
                .get(*from)
                .or_else(|| built.sources.get(from.strip_prefix("zh-hant/")?))
                .map(|p| p.display().to_string());
            for (kind, url) in links(text) {
                let local = if let Some(rest) = url.strip_prefix(base) {
                    rest.to_string()
                } else if url.starts_with('/') && !url.starts_with("//") {
                    url.clone()
                } else if url.starts_with('#') {
                    format!("/{}{url}", from.trim_end_matches("index.html"))
                } else if let Some(joined) = relative(from, &url) {
                    joined
                } else {
                    continue;
                };
                let (path, anchor) = match local.split_once('#') {
                    Some((p, a)) => (p.to_string(), Some(percent_decode(a))),
                    None => (local.clone(), None),
                };
                let path = percent_decode(path.split('?').next().unwrap_or(""));
                let file = target_file(&path);
                let where_ = source.clone().unwrap_or_else(|| format!("public/{from}"));
                if !files.contains(file.as_str()) {
                    let what = if kind == "image" { "missing image" } else { "broken link" };
                    diags.push(
                        Diagnostic::error(format!("{what} to {path} (on {from})"))
                            .at(&where_)
                            .help("fix the link, or create the page it points to"),
                    );
                    continue;
                }
                // A page's canonical and alternate links point at itself: that is not reachability.
                if file != *from {
                    targets.push(file.clone());
                }
                if let Some(a) = anchor
                    && !a.is_empty()
                    && ids.get(file.as_str()).is_some_and(|set| !set.contains(&a))
                {
                    diags.push(
                        Diagnostic::error(format!("broken anchor #{a}: {path} has no element with that id (on {from})"))
                            .at(&where_)
                            .help("heading ids are the heading text (基本案情); convention clauses are #tiao-N"),
                    );
                }
            }
            (diags, targets)
        })
        .collect();
    let mut diags = Vec::new();
    let mut linked: HashSet<String> = HashSet::new();
    for (d, t) in results {
        diags.extend(d);
        linked.extend(t);
    }
    for (path, source) in &built.sources {
        if !linked.contains(path) && path != "index.html" {
            diags.push(
                Diagnostic::warning(format!("no page links to {path}"))
                    .at(source)
                    .help("readers can only reach it by its address: list it in a section, or link it from another page"),
            );
        }
    }
    diags.sort_by(|a, b| a.path.cmp(&b.path).then(a.message.cmp(&b.message)));
    diags.dedup();
    diags
}

/// Diagnostics as JSON for CI.
pub fn to_json(errors: &[Diagnostic], warnings: &[Diagnostic]) -> String {
    let item = |d: &Diagnostic| {
        serde_json::json!({
            "file": d.path.as_ref().map(|p| p.display().to_string()),
            "line": d.line, "column": d.column,
            "message": d.message, "help": d.help,
        })
    };
    let v = serde_json::json!({
        "ok": errors.is_empty(),
        "errors": errors.iter().map(item).collect::<Vec<_>>(),
        "warnings": warnings.iter().map(item).collect::<Vec<_>>(),
    });
    serde_json::to_string_pretty(&v).unwrap_or_else(|_| "{}".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_links_and_resolves_paths() {
        let l = links(
            r#"<a href="/a/">x</a><img src="b.png"><link rel="x" href="/c.css"><p data-href="/no/">"#,
        );
        assert_eq!(l.len(), 3);
        assert_eq!(target_file("/a/"), "a/index.html");
        assert_eq!(
            target_file("/tags/%E6%BC%8F%E6%B0%B4/").len(),
            "tags/%E6%BC%8F%E6%B0%B4/index.html".len()
        );
        assert_eq!(percent_decode("/tags/%E6%BC%8F%E6%B0%B4/"), "/tags/漏水/");
        assert_eq!(target_file("/404.html"), "404.html");
        let rel = |url: &str| relative("cases/a/index.html", url);
        assert_eq!(rel("photo.jpg").as_deref(), Some("/cases/a/photo.jpg"));
        assert_eq!(rel("./img/p.png").as_deref(), Some("/cases/a/img/p.png"));
        assert_eq!(rel("../b/").as_deref(), Some("/cases/b/"));
        assert_eq!(rel("../../../x").as_deref(), None);
        for url in [
            "https://x.org/",
            "mailto:a@b.c",
            "tel:12348",
            "data:image/png;base64,AA",
            "//cdn/x",
        ] {
            assert_eq!(rel(url), None, "{url}");
        }
    }
}
