//! The one-page summary for a newsletter: the campaign's name, its progress bar and sentence,
//! key numbers as label/value pairs, and a small chart of money given per month.
use chrono::NaiveDate;
use plotters::prelude::DrawingBackend;
use serde::{Deserialize, Serialize};

use super::axes;
use super::canvas::{Align, Canvas, Chart, Font, Rect};
use super::monthly::{self, RevenueBucket};
use super::thermometer::Progress;
use super::Granularity;
use crate::error::Result;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SummaryData {
    pub campaign_name: String,
    pub currency: String,
    pub raised_minor: i64,
    /// Zero or less: no goal (no bar, no percentage).
    pub goal_minor: i64,
    /// As for the thermometer: None writes the sentence from the amounts.
    pub sentence: Option<String>,
    pub as_of: Option<NaiveDate>,
    /// Shown as cards in this order, e.g. ("Donors", "214"), ("Average gift", "$42").
    pub key_numbers: Vec<KeyNumber>,
    /// The buckets of the small chart (usually months).
    pub granularity: Granularity,
    pub monthly: Vec<RevenueBucket>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyNumber {
    pub label: String,
    pub value: String,
}

impl KeyNumber {
    pub fn new(label: impl Into<String>, value: impl Into<String>) -> Self {
        KeyNumber {
            label: label.into(),
            value: value.into(),
        }
    }
}

super::render_fns!(SummaryData);

impl Chart for SummaryData {
    fn draw<DB: DrawingBackend>(&self, canvas: &Canvas<DB>) -> Result<()> {
        let pal = canvas.pal;
        axes::Units::money(&self.currency)?;
        let title = if self.campaign_name.trim().is_empty() {
            "Campaign summary"
        } else {
            self.campaign_name.as_str()
        };
        let as_of = match self.as_of {
            Some(day) => format!("As of {} · ", axes::long_date(day)),
            None => String::new(),
        };
        let subtitle = format!(
            "{as_of}amounts in {} · dates in {}",
            self.currency, canvas.time_zone
        );
        let top = canvas.header(title, &subtitle)? + canvas.pad;
        let (left, right) = (canvas.pad * 2, canvas.width - canvas.pad * 2);
        let width = right - left;
        let room = canvas.height - top - canvas.pad / 2;

        let block = Progress {
            raised_minor: self.raised_minor,
            goal_minor: self.goal_minor,
            currency: &self.currency,
            sentence: self.sentence.as_deref(),
        };
        let per_row = self
            .key_numbers
            .len()
            .clamp(1, if width < 600 { 2 } else { 4 });
        let card_rows = self.key_numbers.len().div_ceil(per_row) as i32;
        let cards = |scale: f64| {
            let value = Font {
                size: canvas.title.size * 1.1 * scale,
                bold: true,
            };
            (value, value.line() + canvas.small.line() + canvas.pad)
        };
        let heading = Font {
            bold: true,
            ..canvas.body
        };
        // Heading, legend, x labels and a plot at least four value labels high.
        let chart_min = canvas.body.line() * 12;
        let chart_wanted = !self.monthly.is_empty();
        // The largest text that leaves room for a chart (or, failing that, just fits).
        let needed = |scale: f64, chart: bool| {
            block.height(canvas, scale)
                + canvas.pad
                + cards(scale).1 * card_rows
                + if chart { canvas.pad + chart_min } else { 0 }
        };
        let mut scale = 1.4;
        while scale > 0.7 && needed(scale, chart_wanted) > room {
            scale -= 0.1;
        }
        let chart_fits = chart_wanted && needed(scale, true) <= room;
        if !chart_fits {
            while scale > 0.6 && needed(scale, false) > room {
                scale -= 0.1;
            }
        }
        // A chart no taller than wide; what is left over spaces the blocks out.
        let fixed = needed(scale, false);
        let chart_h = if chart_fits {
            (room - fixed - canvas.pad)
                .min(width * 4 / 5)
                .max(chart_min)
        } else {
            0
        };
        let spare = (room - fixed - chart_h - if chart_fits { canvas.pad } else { 0 }).max(0);
        let gap = canvas.pad + spare / 3;

        let mut y = top + spare / 6;
        let h = block.height(canvas, scale);
        y = block.draw(
            canvas,
            Rect {
                left,
                top: y,
                right,
                bottom: y + h,
            },
            scale,
        )? + gap;

        // Key numbers: cards of value over label, up to four a row.
        if !self.key_numbers.is_empty() {
            let (value_font, card_h) = cards(scale);
            let label_font = canvas.small;
            let column = width / per_row as i32;
            for (index, key) in self.key_numbers.iter().enumerate() {
                let (row, col) = (index / per_row, index % per_row);
                let x = left + column * col as i32;
                let card_top = y + card_h * row as i32;
                canvas.fill_rect(
                    x,
                    card_top,
                    x + 3,
                    card_top + card_h - canvas.pad / 2,
                    pal.primary,
                )?;
                let inner = column - canvas.pad * 2;
                canvas.text_fit(
                    &key.value,
                    x + canvas.pad,
                    card_top,
                    inner,
                    value_font,
                    0.6,
                    pal.text,
                    Align::Left,
                )?;
                canvas.text_fit(
                    &key.label,
                    x + canvas.pad,
                    card_top + value_font.line(),
                    inner,
                    label_font,
                    0.8,
                    pal.muted,
                    Align::Left,
                )?;
            }
            y += card_h * card_rows + gap;
        }

        // The small monthly chart, when there is room for one.
        if chart_fits {
            let heading_text = monthly::default_title(self.granularity);
            canvas.text_fit(
                &heading_text,
                left,
                y,
                width,
                heading,
                0.8,
                pal.text,
                Align::Left,
            )?;
            let legend_y = canvas.legend(
                &monthly::legend(&pal),
                left,
                y + heading.line() + canvas.pad / 3,
                width,
            )?;
            let area = Rect {
                left,
                top: legend_y + canvas.pad / 2,
                right,
                bottom: (y + chart_h).min(canvas.height - canvas.pad / 2),
            };
            monthly::draw_bars(
                canvas,
                area,
                &self.currency,
                self.granularity,
                &self.monthly,
                "",
            )?;
        }
        Ok(())
    }
}
