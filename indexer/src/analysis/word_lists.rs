//! Word lists used by the analysis chain, parsed once from `corpus::dict`.

use std::collections::HashSet;
use std::sync::LazyLock;

/// Stop words: never indexed as words.
pub static STOP_WORDS: LazyLock<HashSet<String>> =
    LazyLock::new(|| corpus::dict::lines(corpus::dict::STOPWORDS).map(|word| word.to_string()).collect());

/// Domain terms of the eldercare dictionary: kept whole, their parts are not indexed separately.
pub static DOMAIN_TERMS: LazyLock<HashSet<String>> = LazyLock::new(|| {
    corpus::dict::lines(corpus::dict::ELDERCARE_DICT)
        .filter_map(|line| line.split_whitespace().next())
        .map(|word| word.to_string())
        .collect()
});

/// Returns true when a token carries no searchable content (only punctuation, symbols or spaces).
pub fn is_punctuation_only(token: &str) -> bool {
    !token.chars().any(char::is_alphanumeric)
}
