//! Query strings for links that change one thing of the current search (add or remove a facet
//! filter, change the sort or the page), keeping everything else.

use crate::api::SearchParams;

/// Parameters carried from one search page to the next, in URL order.
const KEYS: [&str; 9] = ["q", "region", "kind", "source", "from", "to", "sort", "limit", "offset"];

/// The current search's parameters, as link builders.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchLinks {
    values: Vec<(&'static str, String)>,
}

impl SearchLinks {
    /// Keeps the non-empty parameters of a request.
    pub fn from_params(params: &SearchParams) -> SearchLinks {
        let given = [
            &params.q,
            &params.region,
            &params.kind,
            &params.source,
            &params.from,
            &params.to,
            &params.sort,
            &params.limit,
            &params.offset,
        ];
        let mut links = SearchLinks::default();
        for (key, value) in KEYS.into_iter().zip(given) {
            if let Some(value) = value.as_deref().map(str::trim).filter(|value| !value.is_empty()) {
                links.values.push((key, value.to_string()));
            }
        }
        links
    }

    /// Returns the value of a parameter.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.values.iter().find(|(existing, _)| *existing == key).map(|(_, value)| value.as_str())
    }

    /// Returns a copy with `key` set (or removed with `None`); any change but paging goes back to page 1.
    pub fn with(&self, key: &'static str, value: Option<&str>) -> SearchLinks {
        let mut changed = self.clone();
        changed.values.retain(|(existing, _)| *existing != key && (key == "offset" || *existing != "offset"));
        if let Some(value) = value.filter(|value| !value.is_empty()) {
            changed.values.push((key, value.to_string()));
            changed.values.sort_by_key(|(existing, _)| KEYS.iter().position(|k| k == existing));
        }
        changed
    }

    /// Returns a copy restricted to one year (`from=YYYY&to=YYYY`).
    pub fn with_year(&self, year: &str) -> SearchLinks {
        self.with("from", Some(year)).with("to", Some(year))
    }

    /// Returns the link to `path` with these parameters.
    pub fn href(&self, path: &str) -> String {
        let mut serializer = url::form_urlencoded::Serializer::new(String::new());
        for (key, value) in &self.values {
            serializer.append_pair(key, value);
        }
        let query = serializer.finish();
        if query.is_empty() { path.to_string() } else { format!("{path}?{query}") }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn links(q: &str, region: Option<&str>, offset: Option<&str>) -> SearchLinks {
        let params = SearchParams {
            q: Some(q.into()),
            region: region.map(String::from),
            offset: offset.map(String::from),
            ..SearchParams::default()
        };
        SearchLinks::from_params(&params)
    }

    #[test]
    fn adding_a_filter_keeps_the_query_and_resets_the_page() {
        let current = links("养老 助餐", None, Some("20"));
        assert_eq!(
            current.with("region", Some("江苏省")).href("/"),
            "/?q=%E5%85%BB%E8%80%81+%E5%8A%A9%E9%A4%90&region=%E6%B1%9F%E8%8B%8F%E7%9C%81"
        );
        assert_eq!(current.with("offset", Some("30")).get("offset"), Some("30"));
    }

    #[test]
    fn removing_a_filter_drops_it_and_values_are_encoded() {
        let current = links("a&b=c", Some("北京市"), None);
        assert_eq!(current.with("region", None).href("/"), "/?q=a%26b%3Dc");
        assert_eq!(SearchLinks::default().href("/"), "/");
    }
}
