//! The analysis chain as `yanglao analyze` exposes it (issue #3).

use indexer::analysis::analyze;

fn token_texts(text: &str) -> Vec<String> {
    analyze(text).tokens.into_iter().map(|token| token.text).collect()
}

#[test]
fn traditional_and_simplified_give_the_same_tokens() {
    assert_eq!(token_texts("養老服務"), token_texts("养老服务"));
    assert!(!token_texts("養老服務").is_empty());
}

#[test]
fn pinyin_annotations_are_removed_and_parentheses_kept() {
    assert_eq!(analyze("區(qū)人大常委會").normalized, "区人大常委会");
    assert_eq!(analyze("(市、區)").normalized, "(市、区)");
}

#[test]
fn full_width_letters_and_digits_become_ascii() {
    assert_eq!(analyze("ＡＢＣ１２３").normalized, "ABC123");
}

#[test]
fn domain_terms_stay_whole() {
    for term in ["适老化改造", "长期护理保险", "医养结合", "家庭养老床位", "日间照料中心"] {
        let tokens = token_texts(&format!("各地推进{term}工作"));
        assert!(tokens.iter().any(|token| token == term), "help: {term} should be one token: {tokens:?}");
    }
    assert!(!token_texts("推进适老化改造").iter().any(|token| token == "老化"));
}

#[test]
fn offsets_point_into_the_original_text() {
    let original = "區(qū)人大常委會推進養老服務";
    for token in analyze(original).tokens {
        let slice = &original[token.start..token.end];
        assert_eq!(indexer::analysis::normalize(slice), token.text, "help: token {token:?} has wrong offsets");
    }
}
