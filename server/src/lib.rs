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
pub mod markdown_text;
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
    /// Corpus-wide tables (citations, reposts, quote fingerprints) with the index generation they
    /// describe; built on first use and rebuilt when the index has changed since.
    catalog: Arc<tokio::sync::Mutex<Option<BuiltCatalog>>>,
    /// Three permits per core (enough to keep the cores busy while responses are written):
    /// searches beyond that wait their turn, first come first served, instead of all sharing the
    /// cores, which more than doubled the slowest responses under load (`scripts/bench-http.sh`).
    pub search_slots: Arc<tokio::sync::Semaphore>,
}

/// A catalog and the index generation it was built from.
type BuiltCatalog = (u64, Arc<views::catalog::Catalog>);

impl AppState {
    /// Creates the state around an open index.
    pub fn new(engine: SearchEngine) -> AppState {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        AppState {
            engine: Arc::new(engine),
            catalog: Arc::default(),
            search_slots: Arc::new(tokio::sync::Semaphore::new(cores * 3)),
        }
    }

    /// Returns the corpus-wide tables of the index as it is now, building them from every
    /// document on first use and again after a commit (re-index, crawl) changed the index.
    pub async fn catalog(&self) -> Result<Arc<views::catalog::Catalog>, error::ApiError> {
        // Held while building, so concurrent requests wait for one build instead of starting their own.
        let mut current = self.catalog.lock().await;
        let generation = self.engine.generation();
        if let Some((built_for, catalog)) = current.as_ref()
            && *built_for == generation
        {
            return Ok(catalog.clone());
        }
        let engine = self.engine.clone();
        let catalog = tokio::task::spawn_blocking(move || -> Result<_, error::ApiError> {
            let started = std::time::Instant::now();
            let documents = engine.all_documents()?;
            let catalog = views::catalog::Catalog::build(&documents);
            let elapsed_ms = started.elapsed().as_millis() as u64;
            tracing::info!(documents = catalog.len(), generation, elapsed_ms, "built the corpus catalog");
            Ok(Arc::new(catalog))
        })
        .await??;
        *current = Some((generation, catalog.clone()));
        Ok(catalog)
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

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use corpus::Document;
    use indexer::IndexBuilder;

    use super::*;

    fn add_documents(dir: &std::path::Path, ids: &[&str]) {
        let mut builder = IndexBuilder::open(dir).expect("index opens");
        for id in ids {
            let document = Document {
                id: (*id).into(),
                title: format!("养老服务{id}"),
                body: "老年助餐".into(),
                ..Document::default()
            };
            builder.add(document).expect("document added");
        }
        builder.commit().expect("commit");
    }

    #[tokio::test]
    async fn catalog_follows_the_index_after_a_commit() {
        let dir = tempfile::tempdir().expect("temp dir");
        add_documents(dir.path(), &["a", "b"]);
        let state = AppState::new(SearchEngine::open(dir.path()).expect("index opens"));
        assert_eq!(state.catalog().await.expect("catalog").len(), 2);
        add_documents(dir.path(), &["c"]);
        // The reader picks the commit up after a short delay; give it up to ten seconds.
        let mut seen = 0;
        for _ in 0..100 {
            seen = state.catalog().await.expect("catalog").len();
            if seen == 3 {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        assert_eq!(seen, 3, "the catalog still describes the index before the commit");
    }
}
