//! Leak tests: a case's real names and numbers must reach no output file by any path — page,
//! title, description, slug from the file name, heading ids and TOC, tags and term pages, feeds,
//! sitemap, alt text, bundle file names, image metadata — and the audit must stop a build that
//! would leak. Never delete these.

mod common;
use common::TestSite;

const SECRETS: &[&str] = &[
    "张建国",
    "建国",
    "李秀英",
    "秀英",
    "老张",
    "13812345678",
    "11010519491231002X",
    "zhangjianguo",
    "zhang-jian-guo",
];

fn case_site() -> TestSite {
    let s = TestSite::new();
    s.file("content/cases/_index.md", "+++\ntitle = \"典型案例\"\nkind = \"case\"\n+++\n")
        .file(
            "content/cases/张建国漏水案/index.md",
            "+++\ntitle = \"张建国与李秀英的漏水纠纷\"\ndate = 2024-05-01\ndescription = \"张建国家漏水，李秀英要求赔偿\"\ndispute = \"相邻关系纠纷\"\nregion = \"某区\"\ntags = [\"漏水\", \"张建国\"]\n[[parties]]\nname = \"张建国\"\nrole = \"被申请人\"\naliases = [\"老张\"]\n[[parties]]\nname = \"李秀英\"\nrole = \"申请人\"\n[anonymize]\nkeep = [\"吴德明\"]\n+++\n\n## 张建国的说法\n\n老张说：“建国做事问心无愧。”李秀英的电话是13812345678，张建国的身份证号是11010519491231002X。\n\n![张建国在现场](张建国.jpg)\n\n## 调解结果\n\n调解员吴德明促成和解，李秀英同意。\n",
        )
        .bytes("content/cases/张建国漏水案/张建国.jpg", &jpeg_with_exif("张建国 13812345678"))
        .bytes("content/cases/张建国漏水案/photo.png", &png_with_text("Author", "李秀英"));
    s
}

/// No output file of `s` holds any of `secrets`, in its bytes or its name (ASCII case ignored).
fn assert_nothing_holds<S: AsRef<str>>(s: &TestSite, secrets: &[S]) {
    for (name, bytes) in common::all_output(&s.public()) {
        let text = String::from_utf8_lossy(&bytes).to_lowercase();
        let file = name.to_lowercase();
        for secret in secrets {
            let secret = secret.as_ref().to_lowercase();
            assert!(!text.contains(&secret), "{name} contains {secret}");
            assert!(
                !file.contains(&secret),
                "file name {name} contains {secret}"
            );
        }
    }
}

/// Append a JPEG segment (marker, length, payload).
fn jpeg_segment(marker: u8, payload: &[u8], b: &mut Vec<u8>) {
    b.extend([0xFF, marker]);
    b.extend(((payload.len() + 2) as u16).to_be_bytes());
    b.extend(payload);
}

/// A minimal JPEG whose EXIF (APP1), XMP-style APP1 and comment segments carry `text`.
fn jpeg_with_exif(text: &str) -> Vec<u8> {
    let mut b = vec![0xFF, 0xD8];
    jpeg_segment(0xE0, b"JFIF\0\x01\x01\0\0\x01\0\x01\0\0", &mut b);
    let mut exif = b"Exif\0\0MM\0*\0\0\0\x08".to_vec();
    exif.extend(text.as_bytes());
    jpeg_segment(0xE1, &exif, &mut b);
    let mut xmp = b"http://ns.adobe.com/xap/1.0/\0<x:xmpmeta>".to_vec();
    xmp.extend(text.as_bytes());
    jpeg_segment(0xE1, &xmp, &mut b);
    jpeg_segment(0xFE, text.as_bytes(), &mut b);
    jpeg_segment(0xDB, &[0u8; 65], &mut b);
    jpeg_segment(0xDA, &[1, 1, 0, 0, 63, 0], &mut b);
    b.extend([0x12, 0x34, 0x56, 0xFF, 0xD9]);
    b
}

fn crc32(data: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &byte in data {
        crc ^= byte as u32;
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

fn utf16(s: &str) -> Vec<u8> {
    s.encode_utf16().flat_map(u16::to_be_bytes).collect()
}

fn holds(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

/// Blocks no list of known metadata names: an ICC profile, vendor blocks, a trailer after
/// the end (a motion photo's video), each carrying a name in UTF-16, which the byte audit
/// would not read.
#[test]
fn a_jpeg_keeps_only_what_shows_the_image() {
    let name = utf16("张建国");
    let mut b = vec![0xFF, 0xD8];
    jpeg_segment(0xE0, b"JFIF\0\x01\x01\0\0\x01\0\x01\0\0", &mut b);
    let mut icc = b"ICC_PROFILE\0\x01\x01desc".to_vec();
    icc.extend(&name);
    jpeg_segment(0xE2, &icc, &mut b);
    let mut ducky = b"Ducky".to_vec();
    ducky.extend(&name);
    jpeg_segment(0xEC, &ducky, &mut b);
    jpeg_segment(0xEF, &name, &mut b);
    jpeg_segment(0xDB, &[0u8; 65], &mut b);
    jpeg_segment(0xDA, &[1, 1, 0, 0, 63, 0], &mut b);
    b.extend([0x12, 0xFF, 0x00, 0x34]);
    // A second scan with a vendor block before it (progressive JPEGs have several).
    jpeg_segment(0xE5, &name, &mut b);
    jpeg_segment(0xDA, &[1, 1, 0, 0, 63, 0], &mut b);
    b.extend([0x56, 0xFF, 0xD0, 0x78, 0xFF, 0xD9]);
    b.extend(&name);
    let out = pufa::anon::strip_metadata(b, "jpg").expect("strips");
    assert!(!holds(&out, &name), "{out:x?}");
    assert!(
        out.ends_with(&[0x56, 0xFF, 0xD0, 0x78, 0xFF, 0xD9]),
        "{out:x?}"
    );
    assert!(holds(&out, b"JFIF") && holds(&out, &[0xFF, 0xDB]));
    assert_eq!(
        out.windows(2).filter(|w| *w == [0xFF, 0xDA]).count(),
        2,
        "both scans"
    );
}

#[test]
fn a_png_keeps_only_what_shows_the_image() {
    let name = utf16("张建国");
    let mut b = b"\x89PNG\r\n\x1a\n".to_vec();
    png_chunk(b"IHDR", &[0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0], &mut b);
    let mut iccp = b"desc\0\0".to_vec();
    iccp.extend(&name);
    png_chunk(b"iCCP", &iccp, &mut b);
    png_chunk(b"naMe", &name, &mut b);
    png_chunk(b"IDAT", &[0x78, 0x9C, 0x63, 0, 0, 0, 1, 0, 1], &mut b);
    png_chunk(b"IEND", &[], &mut b);
    let out = pufa::anon::strip_metadata(b, "png").expect("strips");
    assert!(!holds(&out, &name) && !holds(&out, b"iCCP"), "{out:x?}");
    assert!(holds(&out, b"IHDR") && holds(&out, b"IDAT") && holds(&out, b"IEND"));
}

/// Append a PNG chunk with its checksum.
fn png_chunk(kind: &[u8], data: &[u8], b: &mut Vec<u8>) {
    b.extend((data.len() as u32).to_be_bytes());
    let mut c = kind.to_vec();
    c.extend(data);
    b.extend(&c);
    b.extend(crc32(&c).to_be_bytes());
}

/// A 1×1 PNG with a tEXt chunk `key`=`value`.
fn png_with_text(key: &str, value: &str) -> Vec<u8> {
    let mut b = b"\x89PNG\r\n\x1a\n".to_vec();
    png_chunk(b"IHDR", &[0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0], &mut b);
    let mut text = key.as_bytes().to_vec();
    text.push(0);
    text.extend(value.as_bytes());
    png_chunk(b"tEXt", &text, &mut b);
    png_chunk(b"IDAT", &[0x78, 0x9c, 0x63, 0x60, 0, 0, 0, 2, 0, 1], &mut b);
    png_chunk(b"IEND", &[], &mut b);
    b
}

#[test]
fn no_secret_reaches_any_output_file_or_file_name() {
    let s = case_site();
    s.build_ok();
    let files = common::all_output(&s.public());
    assert!(files.len() > 10);
    for (name, bytes) in &files {
        let text = String::from_utf8_lossy(bytes).to_lowercase();
        for secret in SECRETS {
            let secret = secret.to_lowercase();
            assert!(
                !name.to_lowercase().contains(&secret),
                "file name {name} contains {secret}"
            );
            assert!(!text.contains(&secret), "{name} contains {secret}");
        }
    }
    // The anonymized forms are there instead.
    let page_dir = files
        .iter()
        .find(|(n, _)| {
            n.starts_with("cases/")
                && n.contains("漏水案")
                && n.ends_with("/index.html")
                && !n.contains("/print/")
        })
        .map(|(n, _)| n.clone())
        .expect("case page");
    assert!(
        page_dir.contains("张某漏水案"),
        "slug from the anonymized file name: {page_dir}"
    );
    let page = s.read(&page_dir);
    assert!(page.contains("张某与李某的漏水纠纷"), "title");
    assert!(
        page.contains("id=\"张某的说法\""),
        "heading id derived after anonymization"
    );
    assert!(page.contains("alt=\"张某在现场\""), "alt text");
    assert!(page.contains("吴德明"), "kept name stays");
    assert!(
        page.contains("张某（被申请人）") || page.contains("张某"),
        "party pseudonym shown"
    );
    assert!(s.read("cases/atom.xml").contains("张某与李某的漏水纠纷"));
    assert!(
        s.read("tags/张某/index.html").contains("张某与李某"),
        "tag derived from anonymized text"
    );
}

/// The traditional copy is made from the anonymized pages, its list pages partly from cards
/// converted once and reused: no secret, in either script, reaches any file of it.
#[test]
fn no_secret_reaches_the_traditional_copy_in_either_script() {
    let s = case_site();
    s.file(
        "config.toml",
        &format!("scripts = [\"hans\", \"hant\"]\n{}", common::CONFIG),
    );
    for i in 0..3 {
        s.file(
            &format!("content/cases/other{i}.md"),
            &format!("+++\ntitle = \"王桂兰的借款纠纷{i}\"\ndate = 2024-06-0{}\ndispute = \"借款纠纷\"\ntags = [\"漏水\"]\n[[parties]]\nname = \"王桂兰\"\nrole = \"申请人\"\n+++\n\n王桂兰借给邻居两万元。\n", i + 1),
        );
    }
    s.build_ok();
    let files = common::all_output(&s.public());
    let secrets: Vec<String> = SECRETS
        .iter()
        .chain(&["王桂兰"])
        .flat_map(|x| [x.to_lowercase(), pufa::s2t::convert(x).to_lowercase()])
        .collect();
    assert!(secrets.contains(&"張建國".to_string()));
    for (name, bytes) in &files {
        let text = String::from_utf8_lossy(bytes).to_lowercase();
        for secret in &secrets {
            assert!(
                !name.to_lowercase().contains(secret),
                "file name {name} contains {secret}"
            );
            assert!(!text.contains(secret), "{name} contains {secret}");
        }
    }
    // The copy's lists show the cases' cards, anonymized and converted.
    let list = s.read("zh-hant/cases/index.html");
    assert!(list.contains("張某與李某的漏水糾紛"), "{list}");
    assert!(list.contains("王某的借款糾紛0"));
    assert!(
        s.read("zh-hant/tags/漏水/index.html")
            .contains("王某的借款糾紛1")
    );
}

#[test]
fn image_metadata_is_stripped_and_images_still_parse() {
    let s = case_site();
    s.build_ok();
    let dir = s
        .outputs()
        .into_iter()
        .find(|n| n.ends_with("photo.png"))
        .expect("png copied");
    let png = std::fs::read(s.public().join(&dir)).unwrap();
    assert!(png.starts_with(b"\x89PNG") && png.windows(4).any(|w| w == b"IDAT"));
    assert!(!png.windows(4).any(|w| w == b"tEXt"));
    let jpg_name = s
        .outputs()
        .into_iter()
        .find(|n| n.ends_with(".jpg"))
        .expect("jpg copied");
    assert!(jpg_name.ends_with("张某.jpg"), "asset renamed: {jpg_name}");
    let jpg = std::fs::read(s.public().join(&jpg_name)).unwrap();
    assert!(jpg.starts_with(&[0xFF, 0xD8]) && jpg.ends_with(&[0xFF, 0xD9]));
    assert!(!jpg.windows(4).any(|w| w == b"Exif") && !jpg.windows(6).any(|w| w == b"xmpmet"));
}

#[test]
fn audit_stops_a_leak_through_a_template_and_keeps_the_old_output() {
    let s = case_site();
    s.build_ok();
    let before = common::all_output(&s.public());
    // A template that prints something the anonymizer never saw: the real name in config.extra.
    s.file(
        "config.toml",
        &format!("{}[extra]\nfooter = \"联系人张建国\"\n", common::CONFIG),
    )
    .file("templates/404.html", "{{ config.extra.footer }}");
    let err = s.build_err();
    assert!(
        err.contains("privacy audit") && err.contains("404.html"),
        "{err}"
    );
    assert!(!err.contains("张建国"), "messages mask names: {err}");
    assert_eq!(before, common::all_output(&s.public()));
    // Files are written into a staging folder as they are rendered: a failed build removes it,
    // and nothing it held may survive anywhere under the site.
    let leftovers: Vec<_> = std::fs::read_dir(s.root())
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("pufa-staging") || n.contains("pufa-old"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    for (path, bytes) in common::all_output(s.root()) {
        assert!(
            !String::from_utf8_lossy(&bytes).contains("联系人张建国") || !path.ends_with(".html"),
            "{path} holds the leak"
        );
    }
}

#[test]
fn other_binary_files_in_a_case_bundle_are_refused() {
    let s = case_site();
    s.bytes(
        "content/cases/张建国漏水案/协议.pdf",
        b"%PDF-1.4 /Author (x)",
    );
    let err = s.build_err();
    assert!(err.contains(".pdf file cannot be checked"), "{err}");
}

#[test]
fn the_report_lists_replacements_and_is_never_inside_the_output() {
    let s = case_site();
    let report = s.root().join("report.txt");
    let out = s
        .cmd()
        .args(["build", "--report"])
        .arg(&report)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(&report).unwrap();
    assert!(
        text.contains("张建国 → 张某") && text.contains("index.md:"),
        "{text}"
    );
    // Each body replacement names its line in the file: the heading (19), the paragraph with
    // the phone and ID number (21), the last line (27); fields are named instead.
    for (line, what) in [
        (19, "张建国 → 张某"),
        (21, "13812345678"),
        (21, "11010519491231002X"),
        (27, "李秀英 → 李某"),
    ] {
        assert!(
            text.lines()
                .any(|l| l.contains(&format!("index.md:{line}\t")) && l.contains(what)),
            "line {line} for {what}:\n{text}"
        );
    }
    assert!(text.contains("index.md [title]"), "{text}");
    // Without --report the replacements are released early; the summary still counts them.
    let lines = text.lines().filter(|l| l.contains(" → ")).count();
    let counted = format!("({lines} replacements)");
    assert!(String::from_utf8_lossy(&out.stdout).contains(&counted));
    let plain = s.cmd().arg("build").output().unwrap();
    assert!(
        String::from_utf8_lossy(&plain.stdout).contains(&counted),
        "{}",
        String::from_utf8_lossy(&plain.stdout)
    );
    let inside = s
        .cmd()
        .args(["build", "--report", "public/r.txt"])
        .output()
        .unwrap();
    assert!(!inside.status.success());
    assert!(String::from_utf8_lossy(&inside.stderr).contains("inside the output folder"));
    // Nor where the next build would publish it.
    for place in ["content/cases/r.txt", "static/r.txt"] {
        std::fs::create_dir_all(s.root().join("static")).unwrap();
        let out = s.cmd().args(["build", "--report", place]).output().unwrap();
        assert!(!out.status.success(), "{place}");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("which the next build publishes"),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(!s.root().join(place).exists(), "{place}");
    }
    // Nor in the staging folder that becomes the output, nor in another built site (`-o dist`).
    std::fs::create_dir_all(s.root().join(".public.pufa-staging")).unwrap();
    assert!(
        s.cmd()
            .args(["build", "-o", "dist"])
            .output()
            .unwrap()
            .status
            .success()
    );
    for (cmd, place) in [
        (vec!["build"], ".public.pufa-staging/r.txt"),
        (vec!["build"], "dist/r.txt"),
        (vec!["build"], "dist/cases/r.txt"),
        (
            vec!["anonymize", "content/cases/张建国漏水案/index.md"],
            "dist/r.txt",
        ),
    ] {
        let out = s
            .cmd()
            .args(&cmd)
            .args(["--report", place])
            .output()
            .unwrap();
        assert!(
            !out.status.success()
                && String::from_utf8_lossy(&out.stderr).contains("inside the output folder"),
            "{place}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(!s.root().join(place).exists(), "{place}");
    }
}

/// Files in a subfolder of a case's bundle are the case's: text anonymized, images without
/// metadata, other documents refused — as at the bundle's top.
#[test]
fn files_in_subfolders_of_a_case_bundle_are_anonymized_with_it() {
    let s = case_site();
    let dir = "content/cases/张建国漏水案";
    s.bytes(
        &format!("{dir}/att/r.jpg"),
        &jpeg_with_exif("老张 幸福路18号3栋2单元402室"),
    )
    .file(&format!("{dir}/sub/x/b.txt"), "老张说：电话13812345678。\n");
    s.build_ok();
    let jpg = std::fs::read(s.public().join("cases/张某漏水案/att/r.jpg")).unwrap();
    assert!(
        !String::from_utf8_lossy(&jpg).contains("幸福路"),
        "metadata stripped"
    );
    let txt = s.read("cases/张某漏水案/sub/x/b.txt");
    assert!(
        txt.contains("张某说") && !txt.contains("13812345678"),
        "{txt}"
    );
    assert!(s.read("cases/张某漏水案/index.html").contains("张某"));
    s.bytes(
        &format!("{dir}/att/doc.pdf"),
        b"%PDF-1.4 /Title(\xe5\xbc\xa0)",
    );
    let err = s.build_err();
    assert!(
        err.contains("doc.pdf") && err.contains("cannot be checked"),
        "{err}"
    );
    for (name, bytes) in common::all_output(&s.public()) {
        for secret in SECRETS {
            assert!(
                !String::from_utf8_lossy(&bytes).contains(secret) && !name.contains(secret),
                "{secret} in {name}"
            );
        }
    }
}

/// A file lying in a case section outside any case (a case saved as .markdown, notes) cannot be
/// anonymized: the build refuses it, naming each; images there are published without metadata;
/// editors' backup files are never content.
#[test]
fn stray_files_in_a_case_section_are_refused() {
    let s = case_site();
    let case = "+++\ntitle = \"漏水\"\n[[parties]]\nname = \"孙大勇\"\nrole = \"申请人\"\n+++\n\n孙大勇住幸福路18号3栋2单元402室。\n";
    s.file("content/cases/loudao.markdown", case)
        .file("content/cases/sub/notes.txt", "孙大勇，电话010-62345678")
        .file("content/cases/c.md.bak", case)
        .file("content/cases/#c.md#", case)
        .file("content/cases/c.md.orig", case)
        .bytes(
            "content/cases/photo.jpg",
            &jpeg_with_exif("孙大勇 幸福路18号"),
        );
    let err = s.build_err();
    assert!(
        err.contains("loudao.markdown")
            && err.contains("rename it so")
            && err.contains("notes.txt")
            && err.contains("belongs to no case"),
        "{err}"
    );
    assert!(
        !err.contains("photo.jpg") && !err.contains(".bak") && !err.contains("#c.md#"),
        "{err}"
    );
    std::fs::remove_file(s.root().join("content/cases/loudao.markdown")).unwrap();
    std::fs::remove_file(s.root().join("content/cases/sub/notes.txt")).unwrap();
    s.build_ok();
    let jpg = std::fs::read(s.public().join("cases/photo.jpg")).unwrap();
    assert!(
        !String::from_utf8_lossy(&jpg).contains("幸福路"),
        "metadata stripped"
    );
    for (name, bytes) in common::all_output(&s.public()) {
        assert!(
            !String::from_utf8_lossy(&bytes).contains("孙大勇") && !name.contains("c.md"),
            "{name}"
        );
    }
}

#[test]
fn strict_mode_turns_undeclared_names_into_errors() {
    let s = case_site();
    s.file("content/cases/b.md", "+++\ntitle = \"邻居纠纷\"\ndispute = \"相邻关系纠纷\"\n+++\n\n邻居赵德胜说，他的儿子王小军当天不在家。\n");
    s.build_ok();
    let out = s.cmd().args(["build", "--strict"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("content/cases/b.md:") && err.contains("undeclared name"),
        "{err}"
    );
    assert!(
        !err.contains("赵德胜") && !err.contains("王小军"),
        "names masked in messages: {err}"
    );
}

#[test]
fn low_confidence_names_are_counted_in_a_note_and_listed_with_v() {
    let s = case_site();
    // Two names with only weak cues: reported, not replaced.
    s.file("content/cases/b.md", "+++\ntitle = \"邻居纠纷\"\ndispute = \"相邻关系纠纷\"\n+++\n\n孙大海说过这件事，村民江山说他不知道。\n");
    let plain = s.build_ok();
    assert!(
        plain.contains("note: 2 possible undeclared names of low confidence")
            && plain.contains("pufa check"),
        "{plain}"
    );
    assert!(!plain.contains("孙大海"), "names masked: {plain}");
    let out = s.cmd().args(["build", "-v"]).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        err.matches("possible undeclared name").count(),
        2,
        "-v lists each finding instead of the note: {err}"
    );
    assert!(!err.contains("note: 2"), "{err}");
    // The summary counts them apart from the warnings.
    let summary = String::from_utf8_lossy(&out.stdout);
    assert!(
        summary.contains("0 warnings, 2 low-confidence findings listed above"),
        "{summary}"
    );
    // Each points at the name itself: line and column (in characters) in the file.
    assert!(
        err.contains("b.md:6:1\n") && err.contains("b.md:6:12\n"),
        "{err}"
    );
    // Checked by an editor and kept: no longer reported.
    s.file("content/cases/b.md", "+++\ntitle = \"邻居纠纷\"\ndispute = \"相邻关系纠纷\"\n[anonymize]\nkeep = [\"孙大海\", \"江山\"]\n+++\n\n孙大海说过这件事，村民江山说他不知道。\n");
    let kept = s.build_ok();
    assert!(!kept.contains("possible undeclared"), "{kept}");
}

/// A party's given name that is part of a longer word (郑文明 and 全国文明城市) is replaced all the
/// same (fail closed), the editor is told where, and keeping the word leaves it as written.
#[test]
fn a_party_name_inside_a_longer_word_is_replaced_and_pointed_out() {
    let s = TestSite::new();
    s.file(
        "content/cases/_index.md",
        "+++\ntitle = \"典型案例\"\nkind = \"case\"\n+++\n",
    );
    let page = |keep: &str| {
        format!(
            "+++\ntitle = \"物业费纠纷\"\ndispute = \"物业纠纷\"\n[[parties]]\nname = \"郑文明\"\nrole = \"申请人\"\n{keep}+++\n\n郑文明拒交物业费。\n调解员结合本市创建全国文明城市的契机，引导双方换位思考。\n"
        )
    };
    s.file("content/cases/a.md", &page(""));
    let note = s.build_ok();
    assert!(
        note.contains("1 party name replaced inside a longer word"),
        "{note}"
    );
    assert!(s.read("cases/a/index.html").contains("全国郑某城市"));
    let out = s.cmd().args(["build", "-v"]).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("replaced inside the word **城市") && err.contains("a.md:10:12"),
        "{err}"
    );
    assert!(
        !err.contains("郑文明") && !err.contains("文明城市"),
        "masked: {err}"
    );
    s.file(
        "content/cases/a.md",
        &page("[anonymize]\nkeep = [\"文明城市\"]\n"),
    );
    let kept = s.build_ok();
    assert!(!kept.contains("longer word"), "{kept}");
    let html = s.read("cases/a/index.html");
    assert!(
        html.contains("创建全国文明城市") && html.contains("郑某拒交"),
        "{html}"
    );
    assert!(!html.contains("郑文明"));
}

/// A party's role and the page's authors are free text shown on the page and in the feeds:
/// anonymized like the body.
#[test]
fn roles_and_authors_are_anonymized() {
    let s = TestSite::new();
    s.file(
        "content/cases/_index.md",
        "+++\ntitle = \"典型案例\"\nkind = \"case\"\n+++\n",
    );
    s.file(
        "content/cases/a.md",
        "+++\ntitle = \"赡养纠纷\"\ndispute = \"赡养纠纷\"\nauthors = [\"zjg@163.com\", \"张建国\"]\n[[parties]]\nname = \"张建国\"\nrole = \"申请人\"\n[[parties]]\nname = \"李秀英\"\nrole = \"其子王小军之母，住幸福路18号3栋2单元402室\"\n+++\n\n张建国与李秀英协商赡养费。\n",
    );
    s.build_ok();
    let page = s.read("cases/a/index.html");
    assert!(
        page.contains("李某（其子王某之母，住〔详细地址已隐去〕）"),
        "{page}"
    );
    for (name, bytes) in common::all_output(&s.public()) {
        let text = String::from_utf8_lossy(&bytes);
        for secret in ["王小军", "幸福路18号", "zjg@163.com", "张建国", "李秀英"] {
            assert!(!text.contains(secret), "{secret} in {name}");
        }
    }
}

/// A case section's own page and a subsection introducing a series of cases are published beside
/// the cases: anonymized like them, with the parties of the cases under them and the names other
/// cases found, in every file that shows them (page, traditional copy, lists, search, sitemap).
#[test]
fn a_case_sections_own_pages_are_anonymized() {
    let s = case_site();
    s.file(
        "content/cases/_index.md",
        "+++\ntitle = \"典型案例\"\nkind = \"case\"\ndescription = \"张建国等居民的纠纷\"\n+++\n\n本栏收录张建国、李秀英等居民的纠纷。\n",
    )
    .file(
        "content/cases/xingfu/_index.md",
        "+++\ntitle = \"幸福路18号3栋402室系列纠纷\"\ndescription = \"老张家的三起纠纷\"\n[extra]\nnote = \"联系电话13812345678\"\n+++\n\n本组案例都发生在幸福路18号3栋402室。张建国的电话是139 8765 4321，身份证号110105 19491231 002X；邻居王志强说愿意作证。\n",
    )
    .file(
        "content/cases/xingfu/a.md",
        "+++\ntitle = \"楼上漏水\"\ndate = 2024-06-01\ndispute = \"相邻关系纠纷\"\n[[parties]]\nname = \"张建国\"\nrole = \"申请人\"\naliases = [\"老张\"]\n+++\n\n张建国说邻居王志强可以作证。\n",
    );
    // An article using a party's given name as an ordinary word, shown beside no case: the
    // section's title in every page's navigation does not make it the case's.
    s.file("content/articles/_index.md", "+++\ntitle = \"普法文章\"\n+++\n")
        .file(
            "content/articles/w.md",
            "+++\ntitle = \"国庆普法\"\ndate = 2024-01-01\n+++\n\n普法进社区。\n\n<!-- more -->\n\n庆祝建国七十五周年。\n",
        );
    // The office's phone in the section's introduction is removed there, but not audited on
    // the office's own page (联系我们), which may give it.
    s.file(
        "content/cases/_index.md",
        "+++\ntitle = \"典型案例\"\nkind = \"case\"\ndescription = \"张建国等居民的纠纷\"\n+++\n\n本栏收录张建国、李秀英等居民的纠纷。咨询电话：0571-86001234。\n",
    )
    .file(
        "content/contact.md",
        "+++\ntitle = \"联系我们\"\n+++\n\n调解室电话：0571-86001234。\n",
    );
    s.build_ok();
    assert!(s.read("articles/w/index.html").contains("建国七十五周年"));
    assert!(s.read("contact/index.html").contains("0571-86001234"));
    assert!(
        s.read("cases/index.html")
            .contains("咨询电话：〔固定电话已隐去〕")
    );
    let intro = s.read("cases/xingfu/index.html");
    assert!(
        intro.contains("〔详细地址已隐去〕") && intro.contains("张某的电话是〔手机号码已隐去〕"),
        "{intro}"
    );
    assert!(
        s.read("cases/index.html")
            .contains("本栏收录张某、李某等居民的纠纷")
    );
    for (name, bytes) in common::all_output(&s.public()) {
        let text = String::from_utf8_lossy(&bytes);
        // The article's ordinary word, wherever the article shows (the search index's word
        // chunks hold it as a word of its own).
        let text = text.replace("建国七十五周年", "");
        let text = if name.starts_with("search/c/") {
            text.replace("建国", "")
        } else {
            text
        };
        for secret in [
            "张建国",
            "建国",
            "老张",
            "李秀英",
            "王志强",
            "幸福路18号",
            "9876",
            "8765 4321",
            "19491231",
            "13812345678",
        ] {
            assert!(!text.contains(secret), "{secret} in {name}");
            assert!(!name.contains(secret), "{secret} in the name {name}");
        }
    }
    // Kept in config.toml, it stays.
    s.file(
        "config.toml",
        &format!(
            "{}[anonymize]\nkeep = [\"0571-86001234\"]\n",
            common::CONFIG
        ),
    );
    s.build_ok();
    assert!(
        s.read("cases/index.html")
            .contains("咨询电话：0571-86001234")
    );
}

/// A case section that redirects: its target is anonymized like its aliases.
#[test]
fn a_case_sections_redirect_is_anonymized() {
    let s = case_site();
    s.file(
        "content/cases/_index.md",
        "+++\ntitle = \"典型案例\"\nkind = \"case\"\nredirect_to = \"https://weibo.com/zhangjianguo/老张\"\n+++\n",
    );
    s.build_ok();
    let page = s.read("cases/index.html");
    assert!(page.contains("weibo.com/"), "{page}");
    assert!(
        !page.contains("zhangjianguo") && !page.contains("老张"),
        "{page}"
    );
}

/// A declared Latin alias of two words is found however the words are joined: spaces, a line
/// break, nothing, `_`, `-`, `.` (an account or a file name).
#[test]
fn a_latin_alias_is_found_in_its_other_spellings() {
    let s = case_site();
    s.file(
        "content/cases/t.md",
        "+++\ntitle = \"英文名\"\ndispute = \"相邻关系纠纷\"\n[[parties]]\nname = \"张建国\"\nrole = \"申请人\"\naliases = [\"Tony Zheng\"]\n+++\n\n他自称Tony  Zheng，又写作Tony\nZheng，账号TonyZheng、tony_zheng、Tony-Zheng。\n",
    );
    s.build_ok();
    for (name, bytes) in common::all_output(&s.public()) {
        let text = String::from_utf8_lossy(&bytes).to_lowercase();
        for secret in [
            "tony  zheng",
            "tony\nzheng",
            "tonyzheng",
            "tony_zheng",
            "tony-zheng",
        ] {
            assert!(!text.contains(secret), "{secret:?} in {name}");
        }
    }
}

/// `[extra]` keys are not anonymized (templates look values up by them): one holding text or a
/// party's spelling is an error naming the case, masked.
#[test]
fn an_extra_key_holding_text_or_a_name_is_refused() {
    for key in ["\"幸福路18号3栋402室\"", "zhangjianguo1988"] {
        let s = case_site();
        s.build_ok();
        let before = common::all_output(&s.public());
        s.file(
            "content/cases/k.md",
            &format!("+++\ntitle = \"键\"\ndispute = \"相邻关系纠纷\"\n[[parties]]\nname = \"张建国\"\nrole = \"申请人\"\n[extra.contacts]\n{key} = \"住所\"\n+++\n\n双方和解。\n"),
        );
        let err = s.build_err();
        assert!(
            err.contains("[extra] key")
                && err.contains("k.md")
                && !err.contains("幸福路")
                && !err.contains("jianguo"),
            "{err}"
        );
        assert_eq!(
            before,
            common::all_output(&s.public()),
            "previous output untouched"
        );
    }
    // Plain keys with the text in their values are anonymized.
    let s = case_site();
    s.file(
        "content/cases/k.md",
        "+++\ntitle = \"键\"\ndispute = \"相邻关系纠纷\"\n[[parties]]\nname = \"张建国\"\nrole = \"申请人\"\n[extra.contacts]\naddress = \"幸福路18号3栋402室\"\n+++\n\n双方和解。\n",
    );
    s.build_ok();
}

/// A case bundle's text files are part of the case: anonymized like its body, not copied.
#[test]
fn a_case_bundles_text_files_are_anonymized() {
    let s = case_site();
    let dir = "content/cases/张建国漏水案";
    s.file(
        &format!("{dir}/data.csv"),
        "姓名,电话,住址,车牌,邮箱\n建国,010-62345678,幸福路18号3栋2单元402室,京A·12345,zjg@163.com\n",
    );
    s.file(
        &format!("{dir}/plan.svg"),
        "<svg xmlns=\"http://www.w3.org/2000/svg\"><text>李秀英家</text><text>其子王小军</text></svg>\n",
    );
    // A family tree drawing a name one character per element, one element per line.
    s.file(
        &format!("{dir}/tree.svg"),
        "<svg xmlns=\"http://www.w3.org/2000/svg\">\n  <text y=\"20\">李</text>\n  <text y=\"40\">秀</text>\n  <text y=\"60\">英</text>\n</svg>\n",
    );
    s.build_ok();
    let out = common::all_output(&s.public());
    let file = |suffix: &str| {
        out.iter()
            .find(|(n, _)| n.ends_with(suffix))
            .map(|(_, b)| String::from_utf8_lossy(b).into_owned())
            .unwrap_or_else(|| panic!("no {suffix}"))
    };
    let csv = file("data.csv");
    assert!(
        csv.contains(
            "张某,〔固定电话已隐去〕,〔详细地址已隐去〕,〔车牌号已隐去〕,〔电子邮箱已隐去〕"
        ),
        "{csv}"
    );
    let svg = file("plan.svg");
    assert!(
        svg.contains("<text>李某家</text>") && svg.contains("其子王某"),
        "{svg}"
    );
    let tree = file("tree.svg");
    assert!(
        tree.contains("<text y=\"20\">李某</text>") && !tree.contains('秀') && !tree.contains('英'),
        "{tree}"
    );
    for (name, bytes) in &out {
        let text = String::from_utf8_lossy(bytes);
        for secret in [
            "建国",
            "62345678",
            "幸福路18号",
            "12345",
            "zjg@",
            "李秀英",
            "王小军",
        ] {
            assert!(!text.contains(secret), "{secret} in {name}");
        }
    }
    // A text file that is not UTF-8 cannot be anonymized: an error naming it.
    s.bytes(
        &format!("{dir}/gbk.txt"),
        &[0xD5, 0xC5, 0xBD, 0xA8, 0xB9, 0xFA],
    );
    let err = s.build_err();
    assert!(err.contains("gbk.txt") && err.contains("UTF-8"), "{err}");
}

/// A party's name spelled in pinyin in a URL, in the spellings people use: the build stops.
#[test]
fn pinyin_spellings_of_a_name_in_urls_are_caught() {
    for slug in [
        "zhang-jianguo",
        "jianguo_zhang",
        "zhangjg",
        "li-xiuying",
        "zhangjianguo1988",
        "1988lixiuying",
    ] {
        // In a case the spelling is an alias of the party: the slug is anonymized.
        let s = case_site();
        s.file(
            "content/cases/b.md",
            &format!("+++\ntitle = \"拼音\"\nslug = \"{slug}\"\ndispute = \"相邻关系纠纷\"\n[[parties]]\nname = \"张建国\"\nrole = \"申请人\"\n[[parties]]\nname = \"李秀英\"\nrole = \"被申请人\"\n+++\n\n双方和解。见 https://weibo.com/{slug} 。\n"),
        );
        s.build_ok();
        for (name, bytes) in common::all_output(&s.public()) {
            assert!(!name.contains(slug), "{slug} in the file name {name}");
            assert!(
                !String::from_utf8_lossy(&bytes).contains(slug),
                "{slug} in {name}"
            );
        }
        // Elsewhere the audit stops it, in a file name or in the text.
        s.file(
            "content/about.md",
            &format!("+++\ntitle = \"关于\"\nslug = \"{slug}\"\n+++\n\n关于。\n"),
        );
        let err = s.build_err();
        assert!(
            err.contains("privacy audit") && err.contains("file name"),
            "{slug}: {err}"
        );
    }
    // In a case's text, every spelling people use.
    let s = case_site();
    s.file(
        "content/cases/c.md",
        "+++\ntitle = \"账号\"\ndispute = \"相邻关系纠纷\"\n[[parties]]\nname = \"张建国\"\nrole = \"申请人\"\n+++\n\n微博 https://weibo.com/zhangjianguo ，英文名 Zhang Jianguo，账号 ZhangJianguo、zhang-jianguo。\n",
    );
    s.build_ok();
    let page = s.read("cases/c/index.html").to_lowercase();
    assert!(
        !page.contains("zhangjianguo")
            && !page.contains("zhang jianguo")
            && !page.contains("zhang-jianguo"),
        "{page}"
    );
}

/// A name percent-escaped in a URL (a link to a profile page) reads as the name: the build stops.
#[test]
fn a_name_percent_escaped_in_a_link_is_caught() {
    let s = case_site();
    // In a case the anonymizer reads the escapes: the link is anonymized.
    s.file(
        "content/cases/b.md",
        "+++\ntitle = \"链接\"\ndispute = \"相邻关系纠纷\"\n[[parties]]\nname = \"张建国\"\nrole = \"申请人\"\n+++\n\n见[微博](https://weibo.com/%E5%BC%A0%E5%BB%BA%E5%9B%BD)。\n",
    );
    s.build_ok();
    // 张某, escaped by the Markdown renderer.
    assert!(
        s.read("cases/b/index.html")
            .contains("https://weibo.com/%E5%BC%A0%E6%9F%90")
    );
    // On a page that is not anonymized the audit decodes them.
    s.file(
        "content/about.md",
        "+++\ntitle = \"关于\"\n+++\n\n见[微博](https://weibo.com/%E5%BC%A0%E5%BB%BA%E5%9B%BD)。\n",
    );
    let err = s.build_err();
    assert!(
        err.contains("privacy audit") && err.contains("张**"),
        "{err}"
    );
}

/// A case's removed numbers repeated on another page in groups, as people write them: the audit
/// reads the groups together, and its message masks every digit of them.
#[test]
fn removed_numbers_written_in_groups_elsewhere_are_caught() {
    for text in ["138 1234 5678", "138-1234-5678", "110105 19491231 002X"] {
        let s = case_site();
        s.file(
            "content/notice.md",
            &format!("+++\ntitle = \"通知\"\n+++\n\n有事请联系{text}。\n"),
        );
        let err = s.build_err();
        assert!(
            err.contains("privacy audit") && err.contains("notice"),
            "{text}: {err}"
        );
        for group in text.split([' ', '-']).skip(1) {
            assert!(!err.contains(group), "{group} shown: {err}");
        }
    }
}

/// Files under static/ are published as they are, so their bytes are audited like every output.
#[test]
fn static_files_are_audited() {
    let s = case_site();
    s.build_ok();
    let before = common::all_output(&s.public());
    s.file("static/notes.txt", "会议记录：张建国、李秀英到场。\n");
    let err = s.build_err();
    assert!(
        err.contains("privacy audit") && err.contains("notes.txt") && err.contains("static"),
        "{err}"
    );
    assert!(!err.contains("张建国"), "masked: {err}");
    assert_eq!(
        before,
        common::all_output(&s.public()),
        "previous output untouched"
    );
    std::fs::remove_file(s.root().join("static/notes.txt")).unwrap();
    s.bytes("static/img/p.jpg", &jpeg_with_exif("张建国 13812345678"));
    let err = s.build_err();
    assert!(err.contains("p.jpg") && err.contains("metadata"), "{err}");
    // A name drawn one character per element, whitespace between them, reads as the name.
    std::fs::remove_file(s.root().join("static/img/p.jpg")).unwrap();
    s.file(
        "static/tree.svg",
        "<svg>\n  <text y=\"20\">张</text>\n  <text y=\"40\">建</text>\n  <text y=\"60\">国</text>\n</svg>\n",
    );
    let err = s.build_err();
    assert!(
        err.contains("privacy audit") && err.contains("tree.svg"),
        "{err}"
    );
    std::fs::remove_file(s.root().join("static/tree.svg")).unwrap();
    // A given name or short alias in the name of a static file a case links to (its photo
    // there: the link is anonymized, the file's name would not be).
    s.file(
        "content/cases/link.md",
        "+++\ntitle = \"链接\"\ndispute = \"相邻关系纠纷\"\n[[parties]]\nname = \"张建国\"\nrole = \"申请人\"\naliases = [\"老张\"]\n+++\n\n[说明](/uploads/建国家漏水.txt)，[另见](/%E8%80%81%E5%BC%A0.txt)。\n",
    );
    for name in ["static/uploads/建国家漏水.txt", "static/老张.txt"] {
        s.file(name, "现场照片说明。\n");
        let err = s.build_err();
        assert!(
            err.contains("privacy audit") && err.contains("file name") && err.contains("rename"),
            "{name}: {err}"
        );
        std::fs::remove_file(s.root().join(name)).unwrap();
    }
    // Text saved as UTF-16 (with its byte-order mark) or GBK is read as such.
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(
            "会议记录：张建国到场。"
                .encode_utf16()
                .flat_map(u16::to_le_bytes),
        )
        .collect();
    s.bytes("static/notes16.txt", &utf16);
    let err = s.build_err();
    assert!(
        err.contains("notes16.txt") && err.contains("UTF-16"),
        "{err}"
    );
    std::fs::remove_file(s.root().join("static/notes16.txt")).unwrap();
    // 张建国 in GBK.
    s.bytes(
        "static/notes-gbk.txt",
        &[0xD5, 0xC5, 0xBD, 0xA8, 0xB9, 0xFA],
    );
    let err = s.build_err();
    assert!(
        err.contains("notes-gbk.txt") && err.contains("GB18030"),
        "{err}"
    );
    std::fs::remove_file(s.root().join("static/notes-gbk.txt")).unwrap();
    // A static file no case links to may hold the word (国庆 of 李国庆, 老张 of 老张家口…).
    s.file("static/老张家口旧照.txt", "旧照。\n");
    s.build_ok();
    std::fs::remove_file(s.root().join("static/老张家口旧照.txt")).unwrap();
    std::fs::remove_file(s.root().join("content/cases/link.md")).unwrap();
    // A clean static file is published.
    s.file("static/notes.txt", "会议记录：双方到场。\n");
    s.build_ok();
    assert!(s.read("notes.txt").contains("双方到场"));
}

#[test]
fn anonymize_command_reports_one_case_without_building() {
    let s = case_site();
    let out = s
        .cmd()
        .args(["anonymize", "content/cases/张建国漏水案/index.md"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(
        report.contains("李秀英 → 李某") && report.contains("身份证"),
        "{report}"
    );
    assert!(!s.public().exists(), "nothing built");
    // The report holds the original names: never written where a build publishes.
    for inside in [
        "public/report.txt",
        "static/report.txt",
        "content/report.txt",
    ] {
        let out = s
            .cmd()
            .args([
                "anonymize",
                "content/cases/张建国漏水案/index.md",
                "--report",
                inside,
            ])
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{inside}: {err}");
        assert!(err.contains("report"), "{err}");
        assert!(!s.root().join(inside).exists(), "{inside} written");
    }
    let out = s
        .cmd()
        .args([
            "anonymize",
            "content/cases/张建国漏水案/index.md",
            "--report",
            "r.txt",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(
        std::fs::read_to_string(s.root().join("r.txt"))
            .unwrap()
            .contains("李秀英 → 李某")
    );
    // A named case that cannot be loaded: the reason, with its place, not "no page found".
    s.file(
        "content/cases/broken.md",
        "+++\ntitle = \"无案由\"\n+++\n\n张建国到场。\n",
    );
    let out = s
        .cmd()
        .args(["anonymize", "content/cases/broken.md"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("dispute") && err.contains("broken.md") && !err.contains("no content page"),
        "{err}"
    );
}

#[test]
fn given_names_are_audited_where_the_case_is_not_on_unrelated_pages() {
    let s = case_site();
    // An unrelated article may use the word a party's given name happens to be.
    s.file(
        "content/jianguo.md",
        "+++\ntitle = \"庆祝新中国成立\"\n+++\n\n建国七十多年来，基层人民调解制度不断发展。\n",
    );
    s.build_ok();
    assert!(s.read("jianguo/index.html").contains("建国七十多年来"));
    // Dated, it is in the site's feed beside the case: another entry, not the case's.
    s.file(
        "content/jianguo.md",
        "+++\ntitle = \"庆祝新中国成立\"\ndate = 2024-10-01\n+++\n\n建国七十多年来，基层人民调解制度不断发展。\n",
    );
    s.build_ok();
    assert!(s.read("atom.xml").contains("建国七十多年来"));
    // Tagged like the case, its card is beside the case's on the tag page and the home page:
    // another card, not the case's.
    s.file(
        "content/jianguo.md",
        "+++\ntitle = \"庆祝新中国成立\"\ndate = 2024-10-01\n[taxonomies]\ntags = [\"漏水\"]\n+++\n\n建国七十多年来，基层人民调解制度不断发展。\n",
    );
    s.build_ok();
    assert!(s.read("tags/漏水/index.html").contains("建国七十多年来"));
    // A page that carries the case (its anonymized title) may not contain the given name.
    s.file("templates/case.html", "{{ page.title }} 建国");
    let err = s.build_err();
    assert!(
        err.contains("privacy audit") && err.contains("建*"),
        "{err}"
    );
    // The error names the page to fix, for the page and its traditional copy.
    assert!(
        err.contains("output file cases/□")
            && err.contains("--> content/cases/")
            && err.contains("index.md"),
        "{err}"
    );
    // The output path, made from the page's text, shows no Han characters.
    assert!(!err.contains("output file cases/张"), "{err}");
}

/// A name one case's anonymizer found (邻居柯文杰, cued) is replaced where it stands bare in
/// another case (柯文杰又占用楼道: nothing there marks it as a name), in every output; it gets a
/// pseudonym of that case that no other person there has.
#[test]
fn a_name_found_in_one_case_is_replaced_in_the_others() {
    let s = TestSite::new();
    s.file("config.toml", &format!("{}scripts = [\"hans\", \"hant\"]\n", common::CONFIG))
        .file("content/cases/_index.md", "+++\ntitle = \"典型案例\"\nkind = \"case\"\n+++\n")
        .file(
            "content/cases/a.md",
            "+++\ntitle = \"深夜琴声\"\ndispute = \"相邻关系纠纷\"\n[[parties]]\nname = \"赵大勇\"\nrole = \"申请人\"\n+++\n\n赵大勇称，邻居柯文杰经常深夜弹琴。调解后柯文杰表示愿意调整时间。\n",
        )
        .file(
            "content/cases/b.md",
            "+++\ntitle = \"柯文杰又占用楼道\"\ndispute = \"相邻关系纠纷\"\n[[parties]]\nname = \"柯大海\"\nrole = \"申请人\"\n[[parties]]\nname = \"钱小红\"\nrole = \"柯文杰之妻\"\n+++\n\n柯大海反映，柯文杰把自行车停在楼道。\n\n经调解，柯文杰同意挪走。\n",
        )
        .file(
            "content/articles/_index.md",
            "+++\ntitle = \"普法文章\"\n+++\n",
        );
    let log = s.build_ok();
    assert!(
        log.contains("another case found it to be a person's name (content/cases/a.md)")
            && log.contains("content/cases/b.md:12:7")
            && log.contains("content/cases/b.md:14:5"),
        "the editor of b hears of it, with where: {log}"
    );
    let b = s.read("cases/b/index.html");
    // Two people surnamed 柯 in the case: the declared 柯大海 first, as with the case's own guesses.
    assert!(b.contains("柯某甲反映，柯某乙把自行车停在楼道"), "{b}");
    assert!(b.contains("柯某乙又占用楼道"), "{b}");
    assert!(b.contains("钱某（柯某乙之妻）"), "{b}");
    for (name, bytes) in common::all_output(&s.public()) {
        let text = String::from_utf8_lossy(&bytes);
        for secret in ["柯文杰", "柯文傑", "赵大勇", "柯大海", "钱小红"] {
            assert!(!text.contains(secret), "{secret} in {name}");
            assert!(!name.contains(secret), "{secret} in the file name {name}");
        }
    }
}

/// A case's keep list still wins over a name another case found.
#[test]
fn a_case_may_keep_a_name_another_case_found() {
    let s = TestSite::new();
    s.file("content/cases/_index.md", "+++\ntitle = \"典型案例\"\nkind = \"case\"\n+++\n")
        .file(
            "content/cases/a.md",
            "+++\ntitle = \"深夜琴声\"\ndispute = \"相邻关系纠纷\"\n[[parties]]\nname = \"赵大勇\"\nrole = \"申请人\"\n+++\n\n赵大勇称，邻居柯文杰经常深夜弹琴。\n",
        )
        .file(
            "content/cases/b.md",
            "+++\ntitle = \"讲座\"\ndispute = \"其他纠纷\"\n[[parties]]\nname = \"钱小红\"\nrole = \"申请人\"\n[anonymize]\nkeep = [\"柯文杰\"]\n+++\n\n钱小红听了柯文杰律师的讲座。\n",
        );
    s.build_ok();
    assert!(s.read("cases/b/index.html").contains("柯文杰律师"));
    assert!(!s.read("cases/a/index.html").contains("柯文杰"));
}

fn base64(bytes: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// A photo pasted into a case as a base64 `data:` URI (editors' Markdown apps do that) is
/// published without its metadata, like an image file in the case's folder; any other embedded
/// type is refused with the line; and the audit reads what data: URIs hold on every page.
#[test]
fn images_pasted_as_data_uris_lose_their_metadata() {
    let s = TestSite::new();
    let photo = base64(&jpeg_with_exif("GPS 39.9087N 116.3975E 张建国"));
    s.file("content/cases/_index.md", "+++\ntitle = \"典型案例\"\nkind = \"case\"\n+++\n")
        .file(
            "content/cases/a.md",
            &format!("+++\ntitle = \"漏水\"\ndispute = \"相邻关系纠纷\"\n[[parties]]\nname = \"张建国\"\nrole = \"申请人\"\n+++\n\n张建国家漏水。\n\n![现场](data:image/jpeg;base64,{photo})\n\n<img alt=\"现场\" src=\"data:image/jpeg;Base64,{photo}\">\n"),
        );
    s.build_ok();
    // `;Base64,` is base64 too, as browsers read it.
    let page = s.read("cases/a/index.html").replace(";Base64,", ";base64,");
    let uris: Vec<&str> = page
        .split("data:image/jpeg;base64,")
        .skip(1)
        .map(|r| r.split('"').next().unwrap_or(""))
        .collect();
    assert_eq!(uris.len(), 2, "both images stay on the page: {page}");
    for u in uris {
        use base64::Engine as _;
        let jpg = base64::engine::general_purpose::STANDARD
            .decode(u)
            .expect("valid base64");
        assert!(jpg.starts_with(&[0xFF, 0xD8]) && jpg.ends_with(&[0xFF, 0xD9]));
        assert!(!holds(&jpg, b"GPS") && !holds(&jpg, b"Exif") && !holds(&jpg, "张建国".as_bytes()));
    }

    // Another type cannot be anonymized in place: refused, with where.
    let svg = base64(
        "<svg xmlns=\"http://www.w3.org/2000/svg\"><text>张建国 13812345678</text></svg>"
            .as_bytes(),
    );
    s.file(
        "content/cases/b.md",
        &format!("+++\ntitle = \"图表\"\ndispute = \"相邻关系纠纷\"\n[[parties]]\nname = \"李秀英\"\nrole = \"申请人\"\n+++\n\n李秀英提供了图表。\n\n![图](data:image/svg+xml;BASE64,{svg})\n"),
    );
    let err = s.build_err();
    assert!(
        err.contains("a base64 data: URI of type `image/svg+xml` cannot be anonymized")
            && err.contains("content/cases/b.md:11:6"),
        "{err}"
    );
    std::fs::remove_file(s.root().join("content/cases/b.md")).unwrap();

    // On a page that is not anonymized, the audit decodes what a data: URI holds.
    s.file(
        "content/about.md",
        &format!("+++\ntitle = \"关于\"\n+++\n\n![图](data:image/svg+xml;base64,{svg})\n"),
    );
    let err = s.build_err();
    assert!(
        err.contains("privacy audit") && err.contains("base64 data: URI"),
        "{err}"
    );
}

/// A name another case found is looked for as the anonymizer reads text: wrapped over a line,
/// split by markup, as a character reference, percent-escaped in a link, \u-escaped in a JSON
/// attachment. A found name is replaced in its own case's links too.
#[test]
fn a_name_found_elsewhere_is_found_in_any_form() {
    let s = TestSite::new();
    s.file("config.toml", &format!("{}scripts = [\"hans\", \"hant\"]\n", common::CONFIG))
        .file("content/cases/_index.md", "+++\ntitle = \"典型案例\"\nkind = \"case\"\n+++\n")
        .file(
            "content/cases/a.md",
            "+++\ntitle = \"纸箱\"\ndispute = \"相邻关系纠纷\"\n[[parties]]\nname = \"张建国\"\nrole = \"申请人\"\n+++\n\n张建国反映，邻居柯文杰长期在楼道堆放纸箱，[照片](https://weibo.com/%E6%9F%AF%E6%96%87%E6%9D%B0)。\n",
        );
    let forms = [
        "李秀英说，那天下午柯文\n杰又把电动车停在楼道里。",
        "李秀英说，柯**文杰**又停车。",
        "李秀英说，柯<b>文杰</b>又停车。",
        "李秀英说，柯`文杰`又停车。",
        "李秀英说，柯文&#26480;又停车。",
        "李秀英说，柯\u{200B}文杰又停车。",
        "李秀英说，[照片](https://weibo.com/%E6%9F%AF%E6%96%87%E6%9D%B0)。",
        "李秀英说，<span title=\"柯文杰\">他</span>又停车。",
        "李秀英说，<img alt=\"&#26607;&#25991;&#26480;家门口\" src=\"a.png\">。",
    ];
    for (k, body) in forms.iter().enumerate() {
        s.file(
            &format!("content/cases/b{k}.md"),
            &format!("+++\ntitle = \"停车{k}\"\ndispute = \"相邻关系纠纷\"\n[[parties]]\nname = \"李秀英\"\nrole = \"申请人\"\n+++\n\n{body}\n"),
        );
    }
    s.file(
        "content/cases/c/index.md",
        "+++\ntitle = \"附件\"\ndispute = \"相邻关系纠纷\"\n[[parties]]\nname = \"李秀英\"\nrole = \"申请人\"\n+++\n\n见附件。\n",
    )
    .file("content/cases/c/data.json", "{\"n\": \"\\u67ef\\u6587\\u6770\"}");
    s.build_ok();
    for (name, bytes) in common::all_output(&s.public()) {
        let text = String::from_utf8_lossy(&bytes);
        let plain = pufa_anonymize::searchable(&text);
        for secret in [
            "柯文杰",
            "%E6%9F%AF%E6%96%87%E6%9D%B0",
            "\\u67ef\\u6587\\u6770",
        ] {
            assert!(!text.contains(secret), "{secret} in {name}: {text}");
        }
        assert!(
            !plain.contains("柯文杰"),
            "柯文杰 (decoded) in {name}: {text}"
        );
    }
}

/// A kept name that holds a found one (the mediator 王军华 beside the neighbour 王军) keeps
/// only itself; 王军 is replaced here and in the other cases.
#[test]
fn a_kept_name_holding_a_found_one_keeps_only_itself() {
    let s = TestSite::new();
    s.file("content/cases/_index.md", "+++\ntitle = \"典型案例\"\nkind = \"case\"\n+++\n")
        .file(
            "content/cases/a.md",
            "+++\ntitle = \"纸箱\"\ndispute = \"相邻关系纠纷\"\n[[parties]]\nname = \"张建国\"\nrole = \"申请人\"\n[anonymize]\nkeep = [\"王军华\"]\n+++\n\n张建国反映，邻居王军经常在楼道堆放纸箱。调解员王军华上门调解。后来王军又把旧沙发搬到楼道里。\n",
        )
        .file(
            "content/cases/b.md",
            "+++\ntitle = \"沙发\"\ndispute = \"相邻关系纠纷\"\n[[parties]]\nname = \"李秀英\"\nrole = \"申请人\"\n+++\n\n李秀英反映，王军又把沙发放在楼道。\n",
        );
    s.build_ok();
    let a = s.read("cases/a/index.html");
    assert!(
        a.contains("邻居王某经常在楼道")
            && a.contains("调解员王军华上门")
            && a.contains("后来王某又把"),
        "{a}"
    );
    let b = s.read("cases/b/index.html");
    assert!(b.contains("李某反映，王某又把沙发"), "{b}");
}

/// Numbers and addresses in the forms residents write them: read out in Chinese numerals,
/// grouped with middle dots or underscores, split by emphasis, spaced around the digits.
#[test]
fn numbers_and_addresses_in_written_forms_are_replaced() {
    let s = TestSite::new();
    s.file("config.toml", &format!("{}scripts = [\"hans\", \"hant\"]\n", common::CONFIG))
        .file("content/cases/_index.md", "+++\ntitle = \"典型案例\"\nkind = \"case\"\n+++\n")
        .file(
            "content/cases/a.md",
            "+++\ntitle = \"号码\"\ndispute = \"相邻关系纠纷\"\n[[parties]]\nname = \"张建国\"\nrole = \"申请人\"\n+++\n\n张建国的手机是一三九一二三四〇〇〇一，备用138·1234·5619，身份证号110105_19880712_3458。电话0571-**8888**6666，车牌号京A·**12345**。他住在幸福路 18 号 3 栋 402 室，老房子在光明路**27号**5栋1单元302室。\n",
        );
    s.build_ok();
    let page = s.read("cases/a/index.html");
    assert!(
        page.contains("车牌号〔车牌号已隐去〕。"),
        "no stray marks: {page}"
    );
    for (name, bytes) in common::all_output(&s.public()) {
        let text = String::from_utf8_lossy(&bytes);
        for secret in [
            "一三九一二三四",
            "1234·5619",
            "19880712",
            "8888",
            "12345",
            "18 号",
            "402",
            "27号",
            "302",
        ] {
            assert!(!text.contains(secret), "{secret} in {name}");
        }
    }
}

/// A party whose given name is a place's (欧阳朝阳) and a local rule of that place cited in the case:
/// the rule's title keeps the place in both scripts, and the traditional copy builds.
#[test]
fn a_place_in_a_cited_rule_is_kept_in_the_traditional_copy_too() {
    let s = TestSite::new();
    s.file("config.toml", &format!("{}scripts = [\"hans\", \"hant\"]\n", common::CONFIG))
        .file("content/cases/_index.md", "+++\ntitle = \"典型案例\"\nkind = \"case\"\n+++\n")
        .file(
            "content/cases/a.md",
            "+++\ntitle = \"物业纠纷\"\ndispute = \"物业纠纷\"\n[[parties]]\nname = \"欧阳朝阳\"\nrole = \"申请人\"\n+++\n\n欧阳朝阳认为物业违反了《北京市朝阳区住宅小区物业管理办法》第五条。朝阳说他不服。\n",
        );
    s.build_ok();
    assert!(
        s.read("cases/a/index.html")
            .contains("《北京市朝阳区住宅小区物业管理办法》")
    );
    let hant = s.read("zh-hant/cases/a/index.html");
    assert!(
        hant.contains("《北京市朝陽區住宅小區物業管理辦法》"),
        "{hant}"
    );
    assert!(hant.contains("歐陽某說他不服"), "{hant}");
}

/// The given names are audited in every file that carries the case, also when its title holds
/// characters the outputs escape (`"` is `&quot;` in a page and `\"` in the search index, so the
/// whole title is found in neither), and everywhere when the title gives no marker at all.
#[test]
fn given_names_are_audited_whatever_the_titles_punctuation() {
    for title in ["漏水\"纠纷\"", "漏水'纠纷' & 赔偿", "漏/水", "水"] {
        let s = TestSite::new();
        s.file("config.toml", &format!("{}scripts = [\"hans\", \"hant\"]\n", common::CONFIG))
            .file("content/cases/_index.md", "+++\ntitle = \"典型案例\"\nkind = \"case\"\n+++\n")
            .file(
                "content/cases/c1.md",
                &format!(
                    "+++\ntitle = '''{title}'''\ndate = 2024-05-01\ndispute = \"相邻关系纠纷\"\ntags = [\"漏水\"]\n[[parties]]\nname = \"郑海涛\"\nrole = \"申请人\"\n[[parties]]\nname = \"欧阳丽华\"\nrole = \"被申请人\"\n+++\n\n郑海涛说楼上漏水。[海](https://x.example/)涛又说：[丽](https://x.example/)华不同意。\n"
                ),
            );
        let err = s.build_err();
        assert!(
            err.contains("privacy audit") && err.contains("海*"),
            "title {title}: {err}"
        );
        assert!(!s.public().exists(), "title {title}: nothing published");
    }
}

/// A page or a subsection in a case section cannot declare another kind, which would publish it
/// without anonymization.
#[test]
fn nothing_in_a_case_section_escapes_anonymization_by_its_kind() {
    let s = case_site();
    s.file(
        "content/cases/c1.md",
        "+++\ntitle = \"楼上漏水\"\nkind = \"article\"\n+++\n\n张建国说楼上漏水，电话13812345678。\n",
    )
    .file("content/cases/guide/_index.md", "+++\ntitle = \"说明\"\nkind = \"article\"\n+++\n");
    let err = s.build_err();
    assert!(
        err.contains("a page in a case section cannot be of kind `article`")
            && err.contains("content/cases/c1.md:3:1")
            && err.contains("a section in a case section cannot be of kind `article`")
            && err.contains("content/cases/guide/_index.md:3:1"),
        "{err}"
    );
    assert!(!s.public().exists());
}

/// An anonymized article or convention has its kind's fields anonymized like its body: the
/// article's audience, the convention's procedure notes.
#[test]
fn kind_fields_of_anonymized_articles_and_conventions_are_anonymized() {
    let s = TestSite::new();
    s.file("config.toml", &format!("{}scripts = [\"hans\", \"hant\"]\n", common::CONFIG))
        .file("content/articles/_index.md", "+++\ntitle = \"普法\"\nkind = \"article\"\n+++\n")
        .file(
            "content/articles/p1.md",
            "+++\ntitle = \"漏水怎么办\"\naudience = \"郑海涛和老郑\"\n[[parties]]\nname = \"郑海涛\"\nrole = \"业主\"\naliases = [\"老郑\"]\n+++\n\n郑海涛家漏水。\n",
        )
        .file("content/conventions/_index.md", "+++\ntitle = \"公约\"\nkind = \"convention\"\n+++\n")
        .file(
            "content/conventions/xq.md",
            "+++\ntitle = \"幸福小区居民公约\"\nanonymize = true\ncommunity = \"幸福社区\"\nstatus = \"表决通过\"\n[procedure]\nreview = { date = 2025-04-08, body = \"向阳街道办事处\", changes = [\"删除邻居王志强提出的条款，联系电话13912345678\"], note = \"业主王志强反对\" }\n+++\n\n第一条 邻里和睦。\n",
        );
    s.build_ok();
    let a = s.read("articles/p1/index.html");
    assert!(a.contains("郑某"), "{a}");
    let c = s.read("conventions/xq/index.html");
    assert!(c.contains("王某") && c.contains("修改意见"), "{c}");
    for (name, bytes) in common::all_output(&s.public()) {
        let text = String::from_utf8_lossy(&bytes);
        for secret in [
            "郑海涛",
            "海涛",
            "海濤",
            "老郑",
            "老鄭",
            "王志强",
            "王志強",
            "13912345678",
        ] {
            assert!(!text.contains(secret), "{secret} in {name}");
        }
    }
}

/// Errors about a case's front matter, read before anonymization, quote its values masked: build
/// logs show no name or number.
#[test]
fn errors_about_a_cases_front_matter_mask_the_values() {
    let s = case_site();
    s.file(
        "content/cases/d.md",
        "+++\ntitle = \"漏水\"\ndispute = \"相邻关系纠纷\"\ndate = \"郑海涛13912345678\"\n+++\n\n正文。\n",
    )
    .file("content/cases/k.md", "+++\ntitle = \"漏水\"\nkind = \"郑海涛\"\n+++\n\n正文。\n")
    .file(
        "content/cases/t.md",
        "+++\ntitle = \"漏水\"\ndispute = \"相邻关系纠纷\"\ntemplate = \"郑海涛13912345678.html\"\n+++\n\n正文。\n",
    );
    let err = s.build_err();
    assert!(
        err.contains("`date` is not a valid date: `□□□***********`")
            && err.contains("content/cases/d.md:4:")
            && err.contains("unknown kind `□□□`"),
        "{err}"
    );
    assert!(
        !err.contains("郑海涛") && !err.contains("13912345678"),
        "{err}"
    );
    s.file(
        "content/cases/d.md",
        "+++\ntitle = \"漏水\"\ndispute = \"相邻关系纠纷\"\n+++\n\n正文。\n",
    )
    .file(
        "content/cases/k.md",
        "+++\ntitle = \"漏水\"\ndispute = \"相邻关系纠纷\"\n+++\n\n正文。\n",
    );
    let err = s.build_err();
    assert!(
        err.contains("template `□□□***********.****` does not exist"),
        "{err}"
    );
    assert!(
        !err.contains("郑海涛") && !err.contains("13912345678"),
        "{err}"
    );
    // A name as a key (YAML's `- 郑海涛: 申请人` under parties, a quoted TOML key).
    s.file("content/cases/t.md", "+++\ntitle = \"漏水\"\ndispute = \"相邻关系纠纷\"\n\"郑海涛\" = 1\n[[parties]]\nname = \"张三丰\"\nrole = \"申请人\"\n\"欧阳丽华\" = \"x\"\n+++\n\n正文。\n");
    let err = s.build_err();
    assert!(
        err.contains("unknown key `□□□`") && err.contains("unknown key `□□□□` in [[parties]]"),
        "{err}"
    );
    assert!(
        !err.contains("郑海涛") && !err.contains("欧阳丽华"),
        "{err}"
    );
}

/// A case written in traditional script is published simplified: its given names are audited in
/// the files that carry it in either script (its title was looked for only as written).
#[test]
fn given_names_of_a_traditional_case_are_audited_in_both_scripts() {
    let s = TestSite::new();
    s.file("config.toml", &format!("{}scripts = [\"hans\", \"hant\"]\n", common::CONFIG))
        .file("content/cases/_index.md", "+++\ntitle = \"典型案例\"\nkind = \"case\"\n+++\n")
        .file(
            "content/cases/a.md",
            "+++\ntitle = \"鄰裡漏水糾紛調解記錄\"\ndispute = \"相邻关系纠纷\"\n[[parties]]\nname = \"鄭海濤\"\nrole = \"申請人\"\n+++\n\n鄭海濤與樓上鄰居發生糾紛。申請人[海](https://x.example/)濤說樓上漏水，雙方經過調解達成協議，鄰居同意賠償損失並修繕管道。\n",
        );
    let err = s.build_err();
    assert!(
        err.contains("privacy audit") && err.contains("output file cases/a/index.html"),
        "{err}"
    );
    assert!(!s.public().exists());
}

/// Invisible characters inside a name or a number, and a compatibility ideograph inside a name
/// split by a link, hide nothing: replaced, or the build stops.
#[test]
fn invisible_and_compatibility_characters_hide_nothing() {
    let s = TestSite::new();
    s.file("config.toml", &format!("{}scripts = [\"hans\", \"hant\"]\n", common::CONFIG))
        .file("content/cases/_index.md", "+++\ntitle = \"典型案例\"\nkind = \"case\"\n+++\n")
        .file(
            "content/cases/a.md",
            "+++\ntitle = \"楼上漏水\"\ndispute = \"相邻关系纠纷\"\n[[parties]]\nname = \"郑海涛\"\nrole = \"申请人\"\n+++\n\n申请人郑\u{200E}海\u{200E}涛说话，电话138\u{200E}1234\u{200E}5678，身份证110105\u{200E}19880712\u{200E}3458。郑\u{FE0F}海\u{FE0F}涛、郑\u{202A}海\u{202C}涛、郑\u{E0101}海涛。[电话](tel:%31%33%39%31%32%33%34%35%36%37%38)\n",
        );
    s.build_ok();
    for (name, bytes) in common::all_output(&s.public()) {
        let text: String = String::from_utf8_lossy(&bytes)
            .chars()
            .filter(|&c| !matches!(c as u32, 0x200E | 0xFE0F | 0x202A | 0x202C | 0xE0101))
            .collect();
        for secret in [
            "郑海涛",
            "鄭海濤",
            "海涛",
            "13812345678",
            "110105198807123458",
            "%31%33%39",
        ] {
            assert!(!text.contains(secret), "{secret} in {name}");
        }
    }
    s.file(
        "content/cases/a.md",
        "+++\ntitle = \"楼上漏水\"\ndispute = \"相邻关系纠纷\"\n[[parties]]\nname = \"郑海涛\"\nrole = \"申请人\"\n+++\n\n申请人郑[\u{FA45}](https://x.example/)涛说楼上漏水。\n",
    );
    let err = s.build_err();
    assert!(err.contains("privacy audit"), "{err}");
}

/// A kept string is kept in the traditional copy too: an alias inside it (老吴 in 老吴调解室) is
/// no leak there either.
#[test]
fn a_kept_string_is_kept_in_the_traditional_copy() {
    let s = TestSite::new();
    s.file("config.toml", &format!("{}scripts = [\"hans\", \"hant\"]\n", common::CONFIG))
        .file("content/cases/_index.md", "+++\ntitle = \"典型案例\"\nkind = \"case\"\n+++\n")
        .file(
            "content/cases/a.md",
            "+++\ntitle = \"楼上漏水纠纷\"\ndispute = \"相邻关系纠纷\"\n[[parties]]\nname = \"吴大海\"\nrole = \"申请人\"\naliases = [\"老吴\"]\n[anonymize]\nkeep = [\"老吴调解室\"]\n+++\n\n吴大海来到老吴调解室反映楼上漏水。\n",
        );
    s.build_ok();
    assert!(s.read("zh-hant/cases/a/index.html").contains("老吳調解室"));
    assert!(s.read("cases/a/index.html").contains("吴某来到老吴调解室"));
}

/// Two files of a case whose names anonymize to one (海涛.txt and 郑海涛.txt are both 郑某.txt)
/// stop the build instead of one silently replacing the other.
#[test]
fn bundle_files_whose_names_anonymize_alike_are_an_error() {
    let s = case_site();
    s.file("content/cases/张建国漏水案/建国.txt", "说明一")
        .file("content/cases/张建国漏水案/张建国.txt", "说明二");
    let err = s.build_err();
    assert!(
        err.contains("are both published as `张某.txt` once their names are anonymized")
            && err.contains("rename one of them"),
        "{err}"
    );
    assert!(err.contains("content/cases/张建国漏水案/建国.txt"), "{err}");
}

/// A party's name in pinyin is replaced however it is written: given name first, with dots,
/// spaces, hyphens inside the given name, tone marks or numbers, digits after it, in the slug,
/// an alias path and an attachment's name.
#[test]
fn pinyin_spellings_of_a_party_are_replaced_however_written() {
    let s = TestSite::new();
    s.file("content/cases/_index.md", "+++\ntitle = \"典型案例\"\nkind = \"case\"\n+++\n")
        .file(
            "content/cases/a/index.md",
            "+++\ntitle = \"楼上漏水\"\nslug = \"hai-tao-zheng\"\naliases = [\"/o5/zhenghaitao1988/\"]\ndispute = \"相邻关系纠纷\"\n[[parties]]\nname = \"郑海涛\"\nrole = \"申请人\"\naliases = [\"老郑\"]\n+++\n\n![现场](/img/laozheng.jpg)\n\n## 说明 {#laozheng}\n\n郑海涛的账号是zhenghaitao1988，微博 https://weibo.com/zheng.haitao ，英文名 Zheng Hai-tao，拼音 Zhèng Hǎitāo，也写作 zheng4 hai3 tao1、Zheng, Haitao、zheng+haitao、ZHENG/HAITAO、zheng\nhaitao。附件见[说明](haitao.zheng.txt)。Carolina 与 Haitao 无关。\n",
        )
        .file("content/cases/a/haitao.zheng.txt", "说明。\n");
    s.build_ok();
    for (name, bytes) in common::all_output(&s.public()) {
        let text = String::from_utf8_lossy(&bytes).to_lowercase();
        for secret in [
            "zhenghaitao",
            "zheng.haitao",
            "zheng hai-tao",
            "zhèng hǎitāo",
            "zheng4 hai3",
            "haitao.zheng",
            "hai-tao-zheng",
            "laozheng",
            "zheng, haitao",
            "zheng+haitao",
            "zheng/haitao",
            "zheng\nhaitao",
        ] {
            assert!(!text.contains(secret), "{secret} in {name}");
            assert!(
                !name.to_lowercase().contains(secret),
                "{secret} in the name {name}"
            );
        }
    }
    let page = common::all_output(&s.public())
        .into_iter()
        .find(|(n, _)| {
            n.starts_with("cases/") && n.ends_with("/index.html") && n != "cases/index.html"
        })
        .map(|(_, b)| String::from_utf8_lossy(&b).into_owned())
        .unwrap_or_default();
    // A word that only holds a syllable stays; the given name spelled alone is the party.
    assert!(
        page.contains("Carolina 与 郑某 无关"),
        "words that only hold a syllable stay: {page}"
    );
}

/// Surnames read otherwise than their first dictionary reading (曾 zeng, 翟 zhai) and ü (吕: lv,
/// lu, lyu) are spelt as people spell them, in the text and in file names.
#[test]
fn pinyin_of_surnames_with_several_readings_is_replaced() {
    let s = TestSite::new();
    s.file("content/cases/_index.md", "+++\ntitle = \"典型案例\"\nkind = \"case\"\n+++\n")
        .file(
            "content/cases/zeng-haitao/index.md",
            "+++\ntitle = \"楼上漏水\"\ndispute = \"相邻关系纠纷\"\n[[parties]]\nname = \"曾海涛\"\nrole = \"申请人\"\n[[parties]]\nname = \"翟丽华\"\nrole = \"被申请人\"\n[[parties]]\nname = \"吕晓梅\"\nrole = \"证人\"\n+++\n\n曾海涛（微博 weibo.com/ZengHaitao1988）与翟丽华（邮箱前缀 zhai.lihua）发生纠纷，吕晓梅（lvxiaomei、Lu Xiaomei、lyu-xiaomei）作证。\n",
        )
        .file("content/cases/zeng-haitao/zhailihua-wechat.txt", "说明。\n");
    s.build_ok();
    for (name, bytes) in common::all_output(&s.public()) {
        let text = String::from_utf8_lossy(&bytes).to_lowercase();
        for secret in [
            "zenghaitao",
            "zeng-haitao",
            "zhai.lihua",
            "zhailihua",
            "lvxiaomei",
            "lu xiaomei",
            "lyu-xiaomei",
        ] {
            assert!(!text.contains(secret), "{secret} in {name}");
            assert!(
                !name.to_lowercase().contains(secret),
                "{secret} in the name {name}"
            );
        }
    }
}

/// APP0 and APP14 blocks of a case's JPEG stay only in their standard form: a JFXX extension or
/// a long Adobe block can carry any text.
#[test]
fn jpeg_app0_and_app14_blocks_carry_nothing_else() {
    let s = case_site();
    let mut b = vec![0xFF, 0xD8];
    jpeg_segment(0xE0, b"JFIF\0\x01\x01\0\0\x01\0\x01\0\0", &mut b);
    jpeg_segment(0xE0, "JFXX\0GPS 30.274N 拍摄者 老张".as_bytes(), &mut b);
    jpeg_segment(0xEE, "Adobe\0\x64\0\0\0\0\x01 李秀英".as_bytes(), &mut b);
    jpeg_segment(0xEE, b"Adobe\0\x64\0\0\0\0\x01", &mut b);
    jpeg_segment(0xDB, &[0u8; 65], &mut b);
    jpeg_segment(0xDA, &[1, 1, 0, 0, 63, 0], &mut b);
    b.extend([0x12, 0x34, 0x56, 0xFF, 0xD9]);
    s.bytes("content/cases/张建国漏水案/app.jpg", &b);
    s.build_ok();
    let out = std::fs::read(s.public().join("cases/张某漏水案/app.jpg")).unwrap();
    assert!(!holds(&out, b"GPS") && !holds(&out, "李秀英".as_bytes()) && !holds(&out, b"JFXX"));
    assert!(
        holds(&out, b"JFIF\0") && holds(&out, b"Adobe"),
        "the standard blocks stay"
    );
}

/// Character references as a browser reads them, in a case's HTML blocks and its bundle's HTML
/// attachment: leading zeros, no semicolon, HTML5's names of invisible characters. The
/// anonymizer reads them (the build succeeds and nothing decodes to the party), and a reference
/// inside a reference (an iframe's `srcdoc`) on any page fails the audit.
#[test]
fn character_references_are_read_as_browsers_read_them() {
    let s = case_site();
    let digits = |pad: &str, semi: &str| {
        "13912345678"
            .chars()
            .map(|c| format!("&#{pad}{}{semi}", c as u32))
            .collect::<String>()
    };
    let body = format!(
        "<p>甲&#0000024352;&#0000024314;&#0000022269;乙</p>\n\n<p>丙&#24352&#24314&#22269丁</p>\n\n<div title=\"&#x00000005F20;&#x5EFA;&#x56FD;\">t</div>\n\n<p>戊张&ZeroWidthSpace;建&NoBreak;国己</p>\n\n<p>电话{}</p>\n\n<p>手机{}</p>\n",
        digits("000000000", ";"),
        digits("", "")
    );
    s.file(
        "content/cases/c/index.md",
        &format!("+++\ntitle = \"引用\"\ndispute = \"相邻关系纠纷\"\n[[parties]]\nname = \"张建国\"\nrole = \"申请人\"\n+++\n\n张建国说，电话13912345678。\n\n{body}\n[附件](note.html)\n"),
    )
    .file(
        "content/cases/c/note.html",
        &format!("<html><body><p>&#24352&#24314&#22269 {}</p></body></html>", digits("", "")),
    );
    s.build_ok();
    let decode = |t: &str| {
        // Numeric references, any zeros, semicolon or not; the two invisible names.
        let mut out = String::new();
        let mut rest = t;
        while let Some(i) = rest.find("&#") {
            out.push_str(&rest[..i]);
            let r = &rest[i + 2..];
            let (hex, r) = match r.strip_prefix(['x', 'X']) {
                Some(h) => (true, h),
                None => (false, r),
            };
            let n = r
                .find(|c: char| {
                    !(if hex {
                        c.is_ascii_hexdigit()
                    } else {
                        c.is_ascii_digit()
                    })
                })
                .unwrap_or(r.len());
            let v = u32::from_str_radix(&r[..n], if hex { 16 } else { 10 }).unwrap_or(0);
            out.extend(char::from_u32(v));
            rest = r[n..].strip_prefix(';').unwrap_or(&r[n..]);
        }
        out.push_str(rest);
        out.replace("&ZeroWidthSpace;", "").replace("&NoBreak;", "")
    };
    for (name, bytes) in common::all_output(&s.public()) {
        let text = decode(&String::from_utf8_lossy(&bytes));
        for secret in ["张建国", "13912345678"] {
            assert!(!text.contains(secret), "{name} leaks {secret}");
        }
    }
    assert!(s.read("cases/c/index.html").contains("甲张某乙"));
    // A reference inside a reference, on a page nothing anonymizes: the audit reads both layers.
    s.file(
        "content/about.md",
        "+++\ntitle = \"关于\"\n+++\n\n<iframe srcdoc=\"&lt;p&gt;&amp;#24352;&amp;#24314;&amp;#22269;&lt;/p&gt;\"></iframe>\n",
    );
    let err = s.build_err();
    assert!(
        err.contains("privacy audit") && err.contains("张**"),
        "{err}"
    );
}

/// An SVG in a case's folder that declares an XML entity holding text (`&a;&b;` reads 张建国 to
/// any XML reader) is refused with its line; an editor's namespace entities are fine.
#[test]
fn xml_entities_holding_text_in_a_case_attachment_are_refused() {
    let s = case_site();
    let case = "+++\ntitle = \"图\"\ndispute = \"相邻关系纠纷\"\n[[parties]]\nname = \"张建国\"\nrole = \"申请人\"\n+++\n\n张建国画了图。\n\n![图](tree.svg)\n";
    s.file("content/cases/d/index.md", case).file(
        "content/cases/d/tree.svg",
        "<?xml version=\"1.0\"?>\n<!DOCTYPE svg [\n<!ENTITY a \"张建\"><!ENTITY b \"国\"><!ENTITY p \"1381234\">\n]>\n<svg xmlns=\"http://www.w3.org/2000/svg\"><text>&a;&b; &p;5678</text></svg>\n",
    );
    let err = s.build_err();
    assert!(
        err.contains("XML entity declaration") && err.contains("tree.svg:3:1"),
        "{err}"
    );
    s.file(
        "content/cases/d/tree.svg",
        "<?xml version=\"1.0\"?>\n<!DOCTYPE svg [\n<!ENTITY ns_svg \"http://www.w3.org/2000/svg\">\n]>\n<svg xmlns=\"&ns_svg;\"><text>张建国</text></svg>\n",
    );
    s.build_ok();
    let svg = s.read("cases/d/tree.svg");
    assert!(svg.contains("张某") && !svg.contains("张建国"), "{svg}");
}

/// A case subsection's folder name is its address in every link, the sitemap and the feeds: one
/// holding an address, a plate or a party's given name is an error naming the folder.
#[test]
fn a_case_sections_folder_name_holding_personal_information_is_refused() {
    let case = "+++\ntitle = \"漏水\"\ndispute = \"相邻关系纠纷\"\n[[parties]]\nname = \"郑海涛\"\nrole = \"申请人\"\n+++\n\n郑海涛家漏水。\n";
    for folder in ["幸福路18号3栋402室", "浙A12345", "海涛家"] {
        let s = case_site();
        s.file(
            &format!("content/cases/{folder}/_index.md"),
            "+++\ntitle = \"系列\"\n+++\n介绍。\n",
        )
        .file(&format!("content/cases/{folder}/a.md"), case);
        let err = s.build_err();
        assert!(
            err.contains("the folders of this case section") && err.contains("rename the folder"),
            "{folder}: {err}"
        );
    }
    let s = case_site();
    s.file(
        "content/cases/2024/_index.md",
        "+++\ntitle = \"2024年\"\n+++\n",
    )
    .file("content/cases/2024/a.md", case);
    s.build_ok();
}

/// An address a case removed is audited on every other page, in text and in file names, as its
/// numbers are; a bare building and room (3栋402室) is in too many places to count, and a kept
/// address (the office's) may stand anywhere.
#[test]
fn a_removed_address_is_audited_on_other_pages_and_in_file_names() {
    let s = case_site();
    s.file(
        "content/cases/e.md",
        "+++\ntitle = \"地址\"\ndispute = \"相邻关系纠纷\"\n[[parties]]\nname = \"郑海涛\"\nrole = \"申请人\"\n+++\n\n郑海涛住幸福路18号3栋402室，楼下住3栋302室。\n",
    )
    .file("content/about.md", "+++\ntitle = \"关于\"\n+++\n\n本站在3栋302室。中心在新幸福路18号3栋402室，老邮局在东幸福路18号3栋402室。\n");
    s.build_ok();
    s.file(
        "content/about.md",
        "+++\ntitle = \"关于\"\n+++\n\n地址：幸福路18号3栋402室。\n",
    );
    let err = s.build_err();
    assert!(
        err.contains("详细地址") && err.contains("about/index.html"),
        "{err}"
    );
    s.file(
        "content/about.md",
        "+++\ntitle = \"关于\"\n+++\n\n见附图。\n",
    )
    .bytes("static/uploads/幸福路18号3栋402室.png", b"\x89PNG");
    let err = s.build_err();
    assert!(
        err.contains("详细地址") && err.contains("uploads/"),
        "{err}"
    );
    // Kept in config.toml, the office's address may be given anywhere.
    std::fs::remove_file(s.root().join("static/uploads/幸福路18号3栋402室.png")).unwrap();
    s.file(
        "config.toml",
        &format!(
            "{}[anonymize]\nkeep = [\"幸福路18号3栋402室\"]\n",
            common::CONFIG
        ),
    )
    .file(
        "content/about.md",
        "+++\ntitle = \"关于\"\n+++\n\n地址：幸福路18号3栋402室。\n",
    );
    s.build_ok();
}

/// An image lying in a case section's folder (no case's bundle) is published under its name: a
/// name holding a party's given name or alias, an address, a plate or a phone is an error.
#[test]
fn a_loose_file_named_with_personal_information_in_a_case_section_is_refused() {
    let s = case_site();
    s.file(
        "content/cases/f.md",
        "+++\ntitle = \"图\"\ndispute = \"相邻关系纠纷\"\n[[parties]]\nname = \"郑海涛\"\nrole = \"申请人\"\naliases = [\"老郑\"]\n+++\n\n郑海涛家漏水，物业经理王力说已经修好。\n",
    );
    let png = png_with_text("Comment", "x");
    for name in [
        "海涛家.png",
        "老郑.png",
        "幸福路18号3栋402室.png",
        "浙A12345.png",
        "0571-88886666.png",
        "王力.png",
    ] {
        s.bytes(&format!("content/cases/{name}"), &png);
        let err = s.build_err();
        assert!(
            err.contains("name of this file in a case section") && err.contains(name),
            "{name}: {err}"
        );
        std::fs::remove_file(s.root().join("content/cases").join(name)).unwrap();
    }
    s.bytes("content/cases/photo-1.png", &png);
    s.build_ok();
}

/// `[extra]` values a template prints: a key that labels its value (qq, tel, wx, phone…) makes
/// the anonymizer read the value as labelled, numbers included; other values stay as written.
#[test]
fn extra_values_are_read_with_the_label_their_key_gives() {
    let s = case_site();
    s.file(
        "content/cases/g.md",
        "+++\ntitle = \"附加\"\ndispute = \"相邻关系纠纷\"\n[[parties]]\nname = \"郑海涛\"\nrole = \"申请人\"\n[extra]\nqq = \"987654321\"\ntel = \"88886666\"\nwx = \"zht_1988\"\nclaim = 50000\nvideo = \"v12345678\"\nnote = \"调解成功\"\nid = \"case-2024-015\"\nvideo_id = \"BV1GJ411x7h7\"\ntel_office = \"0571-86001234\"\ngallery_id = 7\n+++\n\n郑海涛家漏水。\n",
    )
    .file(
        "templates/case.html",
        "{% if page.extra.qq %}<p>{{ page.extra.qq }}|{{ page.extra.tel }}|{{ page.extra.wx }}|{{ page.extra.claim + 1 }}|{{ page.extra.video }}|{{ page.extra.note }}|{{ page.extra.id }}|{{ page.extra.video_id }}|{{ page.extra.tel_office }}|{{ page.extra.gallery_id + 1 }}</p>{% endif %}",
    );
    s.build_ok();
    let page = s.read("cases/g/index.html");
    // Numbers stay numbers (a template adds to them); an id, a video's and an office's contact
    // are no person's.
    assert!(
        page.contains("<p>〔QQ号已隐去〕|〔固定电话已隐去〕|〔微信号已隐去〕|50001|v12345678|调解成功|case-2024-015|BV1GJ411x7h7|0571-86001234|8</p>"),
        "{page}"
    );
    // A number that reads as a contact is an error: it would be printed as written.
    s.file(
        "content/cases/g.md",
        "+++\ntitle = \"附加\"\ndispute = \"相邻关系纠纷\"\n[[parties]]\nname = \"郑海涛\"\nrole = \"申请人\"\n[extra]\nqq = 987654321\n+++\n\n郑海涛家漏水。\n",
    );
    let err = s.build_err();
    assert!(
        err.contains("[extra] number") && err.contains("`qq`"),
        "{err}"
    );
}

/// A party called by surname and title (鲁师傅) or whose two-character name is an ordinary word
/// (高明, 方圆) is audited where the case is, like a given name: an article's 物业的鲁师傅 or
/// 手段越来越高明，方圆五公里 builds; the case's own page may not hold them.
#[test]
fn common_word_names_and_titles_are_audited_where_their_case_is() {
    let s = case_site();
    s.file(
        "content/cases/h.md",
        "+++\ntitle = \"维修纠纷\"\ndispute = \"物业纠纷\"\n[[parties]]\nname = \"鲁大海\"\nrole = \"申请人\"\naliases = [\"鲁师傅\"]\n[[parties]]\nname = \"高明\"\nrole = \"被申请人\"\n[[parties]]\nname = \"方圆\"\nrole = \"第三人\"\n+++\n\n鲁师傅与高明、方圆因维修费发生争执。\n",
    )
    .file(
        "content/about.md",
        "+++\ntitle = \"防骗提示\"\n+++\n\n骗子的手段越来越高明，方圆五公里内已有多起。水电维修请找物业的鲁师傅。\n",
    );
    s.build_ok();
    let case = s.read("cases/h/index.html");
    for name in ["鲁师傅", "高明", "方圆", "鲁大海"] {
        assert!(!case.contains(name), "{name}: {case}");
    }
    assert!(s.read("about/index.html").contains("越来越高明"));
}

/// A two-character name one case found (物业经理王力说) is replaced in another case where it stands
/// as a name (王力又来了), not where it starts another person's longer name (王力宏的演唱会).
#[test]
fn a_found_two_character_name_is_not_cut_out_of_a_longer_name_elsewhere() {
    let s = case_site();
    s.file(
        "content/cases/i.md",
        "+++\ntitle = \"物业费\"\ndispute = \"物业纠纷\"\n[[parties]]\nname = \"孙大勇\"\nrole = \"申请人\"\n+++\n\n孙大勇拒交物业费，物业经理王力说已多次催缴。\n",
    )
    .file(
        "content/cases/j.md",
        "+++\ntitle = \"门票\"\ndispute = \"消费纠纷\"\n[[parties]]\nname = \"钱小红\"\nrole = \"申请人\"\n+++\n\n钱小红购买了王力宏的演唱会门票。后来王力又来了。王力明确表示会处理，王力亲自上门，王力平时很少露面。\n",
    );
    s.build_ok();
    assert!(s.read("cases/i/index.html").contains("物业经理王某说"));
    let j = s.read("cases/j/index.html");
    assert!(
        j.contains("王力宏的演唱会") && j.contains("后来王某又来了"),
        "{j}"
    );
    // Before a word (明确, 亲自, 平时) it is the name all the same.
    assert!(
        j.contains("王某明确表示") && j.contains("王某亲自") && j.contains("王某平时"),
        "{j}"
    );
}

/// A party declaration a case section's page cannot use either is reported once, at the case
/// that declares it, not also at a line of the section's file.
#[test]
fn a_bad_party_declaration_is_reported_at_its_case_only() {
    let s = case_site();
    s.file(
        "content/cases/_index.md",
        "+++\ntitle = \"典型案例\"\nkind = \"case\"\n+++\n海边的故事。\n",
    )
    .file(
        "content/cases/k.md",
        "+++\ntitle = \"漏水\"\ndispute = \"相邻关系纠纷\"\n[[parties]]\nname = \"海\"\nrole = \"申请人\"\n+++\n\n海家漏水。\n",
    );
    let err = s.build_err();
    assert!(err.contains("content/cases/k.md:4:1"), "{err}");
    assert!(!err.contains("_index.md"), "{err}");
}

/// A given name spelled in pinyin alone (HaiTao, haitao1988 right after Chinese text) names the
/// party as its characters do: replaced in every field, tags and alias paths included.
#[test]
fn a_given_name_in_pinyin_is_replaced() {
    let s = case_site();
    s.file(
        "content/cases/l.md",
        "+++\ntitle = \"网名\"\ndispute = \"相邻关系纠纷\"\naliases = [\"/old/HaiTao/\"]\ntags = [\"Haitao\"]\ndescription = \"HaiTao与邻居\"\n[[parties]]\nname = \"郑海涛\"\nrole = \"申请人\"\n+++\n\n郑海涛，网名haitao1988，与邻居发生纠纷。\n",
    );
    s.build_ok();
    for (name, bytes) in common::all_output(&s.public()) {
        let text = String::from_utf8_lossy(&bytes).to_lowercase();
        assert!(
            !text.contains("haitao") && !name.to_lowercase().contains("haitao"),
            "{name}"
        );
    }
    // Carolina holds no lina: a longer Latin word is not the name.
    s.file(
        "content/cases/l.md",
        "+++\ntitle = \"网名\"\ndispute = \"相邻关系纠纷\"\n[[parties]]\nname = \"郑海涛\"\nrole = \"申请人\"\n+++\n\n郑海涛喜欢Shanghaitaoist这个词。\n",
    );
    s.build_ok();
    assert!(s.read("cases/l/index.html").contains("Shanghaitaoist"));
}

/// `[extra]` keys holding an e-mail address, a long number or a given name's pinyin are refused,
/// and so are numbers, floats too, that read as a contact.
#[test]
fn extra_keys_with_contacts_and_float_values_are_handled() {
    let s = case_site();
    let case = |extra: &str| {
        format!(
            "+++\ntitle = \"附加\"\ndispute = \"相邻关系纠纷\"\n[[parties]]\nname = \"郑海涛\"\nrole = \"申请人\"\n[extra]\n{extra}\n+++\n\n郑海涛家漏水。\n"
        )
    };
    for extra in [
        "\"kwj2024@163.com\" = \"mail\"",
        "haitao = 1",
        "n13912345678 = 1",
    ] {
        s.file("content/cases/m.md", &case(extra));
        let err = s.build_err();
        assert!(err.contains("[extra] key"), "{extra}: {err}");
    }
    for extra in [
        "qq = 987654321.0",
        "inline = { phone = 88886666.0 }",
        "mobile = 13912345678",
    ] {
        s.file("content/cases/m.md", &case(extra));
        let err = s.build_err();
        assert!(err.contains("[extra] number"), "{extra}: {err}");
    }
    s.file(
        "content/cases/m.md",
        &case("ratio = 0.5\nbudget = 35000000"),
    );
    s.build_ok();
}

/// A name hidden from a reader's eye but not from a browser's: written by a script's
/// String.fromCharCode or unescape('%u…'), or percent-escaped in GBK. The audit reads them.
#[test]
fn names_a_script_or_a_gbk_link_would_show_are_caught() {
    let s = case_site();
    s.build_ok();
    for body in [
        "<script>document.write(String.fromCharCode(24352,24314,22269))</script>",
        "<script>document.write(unescape('%u5F20%u5EFA%u56FD'))</script>",
        "[微博](https://weibo.com/%D5%C5%BD%A8%B9%FA)",
    ] {
        s.file(
            "content/about.md",
            &format!("+++\ntitle = \"关于\"\n+++\n\n{body}\n"),
        );
        let err = s.build_err();
        assert!(
            err.contains("privacy audit") && err.contains("张**"),
            "{body}: {err}"
        );
    }
}

/// Shortcodes run on the anonymized text: what a case passes them (arguments, bodies) reaches
/// the page, its traditional copy, the search index and the feeds anonymized; what a shortcode's
/// template adds is audited like any template output.
#[test]
fn shortcode_arguments_and_bodies_of_a_case_are_anonymized_everywhere() {
    let s = case_site();
    s.file(
        "config.toml",
        &format!("scripts = [\"hans\", \"hant\"]\n{}", common::CONFIG),
    )
    .file("templates/shortcodes/quote.html", "<blockquote class=\"q\">{{ who }}：{{ body }}</blockquote>")
    .file(
        "content/cases/sc.md",
        "+++\ntitle = \"短代码案例\"\ndate = 2024-05-02\ndispute = \"相邻关系纠纷\"\n[[parties]]\nname = \"张建国\"\nrole = \"申请人\"\naliases = [\"老张\"]\n[[parties]]\nname = \"李秀英\"\nrole = \"被申请人\"\n+++\n\n{% tip(title=\"张建国的说明\") %}\n李秀英的电话是13812345678，老张同意。\n{% end %}\n\n{% quote(who=\"李秀英\") %}\n张建国家漏水\n{% end %}\n\n{{ figure(src=\"a.jpg\", alt=\"张建国在现场\", caption=\"李秀英（身份证11010519491231002X）\") }}\n\n{% qa(q=\"张建国能否要求赔偿？\") %}\n可以，老张有权要求。\n{% end %}\n",
    );
    s.build_ok();
    let page = s.read("cases/sc/index.html");
    assert!(
        page.contains("<p class=\"tip-title\">张某的说明</p>"),
        "{page}"
    );
    assert!(
        page.contains("<blockquote class=\"q\">李某：张某家漏水</blockquote>"),
        "{page}"
    );
    assert!(page.contains("alt=\"张某在现场\""), "{page}");
    assert!(
        page.contains("<summary>张某能否要求赔偿？</summary>"),
        "{page}"
    );
    let secrets: Vec<String> = SECRETS
        .iter()
        .flat_map(|x| [x.to_lowercase(), pufa::s2t::convert(x).to_lowercase()])
        .collect();
    let mut secrets = secrets;
    // No placeholder of an HTML shortcode is left either.
    secrets.push("\u{FDD0}".into());
    assert_nothing_holds(&s, &secrets);
    assert!(s.read("zh-hant/cases/sc/index.html").contains("張某的說明"));
}

#[test]
fn a_shortcode_template_that_writes_a_party_name_fails_the_audit() {
    let s = case_site();
    s.build_ok();
    let before = common::all_output(&s.public());
    s.file("templates/shortcodes/sig.html", "<p>经办：张建国</p>")
        .file(
            "content/cases/sig.md",
            "+++\ntitle = \"签名\"\ndispute = \"相邻关系纠纷\"\n[[parties]]\nname = \"王桂兰\"\nrole = \"申请人\"\n+++\n王桂兰到场。\n\n{{ sig() }}\n",
        );
    let err = s.build_err();
    assert!(
        err.contains("privacy audit") && err.contains("cases/sig/index.html"),
        "{err}"
    );
    assert_eq!(before, common::all_output(&s.public()), "old output kept");
}

/// The anonymizer reads a case with its calls in it, so a call between two pieces of text would
/// join them, when it runs, into something it never saw (`0571-8888{{ e() }}6666`, 老{{ e() }}张):
/// in an anonymized page every call must be a block of its own.
#[test]
fn a_shortcode_call_inside_a_cases_text_is_an_error() {
    let s = case_site();
    s.file("templates/shortcodes/e.html", "")
        .file(
            "content/cases/join.md",
            "+++\ntitle = \"拼接\"\ndispute = \"相邻关系纠纷\"\n[[parties]]\nname = \"王桂兰\"\nrole = \"申请人\"\n+++\n王桂兰的座机0571-8888{{ e() }}6666。\n\n{% tip() %}正文{% end %}\n",
        );
    let err = s.build_err();
    assert!(
        err.contains("shortcode `e` is not a block of its own")
            && err.contains("content/cases/join.md:8:16"),
        "{err}"
    );
    assert!(
        err.contains("shortcode `tip` is not a block of its own")
            && err.contains("content/cases/join.md:10:1"),
        "{err}"
    );
    assert!(!s.public().exists(), "nothing written");
}

/// A template may print arguments side by side (`{{ a }}{{ b }}`), joining what the anonymizer
/// saw apart: a case's shortcode output is anonymized as the case's text.
#[test]
fn what_a_shortcode_joins_in_a_case_is_anonymized() {
    let s = case_site();
    s.file(
        "templates/shortcodes/kv.html",
        "<p class=\"kv\">{{ x }}{{ y }}的座机：{{ a }}{{ b }}，微信号：{{ w1 }}{{ w2 }}</p>",
    )
    .file(
        "content/cases/kv.md",
        "+++\ntitle = \"联系方式\"\ndispute = \"相邻关系纠纷\"\n[[parties]]\nname = \"王桂兰\"\nrole = \"申请人\"\n+++\n王桂兰到场。\n\n{{ kv(x=\"王桂\", y=\"兰\", a=\"0571-8888\", b=\"6666\", w1=\"wgl\", w2=\"_1988\") }}\n\n座机0571-8888\u{FDD0}6666 已核实。\n",
    );
    s.build_ok();
    let page = s.read("cases/kv/index.html");
    assert!(page.contains("<p class=\"kv\">"), "{page}");
    assert_nothing_holds(&s, &["88886666", "wgl_1988", "王桂兰"]);
    // A noncharacter in the text is no placeholder: it never vanishes to join a number.
    assert!(
        page.contains("0571-8888\u{FFFD}6666") || !page.contains("8888"),
        "{page}"
    );
}

#[test]
fn a_case_sections_own_text_cannot_call_shortcodes() {
    let s = case_site();
    s.file(
        "content/cases/_index.md",
        "+++\ntitle = \"典型案例\"\nkind = \"case\"\n+++\n本栏目收录：\n\n{% tip() %}\n老张的故事\n{% end %}\n",
    );
    let err = s.build_err();
    assert!(
        err.contains("shortcode `tip` in a case section's own text")
            && err.contains("content/cases/_index.md:7:1"),
        "{err}"
    );
}

/// The `markdown` filter resolves internal links: one left as written would publish its source
/// path, a case's file name.
#[test]
fn the_markdown_filter_resolves_internal_links_or_fails() {
    let s = case_site();
    s.file(
        "templates/shortcodes/md.html",
        "<div class=\"md\">{{ text | markdown(inline=true) | safe }}</div>",
    )
    .file(
        "content/notes.md",
        "+++\ntitle = \"说明\"\n+++\n{{ md(text=\"见[另案](@/cases/_index.md)\") }}\n",
    );
    s.build_ok();
    assert!(
        s.read("notes/index.html").contains(
            "<div class=\"md\">见<a href=\"https://t.example.org/cases/\">另案</a></div>"
        )
    );
    s.file(
        "content/notes.md",
        "+++\ntitle = \"说明\"\n+++\n{{ md(text=\"见[另案](@/cases/zhangjianguo.md)\") }}\n",
    );
    let err = s.build_err();
    assert!(
        err.contains("internal link `@/cases/zhangjianguo.md` leads to no page"),
        "{err}"
    );
}

/// RSS feeds (`feed_filenames`) are another output path: made from the anonymized pages too.
#[test]
fn no_secret_reaches_the_rss_feeds() {
    let s = case_site();
    s.file(
        "config.toml",
        &format!(
            "feed_filenames = [\"atom.xml\", \"rss.xml\"]\n{}",
            common::CONFIG
        ),
    );
    s.build_ok();
    let rss = s.read("cases/rss.xml");
    assert!(rss.contains("张某与李某的漏水纠纷"), "{rss}");
    assert_nothing_holds(&s, SECRETS);
}

/// An internal link's target is a source path, never published (the link becomes the target's
/// anonymized URL): the anonymizer leaves it, or a case linking to a file named after its party
/// (`@/cases/zhangjianguo.md`) would link to nothing.
#[test]
fn an_internal_link_to_a_file_named_after_a_party_resolves() {
    let s = case_site();
    s.file(
        "content/cases/zhangjianguo.md",
        "+++\ntitle = \"再审\"\ndispute = \"相邻关系纠纷\"\n[[parties]]\nname = \"张建国\"\nrole = \"申请人\"\n+++\n## 调解结果\n\n张建国同意。见[本案结果](@/cases/zhangjianguo.md#调解结果)和[首页](@/_index.md)。\n",
    )
    .file("content/_index.md", "+++\ntitle = \"首页\"\n+++\n");
    s.build_ok();
    let out = s.outputs();
    let page = out
        .iter()
        .find(|f| f.ends_with("/index.html") && s.read(f).contains("<title>再审"))
        .cloned()
        .expect("case page");
    let html = s.read(&page);
    // As pulldown-cmark writes an href: non-ASCII bytes percent-encoded.
    let encode = |t: &str| -> String {
        t.bytes()
            .map(|b| {
                if b.is_ascii() {
                    (b as char).to_string()
                } else {
                    format!("%{b:02X}")
                }
            })
            .collect()
    };
    let url = encode(&format!(
        "https://t.example.org/{}#调解结果",
        page.trim_end_matches("index.html")
    ));
    assert!(
        html.contains(&format!("见<a href=\"{url}\"")),
        "{url}: {html}"
    );
    assert_nothing_holds(&s, SECRETS);
}

/// Files lying in a case section's subfolders (no case's bundle) are published under their
/// paths: every folder's name and the file's are checked, also run together (张/建/国.png).
/// Files beside a case in a folder of a plain section cannot be anonymized at all: an error.
#[test]
fn loose_files_below_a_case_section_or_beside_a_case_are_checked() {
    for (path, ok) in [
        ("content/cases/sub/13812345678.png", false),
        ("content/cases/sub/老张.png", false),
        ("content/cases/老张/x.png", false),
        ("content/cases/张/建/国.png", false),
        ("content/cases/2024/photo-1.png", true),
        ("content/stories/laozhang/x.png", false),
        ("content/stories/other/y.png", true),
    ] {
        let s = case_site();
        s.file(
            "content/stories/laozhang/a.md",
            "+++\ntitle = \"故事\"\nkind = \"case\"\ndispute = \"相邻关系纠纷\"\n[[parties]]\nname = \"王桂兰\"\nrole = \"申请人\"\n+++\n王桂兰说。\n",
        )
        .bytes(path, b"\x89PNG\r\n\x1a\n");
        let out = s.cmd().arg("build").output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.success(), ok, "{path}: {err}");
    }
}

/// A shortcode's output is read after the text before the call: a label there (微信号：) names
/// the value the output holds. Calls in a row stay apart on screen (each output a block).
#[test]
fn a_shortcode_output_is_read_with_the_label_before_it_and_kept_apart() {
    let s = case_site();
    s.file("templates/shortcodes/e.html", "<span class=\"e\">{{ v }}</span>")
        .file(
            "content/cases/label.md",
            "+++\ntitle = \"标签\"\ndispute = \"相邻关系纠纷\"\n[[parties]]\nname = \"王桂兰\"\nrole = \"申请人\"\n+++\n王桂兰的微信号：\n\n{{ e(v=\"wgl_1988\") }}\n\n号码分三段：\n\n{{ e(v=\"138\") }}\n\n{{ e(v=\"1234\") }}\n",
        );
    s.build_ok();
    let page = s.read("cases/label/index.html");
    assert!(!page.contains("wgl_1988"), "{page}");
    assert!(
        page.contains("<div class=\"shortcode\"><span class=\"e\">138</span></div>\n<div class=\"shortcode\"><span class=\"e\">1234</span></div>"),
        "{page}"
    );
}

/// The folders above an anonymized page are its address: a name or number in them, whole or
/// split over folders, fails the build — above a case section and above a plain section holding
/// a case alike. A name split over the folders of a static file is read run together.
#[test]
fn folders_above_a_case_holding_a_name_or_number_fail_the_build() {
    let case = "+++\ntitle = \"漏水\"\nkind = \"case\"\ndispute = \"相邻关系纠纷\"\n[[parties]]\nname = \"李秀兰\"\nrole = \"申请人\"\n+++\n李秀兰家漏水。\n";
    for (section, page) in [
        (
            "content/李/秀/兰/cases/_index.md",
            "content/李/秀/兰/cases/a.md",
        ),
        (
            "content/138/1234/5678/c2/_index.md",
            "content/138/1234/5678/c2/a.md",
        ),
        (
            "content/stories/xiulan/sub/_index.md",
            "content/stories/xiulan/sub/x/index.md",
        ),
        (
            "content/li/xiu/lan/sub/_index.md",
            "content/li/xiu/lan/sub/y.md",
        ),
    ] {
        let s = TestSite::new();
        let kind = if section.contains("cases") || section.contains("c2") {
            "kind = \"case\"\n"
        } else {
            ""
        };
        s.file(section, &format!("+++\ntitle = \"栏目\"\n{kind}+++\n"))
            .file(page, &case.replace("13812345678", ""));
        let out = s.cmd().arg("build").output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{section}: built");
        assert!(err.contains("folder"), "{section}: {err}");
    }
    // A static file's folders spelling a declared name run together.
    let s = case_site();
    s.bytes("static/photos/张/建/国.png", b"x");
    let err = s.build_err();
    assert!(
        err.contains("photos/张/建/国.png") || err.contains("its file name contains"),
        "{err}"
    );
}

/// A shortcode joining a name another case found is anonymized with that name too.
#[test]
fn a_shortcode_joining_a_name_another_case_found_is_anonymized() {
    let s = case_site();
    s.file("templates/shortcodes/j.html", "<span class=\"j\">{{ a }}{{ b }}</span>")
        .file(
            "content/cases/b.md",
            "+++\ntitle = \"乙案\"\ndispute = \"相邻关系纠纷\"\n[[parties]]\nname = \"王桂兰\"\nrole = \"申请人\"\n+++\n王桂兰说，邻居柯文杰说过这事。\n",
        )
        .file(
            "content/cases/c.md",
            "+++\ntitle = \"丙案\"\ndispute = \"相邻关系纠纷\"\n[[parties]]\nname = \"赵六顺\"\nrole = \"申请人\"\n+++\n赵六顺到场。\n\n{{ j(a=\"柯\", b=\"文杰\") }}\n",
        );
    s.build_ok();
    assert_nothing_holds(&s, &["柯文杰"]);
}

/// A file a case links to by a relative path (`../img/建国.png`) is published as it is: its name
/// may not hold the case's given name, as for one linked by a site path.
#[test]
fn a_file_a_case_links_to_relatively_is_checked_like_one_linked_absolutely() {
    let s = TestSite::new();
    s.file(
        "content/stories/sub/a.md",
        "+++\ntitle = \"故事\"\n[[parties]]\nname = \"张建国\"\nrole = \"当事人\"\n+++\n张建国的照片：![图](../img/建国.png)\n",
    )
    .bytes("content/stories/img/建国.png", b"\x89PNG\r\n\x1a\n");
    let err = s.build_err();
    assert!(
        err.contains("stories/img/建国.png") || err.contains("its file name contains"),
        "{err}"
    );
}

/// A label ending one paragraph labels the number opening the next (`QQ号：⏎⏎…`), and a label
/// in brackets after a number or handle labels it (`…（QQ）`, `…（微信）`), as a reader takes
/// them: the number is removed from the page and from every copy of its text.
#[test]
fn a_label_across_a_blank_line_or_after_the_number_labels_it() {
    let s = TestSite::new();
    s.file("config.toml", "title = \"t\"\nbase_url = \"https://x.org\"\nscripts = [\"hans\", \"hant\"]\n")
        .file("content/cases/_index.md", "+++\ntitle = \"典型案例\"\nkind = \"case\"\n+++\n")
        .file(
            "content/cases/a.md",
            "+++\ntitle = \"甲案\"\ndispute = \"相邻关系纠纷\"\n[[parties]]\nname = \"王桂兰\"\nrole = \"申请人\"\n+++\n王桂兰留下的联系方式如下。QQ号：\n\n385926174\n\n微信号：\n\n   \n\nwgl_1968\n\n她丈夫的联系方式：472915836（QQ）、hjm_1966（微信）。\n",
        );
    s.build_ok();
    assert!(s.read("cases/a/index.html").contains("〔QQ号已隐去〕"));
    assert_nothing_holds(
        &s,
        &["385926174", "wgl_1968", "472915836", "hjm_1966", "王桂兰"],
    );
}

/// With Zola's `bottom_footnotes` a case's note ids are numbers, never its labels, and with
/// `render_emoji` a keycap emoji (`:one:` → 1️⃣) stays as written in a case: it would spell a
/// digit inside a number the anonymizer read as something else.
#[test]
fn footnote_labels_and_keycap_emoji_in_a_case() {
    let s = TestSite::new();
    s.file(
        "config.toml",
        "title = \"t\"\nbase_url = \"https://x.org\"\n[markdown]\nbottom_footnotes = true\nrender_emoji = true\n",
    )
    .file("content/cases/_index.md", "+++\ntitle = \"典型案例\"\nkind = \"case\"\n+++\n")
    .file(
        "content/cases/a.md",
        "+++\ntitle = \"甲案\"\ndispute = \"相邻关系纠纷\"\n[[parties]]\nname = \"王桂兰\"\nrole = \"申请人\"\n+++\n王桂兰说明了情况[^wangguilan]，电话138:one:2345678 :smile:\n\n[^wangguilan]: 王桂兰的说明。\n",
    );
    s.build_ok();
    let html = s.read("cases/a/index.html");
    assert!(
        html.contains("id=\"fn-1\"") && html.contains("😄"),
        "{html}"
    );
    assert!(!html.contains("1\u{fe0f}\u{20e3}"), "{html}");
    assert_nothing_holds(&s, &["王桂兰", "wangguilan", "13812345678"]);
}

/// Numbers that name a person or a household after their label, a number's tail, and a bank
/// card followed by 户名 leave no digit in any output file.
#[test]
fn labelled_personal_numbers_and_tails_are_removed() {
    let s = TestSite::new();
    s.file("content/cases/_index.md", "+++\ntitle = \"典型案例\"\nkind = \"case\"\n+++\n")
        .file(
            "content/cases/a.md",
            "+++\ntitle = \"甲案\"\ndispute = \"劳务纠纷\"\n[[parties]]\nname = \"王桂兰\"\nrole = \"申请人\"\n+++\n王桂兰的工号：A1023456，孩子学号：2021031507，电费户号：3301234567，B站UID：35827164，游戏账号：wgl1968。她手机号13687120934，短信发到尾号0934的手机上。转账到卡号6222 0252 6018 1590 832 户名王桂兰。结婚证字号J610113-1978-004512。\n",
        );
    s.build_ok();
    assert!(s.read("cases/a/index.html").contains("〔编号已隐去〕"));
    assert_nothing_holds(
        &s,
        &[
            "A1023456",
            "2021031507",
            "3301234567",
            "35827164",
            "wgl1968",
            "0934",
            "590 832",
            "J610113",
            "王桂兰",
        ],
    );
}

/// A neighbour's title shown in a case's previous/next links is the neighbour's card: a word in
/// it that is this case's given name (国庆节 beside 王国庆) does not fail the build, while the
/// given name anywhere else on the page still does.
#[test]
fn a_neighbours_title_on_a_cases_own_page_is_the_neighbours() {
    let case = |name: &str, title: &str, date: &str, body: &str| {
        format!(
            "+++\ntitle = \"{title}\"\ndate = {date}\ndispute = \"物业纠纷\"\n[[parties]]\nname = \"{name}\"\nrole = \"申请人\"\n+++\n{body}\n"
        )
    };
    let s = TestSite::new();
    s.file(
        "content/cases/_index.md",
        "+++\ntitle = \"典型案例\"\nkind = \"case\"\n+++\n",
    )
    .file(
        "content/cases/a.md",
        &case("王国庆", "楼上漏水纠纷", "2024-01-01", "王国庆家漏水。"),
    )
    .file(
        "content/cases/c.md",
        &case(
            "赵立新",
            "国庆节后物业费纠纷",
            "2024-10-09",
            "赵立新与物业发生纠纷。",
        ),
    );
    s.build_ok();
    let a = s.read("cases/a/index.html");
    assert!(
        a.contains("国庆节后物业费纠纷") && a.contains("王某"),
        "{a}"
    );
    assert_nothing_holds(&s, &["王国庆", "赵立新"]);

    // The case's given name in its own page's template text still fails.
    s.file(
        "templates/case.html",
        "{% extends \"page_layout.html\" %}{% block content %}<p>国庆</p>{{ page.content | safe }}{% endblock %}",
    );
    let err = s.build_err();
    assert!(err.contains("would leak 国*"), "{err}");
}

/// A company's credit code that happens to pass the bank-card check and an 11-digit amount of
/// money are no leaks: an article with them builds beside a case, and a case keeps them.
#[test]
fn a_company_code_and_a_large_amount_are_not_numbers_to_remove() {
    let s = TestSite::new();
    s.file("content/cases/_index.md", "+++\ntitle = \"典型案例\"\nkind = \"case\"\n+++\n")
        .file(
            "content/cases/a.md",
            "+++\ntitle = \"甲案\"\ndispute = \"消费纠纷\"\n[[parties]]\nname = \"潘桂香\"\nrole = \"申请人\"\n+++\n潘桂香投诉的商家统一社会信用代码：914101058587868264，涉案金额15000000000元。\n",
        )
        .file(
            "content/articles/a.md",
            "+++\ntitle = \"数字\"\n+++\n统一社会信用代码：914101058587868264。全区生产总值18600000000元。\n",
        );
    s.build_ok();
    let case = s.read("cases/a/index.html");
    assert!(
        case.contains("914101058587868264") && case.contains("15000000000元"),
        "{case}"
    );
    assert_nothing_holds(&s, &["潘桂香"]);
}

/// A case that writes about data: URIs (`data:image/png;base64,` with nothing after the comma)
/// holds no data: it builds, and the text stays.
#[test]
fn a_data_uri_prefix_written_as_text_is_text() {
    let s = TestSite::new();
    s.file("content/cases/_index.md", "+++\ntitle = \"典型案例\"\nkind = \"case\"\n+++\n")
        .file(
            "content/cases/a.md",
            "+++\ntitle = \"甲案\"\ndispute = \"相邻关系纠纷\"\n[[parties]]\nname = \"潘桂香\"\nrole = \"申请人\"\n+++\n潘桂香说，以 data:image/png;base64, 开头的文字是内嵌图片，data:text/html;base64, 也是。\n",
        );
    s.build_ok();
    assert!(
        s.read("cases/a/index.html")
            .contains("data:image/png;base64, 开头")
    );
}

/// The school a child in a case attends, with grade and class, is not published (the law on
/// minors forbids it); an article about the same school builds beside the case.
#[test]
fn a_childs_school_and_class_are_removed_from_a_case() {
    let s = TestSite::new();
    s.file("content/cases/_index.md", "+++\ntitle = \"典型案例\"\nkind = \"case\"\n+++\n")
        .file(
            "content/cases/a.md",
            "+++\ntitle = \"抚养费纠纷\"\ndispute = \"婚姻家庭纠纷\"\n[[parties]]\nname = \"潘桂香\"\nrole = \"申请人\"\n+++\n潘桂香的女儿在西园小学四年级（3）班读书，放学后到学校接孩子的是外婆。\n",
        )
        .file(
            "content/articles/a.md",
            "+++\ntitle = \"法治进校园\"\n+++\n西园小学举办了法治进校园活动。\n",
        );
    s.build_ok();
    let case = s.read("cases/a/index.html");
    assert!(
        case.contains("女儿在〔学校已隐去〕读书") && case.contains("到学校接孩子"),
        "{case}"
    );
    assert!(s.read("articles/a/index.html").contains("西园小学举办"));
    assert_nothing_holds(&s, &["四年级（3）班", "潘桂香"]);
}

/// A dialogue quoted in a case without times (唐桂英：…⏎曹德荣：…): its speakers are names.
#[test]
fn the_speakers_of_a_quoted_dialogue_are_anonymized() {
    let s = TestSite::new();
    s.file("content/cases/_index.md", "+++\ntitle = \"典型案例\"\nkind = \"case\"\n+++\n")
        .file(
            "content/cases/a.md",
            "+++\ntitle = \"占道纠纷\"\ndispute = \"相邻关系纠纷\"\n[[parties]]\nname = \"潘桂香\"\nrole = \"申请人\"\n+++\n潘桂香提供了一段对话记录：\n\n唐桂英：我嫁过来那年就有这棵树了。\n\n曹德荣：那也不能占路。\n\n时间：2024年5月\n",
        );
    s.build_ok();
    let page = s.read("cases/a/index.html");
    assert!(
        page.contains("唐某：我嫁过来") && page.contains("时间：2024年5月"),
        "{page}"
    );
    assert_nothing_holds(&s, &["唐桂英", "曹德荣", "潘桂香"]);
}

/// A data file read by `load_data` on an ordinary page goes through the audit like any output:
/// a party's name or phone in it stops the build and leaves the last output as it was.
#[test]
fn data_loaded_into_a_page_is_audited() {
    let s = case_site();
    s.file("data/people.csv", "姓名,电话\n老住户,88886666\n")
        .file(
            "templates/shortcodes/people.html",
            "{% set d = load_data(path=\"data/people.csv\") %}{% for r in d.records %}<p>{{ r.0 }} {{ r.1 }}</p>{% endfor %}",
        )
        .file("content/about.md", "+++\ntitle = \"关于\"\n+++\n\n{{ people() }}\n");
    s.build_ok();
    assert!(s.read("about/index.html").contains("老住户 88886666"));
    let before = s.read("about/index.html");
    s.file("data/people.csv", "姓名,电话\n张建国,13812345678\n");
    let err = s.build_err();
    assert!(
        err.contains("would leak") && err.contains("about/index.html"),
        "{err}"
    );
    assert_eq!(s.read("about/index.html"), before, "the last output stays");
}
