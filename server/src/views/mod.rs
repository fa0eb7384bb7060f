//! The logic behind each page and its JSON twin, one job per module, free of HTTP and templates.
//!
//! # Layout
//! - [`catalog`]: the corpus-wide tables built once from every document (summaries, repost
//!   clusters, the [`citations`] graph and the [`trace`] shingle index), shared through `AppState`.
//! - [`citations`]: 《titles》 and 文号 a text cites, matched to corpus documents both ways.
//! - [`trace`]: winnowed character 5-gram fingerprints: where a quoted passage appears.
//! - [`compare`]: the best-matching paragraphs of a query, per province.
//! - [`timeline`]: per province, the first matching document and the count per year after it.
//! - [`charts`]: server-rendered SVG bar charts.
//! - [`links`]: query strings of the search page's links (facets, sort, pages).

pub mod catalog;
pub mod charts;
pub mod citations;
pub mod compare;
pub mod links;
pub mod timeline;
pub mod trace;

/// Returns the year (`YYYY`) of an ISO date, when it has one.
pub fn year_of(date: Option<&str>) -> Option<i32> {
    let year = date?.get(..4)?;
    year.parse().ok()
}

/// Returns the date part (`YYYY-MM-DD`) of an ISO date-time.
pub fn date_part(date: &str) -> &str {
    date.get(..10).unwrap_or(date)
}

/// Returns the 34 provincial-level divisions, in code order.
pub fn all_provinces() -> Vec<corpus::Region> {
    const PROVINCE_CODES: [u32; 34] = [
        11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62,
        63, 64, 65, 71, 81, 82,
    ];
    PROVINCE_CODES.iter().filter_map(|code| corpus::regions::region_by_code(&format!("{code}0000"))).collect()
}

/// Resolves a province name (full or short: 江苏省, 江苏, 内蒙古) to its full name.
pub fn province_full_name(name: &str) -> Option<String> {
    let found = corpus::regions::find_region(name.trim());
    found.into_iter().find(|region| region.level == "province").map(|region| region.province)
}

/// Returns a province's short name for tight labels (江苏省 → 江苏, 内蒙古自治区 → 内蒙古).
pub fn province_short_name(full: &str) -> &str {
    for suffix in ["壮族自治区", "回族自治区", "维吾尔自治区", "特别行政区", "自治区", "省", "市"]
    {
        if let Some(short) = full.strip_suffix(suffix)
            && !short.is_empty()
        {
            return short;
        }
    }
    full
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn provinces_are_complete_and_named_in_full() {
        let provinces = all_provinces();
        assert!(provinces.len() >= 31, "help: the gazetteer lost provinces: {}", provinces.len());
        assert!(provinces.iter().any(|region| region.name == "江苏省"));
    }

    #[test]
    fn short_province_names_resolve() {
        assert_eq!(province_full_name("江苏").as_deref(), Some("江苏省"));
        assert_eq!(province_full_name("内蒙古").as_deref(), Some("内蒙古自治区"));
        assert_eq!(province_full_name("不存在"), None);
        assert_eq!(province_short_name("宁夏回族自治区"), "宁夏");
        assert_eq!(province_short_name("北京市"), "北京");
    }
}
