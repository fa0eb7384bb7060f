//! The retry policy, in one place: which failures are worth another try
//! ([`RetryExt::should_retry`], as lychee's `retry.rs` does it) and how long to wait before it
//! ([`backoff`]: exponential, or what the server's `Retry-After` asks for).

use std::time::Duration;

use reqwest::StatusCode;

/// Whether a failure is transient, so the same request may succeed later.
pub trait RetryExt {
    /// Returns whether the request should be tried again.
    fn should_retry(&self) -> bool;
}

impl RetryExt for StatusCode {
    /// Retries 408, 429 and server errors except 501 (not implemented) and 505 (version).
    fn should_retry(&self) -> bool {
        match *self {
            StatusCode::REQUEST_TIMEOUT | StatusCode::TOO_MANY_REQUESTS => true,
            StatusCode::NOT_IMPLEMENTED | StatusCode::HTTP_VERSION_NOT_SUPPORTED => false,
            status => status.is_server_error(),
        }
    }
}

impl RetryExt for reqwest::Error {
    /// Retries timeouts, connection failures and broken bodies; not builder or redirect errors.
    fn should_retry(&self) -> bool {
        if self.is_timeout() || self.is_connect() || self.is_body() {
            return true;
        }
        if let Some(status) = self.status() {
            return status.should_retry();
        }
        self.is_request()
    }
}

/// Parses a `Retry-After` value: delay seconds or an HTTP date (RFC 9110 §10.2.3).
pub fn parse_retry_after(value: &str, now: chrono::DateTime<chrono::Utc>) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let date = chrono::DateTime::parse_from_rfc2822(value).ok()?;
    let wait = date.with_timezone(&chrono::Utc) - now;
    Some(wait.to_std().unwrap_or(Duration::ZERO))
}

/// Returns how long to wait before retry number `attempt` (1 for the first retry): the server's
/// `Retry-After` when given, else `base` doubled per attempt. Returns `None` when the server asks
/// for more than `max_wait`: waiting that long is not worth it, the page is given up for now.
pub fn backoff(attempt: u32, base: Duration, retry_after: Option<Duration>, max_wait: Duration) -> Option<Duration> {
    if let Some(asked) = retry_after {
        return (asked <= max_wait).then_some(asked);
    }
    let factor = 1u32.checked_shl(attempt.saturating_sub(1)).unwrap_or(u32::MAX);
    Some(base.saturating_mul(factor).min(max_wait))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transient_statuses_are_retried() {
        assert!(StatusCode::SERVICE_UNAVAILABLE.should_retry());
        assert!(StatusCode::TOO_MANY_REQUESTS.should_retry());
        assert!(StatusCode::INTERNAL_SERVER_ERROR.should_retry());
        assert!(!StatusCode::NOT_FOUND.should_retry());
        assert!(!StatusCode::NOT_IMPLEMENTED.should_retry());
        assert!(!StatusCode::OK.should_retry());
    }

    #[test]
    fn retry_after_reads_seconds_and_dates() {
        let now = chrono::DateTime::parse_from_rfc3339("2015-10-21T07:28:00Z").unwrap().with_timezone(&chrono::Utc);
        assert_eq!(parse_retry_after("120", now), Some(Duration::from_secs(120)));
        assert_eq!(parse_retry_after("Wed, 21 Oct 2015 07:28:30 GMT", now), Some(Duration::from_secs(30)));
        assert_eq!(parse_retry_after("soon", now), None);
    }

    #[test]
    fn backoff_doubles_and_honours_retry_after() {
        let base = Duration::from_millis(100);
        let max = Duration::from_secs(10);
        assert_eq!(backoff(1, base, None, max), Some(Duration::from_millis(100)));
        assert_eq!(backoff(3, base, None, max), Some(Duration::from_millis(400)));
        assert_eq!(backoff(40, base, None, max), Some(max));
        assert_eq!(backoff(1, base, Some(Duration::from_secs(2)), max), Some(Duration::from_secs(2)));
        assert_eq!(backoff(1, base, Some(Duration::from_secs(60)), max), None);
    }
}
