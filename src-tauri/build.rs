//! Build script: lets tauri read tauri.conf.json and the capability files, and declares the
//! app's own commands so that capabilities can grant exactly those. The command list is read
//! from `generate_handler![...]` in src-tauri/lib.rs, the one place commands are listed by
//! hand in Rust; tests/ipc_contract.rs checks the capability file and ui/src/lib/api.ts agree.

/// The names in `tauri::generate_handler![...]`: `commands::area::name,` -> `name`.
fn handler_names(lib: &str) -> Vec<String> {
    let Some(start) = lib.find("generate_handler![") else {
        panic!("src-tauri/lib.rs has no generate_handler![...]");
    };
    let body = &lib[start + "generate_handler![".len()..];
    let end = body.find(']').unwrap_or(body.len());
    body[..end]
        .split(',')
        .filter_map(|path| path.trim().rsplit("::").next())
        .map(str::trim)
        .filter(|name| !name.is_empty())
        .map(str::to_owned)
        .collect()
}

fn main() {
    println!("cargo:rerun-if-changed=src-tauri/lib.rs");
    let lib = std::fs::read_to_string("src-tauri/lib.rs")
        .unwrap_or_else(|err| panic!("src-tauri/lib.rs: {err}"));
    let names = handler_names(&lib);
    let commands: Vec<&'static str> = names
        .into_iter()
        .map(|name| &*Box::leak(name.into_boxed_str()))
        .collect();
    let attributes = tauri_build::Attributes::new()
        .capabilities_path_pattern("./src-tauri/capabilities/**/*")
        .app_manifest(
            tauri_build::AppManifest::new().commands(&*Box::leak(commands.into_boxed_slice())),
        );
    if let Err(err) = tauri_build::try_build(attributes) {
        panic!("tauri build step failed: {err:#}");
    }
}
