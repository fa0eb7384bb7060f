//! The document page (`/doc/{id}`): metadata table, the text by paragraph, a GB/T 7714 citation
//! string, what the document cites, what cites it, and its repost cluster. Opened from a search
//! (`?q=`), it marks the query's words in the text and links to the first paragraph holding them.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use corpus::Document;
use indexer::SearchRequest;
use indexer::search::snippet::{Highlighter, push_escaped};

use super::{DocLink, doc_href, error_response, render};
use crate::AppState;
use crate::api_views::document_relations;
use crate::error::ApiError;
use crate::views::citations::CitationKind;

/// The document page.
#[derive(Template)]
#[template(path = "document.html")]
pub struct DocumentPage {
    /// Window title.
    pub title: String,
    /// Highlighted navigation entry.
    pub nav: &'static str,
    /// The document's title, as the page heading.
    pub heading: String,
    /// The document's id.
    pub id: String,
    /// Metadata rows.
    pub meta: Vec<MetaRow>,
    /// The text.
    pub paragraphs: Vec<ParagraphView>,
    /// The search the page was opened from, with where its words stand in the text.
    pub found: Option<FoundView>,
    /// GB/T 7714 reference string.
    pub reference: String,
    /// Titles and 文号 the text names.
    pub cites: Vec<CiteView>,
    /// Documents citing this one.
    pub cited_by: Vec<DocLink>,
    /// The repost cluster, canonical first.
    pub reposts: Vec<RepostView>,
    /// Link to the JSON twin.
    pub json_href: String,
    /// Link to trace the first paragraph's origin.
    pub trace_href: String,
}

/// One metadata row.
pub struct MetaRow {
    /// Label.
    pub label: &'static str,
    /// Value.
    pub value: String,
    /// Link, for URLs.
    pub href: Option<String>,
}

/// The search a document page was opened from.
pub struct FoundView {
    /// The query as typed.
    pub query: String,
    /// Paragraphs holding a word of the query.
    pub paragraphs: usize,
    /// Anchor of the first of them.
    pub first: Option<usize>,
    /// Link back to the search.
    pub search_href: String,
}

/// Query parameters of the document page.
#[derive(Debug, Default, serde::Deserialize)]
pub struct DocumentParams {
    /// The search the page was opened from: its words are marked.
    pub q: Option<String>,
}

/// One paragraph.
pub struct ParagraphView {
    /// Zero-based index (anchor `p{index}`).
    pub index: usize,
    /// Text, HTML-escaped, the search's words in `<mark>`.
    pub html: String,
    /// Region the paragraph is about, when tagged.
    pub region: Option<String>,
}

/// One cited title or 文号.
pub struct CiteView {
    /// `文号` or `标题`.
    pub kind: &'static str,
    /// As written (titles in 《》).
    pub text: String,
    /// The corpus document it names.
    pub target: Option<DocLink>,
}

/// One member of the repost cluster.
pub struct RepostView {
    /// The document.
    pub link: DocLink,
    /// True for the canonical original.
    pub canonical: bool,
    /// True for the document shown.
    pub current: bool,
}

/// `GET /doc/{id}?q=`.
pub async fn document_page(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(params): Query<DocumentParams>,
) -> Response {
    let query = params.q.map(|q| q.trim().to_string()).filter(|q| !q.is_empty());
    match build_page(&state, &id, query).await {
        Ok(page) => render(StatusCode::OK, &page),
        Err(err) => error_response(&err),
    }
}

async fn build_page(state: &AppState, id: &str, query: Option<String>) -> Result<DocumentPage, ApiError> {
    let engine = state.engine.clone();
    let lookup_id = id.to_string();
    let document = tokio::task::spawn_blocking(move || engine.get(&lookup_id))
        .await??
        .ok_or_else(|| ApiError::NotFound(format!("没有编号为「{id}」的文件")))?;
    let relations = document_relations(state, id).await?;
    let cites = relations
        .cites
        .iter()
        .map(|cited| CiteView {
            kind: match cited.kind {
                CitationKind::DocNumber => "文号",
                CitationKind::Title => "标题",
            },
            text: match cited.kind {
                CitationKind::DocNumber => cited.text.clone(),
                CitationKind::Title => format!("《{}》", cited.text),
            },
            target: cited.document.as_ref().map(DocLink::of),
        })
        .collect();
    let reposts = relations
        .reposts
        .iter()
        .map(|member| RepostView {
            link: DocLink::of(member),
            canonical: relations.canonical.as_deref() == Some(member.id.as_str()),
            current: member.id == id,
        })
        .collect();
    // A query that does not parse marks nothing: the page still shows the document.
    let highlighter = query.as_ref().and_then(|query| {
        let request = SearchRequest { query: query.clone(), ..SearchRequest::default() };
        let plan = state.engine.plan(&request).ok()?;
        let mut groups = plan.highlights;
        groups.extend(plan.splits.into_iter().flat_map(|split| split.parts).map(|part| vec![part]));
        Some(Highlighter::from_groups(&groups)).filter(|highlighter| !highlighter.is_empty())
    });
    let paragraphs = paragraphs(&document, highlighter.as_ref());
    let found = query.map(|query| {
        let marked: Vec<usize> =
            paragraphs.iter().filter(|paragraph| paragraph.html.contains("<mark>")).map(|p| p.index).collect();
        let search_href = super::href_with("/", &[("q", &query)]);
        FoundView { query, paragraphs: marked.len(), first: marked.first().copied(), search_href }
    });
    let first_paragraph = document.paragraphs().find(|paragraph| paragraph.chars().count() >= 20).unwrap_or_default();
    let quote: String = first_paragraph.chars().take(120).collect();
    Ok(DocumentPage {
        title: format!("{} - 养老政策检索", document.display_title()),
        nav: "",
        heading: document.display_title(),
        id: document.id.clone(),
        meta: meta_rows(&document),
        paragraphs,
        found,
        reference: gbt7714_reference(&document),
        cites,
        cited_by: relations.cited_by.iter().map(DocLink::of).collect(),
        reposts,
        json_href: format!(
            "/api/documents/{}",
            url::form_urlencoded::byte_serialize(id.as_bytes()).collect::<String>()
        ),
        trace_href: super::href_with("/trace", &[("text", &quote)]),
    })
}

fn meta_rows(document: &Document) -> Vec<MetaRow> {
    let mut rows = Vec::new();
    let mut push = |label: &'static str, value: Option<&str>, is_link: bool| {
        if let Some(value) = value.map(str::trim).filter(|value| !value.is_empty()) {
            let href = is_link
                .then(|| value.to_string())
                .filter(|href| href.starts_with("http://") || href.starts_with("https://"));
            rows.push(MetaRow { label, value: value.to_string(), href });
        }
    };
    push("标题", Some(&document.title), false);
    push("发文机关", document.issuer.as_deref(), false);
    push("文号", document.doc_number.as_deref(), false);
    push("成文日期", document.written.as_deref(), false);
    push("发布日期", document.published.as_deref(), false);
    push("来源", document.source.as_deref(), false);
    let region = document.regions.as_ref().and_then(|regions| regions.primary.as_ref());
    let region_path = region.map(|region| region.facet_path().trim_start_matches('/').replace('/', " › "));
    push("地区", region_path.as_deref(), false);
    push("类型", Some(document.kind.label_zh()), false);
    push("网址", document.url.as_deref(), true);
    push("原文链接", document.original_url.as_deref(), true);
    push("存档副本", document.archive.as_deref(), true);
    let script = match document.script {
        corpus::Script::Hans => None,
        corpus::Script::Hant => Some("繁体"),
    };
    push("字体", script, false);
    rows
}

fn paragraphs(document: &Document, highlighter: Option<&Highlighter>) -> Vec<ParagraphView> {
    let tags = document.regions.as_ref().map(|regions| regions.paragraphs.as_slice()).unwrap_or_default();
    let to_html = |text: &str| match highlighter {
        Some(highlighter) => highlighter.mark_html(text),
        None => {
            let mut html = String::with_capacity(text.len());
            push_escaped(&mut html, text);
            html
        }
    };
    document
        .paragraphs()
        .enumerate()
        .filter(|(_, text)| !text.trim().is_empty())
        .map(|(index, text)| ParagraphView {
            index,
            html: to_html(text),
            region: tags
                .iter()
                .find(|tag| tag.index == index)
                .and_then(|tag| tag.region.as_ref())
                .map(|region| region.name.clone()),
        })
        .collect()
}

/// Returns the GB/T 7714 reference of an online document: `issuer. title: 文号 [EB/OL]. date. URL.`
pub fn gbt7714_reference(document: &Document) -> String {
    let mut reference = String::new();
    if let Some(issuer) = document.issuer.as_deref().or(document.source.as_deref()) {
        reference.push_str(issuer.trim());
        reference.push_str(". ");
    }
    reference.push_str(&document.display_title());
    if let Some(doc_number) = document.doc_number.as_deref() {
        reference.push_str(": ");
        reference.push_str(doc_number.trim());
    }
    reference.push_str(" [EB/OL]. ");
    if let Some(date) = document.published.as_deref().or(document.written.as_deref()) {
        reference.push_str(crate::views::date_part(date));
        reference.push_str(". ");
    }
    if let Some(url) = document.url.as_deref() {
        reference.push_str(url.trim());
        reference.push('.');
    }
    reference.trim_end().to_string()
}

/// Returns the page of a document at a paragraph.
pub fn paragraph_href(id: &str, paragraph: usize) -> String {
    format!("{}#p{paragraph}", doc_href(id))
}

/// Returns the page of a document at a paragraph, the query's words marked.
pub fn paragraph_href_for_query(id: &str, paragraph: usize, query: &str) -> String {
    format!("{}#p{paragraph}", super::href_with(&doc_href(id), &[("q", query)]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reference_follows_gbt_7714() {
        let document = Document {
            title: "关于推进养老服务发展的意见".into(),
            issuer: Some("国务院办公厅".into()),
            doc_number: Some("国办发〔2019〕5号".into()),
            published: Some("2019-04-16T10:00:00".into()),
            url: Some("https://www.gov.cn/a.htm".into()),
            ..Document::default()
        };
        assert_eq!(
            gbt7714_reference(&document),
            "国务院办公厅. 关于推进养老服务发展的意见: 国办发〔2019〕5号 [EB/OL]. 2019-04-16. https://www.gov.cn/a.htm."
        );
        let bare = Document { title: "标题".into(), ..Document::default() };
        assert_eq!(gbt7714_reference(&bare), "标题 [EB/OL].");
    }
}
