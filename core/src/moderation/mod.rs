//! The moderation side: articles and their comment threads (queues, decisions and search grow here).
pub mod articles;
pub mod thread;
