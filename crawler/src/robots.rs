//! robots.txt rules of one host (texting_robots), with `Crawl-delay` and `Sitemap:` lines.
//!
//! What a robots.txt response means follows RFC 9309 §2.3.1: a 2xx body is parsed; 4xx means
//! no rules (everything allowed); 5xx or an unreachable file means the site is in trouble, so
//! nothing is crawled on that host this run.

use std::time::Duration;

use texting_robots::Robot;
use url::Url;

/// The robots.txt rules of one host.
#[derive(Debug)]
pub enum RobotsRules {
    /// No robots.txt (4xx) or robots not respected: every path is allowed.
    AllowAll,
    /// robots.txt could not be read (5xx, network failure): nothing is fetched.
    DisallowAll,
    /// Parsed rules.
    Parsed(Box<Robot>),
}

impl RobotsRules {
    /// Builds the rules from the robots.txt response: its status (`None` when the request failed)
    /// and body.
    pub fn from_response(user_agent: &str, status: Option<u16>, body: &[u8]) -> RobotsRules {
        match status {
            Some(200..=299) => match Robot::new(&robots_agent_name(user_agent), body) {
                Ok(robot) => RobotsRules::Parsed(Box::new(robot)),
                Err(err) => {
                    tracing::warn!(cause = %err, "unparsable robots.txt, treating it as empty");
                    RobotsRules::AllowAll
                }
            },
            Some(400..=499) => RobotsRules::AllowAll,
            _ => RobotsRules::DisallowAll,
        }
    }

    /// Returns whether the URL may be fetched.
    pub fn allowed(&self, url: &Url) -> bool {
        match self {
            RobotsRules::AllowAll => true,
            RobotsRules::DisallowAll => url.path() == "/robots.txt",
            RobotsRules::Parsed(robot) => robot.allowed(url.as_str()),
        }
    }

    /// Returns the `Crawl-delay` asked for our agent, if any.
    pub fn crawl_delay(&self) -> Option<Duration> {
        match self {
            RobotsRules::Parsed(robot) => {
                robot.delay.filter(|seconds| seconds.is_finite() && *seconds > 0.0).map(Duration::from_secs_f32)
            }
            _ => None,
        }
    }

    /// Returns the sitemap URLs the file lists.
    pub fn sitemaps(&self) -> Vec<String> {
        match self {
            RobotsRules::Parsed(robot) => robot.sitemaps.clone(),
            _ => Vec::new(),
        }
    }
}

/// Returns the robots.txt URL of a page's host.
pub fn robots_url(url: &Url) -> Option<Url> {
    let mut robots = url.clone();
    robots.set_path("/robots.txt");
    robots.set_query(None);
    robots.set_fragment(None);
    Some(robots)
}

/// Returns the product token matched against `User-agent:` lines: `yanglao-crawler/0.1 (+…)` →
/// `yanglao-crawler`.
fn robots_agent_name(user_agent: &str) -> String {
    let first_token = user_agent.split_whitespace().next().unwrap_or(user_agent);
    first_token.split('/').next().unwrap_or(first_token).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    const ROBOTS: &str = "User-agent: *\nDisallow: /private/\nCrawl-delay: 0.5\nSitemap: http://a.cn/sitemap.xml\n";

    #[test]
    fn disallow_delay_and_sitemaps_are_read() {
        let rules = RobotsRules::from_response("yanglao-crawler/0.1 (+x)", Some(200), ROBOTS.as_bytes());
        assert!(!rules.allowed(&Url::parse("http://a.cn/private/x.html").unwrap()));
        assert!(rules.allowed(&Url::parse("http://a.cn/public/x.html").unwrap()));
        assert_eq!(rules.crawl_delay(), Some(Duration::from_millis(500)));
        assert_eq!(rules.sitemaps(), ["http://a.cn/sitemap.xml"]);
    }

    #[test]
    fn statuses_follow_rfc_9309() {
        let url = Url::parse("http://a.cn/x.html").unwrap();
        assert!(RobotsRules::from_response("ua", Some(404), b"").allowed(&url));
        assert!(!RobotsRules::from_response("ua", Some(503), b"").allowed(&url));
        assert!(!RobotsRules::from_response("ua", None, b"").allowed(&url));
    }

    #[test]
    fn agent_specific_groups_match_our_product_token() {
        let text = "User-agent: yanglao-crawler\nDisallow: /\n\nUser-agent: *\nAllow: /\n";
        let rules = RobotsRules::from_response("yanglao-crawler/0.1 (+x)", Some(200), text.as_bytes());
        assert!(!rules.allowed(&Url::parse("http://a.cn/x.html").unwrap()));
    }
}
