//! `pufa import FILE… [--kind article]`: turns pasted web articles (UTF-8 or GBK text or HTML)
//! into Markdown pages in the articles section, and prints per file what was converted, removed
//! and flagged. The work is done by the pure functions of [`crate::import`]; this file reads the
//! inputs, picks the section and file names (shared with `pufa new`) and writes, never
//! overwriting. `--dry-run` prints the report and the page without writing anything.
//!
//! Exit code: 0 when every file was imported, 1 when a file was refused (its encoding could not
//! be decoded cleanly), 2 for usage problems, unreadable inputs and failed writes.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::new::{self, KindArg};
use crate::import;
use crate::meta::Kind;

pub fn run(
    root: &Path,
    files: &[PathBuf],
    kind: KindArg,
    section: Option<&Path>,
    dry_run: bool,
) -> ExitCode {
    if let Err(e) = new::check_site(root) {
        eprintln!("error: {e}");
        return ExitCode::from(2);
    }
    if kind != KindArg::Article {
        eprintln!(
            "error: pufa import makes articles only (--kind article); cases need their parties declared by an editor, so write them with `pufa new case`, and conventions with `pufa new convention`"
        );
        return ExitCode::from(2);
    }
    let target = match new::target(root, Kind::Article, section) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let today = chrono::Local::now().date_naive();
    let mut code = 0u8;
    let mut prepared = false;
    for file in files {
        let shown_in = file.display().to_string();
        let bytes = match std::fs::read(file) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("error: cannot read {shown_in}: {e}");
                code = 2;
                continue;
            }
        };
        let name = file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let imp = match import::import(&name, &bytes, today) {
            Ok(i) => i,
            Err(e) => {
                eprintln!("error: {shown_in} {e}; the file was not imported");
                code = code.max(1);
                continue;
            }
        };
        let (text, offset) = import::page(&imp, &name, target.declare_kind);
        let base = imp.date.format("%Y-%m-%d").to_string();
        if dry_run {
            let path = new::free_path(&target.dir, &base, true);
            let out = new::shown(root, &path);
            print!("{}", import::format_report(&shown_in, &out, &imp, offset));
            if let Some((index, _)) = &target.create_index {
                println!("  (would create the section {})", new::shown(root, index));
            }
            println!("--- {out} (dry run: not written) ---\n{text}");
            continue;
        }
        if !prepared {
            if let Err(e) = target.prepare() {
                eprintln!("error: {e}");
                return ExitCode::from(2);
            }
            if let Some((index, _)) = &target.create_index {
                println!("created the section {}", new::shown(root, index));
            }
            prepared = true;
        }
        match new::write_unique(&target.dir, &base, true, &text) {
            Ok(path) => {
                let out = new::shown(root, &path);
                print!("{}", import::format_report(&shown_in, &out, &imp, offset));
            }
            Err(e) => {
                eprintln!("error: {e}");
                code = 2;
            }
        }
    }
    ExitCode::from(code)
}
