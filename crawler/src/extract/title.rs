//! The article heading, as opposed to the `<title>` with its site suffix.
//!
//! In order: the gov info table's 标题; the heading (`h1`–`h3`, or an element whose class/id says
//! title) that the `<title>` or an `og:title`-like meta contains, longest first; that meta without
//! its site suffix; the heading just before the article text; the `<title>` without its suffix.

use super::cleanup::normalize_whitespace;
use super::dom::FlatDom;
use super::metadata::{meta_content, strip_site_suffix};

/// A heading closer than this many nodes before the article text is taken as its title.
const MAX_HEADING_DISTANCE: usize = 80;

/// A heading candidate: `h1`–`h3`, or an element whose class/id says title.
pub struct Heading {
    /// The node.
    pub index: usize,
    priority: u8,
    text: String,
    compact: String,
}

fn compact(text: &str) -> String {
    text.chars().filter(|character| !character.is_whitespace()).collect()
}

/// What the page says its title is, read once: the `<title>`, an `og:title`-like meta, and the
/// heading candidates in document order.
pub struct PageTitles {
    page_title: String,
    meta_title: Option<String>,
    /// Heading candidates, in document order.
    pub headings: Vec<Heading>,
    /// The heading that the `<title>` or meta title names (its position in `headings`), with
    /// the reference that named it.
    matched: Option<(usize, String)>,
}

impl PageTitles {
    /// Reads the `<title>`, the meta title and the headings.
    pub fn read(dom: &FlatDom<'_>) -> PageTitles {
        let page_title = dom
            .first_with_tag("title")
            .map(|index| normalize_whitespace(&dom.lines_under(index, |_| false).join(" ")))
            .unwrap_or_default();
        let meta_title = meta_content(dom, &["ArticleTitle", "og:title", "twitter:title", "headline", "title"])
            .map(|title| normalize_whitespace(&title));
        let headings = headings(dom);
        // Site suffixes first stripped, then kept: a share box often repeats the full `<title>`.
        let mut references: Vec<String> = Vec::new();
        for reference in [Some(page_title.as_str()), meta_title.as_deref()].into_iter().flatten() {
            references.push(strip_site_suffix(reference));
            references.push(reference.to_string());
        }
        let matched = references
            .into_iter()
            .find_map(|reference| best_match(&headings, &compact(&reference)).map(|position| (position, reference)));
        PageTitles { page_title, meta_title, headings, matched }
    }

    /// Returns the node of the heading that the page title names.
    pub fn matched_heading(&self) -> Option<usize> {
        self.matched.as_ref().map(|(position, _)| self.headings[*position].index)
    }

    /// Returns the article title.
    pub fn choose(&self, table_title: Option<&str>, article_start: Option<usize>) -> String {
        if let Some(title) = table_title.map(normalize_whitespace).filter(|title| !title.is_empty()) {
            return title;
        }
        if let Some((position, reference)) = &self.matched {
            let heading = &self.headings[*position];
            // A heading block that also holds the byline: the title is the reference itself.
            if heading.compact.chars().count() > compact(reference).chars().count() {
                return normalize_whitespace(reference);
            }
            return heading.text.clone();
        }
        if let Some(meta_title) = self.meta_title.as_ref().filter(|title| title.chars().count() >= 4) {
            return strip_site_suffix(meta_title);
        }
        if let Some(start) = article_start {
            let nearest = self.headings.iter().rfind(|heading| {
                heading.index < start
                    && start - heading.index <= MAX_HEADING_DISTANCE
                    && (6..=80).contains(&heading.compact.chars().count())
                    && !heading.compact.ends_with(['。', '：', ':'])
            });
            if let Some(heading) = nearest {
                return heading.text.clone();
            }
        }
        strip_site_suffix(&self.page_title)
    }
}

/// Collects heading candidates with their priority (lower is better).
fn headings(dom: &FlatDom<'_>) -> Vec<Heading> {
    let mut found = Vec::new();
    for (index, node) in dom.nodes.iter().enumerate() {
        let priority = match node.tag {
            "h1" => 0,
            "h2" => 2,
            "h3" => 3,
            "" | "html" | "body" | "title" | "meta" | "script" | "style" | "head" => continue,
            _ if node.class_and_id().contains("title") => 1,
            _ => continue,
        };
        if dom.subtree_end(index) - index > 40 {
            continue;
        }
        let text = normalize_whitespace(&dom.lines_under(index, |_| false).join(" "));
        let compact_text = compact(&text);
        let length = compact_text.chars().count();
        let is_date = super::dates::first_date(&compact_text)
            .is_some_and(|date| compact_text.len() - (date.end - date.start) <= 6);
        let is_breadcrumb = compact_text.contains(['>', '›', '»', '＞']);
        if (4..=120).contains(&length) && !is_date && !is_breadcrumb {
            found.push(Heading { index, priority, text, compact: compact_text });
        }
    }
    found
}

/// Returns the position of the heading that shares the most text with `reference` (contained
/// in it, or containing it), when that is a substantial part of the reference.
fn best_match(headings: &[Heading], reference: &str) -> Option<usize> {
    let reference_length = reference.chars().count();
    if reference_length == 0 {
        return None;
    }
    let mut best: Option<(usize, usize)> = None;
    for (position, heading) in headings.iter().enumerate() {
        let heading_length = heading.compact.chars().count();
        let shared = if reference.contains(&heading.compact) {
            heading_length
        } else if heading.compact.contains(reference) {
            reference_length
        } else {
            continue;
        };
        if shared < 4 || shared * 10 < reference_length * 3 {
            continue;
        }
        let better = match best {
            None => true,
            Some((current, current_shared)) => {
                let current = &headings[current];
                let extra = heading_length - shared;
                let current_extra = current.compact.chars().count() - current_shared;
                shared > current_shared
                    || (shared == current_shared
                        && (extra < current_extra || (extra == current_extra && heading.priority < current.priority)))
            }
        };
        if better {
            best = Some((position, shared));
        }
    }
    best.map(|(position, _)| position)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn title_of(page: &str, start_tag: &str) -> String {
        let html = scraper::Html::parse_document(page);
        let dom = FlatDom::new(&html);
        let start = dom.nodes.iter().position(|node| node.attr("id") == Some(start_tag));
        PageTitles::read(&dom).choose(None, start)
    }

    #[test]
    fn heading_matching_the_page_title_wins() {
        let page = "<title>养老新政出台_民政部网站</title><h1>民政部网站</h1><h2 class=sub>栏目</h2><h1>养老新政出台</h1><div id=body>正文</div>";
        assert_eq!(title_of(page, "body"), "养老新政出台");
    }

    #[test]
    fn nearest_heading_when_the_page_title_is_the_site_name() {
        let page = "<title>松花江网</title><h2>新闻中心栏目</h2><div><h2>土豆不“土” 土豆无“土”</h2><div id=body>正文</div></div>";
        assert_eq!(title_of(page, "body"), "土豆不“土” 土豆无“土”");
    }

    #[test]
    fn page_title_without_suffix_as_last_resort() {
        assert_eq!(title_of("<title>养老服务新举措 - 新华网</title><p id=body>正文</p>", "body"), "养老服务新举措");
    }
}
