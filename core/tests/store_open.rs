//! Opening files: what is refused (and left byte-for-byte untouched), what is migrated (after
//! a backup), and the schema the migrations produce, against its committed snapshot.
use std::fs;
use std::path::Path;

use readerdesk_core::db::{migrate, APPLICATION_ID};
use readerdesk_core::{CoreError, Store};
use rusqlite::Connection;

fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn refused(path: &Path) -> CoreError {
    let before = fs::read(path).expect("file exists");
    let dir = path.parent().unwrap();
    let files = listing(dir);
    let err = match Store::open(path) {
        Ok(_) => panic!("{} should have been refused", path.display()),
        Err(err) => err,
    };
    assert_eq!(
        fs::read(path).expect("still there"),
        before,
        "the refused file changed"
    );
    assert_eq!(
        listing(dir),
        files,
        "refusing {} left files beside it",
        path.display()
    );
    assert!(
        err.to_string().contains(&path.display().to_string()),
        "the message names the file: {err}"
    );
    err
}

#[test]
fn a_file_that_is_not_sqlite_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.db");
    fs::write(&path, "Dear editor,\nthis is a letter, not a database.\n").unwrap();
    assert_eq!(refused(&path).code(), "db_not_sqlite");
    let short = dir.path().join("short.db");
    fs::write(&short, b"SQLite").unwrap();
    assert_eq!(refused(&short).code(), "db_not_sqlite");
}

#[test]
fn another_programs_database_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("places.sqlite");
    let conn = Connection::open(&path).unwrap();
    conn.execute_batch("CREATE TABLE bookmarks (url TEXT); INSERT INTO bookmarks VALUES ('x');")
        .unwrap();
    drop(conn);
    assert_eq!(refused(&path).code(), "db_not_readerdesk");
}

#[test]
fn a_database_from_a_newer_readerdesk_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("future.db");
    drop(Store::open(&path).unwrap());
    let conn = Connection::open(&path).unwrap();
    conn.pragma_update(None, "user_version", migrate::LATEST + 1)
        .unwrap();
    drop(conn);
    let err = refused(&path);
    assert_eq!(err.code(), "db_too_new");
    assert!(err
        .to_string()
        .contains(&format!("schema version {}", migrate::LATEST + 1)));
}

#[test]
fn a_database_that_fails_quick_check_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("damaged.db");
    let store = Store::open(&path).unwrap();
    readerdesk_core::demo::build(
        &store,
        chrono::NaiveDate::from_ymd_opt(2026, 11, 1).unwrap(),
    )
    .unwrap();
    drop(store);
    assert!(
        !dir.path().join("damaged.db-wal").exists(),
        "closing checkpointed the WAL"
    );
    // Scribble over pages in the middle of the file, away from the header and schema page.
    let mut bytes = fs::read(&path).unwrap();
    let page = 4096;
    let pages = bytes.len() / page;
    assert!(pages > 20, "the demo spans many pages ({pages})");
    for p in [pages / 3, pages / 2, 2 * pages / 3] {
        for (i, byte) in bytes[p * page..p * page + 2048].iter_mut().enumerate() {
            *byte = (i * 31 % 251) as u8;
        }
    }
    fs::write(&path, &bytes).unwrap();
    let err = refused(&path);
    assert_eq!(err.code(), "db_corrupt", "{err}");
    assert!(err.to_string().contains("integrity check"), "{err}");
}

#[test]
fn an_older_database_is_backed_up_before_it_is_migrated() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    // A Readerdesk file from before the first migration, holding a row of its own.
    let conn = Connection::open(&path).unwrap();
    conn.pragma_update(None, "application_id", APPLICATION_ID)
        .unwrap();
    conn.execute_batch("CREATE TABLE scratch (note TEXT); INSERT INTO scratch VALUES ('keep me');")
        .unwrap();
    drop(conn);

    let store = Store::open(&path).unwrap();
    let report = store.open_report().clone();
    assert_eq!(report.migrated_from, Some(0));
    let backup = report.backup.expect("a backup was written");
    assert_eq!(
        backup.parent(),
        path.parent(),
        "the backup sits next to the database"
    );
    assert!(backup
        .file_name()
        .unwrap()
        .to_string_lossy()
        .starts_with("old.db.v0-"));
    let copy = Connection::open(&backup).unwrap();
    let note: String = copy
        .query_row("SELECT note FROM scratch", [], |r| r.get(0))
        .unwrap();
    assert_eq!(note, "keep me");
    let version: i64 = copy
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert_eq!(
        version, 0,
        "the backup is of the database before the migration"
    );
    drop(store);

    // Opening again at the latest version writes no second backup.
    let store = Store::open(&path).unwrap();
    assert_eq!(store.open_report().backup, None);
    let backups = fs::read_dir(dir.path())
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .ends_with(".bak")
        })
        .count();
    assert_eq!(backups, 1);
}

#[test]
fn a_new_or_empty_file_becomes_a_newsroom_with_wal_and_the_pragmas() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty.db");
    fs::write(&empty, b"").unwrap();
    let store = Store::open(&empty).unwrap();
    assert!(store.open_report().created);
    let get = |conn: &Connection| -> readerdesk_core::Result<Vec<String>> {
        let mut out = Vec::new();
        for name in [
            "journal_mode",
            "foreign_keys",
            "synchronous",
            "busy_timeout",
        ] {
            let value =
                conn.pragma_query_value(None, name, |r| r.get::<_, rusqlite::types::Value>(0))?;
            out.push(format!("{value:?}"));
        }
        Ok(out)
    };
    let expected = [
        "Text(\"wal\")",
        "Integer(1)",
        "Integer(2)",
        "Integer(10000)",
    ];
    assert_eq!(store.read(|c| get(c)).unwrap(), expected, "reader");
    assert_eq!(store.write(|c| get(c)).unwrap(), expected, "writer");
}

#[test]
fn closing_the_store_after_reads_folds_the_wal_into_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("newsroom.db");
    let store = Store::open(&path).unwrap();
    readerdesk_core::demo::build(
        &store,
        chrono::NaiveDate::from_ymd_opt(2026, 11, 1).unwrap(),
    )
    .unwrap();
    readerdesk_core::newsroom::stats(&store).unwrap();
    drop(store);
    assert!(
        !dir.path().join("newsroom.db-wal").exists(),
        "the WAL was left behind"
    );
    let conn = Connection::open(&path).unwrap();
    let comments: i64 = conn
        .query_row("SELECT count(*) FROM comments", [], |r| r.get(0))
        .unwrap();
    assert!(comments > 300);
}

#[test]
fn a_foreign_application_id_without_tables_is_not_taken_over() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("other.db");
    let conn = Connection::open(&path).unwrap();
    conn.pragma_update(None, "application_id", 0x1234).unwrap();
    drop(conn);
    assert_eq!(refused(&path).code(), "db_not_readerdesk");
}

#[test]
fn a_missing_file_can_be_required_to_exist() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("typo.db");
    let err = match Store::open_existing(&path) {
        Ok(_) => panic!("opened a file that does not exist"),
        Err(err) => err,
    };
    assert_eq!(err.code(), "not_found");
    assert!(!path.exists(), "nothing was created");
}

/// The migrated schema, compared with core/tests/snapshots/schema.sql. Run with
/// UPDATE_SNAPSHOTS=1 to rewrite it after adding a migration, and review the diff.
#[test]
fn the_migrated_schema_matches_the_snapshot() {
    let mut conn = Connection::open_in_memory().unwrap();
    migrate::apply(&mut conn).unwrap();
    let mut stmt = conn
        .prepare(
            "SELECT type, name, sql FROM sqlite_schema
             WHERE sql IS NOT NULL ORDER BY type, name",
        )
        .unwrap();
    let mut schema = String::new();
    let rows = stmt
        .query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
            ))
        })
        .unwrap();
    for row in rows {
        let (kind, name, sql) = row.unwrap();
        schema.push_str(&format!("-- {kind} {name}\n{sql};\n\n"));
    }
    let version: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    schema.push_str(&format!("-- user_version {version}\n"));
    let snapshot = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots/schema.sql");
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        fs::write(&snapshot, &schema).unwrap();
    }
    let committed = fs::read_to_string(&snapshot).unwrap_or_default();
    assert!(
        committed == schema,
        "the schema differs from {}; if the change is intended, run UPDATE_SNAPSHOTS=1 cargo test and commit it",
        snapshot.display()
    );
}
