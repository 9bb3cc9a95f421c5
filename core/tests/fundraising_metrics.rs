//! Campaign metrics on a hand-computed ledger: raised on the campaign's basis with refunds
//! subtracted, gifts, donors new and returning, average and median, recurring share, MRR,
//! churn, retention, lapsed donors, currency conversion (provider's amount, or the day's rate),
//! unconverted money set aside, the projection's dates, and the rows behind a number. Also the
//! ledger kept by hand: entry, correction with its change log, and who may do it.
use readerdesk_core::db::fundraising::{self, NewCampaign, NewDonation, NewDonor};
use readerdesk_core::db::{self};
use readerdesk_core::fundraising::ledger::{self, LedgerQuery, ManualDonation};
use readerdesk_core::fundraising::metrics::{self, MetricsQuery};
use readerdesk_core::model::{Basis, DonationKind, Role};
use readerdesk_core::moderation::moderators;
use readerdesk_core::{newsroom, settings, Store};

struct Gift<'a> {
    id: &'a str,
    donor: Option<&'a str>,
    kind: DonationKind,
    gross: i64,
    fee: i64,
    currency: &'a str,
    at: &'a str,
    converted: Option<(i64, &'a str)>,
}

fn ledger_fixture(store: &Store) -> String {
    newsroom::start_empty(store).unwrap();
    store
        .write(|tx| {
            db::settings::set(tx, settings::TIME_ZONE, "UTC")?;
            fundraising::insert_campaign(
                tx,
                &NewCampaign {
                    id: "c1",
                    name: "Spring drive",
                    goal_minor: 100_000,
                    currency: "USD",
                    starts_on: "2026-01-01",
                    ends_on: "2026-03-31",
                    basis: Basis::Net,
                    created_at: "2026-01-01T00:00:00.000000Z",
                    goal_type: "total",
                },
            )?;
            for donor in ["a", "b", "c", "d", "e", "f", "g"] {
                fundraising::insert_donor(
                    tx,
                    &NewDonor {
                        source: "test",
                        external_id: donor,
                        name: Some(&donor.to_uppercase()),
                        email_normalized: Some(&format!("{donor}@example.org")),
                        country: None,
                    },
                )?;
            }
            db::metrics::set_rate(tx, "EUR", "USD", "2026-03-01", "1.10", "manual")?;
            let key = |d: &str| readerdesk_core::ids::from_source("donors", "test", d);
            use DonationKind::*;
            let gifts = [
                Gift {
                    id: "a1",
                    donor: Some("a"),
                    kind: Recurring,
                    gross: 2000,
                    fee: 88,
                    currency: "USD",
                    at: "2026-01-10",
                    converted: None,
                },
                Gift {
                    id: "a2",
                    donor: Some("a"),
                    kind: Recurring,
                    gross: 2000,
                    fee: 88,
                    currency: "USD",
                    at: "2026-02-10",
                    converted: None,
                },
                Gift {
                    id: "a3",
                    donor: Some("a"),
                    kind: Recurring,
                    gross: 2000,
                    fee: 88,
                    currency: "USD",
                    at: "2026-03-10",
                    converted: None,
                },
                Gift {
                    id: "b1",
                    donor: Some("b"),
                    kind: OneTime,
                    gross: 10000,
                    fee: 320,
                    currency: "USD",
                    at: "2026-02-20",
                    converted: None,
                },
                Gift {
                    id: "b1r",
                    donor: Some("b"),
                    kind: Refund,
                    gross: -10000,
                    fee: 0,
                    currency: "USD",
                    at: "2026-02-25",
                    converted: None,
                },
                Gift {
                    id: "c0",
                    donor: Some("c"),
                    kind: OneTime,
                    gross: 3000,
                    fee: 0,
                    currency: "USD",
                    at: "2025-02-01",
                    converted: None,
                },
                Gift {
                    id: "c1",
                    donor: Some("c"),
                    kind: OneTime,
                    gross: 5000,
                    fee: 0,
                    currency: "USD",
                    at: "2026-03-05",
                    converted: None,
                },
                Gift {
                    id: "d0",
                    donor: Some("d"),
                    kind: OneTime,
                    gross: 1000,
                    fee: 0,
                    currency: "USD",
                    at: "2024-06-01",
                    converted: None,
                },
                Gift {
                    id: "e1",
                    donor: Some("e"),
                    kind: Recurring,
                    gross: 1000,
                    fee: 0,
                    currency: "USD",
                    at: "2026-01-20",
                    converted: None,
                },
                Gift {
                    id: "anon",
                    donor: None,
                    kind: OneTime,
                    gross: 500,
                    fee: 0,
                    currency: "USD",
                    at: "2026-03-01",
                    converted: None,
                },
                Gift {
                    id: "f1",
                    donor: Some("f"),
                    kind: OneTime,
                    gross: 10000,
                    fee: 0,
                    currency: "EUR",
                    at: "2026-03-02",
                    converted: None,
                },
                // The provider's own conversion wins over any rate: CAD 50 → USD 36.00, fee in proportion.
                Gift {
                    id: "g1",
                    donor: Some("g"),
                    kind: OneTime,
                    gross: 5000,
                    fee: 250,
                    currency: "CAD",
                    at: "2026-03-03",
                    converted: Some((3600, "USD")),
                },
                Gift {
                    id: "yen",
                    donor: None,
                    kind: OneTime,
                    gross: 1000,
                    fee: 0,
                    currency: "JPY",
                    at: "2026-03-04",
                    converted: None,
                },
            ];
            for g in gifts {
                let at = format!("{}T12:00:00.000000Z", g.at);
                let donor = g.donor.map(key);
                fundraising::insert_donation(
                    tx,
                    &NewDonation {
                        source: "test",
                        external_id: g.id,
                        donor_id: donor.as_deref(),
                        campaign_id: None,
                        kind: g.kind,
                        gross_minor: g.gross,
                        fee_minor: g.fee,
                        currency: g.currency,
                        original_id: None,
                        occurred_at: &at,
                        import_id: None,
                        created_at: &at,
                        converted: g.converted,
                        method: None,
                        note: "",
                        payments_per_year: None,
                        original_external_id: None,
                    },
                )?;
            }
            Ok(())
        })
        .unwrap();
    "c1".into()
}

#[test]
fn every_metric_matches_the_hand_computed_ledger() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("n.db")).unwrap();
    let campaign = ledger_fixture(&store);
    let query = MetricsQuery {
        campaign_id: campaign,
        as_of: Some("2026-03-15".into()),
        ..MetricsQuery::default()
    };
    let m = metrics::metrics(
        &store,
        &readerdesk_core::moderation::moderators::Moderator::owner(),
        &query,
    )
    .unwrap();
    // Net: a 3×19.12, b 96.80 − 100 refunded, c 50, e 10, anonymous 5, f €100 × 1.10 = 110,
    // g 36.00 − 1.80 fee (250 × 3600 / 5000 = 180).
    let raised = 3 * 1912 + 9680 - 10000 + 5000 + 1000 + 500 + 11000 + (3600 - 180);
    assert_eq!(m.raised_minor, raised);
    assert_eq!(raised, 26_336);
    assert_eq!(m.remaining_minor, 100_000 - raised);
    assert_eq!(m.sentence, "We are now $736.64 short of our goal");
    assert_eq!(m.percent_display, "26.3%");
    assert_eq!(m.refunds_minor, -10_000);
    assert_eq!((m.gifts, m.refunds), (9, 1));
    assert_eq!((m.unique_donors, m.anonymous_gifts), (6, 1));
    assert_eq!((m.new_donors, m.returning_donors), (5, 1), "c gave in 2025");
    // Gifts before fees: 2000×3, 10000, 5000, 1000, 500, 11000, 3600 = 37100 over 9 gifts.
    assert_eq!(m.average_gift_minor, Some(4122), "37100 / 9 = 4122.2");
    // 500, 1000, 2000, 2000, [2000], 3600, 5000, 10000, 11000.
    assert_eq!(m.median_gift_minor, Some(2000));
    assert_eq!(
        (m.recurring_share.part, m.recurring_share.whole),
        (7000, 37_100)
    );
    assert_eq!(m.recurring_share.permille, Some(188));
    // On the campaign's basis (net): a's 2000 less its 88 fee.
    assert_eq!(m.mrr_minor, 1912, "a is active, e stopped in January");
    assert_eq!((m.churn.part, m.churn.whole), (1, 2));
    assert_eq!(
        (m.retention.part, m.retention.whole),
        (1, 2),
        "c came back, d did not"
    );
    assert_eq!(m.lapsed_donors, 1);
    assert_eq!(m.unconverted.len(), 1);
    assert_eq!(m.unconverted[0].currency, "JPY");
    assert_eq!(m.unconverted[0].display, "¥1,000");
    assert_eq!(m.top_donors[0].name, "F");
    assert_eq!(m.top_donors[0].total_minor, 11_000);
    assert_eq!(m.time_zone, "UTC");

    // Pace: MRR 1912 × 12 / 365 = 62.86 a day; one-time gifts (net) in the last 30 days:
    // b 9680 + c 5000 + anon 500 + f 11000 + g 3420 = 29600, the same over 90 days.
    let p = &m.projection;
    assert_eq!(p.state, "projected");
    assert_eq!((p.one_time_30_minor, p.one_time_90_minor), (29_600, 29_600));
    assert_eq!(p.daily_30_minor, 1050, "62.86 + 986.67");
    assert_eq!(p.daily_90_minor, 392, "62.86 + 328.89");
    assert_eq!(
        (p.daily_30_display.as_str(), p.daily_90_display.as_str()),
        ("$10.50", "$3.92")
    );
    // 73664 / 1049.53 = 70.19 → 71 days; 73664 / 391.75 = 188.04 → 189 days.
    assert_eq!(p.date_30.as_deref(), Some("2026-05-25"));
    assert_eq!(p.date_90.as_deref(), Some("2026-09-20"));
    assert!(
        p.explanation.contains("after the campaign ends"),
        "{}",
        p.explanation
    );

    // The rows behind numbers.
    let refunds = metrics::rows_behind(&store, &query, "refunds").unwrap();
    assert_eq!(refunds.len(), 1);
    // "Raised" opens every row it is made of: the gifts and the refunds taken off them.
    let raised = metrics::rows_behind(&store, &query, "raised").unwrap();
    let gifts = metrics::rows_behind(&store, &query, "gifts").unwrap();
    assert_eq!(raised.len(), 10, "9 gifts and 1 refund");
    assert!(gifts.iter().chain(&refunds).all(|id| raised.contains(id)));
    assert_eq!(m.figures[0].key, "raised");
    let page = ledger::page(
        &store,
        &readerdesk_core::moderation::moderators::Moderator::owner(),
        &LedgerQuery {
            ids: Some(refunds),
            ..LedgerQuery::default()
        },
        None,
        50,
    )
    .unwrap();
    assert_eq!(page.entries[0].external_id, "b1r");
    assert_eq!(page.entries[0].gross_display, "-$100.00");
    let lapsed = metrics::rows_behind(&store, &query, "lapsed").unwrap();
    assert_eq!(lapsed.len(), 1);
    let new = metrics::rows_behind(&store, &query, "new_donors").unwrap();
    assert_eq!(new.len(), 7, "a×3, b, e, f, g");

    // A period inside the window: January only.
    let january = metrics::metrics(
        &store,
        &readerdesk_core::moderation::moderators::Moderator::owner(),
        &MetricsQuery {
            from_day: Some("2026-01-01".into()),
            to_day: Some("2026-01-31".into()),
            as_of: None,
            ..query.clone()
        },
    )
    .unwrap();
    assert_eq!(january.gifts, 2);
    assert_eq!(january.raised_minor, 1912 + 1000);
    assert_eq!(january.as_of, "2026-01-31");
}

#[test]
fn gifts_typed_in_by_hand_keep_every_change_and_count_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("n.db")).unwrap();
    let campaign = ledger_fixture(&store);
    let editor = moderators::add(&store, None, "Olha", Role::Admin).unwrap();
    let moderator = moderators::add(&store, Some(&editor), "Max", Role::Moderator).unwrap();
    let query = MetricsQuery {
        campaign_id: campaign.clone(),
        as_of: Some("2026-03-15".into()),
        ..MetricsQuery::default()
    };
    let before = metrics::metrics(
        &store,
        &readerdesk_core::moderation::moderators::Moderator::owner(),
        &query,
    )
    .unwrap();
    let cash = ManualDonation {
        donor_name: "Halyna <b>M</b>".into(),
        donor_email: Some(" Halyna@Example.ORG ".into()),
        amount: "1,250.00".into(),
        fee: None,
        currency: "USD".into(),
        received_on: "2026-03-12".into(),
        method: "cash".into(),
        kind: DonationKind::OneTime,
        campaign_id: None,
        note: "Envelope at the front desk".into(),
    };
    let err = ledger::add_manual(&store, &moderator, &cash).unwrap_err();
    assert_eq!(err.code(), "forbidden");
    let entry = ledger::add_manual(&store, &editor, &cash).unwrap();
    assert_eq!(entry.gross_display, "$1,250.00");
    assert!(entry.editable);
    assert_eq!(entry.donor_email.as_deref(), Some("halyna@example.org"));
    assert_eq!(entry.occurred_at, "2026-03-12T12:00:00.000000Z");
    let after = metrics::metrics(
        &store,
        &readerdesk_core::moderation::moderators::Moderator::owner(),
        &query,
    )
    .unwrap();
    assert_eq!(after.raised_minor, before.raised_minor + 125_000);
    assert_eq!(after.gifts, before.gifts + 1);

    let corrected = ManualDonation {
        amount: "1 200".into(),
        method: "cheque".into(),
        ..cash.clone()
    };
    let edited = ledger::edit_manual(&store, &editor, &entry.id, &corrected).unwrap();
    assert_eq!(edited.gross_minor, 120_000);
    // The metrics see the correction at once (the in-memory ledger is rebuilt on a change).
    assert_eq!(
        metrics::metrics(
            &store,
            &readerdesk_core::moderation::moderators::Moderator::owner(),
            &query
        )
        .unwrap()
        .raised_minor,
        before.raised_minor + 120_000
    );
    let history = ledger::history(
        &store,
        &readerdesk_core::moderation::moderators::Moderator::owner(),
        &entry.id,
    )
    .unwrap();
    assert_eq!(history.len(), 2);
    assert_eq!(
        (history[0].action.as_str(), history[0].who.as_str()),
        ("create", "Olha")
    );
    assert!(history[0].before.is_none());
    let was: serde_json::Value =
        serde_json::from_str(history[1].before.as_deref().unwrap()).unwrap();
    let now: serde_json::Value = serde_json::from_str(&history[1].after).unwrap();
    assert_eq!(
        (was["gross_minor"].as_i64(), now["gross_minor"].as_i64()),
        (Some(125_000), Some(120_000))
    );
    assert_eq!(
        (was["method"].as_str(), now["method"].as_str()),
        (Some("cash"), Some("cheque"))
    );

    // Bad input names the field and writes nothing.
    for (bad, field) in [
        (
            ManualDonation {
                amount: "0.345".into(),
                ..cash.clone()
            },
            "amount",
        ),
        (
            ManualDonation {
                amount: "-5".into(),
                ..cash.clone()
            },
            "amount",
        ),
        (
            ManualDonation {
                currency: "XYZ".into(),
                ..cash.clone()
            },
            "currency",
        ),
        (
            ManualDonation {
                received_on: "12/03/2026".into(),
                ..cash.clone()
            },
            "received_on",
        ),
        (
            ManualDonation {
                method: "bitcoin".into(),
                ..cash.clone()
            },
            "method",
        ),
        (
            ManualDonation {
                donor_email: Some("not an address".into()),
                ..cash.clone()
            },
            "donor_email",
        ),
        (
            ManualDonation {
                kind: DonationKind::Refund,
                ..cash.clone()
            },
            "kind",
        ),
    ] {
        let err = match ledger::add_manual(&store, &editor, &bad) {
            Ok(entry) => panic!("{field}: accepted {entry:?}"),
            Err(err) => err,
        };
        assert_eq!(err.code(), "invalid", "{field}: {err}");
    }
    let count: i64 = store
        .read(|c| {
            Ok(c.query_row(
                "SELECT COUNT(*) FROM donations WHERE source = 'manual'",
                [],
                |r| r.get(0),
            )?)
        })
        .unwrap();
    assert_eq!(count, 1);

    // Imported rows are not edited here; and the change log cannot be rewritten.
    let imported = ledger::page(
        &store,
        &readerdesk_core::moderation::moderators::Moderator::owner(),
        &LedgerQuery {
            source: Some("test".into()),
            ..LedgerQuery::default()
        },
        None,
        1,
    )
    .unwrap()
    .entries
    .remove(0);
    assert!(!imported.editable);
    assert_eq!(
        ledger::edit_manual(&store, &editor, &imported.id, &cash)
            .unwrap_err()
            .code(),
        "forbidden"
    );
    let rewrite = store.write(|tx| Ok(tx.execute("DELETE FROM donation_changes", [])?));
    assert!(rewrite.is_err());
}

#[test]
fn a_gift_assigned_by_hand_counts_for_that_campaign_whatever_its_date() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("n.db")).unwrap();
    let campaign = ledger_fixture(&store);
    let editor = moderators::add(&store, None, "Olha", Role::Admin).unwrap();
    let query = MetricsQuery {
        campaign_id: campaign.clone(),
        as_of: Some("2026-03-15".into()),
        ..MetricsQuery::default()
    };
    let before = metrics::metrics(
        &store,
        &readerdesk_core::moderation::moderators::Moderator::owner(),
        &query,
    )
    .unwrap();
    // c's 2025 gift is outside the window; assigned by hand, it counts.
    let old = ledger::page(
        &store,
        &readerdesk_core::moderation::moderators::Moderator::owner(),
        &LedgerQuery {
            from_day: Some("2025-02-01".into()),
            to_day: Some("2025-02-01".into()),
            ..LedgerQuery::default()
        },
        None,
        5,
    )
    .unwrap()
    .entries
    .remove(0);
    assert_eq!(old.external_id, "c0");
    ledger::assign_campaign(
        &store,
        &editor,
        std::slice::from_ref(&old.id),
        Some(&campaign),
    )
    .unwrap();
    let after = metrics::metrics(
        &store,
        &readerdesk_core::moderation::moderators::Moderator::owner(),
        &MetricsQuery {
            from_day: Some("2025-01-01".into()),
            ..query.clone()
        },
    )
    .unwrap();
    assert_eq!(after.raised_minor, before.raised_minor + 3000);
    assert_eq!(
        ledger::history(
            &store,
            &readerdesk_core::moderation::moderators::Moderator::owner(),
            &old.id
        )
        .unwrap()
        .len(),
        1,
        "the assignment is logged"
    );
    // Back to "by date": it no longer counts.
    ledger::assign_campaign(&store, &editor, std::slice::from_ref(&old.id), None).unwrap();
    let back = metrics::metrics(
        &store,
        &readerdesk_core::moderation::moderators::Moderator::owner(),
        &MetricsQuery {
            from_day: Some("2025-01-01".into()),
            ..query
        },
    )
    .unwrap();
    assert_eq!(back.raised_minor, before.raised_minor);
}

#[test]
fn campaign_days_begin_and_end_at_midnight_in_the_newsroom_time_zone() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("n.db")).unwrap();
    newsroom::start_empty(&store).unwrap();
    // Each gift's amount is a power of two, so a sum says exactly which gifts counted.
    let gifts = [
        ("g1", 100, "2024-01-01T07:59:59.000000Z"), // 31 Dec 23:59:59 in Los Angeles (PST)
        ("g2", 200, "2024-01-01T08:00:00.000000Z"), // 1 Jan 00:00 PST
        ("g4", 400, "2024-04-01T06:59:59.000000Z"), // 31 Mar 23:59:59 PDT (summer time)
        ("g8", 800, "2024-04-01T07:00:00.000000Z"), // 1 Apr 00:00 PDT
        ("g16", 1600, "2024-03-10T09:30:00.000000Z"), // 10 Mar 01:30 PST, the night clocks go forward
    ];
    store
        .write(|tx| {
            db::settings::set(tx, settings::TIME_ZONE, "America/Los_Angeles")?;
            fundraising::insert_campaign(
                tx,
                &NewCampaign {
                    id: "q1",
                    name: "First quarter",
                    goal_minor: 10_000,
                    currency: "USD",
                    starts_on: "2024-01-01",
                    ends_on: "2024-03-31",
                    basis: Basis::Gross,
                    created_at: "2024-01-01T00:00:00.000000Z",
                    goal_type: "total",
                },
            )?;
            for (id, gross, at) in gifts {
                fundraising::insert_donation(
                    tx,
                    &NewDonation {
                        source: "test",
                        external_id: id,
                        donor_id: None,
                        campaign_id: None,
                        kind: DonationKind::OneTime,
                        gross_minor: gross,
                        fee_minor: 0,
                        currency: "USD",
                        original_id: None,
                        occurred_at: at,
                        import_id: None,
                        created_at: at,
                        converted: None,
                        method: None,
                        note: "",
                        payments_per_year: None,
                        original_external_id: None,
                    },
                )?;
            }
            Ok(())
        })
        .unwrap();
    let raised = |from: Option<&str>, to: Option<&str>| {
        metrics::metrics(
            &store,
            &readerdesk_core::moderation::moderators::Moderator::owner(),
            &MetricsQuery {
                campaign_id: "q1".into(),
                from_day: from.map(str::to_owned),
                to_day: to.map(str::to_owned),
                as_of: Some("2024-03-31".into()),
            },
        )
        .unwrap()
        .raised_minor
    };
    assert_eq!(raised(None, None), 200 + 400 + 1600);
    assert_eq!(raised(Some("2024-01-01"), Some("2024-01-01")), 200);
    assert_eq!(raised(Some("2024-03-31"), Some("2024-03-31")), 400);
    assert_eq!(raised(Some("2024-03-10"), Some("2024-03-10")), 1600);
    assert_eq!(raised(Some("2024-03-09"), Some("2024-03-09")), 0);

    // The same ledger seen from Tokyo (UTC+9, no summer time): other gifts fall inside.
    store
        .write(|tx| db::settings::set(tx, settings::TIME_ZONE, "Asia/Tokyo"))
        .unwrap();
    assert_eq!(raised(None, None), 100 + 200 + 1600);
    assert_eq!(raised(Some("2024-01-01"), Some("2024-01-01")), 100 + 200);
    assert_eq!(
        raised(Some("2024-04-01"), Some("2024-04-01")),
        0,
        "outside the campaign"
    );
}

#[test]
fn a_yearly_plan_counts_a_twelfth_in_mrr_and_stays_active_for_a_year() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("n.db")).unwrap();
    newsroom::start_empty(&store).unwrap();
    // (donor, gross, day, payments a year)
    let gifts = [
        ("yearly", 12_000, "2025-10-01", Some(1)),
        ("monthly", 1_000, "2026-01-20", None),
        ("monthly", 1_000, "2026-02-20", None),
        ("monthly", 1_000, "2026-03-10", Some(12)),
        ("weekly", 500, "2026-03-12", Some(52)),
    ];
    store
        .write(|tx| {
            db::settings::set(tx, settings::TIME_ZONE, "UTC")?;
            fundraising::insert_campaign(
                tx,
                &NewCampaign {
                    id: "members",
                    name: "Members",
                    goal_minor: 10_000,
                    currency: "USD",
                    starts_on: "2025-01-01",
                    ends_on: "2026-12-31",
                    basis: Basis::Gross,
                    created_at: "2025-01-01T00:00:00.000000Z",
                    goal_type: "monthly_recurring",
                },
            )?;
            for donor in ["yearly", "monthly", "weekly"] {
                fundraising::insert_donor(
                    tx,
                    &NewDonor {
                        source: "test",
                        external_id: donor,
                        name: Some(donor),
                        email_normalized: None,
                        country: None,
                    },
                )?;
            }
            for (n, (donor, gross, day, per_year)) in gifts.into_iter().enumerate() {
                let at = format!("{day}T12:00:00.000000Z");
                let donor = readerdesk_core::ids::from_source("donors", "test", donor);
                fundraising::insert_donation(
                    tx,
                    &NewDonation {
                        source: "test",
                        external_id: &format!("r{n}"),
                        donor_id: Some(&donor),
                        campaign_id: None,
                        kind: DonationKind::Recurring,
                        gross_minor: gross,
                        fee_minor: 0,
                        currency: "USD",
                        original_id: None,
                        occurred_at: &at,
                        import_id: None,
                        created_at: &at,
                        converted: None,
                        method: None,
                        note: "",
                        payments_per_year: per_year,
                        original_external_id: None,
                    },
                )?;
            }
            Ok(())
        })
        .unwrap();
    let on = |day: &str| {
        metrics::metrics(
            &store,
            &readerdesk_core::moderation::moderators::Moderator::owner(),
            &MetricsQuery {
                campaign_id: "members".into(),
                as_of: Some(day.into()),
                ..MetricsQuery::default()
            },
        )
        .unwrap()
    };
    let march = on("2026-03-15");
    // 12000 ÷ 12 + 1000 + 500 × 52 ÷ 12 (2166.67, rounded half to even).
    assert_eq!(march.mrr_minor, 1_000 + 1_000 + 2_167);
    assert_eq!(
        march.raised_minor, march.mrr_minor,
        "a monthly goal counts MRR"
    );
    assert_eq!(
        (march.churn.part, march.churn.whole),
        (0, 2),
        "yearly and monthly were active a month ago, and still are"
    );
    let mut behind = metrics::rows_behind(
        &store,
        &MetricsQuery {
            campaign_id: "members".into(),
            as_of: Some("2026-03-15".into()),
            ..MetricsQuery::default()
        },
        "mrr",
    )
    .unwrap();
    behind.sort();
    assert_eq!(behind.len(), 3, "each donor's latest gift: {behind:?}");

    // 2 October 2026: the yearly gift (366 days old) still counts, the others have lapsed.
    let october = on("2026-10-02");
    assert_eq!(october.mrr_minor, 1_000);
    // 10 October: 374 days, past the year and its grace; active a month ago, lost now.
    let later = on("2026-10-10");
    assert_eq!(later.mrr_minor, 0);
    assert_eq!((later.churn.part, later.churn.whole), (1, 1));
}

#[test]
fn money_in_another_currency_waits_for_a_rate_and_takes_the_rate_of_its_local_day() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("n.db")).unwrap();
    newsroom::start_empty(&store).unwrap();
    // A dollar campaign whose ledger holds not one dollar: only a euro gift, made late on
    // 4 March in UTC, which is already 5 March in Tokyo.
    store
        .write(|tx| {
            db::settings::set(tx, settings::TIME_ZONE, "Asia/Tokyo")?;
            fundraising::insert_campaign(
                tx,
                &NewCampaign {
                    id: "march",
                    name: "March",
                    goal_minor: 100_000,
                    currency: "USD",
                    starts_on: "2024-03-01",
                    ends_on: "2024-03-31",
                    basis: Basis::Gross,
                    created_at: "2024-03-01T00:00:00.000000Z",
                    goal_type: "total",
                },
            )?;
            fundraising::insert_donation(
                tx,
                &NewDonation {
                    source: "test",
                    external_id: "eur",
                    donor_id: None,
                    campaign_id: None,
                    kind: DonationKind::OneTime,
                    gross_minor: 5_000,
                    fee_minor: 0,
                    currency: "EUR",
                    original_id: None,
                    occurred_at: "2024-03-04T23:30:00.000000Z",
                    import_id: None,
                    created_at: "2024-03-04T23:30:00.000000Z",
                    converted: None,
                    method: None,
                    note: "",
                    payments_per_year: None,
                    original_external_id: None,
                },
            )?;
            Ok(())
        })
        .unwrap();
    let query = MetricsQuery {
        campaign_id: "march".into(),
        as_of: Some("2024-03-31".into()),
        ..MetricsQuery::default()
    };
    let m = metrics::metrics(
        &store,
        &readerdesk_core::moderation::moderators::Moderator::owner(),
        &query,
    )
    .unwrap();
    assert_eq!(m.raised_minor, 0, "not counted as $0.00 either: set aside");
    assert_eq!(m.unconverted.len(), 1);
    assert_eq!(m.unconverted[0].display, "€50.00");

    store
        .write(|tx| {
            db::metrics::set_rate(tx, "EUR", "USD", "2024-03-04", "1.00", "manual")?;
            db::metrics::set_rate(tx, "EUR", "USD", "2024-03-05", "1.10", "manual")
        })
        .unwrap();
    let m = metrics::metrics(
        &store,
        &readerdesk_core::moderation::moderators::Moderator::owner(),
        &query,
    )
    .unwrap();
    assert_eq!(
        m.raised_minor, 5_500,
        "the rate of 5 March, the gift's day in Tokyo"
    );
    assert!(m.unconverted.is_empty());
}

#[test]
fn gifts_typed_in_by_hand_keep_first_gifts_true_and_anonymous_gifts_apart() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("n.db")).unwrap();
    newsroom::start_empty(&store).unwrap();
    store
        .write(|tx| db::settings::set(tx, settings::TIME_ZONE, "UTC"))
        .unwrap();
    let editor = moderators::add(&store, None, "Olha", Role::Admin).unwrap();
    let gift = |name: &str, email: Option<&str>, day: &str| ManualDonation {
        donor_name: name.into(),
        donor_email: email.map(str::to_owned),
        amount: "20".into(),
        fee: None,
        currency: "USD".into(),
        received_on: day.into(),
        method: "cash".into(),
        kind: DonationKind::OneTime,
        campaign_id: None,
        note: String::new(),
    };
    let first_gift = |email: &str| -> Option<String> {
        store
            .read(|c| {
                Ok(c.query_row(
                    "SELECT first_gift_at FROM donors WHERE email_normalized = ?1",
                    [email],
                    |r| r.get(0),
                )?)
            })
            .unwrap()
    };

    // Two envelopes marked "Anonymous": two anonymous gifts, not one donor who gave twice.
    let a = ledger::add_manual(&store, &editor, &gift("Anonymous", None, "2026-03-01")).unwrap();
    let b = ledger::add_manual(&store, &editor, &gift("anonymous", None, "2026-03-02")).unwrap();
    assert_eq!((a.donor_id, b.donor_id), (None, None));

    // Lena gave on 10 and 20 March; the first was typed with the wrong day (really 5 April).
    let early = ledger::add_manual(
        &store,
        &editor,
        &gift("Lena", Some("lena@example.org"), "2026-03-10"),
    )
    .unwrap();
    let later = ledger::add_manual(
        &store,
        &editor,
        &gift("Lena", Some("lena@example.org"), "2026-03-20"),
    )
    .unwrap();
    assert_eq!(
        first_gift("lena@example.org").as_deref(),
        Some("2026-03-10T12:00:00.000000Z")
    );
    ledger::edit_manual(
        &store,
        &editor,
        &early.id,
        &gift("Lena", Some("lena@example.org"), "2026-04-05"),
    )
    .unwrap();
    assert_eq!(
        first_gift("lena@example.org").as_deref(),
        Some("2026-03-20T12:00:00.000000Z"),
        "her first gift is now the one of 20 March"
    );
    // The 20 March gift was Max's, not Lena's.
    ledger::edit_manual(
        &store,
        &editor,
        &later.id,
        &gift("Max", Some("max@example.org"), "2026-03-20"),
    )
    .unwrap();
    assert_eq!(
        first_gift("lena@example.org").as_deref(),
        Some("2026-04-05T12:00:00.000000Z")
    );
    assert_eq!(
        first_gift("max@example.org").as_deref(),
        Some("2026-03-20T12:00:00.000000Z")
    );

    // In March: Max new, and two anonymous gifts; Lena gave nothing in March any more.
    store
        .write(|tx| {
            fundraising::insert_campaign(
                tx,
                &NewCampaign {
                    id: "spring",
                    name: "Spring",
                    goal_minor: 10_000,
                    currency: "USD",
                    starts_on: "2026-03-01",
                    ends_on: "2026-04-30",
                    basis: Basis::Gross,
                    created_at: "2026-03-01T00:00:00.000000Z",
                    goal_type: "total",
                },
            )
        })
        .unwrap();
    let march = metrics::metrics(
        &store,
        &readerdesk_core::moderation::moderators::Moderator::owner(),
        &MetricsQuery {
            campaign_id: "spring".into(),
            from_day: Some("2026-03-01".into()),
            to_day: Some("2026-03-31".into()),
            as_of: Some("2026-03-31".into()),
        },
    )
    .unwrap();
    assert_eq!(
        (
            march.gifts,
            march.unique_donors,
            march.anonymous_gifts,
            march.new_donors
        ),
        (3, 1, 2, 1)
    );
}
