//! Reading the inputs of `yanglao index`: JSONL corpus files, or folders of `.md`, `.txt` and
//! `.html` files (one document each; HTML goes through the crawler's extractor).

use std::path::{Path, PathBuf};

use anyhow::Context;
use corpus::Document;

/// Documents read from the inputs, and how many lines or files were skipped.
#[derive(Debug, Default)]
pub struct LoadedInputs {
    /// Documents read.
    pub documents: Vec<Document>,
    /// Lines or files skipped, with the reason (already logged).
    pub skipped: Vec<String>,
}

/// Reads every input path.
pub fn load_inputs(paths: &[PathBuf]) -> anyhow::Result<LoadedInputs> {
    let mut loaded = LoadedInputs::default();
    for path in paths {
        if path.is_dir() {
            load_folder(path, &mut loaded)?;
        } else {
            load_jsonl(path, &mut loaded)?;
        }
    }
    Ok(loaded)
}

fn load_jsonl(path: &Path, loaded: &mut LoadedInputs) -> anyhow::Result<()> {
    let report = corpus::read_documents(path)?;
    for skipped in report.skipped {
        let message = format!("{}:{}: {}", path.display(), skipped.line, skipped.reason);
        eprintln!("skipped line {message}");
        loaded.skipped.push(message);
    }
    loaded.documents.extend(report.documents);
    Ok(())
}

fn load_folder(dir: &Path, loaded: &mut LoadedInputs) -> anyhow::Result<()> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .with_context(|| format!("failed to read folder `{}`", dir.display()))?
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            load_folder(&path, loaded)?;
            continue;
        }
        let extension = path.extension().and_then(|e| e.to_str()).map(str::to_lowercase).unwrap_or_default();
        let result = match extension.as_str() {
            "md" | "txt" => read_text_file(&path),
            "html" | "htm" => read_html_file(&path),
            "jsonl" => {
                load_jsonl(&path, loaded)?;
                continue;
            }
            _ => continue,
        };
        match result {
            Ok(document) => loaded.documents.push(document),
            Err(reason) => {
                let message = format!("{}: {reason}", path.display());
                eprintln!("skipped file {message}");
                loaded.skipped.push(message);
            }
        }
    }
    Ok(())
}

/// A text or Markdown file: the first non-empty line (without `#`) is the title, the rest the body.
fn read_text_file(path: &Path) -> Result<Document, String> {
    let bytes = std::fs::read(path).map_err(|err| err.to_string())?;
    let decoded = crawler::decode::decode_html(&bytes, Some("text/plain"));
    let text = decoded.text.replace("\r\n", "\n");
    let mut lines = text.lines().map(str::trim).filter(|line| !line.is_empty());
    let title = lines.next().map(|line| line.trim_start_matches('#').trim().to_string()).unwrap_or_default();
    let body: Vec<&str> = lines.collect();
    if title.is_empty() && body.is_empty() {
        return Err("empty file".into());
    }
    Ok(Document { id: file_id(path), title, body: body.join("\n"), ..Document::default() })
}

fn read_html_file(path: &Path) -> Result<Document, String> {
    let bytes = std::fs::read(path).map_err(|err| err.to_string())?;
    let mut document = crawler::extract::extract_bytes(&bytes, None, None).map_err(|err| err.to_string())?;
    if document.id.is_empty() {
        document.id = file_id(path);
    }
    Ok(document)
}

fn file_id(path: &Path) -> String {
    Document::id_from_url(&format!("file://{}", path.display()))
}
