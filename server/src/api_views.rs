//! JSON twins of the pages: compare provinces, timeline, trace a quote and a document's
//! citations. Parameters are parsed here (shared with the pages) so bad values get a 400.

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::IntoResponse;
use serde::Deserialize;

use crate::AppState;
use crate::error::ApiError;
use crate::views::catalog::DocumentRelations;
use crate::views::compare::{self, CompareRequest, Comparison};
use crate::views::timeline::{self, Timeline};
use crate::views::trace::{self, TraceResult};

/// Largest `hits` accepted by compare and timeline.
pub const MAX_HITS: usize = 2000;
/// Largest `per_province` accepted by compare.
pub const MAX_PARAGRAPHS_PER_PROVINCE: usize = 20;

/// Query parameters of `/api/compare` and `/compare`.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
pub struct CompareParams {
    /// The query in the query language, e.g. `老年助餐`.
    pub q: Option<String>,
    /// Provinces to show, separated by commas or spaces (江苏,浙江); default: every province with a match.
    pub regions: Option<String>,
    /// Top hits read (1–2000, default 300).
    pub hits: Option<String>,
    /// Paragraphs per province (1–20, default 3).
    pub per_province: Option<String>,
}

impl CompareParams {
    /// Returns the query, when one was typed.
    pub fn query(&self) -> Option<&str> {
        self.q.as_deref().map(str::trim).filter(|q| !q.is_empty())
    }

    /// Validates the parameters; `Ok(None)` when there is no query yet.
    pub fn to_request(&self) -> Result<Option<CompareRequest>, ApiError> {
        let hits = parse_number("hits", self.hits.as_deref(), compare::DEFAULT_HITS, 1, MAX_HITS)?;
        let per_province = parse_number(
            "per_province",
            self.per_province.as_deref(),
            compare::DEFAULT_PARAGRAPHS_PER_PROVINCE,
            1,
            MAX_PARAGRAPHS_PER_PROVINCE,
        )?;
        let provinces = parse_provinces(self.regions.as_deref().unwrap_or_default())?;
        let Some(query) = self.query() else { return Ok(None) };
        Ok(Some(CompareRequest { query: query.to_string(), provinces, hits, paragraphs_per_province: per_province }))
    }
}

/// Query parameters of `/api/timeline` and `/timeline`.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
pub struct TimelineParams {
    /// The query in the query language, e.g. `老年人权益保障`.
    pub q: Option<String>,
    /// Top hits read (1–2000, default 1000).
    pub hits: Option<String>,
}

impl TimelineParams {
    /// Returns the query, when one was typed.
    pub fn query(&self) -> Option<&str> {
        self.q.as_deref().map(str::trim).filter(|q| !q.is_empty())
    }

    /// Returns the number of hits to read.
    pub fn hits(&self) -> Result<usize, ApiError> {
        parse_number("hits", self.hits.as_deref(), timeline::DEFAULT_HITS, 1, MAX_HITS)
    }
}

/// The quote to trace (`/api/trace?text=…`, or a JSON or form body).
#[derive(Debug, Default, Deserialize, utoipa::IntoParams, utoipa::ToSchema)]
pub struct TraceParams {
    /// A sentence or paragraph (at least 8 letters or digits, at most 20000 characters).
    pub text: Option<String>,
}

impl TraceParams {
    /// Returns the quote, when one was given.
    pub fn text(&self) -> Option<&str> {
        self.text.as_deref().map(str::trim).filter(|text| !text.is_empty())
    }
}

fn parse_number(name: &str, value: Option<&str>, default: usize, min: usize, max: usize) -> Result<usize, ApiError> {
    let Some(text) = value.map(str::trim).filter(|text| !text.is_empty()) else { return Ok(default) };
    let parsed: usize =
        text.parse().map_err(|_| ApiError::BadRequest(format!("`{name}` must be a whole number, got `{text}`")))?;
    if parsed < min || parsed > max {
        return Err(ApiError::BadRequest(format!("`{name}` must be between {min} and {max}, got {parsed}")));
    }
    Ok(parsed)
}

/// Parses `regions=江苏,浙江` into full province names, in order, without repeats.
pub fn parse_provinces(value: &str) -> Result<Vec<String>, ApiError> {
    let mut provinces = Vec::new();
    for name in value.split([',', '，', '、', ' ', '　']).map(str::trim).filter(|name| !name.is_empty()) {
        let province = crate::views::province_full_name(name)
            .ok_or_else(|| ApiError::BadRequest(format!("`regions`: unknown province `{name}`")))?;
        if !provinces.contains(&province) {
            provinces.push(province);
        }
    }
    Ok(provinces)
}

/// Runs a comparison on the blocking pool.
pub async fn run_compare(state: &AppState, request: CompareRequest) -> Result<Comparison, ApiError> {
    let engine = state.engine.clone();
    tokio::task::spawn_blocking(move || compare::compare(&engine, &request)).await?
}

/// Builds a timeline on the blocking pool.
pub async fn run_timeline(state: &AppState, query: String, hits: usize) -> Result<Timeline, ApiError> {
    let engine = state.engine.clone();
    tokio::task::spawn_blocking(move || timeline::timeline(&engine, &query, hits)).await?
}

/// Traces a quote on the blocking pool.
pub async fn run_trace(state: &AppState, text: String) -> Result<TraceResult, ApiError> {
    let catalog = state.catalog().await?;
    let engine = state.engine.clone();
    tokio::task::spawn_blocking(move || trace::trace(&catalog, &engine, &text)).await?
}

/// Returns a document's relations, or a 404 when the id is unknown.
pub async fn document_relations(state: &AppState, id: &str) -> Result<DocumentRelations, ApiError> {
    let catalog = state.catalog().await?;
    if catalog.summary(id).is_none() {
        return Err(ApiError::NotFound(format!("no document with id `{id}`")));
    }
    Ok(catalog.relations(id))
}

fn required<'a>(value: Option<&'a str>, name: &str) -> Result<&'a str, ApiError> {
    value.ok_or_else(|| ApiError::BadRequest(format!("`{name}` is required")))
}

/// `GET /api/compare`: per province, the best-matching paragraphs of the query's top hits.
#[utoipa::path(get, path = "/api/compare", params(CompareParams),
    responses((status = 200, body = Comparison), (status = 400, description = "missing query or bad parameter", body = crate::api::ErrorBody)))]
pub async fn compare_show(
    State(state): State<AppState>,
    Query(params): Query<CompareParams>,
) -> Result<Json<Comparison>, ApiError> {
    required(params.query(), "q")?;
    let request = params.to_request()?.expect("a query was checked above");
    Ok(Json(run_compare(&state, request).await?))
}

/// `GET /api/compare.csv`: the comparison table as CSV, one row per paragraph.
#[utoipa::path(get, path = "/api/compare.csv", params(CompareParams),
    responses((status = 200, description = "CSV, one row per paragraph", content_type = "text/csv"), (status = 400, body = crate::api::ErrorBody)))]
pub async fn compare_csv(
    State(state): State<AppState>,
    Query(params): Query<CompareParams>,
) -> Result<impl IntoResponse, ApiError> {
    required(params.query(), "q")?;
    let request = params.to_request()?.expect("a query was checked above");
    let comparison = run_compare(&state, request).await?;
    let mut body = Vec::new();
    compare::write_csv(&mut body, &comparison).map_err(|err| ApiError::Internal(err.to_string()))?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (header::CONTENT_DISPOSITION, "attachment; filename=\"yanglao-compare.csv\""),
        ],
        body,
    ))
}

/// `GET /api/timeline`: per province, the first matching document and the count per year after it.
#[utoipa::path(get, path = "/api/timeline", params(TimelineParams),
    responses((status = 200, body = Timeline), (status = 400, body = crate::api::ErrorBody)))]
pub async fn timeline_show(
    State(state): State<AppState>,
    Query(params): Query<TimelineParams>,
) -> Result<Json<Timeline>, ApiError> {
    let hits = params.hits()?;
    let query = required(params.query(), "q")?.to_string();
    Ok(Json(run_timeline(&state, query, hits).await?))
}

/// `GET /api/trace`: the documents containing the quote or nearly, earliest first.
#[utoipa::path(get, path = "/api/trace", params(TraceParams),
    responses((status = 200, body = TraceResult), (status = 400, body = crate::api::ErrorBody)))]
pub async fn trace_show(
    State(state): State<AppState>,
    Query(params): Query<TraceParams>,
) -> Result<Json<TraceResult>, ApiError> {
    let text = required(params.text(), "text")?.to_string();
    Ok(Json(run_trace(&state, text).await?))
}

/// `POST /api/trace` with `{"text": "…"}`: the same, for quotes too long for a URL.
#[utoipa::path(post, path = "/api/trace", request_body = TraceParams,
    responses((status = 200, body = TraceResult), (status = 400, body = crate::api::ErrorBody)))]
pub async fn trace_create(
    State(state): State<AppState>,
    Json(params): Json<TraceParams>,
) -> Result<Json<TraceResult>, ApiError> {
    let text = required(params.text(), "text")?.to_string();
    Ok(Json(run_trace(&state, text).await?))
}

/// `GET /api/documents/{id}/citations`: what the document cites, what cites it, its reposts.
#[utoipa::path(get, path = "/api/documents/{id}/citations", params(("id" = String, Path, description = "document id")),
    responses((status = 200, body = DocumentRelations), (status = 404, body = crate::api::ErrorBody)))]
pub async fn documents_citations(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<DocumentRelations>, ApiError> {
    Ok(Json(document_relations(&state, &id).await?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn provinces_parse_in_order_and_unknown_ones_are_rejected() {
        assert_eq!(parse_provinces("江苏，浙江 江苏").unwrap(), ["江苏省", "浙江省"]);
        assert!(matches!(parse_provinces("火星"), Err(ApiError::BadRequest(message)) if message.contains("火星")));
    }

    #[test]
    fn numbers_are_bounded() {
        assert_eq!(parse_number("hits", None, 300, 1, 2000).unwrap(), 300);
        assert!(parse_number("hits", Some("0"), 300, 1, 2000).is_err());
        assert!(parse_number("hits", Some("x"), 300, 1, 2000).is_err());
    }
}
