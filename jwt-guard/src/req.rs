//! Evaluating a guard's declared claim requirements (docs/guard-reference.md
//! §1.4): JSON types are never coerced, except the one path-variable rule.
//! Each requirement reads its claim from the payload's text (`leaf.rs`); a
//! payload whose members were not all noted is read whole instead.

#[cfg(test)]
use serde_json::Map;
use serde_json::Value;

use crate::leaf::{self, Test};
use crate::members::Lookup;
use crate::spec::{Expect, Lit, Req};
use crate::token::Token;

/// The payload of a verified token could not be read. Verification makes
/// this impossible; the guard refuses the request rather than answer it from
/// a default (an empty claims map would satisfy `not(..)`).
#[derive(Debug)]
pub(crate) struct Unreadable;

/// Whether `token` meets `req`.
pub(crate) fn holds(
    req: &Req,
    token: &Token,
    vars: &[Value],
    claims: &Names<'_>,
) -> Result<bool, Unreadable> {
    Ok(match req {
        Req::All(reqs) => {
            for req in *reqs {
                if !holds(req, token, vars, claims)? {
                    return Ok(false);
                }
            }
            true
        }
        Req::Any(reqs) => {
            for req in *reqs {
                if holds(req, token, vars, claims)? {
                    return Ok(true);
                }
            }
            false
        }
        Req::Not(req) => !holds(req, token, vars, claims)?,
        Req::Claim { path, expect } => match path.split_first() {
            // The identity was read as a string when the token was verified.
            Some((name, []))
                if *name == claims.identity
                    && let Some(identity) = token.identity_str() =>
            {
                leaf::holds_on_str(identity, Test::Eq(expect), vars)
            }
            Some((name, rest)) => claim(token, name, rest, Test::Eq(expect), vars)?,
            None => false,
        },
        Req::Scope { path, expect } => claim(token, claims.scope, path, Test::Eq(expect), vars)?,
        Req::ScopeHas(wanted) => claim(token, claims.scope, &[], Test::HasAll(wanted), vars)?,
    })
}

/// The configured names of the claims requirements read specially.
pub(crate) struct Names<'a> {
    /// Where both `scope(..)` forms look (`scope`, or `scp` for some providers).
    pub(crate) scope: &'a str,
    /// The identity claim (`sub` by default).
    pub(crate) identity: &'a str,
}

/// One requirement on the top-level claim `name`, followed `path` into it.
fn claim(
    token: &Token,
    name: &str,
    path: &[&str],
    test: Test<'_>,
    vars: &[Value],
) -> Result<bool, Unreadable> {
    match token.member(name) {
        Lookup::At(text) => leaf::holds(text, path, test, vars).map_err(|err| {
            tracing::error!(%err, claim = name, "jwt-guard: a verified claim cannot be read");
            Unreadable
        }),
        Lookup::Absent => Ok(false),
        Lookup::Unknown => {
            let claims = token.all_claims().ok_or(Unreadable)?;
            Ok(claims
                .get(name)
                .is_some_and(|value| leaf::holds_in_value(value, path, test, vars)))
        }
    }
}

/// The reference reading of a requirement, over a claims map built whole:
/// what `holds` must agree with.
#[cfg(test)]
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

#[cfg(test)]
fn lookup<'a>(claims: &'a Map<String, Value>, path: &[&str]) -> Option<&'a Value> {
    let (first, rest) = path.split_first()?;
    rest.iter().try_fold(claims.get(*first)?, |value, key| {
        value.as_object()?.get(*key)
    })
}

pub(crate) fn meets(claim: &Value, expect: &Expect, vars: &[Value]) -> bool {
    match expect {
        Expect::Lit(lit) => lit_eq(claim, lit),
        Expect::Var { index, .. } => vars.get(*index).is_some_and(|var| var_eq(claim, var)),
    }
}

/// A list literal means "an array holding all of these".
pub(crate) fn lit_eq(claim: &Value, lit: &Lit) -> bool {
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
pub(crate) fn var_eq(claim: &Value, var: &Value) -> bool {
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

/// `holds` (the payload's text) against `satisfied` (a map built whole), on
/// payloads written as other issuers write them: spaces, escapes, more
/// members than are noted, every JSON type where a requirement looks.
#[cfg(test)]
mod agreement {
    use super::*;
    use crate::JwtManager;
    use base64_simd::URL_SAFE_NO_PAD;
    use hmac::{Hmac, Mac};
    use serde_json::json;
    use sha2::Sha256;

    const SECRET: &[u8] = b"a-secret-of-at-least-thirty-two-bytes!";

    /// An HS256 token over exactly this payload text.
    fn signed(payload: &str) -> String {
        let head = URL_SAFE_NO_PAD.encode_to_string(br#"{"alg":"HS256","typ":"JWT"}"#);
        let body = URL_SAFE_NO_PAD.encode_to_string(payload);
        let message = format!("{head}.{body}");
        let mut mac = Hmac::<Sha256>::new_from_slice(SECRET).unwrap();
        mac.update(message.as_bytes());
        let sig = URL_SAFE_NO_PAD.encode_to_string(mac.finalize().into_bytes());
        format!("{message}.{sig}")
    }

    const REQS: &[Req] = &[
        Req::Claim {
            path: &["role"],
            expect: Expect::Lit(Lit::Str("admin")),
        },
        Req::Claim {
            path: &["level"],
            expect: Expect::Lit(Lit::Int(3)),
        },
        Req::Claim {
            path: &["level"],
            expect: Expect::Lit(Lit::Int(-3)),
        },
        Req::Claim {
            path: &["ok"],
            expect: Expect::Lit(Lit::Bool(true)),
        },
        Req::Claim {
            path: &["org", "id"],
            expect: Expect::Lit(Lit::Int(7)),
        },
        Req::Claim {
            path: &["org", "deep", "x"],
            expect: Expect::Lit(Lit::Str("y")),
        },
        Req::Claim {
            path: &["roles"],
            expect: Expect::Lit(Lit::List(&[Lit::Str("b"), Lit::Str("a")])),
        },
        Req::Claim {
            path: &["roles"],
            expect: Expect::Lit(Lit::List(&[Lit::Int(1), Lit::List(&[Lit::Str("n")])])),
        },
        Req::Claim {
            path: &["sub"],
            expect: Expect::Var {
                index: 0,
                name: "v",
            },
        },
        Req::Claim {
            path: &["tenant"],
            expect: Expect::Var {
                index: 1,
                name: "w",
            },
        },
        Req::Claim {
            path: &["org"],
            expect: Expect::Var {
                index: 1,
                name: "w",
            },
        },
        Req::Scope {
            path: &["admin"],
            expect: Expect::Lit(Lit::Bool(true)),
        },
        Req::Scope {
            path: &["orders"],
            expect: Expect::Lit(Lit::List(&[Lit::Str("read")])),
        },
        Req::ScopeHas(&["read", "write"]),
        Req::ScopeHas(&[]),
        Req::Not(&Req::Claim {
            path: &["banned"],
            expect: Expect::Lit(Lit::Bool(true)),
        }),
        Req::Any(&[
            Req::Claim {
                path: &["role"],
                expect: Expect::Lit(Lit::Str("root")),
            },
            Req::Scope {
                path: &["admin"],
                expect: Expect::Lit(Lit::Bool(true)),
            },
        ]),
        Req::All(&[
            Req::Claim {
                path: &["role"],
                expect: Expect::Lit(Lit::Str("admin")),
            },
            Req::Not(&Req::ScopeHas(&["delete"])),
        ]),
    ];

    fn payloads() -> Vec<String> {
        let base = r#""sub":"alice","type":"access","fresh":false"#;
        let mut out: Vec<String> = [
            r#""role":"admin","level":3,"ok":true,"scope":{"admin":true,"orders":["read","write"]}"#,
            r#""role" : "admin" , "level" : 3.0 , "ok" : "true" , "scope" : "read write""#,
            r#""r\u006fle":"admin","level":-3,"scope":["read","write","delete"]"#,
            r#""role":"\u0061dmin","org":{"id":7,"deep":{"x":"y"}},"roles":["a","b",1,["n"]]"#,
            r#""org":{"deep":{"x":"y","x2":1},"id":"7"},"roles":["a"],"tenant":42"#,
            r#""tenant":"42","org":[1,2],"banned":false,"scope":{"orders":["read"],"admin":1}"#,
            r#""tenant":null,"banned":true,"scope":null,"roles":{"a":1}"#,
            r#""level":18446744073709551615,"role":["admin"],"scope":{"admin":true}"#,
            "\n\t\"role\"\r:\n\"admin\"\t,\"scope\":\t{ \"admin\" : true }",
        ]
        .iter()
        .map(|extra| format!("{{{base},{extra}}}"))
        .collect();
        // More members than are noted: the reader falls back to the whole map.
        let many: Vec<String> = (0..20).map(|i| format!("\"m{i}\":{i}")).collect();
        out.push(format!(
            "{{{base},{},\"role\":\"admin\",\"scope\":{{\"admin\":true}}}}",
            many.join(",")
        ));
        out
    }

    #[test]
    fn the_text_reader_agrees_with_the_whole_map() {
        let manager = JwtManager::builder()
            .secret(std::str::from_utf8(SECRET).unwrap())
            .require_exp(false)
            .build()
            .unwrap();
        let var_sets = [
            vec![json!("alice"), json!(42)],
            vec![json!(7), json!("42")],
            vec![json!(true), json!({"id": 7, "deep": {"x": "y"}})],
            vec![json!("bob"), json!([1, 2])],
        ];
        let (mut compared, mut held) = (0, 0);
        for payload in payloads() {
            let token = manager
                .verify(&signed(&payload))
                .unwrap_or_else(|e| panic!("{payload}: {e}"));
            let claims = token.claims().clone();
            for scope_claim in ["scope", "scp"] {
                for req in REQS {
                    for vars in &var_sets {
                        let names = Names {
                            scope: scope_claim,
                            identity: "sub",
                        };
                        let text = holds(req, &token, vars, &names).unwrap();
                        let whole = satisfied(req, &claims, vars, scope_claim);
                        assert_eq!(text, whole, "{req:?} on {payload} with {vars:?}");
                        compared += 1;
                        held += usize::from(text);
                    }
                }
            }
        }
        assert_eq!(compared, 10 * 2 * REQS.len() * 4);
        // Both answers are common, so agreeing means something.
        assert!(
            held > compared / 5 && held < compared * 4 / 5,
            "{held} of {compared}"
        );
    }
}
