//! The donation ledger at scale, each against a baseline measured in the same run:
//! - importing a generated 100,000-row Stripe payments export (105,000 records: every 20th is
//!   partly refunded) through the real pipeline (read, donors found by e-mail, refunds linked,
//!   one transaction), against the raw insert baseline: the same records, already read, inserted
//!   with the same keys, through one prepared statement in one transaction into the same schema
//!   (three rounds on fresh databases, medians), then a further 20,000-row export into the
//!   ledger the import made;
//! - all of a campaign's metrics over a ledger of 1,000,000 donations (three years, 100,000
//!   donors, a one-year campaign), against the baseline of one SQL sum over the same window.
//!
//!     cargo bench -p readerdesk-core --bench ledger
use std::path::Path;
use std::sync::atomic::AtomicBool;
use std::time::Instant;

use readerdesk_core::db::fundraising::{self, NewCampaign};
use readerdesk_core::fundraising::donations::{self, DonationOptions};
use readerdesk_core::fundraising::import::{self as readers, ReadOptions};
use readerdesk_core::fundraising::metrics::{self, MetricsQuery};
use readerdesk_core::model::Basis;
use readerdesk_core::rusqlite::params;
use readerdesk_core::{db, newsroom, settings, Store};

fn stripe_rows(first: usize, count: usize) -> String {
    let mut csv = String::from(
        "id,Description,Seller Message,Created (UTC),Amount,Amount Refunded,Currency,Converted Amount,Converted Amount Refunded,Fee,Tax,Converted Currency,Mode,Status,Statement Descriptor,Customer ID,Customer Description,Customer Email,Captured,Card ID,Card Last4,Card Brand,Card Funding,Card Exp Month,Card Exp Year,Card Name,Card Address Line1,Card Address Line2,Card Address City,Card Address State,Card Address Country,Card Address Zip,Card Issue Country,Card Fingerprint,Card CVC Status,Disputed Amount,Dispute Status,Dispute Reason,Dispute Date (UTC),Dispute Evidence Due (UTC),Invoice ID,Invoice Number,Payment Source Type,Destination,Transfer,Transfer Group,PaymentIntent ID\n",
    );
    for i in first..first + count {
        let cents = 500 + (i % 10_000);
        let refunded = if i.is_multiple_of(20) { "5.00" } else { "" };
        csv.push_str(&format!(
            "ch_{i:08},Donation,Payment complete.,2024-{:02}-{:02} {:02}:{:02}:{:02},{}.{:02},{refunded},usd,{}.{:02},,0.59,0.00,usd,Live,Paid,NEWSROOM,cus_{},,donor{}@example.org,true,card_{i},4242,Visa,credit,12,2030,Donor {i},1 Main St,,Town,ST,US,12345,US,fp{i},pass,,,,,,{},,card,,,,pi_{i}\n",
            1 + i % 12, 1 + i % 28, i % 24, i % 60, i % 60,
            cents / 100, cents % 100, cents / 100, cents % 100,
            i % 5000, i % 5000,
            if i.is_multiple_of(3) { format!("in_{i}") } else { String::new() },
        ));
    }
    csv
}

fn fresh(dir: &Path, name: &str) -> Store {
    let store = Store::open(&dir.join(name)).expect("open");
    newsroom::start_empty(&store).expect("newsroom");
    store
}

fn import_benchmark(dir: &Path) {
    let file = dir.join("stripe-100k.csv");
    std::fs::write(&file, stripe_rows(0, 100_000)).expect("write");
    let started = Instant::now();
    let parsed = readers::read_path(&file, None, &ReadOptions::default()).expect("read");
    let read_s = started.elapsed().as_secs_f64();
    let records: Vec<_> = parsed.records().cloned().collect();
    // The same keys the ledger gives these rows (UUIDv5 of source and id), computed up front.
    let keys: Vec<String> = records
        .iter()
        .map(|r| readerdesk_core::ids::from_source("donations", &r.source, &r.external_id))
        .collect();

    // The same rows the import writes: donors keyed as the ledger keys them (the source's
    // customer id, else the e-mail), donations with their donor, their original (refunds),
    // conversion and note; every key computed up front.
    let donor_key = |r: &readers::DonationRecord| -> Option<(String, String)> {
        let external = match (&r.donor.customer_id, &r.donor.email) {
            (Some(c), _) => format!("customer:{c}"),
            (None, Some(e)) => format!("email:{}", e.to_lowercase()),
            (None, None) => return None,
        };
        Some((
            readerdesk_core::ids::from_source("donors", &r.source, &external),
            external,
        ))
    };
    let donors: Vec<Option<(String, String)>> = records.iter().map(donor_key).collect();
    let originals: Vec<Option<String>> = records
        .iter()
        .map(|r| {
            r.original_external_id
                .as_ref()
                .map(|o| readerdesk_core::ids::from_source("donations", &r.source, o))
        })
        .collect();
    const ROUNDS: usize = 3;
    let mut baselines = Vec::new();
    let mut imports = Vec::new();
    let mut bulk_db = None;
    for round in 0..ROUNDS {
        let raw = fresh(dir, &format!("raw-{round}.db"));
        let started = Instant::now();
        raw.write(|tx| {
            tx.pragma_update(None, "defer_foreign_keys", "ON")?;
            let mut donor = tx.prepare(
                "INSERT INTO donors (id, source, external_id, name, email_normalized, country)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT DO NOTHING",
            )?;
            let mut insert = tx.prepare(
                "INSERT INTO donations (id, source, external_id, donor_id, kind, gross_minor,
                     fee_minor, net_minor, currency, converted_minor, converted_currency,
                     original_id, occurred_at, note, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?13)",
            )?;
            for ((r, key), (d, original)) in
                records.iter().zip(&keys).zip(donors.iter().zip(&originals))
            {
                if let Some((id, external)) = d {
                    donor.execute(params![
                        id,
                        r.source,
                        external,
                        r.donor.name,
                        r.donor.email.as_ref().map(|e| e.to_lowercase()),
                        r.donor.country
                    ])?;
                }
                insert.execute(params![
                    key,
                    r.source,
                    r.external_id,
                    d.as_ref().map(|(id, _)| id),
                    r.kind.as_str(),
                    r.gross_minor,
                    r.fee_minor,
                    r.net_minor,
                    r.currency,
                    r.converted.as_ref().map(|c| c.gross_minor),
                    r.converted.as_ref().map(|c| c.currency.as_str()),
                    original,
                    r.occurred_at,
                    r.note.as_deref().unwrap_or("")
                ])?;
            }
            Ok(())
        })
        .expect("baseline");
        baselines.push(started.elapsed().as_secs_f64());
        drop(raw);

        let store = fresh(dir, &format!("import-{round}.db"));
        let started = Instant::now();
        let summary = donations::import(
            &store,
            &readerdesk_core::moderation::moderators::Moderator::owner(),
            &file,
            &DonationOptions::default(),
            &AtomicBool::new(false),
            &mut |_| {},
        )
        .expect("import");
        imports.push(started.elapsed().as_secs_f64());
        assert_eq!(summary.imported as usize, records.len());
        bulk_db = Some(store);
    }
    let median = |runs: &mut Vec<f64>| {
        runs.sort_by(f64::total_cmp);
        runs[runs.len() / 2]
    };
    let (baseline, import) = (median(&mut baselines.clone()), median(&mut imports.clone()));
    let per_s = |s: f64| records.len() as f64 / s;
    println!(
        "Stripe export, 100,000 rows ({} records); {ROUNDS} rounds, each on a fresh database, medians:",
        records.len()
    );
    println!(
        "  baseline (records already read; the same donor and donation rows, prepared INSERTs, one transaction): {baseline:.3} s, {:.0} records/s (rounds: {})",
        per_s(baseline),
        rounds_text(&baselines)
    );
    println!(
        "  import (read + donors + refunds linked + insert, one transaction):      {import:.3} s, {:.0} records/s (rounds: {})",
        per_s(import),
        rounds_text(&imports)
    );
    println!("  of which reading the CSV alone takes {read_s:.3} s");
    println!(
        "  import rate / baseline rate: {:.2} (target >= 0.50); import time {import:.2} s (target <= 2 s)",
        baseline / import,
    );

    // The same pipeline adding to a ledger that already holds more than it brings: the
    // indexes are added to row by row (rebuilding them would sort every old row too).
    let Some(store) = bulk_db else { return };
    let more = dir.join("stripe-next-20k.csv");
    std::fs::write(&more, stripe_rows(100_000, 20_000)).expect("write");
    let started = Instant::now();
    let summary = donations::import(
        &store,
        &readerdesk_core::moderation::moderators::Moderator::owner(),
        &more,
        &DonationOptions::default(),
        &AtomicBool::new(false),
        &mut |_| {},
    )
    .expect("import");
    let next = started.elapsed().as_secs_f64();
    println!(
        "  a further 20,000-row export into that ledger of {} rows (indexes kept, entries added one by one): {next:.3} s, {:.0} records/s",
        records.len(),
        summary.imported as f64 / next
    );
}

fn rounds_text(runs: &[f64]) -> String {
    runs.iter()
        .map(|s| format!("{s:.3}"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn metrics_benchmark(dir: &Path) {
    const DONATIONS: i64 = 1_000_000;
    const DONORS: i64 = 100_000;
    let store = fresh(dir, "ledger-1m.db");
    let started = Instant::now();
    store
        .write(|tx| {
            db::settings::set(tx, settings::TIME_ZONE, "Europe/Kyiv")?;
            fundraising::insert_campaign(
                tx,
                &NewCampaign {
                    id: "year",
                    name: "2026 appeal",
                    goal_minor: 500_000_000,
                    currency: "USD",
                    starts_on: "2026-01-01",
                    ends_on: "2026-12-31",
                    basis: Basis::Net,
                    created_at: "2026-01-01T00:00:00.000000Z",
                    goal_type: "total",
                },
            )?;
            let mut donor = tx.prepare(
                "INSERT INTO donors (id, source, external_id, name, email_normalized, first_gift_at)
                 VALUES (?1, 'bench', ?1, ?2, ?3, ?4)",
            )?;
            for d in 0..DONORS {
                donor.execute(params![
                    format!("d{d}"),
                    format!("Donor {d}"),
                    format!("donor{d}@example.org"),
                    format!("2024-01-{:02}T00:00:00.000000Z", 1 + d % 28)
                ])?;
            }
            let mut insert = tx.prepare(
                "INSERT INTO donations (id, source, external_id, donor_id, kind, gross_minor,
                     fee_minor, net_minor, currency, occurred_at, created_at)
                 VALUES (?1, 'bench', ?1, ?2, ?3, ?4, ?5, ?4 - ?5, 'USD', ?6, ?6)",
            )?;
            // Three years, 2024 to 2026, evenly spread; every 4th gift recurring, every 50th a refund.
            let span = 3 * 365 * 86_400i64;
            for i in 0..DONATIONS {
                let at = chrono::DateTime::from_timestamp(1_704_067_200 + i * span / DONATIONS, 0)
                    .expect("time");
                let (kind, gross, fee) = if i % 50 == 49 {
                    ("refund", -1_000, 0)
                } else if i % 4 == 0 {
                    ("recurring", 1_000 + (i % 5) * 500, 59)
                } else {
                    ("one_time", 2_500 + (i % 40) * 250, 103)
                };
                insert.execute(params![
                    format!("g{i}"),
                    format!("d{}", (i * 7_919) % DONORS),
                    kind,
                    gross,
                    fee,
                    readerdesk_core::time::to_stored(at)
                ])?;
            }
            Ok(())
        })
        .expect("generate");
    println!(
        "Ledger of {DONATIONS} donations and {DONORS} donors generated in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    let query = MetricsQuery {
        campaign_id: "year".into(),
        as_of: Some("2026-11-27".into()),
        ..MetricsQuery::default()
    };
    let time = |f: &mut dyn FnMut()| {
        let mut runs: Vec<f64> = (0..7)
            .map(|_| {
                let t = Instant::now();
                f();
                t.elapsed().as_secs_f64() * 1000.0
            })
            .collect();
        runs.sort_by(f64::total_cmp);
        (runs[runs.len() / 2], runs[runs.len() - 1])
    };
    let (base_p50, base_max) = time(&mut || {
        store
            .read(|c| {
                let sum: i64 = c.query_row(
                    "SELECT coalesce(SUM(net_minor), 0) FROM donations
                     WHERE occurred_at >= '2025-12-31T22:00:00.000000Z'
                       AND occurred_at < '2026-12-31T22:00:00.000000Z'",
                    [],
                    |r| r.get(0),
                )?;
                Ok(sum)
            })
            .expect("baseline");
    });
    // The first call after the ledger changed builds the in-memory ledger from the database.
    let started = Instant::now();
    let gifts = metrics::metrics(
        &store,
        &readerdesk_core::moderation::moderators::Moderator::owner(),
        &query,
    )
    .expect("metrics")
    .gifts;
    let cold = started.elapsed().as_secs_f64() * 1000.0;
    let (p50, max) = time(&mut || {
        metrics::metrics(
            &store,
            &readerdesk_core::moderation::moderators::Moderator::owner(),
            &query,
        )
        .expect("metrics");
    });
    println!("Campaign metrics over 1,000,000 donations ({gifts} gifts in the campaign year):");
    println!("  baseline (one SQL sum over the window): median {base_p50:.1} ms, slowest {base_max:.1} ms");
    println!("  every metric (raised, donors new/returning, average, median, recurring share, MRR, churn, retention, lapsed, top donors, projection): median {p50:.1} ms, slowest {max:.1} ms (target <= 100 ms)");
    println!(
        "  the first call after the ledger changed (rebuilds the in-memory ledger): {cold:.0} ms"
    );
}

fn main() {
    if std::env::args().any(|a| a == "--test" || a == "--list") {
        return;
    }
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/bench-data");
    std::fs::create_dir_all(&data).expect("bench-data");
    let dir = tempfile::tempdir_in(&data).expect("tempdir");
    // READERDESK_BENCH_ONLY=import or =metrics runs one half.
    let only = std::env::var("READERDESK_BENCH_ONLY").unwrap_or_default();
    if only.is_empty() || only == "import" {
        import_benchmark(dir.path());
    }
    if only.is_empty() || only == "metrics" {
        metrics_benchmark(dir.path());
    }
}
