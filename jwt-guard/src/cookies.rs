//! Tokens in browser cookies: setting and clearing them, CSRF double submit
//! for HTML forms, and renewing the access cookie of an active session.
//!
//! A manager reads the token from cookies when
//! [`JwtConfig::token_locations`] includes [`TokenLocation::Cookies`](crate::TokenLocation::Cookies); the
//! cookies' names, paths and attributes are `JwtConfig` settings too
//! ([`cookie_same_site`](JwtConfig::cookie_same_site) takes a [`SameSite`]).
//! Tokens such a manager mints carry a `csrf` claim, which a state-changing
//! request must repeat in the `X-CSRF-TOKEN` header. Then:
//!
//! * [`JwtCookies`], from [`JwtManager::cookies`], sets and clears the token
//!   cookies and their CSRF companions in a response (Flask-JWT-Extended's
//!   `set_access_cookies` and friends);
//! * [`CsrfFormLayer`] (service [`CsrfForm`]), from
//!   [`JwtManager::csrf_form_layer`], lets plain HTML forms pass the CSRF
//!   check with a form field instead of the header;
//! * [`ImplicitRefreshLayer`] (service [`ImplicitRefresh`]), from
//!   [`JwtManager::implicit_refresh`], renews an access cookie close to its
//!   expiry after a guarded request succeeds.
//!
//! ```
//! use std::time::Duration;
//! use axum::{Json, Router, response::IntoResponse, routing::{get, post}};
//! use jwt_guard::cookies::{JwtCookies, SameSite};
//! use jwt_guard::{JwtManager, TokenLocation, require_token};
//! use serde_json::json;
//!
//! async fn login(manager: JwtManager) -> (JwtCookies, Json<serde_json::Value>) {
//!     // ... check the credentials ...
//!     let access = manager.create_access_token("alice").unwrap();
//!     (manager.cookies().set_access(&access), Json(json!({ "login": true })))
//! }
//!
//! #[require_token]
//! async fn page() -> &'static str { "hello" }
//!
//! #[require_token]
//! async fn logout(manager: JwtManager) -> impl IntoResponse {
//!     manager.cookies().unset_all()
//! }
//!
//! let manager = JwtManager::builder()
//!     .secret("a-32-byte-secret-from-the-environment!")
//!     .token_locations([TokenLocation::Cookies])
//!     .cookie_same_site(SameSite::Strict)
//!     .build()?;
//! let app: Router = Router::new()
//!     .route("/login", post(login))
//!     .route("/page", get(page))
//!     .route("/logout", post(logout))
//!     .layer(manager.implicit_refresh(Duration::from_secs(5 * 60)))
//!     .layer(manager.csrf_form_layer())
//!     .layer(manager.layer());
//! # let _ = app;
//! # Ok::<(), jwt_guard::ConfigError>(())
//! ```
//!
//! [`JwtManager::cookies`]: crate::JwtManager::cookies
//! [`JwtManager::csrf_form_layer`]: crate::JwtManager::csrf_form_layer
//! [`JwtManager::implicit_refresh`]: crate::JwtManager::implicit_refresh

// Besides the public items, which are defined where they work (`JwtCookies`
// in set_cookies.rs, the layers in csrf.rs and refresh.rs; the cookie
// settings and their start-up checks in config/cookies.rs): reading a token
// from a request's `Cookie` header.

use axum::http::request::Parts;
use axum::http::{HeaderMap, header};

use crate::config::JwtConfig;
use crate::csrf::Csrf;
use crate::error::{GuardError, GuardErrorKind};

pub use crate::config::cookies::SameSite;
pub use crate::csrf::{CsrfForm, CsrfFormLayer};
pub use crate::refresh::{ImplicitRefresh, ImplicitRefreshLayer};
pub use crate::set_cookies::JwtCookies;
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
    let value = cookie(&parts.headers, name).map_err(|Ambiguous| {
        GuardError::malformed(format!(
            "Several different \"{name}\" cookies in the request; another site of the domain \
             may have set one, so none is used"
        ))
    })?;
    let Some(value) = value else {
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

/// Two cookies of one name with different values.
pub(crate) struct Ambiguous;

/// The value of the non-empty cookie called `name`, over every `Cookie` header.
///
/// Several with different values are refused rather than one picked: a
/// browser sends every cookie whose domain and path match, including one a
/// sibling subdomain set for the parent domain, and the order it lists them in
/// (RFC 6265 §5.4: longer paths first) lets such a cookie come first. Picking
/// one would let that site choose the session (fixation). The same value
/// twice is no choice. An empty value is what logout leaves behind in a client
/// that ignores `Max-Age=0`, and counts as no cookie. Other applications'
/// cookies on the same host may hold any bytes and are skipped.
///
/// Read here as bytes rather than with the `cookie` crate (which writes the
/// `Set-Cookie` values): `cookie` parses `&str` only, so a pair that is not
/// UTF-8 would need a path of its own; it trims Unicode whitespace where a
/// header's is ASCII; and on a browser's usual `Cookie` header of five pairs
/// it made a guarded request 8.5% dearer (BENCHMARKS.md, "Cookies").
pub(crate) fn cookie<'a>(
    headers: &'a HeaderMap,
    name: &str,
) -> Result<Option<&'a [u8]>, Ambiguous> {
    let mut values = headers
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
        });
    let first = values.next();
    match first {
        Some(first) if values.any(|other| other != first) => Err(Ambiguous),
        _ => Ok(first),
    }
}
