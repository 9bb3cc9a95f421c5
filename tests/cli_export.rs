//! `readerdesk export comments` on the command line: the real binary writes WXR, CSV and JSON
//! from a newsroom, prints a JSON summary, and refuses a missing database or an unknown site
//! without creating anything.
use std::path::Path;
use std::process::Command;

use readerdesk_core::Store;

fn readerdesk(db: &Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_readerdesk"))
        .arg("--db")
        .arg(db)
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn export_comments_writes_each_format_and_refuses_what_it_cannot_do() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("newsroom.db");
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import/site-v1.xml");
    let out = readerdesk(&db, &["import", "comments", fixture.to_str().unwrap()]);
    assert!(out.status.success(), "{out:?}");

    for (format, name) in [("wxr", "c.xml"), ("csv", "c.csv"), ("json", "c.json")] {
        let file = dir.path().join(name);
        let out = readerdesk(
            &db,
            &[
                "export",
                "comments",
                "--format",
                format,
                "--out",
                file.to_str().unwrap(),
                "--json",
            ],
        );
        assert!(out.status.success(), "{format}: {out:?}");
        let summary: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(summary["comments"], 4, "{summary}");
        assert_eq!(summary["articles"], 2, "{summary}");
        assert_eq!(summary["format"], format);
        assert!(std::fs::metadata(&file).unwrap().len() > 0);
    }
    let csv = std::fs::read_to_string(dir.path().join("c.csv")).unwrap();
    assert_eq!(csv.lines().next().unwrap(), "\"comment_id\",\"article_id\",\"article_title\",\"article_url\",\"parent_id\",\"author\",\"email\",\"ip\",\"author_url\",\"created\",\"status\",\"kind\",\"body\"");

    let out = readerdesk(
        &db,
        &[
            "export",
            "comments",
            "--format",
            "wxr",
            "--out",
            dir.path().join("x.xml").to_str().unwrap(),
            "--site",
            "wxr:https://elsewhere.example",
        ],
    );
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("[invalid]") && err.contains("wxr:https://news.example.org"),
        "{err}"
    );
    assert!(!dir.path().join("x.xml").exists());

    let missing = dir.path().join("typo.db");
    let out = readerdesk(
        &missing,
        &[
            "export",
            "comments",
            "--format",
            "csv",
            "--out",
            "/dev/null",
        ],
    );
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("[not_found]"));
    assert!(!missing.exists(), "a mistyped database is not created");
    drop(Store::open(&db).unwrap());
}

/// With --json, an error is one JSON object on standard output too (code and message).
#[test]
fn with_json_an_error_is_json() {
    let dir = tempfile::tempdir().unwrap();
    let out = readerdesk(&dir.path().join("missing.db"), &["stats", "--json"]);
    assert_eq!(out.status.code(), Some(1));
    let error: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(error["code"], "not_found");
    assert!(error["message"].as_str().unwrap().contains("missing.db"));
    assert!(String::from_utf8_lossy(&out.stderr).contains("[not_found]"));
}
