//! The timeline page (`/timeline?q=…`): per province, the first adopter and the documents per
//! year after it, as an SVG chart with the table under it.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;

use super::{DocLink, doc_href, href_with, render};
use crate::AppState;
use crate::api_views::{TimelineParams, run_timeline};
use crate::views::charts;
use crate::views::timeline::Timeline;

/// The timeline page.
#[derive(Template)]
#[template(path = "timeline.html")]
pub struct TimelinePage {
    /// Window title.
    pub title: String,
    /// Highlighted navigation entry.
    pub nav: &'static str,
    /// The query as typed.
    pub query: String,
    /// An error message.
    pub error: Option<String>,
    /// The timeline, once there is a query.
    pub result: Option<TimelineView>,
}

/// The timeline as shown.
pub struct TimelineView {
    /// Matching documents.
    pub total_hits: usize,
    /// Matching documents without a date or province.
    pub unplaced: usize,
    /// The SVG chart.
    pub chart: String,
    /// Table rows.
    pub rows: Vec<TimelineRow>,
    /// Compare provinces for the same query.
    pub compare_href: String,
    /// Search of the same query.
    pub search_href: String,
}

/// One province's row.
pub struct TimelineRow {
    /// Full name.
    pub province: String,
    /// First adoption date.
    pub first_date: String,
    /// The first adopter.
    pub first: DocLink,
    /// `2019：1` entries for years with documents.
    pub years: Vec<String>,
    /// Documents in all.
    pub total: usize,
    /// Search restricted to this province, by date.
    pub search_href: String,
}

/// `GET /timeline`.
pub async fn timeline_page(State(state): State<AppState>, Query(params): Query<TimelineParams>) -> Response {
    let query = params.q.clone().unwrap_or_default();
    let title = if query.trim().is_empty() { "时间线".to_string() } else { format!("{query} - 时间线") };
    let mut page = TimelinePage { title, nav: "timeline", query, error: None, result: None };
    let outcome = match (params.hits(), params.query()) {
        (Err(err), _) => Err(err),
        (Ok(_), None) => Ok(None),
        (Ok(hits), Some(query)) => run_timeline(&state, query.to_string(), hits).await.map(Some),
    };
    match outcome {
        Ok(timeline) => {
            page.result = timeline.map(|timeline| timeline_view(&timeline));
            render(StatusCode::OK, &page)
        }
        Err(err) => {
            page.error = Some(err.public_message());
            render(err.status(), &page)
        }
    }
}

fn timeline_view(timeline: &Timeline) -> TimelineView {
    let query = timeline.query.as_str();
    let rows = timeline
        .provinces
        .iter()
        .map(|row| TimelineRow {
            province: row.province.clone(),
            first_date: row.first.date().unwrap_or_default().to_string(),
            first: DocLink::of(&row.first),
            years: row
                .years
                .iter()
                .filter(|count| count.count > 0)
                .map(|count| format!("{}：{}", count.year, count.count))
                .collect(),
            total: row.total,
            search_href: href_with("/", &[("q", query), ("region", &row.province), ("sort", "date")]),
        })
        .collect();
    TimelineView {
        total_hits: timeline.total_hits,
        unplaced: timeline.unplaced,
        chart: charts::timeline_chart(timeline, doc_href),
        rows,
        compare_href: href_with("/compare", &[("q", query)]),
        search_href: href_with("/", &[("q", query)]),
    }
}
