//! The automatic holds at the door: every comment that arrives (an import, or any other way
//! in) goes through the rule pipeline (`rules`) with the newsroom's word lists and settings,
//! its recent comments (for repeats), its author's record and the classifier its own decisions
//! trained; a comment that arrives waiting lands where the strictest rule says, a comment the
//! site already published keeps its place with a flag for a look, and every reason and its
//! evidence (matched words located in the text) is kept on the comment for the card.
//!
//! The classifier learns from decisions lazily: whenever the engine is built (at each import,
//! re-run, or visit to the settings) it first scores, then learns, every decision made since it
//! last learned. Scoring before learning makes each decision a held-out test, which is what the
//! quality on the Settings page is computed from.
use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::decisions::{self, Decision};
use super::intake::HoldReason;
use super::moderators::Moderator;
use crate::db::{self, comments::NewComment, Store};
use crate::error::{CoreError, Result};
use crate::model::{Role, Status, Trust};
use crate::rules::classifier::{self as model, Classifier, Label};
use crate::rules::pipeline::{self, CompiledRules, Config, Input, Outcome, RejectionRate};
use crate::rules::repeats::RepeatIndex;
use crate::rules::words;
use crate::time;

/// The profile decisions made by the rules are recorded under (migration 0003).
pub const RULES_ID: &str = "rules";
const SETTINGS_KEY: &str = "rules.settings";
/// Recent comments the repeat rule compares with.
const REPEAT_MEMORY: i64 = 20_000;
/// Same-author repeats are looked for this far back (at least), and the index is pruned to
/// that horizon every `PRUNE_EVERY` comments.
const REPEAT_DAYS: i64 = 7;
const PRUNE_EVERY: u32 = 10_000;
/// How far back an author's record counts for the rejection rate.
const RECORD_DAYS: i64 = 180;

/// The settings people change (the word lists are kept apart, one entry a row).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct HoldSettings {
    /// Hold a comment with this many links or more; None: links are not counted.
    pub link_limit: Option<u32>,
    /// Other authors posting the same text within this many hours is a repeat.
    pub repeat_window_hours: u32,
    pub premoderate_new_authors: bool,
    /// Flag authors whose recent decided comments were rejected more than this share
    /// (percent); None: off.
    pub rejection_rate_percent: Option<u32>,
    pub rejection_min_decisions: u32,
    pub classifier_enabled: bool,
    /// Flag at or above this probability (percent).
    pub classifier_flag_percent: u32,
    /// Spam at or above this probability (percent); None: the classifier only flags.
    pub classifier_spam_percent: Option<u32>,
    /// Used only once it has learned this many approved and this many rejected comments.
    pub classifier_min_docs: u32,
}

impl Default for HoldSettings {
    fn default() -> Self {
        let c = Config::default();
        HoldSettings {
            link_limit: c.link_limit,
            repeat_window_hours: (c.repeat_window.as_secs() / 3600) as u32,
            premoderate_new_authors: c.premoderate_new_authors,
            rejection_rate_percent: c
                .rejection_rate
                .map(|r| (r.threshold * 100.0).round() as u32),
            rejection_min_decisions: c.rejection_rate.map_or(4, |r| r.min_decisions),
            classifier_enabled: c.classifier_enabled,
            classifier_flag_percent: (c.classifier_flag_threshold * 100.0).round() as u32,
            classifier_spam_percent: c
                .classifier_spam_threshold
                .map(|t| (t * 100.0).round() as u32),
            classifier_min_docs: c.classifier_min_docs,
        }
    }
}

impl HoldSettings {
    fn check(&self) -> Result<()> {
        let percent = |field: &str, v: u32| {
            if (1..=100).contains(&v) {
                Ok(())
            } else {
                Err(CoreError::invalid(
                    field,
                    format!("{v} is not a percentage from 1 to 100"),
                ))
            }
        };
        if let Some(v) = self.rejection_rate_percent {
            percent("rejection_rate_percent", v)?;
        }
        percent("classifier_flag_percent", self.classifier_flag_percent)?;
        if let Some(v) = self.classifier_spam_percent {
            percent("classifier_spam_percent", v)?;
            if v < self.classifier_flag_percent {
                return Err(CoreError::invalid(
                    "classifier_spam_percent",
                    "the spam threshold must not be below the flag threshold",
                ));
            }
        }
        if self.link_limit == Some(0) {
            return Err(CoreError::invalid(
                "link_limit",
                "a limit of 0 would hold every comment; leave it empty to turn the rule off",
            ));
        }
        Ok(())
    }

    fn config(&self, banned: Vec<String>, suspect: Vec<String>) -> Config {
        Config {
            banned,
            suspect,
            link_limit: self.link_limit,
            repeat_window: std::time::Duration::from_secs(
                u64::from(self.repeat_window_hours) * 3600,
            ),
            premoderate_new_authors: self.premoderate_new_authors,
            rejection_rate: self.rejection_rate_percent.map(|p| RejectionRate {
                threshold: p as f32 / 100.0,
                min_decisions: self.rejection_min_decisions,
            }),
            classifier_enabled: self.classifier_enabled,
            classifier_flag_threshold: self.classifier_flag_percent as f32 / 100.0,
            classifier_spam_threshold: self.classifier_spam_percent.map(|p| p as f32 / 100.0),
            classifier_min_docs: self.classifier_min_docs,
            ..Config::default()
        }
    }
}

/// The classifier's quality on the decisions it scored before learning from them.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct ClassifierQuality {
    /// Decisions it has learned from (approved; rejected or spam).
    pub learned_good: u32,
    pub learned_bad: u32,
    /// Recent decisions scored before learning (the held-out set), and how it did on them at
    /// the flag threshold.
    pub checked: u32,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub accuracy: f64,
    /// Whether it is in use (on, and has learned enough of both kinds).
    pub active: bool,
}

/// Everything the Settings page shows.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct RulesView {
    pub settings: HoldSettings,
    /// One entry a line, as the lists are edited and exported.
    pub banned: String,
    pub suspect: String,
    pub quality: ClassifierQuality,
}

/// What a re-run did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct RerunSummary {
    pub checked: i64,
    /// Comments moved out of Pending (one undo step).
    pub moved: i64,
    /// Comments whose reasons changed but which stay pending.
    pub reasons_changed: i64,
    pub batch_id: Option<String>,
}

fn settings(conn: &rusqlite::Connection) -> Result<HoldSettings> {
    match db::settings::get(conn, SETTINGS_KEY)? {
        None => Ok(HoldSettings::default()),
        Some(json) => serde_json::from_str(&json).map_err(|err| CoreError::CorruptRow {
            table: "settings",
            id: SETTINGS_KEY.into(),
            field: "value",
            message: err.to_string(),
        }),
    }
}

/// The rules ready to run: compiled lists, the classifier (caught up), recent comments.
pub(crate) struct Engine {
    rules: CompiledRules,
    repeats: RepeatIndex,
    classifier: Option<Classifier>,
    /// Authors seen in this run: (approved, recently rejected, recently decided).
    records: HashMap<String, (u32, u32, u32)>,
    since: String,
    /// The latest comment time seen, and comments observed since the index was last pruned.
    latest: Option<DateTime<Utc>>,
    observed: u32,
    horizon: Duration,
}

/// The classifier, taught every decision made since it last learned (each scored first).
fn caught_up(conn: &rusqlite::Connection) -> Result<Classifier> {
    let (mut classifier, learned) = match db::rules::model(conn)? {
        Some((bytes, through)) => (
            Classifier::from_bytes(&bytes).map_err(|err| CoreError::CorruptRow {
                table: "classifier_model",
                id: "1".into(),
                field: "model",
                message: err.to_string(),
            })?,
            through,
        ),
        None => (Classifier::new(), 0),
    };
    let lessons = db::rules::lessons(conn, learned)?;
    if let Some(last) = lessons.last().map(|l| l.0) {
        let now = time::now_stored();
        for (rowid, body, bad) in &lessons {
            let p = classifier.score(body).probability;
            db::rules::record_check(conn, *rowid, f64::from(p.clamp(0.0, 1.0)), *bad, &now)?;
            classifier.learn(body, if *bad { Label::Bad } else { Label::Good });
        }
        db::rules::save_model(conn, &classifier.to_bytes(), last, &now)?;
    }
    Ok(classifier)
}

impl Engine {
    /// Builds the engine inside a write transaction (the classifier may learn and be saved).
    pub(crate) fn build(conn: &rusqlite::Connection) -> Result<Engine> {
        Engine::build_from(conn, false)
    }

    /// `build`; with `settled_only`, the repeat rule remembers only comments already decided
    /// (a re-run over Pending then meets the waiting comments one by one, as they arrived).
    pub(crate) fn build_from(conn: &rusqlite::Connection, settled_only: bool) -> Result<Engine> {
        let hold = settings(conn)?;
        let config = hold.config(
            db::rules::list(conn, "banned")?,
            db::rules::list(conn, "suspect")?,
        );
        let repeat_config = config.repeat_config();
        let rules = CompiledRules::new(config)
            .map_err(|err| CoreError::invalid("rules", err.to_string()))?;
        let classifier = caught_up(conn)?;
        let recent = db::rules::recent_comments(conn, REPEAT_MEMORY, settled_only)?;
        let rows = recent.iter().filter_map(|(id, author, at, body)| {
            time::parse_stored("created_at", at)
                .ok()
                .map(|at| (id.clone(), author.clone(), at, body.as_str()))
        });
        let repeats = RepeatIndex::rebuild(repeat_config, rows);
        Ok(Engine {
            rules,
            repeats,
            classifier: hold.classifier_enabled.then_some(classifier),
            records: HashMap::new(),
            since: time::to_stored(Utc::now() - Duration::days(RECORD_DAYS)),
            latest: None,
            observed: 0,
            horizon: Duration::hours(i64::from(hold.repeat_window_hours))
                .max(Duration::days(REPEAT_DAYS)),
        })
    }

    fn record(&mut self, conn: &rusqlite::Connection, author_id: &str) -> Result<(u32, u32, u32)> {
        if let Some(r) = self.records.get(author_id) {
            return Ok(*r);
        }
        let (a, r, d) = db::rules::author_record(conn, author_id, &self.since)?;
        let record = (a as u32, r as u32, d as u32);
        self.records.insert(author_id.to_string(), record);
        Ok(record)
    }

    /// Where `comment` lands and why, and the flag the rules raise (if any).
    pub(crate) fn judge(
        &mut self,
        conn: &rusqlite::Connection,
        comment: &NewComment,
        trust: Option<Trust>,
    ) -> Result<(Status, Vec<HoldReason>, Option<String>)> {
        // The site's own spam and trash verdicts, and our rejections, stand.
        if !matches!(comment.status, Status::Pending | Status::Approved) {
            return Ok((comment.status, Vec::new(), None));
        }
        let at: DateTime<Utc> = time::parse_stored("created_at", comment.created_at)?;
        let (approved, rejected, decided) = match comment.author_id {
            Some(author) => self.record(conn, author)?,
            None => (0, 0, 0),
        };
        let author_key = comment.author_id.unwrap_or(comment.author_name);
        let verdict = pipeline::evaluate(
            &self.rules,
            &Input {
                body: comment.body,
                author_key,
                at,
                trust: trust.unwrap_or(Trust::Normal),
                approved_count: approved,
                recent_rejected: rejected,
                recent_decisions: decided,
                repeats: Some(&self.repeats),
                classifier: self.classifier.as_ref(),
            },
        );
        let key = if comment.source.is_empty() {
            comment.external_id.to_string()
        } else {
            db::comments::key(comment.source, comment.external_id)
        };
        self.repeats
            .observe(key, author_key.to_string(), at, comment.body);
        // Memory stays flat on a large import: the index keeps the comments of the last
        // `horizon` before the newest one seen (same-author repeats reach that far back).
        self.latest = Some(self.latest.map_or(at, |l| l.max(at)));
        self.observed += 1;
        if self.observed >= PRUNE_EVERY {
            self.observed = 0;
            if let Some(latest) = self.latest {
                self.repeats.prune(latest - self.horizon);
            }
        }
        // A comment the site already published was decided by a person there: the rules do
        // not take it down, they flag it for a look (with every reason kept). A comment that
        // arrives waiting goes where the strictest rule says.
        let published = comment.status == Status::Approved;
        let status = match verdict.outcome.status() {
            Some(held) if !published && severity(held) > severity(comment.status) => held,
            _ => comment.status,
        };
        if let Some(author) = comment.author_id {
            let record = self.records.entry(author.to_string()).or_insert((0, 0, 0));
            match status {
                Status::Approved => record.0 += 1,
                Status::Rejected | Status::Spam => {
                    record.1 += 1;
                    record.2 += 1
                }
                _ => {}
            }
        }
        let flag = if verdict.outcome == Outcome::Flagged
            || published && verdict.outcome > Outcome::Flagged
        {
            verdict
                .reasons
                .iter()
                .max_by_key(|r| r.outcome)
                .map(|r| super::queue::label(r.code.as_str()))
        } else {
            None
        };
        let reasons = verdict.reasons.iter().map(reason).collect();
        Ok((status, reasons, flag))
    }
}

fn severity(status: Status) -> u8 {
    match status {
        Status::Approved => 0,
        Status::Pending => 1,
        Status::Spam => 2,
        Status::Rejected => 3,
        Status::Trash => 4,
    }
}

fn reason(r: &pipeline::Reason) -> HoldReason {
    let mut detail = r.evidence.clone();
    if !r.tokens.is_empty() {
        let tokens: Vec<String> = r
            .tokens
            .iter()
            .take(6)
            .map(|(t, w)| format!("{t} ({w:+.1})"))
            .collect();
        detail = format!("{detail}; strongest words: {}", tokens.join(", "));
    }
    HoldReason {
        code: r.code.as_str().to_string(),
        detail,
        marks: r
            .matches
            .iter()
            .map(|h| [h.utf16_start, h.utf16_end])
            .collect(),
    }
}

/// The settings, the lists as text, and the classifier's quality (after it learns what the
/// newsroom decided since).
pub fn view(store: &Store) -> Result<RulesView> {
    store.write(|tx| {
        let hold = settings(tx)?;
        let classifier = caught_up(tx)?;
        let stats = classifier.stats();
        let checks = db::rules::recent_checks(tx, 500)?;
        let threshold = f64::from(hold.classifier_flag_percent) / 100.0;
        let q = model::quality(
            checks
                .iter()
                .map(|(p, bad)| (*p >= threshold, if *bad { Label::Bad } else { Label::Good })),
        );
        Ok(RulesView {
            banned: words::export_list(&db::rules::list(tx, "banned")?),
            suspect: words::export_list(&db::rules::list(tx, "suspect")?),
            quality: ClassifierQuality {
                learned_good: stats.good_docs,
                learned_bad: stats.bad_docs,
                checked: q.n,
                precision: q.precision,
                recall: q.recall,
                f1: q.f1,
                accuracy: q.accuracy,
                active: hold.classifier_enabled
                    && stats.good_docs >= hold.classifier_min_docs
                    && stats.bad_docs >= hold.classifier_min_docs,
            },
            settings: hold,
        })
    })
}

/// Saves the settings and both lists (one entry a line; `#` starts a comment). A list with a
/// bad entry is refused whole, naming the line.
pub fn save(
    store: &Store,
    who: &Moderator,
    hold: &HoldSettings,
    banned: &str,
    suspect: &str,
) -> Result<RulesView> {
    who.must_admin()?;
    hold.check()?;
    let parse = |name: &str, text: &str| -> Result<Vec<String>> {
        let parsed = words::parse_list(text);
        if let Some(p) = parsed.problems.first() {
            return Err(CoreError::invalid(
                name,
                format!("line {}: {:?}: {}", p.line, p.entry, p.problem),
            ));
        }
        Ok(parsed.entries)
    };
    let banned = parse("banned", banned)?;
    let suspect = parse("suspect", suspect)?;
    // Compiled once here so a list that cannot compile is refused before it is saved.
    CompiledRules::new(hold.config(banned.clone(), suspect.clone()))
        .map_err(|err| CoreError::invalid("rules", err.to_string()))?;
    store.write(|tx| {
        let now = time::now_stored();
        let json = serde_json::to_string(hold)
            .map_err(|err| CoreError::invalid("settings", err.to_string()))?;
        db::settings::set(tx, SETTINGS_KEY, &json)?;
        db::rules::replace_list(tx, "banned", &banned, &now)?;
        db::rules::replace_list(tx, "suspect", &suspect, &now)
    })?;
    view(store)
}

/// Runs the rules again over the Pending queue: comments the rules now reject or mark as spam
/// move there in one batch recorded under the rules' profile (one undo step); the others keep
/// their place with their reasons brought up to date.
pub fn rerun_pending(store: &Store, who: &Moderator) -> Result<RerunSummary> {
    who.must_moderate()?;
    let rules = Moderator {
        id: RULES_ID.into(),
        name: "Readerdesk rules".into(),
        role: Role::Moderator,
        has_passphrase: false,
    };
    store.write(|tx| {
        let mut engine = Engine::build_from(tx, true)?;
        let mut reasons_changed = 0i64;
        let (mut to_reject, mut to_spam) = (Vec::new(), Vec::new());
        let pending = db::rules::pending(tx)?;
        for (id, author_id, author_name, created_at, body, old) in &pending {
            let trust = match author_id {
                Some(a) => db::moderation::author_trust(tx, a)?,
                None => None,
            };
            let probe = NewComment {
                source: "",
                external_id: id,
                article_id: "",
                parent_id: None,
                author_id: author_id.as_deref(),
                author_name,
                author_email: None,
                author_url: None,
                author_ip: None,
                body,
                kind: crate::model::CommentKind::Comment,
                created_at,
                received_at: created_at,
                status: Status::Pending,
                site_status: None,
                hold_reasons: "[]",
                import_id: None,
            };
            let (status, reasons, _) = engine.judge(tx, &probe, trust)?;
            let json = serde_json::to_string(&reasons)
                .map_err(|err| CoreError::invalid("reasons", err.to_string()))?;
            if json != *old {
                db::rules::set_hold_reasons(tx, id, &json)?;
                db::queue::refresh_reasons(tx, id)?;
                reasons_changed += 1;
            }
            match status {
                Status::Rejected => to_reject.push(id.clone()),
                Status::Spam => to_spam.push(id.clone()),
                _ => {}
            }
        }
        let batch = (!to_reject.is_empty() || !to_spam.is_empty()).then(crate::ids::new_v7);
        let mut moved = 0;
        if !to_reject.is_empty() {
            let decision = Decision::Reject {
                reason: "Held by the rules".into(),
                note: Some("re-run of the rules on the pending queue".into()),
            };
            moved +=
                decisions::apply_in(tx, &rules, &to_reject, &decision, batch.as_deref())?.changed;
        }
        if !to_spam.is_empty() {
            moved += decisions::apply_in(tx, &rules, &to_spam, &Decision::Spam, batch.as_deref())?
                .changed;
        }
        Ok(RerunSummary {
            checked: pending.len() as i64,
            moved,
            reasons_changed,
            batch_id: batch,
        })
    })
}

/// Undoes a re-run of the rules (its batch, recorded under the rules' profile), as one step.
pub fn undo_rerun(store: &Store, who: &Moderator, batch_id: &str) -> Result<decisions::Outcome> {
    who.must_moderate()?;
    store.write(|tx| {
        let by_rules = db::moderation::batch_moderator(tx, batch_id)?;
        if by_rules.as_deref() != Some(RULES_ID) {
            return Err(CoreError::invalid(
                "batch",
                "that is not a re-run of the rules",
            ));
        }
        decisions::undo_batch(tx, who, batch_id)
    })
}
