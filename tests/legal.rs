//! Legal structure on fixture sites: the statute index and its pages, citation links in both
//! scripts, case sections by role, facet pages with counts, convention clause anchors, versions
//! with diffs, the procedure record, the print view, the penalty lint, article series and Q&A.

mod common;
use common::TestSite;

fn site() -> TestSite {
    let s = TestSite::new();
    s.file("content/cases/_index.md", "+++\ntitle = \"典型案例\"\nkind = \"case\"\n+++\n")
        .file("content/cases/a.md", "+++\ntitle = \"漏水\"\ndate = 2024-03-01\ndispute = \"相邻关系纠纷\"\nregion = \"甲区\"\nstatutes = [\"《中华人民共和国民法典》第二百八十八条\"]\n+++\n\n【案情简介】\n楼上漏水。\n\n## 调解过程\n\n依照《民法典》第二百九十六条和本法第二百八十八条调解。\n\n## 调解结果\n\n赔偿。\n\n## 典型意义\n\n和睦。\n")
        .file("content/cases/b.md", "+++\ntitle = \"噪音\"\ndate = 2023-05-01\ndispute = \"相邻纠纷\"\nregion = \"乙区\"\n+++\n\n依據《中華人民共和國民法典》第二百八十八條處理。另見《某某条例》第三条。\n")
        .file("content/articles/_index.md", "+++\ntitle = \"普法文章\"\nkind = \"article\"\n+++\n")
        .file("content/articles/s1.md", "+++\ntitle = \"第一讲\"\nweight = 1\nseries = \"邻里三讲\"\ntopic = \"邻里\"\naudience = \"老年人\"\nstatutes = [\"民法典第288条\"]\n+++\n\n**问：**楼上漏水怎么办？\n\n答：先协商。\n")
        .file("content/articles/s2.md", "+++\ntitle = \"第二讲\"\nweight = 2\nseries = \"邻里三讲\"\ntopic = \"物业\"\naudience = \"全体居民\"\n+++\n正文。\n")
        .file("content/conventions/_index.md", "+++\ntitle = \"居民公约\"\nkind = \"convention\"\n+++\n")
        .file("content/conventions/c.md", "+++\ntitle = \"某社区公约\"\ncommunity = \"某社区\"\nstatus = \"表决通过\"\nadopted = 2024-01-10\nvote = { for = 200, against = 1, abstain = 3 }\n[procedure]\nconsultation = { from = 2023-11-01, to = 2023-11-30, opinions = 40 }\nreview = { date = 2023-12-20, body = \"某街道办事处\" }\nfiling = { date = 2024-01-20, body = \"某区民政局\" }\n+++\n\n第一条　邻里和睦。\n\n第二条　违反本公约的，罚款二百元。\n")
        .file("content/conventions/h/_index.md", "+++\ntitle = \"小区公约\"\nversions = true\n+++\n")
        .file("content/conventions/h/v1.md", "+++\ntitle = \"小区公约2020\"\ncommunity = \"某小区\"\nstatus = \"已废止\"\nadopted = 2020-01-01\nversion = \"2020年版\"\n+++\n\n第一条　爱护绿地。\n\n第二条　垃圾分类。\n")
        .file("content/conventions/h/v2.md", "+++\ntitle = \"小区公约2024\"\ncommunity = \"某小区\"\nstatus = \"已备案\"\nadopted = 2024-01-01\nversion = \"2024年版\"\n+++\n\n第一条　爱护绿地和公共设施。\n\n第二条　电动自行车不进楼道。\n\n第三条　垃圾分类。\n")
        .file("statutes/minfadian.md", "第二百八十八条　不动产的相邻权利人应当按照有利生产、方便生活、团结互助、公平合理的原则，正确处理相邻关系。\n");
    s
}

#[test]
fn statute_index_pages_and_links() {
    let s = site();
    s.build_ok();
    let laws = s.read("laws/index.html");
    assert!(laws.contains("/laws/minfadian/") && laws.contains("中华人民共和国民法典"));
    let law = s.read("laws/minfadian/index.html");
    assert!(law.contains("第二百八十八条") && law.contains("第二百九十六条"));
    let art = s.read("laws/minfadian/288/index.html");
    assert!(
        art.contains("漏水") && art.contains("噪音"),
        "both scripts' citations indexed"
    );
    assert!(
        art.contains("第一讲"),
        "articles citing it too (front matter 民法典第288条)"
    );
    assert!(
        art.contains("团结互助"),
        "article text from statutes/minfadian.md"
    );
    let case = s.read("cases/a/index.html");
    assert!(
        case.contains("href=\"https://t.example.org/laws/minfadian/296/\""),
        "body citation linked"
    );
    assert!(
        case.contains("本法第二百八十八条</a>"),
        "本法 inherits the law named before"
    );
    let trad = s.read("cases/b/index.html");
    assert!(trad.contains("<a class=\"cite\" href=\"https://t.example.org/laws/minfadian/288/\">《中華人民共和國民法典》第二百八十八條</a>"), "{trad}");
    // Front-matter statutes link to their pages.
    assert!(case.contains("<a href=\"https://t.example.org/laws/minfadian/288/\">《中华人民共和国民法典》第二百八十八条</a>"));
}

#[test]
fn unknown_laws_are_listed_with_verbose_and_never_break() {
    let s = site();
    let out = s.cmd().args(["build", "-v"]).output().unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown law 《某某条例》"));
}

#[test]
fn case_sections_are_laid_out_by_role() {
    let s = site();
    s.build_ok();
    let case = s.read("cases/a/index.html");
    for role in [
        "role-facts",
        "role-process",
        "role-result",
        "role-significance",
    ] {
        assert!(case.contains(role), "{role}");
    }
    assert!(
        case.contains("id=\"案情简介\""),
        "bracket heading became a heading"
    );
}

#[test]
fn facets_with_counts_and_unknown_dispute_warning() {
    let s = site();
    let out = s.build_ok();
    assert!(
        out.contains("unknown dispute category `相邻纠纷`")
            && out.contains("did you mean `邻里纠纷`"),
        "{out}"
    );
    let f = s.read("cases/dispute/相邻关系纠纷/index.html");
    assert!(f.contains("漏水") && !f.contains(">噪音<"));
    assert!(s.read("cases/region/乙区/index.html").contains("噪音"));
    assert!(s.read("cases/year/2023/index.html").contains("噪音"));
    let list = s.read("cases/index.html");
    assert!(list.contains("/cases/dispute/相邻关系纠纷/") && list.contains("class=\"count\">1<"));
    assert!(s.read("articles/topic/邻里/index.html").contains("第一讲"));
    assert!(
        s.read("articles/audience/老年人/index.html")
            .contains("第一讲")
    );
}

#[test]
fn conventions_anchors_procedure_print_and_lint() {
    let s = site();
    let out = s.build_ok();
    assert!(
        out.contains("第二条 looks like a penalty") && out.contains("content/conventions/c.md"),
        "{out}"
    );
    let c = s.read("conventions/c/index.html");
    assert!(
        c.contains("<p id=\"tiao-1\" class=\"clause\">第一条"),
        "clause anchors"
    );
    for step in ["征集民意", "审核", "表决", "备案", "某区民政局"] {
        assert!(c.contains(step), "{step}");
    }
    assert!(c.contains("/conventions/c/print/"));
    let print = s.read("conventions/c/print/index.html");
    assert!(
        print.contains("css/print.css") && !print.contains("site-nav") && print.contains("第一条")
    );
}

#[test]
fn convention_versions_with_diff() {
    let s = site();
    s.build_ok();
    let h = s.read("conventions/h/index.html");
    assert!(h.contains("电动自行车不进楼道"), "current text shown");
    assert!(h.contains("2020年版 → 2024年版"));
    assert!(h.contains("<ins>和公共设施</ins>"), "changed clause marked");
    assert!(h.contains("change-added"), "new clause listed as added");
    assert!(
        s.read("conventions/h/v1/index.html").contains("2024年版"),
        "each version links the others"
    );
}

#[test]
fn article_series_and_qa() {
    let s = site();
    s.build_ok();
    let a = s.read("articles/s1/index.html");
    assert!(a.contains("series-nav") && a.contains("第二讲"));
    assert!(a.contains("class=\"qa qa-q\"") && a.contains("class=\"qa qa-a\""));
}

#[test]
fn unreadable_law_text_is_reported_and_the_index_still_builds() {
    let s = site();
    let (gbk, _, _) = encoding_rs::GBK.encode("第二百八十八条　不动产的相邻权利人……\n");
    s.bytes("statutes/minfadian.md", &gbk);
    let out = s.cmd().args(["build", "-v"]).output().unwrap();
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("statutes/minfadian.md") && err.contains("GB18030"),
        "{err}"
    );
    assert!(s.read("laws/minfadian/288/index.html").contains("漏水"));
}

#[test]
fn statute_article_pages_are_paginated_in_both_scripts() {
    let s = TestSite::new();
    s.file(
        "config.toml",
        "base_url = \"https://t.example.org\"\ntitle = \"测试\"\nlaw_paginate_by = 2\nscripts = [\"hans\", \"hant\"]\n",
    )
    .file("content/cases/_index.md", "+++\ntitle = \"典型案例\"\nkind = \"case\"\n+++\n");
    for (i, name) in ["王建华", "李秀英", "赵志强", "孙丽娟", "周国平"]
        .iter()
        .enumerate()
    {
        s.file(
            &format!("content/cases/c{i}.md"),
            &format!("+++\ntitle = \"{name}相邻纠纷{i}\"\ndate = 2024-03-0{}\ndispute = \"相邻关系纠纷\"\nstatutes = [\"《中华人民共和国民法典》第二百八十八条\"]\n[[parties]]\nname = \"{name}\"\nrole = \"申请人\"\n+++\n\n{name}家楼上漏水，经调解赔偿。\n", i + 1),
        );
    }
    s.build_ok();
    let first = s.read("laws/minfadian/288/index.html");
    assert!(
        first.contains("引用本条的典型案例（5）"),
        "the heading counts every case"
    );
    assert_eq!(first.matches("class=\"card\"").count(), 2, "two per page");
    assert!(first.contains("href=\"https://t.example.org/laws/minfadian/288/page/2/\""));
    assert!(first.contains("第 1 页，共 3 页"));
    let last = s.read("laws/minfadian/288/page/3/index.html");
    assert!(
        last.contains("第二百八十八条（第 3 页）"),
        "later pages say which page they are"
    );
    assert_eq!(last.matches("class=\"card\"").count(), 1);
    assert!(last.contains("rel=\"prev\""));
    assert!(!s.exists("laws/minfadian/288/page/4/index.html"));
    // Every page of the list, in both scripts, shows the anonymized titles only.
    let hant = s.read("zh-hant/laws/minfadian/288/page/2/index.html");
    assert!(hant.contains("href=\"https://t.example.org/zh-hant/laws/minfadian/288/page/3/\""));
    let pages = [
        first,
        last,
        s.read("laws/minfadian/288/page/2/index.html"),
        hant,
    ];
    let listed: usize = pages[..3]
        .iter()
        .map(|p| p.matches("相邻纠纷").count())
        .sum();
    assert!(listed >= 5, "every case is listed on some page");
    for page in &pages {
        for name in [
            "王建华",
            "李秀英",
            "赵志强",
            "孙丽娟",
            "周国平",
            "王建華",
            "趙志強",
            "孫麗娟",
            "周國平",
        ] {
            assert!(!page.contains(name), "{name} leaked on a law page");
        }
    }
}

/// A party whose given name is part of a statute's title (王中华, 《中华人民共和国民法典》):
/// the citation stays as written, is linked and indexed, and the build passes its audit.
#[test]
fn a_given_name_inside_a_statute_title_leaves_the_citation_alone() {
    let s = common::TestSite::new();
    s.file("content/cases/_index.md", "+++\ntitle = \"典型案例\"\nkind = \"case\"\n+++\n")
        .file(
            "content/cases/a.md",
            "+++\ntitle = \"通行纠纷\"\ndispute = \"相邻关系纠纷\"\nstatutes = [\"《中华人民共和国民法典》第二百八十八条\"]\n[[parties]]\nname = \"王中华\"\nrole = \"申请人\"\n+++\n\n王中华说，中华美德要传承。依据《中华人民共和国民法典》第二百八十八条调解。\n",
        );
    s.build_ok();
    let page = s.read("cases/a/index.html");
    assert!(page.contains("王某说，王某美德要传承"), "{page}");
    assert!(page.contains("《中华人民共和国民法典》"), "{page}");
    assert!(!page.contains("王中华"), "{page}");
    assert!(s.exists("laws/index.html"), "the law index is built");
}

/// Law pages exist for the articles pages cite; a section's own text links only those (it used
/// to link every citation, and the example site's convention section linked to a missing page).
#[test]
fn a_sections_citations_link_only_to_law_pages_that_exist() {
    let s = site();
    s.file(
        "content/cases/_index.md",
        "+++\ntitle = \"典型案例\"\nkind = \"case\"\n+++\n依照《中华人民共和国民法典》第二百八十八条和第一千零八十条。\n",
    );
    s.build_ok();
    let list = s.read("cases/index.html");
    assert!(list.contains("/laws/minfadian/288/"), "{list}");
    assert!(!list.contains("/laws/minfadian/1080/"), "{list}");
    assert!(
        list.contains("第一千零八十条"),
        "the citation stays as text"
    );
    assert!(s.exists("laws/minfadian/288/index.html"));
    assert!(!s.exists("laws/minfadian/1080/index.html"));
}
