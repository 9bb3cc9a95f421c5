//! `readerdesk`: opens the window, or runs a CLI subcommand headless and exits.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() -> std::process::ExitCode {
    readerdesk_app::main_entry()
}
