//! The current user: an application-defined type loaded once per request from
//! the verified token (Flask-JWT-Extended's `user_lookup_loader`).

use std::any::Any;
use std::future::Future;
use std::sync::Arc;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;

use crate::config::JwtConfig;
use crate::error::{GuardError, GuardErrorKind};
use crate::rejection::GuardRejection;
use crate::request_state::RequestState;
use crate::revoke::BoxFuture;
use crate::token::Token;

pub(crate) type UserLoader =
    Arc<dyn Fn(Token) -> BoxFuture<'static, Option<LoadedUser>> + Send + Sync>;

/// The loaded user, type-erased so the manager needs no type parameter; kept in
/// the request's state so the loader runs once per request.
#[derive(Clone)]
pub(crate) struct LoadedUser(Arc<dyn Any + Send + Sync>);

impl JwtConfig {
    /// Loads the application's user for a verified token. It runs on every
    /// guarded request, once, after revocation and the verification hook; `None`
    /// refuses the request with 401 `Error loading the user <identity>`. Handlers
    /// read the result with [`CurrentUser<U>`].
    ///
    /// ```
    /// use jwt_guard::{CurrentUser, JwtManager, require_token};
    ///
    /// #[derive(Clone)]
    /// struct User { name: String, admin: bool }
    ///
    /// let manager = JwtManager::builder()
    ///     .secret("a-32-byte-secret-from-the-environment!")
    ///     .user_loader(|token| async move {
    ///         // A database look-up, in a real service.
    ///         let name = token.identity_str()?.to_owned();
    ///         Some(User { admin: name == "root", name })
    ///     })
    ///     .build()
    ///     .unwrap();
    ///
    /// #[require_token]
    /// async fn me(CurrentUser(user): CurrentUser<User>) -> String {
    ///     format!("{} (admin: {})", user.name, user.admin)
    /// }
    /// # let _: axum::Router = axum::Router::new().route("/me", axum::routing::get(me)).layer(manager.layer());
    /// ```
    pub fn user_loader<U, F, Fut>(mut self, load: F) -> Self
    where
        U: Clone + Send + Sync + 'static,
        F: Fn(Token) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Option<U>> + Send + 'static,
    {
        self.user_loader = Some(Arc::new(move |token| {
            let user = load(token);
            Box::pin(async move { user.await.map(|u| LoadedUser(Arc::new(u))) })
        }));
        self
    }
}

/// Runs the loader for `token` and stores the user in the request.
pub(crate) async fn load(
    loader: &UserLoader,
    token: &Token,
    parts: &mut Parts,
) -> Result<(), GuardError> {
    if RequestState::user(parts).is_some() {
        return Ok(());
    }
    let user = load_user(loader, token).await?;
    RequestState::keep_user(parts, user);
    Ok(())
}

/// Runs the loader for `token`; a user it cannot find refuses the token.
pub(crate) async fn load_user(
    loader: &UserLoader,
    token: &Token,
) -> Result<LoadedUser, GuardError> {
    loader(token.clone()).await.ok_or_else(|| {
        GuardError::new(
            GuardErrorKind::UserNotFound,
            format!("Error loading the user {}", display_identity(token)),
        )
    })
}

impl LoadedUser {
    /// The user, if it is a `U`.
    pub(crate) fn get<U: 'static>(&self) -> Option<&U> {
        self.0.downcast_ref::<U>()
    }
}

fn display_identity(token: &Token) -> String {
    match token.identity_str() {
        Some(s) => s.to_owned(),
        None => token.identity().to_string(),
    }
}

/// The user the manager's [`user_loader`](JwtConfig::user_loader) loaded for this
/// request's token.
///
/// On a guarded route it reads what the guard loaded; elsewhere it verifies an
/// access token first, as [`Token`] does. `U` must be the type the loader returns.
#[derive(Debug, Clone)]
pub struct CurrentUser<U>(pub U);

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
