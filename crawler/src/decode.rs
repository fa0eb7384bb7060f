//! Decoding of fetched bytes into text (owned by the extraction issue).
