//! Scores the extractor on the dev pages of `../shared/data/extraction/`.
//!
//! Run with `cargo run --release -p crawler --example eval_extraction` (set `EVAL_VERBOSE=1` for
//! one line per page). Prints, per set: pages, mean body F1 over character bigrams (whitespace and
//! punctuation dropped), dates right (exact `YYYY-MM-DD`, over pages whose gold states one), 文号
//! and issuer right (gov.cn); then list-page detection (list pages refused, article pages kept,
//! labelled by folder in gerapy's and GNE's samples); then pages/s and MB/s on one core
//! (decoding included, over the scored pages).
//! Exits 0 with a "skipped" line when the folder is absent (a user's clone has no `../shared`).
//! Set `EXTRACTION_DATA=/path/to/extraction` to score another copy laid out the same way.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::Instant;

use crawler::extract::{ExtractError, extract_bytes};
use serde_json::Value;
use url::Url;

// # The pages and their gold

/// One page to score.
struct Page {
    set: &'static str,
    name: String,
    bytes: Vec<u8>,
    url: Option<Url>,
    gold_body: Option<String>,
    gold_date: Option<String>,
    gold_doc_number: Option<String>,
    gold_issuer: Option<String>,
    /// The people a byline names (cwced: author or editor), when the page names any.
    gold_people: Vec<String>,
    /// Snippets that must (true) or must not (false) be in the body (adbar's evaluation data).
    snippets: Vec<(String, bool)>,
}

impl Page {
    fn new(set: &'static str, name: String, bytes: Vec<u8>) -> Page {
        Page {
            set,
            name,
            bytes,
            url: None,
            gold_body: None,
            gold_date: None,
            gold_doc_number: None,
            gold_issuer: None,
            gold_people: Vec::new(),
            snippets: Vec::new(),
        }
    }
}

fn read_json(path: &Path) -> Option<Value> {
    serde_json::from_slice(&fs::read(path).ok()?).ok()
}

/// Returns `YYYY-MM-DD` for gold dates such as `2005-5-7 21:23:57`, `2019年01月27日`; `None` for partial ones.
fn gold_day(text: &str) -> Option<String> {
    let parsed = crawler::extract::dates::parse_date(text.trim())?;
    Some(parsed[..10].to_string())
}

fn load_magic(root: &Path, pages: &mut Vec<Page>) {
    let set_dir = root.join("magic-html-bench-zh");
    let Some(Value::Object(gold)) = read_json(&set_dir.join("gold.json")) else {
        return;
    };
    for (id, entry) in gold {
        let Ok(bytes) = fs::read(set_dir.join("htmls").join(format!("{id}.html"))) else {
            continue;
        };
        let mut page = Page::new("magic-html-bench-zh", id.clone(), bytes);
        page.url = entry["url"].as_str().and_then(|url| Url::parse(url).ok());
        page.gold_body = entry["content"].as_str().map(str::to_string);
        pages.push(page);
    }
}

fn load_cwced(root: &Path, pages: &mut Vec<Page>) {
    let set_dir = root.join("cwced");
    let Ok(entries) = fs::read_dir(set_dir.join("original")) else {
        return;
    };
    let mut names: Vec<PathBuf> = entries.filter_map(|entry| entry.ok().map(|entry| entry.path())).collect();
    names.sort();
    for path in names {
        let Some(stem) = path.file_stem().and_then(|stem| stem.to_str()).map(str::to_string) else {
            continue;
        };
        let Ok(bytes) = fs::read(&path) else { continue };
        let mut page = Page::new("cwced", stem.clone(), bytes);
        page.gold_body = fs::read(set_dir.join("cleaned").join(format!("{stem}.txt")))
            .ok()
            .map(|gold| String::from_utf8_lossy(&gold).into_owned());
        page.gold_date = fs::read_to_string(set_dir.join("date").join(format!("{stem}.txt")))
            .ok()
            .and_then(|date| gold_day(date.lines().next().unwrap_or("")));
        let people = fs::read_to_string(set_dir.join("author").join(format!("{stem}.txt"))).unwrap_or_default();
        if people.trim() != "UNKNOWN" {
            page.gold_people =
                people.split([' ', '\u{3000}', '、', '\n']).filter(|name| !name.is_empty()).map(String::from).collect();
        }
        pages.push(page);
    }
}

fn load_govcn(root: &Path, pages: &mut Vec<Page>) {
    let set_dir = root.join("govcn-zhengce");
    let Some(Value::Array(entries)) = read_json(&set_dir.join("metadata.json")) else {
        return;
    };
    for entry in entries {
        let Some(file) = entry["file"].as_str() else {
            continue;
        };
        let Ok(bytes) = fs::read(set_dir.join(file)) else {
            continue;
        };
        let mut page = Page::new("govcn-zhengce", file.to_string(), bytes);
        page.url = entry["crawl_url"].as_str().and_then(|url| Url::parse(url).ok());
        page.gold_body = entry["content_html"].as_str().map(|html| {
            let fragment = scraper::Html::parse_fragment(html);
            fragment.root_element().text().collect::<Vec<_>>().join("\n")
        });
        let table = &entry["gold_from_page_table"];
        page.gold_date = table["publish_date"].as_str().and_then(gold_day);
        page.gold_doc_number = table["doc_number"].as_str().map(str::to_string);
        page.gold_issuer = table["issuer"].as_str().map(str::to_string);
        pages.push(page);
    }
}

fn load_adbar(root: &Path, pages: &mut Vec<Page>) {
    let set_dir = root.join("adbar-eval-zh");
    let dates = read_json(&set_dir.join("htmldate_gold_dates.json")).unwrap_or(Value::Null);
    let texts = read_json(&set_dir.join("trafilatura_evaldata_zh.json")).unwrap_or(Value::Null);
    let mut by_file: HashMap<String, Page> = HashMap::new();
    for source in [&dates, &texts] {
        let Some(entries) = source.as_object() else {
            continue;
        };
        for (url, entry) in entries {
            let Some(file) = entry["file"].as_str() else {
                continue;
            };
            if !by_file.contains_key(file) {
                let Ok(bytes) = fs::read(set_dir.join(file)) else {
                    continue;
                };
                let mut page = Page::new("adbar-eval-zh", file.to_string(), bytes);
                page.url = Url::parse(url).ok();
                by_file.insert(file.to_string(), page);
            }
            let page = by_file.get_mut(file).expect("inserted above");
            if page.gold_date.is_none() {
                page.gold_date = entry["date"].as_str().and_then(gold_day);
            }
            for (key, expected) in [("with", true), ("without", false)] {
                for snippet in entry[key].as_array().into_iter().flatten().filter_map(Value::as_str) {
                    page.snippets.push((snippet.to_string(), expected));
                }
            }
        }
    }
    let mut adbar: Vec<Page> = by_file.into_values().collect();
    adbar.sort_by(|left, right| left.name.cmp(&right.name));
    pages.extend(adbar);
}

/// Extra sets with a gold body (not among the four): readability's and newspaper4k's
/// Chinese test pages, and magic-html's forum threads (whose gold keeps every post).
fn load_extra(root: &Path, pages: &mut Vec<Page>) {
    let forum_dir = root.join("magic-html-bench-zh/forum");
    if let Some(Value::Object(gold)) = read_json(&forum_dir.join("gold_zh.json")) {
        let mut forum: Vec<Page> = gold
            .into_iter()
            .filter_map(|(id, entry)| {
                let bytes = fs::read(forum_dir.join("htmls").join(format!("{id}.html"))).ok()?;
                let mut page = Page::new("magic-forum (extra)", id, bytes);
                page.url = entry["url"].as_str().and_then(|url| Url::parse(url).ok());
                page.gold_body = entry["content"].as_str().map(str::to_string);
                Some(page)
            })
            .collect();
        forum.sort_by(|left, right| left.name.cmp(&right.name));
        pages.extend(forum);
    }
    let readability_dir = root.join("readability-zh-testpages");
    for site in ["gmw", "pixnet", "qq", "youth"] {
        let Ok(bytes) = fs::read(readability_dir.join(site).join("source.html")) else { continue };
        let Ok(expected) = fs::read_to_string(readability_dir.join(site).join("expected.html")) else { continue };
        let mut page = Page::new("readability-zh (extra)", site.to_string(), bytes);
        let fragment = scraper::Html::parse_fragment(&expected);
        page.gold_body = Some(fragment.root_element().text().collect::<Vec<_>>().join("\n"));
        pages.push(page);
    }
    let newspaper_dir = root.join("newspaper4k-zh/tests/data");
    for name in ["chinese_article", "chinese_article_001", "chinese_article_002"] {
        let Ok(bytes) = fs::read(newspaper_dir.join("html").join(format!("{name}.html"))) else { continue };
        let mut page = Page::new("newspaper4k-zh (extra)", name.to_string(), bytes);
        page.gold_body = fs::read_to_string(newspaper_dir.join("txt").join(format!("{name}.txt"))).ok();
        pages.push(page);
    }
}

/// Pages labelled list (true) or article (false) by their folder: gerapy's `samples/list` and
/// `samples/detail`, GNE's `test_list_page` and its article tests.
fn load_list_labels(root: &Path) -> Vec<(String, Vec<u8>, bool)> {
    let mut labelled = Vec::new();
    let folders = [
        ("gerapy-list-detail-samples/samples/list", true),
        ("gerapy-list-detail-samples/samples/detail", false),
        ("gne-tests/test_list_page", true),
        ("gne-tests/tests", false),
        ("gne-tests/visiable_test", false),
    ];
    for (folder, is_list) in folders {
        let mut pending = vec![root.join(folder)];
        let mut files = Vec::new();
        while let Some(directory) = pending.pop() {
            let Ok(entries) = fs::read_dir(&directory) else { continue };
            for path in entries.filter_map(|entry| entry.ok().map(|entry| entry.path())) {
                if path.is_dir() {
                    pending.push(path);
                } else if path.extension().is_some_and(|extension| extension == "html") {
                    files.push(path);
                }
            }
        }
        files.sort();
        for path in files {
            let Ok(bytes) = fs::read(&path) else { continue };
            let name = path.strip_prefix(root).unwrap_or(&path).display().to_string();
            labelled.push((name, bytes, is_list));
        }
    }
    labelled
}

/// Prints how many list pages are refused and how many article pages are kept.
fn score_list_detection(root: &Path, verbose: bool) {
    let labelled = load_list_labels(root);
    if labelled.is_empty() {
        return;
    }
    let (mut lists_refused, mut lists, mut articles_kept, mut articles) = (0, 0, 0, 0);
    for (name, bytes, is_list) in &labelled {
        let refused = matches!(extract_bytes(bytes, None, None), Err(ExtractError::NotAnArticle { .. }));
        if *is_list {
            lists += 1;
            lists_refused += usize::from(refused);
        } else {
            articles += 1;
            articles_kept += usize::from(!refused);
        }
        if verbose && refused != *is_list {
            println!("list detection wrong: {name} (labelled {})", if *is_list { "list" } else { "article" });
        }
    }
    println!(
        "list pages refused: {}; article pages kept: {}",
        ratio(lists_refused, lists),
        ratio(articles_kept, articles)
    );
}

// # The metric

/// Character bigrams with whitespace and punctuation dropped, as counts.
fn bigrams(text: &str) -> HashMap<(char, char), u32> {
    let kept: Vec<char> = text.chars().filter(|character| character.is_alphanumeric()).collect();
    let mut counts = HashMap::new();
    for pair in kept.windows(2) {
        *counts.entry((pair[0], pair[1])).or_insert(0) += 1;
    }
    counts
}

/// F1 over character bigrams.
fn bigram_f1(predicted: &str, gold: &str) -> f64 {
    let predicted = bigrams(predicted);
    let gold = bigrams(gold);
    let predicted_total: u32 = predicted.values().sum();
    let gold_total: u32 = gold.values().sum();
    if predicted_total == 0 || gold_total == 0 {
        return if predicted_total == gold_total { 1.0 } else { 0.0 };
    }
    let overlap: u32 = predicted.iter().map(|(bigram, count)| (*count).min(*gold.get(bigram).unwrap_or(&0))).sum();
    let precision = f64::from(overlap) / f64::from(predicted_total);
    let recall = f64::from(overlap) / f64::from(gold_total);
    if overlap == 0 { 0.0 } else { 2.0 * precision * recall / (precision + recall) }
}

#[derive(Default)]
struct Tally {
    pages: usize,
    f1_sum: f64,
    f1_pages: usize,
    dates_right: usize,
    dates_stated: usize,
    doc_numbers_right: usize,
    doc_numbers_stated: usize,
    issuers_right: usize,
    issuers_stated: usize,
    bylines_right: usize,
    bylines_stated: usize,
    snippets_right: usize,
    snippets: usize,
    not_articles: usize,
}

fn ratio(right: usize, total: usize) -> String {
    if total == 0 {
        "—".to_string()
    } else {
        format!("{right}/{total} ({:.0} %)", 100.0 * right as f64 / total as f64)
    }
}

// # Scoring

fn main() {
    // `EXTRACTION_DATA` points elsewhere (e.g. at held-out pages laid out the same way).
    let root = match std::env::var_os("EXTRACTION_DATA") {
        Some(path) => PathBuf::from(path),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/data/extraction"),
    };
    if !root.is_dir() {
        println!("skipped: ../shared/data/extraction not found");
        return;
    }
    let verbose = std::env::var_os("EVAL_VERBOSE").is_some();
    let mut pages = Vec::new();
    load_magic(&root, &mut pages);
    load_cwced(&root, &mut pages);
    load_govcn(&root, &mut pages);
    load_adbar(&root, &mut pages);
    load_extra(&root, &mut pages);

    let set_order = [
        "magic-html-bench-zh",
        "cwced",
        "govcn-zhengce",
        "adbar-eval-zh",
        "readability-zh (extra)",
        "newspaper4k-zh (extra)",
        "magic-forum (extra)",
    ];
    let mut tallies: HashMap<&str, Tally> = HashMap::new();
    for page in &pages {
        let tally = tallies.entry(page.set).or_default();
        tally.pages += 1;
        let result = extract_bytes(&page.bytes, None, page.url.as_ref());
        let document = match result {
            Ok(document) => Some(document),
            Err(ExtractError::NotAnArticle { .. }) => {
                tally.not_articles += 1;
                None
            }
            Err(_) => None,
        };
        let body = document.as_ref().map_or("", |document| document.body.as_str());
        let mut line = format!("{:<14} {:<44}", page.set, page.name.chars().take(44).collect::<String>());
        if let Some(gold) = &page.gold_body {
            let f1 = bigram_f1(body, gold);
            tally.f1_sum += f1;
            tally.f1_pages += 1;
            line.push_str(&format!(" f1={f1:.3}"));
        }
        if let Some(gold) = &page.gold_date {
            tally.dates_stated += 1;
            let predicted = document
                .as_ref()
                .and_then(|document| document.published.as_deref())
                .map(|date| &date[..date.len().min(10)]);
            if predicted == Some(gold.as_str()) {
                tally.dates_right += 1;
            } else {
                line.push_str(&format!(" date={predicted:?}≠{gold}"));
            }
        }
        if let Some(gold) = &page.gold_doc_number {
            tally.doc_numbers_stated += 1;
            let predicted = document.as_ref().and_then(|document| document.doc_number.as_deref());
            if predicted == Some(gold.as_str()) {
                tally.doc_numbers_right += 1;
            } else {
                line.push_str(&format!(" docnum={predicted:?}≠{gold}"));
            }
        }
        if let Some(gold) = &page.gold_issuer {
            tally.issuers_stated += 1;
            let predicted = document.as_ref().and_then(|document| document.issuer.as_deref());
            if predicted == Some(gold.as_str()) {
                tally.issuers_right += 1;
            } else {
                line.push_str(&format!(" issuer={predicted:?}≠{gold}"));
            }
        }
        if !page.gold_people.is_empty() {
            tally.bylines_stated += 1;
            let named = document.as_ref().map_or(String::new(), |document| {
                format!("{} {}", document.author.as_deref().unwrap_or(""), document.editor.as_deref().unwrap_or(""))
            });
            if page.gold_people.iter().all(|person| named.contains(person.as_str())) {
                tally.bylines_right += 1;
            } else {
                line.push_str(&format!(" byline={:?}≠{}", named.trim(), page.gold_people.join(" ")));
            }
        }
        for (snippet, expected) in &page.snippets {
            tally.snippets += 1;
            if body.contains(snippet.as_str()) == *expected {
                tally.snippets_right += 1;
            } else {
                line.push_str(&format!(" snippet({})={snippet}", if *expected { "missing" } else { "kept" }));
            }
        }
        if let Some(document) = &document {
            line.push_str(&format!(" title={}", document.title));
        } else {
            line.push_str(" NO DOCUMENT");
        }
        if verbose {
            println!("{line}");
        }
    }

    println!(
        "| set | pages | body F1 | dates right | 文号 right | issuer right | adbar snippets right | not-an-article |"
    );
    println!("|---|---|---|---|---|---|---|---|");
    for set in set_order {
        let Some(tally) = tallies.get(set) else {
            continue;
        };
        let f1 = if tally.f1_pages == 0 {
            "—".to_string()
        } else {
            format!("{:.3}", tally.f1_sum / tally.f1_pages as f64)
        };
        println!(
            "| {set} | {} | {f1} | {} | {} | {} | {} | {} |",
            tally.pages,
            ratio(tally.dates_right, tally.dates_stated),
            ratio(tally.doc_numbers_right, tally.doc_numbers_stated),
            ratio(tally.issuers_right, tally.issuers_stated),
            ratio(tally.snippets_right, tally.snippets),
            tally.not_articles,
        );
    }

    let (dates_right, dates_stated) = tallies
        .values()
        .fold((0, 0), |(right, stated), tally| (right + tally.dates_right, stated + tally.dates_stated));
    println!("dates right, all pages that state one: {}", ratio(dates_right, dates_stated));
    let (bylines_right, bylines_stated) = tallies
        .values()
        .fold((0, 0), |(right, stated), tally| (right + tally.bylines_right, stated + tally.bylines_stated));
    println!("bylines right (every named author or editor found; cwced): {}", ratio(bylines_right, bylines_stated));

    score_list_detection(&root, verbose);

    // # Speed: one core, decoding included, repeated until at least two seconds have passed.
    let total_bytes: usize = pages.iter().map(|page| page.bytes.len()).sum();
    let started = Instant::now();
    let mut rounds = 0;
    while rounds == 0 || started.elapsed().as_secs_f64() < 2.0 {
        for page in &pages {
            let _ = std::hint::black_box(extract_bytes(&page.bytes, None, page.url.as_ref()));
        }
        rounds += 1;
    }
    let seconds = started.elapsed().as_secs_f64();
    let pages_per_second = (pages.len() * rounds) as f64 / seconds;
    let megabytes_per_second = (total_bytes * rounds) as f64 / seconds / 1_000_000.0;
    println!(
        "speed: {pages_per_second:.0} pages/s, {megabytes_per_second:.1} MB/s on one core ({} pages, {:.1} MB, {rounds} rounds)",
        pages.len(),
        total_bytes as f64 / 1_000_000.0
    );
}
