// The expansion names nothing through the prelude or the user's imports: here
// the handler's module shadows the prelude types, variants and traits, the
// primitive types, and the crates the expansion might reach for (`core`, `std`,
// `axum`, `serde`, `serde_json`, `jwt_guard`), and the guarded handler still
// compiles and routes.

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

fn main() {
    let _: ::axum::Router = ::axum::Router::new()
        .route("/users/{username}", ::axum::routing::get(handlers::guarded))
        .route("/refresh", ::axum::routing::post(handlers::no_requirements));
}
