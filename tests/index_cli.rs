//! `yanglao index` through the real binary: killed with SIGKILL mid-write and run again, it loses
//! no document; malformed lines are reported with their line number and skipped (issue #3).

use std::io::Write;
use std::process::{Command, Stdio};
use std::time::Duration;

use crate::support::yanglao_binary;

const DOCUMENTS: usize = 4000;

fn write_corpus(path: &std::path::Path) {
    let mut file = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    for number in 0..DOCUMENTS {
        let body = format!("第{number}号通知：推进居家养老服务和老年助餐服务。").repeat(20);
        let line = serde_json::json!({ "id": format!("doc-{number}"), "title": format!("养老服务通知{number}"), "body": body });
        writeln!(file, "{line}").unwrap();
    }
    writeln!(file, "this line is not JSON").unwrap();
    writeln!(file, "{{\"id\": \"no-text\"}}").unwrap();
}

fn total_for(index: &std::path::Path, query: &str) -> u64 {
    let output = Command::new(yanglao_binary())
        .args(["search", "--json", "--limit", "1", "--index"])
        .arg(index)
        .arg(query)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("search --json prints JSON");
    json["total"].as_u64().unwrap()
}

#[test]
fn an_index_killed_mid_write_loses_nothing_after_a_rerun() {
    let work = tempfile::tempdir().unwrap();
    let corpus = work.path().join("corpus.jsonl");
    write_corpus(&corpus);
    let index = work.path().join("index");
    let index_command = || {
        let mut command = Command::new(yanglao_binary());
        command.args(["index", "--input"]).arg(&corpus).arg("--index").arg(&index);
        command
    };

    let mut first = index_command().stdout(Stdio::null()).stderr(Stdio::null()).spawn().unwrap();
    std::thread::sleep(Duration::from_millis(400));
    first.kill().unwrap(); // SIGKILL, most likely before the commit
    first.wait().unwrap();

    let rerun = index_command().output().unwrap();
    assert!(rerun.status.success(), "help: indexing after a kill failed: {}", String::from_utf8_lossy(&rerun.stderr));
    let printed = String::from_utf8_lossy(&rerun.stdout);
    assert!(printed.contains(&format!("indexed {DOCUMENTS} documents")), "{printed}");
    assert!(printed.contains("MB/s") && printed.contains("skipped 2"), "{printed}");
    let stderr = String::from_utf8_lossy(&rerun.stderr);
    assert!(stderr.contains(&format!(":{}", DOCUMENTS + 1)), "help: the malformed line is named by number: {stderr}");

    assert_eq!(total_for(&index, "老年助餐"), DOCUMENTS as u64);
    assert_eq!(total_for(&index, "\"第3999号通知\""), 1);
}

#[test]
fn a_missing_input_is_a_clear_error_and_creates_no_index() {
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("index");
    let output = Command::new(yanglao_binary())
        .args(["index", "--input", "no-such-corpus.jsonl", "--index"])
        .arg(&index)
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("no-such-corpus.jsonl") && stderr.contains("does not exist"), "{stderr}");
    assert!(!index.exists());
}

#[test]
fn analyze_prints_the_contract_json() {
    let output = Command::new(yanglao_binary()).args(["analyze", "--json", "養老服務(fú)"]).output().unwrap();
    assert!(output.status.success());
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["normalized"], "养老服务");
    let token = &json["tokens"][0];
    for key in ["text", "position", "start", "end"] {
        assert!(token.get(key).is_some(), "help: token is missing `{key}`: {token}");
    }
}

#[test]
fn every_subcommand_has_help() {
    for subcommand in ["index", "search", "analyze", "extract", "regions", "crawl", "archive", "serve"] {
        let output = Command::new(yanglao_binary()).args([subcommand, "--help"]).output().unwrap();
        assert!(output.status.success(), "{subcommand} --help failed");
        assert!(String::from_utf8_lossy(&output.stdout).contains("Usage"), "{subcommand}");
    }
}
