//! Reader support timeline: comments and donations per bucket in two panels, one above the
//! other on the same time axis, for a set of articles or the whole site.
use plotters::prelude::DrawingBackend;
use serde::{Deserialize, Serialize};

use super::axes::{self, PanelSpec, TimeAxis, Units};
use super::canvas::{Canvas, Chart, Key, LegendItem};
use super::{series, DatedAmount, DatedCount, Granularity};
use crate::error::Result;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimelineData {
    /// The articles the chart is about ("Articles tagged War"); None means the whole site.
    /// The title is "Reader support: <scope>".
    pub scope: Option<String>,
    pub currency: String,
    pub granularity: Granularity,
    /// Comments received per bucket.
    pub comments: Vec<DatedCount>,
    /// Money given per bucket, in minor units.
    pub donations: Vec<DatedAmount>,
}

super::render_fns!(TimelineData);

impl TimelineData {
    pub fn title(&self) -> String {
        match self.scope.as_deref().map(str::trim) {
            Some(scope) if !scope.is_empty() => format!("Reader support: {scope}"),
            _ => "Reader support: whole site".to_owned(),
        }
    }
}

impl Chart for TimelineData {
    fn draw<DB: DrawingBackend>(&self, canvas: &Canvas<DB>) -> Result<()> {
        let pal = canvas.pal;
        let units = Units::money(&self.currency)?;
        let title = self.title();
        let comments = series::rows(self.comments.iter().map(|c| (c.date, [c.count as f64])));
        let donations = series::rows(
            self.donations
                .iter()
                .map(|d| (d.date, [units.value_of_minor(d.minor)])),
        );
        let dates = comments.iter().chain(donations.iter()).map(|r| r.0);
        let (first, last) = (dates.clone().min(), dates.max());
        let range = match (first, last) {
            (Some(f), Some(l)) => format!(
                "{} · ",
                axes::date_range(f, self.granularity.next(l).pred_opt().unwrap_or(l))
            ),
            _ => String::new(),
        };
        let subtitle = format!(
            "Comments and donations {} · {range}amounts in {} · dates in {}",
            self.granularity.per(),
            self.currency,
            canvas.time_zone
        );
        let (Some(first), Some(last)) = (first, last) else {
            return canvas.no_data(
                &title,
                &subtitle,
                "No comments or donations in this period.",
            );
        };
        let legend = [
            LegendItem::new("Comments", pal.primary, Key::Box),
            LegendItem::new(
                format!("Donations ({})", self.currency),
                pal.positive,
                Key::Box,
            ),
        ];
        let area = series::frame(canvas, &title, &subtitle, &legend)?;
        let axis = TimeAxis::over(first, last, self.granularity);
        let (clo, chi) = series::stack_extent(&comments);
        let (dlo, dhi) = series::stack_extent(&donations);
        let specs = [
            PanelSpec {
                lo: clo,
                hi: chi * 1.05,
                units: Units::Count,
                axis_title: "Comments".to_owned(),
                title: format!("Comments {}", self.granularity.per()),
                weight: 1.0,
            },
            PanelSpec {
                lo: dlo,
                hi: dhi * 1.05,
                units,
                axis_title: format!("Given ({})", self.currency),
                title: format!("Donations {}", self.granularity.per()),
                weight: 1.0,
            },
        ];
        let panels = axes::panels(canvas, area, &axis, &specs)?;
        if let [top, bottom] = panels.as_slice() {
            for (panel, rows, color) in [
                (top, &comments, pal.primary),
                (bottom, &donations, pal.positive),
            ] {
                if series::bars_fit(panel, &axis) && rows.len() <= 120 {
                    series::stacked_bars(canvas, panel, &axis, rows, [color])?;
                } else {
                    let dense = series::dense(&axis, rows);
                    if dense.iter().any(|(_, v)| v[0] < 0.0) {
                        series::stacked_bars(canvas, panel, &axis, rows, [color])?;
                    } else {
                        series::stacked_areas(canvas, panel, &axis, &dense, [color])?;
                    }
                }
                axes::zero_line(canvas, panel)?;
            }
        }
        Ok(())
    }
}
