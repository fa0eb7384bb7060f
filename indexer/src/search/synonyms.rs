//! Eldercare synonyms (`corpus/dict/synonyms.txt`), applied at query time with a lower weight.

use std::collections::HashMap;
use std::sync::LazyLock;

use crate::analysis::normalize;

static GROUPS: LazyLock<HashMap<String, Vec<String>>> = LazyLock::new(|| {
    let mut by_term: HashMap<String, Vec<String>> = HashMap::new();
    for line in corpus::dict::lines(corpus::dict::SYNONYMS) {
        let terms: Vec<String> = line.split_whitespace().map(|term| normalize(term).into_owned()).collect();
        for term in &terms {
            let others = terms.iter().filter(|other| *other != term).cloned();
            by_term.entry(term.clone()).or_default().extend(others);
        }
    }
    by_term
});

/// Returns the synonyms of a normalized term (not including the term itself).
pub fn synonyms_of(term: &str) -> &[String] {
    GROUPS.get(term).map_or(&[], Vec::as_slice)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_term_care_insurance_has_its_short_name() {
        assert!(synonyms_of("长期护理保险").iter().any(|s| s == "长护险"));
        assert!(synonyms_of("长护险").iter().any(|s| s == "长期护理保险"));
        assert!(synonyms_of("不存在的词").is_empty());
    }
}
