//! Every way a guarded request can fail, and the RFC 6750 response each one gets.

use std::borrow::Cow;
use std::fmt;

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use jsonwebtoken::Algorithm;

use crate::location::TokenLocation;

/// Why a request was refused.
///
/// The kind decides the status and the RFC 6750 `error` code; the message is the
/// human text sent as `msg`. Match on the kind in a custom responder (see
/// [`JwtConfig::on_error`](crate::JwtConfig::on_error)); new kinds may be added.
///
/// ```
/// use axum::http::StatusCode;
/// use jwt_guard::{GuardError, GuardErrorKind};
///
/// let err = GuardError::new(GuardErrorKind::Expired, "Token has expired");
/// assert_eq!(err.status(), StatusCode::UNAUTHORIZED);
/// assert_eq!(err.error_code(), Some("invalid_token"));
/// assert_eq!(err.msg(), "Token has expired");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum GuardErrorKind {
    /// No token where one is required (401, no `error` code: RFC 6750 §3.1).
    MissingToken,
    /// The request itself is malformed, whatever its token holds (400
    /// `invalid_request`): an `Authorization` header that is not a list of
    /// RFC 7235 credentials, a `Bearer` credential that is not one RFC 6750
    /// `b64token` (no token, two words, a quoted string, parameters), several
    /// tokens, bytes outside visible ASCII, an empty or repeated query parameter.
    InvalidRequest,
    /// The token is not a well-formed JWS compact token, or the request holds
    /// several different copies of it in cookies of the same name (401
    /// `invalid_token`).
    Malformed,
    /// The token, its `jti` or its claim nesting exceeds a configured limit
    /// (401 `invalid_token`, wherever the token came from: the token is at
    /// fault, not the request that carried it).
    TooLarge,
    /// The header names an algorithm outside the allow-list, `none` included.
    DisallowedAlgorithm,
    /// The signature does not match.
    InvalidSignature,
    /// The token names a `kid` the manager has no key for.
    UnknownKey,
    /// `exp` has passed.
    Expired,
    /// `nbf` or `iat` lies in the future.
    NotYetValid,
    /// `iss` is missing or not the configured issuer.
    InvalidIssuer,
    /// `aud` is missing or names none of the configured audiences.
    InvalidAudience,
    /// A registered or jwt-guard claim is missing or has the wrong JSON type;
    /// or, for [`Claims<T>`](crate::Claims), the payload does not fit `T`.
    InvalidClaim,
    /// A refresh token where an access token is required, or the reverse.
    WrongTokenType,
    /// The route needs a fresh token.
    NotFresh,
    /// A state-changing request with a cookie-borne token sent no CSRF value
    /// (`Missing CSRF token`).
    CsrfMissing,
    /// The CSRF value sent does not match the token's `csrf` claim.
    CsrfMismatch,
    /// The token was revoked (logout).
    Revoked,
    /// The application's user loader found no user for the identity.
    UserNotFound,
    /// The token is valid but its claims or scopes do not satisfy the route (403).
    InsufficientClaims,
    /// The application's verification hook refused the token (403).
    VerificationFailed,
    /// The revocation store could not answer, and the guard fails closed (503).
    StoreUnavailable,
    /// The server is misconfigured (500): no [`JwtManager`](crate::JwtManager)
    /// on the request. The route is served by a `Router` without
    /// `.layer(manager.layer())` ([`JwtManager::layer`](crate::JwtManager::layer)).
    ManagerMissing,
    /// The server is misconfigured (500): the route's `locations(..)` names a
    /// location the manager does not enable (possible only with
    /// [`check_route_locations`](crate::JwtConfig::check_route_locations)
    /// off). Add it to [`token_locations`](crate::JwtConfig::token_locations)
    /// or remove it from the route.
    LocationNotEnabled,
    /// The server is misconfigured (500): a [`CurrentUser`](crate::CurrentUser)
    /// extractor on a manager without a
    /// [`user_loader`](crate::JwtConfig::user_loader).
    UserLoaderMissing,
    /// The server is misconfigured (500): [`CurrentUser<U>`](crate::CurrentUser)
    /// names another type than the one the
    /// [`user_loader`](crate::JwtConfig::user_loader) returns.
    UserTypeMismatch,
    /// The server is misconfigured (500): a router guard
    /// ([`GuardLayer`](crate::GuardLayer)) or [`Guard<G>`](crate::Guard)
    /// compares a claim with a path parameter the matched route does not
    /// have. The log line names the guard, the route and the parameter: name
    /// the route's parameter as the guard does, or take the route out from
    /// under that guard.
    RouteParamMissing,
}

impl GuardErrorKind {
    /// The HTTP status of this kind of failure.
    pub fn status(self) -> StatusCode {
        match self {
            Self::InvalidRequest => StatusCode::BAD_REQUEST,
            Self::InsufficientClaims | Self::VerificationFailed => StatusCode::FORBIDDEN,
            Self::ManagerMissing
            | Self::LocationNotEnabled
            | Self::UserLoaderMissing
            | Self::UserTypeMismatch
            | Self::RouteParamMissing => StatusCode::INTERNAL_SERVER_ERROR,
            Self::StoreUnavailable => StatusCode::SERVICE_UNAVAILABLE,
            _ => StatusCode::UNAUTHORIZED,
        }
    }

    /// The RFC 6750 §3.1 `error` code, if this kind has one.
    pub fn error_code(self) -> Option<&'static str> {
        match self {
            Self::MissingToken => None,
            Self::InvalidRequest => Some("invalid_request"),
            Self::InsufficientClaims | Self::VerificationFailed => Some("insufficient_scope"),
            Self::ManagerMissing
            | Self::LocationNotEnabled
            | Self::UserLoaderMissing
            | Self::UserTypeMismatch
            | Self::RouteParamMissing => Some("server_error"),
            // RFC 6749 §4.1.2.1's code for a server that cannot answer now.
            Self::StoreUnavailable => Some("temporarily_unavailable"),
            _ => Some("invalid_token"),
        }
    }
}

/// A refused request: what went wrong and the message the client reads.
///
/// It converts into the default response with [`IntoResponse`]; that response also
/// carries the error in its extensions so an outer layer can inspect it.
///
/// ```
/// use axum::response::IntoResponse;
/// use jwt_guard::{GuardError, GuardErrorKind};
///
/// let res = GuardError::new(GuardErrorKind::NotFresh, "Fresh token required").into_response();
/// assert_eq!(res.status(), 401);
/// assert_eq!(
///     res.headers()["www-authenticate"],
///     r#"Bearer error="invalid_token", error_description="Fresh token required""#
/// );
/// assert!(res.extensions().get::<GuardError>().is_some());
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GuardError {
    kind: GuardErrorKind,
    msg: Cow<'static, str>,
}

impl GuardError {
    /// An error of `kind` whose `msg` is `msg`.
    pub fn new(kind: GuardErrorKind, msg: impl Into<Cow<'static, str>>) -> Self {
        Self {
            kind,
            msg: msg.into(),
        }
    }

    /// What went wrong.
    pub fn kind(&self) -> GuardErrorKind {
        self.kind
    }

    /// The human-readable message (Flask-JWT-Extended's text where it has one).
    pub fn msg(&self) -> &str {
        &self.msg
    }

    /// The HTTP status of the default response.
    pub fn status(&self) -> StatusCode {
        self.kind.status()
    }

    /// The RFC 6750 `error` code of the default response.
    pub fn error_code(&self) -> Option<&'static str> {
        self.kind.error_code()
    }

    /// The default response with the realm named in `WWW-Authenticate`, as the
    /// manager sends it when its config has [`realm`](crate::JwtConfig::realm).
    pub fn to_response_with_realm(&self, realm: Option<&str>) -> Response {
        let body = match self.error_code() {
            Some(code) => serde_json::json!({ "msg": self.msg, "error": code }),
            None => serde_json::json!({ "msg": self.msg }),
        };
        let mut res = (self.status(), axum::Json(body)).into_response();
        // A challenge asks the client for other credentials; a server-side
        // failure is not the client's to fix.
        if !self.status().is_server_error() {
            res.headers_mut()
                .insert(header::WWW_AUTHENTICATE, self.challenge(realm));
        }
        res.extensions_mut().insert(self.clone());
        res
    }

    /// `Bearer realm=…, error=…, error_description=…` per RFC 6750 §3.
    fn challenge(&self, realm: Option<&str>) -> HeaderValue {
        let mut params = Vec::with_capacity(3);
        if let Some(realm) = realm {
            params.push(format!("realm=\"{}\"", quoted_text(realm)));
        }
        if let Some(code) = self.error_code() {
            params.push(format!("error=\"{code}\""));
            params.push(format!("error_description=\"{}\"", quoted_text(&self.msg)));
        }
        let value = if params.is_empty() {
            "Bearer".to_owned()
        } else {
            format!("Bearer {}", params.join(", "))
        };
        // quoted_text leaves only visible ASCII and spaces, which are always valid.
        HeaderValue::from_str(&value).unwrap_or_else(|_| HeaderValue::from_static("Bearer"))
    }
}

/// RFC 6750 §3 limits `error_description` to %x20-21 / %x23-5B / %x5D-7E:
/// no quotes, no backslashes, nothing outside visible ASCII.
fn quoted_text(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '"' => '\'',
            '\\' => '/',
            c if (' '..='~').contains(&c) => c,
            _ => '?',
        })
        .collect()
}

impl fmt::Display for GuardError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.msg)
    }
}

impl std::error::Error for GuardError {}

impl IntoResponse for GuardError {
    fn into_response(self) -> Response {
        self.to_response_with_realm(None)
    }
}

/// Constructors for the errors the guard itself produces, with Flask-JWT-Extended's
/// messages where it has one (clients match on them).
impl GuardError {
    pub(crate) fn missing_header(header: &str) -> Self {
        let msg = if header.eq_ignore_ascii_case("authorization") {
            Cow::Borrowed("Missing Authorization Header")
        } else {
            Cow::Owned(format!("Missing {header} Header"))
        };
        Self::new(GuardErrorKind::MissingToken, msg)
    }

    pub(crate) fn missing_scheme(header: &str, scheme: &str) -> Self {
        Self::new(
            GuardErrorKind::MissingToken,
            format!(
                "Missing '{scheme}' type in '{header}' header. Expected '{header}: {scheme} <JWT>'"
            ),
        )
    }

    pub(crate) fn invalid_request(msg: impl Into<Cow<'static, str>>) -> Self {
        Self::new(GuardErrorKind::InvalidRequest, msg)
    }

    pub(crate) fn malformed(msg: impl Into<Cow<'static, str>>) -> Self {
        Self::new(GuardErrorKind::Malformed, msg)
    }

    pub(crate) fn missing_claim(claim: &str) -> Self {
        Self::new(
            GuardErrorKind::InvalidClaim,
            format!("Token is missing the \"{claim}\" claim"),
        )
    }

    pub(crate) fn invalid_claim(claim: &str, expected: &str) -> Self {
        Self::new(
            GuardErrorKind::InvalidClaim,
            format!("Invalid \"{claim}\" claim: expected {expected}"),
        )
    }

    pub(crate) fn insufficient() -> Self {
        Self::new(
            GuardErrorKind::InsufficientClaims,
            "User claims verification failed",
        )
    }

    /// A server misconfiguration of `kind`. The client reads the same text
    /// whatever the fault (it has nothing to fix, and the server's set-up is
    /// not its business); the log line at the call site names the fix.
    pub(crate) fn misconfigured(kind: GuardErrorKind) -> Self {
        debug_assert!(kind.status().is_server_error());
        Self::new(kind, "Authentication is not configured on this server")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn description_is_kept_inside_the_quoted_string() {
        let err = GuardError::new(GuardErrorKind::Malformed, "bad \"x\" \\ é");
        let value = err.challenge(Some("api"));
        assert_eq!(
            value,
            r#"Bearer realm="api", error="invalid_token", error_description="bad 'x' / ?""#
        );
    }

    #[test]
    fn missing_token_has_a_bare_challenge() {
        let err = GuardError::missing_header("Authorization");
        assert_eq!(err.challenge(None), "Bearer");
        assert_eq!(err.msg(), "Missing Authorization Header");
    }
}

/// A configuration the manager refuses to run with.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ConfigError {
    /// No secret was given.
    EmptySecret,
    /// The secret is shorter than the algorithm's hash, or a single repeated byte.
    WeakSecret {
        /// The algorithm it was meant for.
        algorithm: Algorithm,
        /// What is wrong with it.
        reason: String,
    },
    /// A secret was given for an algorithm that needs a key pair.
    UnsupportedAlgorithm(Algorithm),
    /// A key is unusable, or breaks the key policy.
    Key(String),
    /// The allow-list is empty, or lacks the signing algorithm.
    AllowList(String),
    /// The identity claim is empty or a reserved claim.
    IdentityClaim(String),
    /// The header scheme has characters a header scheme cannot have.
    HeaderScheme(String),
    /// The token locations are empty or repeat one.
    TokenLocations(String),
    /// A cookie name or attribute a browser would reject or misread.
    Cookie(String),
    /// A remote JWKS (or OIDC discovery) URL that is plain `http://` off
    /// loopback without the opt-in, or not a URL at all; or the HTTP client
    /// for it could not be made.
    RemoteJwks(String),
    /// A route's `#[require_token(locations(..))]` names a location the
    /// manager does not enable.
    RouteLocation {
        /// The handler's name.
        handler: String,
        /// The location it names.
        location: TokenLocation,
    },
    /// A limit outside what the parser can honour.
    Limit(String),
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::EmptySecret => {
                f.write_str("the JWT secret is empty; set one of at least 32 random bytes")
            }
            Self::WeakSecret { algorithm, reason } => {
                write!(f, "the JWT secret is too weak for {algorithm:?}: {reason}")
            }
            Self::UnsupportedAlgorithm(alg) => write!(
                f,
                "{alg:?} needs a key pair; configure it with signing_key(Key::from_pem(..)) instead of a secret"
            ),
            Self::Key(why) => write!(f, "key: {why}"),
            Self::AllowList(why) => write!(f, "algorithm allow-list: {why}"),
            Self::IdentityClaim(why) => write!(f, "identity claim: {why}"),
            Self::HeaderScheme(why) => write!(f, "header scheme: {why}"),
            Self::TokenLocations(why) => write!(f, "token locations: {why}"),
            Self::Cookie(why) => write!(f, "cookies: {why}"),
            Self::RemoteJwks(why) => write!(f, "remote JWKS: {why}"),
            Self::RouteLocation { handler, location } => write!(
                f,
                "handler `{handler}` reads its token from {location:?} \
                 (`#[require_token(locations(..))]`), which this manager does not enable; \
                 add TokenLocation::{location:?} to JwtConfig::token_locations or remove it \
                 from the route (a program running several managers with different locations \
                 turns this check off with JwtConfig::check_route_locations(false))"
            ),
            Self::Limit(why) => write!(f, "limits: {why}"),
        }
    }
}

impl std::error::Error for ConfigError {}
