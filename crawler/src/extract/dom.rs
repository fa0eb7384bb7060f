//! A flat, index-addressed view of a parsed page, built without recursion.
//!
//! scraper keeps the DOM in an arena (ego_tree); we walk it once with `traverse()` (an iterator,
//! not recursion, so 100k nested `<div>`s cannot overflow the stack) and record every node in
//! document order. Because a parent always comes before its descendants, bottom-up statistics
//! are a single reverse loop over the vector.

use ego_tree::NodeRef;
use ego_tree::iter::Edge;
use scraper::Node;

/// One element or text node of the page.
pub struct FlatNode<'a> {
    /// The scraper node.
    pub node: NodeRef<'a, Node>,
    /// Index of the parent element in [`FlatDom::nodes`] (`None` for the root).
    pub parent: Option<usize>,
    /// Indexes of the children, in order.
    pub children: Vec<usize>,
    /// Lowercase tag name; empty for text and other nodes.
    pub tag: &'a str,
}

impl FlatNode<'_> {
    /// Returns the text of a text node.
    pub fn text(&self) -> Option<&str> {
        match self.node.value() {
            Node::Text(text) => Some(text),
            _ => None,
        }
    }

    /// Returns an attribute of an element.
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.node.value().as_element().and_then(|element| element.attr(name))
    }

    /// Returns `class` and `id` joined, lowercased, for noise matching.
    pub fn class_and_id(&self) -> String {
        let mut joined = String::new();
        if let Some(class) = self.attr("class") {
            joined.push_str(class);
        }
        if let Some(id) = self.attr("id") {
            joined.push(' ');
            joined.push_str(id);
        }
        joined.to_ascii_lowercase()
    }
}

/// The page's nodes in document order.
pub struct FlatDom<'a> {
    /// All nodes (elements and text), parents before children.
    pub nodes: Vec<FlatNode<'a>>,
    /// For each node, one past its last descendant (preorder makes subtrees contiguous).
    ends: Vec<usize>,
}

impl<'a> FlatDom<'a> {
    /// Flattens a parsed page (elements and text nodes; comments and doctypes are dropped).
    pub fn new(html: &'a scraper::Html) -> FlatDom<'a> {
        let mut nodes: Vec<FlatNode<'a>> = Vec::new();
        let mut open: Vec<usize> = Vec::new();
        for edge in html.tree.root().traverse() {
            match edge {
                Edge::Open(node) => {
                    let tag = match node.value() {
                        Node::Element(element) => element.name(),
                        Node::Text(_) | Node::Document | Node::Fragment => "",
                        _ => {
                            // Comments, doctypes, processing instructions: keep the open/close
                            // balance with a placeholder that has no content.
                            "#other"
                        }
                    };
                    let index = nodes.len();
                    let parent = open.last().copied();
                    if let Some(parent_index) = parent {
                        nodes[parent_index].children.push(index);
                    }
                    nodes.push(FlatNode { node, parent, children: Vec::new(), tag });
                    open.push(index);
                }
                Edge::Close(_) => {
                    open.pop();
                }
            }
        }
        let mut ends = vec![0; nodes.len()];
        for index in (0..nodes.len()).rev() {
            ends[index] = nodes[index].children.last().map_or(index + 1, |&last_child| ends[last_child]);
        }
        FlatDom { nodes, ends }
    }

    /// Returns the indexes of a node's subtree in document order (the node first).
    pub fn subtree(&self, start: usize) -> std::ops::Range<usize> {
        start..self.subtree_end(start)
    }

    /// Returns one past the last descendant of `start` (preorder makes subtrees contiguous).
    pub fn subtree_end(&self, start: usize) -> usize {
        self.ends[start]
    }

    /// Returns the text under `root`, one line per block (`<br>` also breaks lines), skipping
    /// the subtrees for which `skip` is true. Lines are whitespace-normalized and non-empty.
    pub fn lines_under(&self, root: usize, skip: impl Fn(usize) -> bool) -> Vec<String> {
        let mut lines = Vec::new();
        if root >= self.nodes.len() {
            return lines;
        }
        let end = self.subtree_end(root);
        let mut current = String::new();
        let mut index = root;
        // Closing a block also breaks the line: remember where open blocks end.
        let mut block_ends: Vec<usize> = Vec::new();
        while index < end {
            while block_ends.last().is_some_and(|&block_end| block_end <= index) {
                block_ends.pop();
                flush(&mut current, &mut lines);
            }
            let node = &self.nodes[index];
            if skip(index) {
                index = self.subtree_end(index);
                continue;
            }
            if let Some(text) = node.text() {
                current.push_str(text);
            } else if node.tag == "br" {
                flush(&mut current, &mut lines);
            } else if !is_inline(node.tag) {
                flush(&mut current, &mut lines);
                block_ends.push(self.subtree_end(index));
            }
            index += 1;
        }
        flush(&mut current, &mut lines);
        lines
    }

    /// Returns the first element with the given tag.
    pub fn first_with_tag(&self, tag: &str) -> Option<usize> {
        self.nodes.iter().position(|node| node.tag == tag)
    }

    /// Returns the ancestors of a node, nearest first.
    pub fn ancestors(&self, index: usize) -> impl Iterator<Item = usize> + '_ {
        let mut current = self.nodes[index].parent;
        std::iter::from_fn(move || {
            let this = current?;
            current = self.nodes[this].parent;
            Some(this)
        })
    }
}

/// Inline tags: their text belongs to the nearest block ancestor's line.
const INLINE_TAGS: &[&str] = &[
    "", "a", "abbr", "b", "bdi", "bdo", "big", "cite", "code", "data", "dfn", "em", "font", "i", "img", "kbd", "label",
    "mark", "q", "s", "samp", "small", "span", "strong", "sub", "sup", "time", "tt", "u", "var", "wbr", "strike",
    "ins", "del", "nobr", "br", "o:p",
];

/// Returns true for inline tags (and text nodes, whose tag is empty).
pub fn is_inline(tag: &str) -> bool {
    INLINE_TAGS.contains(&tag)
}

fn flush(current: &mut String, lines: &mut Vec<String>) {
    let line = super::cleanup::normalize_whitespace(current);
    if !line.is_empty() {
        lines.push(line);
    }
    current.clear();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subtrees_are_contiguous() {
        let html = scraper::Html::parse_document("<div><p>a<b>b</b></p><p>c</p></div><span>d</span>");
        let dom = FlatDom::new(&html);
        let div = dom.first_with_tag("div").unwrap();
        let texts: Vec<&str> = dom.subtree(div).filter_map(|index| dom.nodes[index].text()).collect();
        assert_eq!(texts, ["a", "b", "c"]);
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let depth = 100_000;
        let page = format!("{}养老{}", "<div>".repeat(depth), "</div>".repeat(depth));
        let html = scraper::Html::parse_document(&page);
        let dom = FlatDom::new(&html);
        assert!(dom.nodes.iter().any(|node| node.text() == Some("养老")));
    }
}
