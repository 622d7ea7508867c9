//! The integration tests of jwt-guard: one test crate, one module per topic, so
//! that `cargo test` links one binary for all of them instead of one per file.
//!
//! Run one topic by its module path, which cargo's test filter matches as a
//! substring of each test's full name:
//!
//! ```text
//! cargo test --test suite -- hostile::        # the hostile-input table
//! cargo test --test suite -- revocation::
//! cargo test --test suite -- keys:: verify::  # several topics at once
//! ```
//!
//! Every module drives the public API through a real router (or a real server,
//! browser, Redis or Python where its doc says so); `tests/common` holds what
//! they share.
//!
//! Two topics are test binaries of their own, `tests/guard.rs` and
//! `tests/cookies_csrf/`: their handlers name `#[require_token(locations(..))]`,
//! and `build()` refuses a manager that leaves off a location some route linked
//! into the same binary reads
//! (`JwtConfig::check_route_locations`, on by default). Here the
//! managers read the header alone (most) or cookies alone (`composition`,
//! `cookies_example`), so no route of this binary may name a location.

#[path = "../common/mod.rs"]
mod common;

// The guard and its error contract (the grammar rows: `tests/guard.rs`).
mod composition;
mod hostile;
mod named_guards;
mod rfc6750;
mod ui;

// Named guards over routers, as extractors, and the deny-by-default audit.
mod audit;
mod router_guards;

// Tokens: verification, keys, minting and the vectors of others.
mod jwks;
mod keys;
mod minting;
mod verify;
mod wycheproof;

// Revocation and the verified-token cache.
mod cache;
mod redis_store;
mod revocation;

// The examples, run for real.
mod cookies_example;
mod quickstart;

// Interoperability with Flask-JWT-Extended and PyJWT.
mod fje_interop;
mod pyjwt_keys;

// What fuzzing found, replayed on stable.
mod fuzz_corpus;

// The runtime's structure.
mod layers;
