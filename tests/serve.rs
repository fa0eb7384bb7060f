//! End to end: the real `yanglao serve` binary over the bundled corpus, queried over HTTP (issue #3).

use serde_json::Value;

use crate::support::start_server;

/// Ids of the five seed pages in `corpus/data/seeds.jsonl`.
const SEED_IDS: [&str; 5] =
    ["c8999f781288d0a9", "4d9d4375851177ba", "2a46f93215c84e84", "902d9cbfd914e360", "0c3ad3204508454a"];

async fn get_json(client: &reqwest::Client, url: &str) -> (u16, Value) {
    let response = client.get(url).send().await.unwrap_or_else(|err| panic!("GET {url}: {err}"));
    let status = response.status().as_u16();
    let body = response.json().await.unwrap_or_else(|err| panic!("GET {url}: body is not JSON: {err}"));
    (status, body)
}

fn hit_ids(body: &Value) -> Vec<String> {
    body["hits"]
        .as_array()
        .expect("hits is an array")
        .iter()
        .map(|hit| hit["id"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serve_answers_over_http_on_the_bundled_corpus() {
    let data_dir = tempfile::tempdir().unwrap();
    let server = start_server(data_dir.path(), &[]);
    let client = crate::support::http_client();
    let base = &server.base_url;

    let (status, health) = get_json(&client, &format!("{base}/healthz")).await;
    assert_eq!(status, 200);
    assert!(health["documents"].as_u64().unwrap() >= 5);

    let (status, fuxin) = get_json(&client, &format!("{base}/api/search?q=阜新")).await;
    assert_eq!(status, 200);
    assert_eq!(hit_ids(&fuxin).first().map(String::as_str), Some("c8999f781288d0a9"));
    for key in ["id", "title", "score", "snippet", "url", "published"] {
        assert!(fuxin["hits"][0].get(key).is_some(), "help: hit is missing `{key}`");
    }

    let (_, elder) = get_json(&client, &format!("{base}/api/search?q=養老服務&limit=100")).await;
    let found = hit_ids(&elder);
    for seed in SEED_IDS {
        assert!(found.iter().any(|id| id == seed), "help: seed {seed} missing from 養老服務: {found:?}");
    }

    let (status, document) = get_json(&client, &format!("{base}/api/documents/c8999f781288d0a9")).await;
    assert_eq!(status, 200);
    assert!(document["title"].as_str().unwrap().contains("阜新"));

    let (status, missing) = get_json(&client, &format!("{base}/api/documents/no-such-id")).await;
    assert_eq!(status, 404);
    assert!(missing["error"].is_string());

    let (status, bad) = get_json(&client, &format!("{base}/api/search?q=%22unclosed")).await;
    assert_eq!(status, 400);
    assert!(bad["error"].as_str().unwrap().contains("quote"));

    let (status, bad_limit) = get_json(&client, &format!("{base}/api/search?q=养老&limit=abc")).await;
    assert_eq!(status, 400);
    assert!(bad_limit["error"].as_str().unwrap().contains("limit"));

    let page = client.get(format!("{base}/?q=阜新")).send().await.unwrap();
    assert_eq!(page.status().as_u16(), 200);
    let html = page.text().await.unwrap();
    assert!(html.contains("<mark>阜新</mark>"), "help: the search page should show highlighted hits");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_second_start_reuses_the_bundled_index() {
    let data_dir = tempfile::tempdir().unwrap();
    drop(start_server(data_dir.path(), &[]));
    let stamp = std::fs::read_to_string(data_dir.path().join("bundled-index/yanglao-stamp")).unwrap();
    let server = start_server(data_dir.path(), &[]);
    let (status, _) = get_json(&crate::support::http_client(), &format!("{}/healthz", server.base_url)).await;
    assert_eq!(status, 200);
    assert_eq!(std::fs::read_to_string(data_dir.path().join("bundled-index/yanglao-stamp")).unwrap(), stamp);
}
