//! Duplicate detection.
//!
//! - **Exact duplicates** — the same normalized text (whitespace and punctuation removed) — are
//!   stored once: [`ExactIndex`] is checked before a document is written.
//! - **Near-duplicates** — reposts on other sites — are linked into clusters by
//!   [`assign_clusters`]: 64-bit simhash over character 4-gram shingles (jieba lives in the
//!   indexer; character shingles work as well for Chinese). Policy pages are short, so a few
//!   added lines move the simhash more than Manku et al.'s 3 bits for web pages: a distance ≤
//!   [`MAX_SIMHASH_DISTANCE`] only makes a candidate, confirmed when at least
//!   [`MIN_CONTAINMENT`] of the smaller text's shingles are in the other (a repost adds a header
//!   and a footer, it does not remove the text). A repost that names its original (本文出处 / 来源 →
//!   `original_url`) is linked to it directly, whatever its script. The canonical member is the
//!   page the others name as original, else the earliest; the others get `cluster` = its id.
//! - **Not duplicates**: the same regulation text issued by two provinces. Two documents with
//!   different issuers, different 文号, different primary regions, or different provinces named
//!   in their titles are never merged ([`same_issuance`]).

use std::collections::{BTreeMap, HashMap, HashSet};

use corpus::Document;
use sha2::{Digest, Sha256};

/// Largest simhash Hamming distance between near-duplicates.
pub const MAX_SIMHASH_DISTANCE: u32 = 12;
/// Smallest share of the smaller document's shingles found in the other for near-duplicates.
pub const MIN_CONTAINMENT: f64 = 0.8;
/// Shorter bodies (in characters, normalized) are never near-duplicates: too little text.
pub const MIN_NEAR_DUPLICATE_CHARS: usize = 60;
const SHINGLE_CHARS: usize = 4;

/// Province-level names as they appear in titles (short forms).
const PROVINCES: &[&str] = &[
    "北京",
    "天津",
    "河北",
    "山西",
    "内蒙古",
    "辽宁",
    "吉林",
    "黑龙江",
    "上海",
    "江苏",
    "浙江",
    "安徽",
    "福建",
    "江西",
    "山东",
    "河南",
    "湖北",
    "湖南",
    "广东",
    "广西",
    "海南",
    "重庆",
    "四川",
    "贵州",
    "云南",
    "西藏",
    "陕西",
    "甘肃",
    "青海",
    "宁夏",
    "新疆",
    "香港",
    "澳门",
    "台湾",
];

/// Returns the text used for duplicate detection: the body without whitespace and punctuation.
pub fn normalized_text(body: &str) -> String {
    body.chars().filter(|character| !character.is_whitespace() && !is_punctuation(*character)).collect()
}

fn is_punctuation(character: char) -> bool {
    character.is_ascii_punctuation()
        || matches!(character, '\u{3000}'..='\u{303F}' | '\u{FF00}'..='\u{FF0F}' | '\u{FF1A}'..='\u{FF20}' | '\u{2010}'..='\u{2027}')
}

/// Returns the hash of a document's normalized text (16 hex digits).
pub fn content_hash(body: &str) -> String {
    let digest = Sha256::digest(normalized_text(body).as_bytes());
    digest[..8].iter().map(|byte| format!("{byte:02x}")).collect()
}

/// FNV-1a, 64 bits: stable across Rust versions (unlike `DefaultHasher`).
fn fnv1a(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in bytes {
        hash ^= u64::from(*byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

/// Returns the simhash of a text over its character 4-gram shingles.
pub fn simhash(text: &str) -> u64 {
    let characters: Vec<char> = normalized_text(text).chars().collect();
    let mut weights = [0i64; 64];
    let mut shingle = String::new();
    for window in characters.windows(SHINGLE_CHARS.min(characters.len().max(1))) {
        shingle.clear();
        shingle.extend(window);
        let hash = fnv1a(shingle.as_bytes());
        for (bit, weight) in weights.iter_mut().enumerate() {
            if hash & (1 << bit) != 0 {
                *weight += 1;
            } else {
                *weight -= 1;
            }
        }
    }
    let mut fingerprint = 0u64;
    for (bit, weight) in weights.iter().enumerate() {
        if *weight > 0 {
            fingerprint |= 1 << bit;
        }
    }
    fingerprint
}

/// Returns the hashed character shingles of a text.
fn shingles(text: &str) -> HashSet<u64> {
    let characters: Vec<char> = normalized_text(text).chars().collect();
    let mut set = HashSet::new();
    let mut shingle = String::new();
    for window in characters.windows(SHINGLE_CHARS.min(characters.len().max(1))) {
        shingle.clear();
        shingle.extend(window);
        set.insert(fnv1a(shingle.as_bytes()));
    }
    set
}

/// Returns the share of the smaller set found in the larger.
fn containment(first: &HashSet<u64>, second: &HashSet<u64>) -> f64 {
    let (smaller, larger) = if first.len() <= second.len() { (first, second) } else { (second, first) };
    if smaller.is_empty() {
        return 0.0;
    }
    let shared = smaller.iter().filter(|shingle| larger.contains(shingle)).count();
    shared as f64 / smaller.len() as f64
}

fn squeeze(text: &str) -> String {
    normalized_text(text).to_lowercase()
}

fn provinces_named(title: &str) -> Vec<&'static str> {
    PROVINCES.iter().copied().filter(|province| title.contains(province)).collect()
}

/// Returns whether two documents can be the same issuance (so may be duplicates): no differing
/// issuer, 文号, primary region, or province named in the title.
pub fn same_issuance(first: &Document, second: &Document) -> bool {
    let differ = |left: &Option<String>, right: &Option<String>| match (left, right) {
        (Some(left), Some(right)) => squeeze(left) != squeeze(right),
        _ => false,
    };
    if differ(&first.issuer, &second.issuer) || differ(&first.doc_number, &second.doc_number) {
        return false;
    }
    let first_region = first.regions.as_ref().and_then(|regions| regions.primary.as_ref()).map(|region| &region.code);
    let second_region = second.regions.as_ref().and_then(|regions| regions.primary.as_ref()).map(|region| &region.code);
    if let (Some(left), Some(right)) = (first_region, second_region)
        && left != right
    {
        return false;
    }
    let first_provinces = provinces_named(&first.title);
    let second_provinces = provinces_named(&second.title);
    if !first_provinces.is_empty() && !second_provinces.is_empty() && first_provinces != second_provinces {
        return false;
    }
    true
}

/// The exact-duplicate index of the stored documents.
#[derive(Debug, Default)]
pub struct ExactIndex {
    by_hash: HashMap<String, Vec<Document>>,
}

impl ExactIndex {
    /// Adds a stored document (only the fields [`same_issuance`] reads are kept).
    pub fn insert(&mut self, document: &Document) {
        let summary = Document {
            id: document.id.clone(),
            url: document.url.clone(),
            title: document.title.clone(),
            issuer: document.issuer.clone(),
            doc_number: document.doc_number.clone(),
            regions: document.regions.clone(),
            ..Document::default()
        };
        let entries = self.by_hash.entry(content_hash(&document.body)).or_default();
        entries.retain(|known| known.id != summary.id);
        entries.push(summary);
    }

    /// Returns the id of a stored document (another id) with the same text and issuance.
    pub fn duplicate_of(&self, document: &Document) -> Option<String> {
        let entries = self.by_hash.get(&content_hash(&document.body))?;
        entries
            .iter()
            .find(|known| known.id != document.id && same_issuance(known, document))
            .map(|known| known.id.clone())
    }
}

/// Computes the near-duplicate clusters of a corpus and sets each document's `cluster` (the
/// canonical member's id for the others, `None` for the canonical one and for singletons).
/// Several versions of one id count as one document. Returns whether any document changed.
pub fn assign_clusters(documents: &mut [Document]) -> bool {
    // The latest version of each id stands for it.
    let mut representative: BTreeMap<String, usize> = BTreeMap::new();
    for (index, document) in documents.iter().enumerate() {
        representative.insert(document.id.clone(), index);
    }
    let members: Vec<usize> = representative.values().copied().collect();
    let mut parent: Vec<usize> = (0..members.len()).collect();
    let position_of_url: HashMap<String, usize> = members
        .iter()
        .enumerate()
        .filter_map(|(position, index)| Some((normalized_url(documents[*index].url.as_deref()?)?, position)))
        .collect();
    let mut names_original: Vec<Option<usize>> = vec![None; members.len()];

    // Explicit reposts: the page names its original.
    for (position, index) in members.iter().enumerate() {
        let Some(original) = documents[*index].original_url.as_deref().and_then(normalized_url) else {
            continue;
        };
        if let Some(original_position) = position_of_url.get(&original).copied().filter(|other| *other != position) {
            names_original[position] = Some(original_position);
            union(&mut parent, position, original_position);
        }
    }

    // Near-duplicates by simhash, candidates by banding.
    let fingerprints: Vec<Option<u64>> = members
        .iter()
        .map(|index| {
            let body = &documents[*index].body;
            (normalized_text(body).chars().count() >= MIN_NEAR_DUPLICATE_CHARS).then(|| simhash(body))
        })
        .collect();
    // Pairwise XOR-popcount is a few nanoseconds: 10,000 documents take well under a second,
    // so no banding is needed at our corpus sizes.
    let mut shingle_sets: HashMap<usize, HashSet<u64>> = HashMap::new();
    for first in 0..members.len() {
        let Some(left) = fingerprints[first] else {
            continue;
        };
        for second in first + 1..members.len() {
            let Some(right) = fingerprints[second] else {
                continue;
            };
            if (left ^ right).count_ones() > MAX_SIMHASH_DISTANCE {
                continue;
            }
            let first_document = &documents[members[first]];
            let second_document = &documents[members[second]];
            if !same_issuance(first_document, second_document) {
                continue;
            }
            let first_set = shingle_sets.entry(first).or_insert_with(|| shingles(&first_document.body)).clone();
            let second_set = shingle_sets.entry(second).or_insert_with(|| shingles(&second_document.body));
            if containment(&first_set, second_set) >= MIN_CONTAINMENT {
                union(&mut parent, first, second);
            }
        }
    }

    // Canonical member per cluster: the most-named original, else the earliest.
    let mut clusters: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for position in 0..members.len() {
        let root = find(&mut parent, position);
        clusters.entry(root).or_default().push(position);
    }
    let mut cluster_of_id: HashMap<String, Option<String>> = HashMap::new();
    for positions in clusters.values() {
        if positions.len() < 2 {
            let id = documents[members[positions[0]]].id.clone();
            cluster_of_id.insert(id, None);
            continue;
        }
        let mut named_count: HashMap<usize, usize> = HashMap::new();
        for position in positions {
            if let Some(original) = names_original[*position] {
                *named_count.entry(original).or_default() += 1;
            }
        }
        let canonical = positions
            .iter()
            .copied()
            .min_by_key(|position| {
                let document = &documents[members[*position]];
                let named = named_count.get(position).copied().unwrap_or(0);
                let is_repost = names_original[*position].is_some();
                (
                    std::cmp::Reverse(named),
                    is_repost,
                    document.published.clone().unwrap_or_else(|| "9999".into()),
                    document.fetched_at.clone().unwrap_or_default(),
                    document.id.clone(),
                )
            })
            .expect("a cluster has at least two members");
        let canonical_id = documents[members[canonical]].id.clone();
        for position in positions {
            let id = documents[members[*position]].id.clone();
            let cluster = (*position != canonical).then(|| canonical_id.clone());
            cluster_of_id.insert(id, cluster);
        }
    }

    let mut changed = false;
    for document in documents.iter_mut() {
        let cluster = cluster_of_id.get(&document.id).cloned().flatten();
        if document.cluster != cluster {
            document.cluster = cluster;
            changed = true;
        }
    }
    changed
}

fn normalized_url(url: &str) -> Option<String> {
    crate::urlnorm::normalize_str(url).ok().map(|url| url.to_string())
}

fn find(parent: &mut [usize], mut node: usize) -> usize {
    while parent[node] != node {
        parent[node] = parent[parent[node]];
        node = parent[node];
    }
    node
}

fn union(parent: &mut [usize], first: usize, second: usize) {
    let first_root = find(parent, first);
    let second_root = find(parent, second);
    if first_root != second_root {
        parent[first_root.max(second_root)] = first_root.min(second_root);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const REGULATION: &str = "第一条 为了规范养老服务，满足老年人基本养老服务需求，提升养老服务质量，根据有关法律、行政法规，结合本省实际，制定本条例。\n第二条 本条例适用于本省行政区域内的养老服务及其监督管理活动。本条例所称养老服务，是指在家庭成员承担赡养、扶养义务基础上，由政府、社会等为老年人提供的生活照料、康复护理、健康管理、精神慰藉、紧急救援等服务。";

    fn document(id: &str, url: &str, title: &str, body: &str) -> Document {
        Document { id: id.into(), url: Some(url.into()), title: title.into(), body: body.into(), ..Default::default() }
    }

    #[test]
    fn exact_duplicates_ignore_spacing_and_punctuation() {
        let mut index = ExactIndex::default();
        index.insert(&document("a", "http://a.cn/1", "养老服务条例", REGULATION));
        let spaced = REGULATION.replace('，', ", ").replace('\n', "\n\n  ");
        let copy = document("b", "http://b.cn/1", "养老服务条例", &spaced);
        assert_eq!(index.duplicate_of(&copy).as_deref(), Some("a"));
        let mut other_issuer = copy.clone();
        other_issuer.issuer = Some("浙江省人民代表大会常务委员会".into());
        let mut first = document("c", "http://c.cn/1", "养老服务条例", REGULATION);
        first.issuer = Some("江苏省人民代表大会常务委员会".into());
        let mut issuers = ExactIndex::default();
        issuers.insert(&first);
        assert_eq!(issuers.duplicate_of(&other_issuer), None, "help: two provinces' issuances stay apart");
    }

    #[test]
    fn near_duplicates_cluster_under_the_named_original_else_the_earliest() {
        let edited = format!("{REGULATION}（转载请注明出处）");
        let mut original = document("orig", "http://a.cn/1", "养老服务条例", REGULATION);
        original.published = Some("2024-01-02".into());
        let mut repost = document("repost", "http://b.cn/1", "养老服务条例（转）", &edited);
        repost.published = Some("2024-01-01".into());
        repost.original_url = Some("http://a.cn/1#x".into());
        let lonely = document(
            "other",
            "http://c.cn/1",
            "其他",
            "完全不同的内容，关于社区居家养老服务网点建设的通知，请各地认真贯彻落实，确保取得实效并按时报送。",
        );
        let mut documents = vec![repost, original, lonely];
        assert!(assign_clusters(&mut documents));
        assert_eq!(documents[0].cluster.as_deref(), Some("orig"));
        assert_eq!(documents[1].cluster, None);
        assert_eq!(documents[2].cluster, None);

        let mut early = document("early", "http://a.cn/2", "养老服务条例", REGULATION);
        early.published = Some("2023-05-01".into());
        let mut late = document("late", "http://b.cn/2", "养老服务条例", &edited);
        late.published = Some("2023-06-01".into());
        let mut documents = vec![late, early];
        assign_clusters(&mut documents);
        assert_eq!(documents[0].cluster.as_deref(), Some("early"));
        assert!(!assign_clusters(&mut documents), "help: a second run changes nothing");
    }

    #[test]
    fn provinces_in_titles_keep_the_same_text_apart() {
        let mut documents = vec![
            document("js", "http://js.cn/1", "江苏省养老服务条例", REGULATION),
            document("zj", "http://zj.cn/1", "浙江省养老服务条例", REGULATION),
        ];
        assign_clusters(&mut documents);
        assert!(documents.iter().all(|document| document.cluster.is_none()));
    }

    #[test]
    fn simhash_is_close_for_small_edits_and_far_for_other_texts() {
        let base = simhash(REGULATION);
        let edited = simhash(&format!("{REGULATION}本条例自公布之日起施行。"));
        let other = simhash(
            "关于做好2024年全国老龄工作的通知，各省、自治区、直辖市老龄工作委员会：为深入贯彻落实积极应对人口老龄化国家战略。",
        );
        assert!((base ^ edited).count_ones() <= MAX_SIMHASH_DISTANCE, "{}", (base ^ edited).count_ones());
        assert!((base ^ other).count_ones() > MAX_SIMHASH_DISTANCE);
        let with_header = shingles(&format!("转载自某网站。{REGULATION}"));
        assert!(containment(&shingles(REGULATION), &with_header) > 0.95);
    }
}
