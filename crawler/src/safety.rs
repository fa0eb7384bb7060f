//! Request safety: only http(s), and no private, loopback or link-local addresses unless the
//! configuration allows them (`allow_private_addresses`, which the tests set for 127.0.0.1).
//!
//! The address check runs **after DNS resolution**, inside the HTTP client's resolver
//! ([`SafeResolver`]), so a public name that resolves to `10.0.0.1` (or is rebound to it between
//! two lookups) is refused at connect time. URLs with an IP literal skip the resolver, so
//! [`check_url`] checks those before the request.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};

use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use url::{Host, Url};

/// Why a URL is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UnsafeUrl {
    /// Not http or https.
    #[error("scheme `{0}` is not crawled (only http and https)")]
    Scheme(String),
    /// The address is private, loopback, link-local or otherwise not public.
    #[error("address {0} is not public (set `allow_private_addresses` to crawl it)")]
    PrivateAddress(IpAddr),
    /// The URL has no host.
    #[error("the URL has no host")]
    NoHost,
}

/// Checks scheme and, for IP-literal hosts, the address.
pub fn check_url(url: &Url, allow_private: bool) -> Result<(), UnsafeUrl> {
    if url.scheme() != "http" && url.scheme() != "https" {
        return Err(UnsafeUrl::Scheme(url.scheme().to_string()));
    }
    let address = match url.host() {
        None => return Err(UnsafeUrl::NoHost),
        Some(Host::Domain(_)) => return Ok(()),
        Some(Host::Ipv4(ip)) => IpAddr::V4(ip),
        Some(Host::Ipv6(ip)) => IpAddr::V6(ip),
    };
    if !allow_private && !is_public(address) {
        return Err(UnsafeUrl::PrivateAddress(address));
    }
    Ok(())
}

/// Returns whether an address is a public unicast address.
pub fn is_public(address: IpAddr) -> bool {
    match address {
        IpAddr::V4(ip) => is_public_v4(ip),
        IpAddr::V6(ip) => {
            if let Some(mapped) = ip.to_ipv4_mapped() {
                return is_public_v4(mapped);
            }
            is_public_v6(ip)
        }
    }
}

fn is_public_v4(ip: Ipv4Addr) -> bool {
    let [first, second, ..] = ip.octets();
    let shared_cgnat = first == 100 && (64..128).contains(&second); // 100.64.0.0/10
    let benchmarking = first == 198 && (second == 18 || second == 19); // 198.18.0.0/15
    !(ip.is_private()
        || ip.is_loopback()
        || ip.is_link_local()
        || ip.is_unspecified()
        || ip.is_broadcast()
        || ip.is_multicast()
        || ip.is_documentation()
        || shared_cgnat
        || benchmarking
        || first == 0
        || first >= 240)
}

fn is_public_v6(ip: Ipv6Addr) -> bool {
    let first_segment = ip.segments()[0];
    let unique_local = (first_segment & 0xfe00) == 0xfc00; // fc00::/7
    let link_local = (first_segment & 0xffc0) == 0xfe80; // fe80::/10
    !(ip.is_loopback() || ip.is_unspecified() || ip.is_multicast() || unique_local || link_local)
}

/// A DNS resolver that drops non-public addresses unless allowed, and fails when none is left.
#[derive(Debug, Clone, Copy)]
pub struct SafeResolver {
    /// Allows private, loopback and link-local addresses.
    pub allow_private: bool,
}

impl Resolve for SafeResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let allow_private = self.allow_private;
        let host = name.as_str().to_string();
        Box::pin(async move {
            let resolved: Vec<SocketAddr> = tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            let kept: Vec<SocketAddr> =
                resolved.iter().copied().filter(|address| allow_private || is_public(address.ip())).collect();
            if kept.is_empty() {
                let refused = resolved.first().map(|address| address.ip().to_string()).unwrap_or_default();
                let message = format!("`{host}` resolves only to non-public addresses ({refused})");
                return Err(message.into());
            }
            let addresses: Addrs = Box::new(kept.into_iter());
            Ok(addresses)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn private_and_loopback_literals_are_refused_unless_allowed() {
        for text in
            ["http://127.0.0.1/", "http://10.1.2.3/", "http://192.168.0.1/", "http://169.254.1.1/", "http://[::1]/"]
        {
            let url = Url::parse(text).unwrap();
            assert!(
                matches!(check_url(&url, false), Err(UnsafeUrl::PrivateAddress(_))),
                "help: {text} should be refused"
            );
            assert!(check_url(&url, true).is_ok());
        }
        assert!(check_url(&Url::parse("http://114.114.114.114/").unwrap(), false).is_ok());
    }

    #[test]
    fn only_http_schemes_pass() {
        let url = Url::parse("ftp://www.mca.gov.cn/").unwrap();
        assert_eq!(check_url(&url, true), Err(UnsafeUrl::Scheme("ftp".into())));
        assert!(check_url(&Url::parse("https://www.mca.gov.cn/").unwrap(), false).is_ok());
    }

    #[test]
    fn mapped_and_unique_local_v6_are_not_public() {
        assert!(!is_public("::ffff:10.0.0.1".parse().unwrap()));
        assert!(!is_public("fd00::1".parse().unwrap()));
        assert!(!is_public("fe80::1".parse().unwrap()));
        assert!(is_public("2400:3200::1".parse().unwrap()));
    }
}
