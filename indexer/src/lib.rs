//! Indexing and searching the eldercare corpus.
//!
//! # Layout
//! - [`analysis`]: the Chinese analysis chain (normalization, jieba words, bigrams), shared by
//!   index time and query time.
//! - [`schema`]: the tantivy fields.
//! - [`build_index`]: writing documents into the on-disk index.
//! - [`search`]: the query language, ranking, snippets and facets.
//! - [`evaluation`]: known-item relevance figures (MRR@10, Recall@k).
#![warn(missing_docs)]

pub mod analysis;
pub mod build_index;
pub mod error;
pub mod evaluation;
pub mod schema;
pub mod search;

pub use build_index::{IndexBuilder, warm_up};
pub use error::{IndexError, Result};
pub use search::{Hit, MATCH_PARTS_BELOW, SearchEngine, SearchRequest, SearchResponse, SortOrder, WordSplit};
