//! Where a candidate's topic stands relative to places: whether it ties a keyword query's topic to
//! the place the query names ([`ties_topic_to_place`]), and which province it stands for when a
//! topic is asked for across places ([`topic_province`]).
//!
//! A document's primary region is its own when its publisher or headline gives it, or when it is
//! one story that names no other province. A compilation of separate items (a news roundup: 国内联播
//! 快讯) is read item by item instead, so that 北京 in an item on its port does not make the
//! national item on 医养结合 in the same roundup Beijing's.
//!
//! Every function reads `normalized`: the document's title and body as the analysis chain
//! normalizes them, joined by `\n`, so that its lines after the first are the body's paragraphs
//! (whose region tags are [`corpus::Regions::paragraphs`]).

use std::collections::HashMap;
use std::ops::Range;

use corpus::Document;

use super::rerank::{is_about_place, lies_within};

/// Item headings that make a text a compilation of separate items.
pub const COMPILATION_MIN_ITEMS: usize = 3;
/// Longest line read as an item heading, in characters.
const HEADING_MAX_CHARS: usize = 40;
/// Shortest line read as an item heading, in characters.
const HEADING_MIN_CHARS: usize = 6;

/// True when the document ties the topic (any word of `topics`) to one of `places` (facet paths):
/// the document is the place's own (see the module docs), or one of its units holding a topic
/// word (a paragraph; a roundup's item) is about the place: a paragraph's region tag lies there,
/// or the unit names a place that does.
pub fn ties_topic_to_place(
    document: &Document,
    normalized: &str,
    places: &[String],
    topics: &[(Vec<String>, f32)],
) -> bool {
    let in_places = |path: &str| places.iter().any(|place| lies_within(path, place));
    let layout = Layout::of(normalized);
    if is_about_place(document, places) && owns_primary_region(document, &layout) {
        return true;
    }
    let regions = paragraph_regions(document);
    layout.units_holding(topics).any(|unit| {
        unit.clone().any(|index| regions.get(&index).is_some_and(|region| in_places(&region.facet_path())))
            || corpus::regions::tag_text(&layout.text_of(unit))
                .mentions
                .iter()
                .any(|mention| in_places(&mention.region.facet_path()))
    })
}

/// The province a candidate stands for when a topic is asked for across places: its primary
/// region's, when that region is its own (see the module docs); else the province of the units
/// holding a topic word, when their paragraphs' region tags agree on one (a roundup's item on
/// 浙江); else none (a national document, or a roundup whose topic item names no province).
pub fn topic_province(document: &Document, normalized: &str, topics: &[(Vec<String>, f32)]) -> Option<String> {
    let layout = Layout::of(normalized);
    let primary = document.regions.as_ref().and_then(|regions| regions.primary.as_ref());
    if let Some(primary) = primary
        && (topics.is_empty() || owns_primary_region(document, &layout))
    {
        return Some(primary.province.clone());
    }
    let regions = paragraph_regions(document);
    let mut provinces = layout
        .units_holding(topics)
        .flat_map(|unit| unit.filter_map(|index| regions.get(&index)))
        .map(|region| region.province.as_str());
    let first = provinces.next()?;
    provinces.all(|province| province == first).then(|| first.to_string())
}

/// A normalized text cut into its headline and paragraphs, and the units read one by one: a
/// compilation's items (a heading and the paragraphs under it), else single paragraphs.
struct Layout<'a> {
    headline: &'a str,
    paragraphs: Vec<&'a str>,
    /// Ranges of paragraph indices.
    units: Vec<Range<usize>>,
    is_compilation: bool,
}

impl<'a> Layout<'a> {
    fn of(normalized: &'a str) -> Layout<'a> {
        let mut lines = normalized.split('\n');
        let headline = lines.next().unwrap_or_default();
        let paragraphs: Vec<&str> = lines.collect();
        let headings: Vec<usize> = (0..paragraphs.len())
            .filter(|&index| is_item_heading(paragraphs[index], paragraphs.get(index + 1).copied()))
            .collect();
        let is_compilation = headings.len() >= COMPILATION_MIN_ITEMS;
        let units = if is_compilation {
            let mut starts = headings;
            if starts.first() != Some(&0) {
                starts.insert(0, 0);
            }
            let ends = starts.iter().skip(1).copied().chain([paragraphs.len()]);
            starts.iter().copied().zip(ends).map(|(start, end)| start..end).collect()
        } else {
            (0..paragraphs.len()).map(|index| index..index + 1).collect()
        };
        Layout { headline, paragraphs, units, is_compilation }
    }

    fn units_holding<'b>(&'b self, topics: &'b [(Vec<String>, f32)]) -> impl Iterator<Item = Range<usize>> + 'b {
        self.units
            .iter()
            .filter(|unit| self.paragraphs[(*unit).clone()].iter().any(|p| holds_topic(p, topics)))
            .cloned()
    }

    fn text_of(&self, unit: Range<usize>) -> String {
        self.paragraphs[unit].join("\n")
    }
}

/// A line heading an item of a compilation: short, ending without sentence punctuation, not a
/// numbered section heading (第一章, 一、, (一), 1.), and followed by a longer paragraph of sentences.
fn is_item_heading(line: &str, next: Option<&str>) -> bool {
    let line = line.trim();
    let chars = line.chars().count();
    if !(HEADING_MIN_CHARS..=HEADING_MAX_CHARS).contains(&chars) || is_numbered(line) {
        return false;
    }
    let ends_sentence = line.ends_with(['。', '!', '?', ';', ':', ',', '、', '.', '！', '？', '；', '：', '，']);
    let is_text = |next: &str| {
        let next = next.trim();
        next.chars().count() > chars && next.ends_with(['。', '!', '?', '！', '？', '”'])
    };
    !ends_sentence && next.is_some_and(is_text)
}

/// True for a numbered heading: 第一章, 一、, (一), 1. or 1、.
fn is_numbered(line: &str) -> bool {
    let mut chars = line.chars();
    let first = chars.next();
    let second = chars.next();
    match first {
        Some('第' | '(' | '（') => true,
        Some(digit) if digit.is_ascii_digit() || "一二三四五六七八九十".contains(digit) => {
            matches!(second, Some('、' | '.' | '．')) || line.chars().take(4).any(|ch| ch == '、')
        }
        _ => false,
    }
}

/// True when the document's primary region is its own: given by its publisher or named in its
/// headline, or, for one story (not a compilation), when no paragraph is about another province.
fn owns_primary_region(document: &Document, layout: &Layout<'_>) -> bool {
    let Some(regions) = document.regions.as_ref() else {
        return false;
    };
    let Some(primary) = regions.primary.as_ref() else {
        return false;
    };
    let province = format!("/{}", primary.province);
    let headline_names_it = || {
        corpus::regions::tag_text(layout.headline)
            .mentions
            .iter()
            .any(|mention| lies_within(&mention.region.facet_path(), &province))
    };
    document.has_publisher() || (!layout.is_compilation && !regions.is_overview()) || headline_names_it()
}

/// The region tag of each body paragraph that has one, by paragraph index.
fn paragraph_regions(document: &Document) -> HashMap<usize, &corpus::Region> {
    document
        .regions
        .iter()
        .flat_map(|regions| &regions.paragraphs)
        .filter_map(|paragraph| Some((paragraph.index, paragraph.region.as_ref()?)))
        .collect()
}

fn holds_topic(text: &str, topics: &[(Vec<String>, f32)]) -> bool {
    topics.iter().flat_map(|(words, _)| words).any(|word| text.contains(word.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::normalize;

    /// A roundup: three items under headings, Beijing named in one, the topic in a national one.
    const ROUNDUP: &str = "央视网消息\n(新闻联播):\n我国医养结合服务供给进一步扩大 床位总数达200万张\n\
        记者今天从国家卫生健康委获悉，全国具备相关资质的医养结合机构有7800多家，床位总数达到200万张。\n\
        今年以来北京口岸出入境人员突破600万人次\n\
        记者从北京边检总站获悉，北京口岸今年以来出入境人员量突破600万人次，日均旅客量达4.4万人次。\n\
        深中通道全线沥青路面今日完工\n\
        今天，深中通道项目全线沥青路面完成铺设，即将进入机电及通信设备的联调联试等工程施工阶段。";

    fn tagged(title: &str, body: &str, source: Option<&str>) -> Document {
        let mut document = Document {
            title: title.into(),
            body: body.into(),
            source: source.map(str::to_string),
            ..Document::default()
        };
        document.regions = Some(corpus::regions::tag_document(&document));
        document
    }

    /// The document's title and body as the re-ranking reads them.
    fn text_of(document: &Document) -> String {
        normalize(&format!("{}\n{}", document.title, document.body)).into_owned()
    }

    fn topic(word: &str) -> [(Vec<String>, f32); 1] {
        [(vec![word.to_string()], 1.0)]
    }

    #[test]
    fn a_roundup_is_told_from_a_story_and_a_law() {
        assert!(Layout::of(&format!("国内联播快讯\n{ROUNDUP}")).is_compilation);
        let story = "南京新建社区食堂\n南京市鼓楼区民政局介绍，新建社区食堂20家。\n老年助餐服务覆盖全区，惠及老人。";
        assert!(!Layout::of(story).is_compilation);
        let law = "养老服务条例\n第一章 总则\n第一条 为了规范养老服务，制定本条例。\n第二章 服务\n\
                   第二条 县级以上人民政府应当发展养老服务。\n第三章 保障\n第三条 本条例自公布之日起施行。";
        assert!(!Layout::of(law).is_compilation, "numbered headings are sections, not items");
    }

    #[test]
    fn a_topic_is_tied_to_the_place_by_headline_publisher_story_or_item() {
        let ties = |document: &Document| {
            ties_topic_to_place(document, &text_of(document), &["/北京市".to_string()], &topic("医养结合"))
        };
        let roundup = tagged("国内联播快讯", ROUNDUP, None);
        let primary = roundup.regions.as_ref().and_then(|regions| regions.primary.as_ref());
        assert_eq!(primary.map(|region| region.name.as_str()), Some("北京市"), "help: from the roundup's Beijing item");
        assert!(!ties(&roundup), "the topic stands in a national item, the place in another");
        assert!(ties(&tagged("北京推进医养结合", "今年新增机构20家。", None)), "the headline names the place");
        assert!(ties(&tagged("通知", "推进医养结合。", Some("北京市卫生健康委员会"))), "the publisher is the place's");
        assert!(ties(&tagged("试点启动", "北京、上海等地开展医养结合试点。", None)), "a paragraph ties them");
        assert!(ties(&tagged("试点启动", "海淀区开展医养结合试点。", None)), "a place within the named one");
        let story = tagged("新建机构投用", "北京市朝阳区民政局介绍，新建机构20家。\n医养结合服务覆盖全区。", None);
        assert!(ties(&story), "a story about one place is that place's");
    }

    #[test]
    fn a_candidate_stands_for_the_province_of_its_topic() {
        let province = |document: &Document, word: &str| topic_province(document, &text_of(document), &topic(word));
        let roundup = tagged("国内联播快讯", ROUNDUP, None);
        assert_eq!(province(&roundup, "医养结合"), None, "a national item stands for no province");
        assert_eq!(province(&roundup, "出入境").as_deref(), Some("北京市"), "the item holding the topic decides");
        let published = tagged("通知", "推进老年助餐服务。", Some("江苏省民政厅"));
        assert_eq!(province(&published, "老年助餐").as_deref(), Some("江苏省"), "a publisher makes it its own");
        let story = tagged("助餐点开张", "南京市鼓楼区民政局介绍，南京新建社区食堂。\n老年助餐服务覆盖全区。", None);
        assert_eq!(province(&story, "老年助餐").as_deref(), Some("江苏省"), "a story about one place is that place's");
    }
}
