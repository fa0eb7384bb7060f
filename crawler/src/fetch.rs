//! Network I/O: one HTTP GET at a time, nothing else ([`Fetcher::get_once`]).
//!
//! Redirects are **not** followed by the client: each hop comes back as a 3xx
//! [`FetchedResponse`] so the pipeline can check it (safety, robots.txt, rate limit, loops, the
//! `max_redirects` cap) and archive it like any other response ([`redirect_target`] reads the
//! `Location`). Bodies are read chunk by chunk and cut at `max_page_size`
//! ([`FetchedResponse::truncated`]). Conditional requests send the `ETag`/`Last-Modified` of the
//! previous fetch ([`Validators`]). Bytes are returned as they came: decoding belongs to
//! [`crate::decode`] (reqwest's `text()` only reads the header charset).

use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{HeaderMap, IF_MODIFIED_SINCE, IF_NONE_MATCH};
use url::Url;

use crate::CrawlError;
use crate::config::CrawlConfig;
use crate::retry::RetryExt;
use crate::safety::{SafeResolver, UnsafeUrl};

/// Validators of a previous fetch, sent back as `If-None-Match` / `If-Modified-Since`.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Validators {
    /// The `ETag` the server sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub etag: Option<String>,
    /// The `Last-Modified` the server sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_modified: Option<String>,
}

impl Validators {
    /// Returns whether there is anything to send.
    pub fn is_empty(&self) -> bool {
        self.etag.is_none() && self.last_modified.is_none()
    }
}

/// One HTTP response, body included (possibly cut).
#[derive(Debug, Clone)]
pub struct FetchedResponse {
    /// The URL requested.
    pub url: Url,
    /// The status code.
    pub status: u16,
    /// The response headers in order, values decoded lossily.
    pub headers: Vec<(String, String)>,
    /// The body as received (no content coding is asked for, so none is applied).
    pub body: Vec<u8>,
    /// Whether the body was cut at `max_page_size`.
    pub truncated: bool,
    /// When the response arrived.
    pub fetched_at: chrono::DateTime<chrono::Utc>,
    /// Whether the request carried validators.
    pub conditional: bool,
}

impl FetchedResponse {
    /// Returns the first value of a header (case-insensitive name).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(key, _)| key.eq_ignore_ascii_case(name)).map(|(_, value)| value.as_str())
    }

    /// Returns the `Content-Type`.
    pub fn content_type(&self) -> Option<&str> {
        self.header("content-type")
    }

    /// Returns the validators to send next time.
    pub fn validators(&self) -> Validators {
        Validators {
            etag: self.header("etag").map(str::to_string),
            last_modified: self.header("last-modified").map(str::to_string),
        }
    }

    /// Returns the wait the server asks for with `Retry-After`.
    pub fn retry_after(&self) -> Option<Duration> {
        crate::retry::parse_retry_after(self.header("retry-after")?, chrono::Utc::now())
    }
}

/// Returns where a redirect response points, resolved and normalized; `None` when the response
/// is not a redirect (or has no usable `Location`).
pub fn redirect_target(response: &FetchedResponse) -> Option<Url> {
    if !matches!(response.status, 301 | 302 | 303 | 307 | 308) {
        return None;
    }
    crate::urlnorm::resolve(&response.url, response.header("location")?)
}

/// Why a request produced no response.
#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    /// The URL is refused by the safety rules.
    #[error("refused `{1}`: {0}")]
    Unsafe(#[source] UnsafeUrl, Url),
    /// The request failed (connection, timeout, DNS, refused address…).
    #[error("request to `{1}` failed: {0}")]
    Request(#[source] reqwest::Error, Url),
}

impl RetryExt for FetchError {
    fn should_retry(&self) -> bool {
        match self {
            FetchError::Unsafe(..) => false,
            FetchError::Request(err, _) => err.should_retry() && !is_refused_address(err),
        }
    }
}

/// Returns whether an error comes from [`SafeResolver`] refusing an address (no use retrying).
fn is_refused_address(err: &reqwest::Error) -> bool {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(err);
    while let Some(current) = source {
        if current.to_string().contains("non-public addresses") {
            return true;
        }
        source = current.source();
    }
    false
}

/// The HTTP client with the crawl's limits.
#[derive(Debug, Clone)]
pub struct Fetcher {
    client: reqwest::Client,
    max_page_size: u64,
    allow_private: bool,
}

/// Installs rustls' ring crypto provider as the process default (reqwest is built with
/// `rustls-no-provider`). A provider installed earlier, by us or the binary, is kept.
pub fn install_crypto_provider() {
    let _already_installed = rustls::crypto::ring::default_provider().install_default();
}

impl Fetcher {
    /// Creates the client: no automatic redirects, the configured timeout and user agent, and
    /// the [`SafeResolver`].
    pub fn new(config: &CrawlConfig) -> crate::Result<Fetcher> {
        install_crypto_provider();
        let resolver = SafeResolver { allow_private: config.allow_private_addresses };
        let client = reqwest::Client::builder()
            .user_agent(config.user_agent.clone())
            .redirect(reqwest::redirect::Policy::none())
            .timeout(config.request_timeout)
            .connect_timeout(config.request_timeout.min(Duration::from_secs(10)))
            .dns_resolver(Arc::new(resolver))
            .no_proxy()
            .build()
            .map_err(CrawlError::HttpClient)?;
        Ok(Fetcher { client, max_page_size: config.max_page_size, allow_private: config.allow_private_addresses })
    }

    /// Sends one GET (no redirect following) and reads the body up to the size cap.
    pub async fn get_once(&self, url: &Url, validators: &Validators) -> Result<FetchedResponse, FetchError> {
        crate::safety::check_url(url, self.allow_private).map_err(|err| FetchError::Unsafe(err, url.clone()))?;
        let mut request = self.client.get(url.clone());
        if let Some(etag) = &validators.etag {
            request = request.header(IF_NONE_MATCH, etag);
        }
        if let Some(last_modified) = &validators.last_modified {
            request = request.header(IF_MODIFIED_SINCE, last_modified);
        }
        let mut response = request.send().await.map_err(|err| FetchError::Request(err, url.clone()))?;
        let status = response.status().as_u16();
        let headers = header_pairs(response.headers());
        let declared_too_large = response.content_length().is_some_and(|length| length > self.max_page_size);
        let mut body = Vec::new();
        let mut truncated = declared_too_large;
        while !truncated {
            let Some(chunk) = response.chunk().await.map_err(|err| FetchError::Request(err, url.clone()))? else {
                break;
            };
            let room = usize::try_from(self.max_page_size).unwrap_or(usize::MAX).saturating_sub(body.len());
            if chunk.len() > room {
                body.extend_from_slice(&chunk[..room]);
                truncated = true;
            } else {
                body.extend_from_slice(&chunk);
            }
        }
        Ok(FetchedResponse {
            url: url.clone(),
            status,
            headers,
            body,
            truncated,
            fetched_at: chrono::Utc::now(),
            conditional: !validators.is_empty(),
        })
    }
}

fn header_pairs(headers: &HeaderMap) -> Vec<(String, String)> {
    headers
        .iter()
        .map(|(name, value)| (name.as_str().to_string(), String::from_utf8_lossy(value.as_bytes()).into_owned()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn response(status: u16, headers: &[(&str, &str)]) -> FetchedResponse {
        FetchedResponse {
            url: Url::parse("http://a.cn/list/index.html").unwrap(),
            status,
            headers: headers.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(),
            body: Vec::new(),
            truncated: false,
            fetched_at: chrono::Utc::now(),
            conditional: false,
        }
    }

    #[test]
    fn redirect_targets_resolve_against_the_request_url() {
        let moved = response(301, &[("Location", "../art/1.html#x")]);
        assert_eq!(redirect_target(&moved).unwrap().as_str(), "http://a.cn/art/1.html");
        assert!(redirect_target(&response(200, &[("Location", "/x")])).is_none());
        assert!(redirect_target(&response(302, &[])).is_none());
    }

    #[test]
    fn validators_and_retry_after_are_read_from_headers() {
        let ok = response(200, &[("ETag", "\"v1\""), ("Last-Modified", "Wed, 21 Oct 2015 07:28:00 GMT")]);
        assert_eq!(ok.validators().etag.as_deref(), Some("\"v1\""));
        assert!(ok.validators().last_modified.is_some());
        let busy = response(503, &[("Retry-After", "1")]);
        assert_eq!(busy.retry_after(), Some(Duration::from_secs(1)));
    }
}
