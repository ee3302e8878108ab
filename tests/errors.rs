//! Bad input: every class named in the issue gives a located, helpful error, a non-zero exit,
//! no panic, and leaves the previous output untouched. Errors of one build are reported together.

mod common;
use common::TestSite;

fn good_site() -> TestSite {
    let s = TestSite::new();
    s.file("content/_index.md", "+++\ntitle = \"首页\"\n+++\n")
        .file(
            "content/cases/_index.md",
            "+++\ntitle = \"案例\"\nkind = \"case\"\n+++\n",
        )
        .file("content/ok.md", "+++\ntitle = \"好页面\"\n+++\n正文\n");
    s
}

/// Check the error of a site broken after a good build, and that public/ is unchanged.
fn assert_fails_cleanly(s: &TestSite, expect: &[&str]) -> String {
    assert!(
        s.public().join("index.html").exists(),
        "the test builds once before breaking the site"
    );
    let before = common::all_output(&s.public());
    let err = s.build_err();
    for e in expect {
        assert!(err.contains(e), "expected {e:?} in:\n{err}");
    }
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(
        before,
        common::all_output(&s.public()),
        "previous output must stay untouched"
    );
    err
}

#[test]
fn malformed_toml_names_file_line_and_column() {
    let s = good_site();
    s.build_ok();
    s.file("content/bad.md", "+++\ntitle = \"x\"\ndate = = 2024\n+++\n");
    let err = assert_fails_cleanly(&s, &["invalid TOML", "content/bad.md:3:"]);
    assert!(err.contains("was not changed"));
}

#[test]
fn malformed_yaml_names_file_and_line() {
    let s = good_site();
    s.build_ok();
    s.file("content/bad.md", "---\ntitle: x\ntags: [a, b\n---\n");
    assert_fails_cleanly(&s, &["invalid YAML", "content/bad.md:"]);
}

#[test]
fn gbk_file_says_how_to_convert() {
    let s = good_site();
    s.build_ok();
    let (gbk, _, _) = encoding_rs::GBK.encode("+++\ntitle = \"调解\"\n+++\n");
    s.bytes("content/gbk.md", &gbk);
    assert_fails_cleanly(
        &s,
        &[
            "not valid UTF-8",
            "content/gbk.md:2",
            "GBK",
            "iconv -f GB18030 -t UTF-8",
        ],
    );
}

#[test]
fn unknown_kind_suggests() {
    let s = good_site();
    s.build_ok();
    s.file(
        "content/k.md",
        "+++\ntitle = \"x\"\nkind = \"cases\"\n+++\n",
    );
    assert_fails_cleanly(
        &s,
        &[
            "unknown kind `cases`",
            "content/k.md:3",
            "did you mean `case`",
        ],
    );
}

/// The Chinese names `pufa new` accepts are kinds in front matter too, and the English ones in
/// any case.
#[test]
fn kinds_by_their_chinese_names() {
    let s = good_site();
    s.file(
        "content/w/_index.md",
        "+++\ntitle = \"文章\"\nkind = \"普法文章\"\n+++\n",
    )
    .file(
        "content/w/a.md",
        "+++\ntitle = \"一篇\"\nkind = \"文章\"\n+++\n正文\n",
    )
    .file(
        "content/w/b.md",
        "+++\ntitle = \"两篇\"\nkind = \"Article\"\n+++\n正文\n",
    );
    s.build_ok();
    assert!(s.read("w/a/index.html").contains("一篇"));
}

#[test]
fn unknown_key_suggests_nearest() {
    let s = good_site();
    s.build_ok();
    s.file(
        "content/cases/a.md",
        "+++\ntitle = \"x\"\ndispute = \"邻里纠纷\"\nregoin = \"某区\"\n+++\n",
    );
    assert_fails_cleanly(
        &s,
        &[
            "unknown key `regoin`",
            "content/cases/a.md:4",
            "did you mean `region`",
        ],
    );
}

#[test]
fn missing_required_field() {
    let s = good_site();
    s.build_ok();
    s.file("content/cases/a.md", "+++\ntitle = \"x\"\n+++\n");
    assert_fails_cleanly(
        &s,
        &["missing required field `dispute`", "content/cases/a.md"],
    );
}

/// A section's own front-matter error is reported alone: its pages still know their kind, so a
/// case's `dispute` is not an unknown key because of it.
#[test]
fn a_broken_section_does_not_make_its_pages_fail_too() {
    let s = good_site();
    s.file("content/cases/a.md", "+++\ntitle = \"漏水\"\ndispute = \"相邻关系纠纷\"\n[[parties]]\nname = \"郑海涛\"\nrole = \"申请人\"\n+++\n\n郑海涛家漏水。\n");
    s.build_ok();
    s.file(
        "content/cases/_index.md",
        "+++\ntitle = \"案例\"\nkind = \"case\"\npaginate_by = -1\n+++\n",
    );
    let err = assert_fails_cleanly(&s, &["paginate_by", "content/cases/_index.md:4"]);
    assert!(!err.contains("unknown key"), "{err}");
    assert!(err.contains("build failed with 1 error"), "{err}");
}

#[test]
fn date_that_is_not_a_date() {
    let s = good_site();
    s.build_ok();
    s.file(
        "content/d.md",
        "+++\ntitle = \"x\"\ndate = \"2024-02-30\"\n+++\n",
    );
    assert_fails_cleanly(&s, &["not a valid date", "content/d.md:3", "YYYY-MM-DD"]);
}

#[test]
fn two_pages_claiming_one_path_name_both_files() {
    let s = good_site();
    s.build_ok();
    s.file("content/a.md", "+++\ntitle = \"a\"\npath = \"same\"\n+++\n")
        .file("content/b.md", "+++\ntitle = \"b\"\nslug = \"same\"\n+++\n");
    assert_fails_cleanly(
        &s,
        &[
            "two files claim the output path `/same/`",
            "content/a.md",
            "content/b.md",
        ],
    );
}

/// With the traditional copy on, /zh-hant/ is the copy's: a page placed there would be replaced
/// by the copy of another page without a word.
#[test]
fn a_path_inside_the_traditional_copy_is_refused() {
    let s = good_site();
    s.file(
        "config.toml",
        &format!("{}scripts = [\"hans\", \"hant\"]\n", common::CONFIG),
    );
    s.build_ok();
    s.file(
        "content/a.md",
        "+++\ntitle = \"a\"\npath = \"/zh-hant/ok/\"\n+++\n",
    )
    .file(
        "content/b.md",
        "+++\ntitle = \"b\"\naliases = [\"zh-hant/old/\"]\n+++\n",
    );
    assert_fails_cleanly(
        &s,
        &[
            "inside /zh-hant/",
            "content/a.md",
            "alias `zh-hant/old/`",
            "content/b.md",
        ],
    );
}

#[test]
fn slug_or_path_escaping_the_output_folder() {
    let s = good_site();
    s.build_ok();
    s.file(
        "content/a.md",
        "+++\ntitle = \"a\"\npath = \"../../etc/x\"\n+++\n",
    )
    .file(
        "content/b.md",
        "+++\ntitle = \"b\"\nslug = \"../up\"\n+++\n",
    );
    let err = assert_fails_cleanly(
        &s,
        &["escapes the output folder", "content/a.md", "content/b.md"],
    );
    assert!(!s.root().parent().unwrap().join("etc").exists());
    assert!(err.matches("error:").count() >= 2, "both reported: {err}");
}

#[test]
fn missing_template_named() {
    let s = good_site();
    s.build_ok();
    s.file(
        "content/t.md",
        "+++\ntitle = \"t\"\ntemplate = \"nope.html\"\n+++\n",
    );
    assert_fails_cleanly(&s, &["template `nope.html` does not exist", "content/t.md"]);
}

#[test]
fn broken_template_names_template_and_line() {
    let s = good_site();
    s.build_ok();
    s.file("templates/page.html", "<p>\n{{ page.title }\n</p>\n");
    assert_fails_cleanly(&s, &["template error", "page.html", "2:"]);
}

#[cfg(unix)]
#[test]
fn symlink_loop_is_reported() {
    let s = good_site();
    s.build_ok();
    std::fs::create_dir_all(s.root().join("content/loop")).unwrap();
    std::os::unix::fs::symlink(s.root().join("content"), s.root().join("content/loop/back"))
        .unwrap();
    assert_fails_cleanly(&s, &["symlink loop", "content/loop/back"]);
}

#[test]
fn all_errors_of_a_build_are_reported_together() {
    let s = good_site();
    s.build_ok();
    s.file(
        "content/one.md",
        "+++\ntitle = \"x\"\ndate = \"昨天\"\n+++\n",
    )
    .file(
        "content/two.md",
        "+++\ntitle = \"y\"\nkind = \"artcle\"\n+++\n",
    )
    .file("content/three.md", "no front matter\n");
    let err = assert_fails_cleanly(
        &s,
        &[
            "content/one.md",
            "content/two.md",
            "content/three.md",
            "3 errors",
        ],
    );
    assert!(err.contains("no front matter"));
}

#[test]
fn missing_config_and_missing_base_url() {
    let s = TestSite::new();
    s.file("config.toml", "title = \"x\"\n");
    let err = s.build_err();
    assert!(err.contains("no `base_url`"), "{err}");
    std::fs::remove_file(s.root().join("config.toml")).unwrap();
    let err = s.build_err();
    assert!(
        err.contains("cannot read config.toml") && err.contains("pufa init"),
        "{err}"
    );
}

#[test]
fn config_value_of_the_wrong_type_names_line_and_column() {
    let s = good_site();
    s.build_ok();
    s.file(
        "config.toml",
        "base_url = \"https://t.example.org\"\ntitle = \"测试\"\nlaw_paginate_by = \"三十\"\n",
    );
    assert_fails_cleanly(
        &s,
        &[
            "invalid config",
            "expected usize",
            "config.toml:3:",
            "docs/configuration.md",
        ],
    );
    // Zero is a value a user may try: it warns and falls back instead of failing.
    s.file(
        "config.toml",
        "base_url = \"https://t.example.org\"\ntitle = \"测试\"\nlaw_paginate_by = 0\n",
    );
    let out = s.build_ok();
    assert!(
        out.contains("`law_paginate_by` must be at least 1"),
        "{out}"
    );
}

/// A party that cannot be anonymized is pointed at by its `[[parties]]` line, a bad keep entry
/// by the `keep` line.
#[test]
fn party_and_keep_errors_name_their_line() {
    let s = good_site();
    s.build_ok();
    s.file(
        "content/cases/a.md",
        "+++\ntitle = \"纠纷\"\ndispute = \"相邻关系纠纷\"\n[[parties]]\nname = \"张建国\"\nrole = \"申请人\"\n[[parties]]\nname = \"李秀英\"\nrole = \"被申请人\"\naliases = [\"李\"]\n+++\n\n正文。\n",
    )
    .file(
        "content/cases/b.md",
        "+++\ntitle = \"纠纷二\"\ndispute = \"相邻关系纠纷\"\n[[parties]]\nname = \"王大明\"\nrole = \"申请人\"\n[anonymize]\nkeep = [\"王大明调解室\"]\n+++\n\n正文。\n",
    );
    assert_fails_cleanly(
        &s,
        &[
            "content/cases/a.md:7:1",
            "第2个当事人的别称过短",
            "content/cases/b.md:8:1",
            "保留名单中的",
        ],
    );
}

/// `pufa build 2>&1 | head -1` closes the pipe before the messages are written: the build ends
/// quietly (as other command-line tools do), never with a panic (exit code 101).
#[test]
fn a_closed_pipe_for_messages_is_no_panic() {
    let s = common::TestSite::new();
    s.file("content/a.md", "+++\ntitle = \n+++\n");
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_pufa"))
        .current_dir(s.root())
        .arg("build")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stderr.take());
    drop(child.stdout.take());
    let status = child.wait().unwrap();
    assert_ne!(status.code(), Some(101), "{status:?}");
    assert!(!status.success());
}
