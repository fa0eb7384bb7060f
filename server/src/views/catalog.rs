//! The corpus-wide tables built from every document of the index: a summary per document,
//! the repost clusters, the citation graph and the quote-tracing fingerprints.
//!
//! Bodies are not kept: per document the catalog holds a few metadata strings, its citations and
//! about 0.4 fingerprints per character, so it stays small for ~20k documents. It is built on
//! first use and rebuilt after the index changed (see `AppState::catalog`).

use std::collections::HashMap;

use corpus::Document;
use serde::Serialize;

use super::citations::{CitationGraph, CitationKind};
use super::trace::ShingleIndex;

/// What lists of documents show about each one.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct DocSummary {
    /// Document id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Publish date.
    pub published: Option<String>,
    /// Issuing body (发文机关).
    pub issuer: Option<String>,
    /// Publisher (来源).
    pub source: Option<String>,
    /// 文号.
    pub doc_number: Option<String>,
    /// Province of the primary region.
    pub province: Option<String>,
    /// Kind: policy, interpretation, news or other.
    pub kind: String,
    /// URL of the page.
    pub url: Option<String>,
}

impl DocSummary {
    /// Summarizes a document.
    pub fn of(document: &Document) -> DocSummary {
        let province =
            document.regions.as_ref().and_then(|regions| regions.primary.as_ref()).map(|r| r.province.clone());
        DocSummary {
            id: document.id.clone(),
            title: document.display_title(),
            published: document.published.clone(),
            issuer: document.issuer.clone(),
            source: document.source.clone(),
            doc_number: document.doc_number.clone(),
            province,
            kind: document.kind.as_str().to_string(),
            url: document.url.clone(),
        }
    }

    /// Returns the publish date without its time.
    pub fn date(&self) -> Option<&str> {
        self.published.as_deref().map(super::date_part)
    }
}

/// A title or 文号 a document names, with the corpus document it names when there is one.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CitedDocument {
    /// 文号 or title.
    pub kind: CitationKind,
    /// The title (without 《》) or the 文号 (canonical form).
    pub text: String,
    /// The document it names, when the corpus has it.
    pub document: Option<DocSummary>,
}

/// A document's links to the rest of the corpus.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct DocumentRelations {
    /// The document's id.
    pub id: String,
    /// Every title and 文号 its text names, in order of appearance.
    pub cites: Vec<CitedDocument>,
    /// Documents whose text cites this one.
    pub cited_by: Vec<DocSummary>,
    /// Its repost cluster, canonical original first (empty when it stands alone).
    pub reposts: Vec<DocSummary>,
    /// Id of the cluster's canonical original.
    pub canonical: Option<String>,
}

/// Corpus-wide tables, built once.
pub struct Catalog {
    summaries: HashMap<String, DocSummary>,
    /// Cluster key (the canonical document's id) of each document.
    cluster_of: HashMap<String, String>,
    /// Members of each cluster with more than one document, canonical first, then by date.
    clusters: HashMap<String, Vec<String>>,
    /// Who cites whom.
    pub citations: CitationGraph,
    /// Fingerprints for tracing quotes.
    pub shingles: ShingleIndex,
}

impl Catalog {
    /// Builds the catalog from every document of the index.
    pub fn build(documents: &[Document]) -> Catalog {
        let mut summaries = HashMap::with_capacity(documents.len());
        let mut cluster_of = HashMap::with_capacity(documents.len());
        let mut members: HashMap<String, Vec<String>> = HashMap::new();
        for document in documents {
            summaries.insert(document.id.clone(), DocSummary::of(document));
            let key = document.cluster.clone().unwrap_or_else(|| document.id.clone());
            cluster_of.insert(document.id.clone(), key.clone());
            members.entry(key).or_default().push(document.id.clone());
        }
        let mut clusters = HashMap::new();
        for (key, mut ids) in members {
            if ids.len() < 2 {
                continue;
            }
            ids.sort_by(|left, right| {
                let left_key = (left != &key, summaries.get(left).and_then(|s: &DocSummary| s.published.clone()));
                let right_key = (right != &key, summaries.get(right).and_then(|s: &DocSummary| s.published.clone()));
                left_key.cmp(&right_key)
            });
            clusters.insert(key, ids);
        }
        let citations = CitationGraph::build(documents);
        let shingles = ShingleIndex::build(documents);
        Catalog { summaries, cluster_of, clusters, citations, shingles }
    }

    /// Returns the summary of a document.
    pub fn summary(&self, id: &str) -> Option<&DocSummary> {
        self.summaries.get(id)
    }

    /// Returns the number of documents.
    pub fn len(&self) -> usize {
        self.summaries.len()
    }

    /// Returns true when the catalog has no document.
    pub fn is_empty(&self) -> bool {
        self.summaries.is_empty()
    }

    /// Returns the repost cluster of a document (canonical first), or nothing when it stands alone.
    pub fn cluster(&self, id: &str) -> Vec<&DocSummary> {
        let Some(key) = self.cluster_of.get(id) else { return Vec::new() };
        let Some(ids) = self.clusters.get(key) else { return Vec::new() };
        ids.iter().filter_map(|member| self.summaries.get(member)).collect()
    }

    /// Returns what a document cites, what cites it and its reposts.
    pub fn relations(&self, id: &str) -> DocumentRelations {
        let cites = self
            .citations
            .cites(id)
            .iter()
            .map(|citation| CitedDocument {
                kind: citation.kind,
                text: citation.text.clone(),
                document: citation.target.as_deref().and_then(|target| self.summary(target)).cloned(),
            })
            .collect();
        let mut cited_by: Vec<DocSummary> =
            self.citations.cited_by(id).iter().filter_map(|citing| self.summary(citing)).cloned().collect();
        cited_by.sort_by(|left, right| left.published.cmp(&right.published).then(left.id.cmp(&right.id)));
        let reposts: Vec<DocSummary> = self.cluster(id).into_iter().cloned().collect();
        let canonical = if reposts.is_empty() { None } else { self.canonical_of(id).map(String::from) };
        DocumentRelations { id: id.to_string(), cites, cited_by, reposts, canonical }
    }

    /// Returns the id of the canonical document of a document's cluster.
    pub fn canonical_of(&self, id: &str) -> Option<&str> {
        self.cluster_of.get(id).map(String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn document(id: &str, published: &str, cluster: Option<&str>) -> Document {
        Document {
            id: id.into(),
            title: format!("标题{id}"),
            body: "养老服务".into(),
            published: Some(published.into()),
            cluster: cluster.map(String::from),
            ..Document::default()
        }
    }

    #[test]
    fn cluster_lists_the_canonical_document_first() {
        let documents = [
            document("repost", "2020-01-01", Some("original")),
            document("original", "2021-01-01", None),
            document("alone", "2021-01-01", None),
        ];
        let catalog = Catalog::build(&documents);
        let ids: Vec<&str> = catalog.cluster("repost").iter().map(|s| s.id.as_str()).collect();
        assert_eq!(ids, ["original", "repost"]);
        assert!(catalog.cluster("alone").is_empty());
        assert_eq!(catalog.canonical_of("repost"), Some("original"));
    }
}
