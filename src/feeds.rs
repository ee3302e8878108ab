//! Machine-readable outputs: Atom feeds (site, sections, taxonomy terms), `sitemap.xml`,
//! `robots.txt` and alias redirect pages. Written by code rather than templates so escaping and
//! URL encoding are always right; all text comes from already-anonymized pages.

use crate::config::Config;
use crate::output::OutputFile;
use crate::render::redirect_html;
use crate::site::Site;
use crate::slug::{encode_url, normalize_path, output_file};
use crate::summary::Summary;

/// Escape text for XML.
pub fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if (c as u32) < 0x20 && c != '\n' && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

/// One feed to write: its title, the page it is the feed of, its own path and its candidates.
#[derive(Clone)]
struct Feed<'a> {
    title: String,
    home: &'a str,
    path: String,
    pages: &'a [usize],
}

/// Every feed of the site (none when feeds are off): the site's, each section's, each term's.
fn feeds<'a>(site: &'a Site, config: &Config, all: &'a [usize]) -> Vec<Feed<'a>> {
    let mut out = Vec::new();
    if !config.feeds_enabled() {
        return out;
    }
    out.push(Feed {
        title: config.title.clone(),
        home: "/",
        path: "/atom.xml".into(),
        pages: all,
    });
    for s in site.sections.iter().skip(1) {
        if s.meta.generate_feeds && s.meta.render && !s.pages.is_empty() {
            out.push(Feed {
                title: format!("{} - {}", s.meta.title, config.title),
                home: &s.path,
                path: format!("{}atom.xml", s.path),
                pages: &s.pages,
            });
        }
    }
    for t in site.taxonomies.iter().filter(|t| t.config.feed) {
        for term in &t.terms {
            out.push(Feed {
                title: format!("{} - {}", term.name, config.title),
                home: &term.path,
                path: format!("{}atom.xml", term.path),
                pages: &term.pages,
            });
        }
    }
    out
}

/// The pages a feed shows, newest first: dated and rendered ones among `pages`, at most
/// `feed_limit`.
fn entries(site: &Site, config: &Config, pages: &[usize]) -> Vec<usize> {
    let limit = config.feed_limit.unwrap_or(20);
    let mut ids: Vec<usize> = pages
        .iter()
        .copied()
        .filter(|&i| site.pages[i].meta.date.is_some() && site.pages[i].meta.render)
        .collect();
    ids.sort_by(|&a, &b| {
        site.pages[b]
            .meta
            .date
            .cmp(&site.pages[a].meta.date)
            .then(a.cmp(&b))
    });
    ids.truncate(limit);
    ids
}

/// Which pages some feed shows (their content is read after the page templates).
pub fn in_feeds(site: &Site, config: &Config) -> Vec<bool> {
    let all: Vec<usize> = (0..site.pages.len()).collect();
    let mut shown = vec![false; site.pages.len()];
    for f in feeds(site, config, &all) {
        for i in entries(site, config, f.pages) {
            shown[i] = true;
        }
    }
    shown
}

fn atom(site: &Site, sums: &[Summary], config: &Config, feed: &Feed) -> String {
    let (title, home, feed_path) = (&feed.title, feed.home, feed.path.as_str());
    let ids = entries(site, config, feed.pages);
    let updated = ids
        .iter()
        .filter_map(|&i| site.pages[i].meta.updated.or(site.pages[i].meta.date))
        .max()
        .map(|d| d.rfc3339())
        .unwrap_or_else(|| "1970-01-01T00:00:00+00:00".into());
    let mut x = String::new();
    x.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    x.push_str(&format!(
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n",
        xml_escape(&config.default_language)
    ));
    x.push_str(&format!("  <title>{}</title>\n", xml_escape(title)));
    if !config.description.is_empty() {
        x.push_str(&format!(
            "  <subtitle>{}</subtitle>\n",
            xml_escape(&config.description)
        ));
    }
    x.push_str(&format!(
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n",
        xml_escape(&encode_url(&config.url(feed_path)))
    ));
    x.push_str(&format!(
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
        xml_escape(&encode_url(&config.url(home)))
    ));
    x.push_str(&format!(
        "  <id>{}</id>\n  <updated>{updated}</updated>\n  <generator>pufa</generator>\n",
        xml_escape(&encode_url(&config.url(feed_path)))
    ));
    for i in ids {
        let p = &site.pages[i];
        let url = xml_escape(&encode_url(&config.url(&p.path)));
        let published = p.meta.date.map(|d| d.rfc3339()).unwrap_or_default();
        let upd = p
            .meta
            .updated
            .or(p.meta.date)
            .map(|d| d.rfc3339())
            .unwrap_or_default();
        x.push_str("  <entry>\n");
        x.push_str(&format!(
            "    <title>{}</title>\n",
            xml_escape(&p.meta.title)
        ));
        x.push_str(&format!(
            "    <link rel=\"alternate\" type=\"text/html\" href=\"{url}\"/>\n    <id>{url}</id>\n"
        ));
        x.push_str(&format!(
            "    <published>{published}</published>\n    <updated>{upd}</updated>\n"
        ));
        for a in &p.meta.authors {
            x.push_str(&format!(
                "    <author><name>{}</name></author>\n",
                xml_escape(a)
            ));
        }
        let summary = if p.meta.description.is_empty() {
            &sums[i].excerpt
        } else {
            &p.meta.description
        };
        x.push_str(&format!("    <summary>{}</summary>\n", xml_escape(summary)));
        x.push_str(&format!(
            "    <content type=\"html\">{}</content>\n",
            xml_escape(&p.rendered.html)
        ));
        x.push_str("  </entry>\n");
    }
    x.push_str("</feed>\n");
    x
}

/// RSS 2.0 of `feed` (Zola's `feed_filenames = ["rss.xml"]`): the same entries as the Atom feed.
fn rss(site: &Site, config: &Config, feed: &Feed, path: &str) -> String {
    let ids = entries(site, config, feed.pages);
    let mut x = String::new();
    x.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    x.push_str("<rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\">\n<channel>\n");
    x.push_str(&format!("  <title>{}</title>\n", xml_escape(&feed.title)));
    x.push_str(&format!(
        "  <link>{}</link>\n",
        xml_escape(&encode_url(&config.url(feed.home)))
    ));
    x.push_str(&format!(
        "  <atom:link href=\"{}\" rel=\"self\" type=\"application/rss+xml\"/>\n",
        xml_escape(&encode_url(&config.url(path)))
    ));
    x.push_str(&format!(
        "  <description>{}</description>\n  <language>{}</language>\n  <generator>pufa</generator>\n",
        xml_escape(&config.description),
        xml_escape(&config.default_language)
    ));
    if let Some(d) = ids
        .iter()
        .filter_map(|&i| site.pages[i].meta.updated.or(site.pages[i].meta.date))
        .max()
    {
        x.push_str(&format!(
            "  <lastBuildDate>{}</lastBuildDate>\n",
            d.0.to_rfc2822()
        ));
    }
    for i in ids {
        let p = &site.pages[i];
        let url = xml_escape(&encode_url(&config.url(&p.path)));
        x.push_str("  <item>\n");
        x.push_str(&format!(
            "    <title>{}</title>\n",
            xml_escape(&p.meta.title)
        ));
        x.push_str(&format!("    <link>{url}</link>\n    <guid>{url}</guid>\n"));
        if let Some(d) = p.meta.date {
            x.push_str(&format!("    <pubDate>{}</pubDate>\n", d.0.to_rfc2822()));
        }
        x.push_str(&format!(
            "    <description>{}</description>\n",
            xml_escape(&p.rendered.html)
        ));
        x.push_str("  </item>\n");
    }
    x.push_str("</channel>\n</rss>\n");
    x
}

/// Feeds, sitemap, robots.txt and alias redirects.
pub fn write(site: &Site, sums: &[Summary], config: &Config) -> Vec<OutputFile> {
    let mut files = Vec::new();
    let all: Vec<usize> = (0..site.pages.len()).collect();
    for f in feeds(site, config, &all) {
        // Each feed under every name of `feed_filenames`: Atom by default, RSS as `rss.xml`.
        let dir = f.path.strip_suffix("atom.xml").unwrap_or(&f.path);
        for name in config.feed_filenames() {
            let path = format!("{dir}{name}");
            let body = if name.starts_with("rss") {
                rss(site, config, &f, &path)
            } else {
                atom(
                    site,
                    sums,
                    config,
                    &Feed {
                        path: path.clone(),
                        ..f.clone()
                    },
                )
            };
            files.push(OutputFile::bytes(output_file(&path), body));
        }
    }
    if config.generate_sitemap {
        files.extend(sitemaps(site, config, SITEMAP_URLS));
    }
    if config.generate_robots_txt {
        files.push(OutputFile::bytes(
            "robots.txt",
            format!(
                "User-agent: *\nAllow: /\nSitemap: {}\n",
                encode_url(&config.url("sitemap.xml"))
            ),
        ));
    }
    for p in &site.pages {
        for alias in &p.meta.aliases {
            let path = normalize_path(alias);
            let file = if alias.ends_with(".html") {
                alias.trim_start_matches('/').to_string()
            } else {
                output_file(&path)
            };
            files.push(OutputFile::bytes(file, redirect_html(&config.url(&p.path))));
        }
    }
    for s in &site.sections {
        for alias in &s.meta.aliases {
            files.push(OutputFile::bytes(
                output_file(&normalize_path(alias)),
                redirect_html(&config.url(&s.path)),
            ));
        }
    }
    files
}

/// URLs in one sitemap file: the protocol allows 50,000; Zola splits at 30,000 as well.
const SITEMAP_URLS: usize = 30_000;

const URLSET_HEAD: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n";

/// `sitemap.xml`, or with more than `max` URLs (a site of 15,000 pages and their traditional
/// copies) `sitemap1.xml`, `sitemap2.xml`, … of `max` URLs each and `sitemap.xml` as their index,
/// as in Zola. Each part is made at its final size, so a large site's sitemap is never held
/// twice while it grows.
fn sitemaps(site: &Site, config: &Config, max: usize) -> Vec<OutputFile> {
    let mut parts: Vec<String> = Vec::new();
    let mut x = String::from(URLSET_HEAD);
    let mut n = 0;
    let mut entry = |path: &str, lastmod: Option<String>| {
        if n == max {
            x.push_str("</urlset>\n");
            let next = String::with_capacity(x.len() + 64);
            parts.push(std::mem::replace(&mut x, next));
            x.push_str(URLSET_HEAD);
            n = 0;
        }
        n += 1;
        x.push_str("  <url>\n    <loc>");
        x.push_str(&xml_escape(&encode_url(&config.url(path))));
        x.push_str("</loc>\n");
        if let Some(d) = lastmod {
            x.push_str("    <lastmod>");
            x.push_str(&d);
            x.push_str("</lastmod>\n");
        }
        x.push_str("  </url>\n");
    };
    for s in &site.sections {
        if s.meta.render && s.meta.redirect_to.is_none() {
            entry(&s.path, None);
        }
    }
    for p in &site.pages {
        if p.meta.render {
            entry(&p.path, p.meta.updated.or(p.meta.date).map(|d| d.iso()));
            if config.hant() {
                entry(
                    &crate::script::hant_path(&p.path),
                    p.meta.updated.or(p.meta.date).map(|d| d.iso()),
                );
            }
        }
    }
    for t in &site.taxonomies {
        if t.config.render {
            entry(&t.path, None);
            for term in &t.terms {
                entry(&term.path, None);
            }
        }
    }
    x.push_str("</urlset>\n");
    if parts.is_empty() {
        return vec![OutputFile::bytes("sitemap.xml", x)];
    }
    parts.push(x);
    let mut index = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    let mut files = Vec::with_capacity(parts.len() + 1);
    for (k, part) in parts.into_iter().enumerate() {
        let name = format!("sitemap{}.xml", k + 1);
        index.push_str("  <sitemap>\n    <loc>");
        index.push_str(&xml_escape(&encode_url(&config.url(&name))));
        index.push_str("</loc>\n  </sitemap>\n");
        files.push(OutputFile::bytes(name, part));
    }
    index.push_str("</sitemapindex>\n");
    files.push(OutputFile::bytes("sitemap.xml", index));
    files
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::site::{Taxonomy, Term};

    /// More URLs than a sitemap file may hold: numbered parts of at most that many and an index.
    #[test]
    fn a_large_sitemap_is_split_with_an_index() {
        let config: Config =
            toml::from_str("base_url = \"https://t.example.org\"").expect("config");
        let terms = (0..5)
            .map(|k| Term {
                name: format!("t{k}"),
                slug: format!("t{k}"),
                path: format!("/tags/t{k}/"),
                pages: Vec::new(),
            })
            .collect();
        let site = Site {
            taxonomies: vec![Taxonomy {
                config: crate::config::TaxonomyConfig::default(),
                slug: "tags".into(),
                path: "/tags/".into(),
                terms,
            }],
            ..Site::default()
        };
        let files = sitemaps(&site, &config, 2);
        let names: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(
            names,
            [
                "sitemap1.xml",
                "sitemap2.xml",
                "sitemap3.xml",
                "sitemap.xml"
            ]
        );
        let text = |i: usize| {
            String::from_utf8_lossy(files[i].body.bytes().unwrap_or_default()).into_owned()
        };
        assert_eq!(text(0).matches("<url>").count(), 2);
        assert_eq!(text(2).matches("<url>").count(), 2);
        assert!(text(2).contains("/tags/t4/") && text(2).ends_with("</urlset>\n"));
        let index = text(3);
        assert!(
            index.contains("<sitemapindex")
                && index.contains("<loc>https://t.example.org/sitemap3.xml</loc>"),
            "{index}"
        );
        // Within the limit: one file, no index.
        let one = sitemaps(&site, &config, 6);
        assert_eq!(one.len(), 1);
        assert_eq!(one[0].path, "sitemap.xml");
    }
}
