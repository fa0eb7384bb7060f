//! Searching the index: query language → tantivy query → ranked, collapsed, highlighted hits
//! with facet counts. When fewer than [`MATCH_PARTS_BELOW`] documents match and a keyword group's
//! compound is that rare as written, a second plan meets it by its parts apart; its hits follow.
//!
//! # Layout
//! - [`query_language`]: parsing the query string ([`ParsedQuery`], [`QueryError`]).
//! - [`query_builder`]: the tantivy query and the highlight terms ([`QueryPlan`]).
//! - [`synonyms`]: eldercare synonym expansion.
//! - [`rerank`]: proximity and verbatim re-ranking of the best candidates.
//! - [`topic_place`]: whether a candidate ties the query's topic to a place, item by item in a roundup.
//! - [`snippet`]: highlighted snippets on the original characters.
//! - [`facets`]: facet counts.

pub mod facets;
pub mod inner_words;
pub mod query_builder;
pub mod query_language;
pub mod rerank;
pub mod since;
pub mod snippet;
pub mod synonyms;
pub mod topic_place;

use std::collections::HashMap;
use std::path::Path;
use std::time::Instant;

use corpus::Document;
use serde::Serialize;
use tantivy::collector::{Count, TopDocs};
use tantivy::query::TermQuery;
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{DateTime, DocAddress, Index, IndexReader, Order, ReloadPolicy, Searcher, TantivyDocument, Term};

pub use facets::{FacetCount, Facets};
pub use query_builder::{Matching, QueryPlan, WordSplit};
pub use query_language::{ParsedQuery, QueryError, parse_query};

use crate::analysis::register_analyzers;
use crate::error::{IndexError, Result};
use crate::schema::{IndexSchema, names};

/// Default number of hits per page.
pub const DEFAULT_LIMIT: usize = 10;
/// Largest accepted `limit`.
pub const MAX_LIMIT: usize = 1000;
/// Largest accepted `offset`.
pub const MAX_OFFSET: usize = 10_000;
/// When fewer documents than this hold a keyword group's compound as written (老年人优待), those
/// holding its parts apart (老年人 … 优待) follow them ([`Matching::Parts`]).
pub const MATCH_PARTS_BELOW: usize = 3;

/// Decompressed document-store blocks kept in memory: every hit and re-ranked candidate is read
/// from the store, and decompressing the same blocks again dominated profiles under load.
const DOC_STORE_CACHE_BLOCKS: usize = 2_000;

/// Result order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, serde::Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum SortOrder {
    /// Best match first.
    #[default]
    Relevance,
    /// Newest first.
    Date,
}

/// A search request: the query string plus structured filters (which add to the query's own).
#[derive(Debug, Clone, Default)]
pub struct SearchRequest {
    /// The query in the query language.
    pub query: String,
    /// Hits to return.
    pub limit: usize,
    /// Hits to skip.
    pub offset: usize,
    /// Order.
    pub sort: SortOrder,
    /// Extra `region:` filter.
    pub region: Option<String>,
    /// Extra `kind:` filter.
    pub kind: Option<String>,
    /// Extra `from:` bound.
    pub from: Option<String>,
    /// Extra `to:` bound.
    pub to: Option<String>,
    /// Extra `source:` filter.
    pub source: Option<String>,
    /// Show each near-duplicate cluster once.
    pub collapse: bool,
    /// Compute facet counts.
    pub facets: bool,
    /// Snippet length in characters (0 for the default).
    pub snippet_chars: usize,
}

/// One search result.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Hit {
    /// Document id.
    pub id: String,
    /// Title (for an untitled document, the opening of its text: [`corpus::Document::display_title`]).
    pub title: String,
    /// Title with the query's words marked (HTML, escaped).
    pub title_html: String,
    /// Relevance score.
    pub score: f32,
    /// Highlighted snippet (HTML, escaped, `<mark>` on matches).
    pub snippet: String,
    /// URL of the page.
    pub url: Option<String>,
    /// Publish date.
    pub published: Option<String>,
    /// Kind: policy, interpretation, news or other.
    #[schema(value_type = String)]
    pub kind: corpus::Kind,
    /// Publisher.
    pub source: Option<String>,
    /// Issuing body.
    pub issuer: Option<String>,
    /// 文号.
    pub doc_number: Option<String>,
    /// Primary region (full name of the most specific level).
    pub region: Option<String>,
    /// Province of the primary region.
    pub province: Option<String>,
    /// Other documents of the same near-duplicate cluster (reposts) in the index.
    pub reposts: u64,
}

/// A page of results.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct SearchResponse {
    /// Matching documents.
    pub total: usize,
    /// The requested page of hits.
    pub hits: Vec<Hit>,
    /// Facet counts, when requested.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub facets: Option<Facets>,
    /// Milliseconds spent.
    pub took_ms: f64,
    /// Compounds that fewer than 3 documents ([`MATCH_PARTS_BELOW`]) hold as written: the
    /// documents that do come first, then those holding the compound's parts apart.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub split_words: Vec<WordSplit>,
}

/// Ranked documents of one query plan, before paging.
struct Ranked {
    documents: Vec<(f32, Document, u64)>,
    total: usize,
    facets: Option<Facets>,
}

impl Ranked {
    /// These documents, then those of `wider` (a plan matching more) not among them; the count and
    /// the facets are `wider`'s.
    fn followed_by(mut self, wider: Ranked) -> Ranked {
        let shown: std::collections::HashSet<String> =
            self.documents.iter().map(|(_, document, _)| document.id.clone()).collect();
        self.documents.extend(wider.documents.into_iter().filter(|(_, document, _)| !shown.contains(&document.id)));
        Ranked { documents: self.documents, total: wider.total, facets: wider.facets }
    }
}

/// An open index ready to search; cheap to share between threads.
#[derive(Clone)]
pub struct SearchEngine {
    index: Index,
    reader: IndexReader,
    schema: IndexSchema,
}

impl SearchEngine {
    /// Opens the index in `dir`.
    pub fn open(dir: &Path) -> Result<SearchEngine> {
        let open_error = |err| IndexError::Open(err, dir.to_path_buf());
        let index = Index::open_in_dir(dir).map_err(open_error)?;
        if index.schema() != crate::schema::build_schema() {
            return Err(IndexError::Incompatible(dir.to_path_buf()));
        }
        register_analyzers(&index);
        let schema = IndexSchema::from_schema(index.schema()).map_err(open_error)?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::OnCommitWithDelay)
            .doc_store_cache_num_blocks(DOC_STORE_CACHE_BLOCKS)
            .try_into()
            .map_err(open_error)?;
        Ok(SearchEngine { index, reader, schema })
    }

    /// Returns the schema's field handles.
    pub fn schema(&self) -> &IndexSchema {
        &self.schema
    }

    /// Returns the underlying tantivy index.
    pub fn index(&self) -> &Index {
        &self.index
    }

    /// Returns a searcher on the latest commit.
    pub fn searcher(&self) -> Searcher {
        self.reader.searcher()
    }

    /// Returns the number of documents in the index.
    pub fn num_docs(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// Parses a request's query and filters into a plan (compounds matched as written).
    pub fn plan(&self, request: &SearchRequest) -> Result<QueryPlan> {
        self.plan_with(request, Matching::Exact)
    }

    /// Parses a request's query and filters into a plan.
    pub fn plan_with(&self, request: &SearchRequest, matching: Matching) -> Result<QueryPlan> {
        let mut parsed = parse_query(&request.query)?;
        add_request_filters(&mut parsed, request)?;
        Ok(query_builder::build_query(&self.schema, &parsed, matching)?)
    }

    /// Identifies the index state searched now: it changes whenever a commit is picked up.
    pub fn generation(&self) -> u64 {
        self.reader.searcher().generation().generation_id()
    }

    /// Runs a search.
    pub fn search(&self, request: &SearchRequest) -> Result<SearchResponse> {
        let started = Instant::now();
        let mut plan = self.plan(request)?;
        let searcher = self.reader.searcher();
        let limit = request.limit.clamp(1, MAX_LIMIT);
        let offset = request.offset.min(MAX_OFFSET);
        let mut ranked = self.ranked(&searcher, &plan, request, offset + limit)?;
        let mut split_words = Vec::new();
        let rare = if ranked.total < MATCH_PARTS_BELOW { self.rare_compounds(&searcher, &plan)? } else { Vec::new() };
        if !rare.is_empty() {
            let parts_plan = self.plan_with(request, Matching::Parts(rare))?;
            let by_parts = self.ranked(&searcher, &parts_plan, request, offset + limit)?;
            if by_parts.total > ranked.total {
                ranked = if is_by_date(request, &plan) { by_parts } else { ranked.followed_by(by_parts) };
                split_words = parts_plan.splits.clone();
                plan = parts_plan;
            }
        }
        let Ranked { documents, total, facets } = ranked;
        let page = if request.collapse { self.collapse(&searcher, documents)? } else { documents };
        let snippet_chars =
            if request.snippet_chars == 0 { snippet::DEFAULT_SNIPPET_CHARS } else { request.snippet_chars };
        let highlighter = snippet::Highlighter::from_groups(&plan.highlights);
        let hits = page
            .into_iter()
            .skip(offset)
            .take(limit)
            .map(|(score, document, reposts)| to_hit(score, &document, reposts, &highlighter, snippet_chars))
            .collect();
        Ok(SearchResponse { total, hits, facets, took_ms: started.elapsed().as_secs_f64() * 1000.0, split_words })
    }

    /// The compounds of a plan that fewer than [`MATCH_PARTS_BELOW`] documents hold as written.
    fn rare_compounds(&self, searcher: &Searcher, plan: &QueryPlan) -> Result<Vec<String>> {
        let mut rare = Vec::new();
        for split in &plan.splits {
            let query = query_builder::written_query(&self.schema, &split.word);
            if searcher.search(&query, &Count).map_err(IndexError::Search)? < MATCH_PARTS_BELOW {
                rare.push(split.word.clone());
            }
        }
        Ok(rare)
    }

    /// The documents matching a plan, best first (or newest first), enough to fill `wanted` hits.
    fn ranked(&self, searcher: &Searcher, plan: &QueryPlan, request: &SearchRequest, wanted: usize) -> Result<Ranked> {
        // Collapsing needs candidates beyond the page: members of a cluster are skipped.
        let by_date = is_by_date(request, plan);
        let mut candidates = if request.collapse { wanted * 2 + 10 } else { wanted };
        if !by_date {
            candidates = candidates.max(rerank::RERANK_CANDIDATES);
        }
        // One pass over the matches collects the page candidates, the count and the facets.
        let facet_collector = request.facets.then_some(facets::FacetCollector);
        let (ranked, total, facets) = if by_date {
            let collector =
                TopDocs::with_limit(candidates).order_by_fast_field::<DateTime>(names::PUBLISHED, Order::Desc);
            let (top, total, facets) =
                searcher.search(&plan.query, &(collector, Count, facet_collector)).map_err(IndexError::Search)?;
            (top.into_iter().map(|(_, address)| (0.0, address)).collect::<Vec<_>>(), total, facets)
        } else {
            let collector = TopDocs::with_limit(candidates).order_by_score();
            searcher.search(&plan.query, &(collector, Count, facet_collector)).map_err(IndexError::Search)?
        };
        let mut documents = self.load_ranked(searcher, &ranked)?;
        if !by_date {
            self.rerank(searcher, plan, &mut documents)?;
        }
        Ok(Ranked { documents, total, facets })
    }

    /// Re-orders the best candidates by BM25, proximity and verbatim overlap, and whether they are
    /// about a place the query names.
    fn rerank(&self, searcher: &Searcher, plan: &QueryPlan, documents: &mut [(f32, Document, u64)]) -> Result<()> {
        let total_docs = searcher.num_docs() as f32;
        let idf = |gram: &str| {
            let term = Term::from_field_text(self.schema.body_bigram, gram);
            let doc_freq = searcher.doc_freq(&term).unwrap_or(0) as f32;
            (1.0 + (total_docs - doc_freq + 0.5) / (doc_freq + 0.5)).ln()
        };
        let query = rerank::RerankQuery::new(&plan.query_text, idf);
        let topics: Vec<(Vec<String>, f32)> = plan
            .topics
            .iter()
            .map(|group| (group.clone(), group.first().map_or(1.0, |word| rerank::topic_weight(word, idf))))
            .collect();
        // Typed words that a longer term may hide (老化 in 适老化), unless the query typed that term.
        let hideable: Vec<&str> = plan
            .highlights
            .iter()
            .filter_map(|group| group.first().map(String::as_str))
            .filter(|word| inner_words::can_be_hidden(word) && !inner_words::hidden_in(word, &plan.query_text))
            .collect();
        if query.is_none() && hideable.is_empty() && plan.topics.is_empty() && plan.question_terms.is_empty() {
            return Ok(());
        }
        let head_len = documents.len().min(rerank::RERANK_CANDIDATES);
        let best_score = documents.first().map_or(0.0, |(score, _, _)| *score);
        if best_score <= 0.0 {
            return Ok(());
        }
        let head = &mut documents[..head_len];
        // Each candidate's tier (see `rerank::Tier`) and, for a topic across places, the province
        // it stands for, by id.
        let typed_titles = rerank::typed_titles(&plan.query_text);
        let mut standing: HashMap<String, (rerank::Tier, Option<String>)> = HashMap::new();
        for (score, document, _) in head.iter_mut() {
            let text = format!("{}\n{}", document.title, document.body);
            // ASCII lowercased like the query's words (`AI` is typed or written `ai`). Full Unicode
            // lowercasing took 7 % of a loaded server's CPU for Han text it leaves unchanged.
            let mut normalized = crate::analysis::normalize(&text).into_owned();
            normalized.make_ascii_lowercase();
            *score /= best_score;
            if let Some(query) = &query {
                let (proximity, verbatim) = query.features(&normalized);
                let place = rerank::PlaceFit {
                    about_place: rerank::is_about_place(document, &plan.places),
                    about_another_province: rerank::names_another_province(
                        document,
                        &normalized,
                        &plan.question_places,
                    ),
                };
                *score = rerank::combined_score(*score, proximity, verbatim, place);
            }
            let mut off_topic = false;
            if !plan.topics.is_empty() {
                let share = rerank::topic_share(&normalized, &topics);
                *score += rerank::TOPIC_WEIGHT * share;
                // A keyword query naming a place wants the topic there, not in another item of a roundup.
                off_topic = share == 0.0
                    || (!plan.places.is_empty()
                        && !topic_place::ties_topic_to_place(document, &normalized, &plan.places, &topics));
            }
            let is_typed_title = rerank::title_key(&document.title).is_some_and(|key| typed_titles.contains(&key));
            let tier = if is_typed_title {
                rerank::Tier::TitleTyped
            } else if off_topic
                || hideable.iter().any(|word| inner_words::only_hidden(&normalized, word))
                || rerank::misses_every_term(&normalized, &plan.question_terms)
            {
                rerank::Tier::Below
            } else {
                rerank::Tier::Candidate
            };
            let province =
                plan.across_places.then(|| topic_place::topic_province(document, &normalized, &topics)).flatten();
            standing.insert(document.id.clone(), (tier, province));
        }
        let tier_of =
            |document: &Document| standing.get(&document.id).map_or(rerank::Tier::Candidate, |(tier, _)| *tier);
        head.sort_by(|a, b| tier_of(&a.1).cmp(&tier_of(&b.1)).then(b.0.total_cmp(&a.0)));
        if plan.across_places {
            // Provinces take turns within each tier.
            let mut start = 0;
            while start < head.len() {
                let tier = tier_of(&head[start].1);
                let end = start + head[start..].iter().take_while(|(_, document, _)| tier_of(document) == tier).count();
                rerank::diversify_by_province(&mut head[start..end], |document| {
                    standing.get(&document.id).and_then(|(_, province)| province.clone())
                });
                start = end;
            }
        }
        Ok(())
    }

    fn load_ranked(&self, searcher: &Searcher, ranked: &[(f32, DocAddress)]) -> Result<Vec<(f32, Document, u64)>> {
        let mut documents = Vec::with_capacity(ranked.len());
        for (score, address) in ranked {
            documents.push((*score, self.load(searcher, *address)?, 0));
        }
        Ok(documents)
    }

    /// Keeps the first hit of each near-duplicate cluster, shown as the cluster's canonical document.
    fn collapse(&self, searcher: &Searcher, documents: Vec<(f32, Document, u64)>) -> Result<Vec<(f32, Document, u64)>> {
        let mut seen: HashMap<String, ()> = HashMap::new();
        let mut collapsed = Vec::new();
        for (score, document, _) in documents {
            let key = document.cluster.clone().unwrap_or_else(|| document.id.clone());
            if seen.insert(key.clone(), ()).is_some() {
                continue;
            }
            let members =
                searcher.doc_freq(&Term::from_field_text(self.schema.cluster, &key)).map_err(IndexError::Search)?;
            let shown = if key != document.id { self.get_with(searcher, &key)?.unwrap_or(document) } else { document };
            collapsed.push((score, shown, members.saturating_sub(1)));
        }
        Ok(collapsed)
    }

    fn load(&self, searcher: &Searcher, address: DocAddress) -> Result<Document> {
        let stored: TantivyDocument = searcher.doc(address).map_err(IndexError::Search)?;
        let json = stored
            .get_first(self.schema.document)
            .and_then(|value| value.as_str())
            .ok_or_else(|| IndexError::Decode("stored document field is missing".into()))?;
        let mut document: Document = serde_json::from_str(json).map_err(|err| IndexError::Decode(err.to_string()))?;
        if let Some(body) = stored.get_first(self.schema.body_bigram).and_then(|value| value.as_str()) {
            document.body = body.to_string();
        }
        Ok(document)
    }

    /// Returns the document with this id.
    pub fn get(&self, id: &str) -> Result<Option<Document>> {
        self.get_with(&self.reader.searcher(), id)
    }

    fn get_with(&self, searcher: &Searcher, id: &str) -> Result<Option<Document>> {
        let query = TermQuery::new(Term::from_field_text(self.schema.id, id), IndexRecordOption::Basic);
        let top = searcher.search(&query, &TopDocs::with_limit(1).order_by_score()).map_err(IndexError::Search)?;
        match top.first() {
            Some((_, address)) => Ok(Some(self.load(searcher, *address)?)),
            None => Ok(None),
        }
    }

    /// Returns every document of the index (for whole-corpus views such as citations), in index order.
    pub fn all_documents(&self) -> Result<Vec<Document>> {
        let searcher = self.reader.searcher();
        let mut documents = Vec::new();
        for (segment_ord, segment) in searcher.segment_readers().iter().enumerate() {
            for doc in segment.doc_ids_alive() {
                documents.push(self.load(&searcher, DocAddress::new(segment_ord as u32, doc))?);
            }
        }
        Ok(documents)
    }
}

/// True when results go newest first: asked for, or nothing to rank by.
fn is_by_date(request: &SearchRequest, plan: &QueryPlan) -> bool {
    request.sort == SortOrder::Date || !plan.has_text
}

fn add_request_filters(parsed: &mut ParsedQuery, request: &SearchRequest) -> Result<()> {
    let filters = &mut parsed.filters;
    if let Some(region) = request.region.as_deref().filter(|r| !r.trim().is_empty()) {
        filters.regions.push(region.trim().to_string());
    }
    if let Some(kind) = request.kind.as_deref().filter(|k| !k.trim().is_empty()) {
        filters.kinds.push(kind.trim().to_string());
    }
    if let Some(source) = request.source.as_deref().filter(|s| !s.trim().is_empty()) {
        filters.sources.push(source.trim().to_string());
    }
    for (value, upper, name) in [(&request.from, false, "from"), (&request.to, true, "to")] {
        let Some(value) = value.as_deref().filter(|v| !v.trim().is_empty()) else { continue };
        let date = query_language::parse_date_bound(value.trim(), upper).ok_or_else(|| {
            QueryError::BadFilter(name.into(), value.to_string(), 0, "expected YYYY, YYYY-MM or YYYY-MM-DD".into())
        })?;
        if upper {
            filters.dates.to = Some(date);
        } else {
            filters.dates.from = Some(date);
        }
    }
    Ok(())
}

fn to_hit(
    score: f32,
    document: &Document,
    reposts: u64,
    highlighter: &snippet::Highlighter,
    snippet_chars: usize,
) -> Hit {
    let primary = document.regions.as_ref().and_then(|regions| regions.primary.as_ref());
    let title = document.display_title();
    Hit {
        id: document.id.clone(),
        title_html: highlighter.snippet_html(&title, 500),
        title,
        score,
        snippet: highlighter.snippet_html(&document.body, snippet_chars),
        url: document.url.clone(),
        published: document.published.clone(),
        kind: document.kind,
        source: document.source.clone(),
        issuer: document.issuer.clone(),
        doc_number: document.doc_number.clone(),
        region: primary.map(|region| region.name.clone()),
        province: primary.map(|region| region.province.clone()),
        reposts,
    }
}
