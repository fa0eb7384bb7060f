//! Server-rendered SVG charts: horizontal bars (documents per province), columns (documents per
//! year) and the timeline's dot matrix (provinces × years).
//!
//! Every label and link goes through `push_escaped`, so the SVG can be inlined with `|safe`.
//! Charts scale with `viewBox`; their fonts come from the page's CSS.

use std::fmt::Write;

use indexer::search::snippet::push_escaped;

use super::timeline::Timeline;

/// One bar: label, value and the link it leads to.
#[derive(Debug, Clone)]
pub struct Bar {
    /// Label (a province, a year).
    pub label: String,
    /// Height or length.
    pub value: u64,
    /// Where a click leads.
    pub href: Option<String>,
}

const BAR_ROW_HEIGHT: u32 = 22;
const BAR_LABEL_WIDTH: u32 = 78;
const BAR_AREA_WIDTH: u32 = 300;

fn escaped(text: &str) -> String {
    let mut html = String::new();
    push_escaped(&mut html, text);
    html
}

fn open_link(svg: &mut String, href: Option<&str>) {
    if let Some(href) = href {
        let _ = write!(svg, r#"<a href="{}">"#, escaped(href));
    }
}

fn close_link(svg: &mut String, href: Option<&str>) {
    if href.is_some() {
        svg.push_str("</a>");
    }
}

/// Renders horizontal bars, one row each, longest value scaled to the full width.
pub fn bar_chart(title: &str, bars: &[Bar]) -> String {
    let max = bars.iter().map(|bar| bar.value).max().unwrap_or(0).max(1);
    let width = BAR_LABEL_WIDTH + BAR_AREA_WIDTH + 48;
    let height = BAR_ROW_HEIGHT * bars.len() as u32 + 8;
    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg class="chart" viewBox="0 0 {width} {height}" width="{width}" role="img" aria-label="{label}"><title>{label}</title>"#,
        label = escaped(title)
    );
    for (row, bar) in bars.iter().enumerate() {
        let y = row as u32 * BAR_ROW_HEIGHT + 4;
        let length = ((bar.value as f64 / max as f64) * f64::from(BAR_AREA_WIDTH)).round().max(2.0);
        open_link(&mut svg, bar.href.as_deref());
        let _ = write!(
            svg,
            r#"<text x="{lx}" y="{ty}" text-anchor="end" class="chart-label">{label}</text><rect x="{bx}" y="{y}" width="{length}" height="{bh}" rx="2" class="chart-bar"/><text x="{vx}" y="{ty}" class="chart-value">{value}</text>"#,
            lx = BAR_LABEL_WIDTH - 6,
            ty = y + 14,
            label = escaped(&bar.label),
            bx = BAR_LABEL_WIDTH,
            bh = BAR_ROW_HEIGHT - 6,
            vx = f64::from(BAR_LABEL_WIDTH) + length + 4.0,
            value = bar.value,
        );
        close_link(&mut svg, bar.href.as_deref());
    }
    svg.push_str("</svg>");
    svg
}

/// Renders vertical columns in the given order (years, oldest first), labelling every column
/// when there is room and every few otherwise.
pub fn column_chart(title: &str, bars: &[Bar]) -> String {
    let max = bars.iter().map(|bar| bar.value).max().unwrap_or(0).max(1);
    let column_width: u32 = 36;
    let chart_height: u32 = 120;
    let width = (column_width * bars.len() as u32 + 16).max(200);
    let height = chart_height + 40;
    let label_every = bars.len().div_ceil(12).max(1);
    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg class="chart" viewBox="0 0 {width} {height}" width="{width}" role="img" aria-label="{label}"><title>{label}</title>"#,
        label = escaped(title)
    );
    for (index, bar) in bars.iter().enumerate() {
        let x = 8 + index as u32 * column_width;
        let length = ((bar.value as f64 / max as f64) * f64::from(chart_height)).round().max(2.0);
        let top = f64::from(chart_height) - length + 14.0;
        open_link(&mut svg, bar.href.as_deref());
        let _ = write!(
            svg,
            r#"<rect x="{x}" y="{top}" width="{cw}" height="{length}" rx="2" class="chart-bar"><title>{label}: {value}</title></rect><text x="{cx}" y="{vy}" text-anchor="middle" class="chart-value">{value}</text>"#,
            cw = column_width - 6,
            label = escaped(&bar.label),
            value = bar.value,
            cx = x + (column_width - 6) / 2,
            vy = top - 2.0,
        );
        if index % label_every == 0 {
            let _ = write!(
                svg,
                r#"<text x="{cx}" y="{ly}" text-anchor="middle" class="chart-label">{label}</text>"#,
                cx = x + (column_width - 6) / 2,
                ly = chart_height + 30,
                label = escaped(&bar.label),
            );
        }
        close_link(&mut svg, bar.href.as_deref());
    }
    svg.push_str("</svg>");
    svg
}

/// Width of the timeline's plot area, in SVG units, shared by its year columns.
const PLOT_WIDTH: u32 = 720;

/// Renders the timeline: one row per province, one column per year, a dot sized by the count,
/// the first adoption in a darker colour.
pub fn timeline_chart(timeline: &Timeline, href_of_document: impl Fn(&str) -> String) -> String {
    let (Some(first_year), Some(last_year)) = (timeline.first_year, timeline.last_year) else {
        return String::new();
    };
    let years = (last_year - first_year + 1).max(1) as u32;
    // Columns share a fixed plot width, so a chart of few years is not blown up (labels and all)
    // when the page stretches it; rows keep their height.
    let column = (PLOT_WIDTH / years).clamp(24, 72);
    let cell: u32 = 28;
    let label_width: u32 = 70;
    let top: u32 = 8;
    let rows = timeline.provinces.len() as u32;
    let width = label_width + years * column + 8;
    let height = top + rows * cell + 30;
    let max =
        timeline.provinces.iter().flat_map(|row| row.years.iter().map(|count| count.count)).max().unwrap_or(1).max(1);
    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg class="chart timeline-chart" viewBox="0 0 {width} {height}" width="{width}" role="img" aria-label="各省首次采用与逐年文件数"><title>各省首次采用与逐年文件数</title>"#
    );
    for index in 0..years {
        let x = label_width + index * column;
        let _ =
            write!(svg, r#"<line x1="{x}" y1="{top}" x2="{x}" y2="{y2}" class="chart-grid"/>"#, y2 = top + rows * cell);
    }
    // A four-digit year needs about 32 units.
    let label_every = 32u32.div_ceil(column).max((years as usize).div_ceil(24) as u32);
    for index in (0..years).step_by(label_every as usize) {
        let _ = write!(
            svg,
            r#"<text x="{x}" y="{y}" text-anchor="middle" class="chart-label">{year}</text>"#,
            x = label_width + index * column + column / 2,
            y = top + rows * cell + 18,
            year = first_year + index as i32,
        );
    }
    for (row_index, row) in timeline.provinces.iter().enumerate() {
        let y = top + row_index as u32 * cell + cell / 2;
        let _ = write!(
            svg,
            r#"<text x="{x}" y="{ty}" text-anchor="end" class="chart-label">{label}</text>"#,
            x = label_width - 6,
            ty = y + 4,
            label = escaped(super::province_short_name(&row.province)),
        );
        for (count_index, count) in row.years.iter().enumerate() {
            if count.count == 0 {
                continue;
            }
            let cx = label_width + (count.year - first_year) as u32 * column + column / 2;
            let radius = 3.0 + 7.0 * (count.count as f64 / max as f64).sqrt();
            let class = if count_index == 0 { "chart-dot chart-first" } else { "chart-dot" };
            let tip = format!("{} {}：{} 篇", row.province, count.year, count.count);
            if count_index == 0 {
                open_link(&mut svg, Some(&href_of_document(&row.first.id)));
            }
            let _ = write!(
                svg,
                r#"<circle cx="{cx}" cy="{y}" r="{radius:.1}" class="{class}"><title>{tip}</title></circle>"#,
                tip = escaped(&tip)
            );
            if count_index == 0 {
                close_link(&mut svg, Some(""));
            }
        }
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_and_links_are_escaped() {
        let bars = [Bar { label: "<script>".into(), value: 3, href: Some("/?q=a&region=\"x\"".into()) }];
        for svg in [bar_chart("t", &bars), column_chart("t", &bars)] {
            assert!(!svg.contains("<script>"), "{svg}");
            assert!(svg.contains("&lt;script&gt;"));
            assert!(svg.contains("&amp;region=&quot;x&quot;"));
        }
    }

    #[test]
    fn the_longest_bar_fills_the_area() {
        let bars = [Bar { label: "a".into(), value: 10, href: None }, Bar { label: "b".into(), value: 5, href: None }];
        let svg = bar_chart("t", &bars);
        assert!(svg.contains(&format!(r#"width="{BAR_AREA_WIDTH}""#)));
        assert!(svg.contains(&format!(r#"width="{}""#, BAR_AREA_WIDTH / 2)));
    }
}
