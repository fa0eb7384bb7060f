//! The search page (`/`): query box, results with highlighted snippets, facet lists that filter
//! on click, charts of documents per province and per year, sort, pages and CSV export.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use indexer::SearchResponse;
use indexer::search::FacetCount;

use super::{doc_href, render};
use crate::AppState;
use crate::api::{SearchParams, run_search};
use crate::views::charts::{self, Bar};
use crate::views::links::SearchLinks;

/// Provinces drawn in the chart.
const CHART_PROVINCES: usize = 15;
/// Values listed per facet (the rest is summed up).
const FACET_VALUES: usize = 12;
/// Page links around the current page.
const PAGE_LINKS_AROUND: usize = 3;
/// Hits exported by the CSV link.
const CSV_LIMIT: &str = "1000";

/// The search page.
#[derive(Template)]
#[template(path = "search.html")]
pub struct SearchPage {
    /// Window title.
    pub title: String,
    /// Highlighted navigation entry.
    pub nav: &'static str,
    /// The query as typed.
    pub query: String,
    /// An error message for a bad query or parameter.
    pub error: Option<String>,
    /// The results.
    pub results: Option<ResultsView>,
}

/// Everything shown about a result set.
pub struct ResultsView {
    /// Matching documents.
    pub total: usize,
    /// Milliseconds the search took, formatted.
    pub took: String,
    /// Position of the first hit shown (1-based).
    pub first_shown: usize,
    /// The hits of this page.
    pub hits: Vec<HitView>,
    /// Filters in effect, each removable.
    pub active_filters: Vec<Chip>,
    /// Facet lists.
    pub facet_groups: Vec<FacetGroup>,
    /// True when sorted by date.
    pub sorted_by_date: bool,
    /// Link to relevance order.
    pub relevance_href: String,
    /// Link to date order.
    pub date_href: String,
    /// Page links.
    pub pages: Vec<PageLink>,
    /// CSV export of the current result.
    pub csv_href: String,
    /// Compare provinces for this query.
    pub compare_href: String,
    /// Timeline for this query.
    pub timeline_href: String,
    /// SVG: documents per province.
    pub province_chart: String,
    /// SVG: documents per year.
    pub year_chart: String,
    /// What to change when nothing matched.
    pub suggestions: Vec<Chip>,
    /// Compounds that few documents hold as written, each with its parts as a phrase
    /// (「老年人」「优待」): documents holding the parts apart follow.
    pub split_words: Vec<(String, String)>,
    /// [`indexer::MATCH_PARTS_BELOW`].
    pub split_below: usize,
}

/// One hit as shown.
pub struct HitView {
    /// Link to the document page.
    pub href: String,
    /// Title, escaped, with marks.
    pub title_html: String,
    /// Snippet, escaped, with marks.
    pub snippet_html: String,
    /// Publish date.
    pub date: Option<String>,
    /// Publisher or issuer.
    pub source: Option<String>,
    /// Region (most specific level).
    pub region: Option<String>,
    /// Kind label (政策, 解读, 新闻, 其他).
    pub kind: &'static str,
    /// 文号.
    pub doc_number: Option<String>,
    /// Other copies of this document.
    pub reposts: u64,
}

/// A labelled link (an active filter to remove, a suggestion).
pub struct Chip {
    /// Label.
    pub label: String,
    /// Target.
    pub href: String,
}

/// One facet's values.
pub struct FacetGroup {
    /// Heading.
    pub title: &'static str,
    /// Values, most frequent first (years newest first).
    pub items: Vec<FacetItem>,
}

/// One facet value.
pub struct FacetItem {
    /// Label.
    pub label: String,
    /// Matching documents.
    pub count: u64,
    /// Filter link (none for documents without a value).
    pub href: Option<String>,
    /// True when this filter is in effect (the link then removes it).
    pub active: bool,
}

/// A link to a page of results.
pub struct PageLink {
    /// Label.
    pub label: String,
    /// Target, none for the current page and gaps.
    pub href: Option<String>,
    /// True for the current page.
    pub current: bool,
}

/// `GET /`: the search box, results, facets and charts. With no query, every document by date.
pub async fn search_page(State(state): State<AppState>, Query(params): Query<SearchParams>) -> Response {
    let query = params.q.clone().unwrap_or_default();
    let title = if query.trim().is_empty() {
        "养老政策检索".to_string()
    } else {
        format!("{query} - 养老政策检索")
    };
    let mut page = SearchPage { title, nav: "search", query, error: None, results: None };
    let outcome = match params.to_request() {
        Ok(request) => run_search(&state, request.clone()).await.map(|response| (request, response)),
        Err(err) => Err(err),
    };
    match outcome {
        Ok((request, response)) => {
            page.results = Some(results_view(&params, request.offset, request.limit, &response));
            render(StatusCode::OK, &page)
        }
        Err(err) => {
            page.error = Some(err.public_message());
            render(err.status(), &page)
        }
    }
}

fn results_view(params: &SearchParams, offset: usize, limit: usize, response: &SearchResponse) -> ResultsView {
    let links = SearchLinks::from_params(params);
    let searched = links.get("q").unwrap_or_default();
    let hits = response.hits.iter().map(|hit| hit_view(hit, searched)).collect();
    let active_filters = active_filters(&links);
    let facets = response.facets.clone().unwrap_or_default();
    let facet_groups = facet_groups(&links, &facets);
    let province_bars: Vec<Bar> = facets
        .province
        .iter()
        .filter_map(|count| {
            let province = count.value.as_deref()?;
            let label = crate::views::province_short_name(province).to_string();
            Some(Bar { label, value: count.count, href: Some(links.with("region", Some(province)).href("/")) })
        })
        .take(CHART_PROVINCES)
        .collect();
    let mut year_bars: Vec<Bar> = facets
        .year
        .iter()
        .filter_map(|count| {
            let year = count.value.as_deref()?;
            Some(Bar { label: year.to_string(), value: count.count, href: Some(links.with_year(year).href("/")) })
        })
        .collect();
    year_bars.sort_by(|left, right| left.label.cmp(&right.label));
    let query = links.get("q").unwrap_or_default();
    ResultsView {
        total: response.total,
        took: format!("{:.1}", response.took_ms),
        first_shown: offset + 1,
        hits,
        suggestions: if response.total == 0 { suggestions(&links, &active_filters) } else { Vec::new() },
        split_words: response
            .split_words
            .iter()
            .map(|split| {
                let parts: Vec<String> = split.parts.iter().map(|part| format!("「{part}」")).collect();
                (split.word.clone(), parts.concat())
            })
            .collect(),
        split_below: indexer::MATCH_PARTS_BELOW,
        active_filters,
        facet_groups,
        sorted_by_date: links.get("sort") == Some("date"),
        relevance_href: links.with("sort", None).href("/"),
        date_href: links.with("sort", Some("date")).href("/"),
        pages: page_links(&links, offset, limit, response.total),
        csv_href: links.with("limit", Some(CSV_LIMIT)).with("offset", None).href("/api/search.csv"),
        compare_href: super::href_with("/compare", &[("q", query)]),
        timeline_href: super::href_with("/timeline", &[("q", query)]),
        province_chart: if province_bars.is_empty() {
            String::new()
        } else {
            charts::bar_chart("各省文件数", &province_bars)
        },
        year_chart: if year_bars.is_empty() {
            String::new()
        } else {
            charts::column_chart("逐年文件数", &year_bars)
        },
    }
}

/// A hit as shown; its link opens the document with the query's words marked.
fn hit_view(hit: &indexer::Hit, query: &str) -> HitView {
    HitView {
        href: super::href_with(&doc_href(&hit.id), &[("q", query)]),
        title_html: hit.title_html.clone(),
        snippet_html: hit.snippet.clone(),
        date: hit.published.as_deref().map(|date| crate::views::date_part(date).to_string()),
        source: hit.issuer.clone().or_else(|| hit.source.clone()),
        region: hit.region.clone(),
        kind: hit.kind.label_zh(),
        doc_number: hit.doc_number.clone(),
        reposts: hit.reposts,
    }
}

fn active_filters(links: &SearchLinks) -> Vec<Chip> {
    let mut chips = Vec::new();
    if let Some(region) = links.get("region") {
        chips.push(Chip { label: format!("地区：{region}"), href: links.with("region", None).href("/") });
    }
    if let Some(kind) = links.get("kind") {
        let label = corpus::Kind::parse(kind).map_or(kind, |kind| kind.label_zh());
        chips.push(Chip { label: format!("类型：{label}"), href: links.with("kind", None).href("/") });
    }
    if let Some(source) = links.get("source") {
        chips.push(Chip { label: format!("来源：{source}"), href: links.with("source", None).href("/") });
    }
    match (links.get("from"), links.get("to")) {
        (Some(from), Some(to)) if from == to => {
            chips.push(Chip {
                label: format!("年份：{from}"),
                href: links.with("from", None).with("to", None).href("/"),
            });
        }
        (from, to) => {
            if let Some(from) = from {
                chips.push(Chip { label: format!("起：{from}"), href: links.with("from", None).href("/") });
            }
            if let Some(to) = to {
                chips.push(Chip { label: format!("止：{to}"), href: links.with("to", None).href("/") });
            }
        }
    }
    chips
}

fn facet_groups(links: &SearchLinks, facets: &indexer::search::Facets) -> Vec<FacetGroup> {
    let region = links.get("region");
    let year_filter = match (links.get("from"), links.get("to")) {
        (Some(from), Some(to)) if from == to => Some(from),
        _ => None,
    };
    let mut groups = Vec::new();
    let province_items = facet_items(
        &facets.province,
        region,
        |value| value.to_string(),
        |value| links.with("region", Some(value)),
        || links.with("region", None),
    );
    groups.push(FacetGroup { title: "省份", items: province_items });
    // Cities are listed once a region is chosen: province → city.
    if region.is_some() {
        let city_items = facet_items(
            &facets.city,
            region,
            |value| value.to_string(),
            |value| links.with("region", Some(value)),
            || links.with("region", None),
        );
        groups.push(FacetGroup { title: "城市", items: city_items });
    }
    let year_items = facet_items(
        &facets.year,
        year_filter,
        |value| format!("{value}年"),
        |value| links.with_year(value),
        || links.with("from", None).with("to", None),
    );
    groups.push(FacetGroup { title: "年份", items: year_items });
    let kind_items = facet_items(
        &facets.kind,
        links.get("kind"),
        |value| corpus::Kind::parse(value).map_or_else(|| value.to_string(), |kind| kind.label_zh().to_string()),
        |value| links.with("kind", Some(value)),
        || links.with("kind", None),
    );
    groups.push(FacetGroup { title: "类型", items: kind_items });
    let source_items = facet_items(
        &facets.source,
        links.get("source"),
        |value| value.to_string(),
        |value| links.with("source", Some(value)),
        || links.with("source", None),
    );
    groups.push(FacetGroup { title: "来源", items: source_items });
    groups.retain(|group| !group.items.is_empty());
    groups
}

fn facet_items(
    counts: &[FacetCount],
    active: Option<&str>,
    label_of: impl Fn(&str) -> String,
    add: impl Fn(&str) -> SearchLinks,
    remove: impl Fn() -> SearchLinks,
) -> Vec<FacetItem> {
    let mut items = Vec::new();
    for count in counts.iter().filter(|count| count.count > 0).take(FACET_VALUES) {
        let item = match count.value.as_deref() {
            Some(value) => {
                let is_active = active == Some(value);
                let href = if is_active { remove().href("/") } else { add(value).href("/") };
                FacetItem { label: label_of(value), count: count.count, href: Some(href), active: is_active }
            }
            None => FacetItem { label: "未标注".into(), count: count.count, href: None, active: false },
        };
        items.push(item);
    }
    items
}

fn page_links(links: &SearchLinks, offset: usize, limit: usize, total: usize) -> Vec<PageLink> {
    let reachable = total.min(indexer::search::MAX_OFFSET + limit);
    let page_count = reachable.div_ceil(limit);
    if page_count <= 1 {
        return Vec::new();
    }
    let current = offset / limit;
    let page_href = |page: usize| {
        let offset = (page * limit).to_string();
        links.with("offset", if page == 0 { None } else { Some(offset.as_str()) }).href("/")
    };
    let mut pages = Vec::new();
    if current > 0 {
        pages.push(PageLink { label: "上一页".into(), href: Some(page_href(current - 1)), current: false });
    }
    let first = current.saturating_sub(PAGE_LINKS_AROUND);
    let last = (current + PAGE_LINKS_AROUND).min(page_count - 1);
    if first > 0 {
        pages.push(PageLink { label: "1".into(), href: Some(page_href(0)), current: false });
        if first > 1 {
            pages.push(PageLink { label: "…".into(), href: None, current: false });
        }
    }
    for page in first..=last {
        let href = if page == current { None } else { Some(page_href(page)) };
        pages.push(PageLink { label: (page + 1).to_string(), href, current: page == current });
    }
    if last + 1 < page_count {
        pages.push(PageLink { label: "下一页".into(), href: Some(page_href(current + 1)), current: false });
    }
    pages
}

/// What to try when nothing matched: drop a filter, drop quotes or words, or trace a long text.
fn suggestions(links: &SearchLinks, active_filters: &[Chip]) -> Vec<Chip> {
    let mut suggestions: Vec<Chip> = active_filters
        .iter()
        .map(|chip| Chip { label: format!("去掉筛选「{}」", chip.label), href: chip.href.clone() })
        .collect();
    let query = links.get("q").unwrap_or_default();
    if query.contains('"') || query.contains('“') {
        let unquoted: String = query.chars().filter(|ch| !matches!(ch, '"' | '“' | '”')).collect();
        suggestions
            .push(Chip {
                label: format!("不用引号：{unquoted}"), href: links.with("q", Some(&unquoted)).href("/")
            });
    }
    let words: Vec<&str> = query.split_whitespace().filter(|word| !word.contains(':')).collect();
    if words.len() > 1 {
        suggestions.push(Chip {
            label: format!("任一词即可：{}", words.join(" OR ")),
            href: links.with("q", Some(&words.join(" OR "))).href("/"),
        });
        suggestions
            .push(Chip { label: format!("只搜「{}」", words[0]), href: links.with("q", Some(words[0])).href("/") });
    }
    if query.chars().count() >= 20 {
        suggestions.push(Chip {
            label: "这是一段原文？用「溯源」查找出处".into(),
            href: super::href_with("/trace", &[("text", query)]),
        });
    }
    suggestions
}

#[cfg(test)]
mod tests {
    use super::*;

    fn links(q: &str, region: Option<&str>) -> SearchLinks {
        SearchLinks::from_params(&SearchParams {
            q: Some(q.into()),
            region: region.map(String::from),
            ..SearchParams::default()
        })
    }

    #[test]
    fn pages_link_around_the_current_one() {
        let pages = page_links(&links("养老", None), 50, 10, 200);
        let labels: Vec<&str> = pages.iter().map(|page| page.label.as_str()).collect();
        assert_eq!(labels, ["上一页", "1", "…", "3", "4", "5", "6", "7", "8", "9", "下一页"]);
        assert!(pages.iter().any(|page| page.current && page.label == "6"));
        assert!(page_links(&links("养老", None), 0, 10, 7).is_empty());
    }

    #[test]
    fn an_empty_result_suggests_dropping_filters_and_words() {
        let current = links("\"养老 助餐\" 家庭床位", Some("江苏省"));
        let labels: Vec<String> =
            suggestions(&current, &active_filters(&current)).into_iter().map(|c| c.label).collect();
        assert!(labels.iter().any(|label| label.contains("去掉筛选「地区：江苏省」")), "{labels:?}");
        assert!(labels.iter().any(|label| label.starts_with("不用引号")), "{labels:?}");
        assert!(labels.iter().any(|label| label.starts_with("任一词即可")), "{labels:?}");
    }
}
