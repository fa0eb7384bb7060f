//! The frontier on disk (`OUT/frontier.redb`, an embedded redb store): the queue of URLs to
//! fetch, the seen-set, and what is known of every page (state, validators, content hash,
//! version, archive location).
//!
//! # Passes and resumption
//! A crawl is a sequence of *passes*. A pass starts with the start URLs queued; a page is
//! *seen* in a pass once its state carries that pass number. The pass ends when the queue is
//! empty, and the next run starts a new pass (a recrawl: every page is fetched again, with
//! conditional requests). A run that stops earlier — `kill -9` included — leaves the pass open
//! and the next run resumes it: the queue still holds every URL not completed.
//!
//! Completing a page is **one transaction**: its new state, the removal from the queue and the
//! links it found. So at any moment a URL is either completed (state `Done`, its links queued)
//! or still queued. The corpus line is appended just before that transaction; a crash between
//! the two is repaired at start-up from `documents.jsonl` ([`Frontier::mark_stored`]), so no
//! stored page is fetched again.

use std::path::{Path, PathBuf};

use redb::{Database, ReadableDatabase, ReadableTable, TableDefinition};
use serde::{Deserialize, Serialize};
use url::Url;

use crate::CrawlError;
use crate::fetch::Validators;

const PAGES: TableDefinition<'_, &str, &[u8]> = TableDefinition::new("pages");
const QUEUE: TableDefinition<'_, u64, &str> = TableDefinition::new("queue");
const META: TableDefinition<'_, &str, u64> = TableDefinition::new("meta");

const META_PASS: &str = "pass";
const META_PASS_DONE: &str = "pass_done";
const META_NEXT_SEQUENCE: &str = "next_sequence";

/// Where a page is in the current pass.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PageStatus {
    /// Queued, not yet completed.
    Pending,
    /// Fetched and handled (stored, followed, unchanged, duplicate).
    Done,
    /// Given up on in this pass (error, disallowed, too large…).
    Failed,
}

/// What the frontier knows of one page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PageState {
    /// The pass the state belongs to.
    pub pass: u64,
    /// Status in that pass.
    pub status: PageStatus,
    /// The source the page was found by.
    pub source: String,
    /// Link depth from a start URL.
    pub depth: u32,
    /// Validators of the last 200 response.
    #[serde(default)]
    pub validators: Validators,
    /// Id of the stored document, when the page is an article.
    #[serde(default)]
    pub doc_id: Option<String>,
    /// Hash of the stored document's normalized text.
    #[serde(default)]
    pub content_hash: Option<String>,
    /// Version of the stored document (1 for the first).
    #[serde(default)]
    pub version: u32,
    /// Links of a followed page, kept so a 304 still queues them.
    #[serde(default)]
    pub outlinks: Vec<String>,
    /// Archive location of the last response.
    #[serde(default)]
    pub archive: Option<String>,
    /// Last error, for failed pages.
    #[serde(default)]
    pub error: Option<String>,
}

impl PageState {
    /// Returns the state of a page queued in `pass`, found by `source` at link `depth`.
    pub fn pending(pass: u64, source: &str, depth: u32) -> PageState {
        PageState {
            pass,
            status: PageStatus::Pending,
            source: source.to_string(),
            depth,
            validators: Validators::default(),
            doc_id: None,
            content_hash: None,
            version: 0,
            outlinks: Vec::new(),
            archive: None,
            error: None,
        }
    }
}

/// A queued URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueuedUrl {
    /// Position in the queue.
    pub sequence: u64,
    /// The normalized URL.
    pub url: String,
    /// The source that found it.
    pub source: String,
    /// Link depth.
    pub depth: u32,
}

/// A link to queue when a page completes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewLink {
    /// The normalized URL.
    pub url: Url,
    /// The source following it.
    pub source: String,
    /// Its depth.
    pub depth: u32,
}

/// How a run starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PassStart {
    /// The pass number.
    pub pass: u64,
    /// Whether an unfinished pass is resumed (else a new one starts).
    pub resumed: bool,
}

/// The on-disk frontier.
#[derive(Debug)]
pub struct Frontier {
    database: Database,
    path: PathBuf,
    pass: u64,
}

impl Frontier {
    /// Opens (or creates) the frontier file.
    pub fn open(path: &Path) -> crate::Result<Frontier> {
        let database = Database::create(path).map_err(|err| CrawlError::Frontier(err.into(), path.to_path_buf()))?;
        let frontier = Frontier { database, path: path.to_path_buf(), pass: 0 };
        let transaction = frontier.database.begin_write().map_err(|err| frontier.error(err))?;
        {
            transaction.open_table(PAGES).map_err(|err| frontier.error(err))?;
            transaction.open_table(QUEUE).map_err(|err| frontier.error(err))?;
            transaction.open_table(META).map_err(|err| frontier.error(err))?;
        }
        transaction.commit().map_err(|err| frontier.error(err))?;
        Ok(frontier)
    }

    fn error(&self, err: impl Into<redb::Error>) -> CrawlError {
        CrawlError::Frontier(err.into(), self.path.clone())
    }

    /// Returns the current pass number.
    pub fn pass(&self) -> u64 {
        self.pass
    }

    /// Resumes the open pass, or starts a new one when the last finished (or none ran). The
    /// seeds are queued unless already seen in the pass.
    pub fn begin_pass(&mut self, seeds: &[NewLink]) -> crate::Result<PassStart> {
        let transaction = self.database.begin_write().map_err(|err| self.error(err))?;
        let start;
        {
            let mut meta = transaction.open_table(META).map_err(|err| self.error(err))?;
            let last_pass = meta.get(META_PASS).map_err(|err| self.error(err))?.map(|guard| guard.value()).unwrap_or(0);
            let last_done =
                meta.get(META_PASS_DONE).map_err(|err| self.error(err))?.map(|guard| guard.value()).unwrap_or(1) == 1;
            start = if last_pass == 0 || last_done {
                PassStart { pass: last_pass + 1, resumed: false }
            } else {
                PassStart { pass: last_pass, resumed: true }
            };
            meta.insert(META_PASS, start.pass).map_err(|err| self.error(err))?;
            meta.insert(META_PASS_DONE, 0).map_err(|err| self.error(err))?;
        }
        self.pass = start.pass;
        self.queue_links(&transaction, seeds)?;
        transaction.commit().map_err(|err| self.error(err))?;
        Ok(start)
    }

    /// Marks the current pass finished: the next run starts a new one.
    pub fn finish_pass(&self) -> crate::Result<()> {
        let transaction = self.database.begin_write().map_err(|err| self.error(err))?;
        {
            let mut meta = transaction.open_table(META).map_err(|err| self.error(err))?;
            meta.insert(META_PASS_DONE, 1).map_err(|err| self.error(err))?;
        }
        transaction.commit().map_err(|err| self.error(err))
    }

    /// Returns the queued URLs in queue order.
    pub fn queued(&self) -> crate::Result<Vec<QueuedUrl>> {
        let transaction = self.database.begin_write().map_err(|err| self.error(err))?;
        let mut queued = Vec::new();
        {
            let queue = transaction.open_table(QUEUE).map_err(|err| self.error(err))?;
            let pages = transaction.open_table(PAGES).map_err(|err| self.error(err))?;
            for entry in queue.iter().map_err(|err| self.error(err))? {
                let (sequence, url) = entry.map_err(|err| self.error(err))?;
                let url = url.value().to_string();
                let state =
                    pages.get(url.as_str()).map_err(|err| self.error(err))?.and_then(|guard| decode(guard.value()));
                let (source, depth) = state.map(|state| (state.source, state.depth)).unwrap_or_default();
                queued.push(QueuedUrl { sequence: sequence.value(), url, source, depth });
            }
        }
        transaction.abort().map_err(|err| self.error(err))?;
        Ok(queued)
    }

    /// Returns a page's state.
    pub fn page(&self, url: &str) -> crate::Result<Option<PageState>> {
        let transaction = self.database.begin_read().map_err(|err| self.error(err))?;
        let pages = transaction.open_table(PAGES).map_err(|err| self.error(err))?;
        let state = pages.get(url).map_err(|err| self.error(err))?.and_then(|guard| decode(guard.value()));
        Ok(state)
    }

    /// Returns every page state (for reports and tests).
    pub fn pages(&self) -> crate::Result<Vec<(String, PageState)>> {
        let transaction = self.database.begin_write().map_err(|err| self.error(err))?;
        let mut all = Vec::new();
        {
            let pages = transaction.open_table(PAGES).map_err(|err| self.error(err))?;
            for entry in pages.iter().map_err(|err| self.error(err))? {
                let (url, state) = entry.map_err(|err| self.error(err))?;
                if let Some(state) = decode(state.value()) {
                    all.push((url.value().to_string(), state));
                }
            }
        }
        transaction.abort().map_err(|err| self.error(err))?;
        Ok(all)
    }

    /// Completes a queued URL in one transaction: writes the states (the URL's, and the final
    /// URL's after redirects), removes it from the queue, and queues the new links not yet seen
    /// in this pass. Returns the links queued.
    pub fn complete(
        &self,
        sequence: u64,
        states: &[(String, PageState)],
        links: &[NewLink],
    ) -> crate::Result<Vec<QueuedUrl>> {
        let transaction = self.database.begin_write().map_err(|err| self.error(err))?;
        {
            let mut pages = transaction.open_table(PAGES).map_err(|err| self.error(err))?;
            for (url, state) in states {
                debug_assert_eq!(state.pass, self.pass, "states are written for the current pass");
                pages.insert(url.as_str(), encode(state).as_slice()).map_err(|err| self.error(err))?;
            }
            let mut queue = transaction.open_table(QUEUE).map_err(|err| self.error(err))?;
            queue.remove(sequence).map_err(|err| self.error(err))?;
        }
        let queued = self.queue_links(&transaction, links)?;
        transaction.commit().map_err(|err| self.error(err))?;
        Ok(queued)
    }

    /// Marks pages whose documents are already in the corpus — `(url, doc id, content hash,
    /// version)` — as done in the current pass and takes them off the queue, when the frontier
    /// holds an older version for them: the repair after a crash between the corpus append and
    /// [`Frontier::complete`]. Returns how many were repaired.
    pub fn mark_stored(&self, stored: &[(String, String, String, u32)]) -> crate::Result<usize> {
        let transaction = self.database.begin_write().map_err(|err| self.error(err))?;
        let mut repaired = 0;
        {
            let mut pages = transaction.open_table(PAGES).map_err(|err| self.error(err))?;
            let mut queue = transaction.open_table(QUEUE).map_err(|err| self.error(err))?;
            let mut queued_urls = Vec::new();
            for entry in queue.iter().map_err(|err| self.error(err))? {
                let (sequence, url) = entry.map_err(|err| self.error(err))?;
                queued_urls.push((sequence.value(), url.value().to_string()));
            }
            for (url, doc_id, content_hash, version) in stored {
                let Some(mut state) =
                    pages.get(url.as_str()).map_err(|err| self.error(err))?.and_then(|guard| decode(guard.value()))
                else {
                    continue;
                };
                if state.status != PageStatus::Pending || state.pass != self.pass || state.version >= *version {
                    continue;
                }
                state.status = PageStatus::Done;
                state.doc_id = Some(doc_id.clone());
                state.content_hash = Some(content_hash.clone());
                state.version = *version;
                pages.insert(url.as_str(), encode(&state).as_slice()).map_err(|err| self.error(err))?;
                for (sequence, queued_url) in &queued_urls {
                    if queued_url == url {
                        queue.remove(*sequence).map_err(|err| self.error(err))?;
                    }
                }
                repaired += 1;
            }
        }
        transaction.commit().map_err(|err| self.error(err))?;
        Ok(repaired)
    }

    fn queue_links(&self, transaction: &redb::WriteTransaction, links: &[NewLink]) -> crate::Result<Vec<QueuedUrl>> {
        let mut meta = transaction.open_table(META).map_err(|err| self.error(err))?;
        let mut pages = transaction.open_table(PAGES).map_err(|err| self.error(err))?;
        let mut queue = transaction.open_table(QUEUE).map_err(|err| self.error(err))?;
        let mut next_sequence =
            meta.get(META_NEXT_SEQUENCE).map_err(|err| self.error(err))?.map(|guard| guard.value()).unwrap_or(0);
        let mut queued = Vec::new();
        for link in links {
            let key = link.url.as_str();
            let previous = pages.get(key).map_err(|err| self.error(err))?.and_then(|guard| decode(guard.value()));
            if previous.as_ref().is_some_and(|state| state.pass >= self.pass) {
                continue;
            }
            let state = match previous {
                Some(previous) => PageState {
                    pass: self.pass,
                    status: PageStatus::Pending,
                    source: link.source.clone(),
                    depth: link.depth,
                    error: None,
                    ..previous
                },
                None => PageState::pending(self.pass, &link.source, link.depth),
            };
            pages.insert(key, encode(&state).as_slice()).map_err(|err| self.error(err))?;
            queue.insert(next_sequence, key).map_err(|err| self.error(err))?;
            queued.push(QueuedUrl {
                sequence: next_sequence,
                url: key.to_string(),
                source: link.source.clone(),
                depth: link.depth,
            });
            next_sequence += 1;
        }
        meta.insert(META_NEXT_SEQUENCE, next_sequence).map_err(|err| self.error(err))?;
        Ok(queued)
    }
}

fn encode(state: &PageState) -> Vec<u8> {
    serde_json::to_vec(state).expect("PageState serializes: it has only strings, numbers and plain enums")
}

fn decode(bytes: &[u8]) -> Option<PageState> {
    serde_json::from_slice(bytes).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn link(url: &str) -> NewLink {
        NewLink { url: Url::parse(url).unwrap(), source: "s".into(), depth: 0 }
    }

    fn done(pass: u64) -> PageState {
        PageState {
            pass,
            status: PageStatus::Done,
            source: "s".into(),
            depth: 0,
            validators: Validators::default(),
            doc_id: None,
            content_hash: None,
            version: 0,
            outlinks: Vec::new(),
            archive: None,
            error: None,
        }
    }

    #[test]
    fn an_unfinished_pass_resumes_and_a_finished_one_starts_anew() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("frontier.redb");
        {
            let mut frontier = Frontier::open(&path).unwrap();
            let start = frontier.begin_pass(&[link("http://a.cn/")]).unwrap();
            assert_eq!(start, PassStart { pass: 1, resumed: false });
            let queued = frontier.queued().unwrap();
            let new = frontier
                .complete(
                    queued[0].sequence,
                    &[(queued[0].url.clone(), done(1))],
                    &[link("http://a.cn/1"), link("http://a.cn/")],
                )
                .unwrap();
            assert_eq!(new.len(), 1, "help: a page seen in this pass is not queued again");
        }
        let mut frontier = Frontier::open(&path).unwrap();
        let start = frontier.begin_pass(&[link("http://a.cn/")]).unwrap();
        assert_eq!(start, PassStart { pass: 1, resumed: true });
        let queued = frontier.queued().unwrap();
        assert_eq!(queued.iter().map(|q| q.url.as_str()).collect::<Vec<_>>(), ["http://a.cn/1"]);
        frontier.complete(queued[0].sequence, &[(queued[0].url.clone(), done(1))], &[]).unwrap();
        frontier.finish_pass().unwrap();
        let start = frontier.begin_pass(&[link("http://a.cn/")]).unwrap();
        assert_eq!(start, PassStart { pass: 2, resumed: false });
        assert_eq!(frontier.queued().unwrap().len(), 1);
    }

    #[test]
    fn stored_pages_are_repaired_to_done() {
        let dir = tempfile::tempdir().unwrap();
        let mut frontier = Frontier::open(&dir.path().join("f.redb")).unwrap();
        frontier.begin_pass(&[link("http://a.cn/x")]).unwrap();
        let repaired = frontier.mark_stored(&[("http://a.cn/x".into(), "id".into(), "hash".into(), 1)]).unwrap();
        assert_eq!(repaired, 1);
        assert!(frontier.queued().unwrap().is_empty());
        assert_eq!(frontier.page("http://a.cn/x").unwrap().unwrap().doc_id.as_deref(), Some("id"));
    }
}
