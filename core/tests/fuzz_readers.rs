//! No input panics: every reader of outside files (WXR, Disqus, comment CSV and JSON, every
//! donation format, a column mapping, exchange rates) and the date, time-zone and amount parsers
//! get arbitrary bytes and mutations of real files, and must answer with records, skips or an
//! error, never a panic. Each property runs PROPTEST_CASES cases (default below); a longer run:
//!
//!     PROPTEST_CASES=20000 cargo test -p readerdesk-core --release --test fuzz_readers
use std::io::Cursor;
use std::path::Path;

use chrono_tz::Tz;
use proptest::prelude::*;
use readerdesk_core::fundraising::amount;
use readerdesk_core::fundraising::import::dates::{self, DateOrder};
use readerdesk_core::fundraising::import::{self as donations, ColumnMapping, Format, ReadOptions};
use readerdesk_core::import::{comments_csv, comments_json, disqus, wxr};

fn fixture(path: &str) -> Vec<u8> {
    std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../tests/fixtures")
            .join(path),
    )
    .unwrap_or_else(|err| panic!("fixture {path}: {err}"))
}

/// Bytes that break parsers: multi-byte UTF-8 (the `+1é2` of a real PayPal export), quotes,
/// separators, XML and JSON punctuation, digits, signs, NUL and invalid UTF-8.
fn nasty() -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(
        prop_oneof![
            Just(b"\xc3\xa9".to_vec()),
            Just("ё".as_bytes().to_vec()),
            Just("€".as_bytes().to_vec()),
            Just(b"\xff".to_vec()),
            Just(b"\0".to_vec()),
            Just(b"\"".to_vec()),
            Just(b",".to_vec()),
            Just(b";".to_vec()),
            Just(b"\n".to_vec()),
            Just(b"\r\n".to_vec()),
            Just(b"<".to_vec()),
            Just(b">".to_vec()),
            Just(b"&".to_vec()),
            Just(b"]]>".to_vec()),
            Just(b"{".to_vec()),
            Just(b"[".to_vec()),
            Just(b"+".to_vec()),
            Just(b"-".to_vec()),
            Just(b":".to_vec()),
            Just(b".".to_vec()),
            Just(b"99999999999999999999".to_vec()),
            any::<u8>().prop_map(|b| vec![b]),
            (b'0'..=b'9').prop_map(|b| vec![b]),
        ],
        0..12,
    )
    .prop_map(|parts| parts.concat())
}

/// A real file with a few spans replaced by nasty bytes, or cut short.
fn mutated(original: Vec<u8>) -> impl Strategy<Value = Vec<u8>> {
    let len = original.len().max(1);
    (
        prop::collection::vec((0..len, 0..8usize, nasty()), 1..6),
        prop::option::of(0..len),
    )
        .prop_map(move |(edits, cut)| {
            let mut bytes = original.clone();
            for (at, remove, insert) in edits {
                let at = at.min(bytes.len());
                let end = (at + remove).min(bytes.len());
                bytes.splice(at..end, insert);
            }
            if let Some(cut) = cut {
                bytes.truncate(cut.min(bytes.len()));
            }
            bytes
        })
}

fn any_bytes() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![prop::collection::vec(any::<u8>(), 0..2000), nasty()]
}

fn drain_comments(bytes: &[u8]) {
    for reader in [
        wxr::read,
        disqus::read,
        comments_csv::read,
        comments_json::read,
    ] {
        for item in reader(Cursor::new(bytes), "fuzz") {
            match item {
                // Every skipped record names its field and says why.
                Ok(readerdesk_core::import::Item::Skipped(skip)) => {
                    assert!(
                        !skip.field.is_empty() && !skip.reason.is_empty(),
                        "{skip:?}"
                    );
                }
                Ok(_) => {}
                // A broken file is one error that says what is wrong.
                Err(err) => {
                    assert!(!err.to_string().is_empty());
                    break;
                }
            }
        }
    }
}

fn donation_formats() -> Vec<Option<Format>> {
    let mut formats = vec![None];
    formats.extend(
        Format::ALL
            .iter()
            .copied()
            .filter(|f| *f != Format::Generic)
            .map(Some),
    );
    formats
}

fn read_donations(bytes: &[u8], options: &ReadOptions) {
    for format in donation_formats() {
        match donations::read_bytes(bytes, "fuzz.csv", format, options) {
            Ok(parsed) => {
                // Every skipped row names its line and field and says why.
                for skip in parsed.skips() {
                    assert!(
                        skip.line > 0 && !skip.field.is_empty() && !skip.reason.is_empty(),
                        "{skip:?}"
                    );
                }
                // Totals add up without overflowing, whatever the amounts were.
                let _ = parsed.totals();
            }
            // A file that cannot be read at all is named in the error.
            Err(err) => assert!(err.to_string().contains("fuzz.csv"), "{err}"),
        }
    }
}

const COMMENT_FILES: &[&str] = &[
    "wxr/small-1.2.xml",
    "wxr/windows-1251.xml",
    "disqus/small.xml",
    "import/comments.csv",
    "import/comments.json",
    "import/site-v1.xml",
];

const DONATION_FILES: &[&str] = &[
    "donations/stripe_payments_new.csv",
    "donations/stripe_payments_old.csv",
    "donations/stripe_balance.csv",
    "donations/paypal_activity.csv",
    "donations/paypal_statement.csv",
    "donations/donorbox.csv",
    "donations/patreon_members.csv",
    "donations/opencollective_rest.csv",
    "donations/github_sponsors.csv",
    "donations/generic_dd_mm.csv",
];

fn config(default_cases: u32) -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(default_cases);
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config(300))]

    #[test]
    fn comment_readers_never_panic_on_arbitrary_bytes(bytes in any_bytes()) {
        drain_comments(&bytes);
    }

    #[test]
    fn comment_readers_never_panic_on_damaged_real_files(
        (index, bytes) in (0..COMMENT_FILES.len()).prop_flat_map(|i| (Just(i), mutated(fixture(COMMENT_FILES[i]))))
    ) {
        let _ = index;
        drain_comments(&bytes);
    }

    #[test]
    fn donation_readers_never_panic_on_arbitrary_bytes(bytes in any_bytes()) {
        read_donations(&bytes, &ReadOptions::default());
    }

    #[test]
    fn donation_readers_never_panic_on_damaged_real_files(
        (index, bytes) in (0..DONATION_FILES.len()).prop_flat_map(|i| (Just(i), mutated(fixture(DONATION_FILES[i])))),
        order in prop_oneof![Just(None), Just(Some(DateOrder::DayFirst)), Just(Some(DateOrder::MonthFirst))],
    ) {
        let _ = index;
        let options = ReadOptions { date_order: order, zone: Some(Tz::Europe__Berlin), mapping: None };
        read_donations(&bytes, &options);
    }

    #[test]
    fn a_column_mapping_from_anywhere_never_panics(
        bytes in mutated(fixture("donations/generic_dd_mm.csv")),
        mapping in mutated(br#"{"source":"bank","date":"Datum","time":null,"amount":"Betrag","currency":{"fixed":"EUR"},"fee":null,"net":null,"id":"Referenz","name":"Name","email":null,"customer_id":null,"country":null,"kind":null,"original_id":null,"campaign":null,"note":null}"#.to_vec()),
    ) {
        if let Ok(mapping) = serde_json::from_slice::<ColumnMapping>(&mapping) {
            let options = ReadOptions { mapping: Some(mapping), ..ReadOptions::default() };
            let _ = donations::read_bytes(&bytes, "fuzz.csv", Some(Format::Generic), &options);
        }
    }

    #[test]
    fn dates_times_zones_and_amounts_never_panic(text in any_bytes(), currency in "[A-Z]{3}|[a-z€$]{0,4}") {
        let text = String::from_utf8_lossy(&text);
        for order in [DateOrder::DayFirst, DateOrder::MonthFirst] {
            let _ = dates::parse_date(&text, order);
            let _ = dates::parse_moment(&text, order, Tz::America__New_York);
        }
        let _ = dates::parse_time(&text);
        let noon = chrono::NaiveDate::from_ymd_opt(2026, 3, 29).unwrap().and_hms_opt(2, 30, 0).unwrap();
        let _ = dates::zoned(noon, &text, true);
        let _ = dates::zoned(noon, &text, false);
        let _ = amount::parse(&text, &currency);
    }
}

proptest! {
    // Each case opens a database: fewer of them.
    #![proptest_config(config(40))]

    #[test]
    fn exchange_rate_files_never_panic(bytes in prop_oneof![any_bytes(), mutated(fixture("rates/eurofxref-hist.csv"))]) {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("rates.csv");
        std::fs::write(&file, &bytes).unwrap();
        let store = readerdesk_core::Store::open(&dir.path().join("n.db")).unwrap();
        let _ = readerdesk_core::fundraising::rates::import_file(&store, &file);
    }
}

/// The PayPal time-zone cell that crashed the command line (a byte slice inside "é").
#[test]
fn a_time_zone_cell_with_a_multibyte_character_is_refused_not_a_panic() {
    let noon = chrono::NaiveDate::from_ymd_opt(2026, 1, 5)
        .unwrap()
        .and_hms_opt(12, 0, 0)
        .unwrap();
    assert_eq!(dates::zoned(noon, "+1é2", false), None);
    assert_eq!(dates::zoned(noon, "GMT+1é2", true), None);
    assert!(dates::zoned(noon, "+0100", false).is_some());
}
