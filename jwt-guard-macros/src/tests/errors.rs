//! Every error message, and that all of them are reported together.

use proc_macro2::TokenStream;
use quote::quote;

use super::{errors, handler};
use crate::expand;

#[track_caller]
fn assert_errors(args: TokenStream, expected: &[&str]) {
    assert_eq!(errors(args, handler()), expected);
}

#[test]
fn errors_keep_the_item_unchanged() {
    let item = quote!(
        #[doc = "x"]
        async fn handler(Path(username): Path<String>) {}
    );
    let out = expand::require_token(quote!(frsh), item.clone()).to_string();
    assert!(out.starts_with(&item.to_string()), "{out}");
    assert!(!out.contains("__jwt_guard"), "{out}");
}

#[test]
fn errors_on_a_sync_fn_emit_it_as_async() {
    // The error says to add `async`; the router using the fn then sees a
    // handler and adds no second error about the same mistake.
    let out = expand::require_token(
        quote!(frsh),
        quote!(
            pub fn handler() -> u8 {
                1
            }
        ),
    )
    .to_string();
    assert!(
        out.starts_with("pub async fn handler () -> u8 { 1 }"),
        "{out}"
    );
}

#[test]
fn unknown_arguments() {
    assert_errors(
        quote!(frsh),
        &["unknown guard argument `frsh`; did you mean `fresh`?"],
    );
    assert_errors(
        quote!(claim(a = 1)),
        &["unknown guard argument `claim`; did you mean `claims`?"],
    );
    assert_errors(
        quote!(scopes("a")),
        &["unknown guard argument `scopes`; did you mean `scope`?"],
    );
    assert_errors(
        quote!(foo),
        &[
            "unknown guard argument `foo`; expected `refresh`, `fresh`, `optional`, `any_type`, `claims(..)`, `scope(..)`, `any(..)`, `all(..)`, `not(..)` or `locations(..)`, or `CLAIM = \"path_var\"`",
        ],
    );
    assert_errors(
        quote!(org.id),
        &[
            "`org.id` needs a value: write `org.id = \"path_var\"` to compare the claim with a path variable, or `claims(org.id = value)` to compare it with a literal",
        ],
    );
    assert_errors(
        quote!("admin"),
        &[
            "expected a guard argument, found a value; a required scope is written `scope(\"name\")` and a claim value `claims(name = value)`",
        ],
    );
}

#[test]
fn wrong_kind_for_keywords() {
    assert_errors(
        quote!(fresh = true),
        &["`fresh` is a flag and takes no value; write just `fresh`"],
    );
    assert_errors(
        quote!(refresh()),
        &["`refresh` is a flag and takes no arguments; write just `refresh`"],
    );
    assert_errors(
        quote!(claims),
        &["`claims` takes a list in parentheses, e.g. `claims(role = \"admin\")`"],
    );
    assert_errors(
        quote!(scope = "a"),
        &["`scope` takes a list in parentheses, e.g. `scope(\"read:users\")`"],
    );
    assert_errors(
        quote!(locations),
        &["`locations` takes a list of token locations: write `locations(headers)`"],
    );
}

#[test]
fn values() {
    assert_errors(
        quote!(claims(level = MAX)),
        &[
            "expected a literal, found `MAX`; the guard is fixed at compile time, so constants and variables cannot be used: write the value itself",
        ],
    );
    assert_errors(
        quote!(claims(x = 1.5)),
        &[
            "floating-point literals are not supported: a float claim cannot be compared exactly; use an integer or a string",
        ],
    );
    assert_errors(
        quote!(claims(x = 'c')),
        &[
            "character literals are not supported: a JSON claim has no char type; write a string: `\"c\"`",
        ],
    );
    assert_errors(
        quote!(claims(x = b"c")),
        &["byte literals are not supported: a JSON claim has no byte type; write a plain string"],
    );
    assert_errors(
        quote!(claims(x = 3u8)),
        &["integer suffix `u8` is not allowed: claims are JSON numbers, write `3`"],
    );
    assert_errors(
        quote!(claims(x = 9223372036854775808)),
        &["integer `9223372036854775808` does not fit in an `i64`, the range of claim integers"],
    );
    assert_errors(
        quote!(claims(x = 1 + 1)),
        &["expected a literal: a string, an integer, `true` or `false`, or a list of them"],
    );
    assert_errors(
        quote!(claims(x = [["a"], b])),
        &[
            "nested lists are not supported; a list means the claim is an array holding each of these values, so list them flat",
            "expected a literal, found `b`; the guard is fixed at compile time, so constants and variables cannot be used: write the value itself",
        ],
    );
    assert_errors(
        quote!(claims(admin)),
        &["expected `name = value` in `claims(..)`, e.g. `claims(role = \"admin\")`"],
    );
}

/// rustc hands the macro `"admin"x` as one string literal, suffix and all;
/// every place that takes a string refuses it rather than drop the suffix
/// (`fuzz/regressions/guard_spec/string-suffix-*`).
#[test]
fn suffixed_strings_are_refused() {
    let refused = |value: &str| {
        format!("string suffix `x` is not allowed: write the string alone, `\"{value}\"`")
    };
    for (args, value) in [
        ("claims(role = \"admin\"x)", "admin"),
        ("claims(roles = [\"a\", \"b\"x])", "b"),
        ("scope(perm = \"read\"x)", "read"),
        ("scope(\"read\"x)", "read"),
        ("sub = \"username\"x", "username"),
    ] {
        assert_eq!(
            errors(args.parse().unwrap(), handler()),
            [refused(value)],
            "{args}"
        );
    }
}

#[test]
fn top_level_binding_takes_a_variable_name() {
    assert_errors(
        quote!(sub = 5),
        &[
            "`sub = ..` outside `claims(..)` binds the claim to a path variable, named by a string (`sub = \"user_id\"`); to compare `sub` with the literal `5`, write `claims(sub = 5)`",
        ],
    );
    assert_errors(
        quote!(sub = username),
        &["expected the path variable's name as a string: `sub = \"username\"`"],
    );
}

#[test]
fn duplicates() {
    assert_errors(quote!(fresh, fresh), &["duplicate guard argument `fresh`"]);
    let one_value =
        "; it can equal only one value (to accept either, combine the alternatives with `any(..)`)";
    assert_errors(
        quote!(claims(role = "a", role = "b")),
        &[&format!("duplicate requirement on claim `role`{one_value}")],
    );
    assert_errors(
        quote!(sub = "username", sub = "username"),
        &[&format!("duplicate requirement on claim `sub`{one_value}")],
    );
    assert_errors(
        quote!(scope(a.b = 1, a.b = 2)),
        &[&format!("duplicate scope key `a.b`{one_value}")],
    );
    assert_errors(quote!(scope("a", "a")), &["duplicate scope `a`"]);
    assert_errors(
        quote!(locations(headers, headers)),
        &["duplicate location `headers`"],
    );
    assert_errors(
        quote!(locations(headers), locations(headers)),
        &["duplicate guard argument `locations`"],
    );
}

#[test]
fn refresh_conflicts_with_any_type() {
    assert_errors(
        quote!(refresh, any_type),
        &[
            "`refresh` conflicts with `any_type`: `refresh` accepts only refresh tokens, `any_type` accepts both kinds; keep one of them",
            "`any_type` conflicts with `refresh`: `any_type` accepts both kinds of token, `refresh` only refresh tokens; keep one of them",
        ],
    );
}

#[test]
fn optional_refuses_requirements_on_the_contents() {
    const FIX: &str = "remove `optional`, or take `Option<Token>` in the handler and check the \
                       token there";
    let req = format!(
        "this requirement cannot be combined with `optional`: a request without a token would \
         pass it while a signed-in user who fails it is refused; {FIX}"
    );
    let fresh = format!(
        "`fresh` cannot be combined with `optional`: a request without a token would pass \
         while a signed-in user whose token is not fresh is refused; {FIX}"
    );
    assert_errors(quote!(optional, claims(role = "admin")), &[&req]);
    assert_errors(quote!(claims(role = "admin"), optional), &[&req]);
    assert_errors(quote!(optional, fresh), &[&fresh]);
    // One error per offending item.
    assert_errors(
        quote!(
            optional,
            scope("read"),
            sub = "username",
            any(claims(a = 1), scope("b")),
            not(sub = "username"),
            all(claims(c = 2))
        ),
        &[&req, &req, &req, &req, &req],
    );
    // The token type and the locations only choose which token is read.
    assert_errors(quote!(optional, refresh, locations(cookies)), &[]);
    assert_errors(quote!(optional, any_type), &[]);
    // An item already refused for itself gets no second error.
    assert_errors(
        quote!(optional, claims(level = 1.5)),
        &[
            "floating-point literals are not supported: a float claim cannot be compared \
           exactly; use an integer or a string",
        ],
    );
}

#[test]
fn scope_errors() {
    let mixed = errors(
        quote!(scope(admin = true), any(scope("read"), sub = "username")),
        handler(),
    );
    assert_eq!(mixed.len(), 2, "{mixed:?}");
    assert!(
        mixed
            .iter()
            .all(|m| m.starts_with("cannot mix the two `scope` forms"))
    );
    assert_eq!(
        errors(quote!(scope(a = true, "b", "c")), handler()).len(),
        3
    );
    assert_errors(
        quote!(scope("read users")),
        &[
            "a scope name cannot contain whitespace (scopes are space-separated, RFC 6749 §3.3); for several scopes write `scope(\"read\", \"users\")`",
        ],
    );
    assert_errors(
        quote!(scope("")),
        &["empty scope name; write the scope, e.g. `\"read:users\"`"],
    );
    assert_errors(
        quote!(scope(5)),
        &[
            "expected a scope name as a string, e.g. `scope(\"read:users\")`; to compare a key of a `scope` object write `scope(key = value)`",
        ],
    );
    assert_errors(
        quote!(scope(admin)),
        &[
            "expected a scope name (`\"read:users\"`) or `key = value` in `scope(..)`; for the scope named `admin` write `scope(\"admin\")`, for the key of a `scope` object write `scope(admin = true)`",
        ],
    );
    assert_errors(
        quote!(scope()),
        &[
            "empty `scope()`; list the required scopes, e.g. `scope(\"read:users\")`, or the keys of the `scope` object, e.g. `scope(admin = true)`",
        ],
    );
}

#[test]
fn logic_errors() {
    assert_errors(
        quote!(any()),
        &[
            "empty `any()` can never be satisfied; list the alternatives, e.g. `any(scope(admin = true), sub = \"username\")`",
        ],
    );
    assert_errors(
        quote!(all()),
        &[
            "empty `all()` requires nothing; list the requirements, e.g. `all(scope(\"read\"), claims(verified = true))`, or remove it",
        ],
    );
    assert_errors(
        quote!(not()),
        &["`not()` needs exactly one requirement, e.g. `not(scope(\"banned\"))`"],
    );
    assert_errors(
        quote!(not(scope("a"), scope("b"), scope("c"))),
        &[
            "`not(..)` takes exactly one requirement; to require that not all of them hold write `not(all(..))`, that none holds `not(any(..))`",
        ],
    );
    assert_errors(
        quote!(any(fresh, sub = "username"), not(locations(headers))),
        &[
            "`fresh` applies to the whole guard and cannot go inside `any(..)`; move it to the top level of `#[require_token(..)]`",
            "`locations` applies to the whole guard and cannot go inside `not(..)`; move it to the top level of `#[require_token(..)]`",
        ],
    );
    assert_errors(
        quote!(all(clams(a = 1))),
        &["unknown requirement `clams` in `all(..)`; did you mean `claims`?"],
    );
    assert_errors(
        quote!(all(foo)),
        &[
            "unknown requirement `foo` in `all(..)`; expected `claims(..)`, `scope(..)`, `any(..)`, `all(..)` or `not(..)`, or `CLAIM = \"path_var\"`",
        ],
    );
}

#[test]
fn location_errors() {
    assert_errors(
        quote!(locations(header)),
        &["unknown token location `header`; did you mean `headers`?"],
    );
    assert_errors(
        quote!(locations(cookie, query_string)),
        &[
            "unknown token location `cookie`; did you mean `cookies`?",
            "unknown token location `query_string`; did you mean `query`? (Flask-JWT-Extended's `query_string`)",
        ],
    );
    assert_errors(
        quote!(locations(json, url)),
        &[
            "`json` is not a token location: the request body is never read for a token; expected `headers`, `cookies` or `query`",
            "unknown token location `url`; expected `headers`, `cookies` or `query`",
        ],
    );
    assert_errors(
        quote!(locations()),
        &[
            "empty `locations()`; name where to look for the token, e.g. `locations(headers)`, or remove it to use the manager's default",
        ],
    );
    assert_errors(
        quote!(locations("headers")),
        &["expected a token location name: `headers`, `cookies` or `query`"],
    );
    assert_errors(
        quote!(locations(cookies, query, cookies)),
        &["duplicate location `cookies`"],
    );
}

#[test]
fn unbound_variables() {
    assert_eq!(
        errors(quote!(sub = "usrname"), handler()),
        [
            "unbound path variable `usrname`; did you mean `username`? the handler's `Path` patterns bind `username`"
        ]
    );
    assert_eq!(
        errors(
            quote!(sub = "id"),
            quote!(
                async fn h(Path((org, user)): Path<(u8, u8)>) {}
            )
        ),
        [
            "unbound path variable `id`; the handler's `Path` patterns bind `org`, `user`; to compare `sub` with the literal string instead, write `claims(sub = \"id\")`"
        ]
    );
    assert_eq!(
        errors(
            quote!(sub = "username"),
            quote!(
                async fn h() {}
            )
        ),
        [
            "`username` is not a path variable: the handler has no `Path` argument; add one that binds it, e.g. `Path(username): Path<String>`, or to compare `sub` with the literal string instead, write `claims(sub = \"username\")`"
        ]
    );
    assert_eq!(
        errors(
            quote!(sub = "x"),
            quote!(
                async fn h(Path(_): Path<String>) {}
            )
        ),
        [
            "`x` is not a path variable: the handler's `Path` pattern binds no variables; bind it, e.g. `Path(x): Path<String>`, or to compare `sub` with the literal string instead, write `claims(sub = \"x\")`"
        ]
    );
    // Each use is marked, so fixing one does not reveal another.
    assert_eq!(
        errors(quote!(sub = "nope", any(owner = "nope")), handler()).len(),
        2
    );
}

#[test]
fn generic_path_type() {
    assert_eq!(
        errors(
            quote!(sub = "id"),
            quote!(
                async fn h<T: Send>(Path(id): Path<T>) {}
            )
        ),
        [
            "the guard compares a claim with a variable of this `Path`, so its type cannot use the handler's generic parameter `T`; use a concrete type"
        ]
    );
    // A generic handler is fine when the guard does not read its `Path`.
    assert!(
        errors(
            quote!(fresh),
            quote!(
                async fn h<T: Send>(Path(id): Path<T>) {}
            )
        )
        .is_empty()
    );
}

#[test]
fn item_errors_with_argument_errors() {
    let not_async = "`#[require_token]` handlers must be `async`; write `async fn handler(..)`";
    assert_eq!(
        errors(
            quote!(frsh),
            quote!(
                fn handler() {}
            )
        ),
        [
            "unknown guard argument `frsh`; did you mean `fresh`?",
            not_async,
        ]
    );
    assert_eq!(
        errors(
            quote!(fresh),
            quote!(
                struct Handler;
            )
        ),
        ["`#[require_token]` can only be used on an `async fn` axum handler",]
    );
}

#[test]
fn syntax_errors_are_reported_with_item_errors() {
    let not_async = "`#[require_token]` handlers must be `async`; write `async fn handler(..)`";
    assert_eq!(
        errors(
            quote!(fresh,,),
            quote!(
                fn handler() {}
            )
        ),
        ["expected a guard argument before this `,`", not_async,]
    );
    assert_eq!(
        errors(
            quote!(sub =),
            quote!(
                fn handler() {}
            )
        ),
        ["expected a value after `=`", not_async]
    );
    assert_eq!(errors(quote!(fresh true), handler()), ["expected `,`"]);
}

#[test]
fn many_mistakes_at_once() {
    let found = errors(
        quote!(
            frsh,
            fresh = true,
            claims(level = MAX, x = 1.5),
            sub = "usrname",
            scope(admin = true, "read"),
            any(),
            refresh,
            any_type
        ),
        handler(),
    );
    assert_eq!(found.len(), 10, "{found:#?}");
}
