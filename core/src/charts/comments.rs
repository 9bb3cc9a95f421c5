//! Comments per bucket by moderation status, stacked (bars, or areas when there are too many
//! buckets for bars).
use chrono::NaiveDate;
use plotters::prelude::DrawingBackend;
use serde::{Deserialize, Serialize};

use super::axes::{self, PanelSpec, TimeAxis, Units};
use super::canvas::{Canvas, Chart, Key, LegendItem};
use super::{series, ChartKind, Granularity};
use crate::error::Result;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommentsData {
    /// Empty gives "Comments by status".
    pub title: String,
    pub granularity: Granularity,
    pub buckets: Vec<CommentBucket>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommentBucket {
    /// The first day of the bucket.
    pub period: NaiveDate,
    pub approved: u64,
    pub pending: u64,
    pub rejected: u64,
    pub spam: u64,
}

super::render_fns!(CommentsData);

impl Chart for CommentsData {
    fn draw<DB: DrawingBackend>(&self, canvas: &Canvas<DB>) -> Result<()> {
        let pal = canvas.pal;
        let title = if self.title.trim().is_empty() {
            ChartKind::Comments.default_title()
        } else {
            self.title.as_str()
        };
        let rows = series::rows(self.buckets.iter().map(|b| {
            (
                b.period,
                [
                    b.approved as f64,
                    b.pending as f64,
                    b.rejected as f64,
                    b.spam as f64,
                ],
            )
        }));
        let range = match (rows.first(), rows.last()) {
            (Some(f), Some(l)) => format!(
                "{} · ",
                axes::date_range(f.0, self.granularity.next(l.0).pred_opt().unwrap_or(l.0))
            ),
            _ => String::new(),
        };
        let subtitle = format!(
            "Comments {} · {range}dates in {}",
            self.granularity.per(),
            canvas.time_zone
        );
        let (Some(first), Some(last)) = (rows.first(), rows.last()) else {
            return canvas.no_data(title, &subtitle, "No comments have arrived yet.");
        };
        let colors = [pal.positive, pal.secondary, pal.negative, pal.accent];
        let legend = [
            LegendItem::new("Approved", colors[0], Key::Box),
            LegendItem::new("Pending", colors[1], Key::Box),
            LegendItem::new("Rejected", colors[2], Key::Box),
            LegendItem::new("Spam", colors[3], Key::Box),
        ];
        let area = series::frame(canvas, title, &subtitle, &legend)?;
        let axis = TimeAxis::over(first.0, last.0, self.granularity);
        let (lo, hi) = series::stack_extent(&rows);
        let spec = PanelSpec {
            lo,
            hi: hi * 1.05,
            units: Units::Count,
            axis_title: "Comments".to_owned(),
            title: String::new(),
            weight: 1.0,
        };
        let panels = axes::panels(canvas, area, &axis, &[spec])?;
        if let Some(panel) = panels.first() {
            if series::bars_fit(panel, &axis) && rows.len() <= 120 {
                series::stacked_bars(canvas, panel, &axis, &rows, colors)?;
            } else {
                series::stacked_areas(canvas, panel, &axis, &series::dense(&axis, &rows), colors)?;
            }
        }
        Ok(())
    }
}
