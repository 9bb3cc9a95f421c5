//! What each role sees, checked at the level the window's commands call: readers' e-mail and
//! IP only for moderators and admins (editors get comments without them, cannot search by them
//! and export without them); donors' names and e-mails only for editors and admins (moderators
//! get totals, "Donor 1…" and "(hidden)"). The demo newsroom's three profiles are the viewers.
mod common;

use readerdesk_core::export::{self, ExportFormat};
use readerdesk_core::fundraising::campaigns;
use readerdesk_core::fundraising::donations::{self, DonationOptions};
use readerdesk_core::fundraising::ledger::{self, LedgerQuery, ManualDonation};
use readerdesk_core::fundraising::metrics::{self, MetricsQuery};
use readerdesk_core::model::{Queue, Role, Sort};
use readerdesk_core::moderation::moderators::{self, Moderator};
use readerdesk_core::moderation::queue::{self, CommentCard, QueueFilter};
use readerdesk_core::moderation::{authors, search};
use readerdesk_core::Store;

struct Newsroom {
    _dir: tempfile::TempDir,
    store: Store,
    admin: Moderator,
    moderator: Moderator,
    editor: Moderator,
}

fn demo_newsroom() -> Newsroom {
    let (dir, _, store) = common::demo_newsroom();
    let profiles = moderators::list(&store).unwrap();
    let with = |role| profiles.iter().find(|p| p.role == role).unwrap().clone();
    Newsroom {
        admin: with(Role::Admin),
        moderator: with(Role::Moderator),
        editor: with(Role::Editor),
        store,
        _dir: dir,
    }
}

/// A comment of the demo whose reader left both an e-mail and an IP address.
fn card_with_contact(n: &Newsroom) -> CommentCard {
    let page = queue::page(
        &n.store,
        Queue::Pending,
        &QueueFilter::default(),
        Sort::Newest,
        None,
        200,
    )
    .unwrap();
    page.items
        .iter()
        .map(|item| queue::card(&n.store, &n.admin, &item.id).unwrap())
        .find(|card| card.author_email.is_some() && card.author_ip.is_some())
        .expect("a demo comment with an e-mail and an IP")
}

#[test]
fn reader_contact_is_for_moderators_and_admins() {
    let n = demo_newsroom();
    let full = card_with_contact(&n);
    let id = full.item.id.clone();
    for who in [&n.admin, &n.moderator] {
        let card = queue::card(&n.store, who, &id).unwrap();
        assert_eq!(card.author_email, full.author_email, "{}", who.name);
        assert_eq!(card.author_ip, full.author_ip);
        assert!(!card.contact_hidden);
    }
    let card = queue::card(&n.store, &n.editor, &id).unwrap();
    assert_eq!((card.author_email, card.author_ip), (None, None));
    assert!(card.contact_hidden);
    assert_eq!(card.body, full.body, "the editor still reads the comment");

    let author = full.item.author_id.clone().expect("an author");
    let seen = authors::dossier(&n.store, &n.moderator, &author).unwrap();
    assert!(seen.emails.contains(full.author_email.as_ref().unwrap()));
    assert!(seen.ips.contains(full.author_ip.as_ref().unwrap()));
    let masked = authors::dossier(&n.store, &n.editor, &author).unwrap();
    assert!(masked.contact_hidden);
    assert!(masked.emails.is_empty() && masked.ips.is_empty() && masked.email.is_none());
    assert_eq!(masked.counts, seen.counts);
}

#[test]
fn editors_cannot_search_by_email_or_ip() {
    let n = demo_newsroom();
    let full = card_with_contact(&n);
    let by_email = format!("email:{}", full.author_email.unwrap());
    let by_ip = format!("ip:{}", full.author_ip.unwrap());
    for query in [&by_email, &by_ip] {
        let found = search::search(&n.store, &n.moderator, query, None, 50).unwrap();
        assert!(!found.items.is_empty(), "{query}");
        let err = search::search(&n.store, &n.editor, query, None, 50).unwrap_err();
        assert_eq!(err.code(), "forbidden", "{query}");
        assert!(err.to_string().contains("moderators and admins"), "{err}");
    }
    // Words are open to everyone.
    assert!(search::search(&n.store, &n.editor, "NATO", None, 50).is_ok());
}

#[test]
fn an_editors_export_leaves_readers_addresses_out() {
    let n = demo_newsroom();
    let full = card_with_contact(&n);
    let (email, ip) = (full.author_email.unwrap(), full.author_ip.unwrap());
    let dir = tempfile::tempdir().unwrap();
    for format in [ExportFormat::Csv, ExportFormat::Wxr, ExportFormat::Json] {
        let mine = dir.path().join("moderator.out");
        export::export_comments(&n.store, &n.moderator, format, &mine, None).unwrap();
        let text = std::fs::read_to_string(&mine).unwrap();
        assert!(text.contains(&email) && text.contains(&ip), "{format:?}");
        let theirs = dir.path().join("editor.out");
        let summary = export::export_comments(&n.store, &n.editor, format, &theirs, None).unwrap();
        let text = std::fs::read_to_string(&theirs).unwrap();
        assert!(!text.contains(&email) && !text.contains(&ip), "{format:?}");
        assert!(
            text.contains(&full.body),
            "the comments themselves are exported"
        );
        assert!(summary.comments > 0);
    }
}

fn campaign(n: &Newsroom) -> String {
    campaigns::summaries(&n.store).unwrap()[0].id.clone()
}

#[test]
fn donors_are_for_editors_and_admins() {
    let n = demo_newsroom();
    let gift = common::cash_gift("Halyna Moroz", "halyna@example.org");
    let entry = ledger::add_manual(&n.store, &n.editor, &gift).unwrap();
    ledger::edit_manual(
        &n.store,
        &n.editor,
        &entry.id,
        &ManualDonation {
            amount: "300".into(),
            ..gift.clone()
        },
    )
    .unwrap();
    let query = LedgerQuery {
        ids: Some(vec![entry.id.clone()]),
        ..LedgerQuery::default()
    };
    for who in [&n.admin, &n.editor] {
        let page = ledger::page(&n.store, who, &query, None, 10).unwrap();
        assert_eq!(page.entries[0].donor_name.as_deref(), Some("Halyna Moroz"));
        assert!(!page.entries[0].donor_hidden);
        let history = ledger::history(&n.store, who, &entry.id).unwrap();
        assert!(history
            .iter()
            .all(|c| c.after.contains("halyna@example.org")));
    }
    let page = ledger::page(&n.store, &n.moderator, &query, None, 10).unwrap();
    let row = &page.entries[0];
    assert_eq!(
        (row.donor_name.as_deref(), row.donor_email.as_deref()),
        (None, None)
    );
    assert!(row.donor_hidden);
    assert_eq!(row.gross_minor, 30_000, "amounts stay");
    let history = ledger::history(&n.store, &n.moderator, &entry.id).unwrap();
    assert_eq!(history.len(), 2);
    for change in &history {
        let shown = format!("{:?} {}", change.before, change.after);
        assert!(
            !shown.contains("Halyna") && !shown.contains("halyna@"),
            "{shown}"
        );
        assert!(change.after.contains("(hidden)"), "{}", change.after);
    }

    let query = MetricsQuery {
        campaign_id: campaign(&n),
        ..MetricsQuery::default()
    };
    let named = metrics::metrics(&n.store, &n.editor, &query).unwrap();
    let masked = metrics::metrics(&n.store, &n.moderator, &query).unwrap();
    assert!(!named.top_donors.is_empty(), "the demo campaign has donors");
    assert!(masked.donors_hidden && !named.donors_hidden);
    assert_eq!(
        masked.raised_minor, named.raised_minor,
        "totals are for everyone"
    );
    for (rank, (m, e)) in masked.top_donors.iter().zip(&named.top_donors).enumerate() {
        assert_eq!(m.name, format!("Donor {}", rank + 1));
        assert_eq!(m.total_minor, e.total_minor);
    }
}

#[test]
fn only_those_who_keep_the_ledger_preview_a_donation_file() {
    let n = demo_newsroom();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("gifts.csv");
    std::fs::write(
        &file,
        "Date,Name,Email,Amount,Currency\n2026-11-01,A,a@example.org,5,USD\n",
    )
    .unwrap();
    let err =
        donations::preview(&n.store, &n.moderator, &file, &DonationOptions::default()).unwrap_err();
    assert_eq!(err.code(), "forbidden");
    assert!(err
        .to_string()
        .contains("donations are imported by editors and admins"));
}

#[test]
fn a_passphrase_is_asked_for_checked_and_reset_only_by_who_may() {
    let n = demo_newsroom();
    let sam = &n.moderator;
    // Without one, signing in works as before.
    assert!(moderators::sign_in(&n.store, &sam.id, None).is_ok());
    // Only an admin sets another's passphrase; a profile may set its own.
    let err =
        moderators::set_passphrase(&n.store, &n.editor, &sam.id, Some("long enough")).unwrap_err();
    assert_eq!(err.code(), "forbidden");
    let short = moderators::set_passphrase(&n.store, &n.admin, &sam.id, Some("short")).unwrap_err();
    assert_eq!(short.code(), "invalid");
    let set =
        moderators::set_passphrase(&n.store, &n.admin, &sam.id, Some("night bus 42")).unwrap();
    assert!(set.has_passphrase);
    assert!(moderators::list(&n.store)
        .unwrap()
        .iter()
        .any(|p| p.id == sam.id && p.has_passphrase));

    let asked = moderators::sign_in(&n.store, &sam.id, None).unwrap_err();
    assert_eq!(asked.code(), "forbidden");
    assert!(asked.to_string().contains("has a passphrase"), "{asked}");
    let wrong = moderators::sign_in(&n.store, &sam.id, Some("night bus 43")).unwrap_err();
    assert!(
        wrong.to_string().contains("not Sam Okafor's passphrase"),
        "{wrong}"
    );
    assert_eq!(
        moderators::sign_in(&n.store, &sam.id, Some("night bus 42"))
            .unwrap()
            .id,
        sam.id
    );

    // Only a hash is kept: the passphrase is nowhere in the file.
    let bytes = std::fs::read(n.store.path()).unwrap();
    let wal = std::fs::read(format!("{}-wal", n.store.path().display())).unwrap_or_default();
    for haystack in [&bytes, &wal] {
        assert!(!haystack.windows(12).any(|w| w == b"night bus 42"));
    }

    // Forgotten: the file's owner (the command line) lifts it.
    moderators::set_passphrase(&n.store, &Moderator::owner(), &sam.id, None).unwrap();
    assert!(moderators::sign_in(&n.store, &sam.id, None).is_ok());
    // A profile changes its own.
    moderators::set_passphrase(&n.store, &n.editor, &n.editor.id, Some("my own words")).unwrap();
    assert!(moderators::sign_in(&n.store, &n.editor.id, Some("my own words")).is_ok());
}

#[test]
fn imports_check_the_role_in_core() {
    use readerdesk_core::import::comments;
    use std::sync::atomic::AtomicBool;
    let n = demo_newsroom();
    let dir = tempfile::tempdir().unwrap();
    let gifts = dir.path().join("gifts.csv");
    std::fs::write(
        &gifts,
        "Date,Name,Email,Amount,Currency\n2026-11-01,A,a@example.org,5,USD\n",
    )
    .unwrap();
    let cancel = AtomicBool::new(false);
    let err = donations::import(
        &n.store,
        &n.moderator,
        &gifts,
        &DonationOptions::default(),
        &cancel,
        &mut |_| {},
    )
    .unwrap_err();
    assert_eq!(err.code(), "forbidden");
    let wxr = dir.path().join("c.xml");
    std::fs::write(&wxr, "<rss><channel></channel></rss>").unwrap();
    let err =
        comments::import(&n.store, &n.editor, &wxr, None, false, &cancel, &mut |_| {}).unwrap_err();
    assert_eq!(err.code(), "forbidden");
    assert!(err
        .to_string()
        .contains("editors can read the queues but not moderate"));
}
