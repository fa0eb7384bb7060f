//! URL normalization: one spelling per page, so the frontier's seen-set recognises a page
//! however a link writes it.
//!
//! The `url` crate already lowercases scheme and host, drops default ports, resolves `.`/`..`
//! and percent-encodes non-ASCII paths (`/养老/` → `/%E5%85%BB%E8%80%81/`). On top of that we drop the
//! fragment and tracking parameters (`utm_*`, `spm`, `from`, WeChat share parameters…), write
//! percent escapes in upper case, drop a host's trailing dot and an empty query.

use url::Url;

/// Query parameters that only track where a visitor came from (exact names, lowercase).
const TRACKING_PARAMETERS: &[&str] = &[
    "spm",
    "from",
    "fbclid",
    "gclid",
    "isappinstalled",
    "scene",
    "clicktime",
    "enterid",
    "wxshare_count",
    "nsukey",
    "share_token",
    "sharer_shareid",
    "timestamp",
];

/// Returns whether a query parameter name is a tracking parameter.
pub fn is_tracking_parameter(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.starts_with("utm_") || lower.starts_with("share_") || TRACKING_PARAMETERS.contains(&lower.as_str())
}

/// Parses and normalizes a URL; only http and https are accepted.
pub fn normalize_str(text: &str) -> Result<Url, String> {
    let url = Url::parse(text.trim()).map_err(|err| err.to_string())?;
    normalize(url)
}

/// Resolves a link against the page it is on, then normalizes it. Returns `None` for links that
/// are not http(s) (`javascript:`, `mailto:`…) or do not parse.
pub fn resolve(base: &Url, link: &str) -> Option<Url> {
    let link = link.trim();
    if link.is_empty() || link.starts_with('#') {
        return None;
    }
    let url = base.join(link).ok()?;
    normalize(url).ok()
}

/// Normalizes a parsed URL; only http and https are accepted.
pub fn normalize(mut url: Url) -> Result<Url, String> {
    if url.scheme() != "http" && url.scheme() != "https" {
        return Err(format!("unsupported scheme `{}`", url.scheme()));
    }
    let Some(host) = url.host_str() else {
        return Err("the URL has no host".to_string());
    };
    if host.ends_with('.') && host.len() > 1 {
        let trimmed = host.trim_end_matches('.').to_string();
        url.set_host(Some(&trimmed)).map_err(|err| err.to_string())?;
    }
    url.set_fragment(None);
    let _ = url.set_username("");
    let _ = url.set_password(None);
    if url.query().is_some() {
        let kept: Vec<(String, String)> = url
            .query_pairs()
            .filter(|(name, _)| !is_tracking_parameter(name))
            .map(|(name, value)| (name.into_owned(), value.into_owned()))
            .collect();
        if kept.is_empty() {
            url.set_query(None);
        } else {
            url.query_pairs_mut().clear().extend_pairs(kept);
        }
    }
    let path = uppercase_percent_escapes(url.path());
    if path != url.path() {
        url.set_path(&path);
    }
    Ok(url)
}

/// Rewrites `%e5%85` as `%E5%85` (RFC 3986 §6.2.2.1: escapes are case-insensitive).
fn uppercase_percent_escapes(path: &str) -> String {
    let bytes = path.as_bytes();
    let mut out = String::with_capacity(path.len());
    let mut index = 0;
    while index < bytes.len() {
        let is_escape = bytes[index] == b'%' && index + 2 < bytes.len();
        if is_escape && bytes[index + 1].is_ascii_hexdigit() && bytes[index + 2].is_ascii_hexdigit() {
            out.push('%');
            out.push(bytes[index + 1].to_ascii_uppercase() as char);
            out.push(bytes[index + 2].to_ascii_uppercase() as char);
            index += 3;
            continue;
        }
        // The path is ASCII after the url crate's encoding, so byte-wise copying is safe; keep
        // any other byte as its char to stay correct if it is not.
        let Some(character) = path[index..].chars().next() else {
            break;
        };
        out.push(character);
        index += character.len_utf8();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_normalized(input: &str, expected: &str) {
        let normalized = normalize_str(input).unwrap();
        assert_eq!(normalized.as_str(), expected, "help: normalizing `{input}`");
    }

    #[test]
    fn fragment_case_and_default_port_go() {
        assert_normalized("HTTP://WWW.MCA.GOV.CN:80/n152/index.html#top", "http://www.mca.gov.cn/n152/index.html");
        assert_normalized("https://www.gov.cn:443", "https://www.gov.cn/");
        assert_normalized("http://127.0.0.1:8080/a/../b", "http://127.0.0.1:8080/b");
    }

    #[test]
    fn tracking_parameters_go_and_the_rest_stay() {
        assert_normalized(
            "https://www.gov.cn/a.htm?utm_source=wx&id=3&spm=1.2&from=timeline",
            "https://www.gov.cn/a.htm?id=3",
        );
        assert_normalized("https://www.gov.cn/a.htm?utm_medium=x", "https://www.gov.cn/a.htm");
    }

    #[test]
    fn chinese_paths_are_percent_encoded_once() {
        let expected = "http://mzt.example.cn/%E5%85%BB%E8%80%81/%E6%94%BF%E7%AD%96.html";
        assert_normalized("http://mzt.example.cn/养老/政策.html", expected);
        assert_normalized("http://mzt.example.cn/%e5%85%bb%e8%80%81/%E6%94%BF%E7%AD%96.html", expected);
    }

    #[test]
    fn only_http_links_resolve() {
        let base = Url::parse("http://a.cn/list/index.html").unwrap();
        assert_eq!(resolve(&base, "../art/1.html").unwrap().as_str(), "http://a.cn/art/1.html");
        assert!(resolve(&base, "javascript:void(0)").is_none());
        assert!(resolve(&base, "mailto:x@a.cn").is_none());
        assert!(resolve(&base, "#").is_none());
    }
}
