// The expansion names nothing through the prelude or the user's imports: here
// the handler's module shadows the prelude types, variants and traits, the
// primitive types, and the crates the expansion might reach for (`core`, `std`,
// `axum`, `serde`, `serde_json`, `jwt_guard`), and the guarded handler still
// compiles and routes; and in a `#[no_implicit_prelude]` module too.

#![allow(
    dead_code,
    non_camel_case_types,
    non_snake_case,
    non_upper_case_globals
)]

mod handlers {
    mod core {}
    mod std {}
    mod axum {}
    mod serde {}
    mod serde_json {}
    mod jwt_guard {}

    struct Option;
    struct Result;
    struct Vec;
    struct Box;
    struct String;
    struct Value;
    struct Response;
    struct Parts;
    struct str;
    struct usize;
    struct i64;
    struct bool;
    fn Some() {}
    fn Ok() {}
    fn Err() {}
    const None: () = ();
    trait Send {}
    trait Sync {}
    trait Sized {}
    trait Future {}
    trait From {}
    trait Into {}
    trait Default {}
    trait Clone {}
    trait Copy {}

    #[::jwt_guard::require_token(
        fresh,
        locations(headers),
        sub = "username",
        claims(level = -3, roles = ["a", "b"], ok = true),
        any(scope(admin = true), not(claims(banned = true)))
    )]
    pub async fn guarded(
        ::axum::extract::Path(username): ::axum::extract::Path<::std::string::String>,
    ) -> ::std::string::String {
        username
    }

    #[::jwt_guard::require_token(refresh, optional)]
    pub async fn no_requirements() -> &'static ::core::primitive::str {
        "ok"
    }
}

// With no prelude at all, the expansion still compiles: every name in it is an
// absolute path (`::core::…`, `::std::…`, `::jwt_guard::…`).
#[no_implicit_prelude]
mod no_prelude {
    #[::jwt_guard::require_token]
    pub async fn plain() {}

    #[::jwt_guard::require_token(
        fresh,
        locations(headers, cookies),
        sub = "username",
        org.id = "org",
        claims(level = -3, roles = ["a", "b"], ok = true),
        scope("read", "write"),
        any(claims(admin = true), not(claims(banned = true)), all(sub = "username"))
    )]
    pub async fn guarded(
        ::axum::extract::Path((org, username)): ::axum::extract::Path<(
            u64,
            ::std::string::String,
        )>,
        token: ::jwt_guard::Token,
    ) -> ::std::string::String {
        let _ = (org, token);
        username
    }

    #[::jwt_guard::require_token(scope(admin = true), user_id = "id")]
    pub async fn by_id(
        ::axum::extract::State(state): ::axum::extract::State<u8>,
        ::axum::extract::Path(id): ::axum::extract::Path<f64>,
    ) -> &'static str {
        let _ = (state, id);
        "ok"
    }

    #[::jwt_guard::require_token(refresh, optional)]
    pub async fn maybe(
        token: ::core::option::Option<::jwt_guard::Token>,
    ) -> &'static ::core::primitive::str {
        let _ = token;
        "ok"
    }
}

fn main() {
    let _: ::axum::Router = ::axum::Router::new()
        .route("/users/{username}", ::axum::routing::get(handlers::guarded))
        .route("/refresh", ::axum::routing::post(handlers::no_requirements));
    let _: ::axum::Router = ::axum::Router::new()
        .route("/plain", ::axum::routing::get(no_prelude::plain))
        .route(
            "/orgs/{org}/{username}",
            ::axum::routing::get(no_prelude::guarded),
        )
        .route("/ids/{id}", ::axum::routing::get(no_prelude::by_id))
        .route("/maybe", ::axum::routing::get(no_prelude::maybe))
        .with_state(7u8);
}
