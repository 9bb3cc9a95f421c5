//! Build script: lets tauri read tauri.conf.json and the capability files, and declares the
//! app's own commands so that capabilities can grant exactly those.
const COMMANDS: &[&str] = &[
    "app_status",
    "setup_newsroom",
    "stats",
    "list_articles",
    "article_thread",
    "campaign_summaries",
];

fn main() {
    let attributes = tauri_build::Attributes::new()
        .capabilities_path_pattern("./src-tauri/capabilities/**/*")
        .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS));
    if let Err(err) = tauri_build::try_build(attributes) {
        panic!("tauri build step failed: {err:#}");
    }
}
