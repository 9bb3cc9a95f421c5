//! Axes: time ticks chosen from the pixel width so labels never overlap, value ticks on round
//! numbers, money and count labels, and panels (plot rectangles mapping data to pixels) that
//! share one time axis.
use chrono::{Datelike, NaiveDate};
use plotters::prelude::DrawingBackend;

use super::canvas::{Align, Canvas, Font, Rect};
use super::Granularity;
use crate::error::Result;
use crate::fundraising::money::{self, Style};

/// A date as a position on the time axis: days since 1 January of year 1.
pub(crate) fn day(date: NaiveDate) -> f64 {
    f64::from(date.num_days_from_ce())
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

pub(crate) fn month_name(date: NaiveDate) -> &'static str {
    MONTHS[date.month0() as usize % 12]
}

/// "3 Mar 2026"
pub(crate) fn long_date(date: NaiveDate) -> String {
    format!("{} {} {}", date.day(), month_name(date), date.year())
}

/// "3 Mar – 30 Jun 2026", "3 Mar 2025 – 30 Jun 2026", "3 Mar 2026".
pub(crate) fn date_range(first: NaiveDate, last: NaiveDate) -> String {
    if first == last {
        long_date(first)
    } else if first.year() == last.year() {
        format!(
            "{} {} – {}",
            first.day(),
            month_name(first),
            long_date(last)
        )
    } else {
        format!("{} – {}", long_date(first), long_date(last))
    }
}

/// How values on a value axis are written.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Units {
    /// Money in major units of `code` (values are plotted as major units: minor / 10^exponent).
    Money {
        code: String,
        prefix: String,
        scale: f64,
    },
    Count,
}

impl Units {
    /// Money in `code`; refuses codes ISO 4217 does not know.
    pub fn money(code: &str) -> Result<Units> {
        let zero = money::format(0, code, Style::Round)?;
        let prefix = zero.strip_suffix('0').unwrap_or(&zero).to_owned();
        let currency = money::currency(code)?;
        let scale = 10f64.powi(money::exponent(currency) as i32);
        Ok(Units::Money {
            code: code.to_owned(),
            prefix,
            scale,
        })
    }

    /// Minor units as the plotted value.
    pub fn value_of_minor(&self, minor: i64) -> f64 {
        match self {
            Units::Money { scale, .. } => minor as f64 / scale,
            Units::Count => minor as f64,
        }
    }

    /// A (fractional) number of minor units as the plotted value.
    pub fn value_of(&self, minor: f64) -> f64 {
        match self {
            Units::Money { scale, .. } => minor / scale,
            Units::Count => minor,
        }
    }

    pub fn is_integer(&self) -> bool {
        match self {
            Units::Money { scale, .. } => *scale <= 1.0,
            Units::Count => true,
        }
    }

    /// A tick label: "$5,000", "$2.50", "$1.25M", "12,000", "1.5M".
    pub fn tick(&self, value: f64) -> String {
        self.label(value, 2)
    }

    /// An annotation: like a tick, with at most one decimal when compact ("$1.2M").
    pub fn short(&self, value: f64) -> String {
        self.label(value, 1)
    }

    fn label(&self, value: f64, decimals: usize) -> String {
        let value = if value.is_finite() { value } else { 0.0 };
        match self {
            Units::Money {
                code,
                prefix,
                scale,
            } => {
                if value.abs() >= 10_000.0 {
                    compact(value, prefix, decimals)
                } else {
                    let minor = (value * scale).round() as i64;
                    money::format(minor, code, Style::Round)
                        .unwrap_or_else(|_| compact(value, prefix, decimals))
                }
            }
            Units::Count => {
                if value.abs() >= 100_000.0 {
                    compact(value, "", decimals)
                } else {
                    group(value.round() as i64)
                }
            }
        }
    }
}

/// Exact money, grouped: "$5,000", "€12.50".
pub(crate) fn money_exact(minor: i64, code: &str) -> Result<String> {
    money::format(minor, code, Style::Round)
}

/// Money for annotations: compact when large ("$1.2M"), whole units from 100 up
/// ("$2,730"), exact below ("$12.50").
pub(crate) fn money_short(minor: i64, code: &str) -> Result<String> {
    let units = Units::money(code)?;
    let value = units.value_of_minor(minor);
    if value.abs() >= 1_000_000.0 {
        Ok(units.short(value))
    } else if value.abs() >= 100.0 {
        let scale = match &units {
            Units::Money { scale, .. } => *scale,
            Units::Count => 1.0,
        };
        money_exact((value.round() * scale) as i64, code)
    } else {
        money_exact(minor, code)
    }
}

/// "12,345"
pub(crate) fn group(value: i64) -> String {
    let digits = value.unsigned_abs().to_string();
    let mut out = String::new();
    if value < 0 {
        out.push('-');
    }
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

/// "-$1.25M", "$250K", "3B", with trailing zeros of the decimals dropped.
fn compact(value: f64, prefix: &str, decimals: usize) -> String {
    let magnitude = value.abs();
    let (divisor, suffix) = if magnitude >= 1e12 {
        (1e12, "T")
    } else if magnitude >= 1e9 {
        (1e9, "B")
    } else if magnitude >= 1e6 {
        (1e6, "M")
    } else if magnitude >= 1e3 {
        (1e3, "K")
    } else {
        (1.0, "")
    };
    let mut digits = format!("{:.*}", decimals, magnitude / divisor);
    if digits.contains('.') {
        while digits.ends_with('0') {
            digits.pop();
        }
        if digits.ends_with('.') {
            digits.pop();
        }
    }
    let sign = if value < 0.0 && digits != "0" {
        "-"
    } else {
        ""
    };
    format!("{sign}{prefix}{digits}{suffix}")
}

/// Round-number ticks covering `lo..=hi` with at most about `max_count` intervals; the axis
/// runs from the first tick to the last.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Ticks {
    pub min: f64,
    pub max: f64,
    pub values: Vec<f64>,
}

pub(crate) fn nice_ticks(lo: f64, hi: f64, max_count: usize, integer: bool) -> Ticks {
    let (mut lo, mut hi) = if lo.is_finite() && hi.is_finite() {
        (lo.min(hi), lo.max(hi))
    } else {
        (0.0, 1.0)
    };
    if hi - lo < f64::EPSILON * hi.abs().max(1.0) {
        if lo == 0.0 {
            hi = 1.0;
        } else if lo > 0.0 {
            lo = 0.0;
        } else {
            hi = 0.0;
        }
    }
    let max_count = max_count.max(1) as f64;
    let raw = (hi - lo) / max_count;
    let magnitude = 10f64.powf(raw.log10().floor());
    let mut step = magnitude * 10.0;
    for m in [1.0, 2.0, 2.5, 5.0, 10.0] {
        let candidate = m * magnitude;
        if integer && candidate.fract() != 0.0 {
            continue;
        }
        if candidate >= raw * (1.0 - 1e-9) {
            step = candidate;
            break;
        }
    }
    if integer {
        step = step.max(1.0);
    }
    let first = (lo / step).floor() * step;
    let last = (hi / step).ceil() * step;
    // Below zero the axis ends a little under the lowest value rather than on a whole step,
    // so small negatives (refunds) do not take a whole step of height.
    let min = if lo < 0.0 {
        first.max(lo - (hi - lo) * 0.06)
    } else {
        first
    };
    let mut values = Vec::new();
    let mut k = 0.0;
    while k < 1000.0 {
        let v = first + k * step;
        if v > last + step * 1e-6 {
            break;
        }
        if v >= min - step * 1e-6 {
            // -0.0 prints as "-$0".
            values.push(if v.abs() < step * 1e-9 { 0.0 } else { v });
        }
        k += 1.0;
    }
    Ticks {
        min,
        max: last.max(min + step),
        values,
    }
}

/// A step between time ticks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    Days(u32),
    Weeks(u32),
    Months(u32),
    Years(u32),
}

const STEPS: [Step; 16] = [
    Step::Days(1),
    Step::Days(2),
    Step::Weeks(1),
    Step::Weeks(2),
    Step::Months(1),
    Step::Months(2),
    Step::Months(3),
    Step::Months(6),
    Step::Years(1),
    Step::Years(2),
    Step::Years(5),
    Step::Years(10),
    Step::Years(20),
    Step::Years(50),
    Step::Years(100),
    Step::Years(1000),
];

/// The time axis of one or more panels: `start..end` (end exclusive), holding buckets of
/// `granularity`, the first of which starts on `anchor`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct TimeAxis {
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub granularity: Granularity,
    pub anchor: NaiveDate,
}

impl TimeAxis {
    /// The axis over buckets starting on `first` up to the one starting on `last`.
    pub fn over(first: NaiveDate, last: NaiveDate, granularity: Granularity) -> TimeAxis {
        let (first, last) = (first.min(last), first.max(last));
        TimeAxis {
            start: first,
            end: granularity.next(last),
            granularity,
            anchor: first,
        }
    }

    pub fn min(&self) -> f64 {
        day(self.start)
    }

    pub fn max(&self) -> f64 {
        day(self.end).max(day(self.start) + 1.0)
    }

    /// Where a bucket starting on `date` is drawn: its middle.
    pub fn center(&self, date: NaiveDate) -> f64 {
        (day(date) + day(self.granularity.next(date))) / 2.0
    }

    fn is_bucket_start(&self, date: NaiveDate) -> bool {
        match self.granularity {
            Granularity::Day => true,
            Granularity::Week => (date - self.anchor).num_days().rem_euclid(7) == 0,
            Granularity::Month => date.day() == 1,
            Granularity::Year => date.day() == 1 && date.month() == 1,
        }
    }

    fn allows(&self, step: Step) -> bool {
        match (self.granularity, step) {
            (Granularity::Day, _) => true,
            (Granularity::Week, Step::Days(_)) => false,
            (Granularity::Week, _) => true,
            (Granularity::Month, Step::Months(_) | Step::Years(_)) => true,
            (Granularity::Year, Step::Years(_)) => true,
            _ => false,
        }
    }

    /// Tick dates for `step` in the axis range; None if there would be more than `limit`.
    fn dates(&self, step: Step, limit: usize) -> Option<Vec<NaiveDate>> {
        let span = (self.end - self.start).num_days().max(1);
        let approx = match step {
            Step::Days(n) => span / i64::from(n),
            Step::Weeks(n) => span / (7 * i64::from(n)),
            Step::Months(n) => span / (28 * i64::from(n)),
            Step::Years(n) => span / (365 * i64::from(n)),
        };
        if approx > limit as i64 + 2 {
            return None;
        }
        let mut out = Vec::new();
        let mut push = |d: NaiveDate| {
            if d >= self.start && d < self.end {
                out.push(d);
            }
        };
        match step {
            Step::Days(n) => {
                let mut d = self.start;
                while d < self.end {
                    push(d);
                    d = d.checked_add_days(chrono::Days::new(u64::from(n)))?;
                }
            }
            Step::Weeks(n) => {
                // Day buckets tick on Mondays; week buckets on their own first day.
                let align = match self.granularity {
                    Granularity::Day => {
                        let back = self.start.weekday().num_days_from_monday();
                        self.start
                            .checked_sub_days(chrono::Days::new(u64::from(back)))?
                    }
                    _ => self.anchor,
                };
                let stride = 7 * u64::from(n);
                let mut d = align;
                while d < self.end {
                    push(d);
                    d = d.checked_add_days(chrono::Days::new(stride))?;
                }
            }
            Step::Months(n) => {
                let mut d = NaiveDate::from_ymd_opt(self.start.year(), 1, 1)?;
                while d < self.end {
                    if d.month0() % n == 0 {
                        push(d);
                    }
                    d = d.checked_add_months(chrono::Months::new(1))?;
                }
            }
            Step::Years(n) => {
                let n = n as i32;
                let mut year = self.start.year().div_euclid(n) * n;
                while let Some(d) = NaiveDate::from_ymd_opt(year, 1, 1) {
                    if d >= self.end {
                        break;
                    }
                    push(d);
                    year += n;
                }
            }
        }
        Some(out)
    }

    fn labels(&self, step: Step, dates: &[NaiveDate]) -> Vec<String> {
        let mut previous_year = None;
        dates
            .iter()
            .map(|d| {
                let new_year = previous_year != Some(d.year());
                previous_year = Some(d.year());
                match step {
                    Step::Days(_) | Step::Weeks(_) if new_year => long_date(*d),
                    Step::Days(_) | Step::Weeks(_) => format!("{} {}", d.day(), month_name(*d)),
                    Step::Months(_) if new_year => format!("{} {}", month_name(*d), d.year()),
                    Step::Months(_) => month_name(*d).to_owned(),
                    Step::Years(_) => d.year().to_string(),
                }
            })
            .collect()
    }

    fn position(&self, date: NaiveDate) -> f64 {
        if self.is_bucket_start(date) {
            self.center(date)
        } else {
            day(date)
        }
    }

    /// Ticks (position on the axis, label) for a plot `width` pixels wide: the finest calendar
    /// step whose labels, measured in `font`, keep a gap between neighbours.
    pub fn ticks<DB: DrawingBackend>(
        &self,
        canvas: &Canvas<DB>,
        width: i32,
        font: Font,
    ) -> Result<Vec<(f64, String)>> {
        let width = f64::from(width.max(1));
        let px_per_day = width / (self.max() - self.min());
        let gap = font.size * 1.2;
        let limit = (width / (font.size * 2.0)).max(1.0) as usize;
        let mut fallback = None;
        // Over four years and more, ticks are years whatever the width: half-year ticks on a
        // decade read as noise.
        let long = self.max() - self.min() > 4.0 * 365.25;
        for step in STEPS {
            if !self.allows(step) || (long && !matches!(step, Step::Years(_))) {
                continue;
            }
            let Some(dates) = self.dates(step, limit) else {
                continue;
            };
            if dates.len() > limit {
                continue;
            }
            let labels = self.labels(step, &dates);
            let positions: Vec<f64> = dates.iter().map(|d| self.position(*d)).collect();
            let widths = labels
                .iter()
                .map(|l| canvas.measure(l, font).map(f64::from))
                .collect::<Result<Vec<f64>>>()?;
            let fits = (1..dates.len()).all(|i| {
                let distance = (positions[i] - positions[i - 1]) * px_per_day;
                distance >= (widths[i] + widths[i - 1]) / 2.0 + gap
            });
            let ticks: Vec<(f64, String)> = positions.into_iter().zip(labels).collect();
            if fits {
                return Ok(ticks);
            }
            if !ticks.is_empty() {
                fallback = Some(ticks);
            }
        }
        Ok(fallback.unwrap_or_default())
    }
}

/// A plot rectangle and the data ranges it shows.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Panel {
    pub plot: Rect,
    pub x_min: f64,
    pub x_max: f64,
    pub y_min: f64,
    pub y_max: f64,
    pub y_ticks: Vec<f64>,
    pub units: Units,
    pub title: String,
}

impl Panel {
    /// Pixel x of an axis position.
    pub fn x(&self, value: f64) -> i32 {
        let t = (value - self.x_min) / (self.x_max - self.x_min);
        let t = if t.is_finite() {
            t.clamp(-0.05, 1.05)
        } else {
            0.0
        };
        self.plot.left + (t * f64::from(self.plot.width())).round() as i32
    }

    /// Pixel y of a value.
    pub fn y(&self, value: f64) -> i32 {
        let t = (value - self.y_min) / (self.y_max - self.y_min);
        let t = if t.is_finite() {
            t.clamp(-0.05, 1.05)
        } else {
            0.0
        };
        self.plot.bottom - (t * f64::from(self.plot.height())).round() as i32
    }

    /// Pixel y of zero (or of the axis end nearest to it).
    pub fn zero(&self) -> i32 {
        self.y(0.0_f64.clamp(self.y_min, self.y_max))
    }

    /// Left and right pixel of a bucket starting on `date`, narrowed by `gap` (a share of
    /// its width) on each side, at least one pixel wide.
    pub fn bucket(&self, axis: &TimeAxis, date: NaiveDate, gap: f64) -> (i32, i32) {
        let (a, b) = (day(date), day(axis.granularity.next(date)));
        let inset = (b - a) * gap;
        let (left, right) = (self.x(a + inset), self.x(b - inset));
        (left, right.max(left + 1))
    }
}

/// What one panel shows on its value axis.
#[derive(Debug, Clone)]
pub(crate) struct PanelSpec {
    /// The smallest and largest values drawn (zero is always included).
    pub lo: f64,
    pub hi: f64,
    pub units: Units,
    /// The value axis title, drawn turned along the axis: "Raised (USD)".
    pub axis_title: String,
    /// A heading above the panel when there are several.
    pub title: String,
    /// Share of the height.
    pub weight: f64,
}

/// Lays out panels stacked in `area`, sharing the time axis, which is labelled under the
/// last one; draws grids, axes and labels. Series are drawn by the caller afterwards.
pub(crate) fn panels<DB: DrawingBackend>(
    canvas: &Canvas<DB>,
    area: Rect,
    axis: &TimeAxis,
    specs: &[PanelSpec],
) -> Result<Vec<Panel>> {
    let font = canvas.small;
    let tick_len = (font.size * 0.4).round() as i32;
    let x_labels_h = tick_len + font.line();
    let x_title_h = canvas.small.line();
    let panel_title_h = |spec: &PanelSpec| {
        if spec.title.is_empty() {
            0
        } else {
            canvas.small.line() + canvas.pad / 3
        }
    };
    let gaps = canvas.pad * (specs.len() as i32 - 1).max(0);
    let titles: i32 = specs.iter().map(panel_title_h).sum();
    let available =
        (area.height() - x_labels_h - x_title_h - gaps - titles).max(specs.len() as i32 * 20);
    let total_weight: f64 = specs.iter().map(|s| s.weight.max(0.1)).sum();

    // Heights first: they decide the value ticks, whose labels decide the left margin.
    let mut out = Vec::with_capacity(specs.len());
    let mut top = area.top;
    let mut left_labels = 0;
    for spec in specs {
        top += panel_title_h(spec);
        let height = (f64::from(available) * spec.weight.max(0.1) / total_weight).round() as i32;
        let max_ticks = (f64::from(height) / (f64::from(font.line()) * 2.2))
            .floor()
            .max(1.0) as usize;
        let ticks = nice_ticks(
            spec.lo.min(0.0),
            spec.hi.max(0.0),
            max_ticks.min(8),
            spec.units.is_integer(),
        );
        for v in &ticks.values {
            left_labels = left_labels.max(canvas.measure(&spec.units.tick(*v), font)?);
        }
        out.push(Panel {
            plot: Rect {
                left: 0,
                top,
                right: 0,
                bottom: top + height,
            },
            x_min: axis.min(),
            x_max: axis.max(),
            y_min: ticks.min,
            y_max: ticks.max,
            y_ticks: ticks.values,
            units: spec.units.clone(),
            title: spec.title.clone(),
        });
        top += height + canvas.pad;
    }
    let axis_title_w = if specs.iter().any(|s| !s.axis_title.is_empty()) {
        canvas.small.line() + canvas.pad / 3
    } else {
        0
    };
    let left = area.left + axis_title_w + left_labels + tick_len * 2;
    // Room on the right for half of a last label centred near the edge.
    let right = area.right - (canvas.measure("Mar 2026", font)? / 2).max(canvas.pad);
    for panel in &mut out {
        panel.plot.left = left;
        panel.plot.right = right.max(left + 20);
    }

    let ticks = axis.ticks(canvas, right - left, font)?;
    for (index, (panel, spec)) in out.iter().zip(specs).enumerate() {
        let last = index + 1 == out.len();
        draw_frame(canvas, panel, spec, &ticks, last, area.left, tick_len)?;
    }
    if let Some(last) = out.last() {
        let title = format!("{} ({})", axis.granularity.axis_title(), canvas.time_zone);
        let y = last.plot.bottom + x_labels_h;
        let cx = (last.plot.left + last.plot.right) / 2;
        canvas.text_fit(
            &title,
            cx,
            y,
            last.plot.width(),
            font,
            0.85,
            canvas.pal.muted,
            Align::Center,
        )?;
    }
    Ok(out)
}

fn draw_frame<DB: DrawingBackend>(
    canvas: &Canvas<DB>,
    panel: &Panel,
    spec: &PanelSpec,
    x_ticks: &[(f64, String)],
    x_labels: bool,
    area_left: i32,
    tick_len: i32,
) -> Result<()> {
    let pal = canvas.pal;
    let font = canvas.small;
    let plot = panel.plot;
    if !panel.title.is_empty() {
        let y = plot.top - font.line() - canvas.pad / 3;
        let bold = Font { bold: true, ..font };
        canvas.text_fit(
            &panel.title,
            plot.left,
            y,
            plot.width(),
            bold,
            0.8,
            pal.text,
            Align::Left,
        )?;
    }
    // Horizontal grid and value labels.
    for v in &panel.y_ticks {
        let y = panel.y(*v);
        canvas.polyline(&[(plot.left, y), (plot.right, y)], pal.grid, 1)?;
        let label = panel.units.tick(*v);
        let text_y = y - (font.size * 0.55).round() as i32;
        canvas.text(
            &label,
            plot.left - tick_len * 2,
            text_y,
            font,
            pal.muted,
            Align::Right,
        )?;
    }
    // Vertical grid at the time ticks.
    for (x, _) in x_ticks {
        let px = panel.x(*x);
        canvas.polyline(&[(px, plot.top), (px, plot.bottom)], pal.grid, 1)?;
    }
    if !spec.axis_title.is_empty() {
        let cy = (plot.top + plot.bottom) / 2;
        // Whole or not at all: a shortened unit ("Given (U…") would mislead.
        if canvas.measure(&spec.axis_title, font)? <= plot.height() {
            canvas.text_up(&spec.axis_title, area_left, cy, font, pal.muted)?;
        }
    }
    if x_labels {
        canvas.polyline(
            &[(plot.left, plot.bottom), (plot.right, plot.bottom)],
            pal.axis,
            1,
        )?;
        // Greedy: a label that would touch the one before it (or leave the image) is skipped.
        let gap = (font.size * 0.6).round() as i32;
        let mut last_right = i32::MIN;
        for (x, label) in x_ticks {
            let px = panel.x(*x);
            let w = canvas.measure(label, font)?;
            let (l, r) = (px - w / 2, px + w - w / 2);
            if l < last_right + gap || l < 0 || r > canvas.width {
                continue;
            }
            canvas.polyline(
                &[(px, plot.bottom), (px, plot.bottom + tick_len)],
                pal.axis,
                1,
            )?;
            canvas.text(
                label,
                px,
                plot.bottom + tick_len,
                font,
                pal.muted,
                Align::Center,
            )?;
            last_right = r;
        }
    }
    Ok(())
}

/// The zero line, drawn over bars so positive and negative stacks meet on a visible axis.
pub(crate) fn zero_line<DB: DrawingBackend>(canvas: &Canvas<DB>, panel: &Panel) -> Result<()> {
    if panel.y_min < 0.0 && panel.y_max > 0.0 {
        let y = panel.zero();
        canvas.polyline(
            &[(panel.plot.left, y), (panel.plot.right, y)],
            canvas.pal.axis,
            1,
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nice_ticks_cover_the_range_on_round_numbers() {
        let t = nice_ticks(0.0, 47_300.0, 5, false);
        assert_eq!(
            t.values,
            vec![0.0, 10_000.0, 20_000.0, 30_000.0, 40_000.0, 50_000.0]
        );
        assert_eq!((t.min, t.max), (0.0, 50_000.0));
        let t = nice_ticks(-120.0, 480.0, 6, false);
        assert_eq!(t.values.first(), Some(&-100.0));
        assert_eq!(t.values.last(), Some(&500.0));
        assert_eq!((t.min, t.max), (-156.0, 500.0));
        let t = nice_ticks(-480.0, 0.0, 5, false);
        assert_eq!((t.min, t.max), (-500.0, 0.0));
        // Counts never get fractional ticks.
        let t = nice_ticks(0.0, 3.0, 8, true);
        assert_eq!(t.values, vec![0.0, 1.0, 2.0, 3.0]);
        // Degenerate and non-finite ranges still give an axis.
        assert_eq!(nice_ticks(0.0, 0.0, 5, true).max, 1.0);
        assert!(nice_ticks(f64::NAN, f64::INFINITY, 5, false).values.len() >= 2);
        assert!(nice_ticks(-5.0, -5.0, 5, false).max >= 0.0);
    }

    #[test]
    fn labels_are_compact_when_large() {
        let usd = Units::money("USD").unwrap();
        assert_eq!(usd.tick(5_000.0), "$5,000");
        assert_eq!(usd.tick(2.5), "$2.50");
        assert_eq!(usd.tick(1_250_000.0), "$1.25M");
        assert_eq!(usd.tick(250_000.0), "$250K");
        assert_eq!(usd.tick(-20_000.0), "-$20K");
        assert_eq!(usd.short(1_234_567.0), "$1.2M");
        assert_eq!(usd.tick(0.0), "$0");
        let uah = Units::money("UAH").unwrap();
        assert_eq!(uah.tick(3_000_000.0), "₴3M");
        let jpy = Units::money("JPY").unwrap();
        assert_eq!(jpy.value_of_minor(3_000), 3_000.0);
        assert!(jpy.is_integer());
        assert_eq!(Units::Count.tick(12_345.0), "12,345");
        assert_eq!(Units::Count.tick(2_500_000.0), "2.5M");
        assert_eq!(money_short(12_345_678_900, "USD").unwrap(), "$123.5M");
        assert_eq!(money_short(500_000, "USD").unwrap(), "$5,000");
        assert_eq!(money_short(273_004, "USD").unwrap(), "$2,730");
        assert_eq!(money_short(1_250, "EUR").unwrap(), "€12.50");
        assert!(Units::money("XYZ").is_err());
    }

    #[test]
    fn date_ranges_read_naturally() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        assert_eq!(
            date_range(d(2026, 3, 3), d(2026, 6, 30)),
            "3 Mar – 30 Jun 2026"
        );
        assert_eq!(
            date_range(d(2025, 3, 3), d(2026, 6, 30)),
            "3 Mar 2025 – 30 Jun 2026"
        );
        assert_eq!(date_range(d(2026, 3, 3), d(2026, 3, 3)), "3 Mar 2026");
    }

    #[test]
    fn time_axis_dates_follow_the_calendar() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        let axis = TimeAxis::over(d(2016, 1, 1), d(2025, 12, 1), Granularity::Month);
        assert_eq!(axis.end, d(2026, 1, 1));
        let years = axis.dates(Step::Years(1), 100).unwrap();
        assert_eq!(years.len(), 10);
        assert_eq!(axis.labels(Step::Years(1), &years)[0], "2016");
        // Month buckets label their middle.
        assert_eq!(axis.position(d(2016, 1, 1)), day(d(2016, 1, 1)) + 15.5);
        let quarters = axis.dates(Step::Months(3), 100).unwrap();
        assert_eq!(quarters.len(), 40);
        let labels = axis.labels(Step::Months(3), &quarters);
        assert_eq!(&labels[..5], ["Jan 2016", "Apr", "Jul", "Oct", "Jan 2017"]);
        assert!(axis.dates(Step::Days(1), 100).is_none());
        assert!(!axis.allows(Step::Weeks(1)));
        let week = TimeAxis::over(d(2026, 3, 4), d(2026, 4, 29), Granularity::Week);
        let weeks = week.dates(Step::Weeks(1), 100).unwrap();
        assert_eq!(weeks.first(), Some(&d(2026, 3, 4)));
        assert_eq!(
            week.labels(Step::Weeks(1), &weeks)[..2],
            ["4 Mar 2026", "11 Mar"]
        );
    }
}
