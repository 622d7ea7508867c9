//! The handle: what an application holds and clones. Everything it does reads
//! the shared state behind one `Arc`; the axum-side methods that run the
//! guard's pipeline (`authorize`, extraction) are in `extract.rs`, above it.

use std::fmt;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum::Extension;
use axum::response::Response;
use jsonwebtoken::jwk::JwkSet;
use serde::Serialize;
use serde_json::Value;

use crate::cache::TokenCache;
use crate::claims::{TokenType, end_of_time, floor_millis};
use crate::config::JwtConfig;
use crate::csrf::CsrfFormLayer;
use crate::error::GuardError;
use crate::mint::{MintError, TokenBuilder};
use crate::refresh::ImplicitRefreshLayer;
use crate::revoke::{RevocationStore, StoreError, identity_key};
use crate::set_cookies::JwtCookies;
use crate::shared::Shared;
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
///
/// A manager is only a handle to shared configuration: it never carries
/// anything of a request (the token a guard verified lives in the request's
/// own extensions), so a manager taken from one request can serve any other.
#[derive(Clone)]
pub struct JwtManager {
    pub(crate) inner: Arc<Shared>,
}

impl JwtManager {
    /// Starts a configuration with the strict defaults ([`JwtConfig::new`]).
    pub fn builder() -> JwtConfig {
        JwtConfig::new()
    }
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
        TokenBuilder::new(&self.inner, TokenType::Access, identity)
    }

    /// Starts a refresh token with per-call options.
    pub fn refresh_token(&self, identity: impl Serialize) -> TokenBuilder<'_> {
        TokenBuilder::new(&self.inner, TokenType::Refresh, identity)
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
    pub fn verify(&self, raw: &str) -> Result<Token, GuardError> {
        crate::verify::verify(&self.inner.verifier, raw.as_bytes(), SystemTime::now())
    }

    /// An empty set of cookie changes; add to it with
    /// [`set_access`](JwtCookies::set_access) and the other methods.
    pub fn cookies(&self) -> JwtCookies {
        JwtCookies::new(self.inner.clone())
    }

    /// A layer that lets plain HTML forms pass the CSRF check: on a
    /// state-changing request with an `application/x-www-form-urlencoded` body
    /// and no CSRF header, it reads the [`csrf_form_field`](JwtConfig::csrf_form_field)
    /// and hands it to the guard, then gives the handler the body unchanged
    /// (Flask-JWT-Extended's `JWT_CSRF_CHECK_FORM`). Form bodies over 64 KiB are
    /// refused with 413.
    ///
    /// ```
    /// use axum::{Router, routing::post};
    /// use jwt_guard::{JwtManager, TokenLocation, require_token};
    ///
    /// #[require_token]
    /// async fn logout() {}
    ///
    /// let manager = JwtManager::builder()
    ///     .secret("a-32-byte-secret-from-the-environment!")
    ///     .token_locations([TokenLocation::Cookies])
    ///     .build()?;
    /// let app: Router = Router::new()
    ///     .route("/logout", post(logout))
    ///     .layer(manager.csrf_form_layer())
    ///     .layer(manager.layer());
    /// # let _ = app;
    /// # Ok::<(), jwt_guard::ConfigError>(())
    /// ```
    pub fn csrf_form_layer(&self) -> CsrfFormLayer {
        CsrfFormLayer::new(self.inner.clone())
    }

    /// A layer that renews the access cookie of a request whose token expires
    /// within `window`: after a successful (2xx) response from a guarded route,
    /// it mints a new access token with the same identity, claims and CSRF value
    /// and sets it with [`JwtCookies::set_access`](crate::cookies::JwtCookies::set_access).
    ///
    /// Only a token that the route's guard accepted on this request is renewed,
    /// so a revoked, expired or refused token never comes back to life, and an
    /// unguarded page does not extend a session. The revocation store is asked
    /// again after the handler has answered: a handler that logs the session
    /// out (`revoke`, `revoke_all`) without clearing the cookie gets no new
    /// one, and neither does any request while the store cannot answer. Freshness is not extended: a
    /// `fresh: true` token is renewed as not fresh, a fresh-until time is kept.
    /// A response that sets or clears the access cookie itself (login, logout)
    /// is left alone.
    ///
    /// ```
    /// use std::time::Duration;
    /// use axum::{Router, routing::get};
    /// use jwt_guard::{JwtManager, TokenLocation, require_token};
    ///
    /// #[require_token]
    /// async fn page() -> &'static str { "hello" }
    ///
    /// let manager = JwtManager::builder()
    ///     .secret("a-32-byte-secret-from-the-environment!")
    ///     .token_locations([TokenLocation::Cookies])
    ///     .access_lifetime(Duration::from_secs(60 * 60))
    ///     .build()?;
    /// let app: Router = Router::new()
    ///     .route("/page", get(page))
    ///     .layer(manager.implicit_refresh(Duration::from_secs(30 * 60)))
    ///     .layer(manager.layer());
    /// # let _ = app;
    /// # Ok::<(), jwt_guard::ConfigError>(())
    /// ```
    pub fn implicit_refresh(&self, window: Duration) -> ImplicitRefreshLayer {
        ImplicitRefreshLayer::new(self.inner.clone(), window)
    }
}

impl fmt::Debug for JwtManager {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("JwtManager")
            .field(&self.inner.config)
            .finish()
    }
}
