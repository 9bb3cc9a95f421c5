//! Fundraising from the window: import a PayPal export (preview, progress, summary), see the
//! totals and the "short of our goal" sentence change, add a cash gift by hand and see it
//! count, and open the rows behind a number.
mod common;

use std::path::Path;

use common::App;
use readerdesk_core::db::fundraising::{self, NewCampaign};
use readerdesk_core::model::{Basis, Role};
use readerdesk_core::moderation::moderators;
use readerdesk_core::{db, newsroom, settings, Store};

/// A newsroom in `zone` with an admin, Olha, and one campaign (the extra rows written by
/// `more` in the same transaction).
fn seed_newsroom(
    db_path: &Path,
    zone: &str,
    campaign: &NewCampaign,
    more: impl FnOnce(&readerdesk_core::rusqlite::Transaction) -> readerdesk_core::Result<()>,
) {
    let store = Store::open(db_path).unwrap();
    newsroom::start_empty(&store).unwrap();
    moderators::add(&store, None, "Olha", Role::Admin).unwrap();
    store
        .write(|tx| {
            db::settings::set(tx, settings::TIME_ZONE, zone)?;
            fundraising::insert_campaign(tx, campaign)?;
            more(tx)
        })
        .unwrap();
}

/// Launches the window with `file` as what the file dialog picks, signs Olha in and opens
/// Fundraising.
async fn fundraising_window(db_path: &Path, name: &str, file: &Path) -> App {
    let app = App::launch_with(db_path, name, &[("READERDESK_E2E_IMPORT_FILE", file)]).await;
    app.find_text("[data-testid=profile-option]", "Olha")
        .await
        .click()
        .await
        .unwrap();
    app.click("[data-testid=nav-fundraising]").await;
    app
}

#[tokio::test]
async fn an_editor_imports_a_paypal_export_and_adds_a_cash_gift() {
    let dir = tempfile::tempdir().unwrap();
    let db_path = dir.path().join("newsroom.db");
    seed_newsroom(
        &db_path,
        "America/Los_Angeles",
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
        |_| Ok(()),
    );
    let file =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/donations/paypal_activity.csv");
    let app = fundraising_window(&db_path, "fundraising", &file).await;
    app.find_text(
        "[data-testid=campaign-sentence]",
        "We are now $1,000 short of our goal",
    )
    .await;

    // Import: the preview first, nothing written yet.
    app.click("[data-testid=donations-import-open]").await;
    app.click("[data-testid=donations-choose]").await;
    let preview = app
        .find_text("[data-testid=donations-preview]", "PayPal")
        .await
        .text()
        .await
        .unwrap();
    assert!(preview.contains("paypal_activity.csv"), "{preview}");
    assert!(preview.contains("5 records"), "{preview}");
    let totals = app
        .find("[data-testid=donations-totals]")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        totals.contains("$1,020.00") && totals.contains("-$220.00") && totals.contains("$775.68"),
        "{totals}"
    );
    app.find_text("[data-testid=campaign-sentence]", "$1,000 short")
        .await;
    // The first rows as read show money, not minor units.
    app.find_text("summary", "rows as read")
        .await
        .click()
        .await
        .unwrap();
    let rows = app
        .find("[data-testid=donations-first-rows]")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        rows.contains("$1,000.00") && rows.contains("$29.30") && rows.contains("€5.00"),
        "{rows}"
    );
    assert!(!rows.contains("100000"), "minor units shown: {rows}");
    app.screenshot("fundraising-preview").await;

    app.click("[data-testid=donations-import]").await;
    let summary = app
        .find_text("[data-testid=donations-summary]", "5 records imported")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        summary.contains("Read 5 of 5 records"),
        "progress reached the page: {summary}"
    );
    assert!(summary.contains("net $775.68"), "{summary}");
    app.find_text(
        "[data-testid=campaign-sentence]",
        "We are now $224.32 short of our goal",
    )
    .await;

    // A cash gift typed in by hand counts at once.
    app.click("[data-testid=gift-add]").await;
    app.find("[data-testid=gift-donor]")
        .await
        .send_keys("Halyna Marchuk")
        .await
        .unwrap();
    app.find("[data-testid=gift-amount]")
        .await
        .send_keys("100")
        .await
        .unwrap();
    // The day is typed as the newsroom writes days (YYYY-MM-DD), not picked in the machine's
    // date input with its US placeholder; it starts as today.
    let day = app.find("[data-testid=gift-date]").await;
    assert_eq!(
        day.attr("placeholder").await.unwrap().as_deref(),
        Some("YYYY-MM-DD")
    );
    day.clear().await.unwrap();
    day.send_keys("2024-03-20").await.unwrap();
    app.click("[data-testid=gift-save]").await;
    app.find_text(
        "[data-testid=campaign-sentence]",
        "We are now $124.32 short of our goal",
    )
    .await;

    app.screenshot("fundraising-after-gift").await;
    // The rows behind "Refunds and disputes".
    let tile = app
        .find_text("[data-testid=figure]", "Refunds and disputes")
        .await;
    app.js("[...document.querySelectorAll('[data-testid=figure]')].find(t => t.textContent.includes('Refunds and disputes')).scrollIntoView(); return true;").await;
    tile.click().await.unwrap();
    let rows = app
        .until(
            "the refund rows",
            "document.querySelectorAll('[data-testid=metric-rows-table] [data-testid=ledger-row]').length || null",
        )
        .await;
    assert_eq!(rows, 2);
    app.screenshot("fundraising-rows").await;

    // The amount raised opens every row it is made of: gifts, the cash gift and the refunds.
    app.click("[data-testid=metric-rows-close]").await;
    app.js("document.querySelector('[data-testid=campaign-raised] button').scrollIntoView(); return true;").await;
    app.click("[data-testid=campaign-raised] button").await;
    let raised_rows = app
        .until(
            "the rows behind the amount raised",
            "(() => { const n = document.querySelectorAll('[data-testid=metric-rows-table] [data-testid=ledger-row]').length; return n > 2 ? n : null; })()",
        )
        .await;
    assert_eq!(
        raised_rows, 5,
        "two PayPal gifts, their refund and dispute, and the cash gift (the EUR gift awaits a rate)"
    );
    app.quit().await;
}

#[tokio::test]
async fn a_bank_export_no_format_knows_is_mapped_in_the_window_currency_included() {
    let dir = tempfile::tempdir().unwrap();
    let db_path = dir.path().join("newsroom.db");
    seed_newsroom(
        &db_path,
        "Europe/Berlin",
        &NewCampaign {
            id: "feb",
            name: "February appeal",
            goal_minor: 10_000,
            currency: "EUR",
            starts_on: "2024-02-01",
            ends_on: "2024-02-29",
            basis: Basis::Gross,
            created_at: "2024-02-01T00:00:00.000000Z",
            goal_type: "total",
        },
        |_| Ok(()),
    );
    let file =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/donations/generic_dd_mm.csv");
    let app = fundraising_window(&db_path, "fundraising-mapping", &file).await;
    app.find_text(
        "[data-testid=campaign-sentence]",
        "We are now €100 short of our goal",
    )
    .await;
    app.click("[data-testid=donations-import-open]").await;
    app.click("[data-testid=donations-choose]").await;
    app.find("[data-testid=donations-mapping]").await;
    let read = app.find("[data-testid=mapping-read]").await;
    for (select, column) in [("mapping-date", "Datum"), ("mapping-amount", "Betrag")] {
        app.find(&format!("[data-testid={select}]"))
            .await
            .select_by_value(column)
            .await
            .unwrap();
    }
    assert_eq!(
        read.attr("disabled").await.unwrap().as_deref(),
        Some("true"),
        "no currency yet"
    );
    app.click("[data-testid=mapping-currency-from-column]")
        .await;
    app.find("[data-testid=mapping-currency-column]")
        .await
        .select_by_value("Währung")
        .await
        .unwrap();
    app.find_text("summary", "More columns")
        .await
        .click()
        .await
        .unwrap();
    for (select, column) in [
        ("mapping-id", "Referenz"),
        ("mapping-email", "E-Mail"),
        ("mapping-name", "Spender"),
        ("mapping-kind", "Art"),
        ("mapping-original_id", "Bezug"),
        ("mapping-fee", "Gebühr"),
    ] {
        app.find(&format!("[data-testid={select}]"))
            .await
            .select_by_value(column)
            .await
            .unwrap();
    }
    app.screenshot("fundraising-mapping").await;
    read.click().await.unwrap();
    let preview = app
        .find_text(
            "[data-testid=donations-preview]",
            "CSV with a column mapping",
        )
        .await
        .text()
        .await
        .unwrap();
    assert!(
        preview.contains("4 records") && preview.contains("1 row skipped"),
        "{preview}"
    );
    app.click("[data-testid=donations-import]").await;
    app.find_text("[data-testid=donations-summary]", "4 records imported")
        .await;
    // R1 25.00 + R2 10.00 + R5 1,234.56 - R3's 25.00 refund = €1,244.56 against a €100 goal.
    app.find_text("[data-testid=campaign-sentence]", "€1,144.56 over")
        .await;
    app.quit().await;
}

#[tokio::test]
async fn exchange_rates_imported_from_the_ecb_history_count_a_gift_in_euros() {
    use readerdesk_core::db::fundraising::NewDonation;
    use readerdesk_core::model::DonationKind;
    let dir = tempfile::tempdir().unwrap();
    let db_path = dir.path().join("newsroom.db");
    seed_newsroom(
        &db_path,
        "Europe/Berlin",
        &NewCampaign {
            id: "march",
            name: "March appeal",
            goal_minor: 100_000,
            currency: "USD",
            starts_on: "2024-03-01",
            ends_on: "2024-03-31",
            basis: Basis::Gross,
            created_at: "2024-03-01T00:00:00.000000Z",
            goal_type: "total",
        },
        |tx| {
            fundraising::insert_donation(
                tx,
                &NewDonation {
                    source: "manual",
                    external_id: "eur-1",
                    donor_id: None,
                    campaign_id: None,
                    kind: DonationKind::OneTime,
                    gross_minor: 5_000,
                    fee_minor: 0,
                    currency: "EUR",
                    original_id: None,
                    occurred_at: "2024-03-05T10:00:00.000000Z",
                    import_id: None,
                    created_at: "2024-03-05T10:00:00.000000Z",
                    converted: None,
                    method: Some("cash"),
                    note: "",
                    payments_per_year: None,
                    original_external_id: None,
                },
            )?;
            Ok(())
        },
    );
    let file =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rates/eurofxref-hist.csv");
    let app = fundraising_window(&db_path, "fundraising-rates", &file).await;
    app.find_text("[data-testid=unconverted]", "€50.00").await;
    app.find_text(
        "[data-testid=campaign-sentence]",
        "We are now $1,000 short of our goal",
    )
    .await;

    app.click("[data-testid=fund-tab-rates]").await;
    app.click("[data-testid=rates-import]").await;
    let done = app
        .find("[data-testid=rates-imported]")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        done.contains("5 rates from eurofxref-hist.csv")
            && done.contains("EUR/GBP, EUR/JPY, EUR/USD"),
        "{done}"
    );
    app.screenshot("fundraising-rates").await;

    // Back on the overview: the euro gift counts at the rate of its day's latest fixing
    // (4 March: 1 EUR = 1.0852 USD), €50.00 = $54.26.
    app.click("[data-testid=fund-tab-overview]").await;
    app.find_text(
        "[data-testid=campaign-sentence]",
        "We are now $945.74 short of our goal",
    )
    .await;
    assert_eq!(
        app.js("return document.querySelectorAll('[data-testid=unconverted]').length;")
            .await,
        serde_json::json!(0)
    );
    app.quit().await;
}
