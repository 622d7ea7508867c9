// Every row of the grammar (docs/guard-reference.md §1.1) compiles and routes.

use axum::Router;
use axum::extract::Path;
use axum::routing::get;
use jwt_guard::{Token, require_token};

#[require_token]
async fn access() {}

#[require_token()]
async fn empty_parens() {}

#[require_token(refresh)]
async fn refresh(token: Token) -> String {
    token.identity().to_string()
}

#[require_token(refresh, fresh)]
async fn refresh_fresh() {}

#[require_token(fresh)]
async fn fresh() {}

#[require_token(optional)]
async fn optional(token: Option<Token>) -> &'static str {
    if token.is_some() {
        "signed in"
    } else {
        "anonymous"
    }
}

#[require_token(any_type)]
async fn logout() {}

#[require_token(sub = "username")]
async fn bound(Path(username): Path<String>) -> String {
    username
}

// Dotted and keyword claim names.
#[require_token(org.id = "org", type = "kind", r#ref = "org")]
async fn dotted(Path((org, kind)): Path<(u64, String)>) -> String {
    format!("{org}{kind}")
}

#[require_token(claims(
    role = "admin",
    level = 3,
    delta = -3,
    min = -9223372036854775808,
    max = 9223372036854775807,
    org.id = 7,
    verified = true,
    roles = ["admin", "ops"],
    mixed = ["a", 1, false],
    any_array = []
))]
async fn literal_claims() {}

#[require_token(scope(admin = true, perm.read = true, roles = ["admin"], level = 2))]
async fn scope_map() {}

#[require_token(scope("read:users", "write"))]
async fn scope_list() {}

#[require_token(any(scope("admin"), sub = "username"))]
async fn any_of(Path(username): Path<String>) -> String {
    username
}

#[require_token(all(claims(verified = true), not(scope("banned"))))]
async fn all_of() {}

#[require_token(not(any(claims(a = 1, b = 2), claims(c = 3))))]
async fn nested_logic() {}

// A claim may be compared with several alternatives under `any`.
#[require_token(any(sub = "username", sub = "other", claims(sub = "root")))]
async fn alternatives(Path((username, other)): Path<(String, String)>) -> String {
    username + &other
}

#[require_token(locations(headers))]
async fn headers_only() {}

#[require_token(locations(cookies, query, headers))]
async fn every_location() {}

#[require_token(
    refresh,
    fresh,
    locations(cookies, headers),
    sub = "username",
    claims(role = "admin"),
    any(scope("a"), all(scope("b"), not(sub = "username")))
)]
async fn everything(Path(username): Path<String>, token: Token) -> String {
    let _ = token;
    username
}

fn main() {
    let _: Router = Router::new()
        .route("/access", get(access))
        .route("/empty", get(empty_parens))
        .route("/refresh", get(refresh))
        .route("/refresh-fresh", get(refresh_fresh))
        .route("/fresh", get(fresh))
        .route("/optional", get(optional))
        .route("/logout", get(logout))
        .route("/bound/{username}", get(bound))
        .route("/dotted/{org}/{kind}", get(dotted))
        .route("/literal", get(literal_claims))
        .route("/scope-map", get(scope_map))
        .route("/scope-list", get(scope_list))
        .route("/any/{username}", get(any_of))
        .route("/all", get(all_of))
        .route("/nested", get(nested_logic))
        .route("/alternatives/{username}/{other}", get(alternatives))
        .route("/headers", get(headers_only))
        .route("/locations", get(every_location))
        .route("/everything/{username}", get(everything));
}
