//! What kind of file was dropped on the window (or named on the command line): comments or
//! donations, and in which format, from its first bytes. It asks both importers' detectors and
//! belongs to neither, so `import` and `fundraising::import` do not depend on each other.
use std::path::Path;

use serde::Serialize;
use ts_rs::TS;

use crate::error::{CoreError, Result};
use crate::{fundraising, import};

/// What a file dropped on the window (or named on the command line) holds, as far as its
/// first bytes tell.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Identified {
    pub file_name: String,
    /// "comments" or "donations".
    pub what: String,
    pub format: String,
}

/// Names what `path` holds, or says why it is not something Readerdesk imports.
pub fn identify(path: &Path) -> Result<Identified> {
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string());
    if path.is_dir() {
        return Err(CoreError::invalid(
            "file",
            format!("{file_name} is a folder; drop one export file"),
        ));
    }
    let header = csv_header(path);
    if let Some(format) = header.as_deref().and_then(fundraising::import::detect) {
        return Ok(Identified {
            file_name,
            what: "donations".into(),
            format: format.as_str().into(),
        });
    }
    match import::comments::detect(path) {
        Ok(format) => Ok(Identified {
            file_name,
            what: "comments".into(),
            format: format.as_str().into(),
        }),
        // A CSV neither side recognizes: most likely a payment list whose columns need mapping.
        Err(_) if header.as_ref().is_some_and(|h| h.len() >= 2) && is_csv(path) => Ok(Identified {
            file_name,
            what: "donations".into(),
            format: "generic".into(),
        }),
        Err(err) => Err(err),
    }
}

fn is_csv(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("csv") || e.eq_ignore_ascii_case("txt"))
}

/// The first row of a CSV file, if it reads as one.
fn csv_header(path: &Path) -> Option<Vec<String>> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_path(path)
        .ok()?;
    let header = reader.headers().ok()?;
    Some(
        header
            .iter()
            .map(|h| h.trim_start_matches('\u{feff}').trim().to_string())
            .collect(),
    )
}
