//! The OpenAPI description of the HTTP API (`GET /api/openapi.json`), generated with utoipa from
//! the handlers' annotations.

use axum::Json;
use utoipa::OpenApi;

/// The API description.
#[derive(OpenApi)]
#[openapi(
    info(title = "yanglao", description = "Search Chinese eldercare (养老服务) policy documents and news"),
    paths(
        crate::api::documents_search,
        crate::api::documents_search_csv,
        crate::api::documents_show,
        crate::api::healthz,
        crate::api_views::compare_show,
        crate::api_views::compare_csv,
        crate::api_views::timeline_show,
        crate::api_views::trace_show,
        crate::api_views::trace_create,
        crate::api_views::documents_citations
    ),
    components(schemas(
        indexer::SearchResponse,
        indexer::Hit,
        indexer::search::Facets,
        indexer::search::FacetCount,
        indexer::WordSplit,
        crate::api::ErrorBody,
        crate::views::compare::Comparison,
        crate::views::timeline::Timeline,
        crate::views::trace::TraceResult,
        crate::views::catalog::DocumentRelations
    ))
)]
pub struct ApiDoc;

/// `GET /api/openapi.json`.
pub async fn openapi_json() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}
