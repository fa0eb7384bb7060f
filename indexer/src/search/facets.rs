//! Facet counts over the matching documents: kind, year, province, city and source.
//!
//! A collector reads the fast columns of each segment and counts term ordinals, then maps them to
//! values once per segment. Every matching document is counted once per facet (a document without
//! a value counts under `null`), so each facet's counts add up to the total.

use std::collections::HashMap;

use serde::Serialize;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{Column, StrColumn};
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

use crate::schema::names;

/// Fast string fields counted as facets, in output order.
const STRING_FACETS: [&str; 4] = [names::KIND, names::PROVINCE, names::CITY, names::SOURCE];

/// One facet value and how many matching documents have it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct FacetCount {
    /// The value, or `null` for documents without one.
    pub value: Option<String>,
    /// Matching documents.
    pub count: u64,
}

/// Facet counts of a search.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Facets {
    /// By kind.
    pub kind: Vec<FacetCount>,
    /// By publish year (newest first).
    pub year: Vec<FacetCount>,
    /// By province of the primary region.
    pub province: Vec<FacetCount>,
    /// By city of the primary region.
    pub city: Vec<FacetCount>,
    /// By publisher.
    pub source: Vec<FacetCount>,
}

/// Collects [`Facets`].
pub struct FacetCollector;

/// Per-segment state of [`FacetCollector`]: counts indexed by term ordinal, the last slot
/// counting documents without a value (a vector, not a map: this runs for every matching document).
pub struct FacetSegmentCollector {
    string_columns: Vec<Option<StrColumn>>,
    string_counts: Vec<Vec<u64>>,
    year_column: Option<Column<u64>>,
    year_counts: HashMap<Option<u64>, u64>,
}

/// Per-segment counts with values resolved.
#[derive(Default)]
pub struct SegmentFacets {
    strings: Vec<HashMap<Option<String>, u64>>,
    years: HashMap<Option<u64>, u64>,
}

impl Collector for FacetCollector {
    type Fruit = Facets;
    type Child = FacetSegmentCollector;

    fn for_segment(
        &self,
        _segment_ord: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<FacetSegmentCollector> {
        let fast_fields = reader.fast_fields();
        let mut string_columns = Vec::new();
        for field in STRING_FACETS {
            string_columns.push(fast_fields.str(field)?);
        }
        let year_column = fast_fields.u64(names::YEAR).ok();
        let string_counts = string_columns
            .iter()
            .map(|column| vec![0u64; column.as_ref().map_or(0, |column| column.num_terms()) + 1])
            .collect();
        Ok(FacetSegmentCollector { string_counts, string_columns, year_column, year_counts: HashMap::new() })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, segment_fruits: Vec<SegmentFacets>) -> tantivy::Result<Facets> {
        let mut strings: Vec<HashMap<Option<String>, u64>> = vec![HashMap::new(); STRING_FACETS.len()];
        let mut years: HashMap<Option<u64>, u64> = HashMap::new();
        for fruit in segment_fruits {
            for (merged, counts) in strings.iter_mut().zip(fruit.strings) {
                for (value, count) in counts {
                    *merged.entry(value).or_default() += count;
                }
            }
            for (year, count) in fruit.years {
                *years.entry(year).or_default() += count;
            }
        }
        let mut strings = strings.into_iter().map(sorted_by_count);
        let mut year: Vec<FacetCount> =
            years.into_iter().map(|(year, count)| FacetCount { value: year.map(|y| y.to_string()), count }).collect();
        year.sort_by(|a, b| b.value.cmp(&a.value));
        Ok(Facets {
            kind: strings.next().unwrap_or_default(),
            province: strings.next().unwrap_or_default(),
            city: strings.next().unwrap_or_default(),
            source: strings.next().unwrap_or_default(),
            year,
        })
    }
}

fn sorted_by_count(counts: HashMap<Option<String>, u64>) -> Vec<FacetCount> {
    let mut facet: Vec<FacetCount> = counts.into_iter().map(|(value, count)| FacetCount { value, count }).collect();
    facet.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value)));
    facet
}

impl SegmentCollector for FacetSegmentCollector {
    type Fruit = SegmentFacets;

    fn collect(&mut self, doc: DocId, _score: Score) {
        for (column, counts) in self.string_columns.iter().zip(self.string_counts.iter_mut()) {
            let missing_slot = counts.len() - 1;
            let slot =
                column.as_ref().and_then(|column| column.ords().first(doc)).map_or(missing_slot, |ord| ord as usize);
            counts[slot.min(missing_slot)] += 1;
        }
        let year = self.year_column.as_ref().and_then(|column| column.first(doc));
        *self.year_counts.entry(year).or_default() += 1;
    }

    fn harvest(self) -> SegmentFacets {
        let mut strings = Vec::new();
        for (column, counts) in self.string_columns.iter().zip(self.string_counts) {
            let mut resolved: HashMap<Option<String>, u64> = HashMap::new();
            let missing_slot = counts.len() - 1;
            for (slot, count) in counts.into_iter().enumerate().filter(|(_, count)| *count > 0) {
                let value = (slot != missing_slot).then_some(slot as u64).and_then(|ord| {
                    let mut text = String::new();
                    let found = column.as_ref()?.ord_to_str(ord, &mut text).ok()?;
                    found.then_some(text)
                });
                *resolved.entry(value).or_default() += count;
            }
            strings.push(resolved);
        }
        SegmentFacets { strings, years: self.year_counts }
    }
}
