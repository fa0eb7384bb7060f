//! Plain text of a Markdown file for `yanglao index`: headings, paragraphs, list items and table
//! rows become lines; emphasis, link targets, HTML and comments (`<!-- INFO END -->`) and a YAML
//! front matter block are dropped. Parsing is pulldown-cmark's (CommonMark).

use pulldown_cmark::{Event, Options, Parser, TagEnd};

/// The text of a Markdown document, one line per block.
pub fn markdown_to_text(markdown: &str) -> String {
    let options = Options::ENABLE_TABLES | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS;
    let mut text = String::with_capacity(markdown.len());
    let mut in_metadata = false;
    for event in Parser::new_ext(markdown, options) {
        match event {
            Event::Start(pulldown_cmark::Tag::MetadataBlock(_)) => in_metadata = true,
            Event::End(TagEnd::MetadataBlock(_)) => in_metadata = false,
            Event::Text(part) | Event::Code(part) if !in_metadata => text.push_str(&part),
            Event::SoftBreak | Event::HardBreak | Event::Rule => text.push('\n'),
            Event::End(
                TagEnd::Heading(_)
                | TagEnd::Paragraph
                | TagEnd::Item
                | TagEnd::TableHead
                | TagEnd::TableRow
                | TagEnd::CodeBlock
                | TagEnd::BlockQuote(_),
            ) => text.push('\n'),
            Event::End(TagEnd::TableCell) => text.push(' '),
            _ => {}
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_law_file_keeps_its_lines_without_markup_or_comments() {
        let markdown = "# 山东省养老服务条例\n\n2020年3月26日 会议通过\n\n<!-- INFO END -->\n\n## 第一章  总则\n\n\
                        第一条 为了**积极应对**人口老龄化，见[附件](http://example.cn/a)。\n第二款 续行。\n";
        assert_eq!(
            markdown_to_text(markdown),
            "山东省养老服务条例\n2020年3月26日 会议通过\n第一章  总则\n第一条 为了积极应对人口老龄化，见附件。\n第二款 续行。\n"
        );
    }

    #[test]
    fn front_matter_lists_and_tables_become_lines() {
        let markdown = "---\ntitle: x\n---\n\n# 标题\n\n- 老年助餐\n- 家庭养老床位\n\n| 项目 | 金额 |\n|---|---|\n| 补贴 | 100 |\n";
        assert_eq!(markdown_to_text(markdown), "标题\n老年助餐\n家庭养老床位\n项目 金额 \n补贴 100 \n");
    }
}
