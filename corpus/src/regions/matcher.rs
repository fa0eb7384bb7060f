//! Finding place names in text: one Aho-Corasick pass over every gazetteer name, then local filters
//! that drop names inside ordinary words and street names.
//!
//! This stage knows nothing about the rest of the document: it returns every surviving name with the
//! divisions it may refer to. Deciding which one (和平区 in 天津 or 沈阳) and whether a short form needs
//! support is the job of [`super::resolve`].
//!
//! Matching is leftmost-longest, so 江苏省 wins over 江苏, 内蒙古自治区 over 内蒙古, and 黑龙江 over 龙江.
//! The text must be simplified Chinese: the gazetteer has no traditional forms.

use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

use super::gazetteer::{DivisionId, GAZETTEER, NameKind};

/// The matcher over every gazetteer name, built on first use.
pub(crate) static MATCHER: LazyLock<Matcher> = LazyLock::new(Matcher::new);

/// Ordinary words and foreign names that overlap a place name without lying inside it: when one of
/// them starts before a name or ends after it, the name is not a place there (人力资源县 is not 资源县,
/// 信息县级 is not 息县, 示范县 is not 范县, 和平区域 is not 和平区, 医保定点 is not 保定, 佛罗里达州 is
/// not 达州). Words inside a name (区 in 和平区) never block it.
const BLOCKING_WORDS: &[&str] = &[
    "区域",
    "县域",
    "县级",
    "区级",
    "人力资源",
    "自然资源",
    "水资源",
    "示范",
    "规范",
    "模范",
    "防范",
    "典范",
    "信息",
    "消息",
    "利息",
    "休息",
    "作息",
    "经费",
    "收费",
    "免费",
    "缴费",
    "贡献",
    "奉献",
    "文献",
    "相应",
    "响应",
    "适应",
    "供应",
    "对应",
    "英雄",
    "容易",
    "交易",
    "贸易",
    "简单",
    "清单",
    "名单",
    "历代",
    "时代",
    "替代",
    "现代",
    "千古",
    "考古",
    "面临",
    "光临",
    "莅临",
    "来临",
    "亲临",
    "降临",
    "濒临",
    "创新",
    "更新",
    "重新",
    "全新",
    "最新",
    "革新",
    "提高",
    "管理",
    "治理",
    "处理",
    "办理",
    "受理",
    "探索",
    "完成",
    "形成",
    "组成",
    "建成",
    "促成",
    "达成",
    "构成",
    "养成",
    "健康",
    "小康",
    "致富",
    "丰富",
    "开放",
    "延长期",
    "期限",
    "长安街",
    "中山路",
    "中山装",
    "沿海",
    "滨海",
    "近海",
    "红海",
    "天山南北",
    "入海口",
    "通用",
    "医保",
    "确保",
    "参保",
    "社保",
    "低保",
    "担保",
    "投保",
    "环保",
    "劳保",
    "五保",
    "承保",
    "续保",
    "农保",
    "佛罗里达",
    "明尼苏达",
    "北达科他",
    "南达科他",
    "马里兰",
    "美国德州",
    "得克萨斯",
    "苏梅",
    "李长春",
    "李金华",
    "钱塘江",
    "苏州河",
];

/// What may follow a short name in a street or road name (中山路, 江苏路, 北京东路, 长安街).
const STREET_SUFFIXES: &[&str] =
    &["路", "街", "巷", "大道", "大街", "胡同", "东路", "西路", "南路", "北路", "中路", "弄", "里"];

/// News agencies whose datelines (新华社北京12月8日电) name where a report was filed, not its subject.
const DATELINE_PREFIXES: &[&str] = &["新华社", "中新社", "新华网", "人民网", "央视网", "中新网"];

/// A place name found in a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct RawMention {
    /// Byte offset of the name's start.
    pub(crate) start: usize,
    /// Byte offset just after the name.
    pub(crate) end: usize,
    /// Index of the name in [`Matcher::entries`].
    pub(crate) pattern: usize,
    /// The name follows a news agency (新华社北京): a weak signal of where the text was filed.
    pub(crate) dateline: bool,
}

/// The automaton over every name of the gazetteer and its filters.
pub(crate) struct Matcher {
    names: AhoCorasick,
    entries: Vec<Vec<(DivisionId, NameKind)>>,
    name_chars: Vec<usize>,
    blockers: AhoCorasick,
}

impl Matcher {
    fn new() -> Matcher {
        let mut names: Vec<(&String, &Vec<(DivisionId, NameKind)>)> = GAZETTEER.names.iter().collect();
        // A fixed pattern order keeps the automaton (and ties) reproducible across runs.
        names.sort_by(|left, right| left.0.cmp(right.0));
        let patterns: Vec<&str> = names.iter().map(|(name, _)| name.as_str()).collect();
        let automaton = AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .kind(Some(aho_corasick::AhoCorasickKind::DFA))
            .build(&patterns)
            .expect("the gazetteer's names should always build an automaton");
        let blockers = AhoCorasick::new(BLOCKING_WORDS).expect("the blocking words should always build an automaton");
        Matcher {
            names: automaton,
            entries: names.iter().map(|(_, entries)| (*entries).clone()).collect(),
            name_chars: patterns.iter().map(|name| name.chars().count()).collect(),
            blockers,
        }
    }

    /// Returns the divisions a matched name may refer to, with how it names each.
    pub(crate) fn entries(&self, pattern: usize) -> &[(DivisionId, NameKind)] {
        &self.entries[pattern]
    }

    /// Returns the length of a matched name in characters.
    pub(crate) fn name_chars(&self, pattern: usize) -> usize {
        self.name_chars[pattern]
    }

    /// Returns the place names of a simplified-Chinese text, in order, without those inside ordinary
    /// words or street names.
    pub(crate) fn find(&self, text: &str) -> Vec<RawMention> {
        let mut mentions = Vec::new();
        for found in self.names.find_iter(text) {
            let (start, end) = (found.start(), found.end());
            let pattern = found.pattern().as_usize();
            if self.crosses_a_word(text, start, end) {
                continue;
            }
            let only_short = self.entries[pattern].iter().all(|(_, kind)| *kind == NameKind::Short);
            if only_short && starts_with_any(&text[end..], STREET_SUFFIXES) {
                continue;
            }
            let dateline = DATELINE_PREFIXES.iter().any(|agency| text[..start].ends_with(agency));
            mentions.push(RawMention { start, end, pattern, dateline });
        }
        mentions
    }
}

impl Matcher {
    /// Returns true when a blocking word crosses either boundary of the span `start..end`. Only the
    /// text around the name is searched: blocking words are short.
    fn crosses_a_word(&self, text: &str, start: usize, end: usize) -> bool {
        const LONGEST_BLOCKING_WORD_BYTES: usize = 4 * 3;
        let window_start = text.floor_char_boundary(start.saturating_sub(LONGEST_BLOCKING_WORD_BYTES));
        let window_end = text.ceil_char_boundary((end + LONGEST_BLOCKING_WORD_BYTES).min(text.len()));
        self.blockers.find_overlapping_iter(&text[window_start..window_end]).any(|word| {
            let (word_start, word_end) = (window_start + word.start(), window_start + word.end());
            let crosses_start = word_start < start && start < word_end;
            let crosses_end = word_start < end && end < word_end;
            crosses_start || crosses_end
        })
    }
}

fn starts_with_any(text: &str, prefixes: &[&str]) -> bool {
    prefixes.iter().any(|prefix| text.starts_with(prefix))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Returns the matched names of a text, as written.
    fn names(text: &str) -> Vec<&str> {
        MATCHER.find(text).into_iter().map(|mention| &text[mention.start..mention.end]).collect()
    }

    #[test]
    fn longest_name_wins() {
        assert_eq!(names("江苏省苏州市姑苏区"), ["江苏省", "苏州市", "姑苏区"]);
        assert_eq!(names("内蒙古自治区民政厅"), ["内蒙古自治区"]);
        assert_eq!(names("黑龙江"), ["黑龙江"]);
    }

    #[test]
    fn street_names_are_not_places() {
        assert_eq!(names("中山路和江苏路交叉口"), Vec::<&str>::new());
        assert_eq!(names("上海北京东路"), ["上海"]);
        assert_eq!(names("中山市中山路"), ["中山市"]);
    }

    #[test]
    fn names_inside_ordinary_words_are_dropped() {
        assert_eq!(names("市人力资源县社会保障局"), Vec::<&str>::new());
        assert_eq!(names("创建养老服务示范县"), Vec::<&str>::new());
        assert_eq!(names("维护和平区域稳定"), Vec::<&str>::new());
        assert_eq!(names("推进信息县级平台"), Vec::<&str>::new());
        assert_eq!(names("桂林市资源县"), ["桂林市", "资源县"]);
    }

    #[test]
    fn datelines_are_flagged() {
        let text = "新华社北京12月8日电";
        let mentions = MATCHER.find(text);
        assert_eq!(mentions.len(), 1);
        assert!(mentions[0].dateline);
        assert!(!MATCHER.find("北京市民政局")[0].dateline);
    }
}
