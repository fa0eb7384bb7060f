//! Search over an index built in the test (issue #3).

use crate::support::{document, ids, index_of, marked, search};

fn corpus() -> Vec<corpus::Document> {
    vec![
        document(
            "ltci",
            "关于开展长期护理保险制度试点的指导意见",
            "各地要稳步推进长期护理保险制度试点，探索建立互助共济的制度。",
        ),
        document("meals", "老年助餐服务实施方案", "发展老年助餐服务，建设社区助餐点，方便老年人就餐。"),
        document("hant", "推進長期護理保險", "本市開展長期護理保險試點，為失能老人提供護理服務。"),
        document("beds", "家庭养老床位建设", "推进家庭养老床位建设和居家适老化改造。"),
    ]
}

#[test]
fn a_phrase_finds_text_inside_a_longer_word() {
    let (_dir, engine) = index_of(&corpus());
    let response = search(&engine, "\"制度试点\"");
    assert_eq!(ids(&response), ["ltci"]);
    assert_eq!(marked(&response.hits[0].snippet), ["制度试点"]);
}

#[test]
fn a_phrase_must_be_contiguous() {
    let (_dir, engine) = index_of(&corpus());
    assert_eq!(search(&engine, "\"试点制度\"").total, 0);
}

#[test]
fn traditional_query_finds_simplified_documents() {
    let (_dir, engine) = index_of(&corpus());
    let found = ids(&search(&engine, "護理保險"));
    assert!(found.contains(&"ltci".to_string()), "{found:?}");
    assert!(found.contains(&"hant".to_string()), "{found:?}");
}

#[test]
fn full_width_query_works() {
    let (_dir, engine) = index_of(&[document("ai", "ＡＩ养老", "推进ＡＩ技术在养老中的应用")]);
    assert_eq!(ids(&search(&engine, "AI")), ["ai"]);
}

#[test]
fn marks_cover_exactly_the_matched_characters_of_a_traditional_document() {
    let (_dir, engine) = index_of(&corpus());
    let response = search(&engine, "\"护理保险\"");
    let traditional = response.hits.iter().find(|hit| hit.id == "hant").expect("the traditional document matches");
    assert!(marked(&traditional.snippet).iter().all(|mark| mark == "護理保險"), "{}", traditional.snippet);
    assert!(!marked(&traditional.snippet).is_empty());
}

#[test]
fn excluded_terms_remove_documents() {
    let (_dir, engine) = index_of(&corpus());
    let with = ids(&search(&engine, "长期护理保险"));
    assert!(with.contains(&"ltci".to_string()) && with.contains(&"hant".to_string()));
    let without = ids(&search(&engine, "长期护理保险 -指导意见"));
    assert!(!without.contains(&"ltci".to_string()), "{without:?}");
    assert!(without.contains(&"hant".to_string()), "{without:?}");
}

#[test]
fn punctuation_only_and_broken_queries_never_panic() {
    let (_dir, engine) = index_of(&corpus());
    for query in ["，。！？", "\"", "\"制度试点", "-", "OR", "养老 OR", "((", ":", "region:", "from:abc", "\u{0}"]
    {
        match engine.search(&crate::support::request(query)) {
            Ok(response) => assert_eq!(response.total, 0, "query {query:?} should match nothing"),
            Err(err) => assert!(!err.to_string().is_empty(), "query {query:?} needs a message"),
        }
    }
}

#[test]
fn reindexing_the_same_id_replaces_the_document() {
    let dir = tempfile::tempdir().unwrap();
    for body in ["第一版内容", "第二版内容"] {
        let mut builder = indexer::IndexBuilder::open(dir.path()).unwrap();
        builder.add(document("same", "标题", body)).unwrap();
        builder.commit().unwrap();
    }
    let engine = indexer::SearchEngine::open(dir.path()).unwrap();
    assert_eq!(engine.num_docs(), 1);
    assert_eq!(engine.get("same").unwrap().unwrap().body, "第二版内容");
}

#[test]
fn a_word_written_only_inside_a_longer_term_ranks_below_the_word_itself() {
    let (_dir, engine) = index_of(&[
        document("age-friendly", "适老化改造", "推进适老化改造，适老化改造惠及老年人，适老化改造补贴。"),
        document("ageing", "小区改造", "老旧小区设施老化，需要更新。"),
    ]);
    assert_eq!(ids(&search(&engine, "老化")), ["ageing", "age-friendly"], "help: see corpus/dict/inner_words.txt");
    assert_eq!(ids(&search(&engine, "适老化")), ["age-friendly"]);
}

#[test]
fn a_document_about_the_topic_outranks_one_that_mentions_it_in_passing() {
    let about: String = (0..25)
        .map(|i| format!("第{i}条 本市发展养老服务，完善社区养老设施，支持机构提供照护。{}", "其他规定。".repeat(30)))
        .collect();
    let passing = format!(
        "上海市华侨权益保护规定。{}华侨在本市养老、医疗、养老保险等方面享有待遇。{}",
        "华侨权益。".repeat(40),
        "其他规定。".repeat(20)
    );
    let (_dir, engine) = index_of(&[
        document("about", "上海市老年人条例", &format!("上海市{about}")),
        document("passing", "上海市华侨条例", &passing),
    ]);
    assert_eq!(ids(&search(&engine, "上海 养老")), ["about", "passing"], "help: see rerank::topic_share");
}

#[test]
fn a_policy_name_typed_from_memory_ranks_by_its_topic_before_its_place_and_genre() {
    let (_dir, engine) = index_of(&[
        document(
            "dogs",
            "上海市养犬管理条例",
            "上海市养犬管理服务。本条例适用于本市行政区域内的养犬和相关管理服务活动。",
        ),
        document("elders", "上海市老年人权益保障条例", "上海市发展养老服务，保障老年人合法权益，完善养老服务体系。"),
        document("elsewhere", "山东省养老服务条例", "山东省发展养老服务，规范养老服务机构，促进养老服务业发展。"),
    ]);
    let found = ids(&search(&engine, "上海市养老服务条例"));
    assert_eq!(found.len(), 3, "{found:?}");
    assert_eq!(
        found[2], "dogs",
        "the genre (条例) and the place are no topic: {found:?}; help: see corpus/dict/genre_words.txt"
    );
}

#[test]
fn a_law_named_in_full_comes_before_the_measures_implementing_it() {
    let (_dir, engine) = index_of(&[
        document(
            "zhejiang",
            "浙江省实施《中华人民共和国老年人权益保障法》办法",
            "根据《中华人民共和国老年人权益保障法》，结合本省实际，制定本办法。老年人权益保障法规定的各项权益，\
             各级人民政府应当落实。老年人权益保障法实施情况纳入考核。",
        ),
        document(
            "national",
            "中华人民共和国老年人权益保障法",
            "第一条 为了保障老年人合法权益，发展老龄事业，制定本法。",
        ),
        document("henan", "河南省老年人权益保障条例", "根据老年人权益保障法，结合本省实际，制定本条例。"),
    ]);
    let typed_names =
        ["老年人权益保障法", "中华人民共和国老年人权益保障法", "《老年人权益保障法》", "《老年人权益保障法》第一条"];
    for typed in typed_names {
        let found = ids(&search(&engine, typed));
        assert_eq!(found.first().map(String::as_str), Some("national"), "{typed}: {found:?}");
    }
}

#[test]
fn a_roundup_naming_the_place_in_another_item_ranks_below_a_report_tying_topic_and_place() {
    let (_dir, engine) = index_of(&[
        document(
            "roundup",
            "国内联播快讯",
            "央视网消息\n我国医养结合服务供给进一步扩大 床位总数达200万张\n\
             记者今天从国家卫生健康委获悉，全国医养结合机构有7800多家，医养结合服务持续推进，\
             医养结合床位总数达到200万张，医养结合签约合作8.7万对。\n\
             今年以来北京口岸出入境人员突破600万人次\n\
             记者从北京边检总站获悉，北京口岸今年以来出入境人员量突破600万人次，日均旅客量达4.4万人次。\n\
             深中通道全线沥青路面今日完工\n\
             今天，深中通道项目全线沥青路面完成铺设，即将进入机电及通信设备的联调联试等工程施工阶段。",
        ),
        document(
            "report",
            "京津冀卫生健康协同发展向纵深推进",
            &format!(
                "{}北京推进医养结合试点。",
                "三地共建115个医联体，推进区域医疗资源共享，开展远程会诊和检查结果互认，推动优质医疗资源下沉。"
                    .repeat(8)
            ),
        ),
    ]);
    let found = ids(&search(&engine, "医养结合 北京"));
    assert_eq!(found, ["report", "roundup"], "help: see topic_place::ties_topic_to_place");
}

#[test]
fn a_question_on_an_eldercare_term_ranks_documents_never_writing_it_below() {
    let (_dir, engine) = index_of(&[
        document("fire", "军事训练场发生火灾", "一处军事训练场发生火灾，火灾由谁负责调查尚无结论。"),
        document("homes", "养老服务条例", "养老机构应当落实消防安全责任，定期开展检查。养老院负责人对安全负责。"),
    ]);
    let found = ids(&search(&engine, "养老机构发生火灾谁负责？"));
    assert_eq!(found, ["homes", "fire"], "help: see QueryPlan::question_terms");
}

#[test]
fn a_question_does_not_mark_its_one_character_words() {
    let (_dir, engine) =
        index_of(&[document("duty", "赡养义务", "子女不得拒绝履行赡养义务，不得要求老人承担力不能及的劳动。")]);
    let response = search(&engine, "子女不赡养老人怎么办？");
    let marks = marked(&response.hits[0].snippet);
    assert!(marks.iter().any(|mark| mark == "赡养") && !marks.iter().any(|mark| mark == "不"), "{marks:?}");
}

#[test]
fn a_latin_topic_word_counts_whatever_its_case() {
    let stretch = "本市推进AI养老服务，智能设备进入社区。".repeat(12);
    let about: String = (0..6).map(|_| format!("{stretch}{}", "其他事项。".repeat(30))).collect();
    let passing: String =
        (0..6).map(|i| format!("{}{}", if i == 0 { "AI" } else { "" }, "养老服务其他事项。".repeat(25))).collect();
    let (_dir, engine) =
        index_of(&[document("passing", "AI养老服务通知", &passing), document("about", "养老服务通知", &about)]);
    assert_eq!(ids(&search(&engine, "ai 养老"))[0], "about", "help: see rerank::topic_share");
}

#[test]
fn a_keyword_group_cut_into_words_is_marked_whole_where_it_stands_whole() {
    let (_dir, engine) = index_of(&[document("bay", "湾区", "推进粤港澳大湾区养老服务合作，大湾区各市参与。")]);
    let marks = marked(&search(&engine, "粤港澳大湾区").hits[0].snippet);
    assert_eq!(marks, ["粤港澳大湾区", "大湾"], "help: the whole group first, its words elsewhere");
}

#[test]
fn the_title_outranks_the_body() {
    let (_dir, engine) = index_of(&[
        document("body", "工作通知", "本通知涉及老年助餐的若干事项。其他内容其他内容。"),
        document("title", "老年助餐服务通知", "本通知涉及若干事项。其他内容其他内容。"),
    ]);
    assert_eq!(ids(&search(&engine, "老年助餐")), ["title", "body"]);
}

#[test]
fn an_untitled_document_is_listed_under_the_opening_of_its_text() {
    let (_dir, engine) =
        index_of(&[document("bare", "", "关于做好老年助餐服务的通知\n各区民政局：现将有关事项通知如下。")]);
    let response = search(&engine, "老年助餐");
    assert_eq!(response.hits[0].title, "关于做好老年助餐服务的通知");
    assert!(response.hits[0].title_html.contains("<mark>"), "{}", response.hits[0].title_html);
}

#[test]
fn a_compound_few_documents_write_is_also_met_by_its_parts_apart() {
    let (_dir, engine) = index_of(&[
        document("as-written", "老年人优待办法", "老年人优待证由民政部门发放。"),
        document("apart", "老年人权益保障条例", "第五章 社会优待。老年人凭身份证享受下列优待。"),
        document("neither", "志愿服务条例", "志愿者享受优待。"),
    ]);
    let response = search(&engine, "老年人优待");
    assert_eq!(ids(&response), ["as-written", "apart"], "help: the compound as written first, then its parts apart");
    assert_eq!(response.total, 2);
    assert_eq!(response.split_words.len(), 1);
    assert_eq!(response.split_words[0].parts, ["老年人", "优待"]);
    assert!(marked(&response.hits[1].snippet).contains(&"优待".to_string()), "{}", response.hits[1].snippet);
}

#[test]
fn a_compound_enough_documents_write_is_not_split() {
    let written = |id: &str| document(id, "老年人优待办法", "老年人优待证由民政部门发放。");
    let (_dir, engine) = index_of(&[
        written("a"),
        written("b"),
        written("c"),
        document("apart", "老年人权益保障条例", "第五章 社会优待。老年人凭身份证享受下列优待。"),
    ]);
    let response = search(&engine, "老年人优待");
    assert_eq!(response.total, indexer::MATCH_PARTS_BELOW);
    assert!(!ids(&response).contains(&"apart".to_string()));
    assert!(response.split_words.is_empty());
}

#[test]
fn only_the_compounds_few_documents_write_are_split() {
    let home = |id: &str| document(id, "居家养老服务", "推进居家养老服务。");
    let (_dir, engine) = index_of(&[
        home("a"),
        home("b"),
        home("c"),
        document("apart", "居家养老条例", "发展居家养老。老年人凭身份证享受下列优待。"),
    ]);
    let response = search(&engine, "居家养老 老年人优待");
    assert_eq!(ids(&response), ["apart"]);
    let split: Vec<&str> = response.split_words.iter().map(|split| split.word.as_str()).collect();
    assert_eq!(split, ["老年人优待"], "help: 居家养老 is written in four documents and stays whole");
}
