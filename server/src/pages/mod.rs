//! Server-rendered HTML pages (askama templates in `server/templates/`, escaped by default; only
//! our own escaped snippet and chart HTML is inlined with `|safe`), plus the stylesheet and the
//! small script, served from the binary.
//!
//! One module per page; each page's logic lives in [`crate::views`] and is shared with its JSON
//! twin in [`crate::api_views`].

pub mod compare;
pub mod document;
pub mod search;
pub mod timeline;
pub mod trace;

use askama::Template;
use axum::http::{StatusCode, Uri, header};
use axum::response::{Html, IntoResponse, Response};

use crate::error::ApiError;

/// The stylesheet, compiled into the binary.
const STYLE_CSS: &str = include_str!("../../assets/style.css");
/// The script (copy buttons), compiled into the binary.
const APP_JS: &str = include_str!("../../assets/app.js");

/// Renders a page with a status, or the 500 page when the template fails.
pub fn render(status: StatusCode, page: &impl Template) -> Response {
    match page.render() {
        Ok(html) => (status, Html(html)).into_response(),
        Err(err) => {
            tracing::error!(error = %err, "failed to render a page");
            let fallback = ErrorPage::new(StatusCode::INTERNAL_SERVER_ERROR, "something went wrong".into());
            let html = fallback.render().unwrap_or_else(|_| "something went wrong".into());
            (StatusCode::INTERNAL_SERVER_ERROR, Html(html)).into_response()
        }
    }
}

/// The page shown for a 4xx or 5xx.
#[derive(Template)]
#[template(path = "error.html")]
pub struct ErrorPage {
    /// Window title.
    pub title: String,
    /// Highlighted navigation entry.
    pub nav: &'static str,
    /// HTTP status code.
    pub status: u16,
    /// What went wrong, for the reader.
    pub message: String,
}

impl ErrorPage {
    /// Creates the page for a status and message.
    pub fn new(status: StatusCode, message: String) -> ErrorPage {
        let title = match status {
            StatusCode::NOT_FOUND => "找不到页面".to_string(),
            StatusCode::BAD_REQUEST => "请求有误".to_string(),
            _ => "出错了".to_string(),
        };
        ErrorPage { title, nav: "", status: status.as_u16(), message }
    }
}

/// Renders the error page of an [`ApiError`].
pub fn error_response(err: &ApiError) -> Response {
    if let ApiError::Internal(details) = err {
        tracing::error!(error = %details, "page failed");
    }
    render(err.status(), &ErrorPage::new(err.status(), err.public_message()))
}

/// Unknown paths: a JSON 404 under `/api/`, the HTML 404 page elsewhere.
pub async fn not_found(uri: Uri) -> Response {
    if uri.path().starts_with("/api/") {
        return crate::api::not_found().await.into_response();
    }
    error_response(&ApiError::NotFound(format!("没有这个页面：{}", uri.path())))
}

/// `GET /assets/style.css`.
pub async fn style_css() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "text/css; charset=utf-8"), (header::CACHE_CONTROL, "public, max-age=3600")], STYLE_CSS)
}

/// `GET /assets/app.js`.
pub async fn app_js() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8"), (header::CACHE_CONTROL, "public, max-age=3600")],
        APP_JS,
    )
}

/// A link to a document in a list.
#[derive(Debug, Clone)]
pub struct DocLink {
    /// `/doc/{id}` (with a paragraph anchor when useful).
    pub href: String,
    /// Title.
    pub title: String,
    /// Date, issuer or source, province: one line of context.
    pub meta: String,
}

impl DocLink {
    /// Creates the link to a summarized document.
    pub fn of(summary: &crate::views::catalog::DocSummary) -> DocLink {
        DocLink { href: doc_href(&summary.id), title: summary.title.clone(), meta: summary_meta(summary) }
    }
}

/// Returns the page of a document.
pub fn doc_href(id: &str) -> String {
    let mut href = String::from("/doc/");
    href.extend(url::form_urlencoded::byte_serialize(id.as_bytes()));
    href
}

/// Returns one line of context: date · issuer or source · province.
pub fn summary_meta(summary: &crate::views::catalog::DocSummary) -> String {
    let parts = [summary.date(), summary.issuer.as_deref().or(summary.source.as_deref()), summary.province.as_deref()];
    parts.into_iter().flatten().collect::<Vec<_>>().join(" · ")
}

/// Returns `/path?key=value` with the value encoded.
pub fn href_with(path: &str, pairs: &[(&str, &str)]) -> String {
    let mut serializer = url::form_urlencoded::Serializer::new(String::new());
    for (key, value) in pairs.iter().filter(|(_, value)| !value.is_empty()) {
        serializer.append_pair(key, value);
    }
    let query = serializer.finish();
    if query.is_empty() { path.to_string() } else { format!("{path}?{query}") }
}
