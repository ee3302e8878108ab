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
use crate::output::{Body, OutputFile, Previous};

/// Where emitted files end up.
#[derive(Debug, Clone)]
pub enum Dest {
    /// Kept in memory (serve, check, tests).
    Memory,
    /// Written under `staging`, which the caller created. A file whose bytes equal those of the
    /// same path under `previous` (the output being replaced) is hard-linked from it instead, so
    /// it keeps its timestamp (see `output::place`).
    Dir {
        staging: PathBuf,
        previous: Option<Arc<Previous>>,
    },
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
                    crate::script::convert_page(html, base, Some(&page_dir(&f.path)), cards),
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
    fn finish_one(&self, mut f: OutputFile) {
        // In memory (`serve`) a copied file is kept as the bytes audited: read from the disk at
        // each request, an edit that failed the next build's audit would still be served.
        let mut held = None;
        if matches!(self.dest, Dest::Memory)
            && let Body::Copy(src) = &f.body
        {
            match std::fs::read(src) {
                Ok(b) => held = Some(b),
                Err(e) => {
                    self.error([Diagnostic::error(format!("cannot read: {e}")).at(src)]);
                    return;
                }
            }
        }
        if let Some(audit) = &self.audit {
            let leaks = timed(&self.clocks.audit, || audit.file_read(&f, held.as_deref()));
            if !leaks.is_empty() {
                self.error(leaks);
                return;
            }
        }
        if let Some(b) = held {
            f.body = Body::Bytes(b);
        }
        match &self.dest {
            Dest::Memory => self.kept.lock().unwrap_or_else(|e| e.into_inner()).push(f),
            Dest::Dir { staging, previous } => {
                let write = || self.write(staging, previous.as_deref(), &f);
                if let Err(e) = timed(&self.clocks.write, write) {
                    self.error([e]);
                }
            }
        }
    }

    fn write(
        &self,
        dir: &Path,
        previous: Option<&Previous>,
        f: &OutputFile,
    ) -> Result<(), Diagnostic> {
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
        crate::output::place(&f.body, &dest, previous, &f.path)
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
        if matches!(self.dest, Dest::Dir { .. }) {
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

/// The site folder of an output file (`cases/a/index.html` → `/cases/a/`).
fn page_dir(path: &str) -> String {
    match path.rsplit_once('/') {
        Some((dir, _)) => format!("/{dir}/"),
        None => "/".to_string(),
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
        let dest = Dest::Dir {
            staging: staging.clone(),
            previous: Some(Arc::new(Previous::new(out.to_path_buf()))),
        };
        let emitter = Emitter::with_audit(None, None, dest);
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

    #[cfg(unix)]
    fn identity(p: &Path) -> (u64, std::time::SystemTime) {
        use std::os::unix::fs::MetadataExt;
        let m = std::fs::symlink_metadata(p).unwrap();
        (m.ino(), m.modified().unwrap())
    }

    #[test]
    #[cfg(unix)]
    fn unchanged_files_are_linked_from_the_previous_output_and_changed_ones_written() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let stat = tmp.path().join("logo.png");
        std::fs::write(&stat, [1u8, 2, 3]).unwrap();
        let logo = || OutputFile {
            path: "logo.png".into(),
            body: Body::Copy(stat.clone()),
        };
        let first = vec![
            OutputFile::bytes("same.html", "同样"),
            OutputFile::bytes("longer.html", "旧"),
            OutputFile::bytes("edited.html", "甲乙"),
            logo(),
        ];
        publish(&out, first).unwrap();
        let before: Vec<_> = ["same.html", "longer.html", "edited.html", "logo.png"]
            .iter()
            .map(|f| identity(&out.join(f)))
            .collect();
        // A file the previous output does not hold, one of another length, one of the same
        // length with other bytes.
        let second = vec![
            OutputFile::bytes("same.html", "同样"),
            OutputFile::bytes("longer.html", "旧的"),
            OutputFile::bytes("edited.html", "丙丁"),
            OutputFile::bytes("new.html", "新"),
            logo(),
        ];
        publish(&out, second).unwrap();
        let read = |f: &str| std::fs::read_to_string(out.join(f)).unwrap();
        assert_eq!(
            identity(&out.join("same.html")),
            before[0],
            "kept as it was"
        );
        assert_eq!(
            identity(&out.join("logo.png")),
            before[3],
            "static file kept"
        );
        assert_ne!(identity(&out.join("longer.html")).0, before[1].0);
        assert_ne!(identity(&out.join("edited.html")).0, before[2].0);
        assert_eq!(
            (
                read("same.html"),
                read("longer.html"),
                read("edited.html"),
                read("new.html")
            ),
            ("同样".into(), "旧的".into(), "丙丁".into(), "新".into())
        );
        // The static file changes: copied anew, with the source's permissions.
        std::fs::write(&stat, [4u8, 5, 6]).unwrap();
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&stat, std::fs::Permissions::from_mode(0o640)).unwrap();
        publish(&out, vec![logo()]).unwrap();
        assert_eq!(std::fs::read(out.join("logo.png")).unwrap(), [4, 5, 6]);
        let mode = std::fs::metadata(out.join("logo.png"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o640);
        // Only its permissions change: copied anew too, so the output has them.
        std::fs::set_permissions(&stat, std::fs::Permissions::from_mode(0o600)).unwrap();
        let linked_before = identity(&out.join("logo.png"));
        publish(&out, vec![logo()]).unwrap();
        let m = std::fs::metadata(out.join("logo.png")).unwrap();
        assert_eq!(m.permissions().mode() & 0o777, 0o600);
        assert_ne!(identity(&out.join("logo.png")).0, linked_before.0);
    }

    /// A file of the previous output with another name elsewhere (a deploy folder made with
    /// `cp -al`), or reached through a folder that is a symbolic link, is not the build's own:
    /// the new output gets a file of its own, so a later write to the other name cannot reach it.
    #[test]
    #[cfg(unix)]
    fn files_the_build_does_not_own_are_not_linked() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        publish(
            &out,
            vec![
                OutputFile::bytes("a.html", "甲"),
                OutputFile::bytes("own/b.html", "乙"),
            ],
        )
        .unwrap();
        let deployed = tmp.path().join("deployed-a.html");
        std::fs::hard_link(out.join("a.html"), &deployed).unwrap();
        let elsewhere = tmp.path().join("elsewhere");
        std::fs::create_dir(&elsewhere).unwrap();
        std::fs::write(elsewhere.join("c.html"), "丙").unwrap();
        std::fs::create_dir(elsewhere.join("deeper")).unwrap();
        std::fs::write(elsewhere.join("deeper/d.html"), "丁").unwrap();
        std::fs::write(elsewhere.join("deeper/e.html"), "戊").unwrap();
        std::os::unix::fs::symlink(&elsewhere, out.join("sub")).unwrap();
        publish(
            &out,
            vec![
                OutputFile::bytes("a.html", "甲"),
                OutputFile::bytes("own/b.html", "乙"),
                OutputFile::bytes("sub/c.html", "丙"),
                OutputFile::bytes("sub/deeper/d.html", "丁"),
                OutputFile::bytes("sub/deeper/e.html", "戊"),
            ],
        )
        .unwrap();
        // Below the linked folder, too, for every file (not only the first looked at).
        for f in ["d.html", "e.html"] {
            assert_ne!(
                identity(&out.join("sub/deeper").join(f)).0,
                identity(&elsewhere.join("deeper").join(f)).0,
                "{f}"
            );
        }
        assert_ne!(identity(&out.join("a.html")).0, identity(&deployed).0);
        assert_ne!(
            identity(&out.join("sub/c.html")).0,
            identity(&elsewhere.join("c.html")).0
        );
        std::fs::write(&deployed, "泄露").unwrap();
        std::fs::write(elsewhere.join("c.html"), "泄露").unwrap();
        let read = |f: &str| std::fs::read_to_string(out.join(f)).unwrap();
        assert_eq!(
            (read("a.html"), read("sub/c.html")),
            ("甲".into(), "丙".into())
        );
        // A file the build owns, in a folder of its own, is still linked.
        use std::os::unix::fs::MetadataExt;
        let before = std::fs::metadata(out.join("own/b.html")).unwrap().ino();
        publish(&out, vec![OutputFile::bytes("own/b.html", "乙")]).unwrap();
        assert_eq!(
            std::fs::metadata(out.join("own/b.html")).unwrap().ino(),
            before
        );
    }

    /// A file linked from the previous output and then emitted again under the same path (a
    /// later stage replacing it) is replaced, not written through: the previous output keeps its
    /// bytes whether the build then succeeds or fails.
    #[test]
    #[cfg(unix)]
    fn a_linked_file_is_never_written_through() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        publish(&out, vec![OutputFile::bytes("index.html", "old")]).unwrap();
        let old = out.join("index.html");
        let staging = prepare_staging(&out).unwrap();
        let dest = Dest::Dir {
            staging: staging.clone(),
            previous: Some(Arc::new(Previous::new(out.clone()))),
        };
        let emitter = Emitter::with_audit(None, None, dest);
        emitter.put(OutputFile::bytes("index.html", "old"));
        use std::os::unix::fs::MetadataExt;
        assert_eq!(std::fs::metadata(&old).unwrap().nlink(), 2, "linked");
        emitter.put(OutputFile::bytes("index.html", "new"));
        assert_eq!(std::fs::read_to_string(&old).unwrap(), "old");
        assert_eq!(
            std::fs::read_to_string(staging.join("index.html")).unwrap(),
            "new"
        );
        assert!(emitter.finish().errors.is_empty());
        abandon(&staging);
        assert_eq!(std::fs::read_to_string(&old).unwrap(), "old");
        assert_eq!(std::fs::metadata(&old).unwrap().nlink(), 1);
    }

    /// A symbolic link in the previous output is never reused, even to a file with the same
    /// bytes: the new output holds a file of its own, and the link's target is not touched.
    #[test]
    #[cfg(unix)]
    fn a_symbolic_link_in_the_previous_output_is_not_reused() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        publish(&out, vec![OutputFile::bytes("index.html", "x")]).unwrap();
        let target = tmp.path().join("target.html");
        // As long as the link's own text (its target's path), so only its kind tells it apart.
        let same = "x".repeat(target.as_os_str().len());
        std::fs::write(&target, &same).unwrap();
        std::os::unix::fs::symlink(&target, out.join("a.html")).unwrap();
        let target_before = identity(&target);
        publish(&out, vec![OutputFile::bytes("a.html", same.clone())]).unwrap();
        let m = std::fs::symlink_metadata(out.join("a.html")).unwrap();
        assert!(m.is_file(), "a file of its own, not a link");
        assert_ne!(identity(&out.join("a.html")).0, target_before.0);
        assert_eq!(identity(&target), target_before);
        assert_eq!(std::fs::read_to_string(&target).unwrap(), same);
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
