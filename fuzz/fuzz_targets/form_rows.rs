//! `cargo +nightly fuzz run form_rows`: see `fuzz/entry.rs` for what it runs and asserts.
#![no_main]

#[path = "../entry.rs"]
mod entry;

use std::sync::OnceLock;

/// The shipped schemes, compiled once for the whole run.
static SHIPPED: OnceLock<entry::Shipped> = OnceLock::new();

libfuzzer_sys::fuzz_target!(|data: &[u8]| entry::form_rows(SHIPPED.get_or_init(entry::Shipped::new), data));
