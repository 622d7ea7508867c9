//! Every extractor of the crate but the guard itself (`guarded.rs`): the
//! verified [`Token`], its claims as the application's type. A route without
//! a guard verifies an access token here.

use axum::extract::{FromRequestParts, OptionalFromRequestParts};
use axum::http::request::Parts;
use serde::de::DeserializeOwned;

use crate::error::{GuardError, GuardErrorKind};
use crate::guard::{self, Refusal};
use crate::manager::JwtManager;
use crate::rejection::GuardRejection;
use crate::request_state::RequestState;
use crate::token::Token;

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
                RequestState::keep_token(parts, token.clone());
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
                RequestState::keep_token(parts, token.clone());
                Ok(Some(token))
            }
            Err(Refusal::Absent(_)) => Ok(None),
            Err(Refusal::Invalid(err)) => Err(GuardRejection::new(&manager, err)),
        }
    }
}
