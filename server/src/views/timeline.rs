//! Timeline of a measure: per province, the first matching document (the first adopter) and how
//! many matching documents followed each year.
//!
//! Documents count under the province of their primary region, except an overview (a roundup of
//! several provinces' news published in one of them): it counts under each province whose
//! paragraphs hold the query's words, as in the comparison, and under none when only its national
//! paragraphs do. Reposts are collapsed so a document copied by ten sites counts once. Provinces are
//! ordered by first adoption.

use std::collections::{BTreeMap, BTreeSet};

use indexer::search::snippet::Highlighter;
use indexer::{Hit, SearchEngine, SearchRequest, SortOrder};
use serde::Serialize;

use super::catalog::DocSummary;
use crate::error::ApiError;

/// Hits of the query read for the timeline.
pub const DEFAULT_HITS: usize = 1000;

/// Matching documents of one province in one year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct YearCount {
    /// The year.
    pub year: i32,
    /// Matching documents published that year.
    pub count: usize,
}

/// One province's row.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ProvinceTimeline {
    /// Full name, e.g. `山东省`.
    pub province: String,
    /// The earliest matching document: the first adopter.
    pub first: DocSummary,
    /// Documents per year, from the first adoption to the last year of the timeline (zeros kept).
    pub years: Vec<YearCount>,
    /// Dated matching documents of the province.
    pub total: usize,
}

/// The timeline of a query.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Timeline {
    /// The query.
    pub query: String,
    /// Documents matching the query (reposts collapsed).
    pub total_hits: usize,
    /// Documents read (the top hits).
    pub hits_read: usize,
    /// First and last year of any row.
    pub first_year: Option<i32>,
    /// Last year of any row.
    pub last_year: Option<i32>,
    /// One row per province, earliest adopter first.
    pub provinces: Vec<ProvinceTimeline>,
    /// Matching documents without a date or a province, not drawn.
    pub unplaced: usize,
}

/// Builds the timeline of a query.
pub fn timeline(engine: &SearchEngine, query: &str, hits: usize) -> Result<Timeline, ApiError> {
    let search = SearchRequest {
        query: query.to_string(),
        limit: hits,
        sort: SortOrder::Relevance,
        collapse: true,
        ..SearchRequest::default()
    };
    let highlighter = Highlighter::from_groups(&engine.plan(&search)?.highlights);
    let response = engine.search(&search)?;
    let mut placed = Vec::with_capacity(response.hits.len());
    for hit in &response.hits {
        // Only a report can be an overview: a policy needs no second read of the store.
        let document = if hit.kind == corpus::Kind::Policy { None } else { engine.get(&hit.id)? };
        let provinces = match document {
            Some(document) if super::compare::is_overview(&document) => overview_provinces(&document, &highlighter),
            _ => hit.province.iter().cloned().collect(),
        };
        placed.push((provinces, hit));
    }
    Ok(from_placed_hits(query, response.total, placed))
}

/// The provinces whose paragraphs of an overview hold the query's words.
fn overview_provinces(document: &corpus::Document, highlighter: &Highlighter) -> Vec<String> {
    let provinces: BTreeSet<String> = super::compare::province_paragraphs(document)
        .into_iter()
        .filter(|(_, _, text)| super::compare::paragraph_score(text, highlighter) > 0)
        .map(|(_, province, _)| province)
        .collect();
    provinces.into_iter().collect()
}

/// Builds the timeline from search hits (any order), each under the province of its primary region.
pub fn from_hits(query: &str, total_hits: usize, hits: &[Hit]) -> Timeline {
    let placed = hits.iter().map(|hit| (hit.province.iter().cloned().collect(), hit)).collect();
    from_placed_hits(query, total_hits, placed)
}

/// Builds the timeline from search hits (any order), each under the provinces it counts for.
pub fn from_placed_hits(query: &str, total_hits: usize, placed: Vec<(Vec<String>, &Hit)>) -> Timeline {
    let hits_read = placed.len();
    let mut by_province: BTreeMap<String, Vec<&Hit>> = BTreeMap::new();
    let mut unplaced = 0;
    let mut last_year = None;
    for (provinces, hit) in placed {
        let year = super::year_of(hit.published.as_deref());
        if provinces.is_empty() || year.is_none() {
            unplaced += 1;
            continue;
        }
        last_year = last_year.max(year);
        for province in provinces {
            by_province.entry(province).or_default().push(hit);
        }
    }
    let mut provinces = Vec::new();
    for (province, mut province_hits) in by_province {
        province_hits.sort_by(|left, right| left.published.cmp(&right.published).then(left.id.cmp(&right.id)));
        let first = province_hits[0];
        let first_year = super::year_of(first.published.as_deref()).expect("only dated hits are grouped");
        let mut counts: BTreeMap<i32, usize> = (first_year..=last_year.unwrap_or(first_year)).map(|y| (y, 0)).collect();
        for hit in &province_hits {
            let year = super::year_of(hit.published.as_deref()).expect("only dated hits are grouped");
            *counts.entry(year).or_default() += 1;
        }
        provinces.push(ProvinceTimeline {
            province,
            first: summary_of_hit(first),
            years: counts.into_iter().map(|(year, count)| YearCount { year, count }).collect(),
            total: province_hits.len(),
        });
    }
    provinces.sort_by(|left, right| {
        left.first.published.cmp(&right.first.published).then(left.province.cmp(&right.province))
    });
    let first_year = provinces.iter().filter_map(|row| row.years.first().map(|count| count.year)).min();
    Timeline { query: query.to_string(), total_hits, hits_read, first_year, last_year, provinces, unplaced }
}

fn summary_of_hit(hit: &Hit) -> DocSummary {
    DocSummary {
        id: hit.id.clone(),
        title: hit.title.clone(),
        published: hit.published.clone(),
        issuer: hit.issuer.clone(),
        source: hit.source.clone(),
        doc_number: hit.doc_number.clone(),
        province: hit.province.clone(),
        kind: hit.kind.as_str().to_string(),
        url: hit.url.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hit(id: &str, province: Option<&str>, published: Option<&str>) -> Hit {
        Hit {
            id: id.into(),
            title: id.into(),
            title_html: id.into(),
            score: 1.0,
            snippet: String::new(),
            url: None,
            published: published.map(String::from),
            kind: corpus::Kind::Policy,
            source: None,
            issuer: None,
            doc_number: None,
            region: None,
            province: province.map(String::from),
            reposts: 0,
        }
    }

    #[test]
    fn first_adopters_come_first_with_counts_per_year() {
        let hits = [
            hit("b2", Some("北京市"), Some("2021-03-01")),
            hit("s1", Some("上海市"), Some("2019-05-01")),
            hit("b1", Some("北京市"), Some("2020-01-01")),
            hit("x", None, Some("2020-01-01")),
            hit("y", Some("上海市"), None),
        ];
        let timeline = from_hits("q", 5, &hits);
        let order: Vec<&str> = timeline.provinces.iter().map(|row| row.province.as_str()).collect();
        assert_eq!(order, ["上海市", "北京市"]);
        assert_eq!(timeline.provinces[1].first.id, "b1");
        let beijing: Vec<(i32, usize)> = timeline.provinces[1].years.iter().map(|c| (c.year, c.count)).collect();
        assert_eq!(beijing, [(2020, 1), (2021, 1)]);
        assert_eq!(timeline.provinces[0].years.len(), 3, "zeros are kept up to the last year");
        assert_eq!(timeline.unplaced, 2);
        assert_eq!((timeline.first_year, timeline.last_year), (Some(2019), Some(2021)));
    }

    #[test]
    fn an_overview_counts_under_each_province_it_reports_and_none_when_it_reports_none() {
        let roundup = hit("roundup", Some("山西省"), Some("2021-04-30"));
        let national = hit("national", Some("山西省"), Some("2021-05-01"));
        let placed = vec![(vec!["天津市".to_string(), "江苏省".to_string()], &roundup), (Vec::new(), &national)];
        let timeline = from_placed_hits("q", 2, placed);
        let provinces: Vec<&str> = timeline.provinces.iter().map(|row| row.province.as_str()).collect();
        assert_eq!(provinces, ["天津市", "江苏省"]);
        assert_eq!(timeline.unplaced, 1);
        assert_eq!(timeline.hits_read, 2);
    }
}
