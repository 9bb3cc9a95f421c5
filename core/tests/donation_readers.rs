//! The donation export readers against files: the project's own synthetic exports (one or
//! more per format, each edge case on purpose) with totals worked out by hand from the rows,
//! the real-world exports in shared/fixtures/donations when that folder exists, a generated
//! file whose sums are known before it is read, and 100,000 Stripe rows against the clock.
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use readerdesk_core::fundraising::import::{
    self, ColumnMapping, CurrencyColumn, DateOrder, DateOrderStatus, DonationRecord, Format,
    Parsed, ReadOptions, Totals,
};
use readerdesk_core::model::DonationKind;

fn own(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures/donations")
        .join(name)
}

fn read(name: &str) -> Parsed {
    read_with(name, &ReadOptions::default())
}

fn read_with(name: &str, options: &ReadOptions) -> Parsed {
    import::read_path(&own(name), None, options).unwrap_or_else(|err| panic!("{name}: {err}"))
}

/// (currency, records, gross, fee, refunds, net)
type Expected<'a> = &'a [(&'a str, u64, i64, i64, i64, i64)];

fn assert_totals(parsed: &Parsed, expected: Expected) {
    let want: BTreeMap<String, Totals> = expected
        .iter()
        .map(|&(currency, records, gross, fee, refunds, net)| {
            (
                currency.to_owned(),
                Totals {
                    records,
                    gross_minor: gross,
                    fee_minor: fee,
                    refunds_minor: refunds,
                    net_minor: net,
                },
            )
        })
        .collect();
    assert_eq!(parsed.totals(), want, "{}", parsed.file);
    for r in parsed.records() {
        assert_eq!(r.net_minor, r.gross_minor - r.fee_minor, "{r:?}");
        assert!(
            r.occurred_at.ends_with('Z') && r.occurred_at.len() == 27,
            "{r:?}"
        );
        match r.kind {
            DonationKind::Refund | DonationKind::Dispute => assert!(r.gross_minor <= 0),
            _ => assert!(r.gross_minor >= 0),
        }
    }
}

fn record<'a>(parsed: &'a Parsed, id: &str) -> &'a DonationRecord {
    parsed
        .records()
        .find(|r| r.external_id == id)
        .unwrap_or_else(|| panic!("{}: no record {id}", parsed.file))
}

/// (line, field) of every skip, in file order.
fn skips(parsed: &Parsed) -> Vec<(u64, String)> {
    parsed.skips().map(|s| (s.line, s.field.clone())).collect()
}

fn skip_reason(parsed: &Parsed, line: u64) -> String {
    parsed
        .skips()
        .find(|s| s.line == line)
        .map(|s| s.reason.clone())
        .unwrap_or_else(|| panic!("{}: no skip on line {line}", parsed.file))
}

/// Nothing of cards, addresses or phones leaves a reader.
fn assert_private(parsed: &Parsed, secrets: &[&str]) {
    let json = serde_json::to_string(parsed).expect("serializes");
    for secret in secrets {
        assert!(!json.contains(secret), "{}: {secret} leaked", parsed.file);
    }
}

/// An older Stripe payments export: a column added at the end of the header, absent from the
/// early rows. Every row is read, each value under its own column, refunds and fees included.
#[test]
fn a_row_shorter_than_the_header_by_trailing_cells_is_read_with_them_empty() {
    let short = read("stripe_payments_short_rows.csv");
    let full = read("stripe_payments_old.csv");
    assert_eq!(short.format, Format::StripePayments);
    assert_eq!(
        skips(&short),
        skips(&full),
        "only the rows the full file skips too"
    );
    let totals = |p: &Parsed| {
        p.totals()
            .into_iter()
            .map(|(c, t)| {
                (
                    c,
                    t.records,
                    t.gross_minor,
                    t.fee_minor,
                    t.refunds_minor,
                    t.net_minor,
                )
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(totals(&short), totals(&full));
    assert_eq!(record(&short, "ch_A3:refund").gross_minor, -2500);
    assert_eq!(record(&short, "ch_A1").fee_minor, 175);
    // A single row cut short (a download stopped mid-row) is refused, not read as paid.
    let mut cut = std::fs::read_to_string(own("stripe_payments_old.csv")).unwrap();
    cut.push_str("ch_Z8,Donation,Payment complete.,2024-02-01 10:00:00,5.00\n");
    let p = import::read_bytes(cut.as_bytes(), "x.csv", None, &ReadOptions::default()).unwrap();
    let last = p.skips().last().unwrap();
    assert_eq!(
        (last.field.as_str(), last.record.as_str()),
        ("columns", "ch_Z8")
    );
    // A row with more filled cells than the header is still refused as ragged.
    let mut text = std::fs::read_to_string(own("stripe_payments_short_rows.csv")).unwrap();
    text.push_str("ch_Z9,Donation,Payment complete.,2024-02-01 10:00:00,5.00,,usd,5.00,,0.45,0.00,usd,Live,Paid,,cus_Z,,z@example.org,true,card_x,4242,Visa,credit,12,2030,Zed,,,,,,,,fp,pass,,,,,,,,card,,,,,card,EXTRA\n");
    let p = import::read_bytes(text.as_bytes(), "x.csv", None, &ReadOptions::default()).unwrap();
    let last = p.skips().last().unwrap();
    assert_eq!(last.field, "columns");
    assert!(last.reason.contains("ragged"));
}

#[test]
fn stripe_payments_old_header() {
    let p = read("stripe_payments_old.csv");
    assert_eq!(p.format, Format::StripePayments);
    // USD: gifts 50 + 10 + 25 + 100 + 60 + 15, refunds -25 -40, dispute -60;
    // fees 1.75 + 0.59 + 1.03 + 3.20 + 2.04 + 0.74. EUR: 20.00, fee 0.93 USD at 20.00/21.80.
    assert_totals(
        &p,
        &[
            ("EUR", 1, 2000, 85, 0, 1915),
            ("USD", 9, 13500, 935, -12500, 12565),
        ],
    );
    assert_eq!(
        skips(&p),
        vec![
            (6, "Status".into()),
            (9, "Status".into()),
            (11, "Amount".into())
        ]
    );
    assert!(skip_reason(&p, 6).contains("Failed payment is not money"));
    assert!(skip_reason(&p, 11).contains("\"abc\""));
    let bob = record(&p, "ch_A2");
    assert_eq!(bob.kind, DonationKind::Recurring);
    assert_eq!(
        bob.donor.name.as_deref(),
        Some("=HYPERLINK(\"http://evil.example\",\"Bob\")"),
        "formula text stays text"
    );
    let alice = record(&p, "ch_A1");
    assert_eq!(alice.kind, DonationKind::OneTime);
    assert_eq!(alice.donor.customer_id.as_deref(), Some("cus_A"));
    assert_eq!(alice.donor.email.as_deref(), Some("alice@example.org"));
    assert_eq!(alice.donor.country.as_deref(), Some("GB"));
    assert_eq!(alice.occurred_at, "2024-01-05T09:30:00.000000Z");
    let refund = record(&p, "ch_A3:refund");
    assert_eq!(refund.original_external_id.as_deref(), Some("ch_A3"));
    assert_eq!(refund.occurred_at, "2024-01-07T11:00:00.000000Z");
    assert_eq!(record(&p, "ch_A4:refund").gross_minor, -4000);
    let dispute = record(&p, "ch_A7:dispute");
    assert_eq!(dispute.kind, DonationKind::Dispute);
    assert_eq!(dispute.occurred_at, "2024-02-01T10:00:00.000000Z");
    assert!(p.records().all(|r| r.external_id != "ch_A9:dispute"), "won");
    let eur = record(&p, "ch_A6");
    let converted = eur.converted.as_ref().expect("converted");
    assert_eq!(
        (
            converted.gross_minor,
            converted.fee_minor,
            converted.currency.as_str()
        ),
        (2180, Some(93), "USD")
    );
    assert_private(
        &p,
        &["4242", "Privet", "Whinging", "RG12", "fpXYZ", "card_x"],
    );
}

#[test]
fn stripe_payments_new_header() {
    let p = read("stripe_payments_new.csv");
    assert_eq!(p.format, Format::StripePayments);
    // USD: 15.00 (fee 0.74) + 80.00 (fee 2.62) refunded 80.00; JPY 3,000, fee 0.88 USD at
    // 3000/20.10 = 131.3 yen.
    assert_totals(
        &p,
        &[
            ("JPY", 1, 3000, 131, 0, 2869),
            ("USD", 3, 1500, 336, -8000, 1164),
        ],
    );
    assert_eq!(skips(&p), vec![(4, "Amount".into()), (6, "Status".into())]);
    let kwd = skip_reason(&p, 4);
    assert!(
        kwd.contains("KWD") && kwd.contains("\"1,234\"") && kwd.contains("decimal point"),
        "{kwd}"
    );
    assert_eq!(record(&p, "py_N1").kind, DonationKind::Recurring);
    assert_eq!(
        record(&p, "py_N4:refund").occurred_at,
        "2024-05-10T12:00:00.000000Z",
        "dated by Refunded date (UTC)"
    );
    assert_eq!(record(&p, "py_N2").donor.country.as_deref(), Some("JP"));
}

#[test]
fn stripe_balance_report() {
    let p = read("stripe_balance.csv");
    assert_eq!(p.format, Format::StripeBalance);
    // USD: charges 20.00 + 10.00, refund -20.00, dispute -10.00 (fee 15.00), reversal +10.00
    // (fee -15.00); EUR: 10.00 paid by the customer, 10.90 USD settled, fee 0.62 USD.
    assert_totals(
        &p,
        &[
            ("EUR", 1, 1000, 57, 0, 943),
            ("USD", 5, 1000, 147, -3000, 853),
        ],
    );
    assert_eq!(
        skips(&p),
        vec![
            (6, "reporting_category".into()),
            (7, "reporting_category".into()),
            (10, "net".into())
        ]
    );
    assert!(skip_reason(&p, 6).contains("payout"));
    assert_eq!(record(&p, "ch_B1").kind, DonationKind::OneTime);
    assert_eq!(record(&p, "ch_B2").kind, DonationKind::Recurring);
    assert_eq!(
        record(&p, "re_B3").original_external_id.as_deref(),
        Some("ch_B1")
    );
    let back = record(&p, "txn_B8");
    assert_eq!(
        (back.kind, back.original_external_id.as_deref()),
        (DonationKind::OneTime, Some("ch_B2"))
    );
    let eur = record(&p, "ch_B4");
    assert_eq!(eur.converted.as_ref().map(|c| c.gross_minor), Some(1090));
    assert_private(&p, &["Elm St", "Springfield"]);
}

#[test]
fn paypal_activity_download() {
    let p = read("paypal_activity.csv");
    assert_eq!(p.format, Format::PaypalActivity);
    assert_eq!(
        p.date_order,
        DateOrderStatus::Inferred {
            order: DateOrder::DayFirst
        }
    );
    // USD: gifts 1,000.00 (fee 29.30) and 20.00 (0.88); refund -200.00 with 5.86 of the fee
    // back; chargeback -20.00. EUR: a 5,00 subscription payment, fee 0,45.
    assert_totals(
        &p,
        &[
            ("EUR", 1, 500, 45, 0, 455),
            ("USD", 4, 80000, 2432, -22000, 77568),
        ],
    );
    assert_eq!(
        skips(&p),
        vec![
            (4, "Type".into()),
            (6, "Type".into()),
            (7, "Type".into()),
            (8, "Type".into()),
            (9, "Type".into()),
            (10, "Status".into()),
            (11, "Balance Impact".into()),
            (14, "Gross".into()),
            (15, "Gross".into()),
            (16, "Net".into()),
        ]
    );
    assert!(skip_reason(&p, 4).contains("conversion"));
    assert!(skip_reason(&p, 8).contains("withdrawal"));
    assert!(skip_reason(&p, 9).contains("outgoing payment"));
    assert!(skip_reason(&p, 15).contains("KWD"));
    let ann = record(&p, "T2");
    assert_eq!(ann.occurred_at, "2024-03-15T16:00:00.000000Z", "PDT is -7");
    assert_eq!(ann.note.as_deref(), Some("For the courts reporting"));
    assert_eq!(ann.donor.country.as_deref(), Some("US"));
    assert_eq!(
        record(&p, "T13").occurred_at,
        "2024-03-01T16:00:00.000000Z",
        "PST is -8"
    );
    assert_eq!(record(&p, "T3").kind, DonationKind::Recurring);
    let refund = record(&p, "T5");
    assert_eq!(
        (
            refund.kind,
            refund.fee_minor,
            refund.original_external_id.as_deref()
        ),
        (DonationKind::Refund, -586, Some("T2"))
    );
    assert_eq!(refund.donor.email.as_deref(), Some("ann@example.org"));
    let chargeback = record(&p, "T12");
    assert_eq!(
        (chargeback.kind, chargeback.original_external_id.as_deref()),
        (DonationKind::Dispute, Some("T13"))
    );
    assert_private(&p, &["555", "Long Rd"]);
}

#[test]
fn paypal_statement_report() {
    let p = read("paypal_statement.csv");
    assert_eq!(p.format, Format::PaypalStatement);
    assert_eq!(
        p.date_order,
        DateOrderStatus::Inferred {
            order: DateOrder::MonthFirst
        }
    );
    assert_totals(&p, &[("USD", 3, 5000, 205, -2500, 4795)]);
    assert_eq!(skips(&p), vec![(4, "Description".into())]);
    assert_eq!(record(&p, "S2").occurred_at, "2024-01-15T14:00:00.000000Z");
    assert_eq!(record(&p, "S3").occurred_at, "2024-01-16T09:00:00.000000Z");
    assert_eq!(record(&p, "S5").original_external_id.as_deref(), Some("S3"));
    assert_private(&p, &["6491"]);
}

#[test]
fn ambiguous_dates_are_said_and_the_callers_order_wins() {
    let p = read("paypal_ambiguous.csv");
    assert_eq!(
        p.date_order,
        DateOrderStatus::Ambiguous {
            assumed: DateOrder::DayFirst
        }
    );
    assert!(p.date_order.needs_confirmation());
    assert_totals(&p, &[("USD", 2, 3000, 147, 0, 2853)]);
    assert_eq!(
        record(&p, "AMB1").occurred_at,
        "2024-04-03T10:00:00.000000Z"
    );
    let options = ReadOptions {
        date_order: Some(DateOrder::MonthFirst),
        ..ReadOptions::default()
    };
    let p = read_with("paypal_ambiguous.csv", &options);
    assert_eq!(
        p.date_order,
        DateOrderStatus::Given {
            order: DateOrder::MonthFirst
        }
    );
    assert_eq!(
        record(&p, "AMB1").occurred_at,
        "2024-03-04T10:00:00.000000Z"
    );
    assert_eq!(
        record(&p, "AMB2").occurred_at,
        "2024-05-06T11:00:00.000000Z"
    );

    let err = import::read_path(
        &own("paypal_conflicting_dates.csv"),
        None,
        &ReadOptions::default(),
    )
    .unwrap_err()
    .to_string();
    assert!(
        err.contains("line 2") && err.contains("line 3") && err.contains("day-first"),
        "{err}"
    );
}

#[test]
fn donorbox_export() {
    let p = read("donorbox.csv");
    assert_eq!(p.format, Format::Donorbox);
    // USD: 100.00 (fees 3.20 + 1.50), 30.00 refunded (1.17 + 0.45), 20.00 (0.88 + 0.30);
    // EUR: 50.00 (1.75 + 0.75), 54.25 in USD.
    assert_totals(
        &p,
        &[
            ("EUR", 1, 5000, 250, 0, 4750),
            ("USD", 4, 12000, 750, -3000, 11250),
        ],
    );
    assert_eq!(skips(&p), vec![(5, "Status".into())]);
    let erin = record(&p, "DBX-1");
    assert_eq!(erin.campaign.as_deref(), Some("Spring Drive"));
    assert_eq!(erin.donor.country.as_deref(), Some("US"));
    assert_eq!(erin.converted, None, "USD already");
    let frank = record(&p, "DBX-2");
    assert_eq!(frank.kind, DonationKind::Recurring);
    assert_eq!(frank.donor.name.as_deref(), Some("Frank Weber"));
    assert_eq!(
        frank
            .converted
            .as_ref()
            .map(|c| (c.gross_minor, c.currency.as_str())),
        Some((5425, "USD"))
    );
    assert_eq!(
        record(&p, "DBX-3:refund").original_external_id.as_deref(),
        Some("DBX-3")
    );
    let unnamed = p
        .records()
        .find(|r| r.external_id.starts_with("db:"))
        .expect("a record with a content id");
    assert_eq!(unnamed.donor.name.as_deref(), Some("=1+2"));
    assert_eq!(
        read("donorbox.csv")
            .records()
            .find(|r| r.external_id.starts_with("db:"))
            .map(|r| r.external_id.clone()),
        Some(unnamed.external_id.clone()),
        "content ids are stable"
    );
    assert_private(&p, &["4242", "Oak Ave", "555", "97201"]);
}

#[test]
fn patreon_members_export_and_broken_member_files() {
    let p = read("patreon_members.csv");
    assert_eq!(p.format, Format::Patreon);
    assert_totals(
        &p,
        &[("EUR", 1, 500, 0, 0, 500), ("USD", 3, 1500, 0, 0, 1500)],
    );
    assert_eq!(
        skips(&p),
        vec![
            (5, "Last Charge Status".into()),
            (6, "Pledge Amount".into()),
            // A row cut short, the only one of its width: ragged.
            (7, "columns".into())
        ]
    );
    assert!(skip_reason(&p, 7).contains("ragged"));
    let gina = record(&p, "2001:2024-06-01T08:00:00.000000Z");
    assert_eq!(gina.kind, DonationKind::Recurring);
    assert_eq!(gina.donor.country.as_deref(), Some("FR"));
    assert_eq!(gina.campaign.as_deref(), Some("Supporter"));
    let formula = record(&p, "2002:2024-06-02T09:00:00.000000Z");
    assert_eq!(
        formula.donor.name.as_deref(),
        Some("=HYPERLINK(\"http://evil.example\",\"Click\")")
    );
    // Two members, one e-mail: two records, told apart by user id.
    assert_eq!(
        p.records()
            .filter(|r| r.donor.email.as_deref() == Some("dup@example.org"))
            .count(),
        2
    );
    assert_eq!(
        record(&p, "2008:2024-06-04T11:00:00.000000Z")
            .donor
            .name
            .as_deref(),
        Some("@handle")
    );
    assert_private(&p, &["Rue X", "+33"]);

    let empty = read("patreon_headers_only.csv");
    assert_eq!((empty.format, empty.rows.len()), (Format::Patreon, 0));
}

#[test]
fn open_collective_rest_and_platform_columns() {
    let p = read("opencollective_rest.csv");
    assert_eq!(p.format, Format::OpenCollective);
    // 50 (fee 2.50 + host 5.00), 24 (1.24 + 2.40), 10 (0.59) refunded: -10 with the 0.59
    // processor fee covered by the host.
    assert_totals(&p, &[("USD", 4, 7400, 1114, -1000, 6286)]);
    assert_eq!(
        skips(&p),
        vec![
            (3, "kind".into()),
            (5, "kind".into()),
            (8, "kind".into()),
            (9, "kind".into()),
            (10, "kind".into()),
            (11, "kind".into())
        ]
    );
    assert!(skip_reason(&p, 3).contains("counted in the fee"));
    assert!(skip_reason(&p, 9).contains("expense"));
    assert!(skip_reason(&p, 10).contains("not in this file"));
    assert!(skip_reason(&p, 11).contains("platform tip"));
    let martin = record(&p, "aa000001");
    assert_eq!((martin.fee_minor, martin.net_minor), (750, 4250));
    assert_eq!(martin.donor.customer_id.as_deref(), Some("guest-cf5e"));
    assert_eq!(record(&p, "aa000003").kind, DonationKind::Recurring);
    let refund = record(&p, "aa000007");
    assert_eq!(
        (
            refund.kind,
            refund.fee_minor,
            refund.original_external_id.as_deref()
        ),
        (DonationKind::Refund, -59, Some("aa000005"))
    );

    let p = read("opencollective_platform.csv");
    assert_eq!(p.format, Format::OpenCollective);
    // 95.50 net + 4.50 processor fee = 100.00, host fee 10.00; 20.00 with a separate 0.60
    // processor-fee row listed before it.
    assert_totals(&p, &[("EUR", 2, 12000, 1510, 0, 10490)]);
    assert_eq!(
        skips(&p),
        vec![(3, "kind".into()), (4, "kind".into()), (6, "kind".into())]
    );
    let lena = record(&p, "101");
    assert_eq!(lena.note.as_deref(), Some("For the audit series"));
    assert_eq!(lena.occurred_at, "2024-07-01T12:00:00.000000Z");
    assert_eq!(record(&p, "104").kind, DonationKind::Recurring);
}

#[test]
fn github_sponsors_export() {
    let p = read("github_sponsors.csv");
    assert_eq!(p.format, Format::GithubSponsors);
    // 4.52 + 3.00 + 100.00 + 120.00 + 25.00
    assert_totals(&p, &[("USD", 5, 25252, 0, 0, 25252)]);
    assert_eq!(skips(&p), vec![(6, "Status".into())]);
    let octo = record(&p, "ch_G1");
    assert_eq!(octo.occurred_at, "2023-05-07T19:46:01.000000Z");
    assert_eq!(octo.kind, DonationKind::Recurring);
    assert_eq!(octo.donor.country.as_deref(), Some("AT"));
    assert_eq!(octo.donor.customer_id.as_deref(), Some("octo"));
    assert_eq!(record(&p, "ch_G3").kind, DonationKind::OneTime);
    assert_eq!(record(&p, "ch_G4").kind, DonationKind::Recurring);
    assert_eq!(
        record(&p, "ch_G4").occurred_at,
        "2023-01-01T15:00:00.000000Z"
    );
    assert_eq!(
        record(&p, "legacy:2019-10-15T00:00:00.000000Z").kind,
        DonationKind::OneTime
    );
}

fn german_mapping() -> ColumnMapping {
    ColumnMapping {
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
    }
}

#[test]
fn generic_file_with_a_mapping() {
    let options = ReadOptions {
        mapping: Some(german_mapping()),
        ..ReadOptions::default()
    };
    let p = read_with("generic_dd_mm.csv", &options);
    assert_eq!(p.format, Format::Generic);
    assert_eq!(
        p.date_order,
        DateOrderStatus::Inferred {
            order: DateOrder::DayFirst
        }
    );
    // 25,00 (fee 0,50) + 10,00 - 25,00 (fee 0,50 back) + 1.234,56 (fee 12,35)
    assert_totals(&p, &[("EUR", 4, 124456, 1235, -2500, 123221)]);
    assert_eq!(skips(&p), vec![(5, "Betrag".into())]);
    assert!(p.records().all(|r| r.source == "bank"));
    assert_eq!(record(&p, "R1").occurred_at, "2024-02-05T00:00:00.000000Z");
    assert_eq!(record(&p, "R2").kind, DonationKind::Recurring);
    assert_eq!(record(&p, "R3").original_external_id.as_deref(), Some("R1"));
    // Without a mapping the file is refused, naming it and the formats known.
    let err = import::read_path(&own("generic_dd_mm.csv"), None, &ReadOptions::default())
        .unwrap_err()
        .to_string();
    assert!(err.starts_with("generic_dd_mm.csv:"), "{err}");
    assert!(err.contains("PayPal activity download"), "{err}");
    // A mapping naming a column the file lacks is refused too.
    let mut wrong = german_mapping();
    wrong.fee = Some("Provision".into());
    let err = import::read_path(
        &own("generic_dd_mm.csv"),
        Some(Format::Generic),
        &ReadOptions {
            mapping: Some(wrong),
            ..ReadOptions::default()
        },
    )
    .unwrap_err()
    .to_string();
    assert!(err.contains("Provision"), "{err}");
    let header: Vec<String> = [
        "Datum", "Betrag", "Währung", "Gebühr", "Spender", "E-Mail", "Art", "Referenz", "Bezug",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    assert_eq!(import::detect(&header), None);
    assert_eq!(import::header_signature(&header).len(), 64);
}

#[test]
fn a_forced_format_names_the_missing_columns() {
    let err = import::read_path(
        &own("donorbox.csv"),
        Some(Format::StripePayments),
        &ReadOptions::default(),
    )
    .unwrap_err()
    .to_string();
    assert!(
        err.contains("Stripe payments export") && err.contains("lacks id"),
        "{err}"
    );
}

/// A small deterministic generator (no dependency): a linear congruential sequence.
struct Lcg(u64);
impl Lcg {
    fn next(&mut self, below: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % below
    }
}

/// Minor units written the ways exports write them, for a currency of `exponent` decimals.
fn written(minor: i64, exponent: u32, style: u64) -> String {
    let scale = 10i64.pow(exponent);
    let (whole, frac) = (minor.abs() / scale, minor.abs() % scale);
    let digits = whole.to_string();
    let grouped = |sep: char| {
        let mut out = String::new();
        for (i, d) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i) % 3 == 0 {
                out.push(sep);
            }
            out.push(d);
        }
        out
    };
    let sign = if minor < 0 { "-" } else { "" };
    let body = match (exponent, style % 3) {
        (0, 0) => grouped(','),
        (0, _) => digits.clone(),
        (e, 0) => format!("{}.{frac:0w$}", grouped(','), w = e as usize),
        (e, 1) => format!("{}{}{frac:0w$}", grouped('.'), ',', w = e as usize),
        (e, _) => format!("{digits}.{frac:0w$}", w = e as usize),
    };
    format!("{sign}{body}")
}

#[test]
fn generated_file_sums_without_drift() {
    let mut rng = Lcg(42);
    let currencies = [("USD", 2u32), ("JPY", 0), ("KWD", 3), ("EUR", 2)];
    let mut csv = String::from("when,amount,fee,currency,id,kind\n");
    let mut want: BTreeMap<String, (i64, i64, i64)> = BTreeMap::new();
    for i in 0..3000 {
        let (code, exponent) = currencies[rng.next(4) as usize];
        let refund = rng.next(10) == 0;
        // A KWD amount under 1,000 written with three decimals ("56.571") could be a
        // thousands separator: the amount reader refuses it, so KWD rows here are written
        // with both separators ("1,056.571") or under one dinar ("0.571").
        let (gross, fee, style) = if exponent == 3 {
            (
                1_000_000 + rng.next(5_000_000) as i64,
                rng.next(1000) as i64,
                0,
            )
        } else {
            let gross = 1 + rng.next(5_000_000) as i64;
            (gross, rng.next(gross as u64 / 10 + 1) as i64, rng.next(3))
        };
        let (gross, fee) = if refund { (-gross, -fee) } else { (gross, fee) };
        csv.push_str(&format!(
            "2024-03-{:02} 10:{:02}:00,\"{}\",\"{}\",{code},g{i},{}\n",
            1 + i % 28,
            i % 60,
            written(gross, exponent, style),
            written(fee, exponent, style),
            if refund { "refund" } else { "gift" }
        ));
        let entry = want.entry(code.to_owned()).or_default();
        entry.0 += gross;
        entry.1 += fee;
        entry.2 += gross - fee;
    }
    let mapping = ColumnMapping {
        source: "test".into(),
        date: "when".into(),
        time: None,
        amount: "amount".into(),
        currency: CurrencyColumn::Column("currency".into()),
        fee: Some("fee".into()),
        net: None,
        id: Some("id".into()),
        name: None,
        email: None,
        customer_id: None,
        country: None,
        kind: Some("kind".into()),
        original_id: None,
        campaign: None,
        note: None,
    };
    let options = ReadOptions {
        mapping: Some(mapping),
        ..ReadOptions::default()
    };
    let p = import::read_bytes(csv.as_bytes(), "generated.csv", None, &options).expect("reads");
    assert_eq!(p.skips().count(), 0, "{:?}", p.skips().next());
    let totals = p.totals();
    for (code, (gross, fee, net)) in &want {
        let t = totals[code];
        assert_eq!(
            (t.gross_minor, t.fee_minor, t.net_minor),
            (*gross, *fee, *net),
            "{code}"
        );
        assert_eq!(t.net_minor, t.gross_minor - t.fee_minor, "{code}");
    }
}

fn stripe_rows(count: usize) -> String {
    let mut csv = String::from(
        "id,Description,Seller Message,Created (UTC),Amount,Amount Refunded,Currency,Converted Amount,Converted Amount Refunded,Fee,Tax,Converted Currency,Mode,Status,Statement Descriptor,Customer ID,Customer Description,Customer Email,Captured,Card ID,Card Last4,Card Brand,Card Funding,Card Exp Month,Card Exp Year,Card Name,Card Address Line1,Card Address Line2,Card Address City,Card Address State,Card Address Country,Card Address Zip,Card Issue Country,Card Fingerprint,Card CVC Status,Disputed Amount,Dispute Status,Dispute Reason,Dispute Date (UTC),Dispute Evidence Due (UTC),Invoice ID,Invoice Number,Payment Source Type,Destination,Transfer,Transfer Group,PaymentIntent ID\n",
    );
    for i in 0..count {
        let cents = 500 + (i % 10_000);
        let refunded = if i % 20 == 0 { "5.00" } else { "" };
        csv.push_str(&format!(
            "ch_{i:08},Donation,Payment complete.,2024-{:02}-{:02} {:02}:{:02}:{:02},{}.{:02},{refunded},usd,{}.{:02},,0.59,0.00,usd,Live,Paid,NEWSROOM,cus_{},,donor{}@example.org,true,card_{i},4242,Visa,credit,12,2030,Donor {i},1 Main St,,Town,ST,US,12345,US,fp{i},pass,,,,,,{},,card,,,,pi_{i}\n",
            1 + i % 12, 1 + i % 28, i % 24, i % 60, i % 60,
            cents / 100, cents % 100, cents / 100, cents % 100,
            i % 5000, i % 5000,
            if i % 3 == 0 { format!("in_{i}") } else { String::new() },
        ));
    }
    csv
}

#[test]
fn a_hundred_thousand_stripe_rows_are_all_read() {
    // Speed is measured by `cargo bench --bench ledger`, not here.
    let csv = stripe_rows(100_000);
    let p = import::read_bytes(csv.as_bytes(), "big.csv", None, &ReadOptions::default())
        .expect("reads");
    assert_eq!(p.records().count(), 105_000, "every 20th is refunded");
    assert_eq!(p.skips().count(), 0);

    // A file this large is read on several cores: the rows still come back in the file's
    // order, and a bad row in any part is named by its own line.
    let mut lines: Vec<&str> = csv.lines().collect();
    // Charge 60,000 (a refunded one) on line 60,002, its amount unreadable.
    let mut cells: Vec<&str> = lines[60_001].split(',').collect();
    cells[4] = "12.3.4";
    let bad = cells.join(",");
    lines[60_001] = &bad;
    let edited = lines.join("\n");
    let p = import::read_bytes(edited.as_bytes(), "big.csv", None, &ReadOptions::default())
        .expect("reads");
    let skips: Vec<_> = p.skips().collect();
    assert_eq!(skips.len(), 1, "{skips:?}");
    assert_eq!(
        (
            skips[0].line,
            skips[0].record.as_str(),
            skips[0].field.as_str()
        ),
        (60_002, "ch_00060000", "Amount")
    );
    let record_lines: Vec<u64> = p.records().map(|r| r.line).collect();
    assert_eq!(
        record_lines.len(),
        105_000 - 2,
        "the bad charge and its refund"
    );
    assert!(
        record_lines.windows(2).all(|w| w[0] <= w[1]),
        "records in the file's order"
    );
    assert_eq!(
        (record_lines[0], *record_lines.last().unwrap()),
        (2, 100_001)
    );
}

// ---- the real-world exports in shared/fixtures/donations ----

fn shared(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../shared/fixtures/donations")
        .join(name)
}

#[test]
fn real_world_exports() {
    let dir = shared("");
    if !dir.is_dir() {
        eprintln!(
            "note: {} is absent; the real-world donation exports were not read",
            dir.display()
        );
        return;
    }
    let known = [
        "activity_en.csv",
        "empty_activity.csv",
        "hledger_stripe.csv",
        "members-duplicate-emails.csv",
        "members-formula-like-values.csv",
        "members-headers-only.csv",
        "members-ragged-row.csv",
        "paypalWithBadRows.csv",
        "statement_en.csv",
        "stripe_subscriptions.csv",
    ];
    let mut present: Vec<String> = std::fs::read_dir(&dir)
        .expect("lists")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    present.sort();
    assert_eq!(
        present, known,
        "a new shared export needs its expectations here"
    );
    let read = |name: &str| import::read_path(&shared(name), None, &ReadOptions::default());

    // OCA's PayPal activity download (day-first, PST/PDT): 26 incoming Website/General
    // payments; 50 rows are conversions, withdrawals, a hold and its release, and two
    // outgoing payments.
    let p = read("activity_en.csv").expect("activity_en");
    assert_eq!(p.format, Format::PaypalActivity);
    assert_eq!(
        p.date_order,
        DateOrderStatus::Inferred {
            order: DateOrder::DayFirst
        }
    );
    assert_eq!((p.rows.len(), p.skips().count()), (76, 50));
    assert_totals(&p, &[("USD", 26, 7_066_080, 292_588, 0, 6_773_492)]);
    assert_eq!(
        record(&p, "TID1").occurred_at,
        "2015-12-29T15:45:51.000000Z"
    );
    assert_eq!(
        record(&p, "TID4").occurred_at,
        "2016-06-09T14:19:50.000000Z"
    );
    assert_eq!(record(&p, "TID36").gross_minor, 392_000);
    for (id, why) in [
        ("TID2", "conversion"),
        ("TID7", "outgoing payment"),
        ("TID11", "withdrawal"),
        ("TID14", "outgoing payment"),
        ("TID37", "holding"),
        ("TID46", "holding"),
    ] {
        let skip = p.skips().find(|s| s.record == id).expect(id);
        assert!(skip.reason.contains(why), "{id}: {}", skip.reason);
    }

    // OCA's PayPal statement (month-first, IANA zones): 7 Express Checkout payments; the
    // other 12 rows are bank withdrawals and their currency conversions.
    let p = read("statement_en.csv").expect("statement_en");
    assert_eq!(p.format, Format::PaypalStatement);
    assert_eq!(
        p.date_order,
        DateOrderStatus::Inferred {
            order: DateOrder::MonthFirst
        }
    );
    assert_eq!((p.rows.len(), p.skips().count()), (19, 12));
    assert_totals(&p, &[("USD", 7, 2_201_080, 81_650, 0, 2_119_430)]);
    assert_eq!(
        record(&p, "TID9").occurred_at,
        "2018-09-05T03:44:10.000000Z"
    );
    // "CET" in the IANA zone column is on summer time in September.
    assert_eq!(
        record(&p, "TID16").occurred_at,
        "2018-09-27T16:16:12.000000Z"
    );

    // Jonjump/sdm's malformed PayPal rows: no date, no type, a broken status quote.
    let p = read("paypalWithBadRows.csv").expect("paypalWithBadRows");
    assert_eq!(p.format, Format::PaypalActivity);
    assert_eq!(p.records().count(), 0);
    assert_eq!(
        skips(&p),
        vec![(2, "Date".into()), (3, "Type".into()), (4, "Status".into())]
    );
    assert!(p.date_order.needs_confirmation(), "07/11/2018 alone");

    let p = read("empty_activity.csv").expect("empty_activity");
    assert_eq!(
        (p.format, p.rows.len(), p.date_order),
        (Format::PaypalActivity, 0, DateOrderStatus::NotNeeded)
    );

    // hledger's Stripe balance report: a 12.00 charge and a 0.77 refund, no fees, no link
    // to the charge (the report has no charge_id column).
    let p = read("hledger_stripe.csv").expect("hledger_stripe");
    assert_eq!(p.format, Format::StripeBalance);
    assert_totals(&p, &[("USD", 2, 1123, 0, -77, 1123)]);
    let refund = record(&p, "txn_14G11HjHgubIH9ZvbPgYO7");
    assert_eq!(
        (refund.kind, refund.original_external_id.as_deref()),
        (DonationKind::Refund, None)
    );
    assert_eq!(
        record(&p, "txn_14G11HjubSIHf9IKrvJdwN").occurred_at,
        "2020-01-23T08:26:29.000000Z"
    );

    // Not payment lists: refused with what they are.
    let err = read("stripe_subscriptions.csv").unwrap_err().to_string();
    assert!(
        err.starts_with("stripe_subscriptions.csv:") && err.contains("subscriptions list"),
        "{err}"
    );
    for name in [
        "members-duplicate-emails.csv",
        "members-formula-like-values.csv",
        "members-headers-only.csv",
        "members-ragged-row.csv",
    ] {
        let err = read(name).unwrap_err().to_string();
        assert!(err.contains("members or subscribers list"), "{name}: {err}");
    }
}

#[test]
fn a_refund_of_a_converted_gift_is_converted_at_the_gifts_own_rate() {
    // Donorbox: Frank's EUR 50.00 came in as USD 54.25; refunded in full, USD 54.25 goes back.
    let fixture = std::fs::read_to_string(own("donorbox.csv")).unwrap();
    let mut lines = fixture.lines();
    let header = lines.next().unwrap();
    let frank = lines.find(|l| l.contains("DBX-2")).unwrap();
    let csv = format!(
        "{header}\n{}\n",
        frank.replace(",paid,DBX-2", ",refunded,DBX-2")
    );
    let p = import::read_bytes(
        csv.as_bytes(),
        "donorbox.csv",
        None,
        &ReadOptions::default(),
    )
    .expect("reads");
    let refund = record(&p, "DBX-2:refund");
    assert_eq!(
        (refund.gross_minor, refund.currency.as_str()),
        (-5000, "EUR")
    );
    let converted = refund.converted.as_ref().expect("converted like its gift");
    assert_eq!(
        (converted.gross_minor, converted.currency.as_str()),
        (-5425, "USD")
    );

    // Stripe exports that leave out "Converted Amount Refunded": half of EUR 10.00 refunded,
    // the payment settled as USD 10.90, so USD 5.45 goes back.
    let fixture = std::fs::read_to_string(own("stripe_payments_old.csv")).unwrap();
    let header = fixture.lines().next().unwrap();
    let csv = format!(
        "{header}\nch_C1,Donation,Payment complete.,2024-01-05 09:30:00,10.00,5.00,eur,10.90,,0.59,0.00,usd,Live,Paid,,cus_C,,c@example.org,true,,,,,,,,,,,,,,,,,,,,,,,,card,,,,\n"
    );
    let p = import::read_bytes(csv.as_bytes(), "stripe.csv", None, &ReadOptions::default())
        .expect("reads");
    let refund = record(&p, "ch_C1:refund");
    assert_eq!(
        (refund.gross_minor, refund.currency.as_str()),
        (-500, "EUR")
    );
    let converted = refund
        .converted
        .as_ref()
        .expect("converted like its payment");
    assert_eq!(
        (converted.gross_minor, converted.currency.as_str()),
        (-545, "USD")
    );
}

#[test]
fn a_recurring_gift_says_how_often_it_comes_when_the_export_does() {
    let p = read("github_sponsors.csv");
    let yearly = record(&p, "ch_G4");
    assert_eq!(
        (yearly.kind, yearly.payments_per_year),
        (DonationKind::Recurring, Some(1)),
        "Is Yearly? true, whatever the tier's monthly price"
    );
    let p = read("opencollective_rest.csv");
    let olli = record(&p, "aa000003");
    assert_eq!(
        (olli.kind, olli.payments_per_year),
        (DonationKind::Recurring, Some(1)),
        "a description starting \"Yearly\""
    );
    // Donorbox's frequency column, word by word; a bare "yes" says nothing of how often.
    for (word, expected) in [
        ("monthly", Some(12)),
        ("Quarterly", Some(4)),
        ("annually", Some(1)),
        ("weekly", Some(52)),
    ] {
        let csv = format!(
            "Name,Donor Email,Amount,Currency,Donated At,Recurring Donation,Status\nAnn,ann@example.org,12.00,usd,2024-04-01 10:00:00,{word},paid\n"
        );
        let p = import::read_bytes(
            csv.as_bytes(),
            "donorbox.csv",
            Some(Format::Donorbox),
            &ReadOptions::default(),
        )
        .unwrap_or_else(|err| panic!("{word}: {err}"));
        let gift = p
            .records()
            .next()
            .unwrap_or_else(|| panic!("{word}: {:?}", p.skips().collect::<Vec<_>>()));
        assert_eq!(
            (gift.kind, gift.payments_per_year),
            (DonationKind::Recurring, expected),
            "{word}"
        );
    }
}
