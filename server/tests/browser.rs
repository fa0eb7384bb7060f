//! Real-browser tests (issue #8): starts the server on 127.0.0.1:0 over the test corpus (bundled
//! documents plus the citation pair, the traditional repost and the XSS document) and runs
//! `tests/browser/run.mjs` (playwright-core driving Debian's headless `/usr/bin/chromium`).
//!
//! Skipped, with a "skipped: …" line, when chromium, node or `tests/browser/node_modules` is
//! missing; `scripts/install-browser.sh` installs them. Screenshots go to the printed folder
//! (`$YANGLAO_SCREENSHOT_DIR`, else `target/tmp/browser-screenshots`).

// Each test binary uses a different part of the shared fixtures.
#[allow(dead_code)]
mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

/// Returns why the browser tests cannot run here, if they cannot.
fn missing_prerequisite(repo: &Path, chromium: &Path) -> Option<String> {
    if !chromium.exists() {
        return Some(format!("`{}` is not installed (run scripts/install-browser.sh)", chromium.display()));
    }
    if !repo.join("tests/browser/node_modules/playwright-core").is_dir() {
        return Some("tests/browser/node_modules/playwright-core is missing (run scripts/install-browser.sh)".into());
    }
    if Command::new("node").arg("--version").output().is_err() {
        return Some("`node` is not on the PATH".into());
    }
    None
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_work_in_headless_chromium() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("the server crate lives in the workspace");
    let chromium = std::env::var_os("CHROMIUM").map_or_else(|| PathBuf::from("/usr/bin/chromium"), PathBuf::from);
    if let Some(reason) = missing_prerequisite(repo, &chromium) {
        println!("skipped: {reason}");
        return;
    }
    let state = tokio::task::spawn_blocking(|| common::TEST_INDEX.state.clone()).await.expect("the test index builds");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("a local port is free");
    let address = listener.local_addr().expect("the listener has an address");
    tokio::spawn(async move { axum::serve(listener, server::app(state)).await });
    let base_url = format!("http://{address}");
    let screenshots = std::env::var_os("YANGLAO_SCREENSHOT_DIR")
        .map_or_else(|| Path::new(env!("CARGO_TARGET_TMPDIR")).join("browser-screenshots"), PathBuf::from);
    println!("screenshots: {}", screenshots.display());
    let script = repo.join("tests/browser/run.mjs");
    let output = tokio::task::spawn_blocking(move || {
        Command::new("node").arg(&script).arg(&base_url).arg(&screenshots).env("CHROMIUM", &chromium).output()
    })
    .await
    .expect("the node task does not panic")
    .expect("node starts");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    println!("{stdout}");
    assert!(output.status.success(), "help: browser checks failed ({}):\n{stdout}\n{stderr}", output.status);
}
