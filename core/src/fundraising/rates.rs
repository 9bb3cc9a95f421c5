//! Exchange rates the newsroom enters (or imports) with their date, for counting gifts made in
//! other currencies towards a campaign (see `convert` for the rule).
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{convert, money};
use crate::db::{self, Store};
use crate::error::{CoreError, Result};
use crate::moderation::moderators::Moderator;
use crate::time;

/// 1 `base` = `rate` `quote` on `on_date`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ExchangeRate {
    pub base: String,
    pub quote: String,
    pub on_date: String,
    /// Decimal text ("1.0842").
    pub rate: String,
    pub source: String,
}

pub fn list(store: &Store) -> Result<Vec<ExchangeRate>> {
    store.read(|conn| {
        Ok(db::metrics::rates(conn)?
            .into_iter()
            .map(|(base, quote, on_date, rate, source)| ExchangeRate {
                base,
                quote,
                on_date,
                rate,
                source,
            })
            .collect())
    })
}

/// What a moderator is refused here (the rule is `roles::can_edit_fundraising`).
const RATES_WORK: &str = "exchange rates are kept";

pub fn set(store: &Store, who: &Moderator, rate: &ExchangeRate) -> Result<()> {
    who.must_edit_fundraising(RATES_WORK)?;
    let base = money::currency(rate.base.trim())?.code().to_string();
    let quote = money::currency(rate.quote.trim())?.code().to_string();
    if base == quote {
        return Err(CoreError::invalid(
            "quote",
            "a rate is between two different currencies",
        ));
    }
    let day = time::parse_day("on_date", &rate.on_date)?;
    let value = convert::parse_rate(&rate.rate)?;
    store.write(|tx| {
        db::metrics::set_rate(
            tx,
            &base,
            &quote,
            &day.to_string(),
            &value.normalize().to_string(),
            if rate.source.trim().is_empty() {
                "manual"
            } else {
                rate.source.trim()
            },
        )
    })
}

/// What importing a file of rates did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct RatesImportSummary {
    pub file_name: String,
    /// "rows" (one rate a row: day, from, to, rate) or "ecb" (the European Central Bank's
    /// history: a day a row, one column per currency, 1 EUR = the cell).
    pub layout: String,
    /// Rates written (a rate the newsroom had for the same pair and day is replaced).
    pub rates: u64,
    /// Of those, how many replaced a rate already kept.
    pub replaced: u64,
    /// The pairs, "EUR/USD", sorted.
    pub pairs: Vec<String>,
    pub first_day: Option<String>,
    pub last_day: Option<String>,
    /// Columns of currencies ISO 4217 no longer lists (the ECB's history keeps those the euro
    /// replaced), left out.
    pub columns_left_out: Vec<String>,
}

/// One rate read from a file, with the line it came from.
struct ReadRate {
    line: u64,
    base: String,
    quote: String,
    day: String,
    rate: String,
}

/// Imports exchange rates from a CSV file, all or nothing: a row that cannot be read stops the
/// import with its line and field named, and nothing is written. Two layouts are read:
/// - one rate a row, with columns for the day (`date`, `day`), the currency converted from
///   (`base`, `from`), the one converted to (`quote`, `to`) and the `rate` (1 from = rate to);
/// - the European Central Bank's reference-rate history (`eurofxref-hist.csv`): a `Date`
///   column and one column per currency code, each cell the value of 1 EUR; "N/A" and blank
///   cells are days without a rate.
pub fn import(
    store: &Store,
    who: &Moderator,
    path: &std::path::Path,
) -> Result<RatesImportSummary> {
    who.must_edit_fundraising(RATES_WORK)?;
    import_file(store, path)
}

/// `import` without a profile's role: for the command line, whose user holds the database
/// file itself (as for every other import there).
pub fn import_file(store: &Store, path: &std::path::Path) -> Result<RatesImportSummary> {
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string());
    let bytes = std::fs::read(path).map_err(|source| CoreError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let text = std::str::from_utf8(bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(&bytes))
        .map_err(|_| CoreError::invalid(&file_name, "the file is not UTF-8 text"))?;
    let (layout, rates, left_out) = read_rates(text, &file_name)?;
    if rates.is_empty() {
        return Err(CoreError::invalid(&file_name, "the file holds no rates"));
    }
    let source = format!("import: {file_name}");
    store.write(|tx| {
        let mut replaced = 0;
        for r in &rates {
            match db::metrics::rate_exact(tx, &r.base, &r.quote, &r.day)? {
                Some(kept) if kept != r.rate => replaced += 1,
                _ => {}
            }
            db::metrics::set_rate(tx, &r.base, &r.quote, &r.day, &r.rate, &source)?;
        }
        let mut pairs: Vec<String> = rates
            .iter()
            .map(|r| format!("{}/{}", r.base, r.quote))
            .collect();
        pairs.sort();
        pairs.dedup();
        Ok(RatesImportSummary {
            file_name: file_name.clone(),
            layout: layout.to_string(),
            rates: rates.len() as u64,
            replaced,
            pairs,
            first_day: rates.iter().map(|r| r.day.clone()).min(),
            last_day: rates.iter().map(|r| r.day.clone()).max(),
            columns_left_out: left_out.clone(),
        })
    })
}

/// The layout, the rates, and the columns of currencies no longer in ISO 4217 that were left
/// out.
fn read_rates(text: &str, file_name: &str) -> Result<(&'static str, Vec<ReadRate>, Vec<String>)> {
    let mut left_out: Vec<String> = Vec::new();
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    // As written (for messages), and lower case (for finding columns).
    let header: Vec<String> = reader
        .headers()
        .map_err(|err| CoreError::invalid(file_name, format!("the header row is not CSV: {err}")))?
        .iter()
        .map(|h| h.trim().to_owned())
        .collect();
    let lower: Vec<String> = header.iter().map(|h| h.to_ascii_lowercase()).collect();
    let find = |names: &[&str]| lower.iter().position(|h| names.contains(&h.as_str()));
    let day_col = find(&["date", "day", "on_date"]).ok_or_else(|| {
        CoreError::invalid(
            file_name,
            format!(
                "no column for the day (date or day); the columns are: {}",
                header.join(", ")
            ),
        )
    })?;
    let long = (
        find(&["base", "from"]),
        find(&["quote", "to"]),
        find(&["rate"]),
    );
    let bad = |line: u64, field: &str, why: String| {
        CoreError::invalid(file_name, format!("line {line}, column {field}: {why}"))
    };
    let mut out = Vec::new();
    match long {
        (Some(base_col), Some(quote_col), Some(rate_col)) => {
            for record in reader.records() {
                let record = record.map_err(|err| {
                    CoreError::invalid(file_name, format!("not readable CSV: {err}"))
                })?;
                let line = record.position().map_or(0, |p| p.line());
                if record.iter().all(str::is_empty) {
                    continue;
                }
                ragged(&record, header.len(), line, file_name)?;
                let cell = |i: usize| record.get(i).unwrap_or("");
                let code = |i: usize, field: &str| -> Result<String> {
                    money::currency(&cell(i).to_ascii_uppercase())
                        .map(|c| c.code().to_string())
                        .map_err(|_| {
                            bad(line, field, format!("{:?} is not a currency code", cell(i)))
                        })
                };
                let base = code(base_col, &header[base_col])?;
                let quote = code(quote_col, &header[quote_col])?;
                if base == quote {
                    return Err(bad(
                        line,
                        &header[quote_col],
                        "a rate is between two different currencies".into(),
                    ));
                }
                out.push(ReadRate {
                    line,
                    day: day_of(cell(day_col), line, &header[day_col], &bad)?,
                    rate: rate_of(cell(rate_col), line, &header[rate_col], &bad)?,
                    base,
                    quote,
                });
            }
            Ok(("rows", checked(out, file_name)?, left_out))
        }
        _ => {
            // The ECB layout: every other column is a currency code.
            let mut currencies = Vec::new();
            for (i, name) in header.iter().enumerate() {
                if i == day_col || name.is_empty() {
                    continue;
                }
                let upper = name.to_ascii_uppercase();
                match money::currency(&upper) {
                    Ok(code) => currencies.push((i, code.code().to_string())),
                    // The ECB's history keeps columns for currencies since replaced by the euro
                    // (CYP, EEK, LTL, SIT, ...): ISO no longer lists them, and no gift is in them.
                    Err(_) if upper.len() == 3 && upper.bytes().all(|b| b.is_ascii_uppercase()) => {
                        left_out.push(upper)
                    }
                    Err(_) => {
                        return Err(CoreError::invalid(
                            file_name,
                            format!(
                                "the columns are neither day, from, to and rate, nor a day and \
                                 currency codes (the European Central Bank's layout): {name:?} \
                                 is not a currency code"
                            ),
                        ))
                    }
                }
            }
            if currencies.is_empty() {
                return Err(CoreError::invalid(
                    file_name,
                    "no rate columns: a day and from, to and rate, or a day and currency codes",
                ));
            }
            for record in reader.records() {
                let record = record.map_err(|err| {
                    CoreError::invalid(file_name, format!("not readable CSV: {err}"))
                })?;
                let line = record.position().map_or(0, |p| p.line());
                if record.iter().all(str::is_empty) {
                    continue;
                }
                ragged(&record, header.len(), line, file_name)?;
                let day = day_of(
                    record.get(day_col).unwrap_or(""),
                    line,
                    &header[day_col],
                    &bad,
                )?;
                for (i, quote) in &currencies {
                    let cell = record.get(*i).unwrap_or("");
                    if cell.is_empty() || cell.eq_ignore_ascii_case("n/a") || quote == "EUR" {
                        continue;
                    }
                    out.push(ReadRate {
                        line,
                        base: "EUR".into(),
                        quote: quote.clone(),
                        day: day.clone(),
                        rate: rate_of(cell, line, &header[*i], &bad)?,
                    });
                }
            }
            Ok(("ecb", checked(out, file_name)?, left_out))
        }
    }
}

/// A row with cells beyond the header's (a decimal comma left unquoted: `1,09`) would read
/// its values under the wrong columns.
fn ragged(record: &csv::StringRecord, columns: usize, line: u64, file_name: &str) -> Result<()> {
    if record.iter().skip(columns).any(|cell| !cell.is_empty()) {
        return Err(CoreError::invalid(
            file_name,
            format!(
                "line {line}: {} cells where the header has {columns} (a rate written with a \
                 decimal comma must be quoted, or written with a point)",
                record.len()
            ),
        ));
    }
    Ok(())
}

fn day_of(
    text: &str,
    line: u64,
    field: &str,
    bad: &dyn Fn(u64, &str, String) -> CoreError,
) -> Result<String> {
    time::parse_day(field, text)
        .map(|d| d.to_string())
        .map_err(|_| {
            bad(
                line,
                field,
                format!("{text:?} is not a day like 2026-11-27"),
            )
        })
}

fn rate_of(
    text: &str,
    line: u64,
    field: &str,
    bad: &dyn Fn(u64, &str, String) -> CoreError,
) -> Result<String> {
    convert::parse_rate(text)
        .map(|r| r.normalize().to_string())
        .map_err(|_| {
            bad(
                line,
                field,
                format!("{text:?} is not a rate above zero written with a point, like 1.0842"),
            )
        })
}

/// The same pair on the same day twice with two rates is a contradiction in the file.
fn checked(rates: Vec<ReadRate>, file_name: &str) -> Result<Vec<ReadRate>> {
    let mut seen: std::collections::HashMap<(String, String, String), (u64, String)> =
        std::collections::HashMap::new();
    for r in &rates {
        let key = (r.base.clone(), r.quote.clone(), r.day.clone());
        if let Some((line, rate)) = seen.get(&key) {
            if *rate != r.rate {
                return Err(CoreError::invalid(
                    file_name,
                    format!(
                        "line {}: 1 {} = {} {} on {} contradicts line {line} ({rate})",
                        r.line, r.base, r.rate, r.quote, r.day
                    ),
                ));
            }
        }
        seen.insert(key, (r.line, r.rate.clone()));
    }
    Ok(rates)
}
