//! Campaign progress: money raised so far (cumulative, by day) against the goal line over the
//! campaign window, a band from today to the goal date between a low and a high projection,
//! and a marker for today.
use chrono::NaiveDate;
use plotters::prelude::DrawingBackend;
use serde::{Deserialize, Serialize};

use super::axes::{self, PanelSpec, TimeAxis, Units};
use super::canvas::{Align, Canvas, Chart, Font, Key, LegendItem};
use super::series;
use super::{ChartKind, DatedAmount, Granularity};
use crate::error::Result;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProgressData {
    /// The campaign's name; empty gives "Campaign progress".
    pub title: String,
    /// ISO 4217 code of every amount.
    pub currency: String,
    /// Zero or less: no goal (no goal line, no projection to it).
    pub goal_minor: i64,
    pub window_start: NaiveDate,
    /// The goal date: the last day of the campaign.
    pub window_end: NaiveDate,
    /// Raised up to and including each day, in date order (gaps are drawn straight).
    pub cumulative: Vec<DatedAmount>,
    /// Today in the newsroom's zone; marked when within the chart.
    pub today: NaiveDate,
    pub projection: Option<Projection>,
}

/// Where the total may go from today to the goal date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Projection {
    /// From today's total, straight lines at a low and a high rate (minor units per day).
    Rates {
        low_per_day_minor: i64,
        high_per_day_minor: i64,
    },
    /// Explicit projected cumulative totals, each in date order.
    Points {
        low: Vec<DatedAmount>,
        high: Vec<DatedAmount>,
    },
}

super::render_fns!(ProgressData);

/// The projected lines as (date, cumulative minor) points, low and high.
type Lines = (Vec<(NaiveDate, f64)>, Vec<(NaiveDate, f64)>);

impl ProgressData {
    fn sorted(&self) -> Vec<DatedAmount> {
        let mut points = self.cumulative.clone();
        points.sort_by_key(|p| p.date);
        points
    }

    /// Raised on `date`: the last total on or before it (0 before the first).
    fn raised_on(points: &[DatedAmount], date: NaiveDate) -> i64 {
        points
            .iter()
            .take_while(|p| p.date <= date)
            .last()
            .map(|p| p.minor)
            .unwrap_or(0)
    }

    fn projection_lines(&self, points: &[DatedAmount]) -> Option<Lines> {
        match self.projection.as_ref()? {
            Projection::Rates {
                low_per_day_minor,
                high_per_day_minor,
            } => {
                if self.today >= self.window_end {
                    return None;
                }
                let base = Self::raised_on(points, self.today) as f64;
                let days = (self.window_end - self.today).num_days() as f64;
                let end = self.window_end;
                let (lo, hi) = (
                    (*low_per_day_minor).min(*high_per_day_minor) as f64,
                    (*low_per_day_minor).max(*high_per_day_minor) as f64,
                );
                Some((
                    vec![(self.today, base), (end, base + lo * days)],
                    vec![(self.today, base), (end, base + hi * days)],
                ))
            }
            Projection::Points { low, high } => {
                let line = |v: &Vec<DatedAmount>| {
                    let mut v: Vec<(NaiveDate, f64)> =
                        v.iter().map(|p| (p.date, p.minor as f64)).collect();
                    v.sort_by_key(|p| p.0);
                    v
                };
                let (low, high) = (line(low), line(high));
                (!low.is_empty() && !high.is_empty()).then_some((low, high))
            }
        }
    }

    /// The first day a projected line reaches the goal, if it does.
    fn reaches(line: &[(NaiveDate, f64)], goal: f64) -> Option<NaiveDate> {
        if let Some(first) = line.first() {
            if first.1 >= goal {
                return Some(first.0);
            }
        }
        line.windows(2).find_map(|w| {
            let ((d0, v0), (d1, v1)) = (w[0], w[1]);
            if v1 < goal || v1 <= v0 {
                return None;
            }
            let span = (d1 - d0).num_days() as f64;
            let t = ((goal - v0) / (v1 - v0) * span).ceil() as u64;
            d0.checked_add_days(chrono::Days::new(t))
        })
    }
}

impl Chart for ProgressData {
    fn draw<DB: DrawingBackend>(&self, canvas: &Canvas<DB>) -> Result<()> {
        let pal = canvas.pal;
        let units = Units::money(&self.currency)?;
        let title = if self.title.trim().is_empty() {
            ChartKind::Progress.default_title()
        } else {
            self.title.as_str()
        };
        let has_goal = self.goal_minor > 0;
        let (start, end) = (
            self.window_start.min(self.window_end),
            self.window_start.max(self.window_end),
        );
        let goal_text = if has_goal {
            format!(
                "goal {}",
                axes::money_short(self.goal_minor, &self.currency)?
            )
        } else {
            "no goal set".to_owned()
        };
        let subtitle = format!(
            "{} · {goal_text} · amounts in {} · dates in {}",
            axes::date_range(start, end),
            self.currency,
            canvas.time_zone
        );
        let points = self.sorted();
        if points.is_empty() {
            return canvas.no_data(
                title,
                &subtitle,
                "No gifts have been recorded for this campaign.",
            );
        }
        let projection = self.projection_lines(&points);
        let goal = units.value_of_minor(self.goal_minor);

        let mut legend = vec![LegendItem::new("Raised", pal.primary, Key::Line)];
        if has_goal {
            legend.push(LegendItem::new("Goal", pal.positive, Key::Dashed));
        }
        if let Some((low, high)) = &projection {
            let label = if has_goal {
                let (late, early) = (
                    Self::reaches(low, self.goal_minor as f64),
                    Self::reaches(high, self.goal_minor as f64),
                );
                match (early, late) {
                    (Some(e), Some(l)) if e == l => {
                        format!("Projection: goal on {}", axes::long_date(e))
                    }
                    (Some(e), Some(l)) => format!("Projection: goal {}", axes::date_range(e, l)),
                    (Some(e), None) => format!("Projection: goal from {}", axes::long_date(e)),
                    _ => format!("Projection: goal not reached by {}", axes::long_date(end)),
                }
            } else {
                "Projection".to_owned()
            };
            legend.push(LegendItem::new(label, pal.secondary, Key::Band));
        }
        let first = points.first().map(|p| p.date).unwrap_or(start);
        let last = points.last().map(|p| p.date).unwrap_or(end);
        let axis = TimeAxis::over(start.min(first), end.max(last), Granularity::Day);
        let today_shown = self.today >= axis.start && self.today < axis.end;
        if today_shown {
            legend.push(LegendItem::new("Today", pal.accent, Key::Dashed));
        }
        let area = series::frame(canvas, title, &subtitle, &legend)?;

        let values = points.iter().map(|p| units.value_of_minor(p.minor));
        let projected = projection
            .iter()
            .flat_map(|(l, h)| l.iter().chain(h.iter()))
            .map(|(_, v)| units.value_of(*v));
        let (lo, hi) = values
            .chain(projected)
            .chain(std::iter::once(if has_goal { goal } else { 0.0 }))
            .fold((0.0_f64, 0.0_f64), |(lo, hi), v| (lo.min(v), hi.max(v)));
        let spec = PanelSpec {
            lo,
            hi: hi * 1.06,
            units: units.clone(),
            axis_title: format!("Raised ({})", self.currency),
            title: String::new(),
            weight: 1.0,
        };
        let panels = axes::panels(canvas, area, &axis, &[spec])?;
        let Some(panel) = panels.first() else {
            return Ok(());
        };
        let plot = panel.plot;
        let stroke = canvas.stroke(2.0);

        // Projection band, under everything else.
        if let Some((low, high)) = &projection {
            let px =
                |(d, v): &(NaiveDate, f64)| (panel.x(axis.center(*d)), panel.y(units.value_of(*v)));
            let mut band: Vec<(i32, i32)> = high.iter().map(px).collect();
            band.extend(low.iter().rev().map(px));
            canvas.polygon(&band, pal.secondary, 0.25)?;
            canvas.polyline(&high.iter().map(px).collect::<Vec<_>>(), pal.secondary, 1)?;
            canvas.polyline(&low.iter().map(px).collect::<Vec<_>>(), pal.secondary, 1)?;
        }
        if has_goal {
            let y = panel.y(goal);
            canvas.dashed(
                (plot.left, y),
                (plot.right, y),
                pal.positive,
                stroke,
                canvas.stroke(8.0) as i32,
            )?;
            let label = format!(
                "Goal {}",
                axes::money_short(self.goal_minor, &self.currency)?
            );
            let label_y = y - canvas.small.line() - 2;
            canvas.label(
                &label,
                plot.right - 4,
                label_y.max(plot.top),
                canvas.small,
                pal.positive,
                Align::Right,
            )?;
        }
        if today_shown {
            let x = panel.x(axis.center(self.today));
            canvas.dashed(
                (x, plot.top),
                (x, plot.bottom),
                pal.accent,
                canvas.stroke(1.5),
                canvas.stroke(5.0) as i32,
            )?;
            let w = canvas.measure("Today", canvas.small)?;
            let (tx, align) = if x + w + 6 > plot.right {
                (x - 4, Align::Right)
            } else {
                (x + 4, Align::Left)
            };
            canvas.text("Today", tx, plot.top + 2, canvas.small, pal.accent, align)?;
        }
        let line: Vec<(f64, f64)> = points
            .iter()
            .map(|p| (axis.center(p.date), units.value_of_minor(p.minor)))
            .collect();
        series::area_under(canvas, panel, &line, pal.primary)?;
        series::line(canvas, panel, &line, pal.primary, stroke)?;
        if let Some(last) = points.last() {
            let (x, y) = (
                panel.x(axis.center(last.date)),
                panel.y(units.value_of_minor(last.minor)),
            );
            canvas.dot((x, y), (stroke as i32 + 2).max(3), pal.primary)?;
            let label = axes::money_short(last.minor, &self.currency)?;
            let w = canvas.measure(&label, canvas.body)?;
            // Above and to the left of the last point (the line rises from there and the
            // projection runs to the right), unless there is no room on the left.
            let (tx, align) = if x - w - 8 < plot.left {
                (x + 6, Align::Left)
            } else {
                (x - 6, Align::Right)
            };
            let ty = (y - canvas.body.line() - 4).max(plot.top);
            canvas.label(
                &label,
                tx,
                ty,
                Font {
                    bold: true,
                    ..canvas.body
                },
                pal.primary,
                align,
            )?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn projections_reach_the_goal_on_the_first_day_past_it() {
        let d = |m, day| NaiveDate::from_ymd_opt(2026, m, day).unwrap();
        let line = vec![(d(3, 1), 0.0), (d(3, 11), 100.0)];
        assert_eq!(ProgressData::reaches(&line, 55.0), Some(d(3, 7)));
        assert_eq!(ProgressData::reaches(&line, 100.0), Some(d(3, 11)));
        assert_eq!(ProgressData::reaches(&line, 101.0), None);
        assert_eq!(ProgressData::reaches(&line, -1.0), Some(d(3, 1)));
        let points = vec![
            DatedAmount {
                date: d(3, 2),
                minor: 10,
            },
            DatedAmount {
                date: d(3, 5),
                minor: 30,
            },
        ];
        assert_eq!(ProgressData::raised_on(&points, d(3, 1)), 0);
        assert_eq!(ProgressData::raised_on(&points, d(3, 4)), 10);
        assert_eq!(ProgressData::raised_on(&points, d(3, 9)), 30);
    }
}
