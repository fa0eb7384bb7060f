//! `yanglao serve`: serve the search API and pages over HTTP.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Instant;

use anyhow::Context;

/// Default listen address.
pub const DEFAULT_ADDR: &str = "127.0.0.1:8080";

/// Opens the index (building the bundled one when `index` is `None`) and serves until Ctrl-C.
pub async fn run(index: Option<PathBuf>, addr: SocketAddr) -> anyhow::Result<()> {
    let started = Instant::now();
    let index_dir = match index {
        Some(dir) => dir,
        None => {
            let data_dir = crate::bundled::default_data_dir();
            tokio::task::spawn_blocking(move || crate::bundled::ensure_bundled_index(&data_dir)).await??
        }
    };
    let engine = indexer::SearchEngine::open(&index_dir)
        .with_context(|| format!("failed to open index at `{}`", index_dir.display()))?;
    let documents = engine.num_docs();
    let state = crate::AppState::new(engine);
    // Build the citation graph and quote fingerprints now rather than on the first document page.
    let warming = state.clone();
    tokio::spawn(async move { warming.catalog().await.map(|_| ()) });
    let listener = tokio::net::TcpListener::bind(addr).await.with_context(|| format!("failed to listen on {addr}"))?;
    let local = listener.local_addr()?;
    tracing::info!(%local, documents, index = %index_dir.display(), ready_ms = started.elapsed().as_millis() as u64, "serving");
    // Tests and scripts read this line to learn the port when started with port 0.
    println!("listening on http://{local}");
    axum::serve(listener, crate::app(state)).with_graceful_shutdown(shutdown_signal()).await?;
    Ok(())
}

async fn shutdown_signal() {
    if tokio::signal::ctrl_c().await.is_err() {
        std::future::pending::<()>().await;
    }
}
