//! Access requests (GDPR article 15): one JSON file with everything the newsroom holds about
//! a person, found by e-mail address (as a reader and as a donor) or by an author or donor id:
//! their records, comments, the decisions on them, their gifts, and where each came from.
use std::path::Path;

use serde::Serialize;
use ts_rs::TS;

use crate::db::{self, Store};
use crate::error::{CoreError, Result};
use crate::moderation::moderators::Moderator;
use crate::time;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct PersonExportSummary {
    pub path: String,
    pub comments: i64,
    pub decisions: i64,
    pub donations: i64,
}

/// Writes what is held about `who` (an e-mail address, an author id or a donor id) to `path`
/// (admins: it holds both readers' and donors' data; readable only by its owner).
pub fn export(
    store: &Store,
    by: &Moderator,
    who: &str,
    path: &Path,
) -> Result<PersonExportSummary> {
    by.must_admin()?;
    let _span = tracing::info_span!("person export").entered();
    let who = who.trim();
    let document = store.read(|conn| {
        let (authors, donors) = if who.contains('@') {
            (
                db::erasure::authors_by_email(conn, who)?,
                db::erasure::donors_by_email(conn, who)?,
            )
        } else {
            let author = db::erasure::author_exists(conn, who)?;
            let donor = db::erasure::donor_exists(conn, who)?;
            (
                author.then(|| who.to_owned()).into_iter().collect(),
                donor.then(|| who.to_owned()).into_iter().collect(),
            )
        };
        if authors.is_empty() && donors.is_empty() {
            return Err(CoreError::NotFound {
                what: format!("anyone {who:?} (give an e-mail address, author id or donor id)"),
            });
        }
        let json = |ids: &Vec<String>| {
            serde_json::to_string(ids).map_err(|err| CoreError::invalid("ids", err.to_string()))
        };
        let (authors, donors) = (json(&authors)?, json(&donors)?);
        Ok(serde_json::json!({
            "what": "Everything this newsroom's Readerdesk holds about one person",
            "asked_for": who,
            "made_at": time::now_stored(),
            "as_reader": {
                "records": db::person::authors(conn, &authors)?,
                "comments": db::person::comments(conn, &authors)?,
                "decisions_on_their_comments": db::person::decisions(conn, &authors)?,
            },
            "as_donor": {
                "records": db::person::donors(conn, &donors)?,
                "gifts": db::person::donations(conn, &donors)?,
            },
        }))
    })?;
    let count = |a: &str, b: &str| document[a][b].as_array().map_or(0, |v| v.len() as i64);
    let bytes = serde_json::to_vec_pretty(&document)
        .map_err(|err| CoreError::invalid("export", err.to_string()))?;
    crate::files::write_bytes(path, &bytes)?;
    tracing::info!("a person's data was exported");
    Ok(PersonExportSummary {
        path: path.display().to_string(),
        comments: count("as_reader", "comments"),
        decisions: count("as_reader", "decisions_on_their_comments"),
        donations: count("as_donor", "gifts"),
    })
}
