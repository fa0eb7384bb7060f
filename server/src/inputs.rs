//! Reading the inputs of `yanglao index` one document at a time: JSONL corpus files, or folders of
//! `.md`, `.txt` and `.html` files (one document each; Markdown is read as its plain text, HTML goes
//! through the crawler's extractor).

use std::path::{Path, PathBuf};

use anyhow::Context;
use corpus::Document;

/// Receives each document as soon as it is read.
pub type Visit<'a> = dyn FnMut(Document) -> anyhow::Result<()> + 'a;

/// Reads every input path, handing each document to `visit` as soon as it is read, so that inputs
/// of any size are indexed in little memory. Returns the lines and files skipped (already logged).
pub fn read_inputs(paths: &[PathBuf], visit: &mut Visit<'_>) -> anyhow::Result<Vec<String>> {
    let mut skipped = Vec::new();
    for path in paths {
        if path.is_dir() {
            read_folder(path, visit, &mut skipped)?;
        } else {
            read_jsonl(path, visit, &mut skipped)?;
        }
    }
    Ok(skipped)
}

fn read_jsonl(path: &Path, visit: &mut Visit<'_>, skipped: &mut Vec<String>) -> anyhow::Result<()> {
    let read_error = || format!("failed to read corpus file `{}`", path.display());
    let file = std::fs::File::open(path).with_context(read_error)?;
    for line in corpus::corpus_lines(std::io::BufReader::new(file)) {
        match line.with_context(read_error)? {
            Ok(document) => visit(document)?,
            Err(line) => {
                let message = format!("{}:{}: {}", path.display(), line.line, line.reason);
                eprintln!("skipped line {message}");
                skipped.push(message);
            }
        }
    }
    Ok(())
}

fn read_folder(dir: &Path, visit: &mut Visit<'_>, skipped: &mut Vec<String>) -> anyhow::Result<()> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .with_context(|| format!("failed to read folder `{}`", dir.display()))?
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            read_folder(&path, visit, skipped)?;
            continue;
        }
        let extension = path.extension().and_then(|e| e.to_str()).map(str::to_lowercase).unwrap_or_default();
        let result = match extension.as_str() {
            "md" | "txt" => read_text_file(&path),
            "html" | "htm" => read_html_file(&path),
            "jsonl" => {
                read_jsonl(&path, visit, skipped)?;
                continue;
            }
            _ => continue,
        };
        match result {
            Ok(document) => visit(document)?,
            Err(reason) => {
                let message = format!("{}: {reason}", path.display());
                eprintln!("skipped file {message}");
                skipped.push(message);
            }
        }
    }
    Ok(())
}

/// A text or Markdown file (Markdown read as its plain text): the first non-empty line (without
/// `#`) is the title, the rest the body.
/// See [`file_metadata`] for the date, 文号 and kind.
fn read_text_file(path: &Path) -> Result<Document, String> {
    let bytes = std::fs::read(path).map_err(|err| err.to_string())?;
    let decoded = crawler::decode::decode_html(&bytes, Some("text/plain"));
    let mut text = decoded.text.replace("\r\n", "\n");
    if path.extension().is_some_and(|extension| extension.eq_ignore_ascii_case("md")) {
        text = crate::markdown_text::markdown_to_text(&text);
    }
    let mut lines = text.lines().map(str::trim).filter(|line| !line.is_empty());
    let title = lines.next().map(|line| line.trim_start_matches('#').trim().to_string()).unwrap_or_default();
    let body: Vec<&str> = lines.collect();
    if title.is_empty() && body.is_empty() {
        return Err("empty file".into());
    }
    let mut document = Document { id: file_id(path), title, body: body.join("\n"), ..Document::default() };
    file_metadata(path, &body, &mut document);
    Ok(document)
}

/// Lines at the head of a text file read for its date and 文号.
const HEAD_LINES: usize = 3;
/// Longest head line read as a date or 文号 line (longer lines are prose that may cite other dates).
const HEAD_LINE_MAX_CHARS: usize = 60;

/// Fills in what a text file states outside its title: the date in its name (`条例(2021-10-12).md`),
/// else a date on a short line at the head of the text (`2021年8月6日 …会议通过`); a 文号 on its
/// own line at the head; and the kind from the title's genre (`…条例` is a policy, otherwise other).
fn file_metadata(path: &Path, body: &[&str], document: &mut Document) {
    let head: Vec<&str> =
        body.iter().take(HEAD_LINES).copied().filter(|line| line.chars().count() <= HEAD_LINE_MAX_CHARS).collect();
    let stem = path.file_stem().map(|stem| stem.to_string_lossy().into_owned()).unwrap_or_default();
    document.published = crawler::extract::dates::parse_date(&stem)
        .or_else(|| head.iter().find_map(|line| crawler::extract::dates::parse_date(line)));
    document.doc_number = head.iter().find_map(|line| corpus::doc_number::standalone_doc_number(line));
    let kind_input = crawler::extract::kind::KindInput {
        title: &document.title,
        has_doc_number: document.doc_number.is_some(),
        // A local file has no site to vouch for it: its title's genre word decides.
        on_government_site: true,
        // Nor a byline: a dated file is not news for that.
        has_news_metadata: false,
    };
    document.kind = crawler::extract::kind::classify(&kind_input);
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

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        path
    }

    #[test]
    fn a_law_file_gets_its_date_from_the_name_and_is_a_policy() {
        let dir = tempfile::tempdir().unwrap();
        let text = "# 绍兴市居家养老服务条例\n\n2021年8月6日 绍兴市第八届人民代表大会常务委员会第三十九次会议通过\n\n第一章 总则";
        let document = read_text_file(&write(dir.path(), "绍兴市居家养老服务条例(2021-10-12).md", text)).unwrap();
        assert_eq!(document.title, "绍兴市居家养老服务条例");
        assert_eq!(document.published.as_deref(), Some("2021-10-12"));
        assert_eq!(document.kind, corpus::Kind::Policy);
    }

    #[test]
    fn a_notice_file_gets_the_date_and_doc_number_at_its_head() {
        let dir = tempfile::tempdir().unwrap();
        let text = "关于做好老年助餐服务的通知\n苏民发〔2022〕3号\n2022年3月1日\n各设区市民政局：为落实2019年的部署……";
        let document = read_text_file(&write(dir.path(), "notice.txt", text)).unwrap();
        assert_eq!(document.published.as_deref(), Some("2022-03-01"));
        assert_eq!(document.doc_number.as_deref(), Some("苏民发〔2022〕3号"));
        assert_eq!(document.kind, corpus::Kind::Policy);
    }

    #[test]
    fn a_date_in_prose_is_not_the_files_date() {
        let dir = tempfile::tempdir().unwrap();
        let prose =
            "本市自2019年起持续推进老年助餐服务体系建设，截至目前已建成长者食堂二十家，覆盖全部街道和大部分社区。";
        let document = read_text_file(&write(dir.path(), "meals.md", &format!("# 老年助餐\n{prose}"))).unwrap();
        assert_eq!(document.published, None);
        assert_eq!(document.kind, corpus::Kind::Other);
    }
}
