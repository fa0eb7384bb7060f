//! Highlighted snippets: the best window of a stored text, HTML-escaped, with `<mark>` around
//! exactly the characters that match the query.
//!
//! The stored text is normalized with the analysis chain (keeping each character's original
//! span), the query's normalized words and phrases are found in it (Aho-Corasick, leftmost
//! longest), and the marks are placed on the *original* characters, so a traditional-script
//! document is highlighted on its own characters.

use aho_corasick::{AhoCorasick, MatchKind};

use crate::analysis::mapped_text::MappedText;
use crate::analysis::normalize_mapped;

/// Default snippet length in characters.
pub const DEFAULT_SNIPPET_CHARS: usize = 120;
/// Characters shown before the first match of the chosen window.
const LEAD_CHARS: usize = 20;

/// A highlighted range in normalized character positions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct CharRange {
    start: usize,
    end: usize,
    /// The group of the matched term (a typed term and its synonyms form one group).
    group: usize,
    /// True when the match is the group's typed term, not one of its synonyms.
    typed: bool,
}

/// Returns an HTML snippet of `original` around the best cluster of `highlights` (normalized
/// words and phrases), at most about `max_chars` characters. Without a match, the text's start.
pub fn snippet_html(original: &str, highlights: &[String], max_chars: usize) -> String {
    Highlighter::new(highlights).snippet_html(original, max_chars)
}

/// The query's highlight terms compiled once, for the snippets of every hit of a search.
pub struct Highlighter {
    automaton: Option<AhoCorasick>,
    /// The group of each pattern of the automaton, and whether it is the group's typed term.
    group_of_pattern: Vec<(usize, bool)>,
}

impl Highlighter {
    /// Compiles normalized words and phrases (empty ones are ignored), each its own group.
    pub fn new(highlights: &[String]) -> Highlighter {
        let groups: Vec<Vec<String>> = highlights.iter().map(|term| vec![term.clone()]).collect();
        Highlighter::from_groups(&groups)
    }

    /// Compiles groups of normalized terms: all are marked, and the snippet's window is the one
    /// holding the most groups (a typed term and its synonyms count once).
    pub fn from_groups(groups: &[Vec<String>]) -> Highlighter {
        let mut patterns: Vec<&str> = Vec::new();
        let mut group_of_pattern = Vec::new();
        for (group, terms) in groups.iter().enumerate() {
            for (index, term) in terms.iter().enumerate().filter(|(_, term)| !term.trim().is_empty()) {
                patterns.push(term);
                group_of_pattern.push((group, index == 0));
            }
        }
        let automaton = if patterns.is_empty() {
            None
        } else {
            // The query's words are lowercased, the text keeps its case (`AI眼镜`).
            AhoCorasick::builder()
                .match_kind(MatchKind::LeftmostLongest)
                .ascii_case_insensitive(true)
                .build(&patterns)
                .ok()
        };
        Highlighter { automaton, group_of_pattern }
    }

    /// True when there is nothing to highlight.
    pub fn is_empty(&self) -> bool {
        self.automaton.is_none()
    }

    /// Returns the HTML snippet of `original`; see [`snippet_html`].
    pub fn snippet_html(&self, original: &str, max_chars: usize) -> String {
        let mapped = normalize_mapped(original);
        let matches = self.matches(&mapped.text());
        render_snippet(original, &mapped, matches, max_chars)
    }

    /// Returns the whole of `original`, HTML-escaped, with every match marked (a document page
    /// opened from a search).
    pub fn mark_html(&self, original: &str) -> String {
        let mapped = normalize_mapped(original);
        if mapped.is_empty() {
            return String::new();
        }
        let matches = self.matches(&mapped.text());
        let end = mapped.len();
        render_window(original, &mapped, matches, 0, end)
    }

    /// The number of distinct groups found in `text` and the number of matches.
    pub fn count_matches(&self, text: &str) -> (usize, usize) {
        let matches = self.matches(&normalize_mapped(text).text());
        let mut groups: Vec<usize> = matches.iter().map(|range| range.group).collect();
        groups.sort_unstable();
        groups.dedup();
        (groups.len(), matches.len())
    }

    /// The character position (in the normalized text) of the first match in `text`, if any.
    pub fn first_match(&self, text: &str) -> Option<usize> {
        self.matches(&normalize_mapped(text).text()).first().map(|range| range.start)
    }

    fn matches(&self, normalized: &str) -> Vec<CharRange> {
        let Some(automaton) = &self.automaton else { return Vec::new() };
        find_matches(normalized, automaton, &self.group_of_pattern)
    }
}

fn render_snippet(original: &str, mapped: &MappedText, matches: Vec<CharRange>, max_chars: usize) -> String {
    let char_count = mapped.len();
    if char_count == 0 {
        return String::new();
    }
    let (window_start, window_end) = best_window(&matches, char_count, max_chars);
    let (window_start, window_end) = start_at_sentence(mapped, &matches, window_start, window_end);
    render_window(original, mapped, matches, window_start, window_end)
}

/// Renders the characters `[window_start, window_end)` of the text, escaped, with the matches
/// inside marked and `…` where the window cuts the text.
fn render_window(
    original: &str,
    mapped: &MappedText,
    matches: Vec<CharRange>,
    window_start: usize,
    window_end: usize,
) -> String {
    let char_count = mapped.len();
    let in_window: Vec<CharRange> =
        merge(matches.into_iter().filter(|m| m.start >= window_start && m.end <= window_end).collect());
    let (byte_start, _) = mapped.original_span(window_start, window_start + 1);
    let (_, byte_end) = mapped.original_span(window_end - 1, window_end);
    let mut html = String::new();
    if window_start > 0 {
        html.push('…');
    }
    let mut cursor = byte_start;
    for range in in_window {
        let (mark_start, mark_end) = mapped.original_span(range.start, range.end);
        push_escaped(&mut html, &original[cursor..mark_start]);
        html.push_str("<mark>");
        push_escaped(&mut html, &original[mark_start..mark_end]);
        html.push_str("</mark>");
        cursor = mark_end;
    }
    push_escaped(&mut html, &original[cursor..byte_end]);
    if window_end < char_count {
        html.push('…');
    }
    html
}

/// Moves a window that begins (past the text's start) in the sentence before its first match to
/// the start of that match's sentence, keeping its width: a snippet does not open on the tail of
/// another sentence (`…。第五十条 …`). Sentences end at `。`, a line break, or `;`, `!`, `?` (the
/// normalized forms of `；`, `！`, `？`).
fn start_at_sentence(mapped: &MappedText, matches: &[CharRange], start: usize, end: usize) -> (usize, usize) {
    if start == 0 {
        // The text's own start: nothing is cut off.
        return (start, end);
    }
    let Some(first) = matches.iter().map(|m| m.start).filter(|&position| position >= start && position < end).min()
    else {
        return (start, end);
    };
    let chars = mapped.chars();
    let Some(break_at) = (start..first).rev().find(|&index| matches!(chars[index].ch, '\n' | '。' | ';' | '!' | '?'))
    else {
        return (start, end);
    };
    let shift = break_at + 1 - start;
    (start + shift, (end + shift).min(chars.len()))
}

fn find_matches(normalized: &str, automaton: &AhoCorasick, group_of_pattern: &[(usize, bool)]) -> Vec<CharRange> {
    let mut char_index_of_byte = vec![0usize; normalized.len() + 1];
    let mut char_index = 0;
    for (byte, ch) in normalized.char_indices() {
        for slot in &mut char_index_of_byte[byte..byte + ch.len_utf8()] {
            *slot = char_index;
        }
        char_index += 1;
    }
    char_index_of_byte[normalized.len()] = char_index;
    automaton
        .find_iter(normalized)
        .map(|found| {
            let (group, typed) = group_of_pattern[found.pattern().as_usize()];
            CharRange { start: char_index_of_byte[found.start()], end: char_index_of_byte[found.end()], group, typed }
        })
        .collect()
}

/// Picks the window (in characters) holding the most distinct groups; among those, the one whose
/// groups are rarest in the text (the one passage naming 高龄津贴 rather than the heading that names
/// the province twice), then the one holding more groups by their typed term rather than a synonym
/// (家庭养老床位 before 家庭照护床位), then the one whose groups are the longer terms (高龄津贴 before
/// 山东), then the one with the most matches.
fn best_window(matches: &[CharRange], char_count: usize, max_chars: usize) -> (usize, usize) {
    let width = max_chars.max(1).min(char_count);
    let groups = matches.iter().map(|m| m.group + 1).max().unwrap_or(0);
    let mut occurrences = vec![0u32; groups];
    let mut longest = vec![0usize; groups];
    for found in matches {
        occurrences[found.group] += 1;
        longest[found.group] = longest[found.group].max(found.end - found.start);
    }
    // (distinct groups, rarity, groups typed, their length, matches, start)
    let mut best = (0usize, 0.0f32, 0usize, 0usize, 0usize, 0usize);
    for (index, first) in matches.iter().enumerate() {
        let limit = first.start + width.saturating_sub(LEAD_CHARS.min(width / 4));
        let mut distinct = Vec::new();
        let mut typed = Vec::new();
        let mut count = 0;
        for candidate in matches[index..].iter().take_while(|m| m.end <= limit) {
            count += 1;
            if !distinct.contains(&candidate.group) {
                distinct.push(candidate.group);
            }
            if candidate.typed && !typed.contains(&candidate.group) {
                typed.push(candidate.group);
            }
        }
        let rarity: f32 = distinct.iter().map(|group| 1.0 / occurrences[*group] as f32).sum();
        let length: usize = distinct.iter().map(|group| longest[*group]).sum();
        let better = distinct
            .len()
            .cmp(&best.0)
            .then(rarity.total_cmp(&best.1))
            .then(typed.len().cmp(&best.2))
            .then(length.cmp(&best.3))
            .then(count.cmp(&best.4));
        if better.is_gt() {
            best = (distinct.len(), rarity, typed.len(), length, count, first.start);
        }
    }
    if best.0 == 0 {
        return (0, width);
    }
    let start = best.5.saturating_sub(LEAD_CHARS.min(width / 4));
    let start = start.min(char_count - width);
    (start, start + width)
}

fn merge(mut ranges: Vec<CharRange>) -> Vec<CharRange> {
    ranges.sort_by_key(|range| (range.start, range.end));
    let mut merged: Vec<CharRange> = Vec::new();
    for range in ranges {
        match merged.last_mut() {
            Some(last) if range.start <= last.end => last.end = last.end.max(range.end),
            _ => merged.push(range),
        }
    }
    merged
}

/// Appends text with `&`, `<`, `>`, `"` and `'` escaped.
pub fn push_escaped(html: &mut String, text: &str) {
    for ch in text.chars() {
        match ch {
            '&' => html.push_str("&amp;"),
            '<' => html.push_str("&lt;"),
            '>' => html.push_str("&gt;"),
            '"' => html.push_str("&quot;"),
            '\'' => html.push_str("&#39;"),
            _ => html.push(ch),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marked(snippet: &str) -> Vec<String> {
        snippet.split("<mark>").skip(1).map(|part| part.split("</mark>").next().unwrap_or("").to_string()).collect()
    }

    #[test]
    fn marks_cover_exactly_the_matched_characters() {
        let snippet = snippet_html("开展长期护理保险制度试点工作", &["制度试点".into()], 120);
        assert_eq!(marked(&snippet), ["制度试点"]);
    }

    #[test]
    fn traditional_originals_are_marked_on_their_own_characters() {
        let snippet = snippet_html("開展長期護理保險制度試點", &["护理保险".into()], 120);
        assert_eq!(marked(&snippet), ["護理保險"]);
    }

    #[test]
    fn pinyin_annotations_inside_a_match_stay_inside_the_mark() {
        let snippet = snippet_html("社區(qū)養(yǎng)老服務(wù)", &["养老服务".into()], 120);
        assert_eq!(marked(&snippet), ["養(yǎng)老服務"]);
    }

    #[test]
    fn latin_words_are_marked_whatever_their_case() {
        assert_eq!(marked(&snippet_html("推广AI眼镜和5G应用", &["ai".into(), "5g".into()], 120)), ["AI", "5G"]);
    }

    #[test]
    fn page_content_is_escaped() {
        let snippet = snippet_html("<script>alert(1)</script>养老", &["养老".into()], 120);
        assert!(snippet.contains("&lt;script&gt;"));
        assert!(!snippet.contains("<script>"));
    }

    #[test]
    fn the_window_moves_to_the_matches() {
        let text = format!("{}养老服务{}", "无关".repeat(200), "无关".repeat(200));
        let snippet = snippet_html(&text, &["养老服务".into()], 60);
        assert_eq!(marked(&snippet), ["养老服务"]);
        assert!(snippet.starts_with('…') && snippet.ends_with('…'));
    }

    #[test]
    fn among_windows_with_as_many_terms_the_rarest_term_wins() {
        let highlighter = Highlighter::new(&["山东".to_string(), "高龄津贴".to_string()]);
        let text = format!(
            "山东省养老服务条例，山东省人大通过。{}落实高龄津贴制度。{}",
            "无关".repeat(100),
            "无关".repeat(100)
        );
        let snippet = highlighter.snippet_html(&text, 30);
        assert_eq!(marked(&snippet), ["高龄津贴"], "{snippet}");
        let once_each = format!("山东省人大通过。{}落实高龄津贴制度。{}", "无关".repeat(100), "无关".repeat(100));
        assert_eq!(marked(&highlighter.snippet_html(&once_each, 30)), ["高龄津贴"], "help: the longer term wins a tie");
    }

    #[test]
    fn synonyms_are_marked_and_count_once_for_their_term() {
        let groups = [vec!["长期护理保险".to_string(), "长护险".to_string()], vec!["试点".to_string()]];
        let highlighter = Highlighter::from_groups(&groups);
        let text = format!("长护险长期护理保险长护险{}长护险开展试点", "无关".repeat(100));
        let snippet = highlighter.snippet_html(&text, 20);
        assert_eq!(marked(&snippet), ["长护险", "试点"], "help: the window with both groups wins over repeats of one");
        assert_eq!(highlighter.count_matches("长护险和长期护理保险"), (1, 2));
        assert_eq!(highlighter.first_match("推进长护险"), Some(2));
        assert_eq!(highlighter.first_match("无关"), None);
    }

    #[test]
    fn a_text_shorter_than_the_snippet_is_shown_from_its_start() {
        let snippet = snippet_html("第一句。第二句有护理。", &["护理".into()], 120);
        assert_eq!(snippet, "第一句。第二句有<mark>护理</mark>。");
    }

    #[test]
    fn mark_html_marks_every_match_of_the_whole_text() {
        let highlighter = Highlighter::new(&["护理".to_string()]);
        let text = format!("护理{}<b>护理</b>", "无关".repeat(200));
        let html = highlighter.mark_html(&text);
        assert_eq!(marked(&html), ["护理", "护理"]);
        assert!(html.contains("&lt;b&gt;") && !html.contains('…'), "{html}");
    }

    #[test]
    fn a_snippet_opens_on_the_sentence_of_its_first_match() {
        let text = format!("{}上一条到此为止。\n第五十条 制定老年人优待政策。{}", "无关".repeat(50), "其他".repeat(50));
        let snippet = snippet_html(&text, &["老年人优待".into()], 60);
        assert!(snippet.starts_with("…第五十条"), "{snippet}");
    }

    #[test]
    fn the_typed_term_wins_over_its_synonym() {
        let groups = [vec!["家庭养老床位".to_string(), "家庭照护床位".to_string()]];
        let highlighter = Highlighter::from_groups(&groups);
        let text = format!("建设家庭照护床位。{}开展家庭养老床位建设。{}", "无关".repeat(100), "无关".repeat(100));
        assert_eq!(marked(&highlighter.snippet_html(&text, 30)), ["家庭养老床位"]);
    }
}
