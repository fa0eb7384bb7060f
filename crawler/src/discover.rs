//! Link discovery: `<a href>` links of HTML pages, `<loc>` entries of sitemaps (and sitemap
//! indexes), and item links of RSS and Atom feeds.
//!
//! Sitemaps and feeds are parsed with a few patterns rather than feed-rs/sitemapo: we only need
//! the URLs, and government sitemaps are often not well-formed XML anyway. Every URL comes out
//! resolved and normalized ([`crate::urlnorm`]).

use std::sync::LazyLock;

use regex::Regex;
use scraper::{Html, Selector};
use url::Url;

/// What kind of resource a response is, for discovery.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResourceKind {
    /// An HTML page.
    Html,
    /// A sitemap (`<urlset>`) or sitemap index (`<sitemapindex>`).
    Sitemap,
    /// An RSS or Atom feed.
    Feed,
    /// Anything else (images, PDFs…): archived, not parsed.
    Other,
}

/// Classifies a response by its Content-Type and first bytes.
pub fn classify(content_type: Option<&str>, body: &[u8]) -> ResourceKind {
    let content_type = content_type.unwrap_or_default().to_ascii_lowercase();
    let head_length = body.len().min(1024);
    let head = String::from_utf8_lossy(&body[..head_length]).to_ascii_lowercase();
    let looks_xml = content_type.contains("xml") || head.trim_start().starts_with("<?xml");
    if looks_xml || content_type.is_empty() {
        if head.contains("<urlset") || head.contains("<sitemapindex") {
            return ResourceKind::Sitemap;
        }
        if head.contains("<rss") || head.contains("<feed") || head.contains("<rdf:rdf") {
            return ResourceKind::Feed;
        }
    }
    let is_html_type = content_type.is_empty() || content_type.contains("html") || content_type.starts_with("text/");
    if is_html_type && !looks_xml {
        return ResourceKind::Html;
    }
    if head.contains("<html") {
        return ResourceKind::Html;
    }
    ResourceKind::Other
}

static ANCHOR_SELECTOR: LazyLock<Selector> =
    LazyLock::new(|| Selector::parse("a[href], area[href]").expect("the anchor selector is valid CSS"));
static BASE_SELECTOR: LazyLock<Selector> =
    LazyLock::new(|| Selector::parse("base[href]").expect("the base selector is valid CSS"));
static LOC_PATTERN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?is)<loc>\s*(?:<!\[CDATA\[)?(.*?)(?:\]\]>)?\s*</loc>").expect("valid regex"));
static RSS_LINK_PATTERN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?is)<item\b.*?<link>\s*(?:<!\[CDATA\[)?(.*?)(?:\]\]>)?\s*</link>").expect("valid regex")
});
static ATOM_ENTRY_PATTERN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?is)<entry\b(.*?)</entry>").expect("valid regex"));
static ATOM_LINK_PATTERN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"(?is)<link\b[^>]*?href\s*=\s*["']([^"']+)["'][^>]*>"#).expect("valid regex"));

/// Returns the links of an HTML page, resolved against the page URL (or its `<base href>`),
/// normalized, deduplicated, in document order.
pub fn html_links(html: &str, page_url: &Url) -> Vec<Url> {
    let document = Html::parse_document(html);
    let base = document
        .select(&BASE_SELECTOR)
        .next()
        .and_then(|element| element.value().attr("href"))
        .and_then(|href| page_url.join(href).ok())
        .unwrap_or_else(|| page_url.clone());
    let mut links: Vec<Url> = Vec::new();
    for element in document.select(&ANCHOR_SELECTOR) {
        let Some(href) = element.value().attr("href") else {
            continue;
        };
        let Some(url) = crate::urlnorm::resolve(&base, href) else {
            continue;
        };
        if !links.contains(&url) {
            links.push(url);
        }
    }
    links
}

/// Returns the `<loc>` URLs of a sitemap or sitemap index.
pub fn sitemap_links(xml: &str, sitemap_url: &Url) -> Vec<Url> {
    collect(LOC_PATTERN.captures_iter(xml).filter_map(|captures| captures.get(1)), sitemap_url)
}

/// Returns the item links of an RSS or Atom feed.
pub fn feed_links(xml: &str, feed_url: &Url) -> Vec<Url> {
    let rss = RSS_LINK_PATTERN.captures_iter(xml).filter_map(|captures| captures.get(1));
    let mut links = collect(rss, feed_url);
    for entry in ATOM_ENTRY_PATTERN.captures_iter(xml) {
        let Some(body) = entry.get(1) else { continue };
        let alternate = ATOM_LINK_PATTERN
            .captures_iter(body.as_str())
            .find(|captures| {
                let tag = captures.get(0).map(|tag| tag.as_str()).unwrap_or_default();
                !tag.contains("rel=\"self\"") && !tag.contains("rel='self'")
            })
            .and_then(|captures| captures.get(1));
        for url in collect(alternate.into_iter(), feed_url) {
            if !links.contains(&url) {
                links.push(url);
            }
        }
    }
    links
}

fn collect<'t>(matches: impl Iterator<Item = regex::Match<'t>>, base: &Url) -> Vec<Url> {
    let mut urls: Vec<Url> = Vec::new();
    for found in matches {
        let text = unescape_xml(found.as_str().trim());
        let Some(url) = crate::urlnorm::resolve(base, &text) else {
            continue;
        };
        if !urls.contains(&url) {
            urls.push(url);
        }
    }
    urls
}

fn unescape_xml(text: &str) -> String {
    text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&apos;", "'").replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn urls(found: &[Url]) -> Vec<&str> {
        found.iter().map(Url::as_str).collect()
    }

    #[test]
    fn html_links_resolve_dedupe_and_skip_non_http() {
        let base = Url::parse("http://a.cn/list/index.html").unwrap();
        let html = r##"<a href="../art/1.html">一</a><a href="/art/1.html#top">一</a>
            <a href="javascript:void(0)">x</a><a href="2.html?utm_source=x">二</a><a href="mailto:a@a.cn">m</a>"##;
        assert_eq!(urls(&html_links(html, &base)), ["http://a.cn/art/1.html", "http://a.cn/list/2.html"]);
    }

    #[test]
    fn sitemaps_and_indexes_give_their_locs() {
        let base = Url::parse("http://a.cn/sitemap.xml").unwrap();
        let xml = "<?xml version=\"1.0\"?><urlset><url><loc> http://a.cn/a.html?x=1&amp;y=2 </loc></url><url><loc><![CDATA[/b.html]]></loc></url></urlset>";
        assert_eq!(urls(&sitemap_links(xml, &base)), ["http://a.cn/a.html?x=1&y=2", "http://a.cn/b.html"]);
        assert_eq!(classify(Some("application/xml"), xml.as_bytes()), ResourceKind::Sitemap);
    }

    #[test]
    fn rss_and_atom_item_links_are_found() {
        let base = Url::parse("http://a.cn/feed.xml").unwrap();
        let rss = "<rss><channel><link>http://a.cn/</link><item><title>t</title><link>http://a.cn/1.html</link></item></channel></rss>";
        assert_eq!(urls(&feed_links(rss, &base)), ["http://a.cn/1.html"]);
        let atom = r#"<feed><link rel="self" href="/feed.xml"/><entry><link rel="self" href="/e/1.xml"/><link href="/2.html"/></entry></feed>"#;
        assert_eq!(urls(&feed_links(atom, &base)), ["http://a.cn/2.html"]);
        assert_eq!(classify(Some("application/rss+xml"), rss.as_bytes()), ResourceKind::Feed);
    }

    #[test]
    fn pages_are_classified_by_type_and_content() {
        assert_eq!(classify(Some("text/html; charset=gbk"), b"<html>"), ResourceKind::Html);
        assert_eq!(classify(None, b"<!doctype html><html>"), ResourceKind::Html);
        assert_eq!(classify(Some("application/pdf"), b"%PDF-1.4"), ResourceKind::Other);
    }
}
