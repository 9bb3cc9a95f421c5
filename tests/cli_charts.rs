//! `readerdesk chart` and `readerdesk report` on the command line, on the demo newsroom: a PNG
//! of the size asked, an SVG with its title, a report folder with every chart and the summary,
//! and clear refusals (an unknown kind, an unknown campaign, a file type it cannot write).
use std::path::Path;
use std::process::Command;

fn readerdesk(db: &Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_readerdesk"))
        .arg("--db")
        .arg(db)
        .args(args)
        .output()
        .unwrap()
}

fn png_size(bytes: &[u8]) -> (u32, u32) {
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
    let w = u32::from_be_bytes(bytes[16..20].try_into().unwrap());
    let h = u32::from_be_bytes(bytes[20..24].try_into().unwrap());
    (w, h)
}

#[test]
fn charts_and_the_report_come_out_of_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    let out = readerdesk(&db, &["demo", "--anchor", "2026-11-01"]);
    assert!(out.status.success(), "{out:?}");

    let png = dir.path().join("monthly.png");
    let out = readerdesk(
        &db,
        &[
            "chart",
            "monthly",
            "--out",
            png.to_str().unwrap(),
            "--width",
            "800",
            "--height",
            "450",
            "--theme",
            "dark",
        ],
    );
    assert!(out.status.success(), "{out:?}");
    assert_eq!(png_size(&std::fs::read(&png).unwrap()), (800, 450));

    let svg = dir.path().join("timeline.svg");
    let out = readerdesk(
        &db,
        &[
            "chart",
            "timeline",
            "--from",
            "2026-09-01",
            "--to",
            "2026-11-01",
            "--out",
            svg.to_str().unwrap(),
        ],
    );
    assert!(out.status.success(), "{out:?}");
    let text = std::fs::read_to_string(&svg).unwrap();
    assert!(
        text.contains("Reader support: whole site"),
        "{}",
        &text[..200.min(text.len())]
    );

    let report = dir.path().join("report");
    let out = readerdesk(
        &db,
        &[
            "report",
            "--out",
            report.to_str().unwrap(),
            "--campaign",
            "keep us online: reader drive",
        ],
    );
    assert!(out.status.success(), "{out:?}");
    let mut files: Vec<String> = std::fs::read_dir(&report)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    assert_eq!(files.len(), 17, "{files:?}");
    assert!(files.contains(&"summary.png".to_string()));
    assert_eq!(
        png_size(&std::fs::read(report.join("summary.png")).unwrap()),
        (1200, 1500)
    );

    let bad = readerdesk(
        &db,
        &[
            "chart",
            "pie",
            "--out",
            dir.path().join("p.png").to_str().unwrap(),
        ],
    );
    // An unknown chart is refused by the argument parser, which lists the charts.
    assert!(!bad.status.success());
    let err = String::from_utf8_lossy(&bad.stderr);
    assert!(
        err.contains("invalid value 'pie'") && err.contains("heatmap"),
        "{err}"
    );
    let bad = readerdesk(
        &db,
        &[
            "chart",
            "progress",
            "--campaign",
            "Nope",
            "--out",
            dir.path().join("p.png").to_str().unwrap(),
        ],
    );
    let err = String::from_utf8_lossy(&bad.stderr);
    assert!(
        err.contains("Keep us online"),
        "the campaigns are named: {err}"
    );
    let bad = readerdesk(
        &db,
        &[
            "chart",
            "progress",
            "--out",
            dir.path().join("p.gif").to_str().unwrap(),
        ],
    );
    assert!(String::from_utf8_lossy(&bad.stderr).contains(".svg or .png"));
    assert!(!dir.path().join("p.png").exists() && !dir.path().join("p.gif").exists());
}
