//! Reader text is data: comment bodies, author names and article titles made of XSS payloads
//! are shown verbatim, as text, and nothing in them runs, loads or opens a dialog.
mod common;

use std::path::Path;

use common::App;
use readerdesk_core::db::comments::NewComment;
use readerdesk_core::db::newsroom::NewArticle;
use readerdesk_core::model::{CommentKind, Status};
use readerdesk_core::{db, newsroom, Store};

/// Our own payloads (65, enough for a first queue page and more), plus the shared real-world
/// lists when ../shared/fixtures is present.
fn payloads() -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out: Vec<String> =
        std::fs::read_to_string(root.join("tests/fixtures/xss-payloads.txt"))
            .expect("tests/fixtures/xss-payloads.txt")
            .lines()
            .map(str::to_owned)
            .collect();
    let shared = root.join("../shared/fixtures/xss");
    for list in ["IntrudersXSS.txt", "XSS_Polyglots.txt"] {
        if let Ok(text) = std::fs::read_to_string(shared.join(list)) {
            out.extend(text.lines().map(|l| l.trim_end_matches('\r').to_owned()));
        }
    }
    if let Ok(text) = std::fs::read_to_string(shared.join("blns.json")) {
        let strings: Vec<String> = serde_json::from_str(&text).expect("blns.json is a list");
        out.extend(strings);
    }
    out.retain(|p| !p.trim().is_empty());
    assert!(
        out.len() > 50,
        "the test needs more payloads than one queue page holds"
    );
    out
}

fn seed(db: &Path, payloads: &[String]) {
    let store = Store::open(db).unwrap();
    newsroom::start_empty(&store).unwrap();
    readerdesk_core::moderation::moderators::add(
        &store,
        None,
        "Tester",
        readerdesk_core::model::Role::Admin,
    )
    .unwrap();
    store
        .write(|tx| {
            let harmless = NewArticle {
                source: "test",
                external_id: "harmless",
                title: "A harmless article opened first",
                url: None,
                published_at: Some("2026-11-02T10:00:00.000000Z"),
                import_id: None,
            };
            db::newsroom::insert_article(tx, &harmless)?;
            let hostile = NewArticle {
                source: "test",
                external_id: "hostile",
                title: "<img src=x onerror=\"window.__xssSentinel='title'\">Hostile thread",
                url: Some("javascript:window.__xssSentinel='url'"),
                published_at: Some("2026-11-01T10:00:00.000000Z"),
                import_id: None,
            };
            let article_id = db::newsroom::insert_article(tx, &hostile)?;
            for (i, payload) in payloads.iter().enumerate() {
                let external_id = format!("p{i:04}");
                let at = format!("2026-11-01T11:{:02}:{:02}.000000Z", i / 60 % 60, i % 60);
                db::comments::insert(
                    tx,
                    &NewComment {
                        source: "test",
                        external_id: &external_id,
                        article_id: &article_id,
                        parent_id: None,
                        author_id: None,
                        author_name: payload,
                        author_email: None,
                        author_url: None,
                        author_ip: None,
                        body: payload,
                        kind: CommentKind::Comment,
                        created_at: &at,
                        received_at: &at,
                        status: Status::Pending,
                        site_status: None,
                        hold_reasons: "[]",
                        import_id: None,
                    },
                )?;
            }
            Ok(())
        })
        .unwrap();
}

#[tokio::test]
async fn payloads_are_shown_verbatim_and_nothing_executes() {
    let payloads = payloads();
    assert!(
        (30..3600).contains(&payloads.len()),
        "{} payloads",
        payloads.len()
    );
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("hostile.db");
    seed(&db, &payloads);

    let app = App::launch(&db, "untrusted_text").await;
    app.find_text("[data-testid=profile-option]", "Tester")
        .await
        .click()
        .await
        .unwrap();
    app.find("[data-testid=mod-tab-articles]")
        .await
        .click()
        .await
        .unwrap();
    app.find_text("[data-testid=thread-title]", "A harmless article")
        .await;
    // Trap every way a payload could call out, then open the hostile thread.
    app.js("window.__xssCalls = [];
         for (const name of ['alert', 'confirm', 'prompt', 'print', 'open']) {
             window[name] = (...args) => { window.__xssCalls.push(name + ':' + args.join(',')); };
         }
         return true;")
        .await;
    app.find_text("[data-testid=article]", "Hostile thread")
        .await
        .click()
        .await
        .unwrap();
    app.find_text("[data-testid=thread-title]", "Hostile thread")
        .await;
    let shown = app
        .js("const raw = (el) => Array.from(el.childNodes).map(n =>
                 n.nodeType === Node.TEXT_NODE ? n.data
                 : n.nodeType === Node.ELEMENT_NODE ? (n.dataset.raw ?? '<<unexpected element>>')
                 : '').join('');
             return Array.from(document.querySelectorAll('[data-testid=comment]')).map(c => ({
                 body: raw(c.querySelector('[data-testid=comment-body]')),
                 author: c.querySelector('[data-testid=comment-author]').textContent,
             }));")
        .await;
    let shown = shown.as_array().expect("comments");
    assert_eq!(shown.len(), payloads.len());
    for (payload, comment) in payloads.iter().zip(shown) {
        assert_eq!(
            comment["body"].as_str(),
            Some(payload.as_str()),
            "body shown verbatim"
        );
        assert_eq!(
            comment["author"].as_str(),
            Some(payload.as_str()),
            "author shown verbatim"
        );
    }
    // Give event handlers, timers and loads a moment to fire if anything had been parsed.
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    let verdict = app
        .js(
            "const thread = document.querySelector('[data-testid=thread]');
             return {
                 sentinel: window.__xssSentinel ?? null,
                 calls: window.__xssCalls,
                 elements: thread.querySelectorAll(
                     'script, img, svg, iframe, object, embed, video, audio, source, a, form, input, meta, link, style, details, math, b, body'
                 ).length,
                 externalResources: performance.getEntriesByType('resource')
                     .map(e => e.name).filter(n => !n.startsWith(location.origin) && !n.startsWith('ipc:') && !n.startsWith('http://ipc.localhost')),
                 location: location.href,
             };",
        )
        .await;
    app.screenshot("untrusted_text").await;
    assert_eq!(verdict["sentinel"], serde_json::Value::Null, "{verdict}");
    assert_eq!(verdict["calls"], serde_json::json!([]), "{verdict}");
    assert_eq!(verdict["elements"], 0, "{verdict}");
    assert_eq!(
        verdict["externalResources"],
        serde_json::json!([]),
        "{verdict}"
    );
    assert!(
        app.client.get_alert_text().await.is_err(),
        "no dialog is open"
    );

    // The same text in the queue list and on the card.
    app.find("[data-testid=mod-tab-queues]")
        .await
        .click()
        .await
        .unwrap();
    app.find("[data-testid=queue-row]").await;
    let queue = app
        .js(
            "const raw = (el) => Array.from(el.childNodes).map(n =>
                 n.nodeType === Node.TEXT_NODE ? n.data
                 : n.nodeType === Node.ELEMENT_NODE ? (n.dataset.raw ?? '<<unexpected element>>')
                 : '').join('');
             const hostile = 'script, img, svg, iframe, object, embed, video, audio, source, a, form, meta, link, style, details, math, b, body';
             return {
                 authors: Array.from(document.querySelectorAll('[data-testid=queue-row] [data-testid=row-author]'))
                     .map(a => a.textContent),
                 card: raw(document.querySelector('[data-testid=card] [data-testid=comment-body]')),
                 elements: document.querySelector('[data-testid=queue-list]').querySelectorAll(hostile).length
                     + document.querySelector('[data-testid=card]').querySelectorAll(hostile).length,
             };",
        )
        .await;
    let newest_first: Vec<&String> = payloads.iter().rev().take(50).collect();
    let authors = queue["authors"].as_array().expect("rows");
    assert_eq!(authors.len(), 50, "a first page of 50");
    for (payload, shown) in newest_first.iter().zip(authors) {
        assert_eq!(shown.as_str(), Some(payload.as_str()), "author in the list");
    }
    assert_eq!(
        queue["card"].as_str(),
        Some(newest_first[0].as_str()),
        "body on the card"
    );
    assert_eq!(queue["elements"], 0, "{queue}");
    tokio::time::sleep(std::time::Duration::from_millis(1000)).await;
    let after = app
        .js("return { sentinel: window.__xssSentinel ?? null, calls: window.__xssCalls };")
        .await;
    assert_eq!(after["sentinel"], serde_json::Value::Null, "{after}");
    assert_eq!(after["calls"], serde_json::json!([]), "{after}");
    app.screenshot("untrusted_text-queue").await;
    app.quit().await;
}
