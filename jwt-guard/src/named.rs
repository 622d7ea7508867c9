//! Guards declared once with `guard!` and used by name: in
//! `#[require_token(Name, ..)]`, as a router layer (`Name::layer()`), and as
//! the `Guard<Name>` extractor. The layer and the extractor run the
//! attribute's own pipeline (`guarded.rs`), binding the guard's path
//! variables from the matched route (`route_vars.rs`).

use std::fmt;
use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{Context, Poll};

use axum::http::Request;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use tower::{Layer, Service};

use crate::error::GuardError;
use crate::guarded::{self, Admission};
use crate::manager::JwtManager;
use crate::rejection::GuardRejection;
use crate::route_vars::{self, RouteVars};
use crate::spec::NamedSpec;
use crate::token::Token;

/// A guard declared with `guard!`, usable by name. Implemented only by that
/// macro's expansion.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a named guard",
    label = "declare it with `jwt_guard::guard!`"
)]
pub trait NamedGuard: Send + Sync + 'static {
    /// The declared guard.
    #[doc(hidden)]
    const NAMED: &'static NamedSpec;
}

/// Runs a named guard in front of every route of a `Router`: the same checks
/// in the same order as `#[require_token(G)]` on each handler (finding the
/// token, cookies and CSRF, verification, type, freshness, revocation, the
/// [`token_check`](crate::JwtConfig::token_check) hook, the user loader, then
/// the declared claims), the same refusals through the manager's
/// [`on_error`](crate::JwtConfig::on_error). `guard!` gives each guard a
/// `G::layer()` that returns one; [`GuardLayer::new`] is the same.
///
/// The manager must be on the request, so `.layer(manager.layer())` goes on
/// the outer router (or after this layer on the same one); without it every
/// request answers 500 and the log names the fix.
///
/// Behind it, [`Token`], [`Claims<T>`](crate::Claims) and
/// [`CurrentUser<U>`](crate::CurrentUser) read what the guard admitted,
/// without decoding the token again. A handler attribute or a [`Guard<G>`](crate::Guard)
/// behind it adds its own requirements (both must hold); when it reads the
/// token from the same locations it takes the admitted token as it is and
/// checks only its own type, freshness and claims.
///
/// ```
/// use axum::body::Body;
/// use axum::http::Request;
/// use axum::{Router, routing::get};
/// use jwt_guard::{JwtManager, Token};
/// use serde_json::json;
/// use tower::ServiceExt;
/// use jwt_guard::guard;
///
/// guard!(pub AdminOnly = fresh, scope(admin = true));
///
/// async fn users(token: Token) -> String {
///     format!("admin {}", token.identity_str().unwrap_or_default())
/// }
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let manager = JwtManager::builder()
///     .secret("a-32-byte-secret-from-the-environment!")
///     .build()?;
/// let admin = Router::new()
///     .route("/users", get(users))
///     .fallback(|| async { axum::http::StatusCode::NOT_FOUND })
///     .layer(AdminOnly::layer());
/// let app: Router = Router::new().nest("/admin", admin).layer(manager.layer());
///
/// let get = |uri: &str, token: &str| {
///     Request::get(uri)
///         .header("authorization", format!("Bearer {token}"))
///         .body(Body::empty())
///         .unwrap()
/// };
/// let root = manager
///     .access_token("root")
///     .claim("scope", json!({ "admin": true }))
///     .fresh(true)
///     .mint()?;
/// let alice = manager.create_access_token("alice")?;
/// assert_eq!(app.clone().oneshot(get("/admin/users", &root)).await?.status(), 200);
/// // Not an admin.
/// assert_eq!(app.clone().oneshot(get("/admin/users", &alice)).await?.status(), 403);
/// // Unknown paths under the prefix are guarded too.
/// let anonymous = Request::get("/admin/nope").body(Body::empty())?;
/// assert_eq!(app.oneshot(anonymous).await?.status(), 401);
/// # Ok(())
/// # }
/// ```
///
/// # `layer` or `route_layer`, 404 and 405
///
/// Both run the guard on every route of the router, a wrong method's 405
/// included. They differ on requests that match no route: with
/// `route_layer`, and with `layer` on a nested router that has no fallback
/// of its own (the outer router's fallback answers), those answer 404
/// *before* authentication, and so tell a client without a token which paths
/// exist:
///
/// | under a guarded `nest("/admin", r)`, no token | `r.route_layer(G::layer())` | `r.layer(G::layer())` | `r.fallback(..).layer(G::layer())` |
/// |---|---|---|---|
/// | `GET /admin/users` (exists) | 401 | 401 | 401 |
/// | `POST /admin/users` (wrong method) | 401 | 401 | 401 |
/// | `GET /admin/nope` (no such route) | 404 | 404 | 401 |
///
/// (`MethodRouter::route_layer`, as in `get(h).route_layer(..)`, wraps the
/// methods only: there a wrong method answers 405 before authentication.)
/// With a valid token each answers as the router would (200, 405, 404).
///
/// **Recommended:** `.layer(G::layer())` on a nested router that has its own
/// `.fallback(..)`, the last column: nothing about the routes under the
/// prefix shows before authentication.
///
/// # Path variables
///
/// A guard whose requirements compare a claim with a path variable
/// (`sub = "username"`) reads it from the matched route's parameter of that
/// name (the whole route, outer `nest` prefixes included), percent-decoded.
/// A segment is text: it equals a string claim with the same text, and never
/// a number or boolean claim (`/users/42` does not match `"uid": 42`; write
/// the claim as a string, or bind with a handler's typed `Path` and the
/// attribute). A route without that parameter answers 500 to every request
/// ([`GuardErrorKind::RouteParamMissing`](crate::GuardErrorKind::RouteParamMissing))
/// and the log names the guard, the route, the parameter and the fix: never
/// a silent pass. A request that matched no route (the router's fallback)
/// has nothing to compare with and is refused with 403 once authenticated.
/// So a path-bound guard goes on the `Router` (`Router::layer`,
/// `Router::route_layer`), which runs it after routing, never around the
/// router as a service, where no route has matched yet.
pub struct GuardLayer<G>(PhantomData<fn() -> G>);

impl<G: NamedGuard> GuardLayer<G> {
    /// The layer for guard `G`.
    pub fn new() -> Self {
        Self(PhantomData)
    }
}

impl<G: NamedGuard> Default for GuardLayer<G> {
    fn default() -> Self {
        Self::new()
    }
}

impl<G> Clone for GuardLayer<G> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<G> Copy for GuardLayer<G> {}

impl<G> fmt::Debug for GuardLayer<G> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("GuardLayer")
            .field(&std::any::type_name::<G>())
            .finish()
    }
}

impl<G: NamedGuard, S> Layer<S> for GuardLayer<G> {
    type Service = GuardService<G, S>;

    fn layer(&self, inner: S) -> Self::Service {
        GuardService {
            inner,
            guard: PhantomData,
        }
    }
}

/// The service of [`GuardLayer`]: guard `G`, then the inner service. A
/// refused request never reaches the inner service.
///
/// ```
/// use axum::Router;
/// use jwt_guard::{GuardLayer, GuardService};
/// use tower::Layer;
/// use jwt_guard::guard;
///
/// guard!(pub Authenticated);
///
/// // What `Router::layer` builds around each route.
/// let service: GuardService<Authenticated, Router> =
///     GuardLayer::<Authenticated>::new().layer(Router::new());
/// # let _ = service;
/// ```
pub struct GuardService<G, S> {
    inner: S,
    guard: PhantomData<fn() -> G>,
}

impl<G, S: Clone> Clone for GuardService<G, S> {
    fn clone(&self) -> Self {
        Self {
            inner: self.inner.clone(),
            guard: PhantomData,
        }
    }
}

impl<G, S: fmt::Debug> fmt::Debug for GuardService<G, S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("GuardService")
            .field("guard", &std::any::type_name::<G>())
            .field("inner", &self.inner)
            .finish()
    }
}

impl<G, S, B> Service<Request<B>> for GuardService<G, S>
where
    G: NamedGuard,
    S: Service<Request<B>> + Clone + Send + 'static,
    S::Response: IntoResponse,
    S::Future: Send,
    B: Send + 'static,
{
    type Response = Response;
    type Error = S::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Response, S::Error>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, req: Request<B>) -> Self::Future {
        // The clone that was polled ready serves this request (tower's rule).
        let clone = self.inner.clone();
        let mut inner = std::mem::replace(&mut self.inner, clone);
        Box::pin(async move {
            let (mut parts, body) = req.into_parts();
            if let Err(rejection) = guard(&mut parts, G::NAMED).await {
                return Ok(rejection.into_response());
            }
            let res = inner.call(Request::from_parts(parts, body)).await?;
            Ok(res.into_response())
        })
    }
}

/// The router guard on one request; `Ok` lets it through (with the token
/// kept in the request, or anonymous under an `optional` guard).
async fn guard(parts: &mut Parts, named: &'static NamedSpec) -> Result<(), GuardRejection> {
    match run(parts, named).await? {
        Named::Admitted(_) => Ok(()),
        Named::Absent(manager, err) => guarded::forgive(parts, &named.spec, &manager, err),
    }
}

/// What a named guard made of a request.
pub(crate) enum Named {
    /// Admitted, claims and all; the token is kept in the request.
    Admitted(Token),
    /// The request carries no token; the caller decides.
    Absent(JwtManager, GuardError),
}

/// A named guard on one request, for the layer and the extractor: the
/// attribute's pipeline (`guarded.rs`), with the variables of the matched
/// route in place of the handler's `Path`.
pub(crate) async fn run(
    parts: &mut Parts,
    named: &'static NamedSpec,
) -> Result<Named, GuardRejection> {
    let spec = &named.spec;
    // A misconfigured route answers 500 to every request, not only to those
    // with a good token: the first test that reaches it fails.
    let vars = route_vars::bind(parts, named)
        .await
        .map_err(GuardRejection::default_response)?;
    let (manager, token) = match guarded::admit(parts, spec).await? {
        Admission::Token(manager, token) => (manager, token),
        Admission::Absent(manager, err) => return Ok(Named::Absent(manager, err)),
    };
    let vars = match vars {
        RouteVars::NoVars => Vec::new(),
        RouteVars::Bound(vars) => vars.into_iter().map(Some).collect(),
        RouteVars::Unmatched => {
            // A fallback: no route, so nothing the requirement could hold on.
            tracing::debug!(
                guard = spec.handler,
                "jwt-guard: no matched route to bind path variables from; refusing"
            );
            return Err(GuardRejection::new(&manager, GuardError::insufficient()));
        }
        RouteVars::NotUtf8 => {
            let err = GuardError::invalid_request("A path parameter is not valid UTF-8");
            return Err(GuardRejection::new(&manager, err));
        }
    };
    guarded::check_claims(&manager, parts, spec, token.clone(), vars)?;
    Ok(Named::Admitted(token))
}
