//! `yanglao index`: build or update the on-disk index from JSONL files or folders.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::time::Instant;

use corpus::Document;
use indexer::IndexBuilder;

/// What an indexing run did.
#[derive(Debug, Clone, Copy)]
pub struct IndexSummary {
    /// Documents indexed.
    pub documents: usize,
    /// Bytes of text (title + body).
    pub text_bytes: usize,
    /// Seconds spent.
    pub seconds: f64,
}

impl IndexSummary {
    /// Megabytes of text per second.
    pub fn megabytes_per_second(&self) -> f64 {
        self.text_bytes as f64 / 1e6 / self.seconds.max(1e-9)
    }
}

/// Runs `yanglao index --input PATH… --index DIR`.
pub fn run(inputs: &[PathBuf], index_dir: &Path) -> anyhow::Result<()> {
    indexer::warm_up();
    let loaded = crate::inputs::load_inputs(inputs)?;
    let skipped = loaded.skipped.len();
    let summary = index_documents(loaded.documents, index_dir, std::io::stderr().is_terminal())?;
    println!(
        "indexed {} documents, {:.2} MB of text in {:.2} s ({:.2} MB/s); skipped {skipped}",
        summary.documents,
        summary.text_bytes as f64 / 1e6,
        summary.seconds,
        summary.megabytes_per_second()
    );
    Ok(())
}

/// Indexes documents into `index_dir` (created when missing), with a progress bar when asked.
pub fn index_documents(
    documents: Vec<Document>,
    index_dir: &Path,
    show_progress: bool,
) -> anyhow::Result<IndexSummary> {
    let started = Instant::now();
    let progress = if show_progress {
        let bar = indicatif::ProgressBar::new(documents.len() as u64);
        bar.set_style(
            indicatif::ProgressStyle::with_template("{elapsed_precise} [{bar:40}] {pos}/{len} documents ({per_sec})")
                .expect("the progress template is valid")
                .progress_chars("=> "),
        );
        bar
    } else {
        indicatif::ProgressBar::hidden()
    };
    let mut builder = IndexBuilder::open(index_dir)?;
    let mut text_bytes = 0;
    let count = documents.len();
    for document in documents {
        text_bytes += document.title.len() + document.body.len();
        builder.add(document)?;
        progress.inc(1);
    }
    builder.commit()?;
    progress.finish_and_clear();
    Ok(IndexSummary { documents: count, text_bytes, seconds: started.elapsed().as_secs_f64() })
}
