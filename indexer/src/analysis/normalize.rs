//! The normalization stage of the analysis chain: width (NFKC) → pinyin annotations removed →
//! traditional → simplified. The same function runs at index time and at query time.

use std::borrow::Cow;

use super::mapped_text::MappedText;
use super::pinyin::remove_pinyin_annotations;
use super::traditional::TraditionalToSimplified;
use super::width::normalize_width;

/// Normalizes `original`, keeping the original span of every resulting character.
pub fn normalize_mapped(original: &str) -> MappedText {
    let identity = MappedText::from_original(original);
    let width_normalized = normalize_width(identity);
    let without_pinyin = remove_pinyin_annotations(width_normalized);
    TraditionalToSimplified::convert_mapped(without_pinyin)
}

/// Normalizes a text: NFKC, pinyin annotations removed, simplified script.
/// Returns the input unchanged (no allocation) when it is plain ASCII without annotations.
pub fn normalize(original: &str) -> Cow<'_, str> {
    if original.bytes().all(|byte| byte.is_ascii_graphic() || byte == b' ') {
        return Cow::Borrowed(original);
    }
    Cow::Owned(normalize_mapped(original).text())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_chain_cleans_a_traditional_repost() {
        assert_eq!(normalize("區(qū)人大常委會"), "区人大常委会");
        assert_eq!(normalize("（市、區）"), "(市、区)");
        assert_eq!(normalize("ＡＢＣ１２３"), "ABC123");
    }

    #[test]
    fn ascii_is_borrowed() {
        assert!(matches!(normalize("abc 123"), Cow::Borrowed(_)));
    }
}
