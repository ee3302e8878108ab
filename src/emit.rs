//! Emit: where each output file goes the moment a stage has rendered it. In one step per file it
//! makes the traditional-script copy (when the site has one), audits both against everything the
//! anonymize stage removed, and writes them into the staging folder (or keeps them in memory for
//! `serve` and `check`). Rendering, conversion, audit and writing thus overlap across pages and
//! cores, the output is never held whole in memory, and each byte is audited once, right before
//! it is written. A file with an audit hit is never written; the build then fails and the staging
//! folder is removed, so the previous output stays untouched.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::anon::Audit;
use crate::diag::Diagnostic;
use crate::output::{Body, OutputFile};

/// Where emitted files end up.
#[derive(Debug, Clone)]
pub enum Dest {
    /// Kept in memory (serve, check, tests).
    Memory,
    /// Written under this (staging) folder, which the caller created.
    Dir(PathBuf),
}

/// Thread-summed time of the work done while emitting (it overlaps the rendering stages).
#[derive(Debug, Default)]
struct Clocks {
    scripts: AtomicU64,
    audit: AtomicU64,
    write: AtomicU64,
}

fn timed<T>(clock: &AtomicU64, f: impl FnOnce() -> T) -> T {
    let t = Instant::now();
    let out = f();
    clock.fetch_add(t.elapsed().as_nanos() as u64, Ordering::Relaxed);
    out
}

/// Receives the files of every stage; shared by all threads of a build.
pub struct Emitter {
    audit: Option<Arc<Audit>>,
    /// The site's base URL when a traditional copy is made.
    hant_base: Option<String>,
    dest: Dest,
    kept: Mutex<Vec<OutputFile>>,
    errors: Mutex<Vec<Diagnostic>>,
    /// Paths emitted so far (a static file never replaces a generated one).
    paths: Mutex<HashSet<String>>,
    /// Folders already created under a `Dest::Dir`.
    dirs: Mutex<HashSet<PathBuf>>,
    clocks: Clocks,
}

/// What the emitter did, once every stage is done.
#[derive(Debug)]
pub struct Emitted {
    /// The files, for `Dest::Memory`; empty otherwise.
    pub files: Vec<OutputFile>,
    /// Number of distinct output files.
    pub count: usize,
    pub errors: Vec<Diagnostic>,
    /// (stage, thread-summed time) of the traditional copy, the audit and the writes.
    pub timings: Vec<(&'static str, Duration)>,
}

impl Emitter {
    /// `audit` is prepared from the anonymize stage's report (`None` when nothing was
    /// anonymized; serve keeps one between rebuilds); `hant_base` is `Some(base URL)` when the
    /// build makes the traditional copy.
    pub fn with_audit(audit: Option<Arc<Audit>>, hant_base: Option<String>, dest: Dest) -> Self {
        Emitter {
            audit,
            hant_base,
            dest,
            kept: Mutex::new(Vec::new()),
            errors: Mutex::new(Vec::new()),
            paths: Mutex::new(HashSet::new()),
            dirs: Mutex::new(HashSet::new()),
            clocks: Clocks::default(),
        }
    }

    /// A generated file (page, list, feed, index…), with its traditional copy when it is HTML.
    /// A later stage's file replaces an earlier one at the same path.
    pub fn put(&self, mut f: OutputFile) {
        let copy = self.hant_base.as_deref().and_then(|base| {
            // The path first: most bytes bodies (search fragments, feeds) are not HTML, and
            // checking their UTF-8 would read them once more.
            let in_copy = f
                .path
                .strip_prefix(crate::script::HANT)
                .is_some_and(|rest| rest.starts_with('/'));
            if !f.path.ends_with(".html") || in_copy {
                return None;
            }
            let (html, cards) = match &f.body {
                Body::Text(s, cards) => (s.as_str(), cards.as_slice()),
                Body::Bytes(b) => (std::str::from_utf8(b).ok()?, &[][..]),
                Body::Copy(_) => return None,
            };
            Some(timed(&self.clocks.scripts, || {
                OutputFile::text(
                    format!("{}/{}", crate::script::HANT, f.path),
                    crate::script::convert_page(html, base, cards),
                )
            }))
        });
        // The cards were wanted for the copy only: kept files (serve) do not hold on to them.
        if let Body::Text(_, cards) = &mut f.body {
            *cards = Vec::new();
        }
        self.lock_paths(|p| {
            p.insert(f.path.clone());
            if let Some(c) = &copy {
                p.insert(c.path.clone());
            }
        });
        self.finish_one(f);
        if let Some(c) = copy {
            self.finish_one(c);
        }
    }

    /// Several generated files, in parallel.
    pub fn put_all(&self, files: Vec<OutputFile>) {
        files.into_par_iter().for_each(|f| self.put(f));
    }

    /// Static files and page assets, emitted after every generated file: one whose path a
    /// generated file already took is skipped (generated pages win a clash).
    pub fn put_statics(&self, files: Vec<OutputFile>) {
        files.into_par_iter().for_each(|f| {
            if self.lock_paths(|p| p.insert(f.path.clone())) {
                self.finish_one(f);
            }
        });
    }

    fn lock_paths<T>(&self, f: impl FnOnce(&mut HashSet<String>) -> T) -> T {
        let mut guard = self.paths.lock().unwrap_or_else(|e| e.into_inner());
        f(&mut guard)
    }

    fn error(&self, d: impl IntoIterator<Item = Diagnostic>) {
        self.errors
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .extend(d);
    }

    /// Audit, then keep or write.
    fn finish_one(&self, f: OutputFile) {
        if let Some(audit) = &self.audit {
            let leaks = timed(&self.clocks.audit, || audit.file(&f));
            if !leaks.is_empty() {
                self.error(leaks);
                return;
            }
        }
        match &self.dest {
            Dest::Memory => self.kept.lock().unwrap_or_else(|e| e.into_inner()).push(f),
            Dest::Dir(dir) => {
                if let Err(e) = timed(&self.clocks.write, || self.write(dir, &f)) {
                    self.error([e]);
                }
            }
        }
    }

    fn write(&self, dir: &Path, f: &OutputFile) -> Result<(), Diagnostic> {
        let dest = dir.join(&f.path);
        if let Some(parent) = dest.parent() {
            let fresh = !self
                .dirs
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .contains(parent);
            if fresh {
                std::fs::create_dir_all(parent).map_err(|e| io(parent, "create folder", e))?;
                self.dirs
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .insert(parent.to_path_buf());
            }
        }
        match &f.body {
            Body::Bytes(b) => std::fs::write(&dest, b).map_err(|e| io(&dest, "write", e)),
            Body::Text(s, _) => std::fs::write(&dest, s).map_err(|e| io(&dest, "write", e)),
            Body::Copy(src) => std::fs::copy(src, &dest)
                .map(|_| ())
                .map_err(|e| io(src, "copy", e)),
        }
    }

    /// Everything emitted, the audit's and the writes' errors, and the time they took.
    pub fn finish(self) -> Emitted {
        let mut files = self.kept.into_inner().unwrap_or_else(|e| e.into_inner());
        dedup_last_wins(&mut files);
        let count = self
            .paths
            .into_inner()
            .unwrap_or_else(|e| e.into_inner())
            .len();
        let clocks = &self.clocks;
        let ns = |c: &AtomicU64| Duration::from_nanos(c.load(Ordering::Relaxed));
        let mut timings = Vec::new();
        if self.hant_base.is_some() {
            timings.push(("scripts*", ns(&clocks.scripts)));
        }
        timings.push(("audit*", ns(&clocks.audit)));
        if matches!(self.dest, Dest::Dir(_)) {
            timings.push(("write*", ns(&clocks.write)));
        }
        let mut errors = self.errors.into_inner().unwrap_or_else(|e| e.into_inner());
        // Threads finish in any order; report in a stable one.
        errors.sort_by_key(|d| d.to_string());
        Emitted {
            files,
            count,
            errors,
            timings,
        }
    }
}

fn io(path: &Path, what: &str, e: std::io::Error) -> Diagnostic {
    Diagnostic::error(format!("cannot {what}: {e}")).at(path)
}

/// Keep the last file of each path (a later stage wins), in emission order.
fn dedup_last_wins(files: &mut Vec<OutputFile>) {
    let mut seen = HashSet::new();
    let mut keep = vec![false; files.len()];
    for (i, f) in files.iter().enumerate().rev() {
        keep[i] = seen.insert(f.path.clone());
    }
    let mut i = 0;
    files.retain(|_| {
        i += 1;
        keep[i - 1]
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::{abandon, prepare_staging, swap_in};

    /// A build's writing half: emit into staging, then swap in or abandon, as `build` does.
    fn publish(out: &Path, files: Vec<OutputFile>) -> Result<(), Vec<Diagnostic>> {
        let staging = prepare_staging(out).map_err(|e| vec![e])?;
        let emitter = Emitter::with_audit(None, None, Dest::Dir(staging.clone()));
        emitter.put_all(files);
        let emitted = emitter.finish();
        if !emitted.errors.is_empty() {
            abandon(&staging);
            return Err(emitted.errors);
        }
        swap_in(out, &staging).map_err(|e| vec![e])
    }

    #[test]
    fn swaps_and_keeps_nothing_stale() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        publish(
            &out,
            vec![
                OutputFile::bytes("a/index.html", "1"),
                OutputFile::bytes("old.txt", "x"),
            ],
        )
        .unwrap();
        publish(&out, vec![OutputFile::bytes("a/index.html", "2")]).unwrap();
        assert_eq!(
            std::fs::read_to_string(out.join("a/index.html")).unwrap(),
            "2"
        );
        assert!(!out.join("old.txt").exists());
        let names: Vec<_> = std::fs::read_dir(tmp.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(
            names.len(),
            1,
            "staging and old folders are removed: {names:?}"
        );
    }

    #[test]
    fn failed_write_keeps_previous_output() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        publish(&out, vec![OutputFile::bytes("index.html", "old")]).unwrap();
        let missing = OutputFile {
            path: "x.css".into(),
            body: Body::Copy(tmp.path().join("nope.css")),
        };
        assert!(publish(&out, vec![OutputFile::bytes("index.html", "new"), missing]).is_err());
        assert_eq!(
            std::fs::read_to_string(out.join("index.html")).unwrap(),
            "old"
        );
    }
}
