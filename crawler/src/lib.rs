//! The crawler: fetch eldercare pages, decode them, extract the article, store corpus documents.
//!
//! # Layout
//! - [`decode`]: bytes + Content-Type → text (HTTP charset, BOM, `<meta charset>`, detection).
//! - [`extract`]: a pure, synchronous `extract(html, url) -> Document` (main text, metadata, cleanup).
#![warn(missing_docs)]

pub mod decode;
pub mod extract;
