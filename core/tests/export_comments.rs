//! Exporting comments: WXR, CSV and JSON carry our current statuses and threads, and a WXR
//! (or JSON) export imported into an empty newsroom gives the same articles, comments, threads
//! and statuses. CSV cells are made safe for spreadsheets. A failed export leaves no file.
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

use readerdesk_core::export::{self, ExportFormat};
use readerdesk_core::import::comments;
use readerdesk_core::model::{Queue, Role, Sort};
use readerdesk_core::moderation::decisions::{self, Decision};
use readerdesk_core::moderation::moderators;
use readerdesk_core::moderation::queue::{self, QueueFilter};
use readerdesk_core::{demo, Store};

fn fixture(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures")
        .join(path)
}

/// Imports as a restore does: without the automatic holds, so the statuses the export
/// carries are the ones that land (with the holds on, a waiting comment may be held again).
fn import(store: &Store, file: &Path) -> comments::ImportSummary {
    comments::import_with_rules(
        store,
        &readerdesk_core::moderation::moderators::Moderator::owner(),
        file,
        None,
        false,
        false,
        &AtomicBool::new(false),
        &mut |_| {},
    )
    .unwrap()
}

/// Everything a round trip must keep, per comment, without our own keys: the article, the
/// comment's source id, its parent's source id, who, what, when (to the second), kind, status.
fn shape(store: &Store, ids: bool) -> Vec<String> {
    store
        .read(|conn| {
            let mut stmt = conn.prepare(
                "SELECT a.title, coalesce(a.url, ''), a.external_id, c.external_id,
                        coalesce(p.external_id, ''), c.author_name, coalesce(c.author_email, ''),
                        coalesce(c.author_ip, ''), coalesce(c.author_url, ''), c.body, c.kind,
                        substr(c.created_at, 1, 19), c.status,
                        coalesce(p.author_name || ' ' || substr(p.created_at, 1, 19), '')
                 FROM comments c JOIN articles a ON a.id = c.article_id
                 LEFT JOIN comments p ON p.id = c.parent_id",
            )?;
            let rows = stmt.query_map([], |r| {
                let mut v: Vec<String> = (0..14).map(|i| r.get(i)).collect::<Result<_, _>>()?;
                if !ids {
                    // Ids of a several-site export are qualified; compare the rest.
                    v.drain(2..5);
                }
                Ok(v.join(" | "))
            })?;
            let mut out: Vec<String> = rows.collect::<Result<_, _>>()?;
            out.sort();
            Ok(out)
        })
        .unwrap()
}

fn decide_some(store: &Store) {
    let admin = moderators::add(store, None, "Editor", Role::Admin).unwrap();
    let pending = queue::page(
        store,
        Queue::Pending,
        &QueueFilter::default(),
        Sort::Newest,
        None,
        10,
    )
    .unwrap();
    let first = pending.items[0].id.clone();
    decisions::decide(
        store,
        &admin,
        &[first],
        &Decision::Reject {
            reason: "Off topic".into(),
            note: None,
        },
    )
    .unwrap();
}

#[test]
fn a_wxr_export_imported_into_an_empty_newsroom_gives_the_same_comments() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("a.db")).unwrap();
    import(&store, &fixture("import/site-v1.xml"));
    import(&store, &fixture("import/site-v2.xml"));
    decide_some(&store);
    let before = shape(&store, true);
    assert!(before
        .iter()
        .any(|r| r.ends_with("| rejected | ") || r.contains("| rejected |")));

    let out = dir.path().join("out.xml");
    let summary = export::export_comments(
        &store,
        &readerdesk_core::moderation::moderators::Moderator::owner(),
        ExportFormat::Wxr,
        &out,
        None,
    )
    .unwrap();
    assert_eq!(summary.comments as usize, before.len());
    assert_eq!(summary.articles, 2);
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.contains("<wp:base_site_url>https://news.example.org</wp:base_site_url>"));
    assert!(text.contains("<wp:meta_key>readerdesk_status</wp:meta_key>"));
    assert!(!dir.path().join("out.xml.part").exists());

    let again = Store::open(&dir.path().join("b.db")).unwrap();
    let summary = import(&again, &out);
    assert!(summary.skipped.is_empty(), "{:?}", summary.skipped);
    assert_eq!(summary.source, "wxr:https://news.example.org");
    assert_eq!(shape(&again, true), before);

    // The same site: importing our own export into the first newsroom changes nothing.
    let summary = import(&store, &out);
    assert_eq!((summary.comments_new, summary.articles_new), (0, 0));
    assert_eq!(shape(&store, true), before);
}

#[test]
fn the_demo_newsroom_survives_a_wxr_and_a_json_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("demo.db")).unwrap();
    demo::build(
        &store,
        chrono::NaiveDate::from_ymd_opt(2026, 11, 1).unwrap(),
    )
    .unwrap();
    let before = shape(&store, false);
    let statuses: std::collections::BTreeSet<&str> = before
        .iter()
        .map(|r| r.split(" | ").nth(9).unwrap())
        .collect();
    assert_eq!(
        statuses.into_iter().collect::<Vec<_>>(),
        ["approved", "pending", "rejected", "spam", "trash"],
        "the demo has every status"
    );
    for (format, name) in [(ExportFormat::Wxr, "x.xml"), (ExportFormat::Json, "x.json")] {
        let out = dir.path().join(name);
        let summary = export::export_comments(
            &store,
            &readerdesk_core::moderation::moderators::Moderator::owner(),
            format,
            &out,
            None,
        )
        .unwrap();
        assert_eq!(summary.comments as usize, before.len(), "{format:?}");
        let fresh = Store::open(&dir.path().join(format!("{name}.db"))).unwrap();
        let imported = import(&fresh, &out);
        assert!(
            imported.skipped.is_empty(),
            "{format:?}: {:?}",
            imported.skipped
        );
        assert_eq!(shape(&fresh, false), before, "{format:?}");
    }
}

#[test]
fn csv_export_reads_back_and_defuses_formulas() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("a.db")).unwrap();
    let input = dir.path().join("in.csv");
    std::fs::write(
        &input,
        "comment_id,article_id,article_title,article_url,parent_id,author,email,created,status,kind,body\n\
         1,p1,Budget,https://csv.example/budget,,Olena,o@example.org,2026-01-02T10:00:00Z,approved,,\"Line one\r\nline two, \"\"quoted\"\"\"\n\
         2,p1,Budget,https://csv.example/budget,1,=HYPERLINK(\"http://evil\"),,2026-01-02T11:00:00Z,spam,,+1 agreed\n\
         3,p1,Budget,https://csv.example/budget,1,Ping,,2026-01-02T12:00:00Z,pending,pingback,Linked from elsewhere\n",
    )
    .unwrap();
    let summary = import(&store, &input);
    assert_eq!(summary.comments_new, 3, "{:?}", summary.skipped);
    let out = dir.path().join("out.csv");
    export::export_comments(
        &store,
        &readerdesk_core::moderation::moderators::Moderator::owner(),
        ExportFormat::Csv,
        &out,
        None,
    )
    .unwrap();
    let mut reader = csv::Reader::from_path(&out).unwrap();
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    assert_eq!(header, readerdesk_core::import::rows::COLUMNS);
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 3);
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    assert_eq!(&rows[0][col("body")], "Line one\r\nline two, \"quoted\"");
    assert_eq!(&rows[1][col("author")], "'=HYPERLINK(\"http://evil\")");
    assert_eq!(&rows[1][col("body")], "'+1 agreed");
    assert_eq!(&rows[1][col("parent_id")], "1");
    assert_eq!(&rows[1][col("status")], "spam");
    assert_eq!(&rows[2][col("kind")], "pingback");

    // The export is a valid import: same site, nothing new.
    let again = import(&store, &out);
    assert_eq!((again.comments_new, again.comments_known), (0, 3));
}

/// Every cell that came from outside is guarded (ids, IPs and URLs too), and our own importer
/// gives back the original text: no stray leading `'`.
#[test]
fn a_csv_export_guards_every_outside_cell_and_reads_back_to_the_original_text() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("a.db")).unwrap();
    let input = dir.path().join("in.json");
    let texts = [
        "=SUM(A1:A9)",
        "+44 20 7946 0000",
        "-5 stars",
        "@channel",
        "'quoted",
        "''=x",
    ];
    let comments: Vec<serde_json::Value> = texts
        .iter()
        .enumerate()
        .map(|(i, text)| {
            serde_json::json!({
                "comment_id": format!("-{i}"),
                "article_id": "=art",
                "article_title": text,
                "article_url": "=https://evil.example/",
                "author": text,
                "email": format!("r{i}@example.org"),
                "ip": "@203.0.113.1",
                "created": "2026-01-02T10:00:00Z",
                "status": "approved",
                "body": text,
            })
        })
        .collect();
    std::fs::write(&input, serde_json::to_string(&comments).unwrap()).unwrap();
    let first = import(&store, &input);
    assert_eq!(
        first.comments_new,
        texts.len() as i64,
        "{:?}",
        first.skipped
    );
    let out = dir.path().join("out.csv");
    export::export_comments(
        &store,
        &readerdesk_core::moderation::moderators::Moderator::owner(),
        ExportFormat::Csv,
        &out,
        None,
    )
    .unwrap();
    let mut reader = csv::Reader::from_path(&out).unwrap();
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    let formula = ['=', '+', '-', '@', '\t', '\r'];
    for record in reader.records() {
        let record = record.unwrap();
        for (name, value) in header.iter().zip(record.iter()) {
            assert!(
                !value.starts_with(formula),
                "{name}: {value:?} would run as a formula"
            );
        }
    }

    let fresh = Store::open(&dir.path().join("b.db")).unwrap();
    let back = import(&fresh, &out);
    assert_eq!(back.comments_new, texts.len() as i64, "{:?}", back.skipped);
    let conn = readerdesk_core::rusqlite::Connection::open(dir.path().join("b.db")).unwrap();
    let mut stmt = conn
        .prepare(
            "SELECT body, author_name, author_ip, external_id FROM comments ORDER BY external_id",
        )
        .unwrap();
    let rows: Vec<(String, String, String, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let mut bodies: Vec<&str> = rows.iter().map(|r| r.0.as_str()).collect();
    bodies.sort_unstable();
    let mut expected = texts.to_vec();
    expected.sort_unstable();
    assert_eq!(bodies, expected);
    assert!(rows.iter().all(|r| r.0 == r.1 && r.2 == "@203.0.113.1"));
    assert!(rows.iter().all(|r| r.3.starts_with('-')), "{rows:?}");
}

#[test]
fn a_failed_export_leaves_no_file_and_an_unknown_site_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("a.db")).unwrap();
    import(&store, &fixture("import/site-v1.xml"));
    let missing = dir.path().join("no/such/dir/out.xml");
    let err = export::export_comments(
        &store,
        &readerdesk_core::moderation::moderators::Moderator::owner(),
        ExportFormat::Wxr,
        &missing,
        None,
    )
    .unwrap_err();
    assert_eq!(err.code(), "io");
    let err = export::export_comments(
        &store,
        &readerdesk_core::moderation::moderators::Moderator::owner(),
        ExportFormat::Wxr,
        &dir.path().join("x.xml"),
        Some("wxr:https://other.example"),
    )
    .unwrap_err();
    assert_eq!(err.code(), "invalid");
    assert!(
        err.to_string().contains("wxr:https://news.example.org"),
        "{err}"
    );
    assert!(!dir.path().join("x.xml").exists());
    assert!(!dir.path().join("x.xml.part").exists());
}
