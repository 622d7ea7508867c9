// The guard compares `sub` with a path variable, but the handler has no `Path`
// argument to take it from.
// Write: `async fn handler(Path(username): Path<String>)` on a route with a
// parameter, or `claims(sub = "username")` to compare with the literal string.

use axum::Router;
use axum::routing::get;
use jwt_guard::require_token;

#[require_token(sub = "username")]
async fn handler() {}

fn main() {
    let _: Router = Router::new().route("/", get(handler));
}
