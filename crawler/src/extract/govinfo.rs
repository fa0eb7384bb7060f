//! The gov.cn 信息公开 info table: 索引号 / 主题分类 / 发文机关 / 成文日期 / 标题 / 发文字号 / 发布日期.
//!
//! The table is a grid of label cells each followed by its value cell; provincial sites use the
//! same labels in `<li><span>label：</span>value</li>` or `<td>label：value</td>` form. A label is
//! recognised when an element's whole text (spaces removed) is the label, optionally with a colon;
//! its value is the text of the next element sibling (climbing up to two levels when the label is
//! wrapped, as in `<td><b>发文机关：</b></td><td>国务院</td>`), or the rest of the text after the
//! colon in the same element.

use std::collections::HashMap;

use super::dom::FlatDom;

/// Fields of the info table that we use.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GovInfo {
    /// 标题.
    pub title: Option<String>,
    /// 发文机关 / 发布机构.
    pub issuer: Option<String>,
    /// 发文字号 / 文号.
    pub doc_number: Option<String>,
    /// 成文日期 (raw).
    pub written: Option<String>,
    /// 发布日期 (raw).
    pub published: Option<String>,
    /// 索引号.
    pub index_number: Option<String>,
}

#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum Field {
    Title,
    Issuer,
    DocNumber,
    Written,
    Published,
    IndexNumber,
}

fn field_for_label(label: &str) -> Option<Field> {
    Some(match label {
        "标题" | "標題" | "名称" | "文件名称" => Field::Title,
        "发文机关" | "發文機關" | "发布机构" | "發布機構" | "发文单位" | "发布单位" | "制发机关" | "发文机构" => {
            Field::Issuer
        }
        "发文字号" | "發文字號" | "文号" | "文號" | "发文文号" => Field::DocNumber,
        "成文日期" | "成文时间" | "印发日期" => Field::Written,
        "发布日期" | "發布日期" | "发布时间" | "公开日期" | "发文日期" => Field::Published,
        "索引号" | "索引號" => Field::IndexNumber,
        _ => return None,
    })
}

fn compact(text: &str) -> String {
    text.chars().filter(|character| !character.is_whitespace()).collect()
}

/// Returns the text of a node's subtree with whitespace collapsed.
fn subtree_text(dom: &FlatDom<'_>, index: usize) -> String {
    let mut text = String::new();
    for node_index in dom.subtree(index) {
        if let Some(part) = dom.nodes[node_index].text() {
            text.push_str(part);
            text.push(' ');
        }
    }
    super::cleanup::normalize_whitespace(&text)
}

/// Reads the info table, if the page has one.
pub fn read(dom: &FlatDom<'_>) -> GovInfo {
    let mut values: HashMap<Field, String> = HashMap::new();
    for index in 0..dom.nodes.len() {
        let node = &dom.nodes[index];
        if node.tag.is_empty() || matches!(node.tag, "html" | "body" | "script" | "style") {
            continue;
        }
        // Labels are short: skip big subtrees early.
        if dom.subtree_end(index) - index > 12 {
            continue;
        }
        let text = subtree_text(dom, index);
        if text.is_empty() || text.chars().count() > 80 {
            continue;
        }
        let compacted = compact(&text);
        let (label, inline_value) = match compacted.split_once(['：', ':']) {
            Some((label, value)) => (label.to_string(), Some(value.to_string())),
            None => (compacted.clone(), None),
        };
        let Some(field) = field_for_label(&label) else {
            continue;
        };
        if values.contains_key(&field) {
            continue;
        }
        let value = match inline_value.filter(|value| !value.is_empty()) {
            Some(_) => {
                // Keep the original spacing of the value after the colon; a row holding several
                // `label：value` pairs ends this value where the next label starts.
                let after_colon = text.split_once(['：', ':']).map_or("", |(_, value)| value);
                cut_at_next_label(after_colon).trim().to_string()
            }
            None => next_value(dom, index).unwrap_or_default(),
        };
        if !value.is_empty() && field_for_label(&compact(&value).replace(['：', ':'], "")).is_none() {
            values.insert(field, value);
        }
    }
    // One stray `标题` or `发布时间` cell is not an info table: require three fields.
    if values.len() < 3 {
        return GovInfo::default();
    }
    GovInfo {
        title: values.remove(&Field::Title),
        issuer: values.remove(&Field::Issuer),
        doc_number: values.remove(&Field::DocNumber),
        written: values.remove(&Field::Written),
        published: values.remove(&Field::Published),
        index_number: values.remove(&Field::IndexNumber),
    }
}

/// Every label [`field_for_label`] knows, plus the other columns of the table.
const ALL_LABELS: &[&str] = &[
    "标题",
    "標題",
    "名称",
    "文件名称",
    "发文机关",
    "發文機關",
    "发布机构",
    "發布機構",
    "发文单位",
    "发布单位",
    "制发机关",
    "发文机构",
    "发文字号",
    "發文字號",
    "文号",
    "文號",
    "发文文号",
    "成文日期",
    "成文时间",
    "印发日期",
    "发布日期",
    "發布日期",
    "发布时间",
    "公开日期",
    "发文日期",
    "索引号",
    "索引號",
    "主题分类",
    "主题词",
    "主題詞",
    "有效性",
    "时效",
];

/// Returns `value` up to the first `label：` it contains.
fn cut_at_next_label(value: &str) -> &str {
    let mut end = value.len();
    for label in ALL_LABELS {
        for colon in ['：', ':'] {
            let needle = format!("{label}{colon}");
            if let Some(position) = value.find(&needle) {
                end = end.min(position);
            }
        }
    }
    &value[..end]
}

/// Returns the text of the element after a label (climbing at most two wrapper levels).
fn next_value(dom: &FlatDom<'_>, label: usize) -> Option<String> {
    let mut current = label;
    for _ in 0..3 {
        let parent = dom.nodes[current].parent?;
        let siblings = &dom.nodes[parent].children;
        let position = siblings.iter().position(|&sibling| sibling == current)?;
        for &sibling in &siblings[position + 1..] {
            let text = subtree_text(dom, sibling);
            if !text.is_empty() {
                return Some(text);
            }
            if !dom.nodes[sibling].tag.is_empty() && dom.nodes[sibling].tag != "br" {
                // An empty value cell: the field is blank.
                return None;
            }
        }
        current = parent;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_page(page: &str) -> GovInfo {
        let html = scraper::Html::parse_document(page);
        read(&FlatDom::new(&html))
    }

    #[test]
    fn gov_cn_grid_is_read() {
        let info = read_page(
            "<table><tr><td><b>索 引 号：</b></td><td>000014349/2019-00007</td><td><b>主题分类：</b></td><td>其他</td></tr>
             <tr><td><b>发文机关：</b></td><td>国务院</td><td><b>成文日期：</b></td><td>2019年01月27日</td></tr>
             <tr><td><b>标　　题：</b></td><td colspan=3>国务院关于推进养老服务发展的意见</td></tr>
             <tr><td><b>发文字号：</b></td><td>国办发〔2019〕5号</td><td><b>发布日期：</b></td><td>2019年04月16日</td></tr></table>",
        );
        assert_eq!(info.issuer.as_deref(), Some("国务院"));
        assert_eq!(info.title.as_deref(), Some("国务院关于推进养老服务发展的意见"));
        assert_eq!(info.doc_number.as_deref(), Some("国办发〔2019〕5号"));
        assert_eq!(info.written.as_deref(), Some("2019年01月27日"));
        assert_eq!(info.published.as_deref(), Some("2019年04月16日"));
        assert_eq!(info.index_number.as_deref(), Some("000014349/2019-00007"));
    }

    #[test]
    fn inline_labels_are_read() {
        let info = read_page(
            "<ul><li><span>发布机构：</span>江苏省民政厅</li><li>文号：苏民福〔2021〕3号</li><li>发布日期：2021-03-01</li></ul>",
        );
        assert_eq!(info.issuer.as_deref(), Some("江苏省民政厅"));
        assert_eq!(info.doc_number.as_deref(), Some("苏民福〔2021〕3号"));
    }

    #[test]
    fn pages_without_table_have_nothing() {
        assert_eq!(read_page("<table><tr><td>标题</td><td>内容</td></tr></table>"), GovInfo::default());
        assert_eq!(read_page("<p>标题党</p><p>发布时间很早</p>"), GovInfo::default());
    }
}
