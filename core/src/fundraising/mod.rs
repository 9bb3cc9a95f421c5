//! The fundraising side: money, campaigns and how far each is from its goal, and the readers
//! that take donations in from payment providers' exports (`import`).
pub mod amount;
pub mod campaigns;
pub mod import;
pub mod money;
