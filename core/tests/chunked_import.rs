//! A comment import commits in chunks, hidden until it publishes: a decision made meanwhile
//! lands between two chunks, nobody sees half an import, and an import that fails, is
//! cancelled or is stopped (the next start's `recover`) after some chunks leaves nothing.
mod common;

use std::io::Write;
use std::path::Path;
use std::sync::atomic::AtomicBool;
use std::sync::mpsc;
use std::time::Duration;

use readerdesk_core::import::comments::{self, ImportProgress};
use readerdesk_core::model::{Queue, Role, Sort};
use readerdesk_core::moderation::decisions::{self, Decision};
use readerdesk_core::moderation::queue::{self, QueueFilter};
use readerdesk_core::moderation::search;
use readerdesk_core::Store;

const COMMENTS: usize = 3_000;

/// A WordPress export of `n` comments over n/100 articles, a third of them replies, a tenth
/// pending; every body has the word "zephyrquill", which the demo newsroom never uses.
/// With `broken`, the file ends in the middle of an element.
fn wxr(path: &Path, n: usize, broken: bool) {
    let mut out = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    write!(
        out,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\" xmlns:wp=\"http://wordpress.org/export/1.2/\">\n<channel>\n<title>Big</title><link>https://big.example</link>\n<wp:wxr_version>1.2</wp:wxr_version><wp:base_site_url>https://big.example</wp:base_site_url>\n"
    )
    .unwrap();
    for i in 0..n {
        if i % 100 == 0 {
            if i > 0 {
                out.write_all(b"</item>\n").unwrap();
            }
            writeln!(
                out,
                "<item><title>Story {a}</title><link>https://big.example/{a}</link><wp:post_id>{a}</wp:post_id><wp:post_date_gmt>2026-10-01 00:00:00</wp:post_date_gmt><wp:post_type>post</wp:post_type>",
                a = i / 100
            )
            .unwrap();
        }
        let parent = if i % 3 == 1 { i - 1 } else { 0 };
        writeln!(
            out,
            "<wp:comment><wp:comment_id>{i}</wp:comment_id><wp:comment_author><![CDATA[Reader {r}]]></wp:comment_author><wp:comment_author_email>reader{r}@example.net</wp:comment_author_email><wp:comment_author_IP>10.0.{}.{}</wp:comment_author_IP><wp:comment_date_gmt>2026-10-{:02} 12:{:02}:00</wp:comment_date_gmt><wp:comment_content><![CDATA[Comment {i} zephyrquill about the story, number {i}.]]></wp:comment_content><wp:comment_approved>{}</wp:comment_approved><wp:comment_type>comment</wp:comment_type><wp:comment_parent>{parent}</wp:comment_parent></wp:comment>",
            i % 250,
            i % 200,
            1 + i % 28,
            i % 60,
            if i % 10 == 0 { "0" } else { "1" },
            r = i % 700,
        )
        .unwrap();
    }
    if broken {
        out.write_all(b"<wp:comment><wp:comment_id>").unwrap();
    } else {
        out.write_all(b"</item>\n</channel>\n</rss>\n").unwrap();
    }
}

/// Every row of the tables an import writes to, to compare before and after.
fn everything(store: &Store) -> Vec<String> {
    common::rows(
        store,
        &[
            "articles",
            "authors",
            "comments",
            "flags",
            "comment_reasons",
            "decisions",
            "imports",
            "import_site_status",
            "queue_counts",
        ],
    )
}

fn hidden(store: &Store) -> i64 {
    store
        .read(|conn| {
            Ok(conn.query_row(
                "SELECT count(*) FROM comments WHERE status = 'importing'",
                [],
                |r| r.get(0),
            )?)
        })
        .unwrap()
}

fn matches(store: &Store, word: &str) -> usize {
    let owner = readerdesk_core::moderation::moderators::Moderator::owner();
    search::search(store, &owner, word, None, 50)
        .unwrap()
        .items
        .len()
}

/// The writer's page cache (KiB, negative) and map (bytes), as a decision finds them.
fn writer_memory(store: &Store) -> (i64, i64) {
    store
        .write(|tx| {
            let cache = tx.pragma_query_value(None, "cache_size", |r| r.get(0))?;
            let map = tx.pragma_query_value(None, "mmap_size", |r| r.get(0))?;
            Ok((cache, map))
        })
        .unwrap()
}

/// What the daily path works with (db::open): chunks work with less and give it back.
const DAILY_WRITER_MEMORY: (i64, i64) = (-65_536, 67_108_864);

#[test]
fn a_decision_made_during_an_import_lands_between_its_chunks_and_nobody_sees_half_of_it() {
    let (dir, _, store) = common::demo_newsroom();
    let file = dir.path().join("big.xml");
    wxr(&file, COMMENTS, false);
    let admin = common::profile(&store, Role::Admin);
    let pending = queue::page(
        &store,
        Queue::Pending,
        &QueueFilter::default(),
        Sort::Newest,
        None,
        5,
    )
    .unwrap();
    let target = pending.items[0].id.clone();
    let before = queue::counts(&store).unwrap();

    let (paused, resume) = (mpsc::channel::<()>(), mpsc::channel::<()>());
    let summary = std::thread::scope(|scope| {
        let importing = scope.spawn(|| {
            let mut reports = 0;
            let (tell, wait) = (paused.0, resume.1);
            comments::import(
                &store,
                &readerdesk_core::moderation::moderators::Moderator::owner(),
                &file,
                None,
                false,
                &AtomicBool::new(false),
                // After the second chunk: the import waits here (outside the writer) until
                // the test has looked and decided.
                &mut |_: ImportProgress| {
                    reports += 1;
                    if reports == 2 {
                        tell.send(()).unwrap();
                        wait.recv_timeout(Duration::from_secs(60)).unwrap();
                    }
                },
            )
        });
        paused.1.recv_timeout(Duration::from_secs(60)).unwrap();
        assert!(hidden(&store) > 0, "some chunks are written");
        assert!(hidden(&store) < COMMENTS as i64, "and not all of them");
        // Nobody sees them: not in the counts, the queue or the search.
        assert_eq!(queue::counts(&store).unwrap(), before);
        assert_eq!(matches(&store, "zephyrquill"), 0);
        assert_eq!(writer_memory(&store), DAILY_WRITER_MEMORY, "between chunks");
        // A decision goes through at once, without waiting for the import to end.
        let (done_tx, done_rx) = mpsc::channel();
        let (store, admin, target) = (&store, &admin, &target);
        scope.spawn(move || {
            let outcome = decisions::decide(
                store,
                admin,
                std::slice::from_ref(target),
                &Decision::Approve,
            );
            done_tx.send(outcome.is_ok()).unwrap();
        });
        assert!(
            done_rx.recv_timeout(Duration::from_secs(10)).unwrap(),
            "the decision landed while the import was half done"
        );
        resume.0.send(()).unwrap();
        importing.join().unwrap().unwrap()
    });
    assert_eq!(summary.comments_new, COMMENTS as i64);
    assert_eq!(hidden(&store), 0);
    let after = queue::counts(&store).unwrap();
    assert_eq!(
        after.pending,
        before.pending - 1 + summary.new_by_status.pending,
        "the decision and the import both counted"
    );
    assert_eq!(
        after.approved,
        before.approved + 1 + summary.new_by_status.approved
    );
    assert_eq!(matches(&store, "zephyrquill"), 50);
    assert_eq!(
        writer_memory(&store),
        DAILY_WRITER_MEMORY,
        "after the import"
    );
    assert_eq!(
        queue::card(&store, &admin, &target).unwrap().item.status,
        readerdesk_core::model::Status::Approved
    );
}

#[test]
fn an_import_that_fails_or_is_cancelled_after_some_chunks_leaves_nothing() {
    let (dir, _, store) = common::demo_newsroom();
    let before = everything(&store);
    let broken = dir.path().join("broken.xml");
    wxr(&broken, COMMENTS, true);
    let mut chunks = 0;
    let err = comments::import(
        &store,
        &readerdesk_core::moderation::moderators::Moderator::owner(),
        &broken,
        None,
        false,
        &AtomicBool::new(false),
        &mut |_| chunks += 1,
    )
    .unwrap_err();
    assert!(
        chunks >= 2,
        "the error came after {chunks} chunks were written"
    );
    assert!(err.to_string().contains("broken.xml"), "{err}");
    assert_eq!(everything(&store), before, "the broken file left nothing");

    let file = dir.path().join("big.xml");
    wxr(&file, COMMENTS, false);
    let cancel = AtomicBool::new(false);
    let err = comments::import(
        &store,
        &readerdesk_core::moderation::moderators::Moderator::owner(),
        &file,
        None,
        false,
        &cancel,
        &mut |_| cancel.store(true, std::sync::atomic::Ordering::SeqCst),
    )
    .unwrap_err();
    assert_eq!(err.code(), "cancelled");
    assert_eq!(
        everything(&store),
        before,
        "the cancelled import left nothing"
    );
}

#[test]
fn an_import_stopped_midway_is_rolled_back_at_the_next_start() {
    let (dir, db, store) = common::demo_newsroom();
    let before = everything(&store);
    let file = dir.path().join("big.xml");
    wxr(&file, COMMENTS, false);
    // The process "stops" after the second chunk: nothing after it runs, not even the
    // import's own rollback (a kill -9 is the crash campaign's; this is the same state).
    let mut reports = 0;
    let stopped = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        comments::import(
            &store,
            &readerdesk_core::moderation::moderators::Moderator::owner(),
            &file,
            None,
            false,
            &AtomicBool::new(false),
            &mut |_| {
                reports += 1;
                if reports == 2 {
                    panic!("stopped");
                }
            },
        )
    }));
    assert!(stopped.is_err());
    drop(store);

    let store = Store::open(&db).unwrap();
    let left = comments::unfinished(&store).unwrap();
    assert_eq!(left.len(), 1);
    assert!(hidden(&store) > 0);
    assert_eq!(matches(&store, "zephyrquill"), 0, "hidden meanwhile");
    let settled = comments::recover(&store, &left).unwrap();
    assert_eq!(settled.len(), 1);
    assert!(!settled[0].published);
    assert_eq!(everything(&store), before, "rolled back whole");
    assert_eq!(readerdesk_core::db::integrity_check(&db).unwrap(), "ok");

    // And the same file imports whole afterwards.
    let summary = comments::import(
        &store,
        &readerdesk_core::moderation::moderators::Moderator::owner(),
        &file,
        None,
        false,
        &AtomicBool::new(false),
        &mut |_| {},
    )
    .unwrap();
    assert_eq!(summary.comments_new, COMMENTS as i64);
    assert!(comments::unfinished(&store).unwrap().is_empty());
}
