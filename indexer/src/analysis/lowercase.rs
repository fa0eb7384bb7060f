//! Lowercasing of token text, skipping the Unicode case tables for ASCII and Han characters.

use super::pinyin::is_han;

/// Appends `word` lowercased, exactly as [`str::to_lowercase`] would. Han characters have no case
/// and ASCII lowercases byte by byte, so text made only of them (nearly every token) is copied
/// and lowercased in place.
pub fn push_lowercase(word: &str, output: &mut String) {
    if word.chars().all(|ch| ch.is_ascii() || is_han(ch)) {
        let start = output.len();
        output.push_str(word);
        output[start..].make_ascii_lowercase();
    } else {
        output.push_str(&word.to_lowercase());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lowercase(word: &str) -> String {
        let mut output = String::new();
        push_lowercase(word, &mut output);
        output
    }

    #[test]
    fn matches_the_standard_library() {
        for word in ["养老AI服务", "ABC123", "養老", "ΟΔΟΣ", "Éclair", "ＡＢＣ", "𠀀X"] {
            assert_eq!(lowercase(word), word.to_lowercase(), "help: `{word}` must lowercase like str::to_lowercase");
        }
    }

    #[test]
    fn appends_to_what_is_there() {
        let mut output = String::from("x");
        push_lowercase("AB", &mut output);
        assert_eq!(output, "xab");
    }
}
