//! Text cleanup: whitespace, pinyin annotations and garbled runs.
//!
//! Reposts of Chinese articles often carry ruby text flattened into parentheses (`區(qū)`), and
//! pages decoded with the wrong charset leave runs like `?cè)谥≈秀逶⌒腋!?` or U+FFFD. Both are cut
//! here; cutting garbled text sets the `garbled` flag on the document.

use std::sync::LazyLock;

use regex::Regex;

/// A Han character followed by a parenthesized pinyin syllable with a tone mark or tone digit.
static PINYIN_ANNOTATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(\p{Han})[(（]\s*([a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ][a-zü]*|[a-zü]{1,6}[1-5])\s*[)）]")
        .expect("the pinyin pattern is valid")
});

/// Returns true for CJK ideographs and CJK punctuation (where spaces are not word separators).
pub fn is_cjk(character: char) -> bool {
    matches!(character as u32,
        0x3000..=0x303F | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0xFF00..=0xFFEF | 0x20000..=0x2FA1F)
}

/// Collapses whitespace runs to one space and trims the ends. A run that contains a line break
/// next to CJK text is dropped: it is source formatting (hard-wrapped Chinese text), while a
/// typed space between Chinese words (`养老 社区`) is kept.
pub fn normalize_whitespace(text: &str) -> String {
    let mut normalized = String::with_capacity(text.len());
    let mut pending_space = false;
    let mut pending_break = false;
    for character in text.chars() {
        if character.is_whitespace() || character == '\u{200b}' || character == '\u{feff}' {
            if !normalized.is_empty() {
                pending_space = true;
                pending_break |= matches!(character, '\n' | '\r');
            }
            continue;
        }
        if pending_space {
            let previous_is_cjk = normalized.chars().next_back().is_some_and(is_cjk);
            let touches_cjk = previous_is_cjk || is_cjk(character);
            if !(pending_break && touches_cjk) {
                normalized.push(' ');
            }
            pending_space = false;
            pending_break = false;
        }
        normalized.push(character);
    }
    normalized
}

/// Removes pinyin annotations: `區(qū)` → `區`.
pub fn remove_pinyin(text: &str) -> std::borrow::Cow<'_, str> {
    PINYIN_ANNOTATION.replace_all(text, "$1")
}

/// Returns true for characters that mark a mis-decoded run.
fn is_garbage_marker(character: char) -> bool {
    matches!(character as u32,
        0xFFFD | 0xE000..=0xF8FF | 0x2190..=0x23FF | 0x2500..=0x25FF | 0x0080..=0x00BF | 0x00C0..=0x024F)
        || character == '?'
}

/// Cuts runs of garbled characters; returns the cleaned text and whether anything was cut.
///
/// A run is a stretch where at least three marker characters (U+FFFD, private-use, stray `?`,
/// Latin-1 letters or technical symbols among Chinese text) occur with at most three other
/// characters between consecutive markers; any U+FFFD alone also counts. Isolated symbols such
/// as one `≈` in a formula are left alone.
pub fn cut_garbled(text: &str) -> (String, bool) {
    let characters: Vec<char> = text.chars().collect();
    let has_cjk = characters.iter().any(|&character| is_cjk(character));
    let mut cut = vec![false; characters.len()];
    let mut any_cut = false;
    let mut position = 0;
    while position < characters.len() {
        if !is_garbage_marker(characters[position]) || (!has_cjk && characters[position] != '\u{FFFD}') {
            position += 1;
            continue;
        }
        let run_start = position;
        let mut run_end = position;
        let mut markers = 1;
        let mut replacement_seen = characters[position] == '\u{FFFD}';
        let mut probe = position + 1;
        while probe < characters.len() && probe <= run_end + 4 {
            if is_garbage_marker(characters[probe]) {
                markers += 1;
                replacement_seen |= characters[probe] == '\u{FFFD}';
                run_end = probe;
            }
            probe += 1;
        }
        if markers >= 3 || replacement_seen {
            for flag in &mut cut[run_start..=run_end] {
                *flag = true;
            }
            any_cut = true;
        }
        position = run_end + 1;
    }
    if !any_cut {
        return (text.to_string(), false);
    }
    let kept: String =
        characters.iter().zip(&cut).filter(|(_, is_cut)| !**is_cut).map(|(character, _)| *character).collect();
    (normalize_whitespace(&kept), true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whitespace_between_chinese_is_dropped() {
        assert_eq!(normalize_whitespace("  养老\n  服务 体系 \u{3000}"), "养老服务 体系");
        assert_eq!(normalize_whitespace("COVID  19 疫情"), "COVID 19 疫情");
    }

    #[test]
    fn pinyin_annotations_are_removed() {
        assert_eq!(remove_pinyin("社區(qū)養老服務(wù)中心"), "社區養老服務中心");
        assert_eq!(remove_pinyin("世界卫生组织(WHO)与(qu1)"), "世界卫生组织(WHO)与");
        assert_eq!(remove_pinyin("長者(zhě)照護"), "長者照護");
    }

    #[test]
    fn garbled_runs_are_cut_and_reported() {
        let (text, garbled) = cut_garbled("老人在中心生活。?cè)谥≈秀逶⌒腋!?幸福");
        assert!(garbled);
        assert!(!text.contains('≈'), "{text}");
        assert!(text.starts_with("老人在中心生活。"));
        let (text, garbled) = cut_garbled("服务\u{FFFD}中心");
        assert!(garbled);
        assert_eq!(text, "服务中心");
    }

    #[test]
    fn clean_text_is_untouched() {
        let (text, garbled) = cut_garbled("你好吗？我很好。What? Why?");
        assert!(!garbled);
        assert_eq!(text, "你好吗？我很好。What? Why?");
    }
}
