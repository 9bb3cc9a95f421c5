//! The newsroom's editable lists of canned reasons offered when rejecting or flagging.
use serde::Serialize;
use ts_rs::TS;

use super::moderators::Moderator;
use crate::db::{self, Store};
use crate::error::{CoreError, Result};
use crate::ids;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct CannedReasons {
    pub reject: Vec<String>,
    pub flag: Vec<String>,
}

pub fn list(store: &Store) -> Result<CannedReasons> {
    store.read(|conn| {
        let texts = |kind| -> Result<Vec<String>> {
            Ok(db::moderation::canned_reasons(conn, kind)?
                .into_iter()
                .map(|(_, text)| text)
                .collect())
        };
        Ok(CannedReasons {
            reject: texts("reject")?,
            flag: texts("flag")?,
        })
    })
}

/// Replaces the list for `kind` ("reject" or "flag"): one reason a line, blanks and repeats
/// dropped, order kept. Admins only.
pub fn set(store: &Store, by: &Moderator, kind: &str, texts: &[String]) -> Result<CannedReasons> {
    by.must_admin()?;
    if kind != "reject" && kind != "flag" {
        return Err(CoreError::invalid(
            "kind",
            format!("{kind:?} is not reject or flag"),
        ));
    }
    let mut seen = std::collections::HashSet::new();
    let cleaned: Vec<(String, String)> = texts
        .iter()
        .map(|t| t.trim().to_owned())
        .filter(|t| !t.is_empty() && seen.insert(t.to_lowercase()))
        .map(|t| (ids::new_v7(), t))
        .collect();
    if cleaned.is_empty() {
        return Err(CoreError::invalid("reasons", "keep at least one reason"));
    }
    if let Some((_, long)) = cleaned.iter().find(|(_, t)| t.chars().count() > 120) {
        return Err(CoreError::invalid(
            "reasons",
            format!("{long:?} is longer than 120 characters"),
        ));
    }
    store.write(|tx| db::moderation::set_canned_reasons(tx, kind, &cleaned))?;
    list(store)
}
