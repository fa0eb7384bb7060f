//! Decoding of fetched bytes into text.
//!
//! The charset is chosen in this order (see the extraction issue, #4):
//! 1. the `charset` parameter of the HTTP `Content-Type` header,
//! 2. a byte-order mark,
//! 3. `<meta charset>` or `<meta http-equiv="Content-Type" content="…; charset=…">` in the first
//!    [`META_PRESCAN_BYTES`] bytes,
//! 4. detection with chardetng.
//!
//! GB2312 and GBK are decoded as GB18030 (a superset: pages labelled GB2312 routinely use GBK
//! characters). A declared legacy charset is overridden when the bytes are valid UTF-8 with
//! non-ASCII text, because mislabelled UTF-8 pages are common and GBK bytes are almost never valid
//! UTF-8. Decoding never panics: malformed sequences become U+FFFD.

use encoding_rs::{BIG5, Encoding, GB18030, GBK, UTF_8};

/// How many leading bytes are searched for a `<meta>` charset declaration.
pub const META_PRESCAN_BYTES: usize = 4096;

/// Text decoded from a page's bytes, with the name of the encoding used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// The decoded text (malformed sequences replaced by U+FFFD).
    pub text: String,
    /// The encoding's name as encoding_rs spells it, e.g. `UTF-8`, `gb18030`, `Big5`.
    pub encoding: &'static str,
}

/// Decodes page bytes to text: HTTP charset, then BOM, then `<meta>`, then detection.
pub fn decode_html(bytes: &[u8], content_type: Option<&str>) -> Decoded {
    let encoding = choose_encoding(bytes, content_type);
    let (text, _had_errors) = encoding.decode_with_bom_removal(bytes);
    Decoded { text: text.into_owned(), encoding: encoding.name() }
}

/// Returns the encoding to decode `bytes` with.
fn choose_encoding(bytes: &[u8], content_type: Option<&str>) -> &'static Encoding {
    if let Some((bom_encoding, _)) = Encoding::for_bom(bytes) {
        // A BOM is more specific than a header a server sends for every page.
        if content_type.and_then(charset_from_content_type).is_none() {
            return bom_encoding;
        }
    }
    let declared = content_type
        .and_then(charset_from_content_type)
        .or_else(|| Encoding::for_bom(bytes).map(|(encoding, _)| encoding))
        .or_else(|| charset_from_meta(&bytes[..bytes.len().min(META_PRESCAN_BYTES)]));
    if let Some(declared) = declared {
        if declared != UTF_8 && is_non_ascii_utf8(bytes) {
            return UTF_8;
        }
        return declared;
    }
    let mut detector = chardetng::EncodingDetector::new();
    detector.feed(bytes, true);
    normalize(detector.guess(None, true))
}

/// Maps an encoding to the one we decode it as: GBK → GB18030; UTF-16 declared in markup → UTF-8.
fn normalize(encoding: &'static Encoding) -> &'static Encoding {
    if encoding == GBK { GB18030 } else { encoding }
}

fn encoding_for_label(label: &str) -> Option<&'static Encoding> {
    let label = label.trim().trim_matches(['"', '\'']).trim();
    let lower = label.to_ascii_lowercase();
    // encoding_rs knows the WHATWG labels; a few that Chinese servers send are not among them.
    let mapped = match lower.as_str() {
        "gb_2312" | "gb2312-80" | "euc-cn" | "cp936" | "gbk2312" => Some(GB18030),
        "big5-hkscs" | "cp950" | "big-5" => Some(BIG5),
        "utf8" => Some(UTF_8),
        _ => None,
    };
    mapped.or_else(|| Encoding::for_label(lower.as_bytes())).map(normalize)
}

/// Returns the encoding named by a `Content-Type` header's `charset` parameter.
fn charset_from_content_type(content_type: &str) -> Option<&'static Encoding> {
    for parameter in content_type.split(';').skip(1) {
        let Some((name, value)) = parameter.split_once('=') else {
            continue;
        };
        if name.trim().eq_ignore_ascii_case("charset") {
            return encoding_for_label(value);
        }
    }
    None
}

/// Returns the encoding a `<meta>` tag in `prefix` declares (`charset=` inside a `<meta …>` tag).
fn charset_from_meta(prefix: &[u8]) -> Option<&'static Encoding> {
    let lower: Vec<u8> = prefix.iter().map(u8::to_ascii_lowercase).collect();
    let mut search_from = 0;
    while let Some(offset) = find(&lower[search_from..], b"<meta") {
        let tag_start = search_from + offset;
        let tag_end = find(&lower[tag_start..], b">").map_or(lower.len(), |end| tag_start + end);
        let tag = &lower[tag_start..tag_end];
        if let Some(charset_at) = find(tag, b"charset") {
            let mut rest = &tag[charset_at + b"charset".len()..];
            rest = trim_start(rest);
            if let Some(after_equals) = rest.strip_prefix(b"=") {
                let value = trim_start(after_equals);
                let value = value.strip_prefix(b"\"").or_else(|| value.strip_prefix(b"'")).unwrap_or(value);
                let label_len = value
                    .iter()
                    .position(|byte| !(byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b':' | b'.')))
                    .unwrap_or(value.len());
                let label = String::from_utf8_lossy(&value[..label_len]);
                if let Some(encoding) = encoding_for_label(&label) {
                    // WHATWG: a UTF-16 label in markup means UTF-8 (the markup itself is ASCII-compatible).
                    if encoding == encoding_rs::UTF_16LE || encoding == encoding_rs::UTF_16BE {
                        return Some(UTF_8);
                    }
                    return Some(encoding);
                }
            }
        }
        search_from = tag_start + b"<meta".len();
    }
    None
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|window| window == needle)
}

fn trim_start(bytes: &[u8]) -> &[u8] {
    let start = bytes.iter().position(|byte| !byte.is_ascii_whitespace()).unwrap_or(bytes.len());
    &bytes[start..]
}

fn is_non_ascii_utf8(bytes: &[u8]) -> bool {
    !bytes.is_ascii() && std::str::from_utf8(bytes).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gbk_bytes(text: &str) -> Vec<u8> {
        GB18030.encode(text).0.into_owned()
    }

    #[test]
    fn header_charset_wins() {
        let bytes = gbk_bytes("<p>养老服务</p>");
        let decoded = decode_html(&bytes, Some("text/html; charset=GB2312"));
        assert_eq!(decoded.text, "<p>养老服务</p>");
        assert_eq!(decoded.encoding, "gb18030");
    }

    #[test]
    fn meta_charset_is_read() {
        let mut bytes = b"<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=gbk\">".to_vec();
        bytes.extend(gbk_bytes("<title>居家养老服务</title>"));
        let decoded = decode_html(&bytes, None);
        assert!(decoded.text.contains("居家养老服务"));
        assert_eq!(decoded.encoding, "gb18030");
    }

    #[test]
    fn html5_meta_charset_is_read() {
        let mut bytes = b"<meta charset='big5'>".to_vec();
        bytes.extend(BIG5.encode("長照服務").0.iter());
        let decoded = decode_html(&bytes, None);
        assert!(decoded.text.contains("長照服務"));
        assert_eq!(decoded.encoding, "Big5");
    }

    #[test]
    fn gbk_without_any_declaration_is_detected() {
        let bytes = gbk_bytes(
            "<html><body><p>为进一步推进养老服务体系建设，现就有关事项通知如下。各地民政部门要高度重视。</p></body></html>",
        );
        let decoded = decode_html(&bytes, None);
        assert!(decoded.text.contains("养老服务体系建设"), "{}", decoded.text);
        assert_eq!(decoded.encoding, "gb18030");
    }

    #[test]
    fn bom_is_honoured_and_removed() {
        let mut bytes = vec![0xEF, 0xBB, 0xBF];
        bytes.extend("养老".as_bytes());
        let decoded = decode_html(&bytes, None);
        assert_eq!(decoded.text, "养老");
        assert_eq!(decoded.encoding, "UTF-8");
    }

    #[test]
    fn mislabelled_utf8_is_decoded_as_utf8() {
        let bytes = "<meta charset=gb2312><p>养老服务</p>".as_bytes();
        assert_eq!(decode_html(bytes, None).encoding, "UTF-8");
    }

    #[test]
    fn unknown_labels_fall_back_to_detection() {
        let decoded = decode_html("<p>养老</p>".as_bytes(), Some("text/html; charset=nonsense"));
        assert_eq!(decoded.text, "<p>养老</p>");
    }

    #[test]
    fn arbitrary_bytes_never_panic() {
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        for length in 0..300 {
            let bytes: Vec<u8> = (0..length)
                .map(|_| {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    (state >> 24) as u8
                })
                .collect();
            let _ = decode_html(&bytes, Some("text/html; charset="));
            let _ = decode_html(&bytes, None);
        }
    }
}
