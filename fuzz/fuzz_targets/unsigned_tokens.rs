//! `cargo +nightly fuzz run unsigned_tokens`: see `checks::unsigned_tokens`.
#![no_main]

#[path = "../checks/mod.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::unsigned_tokens(data));
