//! Backups on real database files: written with the backup API into an owner-only folder and
//! checked, listed with what they hold, rotated, restored into the live newsroom (the current
//! one kept first), refused when the chosen file is not a sound Readerdesk database (the
//! newsroom and the file both untouched), and restored over a damaged file that cannot open.
use std::path::Path;

use chrono::NaiveDate;
use readerdesk_core::backups::{self, Reason, Rotation};
use readerdesk_core::model::Role;
use readerdesk_core::moderation::decisions::{self, Decision};
use readerdesk_core::moderation::moderators;
use readerdesk_core::rusqlite::Connection;
use readerdesk_core::{demo, Store};

fn demo_store(dir: &Path) -> Store {
    let store = Store::open(&dir.join("newsroom.db")).unwrap();
    demo::build(&store, NaiveDate::from_ymd_opt(2026, 11, 27).unwrap()).unwrap();
    store
}

fn count(store: &Store, table: &str) -> i64 {
    store
        .read(|c| Ok(c.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))?))
        .unwrap()
}

#[test]
fn a_backup_is_checked_listed_for_its_owner_only_and_restored_into_the_live_newsroom() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo_store(dir.path());
    let (comments, decided) = (count(&store, "comments"), count(&store, "decisions"));
    let backup = backups::create(&store, Reason::Manual).unwrap();
    assert_eq!(backup.problem, None);
    assert_eq!((backup.comments, backup.decisions), (comments, decided));
    assert!(backup.donations > 0);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(Path::new(&backup.path)), 0o600);
        assert_eq!(mode(&backups::folder(store.path())), 0o700);
    }
    assert_eq!(
        readerdesk_core::db::integrity_check(Path::new(&backup.path)).unwrap(),
        "ok"
    );

    // Work goes on after the backup...
    let who = moderators::list(&store)
        .unwrap()
        .into_iter()
        .find(|m| m.role != Role::Editor)
        .unwrap();
    let pending: Vec<String> = store
        .read(|c| {
            let mut stmt = c.prepare("SELECT id FROM comments WHERE status = 'pending' LIMIT 5")?;
            let ids = stmt
                .query_map([], |r| r.get(0))?
                .collect::<Result<Vec<String>, _>>()?;
            Ok(ids)
        })
        .unwrap();
    decisions::decide(&store, &who, &pending, &Decision::Spam).unwrap();
    assert_eq!(count(&store, "decisions"), decided + 5);

    // ...and the restore brings the newsroom back to the backup, keeping today's first.
    let summary = backups::restore(&store, Path::new(&backup.path)).unwrap();
    assert_eq!((summary.comments, summary.decisions), (comments, decided));
    assert_eq!(
        count(&store, "decisions"),
        decided,
        "the live store reads the restored newsroom"
    );
    let kept = summary.kept_as.unwrap();
    let kept_counts = readerdesk_core::db::file_contents(Path::new(&kept)).unwrap();
    assert_eq!(
        kept_counts.1,
        decided + 5,
        "the newsroom as it was is a backup too"
    );
    let listed = backups::list(&store).unwrap();
    assert_eq!(listed.len(), 2);
    assert!(listed.iter().any(|b| b.reason == "before-restore"));
    // The restored newsroom takes decisions as before.
    decisions::decide(&store, &who, &pending[..1], &Decision::Approve).unwrap();
    drop(store);
    let reopened = Store::open(&dir.path().join("newsroom.db")).unwrap();
    assert_eq!(count(&reopened, "decisions"), decided + 1);
}

#[test]
fn a_file_that_is_not_a_sound_newsroom_is_refused_and_nothing_changes() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo_store(dir.path());
    let decided = count(&store, "decisions");
    let junk = dir.path().join("junk.db");
    std::fs::write(&junk, b"this is a letter, not a database").unwrap();
    let other = dir.path().join("other.db");
    Connection::open(&other)
        .unwrap()
        .execute_batch("CREATE TABLE notes (x TEXT); INSERT INTO notes VALUES ('mine');")
        .unwrap();
    let newer = dir.path().join("newer.db");
    store.backup_to(&newer).unwrap();
    Connection::open(&newer)
        .unwrap()
        .execute_batch("PRAGMA user_version = 999;")
        .unwrap();
    // A backup damaged on disk: a page of its body overwritten.
    let damaged = dir.path().join("damaged.db");
    store.backup_to(&damaged).unwrap();
    let mut bytes = std::fs::read(&damaged).unwrap();
    let at = bytes.len() / 2;
    bytes[at..at + 4096].fill(0x5a);
    std::fs::write(&damaged, &bytes).unwrap();

    for (file, code) in [
        (&junk, "db_not_sqlite"),
        (&other, "db_not_readerdesk"),
        (&newer, "db_too_new"),
        (&damaged, "db_corrupt"),
    ] {
        let before = std::fs::read(file).unwrap();
        let err = backups::restore(&store, file).unwrap_err();
        assert_eq!(err.code(), code, "{}: {err}", file.display());
        assert_eq!(
            std::fs::read(file).unwrap(),
            before,
            "{} untouched",
            file.display()
        );
        assert_eq!(count(&store, "decisions"), decided);
    }
    assert!(
        backups::list(&store).unwrap().is_empty(),
        "no backup taken for a refused file"
    );
}

#[test]
fn a_damaged_database_is_replaced_by_the_newest_good_backup() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("newsroom.db");
    let (comments, good) = {
        let store = demo_store(dir.path());
        let good = backups::create(&store, Reason::Daily).unwrap();
        (count(&store, "comments"), good)
    };
    // A newer backup that is itself damaged is passed over.
    let bad = backups::folder(&db).join("readerdesk-29991231T000000Z-manual.db");
    std::fs::write(&bad, b"SQLite format 3\0 but not really").unwrap();
    let mut bytes = std::fs::read(&db).unwrap();
    let at = bytes.len() / 2;
    bytes[at..at + 8192].fill(0);
    std::fs::write(&db, &bytes).unwrap();
    assert_eq!(Store::open(&db).err().map(|e| e.code()), Some("db_corrupt"));

    let newest = backups::newest_good(&db).unwrap().unwrap();
    assert_eq!(newest.display().to_string(), good.path);
    let summary = backups::restore_unopened(&db, &newest).unwrap();
    assert_eq!(summary.comments, comments);
    let aside = summary.kept_as.unwrap();
    assert_eq!(
        std::fs::read(&aside).unwrap(),
        bytes,
        "the damaged file is kept as it was"
    );
    let store = Store::open(&db).unwrap();
    assert_eq!(count(&store, "comments"), comments);
}

#[test]
fn one_backup_a_day_and_the_rotation_prunes_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo_store(dir.path());
    assert!(backups::daily(&store).unwrap().is_some());
    assert!(backups::daily(&store).unwrap().is_none(), "one a day");
    // Sixty days of older backups (copies named by their day).
    let folder = backups::folder(store.path());
    let first = backups::list(&store).unwrap().remove(0);
    for day in 1..=60 {
        let at = chrono::Utc::now() - chrono::Duration::days(day);
        let name = format!("readerdesk-{}-daily.db", at.format("%Y%m%dT%H%M%SZ"));
        std::fs::copy(&first.path, folder.join(name)).unwrap();
    }
    assert_eq!(backups::list(&store).unwrap().len(), 61);
    let deleted = backups::rotate(store.path(), Rotation::default()).unwrap();
    let left = backups::list(&store).unwrap();
    assert_eq!(left.len() + deleted.len(), 61);
    assert!(
        left.len() >= 7 + 2 && left.len() <= 7 + 4 + 3,
        "{} kept",
        left.len()
    );
    assert_eq!(left[0].file_name, first.file_name, "the newest stays");
}

/// A restore from an old backup the rotation would prune: it is restored, not deleted first.
#[test]
fn a_restore_from_an_old_backup_is_not_pruned_before_it_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo_store(dir.path());
    let first = backups::create(&store, Reason::Manual).unwrap();
    let folder = backups::folder(store.path());
    let old = chrono::Utc::now() - chrono::Duration::days(40) - chrono::Duration::hours(3);
    let name = format!("readerdesk-{}-daily.db", old.format("%Y%m%dT%H%M%SZ"));
    std::fs::copy(&first.path, folder.join(&name)).unwrap();
    // A newer one of the same day: the rotation keeps only that one of the day.
    let newer = old + chrono::Duration::hours(1);
    std::fs::copy(
        &first.path,
        folder.join(format!(
            "readerdesk-{}-daily.db",
            newer.format("%Y%m%dT%H%M%SZ")
        )),
    )
    .unwrap();
    let summary = backups::restore(&store, &folder.join(&name)).unwrap();
    assert_eq!(summary.decisions, count(&store, "decisions"));
    assert!(summary.kept_as.is_some());
}

#[test]
fn a_backup_neither_waits_for_the_writer_nor_copies_what_is_not_committed() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo_store(dir.path());
    let (comments, decided) = (count(&store, "comments"), count(&store, "decisions"));
    let (sent, made) = std::sync::mpsc::channel();
    let backup = std::thread::scope(|scope| {
        store
            .write(|tx| {
                readerdesk_core::db::settings::set(tx, "test.uncommitted", "yes")?;
                let store = &store;
                let sent = sent.clone();
                scope.spawn(move || {
                    let _ = sent.send(backups::create(store, Reason::Manual));
                });
                // The backup finishes while this write still holds the writer: it never waits
                // for one. (The bound only turns a wait into a failure instead of a hang.)
                let backup = made
                    .recv_timeout(std::time::Duration::from_secs(120))
                    .expect("the backup waited for the writer");
                Ok(backup)
            })
            .unwrap()
            .unwrap()
    });
    assert_eq!(backup.problem, None);
    assert_eq!((backup.comments, backup.decisions), (comments, decided));
    let copy = Connection::open(&backup.path).unwrap();
    let uncommitted: i64 = copy
        .query_row(
            "SELECT count(*) FROM settings WHERE key = 'test.uncommitted'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(uncommitted, 0, "the backup holds only what was committed");
    let committed = store
        .read(|c| readerdesk_core::db::settings::get(c, "test.uncommitted"))
        .unwrap();
    assert_eq!(
        committed.as_deref(),
        Some("yes"),
        "the write beside it landed"
    );
}
