//! An article's comments as a thread: each reply under its parent, depth for indentation,
//! siblings in the order they were written.
use std::collections::HashMap;

use serde::Serialize;
use ts_rs::TS;

use super::articles::{self, ArticleSummary};
use crate::db::{self, Store};
use crate::error::Result;
use crate::model::{CommentKind, Status};
use crate::settings;
use crate::time;

/// Threads longer than this are shown in part, and say so.
pub const THREAD_LIMIT: i64 = 5_000;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ThreadComment {
    pub id: String,
    pub parent_id: Option<String>,
    /// 0 for a top-level comment, 1 for a reply to it, and so on.
    pub depth: u32,
    pub author_name: String,
    /// Plain text exactly as the reader wrote it; the window shows it as text, never HTML.
    pub body: String,
    pub kind: CommentKind,
    pub status: Status,
    pub created_at: String,
    pub created_display: String,
    pub link_count: i64,
    pub open_flags: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ArticleThread {
    pub article: ArticleSummary,
    pub comments: Vec<ThreadComment>,
    /// True when the article has more comments than the thread shows.
    pub truncated: bool,
}

pub fn article_thread(store: &Store, article_id: &str) -> Result<ArticleThread> {
    store.read(|conn| {
        let zone = settings::zone(conn)?;
        let article = articles::summary(db::newsroom::get_article(conn, article_id)?, zone)?;
        let mut rows = db::comments::for_article(conn, article_id, THREAD_LIMIT + 1)?;
        let truncated = rows.len() as i64 > THREAD_LIMIT;
        rows.truncate(THREAD_LIMIT as usize);
        let comments = threaded(rows, zone)?;
        Ok(ArticleThread {
            article,
            comments,
            truncated,
        })
    })
}

/// A comment inside its thread: the root it hangs from and every reply below that root.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct CommentThread {
    pub focus_id: String,
    pub article_id: String,
    pub article_title: String,
    pub comments: Vec<ThreadComment>,
    pub truncated: bool,
}

pub fn comment_thread(store: &Store, comment_id: &str) -> Result<CommentThread> {
    store.read(|conn| {
        let zone = settings::zone(conn)?;
        let mut found = db::queue::thread_of(conn, comment_id, THREAD_LIMIT + 1)?;
        let truncated = found.len() as i64 > THREAD_LIMIT;
        found.truncate(THREAD_LIMIT as usize);
        let (article_id, article_title) = found
            .first()
            .map(|(row, ..)| (row.article_id.clone(), row.article_title.clone()))
            .unwrap_or_default();
        let rows = found
            .into_iter()
            .map(|(row, parent_id, body)| db::comments::CommentRow {
                id: row.id,
                parent_id,
                author_name: row.author_name,
                body,
                kind: crate::model::CommentKind::Comment,
                status: row.status,
                created_at: row.created_at,
                link_count: row.link_count,
                open_flags: row.open_flags,
            })
            .collect();
        let comments = threaded(rows, zone)?;
        Ok(CommentThread {
            focus_id: comment_id.to_owned(),
            article_id,
            article_title,
            comments,
            truncated,
        })
    })
}

/// Rows (oldest first) as thread comments in thread order, times in the newsroom's zone.
fn threaded(
    rows: Vec<db::comments::CommentRow>,
    zone: chrono_tz::Tz,
) -> Result<Vec<ThreadComment>> {
    thread_order(rows)
        .into_iter()
        .map(|(depth, row)| {
            let at = time::parse_stored("created_at", &row.created_at)?;
            Ok(ThreadComment {
                created_display: time::display(at, zone),
                id: row.id,
                parent_id: row.parent_id,
                depth,
                author_name: row.author_name,
                body: row.body,
                kind: row.kind,
                status: row.status,
                created_at: row.created_at,
                link_count: row.link_count,
                open_flags: row.open_flags,
            })
        })
        .collect()
}

/// Orders rows (given oldest first) depth-first: every reply right after its parent's subtree
/// begins. A reply whose parent is not among the rows is shown at the top level.
fn thread_order(rows: Vec<db::comments::CommentRow>) -> Vec<(u32, db::comments::CommentRow)> {
    let present: HashMap<String, usize> = rows
        .iter()
        .enumerate()
        .map(|(index, row)| (row.id.clone(), index))
        .collect();
    let mut children: HashMap<usize, Vec<usize>> = HashMap::new();
    let mut roots = Vec::new();
    for (index, row) in rows.iter().enumerate() {
        match row
            .parent_id
            .as_ref()
            .and_then(|parent| present.get(parent))
        {
            Some(&parent) if parent != index => children.entry(parent).or_default().push(index),
            _ => roots.push(index),
        }
    }
    let mut order = Vec::with_capacity(rows.len());
    let mut seen = vec![false; rows.len()];
    // Comments caught in a parent cycle (bad data) are reached from no root; they start
    // threads of their own after the others rather than vanish.
    let starts = roots.into_iter().chain(0..rows.len());
    for start in starts {
        let mut stack = vec![(0u32, start)];
        while let Some((depth, index)) = stack.pop() {
            if std::mem::replace(&mut seen[index], true) {
                continue;
            }
            order.push((depth, index));
            if let Some(kids) = children.get(&index) {
                stack.extend(kids.iter().rev().map(|&kid| (depth + 1, kid)));
            }
        }
    }
    let mut slots: Vec<Option<db::comments::CommentRow>> = rows.into_iter().map(Some).collect();
    order
        .into_iter()
        .filter_map(|(depth, index)| slots[index].take().map(|row| (depth, row)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use db::comments::CommentRow;

    fn row(id: &str, parent: Option<&str>) -> CommentRow {
        CommentRow {
            id: id.into(),
            parent_id: parent.map(Into::into),
            author_name: id.into(),
            body: String::new(),
            kind: CommentKind::Comment,
            status: Status::Approved,
            created_at: String::new(),
            link_count: 0,
            open_flags: 0,
        }
    }

    #[test]
    fn replies_follow_their_parents_with_depth() {
        let rows = vec![
            row("a", None),
            row("b", None),
            row("a1", Some("a")),
            row("b1", Some("b")),
            row("a1x", Some("a1")),
            row("orphan", Some("missing")),
            row("a2", Some("a")),
        ];
        let order: Vec<(u32, String)> = thread_order(rows)
            .into_iter()
            .map(|(d, r)| (d, r.id))
            .collect();
        let expected = [
            (0, "a"),
            (1, "a1"),
            (2, "a1x"),
            (1, "a2"),
            (0, "b"),
            (1, "b1"),
            (0, "orphan"),
        ];
        let expected: Vec<(u32, String)> =
            expected.iter().map(|(d, s)| (*d, s.to_string())).collect();
        assert_eq!(order, expected);
    }

    #[test]
    fn a_parent_cycle_does_not_hang_or_lose_a_comment() {
        let order = thread_order(vec![
            row("x", Some("y")),
            row("y", Some("x")),
            row("z", None),
        ]);
        let order: Vec<(u32, String)> = order.into_iter().map(|(d, r)| (d, r.id)).collect();
        let expected: Vec<(u32, String)> = vec![(0, "z".into()), (0, "x".into()), (1, "y".into())];
        assert_eq!(order, expected);
    }
}
