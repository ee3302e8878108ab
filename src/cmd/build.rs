//! `pufa build`: runs the build and reports: every error together, warnings, and a one-line summary.

use std::process::ExitCode;

use crate::build::{BuildOptions, build, output_dir};
use crate::diag::Diagnostic;

fn print_all(diags: &[Diagnostic]) {
    for d in diags {
        eprintln!("{d}");
    }
}

pub fn run(opts: &BuildOptions, verbose: bool) -> ExitCode {
    let start = std::time::Instant::now();
    let out = output_dir(opts);
    match build(opts) {
        Ok(built) => {
            // The report's findings that are not among the build's warnings: the low-confidence
            // names, listed with -v and counted otherwise.
            let printed: std::collections::HashSet<String> =
                built.warnings.iter().map(|w| w.to_string()).collect();
            let findings: Vec<&Diagnostic> = built
                .report
                .warnings
                .iter()
                .filter(|w| !printed.contains(&w.to_string()))
                .collect();
            print_all(&built.warnings);
            let listed = if verbose && !findings.is_empty() {
                format!(", {} low-confidence findings listed above", findings.len())
            } else {
                String::new()
            };
            if verbose {
                for w in findings.into_iter().chain(&built.notes) {
                    eprintln!("{w}");
                }
                eprintln!(
                    "  stage            time  resident   (* = summed over threads, overlaps the rest)"
                );
                for s in &built.timings {
                    let rss = s
                        .resident_mb
                        .map(|m| format!("{m:>6} MB"))
                        .unwrap_or_default();
                    eprintln!(
                        "  {:<10} {:>8.1} ms {rss}",
                        s.name,
                        s.time.as_secs_f64() * 1000.0
                    );
                }
            } else if !findings.is_empty() {
                // Warnings are short and printed every time; the low-confidence findings are too
                // many for that, but an editor must know they wait for a decision and where.
                let in_words = findings
                    .iter()
                    .filter(|f| f.message.contains("replaced inside the word"))
                    .count();
                let waiting = findings.len() - in_words;
                let mut parts = Vec::new();
                if waiting > 0 {
                    parts.push(format!(
                        "{waiting} possible undeclared name{} of low confidence left as written",
                        if waiting == 1 { "" } else { "s" }
                    ));
                }
                if in_words > 0 {
                    parts.push(format!(
                        "{in_words} party name{} replaced inside a longer word",
                        if in_words == 1 { "" } else { "s" }
                    ));
                }
                eprintln!(
                    "note: {}; `pufa check` or `pufa build -v` lists them, /_review/ in `pufa serve` shows them",
                    parts.join(", ")
                );
            }
            let cases = if built.report.cases > 0 {
                format!(
                    ", {} anonymized ({} replacements)",
                    built.report.cases, built.report.replacements
                )
            } else {
                String::new()
            };
            println!(
                "pufa: built {} pages and {} sections{cases} into {} ({} files, {} warnings{listed}) in {:.2} s",
                built.pages,
                built.sections,
                out.display(),
                built.count,
                built.warnings.len(),
                start.elapsed().as_secs_f64()
            );
            ExitCode::SUCCESS
        }
        Err(f) => {
            print_all(&f.warnings);
            print_all(&f.errors);
            eprintln!(
                "error: build failed with {} error{}; {} was not changed",
                f.errors.len(),
                if f.errors.len() == 1 { "" } else { "s" },
                out.display()
            );
            ExitCode::from(1)
        }
    }
}
