//! A real WordPress on a loopback address for site-sync tests, through the project's own
//! `scripts/wordpress.sh` (MariaDB and `php -S`, all state in a temporary folder). Each test
//! gets its own site on a free port; dropping it stops every process it started.
#![allow(dead_code)]

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

pub struct WordPress {
    pub dir: tempfile::TempDir,
    pub port: u16,
    pub url: String,
    pub admin_user: String,
    pub admin_password: String,
    pub subscriber_user: String,
    pub subscriber_password: String,
}

/// The project's script, from the app's tests or the core's benchmarks alike.
fn script() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .map(|dir| dir.join("scripts/wordpress.sh"))
        .find(|path| path.exists())
        .expect("scripts/wordpress.sh in the checkout")
}

fn run(args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(script())
        .args(args)
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("scripts/wordpress.sh runs");
    if let Some(text) = stdin {
        use std::io::Write;
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(text.as_bytes())
            .expect("write stdin");
    }
    child.wait_with_output().expect("wordpress.sh finishes")
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

impl WordPress {
    /// A fresh, empty WordPress (an admin `editor1` and a subscriber `reader1`, each with an
    /// Application Password).
    pub fn start() -> WordPress {
        // A short path: MariaDB's socket lives inside it.
        let dir = tempfile::Builder::new()
            .prefix("wp")
            .tempdir_in("/tmp")
            .expect("temp dir");
        let port = free_port();
        let out = run(
            &["start", dir.path().to_str().unwrap(), &port.to_string()],
            None,
        );
        assert!(
            out.status.success(),
            "scripts/wordpress.sh start failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let env = String::from_utf8_lossy(&out.stdout).into_owned();
        let get = |key: &str| {
            env.lines()
                .find_map(|l| l.strip_prefix(&format!("{key}=")))
                .unwrap_or_else(|| panic!("{key} in {env}"))
                .to_owned()
        };
        WordPress {
            url: get("WP_URL"),
            admin_user: get("WP_ADMIN_USER"),
            admin_password: get("WP_ADMIN_PASSWORD"),
            subscriber_user: get("WP_SUBSCRIBER_USER"),
            subscriber_password: get("WP_SUBSCRIBER_PASSWORD"),
            dir,
            port,
        }
    }

    fn dir(&self) -> &str {
        self.dir.path().to_str().unwrap()
    }

    /// Seeds `n` deterministic comments; returns the script's JSON counts.
    pub fn seed(&self, n: usize) -> serde_json::Value {
        let out = run(&["seed", self.dir(), "--comments", &n.to_string()], None);
        assert!(
            out.status.success(),
            "seed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).expect("seed prints JSON")
    }

    /// Runs PHP inside the site (wp-load.php loaded, `$wpdb` at hand); returns what it echoes.
    pub fn php(&self, code: &str) -> String {
        let out = run(&["php", self.dir(), "-"], Some(code));
        assert!(
            out.status.success(),
            "php: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// comment_approved, comment_author_IP, comment_agent of one comment, read from the
    /// site's own database.
    pub fn comment_row(&self, id: i64) -> (String, String, String) {
        let out = self.php(&format!(
            "$c = $wpdb->get_row($wpdb->prepare(\"SELECT comment_approved, comment_author_IP, \
             comment_agent FROM $wpdb->comments WHERE comment_ID = %d\", {id}));\n\
             echo $c ? $c->comment_approved . \"\\t\" . $c->comment_author_IP . \"\\t\" . $c->comment_agent : 'none';"
        ));
        let mut parts = out.trim_end().splitn(3, '\t').map(str::to_owned);
        (
            parts.next().unwrap_or_default(),
            parts.next().unwrap_or_default(),
            parts.next().unwrap_or_default(),
        )
    }

    /// Takes the web server down (the database stays): the site is unreachable.
    pub fn stop_http(&self) {
        let out = run(&["stop-http", self.dir()], None);
        assert!(
            out.status.success(),
            "stop-http: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    /// Brings a stopped site back on its port.
    pub fn resume(&self) {
        let out = run(&["start", self.dir(), &self.port.to_string()], None);
        assert!(
            out.status.success(),
            "restart: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    /// The REST requests that changed something, one a line ("POST /wp/v2/comments/12"),
    /// logged by the test instance's must-use plugin.
    pub fn writes_log(&self) -> Vec<String> {
        std::fs::read_to_string(self.dir.path().join("rest-writes.log"))
            .unwrap_or_default()
            .lines()
            .map(str::to_owned)
            .collect()
    }
}

impl Drop for WordPress {
    fn drop(&mut self) {
        let _ = run(&["stop", self.dir()], None);
    }
}
