//! Money given per month (or per bucket of another size): one-time and recurring gifts stacked
//! above the axis, refunds below it.
use chrono::NaiveDate;
use plotters::prelude::DrawingBackend;
use serde::{Deserialize, Serialize};

use super::axes::{self, PanelSpec, TimeAxis, Units};
use super::canvas::{Canvas, Chart, Key, LegendItem, Rect};
use super::series;
use super::Granularity;
use crate::error::Result;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthlyData {
    /// Empty gives "Donations per month" (or per day, week, year).
    pub title: String,
    pub currency: String,
    pub granularity: Granularity,
    pub buckets: Vec<RevenueBucket>,
}

/// One bucket's money, in minor units of the chart's currency.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RevenueBucket {
    /// The first day of the bucket.
    pub period: NaiveDate,
    pub one_time_minor: i64,
    pub recurring_minor: i64,
    /// Money refunded in the bucket, drawn below the axis whatever its sign.
    pub refunds_minor: i64,
}

super::render_fns!(MonthlyData);

pub(crate) fn default_title(granularity: Granularity) -> String {
    format!("Donations {}", granularity.per())
}

/// The bars and their legend, in `area`; shared with the newsletter summary.
pub(crate) fn draw_bars<DB: DrawingBackend>(
    canvas: &Canvas<DB>,
    area: Rect,
    currency: &str,
    granularity: Granularity,
    buckets: &[RevenueBucket],
    panel_title: &str,
) -> Result<()> {
    let pal = canvas.pal;
    let units = Units::money(currency)?;
    let rows = series::rows(buckets.iter().map(|b| {
        (
            b.period,
            [
                units.value_of_minor(b.one_time_minor),
                units.value_of_minor(b.recurring_minor),
                -units.value_of_minor(b.refunds_minor).abs(),
            ],
        )
    }));
    let (Some(first), Some(last)) = (rows.first(), rows.last()) else {
        return Ok(());
    };
    let axis = TimeAxis::over(first.0, last.0, granularity);
    let (lo, hi) = series::stack_extent(&rows);
    let spec = PanelSpec {
        lo,
        hi: hi * 1.04,
        units,
        axis_title: format!("Given ({currency})"),
        title: panel_title.to_owned(),
        weight: 1.0,
    };
    let panels = axes::panels(canvas, area, &axis, &[spec])?;
    if let Some(panel) = panels.first() {
        if series::bars_fit(panel, &axis) {
            series::stacked_bars(
                canvas,
                panel,
                &axis,
                &rows,
                [pal.primary, pal.secondary, pal.negative],
            )?;
        } else {
            // Too many buckets for bars: areas for the gifts, refunds as bars below.
            let dense = series::dense(&axis, &rows);
            let gifts: Vec<(NaiveDate, [f64; 2])> =
                dense.iter().map(|(d, v)| (*d, [v[0], v[1]])).collect();
            series::stacked_areas(canvas, panel, &axis, &gifts, [pal.primary, pal.secondary])?;
            let refunds: Vec<(NaiveDate, [f64; 1])> =
                rows.iter().map(|(d, v)| (*d, [v[2]])).collect();
            series::stacked_bars(canvas, panel, &axis, &refunds, [pal.negative])?;
        }
        axes::zero_line(canvas, panel)?;
    }
    Ok(())
}

pub(crate) fn legend(pal: &super::theme::Palette) -> Vec<LegendItem> {
    vec![
        LegendItem::new("One-time", pal.primary, Key::Box),
        LegendItem::new("Recurring", pal.secondary, Key::Box),
        LegendItem::new("Refunds", pal.negative, Key::Box),
    ]
}

impl Chart for MonthlyData {
    fn draw<DB: DrawingBackend>(&self, canvas: &Canvas<DB>) -> Result<()> {
        let title = if self.title.trim().is_empty() {
            default_title(self.granularity)
        } else {
            self.title.clone()
        };
        let first = self.buckets.iter().map(|b| b.period).min();
        let last = self.buckets.iter().map(|b| b.period).max();
        let range = match (first, last) {
            (Some(f), Some(l)) => format!(
                "{} · ",
                axes::date_range(f, self.granularity.next(l).pred_opt().unwrap_or(l))
            ),
            _ => String::new(),
        };
        let subtitle = format!(
            "{range}amounts in {} · dates in {} · refunds below the axis",
            self.currency, canvas.time_zone
        );
        Units::money(&self.currency)?;
        if self.buckets.is_empty() {
            return canvas.no_data(
                &title,
                &subtitle,
                "No gifts have been recorded in this period.",
            );
        }
        let area = series::frame(canvas, &title, &subtitle, &legend(&canvas.pal))?;
        draw_bars(
            canvas,
            area,
            &self.currency,
            self.granularity,
            &self.buckets,
            "",
        )
    }
}
