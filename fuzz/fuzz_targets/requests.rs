//! `cargo +nightly fuzz run requests`: see `checks::requests`.
#![no_main]

#[path = "../checks/mod.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::requests(data));
