//! Implicit refresh: re-minting the access cookie of an active browser session
//! before it expires (Flask-JWT-Extended's documented `after_request` pattern).

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::{Duration, SystemTime};

use axum::http::{HeaderMap, Request, Response, header};
use serde_json::Value;
use tower::{Layer, Service};

use crate::claims::{Fresh, RESERVED, TokenType};
use crate::mint::TokenBuilder;
use crate::request_state::RequestState;
use crate::revoke::StoreError;
use crate::set_cookies::JwtCookies;
use crate::shared::Shared;
use crate::token::Token;

/// Renews near-expiry access cookies; see
/// [`JwtManager::implicit_refresh`](crate::JwtManager::implicit_refresh).
#[derive(Debug, Clone)]
pub struct ImplicitRefreshLayer {
    manager: Arc<Shared>,
    window: Duration,
}

impl ImplicitRefreshLayer {
    pub(crate) fn new(manager: Arc<Shared>, window: Duration) -> Self {
        Self { manager, window }
    }
}

impl<S> Layer<S> for ImplicitRefreshLayer {
    type Service = ImplicitRefresh<S>;

    fn layer(&self, inner: S) -> Self::Service {
        ImplicitRefresh {
            inner,
            manager: self.manager.clone(),
            window: self.window,
        }
    }
}

/// The service of [`ImplicitRefreshLayer`].
#[derive(Debug, Clone)]
pub struct ImplicitRefresh<S> {
    inner: S,
    manager: Arc<Shared>,
    window: Duration,
}

impl<S, ReqBody, ResBody> Service<Request<ReqBody>> for ImplicitRefresh<S>
where
    S: Service<Request<ReqBody>, Response = Response<ResBody>> + Clone + Send + 'static,
    S::Future: Send + 'static,
    ReqBody: Send + 'static,
    ResBody: Send + 'static,
{
    type Response = Response<ResBody>;
    type Error = S::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Self::Response, S::Error>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, mut req: Request<ReqBody>) -> Self::Future {
        // The clone that was polled ready serves this request (tower's rule).
        let clone = self.inner.clone();
        let mut inner = std::mem::replace(&mut self.inner, clone);
        let slot = RequestState::expect_renewal(req.extensions_mut());
        let (manager, window) = (self.manager.clone(), self.window);
        Box::pin(async move {
            let mut res = inner.call(req).await?;
            let token = slot.take();
            if let Some(token) = token
                && res.status().is_success()
                && due(&token, window)
                && !sets_access_cookie(&manager, res.headers())
                && !revoked_meanwhile(&manager, &token).await
            {
                renew(&manager, &token, res.headers_mut());
            }
            Ok(res)
        })
    }
}

fn sets_access_cookie(manager: &Shared, headers: &HeaderMap) -> bool {
    let name = manager.config.cookies.access_name.as_bytes();
    headers.get_all(header::SET_COOKIE).iter().any(|value| {
        let value = value.as_bytes();
        value.starts_with(name) && value.get(name.len()) == Some(&b'=')
    })
}

/// Whether `token` expires within `window`; a token without `exp` never needs
/// renewing.
fn due(token: &Token, window: Duration) -> bool {
    token.expires_at().is_some_and(|expires_at| {
        expires_at
            .duration_since(SystemTime::now())
            .unwrap_or_default()
            <= window
    })
}

/// The handler may have logged the session out (`revoke`, `revoke_all`)
/// without clearing the cookie: the guard's verdict is from before that, so the
/// store is asked again, and a store that cannot answer renews nothing.
async fn revoked_meanwhile(manager: &Shared, token: &Token) -> bool {
    let Some(store) = &manager.config.revocation else {
        return false;
    };
    match store.is_revoked(token).await {
        Ok(revoked) => revoked,
        Err(StoreError::NotConfigured) => false,
        Err(err) => {
            tracing::warn!(%err, "jwt-guard: not renewing the access cookie: the revocation store did not answer");
            true
        }
    }
}

fn renew(manager: &Arc<Shared>, token: &Token, headers: &mut HeaderMap) {
    let now = SystemTime::now();
    let identity_claim = &manager.config.identity_claim;
    let fresh = match token.fresh() {
        until @ Fresh::Until(at) if at > now => until,
        _ => Fresh::No,
    };
    let mut builder = TokenBuilder::new(manager, TokenType::Access, token.identity()).fresh(fresh);
    for (name, value) in token.claims() {
        if !RESERVED.contains(&name.as_str()) && name != identity_claim {
            builder = builder.claim(name.clone(), value.clone());
        }
    }
    if let Some(Value::String(csrf)) = token.claims().get("csrf") {
        builder = builder.keep_csrf(csrf.clone());
    }
    let renewed = builder.mint().map_err(|e| e.to_string()).and_then(|raw| {
        JwtCookies::new(manager.clone())
            .set_access(&raw)
            .to_header_values()
    });
    match renewed {
        Ok(values) => {
            for value in values {
                headers.append(header::SET_COOKIE, value);
            }
        }
        // The response itself succeeded; the session just is not extended.
        Err(why) => tracing::warn!("jwt-guard: could not renew the access cookie: {why}"),
    }
}
