//! Prints the document extracted from one HTML file as JSON (a debugging aid).
//!
//! Run with `cargo run --release -p crawler --example extract_file -- PAGE.html [URL]`.

fn main() {
    let mut arguments = std::env::args().skip(1);
    let Some(path) = arguments.next() else {
        eprintln!("usage: extract_file PAGE.html [URL]");
        std::process::exit(2);
    };
    let url = arguments.next().and_then(|url| url::Url::parse(&url).ok());
    let bytes = match std::fs::read(&path) {
        Ok(bytes) => bytes,
        Err(error) => {
            eprintln!("cannot read {path}: {error}");
            std::process::exit(1);
        }
    };
    match crawler::extract::extract_bytes(&bytes, None, url.as_ref()) {
        Ok(document) => println!("{}", serde_json::to_string_pretty(&document).unwrap_or_default()),
        Err(error) => println!("error: {error}"),
    }
}
