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
use std::sync::{Arc, OnceLock, RwLock};

use serde_json::{Map, Value};
use tera::{Context, Tera};

/// The theme template of one card.
pub const CARD_TEMPLATE: &str = "partials/card.html";

/// Heading levels a card can have (`<h1>`–`<h6>`); each has its own cache.
const LEVELS: usize = 6;

/// Rendered cards by heading level, then page path.
#[derive(Default)]
pub struct CardCache {
    /// The templates cards are rendered with (the site's, without this filter), set once the
    /// renderer is built.
    tera: OnceLock<(Tera, Map<String, Value>)>,
    levels: [RwLock<HashMap<String, Arc<str>>>; LEVELS],
}

impl CardCache {
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
            if let Some(path) = path
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
