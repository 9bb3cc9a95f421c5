//! Importing donations into the ledger: the preview writes nothing and shows what will happen;
//! the import is all or nothing, idempotent, links refunds and disputes to their gifts, finds a
//! donor again by e-mail, asks for the day/month order when the file leaves it open, remembers a
//! generic CSV's column mapping, and moves the campaign's sentence.
mod common;

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

use readerdesk_core::db::fundraising::{self, NewCampaign};
use readerdesk_core::fundraising::donations::{self, DonationOptions};
use readerdesk_core::fundraising::import::{ColumnMapping, CurrencyColumn, DateOrder, Format};
use readerdesk_core::fundraising::metrics::{self, MetricsQuery};
use readerdesk_core::model::Basis;
use readerdesk_core::{db, newsroom, settings, Store};

fn own(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures/donations")
        .join(name)
}

fn newsroom_with_campaign(dir: &Path) -> Store {
    let store = Store::open(&dir.join("n.db")).unwrap();
    newsroom::start_empty(&store).unwrap();
    store
        .write(|tx| {
            db::settings::set(tx, settings::TIME_ZONE, "America/Los_Angeles")?;
            fundraising::insert_campaign(
                tx,
                &NewCampaign {
                    id: "march",
                    name: "March appeal",
                    goal_minor: 100_000,
                    currency: "USD",
                    starts_on: "2024-03-01",
                    ends_on: "2024-03-31",
                    basis: Basis::Net,
                    created_at: "2024-03-01T00:00:00.000000Z",
                    goal_type: "total",
                },
            )
        })
        .unwrap();
    store
}

fn dump(store: &Store) -> Vec<String> {
    common::rows(
        store,
        &["donations", "donors", "imports", "import_mappings"],
    )
}

fn run(
    store: &Store,
    path: &Path,
    options: &DonationOptions,
) -> readerdesk_core::Result<donations::DonationImportSummary> {
    donations::import(
        store,
        &readerdesk_core::moderation::moderators::Moderator::owner(),
        path,
        options,
        &AtomicBool::new(false),
        &mut |_| {},
    )
}

#[test]
fn a_paypal_export_comes_in_once_with_refunds_linked_and_the_sentence_moves() {
    let dir = tempfile::tempdir().unwrap();
    let store = newsroom_with_campaign(dir.path());
    let campaign = MetricsQuery {
        campaign_id: "march".into(),
        as_of: Some("2024-03-31".into()),
        ..MetricsQuery::default()
    };
    assert_eq!(
        metrics::metrics(
            &store,
            &readerdesk_core::moderation::moderators::Moderator::owner(),
            &campaign
        )
        .unwrap()
        .sentence,
        "We are now $1,000 short of our goal"
    );
    let file = own("paypal_activity.csv");
    let before = dump(&store);
    let preview = donations::preview(
        &store,
        &readerdesk_core::moderation::moderators::Moderator::owner(),
        &file,
        &DonationOptions::default(),
    )
    .unwrap();
    assert_eq!(dump(&store), before, "a preview writes nothing");
    assert_eq!(preview.format, Some(Format::PaypalActivity));
    assert_eq!(preview.records, 5);
    assert_eq!(preview.skipped.len(), 10);
    let usd = preview.totals.iter().find(|t| t.currency == "USD").unwrap();
    assert_eq!(
        (
            usd.gross_minor,
            usd.fee_minor,
            usd.refunds_minor,
            usd.net_minor
        ),
        (102_000, 2_432, -22_000, 77_568),
        "gross is the gifts' own; refunds are their own line; net = gross - fees + refunds"
    );

    let summary = run(&store, &file, &DonationOptions::default()).unwrap();
    assert_eq!((summary.imported, summary.already_imported), (5, 0));
    assert_eq!(summary.skipped.len(), 10);
    assert_eq!(summary.totals, preview.totals);
    // Net in USD: 77,568 of the 100,000 goal; the EUR subscription waits for a rate.
    let m = metrics::metrics(
        &store,
        &readerdesk_core::moderation::moderators::Moderator::owner(),
        &campaign,
    )
    .unwrap();
    assert_eq!(m.raised_minor, 77_568);
    assert_eq!(m.sentence, "We are now $224.32 short of our goal");
    assert_eq!(m.unconverted[0].currency, "EUR");
    assert_eq!(
        m.unconverted[0].amount_minor, 455,
        "counted once, though it is also a recurring gift"
    );
    assert_eq!((m.refunds, m.refunds_minor), (2, -22_000));

    let links: Vec<(String, String)> = store
        .read(|c| {
            let mut s = c.prepare(
                "SELECT d.external_id, o.external_id FROM donations d
                 JOIN donations o ON o.id = d.original_id ORDER BY 1",
            )?;
            let rows = s.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
            Ok(rows.collect::<Result<_, _>>()?)
        })
        .unwrap();
    assert_eq!(
        links,
        [
            ("T12".to_string(), "T13".to_string()),
            ("T5".to_string(), "T2".to_string())
        ]
    );
    let ann_donors: i64 = store
        .read(|c| {
            Ok(c.query_row(
                "SELECT COUNT(DISTINCT donor_id) FROM donations WHERE external_id IN ('T2', 'T5')",
                [],
                |r| r.get(0),
            )?)
        })
        .unwrap();
    assert_eq!(ann_donors, 1, "the refund is Ann's, found by her e-mail");

    // Again: nothing new, and the ledger is as it was (one more import recorded).
    let again = run(&store, &file, &DonationOptions::default()).unwrap();
    assert_eq!((again.imported, again.already_imported), (0, 5));
    let rows: i64 = store
        .read(|c| Ok(c.query_row("SELECT COUNT(*) FROM donations", [], |r| r.get(0))?))
        .unwrap();
    assert_eq!(rows, 5);
    assert_eq!(
        metrics::metrics(
            &store,
            &readerdesk_core::moderation::moderators::Moderator::owner(),
            &campaign
        )
        .unwrap()
        .raised_minor,
        77_568
    );
}

#[test]
fn an_open_day_month_order_is_asked_and_a_cancelled_import_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let store = newsroom_with_campaign(dir.path());
    let file = own("paypal_ambiguous.csv");
    let preview = donations::preview(
        &store,
        &readerdesk_core::moderation::moderators::Moderator::owner(),
        &file,
        &DonationOptions::default(),
    )
    .unwrap();
    assert!(preview.date_order.needs_confirmation());
    let before = dump(&store);
    let err = run(&store, &file, &DonationOptions::default()).unwrap_err();
    assert_eq!(err.code(), "invalid");
    assert!(err.to_string().contains("day above 12"), "{err}");
    assert_eq!(dump(&store), before);

    let cancel = AtomicBool::new(true);
    let options = DonationOptions {
        date_order: Some(DateOrder::MonthFirst),
        ..DonationOptions::default()
    };
    let err = donations::import(
        &store,
        &readerdesk_core::moderation::moderators::Moderator::owner(),
        &file,
        &options,
        &cancel,
        &mut |_| {},
    )
    .unwrap_err();
    assert_eq!(err.code(), "cancelled");
    assert_eq!(dump(&store), before);

    let summary = run(&store, &file, &options).unwrap();
    assert_eq!(summary.imported, 2);
    let at: String = store
        .read(|c| {
            Ok(c.query_row(
                "SELECT occurred_at FROM donations WHERE external_id = 'AMB1'",
                [],
                |r| r.get(0),
            )?)
        })
        .unwrap();
    assert_eq!(at, "2024-03-04T10:00:00.000000Z", "month first, as chosen");
}

#[test]
fn a_generic_csv_asks_for_its_columns_once_and_the_mapping_is_remembered() {
    let dir = tempfile::tempdir().unwrap();
    let store = newsroom_with_campaign(dir.path());
    let file = own("generic_dd_mm.csv");
    let first = donations::preview(
        &store,
        &readerdesk_core::moderation::moderators::Moderator::owner(),
        &file,
        &DonationOptions::default(),
    )
    .unwrap();
    assert_eq!(first.format, None);
    assert!(first
        .problem
        .as_deref()
        .unwrap()
        .contains("matches no donation export"));
    assert_eq!(first.header[0], "Datum");
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
    let options = DonationOptions {
        mapping: Some(mapping.clone()),
        ..DonationOptions::default()
    };
    let mapped = donations::preview(
        &store,
        &readerdesk_core::moderation::moderators::Moderator::owner(),
        &file,
        &options,
    )
    .unwrap();
    assert_eq!(mapped.format, Some(Format::Generic));
    assert_eq!(mapped.records, 4);
    assert_eq!(mapped.skipped.len(), 1);
    let summary = run(&store, &file, &options).unwrap();
    assert_eq!(summary.imported, 4);
    // The next file with these columns is read without asking.
    let later = donations::preview(
        &store,
        &readerdesk_core::moderation::moderators::Moderator::owner(),
        &file,
        &DonationOptions::default(),
    )
    .unwrap();
    assert_eq!(later.format, Some(Format::Generic));
    assert_eq!(later.mapping, Some(mapping));
    assert_eq!(later.already_imported, 4);
}

#[test]
fn every_synthetic_export_imports_and_a_second_import_changes_nothing() {
    for name in [
        "stripe_payments_old.csv",
        "stripe_payments_new.csv",
        "stripe_balance.csv",
        "paypal_statement.csv",
        "donorbox.csv",
        "patreon_members.csv",
        "opencollective_rest.csv",
        "opencollective_platform.csv",
        "github_sponsors.csv",
    ] {
        let dir = tempfile::tempdir().unwrap();
        let store = newsroom_with_campaign(dir.path());
        let preview = donations::preview(
            &store,
            &readerdesk_core::moderation::moderators::Moderator::owner(),
            &own(name),
            &DonationOptions::default(),
        )
        .unwrap();
        let first = run(&store, &own(name), &DonationOptions::default()).unwrap();
        assert_eq!(first.imported as usize, preview.records, "{name}");
        assert!(first.imported > 0, "{name}");
        let snapshot = dump(&store)
            .into_iter()
            .filter(|l| !l.starts_with("imports:"))
            .collect::<Vec<_>>();
        let second = run(&store, &own(name), &DonationOptions::default()).unwrap();
        assert_eq!(second.imported, 0, "{name}");
        let after = dump(&store)
            .into_iter()
            .filter(|l| !l.starts_with("imports:"))
            .collect::<Vec<_>>();
        assert_eq!(after, snapshot, "{name}");
    }
}

#[test]
fn the_shared_real_paypal_export_imports_with_its_exact_totals() {
    let shared = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../shared/fixtures/donations/activity_en.csv");
    if !shared.exists() {
        eprintln!("../shared/fixtures is not here; the real-world corpus test has nothing to read");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let store = newsroom_with_campaign(dir.path());
    let summary = run(&store, &shared, &DonationOptions::default()).unwrap();
    assert_eq!(summary.format, Format::PaypalActivity);
    assert_eq!((summary.imported, summary.skipped.len()), (26, 50));
    let usd = &summary.totals[0];
    assert_eq!(
        (
            usd.currency.as_str(),
            usd.gross_minor,
            usd.fee_minor,
            usd.refunds_minor,
            usd.net_minor
        ),
        ("USD", 7_066_080, 292_588, 0, 6_773_492)
    );
    assert_eq!(
        run(&store, &shared, &DonationOptions::default())
            .unwrap()
            .imported,
        0
    );
}

/// A Stripe payments export of `count` charges from `first` on; every 20th partly refunded.
fn stripe_export(first: usize, count: usize) -> String {
    let mut csv = String::from(
        "id,Description,Created (UTC),Amount,Amount Refunded,Currency,Converted Amount,Converted Amount Refunded,Fee,Converted Currency,Status,Customer ID,Customer Email,Card Name,Card Address Country\n",
    );
    for i in first..first + count {
        let refunded = if i % 20 == 0 { "5.00" } else { "" };
        csv.push_str(&format!(
            "ch_{i:08},Donation,2024-{:02}-{:02} {:02}:{:02}:00,{}.00,{refunded},usd,{}.00,,0.59,usd,Paid,cus_{},donor{}@example.org,Donor {},US\n",
            1 + i % 12,
            1 + i % 28,
            i % 24,
            i % 60,
            10 + i % 90,
            10 + i % 90,
            i % 700,
            i % 700,
            i % 700,
        ));
    }
    csv
}

fn donation_indexes(store: &Store) -> Vec<(String, String)> {
    store
        .read(|c| {
            let mut stmt = c.prepare(
                "SELECT name, coalesce(sql, '') FROM sqlite_schema
                 WHERE type = 'index' AND tbl_name = 'donations' ORDER BY name",
            )?;
            let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
            Ok(rows.collect::<readerdesk_core::rusqlite::Result<Vec<_>>>()?)
        })
        .unwrap()
}

#[test]
fn a_large_first_import_builds_the_indexes_afresh_and_a_cancelled_one_keeps_them() {
    assert!(
        !donations::bulk_load(4_999, 0),
        "small files add index entries row by row"
    );
    assert!(donations::bulk_load(5_000, 0));
    assert!(donations::bulk_load(20_000, 20_000));
    assert!(
        !donations::bulk_load(20_000, 20_001),
        "a ledger larger than the file keeps its indexes"
    );

    let dir = tempfile::tempdir().unwrap();
    let store = newsroom_with_campaign(dir.path());
    let indexes = donation_indexes(&store);
    assert!(
        indexes.iter().any(|(name, _)| name == "donations_at")
            && indexes.iter().any(|(name, _)| name == "donations_donor_at")
            && indexes
                .iter()
                .any(|(name, _)| name == "donations_campaign_at")
            && indexes.iter().any(|(name, _)| name == "donations_original"),
        "{indexes:?}"
    );
    let file = dir.path().join("stripe.csv");
    std::fs::write(&file, stripe_export(0, 6_000)).unwrap();

    // Cancelled after the indexes were set aside: the rollback brings them back, rows and all.
    let before = dump(&store);
    let cancel = AtomicBool::new(true);
    let err = donations::import(
        &store,
        &readerdesk_core::moderation::moderators::Moderator::owner(),
        &file,
        &DonationOptions::default(),
        &cancel,
        &mut |_| {},
    )
    .unwrap_err();
    assert_eq!(err.code(), "cancelled");
    assert_eq!(donation_indexes(&store), indexes);
    assert_eq!(dump(&store), before);

    let summary = run(&store, &file, &DonationOptions::default()).unwrap();
    assert_eq!(summary.imported, 6_300, "6,000 charges and 300 refunds");
    assert_eq!(
        donation_indexes(&store),
        indexes,
        "the same indexes, from the same SQL"
    );
    let (check, plan, march_net, indexed_net): (String, String, i64, i64) = store
        .read(|c| {
            let check = c.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
            let plan = c.query_row(
                "EXPLAIN QUERY PLAN SELECT sum(net_minor) FROM donations
                 WHERE occurred_at >= '2024-03-01' AND occurred_at < '2024-04-01'",
                [],
                |r| r.get(3),
            )?;
            // The same sum through the rebuilt index and through a plain scan of the table.
            let march_net = c.query_row(
                "SELECT sum(net_minor) FROM donations NOT INDEXED
                 WHERE occurred_at >= '2024-03-01' AND occurred_at < '2024-04-01'",
                [],
                |r| r.get(0),
            )?;
            let indexed_net = c.query_row(
                "SELECT sum(net_minor) FROM donations INDEXED BY donations_at
                 WHERE occurred_at >= '2024-03-01' AND occurred_at < '2024-04-01'",
                [],
                |r| r.get(0),
            )?;
            Ok((check, plan, march_net, indexed_net))
        })
        .unwrap();
    assert_eq!(check, "ok");
    assert!(plan.contains("donations_at"), "{plan}");
    assert!(march_net > 0);
    assert_eq!(indexed_net, march_net);

    // A small export into the now larger ledger goes in row by row, into the same indexes.
    let more = dir.path().join("stripe-more.csv");
    std::fs::write(&more, stripe_export(6_000, 40)).unwrap();
    let summary = run(&store, &more, &DonationOptions::default()).unwrap();
    assert_eq!(summary.imported, 42);
    assert_eq!(donation_indexes(&store), indexes);
    let again = run(&store, &file, &DonationOptions::default()).unwrap();
    assert_eq!((again.imported, again.already_imported), (0, 6_300));
}

/// (external id, kind, campaign id, original's external id) of every row, by external id.
fn campaigns_of(store: &Store) -> Vec<(String, String, Option<String>, Option<String>)> {
    store
        .read(|c| {
            let mut stmt = c.prepare(
                "SELECT d.external_id, d.kind, d.campaign_id, o.external_id FROM donations d
                 LEFT JOIN donations o ON o.id = d.original_id ORDER BY d.external_id",
            )?;
            let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?;
            Ok(rows.collect::<readerdesk_core::rusqlite::Result<Vec<_>>>()?)
        })
        .unwrap()
}

#[test]
fn a_refund_counts_against_the_campaign_its_gift_was_assigned_to() {
    use readerdesk_core::fundraising::ledger;
    use readerdesk_core::model::Role;
    use readerdesk_core::moderation::moderators;

    // Donorbox names the campaign on the gift; the refund row that follows it names none.
    let dir = tempfile::tempdir().unwrap();
    let store = newsroom_with_campaign(dir.path());
    store
        .write(|tx| {
            fundraising::insert_campaign(
                tx,
                &NewCampaign {
                    id: "spring",
                    name: "Spring Drive",
                    goal_minor: 500_000,
                    currency: "USD",
                    starts_on: "2024-01-01",
                    ends_on: "2024-12-31",
                    basis: Basis::Net,
                    created_at: "2024-01-01T00:00:00.000000Z",
                    goal_type: "total",
                },
            )
        })
        .unwrap();
    run(&store, &own("donorbox.csv"), &DonationOptions::default()).unwrap();
    let rows = campaigns_of(&store);
    let refunds: Vec<_> = rows.iter().filter(|r| r.1 == "refund").collect();
    assert!(!refunds.is_empty(), "{rows:?}");
    for refund in refunds {
        let original = refund.3.as_deref().expect("linked to its gift");
        let gift = rows.iter().find(|r| r.0 == original).unwrap();
        assert_eq!(gift.2.as_deref(), Some("spring"), "{gift:?}");
        assert_eq!(refund.2, gift.2, "the refund follows its gift: {refund:?}");
    }

    // A gift assigned by hand takes its refunds with it, each change logged.
    let dir = tempfile::tempdir().unwrap();
    let store = newsroom_with_campaign(dir.path());
    run(
        &store,
        &own("paypal_activity.csv"),
        &DonationOptions::default(),
    )
    .unwrap();
    let rows = campaigns_of(&store);
    let refund = rows
        .iter()
        .find(|r| r.1 == "refund" && r.3.is_some())
        .expect("a linked refund")
        .clone();
    let gift_external = refund.3.clone().unwrap();
    let key = |external: &str| {
        store
            .read(|c| {
                Ok(c.query_row(
                    "SELECT id FROM donations WHERE external_id = ?1",
                    [external],
                    |r| r.get::<_, String>(0),
                )?)
            })
            .unwrap()
    };
    let editor = moderators::add(&store, None, "Olha", Role::Admin).unwrap();
    let changed =
        ledger::assign_campaign(&store, &editor, &[key(&gift_external)], Some("march")).unwrap();
    let rows = campaigns_of(&store);
    let moved: Vec<_> = rows
        .iter()
        .filter(|r| r.0 == gift_external || r.3.as_deref() == Some(gift_external.as_str()))
        .collect();
    assert_eq!(changed, moved.len());
    assert!(moved.len() >= 2, "{moved:?}");
    assert!(
        moved.iter().all(|r| r.2.as_deref() == Some("march")),
        "{moved:?}"
    );
    assert_eq!(
        ledger::history(
            &store,
            &readerdesk_core::moderation::moderators::Moderator::owner(),
            &key(&refund.0)
        )
        .unwrap()
        .len(),
        1
    );
    // And back to assignment by date, together.
    ledger::assign_campaign(&store, &editor, &[key(&gift_external)], None).unwrap();
    assert!(campaigns_of(&store)
        .iter()
        .filter(|r| r.0 == gift_external || r.0 == refund.0)
        .all(|r| r.2.is_none()));
}

const STRIPE_PAYMENTS: &str = "id,Created date (UTC),Amount,Amount Refunded,Currency,Converted Amount,Converted Amount Refunded,Converted Currency,Description,Fee,Refunded date (UTC),Status,Customer ID,Customer Email\n";
const STRIPE_BALANCE: &str = "balance_transaction_id,created_utc,available_on_utc,currency,gross,fee,net,reporting_category,source_id,description,customer_facing_amount,customer_facing_currency,automatic_payout_id,customer_id,customer_email,customer_name,customer_description,charge_id,payment_intent_id,charge_created_utc,invoice_id,subscription_id,payment_method_type,card_brand,card_funding,card_country,shipping_address_line1,shipping_address_city\n";

/// A Stripe payments export where each charge is (id, amount, refunded so far).
fn payments(dir: &Path, name: &str, charges: &[(&str, &str, &str)]) -> PathBuf {
    let mut csv = STRIPE_PAYMENTS.to_owned();
    for (id, amount, refunded) in charges {
        let refund_date = if refunded.is_empty() {
            ""
        } else {
            "2024-03-20 09:00:00"
        };
        csv.push_str(&format!(
            "{id},2024-03-05 10:00:00,{amount},{refunded},usd,{amount},{refunded},usd,Gift,0.50,{refund_date},Paid,cus_1,ada@example.org\n"
        ));
    }
    let path = dir.join(name);
    std::fs::write(&path, csv).unwrap();
    path
}

/// A Stripe balance report: (source id, category, amount, charge id).
fn balance(dir: &Path, name: &str, rows: &[(&str, &str, &str, &str)]) -> PathBuf {
    let mut csv = STRIPE_BALANCE.to_owned();
    for (i, (source, category, amount, charge)) in rows.iter().enumerate() {
        csv.push_str(&format!(
            "txn_{i},2024-03-2{i} 10:00:00,2024-03-2{i} 10:00:00,usd,{amount},0.00,{amount},{category},{source},Gift,,usd,,cus_1,ada@example.org,Ada,,{charge},,,,,card,visa,,US,,\n"
        ));
    }
    let path = dir.join(name);
    std::fs::write(&path, csv).unwrap();
    path
}

/// (external id, gross) of every refund of `charge`, by external id.
fn refunds(store: &Store, charge: &str) -> Vec<(String, i64)> {
    store
        .read(|c| {
            let mut stmt = c.prepare(
                "SELECT r.external_id, r.gross_minor FROM donations r
                 JOIN donations g ON g.id = r.original_id
                 WHERE g.external_id = ?1 AND r.kind = 'refund' ORDER BY r.rowid",
            )?;
            let rows = stmt.query_map([charge], |r| Ok((r.get(0)?, r.get(1)?)))?;
            Ok(rows.collect::<readerdesk_core::rusqlite::Result<Vec<_>>>()?)
        })
        .unwrap()
}

#[test]
fn stripe_refunded_totals_grow_by_what_is_new_and_are_never_counted_twice_across_reports() {
    let dir = tempfile::tempdir().unwrap();
    let store = newsroom_with_campaign(dir.path());
    let first = payments(
        dir.path(),
        "payments-march.csv",
        &[("ch_R1", "30.00", "10.00"), ("ch_R2", "20.00", "")],
    );
    let summary = run(&store, &first, &DonationOptions::default()).unwrap();
    assert_eq!((summary.imported, summary.already_imported), (3, 0));
    assert_eq!(refunds(&store, "ch_R1"), [("ch_R1:refund".into(), -1000)]);

    // A later export: ch_R1's refunded total grew to 25.00, ch_R2 was refunded in full.
    let later = payments(
        dir.path(),
        "payments-april.csv",
        &[("ch_R1", "30.00", "25.00"), ("ch_R2", "20.00", "20.00")],
    );
    let summary = run(&store, &later, &DonationOptions::default()).unwrap();
    assert_eq!((summary.imported, summary.already_imported), (2, 2));
    assert_eq!(
        refunds(&store, "ch_R1"),
        [
            ("ch_R1:refund".into(), -1000),
            ("ch_R1:refund:2500".into(), -1500)
        ],
        "only the 15.00 refunded since"
    );
    assert_eq!(refunds(&store, "ch_R2"), [("ch_R2:refund".into(), -2000)]);
    let note: String = store
        .read(|c| {
            Ok(c.query_row(
                "SELECT note FROM donations WHERE external_id = 'ch_R1:refund:2500'",
                [],
                |r| r.get(0),
            )?)
        })
        .unwrap();
    assert!(note.contains("$25.00"), "{note}");

    // Either export again, in any order, changes nothing.
    let before = dump(&store);
    for file in [&first, &later, &first] {
        let again = run(&store, file, &DonationOptions::default()).unwrap();
        assert_eq!(again.imported, 0);
    }
    let after: Vec<String> = dump(&store)
        .into_iter()
        .filter(|row| !row.starts_with("imports:"))
        .collect();
    let before: Vec<String> = before
        .into_iter()
        .filter(|row| !row.starts_with("imports:"))
        .collect();
    assert_eq!(after, before);

    // The balance report lists ch_R1's two refunds one by one: the ledger has them already.
    let report = balance(
        dir.path(),
        "balance.csv",
        &[
            ("re_1", "refund", "-10.00", "ch_R1"),
            ("re_2", "refund", "-15.00", "ch_R1"),
        ],
    );
    let summary = run(&store, &report, &DonationOptions::default()).unwrap();
    assert_eq!(summary.imported, 0);
    assert_eq!(summary.skipped.len(), 2, "{:?}", summary.skipped);
    assert!(summary
        .skipped
        .iter()
        .all(|s| s.field == "refund" && s.reason.contains("not counted twice")));
    assert_eq!(
        refunds(&store, "ch_R1").iter().map(|r| r.1).sum::<i64>(),
        -2500
    );

    // The other way round: refunds one by one first, then a payments export's total.
    let dir = tempfile::tempdir().unwrap();
    let store = newsroom_with_campaign(dir.path());
    let report = balance(
        dir.path(),
        "balance.csv",
        &[
            ("ch_R1", "charge", "30.00", "ch_R1"),
            ("re_1", "refund", "-10.00", "ch_R1"),
            ("re_2", "refund", "-15.00", "ch_R1"),
        ],
    );
    run(&store, &report, &DonationOptions::default()).unwrap();
    let summary = run(&store, &later, &DonationOptions::default()).unwrap();
    assert_eq!(
        refunds(&store, "ch_R1"),
        [("re_1".into(), -1000), ("re_2".into(), -1500)],
        "25.00 was recorded already: {summary:?}"
    );
    let fully = payments(
        dir.path(),
        "payments-may.csv",
        &[("ch_R1", "30.00", "30.00")],
    );
    run(&store, &fully, &DonationOptions::default()).unwrap();
    assert_eq!(
        refunds(&store, "ch_R1").last().unwrap(),
        &("ch_R1:refund:3000".to_string(), -500)
    );
}

#[test]
fn a_stripe_dispute_in_both_reports_is_counted_once() {
    let payments_csv = "id,Created date (UTC),Amount,Amount Refunded,Currency,Fee,Status,Disputed Amount,Dispute Status,Dispute Date (UTC),Customer Email\n\
                        ch_D1,2024-03-05 10:00:00,40.00,,usd,1.46,Paid,40.00,lost,2024-03-12 10:00:00,dee@example.org\n";
    let balance_rows = [
        ("ch_D1", "charge", "40.00", "ch_D1"),
        ("dp_1", "dispute", "-40.00", "ch_D1"),
    ];
    let disputes = |store: &Store| -> Vec<String> {
        store
            .read(|c| {
                let mut stmt = c.prepare(
                    "SELECT external_id FROM donations WHERE kind = 'dispute' ORDER BY rowid",
                )?;
                let rows = stmt.query_map([], |r| r.get(0))?;
                Ok(rows.collect::<readerdesk_core::rusqlite::Result<Vec<String>>>()?)
            })
            .unwrap()
    };

    // The payments export first, then the balance report.
    let dir = tempfile::tempdir().unwrap();
    let store = newsroom_with_campaign(dir.path());
    let payments = dir.path().join("payments.csv");
    std::fs::write(&payments, payments_csv).unwrap();
    run(&store, &payments, &DonationOptions::default()).unwrap();
    assert_eq!(disputes(&store), ["ch_D1:dispute"]);
    let report = balance(dir.path(), "balance.csv", &balance_rows);
    let summary = run(&store, &report, &DonationOptions::default()).unwrap();
    assert_eq!(disputes(&store), ["ch_D1:dispute"]);
    assert_eq!(summary.skipped.len(), 1, "{:?}", summary.skipped);
    assert_eq!(
        (
            summary.skipped[0].record.as_str(),
            summary.skipped[0].field.as_str()
        ),
        ("dp_1", "dispute")
    );

    // The balance report first, then the payments export.
    let dir = tempfile::tempdir().unwrap();
    let store = newsroom_with_campaign(dir.path());
    let report = balance(dir.path(), "balance.csv", &balance_rows);
    run(&store, &report, &DonationOptions::default()).unwrap();
    let payments = dir.path().join("payments.csv");
    std::fs::write(&payments, payments_csv).unwrap();
    let summary = run(&store, &payments, &DonationOptions::default()).unwrap();
    assert_eq!(disputes(&store), ["dp_1"]);
    assert_eq!((summary.imported, summary.already_imported), (0, 2));
}

#[test]
fn a_refund_that_came_before_its_gift_is_linked_when_the_gift_comes_and_not_counted_twice() {
    let dir = tempfile::tempdir().unwrap();
    let store = newsroom_with_campaign(dir.path());
    // February's balance report: a refund of a January charge, whose charge row is not in it.
    let report = balance(
        dir.path(),
        "balance-feb.csv",
        &[("re_9", "refund", "-20.00", "ch_J1")],
    );
    run(&store, &report, &DonationOptions::default()).unwrap();
    let waiting: Option<String> = store
        .read(|c| {
            Ok(c.query_row(
                "SELECT original_id FROM donations WHERE external_id = 're_9'",
                [],
                |r| r.get(0),
            )?)
        })
        .unwrap();
    assert_eq!(waiting, None, "no gift to link to yet");

    // January's payments export: the charge, with its refunded total of 20.00.
    let january = payments(
        dir.path(),
        "payments-jan.csv",
        &[("ch_J1", "50.00", "20.00")],
    );
    let summary = run(&store, &january, &DonationOptions::default()).unwrap();
    assert_eq!(
        refunds(&store, "ch_J1"),
        [("re_9".into(), -2000)],
        "linked to its charge, and the total it already makes is not added again: {summary:?}"
    );
    assert_eq!(summary.imported, 1, "the charge only");
}

#[test]
fn a_running_total_in_another_currency_than_the_refunds_kept_is_set_apart() {
    let dir = tempfile::tempdir().unwrap();
    let store = newsroom_with_campaign(dir.path());
    // The balance report records the refund in the settlement currency (USD) …
    let report = balance(
        dir.path(),
        "balance.csv",
        &[
            ("ch_E1", "charge", "108.00", "ch_E1"),
            ("re_1", "refund", "-54.00", "ch_E1"),
        ],
    );
    run(&store, &report, &DonationOptions::default()).unwrap();
    // … the payments export states the charge's refunded total in its own currency (EUR).
    let mut csv = STRIPE_PAYMENTS.to_owned();
    csv.push_str("ch_E1,2024-03-05 10:00:00,100.00,60.00,eur,,,,Gift,0.50,2024-03-20 09:00:00,Paid,cus_1,ada@example.org\n");
    let file = dir.path().join("payments-eur.csv");
    std::fs::write(&file, csv).unwrap();
    let summary = run(&store, &file, &DonationOptions::default()).unwrap();
    assert_eq!(refunds(&store, "ch_E1"), [("re_1".into(), -5400)]);
    let skip = summary
        .skipped
        .iter()
        .find(|s| s.field == "Amount Refunded")
        .unwrap_or_else(|| panic!("{:?}", summary.skipped));
    assert!(
        skip.reason.contains("cannot be compared"),
        "{}",
        skip.reason
    );
}
