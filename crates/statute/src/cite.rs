//! Statute citations in running text (CONTENT-MODEL §5): a small hand-written
//! scanner over folded characters that finds 《…》第X条…, unbracketed table
//! names before 第, 本法/本条例…, and bare 第X条 inheriting the paragraph's law.
//!
//! Rules, in short:
//! - A law is named by a 《…》 title (〈…〉 may nest inside; the whole outer title
//!   is looked up, so an interpretation never resolves to the law it interprets),
//!   by a table name or alias written without 书名号, or by an abbreviation the
//!   document declares (（以下简称“X”）, （以下简称《X》）, (以下简称X)), which
//!   then holds for the rest of the document. Unbracketed names are gazetteer
//!   matches only, taken greedily left to right: "依据民法典" alone cites nothing.
//! - A named law becomes the paragraph's law; bare 第X条 and 本法/本条例/本解释/
//!   本规定/本规则/本公约/该法… inherit it (law `None` when nothing was named).
//!   The paragraph's law is reset at every line break, and a law named inside
//!   “…” quotes does not leak out of them (规定：“…《婚姻法》…同时废止。”).
//! - An unbracketed table name that merely ends a longer name starting with
//!   中华人民共和国 (中华人民共和国国防教育法) gives an unknown law, not 教育法.
//!   Without that prefix an unlisted name ending in a table name (国防教育法)
//!   is still read as the table law: sites should add such laws to the table.
//! - Only 第N条 (条/條) starts a citation, so 第一章, 第三节, 第三次, 第1号 and case
//!   numbers such as （2014）桂民一终字第21号 are never citations; 第 right after 字
//!   is skipped as a case number, and a bare 第一条 followed by 路/道/河… is a
//!   measure word. With [`Options::lines_are_articles`] a 第X条 at the start of a
//!   line is a clause heading, not a citation.
//! - Lists (、 ， 和 及 与 或 以及 或者) and ranges (至 到 — - ～) yield one
//!   [`Citation`] per article (or per 款/项 in 第X条第一款、第二款). Every
//!   citation of one range shares the range's span; list items have their own
//!   span, and only the first one's span includes the law name (`law_text` is
//!   set on all of them).

use crate::fold::fold_char;
use crate::laws::{LawRef, LawTable, norm_key};
use crate::numerals::{is_numeral, parse_chars};

/// One cited article (or paragraph/item of it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Citation {
    /// Byte range in the input of the whole citation text (law name included
    /// for the first citation of a chain). Citations expanded from one range
    /// share the same span.
    pub start: usize,
    pub end: usize,
    /// The resolved law, if the name is in the table (or inherited).
    pub law: Option<LawRef>,
    /// The law as written: `《民法典》`, `民法典`, `本法`; empty for a bare 第X条.
    pub law_text: String,
    /// 条.
    pub article: u32,
    /// 之X of an inserted article (第一百二十条之一 → 1).
    pub zhi: Option<u32>,
    /// 款.
    pub paragraph: Option<u32>,
    /// 项, as in 第（五）项.
    pub item: Option<u32>,
    /// A 《…》 title (as written, without the outer 书名号) that is not in the table.
    pub unknown_law: Option<String>,
}

/// Scanner options.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Options {
    /// The text is a convention/statute whose lines start with clause headings
    /// (第X条 …): such a heading is not a citation.
    pub lines_are_articles: bool,
}

/// Find all statute citations in `text`, in order of appearance.
pub fn parse_citations(text: &str, table: &LawTable) -> Vec<Citation> {
    parse_citations_with(text, table, Options::default())
}

/// [`parse_citations`] with options.
pub fn parse_citations_with(text: &str, table: &LawTable, opts: Options) -> Vec<Citation> {
    Scanner::new(text, table, opts).run()
}

/// What a name refers to.
#[derive(Debug, Clone, Default)]
struct Target {
    law: Option<LawRef>,
    unknown: Option<String>,
}

impl Target {
    fn known(law: LawRef) -> Self {
        Target {
            law: Some(law),
            unknown: None,
        }
    }

    fn unknown(title: &str) -> Self {
        Target {
            law: None,
            unknown: Some(title.to_string()),
        }
    }
}

#[derive(Debug, Clone, Copy)]
struct Unit {
    start: usize,
    end: usize,
    article: u32,
    zhi: Option<u32>,
    para: Option<u32>,
    item: Option<u32>,
}

/// Names of the host document or of the law named before (本法第十条), longest first.
const SELF_REFS: &str =
    "本条例 本解释 本规定 本规则 本公约 本办法 本决定 本章程 该条例 该解释 本法 该法 同法 本约";
/// Chars after a free-standing table name that show it is part of a longer word (劳动法律).
const WORD_CONT: &str = "律规学院系官界修";
/// Nouns counted with 条 (第一条路): a bare 第X条 followed by one is not a citation.
const MEASURED: &str = "路道街河线鱼狗船巷渠沟";
const MAX_RANGE: u32 = 500;

struct Scanner<'a> {
    text: &'a str,
    table: &'a LawTable,
    opts: Options,
    f: Vec<char>,
    off: Vec<usize>,
    /// Document-declared abbreviations (normalised), longest first.
    aliases: Vec<(Vec<char>, Target)>,
    out: Vec<Citation>,
}

impl<'a> Scanner<'a> {
    fn new(text: &'a str, table: &'a LawTable, opts: Options) -> Self {
        let (off, f): (Vec<usize>, Vec<char>) =
            text.char_indices().map(|(o, c)| (o, fold_char(c))).unzip();
        let mut off = off;
        off.push(text.len());
        Scanner {
            text,
            table,
            opts,
            f,
            off,
            aliases: Vec::new(),
            out: Vec::new(),
        }
    }

    fn at(&self, i: usize) -> char {
        self.f.get(i).copied().unwrap_or('\0')
    }

    /// The original text of chars `a..b`.
    fn slice(&self, a: usize, b: usize) -> &'a str {
        self.text.get(self.off[a]..self.off[b]).unwrap_or("")
    }

    fn skip_ws(&self, mut i: usize) -> usize {
        while matches!(self.at(i), ' ' | '\t' | '\u{3000}' | '\u{a0}') {
            i += 1;
        }
        i
    }

    fn run(mut self) -> Vec<Citation> {
        let mut ctx = Target::default();
        let mut saved = Vec::new(); // ctx outside each open “ quote
        let mut i = 0;
        while i < self.f.len() {
            let c = self.f[i];
            if c == '\n' {
                ctx = Target::default();
                saved.clear();
                i += 1;
            } else if let Some(close) = (c == '《').then(|| self.title_end(i)).flatten() {
                let title = self.slice(i + 1, close);
                let target = self.resolve_title(title);
                let j = self.declaration(close + 1, &target);
                ctx = target.clone();
                i = self.cite_after(i, j, &target, self.slice(i, close + 1));
            } else if c == '“' || c == '「' {
                saved.push(ctx.clone());
                i += 1;
            } else if c == '”' || c == '」' {
                ctx = saved.pop().unwrap_or(ctx);
                i += 1;
            } else if let Some((len, target)) = self.name_at(i) {
                // 中华人民共和国国防教育法: a longer, unknown name around a table name.
                let (start, target) = match self.prc_prefix(i) {
                    Some(p) => (p, Target::unknown(self.slice(p, i + len))),
                    None => (i, target),
                };
                let j = self.declaration(i + len, &target);
                let next = self.skip_ws(j);
                if self.at(next) == '第' || !WORD_CONT.contains(self.at(i + len)) {
                    ctx = target.clone();
                }
                i = self.cite_after(start, j, &target, self.slice(start, i + len));
            } else if let Some(len) = self.self_ref_at(i) {
                i = self.cite_after(i, i + len, &ctx.clone(), self.slice(i, i + len));
            } else if c == '第' {
                i = self.bare(i, &ctx.clone());
            } else {
                i += 1;
            }
        }
        self.out
    }

    /// Emit the chain at `j` (after optional whitespace) for a law named at
    /// `start`; return where scanning resumes.
    fn cite_after(&mut self, start: usize, j: usize, target: &Target, law_text: &str) -> usize {
        match self.chain(self.skip_ws(j)) {
            Some((units, end)) => {
                self.emit(Some(start), target, law_text, &units);
                end
            }
            None => j.max(start + 1),
        }
    }

    /// A bare 第 at `i`.
    fn bare(&mut self, i: usize, ctx: &Target) -> usize {
        let Some((units, end)) = self.chain(i) else {
            return i + 1;
        };
        let heading = self.opts.lines_are_articles && self.at_line_start(i);
        let case_no = i > 0 && self.f[i - 1] == '字';
        let Some(&u) = units.first() else {
            return i + 1;
        };
        let measure = units.len() == 1
            && u.para.is_none()
            && u.item.is_none()
            && MEASURED.contains(self.at(end));
        if heading || case_no || measure {
            return u.end;
        }
        self.emit(None, ctx, "", &units);
        end
    }

    fn at_line_start(&self, i: usize) -> bool {
        let before = &self.f[..i];
        let k = before.iter().rposition(|&c| c == '\n').map_or(0, |k| k + 1);
        before[k..]
            .iter()
            .all(|&c| c.is_whitespace() || "#>*-+".contains(c))
    }

    fn emit(&mut self, law_start: Option<usize>, target: &Target, law_text: &str, units: &[Unit]) {
        let first = units.first().map_or(0, |u| u.start);
        for u in units {
            let start = if u.start == first {
                law_start.unwrap_or(u.start)
            } else {
                u.start
            };
            self.out.push(Citation {
                start: self.off[start],
                end: self.off[u.end],
                law: target.law.clone(),
                law_text: law_text.to_string(),
                article: u.article,
                zhi: u.zhi,
                paragraph: u.para,
                item: u.item,
                unknown_law: target.unknown.clone(),
            });
        }
    }

    /// Index of the 》 closing the 《 at `i` (〈〉 and 《》 may nest).
    fn title_end(&self, i: usize) -> Option<usize> {
        let mut depth = 0usize;
        for (k, &c) in self.f.iter().enumerate().skip(i).take(120) {
            match c {
                '《' | '〈' => depth += 1,
                '》' | '〉' => {
                    depth = depth.checked_sub(1)?;
                    if depth == 0 {
                        return (c == '》' && k > i + 1).then_some(k);
                    }
                }
                '\n' => return None,
                _ => {}
            }
        }
        None
    }

    fn resolve_title(&self, title: &str) -> Target {
        let key: Vec<char> = norm_key(title).chars().collect();
        if let Some((_, t)) = self.aliases.iter().find(|(k, _)| *k == key) {
            return t.clone();
        }
        self.table
            .lookup(title)
            .map_or_else(|| Target::unknown(title), |e| Target::known(e.law_ref()))
    }

    /// The longest declared abbreviation or table name starting at `i`.
    fn name_at(&self, i: usize) -> Option<(usize, Target)> {
        let rest = &self.f[i..];
        let alias = self.aliases.iter().find(|(k, _)| rest.starts_with(k));
        let table = self.table.match_prefix(rest);
        match (alias, table) {
            (Some((k, t)), tb) if tb.is_none_or(|(len, _)| k.len() >= len) => {
                Some((k.len(), t.clone()))
            }
            (_, Some((len, e))) => Some((len, Target::known(e.law_ref()))),
            _ => None,
        }
    }

    /// Start of a `中华人民共和国` that begins the name running into `i`, when one
    /// to four chars stand between the two (so the full name is not a table name).
    fn prc_prefix(&self, i: usize) -> Option<usize> {
        const PRC: [char; 7] = ['中', '华', '人', '民', '共', '和', '国'];
        let run = (i.saturating_sub(20)..i)
            .rev()
            .take_while(|&k| is_han(self.f[k]))
            .last()?;
        let p = (run..i).find(|&k| self.f[k..i].starts_with(&PRC))?;
        (p + PRC.len() < i && i - p - PRC.len() <= 4).then_some(p)
    }

    fn self_ref_at(&self, i: usize) -> Option<usize> {
        if !matches!(self.f[i], '本' | '该' | '同') {
            return None;
        }
        let w = SELF_REFS.split(' ').find(|w| self.starts_with(i, w))?;
        Some(w.chars().count())
    }

    /// After a law name ending at `j`: consume a version note （2020年修正） or an
    /// abbreviation declaration （以下简称“X”）, registering X. Returns the new end.
    fn declaration(&mut self, j: usize, target: &Target) -> usize {
        let k = self.skip_ws(j);
        if self.at(k) != '(' {
            return j;
        }
        let close =
            (k + 1..self.f.len().min(k + 60)).find(|&m| matches!(self.f[m], ')' | '\n' | '('));
        let mut m = k + 1;
        let Some(kw) = ["以下简称", "以下称", "下称", "简称"]
            .iter()
            .find(|w| self.starts_with(m, w))
        else {
            let note: String = close.map_or(String::new(), |e| self.f[k + 1..e].iter().collect());
            let version = note.chars().any(|c| c.is_ascii_digit())
                || note.contains('修')
                || note.contains("失效");
            return match close {
                Some(e) if version && self.f[e] == ')' => self.declaration(e + 1, target),
                _ => j,
            };
        };
        m += kw.chars().count();
        while matches!(self.at(m), '为' | ':' | '：' | ' ' | '\u{3000}') {
            m += 1;
        }
        let (a, b, after) = match self.at(m) {
            '《' => match self.title_end(m) {
                Some(e) => (m + 1, e, e + 1),
                None => return j,
            },
            q @ ('“' | '"' | '「' | '‘' | '\'' | '『') => {
                let closer = match q {
                    '“' => '”',
                    '「' => '」',
                    '‘' => '’',
                    '『' => '』',
                    other => other,
                };
                match (m + 1..self.f.len().min(m + 40)).find(|&e| self.f[e] == closer) {
                    Some(e) => (m + 1, e, e + 1),
                    None => return j,
                }
            }
            _ => {
                let mut depth = 0usize;
                let e = (m..self.f.len().min(m + 40)).find(|&e| match self.f[e] {
                    '(' => {
                        depth += 1;
                        false
                    }
                    ')' if depth > 0 => {
                        depth -= 1;
                        false
                    }
                    c => c == ')' || c == '\n',
                });
                match e {
                    Some(e) => (m, e, e),
                    None => return j,
                }
            }
        };
        let end = self.skip_ws(after);
        if self.at(end) != ')' || a >= b {
            return j;
        }
        let key: Vec<char> = norm_key(self.slice(a, b)).chars().collect();
        if !key.is_empty() && !key.contains(&'\n') {
            self.aliases.retain(|(k, _)| *k != key);
            self.aliases.push((key, target.clone()));
            self.aliases.sort_by_key(|a| std::cmp::Reverse(a.0.len()));
        }
        end + 1
    }

    fn starts_with(&self, i: usize, w: &str) -> bool {
        let mut k = i;
        w.chars().all(|c| {
            let ok = self.at(k) == c;
            k += 1;
            ok
        })
    }

    /// A numeral at `i` (whitespace around it skipped): (value, index after).
    fn number(&self, i: usize) -> Option<(u32, usize)> {
        let s = self.skip_ws(i);
        let e = (s..self.f.len().min(s + 16))
            .find(|&k| !is_numeral(self.f[k]))
            .unwrap_or(self.f.len().min(s + 16));
        let v = parse_chars(&self.f[s..e]).filter(|&v| v > 0)?;
        Some((v, self.skip_ws(e)))
    }

    /// 第N<unit> at `i`.
    fn numbered(&self, i: usize, unit: char) -> Option<(u32, usize)> {
        if self.at(i) != '第' {
            return None;
        }
        let (v, k) = self.number(i + 1)?;
        (self.at(k) == unit).then_some((v, k + 1))
    }

    /// 第（N）项, （N）项 or 第N项 at `i`.
    fn item(&self, i: usize) -> Option<(u32, usize)> {
        let k = if self.at(i) == '第' { i + 1 } else { i };
        if self.at(k) != '(' {
            return self.numbered(i, '项');
        }
        let (v, k) = self.number(k + 1)?;
        let k = self.skip_ws(if self.at(k) == ')' {
            k + 1
        } else {
            return None;
        });
        (self.at(k) == '项').then_some((v, k + 1))
    }

    /// 款, 项 and 目 after an article or paragraph ending at `j`.
    fn sub_units(&self, mut j: usize, unit: &mut Unit) -> usize {
        if let Some((p, k)) = self.numbered(j, '款') {
            unit.para = Some(p);
            j = k;
        }
        if let Some((v, k)) = self.item(j) {
            unit.item = Some(v);
            j = k;
        }
        self.numbered(j, '目').map_or(j, |(_, k)| k)
    }

    /// A full unit 第N条[之N][第N款][第（N）项][第N目] at `i` (第 optional unless
    /// `need_di`); 第288—296条 yields the whole range.
    fn full_unit(&self, i: usize, need_di: bool) -> Option<(Vec<Unit>, usize)> {
        let j = match self.at(i) {
            '第' => i + 1,
            _ if need_di => return None,
            _ => i,
        };
        let (article, mut j) = self.number(j)?;
        let mut range_to = None;
        if is_range_char(self.at(j)) {
            let k = (j..).find(|&k| !is_range_char(self.at(k))).unwrap_or(j);
            if let Some((b, k)) = self.number(k).filter(|&(_, k)| self.at(k) == '条') {
                range_to = Some(b);
                j = k;
            }
        }
        if self.at(j) != '条' {
            return None;
        }
        j += 1;
        let mut unit = Unit {
            start: i,
            end: j,
            article,
            zhi: None,
            para: None,
            item: None,
        };
        if self.at(j) == '之'
            && let Some((z, k)) = self.number(j + 1).filter(|&(z, _)| z < 100)
        {
            unit.zhi = Some(z);
            j = k;
        }
        let mut units = vec![unit];
        if let Some(b) = range_to {
            let last = Unit { article: b, ..unit };
            units.extend(fill_range(&unit, &last));
            units.push(last);
        }
        let end = match units.last_mut() {
            Some(last) => self.sub_units(j, last),
            None => j,
        };
        for u in &mut units {
            u.end = end;
        }
        Some((units, end))
    }

    /// A paragraph or item continuing `last` (…第一款、第二款; …第（一）项、（二）项).
    fn partial_unit(&self, i: usize, last: &Unit) -> Option<(Unit, usize)> {
        let mut u = Unit {
            start: i,
            end: i,
            ..*last
        };
        u.end = if self.numbered(i, '款').is_some() {
            u.para = None;
            u.item = None;
            self.sub_units(i, &mut u)
        } else {
            let (v, k) = self.item(i)?;
            u.item = Some(v);
            self.numbered(k, '目').map_or(k, |(_, m)| m)
        };
        Some((u, u.end))
    }

    /// A separator at `i`: (index after it, is a range, next unit needs 第).
    fn separator(&self, i: usize) -> Option<(usize, bool, bool)> {
        let i = self.skip_ws(i);
        let c = self.at(i);
        if is_range_char(c) {
            let k = (i..).find(|&k| !is_range_char(self.at(k))).unwrap_or(i + 1);
            return Some((k, true, false));
        }
        for w in ["以及", "或者"] {
            if self.starts_with(i, w) {
                return Some((i + 2, false, false));
            }
        }
        match c {
            '、' | '和' | '及' | '与' | '或' => Some((i + 1, false, false)),
            ',' | '，' => Some((i + 1, false, true)),
            _ => None,
        }
    }

    /// A citation chain starting with 第N条 at `i`.
    fn chain(&self, i: usize) -> Option<(Vec<Unit>, usize)> {
        let (mut units, mut end) = self.full_unit(i, true)?;
        while let Some((k, range, need_di)) = self.separator(end) {
            let k = self.skip_ws(k);
            let Some(prev) = units.last().copied() else {
                break;
            };
            let (next, e) = match self.full_unit(k, need_di) {
                Some(found) => found,
                None => match self.partial_unit(k, &prev) {
                    Some((u, e)) => (vec![u], e),
                    None => break,
                },
            };
            if range {
                let span = prev.start;
                let mid = next.first().map_or(Vec::new(), |n| fill_range(&prev, n));
                if let Some(p) = units.last_mut() {
                    p.end = e;
                }
                units.extend(mid.into_iter().chain(next).map(|u| Unit {
                    start: span,
                    end: e,
                    ..u
                }));
            } else {
                units.extend(next);
            }
            end = e;
        }
        Some((units, end))
    }
}

fn is_han(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c)
}

fn is_range_char(c: char) -> bool {
    matches!(c, '至' | '到' | '—' | '–' | '-' | '－' | '~' | '～' | '〜')
}

/// The units strictly between `a` and `b` of a range, at the level where they differ.
fn fill_range(a: &Unit, b: &Unit) -> Vec<Unit> {
    let between = |x: Option<u32>, y: Option<u32>, max: u32| match (x, y) {
        (Some(x), Some(y)) if y > x && y - x <= max => x + 1..y,
        _ => 0..0,
    };
    if a.article != b.article {
        let r = between(Some(a.article), Some(b.article), MAX_RANGE);
        r.map(|article| Unit {
            article,
            zhi: None,
            para: None,
            item: None,
            ..*a
        })
        .collect()
    } else if a.para != b.para {
        let r = between(a.para, b.para, 50);
        r.map(|p| Unit {
            para: Some(p),
            item: None,
            ..*a
        })
        .collect()
    } else {
        let r = between(a.item, b.item, 50);
        r.map(|v| Unit {
            item: Some(v),
            ..*a
        })
        .collect()
    }
}
