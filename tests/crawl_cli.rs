//! The real `yanglao crawl` binary against the fixture site on 127.0.0.1: killed with SIGKILL
//! mid-crawl and started again, it stores every article once; `yanglao index` indexes the result
//! and `yanglao archive` prints an archived page (issue #5).

use std::collections::BTreeSet;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crawler::fixture_site::FixtureSite;

use crate::support::yanglao_binary;

/// Articles of the fixture site (see `crawler/tests/crawl.rs` for titles and dates).
const EXPECTED_ARTICLE_COUNT: usize = 12;

fn write_config(dir: &Path, base: &str) -> std::path::PathBuf {
    let path = dir.join("crawl.toml");
    let text = format!(
        r#"
concurrency = 2
delay = "0s"
max_crawl_delay = "0s"
request_timeout = "1s"
retries = 1
retry_backoff = "50ms"
max_retry_wait = "5s"
allow_private_addresses = true

[[source]]
name = "fixture"
start_urls = ["{base}/"]
max_depth = 5
"#
    );
    std::fs::write(&path, text).unwrap();
    path
}

fn stored_lines(out: &Path) -> usize {
    std::fs::read_to_string(out.join("documents.jsonl")).map(|text| text.lines().count()).unwrap_or(0)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_crawl_killed_with_sigkill_resumes_and_stores_every_article_once() {
    let site = FixtureSite::start().await.unwrap();
    let work = tempfile::tempdir().unwrap();
    let out = work.path().join("crawl");
    let config = write_config(work.path(), site.base());
    let binary = yanglao_binary();
    let crawl = |out: &Path| {
        let mut command = Command::new(&binary);
        command.arg("crawl").arg("--config").arg(&config).arg("--out").arg(out);
        command.env("RUST_LOG", "warn").stdout(Stdio::null()).stderr(Stdio::null());
        command
    };

    let mut first = crawl(&out).spawn().unwrap();
    let started = Instant::now();
    while stored_lines(&out) < 2 && started.elapsed() < Duration::from_secs(60) {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    first.kill().unwrap(); // SIGKILL
    first.wait().unwrap();
    let stored_before_kill = stored_lines(&out);
    assert!(stored_before_kill >= 2, "help: the first run should have stored pages before the kill");

    let status = crawl(&out).status().unwrap();
    assert!(status.success(), "help: the restarted crawl failed");
    let report = corpus::read_documents(&out.join("documents.jsonl")).unwrap();
    assert!(
        report.skipped.len() <= 1,
        "help: at most the line being written at the kill is torn: {:?}",
        report.skipped
    );
    let ids: Vec<&str> = report.documents.iter().map(|document| document.id.as_str()).collect();
    let unique: BTreeSet<&str> = ids.iter().copied().collect();
    assert_eq!(ids.len(), unique.len(), "help: no document stored twice");
    assert_eq!(unique.len(), EXPECTED_ARTICLE_COUNT, "help: every article stored: {ids:?}");

    let index = work.path().join("index");
    let indexed = Command::new(&binary)
        .args(["index", "--input"])
        .arg(out.join("documents.jsonl"))
        .arg("--index")
        .arg(&index)
        .output()
        .unwrap();
    assert!(indexed.status.success());
    assert!(String::from_utf8_lossy(&indexed.stdout).contains(&format!("indexed {EXPECTED_ARTICLE_COUNT} documents")));

    let gbk_page = site.url("/policy/2023/gbk-notice.html");
    let archived = Command::new(&binary).args(["archive", "--out"]).arg(&out).arg(&gbk_page).output().unwrap();
    assert!(archived.status.success(), "{}", String::from_utf8_lossy(&archived.stderr));
    assert!(String::from_utf8_lossy(&archived.stdout).contains("关于做好冬季养老机构安全工作的通知"));
}
