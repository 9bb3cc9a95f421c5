//! Charts: pure functions from plain data to an SVG string or PNG bytes, drawn with plotters on
//! fonts embedded in the binary (no system font library). The caller queries and buckets the
//! data; each chart module takes its own data struct and [`Options`] and returns the image.
//!
//! Every chart has a title, a subtitle stating the currency and the time zone its dates are in,
//! labelled axes and a legend where it has more than one series. Tick density follows the pixel
//! width, so labels never overlap, from 480×270 up. Empty data gives a "No data yet" image.
//! Nothing here panics on data: plotters' errors come back as [`CoreError::Invalid`] with the
//! field `chart`.
mod axes;
mod canvas;
mod fonts;
mod series;
mod theme;

pub mod comments;
pub mod donors;
pub mod heatmap;
pub mod monthly;
pub mod mrr;
pub mod progress;
pub mod samples;
pub mod source;
pub mod summary;
pub mod thermometer;
pub mod timeline;

use std::fmt;
use std::str::FromStr;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::error::{CoreError, Result};

pub use comments::{CommentBucket, CommentsData};
pub use donors::{DonorBucket, DonorsData};
pub use heatmap::HeatmapData;
pub use monthly::{MonthlyData, RevenueBucket};
pub use mrr::{MrrData, RecurringFlow};
pub use progress::{ProgressData, Projection};
pub use summary::{KeyNumber, SummaryData};
pub use theme::Theme;
pub use thermometer::ThermometerData;
pub use timeline::TimelineData;

/// The smallest and largest images drawn, in pixels on each side.
pub const MIN_WIDTH: u32 = 240;
pub const MIN_HEIGHT: u32 = 135;
pub const MAX_SIDE: u32 = 8192;

/// How an image is drawn: its pixel size, light or dark, and the time zone its dates are in
/// (printed on the chart; the dates themselves arrive already in that zone).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Options {
    pub width: u32,
    pub height: u32,
    pub theme: Theme,
    /// An IANA name such as "Europe/Kyiv", printed as given.
    pub time_zone: String,
}

impl Options {
    pub fn new(width: u32, height: u32, theme: Theme, time_zone: impl Into<String>) -> Self {
        Options {
            width,
            height,
            theme,
            time_zone: time_zone.into(),
        }
    }

    pub fn sized(size: Size, theme: Theme, time_zone: impl Into<String>) -> Self {
        let (width, height) = size.dimensions();
        Options::new(width, height, theme, time_zone)
    }

    /// Refuses sizes outside MIN_WIDTH×MIN_HEIGHT ..= MAX_SIDE×MAX_SIDE.
    pub fn validate(&self) -> Result<()> {
        if self.width < MIN_WIDTH
            || self.height < MIN_HEIGHT
            || self.width > MAX_SIDE
            || self.height > MAX_SIDE
        {
            return Err(CoreError::invalid(
                "size",
                format!(
                    "{}×{} is outside the sizes charts are drawn at ({MIN_WIDTH}×{MIN_HEIGHT} to {MAX_SIDE}×{MAX_SIDE})",
                    self.width, self.height
                ),
            ));
        }
        Ok(())
    }
}

impl Default for Options {
    fn default() -> Self {
        Options::sized(Size::Medium, Theme::Light, "UTC")
    }
}

/// Named image sizes (16:9).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Size {
    /// 480×270
    Thumbnail,
    /// 640×360
    Small,
    /// 1280×720
    Medium,
    /// 1600×900
    Large,
}

impl Size {
    pub fn dimensions(self) -> (u32, u32) {
        match self {
            Size::Thumbnail => (480, 270),
            Size::Small => (640, 360),
            Size::Medium => (1280, 720),
            Size::Large => (1600, 900),
        }
    }
}

/// How long each bucket of a series is. Bucket dates are the first day of their bucket
/// (a week starts on whatever day the caller's buckets start on).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Granularity {
    Day,
    Week,
    Month,
    Year,
}

impl Granularity {
    pub fn as_str(self) -> &'static str {
        match self {
            Granularity::Day => "day",
            Granularity::Week => "week",
            Granularity::Month => "month",
            Granularity::Year => "year",
        }
    }

    /// "Date", "Week", "Month", "Year": the x axis title.
    pub(crate) fn axis_title(self) -> &'static str {
        match self {
            Granularity::Day => "Date",
            Granularity::Week => "Week",
            Granularity::Month => "Month",
            Granularity::Year => "Year",
        }
    }

    /// "per day", "per week", ...
    pub(crate) fn per(self) -> &'static str {
        match self {
            Granularity::Day => "per day",
            Granularity::Week => "per week",
            Granularity::Month => "per month",
            Granularity::Year => "per year",
        }
    }

    /// The first day after the bucket that starts on `start`.
    pub(crate) fn next(self, start: NaiveDate) -> NaiveDate {
        let next = match self {
            Granularity::Day => start.checked_add_days(chrono::Days::new(1)),
            Granularity::Week => start.checked_add_days(chrono::Days::new(7)),
            Granularity::Month => start.checked_add_months(chrono::Months::new(1)),
            Granularity::Year => start.checked_add_months(chrono::Months::new(12)),
        };
        next.unwrap_or(NaiveDate::MAX)
    }
}

impl FromStr for Granularity {
    type Err = CoreError;
    fn from_str(text: &str) -> Result<Self> {
        match text {
            "day" => Ok(Granularity::Day),
            "week" => Ok(Granularity::Week),
            "month" => Ok(Granularity::Month),
            "year" => Ok(Granularity::Year),
            other => Err(CoreError::invalid(
                "granularity",
                format!("{other:?} is not one of day, week, month, year"),
            )),
        }
    }
}

/// An amount of money on a day (or in the bucket starting that day), in minor units of the
/// chart's currency.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DatedAmount {
    pub date: NaiveDate,
    pub minor: i64,
}

/// A count on a day (or in the bucket starting that day).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DatedCount {
    pub date: NaiveDate,
    pub count: u64,
}

/// The charts the CLI and the window ask for by name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChartKind {
    Progress,
    Thermometer,
    Monthly,
    Mrr,
    Donors,
    Heatmap,
    Comments,
    Timeline,
}

impl ChartKind {
    pub const ALL: [ChartKind; 8] = [
        ChartKind::Progress,
        ChartKind::Thermometer,
        ChartKind::Monthly,
        ChartKind::Mrr,
        ChartKind::Donors,
        ChartKind::Heatmap,
        ChartKind::Comments,
        ChartKind::Timeline,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ChartKind::Progress => "progress",
            ChartKind::Thermometer => "thermometer",
            ChartKind::Monthly => "monthly",
            ChartKind::Mrr => "mrr",
            ChartKind::Donors => "donors",
            ChartKind::Heatmap => "heatmap",
            ChartKind::Comments => "comments",
            ChartKind::Timeline => "timeline",
        }
    }

    /// The title a chart of this kind gets when its data has none.
    pub fn default_title(self) -> &'static str {
        match self {
            ChartKind::Progress => "Campaign progress",
            ChartKind::Thermometer => "Campaign goal",
            ChartKind::Monthly => "Donations by month",
            ChartKind::Mrr => "Recurring revenue",
            ChartKind::Donors => "Donors over time",
            ChartKind::Heatmap => "Gifts per day",
            ChartKind::Comments => "Comments by status",
            ChartKind::Timeline => "Reader support",
        }
    }
}

impl fmt::Display for ChartKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for ChartKind {
    type Err = CoreError;
    fn from_str(text: &str) -> Result<Self> {
        ChartKind::ALL
            .into_iter()
            .find(|kind| kind.as_str() == text)
            .ok_or_else(|| {
                let names: Vec<&str> = ChartKind::ALL.iter().map(|k| k.as_str()).collect();
                CoreError::invalid(
                    "chart",
                    format!(
                        "{text:?} is not a chart; choose one of {}",
                        names.join(", ")
                    ),
                )
            })
    }
}

/// SVG text or PNG bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    Svg,
    Png,
}

impl Format {
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Svg => "svg",
            Format::Png => "png",
        }
    }

    pub fn mime_type(self) -> &'static str {
        match self {
            Format::Svg => "image/svg+xml",
            Format::Png => "image/png",
        }
    }
}

impl FromStr for Format {
    type Err = CoreError;
    fn from_str(text: &str) -> Result<Self> {
        match text.to_ascii_lowercase().as_str() {
            "svg" => Ok(Format::Svg),
            "png" => Ok(Format::Png),
            _ => Err(CoreError::invalid(
                "format",
                format!("{text:?} is not an image format; choose svg or png"),
            )),
        }
    }
}

/// A drawn image.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Output {
    Svg(String),
    Png(Vec<u8>),
}

impl Output {
    pub fn format(&self) -> Format {
        match self {
            Output::Svg(_) => Format::Svg,
            Output::Png(_) => Format::Png,
        }
    }

    /// The file's bytes (UTF-8 for SVG).
    pub fn as_bytes(&self) -> &[u8] {
        match self {
            Output::Svg(text) => text.as_bytes(),
            Output::Png(bytes) => bytes,
        }
    }

    pub fn into_bytes(self) -> Vec<u8> {
        match self {
            Output::Svg(text) => text.into_bytes(),
            Output::Png(bytes) => bytes,
        }
    }
}

/// Any chart's data, for callers that pick the chart by name.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ChartData {
    Progress(ProgressData),
    Thermometer(ThermometerData),
    Monthly(MonthlyData),
    Mrr(MrrData),
    Donors(DonorsData),
    Heatmap(HeatmapData),
    Comments(CommentsData),
    Timeline(TimelineData),
}

impl ChartData {
    pub fn kind(&self) -> ChartKind {
        match self {
            ChartData::Progress(_) => ChartKind::Progress,
            ChartData::Thermometer(_) => ChartKind::Thermometer,
            ChartData::Monthly(_) => ChartKind::Monthly,
            ChartData::Mrr(_) => ChartKind::Mrr,
            ChartData::Donors(_) => ChartKind::Donors,
            ChartData::Heatmap(_) => ChartKind::Heatmap,
            ChartData::Comments(_) => ChartKind::Comments,
            ChartData::Timeline(_) => ChartKind::Timeline,
        }
    }

    pub fn render(&self, format: Format, options: &Options) -> Result<Output> {
        match format {
            Format::Svg => self.render_svg(options).map(Output::Svg),
            Format::Png => self.render_png(options).map(Output::Png),
        }
    }

    pub fn render_svg(&self, options: &Options) -> Result<String> {
        match self {
            ChartData::Progress(d) => canvas::svg(d, options),
            ChartData::Thermometer(d) => canvas::svg(d, options),
            ChartData::Monthly(d) => canvas::svg(d, options),
            ChartData::Mrr(d) => canvas::svg(d, options),
            ChartData::Donors(d) => canvas::svg(d, options),
            ChartData::Heatmap(d) => canvas::svg(d, options),
            ChartData::Comments(d) => canvas::svg(d, options),
            ChartData::Timeline(d) => canvas::svg(d, options),
        }
    }

    pub fn render_png(&self, options: &Options) -> Result<Vec<u8>> {
        match self {
            ChartData::Progress(d) => canvas::png(d, options),
            ChartData::Thermometer(d) => canvas::png(d, options),
            ChartData::Monthly(d) => canvas::png(d, options),
            ChartData::Mrr(d) => canvas::png(d, options),
            ChartData::Donors(d) => canvas::png(d, options),
            ChartData::Heatmap(d) => canvas::png(d, options),
            ChartData::Comments(d) => canvas::png(d, options),
            ChartData::Timeline(d) => canvas::png(d, options),
        }
    }
}

/// `render_svg` and `render_png` for a chart module whose data type implements the drawing.
macro_rules! render_fns {
    ($data:ty) => {
        /// The chart as an SVG document.
        pub fn render_svg(
            data: &$data,
            options: &$crate::charts::Options,
        ) -> $crate::Result<String> {
            $crate::charts::canvas::svg(data, options)
        }

        /// The chart as a PNG image of `options.width`×`options.height` pixels.
        pub fn render_png(
            data: &$data,
            options: &$crate::charts::Options,
        ) -> $crate::Result<Vec<u8>> {
            $crate::charts::canvas::png(data, options)
        }
    };
}
pub(crate) use render_fns;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_round_trip_their_names() {
        for kind in ChartKind::ALL {
            assert_eq!(kind.as_str().parse::<ChartKind>().unwrap(), kind);
        }
        let err = "pie".parse::<ChartKind>().unwrap_err();
        assert_eq!(err.code(), "invalid");
        assert!(err.to_string().contains("progress, thermometer"));
        assert_eq!("PNG".parse::<Format>().unwrap(), Format::Png);
        assert_eq!("month".parse::<Granularity>().unwrap(), Granularity::Month);
    }

    #[test]
    fn sizes_outside_the_range_are_refused() {
        let mut options = Options::default();
        assert!(options.validate().is_ok());
        options.width = 10;
        assert_eq!(options.validate().unwrap_err().code(), "invalid");
        options.width = 100_000;
        assert_eq!(options.validate().unwrap_err().code(), "invalid");
    }

    #[test]
    fn granularity_steps_by_calendar() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        assert_eq!(Granularity::Month.next(d(2026, 1, 1)), d(2026, 2, 1));
        assert_eq!(Granularity::Week.next(d(2026, 12, 28)), d(2027, 1, 4));
        assert_eq!(Granularity::Year.next(d(2024, 1, 1)), d(2025, 1, 1));
        assert_eq!(Granularity::Day.next(NaiveDate::MAX), NaiveDate::MAX);
    }
}
