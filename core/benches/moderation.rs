//! Moderation at newsroom scale: a generated database of 1,000,000 comments, 10,000 articles
//! and 200,000 authors (and a 10,000-comment one for the growth check), measured against raw
//! SQL baselines in the same run. Prints percentiles; docs/BENCHMARKS.md records them.
//!
//!     cargo bench -p readerdesk-core --bench moderation
//!
//! The generated databases are kept in target/bench-data and reused by later runs.
//! `READERDESK_BENCH_ONLY=pages` (or `backup`, `retention`, `rerun`) runs one part alone on
//! the 1M database; the last two are not in the full run (they rewrite a copy of it).
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use readerdesk_core::backups;
use readerdesk_core::db::comments::NewComment;
use readerdesk_core::db::newsroom::{NewArticle, NewAuthor};
use readerdesk_core::db::{self, Integrity, Store};
use readerdesk_core::model::{CommentKind, Queue, Role, Sort, Status, Trust};
use readerdesk_core::moderation::decisions::{self, Decision};
use readerdesk_core::moderation::moderators;
use readerdesk_core::moderation::queue::{self, Cursor, QueueFilter};
use readerdesk_core::moderation::search;
use readerdesk_core::rusqlite::{params, Connection};

const WORDS: &[&str] = &[
    "ukraine",
    "nato",
    "reform",
    "grain",
    "winter",
    "kyiv",
    "kharkiv",
    "court",
    "village",
    "library",
    "volunteers",
    "energy",
    "grid",
    "article",
    "thanks",
    "source",
    "translation",
    "дякую",
    "реформи",
    "правда",
    "новини",
    "зима",
    "міст",
    "корупція",
    "суд",
    "бібліотека",
    "zoë",
    "café",
    "crème",
    "naïve",
    "the",
    "and",
    "of",
    "to",
    "is",
    "in",
    "for",
    "this",
];

struct Scale {
    comments: usize,
    articles: usize,
    authors: usize,
}

fn bench_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/bench-data");
    std::fs::create_dir_all(&dir).expect("bench-data dir");
    dir
}

/// Builds (or reuses) the database for `scale` through the store's own insert path.
fn database(scale: &Scale) -> PathBuf {
    let path = bench_dir().join(format!("moderation-{}.db", scale.comments));
    let marker = path.with_extension("done");
    if marker.exists() && path.exists() {
        // Databases generated before this line had ANALYZE statistics, which the app never
        // gathers (and which make SQLite re-plan a statement whenever its bound values change).
        let conn = Connection::open(&path).expect("open");
        conn.execute_batch("DROP TABLE IF EXISTS sqlite_stat1; DROP TABLE IF EXISTS sqlite_stat4;")
            .expect("drop statistics");
        return path;
    }
    let _ = std::fs::remove_file(&path);
    let started = Instant::now();
    let store = Store::open(&path).expect("open");
    readerdesk_core::newsroom::start_empty(&store).expect("setup");
    moderators::add(&store, None, "Bench Admin", Role::Admin).expect("admin");
    let mut rng = ChaCha8Rng::seed_from_u64(1_000_000);
    let mut article_ids = Vec::with_capacity(scale.articles);
    let mut author_ids = Vec::with_capacity(scale.authors);
    store
        .write(|tx| {
            for a in 0..scale.articles {
                let ext = format!("a{a}");
                let title = format!("Article {a}: {} {}", WORDS[a % 17], WORDS[(a / 17) % 17]);
                let published =
                    format!("2024-{:02}-{:02}T08:00:00.000000Z", 1 + a % 12, 1 + a % 28);
                article_ids.push(db::newsroom::insert_article(
                    tx,
                    &NewArticle {
                        source: "bench",
                        external_id: &ext,
                        title: &title,
                        url: None,
                        published_at: Some(&published),
                        import_id: None,
                    },
                )?);
            }
            for u in 0..scale.authors {
                let ext = format!("u{u}");
                let name = format!("Reader {u}");
                let email = format!("reader{u}@example.net");
                author_ids.push(db::newsroom::insert_author(
                    tx,
                    &NewAuthor {
                        source: "bench",
                        external_id: &ext,
                        name: &name,
                        email: Some(&email),
                        url: None,
                        first_seen_at: "2024-01-01T00:00:00.000000Z",
                        trust: Trust::Normal,
                    },
                )?);
            }
            Ok(())
        })
        .expect("articles and authors");
    let mut per_article: Vec<Vec<String>> = vec![Vec::new(); scale.articles];
    let chunk = 50_000;
    let mut n = 0usize;
    while n < scale.comments {
        let end = (n + chunk).min(scale.comments);
        store
            .write(|tx| {
                for i in n..end {
                    let article = rng.random_range(0..scale.articles);
                    let author = rng.random_range(0..scale.authors);
                    let status = match rng.random_range(0..20) {
                        0..=2 => Status::Pending,
                        3..=14 => Status::Approved,
                        15..=16 => Status::Rejected,
                        17..=18 => Status::Spam,
                        _ => Status::Trash,
                    };
                    let words: Vec<&str> = (0..rng.random_range(8..40))
                        .map(|_| WORDS[rng.random_range(0..WORDS.len())])
                        .collect();
                    let mut body = words.join(" ");
                    let holds = if rng.random_range(0..20) == 0 {
                        body.push_str(" https://spam.example/a http://spam.example/b");
                        r#"[{"code":"links","detail":"2 links"}]"#
                    } else {
                        "[]"
                    };
                    // Spread over two years; seconds keep created_at unique enough to page.
                    let secs = (i as i64) * 63;
                    let created = chrono::DateTime::from_timestamp(1_704_067_200 + secs, 0)
                        .expect("time")
                        .format("%Y-%m-%dT%H:%M:%S.000000Z")
                        .to_string();
                    let parent = if !per_article[article].is_empty() && rng.random_bool(0.3) {
                        let list = &per_article[article];
                        Some(list[rng.random_range(0..list.len())].clone())
                    } else {
                        None
                    };
                    let ext = format!("c{i}");
                    let name = format!("Reader {author}");
                    let email = format!("reader{author}@example.net");
                    let ip = format!("198.51.{}.{}", author % 250, author / 250 % 250);
                    let (id, _) = db::comments::insert(
                        tx,
                        &NewComment {
                            source: "bench",
                            external_id: &ext,
                            article_id: &article_ids[article],
                            parent_id: parent.as_deref(),
                            author_id: Some(&author_ids[author]),
                            author_name: &name,
                            author_email: Some(&email),
                            author_url: None,
                            author_ip: Some(&ip),
                            body: &body,
                            kind: CommentKind::Comment,
                            created_at: &created,
                            received_at: &created,
                            status,
                            site_status: None,
                            hold_reasons: holds,
                            import_id: None,
                        },
                    )?;
                    if holds != "[]" {
                        db::queue::refresh_reasons(tx, &id)?;
                    }
                    if i % 100 == 7 && matches!(status, Status::Pending | Status::Approved) {
                        db::moderation::insert_flag(
                            tx,
                            &readerdesk_core::ids::new_v7(),
                            &id,
                            "Reported by a reader",
                            None,
                            "reader",
                            None,
                            None,
                            &created,
                        )?;
                        db::queue::refresh_reasons(tx, &id)?;
                    }
                    if per_article[article].len() < 200 {
                        per_article[article].push(id);
                    }
                }
                Ok(())
            })
            .expect("comments");
        n = end;
        eprintln!("  generated {n} comments ({:.0?})", started.elapsed());
    }
    drop(store);
    std::fs::write(&marker, b"ok").expect("marker");
    eprintln!("generated {} in {:.1?}", path.display(), started.elapsed());
    path
}

struct Timings(Vec<Duration>);

impl Timings {
    fn pct(&self, p: f64) -> Duration {
        let mut v = self.0.clone();
        v.sort();
        let index = ((v.len() as f64 - 1.0) * p).round() as usize;
        v[index]
    }
    fn line(&self, label: &str) -> String {
        format!(
            "{label:<58} n={:<5} p50={:>9.3?} p95={:>9.3?} p99={:>9.3?} max={:>9.3?}",
            self.0.len(),
            self.pct(0.5),
            self.pct(0.95),
            self.pct(0.99),
            self.pct(1.0)
        )
    }
}

fn time<T>(f: impl FnOnce() -> T) -> (Duration, T) {
    let started = Instant::now();
    let value = f();
    (started.elapsed(), value)
}

/// Every queue x sort x filter combination, first page and a page ten pages in.
fn queue_pages(store: &Store, rounds: usize) -> (Timings, Vec<(String, Duration)>) {
    let sample = queue::page(
        store,
        Queue::Approved,
        &QueueFilter::default(),
        Sort::Newest,
        None,
        50,
    )
    .expect("page");
    let article = sample.items[0].article_id.clone();
    let author = sample.items[0].author_id.clone();
    let filters = [
        QueueFilter::default(),
        QueueFilter {
            article_id: Some(article),
            ..Default::default()
        },
        QueueFilter {
            author_id: author,
            ..Default::default()
        },
        QueueFilter {
            reason: Some("links".into()),
            ..Default::default()
        },
        QueueFilter {
            reason: Some("flag:Reported by a reader".into()),
            ..Default::default()
        },
        QueueFilter {
            from_day: Some("2024-06-01".into()),
            to_day: Some("2024-06-30".into()),
            ..Default::default()
        },
    ];
    let mut timings = Vec::new();
    let mut by_combination: std::collections::BTreeMap<String, Vec<Duration>> = Default::default();
    for _ in 0..rounds {
        for queue_kind in Queue::ALL {
            for sort in Sort::ALL {
                for (which, filter) in filters.iter().enumerate() {
                    let label = format!("{queue_kind:?} {sort:?} filter#{which}");
                    let (took, page) = time(|| {
                        queue::page(store, *queue_kind, filter, *sort, None, 50).expect("page")
                    });
                    timings.push(took);
                    by_combination
                        .entry(format!("{label} page 1"))
                        .or_default()
                        .push(took);
                    // Walk ten pages in, then time that page too.
                    let mut cursor: Option<Cursor> = page.next;
                    for _ in 0..9 {
                        match cursor {
                            Some(c) => {
                                cursor =
                                    queue::page(store, *queue_kind, filter, *sort, Some(&c), 50)
                                        .expect("page")
                                        .next
                            }
                            None => break,
                        }
                    }
                    if let Some(c) = cursor {
                        let (took, _) = time(|| {
                            queue::page(store, *queue_kind, filter, *sort, Some(&c), 50)
                                .expect("page")
                        });
                        timings.push(took);
                        by_combination
                            .entry(format!("{label} page 10"))
                            .or_default()
                            .push(took);
                    }
                }
            }
        }
    }
    // Which combinations make the tail: each one's median over the rounds, slowest first.
    let mut slowest: Vec<(String, Duration)> = by_combination
        .into_iter()
        .map(|(label, mut took)| {
            took.sort();
            (label, took[took.len() / 2])
        })
        .collect();
    slowest.sort_by_key(|c| std::cmp::Reverse(c.1));
    slowest.truncate(8);
    (Timings(timings), slowest)
}

/// The daily backup (copy and check) of the whole file while a moderator decides one comment
/// every 100 ms beside it (approved, then undone): how long the backup takes, and how long
/// each of those writes does.
fn decisions_beside_a_backup(
    store: &Store,
    admin: &readerdesk_core::moderation::moderators::Moderator,
    pending: &[readerdesk_core::moderation::queue::QueueItem],
) {
    let dir = tempfile::tempdir_in(bench_dir()).expect("temp dir");
    let out = dir.path().join("backup.db");
    let (backup_took, decided) = std::thread::scope(|scope| {
        let backup = scope.spawn(|| time(|| backups::create_to(store, &out).expect("backup")).0);
        let mut decided = Vec::new();
        for item in pending.iter().cycle() {
            if backup.is_finished() {
                break;
            }
            let one = std::slice::from_ref(&item.id);
            let approve = || decisions::decide(store, admin, one, &Decision::Approve);
            decided.push(time(|| approve().expect("decide")).0);
            // The undo is a moderator's write too (and puts the database back).
            decided.push(time(|| decisions::undo_last(store, admin).expect("undo")).0);
            std::thread::sleep(Duration::from_millis(100));
        }
        (backup.join().expect("backup thread"), decided)
    });
    println!(
        "{:<58} {backup_took:.1?}",
        "the daily backup (copy + integrity check of the copy)"
    );
    println!(
        "{}",
        Timings(decided).line("a decision or its undo (durable) while the backup runs")
    );
}

/// A long job on a copy of the 1M database with a moderator deciding every 100 ms beside it
/// (approved, then undone): how long the job takes, how large the write-ahead log grows, and
/// how long each of the moderator's writes waits. `job` says what it did.
fn beside_a_job(big: &Path, label: &str, job: impl FnOnce(&Store) -> String + Send) {
    let dir = tempfile::tempdir_in(bench_dir()).expect("temp dir");
    let path = dir.path().join("job.db");
    std::fs::copy(big, &path).expect("copy");
    let store = Store::open_with(&path, Integrity::Later).expect("open");
    let admin = moderators::list(&store).expect("mods").remove(0);
    let pending = queue::page(
        &store,
        Queue::Pending,
        &QueueFilter::default(),
        Sort::Newest,
        None,
        200,
    )
    .expect("pending");
    let wal = path.with_extension("db-wal");
    let done = std::sync::atomic::AtomicBool::new(false);
    let (took, what, decided, wal_peak) = std::thread::scope(|scope| {
        let running = scope.spawn(|| {
            let started = Instant::now();
            let what = job(&store);
            done.store(true, std::sync::atomic::Ordering::Relaxed);
            (started.elapsed(), what)
        });
        let mut decided = Vec::new();
        let mut wal_peak = 0u64;
        for item in pending.items.iter().cycle() {
            if done.load(std::sync::atomic::Ordering::Relaxed) {
                break;
            }
            wal_peak = wal_peak.max(std::fs::metadata(&wal).map(|m| m.len()).unwrap_or(0));
            let one = std::slice::from_ref(&item.id);
            let approve = || decisions::decide(&store, &admin, one, &Decision::Approve);
            decided.push(time(|| approve().expect("decide")).0);
            decided.push(time(|| decisions::undo_last(&store, &admin).expect("undo")).0);
            std::thread::sleep(Duration::from_millis(100));
        }
        let (took, what) = running.join().expect("job thread");
        (took, what, decided, wal_peak)
    });
    println!("{label:<58} {took:.1?} ({what})");
    println!(
        "{:<58} {:.0} MiB",
        "  the write-ahead log at its largest meanwhile",
        wal_peak as f64 / 1048576.0
    );
    println!(
        "{}",
        Timings(decided).line("  a decision or its undo (durable) beside it")
    );
}

fn raw_page_baseline(path: &Path, rounds: usize) -> Timings {
    let conn = Connection::open(path).expect("open");
    let mut stmt = conn
        .prepare(
            "SELECT id, author_name, substr(body, 1, 280), created_at FROM comments
             WHERE status = ?1 ORDER BY created_at DESC, seq DESC LIMIT 50",
        )
        .expect("prepare");
    let mut timings = Vec::new();
    for _ in 0..rounds * 10 {
        for status in Status::ALL {
            let (took, rows) = time(|| {
                stmt.query_map([status.as_str()], |r| r.get::<_, String>(0))
                    .expect("query")
                    .count()
            });
            assert!(rows > 0);
            timings.push(took);
        }
    }
    Timings(timings)
}

fn main() {
    let big = Scale {
        comments: 1_000_000,
        articles: 10_000,
        authors: 200_000,
    };
    let small = Scale {
        comments: 10_000,
        articles: 100,
        authors: 2_000,
    };
    let small_path = database(&small);
    let big_path = database(&big);
    // One part alone, on the 1M database (for a profiler, or to compare two builds).
    if let Ok(only) = std::env::var("READERDESK_BENCH_ONLY") {
        let store = Store::open_with(&big_path, Integrity::Later).expect("open");
        match only.as_str() {
            "pages" => {
                let _ = queue_pages(&store, 1);
                let (pages, slowest) = queue_pages(&store, 20);
                println!(
                    "{}",
                    pages.line("queue page of 50, every queue x sort x filter, p1+p10")
                );
                for (label, took) in &slowest {
                    println!("    {label:<44} {took:.3?}");
                }
            }
            "backup" => {
                let admin = moderators::list(&store).expect("mods").remove(0);
                let pending = queue::page(
                    &store,
                    Queue::Pending,
                    &QueueFilter::default(),
                    Sort::Newest,
                    None,
                    200,
                )
                .expect("pending");
                decisions_beside_a_backup(&store, &admin, &pending.items);
            }
            "retention" => {
                drop(store);
                // Every comment of the generated newsroom is past the 90 days.
                beside_a_job(&big_path, "IP retention over the 1M copy", |store| {
                    let cleared =
                        readerdesk_core::privacy::clear_old_addresses(store, chrono::Utc::now())
                            .expect("retention");
                    format!("{cleared} addresses")
                });
            }
            "rerun" => {
                drop(store);
                beside_a_job(
                    &big_path,
                    "the rules run again over Pending (1M copy)",
                    |store| {
                        let owner = readerdesk_core::moderation::moderators::Moderator::owner();
                        let rerun =
                            readerdesk_core::moderation::autohold::rerun_pending(store, &owner)
                                .expect("rerun");
                        format!("{rerun:?}")
                    },
                );
            }
            other => {
                panic!("READERDESK_BENCH_ONLY is pages, backup, retention or rerun, not {other}")
            }
        }
        return;
    }
    println!("moderation benchmark (release build; databases in target/bench-data)");
    for (label, path, scale) in [("10k", &small_path, &small), ("1M", &big_path, &big)] {
        let (opened, store) = time(|| Store::open(path).expect("open"));
        println!(
            "\n== {label}: {} comments, {} articles, {} authors ==",
            scale.comments, scale.articles, scale.authors
        );
        println!(
            "{:<58} {opened:.1?}",
            "opening the file (header checks + quick_check)"
        );
        // What the window does: open without the full check, which runs in the background.
        drop(store);
        let (window_open, store) = time(|| Store::open_with(path, Integrity::Later).expect("open"));
        println!(
            "{:<58} {window_open:.1?}",
            "opening as the window does (check left for later)"
        );
        let (checked, _) = time(|| store.check_integrity().expect("sound"));
        println!(
            "{:<58} {checked:.1?}",
            "the background integrity check (quick_check)"
        );
        let first_page = time(|| {
            queue::page(
                &store,
                Queue::Pending,
                &queue::QueueFilter::default(),
                Sort::Newest,
                None,
                50,
            )
            .expect("page")
        })
        .0;
        println!(
            "{:<58} {first_page:.1?}",
            "the first queue page after opening (cold)"
        );
        // Warm the page cache the way a working session would.
        let _ = queue_pages(&store, 1);

        println!(
            "{}",
            raw_page_baseline(path, 5).line("baseline: raw SELECT 50 by (status, created_at)")
        );
        let (pages, slowest) = queue_pages(&store, 5);
        println!(
            "{}",
            pages.line("queue page of 50, every queue x sort x filter, p1+p10")
        );
        println!("  the slowest combinations (median of 5; filters: 0 none, 1 article, 2 author, 3 hold reason, 4 flag reason, 5 a month):");
        for (label, took) in &slowest {
            println!("    {label:<44} {took:.3?}");
        }

        let (_, counts) = time(|| queue::counts(&store).expect("counts"));
        let mut count_times = Vec::new();
        for _ in 0..200 {
            count_times.push(time(|| queue::counts(&store).expect("counts")).0);
        }
        println!(
            "{}",
            Timings(count_times).line("the six queue counts together (live)")
        );
        let conn = Connection::open(path).expect("open");
        let mut naive = Vec::new();
        for _ in 0..5 {
            naive.push(
                time(|| {
                    for q in Queue::ALL {
                        let _ = store
                            .read(|c| db::queue::count(c, *q, &db::queue::Filter::default()))
                            .expect("count");
                    }
                })
                .0,
            );
        }
        println!(
            "{}",
            Timings(naive).line("baseline: the six counts by COUNT(*) over the rows")
        );
        drop(conn);

        // Decisions: approve one pending comment, then load the next card.
        let admin = moderators::list(&store).expect("mods").remove(0);
        let page = queue::page(
            &store,
            Queue::Pending,
            &QueueFilter::default(),
            Sort::Newest,
            None,
            200,
        )
        .expect("pending");
        assert!(counts.pending > 200);
        let mut decide_times = Vec::new();
        for pair in page.items.windows(2).take(150) {
            let (took, _) = time(|| {
                decisions::decide(
                    &store,
                    &admin,
                    std::slice::from_ref(&pair[0].id),
                    &Decision::Approve,
                )
                .expect("decide");
                queue::card(
                    &store,
                    &readerdesk_core::moderation::moderators::Moderator::owner(),
                    &pair[1].id,
                )
                .expect("card")
            });
            decide_times.push(took);
        }
        // Put them back so the database stays as generated for the next run.
        for _ in 0..150 {
            decisions::undo_last(&store, &admin).expect("undo");
        }
        println!(
            "{}",
            Timings(decide_times).line("one decision (durable) + the next card")
        );
        decisions_beside_a_backup(&store, &admin, &page.items);
        let raw = Connection::open(path).expect("open");
        raw.pragma_update(None, "synchronous", "FULL")
            .expect("sync");
        let mut commit_times = Vec::new();
        for i in 0..150 {
            commit_times.push(
                time(|| {
                    raw.execute_batch("BEGIN IMMEDIATE").expect("begin");
                    raw.execute(
                        "INSERT INTO settings (key, value) VALUES ('bench.fsync', ?1)
                         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                        params![i.to_string()],
                    )
                    .expect("write");
                    raw.execute_batch("COMMIT").expect("commit");
                })
                .0,
            );
        }
        println!(
            "{}",
            Timings(commit_times).line("baseline: one-row durable commit (fsync)")
        );
        drop(raw);

        let queries = [
            "ukraine",
            "дякую status:pending",
            "reform author:\"Reader 1\"",
            "grid after:2024-03-01",
            "zoe",
            "\"energy grid\"",
            "kyiv status:approved before:2025-01-01",
            "бібліотека",
            "naive ip:198.51.1.",
            "cafe article:Article",
        ];
        let mut fts = Vec::new();
        for _ in 0..10 {
            for q in queries {
                fts.push(
                    time(|| {
                        search::search(
                            &store,
                            &readerdesk_core::moderation::moderators::Moderator::owner(),
                            q,
                            None,
                            50,
                        )
                        .expect("search")
                    })
                    .0,
                );
            }
        }
        println!(
            "{}",
            Timings(fts.clone()).line("FTS query with a filter, page of 50")
        );
        // Each query's median over the ten rounds (the timings go round by round).
        let mut per_query: Vec<(&str, Duration)> = queries
            .iter()
            .enumerate()
            .map(|(i, q)| {
                let mut took: Vec<Duration> =
                    fts.iter().skip(i).step_by(queries.len()).copied().collect();
                took.sort();
                (*q, took[took.len() / 2])
            })
            .collect();
        per_query.sort_by_key(|q| std::cmp::Reverse(q.1));
        println!("  the slowest queries (median of 10):");
        for (q, took) in per_query.iter().take(4) {
            println!("    {q:<44} {took:.3?}");
        }
        let conn = Connection::open(path).expect("open");
        let mut raw_fts = Vec::new();
        for _ in 0..10 {
            for q in ["ukraine", "дякую", "reform", "grid", "zoe"] {
                raw_fts.push(
                    time(|| {
                        conn.prepare_cached(
                            "SELECT rowid FROM comments_fts WHERE comments_fts MATCH ?1
                             ORDER BY rowid DESC LIMIT 50",
                        )
                        .expect("prepare")
                        .query_map([q], |r| r.get::<_, i64>(0))
                        .expect("query")
                        .count()
                    })
                    .0,
                );
            }
        }
        println!(
            "{}",
            Timings(raw_fts).line("baseline: raw FTS MATCH, 50 rowids")
        );
    }
}
