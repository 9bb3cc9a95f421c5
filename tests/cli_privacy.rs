//! The privacy commands with the real binary, acting as the file's owner: `person export`
//! (an access request), `erase reader` with `--prune-backups`, `erase donor`, and refusals that
//! name what was not found.
use std::path::Path;
use std::process::{Command, Output};

use readerdesk_core::model::{Queue, Sort};
use readerdesk_core::moderation::moderators::Moderator;
use readerdesk_core::moderation::queue::{self, QueueFilter};
use readerdesk_core::Store;

fn readerdesk(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_readerdesk"))
        .arg("--db")
        .arg(db)
        .args(args)
        .output()
        .unwrap()
}

fn stdout(out: &Output) -> String {
    assert!(out.status.success(), "{out:?}");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn export_then_erase_a_reader_and_a_donor_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("newsroom.db");
    stdout(&readerdesk(&db, &["demo", "--anchor", "2026-11-27"]));
    stdout(&readerdesk(&db, &["backup"]));
    let (email, donor_email) = {
        let store = Store::open(&db).unwrap();
        let page = queue::page(
            &store,
            Queue::Pending,
            &QueueFilter::default(),
            Sort::Newest,
            None,
            50,
        )
        .unwrap();
        let email = page
            .items
            .iter()
            .find_map(|i| {
                queue::card(&store, &Moderator::owner(), &i.id)
                    .unwrap()
                    .author_email
            })
            .unwrap();
        let donor: String = store
            .read(|c| {
                Ok(c.query_row(
                    "SELECT email_normalized FROM donors WHERE email_normalized IS NOT NULL
                     ORDER BY id LIMIT 1",
                    [],
                    |r| r.get(0),
                )?)
            })
            .unwrap();
        (email, donor)
    };

    let out = dir.path().join("person.json");
    let said = stdout(&readerdesk(
        &db,
        &["person", "export", &email, "--out", out.to_str().unwrap()],
    ));
    assert!(said.contains("comments"), "{said}");
    assert!(std::fs::read_to_string(&out).unwrap().contains(&email));

    let said = stdout(&readerdesk(
        &db,
        &["erase", "reader", &email, "--prune-backups"],
    ));
    assert!(said.contains("Erased reader 1"), "{said}");
    assert!(said.contains("Deleted 1 backups"), "{said}");
    let said = stdout(&readerdesk(&db, &["erase", "donor", &donor_email]));
    assert!(
        said.contains("Erased donor 1") && said.contains("every total stays"),
        "{said}"
    );

    let again = readerdesk(&db, &["erase", "reader", &email]);
    assert!(!again.status.success());
    let err = String::from_utf8_lossy(&again.stderr);
    assert!(err.contains("[not_found]") && err.contains(&email), "{err}");
    let bytes = std::fs::read(&db).unwrap();
    for needle in [&email, &donor_email] {
        assert!(
            !bytes.windows(needle.len()).any(|w| w == needle.as_bytes()),
            "{needle}"
        );
    }
}
