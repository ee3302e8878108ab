//! Output: the staging folder and the swap. `emit` writes each audited file into a staging folder
//! beside the output folder; once the whole build has succeeded this module swaps the two with
//! renames, so a failed build never leaves a half-written site and the previous output stays as
//! it was. A file whose bytes the previous output already holds is hard-linked from it instead of
//! written (`place`), so unchanged files keep their timestamps.

use std::collections::HashSet;
use std::fs::{File, OpenOptions};
use std::io::{ErrorKind, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::RwLock;
use std::sync::atomic::{AtomicBool, Ordering};

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

pub(crate) fn sibling(out: &Path, suffix: &str) -> PathBuf {
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

/// The output a build replaces, from which the files that did not change are linked.
#[derive(Debug)]
pub struct Previous {
    dir: PathBuf,
    /// Folders (relative to `dir`) found to be folders of its own, not symbolic links.
    folders: RwLock<HashSet<PathBuf>>,
    /// Cleared once a link fails in a way every later one would (another device, a file system
    /// without hard links, no permission): the build then stops reading files it cannot link.
    linking: AtomicBool,
}

impl Previous {
    pub fn new(dir: PathBuf) -> Self {
        Previous {
            dir,
            folders: RwLock::new(HashSet::new()),
            linking: AtomicBool::new(true),
        }
    }

    /// The previous output's file at `rel` (`/`-separated), if every folder on the way there is
    /// a folder of the previous output itself: a symbolic link to a folder elsewhere would make
    /// the new output share files the build does not own.
    fn file(&self, rel: &str) -> Option<PathBuf> {
        let rel = Path::new(rel);
        let known = |folder: &Path| {
            self.folders
                .read()
                .map(|f| f.contains(folder))
                .unwrap_or(false)
        };
        let Some(parent) = rel.parent().filter(|p| !p.as_os_str().is_empty()) else {
            return Some(self.dir.join(rel));
        };
        if !known(parent) {
            // Outermost first: a folder is noted only once every folder around it was found to
            // be a folder of its own (`lstat` follows the links on the way to its last part).
            let mut on_the_way: Vec<&Path> = parent
                .ancestors()
                .filter(|f| !f.as_os_str().is_empty())
                .collect();
            on_the_way.reverse();
            for folder in on_the_way {
                if known(folder) {
                    continue;
                }
                let m = std::fs::symlink_metadata(self.dir.join(folder)).ok()?;
                if !m.is_dir() {
                    return None;
                }
                if let Ok(mut f) = self.folders.write() {
                    f.insert(folder.to_path_buf());
                }
            }
        }
        Some(self.dir.join(rel))
    }
}

/// Put `body` at `dest` in the staging folder. When the previous output holds at `rel` a regular
/// file with the very same bytes (and, for a copied file, the same permissions), it is hard-linked
/// instead of written: an unchanged file keeps its timestamp (deploy tools such as `rsync` and web
/// servers' `Last-Modified` see only what changed), and neither writing it nor removing the old
/// output frees and fills its memory again. Only a file the build owns is linked: a regular file
/// with no other name, inside folders of the previous output (no symbolic link on the way), and
/// after the link the new name must be that very file (same device and inode, two names), or it
/// is removed and the bytes written. The previous output is only read: a name is added to its
/// file, never a byte written to it, and a file whose path is written twice is unlinked first
/// (`create_new`), so a linked file is never truncated. Any failure to compare or link falls back
/// to writing.
pub fn place(
    body: &Body,
    dest: &Path,
    previous: Option<&Previous>,
    rel: &str,
) -> Result<(), Diagnostic> {
    if let Some(prev) = previous
        && prev.linking.load(Ordering::Relaxed)
        && let Some(old) = prev.file(rel)
    {
        let same = match body {
            Body::Copy(src) => same_files(&old, src),
            _ => body.bytes().and_then(|b| holds(&old, b)),
        };
        if let Some(id) = same {
            match link(&old, dest) {
                Ok(()) if linked(dest, id) => return Ok(()),
                // Not the file compared (replaced meanwhile): written below instead.
                Ok(()) => {}
                Err(e) => {
                    if matches!(
                        e.kind(),
                        ErrorKind::CrossesDevices
                            | ErrorKind::PermissionDenied
                            | ErrorKind::Unsupported
                    ) {
                        prev.linking.store(false, Ordering::Relaxed);
                    }
                }
            }
        }
    }
    match body {
        Body::Bytes(b) => write_new(dest, b),
        Body::Text(s, _) => write_new(dest, s.as_bytes()),
        Body::Copy(src) => copy_new(src, dest),
    }
}

/// A file's device and inode.
type FileId = (u64, u64);

/// Device, inode and number of names of a file (Unix; elsewhere nothing is linked).
#[cfg(unix)]
fn id_of(m: &std::fs::Metadata) -> Option<(FileId, u64)> {
    use std::os::unix::fs::MetadataExt;
    Some(((m.dev(), m.ino()), m.nlink()))
}

#[cfg(not(unix))]
fn id_of(_: &std::fs::Metadata) -> Option<(FileId, u64)> {
    None
}

/// Whether `dest`, just linked, is the file `id` with exactly two names (the old and the new).
fn linked(dest: &Path, id: FileId) -> bool {
    std::fs::symlink_metadata(dest)
        .ok()
        .and_then(|m| id_of(&m))
        .is_some_and(|(got, names)| got == id && names == 2)
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
/// bytes with no other name, and its identity. A file of another length is not opened: most
/// changed files are told apart here. The opened file must be the one looked at.
fn open_sized(path: &Path, len: u64) -> Option<(File, FileId, std::fs::Metadata)> {
    let m = std::fs::symlink_metadata(path).ok()?;
    if !m.is_file() || m.len() != len {
        return None;
    }
    let (id, _) = id_of(&m)?;
    let f = File::open(path).ok()?;
    let opened = f.metadata().ok()?;
    let (got, names) = id_of(&opened)?;
    (got == id && names == 1 && opened.len() == len).then_some((f, id, opened))
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

/// The identity of the regular file `old` if it holds exactly `bytes`.
fn holds(old: &Path, bytes: &[u8]) -> Option<FileId> {
    let (mut f, id, _) = open_sized(old, bytes.len() as u64)?;
    let same = BUFFERS.with_borrow_mut(|(buf, _)| {
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
    });
    same.then_some(id)
}

/// The identity of the regular file `old` if it holds the same bytes as the file `src` and has
/// its permissions (a copy has its source's, as with `std::fs::copy`).
fn same_files(old: &Path, src: &Path) -> Option<FileId> {
    let mut b = File::open(src).ok()?;
    let source = b.metadata().ok()?;
    let (mut a, id, m) = open_sized(old, source.len())?;
    if m.permissions() != source.permissions() {
        return None;
    }
    let same = BUFFERS.with_borrow_mut(|(x, y)| {
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
    });
    same.then_some(id)
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
