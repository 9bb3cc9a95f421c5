//! `readerdesk import donations` on the command line: the real binary recognizes the export,
//! prints the JSON summary the issue asks for (format, rows imported, rows skipped with
//! reasons, per-currency gross, fees, refunds and net in minor units), changes nothing on a
//! second run, reads an unknown CSV through a mapping file, and refuses what it cannot read
//! with the file named and nothing written.
use std::path::Path;
use std::process::Command;

use readerdesk_core::fundraising::import::{ColumnMapping, CurrencyColumn};
use readerdesk_core::Store;

fn readerdesk(db: &Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_readerdesk"))
        .arg("--db")
        .arg(db)
        .args(args)
        .output()
        .unwrap()
}

fn fixture(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/donations")
        .join(name)
        .display()
        .to_string()
}

fn donations_in(db: &Path) -> i64 {
    let store = Store::open(db).unwrap();
    store
        .read(|c| Ok(c.query_row("SELECT count(*) FROM donations", [], |r| r.get(0))?))
        .unwrap()
}

#[test]
fn import_donations_prints_the_summary_and_a_second_run_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("newsroom.db");
    let file = fixture("paypal_activity.csv");
    let out = readerdesk(&db, &["import", "donations", &file, "--json"]);
    assert!(out.status.success(), "{out:?}");
    let summary: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(summary["format"], "paypal_activity", "{summary}");
    assert_eq!(summary["imported"], 5);
    assert_eq!(summary["already_imported"], 0);
    let skipped = summary["skipped"].as_array().unwrap();
    assert_eq!(skipped.len(), 10);
    assert!(skipped.iter().all(|s| {
        s["line"].as_u64().is_some_and(|l| l > 1)
            && !s["field"].as_str().unwrap_or("").is_empty()
            && !s["reason"].as_str().unwrap_or("").is_empty()
    }));
    let totals = summary["totals"].as_array().unwrap();
    let usd = totals
        .iter()
        .find(|t| t["currency"] == "USD")
        .unwrap_or_else(|| panic!("{summary}"));
    assert_eq!(
        (
            usd["gross_minor"].as_i64(),
            usd["fee_minor"].as_i64(),
            usd["refunds_minor"].as_i64(),
            usd["net_minor"].as_i64()
        ),
        (Some(102_000), Some(2_432), Some(-22_000), Some(77_568))
    );
    assert_eq!(donations_in(&db), 5);

    let again = readerdesk(&db, &["import", "donations", &file, "--json"]);
    assert!(again.status.success(), "{again:?}");
    let summary: serde_json::Value = serde_json::from_slice(&again.stdout).unwrap();
    assert_eq!(
        (
            summary["imported"].as_u64(),
            summary["already_imported"].as_u64()
        ),
        (Some(0), Some(5))
    );
    assert_eq!(donations_in(&db), 5);

    // Without --json: the same figures for a person.
    let text = readerdesk(&db, &["import", "donations", &file]);
    let stdout = String::from_utf8(text.stdout).unwrap();
    assert!(
        stdout.contains("0 records, 5 already in the ledger, 10 rows skipped"),
        "{stdout}"
    );
}

#[test]
fn an_unknown_csv_needs_a_mapping_file_and_bad_input_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("newsroom.db");
    let file = fixture("generic_dd_mm.csv");

    let out = readerdesk(&db, &["import", "donations", &file, "--json"]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("generic_dd_mm.csv"), "{stderr}");
    assert_eq!(donations_in(&db), 0);

    let broken = dir.path().join("broken.json");
    std::fs::write(&broken, "{\"date\": \"Datum\",").unwrap();
    let out = readerdesk(
        &db,
        &[
            "import",
            "donations",
            &file,
            "--mapping",
            broken.to_str().unwrap(),
        ],
    );
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("broken.json") && stderr.contains("not a column mapping"),
        "{stderr}"
    );
    assert_eq!(donations_in(&db), 0);

    let mapping = ColumnMapping {
        source: "bank".into(),
        date: "Datum".into(),
        time: None,
        amount: "Betrag".into(),
        currency: CurrencyColumn::Column("Währung".into()),
        fee: Some("Gebühr".into()),
        net: None,
        id: Some("Referenz".into()),
        name: Some("Spender".into()),
        email: Some("E-Mail".into()),
        customer_id: None,
        country: None,
        kind: Some("Art".into()),
        original_id: Some("Bezug".into()),
        campaign: None,
        note: None,
    };
    let path = dir.path().join("mapping.json");
    std::fs::write(&path, serde_json::to_string_pretty(&mapping).unwrap()).unwrap();
    let out = readerdesk(
        &db,
        &[
            "import",
            "donations",
            &file,
            "--mapping",
            path.to_str().unwrap(),
            "--json",
        ],
    );
    assert!(out.status.success(), "{out:?}");
    let summary: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(summary["format"], "generic", "{summary}");
    assert_eq!(summary["imported"], 4);
    assert_eq!(summary["skipped"][0]["record"], "R4");
    assert_eq!(donations_in(&db), 4);

    // The mapping is remembered for this header: `--format generic` alone reads it again.
    let out = readerdesk(
        &db,
        &[
            "import",
            "donations",
            &file,
            "--format",
            "generic",
            "--json",
        ],
    );
    assert!(out.status.success(), "{out:?}");
    let summary: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(summary["already_imported"], 4);

    let missing = dir.path().join("nowhere.csv");
    let out = readerdesk(&db, &["import", "donations", missing.to_str().unwrap()]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("nowhere.csv"));
}

#[test]
fn import_rates_reads_the_ecb_history_and_refuses_a_bad_file_whole() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("newsroom.db");
    let file = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/rates/eurofxref-hist.csv")
        .display()
        .to_string();
    let out = readerdesk(&db, &["import", "rates", &file, "--json"]);
    assert!(out.status.success(), "{out:?}");
    let summary: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(summary["layout"], "ecb");
    assert_eq!(summary["rates"], 5);
    assert_eq!(
        summary["pairs"],
        serde_json::json!(["EUR/GBP", "EUR/JPY", "EUR/USD"])
    );

    let bad = dir.path().join("bad.csv");
    std::fs::write(
        &bad,
        "day,from,to,rate\n2024-03-06,EUR,USD,1.09\n2024-03-06,EUR,CHF,1,09\n",
    )
    .unwrap();
    let out = readerdesk(&db, &["import", "rates", bad.to_str().unwrap()]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("bad.csv") && stderr.contains("line 3"),
        "{stderr}"
    );
    let kept: i64 = Store::open(&db)
        .unwrap()
        .read(|c| Ok(c.query_row("SELECT count(*) FROM exchange_rates", [], |r| r.get(0))?))
        .unwrap();
    assert_eq!(kept, 5, "nothing of bad.csv was written");
}

/// A real PayPal download whose time-zone cell reads `+1é2` made the command line panic (exit
/// 101, a byte slice inside "é"): now that row is skipped with its line and field named.
#[test]
fn a_time_zone_cell_that_is_not_a_zone_skips_its_row_instead_of_crashing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("newsroom.db");
    let text = std::fs::read_to_string(fixture("paypal_activity.csv"))
        .unwrap()
        .replacen("\"09:00:00\",\"PDT\"", "\"09:00:00\",\"+1é2\"", 1);
    let file = dir.path().join("activity.csv");
    std::fs::write(&file, text).unwrap();
    let out = readerdesk(
        &db,
        &["import", "donations", file.to_str().unwrap(), "--json"],
    );
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let summary: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let skipped = summary["skipped"].as_array().unwrap();
    let zone = skipped
        .iter()
        .find(|s| s["field"] == "TimeZone")
        .unwrap_or_else(|| panic!("{skipped:?}"));
    assert_eq!(zone["line"], 2);
    assert!(zone["reason"].as_str().unwrap().contains("+1é2"));
}
