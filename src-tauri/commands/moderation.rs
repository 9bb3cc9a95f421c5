//! Moderation commands: the article list and an article's thread.
use readerdesk_core::moderation::articles::{self, ArticleSummary};
use readerdesk_core::moderation::thread::{self, ArticleThread};
use tauri::State;

use crate::error::CommandError;
use crate::state::AppState;

const DEFAULT_ARTICLES: u32 = 200;

#[tauri::command(async)]
pub fn list_articles(
    state: State<'_, AppState>,
    limit: Option<u32>,
) -> Result<Vec<ArticleSummary>, CommandError> {
    let limit = limit.unwrap_or(DEFAULT_ARTICLES).clamp(1, 10_000);
    Ok(articles::list(state.store()?, i64::from(limit))?)
}

#[tauri::command(async)]
pub fn article_thread(
    state: State<'_, AppState>,
    article_id: String,
) -> Result<ArticleThread, CommandError> {
    Ok(thread::article_thread(state.store()?, &article_id)?)
}
