//! Store access for the newsroom's people and places: articles, authors, moderators.
use rusqlite::{params, Connection, OptionalExtension};

use crate::error::{CoreError, Result};
use crate::ids;
use crate::model::{Role, Trust};

pub struct NewArticle<'a> {
    pub source: &'a str,
    pub external_id: &'a str,
    pub title: &'a str,
    pub url: Option<&'a str>,
    pub published_at: Option<&'a str>,
    pub import_id: Option<&'a str>,
}

/// Inserts the article unless the source already gave it to us; returns its key either way.
pub fn insert_article(conn: &Connection, article: &NewArticle) -> Result<String> {
    let id = ids::from_source("articles", article.source, article.external_id);
    conn.execute(
        "INSERT INTO articles (id, source, external_id, title, url, published_at, import_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (source, external_id) DO NOTHING",
        params![
            id,
            article.source,
            article.external_id,
            article.title,
            article.url,
            article.published_at,
            article.import_id
        ],
    )?;
    Ok(id)
}

pub struct NewAuthor<'a> {
    pub source: &'a str,
    pub external_id: &'a str,
    pub name: &'a str,
    pub email: Option<&'a str>,
    pub url: Option<&'a str>,
    pub first_seen_at: &'a str,
    pub trust: Trust,
}

pub fn insert_author(conn: &Connection, author: &NewAuthor) -> Result<String> {
    let id = ids::from_source("authors", author.source, author.external_id);
    // Cached: imports write an author for every comment.
    conn.prepare_cached(
        "INSERT INTO authors (id, source, external_id, name, email, url, first_seen_at, trust)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
         ON CONFLICT (source, external_id) DO NOTHING",
    )?
    .execute(params![
        id,
        author.source,
        author.external_id,
        author.name,
        author.email,
        author.url,
        author.first_seen_at,
        author.trust.as_str()
    ])?;
    Ok(id)
}

pub fn insert_moderator(
    conn: &Connection,
    id: &str,
    name: &str,
    role: Role,
    created_at: &str,
) -> Result<()> {
    conn.execute(
        "INSERT INTO moderators (id, name, role, created_at) VALUES (?1, ?2, ?3, ?4)",
        params![id, name, role.as_str(), created_at],
    )?;
    Ok(())
}

/// One article with how many comments it has, for the moderation sidebar.
pub struct ArticleRow {
    pub id: String,
    pub title: String,
    pub url: Option<String>,
    pub published_at: Option<String>,
    pub comments: i64,
    pub pending: i64,
}

const ARTICLE_COLUMNS: &str = "
    a.id, a.title, a.url, a.published_at,
    (SELECT count(*) FROM comments c WHERE c.article_id = a.id AND c.status <> 'importing'),
    (SELECT count(*) FROM comments c WHERE c.article_id = a.id AND c.status = 'pending')";

const ARTICLE_ORDER: &str = "a.published_at IS NULL, a.published_at DESC, a.title";

fn article_row(row: &rusqlite::Row) -> rusqlite::Result<ArticleRow> {
    Ok(ArticleRow {
        id: row.get(0)?,
        title: row.get(1)?,
        url: row.get(2)?,
        published_at: row.get(3)?,
        comments: row.get(4)?,
        pending: row.get(5)?,
    })
}

/// Articles, newest first (undated ones last), at most `limit`.
pub fn list_articles(conn: &Connection, limit: i64) -> Result<Vec<ArticleRow>> {
    // The newest `limit` first, then their counts: counting before the LIMIT walked every
    // article's comments (the whole newsroom's index, 80 ms cold at a million comments).
    let sql = format!(
        "SELECT {ARTICLE_COLUMNS}
         FROM (SELECT * FROM articles a ORDER BY {ARTICLE_ORDER} LIMIT ?1) a
         ORDER BY {ARTICLE_ORDER}"
    );
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt
        .query_map([limit], article_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

pub fn get_article(conn: &Connection, id: &str) -> Result<ArticleRow> {
    conn.query_row(
        &format!("SELECT {ARTICLE_COLUMNS} FROM articles a WHERE a.id = ?1"),
        [id],
        article_row,
    )
    .optional()?
    .ok_or_else(|| CoreError::NotFound {
        what: format!("article {id}"),
    })
}
