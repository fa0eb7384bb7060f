//! The Chinese analysis chain, identical at index time and at query time.
//!
//! 1. [`normalize`]: NFKC width folding ([`width`]), pinyin annotations removed ([`pinyin`]),
//!    traditional → simplified ([`traditional`]), every character keeping its original span
//!    ([`mapped_text`]).
//! 2. Segmentation: [`CjkBigramTokenizer`] for the indexed fields (phrases are exact substrings);
//!    [`ChineseTokenizer`] (jieba search mode with the eldercare dictionary) for the words of a
//!    query, each matched as a phrase of its bigrams.
//! 3. Filters inside the tokenizers: punctuation and stop words dropped, Latin lowercased
//!    ([`lowercase`]), long tokens dropped ([`word_lists`]).
//!
//! As tantivy tokenizers both write into a [`token_buffer::TokenBuffer`] they own, reused from
//! text to text, so indexing allocates no string per token.
//!
//! Adding a stage: a new file with a function `MappedText -> MappedText`, one line in
//! [`normalize::normalize_mapped`], and its tests.

pub mod bigram;
pub mod lowercase;
pub mod mapped_text;
pub mod normalize;
pub mod pinyin;
pub mod token_buffer;
pub mod tokenizer;
pub mod traditional;
pub mod width;
pub mod word_lists;

pub use bigram::CjkBigramTokenizer;
pub use normalize::{normalize, normalize_mapped};
pub use tokenizer::{AnalyzedToken, ChineseTokenizer, shared_jieba};
pub use traditional::TraditionalToSimplified;

use tantivy::Index;
use tantivy::tokenizer::TextAnalyzer;

/// Name of the bigram analyzer in tantivy's tokenizer manager.
pub const ANALYZER_BIGRAM: &str = "zh_bigram";

/// Registers the analyzers on an index; called by the index builder and by the searcher.
pub fn register_analyzers(index: &Index) {
    let manager = index.tokenizers();
    manager.register(ANALYZER_BIGRAM, TextAnalyzer::from(CjkBigramTokenizer::default()));
}

/// The result of analyzing a text, as `yanglao analyze` prints it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Analysis {
    /// The normalized text.
    pub normalized: String,
    /// Word tokens with character positions and original byte offsets.
    pub tokens: Vec<AnalyzedToken>,
}

/// Analyzes a text with the word analyzer.
pub fn analyze(original: &str) -> Analysis {
    let mapped = normalize_mapped(original);
    let tokens = ChineseTokenizer::default().segment(&mapped);
    Analysis { normalized: mapped.text(), tokens }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Asserts the word tokens of `text`, with a hint where to look on failure.
    fn assert_analyzed_contains(text: &str, expected: &[&str]) {
        let tokens: Vec<String> = analyze(text).tokens.into_iter().map(|token| token.text).collect();
        for word in expected {
            assert!(
                tokens.iter().any(|token| token == word),
                "help: `{word}` missing from the tokens of `{text}`: {tokens:?}; check corpus/dict/eldercare.txt"
            );
        }
    }

    #[test]
    fn traditional_and_simplified_give_the_same_tokens() {
        let traditional: Vec<_> = analyze("養老服務").tokens.into_iter().map(|t| (t.text, t.position)).collect();
        let simplified: Vec<_> = analyze("养老服务").tokens.into_iter().map(|t| (t.text, t.position)).collect();
        assert_eq!(traditional, simplified);
    }

    #[test]
    fn pinyin_annotations_are_removed() {
        assert_eq!(analyze("區(qū)人大常委會").normalized, "区人大常委会");
        assert_eq!(analyze("(市、區)").normalized, "(市、区)");
        assert_eq!(analyze("ＡＢＣ１２３").normalized, "ABC123");
    }

    #[test]
    fn domain_terms_stay_whole() {
        assert_analyzed_contains("推进老年人家庭适老化改造", &["适老化改造"]);
        assert_analyzed_contains("开展长期护理保险制度试点", &["长期护理保险", "制度", "试点"]);
        assert_analyzed_contains("推进医养结合", &["医养结合"]);
        let tokens: Vec<String> = analyze("适老化改造").tokens.into_iter().map(|t| t.text).collect();
        assert!(!tokens.contains(&"老化".to_string()), "help: 老化 must not be indexed inside 适老化改造: {tokens:?}");
    }
}
