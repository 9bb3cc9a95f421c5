//! Series drawing shared by the time charts: the header with its legend, stacked bars and
//! stacked areas over buckets, lines, and tidying of the caller's buckets.
use std::collections::BTreeMap;

use chrono::NaiveDate;
use plotters::prelude::DrawingBackend;
use plotters::style::RGBColor;

use super::axes::{Panel, TimeAxis};
use super::canvas::{Canvas, LegendItem, Rect};
use crate::error::Result;

/// Title, subtitle and legend; returns the area left for the plot.
pub(crate) fn frame<DB: DrawingBackend>(
    canvas: &Canvas<DB>,
    title: &str,
    subtitle: &str,
    legend: &[LegendItem],
) -> Result<Rect> {
    let mut y = canvas.header(title, subtitle)?;
    if !legend.is_empty() {
        y += canvas.pad / 2;
        y = canvas.legend(legend, canvas.pad, y, canvas.width - 2 * canvas.pad)?;
    }
    Ok(Rect {
        left: canvas.pad,
        top: y + canvas.pad / 2,
        right: canvas.width - canvas.pad,
        bottom: canvas.height - canvas.pad / 2,
    })
}

/// Buckets sorted by date, values of the same date added up.
pub(crate) fn rows<const N: usize>(
    items: impl IntoIterator<Item = (NaiveDate, [f64; N])>,
) -> Vec<(NaiveDate, [f64; N])> {
    let mut map: BTreeMap<NaiveDate, [f64; N]> = BTreeMap::new();
    for (date, values) in items {
        let entry = map.entry(date).or_insert([0.0; N]);
        for (sum, v) in entry.iter_mut().zip(values) {
            *sum += v;
        }
    }
    map.into_iter().collect()
}

/// Rows with every bucket of the axis present (missing ones as zero), for areas; as given if
/// the axis holds too many buckets to fill in.
pub(crate) fn dense<const N: usize>(
    axis: &TimeAxis,
    rows: &[(NaiveDate, [f64; N])],
) -> Vec<(NaiveDate, [f64; N])> {
    let (Some(first), Some(last)) = (rows.first(), rows.last()) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut given = rows.iter().peekable();
    let mut date = first.0;
    while date <= last.0 {
        if out.len() > 50_000 {
            return rows.to_vec();
        }
        let mut values = [0.0; N];
        while let Some((d, v)) = given.peek() {
            if *d < date {
                given.next();
            } else {
                if *d == date {
                    values = *v;
                    given.next();
                }
                break;
            }
        }
        out.push((date, values));
        let next = axis.granularity.next(date);
        if next <= date {
            break;
        }
        date = next;
    }
    out
}

/// Whether buckets are wide enough on this panel to be drawn as bars (else as an area).
pub(crate) fn bars_fit(panel: &Panel, axis: &TimeAxis) -> bool {
    let buckets = match axis.granularity {
        super::Granularity::Day => axis.max() - axis.min(),
        super::Granularity::Week => (axis.max() - axis.min()) / 7.0,
        super::Granularity::Month => (axis.max() - axis.min()) / 30.4,
        super::Granularity::Year => (axis.max() - axis.min()) / 365.2,
    };
    f64::from(panel.plot.width()) / buckets.max(1.0) >= 3.0
}

/// Stacked bars: positive values stack up from zero, negative ones down, in series order.
pub(crate) fn stacked_bars<DB: DrawingBackend, const N: usize>(
    canvas: &Canvas<DB>,
    panel: &Panel,
    axis: &TimeAxis,
    rows: &[(NaiveDate, [f64; N])],
    colors: [RGBColor; N],
) -> Result<()> {
    for (date, values) in rows {
        let (left, right) = panel.bucket(axis, *date, 0.12);
        let (mut up, mut down) = (0.0, 0.0);
        for (value, color) in values.iter().zip(colors) {
            if *value == 0.0 || !value.is_finite() {
                continue;
            }
            let base = if *value > 0.0 { &mut up } else { &mut down };
            let from = *base;
            *base += value;
            canvas.fill_rect(left, panel.y(from), right, panel.y(*base), color)?;
        }
    }
    Ok(())
}

/// Bars side by side within each bucket, one per series, from zero.
pub(crate) fn grouped_bars<DB: DrawingBackend, const N: usize>(
    canvas: &Canvas<DB>,
    panel: &Panel,
    axis: &TimeAxis,
    rows: &[(NaiveDate, [f64; N])],
    colors: [RGBColor; N],
) -> Result<()> {
    for (date, values) in rows {
        let (left, right) = panel.bucket(axis, *date, 0.12);
        let width = f64::from(right - left) / N as f64;
        for (index, (value, color)) in values.iter().zip(colors).enumerate() {
            if *value == 0.0 || !value.is_finite() {
                continue;
            }
            let l = left + (width * index as f64).round() as i32;
            let r = (left + (width * (index + 1) as f64).round() as i32).max(l + 1);
            canvas.fill_rect(l, panel.zero(), r, panel.y(*value), color)?;
        }
    }
    Ok(())
}

/// Stacked areas through the middles of dense buckets (non-negative values), with a line on
/// top of each layer.
pub(crate) fn stacked_areas<DB: DrawingBackend, const N: usize>(
    canvas: &Canvas<DB>,
    panel: &Panel,
    axis: &TimeAxis,
    rows: &[(NaiveDate, [f64; N])],
    colors: [RGBColor; N],
) -> Result<()> {
    if rows.len() == 1 {
        return stacked_bars(canvas, panel, axis, rows, colors);
    }
    let xs: Vec<i32> = rows.iter().map(|(d, _)| panel.x(axis.center(*d))).collect();
    let mut below: Vec<f64> = vec![0.0; rows.len()];
    for (layer, color) in colors.iter().enumerate() {
        let above: Vec<f64> = rows
            .iter()
            .zip(&below)
            .map(|((_, v), b)| b + v[layer].max(0.0))
            .collect();
        if above.iter().zip(&below).all(|(a, b)| a == b) {
            continue;
        }
        let mut polygon: Vec<(i32, i32)> = xs
            .iter()
            .zip(&above)
            .map(|(x, v)| (*x, panel.y(*v)))
            .collect();
        let top = polygon.clone();
        polygon.extend(xs.iter().zip(&below).rev().map(|(x, v)| (*x, panel.y(*v))));
        canvas.polygon(&polygon, *color, 1.0)?;
        canvas.polyline(&top, *color, 1)?;
        below = above;
    }
    Ok(())
}

/// A line through (axis position, value) points; a single point is a dot.
pub(crate) fn line<DB: DrawingBackend>(
    canvas: &Canvas<DB>,
    panel: &Panel,
    points: &[(f64, f64)],
    color: RGBColor,
    width: u32,
) -> Result<()> {
    let pixels: Vec<(i32, i32)> = points
        .iter()
        .map(|(x, y)| (panel.x(*x), panel.y(*y)))
        .collect();
    match pixels.as_slice() {
        [] => Ok(()),
        [only] => canvas.dot(*only, (width as i32 * 2).max(3), color),
        _ => canvas.polyline(&pixels, color, width),
    }
}

/// The area between a line and zero, lightly filled.
pub(crate) fn area_under<DB: DrawingBackend>(
    canvas: &Canvas<DB>,
    panel: &Panel,
    points: &[(f64, f64)],
    color: RGBColor,
) -> Result<()> {
    let (Some(first), Some(last)) = (points.first(), points.last()) else {
        return Ok(());
    };
    if points.len() < 2 {
        return Ok(());
    }
    let mut polygon: Vec<(i32, i32)> = points
        .iter()
        .map(|(x, y)| (panel.x(*x), panel.y(*y)))
        .collect();
    polygon.push((panel.x(last.0), panel.zero()));
    polygon.push((panel.x(first.0), panel.zero()));
    canvas.polygon(&polygon, color, 0.15)
}

/// The smallest and largest stacked totals (negative parts down, positive up).
pub(crate) fn stack_extent<const N: usize>(rows: &[(NaiveDate, [f64; N])]) -> (f64, f64) {
    rows.iter().fold((0.0, 0.0), |(lo, hi), (_, values)| {
        let up: f64 = values.iter().filter(|v| **v > 0.0).sum();
        let down: f64 = values.iter().filter(|v| **v < 0.0).sum();
        (f64::min(lo, down), f64::max(hi, up))
    })
}

/// The largest single value and the smallest (for side-by-side bars).
pub(crate) fn value_extent<const N: usize>(rows: &[(NaiveDate, [f64; N])]) -> (f64, f64) {
    rows.iter()
        .flat_map(|(_, v)| v.iter())
        .fold((0.0, 0.0), |(lo, hi), v| {
            (f64::min(lo, *v), f64::max(hi, *v))
        })
}
