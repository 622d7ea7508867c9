//! Every setter of [`JwtConfig`], its defaults and its `Debug`, in one place:
//! one `impl` block per concern. The settings a concern groups (cookies, CSRF)
//! and its start-up checks are in that concern's own file; `build()` and the
//! checks across concerns are `manager/build.rs`.

use std::fmt;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use axum::http::{HeaderName, Method};
use axum::response::Response;
use jsonwebtoken::Algorithm;
use serde_json::{Map, Value};

use crate::claims::TokenType;
use crate::config::cookies::SameSite;
use crate::config::user::LoadedUser;
use crate::config::{JwtConfig, TokenLocation};
use crate::error::GuardError;
use crate::keys::Key;
use crate::revoke::RevocationStore;
use crate::token::Token;
use crate::verify::{Acceptance, Limits};

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

/// Keys, verification rules, lifetimes, the header, and the application's hooks.
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

/// The user loader.
impl JwtConfig {
    /// Loads the application's user for a verified token. It runs on every
    /// guarded request, once, after revocation and the verification hook; `None`
    /// refuses the request with 401 `Error loading the user <identity>`. Handlers
    /// read the result with [`CurrentUser<U>`](crate::CurrentUser).
    ///
    /// ```
    /// use jwt_guard::{CurrentUser, JwtManager, require_token};
    ///
    /// #[derive(Clone)]
    /// struct User { name: String, admin: bool }
    ///
    /// let manager = JwtManager::builder()
    ///     .secret("a-32-byte-secret-from-the-environment!")
    ///     .user_loader(|token| async move {
    ///         // A database look-up, in a real service.
    ///         let name = token.identity_str()?.to_owned();
    ///         Some(User { admin: name == "root", name })
    ///     })
    ///     .build()
    ///     .unwrap();
    ///
    /// #[require_token]
    /// async fn me(CurrentUser(user): CurrentUser<User>) -> String {
    ///     format!("{} (admin: {})", user.name, user.admin)
    /// }
    /// # let _: axum::Router = axum::Router::new().route("/me", axum::routing::get(me)).layer(manager.layer());
    /// ```
    pub fn user_loader<U, F, Fut>(mut self, load: F) -> Self
    where
        U: Clone + Send + Sync + 'static,
        F: Fn(Token) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Option<U>> + Send + 'static,
    {
        self.user_loader = Some(Arc::new(move |token| {
            let user = load(token);
            Box::pin(async move { user.await.map(|u| LoadedUser(Arc::new(u))) })
        }));
        self
    }
}

/// Where tokens are looked for.
impl JwtConfig {
    /// Where requests carry their token, in the order they are looked for
    /// (the `Authorization` header alone by default). The first location that
    /// holds a token decides: a request is never retried with a later one.
    ///
    /// ```
    /// use jwt_guard::{JwtManager, TokenLocation};
    ///
    /// // Browsers send the cookie; API clients the header.
    /// let manager = JwtManager::builder()
    ///     .secret("a-32-byte-secret-from-the-environment!")
    ///     .token_locations([TokenLocation::Cookies, TokenLocation::Headers])
    ///     .build()?;
    /// # let _ = manager;
    /// # Ok::<(), jwt_guard::ConfigError>(())
    /// ```
    pub fn token_locations(mut self, locations: impl IntoIterator<Item = TokenLocation>) -> Self {
        self.locations = locations.into_iter().collect();
        self
    }

    /// The query parameter that carries the token when
    /// [`TokenLocation::Query`] is enabled (`jwt` by default).
    pub fn query_param(mut self, name: impl Into<String>) -> Self {
        self.query_param = name.into();
        self
    }

    /// Whether [`build`](Self::build) refuses a manager that lacks a location some
    /// route's `#[require_token(locations(..))]` names (on by default).
    ///
    /// The check sees every guarded handler linked into the program, so a program
    /// that runs several managers with different locations turns it off; such a
    /// route then answers 500 (and logs why) instead of reading the location.
    pub fn check_route_locations(mut self, on: bool) -> Self {
        self.check_route_locations = on;
        self
    }
}

/// The cookie settings.
impl JwtConfig {
    /// The cookie that carries access tokens (`access_token_cookie`).
    pub fn access_cookie_name(mut self, name: impl Into<String>) -> Self {
        self.cookies.set_name(0, name.into());
        self
    }

    /// The cookie that carries refresh tokens (`refresh_token_cookie`).
    pub fn refresh_cookie_name(mut self, name: impl Into<String>) -> Self {
        self.cookies.set_name(1, name.into());
        self
    }

    /// The script-readable cookie with the access token's CSRF value
    /// (`csrf_access_token`).
    pub fn csrf_access_cookie_name(mut self, name: impl Into<String>) -> Self {
        self.cookies.set_name(2, name.into());
        self
    }

    /// The script-readable cookie with the refresh token's CSRF value
    /// (`csrf_refresh_token`).
    pub fn csrf_refresh_cookie_name(mut self, name: impl Into<String>) -> Self {
        self.cookies.set_name(3, name.into());
        self
    }

    /// Puts `__Host-` in front of every cookie name (off by default):
    /// `__Host-access_token_cookie`, `__Host-csrf_access_token` and so on, for
    /// the cookies read and the cookies the helpers set or clear alike.
    ///
    /// Browsers keep such a cookie only if it is `Secure`, has `Path=/` and no
    /// `Domain`, and then only the exact host that set it can set or overwrite
    /// it: a sibling subdomain can no longer plant its own token cookie next to
    /// this site's (session fixation). [`build`](Self::build) refuses the option
    /// with [`cookie_secure(false)`](Self::cookie_secure), a
    /// [`cookie_domain`](Self::cookie_domain) or a cookie path other than `/`.
    /// The page's script reads the CSRF cookie under its new name.
    ///
    /// ```
    /// use jwt_guard::{JwtManager, TokenLocation};
    ///
    /// let manager = JwtManager::builder()
    ///     .secret("a-32-byte-secret-from-the-environment!")
    ///     .token_locations([TokenLocation::Cookies])
    ///     .host_prefixed_cookies(true)
    ///     .build()?;
    /// let token = manager.create_access_token("alice").unwrap();
    /// let set = manager.cookies().set_access(&token).to_header_values().unwrap();
    /// assert!(set[0].to_str().unwrap().starts_with("__Host-access_token_cookie="));
    ///
    /// // A refresh cookie limited to one path cannot be a __Host- cookie.
    /// let refused = JwtManager::builder()
    ///     .secret("a-32-byte-secret-from-the-environment!")
    ///     .token_locations([TokenLocation::Cookies])
    ///     .host_prefixed_cookies(true)
    ///     .refresh_cookie_path("/refresh")
    ///     .build();
    /// assert!(refused.is_err());
    /// # Ok::<(), jwt_guard::ConfigError>(())
    /// ```
    pub fn host_prefixed_cookies(mut self, on: bool) -> Self {
        self.cookies.set_host_prefix(on);
        self
    }

    /// The `Path` of the access cookie (`/`).
    pub fn access_cookie_path(mut self, path: impl Into<String>) -> Self {
        self.cookies.access_path = path.into();
        self
    }

    /// The `Path` of the refresh cookie (`/`). Setting it to the refresh route
    /// (`/refresh`) keeps the long-lived token off every other request.
    pub fn refresh_cookie_path(mut self, path: impl Into<String>) -> Self {
        self.cookies.refresh_path = path.into();
        self
    }

    /// The `Path` of both CSRF cookies (`/`): the pages whose script reads them.
    pub fn csrf_cookie_path(mut self, path: impl Into<String>) -> Self {
        self.cookies.csrf_path = path.into();
        self
    }

    /// The `Domain` of every cookie (none by default: the exact host only).
    pub fn cookie_domain(mut self, domain: impl Into<String>) -> Self {
        self.cookies.domain = Some(domain.into());
        self
    }

    /// Whether cookies are marked `Secure`, sent over HTTPS only (on by default;
    /// turn it off for plain-HTTP development only).
    pub fn cookie_secure(mut self, on: bool) -> Self {
        self.cookies.secure = on;
        self
    }

    /// Whether the token cookies are `HttpOnly`, out of reach of scripts (on by
    /// default). Turning it off lets any injected script steal the session;
    /// the CSRF cookies are never `HttpOnly`, since the page must read them.
    pub fn cookie_http_only(mut self, on: bool) -> Self {
        self.cookies.http_only = on;
        self
    }

    /// The `SameSite` attribute (`Lax` by default). [`SameSite::None`] needs
    /// [`cookie_secure`](Self::cookie_secure), which [`build`](Self::build) checks.
    pub fn cookie_same_site(mut self, same_site: SameSite) -> Self {
        self.cookies.same_site = same_site;
        self
    }

    /// Session cookies (the default: gone when the browser closes), or
    /// persistent ones (`false`) whose `Max-Age` is the token's remaining
    /// lifetime.
    pub fn session_cookies(mut self, on: bool) -> Self {
        self.cookies.session = on;
        self
    }
}

/// The CSRF double-submit settings.
impl JwtConfig {
    /// Whether cookie-borne tokens need the double-submit check (on by default).
    /// When off, minted tokens carry no `csrf` claim and the cookie helpers set
    /// no CSRF cookies; only turn it off when something else stops cross-site
    /// requests (`SameSite=Strict` alone does not cover sibling subdomains).
    pub fn csrf_protect(mut self, on: bool) -> Self {
        self.csrf.protect = on;
        self
    }

    /// The methods that need the CSRF header (POST, PUT, PATCH and DELETE by
    /// default). Other methods must not change state.
    ///
    /// ```
    /// use axum::http::Method;
    /// let config = jwt_guard::JwtConfig::new().csrf_methods([Method::POST, Method::DELETE]);
    /// # let _ = config;
    /// ```
    pub fn csrf_methods(mut self, methods: impl IntoIterator<Item = Method>) -> Self {
        self.csrf.methods = methods.into_iter().collect();
        self
    }

    /// The header that carries the CSRF value (`X-CSRF-TOKEN` by default).
    pub fn csrf_header_name(mut self, name: HeaderName) -> Self {
        self.csrf.header = name;
        self
    }

    /// The form field [`JwtManager::csrf_form_layer`](crate::JwtManager::csrf_form_layer) reads the CSRF value from
    /// (`csrf_token` by default).
    pub fn csrf_form_field(mut self, name: impl Into<String>) -> Self {
        self.csrf.form_field = name.into();
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
