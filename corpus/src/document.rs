//! The document model: one page of eldercare policy or news as the corpus stores it.
//!
//! Serialized as one JSON object per line. Fields unknown to this version are kept in
//! [`Document::extra`] and written back unchanged, so newer producers never lose data here.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// What kind of text a document is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A policy document: a notice, opinion, measure, plan or regulation (often with a 文号).
    Policy,
    /// An interpretation (解读) of a policy.
    Interpretation,
    /// A news report.
    News,
    /// Anything else.
    #[default]
    #[serde(other)]
    Other,
}

impl Kind {
    /// Returns the lowercase name used in JSON, in the index and in query filters.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Policy => "policy",
            Kind::Interpretation => "interpretation",
            Kind::News => "news",
            Kind::Other => "other",
        }
    }

    /// Parses a kind name (English or the Chinese label), case-insensitively.
    pub fn parse(name: &str) -> Option<Kind> {
        match name.trim().to_lowercase().as_str() {
            "policy" | "政策" | "政策文件" => Some(Kind::Policy),
            "interpretation" | "解读" | "政策解读" => Some(Kind::Interpretation),
            "news" | "新闻" | "动态" => Some(Kind::News),
            "other" | "其他" => Some(Kind::Other),
            _ => None,
        }
    }

    /// Returns the Chinese label shown to users.
    pub fn label_zh(self) -> &'static str {
        match self {
            Kind::Policy => "政策",
            Kind::Interpretation => "解读",
            Kind::News => "新闻",
            Kind::Other => "其他",
        }
    }

    /// All kinds, in display order.
    pub const ALL: [Kind; 4] = [Kind::Policy, Kind::Interpretation, Kind::News, Kind::Other];
}

/// The script a document's text is written in, as published.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Script {
    /// Simplified Chinese.
    #[default]
    Hans,
    /// Traditional Chinese.
    Hant,
}

/// An administrative division (province, prefecture or county) from the gazetteer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Region {
    /// Full name, e.g. `和平区`.
    pub name: String,
    /// Six-digit administrative code, e.g. `120101`.
    pub code: String,
    /// `province`, `city` or `county`.
    pub level: String,
    /// Full name of the province, e.g. `天津市`.
    pub province: String,
    /// Full name of the prefecture-level city, when the division is at or below that level.
    #[serde(default)]
    pub city: Option<String>,
}

impl Region {
    /// Returns the hierarchical facet path, e.g. `/江苏省/苏州市/姑苏区`.
    pub fn facet_path(&self) -> String {
        let mut path = format!("/{}", self.province);
        if let Some(city) = &self.city {
            path.push('/');
            path.push_str(city);
        }
        if self.level == "county" {
            path.push('/');
            path.push_str(&self.name);
        }
        path
    }
}

/// A region mentioned in a document, with how often it is named.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegionMention {
    /// The region.
    #[serde(flatten)]
    pub region: Region,
    /// How many times the text names it.
    pub count: u32,
}

/// The region a paragraph is about, when one dominates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParagraphRegion {
    /// Zero-based paragraph index (paragraphs are the body's `\n`-separated lines).
    pub index: usize,
    /// The dominant region, or `None`.
    pub region: Option<Region>,
}

/// Region tags of a document: whom it is from or about, what it mentions, and per paragraph.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Regions {
    /// The publisher's region, or the region the document is about.
    #[serde(default)]
    pub primary: Option<Region>,
    /// Every region named, with counts, most frequent first.
    #[serde(default)]
    pub mentions: Vec<RegionMention>,
    /// Paragraph regions.
    #[serde(default)]
    pub paragraphs: Vec<ParagraphRegion>,
}

impl Regions {
    /// True when a paragraph's region tag names a province other than the primary region's (or any,
    /// without a primary region): an overview or round-up of several provinces, whose untagged
    /// paragraphs are national rather than the primary region's.
    pub fn is_overview(&self) -> bool {
        let primary = self.primary.as_ref().map(|region| region.province.as_str());
        self.paragraphs
            .iter()
            .filter_map(|paragraph| paragraph.region.as_ref())
            .any(|region| Some(region.province.as_str()) != primary)
    }
}

/// One document of the corpus.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Document {
    /// Stable identifier: given, or derived from the canonical URL (see [`Document::derive_id`]).
    #[serde(default, alias = "docid")]
    pub id: String,
    /// The page's URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The article's heading.
    #[serde(default)]
    pub title: String,
    /// The text as published, paragraphs separated by `\n`.
    #[serde(default, alias = "text")]
    pub body: String,
    /// Publish date, ISO 8601 (`2021-04-30` or `2022-10-01T13:56:00`).
    #[serde(default, alias = "date", skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
    /// Written date (成文日期), ISO 8601.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub written: Option<String>,
    /// When the crawler fetched the page, RFC 3339.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fetched_at: Option<String>,
    /// The publisher (来源).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// The author.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    /// The editor (责任编辑).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub editor: Option<String>,
    /// Policy, interpretation, news or other.
    #[serde(default)]
    pub kind: Kind,
    /// The document number (文号), e.g. `国发〔2019〕5号`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc_number: Option<String>,
    /// The issuing body (发文机关).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issuer: Option<String>,
    /// Region tags.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub regions: Option<Regions>,
    /// Tags and keywords (本文标签 / 关键词).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// The original source a repost names (本文出处 / 原文链接 / 转载自).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub original_url: Option<String>,
    /// The script of the text as published.
    #[serde(default)]
    pub script: Script,
    /// Where the archived copy of the page is (a WARC file and record), when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub archive: Option<String>,
    /// Id of the canonical document of this document's near-duplicate cluster, when it is a repost.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cluster: Option<String>,
    /// Quality flags set by extraction, e.g. `garbled` when mis-decoded text was cut out.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub flags: Vec<String>,
    /// Fields this version does not know, kept as they came.
    #[serde(flatten)]
    pub extra: BTreeMap<String, serde_json::Value>,
}

/// Characters of an untitled document's text shown as its title (see [`Document::display_title`]).
pub const DISPLAY_TITLE_CHARS: usize = 40;

impl Document {
    /// Returns a stable id for a URL: the first 16 hex digits of its SHA-256.
    pub fn id_from_url(url: &str) -> String {
        hex16(url.trim().as_bytes())
    }

    /// Returns the id this document should have: its own, else one derived from its URL,
    /// else one derived from its title and body.
    pub fn derive_id(&self) -> String {
        if !self.id.trim().is_empty() {
            return self.id.trim().to_string();
        }
        if let Some(url) = self.url.as_deref().filter(|url| !url.trim().is_empty()) {
            return Document::id_from_url(url);
        }
        let mut content = self.title.clone();
        content.push('\n');
        content.push_str(&self.body);
        hex16(content.as_bytes())
    }

    /// Returns the title to show: the title, or for an untitled document (a JSONL corpus of bare
    /// texts) the opening of its first line, cut after [`DISPLAY_TITLE_CHARS`] characters with `…`.
    pub fn display_title(&self) -> String {
        let title = self.title.trim();
        if !title.is_empty() {
            return title.to_string();
        }
        let first_line = self.body.lines().map(str::trim).find(|line| !line.is_empty()).unwrap_or_default();
        let mut opening: String = first_line.chars().take(DISPLAY_TITLE_CHARS).collect();
        if first_line.chars().count() > DISPLAY_TITLE_CHARS {
            opening.push('…');
        }
        opening
    }

    /// Returns the publish date as `YYYY-MM-DD`, when it parses.
    pub fn published_date(&self) -> Option<chrono::NaiveDate> {
        let published = self.published.as_deref()?;
        let date_part = published.get(..10)?;
        chrono::NaiveDate::parse_from_str(date_part, "%Y-%m-%d").ok()
    }

    /// True when a publisher is known: a non-blank `source` or `issuer`.
    pub fn has_publisher(&self) -> bool {
        [&self.source, &self.issuer].into_iter().flatten().any(|name| !name.trim().is_empty())
    }

    /// Returns the body's paragraphs (non-empty `\n`-separated lines), with their index.
    pub fn paragraphs(&self) -> impl Iterator<Item = &str> {
        self.body.split('\n')
    }

    /// Returns the host of the document's URL, e.g. `www.mca.gov.cn`.
    pub fn site(&self) -> Option<String> {
        let url = self.url.as_deref()?;
        let after_scheme = url.split_once("://").map(|(_, rest)| rest)?;
        let host = after_scheme.split(['/', '?', '#']).next()?;
        let host = host.rsplit_once('@').map(|(_, h)| h).unwrap_or(host);
        let host = host.split(':').next()?;
        (!host.is_empty()).then(|| host.to_lowercase())
    }
}

fn hex16(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    digest[..8].iter().map(|byte| format!("{byte:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_fields_are_kept_and_written_back() {
        let line = r#"{"id":"a","body":"正文","future_field":{"x":1}}"#;
        let document: Document = serde_json::from_str(line).unwrap();
        assert_eq!(document.extra["future_field"]["x"], 1);
        let written = serde_json::to_string(&document).unwrap();
        assert!(written.contains("future_field"));
    }

    #[test]
    fn an_untitled_document_shows_the_opening_of_its_text() {
        let titled = Document { title: " 养老服务条例 ".into(), body: "第一条".into(), ..Document::default() };
        assert_eq!(titled.display_title(), "养老服务条例");
        let short = Document { body: "\n关于做好老年助餐的通知\n正文".into(), ..Document::default() };
        assert_eq!(short.display_title(), "关于做好老年助餐的通知");
        let long = Document { body: "养".repeat(50), ..Document::default() };
        assert_eq!(long.display_title(), format!("{}…", "养".repeat(DISPLAY_TITLE_CHARS)));
    }

    #[test]
    fn common_field_names_of_other_corpora_are_understood() {
        let line = r#"{"docid":"a","text":"正文","date":"2022-09-24","url":""}"#;
        let document: Document = serde_json::from_str(line).unwrap();
        assert_eq!((document.id.as_str(), document.body.as_str()), ("a", "正文"));
        assert_eq!(document.published.as_deref(), Some("2022-09-24"));
    }

    #[test]
    fn unknown_kind_becomes_other() {
        let document: Document = serde_json::from_str(r#"{"id":"a","kind":"speech"}"#).unwrap();
        assert_eq!(document.kind, Kind::Other);
    }

    #[test]
    fn id_is_derived_from_url_when_missing() {
        let document = Document { url: Some("http://www.mca.gov.cn/a.html".into()), ..Default::default() };
        assert_eq!(document.derive_id(), Document::id_from_url("http://www.mca.gov.cn/a.html"));
        assert_eq!(document.derive_id().len(), 16);
    }

    #[test]
    fn site_is_the_lowercased_host() {
        let document = Document { url: Some("https://WWW.Gov.cn:443/zhengce/a.htm".into()), ..Default::default() };
        assert_eq!(document.site().as_deref(), Some("www.gov.cn"));
    }

    #[test]
    fn facet_path_goes_down_to_the_county() {
        let region = Region {
            name: "姑苏区".into(),
            code: "320508".into(),
            level: "county".into(),
            province: "江苏省".into(),
            city: Some("苏州市".into()),
        };
        assert_eq!(region.facet_path(), "/江苏省/苏州市/姑苏区");
    }

    #[test]
    fn an_overview_tags_a_paragraph_with_another_province() {
        let province = |name: &str| Region {
            name: name.into(),
            code: "000000".into(),
            level: "province".into(),
            province: name.into(),
            city: None,
        };
        let paragraph = |index: usize, region: Option<Region>| ParagraphRegion { index, region };
        let mut regions = Regions {
            primary: Some(province("山西省")),
            paragraphs: vec![paragraph(0, Some(province("山西省"))), paragraph(1, None)],
            ..Regions::default()
        };
        assert!(!regions.is_overview(), "one province throughout");
        regions.paragraphs.push(paragraph(2, Some(province("天津市"))));
        assert!(regions.is_overview());
    }

    #[test]
    fn a_blank_source_is_no_publisher() {
        let blank = Document { source: Some(" ".into()), ..Default::default() };
        assert!(!blank.has_publisher());
        assert!(Document { issuer: Some("民政部".into()), ..blank }.has_publisher());
    }
}
