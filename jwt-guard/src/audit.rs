//! Deny by default, as an audit: proof, in an application's own tests, that
//! every route is either guarded or marked `#[public]`.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;

/// The extractor `#[public]` puts in front of a handler's arguments: it marks
/// the request as answered by a route meant to be open.
#[doc(hidden)]
pub struct Public;

impl<S: Send + Sync> FromRequestParts<S> for Public {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let _ = parts;
        Ok(Self)
    }
}
