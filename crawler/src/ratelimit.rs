//! Per-host rate limiting: at most one request per host every `delay` (the configured delay, or
//! the host's robots.txt `Crawl-delay` when longer).
//!
//! A small slot scheduler rather than governor: each call reserves the host's next free slot
//! under a lock, then sleeps until it outside the lock, so concurrent tasks for one host are
//! spaced out while other hosts proceed in parallel.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

use tokio::time::Instant;
use url::Url;

/// Returns the key a URL is rate limited under: its lowercase host, with `:port` when the port
/// is not the scheme's default.
pub fn host_key(url: &Url) -> String {
    let host = url.host_str().unwrap_or_default().to_lowercase();
    match url.port() {
        Some(port) => format!("{host}:{port}"),
        None => host,
    }
}

#[derive(Debug, Default)]
struct HostState {
    last_slot: Option<Instant>,
    next_slot: Option<Instant>,
    delay: Option<Duration>,
}

/// Spaces requests to each host.
#[derive(Debug)]
pub struct HostRateLimiter {
    default_delay: Duration,
    hosts: Mutex<HashMap<String, HostState>>,
}

impl HostRateLimiter {
    /// Creates a limiter with the given default delay between two requests to one host.
    pub fn new(default_delay: Duration) -> HostRateLimiter {
        HostRateLimiter { default_delay, hosts: Mutex::new(HashMap::new()) }
    }

    /// Sets a host's delay (e.g. from its `Crawl-delay`); the longer of it and the default holds.
    pub fn set_host_delay(&self, host: &str, delay: Duration) {
        let mut hosts = self.hosts.lock().expect("the rate limiter lock is never poisoned: no code panics under it");
        let state = hosts.entry(host.to_string()).or_default();
        state.delay = Some(delay);
        // The new delay applies from the last request on: the request after robots.txt waits too.
        if let Some(last) = state.last_slot {
            let earliest = last + delay.max(self.default_delay);
            state.next_slot = Some(state.next_slot.map_or(earliest, |next| next.max(earliest)));
        }
    }

    /// Returns the delay in force for a host.
    pub fn delay_for(&self, host: &str) -> Duration {
        let hosts = self.hosts.lock().expect("the rate limiter lock is never poisoned: no code panics under it");
        let host_delay = hosts.get(host).and_then(|state| state.delay).unwrap_or_default();
        host_delay.max(self.default_delay)
    }

    /// Reserves the host's next slot and returns when it starts.
    fn reserve(&self, host: &str) -> Instant {
        let mut hosts = self.hosts.lock().expect("the rate limiter lock is never poisoned: no code panics under it");
        let state = hosts.entry(host.to_string()).or_default();
        let delay = state.delay.unwrap_or_default().max(self.default_delay);
        let now = Instant::now();
        let slot = state.next_slot.map_or(now, |next| next.max(now));
        state.last_slot = Some(slot);
        state.next_slot = Some(slot + delay);
        slot
    }

    /// Waits until a request to `host` may be sent.
    pub async fn wait(&self, host: &str) {
        let slot = self.reserve(host);
        tokio::time::sleep_until(slot).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_key_keeps_non_default_ports() {
        assert_eq!(host_key(&Url::parse("http://127.0.0.1:8080/a").unwrap()), "127.0.0.1:8080");
        assert_eq!(host_key(&Url::parse("https://WWW.GOV.CN:443/a").unwrap()), "www.gov.cn");
    }

    #[test]
    fn slots_are_spaced_per_host_and_crawl_delay_wins_when_longer() {
        let limiter = HostRateLimiter::new(Duration::from_millis(100));
        let first = limiter.reserve("a.cn");
        let second = limiter.reserve("a.cn");
        let other_host = limiter.reserve("b.cn");
        assert!(second - first >= Duration::from_millis(100));
        assert!(other_host < second, "help: another host must not wait for a.cn's slots");
        limiter.set_host_delay("a.cn", Duration::from_millis(300));
        assert_eq!(limiter.delay_for("a.cn"), Duration::from_millis(300));
        let third = limiter.reserve("a.cn");
        assert!(third - second >= Duration::from_millis(300), "help: a new crawl delay applies from the last request");
        let fourth = limiter.reserve("a.cn");
        assert!(fourth - third >= Duration::from_millis(300));
        limiter.set_host_delay("b.cn", Duration::from_millis(10));
        assert_eq!(limiter.delay_for("b.cn"), Duration::from_millis(100));
    }
}
