//! Output: the staging folder and the swap. `emit` writes each audited file into a staging folder
//! beside the output folder; once the whole build has succeeded this module swaps the two with
//! renames, so a failed build never leaves a half-written site and the previous output stays as
//! it was.

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
