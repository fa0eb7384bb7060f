//! The test corpus shared by the page tests and the browser tests: the bundled corpus plus small
//! fixture documents (a citation pair, a traditional-script repost, an XSS attempt), indexed once
//! per test binary into a temporary directory.

use std::sync::LazyLock;

use corpus::{Document, Kind, Script};
use server::AppState;

/// Id of seed `002`, a national round-up describing a dozen provinces paragraph by paragraph.
pub const SEED_002: &str = "2a46f93215c84e84";
/// The cited document of the citation pair.
pub const CITED: &str = "fixture-cited";
/// The document citing [`CITED`] by 《title》 and by 文号.
pub const CITING: &str = "fixture-citing";
/// A simplified original …
pub const TRACE_ORIGINAL: &str = "fixture-trace-original";
/// … and its later traditional-script repost.
pub const TRACE_REPOST: &str = "fixture-trace-repost";
/// A document whose title and body hold markup.
pub const XSS: &str = "fixture-xss";
/// The markup it holds.
pub const XSS_SCRIPT: &str = "<script>alert(1)</script>";
/// The attribute breakout it holds.
pub const XSS_IMG: &str = "\"><img src=x onerror=alert(1)>";
/// The quote traced in the tests: a sentence of [`TRACE_ORIGINAL`] in traditional script.
pub const TRACED_QUOTE: &str = "為推進居家養老服務體系建設，本市將在每個街道設立至少一處養老服務驛站，為轄區老年人提供助餐、助浴、助潔等上門服務。";

fn fixture(id: &str, title: &str, published: &str, body: &str) -> Document {
    Document {
        id: id.into(),
        title: title.into(),
        published: Some(published.into()),
        body: body.into(),
        kind: Kind::Policy,
        ..Document::default()
    }
}

/// Returns the fixture documents added to the bundled corpus.
pub fn fixture_documents() -> Vec<Document> {
    let mut cited = fixture(
        CITED,
        "关于开展养老服务引用测试工作的通知",
        "2023-01-10",
        "各省、自治区、直辖市民政厅（局）：\n为推进养老服务引用测试工作，现就有关事项通知如下。\n一、提高认识，加强组织领导。",
    );
    cited.doc_number = Some("民发〔2099〕7号".into());
    cited.issuer = Some("民政部".into());
    cited.url = Some("https://www.mca.gov.cn/fixture/cited.html".into());
    let mut citing = fixture(
        CITING,
        "南京市落实养老服务引用测试工作的实施方案",
        "2023-03-01",
        "根据《关于开展养老服务引用测试工作的通知》要求，结合本市实际，制定本方案。\n本方案依据民发[2099]7号文件精神制定，另参照《某某不存在的规定》。",
    );
    citing.issuer = Some("南京市民政局".into());
    let mut original = fixture(
        TRACE_ORIGINAL,
        "北京市朝阳区居家养老服务驿站建设方案",
        "2019-06-01",
        "为推进居家养老服务体系建设，本市将在每个街道设立至少一处养老服务驿站，为辖区老年人提供助餐、助浴、助洁等上门服务。\n驿站由街道统一规划建设。",
    );
    original.issuer = Some("北京市朝阳区民政局".into());
    let mut repost = fixture(
        TRACE_REPOST,
        "朝陽區居家養老服務驛站建設方案（轉載）",
        "2020-02-01",
        "轉載自朝陽區民政局。\n為推進居家養老服務體系建設 本市將在每個街道設立至少一處養老服務驛站 為轄區老年人提供助餐、助浴、助潔等上門服務\n歡迎轉發。",
    );
    repost.script = Script::Hant;
    repost.kind = Kind::News;
    let xss = fixture(
        XSS,
        &format!("养老服务安全测试 {XSS_SCRIPT} {XSS_IMG}"),
        "2022-05-05",
        &format!("正文第一段提到养老服务 {XSS_SCRIPT}\n第二段 {XSS_IMG} 结束"),
    );
    vec![cited, citing, original, repost, xss]
}

/// An index of the bundled corpus and the fixtures, kept for the life of the test binary.
pub struct TestIndex {
    _dir: tempfile::TempDir,
    /// The state handed to `server::app`.
    pub state: AppState,
}

/// The shared test index.
pub static TEST_INDEX: LazyLock<TestIndex> = LazyLock::new(|| {
    let dir = tempfile::tempdir().expect("a temporary directory can be created");
    let index_dir = dir.path().join("index");
    let mut documents = server::bundled::bundled_documents();
    documents.extend(fixture_documents());
    server::commands::index::index_documents(documents, &index_dir, false).expect("the test corpus indexes");
    let engine = indexer::SearchEngine::open(&index_dir).expect("the test index opens");
    TestIndex { _dir: dir, state: AppState::new(engine) }
});
