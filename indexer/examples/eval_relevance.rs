//! Relevance on a known-item question set: MRR@10, Recall@1 and Recall@10.
//!
//! Run with `cargo run --release -p indexer --example eval_relevance [-- CORPUS.jsonl QUERIES.tsv]`
//! (default: `../shared/data/corpus/ncp-policy-qa/`). Each question is run as a plain query; a
//! copy of the answer (identical text, or character 5-gram Jaccard ≥ 0.8 or containment ≥ 0.9)
//! counts as the answer, as in `../shared/notes/relevance.md`; strict figures are printed too.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::time::Instant;

use corpus::Document;
use indexer::{IndexBuilder, SearchEngine, SearchRequest};

#[derive(serde::Deserialize)]
struct CorpusLine {
    docid: String,
    text: String,
}

fn shingles(text: &str) -> HashSet<u64> {
    let chars: Vec<char> = text.chars().filter(|c| !c.is_whitespace()).collect();
    chars
        .windows(5)
        .map(|window| {
            use std::hash::{Hash, Hasher};
            let mut hasher = std::collections::hash_map::DefaultHasher::new();
            window.hash(&mut hasher);
            hasher.finish()
        })
        .collect()
}

fn is_copy(a: &HashSet<u64>, b: &HashSet<u64>) -> bool {
    if a.is_empty() || b.is_empty() {
        return false;
    }
    let shared = a.intersection(b).count() as f64;
    let union = a.len() as f64 + b.len() as f64 - shared;
    let containment = shared / a.len().min(b.len()) as f64;
    shared / union >= 0.8 || containment >= 0.9
}

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let default_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/data/corpus/ncp-policy-qa");
    let corpus_path = args.first().map(PathBuf::from).unwrap_or_else(|| default_dir.join("corpus.jsonl"));
    let queries_path = args.get(1).map(PathBuf::from).unwrap_or_else(|| default_dir.join("queries.tsv"));
    if !corpus_path.exists() || !queries_path.exists() {
        println!("skipped: {} not found", corpus_path.display());
        return Ok(());
    }
    let mut texts: HashMap<String, String> = HashMap::new();
    let mut documents = Vec::new();
    for line in std::fs::read_to_string(&corpus_path)?.lines().filter(|l| !l.trim().is_empty()) {
        let parsed: CorpusLine = serde_json::from_str(line)?;
        texts.insert(parsed.docid.clone(), parsed.text.clone());
        documents.push(Document { id: parsed.docid, body: parsed.text, ..Document::default() });
    }
    let dir = tempfile::tempdir()?;
    let started = Instant::now();
    let mut builder = IndexBuilder::open(dir.path())?;
    for document in documents {
        builder.add(document)?;
    }
    builder.commit()?;
    eprintln!("indexed {} documents in {:.1} s", texts.len(), started.elapsed().as_secs_f64());
    let engine = SearchEngine::open(dir.path())?;
    let shingle_sets: HashMap<&String, HashSet<u64>> = texts.iter().map(|(id, text)| (id, shingles(text))).collect();

    let queries = std::fs::read_to_string(&queries_path)?;
    let (mut mrr, mut r1, mut r10, mut mrr_strict, mut r1_strict, mut count) = (0.0, 0.0, 0.0, 0.0, 0.0, 0.0);
    let mut misses = Vec::new();
    let started = Instant::now();
    for line in queries.lines().skip(1) {
        let fields: Vec<&str> = line.split('\t').collect();
        if fields.len() < 3 {
            continue;
        }
        let (answer, question) = (fields[1], fields[2]);
        let request = SearchRequest { query: question.to_string(), limit: 10, ..SearchRequest::default() };
        let response = match engine.search(&request) {
            Ok(response) => response,
            Err(err) => {
                eprintln!("query failed: {question}: {err}");
                count += 1.0;
                continue;
            }
        };
        let answer_shingles = &shingle_sets[&answer.to_string()];
        let strict_rank = response.hits.iter().position(|hit| hit.id == answer);
        let copy_rank = response.hits.iter().position(|hit| {
            hit.id == answer || texts[&hit.id] == texts[answer] || is_copy(&shingle_sets[&hit.id], answer_shingles)
        });
        if let Some(rank) = copy_rank {
            mrr += 1.0 / (rank + 1) as f64;
            r10 += 1.0;
            if rank == 0 {
                r1 += 1.0;
            }
        }
        if let Some(rank) = strict_rank {
            mrr_strict += 1.0 / (rank + 1) as f64;
            if rank == 0 {
                r1_strict += 1.0;
            }
        }
        if copy_rank != Some(0) {
            misses.push(format!("{:?}\t{question}\t{}", copy_rank.map(|r| r + 1), response.hits.first().map_or("", |h| h.id.as_str())));
        }
        count += 1.0;
    }
    let seconds = started.elapsed().as_secs_f64();
    if std::env::var_os("EVAL_MISSES").is_some() {
        for miss in &misses {
            eprintln!("miss {miss}");
        }
    }
    println!("| measure | MRR@10 | Recall@1 | Recall@10 |");
    println!("|---|---|---|---|");
    println!("| copies counted ({} questions) | {:.3} | {:.3} | {:.3} |", count, mrr / count, r1 / count, r10 / count);
    println!("| strict (the answer's own docid) | {:.3} | {:.3} | — |", mrr_strict / count, r1_strict / count);
    println!("queries/s (one thread, in process, with snippets): {:.0}", count / seconds);
    Ok(())
}
