//! Slugs and site paths. Slugs keep Han characters (as Hugo does): a Chinese URL is readable for
//! Chinese readers and homophones never collide, which pinyin transliteration cannot promise.
//! Paths that would escape the output folder are rejected here, before anything is written.

/// A URL component from a file stem, title or term: lower-case ASCII letters and digits, Han and
/// other letters kept, everything else folded into single `-`.
pub fn slugify(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() && c != '\'' && c != '’' {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-');
    if out.is_empty() {
        "-".to_string()
    } else {
        out.to_string()
    }
}

/// Why a user-written path or slug is unsafe, if it is.
pub fn unsafe_path(p: &str) -> Option<&'static str> {
    if p.contains('\\') {
        return Some("contains a backslash");
    }
    if p.contains('\0') || p.chars().any(|c| c.is_control()) {
        return Some("contains control characters");
    }
    if p.split('/').any(|c| c == ".." || c == ".") {
        return Some("escapes the output folder with `..` or `.`");
    }
    if p.contains("://") || p.starts_with("//") {
        return Some("is a URL, not a path");
    }
    None
}

/// `/a/b/` from `a/b`, `/a/b`, `a/b/` (`/` for an empty path).
pub fn normalize_path(p: &str) -> String {
    let inner: Vec<&str> = p.split('/').filter(|c| !c.is_empty()).collect();
    if inner.is_empty() {
        "/".to_string()
    } else {
        format!("/{}/", inner.join("/"))
    }
}

/// The output file for a site path: `/a/b/` → `a/b/index.html`; `/x.html` or `/feed.xml` stay.
pub fn output_file(path: &str) -> String {
    let trimmed = path.trim_start_matches('/');
    if trimmed.is_empty() {
        "index.html".into()
    } else if trimmed.ends_with('/') {
        format!("{trimmed}index.html")
    } else if trimmed
        .rsplit('/')
        .next()
        .is_some_and(|last| last.contains('.'))
    {
        trimmed.to_string()
    } else {
        format!("{trimmed}/index.html")
    }
}

/// Percent-encode a path or URL for XML and HTTP (non-ASCII and reserved bytes), keeping `/:?=&#%`.
pub fn encode_url(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    for b in url.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/:?=&#%+@!$,;".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Decode `%XX` escapes of a URL path as UTF-8 (`None` for a bad escape or invalid UTF-8).
pub fn percent_decode(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert_eq!(slugify("Hello World!"), "hello-world");
        assert_eq!(slugify("漏水 纠纷"), "漏水-纠纷");
        assert_eq!(slugify("《民法典》解读"), "民法典-解读");
        assert_eq!(slugify("!!!"), "-");
    }

    #[test]
    fn unsafe_paths() {
        assert!(unsafe_path("../etc").is_some());
        assert!(unsafe_path("a/../../b").is_some());
        assert!(unsafe_path("a\\b").is_some());
        assert!(unsafe_path("about").is_none());
        assert!(unsafe_path("/a/b/").is_none());
    }

    #[test]
    fn paths_and_files() {
        assert_eq!(normalize_path("about"), "/about/");
        assert_eq!(normalize_path("/"), "/");
        assert_eq!(output_file("/"), "index.html");
        assert_eq!(output_file("/cases/a/"), "cases/a/index.html");
        assert_eq!(output_file("/404.html"), "404.html");
        assert_eq!(
            encode_url("https://a.org/tags/漏水/"),
            "https://a.org/tags/%E6%BC%8F%E6%B0%B4/"
        );
    }
}
