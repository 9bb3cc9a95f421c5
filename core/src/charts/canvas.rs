//! What every chart draws with: the backends (SVG string, RGB buffer encoded as PNG), text that
//! fits, shapes in pixel coordinates, the header (title, subtitle, legend) and the "No data yet"
//! image. Charts implement [`Chart`] once, generically over plotters' `DrawingBackend`.
use plotters::coord::Shift;
use plotters::prelude::{
    BitMapBackend, Circle, DrawingArea, DrawingAreaErrorKind, DrawingBackend, IntoDrawingArea,
    PathElement, Polygon, Rectangle, SVGBackend,
};
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{
    Color, FontDesc, FontFamily, FontStyle, FontTransform, RGBColor, ShapeStyle, TextStyle,
};

use super::fonts::{self, FAMILY};
use super::theme::Palette;
use super::Options;
use crate::error::{CoreError, Result};

/// A chart's drawing, once for both backends.
pub(crate) trait Chart {
    fn draw<DB: DrawingBackend>(&self, canvas: &Canvas<DB>) -> Result<()>;
}

pub(crate) fn svg<C: Chart>(chart: &C, options: &Options) -> Result<String> {
    options.validate()?;
    fonts::ensure()?;
    let mut out = String::new();
    {
        let backend = SVGBackend::with_string(&mut out, (options.width, options.height));
        let canvas = Canvas::new(backend.into_drawing_area(), options, false);
        canvas.background()?;
        chart.draw(&canvas)?;
        canvas.area.present().map_err(draw_err)?;
    }
    Ok(out)
}

pub(crate) fn png<C: Chart>(chart: &C, options: &Options) -> Result<Vec<u8>> {
    options.validate()?;
    fonts::ensure()?;
    let (width, height) = (options.width, options.height);
    let mut pixels = vec![0u8; width as usize * height as usize * 3];
    {
        let backend = BitMapBackend::with_buffer(&mut pixels, (width, height));
        let canvas = Canvas::new(backend.into_drawing_area(), options, true);
        canvas.background()?;
        chart.draw(&canvas)?;
        canvas.area.present().map_err(draw_err)?;
    }
    encode_png(&pixels, width, height)
}

/// An 8-bit RGB buffer as a PNG file (fdeflate's fast mode: charts are flat colour and
/// compress well without the slow levels).
pub(crate) fn encode_png(rgb: &[u8], width: u32, height: u32) -> Result<Vec<u8>> {
    let png_err =
        |e: png::EncodingError| CoreError::invalid("chart", format!("PNG encoding failed: {e}"));
    let mut out = Vec::with_capacity(rgb.len() / 8);
    let mut encoder = png::Encoder::new(&mut out, width, height);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(png::Compression::Fast);
    let mut writer = encoder.write_header().map_err(png_err)?;
    writer.write_image_data(rgb).map_err(png_err)?;
    writer.finish().map_err(png_err)?;
    Ok(out)
}

pub(crate) fn draw_err<E: std::error::Error + Send + Sync>(
    e: DrawingAreaErrorKind<E>,
) -> CoreError {
    CoreError::invalid("chart", format!("drawing failed: {e}"))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Align {
    Left,
    Center,
    Right,
}

impl Align {
    fn hpos(self) -> HPos {
        match self {
            Align::Left => HPos::Left,
            Align::Center => HPos::Center,
            Align::Right => HPos::Right,
        }
    }
}

/// A text size and weight.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Font {
    pub size: f64,
    pub bold: bool,
}

impl Font {
    /// Pixels from the top of one line to the next.
    pub fn line(self) -> i32 {
        (self.size * 1.2).ceil() as i32
    }

    pub fn scaled(self, factor: f64) -> Font {
        Font {
            size: self.size * factor,
            bold: self.bold,
        }
    }
}

/// How a legend entry's key is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Key {
    Box,
    Line,
    Dashed,
    Band,
    /// No key: the label alone, as a caption for the entries after it.
    Text,
}

#[derive(Debug, Clone)]
pub(crate) struct LegendItem {
    pub label: String,
    pub color: RGBColor,
    pub key: Key,
}

impl LegendItem {
    pub fn new(label: impl Into<String>, color: RGBColor, key: Key) -> Self {
        LegendItem {
            label: label.into(),
            color,
            key,
        }
    }
}

/// A rectangle in pixels: left, top, right (exclusive), bottom (exclusive).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Rect {
    pub left: i32,
    pub top: i32,
    pub right: i32,
    pub bottom: i32,
}

impl Rect {
    pub fn width(self) -> i32 {
        self.right - self.left
    }
    pub fn height(self) -> i32 {
        self.bottom - self.top
    }
}

/// Pixel coordinates are kept within this margin of the image, so that no shape is handed to
/// a rasterizer with coordinates far away (or overflowing) when data runs off the scale.
const SLACK: i32 = 64;

pub(crate) struct Canvas<DB: DrawingBackend> {
    pub area: DrawingArea<DB, Shift>,
    /// Pixels (text rasterized here) rather than vectors (text as SVG text elements).
    raster: bool,
    pub pal: Palette,
    pub width: i32,
    pub height: i32,
    pub time_zone: String,
    /// Outer margin and the usual gap between blocks.
    pub pad: i32,
    pub title: Font,
    pub body: Font,
    pub small: Font,
}

impl<DB: DrawingBackend> Canvas<DB> {
    fn new(area: DrawingArea<DB, Shift>, options: &Options, raster: bool) -> Self {
        let (width, height) = (options.width as i32, options.height as i32);
        // Text scales with the image, from a 16:9 box that fits inside it, within limits that
        // keep it legible on small images and modest on large ones.
        let fit = f64::from(width.min(height * 16 / 9)) * 9.0 / 16.0;
        let body = (fit * 0.026).clamp(10.5, 21.0);
        Canvas {
            area,
            raster,
            pal: Palette::of(options.theme),
            width,
            height,
            time_zone: options.time_zone.clone(),
            pad: (body * 0.9).round() as i32,
            title: Font {
                size: body * 1.5,
                bold: true,
            },
            body: Font {
                size: body,
                bold: false,
            },
            small: Font {
                size: (body * 0.86).max(9.5),
                bold: false,
            },
        }
    }

    fn background(&self) -> Result<()> {
        self.area.fill(&self.pal.background).map_err(draw_err)
    }

    fn style(&self, font: Font) -> TextStyle<'static> {
        let weight = if font.bold {
            FontStyle::Bold
        } else {
            FontStyle::Normal
        };
        TextStyle::from(FontDesc::new(FontFamily::Name(FAMILY), font.size, weight))
    }

    /// The width in pixels `text` takes.
    pub fn measure(&self, text: &str, font: Font) -> Result<i32> {
        if text.is_empty() {
            return Ok(0);
        }
        Ok(fonts::measure(text, font.size, font.bold)?.ceil() as i32)
    }

    /// Draws one line of text whose line box starts at `y` (its top); `x` is the left edge,
    /// centre or right edge as `align` says.
    pub fn text(
        &self,
        text: &str,
        x: i32,
        y: i32,
        font: Font,
        color: RGBColor,
        align: Align,
    ) -> Result<()> {
        if text.is_empty() {
            return Ok(());
        }
        if self.raster {
            let shift = match align {
                Align::Left => 0,
                Align::Center => self.measure(text, font)? / 2,
                Align::Right => self.measure(text, font)?,
            };
            let (x0, y0) = (x - shift, y);
            return self.raster_text(text, font, color, |u, v| (x0 + u, y0 + v));
        }
        let style = self
            .style(font)
            .color(&color)
            .pos(Pos::new(align.hpos(), VPos::Top));
        let y = y + (font.size * 0.14).round() as i32;
        self.area
            .draw_text(text, &style, (self.clamp_x(x), self.clamp_y(y)))
            .map_err(draw_err)
    }

    /// Text turned a quarter left (reading upwards), centred on `cy`, its line box starting
    /// at `x` (the left edge of the turned text).
    pub fn text_up(&self, text: &str, x: i32, cy: i32, font: Font, color: RGBColor) -> Result<()> {
        if text.is_empty() {
            return Ok(());
        }
        if self.raster {
            let half = self.measure(text, font)? / 2;
            return self.raster_text(text, font, color, |u, v| (x + v, cy + half - u));
        }
        let style = self
            .style(font)
            .color(&color)
            .pos(Pos::new(HPos::Center, VPos::Top))
            .transform(FontTransform::Rotate270);
        let x = x + (font.size * 0.14).round() as i32;
        self.area
            .draw_text(text, &style, (self.clamp_x(x), self.clamp_y(cy)))
            .map_err(draw_err)
    }

    /// Text on a patch of background, for annotations drawn over series.
    pub fn label(
        &self,
        text: &str,
        x: i32,
        y: i32,
        font: Font,
        color: RGBColor,
        align: Align,
    ) -> Result<()> {
        let w = self.measure(text, font)?;
        let left = match align {
            Align::Left => x,
            Align::Center => x - w / 2,
            Align::Right => x - w,
        };
        let m = (font.size * 0.25).round() as i32;
        self.fill_rect_alpha(
            left - m,
            y,
            left + w + m,
            y + font.line(),
            self.pal.background,
            0.8,
        )?;
        self.text(text, x, y, font, color, align)
    }

    /// Draws rasterized text, placing each pixel (u along the line, v down from its top)
    /// where `place` says.
    fn raster_text(
        &self,
        text: &str,
        font: Font,
        color: RGBColor,
        place: impl Fn(i32, i32) -> (i32, i32),
    ) -> Result<()> {
        let mut failure = None;
        fonts::rasterize(text, font.size, font.bold, |u, v, coverage| {
            if failure.is_some() {
                return;
            }
            let (x, y) = place(u, v);
            if x < 0 || y < 0 || x >= self.width || y >= self.height {
                return;
            }
            let paint = color.mix(f64::from(coverage));
            if let Err(e) = self.area.draw_pixel((x, y), &paint) {
                failure = Some(draw_err(e));
            }
        })?;
        failure.map_or(Ok(()), Err)
    }

    /// `text`, shortened with "…" until it is at most `max_width` pixels wide.
    pub fn fit(&self, text: &str, max_width: i32, font: Font) -> Result<String> {
        if self.measure(text, font)? <= max_width {
            return Ok(text.to_owned());
        }
        let chars: Vec<char> = text.chars().collect();
        // Binary search on the number of characters kept.
        let (mut lo, mut hi) = (0usize, chars.len());
        while lo < hi {
            let mid = (lo + hi).div_ceil(2);
            let candidate: String = chars[..mid]
                .iter()
                .collect::<String>()
                .trim_end()
                .to_owned()
                + "…";
            if self.measure(&candidate, font)? <= max_width {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        if lo == 0 {
            return Ok(String::new());
        }
        Ok(chars[..lo].iter().collect::<String>().trim_end().to_owned() + "…")
    }

    /// Draws `text` in at most `max_width` pixels: first at a smaller size (down to
    /// `min_factor` of it), then shortened. Returns the font used.
    #[allow(clippy::too_many_arguments)]
    pub fn text_fit(
        &self,
        text: &str,
        x: i32,
        y: i32,
        max_width: i32,
        font: Font,
        min_factor: f64,
        color: RGBColor,
        align: Align,
    ) -> Result<Font> {
        let mut used = font;
        let width = self.measure(text, font)?;
        if width > max_width && width > 0 {
            let factor = (f64::from(max_width) / f64::from(width)).max(min_factor);
            used = font.scaled(factor);
        }
        let shown = self.fit(text, max_width, used)?;
        self.text(&shown, x, y, used, color, align)?;
        Ok(used)
    }

    fn clamp_x(&self, x: i32) -> i32 {
        x.clamp(-SLACK, self.width + SLACK)
    }

    fn clamp_y(&self, y: i32) -> i32 {
        y.clamp(-SLACK, self.height + SLACK)
    }

    fn clamp(&self, (x, y): (i32, i32)) -> (i32, i32) {
        (self.clamp_x(x), self.clamp_y(y))
    }

    /// A filled rectangle between two corners (in any order).
    pub fn fill_rect(&self, x0: i32, y0: i32, x1: i32, y1: i32, color: RGBColor) -> Result<()> {
        self.rect_styled(x0, y0, x1, y1, color.filled())
    }

    pub fn fill_rect_alpha(
        &self,
        x0: i32,
        y0: i32,
        x1: i32,
        y1: i32,
        color: RGBColor,
        alpha: f64,
    ) -> Result<()> {
        self.rect_styled(x0, y0, x1, y1, color.mix(alpha).filled())
    }

    fn rect_styled(&self, x0: i32, y0: i32, x1: i32, y1: i32, style: ShapeStyle) -> Result<()> {
        let (a, b) = (self.clamp((x0, y0)), self.clamp((x1, y1)));
        let (left, right) = (a.0.min(b.0), a.0.max(b.0));
        let (top, bottom) = (a.1.min(b.1), a.1.max(b.1));
        self.area
            .draw(&Rectangle::new([(left, top), (right, bottom)], style))
            .map_err(draw_err)
    }

    pub fn polyline(&self, points: &[(i32, i32)], color: RGBColor, width: u32) -> Result<()> {
        if points.len() < 2 {
            return Ok(());
        }
        let points: Vec<(i32, i32)> = points.iter().map(|p| self.clamp(*p)).collect();
        self.area
            .draw(&PathElement::new(points, color.stroke_width(width)))
            .map_err(draw_err)
    }

    pub fn polygon(&self, points: &[(i32, i32)], color: RGBColor, alpha: f64) -> Result<()> {
        if points.len() < 3 {
            return Ok(());
        }
        let points: Vec<(i32, i32)> = points.iter().map(|p| self.clamp(*p)).collect();
        self.area
            .draw(&Polygon::new(points, color.mix(alpha).filled()))
            .map_err(draw_err)
    }

    /// A dashed straight line from `a` to `b`.
    pub fn dashed(
        &self,
        a: (i32, i32),
        b: (i32, i32),
        color: RGBColor,
        width: u32,
        dash: i32,
    ) -> Result<()> {
        let (dx, dy) = (f64::from(b.0 - a.0), f64::from(b.1 - a.1));
        let length = (dx * dx + dy * dy).sqrt();
        let dash = f64::from(dash.max(2));
        if length < 1.0 {
            return Ok(());
        }
        let mut at = 0.0;
        while at < length {
            let end = (at + dash).min(length);
            let p = |t: f64| {
                (
                    a.0 + (dx * t / length).round() as i32,
                    a.1 + (dy * t / length).round() as i32,
                )
            };
            self.polyline(&[p(at), p(end)], color, width)?;
            at += dash * 1.8;
        }
        Ok(())
    }

    pub fn dot(&self, center: (i32, i32), radius: i32, color: RGBColor) -> Result<()> {
        self.area
            .draw(&Circle::new(
                self.clamp(center),
                radius.max(1),
                color.filled(),
            ))
            .map_err(draw_err)
    }

    /// Title (bold, shrunk or shortened to fit) and a muted subtitle at the top. Returns the y
    /// below them.
    pub fn header(&self, title: &str, subtitle: &str) -> Result<i32> {
        let max = self.width - 2 * self.pad;
        let mut y = self.pad;
        let used = self.text_fit(
            title,
            self.pad,
            y,
            max,
            self.title,
            0.7,
            self.pal.text,
            Align::Left,
        )?;
        y += used.line();
        if !subtitle.is_empty() {
            y += (self.pad / 5).max(1);
            self.text_fit(
                subtitle,
                self.pad,
                y,
                max,
                self.small,
                0.85,
                self.pal.muted,
                Align::Left,
            )?;
            y += self.small.line();
        }
        Ok(y)
    }

    /// Legend entries in rows from `x` at `y`, wrapped within `max_width`. Returns the y below.
    pub fn legend(&self, items: &[LegendItem], x: i32, y: i32, max_width: i32) -> Result<i32> {
        if items.is_empty() {
            return Ok(y);
        }
        let font = self.small;
        let key_w = (font.size * 1.5).round() as i32;
        let key_gap = (font.size * 0.45).round() as i32;
        let item_gap = (font.size * 1.4).round() as i32;
        let line = font.line() + (font.size * 0.2).round() as i32;
        let (mut cx, mut cy) = (x, y);
        for item in items {
            let (key_w, key_gap) = if item.key == Key::Text {
                (0, 0)
            } else {
                (key_w, key_gap)
            };
            let label = self.fit(&item.label, max_width - key_w - key_gap, font)?;
            let w = key_w + key_gap + self.measure(&label, font)?;
            if cx > x && cx + w > x + max_width {
                cx = x;
                cy += line;
            }
            self.legend_key(item, cx, cy, key_w, font)?;
            self.text(
                &label,
                cx + key_w + key_gap,
                cy,
                font,
                self.pal.text,
                Align::Left,
            )?;
            cx += w + item_gap;
        }
        Ok(cy + line)
    }

    fn legend_key(&self, item: &LegendItem, x: i32, y: i32, key_w: i32, font: Font) -> Result<()> {
        let mid = y + (font.size * 0.55).round() as i32;
        let half = (font.size * 0.38).round() as i32;
        match item.key {
            Key::Box => self.fill_rect(x, mid - half, x + key_w, mid + half, item.color),
            Key::Band => {
                self.fill_rect_alpha(x, mid - half, x + key_w, mid + half, item.color, 0.3)?;
                self.polyline(&[(x, mid - half), (x + key_w, mid - half)], item.color, 1)?;
                self.polyline(&[(x, mid + half), (x + key_w, mid + half)], item.color, 1)
            }
            Key::Line => self.polyline(&[(x, mid), (x + key_w, mid)], item.color, self.stroke(2.0)),
            Key::Dashed => self.dashed(
                (x, mid),
                (x + key_w, mid),
                item.color,
                self.stroke(2.0),
                (key_w / 4).max(3),
            ),
            Key::Text => Ok(()),
        }
    }

    /// A line width that grows a little with the image.
    pub fn stroke(&self, base: f64) -> u32 {
        (base * self.body.size / 13.0).round().max(1.0) as u32
    }

    /// The "No data yet" image: the chart's title and subtitle, and a message in the middle.
    pub fn no_data(&self, title: &str, subtitle: &str, message: &str) -> Result<()> {
        let top = self.header(title, subtitle)?;
        let big = Font {
            size: self.title.size * 1.2,
            bold: true,
        };
        let block = big.line() + self.pad / 2 + self.body.line();
        let y = top + ((self.height - top - block) / 2).max(self.pad / 2);
        let cx = self.width / 2;
        let max = self.width - 2 * self.pad;
        self.text_fit(
            "No data yet",
            cx,
            y,
            max,
            big,
            0.6,
            self.pal.muted,
            Align::Center,
        )?;
        self.text_fit(
            message,
            cx,
            y + big.line() + self.pad / 2,
            max,
            self.body,
            0.8,
            self.pal.muted,
            Align::Center,
        )?;
        Ok(())
    }
}
