//! JSON API handlers: search, CSV export, documents, health. Searches run on the blocking pool.

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::IntoResponse;
use corpus::Document;
use indexer::{SearchRequest, SearchResponse, SortOrder};
use serde::Deserialize;

use crate::AppState;
use crate::error::ApiError;

/// Query parameters of `/api/search` (all strings, parsed here so that bad values get a JSON 400).
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
pub struct SearchParams {
    /// The query in the query language (words, "phrases", -excluded, OR, region:, kind:, site:,
    /// source:, from:, to:, year:).
    pub q: Option<String>,
    /// Hits per page (1–1000, default 10).
    pub limit: Option<String>,
    /// Hits to skip (0–10000).
    pub offset: Option<String>,
    /// `relevance` (default) or `date`.
    pub sort: Option<String>,
    /// Region filter: a province, city or county name (江苏, 苏州市).
    pub region: Option<String>,
    /// Kind filter: policy, interpretation, news, other.
    pub kind: Option<String>,
    /// First publish date (YYYY, YYYY-MM or YYYY-MM-DD).
    pub from: Option<String>,
    /// Last publish date.
    pub to: Option<String>,
    /// Publisher filter.
    pub source: Option<String>,
    /// `false` to show every repost instead of one hit per cluster.
    pub collapse: Option<String>,
}

impl SearchParams {
    /// Validates the parameters into a search request.
    pub fn to_request(&self) -> Result<SearchRequest, ApiError> {
        let number = |name: &str, value: &Option<String>, default: usize, max: usize| -> Result<usize, ApiError> {
            let Some(text) = value.as_deref().filter(|v| !v.is_empty()) else { return Ok(default) };
            let parsed: usize = text
                .parse()
                .map_err(|_| ApiError::BadRequest(format!("`{name}` must be a whole number, got `{text}`")))?;
            if parsed > max {
                return Err(ApiError::BadRequest(format!("`{name}` must be at most {max}, got {parsed}")));
            }
            Ok(parsed)
        };
        let limit = number("limit", &self.limit, indexer::search::DEFAULT_LIMIT, indexer::search::MAX_LIMIT)?;
        if limit == 0 {
            return Err(ApiError::BadRequest("`limit` must be at least 1".into()));
        }
        let offset = number("offset", &self.offset, 0, indexer::search::MAX_OFFSET)?;
        let sort = match self.sort.as_deref().unwrap_or("relevance") {
            "" | "relevance" => SortOrder::Relevance,
            "date" => SortOrder::Date,
            other => return Err(ApiError::BadRequest(format!("`sort` must be `relevance` or `date`, got `{other}`"))),
        };
        let collapse = match self.collapse.as_deref().unwrap_or("true") {
            "" | "true" | "1" => true,
            "false" | "0" => false,
            other => return Err(ApiError::BadRequest(format!("`collapse` must be `true` or `false`, got `{other}`"))),
        };
        Ok(SearchRequest {
            query: self.q.clone().unwrap_or_default(),
            limit,
            offset,
            sort,
            region: self.region.clone(),
            kind: self.kind.clone(),
            from: self.from.clone(),
            to: self.to.clone(),
            source: self.source.clone(),
            collapse,
            facets: true,
            snippet_chars: 0,
        })
    }
}

/// Runs a search on the blocking pool once a search slot is free (see [`AppState::search_slots`]).
pub async fn run_search(state: &AppState, request: SearchRequest) -> Result<SearchResponse, ApiError> {
    let engine = state.engine.clone();
    let _slot = state.search_slots.acquire().await.expect("the search semaphore is never closed");
    Ok(tokio::task::spawn_blocking(move || engine.search(&request)).await??)
}

/// `GET /api/search`: ranked hits with snippets and facet counts.
#[utoipa::path(get, path = "/api/search", params(SearchParams),
    responses((status = 200, body = SearchResponse), (status = 400, description = "invalid query or parameter", body = ErrorBody)))]
pub async fn documents_search(
    State(state): State<AppState>,
    Query(params): Query<SearchParams>,
) -> Result<Json<SearchResponse>, ApiError> {
    let request = params.to_request()?;
    Ok(Json(run_search(&state, request).await?))
}

/// `GET /api/search.csv`: the same hits as CSV, one row per hit.
#[utoipa::path(get, path = "/api/search.csv", params(SearchParams),
    responses((status = 200, description = "CSV, one row per hit", content_type = "text/csv"), (status = 400, body = ErrorBody)))]
pub async fn documents_search_csv(
    State(state): State<AppState>,
    Query(params): Query<SearchParams>,
) -> Result<impl IntoResponse, ApiError> {
    let request = params.to_request()?;
    let response = run_search(&state, request).await?;
    let mut body = Vec::new();
    crate::commands::search::write_csv(&mut body, &response).map_err(|err| ApiError::Internal(err.to_string()))?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (header::CONTENT_DISPOSITION, "attachment; filename=\"yanglao.csv\""),
        ],
        body,
    ))
}

/// `GET /api/documents/{id}`: one document as stored.
#[utoipa::path(get, path = "/api/documents/{id}", params(("id" = String, Path, description = "document id")),
    responses((status = 200, description = "the document", body = Object), (status = 404, body = ErrorBody)))]
pub async fn documents_show(State(state): State<AppState>, Path(id): Path<String>) -> Result<Json<Document>, ApiError> {
    let engine = state.engine.clone();
    let lookup_id = id.clone();
    let document = tokio::task::spawn_blocking(move || engine.get(&lookup_id)).await??;
    document.map(Json).ok_or_else(|| ApiError::NotFound(format!("no document with id `{id}`")))
}

/// `GET /healthz`: liveness and document count.
#[utoipa::path(get, path = "/healthz", responses((status = 200, description = "ok and the number of documents")))]
pub async fn healthz(State(state): State<AppState>) -> Json<serde_json::Value> {
    Json(serde_json::json!({ "status": "ok", "documents": state.engine.num_docs() }))
}

/// Unknown paths: a JSON 404.
pub async fn not_found() -> ApiError {
    ApiError::NotFound("no such page or endpoint".into())
}

/// The body of every error response.
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    /// What went wrong.
    pub error: String,
}
