//! Open Collective's transactions export, in both column sets it offers: the REST/"legacy"
//! default (`datetime`, `shortId`, `shortGroup`, `description`, `type`, `kind`, `isRefund`,
//! `shortRefundId`, `amount`, `paymentProcessorFee`, `netAmount`, `currency`,
//! `oppositeAccountSlug`, `oppositeAccountName`, …) and the dashboard's "Platform Default"
//! (`Date & Time`, `Transaction ID`, `Group ID`, `Credit/Debit`, `Kind`, `Amount Single Column`,
//! `Currency`, `Is Reverse`, `Reverse Transaction ID`, `Opposite Account Handle`, …).
//!
//! A contribution is a CREDIT of kind CONTRIBUTION (or ADDED_FUNDS): a gift from the opposite
//! account. Open Collective records the fees of a contribution either on the contribution
//! itself (`amount` − `netAmount`) or as separate DEBIT rows of kind HOST_FEE,
//! PAYMENT_PROCESSOR_FEE or PLATFORM_FEE in the same transaction group; those rows are folded
//! into the contribution's fee (by group id), and a PAYMENT_PROCESSOR_COVER credit lowers it.
//! A refund (`isRefund`/`Is Reverse` on a CONTRIBUTION debit) is a negative entry pointing at
//! `shortRefundId`/`Reverse Transaction ID`. Expenses, transfers, platform tips (they go to
//! Open Collective) and other debits are skipped with the reason, as are fee rows whose
//! contribution is not in the file.
//!
//! Recurring: `orderFrequency`/`Contribution Frequency` MONTHLY or YEARLY, or, when that
//! column is absent, a description that starts "Monthly" or "Yearly" (what Open Collective
//! writes: "Monthly contribution from …"). Times are UTC.
use std::collections::HashMap;

use super::table::{self, bad, entry, Bad, Table, TableRow};
use super::{skip, Ctx, DonationRecord, DonorRecord, Format, Row};
use crate::error::Result;
use crate::fundraising::import::dates::{self, DateOrderStatus};
use crate::model::DonationKind;

const DATE: &[&str] = &[
    "datetime",
    "date & time",
    "effective date & time",
    "effectivedate",
    "date",
];
const ID: &[&str] = &[
    "shortid",
    "id",
    "transaction id",
    "legacyid",
    "short transaction id",
    "legacy transaction id",
];
const GROUP: &[&str] = &["shortgroup", "group", "group id", "short group id"];
const TYPE: &[&str] = &["type", "credit/debit"];
const NET: &[&str] = &["netamount", "net amount", "amount single column"];

pub(crate) fn matches(cols: &table::Columns) -> bool {
    cols.has(DATE)
        && cols.has(ID)
        && cols.has(GROUP)
        && cols.has(TYPE)
        && cols.has(&["kind"])
        && cols.has(&["currency"])
        && (cols.has(&["amount"]) || cols.has(NET))
}

struct Columns {
    date: Option<usize>,
    id: Option<usize>,
    group: Option<usize>,
    kind: Option<usize>,
    credit: Option<usize>,
    is_refund: Option<usize>,
    refund_id: Option<usize>,
    amount: Option<usize>,
    net: Option<usize>,
    processor_fee: Option<usize>,
    host_fee: Option<usize>,
    platform_fee: Option<usize>,
    currency: Option<usize>,
    handle: Option<usize>,
    name: Option<usize>,
    email: Option<usize>,
    frequency: Option<usize>,
    description: Option<usize>,
    memo: Option<usize>,
}

/// What a row is.
enum Class {
    Gift,
    Refund,
    /// A fee (or a cover of one) to fold into the entry of its group.
    Fee,
    Skip(String),
}

fn classify(kind: &str, credit: bool, refund: bool) -> Class {
    match kind {
        "CONTRIBUTION" | "ADDED_FUNDS" if refund && !credit => Class::Refund,
        "CONTRIBUTION" | "ADDED_FUNDS" if credit && !refund => Class::Gift,
        "CONTRIBUTION" | "ADDED_FUNDS" => Class::Skip(format!(
            "a {} {kind}: not a contribution received or refunded",
            if credit { "refunded credit" } else { "debit" }
        )),
        "HOST_FEE" | "PAYMENT_PROCESSOR_FEE" | "PLATFORM_FEE" | "PAYMENT_PROCESSOR_COVER" => {
            Class::Fee
        }
        "PLATFORM_TIP" | "PLATFORM_TIP_DEBT" => {
            Class::Skip("a platform tip: it goes to Open Collective, not to the collective".into())
        }
        "EXPENSE" => Class::Skip("an expense paid out, not a donation".into()),
        "" => Class::Skip("the kind is empty".into()),
        other if !credit => {
            Class::Skip(format!("a {other} debit: money going out, not a donation"))
        }
        other => Class::Skip(format!("{other}: not a contribution")),
    }
}

pub(crate) fn read(table: &Table, ctx: &Ctx) -> Result<(Vec<Row>, DateOrderStatus)> {
    ctx.require(
        table,
        Format::OpenCollective,
        &[DATE, ID, GROUP, TYPE, &["kind"], &["currency"]],
    )?;
    let c = Columns {
        date: table.col(DATE),
        id: table.col(ID),
        group: table.col(GROUP),
        kind: table.col(&["kind"]),
        credit: table.col(TYPE),
        is_refund: table.col(&["isrefund", "is refund", "is reverse"]),
        refund_id: table.col(&[
            "shortrefundid",
            "refundid",
            "short refund id",
            "refund id",
            "reverse transaction id",
            "refundlegacyid",
        ]),
        amount: table.col(&["amount"]),
        net: table.col(NET),
        processor_fee: table.col(&["paymentprocessorfee", "payment processor fee"]),
        host_fee: table.col(&["hostfee", "host fee"]),
        platform_fee: table.col(&["platformfee", "platform fee"]),
        currency: table.col(&["currency"]),
        handle: table.col(&["oppositeaccountslug", "opposite account handle"]),
        name: table.col(&["oppositeaccountname", "opposite account name"]),
        email: table.col(&["oppositeaccountemail", "opposite account email"]),
        frequency: table.col(&["orderfrequency", "contribution frequency"]),
        description: table.col(&["description"]),
        memo: table.col(&["ordermemo", "contribution memo"]),
    };

    // First pass: every row's outcome, contributions and refunds indexed by their group.
    let mut rows: Vec<Result<DonationRecord, Bad>> = Vec::with_capacity(table.rows.len());
    let mut outcome: Vec<Option<Row>> = Vec::with_capacity(table.rows.len());
    let mut by_group: HashMap<String, usize> = HashMap::new();
    let mut fees: Vec<(usize, String, i64)> = Vec::new();
    for (index, row) in table.rows.iter().enumerate() {
        if let Some(problem) = table.width_problem(row) {
            rows.push(Err(problem));
            outcome.push(None);
            continue;
        }
        let kind = row.get(c.kind).unwrap_or("").to_ascii_uppercase();
        let credit = row
            .get(c.credit)
            .is_some_and(|t| t.eq_ignore_ascii_case("credit"));
        let refund = row
            .get(c.is_refund)
            .is_some_and(|v| table::truthy(Some(v)) || v.eq_ignore_ascii_case("refund"));
        let result = match classify(&kind, credit, refund) {
            Class::Skip(reason) => Err(bad("kind", reason)),
            Class::Fee => match fee_row(row, &c) {
                Ok((group, amount)) => {
                    fees.push((index, group, amount));
                    Err(bad("kind", "folded"))
                }
                Err(problem) => Err(problem),
            },
            class => contribution(row, &c, ctx, matches!(class, Class::Refund)).inspect(|_| {
                if let Some(group) = row.get(c.group) {
                    by_group.insert(group.to_owned(), index);
                }
            }),
        };
        rows.push(result);
        outcome.push(None);
    }

    // Second pass: fold fee rows into their group's entry.
    for (index, group, amount) in fees {
        let folded = match by_group.get(&group).map(|&i| &mut rows[i]) {
            Some(Ok(record)) => record
                .fee_minor
                .checked_sub(amount)
                .and_then(|fee| record.gross_minor.checked_sub(fee).map(|net| (fee, net)))
                .map(|(fee, net)| {
                    record.fee_minor = fee;
                    record.net_minor = net;
                })
                .ok_or_else(|| bad("amount", "the fees are too large")),
            _ => Err(bad(
                "kind",
                format!(
                    "a fee of transaction group {group}, whose contribution is not in this file"
                ),
            )),
        };
        outcome[index] = Some(match folded {
            Ok(()) => Row::Skipped(crate::skip::Skip {
                line: table.rows[index].line,
                record: table.rows[index].get(c.id).unwrap_or("fee").to_owned(),
                field: "kind".into(),
                reason: format!(
                    "a fee row, counted in the fee of its contribution (group {group})"
                ),
            }),
            Err(problem) => skip(&table.rows[index], c.id, problem),
        });
    }
    let rows = rows
        .into_iter()
        .zip(outcome)
        .zip(&table.rows)
        .map(|((result, done), row)| match (done, result) {
            (Some(done), _) => done,
            (None, Ok(record)) => Row::Record(record),
            (None, Err(problem)) => skip(row, c.id, problem),
        })
        .collect();
    Ok((rows, DateOrderStatus::NotNeeded))
}

/// A fee row's group and its signed amount (negative: money the collective paid).
fn fee_row(row: &TableRow, c: &Columns) -> std::result::Result<(String, i64), Bad> {
    let group = row
        .get(c.group)
        .ok_or_else(|| bad("group", "a fee row with no transaction group"))?;
    let currency = table::currency(row.get(c.currency), "currency")?;
    let amount = match table::money(row, c.net, "netAmount", &currency)? {
        Some(net) => net,
        None => table::money_required(row, c.amount, "amount", &currency)?,
    };
    Ok((group.to_owned(), amount))
}

fn contribution(
    row: &TableRow,
    c: &Columns,
    ctx: &Ctx,
    refund: bool,
) -> std::result::Result<DonationRecord, Bad> {
    let id = row
        .get(c.id)
        .ok_or_else(|| bad("id", "the transaction has no id"))?;
    let currency = table::currency(row.get(c.currency), "currency")?;
    let amount = table::money(row, c.amount, "amount", &currency)?;
    let net = table::money(row, c.net, "netAmount", &currency)?;
    // Fees on the row itself are written negative.
    let mut written_fees = 0i64;
    for (idx, field) in [
        (c.processor_fee, "paymentProcessorFee"),
        (c.host_fee, "hostFee"),
        (c.platform_fee, "platformFee"),
    ] {
        written_fees += table::money(row, idx, field, &currency)?.unwrap_or(0);
    }
    let (gross, fee) = match (amount, net) {
        (Some(amount), Some(net)) => (amount, amount - net),
        (Some(amount), None) => (amount, -written_fees),
        // Platform Default gives only the net ("Amount Single Column") and, as a legacy
        // option, the processor fee beside it.
        (None, Some(net)) => (net - written_fees, -written_fees),
        (None, None) => return Err(bad("amount", "the amount is empty")),
    };
    let date_text = row
        .get(c.date)
        .ok_or_else(|| bad("datetime", "the date is empty"))?;
    let occurred_at = dates::parse_moment(date_text, dates::ASSUMED_ORDER, chrono_tz::Tz::UTC)
        .ok_or_else(|| bad("datetime", format!("{date_text:?} is not a date and time")))?;
    let description = row.get(c.description);
    // MONTHLY or YEARLY in the frequency column, or a description starting with the word.
    let frequency = match row.get(c.frequency) {
        Some(frequency) => match frequency.to_ascii_uppercase().as_str() {
            "MONTHLY" => Some(12),
            "YEARLY" => Some(1),
            _ => None,
        },
        None => description.and_then(|d| {
            let d = d.to_ascii_lowercase();
            if d.starts_with("monthly") {
                Some(12)
            } else if d.starts_with("yearly") {
                Some(1)
            } else {
                None
            }
        }),
    };
    let kind = if refund {
        DonationKind::Refund
    } else if frequency.is_some() {
        DonationKind::Recurring
    } else {
        DonationKind::OneTime
    };
    let mut record = entry(
        row.line,
        ctx.source,
        id.to_owned(),
        kind,
        (gross, fee, &currency),
        occurred_at,
    )?;
    if refund {
        record.original_external_id = table::text(row.get(c.refund_id));
    } else {
        record.payments_per_year = frequency;
    }
    record.donor = DonorRecord {
        customer_id: table::text(row.get(c.handle)),
        name: table::text(row.get(c.name)),
        email: table::text(row.get(c.email)),
        country: None,
    };
    record.note = table::text(row.get(c.memo).or(description));
    Ok(record)
}
