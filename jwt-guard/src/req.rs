//! Evaluating a guard's declared claim requirements (docs/GUARD-SPEC.md
//! §1.4): JSON types are never coerced, except the one path-variable rule.

use serde_json::{Map, Value};

use crate::__private::{Expect, Lit, Req};

/// Whether `claims` meet `req`; `scope_claim` is where both forms of
/// `scope(..)` look (`scope`, or `scp` for some providers).
pub(crate) fn satisfied(
    req: &Req,
    claims: &Map<String, Value>,
    vars: &[Value],
    scope_claim: &str,
) -> bool {
    match req {
        Req::All(reqs) => reqs.iter().all(|r| satisfied(r, claims, vars, scope_claim)),
        Req::Any(reqs) => reqs.iter().any(|r| satisfied(r, claims, vars, scope_claim)),
        Req::Not(req) => !satisfied(req, claims, vars, scope_claim),
        Req::Claim { path, expect } => lookup(claims, path).is_some_and(|v| meets(v, expect, vars)),
        Req::Scope { path, expect } => claims
            .get(scope_claim)
            .and_then(Value::as_object)
            .and_then(|scope| lookup(scope, path))
            .is_some_and(|v| meets(v, expect, vars)),
        Req::ScopeHas(wanted) => scope_has_all(claims.get(scope_claim), wanted),
    }
}

/// Whether evaluating `req` reads the top-level claim `name`.
pub(crate) fn reads(req: &Req, name: &str, scope_claim: &str) -> bool {
    match req {
        Req::All(reqs) | Req::Any(reqs) => reqs.iter().any(|r| reads(r, name, scope_claim)),
        Req::Not(req) => reads(req, name, scope_claim),
        Req::Claim { path, .. } => path.first() == Some(&name),
        // Both `scope(..)` forms read the configured claim.
        Req::Scope { .. } | Req::ScopeHas(_) => name == scope_claim,
    }
}

fn lookup<'a>(claims: &'a Map<String, Value>, path: &[&str]) -> Option<&'a Value> {
    let (first, rest) = path.split_first()?;
    rest.iter().try_fold(claims.get(*first)?, |value, key| {
        value.as_object()?.get(*key)
    })
}

fn meets(claim: &Value, expect: &Expect, vars: &[Value]) -> bool {
    match expect {
        Expect::Lit(lit) => lit_eq(claim, lit),
        Expect::Var { index, .. } => vars.get(*index).is_some_and(|var| var_eq(claim, var)),
    }
}

/// A list literal means "an array holding all of these".
fn lit_eq(claim: &Value, lit: &Lit) -> bool {
    match lit {
        Lit::Str(s) => claim.as_str() == Some(*s),
        // `as_i64` is `None` for a float, so `2.0` never equals `2`.
        Lit::Int(n) => claim.as_i64() == Some(*n),
        Lit::Bool(b) => claim.as_bool() == Some(*b),
        Lit::List(items) => claim
            .as_array()
            .is_some_and(|arr| items.iter().all(|item| arr.iter().any(|c| lit_eq(c, item)))),
    }
}

/// Equal as JSON, or a string claim equal to the canonical text of a number or
/// bool variable: RFC 7519 makes `sub` a string, so `"42"` matches `id: u64 = 42`.
fn var_eq(claim: &Value, var: &Value) -> bool {
    if claim == var {
        return true;
    }
    match (claim, var) {
        (Value::String(s), Value::Number(n)) => *s == n.to_string(),
        (Value::String(s), Value::Bool(b)) => *s == b.to_string(),
        _ => false,
    }
}

/// RFC 8693 `scope`: a space-separated string, or (common in practice) an array
/// of strings.
pub(crate) fn scope_has_all(scope: Option<&Value>, wanted: &[&str]) -> bool {
    match scope {
        Some(Value::String(s)) => wanted.iter().all(|w| s.split(' ').any(|have| have == *w)),
        Some(Value::Array(items)) => wanted
            .iter()
            .all(|w| items.iter().any(|have| have.as_str() == Some(*w))),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn claims(v: Value) -> Map<String, Value> {
        v.as_object().cloned().unwrap()
    }

    #[test]
    fn literals_are_compared_without_coercion() {
        let c = claims(json!({"n": 2, "f": 2.0, "b": true, "s": "true"}));
        let eq = |name: &'static [&'static str], lit| {
            satisfied(
                &Req::Claim {
                    path: name,
                    expect: Expect::Lit(lit),
                },
                &c,
                &[],
                "scope",
            )
        };
        assert!(eq(&["n"], Lit::Int(2)));
        assert!(!eq(&["f"], Lit::Int(2)));
        assert!(eq(&["b"], Lit::Bool(true)));
        assert!(!eq(&["s"], Lit::Bool(true)));
        assert!(!eq(&["b"], Lit::Str("true")));
    }

    #[test]
    fn dotted_paths_and_lists() {
        let c = claims(json!({"org": {"id": 7}, "roles": ["a", "b"]}));
        let req = Req::All(&[
            Req::Claim {
                path: &["org", "id"],
                expect: Expect::Lit(Lit::Int(7)),
            },
            Req::Claim {
                path: &["roles"],
                expect: Expect::Lit(Lit::List(&[Lit::Str("b"), Lit::Str("a")])),
            },
        ]);
        assert!(satisfied(&req, &c, &[], "scope"));
        let missing = Req::Claim {
            path: &["roles"],
            expect: Expect::Lit(Lit::List(&[Lit::Str("a"), Lit::Str("c")])),
        };
        assert!(!satisfied(&missing, &c, &[], "scope"));
    }

    #[test]
    fn path_variables_use_the_canonical_text_rule_one_way_only() {
        let var = |claim: Value, var: Value| {
            let c = claims(json!({ "sub": claim }));
            let req = Req::Claim {
                path: &["sub"],
                expect: Expect::Var {
                    index: 0,
                    name: "id",
                },
            };
            satisfied(&req, &c, &[var], "scope")
        };
        assert!(var(json!("42"), json!(42)));
        assert!(var(json!(42), json!(42)));
        assert!(!var(json!(42), json!("42")));
        assert!(!var(json!("042"), json!(42)));
        assert!(var(json!("true"), json!(true)));
    }

    #[test]
    fn scope_lists_accept_strings_and_arrays() {
        let wanted: &[&str] = &["read", "write"];
        assert!(scope_has_all(Some(&json!("write read admin")), wanted));
        assert!(scope_has_all(Some(&json!(["read", "write"])), wanted));
        assert!(!scope_has_all(Some(&json!("read")), wanted));
        assert!(!scope_has_all(Some(&json!({"read": true})), wanted));
    }
}
