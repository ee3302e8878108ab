//! `config.toml`: the site's settings, read once at the start of a build. Zola's keys are accepted
//! (unknown ones only warn), so a Zola site's config works unchanged; pufa adds `[anonymize]`.

use std::path::Path;

use serde::Deserialize;

use crate::diag::{Diagnostic, line_col, nearest};

/// A taxonomy declared in config (`taxonomies = [{ name = "tags" }]`).
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(default)]
pub struct TaxonomyConfig {
    pub name: String,
    pub feed: bool,
    pub paginate_by: Option<usize>,
    pub paginate_path: String,
    pub render: bool,
}

impl Default for TaxonomyConfig {
    fn default() -> Self {
        TaxonomyConfig {
            name: String::new(),
            feed: false,
            paginate_by: None,
            paginate_path: "page".into(),
            render: true,
        }
    }
}

/// `[markdown]`: rendering switches.
#[derive(Debug, Clone, Deserialize)]
#[serde(default)]
pub struct MarkdownConfig {
    pub highlight_code: bool,
    pub smart_punctuation: bool,
    pub external_links_target_blank: bool,
    pub external_links_no_follow: bool,
    pub external_links_no_referrer: bool,
    /// Zola's: footnotes gathered at the end of the page, linked both ways.
    pub bottom_footnotes: bool,
    /// Zola's: `:smile:` and the other GitHub emoji shortcodes become emoji.
    pub render_emoji: bool,
    /// Zola's: images load lazily (`loading="lazy" decoding="async"`).
    pub lazy_async_image: bool,
}

impl Default for MarkdownConfig {
    fn default() -> Self {
        MarkdownConfig {
            highlight_code: true,
            smart_punctuation: false,
            external_links_target_blank: false,
            external_links_no_follow: false,
            external_links_no_referrer: false,
            bottom_footnotes: false,
            render_emoji: false,
            lazy_async_image: false,
        }
    }
}

/// How two parties of one case who would share a pseudonym are told apart.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq, Default)]
#[serde(rename_all = "lowercase")]
pub enum Collision {
    /// 张某甲 / 张某乙
    #[default]
    Tiangan,
    /// 张某1 / 张某2
    Numeric,
}

/// `[anonymize]`: site-wide anonymization policy.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
pub struct AnonymizeConfig {
    /// Every undeclared-name finding is an error instead of a warning.
    pub strict: bool,
    pub collision: Collision,
    /// Names that stay as written on every page (officials, branded mediation rooms).
    pub keep: Vec<String>,
}

/// The resolved site configuration.
#[derive(Debug, Clone, Deserialize)]
#[serde(default)]
pub struct Config {
    pub title: String,
    pub base_url: String,
    pub description: String,
    pub default_language: String,
    pub theme: Option<String>,
    pub taxonomies: Vec<TaxonomyConfig>,
    pub markdown: MarkdownConfig,
    pub extra: toml::Table,
    pub anonymize: AnonymizeConfig,
    pub generate_feeds: Option<bool>,
    pub generate_feed: Option<bool>,
    pub feed_limit: Option<usize>,
    /// Zola's feed file names: `atom.xml` (Atom) by default; `rss.xml` writes RSS 2.0.
    pub feed_filenames: Option<Vec<String>>,
    /// Zola's older single name.
    pub feed_filename: Option<String>,
    pub generate_sitemap: bool,
    pub generate_robots_txt: bool,
    /// Han characters read per minute, for reading time (300–500 is sensible for legal text).
    pub reading_speed: usize,
    /// Laws added to the built-in statute table (`[[laws]]`).
    pub laws: Vec<crate::laws::LawConfig>,
    /// `["hans", "hant"]`: also build a traditional-script copy under `/zh-hant/`.
    pub scripts: Vec<String>,
    /// Build the search index and page (Zola's key; default true).
    pub build_search_index: bool,
    /// Cases (and, beside them, articles) listed per page of a statute article's page.
    pub law_paginate_by: usize,
    /// Zola's glob patterns of files under `content/` and `static/` that are not built.
    pub ignored_content: Vec<String>,
    pub ignored_static: Vec<String>,
    /// Zola's `[languages.*]`: pufa builds the default language only; the codes tell which
    /// files are translations, left out of the build.
    pub languages: toml::Table,
    /// Zola's `[slugify]`: only `paths_keep_dates` is used.
    pub slugify: SlugifyConfig,
    /// `ignored_content` / `ignored_static` compiled (by `parse_with`).
    #[serde(skip)]
    pub ignored_content_globs: Vec<regex::Regex>,
    #[serde(skip)]
    pub ignored_static_globs: Vec<regex::Regex>,
}

/// `[slugify]`: Zola's other keys (`paths`, `taxonomies`, `anchors`) are accepted and unused.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(default)]
pub struct SlugifyConfig {
    /// Keep a file name's leading date (`2018-10-10-hello.md`) in the page's slug.
    pub paths_keep_dates: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            title: String::new(),
            base_url: String::new(),
            description: String::new(),
            default_language: "zh-CN".into(),
            theme: None,
            taxonomies: Vec::new(),
            markdown: MarkdownConfig::default(),
            extra: toml::Table::new(),
            anonymize: AnonymizeConfig::default(),
            generate_feeds: None,
            generate_feed: None,
            feed_limit: None,
            feed_filenames: None,
            feed_filename: None,
            generate_sitemap: true,
            generate_robots_txt: true,
            reading_speed: 400,
            laws: Vec::new(),
            scripts: Vec::new(),
            build_search_index: true,
            law_paginate_by: 30,
            ignored_content: Vec::new(),
            ignored_static: Vec::new(),
            languages: toml::Table::new(),
            slugify: SlugifyConfig::default(),
            ignored_content_globs: Vec::new(),
            ignored_static_globs: Vec::new(),
        }
    }
}

/// Keys pufa understands, plus Zola keys it accepts without using them.
const KNOWN_KEYS: &[&str] = &[
    "title",
    "base_url",
    "description",
    "default_language",
    "theme",
    "taxonomies",
    "markdown",
    "extra",
    "anonymize",
    "generate_feeds",
    "generate_feed",
    "feed_limit",
    "generate_sitemap",
    "generate_robots_txt",
    "reading_speed",
    "laws",
    "build_search_index",
    "scripts",
    "law_paginate_by",
    "ignored_content",
    "ignored_static",
    "languages",
    "slugify",
];
const ZOLA_KEYS: &[&str] = &[
    "output_dir",
    "preserve_dotfiles_in_output",
    "compile_sass",
    "minify_html",
    "feed_filenames",
    "feed_filename",
    "hard_link_static",
    "author",
    "translations",
    "link_checker",
    "search",
    "mode",
    // Top-level keys of older Zola versions (now under [markdown] or gone).
    "highlight_code",
    "highlight_theme",
    "highlight_themes_css",
    "insert_anchor_links",
    "extra_syntaxes",
    "extra_syntaxes_and_themes",
];

/// The keys of `[markdown]` pufa reads.
const MARKDOWN_KEYS: &[&str] = &[
    "highlight_code",
    "smart_punctuation",
    "external_links_target_blank",
    "external_links_no_follow",
    "external_links_no_referrer",
    "bottom_footnotes",
    "render_emoji",
    "lazy_async_image",
];

/// Zola's other `[markdown]` keys: accepted and ignored without a word (themes and syntaxes of
/// its highlighter, its Markdown extensions pufa does not have).
const ZOLA_MARKDOWN_KEYS: &[&str] = &[
    "highlight_theme",
    "highlight_themes_css",
    "extra_syntaxes_and_themes",
    "extra_syntaxes",
    "highlighting",
    "definition_list",
    "github_alerts",
    "external_links_class",
];

impl Config {
    /// The Markdown switches of `[markdown]`.
    pub fn markdown_options(&self) -> crate::markdown::MarkdownOptions {
        let m = &self.markdown;
        crate::markdown::MarkdownOptions {
            highlight_code: m.highlight_code,
            smart_punctuation: m.smart_punctuation,
            external_links_target_blank: m.external_links_target_blank,
            external_links_no_follow: m.external_links_no_follow,
            external_links_no_referrer: m.external_links_no_referrer,
            bottom_footnotes: m.bottom_footnotes,
            render_emoji: m.render_emoji,
            lazy_async_image: m.lazy_async_image,
        }
    }

    /// Parse `config.toml` text. Returns the config and warnings, or every error found.
    pub fn parse(text: &str, path: &Path) -> Result<(Config, Vec<Diagnostic>), Vec<Diagnostic>> {
        Self::parse_with(text, path, None)
    }

    /// Parse with `base_url` overridden (from `--base-url`).
    pub fn parse_with(
        text: &str,
        path: &Path,
        base_url: Option<&str>,
    ) -> Result<(Config, Vec<Diagnostic>), Vec<Diagnostic>> {
        let mut table: toml::Table =
            toml::from_str(text).map_err(|e| vec![toml_error(&e, text, path)])?;
        if let Some(url) = base_url {
            table.insert("base_url".into(), toml::Value::String(url.to_string()));
        }
        let mut warnings = Vec::new();
        for key in table.keys() {
            if KNOWN_KEYS.contains(&key.as_str()) || ZOLA_KEYS.contains(&key.as_str()) {
                continue;
            }
            let mut d =
                Diagnostic::warning(format!("unknown key `{key}` in config.toml is ignored"))
                    .at(path);
            if let Some((line, col)) = key_position(text, key) {
                d = d.line(line, col);
            }
            if let Some(near) = nearest(key, KNOWN_KEYS.iter().copied()) {
                d = d.help(format!("did you mean `{near}`?"));
            }
            warnings.push(d);
        }
        // A misspelt switch of [markdown] would be dropped without a word.
        if let Some(toml::Value::Table(md)) = table.get("markdown") {
            for key in md.keys() {
                if MARKDOWN_KEYS.contains(&key.as_str())
                    || ZOLA_MARKDOWN_KEYS.contains(&key.as_str())
                {
                    continue;
                }
                let mut d = Diagnostic::warning(format!(
                    "unknown key `{key}` in [markdown] of config.toml is ignored"
                ))
                .at(path);
                if let Some((line, col)) = key_position(text, key) {
                    d = d.line(line, col);
                }
                if let Some(near) = nearest(key, MARKDOWN_KEYS.iter().copied()) {
                    d = d.help(format!("did you mean `{near}`?"));
                }
                warnings.push(d);
            }
        }
        let mut config: Config =
            toml::Value::Table(table)
                .try_into()
                .map_err(|e: toml::de::Error| {
                    // The table has lost its positions: deserializing the text itself names the
                    // key and its line and column.
                    let mut d =
                        Diagnostic::error(format!("invalid config: {}", e.message().trim()))
                            .at(path);
                    if let Err(e) = toml::from_str::<Config>(text)
                        && let Some(span) = e.span()
                    {
                        let (line, col) = line_col(text, span.start);
                        d = Diagnostic::error(format!("invalid config: {}", e.message().trim()))
                            .at(path)
                            .line(line, col);
                    }
                    vec![d.help("see docs/configuration.md for the keys and their types")]
                })?;
        let mut errors = Vec::new();
        if config.base_url.trim().is_empty() {
            errors.push(
                Diagnostic::error("config.toml has no `base_url`")
                    .at(path)
                    .help("add a line like `base_url = \"https://example.org\"`"),
            );
        }
        if config.taxonomies.is_empty() {
            for name in ["tags", "categories"] {
                config.taxonomies.push(TaxonomyConfig {
                    name: name.into(),
                    ..Default::default()
                });
            }
        }
        for tax in &config.taxonomies {
            if tax.name.trim().is_empty() || tax.name.contains(['/', '\\', '.']) {
                errors.push(
                    Diagnostic::error(format!("invalid taxonomy name `{}`", tax.name))
                        .at(path)
                        .help("taxonomy names are single words such as `tags`"),
                );
            }
        }
        for s in &config.scripts {
            if s != "hans" && s != "hant" {
                errors.push(
                    Diagnostic::error(format!("unknown script `{s}` in `scripts`"))
                        .at(path)
                        .help("write scripts = [\"hans\", \"hant\"] to build a traditional copy under /zh-hant/"),
                );
            }
        }
        for (key, patterns, globs) in [
            (
                "ignored_content",
                &config.ignored_content,
                &mut config.ignored_content_globs,
            ),
            (
                "ignored_static",
                &config.ignored_static,
                &mut config.ignored_static_globs,
            ),
        ] {
            for pattern in patterns {
                match glob_regex(pattern) {
                    Ok(re) => globs.push(re),
                    Err(why) => {
                        let mut d = Diagnostic::error(format!(
                            "invalid pattern `{pattern}` in `{key}`: {why}"
                        ))
                        .at(path)
                        .help(
                            "patterns are globs such as \"*.xlsx\", \"drafts/*\" or \"**/tmp/**\"",
                        );
                        if let Some((line, col)) = key_position(text, key) {
                            d = d.line(line, col);
                        }
                        errors.push(d);
                    }
                }
            }
        }
        if config.law_paginate_by == 0 {
            warnings.push(
                Diagnostic::warning("`law_paginate_by` must be at least 1; using 30")
                    .at(path)
                    .help("the number of cases listed per page of /laws/{law}/{article}/"),
            );
            config.law_paginate_by = 30;
        }
        if !(100..=2000).contains(&config.reading_speed) {
            warnings.push(
                Diagnostic::warning(
                    "`reading_speed` outside 100–2000 characters a minute; using 400",
                )
                .at(path),
            );
            config.reading_speed = 400;
        }
        if errors.is_empty() {
            Ok((config, warnings))
        } else {
            Err(errors)
        }
    }

    /// Base URL without a trailing slash.
    pub fn base(&self) -> &str {
        self.base_url.trim_end_matches('/')
    }

    /// Absolute URL of a site path (`/cases/` or `css/pufa.css`).
    pub fn url(&self, path: &str) -> String {
        format!("{}/{}", self.base(), path.trim_start_matches('/'))
    }

    pub fn feeds_enabled(&self) -> bool {
        self.generate_feeds.or(self.generate_feed).unwrap_or(true)
    }

    /// The file names each feed is written under: `feed_filenames`, else `feed_filename`, else
    /// `atom.xml`. A name starting with `rss` is RSS 2.0, any other Atom.
    pub fn feed_filenames(&self) -> Vec<String> {
        let names = match (&self.feed_filenames, &self.feed_filename) {
            (Some(v), _) if !v.is_empty() => v.clone(),
            (_, Some(one)) => vec![one.clone()],
            _ => Vec::new(),
        };
        // A file name, written beside each feed's page: nothing that leaves its folder.
        let names: Vec<String> = names
            .into_iter()
            .filter(|n| !n.is_empty() && !n.contains(['/', '\\']) && !n.starts_with('.'))
            .collect();
        if names.is_empty() {
            vec!["atom.xml".into()]
        } else {
            names
        }
    }

    /// Whether the traditional copy is built.
    pub fn hant(&self) -> bool {
        self.scripts.iter().any(|s| s == "hant")
    }

    pub fn taxonomy(&self, name: &str) -> Option<&TaxonomyConfig> {
        self.taxonomies.iter().find(|t| t.name == name)
    }

    /// Does `ignored_content` leave out `rel` (a path under `content/`)? A pattern matches the
    /// file's path or a folder it is in (`drafts` leaves out everything under `drafts/`).
    pub fn content_ignored(&self, rel: &str) -> bool {
        ignored_by(&self.ignored_content_globs, "content", rel)
    }

    /// Does `ignored_static` leave out `rel` (a path under `static/`)?
    pub fn static_ignored(&self, rel: &str) -> bool {
        ignored_by(&self.ignored_static_globs, "static", rel)
    }
}

/// `rel` or a folder it is in matches one of `globs`. So does `root/rel`: Zola matches its
/// patterns against the whole path (`./content/drafts/a.md`), so `*/drafts/*` works there.
fn ignored_by(globs: &[regex::Regex], root: &str, rel: &str) -> bool {
    if globs.is_empty() {
        return false;
    }
    let full = format!("{root}/{rel}");
    if globs.iter().any(|g| g.is_match(&full)) {
        return true;
    }
    let mut prefix = rel;
    loop {
        if globs.iter().any(|g| g.is_match(prefix)) {
            return true;
        }
        match prefix.rfind('/') {
            Some(i) => prefix = &prefix[..i],
            None => return false,
        }
    }
}

/// A glob as an anchored regex, with the meaning Zola's (globset's defaults) gives it: `*` and
/// `?` also match `/` (so `*.xlsx` matches in every folder), `**/` any folders or none, `[ab]`,
/// `[!ab]` a class, `{a,b}` alternatives, `\` escapes.
fn glob_regex(pattern: &str) -> Result<regex::Regex, String> {
    if pattern.trim().is_empty() {
        return Err("the pattern is empty".into());
    }
    let chars: Vec<char> = pattern.chars().collect();
    let mut re = String::from("^");
    let mut i = 0;
    let mut braces = 0usize;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '*' => {
                let mut j = i;
                while j < chars.len() && chars[j] == '*' {
                    j += 1;
                }
                let whole =
                    (i == 0 || chars[i - 1] == '/') && (j == chars.len() || chars[j] == '/');
                if j - i >= 2 && whole && j < chars.len() {
                    // `**/`: any folders, or none.
                    re.push_str("(?:.*/)?");
                    j += 1;
                } else {
                    re.push_str(".*");
                }
                i = j;
                continue;
            }
            '?' => re.push('.'),
            '[' => {
                let Some(end) = (i + 2..chars.len()).find(|&k| chars[k] == ']') else {
                    return Err("`[` without its `]`".into());
                };
                let mut class: String = chars[i + 1..end].iter().collect();
                if let Some(rest) = class.strip_prefix('!') {
                    class = format!("^{rest}");
                }
                re.push('[');
                re.push_str(&class.replace('[', "\\[").replace("&&", "\\&\\&"));
                re.push(']');
                i = end + 1;
                continue;
            }
            '{' => {
                braces += 1;
                re.push_str("(?:");
            }
            '}' if braces > 0 => {
                braces -= 1;
                re.push(')');
            }
            ',' if braces > 0 => re.push('|'),
            '\\' => {
                let Some(&next) = chars.get(i + 1) else {
                    return Err("it ends with `\\`".into());
                };
                re.push_str(&regex::escape(&next.to_string()));
                i += 2;
                continue;
            }
            c => re.push_str(&regex::escape(&c.to_string())),
        }
        i += 1;
    }
    if braces > 0 {
        return Err("`{` without its `}`".into());
    }
    re.push('$');
    regex::Regex::new(&re).map_err(|e| e.to_string())
}

/// A TOML parse error as a diagnostic located in `text` (offset by `line_offset` lines).
pub fn toml_error(e: &toml::de::Error, text: &str, path: &Path) -> Diagnostic {
    let mut d = Diagnostic::error(format!("invalid TOML: {}", e.message().trim())).at(path);
    if let Some(span) = e.span() {
        let (line, col) = line_col(text, span.start);
        d = d.line(line, col);
    }
    d
}

/// Line and column of `key = …` at the start of a line, for pointing at a bad key.
pub fn key_position(text: &str, key: &str) -> Option<(usize, usize)> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        let unquoted = trimmed.trim_start_matches(['"', '\'']);
        if let Some(rest) = unquoted.strip_prefix(key) {
            let rest = rest.trim_start_matches(['"', '\'']).trim_start();
            if rest.starts_with('=') || rest.starts_with(':') {
                return Some(line_col(text, offset + indent));
            }
        }
        offset += line.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_minimal_config_with_default_taxonomies() {
        let (c, w) = Config::parse(
            "title = \"t\"\nbase_url = \"https://a.org/\"\n",
            Path::new("c"),
        )
        .unwrap();
        assert!(w.is_empty());
        assert_eq!(c.base(), "https://a.org");
        assert_eq!(c.url("/cases/"), "https://a.org/cases/");
        assert_eq!(c.taxonomies.len(), 2);
        assert_eq!(c.default_language, "zh-CN");
    }

    #[test]
    fn missing_base_url_is_an_error() {
        let e = Config::parse("title = \"t\"\n", Path::new("config.toml")).unwrap_err();
        assert!(e[0].message.contains("base_url"));
    }

    #[test]
    fn unknown_key_warns_with_suggestion() {
        let (_, w) = Config::parse("base_url = \"x\"\ntitel = \"t\"\n", Path::new("c")).unwrap();
        assert_eq!(w.len(), 1);
        assert_eq!(w[0].line, Some(2));
        assert_eq!(w[0].help.as_deref(), Some("did you mean `title`?"));
    }

    #[test]
    fn syntax_error_has_line() {
        let e = Config::parse("base_url = \"x\"\ntitle = \n", Path::new("c")).unwrap_err();
        assert_eq!(e[0].line, Some(2));
    }

    #[test]
    fn globs_match_as_zola_does() {
        let m = |p: &str, s: &str| glob_regex(p).unwrap().is_match(s);
        assert!(m("*.xlsx", "a.xlsx") && m("*.xlsx", "blog/a/b.xlsx"));
        assert!(m("drafts/*", "drafts/a.md") && !m("drafts/*", "x/drafts/a.md"));
        assert!(m("**/tmp/*", "tmp/a") && m("**/tmp/*", "a/b/tmp/c"));
        assert!(m("foo/**", "foo/a/b") && !m("foo/**", "foox/a"));
        assert!(m("*.{png,jpg}", "a.jpg") && !m("*.{png,jpg}", "a.gif"));
        assert!(m("?.md", "a.md") && m("[!b].md", "a.md") && !m("[!b].md", "b.md"));
        assert!(glob_regex("a[b").is_err() && glob_regex("{a,b").is_err());
        let (c, _) = Config::parse(
            "base_url = \"x\"\nignored_content = [\"drafts\"]\n",
            Path::new("c"),
        )
        .unwrap();
        assert!(c.content_ignored("drafts/a/b.md") && !c.content_ignored("draftsx/a.md"));
    }

    #[test]
    fn zola_keys_are_accepted_silently() {
        let (_, w) = Config::parse(
            "base_url = \"x\"\ncompile_sass = true\nbuild_search_index = true\n",
            Path::new("c"),
        )
        .unwrap();
        assert!(w.is_empty());
    }
}
