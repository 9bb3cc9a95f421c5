//! Site sync against a real WordPress on loopback (scripts/wordpress.sh), each figure beside a
//! baseline measured in the same run with the same HTTP client:
//! - the first sync of 10,000 comments, against fetching the same pages and doing nothing
//!   with them (three rounds each, alternating, medians);
//! - a sync with nothing new (five runs, median, and the requests it made);
//! - pushing 1,000 decisions (conflict check included), against sending the same 1,000
//!   status updates raw (three rounds each, alternating, on different comments, medians).
//!
//!     cargo bench -p readerdesk-core --bench site_sync
//!
//! Needs what the README's test command installs (MariaDB, PHP, the unpacked WordPress).
#[path = "../../tests/wordpress/mod.rs"]
mod wordpress;

use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

use readerdesk_core::model::Role;
use readerdesk_core::moderation::decisions::{self, Decision};
use readerdesk_core::moderation::moderators::{self, Moderator};
use readerdesk_core::sites::{self, http::Http, wp, Secrets, SyncKind};
use readerdesk_core::Store;
use wordpress::WordPress;

const COMMENTS: usize = 12_000;
const PUSHED: usize = 1_000;
const ROUNDS: usize = 3;

struct Desk {
    store: Store,
    secrets: Secrets,
    who: Moderator,
    site: String,
    _dir: tempfile::TempDir,
}

fn connected(wp: &WordPress) -> Desk {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bench.db");
    let store = Store::open(&path).unwrap();
    let secrets = Secrets::for_database(&path);
    let who = moderators::add(&store, None, "Bench", Role::Moderator).unwrap();
    let site = sites::connect(
        &store,
        &secrets,
        &who,
        &wp.url,
        &wp.admin_user,
        &wp.admin_password,
    )
    .unwrap()
    .id;
    Desk {
        store,
        secrets,
        who,
        site,
        _dir: dir,
    }
}

fn sync(desk: &Desk, kind: SyncKind) -> (Duration, sites::SyncReport) {
    let start = Instant::now();
    let report = sites::sync(
        &desk.store,
        &desk.secrets,
        &desk.site,
        kind,
        &AtomicBool::new(false),
        &mut |_| {},
    )
    .unwrap();
    assert!(report.error.is_none(), "{report:?}");
    (start.elapsed(), report)
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn secs(d: Duration) -> String {
    format!("{:.3} s", d.as_secs_f64())
}

fn main() {
    std::env::set_var("READERDESK_SECRETS", "file");
    let wp = WordPress::start();
    let seeded = wp.seed(COMMENTS);
    println!("seeded {seeded}");
    let http = Http::new();
    let root = {
        let desk = connected(&wp);
        sites::list(&desk.store, &desk.secrets).unwrap().remove(0);
        let check = sites::check(&wp.url, &wp.admin_user, &wp.admin_password).unwrap();
        assert!(!check.rest_route);
        wp::ApiRoot::from_stored(&format!("{}/wp-json/", wp.url))
    };
    let api = wp::Api::new(&http, root, &wp.admin_user, &wp.admin_password);

    // 1. First sync against fetching the same pages.
    let (mut raw, mut ours) = (Vec::new(), Vec::new());
    let mut last = None;
    for round in 0..ROUNDS {
        let start = Instant::now();
        let mut page = 1;
        let mut fetched = 0;
        loop {
            let (items, _) = api.comments(page, "asc", None).unwrap();
            fetched += items.len();
            if items.len() < wp::PER_PAGE as usize {
                break;
            }
            page += 1;
        }
        assert_eq!(fetched, COMMENTS);
        raw.push(start.elapsed());
        let desk = connected(&wp);
        let (time, report) = sync(&desk, SyncKind::Both);
        assert_eq!(report.new_comments, COMMENTS as i64);
        println!(
            "round {}: fetch {} / first sync {} ({} requests)",
            round + 1,
            secs(raw[round]),
            secs(time),
            report.requests
        );
        ours.push(time);
        last = Some(desk);
    }
    let (raw_first, our_first) = (median(raw), median(ours));
    let desk = last.unwrap();

    // 2. Nothing new.
    let mut idle = Vec::new();
    let mut requests = 0;
    for _ in 0..5 {
        let (time, report) = sync(&desk, SyncKind::Both);
        assert_eq!(report.new_comments, 0);
        requests = report.requests;
        idle.push(time);
    }
    let idle = median(idle);
    let in_play = sites::recheck_count(&desk.store, &desk.site).unwrap();

    // 3. Pushing 1,000 decisions against 1,000 raw status updates, on different comments.
    let conn = readerdesk_core::rusqlite::Connection::open(desk.store.path()).unwrap();
    let mut stmt = conn
        .prepare("SELECT id, CAST(external_id AS INTEGER) FROM comments WHERE status = 'approved' ORDER BY seq")
        .unwrap();
    let approved: Vec<(String, i64)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert!(
        approved.len() >= 2 * ROUNDS * PUSHED,
        "{} approved",
        approved.len()
    );
    let (mut raw_push, mut our_push) = (Vec::new(), Vec::new());
    for round in 0..ROUNDS {
        let base = 2 * round * PUSHED;
        let start = Instant::now();
        for (_, id) in &approved[base..base + PUSHED] {
            let after = api.set_status(*id, "trash", "", "").unwrap().unwrap();
            assert_eq!(after["status"], "trash");
        }
        raw_push.push(start.elapsed());
        let keys: Vec<String> = approved[base + PUSHED..base + 2 * PUSHED]
            .iter()
            .map(|(k, _)| k.clone())
            .collect();
        decisions::decide(&desk.store, &desk.who, &keys, &Decision::Spam).unwrap();
        let (time, report) = sync(&desk, SyncKind::PushOnly);
        assert_eq!(report.sent, PUSHED as i64, "{report:?}");
        println!(
            "round {}: raw {} / push {} ({} requests)",
            round + 1,
            secs(raw_push[round]),
            secs(time),
            report.requests
        );
        our_push.push(time);
    }
    let (raw_push, our_push) = (median(raw_push), median(our_push));

    println!();
    println!("| what | baseline (same client, same run) | Readerdesk | ratio |");
    println!("|---|---|---|---|");
    println!(
        "| first sync of {COMMENTS} comments | fetch the pages: {} | {} | {:.2} |",
        secs(raw_first),
        secs(our_first),
        our_first.as_secs_f64() / raw_first.as_secs_f64()
    );
    println!(
        "| sync with nothing new ({in_play} comments in play) | — | {} ({} requests) | — |",
        secs(idle),
        requests
    );
    println!(
        "| push {PUSHED} decisions | {PUSHED} raw status updates: {} | {} | {:.2} |",
        secs(raw_push),
        secs(our_push),
        our_push.as_secs_f64() / raw_push.as_secs_f64()
    );
}
