//! The document model shared by the crawler and the indexer, and the JSONL corpus store.
//!
//! # Layout
//! - [`document`]: [`Document`], one eldercare policy or news item, and its small value types
//!   ([`Kind`], [`Script`], region tags).
//! - [`regions`]: tagging documents and paragraphs with province / prefecture / county.
//! - [`store`]: reading and appending JSONL corpora, one document per line; malformed lines are
//!   reported with their line number and skipped, never fatal.
//!
//! The JSONL file is the contract between crawler and indexer: neither depends on the other.
#![warn(missing_docs)]

pub mod dict;
pub mod doc_number;
pub mod document;
pub mod regions;
pub mod store;

pub use document::{Document, Kind, ParagraphRegion, Region, RegionMention, Regions, Script};
pub use store::{CorpusError, ReadReport, SkippedLine, append_documents, corpus_lines, read_documents};

/// The crate's result type.
pub type Result<T> = std::result::Result<T, CorpusError>;

/// Returns the folder of the bundled data (`corpus/data`, `corpus/dict`, `corpus/fixtures`) in the source tree.
pub fn source_dir() -> std::path::PathBuf {
    std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}
