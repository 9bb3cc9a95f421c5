//! Build script: lets tauri read tauri.conf.json and the capability files, and declares the
//! app's own commands so that capabilities can grant exactly those.
const COMMANDS: &[&str] = &[
    "app_status",
    "setup_newsroom",
    "stats",
    "list_articles",
    "article_thread",
    "list_moderators",
    "add_moderator",
    "sign_in",
    "sign_out",
    "current_moderator",
    "queue_counts",
    "queue_page",
    "filtered_count",
    "reasons_in_use",
    "comment_card",
    "comment_thread",
    "decide",
    "decide_filtered",
    "undo",
    "search_comments",
    "author_dossier",
    "author_comments",
    "set_author_trust",
    "set_author_notes",
    "reject_all_pending",
    "canned_reasons",
    "set_canned_reasons",
    "audit_page",
    "export_audit_csv",
    "campaign_summaries",
    "campaign_metrics",
    "metric_rows",
    "save_campaign",
    "ledger_page",
    "add_manual_donation",
    "edit_manual_donation",
    "donation_history",
    "exchange_rates",
    "set_exchange_rate",
    "import_comments",
    "cancel_import",
    "import_history",
    "save_skipped_report",
    "watch_drops",
    "export_sources",
    "export_comments",
    "preview_donations",
    "import_donations",
    "render_chart",
    "export_chart",
    "rules_view",
    "save_rules",
    "rerun_rules",
    "undo_rerun",
    "save_word_list",
    "load_word_list",
];

fn main() {
    let attributes = tauri_build::Attributes::new()
        .capabilities_path_pattern("./src-tauri/capabilities/**/*")
        .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS));
    if let Err(err) = tauri_build::try_build(attributes) {
        panic!("tauri build step failed: {err:#}");
    }
}
