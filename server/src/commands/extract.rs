//! `yanglao extract`: turn one saved web page into a document and print it as JSON.

/// Extracts the page in `bytes` and prints the document. Returns an error for a list page.
pub fn run(bytes: &[u8], url: Option<&str>) -> anyhow::Result<()> {
    let url = url.map(url::Url::parse).transpose().map_err(|err| anyhow::anyhow!("invalid --url: {err}"))?;
    let document = crawler::extract::extract_bytes(bytes, None, url.as_ref())?;
    println!("{}", serde_json::to_string_pretty(&document)?);
    Ok(())
}
