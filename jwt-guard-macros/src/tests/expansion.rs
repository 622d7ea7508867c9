//! The generated code, as tokens.

use quote::quote;

use super::handler;
use crate::expand;

#[test]
fn expansion_shape() {
    let out = expand::require_token(
        quote!(sub = "username", claims(level = -3)),
        quote!(
            #[debug_handler]
            pub(crate) async fn handler(
                Path(username): Path<String>,
                token: Token,
            ) -> impl IntoResponse {
                body
            }
        ),
    )
    .to_string();
    assert!(!out.contains("compile_error"), "{out}");
    for expected in [
        "# [doc (hidden)] # [allow (non_camel_case_types)] pub (crate) struct __jwt_guard_spec_handler ;",
        "impl :: jwt_guard :: __private :: Spec for __jwt_guard_spec_handler",
        "handler : \"handler\"",
        "Lit :: Int (- 3)",
        "let Path (username) : Path < String > = :: jwt_guard :: __private :: extract_path :: < Path < String > > (__jwt_guard_parts) . await ? ;",
        ":: core :: convert :: From :: from ([:: jwt_guard :: __private :: path_value (& username)])",
        "# [debug_handler] pub (crate) async fn handler ((_ , Path (username)) : (:: jwt_guard :: __private :: Guarded < __jwt_guard_spec_handler > , Path < String >) , token : Token ,) -> impl IntoResponse { body }",
    ] {
        assert!(out.contains(expected), "missing `{expected}` in\n{out}");
    }
}

#[test]
fn the_guard_skips_state_and_is_a_new_argument_when_nothing_else_is_left() {
    let folded = expand::require_token(
        quote!(),
        quote!(
            async fn h(State(s): State<App>, body: String) {}
        ),
    )
    .to_string();
    assert!(
        folded.contains("async fn h (State (s) : State < App > , (_ , body) : (:: jwt_guard :: __private :: Guarded < __jwt_guard_spec_h > , String))"),
        "{folded}"
    );
    let inserted = expand::require_token(
        quote!(),
        quote!(
            async fn h(State(s): State<App>) {}
        ),
    )
    .to_string();
    assert!(
        inserted.contains("async fn h (_ : :: jwt_guard :: __private :: Guarded < __jwt_guard_spec_h > , State (s) : State < App >)"),
        "{inserted}"
    );
}

#[test]
fn no_bind_without_variables_and_no_req_without_requirements() {
    let out = expand::require_token(quote!(fresh), handler()).to_string();
    assert!(!out.contains("fn bind"), "{out}");
    assert!(
        out.contains("req : :: core :: option :: Option :: None"),
        "{out}"
    );
}

#[test]
fn only_path_args_with_used_variables_are_re_extracted() {
    let out = expand::require_token(
        quote!(sub = "user"),
        quote!(
            async fn h(Path(org): Path<u64>, axum::extract::Path((_, user)): Path<(u8, String)>) {}
        ),
    )
    .to_string();
    assert!(!out.contains("let Path (org)"), "{out}");
    assert!(
        out.contains("let axum :: extract :: Path ((_ , user))"),
        "{out}"
    );
}

#[test]
fn raw_identifier_handler() {
    let out = expand::require_token(
        quote!(),
        quote!(
            async fn r#type() {}
        ),
    )
    .to_string();
    assert!(out.contains("struct __jwt_guard_spec_type"), "{out}");
    assert!(out.contains("handler : \"type\""), "{out}");
}

#[test]
fn only_guards_with_their_own_locations_are_registered() {
    let out = expand::require_token(quote!(locations(cookies, query)), handler()).to_string();
    for expected in [
        "locations : :: core :: option :: Option :: Some (& [:: jwt_guard :: __private :: Location :: Cookies , :: jwt_guard :: __private :: Location :: Query])",
        "# [:: jwt_guard :: __private :: linkme :: distributed_slice (:: jwt_guard :: __private :: ROUTE_LOCATIONS)]",
        "static __JWT_GUARD_LOCATIONS___jwt_guard_spec_handler : & 'static :: jwt_guard :: __private :: GuardSpec = < __jwt_guard_spec_handler as :: jwt_guard :: __private :: Spec > :: SPEC ;",
    ] {
        assert!(out.contains(expected), "missing `{expected}` in\n{out}");
    }
    let out = expand::require_token(quote!(fresh), handler()).to_string();
    assert!(!out.contains("ROUTE_LOCATIONS"), "{out}");
}
