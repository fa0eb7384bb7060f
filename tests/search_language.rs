//! The query language, filters, 文号 lookup, synonyms, repost collapsing, facets, CSV export and a
//! relevance floor (issue #7).

use std::collections::HashMap;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use corpus::{Document, Kind, Region, Regions};
use indexer::SearchRequest;
use tower::ServiceExt;

use crate::support::{document, ids, index_of, search};

fn region(name: &str, code: &str, level: &str, province: &str, city: Option<&str>) -> Region {
    Region {
        name: name.into(),
        code: code.into(),
        level: level.into(),
        province: province.into(),
        city: city.map(Into::into),
    }
}

fn with_region(mut document: Document, primary: Region) -> Document {
    document.regions = Some(Regions { primary: Some(primary), ..Regions::default() });
    document
}

fn corpus() -> Vec<Document> {
    let suzhou = region("苏州市", "320500", "city", "江苏省", Some("苏州市"));
    let nanjing = region("南京市", "320100", "city", "江苏省", Some("南京市"));
    let hangzhou = region("杭州市", "330100", "city", "浙江省", Some("杭州市"));
    let mut beds_js = with_region(
        document("beds-js", "苏州市家庭养老床位建设实施办法", "推进家庭养老床位建设，提供上门服务。"),
        suzhou,
    );
    beds_js.published = Some("2021-05-10".into());
    beds_js.kind = Kind::Policy;
    beds_js.doc_number = Some("苏府办〔2021〕12号".into());
    beds_js.source = Some("苏州市人民政府".into());
    beds_js.url = Some("http://www.suzhou.gov.cn/zfxxgk/a.html".into());
    let mut beds_zj =
        with_region(document("beds-zj", "杭州市家庭养老床位管理办法", "规范家庭养老床位的设置与服务。"), hangzhou);
    beds_zj.published = Some("2019-03-01".into());
    beds_zj.kind = Kind::Policy;
    beds_zj.source = Some("杭州市民政局".into());
    let mut meals = with_region(
        document("meals-nj", "南京市老年助餐服务新闻", "南京新增长者食堂二十家，老年助餐服务覆盖全市。"),
        nanjing,
    );
    meals.published = Some("2022-08-01".into());
    meals.kind = Kind::News;
    meals.url = Some("https://news.example.cn/2022/meals.html".into());
    let mut canteen = document("canteen", "长者食堂开张", "社区长者食堂为老人提供午餐。");
    canteen.published = Some("2023-01-15".into());
    canteen.kind = Kind::News;
    let mut ltci = document("ltci", "长期护理保险制度试点方案", "开展长期护理保险制度试点，长期护理保险覆盖失能人员。");
    ltci.published = Some("2020-09-01".into());
    ltci.kind = Kind::Policy;
    let mut ltci_short = document("ltci-short", "长护险经办规程", "长护险待遇申请和评估流程。");
    ltci_short.published = Some("2020-10-01".into());
    let mut original = document("orig", "关于加强老年人助浴服务的通知", "各区要加强老年人助浴服务，建设助浴点。");
    original.published = Some("2020-01-01".into());
    let mut repost_a =
        document("repost-a", "关于加强老年人助浴服务的通知（转载）", "各区要加强老年人助浴服务，建设助浴点。");
    repost_a.cluster = Some("orig".into());
    let mut repost_b =
        document("repost-b", "转：关于加强老年人助浴服务的通知", "各区要加强老年人助浴服务，建设助浴点。");
    repost_b.cluster = Some("orig".into());
    vec![beds_js, beds_zj, meals, canteen, ltci, ltci_short, original, repost_a, repost_b]
}

fn search_with(engine: &indexer::SearchEngine, request: SearchRequest) -> indexer::SearchResponse {
    engine.search(&request).unwrap_or_else(|err| panic!("query `{}` failed: {err}", request.query))
}

#[test]
fn groups_must_all_match() {
    let (_dir, engine) = index_of(&corpus());
    assert_eq!(ids(&search(&engine, "家庭养老床位 苏州")), ["beds-js"]);
}

#[test]
fn or_matches_either_side() {
    let (_dir, engine) = index_of(&corpus());
    let mut found = ids(&search(&engine, "苏州 OR 杭州"));
    found.sort();
    assert_eq!(found, ["beds-js", "beds-zj"]);
}

#[test]
fn region_filter_matches_the_province_and_below() {
    let (_dir, engine) = index_of(&corpus());
    let mut in_jiangsu = ids(&search(&engine, "region:江苏"));
    in_jiangsu.sort();
    assert_eq!(in_jiangsu, ["beds-js", "meals-nj"]);
    assert_eq!(ids(&search(&engine, "家庭养老床位 region:江苏省")), ["beds-js"]);
    assert_eq!(ids(&search(&engine, "家庭养老床位 region:苏州")), ["beds-js"]);
    let request = SearchRequest { region: Some("浙江".into()), ..crate::support::request("家庭养老床位") };
    assert_eq!(ids(&search_with(&engine, request)), ["beds-zj"]);
}

#[test]
fn kind_site_source_and_date_filters() {
    let (_dir, engine) = index_of(&corpus());
    let mut policies = ids(&search(&engine, "kind:policy"));
    policies.sort();
    assert_eq!(policies, ["beds-js", "beds-zj", "ltci"]);
    assert_eq!(ids(&search(&engine, "site:www.suzhou.gov.cn")), ["beds-js"]);
    assert_eq!(ids(&search(&engine, "source:杭州市民政局")), ["beds-zj"]);
    assert_eq!(ids(&search(&engine, "家庭养老床位 from:2020")), ["beds-js"]);
    assert_eq!(ids(&search(&engine, "家庭养老床位 to:2020-12-31")), ["beds-zj"]);
    assert_eq!(ids(&search(&engine, "老年助餐 year:2022")), ["meals-nj"]);
    assert_eq!(ids(&search(&engine, "site:suzhou.gov.cn")), ["beds-js"]);
}

#[test]
fn a_doc_number_in_any_bracket_variant_ranks_its_document_first() {
    let (_dir, engine) = index_of(&corpus());
    for query in ["苏府办〔2021〕12号", "苏府办[2021]12号", "苏府办【2021】12号", "家庭养老床位 苏府办（2021）12号"]
    {
        let found = ids(&search(&engine, query));
        assert_eq!(found.first().map(String::as_str), Some("beds-js"), "query {query}: {found:?}");
    }
}

#[test]
fn traditional_and_full_width_queries_work() {
    let (_dir, engine) = index_of(&corpus());
    assert_eq!(ids(&search(&engine, "家庭養老床位 蘇州")), ["beds-js"]);
    assert_eq!(ids(&search(&engine, "家庭养老床位 ｒｅｇｉｏｎ：江苏")), ["beds-js"]);
}

#[test]
fn synonyms_raise_recall_without_outranking_the_typed_term() {
    let (_dir, engine) = index_of(&corpus());
    let found = ids(&search(&engine, "长期护理保险"));
    assert_eq!(found.first().map(String::as_str), Some("ltci"), "{found:?}");
    assert!(found.contains(&"ltci-short".to_string()), "help: 长护险 is a synonym of 长期护理保险: {found:?}");
    let short = ids(&search(&engine, "长护险"));
    assert_eq!(short.first().map(String::as_str), Some("ltci-short"), "{short:?}");
}

#[test]
fn a_repost_cluster_shows_once_under_its_original() {
    let (_dir, engine) = index_of(&corpus());
    let response = search(&engine, "助浴服务");
    assert_eq!(ids(&response), ["orig"]);
    assert_eq!(response.hits[0].reposts, 2);
    let request = SearchRequest { collapse: false, ..crate::support::request("助浴服务") };
    assert_eq!(search_with(&engine, request).hits.len(), 3);
}

#[test]
fn facet_counts_add_up_to_the_total() {
    let (_dir, engine) = index_of(&corpus());
    for query in ["养老", "kind:policy", "region:江苏", "助浴"] {
        let request = SearchRequest { facets: true, ..crate::support::request(query) };
        let response = search_with(&engine, request);
        let facets = response.facets.expect("facets were requested");
        for (name, counts) in
            [("kind", &facets.kind), ("year", &facets.year), ("province", &facets.province), ("source", &facets.source)]
        {
            let sum: u64 = counts.iter().map(|count| count.count).sum();
            assert_eq!(sum as usize, response.total, "help: {name} counts of `{query}` must add up to the total");
        }
    }
}

#[test]
fn sort_by_date_puts_the_newest_first() {
    let (_dir, engine) = index_of(&corpus());
    let request = SearchRequest { sort: indexer::SortOrder::Date, ..crate::support::request("养老") };
    let dates: Vec<String> =
        search_with(&engine, request).hits.iter().filter_map(|hit| hit.published.clone()).collect();
    let mut sorted = dates.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(dates, sorted);
}

async fn get(app: axum::Router, uri: &str) -> (StatusCode, Vec<u8>) {
    let response = app.oneshot(Request::get(uri).body(Body::empty()).unwrap()).await.unwrap();
    let status = response.status();
    (status, axum::body::to_bytes(response.into_body(), 10 << 20).await.unwrap().to_vec())
}

fn app_over(documents: &[Document]) -> (tempfile::TempDir, axum::Router) {
    let (dir, engine) = index_of(documents);
    (dir, server::app(server::AppState::new(engine)))
}

#[tokio::test]
async fn a_malformed_query_gets_a_400_with_a_message() {
    let (_dir, app) = app_over(&corpus());
    for uri in [
        "/api/search?q=%22unclosed",
        "/api/search?q=from:yesterday",
        "/api/search?q=region:%E7%81%AB%E6%98%9F",
        "/api/search?q=a&limit=0",
        "/api/search?q=a&sort=random",
    ] {
        let (status, body) = get(app.clone(), uri).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{uri}");
        let json: serde_json::Value = serde_json::from_slice(&body).expect("the error is JSON");
        assert!(!json["error"].as_str().unwrap_or("").is_empty(), "{uri}: {json}");
    }
    let long_query = "养".repeat(indexer::search::query_language::MAX_QUERY_CHARS + 1);
    let (status, _) = get(app, &format!("/api/search?q={long_query}")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn the_csv_export_parses_with_one_row_per_hit() {
    let (_dir, app) = app_over(&corpus());
    let (status, body) = get(app.clone(), "/api/search.csv?q=%E5%85%BB%E8%80%81&limit=50").await;
    assert_eq!(status, StatusCode::OK);
    let mut reader = csv::Reader::from_reader(body.as_slice());
    let rows: Vec<csv::StringRecord> = reader.records().collect::<Result<_, _>>().expect("the CSV parses");
    let (_, json) = get(app, "/api/search?q=%E5%85%BB%E8%80%81&limit=50").await;
    let json: serde_json::Value = serde_json::from_slice(&json).unwrap();
    assert_eq!(rows.len(), json["hits"].as_array().unwrap().len());
    assert!(!rows.is_empty());
    assert_eq!(&rows[0][1], json["hits"][0]["id"].as_str().unwrap());
}

#[tokio::test]
async fn the_openapi_document_describes_every_api_endpoint() {
    let (_dir, app) = app_over(&corpus());
    let (status, body) = get(app, "/api/openapi.json").await;
    assert_eq!(status, StatusCode::OK);
    let json: serde_json::Value = serde_json::from_slice(&body).unwrap();
    for path in ["/api/search", "/api/search.csv", "/api/documents/{id}", "/healthz"] {
        assert!(json["paths"].get(path).is_some(), "help: {path} missing from the OpenAPI document");
    }
}

/// The relevance floor on the bundled corpus and questions (`corpus/fixtures/relevance/`).
const RELEVANCE_FLOOR: f64 = 0.85;

#[test]
fn relevance_on_the_bundled_questions_stays_above_the_floor() {
    let root = crate::support::workspace_root();
    let mut documents = Vec::new();
    for file in ["corpus/data/seeds.jsonl", "corpus/data/laws.jsonl"] {
        documents.extend(corpus::read_documents(&root.join(file)).expect("the bundled corpus reads").documents);
    }
    let texts: HashMap<String, String> =
        documents.iter().map(|d| (d.id.clone(), format!("{}{}", d.title, d.body))).collect();
    let (_dir, engine) = index_of(&documents);
    let tsv = std::fs::read_to_string(root.join("corpus/fixtures/relevance/bundled-questions.tsv")).unwrap();
    let questions = indexer::evaluation::parse_questions(&tsv);
    let report = indexer::evaluation::evaluate(&engine, &questions, &texts);
    println!("{report}\nfloor: MRR@10 ≥ {RELEVANCE_FLOOR}");
    for (question, rank) in &report.misses {
        println!("not first: {question} (rank {rank:?})");
    }
    assert!(report.mrr_at_10 >= RELEVANCE_FLOOR, "help: MRR@10 {:.3} fell below {RELEVANCE_FLOOR}", report.mrr_at_10);
}

#[test]
fn a_place_in_the_query_matches_region_tags_and_ranks_documents_about_the_place_first() {
    let nanjing = region("南京市", "320100", "city", "江苏省", Some("南京市"));
    let jincheng = region("晋城市", "140500", "city", "山西省", Some("晋城市"));
    let about_nanjing =
        with_region(document("nanjing", "南京市家庭养老床位实施细则", "本市推进家庭养老床位建设。"), nanjing);
    let mut mentions_jiangsu = with_region(
        document("jincheng", "各地养老服务工作综述", "江苏推进家庭养老床位建设，晋城市推进家庭养老床位试点。"),
        jincheng,
    );
    let jiangsu = region("江苏省", "320000", "province", "江苏省", None);
    if let Some(regions) = mentions_jiangsu.regions.as_mut() {
        regions.mentions.push(corpus::RegionMention { region: jiangsu, count: 1 });
    }
    let (_dir, engine) = index_of(&[mentions_jiangsu, about_nanjing]);
    assert_eq!(ids(&search(&engine, "家庭养老床位 江苏")), ["nanjing", "jincheng"]);
    assert_eq!(ids(&search(&engine, "家庭养老床位 南京")), ["nanjing"]);
    // A region filter ranks the same way: the document about the region before the one naming it.
    assert_eq!(ids(&search(&engine, "家庭养老床位 region:江苏")), ["nanjing", "jincheng"]);
}

#[test]
fn since_in_words_filters_by_date() {
    let (_dir, engine) = index_of(&corpus());
    assert_eq!(ids(&search(&engine, "家庭养老床位 2021年以来")), ["beds-js"]);
    let mut both = ids(&search(&engine, "家庭养老床位 自2019年以来"));
    both.sort();
    assert_eq!(both, ["beds-js", "beds-zj"]);
}

#[test]
fn a_single_character_is_found_inside_words() {
    let (_dir, engine) = index_of(&[
        document("medicine", "用药指导", "为老年人提供中药饮片和常用药品。"),
        document("other", "老年助餐", "社区食堂提供午餐。"),
    ]);
    assert_eq!(ids(&search(&engine, "药")), ["medicine"]);
    assert_eq!(ids(&search(&engine, "老年人 药")), ["medicine"]);
    assert_eq!(ids(&search(&engine, "\"药\"")), ["medicine"]);
}

#[test]
fn a_question_naming_a_place_ranks_another_provinces_document_down() {
    let beijing = region("北京市", "110000", "province", "北京市", None);
    let shaanxi = region("陕西省", "610000", "province", "陕西省", None);
    // The same measures published by two provinces: their publishers and region tags differ, their
    // text does not.
    let (title, body) = ("援企稳岗若干措施", "出台援企稳岗措施，支持中小微企业稳定就业，减免社会保险费。");
    let published_by = |mut document: Document, publisher: &str| {
        document.source = Some(publisher.to_string());
        document
    };
    let (_dir, engine) = index_of(&[
        with_region(published_by(document("bj", title, body), "北京市人力资源和社会保障局"), beijing),
        with_region(published_by(document("sn", title, body), "陕西省人力资源和社会保障厅"), shaanxi),
        document("news", "陕西省出台援企稳岗措施", &format!("陕西省人民政府日前印发通知。{body}武汉市 武汉市 湖北省")),
    ]);
    let mut shaanxi_first = ids(&search(&engine, "陕西省在援企稳岗方面有哪些举措？"));
    assert_eq!(shaanxi_first.pop().as_deref(), Some("bj"), "{shaanxi_first:?}");
    shaanxi_first.sort();
    assert_eq!(shaanxi_first, ["news", "sn"], "help: both Shaanxi documents come before Beijing's");
    assert_eq!(ids(&search(&engine, "北京市在援企稳岗方面有哪些举措？"))[0], "bj");
}

#[test]
fn a_policy_name_ranks_the_named_places_document_first() {
    let zhejiang = region("浙江省", "330000", "province", "浙江省", None);
    let shandong = region("山东省", "370000", "province", "山东省", None);
    let zhejiang_rules = with_region(
        document("zj", "浙江省社会养老服务促进条例", "为了促进社会养老服务发展，制定本条例。养老服务机构应当…"),
        zhejiang,
    );
    let shandong_rules = with_region(
        document("sd", "山东省养老服务条例", "为了规范养老服务，制定本条例。养老服务条例适用于本省。"),
        shandong,
    );
    let (_dir, engine) = index_of(&[shandong_rules, zhejiang_rules]);
    // A name typed from memory, longer than a keyword group and not quite the title.
    assert_eq!(ids(&search(&engine, "浙江省养老服务条例"))[0], "zj");
    assert_eq!(ids(&search(&engine, "山东省养老服务条例"))[0], "sd");
}

#[test]
fn a_topic_across_provinces_lets_provinces_take_turns_whether_or_not_the_scope_word_stands_apart() {
    let jiangsu = region("江苏省", "320000", "province", "江苏省", None);
    let zhejiang = region("浙江省", "330000", "province", "浙江省", None);
    let strong = "老年助餐服务。发展老年助餐，建设老年助餐点。老年助餐惠及老人。";
    let mut documents: Vec<Document> = (0..3)
        .map(|i| with_region(document(&format!("js{i}"), "老年助餐服务实施方案", strong), jiangsu.clone()))
        .collect();
    let fewer = "开展老年助餐服务，方便老人就餐。其他事项若干。";
    documents.push(with_region(document("zj", "老年助餐服务通知", fewer), zhejiang));
    let (_dir, engine) = index_of(&documents);
    assert_eq!(ids(&search(&engine, "老年助餐")).last().map(String::as_str), Some("zj"));
    for query in ["各省老年助餐", "各省 老年助餐", "老年助餐 全国各地"] {
        let found = ids(&search(&engine, query));
        assert_eq!(found.get(1).map(String::as_str), Some("zj"), "{query}: {found:?}");
    }
}

#[test]
fn a_topic_across_provinces_matches_on_the_topic() {
    let (_dir, engine) = index_of(&corpus());
    let mut found = ids(&search(&engine, "各省家庭养老床位"));
    found.sort();
    assert_eq!(found, ["beds-js", "beds-zj"]);
    assert_eq!(ids(&search(&engine, "全国各地 长护险")).len(), 2);
    // Scope words alone ask for no topic: every document of the filter, newest first.
    assert_eq!(ids(&search(&engine, "各地 region:江苏")), ["meals-nj", "beds-js"]);
}
