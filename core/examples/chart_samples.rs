//! Draws every chart from the deterministic samples, light and dark, at 1600×900, 640×360 and
//! 480×270, plus the edge cases, as PNG (and SVG at 1600×900) files to look at.
//!
//!     cargo run -p readerdesk-core --example chart_samples [DIR]   (default target/chart-samples)
use std::path::PathBuf;

use chrono::NaiveDate;
use readerdesk_core::charts::{
    samples, summary, ChartData, DatedAmount, Options, Size, Theme, ThermometerData,
};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = PathBuf::from(
        std::env::args()
            .nth(1)
            .unwrap_or_else(|| "target/chart-samples".to_owned()),
    );
    std::fs::create_dir_all(&dir)?;
    let charts = [
        ChartData::Progress(samples::progress()),
        ChartData::Thermometer(samples::thermometer()),
        ChartData::Monthly(samples::monthly()),
        ChartData::Mrr(samples::mrr()),
        ChartData::Donors(samples::donors()),
        ChartData::Heatmap(samples::heatmap()),
        ChartData::Comments(samples::comments()),
        ChartData::Timeline(samples::timeline()),
    ];
    let sizes = [Size::Large, Size::Small, Size::Thumbnail];
    for theme in [Theme::Light, Theme::Dark] {
        for size in sizes {
            let options = Options::sized(size, theme, "Europe/Kyiv");
            let (w, h) = size.dimensions();
            for chart in &charts {
                let name = format!("{}-{w}x{h}-{theme}", chart.kind());
                std::fs::write(dir.join(format!("{name}.png")), chart.render_png(&options)?)?;
                if size == Size::Large {
                    std::fs::write(dir.join(format!("{name}.svg")), chart.render_svg(&options)?)?;
                }
            }
            let name = format!("summary-{w}x{h}-{theme}");
            std::fs::write(
                dir.join(format!("{name}.png")),
                summary::render_png(&samples::summary(), &options)?,
            )?;
        }
    }
    // Portrait newsletter summary.
    let portrait = Options::new(1200, 1500, Theme::Light, "Europe/Kyiv");
    std::fs::write(
        dir.join("summary-1200x1500-light.png"),
        summary::render_png(&samples::summary(), &portrait)?,
    )?;

    // Edge cases at 640×360.
    let options = Options::sized(Size::Small, Theme::Light, "Europe/Kyiv");
    let mut edge: Vec<(&str, ChartData)> = Vec::new();
    let mut empty = samples::progress();
    empty.cumulative.clear();
    edge.push(("empty-progress", ChartData::Progress(empty)));
    let mut one = samples::progress();
    one.cumulative.truncate(1);
    one.projection = None;
    edge.push(("one-point-progress", ChartData::Progress(one)));
    let mut zero_goal = samples::progress();
    zero_goal.goal_minor = 0;
    edge.push(("zero-goal-progress", ChartData::Progress(zero_goal)));
    edge.push((
        "zero-goal-thermometer",
        ChartData::Thermometer(ThermometerData {
            goal_minor: 0,
            ..samples::thermometer()
        }),
    ));
    edge.push((
        "over-thermometer",
        ChartData::Thermometer(ThermometerData {
            raised_minor: 6_120_000,
            ..samples::thermometer()
        }),
    ));
    edge.push((
        "huge-thermometer",
        ChartData::Thermometer(ThermometerData {
            raised_minor: 12_345_678_900_000,
            goal_minor: 20_000_000_000_000,
            ..samples::thermometer()
        }),
    ));
    edge.push((
        "three-years-progress",
        ChartData::Progress(samples::progress_three_years()),
    ));
    edge.push((
        "ten-years-heatmap",
        ChartData::Heatmap(samples::heatmap_ten_years()),
    ));
    edge.push((
        "three-years-comments",
        ChartData::Comments(samples::comments_three_years()),
    ));
    edge.push((
        "three-years-timeline",
        ChartData::Timeline(samples::timeline_three_years()),
    ));
    let mut ten = samples::monthly();
    ten.buckets = (0..120)
        .filter_map(|i| NaiveDate::from_ymd_opt(2016 + i / 12, (i % 12) as u32 + 1, 1))
        .zip(samples::monthly().buckets.iter().cycle().copied())
        .map(|(period, b)| readerdesk_core::charts::RevenueBucket { period, ..b })
        .collect();
    edge.push(("ten-years-monthly", ChartData::Monthly(ten)));
    let mut negative = samples::monthly();
    for b in negative.buckets.iter_mut().take(6) {
        b.refunds_minor = b.one_time_minor + b.recurring_minor + 400_000;
    }
    edge.push(("negative-monthly", ChartData::Monthly(negative)));
    let mut huge = samples::progress();
    huge.goal_minor = 900_000_000_000_000;
    huge.cumulative = huge
        .cumulative
        .iter()
        .map(|p| DatedAmount {
            date: p.date,
            minor: p.minor * 150_000_000,
        })
        .collect();
    edge.push(("huge-progress", ChartData::Progress(huge)));
    let mut mrr_empty = samples::mrr();
    mrr_empty.mrr.clear();
    mrr_empty.flows.clear();
    edge.push(("empty-mrr", ChartData::Mrr(mrr_empty)));
    let mut ukrainian = samples::comments();
    ukrainian.title = samples::UKRAINIAN_TITLE.to_owned();
    edge.push(("cyrillic-comments", ChartData::Comments(ukrainian)));
    for (name, chart) in &edge {
        std::fs::write(
            dir.join(format!("edge-{name}.png")),
            chart.render_png(&options)?,
        )?;
    }
    println!("wrote samples to {}", dir.display());
    Ok(())
}
