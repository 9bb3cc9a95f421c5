//! The comment import pipeline shared by every format: one file, one transaction (all of it
//! or none of it), idempotent by source + external id, never overwriting a moderator's
//! decision (the site's own state is kept beside ours), every comment routed by its author's
//! trust, replies kept under their parents, and the import recorded with what it skipped.
use std::collections::HashMap;
use std::io::{BufReader, Read};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

use serde::Serialize;
use sha2::{Digest, Sha256};
use ts_rs::TS;

use super::{comments_csv, comments_json, disqus, wxr, Item, SourceArticle, SourceComment};
use crate::chunks::{Chunk, YIELD_AT_MOST};
use crate::db::comments::NewComment;
use crate::db::newsroom::{NewArticle, NewAuthor};
use crate::db::{self, Store};
use crate::error::{CoreError, Result};
use crate::ids;
use crate::model::{StatusCounts, Trust};
use crate::moderation::intake;
use crate::moderation::moderators::Moderator;
use crate::skip::Skip;
use crate::spreadsheet::cell;
use crate::time;

/// The formats a comment file can be in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum CommentFormat {
    Wxr,
    Disqus,
    Csv,
    Json,
}

impl CommentFormat {
    pub fn as_str(self) -> &'static str {
        match self {
            CommentFormat::Wxr => "wxr",
            CommentFormat::Disqus => "disqus",
            CommentFormat::Csv => "csv",
            CommentFormat::Json => "json",
        }
    }
}

/// Reads the start of a file and names its format, or says what it looks like instead.
pub fn detect(path: &Path) -> Result<CommentFormat> {
    let io = |source| CoreError::Io {
        path: path.to_path_buf(),
        source,
    };
    let mut head = vec![0u8; 4096];
    let mut file = std::fs::File::open(path).map_err(io)?;
    let n = file.read(&mut head).map_err(io)?;
    let head = String::from_utf8_lossy(&head[..n]).to_lowercase();
    let trimmed = head.trim_start_matches('\u{feff}').trim_start();
    if head.contains("wordpress.org/export/") || head.contains("<wp:wxr_version") {
        return Ok(CommentFormat::Wxr);
    }
    if head.contains("<disqus") {
        return Ok(CommentFormat::Disqus);
    }
    if trimmed.starts_with('[') {
        return Ok(CommentFormat::Json);
    }
    if !trimmed.starts_with('<') && !trimmed.starts_with('{') && trimmed.contains("comment_id") {
        return Ok(CommentFormat::Csv);
    }
    let looks_like = if trimmed.starts_with('<') {
        "an XML file that is neither a WordPress export (WXR) nor a Disqus export"
    } else if trimmed.starts_with('{') {
        "a JSON object; a JSON comment file is an array of comments"
    } else {
        "neither a WordPress or Disqus export, nor a CSV file whose header names comment_id"
    };
    Err(CoreError::invalid(
        "format",
        format!("{} looks like {looks_like}", path.display()),
    ))
}

/// Progress as the pipeline reports it: bytes read of the file, and records so far.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
pub struct ImportProgress {
    pub bytes_done: u64,
    pub bytes_total: u64,
    pub records: u64,
    pub skipped: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ImportSummary {
    pub import_id: String,
    pub file_name: String,
    pub format: CommentFormat,
    pub sha256: String,
    pub source: String,
    pub articles_new: i64,
    pub comments_new: i64,
    /// Comments the database already had (their site state refreshed, our decisions kept).
    pub comments_known: i64,
    /// Where the new comments landed, after routing by author trust.
    pub new_by_status: StatusCounts,
    pub skipped: Vec<Skip>,
}

struct Counting<R> {
    inner: R,
    done: std::sync::Arc<std::sync::atomic::AtomicU64>,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.done.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

fn sha256_of(path: &Path) -> Result<String> {
    let io = |source| CoreError::Io {
        path: path.to_path_buf(),
        source,
    };
    let mut file = std::fs::File::open(path).map_err(io)?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 1 << 16];
    loop {
        let n = file.read(&mut buf).map_err(io)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
    }
    Ok(hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect())
}

/// Imports the comments in `path`. With `strict`, any record that would be skipped aborts the
/// whole import instead. Setting `cancel` aborts it. Either way nothing is written unless the
/// whole file was read.
pub fn import(
    store: &Store,
    who: &Moderator,
    path: &Path,
    format: Option<CommentFormat>,
    strict: bool,
    cancel: &AtomicBool,
    progress: &mut dyn FnMut(ImportProgress),
) -> Result<ImportSummary> {
    let imported = import_with_rules(store, who, path, format, strict, true, cancel, progress);
    // The import's maps, buffers and the writer's full cache are not needed any more.
    store.release_memory();
    imported
}

/// `import`, with the automatic holds (`rules`) or with the trust routing alone (what the
/// benchmark compares the pipeline's cost against).
#[allow(clippy::too_many_arguments)] // the import's options, each a person's choice
pub fn import_with_rules(
    store: &Store,
    who: &Moderator,
    path: &Path,
    format: Option<CommentFormat>,
    strict: bool,
    rules: bool,
    cancel: &AtomicBool,
    progress: &mut dyn FnMut(ImportProgress),
) -> Result<ImportSummary> {
    // Comments come in to be moderated: those who moderate import them.
    who.must_moderate()?;
    let format = match format {
        Some(format) => format,
        None => detect(path)?,
    };
    let _span = tracing::info_span!("import comments", format = format.as_str()).entered();
    let io = |source| CoreError::Io {
        path: path.to_path_buf(),
        source,
    };
    let sha256 = sha256_of(path)?;
    let bytes_total = std::fs::metadata(path).map_err(io)?.len();
    let file = std::fs::File::open(path).map_err(io)?;
    let done = std::sync::Arc::new(std::sync::atomic::AtomicU64::new(0));
    let counting = Counting {
        inner: file,
        done: done.clone(),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string());
    let items = match format {
        CommentFormat::Wxr => wxr::read(BufReader::with_capacity(1 << 16, counting), &name),
        CommentFormat::Disqus => disqus::read(BufReader::with_capacity(1 << 16, counting), &name),
        CommentFormat::Csv => {
            comments_csv::read(BufReader::with_capacity(1 << 16, counting), &name)
        }
        CommentFormat::Json => {
            comments_json::read(BufReader::with_capacity(1 << 16, counting), &name)
        }
    };

    let import_id = ids::new_v7();
    let _job = store.chunked_job();
    let engine = store.write(|tx| {
        db::imports::start(
            tx,
            &import_id,
            "comments",
            format.as_str(),
            &name,
            &sha256,
            &time::now_stored(),
        )?;
        db::imports::set_state(tx, &import_id, "writing")?;
        match rules {
            true => Ok(Some(crate::moderation::autohold::Engine::build(tx)?)),
            false => Ok(None),
        }
    })?;
    let mut run = Run {
        store,
        engine,
        import_id: import_id.clone(),
        source: String::new(),
        summary: ImportSummary {
            import_id: import_id.clone(),
            file_name: name.clone(),
            format,
            sha256: sha256.clone(),
            source: String::new(),
            articles_new: 0,
            comments_new: 0,
            comments_known: 0,
            new_by_status: StatusCounts::default(),
            skipped: Vec::new(),
        },
        articles: HashMap::new(),
        replies: HashMap::new(),
        early: Vec::new(),
        strict,
        chunk: Chunk::new(),
    };
    let written = run.write_all(items, cancel, &mut |records, skipped| {
        progress(ImportProgress {
            bytes_done: done.load(Ordering::Relaxed),
            bytes_total,
            records,
            skipped,
        })
    });
    let finished = written
        .and_then(|records| run.settle().map(|()| records))
        .and_then(|records| {
            progress(ImportProgress {
                bytes_done: bytes_total,
                bytes_total,
                records,
                skipped: run.summary.skipped.len() as u64,
            });
            run.finish(records)
        });
    let summary = match finished {
        Ok(summary) => summary,
        Err(err) => {
            tracing::warn!(code = err.code(), "comment import stopped; rolling it back");
            if let Err(undo) = roll_back(store, &import_id) {
                // Left for the next start, which rolls back every import left writing.
                tracing::warn!(code = undo.code(), "the rollback did not finish");
            }
            return Err(err);
        }
    };
    // From here the import is whole: a stop while publishing is finished at the next start.
    publish(store, &import_id)?;
    tracing::info!(
        new = summary.comments_new,
        known = summary.comments_known,
        articles = summary.articles_new,
        skipped = summary.skipped.len(),
        "comments imported"
    );
    Ok(summary)
}

/// What the next start did with an import the app stopped during.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recovered {
    pub import_id: String,
    /// true: it had been read whole and was published; false: it was rolled back.
    pub published: bool,
}

/// The imports the app stopped during (killed, power cut), to settle with `recover`. Taken
/// at start, before any new import can begin: one running now must not be taken for one left.
pub fn unfinished(store: &Store) -> Result<Vec<String>> {
    Ok(store
        .read(|conn| db::imports::unfinished(conn))?
        .into_iter()
        .map(|(id, _)| id)
        .collect())
}

/// Settles imports the app stopped during: an import still writing is rolled back (none of it
/// is kept), one already publishing is published (all of it is). Their comments were hidden
/// meanwhile, so nobody saw half an import. A chunk at a time, letting decisions in.
pub fn recover(store: &Store, imports: &[String]) -> Result<Vec<Recovered>> {
    let _job = store.chunked_job();
    let states = store.read(|conn| db::imports::unfinished(conn))?;
    let mut done = Vec::new();
    for (import_id, state) in states {
        if !imports.contains(&import_id) {
            continue;
        }
        let published = state == "publishing";
        match published {
            true => publish(store, &import_id)?,
            false => roll_back(store, &import_id)?,
        }
        tracing::info!(published, "an import the app stopped during was settled");
        done.push(Recovered {
            import_id,
            published,
        });
    }
    Ok(done)
}

/// Publishes an import's hidden comments and the site states it deferred, a chunk at a time.
fn publish(store: &Store, import_id: &str) -> Result<()> {
    let mut chunk = Chunk::new();
    loop {
        let started = std::time::Instant::now();
        let n =
            store.write_chunk(|tx| db::imports::publish_some(tx, import_id, chunk.size as i64))?;
        chunk.took(started.elapsed());
        store.let_waiting_writes_in(YIELD_AT_MOST);
        if n == 0 {
            break;
        }
    }
    while store.write_chunk(|tx| db::imports::apply_site_status_some(tx, import_id, 2_000))? > 0 {
        store.let_waiting_writes_in(YIELD_AT_MOST);
    }
    store.write(|tx| db::imports::set_state(tx, import_id, "done"))
}

/// Takes back everything an unfinished import wrote, a chunk at a time, then its record.
fn roll_back(store: &Store, import_id: &str) -> Result<()> {
    let mut chunk = Chunk::new();
    loop {
        let started = std::time::Instant::now();
        let n = store
            .write_chunk(|tx| db::imports::roll_back_some(tx, import_id, chunk.size as i64))?;
        chunk.took(started.elapsed());
        store.let_waiting_writes_in(YIELD_AT_MOST);
        if n == 0 {
            break;
        }
    }
    store.write(|tx| db::imports::forget(tx, import_id))
}

struct Run<'s> {
    store: &'s Store,
    /// The automatic holds every new comment goes through.
    engine: Option<crate::moderation::autohold::Engine>,
    import_id: String,
    source: String,
    summary: ImportSummary,
    /// Articles of this file: the source's id -> our key.
    articles: HashMap<String, String>,
    /// Every reply of this file: its id -> (line, parent's id), to report a reply whose
    /// parent never came (memory grows with replies, not with the file).
    replies: HashMap<String, (u64, String)>,
    /// Comments whose article had not appeared yet when they were read.
    early: Vec<SourceComment>,
    strict: bool,
    chunk: Chunk,
}

impl Run<'_> {
    /// Reads the file a chunk at a time (outside the writer) and writes each chunk in its own
    /// short transaction, hidden, letting waiting writes go between chunks. Returns the
    /// number of records read.
    fn write_all(
        &mut self,
        mut items: super::Items,
        cancel: &AtomicBool,
        progress: &mut dyn FnMut(u64, u64),
    ) -> Result<u64> {
        let mut records = 0u64;
        let mut batch = Vec::new();
        loop {
            let mut comments = 0;
            let mut end = true;
            for item in items.by_ref() {
                records += 1;
                let item = item?;
                comments += usize::from(matches!(item, Item::Comment(_)));
                batch.push(item);
                if comments >= self.chunk.size {
                    end = false;
                    break;
                }
            }
            if cancel.load(Ordering::Relaxed) {
                return Err(CoreError::Cancelled);
            }
            self.write_chunk(std::mem::take(&mut batch))?;
            progress(records, self.summary.skipped.len() as u64);
            if end {
                return Ok(records);
            }
        }
    }

    fn write_chunk(&mut self, batch: Vec<Item>) -> Result<()> {
        if batch.is_empty() {
            return Ok(());
        }
        let started = std::time::Instant::now();
        let store = self.store;
        store.write_chunk(|tx| {
            let mut seq = db::comments::begin_stage(tx)?;
            for item in batch {
                match item {
                    Item::Site(source) => {
                        self.source = source.clone();
                        self.summary.source = source;
                    }
                    Item::Article(article) => self.article(tx, article)?,
                    Item::Comment(comment) => self.comment(tx, comment, &mut seq)?,
                    Item::Skipped(skip) => self.skip(skip)?,
                }
            }
            db::comments::insert_staged(tx, true)
        })?;
        self.chunk.took(started.elapsed());
        store.let_waiting_writes_in(YIELD_AT_MOST);
        Ok(())
    }

    /// After the last chunk: the comments that came before their article, then the replies
    /// whose parent never came taken out.
    fn settle(&mut self) -> Result<()> {
        let early = std::mem::take(&mut self.early);
        let mut rest = early.into_iter().peekable();
        while rest.peek().is_some() {
            let part: Vec<SourceComment> = rest.by_ref().take(self.chunk.size).collect();
            let started = std::time::Instant::now();
            let store = self.store;
            store.write_chunk(|tx| {
                let mut seq = db::comments::begin_stage(tx)?;
                for comment in part {
                    self.place_early(tx, comment, &mut seq)?;
                }
                db::comments::insert_staged(tx, true)
            })?;
            self.chunk.took(started.elapsed());
            store.let_waiting_writes_in(YIELD_AT_MOST);
        }
        self.drop_orphans()
    }

    /// Counts what the import brings and records it, ready to publish.
    fn finish(mut self, records: u64) -> Result<ImportSummary> {
        let import_id = self.import_id.clone();
        let by_status = self
            .store
            .read_apart(|conn| db::imports::new_comments_by_status(conn, &import_id))?;
        let mut summary = std::mem::replace(&mut self.summary, empty_summary());
        for (status, n) in by_status {
            let counts = &mut summary.new_by_status;
            counts.total += n;
            *match status {
                crate::model::Status::Pending => &mut counts.pending,
                crate::model::Status::Approved => &mut counts.approved,
                crate::model::Status::Rejected => &mut counts.rejected,
                crate::model::Status::Spam => &mut counts.spam,
                crate::model::Status::Trash => &mut counts.trash,
            } += n;
        }
        summary.comments_new = summary.new_by_status.total;
        let errors = serde_json::to_string(&summary.skipped)
            .map_err(|err| CoreError::invalid("skipped", err.to_string()))?;
        self.store.write(|tx| {
            db::imports::finish(
                tx,
                &import_id,
                records as i64,
                summary.comments_new + summary.articles_new,
                summary.skipped.len() as i64,
                &errors,
                &time::now_stored(),
            )?;
            db::imports::set_state(tx, &import_id, "publishing")
        })?;
        Ok(summary)
    }

    fn source(&self) -> Result<&str> {
        if self.source.is_empty() {
            return Err(CoreError::invalid(
                "source",
                "the file names no site before its first article",
            ));
        }
        Ok(&self.source)
    }

    fn skip(&mut self, skip: Skip) -> Result<()> {
        if self.strict {
            return Err(CoreError::invalid(
                format!(
                    "{} line {}, {}, {}",
                    self.summary.file_name, skip.line, skip.record, skip.field
                ),
                format!("{} (--strict: nothing was imported)", skip.reason),
            ));
        }
        self.summary.skipped.push(skip);
        Ok(())
    }

    fn article(&mut self, tx: &rusqlite::Connection, article: SourceArticle) -> Result<()> {
        let source = self.source()?.to_owned();
        let existed = db::imports::article_exists(tx, &source, &article.external_id)?;
        let id = db::newsroom::insert_article(
            tx,
            &NewArticle {
                source: &source,
                external_id: &article.external_id,
                title: &article.title,
                url: article.url.as_deref(),
                published_at: article.published_at.as_deref(),
                import_id: Some(&self.import_id),
            },
        )?;
        if !existed {
            self.summary.articles_new += 1;
        }
        self.articles.insert(article.external_id, id);
        Ok(())
    }

    fn comment(
        &mut self,
        tx: &rusqlite::Connection,
        comment: SourceComment,
        seq: &mut i64,
    ) -> Result<()> {
        let source = self.source()?.to_owned();
        let article_id = match self.articles.get(&comment.article_external_id) {
            Some(id) => id.clone(),
            // An article from an earlier import of the same site is fine too.
            None if db::imports::article_exists(tx, &source, &comment.article_external_id)? => {
                ids::from_source("articles", &source, &comment.article_external_id)
            }
            // Not seen yet: it may come later in the file (Disqus lists threads anywhere).
            None => {
                self.early.push(comment);
                return Ok(());
            }
        };
        if let Some(parent) = &comment.parent_external_id {
            self.replies
                .insert(comment.external_id.clone(), (comment.line, parent.clone()));
        }
        self.write(tx, &source, &article_id, &comment, seq)
    }

    /// A comment that came before its article: written now if it came after all.
    fn place_early(
        &mut self,
        tx: &rusqlite::Connection,
        comment: SourceComment,
        seq: &mut i64,
    ) -> Result<()> {
        let source = self.source()?.to_owned();
        match self.articles.get(&comment.article_external_id).cloned() {
            Some(article_id) => {
                if let Some(parent) = &comment.parent_external_id {
                    self.replies
                        .insert(comment.external_id.clone(), (comment.line, parent.clone()));
                }
                self.write(tx, &source, &article_id, &comment, seq)
            }
            None => self.skip(Skip {
                line: comment.line,
                record: format!("comment {}", comment.external_id),
                field: "article".into(),
                reason: format!(
                    "its article {} is not in the export",
                    comment.article_external_id
                ),
            }),
        }
    }

    /// Takes out the replies whose parent never came (and replies to those), reporting each:
    /// a reply is never attached somewhere else. Found on a reader (the rows are committed,
    /// hidden), taken out in one short write per round.
    fn drop_orphans(&mut self) -> Result<()> {
        loop {
            let import_id = self.import_id.clone();
            let orphans = self
                .store
                .read_apart(|conn| db::imports::orphans(conn, &import_id))?;
            if orphans.is_empty() {
                return Ok(());
            }
            for part in orphans.chunks(Chunk::LARGEST) {
                self.store.write_chunk(|tx| {
                    for (id, _) in part {
                        db::imports::remove_new_comment(tx, id, &import_id)?;
                    }
                    Ok(())
                })?;
                self.store.let_waiting_writes_in(YIELD_AT_MOST);
            }
            for (_, external_id) in orphans {
                let (line, reason) = match self.replies.get(&external_id) {
                    Some((line, parent)) if !self.missing_parent_was_skipped(parent) => (
                        *line,
                        format!("its parent comment {parent} is not in the export"),
                    ),
                    Some((line, parent)) => (
                        *line,
                        format!("its parent comment {parent} could not be imported"),
                    ),
                    None => (0, "its parent comment could not be imported".to_owned()),
                };
                self.skip(Skip {
                    line,
                    record: format!("comment {external_id}"),
                    field: "parent".into(),
                    reason,
                })?;
            }
        }
    }

    fn missing_parent_was_skipped(&self, parent: &str) -> bool {
        let record = format!("comment {parent}");
        self.summary
            .skipped
            .iter()
            .any(|s| s.record == record || s.record.starts_with(&format!("{record} ")))
    }

    fn write(
        &mut self,
        tx: &rusqlite::Connection,
        source: &str,
        article_id: &str,
        comment: &SourceComment,
        seq: &mut i64,
    ) -> Result<()> {
        let staged = stage_comment(
            tx,
            self.engine.as_mut(),
            &self.import_id,
            source,
            article_id,
            comment,
            *seq,
        )?;
        if staged {
            *seq += 1;
        } else {
            // Known already: the site's view is refreshed when the import publishes, our
            // status and decisions are not touched.
            let id = db::comments::key(source, &comment.external_id);
            db::imports::defer_site_status(tx, &self.import_id, &id, &comment.site_status)?;
            self.summary.comments_known += 1;
        }
        Ok(())
    }
}

fn empty_summary() -> ImportSummary {
    ImportSummary {
        import_id: String::new(),
        file_name: String::new(),
        format: CommentFormat::Wxr,
        sha256: String::new(),
        source: String::new(),
        articles_new: 0,
        comments_new: 0,
        comments_known: 0,
        new_by_status: StatusCounts::default(),
        skipped: Vec::new(),
    }
}

/// One comment of an import through the intake (its author, the automatic holds or the trust
/// routing), staged at `seq` for its chunk. Returns whether it is new.
fn stage_comment(
    tx: &rusqlite::Connection,
    engine: Option<&mut crate::moderation::autohold::Engine>,
    import_id: &str,
    source: &str,
    article_id: &str,
    comment: &SourceComment,
    seq: i64,
) -> Result<bool> {
    let author_id = write_author(tx, source, comment)?;
    if tx.changes() == 1 {
        db::imports::claim_author(tx, &author_id, import_id)?;
    }
    with_row(source, article_id, &author_id, comment, import_id, |row| {
        intake::stage_checked(tx, seq, row, engine)
    })
}

/// The comment's author: one per e-mail address (or per name where there is none) and site.
fn write_author(
    tx: &rusqlite::Connection,
    source: &str,
    comment: &SourceComment,
) -> Result<String> {
    let identity = comment
        .author_email
        .as_deref()
        .map(|e| e.trim().to_lowercase())
        .filter(|e| !e.is_empty())
        .unwrap_or_else(|| format!("name:{}", comment.author_name));
    db::newsroom::insert_author(
        tx,
        &NewAuthor {
            source,
            external_id: &identity,
            name: &comment.author_name,
            email: comment.author_email.as_deref(),
            url: comment.author_url.as_deref(),
            first_seen_at: &comment.created_at,
            trust: Trust::Normal,
        },
    )
}

/// Hands `take` the row a comment of `source` becomes (its parent's key, received now).
fn with_row<T>(
    source: &str,
    article_id: &str,
    author_id: &str,
    comment: &SourceComment,
    import_id: &str,
    take: impl FnOnce(&NewComment) -> Result<T>,
) -> Result<T> {
    let parent = comment
        .parent_external_id
        .as_deref()
        .map(|p| db::comments::key(source, p));
    let received = time::now_stored();
    take(&NewComment {
        source,
        external_id: &comment.external_id,
        article_id,
        parent_id: parent.as_deref(),
        author_id: Some(author_id),
        author_name: &comment.author_name,
        author_email: comment.author_email.as_deref(),
        author_url: comment.author_url.as_deref(),
        author_ip: comment.author_ip.as_deref(),
        body: &comment.body,
        kind: comment.kind,
        created_at: &comment.created_at,
        received_at: &received,
        status: comment.status,
        site_status: Some(&comment.site_status),
        hold_reasons: "[]",
        import_id: Some(import_id),
    })
}

/// Writes one comment of `source` through the intake every arrival takes (its author, the
/// automatic holds or the trust routing): a file import and a site's sync alike. Returns its
/// key and whether it is new (a known comment is left as it is).
pub(crate) fn write_comment(
    tx: &rusqlite::Connection,
    engine: Option<&mut crate::moderation::autohold::Engine>,
    import_id: &str,
    source: &str,
    article_id: &str,
    comment: &SourceComment,
) -> Result<(String, bool)> {
    let author_id = write_author(tx, source, comment)?;
    with_row(source, article_id, &author_id, comment, import_id, |row| {
        intake::add_checked(tx, row, engine)
    })
}

/// An import as the window lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ImportRecord {
    pub id: String,
    pub kind: String,
    pub format: String,
    pub file_name: String,
    pub records: i64,
    pub imported: i64,
    pub skipped: Vec<Skip>,
    pub when: String,
}

/// The newsroom's imports, newest first, with what each skipped.
pub fn history(store: &Store, limit: i64) -> Result<Vec<ImportRecord>> {
    store.read(|conn| {
        let zone = crate::settings::zone(conn)?;
        db::imports::list(conn, limit)?
            .into_iter()
            .map(|row| {
                let skipped: Vec<Skip> =
                    serde_json::from_str(&row.errors).map_err(|err| CoreError::CorruptRow {
                        table: "imports",
                        id: row.id.clone(),
                        field: "errors",
                        message: err.to_string(),
                    })?;
                let at =
                    time::parse_stored("started_at", &row.finished_at.unwrap_or(row.started_at))?;
                Ok(ImportRecord {
                    id: row.id,
                    kind: row.kind,
                    format: row.format,
                    file_name: row.file_name,
                    records: row.records,
                    imported: row.imported,
                    skipped,
                    when: time::display(at, zone),
                })
            })
            .collect()
    })
}

/// Writes an import's skipped records as CSV (line, record, field, reason), whole or not at all.
pub fn write_skipped_report(skipped: &[Skip], path: &Path) -> Result<()> {
    let io = |source| CoreError::Io {
        path: path.to_path_buf(),
        source,
    };
    let whole = crate::files::WholeFile::create(path)?;
    let file = whole.file()?;
    let mut writer = csv::WriterBuilder::new()
        .quote_style(csv::QuoteStyle::Always)
        .from_writer(std::io::BufWriter::new(file));
    let csv_err = |err: csv::Error| CoreError::Io {
        path: path.to_path_buf(),
        source: std::io::Error::other(err.to_string()),
    };
    writer
        .write_record(["line", "record", "field", "reason"])
        .map_err(csv_err)?;
    for skip in skipped {
        writer
            .write_record([
                skip.line.to_string(),
                cell(&skip.record),
                cell(&skip.field),
                cell(&skip.reason),
            ])
            .map_err(csv_err)?;
    }
    writer.flush().map_err(io)?;
    drop(writer);
    whole.commit()
}
