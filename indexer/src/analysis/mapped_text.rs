//! Text that remembers where each of its characters came from in the original.
//!
//! Every normalization stage maps a [`MappedText`] to a new one, carrying each character's
//! byte span in the *original* stored text. Tokens found in the normalized text are then
//! reported with offsets into the original, so highlights land on the right characters even
//! when conversion removed (pinyin annotations) or replaced (traditional → simplified,
//! full-width → ASCII) characters.

/// One normalized character and the byte span `[start, end)` it came from in the original.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MappedChar {
    /// The character after normalization.
    pub ch: char,
    /// Byte offset of the first original byte it came from.
    pub start: u32,
    /// Byte offset after the last original byte it came from.
    pub end: u32,
}

/// A normalized text with the original span of each of its characters.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MappedText {
    chars: Vec<MappedChar>,
}

impl MappedText {
    /// Creates the identity mapping of `original`.
    pub fn from_original(original: &str) -> MappedText {
        let chars = original
            .char_indices()
            .map(|(offset, ch)| MappedChar { ch, start: offset as u32, end: (offset + ch.len_utf8()) as u32 })
            .collect();
        MappedText { chars }
    }

    /// Creates a mapped text from characters already carrying their spans.
    pub fn from_chars(chars: Vec<MappedChar>) -> MappedText {
        MappedText { chars }
    }

    /// Returns the characters with their spans.
    pub fn chars(&self) -> &[MappedChar] {
        &self.chars
    }

    /// Consumes the text, returning its characters.
    pub fn into_chars(self) -> Vec<MappedChar> {
        self.chars
    }

    /// Returns the number of characters.
    pub fn len(&self) -> usize {
        self.chars.len()
    }

    /// Returns true when there are no characters.
    pub fn is_empty(&self) -> bool {
        self.chars.is_empty()
    }

    /// Returns the normalized text as a string.
    pub fn text(&self) -> String {
        self.chars.iter().map(|mapped| mapped.ch).collect()
    }

    /// Returns the original byte span of the normalized characters `[char_start, char_end)`.
    pub fn original_span(&self, char_start: usize, char_end: usize) -> (usize, usize) {
        debug_assert!(char_start < char_end && char_end <= self.chars.len(), "span must be non-empty and in range");
        let start = self.chars[char_start].start as usize;
        let end = self.chars[char_end - 1].end as usize;
        (start, end.max(start))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identity_mapping_has_byte_spans() {
        let mapped = MappedText::from_original("a养b");
        assert_eq!(mapped.text(), "a养b");
        assert_eq!(mapped.original_span(1, 2), (1, 4));
        assert_eq!(mapped.original_span(0, 3), (0, 5));
    }
}
