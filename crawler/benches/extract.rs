//! Extraction throughput over the project's own fixtures (`corpus/fixtures/extract/`).
//!
//! Run with `cargo bench -p crawler --bench extract`. Each fixture is extracted once before
//! measuring (to warm the lazily built regexes) and its output is checked, so a broken extractor
//! cannot look fast. The dev-page throughput (pages/s, MB/s) is printed by the
//! `eval_extraction` example.

use crawler::extract::extract_bytes;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

const FIXTURES: &[(&str, &[u8])] = &[
    ("govcn_policy", include_bytes!("../../corpus/fixtures/extract/govcn_policy.html")),
    ("provincial_news", include_bytes!("../../corpus/fixtures/extract/provincial_news.html")),
    ("portal_recommendations", include_bytes!("../../corpus/fixtures/extract/portal_recommendations.html")),
    ("traditional_repost", include_bytes!("../../corpus/fixtures/extract/traditional_repost.html")),
    ("gbk_no_charset", include_bytes!("../../corpus/fixtures/extract/gbk_no_charset.html")),
    ("big5_page", include_bytes!("../../corpus/fixtures/extract/big5_page.html")),
];

fn bench_extract(criterion: &mut Criterion) {
    let total_bytes: usize = FIXTURES.iter().map(|(_, html)| html.len()).sum();
    for (name, html) in FIXTURES {
        let document =
            extract_bytes(html, None, None).unwrap_or_else(|error| panic!("fixture {name} should extract: {error}"));
        assert!(document.body.chars().count() > 50, "fixture {name} lost its body");
        assert!(!document.title.is_empty(), "fixture {name} lost its title");
    }
    let mut group = criterion.benchmark_group("extract");
    group.throughput(Throughput::Bytes(total_bytes as u64));
    group.bench_function("all_fixtures", |bencher| {
        bencher.iter(|| {
            for (_, html) in FIXTURES {
                let _ = std::hint::black_box(extract_bytes(std::hint::black_box(html), None, None));
            }
        })
    });
    group.finish();
}

criterion_group!(benches, bench_extract);
criterion_main!(benches);
