//! Moderation on a real database file: queues and their live counts under random decision
//! sequences, paging, filters, undo, flags, roles, search, dossiers, routing and the audit log.
use std::collections::HashSet;

use chrono::NaiveDate;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use readerdesk_core::db::comments::NewComment;
use readerdesk_core::db::newsroom::{NewArticle, NewAuthor};
use readerdesk_core::db::{self, Store};
use readerdesk_core::model::{CommentKind, Queue, Role, Sort, Status, Trust};
use readerdesk_core::moderation::decisions::{self, Decision};
use readerdesk_core::moderation::moderators::{self, Moderator};
use readerdesk_core::moderation::queue::{self, QueueFilter};
use readerdesk_core::moderation::{audit, authors, intake, search, thread};
use readerdesk_core::{demo, newsroom};

/// One article ("A") for tests that write their own comments.
fn article_a(tx: &readerdesk_core::rusqlite::Connection) -> readerdesk_core::error::Result<String> {
    db::newsroom::insert_article(
        tx,
        &NewArticle {
            source: "t",
            external_id: "a",
            title: "A",
            url: None,
            published_at: None,
            import_id: None,
        },
    )
}

fn demo_store(dir: &tempfile::TempDir) -> Store {
    let store = Store::open(&dir.path().join("demo.db")).unwrap();
    demo::build(&store, NaiveDate::from_ymd_opt(2026, 11, 27).unwrap()).unwrap();
    store
}

fn signed_in(store: &Store, role: Role) -> Moderator {
    moderators::list(store)
        .unwrap()
        .into_iter()
        .find(|m| m.role == role)
        .unwrap()
}

fn all_ids(store: &Store, queue: Queue, sort: Sort, filter: &QueueFilter) -> Vec<String> {
    let mut ids = Vec::new();
    let mut cursor = None;
    loop {
        let page = queue::page(store, queue, filter, sort, cursor.as_ref(), 37).unwrap();
        ids.extend(page.items.into_iter().map(|i| i.id));
        match page.next {
            Some(next) => cursor = Some(next),
            None => return ids,
        }
    }
}

fn assert_counts_true(store: &Store) {
    let (live, counted) = store
        .read(|conn| Ok((db::queue::counts(conn)?, db::queue::counted(conn)?)))
        .unwrap();
    let mut live = live;
    live.sort();
    let mut counted = counted;
    counted.sort();
    assert_eq!(live, counted, "live queue counts drifted from the rows");
    let log = store
        .read(|conn| db::decisions::disagreements(conn))
        .unwrap();
    assert!(log.is_empty(), "statuses disagree with the log: {log:?}");
    assert_reasons_true(store);
}

/// The reason index holds exactly each comment's hold reasons and open flags under its status
/// and priority, plus a copy under 'flagged' for each comment in the Flagged queue. Returns
/// how many such copies there are.
fn assert_reasons_true(store: &Store) -> usize {
    type Row = (String, String, i64, String, i64);
    let read = |sql: &str| -> Vec<Row> {
        store
            .read(|conn| {
                let mut stmt = conn.prepare(sql)?;
                let rows = stmt
                    .query_map([], |r| {
                        Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
                    })?
                    .collect::<Result<Vec<Row>, _>>()?;
                Ok(rows)
            })
            .unwrap()
    };
    let expected = read(
        "WITH base AS (
             SELECT json_extract(h.value, '$.code') AS code, c.status, c.priority,
                    c.created_at, c.seq
             FROM comments c, json_each(c.hold_reasons) h
             WHERE json_extract(h.value, '$.code') IS NOT NULL
             UNION
             SELECT 'flag:' || f.reason, c.status, c.priority, c.created_at, c.seq
             FROM comments c JOIN flags f ON f.comment_id = c.id AND f.resolved_at IS NULL)
         SELECT * FROM base
         UNION
         SELECT b.code, 'flagged', b.priority, b.created_at, b.seq
         FROM base b JOIN comments c ON c.seq = b.seq
         WHERE c.open_flags > 0 AND c.status IN ('pending', 'approved')
         ORDER BY 1, 2, 3, 4, 5",
    );
    let stored = read(
        "SELECT code, status, priority, created_at, seq FROM comment_reasons
         ORDER BY 1, 2, 3, 4, 5",
    );
    assert_eq!(
        stored, expected,
        "the reason index drifted from the comments"
    );
    stored.iter().filter(|r| r.1 == "flagged").count()
}

#[test]
fn counts_equal_rows_under_random_decision_sequences() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo_store(&dir);
    assert_counts_true(&store);
    assert!(
        assert_reasons_true(&store) > 0,
        "the demo has flagged comments"
    );
    let mods: Vec<Moderator> = moderators::list(&store)
        .unwrap()
        .into_iter()
        .filter(|m| m.can_moderate())
        .collect();
    let every: Vec<String> = Queue::ALL
        .iter()
        .filter(|q| **q != Queue::Flagged)
        .flat_map(|q| all_ids(&store, *q, Sort::Newest, &QueueFilter::default()))
        .collect();
    for seed in 0..6u64 {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        for _ in 0..40 {
            let moderator = &mods[rng.random_range(0..mods.len())];
            let n = rng.random_range(1..6);
            let ids: Vec<String> = (0..n)
                .map(|_| every[rng.random_range(0..every.len())].clone())
                .collect::<HashSet<_>>()
                .into_iter()
                .collect();
            let decision = match rng.random_range(0..8) {
                0 => Decision::Approve,
                1 => Decision::Reject {
                    reason: "Off topic".into(),
                    note: Some("random".into()),
                },
                2 => Decision::Spam,
                3 => Decision::Flag {
                    reason: "Check the facts".into(),
                    note: None,
                },
                4 => Decision::Trash,
                5 => Decision::Restore,
                _ => {
                    decisions::undo_last(&store, moderator).unwrap();
                    assert_counts_true(&store);
                    continue;
                }
            };
            if rng.random_bool(0.1) {
                let queue = Queue::ALL[rng.random_range(0..Queue::ALL.len())];
                let _ = decisions::decide_filtered(
                    &store,
                    moderator,
                    queue,
                    &QueueFilter {
                        author_id: None,
                        from_day: Some("2026-11-20".into()),
                        ..Default::default()
                    },
                    &decision,
                    None,
                );
            } else {
                decisions::decide(&store, moderator, &ids, &decision).unwrap();
            }
            assert_counts_true(&store);
        }
    }
}

#[test]
fn upgrading_gives_the_flagged_queue_its_copies_in_the_reason_index() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo_store(&dir);
    let copies = assert_reasons_true(&store);
    assert!(copies > 0, "the demo has flagged comments with reasons");
    drop(store);
    // Put the file back as version 9 left it: no copies, the trigger that ignored them.
    let conn = readerdesk_core::rusqlite::Connection::open(dir.path().join("demo.db")).unwrap();
    conn.execute_batch(
        "DELETE FROM comment_reasons WHERE status = 'flagged';
         DROP TRIGGER comments_reasons_flagged;
         DROP TRIGGER comments_reasons_follow;
         CREATE TRIGGER comments_reasons_follow AFTER UPDATE OF status, priority ON comments BEGIN
             UPDATE comment_reasons SET status = new.status, priority = new.priority
             WHERE seq = new.seq;
         END;
         PRAGMA user_version = 9;",
    )
    .unwrap();
    drop(conn);
    let store = Store::open(&dir.path().join("demo.db")).unwrap();
    assert_eq!(store.open_report().migrated_from, Some(9));
    assert_eq!(assert_reasons_true(&store), copies);
}

#[test]
fn pages_cover_a_queue_once_in_every_sort_and_filters_narrow_it() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo_store(&dir);
    let counts = queue::counts(&store).unwrap();
    for sort in Sort::ALL {
        let ids = all_ids(&store, Queue::Approved, *sort, &QueueFilter::default());
        assert_eq!(ids.len() as i64, counts.approved, "{sort}");
        assert_eq!(
            ids.iter().collect::<HashSet<_>>().len(),
            ids.len(),
            "no repeats"
        );
    }
    let newest = all_ids(
        &store,
        Queue::Pending,
        Sort::Newest,
        &QueueFilter::default(),
    );
    let mut oldest = all_ids(
        &store,
        Queue::Pending,
        Sort::Oldest,
        &QueueFilter::default(),
    );
    oldest.reverse();
    assert_eq!(newest, oldest);
    // Priority: flagged and held comments come first.
    let first = queue::page(
        &store,
        Queue::Pending,
        &QueueFilter::default(),
        Sort::Priority,
        None,
        5,
    )
    .unwrap();
    assert!(first.items[0].open_flags > 0 || !first.items[0].reasons.is_empty());

    let article = &queue::page(
        &store,
        Queue::Approved,
        &QueueFilter::default(),
        Sort::Newest,
        None,
        1,
    )
    .unwrap()
    .items[0];
    let by_article = QueueFilter {
        article_id: Some(article.article_id.clone()),
        ..Default::default()
    };
    let page = queue::page(
        &store,
        Queue::Approved,
        &by_article,
        Sort::Newest,
        None,
        200,
    )
    .unwrap();
    assert!(page
        .items
        .iter()
        .all(|i| i.article_id == article.article_id));
    assert_eq!(
        page.items.len() as i64,
        queue::filtered_count(&store, Queue::Approved, &by_article).unwrap()
    );
    let by_day = QueueFilter {
        from_day: Some("2026-11-20".into()),
        to_day: Some("2026-11-24".into()),
        ..Default::default()
    };
    let page = queue::page(&store, Queue::Approved, &by_day, Sort::Oldest, None, 200).unwrap();
    assert!(!page.items.is_empty());
    // Priority within a date range pages level by level; every row once, none outside.
    for queue_kind in [Queue::Approved, Queue::Pending] {
        let by_priority = all_ids(&store, queue_kind, Sort::Priority, &by_day);
        let by_date = all_ids(&store, queue_kind, Sort::Newest, &by_day);
        assert_eq!(by_priority.len(), by_date.len(), "{queue_kind}");
        let a: HashSet<_> = by_priority.iter().collect();
        let b: HashSet<_> = by_date.iter().collect();
        assert_eq!(a, b, "{queue_kind}");
    }
    // Kyiv is UTC+2 in November: the 20th starts at 22:00 UTC on the 19th.
    assert!(page
        .items
        .iter()
        .all(|i| i.created_at.as_str() >= "2026-11-19T22:00:00"
            && i.created_at.as_str() < "2026-11-24T22:00:00"));

    let reasons = queue::reasons_in_use(&store).unwrap();
    let flag = reasons
        .iter()
        .find(|r| r.code.starts_with("flag:"))
        .unwrap();
    let by_reason = QueueFilter {
        reason: Some(flag.code.clone()),
        ..Default::default()
    };
    let flagged = all_ids(&store, Queue::Flagged, Sort::Newest, &by_reason);
    assert!(!flagged.is_empty());
    // Exactly the Flagged queue's comments that carry the reason, in every order.
    let carrying: HashSet<String> = all_ids(
        &store,
        Queue::Flagged,
        Sort::Newest,
        &QueueFilter::default(),
    )
    .into_iter()
    .filter(|id| {
        let card = queue::card(&store, &Moderator::owner(), id).unwrap();
        card.item.reasons.iter().any(|r| r.code == flag.code)
    })
    .collect();
    for sort in [Sort::Newest, Sort::Oldest, Sort::Priority] {
        let ids = all_ids(&store, Queue::Flagged, sort, &by_reason);
        assert_eq!(ids.len(), carrying.len(), "{sort:?}");
        assert_eq!(
            ids.into_iter().collect::<HashSet<_>>(),
            carrying,
            "{sort:?}"
        );
    }
    let bad = QueueFilter {
        from_day: Some("20/11/2026".into()),
        ..Default::default()
    };
    let err = queue::page(&store, Queue::Pending, &bad, Sort::Newest, None, 10).unwrap_err();
    assert_eq!(err.code(), "invalid");
    assert!(err.to_string().contains("from"), "{err}");
}

#[test]
fn a_bulk_decision_is_one_undo_step_and_undo_says_what_it_did() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo_store(&dir);
    let olena = signed_in(&store, Role::Admin);
    let pending = all_ids(
        &store,
        Queue::Pending,
        Sort::Newest,
        &QueueFilter::default(),
    );
    let before = queue::counts(&store).unwrap();

    let first = decisions::decide(
        &store,
        &olena,
        &pending[..12],
        &Decision::Reject {
            reason: "Off topic".into(),
            note: None,
        },
    )
    .unwrap();
    assert_eq!(first.changed, 12);
    assert_eq!(first.message, "Rejected 12 comments");
    let second = decisions::decide(&store, &olena, &pending[12..13], &Decision::Approve).unwrap();
    assert_eq!(second.message, "Approved 1 comment");
    let again = decisions::decide(&store, &olena, &pending[12..13], &Decision::Approve).unwrap();
    assert_eq!(again.changed, 0);
    assert_eq!(again.message, "Approved 0 comments (1 already was)");

    let undo = decisions::undo_last(&store, &olena).unwrap().unwrap();
    assert_eq!(undo.message, "Restored 1 comment to Pending");
    let undo = decisions::undo_last(&store, &olena).unwrap().unwrap();
    assert_eq!(undo.message, "Restored 12 comments to Pending");
    assert_eq!(queue::counts(&store).unwrap(), before);
    assert_counts_true(&store);

    // Another moderator's undo does not touch Olena's decisions.
    let sam = signed_in(&store, Role::Moderator);
    decisions::decide(&store, &olena, &pending[..2], &Decision::Spam).unwrap();
    let sams = decisions::undo_last(&store, &sam).unwrap().unwrap();
    assert!(!sams.message.contains("to Spam"), "{}", sams.message);
    // A comment changed after the decision is left alone by its undo.
    decisions::decide(&store, &sam, &pending[..1], &Decision::Approve).unwrap();
    let undo = decisions::undo_last(&store, &olena).unwrap().unwrap();
    assert_eq!(
        undo.message,
        "Restored 1 comment to Pending (1 comment was changed since and left as it was)"
    );
    assert_eq!(
        store
            .read(|c| db::moderation::status_of(c, &pending[0]))
            .unwrap(),
        Status::Approved
    );
    assert_counts_true(&store);
}

#[test]
fn flags_fill_the_flagged_queue_until_a_decision_settles_them() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo_store(&dir);
    let sam = signed_in(&store, Role::Moderator);
    let approved = all_ids(
        &store,
        Queue::Approved,
        Sort::Newest,
        &QueueFilter::default(),
    );
    let plain = approved
        .iter()
        .find(|id| {
            queue::card(
                &store,
                &readerdesk_core::moderation::moderators::Moderator::owner(),
                id,
            )
            .unwrap()
            .item
            .open_flags
                == 0
        })
        .unwrap()
        .clone();
    let before = queue::counts(&store).unwrap().flagged;
    let out = decisions::decide(
        &store,
        &sam,
        std::slice::from_ref(&plain),
        &Decision::Flag {
            reason: "Possible legal issue".into(),
            note: Some("names a private person".into()),
        },
    )
    .unwrap();
    assert_eq!(out.message, "Flagged 1 comment");
    assert_eq!(queue::counts(&store).unwrap().flagged, before + 1);
    let card = queue::card(
        &store,
        &readerdesk_core::moderation::moderators::Moderator::owner(),
        &plain,
    )
    .unwrap();
    assert_eq!(card.flags[0].reason, "Possible legal issue");
    assert_eq!(card.flags[0].by.as_deref(), Some(sam.name.as_str()));
    assert!(card
        .item
        .reasons
        .iter()
        .any(|r| r.label == "Flag: Possible legal issue"));

    decisions::decide(
        &store,
        &sam,
        std::slice::from_ref(&plain),
        &Decision::Reject {
            reason: "Personal information".into(),
            note: None,
        },
    )
    .unwrap();
    assert_eq!(queue::counts(&store).unwrap().flagged, before);
    assert!(
        !queue::card(
            &store,
            &readerdesk_core::moderation::moderators::Moderator::owner(),
            &plain
        )
        .unwrap()
        .flags[0]
            .open
    );
    // Undo of the reject opens the flag again; undo of the flag withdraws it.
    decisions::undo_last(&store, &sam).unwrap();
    assert_eq!(queue::counts(&store).unwrap().flagged, before + 1);
    let undo = decisions::undo_last(&store, &sam).unwrap().unwrap();
    assert_eq!(undo.message, "Removed the flag from 1 comment");
    assert_eq!(queue::counts(&store).unwrap().flagged, before);
    assert_counts_true(&store);
}

#[test]
fn editors_read_but_cannot_moderate() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo_store(&dir);
    let dana = signed_in(&store, Role::Editor);
    let pending = all_ids(
        &store,
        Queue::Pending,
        Sort::Newest,
        &QueueFilter::default(),
    );
    let err = decisions::decide(&store, &dana, &pending[..1], &Decision::Approve).unwrap_err();
    assert_eq!(err.code(), "forbidden");
    assert!(err.to_string().contains("editor"), "{err}");
    assert_eq!(
        decisions::undo_last(&store, &dana).unwrap_err().code(),
        "forbidden"
    );
    assert!(
        queue::card(
            &store,
            &readerdesk_core::moderation::moderators::Moderator::owner(),
            &pending[0]
        )
        .is_ok(),
        "editors can read"
    );
    let err = moderators::add(&store, Some(&dana), "Intern", Role::Moderator).unwrap_err();
    assert_eq!(err.code(), "forbidden");
}

#[test]
fn the_first_profile_is_an_admin_and_names_are_unique() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("new.db")).unwrap();
    let first = moderators::add(&store, None, "  Iryna  ", Role::Editor).unwrap();
    assert_eq!((first.name.as_str(), first.role), ("Iryna", Role::Admin));
    assert_eq!(
        moderators::add(&store, None, "Tom", Role::Moderator)
            .unwrap_err()
            .code(),
        "forbidden"
    );
    let tom = moderators::add(&store, Some(&first), "Tom", Role::Moderator).unwrap();
    assert_eq!(tom.role, Role::Moderator);
    let err = moderators::add(&store, Some(&first), "tom", Role::Editor).unwrap_err();
    assert!(err.to_string().contains("already a profile"), "{err}");
}

#[test]
fn search_finds_cyrillic_latin_and_filters_and_never_breaks_on_syntax() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo_store(&dir);
    let hits = search::search(
        &store,
        &readerdesk_core::moderation::moderators::Moderator::owner(),
        "Микола",
        None,
        50,
    )
    .unwrap();
    assert_eq!(hits.items.len(), 1);
    assert_eq!(hits.items[0].author_name, "Микола Данчук");
    let hits = search::search(
        &store,
        &readerdesk_core::moderation::moderators::Moderator::owner(),
        "author:laker48 NATO",
        None,
        50,
    )
    .unwrap();
    assert_eq!(hits.items.len(), 2);
    let hits = search::search(
        &store,
        &readerdesk_core::moderation::moderators::Moderator::owner(),
        "дякую status:approved",
        None,
        50,
    )
    .unwrap();
    assert!(!hits.items.is_empty());
    assert!(hits.items.iter().all(|i| i.status == Status::Approved));
    let hits = search::search(
        &store,
        &readerdesk_core::moderation::moderators::Moderator::owner(),
        "zoe",
        None,
        50,
    )
    .unwrap();
    assert!(
        hits.items.iter().any(|i| i.author_name == "Zoë Richter"),
        "diacritics fold"
    );
    let email = "laker48@example.net";
    let hits = search::search(
        &store,
        &readerdesk_core::moderation::moderators::Moderator::owner(),
        &format!("email:{email}"),
        None,
        50,
    )
    .unwrap();
    assert_eq!(hits.items.len(), 2);
    let hits = search::search(
        &store,
        &readerdesk_core::moderation::moderators::Moderator::owner(),
        "ip:198.51.100. after:2026-11-01",
        None,
        500,
    )
    .unwrap();
    assert!(!hits.items.is_empty());
    for query in ["NEAR(", "\"", "a OR", "*", "body:", "-x", "^", "col:(x)"] {
        match search::search(
            &store,
            &readerdesk_core::moderation::moderators::Moderator::owner(),
            query,
            None,
            10,
        ) {
            Ok(_) => {}
            Err(err) => assert_eq!(err.code(), "invalid", "{query}: {err}"),
        }
    }
    // Paging by arrival.
    let first = search::search(
        &store,
        &readerdesk_core::moderation::moderators::Moderator::owner(),
        "the",
        None,
        5,
    )
    .unwrap();
    let next = search::search(
        &store,
        &readerdesk_core::moderation::moderators::Moderator::owner(),
        "the",
        first.next,
        5,
    )
    .unwrap();
    assert!(first
        .items
        .iter()
        .all(|a| next.items.iter().all(|b| a.id != b.id)));
}

#[test]
fn the_dossier_counts_and_reject_all_is_one_undo_step() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo_store(&dir);
    let sam = signed_in(&store, Role::Moderator);
    let pending = queue::page(
        &store,
        Queue::Pending,
        &QueueFilter::default(),
        Sort::Newest,
        None,
        200,
    )
    .unwrap();
    let author_id = pending
        .items
        .iter()
        .find_map(|i| i.author_id.clone())
        .unwrap();
    let dossier = authors::dossier(
        &store,
        &readerdesk_core::moderation::moderators::Moderator::owner(),
        &author_id,
    )
    .unwrap();
    assert!(dossier.counts.pending >= 1);
    assert_eq!(dossier.counts.total, dossier.comments.items.len() as i64);
    assert!(!dossier.emails.is_empty() && !dossier.ips.is_empty());

    let out = authors::reject_all_pending(
        &store,
        &sam,
        &author_id,
        "Author's comments rejected together",
    )
    .unwrap();
    assert_eq!(out.changed, dossier.counts.pending);
    assert_eq!(
        authors::dossier(
            &store,
            &readerdesk_core::moderation::moderators::Moderator::owner(),
            &author_id
        )
        .unwrap()
        .counts
        .pending,
        0
    );
    decisions::undo_last(&store, &sam).unwrap();
    assert_eq!(
        authors::dossier(
            &store,
            &readerdesk_core::moderation::moderators::Moderator::owner(),
            &author_id
        )
        .unwrap()
        .counts
        .pending,
        dossier.counts.pending
    );

    authors::set_trust(&store, &sam, &author_id, Trust::Banned).unwrap();
    authors::set_notes(&store, &sam, &author_id, "Warned twice by e-mail").unwrap();
    let banned = authors::dossier(
        &store,
        &readerdesk_core::moderation::moderators::Moderator::owner(),
        &author_id,
    )
    .unwrap();
    assert_eq!(banned.trust, Trust::Banned);
    assert_eq!(banned.notes, "Warned twice by e-mail");
}

#[test]
fn a_banned_or_premoderated_authors_new_comment_lands_in_the_right_queue() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("routing.db")).unwrap();
    newsroom::start_empty(&store).unwrap();
    let statuses = store
        .write(|tx| {
            let article = article_a(tx)?;
            let mut out = Vec::new();
            for (n, trust) in [Trust::Banned, Trust::Premod, Trust::Normal]
                .into_iter()
                .enumerate()
            {
                let name = format!("author {n}");
                let author = db::newsroom::insert_author(
                    tx,
                    &NewAuthor {
                        source: "t",
                        external_id: &name,
                        name: &name,
                        email: None,
                        url: None,
                        first_seen_at: "2026-01-01T00:00:00.000000Z",
                        trust,
                    },
                )?;
                let external = format!("c{n}");
                let (id, _) = intake::add_comment(
                    tx,
                    &NewComment {
                        source: "t",
                        external_id: &external,
                        article_id: &article,
                        parent_id: None,
                        author_id: Some(&author),
                        author_name: &name,
                        author_email: None,
                        author_url: None,
                        author_ip: None,
                        body: "hello",
                        kind: CommentKind::Comment,
                        created_at: "2026-01-02T00:00:00.000000Z",
                        received_at: "2026-01-02T00:00:00.000000Z",
                        status: Status::Approved,
                        site_status: Some("approved"),
                        hold_reasons: "[]",
                        import_id: None,
                    },
                )?;
                out.push(id);
            }
            Ok(out)
        })
        .unwrap();
    let cards: Vec<_> = statuses
        .iter()
        .map(|id| {
            queue::card(
                &store,
                &readerdesk_core::moderation::moderators::Moderator::owner(),
                id,
            )
            .unwrap()
        })
        .collect();
    assert_eq!(cards[0].item.status, Status::Rejected);
    assert_eq!(cards[0].item.reasons[0].label, "Banned author");
    assert_eq!(cards[1].item.status, Status::Pending);
    assert_eq!(cards[1].item.reasons[0].code, "author_premod");
    assert_eq!(cards[2].item.status, Status::Approved);
    let by_reason = QueueFilter {
        reason: Some("author_premod".into()),
        ..Default::default()
    };
    assert_eq!(
        all_ids(&store, Queue::Pending, Sort::Newest, &by_reason),
        vec![statuses[1].clone()]
    );
    assert_counts_true(&store);
}

#[test]
fn a_comment_opens_inside_its_thread() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo_store(&dir);
    let hits = search::search(
        &store,
        &readerdesk_core::moderation::moderators::Moderator::owner(),
        "Микола",
        None,
        1,
    )
    .unwrap();
    let reply = &hits.items[0];
    let thread = thread::comment_thread(&store, &reply.id).unwrap();
    let shape: Vec<(u32, &str)> = thread
        .comments
        .iter()
        .map(|c| (c.depth, c.author_name.as_str()))
        .collect();
    assert_eq!(shape, vec![(0, "laker48"), (1, "Микола Данчук")]);
    assert_eq!(thread.focus_id, reply.id);
    assert!(thread.article_title.starts_with("NATO supports"));
    assert_eq!(
        thread::comment_thread(&store, "nope").unwrap_err().code(),
        "not_found"
    );
}

#[test]
fn the_audit_log_filters_and_exports_csv() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo_store(&dir);
    let olena = signed_in(&store, Role::Admin);
    let pending = all_ids(
        &store,
        Queue::Pending,
        Sort::Newest,
        &QueueFilter::default(),
    );
    decisions::decide(
        &store,
        &olena,
        &pending[..3],
        &Decision::Reject {
            reason: "=cmd|' /C calc'!A0".into(),
            note: Some("formula-looking reason".into()),
        },
    )
    .unwrap();
    let query = audit::AuditQuery {
        moderator_id: Some(olena.id.clone()),
        action: Some(readerdesk_core::model::Action::Reject),
        ..Default::default()
    };
    let page = audit::page(&store, &query, None, 500).unwrap();
    assert!(page
        .entries
        .iter()
        .all(|e| e.moderator == olena.name && e.action == "reject"));
    assert!(page.entries.len() >= 3);
    let path = dir.path().join("audit.csv");
    let written = audit::export_csv(&store, &query, &path).unwrap();
    assert_eq!(written, page.entries.len() as i64);
    let text = std::fs::read_to_string(&path).unwrap();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    assert_eq!(reader.headers().unwrap().get(2), Some("moderator"));
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len() as i64, written);
    assert_eq!(
        rows[0].get(7),
        Some("'=cmd|' /C calc'!A0"),
        "formulas are defused"
    );
    let all = audit::page(&store, &audit::AuditQuery::default(), None, 100).unwrap();
    assert!(all.next.is_some(), "the demo log spans pages");
}

#[test]
fn date_bounded_search_finds_exactly_the_comments_in_range() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo_store(&dir);
    // The demo's arrival order (seq) is not its time order, so seq bounds must stay safe.
    let brute = |from: &str, to: &str, status: &str| -> HashSet<String> {
        store
            .read(|conn| {
                let mut stmt = conn.prepare(
                    "SELECT id FROM comments WHERE created_at >= ?1 AND created_at < ?2 AND status = ?3",
                )?;
                let ids = stmt
                    .query_map([from, to, status], |r| r.get::<_, String>(0))?
                    .collect::<readerdesk_core::rusqlite::Result<HashSet<_>>>()?;
                Ok(ids)
            })
            .unwrap()
    };
    let walk = |query: &str| -> HashSet<String> {
        let mut out = HashSet::new();
        let mut before = None;
        loop {
            let page = search::search(
                &store,
                &readerdesk_core::moderation::moderators::Moderator::owner(),
                query,
                before,
                7,
            )
            .unwrap();
            out.extend(page.items.into_iter().map(|i| i.id));
            match page.next {
                Some(next) => before = Some(next),
                None => return out,
            }
        }
    };
    // Kyiv is UTC+2: "after:2026-11-10" starts at 2026-11-10T22:00Z, "before:2026-11-20" ends
    // at 2026-11-19T22:00Z.
    let found = walk("status:approved after:2026-11-10 before:2026-11-20");
    let expected = brute("2026-11-10T22:00:00", "2026-11-19T22:00:00", "approved");
    assert!(!expected.is_empty());
    assert_eq!(found, expected);
    let with_word = walk("the status:approved before:2026-11-20");
    assert!(with_word.is_subset(&brute("0000", "2026-11-19T22:00:00", "approved")));
    assert!(!with_word.is_empty());
}

#[test]
fn approving_a_flagged_approved_comment_settles_its_flags() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo_store(&dir);
    let sam = signed_in(&store, Role::Moderator);
    let flagged = all_ids(
        &store,
        Queue::Flagged,
        Sort::Newest,
        &QueueFilter::default(),
    );
    let approved_flagged = flagged
        .iter()
        .find(|id| status_of(&store, id) == Status::Approved)
        .unwrap()
        .clone();
    let before = queue::counts(&store).unwrap().flagged;
    let out = decisions::decide(
        &store,
        &sam,
        std::slice::from_ref(&approved_flagged),
        &Decision::Approve,
    )
    .unwrap();
    assert_eq!(out.changed, 1);
    assert_eq!(queue::counts(&store).unwrap().flagged, before - 1);
    let undo = decisions::undo_last(&store, &sam).unwrap().unwrap();
    assert_eq!(undo.message, "Opened the flags on 1 comment again");
    assert_eq!(queue::counts(&store).unwrap().flagged, before);
    assert_counts_true(&store);
}

fn status_of(store: &Store, id: &str) -> Status {
    store.read(|c| db::moderation::status_of(c, id)).unwrap()
}

#[test]
fn undo_leaves_alone_what_others_changed_since_and_withdrawn_flags_stay_withdrawn() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo_store(&dir);
    let olena = signed_in(&store, Role::Admin);
    let sam = signed_in(&store, Role::Moderator);
    let pending = all_ids(
        &store,
        Queue::Pending,
        Sort::Oldest,
        &QueueFilter::default(),
    );
    let plain: Vec<String> = pending
        .iter()
        .filter(|id| {
            queue::card(
                &store,
                &readerdesk_core::moderation::moderators::Moderator::owner(),
                id,
            )
            .unwrap()
            .item
            .open_flags
                == 0
        })
        .take(3)
        .cloned()
        .collect();
    let flagged_count = || queue::counts(&store).unwrap().flagged;

    // Olena flags C; Sam approves C (settling the flag); Olena withdraws her flag; Sam undoes
    // his approval: the withdrawn flag must not come back.
    let c = std::slice::from_ref(&plain[0]);
    let base = flagged_count();
    decisions::decide(
        &store,
        &olena,
        c,
        &Decision::Flag {
            reason: "Check the facts".into(),
            note: None,
        },
    )
    .unwrap();
    decisions::decide(&store, &sam, c, &Decision::Approve).unwrap();
    decisions::undo_last(&store, &olena).unwrap();
    decisions::undo_last(&store, &sam).unwrap();
    assert_eq!(status_of(&store, &plain[0]), Status::Pending);
    assert_eq!(flagged_count(), base, "the withdrawn flag stayed withdrawn");

    // Olena rejects D; Sam approves D then rejects it again (same status, later decision);
    // Olena's undo leaves D alone.
    let d = std::slice::from_ref(&plain[1]);
    let reject = Decision::Reject {
        reason: "Off topic".into(),
        note: None,
    };
    decisions::decide(&store, &olena, d, &reject).unwrap();
    decisions::decide(&store, &sam, d, &Decision::Approve).unwrap();
    decisions::decide(&store, &sam, d, &reject).unwrap();
    let undo = decisions::undo_last(&store, &olena).unwrap().unwrap();
    assert!(undo.message.contains("changed since"), "{}", undo.message);
    assert_eq!(status_of(&store, &plain[1]), Status::Rejected);

    // E approved, then spam by Sam, then Olena's undo is a no-op on E: Restore goes back to
    // Approved (the status before the last real change), not Pending.
    let e = std::slice::from_ref(&plain[2]);
    decisions::decide(&store, &olena, e, &Decision::Approve).unwrap();
    decisions::decide(&store, &sam, e, &Decision::Spam).unwrap();
    decisions::undo_last(&store, &olena).unwrap();
    decisions::decide(&store, &sam, e, &Decision::Restore).unwrap();
    assert_eq!(status_of(&store, &plain[2]), Status::Approved);
    assert_counts_true(&store);
}

#[test]
fn a_filter_decision_refuses_when_the_filter_changed_since_it_was_confirmed() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo_store(&dir);
    let sam = signed_in(&store, Role::Moderator);
    let all = QueueFilter::default();
    let n = queue::filtered_count(&store, Queue::Pending, &all).unwrap();
    let before = queue::counts(&store).unwrap();
    let err = decisions::decide_filtered(
        &store,
        &sam,
        Queue::Pending,
        &all,
        &Decision::Spam,
        Some(n - 1),
    )
    .unwrap_err();
    assert_eq!(err.code(), "invalid");
    assert!(
        err.to_string()
            .contains(&format!("now matches {n} comments")),
        "{err}"
    );
    assert_eq!(queue::counts(&store).unwrap(), before, "nothing changed");
    let out =
        decisions::decide_filtered(&store, &sam, Queue::Pending, &all, &Decision::Spam, Some(n))
            .unwrap();
    assert_eq!(out.changed, n);
}

#[test]
fn a_search_with_words_and_an_address_finds_the_same_whichever_side_leads() {
    // The search is led by the address when it holds at most 1,000 comments, else by the
    // words: both ways must find exactly the comments that have the word and the address.
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("lead.db")).unwrap();
    newsroom::start_empty(&store).unwrap();
    let crowded = 1_100;
    store
        .write(|tx| {
            let article = article_a(tx)?;
            for n in 0..crowded + 40 {
                let (ip, email) = if n < crowded {
                    ("203.0.113.7", "crowd@example.org")
                } else {
                    ("192.0.2.9", "few@example.org")
                };
                let external = format!("c{n}");
                let body = if n % 3 == 0 { "apple pie" } else { "pear tart" };
                let created = format!("2026-01-{:02}T{:02}:00:00.000000Z", 1 + n % 28, n % 24);
                intake::add_comment(
                    tx,
                    &NewComment {
                        source: "t",
                        external_id: &external,
                        article_id: &article,
                        parent_id: None,
                        author_id: None,
                        author_name: "Reader",
                        author_email: Some(email),
                        author_url: None,
                        author_ip: Some(ip),
                        body,
                        kind: CommentKind::Comment,
                        created_at: &created,
                        received_at: &created,
                        status: Status::Approved,
                        site_status: None,
                        hold_reasons: "[]",
                        import_id: None,
                    },
                )?;
            }
            Ok(())
        })
        .unwrap();
    let brute = |column: &str, value: &str| -> HashSet<String> {
        store
            .read(|conn| {
                let sql =
                    format!("SELECT id FROM comments WHERE {column} = ?1 AND body LIKE '%apple%'");
                let mut stmt = conn.prepare(&sql)?;
                let ids = stmt
                    .query_map([value], |r| r.get::<_, String>(0))?
                    .collect::<readerdesk_core::rusqlite::Result<HashSet<_>>>()?;
                Ok(ids)
            })
            .unwrap()
    };
    let walk = |query: &str| -> Vec<String> {
        let mut out = Vec::new();
        let mut before = None;
        loop {
            let page = search::search(&store, &Moderator::owner(), query, before, 50).unwrap();
            out.extend(page.items.into_iter().map(|i| i.id));
            match page.next {
                Some(next) => before = Some(next),
                None => return out,
            }
        }
    };
    for (query, column, value) in [
        ("apple ip:203.0.113.7", "author_ip", "203.0.113.7"),
        ("apple ip:192.0.2.9", "author_ip", "192.0.2.9"),
        (
            "apple email:crowd@example.org",
            "author_email",
            "crowd@example.org",
        ),
        (
            "apple email:FEW@example.org",
            "author_email",
            "few@example.org",
        ),
    ] {
        let found = walk(query);
        let unique: HashSet<String> = found.iter().cloned().collect();
        assert_eq!(unique.len(), found.len(), "{query}: a comment came twice");
        let expected = brute(column, value);
        assert!(!expected.is_empty(), "{query}");
        assert_eq!(unique, expected, "{query}");
    }
}
