//! Inserting comments through the store (UUIDv5 keys, link counting, sequence, FTS trigger,
//! one IMMEDIATE transaction) against the raw baseline: the same rows with a prepared INSERT of
//! precomputed values in one transaction, on the same schema. Both write to a real file.
//!
//!     cargo bench -p readerdesk-core --bench store_insert
use criterion::{criterion_group, criterion_main, BatchSize, BenchmarkId, Criterion, Throughput};
use readerdesk_core::db::comments::{self, NewComment};
use readerdesk_core::db::migrate;
use readerdesk_core::db::newsroom::{self, NewArticle};
use readerdesk_core::model::{CommentKind, Status};
use readerdesk_core::rusqlite::{params, Connection};
use readerdesk_core::Store;

struct Row {
    external_id: String,
    author: String,
    body: String,
    at: String,
}

fn rows(n: usize) -> Vec<Row> {
    (0..n)
        .map(|i| Row {
            external_id: format!("c{i}"),
            author: format!("Reader {}", i % 500),
            body: format!(
                "Comment number {i}: thank you for the reporting, see https://example.org/{i} \
                 and дякую за статтю. {}",
                "More words to make a realistic length. ".repeat(i % 4)
            ),
            at: format!("2026-11-01T10:{:02}:{:02}.000000Z", (i / 60) % 60, i % 60),
        })
        .collect()
}

fn through_store(dir: &tempfile::TempDir, rows: &[Row]) {
    let store = Store::open(&dir.path().join("store.db")).expect("open");
    store
        .write(|tx| {
            let article = newsroom::insert_article(
                tx,
                &NewArticle {
                    source: "bench",
                    external_id: "a",
                    title: "Bench",
                    url: None,
                    published_at: None,
                    import_id: None,
                },
            )?;
            for row in rows {
                comments::insert(
                    tx,
                    &NewComment {
                        source: "bench",
                        external_id: &row.external_id,
                        article_id: &article,
                        parent_id: None,
                        author_id: None,
                        author_name: &row.author,
                        author_email: None,
                        author_url: None,
                        author_ip: None,
                        body: &row.body,
                        kind: CommentKind::Comment,
                        created_at: &row.at,
                        received_at: &row.at,
                        status: Status::Pending,
                        site_status: None,
                        hold_reasons: "[]",
                        import_id: None,
                    },
                )?;
            }
            Ok(())
        })
        .expect("insert");
}

fn raw_baseline(dir: &tempfile::TempDir, rows: &[Row]) {
    let mut conn = Connection::open(dir.path().join("raw.db")).expect("open");
    conn.pragma_update(None, "journal_mode", "WAL")
        .expect("wal");
    conn.pragma_update(None, "synchronous", "FULL")
        .expect("sync");
    migrate::apply(&mut conn).expect("schema");
    let tx = conn.transaction().expect("tx");
    tx.execute(
        "INSERT INTO articles (id, source, external_id, title) VALUES ('a', 'bench', 'a', 'Bench')",
        [],
    )
    .expect("article");
    {
        let mut stmt = tx
            .prepare(
                "INSERT INTO comments (id, seq, source, external_id, article_id, author_name, body,
                                       created_at, received_at, initial_status, status)
                 VALUES (?1, ?2, 'bench', ?3, 'a', ?4, ?5, ?6, ?6, 'pending', 'pending')",
            )
            .expect("prepare");
        for (seq, row) in rows.iter().enumerate() {
            stmt.execute(params![
                row.external_id,
                seq as i64 + 1,
                row.external_id,
                row.author,
                row.body,
                row.at
            ])
            .expect("insert");
        }
    }
    tx.commit().expect("commit");
}

fn insert_comments(c: &mut Criterion) {
    let mut group = c.benchmark_group("insert_comments");
    group.sample_size(10);
    for n in [1_000usize, 10_000] {
        let data = rows(n);
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(
            BenchmarkId::new("baseline_raw_prepared", n),
            &data,
            |b, data| {
                b.iter_batched(
                    || tempfile::tempdir().expect("tempdir"),
                    |dir| raw_baseline(&dir, data),
                    BatchSize::PerIteration,
                )
            },
        );
        group.bench_with_input(BenchmarkId::new("store", n), &data, |b, data| {
            b.iter_batched(
                || tempfile::tempdir().expect("tempdir"),
                |dir| through_store(&dir, data),
                BatchSize::PerIteration,
            )
        });
    }
    group.finish();
}

criterion_group!(benches, insert_comments);
criterion_main!(benches);
