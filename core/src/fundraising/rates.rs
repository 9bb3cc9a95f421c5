//! Exchange rates the newsroom enters (or imports) with their date, for counting gifts made in
//! other currencies towards a campaign (see `convert` for the rule).
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{convert, money};
use crate::db::{self, Store};
use crate::error::{CoreError, Result};
use crate::model::Role;
use crate::moderation::moderators::Moderator;
use crate::time;

/// 1 `base` = `rate` `quote` on `on_date`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ExchangeRate {
    pub base: String,
    pub quote: String,
    pub on_date: String,
    /// Decimal text ("1.0842").
    pub rate: String,
    pub source: String,
}

pub fn list(store: &Store) -> Result<Vec<ExchangeRate>> {
    store.read(|conn| {
        Ok(db::metrics::rates(conn)?
            .into_iter()
            .map(|(base, quote, on_date, rate, source)| ExchangeRate {
                base,
                quote,
                on_date,
                rate,
                source,
            })
            .collect())
    })
}

pub fn set(store: &Store, who: &Moderator, rate: &ExchangeRate) -> Result<()> {
    if !matches!(who.role, Role::Admin | Role::Editor) {
        return Err(CoreError::Forbidden(format!(
            "{} is signed in as a moderator: exchange rates are kept by editors and admins",
            who.name
        )));
    }
    let base = money::currency(rate.base.trim())?.code().to_string();
    let quote = money::currency(rate.quote.trim())?.code().to_string();
    if base == quote {
        return Err(CoreError::invalid(
            "quote",
            "a rate is between two different currencies",
        ));
    }
    let day = time::parse_day("on_date", &rate.on_date)?;
    let value = convert::parse_rate(&rate.rate)?;
    store.write(|tx| {
        db::metrics::set_rate(
            tx,
            &base,
            &quote,
            &day.to_string(),
            &value.normalize().to_string(),
            if rate.source.trim().is_empty() {
                "manual"
            } else {
                rate.source.trim()
            },
        )
    })
}
