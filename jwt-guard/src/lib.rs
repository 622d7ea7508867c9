//! Declarative JWT guards for axum.
//!
//! Put what a token must say on the handler itself; the attribute turns it into
//! an extractor that runs before the handler's own arguments:
//!
//! ```
//! use axum::{Json, Router, extract::Path, routing::{get, post}};
//! use jwt_guard::{JwtManager, Token, require_token};
//! use serde_json::{Value, json};
//!
//! async fn login(manager: JwtManager) -> Json<Value> {
//!     Json(json!({
//!         "access_token": manager.create_access_token("alice").unwrap(),
//!         "refresh_token": manager.create_refresh_token("alice").unwrap(),
//!     }))
//! }
//!
//! #[require_token(sub = "username")]
//! async fn profile(Path(username): Path<String>, token: Token) -> String {
//!     format!("{username}, your token expires at {:?}", token.expires_at())
//! }
//!
//! #[require_token(refresh)]
//! async fn refresh(manager: JwtManager, token: Token) -> Json<Value> {
//!     Json(json!({ "access_token": manager.create_access_token(token.identity()).unwrap() }))
//! }
//!
//! let manager = JwtManager::builder()
//!     .secret(std::env::var("JWT_SECRET_KEY").unwrap_or_else(|_| "an-example-secret-of-32-bytes-or-more".into()))
//!     .build()?;
//! let app: Router = Router::new()
//!     .route("/login", post(login))
//!     .route("/users/{username}", get(profile))
//!     .route("/refresh", post(refresh))
//!     .layer(manager.layer());
//! # let _ = app;
//! # Ok::<(), jwt_guard::ConfigError>(())
//! ```
//!
//! * The [`JwtManager`] holds the keys and rules, validated once by
//!   [`JwtConfig::build`]; [`JwtManager::layer`] puts it where guards find it.
//! * [`require_token`] declares the guard; see its documentation for the grammar.
//!   [`guard!`] declares one once, by name, for `#[require_token(Name)]` to
//!   reuse or extend; [`public`] marks a handler meant to be open.
//! * [`Token`], `Option<Token>` and [`Claims<T>`] read the verified token.
//! * Logout: a [`revoke::RevocationStore`] ([`revoke::MemoryStore`], or
//!   `RedisStore` with the `redis` feature) and [`JwtManager::revoke`] /
//!   [`JwtManager::revoke_all`]; the application's own check with
//!   [`JwtConfig::token_check`]; its user type with [`JwtConfig::user_loader`]
//!   and [`CurrentUser<U>`].
//! * Browsers: tokens in cookies ([`JwtConfig::token_locations`], the
//!   [`cookies`] module) with CSRF double submit, and
//!   [`JwtManager::implicit_refresh`] to renew them; the query string for
//!   links that cannot carry a header.
//! * Three scales: a guard on one handler (the attribute), a guard declared
//!   once and used by name over a whole `Router` or `nest`
//!   ([`GuardLayer`], `.layer(AdminOnly::layer())`) or as an argument
//!   ([`Guard<G>`]), where a handler's own guard adds its requirements; and,
//!   in tests, an [`audit`] that fails any 2xx answer no guard admitted and
//!   nothing marked public.
//! * Every refusal is a [`GuardError`] turned into an RFC 6750 response
//!   (`WWW-Authenticate: Bearer …` and a `{"msg", "error"}` body), replaceable
//!   with [`JwtConfig::on_error`]. The extractors reject with a
//!   [`GuardRejection`]; take `Result<Token, GuardRejection>` to handle a
//!   refusal in the handler.
//! * Minted tokens keep Flask-JWT-Extended's claim layout: the identity in
//!   `sub`, `iat` (with milliseconds), `nbf`, `exp`, `jti`, `type`, `fresh`,
//!   `csrf` for cookie tokens, `iss` and `aud` when configured, then the
//!   application's claims.
//!
//! The everyday types are at the crate root. The rest is grouped by concern,
//! as axum-extra groups its extras:
//!
//! | module | for |
//! |---|---|
//! | [`cookies`] | setting token cookies, CSRF for HTML forms, implicit refresh |
//! | [`revoke`] | revocation stores (logout) |
//! | [`jwks`] | serving the public keys; an identity provider's keys (feature `jwks`) |
//! | [`mint`] | minting options beyond the two one-liners |
//! | [`authorize`] | the guard's checks outside an HTTP request |
//! | [`audit`] | deny by default: proof that every route is guarded or public |
//!
//! The whole contract (every form of the grammar and what does not compile,
//! the order of checks, the claim layout of minted and accepted tokens, each
//! failure's status, `error` and `msg`) is `docs/guard-reference.md` in the
//! repository; `docs/SECURITY.md` maps RFC 8725 and RFC 6750 to the code and
//! tests that enforce them.
#![doc = include_str!("docs/checks.md")]
#![forbid(unsafe_code)]
// docs.rs builds with every feature and `--cfg docsrs` (see Cargo.toml), so
// the items behind `redis`, `jwks` and `insecure-test-keys` are listed there,
// each marked with the feature it needs. (`doc_cfg` took in `doc_auto_cfg` in
// rust-lang/rust#138907; the old name no longer compiles on nightly.)
#![cfg_attr(docsrs, feature(doc_cfg))]
#![doc(test(attr(deny(warnings))))]
// The guard's hidden extractor rejects with a `Response` (the handler's own
// `Path` rejection among them); boxing it would add an allocation to every
// refusal for no reader's benefit. The public extractors reject with the small
// `GuardRejection`.
#![allow(clippy::result_large_err)]

#[cfg(not(any(feature = "rust-crypto", feature = "aws-lc")))]
compile_error!(
    "jwt-guard needs a crypto backend: enable the `rust-crypto` (default) or `aws-lc` feature"
);

pub mod audit;
pub mod authorize;
mod cache;
mod claims;
mod config;
pub mod cookies;
mod csrf;
mod error;
mod extract;
mod guard;
mod guarded;
#[cfg(feature = "insecure-test-keys")]
mod insecure;
mod json;
pub mod jwks;
mod keys;
mod leaf;
mod locate;
mod location;
mod manager;
mod members;
pub mod mint;
mod named;
mod named_use;
mod payload;
#[cfg(feature = "redis")]
mod redis_store;
mod refresh;
mod rejection;
mod remote_jwks;
mod req;
mod request_state;
pub mod revoke;
mod route_vars;
mod set_cookies;
mod shared;
mod spec;
mod token;
mod user;
mod verify;

#[doc(hidden)]
#[path = "private.rs"]
pub mod __private;

// The everyday types are at the root; the rest is grouped by concern in the
// public modules above (`authorize`, `cookies`, `jwks`, `mint`, `revoke`), as
// axum-extra groups its extras, so each name has one path.
pub use claims::TokenType;
pub use config::{ConfigError, JwtConfig, TokenLocation};
pub use error::{GuardError, GuardErrorKind};
pub use extract::{Claims, Guard};
pub use jsonwebtoken::Algorithm;
pub use jwt_guard_macros::{guard, public, require_token};
pub use keys::Key;
pub use manager::JwtManager;
pub use named::{GuardLayer, GuardService, NamedGuard};
pub use rejection::GuardRejection;
pub use token::Token;
pub use user::CurrentUser;

#[doc = include_str!("../../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
