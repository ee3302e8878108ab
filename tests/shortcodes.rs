//! Zola's content features beyond plain Markdown: shortcodes (site, theme and built-in ones; inline
//! and with a body; Markdown and HTML), internal links `@/…`, `get_url(path="@/…")` and the
//! `markdown` filter. Content written for Zola builds unchanged; a case's calls are anonymized.

mod common;
use common::TestSite;

fn zola_site() -> TestSite {
    let s = TestSite::new();
    s.file("content/_index.md", "+++\ntitle = \"首页\"\n+++\n")
        .file(
            "content/blog/_index.md",
            "+++\ntitle = \"博客\"\n+++\n另见 [第一篇](@/blog/first.md#da-an)。\n",
        )
        .file(
            "content/blog/first.md",
            "+++\ntitle = \"第一篇\"\n+++\n## 答案 {#da-an}\n\n正文。\n",
        )
        .file(
            "templates/shortcodes/hi.html",
            "<b class=\"hi\">{{ name }}·{{ nth }}·{{ page.title }}·{{ lang }}</b>",
        )
        .file(
            "templates/shortcodes/block.html",
            "<div class=\"block\">{{ body | markdown | safe }}</div>",
        )
        .file("templates/shortcodes/md.md", "**{{ word }}**");
    s
}

#[test]
fn inline_and_body_shortcodes_render_with_their_arguments() {
    let s = zola_site();
    s.file(
        "content/blog/sc.md",
        "+++\ntitle = \"短代码\"\n+++\n前 {{ hi(name=\"甲\") }} 中 {{ hi(name='乙') }} 后。\n\n{% block() %}\n*强调* 文字\n{% end %}\n\n词：{{ md(word=`粗体`) }}。\n\n{{/* hi(name=\"原样\") */}}\n",
    );
    s.build_ok();
    let page = s.read("blog/sc/index.html");
    // nth counts each shortcode's calls; `page` and `lang` come from the page and config.
    assert!(
        page.contains("<b class=\"hi\">甲·1·短代码·zh-CN</b>"),
        "{page}"
    );
    assert!(
        page.contains("<b class=\"hi\">乙·2·短代码·zh-CN</b>"),
        "{page}"
    );
    // A body passed through the markdown filter; a block on its own line is not wrapped in <p>.
    assert!(
        page.contains("<div class=\"block\"><p><em>强调</em> 文字</p>\n</div>"),
        "{page}"
    );
    assert!(!page.contains("<p><div class=\"block\">"), "{page}");
    // A Markdown shortcode's output is Markdown, rendered with the page.
    assert!(page.contains("词：<strong>粗体</strong>。"), "{page}");
    // The escape writes the call out.
    assert!(page.contains("{{ hi(name=\"原样\") }}"), "{page}");
    assert!(!page.contains('\u{FDD0}'), "no placeholder left: {page}");
}

#[test]
fn html_shortcode_output_is_not_in_the_plain_text_but_markdown_output_is() {
    let s = zola_site();
    s.file(
        "content/blog/sc.md",
        "+++\ntitle = \"短代码\"\n+++\n{{ hi(name=\"标记甲\") }}\n\n{{ md(word=\"标记乙\") }}\n",
    );
    s.build_ok();
    let index: String = common::all_output(&s.public().join("search"))
        .into_iter()
        .map(|(_, b)| String::from_utf8_lossy(&b).into_owned())
        .collect();
    assert!(index.contains("标记乙"), "Markdown output is searchable");
    assert!(!index.contains('\u{FDD0}'), "no placeholder in the index");
}

#[test]
fn built_in_tip_qa_and_figure_shortcodes() {
    let s = TestSite::new();
    s.file(
        "content/a.md",
        "+++\ntitle = \"问答\"\n+++\n{% tip(title=\"法官提示\", kind=\"warning\") %}\n借款要写**借条**。\n{% end %}\n\n{% tip() %}\n默认标题。\n{% end %}\n\n{% qa(q=\"邻居装修太吵怎么办？\") %}\n先协商。\n{% end %}\n\n{{ figure(src=\"a.jpg\", alt=\"调解现场\", caption=\"调解员上门\") }}\n",
    );
    s.build_ok();
    let page = s.read("a/index.html");
    assert!(
        page.contains("<aside class=\"tip tip-warning\" role=\"note\">\n<p class=\"tip-title\">法官提示</p>\n<p>借款要写<strong>借条</strong>。</p>\n</aside>"),
        "{page}"
    );
    assert!(
        page.contains("<p class=\"tip-title\">温馨提示</p>"),
        "{page}"
    );
    assert!(
        page.contains("<details class=\"qa\">\n<summary>邻居装修太吵怎么办？</summary>\n<p>先协商。</p>\n</details>"),
        "{page}"
    );
    assert!(
        page.contains("<figure class=\"figure\">\n<img src=\"a.jpg\" alt=\"调解现场\" loading=\"lazy\">\n<figcaption>调解员上门</figcaption>\n</figure>"),
        "{page}"
    );
    // The built-in shortcodes are styled by the theme.
    let css = s.read("css/pufa.css");
    assert!(css.contains(".tip{") && css.contains(".qa{") && css.contains(".figure{"));
}

#[test]
fn a_figure_without_alt_text_is_an_error() {
    let s = TestSite::new();
    s.file(
        "content/a.md",
        "+++\ntitle = \"图\"\n+++\n第一行\n\n{{ figure(src=\"a.jpg\") }}\n",
    );
    let err = s.build_err();
    assert!(
        err.contains("shortcode `figure` failed") && err.contains("figure needs alt"),
        "{err}"
    );
    assert!(err.contains("content/a.md:6:1"), "{err}");
}

#[test]
fn a_site_shortcode_overrides_the_theme_and_markdown_wins_over_html() {
    let s = TestSite::new();
    s.file(
        "templates/shortcodes/tip.html",
        "<p class=\"mine\">{{ body }}</p>",
    )
    .file("templates/shortcodes/both.html", "HTML")
    .file("templates/shortcodes/both.md", "MD")
    .file(
        "content/a.md",
        "+++\ntitle = \"覆盖\"\n+++\n{% tip() %}我的{% end %}\n\n{{ both() }}\n",
    );
    s.build_ok();
    let page = s.read("a/index.html");
    assert!(page.contains("<p class=\"mine\">我的</p>"), "{page}");
    assert!(page.contains("<p>MD</p>"), "{page}");
}

#[test]
fn bad_calls_are_reported_together_with_line_and_column() {
    let s = zola_site();
    s.file(
        "content/blog/bad.md",
        "+++\ntitle = \"错误\"\n+++\n第一行\n\n文字 {{ nope(a=1) }}\n\n{% block() %}\n没有结尾\n\n[坏链接](@/blog/missing.md)\n\n{{ hi() }}\n",
    );
    let before = s.public().exists();
    let err = s.build_err();
    assert!(!before && !s.public().exists(), "nothing written");
    assert!(
        err.contains("unknown shortcode `nope`") && err.contains("content/blog/bad.md:6:4"),
        "{err}"
    );
    assert!(
        err.contains("shortcode `block` has a body but no `{% end %}`")
            && err.contains("content/blog/bad.md:8:1"),
        "{err}"
    );
    assert!(
        err.contains("internal link `@/blog/missing.md` leads to no page or section")
            && err.contains("content/blog/bad.md:11:7"),
        "{err}"
    );
    assert!(
        err.contains("shortcode `hi` failed") && err.contains("content/blog/bad.md:13:1"),
        "a template error (no `name`): {err}"
    );
    assert!(err.contains("4 errors"), "{err}");
}

#[test]
fn internal_links_lead_to_pages_sections_and_anchors() {
    let s = zola_site();
    s.file(
        "content/blog/links.md",
        "+++\ntitle = \"链接\"\n+++\n[首页](@/_index.md)、[博客](@/blog/_index.md)、[答案](@/blog/first.md#da-an)、[包](@/bundle/index.md)。\n",
    )
    .file("content/bundle/index.md", "+++\ntitle = \"包\"\n+++\n包。\n");
    s.build_ok();
    let page = s.read("blog/links/index.html");
    for href in [
        "href=\"https://t.example.org/\"",
        "href=\"https://t.example.org/blog/\"",
        "href=\"https://t.example.org/blog/first/#da-an\"",
        "href=\"https://t.example.org/bundle/\"",
    ] {
        assert!(page.contains(href), "{href}: {page}");
    }
    // A section's own text resolves them too.
    assert!(
        s.read("blog/index.html")
            .contains("href=\"https://t.example.org/blog/first/#da-an\""),
    );
    assert!(!page.contains("@/"), "{page}");
}

#[test]
fn get_url_takes_internal_paths() {
    let s = zola_site();
    s.file(
        "templates/page.html",
        "{{ get_url(path=\"@/blog/first.md\") }}|{{ get_url(path=\"@/blog/_index.md#x\") }}",
    );
    s.build_ok();
    assert_eq!(
        s.read("blog/first/index.html"),
        "https://t.example.org/blog/first/|https://t.example.org/blog/#x"
    );
    s.file(
        "templates/page.html",
        "{{ get_url(path=\"@/nowhere.md\") }}",
    );
    let err = s.build_err();
    assert!(
        err.contains("`@/nowhere.md` is no page or section"),
        "{err}"
    );
}

#[test]
fn markdown_filter_renders_and_inline_drops_the_paragraph() {
    let s = TestSite::new();
    s.file(
        "config.toml",
        &format!("{}[extra]\nfooter = \"由*社区*编写\"\n", common::CONFIG),
    )
    .file(
        "templates/page.html",
        "{{ config.extra.footer | markdown | safe }}|{{ config.extra.footer | markdown(inline=true) | safe }}",
    )
    .file("content/a.md", "+++\ntitle = \"页\"\n+++\n");
    s.build_ok();
    assert_eq!(
        s.read("a/index.html"),
        "<p>由<em>社区</em>编写</p>\n|由<em>社区</em>编写"
    );
}

#[test]
fn text_that_only_looks_like_a_call_stays_text() {
    let s = TestSite::new();
    s.file(
        "content/a.md",
        "+++\ntitle = \"文本\"\n+++\n模板写法 {{ 变量 }} 与 {% end %} 及集合 {1, 2}。\n",
    );
    s.build_ok();
    let page = s.read("a/index.html");
    assert!(
        page.contains("模板写法 {{ 变量 }} 与 {% end %} 及集合 {1, 2}。"),
        "{page}"
    );
}

#[test]
fn calls_in_inline_code_bodies_and_link_urls_leave_no_placeholder() {
    let s = zola_site();
    s.file(
        "content/blog/sc.md",
        "+++\ntitle = \"嵌套\"\n+++\n行内代码 `{{ hi(name=\"码\") }}` 结束。\n\n{% block() %}外层 {{ hi(name=\"内\") }} 文字{% end %}\n\n[链接]({{ hi(name=\"址\") }})\n",
    );
    s.build_ok();
    let page = s.read("blog/sc/index.html");
    assert!(
        !page.contains('\u{FDD0}') && !page.contains('\u{FDD1}'),
        "{page}"
    );
    // Inline code shows the output as code, like a code block.
    assert!(
        page.contains("<code>&lt;b class=\"hi\"&gt;码·1·嵌套·zh-CN&lt;/b&gt;</code>"),
        "{page}"
    );
    // An inline call inside a body runs first; calls are numbered in page order.
    assert!(
        page.contains("<div class=\"block\"><p>外层 <b class=\"hi\">内·2·嵌套·zh-CN</b> 文字</p>"),
        "{page}"
    );
    // A call as a link's URL gives it its output.
    assert!(
        page.contains("<a href=\"%3Cb%20class=%22hi%22%3E%E5%9D%80%C2%B73%C2%B7"),
        "{page}"
    );
    let index: String = common::all_output(&s.public().join("search"))
        .into_iter()
        .map(|(_, b)| String::from_utf8_lossy(&b).into_owned())
        .collect();
    assert!(!index.contains('\u{FDD0}'), "no placeholder in the index");
}

#[test]
fn internal_links_are_not_external_and_more_marks_continue_reading() {
    let s = zola_site();
    s.file(
        "config.toml",
        &format!("{}[markdown]\nexternal_links_target_blank = true\n", common::CONFIG),
    )
    .file(
        "content/blog/x.md",
        "+++\ntitle = \"摘要\"\n+++\n开头。\n\n<!-- more -->\n\n[站内](@/blog/first.md) [站外](https://example.org/)\n",
    );
    s.build_ok();
    let page = s.read("blog/x/index.html");
    assert!(
        page.contains("<a href=\"https://t.example.org/blog/first/\">站内</a>"),
        "{page}"
    );
    assert!(
        page.contains("href=\"https://example.org/\" target=\"_blank\""),
        "{page}"
    );
    assert!(
        page.contains("<span id=\"continue-reading\"></span>"),
        "{page}"
    );
}

/// Zola's `load_data` in a shortcode: a CSV of the site becomes a table; what leaves the site,
/// a file beside a case, a URL and a missing required file are errors; `required=false` makes a
/// missing file null.
#[test]
fn load_data_reads_the_sites_data_files() {
    let s = TestSite::new();
    s.file("data/stats.csv", "年份,调解件数\n2023,128\n2024,156\n")
        .file(
            "templates/shortcodes/stats.html",
            "{% set d = load_data(path=path) %}<table><tr>{% for h in d.headers %}<th>{{ h }}</th>{% endfor %}</tr>{% for r in d.records %}<tr>{% for c in r %}<td>{{ c }}</td>{% endfor %}</tr>{% endfor %}</table>{% set m = load_data(path=\"data/none.json\", required=false) %}{% if not m %}<p>无</p>{% endif %}",
        )
        .file(
            "content/p.md",
            "+++\ntitle = \"统计\"\n+++\n\n{{ stats(path=\"data/stats.csv\") }}\n",
        );
    s.build_ok();
    let html = s.read("p/index.html");
    assert!(
        html.contains("<th>调解件数</th>")
            && html.contains("<td>156</td>")
            && html.contains("<p>无</p>"),
        "{html}"
    );
    for (path, says) in [
        ("../secret.csv", "leaves the site"),
        ("cases/a.md", "folder of anonymized pages"),
        ("data/none.csv", "no file"),
    ] {
        s.file("content/cases/_index.md", "+++\ntitle = \"案例\"\nkind = \"case\"\n+++\n")
            .file(
                "content/cases/a.md",
                "+++\ntitle = \"甲\"\ndispute = \"相邻关系纠纷\"\n[[parties]]\nname = \"潘桂香\"\nrole = \"申请人\"\n+++\n潘桂香。\n",
            )
            .file(
                "content/p.md",
                &format!("+++\ntitle = \"统计\"\n+++\n\n{{{{ stats(path=\"{path}\") }}}}\n"),
            );
        let err = s.build_err();
        assert!(
            err.contains(says) && err.contains("content/p.md"),
            "{path}: {err}"
        );
    }
    s.file(
        "templates/shortcodes/web.html",
        "{{ load_data(url=\"https://example.org/x.json\") }}",
    )
    .file(
        "content/p.md",
        "+++\ntitle = \"统计\"\n+++\n\n{{ web() }}\n",
    );
    assert!(s.build_err().contains("pufa builds offline"));
}

/// A data file that does not parse is an error naming the data file and the page that calls it.
#[test]
fn malformed_data_is_an_error_naming_both_files() {
    let s = TestSite::new();
    s.file("data/stats.json", "{\"年份\": 2024,")
        .file(
            "templates/shortcodes/stats.html",
            "{{ load_data(path=\"data/stats.json\") | json_encode }}",
        )
        .file(
            "content/p.md",
            "+++\ntitle = \"统计\"\n+++\n\n{{ stats() }}\n",
        );
    let err = s.build_err();
    assert!(
        err.contains("data/stats.json") && err.contains("as json") && err.contains("content/p.md"),
        "{err}"
    );
}
