//! Erasing a person (GDPR article 17). A reader's names, e-mails, IPs and websites are replaced
//! everywhere they occur by a stable placeholder ("Erased reader 7"): their comments, their
//! author records, the full-text index, notes in the append-only logs that quote them, and the
//! import reports. Statuses, dates and counts stay, so every queue, total and chart is
//! unchanged; the comment texts stay or become "[erased]", as the person chooses. The erasure
//! is recorded (who, when, which person number), never what was erased. The file is then
//! compacted so the old bytes are gone, and the backups that still hold the person are named.
use serde::Serialize;
use ts_rs::TS;

use crate::backups;
use crate::db::{self, Store};
use crate::error::{CoreError, Result};
use crate::ids;
use crate::moderation::moderators::Moderator;
use crate::time;

/// Free text is rewritten only for strings this long: a two-letter name would match inside
/// unrelated words.
const MIN_QUOTED: usize = 3;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ErasureSummary {
    /// "Erased reader 7": what the person is called from now on.
    pub placeholder: String,
    /// The reader's comments, or the donor's gifts, that now carry the placeholder.
    pub comments: i64,
    pub texts_removed: bool,
    /// Backups (file names in the backups folder) that still hold the person.
    pub backups_holding: Vec<String>,
}

/// Erases the reader with this e-mail address or author id (admins; the command line acts as
/// the file's owner).
pub fn erase_reader(
    store: &Store,
    by: &Moderator,
    who: &str,
    remove_texts: bool,
) -> Result<ErasureSummary> {
    by.must_admin()?;
    let _span = tracing::info_span!("erase reader").entered();
    let who = who.trim();
    let (placeholder, comments, needles) = store.write(|tx| {
        let authors = if who.contains('@') {
            db::erasure::authors_by_email(tx, who)?
        } else if db::erasure::author_exists(tx, who)? {
            vec![who.to_owned()]
        } else {
            Vec::new()
        };
        if authors.is_empty() {
            return Err(CoreError::NotFound {
                what: format!("a reader {who:?} (give their e-mail address or author id)"),
            });
        }
        let authors = serde_json::to_string(&authors)
            .map_err(|err| CoreError::invalid("authors", err.to_string()))?;
        let mut needles = db::erasure::reader_strings(tx, &authors)?;
        if who.contains('@') {
            needles.push(who.to_owned());
        }
        let number = db::erasure::next_number(tx, "reader")?;
        let placeholder = format!("Erased reader {number}");
        let erasure = ids::new_v7();
        let at = time::now_stored();
        db::erasure::open(
            tx,
            &db::erasure::Erasure {
                id: &erasure,
                kind: "reader",
                number,
                moderator_id: Some(by.id.as_str()).filter(|id| !id.is_empty()),
                at: &at,
                texts_removed: remove_texts,
            },
        )?;
        let comments = db::erasure::erase_comments(tx, &authors, &placeholder, remove_texts)?;
        db::erasure::erase_authors(tx, &authors, &placeholder)?;
        db::erasure::forget_addresses(tx, &authors)?;
        for text in needles.iter().filter(|t| t.chars().count() >= MIN_QUOTED) {
            let json = serde_json::to_string(text)
                .map_err(|err| CoreError::invalid("text", err.to_string()))?;
            let json = json.trim_matches('"');
            db::erasure::replace_in_free_text(tx, text, json, &placeholder)?;
        }
        db::erasure::fts_optimize(tx)?;
        db::erasure::finish(tx, &erasure, &time::now_stored())?;
        Ok((placeholder, comments as i64, needles))
    })?;
    store.compact()?;
    store.forget_derived();
    tracing::info!("a reader was erased");
    Ok(ErasureSummary {
        placeholder,
        comments,
        texts_removed: remove_texts,
        backups_holding: backups::holding(store, &needles)?,
    })
}

/// Erases the donor with this e-mail address or donor id (admins; the command line acts as
/// the file's owner): their name, e-mail and the processor's customer id become "Erased donor
/// N" everywhere; every gift, amount and date stays, so every total and chart is unchanged.
pub fn erase_donor(store: &Store, by: &Moderator, who: &str) -> Result<ErasureSummary> {
    by.must_admin()?;
    let _span = tracing::info_span!("erase donor").entered();
    let who = who.trim();
    let (placeholder, gifts, needles) = store.write(|tx| {
        let donors = if who.contains('@') {
            db::erasure::donors_by_email(tx, who)?
        } else if db::erasure::donor_exists(tx, who)? {
            vec![who.to_owned()]
        } else {
            Vec::new()
        };
        if donors.is_empty() {
            return Err(CoreError::NotFound {
                what: format!("a donor {who:?} (give their e-mail address or donor id)"),
            });
        }
        let donors = serde_json::to_string(&donors)
            .map_err(|err| CoreError::invalid("donors", err.to_string()))?;
        let mut needles = db::erasure::donor_strings(tx, &donors)?;
        if who.contains('@') {
            needles.push(who.to_owned());
        }
        let number = db::erasure::next_number(tx, "donor")?;
        let placeholder = format!("Erased donor {number}");
        let erasure = ids::new_v7();
        db::erasure::open(
            tx,
            &db::erasure::Erasure {
                id: &erasure,
                kind: "donor",
                number,
                moderator_id: Some(by.id.as_str()).filter(|id| !id.is_empty()),
                at: &time::now_stored(),
                texts_removed: false,
            },
        )?;
        let gifts = db::erasure::erase_donors(tx, &donors, &placeholder)?;
        for text in needles.iter().filter(|t| t.chars().count() >= MIN_QUOTED) {
            let json = serde_json::to_string(text)
                .map_err(|err| CoreError::invalid("text", err.to_string()))?;
            db::erasure::replace_in_ledger_text(tx, text, json.trim_matches('"'), &placeholder)?;
        }
        db::erasure::finish(tx, &erasure, &time::now_stored())?;
        Ok((placeholder, gifts, needles))
    })?;
    store.compact()?;
    // The in-memory ledger keeps donors' names and cannot see this change by itself.
    store.forget_derived();
    tracing::info!("a donor was erased");
    Ok(ErasureSummary {
        placeholder,
        comments: gifts,
        texts_removed: false,
        backups_holding: backups::holding(store, &needles)?,
    })
}
