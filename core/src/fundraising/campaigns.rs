//! A campaign's standing: raised against the goal on the campaign's own basis (gross or net)
//! and in its own currency, and the sentence editors read ("We are now $5,000 short of our goal").
use serde::Serialize;
use ts_rs::TS;

use super::money::{self, Style};
use crate::db::{self, Store};
use crate::error::{CoreError, Result};
use crate::model::Basis;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct CampaignSummary {
    pub id: String,
    pub name: String,
    pub currency: String,
    pub basis: Basis,
    pub starts_on: String,
    pub ends_on: String,
    pub goal_minor: i64,
    /// On the campaign's basis, in its currency, refunds and disputes subtracted.
    pub raised_minor: i64,
    /// Goal minus raised; negative when the goal was passed.
    pub short_minor: i64,
    pub gifts: i64,
    pub fees_minor: i64,
    pub refunds_minor: i64,
    /// Raised as a share of the goal in tenths of a percent (None for a zero goal).
    pub permille: Option<i64>,
    pub goal_display: String,
    pub raised_display: String,
    pub percent_display: String,
    pub sentence: String,
    /// Money given in other currencies, not counted until it is converted.
    pub unconverted: Vec<UnconvertedMoney>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct UnconvertedMoney {
    pub currency: String,
    pub amount_minor: i64,
    pub display: String,
}

pub fn summaries(store: &Store) -> Result<Vec<CampaignSummary>> {
    store.read(|conn| {
        let mut out = Vec::new();
        for campaign in db::fundraising::list_campaigns(conn)? {
            let totals = db::fundraising::campaign_totals(conn, &campaign.id)?;
            out.push(summarize(campaign, &totals)?);
        }
        Ok(out)
    })
}

fn summarize(
    campaign: db::fundraising::CampaignRow,
    totals: &[db::fundraising::CurrencyTotals],
) -> Result<CampaignSummary> {
    let counted = |t: &db::fundraising::CurrencyTotals| match campaign.basis {
        Basis::Gross => t.gross_minor,
        Basis::Net => t.net_minor,
    };
    let own = totals.iter().find(|t| t.currency == campaign.currency);
    let raised_minor = own.map(counted).unwrap_or(0);
    let overflow =
        || CoreError::invalid("amount", "the campaign's totals are too large to compute");
    let short_minor = campaign
        .goal_minor
        .checked_sub(raised_minor)
        .ok_or_else(overflow)?;
    // i128: a share of any two i64 amounts, without overflow.
    let permille = (campaign.goal_minor > 0)
        .then(|| i128::from(raised_minor) * 1000 / i128::from(campaign.goal_minor))
        .map(|p| i64::try_from(p).map_err(|_| overflow()))
        .transpose()?;
    let unconverted = totals
        .iter()
        .filter(|t| t.currency != campaign.currency)
        .map(|t| {
            Ok(UnconvertedMoney {
                currency: t.currency.clone(),
                amount_minor: counted(t),
                display: money::format(counted(t), &t.currency, Style::Exact)?,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    let fmt = |minor| money::format(minor, &campaign.currency, Style::Round);
    let sentence = sentence(campaign.goal_minor, raised_minor, &campaign.currency)?;
    Ok(CampaignSummary {
        goal_display: fmt(campaign.goal_minor)?,
        raised_display: fmt(raised_minor)?,
        percent_display: percent_text(permille),
        gifts: own.map(|t| t.gifts).unwrap_or(0),
        fees_minor: own.map(|t| t.fee_minor).unwrap_or(0),
        refunds_minor: own.map(|t| t.refunds_minor).unwrap_or(0),
        id: campaign.id,
        name: campaign.name,
        currency: campaign.currency,
        basis: campaign.basis,
        starts_on: campaign.starts_on,
        ends_on: campaign.ends_on,
        goal_minor: campaign.goal_minor,
        raised_minor,
        short_minor,
        permille,
        sentence,
        unconverted,
    })
}

/// "We are now $5,000 short of our goal", "We are $1,200 over our goal", ...
pub fn sentence(goal_minor: i64, raised_minor: i64, currency: &str) -> Result<String> {
    let fmt = |minor| money::format(minor, currency, Style::Round);
    let short_minor = goal_minor
        .checked_sub(raised_minor)
        .ok_or_else(|| CoreError::invalid("amount", "the totals are too large to compute"))?;
    Ok(if goal_minor == 0 {
        format!(
            "{} raised; this campaign has no goal set",
            fmt(raised_minor)?
        )
    } else if short_minor > 0 {
        format!("We are now {} short of our goal", fmt(short_minor)?)
    } else if short_minor == 0 {
        "We have reached our goal".to_owned()
    } else {
        format!("We are {} over our goal", fmt(-short_minor)?)
    })
}

/// Tenths of a percent as text ("90.0%", "-0.5%"); "no goal" without one.
pub fn percent_text(permille: Option<i64>) -> String {
    permille
        .map(|p| {
            let sign = if p < 0 { "-" } else { "" };
            format!("{sign}{}.{}%", (p / 10).abs(), (p % 10).abs())
        })
        .unwrap_or_else(|| "no goal".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use db::fundraising::{CampaignRow, CurrencyTotals};

    fn campaign(goal: i64, basis: Basis) -> CampaignRow {
        CampaignRow {
            id: "c".into(),
            name: "Spring drive".into(),
            goal_minor: goal,
            currency: "USD".into(),
            starts_on: "2026-01-01".into(),
            ends_on: "2026-06-30".into(),
            basis,
            goal_type: "total".into(),
        }
    }

    fn usd(gross: i64, fee: i64) -> CurrencyTotals {
        CurrencyTotals {
            currency: "USD".into(),
            gifts: 3,
            gross_minor: gross,
            fee_minor: fee,
            refunds_minor: 0,
            net_minor: gross - fee,
        }
    }

    #[test]
    fn the_sentence_follows_the_basis_and_the_goal() {
        let s = summarize(campaign(5_000_000, Basis::Net), &[usd(4_600_000, 100_000)]).unwrap();
        assert_eq!(s.raised_minor, 4_500_000);
        assert_eq!(s.sentence, "We are now $5,000 short of our goal");
        assert_eq!(s.percent_display, "90.0%");
        let s = summarize(
            campaign(5_000_000, Basis::Gross),
            &[usd(4_600_000, 100_000)],
        )
        .unwrap();
        assert_eq!(s.sentence, "We are now $4,000 short of our goal");
        let s = summarize(campaign(1_000, Basis::Gross), &[usd(1_550, 0)]).unwrap();
        assert_eq!(s.sentence, "We are $5.50 over our goal");
        assert_eq!(s.percent_display, "155.0%");
        let s = summarize(campaign(1_000, Basis::Net), &[usd(0, 5)]).unwrap();
        assert_eq!(s.percent_display, "-0.5%");
        let s = summarize(campaign(0, Basis::Gross), &[]).unwrap();
        assert_eq!(s.permille, None);
        assert_eq!(s.sentence, "$0 raised; this campaign has no goal set");
    }

    #[test]
    fn other_currencies_are_listed_not_added() {
        let eur = CurrencyTotals {
            currency: "EUR".into(),
            ..usd(10_000, 500)
        };
        let s = summarize(campaign(100_000, Basis::Net), &[eur]).unwrap();
        assert_eq!(s.raised_minor, 0);
        assert_eq!(s.unconverted[0].display, "€95.00");
    }
}
