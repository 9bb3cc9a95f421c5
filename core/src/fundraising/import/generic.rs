//! Any other CSV of donations, read through a `ColumnMapping` the person makes in the preview
//! (which column is the date, the amount, …). The app remembers a mapping per
//! `header_signature`, so the next file with the same columns maps itself.
//!
//! Rules: the amount is the gross; a negative amount, or a kind column saying refund or
//! dispute/chargeback, makes a refund or dispute. The fee is a cost whichever sign the file
//! writes it with (on a refund, a fee given back); when a net column is mapped, the fee is
//! gross − net (and must agree with a mapped fee column). Recurring when the kind column says
//! recurring/monthly/yearly/subscription. Without an id column, a row's id is a hash of its
//! date, amount, currency, e-mail and name plus an occurrence number, so re-reading the same
//! file gives the same ids. Day/month order is settled from the whole date column.
use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use ts_rs::TS;

use super::table::{self, bad, entry, normalize, Bad, Table, TableRow};
use super::{each_row, Ctx, DonationRecord, DonorRecord, Row};
use crate::error::{CoreError, Result};
use crate::fundraising::import::dates::{self, DateOrder, DateOrderStatus};
use crate::model::DonationKind;

/// Where a generic file's currency comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "from", content = "value", rename_all = "snake_case")]
pub enum CurrencyColumn {
    /// A column holding the ISO code of each row.
    Column(String),
    /// One currency for the whole file.
    Fixed(String),
}

/// Which of a file's columns (by header name) mean what. Optional columns may be left out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ColumnMapping {
    /// The `source` of the records ("bank", "kofi", …): with the id, the ledger's key.
    pub source: String,
    pub date: String,
    /// A separate time column, when the date column has none.
    pub time: Option<String>,
    pub amount: String,
    pub currency: CurrencyColumn,
    pub fee: Option<String>,
    pub net: Option<String>,
    pub id: Option<String>,
    pub name: Option<String>,
    pub email: Option<String>,
    pub customer_id: Option<String>,
    pub country: Option<String>,
    /// one-time / recurring / refund / dispute, in the file's words.
    pub kind: Option<String>,
    /// For refunds: the id of the gift reversed.
    pub original_id: Option<String>,
    pub campaign: Option<String>,
    pub note: Option<String>,
}

/// A stable fingerprint of a header row: the SHA-256 (hex) of its column names, normalized
/// (case, BOM, spaces) and sorted, so the same export's columns in another order or case give
/// the same signature.
pub fn header_signature(header: &[String]) -> String {
    let mut names: Vec<String> = header
        .iter()
        .map(|h| normalize(h))
        .filter(|h| !h.is_empty())
        .collect();
    names.sort();
    let digest = Sha256::digest(names.join("\n").as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

struct Columns {
    date: Option<usize>,
    time: Option<usize>,
    amount: Option<usize>,
    currency_column: Option<usize>,
    fixed_currency: Option<String>,
    fee: Option<usize>,
    net: Option<usize>,
    id: Option<usize>,
    name: Option<usize>,
    email: Option<usize>,
    customer_id: Option<usize>,
    country: Option<usize>,
    kind: Option<usize>,
    original: Option<usize>,
    campaign: Option<usize>,
    note: Option<usize>,
}

pub(crate) fn read(table: &Table, ctx: &Ctx) -> Result<(Vec<Row>, DateOrderStatus)> {
    let mapping = ctx.options.mapping.as_ref().ok_or_else(|| {
        CoreError::invalid(
            ctx.name,
            "a generic CSV needs a column mapping (which column is the date, the amount, the currency)",
        )
    })?;
    let mut missing = Vec::new();
    let mut find = |name: &Option<String>| -> Option<usize> {
        let name = name.as_ref()?;
        let found = table.col(&[normalize(name).as_str()]);
        if found.is_none() {
            missing.push(name.clone());
        }
        found
    };
    let (currency_column, fixed_currency) = match &mapping.currency {
        CurrencyColumn::Column(name) => (find(&Some(name.clone())), None),
        CurrencyColumn::Fixed(code) => (None, Some(code.clone())),
    };
    let c = Columns {
        date: find(&Some(mapping.date.clone())),
        time: find(&mapping.time),
        amount: find(&Some(mapping.amount.clone())),
        currency_column,
        fixed_currency,
        fee: find(&mapping.fee),
        net: find(&mapping.net),
        id: find(&mapping.id),
        name: find(&mapping.name),
        email: find(&mapping.email),
        customer_id: find(&mapping.customer_id),
        country: find(&mapping.country),
        kind: find(&mapping.kind),
        original: find(&mapping.original_id),
        campaign: find(&mapping.campaign),
        note: find(&mapping.note),
    };
    if !missing.is_empty() {
        return Err(CoreError::invalid(
            ctx.name,
            format!(
                "the mapping names columns this file does not have: {} (its columns: {})",
                missing.join(", "),
                table.header.join(", ")
            ),
        ));
    }
    if let Some(code) = &c.fixed_currency {
        table::currency(Some(code), "currency")
            .map_err(|problem| CoreError::invalid("currency", problem.reason))?;
    }
    let (status, order) = dates::resolve(
        &mapping.date,
        table
            .rows
            .iter()
            .filter_map(|row| row.get(c.date).map(|d| (row.line, d))),
        ctx.options.date_order,
    )?;
    let source = if mapping.source.trim().is_empty() {
        ctx.source.to_owned()
    } else {
        mapping.source.trim().to_owned()
    };
    let mut occurrences: HashMap<String, u32> = HashMap::new();
    let rows = each_row(table, c.id, |row| {
        one(row, &c, mapping, ctx, &source, order, &mut occurrences)
    });
    Ok((rows, status))
}

fn kind_of(text: Option<&str>, gross: i64) -> DonationKind {
    let t = text.unwrap_or("").to_ascii_lowercase();
    if t.contains("dispute") || t.contains("chargeback") || t.contains("reversal") {
        DonationKind::Dispute
    } else if t.contains("refund") || gross < 0 {
        DonationKind::Refund
    } else if [
        "recurring",
        "monthly",
        "yearly",
        "annual",
        "quarter",
        "subscription",
        "weekly",
        "fortnight",
    ]
    .iter()
    .any(|w| t.contains(w))
    {
        DonationKind::Recurring
    } else {
        DonationKind::OneTime
    }
}

fn one(
    row: &TableRow,
    c: &Columns,
    mapping: &ColumnMapping,
    ctx: &Ctx,
    source: &str,
    order: DateOrder,
    occurrences: &mut HashMap<String, u32>,
) -> std::result::Result<Vec<DonationRecord>, Bad> {
    let currency = match &c.fixed_currency {
        Some(code) => code.to_ascii_uppercase(),
        None => table::currency(row.get(c.currency_column), "currency")?,
    };
    let amount_field = mapping.amount.as_str();
    let mut gross = table::money_required(row, c.amount, amount_field, &currency)?;
    let kind = kind_of(row.get(c.kind), gross);
    let reversal = matches!(kind, DonationKind::Refund | DonationKind::Dispute);
    if reversal && gross > 0 {
        // "refund, 20.00": the file writes the refunded amount without a sign.
        gross = -gross;
    }
    let fee_written = match &mapping.fee {
        Some(field) => table::money(row, c.fee, field, &currency)?,
        None => None,
    };
    let net = match &mapping.net {
        Some(field) => table::money(row, c.net, field, &currency)?,
        None => None,
    };
    let fee = match (fee_written, net) {
        (_, Some(net)) => {
            let fee = gross - net;
            if let Some(written) = fee_written {
                if written.abs() != fee.abs() {
                    return Err(bad(
                        mapping.net.as_deref().unwrap_or("net"),
                        format!("the net amount does not equal the amount minus the fee ({net} ≠ {gross} - {} in minor units)", written.abs()),
                    ));
                }
            }
            fee
        }
        (Some(written), None) if reversal => -written.abs(),
        (Some(written), None) => written.abs(),
        (None, None) => 0,
    };
    let date_text = row
        .get(c.date)
        .ok_or_else(|| bad(&mapping.date, "the date is empty"))?;
    let moment_text = match row.get(c.time) {
        Some(time) => format!("{date_text} {time}"),
        None => date_text.to_owned(),
    };
    let occurred_at = dates::parse_moment(&moment_text, order, ctx.options.zone())
        .ok_or_else(|| bad(&mapping.date, format!("{moment_text:?} is not a date")))?;
    let email = row.get(c.email);
    let name = row.get(c.name);
    let id = match row.get(c.id) {
        Some(id) => id.to_owned(),
        None => {
            let key = format!(
                "{occurred_at}|{gross}|{currency}|{}|{}",
                email.unwrap_or("").to_lowercase(),
                name.unwrap_or("")
            );
            let n = occurrences.entry(key.clone()).or_insert(0);
            *n += 1;
            let digest = Sha256::digest(key.as_bytes());
            let hex: String = digest[..8].iter().map(|b| format!("{b:02x}")).collect();
            format!("row:{hex}#{n}")
        }
    };
    let mut record = entry(
        row.line,
        source,
        id,
        kind,
        (gross, fee, &currency),
        occurred_at,
    )?;
    record.donor = DonorRecord {
        customer_id: table::text(row.get(c.customer_id)),
        name: table::text(name),
        email: table::text(email),
        country: table::country(row.get(c.country)),
    };
    if reversal {
        record.original_external_id = table::text(row.get(c.original));
    }
    if kind == DonationKind::Recurring {
        record.payments_per_year = row.get(c.kind).and_then(table::payments_per_year);
    }
    record.campaign = table::text(row.get(c.campaign));
    record.note = table::text(row.get(c.note));
    Ok(vec![record])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_ignore_order_case_and_spaces() {
        let a = header_signature(&["Date".into(), "Amount".into(), " E-mail ".into()]);
        let b = header_signature(&["e-mail".into(), "DATE".into(), "amount".into()]);
        let c = header_signature(&["Date".into(), "Amount".into()]);
        assert_eq!(a, b);
        assert_ne!(a, c);
        assert_eq!(a.len(), 64);
    }
}
