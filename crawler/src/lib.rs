//! The crawler: fetch eldercare pages, decode them, extract the article, store corpus documents.
//!
//! # Layout
//! - [`decode`]: bytes + Content-Type → text (HTTP charset, BOM, `<meta charset>`, detection).
//! - [`extract`]: a pure, synchronous `extract(html, url) -> Document` (main text, metadata, cleanup).
//! - [`crawl`]: `yanglao crawl`, the polite, resumable, archiving crawl ([`crawl::run`]), built from
//!   [`config`], [`urlnorm`], [`safety`], [`fetch`], [`retry`], [`robots`], [`ratelimit`],
//!   [`frontier`], [`discover`], [`archive`] and [`dedup`].
#![warn(missing_docs)]

pub mod archive;
pub mod config;
pub mod crawl;
pub mod decode;
pub mod dedup;
pub mod discover;
mod error;
pub mod extract;
pub mod fetch;
#[cfg(feature = "fixture-site")]
pub mod fixture_site;
pub mod frontier;
pub mod ratelimit;
pub mod retry;
pub mod robots;
pub mod safety;
pub mod urlnorm;

pub use error::CrawlError;

/// The crawler's result type.
pub type Result<T> = std::result::Result<T, CrawlError>;
