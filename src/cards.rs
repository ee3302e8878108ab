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
//!
//! The traditional copy converts each kept card once, too: while a page is rendered the cards
//! the filter wrote are noted ([`Shown`]), found in the page's HTML ([`locate`]) and handed to
//! `emit` with it, whose converter copies a found card's converted form instead of converting
//! its text again (`script::convert_page`).

use std::borrow::Cow;
use std::cell::RefCell;
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

/// Most bytes of the cards' traditional forms kept (a budget of their own, as large as the
/// cards', up to this): the forms of every card of a 10,000-page site, and of the first cards a
/// larger site converts, without raising a 100,000-page build's peak memory by the cards' 100 MB.
/// A card not kept costs a Tera render each time it is shown, a form not kept only a conversion:
/// the forms never take the cards' room.
const COPY_BUDGET: usize = 32 << 20;

/// Bytes of cards kept, and the most there may be.
#[derive(Debug)]
struct Budget {
    bytes: AtomicUsize,
    limit: usize,
}

impl Budget {
    /// Count `size` more bytes if they fit.
    fn take(&self, size: usize) -> bool {
        self.bytes.fetch_add(size, Ordering::Relaxed) + size <= self.limit
    }
}

/// One rendered card, shared by every list that shows it.
#[derive(Debug)]
pub struct Card {
    html: Box<str>,
    /// Its traditional form (`None`: it cannot be converted apart from its page), made when a
    /// page showing it is first copied.
    hant: OnceLock<Option<Box<str>>>,
    /// The cache's budget for traditional forms, which the card's form is counted in.
    budget: Arc<Budget>,
}

impl Card {
    /// A card outside any cache, its form always kept (tests).
    #[cfg(test)]
    pub(crate) fn alone(html: &str) -> Arc<Card> {
        let budget = Arc::new(Budget {
            bytes: AtomicUsize::new(0),
            limit: usize::MAX,
        });
        Arc::new(Card::new(html.to_string(), budget))
    }

    fn new(html: String, budget: Arc<Budget>) -> Self {
        Card {
            html: html.into(),
            hant: OnceLock::new(),
            budget,
        }
    }

    pub fn html(&self) -> &str {
        &self.html
    }

    /// The card's traditional form, made by `convert` the first time (`None` when the card
    /// cannot be converted apart from its page), and kept while the budget allows.
    pub fn converted(&self, convert: impl FnOnce(&str) -> Option<String>) -> Option<Cow<'_, str>> {
        if let Some(kept) = self.hant.get() {
            return kept.as_deref().map(Cow::Borrowed);
        }
        let made = convert(&self.html);
        let size = made.as_ref().map_or(0, String::len);
        if self.budget.take(size) {
            // Another thread may have made it meanwhile: the same text.
            let _ = self.hant.set(made.map(String::into_boxed_str));
            return self.hant.get()?.as_deref().map(Cow::Borrowed);
        }
        made.map(Cow::Owned)
    }
}

/// A card found in a rendered page: it starts at byte `start` of the page's HTML.
#[derive(Debug, Clone)]
pub struct Span {
    pub start: usize,
    pub card: Arc<Card>,
}

/// The kept cards the filter wrote while one page was rendered, one list per use of the filter,
/// each card with its byte offset in the filter's output. A card not kept is not noted: it is
/// shown this once and converted with its page.
pub type Shown = Vec<Vec<(usize, Arc<Card>)>>;

thread_local! {
    /// The cards noted for the page this thread renders; `None` when no one asks.
    static SHOWN: RefCell<Option<Shown>> = const { RefCell::new(None) };
}

/// Note the cards the filter writes on this thread from now on.
pub fn start_noting() {
    SHOWN.with_borrow_mut(|s| *s = Some(Vec::new()));
}

/// The cards noted since [`start_noting`], and stop noting.
pub fn take_noted() -> Shown {
    SHOWN.with_borrow_mut(Option::take).unwrap_or_default()
}

/// Where the noted cards stand in `html`, in order: each list where its first card is found,
/// its other cards at their offsets from it. A list not found whole (a template changed the
/// filter's output) is left out: its text is converted like any other.
pub fn locate(html: &str, shown: Shown) -> Vec<Span> {
    let b = html.as_bytes();
    let mut spans = Vec::new();
    let mut from = 0;
    for list in shown {
        let Some((first_at, first)) = list.first() else {
            continue;
        };
        let Some(start) = memchr::memmem::find(&b[from..], first.html.as_bytes())
            .and_then(|found| (from + found).checked_sub(*first_at))
            .filter(|&start| start >= from)
        else {
            continue;
        };
        let whole = list.iter().all(|(at, c)| {
            b.get(start + at..)
                .is_some_and(|rest| rest.starts_with(c.html.as_bytes()))
        });
        if !whole {
            continue;
        }
        for (at, card) in list {
            from = start + at + card.html.len();
            spans.push(Span {
                start: start + at,
                card,
            });
        }
    }
    spans
}

/// Rendered cards by heading level, then page path.
pub struct CardCache {
    /// The templates cards are rendered with (the site's, without this filter), set once the
    /// renderer is built.
    tera: OnceLock<(Tera, Map<String, Value>)>,
    levels: [RwLock<HashMap<String, Arc<Card>>>; LEVELS],
    /// Bytes of the cards kept (paths and HTML).
    budget: Budget,
    /// Bytes of their traditional forms kept.
    copies: Arc<Budget>,
}

impl CardCache {
    /// The cache of a site of `pages` pages; `copy`: the site has a traditional copy, whose
    /// forms of the cards are kept too, in up to [`COPY_BUDGET`] more.
    pub fn for_pages(pages: usize, copy: bool) -> Self {
        let budget = BUDGET.max(pages.saturating_mul(PER_PAGE));
        let copies = if copy { budget.min(COPY_BUDGET) } else { 0 };
        Self::with_budgets(budget, copies)
    }

    /// A cache keeping at most `budget` bytes of cards.
    pub fn with_budget(budget: usize) -> Self {
        Self::with_budgets(budget, budget)
    }

    /// A cache keeping at most `cards` bytes of cards and `copies` of their traditional forms.
    fn with_budgets(cards: usize, copies: usize) -> Self {
        let budget = |limit| Budget {
            bytes: AtomicUsize::new(0),
            limit,
        };
        CardCache {
            tera: OnceLock::new(),
            levels: Default::default(),
            budget: budget(cards),
            copies: Arc::new(budget(copies)),
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
        self.budget.bytes.store(0, Ordering::Relaxed);
        self.copies.bytes.store(0, Ordering::Relaxed);
    }

    fn render(&self, page: &Value, level: usize) -> tera::Result<String> {
        let (tera, globals) = self
            .tera
            .get()
            .ok_or("page_cards: the card templates are not ready")?;
        let mut ctx = globals.clone();
        ctx.insert("p".into(), page.clone());
        ctx.insert("level".into(), Value::from(level));
        crate::render::render_string(
            tera,
            CARD_TEMPLATE,
            &Context::from_value(Value::Object(ctx))?,
        )
    }

    /// The cards of `pages` at heading `level`, one after another (noted when asked, see
    /// [`start_noting`]).
    fn cards(&self, pages: &[Value], level: usize) -> tera::Result<String> {
        let cache = &self.levels[level - 1];
        let noting = SHOWN.with_borrow(Option::is_some);
        let mut shown = Vec::new();
        let mut out = String::new();
        for page in pages {
            let at = out.len();
            let path = page.get("path").and_then(Value::as_str);
            if let Some(path) = path
                && let Ok(m) = cache.read()
                && let Some(card) = m.get(path)
            {
                out.push_str(&card.html);
                if noting {
                    shown.push((at, card.clone()));
                }
                continue;
            }
            let html = self.render(page, level)?;
            out.push_str(&html);
            let size = path.map_or(0, str::len) + html.len();
            if let Some(path) = path
                && self.budget.take(size)
            {
                let card = Arc::new(Card::new(html, self.copies.clone()));
                if let Ok(mut m) = cache.write() {
                    m.insert(path.to_string(), card.clone());
                }
                if noting {
                    shown.push((at, card));
                }
            }
        }
        if noting {
            SHOWN.with_borrow_mut(|s| {
                if let Some(s) = s {
                    s.push(shown);
                }
            });
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
    fn the_cards_of_a_page_are_noted_and_found_in_it() {
        let c = cache(1 << 20);
        let pages = vec![
            json!({"title": "甲", "path": "/a/"}),
            json!({"title": "乙", "path": "/b/"}),
        ];
        // Not noted unless asked.
        c.cards(&pages, 2).expect("cards");
        assert!(take_noted().is_empty());
        start_noting();
        let first = c.cards(&pages, 2).expect("cards");
        let second = c.cards(&pages[1..], 3).expect("cards");
        let noted = take_noted();
        assert_eq!(noted.iter().map(Vec::len).collect::<Vec<_>>(), [2, 1]);
        // The kept card is shared, not copied.
        assert!(Arc::ptr_eq(
            &noted[0][0].1,
            &c.levels[1].read().expect("lock")["/a/"]
        ));
        let html = format!("<ul>{first}</ul><p>乙</p><ul>{second}</ul>");
        let spans = locate(&html, noted.clone());
        let found: Vec<(usize, &str)> = spans.iter().map(|s| (s.start, s.card.html())).collect();
        let a = "<li><h2>甲</h2></li>";
        let b2 = "<li><h2>乙</h2></li>";
        let at_second = html.rfind("<li><h3>").expect("second list");
        assert_eq!(
            found,
            [
                (4, a),
                (4 + a.len(), b2),
                (at_second, "<li><h3>乙</h3></li>")
            ]
        );
        // A list not found whole is left out; the others are still found.
        let changed = format!("<ul>{a}<li>x</li>{b2}</ul><ul>{second}</ul>");
        let spans = locate(&changed, noted);
        assert_eq!(spans.len(), 1);
        assert_eq!(spans[0].card.html(), "<li><h3>乙</h3></li>");

        // A card not kept is not noted; a kept one keeps its offset after it.
        let small = cache("/a/".len() + a.len());
        small.cards(&pages[..1], 2).expect("cards");
        start_noting();
        let out = small
            .cards(&[pages[1].clone(), pages[0].clone()], 2)
            .expect("cards");
        let noted = take_noted();
        assert_eq!(noted.len(), 1);
        assert_eq!(noted[0].len(), 1);
        assert_eq!(noted[0][0].0, b2.len());
        let spans = locate(&format!("<ul>{out}</ul>"), noted);
        assert_eq!(spans.len(), 1);
        assert_eq!((spans[0].start, spans[0].card.html()), (4 + b2.len(), a));
    }

    #[test]
    fn a_cards_traditional_form_is_made_once_within_the_budget() {
        let made = std::cell::Cell::new(0);
        let convert = |h: &str| {
            made.set(made.get() + 1);
            Some(h.replace('甲', "甲甲"))
        };
        let kept = Card::alone("<li>甲</li>");
        assert_eq!(kept.converted(convert).as_deref(), Some("<li>甲甲</li>"));
        assert_eq!(kept.converted(convert).as_deref(), Some("<li>甲甲</li>"));
        assert_eq!(made.get(), 1);
        // Over the budget: made every time, never kept.
        let full = Arc::new(Budget {
            bytes: AtomicUsize::new(0),
            limit: 3,
        });
        let over = Card::new("<li>甲</li>".into(), full);
        over.converted(convert);
        over.converted(convert);
        assert_eq!(made.get(), 3);
        assert!(over.hant.get().is_none());
    }

    #[test]
    fn the_budget_grows_with_the_site() {
        let budgets = |pages, copy| {
            let c = CardCache::for_pages(pages, copy);
            (c.budget.limit, c.copies.limit)
        };
        assert_eq!(budgets(10, false), (BUDGET, 0));
        assert_eq!(budgets(10, true), (BUDGET, BUDGET));
        assert_eq!(budgets(100_000, true), (100_000 * PER_PAGE, COPY_BUDGET));
        // A default-theme card and its key take about 800 bytes: every page's card fits.
        assert!(CardCache::for_pages(100_000, false).budget.limit >= 100_000 * 800);
        assert!(CardCache::for_pages(usize::MAX, true).budget.limit >= BUDGET);
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
