//! A campaign's standing: raised against the goal on the campaign's own basis (gross or net)
//! and in its own currency, and the sentence editors read ("We are now $5,000 short of our goal").
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::money::{self, Style};
use crate::db::{self, Store};
use crate::error::{CoreError, Result};
use crate::model::Basis;
use crate::moderation::moderators::Moderator;
use crate::time;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct CampaignSummary {
    pub id: String,
    pub name: String,
    pub currency: String,
    pub basis: Basis,
    /// "total" or "monthly_recurring".
    pub goal_type: String,
    /// The goal as typed back into the form ("30000.00").
    pub goal_text: String,
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

/// Every campaign's standing today. Derived from the metrics, so the two always agree (the
/// same scope: gifts assigned by hand or inside the window, converted the same way).
pub fn summaries(store: &Store) -> Result<Vec<CampaignSummary>> {
    super::metrics::all(store)?
        .into_iter()
        .map(|m| {
            let goal_text = money::plain(m.goal_minor, &m.currency)?;
            Ok(CampaignSummary {
                id: m.campaign_id,
                name: m.name,
                currency: m.currency,
                basis: m.basis,
                goal_text,
                goal_type: m.goal_type,
                starts_on: m.window_from,
                ends_on: m.window_to,
                goal_minor: m.goal_minor,
                raised_minor: m.raised_minor,
                short_minor: m.remaining_minor,
                gifts: m.gifts,
                fees_minor: m.fees_minor,
                refunds_minor: m.refunds_minor,
                permille: m.permille,
                goal_display: m.goal_display,
                raised_display: m.raised_display,
                percent_display: m.percent_display,
                sentence: m.sentence,
                unconverted: m.unconverted,
            })
        })
        .collect()
}

/// A campaign as an editor sets it up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CampaignInput {
    /// None for a new campaign.
    pub id: Option<String>,
    pub name: String,
    /// As written ("30,000").
    pub goal: String,
    pub currency: String,
    pub starts_on: String,
    pub ends_on: String,
    pub basis: Basis,
    /// "total" (raised in the window) or "monthly_recurring" (recurring income a month).
    pub goal_type: String,
}

/// Creates or changes a campaign; returns its id.
pub fn save(store: &Store, who: &Moderator, input: &CampaignInput) -> Result<String> {
    who.must_edit_fundraising("campaigns are set up")?;
    let name = input.name.trim();
    if name.is_empty() {
        return Err(CoreError::invalid("name", "give the campaign a name"));
    }
    let currency = money::currency(input.currency.trim())?.code().to_string();
    let goal_minor = super::amount::parse(&input.goal, &currency)?.unwrap_or(0);
    if goal_minor < 0 {
        return Err(CoreError::invalid("goal", "a goal cannot be negative"));
    }
    let starts = time::parse_day("starts_on", &input.starts_on)?;
    let ends = time::parse_day("ends_on", &input.ends_on)?;
    if ends < starts {
        return Err(CoreError::invalid(
            "ends_on",
            "the campaign ends before it starts",
        ));
    }
    if !matches!(input.goal_type.as_str(), "total" | "monthly_recurring") {
        return Err(CoreError::invalid(
            "goal_type",
            format!("{:?} is not total or monthly_recurring", input.goal_type),
        ));
    }
    let id = input
        .id
        .clone()
        .filter(|id| !id.is_empty())
        .unwrap_or_else(crate::ids::new_v7);
    store.write(|tx| {
        if db::fundraising::campaign_name_taken(tx, name, &id)? {
            return Err(CoreError::invalid(
                "name",
                format!("another campaign is already called {name:?}"),
            ));
        }
        let row = db::fundraising::NewCampaign {
            id: &id,
            name,
            goal_minor,
            currency: &currency,
            starts_on: &starts.to_string(),
            ends_on: &ends.to_string(),
            basis: input.basis,
            created_at: &time::now_stored(),
            goal_type: &input.goal_type,
        };
        if input.id.as_deref().is_some_and(|i| !i.is_empty()) {
            db::fundraising::update_campaign(tx, &row)?;
        } else {
            db::fundraising::insert_campaign(tx, &row)?;
        }
        Ok(id.clone())
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

    #[test]
    fn the_sentence_says_short_reached_or_over() {
        assert_eq!(
            sentence(5_000_000, 4_500_000, "USD").unwrap(),
            "We are now $5,000 short of our goal"
        );
        assert_eq!(
            sentence(1_000, 1_000, "USD").unwrap(),
            "We have reached our goal"
        );
        assert_eq!(
            sentence(100_000, 220_000, "USD").unwrap(),
            "We are $1,200 over our goal"
        );
        assert_eq!(
            sentence(1_000, 1_550, "USD").unwrap(),
            "We are $5.50 over our goal"
        );
        assert_eq!(
            sentence(0, 0, "USD").unwrap(),
            "$0 raised; this campaign has no goal set"
        );
        assert_eq!(percent_text(Some(900)), "90.0%");
        assert_eq!(percent_text(Some(1550)), "155.0%");
        assert_eq!(percent_text(Some(-5)), "-0.5%");
        assert_eq!(percent_text(None), "no goal");
    }
}
