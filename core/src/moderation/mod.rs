//! The moderation side: queues, cards and threads, decisions with undo, search, author
//! dossiers, the audit log, and how a new comment is routed on arrival.
pub mod addresses;
pub mod articles;
pub mod audit;
pub mod authors;
pub mod autohold;
pub mod decisions;
pub mod intake;
pub mod moderators;
pub mod passphrase;
pub mod queue;
pub mod reasons;
pub mod search;
pub mod thread;
