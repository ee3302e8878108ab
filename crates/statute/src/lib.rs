//! pufa-statute: pure, I/O-free statute handling for Chinese legal text.
//!
//! - [`numerals`]: Chinese numerals ↔ integers in statute style.
//! - [`laws`]: the law gazetteer ([`LawTable`]): names, aliases, slugs, repeal status.
//! - [`cite`]: statute citations in running text ([`parse_citations`]).
//! - [`anchor`]: clause anchors for resident conventions.
//! - [`fold`]: the per-character script folding the others match on.
//!
//! Build the table once ([`LawTable::builtin`], then [`LawTable::extend`] with a
//! site's own laws) and reuse it for every page.
//!
//! ```
//! use pufa_statute::{LawTable, clause_anchor, cn_to_int, int_to_cn, parse_citations};
//!
//! let table = LawTable::builtin();
//! let cites = parse_citations("依据《民法典》第二百八十八条、第二百九十条", &table);
//! let got: Vec<_> = cites.iter().map(|c| (c.law.as_ref().map(|l| l.slug.as_str()), c.article)).collect();
//! assert_eq!(got, [(Some("minfadian"), 288), (Some("minfadian"), 290)]);
//! assert_eq!(int_to_cn(1042), "一千零四十二");
//! assert_eq!(cn_to_int("一〇四二"), Some(1042));
//! assert_eq!(clause_anchor(5), "tiao-5");
//! ```

pub mod anchor;
pub mod cite;
pub mod fold;
pub mod laws;
pub mod numerals;

pub use anchor::{clause_anchor, clause_number, find_clauses};
pub use cite::{Citation, Options, parse_citations, parse_citations_with};
pub use laws::{LawEntry, LawKind, LawRef, LawTable};
pub use numerals::{cn_to_int, int_to_cn};
