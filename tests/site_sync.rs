//! Site sync against a real WordPress on a loopback address (scripts/wordpress.sh): connecting,
//! first and later syncs, an interrupted first sync, offline decisions, kill -9 while pushing,
//! conflicts, edits and deletions on the site, two laptops, and one identity for a site whether
//! its comments came by WXR file or by sync. Every status is read back from WordPress's own
//! database.
mod wordpress;

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};

use readerdesk_core::model::Role;
use readerdesk_core::moderation::decisions::{self, Decision};
use readerdesk_core::moderation::moderators::{self, Moderator};
use readerdesk_core::rusqlite::Connection;
use readerdesk_core::sites::{self, Secrets, Settle, SyncKind, SyncReport};
use readerdesk_core::Store;
use wordpress::WordPress;

struct Desk {
    store: Store,
    secrets: Secrets,
    who: Moderator,
    path: std::path::PathBuf,
    _dir: tempfile::TempDir,
}

fn desk() -> Desk {
    std::env::set_var("READERDESK_SECRETS", "file");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("newsroom.db");
    let store = Store::open(&path).unwrap();
    let who = moderators::add(&store, None, "Ana", Role::Moderator).unwrap();
    Desk {
        secrets: Secrets::for_database(&path),
        store,
        who,
        path,
        _dir: dir,
    }
}

impl Desk {
    fn connect(&self, wp: &WordPress) -> String {
        sites::connect(
            &self.store,
            &self.secrets,
            &self.who,
            &wp.url,
            &wp.admin_user,
            &wp.admin_password,
        )
        .unwrap()
        .id
    }

    fn sync(&self, site: &str) -> SyncReport {
        sites::sync(
            &self.store,
            &self.secrets,
            site,
            SyncKind::Both,
            &AtomicBool::new(false),
            &mut |_| {},
        )
        .unwrap()
    }

    fn db(&self) -> Connection {
        Connection::open(&self.path).unwrap()
    }

    /// (our key, WordPress id) of `n` comments in `status` here, lowest ids first.
    fn comments_in(&self, status: &str, n: usize) -> Vec<(String, i64)> {
        let db = self.db();
        let mut stmt = db
            .prepare(
                "SELECT id, external_id FROM comments WHERE status = ?1 AND kind = 'comment'
                 ORDER BY CAST(external_id AS INTEGER) LIMIT ?2",
            )
            .unwrap();
        stmt.query_map((status, n as i64), |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
        })
        .unwrap()
        .map(|r| {
            let (id, ext) = r.unwrap();
            (id, ext.parse().unwrap())
        })
        .collect()
    }

    fn status_of(&self, key: &str) -> String {
        self.db()
            .query_row("SELECT status FROM comments WHERE id = ?1", [key], |r| {
                r.get(0)
            })
            .unwrap()
    }

    fn count(&self, sql: &str) -> i64 {
        self.db().query_row(sql, [], |r| r.get(0)).unwrap()
    }

    fn decide(&self, keys: &[String], decision: Decision) {
        decisions::decide(&self.store, &self.who, keys, &decision).unwrap();
    }
}

fn keys(pairs: &[(String, i64)]) -> Vec<String> {
    pairs.iter().map(|(k, _)| k.clone()).collect()
}

#[test]
fn connecting_says_exactly_what_is_wrong() {
    let wp = WordPress::start();
    let check = sites::check(&wp.url, &wp.admin_user, &wp.admin_password).unwrap();
    assert!(check.can_moderate);
    assert_eq!(check.name, "Readerdesk test site");
    assert!(
        check
            .wp_version
            .as_deref()
            .is_some_and(|v| v.starts_with('6')),
        "{check:?}"
    );
    assert!(!check.rest_route, "pretty permalinks: /wp-json/ answers");

    let wrong = sites::check(&wp.url, &wp.admin_user, "abcd efgh ijkl mnop qrst uvwx").unwrap_err();
    assert_eq!(wrong.code(), "site_auth", "{wrong}");

    let reader = sites::check(&wp.url, &wp.subscriber_user, &wp.subscriber_password).unwrap();
    assert!(!reader.can_moderate);
    let desk = desk();
    let refused = sites::connect(
        &desk.store,
        &desk.secrets,
        &desk.who,
        &wp.url,
        &wp.subscriber_user,
        &wp.subscriber_password,
    )
    .unwrap_err();
    assert_eq!(refused.code(), "site_cannot_moderate", "{refused}");
    assert!(sites::list(&desk.store, &desk.secrets).unwrap().is_empty());

    // A real web server that is not WordPress.
    let plain = tempfile::tempdir().unwrap();
    std::fs::write(
        plain.path().join("index.html"),
        "<html><body>Hello</body></html>",
    )
    .unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut server = std::process::Command::new("python3")
        .args([
            "-m",
            "http.server",
            &port.to_string(),
            "--bind",
            "127.0.0.1",
        ])
        .current_dir(plain.path())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let url = format!("http://127.0.0.1:{port}");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            std::time::Instant::now() < deadline,
            "python's http.server did not start"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let not_wp = sites::check(&url, "x", "y").unwrap_err();
    let _ = server.kill();
    let _ = server.wait();
    assert_eq!(not_wp.code(), "site_not_wordpress", "{not_wp}");

    let down = sites::check("http://127.0.0.1:9", "x", "y").unwrap_err();
    assert_eq!(down.code(), "site_unreachable", "{down}");
    let plain_http = sites::check("http://news.example", "x", "y").unwrap_err();
    assert_eq!(plain_http.code(), "site_url", "{plain_http}");

    // Connected: the password is in the owner-only file, never in the database.
    let site = desk.connect(&wp);
    let bytes = std::fs::read(&desk.path).unwrap();
    let compact: String = wp.admin_password.split_whitespace().collect();
    let needle = compact.as_bytes();
    assert!(!bytes.windows(needle.len()).any(|w| w == needle));
    let file = std::fs::read_to_string(desk.secrets.file_path()).unwrap();
    assert!(file.contains(&wp.admin_password));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(desk.secrets.file_path())
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    let again = sites::connect(
        &desk.store,
        &desk.secrets,
        &desk.who,
        &wp.url,
        &wp.admin_user,
        &wp.admin_password,
    )
    .unwrap_err();
    assert_eq!(again.code(), "site_exists");
    sites::remove(&desk.store, &desk.secrets, &desk.who, &site).unwrap();
    let file = std::fs::read_to_string(desk.secrets.file_path()).unwrap();
    assert!(
        !file.contains(&wp.admin_password),
        "removing a site removes its password"
    );
}

#[test]
fn the_first_sync_takes_everything_and_later_syncs_only_what_is_new() {
    let wp = WordPress::start();
    let seeded = wp.seed(2000);
    let desk = desk();
    let site = desk.connect(&wp);
    let first = desk.sync(&site);
    assert!(first.error.is_none(), "{first:?}");
    assert!(first.skipped.is_empty(), "{:?}", first.skipped);
    assert_eq!(first.new_comments, 2000);
    assert!(first.first_sync_done);
    assert_eq!(desk.count("SELECT count(*) FROM comments"), 2000);
    for (site_status, key) in [
        ("1", "approved"),
        ("0", "hold"),
        ("spam", "spam"),
        ("trash", "trash"),
    ] {
        assert_eq!(
            desk.count(&format!(
                "SELECT count(*) FROM comments WHERE site_status = '{site_status}'"
            )),
            seeded[key].as_i64().unwrap(),
            "{key}"
        );
    }
    assert_eq!(
        desk.count("SELECT count(*) FROM comments WHERE kind = 'pingback'"),
        seeded["pingback"].as_i64().unwrap()
    );
    assert_eq!(
        desk.count("SELECT count(*) FROM comments WHERE kind = 'trackback'"),
        seeded["trackback"].as_i64().unwrap()
    );
    assert_eq!(
        desk.count("SELECT count(*) FROM comments WHERE parent_id IS NOT NULL"),
        seeded["replies"].as_i64().unwrap()
    );
    // Cyrillic text arrives exactly as WordPress holds it.
    let body: String = desk
        .db()
        .query_row(
            "SELECT body FROM comments WHERE body GLOB '*[А-я]*' ORDER BY seq LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let wp_id: String = desk
        .db()
        .query_row(
            "SELECT external_id FROM comments WHERE body = ?1 LIMIT 1",
            [&body],
            |r| r.get(0),
        )
        .unwrap();
    let on_site = wp.php(&format!("echo get_comment({wp_id})->comment_content;"));
    assert_eq!(on_site, body);
    let listed = sites::list(&desk.store, &desk.secrets).unwrap();
    assert!(
        listed[0].auto_sync,
        "automatic sync starts after the first sync"
    );

    // Nothing new: no comment added, two requests (the newest page, and one page of the
    // comments still in play, least recently read first), however many are in play.
    let in_play = sites::recheck_count(&desk.store, &site).unwrap();
    assert!(in_play > 300, "{in_play} comments in play");
    let idle = desk.sync(&site);
    assert_eq!(idle.new_comments, 0);
    assert_eq!(
        idle.changed_on_site + idle.edited_on_site + idle.deleted_on_site,
        0,
        "{idle:?}"
    );
    assert_eq!(idle.requests, 2, "{idle:?}");
    // A change in wp-admin to a comment in play shows within a few syncs (or one thorough one).
    let held: i64 = desk.count(
        "SELECT CAST(external_id AS INTEGER) FROM comments WHERE status = 'pending'
         AND kind = 'comment' ORDER BY seq DESC LIMIT 1",
    );
    wp.php(&format!("wp_set_comment_status({held}, 'approve');"));
    let thorough = sites::sync(
        &desk.store,
        &desk.secrets,
        &site,
        SyncKind::Thorough,
        &AtomicBool::new(false),
        &mut |_| {},
    )
    .unwrap();
    assert_eq!(thorough.changed_on_site, 1, "{thorough:?}");
    assert!(thorough.requests > 3, "{thorough:?}");

    let more = wp.seed(150);
    assert_eq!(more["comments"], 150);
    let second = desk.sync(&site);
    assert_eq!(second.new_comments, 150, "{second:?}");
    assert_eq!(desk.count("SELECT count(*) FROM comments"), 2150);
}

#[test]
fn an_interrupted_first_sync_resumes_without_duplicates() {
    let wp = WordPress::start();
    wp.seed(1000);
    let desk = desk();
    let site = desk.connect(&wp);
    let cancel = AtomicBool::new(false);
    let report = sites::sync(
        &desk.store,
        &desk.secrets,
        &site,
        SyncKind::Both,
        &cancel,
        &mut |p| {
            if p.pages >= 3 {
                cancel.store(true, Ordering::Relaxed);
            }
        },
    )
    .unwrap();
    assert!(report.cancelled);
    assert!(!report.first_sync_done);
    let part = desk.count("SELECT count(*) FROM comments");
    assert!(
        (300..1000).contains(&part),
        "{part} comments after three pages"
    );
    let rest = desk.sync(&site);
    assert!(rest.first_sync_done);
    assert_eq!(desk.count("SELECT count(*) FROM comments"), 1000);
    assert_eq!(rest.new_comments, 1000 - part);
}

#[test]
fn decisions_made_offline_arrive_once_after_a_restart() {
    let wp = WordPress::start();
    wp.seed(300);
    let mut desk = desk();
    let site = desk.connect(&wp);
    desk.sync(&site);
    let pending = desk.comments_in("pending", 20);
    assert_eq!(
        pending.len(),
        20,
        "the seed holds at least 20 pending comments"
    );
    let before: HashMap<i64, (String, String, String)> = pending
        .iter()
        .map(|(_, id)| (*id, wp.comment_row(*id)))
        .collect();

    wp.stop_http();
    let (approve, rest) = pending.split_at(10);
    let (spam, reject) = rest.split_at(5);
    desk.decide(&keys(approve), Decision::Approve);
    desk.decide(&keys(spam), Decision::Spam);
    desk.decide(
        &keys(reject),
        Decision::Reject {
            reason: "Off topic".into(),
            note: None,
        },
    );
    let offline = desk.sync(&site);
    assert_eq!(
        offline.error.as_ref().map(|e| e.code.as_str()),
        Some("site_unreachable")
    );
    assert_eq!(offline.waiting, 20);

    // Quit and start again: the outbox is in the database.
    let reopened = Store::open(&desk.path).unwrap();
    drop(std::mem::replace(&mut desk.store, reopened));
    wp.resume();
    let back = desk.sync(&site);
    assert!(back.error.is_none(), "{back:?}");
    assert_eq!(back.sent, 20, "{back:?}");
    assert_eq!(back.waiting, 0);
    for (ids, want) in [(approve, "1"), (spam, "spam"), (reject, "trash")] {
        for (_, id) in ids {
            let (status, ip, agent) = wp.comment_row(*id);
            assert_eq!(status, want, "comment {id}");
            assert_eq!(
                (&ip, &agent),
                (&before[id].1, &before[id].2),
                "IP and browser kept"
            );
        }
    }
    let posts = wp.writes_log();
    assert_eq!(posts.len(), 20, "each decision sent once: {posts:?}");
    // Rejected stays rejected here though the site says trash, after another pull too.
    desk.sync(&site);
    assert_eq!(desk.status_of(&reject[0].0), "rejected");
    let state = sites::comment_state(&desk.store, &approve[0].0)
        .unwrap()
        .unwrap();
    assert_eq!(state.state, "on_site");
}

#[test]
fn a_conflict_keeps_the_sites_status_and_waits_for_a_moderator() {
    let wp = WordPress::start();
    wp.seed(200);
    let desk = desk();
    let site = desk.connect(&wp);
    desk.sync(&site);
    let pending = desk.comments_in("pending", 2);
    let (mine, other) = (&pending[0], &pending[1]);
    // Someone approves both in wp-admin after our pull; here they are marked spam.
    wp.php(&format!(
        "wp_set_comment_status({}, 'approve'); wp_set_comment_status({}, 'approve');",
        mine.1, other.1
    ));
    desk.decide(&[mine.0.clone(), other.0.clone()], Decision::Spam);
    let report = desk.sync(&site);
    assert_eq!(report.conflicts, 2, "{report:?}");
    assert_eq!(wp.comment_row(mine.1).0, "1", "the site keeps its status");
    assert_eq!(
        desk.status_of(&mine.0),
        "approved",
        "and so does the newsroom, until settled"
    );
    let listed = sites::outbox(&desk.store, "conflict", 10).unwrap();
    assert_eq!(listed.len(), 2);
    assert_eq!(listed[0].site_now.as_deref(), Some("approved"));
    assert_eq!(
        sites::comment_state(&desk.store, &mine.0)
            .unwrap()
            .unwrap()
            .state,
        "conflict"
    );
    // The log holds both decisions.
    let logged = desk.count(&format!(
        "SELECT count(*) FROM decisions WHERE comment_id = '{}'",
        mine.0
    ));
    assert_eq!(logged, 2);

    sites::settle(&desk.store, &desk.who, &mine.0, Settle::KeepOurs).unwrap();
    sites::settle(&desk.store, &desk.who, &other.0, Settle::KeepSite).unwrap();
    let settled = desk.sync(&site);
    assert_eq!((settled.sent, settled.conflicts), (1, 0), "{settled:?}");
    assert_eq!(wp.comment_row(mine.1).0, "spam");
    assert_eq!(wp.comment_row(other.1).0, "1");
    assert_eq!(desk.status_of(&other.0), "approved");
    assert!(sites::outbox(&desk.store, "conflict", 10)
        .unwrap()
        .is_empty());
}

#[test]
fn two_laptops_deciding_offline_end_the_same_way() {
    let wp = WordPress::start();
    wp.seed(100);
    let (a, b) = (desk(), desk());
    let (site_a, site_b) = (a.connect(&wp), b.connect(&wp));
    a.sync(&site_a);
    b.sync(&site_b);
    let target = a.comments_in("pending", 1).remove(0);
    a.decide(std::slice::from_ref(&target.0), Decision::Approve);
    b.decide(std::slice::from_ref(&target.0), Decision::Spam);
    assert_eq!(a.sync(&site_a).sent, 1);
    assert_eq!(b.sync(&site_b).conflicts, 1);
    a.sync(&site_a);
    assert_eq!(wp.comment_row(target.1).0, "1");
    assert_eq!(a.status_of(&target.0), "approved");
    assert_eq!(b.status_of(&target.0), "approved");
    // A later decision on one laptop reaches the other through the site.
    a.decide(std::slice::from_ref(&target.0), Decision::Trash);
    a.sync(&site_a);
    sites::settle(&b.store, &b.who, &target.0, Settle::KeepSite).unwrap();
    let seen = b.sync(&site_b);
    assert_eq!(seen.changed_on_site, 1, "{seen:?}");
    assert_eq!(b.status_of(&target.0), "trash");
}

#[test]
fn edits_and_deletions_on_the_site_show_up_and_wordpress_own_rewriting_is_not_an_edit() {
    let wp = WordPress::start();
    wp.seed(100);
    let linked: i64 = wp
        .php("echo wp_insert_comment(['comment_post_ID' => 1, 'comment_content' => 'See <a href=\"https://example.org/x\">this</a>', 'comment_approved' => 0, 'comment_author' => 'Linker', 'comment_author_IP' => '203.0.113.9', 'comment_agent' => 'Test/1.0']);")
        .trim()
        .parse()
        .unwrap();
    let desk = desk();
    let site = desk.connect(&wp);
    desk.sync(&site);
    let pending = desk.comments_in("pending", 3);
    let (edited, deleted) = (&pending[0], &pending[1]);
    wp.php(&format!(
        "wp_update_comment(['comment_ID' => {}, 'comment_content' => 'Changed by the author']); wp_delete_comment({}, true);",
        edited.1, deleted.1
    ));
    let report = desk.sync(&site);
    assert_eq!(
        (report.edited_on_site, report.deleted_on_site),
        (1, 1),
        "{report:?}"
    );
    let body: String = desk
        .db()
        .query_row(
            "SELECT body FROM comments WHERE id = ?1",
            [&edited.0],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(body, "Changed by the author");
    let state = sites::comment_state(&desk.store, &deleted.0)
        .unwrap()
        .unwrap();
    assert_eq!(state.state, "deleted", "{state:?}");
    assert!(
        sites::comment_state(&desk.store, &edited.0)
            .unwrap()
            .unwrap()
            .edited_on_site
    );

    // Approving the linked comment makes WordPress rewrite its link (rel="nofollow ugc").
    let key: String = desk
        .db()
        .query_row(
            "SELECT id FROM comments WHERE external_id = ?1",
            [linked.to_string()],
            |r| r.get(0),
        )
        .unwrap();
    desk.decide(std::slice::from_ref(&key), Decision::Approve);
    assert_eq!(desk.sync(&site).sent, 1);
    assert!(wp
        .php(&format!("echo get_comment({linked})->comment_content;"))
        .contains("nofollow"));
    let after = desk.sync(&site);
    assert_eq!(
        after.edited_on_site, 0,
        "WordPress's own filters are not an edit: {after:?}"
    );
    // A decision on the deleted comment fails with the reason, and stays listed.
    desk.decide(std::slice::from_ref(&deleted.0), Decision::Approve);
    let failed = desk.sync(&site);
    assert_eq!(failed.failed, 1);
    let listed = sites::outbox(&desk.store, "failed", 10).unwrap();
    assert_eq!(listed[0].error_code.as_deref(), Some("site_deleted"));
}

#[test]
fn a_wxr_export_and_a_sync_of_the_same_site_are_one_site() {
    let wp = WordPress::start();
    let seeded = wp.seed(120);
    let desk = desk();
    let wxr = desk._dir.path().join("export.xml");
    let xml = wp.php(
        "require_once ABSPATH . 'wp-admin/includes/export.php'; ob_start(); export_wp(); echo ob_get_clean();",
    );
    std::fs::write(&wxr, xml).unwrap();
    let imported = readerdesk_core::import::comments::import(
        &desk.store,
        &readerdesk_core::moderation::moderators::Moderator::owner(),
        &wxr,
        None,
        false,
        &AtomicBool::new(false),
        &mut |_| {},
    )
    .unwrap();
    // WordPress leaves spam out of its exports: the sync brings those, and nothing else.
    let spam = seeded["spam"].as_i64().unwrap();
    assert_eq!(imported.comments_new, 120 - spam, "{imported:?}");
    let decided = desk.comments_in("pending", 1).remove(0);
    desk.decide(std::slice::from_ref(&decided.0), Decision::Approve);
    let site = desk.connect(&wp);
    let report = desk.sync(&site);
    assert_eq!(report.new_comments, spam, "{report:?}");
    assert_eq!(desk.count("SELECT count(*) FROM comments"), 120);
    assert_eq!(
        desk.count("SELECT count(*) FROM articles"),
        imported.articles_new
    );
    // The decision made before connecting is the moderator's: the pull keeps it, and it goes
    // to the site (the site still had what the export said).
    assert_eq!(desk.status_of(&decided.0), "approved");
    assert_eq!(report.sent, 1, "{report:?}");
    assert_eq!(wp.comment_row(decided.1).0, "1");
}

#[test]
fn kill_while_pushing_loses_nothing_and_sends_nothing_twice() {
    let wp = WordPress::start();
    wp.seed(600);
    let desk = desk();
    let site = desk.connect(&wp);
    desk.sync(&site);
    let chosen = desk.comments_in("approved", 60);
    assert_eq!(chosen.len(), 60);
    desk.decide(&keys(&chosen), Decision::Spam);
    let seed: u64 = std::env::var("READERDESK_KILL_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos() as u64
        });
    let kill_after = 1 + (seed % (chosen.len() as u64 - 2)) as usize;
    eprintln!("kill -9 after {kill_after} sent decisions (READERDESK_KILL_SEED={seed})");
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_readerdesk"))
        .args(["sync", "--db"])
        .arg(&desk.path)
        .env("READERDESK_SECRETS", "file")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(120);
    loop {
        if wp.writes_log().len() >= kill_after {
            break;
        }
        if child.try_wait().unwrap().is_some() {
            panic!("the sync ended before {kill_after} decisions were sent (seed {seed})");
        }
        assert!(
            std::time::Instant::now() < deadline,
            "seed {seed}: no progress"
        );
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let report = desk.sync(&site);
    assert!(report.error.is_none(), "seed {seed}: {report:?}");
    assert_eq!(report.waiting, 0, "seed {seed}");
    assert_eq!(
        report.failed + report.conflicts,
        0,
        "seed {seed}: {report:?}"
    );
    for (_, id) in &chosen {
        assert_eq!(wp.comment_row(*id).0, "spam", "seed {seed}: comment {id}");
    }
    let writes = wp.writes_log();
    let mut per_comment: HashMap<&str, usize> = HashMap::new();
    for line in &writes {
        *per_comment.entry(line.as_str()).or_default() += 1;
    }
    assert!(
        per_comment.values().all(|n| *n == 1),
        "seed {seed}: sent twice: {per_comment:?}"
    );
    assert_eq!(writes.len(), chosen.len(), "seed {seed}");
    let db = desk.db();
    let ok: String = db
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(ok, "ok");
}

/// Starts a local server process and waits for its port; killed on drop.
struct Server(std::process::Child);

impl Server {
    fn start(command: &mut std::process::Command, port: u16) -> Server {
        let child = command
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .stdin(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                std::time::Instant::now() < deadline,
                "{command:?} did not start"
            );
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        Server(child)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

#[test]
fn a_disabled_rest_api_a_bad_certificate_and_a_redirect_elsewhere_each_say_so() {
    let wp = WordPress::start();
    wp.php("update_option('readerdesk_test_rest_disabled', 1);");
    let off = sites::check(&wp.url, &wp.admin_user, &wp.admin_password).unwrap_err();
    assert_eq!(off.code(), "site_rest_disabled", "{off}");
    assert!(
        off.to_string()
            .contains("The REST API is disabled on this site."),
        "{off}"
    );

    // A real TLS server whose certificate no authority signed.
    let dir = tempfile::tempdir().unwrap();
    let (cert, key) = (dir.path().join("cert.pem"), dir.path().join("key.pem"));
    let made = std::process::Command::new("openssl")
        .args([
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=localhost",
        ])
        .arg("-keyout")
        .arg(&key)
        .arg("-out")
        .arg(&cert)
        .output()
        .unwrap();
    assert!(made.status.success(), "{made:?}");
    let tls_port = port();
    let _tls = Server::start(
        std::process::Command::new("openssl")
            .args([
                "s_server",
                "-quiet",
                "-www",
                "-accept",
                &tls_port.to_string(),
            ])
            .arg("-cert")
            .arg(&cert)
            .arg("-key")
            .arg(&key),
        tls_port,
    );
    let tls = sites::check(&format!("https://localhost:{tls_port}"), "x", "y").unwrap_err();
    assert_eq!(tls.code(), "site_tls", "{tls}");

    // A site that sends Readerdesk to another host.
    let redirect_port = port();
    let script = r#"
import http.server, sys
class H(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(302)
        self.send_header('Location', 'http://127.0.0.2:9/')
        self.end_headers()
    def log_message(self, *a):
        pass
http.server.HTTPServer(('127.0.0.1', int(sys.argv[1])), H).serve_forever()
"#;
    let _redirect = Server::start(
        std::process::Command::new("python3").args(["-c", script, &redirect_port.to_string()]),
        redirect_port,
    );
    let moved = sites::check(&format!("http://127.0.0.1:{redirect_port}"), "x", "y").unwrap_err();
    assert_eq!(moved.code(), "site_redirect", "{moved}");
}

#[test]
fn a_site_without_pretty_permalinks_is_reached_at_rest_route() {
    let wp = WordPress::start();
    wp.seed(30);
    wp.php("update_option('permalink_structure', ''); flush_rewrite_rules();");
    let check = sites::check(&wp.url, &wp.admin_user, &wp.admin_password).unwrap();
    assert!(check.rest_route, "{check:?}");
    let desk = desk();
    let site = desk.connect(&wp);
    let report = desk.sync(&site);
    assert_eq!(report.new_comments, 30, "{report:?}");
    let pending = desk.comments_in("pending", 1);
    desk.decide(&keys(&pending), Decision::Approve);
    assert_eq!(desk.sync(&site).sent, 1);
    assert_eq!(wp.comment_row(pending[0].1).0, "1");
}

/// An approval undone before it was sent never reaches the site, not even for a moment; a
/// decision made after a settled conflict stays in line and goes out.
#[test]
fn only_a_comments_last_waiting_decision_is_sent() {
    let wp = WordPress::start();
    wp.seed(60);
    let desk = desk();
    let site = desk.connect(&wp);
    desk.sync(&site);
    let held = desk.comments_in("pending", 1).remove(0);
    desk.decide(std::slice::from_ref(&held.0), Decision::Approve);
    decisions::undo_last(&desk.store, &desk.who).unwrap();
    let report = desk.sync(&site);
    assert_eq!((report.sent, report.already_on_site), (0, 1), "{report:?}");
    assert!(wp.writes_log().is_empty(), "{:?}", wp.writes_log());
    assert_eq!(wp.comment_row(held.1).0, "0");

    // A conflict, then a newer decision on the same comment: settling keeps the newer one.
    wp.php(&format!("wp_set_comment_status({}, 'approve');", held.1));
    desk.decide(std::slice::from_ref(&held.0), Decision::Spam);
    assert_eq!(desk.sync(&site).conflicts, 1);
    desk.decide(std::slice::from_ref(&held.0), Decision::Trash);
    sites::settle(&desk.store, &desk.who, &held.0, Settle::KeepSite).unwrap();
    let after = desk.sync(&site);
    assert_eq!(after.sent, 1, "{after:?}");
    assert_eq!(wp.comment_row(held.1).0, "trash");
}
