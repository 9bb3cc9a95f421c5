//! Site -> newsroom. The first sync walks every comment by ascending id, a page at a time, each
//! page its own short transaction that also records the next page, so an interrupted first sync
//! resumes where it stopped (re-reading its last page, which adds nothing twice). Later syncs
//! read newest first down to the highest id already taken in, then read again the comments
//! still in play (see `RECHECK_DAYS`) for a status changed on the site, an edited text or a
//! deletion: one page of them a sync, least recently read first (all of them when asked), so
//! a sync with nothing new costs two requests however long the queue. New comments take the
//! same intake as an imported file: the automatic holds apply.
use std::collections::{BTreeSet, HashSet};
use std::sync::atomic::{AtomicBool, Ordering};

use chrono::{Duration, NaiveDateTime, Utc};
use serde_json::Value;
use sha2::{Digest, Sha256};

use super::wp::{Api, WpComment, PER_PAGE};
use super::{agrees, apply_site_status, status_from_site, stored_site_status};
use super::{SyncProgress, SyncReport, RECHECK_DAYS};
use crate::db::{self, newsroom::NewArticle, sites::SiteRow, Store};
use crate::error::{CoreError, Result};
use crate::ids;
use crate::import::comments::write_comment;
use crate::import::SourceComment;
use crate::model::{CommentKind, Status};
use crate::moderation::autohold::Engine;
use crate::skip::Skip;
use crate::time;

struct Pull<'a, 'h> {
    store: &'a Store,
    api: &'a Api<'h>,
    site: &'a SiteRow,
    cancel: &'a AtomicBool,
    report: &'a mut SyncReport,
    progress: &'a mut dyn FnMut(SyncProgress),
    /// Read again every comment in play, not only the least recently read page of them.
    thorough: bool,
    /// The automatic holds, built in the first transaction that brings a new comment.
    engine: Option<Engine>,
    /// The import record this sync's new comments point to, made with the first of them.
    import_id: Option<String>,
    /// Comment ids read in this sync (the re-check skips them).
    seen: HashSet<i64>,
    pages: i64,
}

pub(super) fn run(
    store: &Store,
    api: &Api,
    site: &SiteRow,
    thorough: bool,
    cancel: &AtomicBool,
    report: &mut SyncReport,
    progress: &mut dyn FnMut(SyncProgress),
) -> Result<()> {
    let mut pull = Pull {
        store,
        api,
        site,
        cancel,
        report,
        progress,
        thorough,
        engine: None,
        import_id: None,
        seen: HashSet::new(),
        pages: 0,
    };
    let result = if site.first_done {
        pull.newest().and_then(|()| pull.recheck())
    } else {
        pull.first()
    };
    pull.finish_import()?;
    result
}

impl Pull<'_, '_> {
    fn tick(&mut self, phase: &str) -> Result<()> {
        if self.cancel.load(Ordering::Relaxed) {
            return Err(CoreError::Cancelled);
        }
        (self.progress)(SyncProgress {
            site: self.site.base_url.clone(),
            phase: phase.to_owned(),
            pages: self.pages,
            comments: self.report.new_comments,
            sent: self.report.sent,
            errors: self.report.skipped.len() as i64,
        });
        Ok(())
    }

    /// Every comment, oldest id first, resuming at the page after the last one committed.
    /// The site is the slow side: a second thread reads the next pages (and the articles
    /// they need) while this one writes the page before, at most two pages ahead.
    fn first(&mut self) -> Result<()> {
        // The page before the resume point is read again: comments deleted on the site since
        // would otherwise shift a few unseen ones onto it.
        let start = (self.site.first_page - 1).max(1);
        let (store, api, cancel) = (self.store, self.api, self.cancel);
        let source = self.site.source.clone();
        std::thread::scope(|scope| {
            let (pages, ready) = std::sync::mpsc::sync_channel::<Result<(i64, bool, Page)>>(2);
            scope.spawn(move || {
                let mut delivered = HashSet::new();
                let mut page = start;
                while !cancel.load(Ordering::Relaxed) {
                    let fetched = api.comments(page, "asc", None).and_then(|(items, _)| {
                        let last = (items.len() as i64) < PER_PAGE;
                        prepare(store, api, &source, items, &mut delivered).map(|p| (page, last, p))
                    });
                    let more = matches!(fetched, Ok((_, false, _)));
                    if pages.send(fetched).is_err() || !more {
                        return;
                    }
                    page += 1;
                }
            });
            for fetched in ready {
                let (page, last, prepared) = fetched?;
                self.pages += 1;
                self.tick("pulling")?;
                self.write_page(prepared, Some((page + 1, last)))?;
                if last {
                    return Ok(());
                }
            }
            // The reader stopped before the last page: it saw the cancel.
            Err(CoreError::Cancelled)
        })
    }

    /// What is new since the highest id taken in: newest first, down to it.
    fn newest(&mut self) -> Result<()> {
        let floor = self.site.max_comment_id;
        let mut fetched = Vec::new();
        let mut page = 1;
        loop {
            self.tick("pulling")?;
            let (items, _) = self.api.comments(page, "desc", None)?;
            self.pages += 1;
            let reached = (items.len() as i64) < PER_PAGE
                || items
                    .iter()
                    .any(|item| item["id"].as_i64().is_some_and(|id| id <= floor));
            fetched.extend(items);
            if reached {
                break;
            }
            page += 1;
        }
        // More than a thousand new comments at once: the newsroom is backed up first.
        if fetched.len() > 1_000 {
            crate::backups::before_first_sync(self.store)?;
        }
        // Written oldest first, so a reply always finds its parent already here.
        fetched.sort_by_key(|item| item["id"].as_i64().unwrap_or(0));
        while !fetched.is_empty() {
            let rest = fetched.split_off(fetched.len().min(PER_PAGE as usize));
            let chunk = std::mem::replace(&mut fetched, rest);
            let page = self.prepare(chunk)?;
            self.write_page(page, None)?;
        }
        Ok(())
    }

    /// Reads again the comments still in play (a page of them, or all when thorough); those
    /// the site no longer has are marked.
    fn recheck(&mut self) -> Result<()> {
        let since = time::to_stored(Utc::now() - Duration::days(RECHECK_DAYS));
        let source = self.site.source.clone();
        // The newest page was just read: its comments are fresh, so a page more is asked for.
        let limit = if self.thorough {
            i64::MAX
        } else {
            PER_PAGE + self.seen.len() as i64
        };
        let ids: Vec<i64> = self
            .store
            .read(|conn| db::sites::in_play(conn, &source, &since, limit))?
            .into_iter()
            .filter(|id| !self.seen.contains(id))
            .take(if self.thorough {
                usize::MAX
            } else {
                PER_PAGE as usize
            })
            .collect();
        for chunk in ids.chunks(PER_PAGE as usize) {
            self.tick("checking")?;
            let (items, _) = self.api.comments(1, "asc", Some(chunk))?;
            self.pages += 1;
            let returned: BTreeSet<i64> = items.iter().filter_map(|i| i["id"].as_i64()).collect();
            let page = self.prepare(items)?;
            self.write_page(page, None)?;
            let gone: Vec<i64> = chunk
                .iter()
                .copied()
                .filter(|id| !returned.contains(id))
                .collect();
            if !gone.is_empty() {
                self.mark_deleted(&gone)?;
            }
        }
        Ok(())
    }

    fn mark_deleted(&mut self, gone: &[i64]) -> Result<()> {
        let source = &self.site.source;
        let now = time::now_stored();
        let newly = self.store.write(|tx| {
            let mut newly = 0;
            for id in gone {
                if let Some(key) = db::sites::comment_by_external(tx, source, &id.to_string())? {
                    let known = db::sites::known_comment(tx, &key)?;
                    if known.is_some_and(|k| k.deleted_at.is_none()) {
                        db::sites::mark_deleted(tx, &key, &now)?;
                        newly += 1;
                    }
                }
            }
            Ok(newly)
        })?;
        self.report.deleted_on_site += newly;
        Ok(())
    }

    /// Writes one page in one transaction: the articles it needs (looked up before, so no
    /// network wait holds the writer), new comments through the intake, known ones compared.
    /// `first` carries the next page of a first sync and whether it is done.
    fn write_page(&mut self, page: Page, first: Option<(i64, bool)>) -> Result<()> {
        let Page {
            comments,
            mut skipped,
            articles,
        } = page;
        self.report.skipped.append(&mut skipped);
        self.seen.extend(comments.iter().map(|c| c.id));
        let max_id = comments.iter().map(|c| c.id).max().unwrap_or(0);
        let site = self.site;
        let mut engine = self.engine.take();
        let mut import_id = self.import_id.clone();
        let mut tally = Tally::default();
        let written = self.store.write(|tx| {
            for post in &articles {
                tally.articles += insert_article(tx, &site.source, post)?;
            }
            for comment in &comments {
                let key = db::comments::key(&site.source, &comment.id.to_string());
                match db::sites::known_comment(tx, &key)? {
                    Some(known) => reconcile(tx, site, &known, comment, &mut tally)?,
                    None => {
                        let import = match &import_id {
                            Some(id) => id.clone(),
                            None => {
                                let id = start_import(tx, site)?;
                                import_id = Some(id.clone());
                                id
                            }
                        };
                        if engine.is_none() {
                            engine = Some(Engine::build(tx)?);
                        }
                        add(tx, site, engine.as_mut(), &import, comment, &mut tally)?;
                    }
                }
            }
            match first {
                Some((next, done)) => {
                    db::sites::set_first_progress(tx, &site.id, next, done, max_id)?
                }
                None => db::sites::raise_max_comment_id(tx, &site.id, max_id)?,
            }
            Ok(())
        });
        self.engine = engine;
        if written.is_ok() {
            self.import_id = import_id;
            self.report.new_comments += tally.new;
            self.report.new_articles += tally.articles;
            self.report.changed_on_site += tally.changed;
            self.report.edited_on_site += tally.edited;
            self.report.skipped.append(&mut tally.skipped);
        }
        written
    }

    fn prepare(&self, items: Vec<Value>) -> Result<Page> {
        prepare(
            self.store,
            self.api,
            &self.site.source,
            items,
            &mut HashSet::new(),
        )
    }

    /// Closes this sync's import record with what it brought.
    fn finish_import(&mut self) -> Result<()> {
        let Some(import_id) = self.import_id.take() else {
            return Ok(());
        };
        let skipped = serde_json::to_string(&self.report.skipped)
            .map_err(|err| CoreError::invalid("skipped", err.to_string()))?;
        let (new, records) = (
            self.report.new_comments + self.report.new_articles,
            self.report.new_comments + self.report.skipped.len() as i64,
        );
        let skipped_n = self.report.skipped.len() as i64;
        self.store.write(|tx| {
            db::imports::finish(
                tx,
                &import_id,
                records,
                new,
                skipped_n,
                &skipped,
                &time::now_stored(),
            )
        })
    }
}

/// A page read from the site and made ready to write: its comments, the records that could
/// not be read, and the articles it needs that the newsroom does not have yet.
struct Page {
    comments: Vec<WpComment>,
    skipped: Vec<Skip>,
    articles: Vec<Article>,
}

/// Parses a page and looks up the posts its comments belong to that are neither in the
/// newsroom nor `delivered` with an earlier page of this sync (written before this one).
fn prepare(
    store: &Store,
    api: &Api,
    source: &str,
    items: Vec<Value>,
    delivered: &mut HashSet<i64>,
) -> Result<Page> {
    let mut comments = Vec::with_capacity(items.len());
    let mut skipped = Vec::new();
    for item in items {
        match parse(&item) {
            Ok(comment) => comments.push(comment),
            Err(skip) => skipped.push(skip),
        }
    }
    let wanted: BTreeSet<i64> = comments
        .iter()
        .map(|c| c.post)
        .filter(|post| !delivered.contains(post))
        .collect();
    let missing: Vec<i64> = store.read(|conn| {
        let mut missing = Vec::new();
        for post in wanted {
            if !db::imports::article_exists(conn, source, &post.to_string())? {
                missing.push(post);
            }
        }
        Ok(missing)
    })?;
    let found = if missing.is_empty() {
        Vec::new()
    } else {
        api.posts(&missing)?
    };
    delivered.extend(missing.iter().copied());
    let articles = missing
        .into_iter()
        .map(|id| match found.iter().find(|p| p.id == id) {
            Some(post) => Article {
                id,
                title: post.title.clone(),
                url: post.link.clone(),
                published_at: post.date_gmt.as_deref().and_then(gmt),
            },
            // Not public (a draft, a private page) or gone: named by its id.
            None => Article {
                id,
                title: format!("Post {id} (not public on the site)"),
                url: None,
                published_at: None,
            },
        })
        .collect();
    Ok(Page {
        comments,
        skipped,
        articles,
    })
}

#[derive(Default)]
struct Tally {
    new: i64,
    articles: i64,
    changed: i64,
    edited: i64,
    skipped: Vec<Skip>,
}

struct Article {
    id: i64,
    title: String,
    url: Option<String>,
    published_at: Option<String>,
}

fn insert_article(tx: &rusqlite::Connection, source: &str, post: &Article) -> Result<i64> {
    let external = post.id.to_string();
    if db::imports::article_exists(tx, source, &external)? {
        return Ok(0);
    }
    db::newsroom::insert_article(
        tx,
        &NewArticle {
            source,
            external_id: &external,
            title: &post.title,
            url: post.url.as_deref(),
            published_at: post.published_at.as_deref(),
            import_id: None,
        },
    )?;
    Ok(1)
}

/// A sync's new comments are recorded like a file import ("wordpress", the site's address).
fn start_import(tx: &rusqlite::Connection, site: &SiteRow) -> Result<String> {
    let id = ids::new_v7();
    let digest: String = Sha256::digest(format!("sync:{}:{id}", site.id).as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    db::imports::start(
        tx,
        &id,
        "comments",
        "wordpress",
        &site.base_url,
        &digest,
        &time::now_stored(),
    )?;
    Ok(id)
}

fn add(
    tx: &rusqlite::Connection,
    site: &SiteRow,
    engine: Option<&mut Engine>,
    import_id: &str,
    comment: &WpComment,
    tally: &mut Tally,
) -> Result<()> {
    let skip = |field: &str, reason: String| Skip {
        line: 0,
        record: format!("comment {}", comment.id),
        field: field.to_owned(),
        reason,
    };
    let Some(status) = status_from_site(&comment.status) else {
        tally.skipped.push(skip(
            "status",
            format!(
                "{:?} is not a comment status WordPress sends",
                comment.status
            ),
        ));
        return Ok(());
    };
    let kind = match comment.kind.as_str() {
        "" | "comment" => CommentKind::Comment,
        "pingback" => CommentKind::Pingback,
        "trackback" => CommentKind::Trackback,
        other => {
            tally.skipped.push(skip(
                "type",
                format!("{other:?} records are not reader comments"),
            ));
            return Ok(());
        }
    };
    let Some(created_at) = gmt(&comment.date_gmt) else {
        tally.skipped.push(skip(
            "date_gmt",
            format!("{:?} is not a date", comment.date_gmt),
        ));
        return Ok(());
    };
    let parent = (comment.parent != 0).then(|| comment.parent.to_string());
    if let Some(parent) = &parent {
        if !db::imports::comment_exists(tx, &site.source, parent)? {
            tally.skipped.push(skip(
                "parent",
                format!("its parent comment {parent} is not on the site (or could not be read)"),
            ));
            return Ok(());
        }
    }
    let raw = raw_text(comment);
    let optional = |s: &str| (!s.trim().is_empty()).then(|| s.trim().to_owned());
    let source_comment = SourceComment {
        external_id: comment.id.to_string(),
        article_external_id: comment.post.to_string(),
        parent_external_id: parent,
        author_name: optional(&comment.author_name).unwrap_or_else(|| "Anonymous".to_owned()),
        author_email: optional(&comment.author_email),
        author_url: optional(&comment.author_url),
        author_ip: optional(&comment.author_ip),
        created_at,
        body: raw.to_owned(),
        status,
        site_status: stored_site_status(&comment.status)
            .unwrap_or("0")
            .to_owned(),
        kind,
        line: 0,
    };
    let article_id = ids::from_source(
        "articles",
        &site.source,
        &source_comment.article_external_id,
    );
    let (key, inserted) = write_comment(
        tx,
        engine,
        import_id,
        &site.source,
        &article_id,
        &source_comment,
    )?;
    db::sites::set_site_text(tx, &key, &sha(raw), None)?;
    if inserted {
        tally.new += 1;
    }
    Ok(())
}

/// Compares a comment we hold with what the site says now.
fn reconcile(
    tx: &rusqlite::Connection,
    site: &SiteRow,
    known: &db::sites::KnownComment,
    comment: &WpComment,
    tally: &mut Tally,
) -> Result<()> {
    let raw = raw_text(comment);
    let digest = sha(raw);
    let edited = match &known.raw_sha {
        Some(old) => *old != digest,
        None => raw != known.body,
    };
    if edited {
        db::sites::set_site_text(tx, &known.id, &digest, Some((raw, &time::now_stored())))?;
        tally.edited += 1;
    } else if known.raw_sha.is_none() || known.deleted_at.is_some() {
        db::sites::set_site_text(tx, &known.id, &digest, None)?;
    } else {
        db::sites::touch_checked(tx, &known.id, &time::now_stored())?;
    }
    let (Some(stored), Some(theirs)) = (
        stored_site_status(&comment.status),
        status_from_site(&comment.status),
    ) else {
        return Ok(());
    };
    if known.outbox {
        // A decision of ours is waiting: the push compares before sending.
        return Ok(());
    }
    let ours = db::queue::parse::<Status>(&known.id, "status", &known.status)?;
    if !agrees(ours, theirs) && queue_unsent(tx, site, known, ours, stored, &comment.status)? {
        return Ok(());
    }
    if known.site_status.as_deref() == Some(stored) {
        return Ok(());
    }
    db::sites::set_site_status(tx, &known.id, stored)?;
    if !agrees(ours, theirs) {
        apply_site_status(tx, site, &known.id, theirs, "changed on the site")?;
        tally.changed += 1;
    }
    Ok(())
}

/// A decision made here that never reached the site (made before the site was connected, on a
/// comment from its WXR export, or while it was removed) goes to the outbox instead of being
/// overwritten by the site: to be sent when the site still has what we last saw, or listed as a
/// conflict when the site changed too. True when it was queued.
fn queue_unsent(
    tx: &rusqlite::Connection,
    site: &SiteRow,
    known: &db::sites::KnownComment,
    ours: Status,
    stored: &str,
    theirs_rest: &str,
) -> Result<bool> {
    let Some((decision_id, _)) = db::sites::latest_local_decision(tx, &known.id)? else {
        return Ok(false);
    };
    let last_seen = known.site_status.as_deref().and_then(status_from_site);
    if last_seen.is_some_and(|seen| agrees(ours, seen)) {
        // The site had our status when we last looked: it changed there since, and the
        // ordinary path records that.
        return Ok(false);
    }
    let want = match ours {
        Status::Approved => "approved",
        Status::Pending => "hold",
        Status::Spam => "spam",
        Status::Trash | Status::Rejected => "trash",
    };
    let changed_there = known.site_status.as_deref() != Some(stored);
    let now = time::now_stored();
    db::sites::queue_unsent(
        tx,
        &db::sites::Unsent {
            site_id: &site.id,
            comment_id: &known.id,
            decision_id: &decision_id,
            want,
            state: if changed_there { "conflict" } else { "waiting" },
            site_now: changed_there.then_some(theirs_rest),
            at: &now,
        },
    )?;
    if changed_there {
        db::sites::set_site_status(tx, &known.id, stored)?;
    }
    Ok(true)
}

fn raw_text(comment: &WpComment) -> &str {
    comment
        .content
        .raw
        .as_deref()
        .unwrap_or(&comment.content.rendered)
}

fn sha(text: &str) -> String {
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// WordPress's GMT times ("2026-11-01T10:00:00") in the stored form.
fn gmt(text: &str) -> Option<String> {
    let at = NaiveDateTime::parse_from_str(text.trim(), "%Y-%m-%dT%H:%M:%S")
        .or_else(|_| NaiveDateTime::parse_from_str(text.trim(), "%Y-%m-%d %H:%M:%S"))
        .ok()?;
    if at.and_utc().timestamp() <= 0 {
        return None;
    }
    Some(time::to_stored(at.and_utc()))
}

/// One record of a page, or why it cannot be taken.
fn parse(item: &Value) -> std::result::Result<WpComment, Skip> {
    serde_json::from_value::<WpComment>(item.clone()).map_err(|err| Skip {
        line: 0,
        record: match item["id"].as_i64() {
            Some(id) => format!("comment {id}"),
            None => "a comment without an id".to_owned(),
        },
        field: "record".to_owned(),
        reason: format!("the site sent a record Readerdesk cannot read: {err}"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gmt_times_are_stored_as_utc() {
        assert_eq!(
            gmt("2026-11-01T10:00:00").as_deref(),
            Some("2026-11-01T10:00:00.000000Z")
        );
        assert_eq!(gmt("0000-00-00T00:00:00"), None);
        assert_eq!(gmt("yesterday"), None);
    }

    #[test]
    fn an_odd_record_is_a_skip_not_a_failure() {
        let skip = parse(&serde_json::json!({"id": 7, "status": 3})).unwrap_err();
        assert_eq!(skip.record, "comment 7");
        assert!(parse(&serde_json::json!({"id": 8, "status": "approved"})).is_ok());
        assert_eq!(
            parse(&serde_json::json!("x")).unwrap_err().record,
            "a comment without an id"
        );
    }
}
