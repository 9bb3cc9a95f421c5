//! Fundraising commands: campaigns and where each stands against its goal.
use readerdesk_core::fundraising::campaigns::{self, CampaignSummary};
use tauri::State;

use crate::error::CommandError;
use crate::state::AppState;

#[tauri::command(async)]
pub fn campaign_summaries(
    state: State<'_, AppState>,
) -> Result<Vec<CampaignSummary>, CommandError> {
    Ok(campaigns::summaries(state.store()?)?)
}
