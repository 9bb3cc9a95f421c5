//! Search over comment bodies and author names (SQLite FTS5, `unicode61 remove_diacritics 2`)
//! with filters written in the query: `author:` `email:` `ip:` `article:` `status:` `before:`
//! `after:`. Reader-typed words are always quoted before they reach FTS5, so no query can
//! break out into FTS syntax.
use serde::Serialize;
use ts_rs::TS;

use super::queue::{item, QueueItem};
use crate::db::{self, queue::SearchFilter, Store};
use crate::error::{CoreError, Result};
use crate::moderation::moderators::Moderator;
use crate::settings;
use crate::time;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct SearchPage {
    pub items: Vec<QueueItem>,
    /// Pass back as `before` for the next page.
    pub next: Option<i64>,
    /// The query as understood, for the window to echo.
    pub understood: String,
}

/// Splits a query into words and quoted phrases, keeping `key:"quoted value"` together.
fn tokens(query: &str) -> Result<Vec<String>> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    for ch in query.chars() {
        match ch {
            '"' => {
                quoted = !quoted;
                current.push(ch);
            }
            c if c.is_whitespace() && !quoted => {
                if !current.is_empty() {
                    out.push(std::mem::take(&mut current));
                }
            }
            c => current.push(c),
        }
    }
    if quoted {
        return Err(CoreError::invalid(
            "search",
            "a quotation mark is not closed",
        ));
    }
    if !current.is_empty() {
        out.push(current);
    }
    Ok(out)
}

fn unquote(text: &str) -> String {
    text.trim_matches('"').to_owned()
}

/// A word or phrase as a safe FTS5 string: quoted, inner quotes doubled, `*` kept as prefix.
fn fts_term(token: &str) -> Option<String> {
    let (body, prefix) = match token.strip_suffix('*') {
        Some(body) if !token.starts_with('"') || body.ends_with('"') => (body, true),
        _ => (token, false),
    };
    let text = unquote(body);
    if text.trim().is_empty() {
        return None;
    }
    let quoted = format!("\"{}\"", text.replace('"', "\"\""));
    Some(if prefix { format!("{quoted}*") } else { quoted })
}

pub(crate) fn parse(query: &str, zone: chrono_tz::Tz) -> Result<(SearchFilter, String)> {
    let mut filter = SearchFilter::default();
    let mut terms = Vec::new();
    let mut understood = Vec::new();
    for token in tokens(query)? {
        let (key, value) = match token.split_once(':') {
            Some((key, value)) if !key.starts_with('"') && !value.is_empty() => {
                (key.to_lowercase(), unquote(value))
            }
            _ => {
                if let Some(term) = fts_term(&token) {
                    understood.push(term.clone());
                    terms.push(term);
                }
                continue;
            }
        };
        match key.as_str() {
            // The author's name is an indexed column of the full-text index.
            "author" => {
                if let Some(term) = fts_term(&format!("\"{value}\"")) {
                    terms.push(format!("author_name : {term}"));
                }
            }
            "email" => filter.email = Some(value.clone()),
            "ip" => filter.ip = Some(value.clone()),
            "article" => filter.article = Some(value.clone()),
            "status" => filter.status = Some(value.parse()?),
            "before" => {
                filter.before = Some(time::day_start(time::parse_day("before", &value)?, zone))
            }
            "after" => {
                let day = time::parse_day("after", &value)?;
                filter.after = Some(time::day_start(day + chrono::Duration::days(1), zone));
            }
            _ => {
                // Not a filter ("re:", "10:30"): search for it as words.
                if let Some(term) = fts_term(&token) {
                    understood.push(term.clone());
                    terms.push(term);
                }
                continue;
            }
        }
        understood.push(format!("{key}:{value}"));
    }
    filter.fts = (!terms.is_empty()).then(|| terms.join(" "));
    Ok((filter, understood.join(" ")))
}

/// Searches as `who`: `email:` and `ip:` are refused to those who may not see readers'
/// addresses (editors).
pub fn search(
    store: &Store,
    who: &Moderator,
    query: &str,
    before: Option<i64>,
    limit: u32,
) -> Result<SearchPage> {
    let limit = limit.clamp(1, super::queue::MAX_PAGE);
    store.read(|conn| {
        let zone = settings::zone(conn)?;
        let (filter, understood) = parse(query, zone)?;
        if filter.email.is_some() || filter.ip.is_some() {
            who.must_see_reader_contact("searching by e-mail or IP")?;
        }
        let mut rows = db::queue::search(conn, &filter, before, i64::from(limit) + 1)?;
        let more = rows.len() > limit as usize;
        rows.truncate(limit as usize);
        let next = if more {
            rows.last().map(|r| r.seq)
        } else {
            None
        };
        Ok(SearchPage {
            items: rows
                .into_iter()
                .map(|row| item(row, zone))
                .collect::<Result<_>>()?,
            next,
            understood,
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_are_taken_out_and_words_are_quoted() {
        let (filter, understood) = parse(
            "author:laker48 status:pending NATO \"strategic alliance\" ukr* re:x",
            chrono_tz::UTC,
        )
        .unwrap();
        assert_eq!(filter.status, Some(crate::model::Status::Pending));
        assert_eq!(
            filter.fts.as_deref(),
            Some("author_name : \"laker48\" \"NATO\" \"strategic alliance\" \"ukr\"* \"re:x\"")
        );
        assert!(understood.starts_with("author:laker48 status:pending"));
    }

    #[test]
    fn fts_syntax_in_a_query_is_only_text() {
        assert_eq!(
            parse("\"quote", chrono_tz::UTC).unwrap_err().code(),
            "invalid"
        );
        let (filter, _) = parse("NEAR(a OR -b) AND", chrono_tz::UTC).unwrap();
        assert_eq!(
            filter.fts.as_deref(),
            Some("\"NEAR(a\" \"OR\" \"-b)\" \"AND\"")
        );
    }

    #[test]
    fn dates_are_days_in_the_newsroom_zone() {
        let kyiv = time::parse_zone("Europe/Kyiv").unwrap();
        let (filter, _) = parse("before:2026-11-01 after:2026-10-01", kyiv).unwrap();
        assert_eq!(
            filter.before.as_deref(),
            Some("2026-10-31T22:00:00.000000Z")
        );
        assert_eq!(filter.after.as_deref(), Some("2026-10-01T21:00:00.000000Z"));
        assert_eq!(
            parse("before:yesterday", kyiv).unwrap_err().code(),
            "invalid"
        );
        assert_eq!(parse("status:flagged", kyiv).unwrap_err().code(), "invalid");
    }
}
