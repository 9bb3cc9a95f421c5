//! The crash campaign: real work in another process, killed with SIGKILL at a moment drawn from
//! a seed (printed, and replayed with READERDESK_CRASH_SEED), then the database is reopened and
//! checked: `integrity_check` is ok, the queue counts equal the rows, every decision the worker
//! acknowledged before the kill is there, an import (or a bulk decision, a restore) is wholly
//! there or wholly absent, and running it again adds exactly what was missing.
//!
//! Work covered, in turn: comment import, donation import, a burst of single decisions, bulk
//! decisions with undo, backups, restores. Imports run as the real `readerdesk` command and
//! are killed when the database's write-ahead log has grown past a seeded size (a point in the
//! import's progress, not a time); the other work runs in a worker process (this test binary,
//! its ignored `worker` test) that prints one line per acknowledged step and is killed a seeded
//! delay after a seeded number of them, inside the next step. A kill that came after the work ended is not counted, and the round
//! is drawn again. The README's test command runs a few kills (READERDESK_CRASH_KILLS, default
//! 6); `scripts/crash-campaign.sh` runs 50.
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use readerdesk_core::backups::{self, Reason};
use readerdesk_core::moderation::decisions::{self, Decision};
use readerdesk_core::moderation::moderators;
use readerdesk_core::rusqlite::Connection;
use readerdesk_core::{demo, Store};

const COMMENTS: usize = 30_000;
const DONATIONS: usize = 20_000;
const KINDS: [&str; 6] = [
    "comments",
    "donations",
    "decisions",
    "bulk",
    "backup",
    "restore",
];

/// A small deterministic generator (SplitMix64), so a seed replays the same campaign.
struct Draw(u64);

impl Draw {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

fn readerdesk() -> Command {
    Command::new(env!("CARGO_BIN_EXE_readerdesk"))
}

fn wxr(path: &Path) {
    let mut out = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    writeln!(
        out,
        r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>Big</title><link>https://crash.example</link>
<wp:wxr_version>1.2</wp:wxr_version><wp:base_site_url>https://crash.example</wp:base_site_url>"#
    )
    .unwrap();
    for article in 0..COMMENTS / 100 {
        writeln!(
            out,
            "<item><title>Article {article}</title><link>https://crash.example/{article}</link>\
             <wp:post_id>{article}</wp:post_id><wp:post_type>post</wp:post_type>"
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
                 <wp:comment_content>Comment {id} on the grid and the library.</wp:comment_content>\
                 <wp:comment_approved>{}</wp:comment_approved></wp:comment>",
                id % 997,
                id % 997,
                (id / 60) % 60,
                id % 60,
                if id % 3 == 0 { "0" } else { "1" },
            )
            .unwrap();
        }
        writeln!(out, "</item>").unwrap();
    }
    writeln!(out, "</channel></rss>").unwrap();
}

fn stripe(path: &Path) {
    let mut out = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    writeln!(
        out,
        "id,Created (UTC),Amount,Amount Refunded,Currency,Fee,Status,Customer Email,Description"
    )
    .unwrap();
    for i in 0..DONATIONS {
        writeln!(
            out,
            "ch_{i:07},2026-{:02}-{:02} 10:00:00,{}.00,,usd,0.59,Paid,donor{}@example.org,Donation",
            1 + i % 12,
            1 + i % 28,
            5 + i % 200,
            i % 4000
        )
        .unwrap();
    }
}

/// What must hold after any kill: the file is sound and the counts kept by triggers are true.
fn check_sound(db: &Path, seed: u64) {
    let conn = Connection::open(db).unwrap();
    let verdict: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(verdict, "ok", "seed {seed}");
    let mismatched: i64 = conn
        .query_row(
            "SELECT count(*) FROM queue_counts q WHERE q.n <> CASE q.queue
                 WHEN 'flagged' THEN (SELECT count(*) FROM comments
                                      WHERE open_flags > 0 AND status IN ('pending', 'approved'))
                 ELSE (SELECT count(*) FROM comments c WHERE c.status = q.queue) END",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(
        mismatched, 0,
        "seed {seed}: queue counts disagree with the rows"
    );
}

fn count(db: &Path, sql: &str) -> i64 {
    Connection::open(db)
        .unwrap()
        .query_row(sql, [], |r| r.get(0))
        .unwrap()
}

fn wal_size(db: &Path) -> u64 {
    let mut name = db.as_os_str().to_owned();
    name.push("-wal");
    std::fs::metadata(PathBuf::from(name))
        .map(|m| m.len())
        .unwrap_or(0)
}

/// Runs `command` and kills it once the WAL passes `threshold` bytes. True if it was killed
/// while still working; false if it ended first.
fn kill_at_wal(mut command: Command, db: &Path, threshold: u64, seed: u64) -> bool {
    let mut child = command
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(300);
    loop {
        if child.try_wait().unwrap().is_some() {
            return false;
        }
        if wal_size(db) >= threshold {
            child.kill().unwrap();
            child.wait().unwrap();
            return true;
        }
        assert!(
            Instant::now() < deadline,
            "seed {seed}: the work did not progress"
        );
        std::thread::sleep(Duration::from_millis(1));
    }
}

fn import_round(kind: &str, dir: &Path, draw: &mut Draw, seed: u64) -> bool {
    let db = dir.join(format!("{kind}.db"));
    let file = dir.join(if kind == "comments" {
        "big.xml"
    } else {
        "stripe.csv"
    });
    if !file.exists() {
        if kind == "comments" {
            wxr(&file)
        } else {
            stripe(&file)
        }
    }
    for side in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{side}", db.display()));
    }
    drop(Store::open(&db).unwrap());
    let what = if kind == "comments" {
        "comments"
    } else {
        "donations"
    };
    let table_rows = || count(&db, &format!("SELECT count(*) FROM {what}"));
    // Somewhere between 256 KiB and 8 MiB of log: early, middle or late in the import.
    let threshold = 256 * 1024 + draw.below(8 * 1024 * 1024);
    let mut command = readerdesk();
    command
        .args(["import", what])
        .arg(&file)
        .arg("--db")
        .arg(&db);
    let killed = kill_at_wal(command, &db, threshold, seed);
    check_sound(&db, seed);
    // The next start settles an import it was stopped during (a comment import commits in
    // chunks, hidden until it publishes): rolled back, or published if it was read whole.
    let next_start = readerdesk()
        .arg("stats")
        .arg("--db")
        .arg(&db)
        .output()
        .unwrap();
    assert!(next_start.status.success(), "seed {seed}: {next_start:?}");
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM comments WHERE status = 'importing'"
        ),
        0,
        "seed {seed}: hidden rows left after the next start"
    );
    assert_eq!(
        count(&db, "SELECT count(*) FROM imports WHERE state <> 'done'"),
        0,
        "seed {seed}: an import left unsettled"
    );
    check_sound(&db, seed);
    let full = if kind == "comments" {
        COMMENTS
    } else {
        DONATIONS
    } as i64;
    let after_kill = table_rows();
    assert!(
        after_kill == 0 || after_kill == full,
        "seed {seed}: {kind} import half there ({after_kill} of {full})"
    );
    let rerun = readerdesk()
        .args(["import", what])
        .arg(&file)
        .arg("--db")
        .arg(&db)
        .output()
        .unwrap();
    assert!(rerun.status.success(), "seed {seed}: {rerun:?}");
    assert_eq!(
        table_rows(),
        full,
        "seed {seed}: the rerun adds exactly what was missing"
    );
    check_sound(&db, seed);
    killed
}

/// A newsroom for the worker rounds: the demo, plus 2,000 waiting comments.
fn newsroom(dir: &Path) -> PathBuf {
    let db = dir.join("worker.db");
    if !db.exists() {
        let store = Store::open(&db).unwrap();
        demo::build(&store, NaiveDate::from_ymd_opt(2026, 11, 27).unwrap()).unwrap();
    }
    db
}

/// Starts the worker on `db` and kills it `delay_us` microseconds after its `after`th
/// acknowledged line (inside the next step); returns the lines and whether the kill caught it
/// working.
fn worker_round(
    kind: &str,
    db: &Path,
    after: u64,
    delay_us: u64,
    seed: u64,
) -> (Vec<String>, bool) {
    let mut child: Child = Command::new(std::env::current_exe().unwrap())
        .args([
            "--ignored",
            "--exact",
            "worker",
            "--nocapture",
            "--test-threads=1",
        ])
        .env("READERDESK_CRASH_WORKER", kind)
        .env("READERDESK_CRASH_DB", db)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    // A worker that stops answering is killed after two minutes, so the round ends (and fails
    // below) instead of hanging the test command.
    let (done, watch) = std::sync::mpsc::channel::<()>();
    let pid = child.id().to_string();
    let watchdog = std::thread::spawn(move || {
        if watch.recv_timeout(Duration::from_secs(120)).is_err() {
            let _ = Command::new("kill").args(["-9", &pid]).status();
        }
    });
    let mut acked = Vec::new();
    let mut killed = false;
    for line in std::io::BufReader::new(stdout).lines() {
        let Ok(line) = line else { break };
        if let Some(ack) = line.strip_prefix("ACK ") {
            acked.push(ack.to_owned());
            if acked.len() as u64 >= after {
                std::thread::sleep(Duration::from_micros(delay_us));
                killed = child.try_wait().unwrap().is_none();
                child.kill().unwrap();
                break;
            }
        }
    }
    child.wait().unwrap();
    let _ = done.send(());
    let _ = watchdog.join();
    assert!(
        !acked.is_empty() || !killed,
        "seed {seed}: {kind} worker acknowledged nothing"
    );
    (acked, killed)
}

fn decisions_round(db: &Path, draw: &mut Draw, seed: u64) -> bool {
    let (acked, killed) =
        worker_round("decisions", db, 1 + draw.below(60), draw.below(3_000), seed);
    check_sound(db, seed);
    let conn = Connection::open(db).unwrap();
    for ack in &acked {
        let (id, status) = ack.split_once(' ').unwrap();
        let found: i64 = conn
            .query_row(
                "SELECT count(*) FROM decisions WHERE comment_id = ?1 AND to_status = ?2",
                [id, status],
                |r| r.get(0),
            )
            .unwrap();
        assert!(
            found >= 1,
            "seed {seed}: acknowledged decision {id} -> {status} lost"
        );
    }
    killed
}

fn bulk_round(db: &Path, draw: &mut Draw, seed: u64) -> bool {
    let (acked, killed) = worker_round("bulk", db, 1 + draw.below(12), draw.below(20_000), seed);
    check_sound(db, seed);
    let conn = Connection::open(db).unwrap();
    // Every batch, and every undo of one, is whole: all of its decisions or none.
    let sizes: Vec<(String, i64)> = conn
        .prepare(
            "SELECT batch_id, count(*) FROM decisions WHERE note = 'crash bulk' GROUP BY batch_id",
        )
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert!(
        sizes.iter().all(|(_, n)| *n == 50),
        "seed {seed}: a partial bulk decision: {sizes:?}"
    );
    for ack in &acked {
        if let Some(batch) = ack.strip_prefix("batch ") {
            assert!(
                sizes.iter().any(|(b, _)| b == batch),
                "seed {seed}: batch {batch} lost"
            );
        }
        if let Some(batch) = ack.strip_prefix("undo ") {
            let undone: i64 = conn
                .query_row(
                    "SELECT count(*) FROM decisions WHERE undoes_batch = ?1",
                    [batch],
                    |r| r.get(0),
                )
                .unwrap();
            assert_eq!(undone, 50, "seed {seed}: undo of {batch} not whole");
        }
    }
    killed
}

fn backup_round(db: &Path, draw: &mut Draw, seed: u64) -> bool {
    let (acked, killed) = worker_round("backup", db, 1 + draw.below(4), draw.below(150_000), seed);
    check_sound(db, seed);
    for path in &acked {
        assert_eq!(
            readerdesk_core::db::integrity_check(Path::new(path)).unwrap(),
            "ok",
            "seed {seed}: acknowledged backup {path}"
        );
    }
    // The next backup clears what a killed one left half-written.
    let store = Store::open(db).unwrap();
    backups::create(&store, Reason::Manual).unwrap();
    let leftovers = std::fs::read_dir(backups::folder(db))
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().ends_with(".part"))
        .count();
    assert_eq!(leftovers, 0, "seed {seed}");
    killed
}

fn restore_round(db: &Path, draw: &mut Draw, seed: u64) -> bool {
    let (a, b) = (
        db.with_file_name("restore-a.db"),
        db.with_file_name("restore-b.db"),
    );
    if !a.exists() {
        let store = Store::open(db).unwrap();
        store.backup_to(&a).unwrap();
        let who = moderators::list(&store)
            .unwrap()
            .into_iter()
            .find(|m| m.can_moderate())
            .unwrap();
        let ids: Vec<String> = store
            .read(|c| {
                let mut stmt =
                    c.prepare("SELECT id FROM comments WHERE status = 'approved' LIMIT 40")?;
                let ids = stmt
                    .query_map([], |r| r.get(0))?
                    .collect::<Result<Vec<String>, _>>()?;
                Ok(ids)
            })
            .unwrap();
        decisions::decide(&store, &who, &ids, &Decision::Trash).unwrap();
        store.backup_to(&b).unwrap();
    }
    let decided = |p: &Path| count(p, "SELECT count(*) FROM decisions");
    let (in_a, in_b) = (decided(&a), decided(&b));
    // A restore first checks the file, copies it aside and backs the newsroom up: the delay
    // reaches into its own write as often as not.
    let (_, killed) = worker_round("restore", db, 1 + draw.below(4), draw.below(600_000), seed);
    check_sound(db, seed);
    let now = decided(db);
    assert!(
        now == in_a || now == in_b,
        "seed {seed}: a restore half done ({now}: {in_a} or {in_b})"
    );
    killed
}

#[test]
fn killed_work_leaves_a_sound_database_with_everything_acknowledged() {
    let seed: u64 = std::env::var("READERDESK_CRASH_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos() as u64
        });
    let kills: usize = std::env::var("READERDESK_CRASH_KILLS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(KINDS.len());
    eprintln!("crash campaign: {kills} kills, READERDESK_CRASH_SEED={seed}");
    let mut draw = Draw(seed);
    let dir = tempfile::tempdir().unwrap();
    let db = newsroom(dir.path());
    let (mut done, mut rounds) = (0, 0);
    while done < kills {
        rounds += 1;
        assert!(
            rounds < kills * 4 + 8,
            "seed {seed}: the kills keep coming after the work ended"
        );
        let kind = KINDS[done % KINDS.len()];
        let killed = match kind {
            "comments" | "donations" => import_round(kind, dir.path(), &mut draw, seed),
            "decisions" => decisions_round(&db, &mut draw, seed),
            "bulk" => bulk_round(&db, &mut draw, seed),
            "backup" => backup_round(&db, &mut draw, seed),
            _ => restore_round(&db, &mut draw, seed),
        };
        eprintln!(
            "round {rounds}: {kind} {}",
            if killed {
                "killed while working"
            } else {
                "ended before the kill; drawn again"
            }
        );
        if killed {
            done += 1;
        }
    }
}

/// The worker side (run by the campaign in its own process; ignored otherwise): does one kind
/// of work on READERDESK_CRASH_DB and prints `ACK ...` after each step it committed.
#[test]
#[ignore = "run by killed_work_leaves_a_sound_database_with_everything_acknowledged"]
fn worker() {
    let (Ok(kind), Ok(db)) = (
        std::env::var("READERDESK_CRASH_WORKER"),
        std::env::var("READERDESK_CRASH_DB"),
    ) else {
        panic!("run by the crash campaign, with READERDESK_CRASH_WORKER and READERDESK_CRASH_DB");
    };
    let db = PathBuf::from(db);
    let store = Store::open(&db).unwrap();
    let who = moderators::list(&store)
        .unwrap()
        .into_iter()
        .find(|m| m.can_moderate())
        .unwrap();
    let ack = |line: String| {
        let mut out = std::io::stdout().lock();
        writeln!(out, "ACK {line}").unwrap();
        out.flush().unwrap();
    };
    let ids = |status: &str, n: i64| -> Vec<String> {
        store
            .read(|c| {
                let mut stmt = c.prepare(
                    "SELECT id FROM comments WHERE status = ?1 ORDER BY random() LIMIT ?2",
                )?;
                let ids = stmt
                    .query_map((status, n), |r| r.get(0))?
                    .collect::<Result<Vec<String>, _>>()?;
                Ok(ids)
            })
            .unwrap()
    };
    match kind.as_str() {
        "decisions" => {
            for (i, id) in ids("approved", 200).into_iter().enumerate() {
                let (decision, status) = if i % 2 == 0 {
                    (Decision::Spam, "spam")
                } else {
                    (Decision::Trash, "trash")
                };
                decisions::decide(&store, &who, std::slice::from_ref(&id), &decision).unwrap();
                ack(format!("{id} {status}"));
            }
        }
        "bulk" => {
            for _ in 0..40 {
                let chosen = ids("approved", 50);
                let outcome = decisions::decide(
                    &store,
                    &who,
                    &chosen,
                    &Decision::Reject {
                        reason: "Off topic".into(),
                        note: Some("crash bulk".into()),
                    },
                )
                .unwrap();
                let batch = outcome.batch_id.unwrap();
                ack(format!("batch {batch}"));
                decisions::undo_last(&store, &who).unwrap();
                ack(format!("undo {batch}"));
            }
        }
        "backup" => {
            for _ in 0..12 {
                let made = backups::create(&store, Reason::Manual).unwrap();
                ack(made.path);
            }
        }
        "restore" => {
            let (a, b) = (
                db.with_file_name("restore-a.db"),
                db.with_file_name("restore-b.db"),
            );
            for round in 0..12 {
                let from = if round % 2 == 0 { &b } else { &a };
                backups::restore(&store, from).unwrap();
                ack(from.display().to_string());
            }
        }
        other => panic!("no worker for {other}"),
    }
}
