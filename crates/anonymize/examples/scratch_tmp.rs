use pufa_anonymize::*;
fn show(parties: &[Party], keep: &[&str], text: &str) {
    let keep: Vec<String> = keep.iter().map(|s| s.to_string()).collect();
    match CaseAnonymizer::new(parties, &keep, &Policy::default(), &[text]) {
        Ok(c) => {
            println!("IN : {text}\nOUT: {}", c.anonymize(text).text);
            for (_, f) in c.findings() {
                println!("     {f} [{}]", f.candidate);
            }
        }
        Err(e) => println!("ERR {e:?}"),
    }
}
fn main() {
    show(
        &[
            Party::new("陳大文", "申請人"),
            Party::new("黃美玲", "被申請人"),
        ],
        &[],
        "申請人陳大文與被申請人黃美玲因漏水發生糾紛。證人林志明說，陳大文的電話是0912-345-678，住台北市信義區松仁路100號5樓。",
    );
    show(
        &[Party::new("张建国", "申请人")],
        &[],
        "<p>申请人<strong>张</strong>建国（<a href=\"tel:13812345678\">138 1234 5678</a>）</p><img alt=\"张建国签名\" src=\"/a.jpg\">",
    );
    show(
        &[Party::new("张建国", "申请人")],
        &[],
        "| 姓名 | 电话 |\n|---|---|\n| 张建国 | 138-1234-5678 |\n| 李四海 | 13987654321 |",
    );
    show(
        &[],
        &[],
        "原告王五诉被告赵六、钱七借款纠纷一案。王五的代理人孙律师称……被告赵六辩称，已归还。",
    );
    show(
        &[],
        &[],
        "调解员老李和社区书记马文华来到现场。马文华表示，要依法处理。",
    );
    show(
        &[],
        &[],
        "在调解员的主持下，双方自愿达成如下协议：一、李某某于2023年7月1日前支付。二、双方再无其他纠纷。",
    );
    show(
        &[],
        &[],
        "业主张先生和租户李女士发生纠纷，物业经理周强说明了情况。",
    );
    show(
        &[],
        &[],
        "车牌号为苏E·1A2B3的小车，车主微信号 wxid_abc123，邮箱 lihua@163.com，QQ号码 12345678。",
    );
}
