//! Charts in the window: the Fundraising view draws the campaign's progress and monthly charts,
//! the Charts tab draws each of the eight kinds, Reader support draws the timeline, every image
//! loads (naturalWidth > 0), and a chart saves as SVG through the save dialog.
mod common;

use common::App;
use readerdesk_core::{demo, Store};

/// Every chart figure on the page has its image, loaded: the count, or null while waiting.
const LOADED: &str = "(() => { const figs = [...document.querySelectorAll('[data-testid=chart]')]; const imgs = figs.map(f => f.querySelector('[data-testid=chart-img]')); return figs.length > 0 && imgs.every((i, n) => i && i.complete && i.naturalWidth > 0 && i.dataset.drawn === figs[n].dataset.kind) ? imgs.length : null; })()";

#[tokio::test]
async fn the_fundraising_and_reader_support_charts_load_and_one_is_saved() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("newsroom.db");
    {
        let store = Store::open(&db).unwrap();
        demo::build(&store, chrono::Utc::now().date_naive()).unwrap();
    }
    let saves = dir.path().join("saved");
    std::fs::create_dir(&saves).unwrap();
    let app = App::launch_with(&db, "charts", &[("READERDESK_E2E_SAVE_DIR", &saves)]).await;
    app.find_text("[data-testid=profile-option]", "Dana Reyes")
        .await
        .click()
        .await
        .unwrap();
    app.find("[data-testid=nav-fundraising]")
        .await
        .click()
        .await
        .unwrap();
    let count = app.until("the overview's charts to load", LOADED).await;
    assert_eq!(count, 2, "progress and monthly");
    app.js("document.querySelector('[data-testid=chart]').scrollIntoView(); return true;")
        .await;
    tokio::time::sleep(std::time::Duration::from_millis(800)).await;
    app.screenshot("charts-overview").await;

    app.find("[data-testid=fund-tab-charts]")
        .await
        .click()
        .await
        .unwrap();
    for kind in [
        "progress",
        "thermometer",
        "monthly",
        "mrr",
        "donors",
        "heatmap",
        "comments",
        "timeline",
    ] {
        app.js(&format!(
            "const s = document.querySelector('[data-testid=chart-kind]'); s.value = '{kind}'; s.dispatchEvent(new Event('change', {{bubbles: true}})); return true;"
        ))
        .await;
        app.until(
            &format!("the {kind} chart to load"),
            &format!("(() => {{ const i = document.querySelector('[data-testid=chart][data-kind={kind}] [data-testid=chart-img][data-drawn={kind}]'); return i && i.complete && i.naturalWidth > 0 ? i.naturalWidth : null; }})()"),
        )
        .await;
    }
    app.screenshot("charts-timeline-kind").await;
    let alt = app
        .js("return document.querySelector('[data-testid=chart-img]').alt")
        .await;
    assert_eq!(alt, "Reader support timeline");

    app.find("[data-testid=fund-tab-support]")
        .await
        .click()
        .await
        .unwrap();
    let count = app.until("the reader support charts to load", LOADED).await;
    assert_eq!(count, 2, "timeline and comments");
    // Let the window paint the decoded images before the picture is taken.
    tokio::time::sleep(std::time::Duration::from_millis(800)).await;
    app.screenshot("charts-reader-support").await;
    app.find("[data-testid=chart][data-kind=timeline] [data-testid=chart-save-svg]")
        .await
        .click()
        .await
        .unwrap();
    app.find_text("[data-testid=chart-saved]", "readerdesk-timeline.svg")
        .await;
    let svg = std::fs::read_to_string(saves.join("readerdesk-timeline.svg")).unwrap();
    assert!(
        svg.starts_with("<svg") || svg.starts_with("<?xml"),
        "{}",
        &svg[..80.min(svg.len())]
    );
    assert!(svg.contains("Reader support"), "the title is in the file");
    app.quit().await;
}
