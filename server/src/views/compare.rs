//! Compare provinces: for a query, the best-matching paragraphs of each province's documents.
//!
//! The query's top hits (every repost too: a province's copy counts for that province) are read
//! paragraph by paragraph. A paragraph belongs to the province its region tag names
//! (`Regions::paragraphs`); an untagged paragraph belongs to the document's primary province,
//! unless the document is an overview ([`is_overview`]) whose tagged paragraphs name other provinces
//! (like seed `002`, a national round-up published in 晋城): there the untagged paragraphs are
//! national and belong to no province. A policy is never an overview: 上海市促进长三角…条例 names
//! 江苏 and 浙江, but its other articles are Shanghai's. Paragraphs are scored by the query's highlight terms
//! (`QueryPlan::highlights`): distinct terms first, then occurrences, then (within a document) the
//! paragraph naming them first (`本市实行长期护理保险制度` before a clause citing it); a paragraph of a law's
//! 法律责任 (penalties) or 附则 (entry into force) chapter scores half, since it names a measure only
//! in passing: what a province did stands in the other chapters.

use std::collections::HashMap;

use corpus::Document;
use indexer::search::snippet::Highlighter;
use indexer::{SearchEngine, SearchRequest, SortOrder};
use serde::Serialize;

use super::catalog::DocSummary;
use crate::error::ApiError;

/// Hits of the query read for the comparison.
pub const DEFAULT_HITS: usize = 300;
/// Paragraphs shown per province.
pub const DEFAULT_PARAGRAPHS_PER_PROVINCE: usize = 3;
/// Characters of each paragraph shown.
const PARAGRAPH_SNIPPET_CHARS: usize = 220;

/// One matching paragraph.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ComparedParagraph {
    /// The document it is from.
    pub document: DocSummary,
    /// Zero-based paragraph index (the `#p{index}` anchor of the document page).
    pub paragraph: usize,
    /// Match score: distinct query terms × 10 + occurrences (at most 10); half in a law's
    /// 法律责任 or 附则 chapter.
    pub score: u32,
    /// The paragraph as plain text.
    pub text: String,
    /// The paragraph's best window, HTML-escaped, query terms in `<mark>`.
    pub snippet_html: String,
}

/// One province's column.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ProvinceColumn {
    /// Full name, e.g. `江苏省`.
    pub province: String,
    /// Documents with at least one matching paragraph in this province.
    pub documents: usize,
    /// The best paragraphs, best first (at most one per document).
    pub paragraphs: Vec<ComparedParagraph>,
}

/// The comparison table.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Comparison {
    /// The query.
    pub query: String,
    /// Documents matching the query.
    pub total_hits: usize,
    /// Documents read (the top hits).
    pub hits_read: usize,
    /// One column per province.
    pub columns: Vec<ProvinceColumn>,
    /// Provinces without a matching paragraph (when not chosen explicitly, every other province).
    pub empty_provinces: Vec<String>,
}

/// What to compare.
#[derive(Debug, Clone)]
pub struct CompareRequest {
    /// The query in the query language.
    pub query: String,
    /// Provinces to show (full names), in order; empty for every province with a match.
    pub provinces: Vec<String>,
    /// Hits to read.
    pub hits: usize,
    /// Paragraphs per province.
    pub paragraphs_per_province: usize,
}

/// Builds the comparison table.
pub fn compare(engine: &SearchEngine, request: &CompareRequest) -> Result<Comparison, ApiError> {
    let search = SearchRequest {
        query: request.query.clone(),
        limit: request.hits,
        sort: SortOrder::Relevance,
        collapse: false,
        ..SearchRequest::default()
    };
    let highlighter = Highlighter::from_groups(&engine.plan(&search)?.highlights);
    if highlighter.is_empty() {
        return Err(ApiError::BadRequest("compare needs words to look for, not only filters".into()));
    }
    let response = engine.search(&search)?;
    // province → document id → (hit rank, where the terms start, best paragraph of that document)
    let mut best: HashMap<String, HashMap<String, (usize, usize, ComparedParagraph)>> = HashMap::new();
    for (rank, hit) in response.hits.iter().enumerate() {
        let Some(document) = engine.get(&hit.id)? else { continue };
        let summary = DocSummary::of(&document);
        let in_passing = passing_chapter_paragraphs(&document);
        for (index, province, text) in province_paragraphs(&document) {
            let mut score = paragraph_score(text, &highlighter);
            if score == 0 {
                continue;
            }
            if in_passing.get(index).copied().unwrap_or(false) {
                score /= 2;
            }
            let starts_at = highlighter.first_match(without_article_number(text)).unwrap_or(usize::MAX);
            let per_document = best.entry(province).or_default();
            let better = per_document.get(&document.id).is_none_or(|(_, existing_start, existing)| {
                score > existing.score || (score == existing.score && starts_at < *existing_start)
            });
            if better {
                let snippet_html = highlighter.snippet_html(text, PARAGRAPH_SNIPPET_CHARS);
                let paragraph = ComparedParagraph {
                    document: summary.clone(),
                    paragraph: index,
                    score,
                    text: text.to_string(),
                    snippet_html,
                };
                per_document.insert(document.id.clone(), (rank, starts_at, paragraph));
            }
        }
    }
    let mut columns: Vec<ProvinceColumn> = Vec::new();
    for (province, per_document) in best {
        let documents = per_document.len();
        let mut ranked: Vec<(usize, usize, ComparedParagraph)> = per_document.into_values().collect();
        ranked.sort_by(|left, right| right.2.score.cmp(&left.2.score).then(left.0.cmp(&right.0)));
        let paragraphs =
            ranked.into_iter().take(request.paragraphs_per_province).map(|(_, _, paragraph)| paragraph).collect();
        columns.push(ProvinceColumn { province, documents, paragraphs });
    }
    let empty_provinces;
    if request.provinces.is_empty() {
        columns.sort_by(|left, right| right.documents.cmp(&left.documents).then(left.province.cmp(&right.province)));
        empty_provinces = super::all_provinces()
            .into_iter()
            .map(|region| region.province)
            .filter(|province| !columns.iter().any(|column| &column.province == province))
            .collect();
    } else {
        let mut chosen = Vec::new();
        for province in &request.provinces {
            let found = columns.iter().position(|column| &column.province == province);
            let column = match found {
                Some(position) => columns.swap_remove(position),
                None => ProvinceColumn { province: province.clone(), documents: 0, paragraphs: Vec::new() },
            };
            chosen.push(column);
        }
        empty_provinces =
            chosen.iter().filter(|column| column.paragraphs.is_empty()).map(|column| column.province.clone()).collect();
        columns = chosen;
    }
    Ok(Comparison {
        query: request.query.clone(),
        total_hits: response.total,
        hits_read: response.hits.len(),
        columns,
        empty_provinces,
    })
}

/// Returns each non-empty paragraph with the province it belongs to (see the module docs).
pub fn province_paragraphs(document: &Document) -> Vec<(usize, String, &str)> {
    let regions = document.regions.as_ref();
    let primary = regions.and_then(|regions| regions.primary.as_ref()).map(|region| region.province.clone());
    let mut tagged: HashMap<usize, Option<String>> = HashMap::new();
    for paragraph in regions.map(|regions| regions.paragraphs.as_slice()).unwrap_or_default() {
        tagged.insert(paragraph.index, paragraph.region.as_ref().map(|region| region.province.clone()));
    }
    let is_overview = is_overview(document);
    let mut paragraphs = Vec::new();
    for (index, text) in document.paragraphs().enumerate() {
        if text.trim().is_empty() {
            continue;
        }
        let province = match tagged.get(&index).cloned().flatten() {
            Some(province) => Some(province),
            None if is_overview => None,
            None => primary.clone(),
        };
        if let Some(province) = province {
            paragraphs.push((index, province, text));
        }
    }
    paragraphs
}

/// Chapters of a law that name its measures only in passing: penalties and entry into force.
const PASSING_CHAPTERS: [&str; 2] = ["法律责任", "附则"];

/// For each paragraph of the document, true when it lies in a chapter (`第五章  法律责任`) of
/// [`PASSING_CHAPTERS`], up to the next chapter heading.
pub fn passing_chapter_paragraphs(document: &Document) -> Vec<bool> {
    let mut in_passing = false;
    document
        .paragraphs()
        .map(|text| {
            if let Some(title) = chapter_title(text) {
                in_passing = PASSING_CHAPTERS.iter().any(|chapter| title.starts_with(chapter));
            }
            in_passing
        })
        .collect()
}

/// A paragraph without its article number (`第二十二条 本市实行…` → `本市实行…`).
fn without_article_number(paragraph: &str) -> &str {
    let trimmed = paragraph.trim_start();
    let Some((number, rest)) = trimmed.strip_prefix('第').and_then(|rest| rest.split_once('条')) else {
        return paragraph;
    };
    if number.is_empty() || !number.chars().all(is_chinese_or_ascii_numeral) {
        return paragraph;
    }
    rest.trim_start()
}

fn is_chinese_or_ascii_numeral(ch: char) -> bool {
    "一二三四五六七八九十百千零〇".contains(ch) || ch.is_ascii_digit()
}

/// The title of a chapter heading line (`第五章  法律责任` → `法律责任`), or `None` for another line.
fn chapter_title(line: &str) -> Option<&str> {
    let rest = line.trim().strip_prefix('第')?;
    let (number, title) = rest.split_once('章')?;
    let is_heading = !number.is_empty() && number.chars().all(is_chinese_or_ascii_numeral);
    (is_heading && title.chars().count() <= 20).then(|| title.trim())
}

/// True for a report whose paragraphs name provinces other than its primary region's (a roundup):
/// its untagged paragraphs are national. A policy's untagged paragraphs are always its issuer's.
pub fn is_overview(document: &Document) -> bool {
    document.kind != corpus::Kind::Policy && document.regions.as_ref().is_some_and(corpus::Regions::is_overview)
}

/// Scores a paragraph: 10 per distinct highlight term found (a synonym counts for its term), plus
/// occurrences (at most 10).
pub fn paragraph_score(text: &str, highlighter: &Highlighter) -> u32 {
    let (distinct, occurrences) = highlighter.count_matches(text);
    if distinct == 0 { 0 } else { distinct as u32 * 10 + occurrences.min(10) as u32 }
}

/// Writes the table as CSV: one row per paragraph, and one row per chosen province without any.
pub fn write_csv(writer: impl std::io::Write, comparison: &Comparison) -> csv::Result<()> {
    let mut csv = csv::Writer::from_writer(writer);
    csv.write_record(["province", "documents", "id", "title", "published", "paragraph", "score", "text", "url"])?;
    for column in &comparison.columns {
        if column.paragraphs.is_empty() {
            csv.write_record([column.province.as_str(), "0", "", "", "", "", "", "", ""])?;
        }
        for paragraph in &column.paragraphs {
            let document = &paragraph.document;
            csv.write_record([
                column.province.as_str(),
                &column.documents.to_string(),
                &document.id,
                &document.title,
                document.date().unwrap_or_default(),
                &paragraph.paragraph.to_string(),
                &paragraph.score.to_string(),
                &paragraph.text,
                document.url.as_deref().unwrap_or_default(),
            ])?;
        }
    }
    csv.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use corpus::{ParagraphRegion, Region, Regions};

    use super::*;

    fn region(province: &str) -> Region {
        Region {
            name: province.into(),
            code: "000000".into(),
            level: "province".into(),
            province: province.into(),
            city: None,
        }
    }

    #[test]
    fn overview_paragraphs_go_to_the_provinces_they_describe() {
        let document = Document {
            id: "overview".into(),
            body: "全国情况\n北京市开展助餐\n江苏省开展助餐".into(),
            regions: Some(Regions {
                primary: Some(region("山西省")),
                mentions: Vec::new(),
                paragraphs: vec![
                    ParagraphRegion { index: 1, region: Some(region("北京市")) },
                    ParagraphRegion { index: 2, region: Some(region("江苏省")) },
                ],
            }),
            ..Document::default()
        };
        let provinces: Vec<(usize, String)> =
            province_paragraphs(&document).into_iter().map(|(index, province, _)| (index, province)).collect();
        assert_eq!(provinces, [(1, "北京市".to_string()), (2, "江苏省".to_string())]);
    }

    #[test]
    fn a_policy_naming_other_provinces_keeps_its_untagged_paragraphs() {
        let document = Document {
            body: "第一条 本市实行长期护理保险制度。\n第二条 与江苏省开展合作。".into(),
            kind: corpus::Kind::Policy,
            regions: Some(Regions {
                primary: Some(region("上海市")),
                mentions: Vec::new(),
                paragraphs: vec![ParagraphRegion { index: 1, region: Some(region("江苏省")) }],
            }),
            ..Document::default()
        };
        assert!(!is_overview(&document));
        let provinces: Vec<(usize, String)> =
            province_paragraphs(&document).into_iter().map(|(index, province, _)| (index, province)).collect();
        assert_eq!(provinces, [(0, "上海市".to_string()), (1, "江苏省".to_string())]);
        let report = Document { kind: corpus::Kind::News, ..document };
        assert!(is_overview(&report), "a report naming another province is an overview");
    }

    #[test]
    fn a_local_document_keeps_its_untagged_paragraphs() {
        let document = Document {
            body: "第一条\n第二条".into(),
            regions: Some(Regions { primary: Some(region("河南省")), ..Regions::default() }),
            ..Document::default()
        };
        assert_eq!(province_paragraphs(&document).len(), 2);
    }

    #[test]
    fn distinct_terms_outweigh_repeats() {
        let highlighter = Highlighter::new(&["助餐".to_string(), "老年人".to_string()]);
        assert!(paragraph_score("老年人助餐", &highlighter) > paragraph_score("助餐助餐助餐", &highlighter));
        assert_eq!(paragraph_score("无关", &highlighter), 0);
    }

    #[test]
    fn a_synonym_counts_for_its_term() {
        let highlighter = Highlighter::from_groups(&[vec!["老年助餐".to_string(), "长者食堂".to_string()]]);
        assert_eq!(paragraph_score("开办长者食堂", &highlighter), 11);
        assert_eq!(paragraph_score("老年助餐和长者食堂", &highlighter), 12, "help: one group, two matches");
    }

    #[test]
    fn penalties_and_entry_into_force_are_chapters_in_passing() {
        let body = "第一章 总则
第一条 本市实行长期护理保险制度。
第五章  法律责任
第六十条 骗取长期护理保险待遇的，责令退回。
第六章 附则
第六十一条 本条例自2021年1月1日起施行。";
        let document = Document { body: body.into(), ..Document::default() };
        assert_eq!(passing_chapter_paragraphs(&document), [false, false, true, true, true, true]);
        assert_eq!(chapter_title("第十二章 养老服务"), Some("养老服务"));
        assert_eq!(chapter_title("第三条 本市实行长期护理保险制度。"), None);
        assert_eq!(without_article_number("第二十二条 本市实行"), "本市实行");
        assert_eq!(without_article_number("第二批试点"), "第二批试点");
    }
}
