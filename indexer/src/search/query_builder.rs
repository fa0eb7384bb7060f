//! Turns a [`ParsedQuery`] into a tantivy query, plus what the snippets should highlight.
//!
//! Scoring (BM25, summed over clauses):
//! - every word of a group (jieba, search mode) in the title (×[`TITLE_BOOST`]); a two-character
//!   word once more as a bigram of the body (×[`BODY_WORD_WEIGHT`]);
//! - every character bigram of a group on `title_bigram` and `body_bigram` (×[`BIGRAM_WEIGHT`]);
//! - synonyms of the words at [`SYNONYM_WEIGHT`] of a typed word;
//! - a 文号 anywhere in the query matches the `doc_number` key at [`DOC_NUMBER_BOOST`], so that
//!   document ranks first.
//!
//! Matching: a short group (a few words) requires each of its words (as a word or as a
//! substring; a province or city name also as a region tag, documents about that place ranked
//! up by [`PRIMARY_PLACE_WEIGHT`]); a long group or a question (question words are cut first) requires any of its
//! words, so a question finds the notice that answers it though it carries words the notice lacks.
//! With [`Matching::Parts`] a required compound (老年人优待) is also met by its dictionary parts apart
//! (老年人 and 优待: a law's 社会优待 chapter on 老年人); the search uses it for compounds that too few
//! documents hold as written.

use std::collections::{BTreeSet, HashSet};
use std::ops::Bound;

use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, EmptyQuery, Occur, PhraseQuery, Query, RangeQuery, RegexQuery, TermQuery,
};
use tantivy::schema::{Facet, Field, IndexRecordOption};
use tantivy::{DateTime, Term};

use super::query_language::{Clause, Filters, ParsedQuery, QueryError};
use super::synonyms::synonyms_of;
use crate::analysis::bigram::bigrams;
use crate::analysis::pinyin::is_han;
use crate::analysis::word_lists::{DOMAIN_TERMS, STOP_WORDS, is_punctuation_only};
use crate::analysis::{AnalyzedToken, ChineseTokenizer, normalize, normalize_mapped, shared_jieba};
use crate::schema::IndexSchema;

/// Weight of a title match relative to a body match.
pub const TITLE_BOOST: f32 = 2.0;
/// Weight of a bigram match relative to a word match (bigrams ranked questions better: see
/// `../shared/notes/relevance.md` and `cargo run --release -p indexer --example eval_relevance`).
pub const BIGRAM_WEIGHT: f32 = 2.0;
/// Weight of a two-character word as a bigram of the body, on top of the group's bigrams.
pub const BODY_WORD_WEIGHT: f32 = 0.25;
/// Weight of a synonym relative to the typed word.
pub const SYNONYM_WEIGHT: f32 = 0.4;
/// Boost of an exact 文号 match.
pub const DOC_NUMBER_BOOST: f32 = 1000.0;
/// Weight of a keyword query's place name matching a document's primary region.
pub const PRIMARY_PLACE_WEIGHT: f32 = 3.0;
/// Shortest eldercare term of a question that candidates must write (养老机构; not 老人, 护理).
pub const QUESTION_TERM_MIN_CHARS: usize = 4;
/// Morphemes that make a term of the domain dictionary an eldercare term (the dictionary also
/// holds policy and epidemic vocabulary: 疫情防控, 复工复产).
const ELDERCARE_MORPHEMES: [&str; 18] = [
    "养老", "老年", "老人", "老龄", "适老", "医养", "敬老", "助老", "助餐", "长护", "护理", "失能", "失智", "高龄",
    "孝老", "托老", "银发", "康养",
];
/// Groups longer than this (in characters) are read as questions: any word may match.
pub const SHORT_GROUP_MAX_CHARS: usize = 8;

/// How a keyword group's compounds must match.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Matching {
    /// Every required word as written (老年人优待 as one string).
    #[default]
    Exact,
    /// These required compounds of the dictionary are met by their parts apart (老年人 and 优待).
    Parts(Vec<String>),
}

/// A compound of a keyword group and the dictionary words that make it up.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct WordSplit {
    /// The compound as typed (normalized): 老年人优待.
    pub word: String,
    /// Its parts: 老年人, 优待.
    pub parts: Vec<String>,
}

/// A query ready to run, with the normalized strings snippets should highlight.
pub struct QueryPlan {
    /// The tantivy query.
    pub query: Box<dyn Query>,
    /// Normalized words and phrases to highlight, each followed by its synonyms (a match of any
    /// counts for the typed term when a snippet's window is chosen).
    pub highlights: Vec<Vec<String>>,
    /// Normalized text of the positive groups (for proximity re-ranking).
    pub query_text: String,
    /// Facet paths of the places named in keyword groups or region filters (documents about them rank up).
    pub places: Vec<String>,
    /// Facet paths of the places a question names (documents about other provinces rank down).
    pub question_places: Vec<String>,
    /// The topic words of keyword groups (not places), each with its synonyms: documents more of
    /// whose text is about them rank up.
    pub topics: Vec<Vec<String>>,
    /// The specific eldercare terms of a question (养老机构, 长期护理保险: [`QUESTION_TERM_MIN_CHARS`] or
    /// more), each with its synonyms: candidates that write none of them rank below the others.
    pub question_terms: Vec<Vec<String>>,
    /// True when the query asks for breadth across places (各省, 各地): results are diversified by province.
    pub across_places: bool,
    /// True when the query has positive text (otherwise results are in date order).
    pub has_text: bool,
    /// Required compounds made of dictionary words: with [`Matching::Exact`] those that
    /// [`Matching::Parts`] could split, with [`Matching::Parts`] those it did.
    pub splits: Vec<WordSplit>,
}

/// What the text clauses tell the rest of the search besides the tantivy query.
#[derive(Default)]
struct ClauseNotes {
    highlights: BTreeSet<String>,
    query_text: String,
    places: Vec<String>,
    question_places: Vec<String>,
    topics: Vec<Vec<String>>,
    question_terms: Vec<Vec<String>>,
    across_places: bool,
    matching: Matching,
    splits: Vec<WordSplit>,
}

/// Builds the query plan. Filter values that name nothing (an unknown region or kind) are errors.
pub fn build_query(schema: &IndexSchema, parsed: &ParsedQuery, matching: Matching) -> Result<QueryPlan, QueryError> {
    let mut notes = ClauseNotes { matching, ..ClauseNotes::default() };
    let mut doc_number_clauses: Vec<Box<dyn Query>> = Vec::new();
    let mut text_clauses: Vec<Box<dyn Query>> = Vec::new();
    // A group of scope words alone (`各省 老年助餐`, `各地 region:江苏`) asks for breadth across
    // places and for no topic of its own: it is no clause at all.
    let (scope_groups, clauses): (Vec<&Clause>, Vec<&Clause>) =
        parsed.clauses.iter().partition(|clause| is_scope_only(clause));
    notes.across_places = !scope_groups.is_empty();
    for clause in &clauses {
        let (clause_without_numbers, numbers) = take_doc_numbers(clause);
        for key in numbers {
            let term = Term::from_field_text(schema.doc_number, &key);
            doc_number_clauses.push(boost(term_query(term), DOC_NUMBER_BOOST));
            notes.highlights.insert(key);
        }
        if let Some(remaining) = clause_without_numbers
            && let Some(query) = clause_query(schema, &remaining, &mut notes)
        {
            text_clauses.push(query);
        }
    }
    let has_text = !text_clauses.is_empty() || !doc_number_clauses.is_empty();
    let positive: Box<dyn Query> = if !doc_number_clauses.is_empty() {
        // A 文号 ranks its document first; the rest of the query still ranks the others.
        let mut alternatives = doc_number_clauses;
        alternatives.extend(text_clauses);
        Box::new(BooleanQuery::union(alternatives))
    } else if !text_clauses.is_empty() {
        Box::new(BooleanQuery::new(text_clauses.into_iter().map(|q| (Occur::Must, q)).collect()))
    } else if clauses.is_empty() {
        Box::new(AllQuery)
    } else {
        // Only punctuation or stop words: nothing can match.
        Box::new(EmptyQuery)
    };
    let mut parts: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, positive)];
    for excluded in &parsed.excluded {
        if let Some(query) = clause_query(schema, excluded, &mut ClauseNotes::default()) {
            parts.push((Occur::MustNot, query));
        }
    }
    for filter in filter_queries(schema, &parsed.filters, &mut notes.places)? {
        parts.push((Occur::Must, Box::new(tantivy::query::ConstScoreQuery::new(filter, 0.0))));
    }
    Ok(QueryPlan {
        query: Box::new(BooleanQuery::new(parts)),
        highlights: notes.highlights.into_iter().map(with_synonyms).collect(),
        query_text: notes.query_text,
        places: notes.places,
        question_places: notes.question_places,
        topics: notes.topics,
        question_terms: notes.question_terms,
        across_places: notes.across_places,
        has_text,
        splits: notes.splits,
    })
}

/// Words that ask for breadth across places only as a group of their own (`全国 养老服务条例`):
/// inside a group they name national things (全国老龄工作委员会), so they are never cut from one.
const STANDALONE_SCOPE_WORDS: [&str; 3] = ["全国", "全国范围", "全国范围内"];

/// True for a text group made of scope words only (各地, 全国各地, a lone 全国).
fn is_scope_only(clause: &Clause) -> bool {
    let Clause::Text(text) = clause else { return false };
    let mut rest = normalize(text).trim().to_string();
    if rest.is_empty() {
        return false;
    }
    if STANDALONE_SCOPE_WORDS.contains(&rest.as_str()) {
        return true;
    }
    for word in SCOPE_WORDS.iter() {
        rest = rest.replace(word, "");
    }
    rest.trim().is_empty()
}

/// Splits 文号 out of a clause: returns the clause without them and their keys.
fn take_doc_numbers(clause: &Clause) -> (Option<Clause>, Vec<String>) {
    let Clause::Text(text) = clause else { return (Some(clause.clone()), Vec::new()) };
    let folded = normalize(text);
    let found = corpus::doc_number::find_doc_numbers(&folded);
    if found.is_empty() {
        return (Some(clause.clone()), Vec::new());
    }
    let mut rest = String::new();
    let mut cursor = 0;
    for number in &found {
        rest.push_str(&folded[cursor..number.start]);
        rest.push(' ');
        cursor = number.end;
    }
    rest.push_str(&folded[cursor..]);
    let keys = found.into_iter().map(|number| number.key).collect();
    let remaining = (!rest.trim().is_empty()).then(|| Clause::Text(rest.trim().to_string()));
    (remaining, keys)
}

fn clause_query(schema: &IndexSchema, clause: &Clause, notes: &mut ClauseNotes) -> Option<Box<dyn Query>> {
    match clause {
        Clause::Text(text) => text_query(schema, text, notes),
        Clause::Phrase(text) => {
            let normalized = normalize(text).into_owned();
            let query = substring_query(schema, &normalized)?;
            notes.query_text.push_str(&normalized);
            notes.query_text.push(' ');
            notes.highlights.insert(normalized);
            Some(query)
        }
        Clause::AnyOf(alternatives) => {
            let queries: Vec<Box<dyn Query>> =
                alternatives.iter().filter_map(|alternative| clause_query(schema, alternative, notes)).collect();
            (!queries.is_empty()).then(|| Box::new(BooleanQuery::union(queries)) as Box<dyn Query>)
        }
    }
}

/// Scope words (see `corpus/dict/scope_words.txt`), longest first so that 全国各地 goes before 各地.
static SCOPE_WORDS: std::sync::LazyLock<Vec<&'static str>> = std::sync::LazyLock::new(|| {
    let mut words: Vec<&str> = corpus::dict::lines(corpus::dict::SCOPE_WORDS).collect();
    words.sort_by_key(|word| std::cmp::Reverse(word.len()));
    words
});

/// Cuts scope words (各省, 全国各地) that begin and end on jieba token boundaries, so 各省份
/// (各 / 省份) goes but 许多地方 (许多 / 地方) keeps its 多地. Returns `None` when there is none.
pub fn cut_scope_words(normalized: &str) -> Option<String> {
    // Most queries hold no scope word: no segmentation for them.
    if !SCOPE_WORDS.iter().any(|word| normalized.contains(word)) {
        return None;
    }
    let mut boundaries: BTreeSet<usize> = BTreeSet::from([0]);
    let mut offset = 0;
    for token in shared_jieba().cut(normalized, true) {
        offset += token.word.len();
        boundaries.insert(offset);
    }
    let mut text = normalized.to_string();
    let mut cut_any = false;
    for word in SCOPE_WORDS.iter() {
        let starts: Vec<usize> = text.match_indices(word).map(|(start, _)| start).collect();
        for start in starts.into_iter().rev() {
            if boundaries.contains(&start) && boundaries.contains(&(start + word.len())) {
                // Same byte length, so the token boundaries found above stay valid.
                text.replace_range(start..start + word.len(), &" ".repeat(word.len()));
                cut_any = true;
            }
        }
    }
    cut_any.then_some(text)
}

/// Replaces question words in a normalized text with spaces.
pub fn cut_question_words(normalized: &str) -> String {
    static QUESTION_WORDS: std::sync::LazyLock<Vec<String>> = std::sync::LazyLock::new(|| {
        let mut words: Vec<String> = corpus::dict::lines(corpus::dict::QUESTION_WORDS).map(str::to_string).collect();
        words.sort_by_key(|word| std::cmp::Reverse(word.chars().count()));
        words
    });
    let mut cleaned = normalized.to_string();
    for word in QUESTION_WORDS.iter() {
        if cleaned.contains(word.as_str()) {
            cleaned = cleaned.replace(word.as_str(), " ");
        }
    }
    cleaned
}

fn text_query(schema: &IndexSchema, text: &str, notes: &mut ClauseNotes) -> Option<Box<dyn Query>> {
    let mut normalized = normalize(text).into_owned();
    if let Some(unscoped) = cut_scope_words(&normalized) {
        notes.across_places = true;
        normalized = unscoped;
    }
    let cleaned = cut_question_words(&normalized);
    let is_question = cleaned != normalized || normalized.trim().chars().count() > SHORT_GROUP_MAX_CHARS;
    let mapped = normalize_mapped(&cleaned);
    let words: BTreeSet<String> = ChineseTokenizer::default().segment(&mapped).into_iter().map(|t| t.text).collect();
    let grams: BTreeSet<String> = bigrams(&mapped).into_iter().map(|t| t.text).collect();
    if words.is_empty() && grams.is_empty() {
        return None;
    }
    notes.query_text.push_str(&cleaned);
    notes.query_text.push(' ');
    let mut scoring: Vec<Box<dyn Query>> = Vec::new();
    for word in &words {
        scoring.push(word_query(schema, word));
        scoring.extend(synonyms_of(word).iter().map(|synonym| synonym_query(schema, synonym)));
    }
    for gram in &grams {
        scoring.push(boost(term_query(Term::from_field_text(schema.body_bigram, gram)), BIGRAM_WEIGHT));
        scoring.push(boost(term_query(Term::from_field_text(schema.title_bigram, gram)), BIGRAM_WEIGHT * TITLE_BOOST));
    }
    let main_words = main_words(&cleaned);
    let required: Vec<String> = if is_question { Vec::new() } else { split_compounds(&main_words, notes) };
    // A one-character word beside longer ones (不 of a question, 区 of 粤港澳大湾区) would mark every
    // other sentence: it is highlighted only alone.
    notes.highlights.extend(required_words(&main_words).cloned());
    notes.highlights.extend(required.iter().cloned());
    // Where a keyword group of several words stands whole (粤港澳大湾区), it is marked whole.
    let group_text = cleaned.trim().to_lowercase();
    if !is_question && main_words.len() > 1 && !group_text.contains(char::is_whitespace) {
        notes.highlights.insert(group_text);
    }
    if is_question || main_words.is_empty() {
        for place in main_words.iter().flat_map(|word| named_places(word)) {
            notes.question_places.push(place.facet_path());
        }
        let specific_terms = main_words.iter().filter(|word| is_specific_eldercare_term(word));
        notes.question_terms.extend(specific_terms.cloned().map(with_synonyms));
        // A long name without question words or punctuation (浙江省养老服务条例) is a title
        // typed from memory: documents about the place it names rank up, none is required.
        // Its topic is what is left once places and the genre (条例, 办法) are set aside.
        if cleaned == normalized && !cleaned.chars().any(is_sentence_punctuation) {
            for place in main_words.iter().flat_map(|word| named_places(word)) {
                scoring.push(boost(primary_place_query(schema, &place), PRIMARY_PLACE_WEIGHT));
                notes.places.push(place.facet_path());
            }
            notes.topics.extend(name_topics(&main_words).into_iter().map(with_synonyms));
        }
        return Some(Box::new(BooleanQuery::union(scoring)));
    }
    let mut parts: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    for word in &required {
        if named_places(word).is_empty() {
            notes.topics.push(with_synonyms(word.clone()));
        }
        let mut alternatives = vec![written_query(schema, word)];
        // A place name is also met by the region tags (a 南京 notice that never writes 江苏),
        // and documents about the place itself rank above those that merely name it.
        for place in named_places(word) {
            let path = place.facet_path();
            alternatives.push(term_query(Term::from_facet(schema.region, &Facet::from(path.as_str()))));
            scoring.push(boost(primary_place_query(schema, &place), PRIMARY_PLACE_WEIGHT));
            notes.places.push(path);
        }
        parts.push((Occur::Must, Box::new(BooleanQuery::union(alternatives))));
    }
    parts.push((Occur::Should, Box::new(BooleanQuery::union(scoring))));
    Some(Box::new(BooleanQuery::new(parts)))
}

/// The words of a keyword group that a document must hold ([`required_words`]), each compound
/// replaced by its parts ([`compound_parts`]) when the notes' matching is [`Matching::Parts`]. Records
/// the compounds split (or, matching exactly, those that could be) in the notes.
fn split_compounds(main_words: &[String], notes: &mut ClauseNotes) -> Vec<String> {
    let mut required = Vec::new();
    for word in required_words(main_words) {
        let parts = if named_places(word).is_empty() { compound_parts(word) } else { None };
        match (parts, &notes.matching) {
            (Some(parts), Matching::Parts(words)) if words.contains(word) => {
                for part in &parts {
                    if !required.contains(part) {
                        required.push(part.clone());
                    }
                }
                notes.splits.push(WordSplit { word: word.clone(), parts });
            }
            (Some(parts), Matching::Exact) => {
                required.push(word.clone());
                notes.splits.push(WordSplit { word: word.clone(), parts });
            }
            _ => required.push(word.clone()),
        }
    }
    required
}

/// The fewest dictionary words of two or more characters, other than `word` itself, that make up
/// `word` end to end (老年人优待 → 老年人, 优待; 家庭养老床位 → 家庭养老, 床位), or `None` when there are
/// none (老年人, 适老化: a one-character remainder).
pub fn compound_parts(word: &str) -> Option<Vec<String>> {
    let chars: Vec<char> = word.chars().collect();
    let length = chars.len();
    if length < 4 {
        return None;
    }
    let jieba = shared_jieba();
    // fewest[i]: the fewest parts covering chars[..i], with the start of the last one.
    let mut fewest: Vec<Option<(usize, usize)>> = vec![None; length + 1];
    fewest[0] = Some((0, 0));
    for end in 2..=length {
        for start in 0..=end - 2 {
            if end - start == length {
                continue;
            }
            let Some((count, _)) = fewest[start] else { continue };
            let part: String = chars[start..end].iter().collect();
            if jieba.has_word(&part) && fewest[end].is_none_or(|(best, _)| count + 1 < best) {
                fewest[end] = Some((count + 1, start));
            }
        }
    }
    fewest[length]?;
    let mut parts = Vec::new();
    let mut end = length;
    while end > 0 {
        let (_, start) = fewest[end]?;
        parts.push(chars[start..end].iter().collect());
        end = start;
    }
    parts.reverse();
    Some(parts)
}

/// The words of a keyword group that a document must hold. A one-character word that jieba cut
/// off a longer group (区 of 粤港澳大湾区, 大 of 西部大开发) constrains nothing, since nearly every text
/// holds the character, and matching it anywhere costs a scan of the bigram dictionary: it is
/// required only when the group has no longer word. Its bigrams with its neighbours still score.
fn required_words(main_words: &[String]) -> impl Iterator<Item = &String> {
    let has_longer_word = main_words.iter().any(|word| word.chars().count() > 1);
    main_words.iter().filter(move |word| !has_longer_word || word.chars().count() > 1)
}

/// A highlight term followed by its synonyms.
fn with_synonyms(term: String) -> Vec<String> {
    let synonyms = synonyms_of(&term);
    let mut group = Vec::with_capacity(1 + synonyms.len());
    group.extend(synonyms.iter().cloned());
    group.insert(0, term);
    group
}

/// The topic words of a name typed from memory: its eldercare terms when it has any (养老服务 in
/// 北京市居家养老服务条例), else its words other than places and genre words.
fn name_topics(main_words: &[String]) -> Vec<String> {
    let candidates: Vec<&String> =
        main_words.iter().filter(|word| named_places(word).is_empty() && !is_genre_word(word)).collect();
    let domain_terms: Vec<&String> = candidates.iter().copied().filter(|word| DOMAIN_TERMS.contains(*word)).collect();
    let chosen = if domain_terms.is_empty() { candidates } else { domain_terms };
    chosen.into_iter().cloned().collect()
}

/// True for an eldercare term of the domain dictionary specific enough to require in a question's
/// answer: [`QUESTION_TERM_MIN_CHARS`] or more, holding an eldercare morpheme (养老机构, 长期护理保险).
fn is_specific_eldercare_term(word: &str) -> bool {
    word.chars().count() >= QUESTION_TERM_MIN_CHARS
        && DOMAIN_TERMS.contains(word)
        && ELDERCARE_MORPHEMES.iter().any(|morpheme| word.contains(morpheme))
}

/// True for a document-type word (条例, 实施办法): the genre of a title, not its topic.
fn is_genre_word(word: &str) -> bool {
    static GENRE_WORDS: std::sync::LazyLock<HashSet<&'static str>> =
        std::sync::LazyLock::new(|| corpus::dict::lines(corpus::dict::GENRE_WORDS).collect());
    GENRE_WORDS.contains(word)
}

/// Punctuation that makes a group a sentence rather than a name.
fn is_sentence_punctuation(ch: char) -> bool {
    matches!(ch, '，' | '。' | '？' | '！' | '；' | '：' | ',' | '.' | '?' | '!' | ';' | ':' | '、')
}

/// The words of a group as jieba cuts it (default mode), without stop words and punctuation.
fn main_words(cleaned: &str) -> Vec<String> {
    let jieba = shared_jieba();
    let mut words = Vec::new();
    for word in jieba.cut(cleaned, true) {
        let text = word.word.trim().to_lowercase();
        if text.is_empty() || is_punctuation_only(&text) || STOP_WORDS.contains(&text) || words.contains(&text) {
            continue;
        }
        words.push(text);
    }
    words
}

/// The provinces and prefecture-level cities a query word names (江苏, 苏州市, 和平区 → none).
/// Counties are left out: their short names collide with ordinary words.
fn named_places(word: &str) -> Vec<corpus::Region> {
    if word.chars().count() < 2 {
        return Vec::new();
    }
    let places = provinces_and_cities(word);
    if !places.is_empty() {
        return places;
    }
    // A place's full name glued to what follows it (陕西省政府, 北京市委): the longest prefix that is
    // a full name (ending in 省, 市, 区, 州 or 盟). A short name is not cut off (中山 of 中山大学).
    let boundaries: Vec<usize> = word.char_indices().map(|(offset, _)| offset).skip(2).collect();
    for end in boundaries.into_iter().rev() {
        let prefix = &word[..end];
        if prefix.ends_with(['省', '市', '区', '州', '盟']) {
            let places = provinces_and_cities(prefix);
            if !places.is_empty() {
                return places;
            }
        }
    }
    Vec::new()
}

fn provinces_and_cities(name: &str) -> Vec<corpus::Region> {
    corpus::regions::find_region(name).into_iter().filter(|region| region.level != "county").collect()
}

/// Matches documents whose primary region is the place (its province, or its city).
fn primary_place_query(schema: &IndexSchema, place: &corpus::Region) -> Box<dyn Query> {
    match (place.level.as_str(), &place.city) {
        ("province", _) | (_, None) => term_query(Term::from_field_text(schema.province, &place.province)),
        (_, Some(city)) => term_query(Term::from_field_text(schema.city, city)),
    }
}

/// Scores a typed word: in the title (×[`TITLE_BOOST`]) and, when it is one
/// bigram (two characters), as that bigram of the body once more (×[`BODY_WORD_WEIGHT`]), so word
/// bigrams weigh more than bigrams across a word boundary. Longer words are scored by their
/// bigrams and by the proximity re-ranking: phrase scoring cost a third of the query speed for no gain.
fn word_query(schema: &IndexSchema, word: &str) -> Box<dyn Query> {
    let mut alternatives: Vec<Box<dyn Query>> =
        title_word_query(schema, word).into_iter().map(|title| boost(title, TITLE_BOOST)).collect();
    if word.chars().count() == 2 {
        let body = term_query(Term::from_field_text(schema.body_bigram, word));
        alternatives.push(boost(body, BODY_WORD_WEIGHT));
    }
    Box::new(BooleanQuery::union(alternatives))
}

/// Scores a synonym of a typed word (×[`SYNONYM_WEIGHT`]): in the title and in the body.
fn synonym_query(schema: &IndexSchema, synonym: &str) -> Box<dyn Query> {
    let mut alternatives: Vec<Box<dyn Query>> = title_word_query(schema, synonym).into_iter().collect();
    if let Some(body) = body_substring_query(schema, synonym) {
        alternatives.push(body);
    }
    boost(Box::new(BooleanQuery::union(alternatives)), SYNONYM_WEIGHT)
}

/// Matches a document holding the word or one of its synonyms as written, in its title or body.
pub fn written_query(schema: &IndexSchema, word: &str) -> Box<dyn Query> {
    let mut alternatives = vec![word_presence_query(schema, word)];
    alternatives.extend(synonyms_of(word).iter().map(|synonym| word_presence_query(schema, synonym)));
    Box::new(BooleanQuery::union(alternatives))
}

/// Matches a document holding the word in its title or body.
fn word_presence_query(schema: &IndexSchema, word: &str) -> Box<dyn Query> {
    substring_query(schema, word).unwrap_or_else(|| Box::new(EmptyQuery))
}

/// Matches a word of two or more characters in the title: a phrase of its bigrams.
fn title_word_query(schema: &IndexSchema, word: &str) -> Option<Box<dyn Query>> {
    if word.chars().count() < 2 {
        return None;
    }
    bigram_phrase(schema.title_bigram, &bigrams(&normalize_mapped(word)))
}

/// Matches normalized text as a substring of title or body: a phrase over the bigram fields.
pub fn substring_query(schema: &IndexSchema, normalized: &str) -> Option<Box<dyn Query>> {
    let tokens = bigrams(&normalize_mapped(normalized));
    let title = bigram_phrase(schema.title_bigram, &tokens)?;
    let body = bigram_phrase(schema.body_bigram, &tokens)?;
    Some(Box::new(BooleanQuery::union(vec![title, body])))
}

/// Matches normalized text as a substring of the body.
fn body_substring_query(schema: &IndexSchema, normalized: &str) -> Option<Box<dyn Query>> {
    bigram_phrase(schema.body_bigram, &bigrams(&normalize_mapped(normalized)))
}

/// The bigrams as a phrase on `field` (a single bigram as a term); `None` without bigrams.
fn bigram_phrase(field: Field, tokens: &[AnalyzedToken]) -> Option<Box<dyn Query>> {
    if let [token] = tokens
        && let Some(character) = single_han_character(&token.text)
    {
        return Some(any_bigram_with(field, character));
    }
    let terms: Vec<(usize, Term)> =
        tokens.iter().map(|token| (token.position, Term::from_field_text(field, &token.text))).collect();
    match terms.len() {
        0 => None,
        1 => Some(term_query(terms.into_iter().next().expect("one term").1)),
        _ => Some(Box::new(PhraseQuery::new_with_offset(terms))),
    }
}

fn single_han_character(text: &str) -> Option<char> {
    let mut chars = text.chars();
    match (chars.next(), chars.next()) {
        (Some(character), None) if is_han(character) => Some(character),
        _ => None,
    }
}

/// Matches a Han character wherever it stands: the field holds it as a token of its own only when
/// no other Han character touches it, otherwise inside the bigrams before and after it.
fn any_bigram_with(field: Field, character: char) -> Box<dyn Query> {
    let pattern = format!("{character}|{character}.|.{character}");
    let regex = RegexQuery::from_pattern(&pattern, field).expect("a Han character and dots always form a valid regex");
    Box::new(regex)
}

fn term_query(term: Term) -> Box<dyn Query> {
    Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs))
}

fn boost(query: Box<dyn Query>, weight: f32) -> Box<dyn Query> {
    if (weight - 1.0).abs() < f32::EPSILON {
        return query;
    }
    Box::new(BoostQuery::new(query, weight))
}

/// The filters as queries; the regions filtered on are added to `places` (documents about them rank up).
fn filter_queries(
    schema: &IndexSchema,
    filters: &Filters,
    places: &mut Vec<String>,
) -> Result<Vec<Box<dyn Query>>, QueryError> {
    let mut queries: Vec<Box<dyn Query>> = Vec::new();
    if !filters.regions.is_empty() {
        let mut alternatives: Vec<Box<dyn Query>> = Vec::new();
        for name in &filters.regions {
            let regions = corpus::regions::find_region(&normalize(name));
            if regions.is_empty() {
                return Err(QueryError::BadFilter(
                    "region".into(),
                    name.clone(),
                    0,
                    "no such province, city or county".into(),
                ));
            }
            for region in regions {
                let path = region.facet_path();
                alternatives.push(term_query(Term::from_facet(schema.region, &Facet::from(path.as_str()))));
                places.push(path);
            }
        }
        queries.push(Box::new(BooleanQuery::union(alternatives)));
    }
    if !filters.kinds.is_empty() {
        let mut alternatives = Vec::new();
        for name in &filters.kinds {
            let kind = corpus::Kind::parse(name).ok_or_else(|| {
                QueryError::BadFilter(
                    "kind".into(),
                    name.clone(),
                    0,
                    "expected policy, interpretation, news or other".into(),
                )
            })?;
            alternatives.push(term_query(Term::from_field_text(schema.kind, kind.as_str())));
        }
        queries.push(Box::new(BooleanQuery::union(alternatives)));
    }
    for (values, field) in [(&filters.sites, schema.site), (&filters.sources, schema.source)] {
        if !values.is_empty() {
            let alternatives = values.iter().map(|value| term_query(Term::from_field_text(field, value))).collect();
            queries.push(Box::new(BooleanQuery::union(alternatives)));
        }
    }
    if filters.dates.from.is_some() || filters.dates.to.is_some() {
        let to_term = |date: chrono::NaiveDate| {
            let midnight = date.and_hms_opt(0, 0, 0).expect("midnight always exists").and_utc();
            Term::from_field_date(schema.published, DateTime::from_timestamp_secs(midnight.timestamp()))
        };
        let lower = filters.dates.from.map_or(Bound::Unbounded, |date| Bound::Included(to_term(date)));
        let upper = filters.dates.to.map_or(Bound::Unbounded, |date| Bound::Included(to_term(date)));
        queries.push(Box::new(RangeQuery::new(lower, upper)));
    }
    Ok(queries)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scope_words_are_cut_only_as_whole_tokens() {
        assert_eq!(cut_scope_words("各省老年助餐").map(|text| text.trim().to_string()), Some("老年助餐".into()));
        assert!(cut_scope_words("全国各地家庭养老床位").is_some_and(|text| !text.contains("各地")));
        assert!(cut_scope_words("各省份家庭养老床位").is_some_and(|text| text.trim() == "家庭养老床位"));
        assert_eq!(cut_scope_words("许多地方开展老年助餐"), None);
    }

    #[test]
    fn a_question_across_provinces_and_a_lone_nationwide_ask_for_breadth() {
        let cut = cut_scope_words("哪些省份出台了养老服务条例");
        assert!(cut.is_some_and(|text| !text.contains("哪些省份") && text.contains("养老服务条例")));
        assert!(is_scope_only(&Clause::Text("全国".into())));
        assert!(!is_scope_only(&Clause::Text("全国老龄工作委员会".into())), "全国 names a national body there");
        assert_eq!(cut_scope_words("全国老龄工作委员会"), None);
    }

    #[test]
    fn question_words_are_cut() {
        assert!(!cut_question_words("北京市对于展会项目有何支持政策").contains("有何"));
    }

    #[test]
    fn a_typed_name_is_about_its_eldercare_terms_not_its_place_or_genre() {
        let words = |name: &str| name_topics(&main_words(name));
        assert_eq!(words("上海市养老服务条例"), ["养老服务"]);
        assert_eq!(words("北京市居家养老服务条例"), ["居家养老"]);
        assert_eq!(words("江苏省家庭养老床位建设实施方案"), ["家庭养老床位"]);
        assert_eq!(words("上海市志愿服务条例"), ["志愿服务"]);
    }

    #[test]
    fn a_one_character_fragment_of_a_group_is_not_required() {
        let required = |group: &str| required_words(&main_words(group)).cloned().collect::<Vec<_>>();
        assert_eq!(required("西部大开发"), ["西部", "开发"]);
        assert_eq!(required("药"), ["药"]);
    }

    #[test]
    fn a_question_requires_its_specific_eldercare_terms_only() {
        assert!(is_specific_eldercare_term("养老机构"));
        assert!(is_specific_eldercare_term("长期护理保险"));
        assert!(!is_specific_eldercare_term("老人"), "too general");
        assert!(!is_specific_eldercare_term("疫情防控"), "policy vocabulary of the dictionary, not eldercare");
    }

    #[test]
    fn a_place_glued_to_what_follows_is_named() {
        let province = |word: &str| named_places(word).into_iter().map(|place| place.province).collect::<Vec<_>>();
        assert_eq!(province("陕西省政府"), ["陕西省"]);
        assert_eq!(province("北京市委"), ["北京市"]);
        assert_eq!(province("江苏"), ["江苏省"]);
        assert!(province("中山大学").is_empty(), "a short name is not cut off a longer word");
        assert!(province("省政府").is_empty());
    }

    #[test]
    fn a_compound_is_made_of_the_fewest_dictionary_words() {
        assert_eq!(compound_parts("老年人优待"), Some(vec!["老年人".to_string(), "优待".to_string()]));
        let parts = compound_parts("长期护理保险").expect("长期护理保险 has dictionary parts");
        assert_eq!(parts.concat(), "长期护理保险");
        assert!(parts.len() >= 2 && parts.iter().all(|part| part.chars().count() >= 2), "{parts:?}");
        assert_eq!(compound_parts("老年人"), None, "too short to split");
        assert_eq!(compound_parts("适老化"), None);
    }

    #[test]
    fn matching_by_parts_splits_compounds_but_not_places() {
        let split = |group: &str, matching: &Matching| {
            let mut notes = ClauseNotes { matching: matching.clone(), ..ClauseNotes::default() };
            let required = split_compounds(&main_words(group), &mut notes);
            (required, notes.splits.len())
        };
        let parts_of = |words: &[&str]| Matching::Parts(words.iter().map(|word| word.to_string()).collect());
        assert_eq!(split("老年人优待", &Matching::Exact), (vec!["老年人优待".to_string()], 1));
        let split_words = split("老年人优待", &parts_of(&["老年人优待"]));
        assert_eq!(split_words, (vec!["老年人".to_string(), "优待".to_string()], 1));
        assert_eq!(split("老年人优待", &parts_of(&["家庭养老床位"])), (vec!["老年人优待".to_string()], 0));
        assert_eq!(split("内蒙古自治区", &parts_of(&["内蒙古自治区"])).1, 0, "a place is never split");
    }

    #[test]
    fn main_words_skip_punctuation_and_stop_words() {
        let words = main_words("家庭养老床位，的");
        assert_eq!(words, ["家庭养老床位"]);
    }
}
