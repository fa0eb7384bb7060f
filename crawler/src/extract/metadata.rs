//! Page metadata in loose text and `<meta>` tags: title, dates, source, author, editor,
//! original URL and tags.
//!
//! Chinese pages state their metadata in short labelled lines near the heading:
//! `发布时间：2021/04/30 来源：民政部`, `時間:2022-10-01 13:56 來源: 作者:小通`, `责任编辑：王五`,
//! `本文出處：http://…`, `本文標籤：养老 社区`. [`labelled_fields`] splits such a line into
//! label/value pairs (a value runs up to the next label), so one empty label does not swallow the
//! next one.

use std::sync::LazyLock;

use regex::Regex;

use super::dom::FlatDom;

/// What a label names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Label {
    /// 发布时间 / 时间 / 日期.
    Date,
    /// 来源.
    Source,
    /// 作者 / 记者.
    Author,
    /// 责任编辑 / 编辑.
    Editor,
    /// 本文出处 / 原文链接 / 转载自.
    OriginalUrl,
    /// 本文标签 / 关键词.
    Tags,
    /// Labels that only end a value (浏览次数, 字号, 点击…).
    Other,
}

static LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)
        (?P<date>发布时间|發布時間|發佈時間|发布日期|發布日期|发表时间|發表時間|发表日期|更新时间|更新時間|上传时间|发稿时间|时间|時間|日期|发布于|发表于)
        |(?P<source>信息来源|文章来源|新闻来源|消息来源|来源|來源|稿源|出处|出處)
        |(?P<author>作者|作\x20者|記者|记者|撰稿人|撰稿|撰文|通讯员|通訊員)
        |(?P<editor>责任编辑|責任編輯|责编|責編|编辑|編輯)
        |(?P<original>本文出处|本文出處|原文链接|原文鏈接|原文地址|原文網址|原文网址|转载自|轉載自|原文出处|文章出处)
        |(?P<tags>本文标签|本文標籤|标签|標籤|关键词|關鍵詞|关键字|關鍵字|主题词|主題詞)
        |(?P<other>(?:\d+\x20?)?人?(?:浏览次数|浏览量|瀏覽次數|阅读数|阅读量|閱讀數|點擊數|点击数|点击量|浏览|瀏覽|阅读|閱讀)|字号|字體|字体|打印|分享到|分享|審核|审核|校对|校對)
        ",
    )
    .expect("the label pattern is valid")
});

static URL_IN_TEXT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"https?://[^\s　，。；、“”]+").expect("the URL pattern is valid"));

/// One `label: value` pair found in a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LabelledField {
    /// What the label names.
    pub label: Label,
    /// The value, trimmed (may be empty).
    pub value: String,
}

/// Splits a short line into labelled fields; a label needs a colon after it, except a date
/// label followed directly by a date.
pub fn labelled_fields(line: &str) -> Vec<LabelledField> {
    let mut labels: Vec<(Label, usize, usize)> = Vec::new();
    for captures in LABEL.captures_iter(line) {
        let whole = captures.get(0).expect("group 0 always matches");
        let label = if captures.name("date").is_some() {
            Label::Date
        } else if captures.name("source").is_some() {
            Label::Source
        } else if captures.name("author").is_some() {
            Label::Author
        } else if captures.name("editor").is_some() {
            Label::Editor
        } else if captures.name("original").is_some() {
            Label::OriginalUrl
        } else if captures.name("tags").is_some() {
            Label::Tags
        } else {
            Label::Other
        };
        let rest = &line[whole.end()..];
        let trimmed = rest.trim_start_matches([' ', '\u{3000}', '\u{a0}', '】', ']', '）', ')']);
        let colon_end = if let Some(after) = trimmed.strip_prefix(['：', ':']) {
            Some(line.len() - after.len())
        } else if label == Label::Date && trimmed.starts_with(|character: char| character.is_ascii_digit()) {
            Some(line.len() - trimmed.len())
        } else if matches!(label, Label::Other | Label::Author | Label::Editor | Label::Source)
            && (trimmed.is_empty() || trimmed.starts_with(['|', '｜', ' ']))
        {
            Some(whole.end())
        } else {
            None
        };
        if let Some(value_start) = colon_end {
            // A label starting inside the previous value's label (e.g. 编辑 in 责任编辑) is skipped
            // by the regex's leftmost-longest order already.
            labels.push((label, whole.start(), value_start));
        }
    }
    let mut fields = Vec::new();
    for (position, &(label, _, value_start)) in labels.iter().enumerate() {
        let value_end = labels.get(position + 1).map_or(line.len(), |&(_, next_start, _)| next_start);
        let value_end = value_end.max(value_start);
        let value = line[value_start..value_end].trim_matches(|character: char| {
            character.is_whitespace() || matches!(character, '|' | '｜' | '【' | '[' | '（' | '(' | '/' | '　')
        });
        fields.push(LabelledField { label, value: value.to_string() });
    }
    fields
}

/// Cleans a person or publisher value: first segment, no enclosing brackets or trailing
/// punctuation, no affiliation after a colon, at most 30 chars; markup leaking from a broken page
/// (`size="20"`) is no name.
pub fn clean_name(value: &str) -> Option<String> {
    // Icon-font glyphs (private use area) stand beside bylines on some portals.
    let value: String = value.chars().filter(|character| !('\u{E000}'..='\u{F8FF}').contains(character)).collect();
    let value = value.trim_matches(|character: char| character.is_whitespace() || "[]【】〔〕".contains(character));
    if value.contains(['=', '"', '<', '>']) {
        return None;
    }
    // `赵 培：北京物资学院，北京`: the affiliation after the colon is not the name.
    let value = value.split(['：', ':']).next().unwrap_or("");
    let first = value.split(['|', '｜', '\u{3000}']).next().unwrap_or("").trim();
    let first = first.split("  ").next().unwrap_or("").trim();
    let first = first.trim_end_matches(['，', '。', ',', '.', '；', ';', ')', '）', '】', ']']);
    let first = first.trim_start_matches(['（', '(', '【', '[']);
    // `上海证券报·中国证券网(上海)`: drop the parenthesized place.
    let first = match first.find(['(', '（']) {
        Some(open) if open > 0 => first[..open].trim(),
        _ => first,
    };
    // `涅阳城2020年01月12日18:32`: a date glued to the name ends it.
    let first = match super::dates::first_date(first) {
        Some(date) => first[..date.start].trim(),
        None => first,
    };
    if first.is_empty() || first.chars().count() > 30 || first.starts_with("http") {
        return None;
    }
    // `赵 培`: a two-character name spaced out to the width of three.
    let characters: Vec<char> = first.chars().filter(|character| !character.is_whitespace()).collect();
    if characters.len() == 2 && characters.iter().all(|character| super::cleanup::is_cjk(*character)) {
        return Some(characters.into_iter().collect());
    }
    Some(first.to_string())
}

static PARENTHESIZED_REPORTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[（(][^（()）]{0,12}?记者[\s：:]*([\p{Han}·]{2,4}(?:[\s、，,]+[\p{Han}·]{2,4}){0,4})\s*[)）]")
        .expect("the reporter pattern is valid")
});

static REPORTER_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:□\s*)?[^\s。，；]{0,12}?(?:记者|實習生|实习生|通讯员)[\s：:]*([\p{Han}·]{2,4}(?:[\s、，,]+[\p{Han}·]{2,4}){0,4})\s*(?:/\s*[文摄图])?$",
    )
    .expect("the reporter line pattern is valid")
});

static POSTED_BY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?:^|\s)([\p{Han}\w·.-]{2,20})\s*(?:发表于|發表於)\s*[:：]?\s*(?:19|20)\d{2}[-/.年]\d{1,2}[-/.月]\d{1,2}日?\s*\d{1,2}:\d{2}",
    )
        .expect("the posted-by pattern is valid")
});

/// Returns the poster of a forum or blog post: a handle before 发表于 and a time stamp
/// (`ggjjzhzz 发表于 2005-9-15 11:46:00`); `本文发表于2020年` names no one.
pub fn poster_in(line: &str) -> Option<String> {
    POSTED_BY.captures(line).map(|captures| captures[1].to_string())
}

/// Returns the reporters a byline names: `（记者 格桑边觉）` anywhere in a line, or a short line
/// that is only a byline (`本报记者 葛灵丹`, `记者 王建宏 张文攀`, `河南商报记者马俊峰/文`).
/// Several names are joined with a space.
pub fn reporters_in(line: &str) -> Option<String> {
    let line = line.trim();
    let names = PARENTHESIZED_REPORTER
        .captures(line)
        .or_else(|| (line.chars().count() <= 40).then(|| REPORTER_LINE.captures(line)).flatten())?;
    let names: Vec<&str> = names[1].split([' ', '\u{3000}', '、', '，', ',']).filter(|name| !name.is_empty()).collect();
    (!names.is_empty() && names.iter().all(|name| looks_like_person(name))).then(|| names.join(" "))
}

/// Returns true for a short name that is not an organisation (`张三`, not `新京报` or `新浪财经`).
pub fn looks_like_person(name: &str) -> bool {
    let name = name.trim();
    let length = name.chars().count();
    let organisation_endings = ["网", "报", "社", "台", "闻", "经", "刊", "号", "站", "部", "局", "会", "中心", "频道"];
    (2..=4).contains(&length)
        && name.chars().all(|character| super::cleanup::is_cjk(character) || character == '·')
        && !organisation_endings.iter().any(|ending| name.ends_with(ending))
}

/// Returns the URL in an original-URL value.
pub fn url_in(value: &str) -> Option<String> {
    URL_IN_TEXT.find(value).map(|found| found.as_str().trim_end_matches(['"', '\'', '>', ')', '）']).to_string())
}

/// Splits a tag list: `养老,社区；服务 医疗`.
pub fn split_tags(value: &str) -> Vec<String> {
    let mut tags = Vec::new();
    for tag in value.split(|character: char| {
        character.is_whitespace() || matches!(character, ',' | '，' | '、' | ';' | '；' | '|' | '｜' | '/')
    }) {
        let tag = tag.trim();
        if !tag.is_empty() && tag.chars().count() <= 20 && !tags.iter().any(|known: &String| known == tag) {
            tags.push(tag.to_string());
        }
        if tags.len() >= 20 {
            break;
        }
    }
    tags
}

/// Returns the `content` of the first `<meta>` whose name/property/itemprop is one of `names`.
pub fn meta_content(dom: &FlatDom<'_>, names: &[&str]) -> Option<String> {
    for wanted in names {
        for node in &dom.nodes {
            if node.tag != "meta" {
                continue;
            }
            let key = node.attr("name").or_else(|| node.attr("property")).or_else(|| node.attr("itemprop"));
            if key.is_some_and(|key| key.eq_ignore_ascii_case(wanted)) {
                let content = node.attr("content").unwrap_or("").trim();
                if !content.is_empty() {
                    return Some(content.to_string());
                }
            }
        }
    }
    None
}

/// Returns the `href` of a link labelled as the original (本文出处：<a href=…>).
pub fn original_url_from_links(dom: &FlatDom<'_>) -> Option<String> {
    for (index, node) in dom.nodes.iter().enumerate() {
        if node.tag != "a" {
            continue;
        }
        let Some(href) = node.attr("href").filter(|href| href.starts_with("http")) else {
            continue;
        };
        let mut before = String::new();
        if let Some(parent) = node.parent {
            // Only the few siblings just before the link can hold its label.
            let siblings = &dom.nodes[parent].children;
            let position = siblings.iter().position(|&sibling| sibling == index).unwrap_or(0);
            for &sibling in &siblings[position.saturating_sub(3)..position] {
                for descendant in dom.subtree(sibling) {
                    if let Some(text) = dom.nodes[descendant].text() {
                        before.push_str(text);
                    }
                }
            }
        }
        let mut own_text = String::new();
        for descendant in dom.subtree(index) {
            if let Some(text) = dom.nodes[descendant].text() {
                own_text.push_str(text);
            }
        }
        let tail: String = before.trim_end().chars().rev().take(12).collect::<Vec<char>>().into_iter().rev().collect();
        let labelled = |text: &str| {
            labelled_fields(text)
                .last()
                .is_some_and(|field| field.label == Label::OriginalUrl && field.value.is_empty())
        };
        if labelled(&tail) || labelled(&format!("{}：", own_text.trim())) {
            return Some(href.to_string());
        }
    }
    None
}

/// Returns the texts of the links after a tag label (`标签：<a>养老</a><a>社区</a>`), where the
/// line text would run the tags together.
pub fn tags_from_links(dom: &FlatDom<'_>) -> Vec<String> {
    for (index, node) in dom.nodes.iter().enumerate() {
        let Some(text) = node.text() else { continue };
        if text.chars().count() > 20 {
            continue;
        }
        let labelled = labelled_fields(text.trim())
            .last()
            .is_some_and(|field| field.label == Label::Tags && field.value.is_empty());
        let Some(parent) = node.parent.filter(|_| labelled) else { continue };
        // The label may sit in its own `<span>`: then the links are the parent's later siblings.
        let has_links_after =
            |container: usize| ((index + 1)..dom.subtree_end(container)).any(|link| dom.nodes[link].tag == "a");
        let container = match dom.nodes[parent].parent {
            Some(grandparent) if !has_links_after(parent) && dom.subtree_end(grandparent) - grandparent < 200 => {
                grandparent
            }
            _ => parent,
        };
        let mut tags = Vec::new();
        for link in (index + 1)..dom.subtree_end(container) {
            if dom.nodes[link].tag != "a" {
                continue;
            }
            let link_text: String = dom.subtree(link).filter_map(|descendant| dom.nodes[descendant].text()).collect();
            let link_text = super::cleanup::normalize_whitespace(&link_text);
            if !link_text.is_empty() && link_text.chars().count() <= 20 && !tags.contains(&link_text) {
                tags.push(link_text);
            }
        }
        if !tags.is_empty() {
            tags.truncate(20);
            return tags;
        }
    }
    Vec::new()
}

/// Strips a site suffix from a `<title>`: `标题_中国政府网`, `标题 - 新华网`, `标题|新浪新闻`.
pub fn strip_site_suffix(title: &str) -> String {
    let separators = ['_', '|', '｜', '-', '—', '–'];
    let mut best = title.trim();
    for separator in separators {
        let spaced = format!(" {separator} ");
        let segment = if title.contains(&spaced) { title.split(&spaced).next() } else { title.split(separator).next() };
        if let Some(segment) = segment.map(str::trim)
            && segment.chars().count() >= 4
            && segment.len() < best.len()
        {
            best = segment;
        }
    }
    best.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(label: Label, value: &str) -> LabelledField {
        LabelledField { label, value: value.to_string() }
    }

    #[test]
    fn empty_values_do_not_swallow_the_next_label() {
        assert_eq!(
            labelled_fields("時間:2022-10-01 13:56 來源: 作者:小通"),
            [field(Label::Date, "2022-10-01 13:56"), field(Label::Source, ""), field(Label::Author, "小通")]
        );
    }

    #[test]
    fn seed_style_lines() {
        assert_eq!(labelled_fields("发布时间:2021/04/30"), [field(Label::Date, "2021/04/30")]);
        assert_eq!(
            labelled_fields("发布日期：2023-05-06　来源：民政部　浏览次数：123"),
            [field(Label::Date, "2023-05-06"), field(Label::Source, "民政部"), field(Label::Other, "123")]
        );
        assert_eq!(labelled_fields("责任编辑：王五"), [field(Label::Editor, "王五")]);
        assert_eq!(
            labelled_fields("本文出處：http://www.example.com/a.html"),
            [field(Label::OriginalUrl, "http://www.example.com/a.html")]
        );
    }

    #[test]
    fn view_counters_end_a_value() {
        assert_eq!(
            labelled_fields("時間:2022-10-01 13:56 來源: 作者:小通 人瀏覽"),
            [
                field(Label::Date, "2022-10-01 13:56"),
                field(Label::Source, ""),
                field(Label::Author, "小通"),
                field(Label::Other, "")
            ]
        );
    }

    #[test]
    fn prose_is_not_labelled() {
        assert!(labelled_fields("这段时间以来，各地来源广泛的资金").is_empty());
    }

    #[test]
    fn names_and_tags_are_cleaned() {
        assert_eq!(clean_name("新华网  2021").as_deref(), Some("新华网"));
        assert_eq!(clean_name("上海证券报·中国证券网(上海)").as_deref(), Some("上海证券报·中国证券网"));
        assert_eq!(split_tags("养老，社区 服务、养老"), ["养老", "社区", "服务"]);
    }

    #[test]
    fn tags_are_read_from_links() {
        let html = scraper::Html::parse_document("<div>本文标签：<a href=1>养老</a><a href=2>社区</a></div>");
        assert_eq!(tags_from_links(&FlatDom::new(&html)), ["养老", "社区"]);
    }

    #[test]
    fn reporter_bylines() {
        assert_eq!(reporters_in("据新华社拉萨电（记者 格桑边觉）记者近日从西藏获悉").as_deref(), Some("格桑边觉"));
        assert_eq!(reporters_in("（总台记者 张倩）").as_deref(), Some("张倩"));
        assert_eq!(reporters_in("□ 本报记者 葛灵丹").as_deref(), Some("葛灵丹"));
        assert_eq!(reporters_in("光明日报记者 王建宏 张文攀").as_deref(), Some("王建宏 张文攀"));
        assert_eq!(reporters_in("顶端新闻·河南商报记者马俊峰/文").as_deref(), Some("马俊峰"));
        assert_eq!(reporters_in("记者从省财政厅获悉，结合当前全省疫情防控工作实际，该厅联合相关部门下发通知"), None);
        assert_eq!(reporters_in("本报记者走访了多个社区"), None);
    }

    #[test]
    fn forum_posters() {
        assert_eq!(poster_in("陈天华《警世钟》 ggjjzhzz 发表于 2005-9-15 11:46:00").as_deref(), Some("ggjjzhzz"));
        assert_eq!(poster_in("张三发表于2020年1月2日 08:30").as_deref(), Some("张三"));
        assert_eq!(poster_in("本文发表于2020年1月2日的《人民日报》"), None);
    }

    #[test]
    fn broken_or_bracketed_names_are_cleaned() {
        assert_eq!(clean_name("[ 国际金融报 ]\u{e5c2}").as_deref(), Some("国际金融报"));
        assert_eq!(clean_name(" size=\"20\""), None);
        assert_eq!(clean_name("赵 培：北京物资学院，北京").as_deref(), Some("赵培"));
    }

    #[test]
    fn people_and_organisations() {
        assert!(looks_like_person("张晓明"));
        assert!(!looks_like_person("新京报"));
        assert!(!looks_like_person("sina_mobile"));
    }

    #[test]
    fn site_suffixes_are_stripped() {
        assert_eq!(strip_site_suffix("武汉的声音：有英勇的你_新华网"), "武汉的声音：有英勇的你");
        assert_eq!(strip_site_suffix("养老新政出台 - 中国科普网"), "养老新政出台");
        assert_eq!(strip_site_suffix("短_长长的网站名字"), "短_长长的网站名字");
    }
}
