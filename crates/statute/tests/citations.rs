//! Table test of real-world citation forms in simplified and traditional script,
//! negatives included. Each expectation is (law, article, zhi, paragraph) where
//! law is a slug, `?title` for a 《…》 title not in the table, or `""` for none.

use pufa_statute::{Citation, LawTable, Options, parse_citations, parse_citations_with};

type Exp = (&'static str, u32, Option<u32>, Option<u32>);

const N: Option<u32> = None;
const MFD: &str = "minfadian";
const HYJT: &str = "hunyinjiatingbianjieshiyi";

const SIMPLIFIED: &[(&str, &[Exp])] = &[
    (
        "《中华人民共和国民法典》第二百八十八条规定",
        &[(MFD, 288, N, N)],
    ),
    ("依据《民法典》第288条，双方应当", &[(MFD, 288, N, N)]),
    ("《民法典》第１２５４条规定了高空抛物", &[(MFD, 1254, N, N)]),
    ("根据民法典第一千一百三十六条", &[(MFD, 1136, N, N)]),
    (
        "依照劳动合同法第三十条的规定",
        &[("laodonghetongfa", 30, N, N)],
    ),
    ("民法典第1217条规定了好意同乘", &[(MFD, 1217, N, N)]),
    (
        "《中华人民共和国民法典》第一千零四十二条第二款",
        &[(MFD, 1042, N, Some(2))],
    ),
    ("《刑法》第一百二十条之一", &[("xingfa", 120, Some(1), N)]),
    (
        "刑法第一百三十三条之一规定的危险驾驶罪",
        &[("xingfa", 133, Some(1), N)],
    ),
    (
        "《民法典》第一千零七十九条第三款第（五）项",
        &[(MFD, 1079, N, Some(3))],
    ),
    (
        "《民法典》第二百八十八条、第二百九十条",
        &[(MFD, 288, N, N), (MFD, 290, N, N)],
    ),
    (
        "根据《民法典》第十条、第十一条和第十二条",
        &[(MFD, 10, N, N), (MFD, 11, N, N), (MFD, 12, N, N)],
    ),
    (
        "《民法典》第十条至第十二条",
        &[(MFD, 10, N, N), (MFD, 11, N, N), (MFD, 12, N, N)],
    ),
    (
        "《民法典》第二百八十八条至二百九十条",
        &[(MFD, 288, N, N), (MFD, 289, N, N), (MFD, 290, N, N)],
    ),
    (
        "《民法典》第288—290条",
        &[(MFD, 288, N, N), (MFD, 289, N, N), (MFD, 290, N, N)],
    ),
    (
        "《民法典》第288-290条",
        &[(MFD, 288, N, N), (MFD, 289, N, N), (MFD, 290, N, N)],
    ),
    (
        "《民法典》第二百九十三条到第二百九十四条",
        &[(MFD, 293, N, N), (MFD, 294, N, N)],
    ),
    (
        "《民法典》第一千零四十二条第一款、第二款",
        &[(MFD, 1042, N, Some(1)), (MFD, 1042, N, Some(2))],
    ),
    (
        "《民法典》第二百八十八条规定……第二百九十三条规定……",
        &[(MFD, 288, N, N), (MFD, 293, N, N)],
    ),
    (
        "根据民法典第二百八十八条、第二百九十条的规定",
        &[(MFD, 288, N, N), (MFD, 290, N, N)],
    ),
    (
        "《民法典》第九百三十七条、第九百四十四条",
        &[(MFD, 937, N, N), (MFD, 944, N, N)],
    ),
    ("《民法典》第1165条第1款", &[(MFD, 1165, N, Some(1))]),
    ("依照《民法典》第一千零四十三条之规定", &[(MFD, 1043, N, N)]),
    ("以《民法典》第275条为纲", &[(MFD, 275, N, N)]),
    (
        "《民法典》第一千一百六十五条第一款，第一千一百七十九条",
        &[(MFD, 1165, N, Some(1)), (MFD, 1179, N, N)],
    ),
    (
        "《劳动合同法》第十条，第八十二条",
        &[("laodonghetongfa", 10, N, N), ("laodonghetongfa", 82, N, N)],
    ),
    (
        "1982年《宪法》第18条第2款(2004修正)",
        &[("xianfa", 18, N, Some(2))],
    ),
    ("《宪法》第三十三条", &[("xianfa", 33, N, N)]),
    (
        "《中华人民共和国劳动法》第四十四条",
        &[("laodongfa", 44, N, N)],
    ),
    (
        "《消费者权益保护法》第五十五条",
        &[("xiaofeizhequanyibaohufa", 55, N, N)],
    ),
    (
        "《治安管理处罚法》第五十八条",
        &[("zhianguanlichufafa", 58, N, N)],
    ),
    ("依据物业管理条例第七条", &[("wuyeguanlitiaoli", 7, N, N)]),
    (
        "《保障农民工工资支付条例》第三条",
        &[("baozhangnongmingonggongzizhifutiaoli", 3, N, N)],
    ),
    (
        "《中华人民共和国人民调解法》第三十一条",
        &[("renmintiaojiefa", 31, N, N)],
    ),
    (
        "《反家庭暴力法》第二十三条",
        &[("fanjiatingbaolifa", 23, N, N)],
    ),
    (
        "《中华人民共和国老年人权益保障法》第十四条",
        &[("laonianrenquanyibaozhangfa", 14, N, N)],
    ),
    (
        "《未成年人保护法》第十七条",
        &[("weichengnianrenbaohufa", 17, N, N)],
    ),
    (
        "《妇女权益保障法》第四十八条",
        &[("funvquanyibaozhangfa", 48, N, N)],
    ),
    (
        "《村民委员会组织法》第二十七条",
        &[("cunminweiyuanhuizuzhifa", 27, N, N)],
    ),
    (
        "居委会组织法第十五条",
        &[("chengshijuminweiyuanhuizuzhifa", 15, N, N)],
    ),
    (
        "依照民事诉讼法第一百二十二条",
        &[("minshisusongfa", 122, N, N)],
    ),
    (
        "《中华人民共和国民事诉讼法（2021修正）》第一百二十二条",
        &[("minshisusongfa", 122, N, N)],
    ),
    (
        "《中华人民共和国未成年人保护法》（2020年修订）第十七条",
        &[("weichengnianrenbaohufa", 17, N, N)],
    ),
    (
        "《个人信息保护法》第十三条",
        &[("gerenxinxibaohufa", 13, N, N)],
    ),
    (
        "反电信网络诈骗法第二十五条",
        &[("fandianxinwangluozhapianfa", 25, N, N)],
    ),
    (
        "《中华人民共和国法律援助法》第二十二条",
        &[("falvyuanzhufa", 22, N, N)],
    ),
    (
        "《劳动争议调解仲裁法》第二十七条",
        &[("laodongzhengyitiaojiezhongcaifa", 27, N, N)],
    ),
    ("社会保险法第三十六条", &[("shehuibaoxianfa", 36, N, N)]),
    (
        "《农村土地承包法》第三十八条",
        &[("nongcuntudichengbaofa", 38, N, N)],
    ),
    ("《著作权法》第十条", &[("zhuzuoquanfa", 10, N, N)]),
    (
        "《道路交通安全法》第七十六条",
        &[("daolujiaotonganquanfa", 76, N, N)],
    ),
    (
        "《中华人民共和国民法通则》第八十三条",
        &[("minfatongze", 83, N, N)],
    ),
    ("物权法第八十四条", &[("wuquanfa", 84, N, N)]),
    ("原婚姻法第三十二条", &[("hunyinfa", 32, N, N)]),
    (
        "《最高人民法院关于适用〈中华人民共和国民法典〉婚姻家庭编的解释（一）》第三十五条",
        &[(HYJT, 35, N, N)],
    ),
    (
        "《最高人民法院关于适用〈中华人民共和国民法典〉物权编的解释（一）》第二条",
        &[(
            "?最高人民法院关于适用〈中华人民共和国民法典〉物权编的解释（一）",
            2,
            N,
            N,
        )],
    ),
    (
        "《最高人民法院关于适用〈中华人民共和国民法典〉婚姻家庭编的解释（一）》（以下简称《解释（一）》）。另查，《解释（一）》第五条",
        &[(HYJT, 5, N, N)],
    ),
    (
        "《中华人民共和国海商法》（以下简称“海商法”）规定……依照海商法第五条",
        &[("?中华人民共和国海商法", 5, N, N)],
    ),
    (
        "《某某市物业服务条例》(以下简称条例)。\n条例第五条规定",
        &[("?某某市物业服务条例", 5, N, N)],
    ),
    (
        "《中华人民共和国人民调解法》第二条规定……本法第三十三条",
        &[("renmintiaojiefa", 2, N, N), ("renmintiaojiefa", 33, N, N)],
    ),
    (
        "依据《中华人民共和国劳动合同法》，该法第八十二条",
        &[("laodonghetongfa", 82, N, N)],
    ),
    (
        "《民法典》第二百八十八条。\n第二百九十条",
        &[(MFD, 288, N, N), ("", 290, N, N)],
    ),
    ("《民法典》相关规定\n\n第二百九十四条", &[("", 294, N, N)]),
    ("本案中，第二百九十四条明确规定", &[("", 294, N, N)]),
    ("第 288 条", &[("", 288, N, N)]),
    ("遵守劳动法律法规，第二条", &[("", 2, N, N)]),
    ("一是学习民法典第二百八十八条", &[(MFD, 288, N, N)]),
    ("依照本法第十条", &[("", 10, N, N)]),
    (
        "中华人民共和国国防教育法第五条",
        &[("?中华人民共和国国防教育法", 5, N, N)],
    ),
    ("中华人民共和国劳动法第四十四条", &[("laodongfa", 44, N, N)]),
    ("刑法修正案（十一）出台后，第五条", &[("", 5, N, N)]),
    (
        "《民法典》第一千二百六十条规定：“……《中华人民共和国婚姻法》……同时废止。”第一千二百五十九条",
        &[(MFD, 1260, N, N), (MFD, 1259, N, N)],
    ),
    // Negatives.
    ("依据民法典的规定，双方应当友好协商。", &[]),
    ("可以认定为民法典所称的近亲属", &[]),
    ("（2023）京0105调字第0012号调解书", &[]),
    ("（2014）桂民一终字第21号", &[]),
    ("（2016）最高法民终第21号", &[]),
    ("司法部令第1号", &[]),
    ("第一章 总则\n第三节 相邻关系", &[]),
    ("双方第三次到调解室，第二天达成协议", &[]),
    ("一是加强宣传，二是完善机制", &[]),
    ("走第一条路", &[]),
    ("《人民日报》第3版", &[]),
    ("本条第二款、前款规定", &[]),
];

const TRADITIONAL: &[(&str, &[Exp])] = &[
    (
        "《中華人民共和國民法典》第二百八十八條",
        &[(MFD, 288, N, N)],
    ),
    ("民法典第一千零四十二條", &[(MFD, 1042, N, N)]),
    ("《民法典》第１２５４條", &[(MFD, 1254, N, N)]),
    ("《勞動合同法》第三十條", &[("laodonghetongfa", 30, N, N)]),
    (
        "勞動合同法第八十二條第二款",
        &[("laodonghetongfa", 82, N, Some(2))],
    ),
    (
        "《中華人民共和國刑法》第一百二十條之一",
        &[("xingfa", 120, Some(1), N)],
    ),
    (
        "《民法典》第二百八十八條、第二百九十條",
        &[(MFD, 288, N, N), (MFD, 290, N, N)],
    ),
    (
        "第十條至第十二條",
        &[("", 10, N, N), ("", 11, N, N), ("", 12, N, N)],
    ),
    (
        "《民法典》第288—290條",
        &[(MFD, 288, N, N), (MFD, 289, N, N), (MFD, 290, N, N)],
    ),
    (
        "《民法典》第一千零七十九條第三款第（五）項",
        &[(MFD, 1079, N, Some(3))],
    ),
    ("第一千零四十二條第二款", &[("", 1042, N, Some(2))]),
    (
        "《最高人民法院關於適用〈中華人民共和國民法典〉婚姻家庭編的解釋（一）》第三十五條",
        &[(HYJT, 35, N, N)],
    ),
    (
        "《中華人民共和國消費者權益保護法》第五十五條",
        &[("xiaofeizhequanyibaohufa", 55, N, N)],
    ),
    (
        "《中華人民共和國治安管理處罰法》第五十八條",
        &[("zhianguanlichufafa", 58, N, N)],
    ),
    (
        "治安管理處罰法第四十二條",
        &[("zhianguanlichufafa", 42, N, N)],
    ),
    (
        "《中華人民共和國人民調解法》（以下簡稱「調解法」）。調解法第三十三條",
        &[("renmintiaojiefa", 33, N, N)],
    ),
    (
        "《中華人民共和國老年人權益保障法》第十四條",
        &[("laonianrenquanyibaozhangfa", 14, N, N)],
    ),
    (
        "《中華人民共和國婚姻法》第三十二條",
        &[("hunyinfa", 32, N, N)],
    ),
    (
        "《中華人民共和國勞動法》第四十四條……本法第九十一條",
        &[("laodongfa", 44, N, N), ("laodongfa", 91, N, N)],
    ),
    (
        "村民委員會組織法第二十七條",
        &[("cunminweiyuanhuizuzhifa", 27, N, N)],
    ),
    (
        "《中華人民共和國個人信息保護法》第十三條",
        &[("gerenxinxibaohufa", 13, N, N)],
    ),
    (
        "《城市居民委員會組織法》第十五條",
        &[("chengshijuminweiyuanhuizuzhifa", 15, N, N)],
    ),
    (
        "《保障農民工工資支付條例》第三條",
        &[("baozhangnongmingonggongzizhifutiaoli", 3, N, N)],
    ),
    (
        "《中華人民共和國反電信網絡詐騙法》第二十五條",
        &[("fandianxinwangluozhapianfa", 25, N, N)],
    ),
    // Negatives.
    ("依據民法典的規定", &[]),
    ("（2014）桂民一終字第21號", &[]),
    ("第一章 總則", &[]),
    ("國務院令第587號", &[]),
];

fn key(c: &Citation) -> (String, u32, Option<u32>, Option<u32>) {
    let law = match (&c.law, &c.unknown_law) {
        (Some(l), _) => l.slug.clone(),
        (None, Some(t)) => format!("?{t}"),
        (None, None) => String::new(),
    };
    (law, c.article, c.zhi, c.paragraph)
}

fn check(cases: &[(&str, &[Exp])]) -> usize {
    let table = LawTable::builtin();
    for (text, want) in cases {
        let got: Vec<_> = parse_citations(text, &table).iter().map(key).collect();
        let want: Vec<_> = want
            .iter()
            .map(|&(l, a, z, p)| (l.to_string(), a, z, p))
            .collect();
        assert_eq!(got, want, "input: {text}");
    }
    cases.len()
}

#[test]
fn simplified_forms() {
    assert!(check(SIMPLIFIED) >= 60);
}

#[test]
fn traditional_forms() {
    assert!(check(TRADITIONAL) >= 20);
}

fn spans(text: &str) -> Vec<&str> {
    parse_citations(text, &LawTable::builtin())
        .iter()
        .map(|c| &text[c.start..c.end])
        .collect()
}

#[test]
fn spans_and_law_text() {
    let text = "依据《民法典》第二百八十八条、第二百九十条规定";
    assert_eq!(spans(text), ["《民法典》第二百八十八条", "第二百九十条"]);
    let cs = parse_citations(text, &LawTable::builtin());
    assert!(cs.iter().all(|c| c.law_text == "《民法典》"));

    assert_eq!(spans("见第十条至第十二条。"), ["第十条至第十二条"; 3]);
    assert_eq!(spans("《民法典》第288—290条"), ["《民法典》第288—290条"; 3]);
    assert_eq!(
        spans("民法典第一千零四十二条第二款规定"),
        ["民法典第一千零四十二条第二款"]
    );
    assert_eq!(
        spans("《中華人民共和國民法典》第一千零七十九條第三款第（五）項規定"),
        ["《中華人民共和國民法典》第一千零七十九條第三款第（五）項"]
    );
    let cs = parse_citations("本法第十条", &LawTable::builtin());
    assert_eq!(cs[0].law_text, "本法");
    let cs = parse_citations("另见第十条", &LawTable::builtin());
    assert_eq!(cs[0].law_text, "");
}

#[test]
fn items() {
    let table = LawTable::builtin();
    let cs = parse_citations(
        "《民法典》第一千零七十九条第三款第（五）项、第（六）项",
        &table,
    );
    let got: Vec<_> = cs
        .iter()
        .map(|c| (c.article, c.paragraph, c.item))
        .collect();
    assert_eq!(got, [(1079, Some(3), Some(5)), (1079, Some(3), Some(6))]);
    let cs = parse_citations("《劳动合同法》第三十八条第一款第(二)项", &table);
    assert_eq!(cs[0].item, Some(2));
    let cs = parse_citations("《劳动合同法》第四十六条第一项", &table);
    assert_eq!((cs[0].paragraph, cs[0].item), (None, Some(1)));
}

#[test]
fn unknown_law_and_repealed() {
    let table = LawTable::builtin();
    let cs = parse_citations("《某某村村规民约》第五条", &table);
    assert_eq!(cs[0].law, None);
    assert_eq!(cs[0].unknown_law.as_deref(), Some("某某村村规民约"));
    let cs = parse_citations("物权法第八十四条", &table);
    let law = table.by_slug(
        &cs[0]
            .law
            .as_ref()
            .map(|l| l.slug.clone())
            .unwrap_or_default(),
    );
    assert_eq!(law.and_then(|e| e.successor.as_deref()), Some("minfadian"));
}

#[test]
fn convention_text_with_clause_headings() {
    let table = LawTable::builtin();
    let text = "第一条 为维护社区秩序，根据《中华人民共和国民法典》第二百八十八条制定本公约。\n　　第二条　居民应当遵守本公约第一条的规定。\n第三条之一 附则";
    let got: Vec<_> = parse_citations_with(
        text,
        &table,
        Options {
            lines_are_articles: true,
        },
    )
    .iter()
    .map(|c| (key(c), c.law_text.clone()))
    .collect();
    assert_eq!(
        got,
        [
            ((MFD.into(), 288, N, N), "《中华人民共和国民法典》".into()),
            ((String::new(), 1, N, N), "本公约".into()),
        ]
    );
    let plain: Vec<_> = parse_citations(text, &table)
        .iter()
        .map(|c| c.article)
        .collect();
    assert_eq!(plain, [1, 288, 2, 1, 3]);
}

#[test]
fn site_laws_extend_the_table() {
    let mut table = LawTable::builtin();
    table.extend([pufa_statute::LawEntry::new(
        "某某市物业管理条例",
        "市物业条例",
        "shiwuyetiaoli",
        &["物业条例"],
    )]);
    let cs = parse_citations("依照物业条例第十二条", &table);
    assert_eq!(
        cs[0].law.as_ref().map(|l| l.slug.as_str()),
        Some("shiwuyetiaoli")
    );
    let cs = parse_citations("《某某市物业管理条例》第十二条", &table);
    assert_eq!(
        cs[0].law.as_ref().map(|l| l.short.as_str()),
        Some("市物业条例")
    );
}

#[test]
fn odd_input_does_not_panic() {
    let table = LawTable::builtin();
    for text in [
        "",
        "第",
        "《",
        "》",
        "《》第一条",
        "第条",
        "第一",
        "第十条至",
        "第十条、",
        "（以下简称",
        "《民法典》（以下简称“",
        "第99999999999999条",
        "第一条之",
        "第一条第",
        "第（",
        "本法第",
    ] {
        let _ = parse_citations(text, &table);
        let _ = parse_citations_with(
            text,
            &table,
            Options {
                lines_are_articles: true,
            },
        );
    }
}
