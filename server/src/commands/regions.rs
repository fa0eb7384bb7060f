//! `yanglao regions`: tag a text with the provinces, cities and counties it is from or about.

use indexer::analysis::TraditionalToSimplified;

/// Tags `text` (converted to simplified first) and prints primary region, mentions and paragraph regions.
pub fn run(text: &str, json: bool) -> anyhow::Result<()> {
    let simplified = TraditionalToSimplified::convert(text);
    let regions = corpus::regions::tag_text(&simplified);
    if json {
        println!("{}", serde_json::to_string_pretty(&regions)?);
        return Ok(());
    }
    let describe = |region: &corpus::Region| {
        let mut path = region.province.clone();
        if let Some(city) = &region.city
            && city != &region.province
        {
            path.push_str(city);
        }
        if region.level == "county" {
            path.push_str(&region.name);
        }
        format!("{path} ({})", region.code)
    };
    match &regions.primary {
        Some(primary) => println!("primary: {}", describe(primary)),
        None => println!("primary: none"),
    }
    for mention in &regions.mentions {
        println!("mention: {} ×{}", describe(&mention.region), mention.count);
    }
    for paragraph in regions.paragraphs.iter().filter(|p| p.region.is_some()) {
        if let Some(region) = &paragraph.region {
            println!("paragraph {}: {}", paragraph.index, describe(region));
        }
    }
    Ok(())
}
