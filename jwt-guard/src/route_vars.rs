//! A named guard's path variables, taken from the route the request matched
//! (a router guard and `Guard<G>` have no handler `Path` pattern to bind
//! with): by name, as the raw, percent-decoded segments.

use axum::extract::rejection::RawPathParamsRejection;
use axum::extract::{FromRequestParts, MatchedPath, RawPathParams};
use axum::http::request::Parts;
use serde_json::Value;

use crate::error::{GuardError, GuardErrorKind};
use crate::spec::NamedSpec;

/// What a named guard's variables are on this request.
pub(crate) enum RouteVars {
    /// The guard compares no claim with a path variable.
    NoVars,
    /// Its variables, in [`Expect::Var`](crate::spec::Expect::Var) index
    /// order, each a JSON string: a segment is text, so it equals a string
    /// claim with the same text and nothing else (not the number `42` for
    /// `/users/42`: `042`, `42.0` and `4.2e1` would each need a rule, so none
    /// is guessed).
    Bound(Vec<Value>),
    /// The request matched no route (a fallback): nothing to compare with.
    Unmatched,
    /// A parameter is not UTF-8 once percent-decoded.
    NotUtf8,
}

/// `named`'s variables from the matched route. `Err` is the application's
/// mistake, a route without a parameter the guard names: found before
/// anything about the request is looked at, so that the first request to
/// the route shows it, whoever sends it.
pub(crate) async fn bind(parts: &mut Parts, named: &NamedSpec) -> Result<RouteVars, GuardError> {
    if named.spec.req.is_none() || named.vars.is_empty() {
        return Ok(RouteVars::NoVars);
    }
    let Some(route) = parts.extensions.get::<MatchedPath>().cloned() else {
        return Ok(RouteVars::Unmatched);
    };
    let params = match RawPathParams::from_request_parts(parts, &()).await {
        Ok(params) => Some(params),
        Err(RawPathParamsRejection::InvalidUtf8InPathParam(_)) => return Ok(RouteVars::NotUtf8),
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
        .map(RouteVars::Bound)
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
