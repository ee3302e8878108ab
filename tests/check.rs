//! `pufa check`: broken links and anchors (law pages and clause anchors too), missing images,
//! unreachable pages, JSON output, exit codes, and nothing written.

mod common;
use common::TestSite;

fn site() -> TestSite {
    let s = TestSite::new();
    s.file("content/_index.md", "+++\ntitle = \"首页\"\n+++\n[公约第一条](/conventions/c/#tiao-1)\n")
        .file("content/conventions/_index.md", "+++\ntitle = \"公约\"\nkind = \"convention\"\n+++\n")
        .file("content/conventions/c.md", "+++\ntitle = \"公约\"\ncommunity = \"某社区\"\nstatus = \"已备案\"\n+++\n\n第一条　和睦。\n")
        .file("content/a.md", "+++\ntitle = \"甲\"\n+++\n依照《民法典》第二百八十八条。[乙](/b/) [条款](/conventions/c/#tiao-1)\n");
    s
}

#[test]
fn a_clean_site_passes_and_nothing_is_written() {
    let s = site();
    s.file(
        "content/b.md",
        "+++\ntitle = \"乙\"\n+++\n回到[甲](/a/)。\n",
    );
    let out = s.cmd().arg("check").output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}{}",
        text,
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(text.contains("0 errors"));
    assert!(!s.public().exists(), "check writes nothing");
}

#[test]
fn broken_links_anchors_images_and_unreachable_pages() {
    let s = site();
    s.file("content/b.md", "+++\ntitle = \"乙\"\n+++\n[没有](/nowhere/) [坏锚点](/conventions/c/#tiao-9) [法条](/laws/minfadian/9999/) ![图](/img/missing.png)\n")
        .file("content/hidden/_index.md", "+++\ntitle = \"隐藏\"\nrender = false\n+++\n")
        .file("content/hidden/orphan.md", "+++\ntitle = \"孤立\"\n+++\n没有链接指向这里。\n");
    let out = s.cmd().arg("check").output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("broken link to /nowhere/") && err.contains("content/b.md"),
        "{err}"
    );
    assert!(err.contains("broken anchor #tiao-9"), "{err}");
    assert!(
        err.contains("broken link to /laws/minfadian/9999/"),
        "{err}"
    );
    assert!(err.contains("missing image to /img/missing.png"), "{err}");
    assert!(
        err.contains("no page links to hidden/orphan/index.html"),
        "{err}"
    );
}

/// Relative links and images resolve against the page's folder; a bundle's own image is found,
/// a missing one reported; the traditional copy's errors point at the page's source.
#[test]
fn relative_links_and_images_are_checked() {
    let s = site();
    s.file(
        "config.toml",
        &format!("{}scripts = [\"hans\", \"hant\"]\n", common::CONFIG),
    )
    .file(
        "content/b/index.md",
        "+++\ntitle = \"乙\"\n+++\n![有](photo.png) ![无](nothere.png) [甲](../a/) [无](../nowhere/)\n",
    )
    .bytes("content/b/photo.png", b"\x89PNG\r\n\x1a\n");
    let out = s.cmd().arg("check").output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("missing image to /b/nothere.png"), "{err}");
    assert!(err.contains("broken link to /nowhere/"), "{err}");
    // The traditional copy's relative image points at the bundle's file, not into the copy.
    assert!(
        !err.contains("photo.png") && !err.contains("to /a/"),
        "{err}"
    );
    assert!(
        !err.contains("public/zh-hant"),
        "the page's source, not the copy: {err}"
    );
}

#[test]
fn json_format_for_ci() {
    let s = site();
    s.file(
        "content/b.md",
        "+++\ntitle = \"乙\"\n+++\n[没有](/nowhere/)\n",
    );
    let out = s
        .cmd()
        .args(["check", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    assert_eq!(v["ok"], false);
    assert!(
        v["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("/nowhere/")
    );
    assert_eq!(v["errors"][0]["file"], "content/b.md");
}

#[test]
fn build_errors_are_check_errors() {
    let s = site();
    s.file("content/bad.md", "+++\ntitle = \n+++\n");
    let out = s
        .cmd()
        .args(["check", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    assert!(
        v["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("invalid TOML")
    );
}

/// The repository's example site (its root) has no broken link, anchor or image: a section's
/// citation once linked to a law page no page cited, so none was made.
#[test]
fn the_example_site_passes_check() {
    let out = assert_cmd::Command::cargo_bin("pufa")
        .unwrap()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .arg("check")
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "{text}");
    assert!(text.contains("0 errors, 0 warnings"), "{text}");
}
