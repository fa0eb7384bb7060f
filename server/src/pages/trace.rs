//! Trace a quote (`/trace`): paste a sentence or paragraph, see the documents that contain it or
//! nearly, earliest first. The form uses GET (a shareable URL); POST takes long pastes.

use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;

use super::document::paragraph_href;
use super::{render, summary_meta};
use crate::AppState;
use crate::api_views::{TraceParams, run_trace};
use crate::views::trace::TraceResult;

/// The trace page.
#[derive(Template)]
#[template(path = "trace.html")]
pub struct TracePage {
    /// Window title.
    pub title: String,
    /// Highlighted navigation entry.
    pub nav: &'static str,
    /// The quote as pasted.
    pub text: String,
    /// An error message.
    pub error: Option<String>,
    /// The matches, once there is a quote.
    pub result: Option<TraceView>,
}

/// The matches as shown.
pub struct TraceView {
    /// Letters and digits compared.
    pub quote_chars: usize,
    /// Matching documents, earliest first.
    pub matches: Vec<TraceRow>,
}

/// One matching document.
pub struct TraceRow {
    /// Link to the matching paragraph.
    pub href: String,
    /// Title.
    pub title: String,
    /// Date · issuer · province.
    pub meta: String,
    /// Share of the quote found, as a percentage.
    pub percent: u32,
    /// The paragraph that holds it.
    pub passage: String,
    /// True for the likely source.
    pub likely_source: bool,
}

/// `GET /trace?text=…`.
pub async fn trace_page(State(state): State<AppState>, Query(params): Query<TraceParams>) -> Response {
    respond(&state, params).await
}

/// `POST /trace` (form field `text`).
pub async fn trace_page_post(State(state): State<AppState>, Form(params): Form<TraceParams>) -> Response {
    respond(&state, params).await
}

async fn respond(state: &AppState, params: TraceParams) -> Response {
    let text = params.text.clone().unwrap_or_default();
    let mut page = TracePage { title: "溯源".into(), nav: "trace", text, error: None, result: None };
    let outcome = match params.text() {
        Some(quote) => run_trace(state, quote.to_string()).await.map(Some),
        None => Ok(None),
    };
    match outcome {
        Ok(result) => {
            page.result = result.map(|result| trace_view(&result));
            render(StatusCode::OK, &page)
        }
        Err(err) => {
            page.error = Some(err.public_message());
            render(err.status(), &page)
        }
    }
}

fn trace_view(result: &TraceResult) -> TraceView {
    let matches = result
        .matches
        .iter()
        .map(|found| TraceRow {
            href: paragraph_href(&found.document.id, found.paragraph),
            title: found.document.title.clone(),
            meta: summary_meta(&found.document),
            percent: (found.similarity * 100.0).round() as u32,
            passage: found.passage.clone(),
            likely_source: result.likely_source.as_deref() == Some(found.document.id.as_str()),
        })
        .collect();
    TraceView { quote_chars: result.quote_chars, matches }
}
