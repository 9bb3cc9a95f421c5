//! Taking donations in from payment exports: a preview first (the format recognized, the first
//! rows as read, every row that will be skipped and why, the totals per currency, and whether
//! the day/month order or a column mapping must be chosen), then the import itself in one
//! transaction: all of it or none of it, idempotent by source + id, donors found again by
//! e-mail or the source's customer id, refunds linked to the gifts they reverse, gifts matched
//! to a campaign the export names, and the import recorded with what it skipped.
use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use ts_rs::TS;

use super::import::{
    self as readers, ColumnMapping, DateOrder, DateOrderStatus, DonationRecord, Format, ReadOptions,
};
use super::ledger::normalize_email;
use super::money::{self, Style};
use crate::db::{self, fundraising::NewDonation, Store};
use crate::error::{CoreError, Result};
use crate::ids;
use crate::model::DonationKind;
use crate::moderation::moderators::Moderator;
use crate::settings;
use crate::skip::Skip;
use crate::time;

/// The choices made for one file (in the preview, or on the command line).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct DonationOptions {
    /// None: recognized from the header row.
    pub format: Option<Format>,
    /// The day/month order, when the file leaves it open.
    pub date_order: Option<DateOrder>,
    /// For a CSV no format recognizes: which column holds what. Remembered for files with
    /// the same header.
    pub mapping: Option<ColumnMapping>,
}

/// Per-currency sums in minor units, with the same sums ready to show, laid out as a payment
/// provider's statement is: gross is what the gifts brought in (refunds are not taken off it),
/// refunds and disputes are their own line (≤ 0), and net = gross − fees + refunds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct CurrencyTotals {
    pub currency: String,
    pub records: u64,
    pub gross_minor: i64,
    pub fee_minor: i64,
    pub refunds_minor: i64,
    pub net_minor: i64,
    pub gross_display: String,
    pub fee_display: String,
    pub refunds_display: String,
    pub net_display: String,
}

/// One of the first records as read, with its amounts ready to show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct PreviewRow {
    pub record: DonationRecord,
    pub gross_display: String,
    pub fee_display: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct DonationPreview {
    pub file_name: String,
    /// None when no format recognizes the header: a column mapping is needed.
    pub format: Option<Format>,
    pub format_label: String,
    pub encoding: String,
    pub date_order: DateOrderStatus,
    /// Records the file gives (a refunded payment gives two).
    pub records: usize,
    /// Of those, how many the ledger already has (a re-import adds only the rest).
    pub already_imported: usize,
    pub first_rows: Vec<PreviewRow>,
    pub skipped: Vec<Skip>,
    pub totals: Vec<CurrencyTotals>,
    /// The header row and its signature (for a mapping to be remembered by).
    pub header: Vec<String>,
    pub signature: String,
    /// The mapping used, or remembered for this header.
    pub mapping: Option<ColumnMapping>,
    /// Why the file cannot be imported as it stands (no format, no mapping), if so.
    pub problem: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct DonationProgress {
    pub done: u64,
    pub total: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct DonationImportSummary {
    pub import_id: String,
    pub file_name: String,
    pub format: Format,
    pub format_label: String,
    pub date_order: DateOrderStatus,
    /// Records written now.
    pub imported: u64,
    /// Records the ledger had already (left as they were).
    pub already_imported: u64,
    pub skipped: Vec<Skip>,
    /// Per currency, of the records written now.
    pub totals: Vec<CurrencyTotals>,
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// The header row of a CSV file, for mapping its columns.
fn header_of(path: &Path) -> Result<Vec<String>> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_path(path)
        .map_err(|err| CoreError::invalid(file_name(path), err.to_string()))?;
    let header = reader
        .headers()
        .map_err(|err| CoreError::invalid(file_name(path), err.to_string()))?;
    Ok(header
        .iter()
        .map(|h| h.trim_start_matches('\u{feff}').trim().to_string())
        .collect())
}

fn totals_of<'a>(records: impl Iterator<Item = &'a DonationRecord>) -> Result<Vec<CurrencyTotals>> {
    let mut sums: BTreeMap<String, (u64, i64, i64, i64, i64)> = BTreeMap::new();
    for r in records {
        let t = sums.entry(r.currency.clone()).or_default();
        t.0 += 1;
        if matches!(r.kind, DonationKind::Refund | DonationKind::Dispute) {
            t.3 += r.gross_minor;
        } else {
            t.1 += r.gross_minor;
        }
        t.2 += r.fee_minor;
        t.4 += r.net_minor;
    }
    sums.into_iter()
        .map(|(currency, (records, gross, fee, refunds, net))| {
            let show = |m| money::format(m, &currency, Style::Exact);
            Ok(CurrencyTotals {
                gross_display: show(gross)?,
                fee_display: show(fee)?,
                refunds_display: show(refunds)?,
                net_display: show(net)?,
                currency,
                records,
                gross_minor: gross,
                fee_minor: fee,
                refunds_minor: refunds,
                net_minor: net,
            })
        })
        .collect()
}

/// Reads the file with the newsroom's zone and any mapping remembered for its header.
fn parse(
    conn: &rusqlite::Connection,
    path: &Path,
    bytes: &[u8],
    options: &DonationOptions,
) -> Result<(readers::Parsed, Option<ColumnMapping>)> {
    let zone = settings::zone(conn)?;
    let mut mapping = options.mapping.clone();
    if mapping.is_none() && matches!(options.format, None | Some(Format::Generic)) {
        if let Ok(header) = header_of(path) {
            if readers::detect(&header).is_none() {
                let signature = readers::header_signature(&header);
                if let Some(json) = db::ledger::mapping(conn, &signature)? {
                    mapping =
                        Some(
                            serde_json::from_str(&json).map_err(|err| CoreError::CorruptRow {
                                table: "import_mappings",
                                id: signature.clone(),
                                field: "mapping",
                                message: err.to_string(),
                            })?,
                        );
                }
            }
        }
    }
    let read = ReadOptions {
        date_order: options.date_order,
        zone: Some(zone),
        mapping: mapping.clone(),
    };
    let parsed = readers::read_bytes(bytes, &file_name(path), options.format, &read)?;
    Ok((parsed, mapping))
}

/// What importing `path` would do, without writing anything.
/// A donation file's first rows, for those who keep the fundraising side (it shows donors).
pub fn preview(
    store: &Store,
    who: &Moderator,
    path: &Path,
    options: &DonationOptions,
) -> Result<DonationPreview> {
    who.must_edit_fundraising("donations are imported")?;
    store.read(|conn| {
        let header = header_of(path).unwrap_or_default();
        let signature = readers::header_signature(&header);
        let bytes = read_file(path)?;
        let (parsed, mapping) = match parse(conn, path, &bytes, options) {
            Ok(found) => found,
            // A header no format knows: the preview asks for a mapping instead of failing.
            Err(err @ CoreError::Invalid { .. })
                if options.mapping.is_none()
                    && !header.is_empty()
                    && readers::detect(&header).is_none() =>
            {
                return Ok(DonationPreview {
                    file_name: file_name(path),
                    format: None,
                    format_label: "Unrecognized CSV".into(),
                    encoding: String::new(),
                    date_order: DateOrderStatus::NotNeeded,
                    records: 0,
                    already_imported: 0,
                    first_rows: Vec::new(),
                    skipped: Vec::new(),
                    totals: Vec::new(),
                    header,
                    signature,
                    mapping: None,
                    problem: Some(err.to_string()),
                })
            }
            Err(err) => return Err(err),
        };
        let records: Vec<&DonationRecord> = parsed.records().collect();
        let mut already = 0;
        for r in &records {
            if db::ledger::donation_key(conn, &r.source, &r.external_id)?.is_some() {
                already += 1;
            }
        }
        Ok(DonationPreview {
            file_name: file_name(path),
            format: Some(parsed.format),
            format_label: parsed.format.label().to_string(),
            encoding: parsed.encoding.clone(),
            date_order: parsed.date_order,
            records: records.len(),
            already_imported: already,
            first_rows: records
                .iter()
                .take(20)
                .map(|r| {
                    Ok(PreviewRow {
                        gross_display: money::format(r.gross_minor, &r.currency, Style::Exact)?,
                        fee_display: money::format(r.fee_minor, &r.currency, Style::Exact)?,
                        record: (*r).clone(),
                    })
                })
                .collect::<Result<_>>()?,
            skipped: parsed.skips().cloned().collect(),
            totals: totals_of(records.iter().copied())?,
            header,
            signature,
            mapping,
            problem: None,
        })
    })
}

fn read_file(path: &Path) -> Result<Vec<u8>> {
    std::fs::read(path).map_err(|source| CoreError::Io {
        path: path.to_path_buf(),
        source,
    })
}

fn sha256_of(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// What becomes of a refund or dispute whose gift the ledger holds.
enum RefundPlan {
    /// Written as the file gives it.
    AsIs,
    /// A running total: only the part beyond the refunds already recorded is written.
    Adjusted(Box<DonationRecord>),
    /// A running total the ledger's refunds already add up to.
    Covered,
    /// Left out, with the reason: it would count money the ledger already has.
    SetApart(Skip),
}

/// Some exports state a payment's refunds as its refunded total so far (Stripe's payments
/// export), others as one row per refund (Stripe's balance report). The ledger keeps the
/// refunds of a payment adding up to the largest total any export showed, never more.
fn plan_refund(
    conn: &rusqlite::Connection,
    record: &DonationRecord,
    gift: &str,
) -> Result<RefundPlan> {
    let existing = db::ledger::refunds_of(conn, gift)?;
    if existing.is_empty() {
        return Ok(RefundPlan::AsIs);
    }
    if record.running_total {
        // What is recorded, in the record's currency: a refund kept in another currency counts
        // through the conversion it carries into this one; without one, the two cannot be
        // compared and the refund is set apart rather than guessed at.
        let mut recorded = 0i64;
        for r in &existing {
            let in_currency = if r.currency == record.currency {
                Some(r.gross_minor)
            } else {
                r.converted
                    .as_ref()
                    .filter(|(_, currency)| *currency == record.currency)
                    .map(|(minor, _)| *minor)
            };
            match in_currency {
                Some(minor) => recorded += minor,
                None => {
                    return Ok(RefundPlan::SetApart(Skip {
                        line: record.line,
                        record: record.external_id.clone(),
                        field: "Amount Refunded".into(),
                        reason: format!(
                            "this payment already has a refund in {} ({}), which cannot be \
                             compared with a refunded total in {}; enter any difference by hand",
                            r.currency, r.external_id, record.currency
                        ),
                    }))
                }
            }
        }
        // Amounts are negative: a total no larger than what is recorded adds nothing.
        if record.gross_minor >= recorded {
            return Ok(RefundPlan::Covered);
        }
        let mut adjusted = record.clone();
        adjusted.external_id = format!("{}:{}", record.external_id, -record.gross_minor);
        adjusted.gross_minor = record.gross_minor - recorded;
        adjusted.net_minor = adjusted.gross_minor - adjusted.fee_minor;
        // The new part converted in the same proportion as the refunded total was.
        adjusted.converted = match &record.converted {
            Some(c) if record.gross_minor != 0 => Some(super::import::Converted {
                gross_minor: share(c.gross_minor, adjusted.gross_minor, record.gross_minor)?,
                ..c.clone()
            }),
            _ => None,
        };
        adjusted.note = Some(format!(
            "{} (the part refunded since an earlier export: its total is now {})",
            record.note.as_deref().unwrap_or("Refund"),
            money::format(-record.gross_minor, &record.currency, Style::Exact)?
        ));
        return Ok(RefundPlan::Adjusted(Box::new(adjusted)));
    }
    let stripe = record.source == Format::StripePayments.source();
    let summed = stripe
        && record
            .original_external_id
            .as_deref()
            .is_some_and(|charge| {
                existing
                    .iter()
                    .any(|r| readers::stripe::is_running_refund_key(&r.external_id, charge))
            });
    if summed && !existing.iter().any(|r| r.external_id == record.external_id) {
        return Ok(RefundPlan::SetApart(Skip {
            line: record.line,
            record: record.external_id.clone(),
            field: "refund".into(),
            reason: "this payment's refunds are already in the ledger from a Stripe payments \
                     export, which gives each payment's refunded total; this refund is left out \
                     so that it is not counted twice (a newer payments export brings in any \
                     refund made since)"
                .into(),
        }));
    }
    Ok(RefundPlan::AsIs)
}

/// `total × part ÷ whole` in integer minor units, rounded half to even.
fn share(total: i64, part: i64, whole: i64) -> Result<i64> {
    let value = rust_decimal::Decimal::from(total) * rust_decimal::Decimal::from(part)
        / rust_decimal::Decimal::from(whole);
    i64::try_from(
        value.round_dp_with_strategy(0, rust_decimal::RoundingStrategy::MidpointNearestEven),
    )
    .map_err(|_| CoreError::invalid("amount", "the converted refund is too large"))
}

/// Stripe's payments export gives a payment's dispute as `<charge>:dispute`, its balance
/// report as the dispute's own id (`dp_…`): the same money. Whichever came second is set
/// apart with the reason (or, a second payments export, counted as already in the ledger).
fn plan_dispute(
    conn: &rusqlite::Connection,
    record: &DonationRecord,
    gift: &str,
) -> Result<RefundPlan> {
    let Some(charge) = record.original_external_id.as_deref() else {
        return Ok(RefundPlan::AsIs);
    };
    if record.source != Format::StripePayments.source() {
        return Ok(RefundPlan::AsIs);
    }
    let summary_key = readers::stripe::dispute_key(charge);
    let existing = db::ledger::disputes_of(conn, gift)?;
    if existing.contains(&record.external_id) {
        return Ok(RefundPlan::AsIs);
    }
    let from_payments = record.external_id == summary_key;
    let other_report = existing
        .iter()
        .any(|key| (*key == summary_key) != from_payments);
    if !other_report {
        return Ok(RefundPlan::AsIs);
    }
    if from_payments {
        return Ok(RefundPlan::Covered);
    }
    Ok(RefundPlan::SetApart(Skip {
        line: record.line,
        record: record.external_id.clone(),
        field: "dispute".into(),
        reason: "this payment's dispute is already in the ledger from a Stripe payments \
                 export; it is left out so that it is not counted twice"
            .into(),
    }))
}

/// Below this many records, inserting index entries one by one is quick anyway.
const BULK_LOAD_MIN: u64 = 5_000;

/// Whether an import of `incoming` records into a ledger of `existing` rows should build the
/// ledger's date, donor and campaign indexes afresh instead of adding to them row by row: a
/// first import of a newsroom's history, or one that at least doubles the ledger. Rebuilding
/// sorts every row, old and new, so it only pays when the new rows are the larger part.
pub fn bulk_load(incoming: u64, existing: i64) -> bool {
    incoming >= BULK_LOAD_MIN && incoming as i64 >= existing
}

/// Imports `path` in one transaction. A file whose day/month order is open must come with
/// `options.date_order`; setting `cancel` aborts with nothing written.
pub fn import(
    store: &Store,
    who: &Moderator,
    path: &Path,
    options: &DonationOptions,
    cancel: &AtomicBool,
    progress: &mut dyn FnMut(DonationProgress),
) -> Result<DonationImportSummary> {
    who.must_edit_fundraising("donations are imported")?;
    let _span = tracing::info_span!("import donations").entered();
    // Read once, before the write lock is taken: the hash and the records come from the same
    // bytes, so the import records the digest of exactly what it read.
    let bytes = read_file(path)?;
    let sha256 = sha256_of(&bytes);
    let name = file_name(path);
    store.write(|tx| {
        let (parsed, mapping) = parse(tx, path, &bytes, options)?;
        if let DateOrderStatus::Ambiguous { .. } = parsed.date_order {
            return Err(CoreError::invalid(
                "date_order",
                format!(
                    "{name}: no date in the file has a day above 12, so 03/04 could be 3 April or \
                     March 4. Choose the order (day first or month first) and import again."
                ),
            ));
        }
        if let (Format::Generic, Some(mapping)) = (parsed.format, &mapping) {
            let header = header_of(path)?;
            let json = serde_json::to_string(mapping)
                .map_err(|err| CoreError::invalid("mapping", err.to_string()))?;
            db::ledger::save_mapping(
                tx,
                &readers::header_signature(&header),
                &json,
                &time::now_stored(),
            )?;
        }
        let import_id = ids::new_v7();
        let started = time::now_stored();
        db::imports::start(
            tx,
            &import_id,
            "donations",
            parsed.format.as_str(),
            &name,
            &sha256,
            &started,
        )?;
        let records: Vec<&DonationRecord> = parsed.records().collect();
        let total = records.len() as u64;
        // Gifts first, then what reverses them, so a refund finds its gift in the same file.
        let mut order: Vec<&DonationRecord> = records
            .iter()
            .copied()
            .filter(|r| matches!(r.kind, DonationKind::OneTime | DonationKind::Recurring))
            .collect();
        order.extend(
            records
                .iter()
                .copied()
                .filter(|r| !matches!(r.kind, DonationKind::OneTime | DonationKind::Recurring)),
        );
        let set_aside = if bulk_load(total, db::ledger::donation_high_water(tx)?) {
            Some(db::ledger::set_aside_donation_indexes(tx)?)
        } else {
            None
        };
        let mut campaigns: HashMap<String, Option<String>> = HashMap::new();
        // Donors seen in this file, and each one's earliest new gift (settled once at the end).
        let mut donors: HashMap<(Option<String>, Option<String>), Option<String>> = HashMap::new();
        let mut first_gifts: HashMap<String, &str> = HashMap::new();
        let mut written: Vec<Cow<DonationRecord>> = Vec::new();
        let mut set_apart: Vec<Skip> = Vec::new();
        let mut already = 0u64;
        // Refunds and disputes another export brought before their gift are linked to it once
        // this file's gifts are in, before this file's own refunds are weighed against them.
        let mut linked = false;
        for (done, record) in order.into_iter().enumerate() {
            if !linked && !matches!(record.kind, DonationKind::OneTime | DonationKind::Recurring) {
                db::ledger::link_waiting_reversals(tx)?;
                linked = true;
            }
            if done % 1000 == 0 {
                if cancel.load(Ordering::Relaxed) {
                    return Err(CoreError::Cancelled);
                }
                progress(DonationProgress {
                    done: done as u64,
                    total,
                });
            }
            let email = record
                .donor
                .email
                .as_deref()
                .and_then(|e| normalize_email(e).ok().flatten());
            let donor_key = (email.clone(), record.donor.customer_id.clone());
            let donor_id = match donors.get(&donor_key) {
                Some(found) => found.clone(),
                None => {
                    let found = db::ledger::donor_for(
                        tx,
                        &record.source,
                        record.donor.customer_id.as_deref(),
                        email.as_deref(),
                        record.donor.name.as_deref(),
                        record.donor.country.as_deref(),
                    )?;
                    donors.insert(donor_key, found.clone());
                    found
                }
            };
            let original = match &record.original_external_id {
                Some(original) => db::ledger::original(tx, &record.source, original)?,
                None => None,
            };
            let (original_id, original_campaign) = original.unzip();
            // Gifts are never adjusted below: their time can be kept by reference.
            let read = record;
            let record: Cow<DonationRecord> = match &original_id {
                Some(gift)
                    if matches!(record.kind, DonationKind::Refund | DonationKind::Dispute) =>
                {
                    let plan = if record.kind == DonationKind::Refund {
                        plan_refund(tx, record, gift)?
                    } else {
                        plan_dispute(tx, record, gift)?
                    };
                    match plan {
                        RefundPlan::AsIs => Cow::Borrowed(record),
                        RefundPlan::Adjusted(adjusted) => Cow::Owned(*adjusted),
                        RefundPlan::Covered => {
                            already += 1;
                            continue;
                        }
                        RefundPlan::SetApart(skip) => {
                            set_apart.push(skip);
                            continue;
                        }
                    }
                }
                _ => Cow::Borrowed(record),
            };
            let campaign_id = match &record.campaign {
                Some(name) => match campaigns.get(name) {
                    Some(found) => found.clone(),
                    None => {
                        let found = db::ledger::campaign_by_name(tx, name)?;
                        campaigns.insert(name.clone(), found.clone());
                        found
                    }
                },
                // A refund counts against the campaign its gift was assigned to, not against
                // whichever campaign's window its own date falls in.
                None => original_campaign.flatten(),
            };
            let (_, new) = db::fundraising::insert_donation_only(
                tx,
                &NewDonation {
                    source: &record.source,
                    external_id: &record.external_id,
                    donor_id: donor_id.as_deref(),
                    campaign_id: campaign_id.as_deref(),
                    kind: record.kind,
                    gross_minor: record.gross_minor,
                    fee_minor: record.fee_minor,
                    currency: &record.currency,
                    original_id: original_id.as_deref(),
                    occurred_at: &record.occurred_at,
                    import_id: Some(&import_id),
                    created_at: &started,
                    converted: record
                        .converted
                        .as_ref()
                        .map(|c| (c.gross_minor, c.currency.as_str())),
                    method: None,
                    note: record.note.as_deref().unwrap_or(""),
                    payments_per_year: record.payments_per_year,
                    original_external_id: record.original_external_id.as_deref(),
                },
            )?;
            if new {
                if let (Some(donor), DonationKind::OneTime | DonationKind::Recurring) =
                    (&donor_id, record.kind)
                {
                    let at = read.occurred_at.as_str();
                    let earliest = first_gifts.entry(donor.clone()).or_insert(at);
                    if at < *earliest {
                        *earliest = at;
                    }
                }
                written.push(record);
            } else {
                already += 1;
            }
        }
        if !linked {
            db::ledger::link_waiting_reversals(tx)?;
        }
        if let Some(indexes) = set_aside {
            indexes.rebuild(tx)?;
        }
        for (donor, at) in &first_gifts {
            db::fundraising::settle_first_gift(tx, Some(donor), at)?;
        }
        progress(DonationProgress { done: total, total });
        let mut skipped: Vec<Skip> = parsed.skips().cloned().collect();
        // Rows the file gives: its records (set-apart ones among them) and the rows skipped
        // when reading.
        let rows_in_file = (records.len() + skipped.len()) as i64;
        skipped.extend(set_apart);
        skipped.sort_by_key(|skip| skip.line);
        let errors = serde_json::to_string(&skipped)
            .map_err(|err| CoreError::invalid("skipped", err.to_string()))?;
        db::imports::finish(
            tx,
            &import_id,
            rows_in_file,
            written.len() as i64,
            skipped.len() as i64,
            &errors,
            &time::now_stored(),
        )?;
        Ok(DonationImportSummary {
            import_id,
            file_name: name.clone(),
            format: parsed.format,
            format_label: parsed.format.label().to_string(),
            date_order: parsed.date_order,
            imported: written.len() as u64,
            already_imported: already,
            skipped,
            totals: totals_of(written.iter().map(|r| r.as_ref()))?,
        })
    })
}
