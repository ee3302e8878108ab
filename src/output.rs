//! Output: the staging folder and the swap. `emit` writes each audited file into a staging folder
//! beside the output folder; once the whole build has succeeded this module swaps the two with
//! renames, so a failed build never leaves a half-written site and the previous output stays as
//! it was. A file whose bytes the previous output already holds is hard-linked from it instead of
//! written (`place`), so unchanged files keep their timestamps.

use std::fs::{File, OpenOptions};
use std::io::{ErrorKind, Read, Write};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::diag::Diagnostic;

/// What goes into one output file.
#[derive(Debug, Clone)]
pub enum Body {
    Bytes(Vec<u8>),
    /// Text known to be UTF-8 (rendered pages): the traditional copy reads it without checking
    /// it again, and copies the converted form of the cards found in it.
    Text(String, Vec<crate::cards::Span>),
    /// Copy this file as is (static files, theme assets).
    Copy(PathBuf),
}

impl Body {
    /// The bytes, when held in memory.
    pub fn bytes(&self) -> Option<&[u8]> {
        match self {
            Body::Bytes(b) => Some(b),
            Body::Text(s, _) => Some(s.as_bytes()),
            Body::Copy(_) => None,
        }
    }
}

/// One file of the built site, by path relative to the output folder (`/`-separated).
#[derive(Debug, Clone)]
pub struct OutputFile {
    pub path: String,
    pub body: Body,
}

impl OutputFile {
    pub fn bytes(path: impl Into<String>, bytes: impl Into<Vec<u8>>) -> Self {
        OutputFile {
            path: path.into(),
            body: Body::Bytes(bytes.into()),
        }
    }

    /// A file of text (a rendered page).
    pub fn text(path: impl Into<String>, text: String) -> Self {
        OutputFile {
            path: path.into(),
            body: Body::Text(text, Vec::new()),
        }
    }

    /// A rendered page, with the cards found in it.
    pub fn page(path: impl Into<String>, page: crate::render::Rendered) -> Self {
        OutputFile {
            path: path.into(),
            body: Body::Text(page.html, page.cards),
        }
    }
}

fn sibling(out: &Path, suffix: &str) -> PathBuf {
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    out.with_file_name(format!(".{name}.{suffix}"))
}

fn io(path: &Path, what: &str, e: std::io::Error) -> Diagnostic {
    Diagnostic::error(format!("cannot {what}: {e}")).at(path)
}

/// Create the empty staging folder beside `out` (`.<out>.pufa-staging`), removing what a crashed
/// build left there, and return it.
pub fn prepare_staging(out: &Path) -> Result<PathBuf, Diagnostic> {
    let staging = sibling(out, "pufa-staging");
    let old = sibling(out, "pufa-old");
    if let Some(parent) = out.parent()
        && !parent.as_os_str().is_empty()
    {
        std::fs::create_dir_all(parent)
            .map_err(|e| io(parent, "create the output's parent folder", e))?;
    }
    for leftover in [&staging, &old] {
        if leftover.exists() {
            std::fs::remove_dir_all(leftover)
                .map_err(|e| io(leftover, "remove a leftover folder", e))?;
        }
    }
    std::fs::create_dir_all(&staging).map_err(|e| io(&staging, "create folder", e))?;
    Ok(staging)
}

/// Put `body` at `dest` in the staging folder. When `previous` (the same path in the output being
/// replaced) is a regular file holding the very same bytes, it is hard-linked instead of
/// written: an unchanged file keeps its timestamp (deploy tools such as `rsync` and web servers'
/// `Last-Modified` see only what changed), and neither writing it nor removing the old output
/// frees and fills its memory again. The previous output is only read: a name is added to its
/// file, never a byte written to it, and a file whose path is written twice is unlinked first
/// (`create_new`), so a linked file is never truncated. Any failure to compare or link falls
/// back to writing.
pub fn place(body: &Body, dest: &Path, previous: Option<&Path>) -> Result<(), Diagnostic> {
    if let Some(old) = previous {
        let same = match body {
            Body::Copy(src) => same_files(old, src),
            _ => body.bytes().is_some_and(|b| holds(old, b)),
        };
        if same && link(old, dest).is_ok() {
            return Ok(());
        }
    }
    match body {
        Body::Bytes(b) => write_new(dest, b),
        Body::Text(s, _) => write_new(dest, s.as_bytes()),
        Body::Copy(src) => copy_new(src, dest),
    }
}

fn write_new(dest: &Path, bytes: &[u8]) -> Result<(), Diagnostic> {
    create_new(dest)
        .and_then(|mut f| f.write_all(bytes))
        .map_err(|e| io(dest, "write", e))
}

fn copy_new(src: &Path, dest: &Path) -> Result<(), Diagnostic> {
    let mut from = File::open(src).map_err(|e| io(src, "copy", e))?;
    let copied = create_new(dest).and_then(|mut to| {
        std::io::copy(&mut from, &mut to)?;
        // As `std::fs::copy` does: the copy gets the source's permissions.
        to.set_permissions(from.metadata()?.permissions())
    });
    copied.map_err(|e| io(src, "copy", e))
}

/// A new file at `dest`; a file already there (emitted earlier under the same path, possibly a
/// link into the previous output) is unlinked first, never overwritten in place.
fn create_new(dest: &Path) -> std::io::Result<File> {
    let open = || OpenOptions::new().write(true).create_new(true).open(dest);
    match open() {
        Err(e) if e.kind() == ErrorKind::AlreadyExists => {
            std::fs::remove_file(dest)?;
            open()
        }
        r => r,
    }
}

fn link(old: &Path, dest: &Path) -> std::io::Result<()> {
    match std::fs::hard_link(old, dest) {
        Err(e) if e.kind() == ErrorKind::AlreadyExists => {
            std::fs::remove_file(dest)?;
            std::fs::hard_link(old, dest)
        }
        r => r,
    }
}

/// `path` opened for reading if it is a regular file (not a symbolic link to one) of `len`
/// bytes. A file of another length is not opened: most changed files are told apart here.
fn open_sized(path: &Path, len: u64) -> Option<File> {
    let m = std::fs::symlink_metadata(path).ok()?;
    if !m.is_file() || m.len() != len {
        return None;
    }
    File::open(path).ok()
}

const CHUNK: usize = 64 << 10;

thread_local! {
    static BUFFERS: std::cell::RefCell<(Vec<u8>, Vec<u8>)> = const {
        std::cell::RefCell::new((Vec::new(), Vec::new()))
    };
}

/// Read into `buf` until it is full or the file ends; the bytes read.
fn fill(f: &mut File, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match f.read(&mut buf[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(n)
}

/// Whether the regular file `old` holds exactly `bytes`.
fn holds(old: &Path, bytes: &[u8]) -> bool {
    let Some(mut f) = open_sized(old, bytes.len() as u64) else {
        return false;
    };
    BUFFERS.with_borrow_mut(|(buf, _)| {
        buf.resize(CHUNK, 0);
        let mut rest = bytes;
        loop {
            let Ok(n) = fill(&mut f, buf) else {
                return false;
            };
            if n > rest.len() || buf[..n] != rest[..n] {
                return false;
            }
            rest = &rest[n..];
            // `fill` stops short only at the end of the file.
            if n < buf.len() {
                return rest.is_empty();
            }
        }
    })
}

/// Whether the regular file `old` holds the same bytes as the file `src`.
fn same_files(old: &Path, src: &Path) -> bool {
    let Ok(mut b) = File::open(src) else {
        return false;
    };
    let Some(mut a) = b.metadata().ok().and_then(|m| open_sized(old, m.len())) else {
        return false;
    };
    BUFFERS.with_borrow_mut(|(x, y)| {
        x.resize(CHUNK, 0);
        y.resize(CHUNK, 0);
        loop {
            match (fill(&mut a, x), fill(&mut b, y)) {
                (Ok(n), Ok(m)) if n == m && x[..n] == y[..n] => {
                    if n < CHUNK {
                        return true;
                    }
                }
                _ => return false,
            }
        }
    })
}

/// Remove a folder tree, its subfolders in parallel (the previous output can hold tens of
/// thousands of files). Best effort: what cannot be removed is left for the next build.
fn remove_tree(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let entries: Vec<_> = entries.filter_map(Result::ok).collect();
    entries.par_iter().for_each(|e| {
        let path = e.path();
        match e.file_type() {
            Ok(t) if t.is_dir() => {
                // Most folders of a built site hold one page: removing it and the folder blindly
                // takes two system calls, reading the folder first five more.
                let _ = std::fs::remove_file(path.join("index.html"));
                if std::fs::remove_dir(&path).is_err() {
                    remove_tree(&path);
                }
            }
            _ => {
                let _ = std::fs::remove_file(&path);
            }
        }
    });
    let _ = std::fs::remove_dir(dir);
}

/// Remove a staging folder whose build failed.
pub fn abandon(staging: &Path) {
    remove_tree(staging);
}

/// Replace `out` by the complete `staging` folder with two renames.
pub fn swap_in(out: &Path, staging: &Path) -> Result<(), Diagnostic> {
    let old = sibling(out, "pufa-old");
    if out.exists() {
        std::fs::rename(out, &old).map_err(|e| io(out, "move the previous output aside", e))?;
        if let Err(e) = std::fs::rename(staging, out) {
            // Put the previous output back before reporting.
            let _ = std::fs::rename(&old, out);
            abandon(staging);
            return Err(io(out, "move the new output into place", e));
        }
        remove_tree(&old);
    } else {
        std::fs::rename(staging, out).map_err(|e| {
            abandon(staging);
            io(out, "move the new output into place", e)
        })?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every kind of folder the previous output can hold is removed: one page, a page with
    /// other files and folders, no page, empty, a page name that is a folder, and a link whose
    /// target stays.
    #[test]
    fn the_previous_output_is_removed_whole() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let out = tmp.path().join("public");
        let write = |rel: &str| {
            let p = out.join(rel);
            std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
            std::fs::write(p, "x").expect("write");
        };
        write("index.html");
        write("a/index.html");
        write("b/index.html");
        write("b/photo.jpg");
        write("b/print/index.html");
        write("c/feed.xml");
        write("e/index.html/deep.txt");
        std::fs::create_dir_all(out.join("d")).expect("mkdir");
        let kept = tmp.path().join("kept.txt");
        std::fs::write(&kept, "keep").expect("write");
        std::os::unix::fs::symlink(&kept, out.join("a/link")).expect("symlink");

        let staging = prepare_staging(&out).expect("staging");
        std::fs::write(staging.join("index.html"), "new").expect("write");
        swap_in(&out, &staging).expect("swap");
        let names: Vec<_> = std::fs::read_dir(tmp.path())
            .expect("read")
            .map(|e| e.expect("entry").file_name())
            .collect();
        assert_eq!(
            names.len(),
            2,
            "only the new output and the link's target: {names:?}"
        );
        assert_eq!(
            std::fs::read_to_string(out.join("index.html")).expect("read"),
            "new"
        );
        assert_eq!(std::fs::read_dir(&out).expect("read").count(), 1);
        assert_eq!(std::fs::read_to_string(&kept).expect("read"), "keep");
    }
}
