//! Patreon's members export (Audience → Relationship manager → Export CSV): one row per member
//! with `Name`, `Email`, `Patron Status`, `Lifetime Amount`, `Pledge Amount`, `Charge
//! Frequency`, `Tier`, `Patronage Since Date`, `Last Charge Date`, `Last Charge Status`,
//! `User ID`, `Currency`, and address and phone columns that are never read.
//!
//! The export is a list of members, not of payments, so each row gives at most one entry: the
//! member's **last successful charge**, a recurring gift keyed `<User ID>:<Last Charge Date>`
//! (stored form) and dated at that charge. Exporting again later adds each member's newer
//! charge and repeats none. The amount is the member's `Pledge Amount`: the export does not
//! give the charged amount itself (a tier change since the charge would show here), and no
//! fee (Patreon's cut is not in it), so the fee is 0. A member whose last charge was declined,
//! is pending, or who was never charged is skipped with that reason; a former patron whose last
//! charge went through still gave that money, so it is kept. Without a `Currency` column the
//! pledge is in USD (Patreon's only currency before it added others).
//!
//! Broken files: a row with fewer cells than the header (ragged) is skipped; a header with no
//! rows gives no records and no error; names or notes that look like spreadsheet formulas
//! (`=HYPERLINK(…)`) are kept as the plain text they are; two members with one e-mail stay two
//! (they have two user ids; matching donors is the ledger's business).
use super::table::{self, bad, entry, Bad, Table, TableRow};
use super::{each_row_apart, Ctx, DonationRecord, DonorRecord, Format, Row};
use crate::error::Result;
use crate::fundraising::import::dates::{self, DateOrder, DateOrderStatus};
use crate::model::DonationKind;

pub(crate) fn matches(cols: &table::Columns) -> bool {
    cols.has(&["patron status"]) && cols.has(&["pledge amount"]) && cols.has(&["user id", "email"])
}

struct Columns {
    name: Option<usize>,
    email: Option<usize>,
    pledge: Option<usize>,
    tier: Option<usize>,
    frequency: Option<usize>,
    last_date: Option<usize>,
    last_status: Option<usize>,
    user_id: Option<usize>,
    currency: Option<usize>,
    country: Option<usize>,
}

pub(crate) fn read(table: &Table, ctx: &Ctx) -> Result<(Vec<Row>, DateOrderStatus)> {
    ctx.require(
        table,
        Format::Patreon,
        &[
            &["pledge amount"],
            &["last charge date"],
            &["last charge status"],
            &["user id"],
        ],
    )?;
    let c = Columns {
        name: table.col(&["name"]),
        email: table.col(&["email"]),
        pledge: table.col(&["pledge amount"]),
        tier: table.col(&["tier"]),
        frequency: table.col(&["charge frequency"]),
        last_date: table.col(&["last charge date"]),
        last_status: table.col(&["last charge status"]),
        user_id: table.col(&["user id"]),
        currency: table.col(&["currency"]),
        country: table.col(&["country"]),
    };
    let (status, order) = dates::resolve(
        "Last Charge Date",
        table
            .rows
            .iter()
            .filter_map(|row| row.get(c.last_date).map(|d| (row.line, d))),
        ctx.options.date_order,
    )?;
    let rows = each_row_apart(table, c.user_id, |row| one(row, &c, ctx, order));
    Ok((rows, status))
}

fn one(
    row: &TableRow,
    c: &Columns,
    ctx: &Ctx,
    order: DateOrder,
) -> std::result::Result<Vec<DonationRecord>, Bad> {
    let user_id = row
        .get(c.user_id)
        .ok_or_else(|| bad("User ID", "the member has no user id"))?;
    let last_status = row.get(c.last_status).unwrap_or("");
    match last_status.to_ascii_lowercase().as_str() {
        "paid" => {}
        "" => {
            return Err(bad(
                "Last Charge Status",
                "never charged: no money received yet",
            ))
        }
        "declined" => {
            return Err(bad(
                "Last Charge Status",
                "Declined: the last charge failed, no money received",
            ))
        }
        other => {
            return Err(bad(
                "Last Charge Status",
                format!("{other}: only a Paid last charge is money received"),
            ))
        }
    }
    let currency = match row.get(c.currency) {
        Some(code) => table::currency(Some(code), "Currency")?,
        None => "USD".to_owned(),
    };
    let pledge = table::money_required(row, c.pledge, "Pledge Amount", &currency)?;
    if pledge <= 0 {
        return Err(bad(
            "Pledge Amount",
            "0 or less: the export does not say what the last charge was",
        ));
    }
    let date_text = row
        .get(c.last_date)
        .ok_or_else(|| bad("Last Charge Date", "a Paid charge with no date"))?;
    let occurred_at = dates::parse_moment(date_text, order, ctx.options.zone())
        .ok_or_else(|| bad("Last Charge Date", format!("{date_text:?} is not a date")))?;
    let mut record = entry(
        row.line,
        ctx.source,
        format!("{user_id}:{occurred_at}"),
        DonationKind::Recurring,
        (pledge, 0, &currency),
        occurred_at,
    )?;
    record.donor = DonorRecord {
        customer_id: Some(user_id.to_owned()),
        name: table::text(row.get(c.name)),
        email: table::text(row.get(c.email)),
        country: table::country(row.get(c.country)),
    };
    record.campaign = table::text(row.get(c.tier));
    record.note = Some(format!(
        "last {} charge; amount is the pledge (the members export gives no charged amount or fee)",
        row.get(c.frequency).unwrap_or("Patreon")
    ));
    Ok(vec![record])
}

#[cfg(test)]
mod tests {
    use crate::fundraising::import::{read_bytes, ReadOptions, Row};

    const HEADER: &str = "Name,Email,Discord,Patron Status,Follows You,Lifetime Amount,Pledge Amount,Charge Frequency,Tier,Addressee,Street,City,State,Zip,Country,Phone,Patronage Since Date,Last Charge Date,Last Charge Status,Additional Details,User ID,Last Updated,Currency,Max Posts,Access Expiration,Next Charge Date\n";

    #[test]
    fn members_give_their_last_paid_charge() {
        let body = concat!(
            "Ann,a@example.org,,Active patron,No,30.00,5.00,monthly,Friend,Ann A,1 Main St,Town,,12345,United Kingdom,+44 1,2023-01-01 10:00:00.5,2023-06-01 07:00:00,Paid,,101,2023-06-01 08:00:00,GBP,,,2023-07-01 07:00:00\n",
            "=HYPERLINK(\"http://x\"),b@example.org,,Declined patron,No,0.00,1.00,monthly,Friend,,,,,,,,2023-04-08 17:45:28.731953,2023-05-31 07:46:37,Declined,,102,2023-05-31 08:01:37.517184,USD,,,2023-05-01 07:00:00\n",
            "Short,c@example.org\n",
        );
        let parsed = read_bytes(
            format!("{HEADER}{body}").as_bytes(),
            "members.csv",
            None,
            &ReadOptions::default(),
        )
        .unwrap();
        let records: Vec<_> = parsed.records().collect();
        assert_eq!(records.len(), 1);
        let r = records[0];
        assert_eq!(r.external_id, "101:2023-06-01T07:00:00.000000Z");
        assert_eq!((r.gross_minor, r.currency.as_str()), (500, "GBP"));
        assert_eq!(r.donor.country.as_deref(), Some("GB"));
        let skips: Vec<_> = parsed.skips().collect();
        assert_eq!(skips.len(), 2);
        assert_eq!(skips[0].record, "102");
        assert!(skips[0].reason.starts_with("Declined"));
        // Cut short, the only row of its width: ragged.
        assert_eq!((skips[1].line, skips[1].field.as_str()), (4, "columns"));
        let json = serde_json::to_string(&parsed).unwrap();
        assert!(!json.contains("Main St") && !json.contains("+44"));
        assert!(matches!(parsed.rows[0], Row::Record(_)));
    }
}
