//! Compare provinces (`/compare?q=…&regions=…`): one card per province with its best-matching
//! paragraphs, provinces without a match named, and a CSV export.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;

use super::document::paragraph_href_for_query;
use super::{href_with, render, summary_meta};
use crate::AppState;
use crate::api_views::{CompareParams, run_compare};
use crate::views::compare::Comparison;

/// The compare page.
#[derive(Template)]
#[template(path = "compare.html")]
pub struct ComparePage {
    /// Window title.
    pub title: String,
    /// Highlighted navigation entry.
    pub nav: &'static str,
    /// The query as typed.
    pub query: String,
    /// The provinces as typed.
    pub regions: String,
    /// An error message.
    pub error: Option<String>,
    /// The table, once there is a query.
    pub result: Option<CompareView>,
}

/// The comparison as shown.
pub struct CompareView {
    /// Matching documents.
    pub total_hits: usize,
    /// Documents read.
    pub hits_read: usize,
    /// One card per province.
    pub columns: Vec<ColumnView>,
    /// Provinces without a match.
    pub empty_provinces: Vec<String>,
    /// CSV export.
    pub csv_href: String,
    /// Timeline of the same query.
    pub timeline_href: String,
    /// Search of the same query.
    pub search_href: String,
}

/// One province's card.
pub struct ColumnView {
    /// Full name.
    pub province: String,
    /// Documents with a matching paragraph.
    pub documents: usize,
    /// Search restricted to this province.
    pub search_href: String,
    /// Paragraphs.
    pub paragraphs: Vec<ParagraphCard>,
}

/// One paragraph in a card.
pub struct ParagraphCard {
    /// Escaped snippet with marks.
    pub snippet_html: String,
    /// Link to the paragraph in its document.
    pub href: String,
    /// Document title.
    pub title: String,
    /// Date · issuer · province.
    pub meta: String,
}

/// `GET /compare`.
pub async fn compare_page(State(state): State<AppState>, Query(params): Query<CompareParams>) -> Response {
    let query = params.q.clone().unwrap_or_default();
    let regions = params.regions.clone().unwrap_or_default();
    let title = if query.trim().is_empty() { "各省对比".to_string() } else { format!("{query} - 各省对比") };
    let mut page = ComparePage { title, nav: "compare", query, regions, error: None, result: None };
    let outcome = match params.to_request() {
        Ok(Some(request)) => run_compare(&state, request).await.map(Some),
        Ok(None) => Ok(None),
        Err(err) => Err(err),
    };
    match outcome {
        Ok(comparison) => {
            page.result = comparison.map(|comparison| compare_view(&comparison, &page.regions));
            render(StatusCode::OK, &page)
        }
        Err(err) => {
            page.error = Some(err.public_message());
            render(err.status(), &page)
        }
    }
}

fn compare_view(comparison: &Comparison, regions: &str) -> CompareView {
    let query = comparison.query.as_str();
    let columns = comparison
        .columns
        .iter()
        .map(|column| ColumnView {
            province: column.province.clone(),
            documents: column.documents,
            search_href: href_with("/", &[("q", query), ("region", &column.province)]),
            paragraphs: column
                .paragraphs
                .iter()
                .map(|paragraph| ParagraphCard {
                    snippet_html: paragraph.snippet_html.clone(),
                    href: paragraph_href_for_query(&paragraph.document.id, paragraph.paragraph, query),
                    title: paragraph.document.title.clone(),
                    meta: summary_meta(&paragraph.document),
                })
                .collect(),
        })
        .collect();
    CompareView {
        total_hits: comparison.total_hits,
        hits_read: comparison.hits_read,
        columns,
        empty_provinces: comparison.empty_provinces.clone(),
        csv_href: href_with("/api/compare.csv", &[("q", query), ("regions", regions)]),
        timeline_href: href_with("/timeline", &[("q", query)]),
        search_href: href_with("/", &[("q", query)]),
    }
}
