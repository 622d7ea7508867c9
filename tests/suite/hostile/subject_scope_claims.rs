//! Subject, scopes and claims: `sub` against the path, `claims(..)` types and
//! dotted names, both `scope(..)` forms, composed requirements, the user loader
//! and the verification hook.

use super::*;

/// Claims that satisfy `/claims`.
fn granted() -> Value {
    let mut claims = access();
    claims["role"] = json!("admin");
    claims["level"] = json!(3);
    claims["org"] = json!({"id": 7});
    claims["roles"] = json!(["ops", "admin"]);
    claims
}

pub(super) fn cases() -> Vec<Case> {
    use Cat::SubjectScopeClaims as M;
    let to = |name, uri: &'static str, want, token: fn() -> String| {
        row(M, name, App::Std, want, move |_| bearer(uri, &token()))
    };
    let claims_route = |name, want, change: fn(Value) -> Value| {
        row(M, name, App::Std, want, move |_| {
            bearer("/claims", &sign(&change(granted())))
        })
    };
    vec![
        to(
            "sub bound to another user's path",
            "/users/bob",
            forbidden(),
            valid,
        ),
        to(
            "sub matching the path is accepted",
            "/users/alice",
            ok("alice"),
            valid,
        ),
        to(
            "sub an array holding the user",
            "/users/alice",
            invalid(INVALID_SUB),
            || valid_with("sub", json!(["alice"])),
        ),
        to(
            "sub a number equal to the path",
            "/users/42",
            invalid(INVALID_SUB),
            || valid_with("sub", json!(42)),
        ),
        to(
            "sub against the path with a NUL",
            "/users/alice%00",
            forbidden(),
            valid,
        ),
        to(
            "sub against the path in capitals",
            "/users/ALICE",
            forbidden(),
            valid,
        ),
        to(
            "sub twice, the victim second",
            "/users/bob",
            invalid(twice("payload", "sub")),
            || {
                signed_payload(claims_plus(
                    &without(access(), "sub"),
                    r#""sub":"alice","sub":"bob""#,
                ))
            },
        ),
        claims_route("every required claim is accepted", ok("claims"), |c| c),
        claims_route("role an array holding the role", forbidden(), |c| {
            with(c, "role", json!(["admin"]))
        }),
        claims_route("level the string 3", forbidden(), |c| {
            with(c, "level", json!("3"))
        }),
        claims_route("level the float 3.0", forbidden(), |c| {
            with(c, "level", json!(3.0))
        }),
        claims_route("level true", forbidden(), |c| with(c, "level", json!(true))),
        claims_route("org.id as a flat dotted name", forbidden(), |c| {
            with(without(c, "org"), "org.id", json!(7))
        }),
        claims_route("roles a string, not an array", forbidden(), |c| {
            with(c, "roles", json!("admin"))
        }),
        claims_route("roles an array of arrays", forbidden(), |c| {
            with(c, "roles", json!([["admin"]]))
        }),
        to(
            "org.id twice inside org",
            "/claims",
            invalid(twice("payload", "id")),
            || {
                signed_payload(claims_plus(
                    &without(granted(), "org"),
                    r#""org":{"id":8,"id":7}"#,
                ))
            },
        ),
        to(
            "scope a string where an object is required",
            "/scope_map",
            forbidden(),
            || valid_with("scope", json!("admin")),
        ),
        to(
            "scope.admin the string true",
            "/scope_map",
            forbidden(),
            || valid_with("scope", json!({"admin": "true"})),
        ),
        to(
            "scope.admin the number 1",
            "/scope_map",
            forbidden(),
            || valid_with("scope", json!({"admin": 1})),
        ),
        to(
            "scope an array holding the object",
            "/scope_map",
            forbidden(),
            || valid_with("scope", json!([{"admin": true}])),
        ),
        to(
            "scope.admin twice",
            "/scope_map",
            invalid(twice("payload", "admin")),
            || {
                signed_payload(claims_plus(
                    &access(),
                    r#""scope":{"admin":false,"admin":true}"#,
                ))
            },
        ),
        to(
            "scope list joined by a comma",
            "/scope_list",
            forbidden(),
            || valid_with("scope", json!("read,write")),
        ),
        to(
            "scope list joined by a tab",
            "/scope_list",
            forbidden(),
            || valid_with("scope", json!("read\twrite")),
        ),
        to(
            "scope list in one array element",
            "/scope_list",
            forbidden(),
            || valid_with("scope", json!(["read write"])),
        ),
        to("scope list in capitals", "/scope_list", forbidden(), || {
            valid_with("scope", json!("READ WRITE"))
        }),
        to(
            "scope list with a double space is accepted",
            "/scope_list",
            ok("scope list"),
            || valid_with("scope", json!("read  write")),
        ),
        to(
            "not(banned = true) with banned true",
            "/composed",
            forbidden(),
            || {
                sign(&with(
                    with(access(), "team", json!("red")),
                    "banned",
                    json!(true),
                ))
            },
        ),
        to(
            "not(banned = true) with the string true is not banned",
            "/composed",
            ok("composed"),
            || {
                sign(&with(
                    with(access(), "team", json!("red")),
                    "banned",
                    json!("true"),
                ))
            },
        ),
        to("team missing", "/composed", forbidden(), valid),
        row(
            M,
            "an unknown user whose name holds a quote and CR/LF",
            App::Loader,
            invalid("Error loading the user mallory\"\r\nSet-Cookie: x=1"),
            |_| {
                bearer(
                    "/protected",
                    &valid_with("sub", json!("mallory\"\r\nSet-Cookie: x=1")),
                )
            },
        ),
        row(
            M,
            "an unknown user whose name holds a backslash and non-ASCII",
            App::Loader,
            invalid("Error loading the user \\é\u{202e}\u{0}"),
            |_| bearer("/protected", &valid_with("sub", json!("\\é\u{202e}\u{0}"))),
        ),
        row(
            M,
            "the verification hook refuses a suspended user",
            App::Loader,
            forbidden(),
            |_| bearer("/protected", &valid_with("suspended", json!(true))),
        ),
        row(
            M,
            "the hook compares typed: the string true is not suspended",
            App::Loader,
            ok("alice"),
            |_| bearer("/protected", &valid_with("suspended", json!("true"))),
        ),
    ]
}
