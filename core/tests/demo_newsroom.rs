//! The demo newsroom, built into a real database file: the seed thread, every status, a log that
//! agrees with the statuses, a campaign exactly $5,000 short, and the same result every time.
mod common;

use chrono::NaiveDate;
use readerdesk_core::db::{self, Store};
use readerdesk_core::demo;
use readerdesk_core::moderation::{articles, thread};
use readerdesk_core::newsroom::{self, Setup};

fn anchor() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 27).unwrap()
}

fn demo_store(dir: &tempfile::TempDir, name: &str) -> Store {
    let store = Store::open(&dir.path().join(name)).unwrap();
    demo::build(&store, anchor()).unwrap();
    store
}

#[test]
fn the_seed_article_keeps_its_thread_shape() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo_store(&dir, "demo.db");
    let list = articles::list(&store, 100).unwrap();
    let seed = list
        .iter()
        .find(|a| a.title.starts_with("NATO supports Ukraine"))
        .unwrap();
    assert_eq!(seed.comments, 4);
    let thread = thread::article_thread(&store, &seed.id).unwrap();
    let shape: Vec<(u32, &str)> = thread
        .comments
        .iter()
        .map(|c| (c.depth, c.author_name.as_str()))
        .collect();
    assert_eq!(
        shape,
        vec![
            (0, "laker48"),
            (1, "Микола Данчук"),
            (0, "zorbatheturk"),
            (1, "laker48")
        ]
    );
    assert_eq!(
        thread.comments[1].parent_id.as_deref(),
        Some(thread.comments[0].id.as_str())
    );
    assert_eq!(thread.comments[0].created_display, "7 Nov 2017, 12:27 EET");
    assert!(!thread.truncated);
}

#[test]
fn the_demo_has_every_status_and_a_campaign_5000_short() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo_store(&dir, "demo.db");
    let stats = newsroom::stats(&store).unwrap();
    let c = &stats.comments;
    for (status, count) in [
        ("pending", c.pending),
        ("approved", c.approved),
        ("rejected", c.rejected),
        ("spam", c.spam),
        ("trash", c.trash),
    ] {
        assert!(count >= 10, "{status}: {count}");
    }
    assert!(c.total >= 300, "a few hundred comments: {}", c.total);
    assert_eq!(
        c.total,
        c.pending + c.approved + c.rejected + c.spam + c.trash
    );
    assert_eq!(stats.articles, 6);
    assert_eq!(stats.time_zone, "Europe/Kyiv");
    let campaign = &stats.campaigns[0];
    assert_eq!(campaign.goal_minor - campaign.raised_minor, 500_000);
    assert_eq!(campaign.short_minor, 500_000);
    assert_eq!(campaign.sentence, "We are now $5,000 short of our goal");
    assert!(campaign.fees_minor > 0 && campaign.refunds_minor < 0);
    assert!(stats.donations > 200, "{} donations", stats.donations);
    assert_eq!(newsroom::setup(&store).unwrap(), Setup::Ready);
}

#[test]
fn statuses_can_be_recomputed_from_the_decisions_log() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo_store(&dir, "demo.db");
    let disagreements = store
        .read(|conn| db::decisions::disagreements(conn))
        .unwrap();
    assert!(disagreements.is_empty(), "{disagreements:?}");
    let decided = newsroom::stats(&store).unwrap().decisions;
    assert!(decided > 100);
    // The log is append-only.
    let err = store
        .write(|tx| Ok(tx.execute("DELETE FROM decisions", [])?))
        .unwrap_err();
    assert!(err.to_string().contains("append-only"), "{err}");
}

#[test]
fn the_demo_is_deterministic_and_only_built_into_an_empty_newsroom() {
    let dir = tempfile::tempdir().unwrap();
    let a = demo_store(&dir, "a.db");
    let b = demo_store(&dir, "b.db");
    let dump = |store: &Store| {
        common::rows(
            store,
            &[
                "articles",
                "authors",
                "comments",
                "decisions",
                "donors",
                "donations",
                "campaigns",
                "moderators",
                "settings",
            ],
        )
    };
    let (dump_a, dump_b) = (dump(&a), dump(&b));
    assert!(dump_a.len() > 700);
    assert_eq!(dump_a, dump_b);
    let err = demo::build(&a, anchor()).unwrap_err();
    assert_eq!(err.code(), "not_empty");
    assert_eq!(dump(&a), dump_a, "a refused demo wrote nothing");
}

#[test]
fn full_text_search_finds_cyrillic_and_latin_with_diacritics_folded() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo_store(&dir, "demo.db");
    let hits = |query: &str| -> i64 {
        store
            .read(|conn| {
                Ok(conn.query_row(
                    "SELECT count(*) FROM comments_fts WHERE comments_fts MATCH ?1",
                    [query],
                    |r| r.get(0),
                )?)
            })
            .unwrap()
    };
    assert_eq!(hits("author_name:Микола"), 1);
    assert!(hits("zoe") >= 1, "Zoë is found as zoe");
    assert!(hits("дякую") >= 1);
}

#[test]
fn an_empty_start_is_remembered() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("empty.db");
    let store = Store::open(&path).unwrap();
    assert_eq!(newsroom::setup(&store).unwrap(), Setup::NeedsChoice);
    newsroom::start_empty(&store).unwrap();
    drop(store);
    let store = Store::open(&path).unwrap();
    assert_eq!(newsroom::setup(&store).unwrap(), Setup::Ready);
    let stats = newsroom::stats(&store).unwrap();
    assert_eq!(stats.comments.total, 0);
    assert!(stats.campaigns.is_empty());
}

#[test]
fn nothing_in_the_demo_happens_after_its_today() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo_store(&dir, "demo.db");
    let latest: Vec<String> = store
        .read(|conn| {
            let mut out = Vec::new();
            for sql in [
                "SELECT max(created_at) FROM comments",
                "SELECT max(at) FROM decisions",
                "SELECT max(occurred_at) FROM donations",
                "SELECT max(published_at) FROM articles",
            ] {
                out.push(conn.query_row(sql, [], |r| r.get::<_, String>(0))?);
            }
            Ok(out)
        })
        .unwrap();
    for at in latest {
        assert!(
            at.as_str() <= "2026-11-27T00:00:00.000000Z",
            "{at} is after the demo's today"
        );
    }
}
