//! Traditional → simplified conversion (OpenCC's `t2s`, through ferrous-opencc), keeping spans.
//!
//! OpenCC converts phrase by phrase; its t2s output almost always has as many characters as its
//! input, which gives a one-to-one span mapping. Where a sentence changes length the sentence's
//! characters are mapped proportionally, so offsets stay inside that sentence.

use std::sync::LazyLock;

use ferrous_opencc::OpenCC;
use ferrous_opencc::config::BuiltinConfig;

use super::mapped_text::{MappedChar, MappedText};

static T2S: LazyLock<OpenCC> = LazyLock::new(|| {
    OpenCC::from_config(BuiltinConfig::T2s).expect("the embedded OpenCC t2s configuration should always load")
});

/// Bit set over the Basic Multilingual Plane of the characters that t2s changes on their own.
/// Text holding none of them is already simplified, and conversion (the costliest stage of the
/// chain) is skipped.
static TRADITIONAL_CHARS: LazyLock<Vec<u64>> = LazyLock::new(|| {
    let mut bits = vec![0u64; 0x10000 / 64];
    let mut buffer = [0u8; 4];
    for code in (0x3400u32..=0x4DBF).chain(0x4E00..=0x9FFF).chain(0xF900..=0xFAFF) {
        let Some(ch) = char::from_u32(code) else { continue };
        let single: &str = ch.encode_utf8(&mut buffer);
        if T2S.convert(single) != single {
            bits[code as usize / 64] |= 1 << (code % 64);
        }
    }
    bits
});

/// Returns true when the text holds a character that traditional → simplified conversion changes.
pub fn has_traditional_chars(text: impl IntoIterator<Item = char>) -> bool {
    let bits = &*TRADITIONAL_CHARS;
    text.into_iter().any(|ch| {
        let code = ch as u32;
        code < 0x10000 && bits[code as usize / 64] & (1 << (code % 64)) != 0
    })
}

/// Converts traditional Chinese to simplified (OpenCC t2s quality).
#[derive(Debug, Clone, Copy, Default)]
pub struct TraditionalToSimplified;

impl TraditionalToSimplified {
    /// Converts a plain string.
    pub fn convert(text: &str) -> String {
        let mut output = String::with_capacity(text.len());
        for sentence in text.split_inclusive(is_sentence_end) {
            if has_traditional_chars(sentence.chars()) {
                output.push_str(&T2S.convert(sentence));
            } else {
                output.push_str(sentence);
            }
        }
        output
    }

    /// Converts a mapped text, keeping each character's original span.
    pub fn convert_mapped(text: MappedText) -> MappedText {
        let chars = text.into_chars();
        if !has_traditional_chars(chars.iter().map(|mapped| mapped.ch)) {
            return MappedText::from_chars(chars);
        }
        MappedText::from_chars(convert_by_sentence(&chars))
    }
}

/// Sentence ends: OpenCC phrases never span them, so sentences convert independently.
fn is_sentence_end(ch: char) -> bool {
    matches!(ch, '。' | '！' | '？' | '；' | '\n' | '!' | '?' | ';')
}

/// Converts sentence by sentence (only those holding traditional characters), mapping a sentence
/// whose length changes proportionally.
fn convert_by_sentence(chars: &[MappedChar]) -> Vec<MappedChar> {
    let mut output = Vec::with_capacity(chars.len());
    for sentence in chars.split_inclusive(|mapped| is_sentence_end(mapped.ch)) {
        if !has_traditional_chars(sentence.iter().map(|mapped| mapped.ch)) {
            output.extend_from_slice(sentence);
            continue;
        }
        let source: String = sentence.iter().map(|mapped| mapped.ch).collect();
        let converted: Vec<char> = T2S.convert(&source).chars().collect();
        if converted.len() == sentence.len() {
            output.extend(converted.iter().zip(sentence).map(|(&ch, mapped)| MappedChar { ch, ..*mapped }));
            continue;
        }
        for (index, &ch) in converted.iter().enumerate() {
            let source_index = (index * sentence.len() / converted.len().max(1)).min(sentence.len() - 1);
            output.push(MappedChar { ch, ..sentence[source_index] });
        }
    }
    output
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn traditional_becomes_simplified() {
        assert_eq!(TraditionalToSimplified::convert("養老服務機構"), "养老服务机构");
        assert_eq!(TraditionalToSimplified::convert("長期護理保險"), "长期护理保险");
    }

    #[test]
    fn simplified_text_is_unchanged() {
        assert_eq!(TraditionalToSimplified::convert("适老化改造和医养结合"), "适老化改造和医养结合");
    }

    #[test]
    fn traditional_characters_are_detected() {
        assert!(has_traditional_chars("養老".chars()));
        assert!(!has_traditional_chars("养老服务，适老化改造".chars()));
    }

    #[test]
    fn spans_follow_the_characters() {
        let mapped = TraditionalToSimplified::convert_mapped(MappedText::from_original("a護理"));
        assert_eq!(mapped.text(), "a护理");
        assert_eq!(mapped.original_span(1, 3), (1, 7));
    }
}
