//! The fundraising side: money, campaigns and how far each is from its goal.
pub mod amount;
pub mod campaigns;
pub mod convert;
pub mod ledger;
pub mod metrics;
pub mod money;
pub mod rates;
