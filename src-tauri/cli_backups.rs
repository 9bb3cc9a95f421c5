//! The command line's backups: `backup` (into the rotation, or `--out FILE`), `backups` (the
//! list) and `restore FILE` (checked first; the current newsroom is kept as a backup, and a
//! database too damaged to open is set aside and replaced).
use std::path::Path;

use readerdesk_core::backups::{self, BackupInfo, Reason};
use readerdesk_core::Store;

use crate::error::CommandError;

fn print_json<T: serde::Serialize>(value: &T) -> Result<(), CommandError> {
    let text = serde_json::to_string_pretty(value)
        .map_err(|err| CommandError::new("internal", err.to_string()))?;
    println!("{text}");
    Ok(())
}

fn describe(info: &BackupInfo) -> String {
    match &info.problem {
        Some(problem) => format!(
            "{}  {}  {}  cannot be read: {problem}",
            info.when, info.reason, info.path
        ),
        None => format!(
            "{}  {}  {:.1} MB  {} comments, {} decisions, {} donations  {}",
            info.when,
            info.reason,
            info.size_bytes as f64 / 1_048_576.0,
            info.comments,
            info.decisions,
            info.donations,
            info.path
        ),
    }
}

pub fn backup(store: &Store, out: Option<&Path>, json: bool) -> Result<(), CommandError> {
    let info = match out {
        Some(out) => backups::create_to(store, out)?,
        None => backups::create(store, Reason::Manual)?,
    };
    if json {
        return print_json(&info);
    }
    println!("Backed up and checked: {}", describe(&info));
    Ok(())
}

pub fn list(store: &Store, json: bool) -> Result<(), CommandError> {
    let list = backups::list(store)?;
    if json {
        return print_json(&list);
    }
    if list.is_empty() {
        println!(
            "No backups yet in {}.",
            backups::folder(store.path()).display()
        );
    }
    for info in &list {
        println!("{}", describe(info));
    }
    Ok(())
}

/// Restores `file` into the newsroom at `db`: live when it opens, over it when it is too damaged.
pub fn restore(db: &Path, file: &Path) -> Result<(), CommandError> {
    let summary = match Store::open_existing(db) {
        Ok(store) => backups::restore(&store, file)?,
        Err(err) if err.code() == "db_corrupt" => backups::restore_unopened(db, file)?,
        Err(err) => return Err(err.into()),
    };
    println!(
        "Restored {} into {}: {} comments, {} decisions, {} donations.",
        summary.restored_from,
        db.display(),
        summary.comments,
        summary.decisions,
        summary.donations
    );
    if let Some(kept) = summary.kept_as {
        println!("The newsroom as it was is kept in {kept}.");
    }
    Ok(())
}
