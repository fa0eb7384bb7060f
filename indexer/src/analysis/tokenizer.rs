//! [`ChineseTokenizer`]: jieba segmentation (search mode) over normalized text, as a tantivy tokenizer.
//!
//! - Positions are *character* positions in the normalized text. Search mode emits a word and
//!   its dictionary sub-words (`长期护理保险`, `护理`, `保险` …); giving each token the position of
//!   its first character keeps phrase adjacency consistent between index and query.
//! - Offsets point into the original text (see [`super::mapped_text`]), so snippets highlight the
//!   right characters of a traditional-script document.
//! - Domain terms of the eldercare dictionary stay whole: `适老化改造` does not also yield `老化`.

use std::sync::{Arc, LazyLock};

use jieba_rs::Jieba;
use tantivy::tokenizer::Tokenizer;

use super::lowercase::push_lowercase;
use super::mapped_text::MappedText;
use super::normalize::normalize_mapped;
use super::token_buffer::{TokenBuffer, TokenBufferStream};
use super::word_lists::{DOMAIN_TERMS, STOP_WORDS, is_punctuation_only};

/// Longest token kept, in bytes (tantivy's `RemoveLongFilter::limit(40)` does the same).
const MAX_TOKEN_BYTES: usize = 40;

static JIEBA: LazyLock<Arc<Jieba>> = LazyLock::new(|| {
    let mut jieba = Jieba::new();
    let mut dictionary = corpus::dict::ELDERCARE_DICT.as_bytes();
    jieba.load_dict(&mut dictionary).expect("the bundled eldercare dictionary should always parse");
    Arc::new(jieba)
});

/// Returns the shared jieba segmenter with the eldercare dictionary loaded (loaded once).
pub fn shared_jieba() -> Arc<Jieba> {
    Arc::clone(&JIEBA)
}

/// A token of the analysis chain: normalized text, character position, original byte offsets.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct AnalyzedToken {
    /// The token text (simplified, lowercased).
    pub text: String,
    /// Character position in the normalized text.
    pub position: usize,
    /// Byte offset of the first original byte.
    pub start: usize,
    /// Byte offset after the last original byte.
    pub end: usize,
}

/// Segments Chinese text with jieba in search mode after normalization.
///
/// As a tantivy tokenizer it refills its own [`TokenBuffer`] for every text. Creating one is
/// free: the shared dictionary loads on first use, so when an index is built the writer's
/// threads load it while the caller already prepares the first documents.
#[derive(Clone, Default)]
pub struct ChineseTokenizer {
    tokens: TokenBuffer,
}

impl ChineseTokenizer {
    /// Runs normalization and segmentation, returning tokens ordered by position.
    pub fn analyze(&self, original: &str) -> Vec<AnalyzedToken> {
        let mapped = normalize_mapped(original);
        self.segment(&mapped)
    }

    /// Segments an already normalized text.
    pub fn segment(&self, mapped: &MappedText) -> Vec<AnalyzedToken> {
        let mut tokens = TokenBuffer::default();
        self.segment_into(mapped, &mut tokens);
        tokens.to_analyzed()
    }

    /// Segments an already normalized text into `tokens` (cleared first), ordered by position.
    pub fn segment_into(&self, mapped: &MappedText, tokens: &mut TokenBuffer) {
        tokens.clear();
        let normalized = mapped.text();
        for word in JIEBA.cut(&normalized, true) {
            let word_chars = word.end - word.start;
            if word.word.len() > MAX_TOKEN_BYTES || is_punctuation_only(word.word) {
                continue;
            }
            let is_domain_term = DOMAIN_TERMS.contains(word.word);
            if word_chars > 2 {
                self.push_sub_words(word.word, word.start, is_domain_term, mapped, tokens);
            }
            push_token(word.word, word.start, word_chars, mapped, tokens);
        }
        tokens.tokens_mut().sort_by_key(|token| (token.position, token.offset_to));
    }

    /// Pushes the 2- and 3-character dictionary words inside a longer word (jieba's search mode).
    /// Inside a domain term only sub-words that are domain terms themselves are kept.
    fn push_sub_words(
        &self,
        word: &str,
        word_start: usize,
        is_domain_term: bool,
        mapped: &MappedText,
        tokens: &mut TokenBuffer,
    ) {
        // Byte offset of each character, then the word's end: words are at most
        // `MAX_TOKEN_BYTES` long, so the offsets fit on the stack.
        let mut boundaries = [0usize; MAX_TOKEN_BYTES + 1];
        let mut char_count = 0;
        for (offset, _) in word.char_indices() {
            boundaries[char_count] = offset;
            char_count += 1;
        }
        boundaries[char_count] = word.len();
        for gram_len in [2usize, 3] {
            if char_count <= gram_len {
                continue;
            }
            for first in 0..=char_count - gram_len {
                let gram = &word[boundaries[first]..boundaries[first + gram_len]];
                let keep = if is_domain_term { DOMAIN_TERMS.contains(gram) } else { JIEBA.has_word(gram) };
                if keep {
                    push_token(gram, word_start + first, gram_len, mapped, tokens);
                }
            }
        }
    }
}

/// Pushes a word, lowercased, unless it is a stop word.
fn push_token(word: &str, char_start: usize, char_len: usize, mapped: &MappedText, tokens: &mut TokenBuffer) {
    let (start, end) = mapped.original_span(char_start, char_start + char_len);
    let text = &mut tokens.push(char_start, start, end).text;
    push_lowercase(word, text);
    if STOP_WORDS.contains(text.as_str()) {
        tokens.pop();
    }
}

impl Tokenizer for ChineseTokenizer {
    type TokenStream<'a> = TokenBufferStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> TokenBufferStream<'a> {
        let mut tokens = std::mem::take(&mut self.tokens);
        self.segment_into(&normalize_mapped(text), &mut tokens);
        self.tokens = tokens;
        self.tokens.stream()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(original: &str) -> Vec<String> {
        ChineseTokenizer::default().analyze(original).into_iter().map(|token| token.text).collect()
    }

    #[test]
    fn punctuation_is_not_a_token() {
        assert!(texts("，。！？、“”《》").is_empty());
    }

    #[test]
    fn offsets_point_into_a_traditional_original() {
        let original = "發展養老服務";
        for token in ChineseTokenizer::default().analyze(original) {
            let slice = &original[token.start..token.end];
            assert_eq!(
                super::super::normalize(slice),
                token.text,
                "help: token offsets must cover the original characters"
            );
        }
    }

    #[test]
    fn latin_is_lowercased() {
        assert!(texts("推进AI养老").contains(&"ai".to_string()));
    }
}
