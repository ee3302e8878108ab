//! Party registry of one case: validates declared names, derives what to match (full name, aliases,
//! given name, every script variant), allocates per-case pseudonyms (姓+某, 欧阳某, 某公司, collisions
//! as 张某甲/张某乙 or 张某1/张某2) and builds the LeftmostLongest Aho-Corasick matcher.

use std::collections::{BTreeMap, HashMap, HashSet};

use crate::multi::Multi;

use crate::category::Category;
use crate::lexicon::{INDUSTRY_WORDS, ORG_SUFFIXES, ROLE_WORDS};
use crate::mask::mask;
use crate::script::{fold_str, folded_variants, is_han, to_traditional};
use crate::surnames::split_name;
use crate::types::{CollisionStyle, SetupError};

const TIANGAN: [&str; 10] = ["甲", "乙", "丙", "丁", "戊", "己", "庚", "辛", "壬", "癸"];

/// What kind of name an identity has; decides the pseudonym shape.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Shape {
    /// Han name: surname + given name.
    Han { surname: String, given: String },
    /// Ethnic-minority or transliterated name with a middle dot: first character + 某.
    Dotted { first: char, parts: Vec<String> },
    /// Latin-script name: first letter + 某.
    Latin { first: char, parts: Vec<String> },
    /// Organisation: 某 + industry word + suffix.
    Org { industry: String, suffix: String },
    /// Already anonymized (王某, 王某某, 王某甲): kept as written.
    Fixed,
}

/// One person or organisation of the case, declared or detected.
#[derive(Debug, Clone)]
pub(crate) struct Identity {
    /// Name as declared or found (private).
    pub name: String,
    pub shape: Shape,
    /// Pseudonym (simplified) and its traditional form.
    pub pseudonym: String,
    pub pseudonym_trad: String,
    /// Was it declared (else: detected undeclared name)?
    pub declared: bool,
}

impl Identity {
    /// Grouping key: identities with the same key would share a pseudonym.
    fn group_key(&self) -> String {
        match &self.shape {
            Shape::Han { surname, .. } => format!("{}某", fold_str(surname)),
            Shape::Dotted { first, .. } => format!("{}某", fold_str(&first.to_string())),
            Shape::Latin { first, .. } => format!("{}某", first.to_ascii_uppercase()),
            Shape::Org { industry, suffix } => format!("某{industry}{suffix}"),
            Shape::Fixed => fold_str(&self.name),
        }
    }

    fn pseudonym_with(&self, tag: &str) -> String {
        match &self.shape {
            Shape::Org { industry, suffix } => format!("某{tag}{industry}{suffix}"),
            Shape::Fixed => self.name.clone(),
            _ => format!("{}{tag}", self.group_key()),
        }
    }
}

fn is_dot(c: char) -> bool {
    matches!(c, '·' | '•' | '・' | '‧' | '.' | '．')
}

/// Classify a declared name. Errors carry masked names only.
pub(crate) fn classify_name(raw: &str) -> Result<Shape, String> {
    let name = raw.trim();
    let n = name.chars().count();
    if n == 0 {
        return Err("当事人姓名为空".into());
    }
    if n > 40 {
        return Err(format!("当事人姓名过长，不像人名：{}", mask(name)));
    }
    if ROLE_WORDS.contains(&name) {
        return Err(format!("当事人姓名“{name}”是称谓而不是人名"));
    }
    if name
        .chars()
        .any(|c| c.is_ascii_digit() || "<>&*_`#[](){}|\\/@=:;，。、；：！？,!?\"“”".contains(c))
    {
        return Err(format!(
            "当事人姓名含有数字或标点，不像人名：{}",
            mask(name)
        ));
    }
    let all_han = name.chars().all(is_han);
    if all_han && name.contains('某') {
        return Ok(Shape::Fixed);
    }
    if all_han
        && n >= 3
        && let Some(suffix) = ORG_SUFFIXES
            .iter()
            .filter(|s| name.ends_with(*s))
            .max_by_key(|s| s.len())
    {
        let body = &name[..name.len() - suffix.len()];
        let industry = INDUSTRY_WORDS
            .iter()
            .filter(|w| body.ends_with(*w) && body.len() > w.len())
            .max_by_key(|w| w.len())
            .copied()
            .unwrap_or("");
        return Ok(Shape::Org {
            industry: industry.to_string(),
            suffix: suffix.to_string(),
        });
    }
    if all_han {
        if n < 2 {
            return Err(format!("当事人姓名只有一个字，不像人名：{}", mask(name)));
        }
        if n > 6 {
            return Err(format!("当事人姓名过长，不像人名：{}", mask(name)));
        }
        let (surname, given) =
            split_name(name).ok_or_else(|| format!("无法拆分姓名：{}", mask(name)))?;
        return Ok(Shape::Han { surname, given });
    }
    if name.chars().all(|c| is_han(c) || is_dot(c)) {
        let parts: Vec<String> = name
            .split(is_dot)
            .filter(|p| !p.is_empty())
            .map(str::to_string)
            .collect();
        let first = name.chars().next().filter(|c| is_han(*c));
        if parts.len() < 2 || first.is_none() {
            return Err(format!("无法识别的姓名格式：{}", mask(name)));
        }
        return Ok(Shape::Dotted {
            first: first.unwrap_or('某'),
            parts,
        });
    }
    if name
        .chars()
        .all(|c| c.is_ascii_alphabetic() || matches!(c, ' ' | '-' | '.' | '\''))
        && name.chars().filter(char::is_ascii_alphabetic).count() >= 2
    {
        let first = name.chars().find(char::is_ascii_alphabetic).unwrap_or('X');
        let parts = name
            .split([' ', '-', '.'])
            .filter(|p| p.chars().count() >= 3)
            .map(str::to_string)
            .collect();
        return Ok(Shape::Latin { first, parts });
    }
    Err(format!("无法识别的姓名格式，不像人名：{}", mask(name)))
}

/// Already-anonymized tokens in a text (王某, 王某某, 王某甲, 欧阳某2), folded to simplified.
pub(crate) fn existing_tokens(text: &str) -> HashSet<String> {
    let mut out = HashSet::new();
    if !text.contains('某') {
        return out;
    }
    let f: Vec<char> = text.chars().map(crate::script::fold_char).collect();
    for (k, _) in f.iter().enumerate().filter(|(_, c)| **c == '某') {
        let start = if k >= 2 && crate::surnames::compound_at(&f[k - 2..k]).is_some() {
            k - 2
        } else if k >= 1 && crate::surnames::is_single_surname(f[k - 1]) {
            k - 1
        } else {
            continue;
        };
        let mut end = k + 1;
        if end < f.len() && (f[end] == '某' || TIANGAN.iter().any(|t| t.starts_with(f[end]))) {
            end += 1;
        } else {
            while end < f.len() && f[end].is_ascii_digit() {
                end += 1;
            }
        }
        out.insert(f[start..end].iter().collect());
    }
    out
}

/// Allocate pseudonyms. Identities are grouped by their pseudonym base; a group of one gets the
/// base (张某), larger groups get 甲乙丙… or 1 2 3… in identity order (declared parties first).
/// Undeclared names never get a pseudonym that already occurs in the texts (`existing`): that
/// token may stand for somebody else.
pub(crate) fn allocate(ids: &mut [Identity], style: CollisionStyle, existing: &HashSet<String>) {
    let reserved: HashSet<String> = ids
        .iter()
        .filter(|i| i.shape == Shape::Fixed)
        .map(|i| fold_str(&i.name))
        .collect();
    let mut groups: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    let mut order: Vec<String> = Vec::new();
    for (k, id) in ids.iter().enumerate() {
        if id.shape == Shape::Fixed {
            continue;
        }
        let key = id.group_key();
        if !groups.contains_key(&key) {
            order.push(key.clone());
        }
        groups.entry(key).or_default().push(k);
    }
    for key in order {
        let members = groups.remove(&key).unwrap_or_default();
        let declared: Vec<bool> = ids.iter().map(|i| i.declared).collect();
        let taken = |k: usize, p: &str| {
            let p = fold_str(p);
            reserved.contains(&p) || (!declared[k] && existing.contains(&p))
        };
        if members.len() == 1 && !taken(members[0], &key) {
            let id = &mut ids[members[0]];
            id.pseudonym = id.pseudonym_with("");
        } else {
            let mut tag_no = 0usize;
            for &m in &members {
                loop {
                    let tag = match style {
                        CollisionStyle::Tiangan if tag_no < TIANGAN.len() => {
                            TIANGAN[tag_no].to_string()
                        }
                        _ => (tag_no + 1).to_string(),
                    };
                    tag_no += 1;
                    let p = ids[m].pseudonym_with(&tag);
                    if !taken(m, &p) {
                        ids[m].pseudonym = p;
                        break;
                    }
                }
            }
        }
    }
    // Converted once per distinct pseudonym (undeclared 王某 and the declared 王某 share one).
    let mut trad: HashMap<String, String> = HashMap::new();
    for id in ids.iter_mut() {
        if id.shape == Shape::Fixed {
            id.pseudonym = id.name.clone();
        }
        id.pseudonym_trad = match trad.get(&id.pseudonym) {
            Some(t) => t.clone(),
            None => {
                let t = to_traditional(&id.pseudonym);
                trad.insert(id.pseudonym.clone(), t.clone());
                t
            }
        };
    }
}

/// What a matched pattern stands for.
#[derive(Debug, Clone, Copy)]
pub(crate) struct PatternInfo {
    /// Identity index, or `None` for an ambiguous given name (replaced by 某某).
    pub identity: Option<usize>,
    pub category: Category,
}

/// A string to match, before script expansion.
#[derive(Debug, Clone)]
pub(crate) struct Term {
    pub text: String,
    pub identity: Option<usize>,
    pub category: Category,
}

/// Matching terms for identities: full names, aliases, given names (≥ 2 chars), name parts.
/// Returns terms and errors (alias clashes). Ambiguous given names get `identity: None`.
/// `texts`: the texts the terms will be looked for in; a nickname (旺哥) is a term only where
/// one of them holds it, so the matcher of every case does not carry ten more per party.
pub(crate) fn terms_for(
    ids: &[Identity],
    aliases: &[Vec<String>],
    texts: &[&str],
) -> (Vec<Term>, Vec<SetupError>) {
    let mut errors = Vec::new();
    let mut by_text: HashMap<String, usize> = HashMap::new();
    let mut terms: Vec<Term> = Vec::new();
    let mut add = |text: &str,
                   identity: usize,
                   category: Category,
                   terms: &mut Vec<Term>,
                   errors: &mut Vec<SetupError>| {
        let text = text.trim();
        if text.chars().count() < 2 || text.contains('某') {
            return;
        }
        let key = fold_str(text);
        match by_text.get(&key) {
            Some(&k) => {
                let prev = &mut terms[k];
                if prev.identity == Some(identity) {
                    // Same identity: keep the stronger category (party > alias > given name).
                    if category < prev.category {
                        prev.category = category;
                    }
                } else if category == Category::GivenName && prev.category == Category::GivenName {
                    prev.identity = None;
                } else if category == Category::GivenName {
                    // A given name that is another party's alias or name: the declared one wins.
                } else if prev.category == Category::GivenName {
                    prev.identity = Some(identity);
                    prev.category = category;
                } else {
                    errors.push(
                        SetupError::new(format!(
                            "两个当事人使用了相同的姓名或别称：{}",
                            mask(text)
                        ))
                        .party(identity),
                    );
                }
            }
            None => {
                by_text.insert(key, terms.len());
                terms.push(Term {
                    text: text.to_string(),
                    identity: Some(identity),
                    category,
                });
            }
        }
    };
    for (k, id) in ids.iter().enumerate() {
        if id.shape == Shape::Fixed {
            continue;
        }
        let main = if id.declared {
            Category::Party
        } else {
            Category::UndeclaredName
        };
        add(&id.name, k, main, &mut terms, &mut errors);
        if let Some(list) = aliases.get(k) {
            for a in list {
                add(a, k, Category::Alias, &mut terms, &mut errors);
            }
        }
        if !id.declared {
            // A found name's given name alone is the person too (其子王志强… 志强每月寄钱), unless
            // jieba knows it as a word that is no name (王建国's 建国/ns, 王小军's 小军/n): a guess
            // is weaker than a declaration, and a word would be replaced all through the case.
            if let Shape::Han { given, .. } = &id.shape
                && given.chars().count() >= 2
                && !crate::segment::is_word_not_name(given)
            {
                add(given, k, Category::GivenName, &mut terms, &mut errors);
            }
            continue;
        }
        // What neighbours call a party by the last character of the given name (潘德旺 → 旺哥,
        // 田桂芳 → 芳姐, 阿芳): the party too, unless the pair is a word (阿姨). Shared by two
        // parties, it names neither (a given name's rule).
        if let Shape::Han { given, .. } = &id.shape
            && let Some(last) = given.chars().last()
        {
            for nick in nicknames_written(last, texts) {
                if !crate::segment::in_dictionary(&nick) {
                    add(&nick, k, Category::GivenName, &mut terms, &mut errors);
                }
            }
        }
        match &id.shape {
            Shape::Han { given, .. } if given.chars().count() >= 2 => {
                add(given, k, Category::GivenName, &mut terms, &mut errors);
            }
            Shape::Dotted { parts, .. } => {
                let joined: String = parts.concat();
                add(&joined, k, main, &mut terms, &mut errors);
                for p in parts {
                    add(p, k, Category::GivenName, &mut terms, &mut errors);
                }
            }
            Shape::Latin { parts, .. } => {
                for p in parts {
                    add(p, k, Category::GivenName, &mut terms, &mut errors);
                }
            }
            _ => {}
        }
    }
    (terms, errors)
}

/// What follows a given name's last character in a nickname (旺哥, 芳姐, 兰嫂), in either script.
const NICKNAME_SUFFIXES: &str = "哥姐嫂叔婶嬸姨妹弟仔";

/// The nicknames of a given name ending in `last` that `texts` hold (旺哥, 阿旺), simplified: one
/// search for the character per text instead of one per nickname.
fn nicknames_written(last: char, texts: &[&str]) -> Vec<String> {
    let trad = crate::script::to_traditional(&last.to_string());
    let forms: Vec<char> = std::iter::once(last).chain(trad.chars()).collect();
    let mut out: Vec<String> = Vec::new();
    for t in texts {
        // A char pattern is a byte search (memchr), not a walk over every character.
        for (i, c) in forms
            .iter()
            .flat_map(|&f| t.match_indices(f).map(move |(i, _)| (i, f)))
        {
            let after = t[i + c.len_utf8()..].chars().next();
            if let Some(a) = after.filter(|a| NICKNAME_SUFFIXES.contains(*a)) {
                let a = if a == '嬸' { '婶' } else { a };
                out.push(format!("{last}{a}"));
            }
            if t[..i].ends_with('阿') {
                out.push(format!("阿{last}"));
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

/// A compiled matcher over script-expanded terms.
pub(crate) struct Matcher {
    pub ac: Multi,
    pub info: Vec<PatternInfo>,
}

/// Build a LeftmostLongest matcher over every script variant of `terms`, folded like the text it
/// runs on ([`crate::project::Projection::fchars`]): a text holding any variant holds its folded
/// form at the same place, and the folded patterns are few.
pub(crate) fn build_matcher(terms: &[Term]) -> Result<Option<Matcher>, SetupError> {
    let mut pats: Vec<String> = Vec::new();
    let mut info: Vec<PatternInfo> = Vec::new();
    let mut seen: HashSet<String> = HashSet::new();
    for t in terms {
        for v in folded_variants(&t.text) {
            if seen.insert(v.clone()) {
                pats.push(v);
                info.push(PatternInfo {
                    identity: t.identity,
                    category: t.category,
                });
            }
        }
    }
    Ok(Multi::new(&pats).map(|ac| Matcher { ac, info }))
}

/// Build a LeftmostLongest matcher for plain strings (keep lists), all script variants, folded
/// like [`build_matcher`]'s.
pub(crate) fn build_plain(strings: &[String]) -> Result<Option<Multi>, SetupError> {
    let mut pats: Vec<String> = strings.iter().flat_map(|s| folded_variants(s)).collect();
    pats.sort();
    pats.dedup();
    Ok(Multi::new(&pats))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Nicknames from a party's given name are the party; a shared one names nobody in
    /// particular and is still removed; a word (阿姨) is not one.
    #[test]
    fn nicknames_from_a_given_name_are_the_party() {
        use crate::{CaseAnonymizer, Party, Policy};
        let parties = [
            Party::new("潘德旺".to_string(), "申请人"),
            Party::new("田桂芳".to_string(), "被申请人"),
        ];
        let text = "旺哥说他不同意，芳姐和阿旺都在场，阿姨也来了。";
        let c = CaseAnonymizer::new(&parties, &[], &Policy::default(), &[text]).expect("parties");
        let out = c.anonymize(text).text;
        assert_eq!(out, "潘某说他不同意，田某和潘某都在场，阿姨也来了。");
        let parties = [
            Party::new("王小芳".to_string(), "申请人"),
            Party::new("李桂芳".to_string(), "被申请人"),
        ];
        let text = "芳姐说。";
        let c = CaseAnonymizer::new(&parties, &[], &Policy::default(), &[text]).expect("parties");
        assert!(!c.anonymize(text).text.contains("芳姐"));
    }

    fn ident(name: &str) -> Identity {
        Identity {
            name: name.into(),
            shape: classify_name(name).unwrap_or(Shape::Fixed),
            pseudonym: String::new(),
            pseudonym_trad: String::new(),
            declared: true,
        }
    }

    fn pseudos(names: &[&str], style: CollisionStyle) -> Vec<String> {
        let mut ids: Vec<Identity> = names.iter().map(|n| ident(n)).collect();
        allocate(&mut ids, style, &HashSet::new());
        ids.into_iter().map(|i| i.pseudonym).collect()
    }

    #[test]
    fn existing_and_undeclared() {
        let ex = existing_tokens("王某与王某甲、欧阳某2、張某某，某某公司");
        for t in ["王某", "王某甲", "欧阳某2", "张某某"] {
            assert!(ex.contains(t), "{t} {ex:?}");
        }
        let mut ids = vec![ident("李四"), ident("王小明")];
        ids[1].declared = false;
        allocate(&mut ids, CollisionStyle::Tiangan, &ex);
        assert_eq!(ids[1].pseudonym, "王某乙");
        assert_eq!(ids[0].pseudonym, "李某");
    }

    #[test]
    fn shapes() {
        assert!(matches!(classify_name("张建国"), Ok(Shape::Han { .. })));
        assert!(matches!(
            classify_name("买买提·艾力"),
            Ok(Shape::Dotted { first: '买', .. })
        ));
        assert!(matches!(
            classify_name("John Smith"),
            Ok(Shape::Latin { first: 'J', .. })
        ));
        assert!(matches!(classify_name("王某"), Ok(Shape::Fixed)));
        assert!(matches!(
            classify_name("成都鑫达科技有限公司"),
            Ok(Shape::Org { .. })
        ));
        for bad in ["", " ", "张", "申请人", "张3", "<b>张三</b>", "张三，李四"] {
            assert!(classify_name(bad).is_err(), "{bad}");
        }
        let e = classify_name("张建国张建国张建国")
            .err()
            .unwrap_or_default();
        assert!(!e.contains("张建国"), "{e}");
    }

    #[test]
    fn pseudonyms_and_collisions() {
        assert_eq!(
            pseudos(&["张建国", "李秀英"], CollisionStyle::Tiangan),
            ["张某", "李某"]
        );
        assert_eq!(pseudos(&["欧阳娜娜"], CollisionStyle::Tiangan), ["欧阳某"]);
        assert_eq!(
            pseudos(&["张建国", "李秀英", "張小紅"], CollisionStyle::Tiangan),
            ["张某甲", "李某", "张某乙"]
        );
        assert_eq!(
            pseudos(&["张建国", "张小红"], CollisionStyle::Numeric),
            ["张某1", "张某2"]
        );
        assert_eq!(
            pseudos(&["王某", "王建国"], CollisionStyle::Tiangan),
            ["王某", "王某甲"]
        );
        assert_eq!(pseudos(&["买买提·艾力"], CollisionStyle::Tiangan), ["买某"]);
        assert_eq!(
            pseudos(
                &["成都鑫达科技有限公司", "重庆某某物业公司", "李四"],
                CollisionStyle::Tiangan
            ),
            ["某科技有限公司", "重庆某某物业公司", "李某"]
        );
        assert_eq!(
            pseudos(&["甲饭店", "乙饭店"], CollisionStyle::Tiangan),
            ["某甲饭店", "某乙饭店"]
        );
    }
}
