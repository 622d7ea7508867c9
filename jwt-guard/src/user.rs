//! The current user: an application-defined type loaded once per request from
//! the verified token (Flask-JWT-Extended's `user_lookup_loader`). Its
//! extractor is in `extract.rs`, with the others.

use axum::http::request::Parts;

use crate::config::user::{LoadedUser, UserLoader};
use crate::error::{GuardError, GuardErrorKind};
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
