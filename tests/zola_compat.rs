//! Zola sites build as Zola builds them: URLs of pages in folders without `_index.md`, dates in
//! file names, every `sort_by`, unknown page keys, older config keys, `ignored_content` /
//! `ignored_static`, translated files, `page_template` of subsections and `feed_filenames`.

mod common;

use common::{CONFIG, TestSite};

fn page(title: &str) -> String {
    format!("+++\ntitle = \"{title}\"\n+++\n{title}的正文。\n")
}

#[test]
fn folders_without_index_are_part_of_the_url() {
    let s = TestSite::new();
    s.file("content/x.md", &page("根页"))
        .file("content/a/x.md", &page("甲页"))
        .file("content/a/b/y.md", &page("乙页"))
        .file("content/blog/_index.md", "+++\ntitle = \"博客\"\n+++\n")
        .file("content/blog/2023/post.md", &page("年页"))
        .file("content/blog/2023/bundle/index.md", &page("包页"))
        .file("content/blog/2023/bundle/photo.png", "png")
        .file(
            "content/blog/2023/moved.md",
            "+++\ntitle = \"自定\"\nslug = \"custom\"\n+++\n",
        )
        .file(
            "content/blog/2023/elsewhere.md",
            "+++\ntitle = \"别处\"\npath = \"/other/place\"\n+++\n",
        );
    s.build_ok();
    assert!(s.read("x/index.html").contains("根页"));
    assert!(s.read("a/x/index.html").contains("甲页"));
    assert!(s.read("a/b/y/index.html").contains("乙页"));
    assert!(s.read("blog/2023/post/index.html").contains("年页"));
    assert!(s.read("blog/2023/bundle/index.html").contains("包页"));
    assert!(s.exists("blog/2023/bundle/photo.png"));
    assert!(s.read("blog/2023/custom/index.html").contains("自定"));
    assert!(s.read("other/place/index.html").contains("别处"));
    assert!(!s.exists("y/index.html") && !s.exists("post/index.html"));
    // Still listed by the nearest section above them.
    let blog = s.read("blog/index.html");
    assert!(
        blog.contains("年页") && blog.contains("/blog/2023/post/"),
        "{blog}"
    );
}

/// Where a case may have named a folder, the folder is left out of every URL: in a case section,
/// and in a folder holding an anonymized page at any depth, for its neighbours too. Anonymized
/// folder by folder, a name split over folders (`张/建/国/`) would not be found.
#[test]
fn folders_a_case_may_have_named_are_left_out_of_urls() {
    let s = TestSite::new();
    s.file(
        "content/cases/_index.md",
        "+++\ntitle = \"典型案例\"\nkind = \"case\"\n+++\n",
    );
    let case = |title: &str| {
        format!(
            "+++\ntitle = \"{title}\"\ndate = 2024-01-02\ndispute = \"相邻关系纠纷\"\nkind = \"case\"\n[[parties]]\nname = \"张建国\"\nrole = \"申请人\"\naliases = [\"老张\"]\n+++\n张建国家漏水。\n"
        )
    };
    s.file("content/cases/张建国/a.md", &case("漏水纠纷"))
        .file("content/cases/张/建/国/b.md", &case("噪音纠纷"))
        .file(
            "content/cases/幸福路/18号/3栋/402室/c.md",
            &case("停车纠纷"),
        )
        .file("content/stories/jianguo/d.md", &case("借款纠纷"))
        .file("content/stories/jianguo/e.md", &page("邻居的话"))
        .file("content/stories/laozhang/deep/f.md", &case("赡养纠纷"))
        .file("content/stories/laozhang/g.md", &page("旁边"))
        .file("content/stories/open/h.md", &page("公开"))
        .file("content/open/i.md", &page("无案例"));
    s.build_ok();
    let outputs = s.outputs().join("\n");
    for f in [
        "cases/a/index.html",
        "cases/b/index.html",
        "cases/c/index.html",
        // `stories` holds cases too: its pages' folders are all left out.
        "\nd/index.html",
        "\ne/index.html",
        "\nf/index.html",
        "\ng/index.html",
        "\nh/index.html",
        // A folder with no case keeps its place in the URL, as in Zola.
        "open/i/index.html",
    ] {
        assert!(outputs.contains(f), "{f}:\n{outputs}");
    }
    for (name, bytes) in common::all_output(&s.public()) {
        let text = String::from_utf8_lossy(&bytes);
        for secret in [
            "张建国",
            "jianguo",
            "laozhang",
            "/张/",
            "/建/",
            "幸福路",
            "18号",
        ] {
            assert!(
                !name.contains(secret) && !text.contains(secret),
                "{name}: {secret}"
            );
        }
    }
}

#[test]
fn a_date_in_the_file_name_is_the_date_and_leaves_the_slug() {
    let s = TestSite::new();
    s.file(
        "content/blog/_index.md",
        "+++\ntitle = \"博客\"\nsort_by = \"date\"\n+++\n",
    )
    .file("content/blog/2018-10-10-hello-world.md", &page("你好"))
    .file("content/blog/2019-01-02_second.md", &page("第二"))
    .file("content/blog/2020-03-04-bundle/index.md", &page("包"))
    .file(
        "content/blog/2017-05-06-own-date.md",
        "+++\ntitle = \"自有日期\"\ndate = 2021-07-08\n+++\n",
    )
    // As `pufa new` names files: the whole name stays the slug.
    .file("content/blog/2024-05-20-1.md", &page("编号"));
    s.build_ok();
    let hello = s.read("blog/hello-world/index.html");
    assert!(hello.contains("2018-10-10"), "{hello}");
    assert!(s.exists("blog/second/index.html"));
    assert!(s.exists("blog/bundle/index.html"));
    let own = s.read("blog/own-date/index.html");
    assert!(
        own.contains("2021-07-08") && !own.contains("2017-05-06"),
        "{own}"
    );
    assert!(s.exists("blog/2024-05-20-1/index.html"));
    // Ordered by the dates read from the names.
    let list = s.read("blog/index.html");
    let at = |t: &str| list.find(t).unwrap_or_else(|| panic!("{t} in {list}"));
    assert!(at("自有日期") < at("包") && at("包") < at("第二") && at("第二") < at("你好"));
}

#[test]
fn sort_by_update_date_and_slug() {
    let s = TestSite::new();
    s.file(
        "content/u/_index.md",
        "+++\ntitle = \"更新\"\nsort_by = \"update_date\"\n+++\n",
    )
    .file(
        "content/u/a.md",
        "+++\ntitle = \"页甲\"\ndate = 2024-01-01\nupdated = 2024-06-01\n+++\n",
    )
    .file(
        "content/u/b.md",
        "+++\ntitle = \"页乙\"\ndate = 2024-03-01\n+++\n",
    )
    .file(
        "content/u/c.md",
        "+++\ntitle = \"页丙\"\ndate = 2024-02-01\nupdated = 2024-02-02\n+++\n",
    )
    .file(
        "content/s/_index.md",
        "+++\ntitle = \"按名\"\nsort_by = \"slug\"\n+++\n",
    )
    .file("content/s/zeta.md", &page("名甲"))
    .file("content/s/alpha.md", &page("名乙"))
    .file("content/s/mid.md", &page("名丙"));
    s.build_ok();
    let order = |file: &str, titles: [&str; 3]| {
        let list = s.read(file);
        let at: Vec<usize> = titles
            .iter()
            .map(|t| list.find(t).unwrap_or_else(|| panic!("{t} in {list}")))
            .collect();
        assert!(at[0] < at[1] && at[1] < at[2], "{titles:?} in {list}");
    };
    order("u/index.html", ["页甲", "页乙", "页丙"]);
    order("s/index.html", ["名乙", "名丙", "名甲"]);
}

#[test]
fn unknown_keys_of_a_plain_page_are_warnings() {
    let s = TestSite::new();
    s.file(
        "content/p.md",
        "+++\ntitle = \"普通页\"\nsubtitle = \"副标题\"\ntoml = true\n+++\n正文。\n",
    );
    let out = s.build_ok();
    assert!(out.contains("subtitle") && out.contains("warning"), "{out}");
    assert!(s.exists("p/index.html"));
}

#[test]
fn unknown_keys_stay_errors_where_they_matter() {
    // An anonymized page, an article, and a key of the case kind on a plain page (a case that
    // lost its `kind` is not published unanonymized with a warning).
    for text in [
        "+++\ntitle = \"t\"\nanonymize = true\nsubtitle = \"x\"\n+++\n",
        "+++\ntitle = \"t\"\nkind = \"article\"\nsubtitle = \"x\"\n+++\n",
        "+++\ntitle = \"t\"\ndispute = \"相邻关系纠纷\"\n+++\n",
    ] {
        let s = TestSite::new();
        s.file("content/p.md", text);
        let err = s.build_err();
        assert!(err.contains("unknown key"), "{text}\n{err}");
    }
    // Sections deny unknown keys, as in Zola.
    let s = TestSite::new();
    s.file(
        "content/s/_index.md",
        "+++\ntitle = \"t\"\nsubtitle = \"x\"\n+++\n",
    );
    assert!(s.build_err().contains("unknown key `subtitle`"));
}

#[test]
fn older_zola_config_keys_are_accepted_silently() {
    let s = TestSite::new();
    s.file(
        "config.toml",
        &format!(
            "{CONFIG}highlight_code = true\nhighlight_theme = \"base16-ocean-dark\"\ninsert_anchor_links = \"left\"\nfeed_filename = \"atom.xml\"\n"
        ),
    )
    .file("content/p.md", &page("页"));
    let out = s.build_ok();
    assert!(!out.contains("unknown key"), "{out}");
}

#[test]
fn ignored_content_and_static_are_not_published() {
    let s = TestSite::new();
    s.file(
        "config.toml",
        &format!(
            "ignored_content = [\"*.xlsx\", \"drafts/*\"]\nignored_static = [\"*.psd\", \"raw/**\"]\n{CONFIG}"
        ),
    )
    .file("content/p.md", &page("页"))
    .file("content/drafts/d.md", &page("草稿"))
    .file("content/b/index.md", &page("包"))
    .file("content/b/data.xlsx", "xlsx")
    .file("content/b/photo.png", "png")
    .file("content/loose.xlsx", "xlsx")
    .file("static/logo.psd", "psd")
    .file("static/logo.png", "png")
    .file("static/raw/a/b.txt", "raw");
    s.build_ok();
    assert!(s.exists("p/index.html") && s.exists("b/photo.png") && s.exists("logo.png"));
    for gone in [
        "drafts/d/index.html",
        "b/data.xlsx",
        "loose.xlsx",
        "logo.psd",
        "raw/a/b.txt",
    ] {
        assert!(!s.exists(gone), "{gone} is ignored");
    }
}

#[test]
fn a_bad_ignore_pattern_is_an_error_in_config() {
    let s = TestSite::new();
    s.file(
        "config.toml",
        &format!("{CONFIG}ignored_content = [\"[abc\"]\n"),
    )
    .file("content/p.md", &page("页"));
    let err = s.build_err();
    assert!(
        err.contains("config.toml") && err.contains("ignored_content") && err.contains("[abc"),
        "{err}"
    );
}

#[test]
fn translated_files_are_skipped_with_one_warning() {
    let s = TestSite::new();
    s.file(
        "config.toml",
        &format!("{CONFIG}\n[languages.fr]\ntitle = \"Site\"\n[languages.de]\n"),
    )
    .file("content/_index.md", "+++\ntitle = \"首页\"\n+++\n")
    // A code that is no configured language is part of the name: a page about Node.js.
    .file("content/blog/node.js.md", "+++\ntitle = \"Node\"\n+++\n")
    .file("content/_index.fr.md", "+++\ntitle = \"Accueil\"\n+++\n")
    .file("content/blog/_index.md", "+++\ntitle = \"博客\"\n+++\n")
    .file(
        "content/blog/post.md",
        "+++\ntitle = \"文章\"\ntags = [\"调解\"]\n+++\n正文。\n",
    )
    .file(
        "content/blog/post.fr.md",
        "+++\ntitle = \"Article\"\ntags = [\"médiation\"]\n+++\nTexte.\n",
    )
    .file(
        "content/blog/other.de.md",
        "+++\ntitle = \"Artikel\"\n+++\n",
    );
    let out = s.build_ok();
    assert!(s.exists("blog/post/index.html"));
    assert!(s.exists("blog/node-js/index.html"), "{:?}", s.outputs());
    assert!(!s.exists("blog/post-fr/index.html") && !s.exists("blog/post.fr/index.html"));
    assert!(!s.exists("blog/other-de/index.html"));
    assert!(!s.exists("tags/médiation/index.html"));
    assert!(!s.read("tags/index.html").contains("médiation"));
    assert_eq!(out.matches("translated file").count(), 1, "{out}");
    assert!(
        out.contains("3 translated files") && out.contains("fr: 2") && out.contains("de: 1"),
        "{out}"
    );
}

#[test]
fn without_languages_a_dotted_name_is_an_ordinary_page() {
    let s = TestSite::new();
    s.file("content/v1.2.md", &page("版本"));
    let out = s.build_ok();
    assert!(!out.contains("translated"), "{out}");
    assert!(
        s.outputs().iter().any(|f| f.contains("v1")),
        "{:?}",
        s.outputs()
    );
}

/// Zola applies a section's `page_template` to every page below it, the closest one winning.
#[test]
fn page_template_applies_to_pages_of_subsections() {
    let s = TestSite::new();
    s.file("templates/blog-page.html", "BLOG {{ page.title }}")
        .file("templates/deep-page.html", "DEEP {{ page.title }}")
        .file(
            "content/blog/_index.md",
            "+++\ntitle = \"博客\"\npage_template = \"blog-page.html\"\n+++\n",
        )
        .file(
            "content/blog/2023/_index.md",
            "+++\ntitle = \"2023\"\ntransparent = true\n+++\n",
        )
        .file("content/blog/2023/a.md", "+++\ntitle = \"甲\"\n+++\n")
        .file(
            "content/blog/deep/_index.md",
            "+++\ntitle = \"深\"\npage_template = \"deep-page.html\"\n+++\n",
        )
        .file("content/blog/deep/b.md", "+++\ntitle = \"乙\"\n+++\n");
    s.build_ok();
    assert_eq!(s.read("blog/2023/a/index.html"), "BLOG 甲");
    assert_eq!(s.read("blog/deep/b/index.html"), "DEEP 乙");
}

/// `feed_filenames` (and the older `feed_filename`): each feed under every name; `rss.xml` is
/// RSS 2.0 with the same entries as the Atom feed.
#[test]
fn feed_filenames_write_atom_and_rss() {
    let s = TestSite::new();
    s.file(
        "config.toml",
        &format!(
            "{}feed_filenames = [\"atom.xml\", \"rss.xml\"]\n",
            common::CONFIG
        ),
    )
    .file("content/blog/_index.md", "+++\ntitle = \"博客\"\n+++\n")
    .file(
        "content/blog/a.md",
        "+++\ntitle = \"甲 & 乙\"\ndate = 2024-05-01\n+++\n正文。\n",
    );
    s.build_ok();
    let atom = s.read("atom.xml");
    assert!(
        atom.contains("<feed xmlns=\"http://www.w3.org/2005/Atom\""),
        "{atom}"
    );
    for rss in [s.read("rss.xml"), s.read("blog/rss.xml")] {
        assert!(
            rss.starts_with("<?xml") && rss.contains("<rss version=\"2.0\""),
            "{rss}"
        );
        assert!(rss.contains("<title>甲 &amp; 乙</title>"), "{rss}");
        assert!(
            rss.contains("<link>https://t.example.org/blog/a/</link>"),
            "{rss}"
        );
        assert!(
            rss.contains("<pubDate>Wed, 1 May 2024 00:00:00 +0800</pubDate>"),
            "{rss}"
        );
        assert!(rss.contains("&lt;p&gt;正文。&lt;/p&gt;"), "{rss}");
    }
    s.file(
        "config.toml",
        &format!("{}feed_filename = \"rss.xml\"\n", common::CONFIG),
    );
    s.build_ok();
    assert!(s.exists("rss.xml") && !s.exists("atom.xml"));
}

/// `insert_anchor_links` of a section puts a link to each heading of its pages and its own text;
/// `paginate_reversed` reverses the order its paginator shows.
#[test]
fn anchor_links_and_reversed_pagination() {
    let s = TestSite::new();
    s.file(
        "config.toml",
        &format!("{}scripts = [\"hans\", \"hant\"]\n", common::CONFIG),
    )
    .file("content/left/_index.md", "+++\ntitle = \"左\"\ninsert_anchor_links = \"left\"\n+++\n## 栏目说明\n")
    .file("content/left/a.md", "+++\ntitle = \"甲\"\n+++\n## 基本案情\n\n正文。\n")
    .file("content/right/_index.md", "+++\ntitle = \"右\"\ninsert_anchor_links = \"right\"\n+++\n")
    .file("content/right/b.md", "+++\ntitle = \"乙\"\n+++\n## 调解过程\n")
    .file("content/whole/_index.md", "+++\ntitle = \"整\"\ninsert_anchor_links = \"heading\"\n+++\n")
    .file("content/whole/c.md", "+++\ntitle = \"丙\"\n+++\n## 结果\n")
    .file(
        "content/rev/_index.md",
        "+++\ntitle = \"倒序\"\nsort_by = \"weight\"\npaginate_by = 2\npaginate_reversed = true\n+++\n",
    );
    for (i, t) in ["一", "二", "三"].iter().enumerate() {
        s.file(
            &format!("content/rev/p{i}.md"),
            &format!("+++\ntitle = \"第{t}篇\"\nweight = {i}\n+++\n"),
        );
    }
    s.build_ok();
    let a = s.read("left/a/index.html");
    assert!(
        a.contains("<h2 id=\"基本案情\"><a class=\"zola-anchor\" href=\"#基本案情\" aria-label=\"本节链接：基本案情\">#</a>基本案情</h2>"),
        "{a}"
    );
    assert!(s.read("left/index.html").contains("href=\"#栏目说明\""));
    assert!(
        s.read("right/b/index.html")
            .contains("调解过程<a class=\"zola-anchor\" href=\"#调解过程\""),
    );
    assert!(
        s.read("whole/c/index.html")
            .contains("<h2 id=\"结果\"><a class=\"zola-anchor\" href=\"#结果\">结果</a></h2>"),
    );
    // The traditional copy keeps the anchor pointing at the heading's id.
    let hant = s.read("zh-hant/left/a/index.html");
    let id = hant
        .split("<h2 id=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .unwrap_or_default()
        .to_string();
    assert!(hant.contains(&format!("href=\"#{id}\"")), "{hant}");
    // Heaviest first on the first page.
    let first = s.read("rev/index.html");
    let (p3, p2) = (first.find("第三篇"), first.find("第二篇"));
    assert!(p3.is_some() && p2.is_some() && p3 < p2, "{first}");
    assert!(!first.contains("第一篇"), "{first}");
}

/// Unknown keys of a plain page are warnings, except those that read like a key protecting the
/// page: ignored, a typo would publish a case unanonymized.
#[test]
fn near_misses_of_protecting_keys_stay_errors() {
    for key in [
        "Kind = \"case\"",
        "kinds = \"case\"",
        "anonymise = true",
        "Anonymize = true",
        "party = [\"张建国\"]",
        "[[Parties]]\nname = \"张建国\"\nrole = \"申请人\"",
        "[[partys]]\nname = \"张建国\"\nrole = \"申请人\"",
        "type = \"case\"",
        "[[litigants]]\nname = \"张建国\"",
        "[[people]]\nname = \"张建国\"",
        "[privacy]\nanonymize = true",
        "redact = true",
        "[extra]\nkind = \"case\"",
        "[extra]\nanonymize = true",
        "[[extra.parties]]\nname = \"张建国\"",
    ] {
        let s = TestSite::new();
        s.file(
            "content/s/a.md",
            &format!("+++\ntitle = \"页\"\n{key}\n+++\n张建国说，电话13812345678。\n"),
        );
        let err = s.build_err();
        assert!(
            err.contains("unknown key") || err.contains("does not make the page anonymized"),
            "{key}: {err}"
        );
    }
    // Ordinary keys of Zola and Hugo sites stay warnings, an article's or a convention's key too.
    for key in [
        "type = \"posts\"",
        "type = \"方案\"",
        "type = \"showcase\"",
        "partial = true",
        "part = 2",
        "parts = 3",
        "participants = 5",
        "department = \"x\"",
        "persona = \"x\"",
        "masked = true",
        "anonymous_comments = true",
        "kind_of = \"x\"",
        "kindle = true",
        "series = \"x\"",
        "status = \"x\"",
        "topic = \"x\"",
    ] {
        let s = TestSite::new();
        s.file(
            "content/s/a.md",
            &format!("+++\ntitle = \"页\"\n{key}\n+++\n正文。\n"),
        );
        assert!(s.build_ok().contains("unknown key"), "{key}");
    }
}

/// `ignored_content` never leaves out the `_index.md` that makes a section's pages cases: they
/// would be published as plain pages, unanonymized.
#[test]
fn ignoring_a_case_sections_index_is_an_error() {
    let s = TestSite::new();
    s.file(
        "config.toml",
        &format!(
            "{}ignored_content = [\"cases/_index.md\"]\n",
            common::CONFIG
        ),
    )
    .file(
        "content/cases/_index.md",
        "+++\ntitle = \"案例\"\nkind = \"case\"\n+++\n",
    )
    .file(
        "content/cases/a.md",
        "+++\ntitle = \"甲\"\n+++\n邻居王小军说，电话13812345678。\n",
    );
    let err = s.build_err();
    assert!(
        err.contains("ignored_content leaves out content/cases/_index.md"),
        "{err}"
    );
    assert!(!s.public().exists());
}

/// Leaving out a whole case section (its pages too) is fine: nothing of it is published.
#[test]
fn ignoring_a_whole_case_section_is_fine() {
    let s = TestSite::new();
    s.file(
        "config.toml",
        &format!("{}ignored_content = [\"cases\"]\n", common::CONFIG),
    )
    .file(
        "content/cases/_index.md",
        "+++\ntitle = \"案例\"\nkind = \"case\"\n+++\n",
    )
    .file(
        "content/cases/a.md",
        "+++\ntitle = \"甲\"\n+++\n电话13812345678。\n",
    )
    .file("content/b.md", &page("乙"));
    s.build_ok();
    assert!(!s.exists("cases/index.html") && !s.exists("cases/a/index.html"));
}

/// A page whose folders are left out of its URL (a case lies in them) may then collide with
/// another: the error says why.
#[test]
fn a_collision_over_left_out_folders_says_why() {
    let s = TestSite::new();
    s.file("content/about.md", &page("关于"))
        .file("content/stories/about.md", &page("关于二"))
        .file(
            "content/stories/tiaojie.md",
            "+++\ntitle = \"调解\"\nanonymize = true\n+++\n正文。\n",
        );
    let err = s.build_err();
    assert!(
        err.contains("two files claim the output path `/about/`")
            && err.contains("its folders are left out of its URL"),
        "{err}"
    );
}

/// `[markdown] bottom_footnotes`: notes after the body, numbered in order of first citation,
/// linked both ways; without it they stay where they are written (pulldown-cmark's layout).
#[test]
fn bottom_footnotes_gather_the_notes_after_the_body() {
    let body = "+++\ntitle = \"注释\"\n+++\n\n先引乙[^b]，再引甲[^a]，又引乙[^b]。\n\n[^a]: 甲注，见《中华人民共和国民法典》第二百八十八条。\n[^b]: 乙注。\n\n正文末段。\n";
    let s = TestSite::new();
    s.file(
        "config.toml",
        &format!("{CONFIG}[markdown]\nbottom_footnotes = true\n"),
    )
    .file("content/p.md", body);
    s.build_ok();
    let html = s.read("p/index.html");
    assert!(
        html.contains("先引乙<sup class=\"footnote-reference\" id=\"fr-1-1\"><a href=\"#fn-1\">1</a></sup>，再引甲<sup class=\"footnote-reference\" id=\"fr-2-1\"><a href=\"#fn-2\">2</a></sup>，又引乙<sup class=\"footnote-reference\" id=\"fr-1-2\"><a href=\"#fn-1\">1</a></sup>"),
        "{html}"
    );
    let end = html.find("正文末段").expect("body");
    let notes = html.find("<footer class=\"footnotes\">").expect("notes");
    assert!(end < notes, "the notes come after the body");
    let b = html.find("<li id=\"fn-1\">").expect("note 1");
    let a = html.find("<li id=\"fn-2\">").expect("note 2");
    assert!(b < a && html[b..a].contains("乙注"), "{html}");
    assert!(html[b..a].contains("href=\"#fr-1-1\"") && html[b..a].contains("href=\"#fr-1-2\""));
    // A citation inside a note is still linked to its law page.
    assert!(html[a..].contains("class=\"cite\""), "{html}");

    let plain = TestSite::new();
    plain.file("content/p.md", body);
    plain.build_ok();
    let html = plain.read("p/index.html");
    assert!(!html.contains("<footer class=\"footnotes\">"));
    assert!(html.find("乙注").expect("note") < html.find("正文末段").expect("body"));
}

/// `[markdown] render_emoji` and `lazy_async_image`, as Zola writes them.
#[test]
fn emoji_and_lazy_images_when_switched_on() {
    let body = "+++\ntitle = \"表情\"\n+++\n\n点赞 :+1: 时间 12:30:00 :smile: :no_such_emoji: `:smile:`\n\n![社区 *活动*](photo.png \"合影\")\n";
    let s = TestSite::new();
    s.file(
        "config.toml",
        &format!("{CONFIG}[markdown]\nrender_emoji = true\nlazy_async_image = true\n"),
    )
    .file("content/p.md", body);
    s.build_ok();
    let html = s.read("p/index.html");
    assert!(
        html.contains("点赞 👍 时间 12:30:00 😄 :no_such_emoji: <code>:smile:</code>"),
        "{html}"
    );
    assert!(
        html.contains("<img src=\"photo.png\" alt=\"社区 活动\" title=\"合影\" loading=\"lazy\" decoding=\"async\" />"),
        "{html}"
    );

    let plain = TestSite::new();
    plain.file("content/p.md", body);
    plain.build_ok();
    let html = plain.read("p/index.html");
    assert!(
        html.contains(":+1:") && !html.contains("loading=\"lazy\""),
        "{html}"
    );
}

/// A misspelt `[markdown]` switch is a warning naming the nearest one; Zola's other keys there
/// are accepted silently.
#[test]
fn unknown_markdown_keys_are_warnings() {
    let s = TestSite::new();
    s.file(
        "config.toml",
        &format!(
            "{CONFIG}[markdown]\nhighlight_theme = \"base16-ocean-dark\"\nbottom_footnote = true\n"
        ),
    )
    .file("content/p.md", &page("页"));
    let out = s.build_ok();
    assert!(
        out.contains("unknown key `bottom_footnote` in [markdown]")
            && out.contains("did you mean `bottom_footnotes`?"),
        "{out}"
    );
    assert!(out.contains("config.toml:6:"), "{out}");
    assert!(!out.contains("highlight_theme"), "{out}");
}

/// Zola's code-fence options: line numbers from `linenostart`, highlighted and hidden lines.
#[test]
fn code_fence_line_options() {
    let s = TestSite::new();
    s.file(
        "content/p.md",
        "+++\ntitle = \"代码\"\n+++\n\n```rust,linenos,linenostart=5,hl_lines=2,hide_lines=3\nfn a() {}\nfn b() {}\nfn hidden() {}\nfn c() {}\n```\n\n```toml\nx = 1\n```\n",
    );
    s.build_ok();
    let html = s.read("p/index.html");
    assert!(html.contains("<pre data-lines=\"numbered\""), "{html}");
    assert!(html.contains("<span class=\"ln\" aria-hidden=\"true\">5</span>"));
    assert!(
        html.contains("<mark class=\"hl-line\"><span class=\"ln\" aria-hidden=\"true\">6</span>")
    );
    assert!(html.contains("<span class=\"ln\" aria-hidden=\"true\">8</span>"));
    assert!(!html.contains(">hidden<"), "{html}");
    // A fence without options is as before.
    assert!(
        html.contains("<pre data-lang=\"toml\"><code>x = 1\n</code></pre>"),
        "{html}"
    );
}
