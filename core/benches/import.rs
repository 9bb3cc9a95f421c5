//! Importing a large WordPress export: 1,000,000 comments over 10,000 articles in a WXR file of
//! about 1 GB, through the real import pipeline (streaming reader, one transaction, authors,
//! threads, the automatic holds, FTS), and the same import without the automatic holds, against the raw baseline: the same rows inserted through
//! prepared statements in one transaction into the same schema (FTS included). Also measures
//! how much the process grows while importing (peak RSS over the RSS before it).
//!
//!     cargo bench -p readerdesk-core --bench import            (1,000,000 comments)
//!     READERDESK_BENCH_COMMENTS=100000 cargo bench -p readerdesk-core --bench import
//!
//! The generated file is kept in target/bench-data and reused by later runs.
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::time::Instant;

use readerdesk_core::import::comments;
use readerdesk_core::rusqlite::params;
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

/// The raw baseline: the same articles, authors and comments, keys precomputed, one prepared
/// INSERT each, one transaction, on a database with the same schema and settings.
fn baseline(db: &Path, n: usize) -> f64 {
    let store = Store::open(db).expect("open");
    let started = Instant::now();
    store
        .write(|tx| {
            let mut article = tx.prepare(
                "INSERT INTO articles (id, source, external_id, title, url, published_at)
                 VALUES (?1, 'raw', ?1, ?2, ?3, '2025-01-01T00:00:00.000000Z')",
            )?;
            let mut author = tx.prepare(
                "INSERT INTO authors (id, source, external_id, name, email, first_seen_at)
                 VALUES (?1, 'raw', ?1, ?2, ?3, ?4) ON CONFLICT DO NOTHING",
            )?;
            let mut insert = tx.prepare(
                "INSERT INTO comments (id, seq, source, external_id, article_id, parent_id,
                     author_id, author_name, author_email, author_ip, body, kind, created_at,
                     received_at, initial_status, status, site_status, link_count)
                 VALUES (?1, ?2, 'raw', ?1, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 'comment', ?10, ?10,
                         ?11, ?11, ?12, ?13)",
            )?;
            for i in 0..n {
                let c = comment(i);
                let at = format!("{}T{}.000000Z", &c.at[..10], &c.at[11..]);
                if i.is_multiple_of(PER_ARTICLE) {
                    let a = c.article.to_string();
                    article.execute(params![
                        a,
                        format!("Article {a}"),
                        format!("https://bench.example/{a}")
                    ])?;
                }
                let author_id = format!("r{}", c.author);
                let email = format!("reader{}@example.net", c.author);
                let name = format!("Reader {}", c.author);
                author.execute(params![author_id, name, email, at])?;
                let ours = match status(i) {
                    "0" => "pending",
                    "1" => "approved",
                    other => other,
                };
                insert.execute(params![
                    c.id.to_string(),
                    i as i64 + 1,
                    c.article.to_string(),
                    c.parent.map(|p| p.to_string()),
                    author_id,
                    name,
                    email,
                    format!(
                        "10.{}.{}.{}",
                        c.author % 256,
                        (c.author / 256) % 256,
                        c.id % 256
                    ),
                    c.body,
                    at,
                    ours,
                    status(i),
                    i64::from(i.is_multiple_of(20)),
                ])?;
            }
            Ok(())
        })
        .expect("baseline insert");
    started.elapsed().as_secs_f64()
}

fn proc_status(field: &str) -> u64 {
    let text = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
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
    if !file.exists() {
        let t = Instant::now();
        generate(&file, n);
        println!(
            "generated {} in {:.1} s",
            file.display(),
            t.elapsed().as_secs_f64()
        );
    }
    let size = std::fs::metadata(&file).expect("file").len();
    println!(
        "import benchmark: {n} comments over {} articles, WXR file {:.0} MiB (release build)",
        n.div_ceil(PER_ARTICLE),
        size as f64 / 1048576.0
    );
    let work = tempfile::tempdir_in(&data).expect("tempdir");

    // The import first, so its peak is not the baseline's.
    let store = Store::open(&work.path().join("import.db")).expect("open");
    let _ = std::fs::write("/proc/self/clear_refs", "5"); // reset the peak (VmHWM)
    let rss_before = proc_status("VmRSS:");
    let started = Instant::now();
    let summary = comments::import(
        &store,
        &readerdesk_core::moderation::moderators::Moderator::owner(),
        &file,
        None,
        false,
        &AtomicBool::new(false),
        &mut |_| {},
    )
    .expect("import");
    let import_s = started.elapsed().as_secs_f64();
    let peak = proc_status("VmHWM:");
    assert_eq!(
        summary.comments_new as usize,
        n,
        "{:?}",
        summary.skipped.first()
    );
    drop(store);

    // The same import without the automatic holds (trust routing only).
    let plain = Store::open(&work.path().join("plain.db")).expect("open");
    let started = Instant::now();
    comments::import_with_rules(
        &plain,
        &readerdesk_core::moderation::moderators::Moderator::owner(),
        &file,
        None,
        false,
        false,
        &AtomicBool::new(false),
        &mut |_| {},
    )
    .expect("import without rules");
    let plain_s = started.elapsed().as_secs_f64();
    drop(plain);

    let baseline_s = baseline(&work.path().join("raw.db"), n);
    let rate = |s: f64| n as f64 / s;
    println!(
        "baseline (raw prepared inserts, one transaction): {:.1} s, {:.0} comments/s",
        baseline_s,
        rate(baseline_s)
    );
    println!(
        "import (WXR through the pipeline):               {:.1} s, {:.0} comments/s, {:.0} MiB/s of file",
        import_s,
        rate(import_s),
        size as f64 / 1048576.0 / import_s
    );
    println!(
        "import without the automatic holds:              {:.1} s, {:.0} comments/s",
        plain_s,
        rate(plain_s)
    );
    println!(
        "import rate / baseline rate: {:.2} (target >= 0.50); with the holds / without: {:.2}x (target <= 2x)",
        baseline_s / import_s,
        import_s / plain_s
    );
    println!(
        "memory: RSS before {:.0} MiB, peak during the import {:.0} MiB, growth {:.0} MiB (target <= ~200 MiB)",
        mib(rss_before),
        mib(peak),
        mib(peak.saturating_sub(rss_before))
    );
}
