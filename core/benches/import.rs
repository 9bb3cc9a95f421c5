//! Importing a site's history: N comments (1,000,000 by default) over N/100 articles in a WXR
//! file, through the real import pipeline (streaming reader, chunked hidden writes, authors,
//! threads, the automatic holds, FTS, publishing), against the raw rate of SQLite: the
//! `sqlite3` command-line shell loading the same comments from a CSV file (`.import` into a
//! staging table, then one `INSERT … SELECT` each into articles, authors and comments with two
//! indexes, the FTS5 index rebuilt, one transaction, WAL, `synchronous=FULL`). Also measures
//! how much the process grows while importing (peak RSS over the RSS before it), and, with
//! READERDESK_BENCH_DECISIONS=1, how long a moderator's decision takes to be durable while
//! the import runs (one every 100 ms on the demo newsroom's pending comments).
//!
//!     cargo bench -p readerdesk-core --bench import            (1,000,000 comments)
//!     READERDESK_BENCH_COMMENTS=100000 cargo bench -p readerdesk-core --bench import
//!     READERDESK_BENCH_DECISIONS=1 cargo bench -p readerdesk-core --bench import
//!
//! Needs the `sqlite3` shell (Debian: `apt-get install sqlite3`). The generated files are kept
//! in target/bench-data and reused by later runs.
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::time::Instant;

use readerdesk_core::import::comments;
use readerdesk_core::Store;

const PER_ARTICLE: usize = 100;

/// One generated comment; the file and the baseline are made from the same values.
struct Gen {
    id: usize,
    article: usize,
    parent: Option<usize>,
    author: usize,
    at: String,
    body: String,
}

const SYLLABLES: &[&str] = &[
    "ba", "ko", "ri", "sta", "len", "mo", "tur", "vi", "da", "pre", "shu", "nel", "gor", "ia",
    "ta", "ver", "mi", "lo", "zan", "ek", "ро", "ка", "ні", "ва", "ліс", "то", "ме", "дра",
];

/// A vocabulary of a few thousand pseudo-words (Latin and Cyrillic syllables), so that generated
/// comments differ as real ones do: a handful of words would make every comment a near-repeat
/// of every other.
fn vocabulary() -> Vec<String> {
    let n = SYLLABLES.len();
    let mut words = Vec::with_capacity(n * n * 4);
    for a in 0..n {
        for b in 0..n {
            // Keep scripts apart within a word.
            if (a < 20) != (b < 20) {
                continue;
            }
            words.push(format!("{}{}", SYLLABLES[a], SYLLABLES[b]));
            words.push(format!(
                "{}{}{}",
                SYLLABLES[a],
                SYLLABLES[b],
                SYLLABLES[(a + b) % n]
            ));
        }
    }
    words
}

static VOCABULARY: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();

fn comment(i: usize) -> Gen {
    let article = i / PER_ARTICLE;
    let first = article * PER_ARTICLE;
    // About a third are replies to an earlier comment under the same article.
    let parent = (i > first && i.is_multiple_of(3)).then(|| first + (i * 7919) % (i - first));
    let vocabulary = VOCABULARY.get_or_init(vocabulary);
    let mut body = String::with_capacity(640);
    let words = 60 + (i * 31) % 90;
    // A small LCG per comment: deterministic, and different for every comment.
    let mut state = (i as u64)
        .wrapping_mul(6_364_136_223_846_793_005)
        .wrapping_add(1_442_695_040_888_963_407);
    for w in 0..words {
        if w > 0 {
            body.push(' ');
        }
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        body.push_str(&vocabulary[(state >> 33) as usize % vocabulary.len()]);
    }
    if i.is_multiple_of(20) {
        body.push_str(" https://example.org/source");
    }
    Gen {
        id: i,
        article,
        parent,
        author: (i * 48_271) % 200_000,
        at: format!(
            "2025-{:02}-{:02} {:02}:{:02}:{:02}",
            1 + (article % 12),
            1 + (article % 28),
            (i / 3600) % 24,
            (i / 60) % 60,
            i % 60
        ),
        body,
    }
}

fn status(i: usize) -> &'static str {
    match i % 20 {
        0 => "0",
        1 => "spam",
        2 => "trash",
        _ => "1",
    }
}

fn generate(path: &Path, n: usize) {
    let tmp = path.with_extension("part");
    let mut out =
        std::io::BufWriter::with_capacity(1 << 20, std::fs::File::create(&tmp).expect("create"));
    write!(
        out,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\" xmlns:wp=\"http://wordpress.org/export/1.2/\">\n<channel>\n<title>Bench</title><link>https://bench.example</link>\n<wp:wxr_version>1.2</wp:wxr_version><wp:base_site_url>https://bench.example</wp:base_site_url>\n"
    )
    .expect("write");
    for i in 0..n {
        let c = comment(i);
        if i.is_multiple_of(PER_ARTICLE) {
            if i > 0 {
                out.write_all(b"</item>\n").expect("write");
            }
            write!(
                out,
                "<item>\n\t<title>Article {a}</title>\n\t<link>https://bench.example/{a}</link>\n\t<wp:post_id>{a}</wp:post_id>\n\t<wp:post_date_gmt>2025-01-01 00:00:00</wp:post_date_gmt>\n\t<wp:post_type>post</wp:post_type>\n",
                a = c.article
            )
            .expect("write");
        }
        write!(
            out,
            "\t<wp:comment>\n\t\t<wp:comment_id>{}</wp:comment_id>\n\t\t<wp:comment_author><![CDATA[Reader {}]]></wp:comment_author>\n\t\t<wp:comment_author_email>reader{}@example.net</wp:comment_author_email>\n\t\t<wp:comment_author_url></wp:comment_author_url>\n\t\t<wp:comment_author_IP>10.{}.{}.{}</wp:comment_author_IP>\n\t\t<wp:comment_date>{}</wp:comment_date>\n\t\t<wp:comment_date_gmt>{}</wp:comment_date_gmt>\n\t\t<wp:comment_content><![CDATA[{}]]></wp:comment_content>\n\t\t<wp:comment_approved>{}</wp:comment_approved>\n\t\t<wp:comment_type>comment</wp:comment_type>\n\t\t<wp:comment_parent>{}</wp:comment_parent>\n\t\t<wp:comment_user_id>0</wp:comment_user_id>\n\t</wp:comment>\n",
            c.id,
            c.author,
            c.author,
            c.author % 256,
            (c.author / 256) % 256,
            c.id % 256,
            c.at,
            c.at,
            c.body,
            status(i),
            c.parent.map_or(0, |p| p),
        )
        .expect("write");
    }
    if n > 0 {
        out.write_all(b"</item>\n").expect("write");
    }
    out.write_all(b"</channel>\n</rss>\n").expect("write");
    out.flush().expect("flush");
    drop(out);
    std::fs::rename(&tmp, path).expect("rename");
}

/// The same comments as CSV for the shell: id, article, title, parent, author, email, ip,
/// created (UTC), body, status.
fn generate_csv(path: &Path, n: usize) {
    let tmp = path.with_extension("part");
    let mut out = csv_writer(&tmp);
    out.write_record([
        "id", "article", "title", "parent", "author", "email", "ip", "at", "body", "status",
    ])
    .expect("write");
    for i in 0..n {
        let c = comment(i);
        out.write_record([
            c.id.to_string(),
            c.article.to_string(),
            format!("Article {}", c.article),
            c.parent.map_or(0, |p| p).to_string(),
            format!("Reader {}", c.author),
            format!("reader{}@example.net", c.author),
            format!(
                "10.{}.{}.{}",
                c.author % 256,
                (c.author / 256) % 256,
                c.id % 256
            ),
            c.at,
            c.body,
            status(i).to_owned(),
        ])
        .expect("write");
    }
    out.flush().expect("flush");
    drop(out);
    std::fs::rename(&tmp, path).expect("rename");
}

fn csv_writer(path: &Path) -> csv::Writer<std::fs::File> {
    csv::Writer::from_writer(std::fs::File::create(path).expect("create"))
}

/// What the shell runs: the baseline the issue defines.
const SHELL_LOAD: &str = "PRAGMA journal_mode=WAL;
PRAGMA synchronous=FULL;
CREATE TABLE articles (id TEXT PRIMARY KEY NOT NULL, title TEXT NOT NULL);
CREATE TABLE authors (id TEXT PRIMARY KEY NOT NULL, name TEXT NOT NULL, email TEXT);
CREATE TABLE comments (seq INTEGER PRIMARY KEY, id TEXT NOT NULL,
  article_id TEXT NOT NULL REFERENCES articles (id), parent_id TEXT,
  author_id TEXT REFERENCES authors (id), author_name TEXT NOT NULL, author_email TEXT,
  author_ip TEXT, body TEXT NOT NULL, created_at TEXT NOT NULL, status TEXT NOT NULL);
CREATE INDEX comments_status_seq ON comments (status, seq);
CREATE INDEX comments_article ON comments (article_id, created_at, seq);
CREATE VIRTUAL TABLE comments_fts USING fts5 (body, author_name, content = 'comments',
  content_rowid = 'seq', tokenize = 'unicode61 remove_diacritics 2');
.mode csv
.import COMMENTS_CSV staging
BEGIN;
INSERT INTO articles SELECT DISTINCT article, title FROM staging;
INSERT OR IGNORE INTO authors SELECT email, author, email FROM staging;
INSERT INTO comments (id, article_id, parent_id, author_id, author_name, author_email,
                      author_ip, body, created_at, status)
  SELECT id, article, NULLIF(parent, '0'), email, author, email, ip, body, at,
         CASE status WHEN '1' THEN 'approved' WHEN '0' THEN 'pending' ELSE status END
  FROM staging;
INSERT INTO comments_fts (comments_fts) VALUES ('rebuild');
DROP TABLE staging;
COMMIT;
";

/// The shell's time to load the CSV into a new database in `dir` (the whole process).
fn shell_baseline(dir: &Path, csv: &Path, n: usize) -> f64 {
    let db = dir.join("shell.db");
    let script = SHELL_LOAD.replace("COMMENTS_CSV", &csv.display().to_string());
    let started = Instant::now();
    let mut child = std::process::Command::new("sqlite3")
        .arg(&db)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .spawn()
        .expect("the sqlite3 shell (apt-get install sqlite3)");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(script.as_bytes())
        .expect("script");
    assert!(child.wait().expect("sqlite3").success(), "the shell failed");
    let took = started.elapsed().as_secs_f64();
    let out = std::process::Command::new("sqlite3")
        .arg(&db)
        .arg("SELECT count(*) FROM comments")
        .output()
        .expect("count");
    let count: usize = String::from_utf8_lossy(&out.stdout)
        .trim()
        .parse()
        .expect("a count");
    assert_eq!(count, n, "the shell loaded every comment");
    took
}

/// Decisions every 100 ms on the demo newsroom's pending comments while `import` runs on
/// another thread: how long each took to be durable (committed), in ms.
fn decisions_beside(store: &Store, import: impl FnOnce() + Send) -> Vec<f64> {
    use readerdesk_core::model::{Queue, Sort};
    use readerdesk_core::moderation::decisions::{self, Decision};
    use readerdesk_core::moderation::queue::{self, QueueFilter};
    let admin = readerdesk_core::moderation::moderators::list(store)
        .expect("profiles")
        .into_iter()
        .find(|m| m.role == readerdesk_core::model::Role::Admin)
        .expect("an admin");
    let page = queue::page(
        store,
        Queue::Pending,
        &QueueFilter::default(),
        Sort::Newest,
        None,
        50,
    )
    .expect("pending");
    let ids: Vec<String> = page.items.iter().map(|c| c.id.clone()).collect();
    assert!(ids.len() >= 2, "the demo has pending comments");
    let running = std::sync::atomic::AtomicBool::new(true);
    let mut took = Vec::new();
    std::thread::scope(|scope| {
        scope.spawn(|| {
            import();
            running.store(false, std::sync::atomic::Ordering::SeqCst);
        });
        let mut k = 0usize;
        while running.load(std::sync::atomic::Ordering::SeqCst) {
            std::thread::sleep(std::time::Duration::from_millis(100));
            let id = &ids[k % ids.len()];
            // Approve each pending comment once, then flag them in turn: every decision is
            // a real, durable write.
            let decision = if k < ids.len() {
                Decision::Approve
            } else {
                Decision::Flag {
                    reason: "Needs a second opinion".into(),
                    note: None,
                }
            };
            let started = Instant::now();
            decisions::decide(store, &admin, std::slice::from_ref(id), &decision).expect("decide");
            took.push(started.elapsed().as_secs_f64() * 1000.0);
            k += 1;
        }
    });
    took
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn proc_status(field: &str) -> u64 {
    let text = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    text.lines()
        .find(|l| l.starts_with(field))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

/// A field of /proc/self/smaps_rollup in KiB: proportional set size (PSS) counts a page mapped
/// by several of our connections once, where RSS counts it once per map.
fn smaps(field: &str) -> u64 {
    let text = std::fs::read_to_string("/proc/self/smaps_rollup").unwrap_or_default();
    text.lines()
        .find(|l| l.starts_with(field))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

fn mib(kib: u64) -> f64 {
    kib as f64 / 1024.0
}

fn main() {
    if std::env::args().any(|a| a == "--test" || a == "--list") {
        return; // `cargo test --benches` asks; this benchmark only runs under `cargo bench`.
    }
    let n: usize = std::env::var("READERDESK_BENCH_COMMENTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let data: PathBuf = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/bench-data");
    std::fs::create_dir_all(&data).expect("bench-data");
    let file = data.join(format!("import-v2-{n}.xml"));
    let csv = data.join(format!("import-v2-{n}.csv"));
    if !file.exists() {
        let t = Instant::now();
        generate(&file, n);
        println!(
            "generated {} in {:.1} s",
            file.display(),
            t.elapsed().as_secs_f64()
        );
    }
    if !csv.exists() {
        generate_csv(&csv, n);
    }
    let size = std::fs::metadata(&file).expect("file").len();
    println!(
        "import benchmark: {n} comments over {} articles, WXR file {:.0} MiB (release build)",
        n.div_ceil(PER_ARTICLE),
        size as f64 / 1048576.0
    );
    let work = tempfile::tempdir_in(&data).expect("tempdir");
    let owner = readerdesk_core::moderation::moderators::Moderator::owner();
    let import = |store: &Store| {
        comments::import(
            store,
            &owner,
            &file,
            None,
            false,
            &AtomicBool::new(false),
            &mut |_| {},
        )
        .expect("import")
    };

    if std::env::var("READERDESK_BENCH_DECISIONS").is_ok() {
        let store = Store::open(&work.path().join("beside.db")).expect("open");
        readerdesk_core::demo::build(
            &store,
            chrono::NaiveDate::from_ymd_opt(2026, 11, 1).expect("day"),
        )
        .expect("demo");
        let started = Instant::now();
        let mut took = decisions_beside(&store, || {
            import(&store);
        });
        let import_s = started.elapsed().as_secs_f64();
        took.sort_by(f64::total_cmp);
        println!(
            "decisions beside the import ({:.1} s): {} decisions, durable in p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms (target p99 <= 250 ms)",
            import_s,
            took.len(),
            percentile(&took, 0.5),
            percentile(&took, 0.99),
            took.last().copied().unwrap_or(0.0)
        );
        return;
    }

    // The import first, so its peak is not another run's.
    let store = Store::open(&work.path().join("import.db")).expect("open");
    let _ = std::fs::write("/proc/self/clear_refs", "5"); // reset the peak (VmHWM)
    let rss_before = proc_status("VmRSS:");
    let anon_before = proc_status("RssAnon:");
    let file_before = proc_status("RssFile:") + proc_status("RssShmem:");
    let pss_before = smaps("Pss:");
    let started = Instant::now();
    let sampling = AtomicBool::new(true);
    let (summary, peak_anon, peak_file, peak_pss) = std::thread::scope(|scope| {
        // Anonymous memory (heaps, caches) and mapped file pages (the database map, which the
        // kernel can drop at will) apart: VmHWM counts both.
        let sampler = scope.spawn(|| {
            let (mut anon, mut file, mut pss) = (0, 0, 0);
            while sampling.load(std::sync::atomic::Ordering::Relaxed) {
                anon = anon.max(proc_status("RssAnon:"));
                file = file.max(proc_status("RssFile:") + proc_status("RssShmem:"));
                pss = pss.max(smaps("Pss:"));
                std::thread::sleep(std::time::Duration::from_millis(50));
            }
            (anon, file, pss)
        });
        let summary = import(&store);
        sampling.store(false, std::sync::atomic::Ordering::Relaxed);
        let (anon, file, pss) = sampler.join().expect("sampler");
        (summary, anon, file, pss)
    });
    let import_s = started.elapsed().as_secs_f64();
    let peak = proc_status("VmHWM:");
    assert_eq!(
        summary.comments_new as usize,
        n,
        "{:?}",
        summary.skipped.first()
    );
    let rss_after = proc_status("VmRSS:");
    drop(store);
    let rss_closed = proc_status("VmRSS:");

    let baseline_s = shell_baseline(work.path(), &csv, n);
    let rate = |s: f64| n as f64 / s;
    println!(
        "baseline (sqlite3 shell: .import CSV, INSERT … SELECT, 2 indexes, FTS5 rebuild): {:.1} s, {:.0} comments/s",
        baseline_s,
        rate(baseline_s)
    );
    println!(
        "import (WXR through the pipeline, holds, 13 indexes, FTS5, chunked and published): {:.1} s, {:.0} comments/s, {:.0} MiB/s of file",
        import_s,
        rate(import_s),
        size as f64 / 1048576.0 / import_s
    );
    println!(
        "import rate / baseline rate: {:.2} (target >= 0.50)",
        baseline_s / import_s
    );
    println!(
        "memory: RSS before {:.0} MiB, peak during the import {:.0} MiB, growth {:.0} MiB (target <= ~200 MiB)",
        mib(rss_before),
        mib(peak),
        mib(peak.saturating_sub(rss_before))
    );
    println!(
        "memory as the issue measures it (PSS, sampled every 50 ms): before {:.0} MiB, peak {:.0} MiB, growth {:.0} MiB (target <= ~200 MiB)",
        mib(pss_before),
        mib(peak_pss),
        mib(peak_pss.saturating_sub(pss_before))
    );
    println!(
        "memory after the import: RSS {:.0} MiB with the newsroom still open, {:.0} MiB once it is closed",
        mib(rss_after),
        mib(rss_closed)
    );
    println!(
        "of which: anonymous memory grew by {:.0} MiB at most (heaps, SQLite's caches), mapped file pages by {:.0} MiB (sampled every 50 ms)",
        mib(peak_anon.saturating_sub(anon_before)),
        mib(peak_file.saturating_sub(file_before))
    );
}
