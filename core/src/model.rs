//! The small closed vocabularies the schema CHECKs and the window shows: comment statuses,
//! author trust, moderator roles, donation kinds. One place converts them to and from text.
//! Beside them, the tally of comments by status.
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::CoreError;

macro_rules! text_enum {
    ($(#[$meta:meta])* $name:ident, $field:literal { $($variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }
        }

        impl std::str::FromStr for $name {
            type Err = CoreError;
            fn from_str(text: &str) -> Result<Self, CoreError> {
                match text {
                    $($text => Ok($name::$variant),)+
                    other => Err(CoreError::invalid(
                        $field,
                        format!("{other:?} is not one of {}", [$($text),+].join(", ")),
                    )),
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

text_enum!(
    /// Where a comment stands. Flags and holds are reasons beside the status, not statuses.
    Status, "status" {
        Pending => "pending",
        Approved => "approved",
        Rejected => "rejected",
        Spam => "spam",
        Trash => "trash",
    }
);

/// How many comments are in each status (a newsroom's, an author's, an import's new ones).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
pub struct StatusCounts {
    pub pending: i64,
    pub approved: i64,
    pub rejected: i64,
    pub spam: i64,
    pub trash: i64,
    pub total: i64,
}

text_enum!(
    Trust, "trust" {
        Normal => "normal",
        Trusted => "trusted",
        Premod => "premod",
        Banned => "banned",
    }
);

text_enum!(
    Role, "role" {
        Admin => "admin",
        Moderator => "moderator",
        Editor => "editor",
    }
);

text_enum!(
    CommentKind, "kind" {
        Comment => "comment",
        Pingback => "pingback",
        Trackback => "trackback",
    }
);

text_enum!(
    Action, "action" {
        Approve => "approve",
        Reject => "reject",
        Spam => "spam",
        Trash => "trash",
        Restore => "restore",
        Pending => "pending",
        Flag => "flag",
        Undo => "undo",
    }
);

text_enum!(
    /// The moderation queues. Flagged holds pending and approved comments with open flags,
    /// so a comment can be in Pending and Flagged at once.
    Queue, "queue" {
        Pending => "pending",
        Flagged => "flagged",
        Approved => "approved",
        Rejected => "rejected",
        Spam => "spam",
        Trash => "trash",
    }
);

text_enum!(
    /// Queue order.
    Sort, "sort" {
        Newest => "newest",
        Oldest => "oldest",
        Priority => "priority",
    }
);

impl Queue {
    /// The status a status queue holds (None for Flagged, which spans statuses).
    pub fn status(self) -> Option<Status> {
        match self {
            Queue::Pending => Some(Status::Pending),
            Queue::Approved => Some(Status::Approved),
            Queue::Rejected => Some(Status::Rejected),
            Queue::Spam => Some(Status::Spam),
            Queue::Trash => Some(Status::Trash),
            Queue::Flagged => None,
        }
    }
}

text_enum!(
    DonationKind, "kind" {
        OneTime => "one_time",
        Recurring => "recurring",
        Refund => "refund",
        Dispute => "dispute",
    }
);

text_enum!(
    /// What a campaign counts as raised: before fees or after them.
    Basis, "basis" {
        Gross => "gross",
        Net => "net",
    }
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_round_trips_and_rejects_unknown_words() {
        for status in Status::ALL {
            assert_eq!(status.as_str().parse::<Status>().ok(), Some(*status));
        }
        let err = "flagged".parse::<Status>().unwrap_err();
        assert_eq!(err.code(), "invalid");
        assert!(err
            .to_string()
            .contains("\"flagged\" is not one of pending"));
        assert_eq!(DonationKind::OneTime.as_str(), "one_time");
    }
}
