//! GitHub Sponsors' sponsorship export (Sponsors dashboard → Your sponsors → Export, CSV):
//! `Sponsor Handle`, `Sponsor Profile Name`, `Sponsor Public Email`, `Sponsorship Started On`,
//! `Is Public?`, `Is Yearly?`, `Transaction ID`, `Payment Source`, `Tier Name`, `Tier Monthly
//! Amount`, `Processed Amount`, `Is Prorated?`, `Status`, `Transaction Date`, `Metadata`,
//! `Country` (ISO alpha-3), `Region`, `VAT`. One row per payment.
//!
//! Each settled payment is a gift of `Processed Amount` in US dollars (GitHub pays out in USD),
//! with no fee (the export states none), keyed by its `Transaction ID` (older transfers have
//! none: `<handle>:<transaction date>`). Recurring when the sponsor is yearly or the tier is
//! per month or per year ("$5 a month"); one-time tiers and tierless transfers are one-time.
//! A refunded payment is a gift and a refund `<id>:refund`; other statuses are skipped.
use super::table::{self, bad, entry, Bad, Table, TableRow};
use super::{each_row_apart, Ctx, DonationRecord, DonorRecord, Format, Row};
use crate::error::Result;
use crate::fundraising::import::dates::{self, DateOrderStatus};
use crate::model::DonationKind;

pub(crate) fn matches(cols: &table::Columns) -> bool {
    cols.has(&["sponsor handle"])
        && cols.has(&["processed amount"])
        && cols.has(&["transaction date"])
}

struct Columns {
    handle: Option<usize>,
    name: Option<usize>,
    email: Option<usize>,
    yearly: Option<usize>,
    id: Option<usize>,
    source: Option<usize>,
    tier: Option<usize>,
    amount: Option<usize>,
    status: Option<usize>,
    date: Option<usize>,
    country: Option<usize>,
}

pub(crate) fn read(table: &Table, ctx: &Ctx) -> Result<(Vec<Row>, DateOrderStatus)> {
    ctx.require(
        table,
        Format::GithubSponsors,
        &[
            &["sponsor handle"],
            &["processed amount"],
            &["transaction date"],
        ],
    )?;
    let c = Columns {
        handle: table.col(&["sponsor handle"]),
        name: table.col(&["sponsor profile name"]),
        email: table.col(&["sponsor public email"]),
        yearly: table.col(&["is yearly?"]),
        id: table.col(&["transaction id"]),
        source: table.col(&["payment source"]),
        tier: table.col(&["tier name"]),
        amount: table.col(&["processed amount"]),
        status: table.col(&["status"]),
        date: table.col(&["transaction date"]),
        country: table.col(&["country"]),
    };
    let (status, order) = dates::resolve(
        "Transaction Date",
        table
            .rows
            .iter()
            .filter_map(|row| row.get(c.date).map(|d| (row.line, d))),
        ctx.options.date_order,
    )?;
    let rows = each_row_apart(table, c.id.or(c.handle), |row| one(row, &c, ctx, order));
    Ok((rows, status))
}

fn one(
    row: &TableRow,
    c: &Columns,
    ctx: &Ctx,
    order: dates::DateOrder,
) -> std::result::Result<Vec<DonationRecord>, Bad> {
    let handle = row
        .get(c.handle)
        .ok_or_else(|| bad("Sponsor Handle", "the sponsor has no handle"))?;
    let status = row.get(c.status).unwrap_or("").to_ascii_lowercase();
    let refunded = status == "refunded";
    if !matches!(
        status.as_str(),
        "" | "settled" | "success" | "succeeded" | "paid" | "refunded"
    ) {
        return Err(bad(
            "Status",
            format!("{status}: only settled payments are money received"),
        ));
    }
    let currency = "USD";
    let gross = table::money_required(row, c.amount, "Processed Amount", currency)?;
    if gross < 0 {
        return Err(bad("Processed Amount", "a payment must not be negative"));
    }
    let date_text = row
        .get(c.date)
        .ok_or_else(|| bad("Transaction Date", "the date is empty"))?;
    let occurred_at = dates::parse_moment(date_text, order, ctx.options.zone())
        .ok_or_else(|| bad("Transaction Date", format!("{date_text:?} is not a date")))?;
    let id = match row.get(c.id) {
        Some(id) => id.to_owned(),
        None => format!("{handle}:{occurred_at}"),
    };
    let tier = row.get(c.tier).unwrap_or("").to_ascii_lowercase();
    let yearly = table::truthy(row.get(c.yearly));
    let recurring = yearly
        || (!tier.contains("one time") && !tier.contains("one-time"))
            && ["month", "year"].iter().any(|w| tier.contains(w));
    let payments_per_year = if yearly {
        Some(1)
    } else if recurring {
        table::payments_per_year(&tier)
    } else {
        None
    };
    let kind = if recurring {
        DonationKind::Recurring
    } else {
        DonationKind::OneTime
    };
    let donor = DonorRecord {
        customer_id: Some(handle.to_owned()),
        name: table::text(row.get(c.name)),
        email: table::text(row.get(c.email)),
        country: table::country(row.get(c.country)),
    };
    let mut gift = entry(
        row.line,
        ctx.source,
        id.clone(),
        kind,
        (gross, 0, currency),
        occurred_at.clone(),
    )?;
    gift.donor = donor.clone();
    gift.payments_per_year = payments_per_year;
    gift.campaign = table::text(row.get(c.tier));
    gift.note = row
        .get(c.source)
        .map(|source| format!("paid through {source}"));
    let mut records = vec![gift];
    if refunded {
        let mut refund = entry(
            row.line,
            ctx.source,
            format!("{id}:refund"),
            DonationKind::Refund,
            (-gross, 0, currency),
            occurred_at,
        )?;
        refund.original_external_id = Some(id);
        refund.donor = donor;
        records.push(refund);
    }
    Ok(records)
}
