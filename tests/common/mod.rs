//! Test helpers: write a small site into a temp folder, build it, read outputs.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;

pub const CONFIG: &str = "title = \"测试站\"\nbase_url = \"https://t.example.org\"\ntaxonomies = [{ name = \"tags\", feed = true }]\n";

/// A site in a temp folder.
pub struct TestSite {
    pub dir: tempfile::TempDir,
}

impl TestSite {
    pub fn new() -> Self {
        let site = TestSite {
            dir: tempfile::tempdir().expect("temp dir"),
        };
        site.file("config.toml", CONFIG);
        site
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// Write a file (parents created).
    pub fn file(&self, rel: &str, text: &str) -> &Self {
        self.bytes(rel, text.as_bytes())
    }

    pub fn bytes(&self, rel: &str, bytes: &[u8]) -> &Self {
        let path = self.root().join(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, bytes).expect("write");
        self
    }

    pub fn public(&self) -> PathBuf {
        self.root().join("public")
    }

    /// Contents of an output file, with a clear failure when it is missing.
    pub fn read(&self, rel: &str) -> String {
        let path = self.public().join(rel);
        std::fs::read_to_string(&path).unwrap_or_else(|e| {
            let mut listing = Vec::new();
            list(&self.public(), &self.public(), &mut listing);
            panic!(
                "cannot read output {rel}: {e}\noutput files:\n{}",
                listing.join("\n")
            )
        })
    }

    pub fn exists(&self, rel: &str) -> bool {
        self.public().join(rel).exists()
    }

    /// Every output file (relative paths), sorted.
    pub fn outputs(&self) -> Vec<String> {
        let mut out = Vec::new();
        list(&self.public(), &self.public(), &mut out);
        out.sort();
        out
    }

    pub fn cmd(&self) -> Command {
        let mut c = Command::cargo_bin("pufa").expect("pufa binary");
        c.current_dir(self.root());
        c
    }

    /// `pufa build`; panics with the output if it fails.
    pub fn build_ok(&self) -> String {
        let out = self.cmd().arg("build").output().expect("run pufa");
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(out.status.success(), "build failed:\n{text}");
        text
    }

    /// `pufa build` expected to fail; returns stderr.
    pub fn build_err(&self) -> String {
        let out = self.cmd().arg("build").output().expect("run pufa");
        let text = String::from_utf8_lossy(&out.stderr).into_owned();
        assert!(
            !out.status.success(),
            "build should fail but succeeded:\n{}{text}",
            String::from_utf8_lossy(&out.stdout)
        );
        assert_eq!(
            out.status.code(),
            Some(1),
            "content errors exit with 1:\n{text}"
        );
        text
    }
}

fn list(base: &Path, dir: &Path, out: &mut Vec<String>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    for e in rd.flatten() {
        let p = e.path();
        if p.is_dir() {
            list(base, &p, out);
        } else {
            out.push(
                p.strip_prefix(base)
                    .unwrap_or(&p)
                    .to_string_lossy()
                    .into_owned(),
            );
        }
    }
}

/// Every output file's bytes with its path, for leak scans.
pub fn all_output(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut names = Vec::new();
    list(dir, dir, &mut names);
    names
        .into_iter()
        .map(|n| {
            let bytes = std::fs::read(dir.join(&n)).unwrap_or_default();
            (n, bytes)
        })
        .collect()
}
