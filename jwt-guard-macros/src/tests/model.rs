//! The validated model of valid attributes.

use quote::quote;

use super::{claim, guard, str_lit, var};
use crate::spec::{Accepts, Expect, LitValue, Location, Req};

#[test]
fn empty_attribute_is_an_access_guard() {
    let g = guard(quote!());
    assert_eq!(g.accepts, Accepts::Access);
    assert!(!g.fresh && !g.optional && g.locations.is_none() && g.reqs.is_empty());
}

#[test]
fn flags() {
    let g = guard(quote!(refresh, fresh, optional, locations(headers)));
    assert_eq!(g.accepts, Accepts::Refresh);
    assert!(g.fresh && g.optional);
    assert_eq!(g.locations, Some(vec![Location::Headers]));
    assert_eq!(guard(quote!(any_type)).accepts, Accepts::Any);
}

#[test]
fn locations_keep_their_order() {
    assert_eq!(
        guard(quote!(locations(query, headers, cookies))).locations,
        Some(vec![Location::Query, Location::Headers, Location::Cookies])
    );
}

#[test]
fn path_bindings_get_one_index_per_variable() {
    let g = guard(quote!(sub = "username", org.id = "org", owner = "username", type = "kind"));
    assert_eq!(
        g.reqs,
        [
            claim(&["sub"], var(0, "username")),
            claim(&["org", "id"], var(1, "org")),
            claim(&["owner"], var(0, "username")),
            claim(&["type"], var(2, "kind")),
        ]
    );
    let names: Vec<&str> = g.vars.iter().map(|v| v.name.as_str()).collect();
    assert_eq!(names, ["username", "org", "kind"]);
}

#[test]
fn claim_literals() {
    let g = guard(quote!(claims(
        role = "admin",
        level = -3,
        min = -9223372036854775808,
        hex = 0x10,
        ok = false,
        roles = ["a", 1, true],
        empty = [],
        r#type = "x"
    )));
    assert_eq!(
        g.reqs,
        [
            claim(&["role"], Expect::Lit(str_lit("admin"))),
            claim(&["level"], Expect::Lit(LitValue::Int(-3))),
            claim(&["min"], Expect::Lit(LitValue::Int(i64::MIN))),
            claim(&["hex"], Expect::Lit(LitValue::Int(16))),
            claim(&["ok"], Expect::Lit(LitValue::Bool(false))),
            claim(
                &["roles"],
                Expect::Lit(LitValue::List(vec![
                    str_lit("a"),
                    LitValue::Int(1),
                    LitValue::Bool(true)
                ]))
            ),
            claim(&["empty"], Expect::Lit(LitValue::List(vec![]))),
            claim(&["type"], Expect::Lit(str_lit("x"))),
        ]
    );
}

#[test]
fn scope_forms() {
    let g = guard(quote!(
        scope(admin = true, perm.read = 1),
        scope("read:users", "write")
    ));
    assert_eq!(
        g.reqs,
        [
            Req::Scope {
                path: vec!["admin".into()],
                expect: LitValue::Bool(true)
            },
            Req::Scope {
                path: vec!["perm".into(), "read".into()],
                expect: LitValue::Int(1)
            },
            Req::ScopeHas(vec!["read:users".into(), "write".into()]),
        ]
    );
}

#[test]
fn composition() {
    let g = guard(quote!(
        any(claims(a = 1, b = 2), sub = "u", sub = "v"),
        not(scope("banned")),
        all(claims(x = 1))
    ));
    assert_eq!(
        g.reqs,
        [
            Req::Any(vec![
                Req::All(vec![
                    claim(&["a"], Expect::Lit(LitValue::Int(1))),
                    claim(&["b"], Expect::Lit(LitValue::Int(2))),
                ]),
                claim(&["sub"], var(0, "u")),
                claim(&["sub"], var(1, "v")),
            ]),
            Req::Not(Box::new(Req::ScopeHas(vec!["banned".into()]))),
            Req::All(vec![claim(&["x"], Expect::Lit(LitValue::Int(1)))]),
        ]
    );
}
