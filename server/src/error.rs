//! The API error type: every failure becomes a JSON body `{"error": "..."}` with one status mapping.
//!
//! Client mistakes (bad query syntax, bad parameters) get a 4xx with a message saying what is
//! wrong; internal failures get a 500 saying "something went wrong" and the details go to the log.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use indexer::IndexError;

/// An error answered to an API client.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// The request is malformed.
    #[error("{0}")]
    BadRequest(String),
    /// The resource does not exist.
    #[error("{0}")]
    NotFound(String),
    /// Something failed on our side.
    #[error("internal error: {0}")]
    Internal(String),
}

impl ApiError {
    /// Returns the HTTP status of this error.
    pub fn status(&self) -> StatusCode {
        match self {
            ApiError::BadRequest(_) => StatusCode::BAD_REQUEST,
            ApiError::NotFound(_) => StatusCode::NOT_FOUND,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// Returns the message shown to the client.
    pub fn public_message(&self) -> String {
        match self {
            ApiError::Internal(_) => "something went wrong".to_string(),
            other => other.to_string(),
        }
    }
}

impl From<IndexError> for ApiError {
    fn from(err: IndexError) -> ApiError {
        match err {
            IndexError::Query(query_error) => ApiError::BadRequest(format!("invalid query: {query_error}")),
            other => ApiError::Internal(other.to_string()),
        }
    }
}

impl From<tokio::task::JoinError> for ApiError {
    fn from(err: tokio::task::JoinError) -> ApiError {
        ApiError::Internal(format!("search task failed: {err}"))
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        if let ApiError::Internal(details) = &self {
            tracing::error!(error = %details, "request failed");
        }
        let body = serde_json::json!({ "error": self.public_message() });
        (self.status(), Json(body)).into_response()
    }
}
