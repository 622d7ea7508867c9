//! The current user: an application-defined type loaded once per request from
//! the verified token (Flask-JWT-Extended's `user_lookup_loader`).

use axum::extract::FromRequestParts;
use axum::http::request::Parts;

use crate::config::user::{LoadedUser, UserLoader};
use crate::error::{GuardError, GuardErrorKind};
use crate::rejection::GuardRejection;
use crate::request_state::RequestState;
use crate::token::Token;

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

fn display_identity(token: &Token) -> String {
    match token.identity_str() {
        Some(s) => s.to_owned(),
        None => token.identity().to_string(),
    }
}

/// The user the manager's [`user_loader`](crate::JwtConfig::user_loader) loaded for this
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
