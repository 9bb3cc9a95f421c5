//! Erasing a reader: their name, e-mail, IP and website leave every table, the full-text index
//! and a decision note that quoted them, and the raw bytes of the database file and its
//! write-ahead log; queues and counts are unchanged; the erasure is recorded without what was
//! erased; the backups that still hold them are named and can be pruned.
mod common;

use readerdesk_core::backups::{self, Reason};
use readerdesk_core::erasure;
use readerdesk_core::model::{Queue, Role, Sort};
use readerdesk_core::moderation::decisions::{self, Decision};
use readerdesk_core::moderation::moderators::Moderator;
use readerdesk_core::moderation::queue::{self, CommentCard, QueueFilter};
use readerdesk_core::moderation::{authors, search};
use readerdesk_core::Store;

/// A pending demo comment whose reader left an e-mail, an IP and a distinctive name.
fn reader_card(store: &Store) -> CommentCard {
    let page = queue::page(
        store,
        Queue::Pending,
        &QueueFilter::default(),
        Sort::Newest,
        None,
        200,
    )
    .unwrap();
    page.items
        .iter()
        .map(|i| queue::card(store, &Moderator::owner(), &i.id).unwrap())
        .find(|c| {
            c.author_email.is_some() && c.author_ip.is_some() && c.item.author_name.len() >= 5
        })
        .unwrap()
}

#[test]
fn an_erased_reader_is_gone_from_every_table_and_the_file_but_counts_stay() {
    let (_dir, db, store) = common::demo_newsroom();
    let admin = common::profile(&store, Role::Admin);
    let card = reader_card(&store);
    let (name, email, ip) = (
        card.item.author_name.clone(),
        card.author_email.clone().unwrap(),
        card.author_ip.clone().unwrap(),
    );
    let author = card.item.author_id.clone().unwrap();
    decisions::decide(
        &store,
        &admin,
        std::slice::from_ref(&card.item.id),
        &Decision::Reject {
            reason: "Off topic".into(),
            note: Some(format!("{name} ({email}) again, see earlier")),
        },
    )
    .unwrap();
    let backup = backups::create(&store, Reason::Manual).unwrap();
    let counts_before = queue::counts(&store).unwrap();
    let dossier_before = authors::dossier(&store, &admin, &author).unwrap();

    let editor = common::profile(&store, Role::Editor);
    let refused = erasure::erase_reader(&store, &editor, &email, false).unwrap_err();
    assert_eq!(refused.code(), "forbidden");
    let unknown = erasure::erase_reader(&store, &admin, "nobody@example.invalid", false);
    assert_eq!(unknown.unwrap_err().code(), "not_found");

    let summary = erasure::erase_reader(&store, &admin, &email, false).unwrap();
    assert_eq!(summary.placeholder, "Erased reader 1");
    assert_eq!(summary.comments, dossier_before.counts.total);
    assert_eq!(summary.backups_holding, vec![backup.file_name.clone()]);

    // The window: same counts, the placeholder in place of the person.
    assert_eq!(queue::counts(&store).unwrap(), counts_before);
    let after = queue::card(&store, &admin, &card.item.id).unwrap();
    assert_eq!(after.item.author_name, "Erased reader 1");
    assert_eq!(
        (after.author_email, after.author_ip, after.author_url),
        (None, None, None)
    );
    assert_eq!(after.body, card.body, "the text was kept, as asked");
    let dossier = authors::dossier(&store, &admin, &author).unwrap();
    assert_eq!(dossier.name, "Erased reader 1");
    assert_eq!(dossier.counts, dossier_before.counts);
    assert!(dossier.emails.is_empty() && dossier.ips.is_empty());
    let by_name = search::search(&store, &admin, &format!("author:\"{name}\""), None, 50).unwrap();
    assert!(
        by_name.items.is_empty(),
        "the full-text index forgot the name"
    );

    // The bytes: nowhere in the file or its log.
    drop(store);
    for needle in [&email, &ip, &name] {
        assert!(!common::holds(&db, needle), "{needle} is still in the file");
    }
    let store = Store::open(&db).unwrap();
    let recorded: (String, i64, bool) = store
        .read(|c| {
            Ok(c.query_row(
                "SELECT kind, number, finished_at IS NOT NULL FROM erasures",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )?)
        })
        .unwrap();
    assert_eq!(recorded, ("reader".to_owned(), 1, true));
    // The logs are append-only again once the erasure is done.
    let edit = store.write(|tx| Ok(tx.execute("UPDATE decisions SET note = 'x'", [])?));
    assert!(edit.is_err());

    // The backup that still held them can be pruned.
    assert_eq!(
        backups::prune(&store, &admin, &summary.backups_holding).unwrap(),
        1
    );
    assert!(backups::holding(&store, std::slice::from_ref(&email))
        .unwrap()
        .is_empty());
}

#[test]
fn erasing_with_the_texts_leaves_erased_in_their_place() {
    let (_dir, db, store) = common::demo_newsroom();
    // A comment whose text is in no other (the demo's texts repeat, whole or in part).
    let unique = |body: &str| -> bool {
        let n: i64 = store
            .read(|c| {
                Ok(c.query_row(
                    "SELECT count(*) FROM comments WHERE instr(body, ?1) > 0",
                    [body],
                    |r| r.get(0),
                )?)
            })
            .unwrap();
        n == 1
    };
    let page = queue::page(
        &store,
        Queue::Pending,
        &QueueFilter::default(),
        Sort::Newest,
        None,
        200,
    )
    .unwrap();
    let card = page
        .items
        .iter()
        .map(|i| queue::card(&store, &Moderator::owner(), &i.id).unwrap())
        .find(|c| c.item.author_id.is_some() && unique(&c.body))
        .expect("a comment with a text of its own");
    let author = card.item.author_id.clone().unwrap();
    let summary = erasure::erase_reader(&store, &Moderator::owner(), &author, true).unwrap();
    assert!(summary.texts_removed);
    let after = queue::card(&store, &Moderator::owner(), &card.item.id).unwrap();
    assert_eq!(after.body, "[erased]");
    drop(store);
    assert!(
        !common::holds(&db, &card.body),
        "the text is gone from the file"
    );
}

#[test]
fn an_erased_donor_is_gone_but_every_total_stays() {
    use readerdesk_core::fundraising::campaigns;
    use readerdesk_core::fundraising::ledger::{self, LedgerQuery, ManualDonation};
    use readerdesk_core::fundraising::metrics::{self, MetricsQuery};

    let (_dir, db, store) = common::demo_newsroom();
    let admin = common::profile(&store, Role::Admin);
    let gift = ManualDonation {
        note: "From Halyna Moroz-Tkachenko, at the front desk".into(),
        ..common::cash_gift("Halyna Moroz-Tkachenko", "halyna.mt@example.org")
    };
    let entry = ledger::add_manual(&store, &admin, &gift).unwrap();
    ledger::edit_manual(
        &store,
        &admin,
        &entry.id,
        &ManualDonation {
            amount: "300".into(),
            ..gift.clone()
        },
    )
    .unwrap();
    let query = MetricsQuery {
        campaign_id: campaigns::summaries(&store).unwrap()[0].id.clone(),
        ..MetricsQuery::default()
    };
    let before = metrics::metrics(&store, &admin, &query).unwrap();

    let summary = erasure::erase_donor(&store, &admin, "Halyna.MT@example.org").unwrap();
    assert_eq!(summary.placeholder, "Erased donor 1");
    assert_eq!(summary.comments, 1, "one gift");

    let after = metrics::metrics(&store, &admin, &query).unwrap();
    assert_eq!(after.raised_minor, before.raised_minor, "the totals stay");
    assert_eq!(after.gifts, before.gifts);

    assert!(!after.top_donors.iter().any(|d| d.name.contains("Halyna")));
    let rows = ledger::page(
        &store,
        &admin,
        &LedgerQuery {
            ids: Some(vec![entry.id.clone()]),
            ..LedgerQuery::default()
        },
        None,
        10,
    )
    .unwrap();
    assert_eq!(
        rows.entries[0].donor_name.as_deref(),
        Some("Erased donor 1")
    );
    assert_eq!(rows.entries[0].donor_email, None);
    assert_eq!(rows.entries[0].gross_minor, 30_000);
    assert!(!rows.entries[0].note.contains("Halyna"));
    for change in ledger::history(&store, &admin, &entry.id).unwrap() {
        let shown = format!("{:?} {}", change.before, change.after);
        assert!(
            !shown.contains("Halyna") && !shown.contains("halyna"),
            "{shown}"
        );
    }
    drop(store);
    for needle in ["halyna.mt@example.org", "Halyna Moroz-Tkachenko"] {
        assert!(!common::holds(&db, needle), "{needle} is still in the file");
    }
}

#[test]
fn an_access_request_gets_everything_held_about_the_person_in_one_file() {
    let (dir, _db, store) = common::demo_newsroom();
    let admin = common::profile(&store, Role::Admin);
    let card = reader_card(&store);
    let email = card.author_email.clone().unwrap();
    let author = card.item.author_id.clone().unwrap();
    decisions::decide(
        &store,
        &admin,
        std::slice::from_ref(&card.item.id),
        &Decision::Approve,
    )
    .unwrap();
    let out = dir.path().join("person.json");
    let editor = common::profile(&store, Role::Editor);
    assert_eq!(
        readerdesk_core::person::export(&store, &editor, &email, &out)
            .unwrap_err()
            .code(),
        "forbidden"
    );
    let summary = readerdesk_core::person::export(&store, &admin, &email, &out).unwrap();
    let dossier = authors::dossier(&store, &admin, &author).unwrap();
    assert_eq!(summary.comments, dossier.counts.total);
    assert!(summary.decisions >= 1);
    let doc: serde_json::Value = serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
    let comments = doc["as_reader"]["comments"].as_array().unwrap();
    let mine = comments
        .iter()
        .find(|c| c["id"] == card.item.id.as_str())
        .expect("the comment is in the export");
    assert_eq!(mine["text"], card.body.as_str());
    assert_eq!(mine["email"], email.as_str());
    assert_eq!(mine["ip"], card.author_ip.clone().unwrap().as_str());
    assert!(mine["came_from"]["source"].is_string());
    assert!(doc["as_reader"]["decisions_on_their_comments"]
        .as_array()
        .unwrap()
        .iter()
        .any(|d| d["comment"] == card.item.id.as_str() && d["by"] == admin.name.as_str()));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&out).unwrap().permissions().mode();
        assert_eq!(mode & 0o077, 0, "readable only by its owner");
    }
    let nobody = readerdesk_core::person::export(&store, &admin, "nobody@example.invalid", &out);
    assert_eq!(nobody.unwrap_err().code(), "not_found");
}
