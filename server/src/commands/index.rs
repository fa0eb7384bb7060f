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

/// Runs `yanglao index --input PATH… --index DIR`: documents are indexed as they are read.
pub fn run(inputs: &[PathBuf], index_dir: &Path) -> anyhow::Result<()> {
    indexer::warm_up();
    if let Some(missing) = inputs.iter().find(|path| !path.exists()) {
        anyhow::bail!("input `{}` does not exist", missing.display());
    }
    let mut indexing = Indexing::start(index_dir, None, std::io::stderr().is_terminal())?;
    let skipped = crate::inputs::read_inputs(inputs, &mut |document| indexing.add(document))?.len();
    let summary = indexing.finish()?;
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
    let mut indexing = Indexing::start(index_dir, Some(documents.len()), show_progress)?;
    for document in documents {
        indexing.add(document)?;
    }
    indexing.finish()
}

/// An indexing run: documents added one by one, committed at the end.
struct Indexing {
    builder: IndexBuilder,
    progress: indicatif::ProgressBar,
    started: Instant,
    documents: usize,
    text_bytes: usize,
}

impl Indexing {
    /// Opens the index; the progress bar has a length when the number of documents is known.
    fn start(index_dir: &Path, total: Option<usize>, show_progress: bool) -> anyhow::Result<Indexing> {
        let started = Instant::now();
        let progress = match (show_progress, total) {
            (false, _) => indicatif::ProgressBar::hidden(),
            (true, Some(total)) => indicatif::ProgressBar::new(total as u64).with_style(
                indicatif::ProgressStyle::with_template(
                    "{elapsed_precise} [{bar:40}] {pos}/{len} documents ({per_sec})",
                )
                .expect("the progress template is valid")
                .progress_chars("=> "),
            ),
            (true, None) => indicatif::ProgressBar::new_spinner().with_style(
                indicatif::ProgressStyle::with_template("{elapsed_precise} {spinner} {pos} documents ({per_sec})")
                    .expect("the progress template is valid"),
            ),
        };
        let builder = IndexBuilder::open(index_dir)?;
        Ok(Indexing { builder, progress, started, documents: 0, text_bytes: 0 })
    }

    fn add(&mut self, document: Document) -> anyhow::Result<()> {
        self.text_bytes += document.title.len() + document.body.len();
        self.builder.add(document)?;
        self.documents += 1;
        self.progress.inc(1);
        Ok(())
    }

    /// Commits everything added: until then a killed run leaves the index as it was.
    fn finish(mut self) -> anyhow::Result<IndexSummary> {
        self.builder.commit()?;
        self.progress.finish_and_clear();
        Ok(IndexSummary {
            documents: self.documents,
            text_bytes: self.text_bytes,
            seconds: self.started.elapsed().as_secs_f64(),
        })
    }
}
