//! CSV comment files with the documented column set (see `rows`): a header row, UTF-8 with or
//! without a BOM, read record by record.
use std::collections::{HashSet, VecDeque};
use std::io::BufRead;

use super::rows::{self, Row};
use super::{Item, Items};
use crate::error::{CoreError, Result};
use crate::skip::Skip;

pub fn read<'a, R: BufRead + 'a>(input: R, name: &'a str) -> Items<'a> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::Headers)
        .from_reader(input);
    let columns: Vec<String> = match reader.headers() {
        Ok(headers) => headers
            .iter()
            .map(|h| h.trim_start_matches('\u{feff}').trim().to_lowercase())
            .collect(),
        Err(err) => return Box::new(std::iter::once(Err(header_error(name, &err.to_string())))),
    };
    let missing: Vec<&str> = rows::REQUIRED
        .iter()
        .copied()
        .filter(|c| !columns.iter().any(|h| h == c))
        .collect();
    if !missing.is_empty() {
        return Box::new(std::iter::once(Err(header_error(
            name,
            &format!(
                "the header row is not a comment file's: it lacks {} (a comment file has the columns {}; this one has {})",
                missing.join(", "),
                rows::COLUMNS.join(", "),
                columns.join(", ")
            ),
        ))));
    }
    Box::new(Csv {
        reader,
        columns,
        name,
        queue: VecDeque::new(),
        seen: HashSet::new(),
        site_sent: false,
        failed: false,
    })
}

fn header_error(name: &str, what: &str) -> CoreError {
    CoreError::invalid(format!("{name} line 1"), what.to_owned())
}

struct Csv<'a, R: std::io::Read> {
    reader: csv::Reader<R>,
    columns: Vec<String>,
    name: &'a str,
    queue: VecDeque<Item>,
    seen: HashSet<String>,
    site_sent: bool,
    failed: bool,
}

impl<R: std::io::Read> Iterator for Csv<'_, R> {
    type Item = Result<Item>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(item) = self.queue.pop_front() {
                return Some(Ok(item));
            }
            if self.failed {
                return None;
            }
            let mut record = csv::StringRecord::new();
            match self.reader.read_record(&mut record) {
                Ok(false) => {
                    if !self.site_sent {
                        self.site_sent = true;
                        return Some(Ok(Item::Site("csv:unknown-site".into())));
                    }
                    return None;
                }
                Ok(true) => {
                    let line = record.position().map(|p| p.line()).unwrap_or(0);
                    // A row cut short has its missing trailing cells empty (each value is still
                    // under its own column); filled cells beyond the header are a shifted row.
                    if record
                        .iter()
                        .skip(self.columns.len())
                        .any(|cell| !cell.trim().is_empty())
                    {
                        self.queue.push_back(Item::Skipped(Skip {
                            line,
                            record: format!(
                                "row {}",
                                record.position().map(|p| p.record()).unwrap_or(0)
                            ),
                            field: "columns".into(),
                            reason: format!(
                                "{} cells where the header has {}",
                                record.len(),
                                self.columns.len()
                            ),
                        }));
                        continue;
                    }
                    let row = Row {
                        line,
                        values: self
                            .columns
                            .iter()
                            .cloned()
                            // Our own exports guard formula-like cells: the guard comes off.
                            .zip(
                                record
                                    .iter()
                                    .map(|v| crate::spreadsheet::uncell(v).to_owned()),
                            )
                            .collect(),
                    };
                    if !self.site_sent {
                        self.site_sent = true;
                        self.queue.push_back(Item::Site(rows::site_of(&row, "csv")));
                    }
                    self.queue.extend(rows::items(&row, &mut self.seen));
                }
                Err(err) => {
                    let line = err.position().map(|p| p.line()).unwrap_or(0);
                    if let csv::ErrorKind::Utf8 { .. } = err.kind() {
                        self.queue.push_back(Item::Skipped(Skip {
                            line,
                            record: format!("row on line {line}"),
                            field: "text".into(),
                            reason: "not UTF-8 text (save the file as UTF-8)".into(),
                        }));
                        continue;
                    }
                    self.failed = true;
                    return Some(Err(CoreError::invalid(
                        format!("{} line {line}", self.name),
                        format!("not a readable CSV file: {err}"),
                    )));
                }
            }
        }
    }
}
