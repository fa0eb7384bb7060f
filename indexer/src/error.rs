//! The indexer's error type.

use std::path::PathBuf;

/// Errors of index building and searching.
#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    /// The index directory could not be opened or created.
    #[error("failed to open index at `{1}`: {0}")]
    Open(#[source] tantivy::TantivyError, PathBuf),
    /// The index directory could not be created on disk.
    #[error("failed to create index directory `{1}`: {0}")]
    CreateDir(#[source] std::io::Error, PathBuf),
    /// The index on disk was built with another schema (by an older or newer yanglao).
    #[error(
        "the index at `{0}` was built with another schema (by another version of yanglao): delete that directory and build it again with `yanglao index`"
    )]
    Incompatible(PathBuf),
    /// Writing to the index failed.
    #[error("failed to write to the index: {0}")]
    Write(#[source] tantivy::TantivyError),
    /// Searching the index failed.
    #[error("failed to search the index: {0}")]
    Search(#[source] tantivy::TantivyError),
    /// A stored document could not be decoded.
    #[error("failed to decode stored document: {0}")]
    Decode(String),
    /// The query is not valid; the message says where.
    #[error(transparent)]
    Query(#[from] crate::search::QueryError),
}

/// The indexer's result type.
pub type Result<T> = std::result::Result<T, IndexError>;
