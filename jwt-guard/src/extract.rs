//! Every extractor of the crate but the attribute's own (`guarded.rs`): the
//! verified [`Token`], its claims as the application's type, the
//! [`CurrentUser`], the [`JwtManager`], a named guard as an argument
//! ([`Guard<G>`]) and `#[public]`'s marker ([`Public`]). A route without a
//! guard verifies an access token here.

use std::marker::PhantomData;

use axum::extract::{FromRequestParts, OptionalFromRequestParts};
use axum::http::request::Parts;
use serde::de::DeserializeOwned;

use crate::audit::{self, Public};
use crate::authorize::{Authorized, Requirements};
use crate::config::user::LoadedUser;
use crate::error::{GuardError, GuardErrorKind};
use crate::guard::{self, Refusal};
use crate::manager::JwtManager;
use crate::named::{self, Named, NamedGuard};
use crate::rejection::GuardRejection;
use crate::request_state::{RequestState, Sought};
use crate::token::Token;
use crate::user::CurrentUser;

/// The verified token's payload as the application's own type.
///
/// Like [`Token`], it reads what the guard verified, or verifies an access
/// token itself on a route without a guard. A payload that does not fit `T`
/// is refused with 401 `invalid_token`.
///
/// ```
/// use jwt_guard::{Claims, require_token};
/// use serde::Deserialize;
///
/// #[derive(Deserialize)]
/// struct MyClaims {
///     sub: String,
///     #[serde(default)]
///     roles: Vec<String>,
/// }
///
/// #[require_token]
/// async fn roles(Claims(claims): Claims<MyClaims>) -> String {
///     format!("{}: {}", claims.sub, claims.roles.join(","))
/// }
/// # let _: axum::routing::MethodRouter = axum::routing::get(roles);
/// ```
#[derive(Debug, Clone)]
pub struct Claims<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for Claims<T> {
    type Rejection = GuardRejection;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let token = <Token as FromRequestParts<S>>::from_request_parts(parts, state).await?;
        // Straight from the payload bytes: no claims map in between.
        serde_json::from_slice::<T>(token.payload())
            .map(Claims)
            .map_err(|e| {
                let err = GuardError::new(
                    GuardErrorKind::InvalidClaim,
                    format!("Token claims do not have the expected shape: {}", cause(&e)),
                );
                match JwtManager::from_parts(parts, "Claims extractor") {
                    Ok(manager) => GuardRejection::new(&manager, err),
                    Err(rejection) => rejection,
                }
            })
    }
}

/// The error without its position in the payload, which the client never
/// sees decoded and which would only make the message vary.
fn cause(err: &serde_json::Error) -> String {
    let text = err.to_string();
    let position = format!(" at line {} column {}", err.line(), err.column());
    match text.strip_suffix(&position) {
        Some(cause) => cause.to_owned(),
        None => text,
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Token {
    type Rejection = GuardRejection;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        if let Some(token) = RequestState::token(parts) {
            return Ok(token);
        }
        let manager = JwtManager::from_parts(parts, "Token extractor")?;
        match guard::authorize(&manager, parts, &guard::UNGUARDED).await {
            Ok(token) => {
                RequestState::keep_token(parts, token.clone(), Sought::of(&guard::UNGUARDED));
                Ok(token)
            }
            Err(Refusal::Absent(err) | Refusal::Invalid(err)) => {
                Err(GuardRejection::new(&manager, err))
            }
        }
    }
}

impl<S: Send + Sync> OptionalFromRequestParts<S> for Token {
    type Rejection = GuardRejection;

    async fn from_request_parts(
        parts: &mut Parts,
        _state: &S,
    ) -> Result<Option<Self>, Self::Rejection> {
        if let Some(token) = RequestState::token(parts) {
            return Ok(Some(token));
        }
        let manager = JwtManager::from_parts(parts, "Option<Token> extractor")?;
        match guard::authorize(&manager, parts, &guard::UNGUARDED).await {
            Ok(token) => {
                RequestState::keep_token(parts, token.clone(), Sought::of(&guard::UNGUARDED));
                Ok(Some(token))
            }
            Err(Refusal::Absent(_)) => {
                // The handler takes anonymous requests on purpose.
                audit::mark_guarded(&parts.extensions);
                Ok(None)
            }
            Err(Refusal::Invalid(err)) => Err(GuardRejection::new(&manager, err)),
        }
    }
}

// The handle (`manager/`) sits below the guard's pipeline, which takes it as
// an argument; the handle's methods that run the pipeline are therefore
// written here, above both, next to its extraction.
impl JwtManager {
    /// Runs everything a guard runs on a token, except finding it in a
    /// request: verification (through the token cache and a remote JWKS when
    /// configured), type, freshness, revocation, the application's
    /// [`token_check`](crate::JwtConfig::token_check) hook, the user loader,
    /// and the claims and scopes of `requirements`, in that order.
    ///
    /// Use it wherever a token arrives outside an HTTP request: a WebSocket
    /// message, a job queue, another protocol. [`verify`](Self::verify) checks
    /// only what the token says about itself (signature, times, issuer,
    /// audience, claim shapes) and lets revoked tokens and either type
    /// through: it is for inspecting a token, not for admitting its bearer.
    ///
    /// A refusal is the [`GuardError`] the guard would answer with.
    ///
    /// ```
    /// use jwt_guard::authorize::Requirements;
    /// use jwt_guard::revoke::MemoryStore;
    /// use jwt_guard::{GuardErrorKind, JwtManager};
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let manager = JwtManager::builder()
    ///     .secret("a-32-byte-secret-from-the-environment!")
    ///     .revocation_store(MemoryStore::new())
    ///     .build()?;
    /// let raw = manager.create_access_token("alice")?;
    /// let alice = manager.authorize(&raw, &Requirements::access()).await?;
    /// assert_eq!(alice.token().identity_str(), Some("alice"));
    ///
    /// manager.revoke(alice.token()).await?;
    /// let err = manager.authorize(&raw, &Requirements::access()).await.unwrap_err();
    /// assert_eq!(err.kind(), GuardErrorKind::Revoked);
    /// // `verify` alone does not ask the revocation store.
    /// assert!(manager.verify(&raw).is_ok());
    /// # Ok(())
    /// # }
    /// ```
    pub async fn authorize(
        &self,
        raw: &str,
        requirements: &Requirements,
    ) -> Result<Authorized, GuardError> {
        crate::authorize::authorize(self, raw, requirements).await
    }

    /// Finds the manager the [`layer`](Self::layer) put on the request; without
    /// it, a 500 whose log line names the fix.
    pub(crate) fn from_parts(parts: &Parts, handler: &str) -> Result<Self, GuardRejection> {
        match parts.extensions.get::<Self>() {
            Some(manager) => Ok(manager.clone()),
            None => {
                tracing::error!(
                    handler,
                    "jwt-guard: no JwtManager on this request; add `.layer(manager.layer())` \
                     to the Router that serves this route"
                );
                Err(GuardRejection::default_response(GuardError::misconfigured(
                    GuardErrorKind::ManagerMissing,
                )))
            }
        }
    }
}

/// Handlers that mint tokens take the manager as an extractor.
impl<S: Send + Sync> FromRequestParts<S> for JwtManager {
    type Rejection = GuardRejection;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Self::from_parts(parts, "JwtManager extractor")
    }
}

impl<S: Send + Sync, U: Clone + Send + Sync + 'static> FromRequestParts<S> for CurrentUser<U> {
    type Rejection = GuardRejection;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        if RequestState::user(parts).is_none() {
            // Verifying the token runs the loader when one is configured.
            <Token as FromRequestParts<S>>::from_request_parts(parts, state).await?;
        }
        let Some(LoadedUser(user)) = RequestState::user(parts) else {
            tracing::error!(
                "jwt-guard: CurrentUser needs a user loader; add JwtConfig::user_loader"
            );
            return Err(GuardRejection::default_response(GuardError::misconfigured(
                GuardErrorKind::UserLoaderMissing,
            )));
        };
        match user.downcast_ref::<U>() {
            Some(user) => Ok(Self(user.clone())),
            None => {
                tracing::error!(
                    user_type = std::any::type_name::<U>(),
                    "jwt-guard: CurrentUser asks for another type than the user loader returns; \
                     use the loader's type in CurrentUser<..>"
                );
                Err(GuardRejection::default_response(GuardError::misconfigured(
                    GuardErrorKind::UserTypeMismatch,
                )))
            }
        }
    }
}

/// The named guard `G` (declared with `guard!`) as a handler argument, for
/// those who prefer types to attributes: the same checks as
/// `#[require_token(G)]`, and the verified token.
///
/// Path variables come from the matched route's parameters, as for a
/// [`GuardLayer`](crate::GuardLayer) (see there for how a segment compares
/// with a claim). Behind a router guard that read the same locations, it
/// takes the token already admitted and checks only its own type, freshness
/// and claims.
///
/// `Guard<G>` always needs a token. `Option<Guard<G>>` is `None` for a
/// request without one (an `optional` guard's form) and still refuses a
/// token that is present but fails a check. `Result<Guard<G>, GuardRejection>`
/// hands the refusal to the handler.
///
/// ```
/// use axum::body::Body;
/// use axum::http::Request;
/// use axum::{Router, routing::get};
/// use jwt_guard::{Guard, JwtManager};
/// use serde_json::json;
/// use tower::ServiceExt;
/// use jwt_guard::guard;
///
/// guard!(pub AdminOnly = fresh, scope(admin = true));
///
/// async fn audit_log(admin: Guard<AdminOnly>) -> String {
///     format!("audit log, read by {}", admin.token().identity_str().unwrap_or_default())
/// }
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let manager = JwtManager::builder()
///     .secret("a-32-byte-secret-from-the-environment!")
///     .build()?;
/// let app: Router = Router::new()
///     .route("/audit-log", get(audit_log))
///     .layer(manager.layer());
///
/// let root = manager
///     .access_token("root")
///     .claim("scope", json!({ "admin": true }))
///     .fresh(true)
///     .mint()?;
/// let req = Request::get("/audit-log")
///     .header("authorization", format!("Bearer {root}"))
///     .body(Body::empty())?;
/// assert_eq!(app.clone().oneshot(req).await?.status(), 200);
/// let anonymous = Request::get("/audit-log").body(Body::empty())?;
/// assert_eq!(app.oneshot(anonymous).await?.status(), 401);
/// # Ok(())
/// # }
/// ```
pub struct Guard<G>(Token, PhantomData<fn() -> G>);

impl<G> Guard<G> {
    /// The token the guard admitted.
    pub fn token(&self) -> &Token {
        &self.0
    }

    /// The token the guard admitted, by value.
    pub fn into_token(self) -> Token {
        self.0
    }
}

impl<G> Clone for Guard<G> {
    fn clone(&self) -> Self {
        Self(self.0.clone(), PhantomData)
    }
}

impl<G> std::fmt::Debug for Guard<G> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("Guard")
            .field(&std::any::type_name::<G>())
            .field(&self.0)
            .finish()
    }
}

impl<S: Send + Sync, G: NamedGuard> FromRequestParts<S> for Guard<G> {
    type Rejection = GuardRejection;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        match named::run(parts, G::NAMED).await? {
            Named::Admitted(token) => Ok(Self(token, PhantomData)),
            Named::Absent(manager, err) => Err(GuardRejection::new(&manager, err)),
        }
    }
}

impl<S: Send + Sync, G: NamedGuard> OptionalFromRequestParts<S> for Guard<G> {
    type Rejection = GuardRejection;

    async fn from_request_parts(
        parts: &mut Parts,
        _state: &S,
    ) -> Result<Option<Self>, Self::Rejection> {
        match named::run(parts, G::NAMED).await? {
            Named::Admitted(token) => Ok(Some(Self(token, PhantomData))),
            Named::Absent(_, _) => {
                // The handler takes anonymous requests on purpose.
                audit::mark_guarded(&parts.extensions);
                Ok(None)
            }
        }
    }
}

/// `#[public]`'s marker: the route is meant to be open (`audit.rs`).
impl<S: Send + Sync> FromRequestParts<S> for Public {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        audit::mark_public(&parts.extensions);
        Ok(Self)
    }
}
