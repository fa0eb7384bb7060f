//! `yanglao extract`: turn one saved web page into a document and print it as JSON.
//!
//! The printed object always carries the contract's keys (`title`, `published`, `body`, `source`,
//! `author`, `original_url`, `tags`, `doc_number`, `issuer`, `kind`), `null` or `[]` when the page
//! does not state them, so other tools can rely on them.

/// Keys every `yanglao extract` output has.
pub const CONTRACT_KEYS: [&str; 10] =
    ["title", "published", "body", "source", "author", "original_url", "tags", "doc_number", "issuer", "kind"];

/// Extracts the page in `bytes` and prints the document. Returns an error for a list page.
pub fn run(bytes: &[u8], url: Option<&str>) -> anyhow::Result<()> {
    let url = url.map(url::Url::parse).transpose().map_err(|err| anyhow::anyhow!("invalid --url: {err}"))?;
    let document = crawler::extract::extract_bytes(bytes, None, url.as_ref())?;
    println!("{}", serde_json::to_string_pretty(&to_contract_json(&document))?);
    Ok(())
}

/// Serializes a document with every contract key present.
pub fn to_contract_json(document: &corpus::Document) -> serde_json::Value {
    let mut value = serde_json::to_value(document).expect("a Document always serializes to JSON");
    if let Some(object) = value.as_object_mut() {
        for key in CONTRACT_KEYS {
            let empty = if key == "tags" { serde_json::json!([]) } else { serde_json::Value::Null };
            object.entry(key).or_insert(empty);
        }
    }
    value
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_contract_key_is_present() {
        let value = to_contract_json(&corpus::Document { title: "标题".into(), ..Default::default() });
        for key in CONTRACT_KEYS {
            assert!(value.get(key).is_some(), "{key} missing");
        }
        assert_eq!(value["tags"], serde_json::json!([]));
        assert_eq!(value["published"], serde_json::Value::Null);
    }
}
