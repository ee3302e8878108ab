use pufa_anonymize::*;
fn main() {
    let body = r#"## 案情简介

2023年5月，家住某市某区向阳街道幸福社区建设路88号3栋2单元501室的申请人张建国（身份证号：11010519491231002X，电话：138-1234-5678）发现自家卫生间天花板渗水，怀疑是楼上602室的被申请人李秀英家的水管漏水。张建国多次找到李大姐协商未果，双方发生争吵。李秀英的儿子王小明称，漏水是公共管道老化造成的。

邻居赵敏表示，当晚听到了争吵声。物业公司的孙经理说，管道属于业主专有部分。调解员吴德明在老吴调解室接待了双方。

**张**建国要求李秀英赔偿维修费用3500元。其女张丽说："我爸身体不好。"证人刘德华和陈小春也到场。居民高兴地说，问题终于解决了。

经调解，双方达成协议：李秀英于2023年6月12日前支付张建国2800元（转入其中国银行卡6226095711989751）。依据《中华人民共和国民法典》第二百八十八条。案号（2023）京0105民初1234号。
张某某和王某也参与了讨论。建国，别生气了。王大爷和李阿姨在场。"#;
    let parties = vec![
        Party::new("张建国", "申请人"),
        Party::new("李秀英", "被申请人").with_aliases(["李大姐"]),
    ];
    let title = "楼上漏水殃及楼下 调解员三次上门促和解";
    let c = CaseAnonymizer::new(
        &parties,
        &["吴德明".to_string(), "老吴调解室".to_string()],
        &Policy::default(),
        &[title, body],
    )
    .unwrap();
    let out = c.anonymize(body);
    println!("{}", out.text);
    for (i, f) in c.findings() {
        println!("[{i}] {f} | {}", f.candidate);
    }
    for t in c.audit_terms() {
        println!("{:?} {}", t.category, t.text);
    }
    println!("{:?}", c.party_pseudonyms());
}
