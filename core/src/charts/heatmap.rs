//! Gifts per day as a calendar heatmap: weeks as columns, weekdays (Monday first) as rows,
//! month names above, one band per calendar year when the range is longer than a year, and a
//! colour scale legend with the counts each shade stands for.
use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};
use plotters::prelude::DrawingBackend;
use serde::{Deserialize, Serialize};

use super::axes;
use super::canvas::{Align, Canvas, Chart, Font, Key, LegendItem, Rect};
use super::{series, ChartKind, DatedCount};
use crate::error::Result;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HeatmapData {
    /// Empty gives "Gifts per day".
    pub title: String,
    /// The first and last day shown (days outside are ignored; days inside that are missing
    /// count as zero). At most the last 50 calendar years are drawn.
    pub start: NaiveDate,
    pub end: NaiveDate,
    /// Gifts per day.
    pub days: Vec<DatedCount>,
}

super::render_fns!(HeatmapData);

const MAX_YEARS: i32 = 50;
const WEEKDAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/// The shade (0 = none, 1..=4) of `count` when the busiest day had `max`.
fn level(count: u64, max: u64) -> usize {
    if count == 0 || max == 0 {
        return 0;
    }
    let level = (u128::from(count) * 4).div_ceil(u128::from(max));
    level.clamp(1, 4) as usize
}

/// The counts each shade stands for: "0", "1–3", ...; None for shades no count falls in.
fn level_ranges(max: u64) -> Vec<(usize, String)> {
    let mut out = vec![(0, "0".to_owned())];
    for k in 1..=4u64 {
        let lo = u128::from(max) * u128::from(k - 1) / 4 + 1;
        let hi = u128::from(max) * u128::from(k) / 4;
        if lo > hi {
            continue;
        }
        let text = if lo == hi {
            axes::group(i64::try_from(lo).unwrap_or(i64::MAX))
        } else {
            format!(
                "{}–{}",
                axes::group(i64::try_from(lo).unwrap_or(i64::MAX)),
                axes::group(i64::try_from(hi).unwrap_or(i64::MAX))
            )
        };
        out.push((k as usize, text));
    }
    out
}

fn monday_of(date: NaiveDate) -> NaiveDate {
    let back = u64::from(date.weekday().num_days_from_monday());
    date.checked_sub_days(chrono::Days::new(back))
        .unwrap_or(date)
}

/// One band of weeks: the days `first..=last`, drawn from the week of `first`.
struct Band {
    first: NaiveDate,
    last: NaiveDate,
    label: Option<String>,
}

impl Band {
    fn weeks(&self) -> i64 {
        (monday_of(self.last) - monday_of(self.first)).num_days() / 7 + 1
    }
}

impl Chart for HeatmapData {
    fn draw<DB: DrawingBackend>(&self, canvas: &Canvas<DB>) -> Result<()> {
        let pal = canvas.pal;
        let title = if self.title.trim().is_empty() {
            ChartKind::Heatmap.default_title()
        } else {
            self.title.as_str()
        };
        let (mut start, end) = (self.start.min(self.end), self.start.max(self.end));
        if end.year() - start.year() >= MAX_YEARS {
            start = NaiveDate::from_ymd_opt(end.year() - MAX_YEARS + 1, 1, 1).unwrap_or(start);
        }
        let subtitle = format!(
            "{} · dates in {} · weeks start on Monday",
            axes::date_range(start, end),
            canvas.time_zone
        );
        let mut counts: HashMap<NaiveDate, u64> = HashMap::new();
        for d in &self.days {
            if d.date >= start && d.date <= end {
                let c = counts.entry(d.date).or_insert(0);
                *c = c.saturating_add(d.count);
            }
        }
        if self.days.is_empty() {
            return canvas.no_data(title, &subtitle, "No gifts have been recorded yet.");
        }
        let max = counts.values().copied().max().unwrap_or(0);
        let legend: Vec<LegendItem> = level_ranges(max)
            .into_iter()
            .map(|(k, text)| LegendItem::new(text, pal.heat[k], Key::Box))
            .collect();
        let mut legend_items = vec![LegendItem::new("Gifts per day:", pal.muted, Key::Text)];
        legend_items.extend(legend);
        let area = series::frame(canvas, title, &subtitle, &legend_items)?;

        let bands: Vec<Band> = if (end - start).num_days() <= 370 {
            vec![Band {
                first: start,
                last: end,
                label: None,
            }]
        } else {
            (start.year()..=end.year())
                .filter_map(|year| {
                    let first = NaiveDate::from_ymd_opt(year, 1, 1)?.max(start);
                    let last = NaiveDate::from_ymd_opt(year, 12, 31)?.min(end);
                    Some(Band {
                        first,
                        last,
                        label: Some(year.to_string()),
                    })
                })
                .collect()
        };
        self.draw_grid(canvas, area, &bands, &counts, max)
    }
}

impl HeatmapData {
    /// Bands in one or more columns (years run down the first column, then the next),
    /// whichever gives the largest cells; the whole grid centred in `area`.
    fn draw_grid<DB: DrawingBackend>(
        &self,
        canvas: &Canvas<DB>,
        area: Rect,
        bands: &[Band],
        counts: &HashMap<NaiveDate, u64>,
        max: u64,
    ) -> Result<()> {
        let pal = canvas.pal;
        let font = canvas.small;
        let bold = Font { bold: true, ..font };
        let single = bands.len() == 1 && bands[0].label.is_none();
        let weeks = bands
            .iter()
            .map(|b| if b.label.is_some() { 54 } else { b.weeks() })
            .max()
            .unwrap_or(1)
            .max(1) as f64;
        let label_w = if single {
            let mut widest = 0;
            for day in WEEKDAYS {
                widest = widest.max(canvas.measure(day, font)?);
            }
            widest
        } else {
            canvas.measure("2026", bold)?
        } + canvas.pad / 2;
        let month_h = f64::from(font.line() + 2);
        let gap_rows = if single { 0.0 } else { 1.0 };
        let (avail_w, avail_h) = (f64::from(area.width()), f64::from(area.height()) - month_h);
        let column_gap = f64::from(canvas.pad * 2);

        let n = bands.len().max(1);
        let mut best = (1usize, 0.0f64);
        for k in 1..=n.min(4) {
            let per_column = n.div_ceil(k) as f64;
            let width_each =
                (avail_w - column_gap * (k as f64 - 1.0)) / k as f64 - f64::from(label_w);
            let cell = (width_each / weeks)
                .min(avail_h / (per_column * 7.0 + (per_column - 1.0) * gap_rows));
            if cell > best.1 * 1.05 {
                best = (k, cell);
            }
        }
        let (k, cell) = best;
        let cell = if cell >= 3.0 {
            cell.floor()
        } else {
            cell.max(1.0)
        }
        .min(font.size * 3.0);
        let inset = if cell >= 6.0 {
            (cell / 8.0).round().max(1.0)
        } else if cell >= 4.0 {
            1.0
        } else {
            0.0
        };
        let per_column = n.div_ceil(k);
        let band_w = f64::from(label_w) + weeks * cell;
        let total_w = band_w * k as f64 + column_gap * (k as f64 - 1.0);
        let total_h =
            month_h + cell * (per_column as f64 * 7.0 + (per_column as f64 - 1.0) * gap_rows);
        let left = f64::from(area.left) + ((avail_w - total_w) / 2.0).max(0.0);
        let top = f64::from(area.top) + ((f64::from(area.height()) - total_h) / 2.0).max(0.0);

        for (index, band) in bands.iter().enumerate() {
            let (column, row) = (index / per_column, index % per_column);
            let x0 =
                (left + (band_w + column_gap) * column as f64 + f64::from(label_w)).round() as i32;
            let y0 = top + month_h + cell * (7.0 + gap_rows) * row as f64;
            let origin = monday_of(band.first);
            if row == 0 {
                self.month_names(
                    canvas,
                    band,
                    x0,
                    (y0 - month_h).round() as i32,
                    cell,
                    area.right,
                )?;
            }
            // Weekday names (Mon, Wed, Fri) when rows are tall enough, or the band's year.
            if single {
                if cell * 2.0 >= f64::from(font.line()) {
                    for weekday in [0usize, 2, 4] {
                        let cy = y0 + cell * (weekday as f64 + 0.5);
                        let y = (cy - font.size * 0.55).round() as i32;
                        canvas.text(
                            WEEKDAYS[weekday],
                            x0 - canvas.pad / 2,
                            y,
                            font,
                            pal.muted,
                            Align::Right,
                        )?;
                    }
                }
            } else if let Some(label) = &band.label {
                let cy = y0 + cell * 3.5;
                let y = (cy - font.size * 0.55).round() as i32;
                canvas.text(label, x0 - canvas.pad / 2, y, bold, pal.muted, Align::Right)?;
            }
            let mut date = band.first;
            while date <= band.last {
                let week = (monday_of(date) - origin).num_days() / 7;
                let weekday = date.weekday().num_days_from_monday();
                let x = f64::from(x0) + cell * week as f64;
                let y = y0 + cell * f64::from(weekday);
                let count = counts.get(&date).copied().unwrap_or(0);
                canvas.fill_rect(
                    (x + inset / 2.0).round() as i32,
                    (y + inset / 2.0).round() as i32,
                    (x + cell - inset / 2.0).round() as i32,
                    (y + cell - inset / 2.0).round() as i32,
                    pal.heat[level(count, max)],
                )?;
                let Some(next) = date.succ_opt() else { break };
                date = next;
            }
        }
        Ok(())
    }

    /// Month names over a band, at the week each month's first day falls in, skipping any
    /// that would touch the one before.
    fn month_names<DB: DrawingBackend>(
        &self,
        canvas: &Canvas<DB>,
        band: &Band,
        x0: i32,
        y: i32,
        cell: f64,
        right: i32,
    ) -> Result<()> {
        let font = canvas.small;
        let origin = monday_of(band.first);
        let mut last_right = i32::MIN;
        let mut month = NaiveDate::from_ymd_opt(band.first.year(), band.first.month(), 1);
        while let Some(m) = month {
            if m > band.last {
                break;
            }
            let week = (monday_of(m.max(band.first)) - origin).num_days() / 7;
            let x = x0 + (cell * week as f64).round() as i32;
            let name = axes::month_name(m);
            let w = canvas.measure(name, font)?;
            if x >= last_right + (font.size * 0.5) as i32 && x + w <= right {
                canvas.text(name, x, y, font, canvas.pal.muted, Align::Left)?;
                last_right = x + w;
            }
            month = m.checked_add_months(chrono::Months::new(1));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shades_split_the_busiest_day_in_four() {
        assert_eq!(level(0, 10), 0);
        assert_eq!(level(1, 10), 1);
        assert_eq!(level(3, 10), 2);
        assert_eq!(level(10, 10), 4);
        assert_eq!(level(5, 0), 0);
        assert_eq!(level(u64::MAX, u64::MAX), 4);
        let ranges: Vec<String> = level_ranges(42).into_iter().map(|(_, t)| t).collect();
        assert_eq!(ranges, ["0", "1–10", "11–21", "22–31", "32–42"]);
        let ranges: Vec<usize> = level_ranges(1).into_iter().map(|(k, _)| k).collect();
        assert_eq!(ranges, [0, 4]);
        assert_eq!(level_ranges(0).len(), 1);
    }
}
