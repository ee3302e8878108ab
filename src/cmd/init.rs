//! `pufa init DIR`: writes a small site (config, one page of each kind) that builds at once with
//! the built-in theme.

use std::path::Path;
use std::process::ExitCode;

const FILES: &[(&str, &str)] = &[
    (
        "config.toml",
        r#"title = "我的普法网站"
base_url = "https://example.org"
description = "社区普法、居民公约与典型案例"
default_language = "zh-CN"
taxonomies = [{ name = "tags" }]

[markdown]
highlight_code = true

[anonymize]
# 两名当事人同姓时的区分方式："tiangan"（张某甲、张某乙）或 "numeric"（张某1、张某2）
collision = "tiangan"
strict = false
keep = []
"#,
    ),
    (
        "content/_index.md",
        "+++\ntitle = \"我的普法网站\"\n+++\n\n欢迎来到社区普法园地。\n",
    ),
    (
        "content/cases/_index.md",
        "+++\ntitle = \"典型案例\"\nkind = \"case\"\nsort_by = \"date\"\npaginate_by = 10\n+++\n\n本栏目案例均已隐去当事人个人信息。\n",
    ),
    (
        "content/cases/example.md",
        r#"+++
title = "阳台花盆坠落砸坏车辆 调解后赔偿维修费"
date = 2024-05-20
dispute = "损害赔偿纠纷"
region = "某市某区某社区"
outcome = "调解成功"
statutes = ["《中华人民共和国民法典》第一千二百五十四条"]
tags = ["高空坠物"]

[[parties]]
name = "刘志远"
role = "申请人"

[[parties]]
name = "孙玉梅"
role = "被申请人"
+++

## 基本案情

刘志远停在楼下的轿车被孙玉梅家阳台掉落的花盆砸坏，刘志远（电话13912345678）要求赔偿。

## 调解结果

孙玉梅同意赔偿维修费一千二百元，双方当场签订调解协议。
"#,
    ),
    (
        "content/conventions/_index.md",
        "+++\ntitle = \"居民公约\"\nkind = \"convention\"\n+++\n",
    ),
    (
        "content/conventions/example.md",
        r#"+++
title = "某社区居民公约"
community = "某社区"
status = "表决通过"
adopted = 2024-03-01
vote = { for = 120, against = 2, abstain = 3 }
+++

第一条 遵守法律法规，维护公共秩序。

第二条 邻里互帮互助，有事好商量。
"#,
    ),
    (
        "content/articles/_index.md",
        "+++\ntitle = \"普法文章\"\nkind = \"article\"\n+++\n",
    ),
    (
        "content/articles/example.md",
        r#"+++
title = "遇到纠纷，可以找谁调解？"
date = 2024-06-01
topic = "人民调解"
audience = "全体居民"
tags = ["人民调解"]
+++

**问：** 邻里之间发生纠纷，可以找谁调解？

**答：** 可以向社区人民调解委员会申请调解，调解不收费。也可以拨打12348公共法律服务热线咨询。
"#,
    ),
    (
        "content/about.md",
        "+++\ntitle = \"关于本站\"\npath = \"about\"\n+++\n\n本站由社区编辑维护。\n",
    ),
];

pub fn run(dir: &Path) -> ExitCode {
    match init(dir) {
        Ok(()) => {
            println!(
                "pufa: created a new site in {}\n  next: cd {} && pufa build",
                dir.display(),
                dir.display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

/// Write the skeleton into `dir`, which must not exist or be empty.
pub fn init(dir: &Path) -> Result<(), String> {
    if dir.exists() {
        let empty = std::fs::read_dir(dir)
            .map_err(|e| format!("cannot read {}: {e}", dir.display()))?
            .next()
            .is_none();
        if !empty {
            return Err(format!(
                "{} exists and is not empty; choose a new folder",
                dir.display()
            ));
        }
    }
    for (rel, text) in FILES {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
        }
        std::fs::write(&path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    Ok(())
}
