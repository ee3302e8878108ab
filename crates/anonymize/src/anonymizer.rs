//! `CaseAnonymizer`: built once per case from its declared parties, keep list, policy and all of its
//! text fields; anonymizes any text of the case deterministically.
//!
//! Per text: (1) declared and detected names are matched on two projections — one that skips markup
//! (`**张**建国`, `张<b>建</b>国`, zero-width characters) and one that keeps it (names inside HTML
//! attributes and comments) — and replaced by the per-case pseudonym in the script of the match,
//! keeping interior markup; keep-list occurrences are protected; (2) numbers and detailed addresses
//! are replaced by placeholders; (3) overlapping replacements are merged so nothing leaks.
//!
//! Every text given to [`CaseAnonymizer::new`] is projected, scanned for names and numbers and
//! anonymized once, there: [`CaseAnonymizer::anonymize`] on one of those texts returns the stored
//! result, and only other texts are worked on again.

use std::borrow::Cow;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::fmt;
use std::sync::LazyLock;
use std::sync::Mutex;

use crate::multi::Multi;

use crate::category::Category;
use crate::detect;
use crate::mask::mask;
use crate::names::{self, Candidate, DetectCtx};
use crate::project::Projection;
use crate::registry::{
    Identity, Matcher, Shape, allocate, build_matcher, build_plain, classify_name, existing_tokens,
    terms_for,
};
use crate::script::{fold_str, fold_str_same_len, is_han, looks_traditional, to_traditional};
use crate::surnames::split_name;
use crate::types::{
    Anonymized, AuditTerm, Confidence, Finding, Party, Policy, Replacement, SetupError,
};

/// Why a name another case found is replaced here (see [`CaseAnonymizer::with_known`]).
pub const CROSS_REASON: &str = "其他案例中已高置信度识别为人名";

/// Replacement used for a given name shared by two parties (cannot be attributed).
const AMBIGUOUS: &str = "某某";

/// Anonymizer for one case. Cheap to share between threads (`Send + Sync`).
pub struct CaseAnonymizer {
    identities: Vec<Identity>,
    party_count: usize,
    roles: Vec<String>,
    aliases: Vec<Vec<String>>,
    matcher: Option<Matcher>,
    keep: Option<Multi>,
    keep_list: Vec<String>,
    findings: Vec<(usize, Finding)>,
    audit: Vec<AuditTerm>,
    /// Numbers detected anywhere in the case (a labelled account in the body), matched bare in
    /// every text so no field keeps a copy.
    known: Option<Known>,
    /// Names other cases found to be people (see [`CaseAnonymizer::with_known`]) that occur
    /// here, folded: replaced like this case's own guesses, reported with their own reason.
    cross: HashSet<String>,
    /// The texts given to [`CaseAnonymizer::new`] and their anonymized forms, each handed out
    /// once by [`CaseAnonymizer::anonymize`] (asked again, a text is anonymized anew).
    done: Mutex<Vec<(String, Option<Anonymized>)>>,
}

/// The numbers of a case, to be found bare in every text (never glued to an ASCII letter or
/// digit on either side).
struct Known {
    /// Values that are ASCII letters and digits only (phones, IDs, cards), lower-cased, with
    /// their category: such a value can only match a whole run of ASCII letters and digits, so
    /// the runs of a text are looked up instead of searched for.
    runs: HashMap<String, Category>,
    /// The other values (e-mail, plates with a Han character) and their categories.
    rest: Option<(Multi, Vec<Category>)>,
}

impl Known {
    fn new(numbers: &[&AuditTerm]) -> Option<Self> {
        let mut runs = HashMap::new();
        let mut rest = Vec::new();
        let mut cats = Vec::new();
        for t in numbers {
            let v = fold_str_same_len(&t.text);
            if !v.is_empty() && v.bytes().all(|b| b.is_ascii_alphanumeric()) {
                runs.entry(v).or_insert(t.category);
            } else {
                rest.push(v);
                cats.push(t.category);
            }
        }
        let rest = Multi::new(&rest).map(|m| (m, cats));
        (!runs.is_empty() || rest.is_some()).then_some(Known { runs, rest })
    }

    /// Unglued matches in `cs`: (character range, category).
    fn find(&self, cs: &[char]) -> Vec<(usize, usize, Category)> {
        let glued = |a: usize, b: usize| {
            (a > 0 && cs[a - 1].is_ascii_alphanumeric())
                || cs.get(b).is_some_and(char::is_ascii_alphanumeric)
        };
        let mut out = Vec::new();
        if !self.runs.is_empty() {
            let mut buf = String::new();
            let mut i = 0;
            while i < cs.len() {
                if !cs[i].is_ascii_alphanumeric() {
                    i += 1;
                    continue;
                }
                let start = i;
                buf.clear();
                while i < cs.len() && cs[i].is_ascii_alphanumeric() {
                    buf.push(cs[i].to_ascii_lowercase());
                    i += 1;
                }
                if let Some(&c) = self.runs.get(buf.as_str()) {
                    out.push((start, i, c));
                } else if buf.bytes().all(|b| b.is_ascii_digit()) {
                    // The same number written in groups elsewhere (330102-19880712-0015 after
                    // 330102 19880712 0015): the groups joined.
                    let sep = |c: char| matches!(c, ' ' | '-' | '.' | '_' | '·' | '\u{a0}' | '\n');
                    let mut j = i;
                    let mut lens = [0usize; 20];
                    let mut seps = [0u8; 19];
                    lens[0] = i - start;
                    let mut groups = 1;
                    while buf.len() < 36
                        && groups < lens.len()
                        && j + 1 < cs.len()
                        && sep(cs[j])
                        && cs[j + 1].is_ascii_digit()
                    {
                        seps[groups - 1] = if cs[j].is_ascii() { cs[j] as u8 } else { b' ' };
                        j += 1;
                        let g = j;
                        while j < cs.len() && cs[j].is_ascii_alphanumeric() {
                            buf.push(cs[j].to_ascii_lowercase());
                            j += 1;
                        }
                        lens[groups] = j - g;
                        groups += 1;
                        let (lens, seps) = (&lens[..groups], &seps[..groups - 1]);
                        // 2024-03-01 is a date, whatever number it spells.
                        if let Some(&c) = self.runs.get(buf.as_str())
                            && !detect::date_or_decimal(lens, seps)
                        {
                            out.push((start, j, c));
                            i = j;
                            break;
                        }
                    }
                }
            }
        }
        if let Some((m, cats)) = &self.rest {
            for h in m.find_all(cs) {
                if !glued(h.start, h.end)
                    && let Some(&c) = cats.get(h.pattern)
                {
                    out.push((h.start, h.end, c));
                }
            }
        }
        out
    }
}

/// What is computed once per text: its two projections and the numbers and addresses in it.
struct Prepared {
    /// Markup projection (`**张**建国` → 张建国).
    pa: Projection,
    /// Plain projection; `None` when it would equal `pa` (the text has no markup to skip).
    pb: Option<Projection>,
    numbers: Vec<detect::Hit>,
    addresses: Vec<detect::Hit>,
    /// Numbers and addresses that only the markup projection shows whole (0571-**8888**6666,
    /// 幸福路**18号**3栋): found on `pa` when the text has markup the plain projection keeps.
    marked: Vec<detect::Hit>,
}

impl Prepared {
    fn new(text: &str) -> Self {
        let pa = Projection::new(text, true);
        let pb = Projection::new_unless_same(text, &pa);
        let plain = pb.as_ref().unwrap_or(&pa);
        let numbers = detect::number_hits(plain);
        let addresses = detect::address_hits(plain);
        let marked = match &pb {
            Some(_) => {
                let mut m = detect::number_hits(&pa);
                m.extend(detect::address_hits(&pa));
                m
            }
            None => Vec::new(),
        };
        Prepared {
            pa,
            pb,
            numbers,
            addresses,
            marked,
        }
    }

    fn pb(&self) -> &Projection {
        self.pb.as_ref().unwrap_or(&self.pa)
    }
}

impl fmt::Debug for CaseAnonymizer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CaseAnonymizer")
            .field("parties", &self.party_count)
            .field("undeclared", &(self.identities.len() - self.party_count))
            .field("keep", &self.keep_list.len())
            .field("findings", &self.findings.len())
            .finish_non_exhaustive()
    }
}

/// A replacement before merging.
#[derive(Debug, Clone)]
struct Repl {
    start: usize,
    end: usize,
    category: Category,
    replacement: Cow<'static, str>,
    /// Matched text as projected (names only, for findings; empty for numbers).
    matched: String,
}

fn merge(mut repls: Vec<Repl>) -> Vec<Repl> {
    repls.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
    let mut out: Vec<Repl> = Vec::with_capacity(repls.len());
    for r in repls {
        if r.end <= r.start {
            continue;
        }
        match out.last_mut() {
            Some(last) if r.start < last.end => {
                if r.end > last.end {
                    // Partial overlap: cover both, never leave a piece of either behind.
                    last.end = r.end;
                    if !last.replacement.ends_with(&*r.replacement) {
                        last.replacement.to_mut().push_str(&r.replacement);
                    }
                    if last.category.is_name() && !r.category.is_name() {
                        last.category = r.category;
                    }
                }
            }
            _ => out.push(r),
        }
    }
    out
}

/// Placeholder in the script of the text (〔身份证号码已隐去〕 / 〔身份證號碼已隱去〕).
fn placeholder(c: Category, traditional: bool) -> &'static str {
    static TRAD: LazyLock<Vec<String>> = LazyLock::new(|| {
        Category::ALL
            .iter()
            .map(|c| to_traditional(c.placeholder()))
            .collect()
    });
    if traditional {
        let k = Category::ALL.iter().position(|x| *x == c).unwrap_or(0);
        TRAD.get(k).map_or(c.placeholder(), String::as_str)
    } else {
        c.placeholder()
    }
}

/// Do the characters after a two-character name (`after`) continue it into a longer one: a Han
/// character that may end a given name, not a function word, a word that follows a name or the
/// start of another word (王力|宏的 continues; 王力|说, 王力|又来了, 王力|借款, 王力|明确, 王力|刚到任
/// do not)?
pub fn continues_name(after: &[char]) -> bool {
    after.first().is_some_and(|&c| {
        crate::script::is_han(c)
            && !crate::lexicon::is_stop_char(c)
            && !crate::lexicon::FOLLOW_WORDS
                .iter()
                .any(|w| w.chars().eq(after.iter().take(w.chars().count()).copied()))
            && !crate::segment::begins_word(after)
    })
}

/// Does a removed address hold its place (a road, village or estate name: two Han characters
/// that are not numerals or units of a building) besides a number?
fn placed_address(value: &str) -> bool {
    const UNITS: &str =
        "号栋幢座单元楼层室户房弄巷排队组之附甲乙丙丁东西南北一二三四五六七八九十百零〇";
    value
        .chars()
        .any(|c| c.is_ascii_digit() || "一二三四五六七八九十百".contains(c))
        && value
            .chars()
            .filter(|&c| ('\u{4E00}'..='\u{9FFF}').contains(&c) && !UNITS.contains(c))
            .count()
            >= 2
}

fn overlaps(a: (usize, usize), b: (usize, usize)) -> bool {
    a.0 < b.1 && b.0 < a.1
}

impl CaseAnonymizer {
    /// Build the anonymizer for one case.
    ///
    /// `texts` are ALL text fields of the case (title, description, body, tags…): undeclared names
    /// found anywhere get one consistent pseudonym, and their numbers become audit terms.
    pub fn new(
        parties: &[Party],
        keep: &[String],
        policy: &Policy,
        texts: &[&str],
    ) -> Result<Self, Vec<SetupError>> {
        Self::with_known(parties, keep, policy, texts, &[])
    }

    /// [`CaseAnonymizer::new`], also replacing `known`: names that other cases' anonymizers
    /// found to be people. A name cued in one case (邻居王小军) may stand bare in another
    /// (王小军又来了) where nothing marks it as a name; it is the same string, so most likely the
    /// same person. Each is treated as an undeclared name of this case where it occurs (the keep
    /// list still wins) and gets a pseudonym of this case.
    pub fn with_known(
        parties: &[Party],
        keep: &[String],
        policy: &Policy,
        texts: &[&str],
        known: &[String],
    ) -> Result<Self, Vec<SetupError>> {
        let mut errors: Vec<SetupError> = Vec::new();
        let mut keep_list: Vec<String> = keep
            .iter()
            .chain(&policy.keep)
            .map(|k| k.trim().to_string())
            .filter(|k| !k.is_empty())
            .collect();
        keep_list.sort();
        keep_list.dedup();

        let mut identities: Vec<Identity> = Vec::new();
        let mut aliases: Vec<Vec<String>> = Vec::new();
        let mut roles: Vec<String> = Vec::new();
        for (k, p) in parties.iter().enumerate() {
            match classify_name(&p.name) {
                Ok(shape) => identities.push(Identity {
                    name: p.name.trim().to_string(),
                    shape,
                    pseudonym: String::new(),
                    pseudonym_trad: String::new(),
                    declared: true,
                }),
                Err(e) => {
                    errors.push(SetupError::new(format!("第{}个当事人：{e}", k + 1)).party(k))
                }
            }
            let mut list = Vec::new();
            for a in &p.aliases {
                let a = a.trim();
                if a.is_empty() {
                    errors.push(SetupError::new(format!("第{}个当事人的别称为空", k + 1)).party(k));
                } else if a.chars().count() < 2 {
                    errors.push(
                        SetupError::new(format!(
                            "第{}个当事人的别称过短（至少两个字）：{}",
                            k + 1,
                            mask(a)
                        ))
                        .party(k),
                    );
                } else {
                    list.push(a.to_string());
                }
            }
            aliases.push(list);
            roles.push(p.role.clone());
        }
        // A keep-list string must not be (part of) a declared name or alias, nor hold a party's
        // name or given name (张建国调解室, 建国家): nothing inside a kept string is replaced, so
        // keeping it would publish the party.
        for kept in &keep_list {
            let kf = fold_str(kept);
            for (id, al) in identities.iter().zip(&aliases) {
                if id.shape == Shape::Fixed {
                    continue;
                }
                let given = match &id.shape {
                    Shape::Han { given, .. } if given.chars().count() >= 2 => Some(given),
                    _ => None,
                };
                let inside = std::iter::once(&id.name)
                    .chain(al)
                    .any(|n| fold_str(n).contains(&kf));
                // Aliases are left out: 老吴调解室 may be kept beside the alias 老吴, which
                // tells no more than the surname that 吴某 shows.
                // A dictionary word holding the given name is no name (文明城市 beside 郑文明,
                // as the build suggests keeping it); the full name always is.
                let word = || crate::segment::is_dictionary_word(&kf.chars().collect::<Vec<_>>());
                let holds = kf.contains(&fold_str(&id.name))
                    || given.is_some_and(|g| kf.contains(&fold_str(g)) && !word());
                if inside {
                    errors.push(
                        SetupError::new(format!(
                            "保留名单中的“{}”与当事人姓名或别称冲突：当事人总是匿名",
                            mask(kept)
                        ))
                        .keep(),
                    );
                } else if holds {
                    errors.push(
                        SetupError::new(format!(
                            "保留名单中的“{}”包含当事人的姓名或名字：保留它会公开当事人，请改写或删去这一项",
                            mask(kept)
                        ))
                        .keep(),
                    );
                }
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let party_count = identities.len();
        let (terms, errs) = terms_for(&identities, &aliases, texts);
        if !errs.is_empty() {
            return Err(errs);
        }
        let prelim = build_matcher(&terms).map_err(|e| vec![e])?;
        let keep_ac = build_plain(&keep_list).map_err(|e| vec![e])?;

        // Surnames whose bare honorifics (王阿姨) are not worth reporting.
        let mut known_surnames: HashSet<String> = HashSet::new();
        for id in &identities {
            match &id.shape {
                Shape::Han { surname, .. } => {
                    known_surnames.insert(fold_str(surname));
                }
                Shape::Dotted { first, .. } => {
                    known_surnames.insert(fold_str(&first.to_string()));
                }
                _ => {}
            }
        }
        for kept in &keep_list {
            let n = kept.chars().count();
            if (2..=4).contains(&n)
                && kept.chars().all(is_han)
                && let Some((s, _)) = split_name(kept)
            {
                known_surnames.insert(fold_str(&s));
            }
        }

        // Undeclared names across all texts.
        let mut cands: Vec<(usize, Candidate, (usize, usize), String)> = Vec::new();
        let prepared: Vec<Prepared> = texts.iter().map(|t| Prepared::new(t)).collect();
        for (t, prep) in prepared.iter().enumerate() {
            let pa = &prep.pa;
            let mut covered: Vec<(usize, usize)> = Vec::new();
            let mut given: Vec<(usize, usize)> = Vec::new();
            if let Some(m) = &prelim {
                for hit in m.ac.find_all(&pa.fchars) {
                    let r = (hit.start, hit.end);
                    covered.push(r);
                    if m.info.get(hit.pattern).map(|i| i.category) == Some(Category::GivenName) {
                        given.push(r);
                    }
                }
            }
            if let Some(ac) = &keep_ac {
                for m in ac.find_all(&pa.fchars) {
                    covered.push((m.start, m.end));
                }
            }
            covered.sort_unstable();
            let ctx = DetectCtx {
                covered: &covered,
                given: &given,
                known_surnames: &known_surnames,
            };
            for c in names::detect(pa, &ctx) {
                let span = pa.src_range(c.ci, c.cj);
                let shown: String = pa.chars[c.ci..c.cj].iter().map(|p| p.ch).collect();
                cands.push((t, c, span, shown));
            }
        }
        let keep_folded: Vec<String> = keep_list.iter().map(|k| fold_str(k)).collect();
        let mut high: Vec<(String, usize, bool)> = Vec::new();
        let mut high_set: HashSet<String> = HashSet::new();
        for (_, c, _, _) in &cands {
            // A name that holds a kept string is kept; one inside a kept string (王军 beside the
            // kept mediator 王军华) is somebody else where it stands alone: the kept string's
            // own occurrences are covered, so they were never candidates.
            let kept = keep_folded.iter().any(|k| c.key.contains(k.as_str()));
            if c.confidence == Confidence::High
                && !c.honorific
                && !kept
                && high_set.insert(c.key.clone())
            {
                high.push((c.key.clone(), c.surname_len, c.dotted));
            }
        }
        let mut cross = HashSet::new();
        if !known.is_empty() {
            // As names are matched: split by markup or a line break, escaped, folded.
            let folded: Vec<String> = prepared
                .iter()
                .flat_map(|p| [Some(&p.pa), p.pb.as_ref()])
                .flatten()
                .map(|p| p.folded_chars().iter().collect())
                .collect();
            for k in known {
                let key = fold_str(k.trim());
                let n = key.chars().count();
                let declared = identities.iter().any(|i| fold_str(&i.name) == key);
                let kept = keep_folded.iter().any(|kf| key.contains(kf.as_str()));
                if n < 2
                    || declared
                    || kept
                    || high_set.contains(&key)
                    || !folded.iter().any(|t| t.contains(&key))
                {
                    continue;
                }
                let dotted = key.contains(['·', '•', '‧', '・']);
                let slen = split_name(&key).map_or(1, |(s, _)| s.chars().count());
                high_set.insert(key.clone());
                cross.insert(key.clone());
                high.push((key, slen, dotted));
            }
        }
        for (key, slen, dotted) in &high {
            let chars: Vec<char> = key.chars().collect();
            let han = || Shape::Han {
                surname: chars[..*slen].iter().collect(),
                given: chars[*slen..].iter().collect(),
            };
            let shape = if *dotted {
                classify_name(key).unwrap_or_else(|_| han())
            } else {
                han()
            };
            identities.push(Identity {
                name: key.clone(),
                shape,
                pseudonym: String::new(),
                pseudonym_trad: String::new(),
                declared: false,
            });
            aliases.push(Vec::new());
        }
        let existing: HashSet<String> = texts.iter().flat_map(|t| existing_tokens(t)).collect();
        allocate(&mut identities, policy.collision, &existing);
        // The patterns depend on the identities only: without new ones the first matcher serves.
        let matcher = if high.is_empty() {
            prelim
        } else {
            let (terms, _) = terms_for(&identities, &aliases, texts);
            build_matcher(&terms).map_err(|e| vec![e])?
        };

        let mut this = CaseAnonymizer {
            identities,
            party_count,
            roles,
            aliases,
            matcher,
            keep: keep_ac,
            keep_list,
            findings: Vec::new(),
            audit: Vec::new(),
            known: None,
            cross,
            done: Mutex::new(Vec::new()),
        };
        this.audit = this.compute_audit_terms(&prepared);
        let numbers: Vec<&AuditTerm> = this
            .audit
            .iter()
            .filter(|t| !t.category.is_name())
            .collect();
        this.known = Known::new(&numbers);
        // Anonymize every text now, once; findings come from the same name matches.
        let mut done = Vec::with_capacity(texts.len());
        let mut findings = Vec::new();
        for (t, (text, prep)) in texts.iter().zip(&prepared).enumerate() {
            let names = this.name_repls(text, &prep.pa, prep.pb());
            this.add_findings(t, text, &names, &cands, &high_set, &mut findings);
            done.push((text.to_string(), Some(this.render(text, prep, names))));
        }
        findings.sort_by_key(|a| (a.0, a.1.start, a.1.end));
        findings.dedup_by(|a, b| a.0 == b.0 && a.1.start == b.1.start && a.1.end == b.1.end);
        this.findings = findings;
        this.done = Mutex::new(done);
        Ok(this)
    }

    /// Source spans of keep-list occurrences in both projections.
    fn keep_spans(&self, pa: &Projection, pb: &Projection) -> Vec<(usize, usize)> {
        let Some(ac) = &self.keep else {
            return Vec::new();
        };
        let mut out = Vec::new();
        let pb = (!std::ptr::eq(pa, pb)).then_some(pb);
        for p in std::iter::once(pa).chain(pb) {
            for m in ac.find_all(&p.fchars) {
                out.push(p.src_range(m.start, m.end));
            }
        }
        out
    }

    fn match_names(&self, src: &str, p: &Projection, keep: &[(usize, usize)], out: &mut Vec<Repl>) {
        let Some(m) = &self.matcher else {
            return;
        };
        for hit in m.ac.find_all(&p.fchars) {
            let (ci, cj) = (hit.start, hit.end);
            if cj <= ci {
                continue;
            }
            // Latin-script names only match whole words (John, not Johnson).
            let ch = |k: usize| p.chars.get(k).map(|c| c.ch);
            let before = ci.checked_sub(1).and_then(ch);
            let after = ch(cj);
            let matched_first = ch(ci);
            let matched_last = ch(cj - 1);
            if (matched_first.is_some_and(|c| c.is_ascii_alphanumeric())
                && before.is_some_and(|c| c.is_ascii_alphanumeric()))
                || (matched_last.is_some_and(|c| c.is_ascii_alphanumeric())
                    && after.is_some_and(|c| c.is_ascii_alphanumeric()))
            {
                continue;
            }
            let (s, e) = p.src_range(ci, cj);
            // Keep wins over a match inside it or a match containing it.
            if keep
                .iter()
                .any(|&(ks, ke)| (ks <= s && e <= ke) || (s <= ks && ke <= e))
            {
                continue;
            }
            let Some(info) = m.info.get(hit.pattern) else {
                continue;
            };
            let matched: String = p.chars[ci..cj].iter().map(|c| c.ch).collect();
            // A two-character name another case found (王力 in 物业经理王力说) is the start of
            // another person's name here when a character that may end a given name follows
            // (王力宏的演唱会, 张德胜家): replaced, it would mangle the text and show the rest.
            if cj - ci == 2
                && info.category == Category::UndeclaredName
                && self.cross.contains(&fold_str(&matched))
                && continues_name(&p.fchars[cj..])
            {
                continue;
            }
            let pseudonym = match info.identity.and_then(|k| self.identities.get(k)) {
                Some(id) if looks_traditional(&matched) => id.pseudonym_trad.as_str(),
                Some(id) => id.pseudonym.as_str(),
                None => AMBIGUOUS,
            };
            let (before, after) = p.kept_markup(src, s, e);
            let replacement = format!("{before}{pseudonym}{after}");
            out.push(Repl {
                start: s,
                end: e,
                category: info.category,
                replacement: Cow::Owned(replacement),
                matched,
            });
        }
    }

    fn name_repls(&self, text: &str, pa: &Projection, pb: &Projection) -> Vec<Repl> {
        let keep = self.keep_spans(pa, pb);
        let mut repls = Vec::new();
        self.match_names(text, pa, &keep, &mut repls);
        if !std::ptr::eq(pa, pb) {
            self.match_names(text, pb, &keep, &mut repls);
        }
        // A given name inside the title of a statute (王中华's 中华 in 《中华人民共和国民法典》)
        // is not the person, and the citation must stay as written to be linked.
        // Nor is one ending a well-known figure's name (泽东 of 王泽东 in 毛泽东).
        repls.retain(|r| {
            !(r.category == Category::GivenName
                && (crate::in_statute_title(text.as_bytes(), r.start, r.end)
                    || crate::in_figure_name(text.as_bytes(), r.start, r.end)))
        });
        repls
    }

    /// Anonymize one text (Markdown or plain). Pure: same input, same output. A text given to
    /// [`CaseAnonymizer::new`] was anonymized there; its stored result is returned.
    pub fn anonymize(&self, text: &str) -> Anonymized {
        if let Ok(mut done) = self.done.lock()
            && let Some(out) = done
                .iter_mut()
                .find(|(t, out)| out.is_some() && t == text)
                .and_then(|(_, out)| out.take())
        {
            return out;
        }
        let prep = Prepared::new(text);
        let names = self.name_repls(text, &prep.pa, prep.pb());
        self.render(text, &prep, names)
    }

    /// Name replacements `names` plus numbers and addresses, merged and applied to `text`.
    fn render(&self, text: &str, prep: &Prepared, names: Vec<Repl>) -> Anonymized {
        let mut repls = names;
        repls.reserve(prep.numbers.len() + prep.addresses.len() + 8);
        let pb = prep.pb();
        let traditional = prep.pa.mostly_traditional();
        let on_pb = prep.numbers.iter().chain(&prep.addresses).map(|h| (pb, h));
        for (p, h) in on_pb.chain(prep.marked.iter().map(|h| (&prep.pa, h))) {
            let (start, mut end) = p.src_range(h.ci, h.cj);
            // Emphasis opened inside a number and closed right after it (京A·**12345**) goes
            // with the number, or the page would show the closing marks.
            let run = |at: usize| {
                let b = text.as_bytes();
                let c = *b.get(at)?;
                matches!(c, b'*' | b'_' | b'~' | b'`')
                    .then(|| at + b[at..].iter().take_while(|&&x| x == c).count())
            };
            if let Some(after) = run(end)
                && text[start..end].contains(&text[end..after])
            {
                end = after;
            }
            // The keycap of the last emoji digit (…8️⃣) goes with the number.
            while let Some(c) = text[end..]
                .chars()
                .next()
                .filter(|&c| crate::project::is_invisible(c))
            {
                end += c.len_utf8();
            }
            repls.push(Repl {
                start,
                end,
                category: h.category,
                replacement: Cow::Borrowed(placeholder(h.category, traditional)),
                matched: String::new(),
            });
        }
        // The auditor's byte-level detectors must find nothing in the output either.
        for (start, len, category, _) in detect::scan_bytes_high_precision(text.as_bytes()) {
            repls.push(Repl {
                start,
                end: start + len,
                category,
                replacement: Cow::Borrowed(placeholder(category, traditional)),
                matched: String::new(),
            });
        }
        if let Some(known) = &self.known {
            // On the projection (full-width digits, entities) and, unless it is the text itself,
            // on the raw text (what the auditor reads byte by byte: 13800000000 followed by an
            // invisible character).
            let mut add = |start: usize, end: usize, category: Category| {
                repls.push(Repl {
                    start,
                    end,
                    category,
                    replacement: Cow::Borrowed(placeholder(category, traditional)),
                    matched: String::new(),
                });
            };
            for (a, b, category) in known.find(&pb.fchars) {
                let (start, end) = pb.src_range(a, b);
                add(start, end, category);
            }
            if !pb.identical {
                let offs: Vec<(usize, char)> = text.char_indices().collect();
                let cs: Vec<char> = offs.iter().map(|x| x.1).collect();
                let byte = |k: usize| offs.get(k).map_or(text.len(), |x| x.0);
                for (a, b, category) in known.find(&cs) {
                    add(byte(a), byte(b), category);
                }
            }
        }
        // A kept string stays whole: also a number or an address in it (the mediation office's
        // phone and address, kept in config.toml).
        if self.keep.is_some() {
            let keep = self.keep_spans(&prep.pa, prep.pb());
            repls.retain(|r| {
                r.category.is_name() || !keep.iter().any(|&(a, b)| r.start < b && a < r.end)
            });
        }
        let merged = merge(repls);
        let grow: usize = merged.iter().map(|r| r.replacement.len()).sum();
        let mut out = String::with_capacity(text.len() + grow);
        let mut replacements = Vec::with_capacity(merged.len());
        let mut last = 0;
        for r in merged {
            let (Some(before), Some(original)) =
                (text.get(last..r.start), text.get(r.start..r.end))
            else {
                continue;
            };
            out.push_str(before);
            out.push_str(&r.replacement);
            replacements.push(Replacement {
                start: r.start,
                end: r.end,
                category: r.category,
                original: original.to_string(),
                replacement: r.replacement.into_owned(),
            });
            last = r.end;
        }
        out.push_str(text.get(last..).unwrap_or_default());
        Anonymized {
            text: out,
            replacements,
        }
    }

    /// Findings of text `t` from its name replacements `names`: replaced undeclared names, then
    /// the candidates that were not replaced.
    fn add_findings(
        &self,
        t: usize,
        text: &str,
        names: &[Repl],
        cands: &[(usize, Candidate, (usize, usize), String)],
        high: &HashSet<String>,
        out: &mut Vec<(usize, Finding)>,
    ) {
        let repls: Vec<Repl> = merge(
            names
                .iter()
                .filter(|r| r.category == Category::UndeclaredName)
                .cloned()
                .collect(),
        );
        let mut replaced_spans = Vec::new();
        for r in repls {
            // Another case's name is reported as such, whatever weak cue stands beside it here.
            let reason = if self.cross.contains(&fold_str(&r.matched)) {
                CROSS_REASON.to_string()
            } else {
                cands
                    .iter()
                    .find(|(ct, _, span, _)| *ct == t && *span == (r.start, r.end))
                    .map_or_else(
                        || "本案其他位置已高置信度识别为人名".to_string(),
                        |(_, c, _, _)| c.reason.clone(),
                    )
            };
            replaced_spans.push((r.start, r.end));
            out.push((
                t,
                Finding {
                    start: r.start,
                    end: r.end,
                    masked: mask(&r.matched),
                    candidate: r.matched,
                    confidence: Confidence::High,
                    replaced: true,
                    reason,
                    word: None,
                },
            ));
        }
        // A declared name that is also part of a longer word (郑文明's 文明 in 全国文明城市) is
        // replaced all the same, failing closed; the editor hears of it, and may keep the word.
        // Only a name that is a word itself can be part of one (a dictionary lookup first: the
        // segmentation costs more).
        for r in names.iter().filter(|r| {
            matches!(r.category, Category::GivenName | Category::Party)
                && r.matched.chars().count() >= 2
                && crate::segment::is_dictionary_word(&r.matched.chars().collect::<Vec<_>>())
        }) {
            if let Some(word) = crate::segment::longer_word_around(text, r.start, r.end) {
                out.push((
                    t,
                    Finding {
                        start: r.start,
                        end: r.end,
                        masked: mask(&r.matched),
                        candidate: r.matched.clone(),
                        confidence: Confidence::Low,
                        replaced: true,
                        reason: "分词显示它在一个较长的词语中，可能不是指当事人".to_string(),
                        word: Some(word),
                    },
                ));
            }
        }
        for (_, c, span, shown) in cands.iter().filter(|(ct, ..)| *ct == t) {
            if high.contains(&c.key) && !c.honorific {
                continue;
            }
            if replaced_spans.iter().any(|&r| overlaps(r, *span)) {
                continue;
            }
            out.push((
                t,
                Finding {
                    start: span.0,
                    end: span.1,
                    masked: mask(shown),
                    candidate: shown.clone(),
                    confidence: Confidence::Low,
                    replaced: false,
                    reason: c.reason.clone(),
                    word: None,
                },
            ));
        }
    }

    fn compute_audit_terms(&self, prepared: &[Prepared]) -> Vec<AuditTerm> {
        let mut set: BTreeSet<AuditTerm> = BTreeSet::new();
        // A name part that occurs in a placeholder (号码, 地址) would flag every anonymized text.
        static PLACEHOLDERS: LazyLock<Vec<String>> = LazyLock::new(|| {
            Category::ALL
                .iter()
                .flat_map(|c| {
                    [
                        c.placeholder().to_string(),
                        placeholder(*c, true).to_string(),
                    ]
                })
                .collect()
        });
        let in_placeholder = |t: &str| PLACEHOLDERS.iter().any(|p| p.contains(t));
        let mut add = |text: &str, category: Category| {
            let text = text.trim();
            if text.chars().count() >= 2 && !text.contains('某') && !in_placeholder(text) {
                set.insert(AuditTerm {
                    text: text.to_string(),
                    category,
                });
                let folded = fold_str(text);
                if folded != text {
                    set.insert(AuditTerm {
                        text: folded,
                        category,
                    });
                }
            }
        };
        for (k, id) in self.identities.iter().enumerate() {
            if id.shape == Shape::Fixed {
                continue;
            }
            let main = if id.declared {
                Category::Party
            } else {
                Category::UndeclaredName
            };
            add(&id.name, main);
            for a in self.aliases.get(k).into_iter().flatten() {
                add(a, Category::Alias);
            }
            if !id.declared {
                continue;
            }
            match &id.shape {
                Shape::Han { given, .. } => add(given, Category::GivenName),
                Shape::Dotted { parts, .. } => {
                    add(&parts.concat(), Category::Party);
                    for p in parts {
                        add(p, Category::GivenName);
                    }
                }
                Shape::Latin { parts, .. } => {
                    for p in parts {
                        add(p, Category::GivenName);
                    }
                }
                _ => {}
            }
        }
        for prep in prepared {
            // An address counts with its place (幸福路18号3栋402室, 红星村128号): a bare building
            // and room (3栋402室) is in many cases and pages.
            let marked = prep
                .marked
                .iter()
                .chain(&prep.addresses)
                .filter(|h| h.category != Category::Address || placed_address(&h.value))
                // A school is public: another page may name it (a 法治进校园 event there).
                .filter(|h| h.category != Category::School);
            for h in prep.numbers.iter().chain(marked) {
                // Short digit strings (a 5-digit QQ number) would match ordinary numbers site-wide.
                let digits_only = h.value.bytes().all(|b| b.is_ascii_digit());
                let min = if digits_only { 7 } else { 5 };
                if h.value.chars().count() >= min {
                    set.insert(AuditTerm {
                        text: h.value.clone(),
                        category: h.category,
                    });
                }
            }
        }
        set.into_iter().collect()
    }

    /// Findings about undeclared names across the `texts` given to [`CaseAnonymizer::new`]:
    /// (index into texts, finding), sorted by text and position.
    pub fn findings(&self) -> &[(usize, Finding)] {
        &self.findings
    }

    /// (role, pseudonym) per declared party, in declaration order — for templates.
    pub fn party_pseudonyms(&self) -> Vec<(String, String)> {
        self.roles
            .iter()
            .zip(&self.identities[..self.party_count])
            .map(|(r, id)| (r.clone(), id.pseudonym.clone()))
            .collect()
    }

    /// (undeclared name's pseudonym) for every high-confidence undeclared name, in order found.
    pub fn undeclared_pseudonyms(&self) -> Vec<String> {
        self.identities[self.party_count..]
            .iter()
            .map(|id| id.pseudonym.clone())
            .collect()
    }

    /// Every string that must never appear in any output file: names, aliases, given names
    /// (≥ 2 chars), replaced undeclared names, original detected numbers (normalized digits).
    pub fn audit_terms(&self) -> Vec<AuditTerm> {
        self.audit.clone()
    }

    /// The effective keep list (case keep + policy keep). Pass it to [`crate::Auditor::with_allowed`]
    /// so audit terms inside kept strings (吴 in 老吴调解室) are not leaks.
    pub fn keep_terms(&self) -> &[String] {
        &self.keep_list
    }
}
