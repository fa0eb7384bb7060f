//! The `yanglao` binary: parses arguments, installs logging, and calls the libraries.

use std::io::Read;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Parser, Subcommand, ValueEnum};
use server::commands;

/// mimalloc: indexing and search allocate many small, short-lived buffers, and glibc's allocator
/// took a sixth of the CPU of a loaded server.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Search Chinese eldercare (养老服务) policy documents and news.
#[derive(Parser)]
#[command(name = "yanglao", version, about = "Search Chinese eldercare (养老服务) policy documents and news")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build or update an index from JSONL corpus files or folders of .md/.txt/.html files.
    Index {
        /// A JSONL file of documents (at least `id` and `body`) or a folder; repeatable.
        #[arg(long = "input", required = true)]
        inputs: Vec<PathBuf>,
        /// The index directory (created when missing).
        #[arg(long)]
        index: PathBuf,
    },
    /// Search an index.
    Search {
        /// The index directory.
        #[arg(long)]
        index: PathBuf,
        /// Hits to print.
        #[arg(long, default_value_t = 10)]
        limit: usize,
        /// Hits to skip.
        #[arg(long, default_value_t = 0)]
        offset: usize,
        /// Print `{"total", "hits"}` as JSON (same as --format json).
        #[arg(long)]
        json: bool,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Only documents of this province, city or county (江苏, 苏州市).
        #[arg(long)]
        region: Option<String>,
        /// Only this kind: policy, interpretation, news, other.
        #[arg(long)]
        kind: Option<String>,
        /// Newest first instead of best match first.
        #[arg(long)]
        sort_by_date: bool,
        /// Show every repost instead of one hit per near-duplicate cluster.
        #[arg(long)]
        no_collapse: bool,
        /// The query: words, "phrases", -excluded, OR, region:, kind:, site:, source:, from:, to:, year:.
        query: String,
    },
    /// Show the analysis chain's normalized text and tokens for a text (or stdin).
    Analyze {
        /// Print JSON `{"normalized", "tokens": [{"text", "position", "start", "end"}]}`.
        #[arg(long)]
        json: bool,
        /// The text; read from stdin when absent.
        text: Option<String>,
    },
    /// Extract the article and its metadata from a saved web page and print it as JSON.
    Extract {
        /// The page's URL (for the id, the site and relative links).
        #[arg(long)]
        url: Option<String>,
        /// The HTML file, or `-` for stdin.
        file: String,
    },
    /// Tag a text (or stdin) with its primary region, mentioned regions and paragraph regions.
    Regions {
        /// Print JSON `{"primary", "mentions", "paragraphs"}`.
        #[arg(long)]
        json: bool,
        /// The text; read from stdin when absent.
        text: Option<String>,
    },
    /// Crawl eldercare sources politely into DIR/documents.jsonl, archiving every response in DIR/warc/.
    Crawl {
        /// The TOML configuration (see crawler/config.example.toml); default: the shipped source list.
        #[arg(long)]
        config: Option<PathBuf>,
        /// Crawl only this source of the configuration.
        #[arg(long)]
        source: Option<String>,
        /// Crawl from these URLs, staying on their hosts, with no configuration file.
        #[arg(long, num_args = 1..)]
        start: Vec<String>,
        /// Fetch at most N pages per source in this run.
        #[arg(long)]
        max_pages: Option<usize>,
        /// Allow private, loopback and link-local addresses (refused by default).
        #[arg(long)]
        allow_private: bool,
        /// The output folder (documents.jsonl, warc/, frontier).
        #[arg(long)]
        out: PathBuf,
    },
    /// Print the archived copy of a crawled page from the WARC files of a crawl folder.
    Archive {
        /// The page's URL.
        url: String,
        /// The crawl's output folder.
        #[arg(long, default_value = "crawl")]
        out: PathBuf,
    },
    /// Serve the search API and web pages.
    Serve {
        /// The index directory; without it, the bundled corpus is indexed into ./data on first start.
        #[arg(long)]
        index: Option<PathBuf>,
        /// Address to listen on (port 0 picks a free port).
        #[arg(long, default_value = commands::serve::DEFAULT_ADDR)]
        addr: SocketAddr,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Text,
    Json,
    Csv,
}

fn main() -> ExitCode {
    install_logging();
    match run(Cli::parse()) {
        Ok(code) => code,
        Err(err) if is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::FAILURE
        }
    }
}

/// A reader such as `head` closed our output: not an error worth reporting.
fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

fn install_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| "yanglao=info,server=info,indexer=info,crawler=info,tower_http=info,warn".into());
    tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr).init();
}

fn text_or_stdin(text: Option<String>) -> anyhow::Result<String> {
    match text {
        Some(text) => Ok(text),
        None => {
            let mut buffer = String::new();
            std::io::stdin().read_to_string(&mut buffer).context("failed to read stdin")?;
            Ok(buffer)
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Index { inputs, index } => commands::index::run(&inputs, &index)?,
        Command::Search { index, limit, offset, json, format, region, kind, sort_by_date, no_collapse, query } => {
            let request = indexer::SearchRequest {
                query,
                limit,
                offset,
                sort: if sort_by_date { indexer::SortOrder::Date } else { indexer::SortOrder::Relevance },
                region,
                kind,
                collapse: !no_collapse,
                ..Default::default()
            };
            let format = match (json, format) {
                (true, _) | (false, Format::Json) => commands::search::OutputFormat::Json,
                (false, Format::Csv) => commands::search::OutputFormat::Csv,
                (false, Format::Text) => commands::search::OutputFormat::Text,
            };
            commands::search::run(&index, &request, format)?;
        }
        Command::Analyze { json, text } => commands::analyze::run(&text_or_stdin(text)?, json)?,
        Command::Extract { url, file } => {
            let bytes = if file == "-" {
                let mut buffer = Vec::new();
                std::io::stdin().read_to_end(&mut buffer).context("failed to read stdin")?;
                buffer
            } else {
                std::fs::read(&file).with_context(|| format!("failed to read `{file}`"))?
            };
            commands::extract::run(&bytes, url.as_deref())?;
        }
        Command::Regions { json, text } => commands::regions::run(&text_or_stdin(text)?, json)?,
        Command::Crawl { config, source, start, max_pages, allow_private, out } => {
            let args = crawler::crawl::CrawlArgs { config, source, start, max_pages, allow_private, out };
            let runtime = tokio::runtime::Runtime::new().context("failed to start the async runtime")?;
            let report = runtime.block_on(crawler::crawl::run_args(&args)).context("crawl failed")?;
            println!("{report}");
        }
        Command::Archive { url, out } => {
            let mut stdout = std::io::stdout().lock();
            if !crawler::archive::print_archived(&out, &url, &mut stdout).context("failed to read the archive")? {
                anyhow::bail!("`{url}` is not in the archive under `{}`", out.display());
            }
        }
        Command::Serve { index, addr } => {
            let runtime = tokio::runtime::Runtime::new().context("failed to start the async runtime")?;
            runtime.block_on(commands::serve::run(index, addr))?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
