//! `readerdesk backup`, `backups` and `restore` with the real binary: a checked backup in the
//! folder beside the database, the list with what each holds, a restore after more work (the
//! newsroom as it was kept first), a file that is not a newsroom refused untouched, and a
//! database too damaged to open replaced by its backup.
use std::path::Path;
use std::process::{Command, Output};

fn readerdesk(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_readerdesk"))
        .arg("--db")
        .arg(db)
        .args(args)
        .output()
        .unwrap()
}

fn json(out: &Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|err| panic!("{err}: {}", String::from_utf8_lossy(&out.stdout)))
}

fn comments(db: &Path) -> i64 {
    let out = readerdesk(db, &["stats", "--json"]);
    assert!(out.status.success(), "{out:?}");
    json(&out)["comments"]["total"].as_i64().unwrap()
}

#[test]
fn backup_list_restore_and_a_damaged_database_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("newsroom.db");
    assert!(readerdesk(&db, &["demo", "--anchor", "2026-11-27"])
        .status
        .success());
    let before = comments(&db);

    let made = readerdesk(&db, &["backup", "--json"]);
    assert!(made.status.success(), "{made:?}");
    let made = json(&made);
    assert_eq!(made["comments"].as_i64(), Some(before));
    assert_eq!(made["problem"], serde_json::Value::Null);
    let backup = made["path"].as_str().unwrap().to_owned();
    assert!(Path::new(&backup).starts_with(dir.path().join("backups")));

    // More comments arrive after the backup.
    let wxr = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import/site-v1.xml");
    assert!(
        readerdesk(&db, &["import", "comments", wxr.to_str().unwrap()])
            .status
            .success()
    );
    assert!(comments(&db) > before);

    let junk = dir.path().join("letter.db");
    std::fs::write(&junk, b"Dear editor, this is not a database.").unwrap();
    let refused = readerdesk(&db, &["restore", junk.to_str().unwrap()]);
    assert!(!refused.status.success());
    assert!(
        String::from_utf8_lossy(&refused.stderr).contains("[db_not_sqlite]"),
        "{refused:?}"
    );
    assert_eq!(
        std::fs::read(&junk).unwrap(),
        b"Dear editor, this is not a database."
    );
    assert!(comments(&db) > before, "a refused restore changes nothing");

    let restored = readerdesk(&db, &["restore", &backup]);
    assert!(restored.status.success(), "{restored:?}");
    assert!(String::from_utf8_lossy(&restored.stdout).contains("kept in"));
    assert_eq!(comments(&db), before);
    let list = json(&readerdesk(&db, &["backups", "--json"]));
    let reasons: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["reason"].as_str().unwrap())
        .collect();
    assert!(
        reasons.contains(&"manual") && reasons.contains(&"before-restore"),
        "{reasons:?}"
    );

    // Damaged beyond opening: the restore sets it aside and puts the backup in its place.
    let mut bytes = std::fs::read(&db).unwrap();
    let at = bytes.len() / 2;
    bytes[at..at + 8192].fill(0);
    std::fs::write(&db, &bytes).unwrap();
    let _ = std::fs::remove_file(dir.path().join("newsroom.db-wal"));
    let broken = readerdesk(&db, &["stats"]);
    assert!(
        String::from_utf8_lossy(&broken.stderr).contains("[db_corrupt]"),
        "{broken:?}"
    );
    let back = readerdesk(&db, &["restore", &backup]);
    assert!(back.status.success(), "{back:?}");
    assert_eq!(comments(&db), before);
}
