//! The desktop shell: the window with its commands, and the headless CLI. Thin by design: all
//! logic is in readerdesk-core.
pub mod bindings;
pub mod cli;
mod cli_backups;
mod cli_sites;
pub mod commands;
pub mod dialogs;
pub mod drops;
pub mod error;
pub mod integrity;
pub mod logging;
pub mod state;
pub mod sync_worker;

use std::process::ExitCode;

use clap::Parser;

/// tauri.conf.json's identifier: names the OS data folder that holds the default database.
pub const IDENTIFIER: &str = "org.readerdesk.app";

pub fn main_entry() -> ExitCode {
    let cli = cli::Cli::parse();
    logging::init();
    match &cli.command {
        Some(command) => cli::run(&cli, command),
        None => open_window(cli.db_path()),
    }
}

fn open_window(db_path: std::path::PathBuf) -> ExitCode {
    let state = state::AppState::new(db_path);
    let result = tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .manage(state)
        .on_window_event(drops::on_window_event)
        .setup(|app| {
            // Opening may first back the file up and upgrade it (half a minute for a million
            // comments): the window shows meanwhile and says so.
            let handle = app.handle().clone();
            std::thread::spawn(move || {
                use tauri::Manager;
                handle.state::<state::AppState>().open_store();
            });
            sync_worker::start(app.handle().clone());
            // The day's backup is made only of a file that passed the check.
            integrity::start(app.handle().clone(), daily_backup);
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::app::app_status,
            commands::app::setup_newsroom,
            commands::app::stats,
            commands::app::set_newsroom_basics,
            commands::moderation::list_articles,
            commands::moderation::article_thread,
            commands::moderation::list_moderators,
            commands::moderation::add_moderator,
            commands::moderation::sign_in,
            commands::moderation::sign_out,
            commands::moderation::current_moderator,
            commands::moderation::queue_counts,
            commands::moderation::queue_page,
            commands::moderation::filtered_count,
            commands::moderation::reasons_in_use,
            commands::moderation::comment_card,
            commands::moderation::comment_thread,
            commands::moderation::decide,
            commands::moderation::decide_filtered,
            commands::moderation::undo,
            commands::moderation::search_comments,
            commands::moderation::author_dossier,
            commands::moderation::author_comments,
            commands::moderation::set_author_trust,
            commands::moderation::set_author_notes,
            commands::moderation::reject_all_pending,
            commands::moderation::canned_reasons,
            commands::moderation::set_canned_reasons,
            commands::moderation::set_passphrase,
            commands::moderation::erase_reader,
            commands::moderation::erase_donor,
            commands::moderation::export_person,
            commands::moderation::prune_backups,
            commands::app::privacy_settings,
            commands::app::set_privacy_settings,
            commands::moderation::audit_page,
            commands::moderation::export_audit_csv,
            commands::fundraising::campaign_summaries,
            commands::fundraising::campaign_metrics,
            commands::fundraising::metric_rows,
            commands::fundraising::save_campaign,
            commands::fundraising::ledger_page,
            commands::fundraising::add_manual_donation,
            commands::fundraising::edit_manual_donation,
            commands::fundraising::donation_history,
            commands::fundraising::exchange_rates,
            commands::fundraising::set_exchange_rate,
            commands::fundraising::assign_campaign,
            commands::imports::import_comments,
            commands::imports::cancel_import,
            commands::imports::import_history,
            commands::imports::save_skipped_report,
            commands::imports::watch_drops,
            commands::imports::export_sources,
            commands::imports::export_comments,
            commands::imports::preview_donations,
            commands::imports::import_exchange_rates,
            commands::imports::import_donations,
            commands::charts::render_chart,
            commands::charts::export_chart,
            commands::rules::rules_view,
            commands::rules::save_rules,
            commands::rules::rerun_rules,
            commands::rules::undo_rerun,
            commands::rules::save_word_list,
            commands::rules::load_word_list,
            commands::sites::check_site,
            commands::sites::connect_site,
            commands::sites::list_sites,
            commands::sites::remove_site,
            commands::sites::set_site_auto_sync,
            commands::sites::sync_now,
            commands::sites::cancel_sync,
            commands::sites::sync_overview,
            commands::sites::site_outbox,
            commands::sites::comment_sync_state,
            commands::sites::settle_conflict,
            commands::sites::retry_outbox,
            commands::backups::list_backups,
            commands::backups::back_up_now,
            commands::backups::restore_backup,
            commands::backups::restore_backup_from_file,
            commands::backups::reveal_backups,
            commands::backups::backup_rotation,
            commands::backups::set_backup_rotation,
            commands::backups::newest_backup,
            commands::backups::restore_newest_backup,
            commands::app::diagnostics,
            commands::app::integrity_verdict,
        ])
        .run(tauri::generate_context!());
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("readerdesk: error [window]: could not open the window: {err}");
            ExitCode::FAILURE
        }
    }
}

/// Readers' IP addresses past the retention time are cleared (once a day).
pub(crate) fn clear_old_addresses(store: &readerdesk_core::Store) {
    if let Err(err) = readerdesk_core::privacy::daily(store, chrono::Utc::now()) {
        tracing::warn!(code = err.code(), "clearing old IP addresses failed");
    }
}

/// At start, once the file passed its check: the day's IP retention, then a little later one
/// backup a day the app is used.
fn daily_backup(app: &tauri::AppHandle) {
    use tauri::Manager;
    let state = app.state::<state::AppState>();
    if let Ok(store) = state.store() {
        clear_old_addresses(store);
    }
    std::thread::sleep(std::time::Duration::from_secs(5));
    if let Ok(store) = state.store() {
        if let Err(err) = readerdesk_core::backups::daily(store) {
            tracing::warn!(code = err.code(), "the daily backup failed");
        }
        // The day's jobs read much of a large newsroom: give back what they left in caches.
        store.release_memory();
    }
    tracing::info!("the day's start-up jobs are done");
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_identifier_is_tauri_confs() {
        let conf: serde_json::Value = serde_json::from_str(include_str!("../tauri.conf.json"))
            .expect("tauri.conf.json is JSON");
        assert_eq!(conf["identifier"], super::IDENTIFIER);
    }
}
