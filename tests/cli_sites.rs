//! The command line against a real WordPress on loopback: `profile add`, `site add` (password
//! on standard input), `site list`, `sync --json`, `comment approve|spam wp:ID --as`, a
//! conflict making `sync` exit non-zero, and `site remove`.
mod wordpress;

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use wordpress::WordPress;

fn readerdesk(db: &Path, args: &[&str], stdin: Option<&str>) -> Output {
    run_cli(db, args, stdin, None)
}

/// Runs the real binary: with the password file, or (given a D-Bus address) with the keyring
/// on that bus. It must answer within two minutes: a keyring that never answers fails the test
/// instead of hanging it.
fn run_cli(db: &Path, args: &[&str], stdin: Option<&str>, bus: Option<&str>) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_readerdesk"));
    command.arg("--db").arg(db).args(args);
    match bus {
        Some(address) => command
            .env_remove("READERDESK_SECRETS")
            .env("DBUS_SESSION_BUS_ADDRESS", address),
        None => command.env("READERDESK_SECRETS", "file"),
    };
    let mut child = command
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    if let Some(text) = stdin {
        child
            .stdin
            .take()
            .unwrap()
            .write_all(text.as_bytes())
            .unwrap();
    }
    within(
        std::time::Duration::from_secs(120),
        "readerdesk",
        move || child.wait_with_output().unwrap(),
    )
}

fn json(out: &Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|err| panic!("{err}: {}", String::from_utf8_lossy(&out.stdout)))
}

#[test]
fn the_command_line_connects_syncs_and_moderates_by_the_sites_own_ids() {
    let wp = WordPress::start();
    wp.seed(150);
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("newsroom.db");

    let out = readerdesk(&db, &["profile", "add", "Ana", "--role", "moderator"], None);
    assert!(out.status.success(), "{out:?}");
    let out = readerdesk(&db, &["profile", "add", "Bo", "--role", "moderator"], None);
    assert!(out.status.success(), "{out:?}");

    let wrong = readerdesk(
        &db,
        &[
            "site",
            "add",
            &wp.url,
            "--user",
            &wp.admin_user,
            "--password-stdin",
        ],
        Some("nope nope nope nope nope nope\n"),
    );
    assert!(!wrong.status.success());
    assert!(
        String::from_utf8_lossy(&wrong.stderr).contains("[site_auth]"),
        "{wrong:?}"
    );

    let add = readerdesk(
        &db,
        &[
            "site",
            "add",
            &wp.url,
            "--user",
            &wp.admin_user,
            "--password-stdin",
            "--json",
        ],
        Some(&format!("{}\n", wp.admin_password)),
    );
    assert!(add.status.success(), "{add:?}");
    assert_eq!(json(&add)["password_store"], "file");

    let list = readerdesk(&db, &["site", "list", "--json"], None);
    assert_eq!(json(&list)[0]["base_url"], wp.url.as_str());

    let sync = readerdesk(&db, &["sync", "--json"], None);
    assert!(sync.status.success(), "{sync:?}");
    let report = json(&sync);
    assert_eq!(report["sites"][0]["new_comments"], 150);

    // Comment 2 is held on the site (the seed makes its first four one of each status).
    let ours = readerdesk(&db, &["comment", "approve", "wp:2", "--as", "Ana"], None);
    assert!(ours.status.success(), "{ours:?}");
    assert!(String::from_utf8_lossy(&ours.stdout).contains("wait for the site"));
    let sync = readerdesk(&db, &["sync", "--json"], None);
    assert!(sync.status.success(), "{sync:?}");
    assert_eq!(json(&sync)["sites"][0]["sent"], 1);
    assert_eq!(wp.comment_row(2).0, "1");

    // Changed in wp-admin after our pull, decided otherwise here: a conflict, exit 1.
    wp.php("wp_set_comment_status(2, 'hold');");
    let bo = readerdesk(&db, &["comment", "spam", "wp:2", "--as", "Bo"], None);
    assert!(bo.status.success(), "{bo:?}");
    let sync = readerdesk(&db, &["sync", "--json"], None);
    assert!(
        !sync.status.success(),
        "a conflict makes sync exit non-zero"
    );
    let report = json(&sync);
    assert_eq!(report["sites"][0]["conflicts"], 1);
    assert_eq!(report["conflicts"][0]["site_now"], "hold");
    assert!(String::from_utf8_lossy(&sync.stderr).contains("[sync_incomplete]"));
    assert_eq!(wp.comment_row(2).0, "0", "the site keeps its status");

    let unknown = readerdesk(
        &db,
        &["comment", "approve", "wp:999999", "--as", "Ana"],
        None,
    );
    assert!(!unknown.status.success());
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("[not_found]"));
    let nobody = readerdesk(&db, &["comment", "approve", "wp:3", "--as", "Zed"], None);
    assert!(String::from_utf8_lossy(&nobody.stderr).contains("no profile called"));

    let remove = readerdesk(&db, &["site", "remove", &wp.url], None);
    assert!(remove.status.success(), "{remove:?}");
    let list = readerdesk(&db, &["site", "list", "--json"], None);
    assert_eq!(json(&list), serde_json::json!([]));
    let credentials = std::fs::read_to_string(dir.path().join("newsroom.db.credentials")).unwrap();
    assert!(!credentials.contains(&wp.admin_password));
}

/// A private D-Bus session with GNOME Keyring's Secret Service, unlocked, in temporary
/// folders (the person's own keyring is never touched); both stop on drop. The bus starts no
/// services by itself: otherwise a call made before our daemon registered would start a
/// second, locked keyring whose unlock prompt no one answers.
struct Keyring {
    bus: std::process::Child,
    daemon: std::process::Child,
    address: String,
    _home: tempfile::TempDir,
}

const BUS_CONFIG: &str = r#"<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:tmpdir=/tmp</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"#;

/// Runs `work` on its own thread and gives up after `limit`: a call that never answers fails
/// the test instead of hanging it.
fn within<T: Send + 'static>(
    limit: std::time::Duration,
    what: &str,
    work: impl FnOnce() -> T + Send + 'static,
) -> T {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(work());
    });
    rx.recv_timeout(limit)
        .unwrap_or_else(|_| panic!("{what} did not answer within {limit:?}"))
}

impl Keyring {
    fn start() -> Keyring {
        use std::io::BufRead;
        let home = tempfile::tempdir().unwrap();
        let config = home.path().join("bus.conf");
        std::fs::write(&config, BUS_CONFIG).unwrap();
        let mut bus = Command::new("dbus-daemon")
            .arg(format!("--config-file={}", config.display()))
            .args(["--nofork", "--print-address=1"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("dbus-daemon (the README's test command installs it)");
        let mut address = String::new();
        std::io::BufReader::new(bus.stdout.take().unwrap())
            .read_line(&mut address)
            .unwrap();
        let address = address.trim().to_owned();
        let mut daemon = Command::new("gnome-keyring-daemon")
            .args(["--foreground", "--unlock", "--components=secrets"])
            .env("DBUS_SESSION_BUS_ADDRESS", &address)
            .env("XDG_DATA_HOME", home.path())
            .env("XDG_RUNTIME_DIR", home.path())
            .env("HOME", home.path())
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("gnome-keyring-daemon (the README's test command installs it)");
        // The unlock password of this throwaway keyring, then end of input.
        daemon.stdin.take().unwrap().write_all(b"test").unwrap();
        std::env::set_var("DBUS_SESSION_BUS_ADDRESS", &address);
        let keyring = Keyring {
            bus,
            daemon,
            address,
            _home: home,
        };
        // Ready once the Secret Service answers on the bus.
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
        loop {
            let stored = within(
                std::time::Duration::from_secs(20),
                "the Secret Service",
                || {
                    keyring::Entry::new("org.readerdesk.test", "probe")
                        .and_then(|probe| probe.set_password("x"))
                },
            );
            match stored {
                Ok(()) => break,
                Err(err) => assert!(
                    std::time::Instant::now() < deadline,
                    "the Secret Service did not start: {err}"
                ),
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        keyring
    }
}

impl Drop for Keyring {
    fn drop(&mut self) {
        for child in [&mut self.daemon, &mut self.bus] {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

#[test]
fn with_a_keyring_the_password_goes_there_and_leaves_with_the_site() {
    let keyring = Keyring::start();
    let wp = WordPress::start();
    wp.seed(20);
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("newsroom.db");
    let run =
        |args: &[&str], stdin: Option<&str>| run_cli(&db, args, stdin, Some(&keyring.address));
    assert!(run(&["profile", "add", "Ana", "--role", "moderator"], None)
        .status
        .success());
    let add = run(
        &[
            "site",
            "add",
            &wp.url,
            "--user",
            &wp.admin_user,
            "--password-stdin",
            "--json",
        ],
        Some(&format!("{}\n", wp.admin_password)),
    );
    assert!(add.status.success(), "{add:?}");
    let site = json(&add);
    assert_eq!(site["password_store"], "keyring");
    assert!(!dir.path().join("newsroom.db.credentials").exists());
    let id = site["id"].as_str().unwrap().to_owned();
    let read = |id: String| {
        within(
            std::time::Duration::from_secs(20),
            "the keyring",
            move || keyring::Entry::new("org.readerdesk.app", &id).and_then(|e| e.get_password()),
        )
    };
    assert_eq!(read(id.clone()).unwrap(), wp.admin_password);

    let sync = run(&["sync", "--json"], None);
    assert!(
        sync.status.success(),
        "the sync reads the password from the keyring: {sync:?}"
    );
    assert_eq!(json(&sync)["sites"][0]["new_comments"], 20);

    assert!(run(&["site", "remove", &wp.url], None).status.success());
    assert!(matches!(read(id), Err(keyring::Error::NoEntry)));
}
