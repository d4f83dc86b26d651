//! The vocabulary every stage shares: source text and spans, units, number text, interval
//! sets and ranges, and the diagnostic type.

pub mod diag;
pub mod interval;
pub mod names;
pub mod number;
pub mod quantity;
pub mod source;
pub mod units;
