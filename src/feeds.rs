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

fn atom(
    site: &Site,
    sums: &[Summary],
    config: &Config,
    title: &str,
    home: &str,
    feed_path: &str,
    pages: &[usize],
) -> String {
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

/// Feeds, sitemap, robots.txt and alias redirects.
pub fn write(site: &Site, sums: &[Summary], config: &Config) -> Vec<OutputFile> {
    let mut files = Vec::new();
    if config.feeds_enabled() {
        let all: Vec<usize> = (0..site.pages.len()).collect();
        files.push(OutputFile::bytes(
            "atom.xml",
            atom(site, sums, config, &config.title, "/", "/atom.xml", &all),
        ));
        for s in site.sections.iter().skip(1) {
            if s.meta.generate_feeds && s.meta.render && !s.pages.is_empty() {
                let path = format!("{}atom.xml", s.path);
                let title = format!("{} - {}", s.meta.title, config.title);
                files.push(OutputFile::bytes(
                    output_file(&path),
                    atom(site, sums, config, &title, &s.path, &path, &s.pages),
                ));
            }
        }
        for t in &site.taxonomies {
            if !t.config.feed {
                continue;
            }
            for term in &t.terms {
                let path = format!("{}atom.xml", term.path);
                let title = format!("{} - {}", term.name, config.title);
                files.push(OutputFile::bytes(
                    output_file(&path),
                    atom(site, sums, config, &title, &term.path, &path, &term.pages),
                ));
            }
        }
    }
    if config.generate_sitemap {
        files.push(OutputFile::bytes("sitemap.xml", sitemap(site, config)));
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

fn sitemap(site: &Site, config: &Config) -> String {
    let mut x = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    let mut entry = |path: &str, lastmod: Option<String>| {
        x.push_str(&format!(
            "  <url>\n    <loc>{}</loc>\n",
            xml_escape(&encode_url(&config.url(path)))
        ));
        if let Some(d) = lastmod {
            x.push_str(&format!("    <lastmod>{d}</lastmod>\n"));
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
    x
}
