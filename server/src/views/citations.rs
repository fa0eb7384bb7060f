//! Citations: the 《titles》 and 文号 a document's text names, matched to the corpus documents
//! they name, and the reverse edges (cited by).
//!
//! A 文号 matches on its canonical key (`corpus::doc_number::doc_number_key`), exactly; a title
//! matches on its normalized form: 《》 stripped, NFKC and traditional → simplified
//! (`indexer::analysis::normalize`), whitespace dropped. When several documents share a key
//! (reposts), the cluster's canonical document wins, then the earliest.

use std::collections::{BTreeSet, HashMap};
use std::sync::LazyLock;

use corpus::Document;
use regex::Regex;
use serde::Serialize;

/// Longest text inside 《》 read as a title; longer spans are quotations, not titles.
const MAX_TITLE_CHARS: usize = 80;

static BOOK_TITLE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"《([^《》\n]{2,200})》").expect("the 《title》 pattern should compile"));

/// How a citation names its target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum CitationKind {
    /// A 文号, e.g. `国办发〔2019〕5号`.
    DocNumber,
    /// A 《title》.
    Title,
}

/// One title or 文号 named in a document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Citation {
    /// 文号 or title.
    pub kind: CitationKind,
    /// The text as written (a title without its 《》; a 文号 in its canonical form).
    pub text: String,
    /// Id of the corpus document it names, when there is one.
    pub target: Option<String>,
}

/// Returns the matching key of a title: 《》 stripped, normalized, whitespace dropped.
pub fn title_key(title: &str) -> String {
    let stripped = title.trim().trim_start_matches('《').trim_end_matches('》');
    indexer::analysis::normalize(stripped).chars().filter(|ch| !ch.is_whitespace()).collect()
}

/// Returns the titles and 文号 a text names, in order of first appearance, without repeats.
pub fn extract_citations(text: &str) -> Vec<(CitationKind, String)> {
    let mut found: Vec<(usize, CitationKind, String)> = Vec::new();
    let mut seen = BTreeSet::new();
    for captures in BOOK_TITLE.captures_iter(text) {
        let inner = captures.get(1).expect("group 1 always matches");
        let title = inner.as_str().trim();
        if title.chars().count() > MAX_TITLE_CHARS || !seen.insert((CitationKind::Title, title_key(title))) {
            continue;
        }
        found.push((inner.start(), CitationKind::Title, title.to_string()));
    }
    // Full-width digits become ASCII under NFKC, which the 文号 pattern needs.
    let normalized = indexer::analysis::normalize(text);
    for number in corpus::doc_number::find_doc_numbers(&normalized) {
        if !seen.insert((CitationKind::DocNumber, number.key.clone())) {
            continue;
        }
        found.push((number.start, CitationKind::DocNumber, number.key));
    }
    // Offsets of the two kinds come from slightly different texts; order is only for display.
    found.sort_by_key(|(start, _, _)| *start);
    found.into_iter().map(|(_, kind, text)| (kind, text)).collect()
}

/// Who cites whom in the corpus.
#[derive(Debug, Default)]
pub struct CitationGraph {
    cites: HashMap<String, Vec<Citation>>,
    cited_by: HashMap<String, Vec<String>>,
}

impl CitationGraph {
    /// Extracts and matches the citations of every document.
    pub fn build(documents: &[Document]) -> CitationGraph {
        let by_number = key_table(documents, |document| {
            document.doc_number.as_deref().and_then(corpus::doc_number::doc_number_key)
        });
        let by_title = key_table(documents, |document| Some(title_key(&document.title)).filter(|key| !key.is_empty()));
        let mut graph = CitationGraph::default();
        for document in documents {
            let mut text = document.title.clone();
            text.push('\n');
            text.push_str(&document.body);
            let mut citations = Vec::new();
            for (kind, cited) in extract_citations(&text) {
                let target = match kind {
                    CitationKind::DocNumber => by_number.get(&cited),
                    CitationKind::Title => by_title.get(&title_key(&cited)),
                }
                .filter(|target| **target != document.id)
                .cloned();
                let names_itself = target.is_none() && names_document(document, kind, &cited);
                if names_itself {
                    continue;
                }
                if let Some(target) = &target {
                    let citing = graph.cited_by.entry(target.clone()).or_default();
                    if !citing.contains(&document.id) {
                        citing.push(document.id.clone());
                    }
                }
                citations.push(Citation { kind, text: cited, target });
            }
            if !citations.is_empty() {
                graph.cites.insert(document.id.clone(), citations);
            }
        }
        graph
    }

    /// Returns what a document cites.
    pub fn cites(&self, id: &str) -> &[Citation] {
        self.cites.get(id).map(Vec::as_slice).unwrap_or_default()
    }

    /// Returns the ids of the documents that cite this one.
    pub fn cited_by(&self, id: &str) -> &[String] {
        self.cited_by.get(id).map(Vec::as_slice).unwrap_or_default()
    }
}

/// True when a citation names the document it is in (its own title or 文号).
fn names_document(document: &Document, kind: CitationKind, cited: &str) -> bool {
    match kind {
        CitationKind::Title => title_key(&document.title) == title_key(cited),
        CitationKind::DocNumber => {
            document.doc_number.as_deref().and_then(corpus::doc_number::doc_number_key).as_deref() == Some(cited)
        }
    }
}

/// Maps each key to one document: the canonical one of its cluster, else the earliest.
fn key_table(documents: &[Document], key_of: impl Fn(&Document) -> Option<String>) -> HashMap<String, String> {
    let mut best: HashMap<String, (bool, Option<&str>, &str)> = HashMap::new();
    for document in documents {
        let Some(key) = key_of(document) else { continue };
        let is_repost = document.cluster.as_deref().is_some_and(|cluster| cluster != document.id);
        // `None` dates sort first; put undated documents after dated ones.
        let date = document.published.as_deref().or(Some("9999"));
        let candidate = (is_repost, date, document.id.as_str());
        let entry = best.entry(key).or_insert(candidate);
        if candidate < *entry {
            *entry = candidate;
        }
    }
    best.into_iter().map(|(key, (_, _, id))| (key, id.to_string())).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn document(id: &str, title: &str, doc_number: Option<&str>, body: &str) -> Document {
        Document {
            id: id.into(),
            title: title.into(),
            doc_number: doc_number.map(String::from),
            body: body.into(),
            ..Document::default()
        }
    }

    #[test]
    fn titles_and_doc_numbers_are_extracted_once_each() {
        let found = extract_citations(
            "根据《关于推进养老服务发展的意见》（国办发〔2019〕5号）和《关于推进养老服务发展的意见》，按照国办发[2019]5号",
        );
        assert_eq!(
            found,
            [
                (CitationKind::Title, "关于推进养老服务发展的意见".to_string()),
                (CitationKind::DocNumber, "国办发〔2019〕5号".to_string())
            ]
        );
    }

    #[test]
    fn title_key_ignores_script_and_spaces() {
        assert_eq!(title_key("《關於推進養老服務發展的意見》"), title_key("关于推进 养老服务发展的意见"));
    }

    #[test]
    fn citations_link_both_ways_and_unmatched_ones_stay() {
        let documents = [
            document("a", "关于推进养老服务发展的意见", Some("国办发〔2019〕5号"), "正文"),
            document(
                "b",
                "落实通知",
                None,
                "根据《關於推進養老服務發展的意見》和国办发[2019]5号，参照《不存在的文件》",
            ),
        ];
        let graph = CitationGraph::build(&documents);
        let targets: Vec<Option<&str>> = graph.cites("b").iter().map(|c| c.target.as_deref()).collect();
        assert_eq!(targets, [Some("a"), Some("a"), None]);
        assert_eq!(graph.cited_by("a"), ["b".to_string()]);
        assert!(graph.cites("a").is_empty());
    }

    #[test]
    fn a_document_naming_itself_is_no_citation() {
        let documents = [document("a", "某某条例", None, "《某某条例》自公布之日起施行")];
        let graph = CitationGraph::build(&documents);
        assert!(graph.cites("a").is_empty());
        assert!(graph.cited_by("a").is_empty());
    }
}
