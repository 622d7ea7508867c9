//! Writing the token cookies: [`JwtCookies`], the `Set-Cookie` values for a
//! response, rendered by the `cookie` crate. Reading them is `cookies.rs`,
//! the public `jwt_guard::cookies` module, which re-exports this type; the
//! implicit-refresh layer writes its renewed cookie here too.

use std::sync::Arc;
use std::time::{Duration, SystemTime};

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, IntoResponseParts, Response, ResponseParts};
use cookie::{Cookie, time};
use serde_json::{Map, Value};

use crate::config::cookies::{CookieConfig, PERSISTENT_WITHOUT_EXP};
use crate::shared::Shared;

/// Cookies to set or clear on a response: the token cookies and, with CSRF
/// protection on, the script-readable CSRF cookies that go with them.
///
/// It is [`IntoResponseParts`], so it goes in front of any response; it is
/// also a response of its own (200, empty body). Start one with
/// [`JwtManager::cookies`](crate::JwtManager::cookies).
///
/// ```
/// use axum::{Json, Router, routing::post};
/// use axum::response::IntoResponse;
/// use jwt_guard::{JwtManager, TokenLocation, require_token};
/// use serde_json::json;
///
/// async fn login(manager: JwtManager) -> impl IntoResponse {
///     // ... check the credentials ...
///     let access = manager.create_access_token("alice").unwrap();
///     let refresh = manager.create_refresh_token("alice").unwrap();
///     let cookies = manager.cookies().set_access(&access).set_refresh(&refresh);
///     (cookies, Json(json!({ "login": true })))
/// }
///
/// #[require_token]
/// async fn logout(manager: JwtManager) -> impl IntoResponse {
///     (manager.cookies().unset_all(), Json(json!({ "logout": true })))
/// }
///
/// let manager = JwtManager::builder()
///     .secret("a-32-byte-secret-from-the-environment!")
///     .token_locations([TokenLocation::Cookies])
///     .build()?;
/// let app: Router = Router::new()
///     .route("/login", post(login))
///     .route("/logout", post(logout))
///     .layer(manager.layer());
/// # let _ = app;
/// # Ok::<(), jwt_guard::ConfigError>(())
/// ```
///
/// A token given to [`set_access`](Self::set_access) must come from a manager
/// whose locations include [`TokenLocation::Cookies`](crate::TokenLocation::Cookies): only such a manager mints
/// the `csrf` claim the CSRF cookie repeats. Any other token turns the response
/// into a 500 whose log line says so, rather than a login that cannot make a
/// single state-changing request.
#[derive(Debug, Clone)]
#[must_use = "the cookies are set only when this is part of the response"]
pub struct JwtCookies {
    manager: Arc<Shared>,
    changes: Vec<Change>,
    max_age: Option<Duration>,
}

#[derive(Debug, Clone)]
enum Change {
    Set { kind: Kind, token: String },
    Unset(Kind),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Access,
    Refresh,
}

impl JwtCookies {
    pub(crate) fn new(manager: Arc<Shared>) -> Self {
        Self {
            manager,
            changes: Vec::new(),
            max_age: None,
        }
    }

    /// Sets the access cookie to `token`, and its CSRF cookie.
    pub fn set_access(mut self, token: &str) -> Self {
        self.changes.push(Change::Set {
            kind: Kind::Access,
            token: token.to_owned(),
        });
        self
    }

    /// Sets the refresh cookie to `token`, and its CSRF cookie.
    pub fn set_refresh(mut self, token: &str) -> Self {
        self.changes.push(Change::Set {
            kind: Kind::Refresh,
            token: token.to_owned(),
        });
        self
    }

    /// Clears the access cookie and its CSRF cookie.
    pub fn unset_access(mut self) -> Self {
        self.changes.push(Change::Unset(Kind::Access));
        self
    }

    /// Clears the refresh cookie and its CSRF cookie.
    pub fn unset_refresh(mut self) -> Self {
        self.changes.push(Change::Unset(Kind::Refresh));
        self
    }

    /// Clears every cookie this crate sets (logout).
    pub fn unset_all(self) -> Self {
        self.unset_access().unset_refresh()
    }

    /// Makes the cookies set here persistent for `max_age`, whatever
    /// [`session_cookies`](crate::JwtConfig::session_cookies) says ("remember me").
    pub fn max_age(mut self, max_age: Duration) -> Self {
        self.max_age = Some(max_age);
        self
    }

    /// The `Set-Cookie` values, in order; an error names a token that cannot
    /// go in a cookie.
    pub fn to_header_values(&self) -> Result<Vec<HeaderValue>, String> {
        let config = &self.manager.config;
        let c = &config.cookies;
        let mut out = Vec::with_capacity(self.changes.len() * 2);
        for change in &self.changes {
            let (kind, token) = match change {
                Change::Set { kind, token } => (*kind, Some(token.as_str())),
                Change::Unset(kind) => (*kind, None),
            };
            let (name, path, csrf_name) = match kind {
                Kind::Access => (&c.access_name, &c.access_path, &c.csrf_access_name),
                Kind::Refresh => (&c.refresh_name, &c.refresh_path, &c.csrf_refresh_name),
            };
            let Some(token) = token else {
                out.push(render(c, name, "", path, Some(0), c.http_only)?);
                if config.csrf.protect {
                    out.push(render(c, csrf_name, "", &c.csrf_path, Some(0), false)?);
                }
                continue;
            };
            let payload = payload(token)
                .ok_or_else(|| format!("the token given for the {name} cookie is not a JWT"))?;
            let max_age = match (self.max_age, c.session) {
                (Some(max_age), _) => Some(max_age.as_secs()),
                (None, true) => None,
                (None, false) => Some(remaining_lifetime(&payload)),
            };
            out.push(render(c, name, token, path, max_age, c.http_only)?);
            if config.csrf.protect {
                let csrf = match payload.get("csrf") {
                    Some(Value::String(csrf)) if !csrf.is_empty() => csrf,
                    _ => {
                        return Err(format!(
                            "the token given for the {name} cookie has no `csrf` claim, so the \
                             CSRF cookie cannot be set; mint it with a manager whose \
                             token_locations include TokenLocation::Cookies"
                        ));
                    }
                };
                out.push(render(c, csrf_name, csrf, &c.csrf_path, max_age, false)?);
            }
        }
        Ok(out)
    }
}

/// The payload of one of our own tokens; its signature is the caller's.
fn payload(token: &str) -> Option<Map<String, Value>> {
    let payload = token.split('.').nth(1)?;
    let bytes = base64_simd::URL_SAFE_NO_PAD.decode_to_vec(payload).ok()?;
    serde_json::from_slice(&bytes).ok()
}

fn remaining_lifetime(payload: &Map<String, Value>) -> u64 {
    match payload.get("exp").and_then(Value::as_u64) {
        Some(exp) => exp.saturating_sub(crate::claims::unix_seconds(SystemTime::now())),
        None => PERSISTENT_WITHOUT_EXP,
    }
}

/// One `Set-Cookie` value; `max_age` of `Some(0)` clears the cookie.
fn render(
    c: &CookieConfig,
    name: &str,
    value: &str,
    path: &str,
    max_age: Option<u64>,
    http_only: bool,
) -> Result<HeaderValue, String> {
    // RFC 6265 §4.1.1 cookie-octets: what a JWT or a UUID is made of. The
    // `cookie` crate writes what it is given, so the check stays here.
    let cookie_octet =
        |b: u8| b == 0x21 || ((0x23..=0x7e).contains(&b) && !matches!(b, b',' | b';' | b'\\'));
    if !value.bytes().all(cookie_octet) {
        return Err(format!(
            "the value for the {name} cookie has characters a cookie cannot hold"
        ));
    }
    let mut cookie = Cookie::build((name, value))
        .path(path)
        .secure(c.secure)
        .http_only(http_only)
        .same_site(c.same_site.into_cookie());
    if let Some(domain) = &c.domain {
        cookie = cookie.domain(domain.as_str());
    }
    match max_age {
        // Expires too, for clients that predate Max-Age.
        Some(0) => {
            cookie = cookie
                .max_age(time::Duration::ZERO)
                .expires(time::OffsetDateTime::UNIX_EPOCH);
        }
        Some(secs) => {
            let secs = i64::try_from(secs).unwrap_or(i64::MAX);
            cookie = cookie.max_age(time::Duration::seconds(secs));
        }
        None => {}
    }
    HeaderValue::try_from(cookie.build().to_string()).map_err(|e| e.to_string())
}

impl IntoResponseParts for JwtCookies {
    type Error = Response;

    fn into_response_parts(self, mut res: ResponseParts) -> Result<ResponseParts, Response> {
        match self.to_header_values() {
            Ok(values) => {
                for value in values {
                    res.headers_mut().append(header::SET_COOKIE, value);
                }
                Ok(res)
            }
            Err(why) => {
                tracing::error!("jwt-guard: cannot set the token cookies: {why}");
                Err((
                    StatusCode::INTERNAL_SERVER_ERROR,
                    axum::Json(
                        serde_json::json!({ "msg": "The session cookies could not be set" }),
                    ),
                )
                    .into_response())
            }
        }
    }
}

impl IntoResponse for JwtCookies {
    fn into_response(self) -> Response {
        (self, ()).into_response()
    }
}
