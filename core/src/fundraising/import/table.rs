//! The CSV underneath every reader: the file decoded to text, split into a header and rows that
//! remember their line, column lookup by normalized name with aliases (exports rename columns
//! between versions and languages), and the small helpers each reader shares to turn one cell
//! into money, a currency or a country while saying which field was wrong.
use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::OnceLock;

use csv::StringRecord;

use super::{DonationRecord, DonorRecord};
use crate::fundraising::{amount, money};
use crate::model::DonationKind;

/// Why one row could not be taken: the field it failed on and a sentence for the person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Bad {
    pub field: String,
    pub reason: String,
}

pub(crate) fn bad(field: &str, reason: impl Into<String>) -> Bad {
    Bad {
        field: field.to_owned(),
        reason: reason.into(),
    }
}

/// A column name as compared: no BOM, trimmed, lower case, inner runs of spaces made one.
pub(crate) fn normalize(name: &str) -> String {
    name.trim_start_matches('\u{feff}')
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The header's names, normalized, for lookups by any of a column's known names.
#[derive(Debug, Clone)]
pub(crate) struct Columns {
    norm: Vec<String>,
}

impl Columns {
    pub fn new<S: AsRef<str>>(header: &[S]) -> Self {
        Columns {
            norm: header.iter().map(|h| normalize(h.as_ref())).collect(),
        }
    }

    /// The first of `aliases` (already normalized) the header has.
    pub fn col(&self, aliases: &[&str]) -> Option<usize> {
        aliases
            .iter()
            .find_map(|alias| self.norm.iter().position(|n| n == alias))
    }

    pub fn has(&self, aliases: &[&str]) -> bool {
        self.col(aliases).is_some()
    }

    pub fn names(&self) -> &[String] {
        &self.norm
    }

    pub fn len(&self) -> usize {
        self.norm.len()
    }
}

/// One data row and the file line it starts on.
#[derive(Debug, Clone)]
pub(crate) struct TableRow {
    pub line: u64,
    pub cells: StringRecord,
}

impl TableRow {
    /// The trimmed cell, or None when the column is absent or the cell is blank.
    pub fn get(&self, idx: Option<usize>) -> Option<&str> {
        idx.and_then(|i| self.cells.get(i))
            .map(str::trim)
            .filter(|v| !v.is_empty())
    }

    pub fn is_blank(&self) -> bool {
        self.cells.iter().all(|c| c.trim().is_empty())
    }
}

/// A whole CSV file: header and rows (blank lines and rows of only empty cells are left out).
#[derive(Debug, Clone)]
pub(crate) struct Table {
    pub header: Vec<String>,
    pub cols: Columns,
    pub rows: Vec<TableRow>,
    /// How many rows have each width (cells), to tell an older layout from a cut row.
    widths: std::collections::HashMap<usize, usize>,
}

impl Table {
    /// Splits `text` (already decoded). The delimiter is the one the header row uses most
    /// (comma, semicolon or tab), since spreadsheet programs in some locales write semicolons.
    pub fn parse(text: &str) -> Result<Table, String> {
        let first_line = text.lines().next().unwrap_or("");
        let delimiter = [b',', b';', b'\t']
            .into_iter()
            .max_by_key(|d| first_line.matches(char::from(*d)).count())
            .unwrap_or(b',');
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(delimiter)
            .from_reader(text.as_bytes());
        // One record read into again and again, then copied at its final size: reading each
        // row into a fresh record would grow its buffers step by step, row after row.
        let mut record = StringRecord::new();
        let mut records = std::iter::from_fn(move || match reader.read_record(&mut record) {
            Ok(true) => Some(Ok(record.clone())),
            Ok(false) => None,
            Err(err) => Some(Err(err)),
        });
        let header: Vec<String> = match records.next() {
            None => return Err("the file is empty: it has no header row".into()),
            Some(Err(err)) => return Err(format!("the header row is not readable CSV: {err}")),
            Some(Ok(record)) => record
                .iter()
                .map(|h| h.trim_start_matches('\u{feff}').trim().to_owned())
                .collect(),
        };
        // Lines are counted from byte offsets: the csv crate's own line count skips blank
        // lines, and a skipped row must name the line a person sees in an editor.
        let bytes = text.as_bytes();
        let (mut counted_to, mut line) = (0usize, 1u64);
        let mut line_at = |byte: usize| {
            // A record's position is where reading began, before the blank lines it skipped.
            let mut end = byte.min(bytes.len());
            while end < bytes.len() && matches!(bytes[end], b'\n' | b'\r') {
                end += 1;
            }
            if end > counted_to {
                line += bytes[counted_to..end]
                    .iter()
                    .filter(|b| **b == b'\n')
                    .count() as u64;
                counted_to = end;
            }
            line
        };
        let mut rows = Vec::new();
        for record in records {
            let cells = match record {
                Ok(cells) => cells,
                Err(err) => {
                    let at = err
                        .position()
                        .map(|p| line_at(p.byte() as usize))
                        .unwrap_or(0);
                    return Err(format!("line {at} is not readable CSV: {err}"));
                }
            };
            let line = cells
                .position()
                .map(|p| line_at(p.byte() as usize))
                .unwrap_or(0);
            let row = TableRow { line, cells };
            if !row.is_blank() {
                rows.push(row);
            }
        }
        let mut widths = std::collections::HashMap::new();
        for row in &rows {
            *widths.entry(row.cells.len()).or_insert(0) += 1;
        }
        Ok(Table {
            cols: Columns::new(&header),
            header,
            rows,
            widths,
        })
    }

    pub fn col(&self, aliases: &[&str]) -> Option<usize> {
        self.cols.col(aliases)
    }

    /// A row with more cells than the header, the extra ones not empty, is shifted: its values
    /// cannot be trusted to sit under the right names. A row with fewer cells is read as having
    /// the missing trailing cells empty when other rows have the same width: an older layout
    /// (a Stripe payments export whose newer columns were added at the end writes its early
    /// rows that way), every value under its own column. A short row of a width no other row
    /// has was cut (a download stopped mid-row) and is refused: its empty cells would read as
    /// "paid, nothing refunded".
    pub fn width_problem(&self, row: &TableRow) -> Option<Bad> {
        let want = self.cols.len();
        let have = row.cells.len();
        let extra_filled = row.cells.iter().skip(want).any(|c| !c.trim().is_empty());
        let cut = have < want && self.widths.get(&have).copied().unwrap_or(0) < 2;
        if extra_filled || cut {
            Some(bad(
                "columns",
                format!(
                    "the row has {have} cells where the header has {want}: a ragged row, its values may sit under the wrong columns"
                ),
            ))
        } else {
            None
        }
    }
}

/// Decodes the file: UTF-8 (with or without BOM), UTF-16 with a BOM, or, when the bytes are not
/// UTF-8, Windows-1252 (what spreadsheet programs on Windows save as "CSV").
pub(crate) fn decode(bytes: &[u8]) -> (Cow<'_, str>, &'static str) {
    if let Some((encoding, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, _) = encoding.decode_without_bom_handling(&bytes[bom..]);
        return (text, encoding.name());
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => (Cow::Borrowed(text), "UTF-8"),
        Err(_) => {
            let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
            (text, "windows-1252")
        }
    }
}

/// The cell as minor units of `currency`; blank is None; text that is not one amount is `Bad`.
pub(crate) fn money(
    row: &TableRow,
    idx: Option<usize>,
    field: &str,
    currency: &str,
) -> Result<Option<i64>, Bad> {
    match row.get(idx) {
        None => Ok(None),
        Some(text) => {
            if let Some(minor) = plain_amount(text, currency) {
                return Ok(Some(minor));
            }
            amount::parse(text, currency).map_err(|err| {
                let why = match err {
                    crate::error::CoreError::Invalid { message, .. } => message,
                    other => other.to_string(),
                };
                bad(field, format!("cannot read the {currency} amount {why}"))
            })
        }
    }
}

/// The common shape "1234.56" / "-0.54" / "3000" (digits, at most one point followed by
/// exactly the currency's decimals) read without allocating; anything else, and every amount
/// of a three-decimal currency (where "1.500" is ambiguous), goes to `amount::parse`, whose
/// reading this agrees with on every text it accepts.
fn plain_amount(text: &str, currency: &str) -> Option<i64> {
    let exponent = exponent(currency)?;
    if exponent > 2 {
        return None;
    }
    let (negative, body) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (whole, fraction) = body.split_once('.').unwrap_or((body, ""));
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty()
        || whole.len() > 15
        || !all_digits(whole)
        || !all_digits(fraction)
        || (body.contains('.') && fraction.len() != exponent as usize)
    {
        return None;
    }
    let mut minor: i64 = 0;
    for b in whole.bytes().chain(fraction.bytes()) {
        minor = minor * 10 + i64::from(b - b'0');
    }
    for _ in fraction.len()..exponent as usize {
        minor *= 10;
    }
    // Above the cap, `amount::parse` says why.
    if minor > amount::MAX_MINOR {
        return None;
    }
    Some(if negative { -minor } else { minor })
}

/// Like `money`, but the cell must be there.
pub(crate) fn money_required(
    row: &TableRow,
    idx: Option<usize>,
    field: &str,
    currency: &str,
) -> Result<i64, Bad> {
    money(row, idx, field, currency)?.ok_or_else(|| bad(field, "the amount is empty"))
}

/// An ISO 4217 code from the cell (any case), checked.
pub(crate) fn currency(text: Option<&str>, field: &str) -> Result<String, Bad> {
    let code = text
        .ok_or_else(|| bad(field, "the currency is empty"))?
        .trim()
        .to_ascii_uppercase();
    exponent(&code)
        .ok_or_else(|| bad(field, format!("{code:?} is not an ISO 4217 currency code")))?;
    Ok(code)
}

/// The decimals of an ISO 4217 code, None for codes ISO does not know. The last code looked up
/// is remembered: a file is nearly always one or two currencies, and the lookup is a long
/// string match that otherwise shows in the profile of a 100,000-row import.
fn exponent(code: &str) -> Option<u32> {
    use std::cell::Cell;
    thread_local!(static LAST: Cell<([u8; 3], u32)> = const { Cell::new(([0; 3], 0)) });
    let key: [u8; 3] = code.as_bytes().try_into().ok()?;
    LAST.with(|last| {
        let (known, exponent) = last.get();
        if known == key {
            return Some(exponent);
        }
        let exponent = money::exponent(money::currency(code).ok()?);
        last.set((key, exponent));
        Some(exponent)
    })
}

/// A fee paid in another currency, brought into the payment's currency at the rate the
/// provider itself used for that payment (`amount` over `converted`), rounded half away from
/// zero. Integer arithmetic only.
pub(crate) fn at_rate(fee: i64, amount: i64, converted: i64, field: &str) -> Result<i64, Bad> {
    if converted == 0 {
        return if fee == 0 {
            Ok(0)
        } else {
            Err(bad(
                field,
                "a fee on a payment whose converted amount is 0: no rate to bring it back",
            ))
        };
    }
    let numerator = i128::from(fee) * i128::from(amount);
    let denominator = i128::from(converted);
    let (q, r) = (numerator / denominator, numerator % denominator);
    let rounded = if 2 * r.abs() >= denominator.abs() {
        q + if (numerator < 0) == (denominator < 0) {
            1
        } else {
            -1
        }
    } else {
        q
    };
    i64::try_from(rounded).map_err(|_| bad(field, "the fee is too large"))
}

/// One ledger entry; the net is computed (never taken from the file) so net = gross - fee
/// always holds, and the sign of the gross must fit the kind: gifts take money in, refunds and
/// disputes give it back.
pub(crate) fn entry(
    line: u64,
    source: &str,
    external_id: String,
    kind: DonationKind,
    (gross_minor, fee_minor, currency): (i64, i64, &str),
    occurred_at: String,
) -> Result<DonationRecord, Bad> {
    let reversal = matches!(kind, DonationKind::Refund | DonationKind::Dispute);
    if reversal && gross_minor > 0 {
        return Err(bad(
            "amount",
            format!("a {kind} must not add money, but its amount is positive"),
        ));
    }
    if !reversal && gross_minor < 0 {
        return Err(bad(
            "amount",
            "a gift must not take money away, but its amount is negative",
        ));
    }
    let net_minor = gross_minor
        .checked_sub(fee_minor)
        .ok_or_else(|| bad("fee", "the amount minus the fee is too large"))?;
    Ok(DonationRecord {
        line,
        source: source.to_owned(),
        external_id,
        occurred_at,
        kind,
        gross_minor,
        fee_minor,
        net_minor,
        currency: currency.to_owned(),
        converted: None,
        original_external_id: None,
        running_total: false,
        payments_per_year: None,
        donor: DonorRecord::default(),
        campaign: None,
        note: None,
    })
}

/// Checks a net amount the file states against gross - fee.
pub(crate) fn check_net(stated: Option<i64>, gross: i64, fee: i64, field: &str) -> Result<(), Bad> {
    match stated {
        Some(net) if Some(net) != gross.checked_sub(fee) => Err(bad(
            field,
            format!(
                "the net amount does not equal the amount minus the fee ({net} ≠ {gross} - {fee} in minor units)"
            ),
        )),
        _ => Ok(()),
    }
}

/// A truthy cell: yes/true/1/y (any case).
pub(crate) fn truthy(text: Option<&str>) -> bool {
    matches!(
        text.map(str::to_ascii_lowercase).as_deref(),
        Some("yes" | "true" | "1" | "y" | "t")
    )
}

/// An ISO 3166 alpha-2 code from what exports write: alpha-2 ("GB"), alpha-3 ("GBR", GitHub
/// Sponsors) or an English name ("United Kingdom"). Anything else is dropped: a country is
/// optional and a guess would be worse than nothing.
pub(crate) fn country(text: Option<&str>) -> Option<String> {
    static TABLE: OnceLock<HashMap<String, String>> = OnceLock::new();
    let table = TABLE.get_or_init(|| {
        let mut map = HashMap::new();
        for code in iso_country::data::all() {
            map.insert(code.alpha2.to_owned(), code.alpha2.to_owned());
            map.insert(code.alpha3.to_owned(), code.alpha2.to_owned());
            map.insert(code.name.to_uppercase(), code.alpha2.to_owned());
        }
        for (name, code) in [
            ("UNITED STATES", "US"),
            ("USA", "US"),
            ("UNITED KINGDOM", "GB"),
            ("UK", "GB"),
            ("GREAT BRITAIN", "GB"),
            ("RUSSIA", "RU"),
            ("SOUTH KOREA", "KR"),
            ("KOREA, REPUBLIC OF", "KR"),
            ("NETHERLANDS", "NL"),
            ("THE NETHERLANDS", "NL"),
            ("CZECHIA", "CZ"),
            ("CZECH REPUBLIC", "CZ"),
            ("VIETNAM", "VN"),
            ("IRAN", "IR"),
            ("TAIWAN", "TW"),
            ("BOLIVIA", "BO"),
            ("VENEZUELA", "VE"),
            ("TANZANIA", "TZ"),
            ("MOLDOVA", "MD"),
            ("SYRIA", "SY"),
            ("LAOS", "LA"),
        ] {
            map.insert(name.to_owned(), code.to_owned());
        }
        map
    });
    let key = text?.trim().to_uppercase();
    table.get(&key).cloned()
}

/// Text kept as the export wrote it (a name that looks like a spreadsheet formula stays plain
/// text: nothing here evaluates it, and the app's CSV writers neutralize it on the way out).
pub(crate) fn text(value: Option<&str>) -> Option<String> {
    value.map(str::to_owned)
}

/// How many times a year a recurring gift comes, from the word an export uses for its
/// frequency ("monthly", "YEARLY", "annually", "Quarterly", "weekly", "daily"); None for a
/// word that says nothing of it ("recurring", "subscription", "yes").
pub(crate) fn payments_per_year(text: &str) -> Option<u16> {
    let t = text.to_ascii_lowercase();
    let has = |words: &[&str]| words.iter().any(|w| t.contains(w));
    // The compound words first: "semi-annual" is not yearly, nor "biweekly" weekly.
    if has(&[
        "semi-annual",
        "semiannual",
        "half-year",
        "half year",
        "biannual",
        "twice a year",
    ]) {
        Some(2)
    } else if has(&[
        "bimonthly",
        "bi-monthly",
        "every 2 months",
        "every two months",
    ]) {
        Some(6)
    } else if has(&[
        "biweekly",
        "bi-weekly",
        "fortnight",
        "every 2 weeks",
        "every two weeks",
    ]) {
        Some(26)
    } else if has(&["year", "annual"]) {
        Some(1)
    } else if has(&["quarter"]) {
        Some(4)
    } else if has(&["month"]) {
        Some(12)
    } else if has(&["week"]) {
        Some(52)
    } else if has(&["daily", "day"]) {
        Some(365)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn how_often_a_recurring_gift_comes_from_the_word_for_it() {
        for (word, expected) in [
            ("monthly", Some(12)),
            ("MONTHLY", Some(12)),
            ("Quarterly", Some(4)),
            ("annually", Some(1)),
            ("yearly", Some(1)),
            ("semi-annual", Some(2)),
            ("Half-yearly", Some(2)),
            ("bimonthly", Some(6)),
            ("biweekly", Some(26)),
            ("fortnightly", Some(26)),
            ("weekly", Some(52)),
            ("daily", Some(365)),
            ("recurring", None),
            ("yes", None),
        ] {
            assert_eq!(payments_per_year(word), expected, "{word}");
        }
    }

    #[test]
    fn fees_in_another_currency_come_back_at_the_payments_own_rate() {
        // 10.00 EUR charged, 11.00 USD settled, 0.62 USD fee → 0.5636… EUR → 0.56.
        assert_eq!(at_rate(62, 1000, 1100, "Fee").unwrap(), 56);
        assert_eq!(at_rate(-62, 1000, 1100, "Fee").unwrap(), -56);
        // exactly half rounds away from zero
        assert_eq!(at_rate(1, 5, 10, "Fee").unwrap(), 1);
        assert_eq!(at_rate(-1, 5, 10, "Fee").unwrap(), -1);
        assert_eq!(at_rate(0, 5, 0, "Fee").unwrap(), 0);
        assert!(at_rate(3, 5, 0, "Fee").is_err());
    }

    #[test]
    fn the_quick_path_reads_amounts_as_amount_parse_does() {
        for (text, currency) in [
            ("1234.56", "USD"),
            ("-0.54", "USD"),
            ("007.50", "USD"),
            ("3000", "JPY"),
            ("12", "EUR"),
            ("999999999.99", "USD"),
        ] {
            assert_eq!(
                plain_amount(text, currency),
                amount::parse(text, currency).unwrap(),
                "{text} {currency}"
            );
        }
        for (text, currency) in [
            ("12.345", "USD"),
            ("1.5", "JPY"),
            ("1.500", "KWD"),
            ("1,234.56", "USD"),
            ("12.3", "USD"),
            ("-", "USD"),
            (".5", "USD"),
        ] {
            assert_eq!(plain_amount(text, currency), None, "{text} {currency}");
        }
        // Above the cap: not the quick path, and an error from the full one.
        assert_eq!(plain_amount("999999999999999", "USD"), None);
        assert!(amount::parse("999999999999999", "USD").is_err());
    }

    #[test]
    fn countries_from_codes_and_names() {
        assert_eq!(country(Some("gb")).as_deref(), Some("GB"));
        assert_eq!(country(Some("AUT")).as_deref(), Some("AT"));
        assert_eq!(country(Some("United Kingdom")).as_deref(), Some("GB"));
        assert_eq!(country(Some("Germany")).as_deref(), Some("DE"));
        assert_eq!(country(Some("undefined")), None);
        assert_eq!(country(Some("Atlantis")), None);
        assert_eq!(country(None), None);
    }

    #[test]
    fn rows_keep_their_lines_and_semicolon_files_split() {
        let table = Table::parse("\u{feff}a;b\n1;2\n\n\"x\ny\";3\n;\n").unwrap();
        assert_eq!(table.header, vec!["a", "b"]);
        assert_eq!(table.rows.len(), 2);
        assert_eq!(table.rows[0].line, 2);
        assert_eq!(table.rows[1].line, 4);
        assert_eq!(table.rows[1].get(Some(0)), Some("x\ny"));
        assert!(Table::parse("").is_err());
    }

    #[test]
    fn decodes_utf8_boms_utf16_and_windows_1252() {
        assert_eq!(decode(b"\xef\xbb\xbfa").0, "a");
        assert_eq!(decode(b"\xff\xfea\x00").0, "a");
        let (text, name) = decode(b"Jos\xe9");
        assert_eq!((text.as_ref(), name), ("José", "windows-1252"));
    }
}
