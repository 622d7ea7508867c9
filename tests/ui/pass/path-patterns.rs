// Every way a handler can bind path variables: a single value, a tuple (by
// position), a struct pattern with shorthand fields and with renamed fields,
// the fully qualified `axum::extract::Path`, and a local name that differs from
// the route's parameter name. The guard re-runs each pattern verbatim, so it
// compares the value the handler receives.

use axum::Router;
use axum::extract::Path;
use axum::routing::get;
use jwt_guard::require_token;
use serde::Deserialize;

#[derive(Deserialize)]
struct Params {
    org: u64,
    username: String,
}

#[require_token(sub = "username")]
async fn single(Path(username): Path<String>) -> String {
    username
}

// The route calls it `{id}`; the guard uses the local name.
#[require_token(sub = "username")]
async fn renamed_route_param(Path(username): Path<String>) -> String {
    username
}

#[require_token(org_id = "org", sub = "user")]
async fn tuple(axum::extract::Path((org, user)): Path<(u64, String)>) -> String {
    format!("{org}/{user}")
}

#[require_token(sub = "username", org.id = "org")]
async fn shorthand(Path(Params { org, username }): Path<Params>) -> String {
    format!("{org}/{username}")
}

#[require_token(sub = "name")]
async fn renamed_field(Path(Params { username: name, .. }): Path<Params>) -> String {
    name
}

#[require_token(any(sub = "user", claims(role = "admin")))]
async fn partly_ignored(Path((_, user)): Path<(u64, String)>) -> String {
    user
}

// Only the `Path` the guard reads is re-extracted; `mut` is kept as written.
#[require_token(sub = "username")]
async fn mutable(Path(mut username): Path<String>) -> String {
    username.push('!');
    username
}

// A number compares with a string `sub` by its text (`"42"` matches 42).
#[require_token(sub = "user_id")]
async fn numeric(Path(user_id): Path<u64>) -> String {
    user_id.to_string()
}

fn main() {
    let _: Router = Router::new()
        .route("/single/{username}", get(single))
        .route("/renamed/{id}", get(renamed_route_param))
        .route("/tuple/{org}/{user}", get(tuple))
        .route("/shorthand/{org}/{username}", get(shorthand))
        .route("/renamed-field/{org}/{username}", get(renamed_field))
        .route("/ignored/{org}/{user}", get(partly_ignored))
        .route("/mutable/{username}", get(mutable))
        .route("/numeric/{user_id}", get(numeric));
}
