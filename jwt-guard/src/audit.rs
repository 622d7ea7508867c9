//! Deny by default, as an audit: proof, in an application's own tests (or a
//! debug build), that every route is either guarded or explicitly public.
//!
//! [`Audit::layer`], applied over the whole application (outermost, after
//! every other layer), opens a marker on each request. Whatever lets the
//! request in marks it:
//!
//! * *guarded*: `#[require_token(..)]`, a [`GuardLayer`](crate::GuardLayer),
//!   the [`Guard<G>`](crate::Guard) extractor, the bare [`Token`](crate::Token),
//!   [`Claims<T>`](crate::Claims) and [`CurrentUser<U>`](crate::CurrentUser)
//!   extractors, once they admit a token; and an `optional` guard or an
//!   `Option<Token>` / `Option<Guard<G>>` that let an anonymous request
//!   through, since it declared that anonymous requests are meant;
//! * *public*: `#[public]` on a handler (or the [`Public`] extractor it adds),
//!   or [`PublicLayer`] over a whole router (static assets, a health check).
//!
//! A response with a 2xx status whose request carries neither mark is a
//! violation: the audit logs it with `tracing::error!`, records it for
//! [`Audit::violations`], and answers 500 instead, naming the method, the
//! path, the matched route and the fix. Refusals (401, 403, ...) and other
//! statuses pass untouched: a route that answers nothing useful leaks nothing.
//!
//! Without an audit layer, marking a request costs one extension lookup.
//!
//! ```
//! use axum::body::Body;
//! use axum::http::Request;
//! use axum::{Router, routing::get};
//! use jwt_guard::audit::{Audit, PublicLayer};
//! use jwt_guard::{JwtManager, Token, require_token};
//! use tower::ServiceExt;
//!
//! #[require_token]
//! async fn profile(token: Token) -> String {
//!     token.identity_str().unwrap_or_default().to_owned()
//! }
//!
//! // Forgot its guard.
//! async fn billing() -> &'static str {
//!     "every invoice"
//! }
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let manager = JwtManager::builder()
//!     .secret("a-32-byte-secret-from-the-environment!")
//!     .build()?;
//! let assets = Router::new()
//!     .route("/assets/app.css", get(|| async { "body {}" }))
//!     .layer(PublicLayer);
//! let audit = Audit::new();
//! let app: Router = Router::new()
//!     .route("/profile", get(profile))
//!     .route("/billing", get(billing))
//!     .merge(assets)
//!     .layer(manager.layer())
//!     .layer(audit.layer());
//!
//! let token = manager.create_access_token("alice")?;
//! let get = |uri: &str| {
//!     Request::get(uri)
//!         .header("authorization", format!("Bearer {token}"))
//!         .body(Body::empty())
//!         .unwrap()
//! };
//! assert_eq!(app.clone().oneshot(get("/profile")).await?.status(), 200);
//! assert_eq!(app.clone().oneshot(get("/assets/app.css")).await?.status(), 200);
//! assert_eq!(app.clone().oneshot(get("/billing")).await?.status(), 500);
//!
//! let violations = audit.violations();
//! assert_eq!(violations.len(), 1);
//! assert_eq!(violations[0].path(), "/billing");
//! # Ok(())
//! # }
//! ```

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll};

use axum::extract::MatchedPath;
use axum::http::{Extensions, Method, Request, StatusCode};
use axum::response::{IntoResponse, Response};
use tower::{Layer, Service};

const GUARDED: u8 = 1;
const PUBLIC: u8 = 2;

/// The marker an audit layer opens on a request; shared with the layer,
/// which reads it once the response is back (the request is gone by then).
#[derive(Clone, Default)]
struct Marks(Arc<AtomicU8>);

impl Marks {
    fn set(extensions: &Extensions, mark: u8) {
        // The only cost without an audit layer: this lookup.
        if let Some(marks) = extensions.get::<Self>() {
            marks.0.fetch_or(mark, Ordering::Relaxed);
        }
    }

    fn get(&self) -> u8 {
        self.0.load(Ordering::Relaxed)
    }
}

/// A guard admitted the request (or declared that it admits anonymous ones).
pub(crate) fn mark_guarded(extensions: &Extensions) {
    Marks::set(extensions, GUARDED);
}

pub(crate) fn mark_public(extensions: &Extensions) {
    Marks::set(extensions, PUBLIC);
}

/// The extractor `#[public]` puts in front of a handler's arguments: it marks
/// the request as answered by a route meant to be open. Without the macro,
/// take it as an argument; it reads nothing and never refuses.
///
/// ```
/// use jwt_guard::audit::Public;
///
/// async fn health(_: Public) -> &'static str {
///     "ok"
/// }
/// # let _: axum::routing::MethodRouter = axum::routing::get(health);
/// ```
#[derive(Debug, Clone, Copy)]
pub struct Public;

/// Marks every route of the router it is applied to as public, for an
/// [`Audit`]: static assets, a health check, a login page.
///
/// ```
/// use axum::{Router, routing::get};
/// use jwt_guard::audit::PublicLayer;
///
/// let assets: Router = Router::new()
///     .route("/favicon.ico", get(|| async { "icon" }))
///     .layer(PublicLayer);
/// # let _ = assets;
/// ```
#[derive(Debug, Clone, Copy, Default)]
pub struct PublicLayer;

impl<S> Layer<S> for PublicLayer {
    type Service = PublicService<S>;

    fn layer(&self, inner: S) -> Self::Service {
        PublicService(inner)
    }
}

/// The service of [`PublicLayer`]: marks the request public, then calls the
/// inner service.
///
/// ```
/// use axum::Router;
/// use jwt_guard::audit::{PublicLayer, PublicService};
/// use tower::Layer;
///
/// let service: PublicService<Router> = PublicLayer.layer(Router::new());
/// # let _ = service;
/// ```
#[derive(Debug, Clone)]
pub struct PublicService<S>(S);

impl<S: Service<Request<B>>, B> Service<Request<B>> for PublicService<S> {
    type Response = S::Response;
    type Error = S::Error;
    type Future = S::Future;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.0.poll_ready(cx)
    }

    fn call(&mut self, req: Request<B>) -> Self::Future {
        mark_public(req.extensions());
        self.0.call(req)
    }
}

/// The audit: a handle to the violations its [`layer`](Self::layer) found.
/// Clones share them.
///
/// Meant for an application's tests and debug builds (`#[cfg(debug_assertions)]`
/// around the `.layer(..)` call keeps it out of release builds); see the
/// [module documentation](self) for what it checks and an example.
#[derive(Clone, Default)]
pub struct Audit {
    violations: Arc<Mutex<Vec<Violation>>>,
}

impl Audit {
    /// An audit with no violations yet.
    ///
    /// ```
    /// let audit = jwt_guard::audit::Audit::new();
    /// assert!(audit.violations().is_empty());
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// The layer to apply over the whole application, after every other
    /// layer (so it is the outermost, and its marker is open before any guard
    /// runs): `app.layer(audit.layer())`.
    ///
    /// ```
    /// use axum::{Router, routing::get};
    /// use jwt_guard::audit::Audit;
    ///
    /// let audit = Audit::new();
    /// let app: Router = Router::new()
    ///     .route("/", get(|| async { "hi" }))
    ///     .layer(audit.layer());
    /// # let _ = app;
    /// ```
    pub fn layer(&self) -> AuditLayer {
        AuditLayer {
            audit: self.clone(),
        }
    }

    /// The unguarded 2xx responses seen so far, oldest first.
    pub fn violations(&self) -> Vec<Violation> {
        self.violations
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    fn record(&self, violation: Violation) {
        self.violations
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(violation);
    }
}

impl fmt::Debug for Audit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Audit")
            .field("violations", &self.violations().len())
            .finish()
    }
}

/// A request answered 2xx without a guard having admitted it and without
/// being marked public. Its `Display` is the message the audit logs and
/// answers with.
///
/// ```
/// use axum::body::Body;
/// use axum::http::{Method, Request};
/// use axum::{Router, routing::post};
/// use jwt_guard::audit::Audit;
/// use tower::ServiceExt;
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let audit = Audit::new();
/// let app: Router = Router::new()
///     .route("/orders/{id}", post(|| async { "deleted" }))
///     .layer(audit.layer());
/// let req = Request::post("/orders/7?token=secret").body(Body::empty())?;
/// assert_eq!(app.oneshot(req).await?.status(), 500);
///
/// let violation = &audit.violations()[0];
/// assert_eq!(violation.method(), Method::POST);
/// assert_eq!(violation.path(), "/orders/7");
/// assert_eq!(violation.route(), Some("/orders/{id}"));
/// assert_eq!(violation.status(), 200);
/// assert!(violation.to_string().starts_with("POST /orders/7 (route `/orders/{id}`) answered 200 OK"));
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    method: Method,
    path: String,
    route: Option<String>,
    status: StatusCode,
}

impl Violation {
    /// The request's method.
    pub fn method(&self) -> &Method {
        &self.method
    }

    /// The request's path, without the query (which may hold a token).
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The route it matched (axum's `MatchedPath`), when the audit layer
    /// runs after routing (as `Router::layer` puts it).
    pub fn route(&self) -> Option<&str> {
        self.route.as_deref()
    }

    /// The status the handler answered with.
    pub fn status(&self) -> StatusCode {
        self.status
    }
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.method, self.path)?;
        if let Some(route) = &self.route {
            write!(f, " (route `{route}`)")?;
        }
        write!(
            f,
            " answered {} without a guard and without being marked public; \
             add a guard (`#[require_token(..)]`, a `GuardLayer`, a `Guard<G>` or `Token` \
             argument) or mark it public (`#[public]`, the `Public` extractor, `PublicLayer`)",
            self.status
        )
    }
}

/// The layer of an [`Audit`] (see [`Audit::layer`] and the
/// [module documentation](self) for an example).
#[derive(Debug, Clone)]
pub struct AuditLayer {
    audit: Audit,
}

impl<S> Layer<S> for AuditLayer {
    type Service = AuditService<S>;

    fn layer(&self, inner: S) -> Self::Service {
        AuditService {
            inner,
            audit: self.audit.clone(),
        }
    }
}

/// The service of [`AuditLayer`]: the inner service, then the audit of its
/// response. What `Router::layer(audit.layer())` builds around each route.
///
/// ```
/// use axum::Router;
/// use jwt_guard::audit::{Audit, AuditService};
/// use tower::Layer;
///
/// let service: AuditService<Router> = Audit::new().layer().layer(Router::new());
/// # let _ = service;
/// ```
#[derive(Debug, Clone)]
pub struct AuditService<S> {
    inner: S,
    audit: Audit,
}

impl<S, B> Service<Request<B>> for AuditService<S>
where
    S: Service<Request<B>>,
    S::Response: IntoResponse,
    S::Future: Send + 'static,
{
    type Response = Response;
    type Error = S::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Response, S::Error>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, mut req: Request<B>) -> Self::Future {
        let marks = Marks::default();
        req.extensions_mut().insert(marks.clone());
        let method = req.method().clone();
        let path = req.uri().path().to_owned();
        let route = req
            .extensions()
            .get::<MatchedPath>()
            .map(|route| route.as_str().to_owned());
        let audit = self.audit.clone();
        let future = self.inner.call(req);
        Box::pin(async move {
            let res = future.await?.into_response();
            if !res.status().is_success() || marks.get() != 0 {
                return Ok(res);
            }
            let violation = Violation {
                method,
                path,
                route,
                status: res.status(),
            };
            tracing::error!("jwt-guard audit: {violation}");
            let body = serde_json::json!({
                "msg": format!("jwt-guard audit: {violation}"),
                "error": "server_error",
            });
            audit.record(violation);
            Ok((StatusCode::INTERNAL_SERVER_ERROR, axum::Json(body)).into_response())
        })
    }
}
