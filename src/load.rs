//! Loading: the only stage that reads the site folder. Walks `content/` (following symlinks, with
//! loop detection), reads Markdown as UTF-8 (naming the encoding when it looks like GBK), and lists
//! the other files as assets to copy. Files are read in parallel and returned sorted by path so
//! builds are deterministic.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::diag::Diagnostic;

/// A Markdown file under `content/`.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path relative to `content/`, with `/` separators.
    pub rel: String,
    /// Path as shown in messages (relative to the site root when possible).
    pub shown: PathBuf,
    pub text: String,
}

/// A non-Markdown file under `content/` or `static/`, copied to the output.
#[derive(Debug, Clone)]
pub struct Asset {
    /// Path relative to its root folder, with `/` separators.
    pub rel: String,
    pub abs: PathBuf,
    /// A text file of an anonymized page's bundle (csv, txt, svg…), read and anonymized with the
    /// page: published from here instead of copied.
    pub text: Option<String>,
}

/// Everything found under `content/`.
#[derive(Debug, Default)]
pub struct Content {
    pub markdown: Vec<SourceFile>,
    pub assets: Vec<Asset>,
}

/// Hidden files and editors' backup and lock files (`.x`, `x~`, `#x#`, `x.swp`, `x.bak`,
/// `x.orig`): never content, and a case's backup holds its original names.
fn ignored(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || (name.starts_with('#') && name.ends_with('#'))
        || [".swp", ".tmp", ".bak", ".orig", ".rej"]
            .iter()
            .any(|e| name.ends_with(e))
}

/// Paths of every file under `dir` (relative, `/`-separated) with loop and I/O errors reported.
pub fn walk(dir: &Path, site_root: &Path) -> (Vec<(String, PathBuf)>, Vec<Diagnostic>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    if !dir.is_dir() {
        return (files, errors);
    }
    let walker = walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !ignored(&e.file_name().to_string_lossy()));
    for entry in walker {
        match entry {
            Ok(e) if e.file_type().is_file() => {
                let rel = e.path().strip_prefix(dir).unwrap_or(e.path());
                let rel = rel
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/");
                files.push((rel, e.path().to_path_buf()));
            }
            Ok(_) => {}
            Err(err) => {
                let path = err
                    .path()
                    .map(|p| shown(p, site_root))
                    .unwrap_or_else(|| shown(dir, site_root));
                let d = if let Some(ancestor) = err.loop_ancestor() {
                    Diagnostic::error(format!(
                        "symlink loop: this link points back to {}",
                        shown(ancestor, site_root).display()
                    ))
                    .at(path)
                    .help("remove the link or point it outside its own folder")
                } else {
                    Diagnostic::error(format!("cannot read: {err}")).at(path)
                };
                errors.push(d);
            }
        }
    }
    (files, errors)
}

/// Path for messages: relative to the site root when it is inside it.
pub fn shown(path: &Path, site_root: &Path) -> PathBuf {
    path.strip_prefix(site_root)
        .map(Path::to_path_buf)
        .unwrap_or_else(|_| path.to_path_buf())
}

/// Load `content/` under `site_root`.
pub fn load_content(site_root: &Path) -> (Content, Vec<Diagnostic>) {
    load_content_seeing(site_root, &|_| {})
}

/// [`load_content`], showing each Markdown file's text to `see` as soon as it is read (on the
/// reading thread): the build starts work a file calls for while the others are still read.
pub fn load_content_seeing(
    site_root: &Path,
    see: &(dyn Fn(&str) + Sync),
) -> (Content, Vec<Diagnostic>) {
    let dir = site_root.join("content");
    let (files, mut errors) = walk(&dir, site_root);
    let (md, other): (Vec<_>, Vec<_>) =
        files.into_iter().partition(|(rel, _)| rel.ends_with(".md"));
    let read: Vec<Result<SourceFile, Diagnostic>> = md
        .into_par_iter()
        .map(|(rel, abs)| {
            let shown = shown(&abs, site_root);
            let bytes = std::fs::read(&abs)
                .map_err(|e| Diagnostic::error(format!("cannot read file: {e}")).at(&shown))?;
            let text = decode(bytes, &shown)?;
            see(&text);
            Ok(SourceFile { rel, shown, text })
        })
        .collect();
    let mut content = Content::default();
    for r in read {
        match r {
            Ok(f) => content.markdown.push(f),
            Err(e) => errors.push(e),
        }
    }
    content.assets = other
        .into_iter()
        .map(|(rel, abs)| Asset {
            rel,
            abs,
            text: None,
        })
        .collect();
    (content, errors)
}

/// UTF-8 text without a BOM and with LF line ends, or an error that says what the bytes look like.
pub fn decode(bytes: Vec<u8>, shown: &Path) -> Result<String, Diagnostic> {
    // simdutf8 checks Han text several times faster than the standard library, whose check
    // (and its error, which says where the bad bytes are) is for files that fail.
    let checked = match simdutf8::basic::from_utf8(&bytes) {
        Ok(text) => Ok(text.to_owned()),
        Err(_) => String::from_utf8(bytes),
    };
    match checked {
        Ok(mut s) => {
            if s.starts_with('\u{feff}') {
                s.drain(..3);
            }
            if s.contains('\r') {
                s = s.replace("\r\n", "\n");
            }
            Ok(s)
        }
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            let before = String::from_utf8_lossy(&bytes[..valid]);
            let line = before.matches('\n').count() + 1;
            let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            let (_, _, gbk_errors) = encoding_rs::GB18030.decode(&bytes);
            let d = Diagnostic::error("file is not valid UTF-8")
                .at(shown)
                .line(line, col);
            Err(if gbk_errors {
                d.help("save the file as UTF-8 in your editor")
            } else {
                d.help(format!(
                    "it looks like GBK/GB18030 (common for files from Windows); convert it with\n    iconv -f GB18030 -t UTF-8 '{0}' -o '{0}.utf8' && mv '{0}.utf8' '{0}'",
                    shown.display()
                ))
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gbk_is_recognised() {
        let (gbk, _, _) = encoding_rs::GBK.encode("+++\ntitle = \"调解\"\n+++\n");
        let e = decode(gbk.into_owned(), Path::new("a.md")).unwrap_err();
        assert!(e.help.unwrap().contains("GBK"));
        assert_eq!(e.line, Some(2));
    }

    #[test]
    fn each_markdown_text_is_seen_once_as_it_is_read() {
        let root = tempfile::tempdir().expect("temp dir");
        let content = root.path().join("content/cases");
        std::fs::create_dir_all(&content).expect("folders");
        for (name, text) in [
            ("a.md", "+++\ntitle = \"甲\"\n+++\n"),
            ("b.md", "+++\ntitle = \"乙\"\nkind = \"case\"\n+++\r\n"),
            ("c.md", "+++\ntitle = \"丙\"\n+++\n"),
            ("photo.jpg", "not markdown"),
        ] {
            std::fs::write(content.join(name), text).expect("write");
        }
        let seen = std::sync::Mutex::new(Vec::new());
        let (loaded, errors) = load_content_seeing(root.path(), &|t| {
            seen.lock().expect("lock").push(t.to_string())
        });
        assert!(errors.is_empty());
        let mut seen = seen.into_inner().expect("lock");
        let mut texts: Vec<String> = loaded.markdown.into_iter().map(|f| f.text).collect();
        seen.sort();
        texts.sort();
        // The decoded texts (line ends made LF), not the asset.
        assert_eq!(seen, texts);
        assert_eq!(seen.len(), 3);
        assert!(seen.iter().any(|t| t.contains("kind = \"case\"\n+++\n")));
    }

    #[test]
    fn bom_and_crlf_are_removed() {
        let s = decode("\u{feff}a\r\nb".as_bytes().to_vec(), Path::new("a")).unwrap();
        assert_eq!(s, "a\nb");
    }
}
