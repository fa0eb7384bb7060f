//! Document kind: policy, interpretation (解读), news or other.

use corpus::Kind;

/// Title words that make a government page a policy document.
const POLICY_TITLE_WORDS: &[&str] = &[
    "通知", "意见", "办法", "方案", "条例", "规定", "决定", "規定", "辦法", "決定", "細則", "细则", "规划", "規劃",
    "批复", "通报", "公告", "令",
];

/// Title words that make a page an interpretation.
const INTERPRETATION_WORDS: &[&str] = &["解读", "解讀", "答记者问", "答記者問", "图解", "一图读懂", "一圖讀懂"];

/// What [`classify`] looks at.
pub struct KindInput<'a> {
    /// The article title.
    pub title: &'a str,
    /// Whether a 文号 was found.
    pub has_doc_number: bool,
    /// Whether the page is on a government site (`*.gov.cn`, `*.gov.tw`, …) or has a gov info table.
    pub on_government_site: bool,
    /// Whether a publish date or a source was found (news pages state them).
    pub has_news_metadata: bool,
}

/// Classifies a document.
pub fn classify(input: &KindInput<'_>) -> Kind {
    if INTERPRETATION_WORDS.iter().any(|word| input.title.contains(word)) {
        return Kind::Interpretation;
    }
    if input.has_doc_number {
        return Kind::Policy;
    }
    if input.on_government_site && POLICY_TITLE_WORDS.iter().any(|word| title_ends_with_genre(input.title, word)) {
        return Kind::Policy;
    }
    if input.has_news_metadata {
        return Kind::News;
    }
    Kind::Other
}

/// True when the genre word ends the title (`…的通知`), possibly before a closing bracket,
/// so a news headline merely mentioning a notice does not count.
fn title_ends_with_genre(title: &str, word: &str) -> bool {
    let trimmed = title.trim().trim_end_matches(['）', ')', '》', '”', '"']);
    let trimmed = match trimmed.rfind(['（', '(']) {
        // `…的意见（试行）`
        Some(open) if trimmed.len() - open <= 12 => trimmed[..open].trim_end(),
        _ => trimmed,
    };
    trimmed.ends_with(word)
}

/// Returns true for government hosts.
pub fn is_government_host(host: &str) -> bool {
    let host = host.to_ascii_lowercase();
    host.ends_with(".gov.cn")
        || host == "gov.cn"
        || host.ends_with(".gov.tw")
        || host.ends_with(".gov.hk")
        || host.ends_with(".gov.mo")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind_of(title: &str, has_doc_number: bool, on_government_site: bool) -> Kind {
        classify(&KindInput { title, has_doc_number, on_government_site, has_news_metadata: true })
    }

    #[test]
    fn policy_rules() {
        assert_eq!(kind_of("关于推进养老服务发展的意见", true, false), Kind::Policy);
        assert_eq!(kind_of("民政部关于加强养老服务安全管理的通知", false, true), Kind::Policy);
        assert_eq!(kind_of("养老机构管理办法（试行）", false, true), Kind::Policy);
        assert_eq!(kind_of("民政部关于加强养老服务安全管理的通知", false, false), Kind::News);
        assert_eq!(kind_of("市民政局召开会议传达通知精神", false, true), Kind::News);
    }

    #[test]
    fn interpretation_first() {
        assert_eq!(kind_of("《养老机构管理办法》解读", false, true), Kind::Interpretation);
    }

    #[test]
    fn other_without_metadata() {
        assert_eq!(
            classify(&KindInput {
                title: "关于我们",
                has_doc_number: false,
                on_government_site: false,
                has_news_metadata: false
            }),
            Kind::Other
        );
    }

    #[test]
    fn government_hosts() {
        assert!(is_government_host("www.mca.gov.cn"));
        assert!(!is_government_host("gov.cn.example.com"));
    }
}
