//! Render time of three-year daily charts (about 1,100 points), as SVG and as a 1600×900 PNG.
//! The budget the issue sets: SVG in 20 ms, PNG in 60 ms, including the data query.
//! First, from the newsroom: a real database with a three-year campaign and gifts on every day,
//! drawn through `charts::source` (query + render), against the baseline of the data query
//! alone. Then the render alone for several kinds, from `charts::samples` (deterministic).
//! `cargo bench -p readerdesk-core --bench charts`; CHART_BENCH_STRICT=1 exits non-zero when a
//! median is over budget.
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

/// A newsroom with a three-year campaign (2024-2026) and about five gifts a day.
fn newsroom(dir: &std::path::Path) -> readerdesk_core::Store {
    use readerdesk_core::db::fundraising::{self, NewCampaign};
    use readerdesk_core::rusqlite::params;
    let store = readerdesk_core::Store::open(&dir.join("charts.db")).expect("open");
    readerdesk_core::newsroom::start_empty(&store).expect("newsroom");
    store
        .write(|tx| {
            readerdesk_core::db::settings::set(
                tx,
                readerdesk_core::settings::TIME_ZONE,
                "Europe/Kyiv",
            )?;
            fundraising::insert_campaign(
                tx,
                &NewCampaign {
                    id: "three-years",
                    name: "Three years",
                    goal_minor: 50_000_000,
                    currency: "USD",
                    starts_on: "2024-01-01",
                    ends_on: "2026-12-31",
                    basis: readerdesk_core::model::Basis::Net,
                    created_at: "2024-01-01T00:00:00.000000Z",
                    goal_type: "total",
                },
            )?;
            let mut insert = tx.prepare(
                "INSERT INTO donations (id, source, external_id, kind, gross_minor, fee_minor,
                     net_minor, currency, occurred_at, created_at)
                 VALUES (?1, 'bench', ?1, ?2, ?3, ?4, ?3 - ?4, 'USD', ?5, ?5)",
            )?;
            for i in 0..5_480i64 {
                let at =
                    chrono::DateTime::from_timestamp(1_704_067_200 + i * 17_280, 0).expect("time");
                insert.execute(params![
                    format!("g{i}"),
                    if i % 4 == 0 { "recurring" } else { "one_time" },
                    1_000 + (i % 30) * 250,
                    59,
                    readerdesk_core::time::to_stored(at)
                ])?;
            }
            Ok(())
        })
        .expect("generate");
    store
}

fn main() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = newsroom(dir.path());
    let request = |format: &str| readerdesk_core::charts::source::ChartRequest {
        kind: "progress".into(),
        campaign_id: Some("three-years".into()),
        from_day: None,
        to_day: Some("2026-11-27".into()),
        granularity: Some("day".into()),
        article_ids: Vec::new(),
        width: 1600,
        height: 900,
        theme: "light".into(),
        format: format.into(),
    };
    let (query, query_worst, _) = time(|| {
        readerdesk_core::charts::source::data(&store, &request("svg"))
            .map(|_| 1)
            .unwrap_or(0)
    });
    let (svg, svg_worst, svg_bytes) = time(|| {
        readerdesk_core::charts::source::render(&store, &request("svg"))
            .map(|o| o.as_bytes().len())
            .unwrap_or(0)
    });
    let (png, png_worst, png_bytes) = time(|| {
        readerdesk_core::charts::source::render(&store, &request("png"))
            .map(|o| o.as_bytes().len())
            .unwrap_or(0)
    });
    println!("From the newsroom: progress chart of a three-year campaign, ~1,060 daily points (5,480 gifts)");
    println!(
        "  baseline, the data query alone: median {:.2} ms, slowest {:.2} ms",
        ms(query),
        ms(query_worst)
    );
    println!("  query + SVG:                    median {:.2} ms, slowest {:.2} ms, {svg_bytes} bytes (budget 20 ms)", ms(svg), ms(svg_worst));
    println!("  query + PNG 1600×900:           median {:.2} ms, slowest {:.2} ms, {png_bytes} bytes (budget 60 ms)", ms(png), ms(png_worst));
    let mut over = svg > SVG_BUDGET || png > PNG_BUDGET;
    println!();
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
