//! Helpers shared by the integration tests.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;

use corpus::Document;
use indexer::{IndexBuilder, SearchEngine, SearchRequest, SearchResponse};

/// Builds an index of `documents` in a fresh temporary directory.
pub fn index_of(documents: &[Document]) -> (tempfile::TempDir, SearchEngine) {
    let dir = tempfile::tempdir().expect("a temporary directory can be created");
    let mut builder = IndexBuilder::open(dir.path()).expect("the index opens");
    for document in documents {
        builder.add(document.clone()).expect("the document is indexed");
    }
    builder.commit().expect("the index commits");
    let engine = SearchEngine::open(dir.path()).expect("the index opens for search");
    (dir, engine)
}

/// Creates a document with an id, a title and a body.
pub fn document(id: &str, title: &str, body: &str) -> Document {
    Document { id: id.into(), title: title.into(), body: body.into(), ..Document::default() }
}

/// Runs a query with defaults (limit 10, collapse on).
pub fn search(engine: &SearchEngine, query: &str) -> SearchResponse {
    engine.search(&request(query)).unwrap_or_else(|err| panic!("query `{query}` failed: {err}"))
}

/// A request with defaults.
pub fn request(query: &str) -> SearchRequest {
    SearchRequest { query: query.into(), limit: 10, collapse: true, ..SearchRequest::default() }
}

/// Ids of the hits, in order.
pub fn ids(response: &SearchResponse) -> Vec<String> {
    response.hits.iter().map(|hit| hit.id.clone()).collect()
}

/// The texts inside `<mark>` of an HTML snippet.
pub fn marked(snippet: &str) -> Vec<String> {
    snippet.split("<mark>").skip(1).map(|part| part.split("</mark>").next().unwrap_or("").to_string()).collect()
}

/// Returns the `yanglao` binary, building it once with the cargo that builds these tests.
pub fn yanglao_binary() -> PathBuf {
    static BINARY: OnceLock<PathBuf> = OnceLock::new();
    BINARY
        .get_or_init(|| {
            let status = Command::new(env!("CARGO"))
                .args(["build", "--quiet", "-p", "server", "--bin", "yanglao"])
                .current_dir(workspace_root())
                .status()
                .expect("cargo runs");
            assert!(status.success(), "help: `cargo build -p server --bin yanglao` failed");
            let test_executable = std::env::current_exe().expect("the test binary has a path");
            let profile_dir = test_executable.parent().and_then(Path::parent).expect("target/<profile>/deps");
            let binary = profile_dir.join("yanglao");
            assert!(binary.exists(), "help: expected the binary at {}", binary.display());
            binary
        })
        .clone()
}

/// The workspace root.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("tests/ is inside the workspace").to_path_buf()
}

/// Returns an HTTP client for the servers the tests start (rustls with the ring provider).
pub fn http_client() -> reqwest::Client {
    // Installing twice is harmless: the second call reports the provider already installed.
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::new()
}

/// A running `yanglao serve`, killed on drop.
pub struct RunningServer {
    child: Child,
    /// `http://127.0.0.1:PORT`.
    pub base_url: String,
}

impl Drop for RunningServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `yanglao serve` with the given extra arguments on a free port of 127.0.0.1 and waits
/// until it prints its address.
pub fn start_server(data_dir: &Path, extra_args: &[&str]) -> RunningServer {
    let mut child = Command::new(yanglao_binary())
        .arg("serve")
        .args(["--addr", "127.0.0.1:0"])
        .args(extra_args)
        .env("YANGLAO_DATA_DIR", data_dir)
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("yanglao serve starts");
    let stdout = child.stdout.take().expect("stdout is piped");
    let mut lines = BufReader::new(stdout).lines();
    let base_url = loop {
        let line =
            lines.next().expect("help: `yanglao serve` exited before printing its address").expect("stdout reads");
        if let Some(url) = line.strip_prefix("listening on ") {
            break url.trim().to_string();
        }
    };
    RunningServer { child, base_url }
}
