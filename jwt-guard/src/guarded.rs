//! The extractor `#[require_token]` puts in front of a handler's arguments:
//! the guard pipeline (`guard.rs`) with the handler's own spec, then the
//! declared requirements with its path variables.

use std::marker::PhantomData;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use serde_json::Value;

use crate::error::GuardError;
use crate::guard::{self, Refusal};
use crate::manager::JwtManager;
use crate::req;
use crate::request_state::RequestState;
use crate::spec::{GuardSpec, Spec};
use crate::token::Token;

/// The extractor the expansion adds to the handler, ahead of every extractor
/// that reads the request (docs/guard-reference.md §1): a refused request never
/// reaches the body extractors.
pub struct Guarded<P>(PhantomData<fn() -> P>);

impl<S: Send + Sync, P: Spec> FromRequestParts<S> for Guarded<P> {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        // Only the path binding depends on the handler; the rest is shared
        // code, compiled once for every guard in the program.
        let Some((manager, token)) = admit(parts, P::SPEC).await? else {
            return Ok(Self(PhantomData));
        };
        if P::SPEC.req.is_some() {
            let vars = P::bind(parts).await?;
            check_claims(&manager, parts, P::SPEC, token, vars)?;
        } else {
            RequestState::keep_token(parts, token);
        }
        Ok(Self(PhantomData))
    }
}

/// Everything before the declared claims; `None` when an `optional` route
/// got no token.
async fn admit(
    parts: &mut Parts,
    spec: &'static GuardSpec,
) -> Result<Option<(JwtManager, Token)>, Response> {
    let manager =
        JwtManager::from_parts(parts, spec.handler).map_err(IntoResponse::into_response)?;
    match guard::authorize(&manager, parts, spec).await {
        Ok(token) => Ok(Some((manager, token))),
        Err(Refusal::Absent(_)) if spec.optional => Ok(None),
        Err(Refusal::Absent(err) | Refusal::Invalid(err)) => Err(manager.respond(&err)),
    }
}

/// The declared claims and scopes, last in the order of checks.
fn check_claims(
    manager: &JwtManager,
    parts: &mut Parts,
    spec: &'static GuardSpec,
    token: Token,
    vars: Vec<Option<Value>>,
) -> Result<(), Response> {
    if let Some(requirement) = spec.req {
        // Every bound variable is used by the requirement. One without a JSON
        // value matches no claim, and evaluating around it would let
        // `not(sub = "x")` pass, so the request is refused outright.
        let Some(vars) = vars.into_iter().collect::<Option<Vec<Value>>>() else {
            tracing::debug!(
                handler = spec.handler,
                "jwt-guard: a path variable has no JSON value; refusing"
            );
            return Err(manager.respond(&GuardError::insufficient()));
        };
        let scope_claim = &manager.inner.config.scope_claim;
        let names = req::Names {
            scope: scope_claim,
            identity: &manager.inner.config.identity_claim,
        };
        match req::holds(requirement, &token, &vars, &names) {
            Ok(true) => {}
            Ok(false) => {
                tracing::debug!(
                    handler = spec.handler,
                    "jwt-guard: claims requirement not met"
                );
                return Err(manager.respond(&GuardError::insufficient()));
            }
            // Logged where it happened; refused, never guessed.
            Err(req::Unreadable) => return Err(manager.respond(&GuardError::insufficient())),
        }
    }
    RequestState::keep_token(parts, token);
    Ok(())
}

/// Runs the handler's own `Path<..>` extractor.
pub async fn extract_path<T: FromRequestParts<()>>(parts: &mut Parts) -> Result<T, Response> {
    T::from_request_parts(parts, &())
        .await
        .map_err(IntoResponse::into_response)
}

/// A bound path variable as JSON; `None` when it has no JSON form.
///
/// That is a value that fails to serialize, and one that serializes to a JSON
/// `null` anywhere: serde_json writes a non-finite float (`/t/NaN`, `/t/inf`
/// into an `f64`) as `null`, which must not equal a `"tenant": null` claim, and
/// a path segment never deserializes to a real `null` (an `Option` in a path is
/// `Some`), so a `null` here only ever stands for a value that was lost.
pub fn path_value<T: serde::Serialize + ?Sized>(value: &T) -> Option<Value> {
    serde_json::to_value(value).ok().filter(|v| !holds_null(v))
}

fn holds_null(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::Array(items) => items.iter().any(holds_null),
        Value::Object(map) => map.values().any(holds_null),
        Value::Bool(_) | Value::Number(_) | Value::String(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn values_without_a_json_form_bind_nothing() {
        assert_eq!(path_value(&f64::NAN), None);
        assert_eq!(path_value(&f64::INFINITY), None);
        assert_eq!(path_value(&f32::NEG_INFINITY), None);
        assert_eq!(path_value(&(1u8, f64::NAN)), None);
        assert_eq!(path_value(&vec![Some(1), None]), None);
        assert_eq!(path_value(&()), None);
        // Not representable as JSON: a map with non-string keys.
        let map = std::collections::BTreeMap::from([((1, 2), 3)]);
        assert_eq!(path_value(&map), None);
        assert_eq!(path_value(&2.5f64), Some(json!(2.5)));
        assert_eq!(path_value(&-0.0f64), Some(json!(-0.0)));
        assert_eq!(path_value("alice"), Some(json!("alice")));
    }
}
