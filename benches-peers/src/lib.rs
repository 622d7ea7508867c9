//! What the benchmarks share: one HS256 token that every contender accepts, the
//! contenders' routers, and the "floor": the least work an HS256 guard must do
//! (HMAC-SHA256, base64url, two small JSON documents), done without waste.
//!
//! The benches are in `benches/`; `src/bin/report.rs` prints their ratios; see
//! `BENCHMARKS.md` at the repository root.

use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use axum::Router;
use axum::body::Body;
use axum::extract::{FromRequestParts, Path};
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use axum::http::{HeaderValue, Request, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use jwt_guard::{JwtManager, Token, require_token};
use serde::Deserialize;
use serde::de::{self, Deserializer, IgnoredAny, Visitor};
use sha2::Sha256;
use tower::ServiceBuilder;

/// The HMAC secret every contender shares.
pub const SECRET: &str = "benchmark-secret-of-at-least-32-bytes!";

/// The audience every contender checks (axum-jwt-auth insists on one).
pub const AUDIENCE: &str = "jwt-guard-bench";

/// The identity in the token, and the path segment of the bound route.
pub const SUBJECT: &str = "alice";

/// The route every guarded contender serves, and the unprotected one.
pub const GUARDED: &str = "/guarded";

/// The unprotected route.
pub const OPEN: &str = "/open";

/// The route with a path variable bound to `sub`.
pub const BOUND: &str = "/users/alice";

/// The route guarded by `scope(orders = ["read"])`.
pub const SCOPE: &str = "/orders";

/// The route guarded by `claims(role = "admin")`.
pub const CLAIMS: &str = "/admin";

/// The route guarded by `sub = "username"` alone, for the subject.
pub const SUB: &str = "/subjects/alice";

/// Our manager, as the benches configure it: the defaults plus an audience.
pub fn manager() -> JwtManager {
    JwtManager::builder()
        .secret(SECRET)
        .audience(AUDIENCE)
        .build()
        .expect("the bench configuration is valid")
}

/// [`manager`] with the opt-in verified-token cache: a client sending the same
/// token again skips decoding and the signature check.
pub fn cached_manager() -> JwtManager {
    JwtManager::builder()
        .secret(SECRET)
        .audience(AUDIENCE)
        .token_cache(10_000, std::time::Duration::from_secs(60))
        .build()
        .expect("the bench configuration is valid")
}

/// Our manager for one asymmetric algorithm: the private key signs and
/// verifies, with the same audience as [`manager`].
pub fn asymmetric_manager(keys: &AsymmetricKeys) -> JwtManager {
    let key = jwt_guard::Key::from_pem(keys.algorithm, keys.private_pem)
        .expect("keys/ holds valid PEM keys");
    JwtManager::builder()
        .signing_key(key)
        .audience(AUDIENCE)
        .build()
        .expect("the bench configuration is valid")
}

/// The one token of every per-request bench: minted by our manager, HS256,
/// `sub`, `aud`, `exp`, `nbf`, `iat`, `jti`, `type`, `fresh`, plus a `role`
/// claim and a `scope` object for the guard that checks them.
pub fn token(manager: &JwtManager) -> String {
    manager
        .access_token(SUBJECT)
        .fresh(true)
        .claim("role", "admin")
        .claim(
            "scope",
            serde_json::json!({ "admin": true, "orders": ["read", "write"] }),
        )
        .mint()
        .expect("the bench token mints")
}

/// `GET uri` with `Authorization: Bearer <token>`; the header value is built
/// once, so each request costs the same for every contender.
pub fn request_maker(uri: &'static str, token: &str) -> impl Fn() -> Request<Body> + Clone {
    let auth =
        HeaderValue::from_str(&format!("Bearer {token}")).expect("a token is a header value");
    move || {
        let mut request = Request::get(uri)
            .body(Body::empty())
            .expect("a valid request");
        request.headers_mut().insert(AUTHORIZATION, auth.clone());
        request
    }
}

/// Seconds since 1970.
pub fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

// ---------------------------------------------------------------------------
// Handlers: every guarded one answers with the identity, the unprotected one
// with a constant of the same kind, so the bodies cost the same.

async fn open() -> String {
    String::from("anonymous")
}

#[require_token]
async fn guarded(token: Token) -> String {
    token.identity_str().unwrap_or_default().to_owned()
}

#[require_token(sub = "username", claims(role = "admin"), scope(admin = true))]
async fn bound(Path(username): Path<String>, token: Token) -> String {
    debug_assert_eq!(token.identity_str(), Some(username.as_str()));
    username
}

#[require_token(scope(orders = ["read"]))]
async fn scope_list(token: Token) -> String {
    token.identity_str().unwrap_or_default().to_owned()
}

#[require_token(claims(role = "admin"))]
async fn claims_role(token: Token) -> String {
    token.identity_str().unwrap_or_default().to_owned()
}

#[require_token(sub = "username")]
async fn sub_path(Path(username): Path<String>, token: Token) -> String {
    debug_assert_eq!(token.identity_str(), Some(username.as_str()));
    username
}

#[require_token(optional)]
async fn optional(token: Option<Token>) -> String {
    token
        .and_then(|t| t.identity_str().map(str::to_owned))
        .unwrap_or_default()
}

/// The unprotected route and our three guards, behind our manager's layer.
pub fn ours(manager: &JwtManager) -> Router {
    Router::new()
        .route(OPEN, get(open))
        .route(GUARDED, get(guarded))
        .route("/users/{username}", get(bound))
        .route(SCOPE, get(scope_list))
        .route(CLAIMS, get(claims_role))
        .route("/subjects/{username}", get(sub_path))
        .route("/optional", get(optional))
        .layer(manager.layer())
}

// ---------------------------------------------------------------------------
// The hand-written extractor: what an application writes with jsonwebtoken
// alone, with the key and the validation built once.

/// The claims the peers and the hand-written extractor deserialize.
#[derive(Debug, Clone, Deserialize)]
pub struct PeerClaims {
    /// The identity.
    pub sub: String,
    /// Access or refresh (unchecked by the peers; they do not know it).
    #[serde(rename = "type")]
    pub token_type: String,
}

/// The key and validation of the hand-written extractor.
pub struct HandDecoder {
    key: jsonwebtoken::DecodingKey,
    validation: jsonwebtoken::Validation,
}

impl HandDecoder {
    /// HS256 over [`SECRET`], `exp` and `nbf` checked, `aud` = [`AUDIENCE`].
    pub fn new() -> Self {
        let mut validation = jsonwebtoken::Validation::new(jsonwebtoken::Algorithm::HS256);
        validation.set_audience(&[AUDIENCE]);
        validation.validate_nbf = true;
        Self {
            key: jsonwebtoken::DecodingKey::from_secret(SECRET.as_bytes()),
            validation,
        }
    }

    /// `jsonwebtoken::decode` with this key and validation.
    pub fn decode<T: serde::de::DeserializeOwned>(
        &self,
        token: &str,
    ) -> jsonwebtoken::errors::Result<T> {
        jsonwebtoken::decode::<T>(token, &self.key, &self.validation).map(|data| data.claims)
    }
}

impl Default for HandDecoder {
    fn default() -> Self {
        Self::new()
    }
}

/// The hand-written extractor: bearer header → `jsonwebtoken::decode`.
pub struct HandWritten(pub PeerClaims);

impl<S: Send + Sync> FromRequestParts<S> for HandWritten {
    type Rejection = StatusCode;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let decoder = parts
            .extensions
            .get::<Arc<HandDecoder>>()
            .ok_or(StatusCode::INTERNAL_SERVER_ERROR)?;
        let token = parts
            .headers
            .get(AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .ok_or(StatusCode::UNAUTHORIZED)?;
        decoder
            .decode(token)
            .map(Self)
            .map_err(|_| StatusCode::UNAUTHORIZED)
    }
}

async fn hand_written(HandWritten(claims): HandWritten) -> String {
    claims.sub
}

/// The hand-written extractor on [`GUARDED`].
pub fn hand_written_router() -> Router {
    Router::new()
        .route(GUARDED, get(hand_written))
        .layer(axum::Extension(Arc::new(HandDecoder::new())))
}

// ---------------------------------------------------------------------------
// jwt-authorizer 0.15: a tower layer built for axum 0.7. It runs unchanged in
// an axum 0.8 router; only its rejection must be turned into a 0.8 response,
// which costs nothing on the accepted requests measured here.

/// The inner service's response as jwt-authorizer needs it (`From<AuthError>`).
pub struct AuthorizerResponse(Response);

impl From<jwt_authorizer::AuthError> for AuthorizerResponse {
    fn from(_: jwt_authorizer::AuthError) -> Self {
        // Its own response is an axum 0.7 one; the benches never reach here.
        Self(StatusCode::UNAUTHORIZED.into_response())
    }
}

impl IntoResponse for AuthorizerResponse {
    fn into_response(self) -> Response {
        self.0
    }
}

async fn authorizer_handler(
    axum::Extension(data): axum::Extension<jsonwebtoken_9::TokenData<PeerClaims>>,
) -> String {
    data.claims.sub
}

/// jwt-authorizer's layer on [`GUARDED`] (HS256, `aud`, `exp`, `nbf`).
pub async fn jwt_authorizer_router() -> Router {
    use jwt_authorizer::{IntoLayer, JwtAuthorizer, Validation};
    let layer = JwtAuthorizer::<PeerClaims>::from_secret(SECRET)
        .validation(Validation::new().aud(&[AUDIENCE]).nbf(true))
        .build()
        .await
        .expect("jwt-authorizer builds")
        .into_layer();
    Router::new().route(
        GUARDED,
        get(authorizer_handler).layer(
            ServiceBuilder::new()
                .layer(layer)
                .map_response(AuthorizerResponse),
        ),
    )
}

// ---------------------------------------------------------------------------
// axum-jwt-auth 0.7: an extractor with its decoder in the router state.

async fn axum_jwt_auth_handler(claims: axum_jwt_auth::Claims<PeerClaims>) -> String {
    claims.claims.sub
}

/// axum-jwt-auth's `Claims<T>` on [`GUARDED`] (HS256, `aud`, `exp`, `nbf`).
pub fn axum_jwt_auth_router() -> Router {
    let mut validation = jsonwebtoken_10::Validation::new(jsonwebtoken_10::Algorithm::HS256);
    validation.set_audience(&[AUDIENCE]);
    validation.validate_nbf = true;
    let decoder = axum_jwt_auth::LocalDecoder::builder()
        .keys(vec![jsonwebtoken_10::DecodingKey::from_secret(
            SECRET.as_bytes(),
        )])
        .validation(validation)
        .build()
        .expect("axum-jwt-auth builds");
    let decoder: axum_jwt_auth::Decoder<PeerClaims> = Arc::new(decoder);
    Router::new()
        .route(GUARDED, get(axum_jwt_auth_handler))
        .with_state(decoder)
}

// ---------------------------------------------------------------------------
// The floor: each part of an HS256 verification alone, and a lean path that
// does only those parts, once each.

/// An HMAC-SHA256 key with its pads computed once.
#[derive(Clone)]
pub struct LeanKey(Hmac<Sha256>);

impl LeanKey {
    /// Keys the MAC with `secret`.
    pub fn new(secret: &[u8]) -> Self {
        Self(Hmac::new_from_slice(secret).expect("HMAC takes any key length"))
    }

    /// Whether `signature` (raw bytes) is the MAC of `message`, in constant time.
    pub fn verify(&self, message: &[u8], signature: &[u8]) -> bool {
        let mut mac = self.0.clone();
        mac.update(message);
        mac.verify_slice(signature).is_ok()
    }
}

/// A token cut at its dots: `(header, payload, signature)`, still base64url.
pub fn segments(token: &str) -> Option<(&str, &str, &str)> {
    let (header, rest) = token.split_once('.')?;
    let (payload, signature) = rest.split_once('.')?;
    (!signature.contains('.')).then_some((header, payload, signature))
}

/// The base64url decoding of the three segments: header and signature into
/// stack buffers, the payload into the one allocation a token would keep.
pub fn decode_segments(
    (header, payload, signature): (&str, &str, &str),
    header_buf: &mut [u8; 256],
    signature_buf: &mut [u8; 64],
) -> Option<(usize, Vec<u8>, usize)> {
    let h = URL_SAFE_NO_PAD.decode_slice(header, header_buf).ok()?;
    let s = URL_SAFE_NO_PAD
        .decode_slice(signature, signature_buf)
        .ok()?;
    let p = URL_SAFE_NO_PAD.decode(payload).ok()?;
    Some((h, p, s))
}

/// The header fields a verifier reads; the rest is skipped unparsed.
#[derive(Debug, Deserialize)]
pub struct LeanHeader<'a> {
    /// The algorithm.
    #[serde(borrow)]
    pub alg: &'a str,
    /// Critical extensions (a verifier must refuse the token if present).
    pub crit: Option<IgnoredAny>,
}

/// The token type claim, without allocating.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// `"access"`.
    Access,
    /// `"refresh"`.
    Refresh,
}

/// `fresh`: a bool or a NumericDate until which the token is fresh.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum LeanFresh {
    /// `true` / `false`.
    Flag(bool),
    /// Fresh until then (seconds since 1970).
    Until(f64),
}

impl<'de> Deserialize<'de> for LeanFresh {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct FreshVisitor;
        impl Visitor<'_> for FreshVisitor {
            type Value = LeanFresh;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("true, false or a NumericDate")
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<LeanFresh, E> {
                Ok(LeanFresh::Flag(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<LeanFresh, E> {
                Ok(LeanFresh::Until(v as f64))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<LeanFresh, E> {
                Ok(LeanFresh::Until(v as f64))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<LeanFresh, E> {
                Ok(LeanFresh::Until(v))
            }
        }
        deserializer.deserialize_any(FreshVisitor)
    }
}

/// The reserved claims into a derived struct; the other claims are skipped and
/// stay in the raw payload until something asks for them.
#[derive(Debug, Deserialize)]
pub struct LeanClaims {
    /// The identity.
    pub sub: String,
    /// Expiry, seconds since 1970.
    pub exp: f64,
    /// Not before.
    pub nbf: Option<f64>,
    /// Issued at.
    pub iat: Option<f64>,
    /// The audience (one string in these benches).
    pub aud: Option<String>,
    /// The token's id.
    pub jti: Option<String>,
    /// Access or refresh.
    #[serde(rename = "type")]
    pub kind: Kind,
    /// Freshness.
    pub fresh: Option<LeanFresh>,
}

/// A token verified the lean way: its reserved claims and its raw payload.
#[derive(Debug)]
pub struct LeanToken {
    /// The reserved claims.
    pub claims: LeanClaims,
    /// The decoded payload JSON, for claims read later.
    pub payload: Vec<u8>,
}

/// The floor as running code: split, base64url, header, HMAC, claims, times
/// and audience, each once. Not a verifier to ship (no error detail, one
/// audience form); a measure of what the work costs.
pub fn lean_decode(key: &LeanKey, token: &str, now: u64) -> Option<LeanToken> {
    let parts = segments(token)?;
    let mut header_buf = [0u8; 256];
    let mut signature_buf = [0u8; 64];
    let (h, payload, s) = decode_segments(parts, &mut header_buf, &mut signature_buf)?;
    let header: LeanHeader<'_> = serde_json::from_slice(&header_buf[..h]).ok()?;
    if header.alg != "HS256" || header.crit.is_some() {
        return None;
    }
    let message = &token.as_bytes()[..parts.0.len() + 1 + parts.1.len()];
    if !key.verify(message, &signature_buf[..s]) {
        return None;
    }
    let claims: LeanClaims = serde_json::from_slice(&payload).ok()?;
    let now = now as f64;
    let valid = claims.exp > now
        && claims.nbf.is_none_or(|nbf| nbf <= now)
        // `iat` carries milliseconds; `now` is whole seconds.
        && claims.iat.is_none_or(|iat| iat.floor() <= now)
        && claims.aud.as_deref() == Some(AUDIENCE);
    valid.then_some(LeanToken { claims, payload })
}

// ---------------------------------------------------------------------------
// Asymmetric keys for the per-operation benches (test keys, for benches only).

/// One asymmetric algorithm with its PEM key pair from `keys/`.
pub struct AsymmetricKeys {
    /// The bench name: `RS256`, `ES256`, `EdDSA`.
    pub name: &'static str,
    /// The algorithm.
    pub algorithm: jsonwebtoken::Algorithm,
    /// PKCS#8 private key, PEM.
    pub private_pem: &'static [u8],
    /// SPKI public key, PEM.
    pub public_pem: &'static [u8],
}

/// RS256 (RSA 2048), ES256 (P-256) and EdDSA (Ed25519).
pub const ASYMMETRIC: [AsymmetricKeys; 3] = [
    AsymmetricKeys {
        name: "RS256",
        algorithm: jsonwebtoken::Algorithm::RS256,
        private_pem: include_bytes!("../keys/rsa-private.pem"),
        public_pem: include_bytes!("../keys/rsa-public.pem"),
    },
    AsymmetricKeys {
        name: "ES256",
        algorithm: jsonwebtoken::Algorithm::ES256,
        private_pem: include_bytes!("../keys/ec-private.pem"),
        public_pem: include_bytes!("../keys/ec-public.pem"),
    },
    AsymmetricKeys {
        name: "EdDSA",
        algorithm: jsonwebtoken::Algorithm::EdDSA,
        private_pem: include_bytes!("../keys/ed-private.pem"),
        public_pem: include_bytes!("../keys/ed-public.pem"),
    },
];

impl AsymmetricKeys {
    /// jsonwebtoken's keys for this algorithm: `(encoding, decoding)`.
    pub fn jsonwebtoken_keys(&self) -> (jsonwebtoken::EncodingKey, jsonwebtoken::DecodingKey) {
        use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey};
        let pair = match self.algorithm {
            Algorithm::RS256 => (
                EncodingKey::from_rsa_pem(self.private_pem),
                DecodingKey::from_rsa_pem(self.public_pem),
            ),
            Algorithm::ES256 => (
                EncodingKey::from_ec_pem(self.private_pem),
                DecodingKey::from_ec_pem(self.public_pem),
            ),
            _ => (
                EncodingKey::from_ed_pem(self.private_pem),
                DecodingKey::from_ed_pem(self.public_pem),
            ),
        };
        match pair {
            (Ok(encoding), Ok(decoding)) => (encoding, decoding),
            _ => panic!("keys/ holds valid {} PEM keys", self.name),
        }
    }
}
