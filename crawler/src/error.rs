//! The crawler's error type: one enum, each variant naming the failed operation and keeping its
//! source. Per-page failures (a 404, a timeout, a refused address) are not errors of the crawl:
//! they are counted in the [`crate::crawl::CrawlReport`] and logged; these are the failures that
//! stop a crawl or a command.

use std::path::PathBuf;

/// Errors of the crawler.
#[derive(Debug, thiserror::Error)]
pub enum CrawlError {
    /// The configuration file could not be read.
    #[error("failed to read crawl configuration `{1}`: {0}")]
    ReadConfig(#[source] std::io::Error, PathBuf),
    /// The configuration is invalid.
    #[error("invalid crawl configuration: {0}")]
    InvalidConfig(String),
    /// The HTTP client could not be built.
    #[error("failed to build the HTTP client: {0}")]
    HttpClient(#[source] reqwest::Error),
    /// The frontier store failed.
    #[error("frontier store `{1}` failed: {0}")]
    Frontier(#[source] redb::Error, PathBuf),
    /// A WARC file could not be written or read.
    #[error("failed to access web archive `{1}`: {0}")]
    Archive(#[source] std::io::Error, PathBuf),
    /// The corpus file could not be read or written.
    #[error("corpus store failed: {0}")]
    Corpus(#[from] corpus::CorpusError),
    /// The output folder could not be prepared.
    #[error("failed to prepare output folder `{1}`: {0}")]
    Output(#[source] std::io::Error, PathBuf),
    /// A background task failed.
    #[error("crawl task failed: {0}")]
    Task(String),
}
