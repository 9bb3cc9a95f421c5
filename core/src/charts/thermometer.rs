//! The thermometer: one progress bar with the amount raised, the goal, the percentage (past
//! 100% the bar runs on past the goal mark) and the sentence editors use ("We are now $5,000
//! short of our goal"). With no goal it shows what was raised and no bar.
use chrono::NaiveDate;
use plotters::prelude::DrawingBackend;
use serde::{Deserialize, Serialize};

use super::axes;
use super::canvas::{Align, Canvas, Chart, Font, Rect};
use super::ChartKind;
use crate::error::Result;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThermometerData {
    /// The campaign's name; empty gives "Campaign goal".
    pub title: String,
    pub currency: String,
    pub raised_minor: i64,
    /// Zero or less: no goal.
    pub goal_minor: i64,
    /// The sentence under the bar; None writes it from the amounts, in the words of
    /// `fundraising::campaigns` ("We are now $5,000 short of our goal", "We are $1,200 over
    /// our goal").
    pub sentence: Option<String>,
    /// The day the amounts are as of (in the newsroom's zone), printed in the subtitle.
    pub as_of: Option<NaiveDate>,
}

super::render_fns!(ThermometerData);

/// "90.0%", "-3.5%"; None without a goal.
pub(crate) fn percent(raised_minor: i64, goal_minor: i64) -> Option<String> {
    if goal_minor <= 0 {
        return None;
    }
    let permille = i128::from(raised_minor) * 1000 / i128::from(goal_minor);
    Some(crate::fundraising::campaigns::percent_text(Some(
        i64::try_from(permille).unwrap_or(i64::MAX),
    )))
}

/// The sentence `fundraising::campaigns` writes for these amounts (the same function).
pub(crate) fn sentence(raised_minor: i64, goal_minor: i64, currency: &str) -> Result<String> {
    crate::fundraising::campaigns::sentence(goal_minor.max(0), raised_minor, currency)
}

/// The block (amounts, bar, sentence) the thermometer and the newsletter summary share.
pub(crate) struct Progress<'a> {
    pub raised_minor: i64,
    pub goal_minor: i64,
    pub currency: &'a str,
    pub sentence: Option<&'a str>,
}

impl Progress<'_> {
    fn fonts<DB: DrawingBackend>(canvas: &Canvas<DB>, scale: f64) -> (Font, Font, Font) {
        let big = Font {
            size: canvas.title.size * 1.5 * scale,
            bold: true,
        };
        let body = canvas.body.scaled(scale.max(0.8));
        let line = Font {
            size: canvas.body.size * 1.15 * scale.max(0.8),
            bold: true,
        };
        (big, body, line)
    }

    /// The block's height in `width` pixels at text `scale`.
    pub fn height<DB: DrawingBackend>(&self, canvas: &Canvas<DB>, scale: f64) -> i32 {
        let (big, body, line) = Self::fonts(canvas, scale);
        let gap = canvas.pad / 2;
        let bar = if self.goal_minor > 0 {
            let bar_h = Self::bar_height(canvas, scale);
            bar_h + (bar_h / 4).max(3) + Self::small(canvas, scale).line() + gap
        } else {
            0
        };
        big.line() + body.line() + gap + bar + line.line()
    }

    /// The labels under the bar.
    fn small<DB: DrawingBackend>(canvas: &Canvas<DB>, scale: f64) -> Font {
        canvas.small.scaled(scale.clamp(1.0, 1.5))
    }

    fn bar_height<DB: DrawingBackend>(canvas: &Canvas<DB>, scale: f64) -> i32 {
        (canvas.body.size * 2.2 * scale).round() as i32
    }

    /// Draws the block from `rect.top`; returns the y below it.
    pub fn draw<DB: DrawingBackend>(
        &self,
        canvas: &Canvas<DB>,
        rect: Rect,
        scale: f64,
    ) -> Result<i32> {
        let pal = canvas.pal;
        let (big, body, line_font) = Self::fonts(canvas, scale);
        let gap = canvas.pad / 2;
        let width = rect.width();
        let mut y = rect.top;

        let raised = axes::money_short(self.raised_minor, self.currency)?;
        let percent = percent(self.raised_minor, self.goal_minor);
        let percent_w = match &percent {
            Some(p) => canvas.measure(p, big)?,
            None => 0,
        };
        canvas.text_fit(
            &raised,
            rect.left,
            y,
            width - percent_w - canvas.pad,
            big,
            0.6,
            pal.text,
            Align::Left,
        )?;
        if let Some(p) = &percent {
            canvas.text(p, rect.right, y, big, pal.primary, Align::Right)?;
        }
        y += big.line();
        let caption = if self.goal_minor > 0 {
            format!(
                "raised of {} goal",
                axes::money_short(self.goal_minor, self.currency)?
            )
        } else {
            "raised".to_owned()
        };
        canvas.text_fit(
            &caption,
            rect.left,
            y,
            width,
            body,
            0.8,
            pal.muted,
            Align::Left,
        )?;
        y += body.line() + gap;

        if self.goal_minor > 0 {
            let bar_h = Self::bar_height(canvas, scale);
            let goal = self.goal_minor as f64;
            let raised_v = self.raised_minor.max(0) as f64;
            let full = goal.max(raised_v);
            let at =
                |v: f64| rect.left + ((v / full).clamp(0.0, 1.0) * f64::from(width)).round() as i32;
            canvas.fill_rect(rect.left, y, rect.right, y + bar_h, pal.track)?;
            let goal_x = at(goal);
            if raised_v > 0.0 {
                canvas.fill_rect(rect.left, y, at(raised_v.min(goal)), y + bar_h, pal.primary)?;
                if raised_v > goal {
                    canvas.fill_rect(goal_x, y, at(raised_v), y + bar_h, pal.positive)?;
                }
            }
            let tick = (bar_h / 4).max(3);
            canvas.fill_rect(goal_x - 1, y - tick, goal_x + 1, y + bar_h + tick, pal.text)?;
            y += bar_h + tick;
            let small = Self::small(canvas, scale);
            canvas.text(
                &axes::money_short(0, self.currency)?,
                rect.left,
                y,
                small,
                pal.muted,
                Align::Left,
            )?;
            let goal_label = format!(
                "Goal {}",
                axes::money_short(self.goal_minor, self.currency)?
            );
            let goal_w = canvas.measure(&goal_label, small)?;
            let (gx, align) = if goal_x + goal_w / 2 > rect.right {
                (rect.right, Align::Right)
            } else {
                (goal_x, Align::Center)
            };
            canvas.text(&goal_label, gx, y, small, pal.text, align)?;
            y += small.line() + gap;
        }

        let text = match self.sentence {
            Some(s) if !s.trim().is_empty() => s.to_owned(),
            _ => sentence(self.raised_minor, self.goal_minor, self.currency)?,
        };
        canvas.text_fit(
            &text,
            rect.left,
            y,
            width,
            line_font,
            0.7,
            pal.text,
            Align::Left,
        )?;
        Ok(y + line_font.line())
    }
}

impl Chart for ThermometerData {
    fn draw<DB: DrawingBackend>(&self, canvas: &Canvas<DB>) -> Result<()> {
        let title = if self.title.trim().is_empty() {
            ChartKind::Thermometer.default_title()
        } else {
            self.title.as_str()
        };
        let subtitle = match self.as_of {
            Some(day) => format!(
                "As of {} ({}) · amounts in {}",
                axes::long_date(day),
                canvas.time_zone,
                self.currency
            ),
            None => format!(
                "Amounts in {} · time zone {}",
                self.currency, canvas.time_zone
            ),
        };
        let top = canvas.header(title, &subtitle)?;
        let block = Progress {
            raised_minor: self.raised_minor,
            goal_minor: self.goal_minor,
            currency: &self.currency,
            sentence: self.sentence.as_deref(),
        };
        let side = (canvas.pad * 2).max(canvas.width / 12);
        let room = canvas.height - top - canvas.pad;
        // As large as fits in most of the room, with a wide image not letting it grow past
        // what the width carries.
        let mut scale: f64 = 2.0_f64.min(f64::from(canvas.width) / f64::from(canvas.height) * 1.1);
        while scale > 0.6 && f64::from(block.height(canvas, scale)) > f64::from(room) * 0.8 {
            scale -= 0.1;
        }
        let h = block.height(canvas, scale);
        let y = top + ((room - h) / 2).max(canvas.pad / 2);
        block.draw(
            canvas,
            Rect {
                left: side,
                top: y,
                right: canvas.width - side,
                bottom: y + h,
            },
            scale,
        )?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_and_sentence_match_the_campaign_summary() {
        assert_eq!(percent(4_500_000, 5_000_000).as_deref(), Some("90.0%"));
        assert_eq!(percent(6_250_000, 5_000_000).as_deref(), Some("125.0%"));
        assert_eq!(percent(-500, 10_000).as_deref(), Some("-5.0%"));
        assert_eq!(percent(100, 0), None);
        assert_eq!(
            sentence(4_500_000, 5_000_000, "USD").unwrap(),
            "We are now $5,000 short of our goal"
        );
        assert_eq!(
            sentence(5_120_000, 5_000_000, "USD").unwrap(),
            "We are $1,200 over our goal"
        );
        assert_eq!(
            sentence(5_000_000, 5_000_000, "USD").unwrap(),
            "We have reached our goal"
        );
        assert_eq!(
            sentence(700, 0, "EUR").unwrap(),
            "€7 raised; this campaign has no goal set"
        );
        assert!(sentence(i64::MIN, i64::MAX, "USD").is_err());
    }
}
