//! Server-rendered HTML pages (askama templates in `server/templates/`, escaped by default).

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};

use crate::AppState;
use crate::api::{SearchParams, run_search};

/// The search page.
#[derive(Template)]
#[template(path = "search.html")]
pub struct SearchPage {
    /// The query as typed.
    pub query: String,
    /// The results, when a query was given.
    pub response: Option<indexer::SearchResponse>,
    /// An error message for a bad query.
    pub error: Option<String>,
}

/// `GET /`: the search box and results.
pub async fn search_page(State(state): State<AppState>, Query(params): Query<SearchParams>) -> Response {
    let query = params.q.clone().unwrap_or_default();
    let mut page = SearchPage { query: query.clone(), response: None, error: None };
    let mut status = StatusCode::OK;
    if !query.trim().is_empty() {
        let outcome = match params.to_request() {
            Ok(request) => run_search(&state, request).await,
            Err(err) => Err(err),
        };
        match outcome {
            Ok(response) => page.response = Some(response),
            Err(err) => {
                status = err.status();
                page.error = Some(err.public_message());
            }
        }
    }
    match page.render() {
        Ok(html) => (status, Html(html)).into_response(),
        Err(err) => {
            crate::error::ApiError::Internal(format!("failed to render the search page: {err}")).into_response()
        }
    }
}
