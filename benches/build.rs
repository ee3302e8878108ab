//! Build benchmark: generates N synthetic Chinese pages (cases with planted personal information,
//! conventions, articles; deterministic from a seed) and builds them with the release `pufa`
//! binary, printing wall time, pages per second, peak memory and CPU use.
//!
//! Run: `cargo bench --bench build -- --pages 10000` (defaults: 1000 pages, seed 7, corpus and
//! output under /dev/shm so the disk is not what is measured; `--dir PATH` to use another place).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// Small deterministic generator (xorshift), so every run builds the same text.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[self.below(xs.len())]
    }
}

const WORDS: &[&str] = &[
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
const PUNCT: &[&str] = &["，", "，", "，", "。", "；", "、"];
const SURNAMES: &[&str] = &[
    "张", "王", "李", "赵", "刘", "陈", "杨", "黄", "周", "吴", "欧阳", "司马",
];
const GIVEN: &[&str] = &[
    "建华", "秀兰", "志强", "桂芳", "德胜", "丽娟", "海峰", "玉梅", "振国", "淑珍", "明远", "晓燕",
];
const TAGS: &[&str] = &[
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
const DISPUTES: &[&str] = &[
    "相邻关系纠纷",
    "物业纠纷",
    "婚姻家庭纠纷",
    "继承纠纷",
    "劳务纠纷",
    "损害赔偿纠纷",
    "民间借贷纠纷",
    "消费纠纷",
];

fn sentence(r: &mut Rng, out: &mut String) -> usize {
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

/// Write a site of `pages` pages under `dir`.
pub fn generate(dir: &Path, pages: usize, seed: u64) -> std::io::Result<()> {
    let mut r = Rng(seed.max(1) * 0x9E37_79B9_7F4A_7C15);
    let _ = std::fs::remove_dir_all(dir);
    let content = dir.join("content");
    for (s, title, kind) in [
        ("cases", "典型案例", "case"),
        ("conventions", "居民公约", "convention"),
        ("articles", "普法文章", "article"),
    ] {
        std::fs::create_dir_all(content.join(s))?;
        std::fs::write(
            content.join(s).join("_index.md"),
            format!("+++\ntitle = \"{title}\"\nkind = \"{kind}\"\npaginate_by = 20\n+++\n"),
        )?;
    }
    std::fs::write(
        content.join("_index.md"),
        "+++\ntitle = \"基准站点\"\n+++\n",
    )?;
    std::fs::write(
        dir.join("config.toml"),
        "title = \"基准站点\"\nbase_url = \"https://bench.example.org\"\ntaxonomies = [{ name = \"tags\" }]\n",
    )?;
    for i in 0..pages {
        let target = 300 + r.below(1200);
        let day = format!(
            "20{:02}-{:02}-{:02}",
            18 + r.below(8),
            1 + r.below(12),
            1 + r.below(28)
        );
        let tags = format!("[\"{}\", \"{}\"]", r.pick(TAGS), r.pick(TAGS));
        let (section, text) = match i % 10 {
            0..=3 => {
                let (a, b) = (name(&mut r), name(&mut r));
                let b = if a == b { format!("{b}甲") } else { b };
                let fm = format!(
                    "+++\ntitle = \"{}纠纷调解案例{i}\"\ndate = {day}\ndispute = \"{}\"\nregion = \"某市某区\"\noutcome = \"调解成功\"\nstatutes = [\"《中华人民共和国民法典》第二百八十八条\"]\ntags = {tags}\n[[parties]]\nname = \"{a}\"\nrole = \"申请人\"\n[[parties]]\nname = \"{b}\"\nrole = \"被申请人\"\n+++\n",
                    r.pick(TAGS),
                    r.pick(DISPUTES)
                );
                ("cases", fm + &body(&mut r, target, Some((&a, &b))))
            }
            4 => {
                let fm = format!(
                    "+++\ntitle = \"第{i}号居民公约\"\ndate = {day}\ncommunity = \"某社区\"\nstatus = \"已备案\"\nadopted = {day}\nvote = {{ for = {}, against = {}, abstain = {} }}\ntags = {tags}\n+++\n",
                    100 + r.below(400),
                    r.below(10),
                    r.below(20)
                );
                let mut b = String::new();
                for n in 1..=(8 + r.below(8)) {
                    let _ = write!(b, "第{n}条 ");
                    sentence(&mut r, &mut b);
                    b.push_str("\n\n");
                }
                ("conventions", fm + &b)
            }
            _ => {
                let fm = format!(
                    "+++\ntitle = \"普法问答第{i}期：{}\"\ndate = {day}\ntopic = \"{}\"\naudience = \"全体居民\"\ntags = {tags}\n+++\n",
                    r.pick(TAGS),
                    r.pick(TAGS)
                );
                ("articles", fm + &body(&mut r, target, None))
            }
        };
        std::fs::write(content.join(section).join(format!("p{i:06}.md")), text)?;
    }
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

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let get = |flag: &str| {
        args.iter()
            .position(|a| a == flag)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    let pages: usize = get("--pages").and_then(|s| s.parse().ok()).unwrap_or(1000);
    let seed: u64 = get("--seed").and_then(|s| s.parse().ok()).unwrap_or(7);
    let runs: usize = get("--runs").and_then(|s| s.parse().ok()).unwrap_or(3);
    let base = if Path::new("/dev/shm").is_dir() {
        PathBuf::from("/dev/shm")
    } else {
        std::env::temp_dir()
    };
    let dir = get("--dir")
        .map(PathBuf::from)
        .unwrap_or_else(|| base.join(format!("pufa-bench-{pages}")));
    let bin = env!("CARGO_BIN_EXE_pufa");
    if let Err(e) = generate(&dir, pages, seed) {
        eprintln!("cannot generate the corpus in {}: {e}", dir.display());
        std::process::exit(2);
    }
    println!(
        "pufa build benchmark: {pages} pages (seed {seed}) in {}, {} cores",
        dir.display(),
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
    );
    let mut walls = Vec::new();
    for run in 1..=runs {
        let mut cmd = Command::new(bin);
        cmd.arg("build")
            .arg("--root")
            .arg(&dir)
            .stdout(std::process::Stdio::null());
        match run_measured(&mut cmd) {
            Ok((true, wall, rss_kib, cpu)) => {
                println!(
                    "run {run}: {wall:.2} s wall, {:.0} pages/s, peak {:.0} MB, CPU/wall {:.2}",
                    pages as f64 / wall,
                    rss_kib as f64 / 1024.0,
                    cpu / wall
                );
                walls.push(wall);
            }
            Ok((false, ..)) => {
                eprintln!(
                    "pufa build failed on the benchmark corpus; run `{bin} build --root {}` to see why",
                    dir.display()
                );
                std::process::exit(1);
            }
            Err(e) => {
                eprintln!("cannot run {bin}: {e}");
                std::process::exit(2);
            }
        }
    }
    walls.sort_by(f64::total_cmp);
    let median = walls[walls.len() / 2];
    println!(
        "median: {median:.2} s, {:.0} pages/s",
        pages as f64 / median
    );
    if !args.iter().any(|a| a == "--keep") {
        let _ = std::fs::remove_dir_all(&dir);
    }
}
