//! Article extraction (owned by the extraction issue).
