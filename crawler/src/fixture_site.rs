//! The fixture site: the pages of `corpus/fixtures/site/` served by axum on `127.0.0.1:0`, with
//! the misbehaviours a crawler meets on government sites (feature `fixture-site`, for tests).
//!
//! Files are served by path (`/list/news/index.html` → `site/list/news/index.html`, `/` →
//! `index.html`); `{{BASE}}` in robots.txt, the sitemap and the feed becomes the server's
//! `http://127.0.0.1:PORT`. Every response has an `ETag` and `Last-Modified` and honours
//! `If-None-Match` with a 304. Besides the files:
//! - `*gbk-notice.html` is served GBK-encoded with `Content-Type: text/html` (no charset);
//!   `*big5.html` Big5-encoded, its charset only in `<meta>`;
//! - `/old/notice.html` → 301 → `/policy/2024/notice-a.html`; `/loop/a` ↔ `/loop/b` loop;
//! - `/missing.html` 404, `/broken.html` 500 always, `/busy/notice-b.html` 503 with
//!   `Retry-After: 1` the first time, then the page;
//! - `/slow.html` answers after [`SLOW_RESPONSE_DELAY`]; `/huge.html` is [`HUGE_PAGE_BYTES`] long.
//!
//! Every request is logged with its arrival time ([`FixtureSite::requests`]), so tests can check
//! that disallowed pages were never requested and that the per-host delay held.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::Response;
use sha2::{Digest, Sha256};

/// How long `/slow.html` waits before answering.
pub const SLOW_RESPONSE_DELAY: Duration = Duration::from_secs(3);
/// Size of `/huge.html`.
pub const HUGE_PAGE_BYTES: usize = 3 * 1024 * 1024;
/// The `Last-Modified` of every page.
const LAST_MODIFIED: &str = "Mon, 01 Jul 2024 08:00:00 GMT";

/// One logged request.
#[derive(Debug, Clone)]
pub struct LoggedRequest {
    /// When it arrived.
    pub at: Instant,
    /// Path and query.
    pub path: String,
    /// The `If-None-Match` header, if sent.
    pub if_none_match: Option<String>,
    /// The `If-Modified-Since` header, if sent.
    pub if_modified_since: Option<String>,
    /// The status answered.
    pub status: u16,
}

#[derive(Debug)]
struct SiteState {
    root: PathBuf,
    base: String,
    log: Mutex<Vec<LoggedRequest>>,
    busy_served: AtomicBool,
    overrides: Mutex<HashMap<String, String>>,
}

/// A running fixture site.
#[derive(Debug, Clone)]
pub struct FixtureSite {
    state: Arc<SiteState>,
    address: SocketAddr,
}

/// Returns the folder of the fixture pages.
pub fn site_root() -> PathBuf {
    corpus::source_dir().join("fixtures").join("site")
}

impl FixtureSite {
    /// Starts the site on `127.0.0.1:0` in the current tokio runtime.
    pub async fn start() -> std::io::Result<FixtureSite> {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let address = listener.local_addr()?;
        let state = Arc::new(SiteState {
            root: site_root(),
            base: format!("http://{address}"),
            log: Mutex::new(Vec::new()),
            busy_served: AtomicBool::new(false),
            overrides: Mutex::new(HashMap::new()),
        });
        let app = Router::new().fallback(serve).with_state(Arc::clone(&state));
        tokio::spawn(async move {
            if let Err(err) = axum::serve(listener, app).await {
                tracing::error!(cause = %err, "fixture site stopped");
            }
        });
        Ok(FixtureSite { state, address })
    }

    /// Returns `http://127.0.0.1:PORT`.
    pub fn base(&self) -> &str {
        &self.state.base
    }

    /// Returns the full URL of a path.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.state.base)
    }

    /// Returns the server address.
    pub fn address(&self) -> SocketAddr {
        self.address
    }

    /// Returns the requests logged so far.
    pub fn requests(&self) -> Vec<LoggedRequest> {
        self.state.log.lock().map(|log| log.clone()).unwrap_or_default()
    }

    /// Forgets the logged requests.
    pub fn clear_requests(&self) {
        if let Ok(mut log) = self.state.log.lock() {
            log.clear();
        }
    }

    /// Serves `html` at `path` instead of the file (to change a page between crawls).
    pub fn set_page(&self, path: &str, html: &str) {
        if let Ok(mut overrides) = self.state.overrides.lock() {
            overrides.insert(path.to_string(), html.to_string());
        }
    }
}

async fn serve(State(state): State<Arc<SiteState>>, request: Request) -> Response {
    let at = Instant::now();
    let path = request.uri().path_and_query().map(|pq| pq.as_str().to_string()).unwrap_or_else(|| "/".into());
    let headers = request.headers().clone();
    let response = respond(&state, request.uri().path(), &headers).await;
    let logged = LoggedRequest {
        at,
        path,
        if_none_match: header_text(&headers, header::IF_NONE_MATCH),
        if_modified_since: header_text(&headers, header::IF_MODIFIED_SINCE),
        status: response.status().as_u16(),
    };
    tracing::debug!(path = %logged.path, status = logged.status, "fixture request");
    if let Ok(mut log) = state.log.lock() {
        log.push(logged);
    }
    response
}

fn header_text(headers: &HeaderMap, name: header::HeaderName) -> Option<String> {
    headers.get(name).and_then(|value| value.to_str().ok()).map(str::to_string)
}

fn status_page(status: StatusCode, extra: &[(header::HeaderName, &str)]) -> Response {
    let mut response = Response::new(Body::from(format!("<html><body><h1>{status}</h1></body></html>")));
    *response.status_mut() = status;
    response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"));
    for (name, value) in extra {
        if let Ok(value) = HeaderValue::from_str(value) {
            response.headers_mut().insert(name.clone(), value);
        }
    }
    response
}

async fn respond(state: &SiteState, path: &str, request_headers: &HeaderMap) -> Response {
    match path {
        "/old/notice.html" => {
            return status_page(StatusCode::MOVED_PERMANENTLY, &[(header::LOCATION, "/policy/2024/notice-a.html")]);
        }
        "/loop/a" => return status_page(StatusCode::FOUND, &[(header::LOCATION, "/loop/b")]),
        "/loop/b" => return status_page(StatusCode::FOUND, &[(header::LOCATION, "/loop/a")]),
        "/broken.html" => return status_page(StatusCode::INTERNAL_SERVER_ERROR, &[]),
        "/slow.html" => {
            tokio::time::sleep(SLOW_RESPONSE_DELAY).await;
            return file_response(request_headers, b"<html><body><p>slow</p></body></html>".to_vec(), "text/html");
        }
        "/huge.html" => {
            let mut body = b"<html><body>".to_vec();
            body.resize(HUGE_PAGE_BYTES, b'x');
            return file_response(request_headers, body, "text/html; charset=utf-8");
        }
        "/busy/notice-b.html" if !state.busy_served.swap(true, Ordering::SeqCst) => {
            return status_page(StatusCode::SERVICE_UNAVAILABLE, &[(header::RETRY_AFTER, "1")]);
        }
        _ => {}
    }
    let relative = if path.ends_with('/') { format!("{path}index.html") } else { path.to_string() };
    let overridden = state.overrides.lock().ok().and_then(|overrides| overrides.get(path).cloned());
    let text = match overridden {
        Some(text) => text,
        None => {
            if relative.split('/').any(|segment| segment == "..") {
                return status_page(StatusCode::NOT_FOUND, &[]);
            }
            match tokio::fs::read_to_string(state.root.join(relative.trim_start_matches('/'))).await {
                Ok(text) => text,
                Err(_) => return status_page(StatusCode::NOT_FOUND, &[]),
            }
        }
    };
    let text = text.replace("{{BASE}}", &state.base);
    if relative.ends_with("gbk-notice.html") {
        let (bytes, _, _) = encoding_rs::GBK.encode(&text);
        return file_response(request_headers, bytes.into_owned(), "text/html");
    }
    if relative.ends_with("big5.html") {
        let (bytes, _, _) = encoding_rs::BIG5.encode(&text);
        return file_response(request_headers, bytes.into_owned(), "text/html");
    }
    let content_type = if relative.ends_with(".txt") {
        "text/plain; charset=utf-8"
    } else if relative.ends_with("sitemap.xml") {
        "application/xml"
    } else if relative.ends_with(".xml") {
        "application/rss+xml"
    } else {
        "text/html; charset=utf-8"
    };
    file_response(request_headers, text.into_bytes(), content_type)
}

fn file_response(request_headers: &HeaderMap, body: Vec<u8>, content_type: &str) -> Response {
    let digest = Sha256::digest(&body);
    let etag = format!("\"{}\"", digest[..8].iter().map(|byte| format!("{byte:02x}")).collect::<String>());
    let matches =
        request_headers.get(header::IF_NONE_MATCH).and_then(|value| value.to_str().ok()) == Some(etag.as_str());
    let mut response = if matches {
        let mut not_modified = Response::new(Body::empty());
        *not_modified.status_mut() = StatusCode::NOT_MODIFIED;
        not_modified
    } else {
        let mut ok = Response::new(Body::from(body));
        if let Ok(value) = HeaderValue::from_str(content_type) {
            ok.headers_mut().insert(header::CONTENT_TYPE, value);
        }
        ok
    };
    if let Ok(value) = HeaderValue::from_str(&etag) {
        response.headers_mut().insert(header::ETAG, value);
    }
    response.headers_mut().insert(header::LAST_MODIFIED, HeaderValue::from_static(LAST_MODIFIED));
    response
}
