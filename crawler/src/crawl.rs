//! `yanglao crawl`: the pipeline fetch → decode → extract → store, polite, resumable and
//! archiving.
//!
//! # How a run goes
//! 1. Open `OUT/frontier.redb` ([`crate::frontier`]), read `OUT/documents.jsonl` (what is stored,
//!    for exact duplicates and versions), resume the open pass or start a new one (a recrawl).
//! 2. A scheduler loop keeps up to `concurrency` page tasks running. A task checks robots.txt
//!    (fetched once per host, its `Crawl-delay` raising the host delay), waits for the host's
//!    rate-limit slot, fetches with retries (backoff, `Retry-After`), follows redirects hop by
//!    hop (each hop checked, capped, loops refused), archives every response in WARC, then
//!    decodes and extracts (in a blocking thread, timed) or reads sitemap/feed links.
//! 3. The loop alone writes: it appends the document to `documents.jsonl` (new, or a new
//!    version of the same id when the text changed), then completes the URL in the frontier in
//!    one transaction with the links it found. List pages are followed, not stored; a 304 keeps
//!    the stored document and re-queues the links remembered from the last fetch.
//! 4. When the queue is empty the pass is finished; near-duplicate clusters are then computed
//!    over the corpus ([`crate::dedup::assign_clusters`]) and `documents.jsonl` rewritten
//!    atomically when a `cluster` changed.

use std::collections::{HashMap, VecDeque};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use corpus::Document;
use tokio::sync::OnceCell;
use tokio::task::JoinSet;
use tracing::{debug, info, warn};
use url::Url;

use crate::CrawlError;
use crate::archive::WarcArchive;
use crate::config::{CrawlConfig, PageRole, SourceConfig};
use crate::dedup::{ExactIndex, content_hash};
use crate::discover::ResourceKind;
use crate::fetch::{FetchError, FetchedResponse, Fetcher, Validators};
use crate::frontier::{Frontier, NewLink, PageState, PageStatus, QueuedUrl};
use crate::ratelimit::{HostRateLimiter, host_key};
use crate::retry::RetryExt;
use crate::robots::RobotsRules;

/// Name of the corpus file in the output folder.
pub const DOCUMENTS_FILE: &str = "documents.jsonl";
/// Name of the frontier store in the output folder.
pub const FRONTIER_FILE: &str = "frontier.redb";
/// Key of the version number in [`Document::extra`] (1 for the first version of an id).
pub const VERSION_FIELD: &str = "version";

/// The arguments of `yanglao crawl`, without clap (the binary maps its flags onto this).
#[derive(Debug, Clone, Default)]
pub struct CrawlArgs {
    /// `--config FILE`: the TOML configuration. Without it and without `--start`, the shipped
    /// default sources are crawled.
    pub config: Option<PathBuf>,
    /// `--source NAME`: crawl only this source of the configuration.
    pub source: Option<String>,
    /// `--start URL…`: crawl from these URLs, staying on their hosts (no config file needed).
    pub start: Vec<String>,
    /// `--max-pages N`: fetch at most N pages per source in this run.
    pub max_pages: Option<usize>,
    /// `--allow-private`: allow private, loopback and link-local addresses.
    pub allow_private: bool,
    /// `--out DIR`: the output folder.
    pub out: PathBuf,
}

impl CrawlArgs {
    /// Builds the crawl configuration the arguments describe.
    pub fn to_config(&self) -> crate::Result<CrawlConfig> {
        let mut config = match (&self.config, self.start.is_empty()) {
            (Some(path), true) => CrawlConfig::from_file(path)?,
            (Some(path), false) => {
                let mut from_file = CrawlConfig::from_file(path)?;
                from_file.sources = CrawlConfig::from_start_urls(&self.start)?.sources;
                from_file
            }
            (None, false) => CrawlConfig::from_start_urls(&self.start)?,
            (None, true) => CrawlConfig::default_sources()?,
        };
        if let Some(name) = &self.source {
            config.sources.retain(|source| source.name == *name);
            if config.sources.is_empty() {
                return Err(CrawlError::InvalidConfig(format!("no source named `{name}`")));
            }
        }
        if let Some(max_pages) = self.max_pages {
            for source in &mut config.sources {
                source.max_pages = max_pages;
            }
        }
        if self.allow_private {
            config.allow_private_addresses = true;
        }
        Ok(config)
    }
}

/// Runs `yanglao crawl` with CLI arguments: builds the configuration, then [`run`].
pub async fn run_args(args: &CrawlArgs) -> crate::Result<CrawlReport> {
    let config = args.to_config()?;
    run(config, &args.out).await
}

/// What a crawl run did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CrawlReport {
    /// The pass number (1 for the first crawl of this output folder).
    pub pass: u64,
    /// Whether an interrupted pass was resumed.
    pub resumed: bool,
    /// HTTP responses received (robots.txt, redirects, retries and errors included).
    pub responses: u64,
    /// Queued URLs handled.
    pub pages: u64,
    /// Documents appended to the corpus (new documents and new versions).
    pub stored: u64,
    /// Of those, new versions of documents already stored.
    pub new_versions: u64,
    /// Pages answered 304 or fetched unchanged: the stored document is kept.
    pub unchanged: u64,
    /// Pages followed but not stored (lists, sitemaps, feeds, non-articles).
    pub followed: u64,
    /// Exact duplicates of a stored document, not stored again.
    pub duplicates: u64,
    /// Pages skipped: disallowed by robots.txt, refused by safety rules, too large.
    pub skipped: u64,
    /// Pages that failed (HTTP errors after retries, timeouts, redirect loops…).
    pub errors: u64,
    /// Wall-clock time of the run.
    pub elapsed: Duration,
    /// Time spent decoding and extracting, summed over pages.
    pub extraction_time: Duration,
    /// Whether the pass finished (the queue is empty).
    pub finished: bool,
}

impl CrawlReport {
    /// Returns pages handled per second of wall-clock time.
    pub fn pages_per_second(&self) -> f64 {
        let seconds = self.elapsed.as_secs_f64();
        if seconds > 0.0 { self.pages as f64 / seconds } else { 0.0 }
    }

    /// Returns the share of the wall-clock time spent in decoding and extraction (can exceed 1
    /// with concurrency, since extraction runs on several threads).
    pub fn extraction_share(&self) -> f64 {
        let seconds = self.elapsed.as_secs_f64();
        if seconds > 0.0 { self.extraction_time.as_secs_f64() / seconds } else { 0.0 }
    }
}

impl std::fmt::Display for CrawlReport {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(
            formatter,
            "pass {}{}: {} pages ({} responses) in {:.1}s, {:.1} pages/s",
            self.pass,
            if self.resumed { " (resumed)" } else { "" },
            self.pages,
            self.responses,
            self.elapsed.as_secs_f64(),
            self.pages_per_second()
        )?;
        writeln!(
            formatter,
            "stored {} ({} new versions), unchanged {}, followed {}, duplicates {}, skipped {}, errors {}",
            self.stored, self.new_versions, self.unchanged, self.followed, self.duplicates, self.skipped, self.errors
        )?;
        write!(
            formatter,
            "extraction {:.2}s ({:.0}% of the time){}",
            self.extraction_time.as_secs_f64(),
            self.extraction_share() * 100.0,
            if self.finished { "" } else { "; pass not finished: run again to resume" }
        )
    }
}

/// What the tasks share.
struct Shared {
    config: CrawlConfig,
    frontier: Arc<Frontier>,
    fetcher: Fetcher,
    limiter: HostRateLimiter,
    robots: Mutex<HashMap<String, Arc<OnceCell<Arc<RobotsRules>>>>>,
    archive: Mutex<WarcArchive>,
}

/// How a page ended.
enum Outcome {
    Article { document: Box<Document>, validators: Validators, links: Vec<Url> },
    Followed { links: Vec<Url>, validators: Validators },
    NotModified,
    Skipped(String),
    Failed(String),
}

struct TaskResult {
    queued: QueuedUrl,
    final_url: Option<Url>,
    responses: u64,
    archive: Option<String>,
    outcome: Outcome,
    sitemap_links: Vec<Url>,
    extraction_time: Duration,
}

/// What is stored of one id.
#[derive(Debug, Clone)]
struct StoredVersion {
    hash: String,
    version: u32,
}

/// Runs a crawl into `out_dir`: `documents.jsonl`, `warc/`, `frontier.redb`.
pub async fn run(config: CrawlConfig, out_dir: &Path) -> crate::Result<CrawlReport> {
    let started = Instant::now();
    std::fs::create_dir_all(out_dir).map_err(|err| CrawlError::Output(err, out_dir.to_path_buf()))?;
    let documents_path = out_dir.join(DOCUMENTS_FILE);
    let mut frontier = Frontier::open(&out_dir.join(FRONTIER_FILE))?;

    let existing = read_existing(&documents_path)?;
    let mut exact_index = ExactIndex::default();
    let mut stored: HashMap<String, StoredVersion> = HashMap::new();
    for document in &existing {
        exact_index.insert(document);
        let version = version_of(document);
        stored.insert(document.id.clone(), StoredVersion { hash: content_hash(&document.body), version });
    }

    let seeds: Vec<NewLink> = config
        .sources
        .iter()
        .flat_map(|source| {
            source.start_urls.iter().map(|url| NewLink { url: url.clone(), source: source.name.clone(), depth: 0 })
        })
        .collect();
    let pass_start = frontier.begin_pass(&seeds)?;
    let repairs: Vec<(String, String, String, u32)> = existing
        .iter()
        .filter_map(|document| {
            let url = document.url.as_deref()?;
            Some((url.to_string(), document.id.clone(), content_hash(&document.body), version_of(document)))
        })
        .collect();
    let repaired = frontier.mark_stored(&repairs)?;
    info!(pass = pass_start.pass, resumed = pass_start.resumed, repaired, "crawl starting");

    let mut report = CrawlReport { pass: pass_start.pass, resumed: pass_start.resumed, ..CrawlReport::default() };
    let frontier = Arc::new(frontier);
    let shared = Arc::new(Shared {
        frontier: Arc::clone(&frontier),
        fetcher: Fetcher::new(&config)?,
        limiter: HostRateLimiter::new(config.delay),
        robots: Mutex::new(HashMap::new()),
        archive: Mutex::new(WarcArchive::open(out_dir)?),
        config,
    });
    let sources: HashMap<String, SourceConfig> =
        shared.config.sources.iter().map(|source| (source.name.clone(), source.clone())).collect();

    let mut pending: VecDeque<QueuedUrl> = frontier.queued()?.into();
    let mut budget: HashMap<String, usize> =
        sources.values().map(|source| (source.name.clone(), source.max_pages)).collect();
    let mut left_in_queue = false;
    let progress = progress_bar();
    let mut running: JoinSet<TaskResult> = JoinSet::new();

    loop {
        while running.len() < shared.config.concurrency {
            let Some(queued) = pending.pop_front() else {
                break;
            };
            let Some(source) = sources.get(&queued.source) else {
                // A source removed from the configuration, or one not selected (`--source`).
                left_in_queue = true;
                continue;
            };
            let remaining = budget.entry(source.name.clone()).or_insert(0);
            if *remaining == 0 {
                left_in_queue = true;
                continue;
            }
            *remaining -= 1;
            let role = Url::parse(&queued.url).ok().and_then(|url| source.role_of(&url)).unwrap_or(PageRole::Unknown);
            let validators = frontier.page(&queued.url)?.map(|state| state.validators).unwrap_or_default();
            let task_shared = Arc::clone(&shared);
            running.spawn(async move { crawl_page(task_shared, queued, role, validators).await });
        }
        let Some(joined) = running.join_next().await else {
            break;
        };
        let result = joined.map_err(|err| CrawlError::Task(err.to_string()))?;
        report.responses += result.responses;
        report.pages += 1;
        report.extraction_time += result.extraction_time;
        let new_queued =
            handle_result(result, &sources, &frontier, &documents_path, &mut exact_index, &mut stored, &mut report)?;
        pending.extend(new_queued);
        if let Some(bar) = &progress {
            bar.set_position(report.pages);
            bar.set_message(format!(
                "{:.1} pages/s, queue {}, stored {}, errors {}",
                report.pages as f64 / started.elapsed().as_secs_f64().max(0.001),
                pending.len() + running.len(),
                report.stored,
                report.errors
            ));
        }
    }
    if let Some(bar) = &progress {
        bar.finish_and_clear();
    }

    report.finished = !left_in_queue && frontier.queued()?.is_empty();
    if report.finished {
        frontier.finish_pass()?;
    }
    update_clusters(&documents_path)?;
    report.elapsed = started.elapsed();
    info!(
        pages = report.pages,
        stored = report.stored,
        errors = report.errors,
        pages_per_second = report.pages_per_second(),
        "crawl finished"
    );
    Ok(report)
}

fn progress_bar() -> Option<indicatif::ProgressBar> {
    if !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = indicatif::ProgressBar::new_spinner();
    let style = indicatif::ProgressStyle::with_template("{spinner} {elapsed} {pos} pages, {msg}")
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner());
    bar.set_style(style);
    bar.enable_steady_tick(Duration::from_millis(200));
    Some(bar)
}

fn read_existing(path: &Path) -> crate::Result<Vec<Document>> {
    if !path.exists() {
        return Ok(Vec::new());
    }
    Ok(corpus::read_documents(path)?.documents)
}

/// Returns a document's version (1 when it has none).
pub fn version_of(document: &Document) -> u32 {
    document
        .extra
        .get(VERSION_FIELD)
        .and_then(serde_json::Value::as_u64)
        .and_then(|version| u32::try_from(version).ok())
        .unwrap_or(1)
}

/// Applies a task's result: stores the document, completes the URL in the frontier, and
/// returns the URLs newly queued.
fn handle_result(
    result: TaskResult,
    sources: &HashMap<String, SourceConfig>,
    frontier: &Frontier,
    documents_path: &Path,
    exact_index: &mut ExactIndex,
    stored: &mut HashMap<String, StoredVersion>,
    report: &mut CrawlReport,
) -> crate::Result<Vec<QueuedUrl>> {
    let queued = result.queued;
    // The state is the final URL's (after redirects) when it has one: its validators, outlinks
    // and document are what the response is about.
    let final_key = result.final_url.as_ref().map(Url::to_string).filter(|url| *url != queued.url);
    let previous = match &final_key {
        Some(final_url) => frontier.page(final_url)?.or(frontier.page(&queued.url)?),
        None => frontier.page(&queued.url)?,
    };
    let mut state = previous.unwrap_or_else(|| PageState::pending(frontier.pass(), &queued.source, queued.depth));
    state.pass = frontier.pass();
    state.error = None;
    if result.archive.is_some() {
        state.archive = result.archive.clone();
    }
    let mut found_links: Vec<Url> = result.sitemap_links;
    match result.outcome {
        Outcome::Article { mut document, validators, links } => {
            state.status = PageStatus::Done;
            state.validators = validators;
            found_links.extend(links);
            let hash = content_hash(&document.body);
            document.id = document.derive_id();
            let known = stored.get(&document.id).cloned();
            if known.as_ref().is_some_and(|known| known.hash == hash) {
                report.unchanged += 1;
                debug!(url = %queued.url, "page unchanged");
                state.doc_id = Some(document.id.clone());
                state.content_hash = Some(hash);
            } else if let Some(original) = exact_index.duplicate_of(&document).filter(|_| known.is_none()) {
                report.duplicates += 1;
                debug!(url = %queued.url, duplicate_of = %original, "exact duplicate not stored");
                state.doc_id = Some(original);
            } else {
                let version = known.as_ref().map_or(1, |known| known.version + 1);
                if version > 1 {
                    report.new_versions += 1;
                    document.extra.insert(VERSION_FIELD.to_string(), serde_json::Value::from(version));
                }
                document.archive = result.archive.clone();
                corpus::append_documents(documents_path, [document.as_ref()])?;
                exact_index.insert(&document);
                stored.insert(document.id.clone(), StoredVersion { hash: hash.clone(), version });
                report.stored += 1;
                info!(url = %queued.url, id = %document.id, version, title = %document.title, "stored");
                state.doc_id = Some(document.id.clone());
                state.content_hash = Some(hash);
                state.version = version;
            }
        }
        Outcome::Followed { links, validators } => {
            state.status = PageStatus::Done;
            state.validators = validators;
            state.outlinks = links.iter().map(Url::to_string).collect();
            found_links.extend(links);
            report.followed += 1;
        }
        Outcome::NotModified => {
            state.status = PageStatus::Done;
            report.unchanged += 1;
            found_links.extend(state.outlinks.iter().filter_map(|link| Url::parse(link).ok()));
        }
        Outcome::Skipped(reason) => {
            state.status = PageStatus::Failed;
            state.error = Some(reason);
            report.skipped += 1;
        }
        Outcome::Failed(reason) => {
            warn!(url = %queued.url, cause = %reason, "page failed");
            state.status = PageStatus::Failed;
            state.error = Some(reason);
            report.errors += 1;
        }
    }

    let mut states = vec![(queued.url.clone(), state.clone())];
    if let Some(final_url) = final_key {
        states.push((final_url, state));
    }
    let links = links_to_queue(sources.get(&queued.source), queued.depth, &found_links);
    frontier.complete(queued.sequence, &states, &links)
}

/// Keeps the links the source follows, within its depth.
fn links_to_queue(source: Option<&SourceConfig>, depth: u32, links: &[Url]) -> Vec<NewLink> {
    let Some(source) = source else {
        return Vec::new();
    };
    let next_depth = depth + 1;
    if next_depth > source.max_depth {
        return Vec::new();
    }
    links
        .iter()
        .filter(|link| source.role_of(link).is_some())
        .map(|link| NewLink { url: link.clone(), source: source.name.clone(), depth: next_depth })
        .collect()
}

/// Recomputes near-duplicate clusters and rewrites the corpus (atomically) when one changed.
fn update_clusters(documents_path: &Path) -> crate::Result<()> {
    let mut documents = read_existing(documents_path)?;
    if documents.is_empty() || !crate::dedup::assign_clusters(&mut documents) {
        return Ok(());
    }
    let temporary = documents_path.with_extension("jsonl.tmp");
    let _ = std::fs::remove_file(&temporary);
    corpus::append_documents(&temporary, documents.iter())?;
    std::fs::rename(&temporary, documents_path).map_err(|err| CrawlError::Output(err, documents_path.to_path_buf()))?;
    Ok(())
}

/// Fetches and processes one queued URL.
async fn crawl_page(shared: Arc<Shared>, queued: QueuedUrl, role: PageRole, validators: Validators) -> TaskResult {
    let mut result = TaskResult {
        queued: queued.clone(),
        final_url: None,
        responses: 0,
        archive: None,
        outcome: Outcome::Failed(String::new()),
        sitemap_links: Vec::new(),
        extraction_time: Duration::ZERO,
    };
    let Ok(start_url) = Url::parse(&queued.url) else {
        result.outcome = Outcome::Skipped(format!("unparsable URL `{}`", queued.url));
        return result;
    };
    let mut url = start_url;
    let mut visited: Vec<Url> = Vec::new();
    let response = loop {
        if visited.contains(&url) {
            result.outcome = Outcome::Failed(format!("redirect loop at `{url}`"));
            return result;
        }
        if visited.len() > shared.config.max_redirects {
            result.outcome = Outcome::Failed(format!("more than {} redirects", shared.config.max_redirects));
            return result;
        }
        if let Err(err) = crate::safety::check_url(&url, shared.config.allow_private_addresses) {
            result.outcome = Outcome::Skipped(err.to_string());
            return result;
        }
        let (rules, sitemaps, robots_responses) = robots_for(&shared, &url).await;
        result.responses += robots_responses;
        result.sitemap_links.extend(sitemaps);
        if !rules.allowed(&url) {
            debug!(url = %url, "disallowed by robots.txt");
            result.outcome = Outcome::Skipped(format!("`{url}` is disallowed by robots.txt"));
            return result;
        }
        let hop_validators = if visited.is_empty() {
            validators.clone()
        } else {
            // A redirect target crawled before gets its own validators.
            shared.frontier.page(url.as_str()).ok().flatten().map(|state| state.validators).unwrap_or_default()
        };
        let fetched = fetch_with_retries(&shared, &url, &hop_validators).await;
        result.responses += fetched.responses;
        if fetched.archive.is_some() {
            result.archive = fetched.archive;
        }
        let response = match fetched.result {
            Ok(response) => response,
            Err(reason) => {
                result.outcome = Outcome::Failed(reason);
                return result;
            }
        };
        visited.push(url.clone());
        match crate::fetch::redirect_target(&response) {
            Some(target) => url = target,
            None => break response,
        }
    };
    result.final_url = Some(response.url.clone());
    result.outcome = process_response(&response, role, &mut result.extraction_time).await;
    result
}

/// Decides what a final response means: article, followed page, unchanged or failure.
async fn process_response(response: &FetchedResponse, role: PageRole, extraction_time: &mut Duration) -> Outcome {
    if response.status == 304 {
        return Outcome::NotModified;
    }
    if response.truncated {
        return Outcome::Skipped(format!("`{}` is larger than the page size limit", response.url));
    }
    if !(200..300).contains(&response.status) {
        return Outcome::Failed(format!("`{}` answered HTTP {}", response.url, response.status));
    }
    let validators = response.validators();
    let content_type = response.content_type().map(str::to_string);
    match crate::discover::classify(content_type.as_deref(), &response.body) {
        ResourceKind::Sitemap => {
            let text = String::from_utf8_lossy(&response.body);
            Outcome::Followed { links: crate::discover::sitemap_links(&text, &response.url), validators }
        }
        ResourceKind::Feed => {
            let text = String::from_utf8_lossy(&response.body);
            Outcome::Followed { links: crate::discover::feed_links(&text, &response.url), validators }
        }
        ResourceKind::Other => Outcome::Skipped(format!("`{}` is not a page ({content_type:?})", response.url)),
        ResourceKind::Html => {
            let body = response.body.clone();
            let url = response.url.clone();
            let fetched_at = response.fetched_at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
            let started = Instant::now();
            let extracted = tokio::task::spawn_blocking(move || {
                let decoded = crate::decode::decode_html(&body, content_type.as_deref());
                let links = crate::discover::html_links(&decoded.text, &url);
                let document = match role {
                    PageRole::List => None,
                    PageRole::Article | PageRole::Unknown => Some(crate::extract::extract(&decoded.text, Some(&url))),
                };
                (links, document)
            })
            .await;
            *extraction_time += started.elapsed();
            let Ok((links, document)) = extracted else {
                return Outcome::Failed(format!("extraction of `{}` panicked", response.url));
            };
            match document {
                Some(Ok(mut document)) => {
                    document.url = Some(response.url.to_string());
                    // A relative 本文出处 link names a page on this site.
                    document.original_url = document
                        .original_url
                        .as_deref()
                        .and_then(|link| crate::urlnorm::resolve(&response.url, link))
                        .map(|link| link.to_string());
                    document.fetched_at = Some(fetched_at);
                    Outcome::Article { document: Box::new(document), validators, links }
                }
                Some(Err(err)) => {
                    debug!(url = %response.url, cause = %err, "followed, not stored");
                    Outcome::Followed { links, validators }
                }
                None => Outcome::Followed { links, validators },
            }
        }
    }
}

struct Fetched {
    result: Result<FetchedResponse, String>,
    responses: u64,
    archive: Option<String>,
}

/// Fetches one URL (one hop) with rate limiting, retries and archiving of every response.
async fn fetch_with_retries(shared: &Shared, url: &Url, validators: &Validators) -> Fetched {
    let host = host_key(url);
    let config = &shared.config;
    let mut fetched = Fetched { result: Err(String::new()), responses: 0, archive: None };
    let mut attempt = 0;
    loop {
        shared.limiter.wait(&host).await;
        debug!(url = %url, attempt, "fetching");
        let retry_wait = match shared.fetcher.get_once(url, validators).await {
            Ok(response) => {
                fetched.responses += 1;
                match archive_response(shared, &response) {
                    Ok(location) => fetched.archive = Some(location),
                    Err(err) => warn!(url = %url, cause = %err, "archiving failed"),
                }
                let status = reqwest::StatusCode::from_u16(response.status).unwrap_or(reqwest::StatusCode::OK);
                if !status.should_retry() || attempt >= config.retries {
                    fetched.result = Ok(response);
                    return fetched;
                }
                let wait = crate::retry::backoff(
                    attempt + 1,
                    config.retry_backoff,
                    response.retry_after(),
                    config.max_retry_wait,
                );
                let Some(wait) = wait else {
                    fetched.result = Ok(response);
                    return fetched;
                };
                debug!(url = %url, status = response.status, wait_ms = wait.as_millis() as u64, "retrying");
                wait
            }
            Err(err) => {
                let retry = err.should_retry() && attempt < config.retries;
                if !retry {
                    fetched.result = Err(describe_fetch_error(&err));
                    return fetched;
                }
                debug!(url = %url, cause = %err, "retrying after error");
                crate::retry::backoff(attempt + 1, config.retry_backoff, None, config.max_retry_wait)
                    .unwrap_or_default()
            }
        };
        tokio::time::sleep(retry_wait).await;
        attempt += 1;
    }
}

fn describe_fetch_error(err: &FetchError) -> String {
    let mut message = err.to_string();
    let mut source = std::error::Error::source(err);
    while let Some(cause) = source {
        message.push_str(": ");
        message.push_str(&cause.to_string());
        source = cause.source();
    }
    message
}

fn archive_response(shared: &Shared, response: &FetchedResponse) -> crate::Result<String> {
    let mut archive = shared.archive.lock().map_err(|_| CrawlError::Task("the archive lock is poisoned".into()))?;
    archive.write_response(response)
}

/// Returns the robots.txt rules of a URL's host (fetched once per run), the sitemap URLs it
/// lists (only to the task that fetched it), and how many responses that took.
async fn robots_for(shared: &Shared, url: &Url) -> (Arc<RobotsRules>, Vec<Url>, u64) {
    if !shared.config.respect_robots_txt {
        return (Arc::new(RobotsRules::AllowAll), Vec::new(), 0);
    }
    let host = host_key(url);
    let cell = {
        let Ok(mut robots) = shared.robots.lock() else {
            return (Arc::new(RobotsRules::DisallowAll), Vec::new(), 0);
        };
        Arc::clone(robots.entry(host.clone()).or_default())
    };
    let mut sitemaps = Vec::new();
    let mut responses = 0;
    let rules = cell
        .get_or_init(|| async {
            let Some(robots_url) = crate::robots::robots_url(url) else {
                return Arc::new(RobotsRules::AllowAll);
            };
            let fetched = fetch_with_retries(shared, &robots_url, &Validators::default()).await;
            responses = fetched.responses;
            let rules = match &fetched.result {
                Ok(response) => {
                    RobotsRules::from_response(&shared.config.user_agent, Some(response.status), &response.body)
                }
                Err(reason) => {
                    warn!(url = %robots_url, cause = %reason, "robots.txt unreachable, host skipped");
                    RobotsRules::from_response(&shared.config.user_agent, None, b"")
                }
            };
            if let Some(delay) = rules.crawl_delay() {
                shared.limiter.set_host_delay(&host, delay.min(shared.config.max_crawl_delay));
            }
            if shared.config.use_sitemaps {
                sitemaps = rules.sitemaps().iter().filter_map(|text| crate::urlnorm::resolve(url, text)).collect();
            }
            Arc::new(rules)
        })
        .await;
    (Arc::clone(rules), sitemaps, responses)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn start_urls_make_a_config_without_a_file() {
        let args = CrawlArgs {
            start: vec!["http://127.0.0.1:9/index.html".into()],
            max_pages: Some(3),
            allow_private: true,
            out: PathBuf::from("out"),
            ..CrawlArgs::default()
        };
        let config = args.to_config().unwrap();
        assert!(config.allow_private_addresses);
        assert_eq!(config.sources[0].max_pages, 3);
        assert_eq!(config.sources[0].hosts, ["127.0.0.1:9"]);
    }

    #[test]
    fn unknown_source_names_are_refused() {
        let args = CrawlArgs { source: Some("nope".into()), ..CrawlArgs::default() };
        assert!(args.to_config().is_err());
    }

    #[test]
    fn links_stay_within_depth_and_hosts() {
        let config = CrawlConfig::from_start_urls(&["http://a.cn/".into()]).unwrap();
        let source = &config.sources[0];
        let links = [Url::parse("http://a.cn/1.html").unwrap(), Url::parse("http://b.cn/1.html").unwrap()];
        let queued = links_to_queue(Some(source), 0, &links);
        assert_eq!(queued.len(), 1);
        assert!(links_to_queue(Some(source), source.max_depth, &links).is_empty());
    }

    #[test]
    fn report_rates_are_safe_at_zero() {
        let report = CrawlReport::default();
        assert_eq!(report.pages_per_second(), 0.0);
        assert!(report.to_string().contains("pages/s"));
    }
}
