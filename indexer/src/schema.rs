//! The tantivy schema: which document fields are indexed, how, and under what names.
//!
//! - `title_bigram`, `body_bigram`: character bigrams ([`ANALYZER_BIGRAM`]) with positions, for
//!   phrases (exact substrings) and ranking. There is no word field: a word is matched as a phrase
//!   of its bigrams (the same match, without segmentation differences), which ranked as well and
//!   indexes faster; indexing then needs no jieba dictionary (see the search issue's notes).
//! - `document`: the whole [`corpus::Document`] as stored JSON (one copy of the text).
//! - Exact fields (untokenized, fast): `id`, `kind`, `source`, `site`, `doc_number` (canonical key),
//!   `cluster`, `province`, `city`; `published` (date) and `year`; `region` (hierarchical facet of
//!   the primary region, the paragraph regions and the mentions).

use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions,
};

use crate::analysis::ANALYZER_BIGRAM;

/// Field handles of the index schema.
#[derive(Debug, Clone)]
pub struct IndexSchema {
    /// The schema itself.
    pub schema: Schema,
    /// Document id (exact).
    pub id: Field,
    /// Title bigrams.
    pub title_bigram: Field,
    /// Body bigrams.
    pub body_bigram: Field,
    /// Publish date.
    pub published: Field,
    /// Publish year.
    pub year: Field,
    /// Kind name (`policy`, `news` …).
    pub kind: Field,
    /// Publisher (来源).
    pub source: Field,
    /// Host of the URL.
    pub site: Field,
    /// Canonical 文号 key.
    pub doc_number: Field,
    /// Near-duplicate cluster key (the canonical document's id, or the document's own id).
    pub cluster: Field,
    /// Full name of the primary region's province.
    pub province: Field,
    /// Full name of the primary region's city.
    pub city: Field,
    /// Region facet paths (`/江苏省/苏州市/姑苏区`).
    pub region: Field,
    /// The stored document JSON.
    pub document: Field,
}

/// Names of the schema's fields.
pub mod names {
    /// `id`
    pub const ID: &str = "id";
    /// `title_bigram`
    pub const TITLE_BIGRAM: &str = "title_bigram";
    /// `body_bigram`
    pub const BODY_BIGRAM: &str = "body_bigram";
    /// `published`
    pub const PUBLISHED: &str = "published";
    /// `year`
    pub const YEAR: &str = "year";
    /// `kind`
    pub const KIND: &str = "kind";
    /// `source`
    pub const SOURCE: &str = "source";
    /// `site`
    pub const SITE: &str = "site";
    /// `doc_number`
    pub const DOC_NUMBER: &str = "doc_number";
    /// `cluster`
    pub const CLUSTER: &str = "cluster";
    /// `province`
    pub const PROVINCE: &str = "province";
    /// `city`
    pub const CITY: &str = "city";
    /// `region`
    pub const REGION: &str = "region";
    /// `document`
    pub const DOCUMENT: &str = "document";
}

fn analyzed(analyzer: &str, record: IndexRecordOption) -> TextOptions {
    let indexing = TextFieldIndexing::default().set_tokenizer(analyzer).set_index_option(record);
    TextOptions::default().set_indexing_options(indexing)
}

/// Builds the schema.
pub fn build_schema() -> Schema {
    let mut builder = Schema::builder();
    builder.add_text_field(names::ID, STRING | STORED | FAST);
    builder.add_text_field(names::TITLE_BIGRAM, analyzed(ANALYZER_BIGRAM, IndexRecordOption::WithFreqsAndPositions));
    // The body is stored here, once, rather than inside the stored document's JSON: serializing
    // and copying it twice took a twentieth of indexing time.
    builder.add_text_field(
        names::BODY_BIGRAM,
        analyzed(ANALYZER_BIGRAM, IndexRecordOption::WithFreqsAndPositions).set_stored(),
    );
    builder.add_date_field(names::PUBLISHED, INDEXED | FAST);
    builder.add_u64_field(names::YEAR, INDEXED | FAST);
    for exact in
        [names::KIND, names::SOURCE, names::SITE, names::DOC_NUMBER, names::CLUSTER, names::PROVINCE, names::CITY]
    {
        builder.add_text_field(exact, STRING | FAST);
    }
    builder.add_facet_field(names::REGION, INDEXED);
    // The document as JSON without its body. Stored as text: tantivy reads a stored string in one
    // copy, stored bytes one byte at a time.
    builder.add_text_field(names::DOCUMENT, STORED);
    builder.build()
}

impl IndexSchema {
    /// Resolves the field handles of a schema built by [`build_schema`].
    pub fn from_schema(schema: Schema) -> tantivy::Result<IndexSchema> {
        let field = |name: &str| schema.get_field(name);
        Ok(IndexSchema {
            id: field(names::ID)?,
            title_bigram: field(names::TITLE_BIGRAM)?,
            body_bigram: field(names::BODY_BIGRAM)?,
            published: field(names::PUBLISHED)?,
            year: field(names::YEAR)?,
            kind: field(names::KIND)?,
            source: field(names::SOURCE)?,
            site: field(names::SITE)?,
            doc_number: field(names::DOC_NUMBER)?,
            cluster: field(names::CLUSTER)?,
            province: field(names::PROVINCE)?,
            city: field(names::CITY)?,
            region: field(names::REGION)?,
            document: field(names::DOCUMENT)?,
            schema,
        })
    }
}
