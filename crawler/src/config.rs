//! Crawl configuration: a TOML file read into [`RawCrawlConfig`] (serde, `deny_unknown_fields`,
//! documented `DEFAULT_*` values), then validated into [`CrawlConfig`] (parsed URLs, compiled
//! patterns, checked limits).
//!
//! Durations are written the human way, `"30s"`, `"500ms"` (humantime). Vocabulary follows
//! spider's `configuration.rs` (`user_agent`, `delay`, `request_timeout`, `respect_robots_txt`).
//! See `crawler/config.example.toml` for a commented example and [`default_sources`] for the
//! sources shipped with the project.

use std::path::Path;
use std::time::Duration;

use regex::Regex;
use serde::Deserialize;
use url::Url;

use crate::CrawlError;

/// Default user agent, naming the project so webmasters can find us.
pub const DEFAULT_USER_AGENT: &str = "yanglao-crawler/0.1 (+eldercare policy search; polite, obeys robots.txt)";
/// Default number of requests in flight across all hosts.
pub const DEFAULT_CONCURRENCY: usize = 4;
/// Default minimum time between two requests to the same host.
pub const DEFAULT_DELAY: Duration = Duration::from_secs(2);
/// Default cap on a robots.txt `Crawl-delay` (some sites ask for an hour).
pub const DEFAULT_MAX_CRAWL_DELAY: Duration = Duration::from_secs(30);
/// Default time limit of one request, body included.
pub const DEFAULT_REQUEST_TIMEOUT: Duration = Duration::from_secs(30);
/// Default largest body kept; larger responses are cut and not extracted.
pub const DEFAULT_MAX_PAGE_SIZE: u64 = 5 * 1024 * 1024;
/// Default number of redirects followed for one URL.
pub const DEFAULT_MAX_REDIRECTS: usize = 5;
/// Default number of retries after a transient failure.
pub const DEFAULT_RETRIES: u32 = 2;
/// Default first backoff between retries (doubled each time, unless `Retry-After` says otherwise).
pub const DEFAULT_RETRY_BACKOFF: Duration = Duration::from_secs(1);
/// Default longest wait for a `Retry-After`; a server asking for more is given up on.
pub const DEFAULT_MAX_RETRY_WAIT: Duration = Duration::from_secs(120);
/// Default link depth from the start URLs.
pub const DEFAULT_MAX_DEPTH: u32 = 5;
/// Default largest number of pages fetched per source and pass.
pub const DEFAULT_MAX_PAGES: usize = 10_000;

/// The configuration file as written (before validation).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCrawlConfig {
    /// The `User-Agent` header, also the agent name matched in robots.txt.
    #[serde(default = "default_user_agent")]
    pub user_agent: String,
    /// Requests in flight across all hosts.
    #[serde(default = "default_concurrency")]
    pub concurrency: usize,
    /// Minimum time between two requests to one host.
    #[serde(default = "default_delay", with = "humantime_serde")]
    pub delay: Duration,
    /// Whether robots.txt is fetched and obeyed.
    #[serde(default = "default_true")]
    pub respect_robots_txt: bool,
    /// Largest robots.txt `Crawl-delay` honoured; longer ones are cut to this.
    #[serde(default = "default_max_crawl_delay", with = "humantime_serde")]
    pub max_crawl_delay: Duration,
    /// Time limit of one request.
    #[serde(default = "default_request_timeout", with = "humantime_serde")]
    pub request_timeout: Duration,
    /// Largest body in bytes.
    #[serde(default = "default_max_page_size")]
    pub max_page_size: u64,
    /// Redirects followed per URL.
    #[serde(default = "default_max_redirects")]
    pub max_redirects: usize,
    /// Retries after a transient failure (timeouts, 429, 5xx).
    #[serde(default = "default_retries")]
    pub retries: u32,
    /// First backoff between retries.
    #[serde(default = "default_retry_backoff", with = "humantime_serde")]
    pub retry_backoff: Duration,
    /// Longest `Retry-After` waited for.
    #[serde(default = "default_max_retry_wait", with = "humantime_serde")]
    pub max_retry_wait: Duration,
    /// Allows private, loopback and link-local addresses (off: only public addresses are fetched).
    #[serde(default)]
    pub allow_private_addresses: bool,
    /// Whether sitemaps (robots.txt `Sitemap:` lines, `/sitemap.xml`) are read for URLs.
    #[serde(default = "default_true")]
    pub use_sitemaps: bool,
    /// The sources to crawl.
    #[serde(default, rename = "source")]
    pub sources: Vec<RawSourceConfig>,
}

/// One source as written in the file (`[[source]]`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSourceConfig {
    /// Short unique name, e.g. `mca`.
    pub name: String,
    /// Where the crawl starts: index, list, sitemap or feed URLs.
    pub start_urls: Vec<String>,
    /// Regexes on the full URL of article pages (extracted and stored). Empty: any page that
    /// extraction accepts is an article.
    #[serde(default)]
    pub article_patterns: Vec<String>,
    /// Regexes on the full URL of list pages (followed, not stored). Empty: every page on the
    /// source's hosts is followed.
    #[serde(default)]
    pub list_patterns: Vec<String>,
    /// Extra hosts the source may visit besides those of its start URLs.
    #[serde(default)]
    pub allowed_hosts: Vec<String>,
    /// Link depth from the start URLs.
    #[serde(default = "default_max_depth")]
    pub max_depth: u32,
    /// Pages fetched per pass.
    #[serde(default = "default_max_pages")]
    pub max_pages: usize,
}

fn default_user_agent() -> String {
    DEFAULT_USER_AGENT.to_string()
}
fn default_concurrency() -> usize {
    DEFAULT_CONCURRENCY
}
fn default_delay() -> Duration {
    DEFAULT_DELAY
}
fn default_true() -> bool {
    true
}
fn default_max_crawl_delay() -> Duration {
    DEFAULT_MAX_CRAWL_DELAY
}
fn default_request_timeout() -> Duration {
    DEFAULT_REQUEST_TIMEOUT
}
fn default_max_page_size() -> u64 {
    DEFAULT_MAX_PAGE_SIZE
}
fn default_max_redirects() -> usize {
    DEFAULT_MAX_REDIRECTS
}
fn default_retries() -> u32 {
    DEFAULT_RETRIES
}
fn default_retry_backoff() -> Duration {
    DEFAULT_RETRY_BACKOFF
}
fn default_max_retry_wait() -> Duration {
    DEFAULT_MAX_RETRY_WAIT
}
fn default_max_depth() -> u32 {
    DEFAULT_MAX_DEPTH
}
fn default_max_pages() -> usize {
    DEFAULT_MAX_PAGES
}

impl Default for RawCrawlConfig {
    fn default() -> Self {
        RawCrawlConfig {
            user_agent: default_user_agent(),
            concurrency: DEFAULT_CONCURRENCY,
            delay: DEFAULT_DELAY,
            respect_robots_txt: true,
            max_crawl_delay: DEFAULT_MAX_CRAWL_DELAY,
            request_timeout: DEFAULT_REQUEST_TIMEOUT,
            max_page_size: DEFAULT_MAX_PAGE_SIZE,
            max_redirects: DEFAULT_MAX_REDIRECTS,
            retries: DEFAULT_RETRIES,
            retry_backoff: DEFAULT_RETRY_BACKOFF,
            max_retry_wait: DEFAULT_MAX_RETRY_WAIT,
            allow_private_addresses: false,
            use_sitemaps: true,
            sources: Vec::new(),
        }
    }
}

impl RawSourceConfig {
    /// Creates a source crawling from the given URLs, staying on their hosts, with default limits.
    pub fn from_start_urls(name: &str, start_urls: Vec<String>) -> RawSourceConfig {
        RawSourceConfig {
            name: name.to_string(),
            start_urls,
            article_patterns: Vec::new(),
            list_patterns: Vec::new(),
            allowed_hosts: Vec::new(),
            max_depth: DEFAULT_MAX_DEPTH,
            max_pages: DEFAULT_MAX_PAGES,
        }
    }
}

/// A validated crawl configuration.
#[derive(Debug, Clone)]
pub struct CrawlConfig {
    /// The `User-Agent` header and robots.txt agent name.
    pub user_agent: String,
    /// Requests in flight across all hosts (at least 1).
    pub concurrency: usize,
    /// Minimum time between two requests to one host.
    pub delay: Duration,
    /// Whether robots.txt is obeyed.
    pub respect_robots_txt: bool,
    /// Largest `Crawl-delay` honoured.
    pub max_crawl_delay: Duration,
    /// Time limit of one request.
    pub request_timeout: Duration,
    /// Largest body in bytes.
    pub max_page_size: u64,
    /// Redirects followed per URL.
    pub max_redirects: usize,
    /// Retries after a transient failure.
    pub retries: u32,
    /// First backoff between retries.
    pub retry_backoff: Duration,
    /// Longest `Retry-After` waited for.
    pub max_retry_wait: Duration,
    /// Allows private, loopback and link-local addresses.
    pub allow_private_addresses: bool,
    /// Whether sitemaps are read.
    pub use_sitemaps: bool,
    /// The sources, names unique.
    pub sources: Vec<SourceConfig>,
}

/// A validated source.
#[derive(Debug, Clone)]
pub struct SourceConfig {
    /// Unique name.
    pub name: String,
    /// Start URLs (http or https).
    pub start_urls: Vec<Url>,
    /// Patterns of article pages.
    pub article_patterns: Vec<Regex>,
    /// Patterns of list pages.
    pub list_patterns: Vec<Regex>,
    /// Hosts (lowercase, with `:port` when not the default) the source may visit.
    pub hosts: Vec<String>,
    /// Link depth from the start URLs.
    pub max_depth: u32,
    /// Pages fetched per pass.
    pub max_pages: usize,
}

/// What a source makes of a URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageRole {
    /// An article page: extracted and stored.
    Article,
    /// A list page: followed, not stored.
    List,
    /// No pattern says: extraction decides (articles stored, the rest followed).
    Unknown,
}

impl SourceConfig {
    /// Returns whether the URL is on one of the source's hosts.
    pub fn allows_host(&self, url: &Url) -> bool {
        let key = crate::ratelimit::host_key(url);
        self.hosts.contains(&key)
    }

    /// Returns the role of a URL on this source, or `None` when the source does not follow it.
    pub fn role_of(&self, url: &Url) -> Option<PageRole> {
        if !self.allows_host(url) {
            return None;
        }
        let text = url.as_str();
        if self.article_patterns.iter().any(|pattern| pattern.is_match(text)) {
            return Some(PageRole::Article);
        }
        if self.list_patterns.iter().any(|pattern| pattern.is_match(text)) {
            return Some(PageRole::List);
        }
        if self.article_patterns.is_empty() && self.list_patterns.is_empty() {
            if looks_like_list_url(url) {
                return Some(PageRole::List);
            }
            return Some(PageRole::Unknown);
        }
        None
    }
}

/// Returns whether a URL has the shape of a list page on Chinese government sites: a folder
/// (`/zhengce/`), `index.html`, or a TRS-style page of a paginated list (`index_3.html`,
/// `list_2.shtml`, `home_1.htm`).
pub fn looks_like_list_url(url: &Url) -> bool {
    let path = url.path();
    if path.ends_with('/') {
        return true;
    }
    let file = path.rsplit('/').next().unwrap_or_default();
    let stem = file.split('.').next().unwrap_or_default();
    let base = stem.split('_').next().unwrap_or_default();
    matches!(base, "index" | "list" | "home" | "default")
        && stem.split('_').skip(1).all(|part| part.chars().all(|c| c.is_ascii_digit()))
}

impl CrawlConfig {
    /// Reads and validates a TOML configuration file.
    pub fn from_file(path: &Path) -> crate::Result<CrawlConfig> {
        let text = std::fs::read_to_string(path).map_err(|err| CrawlError::ReadConfig(err, path.to_path_buf()))?;
        CrawlConfig::from_toml(&text).map_err(|err| match err {
            CrawlError::InvalidConfig(message) => CrawlError::InvalidConfig(format!("{}: {message}", path.display())),
            other => other,
        })
    }

    /// Parses and validates TOML text.
    pub fn from_toml(text: &str) -> crate::Result<CrawlConfig> {
        let raw: RawCrawlConfig = toml::from_str(text).map_err(|err| CrawlError::InvalidConfig(err.to_string()))?;
        raw.build_and_validate()
    }

    /// Returns the configuration of a crawl from the given URLs alone (no file): one source,
    /// `start`, staying on the URLs' hosts, following every page.
    pub fn from_start_urls(start_urls: &[String]) -> crate::Result<CrawlConfig> {
        let raw = RawCrawlConfig {
            sources: vec![RawSourceConfig::from_start_urls("start", start_urls.to_vec())],
            ..RawCrawlConfig::default()
        };
        raw.build_and_validate()
    }

    /// Returns the sources shipped with the project (see `default_sources.toml`).
    pub fn default_sources() -> crate::Result<CrawlConfig> {
        CrawlConfig::from_toml(default_sources())
    }
}

/// Returns the TOML text of the project's default source list (民政部, 卫健委 老龄健康司, gov.cn
/// 政策库 and provincial 民政厅 sites).
pub fn default_sources() -> &'static str {
    include_str!("../config.example.toml")
}

impl RawCrawlConfig {
    /// Validates the raw configuration: URLs parse and are http(s), patterns compile, limits
    /// are positive, source names are unique.
    pub fn build_and_validate(self) -> crate::Result<CrawlConfig> {
        if self.concurrency == 0 {
            return Err(CrawlError::InvalidConfig("`concurrency` must be at least 1".into()));
        }
        if self.max_page_size == 0 {
            return Err(CrawlError::InvalidConfig("`max_page_size` must be positive".into()));
        }
        if self.request_timeout.is_zero() {
            return Err(CrawlError::InvalidConfig("`request_timeout` must be positive".into()));
        }
        if self.user_agent.trim().is_empty() {
            return Err(CrawlError::InvalidConfig("`user_agent` must not be empty".into()));
        }
        let mut sources = Vec::new();
        for raw_source in self.sources {
            let source = raw_source.build_and_validate()?;
            if sources.iter().any(|known: &SourceConfig| known.name == source.name) {
                return Err(CrawlError::InvalidConfig(format!("source `{}` is defined twice", source.name)));
            }
            sources.push(source);
        }
        Ok(CrawlConfig {
            user_agent: self.user_agent,
            concurrency: self.concurrency,
            delay: self.delay,
            respect_robots_txt: self.respect_robots_txt,
            max_crawl_delay: self.max_crawl_delay,
            request_timeout: self.request_timeout,
            max_page_size: self.max_page_size,
            max_redirects: self.max_redirects,
            retries: self.retries,
            retry_backoff: self.retry_backoff,
            max_retry_wait: self.max_retry_wait,
            allow_private_addresses: self.allow_private_addresses,
            use_sitemaps: self.use_sitemaps,
            sources,
        })
    }
}

impl RawSourceConfig {
    fn build_and_validate(self) -> crate::Result<SourceConfig> {
        let name = self.name.trim().to_string();
        if name.is_empty() {
            return Err(CrawlError::InvalidConfig("a source has an empty `name`".into()));
        }
        if self.start_urls.is_empty() {
            return Err(CrawlError::InvalidConfig(format!("source `{name}` has no `start_urls`")));
        }
        let mut start_urls = Vec::new();
        let mut hosts = Vec::new();
        for text in &self.start_urls {
            let url = crate::urlnorm::normalize_str(text).map_err(|err| {
                CrawlError::InvalidConfig(format!("source `{name}`: start URL `{text}` is not a crawlable URL: {err}"))
            })?;
            let host = crate::ratelimit::host_key(&url);
            if !hosts.contains(&host) {
                hosts.push(host);
            }
            start_urls.push(url);
        }
        for host in &self.allowed_hosts {
            let host = host.trim().to_lowercase();
            if !host.is_empty() && !hosts.contains(&host) {
                hosts.push(host);
            }
        }
        let compile = |patterns: &[String], field: &str| -> crate::Result<Vec<Regex>> {
            let mut compiled = Vec::new();
            for pattern in patterns {
                let regex = Regex::new(pattern).map_err(|err| {
                    CrawlError::InvalidConfig(format!("source `{name}`: bad `{field}` pattern `{pattern}`: {err}"))
                })?;
                compiled.push(regex);
            }
            Ok(compiled)
        };
        let article_patterns = compile(&self.article_patterns, "article_patterns")?;
        let list_patterns = compile(&self.list_patterns, "list_patterns")?;
        if self.max_pages == 0 {
            return Err(CrawlError::InvalidConfig(format!("source `{name}`: `max_pages` must be positive")));
        }
        Ok(SourceConfig {
            name,
            start_urls,
            article_patterns,
            list_patterns,
            hosts,
            max_depth: self.max_depth,
            max_pages: self.max_pages,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_apply_and_durations_parse() {
        let config = CrawlConfig::from_toml(
            r#"
            delay = "500ms"
            [[source]]
            name = "mca"
            start_urls = ["https://www.mca.gov.cn/n152/index.html"]
            article_patterns = ['/n152/c\d+/content\.html$']
            "#,
        )
        .unwrap();
        assert_eq!(config.delay, Duration::from_millis(500));
        assert_eq!(config.request_timeout, DEFAULT_REQUEST_TIMEOUT);
        assert_eq!(config.sources[0].hosts, ["www.mca.gov.cn"]);
        let article = Url::parse("https://www.mca.gov.cn/n152/c1662004999979995221/content.html").unwrap();
        assert_eq!(config.sources[0].role_of(&article), Some(PageRole::Article));
        let elsewhere = Url::parse("https://www.gov.cn/a.html").unwrap();
        assert_eq!(config.sources[0].role_of(&elsewhere), None);
    }

    #[test]
    fn list_urls_are_recognised_by_shape() {
        for list in [
            "http://a.cn/",
            "http://a.cn/zhengce/",
            "http://a.cn/n152/index.html",
            "http://a.cn/x/index_3.html",
            "http://a.cn/list_2.shtml",
        ] {
            assert!(looks_like_list_url(&Url::parse(list).unwrap()), "help: {list} is a list page");
        }
        for article in
            ["http://a.cn/art/2024/1/2/art_1_2.html", "http://a.cn/n152/c166/content.html", "http://a.cn/indexer.html"]
        {
            assert!(!looks_like_list_url(&Url::parse(article).unwrap()), "help: {article} is an article");
        }
    }

    #[test]
    fn unknown_fields_fail_loudly() {
        let error = CrawlConfig::from_toml("delai = \"1s\"").unwrap_err();
        assert!(error.to_string().contains("delai"), "help: the message should name the typo: {error}");
    }

    #[test]
    fn bad_values_are_refused() {
        assert!(CrawlConfig::from_toml("concurrency = 0").is_err());
        let bad_url = "[[source]]\nname = \"x\"\nstart_urls = [\"ftp://example.com/\"]";
        assert!(CrawlConfig::from_toml(bad_url).is_err());
        let bad_pattern = "[[source]]\nname = \"x\"\nstart_urls = [\"http://a.cn/\"]\narticle_patterns = [\"(\"]";
        assert!(CrawlConfig::from_toml(bad_pattern).is_err());
    }

    #[test]
    fn shipped_sources_are_valid() {
        let config = CrawlConfig::default_sources().unwrap();
        let names: Vec<_> = config.sources.iter().map(|source| source.name.as_str()).collect();
        assert!(names.contains(&"mca"), "{names:?}");
        assert!(config.sources.len() >= 5);
    }
}
