// The same claim bound to path variables twice, at the top level and across
// `claims(..)`.
// Write: `#[require_token(sub = "username")]`, or `any(sub = "a", sub = "b")` for
// alternatives.

use axum::Router;
use axum::extract::Path;
use axum::routing::get;
use jwt_guard::require_token;

#[require_token(sub = "username", sub = "other", claims(sub = "root"))]
async fn handler(Path((username, other)): Path<(String, String)>) -> String {
    username + &other
}

fn main() {
    let _: Router = Router::new().route("/{username}/{other}", get(handler));
}
