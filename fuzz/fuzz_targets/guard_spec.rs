//! `cargo +nightly fuzz run guard_spec`: see `checks/guard_spec.rs`.
//!
//! The `#[require_token]` pipeline lives in a proc-macro crate, which exports
//! nothing but the macro, so this target compiles the crate's modules itself:
//! declared here, at the crate root, under the names `jwt-guard-macros/src/lib.rs`
//! gives them, every `crate::…` path in them resolves as it does there. Only
//! `lib.rs` (the `proc_macro` entry points) and the other macros' modules
//! (`declare.rs`, `public.rs`) are left out.
#![no_main]
#![forbid(unsafe_code)]

#[path = "../../jwt-guard-macros/src/args.rs"]
mod args;
#[path = "../../jwt-guard-macros/src/check.rs"]
mod check;
#[path = "../../jwt-guard-macros/src/ctxt.rs"]
mod ctxt;
#[path = "../../jwt-guard-macros/src/expand.rs"]
mod expand;
#[path = "../../jwt-guard-macros/src/fallback.rs"]
mod fallback;
#[path = "../../jwt-guard-macros/src/handler.rs"]
mod handler;
#[path = "../../jwt-guard-macros/src/named_checks.rs"]
mod named_checks;
#[path = "../../jwt-guard-macros/src/named_use.rs"]
mod named_use;
#[path = "../../jwt-guard-macros/src/slot.rs"]
mod slot;
#[path = "../../jwt-guard-macros/src/spec.rs"]
mod spec;
#[path = "../../jwt-guard-macros/src/suggest.rs"]
mod suggest;
#[path = "../../jwt-guard-macros/src/symbol.rs"]
mod symbol;

#[path = "../checks/guard_spec.rs"]
mod guard_spec;

libfuzzer_sys::fuzz_target!(|data: &[u8]| guard_spec::guard_spec(data));
