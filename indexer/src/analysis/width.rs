//! Width normalization: NFKC per character (ＡＢＣ１２３ → ABC123, （ → (, compatibility ideographs).
//!
//! Applied character by character so each output character keeps its source span; for Chinese
//! text this equals NFKC of the whole string (no combining sequences cross CJK characters).

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use super::mapped_text::{MappedChar, MappedText};

/// Applies NFKC to every character, keeping spans. Whitespace of any width becomes one ASCII space.
pub fn normalize_width(text: MappedText) -> MappedText {
    if text.chars().iter().all(|mapped| is_stable(mapped.ch)) {
        return text;
    }
    let mut output = Vec::with_capacity(text.len());
    for mapped in text.into_chars() {
        if is_stable(mapped.ch) {
            output.push(mapped);
            continue;
        }
        if mapped.ch.is_whitespace() {
            output.push(MappedChar { ch: ' ', ..mapped });
            continue;
        }
        if is_combining_mark(mapped.ch) {
            // Compose with the previous character when NFKC would.
            if let Some(previous) = output.last_mut() {
                let pair: String = [previous.ch, mapped.ch].iter().collect();
                let mut composed = pair.nfc();
                if let (Some(single), None) = (composed.next(), composed.next()) {
                    previous.ch = single;
                    previous.end = mapped.end;
                    continue;
                }
            }
        }
        for normalized in std::iter::once(mapped.ch).nfkc() {
            output.push(MappedChar { ch: normalized, ..mapped });
        }
    }
    MappedText::from_chars(output)
}

/// ASCII (kept as is), unified ideographs and the common CJK punctuation are NFKC-stable: the
/// common case needs no lookup and no copy.
fn is_stable(ch: char) -> bool {
    ch.is_ascii() || ('\u{4E00}'..='\u{9FFF}').contains(&ch) || "、。〈〉《》「」『』【】〔〕“”‘’".contains(ch)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn width(text: &str) -> String {
        normalize_width(MappedText::from_original(text)).text()
    }

    #[test]
    fn full_width_letters_and_digits_become_ascii() {
        assert_eq!(width("ＡＢＣ１２３"), "ABC123");
        assert_eq!(width("（市、區）"), "(市、區)");
    }

    #[test]
    fn ideographic_space_becomes_a_space() {
        assert_eq!(width("标\u{3000}题"), "标 题");
    }
}
