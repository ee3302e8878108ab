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
}

impl Default for MarkdownConfig {
    fn default() -> Self {
        MarkdownConfig {
            highlight_code: true,
            smart_punctuation: false,
            external_links_target_blank: false,
            external_links_no_follow: false,
            external_links_no_referrer: false,
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
            generate_sitemap: true,
            generate_robots_txt: true,
            reading_speed: 400,
            laws: Vec::new(),
            scripts: Vec::new(),
            build_search_index: true,
            law_paginate_by: 30,
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
];
const ZOLA_KEYS: &[&str] = &[
    "output_dir",
    "preserve_dotfiles_in_output",
    "compile_sass",
    "minify_html",
    "ignored_content",
    "ignored_static",
    "feed_filenames",
    "feed_filename",
    "hard_link_static",
    "author",
    "languages",
    "translations",
    "link_checker",
    "slugify",
    "search",
    "mode",
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

    /// Whether the traditional copy is built.
    pub fn hant(&self) -> bool {
        self.scripts.iter().any(|s| s == "hant")
    }

    pub fn taxonomy(&self, name: &str) -> Option<&TaxonomyConfig> {
        self.taxonomies.iter().find(|t| t.name == name)
    }
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
    fn zola_keys_are_accepted_silently() {
        let (_, w) = Config::parse(
            "base_url = \"x\"\ncompile_sass = true\nbuild_search_index = true\n",
            Path::new("c"),
        )
        .unwrap();
        assert!(w.is_empty());
    }
}
