// One `scope(..)` used both as the keys of a `scope` object and as a list of names.
// A token's `scope` claim is one or the other; each participant is marked.
// Write: `scope(admin = true)` or `scope("admin", "read")`.

use axum::Router;
use axum::routing::get;
use jwt_guard::require_token;

#[require_token(scope(admin = true, "read"))]
async fn handler() {}

fn main() {
    let _: Router = Router::new().route("/", get(handler));
}
