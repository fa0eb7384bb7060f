//! The yanglao server: an axum app over the search index, plus the `yanglao` binary's commands.
//!
//! # Layout
//! - [`app`] builds the router from an [`AppState`]; [`api`] holds the JSON handlers,
//!   [`pages`] the server-rendered HTML pages, [`openapi`] the OpenAPI document.
//! - [`error::ApiError`] maps every failure to a status and a JSON message.
//! - [`commands`]: one module per subcommand of the binary; [`inputs`] reads `index` inputs;
//!   [`bundled`] is the corpus compiled into the binary and its default index.
#![warn(missing_docs)]

pub mod api;
pub mod bundled;
pub mod commands;
pub mod error;
pub mod inputs;
pub mod openapi;
pub mod pages;

use std::sync::Arc;

use axum::Router;
use axum::routing::get;
use indexer::SearchEngine;
use tower_http::trace::TraceLayer;

/// Shared state of the handlers.
#[derive(Clone)]
pub struct AppState {
    /// The open index.
    pub engine: Arc<SearchEngine>,
}

impl AppState {
    /// Creates the state around an open index.
    pub fn new(engine: SearchEngine) -> AppState {
        AppState { engine: Arc::new(engine) }
    }
}

/// Builds the router: API, pages and health check.
pub fn app(state: AppState) -> Router {
    Router::new()
        .route("/", get(pages::search_page))
        .route("/healthz", get(api::healthz))
        .route("/api/search", get(api::documents_search))
        .route("/api/search.csv", get(api::documents_search_csv))
        .route("/api/documents/{id}", get(api::documents_show))
        .route("/api/openapi.json", get(openapi::openapi_json))
        .fallback(api::not_found)
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}
