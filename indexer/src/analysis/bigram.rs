//! [`CjkBigramTokenizer`]: overlapping character bigrams of Han runs, whole words of Latin and digit runs.
//!
//! Bigrams do not depend on how jieba segments a context, so a phrase query on the bigram field is
//! an exact substring match over normalized text; and on the known-item questions of
//! `../shared/notes/relevance.md` bigrams ranked better than words alone. A Han run of one
//! character yields that character. Positions are character positions, offsets original bytes.

use tantivy::tokenizer::Tokenizer;

use super::mapped_text::MappedText;
use super::normalize::normalize_mapped;
use super::pinyin::is_han;
use super::token_buffer::{TokenBuffer, TokenBufferStream};
use super::tokenizer::AnalyzedToken;

/// Longest token kept, in bytes.
const MAX_TOKEN_BYTES: usize = 40;

/// Emits CJK bigrams and Latin/digit words over normalized text.
///
/// As a tantivy tokenizer it refills its own [`TokenBuffer`] for every text.
#[derive(Clone, Default)]
pub struct CjkBigramTokenizer {
    tokens: TokenBuffer,
}

impl CjkBigramTokenizer {
    /// Normalizes and tokenizes.
    pub fn analyze(&self, original: &str) -> Vec<AnalyzedToken> {
        bigrams(&normalize_mapped(original))
    }
}

/// Tokenizes an already normalized text into bigrams and Latin/digit words.
pub fn bigrams(mapped: &MappedText) -> Vec<AnalyzedToken> {
    let mut tokens = TokenBuffer::default();
    bigrams_into(mapped, &mut tokens);
    tokens.to_analyzed()
}

/// Tokenizes an already normalized text into `tokens` (cleared first).
pub fn bigrams_into(mapped: &MappedText, tokens: &mut TokenBuffer) {
    tokens.clear();
    let chars = mapped.chars();
    let mut index = 0;
    while index < chars.len() {
        let ch = chars[index].ch;
        if is_han(ch) {
            let run_end = run_end(chars.len(), index, |i| is_han(chars[i].ch));
            if run_end - index == 1 {
                push(mapped, index, 1, tokens);
            }
            for first in index..run_end.saturating_sub(1) {
                push(mapped, first, 2, tokens);
            }
            index = run_end;
        } else if ch.is_alphanumeric() {
            let run_end = run_end(chars.len(), index, |i| chars[i].ch.is_alphanumeric() && !is_han(chars[i].ch));
            push(mapped, index, run_end - index, tokens);
            index = run_end;
        } else {
            index += 1;
        }
    }
}

fn run_end(len: usize, start: usize, belongs: impl Fn(usize) -> bool) -> usize {
    let mut end = start + 1;
    while end < len && belongs(end) {
        end += 1;
    }
    end
}

/// Pushes the characters `[first, first + len)` lowercased, unless longer than [`MAX_TOKEN_BYTES`].
fn push(mapped: &MappedText, first: usize, len: usize, tokens: &mut TokenBuffer) {
    let (start, end) = mapped.original_span(first, first + len);
    let text = &mut tokens.push(first, start, end).text;
    for mapped_char in &mapped.chars()[first..first + len] {
        let ch = mapped_char.ch;
        if ch.is_ascii() || is_han(ch) {
            text.push(ch.to_ascii_lowercase());
        } else {
            text.extend(ch.to_lowercase());
        }
    }
    if text.len() > MAX_TOKEN_BYTES {
        tokens.pop();
    }
}

impl Tokenizer for CjkBigramTokenizer {
    type TokenStream<'a> = TokenBufferStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> TokenBufferStream<'a> {
        bigrams_into(&normalize_mapped(text), &mut self.tokens);
        self.tokens.stream()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(original: &str) -> Vec<(String, usize)> {
        CjkBigramTokenizer::default().analyze(original).into_iter().map(|t| (t.text, t.position)).collect()
    }

    #[test]
    fn han_runs_become_bigrams() {
        let expected = [("养老", 0), ("老服", 1), ("服务", 2)].map(|(t, p)| (t.to_string(), p));
        assert_eq!(texts("养老服务"), expected);
    }

    #[test]
    fn traditional_gives_the_same_bigrams() {
        assert_eq!(texts("養老服務"), texts("养老服务"));
    }

    #[test]
    fn latin_and_digit_runs_are_words() {
        let expected = [("2021", 0), ("年", 4), ("ai", 7)].map(|(t, p)| (t.to_string(), p));
        assert_eq!(texts("2021年, AI"), expected);
    }
}
