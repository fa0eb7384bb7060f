//! Extraction fixtures (issue #4): every `corpus/fixtures/extract/<case>.html` extracts to the
//! fields of `<case>.json`, and no input (arbitrary bytes, deep nesting, truncation) panics.
//!
//! The fixture pages are written by the project (`make_fixtures.py` beside them). A JSON key
//! with `null` means the field must be absent; `"error": "not_an_article"` means the page must be
//! refused as a list page.

use std::path::{Path, PathBuf};

use corpus::Document;
use crawler::extract::{ExtractError, extract, extract_bytes};
use serde_json::Value;
use url::Url;

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../corpus/fixtures/extract")
}

fn fixture_cases() -> Vec<(String, Vec<u8>, Value)> {
    let mut cases = Vec::new();
    let entries = std::fs::read_dir(fixtures_dir()).expect("help: corpus/fixtures/extract should exist");
    for entry in entries {
        let path = entry.expect("the fixture folder should be readable").path();
        if path.extension().and_then(|extension| extension.to_str()) != Some("json") {
            continue;
        }
        let name = path.file_stem().and_then(|stem| stem.to_str()).unwrap_or_default().to_string();
        let expected: Value =
            serde_json::from_slice(&std::fs::read(&path).expect("the expected JSON should be readable"))
                .unwrap_or_else(|error| panic!("help: {name}.json is not valid JSON: {error}"));
        let html =
            std::fs::read(path.with_extension("html")).unwrap_or_else(|_| panic!("help: {name}.html is missing"));
        cases.push((name, html, expected));
    }
    cases.sort_by(|left, right| left.0.cmp(&right.0));
    cases
}

fn assert_fields(name: &str, document: &Document, expected: &Value) {
    let actual = serde_json::to_value(document).expect("a document always serializes");
    let Value::Object(expected_fields) = expected else { panic!("help: {name}.json should be an object") };
    for (key, expected_value) in expected_fields {
        let actual_value = actual.get(key).cloned().unwrap_or(Value::Null);
        let actual_value = match (&actual_value, expected_value) {
            // Empty lists are skipped when serializing.
            (Value::Null, Value::Array(items)) if items.is_empty() => expected_value.clone(),
            _ => actual_value,
        };
        assert_eq!(
            &actual_value, expected_value,
            "help: field `{key}` of fixture {name} (see corpus/fixtures/extract/{name}.json)"
        );
    }
}

#[test]
fn fixtures_extract_to_their_expected_fields() {
    let cases = fixture_cases();
    assert!(cases.len() >= 7, "help: expected at least 7 extraction fixtures, found {}", cases.len());
    for (name, html, expected) in cases {
        let url = expected["url"].as_str().map(|url| Url::parse(url).expect("fixture URLs are valid"));
        let result = extract_bytes(&html, None, url.as_ref());
        if expected["error"] == "not_an_article" {
            assert!(
                matches!(result, Err(ExtractError::NotAnArticle { .. })),
                "help: {name} should be refused as a list page, got {result:?}"
            );
            continue;
        }
        let document = result.unwrap_or_else(|error| panic!("help: fixture {name} failed: {error}"));
        assert_fields(&name, &document, &expected);
        if let Some(url) = &url {
            assert_eq!(document.id, Document::id_from_url(url.as_str()), "help: id of {name}");
        }
    }
}

#[test]
fn gbk_page_is_decoded_without_any_declaration() {
    let html = std::fs::read(fixtures_dir().join("gbk_no_charset.html")).expect("the GBK fixture exists");
    assert!(std::str::from_utf8(&html).is_err(), "help: the GBK fixture must be written in GBK, not UTF-8");
    let decoded = crawler::decode::decode_html(&html, Some("text/html"));
    assert_eq!(decoded.encoding, "gb18030");
    assert!(decoded.text.contains("养老机构消防安全检查"));
}

/// xorshift64: a small deterministic generator, so failures reproduce.
struct Pseudorandom(u64);

impl Pseudorandom {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

#[test]
fn arbitrary_bytes_never_panic() {
    let mut random = Pseudorandom(0x2545_F491_4F6C_DD1D);
    let alphabet: &[&[u8]] = &[
        b"<div>",
        b"</div>",
        b"<p>",
        b"<a href='x'>",
        b"</a>",
        b"<br>",
        b"<table><tr><td>",
        "养老，服务。".as_bytes(),
        b"\xB7\xFE\xCE\xF1",
        b"\xFF\xFE",
        b"<!--",
        b"<script>",
        b"&#x",
        b"</",
        b"\"'",
    ];
    for round in 0..400 {
        let length = (random.next() % 400) as usize;
        let mut bytes = Vec::with_capacity(length * 4);
        for _ in 0..length {
            if round % 2 == 0 {
                bytes.push(random.next() as u8);
            } else {
                bytes.extend_from_slice(alphabet[(random.next() % alphabet.len() as u64) as usize]);
            }
        }
        let _ = extract_bytes(&bytes, None, None);
        let _ = extract_bytes(&bytes, Some("text/html; charset=gbk"), None);
    }
}

#[test]
fn deeply_nested_html_never_panics() {
    let depth = 100_000;
    for tag in ["div", "span", "td", "p"] {
        let page = format!(
            "<html><body>{}养老服务，深度嵌套。{}</body></html>",
            format!("<{tag}>").repeat(depth),
            format!("</{tag}>").repeat(depth)
        );
        let _ = extract(&page, None);
    }
    let text_at_every_level = format!("<body>{}", "<span>养老，".repeat(100_000));
    let _ = extract(&text_at_every_level, None);
    let many_links = format!("<body><div>{}</div>", "<a href='http://x'>链接</a>".repeat(50_000));
    let _ = extract(&many_links, None);
    let unclosed = format!("<body>{}正文", "<div><table><tr><td>".repeat(20_000));
    let _ = extract(&unclosed, None);
}

#[test]
fn truncated_pages_never_panic() {
    for (_, html, _) in fixture_cases() {
        let step = (html.len() / 40).max(1);
        let mut cut = 0;
        while cut < html.len() {
            let _ = extract_bytes(&html[..cut], None, None);
            cut += step;
        }
    }
}

/// Returns the value after `label` and a colon on the first line that has it, up to a space.
fn stated(text: &str, labels: &[&str]) -> Option<String> {
    for line in text.lines() {
        for label in labels {
            let Some((_, rest)) = line.split_once(label) else { continue };
            let Some(value) = rest.strip_prefix([':', '：']) else { continue };
            let value = value.split_whitespace().next().unwrap_or("");
            if !value.is_empty() {
                return Some(value.to_string());
            }
        }
    }
    None
}

#[test]
fn seed_texts_keep_their_stated_metadata() {
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/seeds");
    let Ok(entries) = std::fs::read_dir(&seeds) else {
        eprintln!("skipped: ../shared/seeds not found");
        return;
    };
    let mut checked = 0;
    for entry in entries.flatten() {
        let Ok(text) = std::fs::read_to_string(entry.path()) else { continue };
        // The seeds are saved page text: wrap each line as a paragraph.
        let html: String =
            text.lines().map(|line| format!("<p>{}</p>\n", line.replace('&', "&amp;").replace('<', "&lt;"))).collect();
        let document =
            extract(&html, None).unwrap_or_else(|error| panic!("help: seed {:?} failed: {error}", entry.path()));
        assert!(!document.body.is_empty(), "help: seed {:?} lost its text", entry.path());
        if let Some(stated_date) =
            stated(&text, &["发布时间", "時間", "时间"]).and_then(|value| crawler::extract::dates::parse_date(&value))
        {
            let published = document.published.as_deref().unwrap_or_default();
            assert_eq!(
                &published[..published.len().min(10)],
                &stated_date[..10],
                "help: date of seed {:?}",
                entry.path()
            );
            checked += 1;
        }
        if let Some(stated_url) = stated(&text, &["本文出處", "本文出处", "原文链接"]) {
            assert_eq!(
                document.original_url.as_deref(),
                Some(stated_url.as_str()),
                "help: original URL of seed {:?}",
                entry.path()
            );
            checked += 1;
        }
        if let Some(stated_author) = stated(&text, &["作者"]) {
            assert_eq!(
                document.author.as_deref(),
                Some(stated_author.as_str()),
                "help: author of seed {:?}",
                entry.path()
            );
            checked += 1;
        }
        assert!(!document.title.contains("(y"), "help: pinyin left in the title of seed {:?}", entry.path());
    }
    assert!(checked >= 3, "help: the seeds state a date, an original URL and an author; only {checked} were checked");
}
