//! Region tagging against real texts: the seed pages of issue #6 and the labelled lawrefbook set.
//!
//! See: issue #6 (regions). Both read `../shared` (seeds and data) and skip with a printed reason when it
//! is absent, as a user's clone has no `../shared`. Seeds 003 and 004 are traditional script; the tagger
//! takes simplified text, so their simplified excerpts are consts here.
//!
//! Run the evaluation with its report: `cargo test -p corpus --release --test regions -- --nocapture`.

use std::path::{Path, PathBuf};

use corpus::Document;
use corpus::regions::{tag_document, tag_text};

const SEEDS_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/seeds");
const LAWS_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/data/corpus/lawrefbook-laws");
const LAW_LABELS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/data/region/lawrefbook-region-labels.csv");

/// Seed 003 (平顶山), simplified excerpt.
const SEED_003_SIMPLIFIED: &str = "平顶山市养老服务体系建设推进会召开
时间:2022-10-01 13:56 来源: 作者:小通 人浏览
12月16日下午,平顶山市召开养老服务体系建设推进会,认真落实全省加快居家社区养老服务体系建设郑州现场会部署要求,进一步统一思想、加压奋进,推动平顶山养老服务体系建设取得更大进展、更好成效。市委书记张雷明出席会议并讲话,市长赵文峰主持。
赵文峰指出,要把养老服务体系发展规划摆在突出位置,全面完成省定目标任务,打造平顶山养老服务体系品牌,争创全省一流。
市领导杨克俊、张树营、王永记出席会议。
会议以视频会议形式召开,各县(市、区)设分会场,郏县、卫东区、市住建局、市卫健委的负责同志先后发言。
本文标签:养老金,养老服务,居家养老,养老保险,社保,
本文标题:平顶山市养老服务体系建设推进会召开";

/// Seed 004 (天津市和平区), simplified excerpt.
const SEED_004_SIMPLIFIED: &str = "天津北方网讯:日前,和平区委副书记、区长郑伟铭带队走访南营门街为老服务助浴中心、和平区社会组织孵化中心等处,调研全区养老服务工作,并召开座谈会听取和平区养老服务工作总体情况汇报。区有关领导参加。
在和平区社会组织孵化中心,郑伟铭观看了社会组织孵化中心概况介绍短片,并实地参观了蓝天救援队、天津仁怀社会工作服务中心、银河公益工作服务中心等处,了解公益创投项目服务于民的成果。
在随后召开的座谈会上,区民政局作了和平区养老服务工作基本情况、主要做法、存在问题和下一步打算等方面的工作汇报。他指出,一直以来,和平区高度重视养老服务工作,出台了一系列政策措施。
郑伟铭强调,要进一步推动养老服务提标扩面工作,切实增强和平区老年人的幸福感、获得感、安全感。(津云新闻编辑李冰)
本文标签:养老金,养老服务,居家养老,养老保险,社保,
本文标题:和平区领导走访调研服务工作";

/// Returns the seed file whose name starts with `prefix`, or `None` (with a printed reason) without `../shared`.
fn read_seed(prefix: &str) -> Option<String> {
    let dir = Path::new(SEEDS_DIR);
    let Ok(entries) = std::fs::read_dir(dir) else {
        eprintln!("skipped: seeds folder {} is absent (no ../shared in this clone)", dir.display());
        return None;
    };
    let path = entries
        .flatten()
        .map(|entry| entry.path())
        .find(|path| path.file_name().and_then(|name| name.to_str()).is_some_and(|name| name.starts_with(prefix)))?;
    std::fs::read_to_string(path).ok()
}

fn codes(regions: &corpus::Regions) -> Vec<&str> {
    regions.mentions.iter().map(|mention| mention.region.code.as_str()).collect()
}

#[test]
fn seed_000_is_fuxin_and_visits_shenyang_heping() {
    let Some(text) = read_seed("000_") else {
        return;
    };
    let regions = tag_text(&text);
    let primary = regions.primary.as_ref().expect("help: seed 000 names 阜新市 in its title");
    assert_eq!(primary.facet_path(), "/辽宁省/阜新市");
    assert!(codes(&regions).contains(&"210102"), "help: 沈阳市和平区 should be among {:?}", codes(&regions));
    assert!(!codes(&regions).contains(&"120101"), "help: 和平区 here is 沈阳's, not 天津's");
    assert!(codes(&regions).contains(&"210112"), "help: 浑南区 should be among the mentions");
}

#[test]
fn seed_002_has_a_paragraph_per_province() {
    let Some(text) = read_seed("002_") else {
        return;
    };
    let regions = tag_text(&text);
    let paragraph_provinces: Vec<&str> = regions
        .paragraphs
        .iter()
        .filter_map(|paragraph| paragraph.region.as_ref())
        .map(|region| region.province.as_str())
        .collect();
    let expected = [
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
    for province in expected {
        assert!(
            paragraph_provinces.contains(&province),
            "help: no paragraph of seed 002 has region {province}; paragraph regions: {paragraph_provinces:?}"
        );
    }
}

#[test]
fn seed_003_is_pingdingshan() {
    let regions = tag_text(SEED_003_SIMPLIFIED);
    let primary = regions.primary.as_ref().expect("help: seed 003 names 平顶山市 in its title");
    assert_eq!(primary.facet_path(), "/河南省/平顶山市");
    assert!(codes(&regions).contains(&"410425"), "help: 郏县 should be among {:?}", codes(&regions));
    assert!(codes(&regions).contains(&"410403"), "help: 卫东区 should be among {:?}", codes(&regions));
}

#[test]
fn seed_004_is_tianjin_heping() {
    let regions = tag_text(SEED_004_SIMPLIFIED);
    let primary = regions.primary.as_ref().expect("help: seed 004 is about 和平区");
    assert_eq!(primary.facet_path(), "/天津市/和平区");
    assert!(!codes(&regions).contains(&"210102"), "help: 和平区 here is 天津's, not 沈阳's");

    let (text, title) = SEED_004_SIMPLIFIED.rsplit_once("\n本文标题:").expect("the excerpt ends with its title");
    let document = Document { title: title.to_string(), body: text.to_string(), ..Default::default() };
    let primary = tag_document(&document).primary.expect("help: the document is about 和平区");
    assert_eq!(primary.code, "120101");
}

/// Returns the codes of the regions a text mentions.
fn mentioned(text: &str) -> Vec<String> {
    tag_text(text).mentions.into_iter().map(|mention| mention.region.code).collect()
}

// See: issue #6, "ambiguous and false-positive cases written by the project".
#[test]
fn issue_6_repeated_names_follow_their_city() {
    assert_eq!(mentioned("南京市民政局：鼓楼区新建三家长者食堂"), ["320100", "320106"]);
    assert_eq!(mentioned("福州市民政局：鼓楼区新建三家长者食堂"), ["350100", "350102"]);
    assert_eq!(mentioned("徐州市鼓楼区助餐点"), ["320300", "320302"]);
    assert_eq!(mentioned("北京市朝阳区养老驿站"), ["110000", "110105"]);
    assert_eq!(mentioned("长春市朝阳区养老驿站"), ["220100", "220104"]);
    assert!(mentioned("鼓楼区新建三家长者食堂").is_empty(), "help: no context, no guess");
}

#[test]
fn issue_6_ordinary_words_and_streets_are_not_places() {
    assert!(mentioned("南京市中山路养老服务中心").iter().all(|code| code != "442000"), "help: 中山路 is not 中山市");
    assert!(mentioned("上海江苏路街道").iter().all(|code| code != "320000"), "help: 江苏路 is a street");
    assert!(mentioned("市人力资源县社会保障局").is_empty(), "help: 资源县 inside 人力资源");
    assert!(mentioned("申请延长期限的，应当说明理由").is_empty());
    assert!(mentioned("扩大对外开放，维护和平").is_empty());
    assert!(mentioned("创建全国示范县、信息县级平台").is_empty());
}

#[test]
fn issue_6_renamed_divisions_map_to_successors() {
    assert_eq!(mentioned("承德市平泉县敬老院"), ["130800", "130881"]);
    assert_eq!(mentioned("湖北省襄樊市养老服务"), ["420000", "420600"]);
}

#[test]
fn issue_6_dateline_is_weak() {
    // Without the dateline's lower weight, 北京 and 天津 would tie and nothing would dominate.
    let regions = tag_text("新华社北京5月6日电 天津市推进家庭养老床位建设。");
    let primary = regions.primary.expect("help: the report is about 天津市");
    assert_eq!(primary.name, "天津市");
}

/// One labelled law: its file, province and (when known) the city its title names.
struct LabelledLaw {
    path: PathBuf,
    province: String,
    city: Option<String>,
}

fn read_labels() -> Option<Vec<LabelledLaw>> {
    let Ok(labels) = std::fs::read_to_string(LAW_LABELS) else {
        eprintln!("skipped: {LAW_LABELS} is absent (no ../shared in this clone)");
        return None;
    };
    if !Path::new(LAWS_DIR).is_dir() {
        eprintln!("skipped: {LAWS_DIR} is absent (no ../shared in this clone)");
        return None;
    }
    let mut laws = Vec::new();
    // path,title,province_folder,province_full,matched_name,matched_level,adcode,parent (no quoted fields)
    for line in labels.lines().skip(1) {
        let fields: Vec<&str> = line.split(',').collect();
        let [path, _title, _folder, province, matched_name, matched_level, _adcode, _parent] = fields.as_slice() else {
            continue;
        };
        let city = matches!(*matched_level, "地级" | "县级").then(|| matched_name.to_string());
        laws.push(LabelledLaw { path: Path::new(LAWS_DIR).join(path), province: province.to_string(), city });
    }
    Some(laws)
}

/// Builds a document from a lawrefbook Markdown file: `# title`, the issuer lines (通过/批准/修正) up to
/// `<!-- INFO END -->`, then the text.
fn law_document(markdown: &str) -> Document {
    let mut title = String::new();
    let mut issuer_lines = Vec::new();
    let mut body_lines = Vec::new();
    let mut in_header = true;
    for line in markdown.lines() {
        if in_header {
            if let Some(heading) = line.strip_prefix("# ")
                && title.is_empty()
            {
                title = heading.trim().to_string();
            } else if line.trim() == "<!-- INFO END -->" {
                in_header = false;
            } else if !line.trim().is_empty() {
                issuer_lines.push(line.trim());
            }
        } else {
            body_lines.push(line);
        }
    }
    if in_header {
        // No header marker: everything after the title is text.
        body_lines = std::mem::take(&mut issuer_lines);
    }
    Document {
        title,
        issuer: (!issuer_lines.is_empty()).then(|| issuer_lines.join("\n")),
        body: body_lines.join("\n"),
        ..Default::default()
    }
}

#[test]
fn lawrefbook_province_accuracy_is_at_least_95_percent() {
    let Some(laws) = read_labels() else { return };
    let (mut province_total, mut province_correct) = (0usize, 0usize);
    let (mut city_total, mut city_correct) = (0usize, 0usize);
    let mut province_misses = Vec::new();
    let mut city_misses = Vec::new();
    for law in &laws {
        let Ok(markdown) = std::fs::read_to_string(&law.path) else {
            eprintln!("missing law file {}", law.path.display());
            continue;
        };
        let document = law_document(&markdown);
        let primary = tag_document(&document).primary;
        province_total += 1;
        if primary.as_ref().is_some_and(|region| region.province == law.province) {
            province_correct += 1;
        } else {
            province_misses.push(format!("{} → {:?}", document.title, primary.as_ref().map(|r| r.facet_path())));
        }
        if let Some(city) = &law.city {
            city_total += 1;
            let hit = primary.as_ref().is_some_and(|region| region.city.as_ref() == Some(city) || &region.name == city);
            if hit {
                city_correct += 1;
            } else {
                city_misses.push(format!(
                    "{} (label {city}) → {:?}",
                    document.title,
                    primary.as_ref().map(|r| r.facet_path())
                ));
            }
        }
    }
    assert!(province_total > 0, "help: no labelled law could be read from {LAWS_DIR}");
    let province_accuracy = province_correct as f64 / province_total as f64;
    let city_accuracy = if city_total == 0 { 0.0 } else { city_correct as f64 / city_total as f64 };
    println!(
        "lawrefbook regions: province accuracy {:.1}% ({province_correct}/{province_total}), \
         city accuracy {:.1}% ({city_correct}/{city_total} rows with a known city)",
        100.0 * province_accuracy,
        100.0 * city_accuracy
    );
    for miss in province_misses.iter().take(20) {
        println!("  province miss: {miss}");
    }
    for miss in city_misses.iter().take(20) {
        println!("  city miss: {miss}");
    }
    assert!(province_accuracy >= 0.95, "help: province accuracy {:.1}% is below 95%", 100.0 * province_accuracy);
}
