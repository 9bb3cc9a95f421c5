//! Recurring revenue: monthly recurring revenue (MRR) as a line on top, and recurring donors
//! who started and who cancelled in each bucket as bars in a second panel on the same time axis.
use chrono::NaiveDate;
use plotters::prelude::DrawingBackend;
use serde::{Deserialize, Serialize};

use super::axes::{self, PanelSpec, TimeAxis, Units};
use super::canvas::{Canvas, Chart, Key, LegendItem};
use super::{series, ChartKind, DatedAmount, Granularity};
use crate::error::Result;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MrrData {
    /// Empty gives "Recurring revenue".
    pub title: String,
    pub currency: String,
    /// The size of the buckets of both series.
    pub granularity: Granularity,
    /// MRR in minor units at each bucket.
    pub mrr: Vec<DatedAmount>,
    /// Recurring donors who started and who cancelled in each bucket.
    pub flows: Vec<RecurringFlow>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecurringFlow {
    /// The first day of the bucket.
    pub period: NaiveDate,
    pub new_donors: u64,
    pub cancelled_donors: u64,
}

super::render_fns!(MrrData);

impl Chart for MrrData {
    fn draw<DB: DrawingBackend>(&self, canvas: &Canvas<DB>) -> Result<()> {
        let pal = canvas.pal;
        let units = Units::money(&self.currency)?;
        let title = if self.title.trim().is_empty() {
            ChartKind::Mrr.default_title()
        } else {
            self.title.as_str()
        };
        let dates = self
            .mrr
            .iter()
            .map(|p| p.date)
            .chain(self.flows.iter().map(|f| f.period));
        let (first, last) = (dates.clone().min(), dates.max());
        let range = match (first, last) {
            (Some(f), Some(l)) => format!(
                "{} · ",
                axes::date_range(f, self.granularity.next(l).pred_opt().unwrap_or(l))
            ),
            _ => String::new(),
        };
        let subtitle = format!(
            "{range}amounts in {} · dates in {}",
            self.currency, canvas.time_zone
        );
        let (Some(first), Some(last)) = (first, last) else {
            return canvas.no_data(
                title,
                &subtitle,
                "No recurring gifts have been recorded yet.",
            );
        };
        let legend = [
            LegendItem::new("Monthly recurring revenue", pal.primary, Key::Line),
            LegendItem::new("New recurring donors", pal.positive, Key::Box),
            LegendItem::new("Cancelled", pal.negative, Key::Box),
        ];
        let area = series::frame(canvas, title, &subtitle, &legend)?;
        let axis = TimeAxis::over(first, last, self.granularity);

        let mut mrr = self.mrr.clone();
        mrr.sort_by_key(|p| p.date);
        let line: Vec<(f64, f64)> = mrr
            .iter()
            .map(|p| (axis.center(p.date), units.value_of_minor(p.minor)))
            .collect();
        let (lo, hi) = line.iter().fold((0.0_f64, 0.0_f64), |(lo, hi), (_, v)| {
            (lo.min(*v), hi.max(*v))
        });
        let flows = series::rows(
            self.flows
                .iter()
                .map(|f| (f.period, [f.new_donors as f64, f.cancelled_donors as f64])),
        );
        let (flo, fhi) = series::value_extent(&flows);
        let specs = [
            PanelSpec {
                lo,
                hi: hi * 1.05,
                units: units.clone(),
                axis_title: format!("MRR ({})", self.currency),
                title: "Monthly recurring revenue".to_owned(),
                weight: 0.6,
            },
            PanelSpec {
                lo: flo,
                hi: fhi * 1.05,
                units: Units::Count,
                axis_title: "Donors".to_owned(),
                title: "Recurring donors: new and cancelled".to_owned(),
                weight: 0.4,
            },
        ];
        let panels = axes::panels(canvas, area, &axis, &specs)?;
        if let [top, bottom] = panels.as_slice() {
            series::area_under(canvas, top, &line, pal.primary)?;
            series::line(canvas, top, &line, pal.primary, canvas.stroke(2.0))?;
            series::grouped_bars(canvas, bottom, &axis, &flows, [pal.positive, pal.negative])?;
            axes::zero_line(canvas, top)?;
        }
        Ok(())
    }
}
