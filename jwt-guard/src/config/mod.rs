//! The manager's configuration, validated once when it is built.

pub(crate) mod cookies;
pub(crate) mod csrf;
pub(crate) mod locations;
pub(crate) mod user;

use std::fmt;
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

impl Default for JwtConfig {
    fn default() -> Self {
        Self {
            secret: Vec::new(),
            algorithm: Algorithm::HS256,
            allowed: None,
            signing_key: None,
            verification_keys: Vec::new(),
            type_values: Vec::new(),
            scope_claim: "scope".to_owned(),
            limits: Limits::default(),
            token_cache: None,
            #[cfg(feature = "jwks")]
            remote_jwks: None,
            access_lifetime: Some(Duration::from_secs(15 * 60)),
            refresh_lifetime: Some(Duration::from_secs(30 * 24 * 60 * 60)),
            leeway: Duration::ZERO,
            issuer: None,
            audience: Vec::new(),
            identity_claim: "sub".to_owned(),
            encode_nbf: true,
            header_name: axum::http::header::AUTHORIZATION,
            header_scheme: "Bearer".to_owned(),
            locations: vec![TokenLocation::Headers],
            acceptance: Acceptance {
                require_exp: true,
                require_type: true,
                string_subject: true,
            },
            realm: None,
            on_error: None,
            claims_loader: None,
            revocation: None,
            revocation_fail_open: false,
            token_check: None,
            user_loader: None,
            cookies: Default::default(),
            csrf: Default::default(),
            query_param: "jwt".to_owned(),
            check_route_locations: true,
        }
    }
}

impl JwtConfig {
    /// The strict defaults: HS256, 15-minute access and 30-day refresh tokens, no
    /// leeway, `exp` and `type` required, `sub` a string, `iat` not in the future.
    pub fn new() -> Self {
        Self::default()
    }

    /// Flask-JWT-Extended's acceptance rules, for a service that shares tokens with
    /// a Flask one: `exp` optional, a missing `type` read as an access token, any
    /// JSON value as identity. Minting is unchanged, so Flask accepts our tokens.
    ///
    /// ```
    /// use jwt_guard::JwtConfig;
    /// let manager = JwtConfig::flask_jwt_extended()
    ///     .secret("shared-with-the-flask-app-32-bytes!!")
    ///     .build()
    ///     .unwrap();
    /// # let _ = manager;
    /// ```
    pub fn flask_jwt_extended() -> Self {
        Self {
            acceptance: Acceptance {
                require_exp: false,
                require_type: false,
                string_subject: false,
            },
            ..Self::default()
        }
    }

    /// The HMAC secret. It must be at least as long as the algorithm's hash
    /// (32 bytes for HS256, RFC 7518 §3.2).
    pub fn secret(mut self, secret: impl AsRef<[u8]>) -> Self {
        self.secret = secret.as_ref().to_vec();
        self
    }

    /// The key tokens are minted with (and verified with): an RSA, EC or
    /// Ed25519 private key, or an HMAC [`Key`]. Its `kid`, if it has one, goes
    /// into every minted header. Instead of [`secret`](Self::secret).
    ///
    /// ```
    /// use jwt_guard::{Algorithm, JwtManager, Key};
    ///
    /// let pem = std::fs::read("../tests/keys/rsa2048.pem").unwrap();
    /// let manager = JwtManager::builder()
    ///     .signing_key(Key::from_pem(Algorithm::RS256, &pem)?.with_kid("2026-11"))
    ///     .build()?;
    /// let token = manager.create_access_token("alice").unwrap();
    /// assert!(manager.verify(&token).is_ok());
    /// # Ok::<(), jwt_guard::ConfigError>(())
    /// ```
    pub fn signing_key(mut self, key: Key) -> Self {
        self.signing_key = Some(key);
        self
    }

    /// A further key tokens may be verified with: the previous key during a
    /// rotation, or an identity provider's public key for a verify-only
    /// manager (one with no secret and no signing key, which cannot mint).
    ///
    /// ```
    /// use jwt_guard::{Algorithm, JwtManager, Key};
    ///
    /// let public = std::fs::read("../tests/keys/rsa2048.pub.pem").unwrap();
    /// let verifier = JwtManager::builder()
    ///     .verification_key(Key::from_pem(Algorithm::RS256, &public)?.with_kid("idp-1"))
    ///     .build()?;
    /// assert!(verifier.create_access_token("alice").is_err());
    /// # Ok::<(), jwt_guard::ConfigError>(())
    /// ```
    pub fn verification_key(mut self, key: Key) -> Self {
        self.verification_keys.push(key);
        self
    }

    /// Verifies with an identity provider's keys from its JWKS URL (feature
    /// `jwks`), beside any configured keys. See [`RemoteJwks`](crate::jwks::RemoteJwks).
    #[cfg(feature = "jwks")]
    #[cfg_attr(docsrs, doc(cfg(feature = "jwks")))]
    pub fn remote_jwks(mut self, jwks: crate::remote_jwks::RemoteJwks) -> Self {
        self.remote_jwks = Some(jwks);
        self
    }

    /// Caches up to `capacity` verified tokens, each for at most `max_age`
    /// and never past its `exp` (off by default). A client that sends the same
    /// token many times then skips decoding and the signature check; expiry is
    /// re-checked on every hit, and revocation, type, freshness and the
    /// application's hook run on every request as without the cache.
    ///
    /// ```
    /// use std::time::Duration;
    /// let manager = jwt_guard::JwtManager::builder()
    ///     .secret("a-32-byte-secret-from-the-environment!")
    ///     .token_cache(10_000, Duration::from_secs(60))
    ///     .build()
    ///     .unwrap();
    /// # let _ = manager;
    /// ```
    pub fn token_cache(mut self, capacity: usize, max_age: Duration) -> Self {
        self.token_cache = (capacity > 0).then_some((capacity, max_age));
        self
    }

    /// The longest token accepted, in bytes (8 KiB by default); longer ones are
    /// refused before any decoding.
    pub fn max_token_length(mut self, bytes: usize) -> Self {
        self.limits.max_token_length = bytes;
        self
    }

    /// The longest `jti` accepted, in bytes (256 by default): a revocation
    /// store keys on it.
    pub fn max_jti_length(mut self, bytes: usize) -> Self {
        self.limits.max_jti_length = bytes;
        self
    }

    /// How deeply the header and claims may nest objects and arrays (16 by
    /// default; identity providers' tokens need three or four), from 1 to
    /// 100: beyond that
    /// the JSON parser's own recursion limit would answer first.
    ///
    /// ```
    /// let deep = jwt_guard::JwtManager::builder()
    ///     .secret("a-32-byte-secret-from-the-environment!")
    ///     .max_claim_depth(1000)
    ///     .build();
    /// assert!(deep.unwrap_err().to_string().contains("max_claim_depth"));
    /// ```
    pub fn max_claim_depth(mut self, depth: usize) -> Self {
        self.limits.max_depth = depth;
        self
    }

    /// Reads the `type` claim value `value` as `token_type`, for tokens from
    /// other issuers: Flask_PyJWT writes `"auth"` for access tokens.
    pub fn type_value(mut self, value: impl Into<String>, token_type: TokenType) -> Self {
        self.type_values.push((value.into(), token_type));
        self
    }

    /// The claim the guard's `scope(..)` reads, in both forms (`scope` by
    /// default; Azure AD and Okta put an array in `scp`). For `scope("…")` it
    /// may hold a space-separated string (RFC 8693) or an array of strings; for
    /// `scope(key = value)` it is an object.
    pub fn scope_claim(mut self, claim: impl Into<String>) -> Self {
        self.scope_claim = claim.into();
        self
    }

    /// The signing algorithm of [`secret`](Self::secret) (HS256 by default;
    /// HS384 and HS512 also work).
    pub fn algorithm(mut self, algorithm: Algorithm) -> Self {
        self.algorithm = algorithm;
        self
    }

    /// The algorithms a token may name in its header (default: those of the
    /// configured keys). `none` can never be allowed. With a
    /// [`secret`](Self::secret), each HMAC algorithm listed gets its own key
    /// made from that secret, bound to its own hash and held to its own
    /// length rule (64 bytes for HS512), so a token is always verified with
    /// the hash its header names.
    ///
    /// ```
    /// use jwt_guard::{Algorithm, JwtManager};
    ///
    /// let short = JwtManager::builder()
    ///     .secret("a-32-byte-secret-from-the-environment!")
    ///     .allowed_algorithms([Algorithm::HS256, Algorithm::HS512])
    ///     .build();
    /// // Long enough for HS256, too short for HS512.
    /// assert!(short.unwrap_err().to_string().contains("HS512"));
    /// ```
    pub fn allowed_algorithms(mut self, algorithms: impl IntoIterator<Item = Algorithm>) -> Self {
        self.allowed = Some(algorithms.into_iter().collect());
        self
    }

    /// Lifetime of access tokens; `None` mints them without `exp` (15 minutes by default).
    pub fn access_lifetime(mut self, lifetime: impl Into<Option<Duration>>) -> Self {
        self.access_lifetime = lifetime.into();
        self
    }

    /// Lifetime of refresh tokens; `None` mints them without `exp` (30 days by default).
    pub fn refresh_lifetime(mut self, lifetime: impl Into<Option<Duration>>) -> Self {
        self.refresh_lifetime = lifetime.into();
        self
    }

    /// Clock skew tolerated on `exp`, `nbf` and `iat` (none by default).
    pub fn leeway(mut self, leeway: Duration) -> Self {
        self.leeway = leeway;
        self
    }

    /// The `iss` minted and required.
    pub fn issuer(mut self, issuer: impl Into<String>) -> Self {
        self.issuer = Some(issuer.into());
        self
    }

    /// An audience: minted as `aud` (a string for one, an array for several) and
    /// required on verification (the token must name at least one of them).
    pub fn audience(mut self, audience: impl Into<String>) -> Self {
        self.audience.push(audience.into());
        self
    }

    /// The claim that holds the identity (`sub` by default).
    pub fn identity_claim(mut self, claim: impl Into<String>) -> Self {
        self.identity_claim = claim.into();
        self
    }

    /// Whether minted tokens carry `nbf` (on by default). A present `nbf` is
    /// always verified.
    pub fn encode_nbf(mut self, on: bool) -> Self {
        self.encode_nbf = on;
        self
    }

    /// The header that carries the token (`Authorization` by default).
    pub fn header_name(mut self, name: HeaderName) -> Self {
        self.header_name = name;
        self
    }

    /// The scheme before the token (`Bearer` by default, matched
    /// case-insensitively). An empty scheme reads the whole header as the token.
    pub fn header_scheme(mut self, scheme: impl Into<String>) -> Self {
        self.header_scheme = scheme.into();
        self
    }

    /// Whether a token must carry `exp` (on by default).
    pub fn require_exp(mut self, on: bool) -> Self {
        self.acceptance.require_exp = on;
        self
    }

    /// Whether a token must carry `type`; when off, a token without one is an
    /// access token (on by default).
    pub fn require_type(mut self, on: bool) -> Self {
        self.acceptance.require_type = on;
        self
    }

    /// Whether `sub` must be a string as RFC 7519 says (on by default). Applies
    /// to minting as well, so the manager never mints what it would refuse.
    pub fn require_string_subject(mut self, on: bool) -> Self {
        self.acceptance.string_subject = on;
        self
    }

    /// The `realm` named in `WWW-Authenticate` challenges.
    pub fn realm(mut self, realm: impl Into<String>) -> Self {
        self.realm = Some(realm.into());
        self
    }

    /// Replaces the responses of refused requests (Flask-JWT-Extended's
    /// `expired_token_loader`, `invalid_token_loader`, `unauthorized_loader`,
    /// `needs_fresh_token_loader` and claims-failed loader in one place).
    ///
    /// ```
    /// use axum::response::IntoResponse;
    /// use jwt_guard::{GuardErrorKind, JwtManager};
    ///
    /// let manager = JwtManager::builder()
    ///     .secret("a-32-byte-secret-from-the-environment!")
    ///     .on_error(|err| match err.kind() {
    ///         GuardErrorKind::Expired => (axum::http::StatusCode::UNAUTHORIZED, "log in again").into_response(),
    ///         _ => err.clone().into_response(),
    ///     })
    ///     .build()
    ///     .unwrap();
    /// # let _ = manager;
    /// ```
    pub fn on_error(
        mut self,
        respond: impl Fn(&GuardError) -> Response + Send + Sync + 'static,
    ) -> Self {
        self.on_error = Some(Arc::new(respond));
        self
    }

    /// Claims added to every token minted for an identity (Flask-JWT-Extended's
    /// `additional_claims_loader`). Reserved names make minting fail.
    pub fn additional_claims(
        mut self,
        loader: impl Fn(&Value) -> Map<String, Value> + Send + Sync + 'static,
    ) -> Self {
        self.claims_loader = Some(Arc::new(loader));
        self
    }

    /// Where revoked tokens are recorded; every guard then refuses them with 401
    /// `Token has been revoked`. See [`MemoryStore`](crate::revoke::MemoryStore).
    pub fn revocation_store(mut self, store: impl RevocationStore) -> Self {
        self.revocation = Some(Arc::new(store));
        self
    }

    /// What a guard does when the revocation store cannot answer: refuse with
    /// 503 (the default, `false`), or let the token through (`true`), trading
    /// logout for availability while the store is down.
    pub fn revocation_fail_open(mut self, fail_open: bool) -> Self {
        self.revocation_fail_open = fail_open;
        self
    }

    /// Registers the application's own check of a verified token
    /// (Flask-JWT-Extended's `token_verification_loader`; to verify a token,
    /// see [`JwtManager::verify`](crate::JwtManager::verify)): `false` refuses the request with 403
    /// `insufficient_scope`. It runs after revocation and before the user loader.
    ///
    /// ```
    /// let manager = jwt_guard::JwtManager::builder()
    ///     .secret("a-32-byte-secret-from-the-environment!")
    ///     .token_check(|token| token.claim::<bool>("suspended") != Some(true))
    ///     .build()
    ///     .unwrap();
    /// # let _ = manager;
    /// ```
    pub fn token_check(mut self, check: impl Fn(&Token) -> bool + Send + Sync + 'static) -> Self {
        self.token_check = Some(Arc::new(check));
        self
    }
}

impl fmt::Debug for JwtConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("JwtConfig")
            .field("secret", &"<redacted>")
            .field("algorithm", &self.algorithm)
            .field("allowed", &self.allowed)
            .field("access_lifetime", &self.access_lifetime)
            .field("refresh_lifetime", &self.refresh_lifetime)
            .field("leeway", &self.leeway)
            .field("issuer", &self.issuer)
            .field("audience", &self.audience)
            .field("identity_claim", &self.identity_claim)
            .field("header_name", &self.header_name)
            .field("header_scheme", &self.header_scheme)
            .field("revocation", &self.revocation.is_some())
            .field("revocation_fail_open", &self.revocation_fail_open)
            .finish_non_exhaustive()
    }
}
