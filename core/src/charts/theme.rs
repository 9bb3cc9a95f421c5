//! Light and dark themes. Series colours come from the Okabe–Ito palette, which stays
//! distinguishable with the common colour-vision deficiencies; the heatmap uses one hue (blue)
//! from light to dark, which reads the same way.
use std::fmt;
use std::str::FromStr;

use plotters::style::RGBColor;
use serde::{Deserialize, Serialize};

use crate::error::{CoreError, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Theme {
    #[default]
    Light,
    Dark,
}

impl Theme {
    pub fn as_str(self) -> &'static str {
        match self {
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }
}

impl fmt::Display for Theme {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Theme {
    type Err = CoreError;
    fn from_str(text: &str) -> Result<Self> {
        match text {
            "light" => Ok(Theme::Light),
            "dark" => Ok(Theme::Dark),
            _ => Err(CoreError::invalid(
                "theme",
                format!("{text:?} is not a theme; choose light or dark"),
            )),
        }
    }
}

// Okabe–Ito.
pub(crate) const ORANGE: RGBColor = RGBColor(230, 159, 0);
pub(crate) const SKY_BLUE: RGBColor = RGBColor(86, 180, 233);
pub(crate) const GREEN: RGBColor = RGBColor(0, 158, 115);
pub(crate) const BLUE: RGBColor = RGBColor(0, 114, 178);
pub(crate) const VERMILLION: RGBColor = RGBColor(213, 94, 0);
pub(crate) const PURPLE: RGBColor = RGBColor(204, 121, 167);

/// The colours one chart is drawn with.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Palette {
    pub background: RGBColor,
    pub text: RGBColor,
    pub muted: RGBColor,
    pub grid: RGBColor,
    pub axis: RGBColor,
    /// The empty part of a progress bar.
    pub track: RGBColor,
    /// The main series: raised, one-time gifts, MRR, returning donors, comments.
    pub primary: RGBColor,
    /// The second series: recurring gifts, new donors, the projection band, pending comments.
    pub secondary: RGBColor,
    /// Goals, new recurring donors, approved comments, donations on the timeline.
    pub positive: RGBColor,
    /// Refunds, cancellations, rejected comments.
    pub negative: RGBColor,
    /// The today marker, spam.
    pub accent: RGBColor,
    /// Heatmap: no gifts, then four steps up.
    pub heat: [RGBColor; 5],
}

impl Palette {
    pub fn of(theme: Theme) -> Palette {
        match theme {
            Theme::Light => Palette {
                background: RGBColor(255, 255, 255),
                text: RGBColor(31, 35, 40),
                muted: RGBColor(87, 96, 106),
                grid: RGBColor(228, 231, 235),
                axis: RGBColor(140, 149, 159),
                track: RGBColor(228, 231, 235),
                primary: BLUE,
                secondary: ORANGE,
                positive: GREEN,
                negative: VERMILLION,
                accent: PURPLE,
                heat: [
                    RGBColor(235, 237, 240),
                    RGBColor(198, 219, 239),
                    RGBColor(107, 174, 214),
                    RGBColor(33, 113, 181),
                    RGBColor(8, 48, 107),
                ],
            },
            Theme::Dark => Palette {
                background: RGBColor(22, 27, 34),
                text: RGBColor(230, 237, 243),
                muted: RGBColor(157, 167, 179),
                grid: RGBColor(48, 54, 61),
                axis: RGBColor(110, 118, 129),
                track: RGBColor(48, 54, 61),
                primary: SKY_BLUE,
                secondary: ORANGE,
                positive: GREEN,
                negative: VERMILLION,
                accent: PURPLE,
                heat: [
                    RGBColor(40, 46, 54),
                    RGBColor(12, 68, 110),
                    RGBColor(25, 113, 181),
                    RGBColor(76, 163, 227),
                    RGBColor(176, 220, 248),
                ],
            },
        }
    }
}

/// "#RRGGBB", as the SVG backend writes colours.
#[cfg(test)]
pub(crate) fn hex(color: RGBColor) -> String {
    format!("#{:02X}{:02X}{:02X}", color.0, color.1, color.2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn themes_parse_and_print() {
        assert_eq!("dark".parse::<Theme>().unwrap(), Theme::Dark);
        assert_eq!(Theme::Light.to_string(), "light");
        assert!("blue".parse::<Theme>().is_err());
        assert_eq!(hex(BLUE), "#0072B2");
    }
}
