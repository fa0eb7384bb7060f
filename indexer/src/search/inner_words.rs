//! Words that a longer term hides (`corpus/dict/inner_words.txt`): 老化 in 适老化, 保定 in 医保定点.
//!
//! Body text is indexed as character bigrams, so a search for 老化 matches every 适老化改造. A
//! candidate whose every occurrence of a typed word lies inside such a term does not contain the
//! word at all, and re-ranking moves it down.

use std::collections::HashMap;
use std::sync::LazyLock;

/// For each hidden word, the terms that hide it with the word's byte offset inside each.
static HIDING_TERMS: LazyLock<HashMap<String, Vec<(String, usize)>>> = LazyLock::new(|| {
    let mut by_word: HashMap<String, Vec<(String, usize)>> = HashMap::new();
    for line in corpus::dict::lines(corpus::dict::INNER_WORDS) {
        let mut fields = line.split_whitespace();
        let (Some(term), Some(word)) = (fields.next(), fields.next()) else { continue };
        if let Some(offset) = term.find(word) {
            by_word.entry(word.to_string()).or_default().push((term.to_string(), offset));
        }
    }
    by_word
});

/// True when some term hides `word` (a normalized word).
pub fn can_be_hidden(word: &str) -> bool {
    HIDING_TERMS.contains_key(word)
}

/// True when a term of `query_text` hides `word` there too: the user typed 适老化 as well as 老化.
pub fn hidden_in(word: &str, query_text: &str) -> bool {
    HIDING_TERMS.get(word).is_some_and(|terms| terms.iter().any(|(term, _)| query_text.contains(term.as_str())))
}

/// True when `normalized` contains `word` and every occurrence lies inside a term that hides it.
pub fn only_hidden(normalized: &str, word: &str) -> bool {
    let Some(terms) = HIDING_TERMS.get(word) else { return false };
    let mut occurrences = normalized.match_indices(word).map(|(start, _)| start).peekable();
    if occurrences.peek().is_none() {
        return false;
    }
    let hidden: Vec<usize> = terms
        .iter()
        .flat_map(|(term, offset)| normalized.match_indices(term.as_str()).map(move |(start, _)| start + offset))
        .collect();
    occurrences.all(|start| hidden.contains(&start))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ageing_inside_age_friendly_is_hidden() {
        assert!(can_be_hidden("老化"));
        assert!(only_hidden("推进适老化改造和适老化设计", "老化"));
        assert!(!only_hidden("推进适老化改造，防止设施老化", "老化"), "help: one free occurrence is enough");
        assert!(!only_hidden("推进养老服务", "老化"), "help: no occurrence at all is not hidden");
        assert!(!only_hidden("设施老化", "养老"), "help: a word no term hides is never hidden");
    }

    #[test]
    fn a_query_typing_the_hiding_term_keeps_it() {
        assert!(hidden_in("老化", "适老化改造 老化"));
        assert!(!hidden_in("老化", "设施老化"));
    }

    #[test]
    fn every_line_names_a_word_inside_its_term() {
        for line in corpus::dict::lines(corpus::dict::INNER_WORDS) {
            let fields: Vec<&str> = line.split_whitespace().collect();
            assert!(
                fields.len() == 2 && fields[0].contains(fields[1]) && fields[0] != fields[1],
                "help: `{line}` in corpus/dict/inner_words.txt must be `TERM WORD` with WORD inside TERM"
            );
        }
    }
}
