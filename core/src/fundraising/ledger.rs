//! The donation ledger as editors use it: gifts typed in by hand (cash, cheques, bank
//! transfers), corrected later with every change kept (who, when, before and after), gifts
//! assigned to a campaign by hand, and the rows listed newest first.
use chrono::{NaiveTime, TimeZone, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{amount, money};
use crate::db::ledger::{LedgerFilter, LedgerRow, ManualUpdate, NewChange};
use crate::db::{self, fundraising::NewDonation, Store};
use crate::error::{CoreError, Result};
use crate::ids;
use crate::model::DonationKind;
use crate::moderation::moderators::Moderator;
use crate::settings;
use crate::time;

/// A gift as an editor types it in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ManualDonation {
    pub donor_name: String,
    pub donor_email: Option<String>,
    /// As written: "250", "1,250.00", "49,37".
    pub amount: String,
    /// Any fee the bank took, as written; empty for none.
    pub fee: Option<String>,
    pub currency: String,
    /// The day it came in (YYYY-MM-DD), in the newsroom's time zone.
    pub received_on: String,
    /// cash, cheque, bank_transfer, card or other.
    pub method: String,
    /// one_time or recurring.
    pub kind: DonationKind,
    pub campaign_id: Option<String>,
    pub note: String,
}

/// One ledger row, with money and time ready to show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct LedgerEntry {
    pub id: String,
    pub source: String,
    pub external_id: String,
    pub kind: DonationKind,
    pub gross_minor: i64,
    pub fee_minor: i64,
    pub net_minor: i64,
    pub currency: String,
    pub gross_display: String,
    pub net_display: String,
    /// The amounts as typed back into the form ("1250.00"), for corrections.
    pub gross_text: String,
    pub fee_text: String,
    pub converted_display: Option<String>,
    pub occurred_at: String,
    pub occurred_display: String,
    pub donor_id: Option<String>,
    pub donor_name: Option<String>,
    pub donor_email: Option<String>,
    pub campaign_id: Option<String>,
    pub campaign_name: Option<String>,
    pub original_id: Option<String>,
    pub method: Option<String>,
    pub note: String,
    /// Gifts entered by hand can be corrected here; imported rows in their own system.
    pub editable: bool,
    /// The donor's name and e-mail are withheld from this profile (a moderator).
    pub donor_hidden: bool,
}

impl LedgerEntry {
    /// The row as `who` may see it: donors' names and e-mails only for editors and admins.
    fn seen_by(mut self, who: &Moderator) -> LedgerEntry {
        if !who.sees_donors() {
            self.donor_name = None;
            self.donor_email = None;
            self.donor_hidden = true;
        }
        self
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct LedgerPage {
    pub entries: Vec<LedgerEntry>,
    /// (occurred_at, id) of the last entry, to ask for the next page.
    pub next: Option<(String, String)>,
}

/// One change to a ledger row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct DonationChange {
    pub at: String,
    pub at_display: String,
    pub who: String,
    pub action: String,
    /// The row before and after, as JSON objects (before is null when it was created).
    pub before: Option<String>,
    pub after: String,
}

const METHODS: &[&str] = &["cash", "cheque", "bank_transfer", "card", "other"];

/// What a moderator is refused here (the rule is `roles::can_edit_fundraising`).
const LEDGER_WORK: &str = "the ledger is kept";

/// The checked values of a manual gift.
struct Checked {
    gross: i64,
    fee: i64,
    currency: String,
    occurred_at: String,
    email: Option<String>,
    name: String,
}

fn check(input: &ManualDonation, zone: chrono_tz::Tz) -> Result<Checked> {
    let currency = money::currency(input.currency.trim())?;
    let code = currency.code().to_string();
    let gross = amount::parse(&input.amount, &code)?
        .ok_or_else(|| CoreError::invalid("amount", "enter the amount given"))?;
    if gross <= 0 {
        return Err(CoreError::invalid(
            "amount",
            format!("{:?} is not a gift: enter a positive amount", input.amount),
        ));
    }
    let fee = match input.fee.as_deref() {
        Some(text) => amount::parse(text, &code)?.unwrap_or(0),
        None => 0,
    };
    if fee < 0 || fee > gross {
        return Err(CoreError::invalid(
            "fee",
            "the fee must be between zero and the amount",
        ));
    }
    if !matches!(input.kind, DonationKind::OneTime | DonationKind::Recurring) {
        return Err(CoreError::invalid(
            "kind",
            "a gift entered by hand is one-time or recurring (refunds come with the gift's source)",
        ));
    }
    if !METHODS.contains(&input.method.as_str()) {
        return Err(CoreError::invalid(
            "method",
            format!("{:?} is not one of {}", input.method, METHODS.join(", ")),
        ));
    }
    let name = input.donor_name.trim().to_string();
    if name.is_empty() {
        return Err(CoreError::invalid(
            "donor_name",
            "enter who gave it (\"Anonymous\" is fine)",
        ));
    }
    let day = time::parse_day("received_on", &input.received_on)?;
    // Noon in the newsroom's zone: the gift lands on the day typed, whatever the DST.
    let local = day.and_time(NaiveTime::from_hms_opt(12, 0, 0).unwrap_or(NaiveTime::MIN));
    let at = zone
        .from_local_datetime(&local)
        .earliest()
        .map(|at| at.with_timezone(&Utc))
        .unwrap_or_else(|| local.and_utc());
    let email = input
        .donor_email
        .as_deref()
        .map(normalize_email)
        .transpose()?
        .flatten();
    Ok(Checked {
        gross,
        fee,
        currency: code,
        occurred_at: time::to_stored(at),
        email,
        name,
    })
}

/// "  Olena@Example.ORG " → "olena@example.org"; blank is none; not an address is an error.
pub fn normalize_email(text: &str) -> Result<Option<String>> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    match text.split_once('@') {
        Some((local, domain))
            if !local.is_empty() && domain.contains('.') && !text.contains(' ') =>
        {
            Ok(Some(text.to_lowercase()))
        }
        _ => Err(CoreError::invalid(
            "donor_email",
            format!("{text:?} is not an e-mail address"),
        )),
    }
}

fn snapshot(row: &LedgerRow) -> Result<String> {
    serde_json::to_string(&serde_json::json!({
        "donor": row.donor_name,
        "email": row.donor_email,
        "kind": row.kind,
        "gross_minor": row.gross_minor,
        "fee_minor": row.fee_minor,
        "net_minor": row.net_minor,
        "currency": row.currency,
        "occurred_at": row.occurred_at,
        "campaign": row.campaign_name,
        "method": row.method,
        "note": row.note,
    }))
    .map_err(|err| CoreError::invalid("donation", err.to_string()))
}

fn entry(row: LedgerRow, zone: chrono_tz::Tz) -> Result<LedgerEntry> {
    let at = time::parse_stored("occurred_at", &row.occurred_at)?;
    let kind: DonationKind = row
        .kind
        .parse()
        .map_err(|err: CoreError| CoreError::CorruptRow {
            table: "donations",
            id: row.id.clone(),
            field: "kind",
            message: err.to_string(),
        })?;
    let converted_display = match (&row.converted_minor, &row.converted_currency) {
        (Some(minor), Some(code)) => Some(money::format(*minor, code, money::Style::Exact)?),
        _ => None,
    };
    Ok(LedgerEntry {
        gross_display: money::format(row.gross_minor, &row.currency, money::Style::Exact)?,
        gross_text: money::plain(row.gross_minor, &row.currency)?,
        fee_text: money::plain(row.fee_minor, &row.currency)?,
        net_display: money::format(row.net_minor, &row.currency, money::Style::Exact)?,
        converted_display,
        occurred_display: time::display(at, zone),
        editable: row.source == "manual",
        donor_hidden: false,
        id: row.id,
        source: row.source,
        external_id: row.external_id,
        kind,
        gross_minor: row.gross_minor,
        fee_minor: row.fee_minor,
        net_minor: row.net_minor,
        currency: row.currency,
        occurred_at: row.occurred_at,
        donor_id: row.donor_id,
        donor_name: row.donor_name,
        donor_email: row.donor_email,
        campaign_id: row.campaign_id,
        campaign_name: row.campaign_name,
        original_id: row.original_id,
        method: row.method,
        note: row.note,
    })
}

/// Names typed for a gift whose giver is not known: such gifts stay anonymous rather than
/// being added up as one donor called "Anonymous".
const ANONYMOUS: &[&str] = &[
    "anonymous",
    "anon",
    "anonym",
    "anonyme",
    "anónimo",
    "anonimo",
];

/// The donor of a gift typed in by hand: found by e-mail, or (a gift without an address is
/// still someone's) keyed by the name typed; None for an anonymous gift without an address.
fn manual_donor(tx: &rusqlite::Connection, checked: &Checked) -> Result<Option<String>> {
    if checked.email.is_none() && ANONYMOUS.contains(&checked.name.to_lowercase().as_str()) {
        return Ok(None);
    }
    let found = db::ledger::donor_for(
        tx,
        "manual",
        None,
        checked.email.as_deref(),
        Some(&checked.name),
        None,
    )?;
    match found {
        Some(id) => Ok(Some(id)),
        None => db::fundraising::insert_donor(
            tx,
            &db::fundraising::NewDonor {
                source: "manual",
                external_id: &format!("name:{}", checked.name.to_lowercase()),
                name: Some(&checked.name),
                email_normalized: None,
                country: None,
            },
        )
        .map(Some),
    }
}

/// Adds a gift typed in by hand, recording who added it.
pub fn add_manual(store: &Store, who: &Moderator, input: &ManualDonation) -> Result<LedgerEntry> {
    who.must_edit_fundraising(LEDGER_WORK)?;
    store.write(|tx| {
        let zone = settings::zone(tx)?;
        let checked = check(input, zone)?;
        let external_id = ids::new_v7();
        let donor_id = manual_donor(tx, &checked)?;
        let now = time::now_stored();
        let id = db::fundraising::insert_donation(
            tx,
            &NewDonation {
                source: "manual",
                external_id: &external_id,
                donor_id: donor_id.as_deref(),
                campaign_id: input.campaign_id.as_deref().filter(|c| !c.is_empty()),
                kind: input.kind,
                gross_minor: checked.gross,
                fee_minor: checked.fee,
                currency: &checked.currency,
                original_id: None,
                occurred_at: &checked.occurred_at,
                import_id: None,
                created_at: &now,
                converted: None,
                method: Some(&input.method),
                note: input.note.trim(),
                payments_per_year: None,
                original_external_id: None,
            },
        )?;
        let row = db::ledger::get(tx, &id)?;
        db::ledger::record_change(
            tx,
            &NewChange {
                donation_id: &id,
                moderator_id: &who.id,
                at: &now,
                action: "create",
                before: None,
                after: &snapshot(&row)?,
            },
        )?;
        entry(row, zone)
    })
}

/// Corrects a gift typed in by hand; the row before and after is kept in its change log.
pub fn edit_manual(
    store: &Store,
    who: &Moderator,
    id: &str,
    input: &ManualDonation,
) -> Result<LedgerEntry> {
    who.must_edit_fundraising(LEDGER_WORK)?;
    store.write(|tx| {
        let zone = settings::zone(tx)?;
        let before = db::ledger::get(tx, id)?;
        let checked = check(input, zone)?;
        let donor_id = manual_donor(tx, &checked)?;
        let earlier_donor = before.donor_id.clone();
        db::ledger::update_manual(
            tx,
            id,
            &ManualUpdate {
                donor_id: donor_id.as_deref(),
                campaign_id: input.campaign_id.as_deref().filter(|c| !c.is_empty()),
                kind: input.kind.as_str(),
                gross_minor: checked.gross,
                fee_minor: checked.fee,
                currency: &checked.currency,
                occurred_at: &checked.occurred_at,
                method: Some(&input.method),
                note: input.note.trim(),
            },
        )?;
        // The gift may have moved in time or to another donor: both donors' first gifts are
        // worked out again from their gifts (new and returning donors depend on them).
        for donor in [earlier_donor.as_deref(), donor_id.as_deref()]
            .into_iter()
            .flatten()
        {
            db::ledger::recompute_first_gift(tx, donor)?;
        }
        let after = db::ledger::get(tx, id)?;
        db::ledger::record_change(
            tx,
            &NewChange {
                donation_id: id,
                moderator_id: &who.id,
                at: &time::now_stored(),
                action: "edit",
                before: Some(&snapshot(&before)?),
                after: &snapshot(&after)?,
            },
        )?;
        entry(after, zone)
    })
}

/// Puts gifts under a campaign by hand (None: back to the campaign whose window holds them),
/// with the refunds and disputes that reverse them. Returns how many ledger rows changed.
pub fn assign_campaign(
    store: &Store,
    who: &Moderator,
    ids: &[String],
    campaign_id: Option<&str>,
) -> Result<usize> {
    who.must_edit_fundraising(LEDGER_WORK)?;
    store.write(|tx| {
        let now = time::now_stored();
        // A gift's refunds and disputes go with it, so the campaign that counts the gift also
        // counts what reversed it.
        let mut rows: Vec<String> = Vec::with_capacity(ids.len());
        let mut seen = std::collections::HashSet::new();
        for id in ids {
            for row in std::iter::once(id.clone()).chain(db::ledger::reversals_of(tx, id)?) {
                if seen.insert(row.clone()) {
                    rows.push(row);
                }
            }
        }
        for id in &rows {
            let before = db::ledger::get(tx, id)?;
            db::ledger::set_campaign(tx, id, campaign_id)?;
            let after = db::ledger::get(tx, id)?;
            db::ledger::record_change(
                tx,
                &NewChange {
                    donation_id: id,
                    moderator_id: &who.id,
                    at: &now,
                    action: "edit",
                    before: Some(&snapshot(&before)?),
                    after: &snapshot(&after)?,
                },
            )?;
        }
        Ok(rows.len())
    })
}

/// A row's changes as `who` may see them: for those who may not see donors, the snapshots'
/// donor name and e-mail read "(hidden)".
pub fn history(store: &Store, who: &Moderator, id: &str) -> Result<Vec<DonationChange>> {
    let hide = !who.sees_donors();
    let seen = |snapshot: String| match hide {
        true => hide_donor(&snapshot, id),
        false => Ok(snapshot),
    };
    store.read(|conn| {
        let zone = settings::zone(conn)?;
        db::ledger::changes(conn, id)?
            .into_iter()
            .map(|(at, who, action, before, after)| {
                Ok(DonationChange {
                    at_display: time::display(time::parse_stored("at", &at)?, zone),
                    at,
                    who,
                    action,
                    before: before.map(seen).transpose()?,
                    after: seen(after)?,
                })
            })
            .collect()
    })
}

/// Which rows to list: a donor's, a source's, a span of days, or exactly the rows behind a
/// number (`ids`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct LedgerQuery {
    pub donor_id: Option<String>,
    pub source: Option<String>,
    /// Days (YYYY-MM-DD) in the newsroom's time zone, both included.
    pub from_day: Option<String>,
    pub to_day: Option<String>,
    pub ids: Option<Vec<String>>,
}

/// The snapshot with its donor fields replaced by "(hidden)".
fn hide_donor(snapshot: &str, id: &str) -> Result<String> {
    let mut value: serde_json::Value =
        serde_json::from_str(snapshot).map_err(|err| CoreError::CorruptRow {
            table: "donation_changes",
            id: id.to_owned(),
            field: "snapshot",
            message: err.to_string(),
        })?;
    if let Some(object) = value.as_object_mut() {
        for key in ["donor", "email"] {
            if let Some(field) = object.get_mut(key) {
                if !field.is_null() {
                    *field = serde_json::Value::String("(hidden)".to_owned());
                }
            }
        }
    }
    Ok(value.to_string())
}

/// A page of the ledger as `who` may see it (see `LedgerEntry::seen_by`).
pub fn page(
    store: &Store,
    who: &Moderator,
    query: &LedgerQuery,
    older_than: Option<(String, String)>,
    limit: u32,
) -> Result<LedgerPage> {
    let limit = i64::from(limit.clamp(1, 500));
    store.read(|conn| {
        let zone = settings::zone(conn)?;
        let (after, before) =
            time::day_span(zone, query.from_day.as_deref(), query.to_day.as_deref())?;
        let filter = LedgerFilter {
            donor_id: query.donor_id.as_deref(),
            source: query.source.as_deref(),
            after: after.as_deref(),
            before: before.as_deref(),
            ids: query.ids.as_deref(),
        };
        let bound = older_than.as_ref().map(|(a, b)| (a.as_str(), b.as_str()));
        let mut rows = db::ledger::page(conn, &filter, bound, limit + 1)?;
        let more = rows.len() as i64 > limit;
        rows.truncate(limit as usize);
        let next = more
            .then(|| rows.last().map(|r| (r.occurred_at.clone(), r.id.clone())))
            .flatten();
        Ok(LedgerPage {
            entries: rows
                .into_iter()
                .map(|row| Ok(entry(row, zone)?.seen_by(who)))
                .collect::<Result<_>>()?,
            next,
        })
    })
}
