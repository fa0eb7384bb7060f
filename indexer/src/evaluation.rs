//! Known-item relevance evaluation: MRR@10, Recall@1 and Recall@10 of questions with one answer.
//!
//! A copy of the answer counts as the answer (identical text once whitespace is removed, or a
//! character 5-gram Jaccard ≥ 0.8 or containment ≥ 0.9), as `../shared/notes/relevance.md`
//! defines the figure: showing one copy of a repost cluster costs nothing.

use std::collections::{HashMap, HashSet};
use std::hash::{DefaultHasher, Hash, Hasher};

use crate::{SearchEngine, SearchRequest};

/// A question and the id of the document that answers it.
#[derive(Debug, Clone)]
pub struct Question {
    /// The question as a user types it.
    pub text: String,
    /// The answering document's id.
    pub answer: String,
}

/// The figures of an evaluation.
#[derive(Debug, Clone, Default)]
pub struct RelevanceReport {
    /// Questions run.
    pub questions: usize,
    /// MRR@10, copies counted.
    pub mrr_at_10: f64,
    /// Recall@1, copies counted.
    pub recall_at_1: f64,
    /// Recall@10, copies counted.
    pub recall_at_10: f64,
    /// MRR@10 counting only the answer's own id.
    pub strict_mrr_at_10: f64,
    /// Questions whose answer (or a copy) was not first: question, rank (1-based) if in the top 10.
    pub misses: Vec<(String, Option<usize>)>,
}

/// Reads a `qid<TAB>docid<TAB>question[<TAB>…]` file with a header line.
pub fn parse_questions(tsv: &str) -> Vec<Question> {
    tsv.lines()
        .skip(1)
        .filter_map(|line| {
            let fields: Vec<&str> = line.split('\t').collect();
            (fields.len() >= 3).then(|| Question { text: fields[2].to_string(), answer: fields[1].to_string() })
        })
        .collect()
}

fn shingles(text: &str) -> HashSet<u64> {
    let chars: Vec<char> = text.chars().filter(|c| !c.is_whitespace()).collect();
    chars
        .windows(5)
        .map(|window| {
            let mut hasher = DefaultHasher::new();
            window.hash(&mut hasher);
            hasher.finish()
        })
        .collect()
}

fn is_copy(a: &HashSet<u64>, b: &HashSet<u64>) -> bool {
    if a.is_empty() || b.is_empty() {
        return a.is_empty() && b.is_empty();
    }
    let shared = a.intersection(b).count() as f64;
    let union = a.len() as f64 + b.len() as f64 - shared;
    shared / union >= 0.8 || shared / a.len().min(b.len()) as f64 >= 0.9
}

/// Runs every question as a plain query (top 10, no collapsing) and scores the ranks.
/// `texts` maps document ids to their text, for recognizing copies of the answer.
pub fn evaluate(engine: &SearchEngine, questions: &[Question], texts: &HashMap<String, String>) -> RelevanceReport {
    let shingle_sets: HashMap<&str, HashSet<u64>> =
        texts.iter().map(|(id, text)| (id.as_str(), shingles(text))).collect();
    let empty = HashSet::new();
    let mut report = RelevanceReport { questions: questions.len(), ..RelevanceReport::default() };
    for question in questions {
        let request = SearchRequest { query: question.text.clone(), limit: 10, ..SearchRequest::default() };
        let hits = engine.search(&request).map(|response| response.hits).unwrap_or_default();
        let answer_shingles = shingle_sets.get(question.answer.as_str()).unwrap_or(&empty);
        let copy_rank = hits.iter().position(|hit| {
            hit.id == question.answer || is_copy(shingle_sets.get(hit.id.as_str()).unwrap_or(&empty), answer_shingles)
        });
        let strict_rank = hits.iter().position(|hit| hit.id == question.answer);
        if let Some(rank) = copy_rank {
            report.mrr_at_10 += 1.0 / (rank + 1) as f64;
            report.recall_at_10 += 1.0;
            if rank == 0 {
                report.recall_at_1 += 1.0;
            }
        }
        if let Some(rank) = strict_rank {
            report.strict_mrr_at_10 += 1.0 / (rank + 1) as f64;
        }
        if copy_rank != Some(0) {
            report.misses.push((question.text.clone(), copy_rank.map(|rank| rank + 1)));
        }
    }
    let count = questions.len().max(1) as f64;
    report.mrr_at_10 /= count;
    report.recall_at_1 /= count;
    report.recall_at_10 /= count;
    report.strict_mrr_at_10 /= count;
    report
}

impl std::fmt::Display for RelevanceReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(f, "| questions | MRR@10 | Recall@1 | Recall@10 | strict MRR@10 |")?;
        writeln!(f, "|---|---|---|---|---|")?;
        write!(
            f,
            "| {} | {:.3} | {:.3} | {:.3} | {:.3} |",
            self.questions, self.mrr_at_10, self.recall_at_1, self.recall_at_10, self.strict_mrr_at_10
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copies_are_recognized() {
        let original = shingles("各地要稳步推进长期护理保险制度试点工作，探索建立互助共济的制度。");
        let repost = shingles("各地要稳步推进长期护理保险制度试点工作，探索建立互助共济的制度。转载");
        let other = shingles("发展老年助餐服务，建设社区助餐点，方便老年人就餐。");
        assert!(is_copy(&original, &repost));
        assert!(!is_copy(&original, &other));
    }

    #[test]
    fn questions_parse_from_tsv() {
        let questions = parse_questions("qid\tdocid\tquestion\tanswer\nq1\td1\t问题？\t答案\n");
        assert_eq!(questions.len(), 1);
        assert_eq!(questions[0].answer, "d1");
    }
}
