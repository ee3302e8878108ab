//! Resident conventions beyond their text: the procedure record (征集民意 → 拟订草案 → 审核 → 表决 →
//! 备案 → 公布), the history of a convention kept as one file per version in a `versions = true`
//! section with a readable diff between consecutive versions, the printable notice-board page,
//! and a lint for penalty clauses the 2018 guidance forbids (fines, cutting off benefits).

use regex::Regex;
use serde_json::{Value, json};
use similar::{ChangeTag, TextDiff};
use std::sync::LazyLock;

use crate::config::Config;
use crate::diag::Diagnostic;
use crate::meta::{ConventionMeta, KindMeta, PROCEDURE_STEPS};
use crate::site::{Page, Site};

static PENALTY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"罚款|罚金|处以[^。；]{0,8}罚|扣(除|发|减)[^。；]{0,10}(补贴|福利|分红|待遇|工资)|取消[^。；]{0,12}(待遇|福利|补贴|资格|分红|低保|救助)|不得享受|不予享受|停止[^。；]{0,6}(供水|供电|供气)|断(水|电)|没收|开除[^。；]{0,4}(村籍|户籍)|不予办理")
        .expect("valid regex")
});

/// Warnings for clauses that impose fines or cut off benefits.
pub fn lint(site: &Site) -> Vec<Diagnostic> {
    use rayon::prelude::*;
    site.pages.par_iter().flat_map_iter(lint_page).collect()
}

/// The warnings of one page (none unless it is a convention).
fn lint_page(p: &Page) -> Vec<Diagnostic> {
    if !matches!(p.meta.kind, Some(KindMeta::Convention(_))) {
        return Vec::new();
    }
    let units: Vec<(String, &str)> = if p.rendered.clauses.is_empty() {
        p.rendered
            .text
            .lines()
            .enumerate()
            .map(|(i, l)| (format!("第{}段", i + 1), l))
            .collect()
    } else {
        p.rendered
            .clauses
            .iter()
            .map(|c| {
                (
                    format!("第{}条", pufa_statute::int_to_cn(c.number)),
                    c.text.as_str(),
                )
            })
            .collect()
    };
    let mut out = Vec::new();
    for (name, text) in units {
        if let Some(m) = PENALTY
            .find_iter(text)
            .find(|m| imposes(text, m.start(), m.end()))
        {
            out.push(
                Diagnostic::warning(format!("{name} looks like a penalty (“{}”): the 2018 guidance on 村规民约 and 居民公约 forbids fines and cutting off benefits", m.as_str()))
                    .at(&p.file)
                    .help("rewrite the clause as 批评教育, 劝导 or 评比表彰; conventions may not impose fines or withhold benefits"),
            );
        }
    }
    out
}

/// Does the penalty at `start..end` of a clause impose it? Not where its sentence forbids it
/// (本公约不设罚款，不得以任何理由对居民罚款) or says what the law lets an authority do (由公安机关
/// 依法处以罚款, 依照《治安管理处罚法》…).
fn imposes(text: &str, start: usize, end: usize) -> bool {
    const STOPS: &[char] = &['。', '；', ';', '！', '？', '\n'];
    let from = text[..start]
        .char_indices()
        .rev()
        .find(|(_, c)| STOPS.contains(c))
        .map_or(0, |(i, c)| i + c.len_utf8());
    let to = text[end..].find(STOPS).map_or(text.len(), |i| end + i);
    let before = &text[from..start];
    let sentence = &text[from..to];
    const NOT: &[&str] = &[
        "不得", "不设", "禁止", "严禁", "不准", "不能", "不应", "不可", "无权", "不许", "杜绝",
    ];
    const LAW: &[&str] = &[
        "依法",
        "依照",
        "根据《",
        "按照《",
        "公安机关",
        "有关部门",
        "执法",
    ];
    !(NOT.iter().any(|w| before.contains(w)) || LAW.iter().any(|w| sentence.contains(w)))
}

/// The procedure record for templates: every step in order, filled from `[procedure]` or, when
/// that is absent, from `adopted`, `vote` and `filed_with`.
pub fn procedure_value(c: &ConventionMeta) -> Value {
    let mut steps: Vec<Value> = Vec::new();
    for &(key, label) in PROCEDURE_STEPS {
        let step = c.procedure.iter().find(|s| s.key == key);
        let mut details: Vec<Value> = step
            .map(|s| {
                s.details
                    .iter()
                    .map(|(l, v)| json!({"label": l, "value": v}))
                    .collect()
            })
            .unwrap_or_default();
        let mut date = step.and_then(|s| s.date);
        if key == "vote" {
            date = date.or(c.adopted);
            if step.is_none()
                && let Some(v) = c.vote
            {
                details.push(json!({"label": "赞成", "value": v.for_.to_string()}));
                details.push(json!({"label": "反对", "value": v.against.to_string()}));
                details.push(json!({"label": "弃权", "value": v.abstain.to_string()}));
            }
        }
        if key == "filing" && step.is_none() && !c.filed_with.is_empty() {
            details.push(json!({"label": "机关", "value": c.filed_with}));
        }
        let done = date.is_some() || !details.is_empty();
        steps.push(json!({"key": key, "label": label, "date": date.map(|d| d.iso()), "date_zh": date.map(|d| d.zh()), "details": details, "done": done}));
    }
    Value::Array(steps)
}

/// Paragraph text without a leading 第X条, so renumbering alone is not reported as a change.
fn strip_number(line: &str) -> &str {
    let t = line.trim();
    if pufa_statute::clause_number(t).is_some()
        && let Some(i) = t.find(['条', '條'])
    {
        return t[i + '条'.len_utf8()..].trim_start();
    }
    t
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Character-level marks of a changed paragraph: (old with <del>, new with <ins>).
fn inline_diff(old: &str, new: &str) -> (String, String) {
    let diff = TextDiff::from_chars(old, new);
    let (mut o, mut n) = (String::new(), String::new());
    // Runs of one tag, so a changed phrase is one mark rather than one per character.
    let mut runs: Vec<(ChangeTag, String)> = Vec::new();
    for change in diff.iter_all_changes() {
        match runs.last_mut() {
            Some((tag, text)) if *tag == change.tag() => text.push_str(change.value()),
            _ => runs.push((change.tag(), change.value().to_string())),
        }
    }
    for (tag, text) in runs {
        let v = escape(&text);
        match tag {
            ChangeTag::Equal => {
                o.push_str(&v);
                n.push_str(&v);
            }
            ChangeTag::Delete => o.push_str(&format!("<del>{v}</del>")),
            ChangeTag::Insert => n.push_str(&format!("<ins>{v}</ins>")),
        }
    }
    (o, n)
}

/// Changes from one version's text to the next: `[{kind: added|removed|changed, old, new}]`.
pub fn diff(old_text: &str, new_text: &str) -> Vec<Value> {
    let old: Vec<&str> = old_text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let new: Vec<&str> = new_text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let old_keys: Vec<&str> = old.iter().map(|l| strip_number(l)).collect();
    let new_keys: Vec<&str> = new.iter().map(|l| strip_number(l)).collect();
    let ops = similar::capture_diff_slices(similar::Algorithm::Myers, &old_keys, &new_keys);
    let mut out = Vec::new();
    for op in ops {
        let (tag, o, n) = op.as_tag_tuple();
        match tag {
            similar::DiffTag::Equal => {}
            similar::DiffTag::Delete => out.extend(
                old[o]
                    .iter()
                    .map(|l| json!({"kind": "removed", "old": escape(l), "new": ""})),
            ),
            similar::DiffTag::Insert => out.extend(
                new[n]
                    .iter()
                    .map(|l| json!({"kind": "added", "old": "", "new": escape(l)})),
            ),
            similar::DiffTag::Replace => {
                // Pair each old paragraph with the most similar later new one (in order), so an
                // inserted clause is "added" rather than "changed" against its neighbour.
                let (olds, news) = (&old[o.clone()], &new[n.clone()]);
                let (okeys, nkeys) = (&old_keys[o], &new_keys[n]);
                let mut next_new = 0;
                for (k, a) in olds.iter().enumerate() {
                    let best = (next_new..news.len())
                        .map(|j| (j, TextDiff::from_chars(okeys[k], nkeys[j]).ratio()))
                        .filter(|(_, r)| *r >= 0.5)
                        .max_by(|x, y| x.1.total_cmp(&y.1));
                    match best {
                        Some((j, _)) => {
                            for b in &news[next_new..j] {
                                out.push(json!({"kind": "added", "old": "", "new": escape(b)}));
                            }
                            let (x, y) = inline_diff(a, news[j]);
                            out.push(json!({"kind": "changed", "old": x, "new": y}));
                            next_new = j + 1;
                        }
                        None => out.push(json!({"kind": "removed", "old": escape(a), "new": ""})),
                    }
                }
                for b in &news[next_new..] {
                    out.push(json!({"kind": "added", "old": "", "new": escape(b)}));
                }
            }
        }
    }
    out
}

fn version_label(p: &Page, c: &ConventionMeta) -> String {
    if !c.version.is_empty() {
        c.version.clone()
    } else if let Some(d) = c.adopted.or(p.meta.date) {
        format!("{}年版", d.year())
    } else {
        p.meta.title.clone()
    }
}

/// The versions of each `versions = true` section, oldest first: section index → page indices.
pub fn histories(site: &Site) -> Vec<(usize, Vec<usize>)> {
    let mut out = Vec::new();
    for (si, s) in site.sections.iter().enumerate() {
        if !s.meta.versions {
            continue;
        }
        let mut pages: Vec<usize> = s
            .pages
            .iter()
            .copied()
            .filter(|&p| matches!(site.pages[p].meta.kind, Some(KindMeta::Convention(_))))
            .collect();
        let key = |p: usize| match &site.pages[p].meta.kind {
            Some(KindMeta::Convention(c)) => c.adopted.or(site.pages[p].meta.date),
            _ => None,
        };
        pages.sort_by(|&a, &b| {
            key(a)
                .cmp(&key(b))
                .then(site.pages[a].rel.cmp(&site.pages[b].rel))
        });
        if !pages.is_empty() {
            out.push((si, pages));
        }
    }
    out
}

/// History data for templates: versions (with the current one marked) and the diffs between
/// consecutive versions, newest first.
pub fn history_value(site: &Site, config: &Config, versions: &[usize]) -> Value {
    let conv = |p: usize| match &site.pages[p].meta.kind {
        Some(KindMeta::Convention(c)) => Some(c),
        _ => None,
    };
    let in_force =
        |p: usize| conv(p).is_some_and(|c| c.status == "表决通过" || c.status == "已备案");
    let current = versions
        .iter()
        .rev()
        .copied()
        .find(|&p| in_force(p))
        .or(versions.last().copied());
    let list: Vec<Value> = versions
        .iter()
        .rev()
        .filter_map(|&p| {
            let c = conv(p)?;
            let page = &site.pages[p];
            Some(json!({"label": version_label(page, c), "status": c.status, "adopted_zh": c.adopted.map(|d| d.zh()), "permalink": config.url(&page.path), "path": page.path, "current": Some(p) == current}))
        })
        .collect();
    let diffs: Vec<Value> = versions
        .windows(2)
        .rev()
        .filter_map(|w| {
            let (a, b) = (w[0], w[1]);
            let (ca, cb) = (conv(a)?, conv(b)?);
            Some(json!({
                "from": version_label(&site.pages[a], ca),
                "to": version_label(&site.pages[b], cb),
                "to_path": site.pages[b].path,
                "changes": diff(&site.pages[a].rendered.text, &site.pages[b].rendered.text),
            }))
        })
        .collect();
    json!({"versions": list, "diffs": diffs, "current_path": current.map(|p| site.pages[p].path.clone())})
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diff_ignores_renumbering_and_marks_changes() {
        let old = "第一条 邻里和睦。\n第二条 爱护绿地。\n第三条 垃圾分类。\n";
        let new = "第一条 邻里和睦。\n第二条 文明养犬，及时清理。\n第三条 爱护绿地和公共设施。\n第四条 垃圾分类。\n";
        let d = diff(old, new);
        let kinds: Vec<&str> = d.iter().map(|c| c["kind"].as_str().unwrap_or("")).collect();
        assert_eq!(kinds, vec!["added", "changed"], "{d:?}");
        assert!(
            d[1]["new"]
                .as_str()
                .unwrap()
                .contains("<ins>和公共设施</ins>")
        );
        // An inserted clause before a changed one is "added", not paired with it.
        let old = "第五条 饲养宠物应当牵绳。\n第六条 本公约自通过之日起施行。\n";
        let new = "第五条 电动自行车停放在车棚，不进楼道。\n第六条 饲养宠物应当牵绳，及时清理。\n第七条 本公约自通过之日起施行。\n";
        let kinds: Vec<String> = diff(old, new)
            .iter()
            .map(|c| c["kind"].as_str().unwrap_or("").to_string())
            .collect();
        assert_eq!(kinds, vec!["added", "changed"]);
    }

    #[test]
    fn penalty_words_are_found() {
        for bad in [
            "违者罚款二百元",
            "取消其享受的各项补贴资格",
            "不得享受村集体分红",
            "对其停止供水",
        ] {
            assert!(PENALTY.is_match(bad), "{bad}");
        }
        for ok in ["对违反者进行批评教育", "评选文明家庭", "罚"] {
            assert!(!PENALTY.is_match(ok), "{ok}");
        }
    }

    /// A clause that forbids a penalty, or says what the law lets an authority do, imposes none.
    #[test]
    fn a_clause_forbidding_a_penalty_imposes_none() {
        let imposed = |t: &str| PENALTY.find_iter(t).any(|m| imposes(t, m.start(), m.end()));
        for ok in [
            "本公约不设罚款，不得以任何理由对居民罚款。",
            "任何人不得对住户停止供水。",
            "严禁取消困难户的低保待遇。",
            "扰乱公共秩序的，由公安机关依法处以罚款。",
            "违反《治安管理处罚法》的，依照该法处以罚款。",
        ] {
            assert!(!imposed(ok), "{ok}");
        }
        for bad in [
            "违者罚款二百元。",
            "不设门槛。违者罚款二百元。",
            "不得享受村集体分红",
        ] {
            assert!(imposed(bad), "{bad}");
        }
    }
}
