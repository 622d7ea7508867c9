//! Tokens in cookies: the settings, reading them from a request, and the
//! `Set-Cookie` helpers (Flask-JWT-Extended's `set_access_cookies` and friends).

use std::fmt::Write as _;
use std::time::{Duration, SystemTime};

use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, IntoResponseParts, Response, ResponseParts};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Map, Value};

use crate::config::{ConfigError, JwtConfig, TokenLocation};
use crate::csrf::Csrf;
use crate::error::{GuardError, GuardErrorKind};
use crate::manager::JwtManager;

/// The `SameSite` attribute of the token cookies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SameSite {
    /// Sent only with requests that start on the same site.
    Strict,
    /// Also sent when the user follows a link from another site (the default).
    Lax,
    /// Sent with cross-site requests too; needs `Secure`.
    None,
}

impl SameSite {
    fn as_str(self) -> &'static str {
        match self {
            Self::Strict => "Strict",
            Self::Lax => "Lax",
            Self::None => "None",
        }
    }
}

/// Names and attributes of the four cookies.
#[derive(Debug, Clone)]
pub(crate) struct CookieConfig {
    pub(crate) access_name: String,
    pub(crate) refresh_name: String,
    pub(crate) csrf_access_name: String,
    pub(crate) csrf_refresh_name: String,
    pub(crate) access_path: String,
    pub(crate) refresh_path: String,
    pub(crate) csrf_path: String,
    pub(crate) domain: Option<String>,
    pub(crate) secure: bool,
    pub(crate) http_only: bool,
    pub(crate) same_site: SameSite,
    pub(crate) session: bool,
}

impl Default for CookieConfig {
    /// Flask-JWT-Extended's names and paths; `Secure` and `SameSite=Lax` on,
    /// where Flask-JWT-Extended leaves both off.
    fn default() -> Self {
        Self {
            access_name: "access_token_cookie".to_owned(),
            refresh_name: "refresh_token_cookie".to_owned(),
            csrf_access_name: "csrf_access_token".to_owned(),
            csrf_refresh_name: "csrf_refresh_token".to_owned(),
            access_path: "/".to_owned(),
            refresh_path: "/".to_owned(),
            csrf_path: "/".to_owned(),
            domain: None,
            secure: true,
            http_only: true,
            same_site: SameSite::Lax,
            session: true,
        }
    }
}

/// A persistent cookie for a token without `exp` lives as long as
/// Flask-JWT-Extended's (one year).
const PERSISTENT_WITHOUT_EXP: u64 = 31_540_000;

/// The cookie settings.
impl JwtConfig {
    /// The cookie that carries access tokens (`access_token_cookie`).
    pub fn access_cookie_name(mut self, name: impl Into<String>) -> Self {
        self.cookies.access_name = name.into();
        self
    }

    /// The cookie that carries refresh tokens (`refresh_token_cookie`).
    pub fn refresh_cookie_name(mut self, name: impl Into<String>) -> Self {
        self.cookies.refresh_name = name.into();
        self
    }

    /// The script-readable cookie with the access token's CSRF value
    /// (`csrf_access_token`).
    pub fn csrf_access_cookie_name(mut self, name: impl Into<String>) -> Self {
        self.cookies.csrf_access_name = name.into();
        self
    }

    /// The script-readable cookie with the refresh token's CSRF value
    /// (`csrf_refresh_token`).
    pub fn csrf_refresh_cookie_name(mut self, name: impl Into<String>) -> Self {
        self.cookies.csrf_refresh_name = name.into();
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

/// Start-up checks: names and attributes a browser would reject or misread.
pub(crate) fn check_config(config: &JwtConfig) -> Result<(), ConfigError> {
    let c = &config.cookies;
    let names = [
        &c.access_name,
        &c.refresh_name,
        &c.csrf_access_name,
        &c.csrf_refresh_name,
    ];
    for (i, name) in names.iter().enumerate() {
        if name.is_empty() || !name.bytes().all(is_token_char) {
            return Err(ConfigError::Cookie(format!(
                "`{name}` is not a valid cookie name (RFC 6265 §4.1.1: letters, digits and !#$%&'*+-.^_`|~)"
            )));
        }
        if names[..i].contains(name) {
            return Err(ConfigError::Cookie(format!(
                "`{name}` names two different cookies; give each its own name"
            )));
        }
    }
    for path in [&c.access_path, &c.refresh_path, &c.csrf_path] {
        if !path.starts_with('/') || !path.bytes().all(is_attribute_char) {
            return Err(ConfigError::Cookie(format!(
                "`{path}` is not a cookie path: it must start with `/` and hold no `;` or control characters"
            )));
        }
    }
    if let Some(domain) = &c.domain
        && (domain.is_empty() || !domain.bytes().all(|b| is_attribute_char(b) && b != b' '))
    {
        return Err(ConfigError::Cookie(format!(
            "`{domain}` is not a cookie domain"
        )));
    }
    if c.same_site == SameSite::None && !c.secure {
        return Err(ConfigError::Cookie(
            "SameSite=None needs Secure cookies; browsers drop such cookies otherwise".to_owned(),
        ));
    }
    Ok(())
}

fn is_token_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

fn is_attribute_char(b: u8) -> bool {
    (0x20..0x7f).contains(&b) && b != b';'
}

/// The access or refresh cookie of a request, and what CSRF check it needs.
pub(crate) fn from_cookies<'a>(
    parts: &'a Parts,
    config: &JwtConfig,
    refresh: bool,
) -> Result<Result<(&'a str, Csrf<'a>), GuardError>, GuardError> {
    let name = if refresh {
        &config.cookies.refresh_name
    } else {
        &config.cookies.access_name
    };
    let Some(value) = cookie(&parts.headers, name) else {
        return Ok(Err(GuardError::new(
            GuardErrorKind::MissingToken,
            format!("Missing cookie \"{name}\""),
        )));
    };
    let raw = std::str::from_utf8(value)
        .map_err(|_| GuardError::malformed(format!("The {name} cookie is not a JWT")))?;
    let csrf = Csrf::for_cookie(parts, config)?;
    Ok(Ok((raw, csrf)))
}

/// The value of the first non-empty cookie called `name`.
///
/// Browsers list a more specific `Path` first (RFC 6265 §5.4), so the first one
/// is the cookie this route set. An empty value is what logout leaves behind in
/// a client that ignores `Max-Age=0`, and counts as no cookie. Other
/// applications' cookies on the same host may hold any bytes and are skipped.
pub(crate) fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a [u8]> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .flat_map(|value| value.as_bytes().split(|b| *b == b';'))
        .filter_map(|pair| {
            let pair = pair.trim_ascii();
            let eq = pair.iter().position(|b| *b == b'=')?;
            let (key, value) = (pair[..eq].trim_ascii(), pair[eq + 1..].trim_ascii());
            let value = value
                .strip_prefix(b"\"")
                .and_then(|v| v.strip_suffix(b"\""))
                .unwrap_or(value);
            (key == name.as_bytes() && !value.is_empty()).then_some(value)
        })
        .next()
}

/// Cookies to set or clear on a response: the token cookies and, with CSRF
/// protection on, the script-readable CSRF cookies that go with them.
///
/// It is [`IntoResponseParts`], so it goes in front of any response; it is
/// also a response of its own (200, empty body). Start one with
/// [`JwtManager::cookies`].
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
/// whose locations include [`TokenLocation::Cookies`]: only such a manager mints
/// the `csrf` claim the CSRF cookie repeats. Any other token turns the response
/// into a 500 whose log line says so, rather than a login that cannot make a
/// single state-changing request.
#[derive(Debug, Clone)]
#[must_use = "the cookies are set only when this is part of the response"]
pub struct JwtCookies {
    manager: JwtManager,
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

impl JwtManager {
    /// An empty set of cookie changes; add to it with
    /// [`set_access`](JwtCookies::set_access) and the other methods.
    pub fn cookies(&self) -> JwtCookies {
        JwtCookies {
            manager: self.clone(),
            changes: Vec::new(),
            max_age: None,
        }
    }
}

impl JwtCookies {
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
    /// [`session_cookies`](JwtConfig::session_cookies) says ("remember me").
    pub fn max_age(mut self, max_age: Duration) -> Self {
        self.max_age = Some(max_age);
        self
    }

    /// The `Set-Cookie` values, in order; an error names a token that cannot
    /// go in a cookie.
    pub fn to_header_values(&self) -> Result<Vec<HeaderValue>, String> {
        let config = &self.manager.inner.config;
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
    let bytes = URL_SAFE_NO_PAD.decode(payload).ok()?;
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
    // RFC 6265 §4.1.1 cookie-octets: what a JWT or a UUID is made of.
    let cookie_octet =
        |b: u8| b == 0x21 || ((0x23..=0x7e).contains(&b) && !matches!(b, b',' | b';' | b'\\'));
    if !value.bytes().all(cookie_octet) {
        return Err(format!(
            "the value for the {name} cookie has characters a cookie cannot hold"
        ));
    }
    let mut out = format!("{name}={value}; Path={path}");
    if let Some(domain) = &c.domain {
        let _ = write!(out, "; Domain={domain}");
    }
    match max_age {
        Some(0) => out.push_str("; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT"),
        Some(secs) => {
            let _ = write!(out, "; Max-Age={secs}");
        }
        None => {}
    }
    if c.secure {
        out.push_str("; Secure");
    }
    if http_only {
        out.push_str("; HttpOnly");
    }
    let _ = write!(out, "; SameSite={}", c.same_site.as_str());
    HeaderValue::try_from(out).map_err(|e| e.to_string())
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

/// Whether the manager reads cookies at all, for the refresh layer.
pub(crate) fn enabled(config: &JwtConfig) -> bool {
    config.locations.contains(&TokenLocation::Cookies)
}
