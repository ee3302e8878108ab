//! Themes: finds the templates and static files a build uses. The default theme is embedded in
//! the binary, so a site needs no `themes/` folder; a `themes/<name>/` folder in the site wins, and
//! the site's own `templates/` override theme templates of the same name.

use std::collections::BTreeMap;
use std::path::Path;

use include_dir::{Dir, include_dir};

use crate::config::Config;
use crate::diag::Diagnostic;
use crate::load::{decode, shown, walk};
use crate::output::{Body, OutputFile};

static DEFAULT_THEME: Dir = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// Templates (name → source, with the file shown in messages) and static files of a build.
#[derive(Debug, Default)]
pub struct Theme {
    pub templates: BTreeMap<String, (String, String)>,
    pub statics: Vec<OutputFile>,
}

/// Load the theme named in config plus the site's `templates/` and `static/`.
pub fn load(root: &Path, config: &Config) -> Result<Theme, Vec<Diagnostic>> {
    let mut theme = Theme::default();
    let mut errors = Vec::new();
    let name = config.theme.as_deref().unwrap_or("default");
    let dir = root.join("themes").join(name);
    if dir.is_dir() {
        read_dir_into(&dir.join("templates"), root, &mut theme, &mut errors, None);
        read_dir_into(
            &dir.join("static"),
            root,
            &mut theme,
            &mut errors,
            Some(config),
        );
    } else if name == "default" {
        embedded(&DEFAULT_THEME, &mut theme);
    } else {
        errors.push(
            Diagnostic::error(format!("theme `{name}` not found: there is no folder {}", shown(&dir, root).display()))
                .at(root.join("config.toml"))
                .help("put the theme in themes/<name>/ or remove `theme` to use the built-in default theme"),
        );
    }
    let from_theme: Vec<String> = theme.templates.keys().cloned().collect();
    read_dir_into(&root.join("templates"), root, &mut theme, &mut errors, None);
    read_dir_into(
        &root.join("static"),
        root,
        &mut theme,
        &mut errors,
        Some(config),
    );
    // A site's shortcode replaces the theme's of the same name whichever its file type: the
    // theme's `tip.md` would otherwise win over the site's `tip.html`.
    for name in from_theme {
        let Some(stem) = name
            .strip_prefix("shortcodes/")
            .and_then(|n| n.strip_suffix(".md").or_else(|| n.strip_suffix(".html")))
        else {
            continue;
        };
        let other = if name.ends_with(".md") {
            format!("shortcodes/{stem}.html")
        } else {
            format!("shortcodes/{stem}.md")
        };
        let site_has_other = theme
            .templates
            .get(&other)
            .is_some_and(|(_, file)| file.starts_with("templates"));
        let site_has_same = theme
            .templates
            .get(&name)
            .is_some_and(|(_, file)| file.starts_with("templates"));
        if site_has_other && !site_has_same {
            theme.templates.remove(&name);
        }
    }
    if errors.is_empty() {
        Ok(theme)
    } else {
        Err(errors)
    }
}

/// Read a `templates/` folder (`statics: None`) or a `static/` folder, whose files matching
/// the config's `ignored_static` are left out.
fn read_dir_into(
    dir: &Path,
    root: &Path,
    theme: &mut Theme,
    errors: &mut Vec<Diagnostic>,
    statics: Option<&Config>,
) {
    let (files, errs) = walk(dir, root);
    errors.extend(errs);
    for (rel, abs) in files {
        if statics.is_some_and(|c| c.static_ignored(&rel)) {
            continue;
        }
        if statics.is_none() {
            let shown_path = shown(&abs, root);
            match std::fs::read(&abs)
                .map_err(|e| Diagnostic::error(format!("cannot read: {e}")).at(&shown_path))
                .and_then(|b| decode(b, &shown_path))
            {
                Ok(text) => {
                    theme
                        .templates
                        .insert(rel, (text, shown_path.display().to_string()));
                }
                Err(e) => errors.push(e),
            }
        } else {
            theme.statics.retain(|f| f.path != rel);
            theme.statics.push(OutputFile {
                path: rel,
                body: Body::Copy(abs),
            });
        }
    }
}

fn embedded(dir: &'static Dir<'static>, theme: &mut Theme) {
    fn visit(d: &'static Dir<'static>, out: &mut Vec<(&'static Path, &'static [u8])>) {
        for f in d.files() {
            out.push((f.path(), f.contents()));
        }
        for sub in d.dirs() {
            visit(sub, out);
        }
    }
    let mut files = Vec::new();
    visit(dir, &mut files);
    for (path, bytes) in files {
        let rel = path.to_string_lossy().replace('\\', "/");
        if let Some(name) = rel.strip_prefix("templates/") {
            let text = String::from_utf8_lossy(bytes).into_owned();
            theme.templates.insert(
                name.to_string(),
                (text, format!("(built-in theme) templates/{name}")),
            );
        } else if let Some(name) = rel.strip_prefix("static/") {
            theme
                .statics
                .push(OutputFile::bytes(name.to_string(), bytes.to_vec()));
        }
    }
}

/// The embedded default theme's files, for `pufa init` and tests.
pub fn default_theme_files() -> Vec<(String, &'static [u8])> {
    let mut out = Vec::new();
    fn visit(d: &'static Dir<'static>, out: &mut Vec<(String, &'static [u8])>) {
        for f in d.files() {
            out.push((f.path().to_string_lossy().replace('\\', "/"), f.contents()));
        }
        for sub in d.dirs() {
            visit(sub, out);
        }
    }
    visit(&DEFAULT_THEME, &mut out);
    out
}
