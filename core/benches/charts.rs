//! Render time of three-year daily charts (about 1,100 points), as SVG and as a 1600×900 PNG.
//! The budget the issue sets: SVG in 20 ms, PNG in 60 ms. Data comes from
//! `charts::samples` (deterministic); `cargo bench -p readerdesk-core --bench charts`.
//! Set CHART_BENCH_STRICT=1 to exit non-zero when a median is over budget.
use std::time::{Duration, Instant};

use readerdesk_core::charts::{samples, ChartData, Options, Size, Theme};

const SVG_BUDGET: Duration = Duration::from_millis(20);
const PNG_BUDGET: Duration = Duration::from_millis(60);

fn median(mut runs: Vec<Duration>) -> Duration {
    runs.sort();
    runs[runs.len() / 2]
}

fn time(mut f: impl FnMut() -> usize) -> (Duration, Duration, usize) {
    let mut bytes = f(); // warm-up (fonts, allocations)
    let mut runs = Vec::new();
    let started = Instant::now();
    while runs.len() < 15 || (started.elapsed() < Duration::from_secs(2) && runs.len() < 200) {
        let t = Instant::now();
        bytes = f();
        runs.push(t.elapsed());
    }
    let worst = runs.iter().copied().max().unwrap_or_default();
    (median(runs), worst, bytes)
}

fn main() {
    let options = Options::sized(Size::Large, Theme::Light, "Europe/Kyiv");
    let charts = [
        (
            "progress, 1,096 daily totals",
            ChartData::Progress(samples::progress_three_years()),
        ),
        (
            "comments, 1,096 days × 4 statuses",
            ChartData::Comments(samples::comments_three_years()),
        ),
        (
            "timeline, 1,096 + ~880 days",
            ChartData::Timeline(samples::timeline_three_years()),
        ),
        (
            "heatmap, 3 years of days",
            ChartData::Heatmap(readerdesk_core::charts::HeatmapData {
                start: chrono::NaiveDate::from_ymd_opt(2024, 1, 1).unwrap(),
                ..samples::heatmap_ten_years()
            }),
        ),
    ];
    let mut over = false;
    println!(
        "{:<36} {:>12} {:>12} {:>10}",
        "chart (1600×900)", "median", "slowest", "bytes"
    );
    for (name, chart) in &charts {
        let (svg, svg_worst, svg_bytes) =
            time(|| chart.render_svg(&options).map(|s| s.len()).unwrap_or(0));
        let (png, png_worst, png_bytes) =
            time(|| chart.render_png(&options).map(|p| p.len()).unwrap_or(0));
        println!(
            "{:<36} {:>9.2} ms {:>9.2} ms {:>10}",
            format!("{name}: SVG"),
            ms(svg),
            ms(svg_worst),
            svg_bytes
        );
        println!(
            "{:<36} {:>9.2} ms {:>9.2} ms {:>10}",
            format!("{name}: PNG"),
            ms(png),
            ms(png_worst),
            png_bytes
        );
        if svg > SVG_BUDGET || png > PNG_BUDGET {
            println!(
                "  over budget (SVG {} ms, PNG {} ms)",
                SVG_BUDGET.as_millis(),
                PNG_BUDGET.as_millis()
            );
            over = true;
        }
    }
    if over && std::env::var_os("CHART_BENCH_STRICT").is_some() {
        std::process::exit(1);
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
