//! The query language: words, `"phrases"`, `-excluded`, `OR`, and field filters.
//!
//! ```text
//! 家庭养老床位 region:江苏 from:2021-01-01 -试点 "长期护理保险" 老年助餐 OR 长者食堂 kind:policy
//! ```
//! - Whitespace separates groups; every group must match (a group is a word or a whole question).
//! - `A OR B`: either group.
//! - `"…"` (ASCII or full-width `＂`): an exact phrase, matched as a substring of normalized text.
//!   Chinese quotation marks `“…”` are ordinary punctuation of the text: questions pasted from
//!   documents carry them around names (`“三个逐一”`), and reading them as strict phrases would
//!   make such questions find nothing.
//! - `-word`, `-"phrase"`: documents containing it are excluded.
//! - Filters: `region:` `kind:` `site:` `source:` `from:` `to:` `year:` (dates `YYYY`, `YYYY-MM` or
//!   `YYYY-MM-DD`). A `word:` with another prefix is ordinary text.
//! - "Since" in words (`2021年以来`, `自2021年6月以来`) is a `from:` date unless one is given
//!   ([`super::since`]).
//!
//! Full-width characters are folded first (NFKC), so `ｒｅｇｉｏｎ：江苏` works too.
//! Errors say where (a character position) and what is wrong.

use chrono::NaiveDate;
use unicode_normalization::UnicodeNormalization;

/// Longest accepted query, in characters.
pub const MAX_QUERY_CHARS: usize = 500;

/// A query the parser cannot read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QueryError {
    /// The query is longer than [`MAX_QUERY_CHARS`].
    #[error("query is too long: {0} characters, the limit is {MAX_QUERY_CHARS}")]
    TooLong(usize),
    /// A quote was opened and never closed.
    #[error("unclosed quote at character {0}")]
    UnclosedQuote(usize),
    /// `OR` with nothing on one side.
    #[error("`OR` at character {0} needs a term on both sides")]
    DanglingOr(usize),
    /// A filter with no value.
    #[error("filter `{0}:` at character {1} has no value")]
    EmptyFilter(String, usize),
    /// A filter value that does not parse.
    #[error("filter `{0}:{1}` at character {2}: {3}")]
    BadFilter(String, String, usize, String),
}

/// One group of the query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Clause {
    /// Free text: a word, several words without spaces, or a question.
    Text(String),
    /// An exact phrase.
    Phrase(String),
    /// Any of several clauses.
    AnyOf(Vec<Clause>),
}

/// A date range filter (inclusive).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DateRange {
    /// First day included.
    pub from: Option<NaiveDate>,
    /// Last day included.
    pub to: Option<NaiveDate>,
}

/// Field filters of a query.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Filters {
    /// `region:` values (names as typed).
    pub regions: Vec<String>,
    /// `kind:` values.
    pub kinds: Vec<String>,
    /// `site:` values.
    pub sites: Vec<String>,
    /// `source:` values.
    pub sources: Vec<String>,
    /// `from:` / `to:` / `year:`.
    pub dates: DateRange,
}

/// A parsed query.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ParsedQuery {
    /// Groups that must match.
    pub clauses: Vec<Clause>,
    /// Clauses whose documents are excluded.
    pub excluded: Vec<Clause>,
    /// Filters.
    pub filters: Filters,
}

impl ParsedQuery {
    /// Returns true when the query has no positive clause (only filters, exclusions or nothing).
    pub fn has_no_text(&self) -> bool {
        self.clauses.is_empty()
    }
}

#[derive(Debug)]
enum Token {
    Word { text: String, negated: bool, at: usize },
    Phrase { text: String, negated: bool },
    Or { at: usize },
}

/// Parses a query.
pub fn parse_query(raw: &str) -> Result<ParsedQuery, QueryError> {
    let char_count = raw.chars().count();
    if char_count > MAX_QUERY_CHARS {
        return Err(QueryError::TooLong(char_count));
    }
    let folded: Vec<char> = raw.nfkc().collect();
    let tokens = lex(&folded)?;
    let mut parsed = ParsedQuery::default();
    let mut joins_previous = false;
    let mut since: Option<NaiveDate> = None;
    for (index, token) in tokens.iter().enumerate() {
        let (clause, negated) = match token {
            Token::Or { at } => {
                let previous_is_positive = index > 0 && is_positive_clause(&tokens[index - 1]);
                let next_is_positive = tokens.get(index + 1).is_some_and(is_positive_clause);
                if !previous_is_positive || !next_is_positive {
                    return Err(QueryError::DanglingOr(*at));
                }
                joins_previous = true;
                continue;
            }
            Token::Word { text, negated, at } => {
                if let Some((field, value)) = split_filter(text) {
                    apply_filter(&mut parsed.filters, field, value, *at)?;
                    continue;
                }
                let mut text = text.clone();
                if !negated && let Some((first_day, rest)) = super::since::take_since(&text) {
                    since.get_or_insert(first_day);
                    if rest.is_empty() {
                        continue;
                    }
                    text = rest;
                }
                (Clause::Text(text), *negated)
            }
            Token::Phrase { text, negated } => (Clause::Phrase(text.clone()), *negated),
        };
        if negated {
            parsed.excluded.push(clause);
        } else if std::mem::take(&mut joins_previous) {
            let previous = parsed.clauses.pop().expect("an OR always follows a positive clause");
            let mut alternatives = match previous {
                Clause::AnyOf(items) => items,
                other => vec![other],
            };
            alternatives.push(clause);
            parsed.clauses.push(Clause::AnyOf(alternatives));
        } else {
            parsed.clauses.push(clause);
        }
    }
    // An explicit `from:` (or `year:`) wins over words.
    if parsed.filters.dates.from.is_none() {
        parsed.filters.dates.from = since;
    }
    Ok(parsed)
}

fn is_positive_clause(token: &Token) -> bool {
    match token {
        Token::Word { text, negated, .. } => !negated && split_filter(text).is_none() && !is_only_since(text),
        Token::Phrase { negated, .. } => !negated,
        Token::Or { .. } => false,
    }
}

/// True for a group that is a "since" expression and nothing else (it becomes a filter, not a clause).
fn is_only_since(text: &str) -> bool {
    super::since::take_since(text).is_some_and(|(_, rest)| rest.is_empty())
}

fn lex(chars: &[char]) -> Result<Vec<Token>, QueryError> {
    let mut tokens = Vec::new();
    let mut index = 0;
    while index < chars.len() {
        let ch = chars[index];
        if ch.is_whitespace() {
            index += 1;
            continue;
        }
        let start = index;
        let negated = ch == '-' && chars.get(index + 1).is_some_and(|next| !next.is_whitespace());
        if negated {
            index += 1;
        }
        if chars[index] == '"' {
            let close = chars[index + 1..].iter().position(|&c| c == '"').ok_or(QueryError::UnclosedQuote(index))?;
            let text: String = chars[index + 1..index + 1 + close].iter().collect();
            index += close + 2;
            if !text.trim().is_empty() {
                tokens.push(Token::Phrase { text: text.trim().to_string(), negated });
            }
            continue;
        }
        let word_start = index;
        while index < chars.len() && !chars[index].is_whitespace() && chars[index] != '"' {
            index += 1;
        }
        let text: String = chars[word_start..index].iter().collect();
        if text == "OR" && !negated {
            tokens.push(Token::Or { at: start });
        } else if !text.is_empty() {
            tokens.push(Token::Word { text, negated, at: start });
        }
    }
    Ok(tokens)
}

const FILTER_FIELDS: [&str; 7] = ["region", "kind", "site", "source", "from", "to", "year"];

fn split_filter(word: &str) -> Option<(&str, &str)> {
    let (field, value) = word.split_once(':')?;
    FILTER_FIELDS.contains(&field).then_some((field, value))
}

fn apply_filter(filters: &mut Filters, field: &str, value: &str, at: usize) -> Result<(), QueryError> {
    if value.is_empty() {
        return Err(QueryError::EmptyFilter(field.to_string(), at));
    }
    let bad = |reason: &str| QueryError::BadFilter(field.to_string(), value.to_string(), at, reason.to_string());
    match field {
        "region" => filters.regions.push(value.to_string()),
        "kind" => filters.kinds.push(value.to_string()),
        "site" => filters.sites.push(value.to_lowercase()),
        "source" => filters.sources.push(value.to_string()),
        "from" => {
            filters.dates.from =
                Some(parse_date_bound(value, false).ok_or_else(|| bad("expected YYYY, YYYY-MM or YYYY-MM-DD"))?)
        }
        "to" => {
            filters.dates.to =
                Some(parse_date_bound(value, true).ok_or_else(|| bad("expected YYYY, YYYY-MM or YYYY-MM-DD"))?)
        }
        "year" => {
            let year: i32 = value.parse().map_err(|_| bad("expected a year such as 2021"))?;
            filters.dates.from = NaiveDate::from_ymd_opt(year, 1, 1);
            filters.dates.to = NaiveDate::from_ymd_opt(year, 12, 31);
            if filters.dates.from.is_none() {
                return Err(bad("year out of range"));
            }
        }
        _ => unreachable!("split_filter only returns FILTER_FIELDS"),
    }
    Ok(())
}

/// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (also `/` or `.` separated); an upper bound takes the
/// last day of the year or month.
pub fn parse_date_bound(value: &str, upper: bool) -> Option<NaiveDate> {
    let parts: Vec<&str> = value.split(['-', '/', '.']).collect();
    let number = |index: usize| parts.get(index).and_then(|part| part.parse::<u32>().ok());
    let year = i32::try_from(number(0)?).ok().filter(|y| (1900..=2200).contains(y))?;
    match parts.len() {
        1 => {
            if upper {
                NaiveDate::from_ymd_opt(year, 12, 31)
            } else {
                NaiveDate::from_ymd_opt(year, 1, 1)
            }
        }
        2 => {
            let month = number(1)?;
            let first = NaiveDate::from_ymd_opt(year, month, 1)?;
            if !upper {
                return Some(first);
            }
            let next_month = if month == 12 {
                NaiveDate::from_ymd_opt(year + 1, 1, 1)?
            } else {
                NaiveDate::from_ymd_opt(year, month + 1, 1)?
            };
            next_month.pred_opt()
        }
        3 => NaiveDate::from_ymd_opt(year, number(1)?, number(2)?),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(value: &str) -> Clause {
        Clause::Text(value.to_string())
    }

    #[test]
    fn words_phrases_and_exclusions() {
        let parsed = parse_query("家庭养老床位 \"制度试点\" -试点 -\"长期护理\"").unwrap();
        assert_eq!(parsed.clauses, [text("家庭养老床位"), Clause::Phrase("制度试点".into())]);
        assert_eq!(parsed.excluded, [text("试点"), Clause::Phrase("长期护理".into())]);
    }

    #[test]
    fn or_joins_neighbours() {
        let parsed = parse_query("老年助餐 OR 长者食堂 江苏").unwrap();
        assert_eq!(parsed.clauses, [Clause::AnyOf(vec![text("老年助餐"), text("长者食堂")]), text("江苏")]);
        let three = parse_query("a OR b OR c").unwrap();
        assert_eq!(three.clauses, [Clause::AnyOf(vec![text("a"), text("b"), text("c")])]);
    }

    #[test]
    fn filters_are_read() {
        let parsed = parse_query("养老 region:江苏 kind:policy from:2021 to:2022-06 site:www.mca.gov.cn").unwrap();
        assert_eq!(parsed.clauses, [text("养老")]);
        assert_eq!(parsed.filters.regions, ["江苏"]);
        assert_eq!(parsed.filters.dates.from, NaiveDate::from_ymd_opt(2021, 1, 1));
        assert_eq!(parsed.filters.dates.to, NaiveDate::from_ymd_opt(2022, 6, 30));
        let year = parse_query("year:2020").unwrap();
        assert_eq!(year.filters.dates.to, NaiveDate::from_ymd_opt(2020, 12, 31));
    }

    #[test]
    fn full_width_filters_and_quotes_work() {
        let parsed = parse_query("ｒｅｇｉｏｎ：江苏 ＂制度试点＂").unwrap();
        assert_eq!(parsed.filters.regions, ["江苏"]);
        assert_eq!(parsed.clauses, [Clause::Phrase("制度试点".into())]);
    }

    #[test]
    fn errors_say_where() {
        assert_eq!(parse_query("养老 \"制度试点"), Err(QueryError::UnclosedQuote(3)));
        assert_eq!(parse_query("OR 养老"), Err(QueryError::DanglingOr(0)));
        assert_eq!(parse_query("养老 OR"), Err(QueryError::DanglingOr(3)));
        assert!(matches!(parse_query("from:yesterday"), Err(QueryError::BadFilter(..))));
        assert!(matches!(parse_query("kind:"), Err(QueryError::EmptyFilter(..))));
        assert!(matches!(parse_query(&"养".repeat(MAX_QUERY_CHARS + 1)), Err(QueryError::TooLong(_))));
    }

    #[test]
    fn chinese_quotation_marks_are_text() {
        let parsed = parse_query("温州四类”重点企业有哪些？").unwrap();
        assert_eq!(parsed.clauses, [text("温州四类”重点企业有哪些?")]);
    }

    #[test]
    fn unknown_prefixes_are_text() {
        let parsed = parse_query("http://example.org").unwrap();
        assert_eq!(parsed.clauses, [text("http://example.org")]);
    }

    #[test]
    fn since_in_words_is_a_from_date() {
        let parsed = parse_query("家庭养老床位 江苏 2021年以来").unwrap();
        assert_eq!(parsed.clauses, [Clause::Text("家庭养老床位".into()), Clause::Text("江苏".into())]);
        assert_eq!(parsed.filters.dates.from, NaiveDate::from_ymd_opt(2021, 1, 1));
        let explicit = parse_query("养老 2021年以来 from:2019").unwrap();
        assert_eq!(explicit.filters.dates.from, NaiveDate::from_ymd_opt(2019, 1, 1));
        let quoted = parse_query("\"2021年以来\"").unwrap();
        assert_eq!(quoted.clauses, [Clause::Phrase("2021年以来".into())]);
        assert!(parse_query("-2021年以来 养老").unwrap().filters.dates.from.is_none());
        assert!(matches!(parse_query("2021年以来 OR 长者食堂"), Err(QueryError::DanglingOr(_))));
    }
}
