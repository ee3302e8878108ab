//! pufa (普法): a static site generator for Chinese legal-education content whose build
//! anonymizes published typical cases. The library holds the pipeline stages; `main.rs` is a thin
//! command line over them. Stage order lives only in `build`.

pub mod anon;
pub mod build;
pub mod cards;
pub mod check;
pub mod cmd;
pub mod config;
pub mod convention;
pub mod data;
pub mod diag;
pub mod emit;
pub mod expand;
pub mod facets;
pub mod feeds;
pub mod front_matter;
pub mod highlight;
pub mod import;
pub mod incremental;
pub mod laws;
pub mod load;
pub mod markdown;
pub mod meta;
pub mod output;
pub mod render;
pub use pufa_anonymize::s2t;
pub mod script;
pub mod search;
pub mod serve;
pub mod shortcode;
pub mod site;
pub mod slug;
pub mod structure;
pub mod summary;
pub mod theme;
