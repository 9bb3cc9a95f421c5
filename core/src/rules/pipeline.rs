//! Every rule over one comment, in the issue's order, giving one outcome and all the reasons.
//!
//! 1. the author's trust: banned → rejected (`author_banned`), premoderated → pending
//!    (`author_premod`, the code the import already stores);
//! 2. banned words → rejected (`banned_word`), suspect words → flagged (`suspect_word`);
//! 3. links: as many as `link_limit` or more → pending (`links`);
//! 4. repeated text → spam (`repeat`);
//! 5. an author with no approved comment yet, when the newsroom premoderates new authors →
//!    pending (`new_author`);
//! 6. the author's recent rejection rate above the threshold → flagged (`rejection_rate`);
//! 7. the classifier: at or above the spam threshold → spam (`classifier_spam`), else at or
//!    above the flag threshold → flagged (`classifier`).
//!
//! The outcome is the strongest any reason asks for: rejected > spam > pending > flagged >
//! clear. Every reason is reported, not only the strongest. A trusted author's comment is
//! never held: its reasons are still reported, but the outcome is at most flagged.
use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::classifier::Classifier;
use super::links::find_links;
use super::normalize::{normalize, Highlight};
use super::repeats::{Fingerprint, RepeatConfig, RepeatIndex};
use super::words::{WordList, WordMatch};
use super::RulesError;
use crate::model::{Status, Trust};

/// The newsroom's rule settings, stored as they are.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Config {
    /// Words and phrases that reject a comment (see `words` for the syntax).
    pub banned: Vec<String>,
    /// Words and phrases that flag a comment.
    pub suspect: Vec<String>,
    /// A comment with this many links or more is held; `None`: links are not counted.
    pub link_limit: Option<u32>,
    /// Other authors' comments within this time count as repeats.
    pub repeat_window: Duration,
    /// The same author's comments within this time count as repeats; `None`: any time the
    /// repeat index holds.
    pub repeat_same_author_window: Option<Duration>,
    /// Least similarity (0..=1) for "nearly the same text".
    pub repeat_similarity: f32,
    /// Bodies with fewer words are never repeats.
    pub repeat_min_words: u32,
    pub premoderate_new_authors: bool,
    /// `None`: the rejection rate is not checked.
    pub rejection_rate: Option<RejectionRate>,
    pub classifier_enabled: bool,
    /// Flag at or above this probability.
    pub classifier_flag_threshold: f32,
    /// Spam at or above this probability; `None`: the classifier only flags.
    pub classifier_spam_threshold: Option<f32>,
    /// The classifier is used only once it has learned this many approved and this many
    /// rejected comments.
    pub classifier_min_docs: u32,
}

/// Flag an author whose recent decided comments were rejected more often than `threshold`
/// (0..=1), once there are at least `min_decisions` of them.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, TS)]
pub struct RejectionRate {
    pub threshold: f32,
    pub min_decisions: u32,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            banned: Vec::new(),
            suspect: Vec::new(),
            link_limit: Some(3),
            repeat_window: Duration::from_secs(24 * 3600),
            repeat_same_author_window: None,
            repeat_similarity: 0.7,
            repeat_min_words: 4,
            premoderate_new_authors: false,
            rejection_rate: Some(RejectionRate {
                threshold: 0.5,
                min_decisions: 4,
            }),
            classifier_enabled: true,
            classifier_flag_threshold: 0.8,
            classifier_spam_threshold: Some(0.98),
            classifier_min_docs: 20,
        }
    }
}

impl Config {
    /// The settings of the repeat index that goes with these rules.
    pub fn repeat_config(&self) -> RepeatConfig {
        RepeatConfig {
            same_author_window: self.repeat_same_author_window,
            cross_author_window: self.repeat_window,
            similarity: self.repeat_similarity,
            min_words: self.repeat_min_words,
        }
    }
}

/// Rules ready to run: the word lists compiled once, into one automaton for both.
#[derive(Debug, Clone)]
pub struct CompiledRules {
    config: Config,
    /// List 0 banned, list 1 suspect.
    words: WordList,
}

impl CompiledRules {
    pub fn new(config: Config) -> Result<CompiledRules, RulesError> {
        let unit = |field: &'static str, v: f32| {
            if (0.0..=1.0).contains(&v) {
                Ok(())
            } else {
                Err(RulesError::Config {
                    field,
                    problem: format!("{v} is not between 0 and 1"),
                })
            }
        };
        unit(
            "classifier_flag_threshold",
            config.classifier_flag_threshold,
        )?;
        if let Some(spam) = config.classifier_spam_threshold {
            unit("classifier_spam_threshold", spam)?;
        }
        if let Some(rate) = config.rejection_rate {
            unit("rejection_rate", rate.threshold)?;
        }
        unit("repeat_similarity", config.repeat_similarity)?;
        let words = WordList::compile_lists(&[&config.banned[..], &config.suspect[..]]).map_err(
            |(list, problems)| RulesError::BadList {
                list: if list == 0 { "banned" } else { "suspect" },
                problems,
            },
        )?;
        Ok(CompiledRules { config, words })
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    /// How many distinct entries the banned and the suspect lists hold.
    pub fn list_sizes(&self) -> (usize, usize) {
        (self.words.list_len(0), self.words.list_len(1))
    }
}

/// One incoming comment and what is known about its author.
#[derive(Debug, Clone)]
pub struct Input<'a> {
    pub body: &'a str,
    /// A stable key for the author (id, or e-mail/IP for anonymous comments); "" if none.
    pub author_key: &'a str,
    pub at: DateTime<Utc>,
    pub trust: Trust,
    /// The author's approved comments so far.
    pub approved_count: u32,
    /// Of the author's recent decided comments: how many were rejected (or spam), of how many.
    pub recent_rejected: u32,
    pub recent_decisions: u32,
    /// Recent comments for the repeat rule; `None` skips it.
    pub repeats: Option<&'a RepeatIndex>,
    /// The newsroom's model; `None` skips the classifier.
    pub classifier: Option<&'a Classifier>,
}

/// What the rules ask for, weakest first (so `max` is precedence).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Nothing to hold: published, or left as the source says.
    Clear,
    /// Published or pending as usual, with an open flag.
    Flagged,
    Pending,
    Spam,
    Rejected,
}

impl Outcome {
    /// The status this outcome sets (`None` for clear and flagged, which keep the usual one).
    pub fn status(self) -> Option<Status> {
        match self {
            Outcome::Clear | Outcome::Flagged => None,
            Outcome::Pending => Some(Status::Pending),
            Outcome::Spam => Some(Status::Spam),
            Outcome::Rejected => Some(Status::Rejected),
        }
    }
}

/// Why a comment was held: stable codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ReasonCode {
    AuthorBanned,
    AuthorPremod,
    BannedWord,
    SuspectWord,
    Links,
    Repeat,
    NewAuthor,
    RejectionRate,
    Classifier,
    ClassifierSpam,
}

impl ReasonCode {
    pub const ALL: &'static [ReasonCode] = &[
        ReasonCode::AuthorBanned,
        ReasonCode::AuthorPremod,
        ReasonCode::BannedWord,
        ReasonCode::SuspectWord,
        ReasonCode::Links,
        ReasonCode::Repeat,
        ReasonCode::NewAuthor,
        ReasonCode::RejectionRate,
        ReasonCode::Classifier,
        ReasonCode::ClassifierSpam,
    ];

    /// The stable code, as serialized.
    pub fn as_str(self) -> &'static str {
        match self {
            ReasonCode::AuthorBanned => "author_banned",
            ReasonCode::AuthorPremod => "author_premod",
            ReasonCode::BannedWord => "banned_word",
            ReasonCode::SuspectWord => "suspect_word",
            ReasonCode::Links => "links",
            ReasonCode::Repeat => "repeat",
            ReasonCode::NewAuthor => "new_author",
            ReasonCode::RejectionRate => "rejection_rate",
            ReasonCode::Classifier => "classifier",
            ReasonCode::ClassifierSpam => "classifier_spam",
        }
    }
}

impl std::fmt::Display for ReasonCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One reason with its evidence, for the card's "why held".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Reason {
    pub code: ReasonCode,
    /// What this reason alone asks for.
    pub outcome: Outcome,
    /// For people: what was found.
    pub evidence: String,
    /// Where in the body (words, phrases, links), in text order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub matches: Vec<Highlight>,
    /// Earlier comments' ids (repeats), most similar first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub comments: Vec<String>,
    /// The classifier's probability.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub probability: Option<f32>,
    /// The classifier's strongest tokens with their log-odds weights.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tokens: Vec<(String, f32)>,
}

impl Reason {
    fn new(code: ReasonCode, outcome: Outcome, evidence: String) -> Reason {
        Reason {
            code,
            outcome,
            evidence,
            matches: Vec::new(),
            comments: Vec::new(),
            probability: None,
            tokens: Vec::new(),
        }
    }
}

/// The rules' answer for one comment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Verdict {
    pub outcome: Outcome,
    pub reasons: Vec<Reason>,
    /// The body's fingerprint, for `RepeatIndex::observe_fingerprint` once the comment is
    /// stored.
    #[serde(skip)]
    #[ts(skip)]
    pub fingerprint: Option<Fingerprint>,
}

impl Verdict {
    /// The status the comment gets, if the rules set one.
    pub fn status(&self) -> Option<Status> {
        self.outcome.status()
    }

    pub fn is_flagged(&self) -> bool {
        self.outcome == Outcome::Flagged
    }

    pub fn has(&self, code: ReasonCode) -> bool {
        self.reasons.iter().any(|r| r.code == code)
    }
}

/// At most this many items are named in one reason's evidence.
const NAMED: usize = 5;

/// Runs every rule over `input`.
pub fn evaluate(rules: &CompiledRules, input: &Input<'_>) -> Verdict {
    let config = &rules.config;
    let mut reasons = Vec::new();

    // 1. The author.
    match input.trust {
        Trust::Banned => reasons.push(Reason::new(
            ReasonCode::AuthorBanned,
            Outcome::Rejected,
            "the author is banned".into(),
        )),
        Trust::Premod => reasons.push(Reason::new(
            ReasonCode::AuthorPremod,
            Outcome::Pending,
            "the author's comments are premoderated".into(),
        )),
        Trust::Normal | Trust::Trusted => {}
    }

    // 2. Words.
    let normalized = normalize(input.body);
    let mut lists = rules.words.find_lists(&normalized).into_iter();
    for (code, outcome, name) in [
        (ReasonCode::BannedWord, Outcome::Rejected, "banned"),
        (ReasonCode::SuspectWord, Outcome::Flagged, "suspect"),
    ] {
        let found = lists.next().unwrap_or_default();
        if !found.is_empty() {
            let mut reason = Reason::new(code, outcome, describe_words(name, &found));
            reason.matches = found.iter().map(|m| m.highlight).collect();
            reasons.push(reason);
        }
    }

    // 3. Links.
    if let Some(limit) = config.link_limit {
        let links = find_links(input.body);
        if links.len() as u64 >= limit.max(1) as u64 {
            let named: Vec<&str> = links.iter().take(NAMED).map(|l| l.url.as_str()).collect();
            let more = links.len().saturating_sub(NAMED);
            let mut evidence = format!(
                "{} link{} (held at {}): {}",
                links.len(),
                plural(links.len()),
                limit.max(1),
                named.join(", ")
            );
            if more > 0 {
                evidence.push_str(&format!(" and {more} more"));
            }
            let mut reason = Reason::new(ReasonCode::Links, Outcome::Pending, evidence);
            reason.matches = links.iter().map(|l| l.highlight).collect();
            reasons.push(reason);
        }
    }

    // 4. Repeats.
    let fingerprint = Fingerprint::of_normalized(&normalized);
    if let Some(index) = input.repeats {
        let hits = index.check_fingerprint(input.author_key, input.at, &fingerprint);
        if !hits.is_empty() {
            let named: Vec<String> = hits
                .iter()
                .take(NAMED)
                .map(|h| {
                    let how = if h.similarity >= 1.0 {
                        "same text".to_owned()
                    } else {
                        format!("{:.0}% alike", h.similarity * 100.0)
                    };
                    let who = if h.same_author {
                        "same author"
                    } else {
                        "another author"
                    };
                    format!("{} ({who}, {how}, {})", h.id, ago(input.at, h.at))
                })
                .collect();
            let more = hits.len().saturating_sub(NAMED);
            let mut evidence = format!(
                "repeats {} earlier comment{}: {}",
                hits.len(),
                plural(hits.len()),
                named.join("; ")
            );
            if more > 0 {
                evidence.push_str(&format!(" and {more} more"));
            }
            let mut reason = Reason::new(ReasonCode::Repeat, Outcome::Spam, evidence);
            reason.comments = hits.into_iter().map(|h| h.id).collect();
            reasons.push(reason);
        }
    }

    // 5. New authors.
    if config.premoderate_new_authors && input.approved_count == 0 && input.trust != Trust::Trusted
    {
        reasons.push(Reason::new(
            ReasonCode::NewAuthor,
            Outcome::Pending,
            "the author has no approved comment yet".into(),
        ));
    }

    // 6. Rejection rate.
    if let Some(rate) = config.rejection_rate {
        let total = input.recent_decisions;
        let rejected = input.recent_rejected.min(total);
        if total > 0 && total >= rate.min_decisions {
            let share = rejected as f32 / total as f32;
            if share > rate.threshold {
                reasons.push(Reason::new(
                    ReasonCode::RejectionRate,
                    Outcome::Flagged,
                    format!(
                        "{rejected} of the author's last {total} decided comments were rejected \
                         ({:.0}%, flagged above {:.0}%)",
                        share * 100.0,
                        rate.threshold * 100.0
                    ),
                ));
            }
        }
    }

    // 7. The classifier.
    if let (true, Some(model)) = (config.classifier_enabled, input.classifier) {
        let stats = model.stats();
        let ready = stats.good_docs >= config.classifier_min_docs.max(1)
            && stats.bad_docs >= config.classifier_min_docs.max(1);
        if ready && !normalized.tokens().is_empty() {
            let p = model.probability(&normalized);
            let spam = config.classifier_spam_threshold.filter(|&t| p >= t);
            let hit = match spam {
                Some(t) => Some((ReasonCode::ClassifierSpam, Outcome::Spam, t)),
                None if p >= config.classifier_flag_threshold => Some((
                    ReasonCode::Classifier,
                    Outcome::Flagged,
                    config.classifier_flag_threshold,
                )),
                None => None,
            };
            if let Some((code, outcome, threshold)) = hit {
                let score = model.score_normalized(&normalized);
                let towards: Vec<&str> = score
                    .top_tokens
                    .iter()
                    .filter(|(_, w)| *w > 0.0)
                    .take(NAMED)
                    .map(|(t, _)| t.as_str())
                    .collect();
                let mut evidence = format!(
                    "the classifier gives {p:.2} ({} at {threshold:.2})",
                    if outcome == Outcome::Spam {
                        "spam"
                    } else {
                        "flagged"
                    }
                );
                if !towards.is_empty() {
                    evidence.push_str(&format!("; most telling: {}", towards.join(", ")));
                }
                let mut reason = Reason::new(code, outcome, evidence);
                reason.probability = Some(p);
                reason.tokens = score.top_tokens;
                reasons.push(reason);
            }
        }
    }

    let mut outcome = reasons
        .iter()
        .map(|r| r.outcome)
        .max()
        .unwrap_or(Outcome::Clear);
    if input.trust == Trust::Trusted {
        outcome = outcome.min(Outcome::Flagged);
    }
    Verdict {
        outcome,
        reasons,
        fingerprint: Some(fingerprint),
    }
}

fn describe_words(list: &str, found: &[WordMatch]) -> String {
    let named: Vec<String> = found
        .iter()
        .take(NAMED)
        .map(|m| {
            if m.entry == m.text {
                format!("{:?}", m.entry)
            } else {
                format!("{:?} ({:?})", m.entry, m.text)
            }
        })
        .collect();
    let mut out = format!("{list} words: {}", named.join(", "));
    if found.len() > NAMED {
        out.push_str(&format!(" and {} more", found.len() - NAMED));
    }
    out
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

fn ago(now: DateTime<Utc>, then: DateTime<Utc>) -> String {
    let minutes = (now - then).num_minutes();
    match minutes {
        m if m < 1 => "just before".into(),
        m if m < 120 => format!("{m} min earlier"),
        m if m < 48 * 60 => format!("{} h earlier", m / 60),
        m => format!("{} days earlier", m / (24 * 60)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::classifier::Label;
    use chrono::TimeZone;

    fn t(minutes: i64) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 3, 1, 12, 0, 0).unwrap() + chrono::Duration::minutes(minutes)
    }

    fn rules(config: Config) -> CompiledRules {
        CompiledRules::new(config).unwrap()
    }

    fn base() -> Config {
        Config {
            banned: vec!["idiot*".into(), "дурень".into(), "ідіот*".into()],
            suspect: vec!["café".into(), "naïve".into(), "go to hell".into()],
            link_limit: Some(2),
            ..Config::default()
        }
    }

    fn input(body: &str) -> Input<'_> {
        Input {
            body,
            author_key: "alice",
            at: t(0),
            trust: Trust::Normal,
            approved_count: 3,
            recent_rejected: 0,
            recent_decisions: 3,
            repeats: None,
            classifier: None,
        }
    }

    fn codes(v: &Verdict) -> Vec<&'static str> {
        v.reasons.iter().map(|r| r.code.as_str()).collect()
    }

    #[test]
    fn clean_comment_is_clear() {
        let v = evaluate(
            &rules(base()),
            &input("A fair article about the classic bridge."),
        );
        assert_eq!(v.outcome, Outcome::Clear);
        assert!(v.reasons.is_empty());
        assert_eq!(v.status(), None);
    }

    #[test]
    fn banned_and_suspect_words_with_highlights() {
        let body = "Ти ДУРЕНЬ і Ідіот, the CAFE is naive. Go, to hell!";
        let v = evaluate(&rules(base()), &input(body));
        assert_eq!(v.outcome, Outcome::Rejected);
        assert_eq!(codes(&v), ["banned_word", "suspect_word"]);
        let banned: Vec<&str> = v.reasons[0].matches.iter().map(|h| h.slice(body)).collect();
        assert_eq!(banned, ["ДУРЕНЬ", "Ідіот"]);
        let suspect: Vec<&str> = v.reasons[1].matches.iter().map(|h| h.slice(body)).collect();
        assert_eq!(suspect, ["CAFE", "naive", "Go, to hell"]);
        assert!(v.reasons[0].evidence.contains("\"дурень\" (\"ДУРЕНЬ\")"));
    }

    #[test]
    fn author_trust() {
        let r = rules(base());
        let mut i = input("Hello there");
        i.trust = Trust::Banned;
        let v = evaluate(&r, &i);
        assert_eq!(
            (v.outcome, codes(&v)),
            (Outcome::Rejected, vec!["author_banned"])
        );
        i.trust = Trust::Premod;
        let v = evaluate(&r, &i);
        assert_eq!(
            (v.outcome, codes(&v)),
            (Outcome::Pending, vec!["author_premod"])
        );
        assert_eq!(v.status(), Some(Status::Pending));
    }

    #[test]
    fn links_at_the_limit_hold() {
        let r = rules(base());
        let v = evaluate(&r, &input("see example.com"));
        assert_eq!(v.outcome, Outcome::Clear);
        let body = "see example.com and https://spam.ru/x";
        let v = evaluate(&r, &input(body));
        assert_eq!((v.outcome, codes(&v)), (Outcome::Pending, vec!["links"]));
        let linked: Vec<&str> = v.reasons[0].matches.iter().map(|h| h.slice(body)).collect();
        assert_eq!(linked, ["example.com", "https://spam.ru/x"]);
        let off = rules(Config {
            link_limit: None,
            ..base()
        });
        assert_eq!(evaluate(&off, &input(body)).outcome, Outcome::Clear);
    }

    #[test]
    fn repeats_new_authors_and_rejection_rate() {
        let r = rules(Config {
            premoderate_new_authors: true,
            ..base()
        });
        let body = "Great deals on garden furniture this week only, visit our shop";
        let mut index = RepeatIndex::new(r.config().repeat_config());
        index.observe("c1", "bob", t(-30), body);
        let mut i = input(body);
        i.repeats = Some(&index);
        i.approved_count = 0;
        i.recent_rejected = 3;
        i.recent_decisions = 4;
        let v = evaluate(&r, &i);
        assert_eq!(v.outcome, Outcome::Spam);
        assert_eq!(codes(&v), ["repeat", "new_author", "rejection_rate"]);
        assert_eq!(v.reasons[0].comments, ["c1"]);
        assert!(
            v.reasons[0].evidence.contains("another author"),
            "{}",
            v.reasons[0].evidence
        );
        assert!(v.reasons[2]
            .evidence
            .starts_with("3 of the author's last 4"));
        // Too few decisions: no rate.
        i.recent_decisions = 3;
        i.recent_rejected = 3;
        assert!(!evaluate(&r, &i).has(ReasonCode::RejectionRate));
        // The fingerprint feeds the index.
        index.observe_fingerprint("c2", "alice", t(0), v.fingerprint.unwrap());
        assert_eq!(index.len(), 2);
    }

    #[test]
    fn classifier_flags_and_spams() {
        let mut model = Classifier::with_bits(16);
        let r = rules(Config {
            classifier_min_docs: 2,
            classifier_flag_threshold: 0.6,
            classifier_spam_threshold: Some(0.99),
            ..base()
        });
        let spam = "cheap pills online buy now best price click here";
        let mut i = input(spam);
        let untrained = Classifier::with_bits(16);
        i.classifier = Some(&untrained);
        assert!(
            evaluate(&r, &i).reasons.is_empty(),
            "an untrained model says nothing"
        );
        for text in [
            "thanks for the report on the council",
            "good article about the library",
        ] {
            model.learn(text, Label::Good);
        }
        for text in ["cheap pills online", "buy now best price click here"] {
            model.learn(text, Label::Bad);
        }
        i.classifier = Some(&model);
        let v = evaluate(&r, &i);
        assert!(v.has(ReasonCode::Classifier) || v.has(ReasonCode::ClassifierSpam));
        let reason = &v.reasons[0];
        assert!(reason.probability.unwrap() >= 0.6);
        assert!(!reason.tokens.is_empty());
        assert!(reason.evidence.starts_with("the classifier gives"));
        i.body = "thanks for the good report";
        assert!(evaluate(&r, &i).reasons.is_empty());
    }

    #[test]
    fn precedence_reports_every_reason() {
        let r = rules(Config {
            premoderate_new_authors: true,
            ..base()
        });
        // Suspect (flagged) + links (pending) → pending.
        let v = evaluate(&r, &input("naive take: a.com b.com"));
        assert_eq!(v.outcome, Outcome::Pending);
        assert_eq!(codes(&v), ["suspect_word", "links"]);
        // Premod (pending) + banned (rejected) + new author (pending) → rejected.
        let mut i = input("idiots, a.com b.com");
        i.trust = Trust::Premod;
        i.approved_count = 0;
        let v = evaluate(&r, &i);
        assert_eq!(v.outcome, Outcome::Rejected);
        assert_eq!(
            codes(&v),
            ["author_premod", "banned_word", "links", "new_author"]
        );
        // A trusted author is at most flagged, and not a new author.
        i.trust = Trust::Trusted;
        let v = evaluate(&r, &i);
        assert_eq!(v.outcome, Outcome::Flagged);
        assert_eq!(codes(&v), ["banned_word", "links"]);
        assert!(Outcome::Rejected > Outcome::Spam && Outcome::Spam > Outcome::Pending);
        assert!(Outcome::Pending > Outcome::Flagged && Outcome::Flagged > Outcome::Clear);
    }

    #[test]
    fn config_and_verdict_serialize() {
        let config = base();
        let json = serde_json::to_string(&config).unwrap();
        assert_eq!(serde_json::from_str::<Config>(&json).unwrap(), config);
        // Missing fields take defaults.
        let partial: Config = serde_json::from_str(r#"{"banned":["x*y"]}"#).unwrap();
        assert_eq!(partial.link_limit, Some(3));
        let err = CompiledRules::new(partial).unwrap_err();
        assert!(
            matches!(err, RulesError::BadList { list: "banned", .. }),
            "{err}"
        );
        let v = evaluate(&rules(base()), &input("you idiot"));
        let json = serde_json::to_value(&v).unwrap();
        assert_eq!(json["outcome"], "rejected");
        assert_eq!(json["reasons"][0]["code"], "banned_word");
        assert_eq!(json["reasons"][0]["matches"][0]["char_start"], 4);
        let back: Verdict = serde_json::from_value(json).unwrap();
        assert_eq!(back.reasons, v.reasons);
        let codes: Vec<String> = ReasonCode::ALL
            .iter()
            .map(|c| {
                serde_json::to_value(c)
                    .unwrap()
                    .as_str()
                    .unwrap()
                    .to_owned()
            })
            .collect();
        let names: Vec<&str> = ReasonCode::ALL.iter().map(|c| c.as_str()).collect();
        assert_eq!(codes, names);
    }
}
