//! `yanglao search`: run a query against an index and print the hits (text, JSON or CSV).

use std::path::Path;

use indexer::{SearchEngine, SearchRequest, SearchResponse};

/// Output formats of `yanglao search`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputFormat {
    /// Human-readable lines.
    Text,
    /// `{"total", "hits": [...]}`.
    Json,
    /// One CSV row per hit.
    Csv,
}

/// Runs a search and prints it.
pub fn run(index_dir: &Path, request: &SearchRequest, format: OutputFormat) -> anyhow::Result<()> {
    let engine = SearchEngine::open(index_dir)?;
    let response = engine.search(request)?;
    let mut stdout = std::io::stdout().lock();
    match format {
        OutputFormat::Json => {
            serde_json::to_writer_pretty(&mut stdout, &response)?;
            println!();
        }
        OutputFormat::Csv => write_csv(&mut stdout, &response)?,
        OutputFormat::Text => write_text(&mut stdout, &response)?,
    }
    Ok(())
}

fn write_text(out: &mut impl std::io::Write, response: &SearchResponse) -> std::io::Result<()> {
    writeln!(out, "{} documents", response.total)?;
    for split in &response.split_words {
        writeln!(
            out,
            "(fewer than {} documents hold {} as written: those come first, then documents holding {} apart)",
            indexer::MATCH_PARTS_BELOW,
            split.word,
            split.parts.join(" and ")
        )?;
    }
    for (rank, hit) in response.hits.iter().enumerate() {
        writeln!(out, "{:>3}. {} [{}] {:.3}", rank + 1, hit.title, hit.id, hit.score)?;
        let meta: Vec<&str> =
            [hit.published.as_deref(), hit.source.as_deref(), hit.province.as_deref(), hit.url.as_deref()]
                .into_iter()
                .flatten()
                .collect();
        if !meta.is_empty() {
            writeln!(out, "     {}", meta.join(" · "))?;
        }
        writeln!(out, "     {}", hit.snippet.replace("<mark>", "【").replace("</mark>", "】"))?;
    }
    Ok(())
}

/// Columns of the CSV export.
pub const CSV_HEADER: [&str; 13] = [
    "rank",
    "id",
    "title",
    "published",
    "kind",
    "source",
    "issuer",
    "doc_number",
    "province",
    "region",
    "url",
    "score",
    "reposts",
];

/// Writes the hits as CSV (one row per hit, with a header).
pub fn write_csv(writer: impl std::io::Write, response: &SearchResponse) -> anyhow::Result<()> {
    let mut csv = csv::Writer::from_writer(writer);
    csv.write_record(CSV_HEADER)?;
    for (rank, hit) in response.hits.iter().enumerate() {
        let optional = |value: &Option<String>| value.clone().unwrap_or_default();
        csv.write_record([
            (rank + 1).to_string(),
            hit.id.clone(),
            hit.title.clone(),
            optional(&hit.published),
            hit.kind.as_str().to_string(),
            optional(&hit.source),
            optional(&hit.issuer),
            optional(&hit.doc_number),
            optional(&hit.province),
            optional(&hit.region),
            optional(&hit.url),
            format!("{:.4}", hit.score),
            hit.reposts.to_string(),
        ])?;
    }
    csv.flush()?;
    Ok(())
}
