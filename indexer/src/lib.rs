//! Indexing and searching the eldercare corpus.
//!
//! # Layout
//! - [`analysis`]: the Chinese analysis chain (normalization, jieba words, bigrams), shared by
//!   index time and query time.
#![warn(missing_docs)]

pub mod analysis;
