//! Removal of pinyin annotations that reposting sites insert after characters: `區(qū)` → `區`.
//!
//! An annotation is a parenthesised pinyin syllable with a tone mark right after a Han
//! character. Parentheses holding anything else, such as `(市、區)` or `(2021)`, stay.

use super::mapped_text::{MappedChar, MappedText};

/// Longest pinyin syllable (`zhuang` + tone) in characters.
const MAX_SYLLABLE_CHARS: usize = 6;

/// Removes pinyin annotations, keeping the spans of the remaining characters.
pub fn remove_pinyin_annotations(text: MappedText) -> MappedText {
    let has_annotation = text.chars().windows(2).enumerate().any(|(index, pair)| {
        pair[1].ch == '(' && is_han(pair[0].ch) && annotation_length(&text.chars()[index + 1..]).is_some()
    });
    if !has_annotation {
        return text;
    }
    let chars = text.into_chars();
    let mut output = Vec::with_capacity(chars.len());
    let mut index = 0;
    while index < chars.len() {
        let mapped = chars[index];
        output.push(mapped);
        index += 1;
        if is_han(mapped.ch)
            && let Some(annotation_len) = annotation_length(&chars[index..])
        {
            index += annotation_len;
        }
    }
    MappedText::from_chars(output)
}

/// Returns the length of a `(pinyin)` annotation at the start of `chars`, if there is one.
fn annotation_length(chars: &[MappedChar]) -> Option<usize> {
    if chars.first()?.ch != '(' {
        return None;
    }
    let mut has_tone_mark = false;
    for (offset, mapped) in chars.iter().enumerate().skip(1) {
        let ch = mapped.ch;
        if ch == ')' {
            let syllable_len = offset - 1;
            return (syllable_len > 0 && has_tone_mark).then_some(offset + 1);
        }
        if offset > MAX_SYLLABLE_CHARS {
            return None;
        }
        if is_tone_marked_vowel(ch) {
            has_tone_mark = true;
        } else if !ch.is_ascii_lowercase() && ch != 'ü' {
            return None;
        }
    }
    None
}

fn is_tone_marked_vowel(ch: char) -> bool {
    "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ".contains(ch)
}

/// Returns true for CJK unified ideographs (the main block and extension A).
pub fn is_han(ch: char) -> bool {
    matches!(ch, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{F900}'..='\u{FAFF}' | '\u{20000}'..='\u{2FA1F}')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strip(text: &str) -> String {
        remove_pinyin_annotations(MappedText::from_original(text)).text()
    }

    #[test]
    fn annotations_after_han_characters_are_removed() {
        assert_eq!(strip("區(qū)人大常委會(huì)"), "區人大常委會");
        assert_eq!(strip("養(yǎng)老服務(wù)"), "養老服務");
        assert_eq!(strip("專(zhuān)題"), "專題");
    }

    #[test]
    fn ordinary_parentheses_stay() {
        assert_eq!(strip("(市、區)"), "(市、區)");
        assert_eq!(strip("办法(2021)"), "办法(2021)");
        assert_eq!(strip("附件(a)"), "附件(a)");
        assert_eq!(strip("未闭合(qū"), "未闭合(qū");
    }

    #[test]
    fn kept_characters_keep_their_original_spans() {
        let mapped = remove_pinyin_annotations(MappedText::from_original("區(qū)人"));
        assert_eq!(mapped.text(), "區人");
        assert_eq!(mapped.original_span(1, 2), (8, 11));
    }
}
