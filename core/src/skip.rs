//! A record a reader could not take, and why. The comment readers, the donation readers and a
//! site's sync all report what they set aside in this one shape, which the window lists and
//! the skipped-records report writes out.
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A record the reader could not take, and why (file line, record id, field, reason).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Skip {
    pub line: u64,
    pub record: String,
    pub field: String,
    pub reason: String,
}
