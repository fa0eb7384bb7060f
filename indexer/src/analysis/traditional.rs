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

/// Converts traditional Chinese to simplified (OpenCC t2s quality).
#[derive(Debug, Clone, Copy, Default)]
pub struct TraditionalToSimplified;

impl TraditionalToSimplified {
    /// Converts a plain string.
    pub fn convert(text: &str) -> String {
        T2S.convert(text)
    }

    /// Converts a mapped text, keeping each character's original span.
    pub fn convert_mapped(text: MappedText) -> MappedText {
        let chars = text.into_chars();
        if chars.iter().all(|mapped| mapped.ch.is_ascii()) {
            return MappedText::from_chars(chars);
        }
        let source: String = chars.iter().map(|mapped| mapped.ch).collect();
        let converted = T2S.convert(&source);
        if converted.chars().count() == chars.len() {
            let output = converted.chars().zip(&chars).map(|(ch, mapped)| MappedChar { ch, ..*mapped }).collect();
            return MappedText::from_chars(output);
        }
        MappedText::from_chars(convert_by_sentence(&chars))
    }
}

/// Slow path: converts sentence by sentence, mapping length-changing sentences proportionally.
fn convert_by_sentence(chars: &[MappedChar]) -> Vec<MappedChar> {
    let mut output = Vec::with_capacity(chars.len());
    for sentence in chars.split_inclusive(|mapped| "。！？；\n!?;".contains(mapped.ch)) {
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
    fn spans_follow_the_characters() {
        let mapped = TraditionalToSimplified::convert_mapped(MappedText::from_original("a護理"));
        assert_eq!(mapped.text(), "a护理");
        assert_eq!(mapped.original_span(1, 3), (1, 7));
    }
}
