//! The law gazetteer: a built-in table of common laws, regulations and judicial
//! interpretations (full name, short name, pinyin slug, aliases, repeal status),
//! extendable from a site's config, with lookup by any name in either script.

use std::collections::HashMap;

use crate::fold::fold_char;

/// What kind of legal text an entry is (立法法 hierarchy, coarsely).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LawKind {
    /// 宪法.
    Constitution,
    /// 法律 passed by the NPC or its Standing Committee.
    #[default]
    Law,
    /// 行政法规 (…条例).
    Regulation,
    /// 司法解释 of the Supreme People's Court / Procuratorate.
    Interpretation,
}

/// One law in the table. Build custom ones with [`LawEntry::new`] or struct
/// update syntax over `LawEntry::default()`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LawEntry {
    /// Full official title without 书名号, e.g. `中华人民共和国民法典`.
    pub name: String,
    /// Short name used in prose, e.g. `民法典`.
    pub short: String,
    /// URL slug, the toneless pinyin of `short`, e.g. `minfadian`.
    pub slug: String,
    /// Further names (abbreviations) that resolve to this law.
    pub aliases: Vec<String>,
    pub kind: LawKind,
    /// True for laws no longer in force (e.g. those repealed by 民法典第一千二百六十条).
    pub repealed: bool,
    /// Slug of the law that replaced a repealed one. Citations are never rewritten.
    pub successor: Option<String>,
}

impl LawEntry {
    /// A law in force of kind [`LawKind::Law`].
    pub fn new(name: &str, short: &str, slug: &str, aliases: &[&str]) -> Self {
        LawEntry {
            name: name.into(),
            short: short.into(),
            slug: slug.into(),
            aliases: aliases.iter().map(|a| a.to_string()).collect(),
            ..LawEntry::default()
        }
    }

    /// The (slug, short name) pair a citation carries.
    pub fn law_ref(&self) -> LawRef {
        LawRef {
            slug: self.slug.clone(),
            short: self.short.clone(),
        }
    }
}

/// A resolved law as carried by a citation.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct LawRef {
    pub slug: String,
    pub short: String,
}

/// The gazetteer. Names are matched after folding traditional characters,
/// full-width digits/parentheses, whitespace and 书名号 (see [`norm_key`]).
#[derive(Debug, Clone, Default)]
pub struct LawTable {
    entries: Vec<LawEntry>,
    index: HashMap<String, usize>,
    /// Normalised names by first char, longest first, for unbracketed matching.
    by_first: HashMap<char, Vec<(Vec<char>, usize)>>,
}

const PRC: &str = "中华人民共和国";

use LawKind::{Constitution as C, Interpretation as I, Law as L, Regulation as R};

/// (full name, short name, slug, kind, aliases, successor slug if repealed).
type Row = (
    &'static str,
    &'static str,
    &'static str,
    LawKind,
    &'static [&'static str],
    Option<&'static str>,
);

const MFD: Option<&str> = Some("minfadian");

#[rustfmt::skip]
const BUILTIN: &[Row] = &[
    ("中华人民共和国宪法", "宪法", "xianfa", C, &[], None),
    ("中华人民共和国民法典", "民法典", "minfadian", L, &[], None),
    ("中华人民共和国劳动合同法", "劳动合同法", "laodonghetongfa", L, &[], None),
    ("中华人民共和国劳动法", "劳动法", "laodongfa", L, &[], None),
    ("中华人民共和国消费者权益保护法", "消费者权益保护法", "xiaofeizhequanyibaohufa", L, &["消保法"], None),
    ("中华人民共和国人民调解法", "人民调解法", "renmintiaojiefa", L, &[], None),
    ("中华人民共和国治安管理处罚法", "治安管理处罚法", "zhianguanlichufafa", L, &["治安处罚法"], None),
    ("中华人民共和国老年人权益保障法", "老年人权益保障法", "laonianrenquanyibaozhangfa", L, &["老年法"], None),
    ("中华人民共和国未成年人保护法", "未成年人保护法", "weichengnianrenbaohufa", L, &["未保法"], None),
    ("中华人民共和国预防未成年人犯罪法", "预防未成年人犯罪法", "yufangweichengnianrenfanzuifa", L, &[], None),
    ("中华人民共和国妇女权益保障法", "妇女权益保障法", "funvquanyibaozhangfa", L, &["妇女法"], None),
    ("中华人民共和国反家庭暴力法", "反家庭暴力法", "fanjiatingbaolifa", L, &["反家暴法"], None),
    ("中华人民共和国家庭教育促进法", "家庭教育促进法", "jiatingjiaoyucujinfa", L, &[], None),
    ("中华人民共和国残疾人保障法", "残疾人保障法", "canjirenbaozhangfa", L, &[], None),
    ("物业管理条例", "物业管理条例", "wuyeguanlitiaoli", R, &[], None),
    ("中华人民共和国城市居民委员会组织法", "城市居民委员会组织法", "chengshijuminweiyuanhuizuzhifa", L, &["居委会组织法", "居民委员会组织法"], None),
    ("中华人民共和国村民委员会组织法", "村民委员会组织法", "cunminweiyuanhuizuzhifa", L, &["村委会组织法"], None),
    ("中华人民共和国民事诉讼法", "民事诉讼法", "minshisusongfa", L, &["民诉法"], None),
    ("中华人民共和国刑事诉讼法", "刑事诉讼法", "xingshisusongfa", L, &["刑诉法"], None),
    ("中华人民共和国行政诉讼法", "行政诉讼法", "xingzhengsusongfa", L, &["行诉法"], None),
    ("中华人民共和国行政复议法", "行政复议法", "xingzhengfuyifa", L, &[], None),
    ("中华人民共和国行政处罚法", "行政处罚法", "xingzhengchufafa", L, &[], None),
    ("中华人民共和国刑法", "刑法", "xingfa", L, &[], None),
    ("中华人民共和国立法法", "立法法", "lifafa", L, &[], None),
    ("中华人民共和国道路交通安全法", "道路交通安全法", "daolujiaotonganquanfa", L, &["道交法"], None),
    ("中华人民共和国反电信网络诈骗法", "反电信网络诈骗法", "fandianxinwangluozhapianfa", L, &["反诈法"], None),
    ("中华人民共和国个人信息保护法", "个人信息保护法", "gerenxinxibaohufa", L, &["个保法"], None),
    ("中华人民共和国著作权法", "著作权法", "zhuzuoquanfa", L, &[], None),
    ("中华人民共和国农村土地承包法", "农村土地承包法", "nongcuntudichengbaofa", L, &[], None),
    ("中华人民共和国土地管理法", "土地管理法", "tudiguanlifa", L, &[], None),
    ("中华人民共和国劳动争议调解仲裁法", "劳动争议调解仲裁法", "laodongzhengyitiaojiezhongcaifa", L, &[], None),
    ("中华人民共和国仲裁法", "仲裁法", "zhongcaifa", L, &[], None),
    ("中华人民共和国社会保险法", "社会保险法", "shehuibaoxianfa", L, &[], None),
    ("工伤保险条例", "工伤保险条例", "gongshangbaoxiantiaoli", R, &[], None),
    ("保障农民工工资支付条例", "保障农民工工资支付条例", "baozhangnongmingonggongzizhifutiaoli", R, &[], None),
    ("中华人民共和国法律援助法", "法律援助法", "falvyuanzhufa", L, &[], None),
    ("中华人民共和国律师法", "律师法", "lvshifa", L, &[], None),
    ("中华人民共和国噪声污染防治法", "噪声污染防治法", "zaoshengwuranfangzhifa", L, &[], None),
    ("中华人民共和国环境保护法", "环境保护法", "huanjingbaohufa", L, &["环保法"], None),
    ("中华人民共和国食品安全法", "食品安全法", "shipinanquanfa", L, &[], None),
    ("中华人民共和国产品质量法", "产品质量法", "chanpinzhiliangfa", L, &[], None),
    ("中华人民共和国电子商务法", "电子商务法", "dianzishangwufa", L, &[], None),
    ("中华人民共和国安全生产法", "安全生产法", "anquanshengchanfa", L, &[], None),
    ("中华人民共和国消防法", "消防法", "xiaofangfa", L, &[], None),
    ("中华人民共和国禁毒法", "禁毒法", "jindufa", L, &[], None),
    ("中华人民共和国教育法", "教育法", "jiaoyufa", L, &[], None),
    ("中华人民共和国义务教育法", "义务教育法", "yiwujiaoyufa", L, &[], None),
    ("中华人民共和国公司法", "公司法", "gongsifa", L, &[], None),
    ("中华人民共和国旅游法", "旅游法", "lvyoufa", L, &[], None),
    ("中华人民共和国慈善法", "慈善法", "cishanfa", L, &[], None),
    ("中华人民共和国广告法", "广告法", "guanggaofa", L, &[], None),
    ("中华人民共和国价格法", "价格法", "jiagefa", L, &[], None),
    ("中华人民共和国反不正当竞争法", "反不正当竞争法", "fanbuzhengdangjingzhengfa", L, &[], None),
    ("中华人民共和国网络安全法", "网络安全法", "wangluoanquanfa", L, &[], None),
    (
        "最高人民法院关于适用《中华人民共和国民法典》婚姻家庭编的解释（一）",
        "婚姻家庭编解释（一）",
        "hunyinjiatingbianjieshiyi",
        I,
        &["民法典婚姻家庭编解释（一）", "婚姻家庭编解释一"],
        None,
    ),
    (
        "最高人民法院关于适用《中华人民共和国民法典》继承编的解释（一）",
        "继承编解释（一）",
        "jichengbianjieshiyi",
        I,
        &["民法典继承编解释（一）", "继承编解释一"],
        None,
    ),
    (
        "最高人民法院关于适用《中华人民共和国民事诉讼法》的解释",
        "民事诉讼法解释",
        "minshisusongfajieshi",
        I,
        &["民诉法解释"],
        None,
    ),
    (
        "最高人民法院关于审理人身损害赔偿案件适用法律若干问题的解释",
        "人身损害赔偿解释",
        "renshensunhaipeichangjieshi",
        I,
        &[],
        None,
    ),
    // Repealed on 2021-01-01 by 民法典第一千二百六十条.
    ("中华人民共和国婚姻法", "婚姻法", "hunyinfa", L, &[], MFD),
    ("中华人民共和国继承法", "继承法", "jichengfa", L, &[], MFD),
    ("中华人民共和国合同法", "合同法", "hetongfa", L, &[], MFD),
    ("中华人民共和国物权法", "物权法", "wuquanfa", L, &[], MFD),
    ("中华人民共和国侵权责任法", "侵权责任法", "qinquanzerenfa", L, &[], MFD),
    ("中华人民共和国民法通则", "民法通则", "minfatongze", L, &[], MFD),
    ("中华人民共和国民法总则", "民法总则", "minfazongze", L, &[], MFD),
    ("中华人民共和国收养法", "收养法", "shouyangfa", L, &[], MFD),
    ("中华人民共和国担保法", "担保法", "danbaofa", L, &[], MFD),
];

/// Normalise a law name for lookup: fold traditional characters, full-width
/// digits and parentheses; drop whitespace, 书名号 《》〈〉 and quotes.
pub fn norm_key(name: &str) -> String {
    name.chars()
        .map(fold_char)
        .filter(|c| !c.is_whitespace() && !"《》〈〉“”\"「」『』‘’'".contains(*c))
        .collect()
}

/// Strip one trailing version note such as `（2020年修正）` or `(已失效)`.
fn strip_version(key: &str) -> Option<&str> {
    let body = key.strip_suffix(')')?;
    let open = body.rfind('(')?;
    let note = &body[open + 1..];
    let is_version = note.chars().any(|c| c.is_ascii_digit())
        || ["修正", "修订", "修改", "失效", "废止", "施行"]
            .iter()
            .any(|w| note.contains(w));
    is_version.then(|| &body[..open])
}

impl LawTable {
    /// The built-in table (≥ 60 laws, regulations and interpretations).
    pub fn builtin() -> Self {
        let mut t = LawTable::default();
        t.extend(
            BUILTIN
                .iter()
                .map(|&(name, short, slug, kind, aliases, succ)| LawEntry {
                    kind,
                    repealed: succ.is_some(),
                    successor: succ.map(str::to_string),
                    ..LawEntry::new(name, short, slug, aliases)
                }),
        );
        t
    }

    /// Add laws (e.g. from a site's config). An entry whose slug is already
    /// present replaces the old entry; names of later entries win on conflict.
    pub fn extend(&mut self, entries: impl IntoIterator<Item = LawEntry>) {
        for e in entries {
            match self.entries.iter().position(|o| o.slug == e.slug) {
                Some(i) => self.entries[i] = e,
                None => self.entries.push(e),
            }
        }
        self.reindex();
    }

    fn reindex(&mut self) {
        self.index.clear();
        self.by_first.clear();
        for (i, e) in self.entries.iter().enumerate() {
            let names = [&e.name, &e.short].into_iter().chain(&e.aliases);
            for name in names {
                let key = norm_key(name);
                if let Some(bare) = key.strip_prefix(PRC).filter(|b| !b.is_empty()) {
                    self.index.insert(bare.to_string(), i);
                }
                self.index.insert(key, i);
            }
        }
        for (key, &i) in &self.index {
            let chars: Vec<char> = key.chars().collect();
            if chars.len() >= 2 {
                self.by_first.entry(chars[0]).or_default().push((chars, i));
            }
        }
        for v in self.by_first.values_mut() {
            v.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(&b.0)));
        }
    }

    /// All entries, in table order.
    pub fn entries(&self) -> &[LawEntry] {
        &self.entries
    }

    /// Find a law by full name, short name or alias, in either script, with or
    /// without 书名号, `中华人民共和国` or a trailing version note.
    pub fn lookup(&self, name: &str) -> Option<&LawEntry> {
        let mut key = norm_key(name);
        loop {
            let hit = self.index.get(&key).or_else(|| {
                let alt = key.strip_prefix(PRC).unwrap_or(&key);
                self.index.get(alt)
            });
            if let Some(&i) = hit {
                return self.entries.get(i);
            }
            key = strip_version(&key)?.to_string();
        }
    }

    /// Find a law by slug.
    pub fn by_slug(&self, slug: &str) -> Option<&LawEntry> {
        self.entries.iter().find(|e| e.slug == slug)
    }

    /// The longest table name starting at `text[0]` (already folded), as
    /// (length in chars, entry).
    pub(crate) fn match_prefix(&self, text: &[char]) -> Option<(usize, &LawEntry)> {
        let cands = self.by_first.get(text.first()?)?;
        let (k, i) = cands.iter().find(|(k, _)| text.starts_with(k))?;
        Some((k.len(), self.entries.get(*i)?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pinyin::ToPinyinMulti;

    fn slug(t: &LawTable, name: &str) -> Option<String> {
        t.lookup(name).map(|e| e.slug.clone())
    }

    #[test]
    fn builtin_size_and_unique_slugs() {
        let t = LawTable::builtin();
        assert!(t.entries().len() >= 40);
        let mut slugs: Vec<_> = t.entries().iter().map(|e| &e.slug).collect();
        slugs.sort();
        slugs.dedup();
        assert_eq!(slugs.len(), t.entries().len());
    }

    #[test]
    fn lookup_by_any_name() {
        let t = LawTable::builtin();
        let mfd = Some("minfadian".to_string());
        for name in [
            "中华人民共和国民法典",
            "民法典",
            "《民法典》",
            "中華人民共和國民法典",
            "《中華人民共和國民法典》",
            " 民法典 ",
        ] {
            assert_eq!(slug(&t, name), mfd, "{name}");
        }
        assert_eq!(
            slug(&t, "居委会组织法").as_deref(),
            Some("chengshijuminweiyuanhuizuzhifa")
        );
        assert_eq!(slug(&t, "《旅游法》").as_deref(), Some("lvyoufa"));
        assert_eq!(
            slug(&t, "中华人民共和国劳动合同法（2012年修正）").as_deref(),
            Some("laodonghetongfa")
        );
        assert_eq!(slug(&t, "婚姻法(已失效)").as_deref(), Some("hunyinfa"));
        assert_eq!(
            slug(&t, "中华人民共和国物业管理条例").as_deref(),
            Some("wuyeguanlitiaoli")
        );
        assert_eq!(
            slug(
                &t,
                "最高人民法院关于适用〈中华人民共和国民法典〉婚姻家庭编的解释（一）"
            )
            .as_deref(),
            Some("hunyinjiatingbianjieshiyi")
        );
        assert_eq!(slug(&t, "海商法"), None);
        assert_eq!(slug(&t, ""), None);
        assert_eq!(t.by_slug("xingfa").map(|e| e.short.as_str()), Some("刑法"));
    }

    #[test]
    fn repealed_laws_name_their_successor() {
        let t = LawTable::builtin();
        for short in [
            "婚姻法",
            "继承法",
            "合同法",
            "物权法",
            "侵权责任法",
            "民法通则",
            "民法总则",
        ] {
            let e = t.lookup(short).expect(short);
            assert!(e.repealed, "{short}");
            assert_eq!(e.successor.as_deref(), Some("minfadian"));
        }
        assert!(!t.lookup("民法典").is_some_and(|e| e.repealed));
    }

    #[test]
    fn extend_adds_and_replaces() {
        let mut t = LawTable::builtin();
        let n = t.entries().len();
        t.extend([
            LawEntry::new("中华人民共和国海商法", "海商法", "haishangfa", &[]),
            LawEntry {
                kind: LawKind::Law,
                ..LawEntry::new("中华人民共和国民法典", "民法典", "minfadian", &["法典"])
            },
        ]);
        assert_eq!(t.entries().len(), n + 1);
        assert_eq!(slug(&t, "海商法").as_deref(), Some("haishangfa"));
        assert_eq!(slug(&t, "法典").as_deref(), Some("minfadian"));
    }

    /// Slugs are the toneless pinyin of the short name (any reading of a polyphone).
    #[test]
    fn slugs_are_pinyin_of_short_names() {
        for e in LawTable::builtin().entries() {
            let mut rest = e.slug.as_str();
            for multi in e.short.as_str().to_pinyin_multi().flatten() {
                let reading = multi
                    .into_iter()
                    .map(|p| p.plain().replace('ü', "v"))
                    .find(|p| rest.starts_with(p.as_str()))
                    .unwrap_or_else(|| panic!("{}: no reading of a char fits {rest}", e.short));
                rest = &rest[reading.len()..];
            }
            assert_eq!(rest, "", "{}", e.short);
        }
    }

    /// Every table name, converted to traditional (OpenCC, three variants), folds back.
    #[test]
    fn traditional_names_fold_back() {
        let t = LawTable::builtin();
        for e in t.entries() {
            for name in [&e.name, &e.short].into_iter().chain(&e.aliases) {
                for trad in [hanconv::s2t(name), hanconv::s2tw(name), hanconv::s2hk(name)] {
                    assert_eq!(t.lookup(&trad).map(|x| &x.slug), Some(&e.slug), "{trad}");
                }
            }
        }
    }
}
