//! Fundraising commands: campaigns and their metrics, the rows behind each number, the ledger
//! with gifts typed in by hand and their change log, and exchange rates.
use readerdesk_core::fundraising::campaigns::{self, CampaignInput, CampaignSummary};
use readerdesk_core::fundraising::ledger::{
    self, DonationChange, LedgerEntry, LedgerPage, LedgerQuery, ManualDonation,
};
use readerdesk_core::fundraising::metrics::{self, CampaignMetrics, MetricsQuery};
use readerdesk_core::fundraising::rates::{self, ExchangeRate};
use tauri::State;

use crate::error::CommandError;
use crate::state::AppState;

type Reply<T> = Result<T, CommandError>;

#[tauri::command(async)]
pub fn campaign_summaries(state: State<'_, AppState>) -> Reply<Vec<CampaignSummary>> {
    Ok(campaigns::summaries(state.store()?)?)
}

#[tauri::command(async)]
pub fn campaign_metrics(state: State<'_, AppState>, query: MetricsQuery) -> Reply<CampaignMetrics> {
    Ok(metrics::metrics(state.store()?, &query)?)
}

/// The ledger rows behind one number of a campaign's metrics, a page at a time.
#[tauri::command(async)]
pub fn metric_rows(
    state: State<'_, AppState>,
    query: MetricsQuery,
    key: String,
    older_than: Option<(String, String)>,
) -> Reply<LedgerPage> {
    let store = state.store()?;
    let ids = metrics::rows_behind(store, &query, &key)?;
    Ok(ledger::page(
        store,
        &LedgerQuery {
            ids: Some(ids),
            ..LedgerQuery::default()
        },
        older_than,
        100,
    )?)
}

#[tauri::command(async)]
pub fn save_campaign(state: State<'_, AppState>, input: CampaignInput) -> Reply<String> {
    let who = state.moderator()?;
    Ok(campaigns::save(state.store()?, &who, &input)?)
}

#[tauri::command(async)]
pub fn ledger_page(
    state: State<'_, AppState>,
    query: LedgerQuery,
    older_than: Option<(String, String)>,
) -> Reply<LedgerPage> {
    Ok(ledger::page(state.store()?, &query, older_than, 100)?)
}

#[tauri::command(async)]
pub fn add_manual_donation(
    state: State<'_, AppState>,
    input: ManualDonation,
) -> Reply<LedgerEntry> {
    let who = state.moderator()?;
    Ok(ledger::add_manual(state.store()?, &who, &input)?)
}

#[tauri::command(async)]
pub fn edit_manual_donation(
    state: State<'_, AppState>,
    id: String,
    input: ManualDonation,
) -> Reply<LedgerEntry> {
    let who = state.moderator()?;
    Ok(ledger::edit_manual(state.store()?, &who, &id, &input)?)
}

#[tauri::command(async)]
pub fn donation_history(state: State<'_, AppState>, id: String) -> Reply<Vec<DonationChange>> {
    Ok(ledger::history(state.store()?, &id)?)
}

#[tauri::command(async)]
pub fn exchange_rates(state: State<'_, AppState>) -> Reply<Vec<ExchangeRate>> {
    Ok(rates::list(state.store()?)?)
}

#[tauri::command(async)]
pub fn set_exchange_rate(state: State<'_, AppState>, rate: ExchangeRate) -> Reply<()> {
    let who = state.moderator()?;
    Ok(rates::set(state.store()?, &who, &rate)?)
}

/// Puts gifts under a campaign by hand (None: back to the campaign whose window holds them).
#[tauri::command(async)]
pub fn assign_campaign(
    state: State<'_, AppState>,
    ids: Vec<String>,
    campaign_id: Option<String>,
) -> Reply<usize> {
    let who = state.moderator()?;
    Ok(ledger::assign_campaign(
        state.store()?,
        &who,
        &ids,
        campaign_id.as_deref().filter(|c| !c.is_empty()),
    )?)
}
