//! Integration tests of the authoring commands: `pufa new` (a page of each kind in the right
//! section, name-free file names, never overwriting, the site still builds) and `pufa import`
//! (GBK text, HTML with site boilerplate, pinyin annotations, mojibake, refused files, dry runs).

mod common;
use common::TestSite;

use std::path::Path;

/// Stdout, stderr and the exit code of a pufa command run in the site.
fn run(s: &TestSite, args: &[&str]) -> (String, String, i32) {
    let out = s.cmd().args(args).output().expect("run pufa");
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code().unwrap_or(-1),
    )
}

fn ok(s: &TestSite, args: &[&str]) -> String {
    let (out, err, code) = run(s, args);
    assert_eq!(code, 0, "pufa {args:?} failed:\n{out}{err}");
    out
}

fn read(s: &TestSite, rel: &str) -> String {
    std::fs::read_to_string(s.root().join(rel)).unwrap_or_else(|e| panic!("cannot read {rel}: {e}"))
}

/// `pufa build --drafts` (and `--strict`: every undeclared name in a case is an error), which
/// renders the new drafts too.
fn build_drafts(s: &TestSite, strict: bool) -> String {
    let mut args = vec!["build", "--drafts"];
    if strict {
        args.push("--strict");
    }
    let (out, err, code) = run(s, &args);
    assert_eq!(code, 0, "build failed:\n{out}{err}");
    out
}

fn today() -> String {
    chrono::Local::now()
        .date_naive()
        .format("%Y-%m-%d")
        .to_string()
}

/// `YYYY-MM-DD-N` for a page file name.
fn is_date_counter(stem: &str) -> bool {
    let b = stem.as_bytes();
    stem.len() > 11
        && b[..10].iter().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        })
        && b[10] == b'-'
        && stem[11..].chars().all(|c| c.is_ascii_digit())
}

fn stem(rel: &str) -> &str {
    Path::new(rel)
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default()
}

fn site_with_sections() -> TestSite {
    let s = TestSite::new();
    s.file("content/_index.md", "+++\ntitle = \"首页\"\n+++\n")
        .file(
            "content/anli/_index.md",
            "+++\ntitle = \"典型案例\"\nkind = \"case\"\n+++\n",
        )
        .file(
            "content/gongyue/_index.md",
            "---\ntitle: 居民公约\nkind: convention\n---\n",
        )
        // Two article sections: the shallower one is chosen.
        .file(
            "content/zz/_index.md",
            "+++\ntitle = \"普法\"\nkind = \"article\"\n+++\n",
        )
        .file(
            "content/a/b/_index.md",
            "+++\ntitle = \"深处\"\nkind = \"article\"\n+++\n",
        )
        .file("content/a/_index.md", "+++\ntitle = \"其他\"\n+++\n");
    s
}

#[test]
fn new_writes_each_kind_into_its_section_and_the_site_builds() {
    let s = site_with_sections();
    // A case title naming the parties: the file name must not show them.
    let case = ok(&s, &["new", "case", "张建国与李秀英漏水纠纷"]);
    let case = case.trim();
    assert!(case.starts_with("content/anli/"), "{case}");
    assert!(
        is_date_counter(stem(case)),
        "name-free case file name: {case}"
    );
    assert_eq!(stem(case), format!("{}-1", today()));
    let text = read(&s, case);
    for needle in [
        "title = \"张建国与李秀英漏水纠纷\"",
        &format!("date = {}", today()),
        "dispute = \"相邻关系纠纷\"",
        "region = ",
        "outcome = ",
        "statutes = []",
        "tags = []",
        "organization = ",
        "mediator = ",
        "# [[parties]]",
        "# name = ",
        "# role = ",
        "# aliases = ",
        "[anonymize]",
        "keep = []",
        "## 基本案情",
        "## 调解过程",
        "## 调解结果",
        "## 典型意义",
        "## 相关法条",
    ] {
        assert!(text.contains(needle), "case lacks {needle}:\n{text}");
    }

    let conv = ok(&s, &["new", "convention", "幸福里小区居民公约"]);
    let conv = conv.trim();
    assert!(conv.starts_with("content/gongyue/"), "{conv}");
    assert!(is_date_counter(stem(conv)), "{conv}");
    let text = read(&s, conv);
    for needle in [
        "community = ",
        "status = \"草案\"",
        "version = ",
        "# [procedure]",
        "# consultation = ",
        "# vote = ",
        "# filing = ",
        "# published = ",
        "制定本公约",
        "第一条",
    ] {
        assert!(text.contains(needle), "convention lacks {needle}:\n{text}");
    }

    // Latin letters or digits in an article title make an ASCII slug; Han only, the date form.
    let art = ok(&s, &["new", "article", "12348热线怎么用"]);
    assert_eq!(art.trim(), "content/zz/12348.md");
    let art2 = ok(&s, &["new", "文章", "遗嘱怎么立"]);
    let art2 = art2.trim();
    assert!(
        art2.starts_with("content/zz/") && is_date_counter(stem(art2)),
        "{art2}"
    );
    let text = read(&s, art2);
    for needle in [
        "topic = ",
        "audience = ",
        "series = ",
        "statutes = []",
        "tags = []",
    ] {
        assert!(text.contains(needle), "article lacks {needle}:\n{text}");
    }

    // New pages are drafts: the site builds without them, and with them. (Not strict: the title
    // names undeclared parties on purpose.)
    s.build_ok();
    assert!(!s.exists(&format!("anli/{}/index.html", stem(case))));
    build_drafts(&s, false);
    let page = s.read(&format!("anli/{}/index.html", stem(case)));
    assert!(page.contains("相邻关系纠纷") && page.contains("基本案情"));
    assert!(s.exists(&format!("gongyue/{}/index.html", stem(conv))));
    assert!(s.exists("zz/12348/index.html"));
    assert!(s.exists(&format!("zz/{}/index.html", stem(art2))));
}

#[test]
fn new_creates_a_missing_section() {
    let s = TestSite::new();
    let (out, err, code) = run(&s, &["new", "case", "楼上漏水"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.trim().starts_with("content/cases/"), "{out}");
    assert!(err.contains("content/cases/_index.md"), "{err}");
    assert!(read(&s, "content/cases/_index.md").contains("kind = \"case\""));
    ok(&s, &["new", "convention", "公约"]);
    assert!(read(&s, "content/conventions/_index.md").contains("kind = \"convention\""));
    ok(&s, &["new", "article", "文章"]);
    assert!(read(&s, "content/articles/_index.md").contains("kind = \"article\""));
    // Strict: the placeholders of the skeleton never look like undeclared names.
    build_drafts(&s, true);
    assert!(s.exists("cases/index.html"));
}

#[test]
fn new_never_overwrites() {
    let s = site_with_sections();
    let first = format!("content/anli/{}-1.md", today());
    s.file(
        &first,
        "+++\ntitle = \"已有\"\ndispute = \"其他纠纷\"\n+++\n原文。\n",
    );
    // A bundle folder takes a name too.
    s.file(
        &format!("content/anli/{}-2/index.md", today()),
        "+++\ntitle = \"捆绑\"\ndispute = \"其他纠纷\"\n+++\n",
    );
    let out = ok(&s, &["new", "case", "新案例"]);
    assert_eq!(out.trim(), format!("content/anli/{}-3.md", today()));
    assert_eq!(
        read(&s, &first),
        "+++\ntitle = \"已有\"\ndispute = \"其他纠纷\"\n+++\n原文。\n"
    );
    let again = ok(&s, &["new", "case", "新案例"]);
    assert_eq!(again.trim(), format!("content/anli/{}-4.md", today()));

    s.file("content/zz/12348.md", "+++\ntitle = \"旧\"\n+++\n旧文。\n");
    let out = ok(&s, &["new", "article", "12348热线"]);
    assert_eq!(out.trim(), "content/zz/12348-2.md");
    assert!(read(&s, "content/zz/12348.md").contains("旧文"));
}

#[test]
fn new_errors_on_bad_kind_missing_site_and_wrong_section() {
    let s = site_with_sections();
    let (_, err, code) = run(&s, &["new", "judgment", "标题"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("judgment") && err.contains("case, convention, article"),
        "{err}"
    );

    let empty = tempfile::tempdir().expect("temp dir");
    let out = assert_cmd::Command::cargo_bin("pufa")
        .expect("pufa")
        .current_dir(empty.path())
        .args(["new", "case", "标题"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("no config.toml") && err.contains("pufa init"),
        "{err}"
    );
    assert_eq!(
        std::fs::read_dir(empty.path()).expect("dir").count(),
        0,
        "nothing written"
    );

    let (_, err, code) = run(&s, &["new", "case", "标题", "--section", "content/zz"]);
    assert_eq!(code, 2);
    assert!(err.contains("content/zz holds article pages"), "{err}");
    let (_, err, code) = run(&s, &["new", "case", "标题", "--section", "../x"]);
    assert_eq!(code, 2);
    assert!(err.contains("no `..`"), "{err}");
    let (_, err, code) = run(&s, &["new", "case", "  "]);
    assert_eq!(code, 2);
    assert!(err.contains("title is empty"), "{err}");
}

#[test]
fn new_with_section_declares_the_kind_where_needed() {
    let s = site_with_sections();
    // content/a has no kind: the page declares it.
    let out = ok(&s, &["new", "case", "标题", "--section", "a"]);
    assert!(out.trim().starts_with("content/a/"), "{out}");
    assert!(read(&s, out.trim()).contains("kind = \"case\""));
    // A new folder becomes a section of the kind.
    let out = ok(
        &s,
        &[
            "new",
            "article",
            "标题",
            "--section",
            "content/zhuanti/fanzha",
        ],
    );
    assert!(out.trim().starts_with("content/zhuanti/fanzha/"), "{out}");
    assert!(read(&s, "content/zhuanti/fanzha/_index.md").contains("kind = \"article\""));
    // An inherited kind is enough.
    let out = ok(&s, &["new", "article", "标题", "--section", "a/b"]);
    assert!(!read(&s, out.trim()).contains("kind ="));
    build_drafts(&s, true);
}

// ----------------------------------------------------------------------------------------------
// import
// ----------------------------------------------------------------------------------------------

/// The page written for `input`, from the report line `input → path`.
fn written(out: &str, input: &str) -> String {
    out.lines()
        .find_map(|l| l.strip_prefix(&format!("{input} → ")))
        .unwrap_or_else(|| panic!("no report for {input}:\n{out}"))
        .trim()
        .to_string()
}

fn body(page: &str) -> &str {
    page.splitn(3, "+++\n").nth(2).unwrap_or_default().trim()
}

const HTML: &str = r#"<!DOCTYPE html>
<html><head><meta charset="utf-8">
<title>老人立遗嘱要注意什么_普法园地_某某区普法网</title>
<meta name="PubDate" content="2024-05-20 09:30">
<script>var tongji = 1;</script>
<style>.x { color: red }</style>
</head>
<body>
<nav><a href="/">首页</a> <a href="/pufa/">普法园地</a></nav>
<div class="main">
<div class="crumb">当前位置：首页 &gt; 普法园地</div>
<h1>老人立遗嘱要注意什么</h1>
<p class="info">来源：某某区司法局　作者：王晓　发布时间：2024-05-20　浏览次数：321</p>
<p><img src="t.jpg" alt="">老人立遗嘱要注意什么</p>
<p>　　很多老年人关心遗嘱怎么立才有效。<strong>自书遗嘱</strong>应当由遗嘱人亲笔书写，签名，注明年、月、日。</p>
<h2>常见的遗嘱形式</h2>
<ul><li>自书遗嘱</li><li>代书遗嘱<li>打印遗嘱</ul>
<p>详见<a href="https://flk.npc.gov.cn/">国家法律法规数据库</a>&nbsp;。</p>
<p>责任编辑：刘敏</p>
<div class="share">分享到：微信 微博 QQ空间</div>
<div class="pn"><p>上一篇：物业费该不该交</p><p>下一篇：彩礼能不能要回</p></div>
<div class="rec"><h3>相关推荐</h3>
<ul><li><a href="/a/1.html">离婚冷静期是什么</a></li><li><a href="/a/2.html">高空抛物谁担责</a></li></ul></div>
</div>
<div class="foot">版权所有 © 2024 某某区普法网　京ICP备12345678号</div>
<footer>联系我们</footer>
</body></html>
"#;

#[test]
fn import_html_removes_boilerplate_and_keeps_the_source() {
    let s = TestSite::new();
    s.file("inbox/yizhu.html", HTML);
    let out = ok(&s, &["import", "inbox/yizhu.html", "--kind", "article"]);
    let path = written(&out, "inbox/yizhu.html");
    assert_eq!(path, "content/articles/2024-05-20-1.md", "{out}");
    assert!(read(&s, "content/articles/_index.md").contains("kind = \"article\""));
    let page = read(&s, &path);
    assert!(
        page.starts_with("+++\ntitle = \"老人立遗嘱要注意什么\"\ndate = 2024-05-20\n"),
        "{page}"
    );
    assert!(!page.contains("draft = true"), "nothing flagged:\n{page}");
    assert!(page.contains("topic = \"\"") && page.contains("audience = \"\""));
    assert!(
        page.contains("[extra]\nsource = \"某某区司法局\"\nauthor = \"王晓\"\n"),
        "{page}"
    );
    assert_eq!(
        body(&page),
        "很多老年人关心遗嘱怎么立才有效。**自书遗嘱**应当由遗嘱人亲笔书写，签名，注明年、月、日。\n\n\
         ## 常见的遗嘱形式\n\n\
         - 自书遗嘱\n- 代书遗嘱\n- 打印遗嘱\n\n\
         详见[国家法律法规数据库](https://flk.npc.gov.cn/) 。"
    );
    for needle in [
        "converted: HTML → Markdown",
        "dropped page parts: <footer> <nav> <script> <style>",
        "left out 1 image",
        "title from <h1>",
        "date 2024-05-20 from <meta>",
        "removed 12 boilerplate lines:",
        "[breadcrumb (当前位置)] 当前位置：首页 > 普法园地",
        "[article info line (作者/发布时间/浏览次数)] 来源：某某区司法局",
        "[责任编辑] 责任编辑：刘敏",
        "[分享到] 分享到：微信 微博 QQ空间",
        "[上一篇/下一篇] 上一篇：物业费该不该交",
        "[上一篇/下一篇] 下一篇：彩礼能不能要回",
        "[相关推荐 list] ### 相关推荐",
        "[相关推荐 list] - 离婚冷静期是什么",
        "[相关推荐 list] - 高空抛物谁担责",
        "[copyright notice (版权/转载/ICP备)] 版权所有 © 2024",
        "[headline repeated in the body] ## 老人立遗嘱要注意什么",
        "[headline repeated in the body] 老人立遗嘱要注意什么",
        "source: 某某区司法局 → [extra] source",
    ] {
        assert!(out.contains(needle), "report lacks {needle}:\n{out}");
    }
    s.build_ok();
    let html = s.read("articles/2024-05-20-1/index.html");
    assert!(html.contains("<strong>自书遗嘱</strong>"));
    assert!(!html.contains("ICP") && !html.contains("上一篇"));
}

#[test]
fn import_gbk_text_is_converted_and_reported() {
    let s = TestSite::new();
    s.file(
        "content/wenzhang/_index.md",
        "+++\ntitle = \"普法文章\"\nkind = \"article\"\n+++\n",
    );
    let text = "遗嘱怎么立才有效\r\n2024年5月1日\r\n　　很多老年人关心遗嘱怎么立才有效。\r\n　　自书遗嘱应当由遗嘱人亲笔书写。\r\n转载请注明出处。\r\n";
    let (gbk, _, unmappable) = encoding_rs::GBK.encode(text);
    assert!(!unmappable);
    assert!(
        std::str::from_utf8(&gbk).is_err(),
        "the fixture is not UTF-8"
    );
    s.bytes("in/gbk.txt", &gbk);
    let out = ok(&s, &["import", "in/gbk.txt"]);
    let path = written(&out, "in/gbk.txt");
    assert_eq!(path, "content/wenzhang/2024-05-01-1.md");
    assert!(out.contains("converted: GB18030 → UTF-8"), "{out}");
    assert!(out.contains("title from the first line"), "{out}");
    assert!(out.contains("date 2024-05-01 from the text"), "{out}");
    assert!(
        out.contains("[copyright notice (版权/转载/ICP备)] 转载请注明出处。"),
        "{out}"
    );
    let page = read(&s, &path);
    assert!(page.starts_with("+++\ntitle = \"遗嘱怎么立才有效\"\ndate = 2024-05-01\n"));
    assert_eq!(
        body(&page),
        "2024年5月1日\n\n很多老年人关心遗嘱怎么立才有效。\n\n自书遗嘱应当由遗嘱人亲笔书写。"
    );
    s.build_ok();
    assert!(s.exists("wenzhang/2024-05-01-1/index.html"));
}

#[test]
fn import_removes_pinyin_annotations_only_when_there_are_several() {
    let s = TestSite::new();
    s.file(
        "in/fanti.txt",
        "社區調解員的一天\n2024年3月8日\n　　當(dāng)前，社區(qū)調(tiáo)解員是化解鄰（lín）里糾紛的重要力量。\n　　他們走家串戶。\n",
    );
    s.file(
        "in/duyin.txt",
        "“调”字怎么读\n2024年3月9日\n　　“调解”的“调”读作调(tiáo)，不读diào。\n",
    );
    let out = ok(&s, &["import", "in/fanti.txt", "in/duyin.txt"]);
    let fanti = read(&s, &written(&out, "in/fanti.txt"));
    assert_eq!(
        body(&fanti),
        "2024年3月8日\n\n當前，社區調解員是化解鄰里糾紛的重要力量。\n\n他們走家串戶。"
    );
    assert!(
        out.contains("removed 4 pinyin annotations after characters: 當(dāng) → 當, 區(qū) → 區, 調(tiáo) → 調"),
        "{out}"
    );
    let duyin = read(&s, &written(&out, "in/duyin.txt"));
    assert!(body(&duyin).contains("读作调(tiáo)，不读diào。"), "{duyin}");
    assert!(
        out.contains("kept 1 parenthesised pinyin (fewer than 3: likely teaching pronunciation)"),
        "{out}"
    );
    s.build_ok();
}

#[test]
fn import_flags_mojibake_keeps_it_and_makes_a_draft() {
    let s = TestSite::new();
    s.file(
        "in/luanma.txt",
        "物业费纠纷怎么办\n2024年6月1日\n第一段正常的文字。\n这里有一段锟斤拷烫烫烫乱码。\n业主委员会?同物业公司协商。\nå…¬å¸ä¸Šå¸‚\n",
    );
    let out = ok(&s, &["import", "in/luanma.txt"]);
    let path = written(&out, "in/luanma.txt");
    let page = read(&s, &path);
    assert!(page.contains("\ndraft = true\n"), "{page}");
    // The text is kept as it was.
    assert!(
        page.contains("这里有一段锟斤拷烫烫烫乱码。\n\n业主委员会?同物业公司协商。\n\nå…¬å¸ä¸Šå¸‚")
    );
    let lines: Vec<&str> = page.lines().collect();
    let mut flagged = Vec::new();
    for l in out.lines() {
        let Some(rest) = l.trim().strip_prefix(&format!("flagged {path}:")) else {
            continue;
        };
        let n: usize = rest
            .split(':')
            .next()
            .and_then(|n| n.parse().ok())
            .expect("line number");
        flagged.push((n, rest.to_string()));
    }
    assert_eq!(flagged.len(), 3, "{out}");
    assert!(lines[flagged[0].0 - 1].contains("锟斤拷") && flagged[0].1.contains("锟斤拷"));
    assert!(lines[flagged[1].0 - 1].contains("会?同") && flagged[1].1.contains("'?'"));
    assert!(lines[flagged[2].0 - 1].starts_with("å…¬") && flagged[2].1.contains("Latin-1"));
    assert!(
        out.contains("draft = true: check the flagged lines"),
        "{out}"
    );
    // A draft: the site builds without it, and with it.
    s.build_ok();
    assert!(!s.exists(&format!("articles/{}/index.html", stem(&path))));
    build_drafts(&s, false);
    assert!(s.exists(&format!("articles/{}/index.html", stem(&path))));
}

#[test]
fn import_refuses_undecodable_files_and_reads_the_others() {
    let s = TestSite::new();
    s.bytes("in/bad.txt", b"\xff\xfe\xff not text \x80\xff");
    s.bytes("in/bad2.txt", b"title\n\x80\xff\xff");
    s.file("in/good.txt", "好文章\n正文。\n");
    let (out, err, code) = run(
        &s,
        &["import", "in/bad2.txt", "in/good.txt", "in/missing.txt"],
    );
    assert_eq!(code, 2, "a missing input is an I/O error:\n{out}{err}");
    assert!(err.contains("in/bad2.txt is neither UTF-8 nor GBK/GB18030 (the first byte that is not UTF-8 is on line 2)"), "{err}");
    assert!(err.contains("cannot read in/missing.txt"), "{err}");
    let good = written(&out, "in/good.txt");
    assert!(body(&read(&s, &good)).contains("正文。"));
    let (_, err, code) = run(&s, &["import", "in/bad.txt"]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("in/bad.txt") && err.contains("was not imported"),
        "{err}"
    );
}

#[test]
fn import_dry_run_writes_nothing() {
    let s = TestSite::new();
    s.file("in/a.html", HTML);
    let out = ok(&s, &["import", "--dry-run", "in/a.html"]);
    assert!(
        out.contains("(would create the section content/articles/_index.md)"),
        "{out}"
    );
    assert!(out.contains("--- content/articles/2024-05-20-1.md (dry run: not written) ---\n+++\ntitle = \"老人立遗嘱要注意什么\""), "{out}");
    assert!(!s.root().join("content").exists());
}

#[test]
fn import_never_overwrites_and_rejects_other_kinds() {
    let s = TestSite::new();
    s.file(
        "content/articles/_index.md",
        "+++\ntitle = \"文章\"\nkind = \"article\"\n+++\n",
    );
    s.file(
        "content/articles/2024-05-20-1.md",
        "+++\ntitle = \"旧\"\n+++\n旧文。\n",
    );
    s.file("in/a.html", HTML);
    let out = ok(&s, &["import", "in/a.html", "in/a.html"]);
    assert!(
        out.contains("in/a.html → content/articles/2024-05-20-2.md"),
        "{out}"
    );
    assert!(
        out.contains("in/a.html → content/articles/2024-05-20-3.md"),
        "{out}"
    );
    assert!(read(&s, "content/articles/2024-05-20-1.md").contains("旧文"));
    let (_, err, code) = run(&s, &["import", "in/a.html", "--kind", "case"]);
    assert_eq!(code, 2);
    assert!(err.contains("articles only"), "{err}");
    s.build_ok();
}
