//! Page cards rendered once. A page appears as a card in many lists (its section's listing
//! pages, one page per tag, its facets, the statute pages that cite it, the home page), and a
//! Tera card costs far more than copying its HTML: the `page_cards` filter renders each page's
//! card from the theme's `partials/card.html` once per heading level and reuses it in every list.
//!
//! `{{ pages | page_cards(level=2) | safe }}` writes the cards of a list of page summaries. The
//! card template sees `p` (the page summary), `level` and the globals every template gets
//! (`config`, `lang`, `nav`, `pufa`), not the list's page: that is what makes it reusable. A
//! card is keyed by the page's `path`; summaries without one are rendered every time. The cache
//! is emptied at the start of each rendering pass ([`CardCache::clear`]), so `serve` never shows
//! a card from before an edit.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock, RwLock};

use serde_json::{Map, Value};
use tera::{Context, Tera};

/// The theme template of one card.
pub const CARD_TEMPLATE: &str = "partials/card.html";

/// Heading levels a card can have (`<h1>`–`<h6>`); each has its own cache.
const LEVELS: usize = 6;

/// Most bytes of cards kept, at least. The lists are rendered while every page's HTML is still
/// held, so the cache adds to the build's peak memory: 16 MiB hold every card of a 10,000-page
/// site at both levels the default theme uses.
const BUDGET: usize = 16 << 20;

/// Bytes of cards kept per page of the site, beyond [`BUDGET`]: a default-theme card and its key
/// take about 800 bytes, so every page's card stays once rendered (at 100,000 pages, about 100 MB
/// beside the pages' 800 MB of HTML and text). A fixed budget left most cards of a large site to
/// be rendered again on every list that shows them: the build's time grew faster than the site.
const PER_PAGE: usize = 1 << 10;

/// Rendered cards by heading level, then page path.
pub struct CardCache {
    /// The templates cards are rendered with (the site's, without this filter), set once the
    /// renderer is built.
    tera: OnceLock<(Tera, Map<String, Value>)>,
    levels: [RwLock<HashMap<String, Arc<str>>>; LEVELS],
    /// Bytes of the cards kept (paths and HTML), at most `budget`.
    bytes: AtomicUsize,
    budget: usize,
}

impl CardCache {
    /// The cache of a site of `pages` pages.
    pub fn for_pages(pages: usize) -> Self {
        Self::with_budget(BUDGET.max(pages.saturating_mul(PER_PAGE)))
    }

    /// A cache keeping at most `budget` bytes of cards.
    pub fn with_budget(budget: usize) -> Self {
        CardCache {
            tera: OnceLock::new(),
            levels: Default::default(),
            bytes: AtomicUsize::new(0),
            budget,
        }
    }

    /// Give the cache the compiled templates and the globals. Called once per renderer.
    pub fn set_templates(&self, tera: Tera, globals: Map<String, Value>) {
        let _ = self.tera.set((tera, globals));
    }

    /// Forget every card (a new rendering pass: summaries may have changed).
    pub fn clear(&self) {
        for level in &self.levels {
            if let Ok(mut m) = level.write() {
                *m = HashMap::new();
            }
        }
        self.bytes.store(0, Ordering::Relaxed);
    }

    fn render(&self, page: &Value, level: usize) -> tera::Result<String> {
        let (tera, globals) = self
            .tera
            .get()
            .ok_or("page_cards: the card templates are not ready")?;
        let mut ctx = globals.clone();
        ctx.insert("p".into(), page.clone());
        ctx.insert("level".into(), Value::from(level));
        tera.render(CARD_TEMPLATE, &Context::from_value(Value::Object(ctx))?)
    }

    /// The cards of `pages` at heading `level`, one after another.
    fn cards(&self, pages: &[Value], level: usize) -> tera::Result<String> {
        let cache = &self.levels[level - 1];
        let mut out = String::new();
        for page in pages {
            let path = page.get("path").and_then(Value::as_str);
            if let Some(path) = path
                && let Ok(m) = cache.read()
                && let Some(html) = m.get(path)
            {
                out.push_str(html);
                continue;
            }
            let html = self.render(page, level)?;
            out.push_str(&html);
            let size = path.map_or(0, str::len) + html.len();
            if let Some(path) = path
                && self.bytes.fetch_add(size, Ordering::Relaxed) + size <= self.budget
                && let Ok(mut m) = cache.write()
            {
                m.insert(path.to_string(), html.into());
            }
        }
        Ok(out)
    }
}

/// The `page_cards` Tera filter.
pub struct PageCards(pub Arc<CardCache>);

impl tera::Filter for PageCards {
    fn filter(&self, value: &Value, args: &HashMap<String, Value>) -> tera::Result<Value> {
        let pages = value
            .as_array()
            .ok_or("page_cards: expects a list of pages (paginator.pages, section.pages, …)")?;
        let level = match args.get("level") {
            None => 2,
            Some(v) => v
                .as_u64()
                .filter(|l| (1..=LEVELS as u64).contains(l))
                .ok_or("page_cards: `level` is a heading level, 1 to 6")?
                as usize,
        };
        self.0.cards(pages, level).map(Value::String)
    }

    fn is_safe(&self) -> bool {
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// Number of cards kept.
    fn kept(c: &CardCache) -> usize {
        c.levels
            .iter()
            .map(|l| l.read().map_or(0, |m| m.len()))
            .sum()
    }

    fn cache(budget: usize) -> CardCache {
        let mut tera = Tera::default();
        tera.add_raw_template(
            CARD_TEMPLATE,
            "<li><h{{ level }}>{{ p.title }}</h{{ level }}></li>",
        )
        .expect("template");
        let c = CardCache::with_budget(budget);
        c.set_templates(tera, Map::new());
        c
    }

    #[test]
    fn cards_are_kept_per_level_within_the_budget_and_cleared() {
        let pages = vec![
            json!({"title": "甲", "path": "/a/"}),
            json!({"title": "乙", "path": "/b/"}),
            json!({"title": "丙"}),
        ];
        let c = cache(1 << 20);
        let want2 = "<li><h2>甲</h2></li><li><h2>乙</h2></li><li><h2>丙</h2></li>";
        assert_eq!(c.cards(&pages, 2).expect("cards"), want2);
        // Pages without a path are not kept; a second list reuses the kept cards.
        assert_eq!(kept(&c), 2);
        assert_eq!(
            c.cards(&pages[..1], 2).expect("cards"),
            "<li><h2>甲</h2></li>"
        );
        assert_eq!(
            c.cards(&pages[..1], 3).expect("cards"),
            "<li><h3>甲</h3></li>"
        );
        assert_eq!(kept(&c), 3);
        c.clear();
        assert_eq!(kept(&c), 0);

        // A budget of one card: the others are rendered every time, the same.
        let small = cache("/a/".len() + "<li><h2>甲</h2></li>".len());
        assert_eq!(small.cards(&pages, 2).expect("cards"), want2);
        assert_eq!(small.cards(&pages, 2).expect("cards"), want2);
        assert_eq!(kept(&small), 1);
    }

    #[test]
    fn the_budget_grows_with_the_site() {
        assert_eq!(CardCache::for_pages(10).budget, BUDGET);
        // A default-theme card and its key take about 800 bytes: every page's card fits.
        assert!(CardCache::for_pages(100_000).budget >= 100_000 * 800);
        assert!(CardCache::for_pages(usize::MAX).budget >= BUDGET);
    }

    #[test]
    fn a_cached_card_is_not_shown_for_another_page_and_bad_levels_are_errors() {
        let c = cache(1 << 20);
        let f = PageCards(Arc::new(c));
        let list = json!([{"title": "甲", "path": "/a/"}]);
        let args = |l: Value| HashMap::from([("level".to_string(), l)]);
        use tera::Filter;
        assert_eq!(
            f.filter(&list, &args(json!(4))).expect("cards"),
            json!("<li><h4>甲</h4></li>")
        );
        let other = json!([{"title": "乙", "path": "/b/"}]);
        assert_eq!(
            f.filter(&other, &args(json!(4))).expect("cards"),
            json!("<li><h4>乙</h4></li>")
        );
        assert!(f.filter(&list, &args(json!(7))).is_err());
        assert!(f.filter(&json!("甲"), &HashMap::new()).is_err());
    }
}
