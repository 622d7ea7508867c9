//! A named guard's path variables, taken from the route the request matched
//! (a router guard and `Guard<G>` have no handler `Path` pattern to bind
//! with): by name, as the raw, percent-decoded segments.

use axum::extract::{FromRequestParts, MatchedPath, RawPathParams};
use axum::http::request::Parts;
use serde_json::Value;

use crate::error::{GuardError, GuardErrorKind};
use crate::spec::NamedSpec;

/// `named`'s variables, in [`Expect::Var`](crate::spec::Expect::Var) index
/// order, each a JSON string: a segment is text, so it equals a string claim
/// with the same text and nothing else (not the number `42` for `/users/42`:
/// `042`, `42.0` and `4.2e1` would each need a rule, so none is guessed).
///
/// `Ok(None)`: the request matched no route (a fallback), so there is nothing
/// to compare with; the caller refuses.
pub(crate) async fn bind(
    parts: &mut Parts,
    named: &NamedSpec,
) -> Result<Option<Vec<Value>>, GuardError> {
    let Some(route) = parts.extensions.get::<MatchedPath>().cloned() else {
        return Ok(None);
    };
    let params = match RawPathParams::from_request_parts(parts, &()).await {
        Ok(params) => Some(params),
        Err(axum::extract::rejection::RawPathParamsRejection::InvalidUtf8InPathParam(_)) => {
            return Err(GuardError::invalid_request(
                "A path parameter is not valid UTF-8",
            ));
        }
        // A matched route always has its parameters; read "none at all".
        Err(_) => None,
    };
    named
        .vars
        .iter()
        .map(|name| {
            let found = params
                .as_ref()
                .and_then(|params| params.iter().find(|(key, _)| key == name));
            match found {
                Some((_, value)) => Ok(Value::String(value.to_owned())),
                None => Err(missing(named, route.as_str(), name)),
            }
        })
        .collect::<Result<Vec<_>, _>>()
        .map(Some)
}

/// A guard that binds `name` over a route without it: a mistake in the
/// application, never a pass.
fn missing(named: &NamedSpec, route: &str, name: &str) -> GuardError {
    tracing::error!(
        guard = named.spec.handler,
        route,
        parameter = name,
        "jwt-guard: guard `{}` compares a claim with the path parameter `{name}`, which route \
         `{route}` does not have; name the route's parameter `{{{name}}}`, or serve this route \
         outside the router this guard is layered on",
        named.spec.handler,
    );
    GuardError::misconfigured(GuardErrorKind::RouteParamMissing)
}
