//! The fundraising side: money, campaigns, the donation ledger, imports from payment exports,
//! and how far each campaign is from its goal.
pub mod amount;
pub mod campaigns;
pub mod convert;
pub mod donations;
pub mod import;
pub mod ledger;
pub mod metrics;
pub mod money;
pub mod rates;
mod snapshot;
