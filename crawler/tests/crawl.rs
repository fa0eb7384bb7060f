//! End-to-end crawls of the fixture site (`corpus/fixtures/site/`, served on 127.0.0.1 by
//! [`crawler::fixture_site`]). See issue #5 for what must hold.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::time::Duration;

use corpus::Document;
use crawler::config::CrawlConfig;
use crawler::crawl::{self, CrawlReport};
use crawler::fixture_site::FixtureSite;

/// The articles of the fixture site: path, title, publish date. `/repost/2024/dup-1.html` is an
/// exact duplicate of the provincial news page and is not stored.
const EXPECTED_ARTICLES: &[(&str, &str, &str)] = &[
    ("/policy/2024/notice-a.html", "关于推进基本养老服务体系建设的实施意见", "2024-03-15"),
    ("/busy/notice-b.html", "关于开展养老服务质量提升行动的通知", "2024-05-20"),
    ("/policy/2024/js-regulation.html", "江苏省养老服务条例", "2024-01-10"),
    ("/policy/2024/zj-regulation.html", "浙江省养老服务条例", "2024-01-12"),
    ("/policy/2023/gbk-notice.html", "关于做好冬季养老机构安全工作的通知", "2023-11-08"),
    ("/news/2024/provincial-news.html", "全省新增社区养老服务站120个", "2024-06-03"),
    ("/news/2024/big5.html", "長者照顧服務新措施上路", "2024-02-10"),
    ("/portal/2024/0418/article.html", "社区嵌入式养老服务观察", "2024-04-18"),
    ("/repost/2024/yanglao-repost.html", "關於推進基本養老服務體系建設的實施意見（轉載）", "2024-03-20"),
    ("/repost/2024/dup-2.html", "全省新增社区养老服务站120个", "2024-06-05"),
    ("/policy/2024/sitemap-only.html", "关于印发养老服务设施建设补助资金管理办法的通知", "2024-07-01"),
    ("/news/2024/feed-only.html", "老年助餐服务覆盖全部街道", "2024-07-08"),
];

fn fixture_config(site: &FixtureSite, max_crawl_delay: &str) -> CrawlConfig {
    let text = format!(
        r#"
        concurrency = 4
        delay = "0s"
        max_crawl_delay = "{max_crawl_delay}"
        request_timeout = "1s"
        max_page_size = 1048576
        retries = 1
        retry_backoff = "50ms"
        max_retry_wait = "5s"
        allow_private_addresses = true

        [[source]]
        name = "fixture"
        start_urls = ["{base}/"]
        max_depth = 5
        "#,
        base = site.base()
    );
    CrawlConfig::from_toml(&text).expect("the test configuration is valid")
}

fn stored_documents(out: &Path) -> Vec<Document> {
    corpus::read_documents(&out.join(crawl::DOCUMENTS_FILE)).expect("documents.jsonl reads").documents
}

/// The latest version of each id, by path.
fn latest_by_path(site: &FixtureSite, documents: &[Document]) -> BTreeMap<String, Document> {
    let mut latest = BTreeMap::new();
    for document in documents {
        let url = document.url.clone().unwrap_or_default();
        let path = url.strip_prefix(site.base()).unwrap_or(&url).to_string();
        latest.insert(path, document.clone());
    }
    latest
}

fn assert_expected_articles(site: &FixtureSite, documents: &[Document]) {
    let latest = latest_by_path(site, documents);
    let stored_paths: BTreeSet<&str> = latest.keys().map(String::as_str).collect();
    let expected_paths: BTreeSet<&str> = EXPECTED_ARTICLES.iter().map(|(path, _, _)| *path).collect();
    assert_eq!(stored_paths, expected_paths, "help: the stored set differs from the fixture site's articles");
    for (path, title, date) in EXPECTED_ARTICLES {
        let document = &latest[*path];
        assert_eq!(document.title, *title, "help: title of {path}");
        let published = document.published.as_deref().unwrap_or_default();
        assert!(published.starts_with(date), "help: date of {path}: {published}");
        assert!(
            document.archive.as_deref().is_some_and(|at| at.starts_with("warc/")),
            "{path}: {:?}",
            document.archive
        );
        assert!(document.fetched_at.is_some());
    }
}

async fn crawl(config: CrawlConfig, out: &Path) -> CrawlReport {
    // An aborted run's tasks let go of the frontier file a moment after the abort.
    for _ in 0..50 {
        match crawl::run(config.clone(), out).await {
            Err(crawler::CrawlError::Frontier(redb::Error::DatabaseAlreadyOpen, _)) => {
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            result => return result.expect("the crawl runs"),
        }
    }
    panic!("help: the frontier stayed locked after the aborted run");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_polite_crawl_stores_the_articles_and_archives_every_response() {
    let site = FixtureSite::start().await.unwrap();
    let out = tempfile::tempdir().unwrap();
    let report = crawl(fixture_config(&site, "1s"), out.path()).await;
    println!("{report}");
    assert!(report.finished, "{report}");
    let documents = stored_documents(out.path());
    assert_expected_articles(&site, &documents);
    assert_eq!(documents.len(), EXPECTED_ARTICLES.len(), "help: every article once, the exact duplicate not at all");
    assert_eq!(report.duplicates, 1, "{report}");

    let requests = site.requests();
    // robots.txt: the disallowed page is never requested.
    assert!(requests.iter().all(|request| !request.path.starts_with("/private/")), "help: /private/ is disallowed");
    assert_eq!(requests[0].path, "/robots.txt", "help: robots.txt comes first");
    // Crawl-delay 0.25s holds between any two requests to the host.
    for pair in requests.windows(2) {
        let gap = pair[1].at.duration_since(pair[0].at);
        assert!(gap >= Duration::from_millis(240), "help: {} then {} after {gap:?}", pair[0].path, pair[1].path);
    }
    // The 503 was retried after its Retry-After, then stored.
    let busy: Vec<_> = requests.iter().filter(|request| request.path == "/busy/notice-b.html").collect();
    assert_eq!(busy.iter().map(|request| request.status).collect::<Vec<_>>(), [503, 200]);
    assert!(busy[1].at.duration_since(busy[0].at) >= Duration::from_secs(1));
    // The redirect loop was not followed round and round; 404 once, the 500 retried once.
    assert!(requests.iter().filter(|request| request.path.starts_with("/loop/")).count() <= 2);
    assert_eq!(requests.iter().filter(|request| request.path == "/missing.html").count(), 1);
    assert_eq!(requests.iter().filter(|request| request.path == "/broken.html").count(), 2);
    // The shared link lost its tracking parameters and fragment.
    let shared_link: Vec<_> = requests.iter().filter(|request| request.path.starts_with("/index.html")).collect();
    assert_eq!(shared_link.iter().map(|request| request.path.as_str()).collect::<Vec<_>>(), ["/index.html"]);

    // Every response is in the WARC files (the slow page's never came).
    let archived = crawler::archive::read_all(out.path()).unwrap();
    let archived_paths: Vec<String> =
        archived.iter().map(|record| record.url.strip_prefix(site.base()).unwrap_or(&record.url).to_string()).collect();
    let answered: Vec<String> =
        requests.iter().filter(|request| request.path != "/slow.html").map(|request| request.path.clone()).collect();
    let mut archived_sorted = archived_paths.clone();
    archived_sorted.sort();
    let mut answered_sorted = answered.clone();
    answered_sorted.sort();
    assert_eq!(archived_sorted, answered_sorted, "help: one WARC response record per response");
    let huge = archived.iter().find(|record| record.url.ends_with("/huge.html")).unwrap();
    assert!(huge.truncated);
    let document = &latest_by_path(&site, &documents)["/policy/2024/notice-a.html"];
    let at = crawler::archive::read_at(out.path(), document.archive.as_deref().unwrap()).unwrap().unwrap();
    assert_eq!(at.status, 200);
    assert!(String::from_utf8_lossy(&at.body).contains("基本养老服务体系"));
    let mut printed = Vec::new();
    assert!(
        crawler::archive::print_archived(out.path(), &site.url("/policy/2023/gbk-notice.html"), &mut printed).unwrap()
    );
    assert!(String::from_utf8_lossy(&printed).contains("冬季养老机构安全"), "help: the GBK page prints decoded");

    // Clusters: the traditional repost under the page its 本文出处 names, the near-duplicate
    // repost under the earliest; the two provinces' regulations stay apart.
    let latest = latest_by_path(&site, &documents);
    let id = |path: &str| latest[path].id.clone();
    assert_eq!(latest["/repost/2024/yanglao-repost.html"].cluster, Some(id("/policy/2024/notice-a.html")));
    assert_eq!(latest["/repost/2024/dup-2.html"].cluster, Some(id("/news/2024/provincial-news.html")));
    assert_eq!(latest["/policy/2024/notice-a.html"].cluster, None);
    assert_eq!(latest["/policy/2024/js-regulation.html"].cluster, None);
    assert_eq!(latest["/policy/2024/zj-regulation.html"].cluster, None);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_interrupted_crawl_resumes_without_refetching_or_duplicating() {
    let site = FixtureSite::start().await.unwrap();
    let out = tempfile::tempdir().unwrap();

    // First run: stopped by the page budget.
    let mut limited = fixture_config(&site, "0s");
    limited.sources[0].max_pages = 8;
    let first = crawl(limited, out.path()).await;
    assert!(!first.finished, "{first}");
    // Second run: aborted mid-flight, like a kill.
    let config = fixture_config(&site, "0s");
    let out_path = out.path().to_path_buf();
    let aborted_config = config.clone();
    let task = tokio::spawn(async move { crawl::run(aborted_config, &out_path).await });
    tokio::time::sleep(Duration::from_millis(300)).await;
    task.abort();
    let _ = task.await;

    let stored_before: BTreeSet<String> =
        stored_documents(out.path()).iter().filter_map(|document| document.url.clone()).collect();
    assert!(!stored_before.is_empty(), "help: the interrupted runs should have stored something");
    site.clear_requests();
    let last = crawl(config, out.path()).await;
    assert!(last.resumed && last.finished, "{last}");

    let documents = stored_documents(out.path());
    assert_expected_articles(&site, &documents);
    let ids: Vec<&str> = documents.iter().map(|document| document.id.as_str()).collect();
    let unique: BTreeSet<&str> = ids.iter().copied().collect();
    assert_eq!(ids.len(), unique.len(), "help: no document stored twice");
    for request in site.requests() {
        let url = site.url(&request.path);
        assert!(!stored_before.contains(&url), "help: {url} was stored before the restart and fetched again");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_recrawl_is_conditional_and_a_changed_page_becomes_a_new_version() {
    let site = FixtureSite::start().await.unwrap();
    let out = tempfile::tempdir().unwrap();
    let first = crawl(fixture_config(&site, "0s"), out.path()).await;
    assert!(first.finished);
    let count = stored_documents(out.path()).len();

    site.clear_requests();
    let second = crawl(fixture_config(&site, "0s"), out.path()).await;
    assert_eq!((second.pass, second.resumed), (2, false), "{second}");
    assert_eq!(second.stored, 0, "{second}");
    assert_eq!(stored_documents(out.path()).len(), count);
    let requests = site.requests();
    for (path, _, _) in EXPECTED_ARTICLES {
        let request = requests.iter().find(|request| request.path == *path);
        let request = request.unwrap_or_else(|| panic!("help: {path} was not rechecked"));
        assert!(request.if_none_match.is_some() && request.if_modified_since.is_some(), "help: {path} unconditional");
        assert_eq!(request.status, 304, "{path}");
    }

    let changed_path = "/news/2024/feed-only.html";
    let original = std::fs::read_to_string(crawler::fixture_site::site_root().join(&changed_path[1..])).unwrap();
    site.set_page(changed_path, &original.replace("三百余个", "四百余个"));
    let third = crawl(fixture_config(&site, "0s"), out.path()).await;
    assert_eq!((third.stored, third.new_versions), (1, 1), "{third}");
    let documents = stored_documents(out.path());
    let versions: Vec<&Document> =
        documents.iter().filter(|document| document.url.as_deref() == Some(&site.url(changed_path))).collect();
    assert_eq!(versions.len(), 2);
    assert_eq!(versions[0].id, versions[1].id, "help: a new version keeps the id");
    assert_eq!(crawl::version_of(versions[1]), 2);
    assert!(versions[1].body.contains("四百余个"));
    assert!(versions[1].fetched_at > versions[0].fetched_at);
}

/// Throughput against the fixture site with every delay off (no politeness delay, robots.txt
/// Crawl-delay capped at 0, no retries, a 200 ms timeout for the slow page).
/// Run with `cargo test -p crawler --release --test crawl -- --ignored --nocapture`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "a measurement, not a check"]
async fn throughput_with_delays_off() {
    let site = FixtureSite::start().await.unwrap();
    let mut total = CrawlReport::default();
    for _ in 0..10 {
        let out = tempfile::tempdir().unwrap();
        let mut config = fixture_config(&site, "0s");
        config.retries = 0;
        config.request_timeout = Duration::from_millis(200);
        let report = crawl(config, out.path()).await;
        total.pages += report.pages;
        total.elapsed += report.elapsed;
        total.extraction_time += report.extraction_time;
    }
    println!(
        "{} pages in {:.2}s: {:.1} pages/s, extraction {:.0}% of the time",
        total.pages,
        total.elapsed.as_secs_f64(),
        total.pages_per_second(),
        total.extraction_share() * 100.0
    );
}
