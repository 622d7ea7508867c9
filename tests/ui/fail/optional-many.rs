// `optional` with several requirements on the token's contents: each of them is
// marked (a scope, a path binding, a composition), in one compile. `refresh`
// only chooses which token is read, so it stays allowed.
// Write: drop `optional`, or drop the requirements and check them in the
// handler through `Option<Token>`.

use axum::Router;
use axum::extract::Path;
use axum::routing::get;
use jwt_guard::{Token, require_token};

#[require_token(
    optional,
    refresh,
    scope("read:users"),
    sub = "username",
    any(claims(role = "admin"), not(scope("banned")))
)]
async fn handler(Path(username): Path<String>, token: Option<Token>) -> String {
    let _ = token;
    username
}

fn main() {
    let _: Router = Router::new().route("/users/{username}", get(handler));
}
