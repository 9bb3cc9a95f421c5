//! Fundraising commands: campaigns and their metrics, the rows behind each number, the ledger
//! with gifts typed in by hand and their change log, and exchange rates.
use readerdesk_core::fundraising::campaigns::{self, CampaignInput, CampaignSummary};
use readerdesk_core::fundraising::ledger::{
    self, DonationChange, LedgerEntry, LedgerPage, LedgerQuery, ManualDonation,
};
use readerdesk_core::fundraising::metrics::{self, CampaignMetrics, MetricsQuery};
use readerdesk_core::fundraising::rates::{self, ExchangeRate};
use tauri::AppHandle;

use super::blocking;
use crate::error::CommandError;

type Reply<T> = Result<T, CommandError>;

#[tauri::command]
pub async fn campaign_summaries(app: AppHandle) -> Reply<Vec<CampaignSummary>> {
    blocking(app, |_, state| {
        state.moderator()?;
        Ok(campaigns::summaries(state.store()?)?)
    })
    .await
}

#[tauri::command]
pub async fn campaign_metrics(app: AppHandle, query: MetricsQuery) -> Reply<CampaignMetrics> {
    blocking(app, move |_, state| {
        let who = state.moderator()?;
        Ok(metrics::metrics(state.store()?, &who, &query)?)
    })
    .await
}

/// The ledger rows behind one number of a campaign's metrics, a page at a time.
#[tauri::command]
pub async fn metric_rows(
    app: AppHandle,
    query: MetricsQuery,
    key: String,
    older_than: Option<(String, String)>,
) -> Reply<LedgerPage> {
    blocking(app, move |_, state| {
        let who = state.moderator()?;
        let store = state.store()?;
        let ids = metrics::rows_behind(store, &query, &key)?;
        Ok(ledger::page(
            store,
            &who,
            &LedgerQuery {
                ids: Some(ids),
                ..LedgerQuery::default()
            },
            older_than,
            100,
        )?)
    })
    .await
}

#[tauri::command]
pub async fn save_campaign(app: AppHandle, input: CampaignInput) -> Reply<String> {
    blocking(app, move |_, state| {
        let who = state.moderator()?;
        Ok(campaigns::save(state.store()?, &who, &input)?)
    })
    .await
}

#[tauri::command]
pub async fn ledger_page(
    app: AppHandle,
    query: LedgerQuery,
    older_than: Option<(String, String)>,
) -> Reply<LedgerPage> {
    blocking(app, move |_, state| {
        let who = state.moderator()?;
        Ok(ledger::page(state.store()?, &who, &query, older_than, 100)?)
    })
    .await
}

#[tauri::command]
pub async fn add_manual_donation(app: AppHandle, input: ManualDonation) -> Reply<LedgerEntry> {
    blocking(app, move |_, state| {
        let who = state.moderator()?;
        Ok(ledger::add_manual(state.store()?, &who, &input)?)
    })
    .await
}

#[tauri::command]
pub async fn edit_manual_donation(
    app: AppHandle,
    id: String,
    input: ManualDonation,
) -> Reply<LedgerEntry> {
    blocking(app, move |_, state| {
        let who = state.moderator()?;
        Ok(ledger::edit_manual(state.store()?, &who, &id, &input)?)
    })
    .await
}

#[tauri::command]
pub async fn donation_history(app: AppHandle, id: String) -> Reply<Vec<DonationChange>> {
    blocking(app, move |_, state| {
        let who = state.moderator()?;
        Ok(ledger::history(state.store()?, &who, &id)?)
    })
    .await
}

#[tauri::command]
pub async fn exchange_rates(app: AppHandle) -> Reply<Vec<ExchangeRate>> {
    blocking(app, |_, state| {
        state.moderator()?;
        Ok(rates::list(state.store()?)?)
    })
    .await
}

#[tauri::command]
pub async fn set_exchange_rate(app: AppHandle, rate: ExchangeRate) -> Reply<()> {
    blocking(app, move |_, state| {
        let who = state.moderator()?;
        Ok(rates::set(state.store()?, &who, &rate)?)
    })
    .await
}

/// Puts gifts under a campaign by hand (None: back to the campaign whose window holds them).
#[tauri::command]
pub async fn assign_campaign(
    app: AppHandle,
    ids: Vec<String>,
    campaign_id: Option<String>,
) -> Reply<usize> {
    blocking(app, move |_, state| {
        let who = state.moderator()?;
        Ok(ledger::assign_campaign(
            state.store()?,
            &who,
            &ids,
            campaign_id.as_deref().filter(|c| !c.is_empty()),
        )?)
    })
    .await
}
