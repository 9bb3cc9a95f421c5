//! Backups of the newsroom: copies made with SQLite's online backup API into `backups/` beside
//! the database (the folder and files readable only by their owner), each checked with
//! `integrity_check` after it is written (a bad copy is deleted and the failure reported), kept
//! by a rotation (every backup of the last 24 hours, then the newest of each of the last 7
//! days, 4 weeks and 12 months; settable), and
//! restored after the chosen file is checked, the current newsroom kept as a backup first.
use std::collections::HashSet;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Datelike, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::db::{self, Store};
use crate::error::{CoreError, Result};
use crate::moderation::moderators::Moderator;
use crate::time;

/// Why a backup was made; part of its file name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    Daily,
    Manual,
    BeforeImport,
    BeforeSync,
    BeforeRestore,
}

impl Reason {
    fn as_str(self) -> &'static str {
        match self {
            Reason::Daily => "daily",
            Reason::Manual => "manual",
            Reason::BeforeImport => "before-import",
            Reason::BeforeSync => "before-sync",
            Reason::BeforeRestore => "before-restore",
        }
    }
}

/// A backup as Settings lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct BackupInfo {
    pub file_name: String,
    pub path: String,
    /// "daily", "manual", "before-import", "before-sync", "before-restore".
    pub reason: String,
    pub when: String,
    pub size_bytes: i64,
    pub comments: i64,
    pub decisions: i64,
    pub donations: i64,
    /// Why the file cannot be read, if it cannot.
    pub problem: Option<String>,
}

/// How many backups the rotation keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Rotation {
    pub daily: u32,
    pub weekly: u32,
    pub monthly: u32,
}

impl Default for Rotation {
    fn default() -> Self {
        Rotation {
            daily: 7,
            weekly: 4,
            monthly: 12,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct RestoreSummary {
    pub restored_from: String,
    /// The backup of the newsroom as it was just before (None when it could not be read).
    pub kept_as: Option<String>,
    pub comments: i64,
    pub decisions: i64,
    pub donations: i64,
}

const ROTATION_KEY: &str = "backup.rotation";
const PREFIX: &str = "readerdesk-";
const STAMP: &str = "%Y%m%dT%H%M%SZ";

/// The backups folder of the database at `db_path`.
pub fn folder(db_path: &Path) -> PathBuf {
    db_path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .join("backups")
}

fn ensure_folder(db_path: &Path) -> Result<PathBuf> {
    let dir = folder(db_path);
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(&dir).map_err(|source| CoreError::Io {
        path: dir.clone(),
        source,
    })?;
    Ok(dir)
}

/// Backs the newsroom up now (then rotates): the new backup.
pub fn create(store: &Store, reason: Reason) -> Result<BackupInfo> {
    let made = write_new(store, reason)?;
    let rotation = rotation(store)?;
    rotate(store.path(), rotation)?;
    Ok(made)
}

/// A new checked backup, without rotating (a restore must not prune the file it restores).
fn write_new(store: &Store, reason: Reason) -> Result<BackupInfo> {
    let dir = ensure_folder(store.path())?;
    remove_leftovers(&dir);
    let now = Utc::now();
    let name = format!("{PREFIX}{}-{}.db", now.format(STAMP), reason.as_str());
    let path = dir.join(name);
    write_verified(store, &path)?;
    tracing::info!(reason = reason.as_str(), "backup written");
    info(&path, zone(store))
}

/// An import file at least this large (a few thousand comments or payments) is preceded by a
/// backup: an import cannot be undone by a key, a backup can bring the newsroom back.
pub const LARGE_IMPORT_BYTES: u64 = 128 * 1024;

/// Backs the newsroom up before importing `file` when the file is large (see
/// `LARGE_IMPORT_BYTES`) and the newsroom holds anything to lose.
pub fn before_import(store: &Store, file: &Path) -> Result<Option<BackupInfo>> {
    let large = std::fs::metadata(file)
        .map(|m| m.len() >= LARGE_IMPORT_BYTES)
        .unwrap_or(false);
    if !large || holds_nothing(store)? {
        return Ok(None);
    }
    create(store, Reason::BeforeImport).map(Some)
}

/// Backs the newsroom up before a site's first sync, or a later one that brings more than a
/// thousand comments, when it holds anything to lose.
pub fn before_first_sync(store: &Store) -> Result<Option<BackupInfo>> {
    if holds_nothing(store)? {
        return Ok(None);
    }
    create(store, Reason::BeforeSync).map(Some)
}

fn holds_nothing(store: &Store) -> Result<bool> {
    Ok(store.read(|conn| db::stats::holdings(conn))? == (0, 0, 0))
}

/// Writes a verified backup to `out` (outside the rotation), for `readerdesk backup --out`.
pub fn create_to(store: &Store, out: &Path) -> Result<BackupInfo> {
    write_verified(store, out)?;
    info(out, zone(store))
}

fn zone(store: &Store) -> chrono_tz::Tz {
    store
        .read(|conn| crate::settings::zone(conn))
        .unwrap_or(chrono_tz::Tz::UTC)
}

/// Half-written copies of a backup that was killed midway (the app stopped, the laptop died)
/// are thrown away before the next one is made.
fn remove_leftovers(dir: &Path) {
    if let Ok(entries) = std::fs::read_dir(dir) {
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with(PREFIX) && name.ends_with(".db.part") {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }
}

/// The backup API into a temporary file beside `dest`, checked, then renamed into place.
fn write_verified(store: &Store, dest: &Path) -> Result<()> {
    let part = dest.with_extension("db.part");
    let _ = std::fs::remove_file(&part);
    let result = (|| {
        store.backup_to(&part)?;
        #[cfg(unix)]
        std::fs::set_permissions(&part, std::os::unix::fs::PermissionsExt::from_mode(0o600))
            .map_err(|source| CoreError::Io {
                path: part.clone(),
                source,
            })?;
        let verdict = db::integrity_check(&part)?;
        if verdict != "ok" {
            return Err(CoreError::Corrupt {
                path: dest.to_path_buf(),
                detail: format!("the new backup failed its check and was deleted: {verdict}"),
            });
        }
        std::fs::rename(&part, dest).map_err(|source| CoreError::Io {
            path: dest.to_path_buf(),
            source,
        })
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&part);
    }
    result
}

/// One backup a day the app is used: made unless today (UTC) already has one.
pub fn daily(store: &Store) -> Result<Option<BackupInfo>> {
    let today = Utc::now().date_naive();
    let have = files(store.path())?
        .iter()
        .any(|(_, at, _)| at.date_naive() == today);
    if have {
        return Ok(None);
    }
    create(store, Reason::Daily).map(Some)
}

/// The backups in the folder, newest first: (path, when, reason).
fn files(db_path: &Path) -> Result<Vec<(PathBuf, DateTime<Utc>, String)>> {
    let dir = folder(db_path);
    let entries = match std::fs::read_dir(&dir) {
        Ok(entries) => entries,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(source) => return Err(CoreError::Io { path: dir, source }),
    };
    let mut found = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if let Some((at, reason)) = parse_name(&name) {
            found.push((entry.path(), at, reason));
        }
    }
    found.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| b.0.cmp(&a.0)));
    Ok(found)
}

/// "readerdesk-20261204T191500Z-daily.db" -> (its time, "daily").
fn parse_name(name: &str) -> Option<(DateTime<Utc>, String)> {
    let rest = name.strip_prefix(PREFIX)?.strip_suffix(".db")?;
    let (stamp, reason) = rest.split_once('-')?;
    let at = NaiveDateTime::parse_from_str(stamp, STAMP).ok()?.and_utc();
    Some((at, reason.to_owned()))
}

/// Every backup, newest first, with what it holds (or why it cannot be read).
pub fn list(store: &Store) -> Result<Vec<BackupInfo>> {
    let zone = zone(store);
    files(store.path())?
        .into_iter()
        .map(|(path, _, _)| info(&path, zone))
        .collect()
}

/// The backups (file names) whose bytes contain any of `needles` (e-mail addresses, names,
/// IPs of an erased person): they still hold that person until pruned.
pub fn holding(store: &Store, needles: &[String]) -> Result<Vec<String>> {
    let needles: Vec<&[u8]> = needles
        .iter()
        .filter(|n| n.len() >= 5)
        .map(|n| n.as_bytes())
        .collect();
    let mut found = Vec::new();
    for (path, _, _) in files(store.path())? {
        let io = |source| CoreError::Io {
            path: path.clone(),
            source,
        };
        if file_contains(&path, &needles).map_err(io)? {
            if let Some(name) = path.file_name() {
                found.push(name.to_string_lossy().into_owned());
            }
        }
    }
    Ok(found)
}

/// Whether the file's bytes contain any of `needles`, read a few MB at a time (a backup can
/// be a gigabyte).
fn file_contains(path: &Path, needles: &[&[u8]]) -> std::io::Result<bool> {
    use std::io::Read;
    let keep = needles
        .iter()
        .map(|n| n.len())
        .max()
        .unwrap_or(1)
        .saturating_sub(1);
    let mut file = std::fs::File::open(path)?;
    let mut window: Vec<u8> = Vec::with_capacity(4 << 20);
    let mut chunk = vec![0u8; 4 << 20];
    loop {
        let read = file.read(&mut chunk)?;
        if read == 0 {
            return Ok(false);
        }
        window.extend_from_slice(&chunk[..read]);
        if needles
            .iter()
            .any(|n| memchr::memmem::find(&window, n).is_some())
        {
            return Ok(true);
        }
        // Keep the tail, so a needle split across two reads is still found.
        let cut = window.len().saturating_sub(keep);
        window.drain(..cut);
    }
}

/// Deletes the named backups (admins: after an erasure, the copies that still hold the person).
pub fn prune(store: &Store, who: &Moderator, names: &[String]) -> Result<usize> {
    who.must_admin()?;
    let dir = folder(store.path());
    let mut removed = 0;
    for name in names {
        if parse_name(name).is_none() || name.contains('/') || name.contains('\\') {
            return Err(CoreError::invalid(
                "backup",
                format!("{name:?} is not a backup's name"),
            ));
        }
        let path = dir.join(name);
        match std::fs::remove_file(&path) {
            Ok(()) => removed += 1,
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => {}
            Err(source) => return Err(CoreError::Io { path, source }),
        }
    }
    tracing::info!(removed, "backups pruned");
    Ok(removed)
}

/// What a backup file is and holds, read without a newsroom open (times in UTC).
pub fn describe(path: &Path) -> Result<BackupInfo> {
    info(path, chrono_tz::Tz::UTC)
}

fn info(path: &Path, zone: chrono_tz::Tz) -> Result<BackupInfo> {
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let (at, reason) = parse_name(&file_name).unwrap_or_else(|| (Utc::now(), "manual".into()));
    let size_bytes = std::fs::metadata(path)
        .map(|m| m.len() as i64)
        .map_err(|source| CoreError::Io {
            path: path.to_path_buf(),
            source,
        })?;
    let (counts, problem) = match db::file_contents(path) {
        Ok(counts) => (counts, None),
        Err(err) => ((0, 0, 0), Some(err.to_string())),
    };
    Ok(BackupInfo {
        path: path.display().to_string(),
        file_name,
        reason,
        when: time::display(at, zone),
        size_bytes,
        comments: counts.0,
        decisions: counts.1,
        donations: counts.2,
        problem,
    })
}

/// Keeps every backup of the last 24 hours (a copy taken before an import or a restore stays
/// at hand), then the newest of each of the last `daily` days, `weekly` ISO weeks and
/// `monthly` months; deletes the rest. Returns what it deleted.
pub fn rotate(db_path: &Path, rotation: Rotation) -> Result<Vec<PathBuf>> {
    let all = files(db_path)?;
    let times: Vec<_> = all.iter().map(|(_, at, _)| *at).collect();
    let mut keep = kept(&times, rotation, Utc::now());
    // The copies taken before a restore or an upgrade are the way back from it: the newest
    // three of each are kept whatever their day.
    for special in ["before-restore", "before-upgrade"] {
        keep.extend(
            all.iter()
                .enumerate()
                .filter(|(_, (_, _, reason))| reason.starts_with(special))
                .take(3)
                .map(|(i, _)| i),
        );
    }
    let mut deleted = Vec::new();
    for (index, (path, _, _)) in all.into_iter().enumerate() {
        if !keep.contains(&index) {
            std::fs::remove_file(&path).map_err(|source| CoreError::Io {
                path: path.clone(),
                source,
            })?;
            deleted.push(path);
        }
    }
    Ok(deleted)
}

/// Which of `times` (newest first) the rotation keeps at `now`, by index.
fn kept(times: &[DateTime<Utc>], rotation: Rotation, now: DateTime<Utc>) -> HashSet<usize> {
    let mut keep: HashSet<usize> = times
        .iter()
        .enumerate()
        .filter(|(_, at)| now - **at < chrono::Duration::hours(24))
        .map(|(i, _)| i)
        .collect();
    if !times.is_empty() {
        keep.insert(0);
    }
    let mut take = |limit: u32, period: &dyn Fn(&DateTime<Utc>) -> (i32, u32)| {
        let mut seen = Vec::new();
        for (index, at) in times.iter().enumerate() {
            let key = period(at);
            if !seen.contains(&key) {
                if seen.len() >= limit as usize {
                    break;
                }
                seen.push(key);
                keep.insert(index);
            }
        }
    };
    take(rotation.daily, &|at| (at.year(), at.ordinal()));
    take(rotation.weekly, &|at| {
        let week = at.iso_week();
        (week.year(), week.week())
    });
    take(rotation.monthly, &|at| (at.year(), at.month()));
    keep
}

pub fn rotation(store: &Store) -> Result<Rotation> {
    store.read(|conn| match db::settings::get(conn, ROTATION_KEY)? {
        Some(text) => serde_json::from_str(&text).map_err(|err| CoreError::CorruptRow {
            table: "settings",
            id: ROTATION_KEY.to_owned(),
            field: "value",
            message: err.to_string(),
        }),
        None => Ok(Rotation::default()),
    })
}

pub fn set_rotation(store: &Store, who: &Moderator, rotation: Rotation) -> Result<()> {
    who.must_admin()?;
    if rotation.daily == 0
        || rotation.daily > 365
        || rotation.weekly > 520
        || rotation.monthly > 240
    {
        return Err(CoreError::invalid(
            "rotation",
            "keep 1 to 365 daily backups, up to 520 weekly and 240 monthly",
        ));
    }
    let text = serde_json::to_string(&rotation)
        .map_err(|err| CoreError::invalid("rotation", err.to_string()))?;
    store.write(|tx| db::settings::set(tx, ROTATION_KEY, &text))?;
    rotate(store.path(), rotation)?;
    Ok(())
}

/// Restores the newsroom from `file` after checking it (SQLite, Readerdesk's, not newer than
/// this version, passing `integrity_check`): the file is first copied aside and brought to this
/// version's schema there (so a migration that fails leaves the newsroom as it was), the
/// current newsroom is backed up (kept as `damaged-…` when it fails its own check, which is
/// when a restore is most needed), then replaced in one transaction. A refused file is left
/// untouched, and so is the newsroom.
pub fn restore(store: &Store, file: &Path) -> Result<RestoreSummary> {
    check_restorable(file)?;
    let dir = ensure_folder(store.path())?;
    let staging = tempfile::Builder::new()
        .prefix(".restore-")
        .tempdir_in(&dir)
        .map_err(|source| CoreError::Io {
            path: dir.clone(),
            source,
        })?;
    let staged = staging.path().join("newsroom.db");
    db::copy_file(file, &staged)?;
    // Opening migrates an older backup (its own pre-upgrade copy goes to the staging folder).
    drop(Store::open(&staged)?);
    let kept = match store.damage() {
        Some(_) => keep_damaged(store, &dir)?,
        None => match write_new(store, Reason::BeforeRestore) {
            Ok(kept) => Some(kept.path),
            Err(CoreError::Corrupt { .. }) => keep_damaged(store, &dir)?,
            Err(other) => return Err(other),
        },
    };
    store.restore_from(&staged)?;
    let (comments, decisions, donations) = store.read(|conn| db::stats::holdings(conn))?;
    tracing::info!("newsroom restored from a backup");
    rotate(store.path(), rotation(store)?)?;
    Ok(RestoreSummary {
        restored_from: file.display().to_string(),
        kept_as: kept,
        comments,
        decisions,
        donations,
    })
}

/// A restore's source must pass SQLite's full integrity check, not only the quick one opening
/// does.
fn check_restorable(file: &Path) -> Result<()> {
    db::check_newsroom_file(file)?;
    let verdict = db::integrity_check(file)?;
    if verdict != "ok" {
        return Err(CoreError::Corrupt {
            path: file.to_path_buf(),
            detail: verdict,
        });
    }
    Ok(())
}

/// The newsroom failed its own check while being backed up before a restore: its copy is kept
/// as it is (`damaged-<time>.db`), and the restore goes ahead.
/// Sets a damaged database aside byte for byte, with its write-ahead log (SQLite's backup API
/// stops at the first bad page, and the log may hold committed changes the main file does not).
fn keep_damaged(store: &Store, dir: &Path) -> Result<Option<String>> {
    let dest = dir.join(format!("damaged-{}.db", Utc::now().format(STAMP)));
    for side in ["", "-wal"] {
        let (mut from, mut to) = (
            store.path().as_os_str().to_owned(),
            dest.as_os_str().to_owned(),
        );
        from.push(side);
        to.push(side);
        let from = std::path::PathBuf::from(from);
        if side.is_empty() || from.exists() {
            std::fs::copy(&from, &to).map_err(|source| CoreError::Io { path: from, source })?;
        }
    }
    Ok(Some(dest.display().to_string()))
}

/// Restores a database that cannot be opened (damaged): the damaged file is set aside in the
/// backups folder as it is, and the checked backup is copied into its place. Nothing may have
/// the database open meanwhile (the window restarts after).
pub fn restore_unopened(db_path: &Path, file: &Path) -> Result<RestoreSummary> {
    check_restorable(file)?;
    let dir = ensure_folder(db_path)?;
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| CoreError::Io {
            path: path.clone(),
            source,
        }
    };
    // The damaged file goes aside with its write-ahead log and index, exactly as they were
    // (the log may hold committed changes the main file does not).
    let aside = dir.join(format!("damaged-{}.db", Utc::now().format(STAMP)));
    let kept = if db_path.exists() {
        std::fs::rename(db_path, &aside).map_err(io(db_path))?;
        Some(aside.display().to_string())
    } else {
        None
    };
    for side in ["-wal", "-shm"] {
        let mut name = db_path.as_os_str().to_owned();
        name.push(side);
        let from = PathBuf::from(name);
        if from.exists() {
            let mut to = aside.as_os_str().to_owned();
            to.push(side);
            std::fs::rename(&from, PathBuf::from(to)).map_err(io(&from))?;
        }
    }
    let part = db_path.with_extension("db.part");
    let copied = db::copy_file(file, &part)
        .and_then(|()| std::fs::rename(&part, db_path).map_err(io(db_path)));
    if let Err(err) = copied {
        let _ = std::fs::remove_file(&part);
        return Err(err);
    }
    let (comments, decisions, donations) = db::file_contents(db_path)?;
    Ok(RestoreSummary {
        restored_from: file.display().to_string(),
        kept_as: kept,
        comments,
        decisions,
        donations,
    })
}

/// The newest backup that passes the checks, for the window's damaged-database screen.
pub fn newest_good(db_path: &Path) -> Result<Option<PathBuf>> {
    for (path, _, _) in files(db_path)? {
        if db::check_newsroom_file(&path).is_ok() {
            return Ok(Some(path));
        }
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn the_rotation_keeps_the_newest_of_each_day_week_and_month() {
        // One backup every 12 hours for 500 days, newest first.
        let start = Utc.with_ymd_and_hms(2026, 12, 4, 18, 0, 0).unwrap();
        let times: Vec<_> = (0..1000)
            .map(|i| start - chrono::Duration::hours(12 * i))
            .collect();
        let keep = kept(
            &times,
            Rotation::default(),
            start + chrono::Duration::days(1),
        );
        // 7 days + up to 4 weeks + up to 12 months, some shared.
        assert!(keep.contains(&0));
        let days: HashSet<_> = keep.iter().map(|i| times[*i].date_naive()).collect();
        assert_eq!(days.len(), keep.len(), "one a day at most");
        assert!(
            keep.len() <= 7 + 4 + 12 && keep.len() >= 12,
            "{}",
            keep.len()
        );
        let oldest = keep.iter().map(|i| times[*i]).min().unwrap();
        assert!(
            start - oldest >= chrono::Duration::days(300),
            "a year back: {oldest}"
        );
        for i in 0..7 {
            assert!(
                keep.contains(&(2 * i)),
                "the newest of each of the last 7 days"
            );
        }
    }

    #[test]
    fn backup_names_carry_their_time_and_reason() {
        let (at, reason) = parse_name("readerdesk-20261204T191500Z-before-import.db").unwrap();
        assert_eq!(at, Utc.with_ymd_and_hms(2026, 12, 4, 19, 15, 0).unwrap());
        assert_eq!(reason, "before-import");
        assert!(parse_name("notes.txt").is_none());
        assert!(parse_name("readerdesk-garbage-daily.db").is_none());
    }
}
