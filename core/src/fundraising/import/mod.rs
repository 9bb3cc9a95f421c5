//! Reading the donation exports a newsroom downloads from its payment providers into one
//! normalized shape, `DonationRecord`, for the fundraising ledger. Pure parsing: nothing here
//! opens the database; the ledger side writes what `read` returns.
//!
//! Formats, recognized by their header row (`detect`), each in its own module:
//! Stripe's payments export and balance change report (`stripe`), PayPal's activity download
//! and statement report (`paypal`), Donorbox (`donorbox`), Patreon members (`patreon`), Open
//! Collective transactions (`opencollective`), GitHub Sponsors (`github_sponsors`), and any
//! other CSV through a column mapping the person chooses (`generic`).
//!
//! Every row of a file becomes one or more records (a refunded Stripe payment is a gift and a
//! refund) or one `Skip` that says why it is not money received (a failed payment, a transfer
//! to the bank, a currency conversion, a ragged row, an amount that could mean two things).
//! Money is integer minor units; `net = gross - fee` holds for every record; gifts have
//! `gross ≥ 0`, refunds and disputes `gross ≤ 0` and point at the gift they reverse.
//!
//! Privacy: of the donor only the name, e-mail, the source's customer id and the country are
//! kept. Card numbers, postal addresses and phone numbers in the exports are never read.
pub mod dates;
pub mod detect;
pub mod donorbox;
pub mod generic;
pub mod github_sponsors;
pub mod opencollective;
pub mod patreon;
pub mod paypal;
pub mod stripe;
mod table;

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub use dates::{DateOrder, DateOrderStatus};
pub use detect::detect;
pub use generic::{header_signature, ColumnMapping, CurrencyColumn};

use crate::error::{CoreError, Result};
use crate::model::DonationKind;
use crate::skip::Skip;
use table::{Bad, Table, TableRow};

/// The exports this module reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    StripePayments,
    StripeBalance,
    PaypalActivity,
    PaypalStatement,
    Donorbox,
    Patreon,
    OpenCollective,
    GithubSponsors,
    Generic,
}

impl Format {
    pub const ALL: &'static [Format] = &[
        Format::StripePayments,
        Format::StripeBalance,
        Format::PaypalActivity,
        Format::PaypalStatement,
        Format::Donorbox,
        Format::Patreon,
        Format::OpenCollective,
        Format::GithubSponsors,
        Format::Generic,
    ];

    /// The stable word for the format (CLI `--format`, the imports table).
    pub fn as_str(self) -> &'static str {
        match self {
            Format::StripePayments => "stripe_payments",
            Format::StripeBalance => "stripe_balance",
            Format::PaypalActivity => "paypal_activity",
            Format::PaypalStatement => "paypal_statement",
            Format::Donorbox => "donorbox",
            Format::Patreon => "patreon",
            Format::OpenCollective => "opencollective",
            Format::GithubSponsors => "github_sponsors",
            Format::Generic => "generic",
        }
    }

    /// What the person knows it as.
    pub fn label(self) -> &'static str {
        match self {
            Format::StripePayments => "Stripe payments export",
            Format::StripeBalance => "Stripe balance change report",
            Format::PaypalActivity => "PayPal activity download",
            Format::PaypalStatement => "PayPal statement report",
            Format::Donorbox => "Donorbox donations export",
            Format::Patreon => "Patreon members export",
            Format::OpenCollective => "Open Collective transactions export",
            Format::GithubSponsors => "GitHub Sponsors export",
            Format::Generic => "CSV with a column mapping",
        }
    }

    /// The `source` records of this format carry (with the external id, the ledger's key).
    /// Both Stripe exports share "stripe": a payment keeps its charge id in either.
    pub fn source(self) -> &'static str {
        match self {
            Format::StripePayments | Format::StripeBalance => "stripe",
            Format::PaypalActivity | Format::PaypalStatement => "paypal",
            Format::Donorbox => "donorbox",
            Format::Patreon => "patreon",
            Format::OpenCollective => "opencollective",
            Format::GithubSponsors => "github_sponsors",
            Format::Generic => "generic",
        }
    }
}

impl std::str::FromStr for Format {
    type Err = CoreError;
    fn from_str(text: &str) -> Result<Self> {
        Format::ALL
            .iter()
            .copied()
            .find(|f| f.as_str() == text)
            .ok_or_else(|| {
                CoreError::invalid(
                    "format",
                    format!("{text:?} is not one of {}", known_formats()),
                )
            })
    }
}

fn known_formats() -> String {
    Format::ALL
        .iter()
        .map(|f| format!("{} ({})", f.label(), f.as_str()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A provider's own conversion of the amount into the account's currency (Stripe's
/// "Converted Amount", Donorbox's "Amount in USD"): the ledger prefers it over its own rates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Converted {
    pub gross_minor: i64,
    /// The fee in that currency, when the export gives it there.
    pub fee_minor: Option<i64>,
    pub currency: String,
}

/// Who gave, as far as the ledger keeps it: nothing else about a donor leaves the file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
pub struct DonorRecord {
    /// The source's own id of the customer (Stripe `cus_…`, a GitHub handle, a Patreon user id).
    pub customer_id: Option<String>,
    pub name: Option<String>,
    /// As the export wrote it (the ledger normalizes it for matching).
    pub email: Option<String>,
    /// ISO 3166 alpha-2.
    pub country: Option<String>,
}

/// One ledger entry read from an export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct DonationRecord {
    /// The file line where the row starts.
    pub line: u64,
    /// "stripe", "paypal", …: with `external_id`, the key that makes a second import of the
    /// same export change nothing.
    pub source: String,
    pub external_id: String,
    /// Stored form (UTC, RFC 3339 with microseconds), see `crate::time::to_stored`.
    pub occurred_at: String,
    pub kind: DonationKind,
    pub gross_minor: i64,
    /// What the provider kept; negative when a refund gave a fee back.
    pub fee_minor: i64,
    /// Always `gross_minor - fee_minor`.
    pub net_minor: i64,
    /// ISO 4217, upper case.
    pub currency: String,
    pub converted: Option<Converted>,
    /// For refunds and disputes (and money coming back after one): the gift it reverses.
    pub original_external_id: Option<String>,
    /// A refund stated as the payment's refunded total so far (Stripe's "Amount Refunded"),
    /// not as one refund: a later export may show a larger total for the same payment, and
    /// the ledger then records only what is new beyond the refunds it already holds for it.
    pub running_total: bool,
    /// For a recurring gift, how often it comes: 12 monthly, 4 quarterly, 1 yearly, 52 weekly.
    /// None when the export does not say (taken as monthly).
    pub payments_per_year: Option<u16>,
    pub donor: DonorRecord,
    /// The campaign or form the export names, for the ledger to match to its campaigns.
    pub campaign: Option<String>,
    pub note: Option<String>,
}

/// One row's outcome.
// Records are nearly every row, so they stay inline: boxing them would allocate once more per
// row for the rare skip's sake.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Row {
    Record(DonationRecord),
    Skipped(Skip),
}

/// What `read` made of a file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Parsed {
    pub format: Format,
    /// The file name as given (for messages and the imports table).
    pub file: String,
    /// How the bytes were decoded ("UTF-8", "UTF-16LE", "windows-1252").
    pub encoding: String,
    /// How day and month were told apart; `needs_confirmation()` means ask the person.
    pub date_order: DateOrderStatus,
    /// In file order; one row may give several records (a gift and its refund).
    pub rows: Vec<Row>,
}

/// Sums per currency, in minor units.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, TS)]
pub struct Totals {
    pub records: u64,
    /// Sum of every record's gross (refunds and disputes count negative).
    pub gross_minor: i64,
    pub fee_minor: i64,
    /// Sum of the gross of refunds and disputes (≤ 0).
    pub refunds_minor: i64,
    pub net_minor: i64,
}

impl Parsed {
    pub fn records(&self) -> impl Iterator<Item = &DonationRecord> {
        self.rows.iter().filter_map(|row| match row {
            Row::Record(record) => Some(record),
            Row::Skipped(_) => None,
        })
    }

    pub fn skips(&self) -> impl Iterator<Item = &Skip> {
        self.rows.iter().filter_map(|row| match row {
            Row::Skipped(skip) => Some(skip),
            Row::Record(_) => None,
        })
    }

    /// Per-currency sums, for the preview and for checking an import against the provider.
    pub fn totals(&self) -> BTreeMap<String, Totals> {
        let mut totals: BTreeMap<String, Totals> = BTreeMap::new();
        for record in self.records() {
            let t = totals.entry(record.currency.clone()).or_default();
            // No single amount exceeds `amount::MAX_MINOR`, so these cannot overflow for any
            // file that fits in memory; saturating all the same, never a panic.
            t.records += 1;
            t.gross_minor = t.gross_minor.saturating_add(record.gross_minor);
            t.fee_minor = t.fee_minor.saturating_add(record.fee_minor);
            t.net_minor = t.net_minor.saturating_add(record.net_minor);
            if matches!(record.kind, DonationKind::Refund | DonationKind::Dispute) {
                t.refunds_minor = t.refunds_minor.saturating_add(record.gross_minor);
            }
        }
        totals
    }
}

/// Choices the caller makes for a file.
#[derive(Debug, Clone, Default)]
pub struct ReadOptions {
    /// The day/month order, when the person chose it (see `DateOrderStatus::Ambiguous`).
    pub date_order: Option<DateOrder>,
    /// The zone of times written with no zone (Donorbox, Patreon, generic files, Stripe's
    /// local `created` column). UTC when None.
    pub zone: Option<Tz>,
    /// The column mapping of a generic file (required for `Format::Generic`; when no format
    /// is recognized and a mapping is given, the file is read as generic).
    pub mapping: Option<ColumnMapping>,
}

impl ReadOptions {
    pub(crate) fn zone(&self) -> Tz {
        self.zone.unwrap_or(Tz::UTC)
    }
}

/// Reads the export at `path`. `format` None: recognized from the header row.
pub fn read_path(path: &Path, format: Option<Format>, options: &ReadOptions) -> Result<Parsed> {
    let bytes = std::fs::read(path).map_err(|source| CoreError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string());
    read_bytes(&bytes, &name, format, options)
}

/// Reads an export from any reader; `name` names it in messages.
pub fn read<R: std::io::Read>(
    mut input: R,
    name: &str,
    format: Option<Format>,
    options: &ReadOptions,
) -> Result<Parsed> {
    let mut bytes = Vec::new();
    input
        .read_to_end(&mut bytes)
        .map_err(|source| CoreError::Io {
            path: name.into(),
            source,
        })?;
    read_bytes(&bytes, name, format, options)
}

/// Reads an export held in memory. An `Err` means the file as a whole cannot be read (not
/// CSV, a header no format has, day/month written both ways); row problems are `Skip`s.
pub fn read_bytes(
    bytes: &[u8],
    name: &str,
    format: Option<Format>,
    options: &ReadOptions,
) -> Result<Parsed> {
    let (text, encoding) = table::decode(bytes);
    let table = Table::parse(&text).map_err(|why| CoreError::invalid(name, why))?;
    let format = match format {
        Some(format) => format,
        None => match detect::recognize(&table.cols) {
            detect::Recognized::Format(format) => format,
            detect::Recognized::NotDonations(what) => {
                return Err(CoreError::invalid(
                    name,
                    format!("this is {what}, not a list of payments, so it holds no donations"),
                ))
            }
            detect::Recognized::Unknown if options.mapping.is_some() => Format::Generic,
            detect::Recognized::Unknown => {
                return Err(CoreError::invalid(
                    name,
                    format!(
                        "the header row matches no donation export Readerdesk knows. Known: {}. This file's columns: {}. To read it anyway, map its columns (generic CSV).",
                        known_formats(),
                        table.header.join(", ")
                    ),
                ))
            }
        },
    };
    let ctx = Ctx {
        name,
        options,
        source: format.source(),
    };
    let (rows, date_order) = match format {
        Format::StripePayments => stripe::read_payments(&table, &ctx)?,
        Format::StripeBalance => stripe::read_balance(&table, &ctx)?,
        Format::PaypalActivity => paypal::read(&table, &ctx, false)?,
        Format::PaypalStatement => paypal::read(&table, &ctx, true)?,
        Format::Donorbox => donorbox::read(&table, &ctx)?,
        Format::Patreon => patreon::read(&table, &ctx)?,
        Format::OpenCollective => opencollective::read(&table, &ctx)?,
        Format::GithubSponsors => github_sponsors::read(&table, &ctx)?,
        Format::Generic => generic::read(&table, &ctx)?,
    };
    Ok(Parsed {
        format,
        file: name.to_owned(),
        encoding: encoding.to_owned(),
        date_order,
        rows: without_duplicates(rows),
    })
}

/// What every reader gets.
pub(crate) struct Ctx<'a> {
    pub name: &'a str,
    pub options: &'a ReadOptions,
    pub source: &'a str,
}

impl Ctx<'_> {
    /// Refuses a file forced into a format whose header lacks what that format needs.
    pub fn require(&self, table: &Table, format: Format, columns: &[&[&str]]) -> Result<()> {
        let missing: Vec<&str> = columns
            .iter()
            .filter(|aliases| !table.cols.has(aliases))
            .map(|aliases| aliases[0])
            .collect();
        if missing.is_empty() {
            return Ok(());
        }
        Err(CoreError::invalid(
            self.name,
            format!(
                "the header row is not a {}'s: it lacks {} (this file's columns: {})",
                format.label(),
                missing.join(", "),
                table.header.join(", ")
            ),
        ))
    }
}

/// Runs `each` over the rows, turning a `Bad` into a `Skip` named by the row's id (or line).
/// Ragged rows are skipped before `each` sees them.
pub(crate) fn each_row(
    table: &Table,
    id_column: Option<usize>,
    each: impl FnMut(&TableRow) -> std::result::Result<Vec<DonationRecord>, Bad>,
) -> Vec<Row> {
    rows_of(table, &table.rows, id_column, each)
}

fn rows_of(
    table: &Table,
    rows: &[TableRow],
    id_column: Option<usize>,
    mut each: impl FnMut(&TableRow) -> std::result::Result<Vec<DonationRecord>, Bad>,
) -> Vec<Row> {
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let outcome = match table.width_problem(row) {
            Some(problem) => Err(problem),
            None => each(row),
        };
        match outcome {
            Ok(records) => out.extend(records.into_iter().map(Row::Record)),
            Err(bad) => out.push(skip(row, id_column, bad)),
        }
    }
    out
}

/// `each_row` for readers that take each row on its own: a large file is split between the
/// machine's cores, and the rows come back in the file's order.
pub(crate) fn each_row_apart(
    table: &Table,
    id_column: Option<usize>,
    each: impl Fn(&TableRow) -> std::result::Result<Vec<DonationRecord>, Bad> + Sync,
) -> Vec<Row> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(8));
    if threads < 2 || table.rows.len() < PARALLEL_ROWS {
        return each_row(table, id_column, each);
    }
    let chunk = table.rows.len().div_ceil(threads);
    let each = &each;
    std::thread::scope(|scope| {
        let parts: Vec<_> = table
            .rows
            .chunks(chunk)
            .map(|rows| scope.spawn(move || rows_of(table, rows, id_column, each)))
            .collect();
        let mut all = Vec::with_capacity(table.rows.len());
        for part in parts {
            match part.join() {
                Ok(rows) => all.extend(rows),
                // A reader that panicked is a bug; carry the panic on rather than lose rows.
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        all
    })
}

/// Below this many rows a file is read on one core: starting threads would cost more.
const PARALLEL_ROWS: usize = 20_000;

pub(crate) fn skip(row: &TableRow, id_column: Option<usize>, bad: Bad) -> Row {
    Row::Skipped(Skip {
        line: row.line,
        record: row
            .get(id_column)
            .map(str::to_owned)
            .unwrap_or_else(|| format!("row on line {}", row.line)),
        field: bad.field,
        reason: bad.reason,
    })
}

/// A second row with an id already taken in this file is skipped: importing it would count
/// the same money twice (exports overlap when downloaded for overlapping periods).
fn without_duplicates(rows: Vec<Row>) -> Vec<Row> {
    let mut seen: HashMap<String, u64> = HashMap::with_capacity(rows.len());
    rows.into_iter()
        .map(|row| match row {
            Row::Record(record) => match seen.get(&record.external_id) {
                Some(first) => Row::Skipped(Skip {
                    line: record.line,
                    record: record.external_id.clone(),
                    field: "id".into(),
                    reason: format!("the same id as the row on line {first}: a duplicate"),
                }),
                None => {
                    seen.insert(record.external_id.clone(), record.line);
                    Row::Record(record)
                }
            },
            skipped => skipped,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_headers_name_the_file_and_the_known_formats() {
        let err = read_bytes(b"foo,bar\n1,2\n", "x.csv", None, &ReadOptions::default())
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("x.csv:"), "{err}");
        assert!(err.contains("Stripe payments export"), "{err}");
        assert!(err.contains("foo, bar"), "{err}");
        for format in Format::ALL {
            assert_eq!(format.as_str().parse::<Format>().unwrap(), *format);
        }
    }
}
