//! IP retention: comments' addresses are cleared once older than the newsroom's retention
//! time (default 90 days, "forever" keeps them), at most once a day; a banned reader's
//! addresses live on only as keyed fingerprints, which still reject the next comment written
//! from them, and go when the ban is lifted.
mod common;

use std::path::Path;
use std::sync::atomic::AtomicBool;

use chrono::{NaiveDate, TimeZone, Utc};
use readerdesk_core::import::comments;
use readerdesk_core::model::{Queue, Role, Sort, Status, Trust};
use readerdesk_core::moderation::authors;
use readerdesk_core::moderation::moderators::{self, Moderator};
use readerdesk_core::moderation::queue::{self, QueueFilter};
use readerdesk_core::privacy::{self, PrivacySettings};
use readerdesk_core::{demo, Store};

const BANNED_IP: &str = "203.0.113.66";
const SECOND_IP: &str = "203.0.113.77";

/// A WordPress export of one comment by `name` from `ip`, written on `day`.
fn one_comment(path: &Path, id: u32, name: &str, ip: &str, day: &str) {
    let xml = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\" \
         xmlns:wp=\"http://wordpress.org/export/1.2/\"><channel><title>T</title>\
         <link>https://ip.example.org</link>\
         <wp:base_site_url>https://ip.example.org</wp:base_site_url>\
         <item><title>A</title><link>https://ip.example.org/a</link><wp:post_id>1</wp:post_id>\
         <wp:post_type>post</wp:post_type><wp:comment><wp:comment_id>{id}</wp:comment_id>\
         <wp:comment_author>{name}</wp:comment_author>\
         <wp:comment_author_email>{}@example.org</wp:comment_author_email>\
         <wp:comment_author_IP>{ip}</wp:comment_author_IP>\
         <wp:comment_date_gmt>{day} 10:00:00</wp:comment_date_gmt>\
         <wp:comment_content>Comment {id} by {name}.</wp:comment_content>\
         <wp:comment_approved>1</wp:comment_approved><wp:comment_parent>0</wp:comment_parent>\
         </wp:comment></item></channel></rss>\n",
        name.to_lowercase()
    );
    std::fs::write(path, xml).unwrap();
}

fn import(store: &Store, path: &Path) {
    comments::import(
        store,
        &readerdesk_core::moderation::moderators::Moderator::owner(),
        path,
        None,
        false,
        &AtomicBool::new(false),
        &mut |_| {},
    )
    .unwrap();
}

fn status_of_comment(store: &Store, body: &str) -> (Status, Vec<String>) {
    for queue in [Queue::Pending, Queue::Approved, Queue::Rejected] {
        let page = queue::page(
            store,
            queue,
            &QueueFilter::default(),
            Sort::Newest,
            None,
            200,
        )
        .unwrap();
        for item in page.items {
            let card = queue::card(store, &Moderator::owner(), &item.id).unwrap();
            if card.body == body {
                let reasons = item.reasons.iter().map(|r| r.code.clone()).collect();
                return (card.item.status, reasons);
            }
        }
    }
    panic!("no comment {body:?}");
}

#[test]
fn old_addresses_are_cleared_and_a_ban_still_catches_its_address() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("newsroom.db");
    let store = Store::open(&db).unwrap();
    let anchor = NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
    demo::build(&store, anchor).unwrap();
    let admin = moderators::list(&store)
        .unwrap()
        .into_iter()
        .find(|m| m.role == Role::Admin)
        .unwrap();
    let file = dir.path().join("one.xml");
    one_comment(&file, 1, "Troll", BANNED_IP, "2026-11-20");
    import(&store, &file);
    let troll = queue::page(
        &store,
        Queue::Approved,
        &QueueFilter::default(),
        Sort::Newest,
        None,
        500,
    )
    .unwrap()
    .items
    .into_iter()
    .find(|i| i.author_name == "Troll")
    .and_then(|i| i.author_id)
    .unwrap();
    authors::set_trust(&store, &admin, &troll, Trust::Banned).unwrap();
    // After the ban the troll writes from an address not seen before.
    one_comment(&file, 5, "Troll", SECOND_IP, "2026-11-22");
    import(&store, &file);
    let mut banned = store
        .read(|c| readerdesk_core::db::addresses::banned_authors_addresses(c))
        .unwrap();
    banned.sort();
    assert_eq!(
        banned,
        [
            (troll.clone(), BANNED_IP.to_owned()),
            (troll.clone(), SECOND_IP.to_owned())
        ],
        "what is fingerprinted before the clearing"
    );

    // Kept forever: nothing is cleared.
    let later = Utc.with_ymd_and_hms(2027, 6, 1, 0, 0, 0).unwrap();
    let forever = PrivacySettings {
        idle_lock_minutes: 15,
        ip_retention_days: None,
    };
    privacy::set_settings(&store, &admin, &forever).unwrap();
    assert_eq!(privacy::clear_old_addresses(&store, later).unwrap(), 0);

    // 90 days: on 2027-06-01 every demo comment (November 2026 and older) is past it.
    let ninety = PrivacySettings {
        ip_retention_days: Some(90),
        ..forever
    };
    privacy::set_settings(&store, &admin, &ninety).unwrap();
    assert!(privacy::addresses_past_retention(&store, later).unwrap() > 300);
    let cleared = privacy::daily(&store, later)
        .unwrap()
        .expect("the first run of the day");
    assert!(cleared > 300, "{cleared}");
    assert_eq!(privacy::addresses_past_retention(&store, later).unwrap(), 0);
    assert_eq!(privacy::daily(&store, later).unwrap(), None, "once a day");
    drop(store);
    assert!(
        !common::holds(&db, BANNED_IP) && !common::holds(&db, SECOND_IP),
        "the addresses themselves are gone from the file"
    );
    assert!(
        !common::holds(&db, "198.51.100."),
        "so are the demo's addresses"
    );

    // A new reader writing from the banned reader's address is rejected like them.
    let store = Store::open(&db).unwrap();
    one_comment(&file, 2, "Newcomer", BANNED_IP, "2027-06-01");
    import(&store, &file);
    let (status, reasons) = status_of_comment(&store, "Comment 2 by Newcomer.");
    assert_eq!(status, Status::Rejected);
    assert!(
        reasons.contains(&"banned_address".to_owned()),
        "{reasons:?}"
    );
    // So is one writing from the address the troll used after the ban.
    one_comment(&file, 6, "Newcomer2", SECOND_IP, "2027-06-01");
    import(&store, &file);
    let (status, reasons) = status_of_comment(&store, "Comment 6 by Newcomer2.");
    assert_eq!(status, Status::Rejected);
    assert!(
        reasons.contains(&"banned_address".to_owned()),
        "{reasons:?}"
    );
    // Another address passes.
    one_comment(&file, 3, "Other", "192.0.2.10", "2027-06-01");
    import(&store, &file);
    assert_eq!(
        status_of_comment(&store, "Comment 3 by Other.").0,
        Status::Approved
    );

    // The ban lifted, its fingerprints go with it.
    authors::set_trust(&store, &admin, &troll, Trust::Normal).unwrap();
    one_comment(&file, 4, "Later", BANNED_IP, "2027-06-02");
    import(&store, &file);
    assert_eq!(
        status_of_comment(&store, "Comment 4 by Later.").0,
        Status::Approved
    );
}
