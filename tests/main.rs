//! The integration tests: one binary, one module per area (see `../shared/STYLE.md` §7).
//!
//! - `analysis`: the chain as index and query time see it (issue #3).
//! - `crawl_cli`: `yanglao crawl` killed with SIGKILL and restarted, then `index` and `archive` (issue #5).
//! - `index_cli`: `yanglao index` killed mid-write and rerun, malformed lines, `analyze` and `--help` (issue #3).
//! - `search`: search over an index built in the test (issue #3).
//! - `search_language`: operators, filters, 文号, synonyms, collapsing, facets, CSV, relevance floor (issue #7).
//! - `serve`: the real `yanglao serve` binary over the bundled corpus, queried over HTTP (issue #3).
//! - `support`: shared helpers (temporary indexes, the binary, the server process).

mod analysis;
mod crawl_cli;
mod index_cli;
mod search;
mod search_language;
mod serve;
mod support;
