//! The vocabulary every stage shares, each module using only those above it: source text and
//! spans, units, numbers read from text and rounded, interval sets and ranges, quantities in
//! words, name suggestions, and the diagnostic type.

pub mod source;
pub mod units;
pub mod number;
pub mod interval;
pub mod quantity;
pub mod names;
pub mod excerpt;
pub mod diag;
