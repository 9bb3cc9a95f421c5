//! The comment import pipeline on real files: all or nothing, idempotent, a newer export adds
//! only what is new and never overwrites a moderator's decision, bad records reported (or
//! fatal with --strict), threads kept, authors routed by trust, the import recorded.
mod common;

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

use readerdesk_core::import::comments::{self, CommentFormat};
use readerdesk_core::model::{CommentKind, Queue, Role, Sort, Status, Trust};
use readerdesk_core::moderation::decisions::{self, Decision};
use readerdesk_core::moderation::queue::{self, QueueFilter};
use readerdesk_core::moderation::{authors, moderators, search, thread};
use readerdesk_core::{newsroom, Store};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures/import")
        .join(name)
}

fn run(
    store: &Store,
    file: &Path,
    strict: bool,
) -> readerdesk_core::Result<comments::ImportSummary> {
    comments::import(
        store,
        &readerdesk_core::moderation::moderators::Moderator::owner(),
        file,
        None,
        strict,
        &AtomicBool::new(false),
        &mut |_| {},
    )
}

fn everything(store: &Store) -> Vec<String> {
    common::rows(
        store,
        &["articles", "authors", "comments", "decisions", "imports"],
    )
}

#[test]
fn a_wxr_export_comes_in_with_its_threads_and_reports_what_it_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("n.db")).unwrap();
    assert_eq!(
        comments::detect(&fixture("site-v1.xml")).unwrap(),
        CommentFormat::Wxr
    );
    let summary = run(&store, &fixture("site-v1.xml"), false).unwrap();
    assert_eq!(summary.source, "wxr:https://news.example.org");
    assert_eq!(summary.articles_new, 2);
    assert_eq!(summary.comments_new, 4, "{summary:?}");
    assert_eq!(summary.new_by_status.approved, 2);
    assert_eq!(summary.new_by_status.pending, 1);
    assert_eq!(summary.new_by_status.spam, 1);
    let skipped: Vec<(&str, &str)> = summary
        .skipped
        .iter()
        .map(|s| (s.record.as_str(), s.field.as_str()))
        .collect();
    assert_eq!(skipped.len(), 2, "{skipped:?}");
    assert!(summary
        .skipped
        .iter()
        .any(|s| s.record.contains("comment 4") && s.reason.contains("999")));
    assert!(summary
        .skipped
        .iter()
        .any(|s| s.record.contains('6') && s.field.contains("date")));
    assert_eq!(summary.sha256.len(), 64);

    // The reply sits under its parent, the body stays text, the pingback is marked.
    let hits = search::search(
        &store,
        &readerdesk_core::moderation::moderators::Moderator::owner(),
        "Оксана",
        None,
        10,
    )
    .unwrap();
    let thread = thread::comment_thread(&store, &hits.items[0].id).unwrap();
    let shape: Vec<(u32, &str)> = thread
        .comments
        .iter()
        .map(|c| (c.depth, c.author_name.as_str()))
        .collect();
    assert_eq!(shape, vec![(0, "Оксана Литвин"), (1, "Mark")]);
    assert_eq!(thread.comments[0].body, "Дякую! <b>Bold</b> stays text.");
    assert_eq!(thread.comments[1].body, "A reply & a question?");
    let ping = search::search(
        &store,
        &readerdesk_core::moderation::moderators::Moderator::owner(),
        "linked",
        None,
        10,
    )
    .unwrap();
    let card = queue::card(
        &store,
        &readerdesk_core::moderation::moderators::Moderator::owner(),
        &ping.items[0].id,
    )
    .unwrap();
    assert_eq!(card.kind, CommentKind::Pingback);
    let stats = newsroom::stats(&store).unwrap();
    assert_eq!(stats.imports, 1);
}

#[test]
fn importing_again_changes_nothing_and_a_newer_export_keeps_our_decisions() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("n.db")).unwrap();
    run(&store, &fixture("site-v1.xml"), false).unwrap();
    let again = run(&store, &fixture("site-v1.xml"), false).unwrap();
    assert_eq!(
        (again.articles_new, again.comments_new, again.comments_known),
        (0, 0, 4)
    );

    // A moderator rejects Mark's pending reply; the site later approves it (v2).
    let admin = moderators::add(&store, None, "Editor", Role::Admin).unwrap();
    let pending = queue::page(
        &store,
        Queue::Pending,
        &QueueFilter::default(),
        Sort::Newest,
        None,
        10,
    )
    .unwrap();
    let mark = pending
        .items
        .iter()
        .find(|i| i.author_name == "Mark")
        .unwrap()
        .id
        .clone();
    decisions::decide(
        &store,
        &admin,
        std::slice::from_ref(&mark),
        &Decision::Reject {
            reason: "Off topic".into(),
            note: None,
        },
    )
    .unwrap();
    let newer = run(&store, &fixture("site-v2.xml"), false).unwrap();
    assert_eq!(newer.comments_new, 1, "only comment 7 is new");
    let card = queue::card(
        &store,
        &readerdesk_core::moderation::moderators::Moderator::owner(),
        &mark,
    )
    .unwrap();
    assert_eq!(card.item.status, Status::Rejected, "our decision stands");
    let site: String = store
        .read(|c| {
            Ok(c.query_row(
                "SELECT site_status FROM comments WHERE id = ?1",
                [&mark],
                |r| r.get(0),
            )?)
        })
        .unwrap();
    assert_eq!(site, "1", "the site's own state is kept beside ours");
    // Mark is one author across both files (e-mail compared without case).
    let dossier = authors::dossier(
        &store,
        &readerdesk_core::moderation::moderators::Moderator::owner(),
        card.item.author_id.as_deref().unwrap(),
    )
    .unwrap();
    assert_eq!(dossier.counts.total, 2);
    // The newsroom's counts (Settings, `readerdesk stats`) are the rows', after imports and a
    // decision.
    let c = newsroom::stats(&store).unwrap().comments;
    let mut counted = [0i64; 5];
    for (i, status) in ["pending", "approved", "rejected", "spam", "trash"]
        .iter()
        .enumerate()
    {
        counted[i] = store
            .read(|conn| {
                Ok(conn.query_row(
                    "SELECT count(*) FROM comments WHERE status = ?1",
                    [status],
                    |r| r.get(0),
                )?)
            })
            .unwrap();
    }
    assert_eq!(
        [c.pending, c.approved, c.rejected, c.spam, c.trash],
        counted
    );
    assert_eq!(c.total, counted.iter().sum::<i64>());
    assert!(c.rejected >= 1, "{c:?}");
}

#[test]
fn a_banned_authors_comment_in_a_later_import_lands_rejected() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("n.db")).unwrap();
    run(&store, &fixture("site-v1.xml"), false).unwrap();
    let admin = moderators::add(&store, None, "Editor", Role::Admin).unwrap();
    let pending = queue::page(
        &store,
        Queue::Pending,
        &QueueFilter::default(),
        Sort::Newest,
        None,
        10,
    )
    .unwrap();
    let mark = pending
        .items
        .iter()
        .find(|i| i.author_name == "Mark")
        .unwrap();
    authors::set_trust(
        &store,
        &admin,
        mark.author_id.as_deref().unwrap(),
        Trust::Banned,
    )
    .unwrap();
    run(&store, &fixture("site-v2.xml"), false).unwrap();
    let hits = search::search(
        &store,
        &readerdesk_core::moderation::moderators::Moderator::owner(),
        "\"a day later\"",
        None,
        10,
    )
    .unwrap();
    assert_eq!(hits.items[0].status, Status::Rejected);
    assert_eq!(hits.items[0].reasons[0].code, "author_banned");
}

#[test]
fn strict_broken_and_cancelled_imports_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("n.db")).unwrap();
    let before = everything(&store);

    let err = run(&store, &fixture("site-v1.xml"), true).unwrap_err();
    assert_eq!(err.code(), "invalid");
    assert!(err.to_string().contains("site-v1.xml"), "{err}");
    assert!(err.to_string().contains("--strict"), "{err}");
    assert_eq!(everything(&store), before);

    let err = run(&store, &fixture("broken.xml"), false).unwrap_err();
    assert_eq!(err.code(), "invalid");
    assert!(err.to_string().contains("broken.xml line"), "{err}");
    assert_eq!(everything(&store), before);

    let cancel = AtomicBool::new(true);
    let err = comments::import(
        &store,
        &readerdesk_core::moderation::moderators::Moderator::owner(),
        &fixture("site-v1.xml"),
        None,
        false,
        &cancel,
        &mut |_| {},
    )
    .unwrap_err();
    assert_eq!(err.code(), "cancelled");
    assert_eq!(everything(&store), before);

    // And a clean run still works afterwards.
    assert_eq!(
        run(&store, &fixture("site-v1.xml"), false)
            .unwrap()
            .comments_new,
        4
    );
}

#[test]
fn files_that_are_not_wxr_are_named_for_what_they_are() {
    let dir = tempfile::tempdir().unwrap();
    for (name, text, says) in [
        ("c.json", "{\"comments\": []}", "array of comments"),
        (
            "c.csv",
            "id,author,body\n1,a,b\n",
            "header names comment_id",
        ),
        (
            "r.xml",
            "<?xml version=\"1.0\"?><rss><channel></channel></rss>",
            "neither a WordPress export",
        ),
    ] {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        let err = comments::detect(&path).unwrap_err();
        assert!(err.to_string().contains(says), "{name}: {err}");
    }
}

#[test]
fn the_shared_real_world_exports_import_and_reimport_cleanly() {
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/fixtures/wxr");
    let Ok(entries) = std::fs::read_dir(&shared) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("n.db")).unwrap();
    let mut files: Vec<PathBuf> = entries.map(|e| e.unwrap().path()).collect();
    files.sort();
    for file in files {
        let first = run(&store, &file, false).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let again = run(&store, &file, false).unwrap();
        assert_eq!(again.comments_new, 0, "{}", file.display());
        assert_eq!(
            again.comments_known,
            first.comments_new + first.comments_known,
            "{}",
            file.display()
        );
    }
    let (live, counted) = store
        .read(|c| {
            Ok((
                readerdesk_core::db::queue::counts(c)?,
                readerdesk_core::db::queue::counted(c)?,
            ))
        })
        .unwrap();
    let (mut live, mut counted) = (live, counted);
    live.sort();
    counted.sort();
    assert_eq!(live, counted);
}

#[test]
fn a_reply_before_its_parent_is_kept_and_a_chain_from_a_missing_parent_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("n.db")).unwrap();
    let summary = run(&store, &fixture("reply-first.xml"), false).unwrap();
    assert_eq!(summary.comments_new, 2, "{summary:?}");
    let reasons: Vec<(&str, &str)> = summary
        .skipped
        .iter()
        .map(|s| (s.record.as_str(), s.reason.as_str()))
        .collect();
    assert_eq!(
        reasons,
        vec![
            ("comment 12", "its parent comment 999 is not in the export"),
            ("comment 13", "its parent comment 12 could not be imported"),
        ]
    );
    assert!(summary.skipped.iter().all(|s| s.line > 0));
    let hits = search::search(
        &store,
        &readerdesk_core::moderation::moderators::Moderator::owner(),
        "\"before its parent\"",
        None,
        10,
    )
    .unwrap();
    let thread = thread::comment_thread(&store, &hits.items[0].id).unwrap();
    let shape: Vec<(u32, &str)> = thread
        .comments
        .iter()
        .map(|c| (c.depth, c.author_name.as_str()))
        .collect();
    assert_eq!(shape, vec![(0, "R10"), (1, "R11")]);
    let (live, counted) = store
        .read(|c| {
            Ok((
                readerdesk_core::db::queue::counts(c)?,
                readerdesk_core::db::queue::counted(c)?,
            ))
        })
        .unwrap();
    let (mut live, mut counted) = (live, counted);
    live.sort();
    counted.sort();
    assert_eq!(
        live, counted,
        "taking orphans back out keeps the counts true"
    );
    let fts: i64 = store
        .read(|c| {
            Ok(c.query_row(
                "SELECT count(*) FROM comments_fts WHERE comments_fts MATCH 'missing'",
                [],
                |r| r.get(0),
            )?)
        })
        .unwrap();
    assert_eq!(fts, 0, "the search index forgot them too");
}

#[test]
fn a_disqus_export_comes_in_with_deleted_posts_kept_as_trash() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("n.db")).unwrap();
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/disqus");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&fixtures)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| comments::detect(p).ok() == Some(CommentFormat::Disqus))
        .collect();
    files.sort();
    assert!(files.len() >= 3, "{files:?}");
    let mut imported = 0;
    for file in &files {
        match run(&store, file, false) {
            Ok(summary) => {
                assert!(summary.source.starts_with("disqus:"), "{}", file.display());
                imported += summary.comments_new;
                let again = run(&store, file, false).unwrap();
                assert_eq!(again.comments_new, 0, "{}", file.display());
            }
            // Deliberately broken fixtures must fail whole, naming the line.
            Err(err) => assert!(
                err.to_string().contains(" line "),
                "{}: {err}",
                file.display()
            ),
        }
    }
    assert!(imported > 0);
    let trash = queue::page(
        &store,
        Queue::Trash,
        &QueueFilter::default(),
        Sort::Newest,
        None,
        50,
    )
    .unwrap();
    assert!(
        !trash.items.is_empty(),
        "deleted posts are kept, in the trash"
    );
}

#[test]
fn csv_and_json_files_with_the_documented_columns_import_alike() {
    for (file, format) in [
        ("comments.csv", CommentFormat::Csv),
        ("comments.json", CommentFormat::Json),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("n.db")).unwrap();
        assert_eq!(comments::detect(&fixture(file)).unwrap(), format, "{file}");
        let summary = run(&store, &fixture(file), false).unwrap();
        assert_eq!(
            summary.source,
            format!("{}:csv.example", format.as_str()),
            "{file}"
        );
        assert_eq!(summary.articles_new, 2, "{file}");
        assert_eq!(summary.comments_new, 3, "{file}: {summary:?}");
        assert_eq!(
            (
                summary.new_by_status.approved,
                summary.new_by_status.pending,
                summary.new_by_status.spam
            ),
            (1, 1, 1),
            "{file}"
        );
        let fields: Vec<&str> = summary.skipped.iter().map(|s| s.field.as_str()).collect();
        // The CSV's last row is cut short after its article: read with the missing cells empty,
        // it is refused for the first one a comment needs.
        let expected: &[&str] = if format == CommentFormat::Csv {
            &["created", "status", "author"]
        } else {
            &["created", "status"]
        };
        assert_eq!(fields, expected, "{file}");
        assert!(
            summary.skipped.iter().all(|s| s.line > 0),
            "{file}: {:?}",
            summary.skipped
        );
        let hits = search::search(
            &store,
            &readerdesk_core::moderation::moderators::Moderator::owner(),
            "HYPERLINK",
            None,
            10,
        )
        .unwrap();
        let card = queue::card(
            &store,
            &readerdesk_core::moderation::moderators::Moderator::owner(),
            &hits.items[0].id,
        )
        .unwrap();
        assert!(
            card.body
                .starts_with("=HYPERLINK(\"http://evil.example\") stays text\nsecond line"),
            "{file}"
        );
        let thread = thread::comment_thread(&store, &hits.items[0].id).unwrap();
        assert_eq!(thread.comments[0].author_name, "Оксана Литвин", "{file}");
        assert_eq!(thread.comments[1].depth, 1, "{file}");
        let again = run(&store, &fixture(file), false).unwrap();
        assert_eq!((again.comments_new, again.comments_known), (0, 3), "{file}");
    }
}

#[test]
fn an_unrecognized_csv_header_is_an_error_that_lists_the_columns() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("n.db")).unwrap();
    let before = everything(&store);
    let err = comments::import(
        &store,
        &readerdesk_core::moderation::moderators::Moderator::owner(),
        &fixture("bad-header.csv"),
        Some(CommentFormat::Csv),
        false,
        &AtomicBool::new(false),
        &mut |_| {},
    )
    .unwrap_err();
    let message = err.to_string();
    assert!(message.contains("bad-header.csv line 1"), "{message}");
    assert!(
        message.contains("lacks comment_id, article_id, author, created"),
        "{message}"
    );
    assert_eq!(everything(&store), before);
    let path = dir.path().join("not-array.json");
    std::fs::write(&path, "{\"comment_id\": 1}").unwrap();
    let err = comments::import(
        &store,
        &readerdesk_core::moderation::moderators::Moderator::owner(),
        &path,
        Some(CommentFormat::Json),
        false,
        &AtomicBool::new(false),
        &mut |_| {},
    )
    .unwrap_err();
    assert!(
        err.to_string().contains("one array of comment objects"),
        "{err}"
    );
    assert_eq!(everything(&store), before);
}
