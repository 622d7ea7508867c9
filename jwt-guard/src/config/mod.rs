//! The manager's configuration, validated once when it is built: the
//! [`JwtConfig`] struct here, every setter in `setters.rs`, the settings and
//! start-up checks of each concern in its own file (`cookies.rs`, `csrf.rs`,
//! `locations.rs`, `user.rs`).

pub(crate) mod cookies;
pub(crate) mod csrf;
pub(crate) mod locations;
mod setters;
pub(crate) mod user;

use std::sync::Arc;
use std::time::Duration;

use axum::http::HeaderName;
use axum::response::Response;
use jsonwebtoken::Algorithm;
use serde_json::{Map, Value};

use crate::claims::TokenType;
pub use crate::error::ConfigError;
use crate::error::GuardError;
use crate::keys::Key;
pub use crate::location::TokenLocation;
use crate::revoke::RevocationStore;
use crate::token::Token;
use crate::verify::{Acceptance, Limits};
use user::UserLoader;

pub(crate) type ErrorResponder = Arc<dyn Fn(&GuardError) -> Response + Send + Sync>;
pub(crate) type ClaimsLoader = Arc<dyn Fn(&Value) -> Map<String, Value> + Send + Sync>;
pub(crate) type TokenCheck = Arc<dyn Fn(&Token) -> bool + Send + Sync>;

/// Builder for a [`JwtManager`](crate::JwtManager): keys, lifetimes, verification rules, transport.
///
/// Nothing is checked per request that could be checked here: [`build`](Self::build)
/// refuses an empty or short secret, an algorithm outside the allow-list and a
/// header scheme that cannot appear in a header.
///
/// ```
/// use std::time::Duration;
/// use jwt_guard::{Algorithm, JwtManager};
///
/// let manager = JwtManager::builder()
///     .secret("a-32-byte-secret-from-the-environment!")
///     .algorithm(Algorithm::HS384)
///     .access_lifetime(Duration::from_secs(5 * 60))
///     .issuer("https://auth.example.com")
///     .build();
/// // HS384 needs a secret at least as long as its 48-byte hash.
/// assert!(manager.is_err());
/// ```
#[derive(Clone)]
pub struct JwtConfig {
    pub(crate) secret: Vec<u8>,
    pub(crate) algorithm: Algorithm,
    pub(crate) allowed: Option<Vec<Algorithm>>,
    pub(crate) signing_key: Option<Key>,
    pub(crate) verification_keys: Vec<Key>,
    pub(crate) type_values: Vec<(String, TokenType)>,
    pub(crate) scope_claim: String,
    pub(crate) limits: Limits,
    pub(crate) token_cache: Option<(usize, Duration)>,
    #[cfg(feature = "jwks")]
    pub(crate) remote_jwks: Option<crate::remote_jwks::RemoteJwks>,
    pub(crate) access_lifetime: Option<Duration>,
    pub(crate) refresh_lifetime: Option<Duration>,
    pub(crate) leeway: Duration,
    pub(crate) issuer: Option<String>,
    pub(crate) audience: Vec<String>,
    pub(crate) identity_claim: String,
    pub(crate) encode_nbf: bool,
    pub(crate) header_name: HeaderName,
    pub(crate) header_scheme: String,
    pub(crate) locations: Vec<TokenLocation>,
    pub(crate) acceptance: Acceptance,
    pub(crate) realm: Option<String>,
    pub(crate) on_error: Option<ErrorResponder>,
    pub(crate) claims_loader: Option<ClaimsLoader>,
    pub(crate) revocation: Option<Arc<dyn RevocationStore>>,
    pub(crate) revocation_fail_open: bool,
    pub(crate) token_check: Option<TokenCheck>,
    pub(crate) user_loader: Option<UserLoader>,
    pub(crate) cookies: cookies::CookieConfig,
    pub(crate) csrf: csrf::CsrfConfig,
    pub(crate) query_param: String,
    pub(crate) check_route_locations: bool,
}
