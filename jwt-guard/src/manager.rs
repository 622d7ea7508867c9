//! The manager: configured once, cheap to clone, mints tokens and backs every guard.

use std::fmt;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum::extract::FromRequestParts;
use axum::http::header;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use jsonwebtoken::jwk::JwkSet;
use jsonwebtoken::{Algorithm, AlgorithmFamily, Header};
use serde::Serialize;
use serde_json::{Map, Value};

use crate::cache::TokenCache;
use crate::claims::{
    Fresh, RESERVED, TokenType, end_of_time, floor_millis, issued_at_claim, unix_seconds,
};
use crate::config::{ConfigError, JwtConfig};
use crate::error::{GuardError, GuardErrorKind};
use crate::keys::{Key, KeySet};
use crate::rejection::GuardRejection;
use crate::revoke::{RevocationStore, StoreError, identity_key};
use crate::token::Token;
use crate::verify::{KnownHeader, Verifier};

/// Holds the keys and rules; mints tokens and verifies them for the guards.
///
/// Build it once at start-up and install it on the router with
/// [`layer`](Self::layer); every guard and extractor finds it there. Handlers that
/// mint tokens take it as an extractor.
///
/// ```
/// use axum::{Json, Router, routing::post};
/// use jwt_guard::JwtManager;
///
/// async fn login(manager: JwtManager) -> Json<serde_json::Value> {
///     let token = manager.create_access_token("alice").unwrap();
///     Json(serde_json::json!({ "access_token": token }))
/// }
///
/// let manager = JwtManager::builder()
///     .secret("a-32-byte-secret-from-the-environment!")
///     .build()?;
/// let app: Router = Router::new()
///     .route("/login", post(login))
///     .layer(manager.layer());
/// # let _ = app;
/// # Ok::<(), jwt_guard::ConfigError>(())
/// ```
///
/// A manager is only a handle to shared configuration: it never carries
/// anything of a request (the token a guard verified lives in the request's
/// own extensions), so a manager taken from one request can serve any other.
#[derive(Clone)]
pub struct JwtManager {
    pub(crate) inner: Arc<Inner>,
}

pub(crate) struct Inner {
    pub(crate) config: JwtConfig,
    /// Everything verification reads, apart from the rest of the configuration.
    pub(crate) verifier: Verifier,
    pub(crate) signing: Option<Key>,
    pub(crate) cache: Option<TokenCache>,
    /// The longest lifetime (seconds) given to a token minted here with
    /// `expires_in`, so `revoke_all` outlasts it too.
    pub(crate) longest_minted: AtomicU64,
}

impl JwtConfig {
    /// Checks the configuration and builds the manager.
    pub fn build(self) -> Result<JwtManager, ConfigError> {
        JwtManager::from_config(self)
    }
}

impl JwtManager {
    /// Starts a configuration with the strict defaults ([`JwtConfig::new`]).
    pub fn builder() -> JwtConfig {
        JwtConfig::new()
    }

    pub(crate) fn from_config(config: JwtConfig) -> Result<Self, ConfigError> {
        crate::keys::install_crypto_backend();
        // An explicit allow-list is checked before keys are made from it, so
        // its own mistakes are named as such.
        if let Some(allowed) = &config.allowed {
            let signing = config.signing_key.as_ref().map(Key::algorithm);
            let secret = (!config.secret.is_empty()).then_some(config.algorithm);
            check_allow_list(allowed, signing.or(secret))?;
        }
        #[cfg(feature = "jwks")]
        if let Some(remote) = &config.remote_jwks {
            remote.check()?;
        }
        let (keys, signing) = key_set(&config)?;
        let allowed = match &config.allowed {
            Some(allowed) => allowed.clone(),
            // A remote JWKS may bring any asymmetric key; each is still bound to
            // its own algorithm when it arrives.
            None if config.has_remote_keys() => ASYMMETRIC.to_vec(),
            None => {
                let mut all: Vec<Algorithm> =
                    keys.keys().flat_map(|k| k.algorithms.clone()).collect();
                all.dedup();
                all
            }
        };
        check_allow_list(&allowed, signing.as_ref().map(Key::algorithm))?;
        check_identity_claim(&config.identity_claim)?;
        let depth = config.limits.max_depth;
        if !(1..=crate::verify::MAX_CLAIM_DEPTH).contains(&depth) {
            return Err(ConfigError::Limit(format!(
                "max_claim_depth is {depth}; it must be from 1 to {}",
                crate::verify::MAX_CLAIM_DEPTH
            )));
        }
        check_scheme(&config.header_scheme)?;
        crate::config::locations::check_config(&config)?;
        crate::config::cookies::check_config(&config)?;
        let verifier = Verifier {
            known_headers: known_headers(&keys, &allowed),
            keys,
            allowed,
            #[cfg(feature = "jwks")]
            remote: config.remote_jwks.clone(),
            limits: config.limits,
            leeway: config.leeway,
            issuer: config.issuer.clone(),
            audience: config.audience.clone(),
            identity_claim: config.identity_claim.clone(),
            acceptance: config.acceptance,
            type_values: config.type_values.clone(),
        };
        Ok(Self {
            inner: Arc::new(Inner {
                cache: config
                    .token_cache
                    .map(|(capacity, max_age)| TokenCache::new(capacity, max_age, config.leeway)),
                verifier,
                signing,
                config,
                longest_minted: AtomicU64::new(0),
            }),
        })
    }

    /// The layer that makes this manager reachable from guards and extractors.
    ///
    /// It is axum's [`Extension`] layer, so `.layer(Extension(manager))` is the same.
    pub fn layer(&self) -> Extension<Self> {
        Extension(self.clone())
    }

    /// The public keys of this manager as a JWK Set: the halves of its RSA, EC
    /// and Ed25519 keys, never an HMAC secret.
    pub fn jwks(&self) -> JwkSet {
        self.inner.verifier.keys.public_jwks()
    }

    /// How many verified tokens the [`token_cache`](JwtConfig::token_cache)
    /// holds (0 without one).
    pub fn cached_tokens(&self) -> usize {
        self.inner.cache.as_ref().map_or(0, TokenCache::len)
    }

    /// The configuration this manager was built from.
    pub fn config(&self) -> &JwtConfig {
        &self.inner.config
    }

    /// A fresh access token for `identity` with the configured lifetime.
    ///
    /// ```
    /// # let manager = jwt_guard::JwtManager::builder().secret("a-32-byte-secret-from-the-environment!").build().unwrap();
    /// let token = manager.create_access_token("alice")?;
    /// assert_eq!(token.split('.').count(), 3);
    /// # Ok::<(), jwt_guard::mint::MintError>(())
    /// ```
    pub fn create_access_token(&self, identity: impl Serialize) -> Result<String, MintError> {
        self.access_token(identity).fresh(true).mint()
    }

    /// A refresh token for `identity` with the configured lifetime (not fresh).
    pub fn create_refresh_token(&self, identity: impl Serialize) -> Result<String, MintError> {
        self.refresh_token(identity).mint()
    }

    /// Starts an access token with per-call options; not fresh unless
    /// [`fresh`](TokenBuilder::fresh) says so.
    ///
    /// ```
    /// use std::time::Duration;
    /// # let manager = jwt_guard::JwtManager::builder().secret("a-32-byte-secret-from-the-environment!").build().unwrap();
    /// let token = manager
    ///     .access_token("alice")
    ///     .fresh(Duration::from_secs(600))
    ///     .expires_in(Duration::from_secs(60))
    ///     .claim("role", "admin")
    ///     .mint()?;
    /// # let _ = token;
    /// # Ok::<(), jwt_guard::mint::MintError>(())
    /// ```
    pub fn access_token(&self, identity: impl Serialize) -> TokenBuilder<'_> {
        TokenBuilder::new(self, TokenType::Access, identity)
    }

    /// Starts a refresh token with per-call options.
    pub fn refresh_token(&self, identity: impl Serialize) -> TokenBuilder<'_> {
        TokenBuilder::new(self, TokenType::Refresh, identity)
    }

    /// Revokes `token` for as long as it could still be accepted (logout):
    /// until its `exp` plus the configured leeway, or for good when it has no
    /// `exp` (which only a manager with `require_exp(false)` accepts).
    pub async fn revoke(&self, token: &Token) -> Result<(), StoreError> {
        let store = self.store()?;
        if token.jti().is_none() {
            return Err(StoreError::NoJti);
        }
        let until = match token.expires_at() {
            Some(exp) => self.usable_until(exp),
            None => end_of_time(),
        };
        store.revoke_token(token, until).await
    }

    /// Revokes every token of `identity` issued until now ("log out
    /// everywhere"), with no list of their `jti`s: the store keeps one entry for
    /// the identity, as long as any token issued before it could be accepted
    /// (the longest token lifetime this manager configures or has minted, plus
    /// the leeway; for good with `require_exp(false)`).
    ///
    /// The cut-off is exact to the millisecond, the precision jwt-guard mints
    /// `iat` with: a token minted before the call is revoked, and one minted
    /// after the call returns is not, even within the same second. The call
    /// waits out the rest of the current millisecond before it returns. A
    /// token from another issuer whose `iat` is in whole seconds and falls in
    /// the same second as the call is revoked too (the guard cannot tell).
    ///
    /// ```
    /// use jwt_guard::JwtManager;
    /// use jwt_guard::revoke::MemoryStore;
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let manager = JwtManager::builder()
    ///     .secret("a-32-byte-secret-from-the-environment!")
    ///     .revocation_store(MemoryStore::new())
    ///     .build()?;
    /// let old = manager.verify(&manager.create_access_token("alice")?)?;
    /// manager.revoke_all(&serde_json::json!("alice")).await?;
    /// let new = manager.verify(&manager.create_access_token("alice")?)?;
    /// assert!(manager.is_revoked(&old).await?);
    /// assert!(!manager.is_revoked(&new).await?);
    /// # Ok(())
    /// # }
    /// ```
    pub async fn revoke_all(&self, identity: &Value) -> Result<(), StoreError> {
        let store = self.store()?;
        // The next whole millisecond: every token minted so far has an `iat`
        // (rounded down) before it.
        let cutoff = UNIX_EPOCH + Duration::from_millis(floor_millis(SystemTime::now()) + 1);
        let until = if self.inner.config.acceptance.require_exp {
            self.usable_until(cutoff + self.longest_lifetime())
        } else {
            end_of_time()
        };
        store
            .revoke_identity(&identity_key(identity), cutoff, until)
            .await?;
        // Tokens minted after this returns must not fall before the cut-off.
        if let Ok(left) = cutoff.duration_since(SystemTime::now()) {
            std::thread::sleep(left);
        }
        Ok(())
    }

    /// Whether the configured store holds `token` as revoked.
    pub async fn is_revoked(&self, token: &Token) -> Result<bool, StoreError> {
        self.store()?.is_revoked(token).await
    }

    fn store(&self) -> Result<&dyn RevocationStore, StoreError> {
        self.inner
            .config
            .revocation
            .as_deref()
            .ok_or(StoreError::NotConfigured)
    }

    /// The longest lifetime of a token this manager mints: the configured
    /// ones, or a longer one given to [`TokenBuilder::expires_in`]. An identity
    /// revocation must outlast every token issued before it.
    fn longest_lifetime(&self) -> Duration {
        let config = &self.inner.config;
        let configured = [config.access_lifetime, config.refresh_lifetime]
            .into_iter()
            .flatten()
            .max()
            .unwrap_or_default();
        let minted = Duration::from_secs(self.inner.longest_minted.load(Ordering::Relaxed));
        configured.max(minted)
    }

    /// The last moment a token expiring at `exp` is accepted: `exp` plus the
    /// leeway, which the guard grants past `exp`.
    fn usable_until(&self, exp: SystemTime) -> SystemTime {
        exp.checked_add(self.inner.config.leeway)
            .map_or_else(end_of_time, |t| t.min(end_of_time()))
    }

    /// The response for a refused request: the application's responder if it
    /// set one, else the RFC 6750 default.
    pub fn respond(&self, err: &GuardError) -> Response {
        match &self.inner.config.on_error {
            Some(respond) => respond(err),
            None => err.to_response_with_realm(self.inner.config.realm.as_deref()),
        }
    }

    /// Finds the manager the [`layer`](Self::layer) put on the request; without
    /// it, a 500 whose log line names the fix.
    pub(crate) fn from_parts(parts: &Parts, handler: &str) -> Result<Self, GuardRejection> {
        match parts.extensions.get::<Self>() {
            Some(manager) => Ok(manager.clone()),
            None => {
                tracing::error!(
                    handler,
                    "jwt-guard: no JwtManager on this request; add `.layer(manager.layer())` \
                     to the Router that serves this route"
                );
                Err(GuardRejection::default_response(GuardError::misconfigured(
                    GuardErrorKind::ManagerMissing,
                )))
            }
        }
    }
}

impl fmt::Debug for JwtManager {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("JwtManager")
            .field(&self.inner.config)
            .finish()
    }
}

/// Handlers that mint tokens take the manager as an extractor.
impl<S: Send + Sync> FromRequestParts<S> for JwtManager {
    type Rejection = GuardRejection;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Self::from_parts(parts, "JwtManager extractor")
    }
}

/// The header segments the keys' tokens carry: as jsonwebtoken writes them
/// (`{"typ":"JWT","alg":…,"kid":…}`) and as PyJWT writes them, with sorted keys
/// (`{"alg":…,"kid":…,"typ":"JWT"}`). Any other header is simply parsed.
fn known_headers(keys: &KeySet, allowed: &[Algorithm]) -> Vec<KnownHeader> {
    let mut known = Vec::new();
    for key in keys.keys() {
        for algorithm in key.algorithms.iter().filter(|a| allowed.contains(a)) {
            let mut ours = Header::new(*algorithm);
            ours.kid = key.kid.clone();
            let mut sorted = serde_json::Map::new();
            sorted.insert(
                "alg".into(),
                serde_json::to_value(algorithm).unwrap_or_default(),
            );
            if let Some(kid) = &key.kid {
                sorted.insert("kid".into(), kid.clone().into());
            }
            sorted.insert("typ".into(), "JWT".into());
            let variants = [
                serde_json::to_vec(&ours).ok(),
                serde_json::to_vec(&sorted).ok(),
            ];
            for json in variants.into_iter().flatten() {
                known.push(KnownHeader {
                    segment: base64_simd::URL_SAFE_NO_PAD.encode_to_string(json),
                    algorithm: *algorithm,
                    kid: key.kid.clone(),
                });
            }
        }
    }
    known
}

const ASYMMETRIC: [Algorithm; 9] = [
    Algorithm::RS256,
    Algorithm::RS384,
    Algorithm::RS512,
    Algorithm::PS256,
    Algorithm::PS384,
    Algorithm::PS512,
    Algorithm::ES256,
    Algorithm::ES384,
    Algorithm::EdDSA,
];

/// The keys to verify with and the one to mint with: the secret (one HMAC key
/// per allowed HMAC algorithm) or the signing key, plus the verification keys.
fn key_set(config: &JwtConfig) -> Result<(KeySet, Option<Key>), ConfigError> {
    let mut keys = KeySet::default();
    let signing = match (&config.signing_key, config.secret.is_empty()) {
        (Some(_), false) => {
            return Err(ConfigError::Key(
                "both a secret and a signing key are set; keep one".to_owned(),
            ));
        }
        (Some(key), true) => Some(key.clone()),
        (None, false) => {
            let signing = Key::hmac(config.algorithm, &config.secret)?;
            let others =
                config.allowed.iter().flatten().filter(|alg| {
                    **alg != config.algorithm && alg.family() == AlgorithmFamily::Hmac
                });
            for alg in others {
                keys.insert(Key::hmac(*alg, &config.secret)?)?;
            }
            Some(signing)
        }
        (None, true) if config.verification_keys.is_empty() && !config.has_remote_keys() => {
            return Err(ConfigError::EmptySecret);
        }
        (None, true) => None,
    };
    if let Some(key) = &signing {
        keys.insert(key.clone())?;
    }
    for key in &config.verification_keys {
        keys.insert(key.clone())?;
    }
    Ok((keys, signing))
}

fn check_allow_list(allowed: &[Algorithm], signing: Option<Algorithm>) -> Result<(), ConfigError> {
    if allowed.is_empty() {
        return Err(ConfigError::AllowList("it is empty".to_owned()));
    }
    if let Some(signing) = signing.filter(|s| !allowed.contains(s)) {
        return Err(ConfigError::AllowList(format!(
            "it lacks the signing algorithm {signing:?}, so minted tokens would be refused"
        )));
    }
    Ok(())
}

fn check_identity_claim(claim: &str) -> Result<(), ConfigError> {
    if claim.is_empty() {
        return Err(ConfigError::IdentityClaim("it is empty".to_owned()));
    }
    if RESERVED.contains(&claim) {
        return Err(ConfigError::IdentityClaim(format!(
            "`{claim}` is a reserved claim"
        )));
    }
    Ok(())
}

fn check_scheme(scheme: &str) -> Result<(), ConfigError> {
    let token_char = |c: char| c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c);
    if scheme.chars().all(token_char) {
        Ok(())
    } else {
        Err(ConfigError::HeaderScheme(format!(
            "`{scheme}` is not an RFC 7235 token"
        )))
    }
}

/// Options for one token; finish with [`mint`](Self::mint).
#[must_use = "a TokenBuilder does nothing until `.mint()`"]
pub struct TokenBuilder<'m> {
    manager: &'m JwtManager,
    token_type: TokenType,
    identity: Result<Value, String>,
    fresh: Fresh,
    lifetime: Option<Option<Duration>>,
    issued_at: Option<SystemTime>,
    claims: Vec<(String, Result<Value, String>)>,
    /// The CSRF value to repeat instead of a new one (implicit refresh).
    csrf: Option<String>,
}

impl<'m> TokenBuilder<'m> {
    fn new(manager: &'m JwtManager, token_type: TokenType, identity: impl Serialize) -> Self {
        Self {
            manager,
            token_type,
            identity: serde_json::to_value(identity).map_err(|e| e.to_string()),
            fresh: Fresh::No,
            lifetime: None,
            issued_at: None,
            claims: Vec::new(),
            csrf: None,
        }
    }

    /// Carries `csrf` over from the token this one renews, so requests already
    /// in flight with the old CSRF header still pass.
    pub(crate) fn keep_csrf(mut self, csrf: String) -> Self {
        self.csrf = Some(csrf);
        self
    }

    /// Freshness: `true`, `false`, or a [`Duration`] it stays fresh for.
    pub fn fresh(mut self, fresh: impl Into<Fresh>) -> Self {
        self.fresh = fresh.into();
        self
    }

    /// This token's lifetime instead of the configured one.
    pub fn expires_in(mut self, lifetime: Duration) -> Self {
        self.lifetime = Some(Some(lifetime));
        self
    }

    /// Mints the token without `exp` (strict managers refuse such tokens).
    pub fn no_expiry(mut self) -> Self {
        self.lifetime = Some(None);
        self
    }

    /// Issue time other than now, for back-dating or tests; `nbf` and `exp`
    /// follow it.
    pub fn issued_at(mut self, at: SystemTime) -> Self {
        self.issued_at = Some(at);
        self
    }

    /// An additional claim. Reserved names (`exp`, `type`, the identity claim, …)
    /// make [`mint`](Self::mint) fail.
    pub fn claim(mut self, name: impl Into<String>, value: impl Serialize) -> Self {
        let value = serde_json::to_value(value).map_err(|e| e.to_string());
        self.claims.push((name.into(), value));
        self
    }

    /// Signs the token.
    pub fn mint(self) -> Result<String, MintError> {
        let inner = &self.manager.inner;
        let config = &inner.config;
        let identity = self.identity.map_err(MintError::Serialize)?;
        if config.identity_claim == "sub"
            && config.acceptance.string_subject
            && !identity.is_string()
        {
            return Err(MintError::IdentityNotString);
        }
        let now = self.issued_at.unwrap_or_else(SystemTime::now);
        if now > end_of_time() {
            return Err(MintError::OutOfRange);
        }
        let mut payload = Map::new();
        if let Some(loader) = &config.claims_loader {
            for (name, value) in loader(&identity) {
                insert_additional(&mut payload, &config.identity_claim, name, value)?;
            }
        }
        for (name, value) in self.claims {
            let value = value.map_err(MintError::Serialize)?;
            insert_additional(&mut payload, &config.identity_claim, name, value)?;
        }
        let iat = issued_at_claim(now);
        payload.insert("fresh".into(), self.fresh.to_claim(now));
        payload.insert("iat".into(), iat);
        payload.insert("jti".into(), uuid::Uuid::new_v4().to_string().into());
        payload.insert("type".into(), self.token_type.as_str().into());
        // The double-submit value of cookie-borne tokens (see csrf.rs).
        if config.csrf.protect && crate::config::cookies::enabled(config) {
            let csrf = self
                .csrf
                .unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
            payload.insert("csrf".into(), csrf.into());
        }
        payload.insert(config.identity_claim.clone(), identity);
        if config.encode_nbf {
            // The second `iat` falls in: only `iat` needs the milliseconds
            // (identity cut-offs compare it), and four bytes fewer in every
            // token are a SHA-256 block fewer now and then.
            payload.insert("nbf".into(), unix_seconds(now).into());
        }
        let default_lifetime = match self.token_type {
            TokenType::Access => config.access_lifetime,
            TokenType::Refresh => config.refresh_lifetime,
        };
        if let Some(lifetime) = self.lifetime.unwrap_or(default_lifetime) {
            let exp = now
                .checked_add(lifetime)
                .filter(|exp| *exp <= end_of_time())
                .ok_or(MintError::OutOfRange)?;
            payload.insert("exp".into(), unix_seconds(exp).into());
            inner
                .longest_minted
                .fetch_max(lifetime.as_secs().saturating_add(1), Ordering::Relaxed);
        }
        if let Some(iss) = &config.issuer {
            payload.insert("iss".into(), iss.clone().into());
        }
        match config.audience.as_slice() {
            [] => {}
            [one] => {
                payload.insert("aud".into(), one.clone().into());
            }
            many => {
                payload.insert("aud".into(), many.to_vec().into());
            }
        }
        let key = inner.signing.as_ref().ok_or(MintError::NoSigningKey)?;
        let encoding = key.encoding.as_ref().ok_or(MintError::NoSigningKey)?;
        let mut header = Header::new(key.algorithm());
        header.kid = key.kid.clone();
        jsonwebtoken::encode(&header, &payload, encoding)
            .map_err(|e| MintError::Encode(e.to_string()))
    }
}

fn insert_additional(
    payload: &mut Map<String, Value>,
    identity_claim: &str,
    name: String,
    value: Value,
) -> Result<(), MintError> {
    if RESERVED.contains(&name.as_str()) || name == identity_claim {
        return Err(MintError::ReservedClaim(name));
    }
    payload.insert(name, value);
    Ok(())
}

/// Why a token could not be minted.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum MintError {
    /// An additional claim tried to set a claim the manager writes itself.
    ReservedClaim(String),
    /// The identity is not a string while `sub` must be one (RFC 7519 §4.1.2).
    IdentityNotString,
    /// The identity or a claim value could not be serialized.
    Serialize(String),
    /// Signing failed.
    Encode(String),
    /// The manager only verifies: it has no secret and no private signing key.
    NoSigningKey,
    /// The issue time or the expiry falls after the year 9999, which no
    /// verifier accepts as a date.
    OutOfRange,
}

impl fmt::Display for MintError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::ReservedClaim(name) => write!(
                f,
                "`{name}` is a reserved claim that jwt-guard writes itself; use another name"
            ),
            Self::IdentityNotString => f.write_str(
                "the identity must be a string because `sub` is one (RFC 7519 §4.1.2); \
                 pass `id.to_string()` or configure require_string_subject(false)",
            ),
            Self::Serialize(e) => write!(f, "cannot serialize a claim: {e}"),
            Self::Encode(e) => write!(f, "cannot sign the token: {e}"),
            Self::NoSigningKey => f.write_str(
                "this manager only verifies tokens; give it a secret or a private signing key to mint",
            ),
            Self::OutOfRange => f.write_str(
                "the token's issue time or expiry falls after the year 9999; use a shorter lifetime",
            ),
        }
    }
}

impl std::error::Error for MintError {}

impl JwtManager {
    /// Verifies what a raw access or refresh token says about itself:
    /// structure, algorithm, signature, times, issuer, audience and claim
    /// shapes, with no store or hook involved.
    ///
    /// It does **not** ask the revocation store, run the
    /// [`token_check`](crate::JwtConfig::token_check) hook or the user loader,
    /// or check the token type: a logged-out token passes. To admit a token
    /// outside a request (a WebSocket message, a job queue), use
    /// [`authorize`](Self::authorize), which runs the guard's whole pipeline.
    ///
    /// ```
    /// # let manager = jwt_guard::JwtManager::builder().secret("a-32-byte-secret-from-the-environment!").build().unwrap();
    /// let raw = manager.create_refresh_token("alice")?;
    /// let token = manager.verify(&raw).unwrap();
    /// assert_eq!(token.token_type(), jwt_guard::TokenType::Refresh);
    /// assert!(manager.verify("not.a.token").is_err());
    /// # Ok::<(), jwt_guard::mint::MintError>(())
    /// ```
    pub fn verify(&self, raw: &str) -> Result<Token, crate::GuardError> {
        crate::verify::verify(&self.inner.verifier, raw.as_bytes(), SystemTime::now())
    }
}

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
