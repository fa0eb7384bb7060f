//! Date parsing: `2021-04-30`, `2021/4/30`, `2021.04.30`, `2021年4月30日`, `二〇二三年十月十二日`,
//! with an optional `13:56[:07]` time, and year-last `7/5/2005 9:23:57 PM` (month first with a
//! 12-hour clock, as en-US writes it; otherwise only when a part above 12 tells the order), into
//! ISO 8601 (`YYYY-MM-DD` or `YYYY-MM-DDTHH:MM:SS`).

use std::sync::LazyLock;

use chrono::{NaiveDate, NaiveTime};
use regex::Regex;

/// A numeric date with an optional time.
static NUMERIC_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"((?:19|20)\d{2})\s*(?:[-/.]|年)\s*(\d{1,2})\s*(?:[-/.]|月)\s*(\d{1,2})(?:\s*日)?(?:[\sT]*(\d{1,2})\s*[:：时]\s*(\d{1,2})(?:\s*[:：分]\s*(\d{1,2}))?)?",
    )
    .expect("the date pattern is valid")
});

/// A date of Western locales, year last: `7/5/2005 9:23:57 PM` (en-US), `25/12/2005 21:23`.
static YEAR_LAST_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?:^|[^\d/])(\d{1,2})/(\d{1,2})/((?:19|20)\d{2})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\s*([AaPp])\.?[Mm]\.?)?)?",
    )
    .expect("the year-last date pattern is valid")
});

/// A date written in Chinese numerals, e.g. `二〇二三年十月十二日`.
static CHINESE_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"([〇○零一二三四五六七八九Ｏ０]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日")
        .expect("the Chinese-numeral date pattern is valid")
});

/// A date in a URL path: `/2020-02/19/`, `/20200102/`, `/2020/02/19/`, `t20200219_`.
static URL_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[/_t])((?:19|20)\d{2})[-/_]?(0[1-9]|1[0-2])[-/_]?(0[1-9]|[12]\d|3[01])(?:[/_.]|$)")
        .expect("the URL date pattern is valid")
});

/// A date found in text: its ISO form and byte span.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundDate {
    /// `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM:SS`.
    pub iso: String,
    /// Byte offset of the match start.
    pub start: usize,
    /// Byte offset of the match end.
    pub end: usize,
}

fn iso(year: i32, month: u32, day: u32, time: Option<(u32, u32, u32)>) -> Option<String> {
    let date = NaiveDate::from_ymd_opt(year, month, day)?;
    match time.and_then(|(hour, minute, second)| NaiveTime::from_hms_opt(hour, minute, second)) {
        Some(time) => Some(format!("{}T{}", date.format("%Y-%m-%d"), time.format("%H:%M:%S"))),
        None => Some(date.format("%Y-%m-%d").to_string()),
    }
}

/// Returns every valid date in `text`, in order.
pub fn find_dates(text: &str) -> Vec<FoundDate> {
    let mut found = Vec::new();
    for captures in NUMERIC_DATE.captures_iter(text) {
        let whole = captures.get(0).expect("group 0 always matches");
        let number = |group: usize| captures.get(group).and_then(|value| value.as_str().parse::<u32>().ok());
        let (Some(year), Some(month), Some(day)) = (number(1), number(2), number(3)) else {
            continue;
        };
        let time = match (number(4), number(5)) {
            (Some(hour), Some(minute)) => Some((hour, minute, number(6).unwrap_or(0))),
            _ => None,
        };
        if let Some(iso) = iso(year as i32, month, day, time) {
            found.push(FoundDate { iso, start: whole.start(), end: whole.end() });
        }
    }
    for captures in YEAR_LAST_DATE.captures_iter(text) {
        // Group 0 may start with the character before the date.
        let (Some(first), Some(whole)) = (captures.get(1), captures.get(0)) else { continue };
        if let Some(iso) = year_last_iso(&captures) {
            found.push(FoundDate { iso, start: first.start(), end: whole.end() });
        }
    }
    for captures in CHINESE_DATE.captures_iter(text) {
        let whole = captures.get(0).expect("group 0 always matches");
        let year_digits: Option<String> =
            captures[1].chars().map(|digit| chinese_digit(digit).map(|value| char::from(b'0' + value as u8))).collect();
        let year = year_digits.and_then(|digits| digits.parse::<i32>().ok());
        let (Some(year), Some(month), Some(day)) = (year, chinese_number(&captures[2]), chinese_number(&captures[3]))
        else {
            continue;
        };
        if let Some(iso) = iso(year, month, day, None) {
            found.push(FoundDate { iso, start: whole.start(), end: whole.end() });
        }
    }
    found.sort_by_key(|date| date.start);
    found
}

/// Returns the first valid date in `text`.
pub fn first_date(text: &str) -> Option<FoundDate> {
    find_dates(text).into_iter().next()
}

/// Parses a whole value such as a meta tag's content (`2021-04-30T08:00:00+08:00`, `2021年4月30日`).
pub fn parse_date(value: &str) -> Option<String> {
    first_date(value).map(|date| date.iso)
}

/// Returns the publish date that TRS/enorth CMS pages (people.cn, xinhuanet and many provincial
/// sites) leave in a comment: `<!--enpproperty <date>2022-02-13 00:00:00:0</date>…-->`.
pub fn date_from_cms_comment(html: &str) -> Option<String> {
    let comment_start = html.find("<!--enpproperty")?;
    let comment = &html[comment_start..];
    let comment = &comment[..comment.find("-->").unwrap_or(comment.len())];
    let date_start = comment.find("<date>")? + "<date>".len();
    let date_end = date_start + comment[date_start..].find("</date>")?;
    let value = &comment[date_start..date_end];
    // The CMS writes midnight when no time was entered, and appends milliseconds.
    let date = parse_date(value)?;
    Some(date.strip_suffix("T00:00:00").map(str::to_string).unwrap_or(date))
}

/// Returns the date in a URL path, if any.
pub fn date_from_url(url: &str) -> Option<String> {
    let path_start = url.find("://").map_or(0, |scheme_end| scheme_end + 3);
    let path = &url[path_start..];
    let path = path.find('/').map_or("", |slash| &path[slash..]);
    let captures = URL_DATE.captures(path)?;
    iso(captures[1].parse().ok()?, captures[2].parse().ok()?, captures[3].parse().ok()?, None)
}

/// Reads a year-last date: with a 12-hour clock (`PM`) it is en-US, month first; otherwise the
/// order must be plain from a part above 12, and an ambiguous `5/7/2005` is no date.
fn year_last_iso(captures: &regex::Captures<'_>) -> Option<String> {
    let number = |group: usize| captures.get(group).and_then(|value| value.as_str().parse::<u32>().ok());
    let (first, second, year) = (number(1)?, number(2)?, number(3)?);
    let half_day = captures.get(7).map(|value| value.as_str().to_ascii_lowercase());
    let (month, day) = match (&half_day, first > 12, second > 12) {
        (Some(_), _, _) | (None, false, true) => (first, second),
        (None, true, false) => (second, first),
        _ => return None,
    };
    let time = match (number(4), number(5)) {
        (Some(hour), Some(minute)) => {
            let hour = match half_day.as_deref() {
                Some("p") if hour < 12 => hour + 12,
                Some("a") if hour == 12 => 0,
                _ => hour,
            };
            Some((hour, minute, number(6).unwrap_or(0)))
        }
        _ => None,
    };
    iso(year as i32, month, day, time)
}

fn chinese_digit(digit: char) -> Option<u32> {
    Some(match digit {
        '〇' | '○' | '零' | 'Ｏ' | '０' => 0,
        '一' => 1,
        '二' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    })
}

/// Parses 一 … 三十一.
fn chinese_number(text: &str) -> Option<u32> {
    let characters: Vec<char> = text.chars().collect();
    match characters.as_slice() {
        ['十'] => Some(10),
        ['十', unit] => Some(10 + chinese_digit(*unit)?),
        [tens, '十'] => Some(chinese_digit(*tens)? * 10),
        [tens, '十', unit] => Some(chinese_digit(*tens)? * 10 + chinese_digit(*unit)?),
        [unit] => chinese_digit(*unit),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numeric_forms() {
        assert_eq!(parse_date("发布时间：2021/04/30").as_deref(), Some("2021-04-30"));
        assert_eq!(parse_date("2021年4月3日").as_deref(), Some("2021-04-03"));
        assert_eq!(parse_date("2021.04.30").as_deref(), Some("2021-04-30"));
        assert_eq!(parse_date("時間:2022-10-01 13:56 來源:").as_deref(), Some("2022-10-01T13:56:00"));
        assert_eq!(parse_date("2019-02-15T09:30:07+08:00").as_deref(), Some("2019-02-15T09:30:07"));
        assert_eq!(parse_date("2005-5-7 21:23:57").as_deref(), Some("2005-05-07T21:23:57"));
    }

    #[test]
    fn year_last_forms() {
        assert_eq!(parse_date("发布日期： 7/5/2005 9:23:57 PM").as_deref(), Some("2005-07-05T21:23:57"));
        assert_eq!(parse_date("12/1/2005 12:05 AM").as_deref(), Some("2005-12-01T00:05:00"));
        assert_eq!(parse_date("25/12/2005").as_deref(), Some("2005-12-25"));
        assert_eq!(parse_date("12/25/2005").as_deref(), Some("2005-12-25"));
        assert_eq!(parse_date("5/7/2005"), None);
        assert_eq!(parse_date("2021/5/7/2005").as_deref(), Some("2021-05-07"));
    }

    #[test]
    fn invalid_dates_are_skipped() {
        assert_eq!(parse_date("2021-13-45 2020-02-29"), Some("2020-02-29".to_string()));
        assert_eq!(parse_date("电话：2021-8888"), None);
    }

    #[test]
    fn chinese_numerals() {
        assert_eq!(parse_date("二〇二三年十月十二日").as_deref(), Some("2023-10-12"));
        assert_eq!(parse_date("二〇一九年一月二十七日").as_deref(), Some("2019-01-27"));
    }

    #[test]
    fn cms_comment_dates() {
        let html =
            "<p>正文</p><!--enpproperty <articleid>1</articleid><date>2022-02-13 00:00:00:0</date><author></author>-->";
        assert_eq!(date_from_cms_comment(html).as_deref(), Some("2022-02-13"));
        assert_eq!(date_from_cms_comment("<p>2022-02-13</p>"), None);
    }

    #[test]
    fn url_dates() {
        assert_eq!(
            date_from_url("http://www.gov.cn/zhengce/content/2019-02/15/content_5365945.htm").as_deref(),
            Some("2019-02-15")
        );
        assert_eq!(
            date_from_url("http://www.banyuetan.org/jmcs/detail/20200102/1000200033.html").as_deref(),
            Some("2020-01-02")
        );
        assert_eq!(date_from_url("http://www.mca.gov.cn/article/t20210430_123.html").as_deref(), Some("2021-04-30"));
        assert_eq!(date_from_url("http://example.com/a/12345678901.html"), None);
    }
}
