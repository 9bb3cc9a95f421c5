//! Deterministic example data for every chart: the same numbers on every run, for the samples
//! example (`cargo run -p readerdesk-core --example chart_samples`), the benchmark and tests.
use chrono::{Datelike, NaiveDate};

use super::{
    CommentBucket, CommentsData, DatedAmount, DatedCount, DonorBucket, DonorsData, Granularity,
    HeatmapData, KeyNumber, MonthlyData, MrrData, ProgressData, Projection, RecurringFlow,
    RevenueBucket, SummaryData, ThermometerData, TimelineData,
};

/// The Ukrainian campaign name the samples use, to show Cyrillic is drawn.
pub const UKRAINIAN_TITLE: &str = "Збір на незалежну журналістику";

/// A small xorshift generator: deterministic, no dependency.
struct Noise(u64);

impl Noise {
    fn new(seed: u64) -> Noise {
        Noise(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    /// 0.0..1.0
    fn next(&mut self) -> f64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }

    fn around(&mut self, mean: f64) -> f64 {
        (mean * (0.4 + 1.2 * self.next())).max(0.0)
    }
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or(NaiveDate::MIN)
}

fn days_from(start: NaiveDate, count: u64) -> impl Iterator<Item = NaiveDate> {
    (0..count).filter_map(move |i| start.checked_add_days(chrono::Days::new(i)))
}

fn months_from(start: NaiveDate, count: u32) -> impl Iterator<Item = NaiveDate> {
    (0..count).filter_map(move |i| start.checked_add_months(chrono::Months::new(i)))
}

/// A four-month campaign for $50,000, $45,000 raised by today (20 May 2026), with a projection.
pub fn progress() -> ProgressData {
    let start = date(2026, 3, 1);
    let today = date(2026, 5, 20);
    let days = (today - start).num_days() as u64 + 1;
    let mut noise = Noise::new(1);
    let mut raw: Vec<f64> = (0..days).map(|_| noise.around(1.0)).collect();
    // A launch spike and a mid-campaign push.
    for (i, v) in raw.iter_mut().enumerate() {
        if i < 4 {
            *v *= 4.0;
        }
        if (40..44).contains(&i) {
            *v *= 3.0;
        }
    }
    let total: f64 = raw.iter().sum();
    let mut running = 0.0;
    let cumulative = days_from(start, days)
        .zip(raw)
        .map(|(d, v)| {
            running += v / total * 4_500_000.0;
            DatedAmount {
                date: d,
                minor: running.round() as i64,
            }
        })
        .collect();
    ProgressData {
        title: "Keep the newsroom open 2026".to_owned(),
        currency: "USD".to_owned(),
        goal_minor: 5_000_000,
        window_start: start,
        window_end: date(2026, 6, 30),
        cumulative,
        today,
        projection: Some(Projection::Rates {
            low_per_day_minor: 9_000,
            high_per_day_minor: 30_000,
        }),
    }
}

/// Three years of daily cumulative totals (1,096 points) for a long campaign.
pub fn progress_three_years() -> ProgressData {
    let start = date(2024, 1, 1);
    let days = 1_096;
    let mut noise = Noise::new(2);
    let mut running = 0.0;
    let cumulative: Vec<DatedAmount> = days_from(start, days)
        .map(|d| {
            running += noise.around(40_000.0);
            DatedAmount {
                date: d,
                minor: running.round() as i64,
            }
        })
        .collect();
    let today = cumulative.last().map(|p| p.date).unwrap_or(start);
    ProgressData {
        title: UKRAINIAN_TITLE.to_owned(),
        currency: "UAH".to_owned(),
        goal_minor: 50_000_000,
        window_start: start,
        window_end: date(2027, 6, 30),
        cumulative,
        today,
        projection: Some(Projection::Rates {
            low_per_day_minor: 25_000,
            high_per_day_minor: 60_000,
        }),
    }
}

pub fn thermometer() -> ThermometerData {
    ThermometerData {
        title: "Keep the newsroom open 2026".to_owned(),
        currency: "USD".to_owned(),
        raised_minor: 4_500_000,
        goal_minor: 5_000_000,
        sentence: None,
        as_of: Some(date(2026, 5, 20)),
    }
}

fn revenue(months: u32, start: NaiveDate, seed: u64) -> Vec<RevenueBucket> {
    let mut noise = Noise::new(seed);
    months_from(start, months)
        .enumerate()
        .map(|(i, period)| {
            let growth = 1.0 + i as f64 * 0.04;
            let december = if period.month() == 12 { 2.5 } else { 1.0 };
            RevenueBucket {
                period,
                one_time_minor: (noise.around(600_000.0) * growth * december).round() as i64,
                recurring_minor: (250_000.0 * growth + noise.around(20_000.0)).round() as i64,
                refunds_minor: if noise.next() < 0.4 {
                    noise.around(30_000.0).round() as i64
                } else {
                    0
                },
            }
        })
        .collect()
}

/// Two years of months, January 2025 to December 2026.
pub fn monthly() -> MonthlyData {
    MonthlyData {
        title: String::new(),
        currency: "USD".to_owned(),
        granularity: Granularity::Month,
        buckets: revenue(24, date(2025, 1, 1), 3),
    }
}

pub fn mrr() -> MrrData {
    let mut noise = Noise::new(4);
    let mut level = 180_000.0;
    let mut mrr = Vec::new();
    let mut flows = Vec::new();
    for period in months_from(date(2025, 1, 1), 24) {
        let new_donors = noise.around(18.0).round() as u64;
        let cancelled_donors = noise.around(7.0).round() as u64;
        level += (new_donors as f64 - cancelled_donors as f64) * 1_200.0;
        mrr.push(DatedAmount {
            date: period,
            minor: level.round() as i64,
        });
        flows.push(RecurringFlow {
            period,
            new_donors,
            cancelled_donors,
        });
    }
    MrrData {
        title: String::new(),
        currency: "USD".to_owned(),
        granularity: Granularity::Month,
        mrr,
        flows,
    }
}

pub fn donors() -> DonorsData {
    let mut noise = Noise::new(5);
    DonorsData {
        title: String::new(),
        granularity: Granularity::Month,
        buckets: months_from(date(2025, 1, 1), 24)
            .enumerate()
            .map(|(i, period)| DonorBucket {
                period,
                new_donors: noise.around(40.0 + i as f64).round() as u64,
                returning_donors: (60.0 + i as f64 * 4.0 + noise.around(10.0)).round() as u64,
            })
            .collect(),
    }
}

fn daily_gifts(start: NaiveDate, days: u64, seed: u64) -> Vec<DatedCount> {
    let mut noise = Noise::new(seed);
    days_from(start, days)
        .filter_map(|d| {
            let weekend = d.weekday().num_days_from_monday() >= 5;
            let mean = if weekend { 2.0 } else { 6.0 };
            let spike = if d.day() == 1 { 4.0 } else { 1.0 };
            let count = if noise.next() < 0.15 {
                0
            } else {
                (noise.around(mean) * spike).round() as u64
            };
            (count > 0).then_some(DatedCount { date: d, count })
        })
        .collect()
}

/// A calendar year of gifts per day (2026).
pub fn heatmap() -> HeatmapData {
    HeatmapData {
        title: String::new(),
        start: date(2026, 1, 1),
        end: date(2026, 12, 31),
        days: daily_gifts(date(2026, 1, 1), 365, 6),
    }
}

/// Ten years of gifts per day, 2017 to 2026.
pub fn heatmap_ten_years() -> HeatmapData {
    HeatmapData {
        title: String::new(),
        start: date(2017, 1, 1),
        end: date(2026, 12, 31),
        days: daily_gifts(date(2017, 1, 1), 3_652, 7),
    }
}

fn comment_days(start: NaiveDate, days: u64, seed: u64) -> Vec<CommentBucket> {
    let mut noise = Noise::new(seed);
    days_from(start, days)
        .enumerate()
        .map(|(i, period)| {
            let wave = 1.0 + 0.6 * ((i as f64) / 9.0).sin();
            CommentBucket {
                period,
                approved: noise.around(40.0 * wave).round() as u64,
                pending: noise.around(6.0).round() as u64,
                rejected: noise.around(5.0 * wave).round() as u64,
                spam: noise.around(12.0).round() as u64,
            }
        })
        .collect()
}

/// Ninety days of comments by status (drawn as bars).
pub fn comments() -> CommentsData {
    CommentsData {
        title: String::new(),
        granularity: Granularity::Day,
        buckets: comment_days(date(2026, 3, 1), 90, 8),
    }
}

/// Three years of comments per day by status (1,096 days, drawn as areas).
pub fn comments_three_years() -> CommentsData {
    CommentsData {
        title: String::new(),
        granularity: Granularity::Day,
        buckets: comment_days(date(2024, 1, 1), 1_096, 9),
    }
}

fn timeline_days(start: NaiveDate, days: u64, seed: u64) -> (Vec<DatedCount>, Vec<DatedAmount>) {
    let mut noise = Noise::new(seed);
    let mut comments = Vec::new();
    let mut donations = Vec::new();
    for (i, d) in days_from(start, days).enumerate() {
        // A story that takes off on day 30 brings comments, and donations a few days later.
        let buzz = if (30..40).contains(&i) { 6.0 } else { 1.0 };
        let giving = if (33..45).contains(&i) { 4.0 } else { 1.0 };
        comments.push(DatedCount {
            date: d,
            count: noise.around(25.0 * buzz).round() as u64,
        });
        if noise.next() < 0.8 {
            donations.push(DatedAmount {
                date: d,
                minor: (noise.around(15_000.0) * giving).round() as i64,
            });
        }
    }
    (comments, donations)
}

/// 120 days of comments and donations for a set of articles.
pub fn timeline() -> TimelineData {
    let (comments, donations) = timeline_days(date(2026, 1, 1), 120, 10);
    TimelineData {
        scope: Some("Articles tagged “Frontline”".to_owned()),
        currency: "EUR".to_owned(),
        granularity: Granularity::Day,
        comments,
        donations,
    }
}

/// Three years of comments and donations per day for the whole site.
pub fn timeline_three_years() -> TimelineData {
    let (comments, donations) = timeline_days(date(2024, 1, 1), 1_096, 11);
    TimelineData {
        scope: None,
        currency: "EUR".to_owned(),
        granularity: Granularity::Day,
        comments,
        donations,
    }
}

pub fn summary() -> SummaryData {
    SummaryData {
        campaign_name: "Keep the newsroom open 2026".to_owned(),
        currency: "USD".to_owned(),
        raised_minor: 4_500_000,
        goal_minor: 5_000_000,
        sentence: None,
        as_of: Some(date(2026, 5, 20)),
        key_numbers: vec![
            KeyNumber::new("Donors", "1,214"),
            KeyNumber::new("Recurring donors", "342"),
            KeyNumber::new("Average gift", "$37"),
            KeyNumber::new("Days left", "41"),
        ],
        granularity: Granularity::Month,
        monthly: revenue(12, date(2025, 6, 1), 12),
    }
}
