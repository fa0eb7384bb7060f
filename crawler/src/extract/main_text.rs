//! Main-text selection by text and punctuation density over the DOM.
//!
//! The idea behind readability, GNE and CEPF, tuned for Chinese pages:
//! 1. Drop subtrees that never hold the article: scripts, navigation, forms controls, hidden
//!    (`display:none`) blocks, and blocks whose class/id says comment, share, recommend, sidebar…
//!    unless it also says content/article.
//! 2. Each block's own text (text not inside a nested block) scores `1 + punctuation +
//!    min(chars / 50, 3)`; the score goes to the block, its parent, half to the grandparent and
//!    a third or less further up. Chinese sentence punctuation is the strongest signal that a
//!    block is prose rather than a headline list; a block with link text and no punctuation (a
//!    headline with its byline, date or counts) scores nothing, so a long list of entries cannot
//!    outweigh a short article.
//! 3. The best block after a link-density penalty is the article; siblings that score well or
//!    read as prose are added, and a data table (a grid of short cells without links) right
//!    after the text. On a page of several posts, the best block of the article's post is taken
//!    instead ([`posts`](super::posts)).
//! 4. When that leaves less than an article (or a list) and the blocks whose class says comment
//!    or reply hold prose, those are the page's text (a comment page, a thread): steps 1–3 run
//!    again with them kept.
//! 5. Inside the selection, link-heavy blocks without punctuation (recommendation lists, tag
//!    clouds, pagers) are cut, then the text is emitted one line per block.
//!
//! All passes are loops over [`FlatDom`]: no recursion.

use std::sync::LazyLock;

use regex::Regex;

use super::dom::{FlatDom, is_inline};
use super::posts::{self, PostHints};

/// Tags whose subtree never holds article text.
const SKIPPED_TAGS: &[&str] = &[
    "script", "style", "noscript", "template", "iframe", "svg", "canvas", "select", "option", "button", "textarea",
    "input", "head", "title", "meta", "link", "object", "embed", "map", "nav", "aside", "footer", "header", "menu",
    "dialog", "#other", "video", "audio",
];

static UNLIKELY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"comment|footer|copyright|sidebar|side_?bar|share|recommend|related|relate|hotnews|hot_?list|ranking|breadcrumb|crumb|login|advert|banner|toolbar|pagination|pager|popup|modal|qrcode|erweima|tuijian|xgxw|xgwz|xgyd|xiangguan|remen|rmtj|friendlink|youqing|navbar|(^|[^a-z])nav([^a-z]|$)|(^|[^a-z])menu|(^|[^a-z])ads?([^a-z]|$)|(^|[^a-z])foot|(^|[^a-z])hot([^a-z]|$)|(^|[^a-z])reply|(^|[^a-z])rank",
    )
    .expect("the unlikely-candidate pattern is valid")
});

/// The part of [`UNLIKELY`] that names users' text: comments and replies.
static USER_TEXT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"comment|(^|[^a-z])reply").expect("the user-text pattern is valid"));

static LIKELY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"article|content|main|body|text|detail|post|entry|story|zhengwen|(^|[^a-z])zw([^a-z]|$)|(^|[^a-z])con([^a-z]|$)|txt|js_content")
        .expect("the likely-candidate pattern is valid")
});

/// Returns true for the punctuation that marks running prose.
pub fn is_prose_punctuation(character: char) -> bool {
    matches!(character, '，' | '。' | '！' | '？' | '；' | '：' | '、' | '“' | '”' | ',' | ';' | '!' | '?')
}

/// Per-node counts, non-whitespace characters only.
#[derive(Debug, Clone, Copy, Default)]
pub struct Counts {
    /// All text characters.
    pub chars: u32,
    /// Characters inside links.
    pub link_chars: u32,
    /// Prose punctuation outside links.
    pub punctuation: u32,
    /// Number of `<a>` elements.
    pub links: u32,
}

impl Counts {
    fn add(&mut self, other: Counts) {
        self.chars += other.chars;
        self.link_chars += other.link_chars;
        self.punctuation += other.punctuation;
        self.links += other.links;
    }

    /// Share of the characters that are link text.
    pub fn link_density(&self) -> f64 {
        if self.chars == 0 { 0.0 } else { f64::from(self.link_chars) / f64::from(self.chars) }
    }
}

/// The article text as selected from the page.
#[derive(Debug, Clone, Default)]
pub struct MainText {
    /// Lines of text, one per block, whitespace-normalized, non-empty.
    pub lines: Vec<String>,
    /// Counts over the whole page (after skipping).
    pub page: Counts,
    /// Counts over the selection.
    pub selected: Counts,
    /// The first selected node (where the article starts in document order).
    pub start: Option<usize>,
}

/// Analysis state shared by the passes.
struct Analysis<'d, 'a> {
    dom: &'d FlatDom<'a>,
    removed: Vec<bool>,
    counts: Vec<Counts>,
    /// Whether a block dropped for a comment/reply class held prose.
    user_text_dropped: bool,
}

/// A selection with less prose than this (in characters) on a page with many links reads as a
/// list page.
pub const MIN_ARTICLE_CHARS: u32 = 60;
/// A page with fewer links than this is never a list page.
pub const MIN_LIST_LINKS: u32 = 10;

impl MainText {
    /// Returns the selected characters outside links.
    pub fn selected_prose_chars(&self) -> u32 {
        self.selected.chars.saturating_sub(self.selected.link_chars)
    }

    /// Returns true when the selection reads as a list or index page: many links on the page,
    /// and little prose selected, or selected text that is mostly links without sentences.
    pub fn reads_as_list(&self) -> bool {
        self.page.links >= MIN_LIST_LINKS
            && (self.selected_prose_chars() < MIN_ARTICLE_CHARS
                || (self.selected.link_density() > 0.4 && self.selected.punctuation < 3))
    }
}

/// How many levels up from the selected text a following data table is looked for.
const DATA_TABLE_CLIMB: usize = 4;
/// A data table holds at least this many characters.
const MIN_DATA_TABLE_CHARS: u32 = 30;
/// A data table's cells hold at most this many characters on average.
const MAX_DATA_CELL_CHARS: u32 = 40;

/// Text rescued from blocks whose class says comment or reply has at least this much sentence
/// punctuation.
const MIN_RESCUED_PUNCTUATION: u32 = 10;

/// Whether blocks whose class/id says comment or reply are dropped with the other noise
/// classes (sidebar, share, footer…), or kept.
#[derive(Clone, Copy, PartialEq, Eq)]
enum NoiseClasses {
    Dropped,
    UserTextKept,
}

/// Selects the article's text from a flattened page; on a page of several posts, from the
/// article's post (see [`posts`](super::posts)). When dropping the blocks whose class says
/// comment or reply leaves only a list, those blocks are the page's text (a comment page, a
/// thread): the selection is made again with them.
pub fn select(dom: &FlatDom<'_>, hints: &PostHints<'_>) -> MainText {
    let (selection, user_text_dropped) = select_with(dom, hints, NoiseClasses::Dropped);
    if !user_text_dropped || (!selection.reads_as_list() && selection.selected_prose_chars() >= MIN_ARTICLE_CHARS) {
        return selection;
    }
    let (with_user_text, _) = select_with(dom, hints, NoiseClasses::UserTextKept);
    // A footer or a disclaimer is not such a text: it must be prose, and more than a line.
    let is_prose = with_user_text.selected.punctuation >= MIN_RESCUED_PUNCTUATION
        && with_user_text.selected_prose_chars() >= 3 * MIN_ARTICLE_CHARS;
    if is_prose && !with_user_text.reads_as_list() { with_user_text } else { selection }
}

/// Selects the text with the given noise classes; also says whether a dropped comment/reply
/// block held prose.
fn select_with(dom: &FlatDom<'_>, hints: &PostHints<'_>, noise_classes: NoiseClasses) -> (MainText, bool) {
    let analysis = Analysis::new(dom, noise_classes);
    let user_text_dropped = analysis.user_text_dropped;
    let Some(body) = dom.first_with_tag("body").or(if dom.nodes.is_empty() { None } else { Some(0) }) else {
        return (MainText::default(), user_text_dropped);
    };
    let scores = analysis.block_scores();
    let final_score = |index: usize| scores[index] * (1.0 - analysis.counts[index].link_density());
    let best_in = |range: std::ops::Range<usize>| {
        let mut best: Option<(usize, f64)> = None;
        for index in range {
            if scores[index] <= 0.0 {
                continue;
            }
            let score = final_score(index);
            if best.is_none_or(|(_, best_score)| score > best_score) {
                best = Some((index, score));
            }
        }
        best
    };
    let Some((mut top, mut top_score)) = best_in(0..dom.nodes.len()) else {
        return (MainText { lines: Vec::new(), page: analysis.counts[body], ..MainText::default() }, user_text_dropped);
    };
    // The post boundary also bounds the siblings added below.
    let post = posts::article_post(dom, &analysis.counts, top, hints);
    if let Some(post) = post.filter(|&post| !dom.subtree(post).contains(&top)) {
        (top, top_score) = best_in(dom.subtree(post)).unwrap_or((post, final_score(post)));
    }
    let mut roots = vec![top];
    let parent = dom.nodes[top].parent.filter(|&parent| post.is_none_or(|post| parent >= post));
    if let Some(parent) = parent {
        let threshold = (top_score * 0.2).max(10.0);
        let mut with_siblings = Vec::new();
        for &sibling in &dom.nodes[parent].children {
            if sibling == top {
                with_siblings.push(sibling);
                continue;
            }
            if analysis.removed[sibling] || dom.nodes[sibling].tag.is_empty() {
                continue;
            }
            let counts = analysis.counts[sibling];
            let sibling_score = final_score(sibling);
            let reads_as_prose = counts.link_density() < 0.25 && counts.chars >= 40 && counts.punctuation >= 2;
            if sibling_score >= threshold || reads_as_prose {
                with_siblings.push(sibling);
            }
        }
        roots = with_siblings;
    }
    if let Some(table) = roots.last().and_then(|&last| analysis.data_table_after(last)) {
        roots.push(table);
    }
    let mut selected = Counts::default();
    let mut lines = Vec::new();
    for &root in &roots {
        selected.add(analysis.counts[root]);
        analysis.emit(root, &mut lines);
    }
    (MainText { lines, page: analysis.counts[body], selected, start: roots.first().copied() }, user_text_dropped)
}

impl<'d, 'a> Analysis<'d, 'a> {
    fn new(dom: &'d FlatDom<'a>, noise_classes: NoiseClasses) -> Analysis<'d, 'a> {
        let node_count = dom.nodes.len();
        let mut in_link = vec![false; node_count];
        let mut hard_removed = vec![false; node_count];
        for index in 0..node_count {
            let node = &dom.nodes[index];
            let (parent_removed, parent_in_link) =
                node.parent.map_or((false, false), |parent| (hard_removed[parent], in_link[parent]));
            in_link[index] = parent_in_link || node.tag == "a";
            hard_removed[index] = parent_removed || is_skipped_element(dom, index);
        }
        // A class that says nav/footer/share on a wrapper holding nearly all of the page's prose
        // (`blq-int-nav` on the BBC's outer container) is a site-wide style hook, not noise.
        let hard_counts = count(dom, &hard_removed, &in_link);
        let page_punctuation = hard_counts.first().map_or(0, |root| root.punctuation);
        let mut removed = vec![false; node_count];
        let mut user_text_dropped = false;
        for index in 0..node_count {
            let parent_removed = dom.nodes[index].parent.is_some_and(|parent| removed[parent]);
            let holds_the_page = hard_counts[index].punctuation * 10 >= page_punctuation * 8 && page_punctuation > 0;
            let noise_class = has_unlikely_class(dom, index, noise_classes) && !holds_the_page;
            removed[index] = parent_removed || hard_removed[index] || noise_class;
            user_text_dropped |= noise_class
                && !parent_removed
                && hard_counts[index].punctuation >= MIN_RESCUED_PUNCTUATION
                && USER_TEXT.is_match(&dom.nodes[index].class_and_id());
        }
        let counts = count(dom, &removed, &in_link);
        Analysis { dom, removed, counts, user_text_dropped }
    }

    /// Returns each node's content score (zero for nodes that are not candidates).
    fn block_scores(&self) -> Vec<f64> {
        let dom = self.dom;
        // Own text of each block: text nodes and inline descendants not inside a nested block.
        let mut own = vec![Counts::default(); dom.nodes.len()];
        // Nearest block ancestor-or-self of every node, top-down (no walk up per text node, so
        // 100k nested inline elements with text at each level stay linear).
        let mut block_of: Vec<Option<usize>> = vec![None; dom.nodes.len()];
        for index in 0..dom.nodes.len() {
            let node = &dom.nodes[index];
            let inherited = node.parent.and_then(|parent| block_of[parent]);
            block_of[index] = if is_inline(node.tag) { inherited } else { Some(index) };
            if self.removed[index] || node.text().is_none() {
                continue;
            }
            let Some(block) = inherited else { continue };
            let text_counts = self.counts[index];
            own[block].chars += text_counts.chars;
            own[block].link_chars += text_counts.link_chars;
            own[block].punctuation += text_counts.punctuation;
        }
        let mut scores = vec![0.0_f64; dom.nodes.len()];
        for (block, block_counts) in own.iter().enumerate() {
            let prose_chars = block_counts.chars.saturating_sub(block_counts.link_chars);
            // A headline entry (a link with a byline, date or count beside it, no sentence)
            // is list text, however many entries a list has.
            let is_list_entry = block_counts.link_chars > 0 && block_counts.punctuation == 0;
            if prose_chars < 10 || is_list_entry {
                continue;
            }
            let score = 1.0 + f64::from(block_counts.punctuation) + (f64::from(prose_chars) / 50.0).min(3.0);
            scores[block] += score;
            for (level, ancestor) in dom.ancestors(block).take(4).enumerate() {
                let share = match level {
                    0 => 1.0,
                    1 => 0.5,
                    _ => 1.0 / (level as f64 * 3.0),
                };
                scores[ancestor] += score * share;
            }
        }
        for (index, score) in scores.iter_mut().enumerate() {
            if matches!(dom.nodes[index].tag, "html" | "body" | "" | "a") {
                *score = 0.0;
            }
        }
        scores
    }

    /// Returns the data table that follows the text ending at `last` (the next element after it,
    /// or after the ancestor it closes, at most [`DATA_TABLE_CLIMB`] levels up).
    fn data_table_after(&self, last: usize) -> Option<usize> {
        let dom = self.dom;
        let mut node = last;
        for _ in 0..DATA_TABLE_CLIMB {
            let parent = dom.nodes[node].parent?;
            if matches!(dom.nodes[parent].tag, "body" | "html" | "") {
                return None;
            }
            let siblings = &dom.nodes[parent].children;
            let position = siblings.iter().position(|&sibling| sibling == node)?;
            let next = siblings[position + 1..].iter().copied().find(|&sibling| self.counts[sibling].chars > 0);
            match next {
                Some(next) => return self.is_data_table(next).then_some(next),
                None => node = parent,
            }
        }
        None
    }

    /// Returns true for a grid of short cells without links: rows and columns of figures and
    /// names, not a layout table holding blocks.
    fn is_data_table(&self, index: usize) -> bool {
        let dom = self.dom;
        if dom.nodes[index].tag != "table" || self.removed[index] {
            return false;
        }
        let counts = self.counts[index];
        let (mut rows, mut cells) = (0_u32, 0_u32);
        for descendant in dom.subtree(index).skip(1) {
            match dom.nodes[descendant].tag {
                "table" => return false,
                "tr" => rows += 1,
                "td" | "th" => cells += 1,
                _ => {}
            }
        }
        rows >= 3
            && cells >= 2 * rows
            && counts.link_density() < 0.1
            && counts.chars >= MIN_DATA_TABLE_CHARS
            && counts.chars <= MAX_DATA_CELL_CHARS * cells
    }

    /// Returns true when a block inside the selection is a link list or pager rather than prose.
    fn is_link_block(&self, index: usize) -> bool {
        let counts = self.counts[index];
        if counts.chars == 0 || matches!(self.dom.nodes[index].tag, "" | "a" | "p") {
            return false;
        }
        let prose_chars = counts.chars - counts.link_chars;
        (counts.link_density() > 0.5 && counts.punctuation < 3 && counts.links >= 2)
            || (counts.links >= 3 && prose_chars < 10 * counts.links && counts.punctuation == 0)
    }

    /// Appends the text under `root` to `lines`, one line per block, without link blocks.
    fn emit(&self, root: usize, lines: &mut Vec<String>) {
        lines.extend(
            self.dom.lines_under(root, |index| self.removed[index] || (index != root && self.is_link_block(index))),
        );
    }
}

/// Counts characters, link characters, punctuation and links per subtree, skipping `removed`.
fn count(dom: &FlatDom<'_>, removed: &[bool], in_link: &[bool]) -> Vec<Counts> {
    let mut counts = vec![Counts::default(); dom.nodes.len()];
    for index in (0..dom.nodes.len()).rev() {
        if removed[index] {
            continue;
        }
        let node = &dom.nodes[index];
        let mut own = counts[index];
        if let Some(text) = node.text() {
            for character in text.chars() {
                if character.is_whitespace() {
                    continue;
                }
                own.chars += 1;
                if in_link[index] {
                    own.link_chars += 1;
                } else if is_prose_punctuation(character) {
                    own.punctuation += 1;
                }
            }
        }
        if node.tag == "a" {
            own.links += 1;
        }
        counts[index] = own;
        if let Some(parent) = node.parent {
            counts[parent].add(own);
        }
    }
    counts
}

/// Returns true for elements that never hold article text: scripts, navigation, hidden blocks.
fn is_skipped_element(dom: &FlatDom<'_>, index: usize) -> bool {
    let node = &dom.nodes[index];
    if node.tag.is_empty() {
        return false;
    }
    if SKIPPED_TAGS.contains(&node.tag) {
        return true;
    }
    if let Some(style) = node.attr("style") {
        let style: String = style.chars().filter(|character| !character.is_whitespace()).collect();
        if style.to_ascii_lowercase().contains("display:none") {
            return true;
        }
    }
    node.attr("hidden").is_some()
}

/// Returns true when an element's class or id says comment, share, recommend, sidebar… and not
/// content or article.
fn has_unlikely_class(dom: &FlatDom<'_>, index: usize, noise_classes: NoiseClasses) -> bool {
    let node = &dom.nodes[index];
    if matches!(node.tag, "" | "body" | "html" | "article" | "main" | "a") {
        return false;
    }
    let class_and_id = node.class_and_id();
    !class_and_id.is_empty()
        && UNLIKELY.is_match(&class_and_id)
        && !LIKELY.is_match(&class_and_id)
        && (noise_classes == NoiseClasses::Dropped || !USER_TEXT.is_match(&class_and_id))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines_of(page: &str) -> Vec<String> {
        let html = scraper::Html::parse_document(page);
        let dom = FlatDom::new(&html);
        select(&dom, &PostHints { headings: &[], title_heading: None }).lines
    }

    #[test]
    fn prose_wins_over_link_lists() {
        let page = r#"<body><div class="nav"><a href="/">首页</a><a href="/a">新闻</a></div>
            <div id="main"><h1>标题</h1><div class="article"><p>为进一步做好养老服务工作，现将有关事项通知如下。</p>
            <p>一、各地要提高认识，加强领导，确保各项措施落实到位。</p></div>
            <ul class="list"><li><a href="/1">另一条新闻标题一</a></li><li><a href="/2">另一条新闻标题二</a></li><li><a href="/3">另一条新闻标题三</a></li></ul></div>
            <div class="footer">版权所有</div></body>"#;
        let lines = lines_of(page);
        assert_eq!(
            lines,
            [
                "为进一步做好养老服务工作，现将有关事项通知如下。",
                "一、各地要提高认识，加强领导，确保各项措施落实到位。"
            ]
        );
    }

    #[test]
    fn a_short_post_wins_over_a_long_reply_list() {
        let replies =
            r#"<li><a href="/t">旅行中的一件小事</a>【<a href="/u">网友甲</a>】08-11 16:06 298字 [4321/87]</li>"#
                .repeat(40);
        let page = format!(
            r#"<body><div><p>导游的收入很大一部分来自购物的回扣，这是业内的“行规”，境内游境外游都是这样的。所以，一定要看清楚合同。</p></div>
            <div><ul>{replies}</ul></div></body>"#
        );
        assert_eq!(
            lines_of(&page),
            ["导游的收入很大一部分来自购物的回扣，这是业内的“行规”，境内游境外游都是这样的。所以，一定要看清楚合同。"]
        );
    }

    #[test]
    fn comments_are_the_text_of_a_page_that_has_nothing_else() {
        let reviews = [
            "社区食堂的饭菜很合老人的口味，价格也公道，希望能一直办下去。",
            "助餐点离家近，腿脚不便的老人也能自己走过去，这才是实实在在的好事。",
            "菜的种类还可以再多一些，每周换换花样，老人吃得更开心。",
            "志愿者很热情，还帮我父亲把饭菜端到座位上，服务很周到。",
            "排队的人有点多，建议中午多开一个窗口，错峰就餐就好了。",
        ];
        let items: String = reviews
            .iter()
            .chain(reviews.iter())
            .map(|review| format!(r#"<div class="comment-item"><a href="/u">用户</a><p>{review}</p></div>"#))
            .collect();
        let page = format!(
            r#"<body><div class="nav"><a href="/">首页</a></div><h1>社区食堂 短评</h1><div class="comments">{items}</div>
            <div class="footer"><p>版权所有：示例省民政厅，地址：示例市人民路1号，邮编：100000，电话：010-00000000。</p></div></body>"#
        );
        let lines = lines_of(&page);
        assert!(reviews.iter().all(|review| lines.iter().any(|line| line == review)), "{lines:?}");
        assert!(!lines.iter().any(|line| line.starts_with("版权所有")));
    }

    #[test]
    fn a_data_table_after_the_text_belongs_to_it() {
        let page = r#"<body><table><tr><td>
            <table><tr><td><p>一、招生对象：具有本科以上学历、热爱养老服务工作的在职人员，年龄不超过四十五岁。</p>
            <p>二、报名时间：即日起至十一月三十日，外地考生可以提前函报，所有材料最迟于截止日寄到。</p>
            <p>附：招生专业及人数</p></td></tr></table>
            <table border="1"><tr><td>专业</td><td>导师</td><td>人数</td></tr>
            <tr><td>老年社会工作</td><td>张明</td><td>3</td></tr>
            <tr><td>失智老人照护</td><td>王芳</td><td>4</td></tr>
            <tr><td>养老机构管理</td><td>李华</td><td>2</td></tr></table>
            </td></tr></table>
            <table><tr><td>版权所有：示例学院</td></tr></table></body>"#;
        let lines = lines_of(page);
        assert_eq!(lines.last().map(String::as_str), Some("2"), "{lines:?}");
        assert!(lines.iter().any(|line| line == "养老机构管理"));
    }

    #[test]
    fn br_separated_text_becomes_lines() {
        let page = "<body><div>第一段，内容很长很长很长很长。<br>第二段，内容也很长很长很长。</div></body>";
        assert_eq!(lines_of(page), ["第一段，内容很长很长很长很长。", "第二段，内容也很长很长很长。"]);
    }

    #[test]
    fn empty_page_has_no_lines() {
        assert!(lines_of("").is_empty());
    }
}
