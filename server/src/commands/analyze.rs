//! `yanglao analyze`: show what the analysis chain makes of a text, like Elasticsearch's `_analyze`.

/// Analyzes `text` and prints the normalized text and the tokens.
pub fn run(text: &str, json: bool) -> anyhow::Result<()> {
    let analysis = indexer::analysis::analyze(text);
    if json {
        println!("{}", serde_json::to_string_pretty(&analysis)?);
        return Ok(());
    }
    println!("normalized: {}", analysis.normalized);
    for token in &analysis.tokens {
        println!("{:>6}  {:<12} [{}..{}]", token.position, token.text, token.start, token.end);
    }
    Ok(())
}
