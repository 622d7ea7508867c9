//! The extractor `#[require_token]` puts in front of a handler's arguments:
//! the guard pipeline (`guard.rs`) with the handler's own spec, then the
//! declared requirements with its path variables.

use std::marker::PhantomData;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use serde_json::Value;

use crate::audit;
use crate::error::GuardError;
use crate::guard::{self, Refusal};
use crate::manager::JwtManager;
use crate::rejection::GuardRejection;
use crate::req;
use crate::request_state::{RequestState, Sought};
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
        // code, compiled once for every guard in the program (router guards
        // and `Guard<G>` included: `named.rs`). Errors become responses in
        // that shared code too: this body is compiled once per handler.
        let Some((manager, token)) = attribute_admit(parts, P::SPEC).await? else {
            return Ok(Self(PhantomData));
        };
        let vars = match P::SPEC.req {
            Some(_) => P::bind(parts).await?,
            None => Vec::new(),
        };
        attribute_claims(&manager, parts, P::SPEC, token, vars)?;
        Ok(Self(PhantomData))
    }
}

/// [`admit`] for the attribute, refusals as responses, with the spec's
/// `optional` deciding an absent token: `None` lets an anonymous request in
/// (and marks it guarded for an audit: the route declared that anonymous
/// requests are meant).
async fn attribute_admit(
    parts: &mut Parts,
    spec: &'static GuardSpec,
) -> Result<Option<(JwtManager, Token)>, Response> {
    let admitted = match admit(parts, spec).await {
        Ok(Admission::Token(manager, token)) => Ok(Some((manager, token))),
        Ok(Admission::Absent(manager, err)) => forgive(parts, spec, &manager, err).map(|()| None),
        Err(rejection) => Err(rejection),
    };
    admitted.map_err(IntoResponse::into_response)
}

/// [`check_claims`] for the attribute, a refusal as a response.
fn attribute_claims(
    manager: &JwtManager,
    parts: &mut Parts,
    spec: &'static GuardSpec,
    token: Token,
    vars: Vec<Option<Value>>,
) -> Result<(), Response> {
    check_claims(manager, parts, spec, token, vars).map_err(IntoResponse::into_response)
}

/// What a guard found before its declared claims.
pub(crate) enum Admission {
    /// A token that passed every check up to the declared claims.
    Token(JwtManager, Token),
    /// The request carries no token (the error says where none was found).
    Absent(JwtManager, GuardError),
}

/// Everything before the declared claims, for every guard of the crate.
///
/// When an earlier guard of this request admitted a token where this one
/// looks (a router guard in front of a handler's attribute), that token is
/// taken as it is: it was found, verified, CSRF-checked, asked about
/// revocation, shown to the hook and its user loaded once, and only this
/// guard's own type and freshness are left to check. Otherwise the whole
/// pipeline runs.
pub(crate) async fn admit(
    parts: &mut Parts,
    spec: &'static GuardSpec,
) -> Result<Admission, GuardRejection> {
    let manager = JwtManager::from_parts(parts, spec.handler)?;
    let sought = Sought::of(spec);
    if let Some(token) = RequestState::admitted(parts, sought, &manager.inner.config.locations) {
        return match guard::check_kind(&token, spec.accepts, spec.fresh) {
            Ok(()) => Ok(Admission::Token(manager, token)),
            Err(err) => Err(GuardRejection::new(&manager, err)),
        };
    }
    match guard::authorize(&manager, parts, spec).await {
        Ok(token) => Ok(Admission::Token(manager, token)),
        Err(Refusal::Absent(err)) => Ok(Admission::Absent(manager, err)),
        Err(Refusal::Invalid(err)) => Err(GuardRejection::new(&manager, err)),
    }
}

/// An absent token: let in under an `optional` spec (and marked guarded for
/// an audit: the route declared that anonymous requests are meant), refused
/// otherwise.
pub(crate) fn forgive(
    parts: &Parts,
    spec: &GuardSpec,
    manager: &JwtManager,
    err: GuardError,
) -> Result<(), GuardRejection> {
    if spec.optional {
        audit::mark_guarded(&parts.extensions);
        Ok(())
    } else {
        Err(GuardRejection::new(manager, err))
    }
}

/// The declared claims and scopes, last in the order of checks; then the
/// token is kept for what runs after the guard.
pub(crate) fn check_claims(
    manager: &JwtManager,
    parts: &mut Parts,
    spec: &'static GuardSpec,
    token: Token,
    vars: Vec<Option<Value>>,
) -> Result<(), GuardRejection> {
    let refuse = || GuardRejection::new(manager, GuardError::insufficient());
    if let Some(requirement) = spec.req {
        // Every bound variable is used by the requirement. One without a JSON
        // value matches no claim, and evaluating around it would let
        // `not(sub = "x")` pass, so the request is refused outright.
        let Some(vars) = vars.into_iter().collect::<Option<Vec<Value>>>() else {
            tracing::debug!(
                handler = spec.handler,
                "jwt-guard: a path variable has no JSON value; refusing"
            );
            return Err(refuse());
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
                return Err(refuse());
            }
            // Logged where it happened; refused, never guessed.
            Err(req::Unreadable) => return Err(refuse()),
        }
    }
    RequestState::keep_token(parts, token, Sought::of(spec));
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
