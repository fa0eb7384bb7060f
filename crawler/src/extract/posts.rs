//! Pages with several posts (a blog's front page, a thread shown post by post): which post is
//! the article.
//!
//! The text selector takes the densest block; on such a page that is the longest post, not the
//! page's own. Posts are recognized by structure, not by words: sibling elements made from one
//! template (the same tag and class, a first heading of the same tag and class), each with a
//! date and prose. The post whose heading the page
//! title (`<title>`, `og:title`) names is the article; when the title names none (a blog's front
//! page is titled with the blog's name), the first post is: the newest entry, or the opening post.
//! A thread whose replies carry no headings of their own is not split: it stays one text.

use super::dates;
use super::dom::FlatDom;
use super::main_text::Counts;

/// How far up from the selected block a post boundary is looked for.
const MAX_POST_DEPTH: usize = 20;
/// A post has at least this much sentence punctuation outside links.
const MIN_POST_PUNCTUATION: u32 = 2;
/// How many text nodes at the start of a post are searched for its date.
const DATE_SEARCH_TEXTS: usize = 40;

/// What the post finder needs to know about the page.
pub struct PostHints<'h> {
    /// Heading candidates' nodes, in document order.
    pub headings: &'h [usize],
    /// The heading that the page title names.
    pub title_heading: Option<usize>,
}

/// Returns the article's post when the selected block `top` lies in one of several posts (the
/// article's post may be another one); `None` on a page that is not made of posts.
pub fn article_post(dom: &FlatDom<'_>, counts: &[Counts], top: usize, hints: &PostHints<'_>) -> Option<usize> {
    let mut ancestor = top;
    for _ in 0..MAX_POST_DEPTH {
        let parent = dom.nodes[ancestor].parent?;
        if matches!(dom.nodes[ancestor].tag, "" | "html" | "body") {
            return None;
        }
        let posts = sibling_posts(dom, counts, parent, ancestor, hints);
        if posts.len() >= 2 && posts.contains(&ancestor) {
            let named = hints
                .title_heading
                .and_then(|heading| posts.iter().copied().find(|&post| dom.subtree(post).contains(&heading)));
            return Some(named.unwrap_or(posts[0]));
        }
        ancestor = parent;
    }
    None
}

/// Returns the children of `parent` made from the same template as `model`: the same tag and
/// class, a first heading of the same tag and class; and that read as a post: a date and prose.
fn sibling_posts(
    dom: &FlatDom<'_>,
    counts: &[Counts],
    parent: usize,
    model: usize,
    hints: &PostHints<'_>,
) -> Vec<usize> {
    let signature = |index: usize| (dom.nodes[index].tag, dom.nodes[index].attr("class"));
    let model_signature = signature(model);
    let siblings = &dom.nodes[parent].children;
    if siblings.iter().filter(|&&sibling| signature(sibling) == model_signature).count() < 2 {
        return Vec::new();
    }
    let Some(model_heading) = first_heading(dom, model, hints.headings) else {
        return Vec::new();
    };
    let heading_signature = signature(model_heading);
    siblings
        .iter()
        .copied()
        .filter(|&sibling| signature(sibling) == model_signature)
        .filter(|&sibling| {
            let post_counts = counts[sibling];
            post_counts.punctuation >= MIN_POST_PUNCTUATION
                && post_counts.link_density() < 0.5
                && first_heading(dom, sibling, hints.headings)
                    .is_some_and(|heading| signature(heading) == heading_signature)
                && has_date(dom, sibling)
        })
        .collect()
}

/// Returns the first heading candidate inside the subtree of `post`.
fn first_heading(dom: &FlatDom<'_>, post: usize, headings: &[usize]) -> Option<usize> {
    let range = dom.subtree(post);
    let first_after_start = headings.partition_point(|&heading| heading < range.start);
    headings.get(first_after_start).copied().filter(|heading| range.contains(heading))
}

/// Returns true when one of the first texts of `post` holds a date.
fn has_date(dom: &FlatDom<'_>, post: usize) -> bool {
    dom.subtree(post)
        .filter_map(|index| dom.nodes[index].text())
        .filter(|text| !text.trim().is_empty())
        .take(DATE_SEARCH_TEXTS)
        .any(|text| dates::first_date(text).is_some())
}

#[cfg(test)]
mod tests {
    use super::super::main_text::select;
    use super::super::title::PageTitles;
    use super::*;

    fn article_lines(page: &str) -> Vec<String> {
        let html = scraper::Html::parse_document(page);
        let dom = FlatDom::new(&html);
        let titles = PageTitles::read(&dom);
        let headings: Vec<usize> = titles.headings.iter().map(|heading| heading.index).collect();
        select(&dom, &PostHints { headings: &headings, title_heading: titles.matched_heading() }).lines
    }

    fn post(heading: &str, date: &str, text: &str) -> String {
        format!(r#"<div class="post"><h2>{heading}</h2><span>{date}</span><div class="body"><p>{text}</p></div></div>"#)
    }

    #[test]
    fn the_post_the_title_names_wins_over_a_longer_one() {
        let long = "五一前我们几个老同学约好去郊外远足，沿着河边一直走到山脚下，一路上说说笑笑。".repeat(5);
        let page = format!(
            "<title>陪父亲去做体检 - 老周的博客</title><body><div>{}{}{}</div></body>",
            post("社区食堂开张了", "2023-05-06", "社区食堂终于开张了，门口排着不少老人，大家都说饭菜便宜又可口。"),
            post("陪父亲去做体检", "2023-05-03", "社区卫生服务中心通知老人免费体检，我请了半天假陪他去，医生很耐心。"),
            post("一次难忘的远足", "2023-04-28", &long),
        );
        assert_eq!(article_lines(&page), ["社区卫生服务中心通知老人免费体检，我请了半天假陪他去，医生很耐心。"]);
    }

    #[test]
    fn without_a_named_post_the_first_post_wins() {
        let long = "五一前我们几个老同学约好去郊外远足，沿着河边一直走到山脚下，一路上说说笑笑。".repeat(5);
        let page = format!(
            "<title>老周的博客</title><body><div>{}{}</div></body>",
            post("社区食堂开张了", "2023-05-06", "社区食堂终于开张了，门口排着不少老人，大家都说饭菜便宜又可口。"),
            post("一次难忘的远足", "2023-04-28", &long),
        );
        assert_eq!(article_lines(&page), ["社区食堂终于开张了，门口排着不少老人，大家都说饭菜便宜又可口。"]);
    }

    #[test]
    fn boxes_with_different_headings_are_not_posts() {
        let article =
            "养老服务条例今日起施行，明确了政府、家庭、社会在养老服务中的责任，并对居家社区养老服务作出规定。"
                .repeat(4);
        let page = format!(
            r#"<title>示例新闻网</title><body><div class="box"><h3>编辑推荐</h3><span>2023-05-01</span><p>社区食堂开张了，老人吃饭更方便，价格也实惠。</p></div>
            <div class="box"><h1>养老服务条例今日起施行</h1><span>2023-05-06</span><div class="text"><p>{article}</p></div></div></body>"#
        );
        assert_eq!(article_lines(&page), [article]);
    }

    #[test]
    fn replies_without_headings_of_their_own_stay_one_text() {
        let reply = |text: &str| format!(r#"<div class="floor"><span>2023-05-06</span><p>{text}</p></div>"#);
        let page = format!(
            "<title>老人出游要注意什么？</title><body><h1>老人出游要注意什么？</h1><div>{}{}</div></body>",
            reply("出游前一定要看清合同里的购物条款，问清楚每天进几家店、每家停留多久，不要轻信低价团，也别贪便宜。"),
            reply("带上常用药和病历卡，住宿尽量选离医院近一点的地方，行程别排得太满，每天留出休息的时间，家人更放心。"),
        );
        let lines = article_lines(&page);
        assert!(
            lines.iter().any(|line| line.starts_with("出游前")) && lines.iter().any(|line| line.starts_with("带上"))
        );
    }
}
