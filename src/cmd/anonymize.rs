//! `pufa anonymize PATH…`: anonymizes the named case files (or every case under a folder) without
//! building, and prints the report: file, line, category, original → replacement, and warnings.
//! For editors checking a case before publishing; nothing is written unless `--report` is given.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::{anon, build, load, site};

pub fn run(root: &Path, paths: &[PathBuf], report: Option<&Path>) -> ExitCode {
    let (config, _) = match build::load_config(root, None) {
        Ok(c) => c,
        Err(errors) => {
            errors.iter().for_each(|e| eprintln!("{e}"));
            return ExitCode::from(1);
        }
    };
    let (content, mut errors) = load::load_content(root);
    let (mut site, diags) = site::assemble(content, &config, true);
    errors.extend(diags.into_iter().filter(|d| d.is_error()));
    let wanted: Vec<PathBuf> = paths
        .iter()
        .map(|p| {
            let abs = if p.is_absolute() {
                p.clone()
            } else {
                std::env::current_dir().unwrap_or_default().join(p)
            };
            std::fs::canonicalize(&abs).unwrap_or(abs)
        })
        .collect();
    let chosen: std::collections::HashSet<PathBuf> = site
        .pages
        .iter()
        .filter(|p| {
            let abs =
                std::fs::canonicalize(root.join(&p.file)).unwrap_or_else(|_| root.join(&p.file));
            wanted.iter().any(|w| abs.starts_with(w))
        })
        .map(|p| p.file.clone())
        .collect();
    if chosen.is_empty() {
        // A named page that failed to load: say why, not only that it is missing.
        let about_wanted: Vec<_> = errors
            .iter()
            .filter(|e| {
                e.path.as_ref().is_some_and(|f| {
                    let abs = std::fs::canonicalize(root.join(f)).unwrap_or_else(|_| root.join(f));
                    wanted.iter().any(|w| abs.starts_with(w))
                })
            })
            .collect();
        if !about_wanted.is_empty() {
            about_wanted.iter().for_each(|e| eprintln!("{e}"));
            return ExitCode::from(1);
        }
        eprintln!(
            "error: no content page found under {}",
            paths
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        );
        return ExitCode::from(2);
    }
    // Every case is anonymized, as in a build: a name another case found is replaced in these
    // too (see docs/anonymization.md); the report shows the chosen pages only.
    let (mut rep, diags) = anon::run(&mut site, &config, false);
    let ours = |f: Option<&Path>| f.is_some_and(|f| chosen.contains(f));
    errors.retain(|d| d.path.is_none() || ours(d.path.as_deref()));
    errors.extend(
        diags
            .iter()
            .filter(|d| d.is_error() && ours(d.path.as_deref()))
            .cloned(),
    );
    rep.entries.retain(|e| chosen.contains(&e.file));
    rep.warnings.retain(|d| ours(d.path.as_deref()));
    rep.cases = site
        .pages
        .iter()
        .filter(|p| p.meta.anon.enabled && chosen.contains(&p.file))
        .count();
    let text = anon::format_report(&rep);
    match report {
        // Never where a build publishes (public/, content/, static/…): it holds the originals.
        Some(path) => {
            if let Err(e) = anon::write_report(&rep, path, &root.join("public"), root) {
                eprintln!("{e}");
                return ExitCode::from(2);
            }
        }
        None => print!("{text}"),
    }
    if rep.cases == 0 {
        eprintln!(
            "note: none of these pages is anonymized (only cases and pages with `anonymize = true` are)"
        );
    }
    errors.iter().for_each(|e| eprintln!("{e}"));
    if errors.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}
