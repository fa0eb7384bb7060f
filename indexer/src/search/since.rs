//! "Since" written in words: `2021年以来`, `自2021年6月以来`, `2021年至今` in a query's text become a
//! `from:` date, as a researcher asking for "all 家庭养老床位 measures in 江苏 since 2021" types it.
//!
//! Traditional script is read too (the parser runs before conversion). Only unambiguous forms are read: 以来 and 至今 anywhere in a group, 起 only when the expression is
//! the whole group (`2021年起`), because `2021年起调整…` names a policy. Quoted phrases are text.

use std::sync::LazyLock;

use chrono::NaiveDate;
use regex::Regex;

static SINCE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:自|从|從)?\s*((?:19|20)\d{2})\s*年\s*(?:(\d{1,2})\s*月份?\s*)?(?:以来|以來|至今)")
        .expect("the since pattern is valid")
});

static SINCE_WHOLE_GROUP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:自|从|從)?\s*((?:19|20)\d{2})\s*年\s*(?:(\d{1,2})\s*月份?\s*)?起$")
        .expect("the since pattern is valid")
});

/// Finds a "since" expression in a group of query text: returns the first day it names and the
/// group without it (empty when the expression was the whole group).
pub fn take_since(group: &str) -> Option<(NaiveDate, String)> {
    let trimmed = group.trim();
    let captures = SINCE_WHOLE_GROUP.captures(trimmed).or_else(|| SINCE.captures(trimmed))?;
    let year: i32 = captures[1].parse().ok()?;
    let month: u32 = captures.get(2).map_or(Some(1), |month| month.as_str().parse().ok())?;
    let first_day = NaiveDate::from_ymd_opt(year, month, 1)?;
    let whole = captures.get(0).expect("group 0 always exists");
    let rest = format!("{} {}", &trimmed[..whole.start()], &trimmed[whole.end()..]);
    Some((first_day, rest.trim().to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(year: i32, month: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(year, month, 1).unwrap()
    }

    #[test]
    fn since_forms_become_a_first_day() {
        assert_eq!(take_since("2021年以来"), Some((date(2021, 1), String::new())));
        assert_eq!(take_since("自2021年6月以来"), Some((date(2021, 6), String::new())));
        assert_eq!(take_since("2020年至今"), Some((date(2020, 1), String::new())));
        assert_eq!(take_since("2022年起"), Some((date(2022, 1), String::new())));
        assert_eq!(take_since("從2021年以來"), Some((date(2021, 1), String::new())), "traditional script");
    }

    #[test]
    fn the_rest_of_the_group_stays() {
        assert_eq!(take_since("江苏2021年以来家庭养老床位"), Some((date(2021, 1), "江苏 家庭养老床位".to_string())));
    }

    #[test]
    fn ambiguous_or_invalid_forms_are_text() {
        assert_eq!(take_since("2021年起调整养老金"), None);
        assert_eq!(take_since("2021年"), None);
        assert_eq!(take_since("2021年13月以来"), None);
        assert_eq!(take_since("十四五以来"), None);
    }
}
