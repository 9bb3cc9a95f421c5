//! Store access for campaigns, donors and donations. Sums are done by SQLite over integer minor
//! units, never in floating point.
use rusqlite::{params, Connection};

use crate::error::{CoreError, Result};
use crate::ids;
use crate::model::{Basis, DonationKind};

pub struct NewCampaign<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub goal_minor: i64,
    pub currency: &'a str,
    pub starts_on: &'a str,
    pub ends_on: &'a str,
    pub basis: Basis,
    pub created_at: &'a str,
    /// "total" or "monthly_recurring".
    pub goal_type: &'a str,
}

pub fn insert_campaign(conn: &Connection, campaign: &NewCampaign) -> Result<()> {
    conn.execute(
        "INSERT INTO campaigns (id, name, goal_minor, currency, starts_on, ends_on, basis, created_at,
                                goal_type)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            campaign.id,
            campaign.name,
            campaign.goal_minor,
            campaign.currency,
            campaign.starts_on,
            campaign.ends_on,
            campaign.basis.as_str(),
            campaign.created_at,
            campaign.goal_type
        ],
    )?;
    Ok(())
}

pub struct NewDonor<'a> {
    pub source: &'a str,
    pub external_id: &'a str,
    pub name: Option<&'a str>,
    pub email_normalized: Option<&'a str>,
    pub country: Option<&'a str>,
}

pub fn insert_donor(conn: &Connection, donor: &NewDonor) -> Result<String> {
    let id = ids::from_source("donors", donor.source, donor.external_id);
    conn.execute(
        "INSERT INTO donors (id, source, external_id, name, email_normalized, country)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (source, external_id) DO NOTHING",
        params![
            id,
            donor.source,
            donor.external_id,
            donor.name,
            donor.email_normalized,
            donor.country
        ],
    )?;
    Ok(id)
}

pub struct NewDonation<'a> {
    pub source: &'a str,
    pub external_id: &'a str,
    pub donor_id: Option<&'a str>,
    pub campaign_id: Option<&'a str>,
    pub kind: DonationKind,
    pub gross_minor: i64,
    pub fee_minor: i64,
    pub currency: &'a str,
    pub original_id: Option<&'a str>,
    pub occurred_at: &'a str,
    pub import_id: Option<&'a str>,
    pub created_at: &'a str,
    /// The provider's own conversion into the reporting currency: (minor units, currency).
    pub converted: Option<(i64, &'a str)>,
    /// How a gift typed in by hand came (cash, cheque, bank_transfer, ...).
    pub method: Option<&'a str>,
    pub note: &'a str,
    /// For a recurring gift: 12 monthly, 1 yearly, … (None: not said, taken as monthly).
    pub payments_per_year: Option<u16>,
    /// For a refund or dispute: the source's id of the gift it reverses.
    pub original_external_id: Option<&'a str>,
}

/// Inserts the donation unless the source already gave it to us; returns its key.
pub fn insert_donation(conn: &Connection, donation: &NewDonation) -> Result<String> {
    insert_donation_counted(conn, donation).map(|(id, _)| id)
}

/// Like `insert_donation`, and says whether the row is new (false: the source gave it before).
pub fn insert_donation_counted(
    conn: &Connection,
    donation: &NewDonation,
) -> Result<(String, bool)> {
    let (id, inserted) = insert_donation_only(conn, donation)?;
    // A donor's first gift is their first real gift: not a refund, not a re-imported row.
    if inserted
        && matches!(
            donation.kind,
            DonationKind::OneTime | DonationKind::Recurring
        )
    {
        settle_first_gift(conn, donation.donor_id, donation.occurred_at)?;
    }
    Ok((id, inserted))
}

/// Moves a donor's first gift earlier when `at` is before it (bulk imports call this once
/// per donor with the earliest new gift).
pub fn settle_first_gift(conn: &Connection, donor_id: Option<&str>, at: &str) -> Result<()> {
    conn.prepare_cached(
        "UPDATE donors SET first_gift_at = ?2
         WHERE id = ?1 AND (first_gift_at IS NULL OR first_gift_at > ?2)",
    )?
    .execute(params![donor_id, at])?;
    Ok(())
}

/// Inserts the donation only (the donor's first gift is the caller's to settle).
pub fn insert_donation_only(conn: &Connection, donation: &NewDonation) -> Result<(String, bool)> {
    let id = ids::from_source("donations", donation.source, donation.external_id);
    let inserted = conn.prepare_cached(
        "INSERT INTO donations (id, source, external_id, donor_id, campaign_id, kind, gross_minor,
                                fee_minor, net_minor, currency, original_id, occurred_at,
                                import_id, created_at, converted_minor, converted_currency,
                                method, note, payments_per_year, original_external_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?7 - ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15,
                 ?16, ?17, ?18, ?19)
         ON CONFLICT (source, external_id) DO NOTHING",
    )?
    .execute(params![
            id,
            donation.source,
            donation.external_id,
            donation.donor_id,
            donation.campaign_id,
            donation.kind.as_str(),
            donation.gross_minor,
            donation.fee_minor,
            donation.currency,
            donation.original_id,
            donation.occurred_at,
            donation.import_id,
            donation.created_at,
            donation.converted.map(|c| c.0),
            donation.converted.map(|c| c.1),
            donation.method,
            donation.note,
            donation.payments_per_year,
            donation.original_external_id
        ])?;
    Ok((id, inserted == 1))
}

pub struct CampaignRow {
    pub id: String,
    pub name: String,
    pub goal_minor: i64,
    pub currency: String,
    pub starts_on: String,
    pub ends_on: String,
    pub basis: Basis,
    pub goal_type: String,
}

pub fn list_campaigns(conn: &Connection) -> Result<Vec<CampaignRow>> {
    let mut stmt = conn.prepare(
        "SELECT id, name, goal_minor, currency, starts_on, ends_on, basis, goal_type
         FROM campaigns ORDER BY ends_on DESC, name",
    )?;
    let mut rows = stmt.query([])?;
    let mut out = Vec::new();
    while let Some(row) = rows.next()? {
        let id: String = row.get(0)?;
        let basis: String = row.get(6)?;
        let basis = basis
            .parse()
            .map_err(|err: CoreError| CoreError::CorruptRow {
                table: "campaigns",
                id: id.clone(),
                field: "basis",
                message: err.to_string(),
            })?;
        out.push(CampaignRow {
            name: row.get(1)?,
            goal_minor: row.get(2)?,
            currency: row.get(3)?,
            starts_on: row.get(4)?,
            ends_on: row.get(5)?,
            basis,
            goal_type: row.get(7)?,
            id,
        });
    }
    Ok(out)
}

/// Changes a campaign's settings (its donations stay where they are).
pub fn update_campaign(conn: &Connection, campaign: &NewCampaign) -> Result<()> {
    let changed = conn.execute(
        "UPDATE campaigns SET name = ?2, goal_minor = ?3, currency = ?4, starts_on = ?5,
             ends_on = ?6, basis = ?7, goal_type = ?8
         WHERE id = ?1",
        params![
            campaign.id,
            campaign.name,
            campaign.goal_minor,
            campaign.currency,
            campaign.starts_on,
            campaign.ends_on,
            campaign.basis.as_str(),
            campaign.goal_type
        ],
    )?;
    if changed == 0 {
        return Err(CoreError::NotFound {
            what: format!("campaign {}", campaign.id),
        });
    }
    Ok(())
}

/// Whether another campaign already has this name (names are unique, case aside).
pub fn campaign_name_taken(conn: &Connection, name: &str, except: &str) -> Result<bool> {
    Ok(conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM campaigns WHERE name = ?1 COLLATE NOCASE AND id <> ?2)",
        params![name, except],
        |r| r.get(0),
    )?)
}
