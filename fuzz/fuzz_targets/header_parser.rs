//! `cargo +nightly fuzz run header_parser`: see `checks::header_parser`.
#![no_main]

#[path = "../checks/mod.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::header_parser(data));
