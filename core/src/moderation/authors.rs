//! The author dossier: everything an author wrote, how it was judged, what they were recorded
//! as, and the newsroom's trust in them; with the actions a moderator takes on an author.
use serde::Serialize;
use ts_rs::TS;

use super::decisions::{self, Decision, Outcome};
use super::moderators::Moderator;
use super::queue::{item, Cursor, QueueItem};
use crate::db::{self, queue::Position, Store};
use crate::error::{CoreError, Result};
use crate::model::{Queue, Status, StatusCounts, Trust};
use crate::settings;
use crate::time;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct AuthorComments {
    pub items: Vec<QueueItem>,
    pub next: Option<Cursor>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Dossier {
    pub id: String,
    pub name: String,
    pub email: Option<String>,
    pub url: Option<String>,
    pub trust: Trust,
    pub notes: String,
    pub counts: StatusCounts,
    /// Rejected and spam as a share of decided comments, e.g. "12.5%" ("none decided yet").
    pub rejection_rate: String,
    pub first_seen: Option<String>,
    pub last_seen: Option<String>,
    /// E-mail addresses and IPs as the comments recorded them, most used first.
    pub emails: Vec<String>,
    pub ips: Vec<String>,
    pub comments: AuthorComments,
    /// The reader's e-mail addresses and IPs are withheld from this profile (an editor).
    pub contact_hidden: bool,
}

const PAGE: i64 = 100;

/// The author as `who` may see them: e-mail addresses and IPs only for those who moderate
/// (for others they are not even read).
pub fn dossier(store: &Store, who: &Moderator, id: &str) -> Result<Dossier> {
    let contact = who.sees_reader_contact();
    store.read(|conn| {
        let zone = settings::zone(conn)?;
        let author = db::moderation::author(conn, id)?;
        let mut counts = StatusCounts::default();
        for (status, n) in db::moderation::author_counts(conn, id)? {
            let slot = match db::queue::parse::<Status>(id, "status", &status)? {
                Status::Pending => &mut counts.pending,
                Status::Approved => &mut counts.approved,
                Status::Rejected => &mut counts.rejected,
                Status::Spam => &mut counts.spam,
                Status::Trash => &mut counts.trash,
            };
            *slot = n;
            counts.total += n;
        }
        let bad = counts.rejected + counts.spam;
        let decided = bad + counts.approved;
        let rejection_rate = if decided == 0 {
            "none decided yet".to_owned()
        } else {
            let permille = bad * 1000 / decided;
            format!("{}.{}% of {decided} decided", permille / 10, permille % 10)
        };
        let (first, last) = db::moderation::author_seen(conn, id)?;
        let show = |at: Option<String>| -> Result<Option<String>> {
            at.map(|at| Ok(time::display(time::parse_stored("seen", &at)?, zone)))
                .transpose()
        };
        Ok(Dossier {
            first_seen: show(first.or(Some(author.first_seen_at.clone())))?,
            last_seen: show(last)?,
            emails: match contact {
                true => db::moderation::author_recorded(conn, id, "email")?,
                false => Vec::new(),
            },
            ips: match contact {
                true => db::moderation::author_recorded(conn, id, "ip")?,
                false => Vec::new(),
            },
            contact_hidden: !contact,
            comments: page(conn, id, None, zone)?,
            id: author.id,
            name: author.name,
            email: author.email.filter(|_| contact),
            url: author.url,
            trust: author.trust,
            notes: author.notes,
            counts,
            rejection_rate,
        })
    })
}

fn page(
    conn: &rusqlite::Connection,
    id: &str,
    cursor: Option<&Cursor>,
    zone: chrono_tz::Tz,
) -> Result<AuthorComments> {
    let position = cursor.map(|c| Position {
        priority: c.priority,
        created_at: c.created_at.clone(),
        seq: c.seq,
    });
    let mut rows = db::queue::by_author(conn, id, position.as_ref(), PAGE + 1)?;
    let more = rows.len() as i64 > PAGE;
    rows.truncate(PAGE as usize);
    let next = more.then(|| rows.last()).flatten().map(|r| Cursor {
        priority: r.priority,
        created_at: r.created_at.clone(),
        seq: r.seq,
    });
    Ok(AuthorComments {
        items: rows
            .into_iter()
            .map(|row| item(row, zone))
            .collect::<Result<_>>()?,
        next,
    })
}

pub fn more_comments(store: &Store, id: &str, cursor: &Cursor) -> Result<AuthorComments> {
    store.read(|conn| page(conn, id, Some(cursor), settings::zone(conn)?))
}

/// Ban, unban (normal), trust or premoderate an author.
pub fn set_trust(store: &Store, moderator: &Moderator, id: &str, trust: Trust) -> Result<()> {
    moderator.must_moderate()?;
    store.write(|tx| {
        db::moderation::set_trust(tx, id, trust)?;
        super::addresses::ban_changed(tx, id, trust == Trust::Banned)
    })
}

pub fn set_notes(store: &Store, moderator: &Moderator, id: &str, notes: &str) -> Result<()> {
    moderator.must_moderate()?;
    if notes.chars().count() > 10_000 {
        return Err(CoreError::invalid(
            "notes",
            "notes are at most 10,000 characters",
        ));
    }
    store.write(|tx| db::moderation::set_notes(tx, id, notes))
}

/// Rejects every pending comment by the author as one batch (one undo step).
pub fn reject_all_pending(
    store: &Store,
    moderator: &Moderator,
    id: &str,
    reason: &str,
) -> Result<Outcome> {
    decisions::decide_filtered(
        store,
        moderator,
        Queue::Pending,
        &super::queue::QueueFilter {
            author_id: Some(id.to_owned()),
            ..Default::default()
        },
        &Decision::Reject {
            reason: reason.to_owned(),
            note: None,
        },
        None,
    )
}
