//! Unique donors per bucket, new and returning stacked.
use chrono::NaiveDate;
use plotters::prelude::DrawingBackend;
use serde::{Deserialize, Serialize};

use super::axes::{self, PanelSpec, TimeAxis, Units};
use super::canvas::{Canvas, Chart, Key, LegendItem};
use super::{series, ChartKind, Granularity};
use crate::error::Result;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DonorsData {
    /// Empty gives "Donors over time".
    pub title: String,
    pub granularity: Granularity,
    pub buckets: Vec<DonorBucket>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DonorBucket {
    /// The first day of the bucket.
    pub period: NaiveDate,
    /// Donors whose first gift fell in this bucket.
    pub new_donors: u64,
    /// Donors who gave in this bucket and had given before.
    pub returning_donors: u64,
}

super::render_fns!(DonorsData);

impl Chart for DonorsData {
    fn draw<DB: DrawingBackend>(&self, canvas: &Canvas<DB>) -> Result<()> {
        let pal = canvas.pal;
        let title = if self.title.trim().is_empty() {
            ChartKind::Donors.default_title()
        } else {
            self.title.as_str()
        };
        let rows = series::rows(
            self.buckets
                .iter()
                .map(|b| (b.period, [b.returning_donors as f64, b.new_donors as f64])),
        );
        let range = match (rows.first(), rows.last()) {
            (Some(f), Some(l)) => format!(
                "{} · ",
                axes::date_range(f.0, self.granularity.next(l.0).pred_opt().unwrap_or(l.0))
            ),
            _ => String::new(),
        };
        let subtitle = format!(
            "Unique donors {} · {range}dates in {}",
            self.granularity.per(),
            canvas.time_zone
        );
        let (Some(first), Some(last)) = (rows.first(), rows.last()) else {
            return canvas.no_data(title, &subtitle, "No donors have given yet.");
        };
        let legend = [
            LegendItem::new("Returning donors", pal.primary, Key::Box),
            LegendItem::new("New donors", pal.secondary, Key::Box),
        ];
        let area = series::frame(canvas, title, &subtitle, &legend)?;
        let axis = TimeAxis::over(first.0, last.0, self.granularity);
        let (lo, hi) = series::stack_extent(&rows);
        let spec = PanelSpec {
            lo,
            hi: hi * 1.05,
            units: Units::Count,
            axis_title: "Donors".to_owned(),
            title: String::new(),
            weight: 1.0,
        };
        let panels = axes::panels(canvas, area, &axis, &[spec])?;
        if let Some(panel) = panels.first() {
            let colors = [pal.primary, pal.secondary];
            if series::bars_fit(panel, &axis) {
                series::stacked_bars(canvas, panel, &axis, &rows, colors)?;
            } else {
                series::stacked_areas(canvas, panel, &axis, &series::dense(&axis, &rows), colors)?;
            }
        }
        Ok(())
    }
}
