//! Page and API tests over HTTP with `tower::ServiceExt::oneshot` on `server::app` (issue #8):
//! every page and JSON twin answers for a normal query, an empty result, an unknown document and
//! bad parameters; citations link both ways; compare splits seed 002 by province; trace finds
//! the original of a traditional-script repost; markup in documents stays text.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use serde_json::Value;
use tower::ServiceExt;

use common::*;

/// A response, read whole.
struct Answer {
    status: StatusCode,
    content_type: String,
    body: String,
}

impl Answer {
    fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|err| panic!("help: not JSON ({err}): {}", self.body))
    }
}

fn encode(text: &str) -> String {
    url::form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

async fn send(request: Request<Body>) -> Answer {
    let response = server::app(TEST_INDEX.state.clone()).oneshot(request).await.expect("the app always answers");
    let status = response.status();
    let content_type = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default()
        .to_string();
    let bytes = axum::body::to_bytes(response.into_body(), usize::MAX).await.expect("the body is readable");
    Answer { status, content_type, body: String::from_utf8_lossy(&bytes).into_owned() }
}

async fn get(uri: &str) -> Answer {
    send(Request::get(uri).body(Body::empty()).expect("the request is valid")).await
}

async fn get_ok(uri: &str) -> Answer {
    let answer = get(uri).await;
    assert_eq!(answer.status, StatusCode::OK, "help: GET {uri} answered {}: {}", answer.status, answer.body);
    answer
}

fn assert_html(answer: &Answer, uri: &str) {
    assert!(answer.content_type.starts_with("text/html"), "help: GET {uri} is not HTML: {}", answer.content_type);
    assert!(answer.body.contains("</html>"), "help: GET {uri} is not a whole page");
}

#[tokio::test]
async fn every_page_answers_a_normal_query() {
    let quote = encode(TRACED_QUOTE);
    let pages = [
        "/".to_string(),
        format!("/?q={}", encode("养老服务")),
        format!("/?q={}&sort=date&offset=10", encode("养老")),
        format!("/doc/{SEED_002}"),
        format!("/compare?q={}", encode("老年人权益保障")),
        format!("/compare?q={}&regions={}", encode("养老服务"), encode("北京,上海")),
        format!("/timeline?q={}", encode("老年人权益保障")),
        "/compare".to_string(),
        "/timeline".to_string(),
        "/trace".to_string(),
        format!("/trace?text={quote}"),
    ];
    for uri in &pages {
        let answer = get_ok(uri).await;
        assert_html(&answer, uri);
        assert!(answer.body.contains("/assets/style.css"), "help: {uri} lacks the stylesheet");
    }
    let css = get_ok("/assets/style.css").await;
    assert!(css.content_type.starts_with("text/css"));
    assert!(get_ok("/assets/app.js").await.content_type.starts_with("text/javascript"));
}

#[tokio::test]
async fn every_api_endpoint_answers_a_normal_query() {
    let search = get_ok(&format!("/api/search?q={}", encode("养老服务"))).await.json();
    assert!(search["total"].as_u64().unwrap() > 0);
    let compare = get_ok(&format!("/api/compare?q={}", encode("老年人权益保障"))).await.json();
    assert!(!compare["columns"].as_array().unwrap().is_empty(), "{compare}");
    let csv = get_ok(&format!("/api/compare.csv?q={}", encode("老年人权益保障"))).await;
    assert!(csv.content_type.starts_with("text/csv"));
    assert!(csv.body.starts_with("province,documents,id,title"));
    let timeline = get_ok(&format!("/api/timeline?q={}", encode("老年人权益保障"))).await.json();
    let provinces: Vec<&str> =
        timeline["provinces"].as_array().unwrap().iter().map(|row| row["province"].as_str().unwrap()).collect();
    assert!(provinces.contains(&"北京市") && provinces.contains(&"山东省"), "{provinces:?}");
    assert_eq!(timeline["provinces"][0]["first"]["published"], "1995-09-22", "北京 1995 is the first adopter");
    let trace = get_ok(&format!("/api/trace?text={}", encode(TRACED_QUOTE))).await.json();
    assert!(!trace["matches"].as_array().unwrap().is_empty());
    let relations = get_ok(&format!("/api/documents/{SEED_002}/citations")).await.json();
    assert_eq!(relations["id"], SEED_002);
    let csv = get_ok(&format!("/api/search.csv?q={}", encode("养老"))).await;
    assert!(csv.content_type.starts_with("text/csv"));
    let openapi = get_ok("/api/openapi.json").await.json();
    for path in ["/api/compare", "/api/compare.csv", "/api/timeline", "/api/trace", "/api/documents/{id}/citations"] {
        assert!(openapi["paths"][path].is_object(), "help: {path} is missing from server/src/openapi.rs");
    }
}

#[tokio::test]
async fn empty_results_answer_and_suggest_what_to_change() {
    let nothing = encode("鲲鹏扶摇量子养老");
    let answer = get_ok(&format!("/?q={nothing}&region={}", encode("江苏"))).await;
    assert!(answer.body.contains("没有找到匹配的文件"), "{}", answer.body);
    assert!(answer.body.contains("去掉筛选"), "help: an empty result should offer to drop the region filter");
    let answer = get_ok(&format!("/?q={}", encode("鲲鹏扶摇 量子纠缠"))).await;
    assert!(answer.body.contains("任一词即可"), "help: an empty two-word query should suggest OR");
    let compare = get_ok(&format!("/compare?q={nothing}")).await;
    assert!(compare.body.contains("0 篇匹配"));
    let compare = get_ok(&format!("/api/compare?q={nothing}")).await.json();
    assert_eq!(compare["columns"].as_array().unwrap().len(), 0);
    get_ok(&format!("/timeline?q={nothing}")).await;
    assert_eq!(get_ok(&format!("/api/timeline?q={nothing}")).await.json()["provinces"].as_array().unwrap().len(), 0);
    let unknown_quote = encode("这是一句在语料库里绝对不会出现的测试引文内容");
    assert!(get_ok(&format!("/trace?text={unknown_quote}")).await.body.contains("找到 0 篇"));
    assert_eq!(
        get_ok(&format!("/api/trace?text={unknown_quote}")).await.json()["matches"].as_array().unwrap().len(),
        0
    );
}

#[tokio::test]
async fn unknown_documents_and_paths_get_a_404() {
    let page = get("/doc/no-such-document").await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    assert_html(&page, "/doc/no-such-document");
    assert!(page.body.contains("no-such-document"));
    let page = get("/no/such/page").await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    assert_html(&page, "/no/such/page");
    for uri in ["/api/documents/no-such-document", "/api/documents/no-such-document/citations", "/api/nothing"] {
        let answer = get(uri).await;
        assert_eq!(answer.status, StatusCode::NOT_FOUND, "{uri}");
        assert!(answer.json()["error"].is_string(), "{uri}");
    }
}

#[tokio::test]
async fn bad_parameters_get_a_400_with_a_message() {
    let short_quote = encode("养老");
    let pages = [
        ("/?q=a&limit=abc".to_string(), "limit"),
        ("/?q=a&sort=loudest".to_string(), "sort"),
        (format!("/compare?q=a&regions={}", encode("火星")), "火星"),
        ("/compare?q=a&hits=0".to_string(), "hits"),
        ("/timeline?q=a&hits=abc".to_string(), "hits"),
        (format!("/trace?text={short_quote}"), "at least"),
    ];
    for (uri, word) in &pages {
        let answer = get(uri).await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST, "help: GET {uri}: {}", answer.body);
        assert_html(&answer, uri);
        assert!(answer.body.contains(word), "help: the 400 page of {uri} should say what is wrong ({word})");
    }
    let apis = [
        ("/api/search?q=a&offset=-1".to_string(), "offset"),
        ("/api/compare".to_string(), "`q`"),
        (format!("/api/compare?q=a&regions={}", encode("火星")), "火星"),
        ("/api/compare.csv?q=a&per_province=99".to_string(), "per_province"),
        ("/api/timeline".to_string(), "`q`"),
        ("/api/trace".to_string(), "`text`"),
        (format!("/api/trace?text={short_quote}"), "at least"),
        (format!("/api/compare?q={}", encode("region:江苏")), "words"),
    ];
    for (uri, word) in &apis {
        let answer = get(uri).await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST, "help: GET {uri}: {}", answer.body);
        let message = answer.json()["error"].as_str().unwrap_or_default().to_string();
        assert!(message.contains(word), "help: GET {uri} said `{message}`, expected it to mention {word}");
    }
}

#[tokio::test]
async fn trace_accepts_long_quotes_by_post() {
    let body = serde_json::json!({ "text": TRACED_QUOTE }).to_string();
    let request = Request::post("/api/trace")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body))
        .expect("the request is valid");
    let answer = send(request).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    let form = format!("text={}", encode(TRACED_QUOTE));
    let request = Request::post("/trace")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(form))
        .expect("the request is valid");
    let answer = send(request).await;
    assert_eq!(answer.status, StatusCode::OK);
    assert!(answer.body.contains(TRACE_ORIGINAL));
}

#[tokio::test]
async fn citations_link_both_ways() {
    let citing = get_ok(&format!("/api/documents/{CITING}/citations")).await.json();
    let cites = citing["cites"].as_array().unwrap();
    let to_cited: Vec<&str> = cites
        .iter()
        .filter(|cite| cite["document"]["id"] == CITED)
        .map(|cite| cite["kind"].as_str().unwrap())
        .collect();
    assert_eq!(to_cited, ["title", "doc_number"], "help: B names A by 《title》 and by 文号: {citing}");
    let unmatched = cites.iter().find(|cite| cite["document"].is_null()).expect("the unknown title is listed");
    assert_eq!(unmatched["text"], "某某不存在的规定");
    let cited = get_ok(&format!("/api/documents/{CITED}/citations")).await.json();
    let cited_by: Vec<&str> = cited["cited_by"].as_array().unwrap().iter().map(|d| d["id"].as_str().unwrap()).collect();
    assert_eq!(cited_by, [CITING]);

    let citing_page = get_ok(&format!("/doc/{CITING}")).await.body;
    assert!(citing_page.contains(&format!(r#"class="cites-link" href="/doc/{CITED}""#)), "help: no cites link on B");
    assert!(citing_page.contains("某某不存在的规定"));
    assert!(citing_page.contains("库中未收录"));
    let cited_page = get_ok(&format!("/doc/{CITED}")).await.body;
    assert!(cited_page.contains(&format!(r#"href="/doc/{CITING}""#)), "help: no cited-by link on A");
    assert!(cited_page.contains("民政部. 关于开展养老服务引用测试工作的通知: 民发〔2099〕7号 [EB/OL]. 2023-01-10."));
}

/// The provinces the region tagger assigns to seed 002's paragraphs (checked against
/// `/api/documents/2a46f93215c84e84`: paragraphs 4–17 and 21–23).
const SEED_002_PROVINCES: [&str; 12] = [
    "北京市",
    "天津市",
    "江苏省",
    "吉林省",
    "四川省",
    "内蒙古自治区",
    "甘肃省",
    "重庆市",
    "陕西省",
    "云南省",
    "宁夏回族自治区",
    "浙江省",
];

#[tokio::test]
async fn compare_gives_seed_002_a_paragraph_per_described_province() {
    let query = encode("老年人 OR 养老 source:晋城市卫生健康委员会");
    let comparison = get_ok(&format!("/api/compare?q={query}")).await.json();
    let columns = comparison["columns"].as_array().unwrap();
    for province in SEED_002_PROVINCES {
        let column = columns.iter().find(|column| column["province"] == province);
        let column = column.unwrap_or_else(|| panic!("help: seed 002 gave no paragraph to {province}: {comparison}"));
        assert_eq!(column["paragraphs"][0]["document"]["id"], SEED_002, "{province}");
    }
    let provinces: Vec<&str> = columns.iter().map(|column| column["province"].as_str().unwrap()).collect();
    assert!(!provinces.contains(&"山西省"), "help: the round-up's national paragraphs are no 山西 (晋城) paragraphs");
    assert_eq!(provinces.len(), SEED_002_PROVINCES.len(), "{provinces:?}");

    // Without the filter, among every other document, the seed still feeds the provinces only it describes.
    let comparison = get_ok(&format!("/api/compare?q={}&per_province=20", encode("老年人 OR 养老"))).await.json();
    for province in ["吉林省", "四川省", "甘肃省", "宁夏回族自治区"] {
        let column = comparison["columns"].as_array().unwrap().iter().find(|column| column["province"] == province);
        let paragraphs = column.unwrap_or_else(|| panic!("help: {province} missing"))["paragraphs"].as_array().unwrap();
        assert!(paragraphs.iter().any(|p| p["document"]["id"] == SEED_002), "help: {province} lacks seed 002");
    }

    let page = get_ok(&format!("/compare?q={query}&regions={}", encode("吉林,山西"))).await.body;
    let links_paragraph_7 = page
        .split(&format!("/doc/{SEED_002}?q="))
        .skip(1)
        .any(|rest| rest.split('"').next().is_some_and(|href| href.ends_with("#p7")));
    assert!(page.contains("吉林省") && links_paragraph_7, "help: 吉林 is paragraph 7, opened with the query marked");
    assert!(page.contains("没有匹配的段落"), "help: a chosen province without a match should say so");
    let csv = get_ok(&format!("/api/compare.csv?q={query}")).await.body;
    assert_eq!(csv.lines().filter(|line| line.contains(SEED_002)).count(), SEED_002_PROVINCES.len());
}

#[tokio::test]
async fn trace_finds_the_original_of_a_traditional_repost() {
    let trace = get_ok(&format!("/api/trace?text={}", encode(TRACED_QUOTE))).await.json();
    let ids: Vec<&str> =
        trace["matches"].as_array().unwrap().iter().map(|m| m["document"]["id"].as_str().unwrap()).collect();
    assert_eq!(ids, [TRACE_ORIGINAL, TRACE_REPOST], "help: earliest first: {trace}");
    assert_eq!(trace["likely_source"], TRACE_ORIGINAL);
    assert!(trace["matches"][0]["similarity"].as_f64().unwrap() > 0.95);
    assert_eq!(trace["matches"][1]["paragraph"], 1, "the repost's quote is its second paragraph");
    // A lightly edited simplified copy of the quote still finds both.
    let edited =
        "为推进居家养老服务体系建设，本市将在每个街道设立一处养老服务驿站，为辖区老年人提供助餐、助浴等上门服务";
    let trace = get_ok(&format!("/api/trace?text={}", encode(edited))).await.json();
    assert_eq!(trace["matches"].as_array().unwrap().len(), 2, "{trace}");
    let page = get_ok(&format!("/trace?text={}", encode(TRACED_QUOTE))).await.body;
    assert!(page.contains("可能的出处"));
}

#[tokio::test]
async fn search_page_has_facets_charts_sort_pages_and_reposts() {
    let page = get_ok(&format!("/?q={}", encode("养老服务"))).await.body;
    assert!(page.contains("<mark>"), "help: snippets should be highlighted");
    assert!(page.contains(&format!("region={}", encode("浙江省"))), "help: province facet links");
    assert!(page.contains("<svg class=\"chart\""), "help: charts of provinces and years");
    assert!(page.contains("sort=date"));
    assert!(page.contains("offset=10"), "help: a next-page link");
    assert!(page.contains("/api/search.csv?"));
    let filtered = get_ok(&format!("/?q={}&region={}", encode("养老服务"), encode("浙江省"))).await.body;
    assert!(filtered.contains("地区：浙江省"), "help: the active filter chip");
    assert!(filtered.contains("城市"), "help: cities under the chosen province");
    let csv = get_ok(&format!("/api/search.csv?q={}&region={}&limit=1000", encode("养老服务"), encode("浙江省"))).await;
    assert!(csv.body.lines().count() > 1);
}

#[tokio::test]
async fn markup_in_documents_stays_text() {
    for uri in [
        format!("/doc/{XSS}"),
        format!("/doc/{XSS}?q={}", encode("alert 养老服务")),
        format!("/?q={}", encode("养老服务安全测试")),
        format!("/?q={}", encode("alert")),
    ] {
        let page = get_ok(&uri).await.body;
        assert!(!page.contains(XSS_SCRIPT), "help: raw <script> on {uri}");
        assert!(!page.contains("<img src=x"), "help: raw <img> on {uri}");
        let shown_as_text = ["&lt;script&gt;", "&#60;script&#62;", "&lt;img", "&#60;img"];
        assert!(shown_as_text.iter().any(|text| page.contains(text)), "help: the markup should show as text on {uri}");
    }
    let api = get_ok(&format!("/api/documents/{XSS}")).await.json();
    assert!(api["title"].as_str().unwrap().contains(XSS_SCRIPT), "JSON keeps the text as it is");
}

#[tokio::test]
async fn a_compound_few_documents_write_is_announced_where_its_parts_apart_follow() {
    let query = encode("老年人优待 北京");
    let page = get_ok(&format!("/?q={query}")).await;
    assert!(
        page.body.contains("原样含「老年人优待」的文件不足"),
        "help: the page should say why more follow: {}",
        page.body
    );
    let api = get_ok(&format!("/api/search?q={query}")).await.json();
    let titles: Vec<&str> = api["hits"].as_array().unwrap().iter().filter_map(|hit| hit["title"].as_str()).collect();
    assert!(titles.contains(&"北京市老年人权益保障条例"), "help: the law writing 老年人 and 优待 apart: {titles:?}");
    assert_eq!(api["split_words"][0]["parts"], serde_json::json!(["老年人", "优待"]));
}

#[tokio::test]
async fn a_document_opened_from_a_search_marks_its_words_and_links_the_first_paragraph() {
    let search = get_ok(&format!("/?q={}", encode("家庭养老床位"))).await.body;
    let href = format!("/doc/{SEED_002}?q={}", encode("家庭养老床位"));
    assert!(search.contains(&href), "help: a hit should open its document with the query: {search}");
    let page = get_ok(&href).await.body;
    assert!(page.contains("<mark>家庭养老床位</mark>"), "help: the query's words should be marked in the text");
    assert!(page.contains("跳到第一段"), "help: the page should link to the first paragraph holding them");
    let unknown = get_ok(&format!("/doc/{SEED_002}?q={}", encode("鲲鹏扶摇"))).await.body;
    assert!(unknown.contains("正文没有原样出现检索词") && !unknown.contains("<mark>"));
    let broken = get_ok(&format!("/doc/{SEED_002}?q={}", encode("\"未闭合"))).await;
    assert_eq!(broken.status, StatusCode::OK, "help: a query that does not parse still shows the document");
}

#[tokio::test]
async fn a_roundup_counts_in_the_timeline_for_the_province_its_matching_item_reports() {
    let timeline = get_ok(&format!("/api/timeline?q={}", encode("长期护理保险"))).await.json();
    let rows = timeline["provinces"].as_array().unwrap();
    let tianjin = rows.iter().find(|row| row["province"] == "天津市");
    let tianjin = tianjin.unwrap_or_else(|| panic!("help: seed 002's 长期护理保险 item is 天津's: {timeline}"));
    assert_eq!(tianjin["first"]["id"], SEED_002);
    let shanxi_by_seed = rows.iter().any(|row| row["province"] == "山西省" && row["first"]["id"] == SEED_002);
    assert!(!shanxi_by_seed, "help: the publisher's province (山西) reports no 长期护理保险 in seed 002");
}
