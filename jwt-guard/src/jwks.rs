//! JWK Sets: serving this manager's public keys, and (feature `jwks`) keeping an
//! identity provider's keys from its JWKS URL.

use axum::Json;
use axum::http::header;
use axum::response::IntoResponse;

use crate::manager::JwtManager;

/// The handler for `/.well-known/jwks.json`: the manager's public keys, with a
/// five-minute cache lifetime (long enough to spare the server, short enough
/// for a rotation to be seen well within a token's lifetime).
///
/// ```
/// use axum::{Router, routing::get};
/// use jwt_guard::{Algorithm, JwtManager, Key, serve_jwks};
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

#[cfg(feature = "jwks")]
pub use remote::{OidcProvider, RemoteJwks, discover};

#[cfg(feature = "jwks")]
mod remote {
    use std::sync::atomic::{AtomicU64, Ordering};
    use std::sync::{Arc, RwLock};
    use std::time::{Duration, Instant};

    use jsonwebtoken::Algorithm;
    use jsonwebtoken::jwk::JwkSet;
    use serde::Deserialize;

    use crate::config::ConfigError;
    use crate::keys::{Key, KeySet};

    /// An identity provider's keys, fetched from its JWKS URL and cached.
    ///
    /// The keys are fetched on first use and again when a token names a `kid`
    /// the cache lacks — at most once per [`min_interval`](Self::min_interval),
    /// however many tokens arrive — or when the cache is older than
    /// [`max_age`](Self::max_age). Each fetch is bounded by
    /// [`timeout`](Self::timeout); while the provider is unreachable the cached
    /// keys keep working. There is never a request per incoming token.
    ///
    /// ```
    /// use std::time::Duration;
    /// use jwt_guard::{JwtManager, RemoteJwks};
    ///
    /// let manager = JwtManager::builder()
    ///     .remote_jwks(
    ///         RemoteJwks::new("https://idp.example/realms/main/protocol/openid-connect/certs")
    ///             .min_interval(Duration::from_secs(30))
    ///             .timeout(Duration::from_secs(2)),
    ///     )
    ///     .issuer("https://idp.example/realms/main")
    ///     .require_type(false)
    ///     .build()?;
    /// # let _ = manager;
    /// # Ok::<(), jwt_guard::ConfigError>(())
    /// ```
    #[derive(Clone)]
    pub struct RemoteJwks {
        url: String,
        min_interval: Duration,
        max_age: Duration,
        timeout: Duration,
        rsa_default: Algorithm,
        /// Shared by clones, so a clone kept by the application sees the
        /// manager's cache and counters.
        state: Arc<State>,
    }

    struct State {
        client: reqwest::Client,
        keys: RwLock<Arc<KeySet>>,
        /// When a fetch was last tried and last succeeded; the async mutex
        /// makes concurrent misses wait for one fetch instead of each making one.
        attempts: tokio::sync::Mutex<Attempts>,
        fetches: AtomicU64,
    }

    #[derive(Default)]
    struct Attempts {
        last_try: Option<Instant>,
        last_success: Option<Instant>,
    }

    impl RemoteJwks {
        /// Keys from `url` (an `https://` JWKS endpoint in production).
        pub fn new(url: impl Into<String>) -> Self {
            Self {
                url: url.into(),
                min_interval: Duration::from_secs(60),
                max_age: Duration::from_secs(3600),
                timeout: Duration::from_secs(3),
                rsa_default: Algorithm::RS256,
                state: Arc::new(State {
                    client: reqwest::Client::new(),
                    keys: RwLock::new(Arc::new(KeySet::default())),
                    attempts: tokio::sync::Mutex::new(Attempts::default()),
                    fetches: AtomicU64::new(0),
                }),
            }
        }

        /// The shortest time between two fetches (60 s by default): a flood of
        /// tokens with unknown `kid`s costs the provider one request per interval.
        pub fn min_interval(mut self, interval: Duration) -> Self {
            self.min_interval = interval;
            self
        }

        /// How old the cached keys may grow before the next token triggers a
        /// fetch, so keys the provider withdrew stop being trusted (1 h by default).
        pub fn max_age(mut self, age: Duration) -> Self {
            self.max_age = age;
            self
        }

        /// The longest one fetch may take (3 s by default).
        pub fn timeout(mut self, timeout: Duration) -> Self {
            self.timeout = timeout;
            self
        }

        /// The algorithm of RSA keys whose JWK has no `alg` (RS256 by default).
        pub fn rsa_default(mut self, algorithm: Algorithm) -> Self {
            self.rsa_default = algorithm;
            self
        }

        /// How many fetches were made (for monitoring).
        pub fn fetch_count(&self) -> u64 {
            self.state.fetches.load(Ordering::Relaxed)
        }

        pub(crate) fn snapshot(&self) -> Arc<KeySet> {
            match self.state.keys.read() {
                Ok(keys) => keys.clone(),
                Err(poisoned) => poisoned.into_inner().clone(),
            }
        }

        /// Whether the cached keys are missing or older than `max_age`, or a
        /// fetch is under way (which the caller then waits for, bounded by the
        /// fetch timeout, rather than verify against keys about to change).
        pub(crate) fn is_stale(&self) -> bool {
            match self.state.attempts.try_lock() {
                Ok(a) => a.last_success.is_none_or(|t| t.elapsed() >= self.max_age),
                Err(_) => true,
            }
        }

        /// Fetches the keys unless a fetch was tried within `min_interval`;
        /// on failure the cached keys stay.
        pub(crate) async fn refresh(&self) {
            let mut attempts = self.state.attempts.lock().await;
            if attempts
                .last_try
                .is_some_and(|t| t.elapsed() < self.min_interval)
            {
                return;
            }
            attempts.last_try = Some(Instant::now());
            self.state.fetches.fetch_add(1, Ordering::Relaxed);
            match self.fetch().await {
                Ok(keys) => {
                    attempts.last_success = Some(Instant::now());
                    let keys = Arc::new(keys);
                    match self.state.keys.write() {
                        Ok(mut slot) => *slot = keys,
                        Err(poisoned) => *poisoned.into_inner() = keys,
                    }
                }
                Err(err) => tracing::warn!(
                    url = %self.url,
                    %err,
                    "jwt-guard: cannot refresh the JWKS; keeping the cached keys"
                ),
            }
        }

        async fn fetch(&self) -> Result<KeySet, String> {
            let set: JwkSet = get_json(&self.state.client, &self.url, self.timeout).await?;
            let mut keys = KeySet::default();
            for jwk in &set.keys {
                // One unusable key (an encryption key, an unknown curve) must not
                // take the provider's other keys down with it.
                match Key::from_jwk(jwk, self.rsa_default) {
                    Ok(key) => {
                        if let Err(err) = keys.insert(key) {
                            tracing::warn!(%err, "jwt-guard: JWKS key skipped");
                        }
                    }
                    Err(err) => tracing::debug!(%err, "jwt-guard: JWKS key skipped"),
                }
            }
            Ok(keys)
        }
    }

    async fn get_json<T: serde::de::DeserializeOwned>(
        client: &reqwest::Client,
        url: &str,
        timeout: Duration,
    ) -> Result<T, String> {
        let response = client
            .get(url)
            .timeout(timeout)
            .send()
            .await
            .map_err(|e| e.to_string())?;
        if !response.status().is_success() {
            return Err(format!("{url} answered {}", response.status()));
        }
        let bytes = response.bytes().await.map_err(|e| e.to_string())?;
        serde_json::from_slice(&bytes).map_err(|e| format!("{url}: {e}"))
    }

    /// What OIDC discovery found: the issuer to require and its keys.
    #[derive(Clone)]
    pub struct OidcProvider {
        /// The `issuer` the provider names; require it with
        /// [`JwtConfig::issuer`](crate::JwtConfig::issuer).
        pub issuer: String,
        /// Its keys, from `jwks_uri`.
        pub jwks: RemoteJwks,
    }

    #[derive(Deserialize)]
    struct Discovery {
        issuer: String,
        jwks_uri: String,
    }

    /// OpenID Connect discovery: reads
    /// `{issuer}/.well-known/openid-configuration` for the `jwks_uri`, and
    /// checks that the document names the issuer it was asked for (OIDC
    /// Discovery §4.3).
    pub async fn discover(issuer: &str) -> Result<OidcProvider, ConfigError> {
        let url = format!(
            "{}/.well-known/openid-configuration",
            issuer.trim_end_matches('/')
        );
        let client = reqwest::Client::new();
        let found: Discovery = get_json(&client, &url, Duration::from_secs(5))
            .await
            .map_err(|e| ConfigError::Key(format!("OIDC discovery: {e}")))?;
        if found.issuer.trim_end_matches('/') != issuer.trim_end_matches('/') {
            return Err(ConfigError::Key(format!(
                "OIDC discovery: {url} names the issuer `{}`, not `{issuer}`",
                found.issuer
            )));
        }
        Ok(OidcProvider {
            issuer: found.issuer,
            jwks: RemoteJwks::new(found.jwks_uri),
        })
    }
}
