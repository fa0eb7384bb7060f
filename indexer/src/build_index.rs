//! Building the tantivy index on disk from corpus documents.
//!
//! A document is prepared (id, region tags) and written with all its fields; indexing a
//! document whose id is already in the index replaces it. Commits are atomic: a process killed
//! mid-write leaves the index as of its last commit, and the JSONL corpus still holds every
//! document, so re-running the same `index` command loses nothing.

use std::collections::HashSet;
use std::path::Path;

use corpus::Document;
use tantivy::schema::Facet;
use tantivy::{DateTime, Index, IndexWriter, TantivyDocument, Term};

use crate::analysis::traditional::has_traditional_chars;
use crate::analysis::{TraditionalToSimplified, register_analyzers};
use crate::error::{IndexError, Result};
use crate::schema::{IndexSchema, build_schema};

/// Memory budget of the index writer, shared by its threads.
pub const DEFAULT_WRITER_MEMORY_BYTES: usize = 512 * 1024 * 1024;

/// Loads what indexing needs on first use (the region gazetteer, the traditional-character
/// table) on a background thread, so that the loading overlaps with whatever the caller does
/// meanwhile, such as reading the input files. Indexing works without it. (Indexing needs no
/// jieba dictionary: every indexed field holds bigrams.)
pub fn warm_up() {
    std::thread::spawn(|| {
        corpus::regions::tag_text("北京市");
        has_traditional_chars("".chars());
    });
}

/// Opens the index in `dir`, creating it (and the directory) when missing.
pub fn open_or_create_index(dir: &Path) -> Result<(Index, IndexSchema)> {
    std::fs::create_dir_all(dir).map_err(|err| IndexError::CreateDir(err, dir.to_path_buf()))?;
    let open_error = |err| IndexError::Open(err, dir.to_path_buf());
    let directory = tantivy::directory::MmapDirectory::open(dir)
        .map_err(|err| IndexError::Open(tantivy::TantivyError::from(err), dir.to_path_buf()))?;
    // Chinese text gains little from lz4 (this store is a third larger without it) and the
    // compression took 3 % of indexing time. Without compression, handing each store block to a
    // thread of its own only adds a copy: writing it in place indexed 4 % faster.
    let settings = tantivy::IndexSettings {
        docstore_compression: tantivy::store::Compressor::None,
        docstore_compress_dedicated_thread: false,
        ..tantivy::IndexSettings::default()
    };
    let index = Index::builder().schema(build_schema()).settings(settings).open_or_create(directory).map_err(
        |err| match err {
            tantivy::TantivyError::SchemaError(_) => IndexError::Incompatible(dir.to_path_buf()),
            other => open_error(other),
        },
    )?;
    register_analyzers(&index);
    let schema = IndexSchema::from_schema(index.schema()).map_err(open_error)?;
    Ok((index, schema))
}

/// Writes documents into an index.
pub struct IndexBuilder {
    schema: IndexSchema,
    writer: IndexWriter,
    /// True when the index held no document when opened: a new id then replaces nothing.
    started_empty: bool,
    /// Ids added since the index was opened.
    added_ids: HashSet<String>,
}

impl IndexBuilder {
    /// Opens (or creates) the index in `dir` for writing.
    pub fn open(dir: &Path) -> Result<IndexBuilder> {
        let (index, schema) = open_or_create_index(dir)?;
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(4);
        let writer = index
            .writer_with_num_threads(threads, DEFAULT_WRITER_MEMORY_BYTES)
            .map_err(|err| IndexError::Open(err, dir.to_path_buf()))?;
        let metas = index.load_metas().map_err(|err| IndexError::Open(err, dir.to_path_buf()))?;
        let started_empty = metas.segments.iter().all(|segment| segment.num_docs() == 0);
        Ok(IndexBuilder { schema, writer, started_empty, added_ids: HashSet::new() })
    }

    /// Adds a document, replacing any document with the same id.
    pub fn add(&mut self, document: Document) -> Result<()> {
        let prepared = prepare_document(document);
        // Deleting costs a lookup per document at commit: skip it when nothing can be replaced.
        let is_new = self.added_ids.insert(prepared.id.clone());
        if !(self.started_empty && is_new) {
            self.writer.delete_term(Term::from_field_text(self.schema.id, &prepared.id));
        }
        let tantivy_document = to_tantivy_document(&self.schema, prepared);
        self.writer.add_document(tantivy_document).map_err(IndexError::Write)?;
        Ok(())
    }

    /// Commits everything added so far and waits for merges to settle.
    pub fn commit(&mut self) -> Result<()> {
        self.writer.commit().map_err(IndexError::Write)?;
        Ok(())
    }
}

/// Fills in what indexing needs: the id and, when missing, the region tags.
pub fn prepare_document(mut document: Document) -> Document {
    document.id = document.derive_id();
    if document.regions.is_none() {
        document.regions = Some(tag_regions(&document));
    }
    document
}

/// Tags regions on the simplified form of the document (the gazetteer is simplified).
fn tag_regions(document: &Document) -> corpus::Regions {
    let texts = [Some(&document.title), Some(&document.body), document.source.as_ref(), document.issuer.as_ref()];
    if !texts.into_iter().flatten().any(|text| has_traditional_chars(text.chars())) {
        return corpus::regions::tag_document(document);
    }
    let simplified = Document {
        title: TraditionalToSimplified::convert(&document.title),
        body: TraditionalToSimplified::convert(&document.body),
        source: document.source.as_deref().map(TraditionalToSimplified::convert),
        issuer: document.issuer.as_deref().map(TraditionalToSimplified::convert),
        url: document.url.clone(),
        ..Document::default()
    };
    corpus::regions::tag_document(&simplified)
}

/// Maps a prepared document to its tantivy fields: the body in its own stored field, the rest of
/// the document as JSON.
pub fn to_tantivy_document(schema: &IndexSchema, mut document: Document) -> TantivyDocument {
    let mut fields = TantivyDocument::default();
    fields.add_text(schema.id, &document.id);
    fields.add_text(schema.title_bigram, &document.title);
    if let Some(date) = document.published_date() {
        let midnight = date.and_hms_opt(0, 0, 0).expect("midnight always exists").and_utc();
        fields.add_date(schema.published, DateTime::from_timestamp_secs(midnight.timestamp()));
        fields.add_u64(schema.year, chrono::Datelike::year(&date).max(0) as u64);
    }
    fields.add_text(schema.kind, document.kind.as_str());
    if let Some(source) = document.source.as_deref().filter(|s| !s.is_empty()) {
        fields.add_text(schema.source, source);
    }
    if let Some(site) = document.site() {
        // The host and each parent domain, so `site:mca.gov.cn` matches `www.mca.gov.cn`.
        let mut domain = site.as_str();
        loop {
            fields.add_text(schema.site, domain);
            match domain.split_once('.') {
                Some((_, parent)) if parent.contains('.') => domain = parent,
                _ => break,
            }
        }
    }
    if let Some(key) = document.doc_number.as_deref().and_then(corpus::doc_number::doc_number_key) {
        fields.add_text(schema.doc_number, key);
    }
    fields.add_text(schema.cluster, document.cluster.as_deref().unwrap_or(&document.id));
    add_region_fields(schema, &document, &mut fields);
    let body = std::mem::take(&mut document.body);
    let json = serde_json::to_string(&document).expect("a Document always serializes to JSON");
    fields.add_text(schema.document, &json);
    fields.add_text(schema.body_bigram, &body);
    fields
}

fn add_region_fields(schema: &IndexSchema, document: &Document, fields: &mut TantivyDocument) {
    let Some(regions) = &document.regions else { return };
    if let Some(primary) = &regions.primary {
        fields.add_text(schema.province, &primary.province);
        if let Some(city) = &primary.city {
            fields.add_text(schema.city, city);
        }
    }
    let mut paths: Vec<String> = regions.primary.iter().map(|region| region.facet_path()).collect();
    paths.extend(regions.paragraphs.iter().filter_map(|paragraph| paragraph.region.as_ref()).map(|r| r.facet_path()));
    paths.extend(regions.mentions.iter().map(|mention| mention.region.facet_path()));
    paths.sort();
    paths.dedup();
    for path in paths {
        fields.add_facet(schema.region, Facet::from(path.as_str()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::SearchEngine;

    #[test]
    fn an_index_of_another_schema_is_refused_with_a_clear_error() {
        let dir = tempfile::tempdir().unwrap();
        let mut other = tantivy::schema::Schema::builder();
        other.add_text_field("body", tantivy::schema::TEXT | tantivy::schema::STORED);
        Index::create_in_dir(dir.path(), other.build()).unwrap();
        assert!(matches!(IndexBuilder::open(dir.path()), Err(IndexError::Incompatible(_))));
        assert!(matches!(SearchEngine::open(dir.path()), Err(IndexError::Incompatible(_))));
    }

    #[test]
    fn a_fresh_index_keeps_the_last_of_repeated_ids() {
        let dir = tempfile::tempdir().unwrap();
        let mut builder = IndexBuilder::open(dir.path()).unwrap();
        for body in ["第一版", "第二版", "第三版"] {
            builder
                .add(Document {
                    id: "same".into(), title: "养老服务".into(), body: body.into(), ..Document::default()
                })
                .unwrap();
        }
        builder.add(Document { id: "other".into(), title: "老年助餐".into(), ..Document::default() }).unwrap();
        builder.commit().unwrap();
        drop(builder);
        // The schema read back from disk equals the one built here, so the index opens for search.
        let engine = SearchEngine::open(dir.path()).unwrap();
        assert_eq!(engine.num_docs(), 2);
        assert_eq!(engine.get("same").unwrap().unwrap().body, "第三版");
    }
}
