//! [`TokenBuffer`]: the tokens of one text, keeping their allocations from one text to the next.
//!
//! Indexing tokenizes millions of short tokens; a tokenizer owns one buffer and refills it for
//! every text, so a token's `String` is cleared and rewritten instead of allocated and freed.
//! [`TokenBufferStream`] hands the buffered tokens to tantivy.

use tantivy::tokenizer::{Token, TokenStream};

use super::tokenizer::AnalyzedToken;

/// Tokens of the current text; slots past `len` are spare allocations kept for reuse.
#[derive(Debug, Clone, Default)]
pub struct TokenBuffer {
    tokens: Vec<Token>,
    len: usize,
}

impl TokenBuffer {
    /// Forgets the tokens, keeping their allocations.
    pub fn clear(&mut self) {
        self.len = 0;
    }

    /// Appends a token with empty text and returns it, for the caller to write its text.
    pub fn push(&mut self, position: usize, offset_from: usize, offset_to: usize) -> &mut Token {
        if self.len == self.tokens.len() {
            self.tokens.push(Token::default());
        }
        let token = &mut self.tokens[self.len];
        self.len += 1;
        token.text.clear();
        token.position = position;
        token.offset_from = offset_from;
        token.offset_to = offset_to;
        token.position_length = 1;
        token
    }

    /// Drops the last token pushed (its allocation stays for reuse).
    pub fn pop(&mut self) {
        self.len = self.len.saturating_sub(1);
    }

    /// Returns the current tokens.
    pub fn tokens(&self) -> &[Token] {
        &self.tokens[..self.len]
    }

    /// Returns the current tokens, mutably (to reorder them).
    pub fn tokens_mut(&mut self) -> &mut [Token] {
        &mut self.tokens[..self.len]
    }

    /// Copies the current tokens out as [`AnalyzedToken`]s.
    pub fn to_analyzed(&self) -> Vec<AnalyzedToken> {
        self.tokens()
            .iter()
            .map(|token| AnalyzedToken {
                text: token.text.clone(),
                position: token.position,
                start: token.offset_from,
                end: token.offset_to,
            })
            .collect()
    }

    /// Returns a tantivy token stream over the current tokens.
    pub fn stream(&mut self) -> TokenBufferStream<'_> {
        TokenBufferStream { tokens: self.tokens_mut(), next: 0 }
    }
}

/// A token stream over the tokens of a [`TokenBuffer`].
pub struct TokenBufferStream<'a> {
    tokens: &'a mut [Token],
    next: usize,
}

impl TokenStream for TokenBufferStream<'_> {
    fn advance(&mut self) -> bool {
        if self.next < self.tokens.len() {
            self.next += 1;
            true
        } else {
            false
        }
    }

    fn token(&self) -> &Token {
        &self.tokens[self.next - 1]
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokens[self.next - 1]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn push_text(buffer: &mut TokenBuffer, text: &str, position: usize) {
        buffer.push(position, position, position + text.len()).text.push_str(text);
    }

    #[test]
    fn a_refilled_buffer_holds_only_the_new_tokens() {
        let mut buffer = TokenBuffer::default();
        push_text(&mut buffer, "养老", 0);
        push_text(&mut buffer, "服务", 1);
        buffer.clear();
        push_text(&mut buffer, "护理", 0);
        let texts: Vec<&str> = buffer.tokens().iter().map(|token| token.text.as_str()).collect();
        assert_eq!(texts, ["护理"]);
    }

    #[test]
    fn pop_drops_the_last_token() {
        let mut buffer = TokenBuffer::default();
        push_text(&mut buffer, "的", 0);
        buffer.pop();
        assert!(buffer.tokens().is_empty());
    }

    #[test]
    fn the_stream_yields_every_token_once() {
        let mut buffer = TokenBuffer::default();
        push_text(&mut buffer, "养老", 0);
        push_text(&mut buffer, "老服", 1);
        let mut stream = buffer.stream();
        let mut positions = Vec::new();
        while stream.advance() {
            positions.push(stream.token().position);
        }
        assert_eq!(positions, [0, 1]);
    }
}
