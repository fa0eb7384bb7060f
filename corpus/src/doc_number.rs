//! Document numbers (文号): finding them in text and reducing every bracket variant to one key.
//!
//! `国办发〔2019〕5号`, `国办发[2019]5号`, `国办发【2019】5号`, `国办发(2019)第5号` and the
//! full-width forms all have the key `国办发〔2019〕5号`, which the index stores untokenized, so
//! a 文号 typed in any variant finds its document exactly. Orders numbered only by `第N号`
//! (`民政部令第51号`, `第5号令`) keep that form.
//!
//! Extraction shows a 文号 as the page writes it, only tidied ([`DocNumberMatch::written`]: year
//! brackets as `〔〕`, no inner spaces, a `第` kept): [`standalone_doc_number`] reads the line under a
//! policy's title, [`tidy_doc_number`] a value from a government info table.

use std::sync::LazyLock;

use regex::Regex;

/// Words that may stand right before a 文号 in running text but are not part of its prefix.
const LEADING_NON_PREFIX: [&str; 10] = ["根据", "依据", "按照", "参照", "依照", "执行", "印发", "落实", "贯彻", "文件"];

static YEAR_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"([\p{Han}A-Za-z]{1,10})\s*[〔\[【（(［｛{〖]\s*((?:19|20)\d{2})\s*[〕\]】）)］｝}〗]\s*(第?)\s*(\d{1,5})\s*号",
    )
    .expect("the 文号 pattern should compile")
});

static ORDER_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"([\p{Han}]{1,10}令)\s*第\s*(\d{1,5})\s*号|第\s*(\d{1,5})\s*号令")
        .expect("the 令 pattern should compile")
});

/// A 文号 found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocNumberMatch {
    /// Byte offset where the 文号 starts in the text.
    pub start: usize,
    /// Byte offset after it.
    pub end: usize,
    /// The canonical key, e.g. `国办发〔2019〕5号`.
    pub key: String,
    /// The 文号 as written, tidied: `国办发〔2019〕第05号` for `国办发 [2019] 第05号`.
    pub written: String,
}

/// Finds every 文号 in a text (any bracket variant, ASCII or full-width digits after NFKC).
pub fn find_doc_numbers(text: &str) -> Vec<DocNumberMatch> {
    let mut found = Vec::new();
    for captures in YEAR_NUMBER.captures_iter(text) {
        let whole = captures.get(0).expect("group 0 always exists");
        let prefix_match = captures.get(1).expect("the prefix group always matches");
        let prefix = trim_prefix(prefix_match.as_str());
        if prefix.is_empty() {
            continue;
        }
        let start = prefix_match.end() - prefix.len();
        let number: u32 = captures[4].parse().unwrap_or(0);
        let year = &captures[2];
        let key = format!("{prefix}〔{year}〕{number}号");
        let written = format!("{prefix}〔{year}〕{}{}号", &captures[3], &captures[4]);
        found.push(DocNumberMatch { start, end: whole.end(), key, written });
    }
    for captures in ORDER_NUMBER.captures_iter(text) {
        let whole = captures.get(0).expect("group 0 always exists");
        if found.iter().any(|existing| existing.start < whole.end() && whole.start() < existing.end) {
            continue;
        }
        let found_order = match (captures.get(1), captures.get(2), captures.get(3)) {
            (Some(prefix_match), Some(digits), _) => {
                let prefix = trim_prefix(prefix_match.as_str());
                let number: u32 = digits.as_str().parse().unwrap_or(0);
                DocNumberMatch {
                    start: prefix_match.end() - prefix.len(),
                    end: whole.end(),
                    key: format!("{prefix}第{number}号"),
                    written: format!("{prefix}第{}号", digits.as_str()),
                }
            }
            (_, _, Some(digits)) => {
                let number: u32 = digits.as_str().parse().unwrap_or(0);
                DocNumberMatch {
                    start: whole.start(),
                    end: whole.end(),
                    key: format!("第{number}号令"),
                    written: format!("第{}号令", digits.as_str()),
                }
            }
            _ => continue,
        };
        found.push(found_order);
    }
    found.sort_by_key(|found| found.start);
    found
}

/// Returns the canonical key of a 文号 given on its own, or `None` if it is not one.
pub fn doc_number_key(doc_number: &str) -> Option<String> {
    let folded = fold_width(doc_number);
    find_doc_numbers(&folded).into_iter().next().map(|found| found.key)
}

/// Returns the 文号 (as written, tidied) when `line` is nothing but one: how it stands under a
/// policy's title. A sentence citing a 文号 is not one.
pub fn standalone_doc_number(line: &str) -> Option<String> {
    let compact: String = fold_width(line).chars().filter(|character| !character.is_whitespace()).collect();
    if compact.chars().count() > 30 {
        return None;
    }
    let found = find_doc_numbers(&compact).into_iter().next()?;
    let outside = compact.chars().count() - compact[found.start..found.end].chars().count();
    (outside <= 2).then_some(found.written)
}

/// Tidies a 文号 given as a field value (a government info table's 发文字号); a value without a
/// recognizable form is kept as it is, and an empty one (无, -) is none.
pub fn tidy_doc_number(value: &str) -> Option<String> {
    let compact: String = value.chars().filter(|character| !character.is_whitespace()).collect();
    if compact.is_empty() || compact == "无" || compact == "-" {
        return None;
    }
    let folded = fold_width(&compact);
    Some(find_doc_numbers(&folded).into_iter().next().map_or(compact, |found| found.written))
}

fn trim_prefix(prefix: &str) -> &str {
    let mut trimmed = prefix;
    loop {
        let before = trimmed;
        for word in LEADING_NON_PREFIX {
            if let Some(rest) = trimmed.rfind(word).map(|at| &trimmed[at + word.len()..]) {
                trimmed = rest;
            }
        }
        if let Some(rest) = trimmed.strip_prefix(['和', '及', '与', '以', '见', '即', '按']) {
            trimmed = rest;
        }
        if trimmed == before {
            return trimmed;
        }
    }
}

/// Folds full-width ASCII (digits, brackets, letters) to ASCII; enough for 文号 matching.
fn fold_width(text: &str) -> String {
    text.chars()
        .map(|ch| match ch {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(ch as u32 - 0xFEE0).unwrap_or(ch),
            '\u{3000}' => ' ',
            _ => ch,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bracket_variants_share_one_key() {
        let expected = Some("国办发〔2019〕5号".to_string());
        for variant in [
            "国办发〔2019〕5号",
            "国办发[2019]5号",
            "国办发【2019】5号",
            "国办发（2019）第5号",
            "国办发［２０１９］５号",
            "国办发〔2019〕05号",
        ] {
            assert_eq!(doc_number_key(variant), expected, "variant {variant}");
        }
    }

    #[test]
    fn numbers_in_running_text_are_found_without_leading_words() {
        let found = find_doc_numbers("根据国办发〔2019〕5号和民发〔2020〕12号文件，以及民政部令第51号");
        let keys: Vec<_> = found.iter().map(|f| f.key.as_str()).collect();
        assert_eq!(keys, ["国办发〔2019〕5号", "民发〔2020〕12号", "民政部令第51号"]);
    }

    #[test]
    fn written_forms_are_tidied_but_keep_their_number() {
        for written in ["国发〔2019〕5号", "国发[2019]5号", "国发【2019】5号", "国发（2019）5号", "国发 [ 2019 ] 5 号"]
        {
            assert_eq!(tidy_doc_number(written).as_deref(), Some("国发〔2019〕5号"), "{written}");
        }
        assert_eq!(tidy_doc_number("民发〔2019〕第12号").as_deref(), Some("民发〔2019〕第12号"));
        assert_eq!(tidy_doc_number("国办发明电〔2018〕15号").as_deref(), Some("国办发明电〔2018〕15号"));
        assert_eq!(tidy_doc_number("民政部令第 61 号").as_deref(), Some("民政部令第61号"));
        assert_eq!(tidy_doc_number("第5号令").as_deref(), Some("第5号令"));
        assert_eq!(tidy_doc_number("苏政办函 2021 8号").as_deref(), Some("苏政办函20218号"));
        assert_eq!(tidy_doc_number("无"), None);
    }

    #[test]
    fn a_standalone_line_is_a_doc_number_but_a_citing_sentence_is_not() {
        assert_eq!(standalone_doc_number(" 国令第707号 ").as_deref(), Some("国令第707号"));
        assert_eq!(standalone_doc_number("（国发〔2019〕5号）").as_deref(), Some("国发〔2019〕5号"));
        assert_eq!(standalone_doc_number("根据《关于推进养老服务发展的意见》（国办发〔2019〕5号）要求"), None);
    }

    #[test]
    fn plain_text_has_no_doc_number() {
        assert_eq!(doc_number_key("养老服务(2021)"), None);
        assert!(find_doc_numbers("2021年5月").is_empty());
    }
}
