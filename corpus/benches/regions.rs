//! Throughput of the region tagger over the bundled local regulations (`corpus/data/laws.jsonl`).
//!
//! Run with `cargo bench -p corpus --bench regions`; criterion prints the throughput in MiB/s.
//! The lazy gazetteer and automaton are built before measuring, and the output is checked so a broken
//! tagger cannot look fast.

use std::hint::black_box;

use corpus::Document;
use corpus::regions::{tag_document, tag_text};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

const LAWS_JSONL: &str = include_str!("../data/laws.jsonl");

fn laws() -> Vec<Document> {
    LAWS_JSONL.lines().filter_map(|line| serde_json::from_str(line).ok()).collect()
}

fn bench_regions(criterion: &mut Criterion) {
    let documents = laws();
    let bytes: usize = documents.iter().map(|document| document.title.len() + document.body.len()).sum();
    // Warm the lazy statics, and check the output: almost every bundled law is a local regulation.
    let tagged = documents.iter().filter(|document| tag_document(document).primary.is_some()).count();
    assert!(tagged * 10 >= documents.len() * 9, "only {tagged} of {} laws got a primary region", documents.len());

    let mut group = criterion.benchmark_group("regions");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.sample_size(10);
    group.bench_function("tag_document/laws", |bencher| {
        bencher.iter(|| {
            let mut mentions = 0;
            for document in &documents {
                mentions += black_box(tag_document(document)).mentions.len();
            }
            mentions
        })
    });
    let text: String = documents.iter().map(|document| document.body.as_str()).collect::<Vec<_>>().join("\n");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group
        .bench_function("tag_text/one_long_text", |bencher| bencher.iter(|| black_box(tag_text(&text)).mentions.len()));
    group.finish();
}

criterion_group!(benches, bench_regions);
criterion_main!(benches);
