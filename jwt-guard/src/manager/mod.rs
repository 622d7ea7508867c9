//! The manager: configured once, cheap to clone, mints tokens and backs every
//! guard.
//!
//! * `handle.rs`: [`JwtManager`], a handle to the shared state
//!   (`shared.rs`) and everything an application asks of it;
//! * `build.rs`: `JwtConfig::build`, the start-up checks and the state they
//!   produce.
//!
//! Minting is `mint.rs` (the public `jwt_guard::mint` module), one layer down,
//! because the implicit-refresh layer the handle hands out mints too.

mod build;
mod handle;

pub use handle::JwtManager;
