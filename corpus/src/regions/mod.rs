//! Region tagging: which provinces, prefectures and counties a document is from and about.
//!
//! # Layout
//! - `gazetteer`: the generated table of divisions (`corpus/dict/gazetteer.tsv`), loaded once.
//! - `matcher`: one Aho-Corasick pass finds every full, short and former name, dropping names inside
//!   ordinary words (人力资源县, 示范县) and street names (中山路, 江苏路).
//! - `resolve`: decides what each name refers to (和平区 in 天津 or 沈阳) from the names around it, the
//!   publisher and the site, and picks the primary region and each paragraph's region.
//! - `site`: the province of a government site's host (`mzt.jiangsu.gov.cn` → 江苏省).
//!
//! # Input script
//! The tagger matches **simplified** Chinese only and converts nothing: callers pass simplified text
//! (the indexer's traditional → simplified stage runs first; the CLI converts before tagging).
//! Traditional input is mostly missed (平頂山市, 和平區): convert it first.
//!
//! # Example
//! ```
//! let regions = corpus::regions::tag_text("沈阳市和平区推进居家养老服务");
//! let primary = regions.primary.expect("the text names a region");
//! assert_eq!((primary.name.as_str(), primary.code.as_str()), ("和平区", "210102"));
//! assert_eq!(primary.city.as_deref(), Some("沈阳市"));
//! ```

mod gazetteer;
mod matcher;
mod resolve;
mod site;

use crate::{Document, Region, Regions};

use gazetteer::{GAZETTEER, Level};
use resolve::{Role, Segment};

/// Tags a simplified-Chinese text: its primary region, the regions it names with counts, and the
/// region of each paragraph (the text's `\n`-separated lines) where one dominates.
///
/// With no title or publisher, the first three non-empty paragraphs stand in for the title.
/// `paragraphs` lists the paragraphs that name at least one region; `region` is `None` in those where
/// no single region holds more than half of the names.
pub fn tag_text(text: &str) -> Regions {
    let segments: Vec<Segment<'_>> =
        text.split('\n').enumerate().map(|(index, text)| Segment { text, role: Role::Body(index) }).collect();
    resolve::tag_segments(&segments, None)
}

/// Tags a document from its title, body, publisher (`source` and `issuer`: 阜新市人大常委会 → 阜新市)
/// and the province of its URL's host (`*.tj.gov.cn` → 天津市).
///
/// The primary region is the publisher's (or the site's), narrowed to the title's region when that
/// lies inside it; else the title's; else the region that dominates the text. Paragraph indices are
/// those of [`Document::paragraphs`]. The text must be simplified Chinese (see the module docs).
pub fn tag_document(document: &Document) -> Regions {
    let mut segments = Vec::new();
    if !document.title.trim().is_empty() {
        segments.push(Segment { text: &document.title, role: Role::Title });
    }
    for (index, paragraph) in document.paragraphs().enumerate() {
        segments.push(Segment { text: paragraph, role: Role::Body(index) });
    }
    for publisher in [&document.source, &document.issuer].into_iter().flatten() {
        segments.push(Segment { text: publisher, role: Role::Publisher });
    }
    let site_province =
        document.site().and_then(|host| site::province_code_of_host(&host)).and_then(|code| GAZETTEER.by_code(code));
    resolve::tag_segments(&segments, site_province)
}

/// Returns the divisions a name refers to: a full name (江苏省, 和平区), a short name (江苏, 广西, 苏州)
/// or a former name (襄樊市 → 襄阳市). Provinces come first, then prefectures, then counties, each in
/// code order; an unknown name gives an empty list.
pub fn find_region(name: &str) -> Vec<Region> {
    let Some(entries) = GAZETTEER.names.get(name.trim()) else {
        return Vec::new();
    };
    let mut divisions: Vec<(Level, u32, usize)> =
        entries.iter().map(|&(id, _)| (GAZETTEER.division(id).level, GAZETTEER.division(id).code, id)).collect();
    divisions.sort_unstable();
    divisions.into_iter().map(|(_, _, id)| GAZETTEER.region(id)).collect()
}

/// Returns the current division with this six-digit code (`"320508"` → 姑苏区), if there is one.
pub fn region_by_code(code: &str) -> Option<Region> {
    let code = code.trim();
    if code.len() != 6 {
        return None;
    }
    let code: u32 = code.parse().ok()?;
    GAZETTEER.by_code(code).map(|id| GAZETTEER.region(id))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Returns `province/city/name` of the primary region, for short assertions.
    fn primary(regions: &Regions) -> String {
        regions.primary.as_ref().map_or_else(String::new, |region| region.facet_path())
    }

    #[test]
    fn find_region_by_full_short_and_former_names() {
        let names = |name: &str| find_region(name).into_iter().map(|region| region.code).collect::<Vec<_>>();
        assert_eq!(names("江苏"), ["320000"]);
        assert_eq!(names(" 江苏省 "), ["320000"]);
        assert_eq!(names("广西"), ["450000"]);
        assert_eq!(names("苏州"), ["320500"]);
        assert_eq!(names("和平区"), ["120101", "210102"]);
        assert_eq!(names("襄樊市"), ["420600"], "help: a renamed city maps to its successor");
        assert_eq!(names("平泉县"), ["130881"], "help: a county turned city maps to its successor");
        assert!(names("中山路").is_empty());
    }

    #[test]
    fn region_by_code_accepts_current_codes_only() {
        let gusu = region_by_code("320508").expect("姑苏区 exists");
        assert_eq!(gusu.facet_path(), "/江苏省/苏州市/姑苏区");
        assert_eq!(region_by_code("110000").map(|region| region.level), Some("province".to_string()));
        assert_eq!(region_by_code("abc"), None);
        assert_eq!(region_by_code("3205081"), None);
        assert_eq!(region_by_code(""), None);
    }

    #[test]
    fn publisher_decides_over_the_text() {
        let document = Document {
            title: "考察学习养老服务经验".into(),
            body: "赴沈阳市考察学习，先后到和平区、浑南区。\n沈阳市经验值得学习。".into(),
            source: Some("阜新市人大常委会".into()),
            ..Default::default()
        };
        let regions = tag_document(&document);
        assert_eq!(primary(&regions), "/辽宁省/阜新市");
        assert!(regions.mentions.iter().any(|mention| mention.region.code == "210102"));
    }

    #[test]
    fn site_domain_resolves_repeated_names() {
        let document = Document {
            url: Some("http://www.tj.gov.cn/a.html".into()),
            title: "和平区养老服务工作推进会召开".into(),
            body: "和平区召开会议。".into(),
            ..Default::default()
        };
        assert_eq!(primary(&tag_document(&document)), "/天津市/和平区");
        let document = Document { url: Some("https://mzt.jiangsu.gov.cn/art/1.html".into()), ..Default::default() };
        assert_eq!(primary(&tag_document(&document)), "/江苏省");
    }

    #[test]
    fn title_narrows_the_publisher() {
        let document = Document {
            title: "苏州市姑苏区推进家庭养老床位建设".into(),
            source: Some("江苏省民政厅".into()),
            ..Default::default()
        };
        assert_eq!(primary(&tag_document(&document)), "/江苏省/苏州市/姑苏区");
    }

    #[test]
    fn dateline_is_a_weak_signal() {
        let regions = tag_text("新华社北京12月8日电\n浙江省推进养老服务，杭州市、宁波市试点。");
        assert_eq!(primary(&regions).split('/').nth(1), Some("浙江省"));
    }

    #[test]
    fn national_texts_have_no_region() {
        let regions = tag_text("国务院办公厅关于推进养老服务发展的意见");
        assert_eq!(regions, Regions::default());
    }
}
