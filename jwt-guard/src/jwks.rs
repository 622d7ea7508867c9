//! JWK Sets: publishing this manager's public keys, and (feature `jwks`)
//! verifying with an identity provider's keys from its JWKS URL.
//!
//! * [`serve_jwks`] is the handler for `/.well-known/jwks.json`: the public
//!   halves of the manager's keys, as [`JwtManager::jwks`] returns them (a
//!   [`jwk::JwkSet`]; [`jwk`] is jsonwebtoken's module, re-exported).
// Linked only where they exist: with the feature (and on docs.rs).
#![cfg_attr(
    feature = "jwks",
    doc = "* [`RemoteJwks`] keeps a provider's keys, fetched from its JWKS URL and
  cached; give it to [`JwtConfig::remote_jwks`](crate::JwtConfig::remote_jwks).
  [`OidcProvider::discover`] finds the URL and the issuer by OpenID Connect
  discovery."
)]
#![cfg_attr(
    not(feature = "jwks"),
    doc = "* `RemoteJwks` (feature `jwks`) keeps a provider's keys, fetched from its
  JWKS URL and cached; `OidcProvider::discover` finds the URL and the issuer
  by OpenID Connect discovery."
)]
//!
//! ```
//! use axum::{Router, routing::get};
//! use jwt_guard::jwks::serve_jwks;
//! use jwt_guard::{Algorithm, JwtManager, Key};
//!
//! let pem = std::fs::read("../tests/keys/ed25519.pem").unwrap();
//! let manager = JwtManager::builder()
//!     .signing_key(Key::from_pem(Algorithm::EdDSA, &pem)?.with_kid("ed-1"))
//!     .build()?;
//! let app: Router = Router::new()
//!     .route("/.well-known/jwks.json", get(serve_jwks))
//!     .layer(manager.layer());
//! # let _ = app;
//!
//! // A resource server that verifies the tokens with those keys, fetched
//! // from the issuer (here, it would be `https://auth.example`).
//! # #[cfg(feature = "jwks")] {
//! use jwt_guard::jwks::RemoteJwks;
//! let resource_server = JwtManager::builder()
//!     .remote_jwks(RemoteJwks::new("https://auth.example/.well-known/jwks.json"))
//!     .build()?;
//! # let _ = resource_server;
//! # }
//! # Ok::<(), jwt_guard::ConfigError>(())
//! ```
//!
//! [`JwtManager::jwks`]: crate::JwtManager::jwks

use axum::Json;
use axum::http::header;
use axum::response::IntoResponse;

use crate::manager::JwtManager;

#[cfg(feature = "jwks")]
#[cfg_attr(docsrs, doc(cfg(feature = "jwks")))]
pub use crate::remote_jwks::{OidcProvider, RemoteJwks};
pub use jsonwebtoken::jwk;

/// The handler for `/.well-known/jwks.json`: the manager's public keys, with a
/// five-minute cache lifetime (long enough to spare the server, short enough
/// for a rotation to be seen well within a token's lifetime).
///
/// ```
/// use axum::{Router, routing::get};
/// use jwt_guard::jwks::serve_jwks;
/// use jwt_guard::{Algorithm, JwtManager, Key};
///
/// let pem = std::fs::read("../tests/keys/ed25519.pem").unwrap();
/// let manager = JwtManager::builder()
///     .signing_key(Key::from_pem(Algorithm::EdDSA, &pem)?.with_kid("ed-1"))
///     .build()?;
/// let app: Router = Router::new()
///     .route("/.well-known/jwks.json", get(serve_jwks))
///     .layer(manager.layer());
/// assert_eq!(manager.jwks().keys[0].common.key_id.as_deref(), Some("ed-1"));
/// # let _ = app;
/// # Ok::<(), jwt_guard::ConfigError>(())
/// ```
pub async fn serve_jwks(manager: JwtManager) -> impl IntoResponse {
    (
        [(header::CACHE_CONTROL, "public, max-age=300")],
        Json(manager.jwks()),
    )
}
