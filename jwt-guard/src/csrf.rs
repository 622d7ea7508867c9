//! CSRF double submit for tokens read from cookies.
//!
//! A browser attaches cookies to any request a foreign page makes it send, so a
//! cookie alone proves nothing about who wrote the request. Tokens minted for
//! cookies therefore carry a random `csrf` claim, which the page's own script
//! reads from the non-HttpOnly `csrf_access_token` cookie and sends back in the
//! `X-CSRF-TOKEN` header. A foreign page can make the browser send the cookie
//! but cannot read it, so it cannot write the header.

use std::convert::Infallible;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use axum::body::Body;
use axum::http::request::Parts;
use axum::http::{Request, StatusCode, header};
use axum::response::{IntoResponse, Response};
use subtle::ConstantTimeEq;
use tower::{Layer, Service};

use crate::config::JwtConfig;
use crate::config::csrf::CsrfConfig;
use crate::error::{GuardError, GuardErrorKind};
use crate::shared::Shared;
use crate::token::Token;

/// What a located token still has to show once its signature holds.
pub(crate) enum Csrf<'a> {
    /// Not from a cookie, or protection is off.
    None,
    /// A cookie token on a safe method: it must still be a token minted for
    /// cookies, so that one minted for headers cannot be planted in a cookie.
    ClaimOnly,
    /// A cookie token on a state-changing method, and the value the request
    /// submitted for comparison.
    Compare(&'a [u8]),
}

impl Csrf<'_> {
    /// Decides, from the request alone, what a cookie-borne token must show.
    /// A state-changing request without a submitted value is refused here,
    /// before any signature work, as Flask-JWT-Extended does.
    pub(crate) fn for_cookie<'a>(
        parts: &'a Parts,
        config: &JwtConfig,
    ) -> Result<Csrf<'a>, GuardError> {
        let csrf = &config.csrf;
        if !csrf.protect {
            return Ok(Csrf::None);
        }
        if !csrf.methods.contains(&parts.method) {
            return Ok(Csrf::ClaimOnly);
        }
        let header = parts
            .headers
            .get(&csrf.header)
            .map(|value| value.as_bytes())
            .filter(|value| !value.is_empty());
        let form = || {
            parts
                .extensions
                .get::<CsrfFormValue>()
                .map(|value| value.0.as_bytes())
                .filter(|value| !value.is_empty())
        };
        match header.or_else(form) {
            Some(submitted) => Ok(Csrf::Compare(submitted)),
            None => Err(GuardError::new(
                GuardErrorKind::CsrfMissing,
                "Missing CSRF token",
            )),
        }
    }

    pub(crate) fn check(&self, token: &Token) -> Result<(), GuardError> {
        let submitted = match self {
            Csrf::None => return Ok(()),
            Csrf::ClaimOnly => None,
            Csrf::Compare(submitted) => Some(*submitted),
        };
        // Read from the payload's text: no claims map for one string.
        let claim = match token.string_claim("csrf") {
            Ok(Some(claim)) if !claim.is_empty() => claim,
            Ok(None) => return Err(GuardError::missing_claim("csrf")),
            Ok(Some(_)) | Err(()) => {
                return Err(GuardError::invalid_claim("csrf", "a non-empty string"));
            }
        };
        let claim = claim.as_bytes();
        match submitted {
            // Constant time, so the comparison does not reveal how much of a
            // guess was right.
            Some(submitted) if !bool::from(claim.ct_eq(submitted)) => Err(GuardError::new(
                GuardErrorKind::CsrfMismatch,
                "CSRF double submit tokens do not match",
            )),
            _ => Ok(()),
        }
    }
}

/// The CSRF value a form submitted, put in the request by [`CsrfFormLayer`].
#[derive(Debug, Clone)]
struct CsrfFormValue(String);

/// The largest form body [`CsrfFormLayer`] reads; larger ones are refused with
/// 413, since reading them whole would let any client make the server buffer
/// without bound.
const FORM_LIMIT: usize = 64 * 1024;

/// Reads the CSRF value of form posts; see [`JwtManager::csrf_form_layer`](crate::JwtManager::csrf_form_layer).
#[derive(Debug, Clone)]
pub struct CsrfFormLayer {
    manager: Arc<Shared>,
}

impl CsrfFormLayer {
    pub(crate) fn new(manager: Arc<Shared>) -> Self {
        Self { manager }
    }
}

impl<S> Layer<S> for CsrfFormLayer {
    type Service = CsrfForm<S>;

    fn layer(&self, inner: S) -> Self::Service {
        CsrfForm {
            inner,
            manager: self.manager.clone(),
        }
    }
}

/// The service of [`CsrfFormLayer`].
#[derive(Debug, Clone)]
pub struct CsrfForm<S> {
    inner: S,
    manager: Arc<Shared>,
}

impl<S> Service<Request<Body>> for CsrfForm<S>
where
    S: Service<Request<Body>, Response = Response, Error = Infallible> + Clone + Send + 'static,
    S::Future: Send + 'static,
{
    type Response = Response;
    type Error = Infallible;
    type Future = Pin<Box<dyn Future<Output = Result<Response, Infallible>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, req: Request<Body>) -> Self::Future {
        // The clone that was polled ready serves this request (tower's rule).
        let clone = self.inner.clone();
        let mut inner = std::mem::replace(&mut self.inner, clone);
        let csrf = &self.manager.config.csrf;
        if !(csrf.protect && is_form_needing_csrf(&req, csrf)) {
            return Box::pin(inner.call(req));
        }
        let field = csrf.form_field.clone();
        Box::pin(async move {
            let (mut parts, body) = req.into_parts();
            let bytes = match axum::body::to_bytes(body, FORM_LIMIT).await {
                Ok(bytes) => bytes,
                Err(_) => {
                    return Ok((
                        StatusCode::PAYLOAD_TOO_LARGE,
                        axum::Json(serde_json::json!({
                            "msg": "The form is too large to look for its CSRF token"
                        })),
                    )
                        .into_response());
                }
            };
            let value = form_urlencoded::parse(&bytes)
                .find(|(key, _)| *key == field)
                .map(|(_, value)| value.into_owned());
            if let Some(value) = value {
                parts.extensions.insert(CsrfFormValue(value));
            }
            inner
                .call(Request::from_parts(parts, Body::from(bytes)))
                .await
        })
    }
}

fn is_form_needing_csrf(req: &Request<Body>, csrf: &CsrfConfig) -> bool {
    let is_form = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|mime| {
            mime.trim()
                .eq_ignore_ascii_case("application/x-www-form-urlencoded")
        });
    is_form && csrf.methods.contains(req.method()) && !req.headers().contains_key(&csrf.header)
}
