//! Relevance on a known-item question set: MRR@10, Recall@1 and Recall@10.
//!
//! Run with `cargo run --release -p indexer --example eval_relevance [-- CORPUS.jsonl QUESTIONS.tsv]`
//! (default: `../shared/data/corpus/ncp-policy-qa/`; the corpus is JSONL documents, `docid`/`text`
//! field names work). `EVAL_MISSES=1` prints the questions whose answer was not first, with the opening of the answer
//! and of the first three hits.

use std::collections::HashMap;
use std::path::PathBuf;
use std::time::Instant;

use indexer::evaluation::{evaluate, parse_questions};
use indexer::{IndexBuilder, SearchEngine};

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let default_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/data/corpus/ncp-policy-qa");
    let corpus_path = args.first().map(PathBuf::from).unwrap_or_else(|| default_dir.join("corpus.jsonl"));
    let questions_path = args.get(1).map(PathBuf::from).unwrap_or_else(|| default_dir.join("queries.tsv"));
    if !corpus_path.exists() || !questions_path.exists() {
        println!("skipped: {} or {} not found", corpus_path.display(), questions_path.display());
        return Ok(());
    }
    let report = corpus::read_documents(&corpus_path)?;
    let texts: HashMap<String, String> = report
        .documents
        .iter()
        .map(|document| (document.id.clone(), format!("{}{}", document.title, document.body)))
        .collect();
    let titles: HashMap<String, String> = report
        .documents
        .iter()
        .map(|document| {
            (
                document.id.clone(),
                format!("{}{}", document.title, document.body)
                    .chars()
                    .take(70)
                    .collect::<String>()
                    .replace(char::is_whitespace, ""),
            )
        })
        .collect();
    let dir = tempfile::tempdir()?;
    let started = Instant::now();
    let mut builder = IndexBuilder::open(dir.path())?;
    for document in report.documents {
        builder.add(document)?;
    }
    builder.commit()?;
    eprintln!("indexed {} documents in {:.1} s", texts.len(), started.elapsed().as_secs_f64());
    let engine = SearchEngine::open(dir.path())?;
    let questions = parse_questions(&std::fs::read_to_string(&questions_path)?);
    let started = Instant::now();
    let relevance = evaluate(&engine, &questions, &texts);
    let seconds = started.elapsed().as_secs_f64();
    if std::env::var_os("EVAL_MISSES").is_some() {
        let answers: HashMap<&str, &str> =
            questions.iter().map(|question| (question.text.as_str(), question.answer.as_str())).collect();
        for (question, rank) in &relevance.misses {
            eprintln!("miss {rank:?}\t{question}");
            if let Some(answer) = answers.get(question.as_str()) {
                eprintln!("    answer: {}", titles.get(*answer).map(String::as_str).unwrap_or("?"));
            }
            let request = indexer::SearchRequest { query: question.clone(), limit: 3, ..Default::default() };
            for hit in engine.search(&request).map(|response| response.hits).unwrap_or_default() {
                eprintln!("    got:    {}", titles.get(hit.id.as_str()).map(String::as_str).unwrap_or("?"));
            }
        }
    }
    println!("{relevance}");
    println!("(copies of the answer counted; strict = the answer's own id)");
    println!("queries/s, one thread, in process, with snippets: {:.0}", questions.len() as f64 / seconds);
    Ok(())
}
