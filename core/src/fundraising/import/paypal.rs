//! PayPal's CSV downloads: the **activity download** (Activity → Download: `Date`, `Time`,
//! `TimeZone`/`Time zone`, `Name`, `Type`, `Status`, `Currency`, `Gross`, `Fee`, `Net`,
//! `From Email Address`, `Transaction ID`, `Reference Txn ID`, `Balance Impact`, …) and the
//! **statement report** (Reports → Statements: the same money columns, `Time Zone` with IANA
//! names, and `Description` in place of `Type`, with no `Status`: only completed moves).
//!
//! Only money that came in is a donation: a completed incoming payment (Donation, Website,
//! General, Express Checkout, Subscription, Mobile… Payment) is a gift, recurring when its type
//! says subscription/recurring/pre-approved or its reference is a billing profile (`I-…`,
//! `B-…`). Refunds (`… Refund`) and reversals/chargebacks are negative entries linked to the
//! gift through `Reference Txn ID`. Everything else is skipped with the reason: currency
//! conversions (between your own balances), holds and releases, withdrawals and transfers to
//! the bank, outgoing payments (negative gross), authorizations, fees, memo rows, and pending
//! or denied payments.
//!
//! Dates: day/month order from the whole file (see `dates`); the time is local to the zone
//! column (abbreviations like PDT in the activity download, IANA names in the statement).
//! PayPal writes fees negative; here a fee is what PayPal kept (positive on a gift, negative
//! when a refund gave part of it back), and `Net` is checked against gross − fee.
use chrono::NaiveDateTime;

use super::table::{self, bad, entry, Bad, Table, TableRow};
use super::{each_row_apart, Ctx, DonationRecord, DonorRecord, Format, Row};
use crate::error::Result;
use crate::fundraising::import::dates::{self, DateOrder, DateOrderStatus};
use crate::model::DonationKind;
use crate::time;

const ZONE: &[&str] = &["timezone", "time zone"];

pub(crate) fn matches_activity(cols: &table::Columns) -> bool {
    [
        "date",
        "time",
        "type",
        "status",
        "gross",
        "fee",
        "net",
        "transaction id",
    ]
    .iter()
    .all(|c| cols.has(&[c]))
        && cols.has(ZONE)
}

pub(crate) fn matches_statement(cols: &table::Columns) -> bool {
    [
        "date",
        "time",
        "description",
        "gross",
        "fee",
        "net",
        "transaction id",
    ]
    .iter()
    .all(|c| cols.has(&[c]))
        && cols.has(ZONE)
        && !cols.has(&["type"])
}

struct Columns {
    date: Option<usize>,
    time: Option<usize>,
    zone: Option<usize>,
    name: Option<usize>,
    kind: Option<usize>,
    status: Option<usize>,
    currency: Option<usize>,
    gross: Option<usize>,
    fee: Option<usize>,
    net: Option<usize>,
    from: Option<usize>,
    to: Option<usize>,
    id: Option<usize>,
    reference: Option<usize>,
    impact: Option<usize>,
    country: Option<usize>,
    note: Option<usize>,
    subject: Option<usize>,
}

/// What a row is, from its type text and the sign of its gross.
enum Class {
    Gift {
        recurring: bool,
    },
    Refund,
    Dispute,
    /// Money back after a reversal (a won case, a cancelled reversal).
    Reinstated,
    Skip(String),
}

fn classify(kind: &str, gross: i64, reference: Option<&str>) -> Class {
    let t = kind.to_ascii_lowercase();
    let has = |words: &[&str]| words.iter().any(|w| t.contains(w));
    if has(&["currency conversion"]) {
        return Class::Skip(format!(
            "{kind}: a conversion between your own PayPal balances, not a donation"
        ));
    }
    if has(&["withdraw", "transfer", "bank deposit", "bank account"]) {
        return Class::Skip(format!(
            "{kind}: a withdrawal or transfer between PayPal and a bank, not a donation"
        ));
    }
    if has(&["hold", "release"]) {
        return Class::Skip(format!(
            "{kind}: PayPal holding or releasing money it already counted, not new money"
        ));
    }
    if has(&["authorization", "order", "void"]) {
        return Class::Skip(format!("{kind}: an authorization, no money moved"));
    }
    if t.ends_with(" fee") || t == "fee" {
        return Class::Skip(format!("{kind}: a PayPal fee not tied to one donation"));
    }
    if has(&["refund"]) {
        return if gross <= 0 {
            Class::Refund
        } else {
            Class::Skip(format!(
                "{kind}: a refund to you of a payment you made, not a donation"
            ))
        };
    }
    if has(&["reversal", "chargeback", "dispute", "claim"]) {
        return if gross <= 0 {
            Class::Dispute
        } else {
            Class::Reinstated
        };
    }
    if has(&[
        "payment",
        "donation",
        "subscription",
        "recurring",
        "mass pay",
    ]) {
        if gross < 0 {
            return Class::Skip(format!(
                "{kind}: an outgoing payment (you paid someone), not a donation"
            ));
        }
        if gross == 0 {
            return Class::Skip(format!("{kind}: a payment of 0"));
        }
        let recurring = has(&["subscription", "recurring", "preapproved", "pre-approved"])
            || reference.is_some_and(|r| r.starts_with("I-") || r.starts_with("B-"));
        return Class::Gift { recurring };
    }
    Class::Skip(format!("{kind}: not a donation"))
}

pub(crate) fn read(
    table: &Table,
    ctx: &Ctx,
    statement: bool,
) -> Result<(Vec<Row>, DateOrderStatus)> {
    let format = if statement {
        Format::PaypalStatement
    } else {
        Format::PaypalActivity
    };
    let kind_column: &[&str] = if statement {
        &["description"]
    } else {
        &["type"]
    };
    ctx.require(
        table,
        format,
        &[
            &["date"],
            &["time"],
            ZONE,
            kind_column,
            &["currency"],
            &["gross"],
            &["transaction id"],
        ],
    )?;
    let c = Columns {
        date: table.col(&["date"]),
        time: table.col(&["time"]),
        zone: table.col(ZONE),
        name: table.col(&["name"]),
        kind: table.col(kind_column),
        status: if statement {
            None
        } else {
            table.col(&["status"])
        },
        currency: table.col(&["currency"]),
        gross: table.col(&["gross"]),
        fee: table.col(&["fee"]),
        net: table.col(&["net"]),
        from: table.col(&["from email address"]),
        to: table.col(&["to email address"]),
        id: table.col(&["transaction id"]),
        reference: table.col(&["reference txn id"]),
        impact: table.col(&["balance impact"]),
        country: table.col(&["country code", "country"]),
        note: table.col(&["note"]),
        subject: table.col(&["subject", "item title"]),
    };
    let (status, order) = dates::resolve(
        "Date",
        table
            .rows
            .iter()
            .filter_map(|row| row.get(c.date).map(|d| (row.line, d))),
        ctx.options.date_order,
    )?;
    let rows = each_row_apart(table, c.id, |row| one(row, &c, ctx, order, statement));
    Ok((rows, status))
}

fn one(
    row: &TableRow,
    c: &Columns,
    ctx: &Ctx,
    order: DateOrder,
    statement: bool,
) -> std::result::Result<Vec<DonationRecord>, Bad> {
    let type_field = if statement { "Description" } else { "Type" };
    let id = row
        .get(c.id)
        .ok_or_else(|| bad("Transaction ID", "the transaction has no id"))?;
    if row.get(c.impact).map(str::to_ascii_lowercase).as_deref() == Some("memo") {
        return Err(bad(
            "Balance Impact",
            "a memo row: it does not change the balance",
        ));
    }
    let kind_text = row
        .get(c.kind)
        .ok_or_else(|| bad(type_field, "empty: nothing says what this transaction is"))?;
    let currency = table::currency(row.get(c.currency), "Currency")?;
    let gross = table::money_required(row, c.gross, "Gross", &currency)?;
    let reference = row.get(c.reference);
    let (kind, original, reinstated) = match classify(kind_text, gross, reference) {
        Class::Skip(reason) => return Err(bad(type_field, reason)),
        Class::Gift { recurring: true } => (DonationKind::Recurring, None, false),
        Class::Gift { recurring: false } => (DonationKind::OneTime, None, false),
        Class::Refund => (DonationKind::Refund, reference, false),
        Class::Dispute => (DonationKind::Dispute, reference, false),
        Class::Reinstated => (DonationKind::OneTime, reference, true),
    };
    if !statement {
        let status = row.get(c.status).unwrap_or("");
        match status.to_ascii_lowercase().as_str() {
            "completed" | "cleared" | "refunded" | "partially refunded" | "reversed" => {}
            "pending" => {
                return Err(bad(
                    "Status",
                    "Pending: not received yet (import a later download once it completes)",
                ))
            }
            _ => {
                return Err(bad(
                    "Status",
                    format!("status {status:?} is not Completed: no money was received"),
                ))
            }
        }
    }
    let paypal_fee = table::money(row, c.fee, "Fee", &currency)?.unwrap_or(0);
    let fee = -paypal_fee;
    let net = table::money(row, c.net, "Net", &currency)?;
    table::check_net(net, gross, fee, "Net")?;
    let occurred_at = moment(row, c, order, statement)?;

    let mut record = entry(
        row.line,
        ctx.source,
        id.to_owned(),
        kind,
        (gross, fee, &currency),
        occurred_at,
    )?;
    record.original_external_id = original.map(str::to_owned);
    // The donor is the other side: the sender of a gift, the receiver of a refund.
    let email = if gross >= 0 {
        row.get(c.from)
    } else {
        row.get(c.to)
    };
    record.donor = DonorRecord {
        customer_id: None,
        name: table::text(row.get(c.name)),
        email: table::text(email),
        country: table::country(row.get(c.country)),
    };
    record.note = table::text(row.get(c.note).or(row.get(c.subject)));
    if reinstated {
        record.note = Some(format!("{kind_text}: the funds came back"));
    }
    Ok(vec![record])
}

fn moment(
    row: &TableRow,
    c: &Columns,
    order: DateOrder,
    statement: bool,
) -> std::result::Result<String, Bad> {
    let date_text = row
        .get(c.date)
        .ok_or_else(|| bad("Date", "the date is empty"))?;
    let day = dates::parse_date(date_text, order).ok_or_else(|| {
        bad(
            "Date",
            format!(
                "{date_text:?} is not a date ({})",
                match order {
                    DateOrder::DayFirst => "day/month/year",
                    DateOrder::MonthFirst => "month/day/year",
                }
            ),
        )
    })?;
    let time_text = row.get(c.time).unwrap_or("00:00:00");
    let at = dates::parse_time(time_text)
        .ok_or_else(|| bad("Time", format!("{time_text:?} is not a time")))?;
    let naive = NaiveDateTime::new(day, at);
    let zone = row.get(c.zone).unwrap_or("UTC");
    let utc = dates::zoned(naive, zone, statement).ok_or_else(|| {
        bad(
            "TimeZone",
            format!("{zone:?} is not a time zone Readerdesk knows"),
        )
    })?;
    Ok(time::to_stored(utc))
}

#[cfg(test)]
mod tests {
    use crate::fundraising::import::{read_bytes, DateOrder, DateOrderStatus, Format, ReadOptions};
    use crate::model::DonationKind;

    const HEADER: &str = "\"Date\",\"Time\",\"TimeZone\",\"Name\",\"Type\",\"Status\",\"Currency\",\"Gross\",\"Fee\",\"Net\",\"From Email Address\",\"To Email Address\",\"Transaction ID\",\"Reference Txn ID\",\"Contact Phone Number\",\"Shipping Address\"\n";

    #[test]
    fn activity_gifts_refunds_and_what_is_not_money() {
        let body = concat!(
            "\"03/02/2024\",\"10:00:00\",\"PST\",\"Ann\",\"Donation Payment\",\"Completed\",\"USD\",\"20.00\",\"-0.88\",\"19.12\",\"a@example.org\",\"me@example.org\",\"T1\",\"\",\"+1 555\",\"1 Main St\"\n",
            "\"03/04/2024\",\"10:00:00\",\"PST\",\"Ann\",\"Payment Refund\",\"Completed\",\"USD\",\"-20.00\",\"0.58\",\"-19.42\",\"me@example.org\",\"a@example.org\",\"T2\",\"T1\",\"\",\"\"\n",
            "\"03/05/2024\",\"10:00:00\",\"PST\",\"Bo\",\"Subscription Payment\",\"Completed\",\"EUR\",\"5.00\",\"-0.40\",\"4.60\",\"b@example.org\",\"me@example.org\",\"T3\",\"I-ABC\",\"\",\"\"\n",
            "\"03/06/2024\",\"10:00:00\",\"PST\",\"\",\"General Currency Conversion\",\"Completed\",\"EUR\",\"-4.60\",\"0.00\",\"-4.60\",\"\",\"\",\"T4\",\"T3\",\"\",\"\"\n",
            "\"03/07/2024\",\"10:00:00\",\"PST\",\"Shop\",\"Website Payment\",\"Completed\",\"USD\",\"-9.00\",\"0.00\",\"-9.00\",\"me@example.org\",\"shop@example.org\",\"T5\",\"\",\"\",\"\"\n",
            "\"03/08/2024\",\"10:00:00\",\"PST\",\"Cy\",\"Donation Payment\",\"Pending\",\"USD\",\"9.00\",\"-0.50\",\"8.50\",\"c@example.org\",\"me@example.org\",\"T6\",\"\",\"\",\"\"\n",
            "\"13/08/2024\",\"10:00:00\",\"CEST\",\"Di\",\"Donation Payment\",\"Completed\",\"USD\",\"1,234.50\",\"-36.10\",\"1,198.40\",\"d@example.org\",\"me@example.org\",\"T7\",\"\",\"\",\"\"\n",
        );
        let parsed = read_bytes(
            format!("{HEADER}{body}").as_bytes(),
            "activity.csv",
            None,
            &ReadOptions::default(),
        )
        .unwrap();
        assert_eq!(parsed.format, Format::PaypalActivity);
        assert_eq!(
            parsed.date_order,
            DateOrderStatus::Inferred {
                order: DateOrder::DayFirst
            }
        );
        let records: Vec<_> = parsed.records().collect();
        assert_eq!(records.len(), 4);
        assert_eq!(records[0].occurred_at, "2024-02-03T18:00:00.000000Z");
        assert_eq!((records[0].fee_minor, records[0].net_minor), (88, 1912));
        assert_eq!(records[1].kind, DonationKind::Refund);
        assert_eq!(
            (
                records[1].gross_minor,
                records[1].fee_minor,
                records[1].net_minor
            ),
            (-2000, -58, -1942)
        );
        assert_eq!(records[1].original_external_id.as_deref(), Some("T1"));
        assert_eq!(records[1].donor.email.as_deref(), Some("a@example.org"));
        assert_eq!(records[2].kind, DonationKind::Recurring);
        assert_eq!(records[3].occurred_at, "2024-08-13T08:00:00.000000Z");
        let reasons: Vec<_> = parsed.skips().map(|s| (s.line, s.reason.clone())).collect();
        assert_eq!(reasons.len(), 3);
        assert!(reasons[0].1.contains("conversion"), "{reasons:?}");
        assert!(reasons[1].1.contains("outgoing payment"), "{reasons:?}");
        assert!(reasons[2].1.starts_with("Pending"), "{reasons:?}");
        let json = serde_json::to_string(&parsed).unwrap();
        assert!(!json.contains("555") && !json.contains("Main St"));
    }
}
