//! The bundled corpus (`corpus/data/*.jsonl`), compiled into the binary, and the default index
//! built from it on first start.
//!
//! The index directory holds a stamp of the corpus and schema it was built from; when the binary's
//! bundled corpus changes, the index is rebuilt, otherwise it is reused.

use std::path::{Path, PathBuf};

use anyhow::Context;
use sha2::{Digest, Sha256};

/// The bundled JSONL files: name and content.
pub const BUNDLED_CORPUS: [(&str, &str); 2] = [
    ("seeds.jsonl", include_str!("../../corpus/data/seeds.jsonl")),
    ("laws.jsonl", include_str!("../../corpus/data/laws.jsonl")),
];

/// Bump when the schema or the analysis changes, so bundled indexes are rebuilt.
const INDEX_FORMAT_VERSION: &str = "8";

/// Default data directory for the bundled index (override with `YANGLAO_DATA_DIR`).
pub fn default_data_dir() -> PathBuf {
    std::env::var_os("YANGLAO_DATA_DIR").map(PathBuf::from).unwrap_or_else(|| PathBuf::from("data"))
}

/// Returns the stamp of the bundled corpus and index format.
fn stamp() -> String {
    let mut hasher = Sha256::new();
    hasher.update(INDEX_FORMAT_VERSION);
    for (name, content) in BUNDLED_CORPUS {
        hasher.update(name);
        hasher.update(content);
    }
    hasher.finalize().iter().take(8).map(|byte| format!("{byte:02x}")).collect()
}

/// Reads the bundled documents.
pub fn bundled_documents() -> Vec<corpus::Document> {
    let mut documents = Vec::new();
    for (name, content) in BUNDLED_CORPUS {
        let report = corpus::store::read_documents_from(content.as_bytes()).expect("reading from memory cannot fail");
        for skipped in &report.skipped {
            tracing::warn!(file = name, line = skipped.line, reason = %skipped.reason, "bundled corpus line skipped");
        }
        documents.extend(report.documents);
    }
    documents
}

/// Returns the index directory of the bundled corpus under `data_dir`, building it when missing or stale.
pub fn ensure_bundled_index(data_dir: &Path) -> anyhow::Result<PathBuf> {
    let index_dir = data_dir.join("bundled-index");
    let stamp_path = index_dir.join("yanglao-stamp");
    let current = stamp();
    if std::fs::read_to_string(&stamp_path).is_ok_and(|existing| existing.trim() == current) {
        tracing::info!(index = %index_dir.display(), "reusing the bundled index");
        return Ok(index_dir);
    }
    if index_dir.exists() {
        std::fs::remove_dir_all(&index_dir)
            .with_context(|| format!("failed to remove stale index `{}`", index_dir.display()))?;
    }
    tracing::info!(index = %index_dir.display(), "building the bundled index on first start");
    let documents = bundled_documents();
    crate::commands::index::index_documents(documents, &index_dir, false)?;
    std::fs::write(&stamp_path, current).with_context(|| format!("failed to write `{}`", stamp_path.display()))?;
    Ok(index_dir)
}
