//! Resolution: which division each name refers to, whether a weak name counts at all, and which region
//! dominates the document and each paragraph.
//!
//! The rules, in the order they run:
//! 1. **Strong names** count at once when they name one division: province names (full or short), full
//!    names of prefectures, full names of counties of three or more characters, former names.
//!    They become *evidence*: a weight on the division and each of its ancestors, for the paragraph and
//!    for the document. The publisher's names weigh more; the site's province is evidence too.
//! 2. **Weak names** count only with support:
//!    - a prefecture's short name (苏州) when its province has evidence, when it is in the title, when
//!      it is named twice, or right after its province (浙江杭州);
//!    - a two-character county name (郏县) when its prefecture has evidence or it is in the title; the
//!      generic 城区/郊区/矿区/东区/西区 only right after their parent (晋城市城区);
//!    - a county's short name (浑南) only right after its prefecture or province (沈阳浑南, 江苏太仓).
//! 3. **Repeated names** (和平区 in 天津 and 沈阳) go to the candidate whose ancestors have the most
//!    evidence: right before the name, then in the paragraph, then in the document. With no evidence
//!    for any candidate, the name is left out rather than guessed.
//!
//! Then [`descend`] picks a region among weighted mentions by walking down from the provinces while one
//! child holds more than half the weight. The primary region is the publisher's (or the site's), refined
//! by the title's when the title is inside it, else the title's, else the body's dominant region.

use std::collections::HashMap;

use crate::{ParagraphRegion, RegionMention, Regions};

use super::gazetteer::{DivisionId, GAZETTEER, Level, NameKind};
use super::matcher::{MATCHER, RawMention};

/// Weight of a name in a news agency's dateline (新华社北京12月8日电).
const DATELINE_WEIGHT: f32 = 0.2;
/// Evidence weight of a name in the publisher (source or issuer) field.
const PUBLISHER_WEIGHT: f32 = 3.0;
/// Evidence weight of the province a site's host names.
const SITE_WEIGHT: f32 = 2.0;
/// Scores of a candidate of a repeated name: its ancestor right before it, in the paragraph, in the document.
const ADJACENT_SCORE: f32 = 1000.0;
const PARAGRAPH_SCORE: f32 = 10.0;
const DOCUMENT_SCORE: f32 = 1.0;
/// County names that are ordinary words unless their parent is written right before them.
const GENERIC_COUNTY_NAMES: &[&str] =
    &["城区", "郊区", "矿区", "东区", "西区", "老城区", "古城区", "新城区", "城中区", "城东区", "城西区", "城北区"];
/// How many non-empty paragraphs of a bare text stand in for its title…
const LEAD_PARAGRAPHS: usize = 3;
/// …and how many of their first characters: a bare text's headline. A notice of one province that
/// recounts the national situation names 武汉 throughout, its own place only at its head.
const LEAD_CHARS: usize = 60;

/// What part of a document a piece of text is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    /// The title.
    Title,
    /// The body paragraph with this index.
    Body(usize),
    /// The publisher: source or issuer.
    Publisher,
}

/// A piece of a document to tag.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Segment<'a> {
    /// The simplified-Chinese text.
    pub(crate) text: &'a str,
    /// What it is.
    pub(crate) role: Role,
}

/// A name found in one segment.
#[derive(Debug, Clone, Copy)]
struct Found {
    segment: usize,
    raw: RawMention,
    weight: f32,
}

/// Evidence weights per division, for the whole document and per segment.
#[derive(Debug, Default)]
struct Evidence {
    document: HashMap<DivisionId, f32>,
    segment: HashMap<(usize, DivisionId), f32>,
}

impl Evidence {
    /// Adds weight to a division and all its ancestors.
    fn add(&mut self, segment: Option<usize>, division: DivisionId, weight: f32) {
        for ancestor in GAZETTEER.chain(division) {
            *self.document.entry(ancestor).or_default() += weight;
            if let Some(segment) = segment {
                *self.segment.entry((segment, ancestor)).or_default() += weight;
            }
        }
    }

    fn in_document(&self, division: DivisionId) -> f32 {
        self.document.get(&division).copied().unwrap_or_default()
    }

    fn in_segment(&self, segment: usize, division: DivisionId) -> f32 {
        self.segment.get(&(segment, division)).copied().unwrap_or_default()
    }
}

/// Tags a document given as segments; `site_province` is the province the URL's host names.
///
/// When there is no title segment, the text's headline (see [`headline_ends`]) stands in
/// for it.
pub(crate) fn tag_segments(segments: &[Segment<'_>], site_province: Option<DivisionId>) -> Regions {
    let found = find_all(segments);
    let resolved = resolve(segments, &found, site_province);

    let mut counts: HashMap<DivisionId, u32> = HashMap::new();
    let mut title_weights = Vec::new();
    let mut publisher_weights = Vec::new();
    let mut content_weights = Vec::new();
    let mut paragraph_weights: HashMap<usize, Vec<(DivisionId, f32)>> = HashMap::new();
    for (mention, division) in found.iter().zip(&resolved) {
        let Some(division) = *division else { continue };
        let weighted = (division, mention.weight);
        match segments[mention.segment].role {
            Role::Publisher => publisher_weights.push(weighted),
            Role::Title => {
                *counts.entry(division).or_default() += 1;
                title_weights.push(weighted);
                content_weights.push(weighted);
            }
            Role::Body(index) => {
                *counts.entry(division).or_default() += 1;
                content_weights.push(weighted);
                paragraph_weights.entry(index).or_default().push(weighted);
            }
        }
    }

    let has_title = segments.iter().any(|segment| segment.role == Role::Title);
    if !has_title {
        let headline = headline_ends(segments);
        for (mention, division) in found.iter().zip(&resolved) {
            let in_headline =
                headline.iter().any(|&(segment, end)| mention.segment == segment && mention.raw.end <= end);
            if let (Some(division), true) = (*division, in_headline) {
                title_weights.push((division, mention.weight));
            }
        }
    }

    let publisher = descend(&publisher_weights, false).or(site_province);
    let title = descend(&title_weights, false);
    let dominant = descend(&content_weights, true);
    let primary = match (publisher, title) {
        (Some(publisher), Some(title)) if GAZETTEER.is_within(title, publisher) => Some(title),
        (Some(publisher), Some(_)) => Some(publisher),
        (Some(publisher), None) => match dominant {
            Some(dominant) if GAZETTEER.is_within(dominant, publisher) => Some(dominant),
            _ => Some(publisher),
        },
        (None, Some(title)) => Some(title),
        (None, None) => dominant,
    };

    let mut mentions: Vec<(DivisionId, u32)> = counts.into_iter().collect();
    mentions.sort_by_key(|&(division, count)| (std::cmp::Reverse(count), GAZETTEER.division(division).code));
    let mut paragraphs: Vec<ParagraphRegion> = paragraph_weights
        .iter()
        .map(|(&index, weights)| ParagraphRegion {
            index,
            region: descend(weights, true).map(|division| GAZETTEER.region(division)),
        })
        .collect();
    paragraphs.sort_by_key(|paragraph| paragraph.index);

    Regions {
        primary: primary.map(|division| GAZETTEER.region(division)),
        mentions: mentions
            .into_iter()
            .map(|(division, count)| RegionMention { region: GAZETTEER.region(division), count })
            .collect(),
        paragraphs,
    }
}

/// The headline of a text without title: its first [`LEAD_CHARS`] characters over at most
/// [`LEAD_PARAGRAPHS`] non-empty body paragraphs, as (segment index, byte end) pairs.
fn headline_ends(segments: &[Segment<'_>]) -> Vec<(usize, usize)> {
    let mut ends = Vec::new();
    let mut remaining = LEAD_CHARS;
    let paragraphs = segments
        .iter()
        .enumerate()
        .filter(|(_, segment)| matches!(segment.role, Role::Body(_)) && !segment.text.trim().is_empty());
    for (index, segment) in paragraphs.take(LEAD_PARAGRAPHS) {
        if remaining == 0 {
            break;
        }
        let end = segment.text.char_indices().nth(remaining).map_or(segment.text.len(), |(offset, _)| offset);
        remaining = remaining.saturating_sub(segment.text.chars().count());
        ends.push((index, end));
    }
    ends
}

/// Finds the names of every segment.
fn find_all(segments: &[Segment<'_>]) -> Vec<Found> {
    let mut found = Vec::new();
    for (segment_index, segment) in segments.iter().enumerate() {
        for raw in MATCHER.find(segment.text) {
            let weight = if raw.dateline { DATELINE_WEIGHT } else { 1.0 };
            found.push(Found { segment: segment_index, raw, weight });
        }
    }
    found
}

/// Returns, for each found name, the division it refers to, or `None` when it does not count.
fn resolve(segments: &[Segment<'_>], found: &[Found], site_province: Option<DivisionId>) -> Vec<Option<DivisionId>> {
    let mut evidence = Evidence::default();
    if let Some(province) = site_province {
        evidence.add(None, province, SITE_WEIGHT);
    }
    let mut resolved: Vec<Option<DivisionId>> = vec![None; found.len()];
    let evidence_weight = |mention: &Found| match segments[mention.segment].role {
        Role::Publisher => mention.weight * PUBLISHER_WEIGHT,
        _ => mention.weight,
    };

    // 1. Strong names naming one division.
    for (index, mention) in found.iter().enumerate() {
        if let [(division, kind)] = MATCHER.entries(mention.raw.pattern)
            && is_strong(*division, *kind, MATCHER.name_chars(mention.raw.pattern))
        {
            resolved[index] = Some(*division);
            evidence.add(Some(mention.segment), *division, evidence_weight(mention));
        }
    }

    let mut occurrences: HashMap<usize, usize> = HashMap::new();
    for mention in found {
        *occurrences.entry(mention.raw.pattern).or_default() += 1;
    }

    // 2. Weak names naming one division, supported by the evidence of step 1.
    let mut accepted = Vec::new();
    for (index, mention) in found.iter().enumerate() {
        if resolved[index].is_some() {
            continue;
        }
        if let [(division, kind)] = MATCHER.entries(mention.raw.pattern) {
            let previous = previous_adjacent(found, index);
            let support = Support { segments, evidence: &evidence, occurrences: &occurrences, previous };
            if support.is_supported(mention, *division, *kind) {
                accepted.push((index, *division));
            }
        }
    }
    for (index, division) in accepted {
        resolved[index] = Some(division);
        evidence.add(Some(found[index].segment), division, evidence_weight(&found[index]));
    }

    // 3. Repeated names, in text order, each resolution adding its evidence.
    for (index, mention) in found.iter().enumerate() {
        let entries = MATCHER.entries(mention.raw.pattern);
        if resolved[index].is_some() || entries.len() < 2 {
            continue;
        }
        let previous = previous_adjacent(found, index);
        let support = Support { segments, evidence: &evidence, occurrences: &occurrences, previous };
        let mut best: Option<(DivisionId, f32)> = None;
        let mut tied = false;
        for &(division, kind) in entries {
            if !support.is_supported(mention, division, kind) {
                continue;
            }
            let score = support.score(mention.segment, division);
            match best {
                Some((_, best_score)) if score == best_score => tied = true,
                Some((_, best_score)) if score < best_score => {}
                _ => {
                    best = Some((division, score));
                    tied = false;
                }
            }
        }
        if let Some((division, score)) = best
            && score > 0.0
            && !tied
        {
            resolved[index] = Some(division);
            evidence.add(Some(mention.segment), division, evidence_weight(mention));
        }
    }
    resolved
}

/// Returns true for names that count without support (see the module docs).
fn is_strong(division: DivisionId, kind: NameKind, name_chars: usize) -> bool {
    match (GAZETTEER.division(division).level, kind) {
        (Level::Province, _) => true,
        (_, NameKind::Former) => name_chars >= 3,
        (Level::Prefecture, NameKind::Full) => true,
        (Level::County, NameKind::Full) => name_chars >= 3,
        (_, NameKind::Short) => false,
    }
}

/// Returns the name written right before this one in the same segment, if any.
fn previous_adjacent(found: &[Found], index: usize) -> Option<RawMention> {
    let previous = found.get(index.checked_sub(1)?)?;
    let current = &found[index];
    (previous.segment == current.segment && previous.raw.end == current.raw.start).then_some(previous.raw)
}

/// What a weak name or a candidate of a repeated name is checked against.
struct Support<'a> {
    segments: &'a [Segment<'a>],
    evidence: &'a Evidence,
    occurrences: &'a HashMap<usize, usize>,
    previous: Option<RawMention>,
}

impl Support<'_> {
    /// Returns true when the name written right before names an ancestor of `division`.
    fn follows_ancestor(&self, division: DivisionId) -> bool {
        let Some(previous) = self.previous else {
            return false;
        };
        MATCHER
            .entries(previous.pattern)
            .iter()
            .any(|&(ancestor, _)| ancestor != division && GAZETTEER.is_within(division, ancestor))
    }

    fn is_supported(&self, mention: &Found, division: DivisionId, kind: NameKind) -> bool {
        let name_chars = MATCHER.name_chars(mention.raw.pattern);
        if is_strong(division, kind, name_chars) {
            return true;
        }
        let in_title = self.segments[mention.segment].role == Role::Title;
        let level = GAZETTEER.division(division).level;
        let parent = GAZETTEER.division(division).parent;
        match (level, kind) {
            (Level::Prefecture, _) => {
                let province = GAZETTEER.province_of(division);
                let named_twice = self.occurrences.get(&mention.raw.pattern).copied().unwrap_or_default() >= 2;
                in_title || named_twice || self.evidence.in_document(province) > 0.0 || self.follows_ancestor(division)
            }
            (Level::County, NameKind::Full | NameKind::Former) => {
                let text = self.segments[mention.segment].text;
                let name = &text[mention.raw.start..mention.raw.end];
                if GENERIC_COUNTY_NAMES.contains(&name) {
                    return self.follows_ancestor(division);
                }
                let parent_named = parent.is_some_and(|parent| self.evidence.in_document(parent) > 0.0);
                in_title || parent_named || self.follows_ancestor(division)
            }
            (Level::County, NameKind::Short) => self.follows_ancestor(division),
            (Level::Province, _) => true,
        }
    }

    /// Scores a candidate by the evidence on its ancestors (and itself, from earlier resolutions).
    fn score(&self, segment: usize, division: DivisionId) -> f32 {
        let mut score = if self.follows_ancestor(division) { ADJACENT_SCORE } else { 0.0 };
        for ancestor in GAZETTEER.chain(division) {
            score += PARAGRAPH_SCORE * self.evidence.in_segment(segment, ancestor);
            score += DOCUMENT_SCORE * self.evidence.in_document(ancestor);
        }
        score
    }
}

/// Walks down from the provinces while one child holds more than half the weight, and returns where it
/// stopped (`None` when no province dominates).
///
/// With `count_own_weight`, names of a division itself count against descending to one of its
/// children (a body naming 江苏省 five times and 苏州 once is about 江苏省); without it, only the
/// children compete (a title 辽宁阜新市… is about 阜新市).
pub(crate) fn descend(weights: &[(DivisionId, f32)], count_own_weight: bool) -> Option<DivisionId> {
    let chains: Vec<(Vec<DivisionId>, f32)> =
        weights.iter().map(|&(division, weight)| (GAZETTEER.chain(division), weight)).collect();
    let mut node: Option<DivisionId> = None;
    for depth in 0.. {
        let mut children: HashMap<DivisionId, f32> = HashMap::new();
        let mut own_weight = 0.0;
        for (chain, weight) in &chains {
            let below_node = depth == 0 || chain.get(depth - 1).copied() == node;
            if !below_node {
                continue;
            }
            match chain.get(depth) {
                Some(&child) => *children.entry(child).or_default() += weight,
                None => own_weight += weight,
            }
        }
        let children_weight: f32 = children.values().sum();
        let total = if count_own_weight { children_weight + own_weight } else { children_weight };
        let best = children.into_iter().max_by(|left, right| left.1.total_cmp(&right.1).then(right.0.cmp(&left.0)));
        match best {
            Some((child, weight)) if weight > 0.5 * total => node = Some(child),
            _ => break,
        }
    }
    node
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(code: u32) -> DivisionId {
        GAZETTEER.by_code(code).expect("the code is in the gazetteer")
    }

    #[test]
    fn descend_stops_where_no_child_dominates() {
        let jiangsu = id(320000);
        let suzhou = id(320500);
        let nanjing = id(320100);
        assert_eq!(descend(&[(jiangsu, 1.0), (suzhou, 1.0)], false), Some(suzhou));
        assert_eq!(descend(&[(jiangsu, 5.0), (suzhou, 1.0)], true), Some(jiangsu));
        assert_eq!(descend(&[(suzhou, 1.0), (nanjing, 1.0)], true), Some(jiangsu));
        assert_eq!(descend(&[(id(110000), 1.0), (jiangsu, 1.0)], true), None);
        assert_eq!(descend(&[], true), None);
    }

    fn body(text: &str) -> Regions {
        let segments: Vec<Segment<'_>> =
            text.split('\n').enumerate().map(|(index, text)| Segment { text, role: Role::Body(index) }).collect();
        tag_segments(&segments, None)
    }

    fn names(regions: &Regions) -> Vec<String> {
        regions
            .mentions
            .iter()
            .map(|mention| format!("{}{}", mention.region.city.clone().unwrap_or_default(), mention.region.name))
            .collect()
    }

    #[test]
    fn weak_names_need_support() {
        assert!(body("苏州").mentions.is_empty(), "help: a lone prefecture short name needs support");
        assert_eq!(names(&body("江苏苏州")), ["江苏省", "苏州市苏州市"]);
        assert!(body("平顶山市会议，郏县发言").mentions.iter().any(|m| m.region.name == "郏县"));
        assert!(!body("信阳会议，郏县发言").mentions.iter().any(|m| m.region.name == "郏县"));
        assert!(body("沈阳市浑南发展").mentions.iter().any(|m| m.region.name == "浑南区"));
        assert!(!body("浑南发展").mentions.iter().any(|m| m.region.name == "浑南区"));
        assert!(body("山西省晋城市城区").mentions.iter().any(|m| m.region.code == "140502"));
        assert!(!body("晋城市的城区和郊区").mentions.iter().any(|m| m.region.level == "county"));
    }

    #[test]
    fn repeated_names_follow_their_context() {
        let nanjing = body("南京市养老工作\n鼓楼区推进助餐");
        assert!(nanjing.mentions.iter().any(|m| m.region.code == "320106"), "{:?}", names(&nanjing));
        let fuzhou = body("福州市鼓楼区推进助餐");
        assert!(fuzhou.mentions.iter().any(|m| m.region.code == "350102"));
        assert!(body("鼓楼区推进助餐").mentions.is_empty(), "help: no context, no guess");
    }
}
