//! Behaviour tests of the public API: declared parties, collisions, script variants, markup splits,
//! undeclared names, keep lists, numbers and addresses, audit terms, and property tests that a
//! declared name never survives anonymization and is always found by the auditor.

use proptest::prelude::*;

use crate::project::Projection;
use crate::script::fold_str;
use crate::*;

fn case(parties: &[Party], keep: &[&str], texts: &[&str]) -> CaseAnonymizer {
    let keep: Vec<String> = keep.iter().map(|s| s.to_string()).collect();
    match CaseAnonymizer::new(parties, &keep, &Policy::default(), texts) {
        Ok(c) => c,
        Err(e) => panic!("setup failed: {e:?}"),
    }
}

fn anon(parties: &[Party], text: &str) -> String {
    case(parties, &[], &[text]).anonymize(text).text
}

fn p(name: &str) -> Party {
    Party::new(name, "当事人")
}

// ---------------------------------------------------------------- declared parties

#[test]
fn parties_become_surname_mou() {
    let parties = [
        Party::new("张建国", "申请人"),
        Party::new("李秀英", "被申请人"),
    ];
    let text = "申请人张建国与被申请人李秀英系上下楼邻居。张建国称……";
    assert_eq!(
        anon(&parties, text),
        "申请人张某与被申请人李某系上下楼邻居。张某称……"
    );
    let c = case(&parties, &[], &[text]);
    assert_eq!(
        c.party_pseudonyms(),
        vec![
            ("申请人".to_string(), "张某".to_string()),
            ("被申请人".to_string(), "李某".to_string())
        ]
    );
}

#[test]
fn compound_surnames_stay_whole() {
    let parties = [p("欧阳娜娜"), p("诸葛明"), p("司马光明")];
    assert_eq!(
        anon(&parties, "欧阳娜娜、诸葛明和司马光明到场"),
        "欧阳某、诸葛某和司马某到场"
    );
}

#[test]
fn collisions_tiangan_and_numeric() {
    let parties = [p("张建国"), p("李秀英"), p("张小红")];
    let text = "张建国、张小红与李秀英";
    assert_eq!(anon(&parties, text), "张某甲、张某乙与李某");
    let policy = Policy {
        collision: CollisionStyle::Numeric,
        ..Policy::default()
    };
    let c = CaseAnonymizer::new(&parties, &[], &policy, &[text]).map_err(|e| format!("{e:?}"));
    assert_eq!(
        c.map(|c| c.anonymize(text).text),
        Ok("张某1、张某2与李某".to_string())
    );
}

#[test]
fn pseudonyms_are_per_case_not_hashed() {
    let alone = anon(&[p("张建国")], "张建国");
    let with_other = anon(&[p("张小红"), p("张建国")], "张建国");
    assert_eq!(alone, "张某");
    assert_eq!(with_other, "张某乙");
}

#[test]
fn leftmost_longest() {
    let parties = [p("张三"), p("张三丰")];
    assert_eq!(anon(&parties, "张三丰和张三"), "张某乙和张某甲");
}

#[test]
fn given_names_and_aliases() {
    let parties = [
        Party::new("张建国", "申请人").with_aliases(["老张"]),
        Party::new("李秀英", "被申请人").with_aliases(["李大姐", "阿英"]),
        p("王伟"),
    ];
    let text = "“建国，别喝了！”老张说。李大姐和阿英是同一人。王伟的伟字不单独替换：伟大。";
    assert_eq!(
        anon(&parties, text),
        "“张某，别喝了！”张某说。李某和李某是同一人。王某的伟字不单独替换：伟大。"
    );
}

#[test]
fn other_surname_with_declared_given_name_is_another_person() {
    let parties = [p("张建国")];
    let text = "张建国的邻居李建国也说，建国不在家。";
    let c = case(&parties, &[], &[text]);
    assert_eq!(c.anonymize(text).text, "张某的邻居李某也说，张某不在家。");
    assert_eq!(c.findings().len(), 1);
    assert!(c.findings()[0].1.replaced);
}

#[test]
fn shared_given_name_is_ambiguous() {
    let parties = [p("张建国"), p("李建国")];
    assert_eq!(
        anon(&parties, "张建国、李建国，建国说"),
        "张某、李某，某某说"
    );
}

#[test]
fn latin_and_minority_names() {
    let parties = [p("John Smith"), p("买买提·艾力")];
    let text = "John Smith与Johnson见面，买买提·艾力和艾力在场，SMITH说。";
    assert_eq!(
        anon(&parties, text),
        "J某与Johnson见面，买某和买某在场，J某说。"
    );
}

#[test]
fn numbers_found_once_are_removed_everywhere() {
    let body = "账号：1234567890123，QQ：87654321。";
    let title = "关于1234567890123和87654321的说明";
    let c = case(&[], &[], &[title, body]);
    assert_eq!(
        c.anonymize(title).text,
        "关于〔账号已隐去〕和〔QQ号已隐去〕的说明"
    );
    // The case's own anonymized texts pass its own audit.
    let auditor = Auditor::new(c.audit_terms());
    for t in [title, body] {
        assert!(
            auditor
                .scan(c.anonymize(t).text.as_bytes(), true)
                .is_empty()
        );
    }
    // Found once, it goes wherever it is written again, also in other groups.
    let body = "身份证号：330102 19880712 0015。另写作330102-19880712-0015，账号1234-5678-9012-3。";
    let c = case(&[], &[], &[body]);
    assert_eq!(
        c.anonymize(body).text,
        "身份证号：〔身份证号码已隐去〕。另写作〔身份证号码已隐去〕，账号〔账号已隐去〕。"
    );
    // Latin names are audited as whole words.
    let c = case(&[p("John Smith")], &[], &["Johnson met John"]);
    let a = Auditor::new(c.audit_terms());
    assert!(
        a.scan(c.anonymize("Johnson met John").text.as_bytes(), false)
            .is_empty()
    );
    assert_eq!(a.scan(b"hello john!", false).len(), 1);
}

#[test]
fn send_and_sync() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<CaseAnonymizer>();
    assert_send_sync::<Auditor>();
}

#[test]
fn already_anonymized_tokens_untouched() {
    let parties = [p("王建国")];
    let text = "王某某、王某甲和王某都不是王建国";
    assert_eq!(anon(&parties, text), "王某某、王某甲和王某都不是王某");
    let fixed = [p("王某"), p("王建国")];
    assert_eq!(anon(&fixed, "王某与王建国"), "王某与王某甲");
}

// ---------------------------------------------------------------- script and markup

#[test]
fn traditional_script() {
    let parties = [p("张建国"), p("欧阳娜娜")];
    assert_eq!(anon(&parties, "申請人張建國說"), "申請人張某說");
    assert_eq!(anon(&parties, "歐陽娜娜與張建国"), "歐陽某與張某");
    // Declared in traditional, found in simplified.
    assert_eq!(anon(&[p("張建國")], "张建国说"), "张某说");
}

#[test]
fn traditional_placeholders() {
    let text = "陳大文的電話是0912-345-678，身份證號碼11010519491231002X。";
    let out = anon(&[p("陳大文")], text);
    assert_eq!(
        out,
        "陳某的電話是〔手機號碼已隱去〕，身份證號碼〔身份證號碼已隱去〕。"
    );
    let text = "賬號：1234567890123，證書編號：AB12345，住址：台北市信義區松仁路100號5樓。";
    assert_eq!(
        anon(&[], text),
        "賬號：〔賬號已隱去〕，證書編號：〔證書編號已隱去〕，住址：台北市信義區〔詳細地址已隱去〕。"
    );
}

#[test]
fn markup_split_names() {
    let parties = [p("张建国")];
    assert_eq!(anon(&parties, "**张**建国"), "**张某**");
    // A pair inside the name goes with it; one that straddles it wraps the pseudonym.
    assert_eq!(anon(&parties, "张<b>建</b>国说"), "张某说");
    assert_eq!(anon(&parties, "张`建国`说"), "`张某`说");
    assert_eq!(anon(&parties, "张<i>建国</i>说"), "<i>张某</i>说");
    assert_eq!(anon(&parties, "张\u{200B}建\u{200C}国"), "张某");
    assert_eq!(
        anon(&parties, "张\u{00AD}建\u{200D}国\u{FEFF}"),
        "张某\u{FEFF}"
    );
    assert_eq!(anon(&parties, "*张*_建_国"), "*张某*");
    assert_eq!(anon(&parties, "&#24352;建国"), "张某");
    assert_eq!(anon(&parties, "<img alt=\"张建国\">"), "<img alt=\"张某\">");
    assert_eq!(anon(&parties, "签名：张 建 国"), "签名：张某");
    assert_eq!(anon(&parties, "建\n国"), "张某");
}

// ---------------------------------------------------------------- undeclared names

#[test]
fn undeclared_high_confidence_replaced_everywhere() {
    let parties = [Party::new("张建国", "申请人")];
    let title = "张建国与王小明的纠纷";
    let body = "证人王小明说，当晚听到争吵。其子张伟与邻居发生争执。";
    let c = case(&parties, &[], &[title, body]);
    assert_eq!(c.anonymize(title).text, "张某甲与王某的纠纷");
    assert_eq!(
        c.anonymize(body).text,
        "证人王某说，当晚听到争吵。其子张某乙与邻居发生争执。"
    );
    let f = c.findings();
    assert!(
        f.iter()
            .all(|(_, f)| f.replaced && f.confidence == Confidence::High)
    );
    assert_eq!(f.len(), 3, "{f:?}");
    assert_eq!(f[0].0, 0);
    assert_eq!(f[0].1.masked, "王**");
    assert_eq!(f[0].1.candidate, "王小明");
    assert!(f.iter().all(|(_, f)| !f.reason.contains("王小明")));
    assert!(c.undeclared_pseudonyms().contains(&"王某".to_string()));
}

#[test]
fn an_underscore_inside_a_replaced_handle_goes_with_it() {
    let mut party = Party::new("张建国", "申请人");
    party.aliases = vec!["zhang_jianguo".into(), "zhangjianguo".into()];
    let body = "账号 zhang_jianguo 已注销，**张建国**本人确认。";
    let c = case(&[party], &[], &[body]);
    assert_eq!(
        c.anonymize(body).text,
        "账号 张某 已注销，**张某**本人确认。"
    );
}

#[test]
fn a_given_name_inside_a_statute_title_stays() {
    let parties = [Party::new("王中华", "申请人")];
    let body = "王中华说，中华美德要传承。依据《中华人民共和国民法典》第二百八十八条，《王中华回忆录》不算。";
    let c = case(&parties, &[], &[body]);
    assert_eq!(
        c.anonymize(body).text,
        "王某说，王某美德要传承。依据《中华人民共和国民法典》第二百八十八条，《王某回忆录》不算。"
    );
    assert!(crate::in_statute_title("《物业管理条例》".as_bytes(), 3, 9));
    let t = "《王中华回忆录》".as_bytes();
    assert!(!crate::in_statute_title(t, 3, 12));
    // A local rule keeps a given name that happens to be a word of it (文明 of 王文明); a rule the
    // parties wrote themselves does not.
    // In a local rule only a name inside the place's name is the place's (西湖 of 西湖区); one
    // after it is replaced, even where a word of the rule (文明 of 王文明): privacy first.
    let t = "《杭州市西湖区文明行为促进条例》".as_bytes();
    assert!(crate::in_statute_title(t, 12, 18));
    assert!(!crate::in_statute_title(t, 21, 27));
    let t = "《最高人民法院关于海涛一案的批复》".as_bytes();
    assert!(!crate::in_statute_title(t, 27, 33));
    assert!(crate::in_statute_title(t, 9, 15));
    let t = "《海涛丽华家庭财产约定办法》".as_bytes();
    assert!(!crate::in_statute_title(t, 3, 9));
    let t = "《关于海涛赡养问题的规定》".as_bytes();
    assert!(!crate::in_statute_title(t, 9, 15));
}

/// Given names and aliases in a document the parties wrote (a family rule, an agreement) are
/// replaced: only statute titles keep a given name that happens to be in them.
#[test]
fn names_in_the_parties_own_documents_are_replaced() {
    let parties = [
        Party::new("郑海涛", "申请人").with_aliases(["老郑"]),
        Party::new("欧阳丽华", "被申请人"),
    ];
    let body = "郑海涛与欧阳丽华约定《海涛丽华家庭财产约定办法》，另有《关于海涛赡养问题的规定》及《老郑家规定》。";
    let c = case(&parties, &[], &[body]);
    let out = c.anonymize(body).text;
    for name in ["海涛", "丽华", "老郑"] {
        assert!(!out.contains(name), "{out}");
    }
}

#[test]
fn a_found_names_given_name_alone_is_replaced_unless_a_word() {
    let parties = [Party::new("李秀英", "申请人")];
    let body = "其子王志强在外打工。志强每月寄钱回家。其女王建国说，建国七十周年时她在北京。";
    let c = case(&parties, &[], &[body]);
    assert_eq!(
        c.anonymize(body).text,
        "其子王某甲在外打工。王某甲每月寄钱回家。其女王某乙说，建国七十周年时她在北京。"
    );
}

/// A found name's given name that jieba knows only as a rare word (欣怡/i) is mostly a given
/// name: replaced alone too; an everyday word (宏亮 of 俞宏亮, 建国) stays.
#[test]
fn a_found_names_rare_dictionary_given_name_is_replaced() {
    let parties = [Party::new("张建国", "申请人")];
    let body = "女儿蒋欣怡随母亲生活。欣怡今年十岁。邻居[俞宏亮](#a)说他声音宏亮。";
    let c = case(&parties, &[], &[body]);
    assert_eq!(
        c.anonymize(body).text,
        "女儿蒋某随母亲生活。蒋某今年十岁。邻居[俞某](#a)说他声音宏亮。"
    );
}

#[test]
fn undeclared_low_confidence_only_reported() {
    let text = "孙大海说过这件事，村民江山说他不知道。";
    let c = case(&[], &[], &[text]);
    assert_eq!(c.anonymize(text).text, text);
    let f = c.findings();
    assert_eq!(f.len(), 2, "{f:?}");
    assert!(
        f.iter()
            .all(|(_, f)| !f.replaced && f.confidence == Confidence::Low)
    );
    let strict = Policy {
        strict: true,
        ..Policy::default()
    };
    let s = CaseAnonymizer::new(&[], &[], &strict, &[text]).map_err(|e| format!("{e:?}"));
    assert_eq!(s.map(|s| s.anonymize(text).text), Ok(text.to_string()));
}

#[test]
fn no_declared_parties_su_and_yu_patterns_are_replaced() {
    // A case with no [[parties]]: "X诉Y" and "X与Y发生…" name people all the same.
    let title = "张建国诉李秀英漏水纠纷";
    let body = "张建国诉李秀英。王小明与赵大海发生争执。";
    let strict = Policy {
        strict: true,
        ..Policy::default()
    };
    let c = match CaseAnonymizer::new(&[], &[], &strict, &[title, body]) {
        Ok(c) => c,
        Err(e) => panic!("setup failed: {e:?}"),
    };
    assert_eq!(c.anonymize(title).text, "张某诉李某漏水纠纷");
    assert_eq!(c.anonymize(body).text, "张某诉李某。王某与赵某发生争执。");
    let f = c.findings();
    assert_eq!(f.len(), 6, "{f:?}");
    assert!(
        f.iter()
            .all(|(_, f)| f.replaced && f.confidence == Confidence::High)
    );
    let names: std::collections::BTreeSet<&str> =
        f.iter().map(|(_, f)| f.candidate.as_str()).collect();
    assert_eq!(names.len(), 4, "{names:?}");
    // Every replaced name is an audit term, so the output audit would catch a leftover.
    let terms = c.audit_terms();
    for n in ["张建国", "李秀英", "王小明", "赵大海"] {
        assert!(terms.iter().any(|t| t.text == n), "{n}");
    }
}

#[test]
fn strong_cues_replace_undeclared_relatives() {
    let text = "申请人张建国的女儿闫丽萍回家时发现漏水，邻居薄玉珍作证说，接手的甄美玲不认账。\
        经查明原因，是卫生间防水层老化，业主公约另有规定，双方和解。";
    let c = case(&[Party::new("张建国", "申请人")], &[], &[text]);
    assert_eq!(
        c.anonymize(text).text,
        "申请人张某的女儿闫某回家时发现漏水，邻居薄某作证说，接手的甄某不认账。\
        经查明原因，是卫生间防水层老化，业主公约另有规定，双方和解。"
    );
}

#[test]
fn repeated_and_unseen_texts_give_the_same_output() {
    // The texts given to `new` are anonymized there and handed out once; asked again (or for a
    // text `new` never saw) the work is done anew, with the same result.
    let parties = [Party::new("张建国", "申请人")];
    let body = "申请人**张**建国（电话138 1234 5678）住幸福路18号3栋2单元402室，证人王小明说。";
    let c = case(&parties, &[], &[body]);
    let first = c.anonymize(body);
    let second = c.anonymize(body);
    assert_eq!(first, second);
    let fresh = case(&parties, &[], &["无关文字"]).anonymize(body);
    assert_eq!(first.text, fresh.text.replace("王小明", "王某"));
    assert!(!first.text.contains("王小明") && !first.text.contains("5678"));
}

#[test]
fn look_alike_words_untouched() {
    let text = "双方当事人高兴地说，文明调解马上见效。金山、向阳、常常、方圆、江山、田野、\
        海洋、白雪、万一、高度、王国、石头、林业、黄金都不是人名。居民王家村的人说，\
        原告向法院起诉，依据《中华人民共和国民法典》第二百八十八条，张主任和李阿姨到场。";
    let c = case(&[], &[], &[text]);
    assert_eq!(c.anonymize(text).text, text);
    assert!(
        c.findings().iter().all(|(_, f)| !f.replaced),
        "{:?}",
        c.findings()
    );
}

#[test]
fn keep_list_is_never_touched() {
    let parties = [Party::new("吴建华", "被申请人").with_aliases(["老吴"])];
    let text = "调解员吴德明在老吴调解室接待了老吴，吴德明说吴建华同意。";
    let c = case(&parties, &["吴德明", "老吴调解室"], &[text]);
    assert_eq!(
        c.anonymize(text).text,
        "调解员吴德明在老吴调解室接待了吴某，吴德明说吴某同意。"
    );
    assert!(c.findings().is_empty(), "{:?}", c.findings());
    assert_eq!(c.keep_terms(), ["吴德明", "老吴调解室"]);
    // Site-wide keep list too.
    let policy = Policy {
        keep: vec!["吴德明".into()],
        ..Policy::default()
    };
    let text = "证人吴德明说";
    let c = CaseAnonymizer::new(&[], &[], &policy, &[text]).map_err(|e| format!("{e:?}"));
    assert_eq!(c.map(|c| c.anonymize(text).text), Ok(text.to_string()));
}

#[test]
fn setup_errors() {
    let cases: Vec<(Vec<Party>, Vec<String>)> = vec![
        (vec![p("")], vec![]),
        (vec![p("申请人")], vec![]),
        (vec![p("张3")], vec![]),
        (vec![Party::new("张建国", "x").with_aliases(["张"])], vec![]),
        (vec![Party::new("张建国", "x").with_aliases([""])], vec![]),
        (vec![p("张建国"), p("张建国")], vec![]),
        (vec![p("张建国")], vec!["张建国".into()]),
        // A kept string that holds a party's name or given name would publish it.
        (vec![p("张建国")], vec!["张建国调解室".into()]),
        (vec![p("张建国")], vec!["建国家".into()]),
    ];
    // A dictionary word that holds a given name may be kept: it is not the person.
    assert!(
        CaseAnonymizer::new(
            &[p("郑文明")],
            &["文明城市".into()],
            &Policy::default(),
            &[]
        )
        .is_ok()
    );
    for (parties, keep) in cases {
        let r = CaseAnonymizer::new(&parties, &keep, &Policy::default(), &[]);
        let errs = r.err().unwrap_or_default();
        assert!(!errs.is_empty(), "{parties:?}");
        assert!(
            errs.iter().all(|e| !e.message.contains("张建国")),
            "{errs:?}"
        );
    }
}

/// A surname character that starts an ordinary word after a person noun (尚欠, 钟爱, 戴眼镜, 包片)
/// is no name; names that start with the same characters still are.
#[test]
fn surname_characters_that_start_words_are_no_names() {
    let parties = [Party::new("潘桂香", "申请人")];
    let lead = "潘桂香与邻居发生纠纷。";
    for tail in [
        // The probe's findings.
        "被申请人尚欠5000元。",
        "业主尚欠物业费。",
        "被申请人余欠3000元。",
        "被申请人盖章确认。",
        "儿子钟爱足球。",
        "女儿戴眼镜。",
        "业主费尽口舌说服大家。",
        "邻居牛羊啃了庄稼。",
        "社区民警包片负责。",
        // The controls.
        "对方尚欠5000元。",
        "他尚欠5000元。",
        "公司尚欠5000元。",
        "被申请人尚未还款。",
        "由包片民警负责。",
        "双方签字盖章确认。",
        // The same shapes: a word and the start of the next, a verb and its object, an idiom.
        "业主司空见惯。",
        "业主盖房子。",
        "邻居盖棚子。",
        "村民牛棚失火。",
        "村民牛群走失。",
        "邻居牛棚倒塌。",
        "邻居牛气冲天。",
        "老人戴老花镜。",
        "女儿戴帽子。",
        "儿子戴红领巾。",
        "丈夫包二奶。",
        "儿子钟爱篮球。",
        "业主尚欠物业费三年。",
        "女儿尚小。",
        "儿子尚早。",
        "丈夫尚年轻。",
        "业主尚需补缴。",
        "被申请人尚余2000元未还。",
        "申请人尚缺证据。",
        "被申请人尚差3000元。",
        "被申请人尚属初犯。",
        "民警包片。",
        "干部包户。",
        // Already fine, and still.
        "被申请人严重违约。",
        "儿子管理公司。",
        "业主任意搭建。",
        "邻居关系紧张。",
        "老人时年七十。",
        "民警戴着口罩。",
        "村民盖了新房。",
        "老人钟情于书法。",
        "业主费用未交。",
        "儿子包揽了家务。",
        "业主明确表示。",
        "儿子时常回家。",
        "邻居万一出事。",
    ] {
        let text = format!("{lead}{tail}");
        assert_eq!(
            anon(&parties, &text),
            format!("潘某与邻居发生纠纷。{tail}"),
            "{tail}"
        );
    }
    for (tail, want) in [
        ("邻居尚志强说。", "邻居尚某说。"),
        ("儿子钟明说。", "儿子钟某说。"),
        ("女儿戴丽华到场。", "女儿戴某到场。"),
        ("被申请人余建国表示同意。", "被申请人余某表示同意。"),
        ("儿子钟爱国说。", "儿子钟某说。"),
        ("女儿戴安娜到场。", "女儿戴某到场。"),
        ("女儿戴建国到场。", "女儿戴某到场。"),
        ("邻居盖建军说。", "邻居盖某说。"),
        ("邻居盖建军到场。", "邻居盖某到场。"),
        ("邻居盖红梅说。", "邻居盖某说。"),
        ("民警包文华说。", "民警包某说。"),
        ("儿子包国强拒不还款。", "儿子包某拒不还款。"),
        ("邻居牛建国说。", "邻居牛某说。"),
        ("邻居费孝文说。", "邻居费某说。"),
        ("被申请人尚欣然说。", "被申请人尚某说。"),
        ("被申请人尚勇称。", "被申请人尚某称。"),
        ("证人王国庆说。", "证人王某说。"),
        ("证人王国明说。", "证人王某说。"),
        ("邻居钟丽丽表示。", "邻居钟某表示。"),
        ("儿子戴军、李强到场。", "儿子戴某、李某到场。"),
        // 欠 ends a name: not 王军欠.
        (
            "邻居王军欠钱不还。王军说没钱。",
            "邻居王某欠钱不还。王某说没钱。",
        ),
    ] {
        let text = format!("{lead}{tail}");
        assert_eq!(
            anon(&parties, &text),
            format!("潘某与邻居发生纠纷。{want}"),
            "{tail}"
        );
    }
}

/// Historical, revolutionary, cultural and model figures quoted in legal-education texts are no
/// undeclared names; declared as a party such a name is replaced all the same.
#[test]
fn well_known_figures_are_no_undeclared_names() {
    let parties = [Party::new("潘桂香", "申请人")];
    for text in [
        "潘桂香说，毛泽东说，要团结。",
        "正如毛泽东同志所说，潘桂香让了一步。",
        "邓小平说，发展是硬道理。潘桂香同意。",
        "王阳明说，知行合一。",
        "曾国藩说过，潘桂香记得。",
        "费孝通说，乡土社会是熟人社会。",
        "焦裕禄说，潘桂香听过。",
        "张英说，让他三尺又何妨。",
        "鲁迅说，孔子说，周恩来说，孙中山说，苏轼说，林则徐说，雷锋说。",
        "习近平总书记指出，要坚持和发展新时代“枫桥经验”。",
        "焦裕禄同志的精神。",
    ] {
        let want = text.replace("潘桂香", "潘某");
        assert_eq!(anon(&parties, text), want, "{text}");
    }
    // A longer name is somebody else's (雷锋华); a two-character figure's name after a person
    // noun is the person's (邻居张英).
    assert_eq!(
        anon(&parties, "潘桂香与邻居发生纠纷。邻居雷锋华说，他不同意。"),
        "潘某与邻居发生纠纷。邻居雷某说，他不同意。"
    );
    assert_eq!(
        anon(&parties, "潘桂香与邻居发生纠纷。邻居张英说，他不同意。"),
        "潘某与邻居发生纠纷。邻居张某说，他不同意。"
    );
    // A party of that name is replaced.
    let parties = [
        Party::new("张英", "申请人"),
        Party::new("毛泽东", "被申请人"),
    ];
    assert_eq!(
        anon(
            &parties,
            "张英与毛泽东因漏水发生纠纷，毛泽东说不是他家的水。"
        ),
        "张某与毛某因漏水发生纠纷，毛某说不是他家的水。"
    );
}

// ---------------------------------------------------------------- numbers and addresses

#[test]
fn numbers_replaced_with_placeholders() {
    let text = "张建国，身份证号11010519491231002X，手机１３８ １２３４ ５６７８，\
        座机(0571)88888888，银行卡6226095711989751，账号：1234567890123，\
        车牌京A·12345和沪AD12345，邮箱zhang.jg@example.com，QQ：123456789，\
        微信号：zhang_jg88，不动产权第0012345号，统一社会信用代码92110105MA01ABCD10，\
        住某市某区向阳街道幸福社区建设路88号3栋2单元501室。";
    let c = case(&[p("张建国")], &[], &[text]);
    let out = c.anonymize(text);
    let expected = "张某，身份证号〔身份证号码已隐去〕，手机〔手机号码已隐去〕，\
        座机〔固定电话已隐去〕，银行卡〔银行卡号已隐去〕，账号：〔账号已隐去〕，\
        车牌〔车牌号已隐去〕和〔车牌号已隐去〕，邮箱〔电子邮箱已隐去〕，QQ：〔QQ号已隐去〕，\
        微信号：〔微信号已隐去〕，不动产权第〔证书编号已隐去〕号，统一社会信用代码〔统一社会信用代码已隐去〕，\
        住某市某区向阳街道幸福社区〔详细地址已隐去〕。";
    assert_eq!(out.text, expected);
    let cats: Vec<Category> = out.replacements.iter().map(|r| r.category).collect();
    assert_eq!(
        cats,
        vec![
            Category::Party,
            Category::IdNumber,
            Category::Mobile,
            Category::Landline,
            Category::BankCard,
            Category::Account,
            Category::Plate,
            Category::Plate,
            Category::Email,
            Category::Qq,
            Category::Wechat,
            Category::Certificate,
            Category::CreditCode,
            Category::Address,
        ]
    );
    for r in &out.replacements {
        assert_eq!(&text[r.start..r.end], r.original);
    }
}

#[test]
fn no_digit_of_a_number_survives() {
    let numbers = [
        "11010519491231002X",
        "110101202311012176",
        "13812345678",
        "6226095711989751",
        "057188888888",
    ];
    let text = "身份证11010519491231002X，另一身份证110101202311012176，电话138-1234-5678，\
        卡号6226 0957 1198 9751，固话0571-88888888。";
    let out = case(&[], &[], &[text]).anonymize(text).text;
    assert!(!out.chars().any(|c| c.is_ascii_digit()), "{out}");
    for n in numbers {
        assert!(!out.contains(n));
    }
}

#[test]
fn case_numbers_amounts_dates_statutes_untouched() {
    let text = "（2023）京0105民初1234号民事调解书：赔偿¥1380013.80元及12000元，\
        于2023年6月12日（2023-06-12）签订，依据民法典第1254条、第二百八十八条，\
        拨打12345、12348、12368、110、95588或400-820-8820咨询。1995年入住。";
    let c = case(&[], &[], &[text]);
    let out = c.anonymize(text);
    assert_eq!(out.text, text, "{:?}", out.replacements);
}

#[test]
fn invalid_check_digits_without_labels_untouched() {
    let text = "编号110101202311012171，流水6226095711989752。";
    assert_eq!(anon(&[], text), text);
}

// ---------------------------------------------------------------- audit terms

#[test]
fn audit_terms_cover_names_and_numbers() {
    let parties = [
        Party::new("張建國", "申请人").with_aliases(["老张"]),
        p("李秀英"),
    ];
    let texts = ["证人王小明说，张建国电话13812345678。"];
    let c = case(&parties, &[], &texts);
    let terms = c.audit_terms();
    let has = |t: &str, cat: Category| terms.iter().any(|a| a.text == t && a.category == cat);
    assert!(has("張建國", Category::Party));
    assert!(has("张建国", Category::Party));
    assert!(has("建国", Category::GivenName));
    assert!(has("秀英", Category::GivenName));
    assert!(has("老张", Category::Alias));
    assert!(has("王小明", Category::UndeclaredName));
    assert!(has("13812345678", Category::Mobile));
    assert!(!terms.iter().any(|a| a.text.contains('某')));

    let auditor = Auditor::with_allowed(terms, c.keep_terms());
    let clean = c.anonymize(texts[0]).text;
    assert!(auditor.scan(clean.as_bytes(), true).is_empty());
    let leaks = auditor.scan("<p>王小明</p>".as_bytes(), false);
    assert_eq!(leaks.len(), 1);
    assert_eq!(leaks[0].category, Category::UndeclaredName);
    assert_eq!(leaks[0].masked_term, "王**");
}

#[test]
fn deterministic() {
    let parties = [p("张建国"), p("张小红")];
    let text = "证人王小明说张建国和张小红，电话13812345678。";
    let a = case(&parties, &[], &[text]);
    let b = case(&parties, &[], &[text]);
    assert_eq!(a.anonymize(text), b.anonymize(text));
    assert_eq!(a.anonymize(text), a.anonymize(text));
    assert_eq!(a.audit_terms(), b.audit_terms());
    assert_eq!(a.findings(), b.findings());
}

#[test]
fn mask_and_categories() {
    assert_eq!(mask("张建国"), "张**");
    assert_eq!(mask("欧阳娜娜"), "欧阳**");
    assert_eq!(Category::IdNumber.placeholder(), "〔身份证号码已隐去〕");
    assert_eq!(Category::Mobile.label_zh(), "手机号码");
}

// ---------------------------------------------------------------- property tests

const SURNAMES: &[&str] = &[
    "张", "王", "李", "赵", "刘", "陈", "杨", "黄", "周", "吴", "徐", "孙", "马", "朱", "胡", "郭",
    "何", "林", "罗", "高", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾",
    "欧阳", "诸葛", "司马", "上官", "慕容", "东方", "令狐", "皇甫",
];
const GIVEN: &str =
    "建国秀英伟芳娜敏静丽强磊军洋勇艳杰娟涛明超霞平刚桂兰玉华红梅志文斌海燕鹏飞宇浩然";
const FILLER: &str = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经";

fn name_strategy() -> impl Strategy<Value = String> {
    let given: Vec<char> = GIVEN.chars().collect();
    (
        proptest::sample::select(SURNAMES),
        proptest::collection::vec(proptest::sample::select(given), 1..=2),
    )
        .prop_map(|(s, g)| format!("{s}{}", g.into_iter().collect::<String>()))
}

fn filler_strategy() -> impl Strategy<Value = String> {
    let han: Vec<char> = FILLER.chars().collect();
    let piece = prop_oneof![
        proptest::sample::select(han).prop_map(|c| c.to_string()),
        "[a-zA-Z0-9 ,.;:!?()\\[\\]*_#-]{1,4}",
        Just("，".to_string()),
        Just("\n".to_string()),
    ];
    proptest::collection::vec(piece, 0..30).prop_map(|v| v.concat())
}

/// Adversarial filler: markup characters, entities, 某, surnames and given-name characters.
fn nasty_filler() -> impl Strategy<Value = String> {
    let han: Vec<char> = format!("{FILLER}{GIVEN}某张王李欧阳诸葛司马")
        .chars()
        .collect();
    let piece = prop_oneof![
        proptest::sample::select(han).prop_map(|c| c.to_string()),
        "[a-z0-9 <>&#;*_~`/\"=-]{1,5}",
        Just("<b>".to_string()),
        Just("</b>".to_string()),
        Just("**".to_string()),
        Just("&#24352;".to_string()),
        Just("\u{200B}".to_string()),
        Just(" ".to_string()),
        Just("\n".to_string()),
    ];
    proptest::collection::vec(piece, 0..40).prop_map(|v| v.concat())
}

/// Insert `sep` between the characters of `name` according to `mask` bits.
fn split_with(name: &str, seps: &[&str]) -> String {
    let mut out = String::new();
    for (k, c) in name.chars().enumerate() {
        if k > 0 {
            out.push_str(seps[(k - 1) % seps.len()]);
        }
        out.push(c);
    }
    out
}

fn survives(out: &str, name: &str) -> bool {
    let folded_name = fold_str(name);
    let proj = Projection::new(out, true);
    fold_str(out).contains(&folded_name) || fold_str(&proj.text()).contains(&folded_name)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(
        std::env::var("PUFA_PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(256)
    ))]

    #[test]
    fn declared_name_never_survives(
        name in name_strategy(),
        before in filler_strategy(),
        after in filler_strategy(),
        form in 0usize..8,
    ) {
        let written = match form {
            0 => name.clone(),
            1 => to_traditional(&name),
            2 => split_with(&name, &["**"]),
            3 => split_with(&name, &["<b>", "</b>"]),
            4 => split_with(&name, &["\u{200B}", "\u{00AD}"]),
            5 => split_with(&to_traditional(&name), &["<span class=\"x\">", "</span>"]),
            6 => format!("<img alt=\"{name}\">"),
            _ => split_with(&name, &["_", "\u{200D}"]),
        };
        let text = format!("{before}{written}{after}");
        let parties = [Party::new(name.clone(), "当事人")];
        let c = CaseAnonymizer::new(&parties, &[], &Policy::default(), &[text.as_str()]);
        prop_assert!(c.is_ok());
        if let Ok(c) = c {
            let out = c.anonymize(&text).text;
            prop_assert!(!survives(&out, &name), "name {} survived in {:?}", mask(&name), out);
        }
    }

    #[test]
    fn declared_name_never_survives_nasty_context(
        name in name_strategy(),
        before in nasty_filler(),
        after in nasty_filler(),
        form in 0usize..6,
    ) {
        let written = match form {
            0 => name.clone(),
            1 => to_traditional(&name),
            2 => split_with(&name, &["**"]),
            3 => split_with(&name, &["<i>", "</i>"]),
            4 => split_with(&name, &["\u{200B}"]),
            _ => name.chars().map(|c| format!("&#{};", c as u32)).collect(),
        };
        let text = format!("{before}{written}{after}");
        let parties = [Party::new(name.clone(), "当事人")];
        if let Ok(c) = CaseAnonymizer::new(&parties, &[], &Policy::default(), &[text.as_str()]) {
            let out = c.anonymize(&text).text;
            prop_assert!(!survives(&out, &name), "name {} survived in {:?} from {:?}", mask(&name), out, text);
        }
    }

    #[test]
    fn anonymized_texts_pass_their_own_audit(
        name in name_strategy(),
        witness in name_strategy(),
        parts in proptest::collection::vec((nasty_filler(), 0usize..7), 1..6),
        id_body in 0u64..100_000_000_000_000_000,
        phone in 0u64..100_000_000,
    ) {
        let id17 = format!("{:017}", id_body);
        let id = format!("{id17}{}", detect::id18_check_char(&id17).unwrap_or('0'));
        let given: String = {
            let (s, _) = surnames::split_name(&name).unwrap_or_default();
            name[s.len()..].to_string()
        };
        let texts: Vec<String> = parts
            .iter()
            .map(|(filler, kind)| {
                let planted = match kind {
                    0 => name.clone(),
                    1 => given.clone(),
                    2 => format!("证人{witness}说"),
                    3 => format!("身份证号{id}"),
                    4 => format!("手机139{phone:08}"),
                    5 => to_traditional(&name),
                    _ => split_with(&name, &["**"]),
                };
                format!("{filler}{planted}{filler}")
            })
            .collect();
        let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
        let parties = [Party::new(name.clone(), "当事人")];
        if let Ok(c) = CaseAnonymizer::new(&parties, &[], &Policy::default(), &refs) {
            let auditor = Auditor::with_allowed(c.audit_terms(), c.keep_terms());
            for t in &refs {
                let out = c.anonymize(t).text;
                let leaks = auditor.scan(out.as_bytes(), true);
                prop_assert!(leaks.is_empty(), "{:?} in {:?}", leaks, out);
            }
        }
    }

    /// A detailed address after a trigger is replaced whole, whatever its road name begins with:
    /// nothing of it is left before the placeholder (位于和〔…〕 from 位于和平街).
    #[test]
    fn an_address_goes_whole(
        trigger in proptest::sample::select(vec!["位于", "住在", "家住", "地址：", "住址为", "地址是", "，住", "搬到了"]),
        first in proptest::sample::select("和与及至从到往为是处平安建设人民解放胜利光明华幸福".chars().collect::<Vec<_>>()),
        rest in "[平安建设人民解放胜利光明华幸福]{1,2}",
        road in proptest::sample::select(vec!["路", "街", "巷", "大道", "西路"]),
        number in 1u32..999,
        units in proptest::option::of((1u32..30, 1u32..9, 101u32..2999)),
    ) {
        let mut address = format!("{first}{rest}{road}{number}号");
        if let Some((b, u, r)) = units {
            address.push_str(&format!("{b}栋{u}单元{r}室"));
        }
        let text = format!("本案中，申请人{trigger}{address}的房屋漏水。");
        let parties = [Party::new("张建国".to_string(), "申请人")];
        let c = CaseAnonymizer::new(&parties, &[], &Policy::default(), &[text.as_str()]);
        prop_assert!(c.is_ok());
        if let Ok(c) = c {
            let out = c.anonymize(&text).text;
            prop_assert_eq!(
                out,
                format!("本案中，申请人{trigger}〔详细地址已隐去〕的房屋漏水。"),
                "from {}", text
            );
        }
    }

    #[test]
    fn auditor_finds_planted_name(
        name in name_strategy(),
        noise in proptest::collection::vec(any::<u8>(), 0..400),
        pos in 0usize..400,
        form in 0usize..5,
    ) {
        let planted = match form {
            0 => name.clone(),
            1 => to_traditional(&name),
            2 => name.chars().map(|c| format!("&#{};", c as u32)).collect(),
            3 => name.chars().map(|c| format!("&#x{:X};", c as u32)).collect(),
            _ => name.chars().map(|c| format!("\\u{:04x}", c as u32)).collect(),
        };
        let pos = pos.min(noise.len());
        let mut content = noise[..pos].to_vec();
        content.extend_from_slice(planted.as_bytes());
        content.extend_from_slice(&noise[pos..]);
        let auditor = Auditor::new(vec![AuditTerm { text: name.clone(), category: Category::Party }]);
        let leaks = auditor.scan(&content, false);
        prop_assert!(!leaks.is_empty(), "form {} not found", form);
        for l in &leaks {
            prop_assert!(!l.context.contains(&name));
            prop_assert!(!l.masked_term.contains(&name));
        }
    }
}

/// A space or line break before a road name ends it: the words before stay (调解员 吴德明 was
/// taken into the address and lost).
#[test]
fn an_address_does_not_reach_back_across_a_space() {
    let parties = [Party::new("郑海涛", "申请人")];
    let body = "调解员 吴德明 幸福路18号3栋2单元402室 调解。\n\n调解时间 2024年3月1日 地点 幸福路18号3栋2单元402室。\n\n签字：\n吴德明\n幸福路18号3栋2单元402室\n\n郑海涛住 幸福路 18 号 3 栋 402 室。";
    let c = case(&parties, &["吴德明"], &[body]);
    assert_eq!(
        c.anonymize(body).text,
        "调解员 吴德明 〔详细地址已隐去〕 调解。\n\n调解时间 2024年3月1日 地点 〔详细地址已隐去〕。\n\n签字：\n吴德明\n〔详细地址已隐去〕\n\n郑某住 〔详细地址已隐去〕。"
    );
}

/// More ways of writing an address: a unit and a bare room (三单元402), 第 before the house
/// number (幸福路第18号); 一户人家 after a floor is no room, a floor with a count is no room.
#[test]
fn more_address_forms() {
    let parties = [Party::new("郑海涛", "申请人")];
    for (text, want) in [
        ("郑海涛住三单元402。", "郑某住〔详细地址已隐去〕。"),
        ("郑海涛家在幸福路第18号。", "郑某家在〔详细地址已隐去〕。"),
        ("他住5号楼8层一户人家。", "他住〔详细地址已隐去〕一户人家。"),
        ("会议在3楼500人会场举行。", "会议在3楼500人会场举行。"),
        ("他家在5栋1201。", "他家在〔详细地址已隐去〕。"),
        (
            "电话13812345678 户主是他父亲。",
            "电话〔手机号码已隐去〕 户主是他父亲。",
        ),
        ("他住幸福 路18号3栋402室。", "他住〔详细地址已隐去〕。"),
        ("他住幸福\n路18号3栋402室。", "他住〔详细地址已隐去〕。"),
        ("他家在幸福路18-3-402。", "他家在〔详细地址已隐去〕。"),
        ("他住向阳村2队15号。", "他住向阳村〔详细地址已隐去〕。"),
        (
            "他住幸福苑小区18排3号。",
            "他住幸福苑小区〔详细地址已隐去〕。",
        ),
        ("他住在宿舍楼301寝室。", "他住在宿舍楼〔详细地址已隐去〕。"),
        ("他住幸福路18号之3。", "他住〔详细地址已隐去〕。"),
        ("第2排座位。", "第2排座位。"),
    ] {
        assert_eq!(anon(&parties, text), want, "{text}");
    }
}

/// Invisible characters (bidirectional marks, variation selectors, tags) inside a name or a
/// number hide nothing; numbers percent-escaped or joined with + in a link are numbers.
#[test]
fn invisible_characters_and_escaped_digits_hide_nothing() {
    let parties = [Party::new("郑海涛", "申请人").with_aliases(["老郑"])];
    for text in [
        "申请人郑\u{200E}海\u{200E}涛说话",
        "郑\u{FE0F}海\u{FE0F}涛说话",
        "郑\u{202A}海\u{202C}涛说话",
        "郑\u{E0101}海涛说话",
        "老\u{FE0F}郑说话",
        "郑\u{FA45}涛说话",
        "郑海\\涛说话",
        "<style>.n::after{content:'\\90D1\\6D77\\6D9B说话'}</style>",
        "<script>x='\\u{90D1}\\u{6D77}\\u{6D9B}说话'</script>",
    ] {
        let out = anon(&parties, text);
        assert!(out.contains("郑某说话"), "{text}: {out}");
    }
    // Ruby annotations are no part of the name, and its pinyin goes with it.
    assert_eq!(
        anon(
            &parties,
            "<ruby>郑<rp>(</rp><rt>zhèng</rt><rp>)</rp>海<rt>hǎi</rt>涛<rt>tāo</rt></ruby>说话"
        ),
        "<ruby>郑某</ruby>说话"
    );
    for text in [
        "电话138\u{200E}1234\u{200E}5678。",
        "身份证110105\u{200E}19880712\u{200E}3458。",
        "[电话](tel:%31%33%38%31%32%33%34%35%36%37%38)",
        "[联系](https://x.example/contact?tel=138+1234+5678)",
        "[联系](https://x.example/contact?tel=137%201234%205678)",
        "电话 +86 (571) 8888-1234。",
        "电话（0571）8888-1234。",
    ] {
        let out = anon(&parties, text);
        assert!(
            !out.chars()
                .filter(char::is_ascii_digit)
                .collect::<String>()
                .contains("1234"),
            "{text}: {out}"
        );
    }
}

/// Titles ending in 法 that no statute has keep nothing: 《海涛的做法》 is the parties' own.
#[test]
fn only_real_statute_titles_keep_a_given_name() {
    for (title, at, kept) in [
        ("《人民调解法》", 3, true),
        ("《民法典》", 3, true),
        ("《物业管理条例》", 3, true),
        ("《海涛的做法》", 3, false),
        ("《海涛与丽华之间的协议法》", 3, false),
        ("《丽华说法》", 3, false),
        ("《海涛法》", 3, false),
        // The traditional copy's forms of the same titles.
        ("《北京市朝阳区住宅小区物业管理办法》", 12, true),
        ("《北京市朝陽區住宅小區物業管理辦法》", 12, true),
        ("《杭州市西湖區物業管理條例》", 12, true),
        ("《中華人民共和國民法典》", 3, true),
        ("《海濤的做法》", 3, false),
    ] {
        let b = title.as_bytes();
        assert_eq!(crate::in_statute_title(b, at, at + 6), kept, "{title}");
    }
}

/// A name split across two elements keeps the markup in order, so the result stays well formed
/// (an SVG attachment gave <tspan>郑某</text></tspan>).
#[test]
fn a_name_across_elements_keeps_them_well_formed() {
    let parties = [Party::new("郑海涛", "申请人")];
    assert_eq!(
        anon(&parties, "<text x=\"0\">郑海</text><tspan>涛</tspan>说"),
        "<text x=\"0\">郑某</text><tspan></tspan>说"
    );
    assert_eq!(anon(&parties, "**郑**海涛说"), "**郑某**说");
    assert_eq!(anon(&parties, "郑<b>海</b>涛说"), "郑某说");
}

/// A kept string keeps the numbers and addresses in it too (the office's phone and address).
#[test]
fn kept_strings_keep_their_numbers_and_addresses() {
    let parties = [Party::new("郑海涛", "申请人")];
    let keep = ["0571-86001234", "向阳路18号社区服务中心二楼201室"];
    let text =
        "咨询电话0571-86001234，地址向阳路18号社区服务中心二楼201室。郑海涛的电话0571-88886666。";
    let c = case(&parties, &keep, &[text]);
    assert_eq!(
        c.anonymize(text).text,
        "咨询电话0571-86001234，地址向阳路18号社区服务中心二楼201室。郑某的电话〔固定电话已隐去〕。"
    );
}

/// A name annotated with its reading in brackets (郑(zhèng)海(hǎi)涛(tāo), as elder-friendly pages
/// annotate rare characters) is the name, and its readings go with it.
#[test]
fn a_name_with_readings_in_brackets() {
    let parties = [Party::new("郑海涛", "申请人")];
    assert_eq!(anon(&parties, "郑(zhèng)海(hǎi)涛(tāo)说"), "郑某说");
    assert_eq!(anon(&parties, "郑（zheng4）海涛来了"), "郑某来了");
    // Other brackets stay.
    assert_eq!(anon(&parties, "耄(mào)耋(dié)之年"), "耄(mào)耋(dié)之年");
    assert_eq!(anon(&parties, "郑海涛(申请人)说"), "郑某(申请人)说");
    assert_eq!(anon(&parties, "沿海(coast)涛声"), "沿海(coast)涛声");
    assert_eq!(anon(&parties, "沧海(cānghǎi)涛声"), "沧海(cānghǎi)涛声");
}

/// A number or name wrapped onto the next line of a blockquote, a list item or a footnote: the
/// line's prefix (`> `, the continuation's indentation) hides nothing, as the line break does not.
#[test]
fn a_markdown_line_prefix_is_no_break() {
    let parties = [
        Party::new("郑海涛", "申请人"),
        Party::new("欧阳丽华", "被申请人"),
    ];
    let out = anon(
        &parties,
        "> 我的手机是139 1234\n> 5678，身份证号330102 19880712\n> 0013，车牌浙A·\n> 12345。",
    );
    assert_eq!(
        out,
        "> 我的手机是〔手机号码已隐去〕，身份证号〔身份证号码已隐去〕，车牌〔车牌号已隐去〕。"
    );
    assert_eq!(
        anon(&parties, "1. 申请人手机139 1234\n   5678；"),
        "1. 申请人手机〔手机号码已隐去〕；"
    );
    assert_eq!(
        anon(&parties, "[^1]: 座机0571-\n    88886666。"),
        "[^1]: 座机〔固定电话已隐去〕。"
    );
    assert_eq!(
        anon(&parties, "> 对方郑海\n> 涛天天吵闹，欧阳丽\n> > 华也在。"),
        "> 对方郑某天天吵闹，欧阳某也在。"
    );
    // A blank quoted line is a paragraph break: the text on either side stays apart.
    assert_eq!(anon(&parties, "> 郑海\n>\n> 涛声"), "> 郑海\n>\n> 涛声");
}

/// A name drawn one character per element, whitespace between the elements (an SVG family tree
/// with one `<text>` per line), shows as the name and is replaced; the elements stay well formed.
#[test]
fn a_name_across_elements_with_whitespace_between() {
    let parties = [
        Party::new("郑海涛", "申请人"),
        Party::new("欧阳丽华", "被申请人"),
    ];
    assert_eq!(
        anon(
            &parties,
            "<text y=\"1\">郑</text>\n  <text y=\"2\">海</text>\n  <text y=\"3\">涛</text>"
        ),
        "<text y=\"1\">郑某</text><text y=\"3\"></text>"
    );
    assert_eq!(
        anon(
            &parties,
            "<text><tspan>欧阳</tspan> <tspan>丽华</tspan></text>"
        ),
        "<text><tspan>欧阳某</tspan><tspan></tspan></text>"
    );
    assert_eq!(anon(&parties, "郑 <b>海涛</b>来了"), "<b>郑某</b>来了");
    // Between list items or table cells the text is apart.
    let items = "<ul><li>上海</li>\n  <li>涛声</li></ul>";
    assert_eq!(anon(&parties, items), items);
    // Far apart, or another character between: separate words.
    let far = format!("<text>郑</text>{}<text>海涛</text>", " ".repeat(40));
    assert_eq!(anon(&parties, &far), far.replace("海涛", "郑某"));
}

/// Markdown escapes and HTML5 named references inside a number or an address, any kind of space
/// (written or as a reference) between the characters of a name, percent-escaped e-mail: all
/// show the reader the plain thing, and are read so.
#[test]
fn escapes_and_unicode_spaces_hide_nothing() {
    let parties = [
        Party::new("郑海涛", "申请人"),
        Party::new("王丽", "被申请人"),
    ];
    for text in [
        "手机 138\\-1234\\-5678，",
        "身份证 110105\\-19491231\\-002X，",
        "手机 138&hyphen;1234&hyphen;5678，",
        "手机 138&sol;1234&sol;5678，",
        "邮箱 zheng\\@163.com，",
        "邮箱 zheng&commat;163&period;com，",
        "[邮件](mailto:zheng%40163.com)",
    ] {
        let out = anon(&parties, text);
        assert!(
            !out.contains("1234") && !out.contains("19491231") && !out.contains("zheng"),
            "{text}: {out}"
        );
    }
    for text in [
        "申请人郑&nbsp;海&nbsp;涛到场",
        "申请人郑\u{a0}海\u{a0}涛到场",
        "申请人郑\u{2003}海\u{2003}涛到场",
        "申请人郑\u{202F}海涛到场",
        "申请人郑&#32;海&#x20;涛到场",
        "申请人郑&emsp;海涛到场",
        "申请人郑\t海\t涛到场",
    ] {
        let out = anon(&parties, text);
        assert!(out.starts_with("申请人郑某"), "{text}: {out}");
    }
    assert!(anon(&parties, "王&emsp;丽说").starts_with("王某"));
}

/// The sentence's full stop after an e-mail address stays.
#[test]
fn a_full_stop_after_an_email_stays() {
    let parties = [Party::new("郑海涛", "申请人")];
    let out = anon(&parties, "邮箱 zheng@163.com。他说");
    assert!(out.ends_with("。他说") && !out.contains("zheng"), "{out}");
}

// ---------------------------------------------------------------- labels, tables, units

/// Names in the fields of the parties' documents and under a name column of a table of people
/// are replaced; the table's phone number goes as before.
#[test]
fn labelled_fields_and_name_columns_are_replaced() {
    let text = "经手人：何平；收款人：陈丽；见证人：赵大勇\n\n甲方：李建国（签字） 乙方：王美华（签字）\n\n\
        | 姓名 | 关系 | 联系电话 |\n|---|---|---|\n| 孔春梅 | 妻子 | 0571-88776655 |\n| 张某 | 丈夫 | 无 |\n\n\
        | 项目 | 金额 |\n|---|---|\n| 高明 | 300 |\n\n甲方：物业公司，联系人：社区居委会，当事人：双方。";
    let c = case(&[], &[], &[text]);
    let out = c.anonymize(text).text;
    for name in [
        "何平",
        "陈丽",
        "赵大勇",
        "李建国",
        "王美华",
        "孔春梅",
        "88776655",
    ] {
        assert!(!out.contains(name), "{name}: {out}");
    }
    assert!(
        out.contains("经手人：何某；收款人：陈某；见证人：赵某"),
        "{out}"
    );
    assert!(out.contains("| 孔某 | 妻子 |"), "{out}");
    for kept in [
        "| 张某 | 丈夫 | 无 |",
        "| 高明 | 300 |",
        "甲方：物业公司，联系人：社区居委会，当事人：双方。",
    ] {
        assert!(out.contains(kept), "{kept}: {out}");
    }
}

/// A unit after a number is no surname: 2023年国庆节后 holds no 年国庆 beside the party 张国庆.
#[test]
fn a_unit_after_a_number_is_no_other_persons_surname() {
    let parties = [Party::new("张国庆", "申请人")];
    let text = "2023年国庆节后，张国庆回到家中，3周年时邻居年建国说起此事。";
    let c = case(&parties, &[], &[text]);
    let f = c.findings();
    assert!(
        f.iter()
            .all(|(_, f)| !f.candidate.starts_with(['年', '周']) || f.candidate == "年建国"),
        "{f:?}"
    );
    assert!(
        f.iter().any(|(_, f)| f.candidate == "年建国" && f.replaced),
        "{f:?}"
    );
    assert!(
        c.anonymize(text).text.starts_with("2023年"),
        "{}",
        c.anonymize(text).text
    );
}

/// A 15-digit ID after 身份信息, an insurance policy and a phone's IMEI after their labels go;
/// a count of buildings is no building.
#[test]
fn more_labels_and_counts_of_buildings() {
    let out = anon(
        &[p("郑海涛")],
        "郑海涛的身份信息为330106650312441，保单号：PICC2023123456789，手机IMEI：861234567890123。小区共18幢1380户，该小区有12栋楼。",
    );
    for gone in ["330106650312441", "PICC2023123456789", "861234567890123"] {
        assert!(!out.contains(gone), "{gone}: {out}");
    }
    assert!(
        out.contains("共18幢1380户") && out.contains("有12栋楼"),
        "{out}"
    );
}

/// Keycap emoji digits read as digits; WeChat's slang labels label.
#[test]
fn keycap_digits_and_slang_wechat_labels() {
    let keycaps: String = "13912345678"
        .chars()
        .map(|c| format!("{c}\u{FE0F}\u{20E3}"))
        .collect();
    let out = anon(
        &[p("郑海涛")],
        &format!("郑海涛的电话{keycaps}，加v：ht_88a，薇信：lz_1234。"),
    );
    for gone in ["1\u{FE0F}\u{20E3}3", "ht_88a", "lz_1234", "\u{20E3}"] {
        assert!(!out.contains(gone), "{gone}: {out}");
    }
}

/// A list item's number on the next line is no continuation of the number above it, and an
/// underscore inside a word is no emphasis (wx_camera_… is no WeChat label).
#[test]
fn list_numbers_and_intraword_underscores() {
    let out = anon(
        &[p("孙玉梅")],
        "见wx_camera_1717225812345.jpg。\n\n1. 孙玉梅的微信：zht1988\n2. 刘丽华的电话：0571-88886666\n",
    );
    assert!(out.contains("wx_camera_1717225812345.jpg"), "{out}");
    assert!(out.contains("〔微信号已隐去〕\n2. "), "{out}");
}

/// A name split by whitespace with several line breaks between inline tags (`&#24352;⏎⏎⏎<b>建`)
/// is found by the anonymizer as the audit reads it (found by the proptest above).
#[test]
fn a_name_split_by_blank_lines_between_tags_is_replaced() {
    let t = "&#24352;\n\n\n<b>建&#24352;\n\n\n<b>";
    let parties = [Party::new("张建".to_string(), "当事人")];
    let c = CaseAnonymizer::new(&parties, &[], &Policy::default(), &[t]).expect("parties");
    let auditor = Auditor::with_allowed(c.audit_terms(), c.keep_terms());
    let out = c.anonymize(t).text;
    assert!(auditor.scan(out.as_bytes(), true).is_empty(), "{out}");
}

/// A party's given name that ends a well-known figure's name (泽东 of 王泽东) leaves the figure
/// as written; the party and the given name alone are still replaced.
#[test]
fn a_given_name_inside_a_figures_name_is_not_the_party() {
    let parties = [Party::new("王泽东".to_string(), "当事人")];
    let text = "王泽东说，毛泽东说过要团结。泽东后来同意了。";
    let c = CaseAnonymizer::new(&parties, &[], &Policy::default(), &[text]).expect("parties");
    let out = c.anonymize(text).text;
    assert_eq!(out, "王某说，毛泽东说过要团结。王某后来同意了。");
    let auditor = Auditor::with_allowed(c.audit_terms(), c.keep_terms());
    let leaks = auditor.scan(out.as_bytes(), true);
    assert!(
        leaks.iter().all(|l| l.category != Category::Party),
        "{leaks:?}"
    );
    assert!(in_figure_name("毛泽东".as_bytes(), 3, 9));
    assert!(!in_figure_name("王泽东".as_bytes(), 3, 9));
}
