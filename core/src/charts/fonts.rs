//! The fonts charts are drawn with: DejaVu Sans and DejaVu Sans Bold, subset to Latin, Cyrillic,
//! punctuation and currency signs (core/assets/fonts/subset.sh), embedded in the binary and
//! registered with plotters (for SVG text layout) once per process. PNG text is rasterized here
//! with ab_glyph, from the glyphs' real outlines and side bearings. No system font is read.
use std::sync::OnceLock;

use ab_glyph::{point, Font as _, FontRef, GlyphId, PxScale, ScaleFont};
use plotters::style::{register_font, FontStyle};

use crate::error::{CoreError, Result};

/// The family name charts ask plotters for. It is also written into SVG `font-family`
/// attributes as is, so a viewer without DejaVu Sans falls back to its own sans-serif.
pub(crate) const FAMILY: &str = "DejaVu Sans, sans-serif";

static REGULAR: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
static BOLD: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf");

static REGISTERED: OnceLock<std::result::Result<(), &'static str>> = OnceLock::new();

/// Registers the embedded fonts the first time it is called; later calls return at once.
pub(crate) fn ensure() -> Result<()> {
    let registered = REGISTERED.get_or_init(|| {
        register_font(FAMILY, FontStyle::Normal, REGULAR).map_err(|_| "regular")?;
        register_font(FAMILY, FontStyle::Bold, BOLD).map_err(|_| "bold")?;
        Ok(())
    });
    registered.map_err(|which| {
        CoreError::invalid(
            "chart",
            format!("the embedded {which} font could not be loaded"),
        )
    })
}

static FACES: OnceLock<Option<[FontRef<'static>; 2]>> = OnceLock::new();

fn face(bold: bool) -> Result<&'static FontRef<'static>> {
    let faces = FACES.get_or_init(|| {
        Some([
            FontRef::try_from_slice(REGULAR).ok()?,
            FontRef::try_from_slice(BOLD).ok()?,
        ])
    });
    faces
        .as_ref()
        .map(|f| &f[usize::from(bold)])
        .ok_or_else(|| CoreError::invalid("chart", "the embedded fonts could not be loaded"))
}

/// Where the baseline sits below the top of a line box, as a share of the text size (the
/// size is the font's ascent-to-descent height in pixels, as plotters counts it).
pub(crate) const BASELINE: f64 = 0.76;

/// The advance width of `text` in pixels: the sum of the glyphs' advances and kerning.
pub(crate) fn measure(text: &str, size: f64, bold: bool) -> Result<f64> {
    let font = face(bold)?.as_scaled(PxScale::from(size as f32));
    let mut width = 0.0f32;
    let mut previous: Option<GlyphId> = None;
    for c in text.chars() {
        let id = font.glyph_id(c);
        if let Some(p) = previous {
            width += font.kern(p, id);
        }
        width += font.h_advance(id);
        previous = Some(id);
    }
    Ok(f64::from(width))
}

/// Rasterizes one line of text: calls `plot(u, v, coverage)` for each covered pixel, where
/// `u` runs along the line from the pen start (0) and `v` down from the top of the line box.
pub(crate) fn rasterize(
    text: &str,
    size: f64,
    bold: bool,
    mut plot: impl FnMut(i32, i32, f32),
) -> Result<()> {
    let face = face(bold)?;
    let scale = PxScale::from(size as f32);
    let font = face.as_scaled(scale);
    let baseline = (size * BASELINE) as f32;
    let mut pen = 0.0f32;
    let mut previous: Option<GlyphId> = None;
    for c in text.chars() {
        let id = font.glyph_id(c);
        if let Some(p) = previous {
            pen += font.kern(p, id);
        }
        let glyph = id.with_scale_and_position(scale, point(pen, baseline));
        if let Some(outlined) = face.outline_glyph(glyph) {
            let bounds = outlined.px_bounds();
            let (left, top) = (bounds.min.x as i32, bounds.min.y as i32);
            outlined.draw(|x, y, coverage| {
                if coverage > 0.0 {
                    plot(left + x as i32, top + y as i32, coverage.min(1.0));
                }
            });
        }
        pen += font.h_advance(id);
        previous = Some(id);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_fonts_load_and_measure() {
        ensure().unwrap();
        ensure().unwrap();
        let narrow = measure("ill", 20.0, false).unwrap();
        let wide = measure("WWW", 20.0, false).unwrap();
        assert!(narrow > 0.0 && wide > narrow * 2.0);
        assert!(measure("Збір", 20.0, true).unwrap() > measure("Збір", 20.0, false).unwrap());
        let mut pixels = 0;
        rasterize("Жовтень", 20.0, false, |_, _, _| pixels += 1).unwrap();
        assert!(pixels > 50);
    }
}
