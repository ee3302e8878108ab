//! Zola's `load_data` template function: a data file of the site (CSV, TSV, JSON, TOML, YAML or
//! plain text) read into a template or shortcode, so a page can show a table of figures kept in
//! `data/stats.csv`. Files are looked for under the site root, then `static/`, then `content/`;
//! paths that leave the site are refused, and so is any file in a folder that holds an anonymized
//! page (a case's text or attachment would be published as written). Nothing is fetched over the
//! network: pufa builds offline. Each file is read and parsed once per build.

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

use serde_json::Value;

/// The `load_data` function of one build.
pub struct LoadData {
    root: PathBuf,
    /// Folders (root-relative, `/`-separated) holding an anonymized page or a case section.
    protected: Vec<String>,
    cache: Mutex<HashMap<(PathBuf, String), Value>>,
}

impl LoadData {
    pub fn new(root: &Path, protected: Vec<String>) -> LoadData {
        LoadData {
            root: root.to_path_buf(),
            protected,
            cache: Mutex::new(HashMap::new()),
        }
    }

    /// The file `path` names, or why it may not be read.
    fn resolve(&self, path: &str) -> Result<Option<(PathBuf, String)>, String> {
        let rel = Path::new(path.trim_start_matches("./"));
        if rel.is_absolute() || rel.components().any(|c| !matches!(c, Component::Normal(_))) {
            return Err(format!(
                "load_data: `{path}` leaves the site; give a path inside it (data/stats.csv)"
            ));
        }
        for base in ["", "static", "content"] {
            let shown = Path::new(base).join(rel);
            let full = self.root.join(&shown);
            if full.is_file() {
                let shown = shown.to_string_lossy().replace('\\', "/");
                if self
                    .protected
                    .iter()
                    .any(|d| shown.starts_with(&format!("{d}/")))
                {
                    return Err(format!(
                        "load_data: `{shown}` is in a folder of anonymized pages, whose files are published only anonymized; move the data elsewhere (data/)"
                    ));
                }
                return Ok(Some((full, shown)));
            }
        }
        Ok(None)
    }
}

/// Parse `text` as `format`.
fn parse(text: &str, format: &str) -> Result<Value, String> {
    match format {
        "json" => serde_json::from_str(text).map_err(|e| e.to_string()),
        "toml" => toml::from_str::<toml::Value>(text)
            .map_err(|e| e.message().to_string())
            .and_then(|v| serde_json::to_value(v).map_err(|e| e.to_string())),
        "yaml" | "yml" => serde_norway::from_str::<Value>(text).map_err(|e| e.to_string()),
        "csv" | "tsv" => {
            let mut r = csv::ReaderBuilder::new()
                .delimiter(if format == "tsv" { b'\t' } else { b',' })
                .flexible(true)
                .from_reader(text.as_bytes());
            let headers: Vec<Value> = r
                .headers()
                .map_err(|e| e.to_string())?
                .iter()
                .map(|h| Value::String(h.to_string()))
                .collect();
            let mut records = Vec::new();
            for rec in r.records() {
                let rec = rec.map_err(|e| e.to_string())?;
                records.push(Value::Array(
                    rec.iter().map(|c| Value::String(c.to_string())).collect(),
                ));
            }
            Ok(serde_json::json!({ "headers": headers, "records": records }))
        }
        "plain" | "txt" => Ok(Value::String(text.to_string())),
        other => Err(format!(
            "format `{other}` is not one pufa reads (csv, tsv, json, toml, yaml, plain)"
        )),
    }
}

impl tera::Function for LoadData {
    fn call(&self, args: &HashMap<String, Value>) -> tera::Result<Value> {
        if args.contains_key("url") {
            return Err(tera::Error::msg(
                "load_data(url=…) is not supported: pufa builds offline; save the file in the site and give its path",
            ));
        }
        let Some(path) = args.get("path").and_then(Value::as_str) else {
            return Err(tera::Error::msg(
                "load_data needs path=\"…\" (a file of the site, e.g. data/stats.csv)",
            ));
        };
        let required = args
            .get("required")
            .and_then(Value::as_bool)
            .unwrap_or(true);
        let Some((full, shown)) = self.resolve(path).map_err(tera::Error::msg)? else {
            return if required {
                Err(tera::Error::msg(format!(
                    "load_data: no file `{path}` under the site, static/ or content/ (required=false makes a missing file null)"
                )))
            } else {
                Ok(Value::Null)
            };
        };
        let format = args
            .get("format")
            .and_then(Value::as_str)
            .map(str::to_lowercase)
            .unwrap_or_else(|| {
                full.extension()
                    .map(|e| e.to_string_lossy().to_lowercase())
                    .unwrap_or_else(|| "plain".into())
            });
        let key = (full.clone(), format.clone());
        if let Ok(cache) = self.cache.lock()
            && let Some(v) = cache.get(&key)
        {
            return Ok(v.clone());
        }
        let text = std::fs::read_to_string(&full)
            .map_err(|e| tera::Error::msg(format!("load_data: cannot read `{shown}`: {e}")))?;
        let value = parse(&text, &format)
            .map_err(|e| tera::Error::msg(format!("load_data: `{shown}` as {format}: {e}")))?;
        if let Ok(mut cache) = self.cache.lock() {
            cache.insert(key, value.clone());
        }
        Ok(value)
    }

    fn is_safe(&self) -> bool {
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_parse_as_zola_shapes_them() {
        let v = parse("年份,件数\n2023,12\n2024,18\n", "csv").expect("csv");
        assert_eq!(v["headers"][1], "件数");
        assert_eq!(v["records"][1][1], "18");
        assert_eq!(parse("a = 1", "toml").expect("toml")["a"], 1);
        assert_eq!(parse("{\"a\": [1]}", "json").expect("json")["a"][0], 1);
        assert_eq!(parse("a: 调解", "yaml").expect("yaml")["a"], "调解");
        assert!(parse("x", "bibtex").is_err());
    }
}
