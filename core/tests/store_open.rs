//! Opening files: what is refused (and left byte-for-byte untouched), what is migrated (after
//! a backup), and the schema the migrations produce, against its committed snapshot.
use std::fs;
use std::path::Path;

use readerdesk_core::db::{migrate, Integrity, APPLICATION_ID};
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

/// The demo newsroom with pages scribbled over in the middle of the file.
fn damaged_demo(path: &Path) {
    let store = Store::open(path).unwrap();
    readerdesk_core::demo::build(
        &store,
        chrono::NaiveDate::from_ymd_opt(2026, 11, 1).unwrap(),
    )
    .unwrap();
    drop(store);
    let mut bytes = fs::read(path).unwrap();
    let page = 4096;
    let pages = bytes.len() / page;
    // Pages of the data, not of the schema (a schema that cannot be read is refused at open,
    // which another test covers): the first pages from a third, a half and two thirds in
    // that hold no CREATE statement.
    let holds_schema = |p: usize| {
        bytes[p * page..(p + 1) * page]
            .windows(7)
            .any(|w| w == b"CREATE ")
    };
    let damaged: Vec<usize> = [pages / 3, pages / 2, 2 * pages / 3]
        .into_iter()
        .map(|from| (from..pages).find(|&p| !holds_schema(p)).unwrap())
        .collect();
    for p in damaged {
        for (i, byte) in bytes[p * page..p * page + 2048].iter_mut().enumerate() {
            *byte = (i * 31 % 251) as u8;
        }
    }
    fs::write(path, &bytes).unwrap();
}

#[test]
fn the_check_left_for_later_finds_the_damage_and_stops_every_write() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("damaged.db");
    damaged_demo(&path);
    let store = Store::open_with(&path, Integrity::Later).expect("opens without the full check");
    assert_eq!(store.damage(), None);
    let err = store
        .check_integrity()
        .expect_err("the check finds the damage");
    assert_eq!(err.code(), "db_corrupt", "{err}");
    assert!(store.damage().is_some());
    let before = fs::read(&path).unwrap();
    let refused = store
        .write(|tx| Ok(tx.execute("DELETE FROM settings", [])?))
        .expect_err("no write after damage was found");
    assert_eq!(refused.code(), "db_corrupt", "{refused}");
    drop(store);
    assert_eq!(fs::read(&path).unwrap(), before, "nothing was written");
}

#[test]
fn a_sound_file_passes_the_check_left_for_later() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sound.db");
    drop(Store::open(&path).unwrap());
    let store = Store::open_with(&path, Integrity::Later).unwrap();
    store.check_integrity().expect("a sound file passes");
    assert_eq!(store.damage(), None);
    store
        .write(|tx| Ok(tx.execute("DELETE FROM settings WHERE 0", [])?))
        .expect("writes go on");
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
        Some(dir.path().join("backups").as_path()),
        "the backup is in the backups folder beside the database"
    );
    let name = backup.file_name().unwrap().to_string_lossy().into_owned();
    assert!(
        name.starts_with("readerdesk-") && name.ends_with("-before-upgrade-v0.db"),
        "{name}"
    );
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
    let backups = fs::read_dir(dir.path().join("backups"))
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .contains("before-upgrade")
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

/// Every donation row of a database, with its rowid, as text.
fn donation_rows(conn: &Connection) -> Vec<String> {
    let mut stmt = conn
        .prepare(
            "SELECT rowid, id, source, external_id, donor_id, campaign_id, kind, gross_minor,
                    fee_minor, net_minor, currency, converted_minor, converted_currency,
                    original_id, occurred_at, note, import_id, created_at, method
             FROM donations ORDER BY rowid",
        )
        .unwrap();
    let n = stmt.column_count();
    stmt.query_map([], |row| {
        Ok((0..n)
            .map(|i| format!("{:?}", row.get::<_, rusqlite::types::Value>(i).unwrap()))
            .collect::<Vec<_>>()
            .join("|"))
    })
    .unwrap()
    .collect::<rusqlite::Result<_>>()
    .unwrap()
}

#[test]
fn a_version_3_ledger_keeps_every_row_rowid_and_link_when_its_checks_are_rewritten() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v3.db");
    let conn = Connection::open(&path).unwrap();
    conn.pragma_update(None, "foreign_keys", true).unwrap();
    for migration in &migrate::MIGRATIONS[..3] {
        conn.execute_batch(migration.sql).unwrap();
    }
    conn.pragma_update(None, "user_version", 3).unwrap();
    conn.pragma_update(None, "application_id", APPLICATION_ID)
        .unwrap();
    conn.execute_batch(
        "INSERT INTO moderators (id, name, role, created_at) VALUES ('ed', 'Editor', 'editor', '2024-01-01');
         INSERT INTO imports (id, kind, format, file_name, sha256, started_at)
             VALUES ('imp', 'donations', 'stripe', 'a.csv', printf('%064d', 0), '2024-01-01');
         INSERT INTO campaigns (id, name, goal_minor, currency, starts_on, ends_on, created_at)
             VALUES ('spring', 'Spring', 100000, 'USD', '2024-03-01', '2024-05-31', '2024-01-01');
         INSERT INTO donors (id, source, external_id, name, email_normalized)
             VALUES ('dn', 'stripe', 'customer:cus_1', 'Ada', 'ada@example.org');
         INSERT INTO donations (rowid, id, source, external_id, donor_id, campaign_id, kind,
                                gross_minor, fee_minor, net_minor, currency, converted_minor,
                                converted_currency, occurred_at, import_id, created_at)
             VALUES (3, 'gift', 'stripe', 'ch_1', 'dn', 'spring', 'one_time', 2500, 103, 2397,
                     'EUR', 2710, 'USD', '2024-03-02T10:00:00.000000Z', 'imp', '2024-03-03');
         INSERT INTO donations (rowid, id, source, external_id, donor_id, kind, gross_minor,
                                fee_minor, net_minor, currency, original_id, occurred_at,
                                import_id, created_at)
             VALUES (7, 'refund', 'stripe', 'ch_1:refund', 'dn', 'refund', -500, 0, -500, 'EUR',
                     'gift', '2024-03-09T10:00:00.000000Z', 'imp', '2024-03-10');
         INSERT INTO donations (rowid, id, source, external_id, kind, gross_minor, fee_minor,
                                net_minor, currency, occurred_at, note, created_at, method)
             VALUES (8, 'cash', 'manual', 'cash', 'one_time', 4000, 0, 4000, 'USD',
                     '2024-04-01T09:00:00.000000Z', 'at the fair', '2024-04-01', 'cash');
         INSERT INTO donation_changes (id, donation_id, moderator_id, at, action, after)
             VALUES ('c1', 'cash', 'ed', '2024-04-01', 'create', '{}');",
    )
    .unwrap();
    let before = donation_rows(&conn);
    drop(conn);

    let store = Store::open(&path).unwrap();
    assert_eq!(store.open_report().migrated_from, Some(3));
    let (after, indexes, broken, enforced, table_sql) = store
        .read(|c| {
            let indexes: Vec<String> = c
                .prepare(
                    "SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'donations'
                     AND sql IS NOT NULL ORDER BY name",
                )?
                .query_map([], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            let broken: i64 =
                c.query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
                    r.get(0)
                })?;
            let enforced: bool = c.pragma_query_value(None, "foreign_keys", |r| r.get(0))?;
            let sql: String = c.query_row(
                "SELECT sql FROM sqlite_schema WHERE name = 'donations'",
                [],
                |r| r.get(0),
            )?;
            Ok((donation_rows(c), indexes, broken, enforced, sql))
        })
        .unwrap();
    assert_eq!(after, before, "every row, rowid and link as it was");
    assert_eq!(
        indexes,
        [
            "donations_at",
            "donations_campaign_at",
            "donations_donor_at",
            "donations_original",
            "donations_waiting"
        ]
    );
    assert_eq!(broken, 0);
    assert!(
        enforced,
        "foreign keys are enforced again after the migration"
    );
    assert!(!table_sql.contains(" IN ("), "{table_sql}");

    // The rewritten checks refuse what the old ones refused; the references still hold.
    let refusals = [
        "INSERT INTO donations (id, source, external_id, kind, gross_minor, net_minor, currency, occurred_at, created_at)
         VALUES ('x1', 'manual', 'x1', 'gift', 100, 100, 'USD', '2024-01-01', '2024-01-01')",
        "INSERT INTO donations (id, source, external_id, kind, gross_minor, net_minor, currency, occurred_at, created_at, method)
         VALUES ('x2', 'manual', 'x2', 'one_time', 100, 100, 'USD', '2024-01-01', '2024-01-01', 'iou')",
        "INSERT INTO donations (id, source, external_id, kind, gross_minor, net_minor, currency, occurred_at, created_at)
         VALUES ('x3', 'manual', 'x3', 'refund', 100, 100, 'USD', '2024-01-01', '2024-01-01')",
        "INSERT INTO donations (id, source, external_id, kind, gross_minor, net_minor, currency, occurred_at, created_at)
         VALUES ('x4', 'manual', 'x4', 'one_time', -100, -100, 'USD', '2024-01-01', '2024-01-01')",
        "INSERT INTO donations (id, source, external_id, kind, gross_minor, net_minor, currency, occurred_at, created_at, original_id)
         VALUES ('x5', 'manual', 'x5', 'refund', -100, -100, 'USD', '2024-01-01', '2024-01-01', 'missing')",
        "DELETE FROM donations WHERE id = 'gift'",
    ];
    for sql in refusals {
        let err = store.write(|tx| Ok(tx.execute(sql, [])?)).expect_err(sql);
        assert!(
            err.to_string().contains("constraint failed"),
            "{sql}: {err}"
        );
    }
    store
        .write(|tx| {
            Ok(tx.execute(
                "INSERT INTO donations (id, source, external_id, kind, gross_minor, net_minor, currency, occurred_at, created_at, method)
                 VALUES ('ok', 'manual', 'ok', 'recurring', 100, 100, 'USD', '2024-01-01', '2024-01-01', 'bank_transfer')",
                [],
            )?)
        })
        .unwrap();
}

/// The database and its write-ahead log are readable only by their owner.
#[cfg(unix)]
#[test]
fn the_database_and_its_log_are_for_the_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("n.db");
    let store = Store::open(&path).unwrap();
    store
        .write(|tx| Ok(tx.execute("INSERT INTO settings (key, value) VALUES ('x', 'y')", [])?))
        .unwrap();
    let mode = |p: &std::path::Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&path), 0o600);
    assert_eq!(mode(&dir.path().join("n.db-wal")), 0o600);
    drop(store);
    // An existing file someone left readable is narrowed when opened.
    fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).unwrap();
    drop(Store::open(&path).unwrap());
    assert_eq!(mode(&path), 0o600);
}
