//! Stripe's two CSV exports.
//!
//! **Payments** (Dashboard → Payments → Export; "unified payments"): one row per charge with
//! `id`, `Created (UTC)` (newer exports: `Created date (UTC)`), `Amount`, `Amount Refunded`,
//! `Currency`, `Converted Amount`, `Converted Amount Refunded`, `Fee`, `Converted Currency`,
//! `Status`, `Customer ID`, `Customer Email`, `Card Name`, `Card Address Country`, `Invoice ID`,
//! `Disputed Amount`, `Dispute Status`, `Dispute Date (UTC)`, `Description`, …
//! - `Failed` (and canceled, blocked, uncaptured…) payments moved no money: skipped.
//! - A refunded or partly refunded payment is a gift plus a refund entry `<id>:refund` of the
//!   refunded amount (no fee back: Stripe keeps its fee), dated by `Refunded date (UTC)` when
//!   the export has it and otherwise as the payment (older exports give no refund date).
//! - A dispute whose funds were withdrawn (needs response, under review, lost) is a dispute
//!   entry `<id>:dispute` dated at the dispute; won disputes and inquiries (`warning_*`) are not.
//! - Recurring: the payment has an `Invoice ID` or its description starts with "Subscription"
//!   (what Stripe writes on subscription invoices); otherwise one-time.
//! - `Fee` is in the converted (settlement) currency. When that differs from the payment's
//!   currency, the record keeps the payment's currency and amount, the provider's conversion
//!   goes in `converted` (with the fee as Stripe charged it), and the fee in the payment's
//!   currency is brought back at the payment's own rate.
//!
//! **Balance change report** (Reports → Balance → "Balance change from activity", itemized;
//! also the older Dashboard "Balance history" download): one row per balance transaction with
//! `balance_transaction_id`, `created_utc`, `currency`, `gross`, `fee`, `net`,
//! `reporting_category`, `source_id`, `charge_id`, `customer_id`, `customer_email`, … `charge`
//! rows are gifts (keyed by their charge id, as in the payments export), `refund` and `dispute`
//! rows are reversals of `charge_id`, `dispute_reversal` and `refund_failure` bring money back
//! (a one-time entry keyed by its balance transaction, pointing at the original charge). Payouts, transfers, Stripe's own fees and adjustments are
//! skipped with the reason.
use super::table::{self, at_rate, bad, entry, Bad, Table, TableRow};
use super::{each_row_apart, Converted, Ctx, DonationRecord, DonorRecord, Format, Row};
use crate::error::Result;
use crate::fundraising::import::dates::{self, DateOrderStatus};
use crate::model::DonationKind;

const CREATED: &[&str] = &["created date (utc)", "created (utc)"];

pub(crate) fn matches_payments(cols: &table::Columns) -> bool {
    cols.has(&["id"])
        && cols.has(CREATED)
        && cols.has(&["amount"])
        && cols.has(&["currency"])
        && cols.has(&["status"])
        && !cols.has(&["net"])
}

pub(crate) fn matches_balance(cols: &table::Columns) -> bool {
    cols.has(&["balance_transaction_id", "id"])
        && cols.has(&["reporting_category", "type"])
        && cols.has(&["gross", "amount"])
        && cols.has(&["fee"])
        && cols.has(&["net"])
        && cols.has(&["currency"])
        && cols.has(&["created_utc", "created (utc)", "created"])
}

struct PaymentColumns {
    id: Option<usize>,
    created: Option<usize>,
    amount: Option<usize>,
    refunded: Option<usize>,
    currency: Option<usize>,
    converted: Option<usize>,
    converted_refunded: Option<usize>,
    converted_currency: Option<usize>,
    fee: Option<usize>,
    status: Option<usize>,
    captured: Option<usize>,
    customer_id: Option<usize>,
    email: Option<usize>,
    name: Option<usize>,
    country: Option<usize>,
    invoice: Option<usize>,
    description: Option<usize>,
    disputed: Option<usize>,
    dispute_status: Option<usize>,
    dispute_date: Option<usize>,
    refund_date: Option<usize>,
}

/// The key of the refund the payments export states as a running total for `charge`; larger
/// totals seen later are recorded under this key followed by `:<total in minor units>`.
pub fn running_refund_key(charge: &str) -> String {
    format!("{charge}:refund")
}

/// The key of the dispute the payments export gives for `charge`.
pub fn dispute_key(charge: &str) -> String {
    format!("{charge}:dispute")
}

/// Whether `key` is one of the running-total refunds of `charge` (see `running_refund_key`).
pub fn is_running_refund_key(key: &str, charge: &str) -> bool {
    let first = running_refund_key(charge);
    key == first
        || key
            .strip_prefix(first.as_str())
            .and_then(|rest| rest.strip_prefix(':'))
            .is_some_and(|total| !total.is_empty() && total.bytes().all(|b| b.is_ascii_digit()))
}

pub(crate) fn read_payments(table: &Table, ctx: &Ctx) -> Result<(Vec<Row>, DateOrderStatus)> {
    ctx.require(
        table,
        Format::StripePayments,
        &[&["id"], CREATED, &["amount"], &["currency"], &["status"]],
    )?;
    let c = PaymentColumns {
        id: table.col(&["id"]),
        created: table.col(CREATED),
        amount: table.col(&["amount"]),
        refunded: table.col(&["amount refunded"]),
        currency: table.col(&["currency"]),
        converted: table.col(&["converted amount"]),
        converted_refunded: table.col(&["converted amount refunded"]),
        converted_currency: table.col(&["converted currency"]),
        fee: table.col(&["fee"]),
        status: table.col(&["status"]),
        captured: table.col(&["captured"]),
        customer_id: table.col(&["customer id"]),
        email: table.col(&["customer email", "email"]),
        name: table.col(&["customer name", "card name", "card holder name"]),
        country: table.col(&["card address country", "card issue country", "card country"]),
        invoice: table.col(&["invoice id"]),
        description: table.col(&["description"]),
        disputed: table.col(&["disputed amount"]),
        dispute_status: table.col(&["dispute status"]),
        dispute_date: table.col(&["dispute date (utc)"]),
        refund_date: table.col(&["refunded date (utc)", "refund date (utc)"]),
    };
    let rows = each_row_apart(table, c.id, |row| payment(row, &c, ctx));
    Ok((rows, DateOrderStatus::NotNeeded))
}

fn utc(row: &TableRow, idx: Option<usize>, field: &str) -> std::result::Result<String, Bad> {
    let text = row
        .get(idx)
        .ok_or_else(|| bad(field, "the date is empty"))?;
    dates::parse_moment(text, dates::ASSUMED_ORDER, chrono_tz::Tz::UTC)
        .ok_or_else(|| bad(field, format!("{text:?} is not a date and time")))
}

fn payment(
    row: &TableRow,
    c: &PaymentColumns,
    ctx: &Ctx,
) -> std::result::Result<Vec<DonationRecord>, Bad> {
    let id = row
        .get(c.id)
        .ok_or_else(|| bad("id", "the payment has no id"))?;
    let status = row.get(c.status).unwrap_or("").to_ascii_lowercase();
    match status.as_str() {
        "failed" => {
            return Err(bad(
                "Status",
                "Failed payment is not money: the charge never went through",
            ))
        }
        "canceled"
        | "cancelled"
        | "blocked"
        | "incomplete"
        | "uncaptured"
        | "pending"
        | "expired"
        | "requires_payment_method"
        | "requires_action"
        | "requires_capture"
        | "requires_confirmation"
        | "processing" => {
            return Err(bad(
                "Status",
                format!("{} payment: no money was received", title(&status)),
            ))
        }
        _ => {}
    }
    if row.get(c.captured).map(str::to_ascii_lowercase).as_deref() == Some("false") {
        return Err(bad(
            "Captured",
            "an authorization that was never captured: no money was received",
        ));
    }
    let currency = table::currency(row.get(c.currency), "Currency")?;
    let gross = table::money_required(row, c.amount, "Amount", &currency)?;
    if gross < 0 {
        return Err(bad("Amount", "a payment amount must not be negative"));
    }
    let mut refunded = table::money(row, c.refunded, "Amount Refunded", &currency)?.unwrap_or(0);
    if status == "refunded" && refunded == 0 {
        refunded = gross;
    }
    if refunded < 0 || refunded > gross {
        return Err(bad(
            "Amount Refunded",
            "the refunded amount is negative or more than the payment",
        ));
    }
    let occurred_at = utc(row, c.created, "Created (UTC)")?;

    // The settlement side: Converted Amount / Fee are in Converted Currency.
    let converted_currency = match row.get(c.converted_currency) {
        Some(code) => Some(table::currency(Some(code), "Converted Currency")?),
        None => None,
    };
    let foreign = converted_currency.as_deref().filter(|cc| *cc != currency);
    let fee_currency = foreign.unwrap_or(&currency);
    let fee_settled = table::money(row, c.fee, "Fee", fee_currency)?.unwrap_or(0);
    let (fee, converted, converted_refunded) = match foreign {
        Some(cc) => {
            let conv = table::money_required(row, c.converted, "Converted Amount", cc)?;
            let conv_refunded =
                match table::money(row, c.converted_refunded, "Converted Amount Refunded", cc)? {
                    Some(stated) => Some(stated),
                    // Older exports leave it out: the refund at the payment's own rate.
                    None if refunded > 0 => {
                        Some(at_rate(refunded, conv, gross, "Converted Amount Refunded")?)
                    }
                    None => None,
                };
            let fee = at_rate(fee_settled, gross, conv, "Fee")?;
            (
                fee,
                Some(Converted {
                    gross_minor: conv,
                    fee_minor: Some(fee_settled),
                    currency: cc.to_owned(),
                }),
                conv_refunded.map(|r| Converted {
                    gross_minor: -r,
                    fee_minor: Some(0),
                    currency: cc.to_owned(),
                }),
            )
        }
        None => (fee_settled, None, None),
    };

    let recurring = row.get(c.invoice).is_some()
        || row.get(c.description).is_some_and(|d| {
            d.get(..12)
                .is_some_and(|start| start.eq_ignore_ascii_case("subscription"))
        });
    let donor = DonorRecord {
        customer_id: table::text(row.get(c.customer_id)),
        name: table::text(row.get(c.name)),
        email: table::text(row.get(c.email)),
        country: table::country(row.get(c.country)),
    };
    let kind = if recurring {
        DonationKind::Recurring
    } else {
        DonationKind::OneTime
    };
    let mut gift = entry(
        row.line,
        ctx.source,
        id.to_owned(),
        kind,
        (gross, fee, &currency),
        occurred_at.clone(),
    )?;
    gift.converted = converted;
    gift.donor = donor.clone();
    gift.note = table::text(row.get(c.description));
    let mut records = vec![gift];

    if refunded > 0 {
        let (refunded_at, undated) = match row.get(c.refund_date) {
            Some(_) => (utc(row, c.refund_date, "Refunded date (UTC)")?, false),
            None => (occurred_at.clone(), true),
        };
        let mut refund = entry(
            row.line,
            ctx.source,
            running_refund_key(id),
            DonationKind::Refund,
            (-refunded, 0, &currency),
            refunded_at,
        )?;
        refund.converted = converted_refunded;
        refund.original_external_id = Some(id.to_owned());
        refund.running_total = true;
        refund.donor = donor.clone();
        let what = if refunded == gross {
            "refunded"
        } else {
            "partly refunded"
        };
        refund.note = Some(if undated {
            format!("{what} (the export gives no refund date: dated as the payment)")
        } else {
            what.to_owned()
        });
        records.push(refund);
    }

    let disputed = table::money(row, c.disputed, "Disputed Amount", &currency)?.unwrap_or(0);
    let dispute_status = row
        .get(c.dispute_status)
        .unwrap_or("")
        .to_ascii_lowercase()
        .replace(' ', "_");
    let withdrawn = matches!(
        dispute_status.as_str(),
        "needs_response" | "under_review" | "lost" | "charge_refunded"
    );
    if disputed > 0 && withdrawn {
        let at = match row.get(c.dispute_date) {
            Some(_) => utc(row, c.dispute_date, "Dispute Date (UTC)")?,
            None => occurred_at,
        };
        let mut dispute = entry(
            row.line,
            ctx.source,
            dispute_key(id),
            DonationKind::Dispute,
            (-disputed, 0, &currency),
            at,
        )?;
        dispute.original_external_id = Some(id.to_owned());
        dispute.donor = donor;
        dispute.note = Some(format!("dispute ({dispute_status})"));
        records.push(dispute);
    }
    Ok(records)
}

fn title(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

struct BalanceColumns {
    id: Option<usize>,
    created_utc: Option<usize>,
    created_local: Option<usize>,
    currency: Option<usize>,
    gross: Option<usize>,
    fee: Option<usize>,
    net: Option<usize>,
    category: Option<usize>,
    source_id: Option<usize>,
    charge_id: Option<usize>,
    description: Option<usize>,
    facing_amount: Option<usize>,
    facing_currency: Option<usize>,
    customer_id: Option<usize>,
    email: Option<usize>,
    name: Option<usize>,
    country: Option<usize>,
    invoice: Option<usize>,
    subscription: Option<usize>,
}

pub(crate) fn read_balance(table: &Table, ctx: &Ctx) -> Result<(Vec<Row>, DateOrderStatus)> {
    ctx.require(
        table,
        Format::StripeBalance,
        &[
            &["balance_transaction_id", "id"],
            &["reporting_category", "type"],
            &["gross", "amount"],
            &["net"],
            &["currency"],
            &["created_utc", "created (utc)", "created"],
        ],
    )?;
    let c = BalanceColumns {
        id: table.col(&["balance_transaction_id", "id"]),
        created_utc: table.col(&["created_utc", "created (utc)"]),
        created_local: table.col(&["created"]),
        currency: table.col(&["currency"]),
        gross: table.col(&["gross", "amount"]),
        fee: table.col(&["fee"]),
        net: table.col(&["net"]),
        category: table.col(&["reporting_category", "type"]),
        source_id: table.col(&["source_id", "source"]),
        charge_id: table.col(&["charge_id"]),
        description: table.col(&["description"]),
        facing_amount: table.col(&["customer_facing_amount", "customer facing amount"]),
        facing_currency: table.col(&["customer_facing_currency", "customer facing currency"]),
        customer_id: table.col(&["customer_id", "customer id"]),
        email: table.col(&["customer_email", "customer email"]),
        name: table.col(&["customer_name", "customer name"]),
        country: table.col(&["card_country", "customer_address_country"]),
        invoice: table.col(&["invoice_id"]),
        subscription: table.col(&["subscription_id"]),
    };
    let rows = each_row_apart(table, c.id, |row| balance(row, &c, ctx));
    Ok((rows, DateOrderStatus::NotNeeded))
}

fn balance(
    row: &TableRow,
    c: &BalanceColumns,
    ctx: &Ctx,
) -> std::result::Result<Vec<DonationRecord>, Bad> {
    let id = row
        .get(c.id)
        .ok_or_else(|| bad("balance_transaction_id", "the row has no id"))?;
    let category = row.get(c.category).unwrap_or("").to_ascii_lowercase();
    let kind = match category.as_str() {
        "charge" | "payment" => None,
        "refund" | "payment_refund" => Some(DonationKind::Refund),
        "dispute" => Some(DonationKind::Dispute),
        "dispute_reversal" | "refund_failure" => Some(DonationKind::OneTime),
        "fee" | "stripe_fee" | "network_cost" | "application_fee" | "tax" => {
            return Err(bad(
                "reporting_category",
                format!("{category}: a Stripe fee or tax not tied to one donation"),
            ))
        }
        "payout" | "payout_reversal" | "transfer" | "transfer_reversal" | "topup"
        | "topup_reversal" | "payout_cancel" | "payout_failure" => {
            return Err(bad(
                "reporting_category",
                format!("{category}: money moving between your own accounts, not a donation"),
            ))
        }
        "" => return Err(bad("reporting_category", "the category is empty")),
        other => {
            return Err(bad(
                "reporting_category",
                format!("{other}: not a donation (adjustments and other balance moves are left to the accounts)"),
            ))
        }
    };
    let settled_currency = table::currency(row.get(c.currency), "currency")?;
    let gross_settled = table::money_required(row, c.gross, "gross", &settled_currency)?;
    let fee_settled = table::money(row, c.fee, "fee", &settled_currency)?.unwrap_or(0);
    let net = table::money(row, c.net, "net", &settled_currency)?;
    table::check_net(net, gross_settled, fee_settled, "net")?;
    let occurred_at = match (row.get(c.created_utc), row.get(c.created_local)) {
        (Some(_), _) => utc(row, c.created_utc, "created_utc")?,
        (None, Some(text)) => {
            dates::parse_moment(text, dates::ASSUMED_ORDER, ctx.options.zone())
                .ok_or_else(|| bad("created", format!("{text:?} is not a date and time")))?
        }
        (None, None) => return Err(bad("created_utc", "the date is empty")),
    };

    // The customer's own currency, when Stripe converted: the record keeps what the donor gave.
    let facing_currency = match row.get(c.facing_currency) {
        Some(code) => Some(table::currency(Some(code), "customer_facing_currency")?),
        None => None,
    };
    let (currency, gross, fee, converted) = match facing_currency {
        Some(fc) if fc != settled_currency && gross_settled != 0 => {
            let facing =
                table::money_required(row, c.facing_amount, "customer_facing_amount", &fc)?;
            let gross = facing.abs() * gross_settled.signum();
            let fee = at_rate(fee_settled, gross, gross_settled, "fee")?;
            let converted = Converted {
                gross_minor: gross_settled,
                fee_minor: Some(fee_settled),
                currency: settled_currency.clone(),
            };
            (fc, gross, fee, Some(converted))
        }
        _ => (settled_currency, gross_settled, fee_settled, None),
    };

    let source_id = row.get(c.source_id);
    let charge_id = row
        .get(c.charge_id)
        .or(source_id.filter(|s| s.starts_with("ch_") || s.starts_with("py_")));
    let (kind, external_id, original) = match kind {
        None => {
            let recurring = row.get(c.invoice).is_some() || row.get(c.subscription).is_some();
            let kind = if recurring {
                DonationKind::Recurring
            } else {
                DonationKind::OneTime
            };
            (kind, charge_id.unwrap_or(id).to_owned(), None)
        }
        // Money coming back shares its source (the dispute, the refund) with the reversal it
        // undoes, so it is keyed by its own balance transaction.
        Some(DonationKind::OneTime) => (
            DonationKind::OneTime,
            id.to_owned(),
            row.get(c.charge_id).map(str::to_owned),
        ),
        Some(kind) => (
            kind,
            source_id
                .filter(|s| Some(*s) != charge_id)
                .unwrap_or(id)
                .to_owned(),
            row.get(c.charge_id).map(str::to_owned),
        ),
    };
    let mut record = entry(
        row.line,
        ctx.source,
        external_id,
        kind,
        (gross, fee, &currency),
        occurred_at,
    )?;
    record.converted = converted;
    record.original_external_id = original;
    record.donor = DonorRecord {
        customer_id: table::text(row.get(c.customer_id)),
        name: table::text(row.get(c.name)),
        email: table::text(row.get(c.email)),
        country: table::country(row.get(c.country)),
    };
    record.note = match category.as_str() {
        "dispute_reversal" => Some("dispute won: the funds came back".into()),
        "refund_failure" => Some("refund failed: the funds came back".into()),
        _ => table::text(row.get(c.description)),
    };
    Ok(vec![record])
}

#[cfg(test)]
mod tests {
    use crate::fundraising::import::{read_bytes, Format, ReadOptions, Row};
    use crate::model::DonationKind;

    const HEADER: &str = "id,Description,Created (UTC),Amount,Amount Refunded,Currency,Converted Amount,Converted Amount Refunded,Fee,Converted Currency,Status,Customer ID,Customer Email,Card Name,Card Last4,Card Address Line1,Card Address Country,Invoice ID,Disputed Amount,Dispute Status,Dispute Date (UTC)\n";

    fn read(body: &str) -> crate::fundraising::import::Parsed {
        read_bytes(
            format!("{HEADER}{body}").as_bytes(),
            "payments.csv",
            None,
            &ReadOptions::default(),
        )
        .unwrap()
    }

    #[test]
    fn payments_refunds_failures_and_conversions() {
        let parsed = read(concat!(
            "ch_1,Gift,2024-03-01 10:00:00,25.00,,usd,25.00,,1.03,usd,Paid,cus_1,a@example.org,Ann,4242,1 Main St,US,,,,\n",
            "ch_2,Subscription creation,2024-03-02 10:00,10.00,10.00,eur,11.00,11.00,0.62,usd,Refunded,cus_2,b@example.org,Bo,1111,2 High St,DE,in_9,,,\n",
            "ch_3,,2024-03-03 10:00:00,5.00,,usd,5.00,,0.45,usd,Failed,,,,,,,,,,\n",
            "ch_4,,2024-03-04 10:00:00,40.00,15.00,usd,40.00,15.00,1.46,usd,Paid,,,,,,,,40.00,lost,2024-03-20 09:00:00\n",
        ));
        assert_eq!(parsed.format, Format::StripePayments);
        let records: Vec<_> = parsed.records().collect();
        assert_eq!(records.len(), 6);
        let gift = records[0];
        assert_eq!(
            (gift.gross_minor, gift.fee_minor, gift.net_minor),
            (2500, 103, 2397)
        );
        assert_eq!(gift.kind, DonationKind::OneTime);
        assert_eq!(gift.occurred_at, "2024-03-01T10:00:00.000000Z");
        assert_eq!(gift.donor.country.as_deref(), Some("US"));
        assert_eq!(gift.converted, None);
        let eur = records[1];
        assert_eq!(eur.kind, DonationKind::Recurring);
        assert_eq!((eur.currency.as_str(), eur.gross_minor), ("EUR", 1000));
        assert_eq!(eur.fee_minor, 56, "0.62 USD at 10/11");
        let conv = eur.converted.as_ref().unwrap();
        assert_eq!(
            (conv.gross_minor, conv.fee_minor, conv.currency.as_str()),
            (1100, Some(62), "USD")
        );
        let refund = records[2];
        assert_eq!(refund.external_id, "ch_2:refund");
        assert_eq!(refund.kind, DonationKind::Refund);
        assert_eq!(
            (refund.gross_minor, refund.fee_minor, refund.net_minor),
            (-1000, 0, -1000)
        );
        assert_eq!(refund.original_external_id.as_deref(), Some("ch_2"));
        assert_eq!(refund.converted.as_ref().unwrap().gross_minor, -1100);
        assert_eq!(records[4].gross_minor, -1500, "partial refund");
        let dispute = records[5];
        assert_eq!(dispute.kind, DonationKind::Dispute);
        assert_eq!(dispute.gross_minor, -4000);
        assert_eq!(dispute.occurred_at, "2024-03-20T09:00:00.000000Z");
        let skip = parsed.skips().next().unwrap();
        assert_eq!((skip.line, skip.record.as_str()), (4, "ch_3"));
        assert!(skip.reason.contains("Failed payment is not money"));
        // nothing of the card or the address is carried
        let json = serde_json::to_string(&parsed).unwrap();
        assert!(
            !json.contains("4242") && !json.contains("Main St"),
            "{json}"
        );
    }

    #[test]
    fn balance_report_categories() {
        let csv = concat!(
            "balance_transaction_id,created_utc,available_on_utc,currency,gross,fee,net,reporting_category,source_id,charge_id,customer_id,customer_email,invoice_id,description\n",
            "txn_1,2024-01-02 03:04:05,2024-01-04 00:00:00,usd,20.00,0.88,19.12,charge,ch_1,ch_1,cus_1,a@example.org,in_1,\n",
            "txn_2,2024-01-03 03:04:05,2024-01-05 00:00:00,usd,-20.00,0.00,-20.00,refund,re_1,ch_1,cus_1,a@example.org,,\n",
            "txn_3,2024-01-04 03:04:05,2024-01-06 00:00:00,usd,-19.12,0.00,-19.12,payout,po_1,,,,,\n",
            "txn_4,2024-01-05 03:04:05,2024-01-06 00:00:00,usd,-10.00,15.00,-25.00,dispute,dp_1,ch_9,,,,\n",
            "txn_5,2024-01-06 03:04:05,2024-01-06 00:00:00,usd,1.00,0.10,0.80,charge,ch_5,ch_5,,,,\n",
        );
        let parsed = read_bytes(csv.as_bytes(), "b.csv", None, &ReadOptions::default()).unwrap();
        assert_eq!(parsed.format, Format::StripeBalance);
        let kinds: Vec<_> = parsed
            .rows
            .iter()
            .map(|r| match r {
                Row::Record(r) => (r.kind.as_str(), r.external_id.as_str()),
                Row::Skipped(s) => ("skip", s.field.as_str()),
            })
            .collect();
        assert_eq!(
            kinds,
            vec![
                ("recurring", "ch_1"),
                ("refund", "re_1"),
                ("skip", "reporting_category"),
                ("dispute", "dp_1"),
                ("skip", "net"),
            ]
        );
        let dispute = parsed.records().nth(2).unwrap();
        assert_eq!(
            (dispute.gross_minor, dispute.fee_minor, dispute.net_minor),
            (-1000, 1500, -2500)
        );
        assert_eq!(dispute.original_external_id.as_deref(), Some("ch_9"));
    }
}
