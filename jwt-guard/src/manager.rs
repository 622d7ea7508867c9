//! The manager: configured once, cheap to clone, mints tokens and backs every guard.

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use axum::Extension;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use jsonwebtoken::{Algorithm, AlgorithmFamily, DecodingKey, EncodingKey, Header};
use serde::Serialize;
use serde_json::{Map, Value};

use crate::claims::{Fresh, RESERVED, TokenType, unix_seconds};
use crate::config::{ConfigError, JwtConfig};
use crate::error::GuardError;
use crate::revoke::{RevocationStore, StoreError, identity_key};
use crate::token::Token;

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
#[derive(Clone)]
pub struct JwtManager {
    pub(crate) inner: Arc<Inner>,
}

pub(crate) struct Inner {
    pub(crate) config: JwtConfig,
    pub(crate) allowed: Vec<Algorithm>,
    pub(crate) encoding_key: EncodingKey,
    pub(crate) decoding_key: DecodingKey,
}

impl JwtManager {
    /// Starts a configuration with the strict defaults ([`JwtConfig::new`]).
    pub fn builder() -> JwtConfig {
        JwtConfig::new()
    }

    pub(crate) fn from_config(config: JwtConfig) -> Result<Self, ConfigError> {
        check_secret(&config.secret, config.algorithm)?;
        let allowed = config
            .allowed
            .clone()
            .unwrap_or_else(|| vec![config.algorithm]);
        check_allow_list(&allowed, config.algorithm)?;
        check_identity_claim(&config.identity_claim)?;
        check_scheme(&config.header_scheme)?;
        Ok(Self {
            inner: Arc::new(Inner {
                encoding_key: EncodingKey::from_secret(&config.secret),
                decoding_key: DecodingKey::from_secret(&config.secret),
                allowed,
                config,
            }),
        })
    }

    /// The layer that makes this manager reachable from guards and extractors.
    ///
    /// It is axum's [`Extension`] layer, so `.layer(Extension(manager))` is the same.
    pub fn layer(&self) -> Extension<Self> {
        Extension(self.clone())
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
    /// # Ok::<(), jwt_guard::MintError>(())
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
    /// # Ok::<(), jwt_guard::MintError>(())
    /// ```
    pub fn access_token(&self, identity: impl Serialize) -> TokenBuilder<'_> {
        TokenBuilder::new(self, TokenType::Access, identity)
    }

    /// Starts a refresh token with per-call options.
    pub fn refresh_token(&self, identity: impl Serialize) -> TokenBuilder<'_> {
        TokenBuilder::new(self, TokenType::Refresh, identity)
    }

    /// Revokes `token` until it expires (logout). A token without `exp` is
    /// remembered for the longest configured token lifetime.
    pub async fn revoke(&self, token: &Token) -> Result<(), StoreError> {
        let store = self.store()?;
        let jti = token.jti().ok_or(StoreError::NoJti)?;
        let until = token
            .expires_at()
            .unwrap_or_else(|| SystemTime::now() + self.longest_lifetime());
        store.revoke_jti(jti, until).await
    }

    /// Revokes every token of `identity` issued until now ("log out
    /// everywhere"), with no list of their `jti`s: the store keeps one entry for
    /// the identity, as long as the longest configured token lifetime.
    ///
    /// ```
    /// use jwt_guard::{JwtManager, MemoryStore};
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let manager = JwtManager::builder()
    ///     .secret("a-32-byte-secret-from-the-environment!")
    ///     .revocation_store(MemoryStore::new())
    ///     .build()?;
    /// let old = manager.verify(&manager.access_token("alice").issued_at(std::time::SystemTime::now() - std::time::Duration::from_secs(5)).mint()?)?;
    /// manager.revoke_all(&serde_json::json!("alice")).await?;
    /// assert!(manager.is_revoked(&old).await?);
    /// # Ok(())
    /// # }
    /// ```
    pub async fn revoke_all(&self, identity: &Value) -> Result<(), StoreError> {
        let store = self.store()?;
        let now = SystemTime::now();
        store
            .revoke_identity(&identity_key(identity), now, now + self.longest_lifetime())
            .await
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

    /// How long a token of this manager can live: an identity revocation must
    /// outlast every token issued before it.
    fn longest_lifetime(&self) -> Duration {
        let config = &self.inner.config;
        // Tokens without `exp` never expire; a year bounds the record anyway.
        let unbounded = Duration::from_secs(365 * 24 * 3600);
        let lifetime = |l: Option<Duration>| l.unwrap_or(unbounded);
        lifetime(config.access_lifetime).max(lifetime(config.refresh_lifetime)) + config.leeway
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
    pub(crate) fn from_parts(parts: &Parts, handler: &str) -> Result<Self, Response> {
        match parts.extensions.get::<Self>() {
            Some(manager) => Ok(manager.clone()),
            None => {
                tracing::error!(
                    handler,
                    "jwt-guard: no JwtManager on this request; add `.layer(manager.layer())` \
                     to the Router that serves this route"
                );
                Err(GuardError::manager_missing().into_response())
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
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Self::from_parts(parts, "JwtManager extractor")
    }
}

fn check_secret(secret: &[u8], algorithm: Algorithm) -> Result<(), ConfigError> {
    let min = match algorithm {
        Algorithm::HS256 => 32,
        Algorithm::HS384 => 48,
        Algorithm::HS512 => 64,
        other => return Err(ConfigError::UnsupportedAlgorithm(other)),
    };
    if secret.is_empty() {
        return Err(ConfigError::EmptySecret);
    }
    if secret.len() < min {
        return Err(ConfigError::WeakSecret {
            algorithm,
            reason: format!(
                "it has {} bytes and needs at least {min} (RFC 7518 §3.2)",
                secret.len()
            ),
        });
    }
    if secret.iter().all(|b| *b == secret[0]) {
        return Err(ConfigError::WeakSecret {
            algorithm,
            reason: "it is one byte repeated".to_owned(),
        });
    }
    Ok(())
}

fn check_allow_list(allowed: &[Algorithm], signing: Algorithm) -> Result<(), ConfigError> {
    if allowed.is_empty() {
        return Err(ConfigError::AllowList("it is empty".to_owned()));
    }
    if let Some(other) = allowed.iter().find(|a| a.family() != AlgorithmFamily::Hmac) {
        return Err(ConfigError::UnsupportedAlgorithm(*other));
    }
    if !allowed.contains(&signing) {
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
        }
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
        let iat = unix_seconds(now);
        payload.insert("fresh".into(), self.fresh.to_claim(now));
        payload.insert("iat".into(), iat.into());
        payload.insert("jti".into(), uuid::Uuid::new_v4().to_string().into());
        payload.insert("type".into(), self.token_type.as_str().into());
        payload.insert(config.identity_claim.clone(), identity);
        if config.encode_nbf {
            payload.insert("nbf".into(), iat.into());
        }
        let default_lifetime = match self.token_type {
            TokenType::Access => config.access_lifetime,
            TokenType::Refresh => config.refresh_lifetime,
        };
        if let Some(lifetime) = self.lifetime.unwrap_or(default_lifetime) {
            payload.insert("exp".into(), unix_seconds(now + lifetime).into());
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
        let header = Header::new(config.algorithm);
        jsonwebtoken::encode(&header, &payload, &inner.encoding_key)
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
        }
    }
}

impl std::error::Error for MintError {}
