//! The Debian package: extracted into a temporary root with `dpkg-deb -x`, its control fields
//! and files are what a newsroom laptop needs, and the extracted binary opens the window on a
//! new database at its first-start screen. `scripts/package.sh` builds the package and runs this
//! with READERDESK_DEB; the README's test command builds a debug package first and sets
//! READERDESK_PACKAGE_TEST=required, so that a package that failed to build fails here too.
mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::App;

fn arch() -> String {
    let out = Command::new("dpkg")
        .arg("--print-architecture")
        .output()
        .expect("dpkg runs");
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

/// The package to test, or None when there is none and none is required.
fn package() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("READERDESK_DEB") {
        return Some(PathBuf::from(path));
    }
    let name = format!("readerdesk_{}_{}.deb", env!("CARGO_PKG_VERSION"), arch());
    let debug = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("target/debug/bundle/deb")
        .join(name);
    let required = std::env::var("READERDESK_PACKAGE_TEST").is_ok_and(|v| v == "required");
    if debug.exists() || required {
        return Some(debug);
    }
    eprintln!("package test skipped: no package built (scripts/package.sh builds one)");
    None
}

fn dpkg_deb(args: &[&str], deb: &Path) -> String {
    let out = Command::new("dpkg-deb")
        .args(args)
        .arg(deb)
        .output()
        .expect("dpkg-deb runs");
    assert!(
        out.status.success(),
        "dpkg-deb {args:?} {}: {}",
        deb.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn control_field<'a>(control: &'a str, name: &str) -> &'a str {
    control
        .lines()
        .find_map(|line| line.strip_prefix(&format!("{name}: ")))
        .unwrap_or_else(|| panic!("no {name} field in the control file:\n{control}"))
}

fn check_control(deb: &Path) {
    let control = dpkg_deb(&["-f"], deb);
    assert_eq!(control_field(&control, "Package"), "readerdesk");
    assert_eq!(
        control_field(&control, "Version"),
        env!("CARGO_PKG_VERSION")
    );
    assert_eq!(control_field(&control, "Architecture"), arch());
    let depends: Vec<&str> = control_field(&control, "Depends")
        .split(',')
        .map(|d| d.split_whitespace().next().unwrap_or(""))
        .collect();
    assert!(depends.contains(&"libwebkit2gtk-4.1-0"), "{depends:?}");
    assert!(depends.contains(&"libgtk-3-0"), "{depends:?}");
    // The OS keyring (Secret Service) is reached over D-Bus through libdbus.
    assert!(depends.contains(&"libdbus-1-3"), "{depends:?}");
    assert!(
        depends.iter().all(|d| !d.ends_with("-dev")),
        "a runtime package never depends on -dev packages: {depends:?}"
    );
    assert!(control_field(&control, "Description").contains("newsroom"));
}

fn check_files(root: &Path) {
    let binary = root.join("usr/bin/readerdesk");
    let mode = std::os::unix::fs::PermissionsExt::mode(
        &std::fs::metadata(&binary)
            .unwrap_or_else(|err| panic!("{}: {err}", binary.display()))
            .permissions(),
    );
    assert_eq!(mode & 0o111, 0o111, "usr/bin/readerdesk is executable");
    let desktop = std::fs::read_to_string(root.join("usr/share/applications/Readerdesk.desktop"))
        .expect("the package installs a desktop entry");
    for line in [
        "Name=Readerdesk",
        "Exec=readerdesk",
        "Icon=readerdesk",
        "Type=Application",
        "Categories=Office;News;",
    ] {
        assert!(
            desktop.lines().any(|l| l == line),
            "{line:?} in:\n{desktop}"
        );
    }
    for size in ["32x32", "128x128"] {
        let icon = root.join(format!(
            "usr/share/icons/hicolor/{size}/apps/readerdesk.png"
        ));
        let bytes = std::fs::read(&icon).unwrap_or_else(|err| panic!("{}: {err}", icon.display()));
        assert!(
            bytes.starts_with(b"\x89PNG\r\n\x1a\n"),
            "{} is a PNG",
            icon.display()
        );
    }
}

#[tokio::test]
async fn the_package_installs_a_binary_that_opens_the_window() {
    let Some(deb) = package() else { return };
    assert!(
        deb.exists(),
        "no package at {}: scripts/package.sh --debug builds it",
        deb.display()
    );
    check_control(&deb);
    let root = tempfile::tempdir().unwrap();
    let out = Command::new("dpkg-deb")
        .arg("-x")
        .arg(&deb)
        .arg(root.path())
        .output()
        .expect("dpkg-deb runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    check_files(root.path());

    let data = tempfile::tempdir().unwrap();
    let db = data.path().join("newsroom.db");
    let binary = root.path().join("usr/bin/readerdesk");
    let app = App::launch_program(&binary, &db, "package", &[]).await;
    let demo = app.find("[data-testid=choose-demo]").await;
    assert_eq!(demo.text().await.unwrap(), "Open the demo newsroom");
    app.screenshot("package-first_start").await;
    app.quit().await;
    let size = std::fs::metadata(&deb).map(|m| m.len()).unwrap_or(0);
    eprintln!("package: {} is {:.1} MB", deb.display(), size as f64 / 1e6);
}
