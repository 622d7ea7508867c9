//! Named guards: `guard!`, `#[require_token(Name, ..)]` and `#[public]`, as
//! tokens.

use quote::quote;

use super::{errors, handler, messages};
use crate::{declare, expand, public};

#[test]
fn a_plain_attribute_expands_without_named_guard_code() {
    let out = expand::require_token(quote!(sub = "username", fresh), handler()).to_string();
    for absent in ["NamedGuard", "const _", "position", "Message"] {
        assert!(!out.contains(absent), "`{absent}` in\n{out}");
    }
}

#[test]
fn a_use_computes_its_spec_from_the_declaration() {
    let out = expand::require_token(
        quote!(Owner, org = "org", claims(verified = true)),
        quote!(
            async fn h(Path((org, username)): Path<(String, String)>) {}
        ),
    )
    .to_string();
    assert!(!out.contains("compile_error"), "{out}");
    let named = "< Owner as :: jwt_guard :: __private :: NamedGuard > :: NAMED";
    for expected in [
        format!("accepts : {named} . spec . accepts"),
        format!("fresh : {named} . spec . fresh || false"),
        format!("index : {named} . vars . len () + 0usize"),
        format!(
            "const {{ :: jwt_guard :: __private :: position ({named} . vars , \"username\") }}"
        ),
        format!(
            "const _ : () = if let :: core :: option :: Option :: Some (__jwt_guard_var) = :: jwt_guard :: __private :: unbound ({named} . vars , & [\"org\" , \"username\"])"
        ),
    ] {
        assert!(out.contains(&expected), "missing `{expected}` in\n{out}");
    }
    // Each binding goes to the slot the declaration gives its name.
    assert!(
        out.contains(&format!("if let :: core :: option :: Option :: Some (__jwt_guard_slot) = const {{ :: jwt_guard :: __private :: position ({named} . vars , \"username\") }} {{ __jwt_guard_values [__jwt_guard_slot] =")),
        "{out}"
    );
    // The local `org` goes after the guard's variables.
    assert!(
        out.contains(&format!("__jwt_guard_values [{named} . vars . len () + 0usize] = :: jwt_guard :: __private :: path_value (& org)")),
        "{out}"
    );
}

#[test]
fn a_use_alone_keeps_the_declarations_requirement() {
    let out = expand::require_token(
        quote!(guards::Admin),
        quote!(
            async fn h() {}
        ),
    )
    .to_string();
    assert!(
        out.contains("req : < guards :: Admin as :: jwt_guard :: __private :: NamedGuard > :: NAMED . spec . req"),
        "{out}"
    );
    // No `Path` argument: nothing to bind, and the check that the guard names
    // no variable.
    assert!(!out.contains("fn bind"), "{out}");
    assert!(out.contains("unbound"), "{out}");
}

#[test]
fn named_guard_mistakes_in_the_attribute() {
    assert_eq!(
        errors(quote!(A, B), handler()),
        [
            "only one named guard per attribute: `A` is already used here; write the requirements of `B` out as arguments"
        ]
    );
    assert_eq!(
        errors(quote!(any(a::B)), handler()),
        [
            "the named guard `a::B` applies as a whole and cannot go inside `any(..)`; put it first at the top level, `#[require_token(a::B, any(..))]`"
        ]
    );
    // Lowercase stays a keyword typo.
    assert_eq!(
        errors(quote!(admin_only), handler()),
        [
            "unknown guard argument `admin_only`; expected `refresh`, `fresh`, `optional`, `any_type`, `claims(..)`, `scope(..)`, `any(..)`, `all(..)`, `not(..)` or `locations(..)`, or `CLAIM = \"path_var\"`"
        ]
    );
}

#[test]
fn a_declaration_expands_to_a_type_its_spec_and_its_layer() {
    let out = declare::guard(quote!(
        /// Docs.
        pub Owner = sub = "username", locations(cookies), refresh
    ))
    .to_string();
    assert!(!out.contains("compile_error"), "{out}");
    for expected in [
        "# [doc = r\" Docs.\"] # [derive (:: core :: clone :: Clone , :: core :: marker :: Copy , :: core :: fmt :: Debug , :: core :: default :: Default)] pub struct Owner ;",
        "impl :: jwt_guard :: __private :: NamedGuard for Owner",
        "handler : \"Owner\"",
        "vars : & [\"username\"]",
        "declares_type : true",
        "pub fn layer () -> :: jwt_guard :: GuardLayer < Self >",
        "static __JWT_GUARD_LOCATIONS_Owner : & 'static :: jwt_guard :: __private :: GuardSpec = & < Owner as :: jwt_guard :: __private :: NamedGuard > :: NAMED . spec ;",
    ] {
        assert!(out.contains(expected), "missing `{expected}` in\n{out}");
    }
}

#[test]
fn a_declaration_reports_every_mistake_and_still_declares_the_type() {
    let out = declare::guard(quote!(Admin = frsh, claims(a = 1.5), Base)).to_string();
    assert_eq!(
        messages(&out),
        [
            "unknown guard argument `frsh`; did you mean `fresh`?",
            "floating-point literals are not supported: a float claim cannot be compared exactly; use an integer or a string",
            "a named guard cannot name another named guard (`Base`); write its arguments out in this declaration",
        ]
    );
    assert!(out.contains("struct Admin ;"), "{out}");
}

#[test]
fn public_folds_its_marker_and_refuses_a_guarded_handler() {
    let out = public::public(
        quote!(),
        quote!(
            async fn h(body: String) {}
        ),
    )
    .to_string();
    assert!(
        out.contains("async fn h ((_ , body) : (:: jwt_guard :: __private :: Public , String))"),
        "{out}"
    );
    let out = public::public(
        quote!(),
        quote!(
            #[require_token]
            async fn h() {}
        ),
    )
    .to_string();
    assert_eq!(
        messages(&out),
        [
            "a handler is either guarded or public: `#[require_token]` guards it, `#[public]` marks it open to everyone; remove one of them"
        ]
    );
}
