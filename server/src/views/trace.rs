//! Tracing a quote: which documents contain a passage, or nearly, ordered by date (the earliest
//! is the likely source).
//!
//! Texts are normalized (NFKC, traditional → simplified, `indexer::analysis::normalize`) and
//! reduced to letters and digits, so a traditional-script repost or a copy with different
//! punctuation gives the same characters. Each text becomes hashed character 5-grams
//! (shingles); the index keeps only the winnowed ones (the smallest hash of every 4 consecutive
//! shingles; Schleimer, Wilkerson and Aiken, "Winnowing", SIGMOD 2003), which guarantees that
//! any shared run of 8 or more characters shares a fingerprint, at about 40% of the shingles.
//! Candidates found through the fingerprints are then checked on all their shingles.

use std::collections::{HashMap, HashSet};

use corpus::Document;
use indexer::SearchEngine;
use serde::Serialize;

use super::catalog::{Catalog, DocSummary};
use crate::error::ApiError;

/// Characters per shingle.
pub const SHINGLE_CHARS: usize = 5;
/// Shingles per winnowing window.
pub const WINNOW_WINDOW: usize = 4;
/// Shortest quote, in letters and digits: the guarantee length of winnowing.
pub const MIN_QUOTE_CHARS: usize = SHINGLE_CHARS + WINNOW_WINDOW - 1;
/// Longest quote, in characters.
pub const MAX_QUOTE_CHARS: usize = 20_000;
/// Share of the quote's shingles a document must contain to be listed.
pub const MIN_SIMILARITY: f32 = 0.5;
/// Candidates checked on their full text.
const MAX_CANDIDATES: usize = 60;
/// Characters of the best paragraph shown with each match.
const PASSAGE_CHARS: usize = 160;

/// Returns the characters shingles are made of: normalized, letters and digits only.
pub fn shingle_chars(text: &str) -> Vec<char> {
    indexer::analysis::normalize(text).chars().filter(|ch| ch.is_alphanumeric()).collect()
}

/// Returns the hash of every 5-character window (FNV-1a over the characters).
pub fn shingle_hashes(chars: &[char]) -> Vec<u32> {
    chars
        .windows(SHINGLE_CHARS)
        .map(|window| {
            let mut hash: u32 = 0x811c_9dc5;
            for ch in window {
                for byte in (*ch as u32).to_le_bytes() {
                    hash ^= u32::from(byte);
                    hash = hash.wrapping_mul(0x0100_0193);
                }
            }
            hash
        })
        .collect()
}

/// Returns the winnowed fingerprints of a text's shingle hashes (distinct, unordered).
pub fn winnow(hashes: &[u32]) -> HashSet<u32> {
    let mut fingerprints = HashSet::new();
    if hashes.len() < WINNOW_WINDOW {
        fingerprints.extend(hashes.iter().min());
        return fingerprints;
    }
    for window in hashes.windows(WINNOW_WINDOW) {
        let smallest = window.iter().min().expect("windows are never empty");
        fingerprints.insert(*smallest);
    }
    fingerprints
}

/// Fingerprint → documents, as one sorted vector (8 bytes a posting).
#[derive(Debug, Default)]
pub struct ShingleIndex {
    postings: Vec<(u32, u32)>,
    ids: Vec<String>,
}

impl ShingleIndex {
    /// Fingerprints every document (title and body).
    pub fn build(documents: &[Document]) -> ShingleIndex {
        let mut index = ShingleIndex::default();
        for (ordinal, document) in documents.iter().enumerate() {
            let mut text = document.title.clone();
            text.push('\n');
            text.push_str(&document.body);
            let fingerprints = winnow(&shingle_hashes(&shingle_chars(&text)));
            let ordinal = u32::try_from(ordinal).expect("fewer than 4 billion documents");
            index.postings.extend(fingerprints.into_iter().map(|fingerprint| (fingerprint, ordinal)));
            index.ids.push(document.id.clone());
        }
        index.postings.sort_unstable();
        index
    }

    /// Returns document ids sharing fingerprints with the query, most shared first.
    pub fn candidates(&self, fingerprints: &HashSet<u32>, limit: usize) -> Vec<(String, usize)> {
        let mut shared: HashMap<u32, usize> = HashMap::new();
        for fingerprint in fingerprints {
            let start = self.postings.partition_point(|(hash, _)| hash < fingerprint);
            for (hash, ordinal) in &self.postings[start..] {
                if hash != fingerprint {
                    break;
                }
                *shared.entry(*ordinal).or_default() += 1;
            }
        }
        let mut ranked: Vec<(u32, usize)> = shared.into_iter().collect();
        ranked.sort_unstable_by(|left, right| right.1.cmp(&left.1).then(left.0.cmp(&right.0)));
        ranked.truncate(limit);
        ranked.into_iter().map(|(ordinal, count)| (self.ids[ordinal as usize].clone(), count)).collect()
    }
}

/// A document that contains the quote, or nearly.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct TraceMatch {
    /// The document.
    pub document: DocSummary,
    /// Share of the quote's 5-character shingles found in the document (0–1).
    pub similarity: f32,
    /// Zero-based index of the paragraph that holds most of the quote.
    pub paragraph: usize,
    /// That paragraph (plain text, shortened).
    pub passage: String,
}

/// Where a quote appears.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct TraceResult {
    /// Letters and digits of the quote, after normalization.
    pub quote_chars: usize,
    /// Matching documents, earliest first (undated last).
    pub matches: Vec<TraceMatch>,
    /// Id of the earliest dated match: the likely source.
    pub likely_source: Option<String>,
}

/// Finds the documents that contain the quote or nearly, earliest first.
pub fn trace(catalog: &Catalog, engine: &SearchEngine, quote: &str) -> Result<TraceResult, ApiError> {
    if quote.chars().count() > MAX_QUOTE_CHARS {
        return Err(ApiError::BadRequest(format!("the quote must be at most {MAX_QUOTE_CHARS} characters")));
    }
    let chars = shingle_chars(quote);
    if chars.len() < MIN_QUOTE_CHARS {
        return Err(ApiError::BadRequest(format!(
            "the quote must have at least {MIN_QUOTE_CHARS} letters or digits, got {}",
            chars.len()
        )));
    }
    let quote_shingles: HashSet<u32> = shingle_hashes(&chars).into_iter().collect();
    let fingerprints = winnow(&shingle_hashes(&chars));
    let mut matches = Vec::new();
    for (id, _) in catalog.shingles.candidates(&fingerprints, MAX_CANDIDATES) {
        let Some(document) = engine.get(&id)? else { continue };
        let Some(found) = match_document(&document, &quote_shingles) else { continue };
        matches.push(found);
    }
    matches.sort_by(|left, right| {
        let left_date = left.document.date().unwrap_or("9999");
        let right_date = right.document.date().unwrap_or("9999");
        left_date.cmp(right_date).then(right.similarity.total_cmp(&left.similarity))
    });
    let likely_source = matches.iter().find(|found| found.document.published.is_some()).map(|m| m.document.id.clone());
    Ok(TraceResult { quote_chars: chars.len(), matches, likely_source })
}

fn match_document(document: &Document, quote_shingles: &HashSet<u32>) -> Option<TraceMatch> {
    let mut text = document.title.clone();
    text.push('\n');
    text.push_str(&document.body);
    let document_shingles: HashSet<u32> = shingle_hashes(&shingle_chars(&text)).into_iter().collect();
    let shared = quote_shingles.intersection(&document_shingles).count();
    let similarity = shared as f32 / quote_shingles.len().max(1) as f32;
    if similarity < MIN_SIMILARITY {
        return None;
    }
    let mut best = (0, 0usize);
    for (index, paragraph) in document.paragraphs().enumerate() {
        let hashes = shingle_hashes(&shingle_chars(paragraph));
        let in_paragraph = hashes.iter().filter(|hash| quote_shingles.contains(hash)).collect::<HashSet<_>>().len();
        if in_paragraph > best.1 {
            best = (index, in_paragraph);
        }
    }
    let paragraph_text = document.paragraphs().nth(best.0).unwrap_or_default();
    let mut passage: String = paragraph_text.chars().take(PASSAGE_CHARS).collect();
    if paragraph_text.chars().count() > PASSAGE_CHARS {
        passage.push('…');
    }
    Some(TraceMatch { document: DocSummary::of(document), similarity, paragraph: best.0, passage })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn traditional_and_punctuation_variants_give_the_same_shingles() {
        let simplified = shingle_hashes(&shingle_chars("为推进居家养老服务体系建设，本市设立养老服务驿站。"));
        let traditional = shingle_hashes(&shingle_chars("為推進居家養老服務體系建設 本市設立養老服務驛站"));
        assert_eq!(simplified, traditional);
    }

    #[test]
    fn winnowing_keeps_a_fingerprint_of_every_window() {
        let hashes: Vec<u32> = (0..40).map(|n| (n * 2_654_435_761u64 % 1000) as u32).collect();
        let fingerprints = winnow(&hashes);
        for window in hashes.windows(WINNOW_WINDOW) {
            assert!(window.iter().any(|hash| fingerprints.contains(hash)));
        }
        assert!(fingerprints.len() < hashes.len());
    }

    #[test]
    fn candidates_share_fingerprints_with_the_quote() {
        let documents = [
            Document {
                id: "a".into(),
                body: "为推进居家养老服务体系建设，本市设立养老服务驿站".into(),
                ..Document::default()
            },
            Document {
                id: "b".into(), body: "长期护理保险制度试点扩大到更多城市".into(), ..Document::default()
            },
        ];
        let index = ShingleIndex::build(&documents);
        let quote = winnow(&shingle_hashes(&shingle_chars("居家养老服务体系建设")));
        let found: Vec<String> = index.candidates(&quote, 10).into_iter().map(|(id, _)| id).collect();
        assert_eq!(found, ["a"]);
    }
}
