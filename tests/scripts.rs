//! Simplified and traditional script: `scripts = ["hans", "hant"]` builds a traditional copy
//! under /zh-hant/, pages written in traditional appear in simplified at the root, each page links
//! its counterpart with hreflang, and the privacy audit covers the copy.

mod common;
use common::TestSite;

fn site() -> TestSite {
    let s = TestSite::new();
    s.file("config.toml", &format!("scripts = [\"hans\", \"hant\"]\n{}", common::CONFIG))
        .file("content/articles/_index.md", "+++\ntitle = \"普法文章\"\nkind = \"article\"\n+++\n")
        .file("content/articles/jian.md", "+++\ntitle = \"人民调解委员会怎样调解纠纷\"\ndate = 2024-01-01\ntags = [\"调解\"]\n+++\n\n人民调解委员会依法调解民间纠纷，调解不收费。详见[关于](/about/)。\n\n```\n// 代码里的调解不转换\n```\n")
        .file("content/articles/fan.md", "+++\ntitle = \"寫給港澳臺居民的婚姻家庭法律常識\"\ndate = 2024-02-01\n+++\n\n《中華人民共和國民法典》婚姻家庭編規定，結婚應當男女雙方完全自願，禁止任何一方對另一方加以強迫，禁止任何組織或者個人加以干涉。\n")
        .file("content/about.md", "+++\ntitle = \"关于\"\npath = \"about\"\n+++\n关于本站。\n")
        .file("content/cases/_index.md", "+++\ntitle = \"案例\"\nkind = \"case\"\n+++\n")
        .file("content/cases/c.md", "+++\ntitle = \"漏水纠纷\"\ndate = 2024-03-01\ndispute = \"相邻关系纠纷\"\n[[parties]]\nname = \"张建国\"\nrole = \"申请人\"\n+++\n\n张建国家的卫生间漏水，经调解员调解达成协议。\n");
    s
}

#[test]
fn traditional_copy_with_links_and_hreflang() {
    let s = site();
    s.build_ok();
    let t = s.read("zh-hant/articles/jian/index.html");
    assert!(t.contains("<html lang=\"zh-Hant\""));
    assert!(
        t.contains("人民調解委員會依法調解民間糾紛"),
        "phrase-level conversion"
    );
    assert!(t.contains("// 代码里的调解不转换"), "code stays as written");
    assert!(
        t.contains("href=\"/zh-hant/about/\""),
        "internal links stay in the copy"
    );
    assert!(t.contains("hreflang=\"zh-Hans\" href=\"https://t.example.org/articles/jian/\""));
    assert!(
        t.contains("https://t.example.org/css/pufa.css"),
        "assets are shared"
    );
    let root = s.read("articles/jian/index.html");
    assert!(
        root.contains("<html lang=\"zh-CN\"")
            && root.contains(
                "hreflang=\"zh-Hant\" href=\"https://t.example.org/zh-hant/articles/jian/\""
            )
    );
    assert!(s.read("zh-hant/index.html").contains("zh-Hant"));
    assert!(
        s.read("sitemap.xml")
            .contains("https://t.example.org/zh-hant/articles/jian/")
    );
}

/// The copy converts each list's cards once and reuses them: every page of the copy must still
/// be exactly its simplified page converted whole.
#[test]
fn every_copied_page_is_its_page_converted_whole() {
    let s = site();
    for i in 0..12 {
        s.file(
            &format!("content/articles/p{i}.md"),
            &format!("+++\ntitle = \"头发与干部的后台{i}\"\ndate = 2024-04-{:02}\ntags = [\"调解\", \"发布\"]\ndescription = \"里面发布了干部名单{i}\"\n+++\n\n发展后台，头发干了。\n", i + 1),
        );
    }
    s.build_ok();
    let pages: Vec<String> = s
        .outputs()
        .into_iter()
        .filter(|p| p.ends_with(".html") && !p.starts_with("zh-hant/"))
        .collect();
    let mut lists = 0;
    for p in &pages {
        let page = s.read(p);
        lists += usize::from(page.matches("class=\"card\"").count() >= 2);
        assert_eq!(
            s.read(&format!("zh-hant/{p}")),
            pufa::script::convert_html(&page, "https://t.example.org"),
            "{p}"
        );
    }
    assert!(
        lists >= 4,
        "section, tag and home lists show cards: {lists}"
    );
}

#[test]
fn traditional_source_appears_simplified_at_the_root() {
    let s = site();
    s.build_ok();
    let root = s.read("articles/fan/index.html");
    assert!(
        root.contains("写给港澳台居民的婚姻家庭法律常识") && root.contains("婚姻家庭编规定"),
        "{root}"
    );
    assert!(
        s.read("zh-hant/articles/fan/index.html")
            .contains("婚姻家庭編規定")
    );
}

#[test]
fn audit_covers_the_traditional_copy() {
    let s = site();
    s.build_ok();
    for (name, bytes) in common::all_output(&s.public()) {
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains("张建国") && !text.contains("張建國"),
            "{name}"
        );
    }
    assert!(s.read("zh-hant/cases/c/index.html").contains("張某"));
    // A leak that only the converted copy would show is still caught: the template prints the
    // simplified name; the audit finds it in both copies.
    s.file("templates/404.html", "{{ config.extra.who }}").file(
        "config.toml",
        &format!(
            "scripts = [\"hans\", \"hant\"]\n{}[extra]\nwho = \"張建國\"\n",
            common::CONFIG
        ),
    );
    let err = s.build_err();
    assert!(
        err.contains("zh-hant/404.html") && err.contains("privacy audit"),
        "{err}"
    );
}

#[test]
fn unknown_script_is_an_error() {
    let s = site();
    s.file(
        "config.toml",
        &format!("scripts = [\"hans\", \"hant-tw\"]\n{}", common::CONFIG),
    );
    let err = s.build_err();
    assert!(err.contains("unknown script `hant-tw`"), "{err}");
}
