//! 文号 (document number) recognition and normalization.
//!
//! Written forms vary: `国发〔2019〕5号`, `国发[2019]5号`, `国发【2019】5号`, `国发（2019）5号`, with or
//! without `第`, plus orders numbered `国令第707号` / `第707号令`. We normalize the year brackets to
//! `〔〕` (the GB/T 9704 form) and drop inner spaces.

use std::sync::LazyLock;

use regex::Regex;

static BRACKETED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"([\p{Han}]{1,15}?)\s*[〔\[【（(［｛{]\s*((?:19|20)\d{2})\s*[〕\]】）)］｝}]\s*(第?)\s*(\d{1,5})\s*号")
        .expect("the bracketed document number pattern is valid")
});

static ORDER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"([\p{Han}]{1,15}?令)\s*第\s*(\d{1,5})\s*号|第\s*(\d{1,5})\s*号令")
        .expect("the order number pattern is valid")
});

/// Returns the first 文号 in `text`, normalized (`国发〔2019〕5号`).
pub fn find_doc_number(text: &str) -> Option<String> {
    let bracketed = BRACKETED.captures(text).map(|captures| {
        let start = captures.get(0).map_or(0, |whole| whole.start());
        (start, format!("{}〔{}〕{}{}号", &captures[1], &captures[2], &captures[3], &captures[4]))
    });
    let order = ORDER.captures(text).map(|captures| {
        let start = captures.get(0).map_or(0, |whole| whole.start());
        match (captures.get(1), captures.get(2), captures.get(3)) {
            (Some(prefix), Some(number), _) => (start, format!("{}第{}号", prefix.as_str(), number.as_str())),
            (_, _, Some(number)) => (start, format!("第{}号令", number.as_str())),
            _ => (start, String::new()),
        }
    });
    let mut candidates: Vec<(usize, String)> =
        bracketed.into_iter().chain(order).filter(|(_, number)| !number.is_empty()).collect();
    candidates.sort_by_key(|(start, _)| *start);
    candidates.into_iter().next().map(|(_, number)| number)
}

/// Returns the 文号 when `line` is nothing but a 文号 (how it stands under a policy's title).
pub fn standalone_doc_number(line: &str) -> Option<String> {
    let compact: String = line.chars().filter(|character| !character.is_whitespace()).collect();
    if compact.chars().count() > 30 {
        return None;
    }
    let number = find_doc_number(&compact)?;
    let number_chars = number.chars().count();
    let compact_chars = compact.chars().count();
    (compact_chars <= number_chars + 2).then_some(number)
}

/// Normalizes a 文号 given as a field value (from an info table); keeps it when it has no year form.
pub fn normalize_doc_number(value: &str) -> Option<String> {
    let compact: String = value.chars().filter(|character| !character.is_whitespace()).collect();
    if compact.is_empty() || compact == "无" || compact == "-" {
        return None;
    }
    Some(find_doc_number(&compact).unwrap_or(compact))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bracket_variants_are_normalized() {
        for written in ["国发〔2019〕5号", "国发[2019]5号", "国发【2019】5号", "国发（2019）5号", "国发 [ 2019 ] 5 号"]
        {
            assert_eq!(find_doc_number(written).as_deref(), Some("国发〔2019〕5号"), "{written}");
        }
        assert_eq!(find_doc_number("民发〔2019〕第12号").as_deref(), Some("民发〔2019〕第12号"));
        assert_eq!(find_doc_number("国办发明电〔2018〕15号").as_deref(), Some("国办发明电〔2018〕15号"));
    }

    #[test]
    fn orders_are_found() {
        assert_eq!(find_doc_number("国令第707号").as_deref(), Some("国令第707号"));
        assert_eq!(find_doc_number("民政部令第 61 号").as_deref(), Some("民政部令第61号"));
        assert_eq!(find_doc_number("第5号令").as_deref(), Some("第5号令"));
    }

    #[test]
    fn standalone_lines_only() {
        assert_eq!(standalone_doc_number(" 国发〔2019〕5号 ").as_deref(), Some("国发〔2019〕5号"));
        assert_eq!(standalone_doc_number("根据《关于推进养老服务发展的意见》（国办发〔2019〕5号）要求"), None);
    }
}
