//! An identity provider's keys, fetched from its JWKS URL and cached
//! (feature `jwks`), and OpenID Connect discovery; public as `jwt_guard::jwks`.

#[cfg(feature = "jwks")]
pub use remote::{OidcProvider, RemoteJwks};

#[cfg(feature = "jwks")]
mod remote {
    use std::net::IpAddr;
    use std::sync::atomic::{AtomicU64, Ordering};
    use std::sync::{Arc, Mutex, RwLock};
    use std::time::{Duration, Instant};

    use jsonwebtoken::Algorithm;
    use jsonwebtoken::jwk::JwkSet;
    use serde::Deserialize;

    use crate::error::ConfigError;
    use crate::keys::{Key, KeySet};

    /// The largest JWKS or discovery document read (1 MiB): a provider's
    /// handful of keys takes a few kilobytes, and a larger answer is refused
    /// before it is held in memory whole.
    const MAX_DOCUMENT_BYTES: usize = 1024 * 1024;

    /// An identity provider's keys, fetched from its JWKS URL and cached.
    ///
    /// The keys are fetched on first use and again when a token names a `kid`
    /// the cache lacks — at most once per [`min_interval`](Self::min_interval),
    /// however many tokens arrive — or when the cache is older than
    /// [`max_age`](Self::max_age). One fetch runs at a time: tokens that need
    /// new keys while it runs wait for that fetch instead of starting their
    /// own, and tokens the cached keys can answer never wait for it. Each
    /// fetch is bounded by [`timeout`](Self::timeout) and by a 1 MiB answer;
    /// redirects are not followed. While the provider is unreachable the
    /// cached keys keep working. There is never a request per incoming token.
    ///
    /// The URL must be `https://`, except on a loopback host (`127.0.0.0/8`,
    /// `::1`, `localhost`) or with [`allow_http`](Self::allow_http); building
    /// the manager checks it.
    ///
    /// ```
    /// use std::time::Duration;
    /// use jwt_guard::JwtManager;
    /// use jwt_guard::jwks::RemoteJwks;
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
    ///
    /// // Keys over plain HTTP could be swapped by anyone on the way.
    /// let plain = JwtManager::builder()
    ///     .remote_jwks(RemoteJwks::new("http://idp.example/certs"))
    ///     .build();
    /// assert!(plain.unwrap_err().to_string().contains("use https://"));
    /// # Ok::<(), jwt_guard::ConfigError>(())
    /// ```
    #[cfg_attr(docsrs, doc(cfg(feature = "jwks")))]
    #[derive(Clone)]
    pub struct RemoteJwks {
        url: String,
        min_interval: Duration,
        max_age: Duration,
        timeout: Duration,
        rsa_default: Algorithm,
        allow_http: bool,
        /// Shared by clones, so a clone kept by the application sees the
        /// manager's cache and counters.
        state: Arc<State>,
    }

    struct State {
        /// Built once; a failure is reported when the manager is built.
        client: Result<reqwest::Client, String>,
        /// The keys verifications read. The lock is held only to clone the
        /// `Arc` or to swap in a new set, never across a fetch.
        current: RwLock<Current>,
        /// Held for the whole of a fetch, so there is one at a time; it
        /// holds when the last fetch was tried.
        fetch: tokio::sync::Mutex<Option<Instant>>,
        /// Fetches that ended (either way): a caller that waited for the
        /// lock while this moved has the newest keys there are.
        ended: AtomicU64,
        fetches: AtomicU64,
        last_error: Mutex<Option<String>>,
    }

    #[derive(Default)]
    struct Current {
        keys: Arc<KeySet>,
        loaded_at: Option<Instant>,
    }

    impl RemoteJwks {
        /// Keys from `url`, an `https://` JWKS endpoint (plain `http://` only on
        /// a loopback host or with [`allow_http`](Self::allow_http)).
        pub fn new(url: impl Into<String>) -> Self {
            Self {
                url: url.into(),
                min_interval: Duration::from_secs(60),
                max_age: Duration::from_secs(3600),
                timeout: Duration::from_secs(3),
                rsa_default: Algorithm::RS256,
                allow_http: false,
                state: Arc::new(State {
                    client: client(),
                    current: RwLock::new(Current::default()),
                    fetch: tokio::sync::Mutex::new(None),
                    ended: AtomicU64::new(0),
                    fetches: AtomicU64::new(0),
                    last_error: Mutex::new(None),
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
        /// fetch, so keys the provider withdrew stop being trusted (1 h by
        /// default). Tokens arriving while that fetch runs wait for it.
        pub fn max_age(mut self, age: Duration) -> Self {
            self.max_age = age;
            self
        }

        /// The longest one fetch may take, reading the answer included (3 s by
        /// default).
        pub fn timeout(mut self, timeout: Duration) -> Self {
            self.timeout = timeout;
            self
        }

        /// The algorithm of RSA keys whose JWK has no `alg` (RS256 by default).
        pub fn rsa_default(mut self, algorithm: Algorithm) -> Self {
            self.rsa_default = algorithm;
            self
        }

        /// Accepts an `http://` URL on any host (off by default). Keys fetched
        /// in the clear can be replaced by anyone on the network path, who can
        /// then sign any token: only for a network where that cannot happen.
        /// Loopback hosts need no opt-in.
        ///
        /// ```
        /// use jwt_guard::JwtManager;
        /// use jwt_guard::jwks::RemoteJwks;
        ///
        /// let manager = JwtManager::builder()
        ///     .remote_jwks(RemoteJwks::new("http://idp.internal/certs").allow_http(true))
        ///     .build();
        /// assert!(manager.is_ok());
        /// ```
        pub fn allow_http(mut self, allow: bool) -> Self {
            self.allow_http = allow;
            self
        }

        /// How many fetches were made (for monitoring).
        pub fn fetch_count(&self) -> u64 {
            self.state.fetches.load(Ordering::Relaxed)
        }

        /// Why the last fetch failed, or `None` if it succeeded (or none was
        /// made yet), for monitoring: the cached keys stay in use meanwhile.
        pub fn last_error(&self) -> Option<String> {
            match self.state.last_error.lock() {
                Ok(err) => err.clone(),
                Err(poisoned) => poisoned.into_inner().clone(),
            }
        }

        /// What building the manager checks: the URL's scheme, and that the
        /// HTTP client could be made.
        pub(crate) fn check(&self) -> Result<(), ConfigError> {
            check_url(
                &self.url,
                "JWKS URL",
                self.allow_http,
                "RemoteJwks::allow_http(true)",
            )?;
            match &self.state.client {
                Ok(_) => Ok(()),
                Err(err) => Err(ConfigError::RemoteJwks(err.clone())),
            }
        }

        fn current(&self) -> std::sync::RwLockReadGuard<'_, Current> {
            self.state
                .current
                .read()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
        }

        pub(crate) fn snapshot(&self) -> Arc<KeySet> {
            self.current().keys.clone()
        }

        /// Whether the keys must be fetched before a token can be checked:
        /// there are none yet, or they are older than `max_age`. A fetch under
        /// way does not make them stale: tokens the current keys can answer
        /// go ahead while it runs.
        pub(crate) fn is_stale(&self) -> bool {
            self.current()
                .loaded_at
                .is_none_or(|t| t.elapsed() >= self.max_age)
        }

        /// Fetches the keys unless a fetch was tried within `min_interval`,
        /// or one ended while this caller waited its turn (its keys are as
        /// new as another fetch's would be); on failure the cached keys stay.
        pub(crate) async fn refresh(&self) {
            // The fetch runs as a task of its own where there is a runtime to
            // spawn it on: a caller that goes away (a client closing its
            // connection) must not cancel the one fetch every other caller is
            // waiting for, which would leave them without the new keys until
            // `min_interval` had passed.
            match tokio::runtime::Handle::try_current() {
                Ok(runtime) => {
                    let this = self.clone();
                    let _ = runtime.spawn(async move { this.fetch_once().await }).await;
                }
                Err(_) => self.fetch_once().await,
            }
        }

        async fn fetch_once(&self) {
            let state = &*self.state;
            let seen = state.ended.load(Ordering::Acquire);
            // Single flight: whoever needs new keys while a fetch runs waits
            // here for it. Only the fetch holds this lock; readers of the
            // current keys never take it.
            let mut last_try = state.fetch.lock().await;
            if state.ended.load(Ordering::Acquire) != seen {
                return;
            }
            if last_try.is_some_and(|t| t.elapsed() < self.min_interval) {
                return;
            }
            *last_try = Some(Instant::now());
            state.fetches.fetch_add(1, Ordering::Relaxed);
            let outcome = self.fetch().await;
            let error = match outcome {
                Ok(keys) => {
                    let fresh = Current {
                        keys: Arc::new(keys),
                        loaded_at: Some(Instant::now()),
                    };
                    *state
                        .current
                        .write()
                        .unwrap_or_else(std::sync::PoisonError::into_inner) = fresh;
                    None
                }
                Err(err) => {
                    tracing::warn!(
                        url = %self.url,
                        %err,
                        "jwt-guard: cannot refresh the JWKS; keeping the cached keys"
                    );
                    Some(err)
                }
            };
            *state
                .last_error
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner) = error;
            state.ended.fetch_add(1, Ordering::Release);
        }

        async fn fetch(&self) -> Result<KeySet, String> {
            let client = self.state.client.as_ref().map_err(Clone::clone)?;
            let set: JwkSet = get_json(client, &self.url, self.timeout).await?;
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

    /// The client for every fetch: it follows no redirect, because the URL is
    /// the application's choice and a redirect would hand that choice (and
    /// the scheme) to whoever answers it.
    fn client() -> Result<reqwest::Client, String> {
        reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| format!("cannot make the HTTP client for fetching keys: {e}"))
    }

    /// `https://`, or `http://` on a loopback host or with the opt-in: keys
    /// (or the document that names them) fetched in the clear can be
    /// replaced on the way, and whoever replaces them can sign any token.
    fn check_url(url: &str, what: &str, allow_http: bool, opt_in: &str) -> Result<(), ConfigError> {
        let refuse = |why: String| Err(ConfigError::RemoteJwks(why));
        let parsed = match reqwest::Url::parse(url) {
            Ok(parsed) => parsed,
            Err(err) => return refuse(format!("the {what} `{url}` is not a URL: {err}")),
        };
        match parsed.scheme() {
            "https" => Ok(()),
            "http" if allow_http || is_loopback(&parsed) => Ok(()),
            "http" => refuse(format!(
                "the {what} `{url}` uses http://, so anyone on the network path could \
                 replace the keys and sign any token; use https:// (plain http is accepted \
                 for loopback hosts, or everywhere with {opt_in})"
            )),
            other => refuse(format!(
                "the {what} `{url}` has the scheme `{other}:`; use https://"
            )),
        }
    }

    /// `localhost`, `127.0.0.0/8` or `::1`: traffic that never leaves the machine.
    fn is_loopback(url: &reqwest::Url) -> bool {
        let Some(host) = url.host_str() else {
            return false;
        };
        let bare = host.trim_start_matches('[').trim_end_matches(']');
        host.eq_ignore_ascii_case("localhost")
            || bare.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
    }

    async fn get_json<T: serde::de::DeserializeOwned>(
        client: &reqwest::Client,
        url: &str,
        timeout: Duration,
    ) -> Result<T, String> {
        let mut response = client
            .get(url)
            .timeout(timeout)
            .send()
            .await
            .map_err(|e| e.to_string())?;
        let status = response.status();
        if status.is_redirection() {
            let to = response
                .headers()
                .get(reqwest::header::LOCATION)
                .and_then(|l| l.to_str().ok())
                .map(|l| format!(" to `{}`", l.escape_default()))
                .unwrap_or_default();
            return Err(format!(
                "{url} answered {status}{to}; redirects are not followed: configure the URL the keys are at"
            ));
        }
        if !status.is_success() {
            return Err(format!("{url} answered {status}"));
        }
        let too_large = || {
            format!(
                "{url}: the answer is larger than the limit of 1 MiB ({MAX_DOCUMENT_BYTES} bytes)"
            )
        };
        // A declared length over the limit is refused before reading; an
        // undeclared one is read up to the limit and no further.
        if response
            .content_length()
            .is_some_and(|n| n > MAX_DOCUMENT_BYTES as u64)
        {
            return Err(too_large());
        }
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(|e| e.to_string())? {
            if body.len() + chunk.len() > MAX_DOCUMENT_BYTES {
                return Err(too_large());
            }
            body.extend_from_slice(&chunk);
        }
        serde_json::from_slice(&body).map_err(|e| format!("{url}: {e}"))
    }

    /// What OIDC discovery found: the issuer to require and its keys
    /// ([`OidcProvider::discover`]).
    #[cfg_attr(docsrs, doc(cfg(feature = "jwks")))]
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

    impl OidcProvider {
        /// OpenID Connect discovery: reads
        /// `{issuer}/.well-known/openid-configuration` for the `jwks_uri`, and
        /// checks that the document names the issuer it was asked for (OIDC
        /// Discovery §4.3).
        ///
        /// The issuer and the `jwks_uri` must be `https://` (or on a loopback
        /// host): a document read in the clear could name any keys. Both are
        /// checked before anything is fetched from them; see
        /// [`discover_allowing_http`](Self::discover_allowing_http) for a
        /// network where plain HTTP is safe.
        ///
        /// ```
        /// use jwt_guard::JwtManager;
        /// use jwt_guard::jwks::OidcProvider;
        ///
        /// # #[tokio::main(flavor = "current_thread")]
        /// # async fn main() {
        /// # async fn build() -> Result<JwtManager, jwt_guard::ConfigError> {
        /// let provider = OidcProvider::discover("https://idp.example/realms/main").await?;
        /// let manager = JwtManager::builder()
        ///     .issuer(provider.issuer)
        ///     .remote_jwks(provider.jwks)
        ///     .require_type(false)
        ///     .build()?;
        /// # Ok(manager)
        /// # }
        /// # let _ = build;
        /// let err = OidcProvider::discover("http://idp.example").await.err().unwrap();
        /// assert!(err.to_string().contains("use https://"));
        /// # }
        /// ```
        pub async fn discover(issuer: &str) -> Result<Self, ConfigError> {
            discover_with(issuer, false).await
        }

        /// [`discover`](Self::discover) that accepts `http://` for the issuer
        /// and its `jwks_uri` on any host, and gives the keys
        /// [`RemoteJwks::allow_http`]: only for a network where nobody can
        /// alter traffic.
        pub async fn discover_allowing_http(issuer: &str) -> Result<Self, ConfigError> {
            discover_with(issuer, true).await
        }
    }

    async fn discover_with(issuer: &str, allow_http: bool) -> Result<OidcProvider, ConfigError> {
        const OPT_IN: &str = "OidcProvider::discover_allowing_http";
        let url = format!(
            "{}/.well-known/openid-configuration",
            issuer.trim_end_matches('/')
        );
        check_url(&url, "OIDC discovery URL", allow_http, OPT_IN)?;
        let client = client().map_err(ConfigError::RemoteJwks)?;
        let found: Discovery = get_json(&client, &url, Duration::from_secs(5))
            .await
            .map_err(|e| ConfigError::Key(format!("OIDC discovery: {e}")))?;
        if found.issuer.trim_end_matches('/') != issuer.trim_end_matches('/') {
            return Err(ConfigError::Key(format!(
                "OIDC discovery: {url} names the issuer `{}`, not `{issuer}`",
                found.issuer
            )));
        }
        check_url(
            &found.jwks_uri,
            &format!("jwks_uri that {url} names"),
            allow_http,
            OPT_IN,
        )?;
        Ok(OidcProvider {
            issuer: found.issuer,
            jwks: RemoteJwks::new(found.jwks_uri).allow_http(allow_http),
        })
    }
}
