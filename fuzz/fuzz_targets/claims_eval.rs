//! `cargo +nightly fuzz run claims_eval`: see `checks::claims_eval`.
#![no_main]

#[path = "../checks/mod.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::claims_eval(data));
