//! End-to-end harness: starts tauri-driver (WebKitWebDriver underneath) on free ports, launches
//! the real `readerdesk` binary on the test's own database through READERDESK_DB, and hands the
//! test a WebDriver session. Needs a display (the README's test command runs under xvfb-run),
//! `tauri-driver` and `WebKitWebDriver`; without them the test fails and says what is missing.
#![allow(dead_code)]

use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::json;

/// One app window at a time: the machine has two cores and WebKit is heavy.
static ONE_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

pub const WAIT: Duration = Duration::from_secs(30);

pub struct App {
    pub client: Client,
    /// The launch's name: names its screenshots and driver log.
    name: String,
    driver: Child,
    _turn: tokio::sync::MutexGuard<'static, ()>,
}

fn tauri_driver() -> PathBuf {
    if let Some(path) = std::env::var_os("TAURI_DRIVER") {
        return PathBuf::from(path);
    }
    let cargo_bin = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cargo")))
        .map(|home| home.join("bin/tauri-driver"));
    match cargo_bin {
        Some(path) if path.exists() => path,
        _ => PathBuf::from("tauri-driver"),
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|addr| addr.port())
        .expect("a free local port")
}

/// Where screenshots and logs of end-to-end runs go: target/e2e-artifacts.
pub fn artifacts_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/e2e-artifacts");
    std::fs::create_dir_all(&dir).expect("create target/e2e-artifacts");
    dir
}

impl App {
    /// Launches the app on `db` (which need not exist yet).
    pub async fn launch(db: &Path, name: &str) -> App {
        App::launch_with(db, name, &[]).await
    }

    /// Launches the app with extra environment variables for it.
    pub async fn launch_with(db: &Path, name: &str, env: &[(&str, &Path)]) -> App {
        let program = Path::new(env!("CARGO_BIN_EXE_readerdesk"));
        App::launch_program(program, db, name, env).await
    }

    /// Launches `program` (another build of the app, such as the one a package installs).
    pub async fn launch_program(
        program: &Path,
        db: &Path,
        name: &str,
        env: &[(&str, &Path)],
    ) -> App {
        let turn = ONE_AT_A_TIME.lock().await;
        assert!(
            std::env::var_os("DISPLAY").is_some() || std::env::var_os("WAYLAND_DISPLAY").is_some(),
            "end-to-end tests need a display: run them through the README's test command (xvfb-run)"
        );
        // The attempts below append to the launch's driver log: start it afresh.
        let _ = std::fs::remove_file(artifacts_dir().join(format!("{name}.driver.log")));
        let mut attempt = 1;
        loop {
            match App::start_driver(program, db, name, env).await {
                Ok((driver, client)) => {
                    return App {
                        client,
                        name: name.to_owned(),
                        driver,
                        _turn: turn,
                    }
                }
                // A dropped connection. Seen in a full run: a port free_port handed out was
                // taken before WebKitWebDriver bound it ("Unable to listen"), and every
                // session asked of that driver failed. A new driver on new ports.
                Err(err) if attempt < 3 => {
                    eprintln!(
                        "e2e: session attempt {attempt} failed ({err}); new driver, new ports"
                    );
                    attempt += 1;
                    tokio::time::sleep(Duration::from_millis(500)).await;
                }
                Err(err) => panic!("no WebDriver session with the app: {err}"),
            }
        }
    }

    /// Starts tauri-driver on two free ports and asks it for a session with `program`. A
    /// dropped connection is returned (the driver stopped) for the caller to try again; a
    /// refused session is a real failure.
    async fn start_driver(
        program: &Path,
        db: &Path,
        name: &str,
        env: &[(&str, &Path)],
    ) -> Result<(Child, Client), fantoccini::error::NewSessionError> {
        let port = free_port();
        let native_port = free_port();
        // Appended: the log of a failed attempt stays beside the next one's.
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(artifacts_dir().join(format!("{name}.driver.log")))
            .expect("driver log file");
        let driver = Command::new(tauri_driver())
            .args([
                "--port",
                &port.to_string(),
                "--native-port",
                &native_port.to_string(),
            ])
            .env("READERDESK_DB", db)
            .envs(env.iter().map(|(k, v)| (*k, *v)))
            .stdout(Stdio::from(log.try_clone().expect("log handle")))
            .stderr(Stdio::from(log))
            .spawn()
            .unwrap_or_else(|err| {
                panic!(
                    "could not start tauri-driver ({err}); the README's test command installs it \
                     (cargo install tauri-driver --locked)"
                )
            });
        let mut app = AppStarting {
            driver: Some(driver),
        };
        // tauri-driver listens first and starts WebKitWebDriver behind it; a session asked
        // for before both listen fails with a dropped connection.
        let started = Instant::now();
        for listening in [port, native_port] {
            while TcpStream::connect(("127.0.0.1", listening)).is_err() {
                assert!(
                    started.elapsed() < WAIT,
                    "nothing listened on port {listening}"
                );
                std::thread::sleep(Duration::from_millis(100));
            }
        }
        let capabilities = json!({
            "browserName": "wry",
            "tauri:options": { "application": program },
        });
        let capabilities = match capabilities {
            serde_json::Value::Object(map) => map,
            _ => unreachable!("a JSON object literal"),
        };
        let mut builder =
            ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new());
        builder.capabilities(capabilities);
        let url = format!("http://127.0.0.1:{port}");
        match builder.connect(&url).await {
            Ok(client) => Ok((app.driver.take().expect("driver"), client)),
            Err(
                err @ (fantoccini::error::NewSessionError::FailedC(_)
                | fantoccini::error::NewSessionError::Lost(_)),
            ) => Err(err),
            Err(err) => panic!("no WebDriver session with the app: {err}"),
        }
    }

    pub async fn find(&self, css: &str) -> fantoccini::elements::Element {
        let found = self
            .client
            .wait()
            .at_most(WAIT)
            .for_element(Locator::Css(css))
            .await;
        match found {
            Ok(element) => element,
            Err(err) => {
                self.screenshot(&format!("{}-timeout", self.name)).await;
                panic!("no element {css:?} appeared: {err}")
            }
        }
    }

    /// Waits for `css` and clicks it.
    pub async fn click(&self, css: &str) {
        self.find(css)
            .await
            .click()
            .await
            .unwrap_or_else(|err| panic!("clicking {css:?} failed: {err}"));
    }

    /// Waits until `css` matches an element whose text contains `text`.
    pub async fn find_text(&self, css: &str, text: &str) -> fantoccini::elements::Element {
        let started = Instant::now();
        loop {
            for element in self
                .client
                .find_all(Locator::Css(css))
                .await
                .unwrap_or_default()
            {
                if element
                    .text()
                    .await
                    .map(|t| t.contains(text))
                    .unwrap_or(false)
                {
                    return element;
                }
            }
            if started.elapsed() > WAIT {
                self.screenshot(&format!("{}-timeout", self.name)).await;
                panic!("no {css:?} containing {text:?} appeared");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Presses keys on whatever has focus, as a person would (W3C key actions). Each char is
    /// one key; `fantoccini::key::Key` values give Enter, Escape and the modifiers.
    pub async fn press(&self, keys: &[char]) {
        use fantoccini::actions::{InputSource, KeyAction, KeyActions};
        let mut actions = KeyActions::new("keyboard".to_owned());
        for key in keys {
            actions = actions
                .then(KeyAction::Down { value: *key })
                .then(KeyAction::Up { value: *key });
        }
        self.client
            .perform_actions(actions)
            .await
            .unwrap_or_else(|err| panic!("pressing {keys:?} failed: {err}"));
    }

    /// Presses `key` while holding `modifier` (Control, Shift).
    pub async fn chord(&self, modifier: fantoccini::key::Key, key: char) {
        use fantoccini::actions::{InputSource, KeyAction, KeyActions};
        let modifier = char::from(modifier);
        let actions = KeyActions::new("keyboard".to_owned())
            .then(KeyAction::Down { value: modifier })
            .then(KeyAction::Down { value: key })
            .then(KeyAction::Up { value: key })
            .then(KeyAction::Up { value: modifier });
        self.client
            .perform_actions(actions)
            .await
            .unwrap_or_else(|err| panic!("pressing {key:?} with a modifier failed: {err}"));
    }

    /// Waits until `script` (an expression) evaluates to something other than `null`/`false`
    /// and returns it.
    pub async fn until(&self, what: &str, expression: &str) -> serde_json::Value {
        let started = Instant::now();
        loop {
            let value = self.js(&format!("return ({expression});")).await;
            if !(value.is_null() || value == serde_json::Value::Bool(false)) {
                return value;
            }
            if started.elapsed() > WAIT {
                self.screenshot(&format!("{}-timeout", self.name)).await;
                panic!("timed out waiting for {what}: {expression}");
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    pub async fn js(&self, script: &str) -> serde_json::Value {
        self.client
            .execute(script, vec![])
            .await
            .unwrap_or_else(|err| panic!("script failed: {err}\n{script}"))
    }

    /// Saves a PNG of the window to target/e2e-artifacts/NAME.png and returns its path.
    pub async fn screenshot(&self, name: &str) -> PathBuf {
        let path = artifacts_dir().join(format!("{name}.png"));
        if let Ok(png) = self.client.screenshot().await {
            let _ = std::fs::write(&path, png);
        }
        path
    }

    /// The process id of tauri-driver: the app and its WebKit processes run below it.
    pub fn driver_pid(&self) -> u32 {
        self.driver.id()
    }

    /// Ends the session and stops tauri-driver with SIGTERM (SIGKILL would leave
    /// WebKitWebDriver holding its port).
    pub async fn quit(mut self) {
        let _ = self.client.clone().close().await;
        stop(&mut self.driver);
    }
}

impl Drop for App {
    fn drop(&mut self) {
        stop(&mut self.driver);
    }
}

/// Stops the driver if `launch` panics before the session exists.
struct AppStarting {
    driver: Option<Child>,
}

impl Drop for AppStarting {
    fn drop(&mut self) {
        if let Some(driver) = self.driver.as_mut() {
            stop(driver);
        }
    }
}

fn stop(driver: &mut Child) {
    if let Ok(Some(_)) = driver.try_wait() {
        return;
    }
    let _ = Command::new("kill")
        .args(["-TERM", &driver.id().to_string()])
        .status();
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(10) {
        if let Ok(Some(_)) = driver.try_wait() {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = driver.kill();
    let _ = driver.wait();
}
