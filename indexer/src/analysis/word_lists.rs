//! Word lists used by the analysis chain, parsed once from `corpus::dict`.

use std::collections::HashSet;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::LazyLock;

/// FNV-1a: these sets are probed for every token, and SipHash showed in indexing profiles.
#[derive(Default)]
pub struct FnvHasher(u64);

impl Hasher for FnvHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut hash = if self.0 == 0 { 0xcbf2_9ce4_8422_2325 } else { self.0 };
        for byte in bytes {
            hash ^= u64::from(*byte);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
        self.0 = hash;
    }
}

/// A set of words with the FNV hasher.
pub type WordSet = HashSet<String, BuildHasherDefault<FnvHasher>>;

/// Stop words: never indexed as words.
pub static STOP_WORDS: LazyLock<WordSet> =
    LazyLock::new(|| corpus::dict::lines(corpus::dict::STOPWORDS).map(|word| word.to_string()).collect());

/// Domain terms of the eldercare dictionary: kept whole, their parts are not indexed separately.
pub static DOMAIN_TERMS: LazyLock<WordSet> = LazyLock::new(|| {
    corpus::dict::lines(corpus::dict::ELDERCARE_DICT)
        .filter_map(|line| line.split_whitespace().next())
        .map(|word| word.to_string())
        .collect()
});

/// Returns true when a token carries no searchable content (only punctuation, symbols or spaces).
pub fn is_punctuation_only(token: &str) -> bool {
    !token.chars().any(|ch| is_unified_ideograph(ch) || ch.is_alphanumeric())
}

/// The main CJK block: every character of it is alphanumeric, and checking the range first spares
/// the Unicode tables for nearly every token.
fn is_unified_ideograph(ch: char) -> bool {
    ('\u{4E00}'..='\u{9FFF}').contains(&ch)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_unified_ideograph_shortcut_agrees_with_unicode() {
        assert!(('\u{4E00}'..='\u{9FFF}').all(char::is_alphanumeric));
    }

    #[test]
    fn punctuation_only_tokens_are_recognized() {
        assert!(is_punctuation_only("，。“”"));
        assert!(!is_punctuation_only("养老"));
        assert!(!is_punctuation_only("-2021-"));
    }
}
