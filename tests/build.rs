//! Integration tests of `pufa build` on small fixture sites: sections, kinds, pagination,
//! taxonomies, feeds, sitemap, bundles, aliases, drafts, template overrides, Zola-style content.

mod common;
use common::TestSite;

fn case(title: &str, date: &str) -> String {
    format!(
        "+++\ntitle = \"{title}\"\ndate = {date}\ndispute = \"相邻关系纠纷\"\nregion = \"某区\"\noutcome = \"调解成功\"\nstatutes = [\"《中华人民共和国民法典》第二百八十八条\"]\ntags = [\"漏水\"]\n+++\n\n## 基本案情\n\n楼上漏水。\n\n## 调解结果\n\n双方和解。\n"
    )
}

fn site_with_kinds() -> TestSite {
    let s = TestSite::new();
    s.file("content/_index.md", "+++\ntitle = \"首页\"\n+++\n欢迎。\n")
        .file("content/cases/_index.md", "+++\ntitle = \"典型案例\"\nkind = \"case\"\n+++\n")
        .file("content/cases/a.md", &case("案例甲", "2024-01-02"))
        .file("content/cases/b.md", &case("案例乙", "2024-03-04"))
        .file("content/conventions/_index.md", "+++\ntitle = \"居民公约\"\nkind = \"convention\"\n+++\n")
        .file("content/conventions/c.md", "+++\ntitle = \"某社区公约\"\ncommunity = \"某社区\"\nstatus = \"已备案\"\nadopted = 2024-05-01\nvote = { for = 300, against = 2, abstain = 5 }\nfiled_with = \"某街道办事处\"\n+++\n第一条 邻里和睦。\n")
        .file("content/articles/_index.md", "+++\ntitle = \"普法文章\"\nkind = \"article\"\n+++\n")
        .file("content/articles/d.md", "+++\ntitle = \"问答\"\ndate = 2024-06-01\ntopic = \"邻里关系\"\naudience = \"老年人\"\n[taxonomies]\ntags = [\"漏水\", \"问答\"]\n+++\n**问：**怎么办？\n\n答：协商。\n")
        .file("content/about.md", "+++\ntitle = \"关于\"\npath = \"about\"\n+++\n关于本站。\n");
    s
}

#[test]
fn builds_sections_pages_kinds_and_machine_files() {
    let s = site_with_kinds();
    let out = s.build_ok();
    assert!(out.contains("built 5 pages"), "{out}");
    let home = s.read("index.html");
    assert!(home.contains("<html lang=\"zh-CN\""));
    assert!(
        home.contains("案例乙") && home.contains("某社区公约") && home.contains("问答"),
        "home lists latest of each kind"
    );
    let case = s.read("cases/a/index.html");
    assert!(
        case.contains("相邻关系纠纷")
            && case.contains("调解成功")
            && case.contains("第二百八十八条"),
        "case facts shown"
    );
    assert!(case.contains("id=\"基本案情\""), "Chinese heading id");
    let conv = s.read("conventions/c/index.html");
    assert!(
        conv.contains("300") && conv.contains("某街道办事处") && conv.contains("已备案"),
        "convention facts shown"
    );
    let article = s.read("articles/d/index.html");
    assert!(article.contains("邻里关系") && article.contains("老年人"));
    assert!(
        article.contains("<strong>问：</strong>怎么办"),
        "CJK emphasis"
    );
    assert!(s.read("about/index.html").contains("关于本站"));
    // Taxonomies from both forms, with feeds.
    let term = s.read("tags/漏水/index.html");
    assert!(term.contains("案例甲") && term.contains("问答"));
    assert!(s.read("tags/index.html").contains("问答"));
    assert!(s.exists("tags/漏水/atom.xml"));
    // Feeds, sitemap, robots, 404, stylesheets.
    let atom = s.read("atom.xml");
    assert!(
        atom.contains("<feed xmlns=\"http://www.w3.org/2005/Atom\"") && atom.contains("案例乙")
    );
    assert!(s.read("cases/atom.xml").contains("案例甲"));
    let sitemap = s.read("sitemap.xml");
    assert!(
        sitemap.contains("https://t.example.org/cases/a/")
            && sitemap.contains("%E6%BC%8F%E6%B0%B4"),
        "sitemap URLs encoded"
    );
    assert!(
        s.read("robots.txt")
            .contains("Sitemap: https://t.example.org/sitemap.xml")
    );
    assert!(s.read("404.html").contains("页面"));
    assert!(s.exists("css/pufa.css") && s.exists("css/syntax.css"));
}

#[test]
fn pages_sorted_by_date_with_prev_next() {
    let s = site_with_kinds();
    s.build_ok();
    let list = s.read("cases/index.html");
    let (a, b) = (list.find("案例甲").unwrap(), list.find("案例乙").unwrap());
    assert!(b < a, "newest first");
    let older = s.read("cases/a/index.html");
    assert!(
        older.contains("/cases/b/"),
        "older page links to the newer one"
    );
}

#[test]
fn pagination_writes_numbered_pages_and_redirects_page_one() {
    let s = TestSite::new();
    s.file(
        "content/news/_index.md",
        "+++\ntitle = \"动态\"\npaginate_by = 2\n+++\n",
    );
    for i in 1..=5 {
        s.file(
            &format!("content/news/n{i}.md"),
            &format!("+++\ntitle = \"第{i}条动态\"\ndate = 2024-01-0{i}\n+++\n正文{i}\n"),
        );
    }
    s.build_ok();
    let p1 = s.read("news/index.html");
    assert!(p1.contains("第5条动态") && p1.contains("第4条动态") && !p1.contains("第3条动态"));
    assert!(s.read("news/page/2/index.html").contains("第3条动态"));
    assert!(s.read("news/page/3/index.html").contains("第1条动态"));
    assert!(!s.exists("news/page/4/index.html"));
    assert!(
        s.read("news/page/1/index.html")
            .contains("url=https://t.example.org/news/")
    );
}

#[test]
fn weight_sort_bundles_aliases_and_yaml() {
    let s = TestSite::new();
    s.file(
        "content/series/_index.md",
        "+++\ntitle = \"系列\"\nsort_by = \"weight\"\n+++\n",
    )
    .file(
        "content/series/two.md",
        "---\ntitle: 第二讲\nweight: 2\naliases: [\"/old/two/\"]\n---\n二。\n",
    )
    .file(
        "content/series/one.md",
        "+++\ntitle = \"第一讲\"\nweight = 1\n+++\n一。\n",
    )
    .file(
        "content/series/three/index.md",
        "+++\ntitle = \"第三讲\"\nweight = 3\n+++\n![示意图](chart.svg)\n",
    )
    .file(
        "content/series/three/chart.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    s.build_ok();
    let list = s.read("series/index.html");
    let pos = |t: &str| list.find(t).unwrap_or_else(|| panic!("{t} missing"));
    assert!(pos("第一讲") < pos("第二讲") && pos("第二讲") < pos("第三讲"));
    assert!(
        s.exists("series/three/chart.svg"),
        "bundle asset copied beside the page"
    );
    assert!(
        s.read("old/two/index.html")
            .contains("https://t.example.org/series/two/")
    );
}

#[test]
fn drafts_only_with_flag() {
    let s = TestSite::new();
    s.file("content/a.md", "+++\ntitle = \"草稿\"\ndraft = true\n+++\n");
    s.build_ok();
    assert!(!s.exists("a/index.html"));
    let out = s.cmd().args(["build", "--drafts"]).output().unwrap();
    assert!(out.status.success());
    assert!(s.exists("a/index.html"));
}

#[test]
fn site_templates_override_the_theme_and_page_templates_are_chosen() {
    let s = TestSite::new();
    s.file(
        "templates/page.html",
        "OVERRIDE {{ page.title }} {{ config.title }}",
    )
    .file(
        "templates/special.html",
        "SPECIAL {{ page.title }}|{{ page.char_count }}|{{ page.reading_minutes }}",
    )
    .file("content/a.md", "+++\ntitle = \"甲\"\n+++\n")
    .file(
        "content/b.md",
        "+++\ntitle = \"乙\"\ntemplate = \"special.html\"\n+++\n人民调解\n",
    );
    s.build_ok();
    assert_eq!(s.read("a/index.html"), "OVERRIDE 甲 测试站");
    assert_eq!(s.read("b/index.html"), "SPECIAL 乙|4|1");
}

#[test]
fn paginator_pagers_are_built_when_a_template_reads_them() {
    let s = TestSite::new();
    s.file(
        "templates/section.html",
        "{{ paginator.current_index }}/{{ paginator.total_pages }}:{% for p in paginator.pagers %} {{ p.index }}={{ p.permalink }}{% endfor %}",
    )
    .file("content/news/_index.md", "+++\ntitle = \"新闻\"\npaginate_by = 1\n+++\n");
    for n in 1..=3 {
        s.file(
            &format!("content/news/n{n}.md"),
            &format!("+++\ntitle = \"第{n}条\"\ndate = 2024-01-0{n}\n+++\n正文\n"),
        );
    }
    s.build_ok();
    let base = "https://t.example.org/news";
    let all = format!(" 1={base}/ 2={base}/page/2/ 3={base}/page/3/");
    assert_eq!(s.read("news/index.html"), format!("1/3:{all}"));
    assert_eq!(s.read("news/page/3/index.html"), format!("3/3:{all}"));
}

#[test]
fn paginator_without_pagers_when_no_template_reads_them() {
    let s = TestSite::new();
    s.file(
        "templates/section.html",
        "{{ paginator.current_index }}|{{ paginator.next }}|{{ paginator.last }}|{{ paginator | json_encode }}",
    )
    .file("content/news/_index.md", "+++\ntitle = \"新闻\"\npaginate_by = 1\n+++\n")
    .file("content/news/a.md", "+++\ntitle = \"甲\"\ndate = 2024-01-02\n+++\n")
    .file("content/news/b.md", "+++\ntitle = \"乙\"\ndate = 2024-01-01\n+++\n");
    s.build_ok();
    let first = s.read("news/index.html");
    assert!(
        first.starts_with(
            "1|https://t.example.org/news/page/2/|https://t.example.org/news/page/2/|"
        ),
        "{first}"
    );
    assert!(!first.contains("\"pagers\""), "{first}");
}

#[test]
fn zola_style_content_builds_unchanged() {
    let s = TestSite::new();
    s.file("config.toml", "base_url = \"https://z.example.org\"\ntitle = \"Z\"\ncompile_sass = false\nbuild_search_index = false\ntaxonomies = [{name = \"categories\"}, {name = \"tags\"}]\n[markdown]\nhighlight_code = true\n[extra]\nauthor = \"x\"\n")
        .file("content/_index.md", "+++\nsort_by = \"date\"\npaginate_by = 5\ninsert_anchor_links = \"right\"\n[extra]\nfoo = 1\n+++\n")
        .file("content/blog/_index.md", "+++\ntitle = \"Blog\"\ntemplate = \"section.html\"\npage_template = \"page.html\"\n+++\n")
        .file("content/blog/hello.md", "+++\ntitle = \"Hello\"\ndescription = \"d\"\ndate = 2021-05-01T10:00:00Z\nupdated = 2021-06-01\nweight = 3\nauthors = [\"A\"]\nin_search_index = true\n[taxonomies]\ncategories = [\"Rust\"]\ntags = [\"ssg\"]\n[extra]\ncover = \"x.png\"\n+++\nHello *world*.\n\n```rust\nfn main() {}\n```\n");
    s.build_ok();
    let page = s.read("blog/hello/index.html");
    assert!(
        page.contains("Hello") && page.contains("hl-"),
        "highlighted code"
    );
    assert!(s.exists("categories/rust/index.html"));
}

#[test]
fn init_creates_a_site_that_builds() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("新站点");
    let out = assert_cmd::Command::cargo_bin("pufa")
        .unwrap()
        .arg("init")
        .arg(&dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = assert_cmd::Command::cargo_bin("pufa")
        .unwrap()
        .current_dir(&dir)
        .arg("build")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for f in [
        "index.html",
        "cases/index.html",
        "conventions/example/index.html",
        "articles/example/index.html",
        "about/index.html",
    ] {
        assert!(dir.join("public").join(f).exists(), "{f}");
    }
    // A second init into a non-empty folder is refused.
    let again = assert_cmd::Command::cargo_bin("pufa")
        .unwrap()
        .arg("init")
        .arg(&dir)
        .output()
        .unwrap();
    assert_eq!(again.status.code(), Some(2));
}

#[test]
fn output_and_base_url_flags() {
    let s = site_with_kinds();
    let out_dir = s.root().join("elsewhere/site");
    let out = s
        .cmd()
        .args([
            "build",
            "--base-url",
            "https://other.example.org/",
            "--output-dir",
        ])
        .arg(&out_dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let home = std::fs::read_to_string(out_dir.join("index.html")).unwrap();
    assert!(home.contains("https://other.example.org/cases/"));
    assert!(!s.public().exists());
}

#[test]
fn builds_are_deterministic() {
    let s = site_with_kinds();
    s.build_ok();
    let first = common::all_output(&s.public());
    s.build_ok();
    assert_eq!(first, common::all_output(&s.public()));
}

#[test]
fn refuses_to_replace_a_folder_that_is_not_a_build() {
    let s = site_with_kinds();
    let out = s
        .cmd()
        .args(["build", "--output-dir", "."])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("refusing"));
    assert!(s.root().join("config.toml").exists());
}

/// An output folder that is a symbolic link (to a web server's folder, say) stays a link: the
/// site is replaced where it points, and nothing is left beside either.
#[test]
fn a_linked_output_folder_is_replaced_where_it_points() {
    let s = site_with_kinds();
    let target = s.root().join("www/site");
    std::fs::create_dir_all(&target).unwrap();
    std::fs::write(target.join("stale.html"), "old").unwrap();
    std::os::unix::fs::symlink("www/site", s.public()).unwrap();
    for _ in 0..2 {
        s.build_ok();
        assert!(
            std::fs::symlink_metadata(s.public())
                .unwrap()
                .file_type()
                .is_symlink(),
            "the link stays"
        );
        assert!(target.join("index.html").is_file(), "built where it points");
        assert!(!target.join("stale.html").exists(), "old output replaced");
        let beside = |dir: &std::path::Path| -> Vec<String> {
            std::fs::read_dir(dir)
                .unwrap()
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .filter(|n| n.contains("pufa-"))
                .collect()
        };
        assert!(beside(s.root()).is_empty() && beside(&s.root().join("www")).is_empty());
    }
    // A link to a folder that does not exist yet: the folder is created.
    std::fs::remove_file(s.public()).unwrap();
    std::os::unix::fs::symlink("www/new", s.public()).unwrap();
    s.build_ok();
    assert!(s.root().join("www/new/index.html").is_file());
    // A loop of links is an error, not a hang or a panic.
    std::fs::remove_file(s.public()).unwrap();
    std::os::unix::fs::symlink("public2", s.public()).unwrap();
    std::os::unix::fs::symlink("public", s.root().join("public2")).unwrap();
    let out = s.cmd().arg("build").output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("loop of symbolic links") && err.contains("public"),
        "{err}"
    );
}

#[test]
fn every_list_shows_the_card_template_at_its_heading_level() {
    let s = TestSite::new();
    s.file(
        "templates/partials/card.html",
        "<li data-level=\"{{ level }}\">{{ p.title }}|{{ p.path }}|{{ config.title }}</li>",
    )
    .file(
        "content/news/_index.md",
        "+++\ntitle = \"新闻\"\npaginate_by = 1\n+++\n",
    )
    .file(
        "content/news/a.md",
        "+++\ntitle = \"甲\"\ndate = 2024-01-02\n[taxonomies]\ntags = [\"邻里\"]\n+++\n正文\n",
    )
    .file(
        "content/news/b.md",
        "+++\ntitle = \"乙\"\ndate = 2024-01-01\n[taxonomies]\ntags = [\"邻里\"]\n+++\n正文\n",
    );
    s.build_ok();
    let a = "<li data-level=\"2\">甲|/news/a/|测试站</li>";
    let b = "<li data-level=\"2\">乙|/news/b/|测试站</li>";
    // Each listing page of the section, then the tag page listing both.
    assert!(s.read("news/index.html").contains(a));
    assert!(s.read("news/page/2/index.html").contains(b));
    let tag = s.read("tags/邻里/index.html");
    assert!(tag.contains(&format!("{a}{b}")), "{tag}");
}

#[test]
fn cards_follow_their_level_and_a_broken_card_template_is_reported() {
    // The same page as a card at two heading levels in one build: the home page's latest block
    // uses level 3, the section level 2.
    let s = TestSite::new();
    s.file(
        "templates/partials/card.html",
        "<li><h{{ level }}>{{ p.title }}</h{{ level }}></li>",
    )
    .file(
        "content/cases/_index.md",
        "+++\ntitle = \"案例\"\nkind = \"case\"\n+++\n",
    )
    .file("content/cases/a.md", &case("邻里漏水", "2024-01-02"));
    s.build_ok();
    assert!(
        s.read("cases/index.html")
            .contains("<li><h2>邻里漏水</h2></li>")
    );
    assert!(s.read("index.html").contains("<li><h3>邻里漏水</h3></li>"));

    s.file(
        "templates/partials/card.html",
        "<li>{{ p.title }}{{ no_such_value }}</li>",
    );
    let err = s.build_err();
    assert!(err.contains("partials/card.html"), "{err}");
    assert!(err.contains("no_such_value"), "{err}");
}

/// A rebuild keeps every output file whose bytes did not change (the same file, so its
/// timestamp stays for `rsync` and `Last-Modified`), writes the changed ones anew, and builds
/// what a fresh build does.
#[test]
#[cfg(unix)]
fn a_rebuild_keeps_unchanged_files_and_writes_changed_ones() {
    use std::os::unix::fs::MetadataExt;
    let s = site_with_kinds();
    s.build_ok();
    let identity = |rel: &str| {
        let m = std::fs::metadata(s.public().join(rel)).expect("output file");
        (m.ino(), m.modified().expect("mtime"))
    };
    let before: Vec<_> = s
        .outputs()
        .iter()
        .map(|f| (f.clone(), identity(f)))
        .collect();
    let page = "articles/d/index.html";
    let first_bytes = std::fs::read(s.public().join(page)).expect("read");

    s.file(
        "content/articles/d.md",
        "+++\ntitle = \"问答\"\ndate = 2024-06-01\ntopic = \"邻里关系\"\naudience = \"老年人\"\n[taxonomies]\ntags = [\"漏水\", \"问答\"]\n+++\n**问：**楼上漏水怎么办？\n\n答：先协商。\n",
    );
    s.build_ok();
    assert!(s.read(page).contains("先协商"));
    assert_ne!(
        std::fs::read(s.public().join(page)).expect("read"),
        first_bytes
    );
    assert_ne!(
        identity(page).0,
        before.iter().find(|(f, _)| f == page).expect("page").1.0
    );
    let kept: Vec<&String> = before
        .iter()
        .filter(|(f, id)| s.exists(f) && identity(f) == *id)
        .map(|(f, _)| f)
        .collect();
    for f in [
        "about/index.html",
        "cases/a/index.html",
        "css/pufa.css",
        "js/search.js",
    ] {
        assert!(
            kept.iter().any(|k| *k == f),
            "{f} unchanged, kept: {kept:?}"
        );
    }
    // Nothing kept differs from what a fresh build writes.
    let fresh = s.root().join("fresh");
    let out = s
        .cmd()
        .args(["build", "--output-dir"])
        .arg(&fresh)
        .output()
        .expect("run");
    assert!(out.status.success());
    assert_eq!(common::all_output(&s.public()), common::all_output(&fresh));
}

/// Pages outside every feed hand their body to their page template (freed there); a convention's
/// print view shows it too, and the feed still has the newest page's body.
#[test]
fn bodies_reach_the_page_its_print_view_and_the_feed() {
    let s = TestSite::new();
    s.file(
        "config.toml",
        &format!("{}feed_limit = 1\n", common::CONFIG),
    )
    .file(
        "content/conventions/_index.md",
        "+++\ntitle = \"居民公约\"\nkind = \"convention\"\n+++\n",
    );
    for (k, day) in ["01", "02", "03"].iter().enumerate() {
        s.file(
            &format!("content/conventions/c{k}.md"),
            &format!("+++\ntitle = \"公约{k}\"\ndate = 2024-05-{day}\ncommunity = \"某社区\"\nstatus = \"已备案\"\n+++\n第一条 条款正文{k}。\n"),
        );
    }
    s.build_ok();
    for k in 0..3 {
        let page = s.read(&format!("conventions/c{k}/index.html"));
        let print = s.read(&format!("conventions/c{k}/print/index.html"));
        assert!(page.contains(&format!("条款正文{k}")), "page {k}: {page}");
        assert!(
            print.contains(&format!("条款正文{k}")),
            "print {k}: {print}"
        );
    }
    let feed = s.read("atom.xml");
    assert!(
        feed.contains("条款正文2") && !feed.contains("条款正文0"),
        "{feed}"
    );
}
