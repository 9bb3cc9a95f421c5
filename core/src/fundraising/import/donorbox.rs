//! Donorbox's donations export (Donations → Export). Columns read, by any of their names:
//! donor (`Name` or `Donor First Name` + `Donor Last Name`, `Donor Email`), `Campaign`,
//! `Amount`, `Currency`, fees (`Processing Fee` plus `Donorbox Fee`/`Platform Fee` when
//! present), `Net Amount`, the provider's conversion (`Amount in USD`, or any `Amount in XXX`),
//! `Donated At`/`Donation Date`, `Recurring Donation`, `Status`, `Refunded Amount`, `Country`,
//! and an id (`Donation ID`, `Receipt Id`, `Transaction ID`, `Stripe Charge Id`, `Paypal
//! Transaction Id`). Address, phone, employer and card columns are never read.
//!
//! With no fee column the fee is `Amount − Net Amount`; with both, they must agree. A row with
//! no id gets a stable one from its content (`db:` + hash of date, e-mail, amount, currency,
//! plus an occurrence number), so the same export imports the same way twice. A refunded
//! donation is a gift and a refund `<id>:refund`; failed or pending ones are skipped. Times
//! with no zone are read in `ReadOptions::zone` (UTC by default).
use std::collections::HashMap;

use sha2::{Digest, Sha256};

use super::table::{self, bad, entry, Bad, Table, TableRow};
use super::{each_row, Converted, Ctx, DonationRecord, DonorRecord, Format, Row};
use crate::error::Result;
use crate::fundraising::import::dates::{self, DateOrder, DateOrderStatus};
use crate::model::DonationKind;

const DATE: &[&str] = &["donated at", "donation date", "donated on", "date"];
const EXTRA: &[&str] = &[
    "processing fee",
    "donorbox fee",
    "platform fee",
    "net amount",
    "recurring donation",
    "campaign",
    "amount in usd",
    "donor email",
];

pub(crate) fn matches(cols: &table::Columns) -> bool {
    cols.has(&["donated at", "donation date"])
        && cols.has(&["amount"])
        && cols.has(&["currency"])
        && EXTRA.iter().filter(|c| cols.has(&[c])).count() >= 2
}

struct Columns {
    id: Option<usize>,
    name: Option<usize>,
    first: Option<usize>,
    last: Option<usize>,
    email: Option<usize>,
    campaign: Option<usize>,
    amount: Option<usize>,
    currency: Option<usize>,
    fees: Vec<(usize, String)>,
    net: Option<usize>,
    converted: Option<(usize, String)>,
    date: Option<usize>,
    recurring: Option<usize>,
    status: Option<usize>,
    refunded: Option<usize>,
    country: Option<usize>,
    comment: Option<usize>,
}

pub(crate) fn read(table: &Table, ctx: &Ctx) -> Result<(Vec<Row>, DateOrderStatus)> {
    ctx.require(table, Format::Donorbox, &[DATE, &["amount"], &["currency"]])?;
    let fees = [
        "processing fee",
        "processing fees",
        "donorbox fee",
        "platform fee",
    ]
    .iter()
    .filter_map(|name| table.col(&[name]).map(|i| (i, table.header[i].clone())))
    .collect();
    // "Amount in USD": the provider's own conversion, its currency in the name.
    let converted = table.cols.names().iter().enumerate().find_map(|(i, name)| {
        let code = name.strip_prefix("amount in ")?.to_ascii_uppercase();
        (code.len() == 3 && crate::fundraising::money::currency(&code).is_ok()).then_some((i, code))
    });
    let c = Columns {
        id: table.col(&[
            "donation id",
            "id",
            "receipt id",
            "transaction id",
            "stripe charge id",
            "paypal transaction id",
        ]),
        name: table.col(&["name", "donor name", "donor's name", "full name"]),
        first: table.col(&["donor first name", "first name"]),
        last: table.col(&["donor last name", "last name"]),
        email: table.col(&["donor email", "email", "donor's email"]),
        campaign: table.col(&["campaign", "campaign name"]),
        amount: table.col(&["amount"]),
        currency: table.col(&["currency"]),
        fees,
        net: table.col(&["net amount"]),
        converted,
        date: table.col(DATE),
        recurring: table.col(&["recurring donation", "recurring", "donation frequency"]),
        status: table.col(&["status", "donation status"]),
        refunded: table.col(&["refunded amount", "amount refunded"]),
        country: table.col(&["country", "donor country"]),
        comment: table.col(&["donor comment", "comment"]),
    };
    let (status, order) = dates::resolve(
        "Donated At",
        table
            .rows
            .iter()
            .filter_map(|row| row.get(c.date).map(|d| (row.line, d))),
        ctx.options.date_order,
    )?;
    let mut occurrences: HashMap<String, u32> = HashMap::new();
    let rows = each_row(table, c.id, |row| {
        one(row, &c, ctx, order, &mut occurrences)
    });
    Ok((rows, status))
}

fn one(
    row: &TableRow,
    c: &Columns,
    ctx: &Ctx,
    order: DateOrder,
    occurrences: &mut HashMap<String, u32>,
) -> std::result::Result<Vec<DonationRecord>, Bad> {
    let status = row.get(c.status).unwrap_or("").to_ascii_lowercase();
    if matches!(
        status.as_str(),
        "failed" | "pending" | "canceled" | "cancelled" | "incomplete" | "declined"
    ) {
        return Err(bad("Status", format!("{status}: no money was received")));
    }
    let currency = table::currency(row.get(c.currency), "Currency")?;
    let gross = table::money_required(row, c.amount, "Amount", &currency)?;
    if gross < 0 {
        return Err(bad("Amount", "a donation amount must not be negative"));
    }
    let mut fee = None;
    for (idx, name) in &c.fees {
        if let Some(part) = table::money(row, Some(*idx), name, &currency)? {
            // Exports write fees as costs; a minus sign is read as the same cost.
            fee = Some(fee.unwrap_or(0) + part.abs());
        }
    }
    let net = table::money(row, c.net, "Net Amount", &currency)?;
    let fee = match (fee, net) {
        (Some(fee), net) => {
            table::check_net(net, gross, fee, "Net Amount")?;
            fee
        }
        (None, Some(net)) => gross - net,
        (None, None) => 0,
    };
    let date_text = row
        .get(c.date)
        .ok_or_else(|| bad("Donated At", "the date is empty"))?;
    let occurred_at = dates::parse_moment(date_text, order, ctx.options.zone())
        .ok_or_else(|| bad("Donated At", format!("{date_text:?} is not a date")))?;
    let email = row.get(c.email);
    let name = match (row.get(c.name), row.get(c.first), row.get(c.last)) {
        (Some(name), _, _) => Some(name.to_owned()),
        (None, Some(first), Some(last)) => Some(format!("{first} {last}")),
        (None, first, last) => first.or(last).map(str::to_owned),
    };
    let id = match row.get(c.id) {
        Some(id) => id.to_owned(),
        None => {
            let key = format!(
                "{occurred_at}|{}|{gross}|{currency}",
                email.unwrap_or("").to_lowercase()
            );
            let n = occurrences.entry(key.clone()).or_insert(0);
            *n += 1;
            let digest = Sha256::digest(key.as_bytes());
            let hex: String = digest[..8].iter().map(|b| format!("{b:02x}")).collect();
            format!("db:{hex}#{n}")
        }
    };
    let frequency = row.get(c.recurring).and_then(table::payments_per_year);
    let recurring = frequency.is_some() || table::truthy(row.get(c.recurring));
    let kind = if recurring {
        DonationKind::Recurring
    } else {
        DonationKind::OneTime
    };
    let donor = DonorRecord {
        customer_id: None,
        name,
        email: table::text(email),
        country: table::country(row.get(c.country)),
    };
    let mut gift = entry(
        row.line,
        ctx.source,
        id.clone(),
        kind,
        (gross, fee, &currency),
        occurred_at.clone(),
    )?;
    if let Some((idx, code)) = &c.converted {
        if *code != currency {
            if let Some(amount) = table::money(row, Some(*idx), &format!("Amount in {code}"), code)?
            {
                gift.converted = Some(Converted {
                    gross_minor: amount,
                    fee_minor: None,
                    currency: code.clone(),
                });
            }
        }
    }
    gift.donor = donor.clone();
    gift.payments_per_year = frequency;
    gift.campaign = table::text(row.get(c.campaign));
    gift.note = table::text(row.get(c.comment));
    let mut records = vec![gift];

    let mut refunded = table::money(row, c.refunded, "Refunded Amount", &currency)?.unwrap_or(0);
    if status.contains("refund") && refunded == 0 {
        refunded = gross;
    }
    if refunded > gross {
        return Err(bad("Refunded Amount", "more than the donation"));
    }
    if refunded > 0 {
        let mut refund = entry(
            row.line,
            ctx.source,
            format!("{id}:refund"),
            DonationKind::Refund,
            (-refunded, 0, &currency),
            occurred_at,
        )?;
        refund.original_external_id = Some(id);
        // The refund in the same currency the gift was converted to, at the gift's own rate,
        // so a campaign in that currency takes it off as it counted the gift.
        if let Some(c) = &records[0].converted {
            refund.converted = Some(Converted {
                gross_minor: -table::at_rate(refunded, c.gross_minor, gross, "Refunded Amount")?,
                fee_minor: None,
                currency: c.currency.clone(),
            });
        }
        refund.donor = donor;
        refund.note =
            Some("refunded (the export gives no refund date: dated as the donation)".into());
        records.push(refund);
    }
    Ok(records)
}
