//! The JSONL corpus store: one [`Document`] per line.
//!
//! Reading never fails on a bad line: it is reported with its line number in
//! [`ReadReport::skipped`] and the rest of the file is read. Appending writes whole lines and
//! flushes them to disk, so a process killed mid-write loses at most the line being written,
//! which the next read then reports and skips.

use std::fs::{File, OpenOptions};
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};

use crate::Document;

/// Errors of the corpus store.
#[derive(Debug, thiserror::Error)]
pub enum CorpusError {
    /// The corpus file could not be opened or read.
    #[error("failed to read corpus file `{1}`: {0}")]
    Read(#[source] std::io::Error, PathBuf),
    /// The corpus file could not be written.
    #[error("failed to write corpus file `{1}`: {0}")]
    Write(#[source] std::io::Error, PathBuf),
    /// A document could not be serialized.
    #[error("failed to serialize document `{1}`: {0}")]
    Serialize(#[source] serde_json::Error, String),
}

/// A line that could not be read as a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SkippedLine {
    /// One-based line number.
    pub line: usize,
    /// Why it was skipped.
    pub reason: String,
}

/// The documents of a corpus file and the lines that were skipped.
#[derive(Debug, Default)]
pub struct ReadReport {
    /// Documents read, each with its id filled in.
    pub documents: Vec<Document>,
    /// Malformed lines.
    pub skipped: Vec<SkippedLine>,
}

/// Reads a JSONL corpus file. Blank lines are ignored; malformed lines are skipped and reported.
pub fn read_documents(path: &Path) -> crate::Result<ReadReport> {
    let file = File::open(path).map_err(|err| crate::CorpusError::Read(err, path.to_path_buf()))?;
    read_documents_from(BufReader::new(file)).map_err(|err| crate::CorpusError::Read(err, path.to_path_buf()))
}

/// Reads JSONL documents from any reader. See [`read_documents`].
pub fn read_documents_from(reader: impl BufRead) -> std::io::Result<ReadReport> {
    let mut report = ReadReport::default();
    for line in corpus_lines(reader) {
        match line? {
            Ok(document) => report.documents.push(document),
            Err(skipped) => report.skipped.push(skipped),
        }
    }
    Ok(report)
}

/// Reads JSONL documents one line at a time, so that a corpus of any size is read in little memory:
/// each line is a document (its id filled in) or, when malformed, why it was skipped (also logged).
/// Blank lines are ignored.
pub fn corpus_lines(reader: impl BufRead) -> impl Iterator<Item = std::io::Result<Result<Document, SkippedLine>>> {
    reader.split(b'\n').enumerate().filter_map(|(index, line)| {
        let bytes = match line {
            Ok(bytes) => bytes,
            Err(err) => return Some(Err(err)),
        };
        let text = String::from_utf8_lossy(&bytes);
        let trimmed = text.trim();
        if trimmed.is_empty() {
            return None;
        }
        Some(Ok(parse_line(trimmed).map_err(|reason| {
            let line_number = index + 1;
            tracing::warn!(line = line_number, %reason, "skipping malformed corpus line");
            SkippedLine { line: line_number, reason }
        })))
    })
}

fn parse_line(line: &str) -> Result<Document, String> {
    let mut document: Document = serde_json::from_str(line).map_err(|err| err.to_string())?;
    if document.body.trim().is_empty() && document.title.trim().is_empty() {
        return Err("document has neither body nor title".to_string());
    }
    document.id = document.derive_id();
    Ok(document)
}

/// Appends documents to a JSONL file (created when missing) and syncs it to disk.
pub fn append_documents<'a>(path: &Path, documents: impl IntoIterator<Item = &'a Document>) -> crate::Result<()> {
    let write_error = |err| crate::CorpusError::Write(err, path.to_path_buf());
    if let Some(parent) = path.parent().filter(|parent| !parent.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(write_error)?;
    }
    let mut buffer = Vec::new();
    for document in documents {
        serde_json::to_writer(&mut buffer, document)
            .map_err(|err| crate::CorpusError::Serialize(err, document.id.clone()))?;
        buffer.push(b'\n');
    }
    let mut file = OpenOptions::new().create(true).append(true).open(path).map_err(write_error)?;
    file.write_all(&buffer).map_err(write_error)?;
    file.sync_data().map_err(write_error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn malformed_lines_are_skipped_with_their_line_number() {
        let input = "{\"id\":\"a\",\"body\":\"养老\"}\nnot json\n\n{\"id\":\"b\",\"title\":\"标题\"}\n{\"id\":\"c\"}\n{\"body\":\"x\",\"url\":\"http://a/b\"}";
        let report = read_documents_from(input.as_bytes()).unwrap();
        let ids: Vec<_> = report.documents.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(ids[..2], ["a", "b"]);
        assert_eq!(report.documents[2].id, Document::id_from_url("http://a/b"));
        let lines: Vec<_> = report.skipped.iter().map(|s| s.line).collect();
        assert_eq!(lines, [2, 5]);
    }

    #[test]
    fn appended_documents_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub/documents.jsonl");
        let document = Document { id: "x".into(), body: "居家养老".into(), ..Default::default() };
        append_documents(&path, [&document]).unwrap();
        append_documents(&path, [&document]).unwrap();
        let report = read_documents(&path).unwrap();
        assert_eq!(report.documents.len(), 2);
        assert_eq!(report.documents[0], document);
    }
}
