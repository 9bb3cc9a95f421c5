//! An import killed with SIGKILL halfway leaves the database as it was before the import, and
//! running it again then succeeds. Drives the real `readerdesk import comments` command.
use std::io::Write;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use readerdesk_core::Store;

const COMMENTS: usize = 40_000;

fn big_wxr(path: &std::path::Path) {
    let mut out = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    writeln!(
        out,
        r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>Big</title><link>https://big.example</link>
<wp:wxr_version>1.2</wp:wxr_version><wp:base_site_url>https://big.example</wp:base_site_url>"#
    )
    .unwrap();
    for article in 0..(COMMENTS / 100) {
        writeln!(
            out,
            "<item><title>Article {article}</title><link>https://big.example/{article}</link>\
             <wp:post_id>{article}</wp:post_id><wp:post_date_gmt>2026-01-01 00:00:00</wp:post_date_gmt>\
             <wp:post_type>post</wp:post_type>"
        )
        .unwrap();
        for n in 0..100 {
            let id = article * 100 + n;
            writeln!(
                out,
                "<wp:comment><wp:comment_id>{id}</wp:comment_id>\
                 <wp:comment_author>Reader {}</wp:comment_author>\
                 <wp:comment_author_email>reader{}@example.net</wp:comment_author_email>\
                 <wp:comment_date_gmt>2026-01-02 10:{:02}:{:02}</wp:comment_date_gmt>\
                 <wp:comment_content>Comment {id} about the grid, the court and the library.</wp:comment_content>\
                 <wp:comment_approved>1</wp:comment_approved><wp:comment_type>comment</wp:comment_type>\
                 <wp:comment_parent>0</wp:comment_parent></wp:comment>",
                id % 997,
                id % 997,
                (id / 60) % 60,
                id % 60
            )
            .unwrap();
        }
        writeln!(out, "</item>").unwrap();
    }
    writeln!(out, "</channel></rss>").unwrap();
}

fn counts(db: &std::path::Path) -> (i64, i64) {
    let store = Store::open(db).unwrap();
    store
        .read(|c| {
            Ok((
                c.query_row("SELECT count(*) FROM comments", [], |r| r.get(0))?,
                c.query_row("SELECT count(*) FROM imports", [], |r| r.get(0))?,
            ))
        })
        .unwrap()
}

#[test]
fn a_killed_import_leaves_nothing_and_a_rerun_succeeds() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("big.xml");
    let db = dir.path().join("newsroom.db");
    big_wxr(&file);
    drop(Store::open(&db).unwrap());

    let mut child = Command::new(env!("CARGO_BIN_EXE_readerdesk"))
        .args(["import", "comments"])
        .arg(&file)
        .arg("--db")
        .arg(&db)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Give it a second and a half: past opening the file and well into the import's
    // transaction (which takes far longer for this many comments), then kill it.
    let started = Instant::now();
    while started.elapsed() < Duration::from_millis(1500) {
        if let Some(status) = child.try_wait().unwrap() {
            panic!(
                "the import finished ({status}) before it could be killed: make the file larger"
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(
        child.try_wait().unwrap().is_none(),
        "still importing when killed"
    );
    child.kill().unwrap(); // SIGKILL: no cleanup runs
    child.wait().unwrap();
    assert_eq!(
        counts(&db),
        (0, 0),
        "nothing of the killed import is in the database"
    );

    let status = Command::new(env!("CARGO_BIN_EXE_readerdesk"))
        .args(["import", "comments"])
        .arg(&file)
        .arg("--db")
        .arg(&db)
        .arg("--json")
        .stdout(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
    assert_eq!(counts(&db), (COMMENTS as i64, 1));
}
