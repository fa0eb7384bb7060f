//! The yanglao server: an axum app over the search index, plus the `yanglao` binary's commands.
//!
//! # Layout
//! - [`app`] builds the router from an [`AppState`]; [`api`] holds the JSON handlers,
//!   [`pages`] the server-rendered HTML pages, [`openapi`] the OpenAPI document.
//! - [`views`]: the logic of each page (compare, timeline, trace, citations, charts), shared by
//!   a page and its JSON twin in [`api_views`].
//! - [`error::ApiError`] maps every failure to a status and a JSON message.
//! - [`commands`]: one module per subcommand of the binary; [`inputs`] reads `index` inputs;
//!   [`bundled`] is the corpus compiled into the binary and its default index.
#![warn(missing_docs)]

pub mod api;
pub mod api_views;
pub mod bundled;
pub mod commands;
pub mod error;
pub mod inputs;
pub mod openapi;
pub mod pages;
pub mod views;

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
    /// Corpus-wide tables (citations, reposts, quote fingerprints), built on first use.
    pub catalog: Arc<tokio::sync::OnceCell<Arc<views::catalog::Catalog>>>,
}

impl AppState {
    /// Creates the state around an open index.
    pub fn new(engine: SearchEngine) -> AppState {
        AppState { engine: Arc::new(engine), catalog: Arc::default() }
    }

    /// Returns the corpus-wide tables, building them from every document on first use.
    pub async fn catalog(&self) -> Result<Arc<views::catalog::Catalog>, error::ApiError> {
        let catalog = self
            .catalog
            .get_or_try_init(|| async {
                let engine = self.engine.clone();
                let built = tokio::task::spawn_blocking(move || -> Result<_, error::ApiError> {
                    let started = std::time::Instant::now();
                    let documents = engine.all_documents()?;
                    let catalog = views::catalog::Catalog::build(&documents);
                    let elapsed_ms = started.elapsed().as_millis() as u64;
                    tracing::info!(documents = catalog.len(), elapsed_ms, "built the corpus catalog");
                    Ok(Arc::new(catalog))
                })
                .await??;
                Ok::<_, error::ApiError>(built)
            })
            .await?;
        Ok(catalog.clone())
    }
}

/// Builds the router: API, pages and health check.
pub fn app(state: AppState) -> Router {
    Router::new()
        .route("/", get(pages::search::search_page))
        .route("/doc/{id}", get(pages::document::document_page))
        .route("/compare", get(pages::compare::compare_page))
        .route("/timeline", get(pages::timeline::timeline_page))
        .route("/trace", get(pages::trace::trace_page).post(pages::trace::trace_page_post))
        .route("/assets/style.css", get(pages::style_css))
        .route("/assets/app.js", get(pages::app_js))
        .route("/healthz", get(api::healthz))
        .route("/api/search", get(api::documents_search))
        .route("/api/search.csv", get(api::documents_search_csv))
        .route("/api/documents/{id}", get(api::documents_show))
        .route("/api/documents/{id}/citations", get(api_views::documents_citations))
        .route("/api/compare", get(api_views::compare_show))
        .route("/api/compare.csv", get(api_views::compare_csv))
        .route("/api/timeline", get(api_views::timeline_show))
        .route("/api/trace", get(api_views::trace_show).post(api_views::trace_create))
        .route("/api/openapi.json", get(openapi::openapi_json))
        .fallback(pages::not_found)
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}
