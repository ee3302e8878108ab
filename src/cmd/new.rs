//! `pufa new case|convention|article "标题"`: writes a new page with the kind's front matter and a
//! body skeleton into the first section of that kind (or `--section`), creating
//! `content/cases/` (`conventions/`, `articles/`) when the site has none.
//!
//! File names never come from a case's title (a title may hold a party's name, and a pinyin slug
//! of a name leaks it): cases are named `YYYY-MM-DD-N.md`; articles and conventions get an ASCII
//! slug from the Latin letters and digits of the title when it has any, else the same date form.
//! Existing files are never overwritten. New pages are drafts (`draft = true`) until the editor
//! has replaced the placeholders. The section helpers here are shared with `pufa import`.

use std::io::Write as _;
use std::path::{Component, Path, PathBuf};
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::ValueEnum;

use crate::meta::Kind;

/// A content kind on the command line (Chinese names are accepted too).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum KindArg {
    #[value(alias = "案例")]
    Case,
    #[value(alias = "公约")]
    Convention,
    #[value(alias = "文章")]
    Article,
}

impl KindArg {
    pub fn kind(self) -> Kind {
        match self {
            KindArg::Case => Kind::Case,
            KindArg::Convention => Kind::Convention,
            KindArg::Article => Kind::Article,
        }
    }
}

/// The folder (under `content/`) and title of the section created for a kind when a site has
/// none.
fn default_section(kind: Kind) -> (&'static str, &'static str) {
    match kind {
        Kind::Case => ("cases", "典型案例"),
        Kind::Convention => ("conventions", "居民公约"),
        Kind::Article => ("articles", "普法文章"),
    }
}

/// Where new pages of a kind go.
#[derive(Debug, Clone)]
pub struct Target {
    /// The folder, absolute or relative to the working directory as `--root` was given.
    pub dir: PathBuf,
    /// The folder relative to the site root, `/`-separated (`content/cases`).
    pub shown: String,
    /// The page must declare `kind` itself (the folder's section has none).
    pub declare_kind: bool,
    /// `_index.md` to write first (a new section), with its text.
    pub create_index: Option<(PathBuf, String)>,
}

impl Target {
    /// Create the section's folder and `_index.md` if it is new.
    pub fn prepare(&self) -> Result<(), String> {
        std::fs::create_dir_all(&self.dir)
            .map_err(|e| format!("cannot create {}: {e}", self.dir.display()))?;
        if let Some((path, text)) = &self.create_index {
            write_new_file(path, text)?;
        }
        Ok(())
    }
}

/// Check that `root` holds a site; the error says how to make one.
pub fn check_site(root: &Path) -> Result<(), String> {
    if root.join("config.toml").is_file() {
        Ok(())
    } else {
        Err(format!(
            "{} is not a pufa site (no config.toml); run this inside a site, pass --root DIR, or create one with `pufa init <folder>`",
            if root == Path::new(".") {
                "the current folder".to_string()
            } else {
                root.display().to_string()
            }
        ))
    }
}

/// The declared `kind` and `versions`/`draft` flags of a section's `_index.md`.
fn section_info(path: &Path) -> Option<(Option<String>, bool)> {
    let bytes = std::fs::read(path).ok()?;
    let text = String::from_utf8(bytes).ok()?;
    let split = crate::front_matter::split(&text, path).ok()?;
    let kind = split
        .table
        .get("kind")
        .and_then(|v| v.as_str())
        .map(str::to_string);
    let skip = ["versions", "draft"]
        .iter()
        .any(|k| split.table.get(*k).and_then(|v| v.as_bool()) == Some(true));
    Some((kind, skip))
}

/// The kind pages in `dir` (relative to `content/`, `/`-separated) get: the kind of the nearest
/// `_index.md` at or above it that declares one.
fn inherited_kind(content: &Path, dir: &str) -> Option<String> {
    let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
    loop {
        let index = content.join(parts.join("/")).join("_index.md");
        if let Some((Some(kind), _)) = section_info(&index) {
            return Some(kind);
        }
        parts.pop()?;
    }
}

/// `--section` as a `/`-separated path under `content/`: accepts `cases`, `content/cases` and a
/// path to the folder from the working directory.
fn section_rel(root: &Path, section: &Path) -> Result<String, String> {
    let content = root.join("content");
    let rel = if section.is_absolute() {
        let abs_content = std::fs::canonicalize(&content).unwrap_or(content.clone());
        let abs = std::fs::canonicalize(section).unwrap_or(section.to_path_buf());
        abs.strip_prefix(&abs_content)
            .map(Path::to_path_buf)
            .map_err(|_| {
                format!(
                    "--section {} is not inside {}",
                    section.display(),
                    content.display()
                )
            })?
    } else if let Ok(r) = section.strip_prefix(&content) {
        r.to_path_buf()
    } else if let Ok(r) = section.strip_prefix("content") {
        r.to_path_buf()
    } else {
        section.to_path_buf()
    };
    let mut parts = Vec::new();
    for c in rel.components() {
        match c {
            Component::Normal(p) => parts.push(p.to_string_lossy().into_owned()),
            Component::CurDir => {}
            _ => {
                return Err(format!(
                    "--section {} must be a folder under content/ (no `..`)",
                    section.display()
                ));
            }
        }
    }
    Ok(parts.join("/"))
}

/// Find where pages of `kind` go: `--section` if given, else the shallowest section under
/// `content/` declaring that kind, else a new `content/cases/` (`conventions/`, `articles/`).
pub fn target(root: &Path, kind: Kind, section: Option<&Path>) -> Result<Target, String> {
    let content = root.join("content");
    let name = kind.name();
    if let Some(section) = section {
        let rel = section_rel(root, section)?;
        let dir = content.join(&rel);
        let shown = if rel.is_empty() {
            "content".to_string()
        } else {
            format!("content/{rel}")
        };
        if dir.exists() && !dir.is_dir() {
            return Err(format!("--section {shown} is not a folder"));
        }
        if !dir.exists() {
            let title = rel.rsplit('/').next().unwrap_or(&rel).to_string();
            return Ok(Target {
                create_index: Some((dir.join("_index.md"), index_text(&title, kind))),
                dir,
                shown,
                declare_kind: false,
            });
        }
        return match inherited_kind(&content, &rel) {
            Some(k) if k == name => Ok(Target {
                dir,
                shown,
                declare_kind: false,
                create_index: None,
            }),
            Some(k) => Err(format!(
                "{shown} holds {k} pages, not {name} pages; choose another --section or leave it out"
            )),
            None => Ok(Target {
                dir,
                shown,
                declare_kind: true,
                create_index: None,
            }),
        };
    }

    // The shallowest section declaring the kind.
    let (files, _) = crate::load::walk(&content, root);
    let mut found: Vec<(usize, String)> = files
        .into_iter()
        .filter(|(rel, _)| rel == "_index.md" || rel.ends_with("/_index.md"))
        .filter_map(|(rel, abs)| {
            let (k, skip) = section_info(&abs)?;
            (k.as_deref() == Some(name) && !skip).then(|| {
                let dir = rel.trim_end_matches("_index.md").trim_end_matches('/');
                (
                    dir.matches('/').count() + usize::from(!dir.is_empty()),
                    dir.to_string(),
                )
            })
        })
        .collect();
    found.sort();
    if let Some((_, dir)) = found.into_iter().next() {
        let shown = if dir.is_empty() {
            "content".to_string()
        } else {
            format!("content/{dir}")
        };
        return Ok(Target {
            dir: content.join(&dir),
            shown,
            declare_kind: false,
            create_index: None,
        });
    }

    // None: create the default section, unless that folder is taken.
    let (folder, title) = default_section(kind);
    let dir = content.join(folder);
    let shown = format!("content/{folder}");
    let index = dir.join("_index.md");
    if index.exists() {
        return Err(format!(
            "{shown}/_index.md exists but does not say kind = \"{name}\"; add that line to it, or choose a folder with --section"
        ));
    }
    let occupied = std::fs::read_dir(&dir).is_ok_and(|mut d| d.next().is_some());
    if occupied {
        return Err(format!(
            "the site has no {name} section and {shown}/ already holds files; add _index.md with kind = \"{name}\" to a folder, or choose one with --section"
        ));
    }
    Ok(Target {
        create_index: Some((index, index_text(title, kind))),
        dir,
        shown,
        declare_kind: false,
    })
}

fn index_text(title: &str, kind: Kind) -> String {
    let mut s = format!(
        "+++\ntitle = {}\nkind = \"{}\"\nsort_by = \"date\"\n+++\n",
        toml_str(title),
        kind.name()
    );
    if kind == Kind::Case {
        s.push_str("\n本栏目案例均已隐去当事人个人信息。\n");
    }
    s
}

/// Create `path` with `text`, failing if it exists (never overwrites).
pub fn write_new_file(path: &Path, text: &str) -> Result<(), String> {
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| format!("cannot create {}: {e}", path.display()))?;
    f.write_all(text.as_bytes())
        .map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// File stems to try, in order: `base-1`, `base-2`, … for date names; `base`, `base-2`, … for
/// title slugs.
fn stem(base: &str, counter_always: bool, n: usize) -> String {
    if counter_always || n > 1 {
        format!("{base}-{n}")
    } else {
        base.to_string()
    }
}

/// The first free `stem.md` in `dir` (no file or bundle folder of that name).
pub fn free_path(dir: &Path, base: &str, counter_always: bool) -> PathBuf {
    (1..)
        .map(|n| stem(base, counter_always, n))
        .find(|s| !dir.join(format!("{s}.md")).exists() && !dir.join(s).exists())
        .map(|s| dir.join(format!("{s}.md")))
        .unwrap_or_else(|| dir.join(format!("{base}.md")))
}

/// Write `text` to the first free name in `dir`, never overwriting (a file created between the
/// check and the write moves on to the next name).
pub fn write_unique(
    dir: &Path,
    base: &str,
    counter_always: bool,
    text: &str,
) -> Result<PathBuf, String> {
    for n in 1..10_000 {
        let s = stem(base, counter_always, n);
        let path = dir.join(format!("{s}.md"));
        if dir.join(&s).exists() {
            continue;
        }
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
        {
            Ok(mut f) => {
                f.write_all(text.as_bytes())
                    .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
                return Ok(path);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(format!("cannot create {}: {e}", path.display())),
        }
    }
    Err(format!("no free file name for {base} in {}", dir.display()))
}

/// An ASCII slug from the Latin letters and digits of a title (`《民法典》12348热线` →
/// `12348`), or `None` when it has none.
pub fn ascii_slug(title: &str) -> Option<String> {
    let words: Vec<String> = title
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
        .collect();
    let slug = words.join("-");
    let slug: String = slug.chars().take(60).collect();
    let slug = slug.trim_end_matches('-').to_string();
    (!slug.is_empty()).then_some(slug)
}

/// A path as the user should see it: relative to the working directory when `--root` is `.`.
pub fn shown(root: &Path, path: &Path) -> String {
    if root == Path::new(".") {
        path.strip_prefix(".").unwrap_or(path).display().to_string()
    } else {
        path.display().to_string()
    }
}

fn toml_str(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// The text of a new page of `kind`.
pub fn page_text(
    kind: Kind,
    title: &str,
    today: NaiveDate,
    tags: bool,
    declare_kind: bool,
) -> String {
    let date = today.format("%Y-%m-%d");
    let year = today.format("%Y");
    let mut s = String::from("+++\n");
    s.push_str(&format!("title = {}\n", toml_str(title)));
    if declare_kind {
        s.push_str(&format!("kind = \"{}\"\n", kind.name()));
    }
    let tags_line = if tags {
        "# 标签，如 [\"漏水\", \"噪音\"]\ntags = []\n"
    } else {
        ""
    };
    match kind {
        Kind::Case => {
            s.push_str(&format!("date = {date}\n"));
            s.push_str("# 写完并核对当事人信息后删除下一行，页面才会发布（预览：pufa build --drafts）\ndraft = true\n");
            s.push_str(concat!(
                "# 纠纷类型：请改为本案的类型，如 婚姻家庭纠纷、邻里纠纷、物业纠纷、劳务纠纷、继承纠纷\n",
                "dispute = \"相邻关系纠纷\"\n",
                "# 发生地，只写到街道或社区，如 \"某市某区向阳社区\"\n",
                "region = \"\"\n",
                "# 调解结果，如 \"调解成功\"、\"部分达成协议\"、\"调解不成 转诉讼\"\n",
                "outcome = \"\"\n",
                "# 引用的法条，如 [\"《中华人民共和国民法典》第二百八十八条\"]\n",
                "statutes = []\n",
            ));
            s.push_str(tags_line);
            s.push_str(concat!(
                "# 调解组织，如 \"向阳社区人民调解委员会\"\n",
                "organization = \"\"\n",
                "# 调解员；要保留真名，请把名字写进下面的 [anonymize] keep\n",
                "mediator = \"\"\n",
                "\n",
                "# 每名当事人写一段 [[parties]]（去掉行首的 #）。发布时姓名一律替换为“张某”，\n",
                "# aliases 列出正文里对此人的其他称呼（小名、老张、只写名字等），它们也会被替换。\n",
                "# [[parties]]\n",
                "# name = \"张建国\"\n",
                "# role = \"申请人\"\n",
                "# aliases = [\"老张\"]\n",
                "#\n",
                "# [[parties]]\n",
                "# name = \"李秀英\"\n",
                "# role = \"被申请人\"\n",
                "# aliases = [\"李大姐\"]\n",
                "\n",
                "[anonymize]\n",
                "# 照原样保留、不替换的名字，如调解员或以人名命名的调解室：keep = [\"吴德明\", \"老吴调解室\"]\n",
                "keep = []\n",
                "+++\n",
                "\n",
                "## 基本案情\n\n",
                "（写明纠纷的起因、经过和双方的诉求。当事人可以写真名，但必须在上面的 [[parties]] 中登记。）\n\n",
                "## 调解过程\n\n",
                "（写明调解员如何了解情况、释法说理、促成和解。）\n\n",
                "## 调解结果\n\n",
                "（写明协议内容、履行方式和期限，是否申请司法确认。）\n\n",
                "## 典型意义\n\n",
                "（写明本案对居民的启示。）\n\n",
                "## 相关法条\n\n",
                "（摘录本案适用的法条原文，注上法律的名称和条文序号。）\n",
            ));
        }
        Kind::Convention => {
            s.push_str(
                "# 写完后删除下一行，页面才会发布（预览：pufa build --drafts）\ndraft = true\n",
            );
            s.push_str(&format!(
                concat!(
                    "# 制定公约的社区或村，请修改\n",
                    "community = \"某社区\"\n",
                    "# 草案 → 征求意见 → 表决通过 → 已备案（或 已废止）\n",
                    "status = \"草案\"\n",
                    "version = \"{year}年版\"\n",
                    "# 表决通过后填写：\n",
                    "# adopted = {date}\n",
                    "# vote = {{ for = 0, against = 0, abstain = 0 }}\n",
                    "# filed_with = \"某区某街道办事处\"\n",
                    "\n",
                    "# 制定过程：征集民意 → 拟订草案 → 审核 → 表决 → 备案 → 公布。\n",
                    "# 去掉 [procedure] 和已有记录的步骤行首的 #，改成实际的日期和数字；没有记录的步骤显示为“未记录”。\n",
                    "# [procedure]\n",
                    "# consultation = {{ from = {date}, to = {date}, channels = [\"入户走访\", \"线上问卷\"], opinions = 0 }}\n",
                    "# draft = {date}\n",
                    "# review = {{ date = {date}, body = \"某街道办事处\", changes = [] }}\n",
                    "# vote = {{ date = {date}, meeting = \"居民会议\", for = 0, against = 0, abstain = 0 }}\n",
                    "# filing = {{ date = {date}, body = \"某区某街道办事处\", record_no = \"\" }}\n",
                    "# published = {date}\n",
                    "+++\n",
                    "\n",
                    "为了维护社区秩序，促进邻里和睦，根据国家有关法律、法规和政策，结合本社区实际，经居民会议讨论，制定本公约。\n\n",
                    "第一条 （公约的第一条。每条单独成段，以“第X条”开头。）\n\n",
                    "第二条 （……）\n\n",
                    "第三条 （……）\n\n",
                    "第四条 本公约自居民会议表决通过之日起施行。\n",
                ),
                year = year,
                date = date
            ));
        }
        Kind::Article => {
            s.push_str(&format!("date = {date}\n"));
            s.push_str(
                "# 写完后删除下一行，页面才会发布（预览：pufa build --drafts）\ndraft = true\n",
            );
            s.push_str(concat!(
                "# 主题，如 \"邻里关系\"、\"婚姻家庭\"、\"劳动权益\"、\"反诈\"\n",
                "topic = \"\"\n",
                "# 读者，如 \"老年人\"、\"青少年\"、\"新市民\"、\"全体居民\"\n",
                "audience = \"\"\n",
                "# 系列名称；同一系列的文章按顺序互相链接\n",
                "series = \"\"\n",
                "# 引用的法条，如 [\"《中华人民共和国民法典》第二百八十八条\"]\n",
                "statutes = []\n",
            ));
            s.push_str(tags_line);
            s.push_str(concat!(
                "+++\n",
                "\n",
                "（导语：用一两句话说明这篇文章回答什么问题。）\n\n",
                "## 案例\n\n",
                "（讲一个身边的小故事，人物用化名或“张某”。）\n\n",
                "## 法律解读\n\n",
                "**问：**（居民最常问的问题）\n\n",
                "**答：**（用通俗的话回答。）\n\n",
                "## 法律依据\n\n",
                "（摘录文中引用的法条原文，注上法律的名称和条文序号。）\n\n",
                "## 温馨提示\n\n",
                "（遇到类似问题可以去哪里、找谁、带什么材料。）\n",
            ));
        }
    }
    s
}

/// Create the page; returns the path written.
pub fn create(
    root: &Path,
    kind: Kind,
    title: &str,
    section: Option<&Path>,
    today: NaiveDate,
) -> Result<(PathBuf, Option<PathBuf>), String> {
    let title = title.split_whitespace().collect::<Vec<_>>().join(" ");
    if title.is_empty() {
        return Err("the title is empty; write it in quotes: pufa new case \"标题\"".into());
    }
    let (config, _) = crate::build::load_config(root, None).map_err(|errors| {
        errors
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n")
    })?;
    let tags = config.taxonomies.iter().any(|t| t.name == "tags");
    let target = target(root, kind, section)?;
    target.prepare()?;
    let text = page_text(kind, &title, today, tags, target.declare_kind);
    let date = today.format("%Y-%m-%d").to_string();
    let path = match kind {
        // A case title may name a party: never derive the file name from it.
        Kind::Case => write_unique(&target.dir, &date, true, &text)?,
        _ => match ascii_slug(&title) {
            Some(slug) => write_unique(&target.dir, &slug, false, &text)?,
            None => write_unique(&target.dir, &date, true, &text)?,
        },
    };
    Ok((path, target.create_index.map(|(p, _)| p)))
}

pub fn run(root: &Path, kind: KindArg, title: &str, section: Option<&Path>) -> ExitCode {
    if let Err(e) = check_site(root) {
        eprintln!("error: {e}");
        return ExitCode::from(2);
    }
    let today = chrono::Local::now().date_naive();
    match create(root, kind.kind(), title, section, today) {
        Ok((path, index)) => {
            if let Some(index) = index {
                eprintln!("pufa: created the section {}", shown(root, &index));
            }
            println!("{}", shown(root, &path));
            eprintln!(
                "pufa: the page is a draft: replace the placeholders, then delete `draft = true` to publish (preview with `pufa build --drafts`)"
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_slugs() {
        assert_eq!(ascii_slug("12348热线怎么用").as_deref(), Some("12348"));
        assert_eq!(
            ascii_slug("AI 换脸诈骗 Deepfake").as_deref(),
            Some("ai-deepfake")
        );
        assert_eq!(ascii_slug("遗嘱怎么立"), None);
    }

    #[test]
    fn page_texts_parse() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        for kind in Kind::ALL {
            let text = page_text(kind, "他说\"好\"", today, true, true);
            let fm = text.split("+++").nth(1).unwrap();
            let t: toml::Table = toml::from_str(fm).unwrap_or_else(|e| panic!("{kind:?}: {e}"));
            assert_eq!(t["title"].as_str(), Some("他说\"好\""));
            assert_eq!(t["draft"].as_bool(), Some(true));
            assert_eq!(t["kind"].as_str(), Some(kind.name()));
        }
        // Uncommented, the convention's procedure example is valid TOML too.
        let conv = page_text(Kind::Convention, "公约", today, false, false);
        let fm = conv.split("+++").nth(1).unwrap();
        let uncommented: String = fm
            .lines()
            .map(|l| {
                l.strip_prefix("# ")
                    .filter(|r| r.starts_with('[') || r.contains(" = "))
                    .unwrap_or(l)
            })
            .collect::<Vec<_>>()
            .join("\n");
        let t: toml::Table = toml::from_str(&uncommented).unwrap();
        assert!(t["procedure"]["vote"]["for"].is_integer());
    }
}
