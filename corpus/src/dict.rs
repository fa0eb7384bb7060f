//! The project's word lists, embedded at compile time from `corpus/dict/` (see `corpus/dict/SOURCE.md`).
//!
//! The indexer's analysis chain and query parser read them from here so that index time and
//! query time use the same lists.

/// The eldercare user dictionary for jieba (`word freq tag` per line).
pub const ELDERCARE_DICT: &str = include_str!("../dict/eldercare.txt");
/// Stop words dropped from the word index (one per line).
pub const STOPWORDS: &str = include_str!("../dict/stopwords.txt");
/// Question words cut from a query before matching (one per line).
pub const QUESTION_WORDS: &str = include_str!("../dict/question_words.txt");
/// Scope words asking for breadth across places (各省, 各地): cut from a query, results diversified.
pub const SCOPE_WORDS: &str = include_str!("../dict/scope_words.txt");
/// Synonym groups (space-separated, first term canonical, `#` comments).
pub const SYNONYMS: &str = include_str!("../dict/synonyms.txt");

/// Document-type words (条例, 办法, 通知 …): the genre a title names, not its topic.
pub const GENRE_WORDS: &str = include_str!("../dict/genre_words.txt");

/// Words hidden inside longer terms (`TERM WORD`: 老化 written in 适老化 is not 老化).
pub const INNER_WORDS: &str = include_str!("../dict/inner_words.txt");

/// Returns the non-empty, non-comment lines of a word list, trimmed.
pub fn lines(list: &str) -> impl Iterator<Item = &str> {
    list.lines().map(str::trim).filter(|line| !line.is_empty() && !line.starts_with('#'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_skip_blanks_and_comments() {
        let words: Vec<_> = lines("# c\n的\n\n 了 \n").collect();
        assert_eq!(words, ["的", "了"]);
    }
}
