//! Article extraction: a pure, synchronous `extract(html, url) -> Document`.
//!
//! # Layout
//! - [`dom`]: the parsed page as a flat, index-addressed vector (iterative, no recursion).
//! - [`main_text`]: the article's text by text and punctuation density.
//! - [`posts`]: on a page of several posts, which one is the article.
//! - [`govinfo`]: the gov.cn 索引号 / 发文机关 / 成文日期 / 发布日期 info table.
//! - [`metadata`]: labelled lines (`发布时间：`, `来源：`, `本文出處：`…), `<meta>` tags, titles.
//! - [`dates`]: date parsing and normalization (文号: `corpus::doc_number`, shared with the index).
//! - [`cleanup`]: whitespace, pinyin annotations, garbled runs.
//! - [`title`]: the article heading.
//! - [`kind`], [`script`]: what the document is, and in which script.
//!
//! [`extract`] glues them: it never panics on any input and says [`ExtractError::NotAnArticle`]
//! for list and index pages instead of returning a headline list.

pub mod cleanup;
pub mod dates;
pub mod dom;
pub mod govinfo;
pub mod kind;
pub mod main_text;
pub mod metadata;
pub mod posts;
pub mod script;
pub mod title;

use std::sync::LazyLock;

use corpus::{Document, Script};
use regex::Regex;
use url::Url;

use self::dom::FlatDom;
use self::metadata::Label;

/// Why a page gave no document.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ExtractError {
    /// The page is a list or index of links, not an article.
    #[error("not an article: the page is a list of {links} links with {prose_chars} characters of prose")]
    NotAnArticle {
        /// Links on the page.
        links: u32,
        /// Characters of prose found.
        prose_chars: u32,
    },
    /// The page has no text at all.
    #[error("the page has no text")]
    Empty,
}

/// The result type of extraction.
pub type Result<T> = std::result::Result<T, ExtractError>;

/// How many lines after the title are searched for the date / source / author line.
const METADATA_WINDOW_LINES: usize = 12;
/// Lines at each end of the text searched for a reporter byline.
const BYLINE_LINES: usize = 3;
/// A script longer than this (in characters) is code, not a call that writes a date.
const MAX_DATE_SCRIPT_CHARS: usize = 80;

/// `<meta>` names that carry the publish date, most specific first.
const DATE_META_NAMES: &[&str] = &[
    "article:published_time",
    "PubDate",
    "publishdate",
    "publish_date",
    "pubdate",
    "og:release_date",
    "datePublished",
    "firstpublishedtime",
    "dc.date",
    "DC.Date.Created",
    "date",
];

/// `<meta>` names that carry the last update: the page's date when it states no publish date (a
/// reference page revised over years).
const MODIFIED_META_NAMES: &[&str] =
    &["article:modified_time", "dateModified", "dateUpdate", "og:updated_time", "last-modified"];

static BOILERPLATE_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^[\[【（(]?\s*(打印|关闭|關閉|关闭窗口|返回顶部|返回頂部|收藏|分享到|分享|纠错|我要纠错|上一篇|下一篇|上一页|下一頁|下一页|相关阅读|相关新闻|相關新聞|推荐阅读|延伸阅读|扫一扫|掃一掃|版权所有|版權所有|Copyright|©|第\s*\d+\s*页|共\s*\d+\s*页|字号|【字体|责任编辑|責任編輯|编辑|編輯|本文出处|本文出處|本文标签|本文標籤|原文链接|转载自|轉載自|来源|來源|声明|聲明|免责声明|点击|點擊|转载请注明|轉載請註明|转载请保留|本文链接|本文地址|本文網址)",
    )
    .expect("the boilerplate pattern is valid")
});

static END_MARKER_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^[\[【（(·]?\s*(相关报道|相關報導|相关新闻|相關新聞|相关阅读|相關閱讀|相关文章|相關文章|相关链接|推荐阅读|推薦閱讀|延伸阅读|延伸閱讀|热点推荐|熱點推薦|热门推荐|猜你喜欢|更多精彩|责任编辑|責任編輯|第\s*\d+\s*页\s*/\s*共|上一页|上一篇|版权所有|版權所有|Copyright)",
    )
    .expect("the end-marker pattern is valid")
});

/// Decodes page bytes (see [`crate::decode::decode_html`]) and extracts the document.
pub fn extract_bytes(bytes: &[u8], content_type: Option<&str>, url: Option<&Url>) -> Result<Document> {
    let decoded = crate::decode::decode_html(bytes, content_type);
    extract(&decoded.text, url)
}

/// Extracts the article and its metadata from a page.
pub fn extract(html: &str, url: Option<&Url>) -> Result<Document> {
    let parsed = scraper::Html::parse_document(html);
    let dom = FlatDom::new(&parsed);
    let root = dom.first_with_tag("html").unwrap_or(0);
    let page_lines = dom.lines_under(root, |index| match dom.nodes[index].tag {
        "script" => !writes_a_date(&dom, index),
        "style" | "noscript" | "template" | "head" | "title" | "#other" | "select" => true,
        _ => false,
    });
    if page_lines.is_empty() {
        return Err(ExtractError::Empty);
    }
    let gov_info = govinfo::read(&dom);
    let page_titles = title::PageTitles::read(&dom);
    let heading_nodes: Vec<usize> = page_titles.headings.iter().map(|heading| heading.index).collect();
    let hints = posts::PostHints { headings: &heading_nodes, title_heading: page_titles.matched_heading() };
    let selection = main_text::select(&dom, &hints);

    let title = page_titles.choose(gov_info.title.as_deref(), selection.start);
    let title_compact = compact(&title);
    // The date / source line sits between the title and the text: take the title line nearest
    // before the text (the title also appears in navigation and share boxes); without one, the
    // lines just before the text.
    let body_line = selection.lines.first().and_then(|first| {
        let prefix: String = first.chars().take(12).collect();
        page_lines
            .iter()
            .position(|line| line == first)
            .or_else(|| page_lines.iter().position(|line| line.starts_with(&prefix)))
    });
    let title_line = (!title_compact.is_empty())
        .then(|| {
            let before_body = body_line.unwrap_or(page_lines.len());
            let exact = |line: &String| compact(line) == title_compact;
            let containing = |line: &String| compact(line).contains(&title_compact);
            page_lines[..before_body.min(page_lines.len())]
                .iter()
                .rposition(exact)
                .or_else(|| page_lines[..before_body.min(page_lines.len())].iter().rposition(containing))
                .or_else(|| page_lines.iter().position(containing))
        })
        .flatten();
    let window_start = match (title_line, body_line) {
        (Some(title_at), Some(body_at)) if title_at <= body_at => title_at,
        (_, Some(body_at)) => body_at.saturating_sub(METADATA_WINDOW_LINES / 2),
        (title_at, None) => title_at.unwrap_or(0),
    };
    let window_end = match body_line {
        Some(body_at) if body_at >= window_start => (body_at + 3).min(window_start + 3 * METADATA_WINDOW_LINES),
        _ => window_start + METADATA_WINDOW_LINES,
    };
    let window = &page_lines[window_start..page_lines.len().min(window_end)];
    let after_title = &page_lines[window_start..];

    // Saved page text has no heading markup: the short line just before the text is the title.
    let title = if title.is_empty() { title_line_before(&page_lines, body_line).unwrap_or_default() } else { title };
    let title = cleanup::remove_pinyin(&title).into_owned();
    let mut document = Document { title: title.clone(), ..Default::default() };
    let mut editor_in_window = None;
    for line in window.iter().filter(|line| line.chars().count() <= 150) {
        for field in metadata::labelled_fields(line) {
            match field.label {
                Label::Date if document.published.is_none() => document.published = dates::parse_date(&field.value),
                Label::Source if document.source.is_none() => document.source = metadata::clean_name(&field.value),
                Label::Author if document.author.is_none() => document.author = metadata::clean_name(&field.value),
                Label::Editor if editor_in_window.is_none() => editor_in_window = metadata::clean_name(&field.value),
                _ => {}
            }
        }
    }
    for line in after_title.iter().chain(page_lines.iter()).filter(|line| line.chars().count() <= 300) {
        for field in metadata::labelled_fields(line) {
            match field.label {
                Label::Editor if document.editor.is_none() => document.editor = metadata::clean_name(&field.value),
                Label::OriginalUrl if document.original_url.is_none() => {
                    document.original_url = metadata::url_in(&field.value)
                }
                Label::Tags if document.tags.is_empty() => document.tags = metadata::split_tags(&field.value),
                _ => {}
            }
        }
    }
    document.editor = editor_in_window.or(document.editor);
    let linked_tags = metadata::tags_from_links(&dom);
    if !linked_tags.is_empty() {
        document.tags = linked_tags;
    }
    if document.original_url.is_none() {
        document.original_url = metadata::original_url_from_links(&dom);
    }
    if document.source.is_none() {
        document.source = metadata::meta_content(&dom, &["ContentSource", "source", "og:site_name"])
            .and_then(|value| metadata::clean_name(&value));
    }
    if document.author.is_none() {
        // `<meta name="author">` often names the site; keep it only when it reads as a person.
        document.author = metadata::meta_content(&dom, &["author", "article:author"])
            .filter(|author| metadata::looks_like_person(author))
            .and_then(|author| metadata::clean_name(&author));
    }
    if document.author.is_none() {
        // A news report names its reporters at its start or its end: （记者 张三）, 本报记者 李四.
        let before_body = body_line.map_or(&page_lines[..0], |at| &page_lines[at.saturating_sub(2)..at]);
        let text = &selection.lines;
        let head = &text[..text.len().min(BYLINE_LINES)];
        let tail = &text[text.len().saturating_sub(BYLINE_LINES)..];
        let after_body = text.last().and_then(|last| {
            let from = body_line.unwrap_or(0).min(page_lines.len());
            page_lines[from..].iter().position(|line| line == last).map(|at| from + at + 1)
        });
        let after_body = after_body.map_or(&page_lines[..0], |at| &page_lines[at..page_lines.len().min(at + 2)]);
        document.author = before_body
            .iter()
            .chain(head)
            .chain(tail)
            .chain(after_body)
            .find_map(|line| metadata::reporters_in(line))
            .or_else(|| window.iter().find_map(|line| metadata::poster_in(line)));
    }

    // Dates: info table, then <meta>, then the labelled line near the title, then any date near
    // the title, then the URL, then the last-update <meta>, then any labelled date after the title.
    let labelled_date = document.published.take();
    document.published = gov_info
        .published
        .as_deref()
        .and_then(dates::parse_date)
        .or_else(|| metadata::meta_content(&dom, DATE_META_NAMES).and_then(|value| dates::parse_date(&value)))
        .or_else(|| dates::date_from_cms_comment(html))
        .or(labelled_date)
        .or_else(|| window.iter().filter(|line| line.chars().count() <= 80).find_map(|line| dates::parse_date(line)))
        .or_else(|| byline_date_in_text(&page_lines, body_line))
        .or_else(|| url.and_then(|url| dates::date_from_url(url.as_str())))
        .or_else(|| metadata::meta_content(&dom, MODIFIED_META_NAMES).and_then(|value| dates::parse_date(&value)))
        .or_else(|| first_labelled_date(after_title));
    document.written = gov_info.written.as_deref().and_then(dates::parse_date);

    // Body.
    let mut flags = Vec::new();
    let body_lines = clean_body(&selection.lines, &title_compact, &mut flags);
    let prose_chars: usize = body_lines.iter().map(|line| line.chars().count()).sum();
    let is_list_page = selection.reads_as_list()
        || (selection.page.links >= main_text::MIN_LIST_LINKS && prose_chars < main_text::MIN_ARTICLE_CHARS as usize);
    if is_list_page && gov_info.title.is_none() {
        return Err(ExtractError::NotAnArticle { links: selection.page.links, prose_chars: prose_chars as u32 });
    }
    if body_lines.is_empty() && title.is_empty() {
        return Err(ExtractError::Empty);
    }
    document.body = body_lines.join("\n");

    // 文号 and issuer.
    document.doc_number = gov_info
        .doc_number
        .as_deref()
        .and_then(corpus::doc_number::tidy_doc_number)
        .or_else(|| body_lines.iter().take(8).find_map(|line| corpus::doc_number::standalone_doc_number(line)));
    document.issuer = gov_info
        .issuer
        .clone()
        .or_else(|| document.doc_number.as_ref().and_then(|_| issuer_from_title(&document.title)));

    // Kind, script, identity.
    let host = url.and_then(Url::host_str).unwrap_or("");
    document.kind = kind::classify(&kind::KindInput {
        title: &document.title,
        has_doc_number: document.doc_number.is_some(),
        on_government_site: kind::is_government_host(host) || gov_info.index_number.is_some(),
        has_news_metadata: document.published.is_some() || document.source.is_some(),
    });
    let sample: String = document.title.chars().chain(document.body.chars().take(3000)).collect();
    document.script = if script::is_traditional(&sample) { Script::Hant } else { Script::Hans };
    if let Some(url) = url {
        document.url = Some(url.to_string());
        document.id = Document::id_from_url(url.as_str());
    }
    document.flags = flags;
    Ok(document)
}

/// Returns the longest short line (6–80 characters, not a sentence, not a breadcrumb) among
/// the lines just before the article text.
fn title_line_before(page_lines: &[String], body_line: Option<usize>) -> Option<String> {
    let body_at = body_line?;
    let candidates = &page_lines[body_at.saturating_sub(8)..body_at];
    candidates
        .iter()
        .filter(|line| (6..=80).contains(&line.chars().count()))
        .filter(|line| !line.contains(['>', '›', '»', '|', '｜']) && !line.ends_with(['。', '；', '：', ':']))
        .filter(|line| metadata::labelled_fields(line).is_empty() && dates::first_date(line).is_none())
        .max_by_key(|line| line.chars().count())
        .cloned()
}

/// Returns true for a short inline script that writes a date where it stands
/// (`<script>showDate("2020/04/17 01:43:09")</script>` beside the heading): its text is kept
/// among the page lines, so the date counts as the byline's.
fn writes_a_date(dom: &FlatDom<'_>, script: usize) -> bool {
    let node = &dom.nodes[script];
    if node.attr("src").is_some() || node.children.len() != 1 {
        return false;
    }
    let text = dom.nodes[node.children[0]].text().unwrap_or("").trim();
    text.chars().count() <= MAX_DATE_SCRIPT_CHARS && dates::first_date(text).is_some()
}

/// Returns the date of a short byline line (`2003-7-24 钱江晚报`) among the first lines of the
/// text: a line that is mostly a date, so a date inside a sentence is not taken.
fn byline_date_in_text(page_lines: &[String], body_line: Option<usize>) -> Option<String> {
    let body_at = body_line?;
    let lines = page_lines.get(body_at..page_lines.len().min(body_at + 8))?;
    lines.iter().filter(|line| line.chars().count() <= 40).find_map(|line| {
        let date = dates::first_date(line)?;
        let rest_chars = line.chars().count() - line[date.start..date.end].chars().count();
        (rest_chars <= 20).then_some(date.iso)
    })
}

/// Returns the first date with a date label (`发布时间 2005/05/17`) in short lines.
fn first_labelled_date(lines: &[String]) -> Option<String> {
    lines.iter().filter(|line| line.chars().count() <= 150).find_map(|line| {
        metadata::labelled_fields(line)
            .into_iter()
            .filter(|field| field.label == Label::Date)
            .find_map(|field| dates::parse_date(&field.value))
    })
}

/// Returns the issuing body named at the start of a policy title (`国务院办公厅关于…`).
fn issuer_from_title(title: &str) -> Option<String> {
    let (prefix, _) = title.split_once("关于")?;
    let prefix = prefix.trim();
    let institution_suffixes =
        ["院", "厅", "部", "委", "局", "会", "府", "办", "室", "署", "行", "中心", "办公室", "委员会"];
    let count = prefix.chars().count();
    ((2..=40).contains(&count) && institution_suffixes.iter().any(|suffix| prefix.ends_with(suffix)))
        .then(|| prefix.to_string())
}

/// Returns true for a short line that only carries metadata (date, source, author, share…).
fn is_metadata_line(line: &str) -> bool {
    if line.chars().count() > 100 {
        return false;
    }
    let fields = metadata::labelled_fields(line);
    if fields.is_empty() {
        // A bare date line: `2021-04-30 10:00`.
        return dates::first_date(line).is_some_and(|date| line.len() - (date.end - date.start) <= 12);
    }
    fields.iter().all(|field| field.label != Label::Tags || field.value.chars().count() < 60)
}

/// Cleans the selected lines: pinyin, garbled runs, the page header (heading and byline),
/// metadata and boilerplate lines at the end.
fn clean_body(lines: &[String], title_compact: &str, flags: &mut Vec<String>) -> Vec<String> {
    let mut cleaned: Vec<String> = Vec::with_capacity(lines.len());
    let mut garbled = false;
    for line in lines {
        let without_pinyin = cleanup::remove_pinyin(line);
        let (text, line_garbled) = cleanup::cut_garbled(&without_pinyin);
        garbled |= line_garbled;
        if !text.is_empty() {
            cleaned.push(text);
        }
    }
    if garbled {
        flags.push("garbled".to_string());
    }
    let is_boilerplate =
        |line: &str| line.chars().count() <= 80 && (BOILERPLATE_LINE.is_match(line) || is_metadata_line(line));
    // A heading followed by a byline (`发布时间：… 来源：…`) is the page header: drop both. A
    // heading followed by text (a 文号, the addressees) is part of the document: keep it.
    let is_title = |line: &str| {
        let line_compact = compact(line);
        !title_compact.is_empty()
            && !line_compact.is_empty()
            && (line_compact == title_compact
                || (title_compact.contains(&line_compact) && line_compact.chars().count() >= 6))
    };
    let mut start = 0;
    let mut position = 0;
    while position < cleaned.len() && position < 6 {
        if is_boilerplate(&cleaned[position]) {
            position += 1;
            start = position;
        } else if is_title(&cleaned[position]) {
            position += 1;
        } else {
            break;
        }
    }
    let mut end = cleaned.len();
    // A "related articles" heading, a pager or an editor line ends the article once most of
    // the text has been read: what follows is another page's headlines.
    let total_chars: usize = cleaned[start..].iter().map(|line| line.chars().count()).sum();
    let mut chars_before = 0;
    for (position, line) in cleaned.iter().enumerate().skip(start) {
        if position > start && chars_before * 10 >= total_chars * 6 && END_MARKER_LINE.is_match(line) {
            end = position;
            break;
        }
        chars_before += line.chars().count();
    }
    // A bare date closing the text is the document's signing date: keep it.
    let is_trailing_boilerplate = |line: &str| {
        line.chars().count() <= 80 && (BOILERPLATE_LINE.is_match(line) || !metadata::labelled_fields(line).is_empty())
    };
    while end > start && is_trailing_boilerplate(&cleaned[end - 1]) {
        end -= 1;
    }
    cleaned.drain(..start);
    cleaned.truncate(end - start);
    cleaned
}

/// Removes all whitespace (for comparing titles and lines).
fn compact(text: &str) -> String {
    text.chars().filter(|character| !character.is_whitespace()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issuer_comes_from_a_policy_title() {
        assert_eq!(issuer_from_title("国务院办公厅关于推进养老服务发展的意见").as_deref(), Some("国务院办公厅"));
        assert_eq!(issuer_from_title("关于推进养老服务发展的意见"), None);
    }

    #[test]
    fn body_is_trimmed_of_metadata_and_boilerplate() {
        let lines: Vec<String> = [
            "养老新政出台",
            "发布时间：2021-04-30 来源：民政部",
            "正文第一段，内容。",
            "正文第二段。",
            "责任编辑：王五",
            "【打印】【关闭】",
        ]
        .iter()
        .map(|line| line.to_string())
        .collect();
        let mut flags = Vec::new();
        assert_eq!(clean_body(&lines, "养老新政出台", &mut flags), ["正文第一段，内容。", "正文第二段。"]);
        let policy: Vec<String> =
            ["养老新政出台", "民发〔2021〕1号", "各省民政厅："].iter().map(|line| line.to_string()).collect();
        assert_eq!(clean_body(&policy, "养老新政出台", &mut flags), policy);
        assert!(flags.is_empty());
    }

    const PROSE: &str = "<p>社区食堂终于开张了，门口排着不少老人，大家都说饭菜便宜又可口。七十岁以上的老人还能再打八折，真是办到了大家心坎上。</p>";

    #[test]
    fn a_date_written_by_a_script_beside_the_heading_is_the_date() {
        let page = format!(
            r#"<title>社区食堂开张了</title><h1>社区食堂开张了</h1><div><script>showDate("2020/04/17 01:43:09")</script> 浏览 7</div>{PROSE}<script>var stamp = "2001-01-01";</script>"#
        );
        let document = extract(&page, None).expect("an article");
        assert_eq!(document.published.as_deref(), Some("2020-04-17T01:43:09"));
    }

    #[test]
    fn the_last_update_beats_a_cited_date() {
        let page = format!(
            r#"<head><title>蔡某某_百科</title><meta itemprop="dateModified" content="2020-02-14 10:47:36"></head><h1>蔡某某</h1>{}<ul class="refs"><li>金曲奖入围名单 [引用日期2014-05-19]</li></ul>"#,
            PROSE.repeat(10)
        );
        let document = extract(&page, None).expect("an article");
        assert_eq!(document.published.as_deref(), Some("2020-02-14T10:47:36"));
    }

    #[test]
    fn empty_input_is_an_error() {
        assert_eq!(extract("", None), Err(ExtractError::Empty));
    }
}
