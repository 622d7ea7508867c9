//! Extractors built on [`Token`].

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::response::Response;
use serde::de::DeserializeOwned;

use crate::error::{GuardError, GuardErrorKind};
use crate::manager::JwtManager;
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
    type Rejection = Response;

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
                    Ok(manager) => manager.respond(&err),
                    Err(res) => res,
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
