//! Re-ranking the best candidates by proximity and verbatim overlap with the query.
//!
//! BM25 scores terms independently; a question's answer is the document where the question's
//! words stand *together*. For the top candidates this adds (see `../shared/notes/relevance.md`):
//! - proximity: the largest idf-weighted share of the query's distinct character bigrams that
//!   fall inside one window of [`PROXIMITY_WINDOW_CHARS`] characters;
//! - verbatim overlap: the longest run of the query found verbatim in the document, as a share
//!   of the query's length;
//! - place: a bonus when the document is about a province or city typed as a keyword (its
//!   primary region lies there), whether or not it writes the name; and, for a question naming a
//!   place, a penalty when the document's headline names another province and not that place
//!   (national ones are not penalized).
//!
//! For keyword queries, a document more of whose text is about the typed words (not places) ranks
//! up by its [`topic_share`].
//!
//! Candidates are then sorted by [`Tier`] before score. A candidate whose title the query types in
//! full ([`typed_titles`]) comes first. Below the others go candidates in which a typed word occurs
//! only inside a longer term that hides it (老化 in 适老化, [`crate::search::inner_words`]), those of
//! a keyword query naming a place that never tie its topic to that place
//! ([`crate::search::topic_place::ties_topic_to_place`]), and those of a question that write none
//! of its specific eldercare terms ([`misses_every_term`]).
//!
//! A query asking for a topic across places (各省, 各地) then has its candidates take turns by
//! province ([`diversify_by_province`]).
//!
//! The BM25 score is divided by the best candidate's, so the three parts are on one scale.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use corpus::Document;

use crate::analysis::normalize;
use crate::analysis::pinyin::is_han;

/// Candidates re-ranked (the rest keep their BM25 order below them).
pub const RERANK_CANDIDATES: usize = 30;
/// Width of the proximity window in characters.
pub const PROXIMITY_WINDOW_CHARS: usize = 300;
/// Weight of the proximity share.
pub const PROXIMITY_WEIGHT: f32 = 2.0;
/// Weight of the verbatim share.
pub const VERBATIM_WEIGHT: f32 = 1.0;

/// Bonus of a document about a place the query names (a province or city typed as a keyword):
/// as much as the proximity of a place name it may never write.
pub const PLACE_WEIGHT: f32 = 1.0;

/// Score a candidate loses when a question names a place and the candidate's headline names
/// another province (0.2–0.6 all helped the dev questions a little, most at 0.4–0.6; a bonus for the
/// named place instead cost 0.015).
pub const OTHER_PROVINCE_PENALTY: f32 = 0.4;

/// Characters of a document's opening (title, then body) read as its headline for the place
/// penalty. The primary region of a text without title or publisher comes from the places its
/// body names most, which a notice of one province quoting the national situation gets wrong
/// (武汉 named throughout); its headline names its own place. 20–150 all helped the dev questions.
pub const HEADLINE_CHARS: usize = 60;

/// Weight of the topic share ([`topic_share`]) for keyword queries.
pub const TOPIC_WEIGHT: f32 = 1.0;
/// Length of the stretches of text whose share holds a topic word.
pub const TOPIC_CHUNK_CHARS: usize = 200;

/// Score a candidate loses for each better-placed candidate about the same province, when the
/// query asks for a topic across places (各省, 各地).
pub const SAME_PROVINCE_PENALTY: f32 = 0.5;

/// The query side of re-ranking: distinct bigrams with their idf, in query order.
pub struct RerankQuery {
    bigrams: Vec<(String, f32)>,
    total_idf: f32,
    query_chars: usize,
}

impl RerankQuery {
    /// Prepares a query text (normalized, question words cut) with an idf lookup for bigrams.
    pub fn new(query_text: &str, idf: impl Fn(&str) -> f32) -> Option<RerankQuery> {
        let chars: Vec<char> = query_text.chars().collect();
        let mut bigrams: Vec<(String, f32)> = Vec::new();
        for window in chars.windows(2) {
            if !(is_han(window[0]) && is_han(window[1])) {
                continue;
            }
            let gram: String = window.iter().collect();
            if !bigrams.iter().any(|(existing, _)| *existing == gram) {
                let weight = idf(&gram);
                bigrams.push((gram, weight));
            }
        }
        let total_idf: f32 = bigrams.iter().map(|(_, weight)| weight).sum();
        let query_chars = chars.iter().filter(|c| is_han(**c)).count();
        (bigrams.len() >= 2 && total_idf > 0.0).then_some(RerankQuery { bigrams, total_idf, query_chars })
    }

    /// Returns proximity and verbatim shares (each in 0..=1) for a document text, normalized by
    /// the analysis chain.
    pub fn features(&self, normalized: &str) -> (f32, f32) {
        let doc_chars: Vec<char> = normalized.chars().collect();
        let mut index_of: HashMap<u64, usize, BuildHasherDefault<PairHasher>> = HashMap::default();
        for (index, (gram, _)) in self.bigrams.iter().enumerate() {
            let mut chars = gram.chars();
            if let (Some(first), Some(second)) = (chars.next(), chars.next()) {
                index_of.insert(pair_key(first, second), index);
            }
        }
        let mut occurrences: Vec<(usize, usize)> = Vec::new();
        for (position, window) in doc_chars.windows(2).enumerate() {
            if let Some(&bigram) = index_of.get(&pair_key(window[0], window[1])) {
                occurrences.push((position, bigram));
            }
        }
        (self.proximity(&occurrences), self.verbatim(&occurrences))
    }

    fn proximity(&self, occurrences: &[(usize, usize)]) -> f32 {
        let mut counts = vec![0u32; self.bigrams.len()];
        let mut covered = 0.0f32;
        let mut best = 0.0f32;
        let mut first = 0;
        for &(position, bigram) in occurrences {
            if counts[bigram] == 0 {
                covered += self.bigrams[bigram].1;
            }
            counts[bigram] += 1;
            while position - occurrences[first].0 >= PROXIMITY_WINDOW_CHARS {
                let leaving = occurrences[first].1;
                counts[leaving] -= 1;
                if counts[leaving] == 0 {
                    covered -= self.bigrams[leaving].1;
                }
                first += 1;
            }
            best = best.max(covered);
        }
        (best / self.total_idf).clamp(0.0, 1.0)
    }

    /// Longest chain of query bigrams that follow each other in the query and in the document.
    fn verbatim(&self, occurrences: &[(usize, usize)]) -> f32 {
        let mut run_ending_at: HashMap<(usize, usize), usize> = HashMap::new();
        let mut longest = 0;
        for &(position, bigram) in occurrences {
            let previous = if bigram > 0 && position > 0 {
                run_ending_at.get(&(position - 1, bigram - 1)).copied().unwrap_or(0)
            } else {
                0
            };
            let run = previous + 1;
            run_ending_at.insert((position, bigram), run);
            longest = longest.max(run);
        }
        if longest == 0 {
            return 0.0;
        }
        ((longest + 1) as f32 / self.query_chars.max(2) as f32).clamp(0.0, 1.0)
    }
}

fn pair_key(first: char, second: char) -> u64 {
    (u64::from(first) << 32) | u64::from(second)
}

/// A multiplicative hasher for the two-character keys of [`pair_key`] (SipHash dominated profiles).
#[derive(Default)]
struct PairHasher(u64);

impl Hasher for PairHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for byte in bytes {
            self.0 = (self.0.rotate_left(5) ^ u64::from(*byte)).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
    }

    fn write_u64(&mut self, value: u64) {
        self.0 = (value ^ (value >> 29)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

/// True when the document's primary region lies within one of the places (facet paths such as
/// `/江苏省` or `/江苏省/南京市`) that the query names.
pub fn is_about_place(document: &Document, places: &[String]) -> bool {
    let Some(primary) = document.regions.as_ref().and_then(|regions| regions.primary.as_ref()) else {
        return false;
    };
    let path = primary.facet_path();
    places.iter().any(|place| lies_within(&path, place))
}

/// True when the facet path `path` (`/江苏省/南京市`) is `place` (`/江苏省`) or lies inside it.
pub(crate) fn lies_within(path: &str, place: &str) -> bool {
    path == place || path.strip_prefix(place).is_some_and(|rest| rest.starts_with('/'))
}

/// True when `places` (facet paths a question names) is not empty and the document is of a
/// province in which no place of `places` lies. Its headline (the first [`HEADLINE_CHARS`]
/// characters of `normalized`, its title and body as the analysis chain normalizes them) decides
/// when it names a place: another province and not one of `places`. A headline
/// naming no place leaves it to the region tag, but only when a publisher (source or issuer) gave
/// the tag: without one, the tag of a text is the place its body names most, which a province's
/// notice recounting the national situation (武汉 throughout) gets wrong. National documents are
/// never penalized.
pub fn names_another_province(document: &Document, normalized: &str, places: &[String]) -> bool {
    if places.is_empty() {
        return false;
    }
    let headline: String = normalized.trim_start().chars().take(HEADLINE_CHARS).collect();
    let mentions = corpus::regions::tag_text(&headline).mentions;
    let is_another_province = |province: &str| {
        let province = format!("/{province}");
        !places.iter().any(|place| lies_within(place, &province))
    };
    if !mentions.is_empty() {
        let names_the_place =
            mentions.iter().any(|mention| places.iter().any(|place| lies_within(&mention.region.facet_path(), place)));
        return !names_the_place && mentions.iter().any(|mention| is_another_province(&mention.region.province));
    }
    let primary = document.regions.as_ref().and_then(|regions| regions.primary.as_ref());
    document.has_publisher() && primary.is_some_and(|primary| is_another_province(&primary.province))
}

/// How a candidate stands to the places of the query.
#[derive(Debug, Clone, Copy, Default)]
pub struct PlaceFit {
    /// About a place typed as a keyword or filtered on.
    pub about_place: bool,
    /// Headlined with another province than the places a question names.
    pub about_another_province: bool,
}

/// Combines a BM25 score (already divided by the best one) with the two shares and the place fit.
pub fn combined_score(relative_bm25: f32, proximity: f32, verbatim: f32, place: PlaceFit) -> f32 {
    let place_bonus = if place.about_place { PLACE_WEIGHT } else { 0.0 };
    let place_penalty = if place.about_another_province { OTHER_PROVINCE_PENALTY } else { 0.0 };
    relative_bm25 + PROXIMITY_WEIGHT * proximity + VERBATIM_WEIGHT * verbatim + place_bonus - place_penalty
}

/// How much of a document is about the topic a keyword query names: for each topic (a typed word
/// and its synonyms), the share of the document's stretches of [`TOPIC_CHUNK_CHARS`] characters
/// (normalized text) in which one of its words starts; the shares are averaged with the topics'
/// weights (their rarity), so that a common word (管理) cannot stand in for a rare one (养老机构).
/// BM25 saturates after a few occurrences and divides by length, so a law about old age that
/// writes 养老 74 times and one that writes it 4 times in a clause on pensions score alike; their
/// shares are 0.54 and 0.17.
pub fn topic_share(normalized: &str, topics: &[(Vec<String>, f32)]) -> f32 {
    let total_weight: f32 = topics.iter().map(|(_, weight)| weight).sum();
    if total_weight <= 0.0 {
        return 0.0;
    }
    let weighted: f32 = topics.iter().map(|(words, weight)| weight * share_of_stretches(normalized, words)).sum();
    weighted / total_weight
}

/// The share of the stretches of [`TOPIC_CHUNK_CHARS`] characters in which one of `words` starts.
fn share_of_stretches(normalized: &str, words: &[String]) -> f32 {
    let mut starts: Vec<usize> = words
        .iter()
        .filter(|word| !word.is_empty())
        .flat_map(|word| normalized.match_indices(word.as_str()).map(|(byte, _)| byte))
        .collect();
    let char_count = normalized.chars().count();
    if char_count == 0 || starts.is_empty() {
        return 0.0;
    }
    starts.sort_unstable();
    let chunks = char_count.div_ceil(TOPIC_CHUNK_CHARS);
    let mut on_topic = vec![false; chunks];
    let mut next = starts.iter().peekable();
    for (char_index, (byte, _)) in normalized.char_indices().enumerate() {
        while next.next_if(|start| **start == byte).is_some() {
            on_topic[char_index / TOPIC_CHUNK_CHARS] = true;
        }
        if next.peek().is_none() {
            break;
        }
    }
    on_topic.iter().filter(|chunk| **chunk).count() as f32 / chunks as f32
}

/// Where a candidate stands before scores are compared: candidates are sorted by tier, then by score.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Tier {
    /// Its title is the query, or a 《title》 in it (the name of a law typed in full).
    TitleTyped,
    /// Ranked by score.
    Candidate,
    /// Never writes the query's topic, only hides a typed word in longer terms, never ties the
    /// topic to the place a keyword query names, or writes none of a question's specific eldercare
    /// terms ([`misses_every_term`]).
    Below,
}

/// True when `terms` (groups of a term and its synonyms) is not empty and the text holds none of them.
pub fn misses_every_term(normalized: &str, terms: &[Vec<String>]) -> bool {
    !terms.is_empty() && !terms.iter().flatten().any(|term| normalized.contains(term.as_str()))
}

/// The title keys ([`title_key`]) a query types: the whole query, and each 《title》 in it
/// (`《北京市居家养老服务条例》第十条`).
pub fn typed_titles(query_text: &str) -> Vec<String> {
    let quoted = query_text.split('《').skip(1).filter_map(|rest| rest.split_once('》').map(|(title, _)| title));
    let mut keys: Vec<String> = std::iter::once(query_text).chain(quoted).filter_map(title_key).collect();
    keys.dedup();
    keys
}

/// Shortest query (in letters and digits) read as a title typed in full.
pub const MIN_TYPED_TITLE_CHARS: usize = 6;

/// What identifies a title, for comparing one with a typed name: the letters and digits of its
/// normalized, ASCII-lowercased form, without a trailing bracketed note ((2018年修正), (试行)), 《》,
/// or the 中华人民共和国 that national laws are cited without (老年人权益保障法). `None` when fewer
/// than [`MIN_TYPED_TITLE_CHARS`] remain.
pub fn title_key(title: &str) -> Option<String> {
    let mut normalized = normalize(title).trim().to_ascii_lowercase();
    if let Some(short_name) = normalized.strip_prefix("中华人民共和国") {
        normalized = short_name.to_string();
    }
    if normalized.ends_with(')')
        && let Some(open) = normalized.rfind('(')
        && open > 0
    {
        normalized.truncate(open);
    }
    let key: String = normalized.chars().filter(|ch| ch.is_alphanumeric()).collect();
    (key.chars().count() >= MIN_TYPED_TITLE_CHARS).then_some(key)
}

/// The weight of a topic word: the idf of its rarest character bigram (a word is at least as rare
/// as its rarest part), or 1 for a word without one (a single character, Latin letters).
pub fn topic_weight(word: &str, idf: impl Fn(&str) -> f32) -> f32 {
    let chars: Vec<char> = word.chars().collect();
    chars
        .windows(2)
        .filter(|pair| is_han(pair[0]) && is_han(pair[1]))
        .map(|pair| idf(&pair.iter().collect::<String>()))
        .fold(None, |best: Option<f32>, weight| Some(best.map_or(weight, |best| best.max(weight))))
        .unwrap_or(1.0)
}

/// Re-orders candidates sorted best first so that provinces (`province` of a document) take turns:
/// each candidate loses [`SAME_PROVINCE_PENALTY`] for every candidate about its province already
/// placed; documents without a province (national ones) take turns as one group, so that they do
/// not crowd out the provinces. Scores become the penalized ones, so they still descend.
pub fn diversify_by_province(ranked: &mut [(f32, Document, u64)], province: impl Fn(&Document) -> Option<String>) {
    // Documents without a province (national ones) take their turns as one group, keyed "".
    let mut keys: Vec<String> = ranked.iter().map(|(_, document, _)| province(document).unwrap_or_default()).collect();
    let mut placed: HashMap<String, u32> = HashMap::new();
    for position in 0..ranked.len() {
        let penalized = |index: usize| {
            let seen = placed.get(&keys[index]).copied().unwrap_or(0);
            ranked[index].0 - SAME_PROVINCE_PENALTY * seen as f32
        };
        let best = (position..ranked.len())
            .max_by(|&a, &b| penalized(a).total_cmp(&penalized(b)).then(b.cmp(&a)))
            .unwrap_or(position);
        let score = penalized(best);
        ranked[position..=best].rotate_right(1);
        keys[position..=best].rotate_right(1);
        ranked[position].0 = score;
        *placed.entry(keys[position].clone()).or_default() += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn query(text: &str) -> RerankQuery {
        RerankQuery::new(text, |_| 1.0).expect("the query has bigrams")
    }

    #[test]
    fn words_together_score_higher_than_words_apart() {
        let query = query("展会项目支持政策");
        let together = query.features(&normalize("对展会项目支持政策如下"));
        let apart = format!("展会项目{}支持政策", "无关内容".repeat(100));
        let apart = query.features(&normalize(&apart));
        assert!(together.0 > apart.0, "{together:?} vs {apart:?}");
        assert!(together.1 > apart.1);
    }

    fn in_province(id: &str, province: &str) -> Document {
        let region = corpus::Region {
            name: province.into(),
            code: "000000".into(),
            level: "province".into(),
            province: province.into(),
            city: None,
        };
        Document {
            id: id.into(),
            regions: Some(corpus::Regions { primary: Some(region), ..corpus::Regions::default() }),
            ..Document::default()
        }
    }

    fn primary_province(document: &Document) -> Option<String> {
        document.regions.as_ref()?.primary.as_ref().map(|region| region.province.clone())
    }

    /// The document's title and body as the re-ranking reads them.
    fn text_of(document: &Document) -> String {
        normalize(&format!("{}\n{}", document.title, document.body)).into_owned()
    }

    #[test]
    fn headline_of_another_province_is_told_from_the_named_place() {
        let document = |body: &str| Document { body: body.into(), ..Document::default() };
        let names_another_province =
            |document: &Document, places: &[String]| names_another_province(document, &text_of(document), places);
        let places = ["/陕西省".to_string()];
        let shaanxi = document("陕西省人民政府关于加强防控工作的通告 武汉市 武汉市 武汉市 湖北省");
        assert!(!names_another_province(&shaanxi, &places), "the headline names the place");
        let beijing = document("北京市16条举措助中小微企业渡难关");
        assert!(names_another_province(&beijing, &places));
        let national = document("国家税务总局关于充分发挥税收职能作用的通知");
        assert!(!names_another_province(&national, &places), "a national headline is no other place");
        assert!(!names_another_province(&beijing, &[]));
        let huaian = ["/江苏省/淮安市".to_string()];
        assert!(!names_another_province(&document("江苏省推进台资企业复工"), &huaian));
    }

    #[test]
    fn a_headline_naming_no_place_trusts_a_tag_given_by_a_publisher() {
        let names_another_province =
            |document: &Document, places: &[String]| names_another_province(document, &text_of(document), places);
        let places = ["/陕西省".to_string()];
        let mut tagged_beijing = in_province("bj", "北京市");
        tagged_beijing.body = "援企稳岗若干措施".into();
        assert!(!names_another_province(&tagged_beijing, &places), "help: a tag from the body alone is not trusted");
        tagged_beijing.source = Some("北京市人力资源和社会保障局".into());
        assert!(names_another_province(&tagged_beijing, &places));
    }

    #[test]
    fn a_title_typed_in_full_is_told_from_titles_quoting_it() {
        let key = |text: &str| title_key(text).expect("long enough");
        assert_eq!(key("中华人民共和国老年人权益保障法"), key("老年人权益保障法"));
        assert_eq!(key("《北京市居家养老服务条例》"), key("北京市居家养老服务条例"));
        assert_eq!(key("養老機構管理辦法（2020年修訂）"), key("养老机构管理办法"));
        assert_eq!(key("养老机构 管理办法"), key("养老机构管理办法"));
        assert_ne!(key("浙江省实施《中华人民共和国老年人权益保障法》办法"), key("老年人权益保障法"));
        assert_eq!(title_key("养老服务"), None, "help: a short query is no typed title");
        let typed = typed_titles("《北京市居家养老服务条例》第十条 《老年人权益保障法》");
        assert!(
            typed.contains(&key("北京市居家养老服务条例")) && typed.contains(&key("老年人权益保障法")),
            "{typed:?}"
        );
    }

    #[test]
    fn provinces_take_turns_when_diversified() {
        let mut ranked = vec![
            (3.0, in_province("js1", "江苏省"), 0),
            (2.9, in_province("js2", "江苏省"), 0),
            (2.8, in_province("js3", "江苏省"), 0),
            (2.7, in_province("zj1", "浙江省"), 0),
            (1.0, in_province("sd1", "山东省"), 0),
        ];
        diversify_by_province(&mut ranked, primary_province);
        let order: Vec<&str> = ranked.iter().map(|(_, document, _)| document.id.as_str()).collect();
        assert_eq!(order, ["js1", "zj1", "js2", "js3", "sd1"]);
        assert!(ranked.windows(2).all(|pair| pair[0].0 >= pair[1].0));
    }

    #[test]
    fn national_documents_take_turns_as_one_group() {
        let national = |id: &str| Document { id: id.into(), ..Document::default() };
        let mut ranked = vec![
            (3.0, national("n1"), 0),
            (2.9, national("n2"), 0),
            (2.8, national("n3"), 0),
            (2.6, in_province("js1", "江苏省"), 0),
            (2.5, in_province("zj1", "浙江省"), 0),
        ];
        diversify_by_province(&mut ranked, primary_province);
        let order: Vec<&str> = ranked.iter().map(|(_, document, _)| document.id.as_str()).collect();
        assert_eq!(order, ["n1", "js1", "zj1", "n2", "n3"]);
    }

    #[test]
    fn verbatim_share_is_the_longest_run() {
        let query = query("长期护理保险");
        let (_, verbatim) = query.features(&normalize("开展长期护理试点"));
        assert!((verbatim - 4.0 / 6.0).abs() < 1e-6, "{verbatim}");
    }

    #[test]
    fn topic_share_counts_stretches_holding_a_word_or_its_synonym() {
        let topics = [(vec!["长期护理保险".to_string(), "长护险".to_string()], 1.0)];
        let text = format!("{}长护险{}", "无".repeat(TOPIC_CHUNK_CHARS), "无".repeat(TOPIC_CHUNK_CHARS * 2 - 3));
        assert!((topic_share(&text, &topics) - 1.0 / 3.0).abs() < 1e-6);
        let across = format!("{}长期护理保险", "无".repeat(TOPIC_CHUNK_CHARS - 3));
        assert_eq!(topic_share(&across, &topics), 0.5, "help: a word counts for the stretch it starts in");
        assert_eq!(topic_share("", &topics), 0.0);
    }

    #[test]
    fn a_rare_topic_weighs_more_than_a_common_one() {
        let idf = |gram: &str| if gram == "管理" { 0.5 } else { 4.0 };
        let topics = [
            (vec!["养老机构".to_string()], topic_weight("养老机构", idf)),
            (vec!["管理".to_string()], topic_weight("管理", idf)),
        ];
        let fireworks = format!("{}养老机构{}", "管理规定。".repeat(40), "烟花管理。".repeat(40));
        let eldercare = format!("{}{}", "养老机构管理。".repeat(20), "养老机构服务。".repeat(30));
        assert!(topic_share(&eldercare, &topics) > topic_share(&fireworks, &topics) * 1.5);
        assert_eq!(topic_weight("药", idf), 1.0);
    }
}
