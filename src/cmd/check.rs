//! `pufa check`: builds in memory, never writes, and reports every problem a reader or the privacy
//! audit would meet: build errors, broken links and anchors, missing images, unreachable pages,
//! unresolved anonymization warnings. Exit 1 when there are errors; `--format json` for CI.

use std::process::ExitCode;

use crate::build::{BuildOptions, build_in_memory, load_config};
use crate::check::{check, to_json};
use crate::diag::Diagnostic;

pub fn run(opts: &BuildOptions, json: bool) -> ExitCode {
    let (errors, warnings) = match build_in_memory(opts) {
        Ok(built) => {
            let config = match load_config(&opts.root, opts.base_url.as_deref()) {
                Ok((c, _)) => c,
                Err(e) => return finish(e, Vec::new(), json),
            };
            let found = check(&built, &config);
            let (errs, mut warns): (Vec<Diagnostic>, Vec<Diagnostic>) =
                found.into_iter().partition(|d| d.is_error());
            warns.extend(built.warnings);
            // Every anonymization finding, low-confidence ones included, needs an editor's decision.
            let seen: std::collections::HashSet<String> =
                warns.iter().map(|w| w.to_string()).collect();
            warns.extend(
                built
                    .report
                    .warnings
                    .into_iter()
                    .filter(|w| !seen.contains(&w.to_string())),
            );
            (errs, warns)
        }
        Err(f) => (f.errors, f.warnings),
    };
    finish(errors, warnings, json)
}

fn finish(errors: Vec<Diagnostic>, warnings: Vec<Diagnostic>, json: bool) -> ExitCode {
    if json {
        println!("{}", to_json(&errors, &warnings));
    } else {
        for d in warnings.iter().chain(&errors) {
            eprintln!("{d}");
        }
        println!(
            "pufa check: {} errors, {} warnings",
            errors.len(),
            warnings.len()
        );
    }
    if errors.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}
