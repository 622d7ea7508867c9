//! `cargo +nightly fuzz run signed_tokens`: see `checks::signed_tokens`.
#![no_main]

#[path = "../checks/mod.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::signed_tokens(data));
