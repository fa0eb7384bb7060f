//! Throughput of the analysis chain (MB/s) on ~300 KB of mixed simplified and traditional policy text.
//!
//! Run with `cargo bench -p indexer --bench analyzer`. Lazy statics (jieba, OpenCC, the word
//! lists) are warmed first, and the token counts are asserted so that a broken analyzer cannot
//! look fast.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use indexer::analysis::{ChineseTokenizer, CjkBigramTokenizer, analyze, normalize};

const SAMPLE: &str = include_str!("../../corpus/bench/sample.txt");

fn analysis_chain(criterion: &mut Criterion) {
    let words = ChineseTokenizer::default();
    let word_count = words.analyze(SAMPLE).len();
    let bigram_count = CjkBigramTokenizer::default().analyze(SAMPLE).len();
    assert!(word_count > SAMPLE.chars().count() / 3, "too few word tokens: {word_count}");
    assert!(bigram_count > SAMPLE.chars().count() / 2, "too few bigrams: {bigram_count}");
    assert!(!analyze("養老服務").tokens.is_empty());

    let mut group = criterion.benchmark_group("analysis");
    group.throughput(Throughput::Bytes(SAMPLE.len() as u64));
    group.sample_size(10);
    group.bench_function("normalize", |bench| bench.iter(|| normalize(std::hint::black_box(SAMPLE)).len()));
    group.bench_function("words (normalize + jieba search mode)", |bench| {
        bench.iter(|| words.analyze(std::hint::black_box(SAMPLE)).len())
    });
    group.bench_function("bigrams (normalize + bigrams)", |bench| {
        bench.iter(|| CjkBigramTokenizer::default().analyze(std::hint::black_box(SAMPLE)).len())
    });
    group.finish();
}

criterion_group!(benches, analysis_chain);
criterion_main!(benches);
