//! `cargo +nightly fuzz run cookies_csrf`: see `checks::cookies_csrf`.
#![no_main]

#[path = "../checks/mod.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::cookies_csrf(data));
