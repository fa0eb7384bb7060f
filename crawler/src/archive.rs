//! The web archive: every fetched response, as it came, in WARC files (ISO 28500, the `warc`
//! crate), readable back by [`read_archived`] and by standard tools (warcio, `warc-tiny`, pywb).
//!
//! Files are `OUT/warc/NNNNN.warc`, uncompressed WARC/1.0, one `warcinfo` record then one
//! `response` record per response (redirects, errors and 304s included). Each run opens a new
//! file, and a file is rolled over past [`MAX_WARC_FILE_SIZE`]. A record is serialized in memory
//! and appended with one write and an fsync, so a killed process leaves at most one torn record
//! at the end of its last file, which readers stop at. A record's place is written
//! `warc/00001.warc#1234` (file relative to the output folder, byte offset): that is
//! [`corpus::Document::archive`].
//!
//! A body cut at `max_page_size` is archived with `WARC-Truncated: length`. The
//! `Transfer-Encoding` header is left out of the stored HTTP headers because the stored body is
//! already de-chunked (what WARC readers expect).

use std::fs::{File, OpenOptions};
use std::io::{BufReader, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use warc::{BufferedBody, Record, RecordBuilder, RecordType, WarcHeader, WarcReader, WarcWriter};

use crate::CrawlError;
use crate::fetch::FetchedResponse;

/// Size past which a new WARC file is started (1 GB, the customary limit).
pub const MAX_WARC_FILE_SIZE: u64 = 1_000_000_000;
/// Name of the archive folder inside the output folder.
pub const WARC_DIR: &str = "warc";

/// Appends response records to the current WARC file.
#[derive(Debug)]
pub struct WarcArchive {
    warc_dir: PathBuf,
    file_number: u32,
    file: File,
    size: u64,
}

/// A response read back from the archive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArchivedResponse {
    /// The requested URL (`WARC-Target-URI`).
    pub url: String,
    /// When it was fetched (`WARC-Date`).
    pub date: String,
    /// Where the record is, `warc/NNNNN.warc#offset`.
    pub location: String,
    /// The HTTP status.
    pub status: u16,
    /// The HTTP headers.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
    /// Whether the body was cut at the size cap.
    pub truncated: bool,
}

impl WarcArchive {
    /// Opens `OUT/warc/`, creating it, and starts a new file after the existing ones.
    pub fn open(out_dir: &Path) -> crate::Result<WarcArchive> {
        let warc_dir = out_dir.join(WARC_DIR);
        std::fs::create_dir_all(&warc_dir).map_err(|err| CrawlError::Archive(err, warc_dir.clone()))?;
        let last_number = warc_files(&warc_dir)?.last().map(|(number, _)| *number).unwrap_or(0);
        let (file, path) = create_file(&warc_dir, last_number + 1)?;
        let mut archive = WarcArchive { warc_dir, file_number: last_number + 1, file, size: 0 };
        archive.write_warcinfo().map_err(|err| CrawlError::Archive(err, path))?;
        Ok(archive)
    }

    fn current_path(&self) -> PathBuf {
        self.warc_dir.join(file_name(self.file_number))
    }

    fn write_warcinfo(&mut self) -> std::io::Result<()> {
        let info = format!(
            "software: yanglao-crawler/{}\r\nformat: WARC File Format 1.0\r\nconformsTo: http://bibnum.bnf.fr/WARC/WARC_ISO_28500_version1_latestdraft.pdf\r\n",
            env!("CARGO_PKG_VERSION")
        );
        let record = RecordBuilder::default()
            .warc_type(RecordType::WarcInfo)
            .header(WarcHeader::Filename, file_name(self.file_number))
            .header(WarcHeader::ContentType, "application/warc-fields")
            .body(info.into_bytes())
            .build()
            .map_err(|err| std::io::Error::other(err.to_string()))?;
        self.append(&record).map(|_| ())
    }

    /// Appends one record and returns its offset.
    fn append(&mut self, record: &Record<BufferedBody>) -> std::io::Result<u64> {
        let mut buffer = Vec::new();
        WarcWriter::new(&mut buffer).write(record)?;
        let offset = self.size;
        self.file.write_all(&buffer)?;
        self.file.sync_data()?;
        self.size += buffer.len() as u64;
        Ok(offset)
    }

    /// Archives a response and returns where: `warc/NNNNN.warc#offset`.
    pub fn write_response(&mut self, response: &FetchedResponse) -> crate::Result<String> {
        if self.size > MAX_WARC_FILE_SIZE {
            let (file, path) = create_file(&self.warc_dir, self.file_number + 1)?;
            self.file = file;
            self.file_number += 1;
            self.size = 0;
            self.write_warcinfo().map_err(|err| CrawlError::Archive(err, path))?;
        }
        let block = http_block(response);
        let mut builder = RecordBuilder::default()
            .warc_type(RecordType::Response)
            .date(response.fetched_at)
            .header(WarcHeader::TargetURI, response.url.as_str())
            .header(WarcHeader::ContentType, "application/http;msgtype=response")
            .body(block);
        if response.truncated {
            builder = builder.truncated_type(warc::TruncatedType::Length);
        }
        let record = builder
            .build()
            .map_err(|err| CrawlError::Archive(std::io::Error::other(err.to_string()), self.current_path()))?;
        let offset = self.append(&record).map_err(|err| CrawlError::Archive(err, self.current_path()))?;
        Ok(format!("{WARC_DIR}/{}#{offset}", file_name(self.file_number)))
    }
}

fn file_name(number: u32) -> String {
    format!("{number:05}.warc")
}

fn create_file(warc_dir: &Path, number: u32) -> crate::Result<(File, PathBuf)> {
    let path = warc_dir.join(file_name(number));
    let file = OpenOptions::new()
        .create_new(true)
        .append(true)
        .open(&path)
        .map_err(|err| CrawlError::Archive(err, path.clone()))?;
    Ok((file, path))
}

/// Returns the WARC files of a folder with their numbers, in order.
fn warc_files(warc_dir: &Path) -> crate::Result<Vec<(u32, PathBuf)>> {
    let mut files = Vec::new();
    let entries = match std::fs::read_dir(warc_dir) {
        Ok(entries) => entries,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(files),
        Err(err) => return Err(CrawlError::Archive(err, warc_dir.to_path_buf())),
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let Some(name) = path.file_name().and_then(|name| name.to_str()) else {
            continue;
        };
        let Some(number) = name.strip_suffix(".warc").and_then(|stem| stem.parse::<u32>().ok()) else {
            continue;
        };
        files.push((number, path));
    }
    files.sort();
    Ok(files)
}

/// Serializes a response as the HTTP message a WARC response record holds.
fn http_block(response: &FetchedResponse) -> Vec<u8> {
    let reason = reqwest::StatusCode::from_u16(response.status)
        .ok()
        .and_then(|status| status.canonical_reason())
        .unwrap_or("Unknown");
    let mut block = format!("HTTP/1.1 {} {reason}\r\n", response.status).into_bytes();
    for (name, value) in &response.headers {
        if name.eq_ignore_ascii_case("transfer-encoding") {
            continue;
        }
        block.extend_from_slice(name.as_bytes());
        block.extend_from_slice(b": ");
        block.extend_from_slice(value.as_bytes());
        block.extend_from_slice(b"\r\n");
    }
    block.extend_from_slice(b"\r\n");
    block.extend_from_slice(&response.body);
    block
}

/// Parses an HTTP response block into status, headers and body.
/// An HTTP message's status, headers and body.
type HttpParts = (u16, Vec<(String, String)>, Vec<u8>);

fn parse_http_block(block: &[u8]) -> Option<HttpParts> {
    let head_end = block.windows(4).position(|window| window == b"\r\n\r\n")?;
    let head = String::from_utf8_lossy(&block[..head_end]);
    let mut lines = head.split("\r\n");
    let status_line = lines.next()?;
    let status = status_line.split_whitespace().nth(1)?.parse().ok()?;
    let headers = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(name, value)| (name.trim().to_string(), value.trim().to_string()))
        .collect();
    Some((status, headers, block[head_end + 4..].to_vec()))
}

fn archived_from_record(record: &Record<BufferedBody>, location: String) -> Option<ArchivedResponse> {
    let (status, headers, body) = parse_http_block(record.body())?;
    Some(ArchivedResponse {
        url: record.header(WarcHeader::TargetURI)?.into_owned(),
        date: record.date().to_rfc3339(),
        location,
        status,
        headers,
        body,
        // The reader leaves `WARC-Truncated` among the headers; the builder keeps it apart.
        truncated: record.truncated_type().is_some() || record.header(WarcHeader::Truncated).is_some(),
    })
}

/// Reads every response record of the archive, file by file, in the order written. A torn
/// record at the end of a file (a killed run) ends that file.
pub fn read_all(out_dir: &Path) -> crate::Result<Vec<ArchivedResponse>> {
    let warc_dir = out_dir.join(WARC_DIR);
    let mut responses = Vec::new();
    for (number, path) in warc_files(&warc_dir)? {
        let mut bytes = Vec::new();
        File::open(&path)
            .and_then(|mut file| file.read_to_end(&mut bytes))
            .map_err(|err| CrawlError::Archive(err, path.clone()))?;
        let mut offset = 0usize;
        while offset < bytes.len() {
            let mut records = WarcReader::new(&bytes[offset..]).iter_records();
            let Some(Ok(record)) = records.next() else {
                break;
            };
            let length = record_length(&bytes[offset..]).unwrap_or(bytes.len() - offset);
            if *record.warc_type() == RecordType::Response {
                let location = format!("{WARC_DIR}/{}#{offset}", file_name(number));
                if let Some(archived) = archived_from_record(&record, location) {
                    responses.push(archived);
                }
            }
            offset += length;
        }
    }
    Ok(responses)
}

/// Returns the serialized length of the record at the start of `bytes` (headers, block, CRLFs).
fn record_length(bytes: &[u8]) -> Option<usize> {
    let head_end = bytes.windows(4).position(|window| window == b"\r\n\r\n")? + 4;
    let head = String::from_utf8_lossy(&bytes[..head_end]);
    let content_length: usize = head
        .split("\r\n")
        .filter_map(|line| line.split_once(':'))
        .find(|(name, _)| name.trim().eq_ignore_ascii_case("content-length"))
        .and_then(|(_, value)| value.trim().parse().ok())?;
    Some(head_end + content_length + 4)
}

/// Reads the record at a location `warc/NNNNN.warc#offset` relative to the output folder.
pub fn read_at(out_dir: &Path, location: &str) -> crate::Result<Option<ArchivedResponse>> {
    let Some((relative_path, offset_text)) = location.rsplit_once('#') else {
        return Ok(None);
    };
    let Ok(offset) = offset_text.parse::<u64>() else {
        return Ok(None);
    };
    let path = out_dir.join(relative_path);
    let mut file = File::open(&path).map_err(|err| CrawlError::Archive(err, path.clone()))?;
    file.seek(SeekFrom::Start(offset)).map_err(|err| CrawlError::Archive(err, path.clone()))?;
    let mut records = WarcReader::new(BufReader::new(file)).iter_records();
    let Some(Ok(record)) = records.next() else {
        return Ok(None);
    };
    Ok(archived_from_record(&record, location.to_string()))
}

/// Returns the latest archived response for a URL (normalized before comparing): the latest
/// 2xx one when there is one, else the latest of any status.
pub fn read_archived(out_dir: &Path, url: &str) -> crate::Result<Option<ArchivedResponse>> {
    let wanted = crate::urlnorm::normalize_str(url).map(|url| url.to_string()).unwrap_or_else(|_| url.to_string());
    let mut latest_any = None;
    let mut latest_ok = None;
    for archived in read_all(out_dir)? {
        let same_page = crate::urlnorm::normalize_str(&archived.url).is_ok_and(|url| url.as_str() == wanted);
        if !same_page {
            continue;
        }
        if (200..300).contains(&archived.status) {
            latest_ok = Some(archived.clone());
        }
        latest_any = Some(archived);
    }
    Ok(latest_ok.or(latest_any))
}

/// Prints the archived page of a URL (`yanglao archive URL`): a summary line, the HTTP status
/// and headers, a blank line, then the body decoded to UTF-8. Returns `false` when the URL is
/// not in the archive.
pub fn print_archived(out_dir: &Path, url: &str, out: &mut dyn Write) -> crate::Result<bool> {
    let Some(archived) = read_archived(out_dir, url)? else {
        return Ok(false);
    };
    let write_error = |err| CrawlError::Output(err, "standard output".into());
    writeln!(out, "# {} archived {} at {}", archived.url, archived.date, archived.location).map_err(write_error)?;
    writeln!(out, "HTTP/1.1 {}", archived.status).map_err(write_error)?;
    for (name, value) in &archived.headers {
        writeln!(out, "{name}: {value}").map_err(write_error)?;
    }
    writeln!(out).map_err(write_error)?;
    let content_type = archived
        .headers
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case("content-type"))
        .map(|(_, value)| value.as_str());
    let decoded = crate::decode::decode_html(&archived.body, content_type);
    out.write_all(decoded.text.as_bytes()).map_err(write_error)?;
    writeln!(out).map_err(write_error)?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn response(url: &str, status: u16, body: &str) -> FetchedResponse {
        FetchedResponse {
            url: url::Url::parse(url).unwrap(),
            status,
            headers: vec![
                ("content-type".into(), "text/html; charset=utf-8".into()),
                ("transfer-encoding".into(), "chunked".into()),
            ],
            body: body.as_bytes().to_vec(),
            truncated: false,
            fetched_at: chrono::Utc::now(),
            conditional: false,
        }
    }

    #[test]
    fn responses_read_back_by_location_and_by_url() {
        let dir = tempfile::tempdir().unwrap();
        let mut archive = WarcArchive::open(dir.path()).unwrap();
        let first = archive.write_response(&response("http://a.cn/x.html", 503, "busy")).unwrap();
        let second = archive.write_response(&response("http://a.cn/x.html", 200, "<p>养老</p>")).unwrap();
        assert!(first.starts_with("warc/00001.warc#"), "{first}");
        let at = read_at(dir.path(), &second).unwrap().unwrap();
        assert_eq!(at.body, "<p>养老</p>".as_bytes());
        assert!(!at.headers.iter().any(|(name, _)| name == "transfer-encoding"));
        let latest = read_archived(dir.path(), "http://A.cn/x.html#frag").unwrap().unwrap();
        assert_eq!((latest.status, latest.location.as_str()), (200, second.as_str()));
        assert_eq!(read_all(dir.path()).unwrap().len(), 2);
        drop(archive);
        let reopened = WarcArchive::open(dir.path()).unwrap();
        assert_eq!(reopened.file_number, 2, "help: each run starts a new file");
    }

    #[test]
    fn a_torn_last_record_is_skipped() {
        let dir = tempfile::tempdir().unwrap();
        let mut archive = WarcArchive::open(dir.path()).unwrap();
        archive.write_response(&response("http://a.cn/1.html", 200, "one")).unwrap();
        archive.file.write_all(b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 999\r\n\r\nHTTP/1.1 2").unwrap();
        assert_eq!(read_all(dir.path()).unwrap().len(), 1);
    }
}
