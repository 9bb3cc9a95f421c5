//! Automatic holds: the rules that decide whether an incoming comment is published, held for a
//! moderator, flagged, or set aside as spam or rejected, each with its reason and evidence.
//!
//! Pure functions and plain data: no database. `pipeline` runs every rule over one comment;
//! the rules live in their own modules (`words`, `links`, `repeats`, `classifier`) over the
//! shared folding of `normalize`.
pub mod classifier;
mod hash;
pub mod links;
pub mod normalize;
pub mod pipeline;
pub mod repeats;
pub mod words;

pub use classifier::{Classifier, Label, ModelStats, Quality, Score};
pub use links::{find_links, Link};
pub use normalize::{normalize, Highlight, Normalized};
pub use pipeline::{evaluate, CompiledRules, Config, Input, Outcome, Reason, ReasonCode, Verdict};
pub use repeats::{Fingerprint, RepeatConfig, RepeatHit, RepeatIndex};
pub use words::{export_list, parse_list, EntryProblem, ParsedList, WordList, WordMatch};

/// What can go wrong building rules or reading a model.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum RulesError {
    #[error("{} list entries cannot be used: {}", .0.len(), describe(.0))]
    BadEntries(Vec<EntryProblem>),
    #[error("{} entries of the {list} list cannot be used: {}", .problems.len(), describe(.problems))]
    BadList {
        list: &'static str,
        problems: Vec<EntryProblem>,
    },
    #[error("{0}")]
    Model(String),
    #[error("{field}: {problem}")]
    Config {
        field: &'static str,
        problem: String,
    },
}

fn describe(problems: &[EntryProblem]) -> String {
    problems
        .iter()
        .take(5)
        .map(|p| format!("{:?} ({})", p.entry, p.problem))
        .collect::<Vec<_>>()
        .join("; ")
}
