//! The queues as the window shows them: live counts, keyset pages under any filter and sort,
//! and the full card of one comment.
use chrono_tz::Tz;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::intake::HoldReason;
use crate::db::{self, queue::Position, Store};
use crate::error::{CoreError, Result};
use crate::model::{CommentKind, Queue, Sort, Status, Trust};
use crate::moderation::moderators::Moderator;
use crate::settings;
use crate::time;

pub const MAX_PAGE: u32 = 200;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, TS)]
pub struct QueueCounts {
    pub pending: i64,
    pub flagged: i64,
    pub approved: i64,
    pub rejected: i64,
    pub spam: i64,
    pub trash: i64,
}

pub fn counts(store: &Store) -> Result<QueueCounts> {
    store.read(|conn| live_counts(conn))
}

pub(crate) fn live_counts(conn: &Connection) -> Result<QueueCounts> {
    let mut counts = QueueCounts::default();
    for (queue, n) in db::queue::counts(conn)? {
        let slot = match queue.parse::<Queue>()? {
            Queue::Pending => &mut counts.pending,
            Queue::Flagged => &mut counts.flagged,
            Queue::Approved => &mut counts.approved,
            Queue::Rejected => &mut counts.rejected,
            Queue::Spam => &mut counts.spam,
            Queue::Trash => &mut counts.trash,
        };
        *slot = n;
    }
    Ok(counts)
}

/// What the window asks for: a queue, narrowed and ordered.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct QueueFilter {
    pub article_id: Option<String>,
    pub author_id: Option<String>,
    /// A hold reason code ("links") or a flag reason ("flag:Check the facts").
    pub reason: Option<String>,
    /// Days (YYYY-MM-DD) in the newsroom's time zone, both included.
    pub from_day: Option<String>,
    pub to_day: Option<String>,
}

/// The sort key of the last row of a page; pass it back for the next page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Cursor {
    pub priority: i64,
    pub created_at: String,
    pub seq: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Reason {
    /// "links", "author_premod", "flag:Check the facts" (what the reason filter takes).
    pub code: String,
    /// What the card and the badge say.
    pub label: String,
    pub detail: String,
    /// Where the evidence is in the body: [start, end) in UTF-16 code units.
    pub marks: Vec<[u32; 2]>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct QueueItem {
    pub id: String,
    pub article_id: String,
    pub article_title: String,
    pub author_id: Option<String>,
    pub author_name: String,
    /// The start of the body (the card has all of it).
    pub preview: String,
    pub created_at: String,
    pub created_display: String,
    pub status: Status,
    pub open_flags: i64,
    pub reasons: Vec<Reason>,
    pub link_count: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct QueuePage {
    pub items: Vec<QueueItem>,
    /// Present when there is more: ask again with it.
    pub next: Option<Cursor>,
}

pub(crate) fn filter(conn: &Connection, filter: &QueueFilter) -> Result<db::queue::Filter> {
    let zone = settings::zone(conn)?;
    let day = |field: &str, text: &Option<String>, plus: i64| -> Result<Option<String>> {
        text.as_deref()
            .filter(|t| !t.trim().is_empty())
            .map(|t| {
                let day = time::parse_day(field, t)? + chrono::Duration::days(plus);
                Ok(time::day_start(day, zone))
            })
            .transpose()
    };
    Ok(db::queue::Filter {
        article_id: filter.article_id.clone(),
        author_id: filter.author_id.clone(),
        reason: filter.reason.clone().filter(|r| !r.is_empty()),
        after: day("from", &filter.from_day, 0)?,
        // The "to" day is included: stop before the next day begins.
        before: day("to", &filter.to_day, 1)?,
    })
}

pub fn page(
    store: &Store,
    queue: Queue,
    wanted: &QueueFilter,
    sort: Sort,
    cursor: Option<&Cursor>,
    limit: u32,
) -> Result<QueuePage> {
    let limit = limit.clamp(1, MAX_PAGE);
    store.read(|conn| {
        let zone = settings::zone(conn)?;
        let filter = filter(conn, wanted)?;
        let position = cursor.map(|c| Position {
            priority: c.priority,
            created_at: c.created_at.clone(),
            seq: c.seq,
        });
        let mut rows = db::queue::list(
            conn,
            queue,
            &filter,
            sort,
            position.as_ref(),
            i64::from(limit) + 1,
        )?;
        let more = rows.len() > limit as usize;
        rows.truncate(limit as usize);
        let next = more.then(|| rows.last()).flatten().map(|r| Cursor {
            priority: r.priority,
            created_at: r.created_at.clone(),
            seq: r.seq,
        });
        Ok(QueuePage {
            items: rows
                .into_iter()
                .map(|row| item(row, zone))
                .collect::<Result<_>>()?,
            next,
        })
    })
}

/// How many comments a queue holds under a filter (the bulk confirmation says it).
pub fn filtered_count(store: &Store, queue: Queue, wanted: &QueueFilter) -> Result<i64> {
    store.read(|conn| {
        let filter = filter(conn, wanted)?;
        db::queue::count(conn, queue, &filter)
    })
}

pub(crate) fn hold_reasons(id: &str, json: &str) -> Result<Vec<HoldReason>> {
    serde_json::from_str(json).map_err(|err| CoreError::CorruptRow {
        table: "comments",
        id: id.to_owned(),
        field: "hold_reasons",
        message: err.to_string(),
    })
}

pub(crate) fn label(code: &str) -> String {
    match code {
        "author_banned" => "Banned author".into(),
        "banned_address" => "Banned reader's address".into(),
        "author_premod" => "Premoderated author".into(),
        "links" => "Links".into(),
        "banned_word" => "Banned word".into(),
        "suspect_word" => "Suspect word".into(),
        "repeat" => "Repeated text".into(),
        "new_author" => "New author".into(),
        "rejection_rate" => "Often rejected".into(),
        "classifier" => "Classifier".into(),
        other => match other.strip_prefix("flag:") {
            Some(reason) => format!("Flag: {reason}"),
            None => other.replace('_', " "),
        },
    }
}

pub(crate) fn item(row: db::queue::ListRow, zone: Tz) -> Result<QueueItem> {
    let at = time::parse_stored("created_at", &row.created_at)?;
    let mut reasons: Vec<Reason> = hold_reasons(&row.id, &row.hold_reasons)?
        .into_iter()
        .map(|h| Reason {
            label: label(&h.code),
            code: h.code,
            detail: h.detail,
            marks: h.marks,
        })
        .collect();
    for flag in &row.flag_reasons {
        let code = format!("flag:{flag}");
        if !reasons.iter().any(|r| r.code == code) {
            reasons.push(Reason {
                label: label(&code),
                code,
                detail: String::new(),
                marks: Vec::new(),
            });
        }
    }
    Ok(QueueItem {
        created_display: time::display(at, zone),
        id: row.id,
        article_id: row.article_id,
        article_title: row.article_title,
        author_id: row.author_id,
        author_name: row.author_name,
        preview: row.preview,
        created_at: row.created_at,
        status: row.status,
        open_flags: row.open_flags,
        reasons,
        link_count: row.link_count,
    })
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct FlagView {
    pub reason: String,
    pub note: Option<String>,
    /// "moderator", "reader" or "rules".
    pub source: String,
    pub by: Option<String>,
    pub at_display: String,
    pub open: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct CommentCard {
    pub item: QueueItem,
    /// The whole body, as the reader wrote it (shown as text, never HTML).
    pub body: String,
    pub kind: CommentKind,
    pub parent_id: Option<String>,
    pub author_email: Option<String>,
    pub author_ip: Option<String>,
    pub author_url: Option<String>,
    pub author_trust: Option<Trust>,
    pub article_url: Option<String>,
    pub flags: Vec<FlagView>,
    /// The reader's e-mail and IP are withheld from this profile (an editor): the card says
    /// so instead of showing none.
    pub contact_hidden: bool,
}

/// The comment as `who` may see it: readers' e-mail and IP only for those who moderate.
pub fn card(store: &Store, who: &Moderator, id: &str) -> Result<CommentCard> {
    let mut card = full_card(store, id)?;
    if !who.sees_reader_contact() {
        card.author_email = None;
        card.author_ip = None;
        card.contact_hidden = true;
    }
    Ok(card)
}

fn full_card(store: &Store, id: &str) -> Result<CommentCard> {
    store.read(|conn| {
        let zone = settings::zone(conn)?;
        let row = db::queue::card(conn, id)?;
        let flags = db::queue::flags(conn, id)?
            .into_iter()
            .map(|(reason, note, source, by, at, resolved)| {
                let at = time::parse_stored("flag at", &at)?;
                Ok(FlagView {
                    reason,
                    note,
                    source,
                    by,
                    at_display: time::display(at, zone),
                    open: resolved.is_none(),
                })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(CommentCard {
            item: item(row.list, zone)?,
            body: row.body,
            kind: row.kind,
            parent_id: row.parent_id,
            author_email: row.author_email,
            author_ip: row.author_ip,
            author_url: row.author_url,
            author_trust: row.author_trust,
            article_url: row.article_url,
            flags,
            contact_hidden: false,
        })
    })
}

/// Reason codes in use, with their labels and how many comments carry each.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ReasonCount {
    pub code: String,
    pub label: String,
    pub comments: i64,
}

pub fn reasons_in_use(store: &Store) -> Result<Vec<ReasonCount>> {
    store.read(|conn| {
        Ok(db::queue::reason_codes(conn)?
            .into_iter()
            .map(|(code, comments)| ReasonCount {
                label: label(&code),
                code,
                comments,
            })
            .collect())
    })
}
